//! What a page is about, in a sentence or three, for every output that describes it: the meta
//! description, OpenGraph, `citation_abstract`, JSON-LD and the feed's summary. The author's own
//! `description` wins; a `summary` is used when it ends a sentence (an importer's summary cut
//! mid-sentence is not); otherwise the page's first sentences, cut at a sentence boundary.

use crate::page::FrontMatter;

/// Descriptions stop at the sentence that passes this many characters (search engines show
/// about 155).
pub const MAX_CHARS: usize = 160;

/// The description of a page with front matter `front` and rendered body `html`.
pub fn describe(front: &FrontMatter, html: &str) -> String {
    if let Some(d) = front
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        return d.trim().to_string();
    }
    if let Some(s) = front.summary.as_deref().map(str::trim) {
        if ends_sentence(s) {
            return s.to_string();
        }
    }
    first_sentences(&body_text(html), MAX_CHARS)
}

/// The proceedings as a whole, for a home page with no text of its own: e.g. `Workshop
/// Proceedings: What is … economy? Published by The Internet Governance Project, 2023.`
pub fn volume(config: &crate::config::Config) -> String {
    let mut out = match &config.subtitle {
        Some(sub) => format!("{sub}: {}", config.title),
        None => config.title.clone(),
    };
    if !ends_sentence(&out) {
        out.push('.');
    }
    let year = config.date.as_deref().and_then(|d| d.get(..4));
    match (&config.publisher, year) {
        (Some(p), Some(y)) => out.push_str(&format!(" Published by {p}, {y}.")),
        (Some(p), None) => out.push_str(&format!(" Published by {p}.")),
        (None, Some(y)) => out.push_str(&format!(" {y}.")),
        (None, None) => {}
    }
    out
}

/// The text of the body's first paragraphs (list items when it has none), enough to describe it.
fn body_text(html: &str) -> String {
    let mut text = String::new();
    for tag in ["<p>", "<li>"] {
        let mut rest = html;
        while let Some(start) = rest.find(tag) {
            let after = &rest[start + tag.len()..];
            let end = after
                .find(&tag.replacen('<', "</", 1))
                .unwrap_or(after.len());
            let para = crate::search::plain(&without_tags(&after[..end]));
            if !para.is_empty() {
                if !text.is_empty() {
                    // List items are not sentences: keep them apart.
                    text.push_str(if tag == "<li>" { "; " } else { " " });
                }
                text.push_str(&para);
            }
            if text.chars().count() > MAX_CHARS * 2 {
                return text;
            }
            rest = &after[end..];
        }
        if !text.is_empty() {
            break;
        }
    }
    text
}

/// The text of a paragraph's inline HTML: tags dropped without a space, so `(<abbr>NSC</abbr>)`
/// reads `(NSC)` (characters are escaped in the HTML, so every `<` starts a tag).
fn without_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', ')'])
        .ends_with(['.', '?', '!'])
}

/// Whole sentences of `text` up to `max` characters (at least one); a first sentence longer than
/// `max` is cut at a word and marked with `…`.
pub fn first_sentences(text: &str, max: usize) -> String {
    let text = text.trim();
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') || !is_boundary(text, i) {
            continue;
        }
        let after = i + c.len_utf8();
        if end > 0 && text[..after].chars().count() > max {
            break;
        }
        end = after;
        if text[..end].chars().count() >= max {
            break;
        }
    }
    if end > 0 && text[..end].chars().count() <= max * 2 {
        return text[..end].to_string();
    }
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", cut[..i].trim_end_matches([',', ';', ':'])),
        None => format!("{cut}…"),
    }
}

/// Whether the stop at byte `i` ends a sentence: followed by the end or by a space and a capital
/// (or an opening quote), and not an initial (`A.`), an honorific or a common abbreviation.
fn is_boundary(text: &str, i: usize) -> bool {
    let rest = &text[i + 1..];
    let next = rest.trim_start_matches(['"', '”', '’', ')']);
    let followed = next.is_empty()
        || next.starts_with(' ')
            && next[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘(".contains(c));
    if !followed {
        return false;
    }
    let word = text[..i]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let abbreviation = [
        "Dr", "Mr", "Mrs", "Ms", "Prof", "St", "vs", "e.g", "i.e", "etc", "cf", "al", "Fig", "No",
        "U.S", "U.K", "Jr", "Sr",
    ]
    .contains(&word);
    !initial && !abbreviation
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_at_boundaries_not_at_abbreviations() {
        let text = "Dr. A. Newman spoke on U.S. policy. The panel agreed. Then it went on for a very long time about many other things that nobody needs in a description at all, really.";
        assert_eq!(
            first_sentences(text, 60),
            "Dr. A. Newman spoke on U.S. policy. The panel agreed."
        );
        assert_eq!(
            first_sentences(text, 30),
            "Dr. A. Newman spoke on U.S. policy."
        );
        assert_eq!(
            first_sentences("No stop at all here", 160),
            "No stop at all here"
        );
        let long = "word ".repeat(100);
        let cut = first_sentences(&long, 50);
        assert!(cut.ends_with('…') && cut.chars().count() <= 51, "{cut}");
    }

    #[test]
    fn the_authors_words_win_and_cut_summaries_do_not() {
        let html = "<h2>H</h2><p>First sentence here. Second one.</p><p>Third.</p>";
        let mut front = FrontMatter::default();
        assert_eq!(
            describe(&front, html),
            "First sentence here. Second one. Third."
        );
        front.summary = Some("The session discussed the risks of an".into());
        assert_eq!(
            describe(&front, html),
            "First sentence here. Second one. Third."
        );
        front.summary = Some("The session discussed risks.".into());
        assert_eq!(describe(&front, html), "The session discussed risks.");
        front.description = Some("Mine.".into());
        assert_eq!(describe(&front, html), "Mine.");
        assert_eq!(
            describe(
                &FrontMatter::default(),
                "<ul><li>Ana Ortiz, MIT</li><li>Li Wei, CERN</li></ul>"
            ),
            "Ana Ortiz, MIT; Li Wei, CERN"
        );
        assert_eq!(
            describe(
                &FrontMatter::default(),
                "<p>The <abbr title=\"x\">NSC</abbr> (<em>and</em> NEC) met.</p>"
            ),
            "The NSC (and NEC) met."
        );
    }
}
