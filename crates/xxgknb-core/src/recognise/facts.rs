//! What the recogniser saw and could not simply put in the model: a lost
//! layout, an amount converted, a label that differs from the official
//! one, a value it could not place, an unsure OCR reading, a date that does
//! not exist. Each fact holds the evidence and where it was seen; the
//! recogniser records them in reading order and validation turns them into
//! findings (`validate::recorded`), so that the recogniser makes no finding
//! and chooses no severity.

use crate::document::SourcePos;

/// One thing the recogniser saw (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// A table read from flattened text lost its layout (columns written
    /// one after another, blank cells left out): its values were not
    /// extracted. `evidence` says, in Chinese, what showed it.
    LayoutLost {
        /// Table key.
        table: &'static str,
        /// What showed it, in Chinese.
        evidence: String,
        /// Where the table's text starts, when known.
        pos: Option<SourcePos>,
    },
    /// An amount of the active table printed in 元 was converted to 万元.
    UnitConverted {
        /// Row key of the active table.
        row: &'static str,
        /// Column key (`amount`).
        column: &'static str,
        /// The amount as printed, without the unit.
        printed: String,
        /// The value in 万元 that went into the model.
        wan: f64,
        /// Where it was read.
        pos: SourcePos,
    },
    /// An applications row label that matched no pattern was read as the
    /// one row whose official label it is closest to.
    LabelVariant {
        /// The row it was read as.
        row: &'static str,
        /// The label as printed (normalised).
        printed: String,
        /// The official label of that row.
        official: &'static str,
        /// Where the label is.
        pos: Option<SourcePos>,
    },
    /// An applications row label is equally close to several official
    /// labels: its row's numbers were not read.
    LabelAmbiguous {
        /// The label as printed (normalised).
        printed: String,
        /// The official labels it is equally close to.
        officials: Vec<&'static str>,
        /// Where the label is.
        pos: Option<SourcePos>,
    },
    /// A value read from positioned text could not be put in one cell; the
    /// cells stay blank.
    CellAmbiguous {
        /// Table key.
        table: &'static str,
        /// Row key (empty: a row whose label was not recognised).
        row: &'static str,
        /// The cells it may belong to (empty: any).
        columns: Vec<&'static str>,
        /// The value as printed.
        text: String,
        /// Why it was not placed, in Chinese.
        why: String,
        /// Where it was read.
        pos: SourcePos,
    },
    /// A value of a scanned page read with too little confidence (or two
    /// readings that disagree): left blank.
    OcrUncertain {
        /// Table key (empty: a grid that is none of the three tables).
        table: &'static str,
        /// Row key, when known.
        row: Option<&'static str>,
        /// Column key, when known.
        column: Option<&'static str>,
        /// The reading.
        text: String,
        /// The engine's confidence (0–100).
        confidence: f32,
        /// Where it was read.
        pos: SourcePos,
    },
    /// A date printed that does not exist in the calendar (it stays null).
    DateInvalid {
        /// The date as printed.
        date: String,
        /// Why it does not exist, in Chinese.
        why: String,
        /// Where it is.
        pos: SourcePos,
    },
}

impl Fact {
    /// An [`Fact::OcrUncertain`] of a value `u` read at `pos`, its column
    /// not known.
    pub(crate) fn unsure_read(
        table: &'static str,
        row: Option<&'static str>,
        u: &crate::document::UncertainRead,
        pos: &SourcePos,
    ) -> Fact {
        Fact::OcrUncertain {
            table,
            row,
            column: None,
            text: u.text.clone(),
            confidence: u.confidence,
            pos: pos.clone(),
        }
    }

    /// The row a label fact read its values under, if any.
    pub(crate) fn label_row(&self) -> Option<&'static str> {
        match self {
            Fact::LabelVariant { row, .. } => Some(row),
            _ => None,
        }
    }

    /// Is this an unsure reading at `pos`'s page and cell?
    pub(crate) fn is_uncertain_at(&self, at: &SourcePos) -> bool {
        matches!(self, Fact::OcrUncertain { pos, .. } if pos.page == at.page && pos.cell == at.cell)
    }
}
