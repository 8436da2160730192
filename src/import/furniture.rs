//! Page furniture and the table of contents, found from the document's own pages: a line that
//! stands near most page breaks (form feeds), compared with its digits masked so that
//! `[Page 2]` and `[Page 3]` are one line, is a running header or footer; a line that is only a
//! page number, in any common form, is a page number; the entries after "Contents" are the table
//! of contents. Each removal is recorded with its rule and line, so nothing goes in silence.

use super::clean::{is_page_number, Line};
use super::heading;
use std::collections::{BTreeMap, BTreeSet};

/// One line an import removed, and the rule that removed it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removal {
    pub rule: &'static str,
    /// 1-based line in the source.
    pub line: usize,
    pub text: String,
}

pub const RUNNING: &str = "running header or footer";
pub const PAGE_NUMBER: &str = "page number";
pub const CONTENTS: &str = "table of contents";

/// How many non-blank lines either side of a page break are looked at.
const REACH: usize = 3;

/// Line indices (0-based) that hold a form feed: where a new page starts.
pub fn page_breaks(text: &str) -> Vec<usize> {
    text.split('\n')
        .enumerate()
        .filter(|(_, l)| l.contains('\x0c'))
        .map(|(i, _)| i)
        .collect()
}

/// `Smith & Jones  Expires 4 March 2019  [Page 7]` → `smith & jones expires # march # [page #]`.
pub fn mask(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut in_digits = false;
    for c in t.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.extend(c.to_lowercase());
            in_digits = false;
        }
    }
    out
}

/// The lines near each page break: up to `REACH` non-blank lines before and after it.
fn near_breaks(lines: &[Line], breaks: &[usize]) -> Vec<Vec<usize>> {
    breaks
        .iter()
        .map(|&b| {
            let mut near = Vec::new();
            let before = (0..b.min(lines.len())).rev();
            near.extend(
                before
                    .filter(|&i| !lines[i].text.trim().is_empty())
                    .take(REACH),
            );
            near.extend(
                (b..lines.len())
                    .filter(|&i| !lines[i].text.trim().is_empty())
                    .take(REACH),
            );
            near
        })
        .collect()
}

/// Blanks the furniture of a paginated text (one with form feeds) and returns what it removed.
/// A masked line counts as furniture when it stands near at least a quarter of the page breaks
/// (and two of them); a page number only where it stands near a break.
pub fn strip_paginated(lines: &mut [Line], breaks: &[usize]) -> Vec<Removal> {
    if breaks.is_empty() {
        return Vec::new();
    }
    let near = near_breaks(lines, breaks);
    // Distinct lines, not pages: a body line near two breaks of a short page is still one line.
    let mut seen: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for &i in near.iter().flatten() {
        seen.entry(mask(&lines[i].text)).or_default().insert(i);
    }
    let needed = (breaks.len() / 4).max(2);
    let mut removed = Vec::new();
    let mut done = BTreeSet::new();
    for &i in near.iter().flatten() {
        if !done.insert(i) {
            continue;
        }
        let t = lines[i].text.trim();
        let rule = if is_page_number(t) {
            PAGE_NUMBER
        } else if seen.get(&mask(t)).is_some_and(|p| p.len() >= needed) && t.len() <= 100 {
            RUNNING
        } else {
            continue;
        };
        removed.push(Removal {
            rule,
            line: lines[i].no,
            text: t.to_string(),
        });
        lines[i].text.clear();
    }
    removed.sort_by_key(|r| r.line);
    removed
}

/// "Table of Contents", "Contents", "1.  Table of Contents".
fn is_contents_heading(t: &str) -> bool {
    let t = heading::numbered(t).map_or(t.to_string(), |h| h.title);
    let t = t.trim().trim_end_matches(':').to_lowercase();
    t == "table of contents" || t == "contents"
}

/// An entry's title: numbering, bullets, emphasis, dot leaders and page number taken off.
pub fn entry_title(t: &str) -> String {
    let t = t
        .trim()
        .trim_start_matches(['-', '*', '•', '●', ' '])
        .replace('*', "");
    let t = t.trim_end_matches(|c: char| {
        c.is_ascii_digit() || c == '.' || c == '…' || c.is_whitespace()
    });
    heading::numbered(t).map_or(t.trim().to_string(), |h| h.title)
}

