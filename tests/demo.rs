//! The demo school: a realistic Russian school, built the same way every time, whose fixed
//! accounts keep their places and passwords.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{TestApp, today};
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use parta::auth::model::{CREDENTIALS, USERS};
use parta::auth::model::{Role, User};
use parta::demo::names;
use parta::error::AppError;
use parta::journal::model::{ATTENDANCE, FINAL_MARKS, LESSONS, MARKS};
use parta::people::model::{CLASS_STUDENTS, GUARDIANS, STUDENTS};
use parta::people::model::{Guardian, Relation, Sex, StudentInfo};
use parta::store::Order;
use parta::store::Store;
use parta::store::ids::{ClassId, GroupId, SubjectId, UserId};
use parta::structure::model::{Class, Group, Holiday, Scheme, Teaching, Year};
use parta::structure::model::{GROUPS, HOLIDAYS, SUBJECTS, YEARS};
use parta::structure::service::{classes_of, current_year_id, default_periods, teaching_of};
use parta::timetable::model::TIMETABLE;

/// Everything the tests look at, read in one snapshot.
struct Demo {
    today: NaiveDate,
    year: Year,
    classes: Vec<(ClassId, Class)>,
    users: BTreeMap<UserId, User>,
    students: BTreeMap<UserId, StudentInfo>,
    /// The class of each student today.
    class_of: BTreeMap<UserId, ClassId>,
    /// Every class each student was ever placed in.
    placements: BTreeMap<UserId, Vec<ClassId>>,
    teaching: Vec<Teaching>,
    groups: BTreeMap<GroupId, Group>,
    subjects: BTreeMap<SubjectId, String>,
    guardians: Vec<((UserId, UserId), Guardian)>,
    holidays: Vec<Holiday>,
    credentials: BTreeSet<UserId>,
}

fn load(store: &Store) -> Demo {
    store
        .read_blocking(|tx| {
            let year_id = current_year_id(tx)?.expect("a current year");
            let today = today();
            let students: BTreeMap<_, _> = STUDENTS.all(tx)?.into_iter().collect();
            let mut class_of = BTreeMap::new();
            for id in students.keys() {
                if let Some(c) = parta::people::service::class_of(tx, *id, today)? {
                    class_of.insert(*id, c);
                }
            }
            let mut placements: BTreeMap<UserId, Vec<ClassId>> = BTreeMap::new();
            for ((c, s), ()) in CLASS_STUDENTS.all(tx)? {
                placements.entry(s).or_default().push(c);
            }
            Ok::<_, AppError>(Demo {
                today,
                year: YEARS.get(tx, &year_id)?.unwrap(),
                classes: classes_of(tx, year_id)?,
                users: USERS.all(tx)?.into_iter().collect(),
                students,
                class_of,
                placements,
                teaching: teaching_of(tx, year_id)?.into_iter().map(|(_, t)| t).collect(),
                groups: GROUPS.all(tx)?.into_iter().collect(),
                subjects: SUBJECTS.all(tx)?.into_iter().map(|(id, s)| (id, s.name)).collect(),
                guardians: GUARDIANS.all(tx)?,
                holidays: HOLIDAYS.all(tx)?.into_iter().map(|(_, h)| h).collect(),
                credentials: CREDENTIALS.all(tx)?.into_iter().map(|(id, _)| id).collect(),
            })
        })
        .unwrap()
}

impl Demo {
    fn id(&self, login: &str) -> UserId {
        *self.users.iter().find(|(_, u)| u.login == login).unwrap_or_else(|| panic!("no {login}")).0
    }

    fn class(&self, name: &str) -> ClassId {
        self.classes.iter().find(|(_, c)| c.name() == name).unwrap_or_else(|| panic!("no class {name}")).0
    }

    fn class_name(&self, id: ClassId) -> String {
        self.classes.iter().find(|(c, _)| *c == id).unwrap().1.name()
    }

    fn subject(&self, name: &str) -> SubjectId {
        *self.subjects.iter().find(|(_, n)| *n == name).unwrap_or_else(|| panic!("no subject {name}")).0
    }

    fn students_of(&self, class: ClassId) -> BTreeSet<UserId> {
        self.class_of.iter().filter(|(_, c)| **c == class).map(|(s, _)| *s).collect()
    }

    fn children_of(&self, parent: UserId) -> Vec<UserId> {
        self.guardians.iter().filter(|((_, p), _)| *p == parent).map(|((s, _), _)| *s).collect()
    }

    fn teaches(&self, teacher: UserId, class: ClassId, subject: &str) -> bool {
        let subject = self.subject(subject);
        self.teaching.iter().any(|t| t.teacher == teacher && t.class == class && t.subject == subject)
    }

    /// Hours a week a student of `class` has: the class's teaching plus that of their group.
    fn weekly_hours(&self, class: ClassId, student: UserId) -> f32 {
        self.teaching
            .iter()
            .filter(|t| t.class == class)
            .filter(|t| t.group.is_none_or(|g| self.groups[&g].students.contains(&student)))
            .map(|t| t.hours)
            .sum()
    }
}

