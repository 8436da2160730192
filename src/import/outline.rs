//! Import step 3, structure: blocks in, the document's outline out — the front matter of the
//! volume, then units (one per page: introduction, sessions, table, people, questions, …), each a
//! list of nodes. Headings carry no markup in the text; their role comes from their shape, the
//! table of contents, and the words proceedings use for their parts.

use super::blocks::{looks_like_heading, Block, Body, Item, Marker};
use super::clean::clean_inline;
use super::hints::Hints;
use super::people::{self, Person};
use super::profile::Vocabulary;
use super::table::{self, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Introduction,
    Remarks,
    Session,
    Keynote,
    Chapter,
    Table,
    Conclusion,
    Recommendations,
    People,
    Questions,
    Appendix,
    About,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A heading inside a page; `point` marks an all-capitals key point ("CHANGE THE DEFAULT").
    Heading {
        text: String,
        point: bool,
        /// 2 for `##`; deeper numbering (`3.1.2`) gives 3, 4.
        level: u8,
    },
    Para(String),
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Table(Table),
    People {
        group: String,
        people: Vec<Person>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The heading as it stood in the text, e.g. `Session 2: Keynote address by Dr. Abraham Newman`.
    pub heading: String,
    pub title: String,
    pub kind: Kind,
    pub session: Option<u32>,
    /// The program label as the text gives it, e.g. `Panel 2`, `Keynote 1`.
    pub label: Option<String>,
    pub speakers: Vec<String>,
    pub byline: Option<String>,
    /// Line of the heading in the source.
    pub line: usize,
    /// True when the text lost this unit's heading and it was restored from context.
    pub restored: bool,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Front {
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    pub publisher_url: Option<String>,
    /// The day the title page gives, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The editors or authors the title page names.
    pub editors: Vec<String>,
    /// Text before the first heading (abstract, author notes), kept for the home page.
    pub body: Vec<Node>,
}

#[derive(Debug, Default)]
pub struct Outline {
    pub front: Front,
    pub units: Vec<Unit>,
    pub table_rows: usize,
    pub bullets_split: usize,
    /// `(line, message)` for anything the importer was unsure of.
    pub warnings: Vec<(usize, String)>,
}

/// What made the text unreadable as proceedings.
#[derive(Debug, PartialEq, Eq)]
pub struct NoStructure(pub String);

/// Builds the outline. `subtitle` is the running header when it also stands on the title page;
/// `toc` the entries of the table of contents (removed from the text before this step).
pub fn outline(
    blocks: &[Block],
    subtitle: Option<&str>,
    toc: Vec<String>,
    errata: &BTreeMap<String, String>,
    vocab: &Vocabulary,
) -> Result<Outline, NoStructure> {
    outline_with(blocks, subtitle, toc, errata, vocab, &Hints::default())
}

/// `outline` with the layout's hints (`hints.rs`): a line the layout sets as a heading is one
/// whatever its words (a top-level one opens a page in an unnumbered document), a table's row
/// never is.
pub fn outline_with(
    blocks: &[Block],
    subtitle: Option<&str>,
    toc: Vec<String>,
    errata: &BTreeMap<String, String>,
    vocab: &Vocabulary,
    hints: &Hints,
) -> Result<Outline, NoStructure> {
    let clean = |t: &str| clean_inline(t, errata);
    let mut out = Outline::default();
    if blocks.is_empty() {
        return Err(NoStructure("the text is empty".into()));
    }
    let numbered_doc = blocks
        .iter()
        .filter(|b| b.numbered.as_ref().is_some_and(|h| h.level == 1))
        .count()
        >= 2;
    let body_start = blocks
        .iter()
        .skip(1)
        .position(|b| {
            opens_unit(b, &toc, vocab, numbered_doc)
                || (!numbered_doc && hints.heading(b.line) == Some(1) && b.text().is_some())
        })
        .map_or(blocks.len(), |i| i + 1);
    let title_blocks = super::title::pick(&blocks[..body_start])
        .filter(|r| blocks[r.clone()].iter().all(|b| b.text().is_some()))
        .unwrap_or(0..1);
    let Some(_) = blocks[title_blocks.start].text() else {
        return Err(NoStructure(
            "the first line should be the title, but it is a list item".into(),
        ));
    };
    let joined = blocks[title_blocks.clone()]
        .iter()
        .filter_map(Block::text)
        .collect::<Vec<_>>()
        .join(" ");
    let title = joined.as_str();
    let short_title = super::title::title_text(title);
    out.front.title = clean(short_title);
    out.front.subtitle = subtitle.map(title_case);
    out.front.date = blocks[..body_start]
        .iter()
        .filter_map(Block::text)
        .find_map(|t| super::title::date(t).map(|d| d.0));
    out.front.editors = blocks[..body_start]
        .iter()
        .enumerate()
        .filter(|(i, _)| !title_blocks.contains(i))
        .filter_map(|(_, b)| b.text())
        .map(super::title::names)
        .find(|n| !n.is_empty())
        .unwrap_or_default();
    let doc_name = title.trim()[short_title.len()..].trim();
    let mut builder = Builder {
        out,
        toc,
        known_headings: Vec::new(),
        clean: &clean,
        vocab,
        numbered_doc,
        hints,
    };
    for (i, block) in blocks[..body_start].iter().enumerate() {
        if title_blocks.contains(&i) {
            continue;
        }
        let front = &mut builder.out.front;
        match block.text() {
            Some(t)
                if (t.contains("://") || t.starts_with("www."))
                    && front.publisher_url.is_none() =>
            {
                front.publisher_url = Some(clean(t));
            }
            Some(t)
                if front.publisher.is_none()
                    && i >= title_blocks.end
                    && front.body.is_empty()
                    && t.split_whitespace().count() <= 12
                    // A part's heading ("Introduction") is not the publisher.
                    && unit_kind(t, &[], vocab).is_none() =>
            {
                front.publisher = Some(clean(t));
            }
            _ => builder.walk(std::slice::from_ref(block))?,
        }
    }
    if !doc_name.is_empty() {
        // The document name after a title (`draft-…`) is kept, as the home page's first line.
        builder
            .out
            .front
            .body
            .insert(0, Node::Para(clean(doc_name)));
    }
    builder.walk(&blocks[body_start..])?;
    let mut out = builder.out;
    if out.units.is_empty() {
        return Err(NoStructure(format!(
            "no headings found; looked for numbered headings (\"1.\", \"2.1\", \"A.\", \"IV.\", \
             \"Appendix A\"), a table of contents, program units ({}) followed by a number, and \
             short title lines standing alone, such as \"Introduction\"",
            vocab.unit_labels.join(", ")
        )));
    }
    if !out
        .units
        .iter()
        .any(|u| matches!(u.kind, Kind::Session | Kind::Keynote))
    {
        out.warnings.push((
            out.units[0].line,
            format!(
                "no sessions, panels or keynotes found (looked for {} followed by a number): \
                 the {} parts were imported as chapters",
                vocab.unit_labels.join(", "),
                out.units.len()
            ),
        ));
    }
    finish_restored(&mut out);
    Ok(out)
}

/// Whether a block is the heading of a page: a top-level numbered heading, or a heading-shaped
/// line naming a part. In a numbered document, an unnumbered heading opens a page only when the
/// contents list it or it names a closing part (appendix, participants, references …).
fn opens_unit(block: &Block, toc: &[String], vocab: &Vocabulary, numbered_doc: bool) -> bool {
    if let Some(h) = &block.numbered {
        return h.level == 1;
    }
    let Some(t) = block.text() else { return false };
    if !is_heading_line(t, vocab) {
        return false;
    }
    match unit_kind(t, toc, vocab) {
        Some(Kind::Appendix | Kind::People | Kind::About | Kind::Chapter) => true,
        Some(_) => !numbered_doc,
        None => false,
    }
}

struct Builder<'a> {
    out: Outline,
    toc: Vec<String>,
    known_headings: Vec<String>,
    clean: &'a dyn Fn(&str) -> String,
    vocab: &'a Vocabulary,
    numbered_doc: bool,
    hints: &'a Hints,
}

impl Builder<'_> {
    fn walk(&mut self, blocks: &[Block]) -> Result<(), NoStructure> {
        let mut i = 0;
        while i < blocks.len() {
            let block = &blocks[i];
            match &block.body {
                Body::List(items) => self.list(items),
                Body::Text(_) if block.numbered.is_some() => {
                    let h = block.numbered.as_ref().expect("matched");
                    if h.level == 1 {
                        self.numbered_unit(h, block.line);
                    } else {
                        let title = self.vocab.cut_tail(&h.title);
                        let text = (self.clean)(&format!("{} {title}", h.number));
                        self.sub_heading(text, (h.level.min(4) + 1) as u8);
                    }
                }
                Body::Text(t) => {
                    if let Some(used) = self.try_table(blocks, i) {
                        i += used;
                        continue;
                    }
                    let hinted = self.hints.heading(block.line);
                    let row = self.hints.is_row(block.line);
                    if !row && (hinted.is_some() || is_heading_line(t, self.vocab)) {
                        let table_follows = blocks
                            .get(i + 1)
                            .and_then(|b| b.text())
                            .is_some_and(|next| self.table_header(next).is_some());
                        self.heading(t, block.line, table_follows, hinted);
                    } else {
                        self.para(t, block.line);
                    }
                }
            }
            i += 1;
        }
        Ok(())
    }

    fn current(&mut self) -> Option<&mut Unit> {
        self.out.units.last_mut()
    }

    /// Adds a node to the current page; text before the first heading goes to the home page.
    fn push(&mut self, node: Node) {
        match self.out.units.last_mut() {
            Some(unit) => unit.nodes.push(node),
            None => self.out.front.body.push(node),
        }
    }

    /// A page from a top-level numbered heading: its kind from the words of its title, an
    /// appendix by its numbering, otherwise a chapter.
    fn numbered_unit(&mut self, h: &super::heading::Numbered, line: usize) {
        let (words, tail) = self.vocab.split_tail(&h.title);
        let title = if h.appendix && h.number.contains(' ') {
            if words.is_empty() {
                h.number.clone()
            } else {
                format!("{}. {words}", h.number)
            }
        } else {
            words.to_string()
        };
        let kind = match unit_kind(words, &[], self.vocab) {
            Some(kind) => kind,
            None if h.appendix => Kind::Appendix,
            None => Kind::Chapter,
        };
        self.start_unit(&title, line, kind, false);
        if !tail.is_empty() {
            self.push(Node::Para((self.clean)(tail)));
        }
    }

    fn start_unit(&mut self, heading: &str, line: usize, kind: Kind, restored: bool) {
        let labelled = unit_label(heading, &self.vocab.unit_labels);
        let (label, session, rest) = match labelled {
            Some((label, n, rest)) => (Some(label), Some(n), rest),
            None => match unnumbered_unit(heading, &self.vocab.unit_labels) {
                Some((label, rest)) => (Some(label), None, rest),
                None => (None, None, heading.to_string()),
            },
        };
        let (title, speaker) = split_speaker(&rest);
        let title = match (&label, title.is_empty()) {
            (Some(label), true) => label.clone(),
            _ => title,
        };
        self.out.units.push(Unit {
            heading: heading.to_string(),
            title: (self.clean)(&title),
            kind,
            session,
            label,
            speakers: speaker.into_iter().collect(),
            byline: None,
            line,
            restored,
            nodes: Vec::new(),
        });
    }

    /// `hinted`: the level the layout gives the heading, if it gives one.
    fn heading(&mut self, raw: &str, line: usize, table_follows: bool, hinted: Option<u8>) {
        let raw = self.vocab.cut_tail(raw);
        let text = (self.clean)(raw);
        let in_people = self.current().is_some_and(|u| u.kind == Kind::People);
        let fresh_unit = self
            .current()
            .is_some_and(|u| u.nodes.is_empty() && u.byline.is_none() && u.kind != Kind::Table);
        if fresh_unit && text.contains(',') {
            if let Some(name) = byline_name(&text) {
                let unit = self.current().expect("checked");
                unit.speakers = vec![name];
                unit.byline = Some(text);
                return;
            }
        }
        if table_follows {
            self.start_unit(raw, line, Kind::Table, false);
            return;
        }
        match unit_kind(&text, &self.toc, self.vocab) {
            Some(Kind::People) if in_people => self.sub_heading(text, 2),
            Some(kind @ (Kind::Appendix | Kind::People | Kind::About | Kind::Chapter)) => {
                self.start_unit(raw, line, kind, false)
            }
            Some(_) if self.numbered_doc => self.sub_heading(text, 2),
            Some(kind) => self.start_unit(raw, line, kind, false),
            None if hinted == Some(1) && !self.numbered_doc => {
                self.start_unit(raw, line, Kind::Chapter, false)
            }
            None => self.sub_heading(text, hinted.map_or(2, |l| l.saturating_add(1).min(6))),
        }
    }

    fn sub_heading(&mut self, text: String, level: u8) {
        let point = is_all_caps(&text);
        self.known_headings.push(text.clone());
        let text = if point { title_case(&text) } else { text };
        self.push(Node::Heading { text, point, level });
    }

    fn para(&mut self, raw: &str, line: usize) {
        let text = (self.clean)(raw);
        if let Some(unit) = self.out.units.last() {
            if unit.kind == Kind::People {
                if let Some(people) = people::parse_people(&text) {
                    self.people(people, line);
                    return;
                }
                if unit.nodes.iter().any(|n| matches!(n, Node::People { .. })) {
                    // Prose after the list of people: the next part's heading was lost.
                    self.start_unit("", line, Kind::Appendix, true);
                }
            }
        }
        self.push(Node::Para(text));
    }

    fn people(&mut self, people: Vec<Person>, line: usize) {
        for p in people.iter().filter(|p| p.affiliations.is_empty()) {
            self.out.warnings.push((
                line,
                format!(
                    "{} is listed without an affiliation; check the source",
                    p.name
                ),
            ));
        }
        let Some(unit) = self.out.units.last_mut() else {
            self.out.front.body.push(Node::People {
                group: "Participants".into(),
                people,
            });
            return;
        };
        let group = match unit.nodes.last() {
            Some(Node::Heading { text, .. }) => text.clone(),
            _ => "Participants".to_string(),
        };
        if matches!(unit.nodes.last(), Some(Node::Heading { .. })) {
            unit.nodes.pop();
        }
        unit.nodes.push(Node::People { group, people });
    }

    fn list(&mut self, items: &[Item]) {
        let ordered = items
            .iter()
            .all(|it| matches!(it.marker, Marker::Number(_)));
        let texts: Vec<String> = items.iter().map(|it| (self.clean)(&it.text)).collect();
        // A list that a page break cut in two continues the list before it.
        if let Some(Some(Node::List { ordered: o, items })) =
            self.out.units.last_mut().map(|u| u.nodes.last_mut())
        {
            if *o == ordered {
                items.extend(texts);
                return;
            }
        }
        self.push(Node::List {
            ordered,
            items: texts,
        });
    }

    fn table_header(&self, text: &str) -> Option<(String, String)> {
        table::split_header(text, &self.known_headings)
    }

    /// A header line followed by two lists is a serialised two-column table. Lists after a
    /// page break (more than one blank line) continue the column before; a single blank line
    /// starts the next column. Returns the number of blocks used.
    fn try_table(&mut self, blocks: &[Block], at: usize) -> Option<usize> {
        let (left, right) = self.table_header(blocks[at].text()?)?;
        let (left_items, right_items, used) = table::columns(&blocks[at + 1..])?;
        let used = used + 1;
        let clean_all = |items: Vec<String>| items.iter().map(|t| (self.clean)(t)).collect();
        let (left_items, right_items) = (clean_all(left_items), clean_all(right_items));
        let line = blocks[at].line;
        let pairing = table::pair(left_items, right_items);
        if pairing.unresolved {
            self.out.warnings.push((
                line,
                "the table's columns have different lengths and no merged bullet could be split; \
                 blank cells were added"
                    .into(),
            ));
        }
        self.out.table_rows += pairing.rows.len();
        self.out.bullets_split += pairing.splits;
        let columns = [(self.clean)(&left), (self.clean)(&right)];
        let needs_unit = !self
            .current()
            .is_some_and(|u| u.kind == Kind::Table && u.nodes.is_empty());
        if needs_unit {
            let title = format!("{} and {}", columns[0], columns[1]);
            self.start_unit(&title, line, Kind::Table, false);
        }
        self.push(Node::Table(Table {
            columns,
            rows: pairing.rows,
        }));
        Some(used)
    }
}

