//! Routes of the lesson plans: the list, a plan with its sections and topics, editing them,
//! binding a plan to teaching assignments, and the plans behind. Every form works as a plain
//! POST answered by a redirect (303) or, refused, by the page again with its errors (422).

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::forms::{NewForm, TopicForm, section_title};
use super::model::{PlanScope, Section};
use super::service::{self, NewPlan};
use super::{queries, views, views_plan};
use crate::auth::permission::{Action, Denial, may_somewhere};
use crate::error::AppError;
use crate::state::AppState;
use crate::store::ids::{PlanId, TeachingId};
use crate::structure::model::TEACHING;
use crate::structure::service::current_year_id;
use crate::web::ctx::Auth;
use crate::web::flash_redirect;
use crate::web::form::{FieldErrors, Pairs};
use crate::web::layout::respond;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plans", get(index).post(create))
        .route("/plans/behind", get(behind))
        .route("/plans/{id}", get(show))
        .route("/plans/{id}/delete", post(delete))
        .route("/plans/{id}/sections", post(add_section))
        .route("/plans/{id}/sections/{n}", post(rename_section))
        .route("/plans/{id}/sections/{n}/delete", post(delete_section))
        .route("/plans/{id}/topics", post(add_topic))
        .route("/plans/{id}/topics/{topic}", get(topic_page).post(save_topic))
        .route("/plans/{id}/topics/{topic}/delete", post(delete_topic))
        .route("/plans/{id}/topics/{topic}/move", post(move_topic))
        .route("/plans/{id}/bind", post(bind))
        .route("/plans/{id}/unbind", post(unbind))
        .merge(super::routes_io::routes())
        .merge(super::materials::routes())
}

fn plan_id(raw: &str) -> Result<PlanId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

fn unprocessable(page: Response) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// GET /plans — my teaching assignments with their plans and progress; the plans of the year.
async fn index(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    let year = q.get("year").parse().ok();
    list_page(&state, &auth, q.get("all") == "1", year, NewForm::default(), FieldErrors::default()).await
}

async fn list_page(
    state: &AppState,
    auth: &Auth,
    all: bool,
    year: Option<crate::store::ids::YearId>,
    form: NewForm,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let mine_only = !all && !may_read_all(&actor.roles);
    let page = state
        .store
        .read(move |tx| {
            crate::auth::permission::permit(
                tx,
                &actor,
                Action::PlansView,
                crate::auth::permission::Target::School,
            )?;
            queries::list(tx, &actor, mine_only, year)
        })
        .await?;
    let body = views::list(&auth.ctx, &page, mine_only, &form, &errors);
    let r = respond(&auth.ctx, &auth.ctx.t("plans-title"), body);
    Ok(if errors.is_empty() { r } else { unprocessable(r) })
}

/// The administration reads every plan by default; a teacher starts from their own.
fn may_read_all(roles: &[crate::auth::model::Role]) -> bool {
    use crate::auth::model::Role;
    roles.iter().any(|r| matches!(r, Role::Admin | Role::Principal))
}

fn forbidden_to_write() -> AppError {
    AppError::Forbidden(Denial { action: Action::PlansEdit.key(), object: "school".into() })
}

/// POST /plans — a new, empty plan for one of my teaching assignments or a grade.
async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    if !may_somewhere(&auth.actor().roles, Action::PlansEdit) {
        return Err(forbidden_to_write());
    }
    let typed = NewForm::of(&form);
    let (scope, subject, title) = match typed.parse() {
        Ok(v) => v,
        Err(errors) => return list_page(&state, &auth, false, None, typed, errors).await,
    };
    let actor = auth.actor();
    let made = state
        .store
        .write(move |tx| {
            let year = current_year_id(tx)?.ok_or(AppError::BadRequest("plans-year-unknown"))?;
            let subject = match (scope, subject) {
                (PlanScope::Teaching(t), _) => TEACHING.get(tx, &t)?.ok_or(AppError::NotFound)?.subject,
                (_, Some(s)) => s,
                _ => return Err(AppError::NotFound),
            };
            let id = service::create(tx, &actor, NewPlan { year, subject, scope, title })?;
            // A plan for one teaching assignment is followed by it at once.
            if let PlanScope::Teaching(t) = scope {
                service::bind(tx, &actor, id, t, actor.today)?;
            }
            Ok(id)
        })
        .await;
    match made {
        Ok(id) => Ok(Redirect::to(&format!("/plans/{id}")).into_response()),
        Err(AppError::Invalid(errors)) => list_page(&state, &auth, false, None, typed, errors).await,
        Err(e) => Err(e),
    }
}