#[test]
fn the_demo_school_has_the_size_of_a_real_one() {
    let app = TestApp::demo();
    let d = load(app.store());
    assert!(d.year.contains(d.today), "the current year: {}", d.year.name);
    assert!((25..=33).contains(&d.classes.len()), "{} classes", d.classes.len());
    let grades: BTreeSet<u8> = d.classes.iter().map(|(_, c)| c.grade).collect();
    assert_eq!(grades, (1..=11).collect(), "every parallel");
    assert!((550..=700).contains(&d.students.len()), "{} students", d.students.len());
    let staff = d.users.values().filter(|u| u.roles.iter().any(|r| r.is_staff())).count();
    assert!((40..=55).contains(&staff), "{staff} staff");
    let parents = d.users.values().filter(|u| u.has(Role::Parent)).count();
    assert!(parents > d.students.len() && parents < 2 * d.students.len(), "{parents} parents");
    for (id, u) in &d.users {
        if u.has(Role::Student) {
            assert!(d.students.contains_key(id), "{} has a student file", u.login);
        }
    }
    for id in d.students.keys() {
        let class = d.class_of.get(id).unwrap_or_else(|| panic!("{} has a class today", d.users[id].login));
        assert_eq!(d.placements[id], vec![*class], "{} is in exactly one class", d.users[id].login);
    }
    for (id, class) in &d.classes {
        let n = d.students_of(*id).len();
        assert!((18..=28).contains(&n), "{}: {n} students", class.name());
        assert_eq!(class.chiefs.len(), 1, "{} has a chief", class.name());
        assert!(d.users[&class.chiefs[0]].has(Role::Teacher), "the chief of {} teaches", class.name());
    }
    let chiefs: BTreeSet<UserId> = d.classes.iter().map(|(_, c)| c.chiefs[0]).collect();
    assert_eq!(chiefs.len(), d.classes.len(), "one class per chief");
    // Only the fixed accounts have a password: the eight and the teacher who is a mother.
    let with_password: BTreeSet<String> = d.credentials.iter().map(|id| d.users[id].login.clone()).collect();
    let fixed =
        ["admin", "director", "teacher", "chief", "psychologist", "socped", "student", "parent", "teacher2"];
    assert_eq!(with_password, fixed.iter().map(|s| s.to_string()).collect());
    // The director on the school card has an account.
    assert!(
        d.users.values().any(|u| u.full_name() == "Григорьева Татьяна Михайловна" && u.has(Role::Principal))
    );
}

#[test]
fn every_class_is_taught_its_subjects() {
    let app = TestApp::demo();
    let d = load(app.store());
    // SanPiN 1.2.3685-21: the most lessons a week on a five-day week.
    let max_hours = [21., 23., 23., 23., 29., 30., 32., 33., 33., 34., 34.];
    for (id, class) in &d.classes {
        let g = class.grade;
        let mut expected = vec!["Русский язык", "Физическая культура"];
        match g {
            1..=4 => {
                expected.extend(["Литературное чтение", "Математика", "Окружающий мир", "Музыка", "ИЗО"])
            }
            5..=6 => expected.extend(["Литература", "Математика", "История", "География", "Биология"]),
            7..=9 => {
                expected.extend(["Литература", "Алгебра", "Геометрия", "Вероятность и статистика", "Физика"])
            }
            _ => expected.extend([
                "Литература",
                "Геометрия",
                "Физика",
                "Химия",
                "ОБЗР",
                "Индивидуальный проект",
            ]),
        }
        if g >= 2 {
            expected.push("Английский язык");
        }
        if (7..=9).contains(&g) {
            expected.extend(["Информатика", "Обществознание"]);
        }
        if (8..=9).contains(&g) {
            expected.extend(["Химия", "ОБЗР"]);
        }
        let taught: BTreeSet<&str> =
            d.teaching.iter().filter(|t| t.class == *id).map(|t| d.subjects[&t.subject].as_str()).collect();
        for subject in expected {
            let name = match subject {
                "ИЗО" => "Изобразительное искусство",
                "ОБЗР" => "Основы безопасности и защиты Родины",
                other => other,
            };
            assert!(taught.contains(name), "{} is taught {name}: {taught:?}", class.name());
        }
        for t in d.teaching.iter().filter(|t| t.class == *id) {
            assert!(d.users[&t.teacher].has(Role::Teacher), "{}: a teacher teaches", class.name());
            assert!(t.hours > 0.0);
        }
        for s in d.students_of(*id) {
            let hours = d.weekly_hours(*id, s);
            let max = max_hours[usize::from(g) - 1];
            assert!(hours <= max && hours >= max - 6.0, "{}: {hours} hours a week", class.name());
        }
        if g <= 4 {
            let chief = class.chiefs[0];
            for subject in ["Русский язык", "Математика", "Литературное чтение", "Окружающий мир"]
            {
                assert!(
                    d.teaches(chief, *id, subject),
                    "the classroom teacher of {} teaches {subject}",
                    class.name()
                );
            }
        } else {
            assert!(
                d.teaching.iter().any(|t| t.class == *id && t.teacher == class.chiefs[0]),
                "{}",
                class.name()
            );
        }
    }
}

