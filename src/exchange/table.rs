//! An uploaded file as rows of cells: XLSX (the first worksheet) or CSV in a detected encoding
//! with a detected separator. Nothing here knows what the columns mean.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

/// The most data rows a file may have.
pub const MAX_ROWS: usize = 20_000;

/// How a CSV file was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16,
    Windows1251,
}

impl Encoding {
    /// The name people know it by (not translated: these are names of standards).
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16 => "UTF-16",
            Encoding::Windows1251 => "Windows-1251",
        }
    }
}

/// What the file turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Csv { encoding: Encoding, separator: u8 },
    Xlsx { sheet: String },
}

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number cell of a workbook (an Excel date without a date format comes as one too).
    Number(f64),
    /// A date cell of a workbook.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text: numbers without a needless «.0», dates as ДД.ММ.ГГГГ.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.format("%d.%m.%Y").to_string(),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A data row with its line (CSV) or row (XLSX) number as the user sees it, 1-based.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub number: usize,
    pub cells: Vec<Cell>,
}

/// The file: its header and its non-empty rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub source: Source,
    pub header: Vec<String>,
    pub rows: Vec<Line>,
}

/// Why a file cannot be read as a list at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// Neither CSV (text) nor XLSX.
    Unknown,
    /// An old binary Excel workbook (.xls).
    OldExcel,
    /// A ZIP archive that is not a readable XLSX workbook.
    BadXlsx,
    /// No header line.
    Empty,
    TooManyRows(usize),
    /// Required columns missing from the header (their names).
    MissingColumns(Vec<String>),
    /// A column appears twice.
    DuplicateColumn(String),
}

impl FileError {
    /// The catalog key of its message.
    pub fn key(&self) -> &'static str {
        match self {
            FileError::Unknown => "ex-file-unknown",
            FileError::OldExcel => "ex-file-xls",
            FileError::BadXlsx => "ex-file-bad-xlsx",
            FileError::Empty => "ex-file-empty",
            FileError::TooManyRows(_) => "ex-file-too-many-rows",
            FileError::MissingColumns(_) => "ex-file-missing-columns",
            FileError::DuplicateColumn(_) => "ex-file-duplicate-column",
        }
    }
}

/// Reads a file by its content (not its name): a ZIP is an XLSX workbook, text is CSV.
pub fn read(bytes: &[u8]) -> Result<Table, FileError> {
    if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Err(FileError::OldExcel)
    } else {
        let (text, encoding) = decode(bytes)?;
        read_csv(&text, encoding)
    }
}

/// Decodes text: a BOM decides (UTF-8, UTF-16); else valid UTF-8 is UTF-8 and anything else
/// is Windows-1251, the encoding of Russian Excel's «CSV (разделители — точка с запятой)».
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), FileError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok((String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((encoding_rs::UTF_16LE.decode_without_bom_handling(rest).0.into_owned(), Encoding::Utf16));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((encoding_rs::UTF_16BE.decode_without_bom_handling(rest).0.into_owned(), Encoding::Utf16));
    }
    if looks_binary(bytes) {
        return Err(FileError::Unknown);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(_) => Ok((
            encoding_rs::WINDOWS_1251.decode_without_bom_handling(bytes).0.into_owned(),
            Encoding::Windows1251,
        )),
    }
}

/// Pictures, PDFs, archives and other binaries: known signatures, NUL bytes or many control
/// characters near the start.
fn looks_binary(bytes: &[u8]) -> bool {
    const SIGNATURES: [&[u8]; 7] =
        [b"%PDF", b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"\x1F\x8B", b"Rar!", b"7z\xBC\xAF"];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    head.contains(&0) || controls * 100 > head.len().max(1)
}

/// The separator of a header line: the most frequent of `;`, tab and `,` outside quotes
/// (`;` wins a tie: Russian Excel writes it, and decimal commas are common).
pub fn detect_separator(header_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            '\t' if !quoted => counts[1] += 1,
            ',' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b'\t', b','];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 { b';' } else { seps[best] }
}

