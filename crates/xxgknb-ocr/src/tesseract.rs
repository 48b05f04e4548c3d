//! The `tesseract` command: a PGM image on its standard input, TSV (word
//! boxes with confidences) on its standard output, stopped after a
//! timeout.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::OcrError;

/// The Debian packages that bring the command and its Chinese model.
pub const PACKAGES: &str = "tesseract-ocr tesseract-ocr-chi-sim";

/// How to run the command.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The program run (`tesseract` on the PATH unless configured).
    pub binary: String,
    /// Longest one run may take.
    pub timeout: Duration,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            binary: std::env::var("XXGKNB_TESSERACT").unwrap_or_else(|_| "tesseract".into()),
            timeout: Duration::from_secs(60),
        }
    }
}

/// One word as Tesseract read it, with its box (pixels of the image sent)
/// and its confidence (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Block, paragraph and line numbers (Tesseract's reading order).
    pub line: (u32, u32, u32),
    /// Left edge.
    pub left: i64,
    /// Top edge.
    pub top: i64,
    /// Width.
    pub width: i64,
    /// Height.
    pub height: i64,
    /// Confidence, 0–100.
    pub conf: f32,
    /// The text.
    pub text: String,
}

impl Word {
    /// Centre of the box.
    pub fn centre(&self) -> (i64, i64) {
        (self.left + self.width / 2, self.top + self.height / 2)
    }
}

/// What one run reads: language, page segmentation mode, and an optional
/// character whitelist.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    /// Tesseract language (`chi_sim`, `eng`).
    pub lang: &'a str,
    /// Page segmentation mode (3 automatic, 6 one block, 7 one line).
    pub psm: u8,
    /// Only these characters may be read.
    pub whitelist: Option<&'a str>,
}

impl Engine {
    /// Run Tesseract on a PGM image and parse its TSV words.
    pub fn words(&self, pgm: &[u8], job: Job<'_>) -> Result<Vec<Word>, OcrError> {
        let tsv = self.run(pgm, job)?;
        Ok(parse_tsv(&tsv))
    }

    fn run(&self, pgm: &[u8], job: Job<'_>) -> Result<String, OcrError> {
        let mut cmd = Command::new(&self.binary);
        cmd.arg("stdin")
            .arg("stdout")
            .arg("-l")
            .arg(job.lang)
            .arg("--psm")
            .arg(job.psm.to_string());
        if let Some(w) = job.whitelist {
            cmd.arg("-c").arg(format!("tessedit_char_whitelist={w}"));
        }
        // pages run in parallel already: one thread per Tesseract run
        // (its OpenMP threads spin and cost more than they give)
        cmd.arg("tsv")
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                OcrError::Missing {
                    binary: self.binary.clone(),
                }
            } else {
                OcrError::Engine(format!("cannot start {}: {e}", self.binary))
            }
        })?;
        let mut stdin = child.stdin.take();
        let input = pgm.to_vec();
        let writer = std::thread::spawn(move || {
            if let Some(s) = stdin.as_mut() {
                let _ = s.write_all(&input);
            }
            drop(stdin);
        });
        let mut stdout = child.stdout.take();
        let reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(s) = stdout.as_mut() {
                let _ = s.read_to_end(&mut out);
            }
            out
        });
        let mut stderr = child.stderr.take();
        let err_reader = std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(s) = stderr.as_mut() {
                let _ = s.read_to_end(&mut out);
            }
            out
        });
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {
                    if started.elapsed() > self.timeout {
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(OcrError::Timeout(self.timeout));
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(OcrError::Engine(format!("waiting for tesseract: {e}"))),
            }
        };
        let _ = writer.join();
        let out = reader.join().unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        if !status.success() {
            let msg = String::from_utf8_lossy(&err);
            if msg.contains("Failed loading language") || msg.contains("Error opening data file") {
                return Err(OcrError::Missing {
                    binary: format!("{} (language {})", self.binary, job.lang),
                });
            }
            return Err(OcrError::Engine(format!(
                "tesseract failed ({status}): {}",
                msg.lines().take(3).collect::<Vec<_>>().join(" / ")
            )));
        }
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

/// Words of Tesseract's TSV output (level 5 rows with text).
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [level, _page, block, par, ln, _word, left, top, width, height, conf, text] =
            f.as_slice()
        else {
            continue;
        };
        if *level != "5" {
            continue;
        }
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let n = |s: &str| s.trim().parse::<i64>().unwrap_or(0);
        let u = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
        out.push(Word {
            line: (u(block), u(par), u(ln)),
            left: n(left),
            top: n(top),
            width: n(width),
            height: n(height),
            conf: conf.trim().parse::<f32>().unwrap_or(0.0),
            text: text.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_keep_boxes_and_confidence() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t30\t15\t96.5\t202\n\
                   5\t1\t1\t1\t1\t2\t45\t20\t30\t15\t91\t万元\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "202");
        assert_eq!(w[0].centre(), (25, 27));
        assert!((w[1].conf - 91.0).abs() < 1e-3);
    }

    #[test]
    fn a_missing_binary_names_the_packages() {
        let e = Engine {
            binary: "/nonexistent/tesseract".into(),
            timeout: Duration::from_secs(5),
        };
        let r = e.words(
            &crate::raster::Gray::white(4, 4).to_pgm(),
            Job {
                lang: "eng",
                psm: 7,
                whitelist: None,
            },
        );
        let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.contains(PACKAGES) && msg.contains("/nonexistent/tesseract"),
            "{msg}"
        );
    }
}
