//! A site made of hostile strings — page titles, summaries, speakers, headings and file names —
//! built in memory. Every output (page HTML and its attributes, JSON-LD, the search index, Atom,
//! the sitemap, BibTeX, the print edition) must carry each string back as text and never as
//! markup, and `check` must find every page.

mod common;

use quire::site::{render_site, BuildOptions, Output};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeSet;
use std::path::Path;

const HOSTILE: &[&str] = &[
    "what?",
    "hash#tag",
    "100%",
    "a b",
    "<!--<script>",
    "</script><script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "A}, note = {INJECTED",
    "{unbalanced",
    "&amp;",
    "line\u{2028}separator",
    "]]>",
];

/// The first pages are named after the hostile file names.
const FILES: &[&str] = &["what?", "hash#tag", "100%", "a b"];
const ENCODED: &[&str] = &["what%3F", "hash%23tag", "100%25", "a%20b"];
const BASE: &str = "https://example.org/p/";

/// A YAML double-quoted scalar: only printable ASCII as is (YAML 1.1 reads U+2028 as a break).
fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Markdown that means `s` as literal text.
fn md_literal(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escape = c.is_ascii_punctuation().then_some('\\');
            escape.into_iter().chain([c])
        })
        .collect()
}

fn file_of(i: usize) -> String {
    FILES.get(i).map_or(format!("p{i}"), |f| f.to_string())
}

fn url_of(i: usize) -> String {
    ENCODED.get(i).map_or(format!("p{i}"), |f| f.to_string())
}

fn summary_of(i: usize) -> &'static str {
    HOSTILE[(i + 1) % HOSTILE.len()]
}

fn speaker_of(i: usize) -> &'static str {
    HOSTILE[(i + 2) % HOSTILE.len()]
}

fn build_site(dir: &Path) -> Output {
    std::fs::write(
        dir.join("site.yaml"),
        format!("title: Hostile\nbase_url: {BASE}\npublisher: The Lab\ndate: \"2024-01-02\"\n"),
    )
    .unwrap();
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    // Links written as URLs (percent-encoded) and, where the name means the same as a URL
    // (not `hash#tag`), as `<file name>`.
    let mut home = String::from("---\ntitle: Home\n---\n\n");
    for (file, encoded) in FILES.iter().zip(ENCODED) {
        home.push_str(&format!("- [{file}]({encoded}.md#{0})\n", heading_id(file)));
        if !file.contains('#') {
            home.push_str(&format!("- [{file}](<{file}.md>)\n"));
        }
    }
    std::fs::write(content.join("_index.md"), home).unwrap();
    for (i, s) in HOSTILE.iter().enumerate() {
        let page = format!(
            "---\ntitle: {}\ndescription: {}\nspeakers: [{}]\nsession: {}\n---\n\n## {}\n\nAbout {}.\n\n## H {{#a\"onmouseover=\"alert(1) .c\"x}}\n",
            yaml_quote(s),
            yaml_quote(summary_of(i)),
            yaml_quote(speaker_of(i)),
            i + 1,
            md_literal(s),
            md_literal(s),
        );
        std::fs::write(content.join(format!("{}.md", file_of(i))), page).unwrap();
    }
    render_site(&BuildOptions::new(dir)).unwrap_or_else(|e| panic!("{e}"))
}

/// The id a heading of text `s` gets.
fn heading_id(s: &str) -> String {
    quire::markdown::heading_id(s, Default::default())
}

