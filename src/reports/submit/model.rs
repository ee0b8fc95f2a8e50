//! Dues, submissions and snapshots as stored, and the one rule every page shows: the state of
//! an expected submission on a day (not yet, late, submitted on time or late, returned,
//! accepted).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::reports::catalog::{Filter, Kind, SPECS};
use crate::reports::model::Report;
use crate::store::ids::{ClassId, PeriodId, ReportDueId, SnapshotId, SubmissionId, UserId, YearId};
use crate::store::table::{AnyTable, Tbl};

/// Who hands a report in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// Every class chief: one submission per class.
    Chiefs,
    /// Every teacher with teaching in the year: one submission each.
    Teachers,
}

impl Who {
    pub const ALL: [Who; 2] = [Who::Chiefs, Who::Teachers];

    pub fn slug(self) -> &'static str {
        match self {
            Who::Chiefs => "chiefs",
            Who::Teachers => "teachers",
        }
    }

    pub fn from_slug(s: &str) -> Option<Who> {
        Who::ALL.into_iter().find(|w| w.slug() == s)
    }

    /// Whether a report of `kind` can be asked of them: a class report of chiefs, a teacher's
    /// report of teachers (reports about one student are not handed in).
    pub fn fits(self, kind: Kind) -> bool {
        let f = kind.spec().filters;
        if f.contains(&Filter::Student) {
            return false;
        }
        match self {
            Who::Chiefs => f.contains(&Filter::Class),
            Who::Teachers => f.contains(&Filter::Teacher) && !f.contains(&Filter::Class),
        }
    }

    /// The kinds that can be asked of them, in the catalogue's order.
    pub fn kinds(self) -> Vec<Kind> {
        SPECS.iter().map(|s| s.kind).filter(|k| self.fits(*k)).collect()
    }
}

fn first_grade() -> u8 {
    1
}

fn last_grade() -> u8 {
    11
}

/// A report the administration asked for: what, for which period, from whom, by when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportDue {
    pub kind: Kind,
    pub year: YearId,
    /// The period the report is made for; chiefs of the classes that study by its scheme
    /// (quarters, half-years) are asked.
    pub period: PeriodId,
    pub who: Who,
    /// For chiefs: the parallels asked, inclusive.
    #[serde(default = "first_grade")]
    pub grade_from: u8,
    #[serde(default = "last_grade")]
    pub grade_to: u8,
    /// The last day to hand it in.
    pub deadline: NaiveDate,
    #[serde(default)]
    pub note: String,
    /// Who set it, and when (unix seconds).
    pub by: UserId,
    pub at: i64,
}

/// What one submission is for: a class (chiefs) or a teacher.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Slot {
    Class(ClassId),
    Teacher(UserId),
}

impl Slot {
    /// The form value: `c12`, `t5`.
    pub fn code(self) -> String {
        match self {
            Slot::Class(c) => format!("c{c}"),
            Slot::Teacher(t) => format!("t{t}"),
        }
    }

    pub fn parse(s: &str) -> Option<Slot> {
        let (tag, id) = s.split_at_checked(1)?;
        match tag {
            "c" => id.parse().ok().map(Slot::Class),
            "t" => id.parse().ok().map(Slot::Teacher),
            _ => None,
        }
    }

    /// How the audit log names it.
    pub fn describe(self) -> String {
        match self {
            Slot::Class(c) => format!("class:{c}"),
            Slot::Teacher(t) => format!("user:{t}"),
        }
    }
}

/// Where a submission stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Submitted,
    Returned,
    Accepted,
}

/// One step of a submission's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Submitted,
    Resubmitted,
    Returned,
    Accepted,
}

