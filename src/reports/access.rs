//! «Отчёт о доступе к классному журналу»: who changed which mark, attendance entry or final
//! mark in the class's journals over the days chosen, and from what to what — the journals'
//! change logs merged, newest first, at most [`CAP`] rows. Times are in the school's time zone.
//! Only the class's chief and the administration: it asks `progress.view` on the class.

use std::collections::HashMap;

use redb::ReadTransaction;

use super::filters::{Scope, period_name};
use super::model::Block;
use super::quality::subject_label;
use super::roster::{day_bounds, school_tz};
use super::table::{Cell, Table};
use crate::auth::accounts;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::journal::model::JOURNAL_LOG;
use crate::journal::model::{FinalKind, LogEntry, LogField};
use crate::store::ids::{LogId, TeachingId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::PERIODS;
use crate::structure::service::teaching_of_class;
use crate::web::i18n::{Arg, Lang, date_time};

/// The most rows the report shows.
pub const CAP: usize = 2000;

fn short_name(
    tx: &impl Reader,
    cache: &mut HashMap<UserId, String>,
    id: UserId,
) -> Result<String, StoreError> {
    if let Some(n) = cache.get(&id) {
        return Ok(n.clone());
    }
    let n = accounts::get(tx, id)?.map(|u| u.short_name()).unwrap_or_default();
    cache.insert(id, n.clone());
    Ok(n)
}

/// «05.11 · 3 урок», or the final mark's name.
fn lesson_of(tx: &impl Reader, lang: Lang, e: &LogEntry) -> Result<String, StoreError> {
    Ok(match e.field {
        LogField::Mark(_) | LogField::Attendance => format!(
            "{} · {}",
            e.date.format("%d.%m"),
            lang.t_args("rstaff-access-lesson-n", &[("n", Arg::Num(i64::from(e.number)))])
        ),
        LogField::Final(k, id) => match FinalKind::from_key(k, id) {
            Some(FinalKind::Period(pid)) => match PERIODS.get(tx, &pid)? {
                Some(p) => period_name(lang, &p),
                None => lang.t("rstaff-access-final-period"),
            },
            Some(FinalKind::Year) => lang.t("rstaff-access-final-year"),
            Some(FinalKind::Exam) => lang.t("rstaff-access-final-exam"),
            _ => lang.t("rstaff-access-final-final"),
        },
    })
}

fn field_of(lang: Lang, e: &LogEntry) -> String {
    match e.field {
        LogField::Mark(a) => lang.t_args("rstaff-access-mark", &[("n", Arg::Num(i64::from(a) + 1))]),
        LogField::Attendance => lang.t("rstaff-access-attendance"),
        LogField::Final(..) => lang.t("rstaff-access-final"),
    }
}

/// A change-log entry with the journal it belongs to.
pub type Logged = (TeachingId, LogId, LogEntry);

/// The log entries of `teachings` written in `[from, to)` (unix seconds), newest first: the
/// first `cap`, and whether there were more.
pub fn entries(
    tx: &impl Reader,
    teachings: &[TeachingId],
    from: i64,
    to: i64,
    cap: usize,
) -> Result<(Vec<Logged>, bool), StoreError> {
    let mut out = Vec::new();
    for tid in teachings {
        JOURNAL_LOG.scan_prefix(tx, tid, Order::Asc, |(t, id), e| {
            if from <= e.at && e.at < to {
                out.push((t, id, e));
            }
            true
        })?;
    }
    out.sort_by(|a, b| b.2.at.cmp(&a.2.at).then(b.1.cmp(&a.1)));
    let more = out.len() > cap;
    out.truncate(cap);
    Ok((out, more))
}

/// The report.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((class, c)) = &s.class else {
        return Ok(vec![Block::Note(lang.t("rstaff-no-class"))]);
    };
    permit(tx, actor, Action::ProgressView, Target::Class(*class))?;
    let tz = school_tz(tx)?;
    let teaching = teaching_of_class(tx, *class)?;
    let mut subjects: HashMap<TeachingId, String> = HashMap::new();
    for (tid, t) in &teaching {
        subjects.insert(*tid, subject_label(tx, t)?);
    }
    let ids: Vec<TeachingId> = teaching.iter().map(|(id, _)| *id).collect();
    let (from, to) = day_bounds(tz, s.from, s.to);
    let (rows, more) = entries(tx, &ids, from, to, CAP)?;

    let mut table = Table::new(c.name());
    table.col(lang.t("rstaff-access-when"), 22.0).col(lang.t("rstaff-access-who"), 20.0);
    table.col(lang.t("rstaff-subject"), 24.0).col(lang.t("rstaff-student"), 28.0);
    table.col(lang.t("rstaff-access-where"), 16.0).col(lang.t("rstaff-access-field"), 16.0);
    table.col(lang.t("rstaff-access-old"), 8.0).col(lang.t("rstaff-access-new"), 8.0);
    let mut names = HashMap::new();
    for (tid, _, e) in &rows {
        table.row(vec![
            Cell::Text(date_time(lang, tz, e.at)),
            Cell::Text(short_name(tx, &mut names, e.by)?),
            Cell::Text(subjects.get(tid).cloned().unwrap_or_default()),
            Cell::Text(short_name(tx, &mut names, e.student)?),
            Cell::Text(lesson_of(tx, lang, e)?),
            Cell::Text(field_of(lang, e)),
            Cell::Text(if e.old.is_empty() { "—".into() } else { e.old.clone() }),
            Cell::Text(if e.new.is_empty() { "—".into() } else { e.new.clone() }),
        ]);
    }
    let mut blocks = Vec::new();
    if more {
        blocks.push(Block::Note(lang.t_args("rstaff-access-capped", &[("n", Arg::Num(CAP as i64))])));
    }
    if rows.is_empty() {
        blocks.push(Block::Note(lang.t("rstaff-access-empty")));
    } else {
        blocks.push(Block::Facts(vec![(lang.t("rstaff-access-count"), rows.len().to_string())]));
        blocks.push(Block::Table(table));
    }
    Ok(blocks)
}
