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
    /// The proceedings' editors, e.g. `[Dr. Jane Roe, Li Wei]`: cited as the volume's editors.
    #[serde(default)]
    pub editors: Vec<String>,
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
    /// How heading ids (and imported pages' names) spell letters outside ASCII: `on` (the
    /// default) transliterates, `Détente` → `detente`; `safe` keeps them, `détente`.
    #[serde(default)]
    pub slugify: crate::slug::Slugify,
    /// `false`: no `proceedings.epub` (the e-book of the whole proceedings).
    #[serde(default = "yes")]
    pub epub: bool,
    /// Free settings for the theme, e.g. `{ accent: "#7a2e1d" }`.
    #[serde(default)]
    pub extra: BTreeMap<String, crate::yaml::Value>,
    /// Whether `build` typesets the proceedings as one PDF (`proceedings.pdf`); default true.
    #[serde(default = "default_true")]
    pub pdf: bool,
    /// Subject keywords, e.g. `[trade, national security]`: the PDF's metadata.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The PDF's absolute URL when this build makes one: set by the build, never read from
    /// site.yaml, for the citation tags, JSON-LD, BibTeX and templates.
    #[serde(skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub pdf_url: Option<String>,
}

fn default_true() -> bool {
    true
}

fn default_base_url() -> String {
    "http://127.0.0.1:1111/".into()
}
fn default_language() -> String {
    "en".into()
}
fn yes() -> bool {
    true
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
        if let Some(why) = config
            .date
            .as_deref()
            .and_then(|d| crate::date::check(d).err())
        {
            let line = crate::date::key_line(&text, "date").unwrap_or(1);
            return Err(Error::at(path, line, Some(7), why));
        }
        config.base_url = base_url(&config.base_url).map_err(|why| {
            let line = text
                .lines()
                .position(|l| l.starts_with("base_url:"))
                .map_or(1, |i| i + 1);
            Error::at(path, line, Some(11), format!("base_url: {why}"))
        })?;
        Ok(config)
    }
}

/// Checks a `base_url` (site.yaml or `--base-url`) and gives it its closing `/`: an absolute
/// `http`, `https` or `file` URL with no query or fragment, since every absolute URL of the
/// site (sitemap, feed, citations) is written as this plus a page's path.
pub fn base_url(value: &str) -> std::result::Result<String, String> {
    let example = "write a full address such as https://example.org/proceedings/";
    let url =
        url::Url::parse(value).map_err(|e| format!("`{value}` is not a URL ({e}); {example}"))?;
    if !matches!(url.scheme(), "http" | "https" | "file") {
        return Err(format!("`{value}` is not a web address; {example}"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{value}` has a query or fragment, which page paths cannot follow; {example}"
        ));
    }
    let mut normal = url.to_string();
    if !normal.ends_with('/') {
        normal.push('/');
    }
    Ok(normal)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base_urls_are_absolute_web_addresses() {
        assert_eq!(
            super::base_url("https://ex.org/p").unwrap(),
            "https://ex.org/p/"
        );
        assert_eq!(
            super::base_url("http://127.0.0.1:1111/").unwrap(),
            "http://127.0.0.1:1111/"
        );
        for bad in [
            "not a url",
            "/proceedings/",
            "ex.org",
            "javascript:alert(1)",
            "https://ex.org/?a=1",
            "https://ex.org/#x",
        ] {
            assert!(super::base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_impossible_date_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.yaml");
        std::fs::write(&path, "title: T\ndate: 2023-02-30\n").unwrap();
        let e = super::Config::load(&path).unwrap_err().to_string();
        assert!(e.ends_with("site.yaml:2:7: date `2023-02-30` is not a day of the calendar; write YYYY-MM-DD, e.g. 2023-11-10"), "{e}");
        let page = crate::page::parse_page(
            "---\ntitle: A\ndate: 2023-2-1\n---\n",
            std::path::Path::new("a.md"),
        );
        assert_eq!(
            page.unwrap_err().to_string(),
            "a.md:3:7: date `2023-2-1` must be written YYYY-MM-DD, e.g. 2023-11-10"
        );
    }

    #[test]
    fn a_key_written_twice_in_site_yaml_is_located_on_the_second() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.yaml");
        std::fs::write(
            &path,
            "# Site\ntitle: T\nlanguage: en\ntheme: plain\nlanguage: fr\n",
        )
        .unwrap();
        let e = super::Config::load(&path).unwrap_err().to_string();
        assert!(
            e.ends_with("site.yaml:5:1: duplicate field `language`"),
            "{e}"
        );
    }

    #[test]
    fn a_bad_base_url_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.yaml");
        std::fs::write(&path, "title: T\nbase_url: not a url\n").unwrap();
        let e = super::Config::load(&path).unwrap_err().to_string();
        assert!(
            e.contains("site.yaml:2:11: base_url: `not a url` is not a URL"),
            "{e}"
        );
    }
}
