//! A file checked against itself and the school, without writing: every row's problems, the
//! parents shared by siblings, the logins each new account will get, and the counts. The same
//! function runs for the preview and again inside the confirming write transaction.
//! The checks of each list are in [`students`] and [`staff`].

mod staff;
mod students;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::ListKind;
use super::columns::{Field, Layout};
use super::parents::{Contact, Known};
use super::table::Table;
use super::values;
use crate::auth::accounts;
use crate::auth::accounts::{Profile, login_error, normalize_login};
use crate::auth::model::Role;
use crate::people::model::STUDENTS;
use crate::people::model::{Relation, StudentInfo};
use crate::store::ids::{ClassId, UserId};
use crate::store::{Reader, StoreError};

/// One thing wrong with a row (or the whole file, without a line).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The header of the column at fault.
    pub column: Option<String>,
    /// Catalog key of the message; it may use `$value` and `$line`.
    pub key: &'static str,
    pub value: String,
    /// Another line the message refers to (the first of duplicates).
    pub line: usize,
}

impl Problem {
    fn at(column: Field, key: &'static str) -> Problem {
        Problem { column: Some(column.header()), key, value: String::new(), line: 0 }
    }

    fn file(key: &'static str) -> Problem {
        Problem { column: None, key, value: String::new(), line: 0 }
    }

    fn value(mut self, v: impl Into<String>) -> Problem {
        self.value = v.into();
        self
    }

    fn line(mut self, n: usize) -> Problem {
        self.line = n;
        self
    }
}

/// A parent as the preview shows it.
#[derive(Clone, Debug)]
pub struct ParentView {
    pub name: String,
    pub relation: Relation,
    pub login: String,
    /// An account already in the school.
    pub existing: bool,
    /// The first line that named this parent, when it is an earlier one.
    pub shared_with: Option<usize>,
}

/// A row as the preview shows it.
#[derive(Clone, Debug)]
pub struct RowView {
    pub line: usize,
    pub name: String,
    /// The class (students) or the position and roles (staff).
    pub detail: String,
    pub birth: Option<NaiveDate>,
    pub login: String,
    pub parents: Vec<ParentView>,
    pub problems: Vec<Problem>,
}

/// What the import will create.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: usize,
    pub bad_rows: usize,
    pub students: usize,
    pub parents_new: usize,
    pub parents_existing: usize,
    pub links: usize,
    pub staff: usize,
}

pub(super) struct NewStudent {
    pub line: usize,
    pub profile: Profile,
    pub info: StudentInfo,
    pub class: ClassId,
    /// Indexes into `Work::parents`, with the relation.
    pub parents: Vec<(usize, Relation)>,
}

pub(super) struct NewParent {
    pub profile: Profile,
    pub existing: Option<UserId>,
}

/// What `apply` writes.
pub(super) struct Work {
    pub enrol: NaiveDate,
    pub students: Vec<NewStudent>,
    pub parents: Vec<NewParent>,
    pub staff: Vec<(usize, Profile)>,
}

/// A checked file.
pub struct Plan {
    pub kind: ListKind,
    pub file_problems: Vec<Problem>,
    pub ignored: Vec<String>,
    pub rows: Vec<RowView>,
    pub counts: Counts,
    /// New students per class, by class name.
    pub per_class: Vec<(String, usize)>,
    pub(super) work: Work,
}

impl Plan {
    pub fn has_problems(&self) -> bool {
        !self.file_problems.is_empty() || self.counts.bad_rows > 0
    }
}

/// Checks `table` as a list of `kind` against the school as `tx` sees it.
pub fn plan(
    tx: &impl Reader,
    table: &Table,
    layout: &Layout,
    kind: ListKind,
    today: NaiveDate,
) -> Result<Plan, StoreError> {
    let known = School::load(tx)?;
    let mut logins = Logins::default();
    let explicit = reserve_logins(tx, table, layout, &mut logins)?;
    let mut p = Plan {
        kind,
        file_problems: Vec::new(),
        ignored: layout.ignored.clone(),
        rows: Vec::with_capacity(table.rows.len()),
        counts: Counts { rows: table.rows.len(), ..Counts::default() },
        per_class: Vec::new(),
        work: Work { enrol: today, students: Vec::new(), parents: Vec::new(), staff: Vec::new() },
    };
    match kind {
        ListKind::Students => {
            students::check(tx, table, layout, today, &known, &mut logins, explicit, &mut p)?
        }
        ListKind::Staff => staff::check(tx, table, layout, &known, &mut logins, explicit, &mut p)?,
    }
    p.counts.bad_rows = p.rows.iter().filter(|r| !r.problems.is_empty()).count();
    Ok(p)
}

