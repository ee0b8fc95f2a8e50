//! The checks of a students file: names, birth dates, sex, classes of the current year,
//! duplicates in the file and in the school, logins, and each parent (shared by siblings).

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    Logins, NewParent, NewStudent, ParentView, Plan, Problem, RowView, School, name_column, names,
    profile_problems,
};
use crate::auth::accounts::Profile;
use crate::auth::model::Role;
use crate::exchange::columns::{Field, Layout, ParentField};
use crate::exchange::parents::{Contact, Groups, Joined};
use crate::exchange::table::Table;
use crate::exchange::values;
use crate::people::model::{Relation, StudentInfo};
use crate::store::ids::ClassId;
use crate::store::{Reader, StoreError};
use crate::structure::model::YEARS;
use crate::structure::service::{classes_of, current_year_id};

#[allow(clippy::too_many_arguments)]
pub(super) fn check(
    tx: &impl Reader,
    table: &Table,
    layout: &Layout,
    today: NaiveDate,
    known: &School,
    logins: &mut Logins,
    explicit: Vec<Result<Option<String>, Problem>>,
    p: &mut Plan,
) -> Result<(), StoreError> {
    let mut classes: HashMap<String, ClassId> = HashMap::new();
    let mut has_year = false;
    match current_year_id(tx)?.map(|y| YEARS.get(tx, &y).map(|year| (y, year))).transpose()? {
        Some((y, Some(year))) => {
            if year.closed {
                p.file_problems.push(Problem::file("ex-year-closed").value(year.name.clone()));
            }
            p.work.enrol = today.max(year.start);
            classes = classes_of(tx, y)?.into_iter().map(|(id, c)| (c.name(), id)).collect();
            has_year = true;
        }
        _ => p.file_problems.push(Problem::file("ex-year-missing")),
    }
    let mut groups = Groups::default();
    let mut group_lines: Vec<usize> = Vec::new();
    let mut group_logins: Vec<String> = Vec::new();
    let mut seen: HashMap<(String, Option<NaiveDate>), usize> = HashMap::new();
    let mut per_class: HashMap<String, usize> = HashMap::new();
    for (row, login) in table.rows.iter().zip(explicit) {
        let cells = &row.cells;
        let mut problems = Vec::new();
        let (surname, first, patronymic) = names(layout, cells);
        let birth = values::parse_date(layout.cell(cells, Field::BirthDate)).unwrap_or_else(|_| {
            problems.push(
                Problem::at(Field::BirthDate, "ex-date-invalid").value(layout.text(cells, Field::BirthDate)),
            );
            None
        });
        if birth.is_some_and(|b| b > today) {
            problems.push(
                Problem::at(Field::BirthDate, "ex-date-future").value(layout.text(cells, Field::BirthDate)),
            );
        }
        let sex_text = layout.text(cells, Field::Sex);
        let sex = values::parse_sex(&sex_text).unwrap_or_else(|_| {
            problems.push(Problem::at(Field::Sex, "ex-sex-unknown").value(sex_text.clone()));
            None
        });
        let class_text = layout.text(cells, Field::Class);
        let mut detail = class_text.clone();
        let class = match values::parse_class(&class_text) {
            _ if class_text.is_empty() => {
                problems.push(Problem::at(Field::Class, "field-required"));
                None
            }
            None => {
                problems.push(Problem::at(Field::Class, "ex-class-invalid").value(class_text.clone()));
                None
            }
            Some((grade, letter)) => {
                let exact = format!("{grade}{letter}");
                let alike = format!("{grade}{}", values::cyrillic_lookalike(&letter));
                let found = [exact, alike].into_iter().find_map(|n| classes.get(&n).map(|&id| (n, id)));
                if found.is_none() && has_year {
                    problems.push(Problem::at(Field::Class, "ex-class-unknown").value(class_text.clone()));
                }
                found.map(|(name, id)| {
                    detail = name;
                    id
                })
            }
        };
        let key = (values::name_key(&surname, &first, &patronymic), birth);
        if !surname.is_empty() && !first.is_empty() {
            if let Some(&first_line) = seen.get(&key) {
                problems.push(Problem::file("ex-row-duplicate").line(first_line));
            } else {
                seen.insert(key.clone(), row.number);
            }
            if known.students.contains(&key) {
                problems.push(Problem::file("ex-student-exists"));
            }
        }
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
            roles: vec![Role::Student],
            ..Profile::default()
        };
        profile_problems(
            &profile,
            |f| match f {
                "surname" => Some(name_column(layout, Field::Surname)),
                "first_name" => Some(name_column(layout, Field::FirstName)),
                "patronymic" => Some(name_column(layout, Field::Patronymic)),
                _ => None,
            },
            &mut problems,
        );
        let mut views = Vec::new();
        let mut links: Vec<(usize, Relation)> = Vec::new();
        for &n in &layout.parents {
            let col = |f| Field::Parent(n, f);
            let [name, rel, phone, email] =
                [ParentField::Name, ParentField::Relation, ParentField::Phone, ParentField::Email]
                    .map(|f| layout.text(cells, col(f)));
            if [&name, &rel, &phone, &email].iter().all(|s| s.is_empty()) {
                continue;
            }
            let before = problems.len();
            let (ps, pf, pp) = values::split_full_name(&name);
            if name.is_empty() {
                problems.push(Problem::at(col(ParentField::Name), "ex-parent-name-required"));
            } else if pf.is_empty() {
                problems
                    .push(Problem::at(col(ParentField::Name), "ex-parent-name-short").value(name.clone()));
            }
            let relation = if rel.is_empty() {
                Relation::Other
            } else {
                values::parse_relation(&rel).unwrap_or_else(|| {
                    problems.push(
                        Problem::at(col(ParentField::Relation), "ex-relation-unknown").value(rel.clone()),
                    );
                    Relation::Other
                })
            };
            let parent = Profile {
                login: "placeholder".into(),
                surname: ps.clone(),
                first_name: pf.clone(),
                patronymic: pp.clone(),
                roles: vec![Role::Parent],
                email: email.clone(),
                phone: phone.clone(),
                ..Profile::default()
            };
            if problems.len() == before {
                profile_problems(
                    &parent,
                    |f| match f {
                        "surname" | "first_name" | "patronymic" => Some(col(ParentField::Name)),
                        "phone" => Some(col(ParentField::Phone)),
                        "email" => Some(col(ParentField::Email)),
                        _ => None,
                    },
                    &mut problems,
                );
            }
            if problems.len() > before {
                continue;
            }
            let contact = Contact::new(&ps, &pf, &pp, &phone, &email);
            let joined = groups.join(contact.clone());
            let g = joined.index();
            match joined {
                Joined::New(_) => {
                    let existing = known.adults.find(&contact);
                    let login = match &existing {
                        Some((_, login)) => login.clone(),
                        None => logins.generate(tx, &ps, &pf, &pp, row.number)?,
                    };
                    group_lines.push(row.number);
                    group_logins.push(login.clone());
                    p.work.parents.push(NewParent {
                        profile: Profile { login, ..parent }.normalized(),
                        existing: existing.map(|(id, _)| id),
                    });
                }
                Joined::Same { conflict: true, .. } => {
                    problems
                        .push(Problem::at(col(ParentField::Name), "ex-parent-conflict").line(group_lines[g]));
                }
                Joined::Same { .. } => {
                    // A later row may give the contact the first one lacked.
                    let entry = &mut p.work.parents[g];
                    let given = parent.clone().normalized();
                    if entry.existing.is_none() && entry.profile.phone.is_empty() {
                        entry.profile.phone = given.phone;
                    }
                    if entry.existing.is_none() && entry.profile.email.is_empty() {
                        entry.profile.email = given.email;
                    }
                }
            }
            if links.iter().any(|(other, _)| *other == g) {
                problems.push(Problem::at(col(ParentField::Name), "ex-parent-twice").value(name.clone()));
            }
            links.push((g, relation));
            views.push(ParentView {
                name: name.clone(),
                relation,
                login: group_logins[g].clone(),
                existing: p.work.parents[g].existing.is_some(),
                shared_with: (group_lines[g] != row.number).then_some(group_lines[g]),
            });
        }
        let login = match (login, refused_login) {
            (Some(l), _) | (None, Some(l)) => l,
            (None, None) if surname.is_empty() => String::new(),
            (None, None) => logins.generate(tx, &surname, &first, &patronymic, row.number)?,
        };
        p.counts.students += 1;
        p.counts.links += links.len();
        if let Some(class) = class {
            *per_class.entry(detail.clone()).or_default() += 1;
            p.work.students.push(NewStudent {
                line: row.number,
                profile: Profile { login: login.clone(), ..profile }.normalized(),
                info: StudentInfo { birth_date: birth, sex },
                class,
                parents: links,
            });
        }
        p.rows.push(RowView {
            line: row.number,
            name: [surname, first, patronymic].join(" ").trim().to_string(),
            detail,
            birth,
            login,
            parents: views,
            problems,
        });
    }
    p.counts.parents_existing = p.work.parents.iter().filter(|x| x.existing.is_some()).count();
    p.counts.parents_new = p.work.parents.len() - p.counts.parents_existing;
    let mut per_class: Vec<(String, usize)> = per_class.into_iter().collect();
    per_class.sort_by_key(|(name, _)| values::parse_class(name).unwrap_or((0, name.clone())));
    p.per_class = per_class;
    Ok(())
}
