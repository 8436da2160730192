//! A page's fonts as the text reader needs them: codes to Unicode (the font's `/ToUnicode` map
//! first, as the PDF specification asks, then its `/Encoding`), the advance width of each code
//! (to place the next glyph), and whether the face is bold or italic (from its name and
//! descriptor, since PDFs carry no other weight).

use lopdf::{Dictionary, Document, Encoding, Object};
use std::collections::HashMap;

/// Decompressed font data (a `/ToUnicode` map) larger than this is not read: no real map comes
/// near it, and a crafted stream must not inflate without limit.
const MAX_MAP_BYTES: usize = 4 * 1024 * 1024;

pub struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Type 0 (composite) fonts use two-byte codes (Identity-H, the usual case).
    two_byte: bool,
    widths: HashMap<u32, f32>,
    default_width: f32,
    pub bold: bool,
    pub italic: bool,
    /// A caps-and-small-caps face (LaTeX sets section headings in one, at the body size).
    pub small_caps: bool,
}

/// The font dictionaries of a page, copied with `/Encoding` removed where a `/ToUnicode` map
/// exists, so that lopdf's encoding lookup (which prefers `/Encoding`) uses the map.
pub fn prepared(doc: &Document, fonts: Vec<(Vec<u8>, &Dictionary)>) -> Vec<(Vec<u8>, Dictionary)> {
    fonts
        .into_iter()
        .map(|(name, dict)| {
            let mut dict = dict.clone();
            let has_map = dict
                .get_deref(b"ToUnicode", doc)
                .is_ok_and(|o| o.as_stream().is_ok());
            if has_map {
                dict.remove(b"Encoding");
            }
            (name, dict)
        })
        .collect()
}

impl<'a> Font<'a> {
    pub fn new(doc: &'a Document, dict: &'a Dictionary) -> Font<'a> {
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0");
        let encoding = dict.get_font_encoding_with_limit(doc, MAX_MAP_BYTES).ok();
        let (widths, default_width) = if two_byte {
            cid_widths(doc, dict)
        } else {
            simple_widths(doc, dict)
        };
        let (bold, italic, small_caps) = style(doc, dict);
        Font {
            encoding,
            two_byte,
            widths,
            default_width,
            bold,
            italic,
            small_caps,
        }
    }

    /// The codes of a shown string, each with its bytes.
    pub fn codes<'s>(&self, bytes: &'s [u8]) -> impl Iterator<Item = (u32, &'s [u8])> + 's {
        let step = if self.two_byte { 2 } else { 1 };
        bytes.chunks(step).map(|c| {
            let code = c.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
            (code, c)
        })
    }

    /// The text of one code; empty when the font gives no way to know it.
    pub fn text(&self, code: u32, bytes: &[u8]) -> String {
        match &self.encoding {
            Some(encoding) => encoding.bytes_to_string(bytes).unwrap_or_default(),
            None if !self.two_byte => char::from_u32(code)
                .filter(|c| c.is_ascii_graphic() || *c == ' ')
                .map(String::from)
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    /// Advance width of a code, in thousandths of the font size.
    pub fn width(&self, code: u32) -> f32 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
    }

    pub fn is_single_byte(&self) -> bool {
        !self.two_byte
    }
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map_or(o, |(_, o)| o)
}

fn simple_widths(doc: &Document, dict: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let mut widths = HashMap::new();
    let first = dict
        .get_deref(b"FirstChar", doc)
        .ok()
        .and_then(number)
        .unwrap_or(0.0)
        .max(0.0) as u32;
    if let Ok(array) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
        for (i, w) in array.iter().enumerate().take(65536) {
            if let Some(w) = number(deref(doc, w)) {
                widths.insert(first + i as u32, w);
            }
        }
    }
    let missing = descriptor(doc, dict)
        .and_then(|d| d.get(b"MissingWidth").ok().and_then(number))
        .unwrap_or(500.0);
    (widths, missing)
}

/// `/W` of the descendant font: `c [w1 w2 …]` and `c_first c_last w` entries.
fn cid_widths(doc: &Document, dict: &Dictionary) -> (HashMap<u32, f32>, f32) {
    let mut widths = HashMap::new();
    let Some(cid) = descendant(doc, dict) else {
        return (widths, 1000.0);
    };
    let default = cid
        .get_deref(b"DW", doc)
        .ok()
        .and_then(number)
        .unwrap_or(1000.0);
    if let Ok(w) = cid.get_deref(b"W", doc).and_then(Object::as_array) {
        let mut i = 0;
        while i < w.len() && widths.len() < 65536 {
            let Some(first) = number(deref(doc, &w[i])) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| deref(doc, o)) {
                Some(Object::Array(list)) => {
                    for (k, v) in list.iter().enumerate().take(65536) {
                        if let Some(v) = number(deref(doc, v)) {
                            widths.insert(first + k as u32, v);
                        }
                    }
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(v)) = (
                        number(last),
                        w.get(i + 2).and_then(|o| number(deref(doc, o))),
                    ) else {
                        break;
                    };
                    let last = (last.max(0.0) as u32).min(first.saturating_add(65535));
                    for c in first..=last {
                        widths.insert(c, v);
                    }
                    i += 3;
                }
                None => break,
            }
        }
    }
    (widths, default)
}

fn descendant<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let list = dict
        .get_deref(b"DescendantFonts", doc)
        .ok()?
        .as_array()
        .ok()?;
    deref(doc, list.first()?).as_dict().ok()
}

fn descriptor<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let own = dict
        .get_deref(b"FontDescriptor", doc)
        .and_then(Object::as_dict);
    match own {
        Ok(d) => Some(d),
        Err(_) => descendant(doc, dict)?
            .get_deref(b"FontDescriptor", doc)
            .and_then(Object::as_dict)
            .ok(),
    }
}

/// Bold and italic from the face name (`Arial-BoldMT`, `CMBX10`, `NimbusRomNo9L-Medi`,
/// `Times,Italic`) and the descriptor's weight and flags.
fn style(doc: &Document, dict: &Dictionary) -> (bool, bool, bool) {
    let name = dict
        .get_deref(b"BaseFont", doc)
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).to_ascii_lowercase())
        .unwrap_or_default();
    // Subset fonts are named `ABCDEF+Face`.
    let face = name.rsplit('+').next().unwrap_or("");
    let mut bold = [
        "bold", "black", "heavy", "semibold", "demi", "medi", "cmbx", "cmb10",
    ]
    .iter()
    .any(|w| face.contains(w));
    let mut italic = ["italic", "oblique", "ital", "cmti", "cmsl", "-it"]
        .iter()
        .any(|w| face.contains(w));
    let small_caps = ["caps", "cmcsc", "smcp", "-sc"]
        .iter()
        .any(|w| face.contains(w));
    if let Some(d) = descriptor(doc, dict) {
        let weight = d.get(b"FontWeight").ok().and_then(number).unwrap_or(0.0);
        let flags = d.get(b"Flags").ok().and_then(number).unwrap_or(0.0) as u32;
        bold |= weight >= 600.0 || flags & (1 << 18) != 0;
        italic |= flags & (1 << 6) != 0;
    }
    (bold, italic, small_caps)
}
