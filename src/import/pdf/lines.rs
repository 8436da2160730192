//! Glyphs to lines in reading order: glyphs that follow each other on one baseline become
//! fragments (with spaces where the gap between glyphs is a word space); a page whose fragments
//! leave a vertical gutter between two columns of full lines is read column by column; the
//! fragments of one baseline in one column make a line.

use super::{Glyph, Link};

/// A run of glyphs on one baseline, with nothing wider than a word space between them.
#[derive(Debug, Clone)]
pub struct Fragment {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    /// Letters set in a bold / italic / small-caps face, all letters, and all characters
    /// (spaces excluded): a face is judged on letters, so `1. Introduction` is small caps.
    pub bold: usize,
    pub italic: usize,
    pub small_caps: usize,
    pub letters: usize,
    pub chars: usize,
    /// A table's row, read cell by cell (`grid`): a line of its own.
    pub table: bool,
}

/// A word space is wider than this share of the font size; letters are set closer.
const WORD_SPACE: f32 = 0.18;
/// A gap wider than this share of the font size ends a fragment (columns, table cells).
const FRAGMENT_GAP: f32 = 1.2;

/// Glyphs to fragments; the words under a link annotation become a Markdown link
/// (`[words](uri)`), unless they show the address themselves.
pub fn fragments(glyphs: &[Glyph], links: &[Link]) -> Vec<Fragment> {
    let mut out: Vec<Fragment> = Vec::new();
    let mut end = f32::NAN;
    let mut last_size = 0.0f32;
    // The link open in the last fragment, and where its `[` stands.
    let mut open: Option<(usize, usize)> = None;
    for g in glyphs {
        let blank = g.text.trim().is_empty();
        let joins = out.last().is_some_and(|f| {
            let tolerance = 0.5 * f.size.min(g.size).max(1.0);
            (g.y - f.y).abs() < tolerance
                && g.x > end - 0.5 * g.size
                && g.x < end + FRAGMENT_GAP * g.size.max(f.size)
        });
        if joins {
            let f = out.last_mut().expect("joins needs a fragment");
            // Measured against the larger of the two sizes: a superscript marker set close
            // to its word belongs to it (`WSSSPE1²`), as in the printed line.
            if !blank && g.x - end > WORD_SPACE * g.size.max(last_size) && !f.text.ends_with(' ') {
                f.text.push(' ');
            }
            if !blank {
                link_to(f, &mut open, g.link, links);
            }
            push(f, g, blank);
        } else {
            if blank {
                continue;
            }
            if let Some(f) = out.last_mut() {
                link_to(f, &mut open, None, links);
            }
            out.push(Fragment {
                text: String::new(),
                x0: g.x,
                x1: g.x,
                y: g.y,
                size: g.size,
                bold: 0,
                italic: 0,
                small_caps: 0,
                letters: 0,
                chars: 0,
                table: false,
            });
            let f = out.last_mut().expect("just pushed");
            link_to(f, &mut open, g.link, links);
            push(f, g, blank);
        }
        end = g.x + g.width;
        last_size = g.size;
    }
    if let Some(f) = out.last_mut() {
        link_to(f, &mut open, None, links);
    }
    for f in &mut out {
        let trimmed = f.text.trim_end().len();
        f.text.truncate(trimmed);
    }
    out.retain(|f| f.chars > 0);
    out
}

/// Closes the link open in `f` if the next glyph is not under it, and opens the next glyph's.
fn link_to(
    f: &mut Fragment,
    open: &mut Option<(usize, usize)>,
    next: Option<usize>,
    links: &[Link],
) {
    if open.map(|(i, _)| i) == next {
        return;
    }
    if let Some((i, at)) = open.take() {
        let spaced = f.text.ends_with(' ');
        let kept = f.text.trim_end().len();
        f.text.truncate(kept);
        let anchor = f.text.get(at + 1..).unwrap_or("").trim();
        match links.get(i).and_then(|l| destination(anchor, &l.uri)) {
            Some(d) => {
                f.text.push_str("](");
                f.text.push_str(&d);
                f.text.push(')');
            }
            None if f.text.get(at..at + 1) == Some("[") => {
                f.text.remove(at);
            }
            None => {}
        }
        if spaced {
            f.text.push(' ');
        }
    }
    if let Some(i) = next {
        *open = Some((i, f.text.len()));
        f.text.push('[');
    }
}

