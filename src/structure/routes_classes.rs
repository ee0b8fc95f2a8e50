//! Handlers of the class and group pages (the route table is in `routes.rs`).

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::access_classes as access;
use super::forms::{ClassForm, GroupForm};
use super::routes::{YearQuery, can_edit, id, opt_id, refused};
use super::views;
use super::views_classes::{self, ClassEdits};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{ClassId, GroupId, YearId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

/// GET /structure/classes — the classes of the viewed year by parallel.
pub(super) async fn classes(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let page = access::classes(&state, auth.actor(), q.year()).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("st-classes-title"), views_classes::classes_list(ctx, &page, can_edit(&auth))))
}

/// GET /structure/classes/new — the form of a new class of the viewed year.
pub(super) async fn new_class(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let editor = access::class_editor(&state, auth.actor(), q.year()).await?;
    let ctx = &auth.ctx;
    let body = match &editor {
        Some(editor) => views_classes::class_new(ctx, editor, &ClassForm::default(), &FieldErrors::default()),
        None => views::no_year(ctx, true),
    };
    Ok(respond(ctx, &ctx.t("st-class-new"), body))
}

/// POST /structure/classes — creates a class in the year of the form.
pub(super) async fn create_class(
    State(state): State<AppState>,
    auth: Auth,
    Form(pairs): Form<Pairs>,
) -> Result<Response, AppError> {
    let year: Option<YearId> = opt_id(Some(pairs.get("year")));
    let form = ClassForm::from_pairs(&pairs);
    match access::save_class(&state, auth.actor(), None, year, form.clone()).await {
        Ok(id) => Ok(flash_redirect(&format!("/structure/classes/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            let editor = access::class_editor(&state, auth.actor(), year).await?.ok_or(AppError::NotFound)?;
            let ctx = &auth.ctx;
            Ok(refused(ctx, &ctx.t("st-class-new"), views_classes::class_new(ctx, &editor, &form, &errors)))
        }
        Err(e) => Err(e),
    }
}

/// The class page, with a refused form or deletion.
async fn class_refused(
    state: &AppState,
    auth: &Auth,
    id: ClassId,
    edits: ClassEdits,
) -> Result<Response, AppError> {
    let page = access::class_page(state, auth.actor(), id).await?;
    let ctx = &auth.ctx;
    Ok(refused(ctx, &page.class.name(), views_classes::class_page(ctx, &page, &edits, true)))
}

/// GET /structure/classes/{id} — the class, its groups.
pub(super) async fn class(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let page = access::class_page(&state, auth.actor(), id(&raw)?).await?;
    let ctx = &auth.ctx;
    let body = views_classes::class_page(ctx, &page, &ClassEdits::default(), can_edit(&auth));
    Ok(respond(ctx, &page.class.name(), body))
}

/// POST /structure/classes/{id} — saves the class.
pub(super) async fn update_class(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: ClassId = id(&raw)?;
    let form = ClassForm::from_pairs(&form);
    match access::save_class(&state, auth.actor(), Some(id), None, form.clone()).await {
        Ok(_) => Ok(flash_redirect(&format!("/structure/classes/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            class_refused(
                &state,
                &auth,
                id,
                ClassEdits { class: Some((form, errors)), ..ClassEdits::default() },
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/classes/{id}/delete — refused, with the reason on the class page, when the
/// class has or had students or has teaching.
pub(super) async fn delete_class(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: ClassId = id(&raw)?;
    match access::delete_class(&state, auth.actor(), id).await {
        Ok(year) => Ok(flash_redirect(&format!("/structure/classes?year={year}"), "st-deleted", &state)),
        Err(AppError::BadRequest(key @ ("class-has-students" | "class-has-teaching"))) => {
            class_refused(&state, &auth, id, ClassEdits { refusal: Some(key), ..ClassEdits::default() }).await
        }
        Err(e) => Err(e),
    }
}

/// POST /structure/classes/{id}/groups — creates a group; its students are chosen next.
pub(super) async fn create_group(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let class: ClassId = id(&raw)?;
    let form = GroupForm::from_pairs(&form);
    match access::create_group(&state, auth.actor(), class, form.clone()).await {
        Ok(group) => Ok(flash_redirect(&format!("/structure/groups/{group}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            class_refused(
                &state,
                &auth,
                class,
                ClassEdits { group: Some((form, errors)), ..ClassEdits::default() },
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The group page with a refused form or deletion.
async fn group_refused(
    state: &AppState,
    auth: &Auth,
    id: GroupId,
    form: Option<GroupForm>,
    errors: &FieldErrors,
    refusal: Option<&'static str>,
) -> Result<Response, AppError> {
    let page = access::group_page(state, auth.actor(), id).await?;
    let form = form.unwrap_or_else(|| GroupForm::of(&page.group));
    let ctx = &auth.ctx;
    Ok(refused(ctx, &page.group.name, views_classes::group_page(ctx, &page, &form, errors, refusal, true)))
}

/// GET /structure/groups/{id} — the group's name, subject and students.
pub(super) async fn group(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let page = access::group_page(&state, auth.actor(), id(&raw)?).await?;
    let ctx = &auth.ctx;
    let form = GroupForm::of(&page.group);
    let body = views_classes::group_page(ctx, &page, &form, &FieldErrors::default(), None, can_edit(&auth));
    Ok(respond(ctx, &page.group.name, body))
}

/// POST /structure/groups/{id}
pub(super) async fn update_group(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id: GroupId = id(&raw)?;
    let form = GroupForm::from_pairs(&form);
    match access::save_group(&state, auth.actor(), id, form.clone()).await {
        Ok(()) => Ok(flash_redirect(&format!("/structure/groups/{id}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => group_refused(&state, &auth, id, Some(form), &errors, None).await,
        Err(e) => Err(e),
    }
}

/// POST /structure/groups/{id}/delete — refused, with the reason, while teaching uses it.
pub(super) async fn delete_group(
    State(state): State<AppState>,
    auth: Auth,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let id: GroupId = id(&raw)?;
    match access::delete_group(&state, auth.actor(), id).await {
        Ok(class) => Ok(flash_redirect(&format!("/structure/classes/{class}#groups"), "st-deleted", &state)),
        Err(AppError::BadRequest(key @ "group-has-teaching")) => {
            group_refused(&state, &auth, id, None, &FieldErrors::default(), Some(key)).await
        }
        Err(e) => Err(e),
    }
}
