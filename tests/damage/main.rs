//! The damage model (see model.rs): proceedings of known structure, damaged at random, imported.
//! For every seed the import must find each program unit as a page of its own with its label,
//! keep sub-headings inside their unit, leave no running header or footer, and keep the words.
//! `QUIRE_DAMAGE_SEEDS=N` runs more seeds; a failure prints its seed and damage to replay.

mod model;

use model::{Damage, Proceedings, Rng};
use quire::import::{import_text, profile::Profile};
use std::collections::HashSet;
use std::path::Path;

/// The pages' titles and all their text.
fn pages(files: &[quire::import::emit::OutFile]) -> (Vec<String>, String) {
    let mut titles = Vec::new();
    let mut all = String::new();
    for f in files {
        let text = String::from_utf8_lossy(&f.bytes);
        if f.path.ends_with(".md") {
            if let Some(t) = text.lines().find_map(|l| l.strip_prefix("title: ")) {
                titles.push(t.trim_matches(['"', '\'']).to_string());
            }
        }
        all.push_str(&text);
        all.push('\n');
    }
    (titles, all)
}

use quire::import::coverage::words;

/// The share of the 6-word shingles of the model's paragraphs (each on its own, so a shingle
/// never spans a heading the import rightly moved into front matter) found in the output.
fn coverage(paragraphs: &[&str], output: &str) -> f64 {
    let shingles = |w: &[String]| -> Vec<String> { w.windows(6).map(|s| s.join(" ")).collect() };
    let out: HashSet<String> = shingles(&words(output)).into_iter().collect();
    let src: Vec<String> = paragraphs
        .iter()
        .flat_map(|p| shingles(&words(p)))
        .collect();
    if src.is_empty() {
        return 1.0;
    }
    src.iter().filter(|s| out.contains(*s)).count() as f64 / src.len() as f64
}

/// What went wrong with one seed, if anything: the structure and words, then the structures
/// (participants in people.yaml, table rows).
fn check(
    p: &Proceedings,
    d: &Damage,
    text: &str,
    furniture: &[String],
) -> (Vec<String>, Vec<String>) {
    let mut problems = Vec::new();
    let import = match import_text(text, Path::new("generated.txt"), &Profile::default()) {
        Ok(i) => i,
        Err(e) => return (vec![format!("refused: {e}")], Vec::new()),
    };
    let (titles, all) = pages(&import.files);
    let lower: Vec<String> = titles.iter().map(|t| t.to_lowercase()).collect();
    for unit in &p.units {
        let title = unit.title.to_lowercase();
        if !lower.iter().any(|t| t.contains(&title)) {
            problems.push(format!(
                "unit `{}: {}` is not a page",
                unit.label, unit.title
            ));
        }
        for sub in &unit.subheadings {
            if lower.iter().any(|t| *t == sub.to_lowercase())
                && !title.contains(&sub.to_lowercase())
            {
                problems.push(format!("sub-heading `{sub}` became a page"));
            }
        }
    }
    let out_lines: HashSet<&str> = all.lines().map(str::trim).collect();
    for f in furniture
        .iter()
        .filter(|f| f.chars().any(char::is_alphabetic))
    {
        if out_lines.contains(f.trim()) {
            problems.push(format!("furniture `{f}` left as a line"));
        }
    }
    let paragraphs: Vec<&str> = p
        .units
        .iter()
        .flat_map(|u| u.paragraphs.iter().flatten().map(String::as_str))
        .collect();
    let c = coverage(&paragraphs, &all);
    if c < MIN_COVERAGE {
        problems.push(format!("word coverage {:.1} %", c * 100.0));
    }
    let mut structures = check_people(&model::expected_people(p, d), &import.files);
    structures.extend(check_table(&p.table.1, &all));
    (problems, structures)
}

#[derive(serde::Deserialize)]
struct PeopleFile {
    groups: Vec<PeopleGroup>,
}

#[derive(serde::Deserialize)]
struct PeopleGroup {
    people: Vec<PeoplePerson>,
}

#[derive(serde::Deserialize)]
struct PeoplePerson {
    name: String,
    #[serde(default)]
    affiliations: Vec<String>,
}

