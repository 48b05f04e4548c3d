//! Which rules `check` and `serve` run and how they report them: the
//! command-line flags (`--select`, `--ignore`, `--exit-zero`, …) over the
//! settings of a configuration file `xxgknb.toml` (found in the current
//! folder or one of its parents, or named with `--config`). See
//! `docs/config.md`.

use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use xxgknb_core::rules::{self, Rule};
use xxgknb_core::{Finding, Report, Severity};

/// The configuration file's name.
pub const FILE_NAME: &str = "xxgknb.toml";

/// Why the configuration could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("{}: 无法读取配置文件：{cause}", path.display())]
    Read {
        /// The configuration file.
        path: PathBuf,
        /// What the operating system said.
        cause: std::io::Error,
    },
    /// The file is not valid TOML or has unknown or mistyped keys.
    #[error("{}: 配置文件有误：{cause}", path.display())]
    Parse {
        /// The configuration file.
        path: PathBuf,
        /// The TOML parser's message.
        cause: Box<toml::de::Error>,
    },
    /// A rule name matches no rule.
    #[error("没有规则 {0}（`xxgknb rules` 列出全部规则）")]
    UnknownRule(String),
    /// A severity is not `error`, `warning` or `info`.
    #[error("规则 {rule} 的级别 {value:?} 无效：应为 error、warning 或 info（错误、警告、提示）")]
    BadSeverity {
        /// The rule.
        rule: String,
        /// The value given.
        value: String,
    },
}

/// The settings of `xxgknb.toml` (every key optional; see `docs/config.md`).
#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    /// Rules to run (ids, `PREFIX*` or `ALL`) [default: all].
    pub select: Option<Vec<String>>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Exit 0 even when error findings are found.
    pub exit_zero: Option<bool>,
    /// Print the number of findings per rule after the results.
    pub statistics: Option<bool>,
    /// Print only the verdict line of each file.
    pub quiet: Option<bool>,
    /// Print only files with errors or that could not be read.
    pub only_failing: Option<bool>,
    /// Parser threads.
    pub jobs: Option<usize>,
    /// Severity per rule id: `error`, `warning` or `info`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// Agencies that are county level or lower whatever their names say,
    /// for RULES_NOT_AUTHORIZED (any spelling: names are normalised).
    #[serde(default)]
    pub county_level: Vec<String>,
}

impl FileConfig {
    /// Parse the text of a configuration file.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            cause: Box::new(e),
        })
    }

    /// Read and parse a configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|cause| ConfigError::Read {
            path: path.to_path_buf(),
            cause,
        })?;
        Self::parse(path, &text)
    }
}

/// `xxgknb.toml` in `start` or the nearest of its parents that has one.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Where the settings come from: `explicit` (`--config`), else nothing
/// with `no_config`, else `xxgknb.toml` in `cwd` or its nearest parent.
pub fn config_path(
    explicit: Option<&Path>,
    no_config: bool,
    cwd: Option<&Path>,
) -> Option<PathBuf> {
    if no_config {
        None
    } else if let Some(p) = explicit {
        Some(p.to_path_buf())
    } else {
        cwd.and_then(find)
    }
}

/// The settings of the configuration file at `path` (defaults when
/// `None`) with the command line's `cli` put over them: what `check` and
/// `serve` both run with.
pub fn load_settings(path: Option<PathBuf>, cli: &Overrides) -> Result<Settings, ConfigError> {
    let file = match &path {
        Some(p) => FileConfig::load(p)?,
        None => FileConfig::default(),
    };
    Settings::resolve(&file, path, cli)
}

