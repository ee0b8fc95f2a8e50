//! The demo school: what `parta serve --demo` puts into an empty data directory, so every
//! capability can be seen at once — a Russian school of about 600 students with the first
//! months of its year already in the journal.
//!
//! - `school.rs`: the current study year (from today in Moscow) with its holidays, the subjects
//!   with hours per grade, the classes 1А–11А;
//! - `staff.rs`: the deputies and teachers, the teaching of every class (English in two
//!   groups), the class chiefs;
//! - `people.rs`: the students and their parents, grandmothers and guardians;
//! - `names.rs`: the Russian names and their gender forms;
//! - `timetable.rs`: the bells of both shifts (8:30 and 13:30) and a weekly timetable of every
//!   class from the year's first day (first shift; Monday–Friday; 4–7 lessons a day by grade;
//!   both English groups at once; the gyms, the assembly hall, the workshop and the rooms of
//!   physics, chemistry, informatics and English; no teacher in two places at once);
//! - `changes.rs`: this week's one-off changes — a cancelled lesson in 7Б, a lesson of 5А moved
//!   to another day, and `teacher` substituting a mathematics lesson of 6Б;
//! - `journal.rs` with `topics.rs` and `topics_more.rs`, `absences.rs` and `steer.rs`: every
//!   lesson from the first day to today with its topic, homework (due at the next lesson) and
//!   assignments; marks around each student's ability (about 62,000 by late November; none in
//!   grade 1, «зач» in ОРКСЭ and ОДНКНР), самостоятельные and контрольные where everyone is
//!   marked, a few duties «•» and comments; attendance with illness streaks (Б), УП, НП, ОП,
//!   ОСВ after an illness, and the last days' absences still ОТ; the periods that have ended
//!   closed with their final marks (the suggestion of the weighted average). Today's lessons
//!   have their topics but no marks yet. The demo student (Петров Артём, 5А) has a duty and a
//!   2 in Russian and is one or two 5s short of a 5 in mathematics, so the diary's «что нужно
//!   для 5» has something to say.
//! - `reports.rs`: the class quality report due from the chiefs of grades 2–9 for the last
//!   quarter ended — most handed in (some accepted, 5А returned with a comment, one handed in
//!   again), two late — and due again for the quarter running now.
//! - `staff_parent.rs`: a teacher of 5А (`teacher2`) who is the mother of a primary-school
//!   child in a class she does not teach.
//!
//! Deterministic: a seeded generator ([`Rng`]) makes the same people, logins, classes,
//! timetable and journal every time; only the dates follow the current year. The eight fixed
//! accounts below, and a teacher of 5А who is also a mother (`staff_parent`, login `teacher2`),
//! have the password `demo`; everyone else has no password until an access letter gives one. Everything is written in one transaction, so a failure leaves no
//! half-built school; marks, attendance, lessons and final marks go through
//! `journal::records`, so both copies and the change log agree.

mod absences;
mod changes;
mod events;
mod journal;
pub mod names;
mod people;
mod plans;
mod reports;
mod school;
mod staff;
pub mod staff_parent;
mod steer;
mod timetable;
mod topics;
mod topics_more;

use chrono::NaiveDate;
use redb::{Durability, WriteTransaction};

use crate::auth::accounts::{self, Profile};
use crate::auth::model::Role;
use crate::auth::password;
use crate::clock::Clock;
use crate::error::AppError;
use crate::people::service::unique_login;
use crate::school::model::SchoolCard;
use crate::store::Store;
use crate::store::ids::UserId;
use crate::store::tables::meta;
use staff::{Family, Member};

/// The password of every demo account.
pub const PASSWORD: &str = "demo";

/// The seed of the demo's generator: change it and the school gets other people.
const SEED: u64 = 0x5041_5254_4120_0007;

struct Person {
    login: &'static str,
    surname: &'static str,
    first_name: &'static str,
    patronymic: &'static str,
    roles: &'static [Role],
    position: &'static str,
}

const PEOPLE: [Person; 8] = [
    Person {
        login: "admin",
        surname: "Соколов",
        first_name: "Андрей",
        patronymic: "Викторович",
        roles: &[Role::Admin],
        position: "Инженер-программист",
    },
    Person {
        login: "director",
        surname: "Кузнецова",
        first_name: "Елена",
        patronymic: "Петровна",
        roles: &[Role::Principal],
        position: "Заместитель директора по УВР",
    },
    Person {
        login: "teacher",
        surname: "Смирнова",
        first_name: "Ольга",
        patronymic: "Николаевна",
        roles: &[Role::Teacher],
        position: "Учитель математики",
    },
    Person {
        login: "chief",
        surname: "Волкова",
        first_name: "Ирина",
        patronymic: "Сергеевна",
        roles: &[Role::Teacher],
        position: "Учитель русского языка и литературы",
    },
    Person {
        login: "psychologist",
        surname: "Морозова",
        first_name: "Наталья",
        patronymic: "Александровна",
        roles: &[Role::Psychologist],
        position: "Педагог-психолог",
    },
    Person {
        login: "socped",
        surname: "Лебедев",
        first_name: "Павел",
        patronymic: "Игоревич",
        roles: &[Role::SocialPedagogue],
        position: "Социальный педагог",
    },
    Person {
        login: "student",
        surname: "Петров",
        first_name: "Артём",
        patronymic: "Дмитриевич",
        roles: &[Role::Student],
        position: "",
    },
    Person {
        login: "parent",
        surname: "Петрова",
        first_name: "Анна",
        patronymic: "Викторовна",
        roles: &[Role::Parent],
        position: "",
    },
];

