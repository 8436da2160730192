//! The search index: every page's rendered HTML in, `search-index.js` out — one entry per
//! section of a page (its title, the URL of its heading, a snippet, and the distinct words of its
//! text). It is a script, not JSON, so the theme can load it from `file://` too, and it is loaded
//! only when a reader first uses the search box.

use crate::markdown::Rendered;
use crate::page::Page;
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    /// `Page title › Heading`
    t: &'a str,
    /// Root-relative URL, e.g. `session-5/#the-data-allies-model`
    p: &'a str,
    /// The first words of the section, for the result list.
    x: &'a str,
    /// The section's distinct lowercase words, space-separated, for matching.
    w: &'a str,
}

const SNIPPET_CHARS: usize = 180;

/// Sites with more pages than this get an index of titles, headings and summaries only: a
/// full-text index of tens of thousands of pages is too large to load in a browser.
pub const FULL_TEXT_LIMIT: usize = 2000;

/// Whether a site of `pages` pages gets a full-text index.
pub fn full_text(pages: usize) -> bool {
    pages <= FULL_TEXT_LIMIT
}

/// One page's entries as JSON objects joined by commas (empty when it has no text), already
/// safe inside a script (`escape::json_for_script`). Kept per page so `serve` can rebuild the
/// index after an edit without re-reading every page.
pub fn page_entries(page: &Page, doc: &Rendered, file_urls: bool, full_text: bool) -> String {
    let base = crate::url::link_path(&page.path, file_urls);
    let mut out = Vec::new();
    let mut push = |t: &str, p: &str, x: &str, w: &str| {
        let doc = Doc {
            t,
            p,
            x: &snippet(x),
            w: &words(w),
        };
        if !out.is_empty() {
            out.push(b',');
        }
        // Writing to a Vec cannot fail, and every field is a string.
        let _ = serde_json::to_writer(&mut out, &doc);
    };
    let title = &page.front.title;
    if !full_text {
        let summary = page.front.summary_text();
        push(title, &base, summary, &format!("{title} {summary}"));
        for h in doc.toc.iter().filter(|h| h.level <= 3) {
            let t = format!("{title} › {}", h.title);
            push(&t, &format!("{base}#{}", h.id), "", &t);
        }
    } else {
        let (mut t, mut p) = (String::new(), String::new());
        sections(&doc.html, |heading, text| match heading {
            Some((id, h)) => {
                t.clear();
                p.clear();
                t.push_str(title);
                t.push_str(" › ");
                t.push_str(h);
                p.push_str(&base);
                p.push('#');
                p.push_str(id);
                push(&t, &p, text, text);
            }
            None if text.is_empty() => {}
            None => push(title, &base, text, text),
        });
    }
    let json = String::from_utf8(out).unwrap_or_default();
    crate::escape::json_for_script(&json)
}

/// The index script from every page's entries (`page_entries`), in reading order.
pub fn index_script<'a>(parts: impl IntoIterator<Item = &'a String>) -> String {
    let parts: Vec<&String> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    let size = parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(size + 32);
    out.push_str("window.QUIRE_SEARCH={\"docs\":[");
    for (n, part) in parts.into_iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(part);
    }
    out.push_str("]};\n");
    out
}

/// Splits a page's HTML at its `<h2>`/`<h3>` headings and hands each part's text to `each`:
/// `Some((id, heading text))` and the text under it, and first the part before any heading
/// with `None`. One pass over the page; the text is gathered in one reused buffer.
fn sections(html: &str, mut each: impl FnMut(Option<(&str, &str)>, &str)) {
    let opener = memchr::memmem::Finder::new(b"<h");
    let mut heading: Option<(String, String)> = None;
    let mut text = String::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(found) = opener.find(&html.as_bytes()[from..]) {
        let at = from + found;
        let after = &html[at + 2..];
        if !(after.starts_with("2 id=\"") || after.starts_with("3 id=\"")) {
            from = at + 2;
            continue;
        }
        text.clear();
        push_text(&mut text, &html[start..at]);
        each(
            heading.as_ref().map(|(i, h)| (i.as_str(), h.as_str())),
            text.trim_end(),
        );
        let after = &after[6..];
        let id_end = after.find('"').unwrap_or(0);
        let id = crate::escape::html_unescape(&after[..id_end]).into_owned();
        let close = after.find("</h").unwrap_or(after.len());
        let text_start = after[id_end..]
            .find('>')
            .map_or(id_end, |i| id_end + i + 1)
            .min(close);
        text.clear();
        push_text(&mut text, &after[text_start..close]);
        heading = Some((id, text.trim().to_string()));
        start = html.len() - after.len() + close;
        from = start;
    }
    text.clear();
    push_text(&mut text, &html[start..]);
    each(
        heading.as_ref().map(|(i, h)| (i.as_str(), h.as_str())),
        text.trim_end(),
    );
}

/// Text of an HTML fragment: tags dropped, the common entities decoded, spaces collapsed.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    push_text(&mut out, html);
    out.truncate(out.trim_end().len());
    out
}

/// The start of the `#` link a heading carries (`markdown::render`), which is not text.
const ANCHOR: &str = "<a class=\"anchor\"";

