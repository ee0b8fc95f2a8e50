//! The class journal's data: lessons (topic, homework, assignments), marks, attendance, final
//! marks and the change log.
//!
//! A lesson is named by its teaching assignment, day and lesson number ([`LessonKey`]); it is
//! stored only once something is written about it. Marks and attendance are kept twice, keyed
//! for the journal (by assignment, day, lesson) and for the student (by student, day), always
//! together through `records.rs`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::store::ids::{BlobId, LogId, PeriodId, PlanId, SubjectId, TeachingId, UserId, WorkTypeId};
use crate::store::table::{AnyTable, Tbl};

/// A lesson of a teaching assignment: `(teaching, day, lesson number)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LessonKey {
    pub teaching: TeachingId,
    pub date: NaiveDate,
    pub number: u8,
}

impl LessonKey {
    /// `2026-11-02.3`: how URLs and cell names carry a lesson.
    pub fn slug(&self) -> String {
        format!("{}.{}", self.date, self.number)
    }

    pub fn parse_slug(teaching: TeachingId, slug: &str) -> Option<LessonKey> {
        let (date, number) = slug.split_once('.')?;
        Some(LessonKey { teaching, date: date.parse().ok()?, number: number.parse().ok()? })
    }
}

/// An assignment (задание) of a lesson: what a column of marks is for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// Number within the lesson (0 is the first column).
    pub no: u8,
    pub work_type: WorkTypeId,
    pub weight: u8,
    #[serde(default)]
    pub name: String,
}

/// What is written about a lesson.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub homework: String,
    /// Attached files (stored as blobs).
    #[serde(default)]
    pub files: Vec<BlobId>,
    /// When the homework is due; the next lesson by default.
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// The assignments; a lesson with none has one implicit column of the school's first
    /// assignment type, made real by its first mark.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
    #[serde(default)]
    pub updated_by: Option<UserId>,
    #[serde(default)]
    pub updated_at: i64,
    /// The lesson plan topic this lesson gives, when it comes from a plan.
    #[serde(default)]
    pub plan: Option<PlanFill>,
}

/// A lesson's topic taken from a lesson plan (КТП).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanFill {
    pub plan: PlanId,
    /// The topic's id within the plan.
    pub topic: u32,
    /// The plan wrote the topic and homework, and the teacher has not changed them since: laying
    /// the plan out again may rewrite them.
    pub auto: bool,
}

impl Lesson {
    /// Whether a teacher wrote anything here, beyond what a plan filled in.
    pub fn written(&self) -> bool {
        let auto = self.plan.is_some_and(|p| p.auto);
        !self.files.is_empty()
            || !self.assignments.is_empty()
            || (!auto && (!self.topic.trim().is_empty() || !self.homework.trim().is_empty()))
    }
}

/// A mark's value (отметка).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkValue {
    /// 1–5.
    Num(u8),
    /// «зач».
    Pass,
    /// «незач».
    Fail,
    /// «точка»: work not handed in; not a mark, replaced by one.
    Duty,
    /// «н/а»: не аттестован (final marks).
    NotCertified,
    /// «осв»: освобождён (final marks).
    Exempt,
}

