//! The one slug rule: text → a name made for a URL (a page's file and folder from the importer,
//! a heading's id, a page's anchor in the print edition), and the numbering that keeps names
//! unique. `site.yaml`'s `slugify` chooses how letters outside ASCII fare, as in Zola.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// How letters outside ASCII become a slug.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Slugify {
    /// Spelled in ASCII (`Détente` → `detente`, `中文` → `zhong-wen`, `🦄` → `unicorn`), by the
    /// `slug` crate's transliteration: a link that survives mail clients, shells and old tools.
    #[default]
    On,
    /// Letters and digits of every script kept, lowercased (`Détente` → `détente`): readable
    /// names for a site written in another script; browsers send them percent-encoded.
    Safe,
}

/// `text` as lowercase words joined by single hyphens; empty when `text` has no letter or digit.
pub fn slug(text: &str, mode: Slugify) -> String {
    match mode {
        // ASCII text needs no transliteration, and a page can have a hundred thousand headings:
        // the letters are lowercased in place of the crate's per-character table lookups.
        Slugify::On if text.is_ascii() => ascii(text),
        Slugify::On => slug::slugify(text),
        Slugify::Safe => {
            let mut out = String::with_capacity(text.len());
            for c in text.chars() {
                if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                } else if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
            if out.ends_with('-') {
                out.pop();
            }
            out
        }
    }
}

fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b.to_ascii_lowercase() as char);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// The slug's first `max` words (a page name from a long title).
pub fn words(text: &str, max: usize, mode: Slugify) -> String {
    let full = slug(text, mode);
    full.split('-').take(max).collect::<Vec<_>>().join("-")
}

/// Names given out in one room (the ids of a page, the pages of an import): a taken name gets
/// the first free `-1`, `-2`, ….
#[derive(Debug, Default)]
pub struct Unique {
    used: HashSet<String>,
    /// Per base name, the suffix to try first when it is taken again: every smaller one is
    /// already used, so many equal names are numbered in linear time.
    next: HashMap<String, usize>,
}

impl Unique {
    /// Room for `n` more names: a page of many headings otherwise rehashes every id several times.
    pub fn reserve(&mut self, n: usize) {
        self.used.reserve(n);
    }

    /// `name`, or `name-1`, `name-2`, … the first that is not yet used.
    pub fn give(&mut self, name: String) -> String {
        if self.used.insert(name.clone()) {
            return name;
        }
        let mut n = self.next.get(&name).copied().unwrap_or(1);
        let found = loop {
            let candidate = format!("{name}-{n}");
            n += 1;
            if self.used.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.next.insert(name, n);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_titles_are_spelled_in_ascii_by_default() {
        let on = |t| slug(t, Slugify::On);
        assert_eq!(on("Détente & co."), "detente-co");
        assert_eq!(on("Ünïcödé"), "unicode");
        assert_eq!(on("中文 标题"), "zhong-wen-biao-ti");
        assert_eq!(on("Ελληνικά"), "ellenika");
        assert_eq!(on("🦄 Party"), "unicorn-party");
        assert_eq!(
            on("Competing Narratives: the US"),
            "competing-narratives-the-us"
        );
        assert_eq!(on("--- !!"), "");
    }

    #[test]
    fn the_ascii_shortcut_agrees_with_the_crate() {
        for t in [
            "Session 3: Q&A",
            "  --Don't panic!--  ",
            "a_b  c",
            "C++ 2.0",
            "UPPER lower 42",
            "",
            "!!",
        ] {
            assert_eq!(ascii(t), slug::slugify(t), "{t:?}");
        }
    }

    #[test]
    fn safe_keeps_every_script() {
        let safe = |t| slug(t, Slugify::Safe);
        assert_eq!(safe("Détente & co."), "détente-co");
        assert_eq!(safe("Ünïcödé"), "ünïcödé");
        assert_eq!(safe("中文 标题"), "中文-标题");
        assert_eq!(safe("🦄 Party"), "party");
    }

    #[test]
    fn ascii_text_is_the_same_in_both_modes() {
        for t in ["Session 3: Q&A", "Don't panic", "a_b  c", "C++ 2.0"] {
            assert_eq!(slug(t, Slugify::On), slug(t, Slugify::Safe), "{t}");
        }
    }

    #[test]
    fn words_are_cut_after_transliteration() {
        assert_eq!(words("中文 标题", 2, Slugify::On), "zhong-wen");
        assert_eq!(
            words("Détente in the US economy", 3, Slugify::On),
            "detente-in-the"
        );
    }

    #[test]
    fn colliding_names_are_numbered() {
        let mut u = Unique::default();
        let names: Vec<String> = ["Détente", "Detente", "DÉTENTE", "detente-1"]
            .iter()
            .map(|t| u.give(slug(t, Slugify::On)))
            .collect();
        assert_eq!(names, ["detente", "detente-1", "detente-2", "detente-1-1"]);
    }

    #[test]
    fn the_mode_is_read_from_yaml() {
        let path = std::path::Path::new("site.yaml");
        let m: Slugify = crate::yaml::parse("safe", path, 0).unwrap();
        assert_eq!(m, Slugify::Safe);
        assert!(crate::yaml::parse::<Slugify>("sometimes", path, 0).is_err());
    }
}