impl StepKind {
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Submitted => "rsub-step-submitted",
            StepKind::Resubmitted => "rsub-step-resubmitted",
            StepKind::Returned => "rsub-step-returned",
            StepKind::Accepted => "rsub-step-accepted",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub kind: StepKind,
    pub by: UserId,
    /// Unix seconds, and the school's day it happened on.
    pub at: i64,
    pub on: NaiveDate,
    /// Why it was returned.
    #[serde(default)]
    pub comment: String,
    /// The snapshot handed in (submitted and resubmitted steps).
    #[serde(default)]
    pub snapshot: Option<SnapshotId>,
}

/// A report handed in against a due, with every step since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub slot: Slot,
    pub state: State,
    /// The snapshot last handed in.
    pub snapshot: SnapshotId,
    pub steps: Vec<Step>,
}

impl Submission {
    /// The first hand-in: whether it was late is judged by it.
    pub fn first(&self) -> Option<&Step> {
        self.steps.first()
    }

    /// The last hand-in (submitted or resubmitted).
    pub fn last_handed(&self) -> Option<&Step> {
        self.steps.iter().rev().find(|s| matches!(s.kind, StepKind::Submitted | StepKind::Resubmitted))
    }

    /// The last decision (returned or accepted), with its comment.
    pub fn last_decision(&self) -> Option<&Step> {
        self.steps.iter().rev().find(|s| matches!(s.kind, StepKind::Returned | StepKind::Accepted))
    }

    /// Every snapshot handed in, oldest first.
    pub fn snapshots(&self) -> Vec<(SnapshotId, &Step)> {
        self.steps.iter().filter_map(|s| s.snapshot.map(|id| (id, s))).collect()
    }
}

/// A frozen report as handed in. Kept apart from the submission so lists never load it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub due: ReportDueId,
    pub submission: SubmissionId,
    pub slot: Slot,
    pub by: UserId,
    pub at: i64,
    pub report: Report,
}

/// The state of an expected submission, as the pages show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Nothing handed in, the deadline not passed.
    NotYet,
    /// Nothing handed in and the deadline has passed.
    Late,
    /// Handed in and waiting for a decision; `late` when first handed in after the deadline.
    Submitted {
        late: bool,
    },
    Returned,
    Accepted,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::NotYet => "rsub-status-not_yet",
            Status::Late => "rsub-status-late",
            Status::Submitted { late: false } => "rsub-status-submitted",
            Status::Submitted { late: true } => "rsub-status-submitted_late",
            Status::Returned => "rsub-status-returned",
            Status::Accepted => "rsub-status-accepted",
        }
    }

    /// The CSS tone of its badge.
    pub fn tone(self) -> &'static str {
        match self {
            Status::NotYet => "rs-wait",
            Status::Late => "rs-late",
            Status::Submitted { .. } => "rs-in",
            Status::Returned => "rs-back",
            Status::Accepted => "rs-ok",
        }
    }

    /// Whether the submitter still has to do something (hand in or hand in again).
    pub fn open(self) -> bool {
        matches!(self, Status::NotYet | Status::Late | Status::Returned)
    }
}

/// Where a submission (or its absence) stands on `today` against `deadline`.
pub fn status(sub: Option<&Submission>, deadline: NaiveDate, today: NaiveDate) -> Status {
    match sub {
        None if today > deadline => Status::Late,
        None => Status::NotYet,
        Some(s) => match s.state {
            State::Accepted => Status::Accepted,
            State::Returned => Status::Returned,
            State::Submitted => Status::Submitted { late: s.first().is_some_and(|f| f.on > deadline) },
        },
    }
}

/// Counts of a due's expected submissions by status, for the lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub expected: usize,
    pub not_yet: usize,
    pub late: usize,
    /// Handed in and waiting for a decision.
    pub waiting: usize,
    pub returned: usize,
    pub accepted: usize,
}

impl Tally {
    pub fn add(&mut self, s: Status) {
        self.expected += 1;
        match s {
            Status::NotYet => self.not_yet += 1,
            Status::Late => self.late += 1,
            Status::Submitted { .. } => self.waiting += 1,
            Status::Returned => self.returned += 1,
            Status::Accepted => self.accepted += 1,
        }
    }

