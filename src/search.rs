//! The search index: every page's rendered HTML in, `search-index.js` out — one entry per
//! section of a page (its title, the URL of its heading, a snippet, and the distinct words of its
//! text). It is a script, not JSON, so the theme can load it from `file://` too, and it is loaded
//! only when a reader first uses the search box.

use crate::markdown::Rendered;
use crate::page::Page;
use serde::Serialize;

#[derive(Serialize)]
struct Doc {
    /// `Page title › Heading`
    t: String,
    /// Root-relative URL, e.g. `session-5/#the-data-allies-model`
    p: String,
    /// The first words of the section, for the result list.
    x: String,
    /// The section's distinct lowercase words, space-separated, for matching.
    w: String,
}

const SNIPPET_CHARS: usize = 180;

/// Sites with more pages than this get an index of titles, headings and summaries only: a
/// full-text index of tens of thousands of pages is too large to load in a browser.
pub const FULL_TEXT_LIMIT: usize = 2000;

/// Whether a site of `pages` pages gets a full-text index.
pub fn full_text(pages: usize) -> bool {
    pages <= FULL_TEXT_LIMIT
}

/// One page's entries as JSON objects joined by commas (empty when it has no text). Kept per
/// page so `serve` can rebuild the index after an edit without re-reading every page.
pub fn page_entries(page: &Page, doc: &Rendered, file_urls: bool, full_text: bool) -> String {
    let base = crate::url::link_path(&page.path, file_urls);
    let mut entries = Vec::new();
    let mut push = |t: String, p: String, x: &str, w: &str| {
        let doc = Doc {
            t,
            p,
            x: snippet(x),
            w: words(w),
        };
        if let Ok(json) = serde_json::to_string(&doc) {
            entries.push(json);
        }
    };
    if !full_text {
        let title = &page.front.title;
        let summary = page.front.summary_text();
        push(
            title.clone(),
            base.clone(),
            summary,
            &format!("{title} {summary}"),
        );
        for h in doc.toc.iter().filter(|h| h.level <= 3) {
            let t = format!("{title} › {}", h.title);
            push(t.clone(), format!("{base}#{}", h.id), "", &t);
        }
        return entries.join(",");
    }
    for (heading, text) in sections(&doc.html) {
        let (title, url) = match &heading {
            Some((id, h)) => (
                format!("{} › {h}", page.front.title),
                format!("{base}#{id}"),
            ),
            None if text.is_empty() => continue,
            None => (page.front.title.clone(), base.clone()),
        };
        push(title, url, &text, &text);
    }
    entries.join(",")
}

/// The index script from every page's entries, in reading order.
pub fn index_script<'a>(parts: impl IntoIterator<Item = &'a String>) -> String {
    let mut out = String::from("window.QUIRE_SEARCH={\"docs\":[");
    let mut first = true;
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if !first {
            out.push(',');
        }
        out.push_str(part);
        first = false;
    }
    out.push_str("]};\n");
    crate::escape::json_for_script(&out)
}

/// Splits a page's HTML at its `<h2>`/`<h3>` headings: `(Some((id, heading text)), text)`, the
/// first part (before any heading) with `None`. One pass: each search starts where the last
/// heading ended (looking for `<h2` and `<h3` separately rescanned the page after every heading
/// for a level it might not have, quadratic in the number of headings).
fn sections(html: &str) -> Vec<(Option<(String, String)>, String)> {
    let opener = memchr::memmem::Finder::new(b"<h");
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    let mut start = 0;
    let mut from = 0;
    while let Some(found) = opener.find(&html.as_bytes()[from..]) {
        let at = from + found;
        let after = &html[at + 2..];
        if !(after.starts_with("2 id=\"") || after.starts_with("3 id=\"")) {
            from = at + 2;
            continue;
        }
        out.push((current.take(), plain(&html[start..at])));
        let after = &after[6..];
        let id_end = after.find('"').unwrap_or(0);
        let id = crate::escape::html_unescape(&after[..id_end]).into_owned();
        let close = after.find("</h").unwrap_or(after.len());
        let text_start = after[id_end..]
            .find('>')
            .map_or(id_end, |i| id_end + i + 1)
            .min(close);
        let heading = plain(&after[text_start..close]);
        let heading = heading.trim_end_matches('#').trim().to_string();
        current = Some((id, heading));
        start = html.len() - after.len() + close;
        from = start;
    }
    out.push((current.take(), plain(&html[start..])));
    out
}

/// Text of an HTML fragment: tags dropped, the common entities decoded, spaces collapsed; one
/// pass, since every page goes through it.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    let mut space = true;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        match c {
            '<' => {
                in_tag = true;
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                let decoded = crate::escape::ENTITIES
                    .iter()
                    .find(|(e, _)| rest.starts_with(e));
                match decoded {
                    Some((e, ch)) => {
                        out.push(*ch);
                        step = e.len();
                    }
                    None => out.push('&'),
                }
                space = false;
            }
            c if c.is_whitespace() => {
                if !space {
                    out.push(' ');
                    space = true;
                }
            }
            c => {
                out.push(c);
                space = false;
            }
        }
        rest = &rest[step..];
    }
    // The heading anchors ("#") are not text.
    let out = out.trim_end();
    out.replace(" # ", " ")
        .trim_start_matches("# ")
        .trim_end_matches(" #")
        .to_string()
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

    #[test]
    fn sections_split_at_headings() {
        let html = "<p>Intro text.</p>\n<h2 id=\"a\">Alpha <a class=\"anchor\" href=\"#a\">#</a></h2>\n<p>Data &amp; allies.</p>";
        let s = sections(html);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0], (None, "Intro text.".to_string()));
        assert_eq!(s[1].0, Some(("a".to_string(), "Alpha".to_string())));
        assert_eq!(s[1].1, "Data & allies.");
    }

    #[test]
    fn large_sites_index_titles_headings_and_summaries_only() {
        let page = Page {
            source: "a.md".into(),
            display_path: "content/a.md".into(),
            front: crate::page::FrontMatter {
                title: "Alpha".into(),
                summary: Some("Short summary.".into()),
                ..Default::default()
            },
            body_line: 1,
            is_section: false,
            description: String::new(),
            path: "a/".into(),
            parent: Some(String::new()),
        };
        let doc = crate::markdown::render("## Beta\n\nBody words here.\n", 1);
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
        let parts = vec![String::new(), "{\"t\":\"</script>\"}".to_string()];
        assert_eq!(
            index_script(&parts),
            "window.QUIRE_SEARCH={\"docs\":[{\"t\":\"\\u003c/script\\u003e\"}]};\n"
        );
    }
}
