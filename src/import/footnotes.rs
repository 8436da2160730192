//! Footnotes as Markdown footnotes. Extraction leaves a footnote's marker glued to the word it
//! follows (`Niemeyer42 will`, `labor.9`, `text¹`) and its note at the foot of the page, the
//! number glued to the text (`9http://…`, `42email: …`) or set apart (`34 http://…`, `[3] …`).
//! A note is taken as one only when its number stands as a marker in the text of its page (or
//! the page before, for a sentence the break cut): the marker becomes `[^9]`, the note's lines
//! leave the running text and become the definition `[^9]: …` on the page that refers to it.

use super::clean::Line;
use super::outline::{Node, Outline};

/// A note taken from the foot of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The label in the Markdown, e.g. `9`.
    pub label: String,
    /// The note's text, e.g. `http://www.example.org/`.
    pub text: String,
    /// Its first line in the source.
    pub line: usize,
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |n, c| {
        SUPERSCRIPTS
            .iter()
            .position(|&d| d == c)
            .map(|d| n * 10 + d as u32)
    })
}

/// `9http://…`, `42email: x`, `34 http://…`, `[3] A note`, `¹ A note` → (9, the text).
fn note_start(t: &str) -> Option<(u32, &str)> {
    let t = t.trim_start();
    if let Some(rest) = t.strip_prefix('[') {
        let (n, after) = rest.split_once(']')?;
        let n = n.parse().ok()?;
        return Some((n, after.trim_start())).filter(|(_, a)| !a.is_empty());
    }
    let sup: String = t.chars().take_while(|c| SUPERSCRIPTS.contains(c)).collect();
    if let Some(n) = superscript_value(&sup) {
        let after = t[sup.len()..].trim_start();
        return (!after.is_empty()).then_some((n, after));
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let n: u32 = t[..digits].parse().ok()?;
    let after = &t[digits..];
    let glued = after.starts_with(|c: char| c.is_alphabetic());
    let spaced = after.starts_with(' ') && {
        let a = after.trim_start();
        a.starts_with("http") || a.starts_with("www.") || a.starts_with(char::is_uppercase)
    };
    (n > 0 && (glued || spaced)).then(|| (n, after.trim_start()))
}

/// Byte ranges of the markers for note `n` in `t`: the number glued after a lowercase letter or
/// closing punctuation and followed by a space, punctuation or the line's end; or superscript
/// digits after anything.
fn markers(t: &str, n: u32) -> Vec<(usize, usize)> {
    let num = n.to_string();
    let mut out = Vec::new();
    for (i, _) in t.match_indices(num.as_str()) {
        let before = t[..i].chars().next_back();
        let after = t[i + num.len()..].chars().next();
        let glued = before.is_some_and(|c| c.is_lowercase() || ".,;:)”’\"".contains(c));
        let ends = after.is_none_or(|c| c.is_whitespace() || ".,;:)".contains(c));
        if glued && ends {
            out.push((i, i + num.len()));
        }
    }
    for (i, c) in t.char_indices() {
        if c == SUPERSCRIPTS[0] || !SUPERSCRIPTS.contains(&c) {
            continue;
        }
        if t[..i]
            .chars()
            .next_back()
            .is_some_and(|p| SUPERSCRIPTS.contains(&p))
        {
            continue;
        }
        let run: String = t[i..]
            .chars()
            .take_while(|c| SUPERSCRIPTS.contains(c))
            .collect();
        if superscript_value(&run) == Some(n) {
            out.push((i, i + run.len()));
        }
    }
    out
}

/// Takes the notes from the feet of the pages (`breaks`: 0-based indices of the lines that hold
/// a form feed), blanking their lines, and turns their markers into `[^n]`.
pub fn extract(lines: &mut [Line], breaks: &[usize]) -> Vec<Note> {
    let mut notes = Vec::new();
    let mut page_start = 0;
    let mut prev_start = 0;
    let mut ends: Vec<usize> = breaks.to_vec();
    ends.push(lines.len());
    for &end in &ends {
        let end = end.min(lines.len());
        if let Some(found) = page_notes(lines, prev_start, page_start, end) {
            notes.extend(found);
        }
        prev_start = page_start;
        page_start = end + 1;
    }
    notes
}

/// The notes at the foot of the page `[start, end)`, markers searched from `search` on.
fn page_notes(lines: &mut [Line], search: usize, start: usize, end: usize) -> Option<Vec<Note>> {
    if start >= end {
        return None;
    }
    // The last lines of the page, up from its end: blank lines, then note lines (a note may wrap
    // onto a second line).
    let mut j = end;
    while j > start && {
        let t = lines[j - 1].text.trim();
        t.is_empty() || super::clean::is_page_number(t)
    } {
        j -= 1;
    }
    let bottom = j;
    let mut starts: Vec<(usize, u32)> = Vec::new();
    let mut k = bottom;
    let mut loose = 0;
    while k > start {
        let t = lines[k - 1].text.trim();
        if t.is_empty() {
            break;
        }
        match note_start(t) {
            Some((n, _)) => {
                if starts.last().is_some_and(|&(_, m)| m != n + 1) {
                    break;
                }
                starts.push((k - 1, n));
                loose = 0;
            }
            None => {
                loose += 1;
                if loose > 2 {
                    break;
                }
            }
        }
        k -= 1;
    }
    // Notes from the top down; the topmost whose marker is missing, and those above it, stay text.
    starts.reverse();
    let mut taken = Vec::new();
    for (idx, &(at, n)) in starts.iter().enumerate() {
        let to = starts.get(idx + 1).map_or(bottom, |&(next, _)| next);
        let marker = (search..at).rev().find_map(|i| {
            markers(&lines[i].text, n)
                .last()
                .copied()
                .map(|range| (i, range))
        });
        let Some((i, (a, b))) = marker else {
            taken.clear();
            continue;
        };
        taken.push((at, to, n, i, a, b));
    }
    if taken.is_empty() {
        return None;
    }
    let mut notes = Vec::new();
    let mut edits = Vec::new();
    for &(at, to, n, i, a, b) in &taken {
        let text = lines[at..to]
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let body = note_start(&text)
            .map_or(text.as_str(), |(_, t)| t)
            .to_string();
        notes.push(Note {
            label: n.to_string(),
            text: body,
            line: lines[at].no,
        });
        edits.push((i, a, b, n));
        for l in &mut lines[at..to] {
            l.text.clear();
        }
    }
    // From the end of each line back, so that earlier offsets stay right.
    edits.sort_by_key(|e| std::cmp::Reverse((e.0, e.1)));
    for (i, a, b, n) in edits {
        lines[i].text.replace_range(a..b, &format!("[^{n}]"));
    }
    Some(notes)
}

/// Places each note's definition at the end of the page whose text refers to it (the home page
/// when none does), and gives a repeated number a label of its own on that page.
pub fn place(outline: &mut Outline, notes: Vec<Note>) {
    for note in notes {
        let reference = format!("[^{}]", note.label);
        let unit = outline
            .units
            .iter_mut()
            .find(|u| u.nodes.iter().any(|n| node_has(n, &reference)));
        let nodes = match unit {
            Some(u) => &mut u.nodes,
            None => &mut outline.front.body,
        };
        let definition = format!("{reference}:");
        if nodes
            .iter()
            .any(|n| matches!(n, Node::Para(t) if t.starts_with(&definition)))
        {
            // A second note with this number on the same page: the first one keeps it.
            continue;
        }
        nodes.push(Node::Para(format!("{definition} {}", note.text)));
    }
}

fn node_has(node: &Node, needle: &str) -> bool {
    match node {
        Node::Para(t) | Node::Heading { text: t, .. } => t.contains(needle),
        Node::List { items, .. } => items.iter().any(|i| i.contains(needle)),
        Node::Table(t) => t.rows.iter().flatten().any(|c| c.contains(needle)),
        Node::People { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::clean::split_lines;

    #[test]
    fn note_lines_in_every_form() {
        assert_eq!(note_start("9http://x.org/a"), Some((9, "http://x.org/a")));
        assert_eq!(note_start("42email: a@b.org"), Some((42, "email: a@b.org")));
        assert_eq!(
            note_start("34 http://example.org/"),
            Some((34, "http://example.org/"))
        );
        assert_eq!(note_start("[3] A note."), Some((3, "A note.")));
        assert_eq!(note_start("¹² A note"), Some((12, "A note")));
        assert_eq!(note_start("2015 was a year"), None);
        assert_eq!(note_start("3 of the panels met"), None);
    }

    #[test]
    fn markers_glued_to_words_and_punctuation() {
        assert_eq!(markers("Kyle Niemeyer42 will serve", 42), vec![(13, 15)]);
        assert_eq!(markers("the labor.9", 9), vec![(10, 11)]);
        assert_eq!(markers("WSSSPE3 met in 2015", 3), vec![]);
        assert_eq!(markers("in 2015 we met", 15), vec![]);
        assert_eq!(markers("a text¹² here", 12).len(), 1);
    }

    #[test]
    fn notes_at_the_page_foot_become_definitions_and_markers_references() {
        let text = "Kyle Niemeyer42 will serve as the point of contact, see the guide.43\n42email: kyle@example.org\n43https://example.org/guide-\nfor-all\n\n35\n\x0cNext page text.\n";
        let mut lines = split_lines(text);
        let notes = extract(&mut lines, &crate::import::furniture::page_breaks(text));
        assert_eq!(
            notes,
            vec![
                Note {
                    label: "42".into(),
                    text: "email: kyle@example.org".into(),
                    line: 2
                },
                Note {
                    label: "43".into(),
                    text: "https://example.org/guide- for-all".into(),
                    line: 3
                }
            ]
        );
        assert_eq!(
            lines[0].text,
            "Kyle Niemeyer[^42] will serve as the point of contact, see the guide.[^43]"
        );
        assert!(lines[1].text.is_empty() && lines[3].text.is_empty());
        assert_eq!(lines[5].text, "35");
    }

    #[test]
    fn a_number_at_a_page_foot_without_its_marker_stays_text() {
        let text = "The panel met in the spring.\n3 Panels met on Tuesday\n\x0cNext.\n";
        let mut lines = split_lines(text);
        assert!(extract(&mut lines, &crate::import::furniture::page_breaks(text)).is_empty());
        assert_eq!(lines[1].text, "3 Panels met on Tuesday");
    }
}