/// Names the parts restored from context: a part made of question lists is the appendix of
/// questions the text refers to.
fn finish_restored(out: &mut Outline) {
    let mentions_appendix = out.units.iter().any(|u| {
        u.nodes
            .iter()
            .any(|n| matches!(n, Node::Para(t) if t.to_lowercase().contains("appendix")))
    });
    for unit in &mut out.units {
        let questions = question_groups(&unit.nodes);
        if questions > 0 && matches!(unit.kind, Kind::Appendix | Kind::Chapter) {
            unit.kind = Kind::Questions;
        }
        if unit.restored {
            unit.title = match (unit.kind, mentions_appendix) {
                (Kind::Questions, true) => "Appendix: Questions".into(),
                (Kind::Questions, false) => "Questions".into(),
                _ => "Appendix".into(),
            };
            unit.heading = unit.title.clone();
            out.warnings.push((
                unit.line,
                format!("a heading was missing here; restored as \"{}\"", unit.title),
            ));
        }
    }
}

/// Headings followed by a list most of whose items are questions.
pub fn question_groups(nodes: &[Node]) -> usize {
    nodes
        .windows(2)
        .filter(|w| match w {
            [Node::Heading { .. }, Node::List { items, .. }] => {
                items.iter().filter(|i| i.trim_end().ends_with('?')).count() * 2 >= items.len()
            }
            _ => false,
        })
        .count()
}

