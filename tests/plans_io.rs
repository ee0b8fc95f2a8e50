//! Lesson plans in and out through the real router: import from CSV (Windows-1251, UTF-8) and
//! XLSX in teachers' layouts with a preview, per-row problems that refuse the whole file, the
//! XLSX export read back by the import, copies to another class, a grade and from last year;
//! and who may not.

use crate::common::{Client, Response, TestApp, today};
use axum::http::StatusCode;
use calamine::{Data, Reader as _, Xlsx};
use chrono::{Datelike, NaiveDate};
use parta::auth::accounts;
use parta::auth::model::Role;
use parta::auth::permission::Actor;
use parta::error::AppError;
use parta::plans::model::{LessonKind, Plan, PlanScope, Section, Topic};
use parta::plans::model::{PLAN_BINDINGS, PLANS};
use parta::plans::service::{self, NewPlan};
use parta::store::blobs;
use parta::store::ids::{ClassId, PlanId, SubjectId, TeachingId, YearId};
use parta::store::tables::BLOBS;
use parta::structure::model::Year;
use parta::structure::model::{SUBJECTS, YEARS};
use parta::structure::service::{classes_of, create_year, current_year_id, teaching_of, teaching_of_class};
use redb::Durability;
use rust_xlsxwriter::{Format, Workbook};

const PLAN_MIME: &str = "application/vnd.parta.plan-import";

/// The demo school as these tests use it.
struct Fx {
    year: YearId,
    year_start: NaiveDate,
    maths: SubjectId,
    /// The demo teacher's mathematics in 5А and 6А.
    maths_5a: TeachingId,
    maths_6a: TeachingId,
    /// Mathematics of another teacher.
    others_maths: TeachingId,
    /// The class chief's Russian in 5А.
    chiefs_russian: TeachingId,
}

fn fx(app: &TestApp) -> Fx {
    app.store()
        .read_blocking(|tx| {
            let id = |login: &str| accounts::find_by_login(tx, login).map(|u| u.unwrap().0);
            let (teacher, chief) = (id("teacher")?, id("chief")?);
            let year = current_year_id(tx)?.unwrap();
            let year_start = YEARS.get(tx, &year)?.unwrap().start;
            let class = |name: &str| -> Result<ClassId, AppError> {
                Ok(classes_of(tx, year)?.into_iter().find(|(_, c)| c.name() == name).unwrap().0)
            };
            let maths = SUBJECTS.all(tx)?.into_iter().find(|(_, s)| s.name == "Математика").unwrap().0;
            let mine = |class: ClassId| -> Result<TeachingId, AppError> {
                Ok(teaching_of_class(tx, class)?
                    .into_iter()
                    .find(|(_, t)| t.teacher == teacher && t.subject == maths)
                    .unwrap()
                    .0)
            };
            let (maths_5a, maths_6a) = (mine(class("5А")?)?, mine(class("6А")?)?);
            let others_maths = teaching_of(tx, year)?
                .into_iter()
                .find(|(_, t)| t.subject == maths && t.teacher != teacher)
                .expect("another teacher teaches mathematics")
                .0;
            let chiefs_russian = teaching_of_class(tx, class("5А")?)?
                .into_iter()
                .find(|(_, t)| t.teacher == chief && t.group.is_none())
                .unwrap()
                .0;
            Ok::<_, AppError>(Fx {
                year,
                year_start,
                maths,
                maths_5a,
                maths_6a,
                others_maths,
                chiefs_russian,
            })
        })
        .unwrap()
}

