//! `quire build` on fixture sites: outputs, navigation, links, overrides, drafts, every bad
//! input's message, determinism, atomicity, and golden `<main>` of the seed's pages.

mod common;

use quire::site::{self, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

/// Copies a fixture into a temp dir so builds never touch the tree.
fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(from, dir.path());
    dir
}

/// Builds the fixture to disk and in memory; the two must hold the same files, byte for byte
/// (the disk build renders pages and extras in another order, handing each page's HTML back).
fn build(name: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = copy_site(&fixture(name));
    let opts = BuildOptions::new(dir.path());
    site::build(&opts).unwrap_or_else(|e| panic!("{e}"));
    let out = site::render_site(&opts).unwrap();
    let mut on_disk = common::tree(&dir.path().join("public"));
    on_disk.remove("build.json");
    assert_same_files(&on_disk, &out.files);
    (dir, out.files)
}

fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in a {
        assert!(bytes == &b[path], "{path} differs");
    }
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

fn build_error(name: &str) -> String {
    let dir = copy_site(&fixture(name));
    let err = site::build(&BuildOptions::new(dir.path())).expect_err("the build should fail");
    assert!(
        !dir.path().join("public").exists(),
        "a failed build wrote public/"
    );
    err.to_string()
        .replace(&format!("{}/", dir.path().display()), "")
}

#[test]
fn minimal_site_has_pretty_urls_feeds_and_resolved_links() {
    let (dir, files) = build("minimal");
    let paths: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        vec![
            "404.html",
            "apple-touch-icon.png",
            "atom.xml",
            "cite.bib",
            "favicon.png",
            "favicon.svg",
            "figure.svg",
            "index.html",
            "print/index.html",
            "proceedings.epub",
            "proceedings.pdf",
            "quire.js",
            "robots.txt",
            "search-index.js",
            "session-1/index.html",
            "session-2/index.html",
            "sitemap.xml",
            "style.css",
            "syntax.css"
        ]
    );
    let s1 = text(&files, "session-1/index.html");
    assert!(
        s1.contains("<a href=\"../session-2/#details\">the second</a>"),
        "{s1}"
    );
    assert!(s1.contains("<a href=\"../figure.svg\">a figure</a>"));
    assert!(s1.contains("<h2 id=\"consensus\">Consensus <a class=\"anchor\" href=\"#consensus\""));
    assert!(
        s1.contains("class=\"hl-"),
        "code is highlighted with classes"
    );
    assert!(s1.contains("<link rel=\"stylesheet\" href=\"../syntax.css\">"));
    assert!(s1.contains("rel=\"next\" href=\"../session-2/\""));
    let s2 = text(&files, "session-2/index.html");
    assert!(
        !s2.contains("syntax.css"),
        "pages without code do not load the code stylesheet"
    );
    assert!(s2.contains("rel=\"prev\" href=\"../session-1/\""));
    assert_eq!(
        text(&files, "sitemap.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://example.org/min/</loc></url>\n  <url><loc>https://example.org/min/session-1/</loc><lastmod>2024-05-01</lastmod></url>\n  <url><loc>https://example.org/min/session-2/</loc></url>\n</urlset>\n"
    );
    assert!(text(&files, "robots.txt").contains("Sitemap: https://example.org/min/sitemap.xml"));
    let atom = text(&files, "atom.xml");
    assert!(atom.contains("<updated>2024-05-01T00:00:00Z</updated>"));
    assert_eq!(atom.matches("<entry>").count(), 2);
    // And it is on disk, whole.
    assert!(dir.path().join("public/session-1/index.html").is_file());
}

#[test]
fn no_absolute_links_inside_pages() {
    let (_dir, files) = build("minimal");
    for (path, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            !html.contains("href=\"/"),
            "{path} has a root-absolute link"
        );
        assert!(
            !html.contains("src=\"/"),
            "{path} has a root-absolute source"
        );
    }
}

