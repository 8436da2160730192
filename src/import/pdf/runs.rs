//! A page's content stream interpreted for its text: each glyph shown, with its place on the
//! page (points from the top-left corner), size and face. Only the text operators and the
//! graphics-state matrix matter here; drawing is ignored.

use super::fonts::{self, Font};
use super::{Glyph, Link, Rule};
use crate::import::decode;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;

/// Decompressed content larger than this (per page or form) is not read.
const MAX_CONTENT_BYTES: usize = 64 * 1024 * 1024;
/// Forms drawn inside forms: deeper nesting is not followed (and a cycle ends here).
const MAX_FORM_DEPTH: usize = 4;
/// Rules kept per page, and segments per path: a table needs a few hundred; a drawing of
/// millions of strokes must not hold the memory.
const MAX_RULES: usize = 20_000;
const MAX_PATH: usize = 4096;
/// A filled rectangle no thicker than this (points) is drawn as a rule (Word and Skia draw table
/// borders so).
const RULE_THICKNESS: f32 = 3.0;

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
    /// The path being built, in page coordinates: straight segments, and rectangles apart
    /// (a thin filled rectangle is a rule, a filled straight segment is not).
    segments: Vec<[f32; 4]>,
    rects: Vec<[f32; 4]>,
    current: Option<(f32, f32)>,
    start: Option<(f32, f32)>,
    rules: Vec<Rule>,
}

/// What a page shows that reading needs: its glyphs in content-stream order, the straight
/// rules it draws (table borders), and its size in points.
pub struct Page {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Its link annotations to URIs.
    pub links: Vec<Link>,
    pub width: f32,
    pub height: f32,
}

