//! The importer on whole texts: the seed, two proceedings it has never seen (fixtures written in
//! the same conventions), bad inputs, and the protection of pages an editor has changed.

use quire::import::outline::{Kind, Node, Unit};
use quire::import::profile::Profile;
use quire::import::{analyse, import_file, import_text, write, Analysis};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

#[derive(Deserialize)]
struct Expect {
    title: String,
    running_header: String,
    publisher: Publisher,
    sessions: Vec<Session>,
    consensus_headings: Vec<String>,
    table: ExpectTable,
    recommendations_count: usize,
    recommendations_numbered: bool,
    participants: Vec<ExpectPerson>,
    observers: Vec<ExpectPerson>,
    appendix_groups: Vec<Group>,
    acronyms: BTreeMap<String, String>,
    errata: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Publisher {
    name: String,
    url: String,
}

#[derive(Deserialize)]
struct Session {
    number: u32,
    title: String,
    keynote_speaker: Option<String>,
}

#[derive(Deserialize)]
struct ExpectTable {
    left: String,
    right: String,
    rows: Vec<[String; 2]>,
}

#[derive(Deserialize, Debug, PartialEq)]
struct ExpectPerson {
    name: String,
    affiliations: Vec<String>,
}

#[derive(Deserialize)]
struct Group {
    school: String,
    questions_count: usize,
}

fn load_fixture(name: &str) -> (String, Expect, Analysis) {
    let text_path = fixture(&format!("{name}.txt"));
    let expect_path = fixture(&format!("{name}.expect.yaml"));
    let expect: Expect = quire::yaml::parse(
        &std::fs::read_to_string(&expect_path).unwrap(),
        &expect_path,
        0,
    )
    .unwrap();
    let profile = Profile {
        errata: expect.errata.clone(),
        ..Profile::default()
    };
    let text = std::fs::read_to_string(&text_path).unwrap();
    let analysis = analyse(&text, &text_path, &profile).unwrap();
    (text, expect, analysis)
}

fn units_of(analysis: &Analysis, kind: Kind) -> Vec<&Unit> {
    analysis
        .outline
        .units
        .iter()
        .filter(|u| u.kind == kind)
        .collect()
}

fn all_text(analysis: &Analysis) -> String {
    let mut out = String::new();
    for unit in &analysis.outline.units {
        out.push_str(&unit.title);
        for node in &unit.nodes {
            match node {
                Node::Heading { text, .. } | Node::Para(text) => out.push_str(text),
                Node::List { items, .. } => items.iter().for_each(|i| out.push_str(i)),
                Node::Table(t) => t.rows.iter().flatten().for_each(|c| out.push_str(c)),
                Node::People { .. } => {}
            }
            out.push('\n');
        }
    }
    out
}

fn check_fixture(name: &str) {
    let (source, expect, a) = load_fixture(name);
    let o = &a.outline;
    assert_eq!(o.front.title, expect.title);
    assert_eq!(
        o.front.publisher.as_deref(),
        Some(expect.publisher.name.as_str())
    );
    assert_eq!(
        o.front.publisher_url.as_deref(),
        Some(expect.publisher.url.as_str())
    );

    // Sessions, in order, with keynotes and their speakers.
    let sessions: Vec<&Unit> = o.units.iter().filter(|u| u.session.is_some()).collect();
    assert_eq!(
        sessions.len(),
        expect.sessions.len(),
        "{name}: session count"
    );
    for (unit, want) in sessions.iter().zip(&expect.sessions) {
        assert_eq!(unit.session, Some(want.number));
        assert_eq!(
            unit.title, want.title,
            "{name}: session {} title",
            want.number
        );
        match &want.keynote_speaker {
            Some(speaker) => {
                assert_eq!(unit.kind, Kind::Keynote);
                assert_eq!(unit.speakers, vec![speaker.clone()]);
            }
            None => assert_eq!(unit.kind, Kind::Session),
        }
    }

    // Running headers are gone everywhere; the text had them more than once.
    assert!(source.matches(&expect.running_header).count() >= 2);
    assert!(a.report.headers_removed >= 1);
    let text = all_text(&a);
    assert!(
        !text.contains(&expect.running_header),
        "{name}: header left in"
    );

    // Key points become headings of their own.
    let points: Vec<String> = o
        .units
        .iter()
        .flat_map(|u| &u.nodes)
        .filter_map(|n| match n {
            Node::Heading {
                text, point: true, ..
            } => Some(text.to_uppercase()),
            _ => None,
        })
        .collect();
    assert_eq!(points, expect.consensus_headings, "{name}: key points");

    // The table, re-paired row by row.
    let tables = units_of(&a, Kind::Table);
    assert_eq!(tables.len(), 1, "{name}: one table page");
    let Some(Node::Table(table)) = tables[0].nodes.iter().find(|n| matches!(n, Node::Table(_)))
    else {
        panic!("{name}: the table page has no table");
    };
    assert_eq!(
        table.columns,
        [expect.table.left.clone(), expect.table.right.clone()]
    );
    assert_eq!(table.rows, expect.table.rows, "{name}: table rows");

    // Recommendations.
    let recs = units_of(&a, Kind::Recommendations);
    assert_eq!(recs.len(), 1);
    let lists: Vec<(bool, usize)> = recs[0]
        .nodes
        .iter()
        .filter_map(|n| match n {
            Node::List { ordered, items } => Some((*ordered, items.len())),
            _ => None,
        })
        .collect();
    assert_eq!(
        lists,
        vec![(
            expect.recommendations_numbered,
            expect.recommendations_count
        )],
        "{name}: recommendations"
    );

    // People, one per entry, with all affiliations, in their groups.
    let people: Vec<(&str, Vec<ExpectPerson>)> = o
        .units
        .iter()
        .flat_map(|u| &u.nodes)
        .filter_map(|n| match n {
            Node::People { group, people } => Some((
                group.as_str(),
                people
                    .iter()
                    .map(|p| ExpectPerson {
                        name: p.name.clone(),
                        affiliations: p.affiliations.clone(),
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(people.len(), 2, "{name}: participants and observers");
    assert_eq!(people[0].1, expect.participants, "{name}: participants");
    assert_eq!(people[1].0, "Observers");
    assert_eq!(people[1].1, expect.observers, "{name}: observers");

    // The appendix, whose heading the text lost, grouped by school.
    let questions = units_of(&a, Kind::Questions);
    assert_eq!(questions.len(), 1, "{name}: one questions page");
    assert!(questions[0].restored);
    let groups: Vec<(String, usize)> = questions[0]
        .nodes
        .windows(2)
        .filter_map(|w| match w {
            [Node::Heading { text, .. }, Node::List { items, .. }] => {
                Some((text.clone(), items.len()))
            }
            _ => None,
        })
        .collect();
    let want: Vec<(String, usize)> = expect
        .appendix_groups
        .iter()
        .map(|g| (g.school.clone(), g.questions_count))
        .collect();
    assert_eq!(groups, want, "{name}: appendix groups");

    // Glossary: every inline definition.
    let glossary: BTreeMap<String, String> = a
        .glossary
        .iter()
        .map(|t| (t.term.clone(), t.expansion.clone()))
        .collect();
    assert_eq!(glossary, expect.acronyms, "{name}: glossary");

    // Errata from the profile, and the general inline repairs.
    for (wrong, right) in &expect.errata {
        assert!(!text.contains(wrong.as_str()), "{name}: {wrong} left in");
        assert!(
            text.to_lowercase().contains(&right.to_lowercase()),
            "{name}: {right} missing"
        );
    }
    assert!(source.contains("\\$") && !text.contains("\\$"));
    assert!(source.contains("<u>") && !text.contains("<u>"));
    assert!(a.report.paragraphs_rejoined >= 1);
}

#[test]
fn import_structures_a_supply_chain_workshop_it_has_not_seen() {
    check_fixture("supply-chain");
}

#[test]
fn import_structures_a_crlf_bom_climate_conference_it_has_not_seen() {
    let raw = std::fs::read(fixture("climate-data.txt")).unwrap();
    assert!(raw.starts_with(b"\xef\xbb\xbf") && raw.windows(2).any(|w| w == b"\r\n"));
    check_fixture("climate-data");
}

fn seed_profile() -> Profile {
    Profile::load(&root().join("seeds/import.yaml")).unwrap()
}

fn seed_path() -> PathBuf {
    root().join("seeds/national-security-2023.txt")
}

#[test]
fn committed_content_is_exactly_what_import_produces_from_the_seed() {
    let import = import_file(&seed_path(), &seed_profile()).unwrap();
    let content = root().join("content");
    for file in &import.files {
        let committed = std::fs::read(content.join(&file.path))
            .unwrap_or_else(|e| panic!("content/{}: {e}", file.path));
        assert!(
            committed == file.bytes,
            "content/{} differs from a fresh import: run `quire import`",
            file.path
        );
    }
    let plan = write::plan(&content, &import.files).unwrap();
    assert!(plan.conflicts.is_empty() && plan.writes.is_empty() && plan.removals.is_empty());
}

#[test]
fn seed_becomes_the_pages_the_design_names() {
    let import = import_file(&seed_path(), &seed_profile()).unwrap();
    let paths: Vec<&str> = import.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "_index.md",
            "introduction.md",
            "opening-remarks.md",
            "session-1.md",
            "session-2.md",
            "competing-narratives.md",
            "comparison.md",
            "session-3.md",
            "session-4.md",
            "session-5.md",
            "session-6.md",
            "session-7.md",
            "conclusion.md",
            "recommendations.md",
            "workshop-composition.md",
            "appendix-questions.md",
            "about.md",
            "_data/people.yaml",
            "_data/glossary.yaml",
        ]
    );
    let page = |p: &str| {
        String::from_utf8(
            import
                .files
                .iter()
                .find(|f| f.path == p)
                .unwrap()
                .bytes
                .clone(),
        )
        .unwrap()
    };
    let table = page("comparison.md");
    assert_eq!(
        table.lines().filter(|l| l.starts_with("| ")).count(),
        9,
        "header, rule, 7 rows"
    );
    assert!(table.contains(
        "| Firms are identified with their home country | Firms compete in global markets |"
    ));
    let keynote = page("session-2.md");
    assert!(keynote.contains("kind: keynote") && keynote.contains("- Dr. Abraham Newman"));
    assert!(keynote.contains("\n1. What is the nature of the threat"));
    let remarks = page("opening-remarks.md");
    assert_eq!(
        remarks.matches("\n- ").count(),
        12 + 5 + 1,
        "12 measures, 5 EOs, 1 speaker"
    );
    let intro = page("introduction.md");
    assert!(intro.contains("byline: Dr. Karim Farhat, Assistant Director, IGP"));
    let home = page("_index.md");
    assert!(home.contains("subtitle: Workshop Proceedings"));
    assert!(home.contains("publisher: The Internet Governance Project"));
    let s1 = page("session-1.md");
    assert!(s1.contains("## Everything Digital Is Dual Use {.point}"));
    for (_, bytes) in import.files.iter().map(|f| (&f.path, &f.bytes)) {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("WORKSHOP PROCEEDINGS") && !text.contains("<u>") && !text.contains("📓")
        );
    }
}

#[test]
fn import_is_deterministic() {
    let a = import_file(&seed_path(), &seed_profile()).unwrap();
    let b = import_file(&seed_path(), &seed_profile()).unwrap();
    assert_eq!(a.files, b.files);
}

fn err(text: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.txt");
    std::fs::write(&path, text).unwrap();
    let e = import_file(&path, &Profile::default())
        .unwrap_err()
        .to_string();
    e.replace(&path.display().to_string(), "seed.txt")
}

#[test]
fn a_windows_1252_text_imports_like_its_utf8_original_with_a_warning() {
    let fits = |c: &char| !encoding_rs::WINDOWS_1252.encode(&c.to_string()).2;
    let utf8: String = std::fs::read_to_string(seed_path())
        .unwrap()
        .chars()
        .filter(fits)
        .collect();
    let (legacy, _, _) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(std::str::from_utf8(&legacy).is_err(), "not UTF-8 there");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seed.txt");
    std::fs::write(&path, &legacy).unwrap();
    let legacy = import_file(&path, &seed_profile()).unwrap();
    let original = import_text(&utf8, &path, &seed_profile()).unwrap();
    assert_eq!(legacy.files, original.files);
    assert!(
        legacy.report.warnings[0].ends_with("not UTF-8; decoded as windows-1252: check accented letters and quotes, or save the file as UTF-8"),
        "{:?}",
        legacy.report.warnings
    );
}

#[test]
fn bad_inputs_get_one_line_errors_naming_the_file() {
    assert_eq!(
        err(b""),
        "seed.txt: the file is empty; import needs the text of the proceedings"
    );
    // A PDF is read as one (by its bytes, whatever its name); a cut one is named damaged.
    assert!(err(b"%PDF-1.5\n%\xe2\xe3\n1 0 obj").starts_with("seed.txt: is a damaged PDF"));
    // The error says what was looked for.
    let none = err(b"just one paragraph of prose that never has a heading.\n\nand another one.\n");
    assert!(
        none.starts_with(
            "seed.txt: no recognisable structure: no headings found; looked for numbered headings"
        ) && none.contains("panel")
            && none.contains("\"Introduction\""),
        "{none}"
    );
    let missing = import_file(Path::new("/nonexistent/seed.txt"), &Profile::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        missing,
        "/nonexistent/seed.txt: no such file; give the path of a proceedings PDF or text file (.txt)"
    );
    let dir = tempfile::tempdir().unwrap();
    let folder = import_file(dir.path(), &Profile::default())
        .unwrap_err()
        .to_string();
    assert!(folder.ends_with(": is a folder; give the path of a proceedings text file (.txt)"));
}

#[test]
fn edited_page_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path();
    let import = import_file(&seed_path(), &seed_profile()).unwrap();
    let plan = write::plan(content, &import.files).unwrap();
    assert_eq!(plan.writes.len(), import.files.len());
    write::apply(content, &import.files, &plan, false).unwrap();

    // Re-import: nothing to do.
    let plan = write::plan(content, &import.files).unwrap();
    assert_eq!((plan.writes.len(), plan.unchanged), (0, import.files.len()));

    // An editor changes a page; an editor adds a page the import would also write.
    let edited = content.join("session-3.md");
    std::fs::write(&edited, "---\ntitle: Mine\n---\nMy words.\n").unwrap();
    let plan = write::plan(content, &import.files).unwrap();
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].path, "session-3.md");
    assert_eq!(plan.conflicts[0].reason, "changed since the last import");

    // Even when the seed changes, the edited page survives an import without --force.
    let mut changed = import.files.clone();
    for f in &mut changed {
        f.bytes.extend_from_slice(b"\nNew paragraph.\n");
    }
    let plan = write::plan(content, &changed).unwrap();
    write::apply(content, &changed, &plan, false).unwrap();
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "---\ntitle: Mine\n---\nMy words.\n"
    );
    assert!(std::fs::read_to_string(content.join("session-4.md"))
        .unwrap()
        .ends_with("New paragraph.\n"));
    // And it stays a conflict on the next import too.
    assert_eq!(write::plan(content, &changed).unwrap().conflicts.len(), 1);