#[test]
fn nested_sections_order_by_weight_then_title_with_breadcrumbs() {
    let (_dir, files) = build("nested");
    let home = text(&files, "index.html");
    let day1 = home.find("Day One").unwrap();
    let day2 = home.find("Day Two").unwrap();
    assert!(day1 < day2);
    let section = text(&files, "day-1/index.html");
    let alpha = section.find(">Alpha<").unwrap();
    let bravo = section.find(">Bravo<").unwrap();
    assert!(alpha < bravo, "equal weights sort by title");
    let b = text(&files, "day-1/b/index.html");
    assert!(
        b.contains("<a href=\"../../day-2/a/\">day two&#39;s alpha</a>")
            || b.contains("<a href=\"../../day-2/a/\">day two’s alpha</a>"),
        "{b}"
    );
    assert!(b.contains("rel=\"prev\" href=\"../../day-1/a/\""));
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let (_dir, files) = build("drafts");
    assert!(files.contains_key("done/index.html"));
    assert!(!files.contains_key("wip/index.html"));
    let dir = copy_site(&fixture("drafts"));
    let mut opts = BuildOptions::new(dir.path());
    opts.drafts = true;
    assert!(site::render_site(&opts)
        .unwrap()
        .files
        .contains_key("wip/index.html"));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let (_dir, files) = build("overrides");
    let talk = text(&files, "talk/index.html");
    assert!(
        talk.contains("<p class=\"session-override\">A talk</p>"),
        "kind: session picks session.html"
    );
    assert!(
        talk.contains("class=\"contents\""),
        "the override still extends the theme's base"
    );
    assert_eq!(
        text(&files, "style.css"),
        "body { color: rebeccapurple; }\n"
    );
}

#[test]
fn file_urls_switch_makes_links_end_in_index_html() {
    let dir = copy_site(&fixture("minimal"));
    let yaml = dir.path().join("site.yaml");
    let mut config = std::fs::read_to_string(&yaml).unwrap();
    config.push_str("file_urls: true\n");
    std::fs::write(&yaml, config).unwrap();
    let files = site::render_site(&BuildOptions::new(dir.path()))
        .unwrap()
        .files;
    let s1 = text(&files, "session-1/index.html");
    assert!(
        s1.contains("href=\"../session-2/index.html#details\""),
        "{s1}"
    );
    assert!(s1.contains("href=\"../session-2/index.html\""));
}

#[test]
fn bad_yaml_is_reported_with_line_and_column() {
    assert_eq!(
        build_error("bad-yaml"),
        "content/a.md:2:8: title: invalid type: sequence, expected a string"
    );
}

#[test]
fn unknown_front_matter_field_is_an_error() {
    let e = build_error("unknown-field");
    assert!(
        e.starts_with("content/a.md:3:1: unknown field `autors`, expected one of `title`, `slug`"),
        "{e}"
    );
}

#[test]
fn broken_link_names_file_line_and_column() {
    assert_eq!(
        build_error("broken-link"),
        "content/a.md:6:5: link to a missing page `missing.md`: no content/missing.md; fix the path or create the page"
    );
}

#[test]
fn link_to_missing_heading_is_an_error() {
    assert_eq!(
        build_error("missing-heading"),
        "content/a.md:4:5: link to a missing heading `#nope` in b.md; the page's headings are: real"
    );
}

#[test]
fn template_syntax_error_points_into_the_template() {
    let e = build_error("bad-template");
    assert!(
        e.starts_with("templates/page.html:3:17: template error: Found `}}` but expected one of"),
        "{e}"
    );
}

#[test]
fn unknown_config_key_and_missing_site_yaml_are_errors() {
    let dir = copy_site(&fixture("minimal"));
    std::fs::write(dir.path().join("site.yaml"), "title: X\ntheem: plain\n").unwrap();
    let e = site::build(&BuildOptions::new(dir.path()))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("site.yaml:2:1: unknown field `theem`"), "{e}");
    std::fs::remove_file(dir.path().join("site.yaml")).unwrap();
    let e = site::build(&BuildOptions::new(dir.path()))
        .err()
        .unwrap()
        .to_string();
    assert!(e.ends_with("site.yaml: no site.yaml here; run in a site folder, pass --root, or create one with a `title:` line"), "{e}");
}

