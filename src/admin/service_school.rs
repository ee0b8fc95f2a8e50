//! The school card page's work: saving the card and its logo, serving the logo.

use crate::audit;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::school;
use crate::school::model::SchoolCard;
use crate::school::rules::{MAX_LOGO, image_mime, validate};
use crate::state::AppState;
use crate::store::blobs;
use crate::store::ids::BlobId;

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
            let old = school::card(tx)?;
            let card = SchoolCard { logo: old.logo, ..card };
            school::save_card(tx, &card)?;
            audit::change(tx, actor.id, actor.now, "school.edit", "school".into(), String::new())?;
            Ok::<_, AppError>(card)
        })
        .await?;
    state.set_school(saved);
    Ok(())
}

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
            let mut card = school::card(tx)?;
            if let Some(old) = card.logo.take() {
                blobs::delete(tx, old)?;
            }
            if let Some((name, mime, data)) = upload {
                card.logo = Some(blobs::put(tx, &name, mime, &data, Some(actor.id), actor.now)?);
            }
            school::save_card(tx, &card)?;
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
