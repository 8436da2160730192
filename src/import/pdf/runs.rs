//! A page's content stream interpreted for its text: each glyph shown, with its place on the
//! page (points from the top-left corner), size and face. Only the text operators and the
//! graphics-state matrix matter here; drawing is ignored.

use super::fonts::{self, Font};
use super::Glyph;
use crate::import::decode;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// Decompressed content larger than this (per page or form) is not read.
const MAX_CONTENT_BYTES: usize = 64 * 1024 * 1024;
/// Forms drawn inside forms: deeper nesting is not followed (and a cycle ends here).
const MAX_FORM_DEPTH: usize = 4;

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn translate(x: f32, y: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, x, y]
}

#[derive(Clone)]
struct TextState {
    font: Option<Vec<u8>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

struct Interpreter<'d, 'f> {
    doc: &'d Document,
    fonts: &'f HashMap<Vec<u8>, Font<'f>>,
    /// Media box origin and height: page coordinates are turned top-down.
    origin: (f32, f32),
    height: f32,
    ctm: Matrix,
    stack: Vec<(Matrix, TextState)>,
    tm: Matrix,
    tlm: Matrix,
    ts: TextState,
    glyphs: Vec<Glyph>,
}

/// The glyphs of page `page_id`, in content-stream order, and the page's size.
pub fn page_glyphs(doc: &Document, page_id: ObjectId) -> (Vec<Glyph>, f32, f32) {
    let (x0, y0, x1, y1) = media_box(doc, page_id);
    let dicts = fonts::prepared(
        doc,
        doc.get_page_fonts(page_id)
            .unwrap_or_default()
            .into_iter()
            .collect(),
    );
    let fonts: HashMap<Vec<u8>, Font> = dicts
        .iter()
        .map(|(name, dict)| (name.clone(), Font::new(doc, dict)))
        .collect();
    let mut it = Interpreter {
        doc,
        fonts: &fonts,
        origin: (x0, y0),
        height: y1 - y0,
        ctm: IDENTITY,
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        ts: TextState {
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        },
        glyphs: Vec::new(),
    };
    if let Ok(bytes) = doc.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES) {
        let resources = doc.get_page_resources(page_id).ok().and_then(|(r, _)| r);
        it.run(&bytes, resources, 0);
    }
    (it.glyphs, x1 - x0, y1 - y0)
}

fn media_box(doc: &Document, page_id: ObjectId) -> (f32, f32, f32, f32) {
    let mut dict = doc.get_dictionary(page_id).ok();
    for _ in 0..32 {
        let Some(d) = dict else { break };
        if let Ok(array) = d.get_deref(b"MediaBox", doc).and_then(Object::as_array) {
            let n: Vec<f32> = array.iter().filter_map(|o| o.as_float().ok()).collect();
            if let [a, b, c, e] = n[..] {
                if (c - a).abs() > 1.0 && (e - b).abs() > 1.0 {
                    return (a.min(c), b.min(e), a.max(c), b.max(e));
                }
            }
        }
        dict = d.get_deref(b"Parent", doc).and_then(Object::as_dict).ok();
    }
    (0.0, 0.0, 612.0, 792.0)
}

fn num(o: Option<&Object>) -> f32 {
    o.and_then(|o| o.as_float().ok())
        .filter(|f| f.is_finite())
        .unwrap_or(0.0)
}