/// The rules a pattern names: an id (any case), `PREFIX*` or `ALL`.
fn matching(pattern: &str) -> Result<Vec<&'static Rule>, ConfigError> {
    let p = pattern.trim().to_ascii_uppercase();
    let found: Vec<&'static Rule> = if p == "ALL" {
        rules::ALL.to_vec()
    } else if let Some(prefix) = p.strip_suffix('*') {
        rules::ALL
            .iter()
            .copied()
            .filter(|r| r.id.starts_with(prefix))
            .collect()
    } else {
        rules::by_id(&p).into_iter().collect()
    };
    if found.is_empty() {
        return Err(ConfigError::UnknownRule(pattern.trim().to_string()));
    }
    Ok(found)
}

/// The ids a list of patterns names (comma-separated entries are split).
fn ids(patterns: &[String]) -> Result<HashSet<&'static str>, ConfigError> {
    let mut out = HashSet::new();
    for p in patterns
        .iter()
        .flat_map(|p| p.split(','))
        .filter(|p| !p.trim().is_empty())
    {
        out.extend(matching(p)?.iter().map(|r| r.id));
    }
    Ok(out)
}

/// A severity as written in the configuration.
pub fn parse_severity(s: &str) -> Option<Severity> {
    match s.trim().to_ascii_lowercase().as_str() {
        "error" | "错误" => Some(Severity::Error),
        "warning" | "warn" | "警告" => Some(Severity::Warning),
        "info" | "note" | "提示" => Some(Severity::Info),
        _ => None,
    }
}

/// The rule selection and reporting settings `check` runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Rules that run (after `select` and `ignore`).
    pub enabled: HashSet<&'static str>,
    /// Severity overrides.
    pub severity: BTreeMap<&'static str, Severity>,
    /// Normalised names of agencies taken as county level.
    pub county_level: HashSet<String>,
    /// Exit 0 even when error findings are found.
    pub exit_zero: bool,
    /// Print the number of findings per rule.
    pub statistics: bool,
    /// Verdict lines only.
    pub quiet: bool,
    /// Only files with errors or that could not be read.
    pub only_failing: bool,
    /// Parser threads, when the configuration sets them.
    pub jobs: Option<usize>,
    /// The configuration file used, if any.
    pub file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: rules::ALL.iter().map(|r| r.id).collect(),
            severity: BTreeMap::new(),
            county_level: HashSet::new(),
            exit_zero: false,
            statistics: false,
            quiet: false,
            only_failing: false,
            jobs: None,
            file: None,
        }
    }
}

/// What the command line says, to be put over the file's settings.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--select`: replaces the file's `select`.
    pub select: Option<Vec<String>>,
    /// `--ignore`: added to the file's `ignore`.
    pub ignore: Vec<String>,
    /// `--exit-zero`.
    pub exit_zero: bool,
    /// `--statistics`.
    pub statistics: bool,
    /// `-q`/`--quiet`.
    pub quiet: bool,
    /// `--only-failing`.
    pub only_failing: bool,
}

impl Settings {
    /// The settings from a file's configuration and the command line.
    pub fn resolve(
        file: &FileConfig,
        path: Option<PathBuf>,
        cli: &Overrides,
    ) -> Result<Self, ConfigError> {
        let select = cli.select.as_ref().or(file.select.as_ref());
        let mut enabled = match select {
            Some(s) => ids(s)?,
            None => rules::ALL.iter().map(|r| r.id).collect(),
        };
        for id in ids(&file.ignore)?.into_iter().chain(ids(&cli.ignore)?) {
            enabled.remove(id);
        }
        let mut severity = BTreeMap::new();
        for (rule, value) in &file.severity {
            let sev = parse_severity(value).ok_or_else(|| ConfigError::BadSeverity {
                rule: rule.clone(),
                value: value.clone(),
            })?;
            for r in matching(rule)? {
                severity.insert(r.id, sev);
            }
        }
        Ok(Settings {
            enabled,
            severity,
            county_level: file
                .county_level
                .iter()
                .map(|a| xxgknb_core::agency::normalise(a))
                .collect(),
            exit_zero: cli.exit_zero || file.exit_zero.unwrap_or(false),
            statistics: cli.statistics || file.statistics.unwrap_or(false),
            quiet: cli.quiet || file.quiet.unwrap_or(false),
            only_failing: cli.only_failing || file.only_failing.unwrap_or(false),
            jobs: file.jobs,
            file: path,
        })
    }

