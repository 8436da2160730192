//! A page's Markdown → a tree of plain data (blocks and inlines) that the theme's Typst template
//! renders with its own functions. Content reaches Typst as JSON strings, never as Typst markup,
//! so nothing an author writes (`#`, `$`, `*`, `@`, `<`, `//`, `=` …) can be read as markup or
//! code: there is no escaping to get wrong.

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::BTreeMap;
use std::iter::Peekable;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph.
    P {
        c: Vec<Inline>,
    },
    /// Text directly inside a tight list item: no paragraph break around it.
    Plain {
        c: Vec<Inline>,
    },
    Heading {
        level: u8,
        /// The Typst label, `session-3/#consensus`: the page's path and the heading's HTML id.
        label: String,
        c: Vec<Inline>,
    },
    List {
        /// The first number of an ordered list; none for bullets.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote {
        c: Vec<Block>,
    },
    Code {
        lang: String,
        v: String,
    },
    Table {
        caption: Option<Vec<Inline>>,
        align: Vec<&'static str>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Rule,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Inline {
    Text(String),
    Node(Node),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "t", rename_all = "lowercase")]
pub enum Node {
    Emph {
        c: Vec<Inline>,
    },
    Strong {
        c: Vec<Inline>,
    },
    Strike {
        c: Vec<Inline>,
    },
    #[serde(rename = "raw")]
    Code {
        v: String,
    },
    /// `dest` is a URL, or with `internal` a label of the PDF.
    Link {
        dest: String,
        internal: bool,
        c: Vec<Inline>,
    },
    /// A footnote: the key of its text in the document's `notes`.
    Note {
        key: String,
    },
    Br,
}

/// Where links go: given a link's destination as written, the label it points at inside the
/// PDF, or `None` for a URL outside it (returned as the URL to use).
pub trait Resolve {
    fn resolve(&self, dest: &str) -> Target;
}

pub enum Target {
    Label(String),
    Url(String),
    /// Written as text: a link that cannot work in the PDF (the build reports broken ones).
    None,
}

/// One page converted: its blocks and its footnotes (key → blocks).
pub struct Converted {
    pub body: Vec<Block>,
    pub notes: BTreeMap<String, Vec<Block>>,
}

struct Walker<'r, R> {
    resolve: &'r R,
    /// The page's heading ids in order (from the HTML build, so links agree).
    ids: std::vec::IntoIter<String>,
    /// The page's label prefix, e.g. `session-3/`.
    page: String,
    notes: BTreeMap<String, Vec<Block>>,
}

/// Converts `body` (a page's Markdown, as the HTML build parses it). `ids` are the page's
/// heading ids in order, `page` its path, the prefix of its labels.
pub fn convert(body: &str, page: &str, ids: Vec<String>, resolve: &impl Resolve) -> Converted {
    let body = crate::markdown::clean_controls(body);
    let mut events = Parser::new_ext(&body, crate::markdown::options()).peekable();
    let mut w = Walker {
        resolve,
        ids: ids.into_iter(),
        page: page.to_string(),
        notes: BTreeMap::new(),
    };
    let body = w.blocks(&mut events);
    Converted {
        body,
        notes: w.notes,
    }
}

type Events<'a> = Peekable<Parser<'a>>;