/// GET /plans/behind — the teaching assignments behind their plans, and those without one.
async fn behind(State(state): State<AppState>, auth: Auth) -> Result<Response, AppError> {
    let actor = auth.actor();
    let page = state.store.read(move |tx| queries::behind(tx, &actor)).await?;
    Ok(respond(&auth.ctx, &auth.ctx.t("plans-behind-title"), views::behind(&auth.ctx, &page)))
}

/// GET /plans/{id}?class={teaching} — the plan laid onto the lessons of one class.
async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(q): Query<Pairs>,
) -> Result<Response, AppError> {
    page(&state, &auth, plan_id(&id)?, q.get("class").parse().ok(), views_plan::Forms::default()).await
}

async fn page(
    state: &AppState,
    auth: &Auth,
    id: PlanId,
    class: Option<TeachingId>,
    forms: views_plan::Forms,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let page = state.store.read(move |tx| queries::plan_page(tx, &actor, id, class)).await?;
    let title = format!("{} · {}", auth.ctx.t("plans-plan"), page.subject);
    let refused = !forms.errors.is_empty();
    let r = respond(&auth.ctx, &title, views_plan::page(&auth.ctx, &page, &forms));
    Ok(if refused { unprocessable(r) } else { r })
}

/// Runs an edit of the plan; a refusal shows the plan page with `forms` and the errors.
async fn edit(
    state: &AppState,
    auth: &Auth,
    id: PlanId,
    mut forms: views_plan::Forms,
    f: impl FnOnce(&mut super::model::Plan) -> Result<(), AppError> + Send + 'static,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let today = actor.today;
    match state.store.write(move |tx| service::edit(tx, &actor, id, today, f)).await {
        Ok(_) => Ok(flash_redirect(&format!("/plans/{id}"), "flash-saved", state)),
        Err(AppError::Invalid(errors)) => {
            forms.errors = errors;
            page(state, auth, id, None, forms).await
        }
        Err(e) => Err(e),
    }
}

/// POST /plans/{id}/sections — a new section at the end.
async fn add_section(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    let typed = form.get("title").to_string();
    let forms = views_plan::Forms { section: Some(typed), ..Default::default() };
    edit(&state, &auth, id, forms, move |plan| {
        let title = section_title(&form)?;
        plan.sections.push(Section { title, topics: Vec::new() });
        Ok(())
    })
    .await
}

fn section_no(raw: &str) -> Result<usize, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// POST /plans/{id}/sections/{n} — renames a section.
async fn rename_section(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, n)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let (id, n) = (plan_id(&id)?, section_no(&n)?);
    edit(&state, &auth, id, views_plan::Forms::default(), move |plan| {
        let title = section_title(&form)?;
        plan.sections.get_mut(n).ok_or(AppError::NotFound)?.title = title;
        Ok(())
    })
    .await
}

/// POST /plans/{id}/sections/{n}/delete — only an empty section.
async fn delete_section(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, n)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, n) = (plan_id(&id)?, section_no(&n)?);
    edit(&state, &auth, id, views_plan::Forms::default(), move |plan| {
        let section = plan.sections.get(n).ok_or(AppError::NotFound)?;
        if !section.topics.is_empty() {
            return Err(AppError::BadRequest("plans-section-not-empty"));
        }
        plan.sections.remove(n);
        Ok(())
    })
    .await
}

/// POST /plans/{id}/topics — a new topic at the end of a section (a first section is made
/// for a plan without one).
async fn add_topic(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    let typed = TopicForm::of(&form);
    let forms = views_plan::Forms { topic: Some(typed.clone()), ..Default::default() };
    edit(&state, &auth, id, forms, move |plan| {
        let (topic, n) = typed.parse(plan.sections.len()).map_err(AppError::Invalid)?;
        if plan.sections.is_empty() {
            plan.sections.push(Section::default());
        }
        plan.sections[n].topics.push(topic);
        Ok(())
    })
    .await
}

fn topic_no(raw: &str) -> Result<u32, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// GET /plans/{id}/topics/{topic} — the topic's form.
async fn topic_page(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, topic)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, topic) = (plan_id(&id)?, topic_no(&topic)?);
    topic_form(&state, &auth, id, topic, None, FieldErrors::default()).await
}

