//! One-off changes of the demo timetable in the current study week: a cancelled lesson (7Б), a
//! moved lesson (5А: cancelled on one day, added on another) and a substitution — the demo
//! `teacher` gives a mathematics lesson of 6Б, a class she does not teach.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use redb::WriteTransaction;

use super::school::{School, Subj};
use super::timetable::{Timetable, monday};
use crate::error::AppError;
use crate::store::ids::{ChangeId, UserId};
use crate::timetable::calendar::ClassCalendar;
use crate::timetable::model::{Change, ChangeKind, Slot};
use crate::timetable::model::{SUBSTITUTIONS, TIMETABLE_CHANGES};

/// A unix time in Moscow.
pub fn moscow(day: NaiveDate, h: u32, m: u32) -> i64 {
    use chrono::TimeZone;
    let t = day.and_time(NaiveTime::from_hms_opt(h, m, 0).expect("a time"));
    chrono_tz::Europe::Moscow.from_local_datetime(&t).earliest().map_or(0, |t| t.timestamp())
}

/// The study days (Monday–Friday) of the week the changes go into: this week, or the nearest
/// one with three or more days of lessons when this one is (mostly) a holiday.
fn week(cal: &ClassCalendar, today: NaiveDate) -> Vec<NaiveDate> {
    let this = monday(today);
    let offsets = (0..6i64).chain((1..45).map(|w| -w));
    for w in offsets {
        let Some(mon) = this.checked_add_signed(chrono::Duration::weeks(w)) else { continue };
        let days: Vec<NaiveDate> =
            (0..5).map(|d| mon + Days::new(d)).filter(|d| cal.is_study_day(*d)).collect();
        // A lesson moves to another day of the same week: at least three days with lessons.
        if days.len() >= 3 {
            return days;
        }
    }
    Vec::new()
}

fn weekday(d: NaiveDate) -> u8 {
    d.weekday().number_from_monday() as u8
}

fn save(
    tx: &WriteTransaction,
    class: crate::store::ids::ClassId,
    day: NaiveDate,
    c: &Change,
) -> Result<ChangeId, AppError> {
    let id = ChangeId::next(tx)?;
    TIMETABLE_CHANGES.insert(tx, &(class, day, id), c)?;
    Ok(id)
}

/// Saves the three changes, made by `by` the afternoon before.
pub fn build(
    tx: &WriteTransaction,
    school: &School,
    tt: &Timetable,
    today: NaiveDate,
    teacher: UserId,
    by: UserId,
) -> Result<(), AppError> {
    let index = |name: &str| school.class_index(name);
    let Some(cal) = ClassCalendar::load(tx, school.classes[index("5А")].id, school.start, today)? else {
        return Ok(());
    };
    let days = week(&cal, today);
    if days.is_empty() {
        return Ok(());
    }
    let change = |number, teaching, kind, note: String, day: NaiveDate| Change {
        number,
        teaching,
        kind,
        room: None,
        note,
        by,
        at: moscow(day.pred_opt().unwrap_or(day), 16, 10),
    };
    let on = |class: usize, day: NaiveDate| -> Vec<&Slot> {
        tt.slots[class].iter().filter(|s| s.weekday == weekday(day)).collect()
    };
    let subj_of = |s: &Slot| {
        let t = &tt.teachings[&s.teaching];
        super::school::SUBJECTS[school.subjects.iter().position(|x| *x == t.subject).expect("a subject")].0
    };

    // 7Б: the last lesson of the middle day is cancelled.
    let (ci, day) = (index("7Б"), days[days.len() / 2]);
    if let Some(last) = on(ci, day).into_iter().max_by_key(|s| s.number) {
        let note = "Учитель на курсах повышения квалификации".to_string();
        save(
            tx,
            school.classes[ci].id,
            day,
            &change(last.number, last.teaching, ChangeKind::Cancelled, note, day),
        )?;
    }

    // 5А: a lesson of a subject with few hours moves to the end of another day.
    let ci = index("5А");
    'moved: for &from in &days {
        for s in on(ci, from) {
            let light = matches!(subj_of(s), Subj::Geo | Subj::Bio | Subj::Music | Subj::Art | Subj::Odnknr);
            if !light || tt.teachings[&s.teaching].group.is_some() {
                continue;
            }
            let t = tt.teachings[&s.teaching].teacher;
            // To the end of the shortest other day.
            let mut others: Vec<NaiveDate> = days.iter().copied().filter(|d| *d != from).collect();
            others.sort_by_key(|d| on(ci, *d).len());
            for &to in &others {
                let n = on(ci, to).iter().map(|x| x.number).max().unwrap_or(0) + 1;
                if n > 7 || tt.busy(t, weekday(to), n) {
                    continue;
                }
                let note = format!("Перенос на {}, {} урок", to.format("%d.%m"), n);
                save(
                    tx,
                    school.classes[ci].id,
                    from,
                    &change(s.number, s.teaching, ChangeKind::Cancelled, note, from),
                )?;
                let note = format!("Перенесён с {}, {} урок", from.format("%d.%m"), s.number);
                let mut added = change(n, s.teaching, ChangeKind::Added, note, from);
                added.room = Some(s.room.clone());
                save(tx, school.classes[ci].id, to, &added)?;
                break 'moved;
            }
        }
    }

    // 6Б (or 6В): the demo teacher replaces the mathematics teacher, on the latest day up to
    // today where she is free at that lesson; in a later week if this one has no such lesson.
    for w in 0..4u64 {
        let mut candidates: Vec<(NaiveDate, usize, &Slot)> = Vec::new();
        for name in ["6Б", "6В"] {
            let ci = index(name);
            for day in days.iter().map(|d| *d + Days::new(7 * w)).filter(|d| cal.is_study_day(*d)) {
                for s in on(ci, day) {
                    if subj_of(s) == Subj::Math && !tt.busy(teacher, weekday(day), s.number) {
                        candidates.push((day, ci, s));
                    }
                }
            }
        }
        let pick = candidates.iter().rev().find(|(d, _, _)| *d <= today).or(candidates.first()).copied();
        if let Some((day, ci, s)) = pick {
            let note = "Учитель на больничном".to_string();
            let kind = ChangeKind::Substituted { teacher };
            let class = school.classes[ci].id;
            let id = save(tx, class, day, &change(s.number, s.teaching, kind, note, day))?;
            SUBSTITUTIONS.insert(tx, &(teacher, day, class, id), &())?;
            break;
        }
    }
    Ok(())
}
