//! Watching for edits: raw file-system events (notify, debounced) in, a small set of `Change`s
//! out, with editor droppings and saves that left a file as it was filtered away, so the rebuild
//! step only ever sees changes that matter.

use crate::error::{Error, Result};
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{self, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer_opt, DebounceEventHandler, DebounceEventResult, DebouncedEvent, Debouncer,
    FileIdMap, NoCache,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::Duration;

/// The folders of a site that are watched (with `site.yaml`, beside them).
const FOLDERS: [&str; 7] = [
    "content",
    "themes",
    "templates",
    "static",
    "seeds",
    "pdf",
    "epub",
];

/// What an edit touched, by the part of the site it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A Markdown page under `content/`, relative to it, e.g. `session-3.md`.
    Page(PathBuf),
    /// Any other file under `content/` (data files, images).
    ContentFile(PathBuf),
    /// A template of the theme or the site.
    Template,
    /// A static file of the theme or the site; `css` when it is a stylesheet.
    Static {
        css: bool,
    },
    Config,
    /// A proceedings text under `seeds/` (or the import profile).
    Seed(PathBuf),
    /// A watched folder itself appeared or went away (created, restored, moved, deleted), e.g.
    /// `content`: what is inside it is not reported file by file, so everything is rebuilt.
    Folder(PathBuf),
}

/// The site folder as the operating system names it in events: absolute, links resolved. A
/// relative `--root .` would otherwise never match the absolute paths notify reports.
fn absolute(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Sorts a path into its `Change`, or `None` for files that never matter (editor temp and backup
/// files, output folders, anything else at the top level).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    if rel
        .components()
        .any(|c| crate::page::is_hidden_or_temp(c.as_os_str()))
    {
        return None;
    }
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    if parts.clone().next().is_none() && FOLDERS.contains(&first.as_ref()) {
        return Some(Change::Folder(rel.to_path_buf()));
    }
    let is_css = rel.extension().is_some_and(|e| e == "css");
    match first.as_ref() {
        "site.yaml" => Some(Change::Config),
        "content" => {
            let inner = rel.strip_prefix("content").ok()?.to_path_buf();
            if inner.extension().is_some_and(|e| e == "md") {
                Some(Change::Page(inner))
            } else {
                Some(Change::ContentFile(inner))
            }
        }
        // The site's overrides of the PDF template and the EPUB's stylesheet are theme files,
        // as templates/ is.
        "templates" | "pdf" | "epub" => Some(Change::Template),
        "static" => Some(Change::Static { css: is_css }),
        "themes" => {
            let _theme = parts.next()?;
            match parts.next()?.as_ref() {
                "static" => Some(Change::Static { css: is_css }),
                _ => Some(Change::Template),
            }
        }
        "seeds" => Some(Change::Seed(rel.to_path_buf())),
        _ => None,
    }
}

/// The last seen contents of every file an event named, so a save that changed nothing (or a
/// touch, or an editor's rename dance that ends where it began) triggers no rebuild.
#[derive(Default)]
pub struct Fingerprints(BTreeMap<PathBuf, Option<String>>);

impl Fingerprints {
    /// True when `path`'s contents differ from the last time it was seen (a first sighting is
    /// compared with the state at start-up, recorded by `remember_tree`).
    pub fn changed(&mut self, path: &Path) -> bool {
        let now = if path.is_dir() {
            Some("dir".to_string())
        } else {
            std::fs::read(path).ok().map(|b| crate::fs::sha256_hex(&b))
        };
        // A path never seen did not exist at start-up: creating and deleting it is no change.
        let before = self.0.insert(path.to_path_buf(), now.clone()).flatten();
        before != now
    }

    /// Every watched file of the site at `root`, as it is now.
    pub fn of_site(root: &Path) -> Fingerprints {
        let root = absolute(root);
        let root = root.as_path();
        let mut f = Fingerprints::default();
        let folders = watched_paths(root);
        f.remember_tree(&folders);
        f.remember_tree(&[root.join("site.yaml")]);
        // So that only a folder's appearing or going away is a change, not its metadata.
        for folder in folders {
            f.0.insert(folder, Some("dir".to_string()));
        }
        f
    }

    /// Records every file under the watched folders, so the first edit is judged correctly.
    pub fn remember_tree(&mut self, dirs: &[PathBuf]) {
        for dir in dirs {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if entry.file_type().is_file() {
                    let path = entry.path().to_path_buf();
                    let hash = std::fs::read(&path).ok().map(|b| crate::fs::sha256_hex(&b));
                    self.0.insert(path, hash);
                }
            }
        }
    }
}

