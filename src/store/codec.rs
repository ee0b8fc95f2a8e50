//! Order-preserving key encoding and the self-describing value encoding.
//!
//! Every redb table is `&[u8] -> &[u8]`; this module turns typed keys and values into those
//! bytes. Keys sort in the order of their typed values (big-endian integers, escaped strings,
//! tuples concatenated), so range scans over a prefix work. Values are MessagePack with named
//! fields, so a new `#[serde(default)]` field needs no migration.

use serde::{Serialize, de::DeserializeOwned};

/// A key or value that could not be decoded: a corrupted or foreign file.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("key is truncated")]
    Truncated,
    #[error("key has trailing bytes")]
    Trailing,
    #[error("key string is not valid UTF-8")]
    Utf8,
    #[error("value does not decode: {0}")]
    Value(String),
}

/// A typed key with an order-preserving byte encoding.
pub trait Key: Sized {
    fn write(&self, out: &mut Vec<u8>);
    fn read(input: &mut &[u8]) -> Result<Self, CodecError>;

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16);
        self.write(&mut out);
        out
    }

    fn from_bytes(mut bytes: &[u8]) -> Result<Self, CodecError> {
        let key = Self::read(&mut bytes)?;
        if bytes.is_empty() { Ok(key) } else { Err(CodecError::Trailing) }
    }
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Result<&'a [u8], CodecError> {
    if input.len() < n {
        return Err(CodecError::Truncated);
    }
    let (head, tail) = input.split_at(n);
    *input = tail;
    Ok(head)
}

impl Key for () {
    fn write(&self, _out: &mut Vec<u8>) {}
    fn read(_input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok(())
    }
}

impl Key for u64 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        let b = take(input, 8)?;
        Ok(u64::from_be_bytes(b.try_into().expect("8 bytes")))
    }
}

impl Key for u32 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        let b = take(input, 4)?;
        Ok(u32::from_be_bytes(b.try_into().expect("4 bytes")))
    }
}

impl Key for i64 {
    /// The sign bit is flipped so that negative numbers sort before positive ones.
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&((*self as u64) ^ (1 << 63)).to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok((u64::read(input)? ^ (1 << 63)) as i64)
    }
}

impl Key for [u8; 32] {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok(take(input, 32)?.try_into().expect("32 bytes"))
    }
}

/// Strings are escaped (`00` -> `00 FF`) and terminated (`00 01`), so that a string followed by
/// more tuple parts still sorts like the string alone.
impl Key for String {
    fn write(&self, out: &mut Vec<u8>) {
        for &b in self.as_bytes() {
            out.push(b);
            if b == 0 {
                out.push(0xFF);
            }
        }
        out.extend_from_slice(&[0, 1]);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        let mut bytes = Vec::new();
        loop {
            let b = take(input, 1)?[0];
            if b != 0 {
                bytes.push(b);
                continue;
            }
            match take(input, 1)?[0] {
                0xFF => bytes.push(0),
                1 => break,
                _ => return Err(CodecError::Truncated),
            }
        }
        String::from_utf8(bytes).map_err(|_| CodecError::Utf8)
    }
}

impl<A: Key, B: Key> Key for (A, B) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok((A::read(input)?, B::read(input)?))
    }
}

impl<A: Key, B: Key, C: Key> Key for (A, B, C) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
        self.2.write(out);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok((A::read(input)?, B::read(input)?, C::read(input)?))
    }
}

impl<A: Key, B: Key, C: Key, D: Key> Key for (A, B, C, D) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
        self.2.write(out);
        self.3.write(out);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok((A::read(input)?, B::read(input)?, C::read(input)?, D::read(input)?))
    }
}

impl<A: Key, B: Key, C: Key, D: Key, E: Key> Key for (A, B, C, D, E) {
    fn write(&self, out: &mut Vec<u8>) {
        self.0.write(out);
        self.1.write(out);
        self.2.write(out);
        self.3.write(out);
        self.4.write(out);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok((A::read(input)?, B::read(input)?, C::read(input)?, D::read(input)?, E::read(input)?))
    }
}

