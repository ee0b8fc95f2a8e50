//! Lesson plans (КТП) of the demo school: one plan per subject for grades 5 and 9, made from
//! the same year's topic lists the demo journal follows, with a control work every twelve
//! hours of the subjects that have them, in sections by quarter. Every class of those grades
//! follows its subject's plan; the lessons already given are linked to the plan's topics by
//! their titles, as a teacher choosing the topic in the lesson panel would; the plan fills the
//! lessons ahead. The classes' own rhythm of tests makes some a little ahead or behind.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use redb::WriteTransaction;

use super::Rng;
use super::school::{SUBJECTS, School, Subj};
use super::topics;
use crate::error::AppError;
use crate::journal::model::LESSONS;
use crate::journal::model::PlanFill;
use crate::journal::records;
use crate::plans::bind::relay;
use crate::plans::model::{LessonKind, Plan, PlanScope, Section, Topic};
use crate::plans::model::{PLAN_BINDINGS, PLAN_TEACHINGS, PLANS, PLANS_BY_YEAR};
use crate::store::ids::{PlanId, TeachingId};
use crate::store::{Order, Tbl};
use crate::structure::model::TEACHING;
use crate::structure::model::Teaching;

/// The grades whose subjects have plans.
pub const GRADES: [u8; 2] = [5, 9];

const QUARTERS: [&str; 4] = ["I четверть", "II четверть", "III четверть", "IV четверть"];

fn subj_of(school: &School, t: &Teaching) -> Option<Subj> {
    school.subjects.iter().position(|s| *s == t.subject).map(|i| SUBJECTS[i].0)
}

/// The plan of a subject with `hours` a week: the list's topics, each as many hours as the
/// demo journal gives it, and control works.
fn plan_sections(rng: &mut Rng, subj: Subj, grade: u8, hours: f32) -> Vec<Section> {
    use Subj::*;
    let list = topics::list(subj, grade);
    let year = (hours.max(1.0) * 34.0) as usize;
    let tested = !matches!(subj, Pe | Music | Art | Tech | Obzr | Project | Orkse | Odnknr);
    let mut sections: Vec<Section> =
        QUARTERS.iter().map(|q| Section { title: (*q).to_string(), topics: Vec::new() }).collect();
    let mut next_id = 0u32;
    let (mut last, mut controls) = (usize::MAX, 0);
    for n in 0..year {
        let quarter = (n * 4 / year).min(3);
        let topic_no = topics::topic_index(list.len(), hours, n);
        if tested && n >= 3 && (n + 1).is_multiple_of(12) {
            controls += 1;
            next_id += 1;
            sections[quarter].topics.push(Topic {
                id: next_id,
                title: format!("Контрольная работа № {controls}"),
                hours: 1,
                kind: LessonKind::Control,
                control: true,
                homework: String::new(),
                materials: Vec::new(),
                date: None,
            });
            last = usize::MAX;
            continue;
        }
        if topic_no == last {
            if let Some(t) = sections.iter_mut().rev().find_map(|s| s.topics.last_mut()) {
                t.hours = t.hours.saturating_add(1);
            }
            continue;
        }
        last = topic_no;
        next_id += 1;
        let kind = if list[topic_no].starts_with("Повторение") {
            LessonKind::Review
        } else if tested {
            LessonKind::New
        } else {
            LessonKind::Practice
        };
        sections[quarter].topics.push(Topic {
            id: next_id,
            title: list[topic_no].to_string(),
            hours: 1,
            kind,
            control: false,
            homework: topics::homework(subj, grade, topic_no, n, rng),
            materials: Vec::new(),
            date: None,
        });
    }
    sections.retain(|s| !s.topics.is_empty());
    sections
}

/// The topic a given lesson's title names — the topic itself, its independent work, or the
/// control work of that number — as its place in the plan's order. A title the plan has
/// twice (a topic resumed after a control work) is looked for from `from` on first.
fn topic_of(plan: &Plan, title: &str, from: usize) -> Option<(usize, u32)> {
    let base = title.strip_suffix(". Самостоятельная работа").unwrap_or(title);
    let name = match base.strip_prefix("Контрольная работа № ") {
        Some(rest) => {
            let no: String = rest.chars().take_while(char::is_ascii_digit).collect();
            format!("Контрольная работа № {no}")
        }
        None => base.to_string(),
    };
    let topics: Vec<&Topic> = plan.topics().map(|(_, t)| t).collect();
    let at = |range: std::ops::Range<usize>| range.into_iter().find(|&i| topics[i].title == name);
    at(from.min(topics.len())..topics.len())
        .or_else(|| at(0..from.min(topics.len())))
        .map(|i| (i, topics[i].id))
}

