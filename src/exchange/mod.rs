//! Import and export of lists: students with their parents, and staff, from and to CSV and XLSX.
//!
//! The path of an import:
//! - [`table`] reads the uploaded bytes into rows of cells: XLSX (the first worksheet) or CSV
//!   (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1251; separator `;`, `,` or tab
//!   found in the header line).
//! - [`columns`] maps the header to known columns (Russian names, any case and order);
//!   [`values`] reads the cells: dates, sex, class names, relations, roles.
//! - [`plan`] checks every row against the file and the school, de-duplicates parents shared by
//!   siblings, chooses logins and counts what will be created. Nothing is written.
//! - [`apply`] writes a plan without problems in the caller's write transaction.
//! - [`service`] keeps the upload as a blob between the preview and the confirmation; the
//!   confirmation re-checks inside its one write transaction: all rows, or nothing.
//!
//! [`export`] writes the same column layout (so an export imports elsewhere) and the templates.
//! The columns are listed once, in [`columns::student_columns`] and [`columns::staff_columns`];
//! the `/exchange` page documents them from there.

pub mod apply;
pub mod columns;
pub mod export;
pub mod parents;
pub mod plan;
pub mod routes;
pub mod service;
pub mod table;
pub mod values;
pub mod views;

/// Which list a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// Students with up to two (or more) parents each.
    Students,
    /// Staff: teachers, administration, psychologists, social pedagogues.
    Staff,
}

/// The MIME type of a pending students upload, kept in the blob's metadata.
const MIME_STUDENTS: &str = "application/vnd.parta.import.students";
/// The MIME type of a pending staff upload.
const MIME_STAFF: &str = "application/vnd.parta.import.staff";
/// What every pending upload's MIME type starts with.
pub const MIME_PREFIX: &str = "application/vnd.parta.import.";

impl ListKind {
    /// The path segment: `/exchange/students`, `/exchange/staff`.
    pub fn slug(self) -> &'static str {
        match self {
            ListKind::Students => "students",
            ListKind::Staff => "staff",
        }
    }

    /// The MIME type its pending upload is stored with.
    pub fn mime(self) -> &'static str {
        match self {
            ListKind::Students => MIME_STUDENTS,
            ListKind::Staff => MIME_STAFF,
        }
    }

    pub fn from_mime(mime: &str) -> Option<ListKind> {
        match mime {
            MIME_STUDENTS => Some(ListKind::Students),
            MIME_STAFF => Some(ListKind::Staff),
            _ => None,
        }
    }
}

/// A file format of downloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    Xlsx,
    Csv,
}

impl FileFormat {
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Csv => "csv",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileFormat::Csv => "text/csv; charset=utf-8",
        }
    }
}