    // --force overwrites it.
    let plan = write::plan(content, &import.files).unwrap();
    write::apply(content, &import.files, &plan, true).unwrap();
    assert_ne!(
        std::fs::read_to_string(&edited).unwrap(),
        "---\ntitle: Mine\n---\nMy words.\n"
    );
    assert!(write::plan(content, &import.files)
        .unwrap()
        .conflicts
        .is_empty());
}

#[test]
fn a_page_not_written_by_an_import_is_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("introduction.md"), "mine").unwrap();
    let import = import_file(&seed_path(), &seed_profile()).unwrap();
    let plan = write::plan(dir.path(), &import.files).unwrap();
    assert_eq!(
        plan.conflicts
            .iter()
            .map(|c| (c.path.as_str(), c.reason))
            .collect::<Vec<_>>(),
        vec![("introduction.md", "exists but was not written by an import")]
    );
}

#[test]
fn text_with_a_table_of_contents_but_no_body_is_rejected() {
    let e = import_text(
        "Title\n\nTable of Contents\n\n- Introduction\n",
        Path::new("x.txt"),
        &Profile::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("x.txt: no recognisable structure"), "{e}");
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    /// Lines in the shapes proceedings use, so the generator reaches the deeper rules.
    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("WORKSHOP PROCEEDINGS".to_string()),
            Just("Table of Contents".to_string()),
            Just("Introduction".to_string()),
            Just("Workshop Composition".to_string()),
            Just("Observers".to_string()),
            Just("A 📓 🛸 B".to_string()),
            "Session [0-9]{1,3}: [A-Za-z ]{0,20}",
            "- [A-Za-z0-9 .,;?()]{0,40}",
            "- [0-9]{1,2}\\. [a-z ]{0,20}",
            "[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}, [A-Z][a-z]+ University(; [A-Z][a-z]{1,8} [A-Z][a-z]{1,8})?",
            "[A-Za-z ]{1,30}\\([A-Z&]{1,6}\\)[a-z ]{0,10}",
            "[a-z][a-z ,.]{0,60}",
            "\\PC{0,40}",
        ]
    }

    proptest! {
        // QUIRE_FUZZ_CASES=200000 for a longer run (a few minutes).
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("QUIRE_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000)
        ))]
        #[test]
        fn import_never_panics(lines in proptest::collection::vec(line(), 0..40)) {
            let text = lines.join("\n");
            let _ = import_text(&text, Path::new("fuzz.txt"), &Profile::default());
        }

        #[test]
        fn import_never_panics_on_any_string(text in "\\PC{0,400}") {
            let _ = import_text(&text, Path::new("fuzz.txt"), &Profile::default());
        }
    }
}

