//! Bells (звонки): when each lesson of shift 1 and shift 2 starts and ends. The form, its
//! checks and the save; the page reads them with [`bells`].

use std::collections::{BTreeMap, BTreeSet};

use redb::WriteTransaction;

use super::model::{BELLS, TIMETABLE};
use super::model::{Bell, Bells, MAX_LESSONS};
use super::service::{EditError, Problems, audit_edit, parse_time};
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::state::AppState;
use crate::store::{Order, Reader, StoreError};
use crate::structure::model::{CLASSES, YEARS};
use crate::web::form::Pairs;
use crate::web::i18n::Arg;

/// The field of a bell's start or end: `s1_3_start`.
pub fn bell_field(shift: u8, number: u8, end: bool) -> String {
    format!("s{shift}_{number}_{}", if end { "end" } else { "start" })
}

/// The bells form as typed: `s{shift}_{number}_{start|end}` → value.
#[derive(Clone, Debug, Default)]
pub struct BellsForm {
    pub values: BTreeMap<String, String>,
}

impl BellsForm {
    pub fn from_pairs(form: &Pairs) -> BellsForm {
        let values = form
            .0
            .iter()
            .filter(|(k, _)| k.starts_with('s') && k.matches('_').count() == 2)
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .collect();
        BellsForm { values }
    }

    /// The form filled with the stored bells.
    pub fn of(shifts: &BTreeMap<u8, Bells>) -> BellsForm {
        let mut values = BTreeMap::new();
        for (shift, bells) in shifts {
            for b in &bells.lessons {
                values.insert(bell_field(*shift, b.number, false), b.start.format("%H:%M").to_string());
                values.insert(bell_field(*shift, b.number, true), b.end.format("%H:%M").to_string());
            }
        }
        BellsForm { values }
    }

    pub fn get(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }

    /// Checks every shift: both times or none for a lesson, `HH:MM`, the end after the start,
    /// lessons in order of number without overlap, numbers 0–9, shifts 1 and 2 only.
    pub fn parse(&self) -> Result<BTreeMap<u8, Bells>, Problems> {
        let mut problems = Problems::default();
        // shift -> number -> (start field, start, end field, end)
        let mut rows: BTreeMap<u8, BTreeMap<u8, [(String, String); 2]>> = BTreeMap::new();
        for (field, value) in &self.values {
            let mut parts = field[1..].split('_');
            let (Some(shift), Some(number), Some(which)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let end = match which {
                "start" => 0,
                "end" => 1,
                _ => continue,
            };
            let Some(shift) = shift.parse::<u8>().ok().filter(|s| (1..=2).contains(s)) else {
                if !value.is_empty() {
                    problems.add(field.as_str(), "tt-bells-shift-invalid");
                }
                continue;
            };
            let Some(number) = number.parse::<u8>().ok().filter(|n| *n <= MAX_LESSONS) else {
                if !value.is_empty() {
                    problems.add(field.as_str(), "tt-bells-number-invalid");
                }
                continue;
            };
            let row = rows.entry(shift).or_default().entry(number).or_default();
            row[end] = (field.clone(), value.clone());
        }
        let mut out = BTreeMap::new();
        for (shift, numbers) in rows {
            let mut lessons: Vec<Bell> = Vec::new();
            let mut previous: Option<Bell> = None;
            for (number, [start, end]) in numbers {
                let start_field = bell_field(shift, number, false);
                let end_field = bell_field(shift, number, true);
                match (start.1.is_empty(), end.1.is_empty()) {
                    (true, true) => continue,
                    (true, false) => {
                        problems.add(start_field, "tt-bells-time-required");
                        continue;
                    }
                    (false, true) => {
                        problems.add(end_field, "tt-bells-time-required");
                        continue;
                    }
                    _ => {}
                }
                let (s, e) = (parse_time(&start.1), parse_time(&end.1));
                if s.is_none() {
                    problems.add(start_field.clone(), "tt-bells-time-invalid");
                }
                if e.is_none() {
                    problems.add(end_field.clone(), "tt-bells-time-invalid");
                }
                let (Some(s), Some(e)) = (s, e) else { continue };
                if e <= s {
                    problems.add(end_field, "tt-bells-end-before-start");
                    continue;
                }
                let bell = Bell { number, start: s, end: e };
                if let Some(p) = previous
                    && s < p.end
                {
                    problems.add_args(
                        start_field,
                        "tt-bells-overlap",
                        vec![("number", Arg::Num(i64::from(p.number)))],
                    );
                }
                previous = Some(bell);
                lessons.push(bell);
            }
            if !lessons.is_empty() {
                out.insert(shift, Bells { lessons });
            }
        }
        if problems.is_empty() { Ok(out) } else { Err(problems) }
    }
}

/// The stored bells of every shift.
pub fn bells(tx: &impl Reader) -> Result<BTreeMap<u8, Bells>, StoreError> {
    Ok(BELLS.all(tx)?.into_iter().collect())
}

/// Stores the bells of shifts 1 and 2 (a shift without lessons is removed). Shift 1 must have
/// lessons; a shift still used by a timetable of an open year cannot be removed.
pub fn save_bells(tx: &WriteTransaction, shifts: BTreeMap<u8, Bells>) -> Result<(), EditError> {
    let mut problems = Problems::default();
    if !shifts.contains_key(&1) {
        problems.add("s1", "tt-bells-first-empty");
    }
    if !shifts.contains_key(&2) && shift_in_use(tx, 2)? {
        problems.add("s2", "tt-bells-second-in-use");
    }
    problems.into_result()?;
    for shift in 1..=2u8 {
        match shifts.get(&shift) {
            Some(b) => BELLS.insert(tx, &shift, b)?,
            None => {
                BELLS.remove(tx, &shift)?;
            }
        }
    }
    Ok(())
}

fn shift_in_use(tx: &impl Reader, shift: u8) -> Result<bool, StoreError> {
    let mut classes = BTreeSet::new();
    TIMETABLE.scan_range(tx, None, None, Order::Asc, |(class, _), week| {
        if week.shift == shift {
            classes.insert(class);
        }
        true
    })?;
    for class in classes {
        if let Some(c) = CLASSES.get(tx, &class)?
            && YEARS.get(tx, &c.year)?.is_some_and(|y| !y.closed)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// POST /timetable/bells.
pub async fn save_bells_as(state: &AppState, actor: Actor, form: BellsForm) -> Result<(), EditError> {
    state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::TimetableEdit, Target::School)?;
            let shifts = form.parse()?;
            let detail = shifts.iter().map(|(s, b)| format!("{s}: {}", b.lessons.len())).collect::<Vec<_>>();
            save_bells(tx, shifts)?;
            audit_edit(tx, &actor, "bells".into(), detail.join(", "))?;
            Ok(())
        })
        .await
}

