//! The school the matrix runs on: the demo, plus what it lacks for a few placeholders (a
//! homework file and a plan material on each side, a notice for every demo account, a live
//! calendar feed), and what each placeholder of the route tables names in each scope.
//!
//! Scopes: `own` is the demo student's world (5А, the student, the demo teacher's mathematics
//! there and its plan, a 5А event, its report snapshot); `other` names the same kinds of objects
//! in a class the demo teacher and the demo chief neither lead nor teach, and a plan neither may
//! edit; `substitute` is the lesson of 6Б the demo teacher gives as a substitute, and
//! `not-substituted` another lesson of the same journal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use parta::auth::model::Role;
use parta::auth::permission::{Action, Actor, Target, allows};
use parta::error::AppError;
use parta::events::model::{CLASS_EVENTS, EVENTS};
use parta::journal::model::LESSONS;
use parta::people::service::{class_of, guardians_of, students_of};
use parta::plans::model::{PLAN_BINDINGS, PLANS};
use parta::reports::submit::model::Slot;
use parta::reports::submit::model::{REPORT_DUES, REPORT_SUBMISSIONS};
use parta::store::Order;
use parta::store::ids::{ClassId, NoticeId, PlanId, TeachingId, UserId};
use parta::structure::model::{CLASSES, GROUPS, HOLIDAYS, WORK_TYPES};
use parta::structure::service::{classes_of, current_year_id, teaching_of_class};
use parta::timetable::calendar::ClassCalendar;
use parta::timetable::model::{SUBSTITUTIONS, TIMETABLE, TIMETABLE_CHANGES};
use redb::ReadTransaction;

/// The demo accounts the matrix signs in as, with the role each acts in.
pub const ACCOUNTS: [(&str, Role); 8] = [
    ("admin", Role::Admin),
    ("director", Role::Principal),
    ("teacher", Role::Teacher),
    ("chief", Role::Teacher),
    ("psychologist", Role::Psychologist),
    ("socped", Role::SocialPedagogue),
    ("student", Role::Student),
    ("parent", Role::Parent),
];

#[derive(Clone, Debug)]
pub struct Value {
    /// What goes into the URL or the form.
    pub text: String,
    /// What a rule asks on when it names this placeholder.
    pub target: Target,
}

pub type Fill = BTreeMap<String, Value>;

pub struct World {
    pub today: NaiveDate,
    pub ids: BTreeMap<&'static str, UserId>,
    scopes: Vec<(&'static str, Fill)>,
    notices: BTreeMap<UserId, NoticeId>,
    /// The data file with the additions: every role's app starts from a copy.
    pub bytes: Vec<u8>,
}

impl World {
    pub fn new(
        today: NaiveDate,
        ids: BTreeMap<&'static str, UserId>,
        scopes: Vec<(&'static str, Fill)>,
        notices: BTreeMap<UserId, NoticeId>,
        bytes: Vec<u8>,
    ) -> World {
        World { today, ids, scopes, notices, bytes }
    }

    /// The scopes for `me`, `own` first; `{notice}` is the caller's own notice in `own` and
    /// someone else's in `other`.
    pub fn scopes(&self, me: Option<UserId>) -> Vec<(&'static str, Fill)> {
        let mut out = self.scopes.clone();
        let (admin, director) = (self.ids["admin"], self.ids["director"]);
        let stranger = if me == Some(admin) { director } else { admin };
        let mine = me.unwrap_or(stranger);
        for (name, id) in [("own", mine), ("other", stranger)] {
            let fill = &mut out.iter_mut().find(|(n, _)| *n == name).unwrap().1;
            let text = self.notices[&id].to_string();
            fill.insert("notice".into(), Value { text, target: Target::User(id) });
        }
        out
    }
}

fn put(fill: &mut Fill, name: &str, text: impl ToString, target: Target) {
    fill.insert(name.into(), Value { text: text.to_string(), target });
}

/// A path segment, percent-encoded.
fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The latest lesson of `t` up to `today` in the period running in `class`, and that period.
fn last_lesson(
    tx: &ReadTransaction,
    class: ClassId,
    t: TeachingId,
    today: NaiveDate,
    except: Option<(NaiveDate, u8)>,
) -> Result<((NaiveDate, u8), parta::store::ids::PeriodId), AppError> {
    let cal = ClassCalendar::load(tx, class, today - chrono::Duration::days(120), today)?.unwrap();
    let (period, p) = cal.periods.iter().rev().find(|(_, p)| p.start <= today).expect("a period has started");
    let lesson = cal
        .lessons_of(t, p.start, today)
        .into_iter()
        .map(|(d, l)| (d, l.number))
        .rfind(|l| Some(*l) != except)
        .expect("the journal has lessons in this period");
    Ok((lesson, *period))
}

fn lesson(fill: &mut Fill, t: TeachingId, (day, n): (NaiveDate, u8), assignments: Option<u8>) {
    put(fill, "teaching", t, Target::Teaching(t));
    put(fill, "lesson", format!("{day}.{n}"), Target::Lesson(t, day, n));
    put(fill, "assignment", assignments.unwrap_or(0), Target::Lesson(t, day, n));
}

fn first_assignment(
    tx: &ReadTransaction,
    t: TeachingId,
    (d, n): (NaiveDate, u8),
) -> Result<Option<u8>, AppError> {
    Ok(LESSONS.get(tx, &(t, d, n))?.and_then(|l| l.assignments.first().map(|a| a.no)))
}

fn plan(tx: &ReadTransaction, fill: &mut Fill, id: PlanId) -> Result<(), AppError> {
    let p = PLANS.get(tx, &id)?.unwrap();
    let (_, topic) = p.topics().next().expect("the plan has topics");
    put(fill, "plan", id, Target::Plan(id));
    put(fill, "section", 0, Target::Plan(id));
    put(fill, "topic", topic.id, Target::Plan(id));
    Ok(())
}

fn student(tx: &ReadTransaction, fill: &mut Fill, s: UserId) -> Result<(), AppError> {
    put(fill, "student", s, Target::Student(s));
    let (parent, _) = guardians_of(tx, s)?.into_iter().next().expect("the student has a parent");
    put(fill, "parent", parent, Target::User(parent));
    Ok(())
}

/// A class's event that has not been called off and that the whole class takes part in: a
/// coming parent meeting when there is one.
fn event(tx: &ReadTransaction, fill: &mut Fill, class: ClassId, today: NaiveDate) -> Result<(), AppError> {
    let mut found = Vec::new();
    CLASS_EVENTS.scan_prefix(tx, &class, Order::Asc, |(_, _, id), ()| {
        found.push(id);
        true
    })?;
    let mut best = None;
    for id in found {
        let e = EVENTS.get(tx, &id)?.unwrap();
        if e.cancelled || !e.participants.whole_class {
            continue;
        }
        let rank = (e.date >= today, e.participants.parents);
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, id));
        }
    }
    let (_, id) = best.expect("the class has events");
    put(fill, "event", id, Target::Class(class));
    Ok(())
}

