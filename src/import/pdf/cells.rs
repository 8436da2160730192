//! A page's tables read cell by cell: the glyphs inside a grid's cells (`grid`) are read each
//! cell whole, its lines joined, so that a cell set on three lines is not interleaved with its
//! neighbours' lines, as reading by baseline would do.

use super::grid::grids;
use super::lines::{self, Fragment};
use super::{text, Glyph, Link, Rule};

/// A cell with more lines than this is a layout box around running text, not a table cell.
const MAX_CELL_LINES: usize = 40;

/// Splits a page's glyphs: those in the cells of a table drawn with rules become one fragment
/// per table row (its cells' text, each cell's lines joined, cells apart by ` | `), the others
/// are returned in their order to be read as running text.
pub fn take_tables(
    glyphs: Vec<Glyph>,
    rules: &[Rule],
    links: &[Link],
) -> (Vec<Glyph>, Vec<Fragment>) {
    let middle = |g: &Glyph| (g.x + g.width / 2.0, g.y - 0.3 * g.size);
    let (mut grids, stacks) = grids(rules);
    for ruled in stacks {
        let inside: Vec<Glyph> = glyphs
            .iter()
            .filter(|g| {
                let (x, y) = middle(g);
                ruled.holds(x, y) && !grids.iter().any(|grid| grid.holds(x, y))
            })
            .cloned()
            .collect();
        grids.extend(ruled.grid(&lines::fragments(&inside, links)));
    }
    grids.retain(|g| !g.rows.is_empty());
    if grids.is_empty() {
        return (glyphs, Vec::new());
    }
    // For each glyph, the grid, row and cell its middle falls in.
    let place: Vec<Option<(usize, usize, usize)>> = glyphs
        .iter()
        .map(|g| {
            let (x, y) = middle(g);
            grids
                .iter()
                .enumerate()
                .find_map(|(i, grid)| grid.cell(x, y).map(|(r, c)| (i, r, c)))
        })
        .collect();
    let mut by_cell: std::collections::HashMap<(usize, usize, usize), Vec<&Glyph>> =
        Default::default();
    for (g, p) in glyphs.iter().zip(&place) {
        if let Some(p) = p {
            by_cell.entry(*p).or_default().push(g);
        }
    }
    let mut rows = Vec::new();
    let mut tables = vec![false; grids.len()];
    for (i, grid) in grids.iter().enumerate() {
        let cells: Vec<Vec<Vec<&Glyph>>> = grid
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                (0..row.xs.len() - 1)
                    .map(|c| by_cell.remove(&(i, r, c)).unwrap_or_default())
                    .collect()
            })
            .collect();
        if let Some(read) = read_table(grid, &cells, links) {
            tables[i] = true;
            rows.extend(read);
        }
    }
    let rest = glyphs
        .into_iter()
        .zip(place)
        .filter(|(_, p)| !p.is_some_and(|(i, _, _)| tables[i]))
        .map(|(g, _)| g)
        .collect();
    (rest, rows)
}

