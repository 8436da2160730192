//! The chapters: the title page (the home page), one chapter per page of the site in reading
//! order, and the glossary. Each is a whole XHTML document: a head that links the theme's EPUB
//! stylesheets, a header written from the page's front matter, and the page's rendered body.

use super::links::{id, Linker};
use super::xhtml::{self, Found};
use super::xml::Xml;
use crate::config::Config;
use crate::markdown::Rendered;
use crate::page::Page;

/// One XHTML file of the book.
pub struct Chapter<'a> {
    /// e.g. `c3.xhtml`
    pub file: String,
    pub title: String,
    /// Headings for the navigation document: level, id (as written), text.
    pub toc: Vec<(u8, String, String)>,
    pub xhtml: Vec<u8>,
    pub found: Found<'a>,
    /// The landmark it is, if any: `titlepage`, `bodymatter`, `glossary`.
    pub landmark: Option<&'static str>,
}

/// What every chapter's head needs.
pub struct Head<'a> {
    pub language: &'a str,
    /// The stylesheets, relative to the chapters.
    pub css: &'a [String],
}

impl Head<'_> {
    /// The document up to the open `<body>`.
    pub fn open(&self, title: &str) -> Xml {
        let mut x = Xml::document(Some("html"));
        x.open(
            "html",
            &[
                ("xmlns", "http://www.w3.org/1999/xhtml"),
                ("xmlns:epub", "http://www.idpf.org/2007/ops"),
                ("lang", self.language),
                ("xml:lang", self.language),
            ],
        );
        x.newline();
        x.open("head", &[]);
        x.element("title", &[], title);
        for css in self.css {
            x.empty(
                "link",
                &[("rel", "stylesheet"), ("type", "text/css"), ("href", css)],
            );
        }
        x.close("head");
        x.newline();
        x.open("body", &[]);
        x.newline();
        x
    }
}

/// Closes what `Head::open` opened.
pub fn close(mut x: Xml) -> Vec<u8> {
    x.close("body");
    x.newline();
    x.close("html");
    x.newline();
    x.into_bytes()
}

/// A page of the site as a chapter. The home page is the title page: the volume's title,
/// publisher, date and editors above its own text.
pub fn page<'a>(
    page: &Page,
    doc: &Rendered,
    file: String,
    head: &Head,
    config: &Config,
    linker: &Linker<'a>,
) -> Chapter<'a> {
    let home = page.path.is_empty();
    let title = page.front.title.trim();
    let title = if title.is_empty() {
        config.title.as_str()
    } else {
        title
    };
    let mut x = head.open(title);
    let kind = match page.front.kind.as_deref() {
        Some(k) => k,
        None if home => "home",
        None => "page",
    };
    let class = format!("kind-{kind}");
    let epub_type = if home { "titlepage" } else { "chapter" };
    x.open("section", &[("epub:type", epub_type), ("class", &class)]);
    x.newline();
    x.open("header", &[("class", "page-head")]);
    if home {
        if let Some(sub) = &config.subtitle {
            x.element("p", &[("class", "eyebrow")], sub);
        }
    } else if let Some(eyebrow) = eyebrow(page) {
        x.element("p", &[("class", "eyebrow")], &eyebrow);
    }
    x.element("h1", &[], title);
    if home {
        let line: Vec<&str> = [config.publisher.as_deref(), config.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !line.is_empty() {
            x.element("p", &[("class", "byline")], &line.join(" · "));
        }
        if !config.editors.is_empty() {
            let editors = format!("Edited by {}", config.editors.join(", "));
            x.element("p", &[("class", "byline")], &editors);
        }
    } else if let Some(byline) = byline(page) {
        x.element("p", &[("class", "byline")], &byline);
    }
    x.close("header");
    x.newline();
    let found = xhtml::fragment(&doc.html, &page.path, linker, &mut x);
    x.newline();
    x.close("section");
    x.newline();
    Chapter {
        title: title.to_string(),
        toc: doc
            .toc
            .iter()
            .map(|h| (h.level, id(&h.id).into_owned(), h.title.clone()))
            .collect(),
        xhtml: close(x),
        found,
        landmark: home.then_some("titlepage"),
        file,
    }
}

/// The small label above a title, as the theme's `eyebrow` component writes it.
fn eyebrow(page: &Page) -> Option<String> {
    let kind = page.front.kind.as_deref().unwrap_or("");
    match (page.front.session, kind) {
        (Some(n), "keynote") => Some(format!("Session {n} · Keynote")),
        (Some(n), _) => Some(format!("Session {n}")),
        (None, "keynote") => Some("Keynote".into()),
        (None, "table") => Some("Table".into()),
        (None, "questions") => Some("Appendix".into()),
        _ => None,
    }
}

/// Who spoke or wrote: the byline, else the speakers.
fn byline(page: &Page) -> Option<String> {
    match &page.front.byline {
        Some(b) => Some(b.clone()),
        None if !page.front.speakers.is_empty() => Some(page.front.speakers.join(", ")),
        None => None,
    }
}

/// The glossary: every term with what it stands for, alphabetically.
pub fn glossary<'a>(terms: &[(String, String)], file: String, head: &Head) -> Chapter<'a> {
    let title = "Glossary";
    let mut x = head.open(title);
    x.open(
        "section",
        &[("epub:type", "glossary"), ("class", "glossary")],
    );
    x.newline();
    x.element("h1", &[], title);
    x.newline();
    let mut sorted: Vec<&(String, String)> = terms.iter().collect();
    sorted.sort_by_cached_key(|(t, _)| (t.to_lowercase(), t.clone()));
    x.open("dl", &[]);
    for (term, expansion) in sorted {
        x.element("dt", &[], term);
        x.element("dd", &[], expansion);
        x.newline();
    }
    x.close("dl");
    x.newline();
    x.close("section");
    x.newline();
    Chapter {
        file,
        title: title.into(),
        toc: Vec::new(),
        xhtml: close(x),
        found: Found::default(),
        landmark: Some("glossary"),
    }
}