    /// Handed in at least once (waiting, returned or accepted).
    pub fn handed(&self) -> usize {
        self.waiting + self.returned + self.accepted
    }
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `ReportDueId -> ReportDue`: the reports the administration asked for, by when and from whom.
pub const REPORT_DUES: Tbl<ReportDueId, ReportDue> = Tbl::new("report-dues-1");
/// `(ReportDueId, SubmissionId) -> Submission`: what was handed in against a due, with its steps.
pub const REPORT_SUBMISSIONS: Tbl<(ReportDueId, SubmissionId), Submission> = Tbl::new("report-submissions-1");
/// `SnapshotId -> Snapshot`: frozen reports, apart so that listing submissions loads none.
pub const REPORT_SNAPSHOTS: Tbl<SnapshotId, Snapshot> = Tbl::new("report-snapshots-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&REPORT_DUES, &REPORT_SUBMISSIONS, &REPORT_SNAPSHOTS];

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn step(kind: StepKind, on: NaiveDate) -> Step {
        Step { kind, by: UserId(1), at: 0, on, comment: String::new(), snapshot: Some(SnapshotId(1)) }
    }

    fn sub(state: State, steps: Vec<Step>) -> Submission {
        Submission { slot: Slot::Class(ClassId(1)), state, snapshot: SnapshotId(1), steps }
    }

    #[test]
    fn nothing_handed_in_is_late_only_after_the_deadline_day() {
        assert_eq!(status(None, d(11, 7), d(11, 7)), Status::NotYet);
        assert_eq!(status(None, d(11, 7), d(11, 8)), Status::Late);
    }

    #[test]
    fn lateness_is_judged_by_the_first_hand_in() {
        let on_time = sub(State::Submitted, vec![step(StepKind::Submitted, d(11, 7))]);
        assert_eq!(status(Some(&on_time), d(11, 7), d(11, 20)), Status::Submitted { late: false });
        let late = sub(State::Submitted, vec![step(StepKind::Submitted, d(11, 8))]);
        assert_eq!(status(Some(&late), d(11, 7), d(11, 20)), Status::Submitted { late: true });
        // Returned and handed in again after the deadline: still on time.
        let again = sub(
            State::Submitted,
            vec![
                step(StepKind::Submitted, d(11, 6)),
                step(StepKind::Returned, d(11, 9)),
                step(StepKind::Resubmitted, d(11, 10)),
            ],
        );
        assert_eq!(status(Some(&again), d(11, 7), d(11, 20)), Status::Submitted { late: false });
        assert_eq!(again.snapshots().len(), 3, "every step here carries a snapshot in this test");
        assert_eq!(again.last_handed().unwrap().kind, StepKind::Resubmitted);
        assert_eq!(again.last_decision().unwrap().kind, StepKind::Returned);
    }

    #[test]
    fn decisions_show_as_they_are() {
        let back = sub(State::Returned, vec![step(StepKind::Submitted, d(11, 1))]);
        assert_eq!(status(Some(&back), d(11, 7), d(11, 20)), Status::Returned);
        assert!(Status::Returned.open() && Status::Late.open() && !Status::Accepted.open());
        let mut t = Tally::default();
        for s in [Status::Late, Status::Accepted, Status::Submitted { late: true }, Status::Returned] {
            t.add(s);
        }
        assert_eq!((t.expected, t.late, t.handed()), (4, 1, 3));
    }

    #[test]
    fn slots_round_trip_through_forms() {
        for s in [Slot::Class(ClassId(12)), Slot::Teacher(UserId(5))] {
            assert_eq!(Slot::parse(&s.code()), Some(s));
        }
        assert_eq!(Slot::parse("x1"), None);
        assert_eq!(Slot::parse("c"), None);
        assert_eq!(Slot::parse(""), None);
    }
}
