//! What the class progress reports and the reports about one student share: the class list,
//! which subjects (and whose marks in them) the actor may see, a student's marks, period mark
//! and absences by subject, and the rules of the «сводная ведомость» (a student's category).
//!
//! Visibility follows docs/permissions.md: in a class report a subject is shown when
//! `reports.view` reaches one of its teaching assignments, and a student's cell in it when that
//! assignment teaches the student (the whole class, or a group they are in); in a report about
//! one student the student and their parents see every subject, staff those they reach.

use super::filters::sees_teaching;
use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};

use crate::auth::accounts;
use crate::auth::model::User;
use crate::auth::permission::Actor;
use crate::diary::progress::columns;
use crate::diary::queries::{DatedMark, Names, finals_of, marks_between};
use crate::journal::model::STUDENT_ATTENDANCE;
use crate::journal::model::{Code, FinalKind, FinalMark, MarkValue};
use crate::journal::rules::Tally;
use crate::people::model::GUARDIANS;
use crate::people::service::students_of;
use crate::store::ids::{ClassId, PeriodId, SubjectId, UserId};
use crate::store::{Order, Reader, StoreError};
use crate::structure::service::teaching_of_class;
use crate::timetable::calendar::students_taught;

/// A subject column of a class report.
#[derive(Clone, Debug)]
pub struct Subject {
    pub id: SubjectId,
    /// «Математика».
    pub name: String,
    /// «Матем.».
    pub short: String,
    /// The students whose marks in it the actor sees; `None`: the whole class.
    pub taught: Option<HashSet<UserId>>,
}

impl Subject {
    /// Whether the actor sees `student`'s marks in this subject.
    pub fn shows(&self, student: UserId) -> bool {
        self.taught.as_ref().is_none_or(|s| s.contains(&student))
    }
}

/// The students of `class` on `day`, by surname and name.
pub fn class_students(
    tx: &impl Reader,
    class: ClassId,
    day: NaiveDate,
) -> Result<Vec<(UserId, User)>, StoreError> {
    let mut out = Vec::new();
    for s in students_of(tx, class, day)? {
        if let Some(u) = accounts::get(tx, s)? {
            out.push((s, u));
        }
    }
    out.sort_by_key(|(_, u)| {
        (u.surname.to_lowercase(), u.first_name.to_lowercase(), u.patronymic.to_lowercase())
    });
    Ok(out)
}

/// The subjects of `class` the actor sees in a class report, in the school's order (the
/// diary's progress columns), each with the students it shows.
pub fn class_subjects(
    tx: &impl Reader,
    actor: &Actor,
    class: ClassId,
    day: NaiveDate,
) -> Result<Vec<Subject>, StoreError> {
    let mut names = Names::load(tx)?;
    let teaching = teaching_of_class(tx, class)?;
    let mut out = Vec::new();
    for col in columns(tx, actor, &mut names, class)? {
        let (mut seen, mut whole) = (false, false);
        let mut taught = HashSet::new();
        for (tid, t) in teaching.iter().filter(|(_, t)| t.subject == col.id) {
            if !sees_teaching(tx, actor, *tid)? {
                continue;
            }
            seen = true;
            match t.group {
                None => whole = true,
                Some(_) => taught.extend(students_taught(tx, t, day)?),
            }
        }
        if seen {
            out.push(Subject {
                id: col.id,
                name: col.name,
                short: col.short,
                taught: (!whole).then_some(taught),
            });
        }
    }
    Ok(out)
}

/// Whether the actor is the student or one of their parents: they see every subject.
pub fn own_or_child(tx: &impl Reader, actor: &Actor, student: UserId) -> Result<bool, StoreError> {
    Ok(actor.id == student || GUARDIANS.contains(tx, &(student, actor.id))?)
}

/// The subjects of a report about `student` of `class`: those the student follows there (the
/// class's, their groups'), every one for the student and their parents, those `reports.view`
/// reaches for staff.
pub fn student_subjects(
    tx: &impl Reader,
    actor: &Actor,
    class: ClassId,
    student: UserId,
) -> Result<Vec<Subject>, StoreError> {
    let all = own_or_child(tx, actor, student)?;
    let mut names = Names::load(tx)?;
    let teaching = teaching_of_class(tx, class)?;
    let mut out = Vec::new();
    for col in columns(tx, actor, &mut names, class)? {
        let mut follows = false;
        for (tid, t) in teaching.iter().filter(|(_, t)| t.subject == col.id) {
            let theirs = match t.group {
                None => true,
                Some(g) => crate::structure::model::GROUPS
                    .get(tx, &g)?
                    .is_some_and(|g| g.students.contains(&student)),
            };
            if theirs && (all || sees_teaching(tx, actor, *tid)?) {
                follows = true;
            }
        }
        if follows {
            out.push(Subject { id: col.id, name: col.name, short: col.short, taught: None });
        }
    }
    Ok(out)
}

