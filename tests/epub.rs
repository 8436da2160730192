//! `proceedings.epub` read back as a reading system would: the container, the package document,
//! the navigation document and every chapter, on the seed, the fixtures and sites made here.

mod common;

use quire::site::{self, BuildOptions};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A built EPUB: its files by name, in stored order.
struct Book {
    files: Vec<(String, Vec<u8>)>,
}

impl Book {
    fn of(site_files: &BTreeMap<String, Vec<u8>>) -> Book {
        let bytes = site_files
            .get("proceedings.epub")
            .expect("no proceedings.epub");
        Book {
            files: common::unzip(bytes),
        }
    }

    fn text(&self, name: &str) -> String {
        let (_, bytes) = self
            .files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} in the EPUB"));
        String::from_utf8(bytes.clone()).unwrap()
    }

    fn has(&self, name: &str) -> bool {
        self.files.iter().any(|(n, _)| n == name)
    }

    /// The manifest (id → href, media type, properties) and the spine's hrefs, in order.
    fn package(&self) -> (BTreeMap<String, (String, String)>, Vec<String>) {
        let opf = self.text("EPUB/package.opf");
        let doc = common::parse_xml(&opf).unwrap();
        let manifest: BTreeMap<String, (String, String)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|n| {
                (
                    n.attribute("id").unwrap().to_string(),
                    (
                        n.attribute("href").unwrap().to_string(),
                        n.attribute("media-type").unwrap().to_string(),
                    ),
                )
            })
            .collect();
        let spine = doc
            .descendants()
            .filter(|n| n.has_tag_name("itemref"))
            .map(|n| manifest[n.attribute("idref").unwrap()].0.clone())
            .collect();
        (manifest, spine)
    }

    /// The text of the first element named `tag` in the book's file `href` (under `EPUB/`).
    fn first_text(&self, href: &str, tag: &str) -> String {
        let xhtml = self.text(&format!("EPUB/{href}"));
        let doc = common::parse_xml(&xhtml).unwrap();
        let node = doc.descendants().find(|n| n.has_tag_name(tag));
        node.map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect()
        })
        .unwrap_or_default()
    }
}

fn seed_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_repo_site(dir.path());
    dir
}

fn render(root: &Path) -> BTreeMap<String, Vec<u8>> {
    site::render_site(&BuildOptions::new(root))
        .unwrap_or_else(|e| panic!("{e}"))
        .files
}

fn fixture_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name);
    common::copy_dir(&from, dir.path());
    dir
}