/// What page `page_id` shows.
pub fn page(doc: &Document, page_id: ObjectId) -> Page {
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
        segments: Vec::new(),
        rects: Vec::new(),
        current: None,
        start: None,
        rules: Vec::new(),
    };
    if let Ok(bytes) = doc.get_page_content_with_limit(page_id, MAX_CONTENT_BYTES) {
        let resources = doc.get_page_resources(page_id).ok().and_then(|(r, _)| r);
        it.run(&bytes, resources, 0);
    }
    let links = links(doc, page_id, (x0, y0), y1 - y0);
    let mut glyphs = it.glyphs;
    for g in &mut glyphs {
        let (x, y) = (g.x + g.width / 2.0, g.y - 0.3 * g.size);
        g.link = links
            .iter()
            .position(|l| x >= l.x0 && x <= l.x1 && y >= l.y0 && y <= l.y1);
    }
    Page {
        glyphs,
        rules: it.rules,
        links,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// Links kept per page.
const MAX_LINKS: usize = 10_000;

/// The page's `/Link` annotations whose action opens a URI, in page coordinates.
fn links(doc: &Document, page_id: ObjectId, origin: (f32, f32), height: f32) -> Vec<Link> {
    let mut out = Vec::new();
    for a in doc.get_page_annotations(page_id).unwrap_or_default() {
        if out.len() >= MAX_LINKS {
            break;
        }
        if a.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Link") {
            continue;
        }
        let Some(action) = a.get_deref(b"A", doc).and_then(Object::as_dict).ok() else {
            continue;
        };
        let uri = match action.get_deref(b"URI", doc) {
            Ok(Object::String(bytes, _)) => String::from_utf8_lossy(bytes).trim().to_string(),
            _ => continue,
        };
        let rect: Vec<f32> = a
            .get_deref(b"Rect", doc)
            .and_then(Object::as_array)
            .map(|r| r.iter().filter_map(|o| o.as_float().ok()).collect())
            .unwrap_or_default();
        let [xa, ya, xb, yb] = rect[..] else { continue };
        let clean = uri.chars().all(|c| !c.is_control() && !c.is_whitespace());
        if uri.is_empty() || !clean || ![xa, ya, xb, yb].iter().all(|v| v.is_finite()) {
            continue;
        }
        out.push(Link {
            x0: xa.min(xb) - origin.0,
            x1: xa.max(xb) - origin.0,
            y0: height - (ya.max(yb) - origin.1),
            y1: height - (ya.min(yb) - origin.1),
            uri,
        });
    }
    out
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
                "m" => {
                    let p = self.point(num(a.first()), num(a.get(1)));
                    self.current = Some(p);
                    self.start = Some(p);
                }
                "l" => {
                    let p = self.point(num(a.first()), num(a.get(1)));
                    if let Some(c) = self.current {
                        self.segment(c, p);
                    }
                    self.current = Some(p);
                }
                "h" => {
                    if let (Some(c), Some(s)) = (self.current, self.start) {
                        self.segment(c, s);
                    }
                    self.current = self.start;
                }
                "c" | "v" | "y" => {
                    // Curves are not rules; the path goes on from their end.
                    let n = a.len();
                    if n >= 2 {
                        self.current = Some(self.point(num(a.get(n - 2)), num(a.get(n - 1))));
                    }
                }
                "re" if a.len() == 4 => {
                    let (x, y, w, h) =
                        (num(a.first()), num(a.get(1)), num(a.get(2)), num(a.get(3)));
                    let p = self.point(x, y);
                    let q = self.point(x + w, y + h);
                    if self.rects.len() < MAX_PATH {
                        self.rects
                            .push([p.0.min(q.0), p.1.min(q.1), p.0.max(q.0), p.1.max(q.1)]);
                    }
                    self.current = Some(p);
                    self.start = Some(p);
                }
                "S" | "s" => self.paint(true, false),
                "f" | "F" | "f*" => self.paint(false, true),
                "B" | "B*" | "b" | "b*" => self.paint(true, true),
                "n" => self.paint(false, false),
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = a.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, resources, depth);
                    }
                }
                _ => {}
            }
        }
    }

    /// A point of user space on the page, in points from its top-left corner.
    fn point(&self, x: f32, y: f32) -> (f32, f32) {
        let m = &self.ctm;
        let px = x * m[0] + y * m[2] + m[4] - self.origin.0;
        let py = x * m[1] + y * m[3] + m[5] - self.origin.1;
        (px, self.height - py)
    }

    fn segment(&mut self, a: (f32, f32), b: (f32, f32)) {
        if self.segments.len() < MAX_PATH {
            self.segments.push([a.0, a.1, b.0, b.1]);
        }
    }

    /// Ends the path: its straight stroked segments and rectangle edges, and its thin filled
    /// rectangles, are kept as rules (horizontal or vertical only).
    fn paint(&mut self, stroke: bool, fill: bool) {
        let segments = std::mem::take(&mut self.segments);
        let rects = std::mem::take(&mut self.rects);
        self.current = None;
        self.start = None;
        let mut found = Vec::new();
        if stroke {
            found.extend(segments.iter().copied());
            for [x0, y0, x1, y1] in &rects {
                found.extend([
                    [*x0, *y0, *x1, *y0],
                    [*x0, *y1, *x1, *y1],
                    [*x0, *y0, *x0, *y1],
                    [*x1, *y0, *x1, *y1],
                ]);
            }
        }
        if fill {
            for [x0, y0, x1, y1] in &rects {
                let (w, h) = (x1 - x0, y1 - y0);
                if h <= RULE_THICKNESS && w > h {
                    let y = (y0 + y1) / 2.0;
                    found.push([*x0, y, *x1, y]);
                } else if w <= RULE_THICKNESS && h > w {
                    let x = (x0 + x1) / 2.0;
                    found.push([x, *y0, x, *y1]);
                }
            }
        }
        for [x0, y0, x1, y1] in found {
            if self.rules.len() >= MAX_RULES || ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
                break;
            }
            if let Some(rule) = Rule::new(x0, y0, x1, y1) {
                self.rules.push(rule);
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
                    link: None,
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
