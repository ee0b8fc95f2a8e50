//! A plan out to XLSX: title rows (subject, class or parallel, year, teacher), a frozen header,
//! one row per topic and a totals row. The columns are those the importer reads
//! ([`super::import`]), so an exported plan imports back as it was: «№», «Раздел», «Тема
//! урока», «Кол-во часов», «Тип урока», «Домашнее задание», «Контроль», «План. дата», and for a
//! plan a class follows, «Факт. дата» (the lessons held, which the importer leaves aside).
//! Column names and lesson types are the file's format and stay Russian; the title rows
//! follow the reader's language.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};

use super::bind::laid;
use super::import::kind_name;
use super::model::{LessonKind, Plan, PlanScope};
use crate::auth::accounts;
use crate::error::AppError;
use crate::store::ids::PlanId;
use crate::store::{Reader, StoreError};
use crate::structure::model::{CLASSES, GROUPS, SUBJECTS, TEACHING, YEARS};

/// How a plan is named on the import, export and copy pages and in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanHead {
    pub id: PlanId,
    pub subject: String,
    /// The class (and group) of a plan for one teaching assignment.
    pub class: Option<String>,
    /// The grade of a plan for a parallel.
    pub grade: Option<u8>,
    pub year: String,
    /// The study year's first and last day.
    pub span: Option<(NaiveDate, NaiveDate)>,
    pub closed: bool,
    /// The teacher of the class, or the author of a parallel's plan.
    pub teacher: String,
    pub title: String,
    pub topics: usize,
    pub hours: u32,
}

pub fn head(tx: &impl Reader, id: PlanId, plan: &Plan) -> Result<PlanHead, StoreError> {
    let year = YEARS.get(tx, &plan.year)?;
    let mut h = PlanHead {
        id,
        subject: SUBJECTS.get(tx, &plan.subject)?.map(|s| s.name).unwrap_or_default(),
        class: None,
        grade: None,
        year: year.as_ref().map(|y| y.name.clone()).unwrap_or_default(),
        span: year.as_ref().map(|y| (y.start, y.end)),
        closed: year.is_none_or(|y| y.closed),
        teacher: accounts::get(tx, plan.author)?.map(|u| u.full_name()).unwrap_or_default(),
        title: plan.title.clone(),
        topics: plan.topics().count(),
        hours: plan.hours(),
    };
    match plan.scope {
        PlanScope::Grade(g) => h.grade = Some(g),
        PlanScope::Teaching(t) => {
            if let Some(t) = TEACHING.get(tx, &t)? {
                let mut name = CLASSES.get(tx, &t.class)?.map(|c| c.name()).unwrap_or_default();
                if let Some(g) = t.group.map(|g| GROUPS.get(tx, &g)).transpose()?.flatten() {
                    name = format!("{name} ({})", g.name);
                }
                h.class = Some(name);
                h.teacher = accounts::get(tx, t.teacher)?.map(|u| u.full_name()).unwrap_or(h.teacher);
            }
        }
    }
    Ok(h)
}

/// One topic as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub section: String,
    pub title: String,
    pub hours: u8,
    pub kind: LessonKind,
    pub homework: String,
    pub control: bool,
    /// The first lesson the topic falls on (a plan a class follows), else the date of the
    /// teacher's own plan.
    pub planned: Option<NaiveDate>,
    /// The lessons of the topic held by today.
    pub held: Vec<NaiveDate>,
}

/// A plan ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Export {
    pub head: PlanHead,
    /// A class follows it: the dates are its lessons'.
    pub bound: bool,
    pub rows: Vec<Row>,
}

