//! A report's tables for the screen and the files. XLSX gets real numbers and dates (with their
//! decimals or the date as a number format), a bold frozen header and column widths, one sheet
//! per table; CSV is UTF-8 with a BOM, `;` and decimal commas, as Russian Excel opens it.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::exchange::export::csv_safe;

/// A cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Int(u32),
    /// A number shown with `decimals` places.
    Num(f64, u8),
    Date(NaiveDate),
    /// A mark as the journal writes it («5», «н/а», «зач»): coloured on screen, a number in
    /// XLSX when it is one.
    Mark(String),
}

impl Cell {
    /// A number, or empty for none.
    pub fn num(v: Option<f64>, decimals: u8) -> Cell {
        v.map_or(Cell::Empty, |x| Cell::Num(x, decimals))
    }

    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// How the cell reads on screen and in CSV: «4,25», «28.11.2026».
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Mark(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Num(x, d) => format!("{x:.*}", *d as usize).replace('.', ","),
            Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
        }
    }

    /// Right-aligned on screen.
    pub fn is_number(&self) -> bool {
        matches!(self, Cell::Int(_) | Cell::Num(..) | Cell::Mark(_))
    }
}

/// A row; a strong one (a total) is bold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub cells: Vec<Cell>,
    #[serde(default)]
    pub strong: bool,
}

/// A column: its header, and its width in characters in XLSX.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub head: String,
    pub width: f64,
    /// A hint shown on hover (the formula of a figure).
    #[serde(default)]
    pub hint: String,
}

/// One table of a report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The sheet name in XLSX (short); may be empty.
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(name: impl Into<String>) -> Table {
        Table { name: name.into(), ..Table::default() }
    }

    /// Adds a column `width` characters wide.
    pub fn col(&mut self, head: impl Into<String>, width: f64) -> &mut Table {
        self.columns.push(Column { head: head.into(), width, hint: String::new() });
        self
    }

    /// Adds a column with a hint.
    pub fn col_hint(&mut self, head: impl Into<String>, width: f64, hint: impl Into<String>) -> &mut Table {
        self.columns.push(Column { head: head.into(), width, hint: hint.into() });
        self
    }

    pub fn row(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, strong: false });
    }

    /// A total row, bold.
    pub fn total(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, strong: true });
    }

    /// Wide tables print on a landscape page.
    pub fn is_wide(&self) -> bool {
        self.columns.len() > 10
    }
}

/// One sheet: the lines above the header (the report's title lines, then what precedes the
/// table on screen) and the table.
pub struct Sheet<'a> {
    pub lines: Vec<String>,
    pub table: &'a Table,
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(anyhow::Error::new(e))
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
fn sheet_name(wanted: &str, fallback: &str, taken: &mut Vec<String>) -> String {
    let clean: String = wanted.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
    let base = if clean.trim().is_empty() { fallback.to_string() } else { clean.trim().to_string() };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        name = format!("{base} {n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// The workbook: one sheet per table.
pub fn to_xlsx(sheets: &[Sheet], fallback_name: &str) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xE8EFF9))
        .set_border_bottom(FormatBorder::Thin);
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let numbers: Vec<Format> = (0..=3).map(|d: usize| Format::new().set_num_format(decimals(d))).collect();
    let mut taken = Vec::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&sheet.table.name, fallback_name, &mut taken)).map_err(internal)?;
        for (r, line) in sheet.lines.iter().enumerate() {
            let f = if r == 0 { &bold } else { &plain };
            ws.write_string_with_format(r as u32, 0, line, f).map_err(internal)?;
        }
        let top = sheet.lines.len() as u32 + u32::from(!sheet.lines.is_empty());
        for (c, col) in sheet.table.columns.iter().enumerate() {
            ws.write_string_with_format(top, c as u16, &col.head, &head).map_err(internal)?;
            ws.set_column_width(c as u16, col.width).map_err(internal)?;
        }
        ws.set_freeze_panes(top + 1, 0).map_err(internal)?;
        for (r, row) in sheet.table.rows.iter().enumerate() {
            let r = top + 1 + r as u32;
            for (c, cell) in row.cells.iter().enumerate() {
                let c = c as u16;
                let strong = row.strong;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        let f = if strong { &bold } else { &plain };
                        ws.write_string_with_format(r, c, s, f).map_err(internal)?;
                    }
                    Cell::Mark(s) => match s.parse::<u8>() {
                        Ok(n) => ws.write_number(r, c, f64::from(n)).map_err(internal).map(|_| ())?,
                        Err(_) => ws.write_string(r, c, s).map_err(internal).map(|_| ())?,
                    },
                    Cell::Int(n) => {
                        ws.write_number(r, c, f64::from(*n)).map_err(internal)?;
                    }
                    Cell::Num(x, d) => {
                        ws.write_number_with_format(r, c, *x, &numbers[(*d as usize).min(3)])
                            .map_err(internal)?;
                    }
                    Cell::Date(d) => {
                        let v = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .map_err(internal)?;
                        ws.write_datetime_with_format(r, c, &v, &date).map_err(internal)?;
                    }
                }
            }
        }
    }
    if sheets.is_empty() {
        book.add_worksheet().set_name(sheet_name(fallback_name, "1", &mut taken)).map_err(internal)?;
    }
    book.save_to_buffer().map_err(internal)
}

