//! The demo timetable: the bells of both shifts and one weekly version per class from the
//! year's first day.
//!
//! Every teaching assignment gets its weekly hours (rounded) over Monday–Friday (Saturday only
//! for grades 10–11 when nothing else fits). The two English groups of a class share a slot.
//! The scheduler is a greedy «most constrained first» fill: each class's days are planned
//! compact (lessons 1..n, 4–7 a day by grade), and the lesson with the fewest possible cells
//! (class free, every teacher free, the subject not yet that day) is placed next, preferring
//! hard subjects in lessons 2–4, light ones late, and the subjects of a few hours spread over
//! the week. No teacher is ever in two places at once.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use redb::WriteTransaction;

use super::Rng;
use super::school::{SUBJECTS, School, Subj};
use crate::error::AppError;
use crate::store::ids::{TeachingId, UserId};
use crate::structure::model::Teaching;
use crate::structure::service::teaching_of;
use crate::timetable::model::{BELLS, TIMETABLE};
use crate::timetable::model::{Bells, Slot, Week};

/// The weekly lessons of every class (indexed like `School::classes`), with the teacher of
/// each teaching assignment.
pub struct Timetable {
    pub slots: Vec<Vec<Slot>>,
    pub teachings: HashMap<TeachingId, Teaching>,
}

impl Timetable {
    /// Whether `teacher` has a lesson on `weekday` at `number` in any class.
    pub fn busy(&self, teacher: UserId, weekday: u8, number: u8) -> bool {
        self.slots.iter().flatten().any(|s| {
            s.weekday == weekday && s.number == number && self.teachings[&s.teaching].teacher == teacher
        })
    }
}

/// One lesson to place: one teaching assignment, or both English groups of a class at once.
struct Unit {
    class: usize,
    teachings: Vec<TeachingId>,
    teachers: Vec<usize>,
    subj: Subj,
    /// At most this many lessons of the subject a day.
    per_day: u8,
}

/// The bit of a cell: weekday 1–6, lesson 1–7.
fn bit(day: u8, number: u8) -> u64 {
    1 << ((u32::from(day) - 1) * 8 + u32::from(number))
}

fn cell_of(index: u32) -> (u8, u8) {
    ((index / 8 + 1) as u8, (index % 8) as u8)
}

/// The most lessons a day a grade has (SanPiN 1.2.3685-21).
fn max_per_day(grade: u8) -> u8 {
    match grade {
        1 => 4,
        2..=4 => 5,
        5..=6 => 6,
        _ => 7,
    }
}

fn subj_of(school: &School, t: &Teaching) -> Subj {
    let i = school.subjects.iter().position(|s| *s == t.subject).expect("a demo subject");
    SUBJECTS[i].0
}

/// Hard subjects go to lessons 2–4, light ones to the end of the day.
fn number_penalty(subj: Subj, number: u8) -> u32 {
    use Subj::*;
    match subj {
        Math | Alg | AlgAn | Geom | Rus | Phys | Chem | Eng | Prob | Inf => match number {
            2..=4 => 0,
            1 | 5 => 1,
            _ => 2,
        },
        Pe | Music | Art | Tech | Obzr | Project | Odnknr | Orkse => u32::from(number < 4),
        _ => 0,
    }
}

/// Adds the bells of the second shift (the first comes with the data file) and the weekly
/// timetable of every class from the year's first day, saved by `by`.
pub fn build(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    by: UserId,
    saved_at: i64,
) -> Result<Timetable, AppError> {
    let second = NaiveTime::from_hms_opt(13, 30, 0).expect("a time");
    BELLS.insert(tx, &2, &Bells::standard(second, 6))?;
    let teachings: HashMap<TeachingId, Teaching> = teaching_of(tx, school.year)?.into_iter().collect();
    let slots = schedule(school, &teachings, rng)?;
    for (plan, slots) in school.classes.iter().zip(&slots) {
        let week = Week { shift: 1, slots: slots.clone(), saved_by: Some(by), saved_at };
        TIMETABLE.insert(tx, &(plan.id, school.start), &week)?;
    }
    Ok(Timetable { slots, teachings })
}

