//! The store's own tables: what every data file has whatever the school does with it. Every
//! other table is declared by the module that owns it (its `model.rs`, with a `TABLES` list);
//! app assembly (`wiring.rs`) lists them all in the [`Schema`](super::Schema).
//!
//! Each table is `&[u8] -> &[u8]` underneath (see `codec.rs`), with a typed wrapper. The doc
//! line of each says `Key -> Value`. Names carry a version: a table whose layout changes
//! incompatibly gets a new name and a migration copies it over.

use super::blobs::{BlobMeta, Chunk};
use super::ids::BlobId;
use super::table::{AnyTable, Tbl};

/// `name -> u64`: schema version, creation time, demo flag, current year (see [`meta`]).
pub const META: Tbl<String, u64> = Tbl::new("meta-1");
/// `migration name -> applied at (unix seconds)`.
pub const MIGRATIONS: Tbl<String, i64> = Tbl::new("migrations-1");
/// `id kind -> last id taken`.
pub const COUNTERS: Tbl<String, u64> = Tbl::new("counters-1");
/// `BlobId -> BlobMeta`: stored files.
pub const BLOBS: Tbl<BlobId, BlobMeta> = Tbl::new("blobs-1");
/// `(BlobId, chunk number) -> Chunk`: file contents in chunks of `blobs::CHUNK_SIZE`.
pub const BLOB_CHUNKS: Tbl<(BlobId, u32), Chunk> = Tbl::new("blob-chunks-1");

/// The store's tables, for the registry.
pub const TABLES: &[&dyn AnyTable] = &[&META, &MIGRATIONS, &COUNTERS, &BLOBS, &BLOB_CHUNKS];

/// The key of a singleton table.
pub const SINGLE: () = ();

/// The `meta` table: its keys, and reading and writing them.
pub mod meta {
    use redb::WriteTransaction;

    use super::META;
    use crate::store::{Reader, StoreError};

    pub const SCHEMA_VERSION: &str = "schema_version";
    pub const CREATED_AT: &str = "created_at";
    pub const DEMO: &str = "demo";
    /// The study year shown by default.
    pub const CURRENT_YEAR: &str = "current_year";

    pub fn get(tx: &impl Reader, key: &str) -> Result<Option<u64>, StoreError> {
        META.get(tx, &key.to_string())
    }

    pub fn set(tx: &WriteTransaction, key: &str, value: u64) -> Result<(), StoreError> {
        META.insert(tx, &key.to_string(), &value)
    }
}
