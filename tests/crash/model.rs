//! What the harness writes and what it must find afterwards: the demo teacher's journal cells,
//! the history of every write to each (acknowledged or not), and the check of the data file
//! against that history — values, their by-student copies and the change log.

use crate::common::today;
use std::collections::BTreeMap;
use std::path::Path;

use parta::auth::accounts;
use parta::error::AppError;
use parta::journal::cell::{self, CellValue};
use parta::journal::model::{ATTENDANCE, JOURNAL_LOG, MARKS, STUDENT_ATTENDANCE, STUDENT_MARKS};
use parta::journal::model::{LessonKey, LogField};
use parta::journal::queries::first_column;
use parta::journal::records::{self, MarkKey};
use parta::store::ids::{LogId, PeriodId, TeachingId, UserId};
use parta::store::{Order, Reader, Store};
use parta::structure::model::{CLASSES, PERIODS, YEARS};
use parta::timetable::calendar::{ClassCalendar, students_taught};
use redb::{Durability, ReadableDatabase};

/// A small deterministic generator (SplitMix64): the seed printed on failure replays a run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// What the harness types into cells: marks, attendance codes, both, and clearing.
const VALUES: [&str; 11] = ["5", "4", "3", "2", "ОТ", "Б", "УП", "ОП", "ОП 4", "ОП 5", ""];

/// A value for a cell that differs from what it holds, so that every stored write is logged.
pub fn pick(rng: &mut Rng, now: CellValue) -> CellValue {
    loop {
        let v = value(VALUES[rng.below(VALUES.len() as u64) as usize]);
        if v != now {
            return v;
        }
    }
}

pub fn value(label: &str) -> CellValue {
    cell::parse(label, true).unwrap_or_else(|e| panic!("«{label}» does not parse: {e}"))
}

/// One cell of the grid: the first column of a lesson (attendance and the first mark).
#[derive(Clone, Debug)]
pub struct Cell {
    pub key: LessonKey,
    pub student: UserId,
    pub a: u8,
    /// What it held after seeding.
    pub seed: CellValue,
}

impl Cell {
    /// The grid input's `aria-labelledby`: «s12 h2026-11-02.3.0».
    pub fn label_id(&self) -> String {
        format!("s{} h{}.{}", self.student, self.key.slug(), self.a)
    }

    pub fn name(&self) -> String {
        format!("student {} lesson {} column {}", self.student, self.key.slug(), self.a)
    }