#[test]
fn english_is_taught_in_two_groups_from_grade_two() {
    let app = TestApp::demo();
    let d = load(app.store());
    let english = d.subject("Английский язык");
    for (id, class) in &d.classes {
        let groups: Vec<(&GroupId, &Group)> = d.groups.iter().filter(|(_, g)| g.class == *id).collect();
        let rows: Vec<&Teaching> =
            d.teaching.iter().filter(|t| t.class == *id && t.subject == english).collect();
        if class.grade == 1 {
            assert!(groups.is_empty() && rows.is_empty(), "{}", class.name());
            continue;
        }
        assert_eq!(groups.len(), 2, "{}", class.name());
        let (a, b) = (&groups[0].1.students, &groups[1].1.students);
        assert!(groups.iter().all(|(_, g)| g.subject == english));
        assert!(a.len().abs_diff(b.len()) <= 1, "{}: {} and {}", class.name(), a.len(), b.len());
        let union: BTreeSet<UserId> = a.iter().chain(b).copied().collect();
        assert_eq!(union.len(), a.len() + b.len(), "{}: the groups do not overlap", class.name());
        assert_eq!(union, d.students_of(*id), "{}: the groups cover the class", class.name());
        assert_eq!(rows.len(), 2, "{}: one teaching row per group", class.name());
        let taught: BTreeSet<GroupId> = rows.iter().filter_map(|t| t.group).collect();
        assert_eq!(taught, groups.iter().map(|(g, _)| **g).collect());
        assert_ne!(rows[0].teacher, rows[1].teacher, "{}: two teachers", class.name());
    }
}

#[test]
fn the_fixed_accounts_keep_their_places() {
    let app = TestApp::demo();
    let d = load(app.store());
    let (teacher, chief, student, parent) = (d.id("teacher"), d.id("chief"), d.id("student"), d.id("parent"));
    let five_a = d.class("5А");
    for (id, class) in d.classes.iter().filter(|(_, c)| c.grade == 5) {
        assert!(d.teaches(teacher, *id, "Математика"), "teacher teaches mathematics in {}", class.name());
    }
    assert!(d.classes.iter().all(|(_, c)| !c.chiefs.contains(&teacher)), "teacher is no class chief");
    let five_a_class = &d.classes.iter().find(|(id, _)| *id == five_a).unwrap().1;
    assert_eq!(five_a_class.chiefs, vec![chief]);
    assert!(d.teaches(chief, five_a, "Русский язык") && d.teaches(chief, five_a, "Литература"));
    assert_eq!(d.class_of[&student], five_a);
    assert_eq!(d.users[&student].full_name(), "Петров Артём Дмитриевич");

    let children = d.children_of(parent);
    assert_eq!(children.len(), 2, "parent has two children");
    let classes: BTreeSet<ClassId> = children.iter().map(|c| d.class_of[c]).collect();
    assert_eq!(classes.len(), 2, "in different classes");
    assert!(children.contains(&student));
    let father = d
        .guardians
        .iter()
        .find(|((s, _), g)| *s == student && g.relation == Relation::Father)
        .map(|((_, p), _)| &d.users[p])
        .expect("a father");
    assert!(father.full_name().starts_with("Петров Дмитрий"), "{}", father.full_name());
    for child in children {
        let relations: Vec<Relation> =
            d.guardians.iter().filter(|((s, _), _)| *s == child).map(|(_, g)| g.relation).collect();
        assert!(relations.contains(&Relation::Mother) && relations.contains(&Relation::Father));
        assert_eq!(d.users[&child].patronymic, if child == student { "Дмитриевич" } else { "Дмитриевна" });
    }
    for (login, role) in [
        ("admin", Role::Admin),
        ("director", Role::Principal),
        ("psychologist", Role::Psychologist),
        ("socped", Role::SocialPedagogue),
    ] {
        assert_eq!(d.users[&d.id(login)].roles, vec![role], "{login}");
    }
}

#[test]
fn names_agree_in_gender_and_with_the_father() {
    let app = TestApp::demo();
    let d = load(app.store());
    let masculine = ["ов", "ев", "ёв", "ин", "ын", "ий", "ый", "ой"];
    let feminine = ["ова", "ева", "ёва", "ина", "ына", "ая"];
    for (id, info) in &d.students {
        let u = &d.users[id];
        match info.sex.expect("a sex") {
            Sex::Female => {
                assert!(u.patronymic.ends_with("на"), "{}", u.full_name());
                assert!(!masculine.iter().any(|e| u.surname.ends_with(e)), "{}", u.full_name());
            }
            Sex::Male => {
                assert!(u.patronymic.ends_with("ич"), "{}", u.full_name());
                assert!(!feminine.iter().any(|e| u.surname.ends_with(e)), "{}", u.full_name());
            }
        }
        for ((_, p), g) in d.guardians.iter().filter(|((s, _), _)| s == id) {
            let parent = &d.users[p];
            match g.relation {
                Relation::Father => {
                    let sex = info.sex.unwrap();
                    assert_eq!(names::patronymic(&parent.first_name, sex), Some(u.patronymic.as_str()));
                    assert_eq!(names::surname(&parent.surname, sex), u.surname, "{}", u.full_name());
                }
                Relation::Mother | Relation::Grandmother => {
                    assert!(parent.patronymic.ends_with("на"), "{}", parent.full_name());
                    assert!(!masculine.iter().any(|e| parent.surname.ends_with(e)), "{}", parent.full_name());
                }
                _ => {}
            }
        }
    }
}

