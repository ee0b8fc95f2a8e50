//! The demo student's journal, nudged so the diary has something to say: in mathematics his
//! average of the current period is just short of a 5 (one or two more 5s lift it), and in
//! Russian he has a 2 and a duty («•»: work not handed in) in the last two weeks.

use chrono::{Days, NaiveDate};

use super::journal::Gen;
use super::school::Subj;
use crate::journal::model::MarkValue;
use crate::journal::rules::{Rounding, Tally};
use crate::store::ids::UserId;
use crate::timetable::calendar::ClassCalendar;

pub fn demo_student(
    s: UserId,
    subj: Subj,
    gens: &mut [Gen],
    cal: &ClassCalendar,
    today: NaiveDate,
    rounding: Rounding,
) {
    // The current period, or the last one begun before today (during holidays, or on the
    // first day of a period, whose lessons have no marks yet).
    let Some(period) = cal.periods.iter().rev().find(|(_, p)| p.start < today).map(|(_, p)| p) else {
        return;
    };
    let in_period: Vec<usize> = (0..gens.len())
        .filter(|&i| {
            let d = gens[i].key.date;
            period.start <= d && d <= period.end && d < today
        })
        .collect();
    match subj {
        Subj::Math => near_five(s, gens, &in_period, rounding),
        Subj::Rus => {
            let duty = duty(s, gens, today);
            two(s, gens, &in_period, duty, today);
        }
        _ => {}
    }
}

/// The index in `g.marks` of the student's mark for assignment 0.
fn first_mark(g: &Gen, s: UserId) -> Option<usize> {
    g.marks.iter().position(|m| m.0 == s && m.1 == 0)
}

fn tally(s: UserId, gens: &[Gen], lessons: &[usize]) -> Tally {
    let mut t = Tally::default();
    for &i in lessons {
        for m in gens[i].marks.iter().filter(|m| m.0 == s) {
            t.add(m.2, gens[i].lesson.assignments[usize::from(m.1)].weight);
        }
    }
    t
}

fn near_five(s: UserId, gens: &mut [Gen], lessons: &[usize], rounding: Rounding) {
    // At least three ordinary marks (weight 1), so the sum can move in steps of one.
    let ordinary =
        |g: &Gen| g.marks.iter().any(|m| m.0 == s && m.1 == 0 && m.2.numeric().is_some()) && !g.test;
    let mut count = lessons.iter().filter(|&&i| ordinary(&gens[i])).count();
    for &i in lessons.iter().rev() {
        if count >= 3 {
            break;
        }
        if !gens[i].test && !gens[i].absent(s) && first_mark(&gens[i], s).is_none() {
            let v = if count % 2 == 0 { 5 } else { 4 };
            gens[i].marks.push((s, 0, MarkValue::Num(v), ""));
            count += 1;
        }
    }
    // Move the weighted sum towards the middle of the band where one or two 5s reach a 5:
    // one mark at a time (to 3, 4 or 5), the latest first, while it gets closer.
    for _ in 0..40 {
        let t = tally(s, gens, lessons);
        let good = t.suggestion(rounding) == Some(4) && matches!(t.fives_needed(5, rounding), Some(1 | 2));
        if good || t.weights == 0 {
            return;
        }
        let target = 4.5 * t.weights as f64 - 0.75;
        let now = (t.weighted as f64 - target).abs();
        let mut best: Option<(f64, usize, usize, u8)> = None;
        for &i in lessons.iter().rev() {
            let weight = |no: u8| i64::from(gens[i].lesson.assignments[usize::from(no)].weight.max(1));
            for (j, m) in gens[i].marks.iter().enumerate().filter(|(_, m)| m.0 == s) {
                let Some(v) = m.2.numeric() else { continue };
                for to in 3..=5u8 {
                    let sum = t.weighted as i64 + (i64::from(to) - i64::from(v)) * weight(m.1);
                    let d = (sum as f64 - target).abs();
                    if to != v && best.is_none_or(|b| d < b.0) {
                        best = Some((d, i, j, to));
                    }
                }
            }
        }
        match best {
            Some((d, i, j, to)) if d < now => gens[i].marks[j].2 = MarkValue::Num(to),
            _ => return,
        }
    }
}

/// A duty on the latest ordinary lesson of the last two weeks (or the latest at all) where
/// he was present; returns its index.
fn duty(s: UserId, gens: &mut [Gen], today: NaiveDate) -> Option<usize> {
    let recent = today - Days::new(14);
    let ok = |g: &Gen| g.key.date < today && !g.test && !g.absent(s);
    let i = (0..gens.len())
        .rev()
        .find(|&i| ok(&gens[i]) && gens[i].key.date >= recent)
        .or_else(|| (0..gens.len()).rev().find(|&i| ok(&gens[i])))?;
    let g = &mut gens[i];
    let mark = (s, 0, MarkValue::Duty, "Работа не сдана");
    match first_mark(g, s) {
        Some(j) => g.marks[j] = mark,
        None => g.marks.push(mark),
    }
    Some(i)
}

/// A 2 in the current period (or before it, early in a period), on another lesson than the
/// duty.
fn two(s: UserId, gens: &mut [Gen], lessons: &[usize], duty: Option<usize>, today: NaiveDate) {
    let ok = |i: usize| Some(i) != duty && !gens[i].test;
    let earlier = |i: usize| gens[i].key.date < today && !gens[i].absent(s);
    let Some(i) = lessons
        .iter()
        .rev()
        .copied()
        .find(|&i| ok(i) && earlier(i))
        .or_else(|| (0..gens.len()).rev().find(|&i| ok(i) && earlier(i)))
    else {
        return;
    };
    let g = &mut gens[i];
    let mark = (s, 0, MarkValue::Num(2), "Не выучено правило");
    match first_mark(g, s) {
        Some(j) => g.marks[j] = mark,
        None => g.marks.push(mark),
    }
}
