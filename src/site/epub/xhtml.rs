//! A page's HTML made XHTML for the book: parsed by html5ever (through scraper) exactly as a
//! browser would parse it, raw HTML of the author's included, and the tree written back through
//! the XML writer. What an EPUB reader must not get is left out on the way: scripts, styles,
//! embedded documents and media, event-handler attributes, names XML cannot carry, elements
//! HTML does not know (their content is kept). Ids become XML names (`links::id`), links are
//! mapped by the `Linker`.

use super::links::{id, Linker};
use super::xml::{is_plain_name, Xml};
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{Html, Node};
use std::collections::BTreeSet;

/// What writing a fragment found out, for the package document.
#[derive(Debug, Default)]
pub struct Found<'a> {
    /// Inline SVG or MathML: the chapter's manifest item says so.
    pub svg: bool,
    pub mathml: bool,
    /// The copied files its images use.
    pub media: BTreeSet<&'a str>,
}

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";
const SVG_NS: &str = "http://www.w3.org/2000/svg";
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Left out with everything inside them.
const DROPPED: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "noscript", "template", "link", "meta", "base",
    "video", "audio", "source", "track", "canvas", "form", "button", "select", "textarea", "title",
    "head",
];

/// The HTML elements written as they are; others are replaced by their content.
const KNOWN: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

const VOID: &[&str] = &["br", "col", "hr", "img", "input", "wbr"];

/// Attributes that name ids (space-separated), rewritten like ids.
const ID_REFS: &[&str] = &["for", "headers", "aria-labelledby", "aria-describedby"];

