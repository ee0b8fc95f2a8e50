//! The columns of both lists and the values in them. Header names are Russian, matched
//! without regard to case, spaces, punctuation or «ё»; order is free; unknown columns are
//! skipped (and named on the preview).
//!
//! Students: Фамилия, Имя, Отчество, Дата рождения, Пол, Класс, Логин, and per parent N
//! (1, 2, …): «Родитель N ФИО», «Родитель N кем приходится», «Родитель N телефон»,
//! «Родитель N e-mail». Staff: Фамилия, Имя, Отчество, Должность, Роли, Логин, Телефон, E-mail.
//! One «ФИО» column may stand for the three name columns.

use std::collections::HashMap;

use super::ListKind;
use super::table::{Cell, FileError};
use super::values::{clean, yo};

/// Parent columns beyond this number are not recognised.
pub const MAX_PARENTS: u8 = 9;

/// What a parent column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParentField {
    Name,
    Relation,
    Phone,
    Email,
}

/// A known column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// «ФИО» in one column, instead of the three.
    FullName,
    Surname,
    FirstName,
    Patronymic,
    BirthDate,
    Sex,
    Class,
    Login,
    Position,
    Roles,
    Phone,
    Email,
    /// Parent number (1-based) and what the column holds.
    Parent(u8, ParentField),
}

impl Field {
    /// The header as templates and exports write it.
    pub fn header(self) -> String {
        match self {
            Field::FullName => "ФИО".into(),
            Field::Surname => "Фамилия".into(),
            Field::FirstName => "Имя".into(),
            Field::Patronymic => "Отчество".into(),
            Field::BirthDate => "Дата рождения".into(),
            Field::Sex => "Пол".into(),
            Field::Class => "Класс".into(),
            Field::Login => "Логин".into(),
            Field::Position => "Должность".into(),
            Field::Roles => "Роли".into(),
            Field::Phone => "Телефон".into(),
            Field::Email => "E-mail".into(),
            Field::Parent(n, ParentField::Name) => format!("Родитель {n} ФИО"),
            Field::Parent(n, ParentField::Relation) => format!("Родитель {n} кем приходится"),
            Field::Parent(n, ParentField::Phone) => format!("Родитель {n} телефон"),
            Field::Parent(n, ParentField::Email) => format!("Родитель {n} e-mail"),
        }
    }

    /// The catalog key that explains the column.
    pub fn description_key(self) -> &'static str {
        match self {
            Field::FullName => "ex-col-full-name",
            Field::Surname => "ex-col-surname",
            Field::FirstName => "ex-col-first-name",
            Field::Patronymic => "ex-col-patronymic",
            Field::BirthDate => "ex-col-birth-date",
            Field::Sex => "ex-col-sex",
            Field::Class => "ex-col-class",
            Field::Login => "ex-col-login",
            Field::Position => "ex-col-position",
            Field::Roles => "ex-col-roles",
            Field::Phone => "ex-col-phone",
            Field::Email => "ex-col-email",
            Field::Parent(_, ParentField::Name) => "ex-col-parent-name",
            Field::Parent(_, ParentField::Relation) => "ex-col-parent-relation",
            Field::Parent(_, ParentField::Phone) => "ex-col-parent-phone",
            Field::Parent(_, ParentField::Email) => "ex-col-parent-email",
        }
    }

    /// Column width in a workbook, in characters.
    pub fn width(self) -> f64 {
        match self {
            Field::Surname | Field::Patronymic | Field::Login | Field::Phone => 18.0,
            Field::FirstName => 14.0,
            Field::BirthDate => 14.0,
            Field::Sex | Field::Class => 8.0,
            Field::Position | Field::Roles | Field::FullName => 30.0,
            Field::Email => 26.0,
            Field::Parent(_, ParentField::Name) => 32.0,
            Field::Parent(_, ParentField::Relation) => 16.0,
            Field::Parent(_, ParentField::Phone) => 18.0,
            Field::Parent(_, ParentField::Email) => 26.0,
        }
    }
}

/// The columns of a students file, with `parents` sets of parent columns.
pub fn student_columns(parents: u8) -> Vec<Field> {
    let mut cols = vec![
        Field::Surname,
        Field::FirstName,
        Field::Patronymic,
        Field::BirthDate,
        Field::Sex,
        Field::Class,
        Field::Login,
    ];
    for n in 1..=parents {
        for f in [ParentField::Name, ParentField::Relation, ParentField::Phone, ParentField::Email] {
            cols.push(Field::Parent(n, f));
        }
    }
    cols
}

/// The columns of a staff file.
pub fn staff_columns() -> Vec<Field> {
    vec![
        Field::Surname,
        Field::FirstName,
        Field::Patronymic,
        Field::Position,
        Field::Roles,
        Field::Login,
        Field::Phone,
        Field::Email,
    ]
}

/// Whether a column must be in the header (the name columns are checked apart: three, or ФИО).
pub fn is_required(kind: ListKind, field: Field) -> bool {
    matches!((kind, field), (_, Field::Surname | Field::FirstName) | (ListKind::Students, Field::Class))
        || (kind == ListKind::Staff && field == Field::Roles)
}

/// A header reduced to lower-case letters and digits, «ё» as «е».
pub fn header_key(header: &str) -> String {
    header.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).map(yo).collect()
}

fn is_email_key(k: &str) -> bool {
    matches!(k, "email" | "емейл" | "эпочта" | "элпочта" | "электроннаяпочта" | "почта")
}

