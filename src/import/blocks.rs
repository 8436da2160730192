//! Import step 2, block level: cleaned lines in, blocks out (a paragraph or a list, with the number
//! of blank lines before it), then paragraphs that a page break cut in two are joined again.

use super::clean::Line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Bullet,
    Number(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub line: usize,
    pub marker: Marker,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    List(Vec<Item>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line where the block starts, e.g. `124`.
    pub line: usize,
    /// Blank lines before it: one separates paragraphs, more mark a page break.
    pub gap: usize,
    pub body: Body,
}

impl Block {
    pub fn text(&self) -> Option<&str> {
        match &self.body {
            Body::Text(t) => Some(t),
            Body::List(_) => None,
        }
    }
}

/// Reads a list marker: `- text`, `* text`, `• text`, `1. text`, `- 1. text`, `2) text`.
pub fn parse_item(line: &str) -> Option<(Marker, &str)> {
    let t = line.trim_start();
    let bulleted = ["- ", "* ", "• ", "– "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .map(str::trim_start);
    let rest = bulleted.unwrap_or(t);
    if let Some((n, after)) = parse_number(rest) {
        return Some((Marker::Number(n), after));
    }
    bulleted.map(|b| (Marker::Bullet, b))
}

fn parse_number(t: &str) -> Option<(u32, &str)> {
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &t[digits..];
    let after = after
        .strip_prefix(". ")
        .or_else(|| after.strip_prefix(") "))?;
    let n = t[..digits].parse().ok()?;
    Some((n, after.trim_start()))
}

/// Groups lines into blocks. A line that continues a list item without a marker joins the item.
pub fn split_blocks(lines: &[Line]) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut gap = 0;
    let mut open = false;
    for line in lines {
        let t = line.text.trim();
        if t.is_empty() {
            gap += 1;
            open = false;
            continue;
        }
        let item = parse_item(t);
        let last = blocks.last_mut().filter(|_| open);
        match (last, item) {
            (
                Some(Block {
                    body: Body::List(items),
                    ..
                }),
                Some((marker, text)),
            ) => {
                items.push(Item {
                    line: line.no,
                    marker,
                    text: text.to_string(),
                });
            }
            (
                Some(Block {
                    body: Body::List(items),
                    ..
                }),
                None,
            ) => {
                let last = items.last_mut().expect("a list block has an item");
                last.text.push(' ');
                last.text.push_str(t);
            }
            (
                Some(Block {
                    body: Body::Text(text),
                    ..
                }),
                None,
            ) => {
                text.push(' ');
                text.push_str(t);
            }
            (_, item) => {
                let body = match item {
                    Some((marker, text)) => Body::List(vec![Item {
                        line: line.no,
                        marker,
                        text: text.to_string(),
                    }]),
                    None => Body::Text(t.to_string()),
                };
                blocks.push(Block {
                    line: line.no,
                    gap,
                    body,
                });
                gap = 0;
            }
        }
        open = true;
    }
    blocks
}

/// The second half of a cut sentence starts with a lowercase word (not emphasis or a quote).
fn starts_lowercase(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_lowercase())
        && !text.starts_with(['*', '_', '"', '“', '('])
        && !text.starts_with("www.")
        && !text
            .split_whitespace()
            .next()
            .is_some_and(|w| w.contains("://"))
}

/// Joins a paragraph that resumes with a lowercase word to the paragraph or list item before it:
/// the sign of a sentence cut by a page break. Returns the blocks and how many joins were made.
pub fn rejoin(blocks: Vec<Block>) -> (Vec<Block>, usize) {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut joins = 0;
    for block in blocks {
        let continues = match (&block.body, out.last()) {
            (Body::Text(t), Some(prev)) => {
                starts_lowercase(t)
                    && prev
                        .text()
                        .is_none_or(|p| !looks_like_heading(p) && !p.ends_with(['.', '?', '!']))
            }
            _ => false,
        };
        if continues {
            let Body::Text(t) = block.body else {
                unreachable!()
            };
            let prev = out.last_mut().expect("checked above");
            match &mut prev.body {
                Body::Text(p) => {
                    p.push(' ');
                    p.push_str(&t);
                }
                Body::List(items) => {
                    let last = items.last_mut().expect("a list block has an item");
                    last.text.push(' ');
                    last.text.push_str(&t);
                }
            }
            joins += 1;
        } else {
            out.push(block);
        }
    }
    (out, joins)
}

