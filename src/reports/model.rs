//! A report as data: what the screen, the printer, the files and a frozen snapshot all show.
//! Reports build a [`Report`] once; rendering and exporting never go back to the journal, so a
//! submitted snapshot reads exactly as it did when it was handed in.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalog::Kind;
use super::chart::Chart;
use super::table::{Sheet, Table};

/// A part of a report, in the order shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    /// Figures as «label: value» lines.
    Facts(Vec<(String, String)>),
    Table(Table),
    Chart(Chart),
    /// A paragraph of text.
    Note(String),
    /// What follows starts on a new sheet of paper (one letter per page).
    PageBreak,
}

/// A built report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub kind: Kind,
    /// «Качество знаний и успеваемость».
    pub title: String,
    /// What it covers: «5А · 1 четверть», «Иванов Пётр».
    pub subtitle: Vec<String>,
    pub school: String,
    /// The day it was made.
    pub made: NaiveDate,
    pub blocks: Vec<Block>,
}

impl Report {
    /// The lines above every sheet of the files: school, report, what it covers, the date.
    pub fn title_lines(&self, made: &str) -> Vec<String> {
        let mut lines = vec![self.school.clone(), self.title.clone()];
        lines.extend(self.subtitle.iter().cloned());
        lines.push(made.to_string());
        lines
    }

    /// The tables for the files, each with the report's lines and the headings, facts and notes
    /// shown before it (since the previous table).
    pub fn sheets(&self, made: &str) -> Vec<Sheet<'_>> {
        let mut out = Vec::new();
        let mut before: Vec<String> = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Heading(s) | Block::Note(s) => before.push(s.clone()),
                Block::Facts(f) => before.extend(f.iter().map(|(k, v)| format!("{k}: {v}"))),
                Block::Table(table) => {
                    let mut lines = self.title_lines(made);
                    lines.append(&mut before);
                    out.push(Sheet { lines, table });
                }
                // A new page starts a new part (one letter per page): nothing carries over.
                Block::PageBreak => before.clear(),
                Block::Chart(_) => {}
            }
        }
        out
    }

    /// The tables of the report, for tests and summaries.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }
}
