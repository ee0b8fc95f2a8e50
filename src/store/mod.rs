//! The one data file: a redb database holding every table, attachments included.
//!
//! The store knows no feature: it keeps the generic byte tables (`table.rs`, `codec.rs`), ids,
//! its own tables (`tables.rs`: meta, migrations, counters, blobs), the migrations runner,
//! backup and check. Every other table is declared by its owner; app assembly hands the whole
//! list, with the owners' migrations, to [`Store::open`] as the [`Schema`].
//!
//! - `migrations.rs` brings an older file up to date at open, after a backup.
//! - `backup.rs` copies a consistent snapshot into a new file while the server keeps serving.
//! - `blobs.rs` stores files in chunks inside the same database.
//!
//! All redb work runs on the blocking pool ([`Store::read`], [`Store::write`]): one write
//! transaction per mutating request, committed durably, or dropped whole on error. Small hot
//! writes that many users make at once (journal cells) use [`Store::write_grouped`], which
//! shares one transaction and one fsync among the writes that arrive together (`group.rs`).
//! After a write fails for an I/O error (a full disk) the file is opened again (`handle.rs`).

pub mod backup;
pub mod blobs;
pub mod codec;
mod group;
mod handle;
pub mod ids;
pub mod migrations;
pub mod table;
pub mod tables;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use redb::{Database, Durability, ReadTransaction, ReadableDatabase, WriteTransaction};

pub use table::{Order, Reader, Tbl};

/// The file name of the database inside the data directory.
pub const DB_FILE: &str = "parta.redb";

/// What can go wrong below the services.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the data file is in use by another Parta process (a server is running on this data directory)")]
    InUse,
    #[error(
        "the data file has schema version {found}, but this Parta understands up to {known}: it was written by a newer Parta; upgrade the binary"
    )]
    TooNew { found: u64, known: u64 },
    #[error(
        "the data file was not closed cleanly and needs repair: start `parta serve` on it once (it repairs the file), then try again"
    )]
    NeedsRepair,
    #[error("the data file is damaged: {0}")]
    Corrupt(String),
    #[error("not a Parta data file: {0}")]
    Foreign(String),
    #[error("storage error: {0}")]
    Db(String),
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

macro_rules! db_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::Db(e.to_string())
            }
        }
    )*};
}
db_errors!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);

impl From<redb::DatabaseError> for StoreError {
    fn from(e: redb::DatabaseError) -> Self {
        match e {
            redb::DatabaseError::DatabaseAlreadyOpen => StoreError::InUse,
            redb::DatabaseError::RepairAborted => StoreError::NeedsRepair,
            other => StoreError::Foreign(other.to_string()),
        }
    }
}

/// What app assembly tells the store: every table (each declared by its owner) and the
/// migrations, oldest first.
pub struct Schema {
    pub tables: Vec<&'static dyn table::AnyTable>,
    pub migrations: Vec<migrations::Migration>,
}

impl Schema {
    /// Looks a table up by name.
    pub fn table(&self, name: &str) -> Option<&'static dyn table::AnyTable> {
        self.tables.iter().copied().find(|t| t.name() == name)
    }
}

/// The open database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Arc<handle::Handle>,
    path: Arc<PathBuf>,
    group: Arc<group::Group>,
    schema: &'static Schema,
}

impl Store {
    /// Opens (or creates) the data file and runs pending migrations, backing the file up into
    /// `backups/` beside it first when it already holds data.
    pub fn open(path: &Path, schema: &'static Schema) -> Result<Store, StoreError> {
        let existed = path.exists();
        if existed {
            // Look before opening for writing: a file from a newer Parta is refused untouched.
            // A file left by a crash needs repair, which a read-only open cannot do: then the
            // version is checked after the repair, in `migrations::run`.
            match redb::ReadOnlyDatabase::open(path) {
                Ok(db) => {
                    let tx = db.begin_read()?;
                    let found = tables::meta::get(&tx, tables::meta::SCHEMA_VERSION)?.unwrap_or(0);
                    let known = schema.migrations.len() as u64;
                    if found > known {
                        return Err(StoreError::TooNew { found, known });
                    }
                }
                Err(redb::DatabaseError::RepairAborted) => {
                    tracing::warn!(file = %path.display(), "the data file was not closed cleanly; repairing it");
                }
                Err(e) => return Err(e.into()),
            }
        }
        let db = Database::create(path)?;
        let store = Store {
            db: Arc::new(handle::Handle::new(db, path.to_path_buf())),
            path: Arc::new(path.to_path_buf()),
            group: Default::default(),
            schema,
        };
        migrations::run(&store, existed)?;
        Ok(store)
    }

