//! Where a build's files go: memory (tests, `check`), straight into a folder (serve's
//! incremental updates), or a staging folder swapped in whole (build). A failed build never
//! leaves a half-written site. `manifest`: the sink that records `build.json` on the way.

pub mod manifest;

use crate::error::{Error, Result};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// Keeps the file already at `path`, known (from the manifest of the build that wrote it)
    /// to hold exactly the bytes this build would write, if it is still there with `size`
    /// bytes. `false`: it must be put.
    fn keep(&self, _path: &str, _size: u64) -> Result<bool> {
        Ok(false)
    }
}

#[derive(Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Vec<u8>>>);

impl MemorySink {
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let before = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        match before {
            Some(_) => Err(written_twice(path)),
            None => Ok(()),
        }
    }
}

fn written_twice(path: &str) -> Error {
    Error::Message(format!(
        "two outputs of this build are both `{path}`: a page and a file in content/, or a file in content/ and one the build makes (404.html, robots.txt, …); rename one of them"
    ))
}

/// Writes each file as soon as it is rendered, so a large site is never held in memory whole.
pub struct DirSink {
    pub dir: PathBuf,
    /// `None`: the folder being served, where each file replaces its predecessor by rename.
    staging: Option<StagingState>,
}

struct StagingState {
    /// Every path written: two writes of one path are an error (which would win would depend
    /// on timing), and in a recycled folder the files this build did not write are removed.
    written: Mutex<HashSet<String>>,
    recycled: bool,
    /// A recycled folder's `build.json`, taken out before anything is written (so a build that
    /// fails half-way leaves no manifest that no longer matches the folder), and its time:
    /// a file changed after it is never kept.
    previous: Option<(Vec<u8>, std::time::SystemTime)>,
}

impl DirSink {
    /// Writes files in place, each replaced atomically: for the folder `serve` serves.
    pub fn serving(dir: PathBuf) -> Self {
        DirSink { dir, staging: None }
    }

    fn staging(dir: PathBuf, recycled: bool) -> Result<Self> {
        let mut previous = None;
        if recycled {
            let manifest = dir.join("build.json");
            if let (Ok(bytes), Ok(meta)) = (std::fs::read(&manifest), manifest.metadata()) {
                previous = meta.modified().ok().map(|time| (bytes, time));
            }
            if manifest.symlink_metadata().is_ok() {
                crate::fs::remove_file(&manifest)?;
            }
        }
        Ok(DirSink {
            dir,
            staging: Some(StagingState {
                written: Mutex::default(),
                recycled,
                previous,
            }),
        })
    }

    /// The `build.json` of the build this folder held before this one began, if any.
    pub fn previous_manifest(&self) -> Option<&[u8]> {
        let (bytes, _) = self.staging.as_ref()?.previous.as_ref()?;
        Some(bytes)
    }

    /// Records `path` as written by this build; a second write of it is an error.
    fn claim(&self, path: &str) -> Result<()> {
        let Some(staging) = &self.staging else {
            return Ok(());
        };
        let fresh = staging
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string());
        if fresh {
            Ok(())
        } else {
            Err(written_twice(path))
        }
    }

    /// Removes what an older build left in a recycled staging folder and this one did not write.
    fn prune(&self) -> Result<()> {
        let Some(staging) = self.staging.as_ref().filter(|s| s.recycled) else {
            return Ok(());
        };
        let written = staging.written.lock().unwrap_or_else(|e| e.into_inner());
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .contents_first(true)
        {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(&self.dir).to_path_buf();
                Error::file(path, e.to_string())
            })?;
            let path = entry.path();
            if entry.file_type().is_dir() {
                let empty = std::fs::read_dir(path)
                    .map_err(|e| Error::io(path, e))?
                    .next()
                    .is_none();
                if empty {
                    std::fs::remove_dir(path).map_err(|e| Error::io(path, e))?;
                }
            } else {
                let rel = path.strip_prefix(&self.dir).unwrap_or(path);
                if !written.contains(&crate::url::slash_path(rel)) {
                    crate::fs::remove_file(path)?;
                }
            }
        }
        Ok(())
    }
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let target = self.dir.join(path);
        let Some(staging) = &self.staging else {
            return crate::fs::write_atomic(&target, &bytes);
        };
        self.claim(path)?;
        if !staging.recycled {
            if let Some(dir) = target.parent() {
                crate::fs::create_dir_all(dir)?;
            }
            return crate::fs::write(&target, &bytes);
        }
        write_replacing(&self.dir, path, &bytes)
    }

    fn keep(&self, path: &str, size: u64) -> Result<bool> {
        let Some((_, manifest_time)) = self.staging.as_ref().and_then(|s| s.previous.as_ref())
        else {
            return Ok(false);
        };
        let unchanged = self.dir.join(path).symlink_metadata().is_ok_and(|m| {
            m.is_file()
                && m.len() == size
                && single_link(&m)
                && m.modified().is_ok_and(|t| t <= *manifest_time)
        });
        if unchanged {
            self.claim(path)?;
        }
        Ok(unchanged)
    }
}