/// The lessons to place, the English groups of a class paired when their teachers differ.
fn units(
    school: &School,
    teachings: &HashMap<TeachingId, Teaching>,
    teacher_index: &HashMap<UserId, usize>,
) -> Vec<Unit> {
    let mut ids: Vec<&TeachingId> = teachings.keys().collect();
    ids.sort();
    let mut out = Vec::new();
    for (ci, plan) in school.classes.iter().enumerate() {
        let own: Vec<(TeachingId, &Teaching)> =
            ids.iter().map(|id| (**id, &teachings[id])).filter(|(_, t)| t.class == plan.id).collect();
        let mut done: Vec<TeachingId> = Vec::new();
        for &(id, t) in &own {
            if done.contains(&id) {
                continue;
            }
            let hours = t.hours.round() as u8;
            let partner = t.group.and_then(|_| {
                own.iter().find(|(o, ot)| {
                    *o != id
                        && !done.contains(o)
                        && ot.group.is_some()
                        && ot.subject == t.subject
                        && ot.teacher != t.teacher
                        && ot.hours.round() as u8 == hours
                })
            });
            let mut pair = vec![(id, t.teacher)];
            if let Some((o, ot)) = partner {
                pair.push((*o, ot.teacher));
            }
            done.extend(pair.iter().map(|(id, _)| *id));
            for _ in 0..hours {
                out.push(Unit {
                    class: ci,
                    teachings: pair.iter().map(|(id, _)| *id).collect(),
                    teachers: pair.iter().map(|(_, t)| teacher_index[t]).collect(),
                    subj: subj_of(school, t),
                    per_day: if hours > 5 { 2 } else { 1 },
                });
            }
        }
    }
    out
}

/// Places every lesson; returns the slots of each class.
fn schedule(
    school: &School,
    teachings: &HashMap<TeachingId, Teaching>,
    rng: &mut Rng,
) -> Result<Vec<Vec<Slot>>, AppError> {
    let mut teachers: Vec<UserId> = teachings.values().map(|t| t.teacher).collect();
    teachers.sort();
    teachers.dedup();
    let teacher_index: HashMap<UserId, usize> = teachers.iter().enumerate().map(|(i, t)| (*t, i)).collect();
    let mut units = units(school, teachings, &teacher_index);
    // The busiest teachers first, so their lessons meet the most room to move.
    let mut load = vec![0u32; teachers.len()];
    for u in &units {
        for &t in &u.teachers {
            load[t] += 1;
        }
    }
    units.sort_by_key(|u| std::cmp::Reverse(u.teachers.iter().map(|&t| load[t]).sum::<u32>()));

    let n_classes = school.classes.len();
    // Per class: the planned cells still free, the cells taken, lessons per day.
    let mut open = vec![0u64; n_classes];
    let mut day_len = vec![[0u8; 7]; n_classes];
    for (ci, plan) in school.classes.iter().enumerate() {
        let total = units.iter().filter(|u| u.class == ci).count() as u8;
        let (base, extra) = (total / 5, total % 5);
        let mut long: Vec<u8> = (1..=5).collect();
        while long.len() > extra as usize {
            long.remove(rng.below(long.len() as u64) as usize);
        }
        for day in 1..=5u8 {
            let n = (base + u8::from(long.contains(&day))).min(max_per_day(plan.class.grade));
            day_len[ci][day as usize] = n;
            for number in 1..=n {
                open[ci] |= bit(day, number);
            }
        }
    }
    let mut busy = vec![0u64; teachers.len()];
    let mut subject_days: HashMap<(usize, usize), [u8; 7]> = HashMap::new();
    let mut placed: Vec<Option<(u8, u8)>> = vec![None; units.len()];
    let day_mask = |days: &[u8; 7], per_day: u8| -> u64 {
        (1..=6u8).filter(|&d| days[d as usize] < per_day).fold(0, |m, d| m | (0xFE << ((d - 1) * 8)))
    };

    for _ in 0..units.len() {
        // The unplaced lesson with the fewest possible cells.
        let mut best: Option<(usize, u32, u64)> = None;
        for (i, u) in units.iter().enumerate() {
            if placed[i].is_some() {
                continue;
            }
            let days = subject_days.get(&(u.class, u.subj as usize)).copied().unwrap_or_default();
            let taken = u.teachers.iter().fold(0, |m, &t| m | busy[t]);
            let cells = open[u.class] & !taken & day_mask(&days, u.per_day);
            let n = cells.count_ones();
            if best.is_none_or(|(_, bn, _)| n < bn) {
                best = Some((i, n, cells));
                if n == 0 {
                    break;
                }
            }
        }
        let Some((i, _, mut cells)) = best else { break };
        let u = &units[i];
        let days = subject_days.get(&(u.class, u.subj as usize)).copied().unwrap_or_default();
        let taken = u.teachers.iter().fold(0, |m, &t| m | busy[t]);
        if cells == 0 {
            // Lengthen a day by one lesson (Saturday too for the seniors), else give up the
            // one-a-day rule.
            let grade = school.classes[u.class].class.grade;
            let last_day = if grade >= 10 { 6 } else { 5 };
            for day in 1..=last_day {
                let n = day_len[u.class][day as usize] + 1;
                if n <= 7 && n <= max_per_day(grade) + 1 && taken & bit(day, n) == 0 {
                    cells |= bit(day, n) & day_mask(&days, u.per_day);
                }
            }
            if cells == 0 {
                cells = open[u.class] & !taken;
            }
        }
        if cells == 0 {
            return Err(AppError::Internal(anyhow::anyhow!("demo: the timetable does not fit the week")));
        }
        let (day, number) = choose(u, cells, &days, rng);
        placed[i] = Some((day, number));
        let b = bit(day, number);
        open[u.class] &= !b;
        if number > day_len[u.class][day as usize] {
            day_len[u.class][day as usize] = number;
        }
        for &t in &u.teachers {
            busy[t] |= b;
        }
        subject_days.entry((u.class, u.subj as usize)).or_default()[day as usize] += 1;
    }
    close_gaps(&units, &mut placed, &mut busy);

    let mut out = vec![Vec::new(); n_classes];
    for (u, at) in units.iter().zip(&placed) {
        let (weekday, number) = at.expect("every lesson placed");
        for &teaching in &u.teachings {
            out[u.class].push(Slot { weekday, number, teaching, room: String::new() });
        }
    }
    for (ci, slots) in out.iter_mut().enumerate() {
        slots.sort_by_key(|s| (s.weekday, s.number, s.teaching));
        rooms(school, ci, teachings, slots);
    }
    Ok(out)
}

