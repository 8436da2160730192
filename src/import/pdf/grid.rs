//! Tables drawn with rules: Word, LibreOffice and browsers draw a table's borders as thin
//! rectangles or strokes, and the rules that meet one another form a grid; a stack of horizontal
//! rules alone takes its columns from the gutters its text leaves empty. `cells` reads the
//! glyphs inside a grid cell by cell.

use super::lines::Fragment;
use super::Rule;

/// Rules this close (points) are one rule; ends this close meet.
const TOL: f32 = 1.5;
/// Rows less tall than this are the gap of a double rule, not a row.
const MIN_ROW: f32 = 3.0;
/// Crossings tested per page: beyond this (a chart of thousands of strokes), no table is looked
/// for.
const MAX_CROSSINGS: usize = 4_000_000;

/// One rule after merging: its position across (y of a horizontal, x of a vertical) and its
/// extent along.
#[derive(Debug, Clone, Copy)]
struct Seg {
    at: f32,
    from: f32,
    to: f32,
}

/// A table's grid: rows top-down, each with the x of its cell boundaries left to right (a row
/// lacks a boundary where cells are merged across it).
#[derive(Debug, Clone)]
pub struct Grid {
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone)]
pub struct GridRow {
    pub y0: f32,
    pub y1: f32,
    pub xs: Vec<f32>,
}

impl Grid {
    pub(super) fn holds(&self, x: f32, y: f32) -> bool {
        let (top, bottom) = (self.rows[0].y0, self.rows[self.rows.len() - 1].y1);
        x > self.left() && x < self.right() && y > top && y <= bottom
    }

    pub(super) fn left(&self) -> f32 {
        self.rows.iter().map(|r| r.xs[0]).fold(f32::MAX, f32::min)
    }

    pub(super) fn right(&self) -> f32 {
        self.rows
            .iter()
            .map(|r| r.xs[r.xs.len() - 1])
            .fold(f32::MIN, f32::max)
    }

    /// The row and cell holding the point, if any.
    pub(super) fn cell(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        let r = self.rows.iter().position(|r| y > r.y0 && y <= r.y1)?;
        let xs = &self.rows[r].xs;
        let c = xs.windows(2).position(|w| x > w[0] && x <= w[1])?;
        Some((r, c))
    }
}

/// Horizontal rules of one width stacked down the page, meeting no vertical rule: a table
/// ruled between its rows only, whose columns are found from the empty gutters of its text.
#[derive(Debug, Clone)]
pub struct Ruled {
    left: f32,
    right: f32,
    ys: Vec<f32>,
}

/// Rules further apart than this (points) are not rows of one table.
const MAX_ROW: f32 = 150.0;
/// A gutter between columns is at least this wide (points).
const MIN_GUTTER: f32 = 4.0;

impl Ruled {
    pub(super) fn holds(&self, x: f32, y: f32) -> bool {
        x > self.left && x < self.right && y > self.ys[0] && y <= self.ys[self.ys.len() - 1]
    }

