//! `quire import`: a proceedings text (as extracted from a PDF) in, structured Markdown pages and
//! data files out. Each step is a pure function a test can call alone:
//! clean (lines) → blocks (paragraphs, lists, rejoined) → outline (pages and their nodes,
//! with the table and people parsed) → emit (files) → write (manifest-checked, atomic).

pub mod blocks;
pub mod clean;
pub mod coverage;
pub mod decode;
pub mod emit;
pub mod footnotes;
pub mod furniture;
pub mod glossary;
pub mod heading;
pub mod hints;
pub mod outline;
pub mod participants;
pub mod pdf;
pub mod people;
pub mod plan_view;
pub mod profile;
pub mod reimport;
pub mod site;
pub mod table;
pub mod title;
pub mod write;

use crate::error::{Error, Result};
use emit::OutFile;
use outline::Node;
use profile::Profile;
use std::path::Path;

/// What one import did, for the closing report.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Report {
    pub pages: usize,
    pub data_files: usize,
    pub headers_removed: usize,
    pub paragraphs_rejoined: usize,
    pub table_rows: usize,
    pub bullets_split: usize,
    pub acronyms: usize,
    /// Invisible characters removed (controls, bidi controls, zero-width, soft hyphens).
    pub chars_removed: usize,
    /// Ligature glyphs expanded.
    pub ligatures: usize,
    /// `file:line: message` for anything the importer was unsure of.
    pub warnings: Vec<String>,
    /// What reading a PDF found and removed (absent for a text seed).
    pub pdf: Option<pdf::Summary>,
    /// Every line removed (page furniture, contents list, page numbers), with its rule and line.
    pub removed: Vec<furniture::Removal>,
    /// Share of the kept input's 6-word sequences found in the output files (0.0–1.0).
    pub coverage: f64,
}

impl Report {
    /// How many lines each rule removed, e.g. `[("page number", 24), …]`.
    pub fn removed_by_rule(&self) -> Vec<(&'static str, usize)> {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for r in &self.removed {
            match counts.iter_mut().find(|(rule, _)| *rule == r.rule) {
                Some((_, n)) => *n += 1,
                None => counts.push((r.rule, 1)),
            }
        }
        counts
    }
}

#[derive(Debug)]
pub struct Import {
    pub files: Vec<OutFile>,
    /// The title page, for `site.yaml`.
    pub outline_front: outline::Front,
    /// The pages with their source lines, for `--dry-run`.
    pub outline_pages: Vec<plan_view::PageLine>,
    pub report: Report,
}

/// Reads and imports the seed at `path`, a text or a PDF (told apart by the bytes, not the
/// name), with a one-line error for anything unreadable.
pub fn import_file(path: &Path, profile: &Profile) -> Result<Import> {
    if !path.exists() {
        return Err(Error::file(
            path,
            "no such file; give the path of a proceedings PDF or text file (.txt)",
        ));
    }
    let bytes = decode::read(path)?;
    if pdf::is_pdf(&bytes) {
        let read = pdf::read(&bytes, path)?;
        let mut import = import_text_with(&read.text, path, profile, &read.hints)?;
        import.report.headers_removed += read.summary.furniture.values().sum::<usize>();
        import.report.pdf = Some(read.summary);
        return Ok(import);
    }
    let decoded = decode::decode(&bytes, path)?;
    let mut import = import_text(&decoded.text, path, profile)?;
    if let Some(encoding) = decoded.guessed {
        import.report.warnings.insert(
            0,
            format!(
                "{}: not UTF-8; decoded as {encoding}: check accented letters and quotes, or save the file as UTF-8",
                path.display()
            ),
        );
    }
    Ok(import)
}

/// Imports proceedings `text`; `path` is used in messages only.
pub fn import_text(text: &str, path: &Path, profile: &Profile) -> Result<Import> {
    import_text_with(text, path, profile, &hints::Hints::default())
}

/// `import_text` with the layout's hints on the text's lines (from the PDF reader).
pub fn import_text_with(
    text: &str,
    path: &Path,
    profile: &Profile,
    hints: &hints::Hints,
) -> Result<Import> {
    let analysis = analyse_with(text, path, profile, hints)?;
    let files = emit::emit(&analysis.outline, &analysis.glossary, profile)?;
    let data_files = files
        .iter()
        .filter(|f| f.path.starts_with("_data/"))
        .count();
    let removed_lines: std::collections::BTreeSet<usize> =
        analysis.report.removed.iter().map(|r| r.line).collect();
    let kept: String = text
        .split('\n')
        .enumerate()
        .filter(|(i, _)| !removed_lines.contains(&(i + 1)))
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n");
    let output: String = files
        .iter()
        .map(|f| String::from_utf8_lossy(&f.bytes))
        .collect::<Vec<_>>()
        .join("\n");
    let report = Report {
        pages: files.len() - data_files,
        data_files,
        coverage: coverage::coverage(&kept, &output),
        ..analysis.report
    };
    Ok(Import {
        files,
        report,
        outline_pages: plan_view::pages(&analysis.outline, text.split('\n').count()),
        outline_front: analysis.outline.front,
    })
}

