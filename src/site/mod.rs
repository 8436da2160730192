//! `quire build`: site.yaml, content/ and a theme in; a complete static site out. The room is
//! split by job around one list of `Entry`s (a page, its rendered Markdown, its search entries):
//! - `load`: config, theme and content read, Markdown rendered, links resolved (`Site::load`);
//! - `values`: the site-wide values every template sees, computed from the `Site` in one place;
//! - `render`: one page with its template (page context, template choice, shared contents);
//! - `outputs`: THE list of the files a build makes besides pages, and how each is written;
//! - `build`: `build` and `render_site`, versions;
//! - `update`: serve's single-page updates and theme reloads;
//! - `links`, `nav`, `claims`, `outdir`: link resolution, shared navigation, the claim table of
//!   output paths, the output folder's checks.

mod build;
mod claims;
pub mod epub;
pub mod links;
mod load;
pub mod nav;
pub mod outdir;
mod outputs;
mod render;
pub mod typeset;
mod update;
mod values;

pub use build::{build, render_site, BuildSummary, Output};
pub use outputs::PRINT_LIMIT;

use crate::config::Config;
use crate::markdown::Rendered;
use crate::page::Page;
use crate::theme::Theme;
use links::SiteIndex;
use nav::Nav;
use std::path::PathBuf;

/// Validated build settings (flags already merged over site.yaml).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub theme: Option<String>,
    pub drafts: bool,
    /// Serve mode: the theme is told (`live_reload`) to load serve's live-reload script.
    pub live_reload: bool,
    /// The edition stamped into the pages, e.g. `v1.0`; defaults to `git describe`.
    pub site_version: Option<String>,
    /// Build into `DIR/VERSION/` beside earlier versions.
    pub versions_dir: Option<PathBuf>,
    /// Accept an output folder holding files Quire did not write (they are deleted).
    pub force: bool,
    /// Skip the typeset PDF (`--no-pdf`).
    pub no_pdf: bool,
    /// Link the PDF but leave it out of the build: `serve` makes it when it is asked for.
    pub pdf_on_demand: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            theme: None,
            drafts: false,
            live_reload: false,
            site_version: None,
            versions_dir: None,
            force: false,
            no_pdf: false,
            pdf_on_demand: false,
        }
    }
}

/// One page of the site with everything the build derived from it.
pub struct Entry {
    pub page: Page,
    /// Its Markdown rendered, links resolved, glossary terms marked.
    pub doc: Rendered,
    /// Its search-index entries, kept so an edit rebuilds only its own.
    search: String,
}

/// Everything a build knows, kept between rebuilds by `serve`.
pub struct Site {
    opts: BuildOptions,
    config: Config,
    theme: Theme,
    content_dir: PathBuf,
    /// In reading order: by depth, then weight, title and path.
    entries: Vec<Entry>,
    data: std::collections::BTreeMap<String, crate::yaml::Value>,
    assets: Vec<PathBuf>,
    index: SiteIndex,
    /// Glossary `(term, expansion)` pairs from `_data/glossary.yaml`.
    terms: Vec<(String, String)>,
    stamp: crate::release::Stamp,
    /// The editions shown in the version switcher, newest first (`--versions-dir` only).
    versions: Vec<crate::release::Version>,
    /// `("Session N: title", permalink)` of every session, for the workshop's JSON-LD.
    sessions: Vec<(String, String)>,
    nav: Nav,
    /// Whether any page has highlighted code, so the build writes `syntax.css`.
    has_code: bool,
    /// The site-wide template values (`values`), recomputed whenever what they come from changes.
    values: tera::Context,
}

impl Site {
    /// The pages in reading order, each with its rendered Markdown.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The pages in reading order.
    pub fn pages(&self) -> impl ExactSizeIterator<Item = &Page> {
        self.entries.iter().map(|e| &e.page)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The files of content/ copied as they are (paths under it).
    pub fn assets(&self) -> &[PathBuf] {
        &self.assets
    }

    pub fn stamp(&self) -> &crate::release::Stamp {
        &self.stamp
    }

    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The folder the pages were read from.
    pub fn content_dir(&self) -> &std::path::Path {
        &self.content_dir
    }

    /// Every page's path, source and heading ids, for resolving links.
    pub fn index(&self) -> &SiteIndex {
        &self.index
    }

    /// What the build wants to tell, beside its errors.
    pub fn warnings(&self) -> Vec<String> {
        let sub_path = ::url::Url::parse(&self.config.base_url)
            .ok()
            .map(|u| u.path().to_string())
            .filter(|p| p != "/");
        sub_path
            .map(|p| {
                format!("base_url has the sub-path {p}: crawlers read robots.txt only at the host's root, so the robots.txt written here is not read there; copy its Sitemap line into the host's own robots.txt")
            })
            .into_iter()
            .chain(crate::site::typeset::warnings(self))
            .collect()
    }
}

/// Phase durations on stderr when `QUIRE_TIMINGS` is set, for benchmarking.
struct PhaseTimer(Option<std::cell::Cell<std::time::Instant>>);

impl PhaseTimer {
    fn start() -> Self {
        PhaseTimer(
            std::env::var_os("QUIRE_TIMINGS")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        )
    }

    fn mark(&self, phase: &str) {
        if let Some(cell) = &self.0 {
            let now = std::time::Instant::now();
            eprintln!("{phase}: {} ms", (now - cell.get()).as_millis());
            cell.set(now);
        }
    }
}
