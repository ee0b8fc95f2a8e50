//! Every redb table of Parta, in one place.
//!
//! Each table is `&[u8] -> &[u8]` underneath (see `codec.rs`), with a typed wrapper here. The
//! doc line of each says `Key -> Value`. Names carry a version: a table whose layout changes
//! incompatibly gets a new name and a migration copies it over.
//!
//! Add a table: declare it here, add it to [`ALL`], and create it in a migration.

use chrono::NaiveDate;

use super::ids::{
    AuditId, BlobId, ChangeId, ClassId, EventId, GroupId, HolidayId, LogId, MovementId, NoticeId, PeriodId,
    PlanId, SignInId, SubjectId, TeachingId, UserId, WorkTypeId, YearId,
};
use super::ids::{ReportDueId, SnapshotId, SubmissionId};
use super::table::{AnyTable, Tbl};
use crate::audit::AuditEntry;
use crate::auth::model::{Credential, SignInEntry, SignInStats, User};
use crate::auth::session::Session;
use crate::calendar::model::Feed;
use crate::events::model::{Event, Reply};
use crate::journal::model::{Attendance, FinalMark, Lesson, LogEntry, Mark};
use crate::notify::model::Notice;
use crate::people::model::{Guardian, Movement, StudentInfo};
use crate::plans::model::Plan;
use crate::reports::submit::model::{ReportDue, Snapshot, Submission};
use crate::school::model::SchoolCard;
use crate::store::blobs::{BlobMeta, Chunk};
use crate::structure::model::{Class, Group, Holiday, Period, Scheme, Subject, Teaching, WorkType, Year};
use crate::timetable::model::{Bells, Change, Week};

/// `name -> u64`: schema version, creation time, demo flag.
pub const META: Tbl<String, u64> = Tbl::new("meta-1");
/// `migration name -> applied at (unix seconds)`.
pub const MIGRATIONS: Tbl<String, i64> = Tbl::new("migrations-1");
/// `id kind -> last id taken`.
pub const COUNTERS: Tbl<String, u64> = Tbl::new("counters-1");

/// `() -> SchoolCard`: the school's name, address, director, time zone, logo.
pub const SCHOOL: Tbl<(), SchoolCard> = Tbl::new("school-1");

/// `UserId -> User`: every account.
pub const USERS: Tbl<UserId, User> = Tbl::new("users-1");
/// `lower-case login -> UserId`: unique logins.
pub const USER_LOGINS: Tbl<String, UserId> = Tbl::new("user-logins-1");
/// `UserId -> Credential`: password hash and the must-change flag, apart from the profile.
pub const CREDENTIALS: Tbl<UserId, Credential> = Tbl::new("credentials-1");
/// `SHA-256 of the session token -> Session`: server-side sessions.
pub const SESSIONS: Tbl<[u8; 32], Session> = Tbl::new("sessions-1");
/// `SignInId -> SignInEntry`: every sign-in attempt, in time order.
pub const SIGNINS: Tbl<SignInId, SignInEntry> = Tbl::new("signins-1");
/// `UserId -> SignInStats`: first and last successful sign-in of each account.
pub const SIGNIN_STATS: Tbl<UserId, SignInStats> = Tbl::new("signin-stats-1");

/// `AuditId -> AuditEntry`: denials, sensitive reads and administrative changes, in time order.
pub const AUDIT: Tbl<AuditId, AuditEntry> = Tbl::new("audit-1");

/// `BlobId -> BlobMeta`: stored files.
pub const BLOBS: Tbl<BlobId, BlobMeta> = Tbl::new("blobs-1");
/// `(BlobId, chunk number) -> Chunk`: file contents in chunks of `blobs::CHUNK_SIZE`.
pub const BLOB_CHUNKS: Tbl<(BlobId, u32), Chunk> = Tbl::new("blob-chunks-1");

