//! The rule-selection and configuration flags that `check` and `serve`
//! share (`--select`, `--ignore`, `--config`, `--no-config`).

use std::path::PathBuf;
use xxgknb::config::{self, Overrides};

/// Which rules run and which `xxgknb.toml` is read.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RuleArgs {
    /// 只运行这些规则（逗号分隔；规则号、前缀加 *，或 ALL），取代配置文件的 select
    #[arg(long, value_name = "规则,...", value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// 不运行这些规则（逗号分隔），与配置文件的 ignore 合并
    #[arg(long, value_name = "规则,...", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// 配置文件 [默认：当前文件夹或其上级文件夹中的 xxgknb.toml]
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// 不读取任何配置文件
    #[arg(long)]
    pub no_config: bool,
}

impl RuleArgs {
    /// The configuration file to read: `--config`, else the nearest
    /// `xxgknb.toml` from the current folder up, none with `--no-config`.
    pub fn config_path(&self) -> Option<PathBuf> {
        let cwd = std::env::current_dir().ok();
        config::config_path(self.config.as_deref(), self.no_config, cwd.as_deref())
    }

    /// The selection flags as overrides of the file's settings (the other
    /// overrides at their defaults).
    pub fn overrides(&self) -> Overrides {
        Overrides {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            ..Overrides::default()
        }
    }
}
