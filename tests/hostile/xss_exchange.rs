//! Payloads in imported lists of people (CSV and XLSX, students with parents, staff): text in
//! the preview, the result, the class and account pages; defused in the CSV and XLSX exports.

use axum::http::StatusCode;
use parta::error::AppError;
use parta::structure::model::CLASSES;

use super::common::Client;
use super::inert::{assert_csv_defused, assert_shown, assert_xlsx_defused, file_name, hostile};
use super::poison::mid;
use super::support::{answered, demo, page, upload_raw};
use super::xss_people::urlencode;

/// Uploads a list, checks its preview and confirms it; gives the preview.
async fn import(c: &mut Client, list: &str, name: &str, bytes: &[u8], shown: &[&str]) {
    c.get(&format!("/exchange/{list}")).await;
    let r = upload_raw(c, &format!("/exchange/{list}"), "file", name.as_bytes(), bytes, false).await;
    answered(&format!("an upload of {list}"), &r, StatusCode::SEE_OTHER);
    let url = r.location().to_string();
    let preview = page(c, &url).await;
    for v in shown {
        assert_shown("the preview", &preview.body, v);
    }
    let file = url.rsplit('=').next().unwrap().to_string();
    let done = c.post("/exchange/confirm", &[("file", &file)]).await;
    answered(&format!("the import of {list}"), &done, StatusCode::OK);
}

/// The header of a list's CSV template, as the app gives it.
async fn header(c: &mut Client, list: &str) -> Vec<String> {
    let t = c.get(&format!("/exchange/template/{list}.csv")).await;
    assert_eq!(t.status, StatusCode::OK);
    let text = t.body.trim_start_matches('\u{feff}');
    text.lines().next().unwrap().split(';').map(str::to_string).collect()
}

fn csv_of(header: &[String], rows: &[Vec<(&str, String)>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    w.write_record(header).unwrap();
    for row in rows {
        let cells: Vec<String> = header
            .iter()
            .map(|h| row.iter().find(|(k, _)| *k == h.as_str()).map(|(_, v)| v.clone()).unwrap_or_default())
            .collect();
        w.write_record(&cells).unwrap();
    }
    w.into_inner().unwrap()
}

#[tokio::test]
async fn imported_people_are_text_on_pages_and_defused_in_exports() {
    let d = demo();
    let class =
        d.app.store().read_blocking(|tx| Ok::<_, AppError>(CLASSES.get(tx, &d.class)?)).unwrap().unwrap();
    let class_name = class.name();
    let mut admin = d.client("admin").await;

    // Students with a parent, from a CSV.
    let (s1, s2) = (hostile("=X1"), hostile("@X5"));
    let parent = mid("+X4");
    let head = header(&mut admin, "students").await;
    let row = |surname: &str, tag: &str| {
        vec![
            ("Фамилия", surname.to_string()),
            ("Имя", hostile(&format!("+{tag}"))),
            ("Отчество", hostile(&format!("-{tag}"))),
            ("Дата рождения", "01.09.2015".to_string()),
            ("Пол", "м".to_string()),
            ("Класс", class_name.clone()),
            ("Родитель 1 ФИО", parent.clone()),
            ("Родитель 1 кем приходится", "мать".to_string()),
            ("Родитель 1 телефон", "+7 900 000-11-22".to_string()),
        ]
    };
    let csv = csv_of(&head, &[row(&s1, "X2"), row(&s2, "X6")]);
    import(&mut admin, "students", &file_name("=F5", "csv"), &csv, &[&s1, &s2]).await;

    // Staff, from a CSV.
    let head = header(&mut admin, "staff").await;
    let (staff, position) = (hostile("=Z1"), hostile("@Z2"));
    let csv = csv_of(
        &head,
        &[vec![
            ("Фамилия", staff.clone()),
            ("Имя", hostile("+Z3")),
            ("Отчество", hostile("-Z4")),
            ("Логин", "hostile.staff".into()),
            ("Должность", position.clone()),
            ("Роли", "учитель".into()),
        ]],
    );
    import(&mut admin, "staff", &file_name("=F6", "csv"), &csv, &[&staff, &position]).await;

    // A student from a workbook, with a formula cell besides.
    let s3 = hostile("-X7");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Фамилия", "Имя", "Класс", "Отчество"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, &s3).unwrap();
    sheet.write_string(1, 1, hostile("+X8")).unwrap();
    sheet.write_string(1, 2, &class_name).unwrap();
    sheet.write_formula(1, 3, "=HYPERLINK(\"javascript:alert(1)\",\"x\")").unwrap();
    let xlsx = book.save_to_buffer().unwrap();
    import(&mut admin, "students", &file_name("=F7", "xlsx"), &xlsx, &[&s3]).await;

    // Where they show.
    let list = page(&mut admin, &format!("/classes/{}", d.class)).await;
    for v in [&s1, &s2, &s3] {
        assert_shown("the class", &list.body, v);
    }
    let users = page(&mut admin, &format!("/admin/users?q={}", urlencode("=Z1"))).await;
    assert_shown("the accounts", &users.body, &staff);
    page(&mut admin, "/exchange").await;
    page(&mut admin, "/exchange/students").await;
    page(&mut admin, "/admin/audit").await;
    let mut chief = d.client("chief").await;
    page(&mut chief, &format!("/classes/{}", d.class)).await;

    // The exports: no cell a spreadsheet would run.
    let csv = admin.get(&format!("/exchange/export/students.csv?class={}", d.class)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_csv_defused("the students' CSV", &csv.bytes, &[&s1, &s2, &s3]);
    let xlsx = admin.get(&format!("/exchange/export/students.xlsx?class={}", d.class)).await;
    assert_xlsx_defused("the students' workbook", &xlsx.bytes, &[&s1, &s2, &s3]);
    let csv = admin.get("/exchange/export/staff.csv").await;
    assert_csv_defused("the staff CSV", &csv.bytes, &[&staff, &position]);
    let xlsx = admin.get("/exchange/export/staff.xlsx").await;
    assert_xlsx_defused("the staff workbook", &xlsx.bytes, &[&staff, &position]);
}
