//! Import step for the comparison table: a two-column table that text extraction serialised as a
//! title line and two bullet lists. Header line and two item lists in; rows paired one to one out,
//! after splitting the bullets that ran together in the shorter column.

use super::blocks::{Block, Body};
use super::clean::is_glyph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column names, e.g. `["Digital Neomercantilism", "Neoliberal Globalization"]`.
    pub columns: [String; 2],
    pub rows: Vec<[String; 2]>,
}

/// What stands between two cells or column names when extraction kept the columns on one line:
/// a tab or a bar, or, in a header, "vs".
// A run of spaces is not among them: in `pdftotext -layout` text it also aligns prose and
// multi-line cells, and reading those as rows reorders the text (the corpus lost words).
const CELL_SEPARATORS: [&str; 2] = ["\t", " | "];
const HEADER_SEPARATORS: [&str; 4] = [" vs. ", " vs ", " versus ", " v. "];

/// Splits a header line at the run of glyphs between the two column names
/// ("Digital Neomercantilism 📓 🛸 Neoliberal Globalization"), at a tab, ` | ` or ` vs `, or, failing those, at the point where it is the concatenation of two headings
/// already seen.
pub fn split_header(line: &str, known_headings: &[String]) -> Option<(String, String)> {
    if let Some(split) = split_at_glyphs(line) {
        return Some(split);
    }
    let name = |t: &str| {
        let words = t.split_whitespace().count();
        (1..=8).contains(&words)
            && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
            && !t.ends_with(['.', ',', ';', ':'])
    };
    for sep in CELL_SEPARATORS.iter().chain(&HEADER_SEPARATORS) {
        if let Some((a, b)) = line.trim().split_once(sep) {
            let (a, b) = (a.trim(), b.trim().trim_start_matches('|').trim());
            if name(a) && name(b) && !b.contains(sep) {
                return Some((a.to_string(), b.to_string()));
            }
        }
    }
    for a in known_headings {
        if let Some(rest) = line.strip_prefix(a.as_str()) {
            let rest = rest.trim();
            if !rest.is_empty() && known_headings.iter().any(|b| b == rest) {
                return Some((a.clone(), rest.to_string()));
            }
        }
    }
    None
}

/// `left | right`, `left<TAB>right` → the two cells.
fn split_cells(item: &str) -> Option<[String; 2]> {
    CELL_SEPARATORS.iter().find_map(|sep| {
        let (a, b) = item.split_once(sep)?;
        let (a, b) = (a.trim(), b.trim().trim_start_matches('|').trim());
        (!a.is_empty() && !b.is_empty() && !b.contains(sep)).then(|| [a.to_string(), b.to_string()])
    })
}

/// The two columns under a table's header, and how many blocks they took: two lists (column
/// after column; a list after a page break, more than one blank line, continues the column
/// before), or one list whose items hold both cells (`left | right`) or that was flattened row by
/// row (left, right, left, right …) or column after column with no blank line between (read the
/// way whose rows read most alike).
pub fn columns(blocks: &[Block]) -> Option<(Vec<String>, Vec<String>, usize)> {
    let mut columns: Vec<Vec<String>> = Vec::new();
    let mut used = 0;
    for block in blocks {
        let Body::List(items) = &block.body else {
            break;
        };
        let texts = items.iter().map(|it| it.text.clone());
        match columns.last_mut() {
            Some(col) if block.gap > 1 => col.extend(texts),
            _ => columns.push(texts.collect()),
        }
        used += 1;
    }
    match columns.len() {
        2 => {
            let right = columns.pop().expect("two columns");
            let left = columns.pop().expect("two columns");
            Some((left, right, used))
        }
        1 => {
            let items = columns.pop().expect("one column");
            if let Some(rows) = items
                .iter()
                .map(|i| split_cells(i))
                .collect::<Option<Vec<_>>>()
            {
                let (left, right) = rows.into_iter().map(|[l, r]| (l, r)).unzip();
                return Some((left, right, used));
            }
            if items.len() < 4 || items.len() % 2 == 1 {
                return None;
            }
            let half = items.len() / 2;
            let by_rows: f64 = items.chunks(2).map(|r| similarity(&r[0], &r[1])).sum();
            let by_columns: f64 = (0..half)
                .map(|i| similarity(&items[i], &items[half + i]))
                .sum();
            if by_rows > by_columns {
                let (left, right) = items
                    .chunks(2)
                    .map(|r| (r[0].clone(), r[1].clone()))
                    .unzip();
                Some((left, right, used))
            } else {
                let right = items[half..].to_vec();
                let left = items[..half].to_vec();
                Some((left, right, used))
            }
        }
        _ => None,
    }
}

fn split_at_glyphs(line: &str) -> Option<(String, String)> {
    let start = line.find(is_glyph)?;
    let end = line[start..]
        .char_indices()
        .find(|&(_, c)| !is_glyph(c) && !c.is_whitespace())
        .map(|(i, _)| start + i)?;
    let left = line[..start].trim();
    let right: String = line[end..].chars().filter(|&c| !is_glyph(c)).collect();
    let right = right.trim();
    if left.is_empty() || right.is_empty() {
        return None;
    }
    Some((left.to_string(), right.to_string()))
}

