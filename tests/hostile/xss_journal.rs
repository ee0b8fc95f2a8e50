//! Payloads in what a teacher writes about a lesson — topic, homework, an assignment's name,
//! mark comments, a homework file's name — and in the names the journal shows, read back on
//! the journal, the lesson panel, the diaries of the student and the parent, the class chief's
//! overview and the timetable. Refused cells, final marks and absence reasons echo what was
//! typed as text too.

use axum::http::{Method, StatusCode};

use super::inert::{SVG, assert_inert, assert_shown, file_name, hostile};
use super::poison;
use super::support::{answered, demo, lesson_slugs, page, today, upload_raw};

#[tokio::test]
async fn what_the_teacher_writes_about_a_lesson_is_text_everywhere_it_shows() {
    let d = demo();
    let p = poison::all(&d).await;
    let mut t = d.client("teacher").await;
    let grid = page(&mut t, &format!("/journal/{}", d.maths)).await;
    assert_shown("the journal", &grid.body, &p.student_surname);
    let today = today().to_string();
    let slug = lesson_slugs(&grid.body)
        .into_iter()
        .rfind(|s| s.as_str() <= today.as_str())
        .expect("a lesson held this period");
    let date = slug.split('.').next().unwrap().to_string();
    let base = format!("/journal/{}/lessons/{slug}", d.maths);
    t.get(&base).await;

    let (topic, homework) = (hostile("=L1"), format!("{}\n{}", hostile("+L2"), SVG));
    let r = t.post(&base, &[("topic", &topic), ("homework", &homework), ("due", "")]).await;
    answered("topic and homework", &r, StatusCode::SEE_OTHER);

    // An assignment with a hostile name, a mark on it and a comment to the mark.
    let name = hostile("=L3");
    let wt = poison::first_work_type(&d).0.to_string();
    let r =
        t.post(&format!("{base}/assignments"), &[("work_type", &wt), ("weight", ""), ("name", &name)]).await;
    answered("an assignment", &r, StatusCode::SEE_OTHER);
    let panel = page(&mut t, &base).await;
    assert_shown("the panel", &panel.body, &name);
    let no = panel
        .body
        .split(&format!("{base}/assignments/"))
        .skip(1)
        .filter_map(|s| s[..s.find(['"', '/']).unwrap_or(0)].parse::<u8>().ok())
        .max()
        .expect("the new assignment's number");
    let (s, a) = (d.student.to_string(), no.to_string());
    let cell = format!("/journal/{}/cell", d.maths);
    let r =
        t.post(&cell, &[("lesson", &slug), ("student", &s), ("a", &a), ("value", "5"), ("was", "")]).await;
    answered("a mark", &r, StatusCode::OK);
    let comment = hostile("=L4");
    let field = format!("c{}.{no}", d.student);
    let r = t.post(&format!("{base}/comments"), &[(field.as_str(), comment.as_str())]).await;
    answered("a comment", &r, StatusCode::SEE_OTHER);

    // A homework file whose name is markup.
    let file_name = file_name("=F1", "txt");
    let r =
        upload_raw(&mut t, &format!("{base}/files"), "file", file_name.as_bytes(), b"homework", false).await;
    answered("a homework file", &r, StatusCode::SEE_OTHER);

    // What the teacher sees.
    let panel = page(&mut t, &base).await;
    for v in [&topic, &homework, &name, &comment, &file_name, &p.work_type] {
        assert_shown("the lesson panel", &panel.body, v);
    }
    let grid = page(&mut t, &format!("/journal/{}", d.maths)).await;
    assert_shown("the journal", &grid.body, &comment);
    for path in [
        "/".to_string(),
        "/journal".to_string(),
        format!("/journal/{}/log", d.maths),
        format!("/journal/{}/finals", d.maths),
        format!("/timetable/teachers/{}?week={date}", d.teacher),
        format!("/timetable/classes/{}?week={date}", d.class),
    ] {
        page(&mut t, &path).await;
    }

    // The student and the parent: the week of the lesson, the marks, the timetable.
    for login in ["student", "parent"] {
        let mut c = d.client(login).await;
        let week = page(&mut c, &format!("/diary/{}?week={date}", d.student)).await;
        for v in [&topic, &p.subject, &file_name] {
            assert_shown(&format!("the {login}'s week"), &week.body, v);
        }
        let marks = page(&mut c, &format!("/diary/{}/marks", d.student)).await;
        assert_shown(&format!("the {login}'s marks"), &marks.body, &p.subject);
        page(&mut c, "/").await;
        assert_eq!(c.get("/diary").await.location(), format!("/diary/{}", d.student));
        page(&mut c, &format!("/diary/{}", d.student)).await;
        page(&mut c, &format!("/timetable/students/{}?week={date}", d.student)).await;
        // The file comes back as a download under a cleaned name, never as a page.
        let blob = panel.body.split(&format!("/homework/{}/", d.maths)).nth(1).unwrap();
        let blob = &blob[..blob.find('"').unwrap()];
        let f = c.get(&format!("/homework/{}/{blob}", d.maths)).await;
        assert_eq!((f.status, f.body.as_str()), (StatusCode::OK, "homework"));
        assert!(
            f.header("content-disposition").starts_with("attachment;"),
            "{}",
            f.header("content-disposition")
        );
        assert!(!f.header("content-type").starts_with("text/html"));
    }

    // The class chief's overview and day of attendance.
    let mut chief = d.client("chief").await;
    let progress = page(&mut chief, &format!("/classes/{}/progress", d.class)).await;
    assert_shown("the progress", &progress.body, &p.student_surname);
    page(&mut chief, &format!("/classes/{}/attendance?date={date}", d.class)).await;
    page(&mut chief, &format!("/journal/{}", d.maths)).await;
    let mut director = d.client("director").await;
    page(&mut director, "/periods").await;
    page(&mut director, &format!("/journal/{}", d.maths)).await;
}

