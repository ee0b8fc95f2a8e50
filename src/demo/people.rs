//! The demo school's students and their families: about 22 students a class, born in the years
//! their grade suggests; mothers and fathers (the children's patronymic comes from the father's
//! name), some grandmothers and guardians; about one family in ten with two or three children
//! in the school.

use chrono::{Datelike, Days, NaiveDate};
use redb::WriteTransaction;

use super::Rng;
use super::names::{self, Era, FEMALE, MALE, SURNAMES};
use super::school::School;
use crate::auth::accounts;
use crate::auth::accounts::Profile;
use crate::auth::model::Role;
use crate::error::AppError;
use crate::people::model::{Relation, Sex, StudentInfo};
use crate::people::service::{create_parent, create_student, link_parent, transliterate, unique_login};
use crate::store::ids::UserId;

/// A male first name of an era with its patronymics.
pub fn male(rng: &mut Rng, era: Era) -> &'static (&'static str, &'static str, &'static str, Era) {
    loop {
        let m = rng.pick(&MALE);
        if m.3.suits(era) {
            return m;
        }
    }
}

/// A female first name of an era.
pub fn female(rng: &mut Rng, era: Era) -> &'static str {
    loop {
        let f = rng.pick(&FEMALE);
        if f.1.suits(era) {
            return f.0;
        }
    }
}

/// A first name for `sex` of an era.
pub fn first_name(rng: &mut Rng, sex: Sex, era: Era) -> &'static str {
    match sex {
        Sex::Male => male(rng, era).0,
        Sex::Female => female(rng, era),
    }
}

/// Surname, first name and patronymic of a grown-up (`elder`: born before 1970 or so).
pub fn adult_name(rng: &mut Rng, sex: Sex, elder: bool) -> (String, &'static str, &'static str) {
    let masculine = *rng.pick(&SURNAMES[..]);
    let surname = names::surname(masculine, sex);
    let first = first_name(rng, sex, if elder { Era::Elder } else { Era::Adult });
    let father = male(rng, Era::Elder);
    (surname, first, if sex == Sex::Male { father.1 } else { father.2 })
}

/// A mobile number: +7 9XX XXX-XX-XX.
pub fn phone(rng: &mut Rng) -> String {
    let d: Vec<u64> = (0..9).map(|_| rng.below(10)).collect();
    format!("+7 9{}{} {}{}{}-{}{}-{}{}", d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8])
}

/// A private e-mail: anna.ivanova@example.ru, sometimes with a number.
fn email(rng: &mut Rng, first: &str, surname: &str) -> String {
    let suffix = if rng.below(3) == 0 { (70 + rng.below(30)).to_string() } else { String::new() };
    format!("{}.{}{suffix}@example.ru", transliterate(first), transliterate(surname))
}

/// A birth date for a student of `grade` in the year starting on `start`: born in the calendar
/// year seven years before entering grade 1 (a 5th-grader of 2026/2027 in 2015), so 10–11 years
/// old in grade 5 at the start of the year.
fn birth_date(rng: &mut Rng, start: NaiveDate, grade: u8) -> NaiveDate {
    let year = start.year() - i32::from(grade) - 6;
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("a date");
    first + Days::new(rng.below(365))
}

/// A student to be created.
pub struct Child {
    pub class: usize,
    pub sex: Sex,
    pub surname: String,
    pub first_name: String,
    pub patronymic: String,
}

/// Creates a student in a class of the demo, enrolled from the year's start.
pub fn enrol(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    login: &str,
    email: &str,
    child: &Child,
) -> Result<UserId, AppError> {
    let plan = &school.classes[child.class];
    let info = StudentInfo {
        birth_date: Some(birth_date(rng, school.start, plan.class.grade)),
        sex: Some(child.sex),
    };
    let profile = Profile {
        login: login.into(),
        surname: child.surname.clone(),
        first_name: child.first_name.clone(),
        patronymic: child.patronymic.clone(),
        roles: vec![Role::Student],
        email: email.into(),
        ..Profile::default()
    };
    create_student(tx, profile, info, plan.id, school.start, None, school.created_at)
}

/// A parent to be created: sex, surname, first name, patronymic.
struct Adult(Sex, String, &'static str, &'static str);

fn create_adult(tx: &WriteTransaction, rng: &mut Rng, a: &Adult, at: i64) -> Result<UserId, AppError> {
    let with_email = rng.below(100) < if a.0 == Sex::Female { 85 } else { 60 };
    let login = unique_login(tx, &a.1, a.2, a.3)?;
    let profile = Profile {
        login,
        email: if with_email { email(rng, a.2, &a.1) } else { String::new() },
        phone: phone(rng),
        surname: a.1.clone(),
        first_name: a.2.into(),
        patronymic: a.3.into(),
        roles: vec![Role::Parent],
        position: String::new(),
    };
    create_parent(tx, profile, at)
}