#[test]
fn students_are_as_old_as_their_grade() {
    let app = TestApp::demo();
    let d = load(app.store());
    for (id, info) in &d.students {
        let grade = d.classes.iter().find(|(c, _)| *c == d.class_of[id]).unwrap().1.grade;
        let born = info.birth_date.expect("a birth date");
        let start = d.year.start;
        let mut age = start.year() - born.year();
        if (start.month(), start.day()) < (born.month(), born.day()) {
            age -= 1;
        }
        // Born in the calendar year seven years before entering grade 1.
        assert_eq!(born.year(), start.year() - i32::from(grade) - 6, "grade {grade}, born {born}");
        assert!([5, 6].contains(&(age - i32::from(grade))), "a student of grade {grade} aged {age}");
    }
}

#[test]
fn families_have_contacts_and_some_have_children_in_several_classes() {
    let app = TestApp::demo();
    let d = load(app.store());
    // A family: the students who share the same set of parents.
    let mut parents_of: BTreeMap<UserId, BTreeSet<UserId>> = BTreeMap::new();
    for ((s, p), _) in &d.guardians {
        parents_of.entry(*s).or_default().insert(*p);
    }
    assert!(d.students.keys().all(|s| parents_of.contains_key(s)), "every student has a parent");
    let mut families: BTreeMap<&BTreeSet<UserId>, Vec<UserId>> = BTreeMap::new();
    for (s, ps) in &parents_of {
        families.entry(ps).or_default().push(*s);
    }
    let several = families.values().filter(|kids| kids.len() > 1).collect::<Vec<_>>();
    let share = several.len() as f64 / families.len() as f64;
    assert!((0.05..=0.16).contains(&share), "{} of {} families", several.len(), families.len());
    assert!(several.iter().all(|kids| kids.len() <= 3));
    for kids in several {
        let classes: BTreeSet<ClassId> = kids.iter().map(|k| d.class_of[k]).collect();
        assert_eq!(classes.len(), kids.len(), "siblings are in different classes");
    }
    let relations: Vec<Relation> = d.guardians.iter().map(|(_, g)| g.relation).collect();
    for r in [Relation::Mother, Relation::Father, Relation::Grandmother, Relation::Guardian] {
        assert!(relations.contains(&r), "{r:?}");
    }
    // Parents' own contacts (staff who are parents keep their staff ones).
    for u in d.users.values().filter(|u| u.has(Role::Parent) && !u.roles.iter().any(|r| r.is_staff())) {
        let p: Vec<char> = u.phone.chars().collect();
        assert_eq!(p.len(), 16, "{}", u.phone);
        assert!(u.phone.starts_with("+7 9"), "{}", u.phone);
        assert_eq!((p[6], p[10], p[13]), (' ', '-', '-'), "{}", u.phone);
        if !u.email.is_empty() {
            assert!(u.email.ends_with("@example.ru") || u.login == "parent", "{}", u.email);
            assert!(u.email.is_ascii() && !u.email.contains(' '), "{}", u.email);
        }
    }
}

#[test]
fn the_holidays_lie_between_the_quarters() {
    let app = TestApp::demo();
    let d = load(app.store());
    let names: Vec<&str> = d.holidays.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["Осенние каникулы", "Зимние каникулы", "Весенние каникулы"]);
    let quarters = default_periods(&d.year, Scheme::Quarters);
    for (h, q) in d.holidays.iter().zip(quarters.windows(2)) {
        assert!(q[0].1 < h.start && h.end < q[1].0 && h.start <= h.end, "{}", h.name);
    }
}

/// (login, full name) of every account, in login order.
fn people(store: &Store) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = store
        .read_blocking(|tx| Ok::<_, AppError>(USERS.all(tx)?))
        .unwrap()
        .into_iter()
        .map(|(_, u)| (u.login.clone(), u.full_name()))
        .collect();
    out.sort();
    out
}

/// Classes with their chiefs, and the teaching, by names.
fn structure(d: &Demo) -> Vec<String> {
    let mut out: Vec<String> =
        d.classes.iter().map(|(_, c)| format!("{} {}", c.name(), d.users[&c.chiefs[0]].login)).collect();
    for t in &d.teaching {
        let group = t.group.map(|g| d.groups[&g].name.clone()).unwrap_or_default();
        out.push(format!(
            "{} {} {group} {} {}",
            d.class_name(t.class),
            d.subjects[&t.subject],
            d.users[&t.teacher].login,
            t.hours
        ));
    }
    out.sort();
    out
}

