//! Access letters: the class chief (or the administration) prints sign-in letters for chosen
//! students and parents of a class. Printing gives each chosen account a new one-time password
//! that must be changed at the first sign-in; the password appears only on that printout.

use std::collections::BTreeSet;

use qrcode::QrCode;
use qrcode::render::svg;

use super::service::{guardians_of, students_of};
use crate::audit;
use crate::auth::accounts;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, UserId};
use crate::structure::model::CLASSES;

/// One printed letter.
#[derive(Clone, Debug)]
pub struct Letter {
    pub full_name: String,
    /// For a parent: the children in this class it is printed for.
    pub children: Vec<String>,
    pub is_parent: bool,
    pub login: String,
    pub password: String,
}

/// Gives each chosen account of the class (its students on the actor's today, their parents)
/// a one-time password and returns the letters, in one transaction. An id that is not a
/// student or parent of this class is refused whole.
pub async fn issue(
    state: &AppState,
    actor: Actor,
    class: ClassId,
    chosen: Vec<UserId>,
) -> Result<(String, Vec<Letter>), AppError> {
    state
        .store
        .write(move |tx| {
            let class_row = CLASSES.get(tx, &class)?.ok_or(AppError::NotFound)?;
            permit(tx, &actor, Action::LoginsManage, Target::Class(class))?;
            if chosen.is_empty() {
                return Err(AppError::BadRequest("letters-none-chosen"));
            }
            // Who belongs to this class: students and, for each parent, their children here.
            let students = students_of(tx, class, actor.today)?;
            let mut parents: Vec<(UserId, String)> = Vec::new();
            for s in &students {
                let child = accounts::get(tx, *s)?.map(|u| u.full_name()).unwrap_or_default();
                for (p, _) in guardians_of(tx, *s)? {
                    parents.push((p, child.clone()));
                }
            }
            let unique: BTreeSet<UserId> = chosen.into_iter().collect();
            let mut letters = Vec::with_capacity(unique.len());
            for id in unique {
                let is_student = students.contains(&id);
                let children: Vec<String> =
                    parents.iter().filter(|(p, _)| *p == id).map(|(_, c)| c.clone()).collect();
                if !is_student && children.is_empty() {
                    return Err(AppError::BadRequest("letters-not-in-class"));
                }
                let user = accounts::get(tx, id)?.ok_or(AppError::NotFound)?;
                // Staff accounts get their passwords from the administrator, not from a class letter.
                if user.roles.iter().any(|r| r.is_staff()) && !user.has(Role::Student) {
                    return Err(AppError::BadRequest("letters-staff-account"));
                }
                let password = accounts::issue_one_time_password(tx, id, actor.now)?;
                letters.push(Letter {
                    full_name: user.full_name(),
                    children: if is_student { Vec::new() } else { children },
                    is_parent: !is_student,
                    login: user.login,
                    password,
                });
            }
            audit::change(
                tx,
                actor.id,
                actor.now,
                "logins.letters",
                Target::Class(class).describe(),
                format!("{} letters", letters.len()),
            )?;
            letters.sort_by(|a, b| (a.is_parent, &a.full_name).cmp(&(b.is_parent, &b.full_name)));
            Ok((class_row.name(), letters))
        })
        .await
}

/// The QR code of the sign-in address as inline SVG.
pub fn qr_svg(url: &str) -> String {
    match QrCode::new(url.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(120, 120)
            .quiet_zone(true)
            .dark_color(svg::Color("#000"))
            .light_color(svg::Color("#fff"))
            .build(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_svg_without_script() {
        let svg = qr_svg("https://school7.example.ru/login");
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
        assert!(!svg.to_lowercase().contains("script"));
    }
}