fn text(out: &Output, path: &str) -> String {
    String::from_utf8(
        out.files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn inner_text(e: &ElementRef) -> String {
    e.text().collect::<String>()
}

/// What content must never turn into: elements or attributes of its own.
fn assert_no_injected_markup(doc: &Html, what: &str) {
    for css in ["img", "[onerror]", "[onmouseover]", "[x]", "[note]"] {
        assert!(select(doc, css).is_empty(), "{what}: `{css}` in the output");
    }
    // The theme's own scripts only: none of them runs content.
    for script in select(doc, "script") {
        let src = script.value().attr("src").unwrap_or("quire.js");
        let code = inner_text(&script);
        let data = script.value().attr("type") == Some("application/ld+json");
        assert!(
            src.ends_with("quire.js") && !code.contains('<') && (data || !code.contains("alert")),
            "{what}: script {src} {code}"
        );
    }
    // A comment or script opened by content would swallow the rest of the page.
    assert_eq!(
        select(doc, "footer.colophon").len(),
        1,
        "{what}: the page was cut short"
    );
}

#[test]
fn hostile_strings_round_trip_as_text_in_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_site(dir.path());

    for (i, s) in HOSTILE.iter().enumerate() {
        let path = format!("{}/index.html", file_of(i));
        let doc = Html::parse_document(&text(&out, &path));
        assert_no_injected_markup(&doc, &path);
        let title = inner_text(&select(&doc, "title")[0]);
        assert_eq!(title, format!("{s} · Home"), "{path}");
        assert_eq!(inner_text(&select(&doc, "h1")[0]), *s, "{path}");
        let meta = |name: &str| {
            select(&doc, &format!("meta[name={name}]"))[0]
                .value()
                .attr("content")
                .unwrap()
                .to_string()
        };
        assert_eq!(meta("citation_title"), *s, "{path}");
        assert_eq!(meta("citation_abstract"), summary_of(i), "{path}");
        assert_eq!(meta("description"), summary_of(i), "{path}");
        let permalink = format!("{BASE}{}/", url_of(i));
        assert_eq!(meta("citation_public_url"), permalink, "{path}");
        let canonical = select(&doc, "link[rel=canonical]")[0].value().attr("href");
        assert_eq!(canonical, Some(permalink.as_str()));

        // The heading: its text, and an id that is an attribute value, not attributes.
        let h2 = select(&doc, ".prose h2");
        assert_eq!(
            inner_text(&h2[0]).trim_end_matches('#').trim(),
            *s,
            "{path}"
        );
        assert_eq!(h2[1].value().attr("id"), Some("a-onmouseover-alert-1"));
        assert_eq!(h2[1].value().attr("class"), Some("c\"x"));

        // JSON-LD: no markup characters in the script, and the strings parse back.
        let ld = select(&doc, "script[type=\"application/ld+json\"]");
        let json = inner_text(&ld[0]);
        assert!(
            !json.contains(['<', '>', '&', '\u{2028}']),
            "{path}: {json}"
        );
        let ld: serde_json::Value = serde_json::from_str(&json).unwrap();
        let chapter = &ld["@graph"][0];
        assert_eq!(chapter["name"], *s);
        assert_eq!(chapter["abstract"], summary_of(i));
        assert_eq!(chapter["author"][0]["name"], speaker_of(i));
        assert_eq!(chapter["url"], permalink.as_str());

        // The BibTeX shown on the page is text too.
        let bib = inner_text(&select(&doc, "pre.bibtex")[0]);
        // Titles are brace-protected (`{{…}}`), so styles keep their case.
        let (name, value) = &bib_fields(&bib)[0];
        assert_eq!(name, "title");
        assert_eq!(
            value.strip_prefix('{').and_then(|v| v.strip_suffix('}')),
            Some(*s)
        );
    }

    // The home page links to the oddly named pages by encoded URLs.
    let home = Html::parse_document(&text(&out, "index.html"));
    assert_no_injected_markup(&home, "index.html");
    let hrefs: BTreeSet<&str> = select(&home, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for (file, encoded) in FILES.iter().zip(ENCODED) {
        assert!(
            hrefs.contains(format!("./{encoded}/").as_str()),
            "{hrefs:?}"
        );
        let fragment = format!("{encoded}/#{}", heading_id(file));
        assert!(hrefs.contains(fragment.as_str()), "{fragment} in {hrefs:?}");
    }
    let listed: Vec<String> = select(&home, ".listing .t")
        .iter()
        .map(inner_text)
        .collect();
    for s in HOSTILE {
        assert!(listed.iter().any(|t| t == s), "{s:?} not in {listed:?}");
    }

    // `check` finds every page and every heading behind those URLs.
    let report = quire::check::check(&out.files, &out.base_url, &out.sources);
    assert!(report.problems.is_empty(), "{:#?}", report.problems);

    // The search index: a script without markup characters, whose strings parse back.
    let index = text(&out, "search-index.js");
    assert!(!index.contains(['<', '>', '&', '\u{2028}']));
    let json = index
        .strip_prefix("window.QUIRE_SEARCH=")
        .and_then(|j| j.strip_suffix(";\n"))
        .unwrap();
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = index["docs"].as_array().unwrap();
    for (i, s) in HOSTILE.iter().enumerate() {
        // Headings are indexed as plain text, their white space (U+2028 too) collapsed.
        let t = format!(
            "{s} › {}",
            s.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        let entry = docs.iter().find(|d| d["t"] == t.as_str()).unwrap();
        assert_eq!(entry["p"], format!("{}/#{}", url_of(i), heading_id(s)));
    }

    // Atom and the sitemap are well-formed XML carrying the strings and valid URLs.
    let atom = text(&out, "atom.xml");
    let atom = roxmltree::Document::parse(&atom).unwrap();
    let entries: Vec<_> = atom
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    for (i, s) in HOSTILE.iter().enumerate() {
        let permalink = format!("{BASE}{}/", url_of(i));
        let entry = entries
            .iter()
            .find(|e| child_text(e, "id") == permalink)
            .unwrap_or_else(|| panic!("no entry {permalink}"));
        assert_eq!(child_text(entry, "title"), *s);
        assert_eq!(child_text(entry, "summary"), summary_of(i));
    }
    let sitemap = text(&out, "sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: BTreeSet<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for encoded in ENCODED {
        assert!(
            locs.contains(format!("{BASE}{encoded}/").as_str()),
            "{locs:?}"
        );
    }
    for loc in &locs {
        let path = &loc[BASE.len()..];
        assert!(!path.contains(['?', '#', ' ', '<', '>', '"']), "{loc}");
        assert!(path
            .split('%')
            .skip(1)
            .all(|p| p.len() >= 2 && p.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit)));
    }

    // cite.bib: every entry has exactly its own fields, and the titles read back.
    let bib = text(&out, "cite.bib");
    let titles: BTreeSet<String> = bib
        .split("\n@")
        .map(|entry| {
            let fields = bib_fields(entry);
            let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
            assert!(
                names.iter().all(|n| [
                    "title",
                    "booktitle",
                    "author",
                    "editor",
                    "organization",
                    "publisher",
                    "year",
                    "url",
                    "file"
                ]
                .contains(n)),
                "{names:?} in {entry}"
            );
            let title = &fields[0].1;
            title
                .strip_prefix('{')
                .and_then(|t| t.strip_suffix('}'))
                .unwrap_or(title)
                .to_string()
        })
        .collect();
    for s in HOSTILE {
        assert!(titles.contains(*s), "{s:?} not in {titles:?}");
    }

    // The print edition.
    let print = Html::parse_document(&text(&out, "print/index.html"));
    assert_no_injected_markup(&print, "print/index.html");
    let titles: Vec<String> = select(&print, "h2.print-title")
        .iter()
        .map(inner_text)
        .collect();
    for s in HOSTILE {
        assert!(titles.iter().any(|t| t == s), "{s:?} not in {titles:?}");
    }
}

#[test]
fn hostile_strings_are_text_in_a_valid_epub() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_site(dir.path());
    let epub = &out.files["proceedings.epub"];
    let files = common::unzip(epub);
    // Every XML file of the book is well-formed, and the strings read back as text.
    let mut h1s = Vec::new();
    let mut nav_links = Vec::new();
    let mut bylines = Vec::new();
    for (name, bytes) in &files {
        if !(name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".xml")) {
            continue;
        }
        let text = std::str::from_utf8(bytes).unwrap();
        let doc = common::parse_xml(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let inner: String = node
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            let name = node.tag_name().name();
            assert!(
                !matches!(name, "script" | "img" | "iframe"),
                "{name} in the EPUB"
            );
            assert!(
                node.attributes().all(|a| !a.name().starts_with("on")),
                "an event handler in the EPUB"
            );
            match (name, node.attribute("class")) {
                ("h1", _) => h1s.push(inner),
                ("a", _) if text.contains("epub:type=\"toc\"") => nav_links.push(inner),
                ("p", Some("byline")) => bylines.push(inner),
                _ => {}
            }
        }
    }
    let opf = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n == "EPUB/package.opf")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    let opf = roxmltree::Document::parse(&opf).unwrap();
    let creators: Vec<&str> = opf
        .descendants()
        .filter(|n| n.has_tag_name("creator"))
        .filter_map(|n| n.text())
        .collect();
    for (i, s) in HOSTILE.iter().enumerate() {
        assert!(h1s.iter().any(|t| t == s), "{s:?} not in {h1s:?}");
        assert!(
            nav_links.iter().any(|t| t == s),
            "{s:?} not in {nav_links:?}"
        );
        // Headings in the contents, their ids made XML names.
        assert!(
            bylines.iter().any(|t| t == speaker_of(i)),
            "{:?}",
            speaker_of(i)
        );
        assert!(creators.contains(&speaker_of(i)), "{creators:?}");
    }
    // epubcheck, where it is installed (tests/validators/install.sh; CI installs it).
    match common::epubcheck(epub) {
        Some((ok, report)) => assert!(ok, "{report}"),
        None => eprintln!("epubcheck is not installed; the EPUB was only parsed"),
    }
}