    /// The tables and migrations the store was opened with.
    pub fn schema(&self) -> &'static Schema {
        self.schema
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open database (opened again if an I/O error made redb give it up).
    pub fn db(&self) -> Result<Arc<Database>, StoreError> {
        self.db.get()
    }

    /// Runs `f` in a read snapshot on the blocking pool.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&ReadTransaction) -> Result<T, E> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.read_blocking(f))
            .await
            .map_err(|e| E::from(StoreError::Db(format!("read task failed: {e}"))))?
    }

    /// Runs `f` in one write transaction on the blocking pool; commits durably when it returns
    /// `Ok`, drops everything it wrote when it returns `Err`.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&WriteTransaction) -> Result<T, E> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.write_blocking(Durability::Immediate, f))
            .await
            .map_err(|e| E::from(StoreError::Db(format!("write task failed: {e}"))))?
    }

    /// Like [`Store::write`], for small writes that many users make at once: writes that
    /// arrive together are committed in one transaction with one fsync, each still all or
    /// nothing (see `group.rs`). `f` may run more than once, so it must only touch `tx`.
    pub async fn write_grouped<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: Fn(&WriteTransaction) -> Result<T, E> + Send + 'static,
    {
        self.group.write(&self.db, &self.group, f).await
    }

    /// Like [`Store::write`], for bookkeeping that may be lost in a crash (a session's
    /// last-seen time): committed without fsync, made durable by the next durable commit.
    pub async fn write_lazy<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
        F: FnOnce(&WriteTransaction) -> Result<T, E> + Send + 'static,
    {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.write_blocking(Durability::None, f))
            .await
            .map_err(|e| E::from(StoreError::Db(format!("write task failed: {e}"))))?
    }

    pub fn read_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&ReadTransaction) -> Result<T, E>,
    {
        let tx = self.db.get()?.begin_read().map_err(StoreError::from)?;
        f(&tx)
    }

    pub fn write_blocking<T, E, F>(&self, durability: Durability, f: F) -> Result<T, E>
    where
        E: From<StoreError>,
        F: FnOnce(&WriteTransaction) -> Result<T, E>,
    {
        let (db, tx) = self.db.begin_write(durability)?;
        match f(&tx) {
            Ok(value) => match tx.commit() {
                Ok(()) => Ok(value),
                Err(e) => {
                    self.db.after_error(db);
                    Err(StoreError::from(e).into())
                }
            },
            Err(e) => {
                // Dropping the transaction would abort it too; say so explicitly.
                let _ = tx.abort();
                self.db.after_error(db);
                Err(e)
            }
        }
    }

    /// Counts the entries of every table, decoding each one.
    pub fn check(&self) -> Result<Vec<(&'static str, u64)>, StoreError> {
        let tx = self.db.get()?.begin_read()?;
        check_tables(&tx, self.schema)
    }
}

/// Decodes every entry of every known table; refuses unknown tables (a foreign file).
pub fn check_tables(tx: &ReadTransaction, schema: &Schema) -> Result<Vec<(&'static str, u64)>, StoreError> {
    for handle in tx.list_tables()? {
        let name = redb::TableHandle::name(&handle).to_string();
        if schema.table(&name).is_none() {
            return Err(StoreError::Foreign(format!("unknown table «{name}»")));
        }
    }
    schema.tables.iter().map(|t| Ok((t.name(), t.check(tx)?))).collect()
}

/// Verifies a data file without changing it: it opens, its schema version is known, and every
/// entry of every table decodes. Returns the counts per table.
pub fn verify_file(path: &Path, schema: &Schema) -> Result<Vec<(&'static str, u64)>, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Foreign(format!("{} is not a file", path.display())));
    }
    let db = redb::ReadOnlyDatabase::open(path)?;
    let tx = db.begin_read()?;
    let version = tables::meta::get(&tx, tables::meta::SCHEMA_VERSION)?
        .ok_or_else(|| StoreError::Foreign("no schema version".into()))?;
    let known = schema.migrations.len() as u64;
    if version > known {
        return Err(StoreError::TooNew { found: version, known });
    }
    check_tables(&tx, schema)
}