/// `YearId -> Year`: study years.
pub const YEARS: Tbl<YearId, Year> = Tbl::new("years-1");
/// `PeriodId -> Period`: study periods of every year and scheme.
pub const PERIODS: Tbl<PeriodId, Period> = Tbl::new("periods-1");
/// `(YearId, grade) -> Scheme`: which periods a parallel uses in a year.
pub const GRADE_SCHEMES: Tbl<(YearId, u32), Scheme> = Tbl::new("grade-schemes-1");
/// `HolidayId -> Holiday`.
pub const HOLIDAYS: Tbl<HolidayId, Holiday> = Tbl::new("holidays-1");
/// `ClassId -> Class`.
pub const CLASSES: Tbl<ClassId, Class> = Tbl::new("classes-1");
/// `(YearId, class name «5А») -> ClassId`: unique class names within a year.
pub const CLASS_NAMES: Tbl<(YearId, String), ClassId> = Tbl::new("class-names-1");
/// `GroupId -> Group`: subgroups of classes.
pub const GROUPS: Tbl<GroupId, Group> = Tbl::new("groups-1");
/// `SubjectId -> Subject`.
pub const SUBJECTS: Tbl<SubjectId, Subject> = Tbl::new("subjects-1");
/// `WorkTypeId -> WorkType`: assignment types with default weights.
pub const WORK_TYPES: Tbl<WorkTypeId, WorkType> = Tbl::new("work-types-1");
/// `TeachingId -> Teaching`: teaching assignments.
pub const TEACHING: Tbl<TeachingId, Teaching> = Tbl::new("teaching-1");
/// `(ClassId, TeachingId) -> ()`: the teaching assignments of a class (kept with `TEACHING`).
pub const TEACHING_BY_CLASS: Tbl<(ClassId, TeachingId), ()> = Tbl::new("teaching-by-class-1");

/// `(teacher UserId, TeachingId) -> ()`: the teaching assignments of a teacher (kept with
/// `TEACHING`).
pub const TEACHING_BY_TEACHER: Tbl<(UserId, TeachingId), ()> = Tbl::new("teaching-by-teacher-1");

/// `shift -> Bells`: when each lesson of a shift starts and ends.
pub const BELLS: Tbl<u8, Bells> = Tbl::new("bells-1");
/// `(ClassId, first day) -> Week`: versions of a class's weekly timetable; each is in force
/// from its day until the next version's.
pub const TIMETABLE: Tbl<(ClassId, NaiveDate), Week> = Tbl::new("timetable-1");
/// `(ClassId, day, ChangeId) -> Change`: cancellations, substitutions, added lessons.
pub const TIMETABLE_CHANGES: Tbl<(ClassId, NaiveDate, ChangeId), Change> = Tbl::new("timetable-changes-1");
/// `(substitute UserId, day, ClassId, ChangeId) -> ()`: the lessons a teacher gives as a
/// substitute (kept with `TIMETABLE_CHANGES`).
pub const SUBSTITUTIONS: Tbl<(UserId, NaiveDate, ClassId, ChangeId), ()> = Tbl::new("substitutions-1");

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

/// `student UserId -> StudentInfo`: birth date, sex.
pub const STUDENTS: Tbl<UserId, StudentInfo> = Tbl::new("students-1");
/// `(student UserId, MovementId) -> Movement`: enrolments, transfers, withdrawals.
pub const MOVEMENTS: Tbl<(UserId, MovementId), Movement> = Tbl::new("movements-1");
/// `(ClassId, student UserId) -> ()`: everyone ever placed in a class (membership on a day
/// comes from `MOVEMENTS`).
pub const CLASS_STUDENTS: Tbl<(ClassId, UserId), ()> = Tbl::new("class-students-1");
/// `(student UserId, parent UserId) -> Guardian`: who is whose parent, and how.
pub const GUARDIANS: Tbl<(UserId, UserId), Guardian> = Tbl::new("guardians-1");
/// `(parent UserId, student UserId) -> ()`: the reverse of `GUARDIANS`.
pub const CHILDREN: Tbl<(UserId, UserId), ()> = Tbl::new("children-1");

/// `PlanId -> Plan`: lesson plans (КТП) with their sections and topics.
pub const PLANS: Tbl<PlanId, Plan> = Tbl::new("plans-1");
/// `(YearId, SubjectId, PlanId) -> ()`: the plans of a year by subject.
pub const PLANS_BY_YEAR: Tbl<(YearId, SubjectId, PlanId), ()> = Tbl::new("plans-by-year-1");
/// `TeachingId -> PlanId`: the plan a teaching assignment follows.
pub const PLAN_BINDINGS: Tbl<TeachingId, PlanId> = Tbl::new("plan-bindings-1");
/// `(PlanId, TeachingId) -> ()`: the teaching assignments following a plan.
pub const PLAN_TEACHINGS: Tbl<(PlanId, TeachingId), ()> = Tbl::new("plan-teachings-1");

