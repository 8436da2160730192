//! Helpers shared by the integration tests (each test crate uses the ones it needs).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Copies the folder `from` into `to`, leaving out build output and version control.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some("target" | "public" | ".git")))
    {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Copies the repository's own site (config, content, seeds, themes) into `to`.
pub fn copy_repo_site(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["site.yaml", "content", "seeds", "themes"] {
        let from = repo.join(name);
        if from.is_dir() {
            copy_dir(&from, &to.join(name));
        } else {
            std::fs::copy(&from, to.join(name)).unwrap();
        }
    }
}

/// Every file under `dir` by its `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
