//! The report model: the JSON that `xxgknb parse` prints (see MODEL.md).
//!
//! Tables are kept as ordered maps of row key → column key → value so that
//! the JSON keys are exactly MODEL.md's and their order is the printed
//! order of the official form.

use crate::document::SourcePos;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A numeric cell value. Serialised as a JSON integer when it is whole,
/// otherwise as a float.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        f64::deserialize(d).map(Num)
    }
}

/// A map that keeps its insertion order, serialised as a JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Mutable access to the value under `key`.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.0.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Insert or replace.
    pub fn insert(&mut self, key: impl Into<String>, value: V) {
        let key = key.into();
        match self.get_mut(&key) {
            Some(v) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// Entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Does the map hold `key`?
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V2<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V2<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, V>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(V2(std::marker::PhantomData))
    }
}

/// One table row: column key → value (`None` = blank in the document).
pub type Row = OrderedMap<Option<Num>>;

/// One statistical table: row key → row.
pub type TableData = OrderedMap<Row>;

impl TableData {
    /// The value at (row, column) as a number, blank and absent as `None`.
    pub fn value(&self, row: &str, col: &str) -> Option<f64> {
        self.get(row)
            .and_then(|r| r.get(col))
            .copied()
            .flatten()
            .map(|n| n.0)
    }

    /// The value at (row, column) with blank counted as 0.
    pub fn value_or_zero(&self, row: &str, col: &str) -> f64 {
        self.value(row, col).unwrap_or(0.0)
    }
}

/// Which file the report was read from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Source {
    /// The path as given.
    pub path: String,
    /// `pdf`, `docx`, `xlsx`, `xls`, `ods`, `html` or `txt`.
    pub format: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
}

/// The statistical period the report states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Period {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`.
    pub end: String,
}

/// Facts about the report as a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Meta {
    /// Issuing body as printed.
    pub agency: Option<String>,
    /// The year the report covers.
    pub year: Option<i32>,
    /// The title as printed.
    pub title: Option<String>,
    /// 文号, if printed.
    pub doc_number: Option<String>,
    /// 落款日期, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Statistical period, if stated.
    pub period: Option<Period>,
    /// `"2021"` or `"2019"`: which edition of the tables.
    pub format_edition: Option<String>,
}

/// One of the six sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// 1 to 6.
    pub number: u8,
    /// The heading as printed, without its numeral.
    pub title: String,
    /// Body text, paragraphs joined with `\n`.
    pub text: String,
}

/// The three statistical tables; `None` where the document lacks one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tables {
    /// 主动公开政府信息情况.
    pub active: Option<TableData>,
    /// 收到和处理政府信息公开申请情况.
    pub applications: Option<TableData>,
    /// 政府信息公开行政复议、行政诉讼情况.
    pub review_litigation: Option<TableData>,
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Info,
    /// Probably wrong, needs a look.
    Warning,
    /// Definitely inconsistent.
    Error,
}

impl Severity {
    /// Lower-case name as in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Chinese name for people.
    pub fn chinese(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// Where a finding applies: table/row/column keys and the source position.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Location {
    /// `active`, `applications` or `review_litigation`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub table: Option<String>,
    /// Row key, e.g. `total_processed`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<String>,
    /// Column key, e.g. `natural_person`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
    /// Section number for section findings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub section: Option<u8>,
    /// For cross-year findings: the other year's cell compared with.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub previous: Option<PreviousCell>,
    /// Where in the source file.
    #[serde(flatten)]
    pub source: SourcePos,
}

/// The cell of the year before that a cross-year finding compares with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreviousCell {
    /// That year's report file.
    pub path: String,
    /// That report's year.
    pub year: i32,
    /// Row key of the cell (the column is the finding's).
    pub row: String,
    /// Its value.
    pub value: Num,
}

/// One validation result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Stable rule id, e.g. `APP_BALANCE`.
    pub rule: String,
    /// How serious.
    pub severity: Severity,
    /// What and where, with the numbers involved (Chinese).
    pub message: String,
    /// Where it applies.
    pub location: Location,
}

/// A parsed and validated report: MODEL.md's top-level object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// Which file.
    pub source: Source,
    /// Document facts.
    pub meta: Meta,
    /// The sections found, in order.
    pub sections: Vec<Section>,
    /// The three tables.
    pub tables: Tables,
    /// Validation findings.
    pub findings: Vec<Finding>,
    /// Provenance: where each table value was read, keyed
    /// `table.row.column` (an extension of MODEL.md).
    #[serde(default, skip_serializing_if = "OrderedMap::is_empty")]
    pub positions: OrderedMap<SourcePos>,
}

impl Report {
    /// True when any finding has severity error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Source position of a table value, if recorded.
    pub fn position_of(&self, table: &str, row: &str, col: &str) -> Option<&SourcePos> {
        self.positions.get(&format!("{table}.{row}.{col}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_serialises_whole_numbers_as_integers() {
        let v = serde_json::to_string(&vec![Num(9.0), Num(7539.443252), Num(-27.0)])
            .unwrap_or_default();
        assert_eq!(v, "[9,7539.443252,-27]");
    }

    #[test]
    fn ordered_map_round_trips_in_order() {
        let mut m: Row = OrderedMap::default();
        m.insert("z", Some(Num(1.0)));
        m.insert("a", None);
        let s = serde_json::to_string(&m).unwrap_or_default();
        assert_eq!(s, r#"{"z":1,"a":null}"#);
        let back: Row = serde_json::from_str(&s).unwrap_or_default();
        assert_eq!(back, m);
    }
}
