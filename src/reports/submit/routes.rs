//! Routes of handing reports in. Handlers parse, call one service or query (which asks
//! `permit` in its transaction) and render; a refused form comes back with 422.

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::{Markup, html};

use super::dues::{self, DueForm};
use super::model::Slot;
use super::service::{self, Decision};
use super::{queries, views, views_mine};
use crate::auth::permission::{Action, may_at_school, may_somewhere};
use crate::error::AppError;
use crate::reports::catalog::Kind;
use crate::reports::filters::Scope;
use crate::state::AppState;
use crate::store::ids::{ReportDueId, SnapshotId, SubmissionId, YearId};
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reports/submissions", get(list).post(create))
        .route("/reports/submissions/{due}", get(due).post(update))
        .route("/reports/submissions/{due}/edit", get(edit))
        .route("/reports/submissions/{due}/delete", post(delete))
        .route("/reports/submissions/{due}/{sub}/accept", post(accept))
        .route("/reports/submissions/{due}/{sub}/return", post(give_back))
        .route("/reports/mine", get(mine))
        .route("/reports/mine/{due}", post(hand_in))
        .route("/reports/snapshots/{file}", get(snapshot))
}

fn id<T: std::str::FromStr>(raw: &str) -> Result<T, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// `?year=`: a year that does not exist is 404, as every other id; none is the current year.
fn year_of(q: &Pairs) -> Result<Option<YearId>, AppError> {
    match q.get("year") {
        "" => Ok(None),
        raw => id(raw).map(Some),
    }
}

fn unprocessable(page: Response) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

async fn list_response(
    state: &AppState,
    auth: &Auth,
    year: Option<YearId>,
    form: Option<DueForm>,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let page = state.store.read(move |tx| queries::dues_page(tx, &actor, year)).await?;
    let form = form.unwrap_or_else(|| DueForm::blank(page.default_period));
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("rsub-title"), views::dues_page(ctx, &page, &form, errors)))
}

/// GET /reports/submissions[?year=] — the year's dues with their counts, and the form of a new one.
async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    // Whoever sets no dues is refused before the year asked for is read.
    if !may_at_school(&auth.actor().roles, Action::ReportsManage) {
        return Err(service::denied("school".into()));
    }
    list_response(&state, &auth, year_of(&q)?, None, &FieldErrors::default()).await
}

/// POST /reports/submissions — a new due, or the list with the form again (422).
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let form = DueForm::from_pairs(&f);
    let (actor, typed) = (auth.actor(), form.clone());
    match state.store.write(move |tx| dues::create(tx, &actor, &typed)).await {
        Ok(due) => Ok(flash_redirect(&format!("/reports/submissions/{due}"), "rsub-flash-created", &state)),
        Err(AppError::Invalid(errors)) => {
            Ok(unprocessable(list_response(&state, &auth, None, Some(form), &errors).await?))
        }
        Err(e) => Err(e),
    }
}

async fn due_response(
    state: &AppState,
    auth: &Auth,
    due: ReportDueId,
    error: Option<(SubmissionId, &FieldErrors, &str)>,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let page = state.store.read(move |tx| queries::due_page(tx, &actor, due)).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t(&page.due.kind.title_key()), views::due_page(ctx, &page, error)))
}

/// GET /reports/submissions/{due} — who has handed it in, who is late, the snapshots.
async fn due(
    State(state): State<AppState>,
    auth: Auth,
    Path(due): Path<String>,
) -> Result<Response, AppError> {
    due_response(&state, &auth, id(&due)?, None).await
}

async fn edit_response(
    state: &AppState,
    auth: &Auth,
    due: ReportDueId,
    form: Option<DueForm>,
    errors: &FieldErrors,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let (stored, periods) = state
        .store
        .read(move |tx| {
            let periods = queries::form_periods(tx, &actor, None)?;
            let stored =
                crate::reports::submit::model::REPORT_DUES.get(tx, &due)?.ok_or(AppError::NotFound)?;
            let periods = if periods.iter().any(|(p, _)| *p == stored.period) {
                periods
            } else {
                queries::form_periods(tx, &actor, Some(stored.year))?
            };
            Ok::<_, AppError>((stored, periods))
        })
        .await?;
    let form = form.unwrap_or_else(|| DueForm::of(&stored));
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("rsub-edit"), views::edit_page(ctx, due, &periods, &form, errors)))
}

/// GET /reports/submissions/{due}/edit — the form of a due.
async fn edit(
    State(state): State<AppState>,
    auth: Auth,
    Path(due): Path<String>,
) -> Result<Response, AppError> {
    edit_response(&state, &auth, id(&due)?, None, &FieldErrors::default()).await
}

/// POST /reports/submissions/{due} — saves a due, or its form again (422).
async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(due): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let due = id::<ReportDueId>(&due)?;
    let form = DueForm::from_pairs(&f);
    let (actor, typed) = (auth.actor(), form.clone());
    match state.store.write(move |tx| dues::update(tx, &actor, due, &typed)).await {
        Ok(()) => Ok(flash_redirect(&format!("/reports/submissions/{due}"), "rsub-flash-saved", &state)),
        Err(AppError::Invalid(errors)) => {
            Ok(unprocessable(edit_response(&state, &auth, due, Some(form), &errors).await?))
        }
        Err(e) => Err(e),
    }
}