/// A running watcher; dropping it stops watching (the event channel closes soon after).
pub struct Watcher {
    /// Held only to be dropped; `Rearm` reaches it through a weak reference.
    _debounced: Arc<Mutex<Debounced>>,
}

enum Debounced {
    Native(Debouncer<RecommendedWatcher, FileIdMap>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Debounced {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Debounced::Native(d) => d.watch(path, mode),
            Debounced::Poll(d) => d.watch(path, mode),
        }
    }
}

/// The folders of a site that are watched and exist now.
pub fn watched_paths(root: &Path) -> Vec<PathBuf> {
    FOLDERS
        .iter()
        .map(|d| root.join(d))
        .filter(|p| p.is_dir())
        .collect()
}

/// Passes debounced events on to the rebuild loop, after watching again every site folder they
/// show appearing. notify drops the watch of a folder that is deleted or moved away and never
/// adds one for a folder created in the (non-recursively watched) site folder, so without this
/// every later edit inside it would go unseen. The rebuild that the folder's own event starts
/// comes after the new watch, so it reads whatever was written into the folder before.
struct Rearm {
    root: PathBuf,
    watcher: Arc<OnceLock<Weak<Mutex<Debounced>>>>,
    events: Sender<DebounceEventResult>,
}

impl DebounceEventHandler for Rearm {
    fn handle_event(&mut self, result: DebounceEventResult) {
        if let Ok(events) = &result {
            let errors: Vec<notify::Error> = appeared(&self.root, events)
                .into_iter()
                .filter_map(|folder| self.watch(&folder).err())
                .collect();
            if !errors.is_empty() {
                let _ = self.events.send(Err(errors));
            }
        }
        let _ = self.events.send(result);
    }
}

impl Rearm {
    fn watch(&self, folder: &Path) -> notify::Result<()> {
        // Gone when the watcher is being dropped: nothing is to be watched any more.
        let Some(watcher) = self.watcher.get().and_then(Weak::upgrade) else {
            return Ok(());
        };
        let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
        watcher.watch(folder, RecursiveMode::Recursive)
    }
}

/// The site folders that `events` show created or renamed into place, and that are there now.
fn appeared(root: &Path, events: &[DebouncedEvent]) -> BTreeSet<PathBuf> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_)) | EventKind::Any
            )
        })
        .flat_map(|e| e.paths.iter())
        .filter(|p| {
            p.parent() == Some(root)
                && p.file_name()
                    .is_some_and(|n| FOLDERS.iter().any(|f| n == *f))
                && p.is_dir()
        })
        .cloned()
        .collect()
}

