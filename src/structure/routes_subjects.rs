//! Handlers of the subject and assignment-type pages (the route table is in `routes.rs`).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;

use super::access_subjects as access;
use super::forms::{SubjectForm, WorkTypeForm};
use super::routes::{can_edit, id, refused};
use super::views_subjects;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{SubjectId, WorkTypeId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

/// GET /structure/subjects — the subjects, and the form of a new one.
pub(super) async fn subjects(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let list = access::subjects_list(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    let body = views_subjects::subjects_list(
        ctx,
        &list,
        &SubjectForm::default(),
        &FieldErrors::default(),
        can_edit(&auth),
    );
    Ok(respond(ctx, &ctx.t("st-subjects-title"), body))
}

/// POST /structure/subjects — adds a subject.
pub(super) async fn create_subject(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let form = SubjectForm::from_pairs(&form);
    match access::save_subject(&state, auth.actor(), None, form.clone()).await {
        Ok(_) => Ok(flash_redirect("/structure/subjects", "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let list = access::subjects_list(&state, auth.actor()).await?;
            let ctx = &auth.ctx;
            let body = views_subjects::subjects_list(ctx, &list, &form, &errors, true);
            Ok(refused(ctx, &ctx.t("st-subjects-title"), body))
        }
        Err(e) => Err(e),
    }
}

/// GET /structure/subjects/{id}
pub(super) async fn subject(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: SubjectId = id(&raw)?;
    let s = access::subject(&state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    let body = views_subjects::subject_page(
        ctx,
        id,
        &s,
        &SubjectForm::of(&s),
        &FieldErrors::default(),
        can_edit(&auth),
    );
    Ok(respond(ctx, &s.name, body))
}

/// POST /structure/subjects/{id} — the name and short name of a subject.
pub(super) async fn update_subject(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: SubjectId = id(&raw)?;
    let form = SubjectForm::from_pairs(&form);
    match access::save_subject(&state, auth.actor(), Some(id), form.clone()).await {
        Ok(_) => Ok(flash_redirect(&format!("/structure/subjects/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let s = access::subject(&state, auth.actor(), id).await?;
            let ctx = &auth.ctx;
            Ok(refused(ctx, &s.name, views_subjects::subject_page(ctx, id, &s, &form, &errors, true)))
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/subjects/{id}/archive
pub(super) async fn archive_subject(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: SubjectId = id(&raw)?;
    access::set_subject_archived(&state, auth.actor(), id, true).await?;
    Ok(flash_redirect(&format!("/structure/subjects/{id}"), "flash-saved", &state))
}

/// POST /structure/subjects/{id}/restore
pub(super) async fn restore_subject(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: SubjectId = id(&raw)?;
    access::set_subject_archived(&state, auth.actor(), id, false).await?;
    Ok(flash_redirect(&format!("/structure/subjects/{id}"), "flash-saved", &state))
}

/// GET /structure/work-types — the assignment types, and the form of a new one.
pub(super) async fn work_types(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let list = access::work_types(&state, auth.actor()).await?;
    let ctx = &auth.ctx;
    let form = WorkTypeForm { weight: "1".into(), ..WorkTypeForm::default() };
    let body = views_subjects::work_types_list(ctx, &list, &form, &FieldErrors::default(), can_edit(&auth));
    Ok(respond(ctx, &ctx.t("st-work-types-title"), body))
}

/// POST /structure/work-types — adds an assignment type.
pub(super) async fn create_work_type(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let form = WorkTypeForm::from_pairs(&form);
    match access::save_work_type(&state, auth.actor(), None, form.clone()).await {
        Ok(_) => Ok(flash_redirect("/structure/work-types", "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let list = access::work_types(&state, auth.actor()).await?;
            let ctx = &auth.ctx;
            let body = views_subjects::work_types_list(ctx, &list, &form, &errors, true);
            Ok(refused(ctx, &ctx.t("st-work-types-title"), body))
        }
        Err(e) => Err(e),
    }
}

/// GET /structure/work-types/{id}
pub(super) async fn work_type(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: WorkTypeId = id(&raw)?;
    let w = access::work_type(&state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    let body = views_subjects::work_type_page(
        ctx,
        id,
        &w,
        &WorkTypeForm::of(&w),
        &FieldErrors::default(),
        can_edit(&auth),
    );
    Ok(respond(ctx, &w.name, body))
}

/// POST /structure/work-types/{id} — name, abbreviation, default weight.
pub(super) async fn update_work_type(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: WorkTypeId = id(&raw)?;
    let form = WorkTypeForm::from_pairs(&form);
    match access::save_work_type(&state, auth.actor(), Some(id), form.clone()).await {
        Ok(_) => Ok(flash_redirect(&format!("/structure/work-types/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let w = access::work_type(&state, auth.actor(), id).await?;
            let ctx = &auth.ctx;
            Ok(refused(ctx, &w.name, views_subjects::work_type_page(ctx, id, &w, &form, &errors, true)))
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/work-types/{id}/archive
pub(super) async fn archive_work_type(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: WorkTypeId = id(&raw)?;
    access::set_work_type_archived(&state, auth.actor(), id, true).await?;
    Ok(flash_redirect(&format!("/structure/work-types/{id}"), "flash-saved", &state))
}

/// POST /structure/work-types/{id}/restore
pub(super) async fn restore_work_type(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: WorkTypeId = id(&raw)?;
    access::set_work_type_archived(&state, auth.actor(), id, false).await?;
    Ok(flash_redirect(&format!("/structure/work-types/{id}"), "flash-saved", &state))
}
