//! The plan forms as posted, and their parsing into the model. Refusals name the field and a
//! catalog key; nothing is stored until every field passes.

use super::model::{LessonKind, PlanScope, Topic};
use super::service::{MAX_TITLE, check_topic};
use crate::store::ids::{SubjectId, TeachingId};
use crate::web::form::{FieldErrors, Pairs};

/// A topic as typed.
#[derive(Clone, Debug, Default)]
pub struct TopicForm {
    pub title: String,
    pub hours: String,
    pub kind: String,
    pub control: bool,
    pub homework: String,
    /// The section's number (0-based) it goes into.
    pub section: String,
}

impl TopicForm {
    pub fn of(form: &Pairs) -> TopicForm {
        TopicForm {
            title: form.get("title").into(),
            hours: form.get("hours").into(),
            kind: form.get("kind").into(),
            control: !form.get("control").is_empty(),
            homework: form.get("homework").into(),
            section: form.get("section").into(),
        }
    }

    pub fn from_topic(t: &Topic, section: usize) -> TopicForm {
        TopicForm {
            title: t.title.clone(),
            hours: t.hours.to_string(),
            kind: t.kind.slug().into(),
            control: t.control,
            homework: t.homework.clone(),
            section: section.to_string(),
        }
    }

    /// The topic (id 0: a new one gets its id when stored) and its section number.
    pub fn parse(&self, sections: usize) -> Result<(Topic, usize), FieldErrors> {
        let mut e = FieldErrors::default();
        let hours = match self.hours.trim() {
            "" => 1,
            s => s.parse::<u8>().unwrap_or(0),
        };
        let kind = match self.kind.trim() {
            "" => LessonKind::default(),
            s => LessonKind::from_slug(s).unwrap_or_else(|| {
                e.add("kind", "plans-kind-unknown");
                LessonKind::default()
            }),
        };
        let section = match self.section.trim().parse::<usize>() {
            Ok(n) if n < sections.max(1) => n,
            _ => {
                e.add("section", "plans-section-unknown");
                0
            }
        };
        let topic = Topic {
            id: 0,
            title: self.title.trim().to_string(),
            hours,
            kind,
            control: self.control || kind == LessonKind::Control,
            homework: self.homework.trim().to_string(),
            materials: Vec::new(),
            date: None,
        };
        check_topic(&topic, &mut e);
        e.into_result().map(|()| (topic, section))
    }
}

/// A new plan as typed: `scope` is `t{teaching}` or `g{grade}:{subject}`.
#[derive(Clone, Debug, Default)]
pub struct NewForm {
    pub scope: String,
    pub title: String,
}

impl NewForm {
    pub fn of(form: &Pairs) -> NewForm {
        NewForm { scope: form.get("scope").into(), title: form.get("title").into() }
    }

    /// The scope and, for a grade plan, its subject (a teaching's subject is its own).
    pub fn parse(&self) -> Result<(PlanScope, Option<SubjectId>, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let scope = parse_scope(self.scope.trim());
        if scope.is_none() {
            e.add("scope", "plans-scope-choose");
        }
        if self.title.chars().count() > MAX_TITLE {
            e.add("title", "field-too-long");
        }
        e.into_result()?;
        let (scope, subject) = scope.expect("checked above");
        Ok((scope, subject, self.title.trim().to_string()))
    }
}

fn parse_scope(s: &str) -> Option<(PlanScope, Option<SubjectId>)> {
    if let Some(t) = s.strip_prefix('t') {
        return t.parse::<TeachingId>().ok().map(|t| (PlanScope::Teaching(t), None));
    }
    let (grade, subject) = s.strip_prefix('g')?.split_once(':')?;
    Some((PlanScope::Grade(grade.parse().ok()?), Some(subject.parse().ok()?)))
}

/// A section title as typed.
pub fn section_title(form: &Pairs) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::default();
    let title = form.get("title").trim().to_string();
    if title.is_empty() {
        e.add("title", "plans-section-empty");
    }
    if title.chars().count() > MAX_TITLE {
        e.add("title", "field-too-long");
    }
    e.into_result().map(|()| title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_takes_one_hour_and_the_combined_kind_unless_told() {
        let f = TopicForm { title: " Дроби ".into(), section: "0".into(), ..TopicForm::default() };
        let (t, s) = f.parse(1).unwrap();
        assert_eq!(
            (t.title.as_str(), t.hours, t.kind, t.control, s),
            ("Дроби", 1, LessonKind::Combined, false, 0)
        );
    }

    #[test]
    fn a_control_lesson_is_a_control_work() {
        let f = TopicForm {
            title: "Контрольная работа №1".into(),
            kind: "control".into(),
            hours: "1".into(),
            section: "0".into(),
            ..TopicForm::default()
        };
        assert!(f.parse(1).unwrap().0.control);
    }

    #[test]
    fn bad_topics_are_refused_field_by_field() {
        let f = TopicForm {
            title: "  ".into(),
            hours: "abc".into(),
            kind: "lecture".into(),
            section: "5".into(),
            ..TopicForm::default()
        };
        let e = f.parse(2).unwrap_err();
        assert_eq!(e.get("title"), Some("plans-topic-empty"));
        assert_eq!(e.get("hours"), Some("plans-hours-invalid"));
        assert_eq!(e.get("kind"), Some("plans-kind-unknown"));
        assert_eq!(e.get("section"), Some("plans-section-unknown"));
        let f =
            TopicForm { title: "x".into(), hours: "41".into(), section: "0".into(), ..TopicForm::default() };
        assert_eq!(f.parse(1).unwrap_err().get("hours"), Some("plans-hours-invalid"));
    }

    #[test]
    fn scopes_name_a_teaching_or_a_grade_with_its_subject() {
        assert_eq!(parse_scope("t12"), Some((PlanScope::Teaching(TeachingId(12)), None)));
        assert_eq!(parse_scope("g5:3"), Some((PlanScope::Grade(5), Some(SubjectId(3)))));
        assert_eq!(parse_scope("g5"), None);
        assert_eq!(parse_scope("x"), None);
    }
}
