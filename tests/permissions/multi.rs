//! Accounts with several roles, as a small school has them, made in the matrix's copy of the
//! demo from the demo's own people (the demo seeding stays as it is), so that the walk's scopes
//! are theirs on one side and out of reach on the other:
//!
//! - `teacher_parent`: the teacher of the scope **other**'s teaching assignment, who is also
//!   the parent of the demo student — in 5А, a class they neither teach nor lead;
//! - `principal_teacher`: the teacher of the 6Б mathematics the demo teacher substitutes in,
//!   made a deputy head (the scopes **substitute** and **not-substituted** are their journal);
//! - `psychologist_chief`: a new psychologist, also a teacher, named a second class chief of
//!   the scope **other**'s class.
//!
//! The walk asks every row for them like for the others; the test here asks what the walk
//! cannot: the header offers the entries of each of their roles and no other, and a
//! teacher-parent's diary reaches their child and none of the child's classmates.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use parta::auth::accounts::{Profile, create_without_password, find_by_login, set_password, update};
use parta::auth::model::Role;
use parta::auth::model::{CREDENTIALS, USERS};
use parta::auth::permission::{Action, Actor, Target, allows};
use parta::error::AppError;
use parta::people::model::Relation;
use parta::people::service::{link_parent, students_of};
use parta::store::ids::UserId;
use parta::structure::model::{CLASSES, TEACHING};
use parta::structure::service::{save_class, teaching_of_class};
use redb::{Durability, WriteTransaction};

use super::world::{ACCOUNTS, Fill, read};
use crate::common::TestApp;

/// The accounts with several roles the matrix adds, and their roles (as stored: sorted).
pub const MULTI: [(&str, &[Role]); 3] = [
    ("teacher_parent", &[Role::Teacher, Role::Parent]),
    ("principal_teacher", &[Role::Principal, Role::Teacher]),
    ("psychologist_chief", &[Role::Teacher, Role::Psychologist]),
];