impl Key for u8 {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        Ok(take(input, 1)?[0])
    }
}

/// A date is its day number from the common era, sign bit flipped, so dates sort in order.
impl Key for chrono::NaiveDate {
    fn write(&self, out: &mut Vec<u8>) {
        use chrono::Datelike;
        out.extend_from_slice(&((self.num_days_from_ce() as u32) ^ (1 << 31)).to_be_bytes());
    }
    fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
        let days = (u32::read(input)? ^ (1 << 31)) as i32;
        chrono::NaiveDate::from_num_days_from_ce_opt(days).ok_or(CodecError::Truncated)
    }
}

/// Encodes a value as MessagePack with field names.
pub fn encode_value<V: Serialize>(value: &V) -> Vec<u8> {
    rmp_serde::to_vec_named(value).expect("in-memory MessagePack encoding cannot fail")
}

/// Decodes a value written by [`encode_value`] (or by an older binary with fewer fields).
pub fn decode_value<V: DeserializeOwned>(bytes: &[u8]) -> Result<V, CodecError> {
    rmp_serde::from_slice(bytes).map_err(|e| CodecError::Value(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_sort_in_order_inside_tuples() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let keys = [
            (7u64, d(1999, 12, 31), 3u8),
            (7, d(2026, 9, 1), 1),
            (7, d(2026, 9, 1), 2),
            (7, d(2027, 1, 9), 0),
        ];
        let bytes: Vec<Vec<u8>> = keys.iter().map(Key::to_bytes).collect();
        let mut sorted = bytes.clone();
        sorted.sort();
        assert_eq!(bytes, sorted);
        for (k, b) in keys.iter().zip(&bytes) {
            assert_eq!(&<(u64, chrono::NaiveDate, u8)>::from_bytes(b).unwrap(), k);
        }
    }

    #[test]
    fn integer_keys_sort_like_numbers() {
        let mut keys: Vec<Vec<u8>> = [5u64, 300, 0, u64::MAX].iter().map(Key::to_bytes).collect();
        keys.sort();
        let back: Vec<u64> = keys.iter().map(|k| u64::from_bytes(k).unwrap()).collect();
        assert_eq!(back, vec![0, 5, 300, u64::MAX]);

        let mut signed: Vec<Vec<u8>> = [3i64, -7, 0, i64::MIN].iter().map(Key::to_bytes).collect();
        signed.sort();
        let back: Vec<i64> = signed.iter().map(|k| i64::from_bytes(k).unwrap()).collect();
        assert_eq!(back, vec![i64::MIN, -7, 0, 3]);
    }

    #[test]
    fn string_tuples_sort_by_the_string_first() {
        let a = ("ab".to_string(), 9u64).to_bytes();
        let b = ("abc".to_string(), 1u64).to_bytes();
        let c = ("a\0".to_string(), 1u64).to_bytes();
        assert!(a < b, "a shorter string sorts first whatever follows it");
        assert!(c < a);
        assert_eq!(<(String, u64)>::from_bytes(&c).unwrap(), ("a\0".to_string(), 1));
    }

    #[test]
    fn truncated_and_trailing_keys_are_errors() {
        assert!(u64::from_bytes(&[1, 2, 3]).is_err());
        assert!(u32::from_bytes(&[0, 0, 0, 1, 9]).is_err());
        assert!(String::from_bytes(b"abc").is_err());
    }

    #[test]
    fn values_gain_fields_without_migration() {
        #[derive(Serialize, serde::Deserialize)]
        struct Old {
            name: String,
        }
        #[derive(serde::Deserialize)]
        struct New {
            name: String,
            #[serde(default)]
            phone: Option<String>,
        }
        let bytes = encode_value(&Old { name: "5А".into() });
        let new: New = decode_value(&bytes).unwrap();
        assert_eq!(new.name, "5А");
        assert_eq!(new.phone, None);
        assert!(decode_value::<New>(b"\xc1garbage").is_err());
    }
}
