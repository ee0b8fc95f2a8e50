//! «Отчёт классного руководителя за учебный период»: the class's movement (students at the
//! period's start and end, who arrived and who left), the students by their period marks
//! (`standing.rs`), % успеваемости and % качества, the lessons missed, the class events held,
//! and the students with a 2 or «н/а» and with the most unexcused absences. Only the class's
//! chief and the administration: it asks `progress.view` on the class.

use std::collections::HashMap;

use chrono::NaiveDate;
use redb::ReadTransaction;

use super::attendance::{Absences, class_attendance};
use super::filters::Scope;
use super::model::Block;
use super::roster::{self, Member, number_text, pct_text, percent};
use super::standing::{Standing, is_failing, standing};
use super::table::{Cell, Table};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::diary::queries::Names;
use crate::error::AppError;
use crate::events::model::{CLASS_EVENTS, EVENTS};
use crate::journal::model::{Code, FinalKind, MarkValue};
use crate::journal::records;
use crate::store::ids::{ClassId, PeriodId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::service::teaching_of_class;
use crate::timetable::calendar::{ClassCalendar, student_teachings};
use crate::web::i18n::{Arg, Lang};

/// How many students the table of unexcused absences lists.
const MOST_ABSENT: usize = 10;

/// Students who arrived in and left the class over `(start, to]`, by short name.
fn movement(
    members: &[Member],
    class: ClassId,
    start: NaiveDate,
    to: NaiveDate,
) -> (Vec<String>, Vec<String>) {
    let (mut arrived, mut left) = (Vec::new(), Vec::new());
    for m in members {
        let mut dates: Vec<NaiveDate> =
            m.movements.iter().map(|mv| mv.date).filter(|d| start < *d && *d <= to).collect();
        dates.sort();
        dates.dedup();
        let (mut came, mut went) = (false, false);
        for d in dates {
            let before = d.pred_opt().is_some_and(|b| m.in_class(class, b));
            let after = m.in_class(class, d);
            came |= !before && after;
            went |= before && !after;
        }
        if came {
            arrived.push(m.user.short_name());
        }
        if went {
            left.push(m.user.short_name());
        }
    }
    (arrived, left)
}

/// A student's period marks: `(subject name, mark)` in the subjects they follow.
fn period_marks(
    tx: &impl Reader,
    names: &mut Names,
    class: ClassId,
    m: &Member,
    period: PeriodId,
) -> Result<Vec<(String, MarkValue)>, StoreError> {
    let mut subjects = Vec::new();
    for (_, t) in student_teachings(tx, class, m.id)? {
        if !subjects.contains(&t.subject) {
            subjects.push(t.subject);
        }
    }
    let mut out = Vec::new();
    for subject in subjects {
        if let Some(f) = records::final_mark(tx, m.id, subject, FinalKind::Period(period))? {
            out.push((names.subject_name(tx, subject)?, f.value));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn with_names(n: usize, names: &[String]) -> String {
    if names.is_empty() { n.to_string() } else { format!("{n} ({})", names.join(", ")) }
}

fn fact(lang: Lang, key: &str, value: String) -> (String, String) {
    (lang.t(key), value)
}

/// The events of the class held over `from..=to`, not called off: `(date, kind key, title)`.
fn events(
    tx: &impl Reader,
    class: ClassId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, String, String)>, StoreError> {
    let mut ids = Vec::new();
    if let Some(after) = to.succ_opt() {
        CLASS_EVENTS.scan_between(tx, &(class, from), &(class, after), Order::Asc, |(_, _, id), ()| {
            ids.push(id);
            true
        })?;
    }
    let mut out = Vec::new();
    for id in ids {
        if let Some(e) = EVENTS.get(tx, &id)?
            && !e.cancelled
        {
            out.push((e.date, format!("event-kind-{}", e.kind.slug()), e.title));
        }
    }
    Ok(out)
}

/// The report.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((class, _)) = &s.class else {
        return Ok(vec![Block::Note(lang.t("rstaff-no-class"))]);
    };
    let class = *class;
    permit(tx, actor, Action::ProgressView, Target::Class(class))?;
    let Some((period, p)) = &s.period else {
        return Ok(vec![Block::Note(lang.t("rstaff-no-period"))]);
    };
    let (start, to) = (p.start, s.to);
    let members = roster::members(tx, class, start, to)?;
    let at_start = members.iter().filter(|m| m.in_class(class, start)).count();
    let now: Vec<&Member> = members.iter().filter(|m| m.in_class(class, to)).collect();
    let (arrived, left) = movement(&members, class, start, to);
    let day = |d: NaiveDate| d.format("%d.%m.%Y").to_string();
    let mut blocks = vec![
        Block::Heading(lang.t("rstaff-chief-movement")),
        Block::Facts(vec![
            (lang.t_args("rstaff-chief-on", &[("date", Arg::Str(day(start)))]), at_start.to_string()),
            (lang.t_args("rstaff-chief-on", &[("date", Arg::Str(day(to)))]), now.len().to_string()),
            fact(lang, "rstaff-chief-arrived", with_names(arrived.len(), &arrived)),
            fact(lang, "rstaff-chief-left", with_names(left.len(), &left)),
        ]),
    ];

    // Progress by the period marks of the students in the class at its end.
    let mut names = Names::load(tx)?;
    let mut by_standing: HashMap<Standing, Vec<String>> = HashMap::new();
    let mut failing = Table::new(lang.t("rstaff-chief-failing-sheet"));
    failing.col(lang.t("rstaff-student"), 32.0).col(lang.t("rstaff-chief-failing-subjects"), 60.0);
    let mut not_certified = 0;
    for m in &now {
        let marks = period_marks(tx, &mut names, class, m, *period)?;
        let values: Vec<MarkValue> = marks.iter().map(|(_, v)| *v).collect();
        by_standing.entry(standing(&values)).or_default().push(m.user.short_name());
        not_certified += usize::from(values.contains(&MarkValue::NotCertified));
        let bad: Vec<String> = marks
            .iter()
            .filter(|(_, v)| is_failing(*v))
            .map(|(s, v)| format!("{s} — {}", v.label()))
            .collect();
        if !bad.is_empty() {
            failing.row(vec![Cell::Text(m.user.full_name()), Cell::Text(bad.join("; "))]);
        }
    }
    let count = |st: Standing| by_standing.get(&st).map_or(0, Vec::len);
    let list = |st: Standing| by_standing.get(&st).cloned().unwrap_or_default();
    let counted: usize = Standing::ALL.iter().filter(|s| **s != Standing::NoMarks).map(|s| count(*s)).sum();
    let succeeding: usize = Standing::ALL.iter().filter(|s| s.succeeds()).map(|s| count(*s)).sum();
    let quality: usize = Standing::ALL.iter().filter(|s| s.quality()).map(|s| count(*s)).sum();
    let mut facts = vec![
        fact(
            lang,
            "rstaff-chief-excellent",
            with_names(count(Standing::Excellent), &list(Standing::Excellent)),
        ),
        fact(lang, "rstaff-chief-good", count(Standing::Good).to_string()),
        fact(
            lang,
            "rstaff-chief-one_three",
            with_names(count(Standing::OneThree), &list(Standing::OneThree)),
        ),
        fact(lang, "rstaff-chief-fair", count(Standing::Fair).to_string()),
        fact(lang, "rstaff-chief-failing", count(Standing::Failing).to_string()),
        fact(lang, "rstaff-chief-not_certified", not_certified.to_string()),
        fact(lang, "rstaff-chief-no_marks", count(Standing::NoMarks).to_string()),
    ];
    facts.push(fact(
        lang,
        "rstaff-chief-success",
        pct_text(lang, percent(succeeding as u32, counted as u32)),
    ));
    facts.push(fact(lang, "rstaff-chief-quality", pct_text(lang, percent(quality as u32, counted as u32))));
    blocks.push(Block::Heading(lang.t("rstaff-chief-progress")));
    blocks.push(Block::Facts(facts));
    blocks.push(Block::Note(lang.t("rstaff-chief-progress-note")));

    // Attendance over the period up to today.
    let teachings = teaching_of_class(tx, class)?;
    let cal = ClassCalendar::load(tx, class, start, to)?.ok_or(AppError::NotFound)?;
    let att = class_attendance(tx, &cal, &teachings, start, to)?;
    let mut total = Absences::default();
    let mut rows: Vec<(&Member, Absences)> = Vec::new();
    for m in &members {
        if let Some(a) = att.students.get(&m.id) {
            total.merge(a);
            rows.push((m, *a));
        }
    }
    let per_student = if now.is_empty() { 0.0 } else { f64::from(total.missed()) / now.len() as f64 };
    blocks.push(Block::Heading(lang.t("rstaff-chief-attendance")));
    blocks.push(Block::Facts(vec![
        fact(lang, "rstaff-chief-missed", total.missed().to_string()),
        fact(lang, "rstaff-chief-ill", total.get(Code::Ill).to_string()),
        fact(lang, "rstaff-chief-unexcused", total.unexcused().to_string()),
        fact(lang, "rstaff-chief-per-student", number_text(lang, per_student, 1)),
    ]));

    let held = events(tx, class, start, to)?;
    blocks.push(Block::Heading(lang.t("rstaff-chief-events")));
    blocks.push(Block::Facts(vec![fact(lang, "rstaff-chief-events-held", held.len().to_string())]));
    if !held.is_empty() {
        let mut t = Table::new(lang.t("rstaff-chief-events-sheet"));
        t.col(lang.t("rstaff-date"), 12.0).col(lang.t("rstaff-chief-event-kind"), 22.0);
        t.col(lang.t("rstaff-chief-event"), 48.0);
        for (date, kind, title) in held {
            t.row(vec![Cell::Date(date), Cell::Text(lang.t(&kind)), Cell::Text(title)]);
        }
        blocks.push(Block::Table(t));
    }

    blocks.push(Block::Heading(lang.t("rstaff-chief-failing-title")));
    if failing.rows.is_empty() {
        blocks.push(Block::Note(lang.t("rstaff-chief-failing-none")));
    } else {
        blocks.push(Block::Table(failing));
    }

    rows.retain(|(_, a)| a.unexcused() > 0);
    rows.sort_by(|a, b| b.1.unexcused().cmp(&a.1.unexcused()).then(b.1.missed().cmp(&a.1.missed())));
    rows.truncate(MOST_ABSENT);
    blocks.push(Block::Heading(lang.t("rstaff-chief-absent-title")));
    if rows.is_empty() {
        blocks.push(Block::Note(lang.t("rstaff-chief-absent-none")));
    } else {
        let mut t = Table::new(lang.t("rstaff-chief-absent-sheet"));
        t.col(lang.t("rstaff-student"), 32.0);
        t.col_hint(lang.t("rstaff-unexcused"), 10.0, lang.t("rstaff-unexcused-hint"));
        t.col_hint(lang.t("rstaff-missed"), 10.0, lang.t("rstaff-missed-hint"));
        t.col(lang.t("rstaff-chief-ill-col"), 10.0);
        for (m, a) in rows {
            t.row(vec![
                Cell::Text(m.user.full_name()),
                Cell::Int(a.unexcused()),
                Cell::Int(a.missed()),
                Cell::Int(a.get(Code::Ill)),
            ]);
        }
        blocks.push(Block::Table(t));
    }
    Ok(blocks)
}