fn child_text<'a>(node: &roxmltree::Node<'a, '_>, name: &str) -> &'a str {
    node.children()
        .find(|c| c.has_tag_name(name))
        .and_then(|c| c.text())
        .unwrap_or("")
}

/// The fields of one BibTeX entry as BibTeX reads them (braces counted, escaped or not), each
/// value with Quire's LaTeX escapes read back. Panics on unbalanced braces.
fn bib_fields(entry: &str) -> Vec<(String, String)> {
    let body_start = entry.find('{').unwrap() + 1;
    let mut depth = 1;
    let mut fields = Vec::new();
    let mut current = String::new();
    for c in entry[body_start..].chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "unbalanced braces in {entry}");
        if depth == 0 {
            break;
        }
        if depth == 1 && c == ',' {
            fields.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    assert_eq!(depth, 0, "unbalanced braces in {entry}");
    fields.push(current);
    fields
        .iter()
        .skip(1) // the key
        .filter_map(|f| f.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('{')
                .and_then(|v| v.strip_suffix('}'))
                .unwrap_or(v);
            (k.trim().to_string(), latex_text(v))
        })
        .collect()
}

fn latex_text(v: &str) -> String {
    v.replace("\\textbraceleft{}", "{")
        .replace("\\textbraceright{}", "}")
        .replace("\\textasciitilde{}", "~")
        .replace("\\textasciicircum{}", "^")
        .replace("\\textbackslash{}", "\\")
        .replace("\\#", "#")
        .replace("\\$", "$")
        .replace("\\%", "%")
        .replace("\\&", "&")
        .replace("\\_", "_")
}

