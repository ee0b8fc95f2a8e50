//! Import and export of lists through the real router: upload, preview, confirm; templates and
//! exports read back; all-or-nothing; limits; and who may not.

use std::collections::BTreeMap;

use crate::common::{Client, TestApp};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Data, Reader as _, Xlsx};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use parta::auth::model::Role;
use parta::auth::model::USERS;
use parta::error::AppError;
use parta::people::model::STUDENTS;
use parta::people::model::{Relation, Sex};
use parta::people::service::{children_of, class_of, guardians_of};
use parta::store::ids::{ClassId, UserId};
use parta::store::tables::BLOBS;
use parta::structure::model::{Class, Year};
use parta::structure::service::{classes_of, create_year, current_year_id, save_class};
use rust_xlsxwriter::{Format, Workbook};
use tower::ServiceExt;

const HEADER: &str = "Фамилия;Имя;Отчество;Дата рождения;Пол;Класс;Логин;Родитель 1 ФИО;Родитель 1 кем приходится;\
Родитель 1 телефон;Родитель 1 e-mail;Родитель 2 ФИО;Родитель 2 кем приходится;Родитель 2 телефон;Родитель 2 e-mail";

fn today(app: &TestApp) -> NaiveDate {
    app.state.today()
}

/// The classes of the current year named `names` («7Э»), created when missing (and the year
/// too, when the school has none).
fn classes(app: &TestApp, names: &[(u8, &str)]) -> BTreeMap<String, ClassId> {
    let today = today(app);
    app.store()
        .write_blocking(redb::Durability::Immediate, |tx| {
            let year = match current_year_id(tx)? {
                Some(y) => y,
                None => create_year(tx, Year::containing(today))?,
            };
            let mut out = BTreeMap::new();
            for &(grade, letter) in names {
                let name = format!("{grade}{letter}");
                let existing = classes_of(tx, year)?.into_iter().find(|(_, c)| c.name() == name);
                let id = match existing {
                    Some((id, _)) => id,
                    None => save_class(
                        tx,
                        None,
                        Class {
                            year,
                            grade,
                            letter: letter.into(),
                            chiefs: vec![],
                            room: String::new(),
                            profile: String::new(),
                        },
                    )?,
                };
                out.insert(name, id);
            }
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

/// Accounts whose surname starts with `prefix`, by full name.
fn people(app: &TestApp, prefix: &str) -> BTreeMap<String, (UserId, parta::auth::model::User)> {
    app.store()
        .read_blocking(|tx| {
            let mut out = BTreeMap::new();
            for (id, u) in USERS.all(tx)? {
                if u.surname.starts_with(prefix) {
                    out.insert(u.full_name(), (id, u));
                }
            }
            Ok::<_, AppError>(out)
        })
        .unwrap()
}

fn user_count(app: &TestApp) -> u64 {
    app.store().read_blocking(|tx| Ok::<_, AppError>(USERS.count(tx)?)).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Uploads a file for `list` (students or staff); returns the preview page's address.
async fn upload(c: &mut Client, list: &str, name: &str, bytes: &[u8]) -> String {
    c.get(&format!("/exchange/{list}")).await;
    let r = c.upload(&format!("/exchange/{list}"), "file", name, bytes).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "upload refused: {}", r.body);
    assert!(r.location().starts_with("/exchange/preview?file="), "{}", r.location());
    r.location().to_string()
}

fn file_id(preview_url: &str) -> String {
    preview_url.rsplit('=').next().unwrap().to_string()
}

/// A GET whose body is kept as bytes (the common client reads text).
async fn download(app: &TestApp, c: &Client, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let cookie = c.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let req = Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    let r = app.router.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    (status, headers, r.into_body().collect().await.unwrap().to_bytes().to_vec())
}

/// Three students of two classes; the first two are siblings sharing a mother (written with
/// two spellings of one phone); the first also has a father.
fn siblings_csv(surname: &str) -> String {
    let f = surname;
    [
        HEADER.to_string(),
        format!("{f};Савва;Ильич;01.09.2012;м;7Э;;{f}а Вера Павловна;мать;+7 900 555-01-01;;{f} Илья Петрович;отец;;ilya@example.ru"),
        format!("{f}а;Злата;Ильинична;2013-03-15;Ж;8 ю;;{f}а Вера Павловна;Мама;8 (900) 5550101;vera@example.ru;;;;"),
        format!("{f}а;Ника;;07.05.2012;ж;7-э;;{f}а Ольга Сергеевна;опекун;+7 900 555-02-02;;;;;"),
    ]
    .join("\r\n")
}

#[tokio::test]
async fn a_windows_1251_csv_imports_students_and_shares_the_siblings_mother() {
    let app = TestApp::demo();
    let ids = classes(&app, &[(7, "Э"), (8, "Ю")]);
    let mut admin = app.signed_in("admin").await;
    let csv = siblings_csv("Кодировкин");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1251.encode(&csv);
    assert!(!unmappable);
    let url = upload(&mut admin, "students", "список.csv", &bytes).await;
    let before = user_count(&app);

    let page = admin.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Windows-1251");
    page.assert_contains("разделитель «;»");
    page.assert_contains("Ошибок нет");
    page.assert_contains("как в строке 2");
    page.assert_contains("kodirovkina.vp");
    assert_eq!(user_count(&app), before, "a preview writes nothing");

    let file = file_id(&url);
    let done = admin.post("/exchange/confirm", &[("file", &file)]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    done.assert_contains("Импорт выполнен");
    // 3 students + mother + father + guardian.
    assert_eq!(user_count(&app), before + 6);

    let found = people(&app, "Кодировкин");
    let savva = found["Кодировкин Савва Ильич"].0;
    let zlata = found["Кодировкина Злата Ильинична"].0;
    let nika = found["Кодировкина Ника"].0;
    let mother = &found["Кодировкина Вера Павловна"];
    assert!(mother.1.has(Role::Parent) && mother.1.email == "vera@example.ru");
    assert_eq!(mother.1.phone, "+7 900 555-01-01");
    let today = today(&app);
    app.store()
        .read_blocking(|tx| {
            let day = today
                .max(parta::structure::model::YEARS.get(tx, &current_year_id(tx)?.unwrap())?.unwrap().start);
            assert_eq!(class_of(tx, savva, day)?, Some(ids["7Э"]));
            assert_eq!(class_of(tx, zlata, day)?, Some(ids["8Ю"]));
            assert_eq!(class_of(tx, nika, day)?, Some(ids["7Э"]));
            let info = STUDENTS.get(tx, &zlata)?.unwrap();
            assert_eq!((info.birth_date, info.sex), (Some(d(2013, 3, 15)), Some(Sex::Female)));
            let mut kids = children_of(tx, mother.0)?;
            kids.sort();
            assert_eq!(kids, vec![savva, zlata], "one mother for both siblings");
            let g = guardians_of(tx, savva)?;
            assert_eq!(g.len(), 2);
            assert!(g.iter().any(|(p, x)| *p == mother.0 && x.relation == Relation::Mother));
            assert!(g.iter().any(|(_, x)| x.relation == Relation::Father));
            assert_eq!(guardians_of(tx, nika)?[0].1.relation, Relation::Guardian);
            assert!(!BLOBS.contains(tx, &file.parse().unwrap())?, "the upload is deleted after import");
            Ok::<_, AppError>(())
        })
        .unwrap();
    // Confirming again finds nothing to import.
    let again = admin.post("/exchange/confirm", &[("file", &file)]).await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    again.assert_contains("больше недоступен");
}

/// A students workbook: dates as date cells, an Excel serial number and text.
fn students_xlsx(surname: &str) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let header = [
        "Класс",
        "ФИО",
        "Дата рождения",
        "Пол",
        "Родитель 1 ФИО",
        "Родитель 1 кем приходится",
        "Родитель 1 телефон",
        "Примечание",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let f = surname;
    let rows: [(&str, String, &str); 3] = [
        ("7Э", format!("{f} Тимур Русланович"), "м"),
        ("7Э", format!("{f}а Алия Руслановна"), "ж"),
        ("8Ю", format!("{f} Марат Русланович"), "м"),
    ];
    for (r, (class, name, sex)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, *class).unwrap();
        ws.write_string(r, 1, name).unwrap();
        match r {
            1 => ws.write_datetime_with_format(r, 2, d(2012, 4, 1), &date).map(|_| ()).unwrap(),
            2 => ws.write_number(r, 2, 41550.0).map(|_| ()).unwrap(), // 2013-10-03 as a bare serial
            _ => ws.write_string(r, 2, "05.06.2011").map(|_| ()).unwrap(),
        }
        ws.write_string(r, 3, *sex).unwrap();
        ws.write_string(r, 4, format!("{f} Руслан Маратович")).unwrap();
        ws.write_string(r, 5, "отец").unwrap();
        ws.write_number(r, 6, 79005550303.0).unwrap(); // a phone typed as a number
        ws.write_string(r, 7, "что угодно").unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn an_xlsx_imports_with_date_cells_serials_and_one_father_for_three() {
    let app = TestApp::demo();
    let ids = classes(&app, &[(7, "Э"), (8, "Ю")]);
    let mut admin = app.signed_in("admin").await;
    let url = upload(&mut admin, "students", "class.xlsx", &students_xlsx("Книгин")).await;
    let page = admin.get(&url).await;
    page.assert_contains("XLSX");
    page.assert_contains("«Примечание»");
    page.assert_contains("Ошибок нет");
    let done = admin.post("/exchange/confirm", &[("file", &file_id(&url))]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let found = people(&app, "Книгин");
    assert_eq!(found.len(), 4, "three children and one father: {:?}", found.keys());
    let father = &found["Книгин Руслан Маратович"];
    assert_eq!(father.1.phone, "79005550303");
    let alia = found["Книгина Алия Руслановна"].0;
    let marat = found["Книгин Марат Русланович"].0;
    app.store()
        .read_blocking(|tx| {
            assert_eq!(children_of(tx, father.0)?.len(), 3);
            assert_eq!(STUDENTS.get(tx, &alia)?.unwrap().birth_date, Some(d(2013, 10, 3)));
            assert_eq!(STUDENTS.get(tx, &marat)?.unwrap().birth_date, Some(d(2011, 6, 5)));
            let day = today(&app)
                .max(parta::structure::model::YEARS.get(tx, &current_year_id(tx)?.unwrap())?.unwrap().start);
            assert_eq!(class_of(tx, marat, day)?, Some(ids["8Ю"]));
            Ok::<_, AppError>(())
        })
        .unwrap();
}

#[tokio::test]
async fn staff_import_reads_roles_and_positions() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    let csv = "Фамилия,Имя,Отчество,Должность,Роли,Логин,Телефон,E-mail\n\
        Штатова,Галина,Ивановна,Учитель химии,\"учитель, завуч\",shtatova,+7 900 1,g@example.ru\n\
        Штатов,Игорь,,Педагог-психолог,психолог,,,\n";
    let url = upload(&mut admin, "staff", "staff.csv", csv.as_bytes()).await;
    let page = admin.get(&url).await;
    page.assert_contains("UTF-8");
    page.assert_contains("разделитель «,»");
    let done = admin.post("/exchange/confirm", &[("file", &file_id(&url))]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let found = people(&app, "Штатов");
    let g = &found["Штатова Галина Ивановна"].1;
    assert_eq!((g.login.as_str(), g.position.as_str()), ("shtatova", "Учитель химии"));
    assert_eq!(g.roles, vec![Role::Principal, Role::Teacher]);
    let i = &found["Штатов Игорь"].1;
    assert_eq!((i.login.as_str(), i.roles.clone()), ("shtatov.i", vec![Role::Psychologist]));
}

#[tokio::test]
async fn one_bad_row_is_named_and_nothing_is_imported() {
    let app = TestApp::demo();
    classes(&app, &[(7, "Э"), (8, "Ю")]);
    let mut admin = app.signed_in("admin").await;
    let f = "Ошибкин";
    let csv = [
        HEADER.to_string(),
        format!("{f};Олег;;01.09.2012;м;7Э;;;;;;;;;"),
        format!("{f};Пётр;;31.02.2012;м;7Э;;;;;;;;;"),
        format!("{f};Семён;;01.09.2012;м;7Я;;{f}а Анна;соседка;;;;;;"),
        format!("{f};Олег;;01.09.2012;м;8Ю;admin;;;;;;;;"),
    ]
    .join("\n");
    let url = upload(&mut admin, "students", "bad.csv", csv.as_bytes()).await;
    let page = admin.get(&url).await;
    page.assert_contains("«31.02.2012» — не дата");
    page.assert_contains("Класса «7Я» нет в текущем учебном году");
    page.assert_contains("«соседка» — не понято");
    page.assert_contains("Повторяет строку 2");
    page.assert_contains("«Логин»: «admin» уже занят");
    page.assert_contains("<code>admin</code>");
    page.assert_contains("Ошибки в 3 строках");
    page.assert_lacks("⟦");
    assert!(
        page.body.contains("disabled>Импортировать") || page.body.contains("disabled=\"\""),
        "confirm is disabled"
    );
    let before = user_count(&app);
    let refused = admin.post("/exchange/confirm", &[("file", &file_id(&url))]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("Ошибки в 3 строках");
    assert_eq!(user_count(&app), before, "nothing half-imported");
    assert!(people(&app, f).is_empty());
    // Cancelling drops the upload.
    let cancelled = admin.post("/exchange/cancel", &[("file", &file_id(&url))]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(admin.get(&url).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn files_that_are_not_lists_are_refused_with_a_reason() {
    let app = TestApp::demo();
    let mut admin = app.signed_in("admin").await;
    admin.get("/exchange/students").await;
    for (name, bytes, message) in [
        ("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "Это не таблица"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj".to_vec(), "Это не таблица"),
        ("old.xls", vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "старого формата (XLS)"),
        ("list.csv", "Фамилия;Имя\nИванов;Пётр\n".as_bytes().to_vec(), "нет обязательных столбцов: «Класс»"),
    ] {
        let r = admin.upload("/exchange/students", "file", name, &bytes).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        r.assert_contains(message);
    }
    let none = admin.upload("/exchange/students", "other", "x.csv", b"x").await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    none.assert_contains("Выберите файл");
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_413() {
    let app = TestApp::demo_with(|c| c.max_upload_mb = 1);
    let mut admin = app.signed_in("admin").await;
    admin.get("/exchange/students").await;
    let big = "Фамилия;Имя;Класс\n".repeat(90_000).into_bytes();
    assert!(big.len() > 1024 * 1024 + 64 * 1024);
    let r = admin.upload("/exchange/students", "file", "big.csv", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_large_file_with_one_bad_row_shows_it_first_and_imports_nothing() {
    let app = TestApp::demo();
    classes(&app, &[(7, "Э")]);
    let mut admin = app.signed_in("admin").await;
    let mut csv = String::from("Фамилия;Имя;Дата рождения;Класс\n");
    for i in 0..10_000 {
        let date =
            if i == 7_345 { "не помню".to_string() } else { format!("{:02}.01.2012", i % 28 + 1) };
        csv.push_str(&format!("Многострочный;Ученик{i};{date};7Э\n"));
    }
    let url = upload(&mut admin, "students", "big.csv", csv.as_bytes()).await;
    let page = admin.get(&url).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("10000 строк");
    page.assert_contains("Ошибки в 1 строке");
    page.assert_contains("Страница 1 из 100");
    let first_row = page.body.find("Ученик7345").expect("the bad row is on the first page");
    assert!(first_row < page.body.find("Ученик0<").expect("good rows follow on the first page"));
    let refused = admin.post("/exchange/confirm", &[("file", &file_id(&url))]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(people(&app, "Многострочный").is_empty());
}

#[tokio::test]
async fn templates_are_real_workbooks_and_csv_files() {
    let app = TestApp::demo();
    let admin = app.signed_in("admin").await;
    let (status, headers, bytes) = download(&app, &admin, "/exchange/template/students.xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".xlsx"));
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("Фамилия".into())));
    assert_eq!(range.get((0, 7)), Some(&Data::String("Родитель 1 ФИО".into())));
    assert!(matches!(range.get((1, 3)), Some(Data::DateTime(_))), "the example date is a date cell");
    let (_, headers, csv) = download(&app, &admin, "/exchange/template/staff.csv").await;
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with("Фамилия;Имя;Отчество;Должность;Роли;Логин;Телефон;E-mail\r\n"), "{text}");
}

/// Imports the siblings file into `app`; returns the classes.
async fn import_siblings(app: &TestApp, surname: &str) -> BTreeMap<String, ClassId> {
    let ids = classes(app, &[(7, "Э"), (8, "Ю")]);
    let mut admin = app.signed_in("admin").await;
    let url = upload(&mut admin, "students", "s.csv", siblings_csv(surname).as_bytes()).await;
    let done = admin.post("/exchange/confirm", &[("file", &file_id(&url))]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    ids
}

#[tokio::test]
async fn the_xlsx_export_has_dates_a_frozen_header_and_the_import_columns() {
    let app = TestApp::demo();
    let ids = import_siblings(&app, "Выгрузкин").await;
    let admin = app.signed_in("admin").await;
    let path = format!("/exchange/export/students.xlsx?class={}", ids["7Э"]);
    let (status, _, bytes) = download(&app, &admin, &path).await;
    assert_eq!(status, StatusCode::OK);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), vec!["Ученики".to_string()]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let header: Vec<String> = (0..15).map(|c| range.get((0, c)).unwrap().to_string()).collect();
    assert_eq!(header.join(";"), HEADER);
    let rows: Vec<Vec<Data>> = range.rows().skip(1).map(|r| r.to_vec()).collect();
    let names: Vec<String> = rows.iter().map(|r| format!("{} {}", r[0], r[1])).collect();
    assert_eq!(names, vec!["Выгрузкин Савва", "Выгрузкина Ника"], "only 7Э, by name");
    let savva = &rows[0];
    match &savva[3] {
        Data::DateTime(dt) => assert_eq!(dt.as_datetime().unwrap().date(), d(2012, 9, 1)),
        other => panic!("a date cell expected, got {other:?}"),
    }
    assert_eq!(savva[4], Data::String("м".into()));
    assert_eq!(savva[5], Data::String("7Э".into()));
    assert_eq!(savva[6], Data::String("vygruzkin.si".into()));
    assert_eq!(savva[7], Data::String("Выгрузкина Вера Павловна".into()));
    assert_eq!(savva[8], Data::String("мать".into()));
    assert_eq!(savva[9], Data::String("+7 900 555-01-01".into()));
    assert_eq!(savva[10], Data::String("vera@example.ru".into()));
    assert_eq!(savva[12], Data::String("отец".into()));
    assert_eq!(rows[1][11], Data::Empty, "Ника has one guardian");
    // The staff export holds the demo staff with their roles.
    let (_, _, staff) = download(&app, &admin, "/exchange/export/staff.xlsx").await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(staff)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert!(
        range
            .rows()
            .any(|r| r[5] == Data::String("teacher".into()) && r[4] == Data::String("учитель".into()))
    );
    assert!(!range.rows().any(|r| r[5] == Data::String("student".into())), "students are not staff");
}

#[tokio::test]
async fn a_csv_export_imports_elsewhere_as_the_same_people() {
    let source = TestApp::demo();
    let ids = import_siblings(&source, "Переносов").await;
    let admin = source.signed_in("admin").await;
    let mut csv = Vec::new();
    for class in ["7Э", "8Ю"] {
        let (status, _, bytes) =
            download(&source, &admin, &format!("/exchange/export/students.csv?class={}", ids[class])).await;
        assert_eq!(status, StatusCode::OK);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        if csv.is_empty() {
            csv = bytes;
        } else {
            // The second file without its BOM and header.
            let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
            csv.extend_from_slice(text.split_once("\r\n").unwrap().1.as_bytes());
        }
    }
    let target = TestApp::demo();
    classes(&target, &[(7, "Э"), (8, "Ю")]);
    let mut other = target.signed_in("admin").await;
    let url = upload(&mut other, "students", "export.csv", &csv).await;
    other.get(&url).await.assert_contains("Ошибок нет");
    let done = other.post("/exchange/confirm", &[("file", &file_id(&url))]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);

    /// Everyone named Переносов*: name, login, roles, phone, e-mail, birth date, sex, and the
    /// names and relations of their children.
    fn snapshot(app: &TestApp) -> Vec<String> {
        let found = people(app, "Переносов");
        app.store()
            .read_blocking(|tx| {
                let mut out = Vec::new();
                for (name, (id, u)) in &found {
                    let info = STUDENTS.get(tx, id)?.unwrap_or_default();
                    let mut kids: Vec<String> = Vec::new();
                    for k in children_of(tx, *id)? {
                        let rel = guardians_of(tx, k)?.into_iter().find(|(p, _)| p == id).unwrap().1.relation;
                        kids.push(format!("{}:{}", USERS.get(tx, &k)?.unwrap().full_name(), rel.key()));
                    }
                    kids.sort();
                    out.push(format!(
                        "{name}|{}|{:?}|{}|{}|{:?}|{:?}|{}",
                        u.login,
                        u.roles,
                        u.phone,
                        u.email,
                        info.birth_date,
                        info.sex,
                        kids.join(",")
                    ));
                }
                Ok::<_, AppError>(out)
            })
            .unwrap()
    }
    let (a, b) = (snapshot(&source), snapshot(&target));
    assert_eq!(a.len(), 6);
    assert_eq!(a, b);
}

#[tokio::test]
async fn only_admins_and_principals_may_import_or_export() {
    let app = TestApp::demo();
    classes(&app, &[(7, "Э"), (8, "Ю")]);
    // A pending upload of the admin: others may not see or confirm it.
    let mut admin = app.signed_in("admin").await;
    let url = upload(&mut admin, "students", "s.csv", siblings_csv("Запретов").as_bytes()).await;
    let file = file_id(&url);
    let mut director = app.signed_in("director").await;
    let overview = director.get("/exchange").await;
    assert_eq!(overview.status, StatusCode::OK);
    overview.assert_contains("Родитель 1 кем приходится");
    overview.assert_lacks("⟦");
    let form = director.get("/exchange/staff").await;
    form.assert_contains("enctype=\"multipart/form-data\"");
    form.assert_lacks("⟦");
    // …but not another person's pending upload.
    assert_eq!(director.get(&url).await.status, StatusCode::BAD_REQUEST);
    for login in ["teacher", "student", "parent"] {
        let mut c = app.signed_in(login).await;
        c.get("/").await;
        for path in [
            "/exchange",
            "/exchange/students",
            "/exchange/staff",
            url.as_str(),
            "/exchange/template/students.xlsx",
            "/exchange/template/staff.csv",
            "/exchange/export/students.xlsx",
            "/exchange/export/students.csv",
            "/exchange/export/staff.xlsx",
            "/exchange/export/staff.csv",
        ] {
            assert_eq!(c.get(path).await.status, StatusCode::FORBIDDEN, "{login} GET {path}");
        }
        c.get("/").await;
        for list in ["students", "staff"] {
            let r = c
                .upload(&format!("/exchange/{list}"), "file", "s.csv", siblings_csv("Чужов").as_bytes())
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{login} upload {list}");
        }
        for path in ["/exchange/confirm", "/exchange/cancel"] {
            assert_eq!(
                c.post(path, &[("file", &file)]).await.status,
                StatusCode::FORBIDDEN,
                "{login} {path}"
            );
        }
    }
    assert!(people(&app, "Запретов").is_empty());
    assert!(people(&app, "Чужов").is_empty());
    let still = admin.get(&url).await;
    assert_eq!(still.status, StatusCode::OK, "the upload was neither confirmed nor cancelled by others");
}
