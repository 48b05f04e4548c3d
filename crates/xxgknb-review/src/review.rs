//! One report as a reviewer reads it: who, which year, the verdict, and
//! every finding with where it is and the numbers involved.

use serde::{Deserialize, Serialize};
use xxgknb::locate;
use xxgknb_core::{Finding, Report, Severity};

/// A report's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No error finding.
    Pass,
    /// At least one error finding.
    Fail,
    /// The file could not be read.
    Unreadable,
}

impl Verdict {
    /// The verdict in Chinese: 通过 / 不通过 / 无法读取.
    pub fn chinese(self) -> &'static str {
        match self {
            Verdict::Pass => "通过",
            Verdict::Fail => "不通过",
            Verdict::Unreadable => "无法读取",
        }
    }
}

/// One finding with what a reviewer needs next to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingReview {
    /// The finding itself (rule, severity, message, location).
    pub finding: Finding,
    /// A cross-year finding (against the same agency's other year)?
    pub cross_year: bool,
    /// Where it is in the source file: `第3页 表2 第5行第3列`, `主动公开!B6`.
    pub place: Option<String>,
    /// The cell in the form's terms: table / row / column names.
    pub cell: Option<String>,
    /// The model key of the cell: `applications.new_received.total`.
    pub key: Option<String>,
    /// The value of the cell (`None` for a blank cell or no cell).
    pub value: Option<f64>,
    /// For a cross-year finding: the other year's value compared with.
    pub previous: Option<f64>,
}

impl FindingReview {
    /// A finding of a file read as `format`, with the value of its cell.
    pub fn new(format: &str, finding: Finding, cross_year: bool, value: Option<f64>) -> Self {
        let l = &finding.location;
        let key = match (&l.table, &l.row, &l.column) {
            (Some(t), Some(r), Some(c)) => Some(format!("{t}.{r}.{c}")),
            _ => None,
        };
        FindingReview {
            place: locate::describe(format, &l.source, None),
            cell: locate::cell_label(&finding),
            previous: l.previous.as_ref().map(|p| p.value.0),
            key,
            value,
            cross_year,
            finding,
        }
    }
}

/// The value in `report` of the cell a finding points at (`None` for a
/// blank cell or a finding without a cell).
pub fn cell_value(report: &Report, f: &Finding) -> Option<f64> {
    let l = &f.location;
    let (t, r, c) = (l.table.as_deref()?, l.row.as_deref()?, l.column.as_deref()?);
    table(report, t)?.value(r, c)
}

fn table<'a>(r: &'a Report, key: &str) -> Option<&'a xxgknb_core::model::TableData> {
    match key {
        "active" => r.tables.active.as_ref(),
        "applications" => r.tables.applications.as_ref(),
        "review_litigation" => r.tables.review_litigation.as_ref(),
        _ => None,
    }
}

/// One checked file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportReview {
    /// The file's name or path, as the user gave it.
    pub name: String,
    /// The agency as printed.
    pub agency: Option<String>,
    /// The year reported on.
    pub year: Option<i32>,
    /// The format read (`pdf`, `docx` …).
    pub format: Option<String>,
    /// The form edition detected (`2019` or `2021`).
    pub edition: Option<String>,
    /// Why the file could not be read (then there are no findings).
    pub unreadable: Option<String>,
    /// Every finding, single-report ones first, then cross-year ones.
    pub findings: Vec<FindingReview>,
}

impl ReportReview {
    /// A checked report (the rule selection already applied to it).
    pub fn from_report(name: &str, report: &Report) -> Self {
        let findings = report
            .findings
            .iter()
            .map(|f| {
                FindingReview::new(
                    &report.source.format,
                    f.clone(),
                    false,
                    cell_value(report, f),
                )
            })
            .collect();
        ReportReview {
            name: name.to_string(),
            agency: report.meta.agency.clone(),
            year: report.meta.year,
            format: Some(report.source.format.clone()).filter(|f| !f.is_empty()),
            edition: report.meta.format_edition.clone(),
            unreadable: None,
            findings,
        }
    }

    /// A file that could not be read, and why (in Chinese).
    pub fn unreadable(name: &str, format: Option<String>, reason: &str) -> Self {
        ReportReview {
            name: name.to_string(),
            agency: None,
            year: None,
            format,
            edition: None,
            unreadable: Some(reason.to_string()),
            findings: Vec::new(),
        }
    }

    /// Add cross-year findings of this report, each with the value of its
    /// cell in this report.
    pub fn add_cross_year(&mut self, findings: impl IntoIterator<Item = (Finding, Option<f64>)>) {
        let format = self.format.clone().unwrap_or_default();
        self.findings.extend(
            findings
                .into_iter()
                .map(|(f, v)| FindingReview::new(&format, f, true, v)),
        );
    }

    /// 通过 / 不通过 / 无法读取.
    pub fn verdict(&self) -> Verdict {
        if self.unreadable.is_some() {
            Verdict::Unreadable
        } else if self.count(Severity::Error) > 0 {
            Verdict::Fail
        } else {
            Verdict::Pass
        }
    }

    /// How many findings have severity `s`.
    pub fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.finding.severity == s)
            .count()
    }

    /// The agency as shown: as printed, or 未识别机关.
    pub fn agency_or_unknown(&self) -> &str {
        self.agency.as_deref().unwrap_or("未识别机关")
    }

    /// The year as shown: `2023` or `?`.
    pub fn year_text(&self) -> String {
        self.year.map_or("?".to_string(), |y| y.to_string())
    }
}

/// The reports grouped by agency (as printed; unknown agencies last), each
/// group in year order: the order both outputs use.
pub(crate) fn by_agency(reports: &[ReportReview]) -> Vec<(String, Vec<&ReportReview>)> {
    let mut groups: std::collections::BTreeMap<(bool, String), Vec<&ReportReview>> =
        std::collections::BTreeMap::new();
    for r in reports {
        let key = match &r.agency {
            Some(a) => (false, xxgknb_core::agency::normalise(a)),
            None => (true, String::new()),
        };
        groups.entry(key).or_default().push(r);
    }
    groups
        .into_values()
        .map(|mut g| {
            g.sort_by(|a, b| a.year.cmp(&b.year).then(a.name.cmp(&b.name)));
            let name = g
                .first()
                .map_or("未识别机关", |r| r.agency_or_unknown())
                .to_string();
            (name, g)
        })
        .collect()
}