/// Writes `root/rel`, first removing a file of an older build where a folder is needed now, or
/// a folder where a file is. An existing plain file is overwritten in place, keeping its inode;
/// a symbolic link or a file with other hard links is replaced, never written through.
fn write_replacing(root: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let target = root.join(rel);
    if let Some(dir) = target.parent() {
        if std::fs::create_dir_all(dir).is_err() {
            let mut at = root.to_path_buf();
            for part in Path::new(rel)
                .parent()
                .into_iter()
                .flat_map(Path::components)
            {
                at.push(part);
                if at.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                    remove_if_there(&at)?;
                }
            }
            crate::fs::create_dir_all(dir)?;
        }
    }
    match target.symlink_metadata() {
        Ok(m) if m.is_dir() => crate::fs::remove_dir_all(&target)?,
        Ok(m) if !m.is_file() || !single_link(&m) => remove_if_there(&target)?,
        _ => {}
    }
    crate::fs::write(&target, bytes)
}

/// Another thread of the same build may have removed it first.
fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, e)),
        _ => Ok(()),
    }
}

#[cfg(unix)]
fn single_link(m: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(m) == 1
}

#[cfg(not(unix))]
fn single_link(_: &std::fs::Metadata) -> bool {
    true
}

/// Whether a file's name in `dir` is exactly the name it was written under. Where a file system
/// ignores case (macOS, Windows, casefolded ext4) or Unicode normalisation, a file of an older
/// build written over under a new spelling keeps its old name, and pruning would remove it: such
/// folders are never recycled.
fn names_are_exact(dir: &Path) -> bool {
    if cfg!(any(target_os = "macos", target_os = "ios", windows)) {
        return false;
    }
    let probe = dir.join(".quire-case-probe");
    if std::fs::write(&probe, b"").is_err() {
        return false;
    }
    let exact = dir.join(".QUIRE-CASE-PROBE").symlink_metadata().is_err();
    let _ = std::fs::remove_file(&probe);
    exact
}

/// What becomes of the staging folder once it is swapped in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Staging {
    /// Kept beside the output as `.NAME.staging`, holding the build before, for the next build
    /// to write over: overwriting a file keeps its inode, where a fresh folder for every build
    /// meant creating and then deleting every file and folder of the site each time (on ext4,
    /// creating files soon after mass deletion is several times slower). A lock file,
    /// `.NAME.lock`, keeps two builds of the same output from sharing it.
    Kept,
    /// A fresh folder per build, deleted with the old output after the swap: for outputs inside
    /// a folder that is published whole (`--versions-dir`), where a hidden copy would be too.
    Discarded,
}

/// Fills a staging folder beside `out` with `fill`, then swaps it in. A failure at any point
/// leaves the previous `out` as it was.
pub fn swap_in<T>(
    out: &Path,
    mode: Staging,
    fill: impl FnOnce(&DirSink) -> Result<T>,
) -> Result<T> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let (staging, _lock) = match mode {
        Staging::Kept => {
            let lock_path = parent.join(format!(".{name}.lock"));
            let lock = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)
                .map_err(|e| Error::io(&lock_path, e))?;
            lock.lock().map_err(|e| Error::io(&lock_path, e))?;
            (parent.join(format!(".{name}.staging")), Some(lock))
        }
        Staging::Discarded => (
            parent.join(format!(".{name}.staging-{}", std::process::id())),
            None,
        ),
    };
    let recycled = mode == Staging::Kept
        && staging.symlink_metadata().is_ok_and(|m| m.is_dir())
        && names_are_exact(&staging);
    if !recycled {
        if staging.symlink_metadata().is_ok_and(|m| m.is_dir()) {
            crate::fs::remove_dir_all(&staging)?;
        } else if staging.symlink_metadata().is_ok() {
            crate::fs::remove_file(&staging)?;
        }
        crate::fs::create_dir_all(&staging)?;
    }
    let sink = DirSink::staging(staging.clone(), recycled)?;
    let value = match fill(&sink) {
        Ok(value) => value,
        Err(e) => {
            if mode == Staging::Discarded {
                let _ = std::fs::remove_dir_all(&staging);
            }
            return Err(e);
        }
    };
    sink.prune()?;
    exchange(&staging, out, parent, &name)?;
    if mode == Staging::Discarded && staging.symlink_metadata().is_ok() {
        crate::fs::remove_dir_all(&staging)?;
    }
    Ok(value)
}

/// Puts `staging` at `out` and the previous `out`, if any, at `staging`. On Linux one
/// `renameat2(RENAME_EXCHANGE)`, so a reader of `out` sees the old site or the new one, never
/// neither; elsewhere, or where the file system cannot exchange, three renames.
fn exchange(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<()> {
    if out.symlink_metadata().is_err() {
        return crate::fs::rename(staging, out);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if old.symlink_metadata().is_ok() {
        crate::fs::remove_dir_all(&old)?;
    }
    crate::fs::rename(out, &old)?;
    if let Err(e) = crate::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    crate::fs::rename(&old, staging)
}