#[test]
fn import_after_init_replaces_the_starter_pages_without_force_and_takes_root() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let quire = env!("CARGO_BIN_EXE_quire");
    let init = std::process::Command::new(quire)
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let import = std::process::Command::new(quire)
        .arg("import")
        .arg(seed_path())
        .arg("--root")
        .arg(&site)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&import.stdout);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(stdout.contains("word coverage:"), "{stdout}");
    let home = std::fs::read_to_string(site.join("content/_index.md")).unwrap();
    assert!(home.contains("globally connected"), "{home}");
    // The starter's example sessions are replaced by the import's pages.
    assert!(!std::fs::read_to_string(site.join("content/session-2.md"))
        .unwrap()
        .contains("The second session."));
}

#[test]
fn text_before_the_first_heading_is_kept_and_a_report_without_sessions_is_chapters() {
    let text = "A Report on Things\n\nThis abstract stands before any heading of the report, and the import must keep every one of its words.\n\n1. Introduction\n\nThe introduction says something.\n\n2. Findings\n\nThe findings say more.\n";
    let import = import_text(text, Path::new("r.txt"), &Profile::default()).unwrap();
    let home = String::from_utf8(import.files[0].bytes.clone()).unwrap();
    assert!(
        home.contains("This abstract stands before any heading"),
        "{home}"
    );
    assert_eq!(import.report.pages, 3, "the home page and two chapters");
    assert!(
        import
            .report
            .warnings
            .iter()
            .any(|w| w.starts_with("r.txt:5: no sessions") && w.contains("imported as chapters")),
        "{:?}",
        import.report.warnings
    );
}

