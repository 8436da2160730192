//! `build.json`: a sink over another that records every file's size and SHA-256 as it passes,
//! and keeps (rather than writes again) a file the previous build's manifest says is unchanged.

use super::Sink;
use crate::error::{Error, Result};
use crate::release::Stamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A sink that passes files on and records each one's size and SHA-256 for `build.json`.
pub struct ManifestSink<'a> {
    pub inner: &'a dyn Sink,
    files: Mutex<BTreeMap<String, FileEntry>>,
    /// The files of the build the inner sink's folder holds, from its `build.json`: a file
    /// whose size and hash are unchanged is kept rather than written again.
    previous: BTreeMap<String, FileEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    pub size: u64,
    pub sha256: String,
}

impl<'a> ManifestSink<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        ManifestSink {
            inner,
            files: Mutex::default(),
            previous: BTreeMap::new(),
        }
    }

    /// Like `new`, for an inner sink writing over an older build whose `build.json` was
    /// `previous` (see `DirSink::previous_manifest`).
    pub fn over(inner: &'a dyn Sink, previous: Option<&[u8]>) -> Self {
        #[derive(Deserialize)]
        struct Files {
            files: BTreeMap<String, FileEntry>,
        }
        let previous = previous
            .and_then(|bytes| serde_json::from_slice::<Files>(bytes).ok())
            .map(|m| m.files)
            .unwrap_or_default();
        ManifestSink {
            previous,
            ..ManifestSink::new(inner)
        }
    }

    /// Like `over`, for files written one by one into the finished build whose `build.json` is
    /// `previous` (a page updated under `serve`): the new `build.json` keeps the other files.
    pub fn updating(inner: &'a dyn Sink, previous: Option<&[u8]>) -> Self {
        let sink = ManifestSink::over(inner, previous);
        ManifestSink {
            files: Mutex::new(sink.previous.clone()),
            ..sink
        }
    }

    /// Writes `build.json` through the inner sink.
    pub fn finish(self, stamp: &Stamp) -> Result<()> {
        #[derive(Serialize)]
        struct Manifest<'a> {
            version: &'a Option<String>,
            commit: &'a Option<String>,
            date: &'a Option<String>,
            tool: String,
            files: BTreeMap<String, FileEntry>,
        }
        let manifest = Manifest {
            version: &stamp.version,
            commit: &stamp.commit,
            date: &stamp.date,
            tool: format!("quire {}", env!("CARGO_PKG_VERSION")),
            files: self.files.into_inner().unwrap_or_else(|e| e.into_inner()),
        };
        let json = serde_json::to_string_pretty(&manifest)
            .map_err(|e| Error::Message(format!("cannot write build.json: {e}")))?;
        self.inner
            .put("build.json", format!("{json}\n").into_bytes())
    }
}

impl Sink for ManifestSink<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let entry = FileEntry {
            size: bytes.len() as u64,
            sha256: crate::fs::sha256_hex(&bytes),
        };
        let unchanged = self.previous.get(path) == Some(&entry);
        let size = entry.size;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), entry);
        if unchanged && self.inner.keep(path, size)? {
            return Ok(());
        }
        self.inner.put(path, bytes)
    }
}
