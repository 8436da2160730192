//! Where a build's files go: memory (tests, `check`), straight into a folder (serve's
//! incremental updates), or a staging folder swapped in whole (build). A failed build never
//! leaves a half-written site.

use crate::error::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
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
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Writes each file as soon as it is rendered, so a large site is never held in memory whole.
/// With `atomic_files`, each file replaces its predecessor by rename (for a folder being served).
pub struct DirSink {
    pub dir: PathBuf,
    pub atomic_files: bool,
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let target = self.dir.join(path);
        if self.atomic_files {
            return crate::fs::write_atomic(&target, &bytes);
        }
        if let Some(dir) = target.parent() {
            crate::fs::create_dir_all(dir)?;
        }
        crate::fs::write(&target, &bytes)
    }
}

/// Fills a staging folder beside `out` with `fill`, then swaps it in. A failure at any point
/// leaves the previous `out` as it was.
pub fn swap_in<T>(out: &Path, fill: impl FnOnce(&DirSink) -> Result<T>) -> Result<T> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            crate::fs::remove_dir_all(leftover)?;
        }
    }
    crate::fs::create_dir_all(&staging)?;
    let sink = DirSink {
        dir: staging.clone(),
        atomic_files: false,
    };
    let value = match fill(&sink) {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        crate::fs::rename(out, &old)?;
    }
    if let Err(e) = crate::fs::rename(&staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    if old.exists() {
        crate::fs::remove_dir_all(&old)?;
    }
    Ok(value)
}
