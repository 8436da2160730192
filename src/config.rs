//! `site.yaml` → `Config`, read and validated once before a build. Unknown keys are errors, so a
//! misspelt setting is reported instead of silently ignored.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// e.g. `What is 'national' security in a globally connected digital economy?`
    pub title: String,
    /// e.g. `Workshop Proceedings`
    #[serde(default)]
    pub subtitle: Option<String>,
    /// e.g. `The Internet Governance Project`
    #[serde(default)]
    pub publisher: Option<String>,
    /// Publication date, `YYYY-MM-DD`, e.g. `2023-11-10`.
    #[serde(default)]
    pub date: Option<String>,
    /// Where the site will live, for absolute URLs in sitemap and feed, e.g. `https://example.org/proceedings/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// e.g. `en`
    #[serde(default = "default_language")]
    pub language: String,
    /// A folder under `themes/`, or the built-in `proceedings`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The edition when the site is not built from a git checkout, e.g. `1.0`.
    #[serde(default)]
    pub version: Option<String>,
    /// Links end in `index.html`, so the folder reads from `file://` (proceedings on a stick).
    #[serde(default)]
    pub file_urls: bool,
    /// Free settings for the theme, e.g. `{ accent: "#7a2e1d" }`.
    #[serde(default)]
    pub extra: BTreeMap<String, crate::yaml::Value>,
}

fn default_base_url() -> String {
    "http://127.0.0.1:1111/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "proceedings".into()
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        if !path.exists() {
            return Err(Error::file(
                path,
                "no site.yaml here; run in a site folder, pass --root, or create one with a `title:` line",
            ));
        }
        let text = crate::fs::read_to_string(path)?;
        let mut config: Config = crate::yaml::parse(&text, path, 0)?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }
}
