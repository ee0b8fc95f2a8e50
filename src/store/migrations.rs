//! Schema migrations: an append-only list of named, idempotent steps.
//!
//! The stored schema version is the number of steps applied. At open, the steps not yet applied
//! run in order, each in its own write transaction together with the version bump, after the
//! file has been backed up. A file whose version is above what this binary knows is refused.
//! Never edit or reorder a released step; add a new one.

use std::path::Path;

use redb::{Durability, WriteTransaction};

use super::tables::{self, meta};
use super::{Store, StoreError, backup};
use crate::clock::Clock;

/// One step.
pub struct Migration {
    pub name: &'static str,
    pub run: fn(&WriteTransaction) -> Result<(), StoreError>,
}

/// Every step, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001-create-tables", run: create_tables },
    Migration { name: "0002-default-school-card", run: default_school_card },
    Migration { name: "0003-school-structure", run: school_structure },
    Migration { name: "0004-teaching-by-class", run: teaching_by_class },
    Migration { name: "0005-timetable-and-journal", run: timetable_and_journal },
    Migration { name: "0006-plans-events-feeds", run: create_missing_tables },
    Migration { name: "0007-report-submissions", run: create_missing_tables },
];

/// Creates every table of `tables::ALL` that does not exist yet (idempotent).
fn create_missing_tables(tx: &WriteTransaction) -> Result<(), StoreError> {
    for table in tables::ALL {
        tx.open_table(redb::TableDefinition::<&[u8], &[u8]>::new(table.name()))?;
    }
    Ok(())
}

fn create_tables(tx: &WriteTransaction) -> Result<(), StoreError> {
    create_missing_tables(tx)?;
    if tables::META.get(tx, &meta::CREATED_AT.to_string())?.is_none() {
        // A file's creation and its migrations are stamped by the machine's clock, whatever day a
        // demo runs on.
        let now = Clock::system().unix().max(0) as u64;
        tables::META.insert(tx, &meta::CREATED_AT.to_string(), &now)?;
    }
    Ok(())
}

fn default_school_card(tx: &WriteTransaction) -> Result<(), StoreError> {
    if tables::SCHOOL.get(tx, &tables::SINGLE)?.is_none() {
        tables::SCHOOL.insert(tx, &tables::SINGLE, &crate::school::model::SchoolCard::default())?;
    }
    Ok(())
}

/// The tables of the school structure, and the assignment types every school starts with.
fn school_structure(tx: &WriteTransaction) -> Result<(), StoreError> {
    create_missing_tables(tx)?;
    if tables::WORK_TYPES.count(tx)? == 0 {
        for (name, abbr, weight) in crate::structure::model::DEFAULT_WORK_TYPES {
            let id = crate::store::ids::WorkTypeId::next(tx)?;
            let t = crate::structure::model::WorkType {
                name: name.into(),
                abbr: abbr.into(),
                weight,
                archived: false,
            };
            tables::WORK_TYPES.insert(tx, &id, &t)?;
        }
    }
    Ok(())
}

/// Builds the class index of teaching assignments from the assignments themselves.
fn teaching_by_class(tx: &WriteTransaction) -> Result<(), StoreError> {
    create_missing_tables(tx)?;
    for (id, t) in tables::TEACHING.all(tx)? {
        tables::TEACHING_BY_CLASS.insert(tx, &(t.class, id), &())?;
    }
    Ok(())
}

/// The timetable and journal tables, the teacher index of teaching assignments, and the
/// default bells of the first shift.
fn timetable_and_journal(tx: &WriteTransaction) -> Result<(), StoreError> {
    create_missing_tables(tx)?;
    for (id, t) in tables::TEACHING.all(tx)? {
        tables::TEACHING_BY_TEACHER.insert(tx, &(t.teacher, id), &())?;
    }
    if tables::BELLS.get(tx, &1)?.is_none() {
        let first = chrono::NaiveTime::from_hms_opt(8, 30, 0).expect("valid time");
        tables::BELLS.insert(tx, &1, &crate::timetable::model::Bells::standard(first, 7))?;
    }
    Ok(())
}

/// The schema version stored in the file (0 for a new file).
pub fn stored_version(store: &Store) -> Result<u64, StoreError> {
    store.read_blocking(|tx| Ok(tables::META.get(tx, &meta::SCHEMA_VERSION.to_string())?.unwrap_or(0)))
}

/// Brings the file up to date; see the module doc.
pub(super) fn run(store: &Store, existed: bool) -> Result<(), StoreError> {
    let known = MIGRATIONS.len() as u64;
    let found = stored_version(store)?;
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    if found == known {
        return Ok(());
    }
    if existed && found > 0 {
        let dir = store.path().parent().unwrap_or(Path::new(".")).join("backups");
        std::fs::create_dir_all(&dir)?;
        let stamp = Clock::system().now().format("%Y%m%d-%H%M%S");
        let out = dir.join(format!("parta-before-schema-{known}-{stamp}.redb"));
        backup::copy_snapshot(store.db()?.as_ref(), &out)?;
        tracing::info!(backup = %out.display(), from = found, to = known, "backed up before migrating");
    }
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        store.write_blocking(Durability::Immediate, |tx| {
            (step.run)(tx)?;
            let now = Clock::system().unix();
            tables::MIGRATIONS.insert(tx, &step.name.to_string(), &now)?;
            tables::META.insert(tx, &meta::SCHEMA_VERSION.to_string(), &(i as u64 + 1))?;
            Ok::<_, StoreError>(())
        })?;
        tracing::info!(migration = step.name, "migration applied");
    }
    Ok(())
}
