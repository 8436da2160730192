//! Numbered headings: `1.  Introduction`, `2.1`, `3.1.2.1.`, `A.`, `D.2.`, `IV.`, `Appendix A`,
//! `Annex 2`. The level comes from the numbering; which candidates are headings is decided for the
//! whole document at once, so that a numbered list in the body (which restarts at 1) is not read
//! as the document's outline.

use super::clean::Line;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    /// The numbering as printed, without its trailing dot: `2.1`, `A`, `IV`, `Appendix A`.
    pub number: String,
    /// 1 for `3.`, `A.`, `IV.`, `Appendix A`; 2 for `3.1`; …
    pub level: usize,
    /// The words after the numbering, letter-spacing undone.
    pub title: String,
    /// `Appendix A`, `Annex 2`, or a lettered number.
    pub appendix: bool,
}

const ROMAN: [&str; 15] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
];

/// Reads a numbered heading line; `None` for anything else, including numbered sentences
/// ("1.  Round trips per minute is a useful metric.").
pub fn numbered(line: &str) -> Option<Numbered> {
    let t = line.trim();
    let (number, level, rest, appendix) = split_number(t)?;
    let title = unspace(rest.trim());
    if (!title.is_empty() || !appendix) && !title_shaped(&title) {
        return None;
    }
    Some(Numbered {
        number,
        level,
        title,
        appendix,
    })
}

