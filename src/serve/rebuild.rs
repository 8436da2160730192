//! The rebuild loop of `quire serve` and `quire build --watch`: batches of file events in,
//! the cheapest rebuild that is enough, and a `Notice` for the browsers out.

use super::{report, Notice, Shared};
use crate::error::{Error, Result};
use crate::site::output::{self, DirSink, Sink};
use crate::site::{BuildOptions, Site};
use crate::watch::{self, Change};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub(super) fn full_build(opts: &BuildOptions) -> Result<Site> {
    let site = Site::load(opts)?;
    output::swap_in(&opts.output, output::Staging::Kept, |sink| {
        site.render_all(sink)
    })?;
    Ok(site)
}

/// One build at a time: events that arrive during a build are gathered into the next batch.
pub(super) fn rebuild_loop(
    opts: BuildOptions,
    fingerprints: watch::Fingerprints,
    mut site: Option<Site>,
    events: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    shared: &Shared,
) {
    let mut fingerprints = fingerprints;
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
        let changes = watch::changes_of(&opts.root, &batch, &mut fingerprints);
        if changes.is_empty() {
            continue;
        }
        let started = Instant::now();
        if let Some(pdf) = &shared.pdf {
            pdf.changed();
        }
        match apply(&opts, &mut site, &changes) {
            Ok(notice) => {
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
            reimport(&opts.root, &opts.root.join(path))?;
        }
    }
    let seeds_only = changes.iter().all(|c| matches!(c, Change::Seed(_)));
    if seeds_only {
        // The import wrote content files: their own events start the rebuild.
        return Ok(Notice::Reload);
    }
    let sink = DirSink::serving(opts.output.clone());
    if let Some(current) = site.as_mut() {
        if changes.iter().all(|c| matches!(c, Change::Static { .. })) {
            current.reload_theme()?;
            current.render_static(&sink)?;
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
                let sections = updated
                    .iter()
                    .filter_map(|&i| current.pages[i].parent.as_deref());
                let contents = current.contents_for(sections)?;
                for &i in &updated {
                    let (path, bytes) =
                        current.render_page(i, &current.docs[i], Some(&contents))?;
                    sink.put(&path, bytes)?;
                }
                current.render_derived(&sink)?;
                return Ok(Notice::Reload);
            }
        }
    }
    *site = None;
    *site = Some(full_build(opts)?);
    Ok(Notice::Reload)
}

/// Re-imports a changed seed, never overwriting pages an editor changed.
fn reimport(root: &Path, seed: &Path) -> Result<()> {
    use crate::import::{self, profile::Profile, write};
    if seed.extension().is_none_or(|e| e != "txt") || !seed.is_file() {
        return Ok(());
    }
    let profile_path = root.join("seeds/import.yaml");
    let profile = if profile_path.is_file() {
        Profile::load(&profile_path)?
    } else {
        Profile::default()
    };
    let result = import::import_file(seed, &profile)?;
    let content = root.join("content");
    let plan = write::plan(&content, &result.files)?;
    if !plan.conflicts.is_empty() {
        let list: Vec<Error> = plan
            .conflicts
            .iter()
            .map(|c| {
                Error::file(
                    content.join(&c.path),
                    format!("{}; not overwritten by the re-import", c.reason),
                )
            })
            .collect();
        return Err(Error::many(list).expect("conflicts are not empty"));
    }
    write::apply(&content, &result.files, &plan, false)
}
