//! Payloads in the school card, accounts, the structure, students' files, parents and
//! movements: every page that lists or shows them renders them as text.

use axum::http::StatusCode;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::structure::model::YEARS;

use super::inert::{IMG, SVG, assert_inert, assert_shown, hostile};
use super::poison;
use super::support::{answered, demo, page};

#[tokio::test]
async fn the_school_card_accounts_and_the_structure_are_shown_as_text() {
    let d = demo();
    let p = poison::all(&d).await;

    // Holidays and the year's name (the current year: it shows on many pages).
    let mut admin = d.client("admin").await;
    let year = d.app.store().read_blocking(|tx| Ok::<_, AppError>(YEARS.get(tx, &d.year)?)).unwrap().unwrap();
    admin.get(&format!("/structure/years/{}", d.year)).await;
    let year_name = hostile("=Y1");
    let (start, end) = (year.start.to_string(), year.end.to_string());
    let r = admin
        .post(
            &format!("/structure/years/{}", d.year),
            &[("name", &year_name), ("start", &start), ("end", &end)],
        )
        .await;
    answered("the year", &r, StatusCode::SEE_OTHER);
    let holiday = hostile("=H1");
    let last = (year.end - chrono::Duration::days(2)).to_string();
    let r = admin
        .post(
            &format!("/structure/years/{}/holidays", d.year),
            &[("name", &holiday), ("start", &last), ("end", &end)],
        )
        .await;
    answered("a holiday", &r, StatusCode::SEE_OTHER);

    // A new account.
    admin.get("/admin/users/new").await;
    let newcomer = hostile("=N1");
    let r = admin
        .post(
            "/admin/users",
            &[
                ("surname", &newcomer),
                ("first_name", &hostile("+N2")),
                ("patronymic", &hostile("-N3")),
                ("login", "hostile.one"),
                ("position", &hostile("@N4")),
                ("roles", "teacher"),
            ],
        )
        .await;
    answered("a new account", &r, StatusCode::CREATED);
    assert_shown("the one-time password page", &r.body, &newcomer);
    let new_id = d
        .app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(parta::auth::accounts::find_by_login(tx, "hostile.one")?))
        .unwrap()
        .unwrap()
        .0;

    let checks: Vec<(String, Vec<&str>)> = vec![
        ("/".into(), vec![&p.school_short]),
        ("/admin/school".into(), vec![&p.school_full, &p.school_short]),
        ("/admin/users".into(), vec![&p.teacher_surname, &p.parent_surname, &newcomer]),
        (format!("/admin/users?q={}", urlencode(&p.teacher_surname)), vec![&p.teacher_surname]),
        (format!("/admin/users/{}", d.teacher), vec![&p.teacher_surname]),
        (format!("/admin/users/{}", d.parent), vec![&p.parent_surname]),
        (format!("/admin/users/{new_id}"), vec![&newcomer]),
        ("/admin/audit".into(), vec![]),
        ("/admin/signins".into(), vec![]),
        ("/classes".into(), vec![]),
        (format!("/classes/{}", d.class), vec![&p.student_surname, &p.parent_surname]),
        (format!("/classes/{}/letters", d.class), vec![&p.student_surname]),
        (format!("/classes/{}/signins", d.class), vec![&p.student_surname]),
        (format!("/students/{}", d.student), vec![&p.student_surname, &p.student_first, &p.parent_surname]),
        ("/structure".into(), vec![]),
        ("/structure/classes".into(), vec![&p.profile]),
        (format!("/structure/classes/{}", d.class), vec![&p.room, &p.profile, &p.group]),
        (format!("/structure/groups/{}", p.group_id), vec![&p.group]),
        ("/structure/subjects".into(), vec![&p.subject]),
        (format!("/structure/subjects/{}", d.subject), vec![&p.subject]),
        ("/structure/work-types".into(), vec![&p.work_type, &p.work_abbr]),
        ("/structure/teaching".into(), vec![&p.subject, &p.teacher_surname]),
        (format!("/structure/teaching?class={}", d.class), vec![&p.group]),
        ("/structure/years".into(), vec![&year_name]),
        (format!("/structure/years/{}", d.year), vec![&year_name, &holiday]),
    ];
    for (path, shown) in &checks {
        let r = page(&mut admin, path).await;
        for value in shown {
            assert_shown(path, &r.body, value);
        }
    }
    // The access letters: names, the school and a QR code, one per page.
    let (sid, pid) = (d.student.to_string(), d.parent.to_string());
    admin.get(&format!("/classes/{}/letters", d.class)).await;
    let r = admin.post(&format!("/classes/{}/letters", d.class), &[("id", &sid), ("id", &pid)]).await;
    answered("printed letters", &r, StatusCode::OK);
    assert_shown("printed letters", &r.body, &p.student_surname);

    // The principal and the class chief see the same names on their own pages.
    let mut director = d.client("director").await;
    for path in ["/", "/admin/users", "/admin/school"] {
        page(&mut director, path).await;
    }
    let mut chief = d.client("chief").await;
    let r = page(&mut chief, &format!("/classes/{}", d.class)).await;
    assert_shown("the chief's class", &r.body, &p.student_surname);
    page(&mut chief, &format!("/students/{}", d.student)).await;

    // The sign-in page names the school to anyone.
    let r = d.app.client().get("/login").await;
    assert_inert("/login", &r.body);
    assert_shown("/login", &r.body, &p.school_short);
}

