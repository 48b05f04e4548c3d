//! What the server runs with ([`Config`]) and what its handlers share
//! ([`App`]): the store, the rule settings, the parser pool, and the
//! per-process memory of source snippets and re-upload differences.

use crate::ServeError;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use xxgknb::config::Settings;
use xxgknb_core::{Finding, Limits};
use xxgknb_store::Store;

/// How many reports' source snippets are kept in memory (they are not in
/// the store; a report beyond this shows its findings without snippets).
const SNIPPET_REPORTS: usize = 5000;

/// What `xxgknb serve` runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite store (created when missing).
    pub db: PathBuf,
    /// The rule selection and severities (`xxgknb.toml`, `--select`, …).
    pub settings: Settings,
    /// Parser limits per file (as in the CLI).
    pub limits: Limits,
    /// Largest file accepted in an upload.
    pub max_upload_bytes: u64,
    /// Most files in one upload request.
    pub max_upload_files: usize,
    /// Access token: required on every request when set.
    pub token: Option<String>,
    /// Accept any `Host` header (a shared server); otherwise only
    /// loopback names, against DNS rebinding.
    pub any_host: bool,
    /// Parser threads.
    pub jobs: usize,
}

impl Config {
    /// A configuration with the defaults: every rule, library limits,
    /// 50 MiB per uploaded file, 200 files per request, no token.
    pub fn new(db: PathBuf) -> Self {
        Config {
            db,
            settings: Settings::default(),
            limits: Limits::default(),
            max_upload_bytes: 50 << 20,
            max_upload_files: 200,
            token: None,
            any_host: false,
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// The largest request body: one request of the most files at the
    /// largest size would be too much memory, so a request holds at most
    /// four maximal files' worth.
    pub fn max_request_bytes(&self) -> usize {
        let per_file = self.max_upload_bytes.min(self.limits.max_file_bytes);
        usize::try_from(per_file.saturating_mul(4).saturating_add(1 << 20)).unwrap_or(usize::MAX)
    }
}

/// What a re-upload changed: the findings of the version it replaced,
/// sorted into fixed, remaining and new.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diff {
    /// The report id it replaced.
    pub replaced: String,
    /// In the old version, not in the new one.
    pub fixed: Vec<Finding>,
    /// In both.
    pub remaining: Vec<Finding>,
    /// Only in the new version.
    pub new: Vec<Finding>,
}

/// The state every handler shares.
pub struct App {
    /// What the server runs with.
    pub config: Config,
    store: Mutex<Store>,
    /// Parser threads (CPU-bound work never runs on the executor).
    pub pool: rayon::ThreadPool,
    /// Report id → the source snippet of each single-report finding.
    snippets: Mutex<HashMap<String, Vec<Option<String>>>>,
    /// Report id → what its upload changed against the version it replaced.
    diffs: Mutex<HashMap<String, Diff>>,
    /// Report id → the browser batch (one drop) it was uploaded in.
    batches: Mutex<HashMap<String, String>>,
}

impl App {
    /// Open the store and start the parser pool.
    pub fn new(config: Config) -> Result<Arc<App>, ServeError> {
        let store = Store::open(&config.db)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(config.jobs.max(1))
            .thread_name(|i| format!("xxgknb-serve-parse-{i}"))
            .build()
            .map_err(|e| ServeError::Threads(e.to_string()))?;
        Ok(Arc::new(App {
            config,
            store: Mutex::new(store),
            pool,
            snippets: Mutex::new(HashMap::new()),
            diffs: Mutex::new(HashMap::new()),
            batches: Mutex::new(HashMap::new()),
        }))
    }

    /// The store, locked (call from a blocking task only). A panic while
    /// it was held does not make it unusable: SQLite rolled back.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Remember a report's snippets (bounded: the oldest are not tracked,
    /// so when full the map is cleared and starts again).
    pub fn keep_snippets(&self, id: &str, snippets: Vec<Option<String>>) {
        let mut m = self.snippets.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= SNIPPET_REPORTS {
            m.clear();
        }
        m.insert(id.to_string(), snippets);
    }

    /// The snippets of a report's findings, if this process read it.
    pub fn snippets(&self, id: &str) -> Option<Vec<Option<String>>> {
        let m = self.snippets.lock().unwrap_or_else(|p| p.into_inner());
        m.get(id).cloned()
    }

    /// Remember what an upload changed.
    pub fn keep_diff(&self, id: &str, diff: Diff) {
        let mut m = self.diffs.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= SNIPPET_REPORTS {
            m.clear();
        }
        m.insert(id.to_string(), diff);
    }

    /// Remember the batch (one drop in the page) a report came in.
    pub fn keep_batch(&self, id: &str, batch: &str) {
        let mut m = self.batches.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= SNIPPET_REPORTS {
            m.clear();
        }
        m.insert(id.to_string(), batch.to_string());
    }

    /// The batch a report came in, if this process received it.
    pub fn batch_of(&self, id: &str) -> Option<String> {
        let m = self.batches.lock().unwrap_or_else(|p| p.into_inner());
        m.get(id).cloned()
    }

    /// What the upload of a report changed, if it replaced another.
    pub fn diff(&self, id: &str) -> Option<Diff> {
        let m = self.diffs.lock().unwrap_or_else(|p| p.into_inner());
        m.get(id).cloned()
    }
}
