//! The report catalogue (school-conventions.md, «Reports the staff expect»): each report's
//! slug, name, filters and builder, in one table. A report is added by a `Kind` and a [`Spec`].

use redb::ReadTransaction;
use serde::{Deserialize, Serialize};

use super::filters::{self, Asked, Choices, Scope, is_staff, period_name};
use super::model::{Block, Report};
use super::{access, attendance, chief, filling, logins};
use super::{averages, finals, letters, student, summary};
use super::{quality, quality_school};
use crate::auth::model::Role;
use crate::auth::permission::{Action, Actor, Target, allows, may_at_school, permit};
use crate::error::AppError;
use crate::people::service::children_of;
use crate::store::ids::UserId;
use crate::store::{Reader, StoreError};
use crate::structure::service::{classes_of, current_year_id};
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
    /// One of the chosen student's subjects, or all of them (none asked).
    StudentSubject,
    Teacher,
    Student,
}

/// The reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Качество знаний и успеваемость по классу.
    Quality,
    /// … по параллели.
    QualityGrade,
    /// … по школе.
    QualitySchool,
    /// … по предмету.
    QualitySubject,
    /// … по учителю.
    QualityTeacher,
    /// Итоговые отметки класса.
    Finals,
    /// Сводная ведомость успеваемости класса.
    Summary,
    /// Средний балл ученика и класса.
    Averages,
    /// Динамика среднего балла.
    Dynamics,
    /// Отчёт об успеваемости и посещаемости ученика.
    StudentReport,
    /// Информационное письмо для родителей.
    Letter,
    /// Информационные письма родителям всего класса.
    Letters,
    /// Посещаемость класса за период.
    Attendance,
    /// Отчёт классного руководителя за учебный период.
    Chief,
    /// Заполнение журнала и своевременность выставления отметок.
    Filling,
    /// Отчёт о доступе к классному журналу.
    Access,
    /// Статистика входов в систему.
    Logins,
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

use crate::auth::accounts;
use Filter::*;

/// Every report, in the order of the catalogue page.
pub const SPECS: &[Spec] = &[
    Spec {
        kind: Kind::Quality,
        slug: "quality",
        filters: &[Year, Class, Period],
        audience: Audience::Staff,
        group: "progress",
        build: quality::build,
    },
    Spec {
        kind: Kind::QualityGrade,
        slug: "quality-grade",
        filters: &[Year, Grade, Period],
        audience: Audience::Staff,
        group: "progress",
        build: quality_school::grade,
    },
    Spec {
        kind: Kind::QualitySchool,
        slug: "quality-school",
        filters: &[Year, Period],
        audience: Audience::Staff,
        group: "progress",
        build: quality_school::school,
    },
    Spec {
        kind: Kind::QualitySubject,
        slug: "quality-subject",
        filters: &[Year, Subject, Period],
        audience: Audience::Staff,
        group: "progress",
        build: quality_school::subject,
    },
    Spec {
        kind: Kind::QualityTeacher,
        slug: "quality-teacher",
        filters: &[Year, Teacher, Period],
        audience: Audience::Staff,
        group: "progress",
        build: quality_school::teacher,
    },
    Spec {
        kind: Kind::Finals,
        slug: "finals",
        filters: &[Year, Class],
        audience: Audience::Staff,
        group: "progress",
        build: finals::build,
    },
    Spec {
        kind: Kind::Summary,
        slug: "summary",
        filters: &[Year, Class, Period],
        audience: Audience::Staff,
        group: "progress",
        build: summary::build,
    },
    Spec {
        kind: Kind::Averages,
        slug: "averages",
        filters: &[Year, Class, Student, Period],
        audience: Audience::Student,
        group: "student",
        build: averages::build,
    },
    Spec {
        kind: Kind::Dynamics,
        slug: "dynamics",
        filters: &[Year, Class, Student, StudentSubject],
        audience: Audience::Student,
        group: "student",
        build: averages::dynamics,
    },
    Spec {
        kind: Kind::StudentReport,
        slug: "student",
        filters: &[Year, Class, Student, Period, Range],
        audience: Audience::Student,
        group: "student",
        build: student::build,
    },
    Spec {
        kind: Kind::Letter,
        slug: "letter",
        filters: &[Year, Class, Student, Period],
        audience: Audience::Student,
        group: "student",
        build: letters::letter,
    },
    Spec {
        kind: Kind::Letters,
        slug: "letters",
        filters: &[Year, Class, Period],
        audience: Audience::Staff,
        group: "student",
        build: letters::letters,
    },
    Spec {
        kind: Kind::Attendance,
        slug: "attendance",
        filters: &[Year, Class, Period, Range],
        audience: Audience::Staff,
        group: "attendance",
        build: attendance::build,
    },
    Spec {
        kind: Kind::Chief,
        slug: "chief",
        filters: &[Year, Class, Period],
        audience: Audience::Staff,
        group: "attendance",
        build: chief::build,
    },
    Spec {
        kind: Kind::Filling,
        slug: "filling",
        filters: &[Year, Class, Period, Range],
        audience: Audience::Staff,
        group: "journal",
        build: filling::build,
    },
    Spec {
        kind: Kind::Access,
        slug: "access",
        filters: &[Year, Class, Range],
        audience: Audience::Staff,
        group: "journal",
        build: access::build,
    },
    Spec {
        kind: Kind::Logins,
        slug: "logins",
        filters: &[Year, Class, Range],
        audience: Audience::Staff,
        group: "journal",
        build: logins::build,
    },
];

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