#[test]
fn control_characters_are_refused_in_front_matter_and_replaced_in_bodies() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("title: C\nbase_url: {BASE}\n"),
    )
    .unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("_index.md"), "---\ntitle: Home\n---\n").unwrap();
    std::fs::write(content.join("bell.md"), "---\ntitle: \"Bell\\a\"\n---\n").unwrap();
    let e = render_site(&BuildOptions::new(dir.path()))
        .err()
        .unwrap()
        .to_string();
    assert!(
        e.contains("content/bell.md:2:1: `title` contains the control character U+0007"),
        "{e}"
    );

    std::fs::write(
        content.join("bell.md"),
        "---\ntitle: Bell\n---\n\n## Ring\u{7}\n\nNul\u{0} and escape\u{1b}.\n",
    )
    .unwrap();
    let out = render_site(&BuildOptions::new(dir.path())).unwrap();
    // Images, the PDF and the EPUB (a ZIP) are binary: the files inside the EPUB are what must
    // be clean.
    let epub = common::unzip(&out.files["proceedings.epub"]);
    let binary = |p: &str| p.ends_with(".png") || p.ends_with(".pdf") || p.ends_with(".epub");
    let files = out
        .files
        .iter()
        .filter(|(p, _)| !binary(p))
        .chain(epub.iter().map(|(p, b)| (p, b)));
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains(['\u{0}', '\u{7}', '\u{1b}']),
            "{path} has a control character"
        );
    }
    let page = text(&out, "bell/index.html");
    assert!(page.contains("Ring\u{FFFD}") && page.contains("Nul\u{FFFD} and escape\u{FFFD}."));
    roxmltree::Document::parse(&text(&out, "atom.xml")).unwrap();
}