fn normalise(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A line of a table of contents: dot leaders, a page number at the end, a bare page number or
/// numbering, or a short title.
fn is_entry(t: &str) -> bool {
    let leaders = t.contains("...") || t.contains(". . .") || t.contains("…");
    let numbered_end = t
        .rsplit_once("  ")
        .is_some_and(|(_, n)| n.trim().chars().all(|c| c.is_ascii_digit()) && !n.trim().is_empty());
    let only_number = t.trim_end_matches('.').chars().all(|c| c.is_ascii_digit());
    leaders || numbered_end || only_number || heading::title_shaped(&entry_title(t))
}

/// Finds the table of contents, blanks it, and returns its entry titles and the removals. It
/// ends where an entry appears again as the body's heading, or at a line no entry looks like.
pub fn strip_contents(lines: &mut [Line]) -> (Vec<String>, Vec<Removal>) {
    let Some(at) = lines.iter().position(|l| is_contents_heading(&l.text)) else {
        return (Vec::new(), Vec::new());
    };
    let mut entries: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut end = at + 1;
    for (i, line) in lines.iter().enumerate().skip(at + 1) {
        let t = line.text.trim();
        if t.is_empty() {
            continue;
        }
        let title = entry_title(t);
        let key = normalise(&title);
        if !key.is_empty() && seen.contains(&key) || !is_entry(t) {
            break;
        }
        if !key.is_empty() && !key.chars().all(|c| c.is_ascii_digit()) {
            seen.insert(key);
            entries.push(title);
        }
        end = i + 1;
    }
    if entries.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let mut removed = Vec::new();
    for line in &mut lines[at..end] {
        if !line.text.trim().is_empty() {
            removed.push(Removal {
                rule: CONTENTS,
                line: line.no,
                text: line.text.trim().to_string(),
            });
            line.text.clear();
        }
    }
    (entries, removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::clean::split_lines;

    #[test]
    fn masked_digits_make_page_footers_one_line() {
        assert_eq!(
            mask("Arkko  Expires 6 May  [Page 6]"),
            mask("Arkko Expires 16 May [Page 11]")
        );
    }

    #[test]
    fn lines_repeated_at_page_breaks_are_removed_in_any_case() {
        let text = "Title\n\nBody one that\nSmith  Expires 2019  [Page 1]\n\x0cInternet-Draft  Report  March 2019\n\ncontinues here.\nSmith  Expires 2019  [Page 2]\n\x0cInternet-Draft  Report  March 2019\nEnd.\nPage 3 of 9\n\x0c";
        let breaks = page_breaks(text);
        let mut lines = split_lines(text);
        let removed = strip_paginated(&mut lines, &breaks);
        let rules: Vec<(&str, usize)> = removed.iter().map(|r| (r.rule, r.line)).collect();
        assert_eq!(
            rules,
            vec![
                (RUNNING, 4),
                (RUNNING, 5),
                (RUNNING, 8),
                (RUNNING, 9),
                (PAGE_NUMBER, 11)
            ]
        );
        assert_eq!(lines[2].text, "Body one that");
    }

    #[test]
    fn contents_with_leaders_is_removed_until_the_body_repeats_an_entry() {
        let mut lines = split_lines(
            "Title\n\nTable of Contents\n\n   1.  Introduction  . . . . 3\n   2.  Scope . . . . 4\n\n1.  Introduction\n\nText.\n",
        );
        let (entries, removed) = strip_contents(&mut lines);
        assert_eq!(entries, vec!["Introduction", "Scope"]);
        assert_eq!(removed.len(), 3);
        assert_eq!(lines[7].text, "1.  Introduction");
    }

    #[test]
    fn contents_with_page_numbers_on_their_own_lines() {
        let mut lines = split_lines(
            "Contents\nSummary\n2\nAttendees and Instructors\n3\nSummary\nThe workshop met.\n",
        );
        let (entries, _) = strip_contents(&mut lines);
        assert_eq!(entries, vec!["Summary", "Attendees and Instructors"]);
        assert_eq!(lines[5].text, "Summary");
    }
}