    /// The grid of its rows and of the gutters its fragments leave, if there are two columns.
    pub(super) fn grid(&self, fragments: &[Fragment]) -> Option<Grid> {
        let mut spans: Vec<(f32, f32)> = fragments.iter().map(|f| (f.x0, f.x1)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut xs = vec![self.left];
        let mut reach = f32::NAN;
        for (x0, x1) in spans {
            if reach.is_finite() && x0 - reach >= MIN_GUTTER {
                xs.push((x0 + reach) / 2.0);
            }
            reach = if reach.is_finite() { reach.max(x1) } else { x1 };
        }
        xs.push(self.right);
        if xs.len() < 3 {
            return None;
        }
        let rows = self
            .ys
            .windows(2)
            .filter(|w| w[1] - w[0] >= MIN_ROW)
            .map(|w| GridRow {
                y0: w[0],
                y1: w[1],
                xs: xs.clone(),
            })
            .collect();
        Some(Grid { rows })
    }
}

/// Stacks of at least three horizontal rules of one extent.
fn stacks(mut hs: Vec<Seg>) -> Vec<Ruled> {
    hs.sort_by(|a, b| {
        (a.from.round(), a.to.round(), a.at)
            .partial_cmp(&(b.from.round(), b.to.round(), b.at))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut out = Vec::new();
    let mut stack: Vec<Seg> = Vec::new();
    for h in hs {
        let continues = stack.last().is_some_and(|l| {
            (l.from - h.from).abs() <= 2.0 * TOL
                && (l.to - h.to).abs() <= 2.0 * TOL
                && h.at - l.at <= MAX_ROW
        });
        if !continues {
            if stack.len() >= 3 {
                out.push(stack_of(&stack));
            }
            stack.clear();
        }
        stack.push(h);
    }
    if stack.len() >= 3 {
        out.push(stack_of(&stack));
    }
    out
}

fn stack_of(stack: &[Seg]) -> Ruled {
    Ruled {
        left: stack.iter().map(|s| s.from).fold(f32::MAX, f32::min),
        right: stack.iter().map(|s| s.to).fold(f32::MIN, f32::max),
        ys: distinct(stack.iter().map(|s| s.at).collect()),
    }
}

/// The grids the rules of a page form: rules that cross or meet make one grid; a grid of at
/// least two columns is kept (a box around a paragraph has one). Stacks of horizontal rules
/// that meet no vertical one are returned apart.
pub fn grids(rules: &[Rule]) -> (Vec<Grid>, Vec<Ruled>) {
    let hs = merged(
        rules
            .iter()
            .filter(|r| r.is_horizontal())
            .map(|r| Seg {
                at: (r.y0 + r.y1) / 2.0,
                from: r.x0,
                to: r.x1,
            })
            .collect(),
    );
    let vs = merged(
        rules
            .iter()
            .filter(|r| !r.is_horizontal())
            .map(|r| Seg {
                at: (r.x0 + r.x1) / 2.0,
                from: r.y0,
                to: r.y1,
            })
            .collect(),
    );
    if hs.len() * vs.len() > MAX_CROSSINGS {
        return (Vec::new(), Vec::new());
    }
    let mut parent: Vec<usize> = (0..hs.len() + vs.len()).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if meets(h, v) {
                union(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Seg>, Vec<Seg>)> = Default::default();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(*h);
    }
    for (j, v) in vs.iter().enumerate() {
        let root = find(&mut parent, hs.len() + j);
        groups.entry(root).or_default().1.push(*v);
    }
    let mut open = Vec::new();
    let mut found = Vec::new();
    for (h, v) in groups.into_values() {
        if v.is_empty() {
            open.extend(h);
        } else {
            found.extend(grid(&h, &v));
        }
    }
    (found, stacks(open))
}

fn meets(h: &Seg, v: &Seg) -> bool {
    v.at >= h.from - TOL && v.at <= h.to + TOL && h.at >= v.from - TOL && h.at <= v.to + TOL
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a.max(b)] = a.min(b);
    }
}

/// Collinear rules that overlap or touch joined (Word draws a vertical border in pieces, one
/// per line of text).
fn merged(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Seg> = Vec::new();
    let mut i = 0;
    while i < segs.len() {
        let mut j = i;
        while j < segs.len() && segs[j].at - segs[i].at <= TOL {
            j += 1;
        }
        let mut line: Vec<Seg> = segs[i..j].to_vec();
        let at = line.iter().map(|s| s.at).sum::<f32>() / line.len() as f32;
        line.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut run: Option<Seg> = None;
        for s in line {
            match &mut run {
                Some(r) if s.from <= r.to + TOL => r.to = r.to.max(s.to),
                _ => {
                    out.extend(run.take());
                    run = Some(Seg { at, ..s });
                }
            }
        }
        out.extend(run);
        i = j;
    }
    out.retain(|s| s.to - s.from > 2.0 * TOL);
    out
}

/// Positions closer than `TOL` taken as one.
fn distinct(mut at: Vec<f32>) -> Vec<f32> {
    at.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for a in at {
        if out.last().is_none_or(|l| a - l > TOL) {
            out.push(a);
        }
    }
    out
}

fn grid(hs: &[Seg], vs: &[Seg]) -> Option<Grid> {
    let ys = distinct(hs.iter().map(|h| h.at).collect());
    let xs = distinct(vs.iter().map(|v| v.at).collect());
    if ys.len() < 2 || xs.len() < 3 {
        return None;
    }
    let rows: Vec<GridRow> = ys
        .windows(2)
        .filter(|w| w[1] - w[0] >= MIN_ROW)
        .filter_map(|w| {
            let mid = (w[0] + w[1]) / 2.0;
            let present: Vec<f32> = xs
                .iter()
                .copied()
                .filter(|&x| {
                    vs.iter().any(|v| {
                        (v.at - x).abs() <= TOL && v.from - TOL <= mid && v.to + TOL >= mid
                    })
                })
                .collect();
            (present.len() >= 2).then(|| GridRow {
                y0: w[0],
                y1: w[1],
                xs: present,
            })
        })
        .collect();
    rows.iter()
        .any(|r| r.xs.len() >= 3)
        .then_some(Grid { rows })
}