#[tokio::test]
async fn new_students_parents_and_movements_are_shown_as_text() {
    let d = demo();
    let mut admin = d.client("admin").await;
    admin.get(&format!("/classes/{}", d.class)).await;
    let surname = hostile("=A1");
    let r = admin
        .post(
            &format!("/classes/{}/students", d.class),
            &[
                ("surname", &surname),
                ("first_name", &hostile("+A2")),
                ("patronymic", &hostile("-A3")),
                ("sex", ""),
            ],
        )
        .await;
    answered("a new student", &r, StatusCode::SEE_OTHER);
    let id = r.location().trim_start_matches("/students/").to_string();

    // A parent made on the student's page, with a hostile e-mail in its mailto: link.
    admin.get(&format!("/students/{id}")).await;
    let mother = hostile("=B1");
    let email = format!("{}@x.ru", IMG.replace(' ', "/"));
    let r = admin
        .post(
            &format!("/students/{id}/parents"),
            &[
                ("surname", &mother),
                ("first_name", &hostile("+B2")),
                ("patronymic", &hostile("-B3")),
                ("relation", "mother"),
                ("phone", "+7 900 000-00-00"),
                ("email", &email),
            ],
        )
        .await;
    answered("a new parent", &r, StatusCode::SEE_OTHER);

    // Withdrawn with a hostile reason and order.
    let (reason, order) = (hostile("=D1"), hostile("+D2"));
    let today = super::support::today().to_string();
    let r = admin
        .post(
            &format!("/students/{id}/movement"),
            &[("kind", "withdraw"), ("class", ""), ("date", &today), ("reason", &reason), ("order", &order)],
        )
        .await;
    answered("a movement", &r, StatusCode::SEE_OTHER);

    let r = page(&mut admin, &format!("/students/{id}")).await;
    for v in [&surname, &mother, &reason, &order, &email] {
        assert_shown("the student's page", &r.body, v);
    }
    let stored = d.app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.all(tx)?)).unwrap();
    assert!(stored.iter().any(|(_, u)| u.email == email), "the e-mail was kept as typed");
    let r = page(&mut admin, "/admin/users?role=parent").await;
    assert_shown("the parents", &r.body, &mother);
}

#[tokio::test]
async fn refused_forms_echo_what_was_typed_as_text() {
    let d = demo();
    let mut admin = d.client("admin").await;
    let evil = hostile("=E1");
    admin.get("/admin/users/new").await;
    // A bad login and e-mail: the form comes back (422) with every value in its input.
    let r = admin
        .post(
            "/admin/users",
            &[
                ("surname", &evil),
                ("first_name", SVG),
                ("login", &evil),
                ("email", &evil),
                ("roles", "teacher"),
            ],
        )
        .await;
    answered("a refused account", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused account", &r.body, &evil);
    assert_shown("a refused account", &r.body, SVG);

    admin.get("/structure/subjects").await;
    let long = format!("{}{}", hostile("=E2"), "ж".repeat(100));
    let r = admin.post("/structure/subjects", &[("name", &long), ("short", &evil)]).await;
    answered("a refused subject", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused subject", &r.body, &long);

    admin.get(&format!("/classes/{}", d.class)).await;
    let r = admin
        .post(&format!("/classes/{}/students", d.class), &[("surname", &evil), ("birth_date", &evil)])
        .await;
    answered("a refused student", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused student", &r.body, &evil);

    let mut director = d.client("director").await;
    director.get("/admin/school").await;
    let r = director
        .post("/admin/school", &[("full_name", &evil), ("short_name", ""), ("time_zone", &evil)])
        .await;
    answered("a refused card", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused card", &r.body, &evil);
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