/// Reads what the file shows. A plan for one teaching assignment that it follows gets the
/// dates of its lessons as laid out today (`bind::laid`).
pub fn collect(tx: &impl Reader, id: PlanId, plan: &Plan, today: NaiveDate) -> Result<Export, StoreError> {
    let mut places: HashMap<u32, Vec<NaiveDate>> = HashMap::new();
    let mut bound = false;
    if let PlanScope::Teaching(t) = plan.scope
        && let Some(l) = laid(tx, t, today)?
        && l.plan_id == id
    {
        bound = true;
        places = l.layout.topics.into_iter().map(|p| (p.id, p.dates)).collect();
    }
    let rows = plan
        .topics()
        .map(|(s, t)| {
            let dates = places.get(&t.id);
            Row {
                section: plan.sections[s].title.clone(),
                title: t.title.clone(),
                hours: t.hours,
                kind: t.kind,
                homework: t.homework.clone(),
                control: t.control,
                planned: if bound { dates.and_then(|d| d.first().copied()) } else { t.date },
                held: dates.map(|d| d.iter().copied().filter(|d| *d <= today).collect()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(Export { head: head(tx, id, plan)?, bound, rows })
}

/// The words of the title rows, in the reader's language.
#[derive(Clone, Debug)]
pub struct Labels {
    pub heading: String,
    pub subject: String,
    /// «Класс: 5А» or «Параллель: 5 классы», whole.
    pub scope: String,
    pub year: String,
    pub teacher: String,
    pub total: String,
    pub sheet: String,
}

/// The header the export writes; «Факт. дата» only for a plan a class follows.
pub fn columns(bound: bool) -> Vec<(&'static str, f64)> {
    let mut c = vec![
        ("№", 5.0),
        ("Раздел", 26.0),
        ("Тема урока", 50.0),
        ("Кол-во часов", 8.0),
        ("Тип урока", 22.0),
        ("Домашнее задание", 36.0),
        ("Контроль", 10.0),
        ("План. дата", 12.0),
    ];
    if bound {
        c.push(("Факт. дата", 24.0));
    }
    c
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(anyhow::Error::new(e))
}

/// The plan as an XLSX workbook.
pub fn to_xlsx(e: &Export, l: &Labels) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let big = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xE8EFF9))
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let ws = book.add_worksheet();
    ws.set_name(&l.sheet).map_err(internal)?;
    let h = &e.head;
    let titles = [
        (l.heading.clone(), &big),
        (format!("{}: {}", l.subject, h.subject), &bold),
        (l.scope.clone(), &bold),
        (format!("{}: {}", l.year, h.year), &bold),
        (format!("{}: {}", l.teacher, h.teacher), &bold),
        (h.title.clone(), &bold),
    ];
    for (r, (text, format)) in titles.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string_with_format(r as u32, 0, text, format).map_err(internal)?;
        }
    }
    let top = titles.len() as u32 + 1;
    for (c, (name, width)) in columns(e.bound).into_iter().enumerate() {
        ws.write_string_with_format(top, c as u16, name, &head).map_err(internal)?;
        ws.set_column_width(c as u16, width).map_err(internal)?;
    }
    ws.set_freeze_panes(top + 1, 0).map_err(internal)?;
    let mut r = top;
    for (i, row) in e.rows.iter().enumerate() {
        r += 1;
        ws.write_number(r, 0, (i + 1) as f64).map_err(internal)?;
        ws.write_string_with_format(r, 1, &row.section, &wrap).map_err(internal)?;
        ws.write_string_with_format(r, 2, &row.title, &wrap).map_err(internal)?;
        ws.write_number(r, 3, row.hours as f64).map_err(internal)?;
        ws.write_string(r, 4, kind_name(row.kind)).map_err(internal)?;
        if !row.homework.is_empty() {
            ws.write_string_with_format(r, 5, &row.homework, &wrap).map_err(internal)?;
        }
        if row.control {
            ws.write_string(r, 6, "К/р").map_err(internal)?;
        }
        if let Some(d) = row.planned {
            ws.write_datetime_with_format(r, 7, d, &date).map_err(internal)?;
        }
        if e.bound && !row.held.is_empty() {
            let held: Vec<String> = row.held.iter().map(|d| d.format("%d.%m.%Y").to_string()).collect();
            ws.write_string(r, 8, held.join(", ")).map_err(internal)?;
        }
    }
    r += 1;
    let hours: u32 = e.rows.iter().map(|r| r.hours as u32).sum();
    ws.write_string_with_format(r, 2, &l.total, &bold).map_err(internal)?;
    ws.write_number_with_format(r, 3, hours as f64, &bold).map_err(internal)?;
    book.save_to_buffer().map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::table;
    use crate::plans::import::{Column, parse};

    #[test]
    fn an_export_reads_back_as_the_same_plan() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let row = |section: &str, title: &str, hours, kind, control, planned| Row {
            section: section.into(),
            title: title.into(),
            hours,
            kind,
            homework: if control { String::new() } else { format!("§ {hours}") },
            control,
            planned,
            held: vec![],
        };
        let e = Export {
            head: PlanHead {
                id: PlanId(1),
                subject: "Математика".into(),
                class: Some("5А".into()),
                grade: None,
                year: "2026/2027".into(),
                span: Some((d(9, 1), NaiveDate::from_ymd_opt(2027, 8, 31).unwrap())),
                closed: false,
                teacher: "Смирнова Ольга Николаевна".into(),
                title: "Темы по учебнику".into(),
                topics: 3,
                hours: 5,
            },
            bound: true,
            rows: vec![
                row("Числа", "Счёт", 2, LessonKind::New, false, Some(d(9, 2))),
                row("Числа", "Контрольная работа № 1", 1, LessonKind::Control, true, None),
                row("Дроби", "Доли", 2, LessonKind::Lab, false, Some(d(10, 1))),
            ],
        };
        let labels = Labels {
            heading: "Календарно-тематическое планирование".into(),
            subject: "Предмет".into(),
            scope: "Класс: 5А".into(),
            year: "Учебный год".into(),
            teacher: "Учитель".into(),
            total: "Итого".into(),
            sheet: "КТП".into(),
        };
        let bytes = to_xlsx(&e, &labels).unwrap();
        let t = table::read(&bytes).unwrap();
        let p = parse(&t, e.head.span).unwrap();
        assert!(!p.blocked(), "{:?}", p.rows);
        assert_eq!(p.header.iter().filter(|(_, c)| c.is_some()).count(), 8);
        assert!(p.header.iter().any(|(n, c)| n == "Факт. дата" && c.is_none()));
        assert!(p.header.iter().any(|(_, c)| *c == Some(Column::Date)));
        let back: Vec<Row> = p
            .sections
            .iter()
            .flat_map(|s| {
                s.topics.iter().map(|t| Row {
                    section: s.title.clone(),
                    title: t.title.clone(),
                    hours: t.hours,
                    kind: t.kind,
                    homework: t.homework.clone(),
                    control: t.control,
                    planned: t.date,
                    held: vec![],
                })
            })
            .collect();
        assert_eq!(back, e.rows);
    }
}
