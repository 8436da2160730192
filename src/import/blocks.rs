//! Import step 2, block level: cleaned lines in, blocks out (a paragraph or a list, with the number
//! of blank lines before it), then paragraphs that a page break cut in two are joined again.

use super::clean::Line;
use super::heading::{self, Numbered};
use std::collections::{BTreeMap, BTreeSet};

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
    /// The numbered heading this block is, when the document's outline confirmed it.
    pub numbered: Option<Numbered>,
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
    let bulleted = [
        "- ", "* ", "• ", "– ", "● ", "■ ", "▪ ", "◦ ", "○ ", "· ", "o  ",
    ]
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
/// Without blank lines, boundaries come from the shape of the lines: a short line ending a
/// sentence, a first-line indent, a heading standing between longer lines, a numbered heading
/// of the document's outline (`headings`, by line number).
pub fn split_blocks(lines: &[Line], headings: &BTreeMap<usize, Numbered>) -> Vec<Block> {
    let vocab = vocabulary(lines);
    let width = typical_width(lines);
    let mut blocks: Vec<Block> = Vec::new();
    let mut gap = 0;
    let mut open = false;
    let mut prev: Option<&Line> = None;
    for (at, line) in lines.iter().enumerate() {
        let t = line.text.trim();
        if t.is_empty() {
            gap += 1;
            open = false;
            prev = None;
            continue;
        }
        if let Some(h) = headings.get(&line.no) {
            let (text, run_in) = match heading::run_in(t) {
                Some((_, body)) => (format!("{} {}", h.number, h.title), Some(body)),
                None => (t.to_string(), None),
            };
            blocks.push(Block {
                line: line.no,
                gap,
                body: Body::Text(text),
                numbered: Some(h.clone()),
            });
            gap = 0;
            open = false;
            if let Some(body) = run_in {
                blocks.push(Block {
                    line: line.no,
                    gap: 0,
                    body: Body::Text(body),
                    numbered: None,
                });
                open = true;
            }
            prev = Some(line);
            continue;
        }
        let next = lines[at + 1..]
            .first()
            .map(|l| l.text.trim())
            .filter(|n| !n.is_empty() && !headings.contains_key(&(line.no + 1)));
        let item = parse_item(t);
        let shape_break = open
            && item.is_none()
            && prev.is_some_and(|p| {
                let single = blocks
                    .last()
                    .and_then(Block::text)
                    .is_some_and(|b| b == p.text.trim());
                breaks_paragraph(&p.text, &line.text, next, width, single)
            });
        let last = blocks.last_mut().filter(|_| open && !shape_break);
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
                join_line(&mut last.text, t, &vocab);
            }
            (
                Some(Block {
                    body: Body::Text(text),
                    ..
                }),
                None,
            ) => {
                join_line(text, t, &vocab);
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
                    gap: if shape_break { gap.max(1) } else { gap },
                    body,
                    numbered: None,
                });
                gap = 0;
            }
        }
        open = true;
        prev = Some(line);
    }
    blocks
}

/// The length most full lines have (the 90th percentile), so that "short" means short for this
/// document.
fn typical_width(lines: &[Line]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.text.trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    lens.sort_unstable();
    lens.get(lens.len() * 9 / 10).copied().unwrap_or(80).max(20)
}

fn indent(t: &str) -> usize {
    t.chars().take_while(|c| c.is_whitespace()).count()
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(['"', '”', '’', ')'])
        .ends_with(['.', '?', '!', ':'])
}

