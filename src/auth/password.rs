//! Password hashing (Argon2id with the argon2 crate's defaults: 19 MiB, 2 passes) and the
//! passwords Parta makes up itself (resets, access letters).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// The shortest password a person may choose.
pub const MIN_LEN: usize = 8;
/// The longest accepted, so that hashing stays bounded.
pub const MAX_LEN: usize = 128;

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random source is available");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id with default parameters cannot fail")
        .to_string()
}

/// Checks a password against a stored hash. A malformed hash never verifies.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, verified against when the login names no account, so that
/// a wrong login costs as much time as a wrong password (no account enumeration by timing).
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash(&generate(16)))
}

/// Why a chosen password is refused; the catalog key of the message.
pub fn policy_error(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_LEN {
        Some("password-too-short")
    } else if n > MAX_LEN {
        Some("password-too-long")
    } else {
        None
    }
}

/// A random password easy to copy from paper: no 0/O, 1/l/I.
pub fn generate(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).expect("the OS random source is available");
    // 256 is not a multiple of the alphabet size; the bias is negligible for one-time
    // passwords that must be changed at first sign-in, but reject to be exact anyway.
    let mut out = String::with_capacity(len);
    let limit = 256 - (256 % ALPHABET.len());
    let mut extra = [0u8; 1];
    for b in bytes {
        let mut v = b as usize;
        while v >= limit {
            getrandom::fill(&mut extra).expect("the OS random source is available");
            v = extra[0] as usize;
        }
        out.push(ALPHABET[v % ALPHABET.len()] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_same_password() {
        let h = hash("correct horse");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse", &h));
        assert!(!verify("correct horsE", &h));
        assert!(!verify("correct horse", "not a hash"));
    }

    #[test]
    fn generated_passwords_avoid_ambiguous_characters() {
        let p = generate(200);
        assert_eq!(p.len(), 200);
        assert!(!p.contains(['0', 'O', '1', 'l', 'I']));
        assert_ne!(generate(10), generate(10));
    }

    #[test]
    fn policy_counts_characters_not_bytes() {
        assert_eq!(policy_error("пароль12"), None);
        assert_eq!(policy_error("short"), Some("password-too-short"));
        assert_eq!(policy_error(&"x".repeat(129)), Some("password-too-long"));
    }
}
