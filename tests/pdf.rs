//! The typeset PDF (`proceedings.pdf`, feature `pdf`): made from the seed, byte-identical across
//! builds, linked from every page and citation, switched off by `pdf: false` and `--no-pdf`, its
//! template overridable and its errors located, and its text the pages' words in order.
#![cfg(feature = "pdf")]

mod common;

use quire::site::{self, BuildOptions};
use std::path::Path;
use std::process::Command;

const PDF: &str = "proceedings.pdf";

fn seed_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_repo_site(dir.path());
    dir
}

fn build(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    site::build(&BuildOptions::new(dir)).unwrap_or_else(|e| panic!("{e}"));
    common::tree(&dir.join("public"))
}

#[test]
fn the_seed_is_typeset_once_and_identically() {
    let (a, b) = (seed_site(), seed_site());
    let (fa, fb) = (build(a.path()), build(b.path()));
    let pdf = &fa[PDF];
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    assert!(
        pdf.len() > 20_000,
        "a PDF of {} bytes is too small for the seed",
        pdf.len()
    );
    assert!(pdf == &fb[PDF], "two builds made different PDFs");
    // The in-memory build (render_all) and the disk build (render_all_consuming) agree.
    let memory = site::render_site(&BuildOptions::new(a.path())).unwrap();
    assert!(memory.files[PDF] == *pdf, "memory and disk builds differ");
    // Its own metadata and the standards it claims.
    let text = String::from_utf8_lossy(pdf);
    assert!(
        text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
        "no PDF/A-2 claim"
    );
    assert!(text.contains("/StructTreeRoot"), "not tagged");
    let manifest = String::from_utf8(fa["build.json"].clone()).unwrap();
    assert!(
        manifest.contains("\"proceedings.pdf\""),
        "build.json does not list the PDF"
    );
}

#[test]
fn every_page_and_citation_points_at_the_pdf() {
    let dir = seed_site();
    let files = build(dir.path());
    let url = "https://proceedings.example.org/national-security-2023/proceedings.pdf";
    let session = String::from_utf8(files["session-3/index.html"].clone()).unwrap();
    assert!(
        session.contains("href=\"../proceedings.pdf\""),
        "no link to the PDF"
    );
    assert!(
        session.contains(&format!(
            "<meta name=\"citation_pdf_url\" content=\"{url}\">"
        )),
        "no citation_pdf_url"
    );
    assert!(
        session.contains(&format!("\"contentUrl\":\"{url}\"")),
        "JSON-LD lacks the PDF"
    );
    let home = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(
        home.contains("href=\"./proceedings.pdf\""),
        "the home page does not link the PDF"
    );
    let bib = String::from_utf8(files["cite.bib"].clone()).unwrap();
    assert!(
        bib.contains(&format!("file = {{{url}}}")),
        "cite.bib lacks the PDF: {bib}"
    );
}

#[test]
fn pdf_false_and_no_pdf_leave_it_out_and_unlinked() {
    let dir = seed_site();
    let yaml = dir.path().join("site.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{text}pdf: false\n")).unwrap();
    let files = build(dir.path());
    assert!(!files.contains_key(PDF));
    let no_links = |files: &std::collections::BTreeMap<String, Vec<u8>>| {
        files
            .iter()
            .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".bib"))
            .all(|(_, b)| !String::from_utf8_lossy(b).contains(PDF))
    };
    assert!(no_links(&files), "a page links the PDF that was not made");

    let dir = seed_site();
    let out = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["build", "--quiet", "--no-pdf", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = common::tree(&dir.path().join("public"));
    assert!(files.contains_key("index.html") && !files.contains_key(PDF));
    assert!(
        no_links(&files),
        "a page links the PDF that --no-pdf skipped"
    );
}

#[test]
fn a_site_overrides_the_template_file_by_file_and_its_errors_are_located() {
    let dir = seed_site();
    let pdf_dir = dir.path().join("pdf");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    // render.typ overridden alone: main.typ stays the theme's and imports the site's copy.
    std::fs::write(
        pdf_dir.join("render.typ"),
        "#let render(n) = [Overridden.]\n",
    )
    .unwrap();
    let files = build(dir.path());
    let text = pdftotext(&files[PDF]);
    if let Some(text) = text {
        assert!(text.contains("Overridden."), "the override was not used");
    }

    let dir = seed_site();
    let pdf_dir = dir.path().join("pdf");
    std::fs::create_dir_all(&pdf_dir).unwrap();
    std::fs::write(
        pdf_dir.join("main.typ"),
        "#let data = json(\"/quire/proceedings.json\")\n\n= #data.site.title\n#let x = (1 +\n",
    )
    .unwrap();
    let err = site::build(&BuildOptions::new(dir.path()))
        .expect_err("a broken template must fail the build")
        .to_string();
    let shown = dir.path().join("pdf/main.typ").display().to_string();
    assert!(
        err.starts_with(&format!("{shown}:4:")),
        "not located in the template: {err}"
    );
    assert!(err.contains("PDF template:"), "{err}");
    assert!(
        !dir.path().join("public").exists(),
        "a failed build wrote public/"
    );

    std::fs::write(
        pdf_dir.join("main.typ"),
        "#let data = json(\"/quire/proceedings.json\")\n#data.site.nope\n",
    )
    .unwrap();
    let err = site::build(&BuildOptions::new(dir.path()))
        .expect_err("a missing key must fail the build")
        .to_string();
    assert!(
        err.starts_with(&format!(
            "{shown}:2:12: PDF template: dictionary does not contain key \"nope\""
        )),
        "{err}"
    );
}