#[test]
fn all_errors_of_a_build_are_reported_at_once() {
    let dir = copy_site(&fixture("broken-link"));
    std::fs::write(
        dir.path().join("content/c.md"),
        "---\ntitle: C\n---\n[x](gone.md)\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/d.md"),
        "---\ntitle: D\nbad: 1\n---\n",
    )
    .unwrap();
    let e = site::build(&BuildOptions::new(dir.path())).err().unwrap();
    assert_eq!(
        e.count(),
        1,
        "front matter errors stop the build before links are checked"
    );
    std::fs::remove_file(dir.path().join("content/d.md")).unwrap();
    let e = site::build(&BuildOptions::new(dir.path())).err().unwrap();
    assert_eq!(e.count(), 2, "{e}");
}

#[test]
fn failed_build_leaves_the_last_good_site_in_place() {
    let dir = copy_site(&fixture("minimal"));
    let opts = BuildOptions::new(dir.path());
    site::build(&opts).unwrap();
    let before = std::fs::read(dir.path().join("public/session-1/index.html")).unwrap();
    std::fs::write(
        dir.path().join("content/session-2.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    assert!(site::build(&opts).is_err());
    assert_eq!(
        std::fs::read(dir.path().join("public/session-1/index.html")).unwrap(),
        before
    );
    assert!(dir.path().join("public/session-2/index.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn deleted_page_disappears_from_public() {
    let dir = copy_site(&fixture("drafts"));
    let opts = BuildOptions::new(dir.path());
    site::build(&opts).unwrap();
    assert!(dir.path().join("public/done/index.html").exists());
    std::fs::remove_file(dir.path().join("content/done.md")).unwrap();
    site::build(&opts).unwrap();
    assert!(!dir.path().join("public/done").exists());
}

/// The site built afresh into a folder no build has used.
fn fresh_build(opts: &BuildOptions) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let mut fresh = opts.clone();
    fresh.output = out.path().join("public");
    site::build(&fresh).unwrap();
    common::tree(&fresh.output)
}

#[test]
fn rebuilds_over_the_kept_staging_folder_equal_fresh_builds() {
    let dir = copy_site(&fixture("minimal"));
    let opts = BuildOptions::new(dir.path());
    let content = dir.path().join("content");
    let page = |name: &str, body: &str| {
        std::fs::write(
            content.join(name),
            format!("---\ntitle: {name}\n---\n{body}\n"),
        )
        .unwrap()
    };
    // Each step changes the content; the staging folder holds the build two steps back, so
    // `notes` turns from a file into a folder (step 3) and back (step 5) under a build's feet.
    let steps: [&dyn Fn(); 6] = [
        &|| std::fs::write(content.join("notes"), "plain notes\n").unwrap(),
        &|| page("extra.md", "An extra page."),
        &|| {
            std::fs::remove_file(content.join("notes")).unwrap();
            page("notes.md", "Notes became a page.");
        },
        &|| std::fs::remove_file(content.join("extra.md")).unwrap(),
        &|| {
            std::fs::remove_file(content.join("notes.md")).unwrap();
            std::fs::write(content.join("notes"), "notes again\n").unwrap();
        },
        &|| page("session-2.md", "## Details\n\nRewritten."),
    ];
    for (n, step) in steps.iter().enumerate() {
        step();
        site::build(&opts).unwrap_or_else(|e| panic!("step {n}: {e}"));
        assert_same_files(&common::tree(&opts.output), &fresh_build(&opts));
    }
    let mut beside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("public"))
        .collect();
    beside.sort();
    assert_eq!(beside, [".public.lock", ".public.staging", "public"]);
}

#[test]
fn a_build_that_fails_half_way_leaves_nothing_the_next_one_trusts() {
    let dir = copy_site(&fixture("minimal"));
    let opts = BuildOptions::new(dir.path());
    let page = dir.path().join("content/session-2.md");
    let with = |body: &str| {
        std::fs::write(
            &page,
            format!("---\ntitle: Two\n---\n## Details\n\n{body}\n"),
        )
        .unwrap()
    };
    with("AAAA");
    site::build(&opts).unwrap();
    with("CCCC");
    site::build(&opts).unwrap();
    // Writes its pages over the staging folder (which holds the AAAA build), then fails on a
    // page whose template is missing. A page of the same size but other bytes is left there.
    with("BBBB");
    std::fs::write(
        dir.path().join("content/broken.md"),
        "---\ntitle: Broken\ntemplate: missing.html\n---\n",
    )
    .unwrap();
    assert!(site::build(&opts).is_err());
    std::fs::remove_file(dir.path().join("content/broken.md")).unwrap();
    with("AAAA");
    site::build(&opts).unwrap();
    let served = std::fs::read_to_string(opts.output.join("session-2/index.html")).unwrap();
    assert!(served.contains("AAAA"), "{served}");
    assert_same_files(&common::tree(&opts.output), &fresh_build(&opts));
}

#[test]
fn a_file_changed_in_the_kept_folder_is_rewritten_and_links_are_not_followed() {
    let dir = copy_site(&fixture("minimal"));
    let opts = BuildOptions::new(dir.path());
    site::build(&opts).unwrap();
    site::build(&opts).unwrap();
    // The staging folder now holds the first build. Something changes one of its files without
    // changing its size, and another folder shares a file with it by hard link.
    let staging = dir.path().join(".public.staging");
    let page = staging.join("session-1/index.html");
    let original = std::fs::read(&page).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, vec![b'x'; original.len()]).unwrap();
    let elsewhere = dir.path().join("release-42.html");
    std::fs::hard_link(staging.join("session-2/index.html"), &elsewhere).unwrap();
    let linked_before = std::fs::read(&elsewhere).unwrap();
    let two = dir.path().join("content/session-2.md");
    let text = std::fs::read_to_string(&two).unwrap();
    std::fs::write(&two, text.replace("Back to", "Now back to")).unwrap();
    site::build(&opts).unwrap();
    assert_same_files(&common::tree(&opts.output), &fresh_build(&opts));
    assert_eq!(std::fs::read(&elsewhere).unwrap(), linked_before);
}

#[test]
fn a_recycled_folder_loses_its_manifest_before_anything_is_written() {
    let dir = copy_site(&fixture("minimal"));
    let opts = BuildOptions::new(dir.path());
    site::build(&opts).unwrap();
    site::build(&opts).unwrap();
    let staging = dir.path().join(".public.staging");
    assert!(staging.join("build.json").is_file());
    // A build through another path (serve's `build --watch` writes no manifest) that fails.
    let failed = quire::output::swap_in(&opts.output, quire::output::Staging::Kept, |sink| {
        assert!(sink.previous_manifest().is_some());
        quire::output::Sink::put(sink, "session-1/index.html", b"half-way".to_vec())?;
        Err::<(), _>(quire::Error::Message("failed half-way".into()))
    });
    assert!(failed.is_err());
    assert!(!staging.join("build.json").exists());
    site::build(&opts).unwrap();
    assert_same_files(&common::tree(&opts.output), &fresh_build(&opts));
}

#[test]
fn two_outputs_on_one_path_are_an_error_not_a_race() {
    let dir = copy_site(&fixture("minimal"));
    std::fs::create_dir_all(dir.path().join("content/session-1")).unwrap();
    std::fs::write(dir.path().join("content/session-1/index.html"), "mine").unwrap();
    let opts = BuildOptions::new(dir.path());
    for e in [
        site::build(&opts).map(|_| ()).unwrap_err(),
        site::render_site(&opts).map(|_| ()).unwrap_err(),
    ] {
        let e = e.to_string();
        assert!(
            e.contains("content/session-1/index.html and the page ")
                && e.contains("content/session-1.md both write `session-1/index.html`"),
            "{e}"
        );
    }
    assert!(!opts.output.exists());
}

#[test]
fn two_builds_of_one_output_at_once_take_turns() {
    let dir = copy_site(&fixture("nested"));
    let opts = BuildOptions::new(dir.path());
    std::thread::scope(|s| {
        let a = s.spawn(|| site::build(&opts).map(|_| ()));
        let b = s.spawn(|| site::build(&opts).map(|_| ()));
        a.join().unwrap().unwrap();
        b.join().unwrap().unwrap();
    });
    assert_same_files(&common::tree(&opts.output), &fresh_build(&opts));
}

fn seed_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_repo_site(dir.path());
    dir
}

