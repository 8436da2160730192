//! Release-grade builds: the version and date stamped into a build (from flags, git, or
//! SOURCE_DATE_EPOCH — never the clock), and versioned builds side by side (`DIR/TAG/`, `DIR/versions.json`, `DIR/index.html`).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// What a build is stamped with.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Stamp {
    /// e.g. `v1.2.0` or `v1.2.0-3-gabc1234`
    pub version: Option<String>,
    /// The full commit id when built from a git checkout.
    pub commit: Option<String>,
    /// `YYYY-MM-DD`
    pub date: Option<String>,
    /// Seconds since 1970 behind `date`.
    pub epoch: Option<i64>,
    /// Each file of `content/` (by its path under it, `session-1.md`) → the time of the last
    /// commit that changed it: when each page was last updated, for the feed and the sitemap.
    #[serde(skip)]
    pub changed: BTreeMap<String, i64>,
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// The stamp of a build of `root`: `version` wins, then `git describe`, then site.yaml's
/// `version`; the date is SOURCE_DATE_EPOCH, else the last commit's date.
pub fn stamp(root: &Path, version: Option<&str>, config_version: Option<&str>) -> Stamp {
    // One `git log` gives the commit and its date, and says whether this is a checkout at all.
    let head = git(root, &["log", "-1", "--format=%H %ct"]);
    let (commit, commit_epoch) = match head.as_deref().and_then(|h| h.split_once(' ')) {
        Some((id, secs)) => (Some(id.to_string()), secs.parse::<i64>().ok()),
        None => (None, None),
    };
    let version = version
        .map(str::to_string)
        .or_else(|| {
            commit
                .is_some()
                .then(|| git(root, &["describe", "--tags", "--always"]))
                .flatten()
        })
        .or_else(|| config_version.map(str::to_string));
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .or(commit_epoch);
    let date = epoch.map(|e| crate::feeds::rfc3339_from_epoch(e)[..10].to_string());
    let changed = if commit.is_some() {
        content_changes(root)
    } else {
        BTreeMap::new()
    };
    Stamp {
        version,
        commit,
        date,
        epoch,
        changed,
    }
}

/// One `git log` over `content/`, newest first: the first time a path appears is its last change.
fn content_changes(root: &Path) -> BTreeMap<String, i64> {
    let mut changed = BTreeMap::new();
    let Some(log) = git(
        root,
        &[
            "log",
            "--format=%x00%ct",
            "--name-only",
            "--relative",
            "--",
            "content",
        ],
    ) else {
        return changed;
    };
    let mut time = None;
    for line in log.lines() {
        if let Some(secs) = line.strip_prefix('\0') {
            time = secs.trim().parse::<i64>().ok();
        } else if let (Some(t), Some(path)) = (time, line.strip_prefix("content/")) {
            changed.entry(path.to_string()).or_insert(t);
        }
    }
    changed
}

/// A version tag must be one plain folder name.
pub fn validate_tag(tag: &str) -> Result<()> {
    let ok = !tag.is_empty()
        && tag != "."
        && tag != ".."
        && tag
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--site-version {tag:?}: a version becomes a folder name; use letters, digits and . _ - + only"
        )))
    }
}

/// One entry of `versions.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Version {
    pub tag: String,
    pub date: Option<String>,
    #[serde(default)]
    pub latest: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct VersionsFile {
    versions: Vec<Version>,
}

/// The versions already in `dir` plus `tag`, newest first (by date, then by tag), the first
/// marked latest.
pub fn versions_with(dir: &Path, tag: &str, date: Option<&str>) -> Result<Vec<Version>> {
    let path = dir.join("versions.json");
    let mut list = if path.is_file() {
        let text = crate::fs::read_to_string(&path)?;
        serde_json::from_str::<VersionsFile>(&text)
            .map_err(|e| Error::at(&path, e.line(), Some(e.column()), e.to_string()))?
            .versions
    } else {
        Vec::new()
    };
    list.retain(|v| v.tag != tag);
    list.push(Version {
        tag: tag.to_string(),
        date: date.map(str::to_string),
        latest: false,
    });
    list.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| b.tag.cmp(&a.tag)));
    for (i, v) in list.iter_mut().enumerate() {
        v.latest = i == 0;
    }
    Ok(list)
}

/// Writes `versions.json` and the redirect `index.html` of a versions folder.
pub fn write_versions(dir: &Path, versions: &[Version]) -> Result<()> {
    let json = serde_json::to_string_pretty(&VersionsFile {
        versions: versions.to_vec(),
    })
    .map_err(|e| Error::Message(format!("cannot write versions.json: {e}")))?;
    crate::fs::write_atomic(&dir.join("versions.json"), format!("{json}\n").as_bytes())?;
    let Some(latest) = versions.iter().find(|v| v.latest) else {
        return Ok(());
    };
    let tag = &latest.tag;
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {tag}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={tag}/\">\n<link rel=\"canonical\" href=\"{tag}/\">\n</head>\n<body>\n<p>The latest edition is <a href=\"{tag}/\">{tag}</a>.</p>\n</body>\n</html>\n"
    );
    crate::fs::write_atomic(&dir.join("index.html"), html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_version_is_latest_and_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        let v = versions_with(dir.path(), "v1", Some("2024-01-01")).unwrap();
        write_versions(dir.path(), &v).unwrap();
        let v = versions_with(dir.path(), "v2", Some("2024-06-01")).unwrap();
        write_versions(dir.path(), &v).unwrap();
        let tags: Vec<(&str, bool)> = v.iter().map(|v| (v.tag.as_str(), v.latest)).collect();
        assert_eq!(tags, vec![("v2", true), ("v1", false)]);
        let index = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
        assert!(index.contains("url=v2/"));
        // Rebuilding an old version keeps the order by date.
        let v = versions_with(dir.path(), "v1", Some("2024-01-01")).unwrap();
        assert_eq!(v[0].tag, "v2");
    }

    #[test]
    fn tags_must_be_folder_names() {
        assert!(validate_tag("v1.2.0-rc.1").is_ok());
        for bad in ["", "..", "a/b", "v 1"] {
            assert!(validate_tag(bad).is_err(), "{bad}");
        }
    }
}