/// The PDF's text by `pdftotext`, or `None` (with a note) when it is not installed.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, pdf).unwrap();
    match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => {
            eprintln!("SKIPPED: pdftotext is not installed (Debian: poppler-utils); the PDF's text was not checked");
            None
        }
    }
}

/// The text with `<tag …>` and `</tag>` left out.
fn without_tags(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        let is_tag = tail.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match tail.find('>').filter(|_| is_tag) {
            Some(end) => rest = &tail[end + 1..],
            None => {
                out.push('<');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_pdf_holds_every_pages_words_in_reading_order() {
    let dir = seed_site();
    let files = build(dir.path());
    let Some(text) = pdftotext(&files[PDF]) else {
        return;
    };
    let pdf = common::squeeze(&text);
    let loaded = site::Site::load(&BuildOptions::new(dir.path())).unwrap();
    let mut at = 0;
    let mut pages = 0;
    for page in loaded.pages().filter(|p| !p.path.is_empty()) {
        let source = std::fs::read_to_string(loaded.content_dir().join(&page.source)).unwrap();
        let body = source.splitn(3, "---\n").nth(2).expect("front matter");
        // Raw HTML is the web page's: its tags are not set in the PDF, its text is.
        let body = without_tags(body);
        // A heading's `{#id .class}` is not text either.
        let body: String = body
            .lines()
            .map(|l| match l.rfind(" {") {
                Some(i) if l.starts_with('#') && l.ends_with('}') => &l[..i],
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let words: Vec<String> = std::iter::once(page.front.title.as_str())
            .chain(body.split_whitespace())
            .map(common::squeeze)
            .filter(|w| !w.is_empty())
            .collect();
        assert!(words.len() > 3, "{}: no words", page.path);
        for (n, word) in words.iter().enumerate() {
            match pdf[at..].find(word.as_str()) {
                Some(i) => at += i + word.len(),
                None => panic!(
                    "{}: word {n} `{word}` is missing from the PDF after the words before it",
                    page.display_path.display()
                ),
            }
        }
        pages += 1;
    }
    assert!(pages >= 15, "only {pages} pages checked");
}

#[test]
fn a_long_table_breaks_across_pages_with_its_header_repeated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: \"Tables #set page(width: 1pt) $x$\"\nbase_url: https://ex.org/\n",
    )
    .unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("_index.md"), "---\ntitle: Home\n---\n").unwrap();
    let rows: String = (1..=90)
        .map(|n| format!("| Row {n} says `#{n}` and @x{n} | <y{n}> *and* {n} // z |\n"))
        .collect();
    std::fs::write(
        content.join("table.md"),
        format!("---\ntitle: The table\n---\n\nTable: Many rows\n\n| Left side | Right side |\n| --- | --- |\n{rows}"),
    )
    .unwrap();
    let files = build(dir.path());
    let Some(text) = pdftotext(&files[PDF]) else {
        return;
    };
    let heads = text.matches("Left side").count();
    assert!(
        heads >= 2,
        "the header appears {heads} times: the table did not break, or its header was not repeated"
    );
    let pdf = common::squeeze(&text);
    let mut at = 0;
    for n in 1..=90 {
        let row = common::squeeze(&format!("Row {n} says #{n} and @x{n}"));
        at += pdf[at..]
            .find(&row)
            .unwrap_or_else(|| panic!("row {n} missing or out of order"));
    }
}

#[test]
fn on_demand_builds_link_the_pdf_but_leave_it_to_serve() {
    let dir = seed_site();
    let mut opts = BuildOptions::new(dir.path());
    opts.pdf_on_demand = true;
    let out = site::render_site(&opts).unwrap();
    assert!(
        !out.files.contains_key(PDF),
        "the edit loop typeset the PDF"
    );
    let home = String::from_utf8(out.files["index.html"].clone()).unwrap();
    assert!(home.contains("href=\"./proceedings.pdf\""));
}