/// The seed site built in memory.
fn seed_files() -> BTreeMap<String, Vec<u8>> {
    let dir = seed_site();
    site::render_site(&BuildOptions::new(dir.path()))
        .unwrap()
        .files
}

#[test]
fn two_builds_of_the_seed_are_byte_identical() {
    let a = seed_site();
    let b = seed_site();
    site::build(&BuildOptions::new(a.path())).unwrap();
    site::build(&BuildOptions::new(b.path())).unwrap();
    let fa = site::render_site(&BuildOptions::new(a.path()))
        .unwrap()
        .files;
    let fb = site::render_site(&BuildOptions::new(b.path()))
        .unwrap()
        .files;
    assert_eq!(fa, fb);
    // And on disk, every file.
    for (path, bytes) in &fa {
        assert_eq!(
            &std::fs::read(b.path().join("public").join(path)).unwrap(),
            bytes,
            "{path}"
        );
    }
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn seed_pages_golden_main() {
    let files = seed_files();
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with("/index.html"))
        .collect();
    assert_eq!(
        pages.len(),
        18,
        "16 content pages, print/ and glossary/: {pages:?}"
    );
    for page in [
        "comparison",
        "session-1",
        "session-2",
        "workshop-composition",
        "appendix-questions",
    ] {
        let html = text(&files, &format!("{page}/index.html"));
        insta::assert_snapshot!(page, main_of(&html));
    }
    let table = text(&files, "comparison/index.html");
    assert_eq!(table.matches("<tr>").count(), 8, "a header row and 7 rows");
}

