//! Lines with their evidence to the text the text importer reads: headings on their own line
//! with blank lines around them, paragraphs (cut by vertical space, a first-line indent, or a
//! short line ending a sentence) as one line each, list items (a bullet glyph or a number, then
//! a hanging indent) one per line; furniture left out.

use super::layout::footnote_marker;
use super::{Line, Role};
use crate::import::hints::{Hint, Hints};

#[derive(Debug, PartialEq)]
enum Kind {
    Heading,
    Para,
    Item,
    /// A table's row: a paragraph of its own, cells apart by ` | `.
    Row,
    /// A footnote, as a Markdown footnote definition (`[^1]: …`).
    Note,
}

struct Block<'a> {
    kind: Kind,
    text: String,
    last: &'a Line,
    first: &'a Line,
}

/// Bullet glyphs, including the private-use codes of Word's Symbol and Wingdings bullets.
fn bullet(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let c = chars.next()?;
    let is_bullet = matches!(
        c,
        '•' | '◦' | '▪' | '●' | '○' | '■' | '□' | '‣' | '⁃' | '∙' | '·' | '➢' | '✓'
    ) || ('\u{e000}'..='\u{f8ff}').contains(&c);
    is_bullet.then(|| chars.as_str().trim_start())
}

fn numbered(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    (1..=2).contains(&digits)
        && (text[digits..].starts_with(". ") || text[digits..].starts_with(") "))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', ';'])
}

/// The body line spacing: the most common distance between consecutive body lines.
fn leading(lines: &[Line]) -> f32 {
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .filter(|w| w[0].role == Role::Body && w[1].role == Role::Body)
        .filter_map(|w| {
            w[1].gap
                .filter(|g| *g > 0.8 * w[1].size && *g < 3.0 * w[1].size)
        })
        .collect();
    if gaps.is_empty() {
        return 12.0;
    }
    gaps.sort_by(f32::total_cmp);
    gaps[gaps.len() / 2]
}

/// What rendering made: the text, its headings, the number of paragraphs in it, and what each
/// of its lines is (for the text stages).
pub struct Rendered {
    pub text: String,
    pub headings: Vec<String>,
    pub paragraphs: usize,
    pub hints: Hints,
}

/// Heading levels by size: the largest size headings are set in is level 1, the next 2, and so
/// on (sizes within half a point are one), at most 3. A size only one heading has (the
/// document's title) does not count: the title does not push the sections down a level.
fn levels<'a>(headings: impl Iterator<Item = &'a Line>) -> Vec<f32> {
    let mut sizes: Vec<f32> = headings.map(|l| l.size).collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    let mut out: Vec<(f32, usize)> = Vec::new();
    for s in sizes {
        match out.last_mut() {
            Some((last, n)) if *last - s < 0.5 => *n += 1,
            _ => out.push((s, 1)),
        }
    }
    out.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(s, _)| s)
        .collect()
}

fn level(sizes: &[f32], size: f32) -> u8 {
    let rank = sizes.iter().take_while(|s| **s - size >= 0.5).count();
    (rank + 1).min(3) as u8
}

