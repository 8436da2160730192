//! Markdown → HTML fragment, once per page: heading ids and anchors, a table of contents, code
//! highlighted through `highlight`, and every relative link replaced by a placeholder that the
//! site step resolves once all pages are known (`session-3.md#consensus` → `../session-3/#consensus`).

use crate::slug::{self, Slugify};
use crate::{escape, highlight};
use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    /// e.g. `everything-digital-is-dual-use`
    pub id: String,
    pub title: String,
}

/// A relative link found in the page, to be resolved by the site step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written, e.g. `session-3.md#consensus`.
    pub dest: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML with `quire-link:N` placeholders for `links[N]`.
    pub html: String,
    pub toc: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub has_code: bool,
}

/// A heading being collected: level, `{#id}`, `{.classes}`, and its inner events.
type OpenHeading<'a> = (HeadingLevel, Option<String>, Vec<String>, Vec<Event<'a>>);

pub const LINK_PREFIX: &str = "quire-link:";

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A paragraph `Table: …` right before a table becomes the table's `<caption>` (Pandoc's
/// convention), so a table is announced by name to screen readers and in the page's outline.
fn table_captions(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut paragraph_start = None;
    for event in events {
        match &event {
            Event::Start(Tag::Paragraph) => paragraph_start = Some(out.len()),
            Event::Start(Tag::Table(_)) => {
                let caption = paragraph_start.filter(|&s| {
                    matches!(out.last(), Some(Event::End(TagEnd::Paragraph)))
                        && matches!(&out.get(s + 1), Some(Event::Text(t)) if t.starts_with("Table: "))
                });
                if let Some(start) = caption {
                    let mut inner: Vec<Event> = out.drain(start..).collect();
                    inner.pop();
                    inner.remove(0);
                    if let Some(Event::Text(t)) = inner.first_mut() {
                        *t = CowStr::from(t["Table: ".len()..].to_string());
                    }
                    out.push(event);
                    out.push(Event::Html("<caption>".into()));
                    out.extend(inner);
                    out.push(Event::Html("</caption>".into()));
                    continue;
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// True for links that point into the site by a relative path (`a.md`, `img/x.png`, `#frag`):
/// not root-absolute, and with no URL scheme (`https:`, `mailto:`, `javascript:` …, RFC 3986:
/// a letter, then letters, digits, `+`, `-`, `.`, before the first `:` and any `/`).
pub fn is_internal(dest: &str) -> bool {
    !dest.is_empty() && !dest.starts_with('/') && url_scheme(dest).is_none()
}

/// A URL's scheme (`mailto`, `javascript`, `data`, …), per RFC 3986.
pub fn url_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let ok = chars.next()?.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then_some(scheme)
}

/// Renders `body`; `first_line` is the file line where the body starts, for link positions.
pub fn render(body: &str, first_line: usize, slugify: Slugify) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let body = &*clean_controls(body);
    let mut ids = slug::Unique::default();
    // Sized for a heading per `#` (an upper bound, found at memory speed): growing the set
    // rehashed every id of a page of many headings several times.
    ids.reserve(
        memchr::memchr_iter(b'#', body.as_bytes())
            .count()
            .min(body.len() / 8),
    );
    let mut heading: Option<OpenHeading> = None;
    // A finished heading's event list and HTML buffer, reused by the next heading.
    let (mut spare, mut scratch) = (Vec::new(), String::new());
    let mut has_table = false;
    let mut code: Option<(String, String)> = None;
    // Made on the first link: most pages of many lines have few links, or none.
    let line_starts = std::cell::OnceCell::new();
    let position = |offset: usize| {
        let line_starts: &Vec<usize> = line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', body.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let line = line_starts.partition_point(|&s| s <= offset);
        let col = body[line_starts[line - 1]..offset].chars().count() + 1;
        (first_line + line - 1, col)
    };

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if is_internal(&dest_url) => {
                let dest_url = placeholder(&mut out.links, &dest_url, position(range.start));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_internal(&dest_url) => {
                let dest_url = placeholder(&mut out.links, &dest_url, position(range.start));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            other => other,
        };
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().expect("inside a code block");
                    out.has_code = true;
                    events.push(Event::Html(highlight::code_html(&lang, &text).into()));
                }
                _ => {}
            }
            continue;
        }
        if let Some((_, _, _, inner)) = heading.as_mut() {
            if !matches!(event, Event::End(TagEnd::Heading(_))) {
                inner.push(event);
                continue;
            }
            let (level, id, classes, mut inner) = heading.take().expect("inside a heading");
            let title = plain_text(&inner);
            let id = ids.give(id.map_or_else(
                || heading_id(&title, slugify),
                |id| explicit_id(&id, slugify),
            ));
            let level = level as u8;
            // Written into one buffer and a single string per heading: a page can have tens
            // of thousands of them.
            scratch.clear();
            html::push_html(&mut scratch, inner.drain(..));
            spare = inner;
            let mut h = String::with_capacity(scratch.len() + 2 * id.len() + 96);
            let _ = write!(h, "<h{level} id=\"{id}\"");
            if !classes.is_empty() {
                h.push_str(" class=\"");
                h.push_str(&escape::html_attr(&classes.join(" ")));
                h.push('"');
            }
            // The id is made of letters, digits and `-_.:` (see `explicit_id`), so it needs no
            // escaping in the attribute nor encoding in the href.
            let _ = writeln!(
                h,
                ">{scratch} <a class=\"anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{level}>"
            );
            events.push(Event::Html(h.into()));
            out.toc.push(Heading { level, id, title });
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some((
                    level,
                    id.map(|i| i.to_string()),
                    classes.iter().map(|c| c.to_string()).collect(),
                    std::mem::take(&mut spare),
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            other => {
                has_table |= matches!(other, Event::Start(Tag::Table(_)));
                events.push(other);
            }
        }
    }
    let events = if has_table {
        table_captions(events)
    } else {
        events
    };
    // HTML runs ~10 % longer than its Markdown; sized for that, the string is rarely grown,
    // and one that was is trimmed, since every page's HTML is held until the pages are written.
    out.html = String::with_capacity(body.len() + body.len() / 4);
    html::push_html(&mut out.html, events.into_iter());
    if out.html.capacity() > out.html.len() + out.html.len() / 4 {
        out.html.shrink_to_fit();
    }
    out
}

/// The page's second-level headings as the items of a contents list, `<li><a href="#id">Title</a></li>`
/// each on a line, and how many there are: written here in one pass rather than by a template
/// loop, which took most of the time of a page of many headings. The theme wraps the items
/// (`page.toc_html`, `page.toc_count`) in the list and chooses when to show it.
pub fn toc_html(toc: &[Heading]) -> (String, usize) {
    let mut out = String::new();
    let mut count = 0;
    for h in toc.iter().filter(|h| h.level == 2) {
        // The id needs no escaping (see `explicit_id`); the title is text.
        out.push_str("<li><a href=\"#");
        out.push_str(&h.id);
        out.push_str("\">");
        out.push_str(&escape::html_text(&h.title));
        out.push_str("</a></li>\n");
        count += 1;
    }
    (out, count)
}

/// Records a relative link and returns the placeholder that stands for it until it is resolved.
fn placeholder(
    links: &mut Vec<LinkRef>,
    dest: &str,
    (line, column): (usize, usize),
) -> CowStr<'static> {
    let n = links.len();
    links.push(LinkRef {
        dest: dest.to_string(),
        line,
        column,
    });
    CowStr::from(format!("{LINK_PREFIX}{n}"))
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// An id written as `{#id}`: kept when it is letters, digits and `-_.:` (a valid id that needs
/// no escaping in an attribute or a URL), otherwise slugged like a heading's text, so that
/// `{#a"onmouseover="x}` becomes `a-onmouseover-x` instead of an attribute.
fn explicit_id(id: &str, slugify: Slugify) -> String {
    if !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    {
        id.to_string()
    } else {
        heading_id(id, slugify)
    }
}

/// Heading text → id by the site's slug rule; `section` when the text has no letter or digit.
pub fn heading_id(text: &str, slugify: Slugify) -> String {
    let id = slug::slug(text, slugify);
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

/// The body with NUL replaced by U+FFFD, as CommonMark requires, and so are the other C0
/// control characters (not tab, newline, carriage return): they are invisible in an editor,
/// and XML outputs cannot carry them. One character for one keeps link columns right.
pub(crate) fn clean_controls(body: &str) -> Cow<'_, str> {
    let bad = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    if !body.bytes().any(bad) {
        return Cow::Borrowed(body);
    }
    Cow::Owned(
        body.chars()
            .map(|c| {
                if (c as u32) < 0x80 && bad(c as u8) {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_anchors_and_toc() {
        let r = render(
            "# Intro\n\n## Points {.point}\n\n## Points\n",
            1,
            Slugify::On,
        );
        assert!(r.html.contains(
            "<h2 id=\"points\" class=\"point\">Points <a class=\"anchor\" href=\"#points\""
        ));
        assert!(r.html.contains("<h2 id=\"points-1\">"));
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, vec!["intro", "points", "points-1"]);
    }

    #[test]
    fn non_ascii_headings_get_the_sites_slug_rule() {
        let body = "# Détente\n\n## Ünïcödé\n\n## 中文\n\n## 🦄\n\n## Detente\n";
        let ids = |mode| -> Vec<String> {
            render(body, 1, mode)
                .toc
                .into_iter()
                .map(|h| h.id)
                .collect()
        };
        assert_eq!(
            ids(Slugify::On),
            ["detente", "unicode", "zhong-wen", "unicorn", "detente-1"]
        );
        assert_eq!(
            ids(Slugify::Safe),
            ["détente", "ünïcödé", "中文", "section", "detente"]
        );
    }

    #[test]
    fn repeated_headings_are_numbered_as_before() {
        let r = render(
            "# a\n# a\n# a-1\n# a\n# a-3\n# a\n# b {#a}\n# A-1\n",
            1,
            Slugify::On,
        );
        let ids: Vec<&str> = r.toc.iter().map(|h| h.id.as_str()).collect();
        // `a-1` as a title collides with the number the second `a` took, and numbers on from
        // itself; later `a`s skip the numbers already taken.
        assert_eq!(
            ids,
            vec!["a", "a-1", "a-1-1", "a-2", "a-3", "a-4", "a-5", "a-1-2"]
        );
    }

    #[test]
    fn heading_attributes_from_content_stay_attributes() {
        let r = render(
            "## H {#a\"onmouseover=\"alert(1) .c\"x}\n\n## I {#ok_1.b:c}\n",
            1,
            Slugify::On,
        );
        assert!(
            r.html
                .starts_with("<h2 id=\"a-onmouseover-alert-1\" class=\"c&quot;x\">H "),
            "{}",
            r.html
        );
        assert!(!r.html.contains("onmouseover=\""));
        assert_eq!(r.toc[1].id, "ok_1.b:c");
    }

    #[test]
    fn control_characters_in_the_body_become_replacement_characters() {
        let r = render(
            "## Bell\u{7}\n\nNul\u{0} here, [x](a.md)\u{1b}\n",
            1,
            Slugify::On,
        );
        assert!(r.html.contains("Bell\u{FFFD}"), "{}", r.html);
        assert!(r.html.contains("Nul\u{FFFD} here"));
        assert!(!r.html.contains(['\u{0}', '\u{7}', '\u{1b}']));
        assert_eq!((r.links[0].line, r.links[0].column), (3, 12));
    }

    #[test]
    fn relative_links_become_placeholders_with_positions() {
        let r = render(
            "Text\n\nSee [s3](session-3.md#x) and [web](https://a.org).\n",
            5,
            Slugify::On,
        );
        assert_eq!(
            r.links,
            vec![LinkRef {
                dest: "session-3.md#x".into(),
                line: 7,
                column: 5
            }]
        );
        assert!(r.html.contains("href=\"quire-link:0\""));
        assert!(r.html.contains("href=\"https://a.org\""));
    }

    #[test]
    fn tables_footnotes_tasks_and_smart_quotes_render() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n\"q\"[^1]\n\n[^1]: n\n",
            1,
            Slugify::On,
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn code_is_highlighted_only_when_present() {
        assert!(!render("plain", 1, Slugify::On).has_code);
        let r = render("```rust\nlet x = 1;\n```\n", 1, Slugify::On);
        assert!(r.has_code && r.html.contains("data-lang=\"rust\""));
    }

    #[test]
    fn links_with_a_scheme_are_not_files_of_the_site() {
        for external in [
            "https://a.org",
            "mailto:a@b.org",
            "javascript:alert(1)",
            "JavaScript:x",
            "data:,x",
            "tel:+1",
            "ftp://x",
        ] {
            assert!(!is_internal(external), "{external}");
        }
        for internal in ["a.md", "img/x.png", "#frag", "a.md#b", "1a:b.md"] {
            assert!(is_internal(internal), "{internal}");
        }
        assert_eq!(url_scheme("a+b.c-d:x"), Some("a+b.c-d"));
        assert_eq!(url_scheme("a b:x"), None);
    }

    #[test]
    fn a_table_paragraph_before_a_table_is_its_caption() {
        let r = render("Table: DNM and *NLG* compared\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nTable: not before a table\n", 1, Slugify::On);
        assert!(
            r.html
                .starts_with("<table><caption>DNM and <em>NLG</em> compared</caption><thead>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>Table: not before a table</p>"),
            "{}",
            r.html
        );
        let plain = render("Intro.\n\n| a |\n|---|\n| 1 |\n", 1, Slugify::On);
        assert!(
            plain.html.contains("<p>Intro.</p>\n<table><thead>"),
            "{}",
            plain.html
        );
    }
}
