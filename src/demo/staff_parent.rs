//! A member of staff with a child at the school, as small schools have them: a teacher of 5А
//! (demo login `teacher2`) is the mother of a primary-school child, in a class she neither
//! teaches nor leads, whose family had only a father. Her journal and her child's diary and
//! reports sit side by side; nothing else of the child's class opens to her.

use chrono::NaiveDate;
use redb::WriteTransaction;

use crate::auth::accounts::{self, Profile};
use crate::auth::model::{Role, User};
use crate::error::AppError;
use crate::people::model::Relation;
use crate::people::service::{children_of, guardians_of, link_parent, students_of};
use crate::store::ids::{ClassId, UserId};
use crate::structure::model::Class;
use crate::structure::model::{CLASSES, YEARS};
use crate::structure::service::teaching_of_class;

/// The login of the demo's teacher who is also a mother.
pub const LOGIN: &str = "teacher2";

/// Makes the first woman teaching in 5А (not one of `fixed`) who can be such a mother the
/// mother of a primary-school child, and gives her the demo password. Nothing happens when the
/// school has no such pair.
pub fn seed(tx: &WriteTransaction, today: NaiveDate, hash: &str, fixed: &[UserId]) -> Result<(), AppError> {
    let classes = CLASSES.all(tx)?;
    let Some((five_a, _)) = classes.iter().find(|(_, c)| c.name() == "5А") else { return Ok(()) };
    let mut women: Vec<(UserId, User)> = Vec::new();
    for (_, t) in teaching_of_class(tx, *five_a)? {
        if fixed.contains(&t.teacher) || women.iter().any(|(id, _)| *id == t.teacher) {
            continue;
        }
        let u = accounts::get(tx, t.teacher)?.ok_or(AppError::NotFound)?;
        if u.patronymic.ends_with("на") {
            women.push((t.teacher, u));
        }
    }
    women.sort_by_key(|(id, _)| *id);
    let mut found = None;
    for (teacher, u) in women {
        if let Some(child) = child_for(tx, &classes, teacher, today)? {
            found = Some((teacher, u, child));
            break;
        }
    }
    let Some((teacher, u, child)) = found else { return Ok(()) };
    link_parent(tx, child, teacher, Relation::Mother)?;
    let mut profile = Profile::from(&u);
    profile.login = LOGIN.into();
    profile.roles.push(Role::Parent);
    accounts::update(tx, teacher, profile)?;
    accounts::set_password(tx, teacher, hash.into(), false, super::changes::moscow(today, 8, 0))?;
    Ok(())
}

/// An only child of a primary class (grades 2–4) the teacher neither teaches nor leads, whose
/// one guardian is their father.
fn child_for(
    tx: &WriteTransaction,
    classes: &[(ClassId, Class)],
    teacher: UserId,
    today: NaiveDate,
) -> Result<Option<UserId>, AppError> {
    for (id, c) in classes.iter().filter(|(_, c)| (2..=4).contains(&c.grade)) {
        if c.chiefs.contains(&teacher)
            || teaching_of_class(tx, *id)?.iter().any(|(_, t)| t.teacher == teacher)
        {
            continue;
        }
        // The class list of today, or of the year's first day when the demo is built before it.
        let day = match YEARS.get(tx, &c.year)? {
            Some(y) => today.clamp(y.start, y.end),
            None => today,
        };
        for student in students_of(tx, *id, day)? {
            let guardians = guardians_of(tx, student)?;
            if let [(father, g)] = guardians.as_slice()
                && g.relation == Relation::Father
                && children_of(tx, *father)?.len() == 1
            {
                return Ok(Some(student));
            }
        }
    }
    Ok(None)
}
