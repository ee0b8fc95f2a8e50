//! Lists out: students with their parents (the current year, class by class) and staff, in the
//! column layout of the import, so an export is a valid import elsewhere; and the templates.
//! XLSX gets real date cells, a frozen bold header and column widths; CSV is UTF-8 with a BOM
//! and `;`, as Russian Excel opens it.

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};

use super::ListKind;
use super::columns::{self, Field, ParentField};
use super::values;
use crate::auth::accounts;
use crate::error::AppError;
use crate::people::model::STUDENTS;
use crate::people::service::{guardians_of, students_of};
use crate::store::ids::ClassId;
use crate::store::{Reader, StoreError};
use crate::structure::model::YEARS;
use crate::structure::service::{classes_of, current_year_id};

/// A cell to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Date(NaiveDate),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        if s.is_empty() { Value::Empty } else { Value::Text(s.to_string()) }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::from(s.as_str())
    }
}

/// A list to write: its columns and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub columns: Vec<Field>,
    pub rows: Vec<Vec<Value>>,
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(anyhow::Error::new(e))
}

/// The sheet as an XLSX workbook with one worksheet called `name`.
pub fn to_xlsx(sheet: &Sheet, name: &str) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8EFF9))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let ws = book.add_worksheet();
    ws.set_name(name).map_err(internal)?;
    for (c, field) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, field.header(), &head).map_err(internal)?;
        ws.set_column_width(c, field.width()).map_err(internal)?;
    }
    ws.set_freeze_panes(1, 0).map_err(internal)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let c = c as u16;
            match value {
                Value::Empty => {}
                Value::Text(s) => {
                    ws.write_string(r, c, s).map_err(internal)?;
                }
                Value::Date(d) => {
                    ws.write_datetime_with_format(r, c, d, &date).map_err(internal)?;
                }
            }
        }
    }
    book.save_to_buffer().map_err(internal)
}

/// A text a spreadsheet would run as a formula gets an apostrophe (the import removes it);
/// phone numbers like «+7 900 …» stay as they are.
pub(crate) fn csv_safe(s: &str) -> String {
    let phone_like =
        s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && s.chars().any(|c| c.is_ascii_digit());
    if s.starts_with(['=', '+', '-', '@']) && !phone_like { format!("'{s}") } else { s.to_string() }
}

/// The sheet as CSV: UTF-8 with a BOM, `;`, dates as ДД.ММ.ГГГГ.
pub fn to_csv(sheet: &Sheet) -> Result<Vec<u8>, AppError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w =
            csv::WriterBuilder::new().delimiter(b';').terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(sheet.columns.iter().map(|f| f.header())).map_err(internal)?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(|v| match v {
                Value::Empty => String::new(),
                Value::Text(s) => csv_safe(s),
                Value::Date(d) => d.format("%d.%m.%Y").to_string(),
            }))
            .map_err(internal)?;
        }
        w.flush().map_err(internal)?;
    }
    Ok(out)
}

/// The header and one example row.
pub fn template(kind: ListKind) -> Sheet {
    let t = |s: &str| Value::from(s);
    match kind {
        ListKind::Students => Sheet {
            columns: columns::student_columns(2),
            rows: vec![vec![
                t("Иванов"),
                t("Пётр"),
                t("Сергеевич"),
                Value::Date(NaiveDate::from_ymd_opt(2015, 9, 1).expect("valid date")),
                t("м"),
                t("5А"),
                Value::Empty,
                t("Иванова Мария Петровна"),
                t("мать"),
                t("+7 900 123-45-67"),
                t("ivanova@example.ru"),
                t("Иванов Сергей Николаевич"),
                t("отец"),
                t("+7 900 765-43-21"),
                Value::Empty,
            ]],
        },
        ListKind::Staff => Sheet {
            columns: columns::staff_columns(),
            rows: vec![vec![
                t("Кузьмина"),
                t("Татьяна"),
                t("Олеговна"),
                t("Учитель начальных классов"),
                t("учитель, завуч"),
                Value::Empty,
                t("+7 900 111-22-33"),
                t("kuzmina@example.ru"),
            ]],
        },
    }
}