#[test]
fn built_pages_carry_no_live_reload_script() {
    let (_dir, files) = build("minimal");
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("quire-live"),
            "{path}"
        );
    }
}

#[test]
fn seed_site_has_search_citations_glossary_and_print_edition() {
    let files = seed_files();
    let search = text(&files, "search-index.js");
    assert!(search.starts_with("window.QUIRE_SEARCH={\"docs\":["));
    assert!(
        search.contains("\"p\":\"session-5/\""),
        "session 5 is indexed"
    );
    assert!(
        search.contains("\"p\":\"session-1/#everything-digital-is-dual-use\""),
        "headings are indexed with their anchors"
    );
    assert!(
        search.contains(" schrems "),
        "a word from session 5's text is indexed"
    );
    let html_size: usize = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| b.len())
        .sum();
    assert!(
        search.len() * 4 < html_size,
        "index {} vs HTML {html_size}",
        search.len()
    );

    let s2 = text(&files, "session-2/index.html");
    assert!(s2.contains("<meta name=\"citation_author\" content=\"Newman, Abraham\">"));
    assert!(s2.contains("<meta name=\"citation_publication_date\" content=\"2023/11/10\">"));
    assert!(
        s2.contains("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\"")
    );
    assert!(s2.contains("@inproceedings{newman2023session2,"));
    let home = text(&files, "index.html");
    assert!(
        home.contains("\"subEvent\":[{\"@type\":\"Event\",\"name\":\"Session 1: National Security")
    );
    let bib = text(&files, "cite.bib");
    assert!(bib.starts_with("@proceedings{"));
    // The parts of the proceedings: not the about page or the list of participants.
    assert_eq!(bib.matches("@inproceedings{").count(), 14);
    assert!(!bib.contains("title = {{About IGP}}"));

    assert!(s2.contains("<abbr title=\"United States\">US</abbr>"));
    assert_eq!(
        s2.matches("<abbr title=\"United States\">").count(),
        1,
        "first use only"
    );
    let glossary = text(&files, "glossary/index.html");
    assert!(
        glossary.contains("CFIUS")
            && glossary.contains("Committee on Foreign Investment in the U.S.")
    );
    let terms: Vec<String> = glossary
        .split("<dt>")
        .skip(1)
        .map(|t| t[..t.find("</dt>").unwrap()].to_lowercase())
        .collect();
    let mut sorted = terms.clone();
    sorted.sort();
    assert!(
        terms.len() > 10 && terms == sorted,
        "alphabetical: {terms:?}"
    );

    let print = text(&files, "print/index.html");
    for n in 1..=7 {
        assert!(
            print.contains(&format!("id=\"p-session-{n}\"")),
            "session {n} in print"
        );
    }
    let ids: Vec<&str> = print
        .match_indices(" id=\"")
        .map(|(i, _)| {
            let rest = &print[i + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "ids on the print page are unique");
}

#[test]
fn seed_site_passes_its_own_link_check() {
    let dir = seed_site();
    let opts = BuildOptions::new(dir.path());
    let out = site::render_site(&opts).unwrap();
    let report = quire::check::check(
        &out.files,
        "https://proceedings.example.org/national-security-2023/",
        &out.sources,
    );
    let problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(report.links > 500, "{} links checked", report.links);
}

#[test]
fn shared_section_navigation_renders_exactly_like_per_page_navigation() {
    for root in [seed_site(), copy_site(&fixture("nested"))] {
        let site = site::Site::load(&BuildOptions::new(root.path())).unwrap();
        let cache = site.contents_cache().unwrap();
        assert!(!cache.is_empty());
        for i in 0..site.len() {
            let shared = site.render_page(i, Some(&cache)).unwrap();
            let alone = site.render_page(i, None).unwrap();
            assert_eq!(
                String::from_utf8(shared.1).unwrap(),
                String::from_utf8(alone.1).unwrap(),
                "{}",
                shared.0
            );
        }
    }
}

#[test]
fn large_sites_get_no_print_edition_and_no_link_to_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: Big\nbase_url: https://ex.org/\n",
    )
    .unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("_index.md"), "---\ntitle: Big\n---\n").unwrap();
    for n in 0..=site::PRINT_LIMIT {
        std::fs::write(
            content.join(format!("p{n:04}.md")),
            format!("---\ntitle: Page {n}\nweight: {n}\n---\nText {n}.\n"),
        )
        .unwrap();
    }
    let files = site::render_site(&BuildOptions::new(dir.path()))
        .unwrap()
        .files;
    assert!(!files.contains_key("print/index.html"));
    let report = quire::check::check(&files, "https://ex.org/", &BTreeMap::new());
    assert!(
        report.problems.is_empty(),
        "{:?}",
        &report.problems[..report.problems.len().min(3)]
    );
}