/// Starts watching `root`'s site folders (and `site.yaml`), debounced by `debounce`; with
/// `poll`, checks every interval instead of using native events.
pub fn watch(
    root: &Path,
    debounce: Duration,
    poll: Option<Duration>,
) -> Result<(Watcher, Receiver<DebounceEventResult>)> {
    let root = absolute(root);
    let root = root.as_path();
    let (events, rx) = std::sync::mpsc::channel();
    let slot = Arc::new(OnceLock::new());
    let tx = Rearm {
        root: root.to_path_buf(),
        watcher: Arc::clone(&slot),
        events,
    };
    let fail = |e: notify_debouncer_full::notify::Error| {
        Error::file(
            root,
            format!("cannot watch for changes: {e}; try --poll 500"),
        )
    };
    let mut watcher = match poll {
        Some(interval) => Debounced::Poll(
            new_debouncer_opt(
                debounce,
                None,
                tx,
                NoCache,
                // Contents, not only modification times: those can be whole seconds.
                notify::Config::default()
                    .with_poll_interval(interval)
                    .with_compare_contents(true),
            )
            .map_err(fail)?,
        ),
        None => Debounced::Native(
            new_debouncer_opt(
                debounce,
                None,
                tx,
                FileIdMap::new(),
                notify::Config::default(),
            )
            .map_err(fail)?,
        ),
    };
    for dir in watched_paths(root) {
        watcher
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(fail)?;
    }
    // The top level, for site.yaml (editors replace it by rename) and folders created later.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(fail)?;
    let watcher = Arc::new(Mutex::new(watcher));
    let _ = slot.set(Arc::downgrade(&watcher));
    Ok((
        Watcher {
            _debounced: watcher,
        },
        rx,
    ))
}

/// The distinct changes named by a batch of events, in a stable order.
pub fn changes_of(
    root: &Path,
    events: &[notify_debouncer_full::DebouncedEvent],
    fingerprints: &mut Fingerprints,
) -> BTreeSet<Change> {
    let root = absolute(root);
    let root = root.as_path();
    let mut paths: BTreeSet<&Path> = BTreeSet::new();
    for event in events {
        if event.kind.is_access() {
            continue;
        }
        paths.extend(event.paths.iter().map(PathBuf::as_path));
    }
    paths
        .into_iter()
        .filter_map(|p| classify(root, p).map(|c| (p, c)))
        .filter(|(p, _)| fingerprints.changed(p))
        .map(|(_, c)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(path: &str) -> Option<Change> {
        classify(Path::new("/site"), &Path::new("/site").join(path))
    }

    #[test]
    fn paths_sort_into_changes() {
        assert_eq!(
            c("content/session-3.md"),
            Some(Change::Page("session-3.md".into()))
        );
        assert_eq!(
            c("content/_data/people.yaml"),
            Some(Change::ContentFile("_data/people.yaml".into()))
        );
        assert_eq!(c("site.yaml"), Some(Change::Config));
        assert_eq!(
            c("themes/proceedings/templates/page.html"),
            Some(Change::Template)
        );
        assert_eq!(
            c("themes/proceedings/static/style.css"),
            Some(Change::Static { css: true })
        );
        assert_eq!(c("static/logo.png"), Some(Change::Static { css: false }));
        assert_eq!(c("seeds/a.txt"), Some(Change::Seed("seeds/a.txt".into())));
        assert_eq!(c("pdf/main.typ"), Some(Change::Template));
        assert_eq!(c("epub/style.css"), Some(Change::Template));
        for folder in [
            "content",
            "static",
            "themes",
            "templates",
            "seeds",
            "pdf",
            "epub",
        ] {
            assert_eq!(c(folder), Some(Change::Folder(folder.into())), "{folder}");
        }
        assert_eq!(c("public"), None);
    }

    #[test]
    fn editor_droppings_and_outputs_are_ignored() {
        for path in [
            "content/.session-3.md.swp",
            "content/session-3.md~",
            "content/.#session-3.md",
            "content/session-3.md___jb_tmp___",
            "public/index.html",
            "target/debug/quire",
            ".git/index",
        ] {
            assert_eq!(c(path), None, "{path}");
        }
    }

    #[test]
    fn unchanged_contents_are_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "one").unwrap();
        let mut f = Fingerprints::default();
        f.remember_tree(&[dir.path().to_path_buf()]);
        assert!(!f.changed(&file));
        std::fs::write(&file, "two").unwrap();
        assert!(f.changed(&file));
        assert!(!f.changed(&file));
        std::fs::remove_file(&file).unwrap();
        assert!(f.changed(&file));
        // vim's write test: a file created and deleted between two looks.
        assert!(!f.changed(&dir.path().join("4913")));
    }
}