/// The part of proceedings a heading opens, by the words proceedings use for their parts (the
/// vocabulary: defaults and the profile's), or `None` for a heading inside a part. Headings
/// listed in the table of contents always open a part.
pub fn unit_kind(heading: &str, toc: &[String], vocab: &Vocabulary) -> Option<Kind> {
    if let Some((label, _, rest)) = unit_label(heading, &vocab.unit_labels) {
        let keynote =
            label.to_lowercase().starts_with("keynote") || rest.to_lowercase().contains("keynote");
        return Some(if keynote {
            Kind::Keynote
        } else {
            Kind::Session
        });
    }
    if let Some((label, _)) = unnumbered_unit(heading, &vocab.unit_labels) {
        return Some(if label.to_lowercase().starts_with("keynote") {
            Kind::Keynote
        } else {
            Kind::Session
        });
    }
    let lower = heading.to_lowercase();
    // A word must end where the heading's word ends ("About", not "Aboutness"), except the
    // stems whose endings vary ("Recommendations", "Acknowledgements").
    if let Some((_, kind, _)) = vocab.parts.iter().find(|(w, _, stem)| {
        lower.starts_with(w.as_str())
            && (*stem
                || lower[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic()))
    }) {
        return Some(*kind);
    }
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
            .to_lowercase()
    };
    let lower = key(heading);
    let in_toc = toc.iter().any(|e| {
        let e = key(e);
        !e.is_empty() && (lower.starts_with(&e) || e.starts_with(&lower))
    });
    in_toc.then_some(Kind::Chapter)
}