/// A short line standing alone, starting with a capital and not ending like a sentence or a
/// clause: the shape of an unmarked heading. A cut paragraph never resumes after one.
pub fn looks_like_heading(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=16).contains(&words)
        && text.chars().count() <= 120
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !text.ends_with(['.', ',', ';', ':', '!', '?', '-', '–', '"', '”', ')'])
        && !text.contains(';')
        && !text.contains(". ")
        && !ends_with_joining_word(text)
        || is_title_with_honorific(text)
}

/// A line ending in "and", "of", "the", … is a clause cut short, not a heading.
fn ends_with_joining_word(text: &str) -> bool {
    const JOINING: [&str; 16] = [
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "that", "the",
        "to", "with",
    ];
    text.rsplit(' ')
        .next()
        .is_some_and(|w| JOINING.contains(&w.to_lowercase().as_str()))
}

/// "Opening Remarks by Dr. Jane Roe": a heading whose only inner full stop is an honorific.
fn is_title_with_honorific(text: &str) -> bool {
    const HONORIFICS: [&str; 6] = ["Dr. ", "Prof. ", "Mr. ", "Ms. ", "Mrs. ", "Sen. "];
    let mut stripped = text.to_string();
    for h in HONORIFICS {
        stripped = stripped.replace(h, "");
    }
    stripped != text && looks_like_heading(&stripped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::clean::split_lines;

    fn blocks(text: &str) -> Vec<Block> {
        split_blocks(&split_lines(text))
    }

    #[test]
    fn items_with_dash_and_number_are_numbered() {
        assert_eq!(
            parse_item("- 2. When is it"),
            Some((Marker::Number(2), "When is it"))
        );
        assert_eq!(
            parse_item("- April 2018: x"),
            Some((Marker::Bullet, "April 2018: x"))
        );
        assert_eq!(parse_item("2018. A year"), None);
        assert_eq!(parse_item("Plain text"), None);
    }

    #[test]
    fn blocks_record_gaps_and_group_items() {
        let b = blocks("Para one.\n\n- a\n- b\ncontinued\n\n\n\nNext.");
        assert_eq!(b.len(), 3);
        assert_eq!(b[0].gap, 0);
        match &b[1].body {
            Body::List(items) => {
                assert_eq!(items.len(), 2);
                assert_eq!(items[1].text, "b continued");
            }
            other => panic!("expected a list, got {other:?}"),
        }
        assert_eq!(b[2].gap, 3);
        assert_eq!(b[2].line, 9);
    }

    #[test]
    fn rejoin_joins_paragraph_split_by_page_break() {
        let (b, n) = rejoin(blocks(
            "It encourages interventions, and\n\n\n\nrolls back the agreements.\n\nNew one.",
        ));
        assert_eq!(n, 1);
        assert_eq!(
            b[0].text(),
            Some("It encourages interventions, and rolls back the agreements.")
        );
        assert_eq!(b[1].text(), Some("New one."));
    }

    #[test]
    fn rejoin_continues_a_list_item() {
        let (b, n) = rejoin(blocks("- The item was cut\n\nat the break."));
        assert_eq!(n, 1);
        assert!(
            matches!(&b[0].body, Body::List(items) if items[0].text == "The item was cut at the break.")
        );
    }

    #[test]
    fn rejoin_leaves_a_heading_and_its_lowercase_start_alone() {
        let (b, n) = rejoin(blocks("Conclusion\n\niPhones were everywhere."));
        assert_eq!(n, 0);
        assert_eq!(b.len(), 2);
    }
}