/// Appends the text of an HTML fragment to `out`: every tag a word break, the references
/// `escape` writes decoded, each run of white space one space, heading anchors left out. Runs
/// of ordinary characters are copied whole: every page's HTML goes through here.
fn push_text(out: &mut String, html: &str) {
    let bytes = html.as_bytes();
    let mut space = out.is_empty() || out.ends_with(' ');
    let mut i = 0;
    while i < bytes.len() {
        let special = |b: &u8| matches!(b, b'<' | b'&' | b'\t'..=b'\r' | b' ') || *b >= 0x80;
        let run = bytes[i..]
            .iter()
            .position(special)
            .map_or(bytes.len(), |n| i + n);
        if run > i {
            out.push_str(&html[i..run]);
            space = false;
            i = run;
            continue;
        }
        match bytes[i] {
            b'<' => {
                let end = if html[i..].starts_with(ANCHOR) {
                    memchr::memmem::find(&bytes[i..], b"</a>").map(|n| i + n + 4)
                } else {
                    memchr::memchr(b'>', &bytes[i..]).map(|n| i + n + 1)
                };
                if !space {
                    out.push(' ');
                    space = true;
                }
                i = end.unwrap_or(bytes.len());
            }
            b'&' => {
                let rest = &html[i..];
                match crate::escape::ENTITIES
                    .iter()
                    .find(|(e, _)| rest.starts_with(e))
                {
                    Some((e, c)) => {
                        out.push(*c);
                        i += e.len();
                    }
                    None => {
                        out.push('&');
                        i += 1;
                    }
                }
                space = false;
            }
            b if b < 0x80 => {
                if !space {
                    out.push(' ');
                    space = true;
                }
                i += 1;
            }
            _ => {
                let c = html[i..].chars().next().unwrap_or(' ');
                if !c.is_whitespace() {
                    out.push(c);
                    space = false;
                } else if !space {
                    out.push(' ');
                    space = true;
                }
                i += c.len_utf8();
            }
        }
    }
}

fn snippet(text: &str) -> String {
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => format!("{cut}…"),
    }
}

fn words(text: &str) -> String {
    let lower = text.to_lowercase();
    let mut list: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2)
        .collect();
    list.sort_unstable();
    list.dedup();
    list.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_sections(html: &str) -> Vec<(Option<(String, String)>, String)> {
        let mut out = Vec::new();
        sections(html, |h, text| {
            out.push((
                h.map(|(i, h)| (i.to_string(), h.to_string())),
                text.to_string(),
            ))
        });
        out
    }

    #[test]
    fn sections_split_at_headings() {
        let html = "<p>Intro text.</p>\n<h2 id=\"a\">Alpha <a class=\"anchor\" href=\"#a\">#</a></h2>\n<p>Data &amp; allies.</p>";
        let s = all_sections(html);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], (None, "Intro text.".to_string()));
        assert_eq!(s[1].0, Some(("a".to_string(), "Alpha".to_string())));
        assert_eq!(s[1].1, "Data & allies.");
    }

    #[test]
    fn text_is_what_a_reader_sees() {
        let html = "<h4 id=\"c\">C # and F# <a class=\"anchor\" href=\"#c\" aria-label=\"Link to this section\">#</a></h4>\n<p>x&lt;y&#39;s\u{a0}\u{a0}caf\u{e9}\t<em>z</em>&nbsp;</p>";
        assert_eq!(plain(html), "C # and F# x<y's caf\u{e9} z &nbsp;");
    }

    #[test]
    fn large_sites_index_titles_headings_and_summaries_only() {
        let page = page_titled("Alpha");
        let doc = crate::markdown::render("## Beta\n\nBody words here.\n", 1, Default::default());
        let full = page_entries(&page, &doc, false, true);
        assert!(full.contains("body"));
        let small = page_entries(&page, &doc, false, false);
        assert_eq!(
            small,
            "{\"t\":\"Alpha\",\"p\":\"a/\",\"x\":\"Short summary.\",\"w\":\"alpha short summary\"},{\"t\":\"Alpha › Beta\",\"p\":\"a/#beta\",\"x\":\"\",\"w\":\"alpha beta\"}"
        );
    }

    #[test]
    fn words_are_distinct_and_lowercase() {
        assert_eq!(words("Data data, DATA allies a"), "allies data");
    }

    #[test]
    fn index_is_a_script_without_closing_tags() {
        let page = page_titled("</script>");
        let doc = crate::markdown::render("", 1, Default::default());
        let parts = vec![String::new(), page_entries(&page, &doc, false, false)];
        assert_eq!(
            index_script(&parts),
            "window.QUIRE_SEARCH={\"docs\":[{\"t\":\"\\u003c/script\\u003e\",\"p\":\"a/\",\"x\":\"Short summary.\",\"w\":\"script short summary\"}]};\n"
        );
    }

    fn page_titled(title: &str) -> Page {
        Page {
            source: "a.md".into(),
            display_path: "content/a.md".into(),
            front: crate::page::FrontMatter {
                title: title.into(),
                summary: Some("Short summary.".into()),
                ..Default::default()
            },
            body_line: 1,
            is_section: false,
            description: String::new(),
            path: "a/".into(),
            parent: Some(String::new()),
        }
    }
}