/// POST /reports/submissions/{due}/delete — only while nothing has been handed in.
async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(due): Path<String>,
) -> Result<Response, AppError> {
    let due = id::<ReportDueId>(&due)?;
    let actor = auth.actor();
    state.store.write(move |tx| dues::delete(tx, &actor, due)).await?;
    Ok(flash_redirect("/reports/submissions", "rsub-flash-deleted", &state))
}

async fn decide(
    state: &AppState,
    auth: &Auth,
    due: &str,
    sub: &str,
    decision: Decision,
    comment: String,
) -> Result<Response, AppError> {
    let (due, sub) = (id::<ReportDueId>(due)?, id::<SubmissionId>(sub)?);
    let (actor, typed) = (auth.actor(), comment.clone());
    let at = actor.now;
    match state.store.write(move |tx| service::decide(tx, &actor, due, sub, decision, &typed, at)).await {
        Ok(()) => {
            let key =
                if decision == Decision::Accept { "rsub-flash-accepted" } else { "rsub-flash-returned" };
            Ok(flash_redirect(&format!("/reports/submissions/{due}"), key, state))
        }
        Err(AppError::Invalid(errors)) => {
            Ok(unprocessable(due_response(state, auth, due, Some((sub, &errors, &comment))).await?))
        }
        Err(e) => Err(e),
    }
}

/// POST /reports/submissions/{due}/{sub}/accept
async fn accept(
    State(state): State<AppState>,
    auth: Auth,
    Path((due, sub)): Path<(String, String)>,
) -> Result<Response, AppError> {
    decide(&state, &auth, &due, &sub, Decision::Accept, String::new()).await
}

/// POST /reports/submissions/{due}/{sub}/return — back to the submitter with a `comment`.
async fn give_back(
    State(state): State<AppState>,
    auth: Auth,
    Path((due, sub)): Path<(String, String)>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    decide(&state, &auth, &due, &sub, Decision::Return, f.get("comment").to_string()).await
}

/// GET /reports/mine[?year=] — what is due from me, with the hand-in forms.
async fn mine(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    // Whoever hands nothing in is refused before the year asked for is read.
    if !may_somewhere(&auth.actor().roles, Action::ReportsSubmit) {
        return Err(service::denied("school".into()));
    }
    let (actor, year) = (auth.actor(), year_of(&q)?);
    let page = state.store.read(move |tx| queries::mine_page(tx, &actor, year)).await?;
    let ctx = &auth.ctx;
    Ok(respond(ctx, &ctx.t("rsub-mine"), views_mine::mine_page(ctx, &page)))
}

/// POST /reports/mine/{due} — hands in the report of `slot` (a class or oneself) as it is now.
async fn hand_in(
    State(state): State<AppState>,
    auth: Auth,
    Path(due): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, AppError> {
    let due = id::<ReportDueId>(&due)?;
    // Whoever hands nothing in is refused before the form is read.
    if !may_somewhere(&auth.actor().roles, Action::ReportsSubmit) {
        return Err(service::denied("school".into()));
    }
    let slot = Slot::parse(f.get("slot")).ok_or(AppError::NotFound)?;
    let school = auth.ctx.school.short_name.clone();
    service::submit(&state, auth.actor(), auth.ctx.lang, school, due, slot).await?;
    Ok(flash_redirect("/reports/mine", "rsub-flash-handed", &state))
}

/// GET /reports/snapshots/{id}, `{id}.xlsx`, `{id}.csv` — a report as it was handed in.
async fn snapshot(
    State(state): State<AppState>,
    auth: Auth,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let (raw, ext) = match file.rsplit_once('.') {
        Some((raw, ext @ ("xlsx" | "csv"))) => (raw, Some(ext)),
        Some(_) => return Err(AppError::NotFound),
        None => (file.as_str(), None),
    };
    let snap = id::<SnapshotId>(raw)?;
    let actor = auth.actor();
    let page = state.store.read(move |tx| queries::snapshot_page(tx, &actor, snap)).await?;
    match ext {
        Some(ext) => crate::reports::routes::file(&auth, &page.snapshot.report, ext),
        None => {
            let ctx = &auth.ctx;
            Ok(respond(ctx, &page.snapshot.report.title, views_mine::snapshot_page(ctx, &page)))
        }
    }
}

/// The box «Сдача отчётов» on the catalogue (nothing for those it does not concern).
pub async fn catalogue_box(state: &AppState, auth: &Auth) -> Result<Markup, AppError> {
    let actor = auth.actor();
    if !may_at_school(&actor.roles, Action::ReportsManage)
        && !may_somewhere(&actor.roles, Action::ReportsSubmit)
    {
        return Ok(html! {});
    }
    let b = state.store.read(move |tx| queries::catalogue_box(tx, &actor)).await?;
    Ok(views_mine::catalogue_box(&auth.ctx, &b))
}

/// The hand-in form under a report, when the viewer has a due for exactly this report.
pub async fn report_extra(
    state: &AppState,
    auth: &Auth,
    kind: Kind,
    scope: &Scope,
) -> Result<Markup, AppError> {
    let actor = auth.actor();
    if !may_somewhere(&actor.roles, Action::ReportsSubmit) {
        return Ok(html! {});
    }
    let scope = scope.clone();
    let items = state.store.read(move |tx| queries::for_report(tx, &actor, kind, &scope)).await?;
    Ok(views_mine::report_extra(&auth.ctx, &items))
}
