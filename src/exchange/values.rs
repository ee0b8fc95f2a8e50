//! Values of the list columns: dates (text, workbook dates, Excel serials), sex, class names,
//! relations, roles; and names and phones reduced for comparison.

use chrono::{Datelike, NaiveDate};

use super::table::Cell;
use crate::auth::model::Role;
use crate::people::model::{Relation, Sex};

/// «ё» as «е», for comparing names.
pub fn yo(c: char) -> char {
    if c == 'ё' { 'е' } else { c }
}

/// White space folded; the apostrophe our CSV export puts before a leading `=`, `+`, `-` or
/// `@` (so spreadsheets do not run it as a formula) removed.
pub fn clean(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => s,
    }
}

/// «Иванова Мария Петровна» → (surname, first name, patronymic); a patronymic may have more
/// than one word («Гасан оглы»).
pub fn split_full_name(s: &str) -> (String, String, String) {
    let mut parts = s.split_whitespace();
    let surname = parts.next().unwrap_or("").to_string();
    let first = parts.next().unwrap_or("").to_string();
    let rest = parts.collect::<Vec<_>>().join(" ");
    (surname, first, rest)
}

/// A value that cannot be read as what its column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// A date cell: a workbook date, an Excel serial number, or text as ДД.ММ.ГГГГ, ГГГГ-ММ-ДД,
/// ДД/ММ/ГГГГ or ДД-ММ-ГГГГ. Empty is `Ok(None)`; anything else, or a year outside
/// 1900–2100, is `Err(Unreadable)`.
pub fn parse_date(cell: &Cell) -> Result<Option<NaiveDate>, Unreadable> {
    let date = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => excel_serial(*n),
        Cell::Text(s) => parse_date_text(s),
    };
    match date {
        Some(d) if (1900..=2100).contains(&d.year()) => Ok(Some(d)),
        _ if cell.is_blank() => Ok(None),
        _ => Err(Unreadable),
    }
}

/// An Excel serial day number (1900 date system) as a date: 1 is 1900-01-01, 45000 is
/// 2023-03-15 (serials count the non-existent 1900-02-29, hence the base of 1899-12-30).
pub fn excel_serial(n: f64) -> Option<NaiveDate> {
    if !(61.0..=2_958_465.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.trunc() as u64))
}

fn parse_date_text(s: &str) -> Option<NaiveDate> {
    // «2015-09-01 00:00:00», «2015-09-01T00:00» — the date part.
    let s = s.trim().split([' ', 'T']).next().unwrap_or("");
    ["%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
        .filter(|d| d.year() >= 1000)
}

/// «м», «муж», «мужской», «m» … and the same for «ж». Empty is `Ok(None)`.
pub fn parse_sex(s: &str) -> Result<Option<Sex>, Unreadable> {
    let k = s.trim().trim_end_matches('.').to_lowercase();
    match k.as_str() {
        "" => Ok(None),
        "м" | "муж" | "мужской" | "m" | "male" => Ok(Some(Sex::Male)),
        "ж" | "жен" | "женский" | "f" | "female" => Ok(Some(Sex::Female)),
        _ => Err(Unreadable),
    }
}

pub fn sex_name(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "м",
        Sex::Female => "ж",
    }
}

/// «5А», «5 А», «5-а», «11 "Б"» → (5, «А»): the parallel and the letter as
/// `structure::service::normalize_letter` keeps it. `None` when it is not a class name.
pub fn parse_class(s: &str) -> Option<(u8, String)> {
    let compact: String =
        s.chars().filter(|c| !c.is_whitespace() && !"-–—_/\\\"'«»`.".contains(*c)).collect();
    let digits: String = compact.chars().take_while(char::is_ascii_digit).collect();
    let grade: u8 = digits.parse().ok().filter(|g| (1..=11).contains(g))?;
    let letter = crate::structure::service::normalize_letter(&compact[digits.len()..]);
    let ok = !letter.is_empty() && letter.chars().count() <= 3 && letter.chars().all(char::is_alphanumeric);
    ok.then_some((grade, letter))
}

