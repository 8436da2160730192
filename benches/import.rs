//! Import benchmark: the seed text through every import step (no disk writes), repeated; then
//! the largest corpus PDF (42 pages) read natively and turned into text.
//! `cargo bench --bench import` prints the median time of each; `--pdf` runs the PDF case alone
//! (for `/usr/bin/time -v`, whose peak RSS is then the PDF reader's).

use quire::import::{import_text, profile::Profile};
use std::path::Path;
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !std::env::args().any(|a| a == "--pdf") {
        text(root);
    }
    pdf(root);
}

fn pdf(root: &Path) {
    let path = root.join("tests/fixtures/import/real/wssspe3-2015/source.pdf");
    let bytes = std::fs::read(&path).expect("the corpus PDF is readable");
    let mut times = Vec::new();
    let mut pages = 0;
    for _ in 0..20 {
        let start = Instant::now();
        let read = quire::import::pdf::read(&bytes, &path).expect("the corpus PDF reads");
        times.push(start.elapsed());
        pages = read.summary.pages;
        std::hint::black_box(read);
    }
    times.sort();
    println!(
        "PDF read of {} ({} pages, {} KB): median {:.1} ms, min {:.1} ms over {} runs",
        path.display(),
        pages,
        bytes.len() / 1024,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
}

fn text(root: &Path) {
    let seed = root.join("seeds/national-security-2023.txt");
    let text = std::fs::read_to_string(&seed).expect("the seed is readable");
    let profile = Profile::load(&root.join("seeds/import.yaml")).expect("the profile loads");
    let mut times = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        let import = import_text(&text, &seed, &profile).expect("the seed imports");
        times.push(start.elapsed());
        std::hint::black_box(import);
    }
    times.sort();
    println!(
        "import of {} ({} KB): median {:.2} ms, min {:.2} ms over {} runs",
        seed.display(),
        text.len() / 1024,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
}
