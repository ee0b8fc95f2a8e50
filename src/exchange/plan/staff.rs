//! The checks of a staff file: names, roles, contacts, logins, duplicates in the file and in
//! the school.

use super::{Logins, Plan, Problem, RowView, School, name_column, names, profile_problems};
use crate::auth::accounts::Profile;
use crate::exchange::columns::{Field, Layout};
use crate::exchange::parents::Contact;
use crate::exchange::table::Table;
use crate::exchange::values;
use crate::store::{Reader, StoreError};

pub(super) fn check(
    tx: &impl Reader,
    table: &Table,
    layout: &Layout,
    known: &School,
    logins: &mut Logins,
    explicit: Vec<Result<Option<String>, Problem>>,
    p: &mut Plan,
) -> Result<(), StoreError> {
    let mut seen: Vec<(Contact, usize)> = Vec::new();
    for (row, login) in table.rows.iter().zip(explicit) {
        let cells = &row.cells;
        let mut problems = Vec::new();
        let (surname, first, patronymic) = names(layout, cells);
        let [position, roles_text, phone, email] =
            [Field::Position, Field::Roles, Field::Phone, Field::Email].map(|f| layout.text(cells, f));
        let roles = match values::parse_roles(&roles_text) {
            Ok(r) if r.is_empty() => {
                problems.push(Problem::at(Field::Roles, "roles-required"));
                r
            }
            Ok(r) => r,
            Err(unknown) => {
                problems.push(Problem::at(Field::Roles, "ex-role-unknown").value(unknown));
                Vec::new()
            }
        };
        // A refused login is shown as written, not replaced by a generated one.
        let mut refused_login = None;
        let login = login.unwrap_or_else(|problem| {
            refused_login = Some(problem.value.clone());
            problems.push(problem);
            None
        });
        let profile = Profile {
            login: login.clone().unwrap_or_else(|| "placeholder".into()),
            surname: surname.clone(),
            first_name: first.clone(),
            patronymic: patronymic.clone(),
            roles: roles.clone(),
            email,
            phone,
            position: position.clone(),
        };
        profile_problems(
            &profile,
            |f| match f {
                "surname" => Some(name_column(layout, Field::Surname)),
                "first_name" => Some(name_column(layout, Field::FirstName)),
                "patronymic" => Some(name_column(layout, Field::Patronymic)),
                "position" => Some(Field::Position),
                "phone" => Some(Field::Phone),
                "email" => Some(Field::Email),
                _ => None,
            },
            &mut problems,
        );
        let contact = Contact::new(&surname, &first, &patronymic, &profile.phone, &profile.email);
        if !surname.is_empty() && !first.is_empty() {
            let no_contacts = |c: &Contact| c.phone.is_empty() && c.email.is_empty();
            let twin = seen.iter().find(|(c, _)| {
                c.same_person(&contact) || (c.name == contact.name && no_contacts(c) && no_contacts(&contact))
            });
            match twin {
                Some((_, line)) => problems.push(Problem::file("ex-row-duplicate").line(*line)),
                None => seen.push((contact.clone(), row.number)),
            }
            if known.staff.contains(&contact.name) {
                problems.push(Problem::file("ex-staff-exists"));
            }
        }
        let login = match (login, refused_login) {
            (Some(l), _) | (None, Some(l)) => l,
            (None, None) if surname.is_empty() => String::new(),
            (None, None) => logins.generate(tx, &surname, &first, &patronymic, row.number)?,
        };
        let roles_shown: Vec<&str> = roles.iter().map(|&r| values::role_name(r)).collect();
        let detail =
            [position, roles_shown.join(", ")].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>();
        p.counts.staff += 1;
        p.work.staff.push((row.number, Profile { login: login.clone(), ..profile }.normalized()));
        p.rows.push(RowView {
            line: row.number,
            name: [surname, first, patronymic].join(" ").trim().to_string(),
            detail: detail.join(" · "),
            birth: None,
            login,
            parents: Vec::new(),
            problems,
        });
    }
    Ok(())
}