#[test]
fn the_demo_is_the_same_every_time() {
    // The test app copies a demo built once per process; build another one here from scratch.
    let app = TestApp::demo();
    let dir = tempfile::tempdir().unwrap();
    let fresh = Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
    assert!(parta::demo::seed_if_empty_on(&fresh, today()).unwrap());
    assert_eq!(people(app.store()), people(&fresh));
    assert_eq!(structure(&load(app.store())), structure(&load(&fresh)));
    assert_eq!(journal_digest(app.store()), journal_digest(&fresh), "timetable and journal");
}

/// The timetable, and the journal summed up: lessons, marks by value, attendance by code.
fn journal_digest(store: &Store) -> (Vec<String>, BTreeMap<String, u64>) {
    store
        .read_blocking(|tx| {
            let mut weeks = Vec::new();
            for ((class, from), week) in TIMETABLE.all(tx)? {
                weeks.push(format!("{class} {from} {:?}", week.slots));
            }
            let mut sums: BTreeMap<String, u64> = BTreeMap::new();
            sums.insert("lessons".into(), LESSONS.count(tx)?);
            MARKS.scan_range(tx, None, None, Order::Asc, |_, m| {
                *sums.entry(format!("mark {}", m.value.label())).or_default() += 1;
                true
            })?;
            ATTENDANCE.scan_range(tx, None, None, Order::Asc, |_, a| {
                *sums.entry(format!("attendance {}", a.code.label())).or_default() += 1;
                true
            })?;
            sums.insert("finals".into(), FINAL_MARKS.count(tx)?);
            Ok::<_, AppError>((weeks, sums))
        })
        .unwrap()
}

#[test]
fn only_the_dates_follow_the_year() {
    let build = |day: NaiveDate| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
        assert!(parta::demo::seed_if_empty_on(&store, day).unwrap());
        assert!(!parta::demo::seed_if_empty_on(&store, day).unwrap(), "seeded once only");
        let years = store.read_blocking(|tx| Ok::<_, AppError>(YEARS.all(tx)?)).unwrap();
        (people(&store), years[0].1.name.clone())
    };
    // Early September: the people do not depend on how much journal there is yet.
    let (autumn, year_a) = build(NaiveDate::from_ymd_opt(2026, 9, 2).unwrap());
    let (later, year_b) = build(NaiveDate::from_ymd_opt(2031, 9, 3).unwrap());
    assert_eq!((year_a.as_str(), year_b.as_str()), ("2026/2027", "2031/2032"));
    assert_eq!(autumn, later);
}

#[tokio::test]
async fn the_fixed_accounts_sign_in_and_the_others_wait_for_their_letters() {
    let app = TestApp::demo();
    for login in ["student", "parent", "teacher", "chief"] {
        let mut c = app.signed_in(login).await;
        assert_eq!(c.get("/").await.status, StatusCode::OK, "{login}");
    }
    let d = load(app.store());
    let pupil = d.students.keys().find(|id| d.users[id].login != "student").unwrap();
    let r = app.client().login(&d.users[pupil].login, "demo").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "no password before the access letter");
}

// ---------------------------------------------------------------------------------------------
// The timetable and the journal of the demo.

use parta::journal::model::{Code, MarkValue};
use parta::journal::model::{STUDENT_ATTENDANCE, STUDENT_MARKS};
use parta::journal::rules::{Rounding, Tally};
use parta::store::ids::TeachingId;
use parta::structure::model::Period;
use parta::structure::model::{PERIODS, TEACHING};
use parta::structure::service::periods_of;
use parta::timetable::calendar::ClassCalendar;
use parta::timetable::model::{BELLS, SUBSTITUTIONS, TIMETABLE_CHANGES};
use parta::timetable::model::{ChangeKind, LessonState, Week};

fn weeks(store: &Store) -> Vec<((ClassId, NaiveDate), Week)> {
    store.read_blocking(|tx| Ok::<_, AppError>(TIMETABLE.all(tx)?)).unwrap()
}

fn teachings(store: &Store) -> BTreeMap<TeachingId, Teaching> {
    store.read_blocking(|tx| Ok::<_, AppError>(TEACHING.all(tx)?)).unwrap().into_iter().collect()
}

/// Monday to Saturday of the current week.
fn days_of_this_week(today: NaiveDate) -> Vec<NaiveDate> {
    let monday = today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
    (0..6).map(|d| monday + chrono::Days::new(d)).collect()
}

