//! Reading a lesson plan (КТП) from the tables teachers keep, XLSX or CSV: the header row is
//! looked for among the first rows (title rows above it are skipped), its columns are
//! recognised by name (any case, punctuation and spacing), and every row below becomes a
//! section, a topic or a reported problem with its row number as in the file.
//!
//! Sections come from a «Раздел» column (consecutive rows with the same value; an empty cell
//! continues the section above) or from section rows: text in the topic column and nothing in
//! the number, hours and date columns, or a heading such as «Раздел 1. Натуральные числа
//! (20 ч)». «Итого»/«Всего» rows, a sub-header row («план», «факт») and a row of column numbers
//! under the header are skipped. A row with no topic, hours that are not a whole number from 1
//! to 40, a date or a lesson type that cannot be read is reported, and a file with any such
//! row is not applied: nothing is half-imported. This module only reads; [`super::routes_io`]
//! keeps the upload between the preview and the confirmation and applies it.

use chrono::{Datelike, NaiveDate};

use super::model::{LessonKind, Section, Topic};
use super::service::{MAX_HOMEWORK, MAX_HOURS, MAX_TITLE, MAX_TOPICS};
use crate::exchange::table::{self, Cell, FileError, Line, Source, Table};

/// Rows searched for the header.
pub const HEADER_ROWS: usize = 10;
/// The largest file taken, in bytes.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// A column the importer understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Number,
    Section,
    Topic,
    Hours,
    Date,
    Kind,
    Homework,
    Control,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Number,
        Column::Section,
        Column::Topic,
        Column::Hours,
        Column::Date,
        Column::Kind,
        Column::Homework,
        Column::Control,
    ];

    /// The names it is known by, normalized ([`normalize`]); the first is what the export
    /// writes (except the date, written as «План. дата»).
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Column::Number => &["№", "№ п п", "п п", "№ урока", "№№", "номер", "номер урока", "no", "n"],
            Column::Section => {
                &["раздел", "разделы", "название раздела", "наименование раздела", "модуль", "глава"]
            }
            Column::Topic => &[
                "тема урока",
                "тема",
                "темы уроков",
                "тема занятия",
                "название темы",
                "наименование темы",
                "тема раздел",
                "наименование разделов и тем",
                "содержание",
                "topic",
            ],
            Column::Hours => &[
                "кол во часов",
                "количество часов",
                "часы",
                "часов",
                "час",
                "ч",
                "кол во ч",
                "всего часов",
                "число часов",
                "hours",
            ],
            Column::Date => &[
                "дата",
                "дата проведения",
                "план дата",
                "плановая дата",
                "дата по плану",
                "дата план",
                "планируемая дата",
                "дата урока",
                "сроки",
                "срок",
                "date",
            ],
            Column::Kind => &["тип урока", "тип", "вид урока", "тип занятия", "форма урока"],
            Column::Homework => {
                &["домашнее задание", "д з", "дз", "домашняя работа", "задание на дом", "homework"]
            }
            Column::Control => &["контроль", "контрольная работа", "контрольные работы", "к р", "кр"],
        }
    }
}

/// Lower case, «ё» as «е», punctuation and runs of spaces as one space; «№» is kept.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = if c == 'ё' { 'е' } else { c };
        if c.is_alphanumeric() || c == '№' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// The column a header cell names.
pub fn column_of(header: &str) -> Option<Column> {
    let n = normalize(header);
    if n.is_empty() {
        return None;
    }
    if let Some(c) = Column::ALL.into_iter().find(|c| c.names().contains(&n.as_str())) {
        return Some(c);
    }
    // «Тема урока (раздел)», «Темы и разделы»: a word starting with «тем» names the topics.
    n.split(' ').any(|w| w == "тема" || w == "темы" || w == "тем").then_some(Column::Topic)
}

/// Where each known column is in a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub at: [Option<usize>; 8],
}

impl Columns {
    pub fn get(&self, c: Column) -> Option<usize> {
        self.at[c as usize]
    }

