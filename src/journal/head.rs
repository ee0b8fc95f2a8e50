//! A journal's head (the teaching assignment with its class, subject, teacher and year), its
//! periods, and names as the journal shows them.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::auth::accounts;
use crate::error::AppError;
use crate::store::ids::{ClassId, PeriodId, TeachingId, UserId};
use crate::store::{Reader, StoreError};
use crate::structure::model::{CLASSES, GROUPS, SUBJECTS, TEACHING, YEARS};
use crate::structure::model::{Class, Period, Subject, Teaching, Year};
use crate::structure::service::{periods_of, scheme_of};

/// Who and what a journal is: the teaching assignment with its class, subject and teacher.
#[derive(Clone, Debug)]
pub struct Head {
    pub id: TeachingId,
    pub teaching: Teaching,
    pub class_id: ClassId,
    pub class: Class,
    pub subject: Subject,
    pub group: Option<String>,
    pub teacher: String,
    pub year: Year,
}

impl Head {
    /// «5А · Математика» (with the group when there is one).
    pub fn title(&self) -> String {
        match &self.group {
            Some(g) => format!("{} ({}) · {}", self.class.name(), g, self.subject.name),
            None => format!("{} · {}", self.class.name(), self.subject.name),
        }
    }
}

/// Reads the journal's head; 404 for a teaching assignment that does not exist.
pub fn head(tx: &impl Reader, id: TeachingId) -> Result<Head, AppError> {
    let teaching = TEACHING.get(tx, &id)?.ok_or(AppError::NotFound)?;
    let class = CLASSES.get(tx, &teaching.class)?.ok_or(AppError::NotFound)?;
    let subject = SUBJECTS.get(tx, &teaching.subject)?.ok_or(AppError::NotFound)?;
    let year = YEARS.get(tx, &teaching.year)?.ok_or(AppError::NotFound)?;
    let group = match teaching.group {
        Some(g) => GROUPS.get(tx, &g)?.map(|g| g.name),
        None => None,
    };
    let teacher = accounts::get(tx, teaching.teacher)?.map(|u| u.full_name()).unwrap_or_default();
    Ok(Head { id, class_id: teaching.class, teaching, class, subject, group, teacher, year })
}

/// The periods of the journal's class, in order.
pub fn class_periods(tx: &impl Reader, head: &Head) -> Result<Vec<(PeriodId, Period)>, StoreError> {
    periods_of(tx, head.class.year, scheme_of(tx, head.class.year, head.class.grade)?)
}

/// The period to show: the one asked for, else the one containing `day`, else the last one
/// started by `day`, else the first.
pub fn pick_period(
    periods: &[(PeriodId, Period)],
    wanted: Option<PeriodId>,
    day: NaiveDate,
) -> Option<(PeriodId, Period)> {
    let found = wanted
        .and_then(|w| periods.iter().find(|(id, _)| *id == w))
        .or_else(|| periods.iter().find(|(_, p)| p.start <= day && day <= p.end))
        .or_else(|| periods.iter().rev().find(|(_, p)| p.start <= day))
        .or_else(|| periods.first());
    found.cloned()
}

/// «Иванов И.».
pub fn short_name(surname: &str, first_name: &str) -> String {
    match first_name.chars().next() {
        Some(c) => format!("{surname} {c}."),
        None => surname.to_string(),
    }
}

/// Short names («Смирнова О. Н.») of the given accounts.
pub fn names_of(
    tx: &impl Reader,
    ids: impl IntoIterator<Item = UserId>,
) -> Result<HashMap<UserId, String>, StoreError> {
    let mut out = HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(e) = out.entry(id) {
            e.insert(accounts::get(tx, id)?.map(|u| u.short_name()).unwrap_or_default());
        }
    }
    Ok(out)
}
