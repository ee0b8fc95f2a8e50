//! Payloads in the names every report is made of (the school, the class's students, parents and
//! teacher, the subject, the assignment types), and in report dues (the note) and returns (the
//! comment): every report on screen is inert, every CSV and workbook runs nothing.

use axum::http::StatusCode;
use parta::error::AppError;
use parta::structure::model::CLASSES;
use parta::structure::service::{periods_of, scheme_of};

use super::common::Client;
use super::inert::{assert_shown, check_csv, check_xlsx, csv_cells, hostile, xlsx_strings};
use super::poison;
use super::support::{answered, demo, page};

/// The report pages a catalogue links to.
fn report_links(catalogue: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in catalogue.split("href=\"/reports/").skip(1) {
        let slug = &part[..part.find('"').unwrap()];
        let link = format!("/reports/{slug}");
        if !slug.contains(['/', '?', '.']) && !["mine", "submissions"].contains(&slug) && !out.contains(&link)
        {
            out.push(link);
        }
    }
    out
}

/// Opens every report of the catalogue as `c` sees it, and its CSV and workbook; gives every
/// exported cell.
async fn every_report(c: &mut Client, who: &str) -> Vec<String> {
    let catalogue = page(c, "/reports").await;
    let links = report_links(&catalogue.body);
    assert!(!links.is_empty(), "{who} sees reports");
    let mut cells = Vec::new();
    for link in links {
        let r = page(c, &link).await;
        for ext in ["csv", "xlsx"] {
            let marker = format!("href=\"{link}.{ext}?");
            let Some(at) = r.body.find(&marker) else { continue };
            let href = &r.body[at + 6..];
            let href = href[..href.find('"').unwrap()].replace("&amp;", "&");
            let f = c.get(&href).await;
            assert_eq!(f.status, StatusCode::OK, "{href}");
            assert!(!f.header("content-type").starts_with("text/html"), "{href}");
            // The file name carries names too: only safe characters in its quoted part.
            let cd = f.header("content-disposition");
            let quoted = cd.split('"').nth(1).unwrap_or_default();
            assert!(cd.starts_with("attachment; filename=\""), "{href}: {cd}");
            assert!(!quoted.contains(['<', '>', '\\', '/', ';']), "{href}: {cd}");
            if ext == "csv" {
                check_csv(&f.bytes).unwrap_or_else(|e| panic!("{who}: {href}: {e}"));
                cells.extend(csv_cells(&f.bytes));
            } else {
                check_xlsx(&f.bytes).unwrap_or_else(|e| panic!("{who}: {href}: {e}"));
                cells.extend(xlsx_strings(&f.bytes));
            }
        }
    }
    cells
}

#[tokio::test]
async fn every_report_renders_hostile_names_as_text_and_exports_them_defused() {
    let d = demo();
    let p = poison::all(&d).await;
    let mut director = d.client("director").await;
    let cells = every_report(&mut director, "the principal").await;
    for v in [&p.school_short, &p.subject, &p.teacher_surname] {
        let defused = format!("'{v}");
        assert!(cells.iter().any(|c| c.contains(v.as_str())), "«{v}» is in some export");
        assert!(cells.iter().any(|c| c.contains(&defused)), "«{v}» is defused in some CSV");
    }
    // The class's reports name its students.
    let quality = page(&mut director, &format!("/reports/finals?class={}", d.class)).await;
    assert_shown("the final marks", &quality.body, &p.student_surname);
    let mut chief = d.client("chief").await;
    every_report(&mut chief, "the class chief").await;
    for login in ["student", "parent"] {
        let mut c = d.client(login).await;
        every_report(&mut c, login).await;
    }
}

#[tokio::test]
async fn a_dues_note_and_a_return_comment_are_text() {
    let d = demo();
    poison::all(&d).await;
    let (grade, period) = d
        .app
        .store()
        .read_blocking(|tx| {
            let c = CLASSES.get(tx, &d.class)?.unwrap();
            let periods = periods_of(tx, c.year, scheme_of(tx, c.year, c.grade)?)?;
            Ok::<_, AppError>((c.grade, periods[0].0))
        })
        .unwrap();
    let (grade, period) = (grade.to_string(), period.to_string());
    let mut director = d.client("director").await;
    director.get("/reports/submissions").await;
    let note = hostile("=Q1");
    let due = |note: String, deadline: &'static str| {
        vec![
            ("kind", "quality".to_string()),
            ("who", "chiefs".to_string()),
            ("period", period.clone()),
            ("grade_from", grade.clone()),
            ("grade_to", grade.clone()),
            ("deadline", deadline.to_string()),
            ("note", note),
        ]
    };
    let fields = due(note.clone(), "2026-12-20");
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = director.post("/reports/submissions", &fields).await;
    answered("a due", &r, StatusCode::SEE_OTHER);
    let id = r.location().rsplit('/').next().unwrap().to_string();

    // The chief hands in; the principal returns it with a comment.
    let mut chief = d.client("chief").await;
    let mine = page(&mut chief, "/reports/mine").await;
    assert_shown("the chief's dues", &mine.body, &note);
    let r = chief.post(&format!("/reports/mine/{id}"), &[("slot", &format!("c{}", d.class))]).await;
    answered("a hand-in", &r, StatusCode::SEE_OTHER);
    let due_page = page(&mut director, &format!("/reports/submissions/{id}")).await;
    assert_shown("the due", &due_page.body, &note);
    let sub = due_page.body.split(&format!("/reports/submissions/{id}/")).skip(1).find_map(|s| {
        let s = &s[..s.find('"').unwrap()];
        s.strip_suffix("/return").map(str::to_string)
    });
    let sub = sub.expect("a return form");
    let comment = hostile("=Q2");
    let r = director.post(&format!("/reports/submissions/{id}/{sub}/return"), &[("comment", &comment)]).await;
    answered("a return", &r, StatusCode::SEE_OTHER);

    page(&mut director, "/reports/submissions").await;
    for path in [format!("/reports/submissions/{id}"), format!("/reports/submissions/{id}/edit")] {
        let r = page(&mut director, &path).await;
        assert_shown(&path, &r.body, &note);
    }
    let mine = page(&mut chief, "/reports/mine").await;
    assert_shown("the returned report", &mine.body, &comment);
    let notices = page(&mut chief, "/notices").await;
    assert_shown("the chief's notices", &notices.body, &comment);
    let snap = mine.body.split("/reports/snapshots/").nth(1).expect("a snapshot link");
    let snap = &snap[..snap.find(['"', '.', '?']).unwrap()];
    page(&mut chief, &format!("/reports/snapshots/{snap}")).await;
    let csv = chief.get(&format!("/reports/snapshots/{snap}.csv")).await;
    check_csv(&csv.bytes).unwrap();
    let xlsx = chief.get(&format!("/reports/snapshots/{snap}.xlsx")).await;
    check_xlsx(&xlsx.bytes).unwrap();

    // Refused: the form comes back with what was typed.
    director.get("/reports/submissions").await;
    let evil = hostile("=Q3");
    let fields = due(format!("{evil}{}", "ж".repeat(1000)), "завтра");
    let mut fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fields.push(("grade_from", &evil));
    let r = director.post("/reports/submissions", &fields).await;
    answered("a refused due", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused due", &r.body, &evil);
    let r = director
        .post(&format!("/reports/submissions/{id}/{sub}/return"), &[("comment", &"ж".repeat(3000))])
        .await;
    assert!(r.status.is_client_error(), "{}", r.status);
}