#[test]
fn the_plain_theme_renders_the_same_content() {
    let dir = seed_site();
    let mut opts = BuildOptions::new(dir.path());
    opts.theme = Some("plain".into());
    // The plain theme lives on disk, like any theme a user writes.
    let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    common::copy_dir(&themes.join("plain"), &dir.path().join("themes/plain"));
    let files = site::render_site(&opts).unwrap().files;
    assert!(!files.contains_key("quire.js"), "plain ships no script");
    let default = site::render_site(&BuildOptions::new(dir.path()))
        .unwrap()
        .files;
    let pages = |f: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        f.keys().filter(|p| p.ends_with(".html")).cloned().collect()
    };
    assert_eq!(pages(&files), pages(&default), "the same pages");
    let table = text(&files, "comparison/index.html");
    assert_eq!(table.matches("<tr>").count(), 8);
    assert_ne!(text(&files, "style.css"), text(&default, "style.css"));
    let report = quire::check::check(
        &files,
        "https://proceedings.example.org/national-security-2023/",
        &BTreeMap::new(),
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn a_folder_of_the_users_files_is_never_emptied_by_a_build() {
    let dir = copy_site(&fixture("minimal"));
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("notes.md"), "mine").unwrap();
    let mut opts = BuildOptions::new(dir.path());
    opts.output = docs.clone();
    for _ in 0..2 {
        let e = site::build(&opts).unwrap_err().to_string();
        assert!(e.contains("did not write") && e.contains("--force"), "{e}");
    }
    assert_eq!(
        std::fs::read_to_string(docs.join("notes.md")).unwrap(),
        "mine"
    );
    for inside in ["content/out", "content", "themes", "site.yaml", "."] {
        opts.output = dir.path().join(inside);
        opts.force = true;
        assert!(site::build(&opts).is_err(), "{inside}");
    }
    assert!(dir.path().join("content").is_dir() && !dir.path().join("content/out").exists());
    // A folder Quire built is Quire's to rebuild.
    opts.output = dir.path().join("site-out");
    opts.force = false;
    site::build(&opts).unwrap();
    site::build(&opts).unwrap();
}