    /// A finding as configured: `None` when its rule is not selected,
    /// otherwise with the configured severity.
    pub fn adjust(&self, mut f: Finding) -> Option<Finding> {
        if !self.enabled.contains(f.rule.as_str()) {
            return None;
        }
        if let Some(s) = self.severity.get(f.rule.as_str()) {
            f.severity = *s;
        }
        Some(f)
    }

    /// Apply the settings to a report: RULES_NOT_AUTHORIZED for an agency
    /// configured as county level, then selection and severities.
    pub fn apply(&self, report: &mut Report) {
        let county = report.meta.agency.as_deref().is_some_and(|a| {
            self.county_level
                .contains(&xxgknb_core::agency::normalise(a))
        });
        if county {
            if let Some(f) =
                xxgknb_core::validate::authority::rules_not_authorized_known_county(report)
            {
                report.findings.push(f);
            }
        }
        let findings = std::mem::take(&mut report.findings);
        report.findings = findings
            .into_iter()
            .filter_map(|f| self.adjust(f))
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &Rule) -> Finding {
        rule.finding("m".into(), Default::default())
    }

    #[test]
    fn select_ignore_and_severities() {
        let file = FileConfig::parse(
            Path::new("xxgknb.toml"),
            "select = [\"APP_*\", \"blank_cells\"]\nignore = [\"APP_ROW_SUM\"]\n[severity]\nBLANK_CELLS = \"error\"\n",
        )
        .unwrap_or_default();
        let s = Settings::resolve(&file, None, &Overrides::default());
        let s = s.unwrap_or_default();
        assert!(s.enabled.contains("APP_BALANCE"));
        assert!(!s.enabled.contains("APP_ROW_SUM"));
        assert!(!s.enabled.contains("REVIEW_SUM"));
        let blank = s.adjust(finding(&rules::BLANK_CELLS));
        assert_eq!(blank.map(|f| f.severity), Some(Severity::Error));
        assert!(s.adjust(finding(&rules::REVIEW_SUM)).is_none());

        // the command line's --select replaces the file's; --ignore adds
        let cli = Overrides {
            select: Some(vec!["REVIEW_SUM,APP_ROW_SUM".into()]),
            ignore: vec!["APP_ROW_SUM".into()],
            ..Overrides::default()
        };
        let s = Settings::resolve(&file, None, &cli).unwrap_or_default();
        assert_eq!(s.enabled, HashSet::from(["REVIEW_SUM"]));
    }

    #[test]
    fn mistakes_are_errors() {
        let bad = |text: &str| FileConfig::parse(Path::new("x.toml"), text).is_err();
        assert!(bad("selekt = []"));
        assert!(bad("select = 3"));
        let file = FileConfig {
            select: Some(vec!["NO_SUCH_RULE".into()]),
            ..FileConfig::default()
        };
        let e = Settings::resolve(&file, None, &Overrides::default()).err();
        assert!(matches!(e, Some(ConfigError::UnknownRule(r)) if r == "NO_SUCH_RULE"));
        let file = FileConfig {
            severity: BTreeMap::from([("BLANK_CELLS".into(), "fatal".into())]),
            ..FileConfig::default()
        };
        assert!(Settings::resolve(&file, None, &Overrides::default()).is_err());
    }

    #[test]
    fn the_file_is_found_in_a_parent() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sub = dir.path().join("a").join("b");
        std::fs::create_dir_all(&sub).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(find(&sub), None);
        std::fs::write(dir.path().join(FILE_NAME), "quiet = true\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(find(&sub), Some(dir.path().join(FILE_NAME)));
    }
}