/// The Markdown destination of a link whose words are `anchor`: `None` when the words already
/// show the address (`www.example.org`), when they cannot be a link's text, or when the address
/// is not a web or mail address (a `javascript:` link must not reach the page).
fn destination(anchor: &str, uri: &str) -> Option<String> {
    let lower = uri.to_ascii_lowercase();
    let web = ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|s| lower.starts_with(s));
    if !web || anchor.is_empty() || anchor.contains(['[', ']']) || uri.contains(['<', '>']) {
        return None;
    }
    let bare = |t: &str| {
        let t = t.trim().to_lowercase();
        let t = ["https://", "http://", "mailto:", "ftp://"]
            .iter()
            .find_map(|s| t.strip_prefix(s).map(str::to_string))
            .unwrap_or(t);
        let t = t.strip_prefix("www.").map(str::to_string).unwrap_or(t);
        t.trim_end_matches('/').replace(' ', "")
    };
    let (a, u) = (bare(anchor), bare(uri));
    // A web address wrapped over two lines has one annotation per line: each line shows a
    // piece of it (`Best-Practices`, `https:`).
    let lower_anchor = anchor.to_lowercase();
    let piece = !anchor.contains(' ')
        && anchor.contains(|c: char| "./-_#?=:%".contains(c) || c.is_ascii_digit())
        && (u.contains(&a) || lower.contains(&lower_anchor));
    let shows = ["http", "www.", "ftp", "mailto"]
        .iter()
        .any(|s| lower_anchor.starts_with(s))
        || a.contains(&u)
        || piece;
    if shows {
        return None;
    }
    Some(if uri.contains(['(', ')', ' ']) {
        format!("<{uri}>")
    } else {
        uri.to_string()
    })
}

fn push(f: &mut Fragment, g: &Glyph, blank: bool) {
    if blank {
        if !f.text.ends_with(' ') {
            f.text.push(' ');
        }
        return;
    }
    f.text.push_str(&g.text);
    f.chars += g.text.chars().count();
    let n = g.text.chars().filter(|c| c.is_alphabetic()).count();
    f.letters += n;
    if g.bold {
        f.bold += n;
    }
    if g.italic {
        f.italic += n;
    }
    if g.small_caps {
        f.small_caps += n;
    }
    // The size of a fragment is its main text's, not a superscript's.
    if g.size > f.size {
        f.size = g.size;
        f.y = g.y;
    }
    f.x1 = f.x1.max(g.x + g.width);
}

/// The x of a gutter between two columns of text, if the page has one: a vertical strip in the
/// middle third crossed by almost no fragment, with full lines on both sides (a two-column table
/// of short cells has a gutter too, but its cells do not fill their column).
pub fn gutter(fragments: &[Fragment], width: f32) -> Option<f32> {
    if fragments.len() < 10 {
        return None;
    }
    let left_edge = fragments.iter().map(|f| f.x0).fold(f32::MAX, f32::min);
    let right_edge = fragments.iter().map(|f| f.x1).fold(f32::MIN, f32::max);
    let mut best: Option<(usize, f32)> = None;
    let mut x = width * 0.3;
    while x < width * 0.7 {
        let crossing = fragments
            .iter()
            .filter(|f| f.x0 < x - 1.0 && f.x1 > x + 1.0)
            .count();
        if best.is_none_or(|(c, _)| crossing < c) {
            best = Some((crossing, x));
        }
        x += 2.0;
    }
    let (crossing, x) = best?;
    if crossing * 10 > fragments.len() {
        return None;
    }
    let left: Vec<&Fragment> = fragments.iter().filter(|f| f.x1 <= x + 1.0).collect();
    let right: Vec<&Fragment> = fragments.iter().filter(|f| f.x0 >= x - 1.0).collect();
    if left.len() * 4 < fragments.len() || right.len() * 4 < fragments.len() {
        return None;
    }
    let full = |side: &[&Fragment], span: f32| {
        let long = side.iter().filter(|f| f.x1 - f.x0 > 0.7 * span).count();
        long * 2 >= side.len()
    };
    (full(&left, x - left_edge) && full(&right, right_edge - x)).then_some(x)
}

/// A line of one column, in reading order.
#[derive(Debug, Clone)]
pub struct RawLine {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub small_caps: bool,
    pub column: u8,
    /// Left edge of the line's column (or of the page's text).
    pub column_left: f32,
    pub table: bool,
}