fn starts_block(t: &str) -> bool {
    t.trim_start()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘([".contains(c))
}

/// Whether `cur` starts a new block after `prev` in text without blank lines. `single` says the
/// open block is `prev` alone (a heading standing on its own line ends there).
fn breaks_paragraph(prev: &str, cur: &str, next: Option<&str>, width: usize, single: bool) -> bool {
    let (p, c) = (prev.trim(), cur.trim());
    let short = |t: &str| t.chars().count() * 4 < width * 3;
    let long = |t: &str| t.chars().count() * 2 >= width;
    if !starts_block(c) {
        return false;
    }
    let after_sentence = ends_sentence(p) && short(p);
    let indented = ends_sentence(p) && indent(cur) > indent(prev) + 1;
    let heading_here = ends_sentence(p)
        && looks_like_heading(c)
        && short(c)
        && next.is_some_and(|n| long(n) && !looks_like_heading(n));
    let after_heading = single && looks_like_heading(p) && short(p) && long(c);
    let byline = opens_byline(c) && !ends_with_joining_word(p);
    // The line before a unit's heading ends something: a sentence, a heading, a short line (in
    // a reference, "… Lightning / Talk: Software …" is one sentence wrapped).
    let unit_heading = is_unit_heading(c) && (ends_sentence(p) || short(p)) || is_unit_heading(p);
    after_sentence || indented || heading_here || after_heading || byline || unit_heading
}

/// A program unit's heading ("Session 3: Concrete technologies", "Breakout theme: Best
/// Practices (Lead: Ana)") stands on its own line: the line after it (a time, the conveners)
/// starts a new block. One left open (an unclosed bracket, a trailing colon or joining word)
/// continues on the next line.
fn is_unit_heading(t: &str) -> bool {
    let labels: Vec<String> = super::profile::UNIT_LABELS
        .iter()
        .map(|l| l.to_string())
        .collect();
    let complete = t.matches('(').count() == t.matches(')').count()
        && !t.ends_with([':', ',', '-', '–'])
        && !ends_with_joining_word(t);
    complete
        && t.split_whitespace().count() <= 16
        && !t.ends_with('.')
        // A bare "Session 1" may be a cell of a table; a unit's heading names its subject.
        // and its subject is not a date ("Session 2: October 21-23, 2019" is a line of a list).
        && (super::outline::unit_label(t, &labels).is_some_and(|(_, _, rest)| {
            !rest.is_empty() && !super::title::is_date_column(&rest)
        })
            || super::outline::unnumbered_unit(t, &labels).is_some())
}

/// "Report authors: …", "Editors: …", "Edited by …": the byline of a title page starts a block
/// of its own, so the title above it does not run into the names.
fn opens_byline(t: &str) -> bool {
    const ROLES: [&str; 8] = [
        "author",
        "authors",
        "editor",
        "editors",
        "organizer",
        "organizers",
        "organiser",
        "organisers",
    ];
    let lower = t.to_lowercase();
    let labelled = lower.split_once(':').is_some_and(|(head, _)| {
        head.split_whitespace().count() <= 3
            && head
                .split_whitespace()
                .next_back()
                .is_some_and(|w| ROLES.contains(&w))
    });
    labelled
        || ["edited by ", "prepared by ", "compiled by "]
            .iter()
            .any(|p| lower.starts_with(p))
}

/// "Participants: please add your name here if you took part": a label run into a sentence
/// addressed to the reader, not a heading (a heading's words after a colon start a title).
fn is_run_in_sentence(text: &str) -> bool {
    text.split_once(": ").is_some_and(|(head, rest)| {
        head.split_whitespace().count() <= 2
            && rest.split_whitespace().count() >= 5
            && rest.chars().next().is_some_and(char::is_lowercase)
    })
}

/// Words of the document, lower-cased, from inside lines (a word cut at a line end is not one).
fn vocabulary(lines: &[Line]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            if i + 1 == words.len() && w.ends_with('-') {
                continue;
            }
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            if !w.is_empty() {
                out.insert(w.to_lowercase());
            }
        }
    }
    out
}

/// Appends a wrapped line. A line-end hyphen before a lowercase word is resolved from the
/// document's own words: kept when the hyphenated form occurs elsewhere, dropped otherwise (the
/// typesetter's hyphen); in an address (`://`, `www.`, `/`, `@`) the hyphen is the address's own.
fn join_line(text: &mut String, next: &str, vocab: &BTreeSet<String>) {
    let hyphenated = text.ends_with('-')
        && text[..text.len() - 1]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase);
    if !hyphenated {
        text.push(' ');
        text.push_str(next);
        return;
    }
    let token = text.rsplit(' ').next().unwrap_or("");
    let address = ["://", "www.", "/", "@"].iter().any(|m| token.contains(m));
    let stem: String = token
        .trim_end_matches('-')
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let first: String = next
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    let with_hyphen = format!("{stem}-{first}").to_lowercase();
    let joined = format!("{stem}{first}").to_lowercase();
    if address || (vocab.contains(&with_hyphen) && !vocab.contains(&joined)) {
        text.push_str(next);
    } else {
        text.pop();
        text.push_str(next);
    }
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
        && !is_run_in_sentence(text)
        || is_title_with_honorific(text)
}

