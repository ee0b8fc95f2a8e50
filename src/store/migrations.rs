//! Schema migrations: an append-only list of named, idempotent steps.
//!
//! The steps are the owners' (app assembly lists them in order in the [`Schema`]); this runs
//! them. The stored schema version is the number of steps applied. At open, every table of the
//! schema that does not exist yet is created, then the steps not yet applied run in order,
//! each in its own write transaction together with the version bump, after the file has been
//! backed up. A file whose version is above what this binary knows is refused. Never edit or
//! reorder a released step; add a new one.

use std::path::Path;

use redb::{Durability, WriteTransaction};

use super::tables::{MIGRATIONS, meta};
use super::{Schema, Store, StoreError, backup};
use crate::clock::Clock;

/// One step.
pub struct Migration {
    pub name: &'static str,
    pub run: fn(&WriteTransaction) -> Result<(), StoreError>,
}

/// A step whose only work was creating tables, which every start now does for every table of
/// the schema: kept so that the step count (the schema version) stays what files hold.
pub fn tables_only(_: &WriteTransaction) -> Result<(), StoreError> {
    Ok(())
}

/// The first step: stamps the file's creation.
pub fn stamp_creation(tx: &WriteTransaction) -> Result<(), StoreError> {
    if meta::get(tx, meta::CREATED_AT)?.is_none() {
        // A file's creation and its migrations are stamped by the machine's clock, whatever
        // day a demo runs on.
        meta::set(tx, meta::CREATED_AT, Clock::system().unix().max(0) as u64)?;
    }
    Ok(())
}

/// Creates every table of the schema that does not exist yet (idempotent).
fn create_missing_tables(tx: &WriteTransaction, schema: &Schema) -> Result<(), StoreError> {
    for table in &schema.tables {
        tx.open_table(redb::TableDefinition::<&[u8], &[u8]>::new(table.name()))?;
    }
    Ok(())
}

/// The schema version stored in the file (0 for a new file).
pub fn stored_version(store: &Store) -> Result<u64, StoreError> {
    store.read_blocking(|tx| Ok(meta::get(tx, meta::SCHEMA_VERSION)?.unwrap_or(0)))
}

/// Brings the file up to date; see the module doc.
pub(super) fn run(store: &Store, existed: bool) -> Result<(), StoreError> {
    let schema = store.schema();
    let known = schema.migrations.len() as u64;
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
    for (i, step) in schema.migrations.iter().enumerate().skip(found as usize) {
        store.write_blocking(Durability::Immediate, |tx| {
            create_missing_tables(tx, schema)?;
            (step.run)(tx)?;
            MIGRATIONS.insert(tx, &step.name.to_string(), &Clock::system().unix())?;
            meta::set(tx, meta::SCHEMA_VERSION, i as u64 + 1)?;
            Ok::<_, StoreError>(())
        })?;
        tracing::info!(migration = step.name, "migration applied");
    }
    Ok(())
}
