//! Typed access to the `&[u8] -> &[u8]` redb tables.
//!
//! [`Tbl`] pairs a table name with its key and value types; [`Reader`] lets the same typed
//! read run inside a read or a write transaction, so a service can check and write in one
//! transaction.

use std::marker::PhantomData;
use std::ops::Bound;

use redb::{ReadTransaction, ReadableTable, TableDefinition, TableError, WriteTransaction};
use serde::{Serialize, de::DeserializeOwned};

use super::StoreError;
use super::codec::{Key, decode_value, encode_value};

type Raw = TableDefinition<'static, &'static [u8], &'static [u8]>;

/// A visitor of raw entries: returns whether to go on.
pub type Visit<'a> = &'a mut dyn FnMut(&[u8], &[u8]) -> Result<bool, StoreError>;
type Entry<'a> =
    Result<(redb::AccessGuard<'a, &'static [u8]>, redb::AccessGuard<'a, &'static [u8]>), redb::StorageError>;

/// A transaction that can be read from: a read snapshot or the open write transaction.
pub trait Reader {
    /// Visits the raw entries of `name` within the bounds, in key order, until `f` says stop.
    fn scan_raw(
        &self,
        name: &'static str,
        lo: Bound<&[u8]>,
        hi: Bound<&[u8]>,
        reverse: bool,
        f: Visit<'_>,
    ) -> Result<(), StoreError>;

    fn get_raw(&self, name: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
}

fn scan_table<T: ReadableTable<&'static [u8], &'static [u8]>>(
    table: &T,
    lo: Bound<&[u8]>,
    hi: Bound<&[u8]>,
    reverse: bool,
    f: Visit<'_>,
) -> Result<(), StoreError> {
    let range = table.range::<&[u8]>((lo, hi))?;
    let mut visit = |item: Entry<'_>| -> Result<bool, StoreError> {
        let (k, v) = item?;
        f(k.value(), v.value())
    };
    if reverse {
        for item in range.rev() {
            if !visit(item)? {
                break;
            }
        }
    } else {
        for item in range {
            if !visit(item)? {
                break;
            }
        }
    }
    Ok(())
}