fn read_csv(text: &str, encoding: Encoding) -> Result<Table, FileError> {
    // Excel's «sep=;» hint line names the separator and is not data.
    let mut body = text;
    let mut offset = 0;
    let mut separator = None;
    let first = text.lines().next().unwrap_or("");
    if let Some(sep) = first.trim_end_matches('\r').strip_prefix("sep=")
        && let [b] = sep.as_bytes()
    {
        separator = Some(*b);
        body = text.split_once('\n').map_or("", |(_, rest)| rest);
        offset = 1;
    }
    let header_line = body.lines().find(|l| !l.trim().is_empty()).ok_or(FileError::Empty)?;
    let separator = separator.unwrap_or_else(|| detect_separator(header_line));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // csv's own line numbers drift over blank lines; count newlines up to where each record
    // ended instead (incrementally), less the newlines inside its quoted cells.
    let (mut counted, mut newlines) = (0usize, 0usize);
    // A broken quote cannot be read past; what was read stays, the checks report the rest.
    while let Ok(true) = reader.read_record(&mut record) {
        let end = (reader.position().byte() as usize).min(body.len());
        newlines += body.as_bytes()[counted..end].iter().filter(|&&b| b == b'\n').count();
        counted = end;
        let last_line = newlines + usize::from(!body.as_bytes()[..end].ends_with(b"\n"));
        let inside: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        let number = last_line.saturating_sub(inside) + offset;
        let cells: Vec<Cell> = record
            .iter()
            .map(|s| {
                let s = s.trim();
                if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
            })
            .collect();
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        match header {
            None => header = Some(cells.iter().map(Cell::text).collect()),
            Some(_) => {
                rows.push(Line { number, cells });
                if rows.len() > MAX_ROWS {
                    return Err(FileError::TooManyRows(MAX_ROWS));
                }
            }
        }
    }
    let header = header.ok_or(FileError::Empty)?;
    Ok(Table { source: Source::Csv { encoding, separator }, header, rows })
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, FileError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| FileError::BadXlsx)?;
    let sheet = book.sheet_names().first().cloned().ok_or(FileError::BadXlsx)?;
    let range = book.worksheet_range_at(0).ok_or(FileError::Empty)?.map_err(|_| FileError::BadXlsx)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<Cell> = row.iter().map(cell_of).collect();
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        match header {
            None => header = Some(cells.iter().map(|c| c.text().trim().to_string()).collect()),
            Some(_) => {
                rows.push(Line { number: first_row + i + 1, cells });
                if rows.len() > MAX_ROWS {
                    return Err(FileError::TooManyRows(MAX_ROWS));
                }
            }
        }
    }
    let header = header.ok_or(FileError::Empty)?;
    Ok(Table { source: Source::Xlsx { sheet }, header, rows })
}

fn cell_of(data: &Data) -> Cell {
    use calamine::DataType;
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => {
            let s = s.trim();
            if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }
        }
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(_) | Data::DateTimeIso(_) => match data.as_date() {
            Some(d) => Cell::Date(d),
            None => Cell::Text(data.to_string()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// «Фамилия;Имя;Класс» as Russian Excel saves it: Windows-1251.
    const CP1251_HEADER: &[u8] = &[
        0xD4, 0xE0, 0xEC, 0xE8, 0xEB, 0xE8, 0xFF, b';', 0xC8, 0xEC, 0xFF, b';', 0xCA, 0xEB, 0xE0, 0xF1, 0xF1,
    ];

    #[test]
    fn windows_1251_is_detected_and_decoded() {
        let (text, enc) = decode(CP1251_HEADER).unwrap();
        assert_eq!(enc, Encoding::Windows1251);
        assert_eq!(text, "Фамилия;Имя;Класс");
    }

    #[test]
    fn utf8_with_and_without_bom_and_utf16() {
        let plain = "Фамилия;Имя".as_bytes();
        assert_eq!(decode(plain).unwrap(), ("Фамилия;Имя".to_string(), Encoding::Utf8));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(plain);
        assert_eq!(decode(&bom).unwrap(), ("Фамилия;Имя".to_string(), Encoding::Utf8Bom));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Фамилия\tИмя".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap(), ("Фамилия\tИмя".to_string(), Encoding::Utf16));
    }

    #[test]
    fn binaries_are_not_text() {
        assert_eq!(read(b"%PDF-1.7\n...").unwrap_err(), FileError::Unknown);
        assert_eq!(read(b"\x89PNG\r\n\x1a\n\0\0\0").unwrap_err(), FileError::Unknown);
        assert_eq!(read(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1]).unwrap_err(), FileError::OldExcel);
        assert_eq!(read(b"PK\x03\x04not really a zip").unwrap_err(), FileError::BadXlsx);
        assert_eq!(read(b"  \n \n").unwrap_err(), FileError::Empty);
    }

    #[test]
    fn the_separator_comes_from_the_header_line() {
        assert_eq!(detect_separator("Фамилия;Имя;Отчество"), b';');
        assert_eq!(detect_separator("Фамилия,Имя,Отчество"), b',');
        assert_eq!(detect_separator("Фамилия\tИмя\tОтчество"), b'\t');
        assert_eq!(detect_separator("\"Фамилия; Имя\",Класс,Пол"), b',', "quoted separators do not count");
        assert_eq!(detect_separator("Фамилия"), b';');
    }

    #[test]
    fn csv_rows_keep_their_line_numbers_and_skip_blank_lines() {
        let t =
            read("Фамилия,Имя\r\n\r\nИванов,Пётр\r\n\"Петрова,\nмл.\",Анна\r\n,\r\nСидоров,Иван".as_bytes())
                .unwrap();
        assert_eq!(t.source, Source::Csv { encoding: Encoding::Utf8, separator: b',' });
        assert_eq!(t.header, vec!["Фамилия", "Имя"]);
        assert_eq!(t.rows.iter().map(|r| r.number).collect::<Vec<_>>(), vec![3, 4, 7]);
        assert_eq!(t.rows[1].cells[0], Cell::Text("Петрова,\nмл.".into()));
        let hinted = read(b"sep=,\nA;B,C\n1;2,3\n").unwrap();
        assert_eq!(hinted.header, vec!["A;B", "C"]);
        assert_eq!(hinted.rows[0].number, 3);
    }

    #[test]
    fn numbers_read_as_people_wrote_them() {
        assert_eq!(Cell::Number(79001234567.0).text(), "79001234567");
        assert_eq!(Cell::Number(5.5).text(), "5.5");
        assert_eq!(Cell::Date(NaiveDate::from_ymd_opt(2015, 9, 1).unwrap()).text(), "01.09.2015");
    }
}