/// `EventId -> Event`: class events.
pub const EVENTS: Tbl<EventId, Event> = Tbl::new("events-1");
/// `(ClassId, date, EventId) -> ()`: a class's events by date.
pub const CLASS_EVENTS: Tbl<(ClassId, NaiveDate, EventId), ()> = Tbl::new("class-events-1");
/// `(EventId, parent UserId) -> Reply`: parents' answers to an invitation.
pub const EVENT_REPLIES: Tbl<(EventId, UserId), Reply> = Tbl::new("event-replies-1");

/// `(UserId, NoticeId) -> Notice`: in-app notices, newest last.
pub const NOTICES: Tbl<(UserId, NoticeId), Notice> = Tbl::new("notices-1");

/// `token hash (hex) -> UserId`: private calendar feed addresses.
pub const FEEDS: Tbl<String, UserId> = Tbl::new("feeds-1");
/// `UserId -> Feed`: a user's calendar feed.
pub const FEED_OF_USER: Tbl<UserId, Feed> = Tbl::new("feed-of-user-1");

/// `ReportDueId -> ReportDue`: the reports the administration asked for, by when and from whom.
pub const REPORT_DUES: Tbl<ReportDueId, ReportDue> = Tbl::new("report-dues-1");
/// `(ReportDueId, SubmissionId) -> Submission`: what was handed in against a due, with its steps.
pub const REPORT_SUBMISSIONS: Tbl<(ReportDueId, SubmissionId), Submission> = Tbl::new("report-submissions-1");
/// `SnapshotId -> Snapshot`: frozen reports, apart so that listing submissions loads none.
pub const REPORT_SNAPSHOTS: Tbl<SnapshotId, Snapshot> = Tbl::new("report-snapshots-1");

/// Every table, for backup, restore checks and `parta check`.
pub const ALL: &[&dyn AnyTable] = &[
    &META,
    &MIGRATIONS,
    &COUNTERS,
    &SCHOOL,
    &USERS,
    &USER_LOGINS,
    &CREDENTIALS,
    &SESSIONS,
    &SIGNINS,
    &SIGNIN_STATS,
    &AUDIT,
    &BLOBS,
    &BLOB_CHUNKS,
    &YEARS,
    &PERIODS,
    &GRADE_SCHEMES,
    &HOLIDAYS,
    &CLASSES,
    &CLASS_NAMES,
    &GROUPS,
    &SUBJECTS,
    &WORK_TYPES,
    &TEACHING,
    &TEACHING_BY_CLASS,
    &TEACHING_BY_TEACHER,
    &BELLS,
    &TIMETABLE,
    &TIMETABLE_CHANGES,
    &SUBSTITUTIONS,
    &LESSONS,
    &HOMEWORK_DUE,
    &MARKS,
    &STUDENT_MARKS,
    &ATTENDANCE,
    &STUDENT_ATTENDANCE,
    &FINAL_MARKS,
    &JOURNAL_LOG,
    &STUDENTS,
    &MOVEMENTS,
    &CLASS_STUDENTS,
    &GUARDIANS,
    &CHILDREN,
    &PLANS,
    &PLANS_BY_YEAR,
    &PLAN_BINDINGS,
    &PLAN_TEACHINGS,
    &EVENTS,
    &CLASS_EVENTS,
    &EVENT_REPLIES,
    &NOTICES,
    &FEEDS,
    &FEED_OF_USER,
    &REPORT_DUES,
    &REPORT_SUBMISSIONS,
    &REPORT_SNAPSHOTS,
];

/// Looks a table up by name.
pub fn by_name(name: &str) -> Option<&'static dyn AnyTable> {
    ALL.iter().copied().find(|t| t.name() == name)
}

/// The key of a singleton table.
pub const SINGLE: () = ();

/// Keys of the `meta` table.
pub mod meta {
    pub const SCHEMA_VERSION: &str = "schema_version";
    pub const CREATED_AT: &str = "created_at";
    pub const DEMO: &str = "demo";
    /// The study year shown by default.
    pub const CURRENT_YEAR: &str = "current_year";
}