impl MarkValue {
    /// How the mark is written: «5», «зач», «•», «н/а».
    pub fn label(self) -> &'static str {
        match self {
            MarkValue::Num(1) => "1",
            MarkValue::Num(2) => "2",
            MarkValue::Num(3) => "3",
            MarkValue::Num(4) => "4",
            MarkValue::Num(_) => "5",
            MarkValue::Pass => "зач",
            MarkValue::Fail => "незач",
            MarkValue::Duty => "•",
            MarkValue::NotCertified => "н/а",
            MarkValue::Exempt => "осв",
        }
    }

    /// The number, for averages.
    pub fn numeric(self) -> Option<u8> {
        match self {
            MarkValue::Num(n) => Some(n),
            _ => None,
        }
    }

    /// A CSS class for the look of ux.md.
    pub fn css(self) -> &'static str {
        match self {
            MarkValue::Num(5) => "m5",
            MarkValue::Num(4) => "m4",
            MarkValue::Num(3) => "m3",
            MarkValue::Num(_) => "m2",
            MarkValue::Fail | MarkValue::NotCertified => "mfail",
            MarkValue::Pass | MarkValue::Exempt => "mgrey",
            MarkValue::Duty => "mduty",
        }
    }

    /// Parses a mark typed into a lesson cell: 1–5, зач, незач, or a duty («.», «•», «т»).
    pub fn parse_lesson(input: &str) -> Option<MarkValue> {
        let s = input.trim().to_lowercase();
        Some(match s.as_str() {
            "1" => MarkValue::Num(1),
            "2" => MarkValue::Num(2),
            "3" => MarkValue::Num(3),
            "4" => MarkValue::Num(4),
            "5" => MarkValue::Num(5),
            "зач" | "з" | "зачёт" | "зачет" => MarkValue::Pass,
            "незач" | "нз" | "незачёт" | "незачет" => MarkValue::Fail,
            "." | "•" | "т" | "точка" => MarkValue::Duty,
            _ => return None,
        })
    }

    /// Parses a final mark: 1–5, зач, незач, н/а, осв.
    pub fn parse_final(input: &str) -> Option<MarkValue> {
        let s = input.trim().to_lowercase();
        match s.as_str() {
            "н/а" | "на" | "н\\а" => Some(MarkValue::NotCertified),
            "осв" | "освоб" => Some(MarkValue::Exempt),
            _ => match MarkValue::parse_lesson(&s)? {
                MarkValue::Duty => None,
                v => Some(v),
            },
        }
    }
}

/// A mark of one student for one assignment of one lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub value: MarkValue,
    /// The assignment's weight when the mark was set (kept in step with the assignment).
    pub weight: u8,
    pub subject: SubjectId,
    pub work_type: WorkTypeId,
    #[serde(default)]
    pub comment: String,
    pub by: UserId,
    /// When the mark was last changed.
    pub at: i64,
    /// When a mark was first set in this cell: kept through corrections (and through a duty
    /// replaced by a mark), new again after the cell was cleared. `records::put_mark` keeps it;
    /// 0 in records written before it existed, read as `at` ([`Mark::first_set`]).
    #[serde(default)]
    pub first_at: i64,
}

impl Mark {
    /// When a mark was first set in its cell: what «вовремя» of the filling report counts from.
    pub fn first_set(&self) -> i64 {
        if self.first_at > 0 { self.first_at } else { self.at }
    }
}

/// Attendance codes of school-conventions.md; they stay Russian in data and on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Code {
    /// ОТ: absent, reason not yet known.
    #[serde(rename = "ОТ")]
    Absent,
    /// УП: excused.
    #[serde(rename = "УП")]
    Excused,
    /// Б: ill.
    #[serde(rename = "Б")]
    Ill,
    /// НП: unexcused.
    #[serde(rename = "НП")]
    Unexcused,
    /// ОП: late.
    #[serde(rename = "ОП")]
    Late,
    /// ОСВ: exempt from the lesson.
    #[serde(rename = "ОСВ")]
    Exempt,
}

impl Code {
    pub const ALL: [Code; 6] =
        [Code::Absent, Code::Excused, Code::Ill, Code::Unexcused, Code::Late, Code::Exempt];
    /// The reasons a class chief sets when a note is brought.
    pub const REASONS: [Code; 3] = [Code::Ill, Code::Excused, Code::Unexcused];

    pub fn label(self) -> &'static str {
        match self {
            Code::Absent => "ОТ",
            Code::Excused => "УП",
            Code::Ill => "Б",
            Code::Unexcused => "НП",
            Code::Late => "ОП",
            Code::Exempt => "ОСВ",
        }
    }

    /// Parses a code as typed; «Н» is accepted for ОТ, Latin look-alikes too.
    pub fn parse(input: &str) -> Option<Code> {
        let s = input.trim().to_uppercase();
        Some(match s.as_str() {
            "ОТ" | "Н" | "H" | "OT" => Code::Absent,
            "УП" => Code::Excused,
            "Б" => Code::Ill,
            "НП" | "HП" => Code::Unexcused,
            "ОП" | "OП" => Code::Late,
            "ОСВ" => Code::Exempt,
            _ => return None,
        })
    }

    /// Whether the student missed the lesson (late and exempt are not absences).
    pub fn is_absence(self) -> bool {
        matches!(self, Code::Absent | Code::Excused | Code::Ill | Code::Unexcused)
    }

    /// A CSS class for the look of ux.md.
    pub fn css(self) -> &'static str {
        match self {
            Code::Ill | Code::Excused | Code::Exempt => "agrey",
            Code::Absent | Code::Unexcused => "ared",
            Code::Late => "aamber",
        }
    }
}

