//! The navigation document (`nav.xhtml`): the table of contents, every chapter with its
//! headings nested by level, and the landmarks (contents, the title page, where the body
//! begins, the glossary).

use super::chapters::{close, Chapter, Head};
use super::xml::Xml;

pub const FILE: &str = "nav.xhtml";

pub fn document(chapters: &[Chapter], head: &Head) -> Vec<u8> {
    let mut x = head.open("Contents");
    x.open("nav", &[("epub:type", "toc"), ("id", "toc")]);
    x.newline();
    x.element("h1", &[], "Contents");
    x.newline();
    x.open("ol", &[]);
    x.newline();
    for c in chapters {
        x.open("li", &[]);
        x.element("a", &[("href", &c.file)], label(&c.title));
        let headings: Vec<(u8, String, &str)> = c
            .toc
            .iter()
            .map(|(level, id, text)| (*level, format!("{}#{id}", c.file), label(text)))
            .collect();
        if !headings.is_empty() {
            x.newline();
            nested(&mut x, &headings);
        }
        x.close("li");
        x.newline();
    }
    x.close("ol");
    x.newline();
    x.close("nav");
    x.newline();
    landmarks(&mut x, chapters);
    close(x)
}

/// A link's text: a heading of only white space would be a link with no text.
fn label(text: &str) -> &str {
    if text.trim().is_empty() {
        "Untitled"
    } else {
        text
    }
}

/// `<ol>` of `(level, href, text)`: a deeper heading opens a list inside the item before it; a
/// shallower one closes lists back to its level (or to the first, for a level never seen).
fn nested(x: &mut Xml, items: &[(u8, String, &str)]) {
    let mut levels: Vec<u8> = Vec::new();
    for (level, href, text) in items {
        match levels.last() {
            None => {
                x.open("ol", &[]);
                levels.push(*level);
            }
            Some(&last) if *level > last => {
                x.open("ol", &[]);
                levels.push(*level);
            }
            Some(_) => {
                x.close("li");
                while levels.len() > 1 && levels.last().is_some_and(|l| level < l) {
                    x.close("ol");
                    x.close("li");
                    levels.pop();
                }
            }
        }
        x.open("li", &[]);
        x.element("a", &[("href", href)], text);
    }
    x.close("li");
    for _ in 1..levels.len() {
        x.close("ol");
        x.close("li");
    }
    x.close("ol");
}

fn landmarks(x: &mut Xml, chapters: &[Chapter]) {
    let mut marks: Vec<(&str, String, &str)> = vec![("toc", format!("{FILE}#toc"), "Contents")];
    for c in chapters {
        match c.landmark {
            Some("titlepage") => marks.push(("titlepage", c.file.clone(), "Title page")),
            Some("glossary") => marks.push(("glossary", c.file.clone(), "Glossary")),
            _ => {}
        }
    }
    if let Some(first) = chapters.iter().find(|c| c.landmark.is_none()) {
        marks.push(("bodymatter", first.file.clone(), "Start of content"));
    }
    x.open("nav", &[("epub:type", "landmarks"), ("hidden", "hidden")]);
    x.newline();
    x.element("h2", &[], "Landmarks");
    x.open("ol", &[]);
    for (kind, href, text) in marks {
        x.open("li", &[]);
        x.element("a", &[("epub:type", kind), ("href", &href)], text);
        x.close("li");
    }
    x.close("ol");
    x.newline();
    x.close("nav");
    x.newline();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nest(levels: &[u8]) -> String {
        let items: Vec<(u8, String, &str)> =
            levels.iter().map(|l| (*l, format!("#h{l}"), "t")).collect();
        let mut x = Xml::document(None);
        nested(&mut x, &items);
        let out = String::from_utf8(x.into_bytes()).unwrap();
        let body = out.split_once('\n').unwrap().1;
        roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("{e}: {body}"));
        body.replace(" href=\"#h", "").replace("\">t</a>", "</a>")
    }

    #[test]
    fn headings_nest_by_level() {
        assert_eq!(
            nest(&[2, 3, 3, 2]),
            "<ol><li><a2</a><ol><li><a3</a></li><li><a3</a></li></ol></li><li><a2</a></li></ol>"
        );
        // A level between two seen ones, and deep ones left open at the end.
        assert_eq!(
            nest(&[2, 4, 3, 4]),
            "<ol><li><a2</a><ol><li><a4</a></li></ol></li><li><a3</a><ol><li><a4</a></li></ol></li></ol>"
        );
    }
}
