//! The rebuild loop of `quire serve` and `quire build --watch`: batches of file events in,
//! the cheapest rebuild that is enough, and a `Notice` for the browsers out.

use super::{report, Notice, Shared};
use crate::error::Result;
use crate::output::manifest::ManifestSink;
use crate::output::{self, DirSink};
use crate::site::{BuildOptions, Site};
use crate::watch::{self, Change};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

/// The site as last built and what the next batch of events is compared with: one for
/// `quire serve`, one for `quire build --watch`, each build writing `build.json` as
/// `quire build` does (the next `quire build` recognises the folder as Quire's).
pub(super) struct Rebuilder {
    opts: BuildOptions,
    site: Option<Site>,
    fingerprints: watch::Fingerprints,
}

impl Rebuilder {
    /// Builds the site once, then takes the state the first edit is compared with (before
    /// watching starts). A failed first build leaves no site: the first change builds it whole.
    pub(super) fn start(opts: BuildOptions) -> (Rebuilder, Result<usize>) {
        let (site, pages) = match full_build(&opts) {
            Ok(site) => {
                let pages = site.len();
                (Some(site), Ok(pages))
            }
            Err(e) => (None, Err(e)),
        };
        let rebuilder = Rebuilder {
            fingerprints: watch::Fingerprints::of_site(&opts.root),
            site,
            opts,
        };
        (rebuilder, pages)
    }

    /// One build at a time: events that arrive during a build are gathered into the next batch.
    pub(super) fn run(
        mut self,
        events: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
        shared: &Shared,
    ) {
        // The poll watcher reports a missing folder at every poll: each warning is said once.
        let mut warned = BTreeSet::new();
        while let Ok(first) = events.recv() {
            let mut batch = Vec::new();
            for result in std::iter::once(first).chain(events.try_iter()) {
                match result {
                    Ok(evs) => batch.extend(evs),
                    Err(errs) => {
                        for e in errs {
                            let warning = format!("warning: watching: {e}");
                            if !warned.contains(&warning) {
                                eprintln!("{warning}");
                                warned.insert(warning);
                            }
                        }
                    }
                }
            }
            let changes = watch::changes_of(&self.opts.root, &batch, &mut self.fingerprints);
            if changes.is_empty() {
                continue;
            }
            let started = Instant::now();
            if let Some(pdf) = &shared.pdf {
                pdf.changed();
            }
            match apply(&self.opts, &mut self.site, &changes) {
                Ok(notice) => {
                    if self.site.is_some() {
                        shared
                            .built
                            .store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                    if !shared.quiet {
                        println!(
                            "Rebuilt ({}) in {} ms",
                            describe(&changes),
                            started.elapsed().as_millis()
                        );
                    }
                    shared.tell(notice);
                }
                Err(e) => {
                    report(&e);
                    shared.tell(Notice::Error(e.to_string()));
                }
            }
        }
    }
}

/// The whole site into a fresh folder swapped in, with its `build.json`.
fn full_build(opts: &BuildOptions) -> Result<Site> {
    let site = Site::load(opts)?;
    output::swap_in(&opts.output, output::Staging::Kept, |sink| {
        let manifest = ManifestSink::over(sink, sink.previous_manifest());
        site.render_all(&manifest)?;
        manifest.finish(site.stamp())
    })?;
    Ok(site)
}

fn describe(changes: &BTreeSet<Change>) -> String {
    let names: Vec<String> = changes
        .iter()
        .take(3)
        .map(|c| match c {
            Change::Page(p) | Change::ContentFile(p) | Change::Seed(p) => p.display().to_string(),
            Change::Template => "templates".into(),
            Change::Static { .. } => "static files".into(),
            Change::Config => "site.yaml".into(),
            Change::Folder(p) => format!("{}/", p.display()),
        })
        .collect();
    let more = changes.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", names.join(", "))
    } else {
        names.join(", ")
    }
}

/// Rebuilds what `changes` require, from the cheapest step that is enough.
fn apply(
    opts: &BuildOptions,
    site: &mut Option<Site>,
    changes: &BTreeSet<Change>,
) -> Result<Notice> {
    for change in changes {
        if let Change::Seed(path) = change {
            let seed = opts.root.join(path);
            // A PDF seed is imported by hand: reading one takes seconds, too slow for a save.
            if seed.extension().is_some_and(|e| e == "txt") && seed.is_file() {
                crate::import::reimport::reimport(&opts.root, &seed)?;
            }
        }
    }
    let seeds_only = changes.iter().all(|c| matches!(c, Change::Seed(_)));
    if seeds_only {
        // The import wrote content files: their own events start the rebuild.
        return Ok(Notice::Reload);
    }
    let dir = DirSink::serving(opts.output.clone());
    // Files written one by one into the served build: its build.json keeps the others' entries.
    let previous = std::fs::read(opts.output.join("build.json")).ok();
    let sink = ManifestSink::updating(&dir, previous.as_deref());
    if let Some(current) = site.as_mut() {
        if changes.iter().all(|c| matches!(c, Change::Static { .. })) {
            current.reload_theme()?;
            current.render_static(&sink)?;
            sink.finish(current.stamp())?;
            let css_only = changes
                .iter()
                .all(|c| matches!(c, Change::Static { css: true }));
            return Ok(if css_only {
                Notice::Css
            } else {
                Notice::Reload
            });
        }
        let pages: Vec<&PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Page(p) => Some(p),
                _ => None,
            })
            .collect();
        if pages.len() == changes.len() {
            let mut updated = Vec::new();
            for p in &pages {
                match current.update_page(p)? {
                    Some(i) => updated.push(i),
                    None => break,
                }
            }
            if updated.len() == pages.len() {
                current.render_updated(&updated, &sink)?;
                sink.finish(current.stamp())?;
                return Ok(Notice::Reload);
            }
        }
    }
    *site = None;
    *site = Some(full_build(opts)?);
    Ok(Notice::Reload)
}
