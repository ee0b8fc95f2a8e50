//! «Информационное письмо для родителей»: a printable letter about one student for one period —
//! the greeting to the parents linked to them, the marks, average and period mark of every
//! subject with the lessons missed, the totals, the class chief's signature line and the date.
//! The class's letters come all at once, one per page, for the class chief and the
//! administration (`progress.view` on the class besides `reports.view`).

use redb::ReadTransaction;

use super::filters::{Scope, period_name};
use super::model::Block;
use super::pupils::{Missed, class_students, student_lines, student_subjects};
use super::table::{Cell, Table};
use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::people::model::Relation;
use crate::people::service::guardians_of;
use crate::store::Reader;
use crate::store::ids::{ClassId, PeriodId, UserId};
use crate::structure::model::{Class, Period};
use crate::web::i18n::{Arg, Lang, long_date};

/// «Мария Петровна», as a letter addresses a parent (the full name when there is no patronymic).
fn address(u: &User) -> String {
    if u.patronymic.is_empty() { u.full_name() } else { format!("{} {}", u.first_name, u.patronymic) }
}

/// «A», «A и B», «A, B и C».
fn join_names(lang: Lang, names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), lang.t("reports-letter-and")),
    }
}

/// «Уважаемые Мария Петровна и Пётр Сергеевич!», or to a parent not linked yet.
fn greeting(tx: &impl Reader, lang: Lang, student: UserId) -> Result<String, AppError> {
    let mut parents = Vec::new();
    for (id, g) in guardians_of(tx, student)? {
        if let Some(u) = accounts::get(tx, id)? {
            parents.push((address(&u), g.relation));
        }
    }
    Ok(match parents.as_slice() {
        [] => lang.t("reports-letter-dear-parent"),
        [(name, relation)] => {
            let g = match relation {
                Relation::Mother | Relation::Grandmother => "f",
                Relation::Father | Relation::Grandfather => "m",
                _ => "x",
            };
            lang.t_args("reports-letter-dear-one", &[("g", g.into()), ("name", name.clone().into())])
        }
        many => {
            let names: Vec<String> = many.iter().map(|(n, _)| n.clone()).collect();
            lang.t_args("reports-letter-dear-many", &[("names", join_names(lang, &names).into())])
        }
    })
}

/// The class chiefs, «Петрова А. И.».
fn chiefs(tx: &impl Reader, c: &Class) -> Result<String, AppError> {
    let mut names = Vec::new();
    for id in &c.chiefs {
        if let Some(u) = accounts::get(tx, *id)? {
            names.push(u.short_name());
        }
    }
    Ok(if names.is_empty() { "—".into() } else { names.join(", ") })
}

/// What every letter of a report shares.
struct Common<'a> {
    class: ClassId,
    c: &'a Class,
    period: (PeriodId, &'a Period),
    chiefs: String,
}

/// One letter.
fn one(
    tx: &ReadTransaction,
    actor: &Actor,
    lang: Lang,
    s: &Scope,
    k: &Common,
    student: UserId,
    u: &User,
) -> Result<Vec<Block>, AppError> {
    let subjects = student_subjects(tx, actor, k.class, student)?;
    let lines = student_lines(tx, student, &subjects, s.from, s.to, Some(k.period.0))?;
    let about = lang.t_args(
        "reports-letter-about",
        &[
            ("student", Arg::Str(u.full_name())),
            ("class", Arg::Str(k.c.name())),
            ("period", Arg::Str(period_name(lang, k.period.1))),
            ("year", Arg::Str(s.year.1.name.clone())),
        ],
    );
    let mut table = Table::new(u.short_name());
    table
        .col(lang.t("reports-subject"), 24.0)
        .col(lang.t("reports-student-marks"), 36.0)
        .col(lang.t("reports-average"), 8.0)
        .col(lang.t("reports-student-period-mark"), 9.0)
        .col(lang.t("reports-letter-missed"), 9.0)
        .col_hint(lang.t("reports-letter-unexcused"), 9.0, lang.t("reports-letter-unexcused-hint"));
    let mut total = Missed::default();
    for l in &lines {
        total.merge(&l.missed);
        table.row(vec![
            Cell::text(&l.subject.name),
            Cell::Text(l.marks_text()),
            Cell::num(l.tally.weighted_average(), 2),
            l.period_mark.map_or(Cell::Empty, |m| Cell::Mark(m.label().to_string())),
            Cell::Int(l.missed.total()),
            Cell::Int(l.missed.unexcused),
        ]);
    }
    table.total(vec![
        Cell::Text(lang.t("reports-letter-total")),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Int(total.total()),
        Cell::Int(total.unexcused),
    ]);
    let n = |v: u32| Arg::Num(i64::from(v));
    Ok(vec![
        Block::Heading(format!("{}, {}", u.full_name(), k.c.name())),
        Block::Note(greeting(tx, lang, student)?),
        Block::Note(about),
        Block::Table(table),
        Block::Note(lang.t_args(
            "reports-letter-absences",
            &[("missed", n(total.total())), ("unexcused", n(total.unexcused)), ("late", n(total.late))],
        )),
        Block::Note(lang.t_args("reports-letter-chief", &[("name", Arg::Str(k.chiefs.clone()))])),
        Block::Note(lang.t_args("reports-letter-date", &[("date", Arg::Str(long_date(lang, actor.today)))])),
    ])
}

/// The letter about the student of the scope.
pub fn letter(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (Some((student, u)), Some((class, c)), Some((pid, p))) = (&s.student, &s.class, &s.period) else {
        return Ok(vec![Block::Note(lang.t("reports-nothing"))]);
    };
    let k = Common { class: *class, c, period: (*pid, p), chiefs: chiefs(tx, c)? };
    one(tx, actor, lang, s, &k, *student, u)
}

/// Every student's letter, one per page: the class chief's and the administration's.
pub fn letters(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let (Some((class, c)), Some((pid, p))) = (&s.class, &s.period) else {
        return Ok(vec![Block::Note(lang.t("reports-nothing"))]);
    };
    // A subject teacher reaches the class for reports, but letters speak for the whole class.
    permit(tx, actor, Action::ProgressView, Target::Class(*class))?;
    let k = Common { class: *class, c, period: (*pid, p), chiefs: chiefs(tx, c)? };
    let mut blocks = Vec::new();
    for (id, u) in class_students(tx, *class, s.day())? {
        if !blocks.is_empty() {
            blocks.push(Block::PageBreak);
        }
        blocks.extend(one(tx, actor, lang, s, &k, id, &u)?);
    }
    if blocks.is_empty() {
        blocks.push(Block::Note(lang.t("reports-letter-no-students")));
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_joined_as_a_sentence_says_them() {
        let n = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(Lang::Ru, &n(&[])), "");
        assert_eq!(join_names(Lang::Ru, &n(&["Мария Петровна"])), "Мария Петровна");
        assert_eq!(join_names(Lang::Ru, &n(&["А", "Б"])), "А и Б");
        assert_eq!(join_names(Lang::Ru, &n(&["А", "Б", "В"])), "А, Б и В");
    }
}