/// A student's attendance at one lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    pub code: Code,
    pub subject: SubjectId,
    pub by: UserId,
    pub at: i64,
}

/// Which final mark (итоговая отметка).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FinalKind {
    Period(PeriodId),
    Year,
    Exam,
    Final,
}

impl FinalKind {
    /// `(kind, period id or 0)` as stored in keys.
    pub fn key(self) -> (u8, u64) {
        match self {
            FinalKind::Period(p) => (0, p.0),
            FinalKind::Year => (1, 0),
            FinalKind::Exam => (2, 0),
            FinalKind::Final => (3, 0),
        }
    }

    pub fn from_key(kind: u8, id: u64) -> Option<FinalKind> {
        Some(match kind {
            0 => FinalKind::Period(PeriodId(id)),
            1 => FinalKind::Year,
            2 => FinalKind::Exam,
            3 => FinalKind::Final,
            _ => return None,
        })
    }

    /// `p12`, `year`, `exam`, `final`: in form field names and URLs.
    pub fn slug(self) -> String {
        match self {
            FinalKind::Period(p) => format!("p{p}"),
            FinalKind::Year => "year".into(),
            FinalKind::Exam => "exam".into(),
            FinalKind::Final => "final".into(),
        }
    }

    pub fn parse_slug(s: &str) -> Option<FinalKind> {
        match s {
            "year" => Some(FinalKind::Year),
            "exam" => Some(FinalKind::Exam),
            "final" => Some(FinalKind::Final),
            _ => s.strip_prefix('p')?.parse().ok().map(|p| FinalKind::Period(PeriodId(p))),
        }
    }
}

/// A final mark of a student in a subject. Year, exam and final marks belong to the study
/// year of the teaching assignment that set them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinalMark {
    pub value: MarkValue,
    pub teaching: TeachingId,
    pub by: UserId,
    pub at: i64,
}

/// What a change-log entry changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogField {
    /// The mark of assignment `n` of the lesson.
    Mark(u8),
    Attendance,
    /// A final mark: `(kind, period id)` as in [`FinalKind::key`].
    Final(u8, u64),
}

/// One change of a mark, an attendance entry or a final mark: kept for good.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    pub at: i64,
    pub by: UserId,
    pub student: UserId,
    /// The lesson's day and number (for final marks: the day of the change, number 0).
    pub date: NaiveDate,
    pub number: u8,
    pub field: LogField,
    /// The value before and after, as written («5», «ОТ», «» for none).
    pub old: String,
    pub new: String,
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `(TeachingId, day, lesson number) -> Lesson`: topic, homework and assignments of a lesson.
pub const LESSONS: Tbl<(TeachingId, NaiveDate, u8), Lesson> = Tbl::new("lessons-1");
/// `(TeachingId, due day, day given, lesson number) -> ()`: homework by due day (kept with
/// `LESSONS`).
pub const HOMEWORK_DUE: Tbl<(TeachingId, NaiveDate, NaiveDate, u8), ()> = Tbl::new("homework-due-1");
/// `(TeachingId, day, lesson number, student, assignment no) -> Mark`: the journal's marks.
pub const MARKS: Tbl<(TeachingId, NaiveDate, u8, UserId, u8), Mark> = Tbl::new("marks-1");
/// `(student, day, TeachingId, lesson number, assignment no) -> Mark`: the same marks by
/// student, for the diary (kept with `MARKS`).
pub const STUDENT_MARKS: Tbl<(UserId, NaiveDate, TeachingId, u8, u8), Mark> = Tbl::new("student-marks-1");
/// `(TeachingId, day, lesson number, student) -> Attendance`.
pub const ATTENDANCE: Tbl<(TeachingId, NaiveDate, u8, UserId), Attendance> = Tbl::new("attendance-1");
/// `(student, day, lesson number, TeachingId) -> Attendance`: the same by student (kept with
/// `ATTENDANCE`).
pub const STUDENT_ATTENDANCE: Tbl<(UserId, NaiveDate, u8, TeachingId), Attendance> =
    Tbl::new("student-attendance-1");
