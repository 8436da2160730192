//! Layout evidence a reader hands to the text stages: what a line of the text it produced is,
//! where the layout knows it. The PDF reader knows a heading by its size and weight, whatever
//! its words, and a table's row by its rules; a text seed has no hints, and the text stages
//! then judge every line by its words alone, as they always did.
//!
//! This is the one place the outline stage consults the layout (`outline::outline_with`).

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// A heading; level 1 is the largest set.
    Heading(u8),
    Paragraph,
    Item,
    /// A table's row (cells apart by ` | `): never a heading, whatever its shape.
    Row,
    /// A footnote definition (`[^1]: …`), kept apart from the body text.
    Footnote,
}

/// Hints by the 1-based number of the line of the text they describe.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Hints(BTreeMap<usize, Hint>);

impl Hints {
    pub fn insert(&mut self, line: usize, hint: Hint) {
        self.0.insert(line, hint);
    }

    pub fn get(&self, line: usize) -> Option<Hint> {
        self.0.get(&line).copied()
    }

    /// The level of the heading on `line`, if the layout says it is one.
    pub fn heading(&self, line: usize) -> Option<u8> {
        match self.get(line) {
            Some(Hint::Heading(level)) => Some(level),
            _ => None,
        }
    }

    pub fn is_row(&self, line: usize) -> bool {
        self.get(line) == Some(Hint::Row)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
