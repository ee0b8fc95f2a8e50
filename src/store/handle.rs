//! The open database, and opening it again after an I/O error.
//!
//! When a write fails for an I/O error — above all a full disk — redb refuses every later write
//! («Previous I/O error occurred. Please close and re-open the database») and fails every read
//! that misses its cache, until the database is opened again; even once space is back. So after
//! a failed write the handle is probed, and when redb reports that state the file is opened
//! anew (redb repairs it from the last commit; nothing committed is lost) and reads go on.
//! Writes are then refused for [`WRITE_PAUSE`] without touching the file, so that a disk that
//! is still full costs one reopening per pause, not one per attempt; then one is tried again.
//! `tests/crash.rs` runs the server under a file-size limit to prove it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock, Weak};
use std::time::{Duration, Instant};

use redb::{Database, Durability, StorageError, TransactionError, WriteTransaction};

use super::StoreError;

/// How long writes are refused after one failed for an I/O error.
const WRITE_PAUSE: Duration = Duration::from_secs(2);

/// How long a reopening waits for the old handle's last transaction to end.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

pub(super) struct Handle {
    /// `None` only when opening the file again failed; the next use tries again.
    db: RwLock<Option<Arc<Database>>>,
    /// Writes are refused until then.
    paused: Mutex<Option<Instant>>,
    path: PathBuf,
}

impl Handle {
    pub(super) fn new(db: Database, path: PathBuf) -> Handle {
        Handle { db: RwLock::new(Some(Arc::new(db))), paused: Mutex::new(None), path }
    }

    /// The open database.
    pub(super) fn get(&self) -> Result<Arc<Database>, StoreError> {
        if let Some(db) = self.db.read().unwrap_or_else(PoisonError::into_inner).as_ref() {
            return Ok(db.clone());
        }
        self.check_pause()?;
        self.reopen(None)
    }

    fn check_pause(&self) -> Result<(), StoreError> {
        match *self.paused.lock().unwrap_or_else(PoisonError::into_inner) {
            Some(until) if Instant::now() < until => {
                Err(StoreError::Db("writes are paused after an I/O error (is the disk full?)".into()))
            }
            _ => Ok(()),
        }
    }

    /// Begins a write transaction, unless writes are paused after an I/O error.
    pub(super) fn begin_write(
        &self,
        durability: Durability,
    ) -> Result<(Arc<Database>, WriteTransaction), StoreError> {
        self.check_pause()?;
        let db = self.get()?;
        let mut tx = match db.begin_write() {
            Ok(tx) => tx,
            Err(TransactionError::Storage(StorageError::PreviousIo)) => {
                self.failed(db);
                return Err(StoreError::Db(StorageError::PreviousIo.to_string()));
            }
            Err(e) => return Err(e.into()),
        };
        tx.set_durability(durability)?;
        Ok((db, tx))
    }

    /// After a write on `db` returned an error (its transaction is gone): when the error was
    /// an I/O error, redb now refuses everything until reopened, and this reopens it.
    pub(super) fn after_error(&self, db: Arc<Database>) {
        // `try_begin_write` reports that state before anything else; a write that is running
        // meanwhile (`WouldBlock`) notices it itself when it ends.
        match db.try_begin_write() {
            Err(TransactionError::Storage(StorageError::PreviousIo)) => self.failed(db),
            Ok(tx) => {
                let _ = tx.abort();
            }
            Err(_) => {}
        }
    }

    fn failed(&self, db: Arc<Database>) {
        *self.paused.lock().unwrap_or_else(PoisonError::into_inner) = Some(Instant::now() + WRITE_PAUSE);
        tracing::error!(
            file = %self.path.display(),
            "a write failed with an I/O error (is the disk full?); writes are refused for a moment and the data file is opened again"
        );
        if let Err(e) = self.reopen(Some(db)) {
            tracing::error!(file = %self.path.display(), "the data file could not be opened again: {e}");
        }
    }

    /// Opens the file again in place of `failed` (or of nothing, after a failed attempt).
    fn reopen(&self, failed: Option<Arc<Database>>) -> Result<Arc<Database>, StoreError> {
        // Let go of the handle before waiting for the lock, so that the file it holds can close;
        // the weak reference keeps its address from being reused meanwhile.
        let failed: Option<Weak<Database>> = failed.map(|f| Arc::downgrade(&f));
        let mut slot = self.db.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(current) = slot.as_ref()
            && failed.as_ref().is_none_or(|f| !std::ptr::eq(f.as_ptr(), Arc::as_ptr(current)))
        {
            return Ok(current.clone()); // opened again meanwhile
        }
        // Closing releases the file at once; when another thread still holds the handle, or a
        // write transaction of it runs, the file is released when they end: wait for that.
        if let Some(old) = slot.take()
            && let Ok(db) = Arc::try_unwrap(old)
        {
            let _ = db.close();
        }
        let deadline = Instant::now() + CLOSE_WAIT;
        loop {
            match Database::create(&self.path) {
                Ok(db) => {
                    tracing::warn!(file = %self.path.display(), "the data file was opened again");
                    let db = Arc::new(db);
                    *slot = Some(db.clone());
                    return Ok(db);
                }
                Err(redb::DatabaseError::DatabaseAlreadyOpen) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}