/// A heading by its shape; a session heading is one even when its title is a question
/// ("Session 2: Who pays?").
fn is_heading_line(t: &str, vocab: &Vocabulary) -> bool {
    looks_like_heading(t)
        || t.split_whitespace().count() <= 20
            && !t.ends_with('.')
            && (unit_label(t, &vocab.unit_labels).is_some()
                || unnumbered_unit(t, &vocab.unit_labels).is_some())
}

/// "Breakout theme: Best Practices (Lead: Ana)" → `("Breakout theme", "Best Practices (Lead:
/// Ana)")`: a program unit the text does not number, named by its label (with at most one word
/// saying what kind of label it is) and a colon. Not one when what follows the colon is a list
/// of people ("Session conveners: Ana Ortiz, Li Wei") or a sentence.
pub fn unnumbered_unit(heading: &str, labels: &[String]) -> Option<(String, String)> {
    const QUALIFIERS: [&str; 10] = [
        "theme",
        "topic",
        "session",
        "discussion",
        "address",
        "talk",
        "lecture",
        "presentation",
        "group",
        "title",
    ];
    let (head, rest) = heading.split_once(':')?;
    let rest = rest.trim();
    let lower = head.trim().to_lowercase();
    let known = labels
        .iter()
        .filter(|l| !matches!(l.as_str(), "workshop" | "day"))
        .any(|l| {
            lower == *l
                || lower
                    .strip_prefix(l.as_str())
                    .and_then(|q| q.strip_prefix(' '))
                    .is_some_and(|q| QUALIFIERS.contains(&q))
        });
    let titled = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘".contains(c));
    let people = super::title::names(rest).len() >= 2 || crate::names::is_name(rest);
    (known && titled && !people && !rest.ends_with('.'))
        .then(|| (head.trim().to_string(), rest.to_string()))
}