/// Makes the plans, binds the classes and fills their journals.
pub fn build(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    today: NaiveDate,
) -> Result<(), AppError> {
    // The teaching assignments of grades 5 and 9, by grade and subject.
    let mut groups: BTreeMap<(u8, usize), Vec<(TeachingId, Teaching)>> = BTreeMap::new();
    for (id, t) in TEACHING.all(tx)? {
        let Some(class) = school.classes.iter().find(|c| c.id == t.class) else { continue };
        let Some(subj) = subj_of(school, &t) else { continue };
        if t.year == school.year && GRADES.contains(&class.class.grade) {
            groups.entry((class.class.grade, subj as usize)).or_default().push((id, t));
        }
    }
    for ((grade, s), teachings) in groups {
        let subj = SUBJECTS[s].0;
        let Some((_, first)) = teachings.first() else { continue };
        let sections = plan_sections(rng, subj, grade, first.hours);
        let next_topic = sections.iter().flat_map(|s| &s.topics).map(|t| t.id).max().unwrap_or(0);
        let id = PlanId::next(tx)?;
        let plan = Plan {
            year: school.year,
            subject: first.subject,
            scope: PlanScope::Grade(grade),
            title: format!("{} ч в неделю, по ФООП", first.hours),
            sections,
            next_topic,
            author: first.teacher,
            updated_by: Some(first.teacher),
            updated_at: super::changes::moscow(school.start - chrono::Days::new(7), 12, 0),
        };
        PLANS.insert(tx, &id, &plan)?;
        PLANS_BY_YEAR.insert(tx, &(plan.year, plan.subject, id), &())?;
        for (i, (t, _)) in teachings.iter().enumerate() {
            PLAN_BINDINGS.insert(tx, t, &id)?;
            PLAN_TEACHINGS.insert(tx, &(id, *t), &())?;
            link_given(tx, &LESSONS, *t, id, &plan)?;
            // In grade 9 the second class of each subject spent its last two lessons on a
            // review of its own: it is two hours behind.
            if grade == 9 && i == 1 {
                review_lessons(tx, *t, today, 2)?;
            }
            relay(tx, *t, today)?;
        }
    }
    Ok(())
}

/// Gives the last `n` lessons before today a topic of the teacher's own.
fn review_lessons(
    tx: &WriteTransaction,
    teaching: TeachingId,
    today: NaiveDate,
    n: usize,
) -> Result<(), AppError> {
    let mut given = Vec::new();
    LESSONS.scan_prefix(tx, &teaching, Order::Asc, |k, l| {
        if k.1 < today && l.assignments.iter().all(|a| a.weight == 1) {
            given.push((k, l));
        }
        true
    })?;
    for ((t, date, number), mut lesson) in given.into_iter().rev().take(n) {
        lesson.topic = "Повторение и разбор ошибок".to_string();
        lesson.plan = None;
        records::save_lesson(tx, crate::journal::model::LessonKey { teaching: t, date, number }, &lesson)?;
    }
    Ok(())
}

/// Links the lessons written so far to the plan's topics by their titles.
fn link_given(
    tx: &WriteTransaction,
    lessons: &Tbl<(TeachingId, NaiveDate, u8), crate::journal::model::Lesson>,
    teaching: TeachingId,
    plan_id: PlanId,
    plan: &Plan,
) -> Result<(), AppError> {
    let mut found = Vec::new();
    lessons.scan_prefix(tx, &teaching, Order::Asc, |k, l| {
        found.push((k, l));
        true
    })?;
    let mut at = 0;
    for ((t, date, number), mut lesson) in found {
        if let Some((i, topic)) = topic_of(plan, &lesson.topic, at) {
            at = i;
            lesson.plan = Some(PlanFill { plan: plan_id, topic, auto: false });
            let key = crate::journal::model::LessonKey { teaching: t, date, number };
            records::save_lesson(tx, key, &lesson)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_covers_the_year_with_control_works() {
        let mut rng = Rng::new(7);
        let sections = plan_sections(&mut rng, Subj::Math, 5, 5.0);
        let topics: Vec<&Topic> = sections.iter().flat_map(|s| &s.topics).collect();
        let hours: u32 = topics.iter().map(|t| t.hours as u32).sum();
        assert_eq!(hours, 170);
        assert_eq!(sections.len(), 4);
        let controls = topics.iter().filter(|t| t.control).count();
        assert!((12..=15).contains(&controls), "{controls}");
        let mut ids: Vec<u32> = topics.iter().map(|t| t.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), topics.len(), "unique ids");
    }

    #[test]
    fn lesson_titles_find_their_topics() {
        let mut rng = Rng::new(7);
        let plan = Plan {
            year: crate::store::ids::YearId(1),
            subject: crate::store::ids::SubjectId(1),
            scope: PlanScope::Grade(5),
            title: String::new(),
            sections: plan_sections(&mut rng, Subj::Math, 5, 5.0),
            next_topic: 0,
            author: crate::store::ids::UserId(1),
            updated_by: None,
            updated_at: 0,
        };
        let first = plan.topics().next().unwrap().1.clone();
        assert_eq!(topic_of(&plan, &first.title, 0), Some((0, first.id)));
        assert_eq!(
            topic_of(&plan, &format!("{}. Самостоятельная работа", first.title), 0),
            Some((0, first.id))
        );
        let (c, control) = plan.topics().map(|(_, t)| t).enumerate().find(|(_, t)| t.control).unwrap();
        assert_eq!(topic_of(&plan, "Контрольная работа № 1 по теме «Дроби»", 0), Some((c, control.id)));
        assert_eq!(topic_of(&plan, "Экскурсия в музей", 0), None);
        // A topic resumed after a control work: the later entry is found from the control on.
        let resumed = plan
            .topics()
            .map(|(_, t)| t)
            .enumerate()
            .skip(c + 1)
            .find(|(i, t)| plan.topics().take(*i).any(|(_, u)| u.title == t.title));
        if let Some((i, t)) = resumed {
            assert_eq!(topic_of(&plan, &t.title, c), Some((i, t.id)));
        }
    }
}