/// A student's lessons missed, by code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Missed {
    /// ОТ: reason not yet known.
    pub absent: u32,
    /// УП.
    pub excused: u32,
    /// Б.
    pub ill: u32,
    /// НП.
    pub unexcused: u32,
    /// ОП: late, not an absence.
    pub late: u32,
}

impl Missed {
    pub fn add(&mut self, code: Code) {
        match code {
            Code::Absent => self.absent += 1,
            Code::Excused => self.excused += 1,
            Code::Ill => self.ill += 1,
            Code::Unexcused => self.unexcused += 1,
            Code::Late => self.late += 1,
            Code::Exempt => {}
        }
    }

    pub fn merge(&mut self, o: &Missed) {
        self.absent += o.absent;
        self.excused += o.excused;
        self.ill += o.ill;
        self.unexcused += o.unexcused;
        self.late += o.late;
    }

    /// Lessons missed, whatever the reason (lateness and exemption are not absences).
    pub fn total(&self) -> u32 {
        self.absent + self.excused + self.ill + self.unexcused
    }
}

/// One subject of a report about one student.
#[derive(Clone, Debug)]
pub struct Line {
    pub subject: Subject,
    /// The marks of the range in date order (duties «•» included: they show work owed).
    pub marks: Vec<MarkValue>,
    pub tally: Tally,
    pub period_mark: Option<MarkValue>,
    pub missed: Missed,
}

impl Line {
    /// «5 4 4 3».
    pub fn marks_text(&self) -> String {
        self.marks.iter().map(|m| m.label()).collect::<Vec<_>>().join(" ")
    }

    /// The marks listed, duties left out (a duty is not a mark).
    pub fn count(&self) -> u32 {
        self.marks.iter().filter(|m| **m != MarkValue::Duty).count() as u32
    }
}