#[tokio::test]
async fn refused_cells_final_marks_and_reasons_echo_their_input_as_text() {
    let d = demo();
    let mut t = d.client("teacher").await;
    let grid = t.get(&format!("/journal/{}", d.maths)).await;
    let today = today().to_string();
    let slug = lesson_slugs(&grid.body).into_iter().rfind(|s| s.as_str() <= today.as_str()).unwrap();
    let evil = hostile("=V1");
    let s = d.student.to_string();
    let r = t
        .post(
            &format!("/journal/{}/cell", d.maths),
            &[("lesson", &slug), ("student", &s), ("a", "0"), ("value", &evil), ("was", &evil)],
        )
        .await;
    answered("a refused mark", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused mark", &r.body, &evil);
    // The same through htmx, as the grid sends it.
    let body = serde_urlencoded::to_string([
        ("lesson", slug.as_str()),
        ("student", &s),
        ("a", "0"),
        ("value", &evil),
    ])
    .unwrap();
    let token = t.csrf.clone().unwrap();
    let r = t
        .send(
            Method::POST,
            &format!("/journal/{}/cell", d.maths),
            Some("application/x-www-form-urlencoded"),
            body.into_bytes(),
            &[("hx-request", "true"), ("x-csrf-token", &token)],
        )
        .await;
    answered("a refused mark (htmx)", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_inert("a refused mark (htmx)", &r.body);

    t.get(&format!("/journal/{}/finals", d.maths)).await;
    let r = t
        .post(
            &format!("/journal/{}/finals", d.maths),
            &[("student", &s), ("kind", &evil), ("value", &evil), ("was", "")],
        )
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_inert("a refused final mark", &r.body);

    let mut chief = d.client("chief").await;
    chief.get(&format!("/classes/{}/attendance", d.class)).await;
    let r = chief
        .post(
            &format!("/classes/{}/attendance/reasons", d.class),
            &[
                ("student", &s),
                ("code", &evil),
                ("from", &evil),
                ("to", &evil),
                ("lesson", &evil),
                ("date", &evil),
            ],
        )
        .await;
    answered("a refused reason", &r, StatusCode::UNPROCESSABLE_ENTITY);
}