impl Reader for ReadTransaction {
    fn scan_raw(
        &self,
        name: &'static str,
        lo: Bound<&[u8]>,
        hi: Bound<&[u8]>,
        reverse: bool,
        f: Visit<'_>,
    ) -> Result<(), StoreError> {
        match self.open_table(Raw::new(name)) {
            Ok(t) => scan_table(&t, lo, hi, reverse, f),
            Err(TableError::TableDoesNotExist(_)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn get_raw(&self, name: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        match self.open_table(Raw::new(name)) {
            Ok(t) => Ok(t.get(key)?.map(|v| v.value().to_vec())),
            Err(TableError::TableDoesNotExist(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
}

impl Reader for WriteTransaction {
    fn scan_raw(
        &self,
        name: &'static str,
        lo: Bound<&[u8]>,
        hi: Bound<&[u8]>,
        reverse: bool,
        f: Visit<'_>,
    ) -> Result<(), StoreError> {
        let t = self.open_table(Raw::new(name))?;
        scan_table(&t, lo, hi, reverse, f)
    }

    fn get_raw(&self, name: &'static str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let t = self.open_table(Raw::new(name))?;
        Ok(t.get(key)?.map(|v| v.value().to_vec()))
    }
}

/// A table with typed keys and values. Declared only in `store/tables.rs`.
pub struct Tbl<K, V> {
    name: &'static str,
    _types: PhantomData<fn() -> (K, V)>,
}

impl<K, V> Tbl<K, V> {
    pub const fn new(name: &'static str) -> Self {
        Self { name, _types: PhantomData }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// The order of a scan.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

impl<K: Key, V: Serialize + DeserializeOwned> Tbl<K, V> {
    pub fn get(&self, tx: &impl Reader, key: &K) -> Result<Option<V>, StoreError> {
        match tx.get_raw(self.name, &key.to_bytes())? {
            Some(bytes) => Ok(Some(self.decode_value(&bytes)?)),
            None => Ok(None),
        }
    }

    pub fn contains(&self, tx: &impl Reader, key: &K) -> Result<bool, StoreError> {
        Ok(tx.get_raw(self.name, &key.to_bytes())?.is_some())
    }

    pub fn insert(&self, tx: &WriteTransaction, key: &K, value: &V) -> Result<(), StoreError> {
        let mut t = tx.open_table(Raw::new(self.name))?;
        t.insert(key.to_bytes().as_slice(), encode_value(value).as_slice())?;
        Ok(())
    }

    /// Removes the entry; says whether there was one.
    pub fn remove(&self, tx: &WriteTransaction, key: &K) -> Result<bool, StoreError> {
        let mut t = tx.open_table(Raw::new(self.name))?;
        let removed = t.remove(key.to_bytes().as_slice())?.is_some();
        Ok(removed)
    }

    /// Visits entries whose encoded key starts with the encoding of `prefix` (a leading part of
    /// the key tuple), in the given order, until `f` returns `false`.
    pub fn scan_prefix<P: Key>(
        &self,
        tx: &impl Reader,
        prefix: &P,
        order: Order,
        mut f: impl FnMut(K, V) -> bool,
    ) -> Result<(), StoreError> {
        let lo = prefix.to_bytes();
        let hi = prefix_end(&lo);
        let hi_bound = match &hi {
            Some(h) => Bound::Excluded(h.as_slice()),
            None => Bound::Unbounded,
        };
        tx.scan_raw(self.name, Bound::Included(lo.as_slice()), hi_bound, order == Order::Desc, &mut |k, v| {
            Ok(f(self.decode_key(k)?, self.decode_value(v)?))
        })
    }

    /// Visits entries with keys in `[from, to)` (either end open when `None`).
    pub fn scan_range(
        &self,
        tx: &impl Reader,
        from: Option<&K>,
        to: Option<&K>,
        order: Order,
        mut f: impl FnMut(K, V) -> bool,
    ) -> Result<(), StoreError> {
        let lo = from.map(Key::to_bytes);
        let hi = to.map(Key::to_bytes);
        tx.scan_raw(
            self.name,
            lo.as_deref().map_or(Bound::Unbounded, Bound::Included),
            hi.as_deref().map_or(Bound::Unbounded, Bound::Excluded),
            order == Order::Desc,
            &mut |k, v| Ok(f(self.decode_key(k)?, self.decode_value(v)?)),
        )
    }

    /// Visits entries whose keys lie in `[from, to)`, where the bounds are leading parts of the
    /// key tuple (`(teaching, first day)` to `(teaching, day after the last)`).
    pub fn scan_between<P: Key>(
        &self,
        tx: &impl Reader,
        from: &P,
        to: &P,
        order: Order,
        mut f: impl FnMut(K, V) -> bool,
    ) -> Result<(), StoreError> {
        let lo = from.to_bytes();
        let hi = to.to_bytes();
        if lo >= hi {
            return Ok(());
        }
        tx.scan_raw(
            self.name,
            Bound::Included(lo.as_slice()),
            Bound::Excluded(hi.as_slice()),
            order == Order::Desc,
            &mut |k, v| Ok(f(self.decode_key(k)?, self.decode_value(v)?)),
        )
    }

    /// All entries in key order.
    pub fn all(&self, tx: &impl Reader) -> Result<Vec<(K, V)>, StoreError> {
        let mut out = Vec::new();
        self.scan_range(tx, None, None, Order::Asc, |k, v| {
            out.push((k, v));
            true
        })?;
        Ok(out)
    }

    /// The number of entries.
    pub fn count(&self, tx: &impl Reader) -> Result<u64, StoreError> {
        let mut n = 0;
        tx.scan_raw(self.name, Bound::Unbounded, Bound::Unbounded, false, &mut |_, _| {
            n += 1;
            Ok(true)
        })?;
        Ok(n)
    }

    fn decode_key(&self, bytes: &[u8]) -> Result<K, StoreError> {
        K::from_bytes(bytes).map_err(|e| StoreError::Corrupt(format!("{}: key: {e}", self.name)))
    }

    fn decode_value(&self, bytes: &[u8]) -> Result<V, StoreError> {
        decode_value(bytes).map_err(|e| StoreError::Corrupt(format!("{}: {e}", self.name)))
    }
}

/// The smallest byte string greater than every string starting with `prefix`.
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xFF {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// A table seen without its types: what backup, restore and `check` walk.
pub trait AnyTable: Sync {
    fn name(&self) -> &'static str;
    /// Decodes every entry; returns how many there are.
    fn check(&self, tx: &ReadTransaction) -> Result<u64, StoreError>;
}

impl<K: Key, V: Serialize + DeserializeOwned> AnyTable for Tbl<K, V> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn check(&self, tx: &ReadTransaction) -> Result<u64, StoreError> {
        let mut n = 0;
        tx.scan_raw(self.name, Bound::Unbounded, Bound::Unbounded, false, &mut |k, v| {
            self.decode_key(k)?;
            self.decode_value(v)?;
            n += 1;
            Ok(true)
        })?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::prefix_end;

    #[test]
    fn prefix_end_skips_saturated_bytes() {
        assert_eq!(prefix_end(&[1, 2]), Some(vec![1, 3]));
        assert_eq!(prefix_end(&[1, 0xFF]), Some(vec![2]));
        assert_eq!(prefix_end(&[0xFF]), None);
    }
}