    fn known(&self) -> usize {
        self.at.iter().flatten().count()
    }
}

/// The columns of a header row (the first of a repeated name counts); `None` without a topic
/// column.
pub fn recognise(cells: &[String]) -> Option<Columns> {
    let mut cols = Columns::default();
    for (i, cell) in cells.iter().enumerate() {
        if let Some(c) = column_of(cell) {
            cols.at[c as usize].get_or_insert(i);
        }
    }
    cols.get(Column::Topic).is_some().then_some(cols)
}

/// Why a file cannot be read as a plan at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    File(FileError),
    /// No row among the first [`HEADER_ROWS`] names a topic column.
    NoTopicColumn,
}

/// A problem of one row: a catalog key and the value in question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub key: &'static str,
    pub value: String,
}

/// What a row of the file became.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    Section(String),
    Topic(Topic),
    /// A row that cannot be read: see its problems.
    Bad,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row (XLSX) or line (CSV) number as the user sees it.
    pub line: usize,
    pub number: String,
    /// The title as written (for a bad row too).
    pub title: String,
    pub kind: RowKind,
    pub problems: Vec<Problem>,
}

/// A file read as a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    /// The header cells, with the column each was taken as (`None`: ignored).
    pub header: Vec<(String, Option<Column>)>,
    pub rows: Vec<Row>,
    /// The sections with their topics (ids 0: given when stored), empty sections left out.
    pub sections: Vec<Section>,
}

impl Parsed {
    pub fn topics(&self) -> usize {
        self.sections.iter().map(|s| s.topics.len()).sum()
    }

    pub fn hours(&self) -> u32 {
        self.sections.iter().flat_map(|s| &s.topics).map(|t| t.hours as u32).sum()
    }

    pub fn bad_rows(&self) -> usize {
        self.rows.iter().filter(|r| !r.problems.is_empty()).count()
    }

    /// Whether it may be applied: topics, no bad row, not over the limit.
    pub fn blocked(&self) -> bool {
        self.bad_rows() > 0 || self.topics() == 0 || self.topics() > MAX_TOPICS
    }
}

const EMPTY: Cell = Cell::Empty;

fn at(line: &Line, col: Option<usize>) -> &Cell {
    col.and_then(|c| line.cells.get(c)).unwrap_or(&EMPTY)
}

/// Runs of whitespace (line breaks of a cell included) as one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads an upload as a table (`exchange::table`). A CSV guesses its separator from its first
/// line; when title lines stand above the header («КТП по математике, 5 класс»), the separator
/// is taken from the header line instead and the title lines are left out (line numbers stay).
pub fn read_table(bytes: &[u8]) -> Result<Table, FileError> {
    let t = table::read(bytes)?;
    let Source::Csv { encoding, separator } = t.source else { return Ok(t) };
    let (text, _) = table::decode(bytes)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let header = lines.iter().take(HEADER_ROWS * 2).position(|l| {
        let sep = table::detect_separator(l) as char;
        recognise(&l.split(sep).map(|c| c.trim().trim_matches('"').to_string()).collect::<Vec<_>>()).is_some()
    });
    let Some(at) = header.filter(|&i| i > 0 && table::detect_separator(lines[i]) != separator) else {
        return Ok(t);
    };
    let kept: Vec<&str> = lines.iter().enumerate().map(|(i, l)| if i < at { "" } else { *l }).collect();
    let mut t = table::read(kept.join("\n").as_bytes())?;
    if let Source::Csv { encoding: e, .. } = &mut t.source {
        *e = encoding;
    }
    Ok(t)
}