    pub fn form(&self, value: CellValue, was: CellValue) -> [(&'static str, String); 5] {
        [
            ("lesson", self.key.slug()),
            ("student", self.student.to_string()),
            ("a", self.a.to_string()),
            ("value", value.label()),
            ("was", was.label()),
        ]
    }
}

/// The demo teacher's journal of the demo student's class, as seeded.
pub struct Journal {
    pub teaching: TeachingId,
    pub period: PeriodId,
    pub teacher: UserId,
    pub cells: Vec<Cell>,
    /// The last change-log entry of the journal after seeding.
    pub log_from: Option<LogId>,
}

/// Reads the journal from a stopped server's data file. The period of today (else the last
/// started one) is where the harness writes; should the calendar put today between periods,
/// that period is reopened here so its cells take writes.
pub fn discover(path: &Path) -> Journal {
    let store = Store::open(path, &parta::wiring::SCHEMA).unwrap();
    let today = today();
    store
        .write_blocking(Durability::Immediate, |tx| {
            let (teacher, _) = accounts::find_by_login(tx, "teacher")?.unwrap();
            let (student, _) = accounts::find_by_login(tx, "student")?.unwrap();
            let class = parta::people::service::class_of(tx, student, today)?.unwrap();
            let year = YEARS.get(tx, &CLASSES.get(tx, &class)?.unwrap().year)?.unwrap();
            let (teaching, t) = parta::structure::service::teaching_of_class(tx, class)?
                .into_iter()
                .find(|(_, t)| t.teacher == teacher)
                .unwrap();
            let cal = ClassCalendar::load(tx, class, year.start, year.end)?.unwrap();
            let (period, p) = cal
                .periods
                .iter()
                .find(|(_, p)| p.start <= today && today <= p.end)
                .or_else(|| cal.periods.iter().rev().find(|(_, p)| p.start <= today))
                .cloned()
                .expect("the demo year has a started period");
            if p.closed {
                PERIODS.insert(
                    tx,
                    &period,
                    &parta::structure::model::Period { closed: false, ..p.clone() },
                )?;
            }
            // The lessons held so far (at least four, taking later ones when the period has
            // just begun).
            let all = cal.lessons_of(teaching, p.start, p.end);
            let past = all.iter().filter(|(d, _)| *d <= today).count().max(4);
            let mut cells = Vec::new();
            for (date, l) in all.into_iter().take(past) {
                let key = LessonKey { teaching, date, number: l.number };
                let a = first_column(records::lesson(tx, key)?.as_ref());
                for student in students_taught(tx, &t, date)? {
                    let seed = CellValue {
                        code: records::attendance(tx, key, student)?.map(|x| x.code),
                        mark: records::mark(tx, MarkKey { lesson: key, student, assignment: a })?
                            .map(|m| m.value),
                    };
                    cells.push(Cell { key, student, a, seed });
                }
            }
            let mut log_from = None;
            JOURNAL_LOG.scan_prefix(tx, &teaching, Order::Desc, |(_, id), _| {
                log_from = Some(id);
                false
            })?;
            Ok::<_, AppError>(Journal { teaching, period, teacher, cells, log_from })
        })
        .unwrap()
}

/// One write the harness sent.
#[derive(Clone, Debug)]
pub struct Write {
    pub value: CellValue,
    /// A complete 2xx response arrived.
    pub acked: bool,
    /// It is in the data: acknowledged, or found there after the restart.
    pub committed: bool,
}

/// What the harness knows about one cell.
#[derive(Clone, Debug)]
pub struct CellState {
    /// What the cell holds, as far as the answers tell.
    pub now: CellValue,
    /// A write sent without a complete answer: the cell holds `now` or this.
    pub pending: Option<CellValue>,
    pub writes: Vec<Write>,
}

impl CellState {
    pub fn new(seed: CellValue) -> CellState {
        CellState { now: seed, pending: None, writes: Vec::new() }
    }

    pub fn acked(&mut self, value: CellValue) {
        self.now = value;
        self.writes.push(Write { value, acked: true, committed: true });
    }

    pub fn unanswered(&mut self, value: CellValue) {
        self.pending = Some(value);
        self.writes.push(Write { value, acked: false, committed: false });
    }

