//! Typed ids. Every entity has its own newtype, so a `UserId` can never be passed where a
//! `BlobId` is expected. Ids come from the `counters` table ([`next_id`]), one sequence per kind.

use redb::WriteTransaction;

use super::codec::{CodecError, Key};
use super::{StoreError, tables};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident = $kind:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl Key for $name {
            fn write(&self, out: &mut Vec<u8>) {
                self.0.write(out)
            }
            fn read(input: &mut &[u8]) -> Result<Self, CodecError> {
                u64::read(input).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl $name {
            /// The name of this id's sequence in the `counters` table.
            pub const KIND: &'static str = $kind;

            /// Takes the next id of this kind inside the write transaction.
            pub fn next(tx: &WriteTransaction) -> Result<Self, StoreError> {
                next_id(tx, $kind).map($name)
            }
        }
    )*};
}

id_type! {
    /// A person's account (staff, student or parent).
    UserId = "user";
    /// An entry of the sign-in log.
    SignInId = "signin";
    /// An entry of the audit log.
    AuditId = "audit";
    /// A stored file (attachment, photo, logo).
    BlobId = "blob";
    /// A study year (учебный год).
    YearId = "year";
    /// A study period (четверть, триместр, полугодие).
    PeriodId = "period";
    /// A holiday (каникулы).
    HolidayId = "holiday";
    /// A class («5А») of one year.
    ClassId = "class";
    /// A group (подгруппа) splitting a class for a subject.
    GroupId = "group";
    /// A subject (предмет).
    SubjectId = "subject";
    /// An assignment type (тип задания) with its default weight.
    WorkTypeId = "work_type";
    /// A teaching assignment: class or group × subject × teacher.
    TeachingId = "teaching";
    /// A movement of a student: enrolment, transfer, withdrawal.
    MovementId = "movement";
    /// A one-off change of the timetable: a cancellation, a substitution, an added lesson.
    ChangeId = "timetable_change";
    /// An entry of the journal's change log.
    LogId = "journal_log";
    /// A lesson plan (КТП).
    PlanId = "plan";
    /// A class event (мероприятие).
    EventId = "event";
    /// An in-app notice to one user.
    NoticeId = "notice";
    /// A report the administration asked for (сдача отчётов): what, for which period, by when.
    ReportDueId = "report_due";
    /// A report handed in against a due, with its steps (snapshots are kept apart).
    SubmissionId = "report_submission";
    /// A frozen copy of a report as it was handed in.
    SnapshotId = "report_snapshot";
}

/// Takes the next number of the `kind` sequence (starting at 1).
pub fn next_id(tx: &WriteTransaction, kind: &str) -> Result<u64, StoreError> {
    let key = kind.to_string();
    let next = tables::COUNTERS.get(tx, &key)?.unwrap_or(0) + 1;
    tables::COUNTERS.insert(tx, &key, &next)?;
    Ok(next)
}