impl Person {
    fn profile(&self) -> Profile {
        Profile {
            login: self.login.into(),
            surname: self.surname.into(),
            first_name: self.first_name.into(),
            patronymic: self.patronymic.into(),
            roles: self.roles.to_vec(),
            email: format!("{}@school7.example.ru", self.login),
            phone: String::new(),
            position: self.position.into(),
        }
    }
}

/// The demo school's card.
pub fn school_card() -> SchoolCard {
    SchoolCard {
        full_name: "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7» г. Заречный".into(),
        short_name: "МБОУ СОШ № 7".into(),
        address: "442960, Пензенская область, г. Заречный, ул. Ленина, д. 12".into(),
        director: "Григорьева Татьяна Михайловна".into(),
        phone: "+7 (8412) 60-12-34".into(),
        email: "school7@example.ru".into(),
        website: "https://school7.example.ru".into(),
        time_zone: "Europe/Moscow".into(),
        logo: None,
        rounding: Default::default(),
    }
}

/// Seeds the demo school when the file holds no accounts; returns whether it did. The study
/// year is the one containing the clock's today in Moscow.
pub fn seed_if_empty(store: &Store, clock: &Clock) -> Result<bool, AppError> {
    seed_if_empty_on(store, clock.today(chrono_tz::Europe::Moscow))
}

/// [`seed_if_empty`] with the study year containing `today`.
pub fn seed_if_empty_on(store: &Store, today: NaiveDate) -> Result<bool, AppError> {
    let empty = store.read_blocking(|tx| Ok::<_, AppError>(accounts::count(tx)? == 0))?;
    if !empty {
        return Ok(false);
    }
    // One hash for all eight: they share the password, and eight Argon2 runs would only slow
    // the start of every demo and test.
    let hash = password::hash(PASSWORD);
    store.write_blocking(Durability::Immediate, |tx| build(tx, today, &hash))?;
    // Report snapshots are made by the reports' own builders, which read committed data: a
    // second step once the school is in (`reports.rs`).
    reports::seed(store, today)?;
    Ok(true)
}

/// Builds the whole demo school inside `tx`.
fn build(tx: &WriteTransaction, today: NaiveDate, hash: &str) -> Result<(), AppError> {
    let mut rng = Rng::new(SEED);
    let school = school::build(tx, &mut rng, today)?;
    // The fixed accounts first, so they keep the ids 1–8.
    let mut fixed = Vec::new();
    for p in &PEOPLE[..6] {
        fixed.push(accounts::create(tx, p.profile(), hash.into(), false, school.created_at)?);
    }
    let (student, parent) = (PEOPLE[6].profile(), PEOPLE[7].profile());
    let petrovs = people::petrovs(tx, &mut rng, &school, [&student, &parent], hash)?;
    // The director on the school card: an account without a password, like the other staff.
    let login = unique_login(tx, "Григорьева", "Татьяна", "Михайловна")?;
    let director = Profile {
        email: format!("{login}@school7.example.ru"),
        login,
        surname: "Григорьева".into(),
        first_name: "Татьяна".into(),
        patronymic: "Михайловна".into(),
        roles: vec![Role::Principal],
        phone: "+7 (8412) 60-12-34".into(),
        position: "Директор".into(),
    };
    accounts::create_without_password(tx, director, school.created_at)?;

    let (teacher, chief) = (fixed[2], fixed[3]);
    let first = vec![Member { id: teacher, family: Family::Math }, Member { id: chief, family: Family::Rus }];
    let members = staff::hire(tx, &mut rng, first, school.created_at)?;

    let mut free: Vec<usize> = school.classes.iter().map(|c| c.size).collect();
    for (class, _) in petrovs {
        free[class] -= 1;
    }
    let mut lists = people::families(tx, &mut rng, &school, &mut free)?;
    for (class, id) in petrovs {
        lists[class].push(id);
    }
    for list in &mut lists {
        sort_by_name(tx, list)?;
    }
    let five_a = school.class_index("5А");
    staff::assign(tx, &school, &members, &lists, &[(five_a, chief)], &[teacher])?;

    let card = school_card();
    crate::school::save_card(tx, &card)?;
    // The timetable, made by the deputy director the week before the year starts.
    let deputy = fixed[1];
    let saved_at = changes::moscow(school.start - chrono::Days::new(5), 14, 0);
    let week = timetable::build(tx, &mut rng, &school, deputy, saved_at)?;
    changes::build(tx, &school, &week, today, teacher, deputy)?;
    journal::build(tx, &mut rng, &school, &week, today, petrovs[0].1, card.rounding)?;
    plans::build(tx, &mut rng, &school, today)?;
    events::seed(tx, today)?;
    staff_parent::seed(tx, today, hash, &fixed)?;
    meta::set(tx, meta::DEMO, 1)?;
    Ok(())
}

/// Sorts students as a class list is printed: surname, first name, patronymic.
fn sort_by_name(tx: &WriteTransaction, ids: &mut [UserId]) -> Result<(), AppError> {
    let mut keyed = Vec::with_capacity(ids.len());
    for id in ids.iter() {
        let u = accounts::get(tx, *id)?.ok_or(AppError::NotFound)?;
        keyed.push(((u.surname, u.first_name, u.patronymic), *id));
    }
    keyed.sort();
    for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
        *slot = id;
    }
    Ok(())
}

/// SplitMix64: a tiny generator, good enough to pick names; seeded, so the demo is the same
/// every time.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_generator_is_seeded_and_stays_in_range() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
            assert!(a.below(10) < 10);
            b.below(10);
        }
        let mut counts = [0u32; 4];
        for _ in 0..4000 {
            counts[a.below(4) as usize] += 1;
        }
        assert!(counts.iter().all(|&c| c > 800), "{counts:?}");
    }
}
