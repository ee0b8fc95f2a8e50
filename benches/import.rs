//! Import benchmark: `cargo bench --bench import` (set `BENCH_STUDENTS`, `BENCH_RUNS`).
//!
//! Generates a CSV of students with two parents each (every fourth child a younger sibling of
//! the one before, sharing both parents), then through the real router (in process, no
//! sockets): the upload (read and check the file, keep it as a blob), the preview (parse,
//! check every row against the school, render the first page) and the confirmation (parse,
//! re-check and write every account, enrolment and link in one durable transaction). Each run
//! uses a fresh demo school. A last run previews a file of 10,000 rows.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::TestApp;
use parta::error::AppError;
use parta::structure::model::{Class, Year};
use parta::structure::service::{classes_of, create_year, current_year_id, save_class};

const CLASSES: [(u8, &str); 4] = [(5, "Я"), (6, "Я"), (7, "Я"), (8, "Я")];

/// Creates the classes used by the generated file (and the year when there is none).
fn prepare_classes(app: &TestApp) {
    let today = common::today();
    app.store()
        .write_blocking(redb::Durability::Immediate, |tx| {
            let year = match current_year_id(tx)? {
                Some(y) => y,
                None => create_year(tx, Year::containing(today))?,
            };
            for (grade, letter) in CLASSES {
                let name = format!("{grade}{letter}");
                if !classes_of(tx, year)?.iter().any(|(_, c)| c.name() == name) {
                    let class = Class {
                        year,
                        grade,
                        letter: letter.into(),
                        chiefs: vec![],
                        room: String::new(),
                        profile: String::new(),
                    };
                    save_class(tx, None, class)?;
                }
            }
            Ok::<_, AppError>(())
        })
        .unwrap();
}

/// A distinct surname stem for a family number, in Cyrillic letters only.
fn stem(mut n: usize) -> String {
    const LETTERS: [char; 20] =
        ['б', 'в', 'г', 'д', 'з', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т', 'ф', 'х', 'а', 'о', 'у', 'и', 'е'];
    let mut s = String::from("Бенч");
    loop {
        s.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
    }
    s
}

/// `students` rows; families of one or two children.
fn generate(students: usize) -> Vec<u8> {
    let mut csv = String::from(
        "Фамилия;Имя;Отчество;Дата рождения;Пол;Класс;Родитель 1 ФИО;Родитель 1 кем приходится;\
         Родитель 1 телефон;Родитель 2 ФИО;Родитель 2 кем приходится;Родитель 2 e-mail\n",
    );
    let names = ["Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Захар"];
    let mut family = 0;
    for i in 0..students {
        // Every fourth child is the sibling of the previous one.
        if i % 4 != 3 {
            family += 1;
        }
        let surname = stem(family);
        let (grade, letter) = CLASSES[i % CLASSES.len()];
        let first = names[i % names.len()];
        let day = i % 28 + 1;
        let year = 2018 - i32::from(grade);
        csv.push_str(&format!(
            "{surname};{first};Петрович;{day:02}.03.{year};{};{grade}{letter};\
             {surname}а Мария Ивановна;мать;+7 900 {:07};{surname} Пётр Сергеевич;отец;{}@example.ru\n",
            if i % 2 == 0 { "ж" } else { "м" },
            family,
            parta::people::service::transliterate(&surname),
        ));
    }
    csv.into_bytes()
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

struct Run {
    upload: Duration,
    preview: Duration,
    confirm: Duration,
    page_kb: usize,
}

async fn run(students: usize) -> Run {
    let app = TestApp::demo();
    prepare_classes(&app);
    let file = generate(students);
    let mut admin = app.signed_in("admin").await;
    admin.get("/exchange/students").await;
    let t = Instant::now();
    let r = admin.upload("/exchange/students", "file", "bench.csv", &file).await;
    let upload = t.elapsed();
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let url = r.location().to_string();
    let t = Instant::now();
    let page = admin.get(&url).await;
    let preview = t.elapsed();
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Ошибок нет"), "the generated file must be clean");
    let id = url.rsplit('=').next().unwrap().to_string();
    let t = Instant::now();
    let done = admin.post("/exchange/confirm", &[("file", &id)]).await;
    let confirm = t.elapsed();
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    Run { upload, preview, confirm, page_kb: page.body.len() / 1024 }
}

#[tokio::main]
async fn main() {
    let students: usize = std::env::var("BENCH_STUDENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let file = generate(students);
    let families = (0..students).filter(|i| i % 4 != 3).count();
    println!(
        "{students} students, {} parents, {} links; CSV {} KiB\n",
        families * 2,
        students * 2,
        file.len() / 1024
    );
    println!("| run | upload ms | preview ms | confirm ms | preview + confirm ms | preview page KiB |");
    println!("|---|---|---|---|---|---|");
    for i in 1..=runs {
        let r = run(students).await;
        println!(
            "| {i} | {} | {} | {} | {} | {} |",
            ms(r.upload),
            ms(r.preview),
            ms(r.confirm),
            ms(r.preview + r.confirm),
            r.page_kb
        );
    }
    // A file of 10,000 rows: the preview only (parse, check, first page).
    let app = TestApp::demo();
    prepare_classes(&app);
    let mut admin = app.signed_in("admin").await;
    admin.get("/exchange/students").await;
    let big = generate(10_000);
    let r = admin.upload("/exchange/students", "file", "big.csv", &big).await;
    let t = Instant::now();
    let page = admin.get(r.location()).await;
    println!(
        "\npreview of 10000 rows ({} KiB CSV): {} ms, page {} KiB",
        big.len() / 1024,
        ms(t.elapsed()),
        page.body.len() / 1024
    );
}
