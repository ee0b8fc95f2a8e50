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

use crate::store::ids::{BlobId, PlanId, SubjectId, TeachingId, UserId, YearId};
use crate::store::table::{AnyTable, Tbl};

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

    pub fn topic_mut(&mut self, id: u32) -> Option<&mut Topic> {
        self.sections.iter_mut().flat_map(|s| s.topics.iter_mut()).find(|t| t.id == id)
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

/// Moves a topic one place up or down; at the edge of its section, into the end of the section
/// before or the start of the one after. `false` when there is no such topic or nowhere to go.
pub fn move_topic(plan: &mut Plan, id: u32, up: bool) -> bool {
    let Some((s, i)) = plan
        .sections
        .iter()
        .enumerate()
        .find_map(|(s, sec)| sec.topics.iter().position(|t| t.id == id).map(|i| (s, i)))
    else {
        return false;
    };
    let len = plan.sections[s].topics.len();
    match (up, i) {
        (true, 0) if s > 0 => {
            let t = plan.sections[s].topics.remove(0);
            plan.sections[s - 1].topics.push(t);
        }
        (true, 0) => return false,
        (true, _) => plan.sections[s].topics.swap(i, i - 1),
        (false, _) if i + 1 < len => plan.sections[s].topics.swap(i, i + 1),
        (false, _) if s + 1 < plan.sections.len() => {
            let t = plan.sections[s].topics.remove(i);
            plan.sections[s + 1].topics.insert(0, t);
        }
        (false, _) => return false,
    }
    true
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `PlanId -> Plan`: lesson plans (КТП) with their sections and topics.
pub const PLANS: Tbl<PlanId, Plan> = Tbl::new("plans-1");
/// `(YearId, SubjectId, PlanId) -> ()`: the plans of a year by subject.
pub const PLANS_BY_YEAR: Tbl<(YearId, SubjectId, PlanId), ()> = Tbl::new("plans-by-year-1");
/// `TeachingId -> PlanId`: the plan a teaching assignment follows.
pub const PLAN_BINDINGS: Tbl<TeachingId, PlanId> = Tbl::new("plan-bindings-1");
/// `(PlanId, TeachingId) -> ()`: the teaching assignments following a plan.
pub const PLAN_TEACHINGS: Tbl<(PlanId, TeachingId), ()> = Tbl::new("plan-teachings-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&PLANS, &PLANS_BY_YEAR, &PLAN_BINDINGS, &PLAN_TEACHINGS];

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(id: u32) -> Topic {
        Topic {
            id,
            title: format!("T{id}"),
            hours: 1,
            kind: LessonKind::default(),
            control: false,
            homework: String::new(),
            materials: Vec::new(),
            date: None,
        }
    }

    fn plan(sections: &[&[u32]]) -> Plan {
        Plan {
            year: YearId(1),
            subject: SubjectId(1),
            scope: PlanScope::Grade(5),
            title: String::new(),
            sections: sections
                .iter()
                .map(|ids| Section { title: String::new(), topics: ids.iter().map(|&i| topic(i)).collect() })
                .collect(),
            next_topic: 9,
            author: UserId(1),
            updated_by: None,
            updated_at: 0,
        }
    }

    fn ids(p: &Plan) -> Vec<Vec<u32>> {
        p.sections.iter().map(|s| s.topics.iter().map(|t| t.id).collect()).collect()
    }

    #[test]
    fn topics_move_within_and_across_sections() {
        let mut p = plan(&[&[1, 2], &[3]]);
        assert!(move_topic(&mut p, 2, true));
        assert_eq!(ids(&p), vec![vec![2, 1], vec![3]]);
        assert!(move_topic(&mut p, 1, false));
        assert_eq!(ids(&p), vec![vec![2], vec![1, 3]]);
        assert!(move_topic(&mut p, 1, true));
        assert_eq!(ids(&p), vec![vec![2, 1], vec![3]]);
        assert!(!move_topic(&mut p, 2, true));
        assert!(!move_topic(&mut p, 3, false));
        assert!(!move_topic(&mut p, 99, true));
        assert_eq!(p.hours(), 3);
    }
}
