//! What `quire import --dry-run` shows before anything is written: the pages with their kind,
//! title, program label and the source lines each came from, and the lines removed by each rule.

use super::furniture::Removal;
use super::outline::Outline;

/// One page of the outline, e.g. `session  "Panel 2: Trade"  label Panel 2  lines 120–188`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLine {
    pub kind: String,
    pub title: String,
    pub label: Option<String>,
    /// First and last source line (1-based) the page was built from.
    pub lines: (usize, usize),
}

/// The home page (lines before the first unit) and every unit, each up to the next one's line.
pub fn pages(outline: &Outline, last_line: usize) -> Vec<PageLine> {
    let first = outline.units.first().map_or(last_line + 1, |u| u.line);
    let mut out = vec![PageLine {
        kind: "home".into(),
        title: outline.front.title.clone(),
        label: None,
        lines: (1, first.saturating_sub(1).max(1)),
    }];
    for (i, unit) in outline.units.iter().enumerate() {
        let end = outline
            .units
            .get(i + 1)
            .map_or(last_line, |next| next.line.saturating_sub(1).max(unit.line));
        let kind = serde_json::to_value(unit.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push(PageLine {
            kind,
            title: unit.title.clone(),
            label: unit.label.clone(),
            lines: (unit.line, end),
        });
    }
    out
}

/// `(rule, count, first line)` for the removed lines, in order of first appearance.
pub fn removals(removed: &[Removal]) -> Vec<(&'static str, usize, usize)> {
    let mut out: Vec<(&'static str, usize, usize)> = Vec::new();
    for r in removed {
        match out.iter_mut().find(|(rule, _, _)| *rule == r.rule) {
            Some((_, n, first)) => {
                *n += 1;
                *first = (*first).min(r.line);
            }
            None => out.push((r.rule, 1, r.line)),
        }
    }
    out
}

/// The listing, one line each.
pub fn render(pages: &[PageLine], removed: &[Removal]) -> Vec<String> {
    let mut out = vec![format!("  outline ({} pages):", pages.len())];
    for p in pages {
        let label = p
            .label
            .as_deref()
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        out.push(format!(
            "    lines {}–{}  {:<15} {}{label}",
            p.lines.0, p.lines.1, p.kind, p.title
        ));
    }
    let removals = removals(removed);
    if removals.is_empty() {
        out.push("  removed: nothing".into());
    }
    for (rule, n, first) in removals {
        out.push(format!(
            "  removed by rule {rule}: {n} line(s), first at line {first}"
        ));
    }
    out
}
