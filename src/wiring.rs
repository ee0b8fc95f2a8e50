//! App assembly's plugboard: what the layers below cannot name themselves. The [`SCHEMA`] lists
//! every owner's tables and the migrations in order, for the store. `lib.rs` merges the
//! routes.

use std::sync::LazyLock;

use crate::store::migrations::{Migration, stamp_creation, tables_only};
use crate::store::{Schema, tables};
use crate::{
    audit, auth, calendar, events, journal, notify, people, plans, reports, school, structure, timetable,
};

/// Every table of Parta, each declared by its owner, and the migrations, oldest first.
pub static SCHEMA: LazyLock<Schema> = LazyLock::new(|| Schema {
    tables: [
        tables::TABLES,
        audit::TABLES,
        auth::model::TABLES,
        school::model::TABLES,
        structure::model::TABLES,
        people::model::TABLES,
        timetable::model::TABLES,
        journal::model::TABLES,
        plans::model::TABLES,
        events::model::TABLES,
        notify::model::TABLES,
        calendar::model::TABLES,
        reports::submit::model::TABLES,
    ]
    .concat(),
    migrations: vec![
        Migration { name: "0001-create-tables", run: stamp_creation },
        Migration { name: "0002-default-school-card", run: school::model::default_card },
        Migration { name: "0003-school-structure", run: structure::model::default_work_types },
        Migration { name: "0004-teaching-by-class", run: structure::model::index_teaching_by_class },
        Migration {
            name: "0005-timetable-and-journal",
            run: |tx| {
                structure::model::index_teaching_by_teacher(tx)?;
                timetable::model::default_bells(tx)
            },
        },
        Migration { name: "0006-plans-events-feeds", run: tables_only },
        Migration { name: "0007-report-submissions", run: tables_only },
    ],
});