/// Reads a plan out of `table`. `year` (first and last day) completes dates written without a
/// year («15.09»).
pub fn parse(table: &Table, year: Option<(NaiveDate, NaiveDate)>) -> Result<Parsed, ImportError> {
    // The reader took the first non-empty row as the header; here it is a row like any other.
    let first = Line {
        number: table.rows.first().map_or(1, |r| r.number.saturating_sub(1)).max(1),
        cells: table
            .header
            .iter()
            .map(|h| if h.is_empty() { Cell::Empty } else { Cell::Text(h.clone()) })
            .collect(),
    };
    let lines: Vec<&Line> = std::iter::once(&first).chain(&table.rows).collect();
    let mut best: Option<(usize, Columns)> = None;
    for (i, line) in lines.iter().enumerate().take(HEADER_ROWS) {
        let texts: Vec<String> = line.cells.iter().map(Cell::text).collect();
        if let Some(cols) = recognise(&texts)
            && best.as_ref().is_none_or(|(_, b)| cols.known() > b.known())
        {
            best = Some((i, cols));
        }
    }
    let (head, cols) = best.ok_or(ImportError::NoTopicColumn)?;
    let header = lines[head]
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let taken = Column::ALL.into_iter().find(|&k| cols.get(k) == Some(i));
            (one_line(&c.text()), taken)
        })
        .filter(|(name, _)| !name.is_empty())
        .collect();
    let mut parsed = Parsed { header, rows: Vec::new(), sections: Vec::new() };
    let mut current: Option<Section> = None;
    let mut section_cell = String::new();
    for (k, line) in lines[head + 1..].iter().enumerate() {
        if k == 0 && is_subheader(line) {
            continue;
        }
        let row = read_row(line, &cols, year);
        let Some(row) = row else { continue };
        // A «Раздел» column opens a section where its value changes.
        let section_here = one_line(&at(line, cols.get(Column::Section)).text());
        if !section_here.is_empty() && section_here != section_cell {
            section_cell = section_here.clone();
            if !matches!(row.kind, RowKind::Section(_)) {
                parsed.sections.extend(current.take());
                current = Some(Section { title: section_here, topics: Vec::new() });
            }
        }
        match &row.kind {
            RowKind::Section(title) => {
                parsed.sections.extend(current.take());
                current = Some(Section { title: title.clone(), topics: Vec::new() });
            }
            RowKind::Topic(t) => current.get_or_insert_with(Section::default).topics.push(t.clone()),
            RowKind::Bad => {}
        }
        parsed.rows.push(row);
    }
    parsed.sections.extend(current);
    parsed.sections.retain(|s| !s.topics.is_empty());
    Ok(parsed)
}

/// A row under the header that only names sub-columns («план», «факт») or numbers them.
fn is_subheader(line: &Line) -> bool {
    const WORDS: [&str; 8] =
        ["план", "факт", "по плану", "фактически", "дата", "план дата", "факт дата", "коррекция"];
    let cells: Vec<String> =
        line.cells.iter().filter(|c| !c.is_blank()).map(|c| normalize(&c.text())).collect();
    if cells.is_empty() {
        return false;
    }
    let words = cells.iter().all(|c| WORDS.contains(&c.as_str()));
    let numbered = cells.len() >= 3 && cells.iter().enumerate().all(|(i, c)| *c == (i + 1).to_string());
    words || numbered
}

/// Whether a number cell holds a topic's number: «1», «12.», «1.2».
fn is_number(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    !s.is_empty() && s.split(['.', '-']).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A heading of a section: «Раздел 1. …», «Глава 2», «Модуль …», «Часть …», «I. …».
pub fn looks_like_section(title: &str) -> bool {
    let n = normalize(title);
    let first = n.split(' ').next().unwrap_or("");
    if ["раздел", "глава", "модуль", "часть", "блок"].contains(&first) {
        return true;
    }
    let roman = title.split(['.', ' ']).next().unwrap_or("");
    !roman.is_empty() && roman.chars().all(|c| "IVXLІ".contains(c)) && title.len() > roman.len()
}

/// A section title without the hours written after it: «Натуральные числа (20 ч)».
pub fn section_title(raw: &str) -> String {
    let s = one_line(raw);
    if let Some(open) = s.rfind('(')
        && s.ends_with(')')
    {
        let inner = normalize(&s[open + 1..s.len() - 1]);
        let mut words = inner.split(' ');
        let count = words.next().is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty());
        let unit = words.next().is_none_or(|w| w.starts_with('ч'));
        if count && unit && words.next().is_none() {
            return s[..open].trim_end().to_string();
        }
    }
    s
}

