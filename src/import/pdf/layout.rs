//! Layout evidence for each line: its size relative to the body text, its band on the page,
//! its indentation and the space above it; then page furniture (lines in the top or bottom band
//! repeated on many pages, digits masked, or bare page numbers there) and headings (larger or
//! bold lines) marked.

use super::lines::RawLine;
use super::{Band, Line, Role};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The top and bottom bands: this share of the page height.
const BAND: f32 = 0.1;

/// Lines of all pages (page number, page height, lines in reading order) with their evidence.
pub fn evidence(pages: Vec<(usize, f32, Vec<RawLine>)>) -> Vec<Line> {
    let body = body_size(pages.iter().flat_map(|(_, _, l)| l));
    let mut out = Vec::new();
    for (page, height, lines) in pages {
        let mut previous: Option<&RawLine> = None;
        for l in &lines {
            let gap = previous
                .filter(|p| p.column == l.column && l.y > p.y)
                .map(|p| l.y - p.y);
            let band = if l.y < height * BAND {
                Band::Top
            } else if l.y > height * (1.0 - BAND) {
                Band::Bottom
            } else {
                Band::Body
            };
            out.push(Line {
                text: l.text.clone(),
                page,
                column: l.column,
                x: l.x0,
                x_end: l.x1,
                y: l.y,
                size: l.size,
                rel_size: l.size / body,
                bold: l.bold,
                italic: l.italic,
                small_caps: l.small_caps,
                band,
                indent: l.x0 - l.column_left,
                gap,
                role: if l.table { Role::Table } else { Role::Body },
            });
            previous = Some(l);
        }
    }
    out
}

/// The body text size: the size most characters are set in.
fn body_size<'a>(lines: impl Iterator<Item = &'a RawLine>) -> f32 {
    let mut weight: HashMap<i32, usize> = HashMap::new();
    for l in lines {
        *weight.entry((l.size * 2.0).round() as i32).or_default() += l.text.len();
    }
    weight
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(10.0, |(size, _)| (size as f32 / 2.0).max(1.0))
}

/// The text with each run of digits as `#`, lower-cased: `Page 3 of 7` and `Page 4 of 7`
/// are the same furniture.
pub fn masked(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

fn is_page_number(masked: &str) -> bool {
    let t = masked.trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
    let t = t.strip_prefix("page ").unwrap_or(t);
    matches!(t, "#" | "# of #" | "#/#" | "# / #")
        || (!t.is_empty() && t.len() <= 5 && t.chars().all(|c| "ivxlc".contains(c)))
}

/// Marks the furniture lines and returns each removed text with how often it was removed.
pub fn mark_furniture(lines: &mut [Line]) -> BTreeMap<String, usize> {
    let pages = lines.iter().map(|l| l.page).collect::<HashSet<_>>().len();
    let mut seen: HashMap<String, HashSet<usize>> = HashMap::new();
    let candidate = |l: &&Line| l.band != Band::Body && l.role != Role::Table;
    for l in lines.iter().filter(candidate) {
        seen.entry(masked(&l.text)).or_default().insert(l.page);
    }
    let repeated = |n: usize| n >= 2 && n * 4 >= pages.min(40);
    let mut removed = BTreeMap::new();
    for l in lines.iter_mut().filter(|l| candidate(&&**l)) {
        let key = masked(&l.text);
        if is_page_number(&key) || repeated(seen[&key].len()) {
            l.role = Role::Furniture;
            *removed.entry(l.text.clone()).or_default() += 1;
        }
    }
    removed
}

/// Footnote print is at most this size relative to the body text.
const FOOTNOTE_SIZE: f32 = 0.92;
/// A footnote zone holds at most this many lines.
const MAX_FOOTNOTE_LINES: usize = 15;

/// The footnote's marker at the start of a line (`1`, `12`, `*`, `†`), if it has one.
pub fn footnote_marker(text: &str) -> Option<&str> {
    let t = text.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        return Some(&t[..digits]);
    }
    let c = t.chars().next()?;
    "*†‡§¶".contains(c).then(|| &t[..c.len_utf8()])
}

/// Footnotes: the run of small-print lines at the foot of each page's column, below body text,
/// whose first line starts with a marker.
pub fn mark_footnotes(lines: &mut [Line]) {
    let mut start = 0;
    while start < lines.len() {
        let (page, column) = (lines[start].page, lines[start].column);
        let end = start
            + lines[start..]
                .iter()
                .take_while(|l| l.page == page && l.column == column)
                .count();
        let flow: Vec<usize> = (start..end)
            .filter(|&i| lines[i].role != Role::Furniture)
            .collect();
        let small =
            |l: &Line| l.role == Role::Body && l.rel_size <= FOOTNOTE_SIZE && l.rel_size > 0.0;
        let zone = flow.iter().rev().take_while(|&&i| small(&lines[i])).count();
        let body_above = flow.len() > zone
            && flow[..flow.len() - zone]
                .iter()
                .any(|&i| lines[i].rel_size > FOOTNOTE_SIZE);
        if (1..=MAX_FOOTNOTE_LINES).contains(&zone) && body_above {
            let zone = &flow[flow.len() - zone..];
            // The zone starts at its first marked line: small lines above it are not notes.
            if let Some(first) = zone
                .iter()
                .position(|&i| footnote_marker(&lines[i].text).is_some())
            {
                for &i in &zone[first..] {
                    lines[i].role = Role::Footnote;
                }
            }
        }
        start = end;
    }
}

/// Headings: lines set clearly larger than the body, or wholly bold or in small caps, and short.
pub fn mark_headings(lines: &mut [Line]) {
    for l in lines.iter_mut().filter(|l| l.role == Role::Body) {
        let words = l.text.split_whitespace().count();
        let letters = l.text.chars().filter(|c| c.is_alphabetic()).count();
        let larger = l.rel_size >= 1.15;
        if letters >= 2 && words <= 20 && (larger || l.bold || l.small_caps) {
            l.role = Role::Heading;
        }
    }
}
