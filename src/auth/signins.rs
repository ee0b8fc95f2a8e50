//! The sign-in log and each account's first and last sign-in: written by signing in, read by
//! the administration and the reports.

use std::collections::HashMap;

use redb::WriteTransaction;

use super::model::{SIGNIN_STATS, SIGNINS, SignInEntry, SignInOutcome, SignInStats};
use crate::store::ids::{SignInId, UserId};
use crate::store::{Order, Reader, StoreError};

/// Appends an attempt to the log; a successful one also counts in its account's figures.
pub fn record(tx: &WriteTransaction, entry: &SignInEntry) -> Result<(), StoreError> {
    SIGNINS.insert(tx, &SignInId::next(tx)?, entry)?;
    if let (SignInOutcome::Success, Some(id)) = (entry.outcome, entry.user) {
        let mut stats =
            SIGNIN_STATS.get(tx, &id)?.unwrap_or(SignInStats { first: entry.at, ..Default::default() });
        stats.last = entry.at;
        stats.count += 1;
        SIGNIN_STATS.insert(tx, &id, &stats)?;
    }
    Ok(())
}

/// An account's first and last successful sign-in, if it ever signed in.
pub fn stats(tx: &impl Reader, id: UserId) -> Result<Option<SignInStats>, StoreError> {
    SIGNIN_STATS.get(tx, &id)
}

/// One page of the log, newest first.
pub fn newest(
    tx: &impl Reader,
    page: usize,
    size: usize,
) -> Result<Vec<(SignInId, SignInEntry)>, StoreError> {
    let mut out = Vec::with_capacity(size);
    let mut skip = page * size;
    SIGNINS.scan_range(tx, None, None, Order::Desc, |k, v| {
        if skip > 0 {
            skip -= 1;
            return true;
        }
        out.push((k, v));
        out.len() < size
    })?;
    Ok(out)
}

/// The id of the first sign-in made at or after `from` (unix seconds), if any.
fn first_at_or_after(tx: &impl Reader, from: i64) -> Result<Option<SignInId>, StoreError> {
    // The first entry with an id of at least `id`, with its time.
    let entry_from = |id: u64| -> Result<Option<(SignInId, i64)>, StoreError> {
        let mut found = None;
        SIGNINS.scan_range(tx, Some(&SignInId(id)), None, Order::Asc, |k, e| {
            found = Some((k, e.at));
            false
        })?;
        Ok(found)
    };
    let mut last = None;
    SIGNINS.scan_range(tx, None, None, Order::Desc, |k, _| {
        last = Some(k);
        false
    })?;
    let Some(last) = last else { return Ok(None) };
    // The smallest id whose next entry is at or after `from`.
    let (mut lo, mut hi) = (0u64, last.0 + 1);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match entry_from(mid)? {
            Some((_, at)) if at >= from => hi = mid,
            Some(_) => lo = mid + 1,
            None => hi = mid,
        }
    }
    Ok(entry_from(lo)?.filter(|(_, at)| *at >= from).map(|(id, _)| id))
}

/// Successful sign-ins in `[from, to)` by account.
pub fn sign_ins_between(tx: &impl Reader, from: i64, to: i64) -> Result<HashMap<UserId, u32>, StoreError> {
    let mut out = HashMap::new();
    let Some(first) = first_at_or_after(tx, from)? else { return Ok(out) };
    SIGNINS.scan_range(tx, Some(&first), None, Order::Asc, |_, e| {
        if e.at >= to {
            return false;
        }
        if let (SignInOutcome::Success, Some(u)) = (e.outcome, e.user) {
            *out.entry(u).or_default() += 1;
        }
        true
    })?;
    Ok(out)
}