/// Writes the HTML fragment `html` of the page at `page` (its site path) into `out`.
pub fn fragment<'a>(html: &str, page: &str, linker: &Linker<'a>, out: &mut Xml) -> Found<'a> {
    let doc = Html::parse_fragment(html);
    let mut found = Found::default();
    // Nodes being left out, by depth: while this is non-zero nothing is written.
    let mut skipping = 0usize;
    // For each open element, whether it was written (and so must be closed).
    let mut open: Vec<Option<String>> = Vec::new();
    let root = doc.root_element();
    for edge in root.traverse().skip(1) {
        match edge {
            Edge::Open(node) if node.id() == root.id() => {}
            Edge::Close(node) if node.id() == root.id() => {}
            Edge::Open(node) => {
                if skipping > 0 {
                    if matches!(node.value(), Node::Element(_)) {
                        skipping += 1;
                    }
                    continue;
                }
                match node.value() {
                    Node::Text(t) => out.text(t),
                    Node::Element(e) => {
                        match start(e, page, linker, out, &mut found, node.has_children()) {
                            Start::Skip => skipping = 1,
                            Start::Open(name) => open.push(Some(name)),
                            Start::Done => open.push(None),
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if !matches!(node.value(), Node::Element(_)) {
                    continue;
                }
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                if let Some(Some(name)) = open.pop() {
                    out.close(&name);
                }
            }
        }
    }
    found
}

enum Start {
    /// Left out with its content.
    Skip,
    /// Written open; closed at its end.
    Open(String),
    /// Written whole (a void element), or not written at all but its content is.
    Done,
}

fn start<'a>(
    e: &Element,
    page: &str,
    linker: &Linker<'a>,
    out: &mut Xml,
    found: &mut Found<'a>,
    has_children: bool,
) -> Start {
    let local: &str = &e.name.local;
    let ns: &str = &e.name.ns;
    let (name, root_ns) = match ns {
        HTML_NS if DROPPED.contains(&local) => return Start::Skip,
        HTML_NS if KNOWN.contains(&local) => (local.to_string(), None),
        HTML_NS => return Start::Done,
        SVG_NS | MATHML_NS if is_plain_name(local) => {
            let root = matches!(local, "svg" | "math");
            found.svg |= ns == SVG_NS;
            found.mathml |= ns == MATHML_NS;
            (local.to_string(), root.then_some(ns))
        }
        _ => return Start::Skip,
    };
    let mut attrs: Vec<(String, String)> = Vec::new();
    if let Some(ns) = root_ns {
        attrs.push(("xmlns".into(), ns.into()));
        if ns == SVG_NS {
            attrs.push(("xmlns:xlink".into(), XLINK_NS.into()));
        }
    }
    let mut image = None;
    for (qual, value) in &e.attrs {
        let local: &str = &qual.local;
        let key = match qual.prefix.as_deref() {
            // Foreign elements' namespaced attributes (`xml:lang`, `xlink:href`); the prefixes
            // are declared on the `svg`/`math` element (`xml` needs no declaration).
            Some(p @ ("xml" | "xlink")) if is_plain_name(local) => format!("{p}:{local}"),
            Some(_) => continue,
            None if is_plain_name(local) && !local.starts_with("on") && local != "srcset" => {
                local.to_string()
            }
            None => continue,
        };
        let value: &str = value;
        let value = match key.as_str() {
            "id" => id(value).into_owned(),
            k if ID_REFS.contains(&k) => value
                .split_ascii_whitespace()
                .map(|v| id(v).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
            "href" | "xlink:href" => match linker.href(page, value) {
                Some(v) => v,
                None => continue,
            },
            "src" if name == "img" => match linker.image(page, value) {
                Some((file, asset)) => {
                    image = Some(asset);
                    file
                }
                None => continue,
            },
            "src" => continue,
            _ => value.to_string(),
        };
        attrs.push((key, value));
    }
    if name == "img" {
        let Some(asset) = image else {
            // An image the book does not carry: its text alternative stands in for it.
            out.text(e.attr("alt").unwrap_or(""));
            return Start::Done;
        };
        found.media.insert(asset);
        if !attrs.iter().any(|(k, _)| k == "alt") {
            attrs.push(("alt".into(), String::new()));
        }
    }
    let attrs: Vec<(&str, &str)> = attrs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if VOID.contains(&name.as_str()) && ns == HTML_NS {
        out.empty(&name, &attrs);
        return Start::Done;
    }
    out.open(&name, &attrs);
    if !has_children {
        out.close(&name);
        return Start::Done;
    }
    Start::Open(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xhtml(html: &str) -> (String, Vec<String>) {
        let mut l = Linker::new("https://ex.org/");
        l.chapters.insert("", "c0.xhtml".into());
        l.chapters.insert("s1/", "c1.xhtml".into());
        l.media
            .insert("f.png", ("media/m0.png".into(), "image/png"));
        let mut out = Xml::document(None);
        let found = fragment(html, "s1/", &l, &mut out);
        let text = String::from_utf8(out.into_bytes()).unwrap();
        let body = text.split_once('\n').unwrap().1.to_string();
        // Well-formed: an XML parser reads it.
        let wrapped = format!("<div xmlns=\"{HTML_NS}\">{body}</div>");
        roxmltree::Document::parse(&wrapped).unwrap_or_else(|e| panic!("{e}: {wrapped}"));
        (body, found.media.iter().map(|m| m.to_string()).collect())
    }

    #[test]
    fn html_becomes_well_formed_xhtml() {
        assert_eq!(
            xhtml("<p>a<br>b & c<img src=\"../f.png\"><hr><p>unclosed <b>x <i>y</b> z").0,
            "<p>a<br/>b &amp; c<img src=\"media/m0.png\" alt=\"\"/></p><hr/><p>unclosed <b>x <i>y</i></b><i> z</i></p>"
        );
        assert_eq!(xhtml("<img src=\"../f.png\">").1, ["f.png"]);
    }

    #[test]
    fn what_a_book_must_not_carry_is_left_out() {
        let (out, _) = xhtml(
            "<p onclick=\"x()\" id=\"2.1\" x:y=\"1\">t</p><script>alert(1)</script><style>p{}</style>\
             <a href=\"javascript:alert(1)\">j</a><a href=\"../#top\">h</a><font>kept</font>\
             <img src=\"https://ex.org/remote.png\" alt=\"Remote\"><iframe src=x>in</iframe><!-- c -->",
        );
        assert_eq!(
            out,
            "<p id=\"q-2.1\">t</p><a>j</a><a href=\"c0.xhtml#top\">h</a>keptRemote"
        );
    }

    #[test]
    fn svg_and_mathml_get_their_namespaces() {
        let (out, _) =
            xhtml("<svg viewBox=\"0 0 1 1\"><circle r=\"1\"/></svg><math><mi>x</mi></math>");
        assert!(
            out.starts_with(&format!("<svg xmlns=\"{SVG_NS}\"")),
            "{out}"
        );
        assert!(
            out.contains(&format!("<math xmlns=\"{MATHML_NS}\"><mi>x</mi></math>")),
            "{out}"
        );
    }
}