impl Kind {
    /// The action a class must allow besides `reports.view` to be on this report's class list:
    /// the class chief's reports (`progress.view`: the chief and the administration) and the
    /// sign-in statistics (`logins.manage`). A teacher who leads one class and teaches others
    /// then opens these on the class they lead.
    pub fn class_action(self) -> Option<Action> {
        match self {
            Kind::Chief | Kind::Access | Kind::Letters => Some(Action::ProgressView),
            Kind::Logins => Some(Action::LoginsManage),
            _ => None,
        }
    }

    /// Reports over the whole school (or a parallel, or a subject across classes): for the
    /// administration only.
    pub fn school_wide(self) -> bool {
        matches!(self, Kind::QualityGrade | Kind::QualitySchool | Kind::QualitySubject)
    }
}

/// Whether the actor has the report on their list (the data inside is checked as it is read).
pub fn offered(actor: &Actor, spec: &Spec) -> bool {
    match spec.audience {
        Audience::Staff if spec.kind.school_wide() => may_at_school(&actor.roles, Action::ReportsSchool),
        Audience::Staff => is_staff(actor),
        Audience::Student => {
            is_staff(actor) || actor.roles.iter().any(|r| matches!(r, Role::Student | Role::Parent))
        }
    }
}

/// The reports on the actor's list: those of their audience, and of the reports a class chief
/// makes ([`Kind::class_action`]) only when some class of the current year allows them.
/// A member of staff's own children, by name: the catalogue links their reports about one
/// student straight to each child (the report forms of staff start from a class). Empty for
/// everyone else — a parent's reports open on their children anyway.
pub fn children_of_staff(tx: &impl Reader, actor: &Actor) -> Result<Vec<(UserId, String)>, StoreError> {
    let mut out = Vec::new();
    if !is_staff(actor) {
        return Ok(out);
    }
    for id in children_of(tx, actor.id)? {
        if let Some(u) = accounts::get(tx, id)? {
            out.push((id, u.full_name()));
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

pub fn offered_kinds(tx: &impl Reader, actor: &Actor) -> Result<Vec<Kind>, StoreError> {
    let classes = match current_year_id(tx)? {
        Some(year) => classes_of(tx, year)?,
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for spec in SPECS.iter().filter(|s| offered(actor, s)) {
        let open = match spec.kind.class_action() {
            None => true,
            Some(action) => {
                let mut any = false;
                for (id, _) in &classes {
                    if allows(tx, actor, action, Target::Class(*id))? {
                        any = true;
                        break;
                    }
                }
                any
            }
        };
        if open {
            out.push(spec.kind);
        }
    }
    Ok(out)
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
    if kind.school_wide() {
        permit(tx, actor, Action::ReportsSchool, Target::School)?;
    }
    let (choices, scope) = filters::resolve(tx, actor, spec.filters, kind.class_action(), asked)?;
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
