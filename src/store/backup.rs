//! Online backup: a consistent copy of the whole file taken from one read snapshot, while
//! writers go on (redb's author advises against copying the file itself during writes).

use std::path::{Path, PathBuf};

use redb::{Database, ReadTransaction, ReadableDatabase, ReadableTable, TableDefinition, TableHandle};

use super::StoreError;

type Raw<'a> = TableDefinition<'a, &'static [u8], &'static [u8]>;

/// Copies every table of one read snapshot of `db` into a new file at `out`.
/// The copy is written beside `out` and renamed into place when complete, so `out` never
/// exists half-written. Returns the entry count per table.
pub fn copy_snapshot(db: &Database, out: &Path) -> Result<Vec<(String, u64)>, StoreError> {
    let snapshot = db.begin_read()?;
    copy_from(&snapshot, out)
}

/// Copies the tables visible in `snapshot` into a new file at `out`.
pub fn copy_from(snapshot: &ReadTransaction, out: &Path) -> Result<Vec<(String, u64)>, StoreError> {
    if out.exists() {
        return Err(StoreError::Io(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists; choose another name", out.display()),
        )));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let partial = partial_path(out);
    let _ = std::fs::remove_file(&partial);
    let result = write_copy(snapshot, &partial);
    match result {
        Ok(counts) => {
            std::fs::rename(&partial, out)?;
            Ok(counts)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn write_copy(snapshot: &ReadTransaction, path: &Path) -> Result<Vec<(String, u64)>, StoreError> {
    let dest = Database::create(path)?;
    let tx = dest.begin_write()?;
    let mut counts = Vec::new();
    for handle in snapshot.list_tables()? {
        let name = handle.name().to_string();
        let source = snapshot.open_table(Raw::new(&name))?;
        let mut target = tx.open_table(Raw::new(&name))?;
        let mut n = 0u64;
        for item in source.iter()? {
            let (k, v) = item?;
            target.insert(k.value(), v.value())?;
            n += 1;
        }
        counts.push((name, n));
    }
    tx.commit()?;
    drop(dest);
    Ok(counts)
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

/// Counts entries per table of a file opened read-only (used by `backup` without a server).
pub fn copy_file_offline(source: &Path, out: &Path) -> Result<Vec<(String, u64)>, StoreError> {
    let db = redb::ReadOnlyDatabase::open(source)?;
    let snapshot = db.begin_read()?;
    copy_from(&snapshot, out)
}