fn is_inline(e: &Event) -> bool {
    match e {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineHtml(_)
        | Event::TaskListMarker(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

impl<R: Resolve> Walker<'_, R> {
    /// Blocks until the end of the enclosing container (consumed) or of the input.
    fn blocks(&mut self, ev: &mut Events) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some(e) = ev.peek() {
            if is_inline(e) {
                let c = self.inlines(ev, None);
                out.push(Block::Plain { c });
                continue;
            }
            let Some(e) = ev.next() else { break };
            match e {
                Event::End(_) => break,
                Event::Start(Tag::Paragraph) => {
                    let c = self.inlines(ev, Some(TagEnd::Paragraph));
                    out.push(Block::P { c });
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let c = self.inlines(ev, Some(TagEnd::Heading(level)));
                    let id = self.ids.next().unwrap_or_default();
                    out.push(Block::Heading {
                        level: level as u8,
                        label: format!("{}#{id}", self.page),
                        c,
                    });
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    while let Some(Event::Start(Tag::Item)) = ev.peek() {
                        ev.next();
                        items.push(self.blocks(ev));
                    }
                    ev.next(); // End(List)
                    out.push(Block::List { start, items });
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    let c = self.blocks(ev);
                    out.push(Block::Quote { c });
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    let mut v = String::new();
                    for e in ev.by_ref() {
                        match e {
                            Event::Text(t) => v.push_str(&t),
                            Event::End(_) => break,
                            _ => {}
                        }
                    }
                    out.push(Block::Code {
                        lang,
                        v: v.trim_end_matches('\n').to_string(),
                    });
                }
                Event::Start(Tag::Table(aligns)) => {
                    let caption = take_caption(&mut out);
                    out.push(self.table(ev, &aligns, caption));
                }
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    let key = self.note_key(&name);
                    let c = self.blocks(ev);
                    self.notes.insert(key, c);
                }
                Event::Rule => out.push(Block::Rule),
                // Raw HTML is the web page's; metadata blocks and others carry no text to set.
                Event::Start(_) => skip(ev),
                _ => {}
            }
        }
        out
    }

    fn table(
        &mut self,
        ev: &mut Events,
        aligns: &[Alignment],
        caption: Option<Vec<Inline>>,
    ) -> Block {
        let mut head = Vec::new();
        let mut rows = Vec::new();
        while let Some(e) = ev.next() {
            match e {
                Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                    let mut row = Vec::new();
                    while let Some(Event::Start(Tag::TableCell)) = ev.peek() {
                        ev.next();
                        row.push(self.inlines(ev, Some(TagEnd::TableCell)));
                    }
                    ev.next(); // End(TableHead | TableRow)
                    row.resize(aligns.len(), Vec::new());
                    if head.is_empty() && rows.is_empty() {
                        head = row;
                    } else {
                        rows.push(row);
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::Left | Alignment::None => "left",
                Alignment::Center => "center",
                Alignment::Right => "right",
            })
            .collect();
        Block::Table {
            caption,
            align,
            head,
            rows,
        }
    }

    /// Inlines until `end` (consumed), or with no `end` until the first block-level event.
    fn inlines(&mut self, ev: &mut Events, end: Option<TagEnd>) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        while let Some(e) = ev.next_if(|e| end.is_some() || is_inline(e)) {
            match e {
                Event::End(_) => break,
                Event::Text(t) => push_text(&mut out, &t),
                Event::Code(t) => out.push(Inline::Node(Node::Code { v: t.to_string() })),
                Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut out, &t),
                Event::SoftBreak => push_text(&mut out, " "),
                Event::HardBreak => out.push(Inline::Node(Node::Br)),
                Event::TaskListMarker(done) => push_text(&mut out, if done { "☒ " } else { "☐ " }),
                Event::FootnoteReference(name) => {
                    let key = self.note_key(&name);
                    out.push(Inline::Node(Node::Note { key }));
                }
                Event::Start(Tag::Emphasis) => {
                    let c = self.inlines(ev, Some(TagEnd::Emphasis));
                    out.push(Inline::Node(Node::Emph { c }));
                }
                Event::Start(Tag::Strong) => {
                    let c = self.inlines(ev, Some(TagEnd::Strong));
                    out.push(Inline::Node(Node::Strong { c }));
                }
                Event::Start(Tag::Strikethrough) => {
                    let c = self.inlines(ev, Some(TagEnd::Strikethrough));
                    out.push(Inline::Node(Node::Strike { c }));
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let c = self.inlines(ev, Some(TagEnd::Link));
                    match self.resolve.resolve(&dest_url) {
                        Target::Label(dest) => out.push(Inline::Node(Node::Link {
                            dest,
                            internal: true,
                            c,
                        })),
                        Target::Url(dest) => out.push(Inline::Node(Node::Link {
                            dest,
                            internal: false,
                            c,
                        })),
                        Target::None => extend(&mut out, c),
                    }
                }
                // An image is set as its description until the PDF embeds images.
                Event::Start(Tag::Image { .. }) => {
                    let c = self.inlines(ev, Some(TagEnd::Image));
                    extend(&mut out, c);
                }
                Event::Start(_) => {
                    let c = self.inlines(ev, Some(TagEnd::Paragraph));
                    extend(&mut out, c);
                }
                _ => {}
            }
        }
        out
    }

    fn note_key(&self, name: &str) -> String {
        format!("{}^{name}", self.page)
    }
}