#[test]
fn the_seed_epub_is_the_proceedings_in_reading_order() {
    let dir = seed_site();
    let files = render(dir.path());
    let book = Book::of(&files);
    assert_eq!(book.files[0].0, "mimetype");
    assert_eq!(book.files[0].1, b"application/epub+zip");
    assert!(book
        .text("META-INF/container.xml")
        .contains("full-path=\"EPUB/package.opf\""));

    // The spine: title page, contents, then the pages as the print edition has them, then the
    // glossary.
    let (_, spine) = book.package();
    let titles: Vec<String> = spine
        .iter()
        .filter(|h| *h != "nav.xhtml")
        .map(|h| book.first_text(h, "h1"))
        .collect();
    let print = scraper::Html::parse_document(&String::from_utf8_lossy(&files["print/index.html"]));
    let printed: Vec<String> = print
        .select(&scraper::Selector::parse("h2.print-title").unwrap())
        .map(|e| e.text().collect())
        .collect();
    let config = quire::config::Config::load(&dir.path().join("site.yaml")).unwrap();
    let mut want = vec![config.title.clone()];
    want.extend(printed);
    want.push("Glossary".into());
    assert_eq!(titles, want);
    assert_eq!(spine[1], "nav.xhtml");

    // The navigation document lists every chapter and every heading with an id in it.
    let nav = book.text("EPUB/nav.xhtml");
    for href in spine.iter().filter(|h| *h != "nav.xhtml") {
        assert!(
            nav.contains(&format!("href=\"{href}\"")),
            "{href} not in the contents"
        );
        let xhtml = book.text(&format!("EPUB/{href}"));
        let doc = common::parse_xml(&xhtml).unwrap();
        for h in doc.descendants().filter(|n| n.has_tag_name("h2")) {
            if let Some(id) = h.attribute("id") {
                assert!(
                    nav.contains(&format!("href=\"{href}#{id}\"")),
                    "{href}#{id}"
                );
            }
        }
    }
    assert!(nav.contains("epub:type=\"landmarks\""));

    // The participants and the glossary are there.
    let all: String = spine
        .iter()
        .map(|h| book.text(&format!("EPUB/{h}")))
        .collect();
    assert!(all.contains("Abraham Newman"));
    assert!(all.contains("<dt>ICT</dt><dd>Information and Communications Technologies</dd>"));

    // Metadata from site.yaml and the build's date.
    let opf = book.text("EPUB/package.opf");
    let doc = common::parse_xml(&opf).unwrap();
    let meta = |tag: &str| -> Vec<&str> {
        doc.descendants()
            .filter(|n| n.has_tag_name(tag))
            .filter_map(|n| n.text())
            .collect()
    };
    assert_eq!(meta("title")[0], config.title);
    assert_eq!(meta("language"), ["en"]);
    assert_eq!(meta("publisher"), ["The Internet Governance Project"]);
    assert!(meta("identifier")[0].starts_with("urn:uuid:"));
    assert!(
        meta("creator").contains(&"Milton Mueller"),
        "{:?}",
        meta("creator")
    );
    let modified = doc
        .descendants()
        .find(|n| n.attribute("property") == Some("dcterms:modified"))
        .and_then(|n| n.text())
        .unwrap();
    let shape = modified.len() == 20
        && modified.ends_with('Z')
        && modified.as_bytes()[10] == b'T'
        && modified[..10].parse::<jiff::civil::Date>().is_ok();
    assert!(shape, "{modified}");
}

/// Every link and image of every chapter points at a file of the book (and an id in it) or out
/// of the book; the manifest lists exactly the book's files.
fn assert_self_contained(book: &Book) {
    let (manifest, _) = book.package();
    let hrefs: BTreeSet<String> = manifest
        .values()
        .map(|(h, _)| format!("EPUB/{h}"))
        .collect();
    let stored: BTreeSet<String> = book
        .files
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n.starts_with("EPUB/") && n != "EPUB/package.opf")
        .collect();
    assert_eq!(hrefs, stored);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for (href, media) in manifest.values() {
        if media != "application/xhtml+xml" {
            continue;
        }
        let xhtml = book.text(&format!("EPUB/{href}"));
        let doc = common::parse_xml(&xhtml).unwrap_or_else(|e| panic!("{href}: {e}"));
        let own = ids.entry(href.clone()).or_default();
        for node in doc.descendants().filter(|n| n.is_element()) {
            if let Some(id) = node.attribute("id") {
                assert!(own.insert(id.to_string()), "{href}: id {id} twice");
            }
            for attr in ["href", "src"] {
                if let Some(target) = node.attribute(attr) {
                    links.push((href.clone(), target.to_string()));
                }
            }
        }
    }
    for (from, target) in links {
        if ["https:", "http:", "mailto:"]
            .iter()
            .any(|s| target.starts_with(s))
        {
            continue;
        }
        let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
        let file = if file.is_empty() { from.as_str() } else { file };
        assert!(
            book.has(&format!("EPUB/{file}")),
            "{from}: {target} is not in the book"
        );
        if !fragment.is_empty() {
            assert!(
                ids.get(file).is_some_and(|i| i.contains(fragment)),
                "{from}: {target}: no such id"
            );
        }
    }
}