/// Splits the numbering off: `(number, level, rest, appendix)`.
fn split_number(t: &str) -> Option<(String, usize, &str, bool)> {
    for word in ["Appendix", "APPENDIX", "Annex", "ANNEX"] {
        if let Some(rest) = t.strip_prefix(word).and_then(|r| r.strip_prefix(' ')) {
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if id.is_empty() || id.len() > 3 {
                return None;
            }
            let rest = rest[id.len()..].trim_start_matches(['.', ':', ' ', '-', '–', '—']);
            return Some((format!("{word} {id}"), 1, rest, true));
        }
    }
    let token_end = t.find(char::is_whitespace)?;
    let token = &t[..token_end];
    let rest = &t[token_end..];
    let bare = token.strip_suffix('.').unwrap_or(token);
    let parts: Vec<&str> = bare.split('.').collect();
    if parts.iter().any(|p| p.is_empty()) || parts.len() > 5 {
        return None;
    }
    let first = parts[0];
    let tail_numeric = parts[1..]
        .iter()
        .all(|p| p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    if !tail_numeric {
        return None;
    }
    let digits = first.chars().all(|c| c.is_ascii_digit()) && first.len() <= 2;
    let letter = first.len() == 1 && first.chars().all(|c| c.is_ascii_uppercase());
    let roman = ROMAN.contains(&first) && parts.len() == 1;
    // A bare number needs its dot ("3. Keynote") or a sub-number ("2.1 Scope"): "2018 was…"
    // is a sentence.
    let dotted = token.ends_with('.') || parts.len() > 1;
    if !(dotted && (digits || letter || roman)) {
        return None;
    }
    Some((bare.to_string(), parts.len(), rest, letter && !roman))
}

/// A heading's words: short, starting with a capital, not a sentence or a clause.
pub fn title_shaped(t: &str) -> bool {
    let words = t.split_whitespace().count();
    (1..=16).contains(&words)
        && t.chars().count() <= 110
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"' || c == '“')
        && !t.ends_with(['.', ',', ';', '-'])
        && !t.contains(". ")
}

/// Undoes letter-spacing ("I n t ro d u c t i o n" → "Introduction"): when most of a line's
/// pieces are one or two letters, the spaces are kerning, not word breaks.
pub fn unspace(t: &str) -> String {
    let pieces: Vec<&str> = t.split_whitespace().collect();
    let short = pieces.iter().filter(|p| p.chars().count() <= 2).count();
    if pieces.len() >= 4 && short * 10 >= pieces.len() * 7 {
        pieces.concat()
    } else {
        pieces.join(" ")
    }
}

/// A run-in heading: `5.2. Funding Research Programmer Expertise. Research Software …` →
/// the numbered heading and the paragraph that follows on its line.
pub fn run_in(line: &str) -> Option<(Numbered, String)> {
    let t = line.trim();
    let (number, level, rest, appendix) = split_number(t)?;
    if level < 2 {
        return None;
    }
    let rest = rest.trim();
    let stop = rest.find(". ")?;
    let title = &rest[..stop];
    let body = rest[stop + 2..].trim();
    if title.split_whitespace().count() > 10 || !title_shaped(title) || body.is_empty() {
        return None;
    }
    Some((
        Numbered {
            number,
            level,
            title: title.to_string(),
            appendix,
        },
        body.to_string(),
    ))
}

/// The numbered headings of a document, by line number: a candidate is kept when it stands at
/// the start of a block (after a blank line, or after a line ending a sentence) and its top-level
/// number follows the ones before it (1, 2, 3 …; a list restarting at 1 is not the outline).
///
/// When the top-level headings stand flush left, a numbered list indented under a section
/// (`   6.  New measurements …` inside section 5) does not continue the outline.
pub fn scan(lines: &[Line]) -> BTreeMap<usize, Numbered> {
    let mut out = BTreeMap::new();
    let mut top: Option<u32> = None;
    let mut top_indent: Option<usize> = None;
    let mut prev = "";
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            prev = "";
            continue;
        }
        let standing = prev.is_empty() || prev.ends_with(['.', '?', '!', ':']);
        let candidate = numbered(t).or_else(|| run_in(t).map(|(n, _)| n));
        prev = t;
        let Some(h) = candidate.filter(|_| standing) else {
            continue;
        };
        let first: Option<u32> = h.number.split('.').next().and_then(|n| n.parse().ok());
        let indent = line.text.chars().take_while(|c| c.is_whitespace()).count();
        // Only an outline set flush left says so; centred headings have any indentation.
        let aligned = top_indent.is_none_or(|i| i > 0 || indent <= 1);
        let fits = match (first, h.level) {
            (Some(n), 1) => aligned && top.map_or(n <= 2, |t| n == t + 1),
            (Some(n), _) => top == Some(n),
            (None, _) => true,
        };
        if !fits {
            continue;
        }
        if let (Some(n), 1) = (first, h.level) {
            top = Some(n);
            top_indent.get_or_insert(indent);
        }
        out.insert(line.no, h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::clean::split_lines;

    #[test]
    fn numbering_gives_the_level() {
        let h = numbered("3.1.2.1.  Example Campus Networks").unwrap();
        assert_eq!((h.number.as_str(), h.level), ("3.1.2.1", 4));
        assert_eq!(h.title, "Example Campus Networks");
        let a = numbered("Appendix A.  IAB Members at the Time of Approval").unwrap();
        assert_eq!(
            (a.number.as_str(), a.level, a.appendix),
            ("Appendix A", 1, true)
        );
        assert_eq!(numbered("IV. Findings").unwrap().level, 1);
        assert_eq!(numbered("D.2. Summary of Discussion").unwrap().level, 2);
        assert_eq!(numbered("Annex 2").unwrap().number, "Annex 2");
        assert_eq!(
            numbered("1. I n t ro d u c t i o n").unwrap().title,
            "Introduction"
        );
    }

    #[test]
    fn sentences_and_years_are_not_headings() {
        assert_eq!(
            numbered("1.  Round trips per minute is a useful, consumable metric."),
            None
        );
        assert_eq!(numbered("2018 was a year"), None);
        assert_eq!(numbered("Plain text"), None);
    }

    #[test]
    fn a_run_in_heading_is_split_from_its_paragraph() {
        let (h, body) = run_in("5.4. CodeMeta. Research software is often not shared.").unwrap();
        assert_eq!((h.title.as_str(), h.level), ("CodeMeta", 2));
        assert_eq!(body, "Research software is often not shared.");
    }

    #[test]
    fn a_list_indented_under_a_section_does_not_continue_the_outline() {
        let lines = split_lines(
            "1.  Discussions\n\n   Text.\n\n2.  Conclusions\n\n   1.  First point.\n\n   3.  Third point.\n\n   4.  Fourth point.\n\n3.  Follow-on work\n\n   Text.\n",
        );
        let found: Vec<usize> = scan(&lines).into_keys().collect();
        assert_eq!(found, vec![1, 5, 13]);
    }

    #[test]
    fn a_list_that_restarts_at_one_is_not_the_outline() {
        let lines = split_lines(
            "1. Introduction\n\nText.\n\n2. Findings\n\n1. First point\n\n2. Second point\n\n3. Close\n\n3.1 Detail\n",
        );
        let found: Vec<usize> = scan(&lines).into_keys().collect();
        assert_eq!(found, vec![1, 5, 11, 13]);
    }
}
