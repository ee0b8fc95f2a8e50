//! A lesson plan (КТП, календарно-тематическое планирование): the ordered topics of one subject
//! for one year, grouped in sections, with hours, lesson type, planned homework, materials and
//! the control works marked.
//!
//! A plan is written for a whole parallel («Математика, 5 классы») or for one teaching
//! assignment (a class or a group). Teaching assignments follow a plan through a binding
//! (`PLAN_BINDINGS`); the topics are laid onto the assignment's real lessons by
//! `distribute.rs`, never stored per date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::store::ids::{BlobId, SubjectId, TeachingId, UserId, YearId};

/// Whom a plan is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanScope {
    /// Every class of a grade (параллель).
    Grade(u8),
    /// One teaching assignment (a class or a group).
    Teaching(TeachingId),
}

/// The type of a lesson (тип урока).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    /// Изучение нового материала.
    New,
    /// Закрепление, практикум.
    Practice,
    /// Комбинированный урок.
    #[default]
    Combined,
    /// Повторение и обобщение.
    Review,
    /// Контроль знаний.
    Control,
    /// Лабораторная или практическая работа.
    Lab,
    /// Проект, экскурсия, другое.
    Other,
}

impl LessonKind {
    pub const ALL: [LessonKind; 7] = [
        LessonKind::New,
        LessonKind::Practice,
        LessonKind::Combined,
        LessonKind::Review,
        LessonKind::Control,
        LessonKind::Lab,
        LessonKind::Other,
    ];

    /// The slug in forms and files, and the suffix of its catalog key `plan-kind-…`.
    pub fn slug(self) -> &'static str {
        match self {
            LessonKind::New => "new",
            LessonKind::Practice => "practice",
            LessonKind::Combined => "combined",
            LessonKind::Review => "review",
            LessonKind::Control => "control",
            LessonKind::Lab => "lab",
            LessonKind::Other => "other",
        }
    }

    pub fn from_slug(s: &str) -> Option<LessonKind> {
        LessonKind::ALL.into_iter().find(|k| k.slug() == s)
    }
}

/// A topic (тема урока): one or more lessons of the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// Unique within the plan and never reused, so lessons can point at it.
    pub id: u32,
    pub title: String,
    /// Hours (lessons) the topic takes, at least 1.
    pub hours: u8,
    #[serde(default)]
    pub kind: LessonKind,
    /// A control work (контрольная, проверочная работа): listed in the plan's control works.
    #[serde(default)]
    pub control: bool,
    /// Homework planned for the topic: offered when the lesson is filled in.
    #[serde(default)]
    pub homework: String,
    /// Materials: files stored as blobs.
    #[serde(default)]
    pub materials: Vec<BlobId>,
    /// The date the teacher's own plan gave (from an import), for reference.
    #[serde(default)]
    pub date: Option<NaiveDate>,
}

/// A section (раздел) of a plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    #[serde(default)]
    pub topics: Vec<Topic>,
}

/// A lesson plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub year: YearId,
    pub subject: SubjectId,
    pub scope: PlanScope,
    /// «По учебнику Мерзляка», optional.
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The id the next topic gets.
    #[serde(default)]
    pub next_topic: u32,
    pub author: UserId,
    #[serde(default)]
    pub updated_by: Option<UserId>,
    #[serde(default)]
    pub updated_at: i64,
}

impl Plan {
    /// Every topic in order, with the index of its section.
    pub fn topics(&self) -> impl Iterator<Item = (usize, &Topic)> {
        self.sections.iter().enumerate().flat_map(|(i, s)| s.topics.iter().map(move |t| (i, t)))
    }

    pub fn topic(&self, id: u32) -> Option<&Topic> {
        self.topics().map(|(_, t)| t).find(|t| t.id == id)
    }

    /// Hours of all topics.
    pub fn hours(&self) -> u32 {
        self.topics().map(|(_, t)| t.hours as u32).sum()
    }

    /// Takes a new topic id.
    pub fn new_topic_id(&mut self) -> u32 {
        self.next_topic += 1;
        self.next_topic
    }
}

/// A lesson's link to a plan topic: set when the topic was taken from the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TopicRef {
    pub plan: crate::store::ids::PlanId,
    pub topic: u32,
}