/// One data row: `None` for a row to skip (a totals row, a row with nothing we read).
fn read_row(line: &Line, cols: &Columns, year: Option<(NaiveDate, NaiveDate)>) -> Option<Row> {
    let get = |c: Column| at(line, cols.get(c));
    let number = one_line(&get(Column::Number).text());
    let title = one_line(&get(Column::Topic).text());
    // «Итого», «Всего часов: 34» — but not «Итоговое повторение».
    let total = |s: &str| matches!(normalize(s).split(' ').next(), Some("итого" | "всего"));
    if total(&number) || total(&title) {
        return None;
    }
    let hours_cell = get(Column::Hours);
    let rest_blank =
        [Column::Date, Column::Kind, Column::Homework, Column::Control].iter().all(|&c| get(c).is_blank());
    let bare = hours_cell.is_blank() && rest_blank;
    let section = |raw: &str| {
        let t = section_title(raw);
        Some(Row {
            line: line.number,
            number: String::new(),
            title: t.clone(),
            kind: RowKind::Section(t),
            problems: Vec::new(),
        })
    };
    let numbered = is_number(&number);
    if looks_like_section(&title) && (bare || !numbered) {
        return section(&joined(&number, &title, numbered));
    }
    if !numbered && !title.is_empty() {
        let keyed = cols.get(Column::Number).is_some() || cols.get(Column::Hours).is_some();
        if !number.is_empty() || looks_like_section(&number) || keyed && bare {
            return section(&joined(&number, &title, false));
        }
    }
    if title.is_empty() && bare {
        if !number.is_empty() && !numbered {
            return section(&number);
        }
        if number.is_empty() {
            let s = one_line(&get(Column::Section).text());
            return if s.is_empty() { None } else { section(&s) };
        }
    }
    let mut row =
        Row { line: line.number, number, title: title.clone(), kind: RowKind::Bad, problems: Vec::new() };
    let mut problem = |key: &'static str, value: String| row.problems.push(Problem { key, value });
    if title.is_empty() {
        problem("plio-err-no-topic", String::new());
    } else if title.chars().count() > MAX_TITLE {
        problem("plio-err-title-long", MAX_TITLE.to_string());
    }
    let hours = parse_hours(hours_cell).unwrap_or_else(|Unreadable| {
        problem("plio-err-hours", hours_cell.text());
        None
    });
    let date = parse_date(get(Column::Date), year).unwrap_or_else(|Unreadable| {
        problem("plio-err-date", get(Column::Date).text());
        None
    });
    let kind_text = one_line(&get(Column::Kind).text());
    let kind = parse_kind(&kind_text).unwrap_or_else(|Unreadable| {
        problem("plio-err-kind", kind_text.clone());
        None
    });
    let homework = get(Column::Homework).text().trim().to_string();
    if homework.chars().count() > MAX_HOMEWORK {
        problem("plio-err-homework-long", MAX_HOMEWORK.to_string());
    }
    if row.problems.is_empty() {
        let work = names_control_work(&title);
        let kind = kind.unwrap_or(if work { LessonKind::Control } else { LessonKind::Combined });
        let control = work || is_mark(get(Column::Control));
        let hours = hours.unwrap_or(1);
        row.kind = RowKind::Topic(Topic {
            id: 0,
            title,
            hours,
            kind,
            control,
            homework,
            materials: Vec::new(),
            date,
        });
    }
    Some(row)
}

/// A section heading from the number cell and the title cell: «Раздел 1» + «Числа».
fn joined(number: &str, title: &str, numbered: bool) -> String {
    match (number.is_empty() || numbered, title.is_empty()) {
        (true, _) => title.to_string(),
        (false, true) => number.to_string(),
        (false, false) if number.ends_with(['.', ':']) => format!("{number} {title}"),
        (false, false) => format!("{number}. {title}"),
    }
}

