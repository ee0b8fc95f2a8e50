//! The demo's teacher who is also a mother (`teacher2`): her journal beside her child's diary
//! and reports, and nothing more of the child's class.

use crate::common::{TestApp, today};
use axum::http::StatusCode;
use parta::auth::accounts::find_by_login;
use parta::auth::model::Role;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::people::model::Relation;
use parta::people::service::{children_of, class_of, guardians_of, students_of};
use parta::structure::service::teaching_of_class;

#[tokio::test]
async fn the_demo_teacher_with_a_child_sees_her_child_and_no_other() {
    let app = TestApp::demo();
    let (child, name, classmates) = app
        .store()
        .read_blocking(|tx| {
            let (me, u) = find_by_login(tx, "teacher2")?.expect("the demo has teacher2");
            assert_eq!(u.roles, vec![Role::Teacher, Role::Parent]);
            let children = children_of(tx, me)?;
            assert_eq!(children.len(), 1, "one child");
            let child = children[0];
            let relations: Vec<Relation> = guardians_of(tx, child)?.iter().map(|(_, g)| g.relation).collect();
            assert_eq!(relations.len(), 2, "the child's father and her");
            assert!(relations.contains(&Relation::Mother) && relations.contains(&Relation::Father));
            let class = class_of(tx, child, today())?.expect("the child is in a class");
            assert!(teaching_of_class(tx, class)?.iter().all(|(_, t)| t.teacher != me), "not her class");
            let mut classmates = students_of(tx, class, today())?;
            classmates.retain(|s| *s != child);
            let name = USERS.get(tx, &child)?.unwrap().full_name();
            Ok::<_, AppError>((child, name, classmates))
        })
        .unwrap();

    let login = app.client().get("/login").await;
    login.assert_contains("teacher2");
    let mut c = app.signed_in("teacher2").await;
    let home = c.get("/").await;
    for link in ["/journal", "/diary", "/reports"] {
        home.assert_contains(&format!("href=\"{link}\""));
    }
    assert!(c.get("/journal").await.status == StatusCode::OK, "her own journals");
    let r = c.get("/diary").await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("/diary/{child}").as_str()));
    c.get(&format!("/diary/{child}")).await.assert_contains(&name);
    let catalogue = c.get("/reports").await;
    catalogue.assert_contains("Отчёты о моих детях");
    for slug in ["student", "averages", "dynamics", "letter"] {
        let url = format!("/reports/{slug}?student={child}");
        catalogue.assert_contains(&format!("href=\"{url}\""));
        let r = c.get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}");
        r.assert_contains(&name);
    }
    assert!(!classmates.is_empty());
    for s in classmates.iter().take(5) {
        assert_eq!(c.get(&format!("/diary/{s}")).await.status, StatusCode::FORBIDDEN, "a classmate's diary");
        let url = format!("/reports/averages?student={s}");
        assert_eq!(c.get(&url).await.status, StatusCode::FORBIDDEN, "{url}");
    }
}
