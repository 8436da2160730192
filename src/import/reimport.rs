//! One import of a site's seed into its content folder, as `quire import` and `quire serve`
//! (a seed saved while serving) both run it: the profile found the same way, the site's slug
//! rule applied, and an editor's changed pages never overwritten without `--force`.

use super::profile::Profile;
use super::write::{self, Plan};
use super::Import;
use crate::error::{Error, Result};
use crate::slug::Slugify;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// An import read and planned, not yet written.
#[derive(Debug)]
pub struct Prepared {
    pub result: Import,
    pub plan: Plan,
    /// Where the files go, e.g. `site/content`.
    pub out: PathBuf,
}

/// The profile at `profile`, else `root/seeds/import.yaml` when there is one, else the defaults;
/// with `root/site.yaml`'s slug rule.
pub fn profile(root: &Path, profile: Option<&Path>) -> Result<Profile> {
    let default = root.join("seeds/import.yaml");
    let path = profile.or_else(|| default.is_file().then_some(default.as_path()));
    let mut profile = match path {
        Some(path) => Profile::load(path)?,
        None => Profile::default(),
    };
    profile.slugify = site_slugify(&root.join("site.yaml"))?;
    Ok(profile)
}

/// `slugify` of the site.yaml at `path` (absent file or key: the default). Only this key is
/// read: the rest is checked by the build, and an import may run before a title is set.
fn site_slugify(path: &Path) -> Result<Slugify> {
    #[derive(Deserialize)]
    struct Rule {
        #[serde(default)]
        slugify: Slugify,
    }
    if !path.is_file() {
        return Ok(Slugify::default());
    }
    let text = crate::fs::read_to_string(path)?;
    if text.trim().is_empty() {
        return Ok(Slugify::default());
    }
    Ok(crate::yaml::parse::<Rule>(&text, path, 0)?.slugify)
}

/// Imports `seed` and plans writing it into `out`.
pub fn prepare(seed: &Path, out: &Path, profile: &Profile) -> Result<Prepared> {
    let result = super::import_file(seed, profile)?;
    let plan = write::plan(out, &result.files)?;
    Ok(Prepared {
        result,
        plan,
        out: out.to_path_buf(),
    })
}

impl Prepared {
    /// One located error per page an editor changed since the last import; `advice` says what
    /// to do about them.
    pub fn conflicts(&self, advice: &str) -> Option<Error> {
        let list: Vec<Error> = self
            .plan
            .conflicts
            .iter()
            .map(|c| Error::file(self.out.join(&c.path), format!("{}; {advice}", c.reason)))
            .collect();
        Error::many(list)
    }

    pub fn write(&self, force: bool) -> Result<()> {
        write::apply(&self.out, &self.result.files, &self.plan, force)
    }
}

/// Re-imports a seed saved while serving into `root/content`, never overwriting an edited page.
pub fn reimport(root: &Path, seed: &Path) -> Result<()> {
    let profile = profile(root, None)?;
    let prepared = prepare(seed, &root.join("content"), &profile)?;
    if let Some(e) = prepared.conflicts("not overwritten by the re-import") {
        return Err(e);
    }
    prepared.write(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sites_slug_rule_names_the_pages() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.yaml"), "title: T\nslugify: safe\n").unwrap();
        assert_eq!(profile(root, None).unwrap().slugify, Slugify::Safe);
        std::fs::write(root.join("site.yaml"), "title: T\n").unwrap();
        assert_eq!(profile(root, None).unwrap().slugify, Slugify::On);
        std::fs::write(root.join("site.yaml"), "title: T\nslugify: maybe\n").unwrap();
        let e = profile(root, None).unwrap_err().to_string();
        assert!(e.contains("site.yaml:2:"), "{e}");
    }
}