async fn topic_form(
    state: &AppState,
    auth: &Auth,
    id: PlanId,
    topic: u32,
    typed: Option<TopicForm>,
    errors: FieldErrors,
) -> Result<Response, AppError> {
    let actor = auth.actor();
    let page = state.store.read(move |tx| queries::plan_page(tx, &actor, id, None)).await?;
    let Some((n, t)) = page.plan.topics().find(|(_, t)| t.id == topic) else {
        return Err(AppError::NotFound);
    };
    if !page.editable {
        return Err(AppError::Forbidden(Denial {
            action: Action::PlansEdit.key(),
            object: format!("plan:{id}"),
        }));
    }
    let typed = typed.unwrap_or_else(|| TopicForm::from_topic(t, n));
    let refused = !errors.is_empty();
    let r = respond(
        &auth.ctx,
        &t.title.clone(),
        views_plan::topic_page(&auth.ctx, &page, topic, &typed, &errors),
    );
    Ok(if refused { unprocessable(r) } else { r })
}

/// POST /plans/{id}/topics/{topic} — saves a topic (it may move to another section).
async fn save_topic(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, topic)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let (id, topic) = (plan_id(&id)?, topic_no(&topic)?);
    let typed = TopicForm::of(&form);
    let parsed = typed.clone();
    let actor = auth.actor();
    let today = actor.today;
    let saved = state
        .store
        .write(move |tx| {
            service::edit(tx, &actor, id, today, move |plan| {
                let (mut new, n) = parsed.parse(plan.sections.len()).map_err(AppError::Invalid)?;
                let (from, at) = plan
                    .sections
                    .iter()
                    .enumerate()
                    .find_map(|(i, s)| s.topics.iter().position(|t| t.id == topic).map(|p| (i, p)))
                    .ok_or(AppError::NotFound)?;
                let old = plan.sections[from].topics.remove(at);
                new.id = old.id;
                new.materials = old.materials;
                new.date = old.date;
                if n == from {
                    plan.sections[n].topics.insert(at, new);
                } else {
                    plan.sections[n].topics.push(new);
                }
                Ok(())
            })
        })
        .await;
    match saved {
        Ok(_) => Ok(flash_redirect(&format!("/plans/{id}#t{topic}"), "flash-saved", &state)),
        Err(AppError::Invalid(errors)) => topic_form(&state, &auth, id, topic, Some(typed), errors).await,
        Err(e) => Err(e),
    }
}

/// POST /plans/{id}/topics/{topic}/delete.
async fn delete_topic(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, topic)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (id, topic) = (plan_id(&id)?, topic_no(&topic)?);
    edit(&state, &auth, id, views_plan::Forms::default(), move |plan| {
        let before: usize = plan.sections.iter().map(|s| s.topics.len()).sum();
        for s in &mut plan.sections {
            s.topics.retain(|t| t.id != topic);
        }
        let after: usize = plan.sections.iter().map(|s| s.topics.len()).sum();
        if before == after {
            return Err(AppError::NotFound);
        }
        Ok(())
    })
    .await
}

/// POST /plans/{id}/topics/{topic}/move — `dir=up|down`, across sections at their edges.
async fn move_topic(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, topic)): Path<(String, String)>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let (id, topic) = (plan_id(&id)?, topic_no(&topic)?);
    let up = form.get("dir") == "up";
    edit(&state, &auth, id, views_plan::Forms::default(), move |plan| {
        super::model::move_topic(plan, topic, up).then_some(()).ok_or(AppError::NotFound)
    })
    .await
}

/// POST /plans/{id}/bind — `teaching` follows this plan from now on.
async fn bind(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    if !may_somewhere(&auth.actor().roles, Action::PlansEdit) {
        return Err(forbidden_to_write());
    }
    let t: TeachingId =
        form.get("teaching").parse().map_err(|_| AppError::BadRequest("plans-bind-mismatch"))?;
    let actor = auth.actor();
    let today = actor.today;
    state.store.write(move |tx| service::bind(tx, &actor, id, t, today)).await?;
    Ok(flash_redirect(&format!("/plans/{id}?class={t}"), "flash-plans-bound", &state))
}

/// POST /plans/{id}/unbind — `teaching` follows no plan; what the plan filled in goes.
async fn unbind(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Form(form): Form<Pairs>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    if !may_somewhere(&auth.actor().roles, Action::PlansEdit) {
        return Err(forbidden_to_write());
    }
    let t: TeachingId =
        form.get("teaching").parse().map_err(|_| AppError::BadRequest("plans-bind-mismatch"))?;
    let actor = auth.actor();
    let today = actor.today;
    state.store.write(move |tx| service::unbind(tx, &actor, t, today)).await?;
    Ok(flash_redirect(&format!("/plans/{id}"), "flash-plans-unbound", &state))
}

/// POST /plans/{id}/delete — the plan goes; its classes follow none.
async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = plan_id(&id)?;
    let actor = auth.actor();
    let today = actor.today;
    state.store.write(move |tx| service::delete(tx, &actor, id, today)).await?;
    Ok(flash_redirect("/plans", "flash-plans-deleted", &state))
}
