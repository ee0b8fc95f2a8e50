//! The demo school: what `parta serve --demo` puts into an empty data directory, so every
//! capability can be seen at once. Deterministic: the same accounts every time, all with the
//! password `demo`. Later capabilities extend it (classes, timetable, marks…).

use redb::Durability;

use crate::auth::accounts::{self, Profile};
use crate::auth::model::Role;
use crate::auth::password;
use crate::error::AppError;
use crate::school::model::SchoolCard;
use crate::store::Store;
use crate::store::tables::{self, META, SCHOOL, SINGLE, USERS};

/// The password of every demo account.
pub const PASSWORD: &str = "demo";

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
    }
}

/// Seeds the demo school when the file holds no accounts; returns whether it did.
pub fn seed_if_empty(store: &Store) -> Result<bool, AppError> {
    let empty = store.read_blocking(|tx| Ok::<_, AppError>(USERS.count(tx)? == 0))?;
    if !empty {
        return Ok(false);
    }
    // One hash for all eight: they share the password, and eight Argon2 runs would only slow
    // the start of every demo and test.
    let hash = password::hash(PASSWORD);
    store.write_blocking(Durability::Immediate, |tx| {
        for p in &PEOPLE {
            let profile = Profile {
                login: p.login.into(),
                surname: p.surname.into(),
                first_name: p.first_name.into(),
                patronymic: p.patronymic.into(),
                roles: p.roles.to_vec(),
                email: format!("{}@school7.example.ru", p.login),
                phone: String::new(),
                position: p.position.into(),
            };
            accounts::create(tx, profile, hash.clone(), false)?;
        }
        SCHOOL.insert(tx, &SINGLE, &school_card())?;
        META.insert(tx, &tables::meta::DEMO.to_string(), &1)?;
        Ok(true)
    })
}
