//! `quire import FILE.pdf`: the PDF read natively, with its layout. PDF bytes → pages → glyphs
//! with their place, size and face (`runs`, `fonts`) → lines in reading order, two-column pages
//! column by column (`lines`) → lines with layout evidence, furniture and headings marked
//! (`layout`) → the text the text importer takes (`text`). The evidence (`PdfText::lines`) is
//! public so the outline stage can use it directly later.
//!
//! The reader is a thin layer on `lopdf` (parsing, decryption, stream filters, encodings and
//! `/ToUnicode` maps); README.md ("Choices") gives the comparison that chose it.

mod cells;
mod fonts;
mod grid;
mod layout;
pub mod lines;
pub mod metadata;
mod runs;
mod text;

pub use layout::masked;
pub use metadata::Metadata;

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// One glyph shown on a page: its text (usually one character, several for a ligature), the
/// left end of its baseline in points from the page's top-left corner, its advance width and
/// font size in points, and its face.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub small_caps: bool,
    /// The link annotation over the glyph (an index into its page's links).
    pub link: Option<usize>,
}

/// A link annotation of a page: where it is (points from the top-left corner) and its URI.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub uri: String,
}

/// A straight horizontal or vertical rule drawn on a page (a table border), in points from the
/// page's top-left corner, ends ordered (`x0 <= x1`, `y0 <= y1`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    /// The rule from one end to the other, if it is horizontal or vertical and not a dot.
    pub fn new(xa: f32, ya: f32, xb: f32, yb: f32) -> Option<Rule> {
        let (x0, x1) = (xa.min(xb), xa.max(xb));
        let (y0, y1) = (ya.min(yb), ya.max(yb));
        let straight = (y1 - y0 <= 0.5 && x1 - x0 >= 1.0) || (x1 - x0 <= 0.5 && y1 - y0 >= 1.0);
        straight.then_some(Rule { x0, y0, x1, y1 })
    }

    pub fn is_horizontal(&self) -> bool {
        self.y1 - self.y0 <= 0.5
    }
}

/// Where on its page a line stands: page furniture lives in the top and bottom bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Top,
    Body,
    Bottom,
}

/// What the layout says a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Body,
    Heading,
    /// Running header or footer, page number: removed from the text.
    Furniture,
    /// A row of a table drawn with rules, its cells' text joined by ` | `, each cell whole.
    Table,
    /// A footnote at the foot of a page or column (small print, starting with its marker):
    /// kept apart from the body text as a Markdown footnote definition.
    Footnote,
}

/// A line in reading order with its layout evidence.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    /// 1-based page number.
    pub page: usize,
    /// 0 on single-column pages (and for full-width lines), 1 or 2 in a two-column layout.
    pub column: u8,
    /// Left and right ends and baseline, in points from the page's top-left corner.
    pub x: f32,
    pub x_end: f32,
    pub y: f32,
    pub size: f32,
    /// Font size over the body text size (the size most text is set in).
    pub rel_size: f32,
    pub bold: bool,
    pub italic: bool,
    /// Set wholly in a caps-and-small-caps face.
    pub small_caps: bool,
    pub band: Band,
    /// Distance from the left edge of the line's column, in points.
    pub indent: f32,
    /// Distance from the previous line's baseline in the same page and column, in points.
    pub gap: Option<f32>,
    pub role: Role,
}

/// A PDF read: its text for the text importer, the evidence behind it, what was removed.
#[derive(Debug)]
pub struct PdfText {
    pub text: String,
    pub lines: Vec<Line>,
    /// The headings found by layout, each whole (a heading set on two lines is one).
    pub headings: Vec<String>,
    /// What each line of `text` is by its layout, for the text stages.
    pub hints: crate::import::hints::Hints,
    pub summary: Summary,
}

/// What reading a PDF found, for the import's closing report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    /// Furniture removed: each text as printed, with how many times.
    pub furniture: BTreeMap<String, usize>,
    pub headings: usize,
    pub paragraphs: usize,
    pub metadata: Metadata,
}

/// Does `bytes` hold a PDF? (Recognised by its header, wherever it stands in the first KiB, as
/// readers do; not by the file's name.)
pub fn is_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// Reads the PDF `bytes` (from `path`, named in errors). Never panics: a reader failure on a
/// damaged file is reported as a damaged file.
pub fn read(bytes: &[u8], path: &Path) -> Result<PdfText> {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_pdf(bytes)));
    match read {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(problem)) => Err(Error::file(path, problem.message())),
        Err(_) => Err(Error::file(
            path,
            Problem::Damaged("the reader failed on it".into()).message(),
        )),
    }
}

#[derive(Debug)]
enum Problem {
    Damaged(String),
    Encrypted,
    NoText,
}

impl Problem {
    fn message(&self) -> String {
        match self {
            Problem::Damaged(detail) => format!(
                "is a damaged PDF ({detail}); open it in a PDF viewer and save or export it again, then import the new file"
            ),
            Problem::Encrypted => "is an encrypted PDF and needs a password; save a copy without the password (e.g. print it to PDF) and import that".into(),
            Problem::NoText => "has no text layer (a scanned document?); it needs OCR first, e.g. `ocrmypdf FILE.pdf OUT.pdf`, then import the result".into(),
        }
    }
}

fn read_pdf(bytes: &[u8]) -> std::result::Result<PdfText, Problem> {
    let doc = match lopdf::Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            let detail = e.to_string();
            let lower = detail.to_lowercase();
            if lower.contains("decrypt") || lower.contains("password") || lower.contains("encrypt")
            {
                return Err(Problem::Encrypted);
            }
            return Err(Problem::Damaged(first_line(&detail)));
        }
    };
    if doc.is_encrypted() {
        return Err(Problem::Encrypted);
    }
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(Problem::Damaged("no pages found".into()));
    }
    let mut pages = Vec::new();
    let mut chars = 0;
    for (&number, &id) in &page_ids {
        let page = runs::page(&doc, id);
        let (width, height) = (page.width, page.height);
        chars += page
            .glyphs
            .iter()
            .filter(|g| !g.text.trim().is_empty())
            .count();
        let (glyphs, rows) = cells::take_tables(page.glyphs, &page.rules, &page.links);
        let mut fragments = lines::fragments(&glyphs, &page.links);
        fragments.extend(rows);
        let raw = lines::lines(fragments, width);
        pages.push((number as usize, height, raw));
    }
    if chars < 10 || chars < page_ids.len() * 5 {
        return Err(Problem::NoText);
    }
    let mut lines = layout::evidence(pages);
    let furniture = layout::mark_furniture(&mut lines);
    layout::mark_footnotes(&mut lines);
    layout::mark_headings(&mut lines);
    let text::Rendered {
        text,
        headings,
        paragraphs,
        hints,
    } = text::render(&lines);
    let heading_count = headings.len();
    Ok(PdfText {
        text,
        lines,
        headings,
        hints,
        summary: Summary {
            pages: page_ids.len(),
            furniture,
            headings: heading_count,
            paragraphs,
            metadata: metadata::read(&doc),
        },
    })
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("unreadable").trim();
    line.chars().take(120).collect()
}
