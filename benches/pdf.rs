//! The typeset PDF: the seed's (target < 1 s) and a ~500-page one (target < 20 s), each timed
//! from the loaded site to the PDF's bytes (the Markdown read again, the JSON, Typst's layout
//! and the PDF export). The big site is the benchmark corpus (../shared/bench/gen_corpus.py)
//! at `QUIRE_BENCH_PDF_PAGES` Markdown pages (default 170, about 500 PDF pages), or the
//! `neutral/` folder that `QUIRE_BENCH_PDF_CORPUS` names.
//!   cargo bench --bench pdf

use quire::site::{BuildOptions, Site};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn time_pdf(name: &str, root: &Path, runs: usize) -> Duration {
    let site = Site::load(&BuildOptions::new(root)).expect("the site loads");
    let ids = quire::site::typeset::heading_ids(&site);
    let mut times = Vec::new();
    let mut size = 0;
    let mut pages = String::from("?");
    for _ in 0..runs {
        let start = Instant::now();
        let pdf = quire::site::typeset::render(&site, &ids).unwrap_or_else(|e| panic!("{e}"));
        times.push(start.elapsed());
        size = pdf.len();
        pages = page_count(&pdf).unwrap_or(pages);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name}: {} source pages → {pages} PDF pages, {} KB: median {:.2} s, min {:.2} s over {runs} runs",
        site.len(),
        size / 1024,
        median.as_secs_f64(),
        times[0].as_secs_f64(),
    );
    median
}

/// The PDF's page count by `pdfinfo` (poppler-utils), when it is installed.
fn page_count(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, pdf).ok()?;
    let out = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().to_string())
}

fn corpus() -> (Option<tempfile::TempDir>, PathBuf) {
    if let Some(dir) = std::env::var_os("QUIRE_BENCH_PDF_CORPUS") {
        return (None, PathBuf::from(dir));
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = std::env::var("QUIRE_BENCH_PDF_PAGES").unwrap_or_else(|_| "170".into());
    let seed = std::fs::read_dir(repo.join("seeds"))
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .min()
        .expect("a seed");
    let dir = tempfile::tempdir().expect("a temp dir");
    let status = std::process::Command::new("python3")
        .arg(repo.join("../shared/bench/gen_corpus.py"))
        .arg("--seed")
        .arg(&seed)
        .args(["--layouts", "neutral", &pages])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success(), "gen_corpus.py failed");
    let root = dir.path().join("neutral");
    // The generator writes `date: 2023-11-10T00:00:00Z`; Quire wants a day.
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry.expect("readable");
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).expect("readable");
            std::fs::write(entry.path(), text.replace("T00:00:00Z\n", "\n")).expect("writable");
        }
    }
    (Some(dir), root)
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = tempfile::tempdir().expect("a temp dir");
    for name in ["site.yaml", "content"] {
        let from = repo.join(name);
        if from.is_dir() {
            for entry in walkdir::WalkDir::new(&from) {
                let entry = entry.expect("readable");
                let to = seed
                    .path()
                    .join(name)
                    .join(entry.path().strip_prefix(&from).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&to).expect("writable");
                } else {
                    std::fs::copy(entry.path(), &to).expect("writable");
                }
            }
        } else {
            std::fs::copy(&from, seed.path().join(name)).expect("writable");
        }
    }
    let small = time_pdf("seed", seed.path(), 5);
    let (_keep, big_root) = corpus();
    let big = time_pdf("corpus", &big_root, 3);
    println!(
        "targets: seed < 1 s ({}), corpus < 20 s ({})",
        if small < Duration::from_secs(1) {
            "met"
        } else {
            "MISSED"
        },
        if big < Duration::from_secs(20) {
            "met"
        } else {
            "MISSED"
        },
    );
}
