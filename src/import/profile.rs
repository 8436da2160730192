//! The import profile (`seeds/import.yaml`): the editor's data for one document, read once before
//! an import. It holds what no general rule can know: the errata list of words that lost their
//! hyphen, extra running headers, and titles or slugs the editor prefers.

use crate::error::Result;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

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
}

impl Profile {
    pub fn load(path: &Path) -> Result<Profile> {
        let text = crate::fs::read_to_string(path)?;
        crate::yaml::parse(&text, path, 0)
    }
}
