//! The import profile (`seeds/import.yaml`): the editor's data for one document, read once before
//! an import. It holds what no general rule can know: the errata list of words that lost their
//! hyphen, extra running headers, titles or slugs the editor prefers, and words that name the
//! parts of proceedings beyond the defaults below.

use super::outline::Kind;
use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Words that open a part of proceedings, and the kind of page the part becomes. A word matches
/// the start of a heading and must end where a word of the heading ends, except the stems marked
/// `true`, whose endings vary ("Recommendations", "Acknowledgements").
pub const PART_WORDS: [(&str, Kind, bool); 25] = [
    ("introduction", Kind::Introduction, false),
    ("opening remarks", Kind::Remarks, false),
    ("welcome", Kind::Remarks, false),
    ("keynote", Kind::Keynote, true),
    ("conclusion", Kind::Conclusion, true),
    ("concluding", Kind::Conclusion, false),
    ("closing remarks", Kind::Conclusion, false),
    ("recommendation", Kind::Recommendations, true),
    ("workshop composition", Kind::People, false),
    ("participants", Kind::People, false),
    ("list of participants", Kind::People, false),
    ("registered participants", Kind::People, false),
    ("workshop participants", Kind::People, false),
    ("attendee", Kind::People, true),
    ("about", Kind::About, false),
    ("appendix", Kind::Appendix, false),
    ("annex", Kind::Appendix, false),
    ("acknowledg", Kind::Chapter, true),
    ("preface", Kind::Chapter, false),
    ("foreword", Kind::Chapter, false),
    ("executive summary", Kind::Chapter, false),
    ("summary", Kind::Chapter, false),
    ("references", Kind::Chapter, false),
    ("informative references", Kind::Chapter, false),
    ("bibliography", Kind::Chapter, false),
];

/// Labels of the program's units, each followed by a number in the text ("Panel 2", "Day One").
pub const UNIT_LABELS: [&str; 14] = [
    "session",
    "panel",
    "roundtable",
    "track",
    "keynote",
    "breakout",
    "working group",
    "lightning talks",
    "lightning talk",
    "talk",
    "day",
    "tutorial",
    "plenary",
    "workshop",
];

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// Lines to drop wherever they stand, besides the ones found by repetition,
    /// e.g. `["CONFERENCE RECORD"]`.
    pub running_headers: Vec<String>,
    /// Whole words or phrases replaced everywhere, e.g. `positivesum: positive-sum`.
    pub errata: BTreeMap<String, String>,
    /// Page slug by the heading as it stands in the text,
    /// e.g. `"Contrasting political economic assumptions": comparison`.
    pub slugs: BTreeMap<String, String>,
    /// Page title by the heading as it stands in the text (or by the restored title),
    /// e.g. `"Appendix: Questions": "Appendix: Questions to both narratives"`.
    pub titles: BTreeMap<String, String>,
    /// More words that open a part, with the kind of page, e.g. `{"hackathon report": chapter}`.
    pub parts: BTreeMap<String, Kind>,
    /// More labels of numbered program units, e.g. `["hackathon", "team"]`.
    pub unit_labels: Vec<String>,
    /// Editorial notes appended to headings, cut off where they start,
    /// e.g. `["lead:"]` turns `Keynotes lead: Jane Roe` into `Keynotes`.
    pub heading_tails: Vec<String>,
    /// `site.yaml`'s `slugify`, for the pages' names: set by whoever loads the profile, since
    /// the rule is the site's, not the import's.
    #[serde(skip)]
    pub slugify: crate::slug::Slugify,
}

/// The words of parts and unit labels an import uses: the defaults and the profile's own.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// `(word, kind, stem)`, longest word first so "list of participants" wins over "list".
    pub parts: Vec<(String, Kind, bool)>,
    /// Longest first, so "lightning talk" wins over "talk".
    pub unit_labels: Vec<String>,
    /// The profile's `heading_tails`.
    pub heading_tails: Vec<String>,
}

impl Vocabulary {
    /// A heading without the editorial note a profile names (`Keynotes lead: Jane Roe` →
    /// `Keynotes`).
    /// The words that name participants ("participants", "attendee", …), lower-case.
    pub fn people_words(&self) -> Vec<String> {
        self.parts
            .iter()
            .filter(|(_, kind, _)| *kind == Kind::People)
            .map(|(w, _, _)| w.clone())
            .collect()
    }

    pub fn cut_tail<'a>(&self, heading: &'a str) -> &'a str {
        self.split_tail(heading).0
    }

    /// The heading and the editorial note cut from it (kept as text of the page, not dropped).
    pub fn split_tail<'a>(&self, heading: &'a str) -> (&'a str, &'a str) {
        self.heading_tails
            .iter()
            .filter_map(|t| heading.find(&format!(" {t}")))
            .min()
            .map_or((heading, ""), |at| {
                (heading[..at].trim_end(), heading[at..].trim())
            })
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Profile::default().vocabulary()
    }
}

impl Profile {
    pub fn load(path: &Path) -> Result<Profile> {
        let text = crate::fs::read_to_string(path)?;
        crate::yaml::parse(&text, path, 0)
    }

    pub fn vocabulary(&self) -> Vocabulary {
        let mut parts: Vec<(String, Kind, bool)> = PART_WORDS
            .iter()
            .map(|&(w, k, s)| (w.to_string(), k, s))
            .collect();
        for (w, k) in &self.parts {
            parts.push((w.to_lowercase(), *k, false));
        }
        parts.sort_by_key(|(w, _, _)| std::cmp::Reverse(w.len()));
        let mut unit_labels: Vec<String> = UNIT_LABELS.iter().map(|s| s.to_string()).collect();
        unit_labels.extend(self.unit_labels.iter().map(|s| s.to_lowercase()));
        unit_labels.sort_by_key(|w| std::cmp::Reverse(w.len()));
        Vocabulary {
            parts,
            unit_labels,
            heading_tails: self.heading_tails.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_extends_the_default_words() {
        let p: Profile = crate::yaml::parse(
            "parts:\n  hackathon: chapter\nunit_labels: [team]\n",
            Path::new("p.yaml"),
            0,
        )
        .unwrap();
        let v = p.vocabulary();
        assert!(v
            .parts
            .iter()
            .any(|(w, k, _)| w == "hackathon" && *k == Kind::Chapter));
        assert!(v.unit_labels.iter().any(|w| w == "team"));
        assert!(Vocabulary::default()
            .unit_labels
            .iter()
            .all(|w| w != "team"));
    }
}
