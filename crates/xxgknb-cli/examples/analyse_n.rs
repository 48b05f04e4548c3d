//! Analyse one file N times in one process: the harness for counting
//! instructions per report with callgrind, where the difference between
//! two values of N cancels start-up and the one-time compilation of
//! regular expressions (see docs/performance.md):
//!
//! ```text
//! cargo build --release --example analyse_n -p xxgknb-cli
//! valgrind --tool=callgrind target/release/examples/analyse_n FILE 10
//! valgrind --tool=callgrind target/release/examples/analyse_n FILE 20
//! ```

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(n)) = (args.next(), args.next()) else {
        anyhow::bail!("usage: analyse_n FILE N");
    };
    let path = PathBuf::from(path);
    let n: usize = n.parse()?;
    let bytes = std::fs::read(&path)?;
    let limits = xxgknb_core::Limits::default();
    let mut ok = 0usize;
    for _ in 0..n {
        let analysis = xxgknb::analyse_here(std::hint::black_box(&path), &bytes, &limits);
        ok += usize::from(analysis.is_ok());
    }
    println!("{ok}/{n} analysed");
    Ok(())
}