/// Every participant is a person in `_data/people.yaml`, with the affiliation the text gave.
fn check_people(
    expected: &[(String, Option<String>)],
    files: &[quire::import::emit::OutFile],
) -> Vec<String> {
    let Some(file) = files.iter().find(|f| f.path == "_data/people.yaml") else {
        return vec!["no _data/people.yaml".into()];
    };
    let path = Path::new("_data/people.yaml");
    let data: PeopleFile = match quire::yaml::parse(&String::from_utf8_lossy(&file.bytes), path, 0)
    {
        Ok(d) => d,
        Err(e) => return vec![format!("people.yaml unreadable: {e}")],
    };
    let people: Vec<&PeoplePerson> = data.groups.iter().flat_map(|g| &g.people).collect();
    let mut problems = Vec::new();
    for (name, affiliation) in expected {
        // The generator may draw one name twice; any person of that name will do.
        let same: Vec<&&PeoplePerson> = people.iter().filter(|p| &p.name == name).collect();
        if same.is_empty() {
            problems.push(format!("participant {name} not in people.yaml"));
        } else if let Some(a) = affiliation {
            if !same.iter().any(|p| p.affiliations.contains(a)) {
                problems.push(format!(
                    "participant {name}: affiliations {:?}, expected {a}",
                    same[0].affiliations
                ));
            }
        }
    }
    problems
}

/// Every row of the table is a row of a Markdown table in the output, its cells in order.
fn check_table(rows: &[[String; 2]], all: &str) -> Vec<String> {
    let out_rows: HashSet<String> = all
        .lines()
        .filter(|l| l.starts_with("| "))
        .map(|l| words(l).join(" "))
        .collect();
    rows.iter()
        .filter(|[l, r]| !out_rows.contains(&words(&format!("{l} {r}")).join(" ")))
        .map(|[l, r]| format!("table row `{l} | {r}` not recovered"))
        .collect()
}

#[test]
fn damaged_proceedings_import_with_their_structure_and_words() {
    let seeds: u64 = std::env::var("QUIRE_DAMAGE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let mut failed = Vec::new();
    let mut failed_structures = Vec::new();
    for seed in 0..seeds {
        let mut rng = Rng::new(seed);
        let p = model::proceedings(&mut rng);
        let d = model::damage(&mut rng, &p.title);
        let (text, furniture) = model::render(&p, &d, &mut rng);
        if let Some(dir) = std::env::var_os("QUIRE_DAMAGE_DUMP") {
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("seed-{seed}.txt")), &text).unwrap();
            std::fs::write(
                dir.join(format!("seed-{seed}.furniture")),
                furniture.join("\n"),
            )
            .unwrap();
        }
        let (problems, structures) = check(&p, &d, &text, &furniture);
        if !problems.is_empty() {
            failed.push(format!("seed {seed} ({d:?}):\n  {}", problems.join("\n  ")));
        }
        if !structures.is_empty() {
            failed_structures.push(format!(
                "seed {seed} (people shape {}, table shape {}):\n  {}",
                d.people_shape,
                d.table_shape,
                structures.join("\n  ")
            ));
        }
    }
    let share = failed.len() as f64 / seeds as f64;
    let share_structures = failed_structures.len() as f64 / seeds as f64;
    eprintln!("{} of {seeds} seeds failed", failed.len());
    for f in failed.iter().take(5) {
        eprintln!("{f}");
    }
    eprintln!(
        "{} of {seeds} seeds lost participants or table rows",
        failed_structures.len()
    );
    for f in failed_structures.iter().take(5) {
        eprintln!("{f}");
    }
    assert!(
        share <= MAX_FAILED_SHARE,
        "{} of {seeds} seeds failed; first: {}",
        failed.len(),
        failed.first().map_or("", String::as_str)
    );
    assert!(
        share_structures <= MAX_STRUCTURES_FAILED_SHARE,
        "{} of {seeds} seeds lost participants or table rows; first: {}",
        failed_structures.len(),
        failed_structures.first().map_or("", String::as_str)
    );
}

/// The share of every paragraph's 6-word shingles that must reach the output.
const MIN_COVERAGE: f64 = 0.97;

/// The share of seeds allowed to fail: a ratchet, lowered as the importer learns (59 of 60
/// failed before the general importer; 21 of 400 later; 4 of 400 now, where seeds 172 and 234
/// are the model drawing a sub-heading with the same words as another unit's title
/// (`Governing Scaling` and `Panel 6: Governing Scaling`), which the check reads as a sub-heading
/// made a page: a collision in the generator, not an import failure). With the ten participant and
/// six table shapes drawn too, the seeds draw other documents: 5 of 400 fail (1 of the 60).
const MAX_FAILED_SHARE: f64 = 0.02;

/// The share of seeds allowed to lose a participant (or a participant's affiliation) or a table
/// row: a ratchet like the one above, for the ten participant shapes and six table shapes of the
/// model (none were checked before; 118 of 400 seeds fail these checks now, mostly the layout table of
/// people and the header split by spaces, which the importer does not read yet).
const MAX_STRUCTURES_FAILED_SHARE: f64 = 0.30;