/// `(student, SubjectId, kind, PeriodId or 0) -> FinalMark`: period, year, exam and final marks.
pub const FINAL_MARKS: Tbl<(UserId, SubjectId, u8, u64), FinalMark> = Tbl::new("final-marks-1");
/// `(TeachingId, LogId) -> LogEntry`: every change of a mark, attendance entry or final mark.
pub const JOURNAL_LOG: Tbl<(TeachingId, LogId), LogEntry> = Tbl::new("journal-log-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[
    &LESSONS,
    &HOMEWORK_DUE,
    &MARKS,
    &STUDENT_MARKS,
    &ATTENDANCE,
    &STUDENT_ATTENDANCE,
    &FINAL_MARKS,
    &JOURNAL_LOG,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_parse_as_teachers_type_them() {
        assert_eq!(MarkValue::parse_lesson(" 5 "), Some(MarkValue::Num(5)));
        assert_eq!(MarkValue::parse_lesson("ЗАЧ"), Some(MarkValue::Pass));
        assert_eq!(MarkValue::parse_lesson("."), Some(MarkValue::Duty));
        assert_eq!(MarkValue::parse_lesson("6"), None);
        assert_eq!(MarkValue::parse_lesson("0"), None);
        assert_eq!(MarkValue::parse_lesson("н/а"), None, "н/а is a final mark");
        assert_eq!(MarkValue::parse_final("н/а"), Some(MarkValue::NotCertified));
        assert_eq!(MarkValue::parse_final("осв"), Some(MarkValue::Exempt));
        assert_eq!(MarkValue::parse_final("."), None, "a duty is not a final mark");
    }

    #[test]
    fn a_mark_written_before_first_at_existed_was_first_set_at_its_last_change() {
        let m = Mark {
            value: MarkValue::Num(5),
            weight: 1,
            subject: SubjectId(1),
            work_type: WorkTypeId(1),
            comment: String::new(),
            by: UserId(1),
            at: 200,
            first_at: 0,
        };
        assert_eq!(m.first_set(), 200);
        assert_eq!(Mark { first_at: 100, ..m.clone() }.first_set(), 100);
        // A record stored before the field: read with `first_at` 0, so first set at `at`.
        #[derive(Serialize)]
        struct Old {
            value: MarkValue,
            weight: u8,
            subject: SubjectId,
            work_type: WorkTypeId,
            by: UserId,
            at: i64,
        }
        let old =
            Old { value: m.value, weight: 1, subject: m.subject, work_type: m.work_type, by: m.by, at: 200 };
        let read: Mark = crate::store::codec::decode_value(&crate::store::codec::encode_value(&old)).unwrap();
        assert_eq!(read, m);
    }

    #[test]
    fn attendance_codes_accept_n_for_absent() {
        assert_eq!(Code::parse("н"), Some(Code::Absent));
        assert_eq!(Code::parse("Н"), Some(Code::Absent));
        assert_eq!(Code::parse("б"), Some(Code::Ill));
        assert_eq!(Code::parse("оп"), Some(Code::Late));
        assert_eq!(Code::parse("X"), None);
        for c in Code::ALL {
            assert_eq!(Code::parse(c.label()), Some(c));
        }
    }

    #[test]
    fn final_kinds_and_lessons_round_trip_through_slugs() {
        for k in [FinalKind::Period(PeriodId(12)), FinalKind::Year, FinalKind::Exam, FinalKind::Final] {
            assert_eq!(FinalKind::parse_slug(&k.slug()), Some(k));
            let (a, b) = k.key();
            assert_eq!(FinalKind::from_key(a, b), Some(k));
        }
        let key = LessonKey {
            teaching: TeachingId(3),
            date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            number: 4,
        };
        assert_eq!(LessonKey::parse_slug(TeachingId(3), &key.slug()), Some(key));
        assert_eq!(LessonKey::parse_slug(TeachingId(3), "2026-13-02.1"), None);
    }
}
