//! The report catalogue (school-conventions.md, «Reports the staff expect»): each report's
//! slug, name, filters and builder, in one table. A report is added by a `Kind` and a [`Spec`].

use redb::ReadTransaction;
use serde::{Deserialize, Serialize};

use super::filters::{self, Asked, Choices, Scope, is_staff, period_name};
use super::model::{Block, Report};
use super::quality;
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, permit};
use crate::error::AppError;
use crate::web::i18n::Lang;

/// A filter a report takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    Year,
    Period,
    /// From and to dates (within or instead of the period).
    Range,
    Class,
    /// A parallel: every class of one grade.
    Grade,
    Subject,
    Teacher,
    Student,
}

/// The reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Качество знаний и успеваемость по классу.
    Quality,
}

/// Who a report is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Teachers and the administration.
    Staff,
    /// About one student: also the student and their parents.
    Student,
}

/// The builder of a report: the blocks of the report for the scope.
pub type Build = fn(&ReadTransaction, &Actor, Lang, &Scope) -> Result<Vec<Block>, AppError>;

/// A report of the catalogue.
pub struct Spec {
    pub kind: Kind,
    /// The URL name: `/reports/{slug}`.
    pub slug: &'static str,
    pub filters: &'static [Filter],
    pub audience: Audience,
    /// The group it is listed under on `/reports`.
    pub group: &'static str,
    pub build: Build,
}

use Filter::*;

/// Every report, in the order of the catalogue page.
pub const SPECS: &[Spec] = &[Spec {
    kind: Kind::Quality,
    slug: "quality",
    filters: &[Year, Class, Period],
    audience: Audience::Staff,
    group: "progress",
    build: quality::build,
}];

impl Kind {
    pub fn spec(self) -> &'static Spec {
        SPECS.iter().find(|s| s.kind == self).expect("every kind has a spec")
    }

    pub fn from_slug(slug: &str) -> Option<Kind> {
        SPECS.iter().find(|s| s.slug == slug).map(|s| s.kind)
    }

    pub fn slug(self) -> &'static str {
        self.spec().slug
    }

    /// The catalog key of its name: `reports-kind-{slug}`.
    pub fn title_key(self) -> String {
        format!("reports-kind-{}", self.slug().replace('-', "_"))
    }
}

/// Whether the actor has the report on their list (the data inside is checked as it is read).
pub fn offered(actor: &Actor, spec: &Spec) -> bool {
    match spec.audience {
        Audience::Staff => is_staff(actor),
        Audience::Student => {
            is_staff(actor) || actor.roles.iter().any(|r| matches!(r, Role::Student | Role::Parent))
        }
    }
}

/// «5А · 2 четверть · Математика» and the like, from what the report was made for.
fn subtitle(lang: Lang, spec: &Spec, s: &Scope) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some((_, u)) = &s.student {
        parts.push(u.full_name());
    }
    if let Some((_, c)) = &s.class {
        parts.push(c.name());
    } else if let Some(g) = s.grade {
        parts.push(lang.t_args("reports-grade-n", &[("n", i64::from(g).into())]));
    }
    if let Some((_, sub)) = &s.subject {
        parts.push(sub.name.clone());
    }
    if let Some((_, t)) = &s.teacher {
        parts.push(t.full_name());
    }
    let mut lines = vec![parts.join(" · ")];
    let days = format!("{} – {}", s.from.format("%d.%m.%Y"), s.to.format("%d.%m.%Y"));
    match &s.period {
        Some((_, p)) if !s.range_asked => lines.push(format!(
            "{}, {} {}",
            period_name(lang, p),
            s.year.1.name,
            lang.t("reports-year-short")
        )),
        _ if spec.filters.contains(&Range) => lines.push(days),
        _ => lines.push(format!("{} {}", s.year.1.name, lang.t("reports-year-short"))),
    }
    lines.retain(|l| !l.is_empty());
    lines
}

/// Builds the report `kind` for `asked`, with the choices of its filter form.
pub fn build(
    tx: &ReadTransaction,
    actor: &Actor,
    lang: Lang,
    school: &str,
    kind: Kind,
    asked: &Asked,
) -> Result<(Report, Choices, Scope), AppError> {
    let spec = kind.spec();
    if !offered(actor, spec) {
        // Nobody else reaches it; this records the denial.
        permit(tx, actor, Action::ReportsView, Target::School)?;
    }
    let (choices, scope) = filters::resolve(tx, actor, spec.filters, asked)?;
    let blocks = (spec.build)(tx, actor, lang, &scope)?;
    let report = Report {
        kind,
        title: lang.t(&kind.title_key()),
        subtitle: subtitle(lang, spec, &scope),
        school: school.to_string(),
        made: actor.today,
        blocks,
    };
    Ok((report, choices, scope))
}