/// A student's marks from `from` to `to` by subject, in date order: one range scan.
pub fn marks_by_subject(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<SubjectId, Vec<DatedMark>>, StoreError> {
    let mut out: HashMap<SubjectId, Vec<DatedMark>> = HashMap::new();
    for m in marks_between(tx, student, from, to)? {
        out.entry(m.mark.subject).or_default().push(m);
    }
    Ok(out)
}

/// The weighted-average sums of a student's marks from `from` to `to`, by subject.
pub fn tallies(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<SubjectId, Tally>, StoreError> {
    let mut out: HashMap<SubjectId, Tally> = HashMap::new();
    for m in marks_between(tx, student, from, to)? {
        out.entry(m.mark.subject).or_default().add(m.mark.value, m.mark.weight);
    }
    Ok(out)
}

/// A student's attendance codes from `from` to `to`, by subject: one range scan.
pub fn missed_by_subject(
    tx: &impl Reader,
    student: UserId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<SubjectId, Missed>, StoreError> {
    let mut out: HashMap<SubjectId, Missed> = HashMap::new();
    STUDENT_ATTENDANCE.scan_between(
        tx,
        &(student, from),
        &(student, to + Duration::days(1)),
        Order::Asc,
        |_, a| {
            out.entry(a.subject).or_default().add(a.code);
            true
        },
    )?;
    Ok(out)
}

/// The period mark of a subject among a student's final marks.
pub fn period_mark(
    finals: &HashMap<SubjectId, Vec<(FinalKind, FinalMark)>>,
    subject: SubjectId,
    period: PeriodId,
) -> Option<MarkValue> {
    finals.get(&subject)?.iter().find(|(k, _)| *k == FinalKind::Period(period)).map(|(_, m)| m.value)
}

/// The lines of a report about `student`: each subject of `subjects` with the marks, average,
/// the mark for `period` and the absences from `from` to `to`.
pub fn student_lines(
    tx: &impl Reader,
    student: UserId,
    subjects: &[Subject],
    from: NaiveDate,
    to: NaiveDate,
    period: Option<PeriodId>,
) -> Result<Vec<Line>, StoreError> {
    let mut marks = marks_by_subject(tx, student, from, to)?;
    let mut missed = missed_by_subject(tx, student, from, to)?;
    let finals = finals_of(tx, student)?;
    let mut out = Vec::with_capacity(subjects.len());
    for s in subjects {
        let dated = marks.remove(&s.id).unwrap_or_default();
        let mut tally = Tally::default();
        for m in &dated {
            tally.add(m.mark.value, m.mark.weight);
        }
        out.push(Line {
            subject: s.clone(),
            marks: dated.iter().map(|m| m.mark.value).collect(),
            tally,
            period_mark: period.and_then(|p| period_mark(&finals, s.id, p)),
            missed: missed.remove(&s.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// A student's category in the «сводная ведомость», from their period marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Отличник: every numeric mark a 5.
    Excellent,
    /// Хорошист: 4s and 5s, at least one 4.
    Good,
    /// With exactly one 3, the rest 4s and 5s.
    OneThree,
    /// Неуспевающий: a 2 (or 1), «н/а» or «незач».
    Failing,
}

impl Category {
    pub const ALL: [Category; 4] =
        [Category::Excellent, Category::Good, Category::OneThree, Category::Failing];

    /// The catalog key of the name of a row's category: «хорошист».
    pub fn one_key(self) -> &'static str {
        match self {
            Category::Excellent => "reports-summary-is-excellent",
            Category::Good => "reports-summary-is-good",
            Category::OneThree => "reports-summary-is-one_three",
            Category::Failing => "reports-summary-is-failing",
        }
    }

    /// The catalog key of the name of the group: «хорошисты».
    pub fn key(self) -> &'static str {
        match self {
            Category::Excellent => "reports-summary-cat-excellent",
            Category::Good => "reports-summary-cat-good",
            Category::OneThree => "reports-summary-cat-one_three",
            Category::Failing => "reports-summary-cat-failing",
        }
    }
}

/// The category of a student with these period marks; `None` for none of the four (two or more
/// 3s, or no numeric mark at all). «зач» and «осв» neither help nor hurt; a missing mark is
/// not counted.
pub fn category(marks: impl IntoIterator<Item = MarkValue>) -> Option<Category> {
    let (mut fives, mut fours, mut threes) = (0u32, 0u32, 0u32);
    for m in marks {
        match m {
            MarkValue::Num(5) => fives += 1,
            MarkValue::Num(4) => fours += 1,
            MarkValue::Num(3) => threes += 1,
            MarkValue::Num(_) | MarkValue::NotCertified | MarkValue::Fail => return Some(Category::Failing),
            MarkValue::Pass | MarkValue::Exempt | MarkValue::Duty => {}
        }
    }
    match (fives, fours, threes) {
        (0, 0, 0) => None,
        (_, 0, 0) => Some(Category::Excellent),
        (_, _, 0) => Some(Category::Good),
        (_, _, 1) => Some(Category::OneThree),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MarkValue::*;

    #[test]
    fn categories_follow_the_worst_marks() {
        assert_eq!(category([Num(5), Num(5), Pass]), Some(Category::Excellent));
        assert_eq!(category([Num(5), Num(4), Num(5)]), Some(Category::Good));
        assert_eq!(category([Num(4), Num(4), Exempt]), Some(Category::Good));
        assert_eq!(category([Num(5), Num(3), Num(4)]), Some(Category::OneThree));
        assert_eq!(category([Num(3), Num(3), Num(5)]), None);
        assert_eq!(category([Num(5), Num(2)]), Some(Category::Failing));
        assert_eq!(category([Num(5), Num(1)]), Some(Category::Failing));
        assert_eq!(category([Num(5), NotCertified]), Some(Category::Failing));
        assert_eq!(category([Num(4), Fail]), Some(Category::Failing));
        assert_eq!(category([Pass, Exempt]), None);
        assert_eq!(category([]), None);
    }

    #[test]
    fn missed_lessons_leave_out_lateness_and_exemption() {
        let mut m = Missed::default();
        for c in
            [Code::Absent, Code::Ill, Code::Ill, Code::Unexcused, Code::Excused, Code::Late, Code::Exempt]
        {
            m.add(c);
        }
        assert_eq!((m.total(), m.late, m.ill, m.unexcused), (5, 1, 2, 1));
        let mut sum = Missed::default();
        sum.merge(&m);
        sum.merge(&m);
        assert_eq!(sum.total(), 10);
    }
}