#[test]
fn every_removed_line_is_reported_with_its_rule_and_line() {
    let text = "Report Title\n\nTable of Contents\n\n1. Introduction . . . . 2\n2. Findings . . . . 3\n\n1. Introduction\n\nThe introduction runs on, past the break, to\nWorkshop Report    March 2019    [Page 1]\n\x0cWorkshop Report    March 2019    [Page 2]\nthe next page and ends there.\n\n2. Findings\n\nThe findings.\nWorkshop Report    March 2019    [Page 2]\n\x0cWorkshop Report    March 2019    [Page 3]\nThe end.\n";
    let import = import_text(text, Path::new("r.txt"), &Profile::default()).unwrap();
    let removed: Vec<(&str, usize)> = import
        .report
        .removed
        .iter()
        .map(|r| (r.rule, r.line))
        .collect();
    assert_eq!(
        removed,
        vec![
            ("table of contents", 3),
            ("table of contents", 5),
            ("table of contents", 6),
            ("running header or footer", 11),
            ("running header or footer", 12),
            ("running header or footer", 18),
            ("running header or footer", 19),
        ]
    );
    let intro = String::from_utf8(import.files[1].bytes.clone()).unwrap();
    assert!(
        intro
            .contains("The introduction runs on, past the break, to the next page and ends there."),
        "{intro}"
    );
}