#[test]
fn every_class_has_a_weekly_timetable_with_all_its_hours() {
    let app = TestApp::demo();
    let d = load(app.store());
    let weeks = weeks(app.store());
    let teaching = teachings(app.store());
    let bells = app.store().read_blocking(|tx| Ok::<_, AppError>(BELLS.all(tx)?)).unwrap();
    assert_eq!(bells.iter().map(|(s, _)| *s).collect::<Vec<_>>(), vec![1, 2], "two shifts");
    assert_eq!(bells[1].1.lessons[0].start, chrono::NaiveTime::from_hms_opt(13, 30, 0).unwrap());
    for (id, class) in &d.classes {
        let (_, week) = weeks
            .iter()
            .find(|((c, from), _)| c == id && *from == d.year.start)
            .unwrap_or_else(|| panic!("{} has a timetable from the first day", class.name()));
        assert_eq!(week.shift, 1);
        for (tid, t) in teaching.iter().filter(|(_, t)| t.class == *id) {
            let n = week.slots.iter().filter(|s| s.teaching == *tid).count();
            assert_eq!(n, t.hours.round() as usize, "{}: {} hours of {:?}", class.name(), n, t.subject);
        }
        let max = match class.grade {
            1 => 5,
            2..=4 => 6,
            _ => 7,
        };
        for day in 1..=6u8 {
            let mut numbers: Vec<u8> =
                week.slots.iter().filter(|s| s.weekday == day).map(|s| s.number).collect();
            numbers.dedup();
            assert!(numbers.iter().all(|n| (1..=max).contains(n)), "{} day {day}: {numbers:?}", class.name());
            if day == 6 && class.grade < 10 {
                assert!(numbers.is_empty(), "{}: no Saturday lessons", class.name());
            }
        }
        for s in &week.slots {
            assert!(!s.room.is_empty(), "{}: a room", class.name());
            let subject = d.subjects[&teaching[&s.teaching].subject].as_str();
            match subject {
                "Физическая культура" => {
                    assert!(s.room.contains("спортзал") || s.room == "Спортзал")
                }
                "Физика" => assert_eq!(s.room, "Кабинет физики"),
                "Музыка" => assert_eq!(s.room, "Актовый зал"),
                _ => {}
            }
        }
    }
}

#[test]
fn no_teacher_and_no_class_is_double_booked() {
    let app = TestApp::demo();
    let teaching = teachings(app.store());
    let mut teacher_at: BTreeMap<(UserId, u8, u8), TeachingId> = BTreeMap::new();
    for ((class, _), week) in weeks(app.store()) {
        let mut class_at: BTreeMap<(u8, u8), Vec<TeachingId>> = BTreeMap::new();
        for s in &week.slots {
            let t = &teaching[&s.teaching];
            if let Some(other) = teacher_at.insert((t.teacher, s.weekday, s.number), s.teaching) {
                panic!(
                    "teacher {} has {other} and {} on day {} lesson {}",
                    t.teacher, s.teaching, s.weekday, s.number
                );
            }
            class_at.entry((s.weekday, s.number)).or_default().push(s.teaching);
        }
        for ((day, n), ts) in class_at {
            if ts.len() > 1 {
                // Only the groups of one subject share a lesson.
                assert_eq!(ts.len(), 2, "class {class} day {day} lesson {n}");
                let (a, b) = (&teaching[&ts[0]], &teaching[&ts[1]]);
                assert!(
                    a.group.is_some() && b.group.is_some() && a.group != b.group && a.subject == b.subject
                );
            }
        }
    }
    // This week and the days of the one-off changes: still nobody in two places.
    let d = load(app.store());
    app.store()
        .read_blocking(|tx| {
            let mut days: BTreeSet<NaiveDate> = days_of_this_week(d.today).into_iter().collect();
            days.extend(TIMETABLE_CHANGES.all(tx)?.into_iter().map(|((_, day, _), _)| day));
            for day in days {
                let mut seen = BTreeSet::new();
                for (id, _) in &d.classes {
                    let cal = ClassCalendar::load(tx, *id, day, day)?.unwrap();
                    for p in cal.day(day).into_iter().filter(|p| p.held()) {
                        let who = match p.state {
                            LessonState::Substituted(u) => u,
                            _ => teaching[&p.teaching].teacher,
                        };
                        assert!(seen.insert((who, p.number)), "{who} twice at lesson {} on {day}", p.number);
                    }
                }
            }
            Ok::<_, AppError>(())
        })
        .unwrap();
}