/// The best of `cells` for a lesson: hard subjects early, light ones late, spread over the week.
fn choose(u: &Unit, cells: u64, days: &[u8; 7], rng: &mut Rng) -> (u8, u8) {
    let mut best = (u32::MAX, 0u8, 0u8);
    let mut rest = cells;
    while rest != 0 {
        let index = rest.trailing_zeros();
        rest &= rest - 1;
        let (day, number) = cell_of(index);
        let d = day as usize;
        let beside = (d > 1 && days[d - 1] > 0) || (d < 6 && days[d + 1] > 0);
        let score = number_penalty(u.subj, number) * 4
            + u32::from(beside) * 3
            + u32::from(day == 6) * 20
            + rng.below(3) as u32;
        if score < best.0 {
            best = (score, day, number);
        }
    }
    (best.1, best.2)
}

/// Moves the last lesson of a day into a free earlier cell of that day where its teachers are
/// free, so students have no empty lesson between two others.
fn close_gaps(units: &[Unit], placed: &mut [Option<(u8, u8)>], busy: &mut [u64]) {
    let classes = units.iter().map(|u| u.class).max().map_or(0, |m| m + 1);
    for class in 0..classes {
        for day in 1..=6u8 {
            loop {
                let mut numbers: Vec<(u8, usize)> = units
                    .iter()
                    .enumerate()
                    .filter(|(i, u)| u.class == class && placed[*i].is_some_and(|(d, _)| d == day))
                    .map(|(i, _)| (placed[i].expect("placed").1, i))
                    .collect();
                numbers.sort();
                let Some(&(last, i)) = numbers.last() else { break };
                let Some(gap) = (1..last).find(|n| !numbers.iter().any(|(m, _)| m == n)) else { break };
                let (from, to) = (bit(day, last), bit(day, gap));
                if units[i].teachers.iter().any(|&t| busy[t] & to != 0) {
                    break;
                }
                for &t in &units[i].teachers {
                    busy[t] = (busy[t] & !from) | to;
                }
                placed[i] = Some((day, gap));
            }
        }
    }
}

/// Rooms: the class's own for most lessons; the gyms, the assembly hall, the workshop and the
/// rooms of physics, chemistry, informatics and of each English teacher otherwise.
fn rooms(school: &School, class: usize, teachings: &HashMap<TeachingId, Teaching>, slots: &mut [Slot]) {
    let staff = |subj: Subj| -> Vec<UserId> {
        let mut v: Vec<UserId> =
            teachings.values().filter(|t| subj_of(school, t) == subj).map(|t| t.teacher).collect();
        v.sort();
        v.dedup();
        v
    };
    let (english, pe) = (staff(Subj::Eng), staff(Subj::Pe));
    let plan = &school.classes[class];
    for s in slots {
        let t = &teachings[&s.teaching];
        let index = |list: &[UserId]| list.iter().position(|x| *x == t.teacher).unwrap_or(0);
        s.room = match subj_of(school, t) {
            Subj::Pe => if index(&pe) == 2 { "Малый спортзал" } else { "Спортзал" }.into(),
            Subj::Music => "Актовый зал".into(),
            Subj::Phys => "Кабинет физики".into(),
            Subj::Chem => "Кабинет химии".into(),
            Subj::Inf => "Кабинет информатики".into(),
            Subj::Tech if plan.class.grade >= 5 => "Мастерская".into(),
            Subj::Eng => format!("{}", 301 + index(&english)),
            _ => plan.class.room.clone(),
        };
    }
}

/// The Monday of the week of `day`.
pub fn monday(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}