#[test]
fn links_and_images_of_the_epub_stay_inside_it() {
    for dir in [seed_site(), fixture_copy("minimal"), fixture_copy("nested")] {
        assert_self_contained(&Book::of(&render(dir.path())));
    }
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn images_raw_html_footnotes_and_odd_ids_come_through_as_xhtml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("site.yaml"),
        "title: T\nbase_url: https://ex.org/p/\neditors: [Jane Roe]\n",
    )
    .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(content.join("img")).unwrap();
    std::fs::write(content.join("img/fig one.png"), PNG).unwrap();
    std::fs::write(content.join("data.csv"), "a,b\n").unwrap();
    std::fs::write(
        content.join("a.md"),
        "---\ntitle: A\nweight: 1\n---\n\n## 2023 {#2023}\n\nSee [B](b.md#x-1), the [data](data.csv), a note[^n].\n\n\
         ![A figure](<img/fig one.png>)\n\n<div onclick=\"alert(1)\" style=\"color: red\">raw<br>html<script>alert(2)</script></div>\n\n\
         [^n]: The note.\n",
    )
    .unwrap();
    std::fs::write(
        content.join("b.md"),
        "---\ntitle: B\nweight: 2\n---\n\n## X 1 {#x-1}\n\nBack to [2023](a.md#2023).\n",
    )
    .unwrap();
    let files = render(root);
    let book = Book::of(&files);
    assert_self_contained(&book);
    let (manifest, spine) = book.package();
    assert_eq!(spine, ["nav.xhtml", "c0.xhtml", "c1.xhtml"]);
    let a = book.text("EPUB/c0.xhtml");
    let b = book.text("EPUB/c1.xhtml");
    // The heading id `2023` is not an XML name; it and the link to it are rewritten alike.
    assert!(a.contains("<h2 id=\"q-2023\">"), "{a}");
    assert!(b.contains("href=\"c0.xhtml#q-2023\""), "{b}");
    assert!(a.contains("href=\"c1.xhtml#x-1\""), "{a}");
    // A copied file that is not an image is linked where the site has it.
    assert!(a.contains("href=\"https://ex.org/p/data.csv\""), "{a}");
    // The image is carried, in the manifest with its type.
    assert!(
        a.contains("<img alt=\"A figure\" src=\"media/m1.png\"/>"),
        "{a}"
    );
    assert!(manifest
        .values()
        .any(|(h, t)| h == "media/m1.png" && t == "image/png"));
    assert!(book.has("EPUB/media/m1.png"));
    // Raw HTML: its markup kept, well-formed; its scripts and handlers not.
    assert!(
        a.contains("<div style=\"color: red\">raw<br/>html</div>"),
        "{a}"
    );
    assert!(!a.contains("alert"), "{a}");
    // The editors are the book's creators.
    let opf = book.text("EPUB/package.opf");
    assert!(
        opf.contains("<dc:creator id=\"creator0\">Jane Roe</dc:creator>"),
        "{opf}"
    );
    assert!(opf.contains(">edt</meta>"), "{opf}");
    if let Some((ok, report)) = common::epubcheck(&files["proceedings.epub"]) {
        assert!(ok, "{report}");
    }
}

#[test]
fn every_page_links_the_epub_and_epub_false_turns_it_off() {
    let dir = fixture_copy("minimal");
    let out = site::render_site(&BuildOptions::new(dir.path())).unwrap();
    let pages: Vec<&String> = out.files.keys().filter(|p| p.ends_with(".html")).collect();
    for page in &pages {
        if *page == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(&out.files[*page]);
        assert!(
            html.contains("proceedings.epub\""),
            "{page} does not link the EPUB"
        );
    }
    // The link resolves: `check` finds the file.
    let report = quire::check::check(&out.files, &out.base_url, &out.sources);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);

    let yaml = dir.path().join("site.yaml");
    let mut config = std::fs::read_to_string(&yaml).unwrap();
    config.push_str("epub: false\n");
    std::fs::write(&yaml, config).unwrap();
    let files = render(dir.path());
    assert!(!files.contains_key("proceedings.epub"));
    for (path, bytes) in &files {
        assert!(
            !String::from_utf8_lossy(bytes).contains("proceedings.epub"),
            "{path} mentions the EPUB"
        );
    }
}

#[test]
fn the_epub_is_byte_identical_across_builds() {
    let (a, b) = (seed_site(), seed_site());
    let (fa, fb) = (render(a.path()), render(b.path()));
    assert!(fa.contains_key("proceedings.epub"));
    assert_eq!(fa["proceedings.epub"], fb["proceedings.epub"]);
}