pub fn render(lines: &[Line]) -> Rendered {
    let leading = leading(lines);
    let mut blocks: Vec<Block> = Vec::new();
    // Footnotes wait for the end of their section, so that a paragraph running on over the
    // page break is not cut by them.
    let mut notes: Vec<Block> = Vec::new();
    for l in lines.iter().filter(|l| l.role != Role::Furniture) {
        let text = l.text.trim();
        if l.role == Role::Footnote {
            match footnote_marker(text) {
                Some(marker) => notes.push(Block {
                    kind: Kind::Note,
                    text: format!("[^{marker}]: {}", text[marker.len()..].trim_start()),
                    first: l,
                    last: l,
                }),
                None => {
                    if let Some(note) = notes.last_mut() {
                        join(&mut note.text, text);
                        note.last = l;
                    }
                }
            }
            continue;
        }
        if l.role == Role::Heading && !notes.is_empty() {
            blocks.append(&mut notes);
        }
        let prev = blocks.last();
        let same_column = prev.is_some_and(|b| b.last.page == l.page && b.last.column == l.column);
        let gap = l.gap.filter(|_| same_column);
        if l.role == Role::Heading {
            let continues = prev.is_some_and(|b| {
                b.kind == Kind::Heading
                    && gap.is_some_and(|g| g < 1.8 * l.size)
                    && (b.last.size - l.size).abs() < 0.5
                    && b.last.bold == l.bold
            });
            if continues {
                join(&mut blocks.last_mut().expect("continues").text, text);
                blocks.last_mut().expect("continues").last = l;
            } else {
                blocks.push(Block {
                    kind: Kind::Heading,
                    text: text.to_string(),
                    first: l,
                    last: l,
                });
            }
            continue;
        }
        if l.role == Role::Table {
            blocks.push(Block {
                kind: Kind::Row,
                text: text.to_string(),
                first: l,
                last: l,
            });
            continue;
        }
        if let Some(rest) = bullet(text) {
            blocks.push(Block {
                kind: Kind::Item,
                text: format!("- {rest}"),
                first: l,
                last: l,
            });
            continue;
        }
        if numbered(text) {
            blocks.push(Block {
                kind: Kind::Item,
                text: text.to_string(),
                first: l,
                last: l,
            });
            continue;
        }
        let continues = match prev {
            None => false,
            Some(b) if matches!(b.kind, Kind::Heading | Kind::Row | Kind::Note) => false,
            Some(b) if !same_column => {
                !ends_sentence(&b.text) || text.starts_with(char::is_lowercase)
            }
            Some(b) => {
                let spaced = gap.is_none_or(|g| g > 1.4 * leading.max(l.size));
                let indented = l.indent > b.last.indent + 0.8 * l.size;
                let short = b.last.x_end < column_right(lines, b.last) - 3.0 * l.size;
                let hanging = b.kind == Kind::Item && l.indent > b.first.indent + 0.3 * l.size;
                let item_ends = b.kind == Kind::Item && !hanging && ends_sentence(&b.text);
                let new_para = indented && b.kind == Kind::Para;
                let ended = short && ends_sentence(&b.text);
                !(spaced || new_para || ended || item_ends)
            }
        };
        if continues {
            let b = blocks.last_mut().expect("continues");
            join(&mut b.text, text);
            b.last = l;
        } else {
            blocks.push(Block {
                kind: Kind::Para,
                text: text.to_string(),
                first: l,
                last: l,
            });
        }
    }
    blocks.append(&mut notes);
    let sizes = levels(
        blocks
            .iter()
            .filter(|b| b.kind == Kind::Heading)
            .map(|b| b.first),
    );
    let mut out = String::new();
    let (mut headings, mut paragraphs) = (Vec::new(), 0);
    let mut hints = Hints::default();
    let mut line = 1;
    for (i, b) in blocks.iter().enumerate() {
        hints.insert(
            line,
            match b.kind {
                Kind::Heading => Hint::Heading(level(&sizes, b.first.size)),
                Kind::Para => Hint::Paragraph,
                Kind::Item => Hint::Item,
                Kind::Row => Hint::Row,
                Kind::Note => Hint::Footnote,
            },
        );
        // One block, one line: the line numbers of the hints count on it.
        out.push_str(&b.text.replace(['\n', '\r'], " "));
        out.push('\n');
        line += 1;
        let next_item = blocks.get(i + 1).is_some_and(|n| n.kind == Kind::Item);
        if !(b.kind == Kind::Item && next_item) {
            out.push('\n');
            line += 1;
        }
        match b.kind {
            Kind::Heading => headings.push(b.text.clone()),
            Kind::Para => paragraphs += 1,
            Kind::Item | Kind::Row | Kind::Note => {}
        }
    }
    Rendered {
        text: out,
        headings,
        paragraphs,
        hints,
    }
}

/// The right edge of the text of `line`'s page and column.
fn column_right(lines: &[Line], line: &Line) -> f32 {
    lines
        .iter()
        .filter(|l| l.page == line.page && l.column == line.column && l.role == Role::Body)
        .map(|l| l.x_end)
        .fold(line.x_end, f32::max)
}

/// Appends a line to a paragraph; a word hyphenated at the line end is joined again.
pub(super) fn join(text: &mut String, next: &str) {
    let hyphenated = text.ends_with('-')
        && text[..text.len() - 1].ends_with(char::is_alphabetic)
        && next.starts_with(char::is_lowercase);
    if hyphenated {
        text.pop();
    } else {
        text.push(' ');
    }
    text.push_str(next);
}