#[test]
fn the_first_import_gives_site_yaml_the_documents_title_and_a_later_one_reports_edits() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let quire = env!("CARGO_BIN_EXE_quire");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(quire)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let site_arg = site.to_str().unwrap();
    run(&["init", site_arg]);
    let seed = seed_path();
    let seed = seed.to_str().unwrap();
    run(&["import", seed, "--root", site_arg]);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        yaml.contains("globally connected digital economy"),
        "{yaml}"
    );
    assert!(!yaml.contains("My Workshop"), "{yaml}");
    assert!(
        yaml.starts_with("# The site's configuration"),
        "the comment is kept: {yaml}"
    );
    assert!(
        yaml.contains("base_url: https://example.org/proceedings/"),
        "{yaml}"
    );
    // The editor retitles the site: the next import keeps it and says what the document says.
    let edited = yaml
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                "title: Our Title"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(site.join("site.yaml"), &edited).unwrap();
    let stderr = run(&["import", seed, "--root", site_arg]);
    assert!(
        stderr.contains("site.yaml:2: title is \"Our Title\" but the document says"),
        "{stderr}"
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("title: Our Title"), "{yaml}");
}

#[test]
fn dry_run_shows_the_outline_with_line_ranges_and_the_removals_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A Report on Things\n\nThe abstract of the report, kept on the home page of the site.\n\n1. Introduction\n\nThe introduction says something.\n\n2. Session 1: Findings\n\nThe findings say more.\n7\n\u{c}\nThe findings go on after the page break.\n";
    let seed = dir.path().join("report.txt");
    std::fs::write(&seed, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .arg("import")
        .arg(&seed)
        .arg("--root")
        .arg(dir.path())
        .arg("--dry-run")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("lines 1–4  home"), "{stdout}");
    assert!(stdout.contains("lines 5–8  "), "{stdout}");
    assert!(stdout.contains("Introduction"), "{stdout}");
    assert!(stdout.contains("lines 9–15  session"), "{stdout}");
    assert!(stdout.contains("[Session 1]"), "{stdout}");
    assert!(
        stdout.contains("removed by rule page number: 1 line(s), first at line 12"),
        "{stdout}"
    );
    assert!(!dir.path().join("content").exists());
    assert!(!dir.path().join("site.yaml").exists());
}

#[test]
fn import_with_no_seed_and_no_seeds_folder_says_what_to_pass_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["import", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "seeds: no seed given and no seeds/ folder here; pass the proceedings PDF or text file"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
}

#[test]
fn imported_page_names_follow_the_sites_slug_rule() {
    let text = "A Report on Things\n\nThe abstract of the report, kept on the home page of the site.\n\n1. Détente and After\n\nThe first part says something.\n\n2. Ünïcödé Matters\n\nThe second part says more.\n";
    for (site_yaml, names) in [
        ("title: T\n", ["detente-and-after.md", "unicode-matters.md"]),
        (
            "title: T\nslugify: safe\n",
            ["détente-and-after.md", "ünïcödé-matters.md"],
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let seed = dir.path().join("report.txt");
        std::fs::write(&seed, text).unwrap();
        std::fs::write(dir.path().join("site.yaml"), site_yaml).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("import")
            .arg(&seed)
            .arg("--root")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for name in names {
            assert!(
                dir.path().join("content").join(name).is_file(),
                "{site_yaml}: no {name} in {:?}",
                std::fs::read_dir(dir.path().join("content"))
                    .unwrap()
                    .map(|e| e.unwrap().file_name())
                    .collect::<Vec<_>>()
            );
        }
    }
}