/// A mark in a «Контроль» column: anything but blank, «нет», «-», «0».
fn is_mark(cell: &Cell) -> bool {
    let t = cell.text();
    let t = t.trim();
    !t.is_empty() && !["нет", "-", "—", "–", "0", "false", "no", "ложь"].contains(&t.to_lowercase().as_str())
}

/// «Контрольная работа № 1 …», «Контрольный диктант», «Итоговая контрольная работа».
pub fn names_control_work(title: &str) -> bool {
    let n = normalize(title);
    n.starts_with("контрольн") || n.starts_with("итоговая контрольн")
}

/// A cell that does not read as what its column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Hours of a topic: a whole number from 1 to [`MAX_HOURS`] («2», «2 ч», «2,0»); `None` blank.
pub fn parse_hours(cell: &Cell) -> Result<Option<u8>, Unreadable> {
    let n = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Date(_) => return Err(Unreadable),
        Cell::Text(s) => {
            let s = s.trim().to_lowercase();
            if s.is_empty() {
                return Ok(None);
            }
            let digits = s.trim_end_matches(|c: char| c.is_alphabetic() || c == '.' || c == ' ');
            digits.replace(',', ".").parse::<f64>().map_err(|_| Unreadable)?
        }
    };
    if n.fract() != 0.0 || n < 1.0 || n > MAX_HOURS as f64 { Err(Unreadable) } else { Ok(Some(n as u8)) }
}

/// A date: a date cell, an Excel serial number, «15.09.2026», «15.09.26», «15.09» (the year
/// from the study year), «2026-09-15», «15/09/2026»; of «15.09, 17.09» or «15.09–17.09» the
/// first. `None` blank.
pub fn parse_date(
    cell: &Cell,
    year: Option<(NaiveDate, NaiveDate)>,
) -> Result<Option<NaiveDate>, Unreadable> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => {
            // The range first: `Duration::days` panics on a day count as large as 1e20.
            if !(20_000.0..80_000.0).contains(n) {
                return Err(Unreadable);
            }
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or(Unreadable)?;
            base.checked_add_signed(chrono::Duration::days(n.floor() as i64)).map(Some).ok_or(Unreadable)
        }
        Cell::Text(s) => {
            let Some(token) = s.split([',', ';', '–', '—', ' ', '\n', '\t']).find(|t| !t.is_empty())
            else {
                return Ok(None);
            };
            date_text(token, year).map(Some)
        }
    }
}

fn date_text(token: &str, year: Option<(NaiveDate, NaiveDate)>) -> Result<NaiveDate, Unreadable> {
    let token = token.trim_end_matches(['.', 'г']);
    let iso = token.len() >= 8 && token.as_bytes().get(4) == Some(&b'-');
    // «15.09-17.09»: the first of a range.
    let token = if !iso && token.contains('-') { token.split('-').next().unwrap_or("") } else { token };
    let parts: Vec<&str> = token.split(['.', '/', '-']).collect();
    let num = |s: &str| {
        if !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<u32>().map_err(|_| Unreadable)
        } else {
            Err(Unreadable)
        }
    };
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (num(y)? as i32, num(m)?, num(d)?),
        [d, m, y] if y.len() == 4 => (num(y)? as i32, num(m)?, num(d)?),
        [d, m, y] if y.len() == 2 => (2000 + num(y)? as i32, num(m)?, num(d)?),
        [d, m] => {
            let (m, d) = (num(m)?, num(d)?);
            let (start, end) = year.ok_or(Unreadable)?;
            (if m >= start.month() { start.year() } else { end.year() }, m, d)
        }
        _ => return Err(Unreadable),
    };
    NaiveDate::from_ymd_opt(y, m, d).filter(|d| (1990..2100).contains(&d.year())).ok_or(Unreadable)
}