/// Latin letters that look like Cyrillic ones, replaced («5A» typed with a Latin A → «5А»).
pub fn cyrillic_lookalike(letter: &str) -> String {
    letter
        .chars()
        .map(|c| match c {
            'A' => 'А',
            'B' => 'В',
            'C' => 'С',
            'E' => 'Е',
            'H' => 'Н',
            'K' => 'К',
            'M' => 'М',
            'O' => 'О',
            'P' => 'Р',
            'T' => 'Т',
            'X' => 'Х',
            'Y' => 'У',
            other => other,
        })
        .collect()
}

/// «мать», «отец», «опекун», «бабушка», «дедушка», «другое» and a few common variants.
pub fn parse_relation(s: &str) -> Option<Relation> {
    let k: String = s.trim().to_lowercase().chars().map(yo).collect();
    let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
    match k.as_str() {
        "мать" | "мама" => Some(Relation::Mother),
        "отец" | "папа" => Some(Relation::Father),
        "опекун" | "попечитель" | "опекун (попечитель)" | "законный представитель" => {
            Some(Relation::Guardian)
        }
        "бабушка" => Some(Relation::Grandmother),
        "дедушка" => Some(Relation::Grandfather),
        "другое" | "другой" | "другая" | "иное" => Some(Relation::Other),
        other => Relation::from_key(other),
    }
}

pub fn relation_name(r: Relation) -> &'static str {
    match r {
        Relation::Mother => "мать",
        Relation::Father => "отец",
        Relation::Guardian => "опекун",
        Relation::Grandmother => "бабушка",
        Relation::Grandfather => "дедушка",
        Relation::Other => "другое",
    }
}

/// Staff roles from «учитель, завуч» (separated by commas, semicolons or slashes). The first
/// unknown name is the error.
pub fn parse_roles(s: &str) -> Result<Vec<Role>, String> {
    let mut roles = Vec::new();
    for part in s.split([',', ';', '/', '\n']) {
        let k: String = part.trim().to_lowercase().chars().map(yo).collect();
        let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
        let role = match k.as_str() {
            "" => continue,
            "учитель" | "педагог" | "учитель-предметник" | "преподаватель" => {
                Role::Teacher
            }
            "завуч" | "администрация" | "администрация (завуч)" | "заместитель директора" | "директор" => {
                Role::Principal
            }
            "администратор" => Role::Admin,
            "психолог" | "педагог-психолог" => Role::Psychologist,
            "социальный педагог" | "соцпедагог" | "социальный-педагог" => {
                Role::SocialPedagogue
            }
            other => match Role::from_key(other) {
                Some(r) if r.is_staff() => r,
                _ => return Err(part.trim().to_string()),
            },
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    roles.sort();
    Ok(roles)
}

/// The Russian name of a staff role, as [`parse_roles`] reads it back.
pub fn role_name(r: Role) -> &'static str {
    match r {
        Role::Admin => "администратор",
        Role::Principal => "завуч",
        Role::Teacher => "учитель",
        Role::Psychologist => "психолог",
        Role::SocialPedagogue => "социальный педагог",
        Role::Student => "ученик",
        Role::Parent => "родитель",
    }
}

/// A phone reduced for comparison: digits only, a leading 8 of a Russian number as 7.
pub fn phone_key(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        11 if digits.starts_with('8') => format!("7{}", &digits[1..]),
        10 if digits.starts_with('9') => format!("7{digits}"),
        _ => digits,
    }
}