/// A line ending in "and", "of", "the", … is a clause cut short, not a heading.
fn ends_with_joining_word(text: &str) -> bool {
    text.rsplit(' ')
        .next()
        .is_some_and(|w| crate::names::JOINING_WORDS.contains(&w.to_lowercase().as_str()))
}

/// "Opening Remarks by Dr. Jane Roe": a heading whose only inner full stop is an honorific.
fn is_title_with_honorific(text: &str) -> bool {
    let mut stripped = text.to_string();
    for h in crate::names::HONORIFICS {
        stripped = stripped.replace(&format!("{h}. "), "");
    }
    stripped != text && looks_like_heading(&stripped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::clean::split_lines;

    fn blocks(text: &str) -> Vec<Block> {
        split_blocks(&split_lines(text), &BTreeMap::new())
    }

    #[test]
    fn a_title_page_byline_starts_its_own_block() {
        let text = "2020 Software Developer Diversity and\nInclusion Workshop: Report\nReport authors: Ana Ortiz, Li Wei,\nMaria Rossi\nThis report summarizes the workshop.";
        let b = blocks(text);
        let texts: Vec<&str> = b.iter().filter_map(Block::text).collect();
        assert_eq!(
            texts[0],
            "2020 Software Developer Diversity and Inclusion Workshop: Report"
        );
        assert!(
            texts[1].starts_with("Report authors: Ana Ortiz"),
            "{texts:?}"
        );
    }

    #[test]
    fn a_program_unit_heading_stands_on_its_own_line() {
        let text = "The themes of the breakouts follow.\nBreakout theme: Best Practices (Lead: Ana)\n2pm-3:20pm Pacific time\nSession 3: Concrete technologies\nSession conveners: Ana Ortiz, Li Wei.\n\nSession 1: September 23-27, 2019\nSession 2: October 21-23, 2019\n[14] Maassen J, Drost N. Track 2 Lightning\nTalk: Software Development Best Practices. In: Proceedings.";
        let b = blocks(text);
        let texts: Vec<&str> = b.iter().filter_map(Block::text).collect();
        assert_eq!(
            texts,
            [
                "The themes of the breakouts follow.",
                "Breakout theme: Best Practices (Lead: Ana)",
                "2pm-3:20pm Pacific time",
                "Session 3: Concrete technologies",
                "Session conveners: Ana Ortiz, Li Wei.",
                "Session 1: September 23-27, 2019",
                "Session 2: October 21-23, 2019",
                // A reference wraps at "Talk:": no heading there.
                "[14] Maassen J, Drost N. Track 2 Lightning Talk: Software Development Best Practices. In: Proceedings."
            ]
        );
    }

    #[test]
    fn a_label_run_into_a_sentence_is_not_a_heading() {
        assert!(!looks_like_heading(
            "Participants: please either add your name here if you participated in this"
        ));
        assert!(looks_like_heading("Participants: Industry and Academia"));
        assert!(looks_like_heading("Session 2: Concrete technologies"));
    }

    #[test]
    fn without_blank_lines_paragraphs_and_headings_come_from_line_shape() {
        let text = "The first paragraph runs over a full line of text here\nand ends short.\nThe second paragraph also runs over a full line of text\nand it ends.\nA Heading Line\nThe third paragraph starts after the heading, on a full line\nof text.";
        let b = blocks(text);
        let texts: Vec<&str> = b.iter().filter_map(Block::text).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(texts[2], "A Heading Line");
    }

    #[test]
    fn line_end_hyphens_follow_the_documents_own_words() {
        let b = blocks("A well-known fact and a long discus-\nsion of the well-\nknown facts at https://example.org/wp-\ncontent/x today.");
        assert_eq!(
            b[0].text(),
            Some("A well-known fact and a long discussion of the well-known facts at https://example.org/wp-content/x today.")
        );
    }

    #[test]
    fn more_bullet_glyphs_make_list_items() {
        for line in ["o  Jane Roe", "● Jane Roe", "■ Jane Roe", "▪ Jane Roe"] {
            assert_eq!(
                parse_item(line),
                Some((Marker::Bullet, "Jane Roe")),
                "{line}"
            );
        }
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