/// Forms the families that fill every free seat (`free[class]`), and creates the children,
/// their parents and the links. Returns the new students by class.
pub fn families(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    free: &mut [usize],
) -> Result<Vec<Vec<UserId>>, AppError> {
    let mut by_class: Vec<Vec<UserId>> = vec![Vec::new(); school.classes.len()];
    let grade = |c: usize| school.classes[c].class.grade;
    for ci in 0..free.len() {
        while free[ci] > 0 {
            free[ci] -= 1;
            let mut seats = vec![ci];
            let roll = rng.below(100);
            let extra = if roll < 2 {
                2
            } else if roll < 10 {
                1
            } else {
                0
            };
            for _ in 0..extra {
                let open: Vec<usize> = (0..free.len())
                    .filter(|&c| free[c] > 0 && seats.iter().all(|&s| grade(s) != grade(c)))
                    .collect();
                if open.is_empty() {
                    break;
                }
                let c = *rng.pick(&open);
                free[c] -= 1;
                seats.push(c);
            }
            for (class, id) in family(tx, rng, school, &seats)? {
                by_class[class].push(id);
            }
        }
    }
    Ok(by_class)
}

/// One family with children in `seats` (class indexes).
fn family(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    seats: &[usize],
) -> Result<Vec<(usize, UserId)>, AppError> {
    let surname = *rng.pick(&SURNAMES);
    let father = male(rng, Era::Adult);
    let mut firsts: Vec<&str> = Vec::new();
    let mut children = Vec::new();
    for &class in seats {
        let sex = if rng.below(2) == 0 { Sex::Male } else { Sex::Female };
        let first = loop {
            let f = first_name(rng, sex, Era::Young);
            if !firsts.contains(&f) {
                break f;
            }
        };
        firsts.push(first);
        let child = Child {
            class,
            sex,
            surname: names::surname(surname, sex),
            first_name: first.into(),
            patronymic: (if sex == Sex::Male { father.1 } else { father.2 }).into(),
        };
        children.push((class, enrol(tx, rng, school, "", "", &child)?));
    }
    // The patronymic of a grown-up: from a grandfather's name.
    let patronymic = |rng: &mut Rng, sex: Sex| {
        let g = male(rng, Era::Elder);
        if sex == Sex::Male { g.1 } else { g.2 }
    };
    let feminine = names::surname(surname, Sex::Female);
    let mut adults: Vec<(Adult, Relation)> = Vec::new();
    // 65 %: mother and father; 22 %: mother; 4 %: father; 5 %: grandmother; 4 %: a guardian.
    let roll = rng.below(100);
    if roll < 87 {
        let mother =
            Adult(Sex::Female, feminine.clone(), female(rng, Era::Adult), patronymic(rng, Sex::Female));
        adults.push((mother, Relation::Mother));
    }
    if roll < 65 || (87..91).contains(&roll) {
        let dad = Adult(Sex::Male, surname.into(), father.0, patronymic(rng, Sex::Male));
        adults.push((dad, Relation::Father));
    }
    if (91..96).contains(&roll) {
        let gran = Adult(Sex::Female, feminine, female(rng, Era::Elder), patronymic(rng, Sex::Female));
        adults.push((gran, Relation::Grandmother));
    }
    if roll >= 96 {
        let (s, f, p) = adult_name(rng, Sex::Female, false);
        adults.push((Adult(Sex::Female, s, f, p), Relation::Guardian));
    }
    for (adult, relation) in &adults {
        let parent = create_adult(tx, rng, adult, school.created_at)?;
        for (_, child) in &children {
            link_parent(tx, *child, parent, *relation)?;
        }
    }
    Ok(children)
}

/// The demo's own family: `student` (Петров Артём Дмитриевич, 5А), a sister in 8Б, the mother
/// `parent` (Петрова Анна Викторовна) and the father Петров Дмитрий Сергеевич. The two fixed
/// accounts get their password hash; returns (student, sister) with their class indexes.
pub fn petrovs(
    tx: &WriteTransaction,
    rng: &mut Rng,
    school: &School,
    fixed: [&Profile; 2],
    hash: &str,
) -> Result<[(usize, UserId); 2], AppError> {
    let [student, parent] = fixed;
    let class = school.class_index("5А");
    let child = Child {
        class,
        sex: Sex::Male,
        surname: student.surname.clone(),
        first_name: student.first_name.clone(),
        patronymic: student.patronymic.clone(),
    };
    let student_id = enrol(tx, rng, school, &student.login, &student.email, &child)?;
    let at = school.created_at;
    accounts::set_password(tx, student_id, hash.into(), false, at)?;
    let mother = create_parent(tx, Profile { phone: phone(rng), ..parent.clone() }, at)?;
    accounts::set_password(tx, mother, hash.into(), false, at)?;
    let sister_class = school.class_index("8Б");
    let sister = Child {
        class: sister_class,
        sex: Sex::Female,
        surname: "Петрова".into(),
        first_name: "Дарья".into(),
        patronymic: "Дмитриевна".into(),
    };
    let sister_id = enrol(tx, rng, school, "", "", &sister)?;
    let dad = Adult(Sex::Male, "Петров".into(), "Дмитрий", "Сергеевич");
    let father = create_adult(tx, rng, &dad, school.created_at)?;
    for child in [student_id, sister_id] {
        link_parent(tx, child, mother, Relation::Mother)?;
        link_parent(tx, child, father, Relation::Father)?;
    }
    Ok([(class, student_id), (sister_class, sister_id)])
}