/// The structure found in a text, before it is written out as files.
#[derive(Debug)]
pub struct Analysis {
    pub outline: outline::Outline,
    pub glossary: Vec<glossary::Term>,
    /// Counts of the repairs; `pages` and `data_files` are filled in by `import_text`.
    pub report: Report,
}

/// Runs every step up to the outline and glossary.
pub fn analyse(text: &str, path: &Path, profile: &Profile) -> Result<Analysis> {
    analyse_with(text, path, profile, &hints::Hints::default())
}

/// `analyse` with the layout's hints (`hints.rs`), which the outline stage consults.
pub fn analyse_with(
    text: &str,
    path: &Path,
    profile: &Profile,
    hints: &hints::Hints,
) -> Result<Analysis> {
    let decoded = decode::clean_chars(text);
    let text = decoded.text;
    if text.trim().is_empty() {
        return Err(Error::file(
            path,
            "the file is empty; import needs the text of the proceedings",
        ));
    }
    let mut lines = clean::split_lines(&text);
    let headers = clean::running_headers(&lines, &profile.running_headers);
    let first_text_line = lines.iter().position(|l| !l.text.trim().is_empty());
    let subtitle = headers
        .iter()
        .find(|h| {
            lines
                .iter()
                .take(first_text_line.map_or(0, |i| i + 6))
                .any(|l| l.text.trim() == h.as_str())
        })
        .cloned();
    let mut removed = furniture::strip_paginated(&mut lines, &furniture::page_breaks(&text));
    for line in &lines {
        let t = line.text.trim();
        if !t.is_empty() && (headers.iter().any(|h| h == t) || clean::is_page_number(t)) {
            let rule = if clean::is_page_number(t) {
                furniture::PAGE_NUMBER
            } else {
                furniture::RUNNING
            };
            removed.push(furniture::Removal {
                rule,
                line: line.no,
                text: t.to_string(),
            });
        }
    }
    let headers_removed = clean::strip_page_furniture(&mut lines, &headers);
    let (toc, contents_removed) = furniture::strip_contents(&mut lines);
    removed.extend(contents_removed);
    removed.sort_by_key(|r| r.line);
    let notes = footnotes::extract(&mut lines, &furniture::page_breaks(&text));
    let numbered = heading::scan(&lines);
    let (blocks, rejoined) = blocks::rejoin(blocks::split_blocks(&lines, &numbered));
    let vocab = profile.vocabulary();
    let mut outline = outline::outline_with(
        &blocks,
        subtitle.as_deref(),
        toc,
        &profile.errata,
        &vocab,
        hints,
    )
    .map_err(|e| Error::file(path, format!("no recognisable structure: {}", e.0)))?;
    participants::recover(&mut outline, &lines, &vocab.people_words(), &profile.errata);
    footnotes::place(&mut outline, notes);
    let glossary = glossary::collect(
        std::iter::once(node_texts(&outline.front.body))
            .chain(outline.units.iter().map(|u| node_texts(&u.nodes)))
            .flatten(),
    );
    let report = Report {
        // The header on the title page is the subtitle, not page furniture.
        headers_removed: removed
            .iter()
            .filter(|r| r.rule == furniture::RUNNING)
            .count()
            - usize::from(subtitle.is_some() && headers_removed > 0),
        paragraphs_rejoined: rejoined,
        table_rows: outline.table_rows,
        bullets_split: outline.bullets_split,
        acronyms: glossary.len(),
        chars_removed: decoded.removed,
        ligatures: decoded.ligatures,
        warnings: outline
            .warnings
            .iter()
            .map(|(line, m)| format!("{}:{line}: {m}", path.display()))
            .collect(),
        removed,
        ..Report::default()
    };
    Ok(Analysis {
        outline,
        glossary,
        report,
    })
}

fn node_texts(nodes: &[Node]) -> Vec<&str> {
    let mut out = Vec::new();
    for node in nodes {
        match node {
            Node::Para(t) => out.push(t.as_str()),
            Node::List { items, .. } => out.extend(items.iter().map(String::as_str)),
            Node::Table(t) => out.extend(t.rows.iter().flatten().map(String::as_str)),
            Node::Heading { .. } | Node::People { .. } => {}
        }
    }
    out
}
