//! Payloads in lesson plans: the title, sections, topics, planned homework, materials' file
//! names and an imported CSV and workbook; read back on the plan pages, the journal the plan
//! fills, the lesson panel and the plan's XLSX export.

use axum::http::StatusCode;
use parta::error::AppError;
use parta::plans::model::PLANS;
use parta::plans::model::Plan;
use parta::store::Order;
use parta::store::ids::{PlanId, TeachingId};
use parta::structure::model::{CLASSES, TEACHING, TEACHING_BY_TEACHER};

use super::common::Client;
use super::inert::{assert_shown, assert_xlsx_defused, file_name, hostile};
use super::support::{Demo, answered, demo, lesson_slugs, page, upload_raw};

/// The demo teacher's mathematics in 6А: it follows no plan in the demo.
fn six_a_maths(d: &Demo) -> TeachingId {
    d.app
        .store()
        .read_blocking(|tx| {
            let mut mine = Vec::new();
            TEACHING_BY_TEACHER.scan_prefix(tx, &d.teacher, Order::Asc, |(_, t), ()| {
                mine.push(t);
                true
            })?;
            for t in mine {
                let teaching = TEACHING.get(tx, &t)?.unwrap();
                if CLASSES.get(tx, &teaching.class)?.unwrap().grade == 6 && teaching.group.is_none() {
                    return Ok::<_, AppError>(t);
                }
            }
            panic!("the demo teacher teaches 6А");
        })
        .unwrap()
}

fn plan(d: &Demo, id: PlanId) -> Plan {
    d.app.store().read_blocking(|tx| Ok::<_, AppError>(PLANS.get(tx, &id)?)).unwrap().unwrap()
}

async fn new_plan(c: &mut Client, t: TeachingId, title: &str) -> PlanId {
    c.get("/plans").await;
    let r = c.post("/plans", &[("scope", &format!("t{t}")), ("title", title)]).await;
    answered("a plan", &r, StatusCode::SEE_OTHER);
    r.location().trim_start_matches("/plans/").parse().unwrap()
}

#[tokio::test]
async fn a_plan_written_by_hand_is_text_on_its_pages_the_journal_and_the_export() {
    let d = demo();
    let t = six_a_maths(&d);
    let mut c = d.client("teacher").await;
    let title = hostile("=K1");
    let id = new_plan(&mut c, t, &title).await;
    c.get(&format!("/plans/{id}")).await;
    let (section, renamed) = (hostile("=K2"), hostile("+K3"));
    let r = c.post(&format!("/plans/{id}/sections"), &[("title", &section)]).await;
    answered("a section", &r, StatusCode::SEE_OTHER);
    let r = c.post(&format!("/plans/{id}/sections/0"), &[("title", &renamed)]).await;
    answered("a renamed section", &r, StatusCode::SEE_OTHER);
    let (topic, homework) = (hostile("=K4"), hostile("@K5"));
    for (i, hours) in ["40", "1"].iter().enumerate() {
        let name = format!("{topic}{i}");
        let fields = [
            ("title", name.as_str()),
            ("hours", hours),
            ("kind", "new"),
            ("section", "0"),
            ("homework", &homework),
        ];
        let r = c.post(&format!("/plans/{id}/topics"), &fields).await;
        answered("a topic", &r, StatusCode::SEE_OTHER);
    }
    let first = plan(&d, id).sections[0].topics[0].id;
    let edited = hostile("-K6");
    let r = c
        .post(
            &format!("/plans/{id}/topics/{first}"),
            &[
                ("title", &edited),
                ("hours", "40"),
                ("kind", "new"),
                ("section", "0"),
                ("homework", &homework),
            ],
        )
        .await;
    answered("an edited topic", &r, StatusCode::SEE_OTHER);
    let material = file_name("=F2", "pdf");
    let r = upload_raw(
        &mut c,
        &format!("/plans/{id}/topics/{first}/materials"),
        "file",
        material.as_bytes(),
        b"%PDF-1.4",
        false,
    )
    .await;
    answered("a material", &r, StatusCode::SEE_OTHER);

    let p = page(&mut c, &format!("/plans/{id}")).await;
    for v in [&title, &renamed, &edited, &homework] {
        assert_shown("the plan", &p.body, v);
    }
    let topic_page = page(&mut c, &format!("/plans/{id}/topics/{first}")).await;
    assert_shown("the topic", &topic_page.body, &material);
    for path in [
        "/plans".to_string(),
        "/plans/behind".to_string(),
        format!("/plans/{id}/copy"),
        format!("/plans/{id}/import"),
    ] {
        page(&mut c, &path).await;
    }
    // The plan filled the journal: its topics are in the grid and the lesson panel.
    let grid = page(&mut c, &format!("/journal/{t}")).await;
    assert_shown("the journal", &grid.body, &edited);
    let slug = lesson_slugs(&grid.body).pop().expect("a lesson");
    let panel = page(&mut c, &format!("/journal/{t}/lessons/{slug}")).await;
    assert_shown("the lesson panel", &panel.body, &edited);
    assert_shown("the lesson panel", &panel.body, &material);
    // A copy for the parallel under a hostile title; refused without a target, typed text kept.
    let copy_title = hostile("=K7");
    c.get(&format!("/plans/{id}/copy")).await;
    let r = c.post(&format!("/plans/{id}/copy"), &[("target", ""), ("title", &copy_title)]).await;
    answered("a refused copy", &r, StatusCode::UNPROCESSABLE_ENTITY);
    assert_shown("a refused copy", &r.body, &copy_title);
    let year = d.year;
    let r = c
        .post(&format!("/plans/{id}/copy"), &[("target", &format!("g{year}-6")), ("title", &copy_title)])
        .await;
    answered("a copy", &r, StatusCode::SEE_OTHER);
    let copy = page(&mut c, r.location()).await;
    assert_shown("the copy", &copy.body, &edited);
    let list = page(&mut c, "/plans").await;
    assert_shown("the plans", &list.body, &copy_title);
    let mut director = d.client("director").await;
    page(&mut director, &format!("/plans/{id}")).await;
    page(&mut director, "/plans/behind").await;

    // The export keeps every value as text.
    let x = c.get(&format!("/plans/{id}/export.xlsx")).await;
    assert_eq!(x.status, StatusCode::OK);
    assert_xlsx_defused("the plan's export", &x.bytes, &[&title, &renamed, &edited, &homework]);
}

