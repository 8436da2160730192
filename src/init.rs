//! `quire init DIR`: a new, buildable proceedings site for someone starting fresh — site.yaml,
//! a home page, two example sessions and a `.gitignore` for the build output. It never overwrites a file that exists.

use crate::error::{Error, Result};
use std::path::Path;

const FILES: [(&str, &str); 5] = [
    (
        ".gitignore",
        "# The built site, and the previous build kept beside it for the next one to write over.\n/public/\n/.public.*\n",
    ),
    (
        "site.yaml",
        "# The site's configuration: see `quire help build`.\ntitle: \"My Workshop\"\nsubtitle: Workshop Proceedings\npublisher: \"My Organisation\"\ndate: \"2026-01-01\"\nbase_url: https://example.org/proceedings/\nlanguage: en\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: My Workshop\nsubtitle: Workshop Proceedings\npublisher: My Organisation\nkind: home\n---\n\nWelcome to the proceedings. Each session has its own page; the contents are on every page.\n",
    ),
    (
        "content/session-1.md",
        "---\ntitle: Opening Session\nweight: 10\nkind: session\nsession: 1\nspeakers:\n- Dr. Jane Roe\nsummary: What the first session discussed.\n---\n\nWrite the summary of the session here. Link to other pages by their file:\n[the next session](session-2.md).\n\n## Points of Consensus {.point}\n\nHeadings get anchors and appear in the page's contents.\n",
    ),
    (
        "content/session-2.md",
        "---\ntitle: The Road Ahead\nweight: 20\nkind: session\nsession: 2\n---\n\nThe second session.\n",
    ),
];

/// Writes the starter site into `dir`; fails, writing nothing, if any of its files exists.
pub fn init(dir: &Path) -> Result<Vec<String>> {
    if dir.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
        return Err(Error::file(
            dir,
            "is a file, not a folder; give the name of a new or empty folder for the site",
        ));
    }
    let existing: Vec<Error> = FILES
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .map(|p| {
            Error::file(
                &p,
                "already exists; init never overwrites, choose an empty folder",
            )
        })
        .collect();
    if let Some(e) = Error::many(existing) {
        return Err(e);
    }
    for (rel, text) in FILES {
        crate::fs::write_atomic(&dir.join(rel), text.as_bytes())?;
    }
    // The starter pages are the import's to replace: `quire import` needs no --force after init.
    let starters: Vec<&str> = FILES
        .iter()
        .filter_map(|(rel, _)| rel.strip_prefix("content/"))
        .collect();
    crate::import::write::adopt(&dir.join("content"), &starters)?;
    // So are the starter's title, subtitle, publisher and date in site.yaml.
    let site_path = dir.join("site.yaml");
    let site: crate::yaml::Value =
        crate::yaml::parse(&crate::fs::read_to_string(&site_path)?, &site_path, 0)?;
    let starter: Vec<(String, crate::yaml::Value)> = ["title", "subtitle", "publisher", "date"]
        .iter()
        .filter_map(|k| Some((k.to_string(), site.get(*k)?.clone())))
        .collect();
    crate::import::write::record_site(&dir.join("content"), &starter)?;
    Ok(FILES.iter().map(|(rel, _)| rel.to_string()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_on_a_file_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let e = init(&file).unwrap_err().to_string();
        assert!(
            e.ends_with(
                "f: is a file, not a folder; give the name of a new or empty folder for the site"
            ),
            "{e}"
        );
    }

    #[test]
    fn init_writes_a_site_that_builds_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let written = init(dir.path()).unwrap();
        assert_eq!(written.len(), 5);
        let out = crate::site::render_site(&crate::site::BuildOptions::new(dir.path())).unwrap();
        assert!(out.files.contains_key("session-1/index.html"));
        let e = init(dir.path()).unwrap_err();
        assert_eq!(e.count(), 5);
        assert!(e.to_string().contains("site.yaml: already exists"));
    }
}
