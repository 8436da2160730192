//! Import benchmark: the seed text through every import step (no disk writes), repeated.
//! `cargo bench --bench import` prints the median time of one import.

use quire::import::{import_text, profile::Profile};
use std::path::Path;
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
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