/// A CSV of a plan: a section row and topics, every text cell hostile; a formula as a topic.
fn plan_csv() -> (Vec<u8>, Vec<String>) {
    let values = vec![
        hostile("=I1"),
        hostile("+I2"),
        hostile("-I3"),
        "=HYPERLINK(\"javascript:alert(1)\",\"x\")".to_string(),
    ];
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    w.write_record(["№ п/п", "Тема урока", "Кол-во часов", "Домашнее задание"]).unwrap();
    w.write_record(["", values[0].as_str(), "", ""]).unwrap();
    w.write_record(["1", values[1].as_str(), "2", values[2].as_str()]).unwrap();
    w.write_record(["2", values[3].as_str(), "1", "@SUM(A1)"]).unwrap();
    (w.into_inner().unwrap(), values)
}

/// The same as a workbook, with a real formula cell besides.
fn plan_xlsx() -> (Vec<u8>, Vec<String>) {
    let values = vec![hostile("=J1"), hostile("+J2"), hostile("-J3")];
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (c, head) in ["№ п/п", "Тема урока", "Кол-во часов", "Домашнее задание"].iter().enumerate()
    {
        s.write_string(0, c as u16, *head).unwrap();
    }
    s.write_string(1, 1, &values[0]).unwrap();
    s.write_number(2, 0, 1).unwrap();
    s.write_string(2, 1, &values[1]).unwrap();
    s.write_number(2, 2, 2).unwrap();
    s.write_string(2, 3, &values[2]).unwrap();
    s.write_number(3, 0, 2).unwrap();
    s.write_formula(3, 1, "=HYPERLINK(\"javascript:alert(1)\",\"x\")").unwrap();
    s.write_number(3, 2, 1).unwrap();
    (book.save_to_buffer().unwrap(), values)
}

#[tokio::test]
async fn an_imported_plan_is_text_in_its_preview_its_pages_and_its_export() {
    let d = demo();
    let t = six_a_maths(&d);
    let mut c = d.client("teacher").await;
    for (name, (bytes, values)) in
        [(file_name("=F3", "csv"), plan_csv()), (file_name("=F4", "xlsx"), plan_xlsx())]
    {
        let id = new_plan(&mut c, t, "").await;
        c.get(&format!("/plans/{id}/import")).await;
        let r =
            upload_raw(&mut c, &format!("/plans/{id}/import"), "file", name.as_bytes(), &bytes, false).await;
        answered("an import", &r, StatusCode::SEE_OTHER);
        let at = r.location().to_string();
        let preview = page(&mut c, &at).await;
        for v in &values {
            assert_shown("the preview", &preview.body, v);
        }
        let r = c.post(&at, &[("mode", "replace")]).await;
        answered("an applied import", &r, StatusCode::SEE_OTHER);
        let p = page(&mut c, &format!("/plans/{id}")).await;
        for v in &values {
            assert_shown("the imported plan", &p.body, v);
        }
        let x = c.get(&format!("/plans/{id}/export.xlsx")).await;
        let texts: Vec<&str> = values.iter().map(String::as_str).collect();
        assert_xlsx_defused("the imported plan's export", &x.bytes, &texts);
        // Delete it, so the next one is bound in its place.
        let r = c.post(&format!("/plans/{id}/delete"), &[]).await;
        answered("a deleted plan", &r, StatusCode::SEE_OTHER);
    }
}
