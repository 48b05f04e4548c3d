//! Batch ingest: find the files, parse them in parallel, write each one in
//! its own transaction, then recompute the cross-year findings.
//!
//! Parsing runs on a rayon pool of `jobs` threads; the calling thread is the
//! only writer. A bounded channel between them keeps memory flat however
//! large the batch.

use crate::record::Parsed;
use crate::store::{Entry, Reader, Store, Written};
use crate::StoreError;
use rayon::prelude::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// The parse step the caller supplies: path and bytes to a MODEL.md report
/// object, or an error message saying why the file is unreadable.
pub type ParseFn = dyn Fn(&Path, &[u8]) -> Result<Value, String> + Sync;

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Parser threads (at least 1).
    pub jobs: usize,
    /// Re-parse files even if their bytes are already stored.
    pub force: bool,
    /// Version of the tool, stored with each report; a stored report
    /// written by another version is parsed again.
    pub tool_version: String,
    /// Test hook: stop (as if killed) after this many reports are written,
    /// before the cross-year findings are recomputed.
    pub stop_after: Option<usize>,
    /// Files larger than this are recorded as unreadable without being
    /// read into memory.
    pub max_file_bytes: u64,
    /// `ingest --prune`: the inputs of the batch. A stored path under one of
    /// them (equal to it, or inside it as a folder) that is not among the
    /// batch's files is forgotten, and a report left with no path removed.
    /// Empty: nothing is pruned.
    pub prune: Vec<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            jobs: 1,
            force: false,
            tool_version: String::new(),
            stop_after: None,
            max_file_bytes: 200 * 1024 * 1024,
            prune: Vec::new(),
        }
    }
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Parsed and stored, no error finding.
    Ok,
    /// Parsed and stored, with this many error findings.
    WithErrors(usize),
    /// Could not be read or parsed; stored with the error.
    Unreadable(String),
    /// Same bytes already stored: skipped.
    Unchanged,
}

/// Progress report after each file.
#[derive(Debug, Clone)]
pub struct Progress<'a> {
    /// Files finished so far (including this one).
    pub done: usize,
    /// Files in the batch.
    pub total: usize,
    /// The file.
    pub path: &'a str,
    /// What happened to it.
    pub outcome: &'a Outcome,
    /// True if it replaced an older version of the same path.
    pub replaced: bool,
}

/// Counts of a finished batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Files in the batch.
    pub files: usize,
    /// Stored without error findings.
    pub ok: usize,
    /// Stored with error findings.
    pub with_errors: usize,
    /// Unreadable (stored with their error).
    pub unreadable: usize,
    /// Skipped because unchanged.
    pub unchanged: usize,
    /// Of the stored ones, how many replaced an older version of their path.
    pub replaced: usize,
    /// Stored paths forgotten by `prune` (the files are gone).
    pub pruned: usize,
    /// Cross-year findings in the whole store after the batch.
    pub cross_year_findings: usize,
}

/// Collect the files of `inputs`: a file is taken as given; a folder is
/// walked recursively and its files kept if `accept` says so. The result is
/// sorted and free of duplicates. An input that does not exist is an error
/// naming it; an entry inside a folder that cannot be walked (permissions,
/// a symbolic-link loop) is kept, so that the batch records it as
/// unreadable and goes on.
pub fn collect_files(
    inputs: &[PathBuf],
    accept: &dyn Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, StoreError> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| StoreError::Input {
            path: input.display().to_string(),
            source: e,
        })?;
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(input).follow_links(true) {
                match entry {
                    Ok(e) if e.file_type().is_file() && accept(e.path()) => out.push(e.into_path()),
                    Ok(_) => {}
                    Err(e) => {
                        if let Some(p) = e.path() {
                            out.push(p.to_path_buf());
                        }
                    }
                }
            }
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The path as stored: as given, without a leading `./`; a name that is
/// not UTF-8 in the lossless form of [`crate::escaped_path`] (reopen it
/// with [`crate::stored_path`]).
pub fn path_key(path: &Path) -> String {
    let s = crate::escaped_path(path).unwrap_or_else(|| path.display().to_string());
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

/// Is the stored path `path` the input `root` or inside it (both as
/// [`path_key`] gives them; the root `.` holds every relative path)?
pub fn is_under(path: &str, root: &str) -> bool {
    if root == "." {
        return !Path::new(path).is_absolute();
    }
    Path::new(path).starts_with(root)
}

/// Hex sha256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// One file's result as sent from a parser thread to the writer.
enum Message {
    Skip {
        id: String,
        path: String,
    },
    Write {
        id: String,
        path: String,
        entry: Entry,
    },
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Read, hash and (unless already known) parse one file.
fn process(path: &Path, parse: &ParseFn, stored: Option<&Reader>, opts: &Options) -> Message {
    let key = path_key(path);
    let unread = |error: String| Message::Write {
        id: format!("unread:{key}"),
        path: key.clone(),
        entry: Entry::Unreadable {
            format: extension(path),
            error,
        },
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return unread("cannot read: a folder that cannot be walked".into()),
        Ok(m) if m.len() > opts.max_file_bytes => {
            return unread(format!(
                "file too large: {} bytes (limit {})",
                m.len(),
                opts.max_file_bytes
            ))
        }
        Ok(_) => {}
        Err(e) => return unread(format!("cannot read: {e}")),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return unread(format!("cannot read: {e}")),
    };
    let id = sha256_hex(&bytes);
    // a lookup that fails (the database busy past the timeout) just means
    // parsing: the writer checks again before it writes
    let version = stored.and_then(|r| r.stored_version(&id).ok().flatten());
    if !opts.force && version.as_ref() == Some(&opts.tool_version) {
        return Message::Skip { id, path: key };
    }
    // a panicking parser must not take the batch down with it
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse(path, &bytes)))
        .unwrap_or_else(|_| Err("the parser panicked on this file".to_string()));
    drop(bytes);
    let entry = match result {
        Ok(json) => Entry::Parsed(Box::new(Parsed::from_report(json, &key, &id))),
        Err(error) => Entry::Unreadable {
            format: extension(path),
            error,
        },
    };
    Message::Write {
        id,
        path: key,
        entry,
    }
}

