//! Import step 5, writing: the rendered files in, `content/` updated out — but only where an
//! editor has not changed a page since the last import. The manifest `content/.quire-import.yaml`
//! records the SHA-256 of every file the last import wrote; a file whose bytes no longer match it
//! was edited and is a conflict.

use super::emit::OutFile;
use crate::error::Result;
use crate::fs;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const MANIFEST: &str = ".quire-import.yaml";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    /// Path relative to the content folder → SHA-256 of the bytes the import wrote.
    files: BTreeMap<String, String>,
    /// The `site.yaml` values the last import (or `quire init`) wrote, so a later import can
    /// tell the editor's changes from its own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    site: BTreeMap<String, crate::yaml::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// e.g. `session-3.md`
    pub path: String,
    pub reason: &'static str,
}

/// What an import would do to the content folder.
#[derive(Debug, Default)]
pub struct Plan {
    /// Paths to (over)write, in order.
    pub writes: Vec<String>,
    pub unchanged: usize,
    /// Files an earlier import wrote that this one no longer produces, untouched since.
    pub removals: Vec<String>,
    /// Files an earlier import wrote, no longer produced, but edited: left in place.
    pub kept: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

pub fn plan(content_dir: &Path, files: &[OutFile]) -> Result<Plan> {
    let manifest = load_manifest(content_dir)?;
    let mut plan = Plan::default();
    for file in files {
        let target = content_dir.join(&file.path);
        if !target.exists() {
            plan.writes.push(file.path.clone());
            continue;
        }
        let current = fs::read(&target)?;
        if current == file.bytes {
            plan.unchanged += 1;
            continue;
        }
        match manifest.files.get(&file.path) {
            Some(hash) if *hash == fs::sha256_hex(&current) => plan.writes.push(file.path.clone()),
            Some(_) => plan.conflicts.push(Conflict {
                path: file.path.clone(),
                reason: "changed since the last import",
            }),
            None => plan.conflicts.push(Conflict {
                path: file.path.clone(),
                reason: "exists but was not written by an import",
            }),
        }
    }
    for (path, hash) in &manifest.files {
        if files.iter().any(|f| &f.path == path) {
            continue;
        }
        let target = content_dir.join(path);
        if !target.exists() {
            continue;
        }
        if fs::sha256_hex(&fs::read(&target)?) == *hash {
            plan.removals.push(path.clone());
        } else {
            plan.kept.push(path.clone());
        }
    }
    Ok(plan)
}

/// Carries out `plan`: with `force`, conflicting files are overwritten too. Every file is
/// written atomically, and the manifest last, so an interrupted import is redone safely.
pub fn apply(content_dir: &Path, files: &[OutFile], plan: &Plan, force: bool) -> Result<()> {
    for file in files {
        let conflicting = plan.conflicts.iter().any(|c| c.path == file.path);
        if plan.writes.contains(&file.path) || (force && conflicting) {
            fs::write_atomic(&content_dir.join(&file.path), &file.bytes)?;
        }
    }
    for path in &plan.removals {
        fs::remove_file(&content_dir.join(path))?;
    }
    let manifest = Manifest {
        files: files
            .iter()
            .filter(|f| force || !plan.conflicts.iter().any(|c| c.path == f.path))
            .map(|f| (f.path.clone(), fs::sha256_hex(&f.bytes)))
            .collect(),
        site: load_manifest(content_dir)?.site,
    };
    let yaml = crate::yaml::to_string(&manifest)?;
    fs::write_atomic(&content_dir.join(MANIFEST), yaml.as_bytes())
}

/// Records files that are already in `content_dir` (the starter pages of `quire init`) as an
/// import's own, so the first import replaces them unless an editor changed them since.
pub fn adopt(content_dir: &Path, paths: &[&str]) -> Result<()> {
    let mut manifest = load_manifest(content_dir)?;
    for path in paths {
        let bytes = fs::read(&content_dir.join(path))?;
        manifest
            .files
            .insert(path.to_string(), fs::sha256_hex(&bytes));
    }
    let yaml = crate::yaml::to_string(&manifest)?;
    fs::write_atomic(&content_dir.join(MANIFEST), yaml.as_bytes())
}

/// The `site.yaml` values the last import or `quire init` wrote.
pub fn recorded_site(content_dir: &Path) -> Result<BTreeMap<String, crate::yaml::Value>> {
    Ok(load_manifest(content_dir)?.site)
}

/// Records `values` as written to `site.yaml` by the import (merged over earlier ones).
pub fn record_site(content_dir: &Path, values: &[(String, crate::yaml::Value)]) -> Result<()> {
    let mut manifest = load_manifest(content_dir)?;
    for (key, value) in values {
        manifest.site.insert(key.clone(), value.clone());
    }
    let yaml = crate::yaml::to_string(&manifest)?;
    fs::write_atomic(&content_dir.join(MANIFEST), yaml.as_bytes())
}

fn load_manifest(content_dir: &Path) -> Result<Manifest> {
    let path = content_dir.join(MANIFEST);
    if !path.exists() {
        return Ok(Manifest::default());
    }
    let text = fs::read_to_string(&path)?;
    crate::yaml::parse(&text, &path, 0)
}
