//! The demo school: a realistic Russian school, built the same way every time, whose fixed
//! accounts keep their places and passwords.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use common::TestApp;
use parta::auth::model::{Role, User};
use parta::demo::names;
use parta::error::AppError;
use parta::people::model::{Guardian, Relation, Sex, StudentInfo};
use parta::store::Store;
use parta::store::ids::{ClassId, GroupId, SubjectId, UserId};
use parta::store::tables::{
    CLASS_STUDENTS, CREDENTIALS, GROUPS, GUARDIANS, HOLIDAYS, STUDENTS, SUBJECTS, USERS, YEARS,
};
use parta::structure::model::{Class, Group, Holiday, Scheme, Teaching, Year};
use parta::structure::service::{classes_of, current_year_id, default_periods, teaching_of};

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

fn today() -> NaiveDate {
    chrono::Utc::now().with_timezone(&chrono_tz::Europe::Moscow).date_naive()
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
    // Only the eight fixed accounts have a password.
    let with_password: BTreeSet<String> = d.credentials.iter().map(|id| d.users[id].login.clone()).collect();
    let fixed = ["admin", "director", "teacher", "chief", "psychologist", "socped", "student", "parent"];
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
    for u in d.users.values().filter(|u| u.has(Role::Parent)) {
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
    let (a, b) = (TestApp::demo(), TestApp::demo());
    assert_eq!(people(a.store()), people(b.store()));
    assert_eq!(structure(&load(a.store())), structure(&load(b.store())));
}

#[test]
fn only_the_dates_follow_the_year() {
    let build = |day: NaiveDate| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("parta.redb")).unwrap();
        assert!(parta::demo::seed_if_empty_on(&store, day).unwrap());
        assert!(!parta::demo::seed_if_empty_on(&store, day).unwrap(), "seeded once only");
        let years = store.read_blocking(|tx| Ok::<_, AppError>(YEARS.all(tx)?)).unwrap();
        (people(&store), years[0].1.name.clone())
    };
    let (autumn, year_a) = build(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    let (spring, year_b) = build(NaiveDate::from_ymd_opt(2031, 3, 1).unwrap());
    assert_eq!((year_a.as_str(), year_b.as_str()), ("2026/2027", "2030/2031"));
    assert_eq!(autumn, spring);
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
