//! The audit log: denials, sensitive reads and administrative changes, kept for good.
//! The table exists from day one so that later features (personal files, journal access
//! reports) only add entries.

use redb::WriteTransaction;
use serde::{Deserialize, Serialize};

use crate::store::ids::{AuditId, UserId};
use crate::store::table::{AnyTable, Tbl};
use crate::store::{Order, Reader, StoreError};

/// One audited event.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: Option<UserId>,
    /// A stable machine name of what was attempted, e.g. `users.edit`.
    pub action: String,
    /// What it was attempted on, e.g. `user:17`.
    pub object: String,
    pub outcome: Outcome,
    #[serde(default)]
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allowed,
    Denied,
}

/// Appends an entry inside the caller's write transaction.
pub fn record(tx: &WriteTransaction, entry: &AuditEntry) -> Result<AuditId, StoreError> {
    let id = AuditId::next(tx)?;
    AUDIT.insert(tx, &id, entry)?;
    Ok(id)
}

/// The newest `limit` entries, newest first.
pub fn recent(tx: &impl Reader, limit: usize) -> Result<Vec<(AuditId, AuditEntry)>, StoreError> {
    let mut out = Vec::with_capacity(limit);
    AUDIT.scan_range(tx, None, None, Order::Desc, |id, e| {
        out.push((id, e));
        out.len() < limit
    })?;
    Ok(out)
}

/// One page of the log, newest first.
pub fn newest(tx: &impl Reader, page: usize, size: usize) -> Result<Vec<(AuditId, AuditEntry)>, StoreError> {
    let mut out = Vec::with_capacity(size);
    let mut skip = page * size;
    AUDIT.scan_range(tx, None, None, Order::Desc, |k, v| {
        if skip > 0 {
            skip -= 1;
            return true;
        }
        out.push((k, v));
        out.len() < size
    })?;
    Ok(out)
}

/// Records an administrative change that was allowed: who, what, on which object, and a short
/// detail (never sensitive content).
pub fn change(
    tx: &WriteTransaction,
    actor: UserId,
    at: i64,
    action: &str,
    object: String,
    detail: String,
) -> Result<AuditId, StoreError> {
    record(
        tx,
        &AuditEntry {
            at,
            actor: Some(actor),
            action: action.into(),
            object,
            outcome: Outcome::Allowed,
            detail,
        },
    )
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `AuditId -> AuditEntry`: denials, sensitive reads and administrative changes, in time order.
pub const AUDIT: Tbl<AuditId, AuditEntry> = Tbl::new("audit-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&AUDIT];