    /// Takes what the cell holds after a restart: the acknowledged value, or for a write that
    /// got no answer either the value before it or its own — nothing else.
    pub fn resolve(&mut self, seen: CellValue) -> Result<(), String> {
        match self.pending.take() {
            Some(p) if seen == p => {
                self.writes.last_mut().unwrap().committed = true;
                self.now = p;
                Ok(())
            }
            Some(_) if seen == self.now => Ok(()),
            Some(p) => Err(format!(
                "holds «{}», neither «{}» before an unanswered write nor «{}» of it",
                seen.label(),
                self.now.label(),
                p.label()
            )),
            None if seen == self.now => Ok(()),
            None => Err(format!(
                "holds «{}», the last acknowledged write was «{}»",
                seen.label(),
                self.now.label()
            )),
        }
    }
}

/// The change-log entries a cell's stored writes leave: (field, old, new) in order.
fn expected_log(cell: &Cell, state: &CellState) -> Vec<(LogField, String, String)> {
    let mut out = Vec::new();
    let mut prev = cell.seed;
    for w in state.writes.iter().filter(|w| w.committed) {
        let v = w.value;
        if prev.code != v.code {
            out.push((
                LogField::Attendance,
                label(prev.code.map(|c| c.label())),
                label(v.code.map(|c| c.label())),
            ));
        }
        if prev.mark != v.mark {
            out.push((
                LogField::Mark(cell.a),
                label(prev.mark.map(|m| m.label())),
                label(v.mark.map(|m| m.label())),
            ));
        }
        prev = v;
    }
    out
}

fn label(s: Option<&str>) -> String {
    s.unwrap_or("").to_string()
}

/// Checks the data file of a cleanly stopped server against the harness's history: each cell
/// holds its last stored value, in the journal's and the student's copy alike, and the change
/// log holds exactly one entry per stored change — nothing of a lost write, nothing half.
pub fn verify_file(path: &Path, j: &Journal, states: &[CellState]) -> Result<(), String> {
    let db = redb::ReadOnlyDatabase::open(path).map_err(|e| format!("opening the file: {e}"))?;
    let tx = db.begin_read().map_err(|e| e.to_string())?;
    let e = |e: parta::store::StoreError| e.to_string();
    let mut index = BTreeMap::new();
    for (i, (c, s)) in j.cells.iter().zip(states).enumerate() {
        index.insert((c.student, c.key.date, c.key.number), i);
        if s.pending.is_some() {
            return Err(format!("{}: a write still unresolved", c.name()));
        }
        let att = records::attendance(&tx, c.key, c.student).map_err(e)?;
        let mark =
            records::mark(&tx, MarkKey { lesson: c.key, student: c.student, assignment: c.a }).map_err(e)?;
        let stored = CellValue { code: att.as_ref().map(|x| x.code), mark: mark.as_ref().map(|m| m.value) };
        if stored != s.now {
            return Err(format!(
                "{}: the file holds «{}», expected «{}»",
                c.name(),
                stored.label(),
                s.now.label()
            ));
        }
        let k = c.key;
        let sa = STUDENT_ATTENDANCE.get(&tx, &(c.student, k.date, k.number, k.teaching)).map_err(e)?;
        let sm = STUDENT_MARKS.get(&tx, &(c.student, k.date, k.teaching, k.number, c.a)).map_err(e)?;
        if sa != att || sm != mark {
            return Err(format!("{}: the student's copy differs from the journal's", c.name()));
        }
    }
    twins(&tx, j.teaching)?;

    let mut logged: BTreeMap<usize, Vec<(LogField, String, String)>> = BTreeMap::new();
    let mut foreign = Vec::new();
    JOURNAL_LOG
        .scan_prefix(&tx, &j.teaching, Order::Asc, |(_, id), entry| {
            if j.log_from.is_some_and(|from| id <= from) {
                return true;
            }
            match index.get(&(entry.student, entry.date, entry.number)) {
                Some(i) if entry.by == j.teacher => {
                    logged.entry(*i).or_default().push((entry.field, entry.old, entry.new))
                }
                _ => foreign.push(format!("{entry:?}")),
            }
            true
        })
        .map_err(e)?;
    if !foreign.is_empty() {
        return Err(format!("change-log entries no write of the harness explains: {foreign:?}"));
    }
    for (i, (c, s)) in j.cells.iter().zip(states).enumerate() {
        let want = expected_log(c, s);
        let got = logged.remove(&i).unwrap_or_default();
        if got != want {
            return Err(format!(
                "{}: the change log holds {got:?}, the stored writes make {want:?}",
                c.name()
            ));
        }
    }
    Ok(())
}

/// Every mark and attendance entry of the journal has its by-student copy, equal to it.
fn twins(tx: &impl Reader, t: TeachingId) -> Result<(), String> {
    let mut bad = Vec::new();
    let e = |e: parta::store::StoreError| e.to_string();
    let mut marks = Vec::new();
    MARKS
        .scan_prefix(tx, &t, Order::Asc, |k, m| {
            marks.push((k, m));
            true
        })
        .map_err(e)?;
    for ((t, d, n, s, a), m) in marks {
        if STUDENT_MARKS.get(tx, &(s, d, t, n, a)).map_err(e)? != Some(m) {
            bad.push(format!("mark {d} {n} student {s}"));
        }
    }
    let mut atts = Vec::new();
    ATTENDANCE
        .scan_prefix(tx, &t, Order::Asc, |k, a| {
            atts.push((k, a));
            true
        })
        .map_err(e)?;
    for ((t, d, n, s), a) in atts {
        if STUDENT_ATTENDANCE.get(tx, &(s, d, n, t)).map_err(e)? != Some(a) {
            bad.push(format!("attendance {d} {n} student {s}"));
        }
    }
    if bad.is_empty() { Ok(()) } else { Err(format!("journal entries without their student copy: {bad:?}")) }
}