/// "Session 4: Comparing …" → `(4, "Comparing …")`; also "Panel 2 – …", "Session Three. …",
/// with the default labels.
pub fn session_number(heading: &str) -> Option<(u32, String)> {
    unit_label(heading, &Vocabulary::default().unit_labels).map(|(_, n, rest)| (n, rest))
}

/// "Panel Three – Data" → `("Panel Three", 3, "Data")`: a program unit's label as printed, its
/// number and the rest of the heading. `labels` are lower-case, longest first.
pub fn unit_label(heading: &str, labels: &[String]) -> Option<(String, u32, String)> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let lower = heading.to_lowercase();
    let label = labels
        .iter()
        .find(|l| lower.starts_with(l.as_str()) && lower[l.len()..].starts_with(' '))?;
    // Lower-casing keeps byte lengths for the ASCII labels; check rather than assume.
    let printed_label = heading.get(..label.len())?;
    let after = heading.get(label.len() + 1..)?;
    let mut words = after.splitn(2, ' ');
    let raw = words.next()?;
    let number_part = raw.trim_end_matches([':', '.', ',']);
    let n = number_part.parse::<u32>().ok().or_else(|| {
        WORDS
            .iter()
            .position(|w| w.eq_ignore_ascii_case(number_part))
            .map(|i| i as u32 + 1)
    })?;
    let rest = words.next().unwrap_or("");
    let rest = rest
        .trim_start_matches([':', '.', '-', '–', '—', ' '])
        .trim();
    Some((
        format!("{printed_label} {number_part}"),
        n,
        rest.to_string(),
    ))
}