/// Ingest `files` into `store`. Each file is written in its own
/// transaction; unchanged files are skipped; a file whose bytes changed
/// replaces the rows of its path. At the end the cross-year findings of the
/// whole store are recomputed.
pub fn ingest(
    store: &mut Store,
    files: &[PathBuf],
    parse: &ParseFn,
    opts: &Options,
    progress: &mut dyn FnMut(&Progress<'_>),
) -> Result<Summary, StoreError> {
    let db = store.file();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| StoreError::Threads(e.to_string()))?;
    let (tx, rx) = mpsc::sync_channel::<Message>(opts.jobs.max(1) * 2);
    let cancel = AtomicBool::new(false);
    let mut summary = Summary {
        files: files.len(),
        ..Summary::default()
    };

    let stopped = std::thread::scope(|scope| -> Result<Option<usize>, StoreError> {
        let cancel = &cancel;
        let db = db.as_deref();
        scope.spawn(move || {
            pool.install(|| {
                // what is stored is asked of the database (one read-only
                // connection per worker), not held in memory: memory stays
                // flat however many reports the store and the batch hold
                let init = || (tx.clone(), db.and_then(|d| Reader::open(d).ok()));
                files.par_iter().for_each_init(init, |(tx, reader), path| {
                    if cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let msg = process(path, parse, reader.as_ref(), opts);
                    if tx.send(msg).is_err() {
                        cancel.store(true, Ordering::Relaxed);
                    }
                });
            });
        });
        let result = write_all(store, &rx, opts, &mut summary, progress);
        if result.is_err() {
            cancel.store(true, Ordering::Relaxed);
        }
        drop(rx);
        result
    })?;

    if let Some(written) = stopped {
        return Err(StoreError::Interrupted { written });
    }
    if !opts.prune.is_empty() {
        let roots: Vec<String> = opts.prune.iter().map(|p| path_key(p)).collect();
        let batch: std::collections::HashSet<String> = files.iter().map(|p| path_key(p)).collect();
        summary.pruned =
            store.prune(&|p: &str| !batch.contains(p) && roots.iter().any(|r| is_under(p, r)))?;
    }
    summary.cross_year_findings = store.refresh_cross_year()?;
    Ok(summary)
}

/// A skipped file (its bytes are stored): record its path unless it is
/// recorded already; what the path held before is detached.
fn note_path(store: &mut Store, path: &str, id: &str) -> Result<bool, StoreError> {
    if store.report_at(path)?.is_some_and(|k| k == id) {
        return Ok(false);
    }
    store.record_path(path, id)
}

/// The writer loop: one transaction per file. Returns `Some(written)` if
/// the `stop_after` hook stopped it early.
fn write_all(
    store: &mut Store,
    rx: &mpsc::Receiver<Message>,
    opts: &Options,
    summary: &mut Summary,
    progress: &mut dyn FnMut(&Progress<'_>),
) -> Result<Option<usize>, StoreError> {
    let mut done = 0usize;
    let mut written = 0usize;
    for msg in rx.iter() {
        done += 1;
        let (path, outcome, replaced) = match msg {
            Message::Skip { id, path } => {
                let replaced = note_path(store, &path, &id)?;
                (path, Outcome::Unchanged, replaced)
            }
            Message::Write { id, path, entry } => {
                // the same bytes twice in one batch: keep the first
                if !opts.force && store.stored_version(&id)?.as_ref() == Some(&opts.tool_version) {
                    let replaced = note_path(store, &path, &id)?;
                    (path, Outcome::Unchanged, replaced)
                } else {
                    let outcome = match &entry {
                        Entry::Unreadable { error, .. } => Outcome::Unreadable(error.clone()),
                        Entry::Parsed(p) => {
                            let n = p
                                .findings
                                .iter()
                                .filter(|f| f.severity == xxgknb_core::Severity::Error)
                                .count();
                            if n == 0 {
                                Outcome::Ok
                            } else {
                                Outcome::WithErrors(n)
                            }
                        }
                    };
                    let w = store.write(&id, &path, &entry, &opts.tool_version, opts.force)?;
                    match w {
                        Written::Stored { replaced } => {
                            written += 1;
                            (path, outcome, replaced)
                        }
                        // another process stored it since the batch started
                        Written::AlreadyStored { replaced } => (path, Outcome::Unchanged, replaced),
                    }
                }
            }
        };
        match &outcome {
            Outcome::Ok => summary.ok += 1,
            Outcome::WithErrors(_) => summary.with_errors += 1,
            Outcome::Unreadable(_) => summary.unreadable += 1,
            Outcome::Unchanged => summary.unchanged += 1,
        }
        if replaced {
            summary.replaced += 1;
        }
        progress(&Progress {
            done,
            total: summary.files,
            path: &path,
            outcome: &outcome,
            replaced,
        });
        if opts.stop_after.is_some_and(|n| written >= n) && done < summary.files {
            return Ok(Some(written));
        }
    }
    Ok(None)
}