/// A full name reduced for comparison: lower case, «ё» as «е», single spaces.
pub fn name_key(surname: &str, first: &str, patronymic: &str) -> String {
    [surname, first, patronymic]
        .iter()
        .flat_map(|p| p.split_whitespace())
        .map(|w| w.to_lowercase().chars().map(yo).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_come_in_every_usual_shape() {
        let t = |s: &str| parse_date(&Cell::Text(s.into()));
        assert_eq!(t("01.09.2015"), Ok(Some(d(2015, 9, 1))));
        assert_eq!(t("1.9.2015"), Ok(Some(d(2015, 9, 1))));
        assert_eq!(t("2015-09-01"), Ok(Some(d(2015, 9, 1))));
        assert_eq!(t("2015-09-01 00:00:00"), Ok(Some(d(2015, 9, 1))));
        assert_eq!(t("01/09/2015"), Ok(Some(d(2015, 9, 1))));
        assert_eq!(t("31.02.2015"), Err(Unreadable));
        assert_eq!(t("01.09.15"), Err(Unreadable), "a two-digit year is ambiguous");
        assert_eq!(t("вчера"), Err(Unreadable));
        assert_eq!(parse_date(&Cell::Empty), Ok(None));
        assert_eq!(parse_date(&Cell::Date(d(2016, 2, 29))), Ok(Some(d(2016, 2, 29))));
        // Excel serials: 42248 is 1 September 2015; 45000 is 15 March 2023.
        assert_eq!(parse_date(&Cell::Number(42248.0)), Ok(Some(d(2015, 9, 1))));
        assert_eq!(parse_date(&Cell::Number(45000.0)), Ok(Some(d(2023, 3, 15))));
        assert_eq!(parse_date(&Cell::Number(12.0)), Err(Unreadable));
    }

    #[test]
    fn class_names_are_normalised() {
        assert_eq!(parse_class("5А"), Some((5, "А".into())));
        assert_eq!(parse_class("5 а"), Some((5, "А".into())));
        assert_eq!(parse_class("5-а"), Some((5, "А".into())));
        assert_eq!(parse_class("11 «Б»"), Some((11, "Б".into())));
        assert_eq!(parse_class("10\"в\""), Some((10, "В".into())));
        assert_eq!(parse_class("12А"), None);
        assert_eq!(parse_class("5"), None);
        assert_eq!(parse_class("А5"), None);
        assert_eq!(cyrillic_lookalike("A"), "А");
        assert_eq!(parse_class("7b").map(|(g, l)| (g, cyrillic_lookalike(&l))), Some((7, "В".into())));
    }

    #[test]
    fn relations_and_roles_read_their_russian_names() {
        assert_eq!(parse_relation("Мать"), Some(Relation::Mother));
        assert_eq!(parse_relation(" папа "), Some(Relation::Father));
        assert_eq!(parse_relation("опекун"), Some(Relation::Guardian));
        assert_eq!(parse_relation("Бабушка"), Some(Relation::Grandmother));
        assert_eq!(parse_relation("дедушка"), Some(Relation::Grandfather));
        assert_eq!(parse_relation("другое"), Some(Relation::Other));
        assert_eq!(parse_relation("сосед"), None);
        for r in Relation::ALL {
            assert_eq!(parse_relation(relation_name(r)), Some(r));
        }
        assert_eq!(parse_roles("учитель, завуч"), Ok(vec![Role::Principal, Role::Teacher]));
        assert_eq!(parse_roles("Администрация; Администратор"), Ok(vec![Role::Admin, Role::Principal]));
        assert_eq!(parse_roles("завуч/администрация"), Ok(vec![Role::Principal]));
        assert_eq!(
            parse_roles("Социальный  педагог, психолог"),
            Ok(vec![Role::Psychologist, Role::SocialPedagogue])
        );
        assert_eq!(parse_roles("учитель, повар"), Err("повар".into()));
        assert_eq!(parse_roles("ученик"), Err("ученик".into()), "staff lists hold staff roles only");
        assert_eq!(parse_roles(""), Ok(vec![]));
        for r in Role::ALL.into_iter().filter(|r| r.is_staff()) {
            assert_eq!(parse_roles(role_name(r)), Ok(vec![r]));
        }
        assert_eq!(parse_sex("Ж"), Ok(Some(Sex::Female)));
        assert_eq!(parse_sex("муж."), Ok(Some(Sex::Male)));
        assert_eq!(parse_sex(""), Ok(None));
        assert_eq!(parse_sex("?"), Err(Unreadable));
    }

    #[test]
    fn names_phones_and_escapes() {
        assert_eq!(
            split_full_name(" Алиев  Рашид Гасан оглы"),
            ("Алиев".into(), "Рашид".into(), "Гасан оглы".into())
        );
        assert_eq!(phone_key("8 (900) 123-45-67"), "79001234567");
        assert_eq!(phone_key("+7 900 123 45 67"), "79001234567");
        assert_eq!(phone_key("9001234567"), "79001234567");
        assert_eq!(name_key("Ёлкина", "Анна", ""), "елкина анна");
        assert_eq!(clean("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(clean("'обычный"), "'обычный");
    }
}
