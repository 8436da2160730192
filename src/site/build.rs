//! `build` (into a folder, atomically, optionally as one version beside others) and
//! `render_site` (in memory, for `check` and tests).

use super::{outdir, BuildOptions, PhaseTimer, Site};
use crate::error::{Error, Result};
use crate::output::{self, manifest::ManifestSink, MemorySink};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The finished site in memory: output path (relative, `/`-separated) → bytes.
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    /// The site's `base_url`, for telling absolute links into the site from external ones.
    pub base_url: String,
    /// Each page's output file → its Markdown source, where `check` locates problems.
    pub sources: BTreeMap<String, PathBuf>,
}

/// Builds the site in memory; nothing is written.
pub fn render_site(opts: &BuildOptions) -> Result<Output> {
    let site = Site::load(opts)?;
    let sink = MemorySink::default();
    let pages = site.render_all(&sink)?;
    let sources = site
        .pages()
        .map(|p| (format!("{}index.html", p.path), p.display_path.clone()))
        .collect();
    Ok(Output {
        files: sink.into_files(),
        pages,
        base_url: site.config.base_url.clone(),
        sources,
    })
}

/// What `build` did.
#[derive(Debug, Clone, Serialize)]
pub struct BuildSummary {
    pub pages: usize,
    /// Things the user should know that do not stop the build.
    pub warnings: Vec<String>,
    pub output: PathBuf,
    pub version: Option<String>,
    pub date: Option<String>,
}

/// Builds and writes the site atomically: files go into a staging folder beside the output as
/// they are rendered, with `build.json` listing them all, and the folder is swapped in only when
/// the whole build succeeded. With `versions_dir`, the output is `DIR/VERSION/` and the folder's
/// `versions.json` and `index.html` are updated after it.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    match &opts.versions_dir {
        Some(dir) => outdir::check_place(&opts.root, dir)?,
        None => outdir::check(&opts.root, &opts.output, opts.force)?,
    }
    let mut site = Site::load(opts)?;
    let stamp = site.stamp.clone();
    let warnings = site.warnings();
    let (output, versions) = match &opts.versions_dir {
        Some(dir) => {
            let tag = stamp.version.clone().ok_or_else(|| {
                Error::Usage(
                    "--versions-dir needs a version: pass --site-version, build from a git checkout, or set `version` in site.yaml".into(),
                )
            })?;
            crate::release::validate_tag(&tag)?;
            outdir::check(&opts.root, &dir.join(&tag), opts.force)?;
            let versions = crate::release::versions_with(dir, &tag, stamp.date.as_deref())?;
            site.set_versions(&versions);
            (dir.join(&tag), Some(versions))
        }
        None => (opts.output.clone(), None),
    };
    let staging = if versions.is_some() {
        output::Staging::Discarded
    } else {
        output::Staging::Kept
    };
    let pages = output::swap_in(&output, staging, |sink| {
        let manifest = ManifestSink::over(sink, sink.previous_manifest());
        let pages = site.render_all_consuming(&manifest)?;
        let timer = PhaseTimer::start();
        manifest.finish(&stamp)?;
        timer.mark("manifest");
        Ok(pages)
    })?;
    if let (Some(dir), Some(versions)) = (&opts.versions_dir, &versions) {
        crate::release::write_versions(dir, versions)?;
    }
    Ok(BuildSummary {
        warnings,
        pages,
        output,
        version: stamp.version,
        date: stamp.date,
    })
}