fn named(scopes: &[(&'static str, Fill)], scope: &str, p: &str) -> Target {
    scopes.iter().find(|(n, _)| *n == scope).unwrap().1[p].target
}

/// Gives an account of the demo a login of the matrix, another role and the demo password.
fn become_(
    tx: &WriteTransaction,
    id: UserId,
    login: &str,
    role: Role,
    position: Option<&str>,
) -> Result<(), AppError> {
    let mut profile = Profile::from(&USERS.get(tx, &id)?.unwrap());
    profile.login = login.into();
    profile.roles.push(role);
    if let Some(p) = position {
        profile.position = p.into();
    }
    update(tx, id, profile)?;
    Ok(())
}

/// Adds the [`MULTI`] accounts to `app`'s school, from what `scopes` name; returns their ids.
pub fn add(app: &TestApp, scopes: &[(&'static str, Fill)]) -> Vec<(&'static str, UserId)> {
    let (Target::Student(child), Target::Class(own_class)) =
        (named(scopes, "own", "student"), named(scopes, "own", "class"))
    else {
        unreachable!()
    };
    let (Target::Teaching(taught), Target::Class(led), Target::Teaching(deputy)) = (
        named(scopes, "other", "teaching"),
        named(scopes, "other", "class"),
        named(scopes, "substitute", "teaching"),
    ) else {
        unreachable!()
    };
    app.store()
        .write_blocking(Durability::Immediate, |tx| {
            let demo = find_by_login(tx, "teacher")?.unwrap().0;
            let hash = CREDENTIALS.get(tx, &demo)?.unwrap().hash;
            let t = TEACHING.get(tx, &taught)?.unwrap().teacher;
            let p = TEACHING.get(tx, &deputy)?.unwrap().teacher;
            assert_ne!(t, p, "two demo teachers for two accounts");

            let own = CLASSES.get(tx, &own_class)?.unwrap();
            let theirs = own.chiefs.contains(&t)
                || teaching_of_class(tx, own_class)?.iter().any(|(_, x)| x.teacher == t);
            assert!(!theirs, "the teacher-parent neither teaches nor leads their child's class");
            become_(tx, t, "teacher_parent", Role::Parent, None)?;
            let u = USERS.get(tx, &t)?.unwrap();
            let relation = if u.patronymic.ends_with("на") { Relation::Mother } else { Relation::Father };
            link_parent(tx, child, t, relation)?;

            let position = "Заместитель директора по УВР, учитель математики";
            become_(tx, p, "principal_teacher", Role::Principal, Some(position))?;

            let profile = Profile {
                login: "psychologist_chief".into(),
                surname: "Белова".into(),
                first_name: "Светлана".into(),
                patronymic: "Андреевна".into(),
                roles: vec![Role::Psychologist, Role::Teacher],
                email: "belova@school7.example.ru".into(),
                phone: String::new(),
                position: "Педагог-психолог, классный руководитель".into(),
            };
            let psy = create_without_password(tx, profile, crate::common::unix())?;
            let mut class = CLASSES.get(tx, &led)?.unwrap();
            class.chiefs.push(psy);
            save_class(tx, Some(led), class)?;

            let ids = [t, p, psy];
            let mut out = Vec::new();
            for ((login, roles), id) in MULTI.iter().zip(ids) {
                set_password(tx, id, hash.clone(), false, crate::common::unix())?;
                assert_eq!(USERS.get(tx, &id)?.unwrap().roles, *roles, "{login}");
                out.push((*login, id));
            }
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

/// The `href`s of the header's navigation on `/`.
async fn nav(app: &TestApp, login: &str) -> BTreeSet<String> {
    let mut c = app.signed_in(login).await;
    let r = c.get("/").await;
    assert_eq!(r.status, StatusCode::OK, "{login}: /");
    let start = r.body.find("<nav ").expect("the header has its navigation");
    let end = start + r.body[start..].find("</nav>").unwrap();
    let mut out = BTreeSet::new();
    for part in r.body[start..end].split("href=\"").skip(1) {
        out.insert(part[..part.find('"').unwrap()].to_string());
    }
    out
}

/// Each account with several roles: its header offers the entries each of its roles offers a
/// demo account holding that role alone, and no other; a teacher-parent's `/diary` and start
/// page reach their child, whose classmates' diaries are refused (a teacher opens diaries of the
/// class they lead only, so teaching there would not open them either: `allows` says so), and
/// so are the diaries of the class they teach.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_roles_get_each_role_s_menus_and_only_their_own_child() {
    let app = TestApp::demo();
    let today = crate::common::today();
    let ids = super::extras::demo_ids(&app);
    let scopes = app.store().read_blocking(|tx| read(tx, &ids, today)).unwrap();
    let added: BTreeMap<&str, UserId> = add(&app, &scopes).into_iter().collect();

    let mut single = BTreeMap::new();
    for (login, role) in ACCOUNTS {
        if let Entry::Vacant(e) = single.entry(role) {
            e.insert(nav(&app, login).await);
        }
    }
    for (login, roles) in MULTI {
        let got = nav(&app, login).await;
        let each: BTreeSet<String> = roles.iter().flat_map(|r| single[r].clone()).collect();
        let missing: Vec<&String> = each.difference(&got).collect();
        let extra: Vec<&String> = got.difference(&each).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{login}: missing {missing:?}, beyond its roles {extra:?}"
        );
    }

    let Target::Student(child) = named(&scopes, "own", "student") else { unreachable!() };
    let (Target::Class(childs), Target::Class(taught)) =
        (named(&scopes, "own", "class"), named(&scopes, "other", "class"))
    else {
        unreachable!()
    };
    let me = added["teacher_parent"];
    let mut c = app.signed_in("teacher_parent").await;
    let r = c.get("/diary").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("/diary/{child}").as_str()));
    let name = app.store().read_blocking(|tx| USERS.get(tx, &child)).unwrap().unwrap().full_name();
    for url in [format!("/diary/{child}"), format!("/diary/{child}/marks")] {
        let r = c.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        r.assert_contains(&name);
    }
    c.get("/").await.assert_contains(&format!("href=\"/diary/{child}\""));
    c.get("/timetable").await.assert_contains(&format!("href=\"/timetable/students/{child}\""));

    let actor = Actor { id: me, roles: vec![Role::Teacher, Role::Parent], today, now: crate::common::unix() };
    let mut refused = 0;
    for class in [childs, taught] {
        let students = app.store().read_blocking(|tx| students_of(tx, class, today)).unwrap();
        for s in students.into_iter().filter(|s| *s != child) {
            let may =
                app.store().read_blocking(|tx| allows(tx, &actor, Action::DiaryView, Target::Student(s)));
            assert!(!may.unwrap(), "diary.view reaches student {s}, not the teacher-parent's child");
            let r = c.get(&format!("/diary/{s}")).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "/diary/{s} of class {class}");
            refused += 1;
        }
    }
    assert!(refused > 20, "the classes have students: {refused}");

    // The reports catalogue links the reports about one student straight to their child, and
    // those open on the child (answered as to a parent), not on the class they teach.
    let catalogue = c.get("/reports").await;
    catalogue.assert_contains("Отчёты о моих детях");
    for slug in ["student", "averages", "dynamics", "letter"] {
        let url = format!("/reports/{slug}?student={child}");
        catalogue.assert_contains(&format!("href=\"{url}\""));
        let r = c.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        r.assert_contains(&name);
    }

    // Staff with no child: `/diary` has nothing to open, as for staff of one role.
    for login in ["principal_teacher", "psychologist_chief"] {
        let mut c = app.signed_in(login).await;
        assert_eq!(c.get("/diary").await.status, StatusCode::NOT_FOUND, "{login}");
        let catalogue = c.get("/reports").await;
        assert_eq!(catalogue.status, StatusCode::OK);
        assert!(!catalogue.body.contains("Отчёты о моих детях"), "{login} has no child");
    }
}
