//! Import step 1, line level: decoded text in, lines without running headers out; and the inline
//! repairs (escaped dollars, `<u>` remnants, stray glyphs, errata) applied to each piece of text.

use std::collections::BTreeMap;

/// One line of the source, with its 1-based line number for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub no: usize,
    pub text: String,
}

/// Lines of decoded text (`decode::clean_chars`), numbered; a form feed (a page break) is
/// dropped from its line.
pub fn split_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.replace('\x0c', "").trim_end().to_string(),
        })
        .collect()
}

/// A running header is a short line standing alone that the PDF repeated on many pages: it
/// occurs at least twice and has no lowercase letters (so headings, which occur once, survive).
pub fn running_headers(lines: &[Line], extra: &[String]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for line in lines {
        let t = line.text.trim();
        if is_header_shaped(t) {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut headers: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(t, _)| t.to_string())
        .collect();
    for e in extra {
        if !headers.iter().any(|h| h == e.trim()) {
            headers.push(e.trim().to_string());
        }
    }
    headers
}

fn is_header_shaped(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && t.chars().count() <= 60
        && !t.chars().any(|c| c.is_lowercase())
        && !t.starts_with(['-', '*', '•'])
}

/// A line that is only a page number: "12", "- 12 -", "Page 12", "page 3 of 9", "Page | 2",
/// "[Page 7]", "12 / 30".
pub fn is_page_number(t: &str) -> bool {
    let t = t.trim().trim_matches(|c: char| {
        matches!(c, '-' | '–' | '—' | '[' | ']' | '(' | ')' | '|') || c.is_whitespace()
    });
    let lower = t.to_lowercase();
    let t = lower
        .strip_prefix("page")
        .map(|r| r.trim_start_matches([' ', '|', '.']))
        .unwrap_or(&lower);
    // "3 of 9", "3 / 9": the page and the count.
    let t = t
        .split_once(" of ")
        .or_else(|| t.split_once(" / "))
        .filter(|(_, n)| is_number(n.trim()))
        .map_or(t, |(p, _)| p.trim());
    is_number(t)
}

fn is_number(t: &str) -> bool {
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

/// Blanks out running headers and page numbers (keeping the line so page-break gaps stay
/// visible to the next step) and returns how many lines were removed.
pub fn strip_page_furniture(lines: &mut [Line], headers: &[String]) -> usize {
    let mut removed = 0;
    for line in lines.iter_mut() {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        if headers.iter().any(|h| h == t) || is_page_number(t) {
            line.text.clear();
            removed += 1;
        }
    }
    removed
}

/// Pictographs and dingbats a PDF extraction leaves in text (emoji, variation selectors).
pub fn is_glyph(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE00..=0xFE0F | 0x200D
        | 0xE000..=0xF8FF | 0xFFFC..=0xFFFD)
}

/// Inline repairs on one piece of text; `errata` replaces whole words (the editor's list).
pub fn clean_inline(text: &str, errata: &BTreeMap<String, String>) -> String {
    let text = text.replace("\\$", "$");
    let text = strip_tags(&text);
    let text: String = text.chars().filter(|&c| !is_glyph(c)).collect();
    let text = collapse_spaces(&text);
    apply_errata(&text, errata)
}

/// Removes the tags of inline HTML remnants (`<u>`, `</u>`, `<span …>`), keeping their text.
fn strip_tags(text: &str) -> String {
    const TAGS: [&str; 4] = ["u", "ins", "span", "font"];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_part = after.strip_prefix('/').unwrap_or(after);
        let name: String = name_part
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let close = after.find('>');
        match close {
            Some(end) if TAGS.contains(&name.to_ascii_lowercase().as_str()) => {
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        if c == ' ' {
            if !last_space {
                out.push(c);
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.trim().to_string()
}

/// Replaces each erratum where it stands as a whole word (or phrase); a capitalised occurrence
/// gets a capitalised replacement.
pub fn apply_errata(text: &str, errata: &BTreeMap<String, String>) -> String {
    let mut text = text.to_string();
    for (wrong, right) in errata {
        if wrong.is_empty() {
            continue;
        }
        text = replace_word(&text, wrong, right);
        let cap_wrong = capitalize(wrong);
        if cap_wrong != *wrong {
            text = replace_word(&text, &cap_wrong, &capitalize(right));
        }
    }
    text
}

fn replace_word(text: &str, wrong: &str, right: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut consumed = 0;
    while let Some(i) = rest.find(wrong) {
        let abs = consumed + i;
        let before = text[..abs].chars().next_back();
        let after = text[abs + wrong.len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        out.push_str(&rest[..i]);
        if boundary(before) && boundary(after) {
            out.push_str(right);
        } else {
            out.push_str(wrong);
        }
        rest = &rest[i + wrong.len()..];
        consumed = abs + wrong.len();
    }
    out.push_str(rest);
    out
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        split_lines(&crate::import::decode::clean_chars(text).text)
    }

    #[test]
    fn running_header_is_a_repeated_upper_case_line() {
        let l = lines("Title\n\nPROCEEDINGS\n\nText.\n\nPROCEEDINGS\n\nONCE ONLY\n");
        assert_eq!(running_headers(&l, &[]), vec!["PROCEEDINGS".to_string()]);
    }

    #[test]
    fn page_numbers_in_every_common_form() {
        for t in [
            "12",
            "- 12 -",
            "Page 12",
            "page 3 of 9",
            "Page | 2",
            "[Page 7]",
            "12 / 30",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2019 was", "Page layout", "12345", "Session 2"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn strip_page_furniture_blanks_headers_and_page_numbers() {
        let mut l = lines("a\nPROCEEDINGS\nb\n12\nc");
        let n = strip_page_furniture(&mut l, &["PROCEEDINGS".to_string()]);
        assert_eq!(n, 2);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["a", "", "b", "", "c"]);
    }

    #[test]
    fn clean_inline_unescapes_dollars_and_strips_u_tags_and_glyphs() {
        let e = BTreeMap::new();
        assert_eq!(
            clean_inline("costs \\$3 billion, see <u>our blog</u> 📓 🛸 now", &e),
            "costs $3 billion, see our blog now"
        );
    }

    #[test]
    fn clean_inline_keeps_other_angle_brackets() {
        let e = BTreeMap::new();
        assert_eq!(
            clean_inline("a < b and <em>x</em>", &e),
            "a < b and <em>x</em>"
        );
    }

    #[test]
    fn errata_replace_whole_words_only_and_keep_capitals() {
        let mut e = BTreeMap::new();
        e.insert("positivesum".to_string(), "positive-sum".to_string());
        assert_eq!(
            apply_errata("is positivesum; Positivesum games; positivesums", &e),
            "is positive-sum; Positive-sum games; positivesums"
        );
    }
}