/// "Keynote address by Dr. Abraham Newman" → ("Keynote address", Some("Dr. Abraham Newman")).
fn split_speaker(title: &str) -> (String, Option<String>) {
    if let Some(at) = title.rfind(" by ") {
        let speaker = title[at + 4..].trim();
        if crate::names::is_name(crate::names::strip_honorific(speaker)) {
            return (title[..at].trim().to_string(), Some(speaker.to_string()));
        }
    }
    (title.trim().to_string(), None)
}

/// "Dr. Karim Farhat, Assistant Director, IGP" → "Dr. Karim Farhat".
fn byline_name(text: &str) -> Option<String> {
    let name = text.split(',').next()?.trim();
    crate::names::is_name(crate::names::strip_honorific(name)).then(|| name.to_string())
}

fn is_all_caps(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= 4
        && !text.chars().any(|c| c.is_lowercase())
}

/// "WORKSHOP PROCEEDINGS" → "Workshop Proceedings"; short joining words stay lowercase.
pub fn title_case(text: &str) -> String {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && crate::names::JOINING_WORDS.contains(&lower.as_str()) {
                lower
            } else {
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_headings_give_number_and_title() {
        assert_eq!(
            session_number("Session 4: Comparing economies"),
            Some((4, "Comparing economies".to_string()))
        );
        assert_eq!(
            session_number("Panel Three – Data"),
            Some((3, "Data".to_string()))
        );
        assert_eq!(session_number("Sessions were long"), None);
    }

    #[test]
    fn an_unnumbered_unit_is_named_by_its_label_and_a_colon() {
        let v = Vocabulary::default();
        assert_eq!(
            unnumbered_unit("Breakout theme: Best Practices (Lead: Ana)", &v.unit_labels),
            Some((
                "Breakout theme".to_string(),
                "Best Practices (Lead: Ana)".to_string()
            ))
        );
        assert_eq!(
            unit_kind("Breakout theme: Follow up Publication", &[], &v),
            Some(Kind::Session)
        );
        assert!(is_heading_line(
            "Breakout theme: Best Practices (Lead: Ana)",
            &v
        ));
        assert_eq!(
            unnumbered_unit(
                "Session conveners: Peter Elmer, Graeme Stewart, Fons Rademakers",
                &v.unit_labels
            ),
            None
        );
        assert_eq!(
            unnumbered_unit("Workshop report: Something", &v.unit_labels),
            None
        );
    }

    #[test]
    fn unit_kind_uses_proceedings_words_and_the_contents() {
        let v = Vocabulary::default();
        assert_eq!(unit_kind("Conclusion", &[], &v), Some(Kind::Conclusion));
        assert_eq!(
            unit_kind("Recommendations for reconciling security", &[], &v),
            Some(Kind::Recommendations)
        );
        assert_eq!(unit_kind("Observers", &[], &v), None);
        assert_eq!(unit_kind("Digital Neomercantilism", &[], &v), None);
        let toc = vec!["Competing Narratives".to_string()];
        assert_eq!(
            unit_kind("Competing Narratives in the US", &toc, &v),
            Some(Kind::Chapter)
        );
        assert_eq!(unit_kind("Aboutness", &[], &v), None);
        assert_eq!(unit_kind("Breakout 3: Data", &[], &v), Some(Kind::Session));
    }

    #[test]
    fn a_unit_keeps_the_label_the_text_gives_it() {
        let v = Vocabulary::default();
        assert_eq!(
            unit_label("Panel 2: Who pays?", &v.unit_labels),
            Some(("Panel 2".to_string(), 2, "Who pays?".to_string()))
        );
        assert_eq!(
            unit_label("Lightning Talks 1", &v.unit_labels).map(|l| l.0),
            Some("Lightning Talks 1".to_string())
        );
        assert_eq!(
            unit_label("Working Group Three – Metrics", &v.unit_labels).map(|l| l.1),
            Some(3)
        );
    }

    #[test]
    fn speaker_is_split_from_title() {
        assert_eq!(
            split_speaker("Keynote address by Dr. Abraham Newman"),
            (
                "Keynote address".to_string(),
                Some("Dr. Abraham Newman".to_string())
            )
        );
        assert_eq!(
            split_speaker("Driven by market forces"),
            ("Driven by market forces".to_string(), None)
        );
    }

    #[test]
    fn title_case_keeps_small_words_low() {
        assert_eq!(
            title_case("EVERYTHING DIGITAL IS DUAL USE"),
            "Everything Digital Is Dual Use"
        );
        assert_eq!(
            title_case("BALANCE OF THE STAKEHOLDERS"),
            "Balance of the Stakeholders"
        );
    }
}