#[test]
fn the_demo_teacher_teaches_every_weekday_and_substitutes_this_week() {
    let app = TestApp::demo();
    let d = load(app.store());
    let teacher = d.id("teacher");
    let teaching = teachings(app.store());
    let mut days = BTreeSet::new();
    for (_, week) in weeks(app.store()) {
        for s in week.slots.iter().filter(|s| teaching[&s.teaching].teacher == teacher) {
            days.insert(s.weekday);
        }
    }
    assert_eq!(days, (1..=5).collect(), "lessons Monday to Friday");

    let (changes, subs) = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>((TIMETABLE_CHANGES.all(tx)?, SUBSTITUTIONS.all(tx)?)))
        .unwrap();
    let kinds: Vec<&ChangeKind> = changes.iter().map(|(_, c)| &c.kind).collect();
    assert!(kinds.contains(&&ChangeKind::Cancelled) && kinds.contains(&&ChangeKind::Added), "{kinds:?}");
    let substituted: Vec<_> =
        changes.iter().filter(|(_, c)| c.kind == ChangeKind::Substituted { teacher }).collect();
    assert_eq!(substituted.len(), 1, "one substitution by the demo teacher");
    let ((class, day, change), c) = substituted[0];
    assert_eq!(subs, vec![((teacher, *day, *class, *change), ())], "the substitution index is in step");
    let t = &teaching[&c.teaching];
    assert_eq!(d.subjects[&t.subject], "Математика");
    assert_ne!(t.teacher, teacher);
    assert!(!teaching.values().any(|x| x.class == *class && x.teacher == teacher), "not her own class");
    for (_, c) in &changes {
        assert!(!c.note.is_empty() && c.by != teacher);
    }
}

/// The demo student's marks by teaching, with the lesson day and the weight.
fn student_marks(store: &Store, student: UserId) -> Vec<(NaiveDate, TeachingId, MarkValue, u8)> {
    let mut out = Vec::new();
    store
        .read_blocking(|tx| {
            STUDENT_MARKS.scan_prefix(tx, &student, Order::Asc, |(_, day, t, _, _), m| {
                out.push((day, t, m.value, m.weight));
                true
            })
        })
        .unwrap();
    out
}

#[test]
fn the_journal_is_filled_to_today_in_both_copies() {
    let app = TestApp::demo();
    let d = load(app.store());
    let student = d.id("student");
    let lessons_before = app
        .store()
        .read_blocking(|tx| {
            let mut n = 0;
            LESSONS.scan_range(tx, None, None, Order::Asc, |(_, day, _), l| {
                assert!(
                    day <= d.today || l.plan.is_some_and(|p| p.auto),
                    "no lesson written after today, except those a lesson plan filled"
                );
                assert!(!l.topic.is_empty(), "every lesson has a topic");
                if let Some(due) = l.due {
                    assert!(due > day && !l.homework.is_empty());
                }
                n += u64::from(day < d.today);
                true
            })?;
            Ok::<_, AppError>(n)
        })
        .unwrap();
    assert!(lessons_before > 1000, "{lessons_before} lessons before today");
    let (journal, journal_att, mine_att) = app
        .store()
        .read_blocking(|tx| {
            let mut journal = 0;
            MARKS.scan_range(tx, None, None, Order::Asc, |(_, _, _, s, _), _| {
                journal += u64::from(s == student);
                true
            })?;
            let mut att = 0;
            ATTENDANCE.scan_range(tx, None, None, Order::Asc, |(_, _, _, s), _| {
                att += u64::from(s == student);
                true
            })?;
            let mut mine = 0;
            STUDENT_ATTENDANCE.scan_prefix(tx, &student, Order::Asc, |_, _| {
                mine += 1;
                true
            })?;
            Ok::<_, AppError>((journal, att, mine))
        })
        .unwrap();
    let mine = student_marks(app.store(), student);
    assert!(mine.len() > 10, "{} marks", mine.len());
    assert_eq!(journal, mine.len() as u64, "MARKS and STUDENT_MARKS agree for the demo student");
    assert_eq!(journal_att, mine_att, "ATTENDANCE and STUDENT_ATTENDANCE agree");
    let values: Vec<MarkValue> = mine.iter().map(|m| m.2).collect();
    assert!(values.contains(&MarkValue::Duty), "a duty");
    assert!(values.contains(&MarkValue::Num(2)), "a 2");
    assert!(!values.contains(&MarkValue::Num(1)), "no 1s");
}

#[test]
fn the_demo_student_is_one_or_two_fives_short_of_a_five_in_maths() {
    let app = TestApp::demo();
    let d = load(app.store());
    let (student, teacher, five_a) = (d.id("student"), d.id("teacher"), d.class("5А"));
    let periods = app
        .store()
        .read_blocking(|tx| Ok::<_, AppError>(periods_of(tx, d.year_id(tx), Scheme::Quarters)?))
        .unwrap();
    let Some((_, current)) = periods.iter().rev().find(|(_, p)| p.start < d.today) else { return };
    let maths = *teachings(app.store())
        .iter()
        .find(|(_, t)| t.class == five_a && t.teacher == teacher)
        .expect("the demo teacher's maths in 5А")
        .0;
    let mut tally = Tally::default();
    for (day, t, value, weight) in student_marks(app.store(), student) {
        if t == maths && current.start <= day && day <= current.end {
            tally.add(value, weight);
        }
    }
    assert!(tally.count >= 4, "{tally:?}");
    assert_eq!(tally.suggestion(Rounding::Half), Some(4), "{tally:?}");
    assert!(matches!(tally.fives_needed(5, Rounding::Half), Some(1 | 2)), "{tally:?}");
}