/// Adjacent text runs joined, so the JSON is smaller and Typst sets fewer pieces.
fn push_text(out: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Text(last)) = out.last_mut() {
        last.push_str(t);
    } else {
        out.push(Inline::Text(t.to_string()));
    }
}

/// Inlines appended, text joined to the text before it.
fn extend(out: &mut Vec<Inline>, inlines: Vec<Inline>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => push_text(out, &t),
            node => out.push(node),
        }
    }
}

/// Skips a container the PDF does not set, through its end.
fn skip(ev: &mut Events) {
    let mut depth = 1;
    for e in ev.by_ref() {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// A paragraph `Table: …` right before a table is its caption (as in the HTML build).
fn take_caption(out: &mut Vec<Block>) -> Option<Vec<Inline>> {
    let Some(Block::P { c }) = out.last() else {
        return None;
    };
    let Some(Inline::Text(first)) = c.first() else {
        return None;
    };
    let rest = first.strip_prefix("Table: ")?.to_string();
    let Some(Block::P { mut c }) = out.pop() else {
        unreachable!("checked above")
    };
    c[0] = Inline::Text(rest);
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Links;
    impl Resolve for Links {
        fn resolve(&self, dest: &str) -> Target {
            match dest {
                "b.md#x" => Target::Label("b/#x".into()),
                "https://ex.org/" => Target::Url(dest.into()),
                _ => Target::None,
            }
        }
    }

    fn json(md: &str, ids: &[&str]) -> String {
        let c = convert(
            md,
            "a/",
            ids.iter().map(|s| s.to_string()).collect(),
            &Links,
        );
        serde_json::to_string(&(c.body, c.notes)).unwrap()
    }

    #[test]
    fn hostile_text_stays_text() {
        // Typst markup and code characters arrive as plain strings, whatever they are: no
        // escaping is needed because nothing is ever read as Typst markup.
        let hostile = "#set page(width: 1pt) $x$ @ref < lab // c \\ ` ] ) } #{panic()}";
        let c = convert(
            &format!("{hostile} **b**\n\n= not a heading\n"),
            "a/",
            Vec::new(),
            &Links,
        );
        let strong = Inline::Node(Node::Strong {
            c: vec![Inline::Text("b".into())],
        });
        assert_eq!(
            c.body,
            [
                Block::P {
                    c: vec![Inline::Text(format!("{hostile} ")), strong]
                },
                Block::P {
                    c: vec![Inline::Text("= not a heading".into())]
                }
            ]
        );
    }

    #[test]
    fn headings_take_the_html_ids_and_links_resolve() {
        let out = json(
            "# One\n\nSee [b](b.md#x), [web](https://ex.org/) and [gone](nowhere.md).\n",
            &["one"],
        );
        assert!(
            out.contains(r#"{"t":"heading","level":1,"label":"a/#one","c":["One"]}"#),
            "{out}"
        );
        assert!(
            out.contains(r#"{"t":"link","dest":"b/#x","internal":true,"c":["b"]}"#),
            "{out}"
        );
        assert!(
            out.contains(r#"{"t":"link","dest":"https://ex.org/","internal":false,"c":["web"]}"#),
            "{out}"
        );
        assert!(out.contains(r#"and gone."#), "{out}");
    }

    #[test]
    fn tables_keep_header_rows_and_caption() {
        let out = json(
            "Table: Two views\n\n| A | B |\n| --- | ---: |\n| 1 | 2 |\n| 3 |\n",
            &[],
        );
        assert_eq!(
            out,
            r#"[[{"t":"table","caption":["Two views"],"align":["left","right"],"head":[["A"],["B"]],"rows":[[["1"],["2"]],[["3"],[]]]}],{}]"#
        );
    }

    #[test]
    fn footnotes_and_tight_lists() {
        let out = json(
            "Text.[^n]\n\n- **Ann** — Lab\n- Bo\n\n[^n]: The *note*.\n",
            &[],
        );
        assert!(out.contains(r#"{"t":"note","key":"a/^n"}"#), "{out}");
        assert!(out.contains(r#"{"t":"list","start":null,"items":[[{"t":"plain","c":[{"t":"strong","c":["Ann"]}," — Lab"]}],[{"t":"plain","c":["Bo"]}]]}"#), "{out}");
        assert!(
            out.contains(r#"{"a/^n":[{"t":"p","c":["The ",{"t":"emph","c":["note"]},"."]}]}"#),
            "{out}"
        );
    }
}
