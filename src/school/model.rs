//! The school card: who this instance belongs to.

use serde::{Deserialize, Serialize};

use crate::store::ids::BlobId;
use crate::store::table::{AnyTable, Tbl};
use crate::store::tables::SINGLE;

/// The school's details, shown in page headers, letters and printed reports.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SchoolCard {
    pub full_name: String,
    pub short_name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub director: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub website: String,
    /// IANA time zone of the school; dates of lessons and marks are local to it.
    pub time_zone: String,
    #[serde(default)]
    pub logo: Option<BlobId>,
    /// How averages round to a suggested final mark.
    #[serde(default)]
    pub rounding: Rounding,
}

impl Default for SchoolCard {
    fn default() -> Self {
        SchoolCard {
            full_name: String::new(),
            short_name: "Parta".into(),
            address: String::new(),
            director: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            time_zone: "Europe/Moscow".into(),
            logo: None,
            rounding: Default::default(),
        }
    }
}

/// How an average becomes a mark: a school setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// x.5 and above rounds up (the default).
    #[default]
    Half,
    /// x.6 and above rounds up.
    Strict,
}

impl Rounding {
    /// The fraction, in tenths, from which an average rounds up.
    pub fn tenths(self) -> u64 {
        match self {
            Rounding::Half => 5,
            Rounding::Strict => 6,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Rounding::Half => "half",
            Rounding::Strict => "strict",
        }
    }

    pub fn from_key(key: &str) -> Option<Rounding> {
        [Rounding::Half, Rounding::Strict].into_iter().find(|r| r.key() == key)
    }
}

// The tables this module owns: only it reads or writes them; others call its functions.

/// `() -> SchoolCard`: the school's name, address, director, time zone, logo.
pub const SCHOOL: Tbl<(), SchoolCard> = Tbl::new("school-1");

/// Every table of this module, for the registry that backup, `check` and migrations walk.
pub const TABLES: &[&dyn AnyTable] = &[&SCHOOL];

/// The school's card (a default one in a file that has none yet).
pub fn card(tx: &impl crate::store::Reader) -> Result<SchoolCard, crate::store::StoreError> {
    Ok(SCHOOL.get(tx, &SINGLE)?.unwrap_or_default())
}

/// Replaces the card.
pub fn save_card(tx: &redb::WriteTransaction, card: &SchoolCard) -> Result<(), crate::store::StoreError> {
    SCHOOL.insert(tx, &SINGLE, card)
}

/// Migration `0002-default-school-card`: a new file gets a card to fill in.
pub fn default_card(tx: &redb::WriteTransaction) -> Result<(), crate::store::StoreError> {
    if SCHOOL.get(tx, &SINGLE)?.is_none() {
        SCHOOL.insert(tx, &SINGLE, &SchoolCard::default())?;
    }
    Ok(())
}
