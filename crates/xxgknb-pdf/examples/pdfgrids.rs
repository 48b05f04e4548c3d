//! Debug aid: print the ruled grids found on each page of a PDF.
use xxgknb_core::Limits;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdfgrids FILE.pdf");
        return;
    };
    let Ok(doc) = lopdf::Document::load(&path) else {
        eprintln!("cannot load {path}");
        return;
    };
    let limits = Limits::default();
    let mut it = xxgknb_pdf::interp::Interpreter::new(
        &doc,
        &limits,
        &xxgknb_core::Deadline::after(limits.time_per_file),
    );
    for (no, id) in doc.get_pages() {
        let Ok(page) = it.page(id) else { continue };
        if std::env::var_os("PDFGRIDS_LINES").is_some() {
            for l in xxgknb_pdf::layout::lines(&page.glyphs) {
                let runs: Vec<String> = l
                    .runs
                    .iter()
                    .map(|r| format!("[{:.1}-{:.1} {:.1}] {}", r.x0, r.x1, r.size, r.text))
                    .collect();
                println!("page {no} y={:.1}: {}", l.y, runs.join(" | "));
            }
        }
        if std::env::var_os("PDFGRIDS_SEGMENTS").is_some() {
            for s in &page.segments {
                println!(
                    "page {no} seg x={:.1}-{:.1} y={:.1}-{:.1}",
                    s.x0, s.x1, s.y0, s.y1
                );
            }
        }
        let lines = xxgknb_pdf::layout::lines(&page.glyphs);
        for g in xxgknb_pdf::assemble::page_grids_of(&page, &lines) {
            println!(
                "page {no}: {}x{} open_top={} open_bottom={} xs={:?} ys={:?}",
                g.rows(),
                g.cols(),
                g.open_top,
                g.open_bottom,
                g.xs,
                g.ys
            );
        }
    }
}