/// The rows of a table, each one fragment; `None` if the grid is not a table (no row has two
/// cells with text, or a cell holds a page of running text).
fn read_table(
    grid: &super::grid::Grid,
    cells: &[Vec<Vec<&Glyph>>],
    links: &[Link],
) -> Option<Vec<Fragment>> {
    let mut out = Vec::new();
    let mut two_cells = false;
    for row in cells {
        let mut texts = Vec::new();
        let mut parts: Vec<Fragment> = Vec::new();
        for cell in row {
            let glyphs: Vec<Glyph> = cell.iter().map(|g| (*g).clone()).collect();
            let cell_fragments = lines::fragments(&glyphs, links);
            let cell_lines = lines::rows(cell_fragments.clone());
            if cell_lines.len() > MAX_CELL_LINES {
                return None;
            }
            let mut text = String::new();
            for l in &cell_lines {
                if text.is_empty() {
                    text.push_str(&l.text);
                } else {
                    text::join(&mut text, &l.text);
                }
            }
            if !text.is_empty() {
                texts.push(text);
                parts.extend(cell_fragments);
            }
        }
        two_cells |= texts.len() >= 2;
        if texts.is_empty() {
            continue;
        }
        let first = parts
            .iter()
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .expect("a cell with text has a fragment");
        out.push(Fragment {
            text: texts.join(" | "),
            x0: grid.left(),
            x1: grid.right(),
            y: first.y,
            size: parts.iter().map(|f| f.size).fold(0.0, f32::max),
            bold: parts.iter().map(|f| f.bold).sum(),
            italic: parts.iter().map(|f| f.italic).sum(),
            small_caps: parts.iter().map(|f| f.small_caps).sum(),
            letters: parts.iter().map(|f| f.letters).sum(),
            chars: parts.iter().map(|f| f.chars).sum(),
            table: true,
        });
    }
    two_cells.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(x0: f32, y0: f32, x1: f32, y1: f32) -> Rule {
        Rule::new(x0, y0, x1, y1).unwrap()
    }

    fn glyphs(text: &str, x: f32, y: f32) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                x: x + 5.0 * i as f32,
                y,
                width: 5.0,
                size: 10.0,
                bold: false,
                italic: false,
                small_caps: false,
                link: None,
            })
            .collect()
    }

    /// Two rows of three cells, borders in pieces as Word draws them.
    fn borders() -> Vec<Rule> {
        let mut rules = Vec::new();
        for y in [100.0, 150.0, 200.0] {
            rules.push(rule(50.0, y, 150.0, y));
            rules.push(rule(150.0, y, 350.0, y));
            rules.push(rule(350.0, y, 450.0, y));
        }
        for x in [50.0, 150.0, 350.0, 450.0] {
            rules.push(rule(x, 100.0, x, 126.0));
            rules.push(rule(x, 126.0, x, 150.0));
            rules.push(rule(x, 150.0, x, 200.0));
        }
        rules
    }

    #[test]
    fn cells_set_on_several_lines_are_read_whole_row_by_row() {
        let mut page = Vec::new();
        // Row 1: a name on two lines beside a one-line and a two-line cell, set baseline by
        // baseline as a PDF shows them.
        page.extend(glyphs("Nagarajan", 55.0, 115.0));
        page.extend(glyphs("Collaborative Research:", 155.0, 115.0));
        page.extend(glyphs("Poster", 355.0, 115.0));
        page.extend(glyphs("Kandasamy", 55.0, 128.0));
        page.extend(glyphs("High-Performance", 155.0, 128.0));
        page.extend(glyphs("Ewa", 55.0, 165.0));
        page.extend(glyphs("Pegasus", 155.0, 165.0));
        page.extend(glyphs("Outside the table", 55.0, 250.0));
        let (rest, rows) = take_tables(page, &borders(), &[]);
        let texts: Vec<&str> = rows.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Nagarajan Kandasamy | Collaborative Research: High-Performance | Poster",
                "Ewa | Pegasus"
            ]
        );
        assert!(rows
            .iter()
            .all(|f| f.table && f.x0 == 50.0 && f.x1 == 450.0));
        let rest: String = rest.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(rest, "Outside the table");
    }

    #[test]
    fn a_table_ruled_between_rows_only_takes_its_columns_from_the_gutters() {
        let rules: Vec<Rule> = [100.0, 130.0, 160.0]
            .iter()
            .map(|&y| rule(50.0, y, 450.0, y))
            .collect();
        let mut page = Vec::new();
        page.extend(glyphs("8:45 AM", 55.0, 115.0));
        page.extend(glyphs("Opening remarks", 155.0, 115.0));
        page.extend(glyphs("Vipin Chaudhary", 255.0, 115.0));
        page.extend(glyphs("NSF/OAC", 255.0, 127.0));
        page.extend(glyphs("9:00 AM", 55.0, 145.0));
        page.extend(glyphs("Lightning Talk", 155.0, 145.0));
        let (rest, rows) = take_tables(page, &rules, &[]);
        let texts: Vec<&str> = rows.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "8:45 AM | Opening remarks | Vipin Chaudhary NSF/OAC",
                "9:00 AM | Lightning Talk"
            ]
        );
        assert!(rest.is_empty());
    }

    #[test]
    fn a_box_or_a_lone_underline_is_not_a_table() {
        let frame = [
            rule(50.0, 100.0, 450.0, 100.0),
            rule(50.0, 300.0, 450.0, 300.0),
            rule(50.0, 100.0, 50.0, 300.0),
            rule(450.0, 100.0, 450.0, 300.0),
            rule(60.0, 320.0, 90.0, 320.0),
        ];
        assert!(grids(&frame).0.is_empty());
        // A grid whose text sits in one cell per row is read as running text.
        let page = glyphs("Only one cell", 55.0, 115.0);
        let (rest, rows) = take_tables(page, &borders(), &[]);
        assert!(rows.is_empty());
        assert_eq!(rest.len(), "Only one cell".len());
    }
}
