//! Files stored inside the database, in chunks, so that a backup stays one file.

use redb::WriteTransaction;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ids::{BlobId, UserId};
use super::tables::{BLOB_CHUNKS, BLOBS};
use super::{Order, Reader, StoreError};

/// Bytes per chunk.
pub const CHUNK_SIZE: usize = 256 * 1024;

/// What is known about a stored file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BlobMeta {
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// Hex SHA-256 of the contents, checked on read.
    pub sha256: String,
    pub chunks: u32,
    pub created_at: i64,
    pub created_by: Option<UserId>,
}

/// One chunk of a file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Chunk(#[serde(with = "serde_bytes")] pub Vec<u8>);

/// Stores `data` as a new blob.
pub fn put(
    tx: &WriteTransaction,
    name: &str,
    mime: &str,
    data: &[u8],
    created_by: Option<UserId>,
    at: i64,
) -> Result<BlobId, StoreError> {
    let id = BlobId::next(tx)?;
    let mut chunks = 0u32;
    for (i, part) in data.chunks(CHUNK_SIZE).enumerate() {
        BLOB_CHUNKS.insert(tx, &(id, i as u32), &Chunk(part.to_vec()))?;
        chunks += 1;
    }
    let meta = BlobMeta {
        name: name.to_string(),
        mime: mime.to_string(),
        size: data.len() as u64,
        sha256: hex(&Sha256::digest(data)),
        chunks,
        created_at: at,
        created_by,
    };
    BLOBS.insert(tx, &id, &meta)?;
    Ok(id)
}

/// Reads a whole blob back, checking its length and hash.
pub fn get(tx: &impl Reader, id: BlobId) -> Result<Option<(BlobMeta, Vec<u8>)>, StoreError> {
    let Some(meta) = BLOBS.get(tx, &id)? else {
        return Ok(None);
    };
    let mut data = Vec::with_capacity(meta.size as usize);
    BLOB_CHUNKS.scan_prefix(tx, &id, Order::Asc, |_, chunk| {
        data.extend_from_slice(&chunk.0);
        true
    })?;
    if data.len() as u64 != meta.size || hex(&Sha256::digest(&data)) != meta.sha256 {
        return Err(StoreError::Corrupt(format!("blob {id} does not match its checksum")));
    }
    Ok(Some((meta, data)))
}

/// Deletes a blob and its chunks.
pub fn delete(tx: &WriteTransaction, id: BlobId) -> Result<(), StoreError> {
    if let Some(meta) = BLOBS.get(tx, &id)? {
        for i in 0..meta.chunks {
            BLOB_CHUNKS.remove(tx, &(id, i))?;
        }
        BLOBS.remove(tx, &id)?;
    }
    Ok(())
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