/// One CSV file: each table after its lines, an empty line between tables.
pub fn to_csv(sheets: &[Sheet]) -> Result<Vec<u8>, AppError> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(&mut out);
        for (i, sheet) in sheets.iter().enumerate() {
            if i > 0 {
                w.write_record([""]).map_err(internal)?;
            }
            for line in &sheet.lines {
                w.write_record([csv_safe(line)]).map_err(internal)?;
            }
            w.write_record(sheet.table.columns.iter().map(|c| csv_safe(&c.head))).map_err(internal)?;
            for row in &sheet.table.rows {
                w.write_record(row.cells.iter().map(|c| match c {
                    Cell::Text(s) | Cell::Mark(s) => csv_safe(s),
                    other => other.display(),
                }))
                .map_err(internal)?;
            }
        }
        w.flush().map_err(internal)?;
    }
    Ok(out)
}

fn decimals(d: usize) -> &'static str {
    ["0", "0.0", "0.00", "0.000"][d.min(3)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new("Качество");
        t.col("Предмет", 20.0).col("Качество", 8.0).col("Дата", 10.0);
        t.row(vec![
            Cell::Text("=SUM(A1)".into()),
            Cell::Num(52.25, 1),
            Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
        ]);
        t.total(vec![Cell::Empty, Cell::Int(3), Cell::Mark("5".into())]);
        t
    }

    #[test]
    fn csv_has_a_bom_semicolons_and_decimal_commas() {
        let t = sample();
        let csv =
            String::from_utf8(to_csv(&[Sheet { lines: vec!["Школа".into()], table: &t }]).unwrap()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("Предмет;Качество;Дата\r\n"), "{csv}");
        assert!(
            csv.contains("'=SUM(A1);52,2;28.11.2026") || csv.contains("'=SUM(A1);52,3;28.11.2026"),
            "{csv}"
        );
        assert!(csv.contains(";3;5\r\n"));
    }

    #[test]
    fn sheet_names_are_cut_cleaned_and_unique() {
        let mut taken = Vec::new();
        assert_eq!(sheet_name("5А: итоги [1]", "x", &mut taken), "5А итоги 1");
        assert_eq!(sheet_name("5А: итоги [1]", "x", &mut taken), "5А итоги 1 2");
        assert_eq!(sheet_name("", "Отчёт", &mut taken), "Отчёт");
        assert!(sheet_name(&"я".repeat(40), "x", &mut taken).chars().count() <= 31);
    }

    #[test]
    fn xlsx_is_written_with_one_sheet_per_table() {
        let t = sample();
        let bytes =
            to_xlsx(&[Sheet { lines: vec![], table: &t }, Sheet { lines: vec![], table: &t }], "R").unwrap();
        assert!(bytes.starts_with(b"PK"));
    }
}
