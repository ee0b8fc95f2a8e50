//! Every redb table of Parta, in one place.
//!
//! Each table is `&[u8] -> &[u8]` underneath (see `codec.rs`), with a typed wrapper here. The
//! doc line of each says `Key -> Value`. Names carry a version: a table whose layout changes
//! incompatibly gets a new name and a migration copies it over.
//!
//! Add a table: declare it here, add it to [`ALL`], and create it in a migration.

use super::ids::{
    AuditId, BlobId, ClassId, GroupId, HolidayId, MovementId, PeriodId, SignInId, SubjectId, TeachingId,
    UserId, WorkTypeId, YearId,
};
use super::table::{AnyTable, Tbl};
use crate::audit::AuditEntry;
use crate::auth::model::{Credential, SignInEntry, SignInStats, User};
use crate::auth::session::Session;
use crate::people::model::{Guardian, Movement, StudentInfo};
use crate::school::model::SchoolCard;
use crate::store::blobs::{BlobMeta, Chunk};
use crate::structure::model::{Class, Group, Holiday, Period, Scheme, Subject, Teaching, WorkType, Year};

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
    &STUDENTS,
    &MOVEMENTS,
    &CLASS_STUDENTS,
    &GUARDIANS,
    &CHILDREN,
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
