//! Import benchmark: the seed text through every import step (no disk writes), repeated; a
//! generated 300-page report (the damage model's proceedings, many units, with furniture, lost
//! blank lines and hyphens); then the largest corpus PDF (42 pages) read natively and turned into
//! text. `cargo bench --bench import` prints the median time of each; `--pdf` runs the PDF case
//! alone and `--long` the 300-page report alone (for `/usr/bin/time -v`, whose peak RSS is then
//! that case's).

#[path = "../tests/damage/model.rs"]
#[allow(dead_code)]
mod model;

use quire::import::{import_text, profile::Profile};
use std::path::Path;
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let only = |flag: &str| std::env::args().any(|a| a == flag);
    if only("--long") {
        long();
        return;
    }
    if !only("--pdf") {
        text(root);
        long();
    }
    pdf(root);
}

/// A report of at least 300 pages: the units of many generated proceedings under one title,
/// numbered in one sequence, rendered with one seed's damage.
fn long_report() -> (String, usize) {
    let mut rng = model::Rng::new(7);
    let mut p = model::proceedings(&mut rng);
    let d = model::damage(&mut rng, &p.title);
    loop {
        let (text, _) = model::render(&p, &d, &mut model::Rng::new(1));
        let pages = text
            .matches('\x0c')
            .count()
            .max(text.lines().count() / d.lines_per_page);
        if pages >= 300 {
            return (text, pages);
        }
        let more = model::proceedings(&mut rng);
        for mut unit in more.units {
            let n = p.units.len() + 1;
            let word = unit
                .label
                .rsplit_once(' ')
                .map_or("Session", |(w, _)| w)
                .to_string();
            unit.label = format!("{word} {n}");
            p.units.push(unit);
        }
    }
}

fn long() {
    let (text, pages) = long_report();
    let path = Path::new("generated-300-pages.txt");
    let profile = Profile::default();
    let mut times = Vec::new();
    let mut units = 0;
    for _ in 0..10 {
        let start = Instant::now();
        let import = import_text(&text, path, &profile).expect("the generated report imports");
        times.push(start.elapsed());
        units = import.report.pages;
        std::hint::black_box(import);
    }
    times.sort();
    println!(
        "import of a generated report ({pages} pages, {} lines, {} KB, {units} pages out): median {:.1} ms, min {:.1} ms over {} runs",
        text.lines().count(),
        text.len() / 1024,
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
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