#[cfg(test)]
mod tests {
    use chrono::NaiveTime;

    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn keys(p: &Problems) -> Vec<(&str, &str)> {
        p.0.iter().map(|p| (p.field.as_str(), p.key)).collect()
    }

    fn form(pairs: &[(&str, &str)]) -> BellsForm {
        BellsForm::from_pairs(&Pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
    }

    #[test]
    fn good_bells_are_read_in_order_of_number() {
        let f = form(&[
            ("s1_2_start", "09:25"),
            ("s1_2_end", "10:10"),
            ("s1_1_start", "8:30"),
            ("s1_1_end", "09.15"),
            ("s1_3_start", ""),
            ("s1_3_end", ""),
            ("s2_0_start", "13:00"),
            ("s2_0_end", "13:45:00"),
        ]);
        let shifts = f.parse().unwrap();
        assert_eq!(
            shifts[&1].lessons,
            vec![
                Bell { number: 1, start: t(8, 30), end: t(9, 15) },
                Bell { number: 2, start: t(9, 25), end: t(10, 10) }
            ]
        );
        assert_eq!(shifts[&2].lessons.len(), 1);
        // The stored bells fill the form back.
        let again = BellsForm::of(&shifts);
        assert_eq!(again.get("s1_1_start"), "08:30");
        assert_eq!(again.parse().unwrap(), shifts);
    }

    #[test]
    fn bad_bells_get_a_message_on_their_field() {
        let f = form(&[
            ("s1_1_start", "09:00"),
            ("s1_1_end", "08:15"),
            ("s1_2_start", "9:40"),
            ("s1_2_end", ""),
            ("s1_3_start", "25:00"),
            ("s1_3_end", "10:00"),
            ("s2_1_start", "13:00"),
            ("s2_1_end", "13:45"),
            ("s2_2_start", "13:30"),
            ("s2_2_end", "14:15"),
            ("s1_10_start", "15:00"),
            ("s3_1_start", "15:00"),
        ]);
        let p = f.parse().unwrap_err();
        let k = keys(&p);
        assert!(k.contains(&("s1_1_end", "tt-bells-end-before-start")), "{k:?}");
        assert!(k.contains(&("s1_2_end", "tt-bells-time-required")), "{k:?}");
        assert!(k.contains(&("s1_3_start", "tt-bells-time-invalid")), "{k:?}");
        assert!(k.contains(&("s2_2_start", "tt-bells-overlap")), "{k:?}");
        assert!(k.contains(&("s1_10_start", "tt-bells-number-invalid")), "{k:?}");
        assert!(k.contains(&("s3_1_start", "tt-bells-shift-invalid")), "{k:?}");
    }
}