#[test]
fn a_page_whose_slug_is_a_generated_file_is_an_error_naming_both() {
    for (slug, words) in [
        (
            "index.html",
            "content/_index.md writes `index.html` as a file",
        ),
        ("sitemap.xml", "the sitemap, which the build writes"),
        ("style.css", "a static file"),
    ] {
        let dir = copy_site(&fixture("minimal"));
        std::fs::write(
            dir.path().join("content/x.md"),
            format!("---\ntitle: X\nslug: {slug}\n---\nText.\n"),
        )
        .unwrap();
        let e = site::render_site(&BuildOptions::new(dir.path()))
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("content/x.md: `") && e.contains(words),
            "{slug}: {e}"
        );
    }
}

#[test]
fn the_theme_icons_are_written_and_linked_from_every_page() {
    let files = seed_files();
    assert!(files["favicon.svg"].starts_with(b"<svg"));
    for png in ["favicon.png", "apple-touch-icon.png"] {
        assert!(files[png].starts_with(b"\x89PNG\r\n\x1a\n"), "{png}");
    }
    let page = text(&files, "session-1/index.html");
    assert!(page.contains("<link rel=\"icon\" href=\"../favicon.svg\" type=\"image/svg+xml\">"));
    assert!(page.contains("href=\"../apple-touch-icon.png\""));
    assert!(!page.contains("data:,"));
}

#[test]
fn the_not_found_page_carries_its_stylesheet() {
    let files = seed_files();
    let page = text(&files, "404.html");
    let css = text(&files, "style.css");
    assert!(page.contains(&format!("<style>{css}</style>")));
    assert!(
        !page.contains("style.css\">") && !page.contains("<script src="),
        "nothing to load from base_url"
    );
}

#[test]
fn every_page_describes_itself_to_search_engines_and_link_previews() {
    let files = seed_files();
    let attr = |html: &str, key: &str| -> Option<String> {
        let at = html.find(&format!("{key} content=\""))? + key.len() + 10;
        Some(html[at..at + html[at..].find('"')?].to_string())
    };
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let description = attr(&html, "name=\"description\"").unwrap_or_default();
        assert!(
            description.len() > 20,
            "{path}: description {description:?}"
        );
        assert!(
            description.ends_with(['.', '?', '!', '…']),
            "{path}: cut mid-sentence: {description:?}"
        );
        assert_eq!(
            attr(&html, "property=\"og:description\"").as_ref(),
            Some(&description),
            "{path}"
        );
        for key in ["og:title", "og:type", "og:site_name", "og:image"] {
            assert!(
                attr(&html, &format!("property=\"{key}\"")).is_some(),
                "{path}: {key}"
            );
        }
    }
    let atom = text(&files, "atom.xml");
    assert!(!atom.contains("<summary></summary>"));
    assert_eq!(
        atom.matches("<summary>").count(),
        atom.matches("<entry>").count()
    );
}

