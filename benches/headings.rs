//! Pages with very many headings: 100,000 distinct `##` headings, and 8,000 identical ones, each
//! on one page, built in memory (load, Markdown, links, search index, templates, feeds).
//! Both were quadratic once (the search index rescanned the page after every heading; duplicate
//! ids were numbered by trying `-1`, `-2`, … each time). Issue 10's target: 100,000 headings in
//! under 1 s. One page is one thread's work: only the print edition runs beside it.
//!   cargo bench --bench headings

use quire::site::{render_site, BuildOptions};
use std::time::{Duration, Instant};

// The allocator of the `quire` binary (src/main.rs): without it this measured glibc's malloc,
// a third of the samples here, which `quire build` never calls.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn site_with(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: Headings\nbase_url: https://example.org/\n",
    )
    .expect("writable");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("writable");
    std::fs::write(content.join("_index.md"), "---\ntitle: Home\n---\n").expect("writable");
    std::fs::write(
        content.join("long.md"),
        format!("---\ntitle: Long\n---\n{body}"),
    )
    .expect("writable");
    dir
}

fn median_build(name: &str, body: &str) -> Duration {
    let dir = site_with(body);
    let opts = BuildOptions::new(dir.path());
    let mut times = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let out = render_site(&opts).expect("the site builds");
        times.push(start.elapsed());
        std::hint::black_box(out);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name} ({} KB of Markdown): median {:.0} ms, min {:.0} ms over {} builds",
        body.len() / 1024,
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
    median
}

fn main() {
    let distinct: String = (0..std::env::var("QUIRE_BENCH_HEADINGS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000))
        .map(|n| format!("## Heading {n}\n\nText {n}.\n\n"))
        .collect();
    median_build("distinct headings", &distinct);
    let same = "## Same\n\nText.\n\n".repeat(8_000);
    median_build("8,000 identical headings", &same);
}