/// The column a profile field's message belongs to.
fn name_column(layout: &Layout, field: Field) -> Field {
    if layout.has(Field::FullName) { Field::FullName } else { field }
}

fn names(layout: &Layout, cells: &[super::table::Cell]) -> (String, String, String) {
    if layout.has(Field::FullName) {
        values::split_full_name(&layout.text(cells, Field::FullName))
    } else {
        (
            layout.text(cells, Field::Surname),
            layout.text(cells, Field::FirstName),
            layout.text(cells, Field::Patronymic),
        )
    }
}

/// The checks of `accounts::Profile::check` (lengths, e-mail, phone, login), as problems of
/// the columns they came from.
fn profile_problems(profile: &Profile, column: impl Fn(&str) -> Option<Field>, out: &mut Vec<Problem>) {
    for (field, key) in profile.clone().normalized().check().0 {
        if let Some(col) = column(field) {
            out.push(Problem::at(col, key));
        }
    }
}

/// The people already in the school.
struct School {
    /// Students by (name key, birth date).
    students: HashSet<(String, Option<NaiveDate>)>,
    /// Enabled adults (staff and parents) by name and contacts: (id, login).
    adults: Known<(UserId, String)>,
    /// Name keys of enabled staff.
    staff: HashSet<String>,
}

impl School {
    fn load(tx: &impl Reader) -> Result<School, StoreError> {
        let mut users = Vec::new();
        accounts::each(tx, |id, u| {
            users.push((id, u));
            true
        })?;
        let mut s = School { students: HashSet::new(), adults: Known::default(), staff: HashSet::new() };
        for (id, u) in users {
            let name = values::name_key(&u.surname, &u.first_name, &u.patronymic);
            if u.has(Role::Student) {
                let birth = STUDENTS.get(tx, &id)?.and_then(|i| i.birth_date);
                s.students.insert((name, birth));
            } else if !u.disabled {
                if u.roles.iter().any(|r| r.is_staff()) {
                    s.staff.insert(name);
                }
                let contact = Contact::new(&u.surname, &u.first_name, &u.patronymic, &u.phone, &u.email);
                s.adults.add(contact, (id, u.login.clone()));
            }
        }
        Ok(s)
    }
}

/// Logins taken by this file so far (the store's are looked up as needed).
#[derive(Default)]
struct Logins {
    reserved: HashMap<String, usize>,
    /// The next suffix to try per generated base, so a thousand namesakes cost no more than
    /// a thousand lookups.
    next: HashMap<String, usize>,
}

impl Logins {
    fn free(&self, tx: &impl Reader, login: &str) -> Result<bool, StoreError> {
        Ok(!self.reserved.contains_key(login) && !accounts::login_taken(tx, login)?)
    }

    /// A free login from a name, as `people::service::unique_login` makes them (`base`, then
    /// `base2`, `base3`, …), avoiding the logins of this file too.
    fn generate(
        &mut self,
        tx: &impl Reader,
        s: &str,
        f: &str,
        p: &str,
        line: usize,
    ) -> Result<String, StoreError> {
        let translit = crate::people::service::transliterate;
        let initials: String =
            [f, p].iter().filter_map(|x| x.chars().next()).map(|c| translit(&c.to_string())).collect();
        let mut base = translit(s);
        base.truncate(40);
        if base.is_empty() {
            base = "user".into();
        }
        let base = if initials.is_empty() { base } else { format!("{base}.{initials}") };
        let start = self.next.get(&base).copied();
        let mut n = start.unwrap_or(1);
        let mut candidate = if n == 1 { base.clone() } else { format!("{base}{n}") };
        while !self.free(tx, &candidate)? {
            n += 1;
            candidate = format!("{base}{n}");
        }
        self.next.insert(base, n + 1);
        self.reserved.insert(candidate.clone(), line);
        Ok(candidate)
    }
}

/// The logins written in the file, reserved before any is generated. Per row: the login, or
/// the problem with it, or nothing.
fn reserve_logins(
    tx: &impl Reader,
    table: &Table,
    layout: &Layout,
    logins: &mut Logins,
) -> Result<Vec<Result<Option<String>, Problem>>, StoreError> {
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let raw = layout.text(&row.cells, Field::Login);
        let login = normalize_login(&raw);
        out.push(if login.is_empty() {
            Ok(None)
        } else if let Some(key) = login_error(&login) {
            Err(Problem::at(Field::Login, key).value(raw))
        } else if let Some(&first) = logins.reserved.get(&login) {
            Err(Problem::at(Field::Login, "ex-login-duplicate").value(raw).line(first))
        } else if accounts::login_taken(tx, &login)? {
            Err(Problem::at(Field::Login, "ex-login-taken").value(raw))
        } else {
            logins.reserved.insert(login.clone(), row.number);
            Ok(Some(login))
        });
    }
    Ok(out)
}
