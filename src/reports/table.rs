//! A report as a table for the files: title rows, a header, rows of typed cells. XLSX gets real
//! numbers (with their decimals as a number format), a bold frozen header and column widths;
//! CSV is UTF-8 with a BOM, `;` and decimal commas, as Russian Excel opens it.

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook};

use crate::error::AppError;
use crate::exchange::export::csv_safe;

/// A cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(u32),
    /// A number shown with `decimals` places.
    Num(f64, u8),
}

impl Cell {
    /// A number, or empty for none.
    pub fn num(v: Option<f64>, decimals: u8) -> Cell {
        v.map_or(Cell::Empty, |x| Cell::Num(x, decimals))
    }
}

/// A report to write out.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Lines above the header: the school, the report, its filters, the date.
    pub title: Vec<String>,
    /// Header and width (in characters) of each column.
    pub columns: Vec<(String, f64)>,
    pub rows: Vec<Vec<Cell>>,
}

fn internal(e: impl std::error::Error + Send + Sync + 'static) -> AppError {
    AppError::Internal(anyhow::Error::new(e))
}

impl Table {
    pub fn to_xlsx(&self, sheet: &str) -> Result<Vec<u8>, AppError> {
        let mut book = Workbook::new();
        let head = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xE8EFF9))
            .set_border_bottom(FormatBorder::Thin);
        let bold = Format::new().set_bold();
        let ws = book.add_worksheet();
        ws.set_name(sheet).map_err(internal)?;
        for (r, line) in self.title.iter().enumerate() {
            let f = if r == 0 { &bold } else { &Format::new() };
            ws.write_string_with_format(r as u32, 0, line, f).map_err(internal)?;
        }
        let top = self.title.len() as u32 + u32::from(!self.title.is_empty());
        for (c, (name, width)) in self.columns.iter().enumerate() {
            ws.write_string_with_format(top, c as u16, name, &head).map_err(internal)?;
            ws.set_column_width(c as u16, *width).map_err(internal)?;
        }
        ws.set_freeze_panes(top + 1, 0).map_err(internal)?;
        let formats: Vec<Format> =
            (0..=3).map(|d: usize| Format::new().set_num_format(decimals(d))).collect();
        for (r, row) in self.rows.iter().enumerate() {
            let r = top + 1 + r as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, s).map_err(internal)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, f64::from(*n)).map_err(internal)?;
                    }
                    Cell::Num(x, d) => {
                        ws.write_number_with_format(r, c, *x, &formats[(*d as usize).min(3)])
                            .map_err(internal)?;
                    }
                }
            }
        }
        book.save_to_buffer().map_err(internal)
    }

    pub fn to_csv(&self) -> Result<Vec<u8>, AppError> {
        let mut out = vec![0xEF, 0xBB, 0xBF];
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(b';')
                .terminator(csv::Terminator::CRLF)
                .flexible(true)
                .from_writer(&mut out);
            for line in &self.title {
                w.write_record([csv_safe(line)]).map_err(internal)?;
            }
            w.write_record(self.columns.iter().map(|(h, _)| csv_safe(h))).map_err(internal)?;
            for row in &self.rows {
                w.write_record(row.iter().map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => csv_safe(s),
                    Cell::Int(n) => n.to_string(),
                    Cell::Num(x, d) => format!("{x:.*}", *d as usize).replace('.', ","),
                }))
                .map_err(internal)?;
            }
            w.flush().map_err(internal)?;
        }
        Ok(out)
    }
}

fn decimals(d: usize) -> &'static str {
    ["0", "0.0", "0.00", "0.000"][d.min(3)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_bom_semicolons_and_decimal_commas() {
        let t = Table {
            title: vec!["Школа".into()],
            columns: vec![("Предмет".into(), 20.0), ("Качество".into(), 8.0)],
            rows: vec![
                vec![Cell::Text("=SUM(A1)".into()), Cell::Num(52.25, 1)],
                vec![Cell::Empty, Cell::Int(3)],
            ],
        };
        let csv = String::from_utf8(t.to_csv().unwrap()).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("Предмет;Качество\r\n"), "{csv}");
        assert!(csv.contains("'=SUM(A1);52,2") || csv.contains("'=SUM(A1);52,3"), "{csv}");
        assert!(csv.contains(";3\r\n"));
    }
}