/// The column a header names in a list of `kind`.
pub fn recognise(kind: ListKind, header: &str) -> Option<Field> {
    let k = header_key(header);
    let common = match k.as_str() {
        "фио" | "фамилияимяотчество" => Some(Field::FullName),
        "фамилия" => Some(Field::Surname),
        "имя" => Some(Field::FirstName),
        "отчество" => Some(Field::Patronymic),
        "логин" => Some(Field::Login),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match kind {
        ListKind::Students => {
            if let Some(rest) = k.strip_prefix("родитель") {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let n: u8 = digits.parse().ok().filter(|n| (1..=MAX_PARENTS).contains(n))?;
                let what = match &rest[digits.len()..] {
                    "" | "фио" => ParentField::Name,
                    "кемприходится" | "кем" | "родство" | "степеньродства" | "кемприходитсяребенку" => {
                        ParentField::Relation
                    }
                    "телефон" | "тел" => ParentField::Phone,
                    e if is_email_key(e) => ParentField::Email,
                    _ => return None,
                };
                return Some(Field::Parent(n, what));
            }
            match k.as_str() {
                "датарождения" | "др" => Some(Field::BirthDate),
                "пол" => Some(Field::Sex),
                "класс" => Some(Field::Class),
                _ => None,
            }
        }
        ListKind::Staff => match k.as_str() {
            "должность" => Some(Field::Position),
            "роли" | "роль" => Some(Field::Roles),
            "телефон" | "тел" => Some(Field::Phone),
            e if is_email_key(e) => Some(Field::Email),
            _ => None,
        },
    }
}

/// Which header cell holds which column.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    index: HashMap<Field, usize>,
    /// Headers not recognised; their cells are skipped.
    pub ignored: Vec<String>,
    /// The parent numbers with at least one column, in order.
    pub parents: Vec<u8>,
}

impl Layout {
    pub fn has(&self, field: Field) -> bool {
        self.index.contains_key(&field)
    }

    /// The cell of `field` in a row (empty when the column or the cell is missing).
    pub fn cell<'a>(&self, cells: &'a [Cell], field: Field) -> &'a Cell {
        const EMPTY: &Cell = &Cell::Empty;
        self.index.get(&field).and_then(|&i| cells.get(i)).unwrap_or(EMPTY)
    }

    /// The text of `field` in a row, cleaned (see [`clean`](super::values::clean)).
    pub fn text(&self, cells: &[Cell], field: Field) -> String {
        clean(&self.cell(cells, field).text())
    }
}

/// Maps a header; refuses duplicates and missing required columns.
pub fn layout(kind: ListKind, header: &[String]) -> Result<Layout, FileError> {
    let mut l = Layout::default();
    for (i, h) in header.iter().enumerate() {
        match recognise(kind, h) {
            Some(f) => {
                if l.index.insert(f, i).is_some() {
                    return Err(FileError::DuplicateColumn(h.trim().to_string()));
                }
                if let Field::Parent(n, _) = f
                    && !l.parents.contains(&n)
                {
                    l.parents.push(n);
                }
            }
            None if h.trim().is_empty() => {}
            None => l.ignored.push(h.trim().to_string()),
        }
    }
    l.parents.sort_unstable();
    if l.has(Field::FullName) && (l.has(Field::Surname) || l.has(Field::FirstName)) {
        // The separate columns win; «ФИО» is then only shown as skipped.
        l.index.remove(&Field::FullName);
        l.ignored.push(Field::FullName.header());
    }
    let columns = match kind {
        ListKind::Students => student_columns(0),
        ListKind::Staff => staff_columns(),
    };
    let missing: Vec<String> = columns
        .into_iter()
        .filter(|&f| is_required(kind, f) && !l.has(f))
        .filter(|f| !(matches!(f, Field::Surname | Field::FirstName) && l.has(Field::FullName)))
        .map(Field::header)
        .collect();
    if !missing.is_empty() {
        return Err(FileError::MissingColumns(missing));
    }
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_any_case_and_order() {
        let header: Vec<String> = [
            "КЛАСС",
            "фамилия",
            "Имя ",
            "Дата  рождения",
            "Родитель 2 E-mail",
            "родитель 1 фио",
            "Примечание",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let l = layout(ListKind::Students, &header).unwrap();
        assert!(l.has(Field::Class) && l.has(Field::BirthDate));
        assert!(l.has(Field::Parent(2, ParentField::Email)) && l.has(Field::Parent(1, ParentField::Name)));
        assert_eq!(l.parents, vec![1, 2]);
        assert_eq!(l.ignored, vec!["Примечание"]);
        let cells = vec![Cell::Text("5А".into()), Cell::Text("  Иванов   Пётр ".into())];
        assert_eq!(l.text(&cells, Field::FirstName), "");
        assert_eq!(l.text(&cells, Field::Surname), "Иванов Пётр");
        for f in student_columns(2) {
            assert_eq!(recognise(ListKind::Students, &f.header()), Some(f), "{}", f.header());
        }
        for f in staff_columns() {
            assert_eq!(recognise(ListKind::Staff, &f.header()), Some(f), "{}", f.header());
        }
        let missing = layout(ListKind::Students, &["Фамилия".to_string()]).unwrap_err();
        assert_eq!(missing, FileError::MissingColumns(vec!["Имя".into(), "Класс".into()]));
        let twice = layout(ListKind::Staff, &["Имя".into(), "имя".into()]).unwrap_err();
        assert_eq!(twice, FileError::DuplicateColumn("имя".into()));
        let full = layout(ListKind::Staff, &["ФИО".into(), "Роли".into()]).unwrap();
        assert!(full.has(Field::FullName));
    }
}