/// The outcome of pairing: the rows, and how many merged bullets were split apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub rows: Vec<[String; 2]>,
    pub splits: usize,
    /// Set when the columns could not be made equal; the short column is padded with blanks.
    pub unresolved: bool,
}

/// Pairs the two columns row by row. When one column has fewer items, some of its bullets ran
/// together ("…capital and labor International competition…"): among the places where a word is
/// directly followed by a capitalised word, the split that makes each row read most like its
/// partner in the other column wins.
pub fn pair(left: Vec<String>, right: Vec<String>) -> Pairing {
    let (left_short, mut short, long) = if left.len() < right.len() {
        (true, left, right)
    } else {
        (false, right, left)
    };
    let need = long.len() - short.len();
    let mut splits = 0;
    let mut unresolved = false;
    if need > 0 {
        match best_split(&short, &long, need) {
            Some(repaired) => {
                short = repaired;
                splits = need;
            }
            None => {
                unresolved = true;
                short.resize(long.len(), String::new());
            }
        }
    }
    let rows = long
        .into_iter()
        .zip(short)
        .map(|(l, s)| if left_short { [s, l] } else { [l, s] })
        .collect();
    Pairing {
        rows,
        splits,
        unresolved,
    }
}

/// Places in `item` (byte offsets) where a new bullet may have started: a word with no closing
/// punctuation, a space, then a capitalised word that is not an all-capitals acronym.
fn split_points(item: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let bytes: Vec<(usize, char)> = item.char_indices().collect();
    for w in bytes.windows(3) {
        let [(_, before), (_, space), (i, next)] = [w[0], w[1], w[2]];
        if space == ' ' && before.is_lowercase() && next.is_uppercase() {
            let word: String = item[i..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            if word.chars().skip(1).any(|c| c.is_lowercase()) {
                points.push(i);
            }
        }
    }
    points
}

const MAX_COMBINATIONS: usize = 50_000;

/// A possible split: `(item index, byte offset in the item)`.
type Point = (usize, usize);

fn best_split(short: &[String], long: &[String], need: usize) -> Option<Vec<String>> {
    let candidates: Vec<(usize, usize)> = short
        .iter()
        .enumerate()
        .flat_map(|(i, s)| split_points(s).into_iter().map(move |p| (i, p)))
        .collect();
    if candidates.len() < need {
        return None;
    }
    let mut best: Option<(f64, Vec<String>)> = None;
    let mut chosen = Vec::with_capacity(need);
    let mut budget = MAX_COMBINATIONS;
    search(
        &candidates,
        need,
        0,
        &mut chosen,
        &mut budget,
        &mut |picks| {
            let rows = apply_splits(short, picks);
            let score: f64 = rows.iter().zip(long).map(|(a, b)| similarity(a, b)).sum();
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, rows));
            }
        },
    );
    best.map(|(_, rows)| rows)
}

fn search(
    candidates: &[(usize, usize)],
    need: usize,
    from: usize,
    chosen: &mut Vec<(usize, usize)>,
    budget: &mut usize,
    visit: &mut dyn FnMut(&[Point]),
) {
    if *budget == 0 {
        return;
    }
    if chosen.len() == need {
        *budget -= 1;
        visit(chosen);
        return;
    }
    for k in from..candidates.len() {
        if candidates.len() - k < need - chosen.len() {
            break;
        }
        chosen.push(candidates[k]);
        search(candidates, need, k + 1, chosen, budget, visit);
        chosen.pop();
    }
}

fn apply_splits(items: &[String], picks: &[(usize, usize)]) -> Vec<String> {
    let mut out = Vec::with_capacity(items.len() + picks.len());
    for (i, item) in items.iter().enumerate() {
        let mut last = 0;
        for &(_, p) in picks.iter().filter(|(j, _)| *j == i) {
            out.push(item[last..p].trim().to_string());
            last = p;
        }
        out.push(item[last..].trim().to_string());
    }
    out
}

/// Shared content words of two cells, scaled by their sizes; first words count double because
/// the cells of one row usually open alike ("Firms are…" / "Firms compete…").
fn similarity(a: &str, b: &str) -> f64 {
    let wa = content_words(a);
    let wb = content_words(b);
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let shared = wa.iter().filter(|w| wb.contains(w)).count() as f64;
    let opening = match (a.split_whitespace().next(), b.split_whitespace().next()) {
        (Some(x), Some(y)) if x.eq_ignore_ascii_case(y) => 1.0,
        _ => 0.0,
    };
    (shared + opening) / ((wa.len() * wb.len()) as f64).sqrt()
}