/// The page's lines in reading order: with a gutter, the fragments above and below any
/// full-width line are read left column then right column.
pub fn lines(mut fragments: Vec<Fragment>, width: f32) -> Vec<RawLine> {
    fragments.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let Some(g) = gutter(&fragments, width) else {
        let left = fragments.iter().map(|f| f.x0).fold(f32::MAX, f32::min);
        return merge(&fragments, 0, left);
    };
    let left_edge = fragments.iter().map(|f| f.x0).fold(f32::MAX, f32::min);
    let mut out = Vec::new();
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for f in fragments {
        if f.x1 <= g + 1.0 {
            left.push(f);
        } else if f.x0 >= g - 1.0 {
            right.push(f);
        } else {
            out.extend(merge(&std::mem::take(&mut left), 1, left_edge));
            out.extend(merge(&std::mem::take(&mut right), 2, g));
            out.extend(merge(&[f], 0, left_edge));
        }
    }
    out.extend(merge(&left, 1, left_edge));
    let right_left = right.iter().map(|f| f.x0).fold(f32::MAX, f32::min);
    out.extend(merge(&right, 2, right_left));
    out
}

/// Fragments in one column (a table cell) as lines, top-down.
pub fn rows(mut fragments: Vec<Fragment>) -> Vec<RawLine> {
    fragments.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let left = fragments.iter().map(|f| f.x0).fold(f32::MAX, f32::min);
    merge(&fragments, 0, left)
}

/// One baseline, allowing for superscripts and subscripts set smaller and off the baseline.
/// A table's row is a line of its own.
fn same_row(a: &Fragment, b: &Fragment) -> bool {
    if a.table || b.table {
        return false;
    }
    let (big, small) = (a.size.max(b.size), a.size.min(b.size));
    let dy = (a.y - b.y).abs();
    dy < 0.45 * big || (small < 0.8 * big && dy < 0.7 * big)
}

/// Fragments sorted top-down joined into lines: one line per baseline.
fn merge(fragments: &[Fragment], column: u8, column_left: f32) -> Vec<RawLine> {
    let mut rows: Vec<Vec<&Fragment>> = Vec::new();
    for f in fragments {
        match rows.last_mut() {
            Some(row) if same_row(row[0], f) => row.push(f),
            _ => rows.push(vec![f]),
        }
    }
    rows.into_iter()
        .map(|mut row| {
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let mut text = String::new();
            for f in &row {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&f.text);
            }
            let letters: usize = row.iter().map(|f| f.letters).sum();
            let mostly = |n: usize| letters > 0 && n * 10 >= letters * 9;
            let main = row
                .iter()
                .max_by(|a, b| a.chars.cmp(&b.chars))
                .expect("rows are not empty");
            RawLine {
                text,
                x0: row[0].x0,
                x1: row.iter().map(|f| f.x1).fold(f32::MIN, f32::max),
                y: main.y,
                size: main.size,
                bold: mostly(row.iter().map(|f| f.bold).sum()),
                italic: mostly(row.iter().map(|f| f.italic).sum()),
                small_caps: mostly(row.iter().map(|f| f.small_caps).sum()),
                column,
                column_left,
                table: row[0].table,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_words_keep_their_address_unless_they_show_it() {
        let at = "https://example.org/slides";
        assert_eq!(destination("Slides", at).as_deref(), Some(at));
        assert_eq!(destination("example.org/slides", at), None);
        assert_eq!(destination("https://example.org/slides/", at), None);
        assert_eq!(
            destination("ana@example.org", "mailto:ana@example.org"),
            None
        );
        assert_eq!(destination("click", "javascript:alert(1)"), None);
        // The two lines of a wrapped address, each under its own annotation.
        let wrapped = "https://github.com/WSSSPE/WG-Best-Practices";
        assert_eq!(destination("https://github.com/WSSSPE/WG-", wrapped), None);
        assert_eq!(destination("Best-Practices", wrapped), None);
        assert_eq!(destination("https:", "https://github.com/dfm/emcee"), None);
        assert_eq!(
            destination("the page", "https://en.wikipedia.org/wiki/A_(b)").as_deref(),
            Some("<https://en.wikipedia.org/wiki/A_(b)>")
        );
    }
}