impl Interpreter<'_, '_> {
    fn run(&mut self, bytes: &[u8], resources: Option<&Dictionary>, depth: usize) {
        let Ok(content) = Content::decode(bytes) else {
            return;
        };
        for op in &content.operations {
            let a = &op.operands;
            match op.operator.as_str() {
                "q" => self.stack.push((self.ctm, self.ts.clone())),
                "Q" => {
                    if let Some((ctm, ts)) = self.stack.pop() {
                        self.ctm = ctm;
                        self.ts = ts;
                    }
                }
                "cm" if a.len() == 6 => {
                    let m = [0, 1, 2, 3, 4, 5].map(|i| num(a.get(i)));
                    self.ctm = mul(&m, &self.ctm);
                }
                "BT" => {
                    self.tm = IDENTITY;
                    self.tlm = IDENTITY;
                }
                "Tf" => {
                    self.ts.font = a.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec);
                    self.ts.size = num(a.get(1));
                }
                "Tc" => self.ts.char_space = num(a.first()),
                "Tw" => self.ts.word_space = num(a.first()),
                "Tz" => self.ts.scale = num(a.first()) / 100.0,
                "TL" => self.ts.leading = num(a.first()),
                "Ts" => self.ts.rise = num(a.first()),
                "Td" => self.next_line(num(a.first()), num(a.get(1))),
                "TD" => {
                    self.ts.leading = -num(a.get(1));
                    self.next_line(num(a.first()), num(a.get(1)));
                }
                "Tm" if a.len() == 6 => {
                    self.tm = [0, 1, 2, 3, 4, 5].map(|i| num(a.get(i)));
                    self.tlm = self.tm;
                }
                "T*" => self.next_line(0.0, -self.ts.leading),
                "Tj" => self.show(a.first()),
                "'" => {
                    self.next_line(0.0, -self.ts.leading);
                    self.show(a.first());
                }
                "\"" => {
                    self.ts.word_space = num(a.first());
                    self.ts.char_space = num(a.get(1));
                    self.next_line(0.0, -self.ts.leading);
                    self.show(a.get(2));
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for item in items {
                            match item {
                                Object::String(..) => self.show(Some(item)),
                                other => {
                                    let tx =
                                        -num(Some(other)) / 1000.0 * self.ts.size * self.ts.scale;
                                    self.tm = mul(&translate(tx, 0.0), &self.tm);
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = a.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, resources, depth);
                    }
                }
                _ => {}
            }
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = mul(&translate(tx, ty), &self.tlm);
        self.tm = self.tlm;
    }

    /// A form XObject's text, drawn with its own matrix. Its fonts are looked up by name in
    /// the page's fonts: forms of text documents reuse the page's resources.
    fn form(&mut self, name: &[u8], resources: Option<&Dictionary>, depth: usize) {
        let doc = self.doc;
        let Some(stream) = resources
            .and_then(|r| r.get_deref(b"XObject", doc).and_then(Object::as_dict).ok())
            .and_then(|x| x.get_deref(name, doc).and_then(Object::as_stream).ok())
        else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let Ok(bytes) = stream.get_plain_content_with_limit(MAX_CONTENT_BYTES) else {
            return;
        };
        let saved = (self.ctm, self.ts.clone(), self.tm, self.tlm);
        if let Ok(m) = stream.dict.get(b"Matrix").and_then(Object::as_array) {
            if m.len() == 6 {
                let m = [0, 1, 2, 3, 4, 5].map(|i| num(m.get(i)));
                self.ctm = mul(&m, &self.ctm);
            }
        }
        let inner = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .ok()
            .or(resources);
        self.run(&bytes, inner, depth + 1);
        (self.ctm, self.ts, self.tm, self.tlm) = saved;
    }

    fn show(&mut self, string: Option<&Object>) {
        let Some(Object::String(bytes, _)) = string else {
            return;
        };
        let Some(font) = self.ts.font.as_ref().and_then(|f| self.fonts.get(f)) else {
            return;
        };
        let ts = &self.ts;
        for (code, code_bytes) in font.codes(bytes) {
            let trm = mul(
                &[ts.size * ts.scale, 0.0, 0.0, ts.size, 0.0, ts.rise],
                &mul(&self.tm, &self.ctm),
            );
            let size = trm[2].hypot(trm[3]);
            let w0 = font.width(code) / 1000.0;
            let width = w0 * trm[0].hypot(trm[1]);
            // Ligature glyphs opened (`ﬁ` → `fi`), invisible characters dropped, as in a text seed.
            let text = decode::clean_chars(&font.text(code, code_bytes)).text;
            let x = trm[4] - self.origin.0;
            let y = self.height - (trm[5] - self.origin.1);
            if !text.is_empty() && size > 0.5 && size.is_finite() && x.is_finite() && y.is_finite()
            {
                self.glyphs.push(Glyph {
                    text,
                    x,
                    y,
                    width,
                    size,
                    bold: font.bold,
                    italic: font.italic,
                    small_caps: font.small_caps,
                });
            }
            let space = if font.is_single_byte() && code == 32 {
                ts.word_space
            } else {
                0.0
            };
            let tx = (w0 * ts.size + ts.char_space + space) * ts.scale;
            self.tm = mul(&translate(tx, 0.0), &self.tm);
        }
    }
}