#[test]
fn citation_tags_stand_only_on_the_parts_of_the_proceedings_and_name_people() {
    let files = seed_files();
    for page in [
        "index.html",
        "about/index.html",
        "workshop-composition/index.html",
        "glossary/index.html",
    ] {
        assert!(!text(&files, page).contains("name=\"citation_"), "{page}");
    }
    for page in [
        "session-1/index.html",
        "session-2/index.html",
        "comparison/index.html",
        "recommendations/index.html",
    ] {
        let html = text(&files, page);
        assert!(html.contains("name=\"citation_title\""), "{page}");
        assert!(
            !html.contains("citation_author\" content=\"The Internet Governance Project"),
            "{page}"
        );
    }
    let s2 = text(&files, "session-2/index.html");
    assert!(s2.contains("<meta name=\"citation_author\" content=\"Newman, Abraham\">"));
    assert!(s2.contains(r#""author":[{"@type":"Person","familyName":"Newman","givenName":"Abraham","name":"Abraham Newman"}]"#), "JSON-LD Chapter author");
    let s1 = text(&files, "session-1/index.html");
    let abstract_ = s1.split("citation_abstract\" content=\"").nth(1).unwrap();
    let abstract_ = &abstract_[..abstract_.find('"').unwrap()];
    assert!(
        abstract_.ends_with(['.', '?', '!']),
        "whole sentences: {abstract_}"
    );
}

#[test]
fn every_file_a_build_writes_is_claimed_before_it_is_rendered() {
    for root in [seed_site(), copy_site(&fixture("minimal"))] {
        let opts = BuildOptions::new(root.path());
        let loaded = site::Site::load(&opts).unwrap();
        let mut claimed: std::collections::BTreeSet<String> = loaded
            .pages()
            .map(|p| format!("{}index.html", p.path))
            .chain(loaded.assets().iter().map(|a| quire::url::slash_path(a)))
            .chain(loaded.theme().static_files.keys().cloned())
            .chain(
                loaded
                    .generated_outputs()
                    .iter()
                    .map(|(p, _)| p.to_string()),
            )
            .collect();
        claimed.remove("build.json"); // written by `build` around render_all, not by it
        let written: std::collections::BTreeSet<String> = site::render_site(&opts)
            .unwrap()
            .files
            .into_keys()
            .collect();
        assert_eq!(written, claimed);
    }
}

#[test]
fn a_long_page_lists_its_second_level_headings_in_order_and_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: T\nbase_url: https://example.org/\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/_index.md"),
        "---\ntitle: Home\n---\n",
    )
    .unwrap();
    let short = "---\ntitle: Short\n---\n## One\n\n## Two\n\n## Three\n";
    std::fs::write(dir.path().join("content/short.md"), short).unwrap();
    let long = "---\ntitle: Long\n---\n## A < b & \"c\"\n\n### Not listed\n\n## B {#b-id}\n\n## C\n\n## D\n";
    std::fs::write(dir.path().join("content/long.md"), long).unwrap();
    let files = site::render_site(&BuildOptions::new(dir.path()))
        .unwrap()
        .files;
    assert!(!text(&files, "short/index.html").contains("class=\"toc\""));
    let html = text(&files, "long/index.html");
    let at = html.find("<nav class=\"toc\"").expect("a contents list");
    let end = at + html[at..].find("</nav>").unwrap();
    assert_eq!(
        &html[at..end],
        "<nav class=\"toc\" aria-label=\"On this page\">\n<details open>\n<summary>On this page</summary>\n<ol>\n\
         <li><a href=\"#a-b-c\">A &lt; b &amp; “c”</a></li>\n\
         <li><a href=\"#b-id\">B</a></li>\n\
         <li><a href=\"#c\">C</a></li>\n\
         <li><a href=\"#d\">D</a></li>\n\
         </ol>\n</details>\n"
    );
}

/// Serve keeps a `Site` between rebuilds: after a theme reload (a static file edited) and then a
/// page edit, the page is rendered again with the reloaded theme. Every site-wide value must
/// survive that — the version switcher of a versioned build once did not, as `reload_theme` set
/// Tera's global values again but forgot `versions`.
#[test]
fn site_wide_values_survive_a_theme_reload_and_a_page_update() {
    let root = copy_site(&fixture("minimal"));
    let mut opts = BuildOptions::new(root.path());
    opts.site_version = Some("v2".into());
    let mut loaded = site::Site::load(&opts).unwrap();
    loaded.set_versions(&[
        quire::release::Version {
            tag: "v2".into(),
            date: None,
            latest: true,
        },
        quire::release::Version {
            tag: "v1".into(),
            date: None,
            latest: false,
        },
    ]);
    let page = |site: &site::Site| {
        let i = site
            .pages()
            .position(|p| p.path == "session-2/")
            .expect("the page is there");
        String::from_utf8(site.render_page(i, None).unwrap().1).unwrap()
    };
    let switcher = "href=\"../../v1/\">v1</a>";
    assert!(page(&loaded).contains(switcher), "{}", page(&loaded));
    loaded.reload_theme().unwrap();
    assert!(page(&loaded).contains(switcher), "after a theme reload");
    let file = root.path().join("content/session-2.md");
    let source = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, source.replace("Back to", "Edited: back to")).unwrap();
    let i = loaded
        .update_page(Path::new("session-2.md"))
        .unwrap()
        .expect("a body edit updates the page in place");
    let sink = quire::output::MemorySink::default();
    loaded.render_updated(&[i], &sink).unwrap();
    let files = sink.into_files();
    let html = text(&files, "session-2/index.html");
    assert!(html.contains("Edited: back to"), "{html}");
    assert!(html.contains(switcher), "after an update: {html}");
    assert!(html.contains("Version: </span>v2"), "{html}");
}