/// Everything the placeholders name, read from the demo.
pub fn read(
    tx: &ReadTransaction,
    ids: &BTreeMap<&'static str, UserId>,
    today: NaiveDate,
) -> Result<Vec<(&'static str, Fill)>, AppError> {
    let (teacher, chief, student_id) = (ids["teacher"], ids["chief"], ids["student"]);
    let year = current_year_id(tx)?.unwrap();
    let class = class_of(tx, student_id, today)?.unwrap();
    let actor = |id| Actor { id, roles: vec![Role::Teacher], today, now: crate::common::unix() };
    let mut own = Fill::new();
    let mut other = Fill::new();

    // Own: the demo student's class and the demo teacher's mathematics there.
    let (teaching, t) = teaching_of_class(tx, class)?
        .into_iter()
        .find(|(_, t)| t.teacher == teacher)
        .expect("the demo teacher");
    let (l, period) = last_lesson(tx, class, teaching, today, None)?;
    lesson(&mut own, teaching, l, first_assignment(tx, teaching, l)?);
    put(&mut own, "class", class, Target::Class(class));
    student(tx, &mut own, student_id)?;
    put(&mut own, "teacher", teacher, Target::User(teacher));
    put(&mut own, "subject", t.subject, Target::School);
    plan(tx, &mut own, PLAN_BINDINGS.get(tx, &teaching)?.expect("the demo class follows a plan"))?;
    event(tx, &mut own, class, today)?;

    // The due of the last quarter ended: the one with submissions.
    let dues = REPORT_DUES.all(tx)?;
    let mut subs = Vec::new();
    for (due, _) in &dues {
        REPORT_SUBMISSIONS.scan_prefix(tx, due, Order::Asc, |(d, id), s| {
            subs.push((d, id, s));
            true
        })?;
    }
    let due = subs.first().expect("the demo has submissions").0;
    let submission = |fill: &mut Fill, c: ClassId| {
        let (_, id, s) = subs.iter().find(|(d, _, s)| *d == due && s.slot == Slot::Class(c)).unwrap();
        put(fill, "submission", id, Target::Class(c));
        put(fill, "snapshot", s.snapshot, Target::Class(c));
    };
    submission(&mut own, class);

    // Other: a class with a submission that neither the demo teacher nor the chief leads or teaches.
    let mut candidates = classes_of(tx, year)?;
    candidates.sort_by_key(|(_, c)| std::cmp::Reverse(c.grade));
    let mut x = None;
    for (id, c) in candidates {
        let theirs = c.chiefs.iter().any(|p| *p == teacher || *p == chief)
            || teaching_of_class(tx, id)?.iter().any(|(_, t)| t.teacher == teacher || t.teacher == chief);
        let handed = subs.iter().any(|(d, _, s)| *d == due && s.slot == Slot::Class(id));
        if id != class && !theirs && handed {
            x = Some(id);
            break;
        }
    }
    let x = x.expect("a class of neither the demo teacher nor the chief");
    put(&mut other, "class", x, Target::Class(x));
    submission(&mut other, x);
    let pupil = students_of(tx, x, today)?
        .into_iter()
        .find(|s| guardians_of(tx, *s).is_ok_and(|g| !g.is_empty()))
        .expect("a student with a parent");
    student(tx, &mut other, pupil)?;
    // Its teacher neither teaches nor leads 5А: the world makes them the demo student's parent
    // too (`multi.rs`), a parent in a class that is not theirs.
    let chiefs = CLASSES.get(tx, &class)?.unwrap().chiefs;
    let staff_of_own: Vec<UserId> =
        teaching_of_class(tx, class)?.into_iter().map(|(_, t)| t.teacher).chain(chiefs).collect();
    let (xt, xteaching) = teaching_of_class(tx, x)?
        .into_iter()
        .find(|(_, t)| t.group.is_none() && !staff_of_own.contains(&t.teacher))
        .expect("a teaching assignment of the other class by a teacher who has nothing to do with 5А");
    let (xl, _) = last_lesson(tx, x, xt, today, None)?;
    lesson(&mut other, xt, xl, first_assignment(tx, xt, xl)?);
    put(&mut other, "teacher", xteaching.teacher, Target::User(xteaching.teacher));
    event(tx, &mut other, x, today)?;
    let mut foreign = None;
    for (id, _) in PLANS.all(tx)? {
        let p = Target::Plan(id);
        if !allows(tx, &actor(teacher), Action::PlansEdit, p)?
            && !allows(tx, &actor(chief), Action::PlansEdit, p)?
        {
            foreign = Some(id);
            break;
        }
    }
    plan(tx, &mut other, foreign.expect("a plan of another teacher"))?;

    // School-wide objects: the same in every scope.
    let c = CLASSES.get(tx, &class)?.unwrap();
    let holiday = HOLIDAYS.all(tx)?.into_iter().find(|(_, h)| h.year == year).expect("a holiday").0;
    let group = GROUPS.all(tx)?.into_iter().find(|(_, g)| g.class == class).expect("a group in 5А").0;
    let work_type = WORK_TYPES.all(tx)?.first().expect("a work type").0;
    let mut version = None;
    TIMETABLE.scan_prefix(tx, &class, Order::Asc, |(_, day), _| {
        version = Some(day);
        false
    })?;
    let mut change = None;
    TIMETABLE_CHANGES.scan_prefix(tx, &class, Order::Asc, |key, _| {
        change = Some(key);
        false
    })?;
    let (cc, cday, cid) = change.expect("a one-off change in 5А");
    let room =
        if c.room.is_empty() { parta::timetable::queries::known_rooms(tx)?[0].clone() } else { c.room };
    let school = [
        ("other", ids["parent"].to_string()),
        ("period", period.to_string()),
        ("year", year.to_string()),
        ("scheme", "quarters".into()),
        ("holiday", holiday.to_string()),
        ("group", group.to_string()),
        ("work-type", work_type.to_string()),
        ("room", segment(&room)),
        ("version", version.expect("a timetable version").to_string()),
        ("change-class", cc.to_string()),
        ("change-day", cday.to_string()),
        ("change", cid.to_string()),
        ("due", due.to_string()),
        // A pending plan upload that is nobody's: permission is asked before it is looked up.
        ("import", "999999".into()),
        ("token", "0".into()),
        ("asset", "app.css".into()),
    ];
    for (name, text) in school {
        let target = if name == "other" { Target::User(ids["parent"]) } else { Target::School };
        put(&mut own, name, &text, target);
        put(&mut other, name, text, target);
    }

    // The substitution: the demo teacher gives one mathematics lesson of 6Б.
    let mut subst = None;
    SUBSTITUTIONS.scan_prefix(tx, &teacher, Order::Asc, |(_, day, class, change), ()| {
        subst = Some((class, day, change));
        false
    })?;
    let (sc, sday, schange) = subst.expect("the demo teacher substitutes");
    let ch = TIMETABLE_CHANGES.get(tx, &(sc, sday, schange))?.unwrap();
    let mut substitute = Fill::new();
    lesson(
        &mut substitute,
        ch.teaching,
        (sday, ch.number),
        first_assignment(tx, ch.teaching, (sday, ch.number))?,
    );
    let pupil =
        students_of(tx, sc, today)?.into_iter().find(|s| guardians_of(tx, *s).is_ok_and(|g| !g.is_empty()));
    student(tx, &mut substitute, pupil.expect("a student of 6Б"))?;
    let mut not_substituted = Fill::new();
    let (nl, _) = last_lesson(tx, sc, ch.teaching, today, Some((sday, ch.number)))?;
    lesson(&mut not_substituted, ch.teaching, nl, first_assignment(tx, ch.teaching, nl)?);
    // Binding the plan of 5А to the journal a substitute writes in is asked on that journal.
    for fill in [&mut substitute, &mut not_substituted] {
        fill.insert("plan".into(), own["plan"].clone());
    }
    Ok(vec![("own", own), ("other", other), ("substitute", substitute), ("not-substituted", not_substituted)])
}