/// A new plan for `teaching` made through the plan list's form; its id.
async fn new_plan(c: &mut Client, teaching: TeachingId) -> PlanId {
    c.get("/plans").await;
    let r = c.post("/plans", &[("scope", &format!("t{teaching}")), ("title", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.location().trim_start_matches("/plans/").parse().unwrap()
}

fn plan(app: &TestApp, id: PlanId) -> Plan {
    app.store().read_blocking(|tx| PLANS.get(tx, &id)).unwrap().unwrap()
}

/// (section, title, hours, kind, control, homework) of every topic.
type Row = (String, String, u8, LessonKind, bool, String);

fn rows(p: &Plan) -> Vec<Row> {
    p.topics()
        .map(|(s, t)| {
            (p.sections[s].title.clone(), t.title.clone(), t.hours, t.kind, t.control, t.homework.clone())
        })
        .collect()
}

fn pending_uploads(app: &TestApp) -> usize {
    app.store()
        .read_blocking(|tx| BLOBS.all(tx))
        .unwrap()
        .into_iter()
        .filter(|(_, m)| m.mime == PLAN_MIME)
        .count()
}

/// Uploads a file for plan `id`; the preview it leads to, and that preview's address.
async fn upload(c: &mut Client, id: PlanId, name: &str, data: &[u8]) -> (Response, String) {
    let form = c.get(&format!("/plans/{id}/import")).await;
    assert_eq!(form.status, StatusCode::OK);
    let r = c.upload(&format!("/plans/{id}/import"), "file", name, data).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let at = r.location().to_string();
    assert!(at.starts_with(&format!("/plans/{id}/import/")), "{at}");
    (c.get(&at).await, at)
}

/// Uploads and applies with `mode`; asserts it went through.
async fn import(c: &mut Client, id: PlanId, name: &str, data: &[u8], mode: &str) {
    let (preview, at) = upload(c, id, name, data).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let r = c.post(&at, &[("mode", mode)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location(), format!("/plans/{id}"));
}

const SECTION_ROWS: &str = "Календарно-тематическое планирование по математике;;;;\r\n\
    5 класс, 2026/2027;;;;\r\n\
    ;;;;\r\n\
    № п/п;Тема урока;Кол-во часов;Дата проведения;Домашнее задание\r\n\
    ;Раздел 1. Натуральные числа (3 ч);;;\r\n\
    1;Ряд натуральных чисел;2;15.09;п. 1, № 5\r\n\
    2;Контрольная работа № 1;1;22.09;\r\n\
    ;Раздел 2. Дроби;;;\r\n\
    3;Доли и дроби;3;01.10;п. 7\r\n\
    ;Итого;6;;\r\n";

#[tokio::test]
async fn a_windows_1251_csv_with_section_rows_imports_after_its_preview() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    let bytes = encoding_rs::WINDOWS_1251.encode(SECTION_ROWS).0.into_owned();
    assert!(std::str::from_utf8(&bytes).is_err(), "the file really is Windows-1251");
    let (preview, at) = upload(&mut c, id, "ктп.csv", &bytes).await;
    assert_eq!(preview.status, StatusCode::OK);
    for text in [
        "Windows-1251",
        "Раздел 1. Натуральные числа",
        "Ряд натуральных чисел",
        "Доли и дроби",
        "Заменить план",
    ] {
        preview.assert_contains(text);
    }
    preview.assert_lacks("Итого");
    assert!(plan(&app, id).sections.is_empty(), "nothing changes before the confirmation");
    assert_eq!(pending_uploads(&app), 1);

    let r = c.post(&at, &[("mode", "replace")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = plan(&app, id);
    let s = |t: &str| t.to_string();
    assert_eq!(
        rows(&p),
        vec![
            (
                s("Раздел 1. Натуральные числа"),
                s("Ряд натуральных чисел"),
                2,
                LessonKind::Combined,
                false,
                s("п. 1, № 5")
            ),
            (
                s("Раздел 1. Натуральные числа"),
                s("Контрольная работа № 1"),
                1,
                LessonKind::Control,
                true,
                s("")
            ),
            (s("Раздел 2. Дроби"), s("Доли и дроби"), 3, LessonKind::Combined, false, s("п. 7")),
        ]
    );
    let first = p.topic(p.sections[0].topics[0].id).unwrap();
    assert_eq!(
        first.date,
        NaiveDate::from_ymd_opt(f.year_start.year(), 9, 15),
        "«15.09» falls in the study year"
    );
    assert!(p.sections.iter().flat_map(|s| &s.topics).all(|t| t.id > 0));
    assert_eq!(pending_uploads(&app), 0, "the upload is deleted once applied");
    // Applying twice is not possible: the file is gone.
    assert_eq!(c.post(&at, &[("mode", "replace")]).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_utf8_csv_with_a_section_column_replaces_then_appends() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    let first = "Раздел,Тема,Часы,Тип урока,Контроль\n\
        Натуральные числа,Счёт,1,Изучение нового материала,\n\
        ,Сравнение чисел,2,закрепление,\n\
        Натуральные числа,Проверочная работа,1,,+\n\
        Дроби,Доли,2,УОНМ,\n";
    import(&mut c, id, "plan.csv", first.as_bytes(), "replace").await;
    let p = plan(&app, id);
    assert_eq!(
        p.sections.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["Натуральные числа", "Дроби"]
    );
    assert_eq!(p.sections[0].topics.len(), 3);
    let check = &p.sections[0].topics[2];
    assert!(check.control, "a mark in «Контроль»");
    assert_eq!(p.sections[0].topics[1].kind, LessonKind::Practice);
    assert_eq!(p.sections[1].topics[0].kind, LessonKind::New);
    assert_eq!(p.hours(), 6);

    let more = "\u{FEFF}Раздел;Тема;Часы\nДроби;Сложение дробей;3\nПовторение;Итоговое повторение;2\n";
    import(&mut c, id, "more.csv", more.as_bytes(), "append").await;
    let p = plan(&app, id);
    let titles: Vec<&str> = p.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["Натуральные числа", "Дроби", "Дроби", "Повторение"]);
    assert_eq!(p.topics().count(), 6);
    assert_eq!(p.hours(), 11);
    // Earlier topics keep their ids.
    assert_eq!(p.sections[0].topics[2].id, check.id);
}

/// A workbook the way teachers keep it: title rows, merged-looking header, date cells, an
/// Excel serial date in a number cell, a section column.
fn teachers_workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    ws.write_string(0, 0, "Рабочая программа. КТП").unwrap();
    ws.write_string(1, 0, "Учитель: Смирнова О. Н.").unwrap();
    let header =
        ["№", "Раздел", "Тема урока", "Количество часов", "Дата", "Тип урока", "Д/з", "Контрольная работа"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    ws.write_number(4, 0, 1.0).unwrap();
    ws.write_string(4, 1, "Натуральные числа").unwrap();
    ws.write_string(4, 2, "Обозначение\nнатуральных чисел").unwrap();
    ws.write_number(4, 3, 2.0).unwrap();
    ws.write_datetime_with_format(4, 4, d(9, 2), &date).unwrap();
    ws.write_string(4, 5, "ОНЗ").unwrap();
    ws.write_string(4, 6, "§ 1").unwrap();
    ws.write_number(5, 0, 2.0).unwrap();
    ws.write_string(5, 2, "Отрезок").unwrap();
    ws.write_number(5, 3, 1.0).unwrap();
    ws.write_number(5, 4, 46276.0).unwrap(); // 11.09.2026 as a bare serial number
    ws.write_string(5, 5, "Комбинированный").unwrap();
    ws.write_number(6, 0, 3.0).unwrap();
    ws.write_string(6, 1, "Сложение").unwrap();
    ws.write_string(6, 2, "Сложение натуральных чисел").unwrap();
    ws.write_number(6, 3, 1.0).unwrap();
    ws.write_string(6, 4, "16.09.2026").unwrap();
    ws.write_string(6, 7, "К/р").unwrap();
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn an_xlsx_in_a_teachers_layout_imports() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    let (preview, at) = upload(&mut c, id, "ктп.xlsx", &teachers_workbook()).await;
    preview.assert_contains("Обозначение натуральных чисел");
    preview.assert_contains("книга Excel");
    assert_eq!(c.post(&at, &[("mode", "replace")]).await.status, StatusCode::SEE_OTHER);
    let p = plan(&app, id);
    assert_eq!(p.sections.len(), 2);
    let t: Vec<&Topic> = p.sections.iter().flat_map(|s| &s.topics).collect();
    assert_eq!(t[0].title, "Обозначение натуральных чисел");
    assert_eq!((t[0].hours, t[0].kind), (2, LessonKind::New));
    assert_eq!(t[0].homework, "§ 1");
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
    assert_eq!([t[0].date, t[1].date, t[2].date], [d(9, 2), d(9, 11), d(9, 16)]);
    assert!(t[2].control && !t[0].control);
}

#[tokio::test]
async fn rows_without_a_topic_or_with_bad_hours_are_listed_and_nothing_is_imported() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    import(&mut c, id, "good.csv", "Тема;Часы\nСчёт;1\n".as_bytes(), "replace").await;
    let before = plan(&app, id);

    let bad = "№;Тема урока;Часы\n1;Ряд чисел;1\n2;;1\n3;Сравнение;2\n4;Сложение;abc\n5;Вычитание;1\n";
    let (preview, at) = upload(&mut c, id, "bad.csv", bad.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK);
    preview.assert_contains("строка 3: нет темы");
    preview.assert_contains("строка 5: часы — не число от 1 до 40 («abc»)");
    preview.assert_contains("Ошибки в 2 строках");
    for mode in ["replace", "append"] {
        let r = c.post(&at, &[("mode", mode)]).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{mode}");
        r.assert_contains("строка 5: часы");
    }
    assert_eq!(plan(&app, id), before, "nothing half-imported");

    // A dropped upload goes away and leaves the plan as it was.
    let r = c.post(&format!("{at}/cancel"), &[]).await;
    assert_eq!((r.status, r.location()), (StatusCode::SEE_OTHER, format!("/plans/{id}").as_str()));
    assert_eq!(pending_uploads(&app), 0);
    assert_eq!(plan(&app, id), before);
}

#[tokio::test]
async fn a_file_without_a_topic_column_names_the_columns_expected() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    c.get(&format!("/plans/{id}/import")).await;
    let r = c
        .upload(&format!("/plans/{id}/import"), "file", "list.csv", "Фамилия;Имя\nИванов;Пётр\n".as_bytes())
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("не найден столбец с темами");
    r.assert_contains("«Тема урока»");
    let r = c.upload(&format!("/plans/{id}/import"), "file", "x.pdf", b"%PDF-1.7 ...").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(pending_uploads(&app), 0);
}

/// Cells of the first sheet as text.
fn sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::DateTime(_) => "<date>".to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn an_export_imports_back_as_the_same_plan() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    let source = "Раздел;Тема;Часы;Тип урока;Д/з;Контроль\n\
        Числа;Счёт;2;Изучение нового материала;§ 1;\n\
        Числа;Контрольная работа № 1;1;;;\n\
        Дроби;Доли;1;Повторение;«Задачи» 1–5;\n\
        Дроби;Практическая работа;1;лабораторная;;да\n";
    import(&mut c, id, "plan.csv", source.as_bytes(), "replace").await;
    let original = plan(&app, id);

    let r = c.send(axum::http::Method::GET, &format!("/plans/{id}/export.xlsx"), None, Vec::new(), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").contains("spreadsheetml"));
    assert!(r.header("content-disposition").contains(".xlsx"));
    // The body went through a lossy UTF-8 conversion in the client: fetch the bytes again.
    let bytes = export_bytes(&app, &mut c, id).await;
    let cells = sheet(&bytes);
    let text: Vec<String> = cells.iter().map(|r| r.join("|")).collect();
    assert!(text.iter().any(|r| r.contains("Математика")), "{text:#?}");
    assert!(text.iter().any(|r| r.contains("5А")));
    assert!(text.iter().any(|r| r.starts_with("№|Раздел|Тема урока|Кол-во часов")));
    assert!(text.iter().any(|r| r.contains("Итого") && r.contains("|5")));
    // Bound to 5А on creation: the topics have the dates of its lessons.
    assert!(cells.iter().any(|r| r.iter().any(|c| c == "<date>")), "{text:#?}");

    let copy = new_plan(&mut c, f.maths_6a).await;
    import(&mut c, copy, "export.xlsx", &bytes, "replace").await;
    assert_eq!(rows(&plan(&app, copy)), rows(&original));
}

/// The export's bytes, read straight from the router.
async fn export_bytes(app: &TestApp, c: &mut Client, id: PlanId) -> Vec<u8> {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let req = axum::http::Request::get(format!("/plans/{id}/export.xlsx"))
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap();
    let r = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.into_body().collect().await.unwrap().to_bytes().to_vec()
}

#[tokio::test]
async fn a_plan_copies_to_another_class_and_to_the_grade() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    import(&mut c, id, "plan.csv", SECTION_ROWS.as_bytes(), "replace").await;
    let source = plan(&app, id);

    let page = c.get(&format!("/plans/{id}/copy")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains(&format!("value=\"t{}\"", f.maths_6a));
    page.assert_contains(&format!("value=\"g{}-5\"", f.year));
    page.assert_lacks(&format!("value=\"t{}\"", f.others_maths));

    let r = c
        .post(
            &format!("/plans/{id}/copy"),
            &[("target", &format!("t{}", f.maths_6a)), ("title", ""), ("bind", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let new: PlanId = r.location().trim_start_matches("/plans/").parse().unwrap();
    let copy = plan(&app, new);
    assert_eq!(copy.scope, PlanScope::Teaching(f.maths_6a));
    assert_eq!((copy.year, copy.subject), (f.year, f.maths));
    assert_eq!(copy.sections, source.sections, "topics with their ids, and the same year keeps the dates");
    assert_eq!(app.store().read_blocking(|tx| PLAN_BINDINGS.get(tx, &f.maths_6a)).unwrap(), Some(new));

    let r = c
        .post(
            &format!("/plans/{id}/copy"),
            &[("target", &format!("g{}-5", f.year)), ("title", "Для параллели")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let grade = plan(&app, r.location().trim_start_matches("/plans/").parse().unwrap());
    assert_eq!((grade.scope, grade.title.as_str()), (PlanScope::Grade(5), "Для параллели"));
    assert_eq!(rows(&grade), rows(&source));

    // No target: the form again with its message.
    let r = c.post(&format!("/plans/{id}/copy"), &[("target", ""), ("title", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Выберите класс или параллель");
}

#[tokio::test]
async fn last_years_plan_copies_into_this_year_with_its_materials() {
    let app = TestApp::demo();
    let f = fx(&app);
    let (old, material, last) = app
        .store()
        .write_blocking(Durability::Immediate, |tx| {
            let admin = accounts::find_by_login(tx, "admin")?.unwrap().0;
            let admin =
                Actor { id: admin, roles: vec![Role::Admin], today: today(), now: crate::common::unix() };
            let start = NaiveDate::from_ymd_opt(f.year_start.year() - 1, 9, 1).unwrap();
            let last = create_year(
                tx,
                Year {
                    name: "Прошлый год".into(),
                    start,
                    end: f.year_start.pred_opt().unwrap(),
                    closed: false,
                },
            )?;
            let id = service::create(
                tx,
                &admin,
                NewPlan { year: last, subject: f.maths, scope: PlanScope::Grade(5), title: "2025".into() },
            )?;
            let material = blobs::put(
                tx,
                "задачи.pdf",
                "application/pdf",
                b"%PDF tasks",
                Some(admin.id),
                crate::common::unix(),
            )?;
            let topic = Topic {
                id: 0,
                title: "Натуральные числа".into(),
                hours: 3,
                kind: LessonKind::New,
                control: false,
                homework: "§ 1".into(),
                materials: vec![material],
                date: NaiveDate::from_ymd_opt(start.year(), 9, 3),
            };
            service::replace_sections(
                tx,
                &admin,
                id,
                vec![Section { title: "Числа".into(), topics: vec![topic] }],
                today(),
            )?;
            let mut y = YEARS.get(tx, &last)?.unwrap();
            y.closed = true;
            YEARS.insert(tx, &last, &y)?;
            Ok::<_, AppError>((id, material, last))
        })
        .unwrap();
    let mut c = app.signed_in("teacher").await;
    let page = c.get(&format!("/plans/{old}/copy")).await;
    assert_eq!(page.status, StatusCode::OK, "a teacher reads last year's plans");
    page.assert_contains(&format!("value=\"t{}\"", f.maths_5a));
    page.assert_lacks("Прошлый год</span>");
    let r = c
        .post(&format!("/plans/{old}/copy"), &[("target", &format!("t{}", f.maths_5a)), ("title", "")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let new = plan(&app, r.location().trim_start_matches("/plans/").parse().unwrap());
    assert_eq!((new.year, new.scope, new.title.as_str()), (f.year, PlanScope::Teaching(f.maths_5a), "2025"));
    let topic = &new.sections[0].topics[0];
    assert_eq!(topic.date, None, "last year's dates do not carry over");
    assert_eq!(topic.id, plan(&app, old).sections[0].topics[0].id);
    assert_eq!(topic.materials, vec![material], "the materials come along");
    // Into the closed year itself: not offered, and refused.
    page.assert_lacks(&format!("value=\"g{last}-5\""));
    let r = c.post(&format!("/plans/{old}/copy"), &[("target", &format!("g{last}-5"))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_teacher_may_not_import_into_another_teachers_plan_nor_copy_where_they_do_not_teach() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut chief = app.signed_in("chief").await;
    let russian = new_plan(&mut chief, f.chiefs_russian).await;
    let mut c = app.signed_in("teacher").await;
    c.get("/").await;
    assert_eq!(c.get(&format!("/plans/{russian}/import")).await.status, StatusCode::FORBIDDEN);
    let r = c.upload(&format!("/plans/{russian}/import"), "file", "p.csv", "Тема\nСчёт\n".as_bytes()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(pending_uploads(&app), 0);
    // The chief's upload is the chief's: the teacher cannot apply or cancel it.
    let (_, at) = upload(&mut chief, russian, "p.csv", "Тема\nДиктант\n".as_bytes()).await;
    c.get("/").await;
    assert_eq!(c.get(&at).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.post(&at, &[("mode", "replace")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(c.post(&format!("{at}/cancel"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(pending_uploads(&app), 1);
    // Teachers read every plan: the export is open to them.
    assert_eq!(c.get(&format!("/plans/{russian}/export.xlsx")).await.status, StatusCode::OK);

    let own = new_plan(&mut c, f.maths_5a).await;
    let plans_before = app.store().read_blocking(|tx| PLANS.all(tx)).unwrap().len();
    let r = c.post(&format!("/plans/{own}/copy"), &[("target", &format!("t{}", f.others_maths))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "mathematics of another teacher");
    let r = c.post(&format!("/plans/{own}/copy"), &[("target", &format!("t{}", f.chiefs_russian))]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "another subject");
    assert_eq!(app.store().read_blocking(|tx| PLANS.all(tx)).unwrap().len(), plans_before, "nothing made");
    // An admin opening the teacher's upload finds it gone: uploads are their uploader's.
    let (_, mine) = upload(&mut c, own, "p.csv", "Тема\nСчёт\n".as_bytes()).await;
    let mut admin = app.signed_in("admin").await;
    assert_eq!(admin.get(&mine).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_student_is_refused_on_every_route() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut t = app.signed_in("teacher").await;
    let id = new_plan(&mut t, f.maths_5a).await;
    let (_, at) = upload(&mut t, id, "p.csv", "Тема\nСчёт\n".as_bytes()).await;
    for login in ["student", "parent"] {
        let mut s = app.signed_in(login).await;
        s.get("/").await;
        for path in [
            format!("/plans/{id}/import"),
            at.clone(),
            format!("/plans/{id}/export.xlsx"),
            format!("/plans/{id}/copy"),
        ] {
            assert_eq!(s.get(&path).await.status, StatusCode::FORBIDDEN, "{login} GET {path}");
        }
        let r = s.upload(&format!("/plans/{id}/import"), "file", "p.csv", "Тема\nСчёт\n".as_bytes()).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        for path in [at.clone(), format!("{at}/cancel"), format!("/plans/{id}/copy")] {
            assert_eq!(
                s.post(&path, &[("mode", "replace")]).await.status,
                StatusCode::FORBIDDEN,
                "{login} POST {path}"
            );
        }
        let r = s.post(&format!("/plans/{id}/copy"), &[("target", &format!("g{}-5", f.year))]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    assert!(plan(&app, id).sections.is_empty());
    assert_eq!(pending_uploads(&app), 1);
}

#[tokio::test]
async fn an_oversize_upload_is_refused() {
    let app = TestApp::demo();
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    c.get(&format!("/plans/{id}/import")).await;
    let mut big = b"Tema;Chasy\n".to_vec();
    big.resize(2 * 1024 * 1024 + 1, b'x');
    let r = c.upload(&format!("/plans/{id}/import"), "file", "big.csv", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(pending_uploads(&app), 0);
    // Without a file: the form again.
    let r = c.upload(&format!("/plans/{id}/import"), "other", "x.csv", b"x").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    r.assert_contains("Выберите файл");
}

#[tokio::test]
async fn the_import_form_states_the_limit_the_server_enforces() {
    let app = TestApp::demo_with(|c| c.max_upload_mb = 1);
    let f = fx(&app);
    let mut c = app.signed_in("teacher").await;
    let id = new_plan(&mut c, f.maths_5a).await;
    let r = c.get(&format!("/plans/{id}/import")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_contains("Не больше 1 МБ");
    r.assert_lacks("Не больше 2 МБ");
}
