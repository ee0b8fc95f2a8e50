//! «Статистика входов в систему»: each student of the class and each of their parents, with
//! the first and last sign-in ever (`SIGNIN_STATS`) and the successful sign-ins over the days
//! chosen (`SIGNINS`, found by a binary search over its ids, which run in time order); those who
//! never signed in are listed again at the end, for access letters. Asks `logins.manage` on the
//! class: the administration every class, a class chief their own.

use std::collections::HashSet;

use chrono_tz::Tz;
use redb::ReadTransaction;

use super::filters::Scope;
use super::model::Block;
use super::roster::{day_bounds, local_day, school_tz};
use super::table::{Cell, Table};
use crate::auth::accounts;
use crate::auth::model::{SignInStats, User};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::auth::signins;
use crate::error::AppError;
use crate::people::service::{guardians_of, students_of};
use crate::store::StoreError;
use crate::store::ids::UserId;
use crate::web::i18n::{Arg, Lang};

/// One person's line.
struct Person {
    id: UserId,
    user: User,
    /// «ученик», «родитель (мать)».
    role: String,
    /// For a parent: the student's name.
    of: String,
    stats: Option<SignInStats>,
    in_range: u32,
}

fn cells(lang: Lang, tz: Tz, p: &Person) -> Vec<Cell> {
    let day = |at: i64| local_day(tz, at).map_or(Cell::Empty, Cell::Date);
    let status = match &p.stats {
        None => lang.t("rstaff-logins-never"),
        Some(_) if p.in_range == 0 => lang.t("rstaff-logins-not-in-range"),
        Some(_) => lang.t("rstaff-logins-active"),
    };
    vec![
        Cell::Text(p.user.full_name()),
        Cell::Text(p.role.clone()),
        Cell::Text(p.of.clone()),
        p.stats.as_ref().map_or(Cell::Empty, |s| day(s.first)),
        p.stats.as_ref().map_or(Cell::Empty, |s| day(s.last)),
        Cell::Int(p.in_range),
        Cell::Text(status),
    ]
}

fn table(lang: Lang, name: String) -> Table {
    let mut t = Table::new(name);
    t.col(lang.t("rstaff-logins-name"), 32.0).col(lang.t("rstaff-logins-role"), 16.0);
    t.col(lang.t("rstaff-logins-of"), 28.0);
    t.col(lang.t("rstaff-logins-first"), 12.0).col(lang.t("rstaff-logins-last"), 12.0);
    t.col_hint(lang.t("rstaff-logins-count"), 10.0, lang.t("rstaff-logins-count-hint"));
    t.col(lang.t("rstaff-logins-status"), 22.0);
    t
}

/// «3 из 25 (12,0 %)».
fn share(lang: Lang, part: usize, whole: usize) -> String {
    lang.t_args("rstaff-logins-share", &[("n", Arg::Num(part as i64)), ("of", Arg::Num(whole as i64))])
}

/// The report.
pub fn build(tx: &ReadTransaction, actor: &Actor, lang: Lang, s: &Scope) -> Result<Vec<Block>, AppError> {
    let Some((class, c)) = &s.class else {
        return Ok(vec![Block::Note(lang.t("rstaff-no-class"))]);
    };
    permit(tx, actor, Action::LoginsManage, Target::Class(*class))?;
    let tz = school_tz(tx)?;
    let (from, to) = day_bounds(tz, s.from, s.to);
    let counts = signins::sign_ins_between(tx, from, to)?;
    let mut students = Vec::new();
    for id in students_of(tx, *class, s.day())? {
        if let Some(u) = accounts::get(tx, id)? {
            students.push((id, u));
        }
    }
    students.sort_by_key(|(_, u)| super::roster::name_key(u));
    let person = |id: UserId, user: User, role: String, of: String| -> Result<Person, StoreError> {
        Ok(Person {
            id,
            user,
            role,
            of,
            stats: signins::stats(tx, id)?,
            in_range: *counts.get(&id).unwrap_or(&0),
        })
    };
    let mut people = Vec::new();
    for (id, u) in students {
        let name = u.full_name();
        people.push((true, person(id, u, lang.t("rstaff-logins-student"), String::new())?));
        for (pid, g) in guardians_of(tx, id)? {
            if let Some(pu) = accounts::get(tx, pid)? {
                let relation = lang.t(&format!("relation-{}", g.relation.key()));
                let role = lang.t_args("rstaff-logins-parent", &[("relation", Arg::Str(relation))]);
                people.push((false, person(pid, pu, role, name.clone())?));
            }
        }
    }

    // Each person once in the figures, though a parent of two is listed with each child.
    let (mut seen, mut fig) = (HashSet::new(), [[0usize; 3]; 2]);
    for (student, p) in &people {
        if seen.insert(p.id) {
            let f = &mut fig[usize::from(!*student)];
            f[0] += 1;
            f[1] += usize::from(p.stats.is_some());
            f[2] += usize::from(p.in_range > 0);
        }
    }
    let mut all = table(lang, c.name());
    let mut never = table(lang, lang.t("rstaff-logins-never-sheet"));
    for (_, p) in &people {
        all.row(cells(lang, tz, p));
        if p.stats.is_none() {
            never.row(cells(lang, tz, p));
        }
    }
    let mut blocks = vec![Block::Facts(vec![
        (lang.t("rstaff-logins-students-ever"), share(lang, fig[0][1], fig[0][0])),
        (lang.t("rstaff-logins-students-range"), share(lang, fig[0][2], fig[0][0])),
        (lang.t("rstaff-logins-parents-ever"), share(lang, fig[1][1], fig[1][0])),
        (lang.t("rstaff-logins-parents-range"), share(lang, fig[1][2], fig[1][0])),
    ])];
    if people.is_empty() {
        blocks.push(Block::Note(lang.t("rstaff-no-students")));
        return Ok(blocks);
    }
    blocks.push(Block::Table(all));
    blocks.push(Block::Heading(lang.t("rstaff-logins-never-title")));
    if never.rows.is_empty() {
        blocks.push(Block::Note(lang.t("rstaff-logins-never-none")));
    } else {
        blocks.push(Block::Table(never));
    }
    Ok(blocks)
}