/// The lesson type a cell names: the catalog slugs, the Russian names and the abbreviations
/// of methodical tradition (УОНМ, КУ, УКЗ, …); the stem that comes first in the text wins.
/// `None` blank.
pub fn parse_kind(text: &str) -> Result<Option<LessonKind>, Unreadable> {
    let n = normalize(text);
    if n.is_empty() {
        return Ok(None);
    }
    if let Some(k) = LessonKind::from_slug(&n) {
        return Ok(Some(k));
    }
    let short: &[(&str, LessonKind)] = &[
        ("уонм", LessonKind::New),
        ("уизнм", LessonKind::New),
        ("онз", LessonKind::New),
        ("уонз", LessonKind::New),
        ("ку", LessonKind::Combined),
        ("узз", LessonKind::Practice),
        ("укпз", LessonKind::Practice),
        ("упзу", LessonKind::Practice),
        ("ур", LessonKind::Practice),
        ("уосз", LessonKind::Review),
        ("уобсз", LessonKind::Review),
        ("укз", LessonKind::Control),
        ("урк", LessonKind::Control),
        ("кр", LessonKind::Control),
        ("к р", LessonKind::Control),
        ("лр", LessonKind::Lab),
        ("пр", LessonKind::Lab),
    ];
    if let Some((_, k)) = short.iter().find(|(s, _)| *s == n) {
        return Ok(Some(*k));
    }
    let stems: &[(&str, LessonKind)] = &[
        ("лаборатор", LessonKind::Lab),
        ("практическ", LessonKind::Lab),
        ("контрол", LessonKind::Control),
        ("проверочн", LessonKind::Control),
        ("зачет", LessonKind::Control),
        ("тест", LessonKind::Control),
        ("диктант", LessonKind::Control),
        ("повтор", LessonKind::Review),
        ("обобщ", LessonKind::Review),
        ("систематиз", LessonKind::Review),
        ("закреплен", LessonKind::Practice),
        ("практикум", LessonKind::Practice),
        ("применен", LessonKind::Practice),
        ("отработк", LessonKind::Practice),
        ("рефлекс", LessonKind::Practice),
        ("решени", LessonKind::Practice),
        ("изучен", LessonKind::New),
        ("нов", LessonKind::New),
        ("открыти", LessonKind::New),
        ("комбинир", LessonKind::Combined),
        ("проект", LessonKind::Other),
        ("экскурс", LessonKind::Other),
        ("друг", LessonKind::Other),
        ("игр", LessonKind::Other),
        ("конференц", LessonKind::Other),
        ("семинар", LessonKind::Other),
    ];
    stems
        .iter()
        .filter_map(|(stem, k)| n.find(stem).map(|pos| (pos, *k)))
        .min_by_key(|(pos, _)| *pos)
        .map(|(_, k)| Some(k))
        .ok_or(Unreadable)
}

/// The Russian name of a lesson type as the export writes it (the import reads it back).
pub fn kind_name(k: LessonKind) -> &'static str {
    match k {
        LessonKind::New => "Изучение нового материала",
        LessonKind::Practice => "Закрепление",
        LessonKind::Combined => "Комбинированный",
        LessonKind::Review => "Повторение и обобщение",
        LessonKind::Control => "Контроль знаний",
        LessonKind::Lab => "Лабораторная/практическая работа",
        LessonKind::Other => "Другое",
    }
}

/// How the imported sections join the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every section of the plan is replaced.
    Replace,
    /// Added after the plan's topics; topics outside any section of the file go into the
    /// plan's last section.
    Append,
}

impl Mode {
    pub fn from_form(s: &str) -> Option<Mode> {
        match s {
            "replace" => Some(Mode::Replace),
            "append" => Some(Mode::Append),
            _ => None,
        }
    }
}

/// The plan's sections after the import.
pub fn apply_sections(existing: &[Section], imported: &[Section], mode: Mode) -> Vec<Section> {
    match mode {
        Mode::Replace => imported.to_vec(),
        Mode::Append => {
            let mut out = existing.to_vec();
            for (i, s) in imported.iter().enumerate() {
                match out.last_mut() {
                    Some(last) if i == 0 && s.title.is_empty() => {
                        last.topics.extend(s.topics.iter().cloned())
                    }
                    _ => out.push(s.clone()),
                }
            }
            out
        }
    }
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
