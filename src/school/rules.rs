//! Rules of the school card: what a card may hold, what a logo may be.

use super::model::SchoolCard;
use crate::error::FieldErrors;

/// Longest accepted text of a card field.
const MAX_LEN: usize = 300;

/// Checks a card as typed; trims its fields.
pub fn validate(mut card: SchoolCard) -> Result<SchoolCard, FieldErrors> {
    let mut e = FieldErrors::default();
    for (name, value) in [
        ("full_name", &mut card.full_name),
        ("short_name", &mut card.short_name),
        ("address", &mut card.address),
        ("director", &mut card.director),
        ("phone", &mut card.phone),
        ("email", &mut card.email),
        ("website", &mut card.website),
        ("time_zone", &mut card.time_zone),
    ] {
        *value = value.split_whitespace().collect::<Vec<_>>().join(" ");
        if value.chars().count() > MAX_LEN {
            e.add(name, "field-too-long");
        }
    }
    if card.full_name.is_empty() {
        e.add("full_name", "field-required");
    }
    if card.short_name.is_empty() {
        e.add("short_name", "field-required");
    } else if card.short_name.chars().count() > 60 {
        e.add("short_name", "field-too-long");
    }
    if card.time_zone.parse::<chrono_tz::Tz>().is_err() {
        e.add("time_zone", "school-time-zone-invalid");
    }
    if !card.email.is_empty() && !card.email.contains('@') {
        e.add("email", "email-invalid");
    }
    e.into_result().map(|()| card)
}

/// The image formats a logo may have, by their first bytes.
pub fn image_mime(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.len() > 12 && &data[..4] == b"RIFF" && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Largest logo accepted.
pub const MAX_LOGO: usize = 2 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_needs_names_and_a_real_time_zone() {
        let bad = SchoolCard {
            full_name: " ".into(),
            short_name: "".into(),
            time_zone: "Moscow".into(),
            ..SchoolCard::default()
        };
        let e = validate(bad).unwrap_err();
        assert_eq!(e.get("full_name"), Some("field-required"));
        assert_eq!(e.get("short_name"), Some("field-required"));
        assert_eq!(e.get("time_zone"), Some("school-time-zone-invalid"));
        let good = SchoolCard {
            full_name: "  МБОУ  СОШ № 1 ".into(),
            short_name: "СОШ № 1".into(),
            ..SchoolCard::default()
        };
        assert_eq!(validate(good).unwrap().full_name, "МБОУ СОШ № 1");
    }

    #[test]
    fn logos_are_recognised_by_content_not_name() {
        assert_eq!(image_mime(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(image_mime(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(image_mime(b"<svg onload=alert(1)>"), None);
    }
}
