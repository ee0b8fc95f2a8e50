//! Rules of the school card.

use crate::audit;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::error::FieldErrors;
use crate::school::model::SchoolCard;
use crate::state::AppState;
use crate::store::blobs;
use crate::store::ids::BlobId;
use crate::store::tables::{SCHOOL, SINGLE};

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

/// Refuses early whoever may not edit the card, before their input is even read; the write
/// asks again inside its transaction.
pub async fn authorize_edit(state: &AppState, actor: &Actor) -> Result<(), AppError> {
    let actor = actor.clone();
    state.store.read(move |tx| permit(tx, &actor, Action::SchoolEdit, Target::School)).await
}

/// Saves the card (keeping its logo) and refreshes the cached copy.
pub async fn save(state: &AppState, actor: Actor, card: SchoolCard) -> Result<(), AppError> {
    authorize_edit(state, &actor).await?;
    let card = validate(card)?;
    let saved = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::SchoolEdit, Target::School)?;
            let old = SCHOOL.get(tx, &SINGLE)?.unwrap_or_default();
            let card = SchoolCard { logo: old.logo, ..card };
            SCHOOL.insert(tx, &SINGLE, &card)?;
            audit::change(tx, actor.id, actor.now, "school.edit", "school".into(), String::new())?;
            Ok::<_, AppError>(card)
        })
        .await?;
    state.set_school(saved);
    Ok(())
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

/// Replaces the logo (or removes it with `None`).
pub async fn set_logo(
    state: &AppState,
    actor: Actor,
    file: Option<(String, Vec<u8>)>,
) -> Result<(), AppError> {
    authorize_edit(state, &actor).await?;
    let upload = match file {
        Some((name, data)) => {
            if data.len() > MAX_LOGO.min(state.config.max_upload_mb as usize * 1024 * 1024) {
                return Err(AppError::TooLarge);
            }
            let mime = image_mime(&data).ok_or(AppError::BadRequest("school-logo-format"))?;
            Some((name.chars().take(100).collect::<String>(), mime, data))
        }
        None => None,
    };
    let saved = state
        .store
        .write(move |tx| {
            permit(tx, &actor, Action::SchoolEdit, Target::School)?;
            let mut card = SCHOOL.get(tx, &SINGLE)?.unwrap_or_default();
            if let Some(old) = card.logo.take() {
                blobs::delete(tx, old)?;
            }
            if let Some((name, mime, data)) = upload {
                card.logo = Some(blobs::put(tx, &name, mime, &data, Some(actor.id), actor.now)?);
            }
            SCHOOL.insert(tx, &SINGLE, &card)?;
            Ok::<_, AppError>(card)
        })
        .await?;
    state.set_school(saved);
    Ok(())
}

/// The logo's bytes and type. Public: the sign-in page shows it.
pub async fn logo(state: &AppState) -> Result<(String, Vec<u8>), AppError> {
    let id: BlobId = state.school().logo.ok_or(AppError::NotFound)?;
    let (meta, data) = state
        .store
        .read(move |tx| Ok::<_, AppError>(blobs::get(tx, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((meta.mime, data))
}

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