fn content_words(s: &str) -> Vec<String> {
    const STOP: [&str; 12] = [
        "the", "and", "that", "with", "from", "their", "they", "this", "should", "more", "than",
        "into",
    ];
    let mut words: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(|w| w.to_lowercase().chars().take(6).collect::<String>())
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect();
    words.sort();
    words.dedup();
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn header_splits_at_glyph_run() {
        assert_eq!(
            split_header(
                "Digital Neomercantilism 📓 🛸 Neoliberal Globalization",
                &[]
            ),
            Some((
                "Digital Neomercantilism".to_string(),
                "Neoliberal Globalization".to_string()
            ))
        );
    }

    #[test]
    fn header_without_glyphs_splits_at_known_headings() {
        let known = v(&["Open Markets", "Closed Markets"]);
        assert_eq!(
            split_header("Open Markets Closed Markets", &known),
            Some(("Open Markets".to_string(), "Closed Markets".to_string()))
        );
        assert_eq!(split_header("Just a heading", &known), None);
    }

    #[test]
    fn header_splits_at_tab_bar_spaces_and_vs() {
        let want = Some(("Open Markets".to_string(), "Closed Markets".to_string()));
        for line in [
            "Open Markets\tClosed Markets",
            "Open Markets | Closed Markets",
            "Open Markets vs Closed Markets",
            "Open Markets vs. Closed Markets",
        ] {
            assert_eq!(split_header(line, &[]), want, "{line}");
        }
        assert_eq!(
            split_header("Trade vs. the state is what we discussed.", &[]),
            None
        );
    }

    fn list(items: &[&str], gap: usize) -> Block {
        Block {
            line: 1,
            gap,
            body: Body::List(
                items
                    .iter()
                    .map(|t| super::super::blocks::Item {
                        line: 1,
                        marker: super::super::blocks::Marker::Bullet,
                        text: t.to_string(),
                    })
                    .collect(),
            ),
            numbered: None,
        }
    }

    #[test]
    fn one_list_is_read_row_by_row_or_column_after_column() {
        let rows = [list(
            &[
                "Tariffs protect jobs",
                "Tariffs cost consumers",
                "Subsidies build champions",
                "Subsidies distort markets",
            ],
            1,
        )];
        let (l, r, used) = columns(&rows).unwrap();
        assert_eq!(used, 1);
        assert_eq!(l, v(&["Tariffs protect jobs", "Subsidies build champions"]));
        assert_eq!(
            r,
            v(&["Tariffs cost consumers", "Subsidies distort markets"])
        );
        let cols = [list(
            &[
                "Tariffs protect jobs",
                "Subsidies build champions",
                "Tariffs cost consumers",
                "Subsidies distort markets",
            ],
            1,
        )];
        let (l, r, _) = columns(&cols).unwrap();
        assert_eq!(l, v(&["Tariffs protect jobs", "Subsidies build champions"]));
        assert_eq!(r[1], "Subsidies distort markets");
        let cells = [list(
            &[
                "Tariffs protect jobs | Tariffs cost consumers",
                "Subsidies build champions\tSubsidies distort markets",
            ],
            1,
        )];
        let (l, r, _) = columns(&cells).unwrap();
        assert_eq!(l[1], "Subsidies build champions");
        assert_eq!(r[0], "Tariffs cost consumers");
    }

    #[test]
    fn a_list_after_a_page_break_continues_the_column() {
        let blocks = [
            list(&["a one", "a two"], 1),
            list(&["a three"], 3),
            list(&["b one", "b two", "b three"], 1),
        ];
        let (l, r, used) = columns(&blocks).unwrap();
        assert_eq!((l.len(), r.len(), used), (3, 3, 3));
    }

    #[test]
    fn pair_splits_merged_bullets_in_the_right_column() {
        let left = v(&[
            "Relative gains matter more.",
            "Firms are identified with their home country",
            "Competition in high-tech sectors is zero-sum",
        ]);
        let right = v(&[
            "Absolute gains matter more",
            "Firms compete in global markets Competition in high-tech sectors is positive-sum",
        ]);
        let p = pair(left, right);
        assert_eq!(p.splits, 1);
        assert!(!p.unresolved);
        assert_eq!(p.rows[1][1], "Firms compete in global markets");
        assert_eq!(
            p.rows[2][1],
            "Competition in high-tech sectors is positive-sum"
        );
    }

    #[test]
    fn pair_chooses_the_split_that_aligns_rows() {
        // Two places could split the first bullet; only one lines the rows up with the other column.
        let left = v(&[
            "Data should stay in the country of the New York office",
            "Exports of data need a licence",
        ]);
        let right = v(&[
            "Data flows freely across the world of New York firms Exports of data need no licence",
        ]);
        let p = pair(left, right);
        assert_eq!(
            p.rows[0][1],
            "Data flows freely across the world of New York firms"
        );
        assert_eq!(p.rows[1][1], "Exports of data need no licence");
    }

    #[test]
    fn pair_splits_the_left_column_too() {
        let p = pair(
            v(&["Tariffs protect jobs Subsidies build champions"]),
            v(&["Tariffs cost consumers", "Subsidies distort markets"]),
        );
        assert_eq!(
            p.rows[0],
            [
                "Tariffs protect jobs".to_string(),
                "Tariffs cost consumers".to_string()
            ]
        );
        assert_eq!(p.rows[1][0], "Subsidies build champions");
    }

    #[test]
    fn pair_pads_when_no_split_is_possible() {
        let p = pair(v(&["one.", "two."]), v(&["only."]));
        assert!(p.unresolved);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1][1], "");
    }
}
