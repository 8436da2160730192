//! The XML writer every EPUB file is written with: quick-xml puts the markup together, and every
//! text and attribute value goes through `escape::xml`, which also replaces the characters XML
//! forbids, so no string from content can end an element or make the file ill-formed.

use crate::escape;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;

pub struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    /// A document: the XML declaration, then `doctype` (e.g. `html`) when given.
    pub fn document(doctype: Option<&str>) -> Xml {
        let mut xml = Xml {
            w: Writer::new(Vec::with_capacity(16 * 1024)),
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml.newline();
        if let Some(d) = doctype {
            xml.event(Event::DocType(BytesText::from_escaped(d)));
            xml.newline();
        }
        xml
    }

    // Writing into a Vec cannot fail.
    fn event(&mut self, e: Event) {
        let _ = self.w.write_event(e);
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attrs {
            start.push_attribute(Attribute {
                key: QName(key),
                value: Cow::Owned(escape::xml(value)),
            });
        }
        start
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attrs)));
    }

    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name …/>`, for void elements.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attrs)));
    }

    pub fn text(&mut self, s: &str) {
        self.event(Event::Text(BytesText::from_escaped(escape::xml(s))));
    }

    /// `<name …>text</name>`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        self.text(text);
        self.close(name);
    }

    pub fn newline(&mut self) {
        self.w.get_mut().push(b'\n');
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.w.into_inner()
    }
}

/// Whether `name` can be written as an XML element or attribute name as it is: ASCII letters,
/// digits, `_`, `-` and `.`, not starting with a digit, `-` or `.` (no prefix; namespaced names
/// are written by the caller).
pub fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !name.to_ascii_lowercase().starts_with("xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_and_forbidden_characters_replaced() {
        let mut x = Xml::document(Some("html"));
        x.element("p", &[("title", "\"><x a='1'>")], "</p>]]>&\u{7}");
        let out = String::from_utf8(x.into_bytes()).unwrap();
        assert_eq!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<p title=\"&quot;&gt;&lt;x a=&#39;1&#39;&gt;\">&lt;/p&gt;]]&gt;&amp;\u{FFFD}</p>"
        );
    }

    #[test]
    fn only_plain_names_pass() {
        for ok in ["a", "data-x", "h1", "_x", "aria-label"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in ["", "1a", "-a", "a\"b", "x:y", "on mouse", "xmlns", "é"] {
            assert!(!is_plain_name(bad), "{bad}");
        }
    }
}