#[test]
fn ended_periods_are_closed_with_final_marks_from_the_average() {
    let app = TestApp::demo();
    let d = load(app.store());
    let teaching = teachings(app.store());
    app.store()
        .read_blocking(|tx| {
            let year = d.year_id(tx);
            for scheme in [Scheme::Quarters, Scheme::HalfYears] {
                for (pid, p) in periods_of(tx, year, scheme)? {
                    assert_eq!(p.closed, p.end < d.today, "{scheme:?} {}", p.number);
                    if !p.closed {
                        continue;
                    }
                    check_finals(tx, &d, &teaching, pid, &p);
                }
            }
            Ok::<_, AppError>(())
        })
        .unwrap();
}

/// Every student of every class of the period's scheme has the suggested final mark in each
/// subject marked with numbers.
fn check_finals(
    tx: &redb::ReadTransaction,
    d: &Demo,
    teaching: &BTreeMap<TeachingId, Teaching>,
    pid: parta::store::ids::PeriodId,
    p: &Period,
) {
    let mut checked = 0;
    for (tid, t) in teaching {
        let class = &d.classes.iter().find(|(c, _)| *c == t.class).unwrap().1;
        if class.grade == 1 || Scheme::default_for(class.grade) != p.scheme {
            continue;
        }
        let mut tallies: BTreeMap<UserId, Tally> = BTreeMap::new();
        let after = p.end.succ_opt().unwrap();
        MARKS
            .scan_between(tx, &(*tid, p.start), &(*tid, after), Order::Asc, |(_, _, _, s, _), m| {
                tallies.entry(s).or_default().add(m.value, m.weight);
                true
            })
            .unwrap();
        for (s, tally) in tallies {
            let Some(suggested) = tally.suggestion(Rounding::Half) else { continue };
            let fin = FINAL_MARKS.get(tx, &(s, t.subject, 0, pid.0)).unwrap().expect("a final mark");
            assert_eq!(fin.value, MarkValue::Num(suggested), "{}", d.users[&s].login);
            assert_eq!((fin.teaching, fin.by), (*tid, t.teacher));
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} final marks of period {}", p.number);
}

#[test]
fn attendance_has_every_code_and_a_few_percent_absent() {
    let app = TestApp::demo();
    let d = load(app.store());
    let mut codes: BTreeMap<&'static str, u64> = BTreeMap::new();
    let (rows, seats) = app
        .store()
        .read_blocking(|tx| {
            let mut rows = 0u64;
            ATTENDANCE.scan_range(tx, None, None, Order::Asc, |(_, day, _, _), a| {
                assert!(day < d.today, "attendance only for lessons that are over");
                *codes.entry(a.code.label()).or_default() += u64::from(a.code.is_absence());
                codes.entry(a.code.label()).or_default();
                rows += 1;
                true
            })?;
            // Student-lessons: each held lesson before today times the students it teaches.
            let teaching: BTreeMap<TeachingId, Teaching> = TEACHING.all(tx)?.into_iter().collect();
            let mut seats = 0u64;
            LESSONS.scan_range(tx, None, None, Order::Asc, |(t, day, _), _| {
                if day < d.today {
                    let t = &teaching[&t];
                    seats += match t.group {
                        Some(g) => d.groups[&g].students.len(),
                        None => d.students_of(t.class).len(),
                    } as u64;
                }
                true
            })?;
            Ok::<_, AppError>((rows, seats))
        })
        .unwrap();
    assert!(seats > 20_000, "{seats} student-lessons before today");
    for code in [Code::Ill, Code::Excused, Code::Unexcused, Code::Late, Code::Absent, Code::Exempt] {
        assert!(codes.contains_key(code.label()), "{} in {codes:?}", code.label());
    }
    let absent: u64 = codes.values().sum();
    let share = absent as f64 / seats as f64;
    assert!((0.025..=0.06).contains(&share), "{absent} of {seats} missed ({rows} rows)");
}

#[test]
fn a_winter_demo_closes_the_first_half_year_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("parta.redb"), &parta::wiring::SCHEMA).unwrap();
    let day = NaiveDate::from_ymd_opt(2027, 1, 20).unwrap();
    assert!(parta::demo::seed_if_empty_on(&store, day).unwrap());
    store
        .read_blocking(|tx| {
            let closed: Vec<(Scheme, u8)> = PERIODS
                .all(tx)?
                .into_iter()
                .filter(|(_, p)| p.closed)
                .map(|(_, p)| (p.scheme, p.number))
                .collect();
            assert_eq!(closed, vec![(Scheme::Quarters, 1), (Scheme::Quarters, 2), (Scheme::HalfYears, 1)]);
            let finals = FINAL_MARKS.all(tx)?;
            let half = periods_of(tx, parta::store::ids::YearId(1), Scheme::HalfYears)?[0].0;
            assert!(finals.iter().filter(|((_, _, k, p), _)| *k == 0 && *p == half.0).count() > 300);
            Ok::<_, AppError>(())
        })
        .unwrap();
}

impl Demo {
    fn year_id(&self, tx: &redb::ReadTransaction) -> parta::store::ids::YearId {
        current_year_id(tx).unwrap().unwrap()
    }
}