/// Students of the current year with their parents, class by class (one class when given),
/// sorted by name within a class. The class list is taken on `today`, or on the first or
/// last day of the year when today is outside it.
pub fn students(tx: &impl Reader, today: NaiveDate, only: Option<ClassId>) -> Result<Sheet, AppError> {
    let mut rows: Vec<(Vec<Value>, Vec<Vec<Value>>)> = Vec::new();
    if let Some(year_id) = current_year_id(tx)?
        && let Some(year) = YEARS.get(tx, &year_id)?
    {
        let day = today.clamp(year.start, year.end);
        let classes = classes_of(tx, year_id)?;
        if only.is_some_and(|c| !classes.iter().any(|(id, _)| *id == c)) {
            return Err(AppError::NotFound);
        }
        for (class_id, class) in classes.into_iter().filter(|(id, _)| only.is_none_or(|c| c == *id)) {
            let mut people = Vec::new();
            for id in students_of(tx, class_id, day)? {
                let Some(u) = accounts::get(tx, id)? else { continue };
                let info = STUDENTS.get(tx, &id)?.unwrap_or_default();
                let mut parents = Vec::new();
                for (pid, g) in guardians_of(tx, id)? {
                    if let Some(p) = accounts::get(tx, pid)? {
                        parents.push(vec![
                            Value::from(p.full_name()),
                            Value::from(values::relation_name(g.relation)),
                            Value::from(p.phone.as_str()),
                            Value::from(p.email.as_str()),
                        ]);
                    }
                }
                let own = vec![
                    Value::from(u.surname.as_str()),
                    Value::from(u.first_name.as_str()),
                    Value::from(u.patronymic.as_str()),
                    info.birth_date.map_or(Value::Empty, Value::Date),
                    info.sex.map_or(Value::Empty, |s| Value::from(values::sex_name(s))),
                    Value::from(class.name()),
                    Value::from(u.login.as_str()),
                ];
                people.push((values::name_key(&u.surname, &u.first_name, &u.patronymic), own, parents));
            }
            people.sort_by(|a, b| a.0.cmp(&b.0));
            rows.extend(people.into_iter().map(|(_, own, parents)| (own, parents)));
        }
    }
    let sets = rows.iter().map(|(_, p)| p.len()).max().unwrap_or(0).clamp(2, columns::MAX_PARENTS as usize);
    let rows = rows
        .into_iter()
        .map(|(mut own, parents)| {
            for i in 0..sets {
                match parents.get(i) {
                    Some(p) => own.extend(p.iter().cloned()),
                    None => own.extend(std::iter::repeat_n(Value::Empty, 4)),
                }
            }
            own
        })
        .collect();
    debug_assert_eq!(
        columns::student_columns(sets as u8).last(),
        Some(&Field::Parent(sets as u8, ParentField::Email))
    );
    Ok(Sheet { columns: columns::student_columns(sets as u8), rows })
}

/// Enabled staff accounts (any staff role), sorted by name.
pub fn staff(tx: &impl Reader) -> Result<Sheet, StoreError> {
    let mut people = Vec::new();
    accounts::each(tx, |_, u| {
        let roles: Vec<&str> =
            u.roles.iter().filter(|r| r.is_staff()).map(|&r| values::role_name(r)).collect();
        if !u.disabled && !roles.is_empty() {
            let row = vec![
                Value::from(u.surname.as_str()),
                Value::from(u.first_name.as_str()),
                Value::from(u.patronymic.as_str()),
                Value::from(u.position.as_str()),
                Value::from(roles.join(", ")),
                Value::from(u.login.as_str()),
                Value::from(u.phone.as_str()),
                Value::from(u.email.as_str()),
            ];
            people.push((values::name_key(&u.surname, &u.first_name, &u.patronymic), row));
        }
        true
    })?;
    people.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Sheet { columns: columns::staff_columns(), rows: people.into_iter().map(|(_, r)| r).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::table::{self, Cell};

    #[test]
    fn templates_read_back_as_valid_files() {
        for kind in [ListKind::Students, ListKind::Staff] {
            let sheet = template(kind);
            assert_eq!(sheet.rows[0].len(), sheet.columns.len());
            let csv = to_csv(&sheet).unwrap();
            assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
            let t = table::read(&csv).unwrap();
            assert_eq!(t.source, table::Source::Csv { encoding: table::Encoding::Utf8Bom, separator: b';' });
            let l = columns::layout(kind, &t.header).unwrap();
            assert!(l.ignored.is_empty());
            let xlsx = to_xlsx(&sheet, "Лист").unwrap();
            let x = table::read(&xlsx).unwrap();
            assert_eq!(x.header, t.header);
            assert_eq!(x.rows.len(), 1);
        }
        let x = table::read(&to_xlsx(&template(ListKind::Students), "Лист").unwrap()).unwrap();
        assert_eq!(x.rows[0].cells[3], Cell::Date(NaiveDate::from_ymd_opt(2015, 9, 1).unwrap()));
    }

    #[test]
    fn formulas_are_defused_but_phones_are_not() {
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_safe("@cmd"), "'@cmd");
        assert_eq!(csv_safe("+7 (900) 123-45-67"), "+7 (900) 123-45-67");
        assert_eq!(csv_safe("Иванов"), "Иванов");
        assert_eq!(values::clean(&csv_safe("=1+1")), "=1+1");
    }
}
