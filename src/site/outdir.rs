//! Whether a folder may receive a build. A build replaces its output folder whole (the old one
//! becomes the staging folder, which the next build prunes), so the folder must be Quire's: absent,
//! empty, or holding a previous Quire build (its `build.json`). The site itself, a folder above
//! it and its source folders are never an output, `--force` or not.

use crate::error::{Error, Result};
use std::path::{Component, Path, PathBuf};

/// The site's own files and folders, which no output may be, contain or sit inside.
const SOURCES: &[&str] = &[
    "content",
    "themes",
    "templates",
    "static",
    "epub",
    "seeds",
    "pdf",
    "site.yaml",
    ".git",
];

/// Checks that `out` may be written by a build of the site at `root`. With `force`, a folder
/// holding files Quire did not write is accepted (its files will be deleted); nothing else is.
pub fn check(root: &Path, out: &Path, force: bool) -> Result<()> {
    check_place(root, out)?;
    match out.symlink_metadata() {
        Err(_) => Ok(()),
        Ok(meta) if !meta.is_dir() => Err(Error::file(
            out,
            "exists and is not a folder; choose another `--output`, or remove it",
        )),
        Ok(_) if force || is_empty(out)? || holds_quire_build(out) => Ok(()),
        Ok(_) => Err(Error::file(
            out,
            "holds files that Quire did not write (no build.json of a Quire build); a build replaces its output folder whole, so choose an empty or new folder, or pass --force to replace this one and delete its files",
        )),
    }
}

/// Checks that `out` is neither the site, nor a folder above it, nor in its sources.
pub fn check_place(root: &Path, out: &Path) -> Result<()> {
    let root_abs = absolute(root)?;
    let out_abs = absolute(out)?;
    if root_abs.starts_with(&out_abs) {
        let what = if root_abs == out_abs {
            "is the site folder itself"
        } else {
            "holds the site folder"
        };
        return Err(Error::file(
            out,
            format!("{what}; a build replaces its output folder whole, so choose a folder of its own, e.g. `--output public`"),
        ));
    }
    for source in SOURCES {
        let source_abs = root_abs.join(source);
        if out_abs.starts_with(&source_abs) {
            return Err(Error::file(
                out,
                format!("is inside the site's `{source}`, which the build reads; choose a folder outside the sources, e.g. `--output public`"),
            ));
        }
    }
    Ok(())
}

fn is_empty(dir: &Path) -> Result<bool> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .next()
        .is_none())
}

/// Whether `dir/build.json` is the manifest of a Quire build.
fn holds_quire_build(dir: &Path) -> bool {
    #[derive(serde::Deserialize)]
    struct Manifest {
        tool: String,
    }
    std::fs::read(dir.join("build.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .is_some_and(|m| m.tool.starts_with("quire "))
}

/// `path` made absolute without requiring it to exist: `.` and `..` taken lexically, then its
/// longest existing ancestor resolved (symbolic links followed) and the rest appended.
fn absolute(path: &Path) -> Result<PathBuf> {
    let joined = std::path::absolute(path).map_err(|e| Error::io(path, e))?;
    let mut lexical = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return Ok(out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return Ok(lexical),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in ["content", "themes", "seeds"] {
            std::fs::create_dir(dir.path().join(d)).unwrap();
        }
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        dir
    }

    fn message(root: &Path, out: &Path, force: bool) -> String {
        check(root, out, force).unwrap_err().to_string()
    }

    #[test]
    fn the_site_its_parents_and_its_sources_are_never_outputs() {
        let dir = site();
        let root = dir.path();
        for (out, words) in [
            (root.to_path_buf(), "is the site folder itself"),
            (root.join("."), "is the site folder itself"),
            (root.join(".."), "holds the site folder"),
            (root.join("content"), "inside the site's `content`"),
            (root.join("content/out"), "inside the site's `content`"),
            (root.join("themes"), "inside the site's `themes`"),
            (root.join("site.yaml"), "inside the site's `site.yaml`"),
            (root.join("public/../seeds/x"), "inside the site's `seeds`"),
        ] {
            for force in [false, true] {
                let m = check(root, &out, force)
                    .err()
                    .unwrap_or_else(|| panic!("{} accepted", out.display()))
                    .to_string();
                assert!(m.contains(words), "{}: {m}", out.display());
            }
        }
    }

    #[test]
    fn a_folder_of_someone_elses_files_needs_force() {
        let dir = site();
        let root = dir.path();
        let docs = root.join("docs");
        std::fs::create_dir(&docs).unwrap();
        assert!(check(root, &docs, false).is_ok(), "empty folder");
        std::fs::write(docs.join("notes.md"), "mine").unwrap();
        let m = message(root, &docs, false);
        assert!(m.contains("did not write") && m.contains("--force"), "{m}");
        assert!(check(root, &docs, true).is_ok());
        std::fs::write(docs.join("build.json"), r#"{"tool":"hugo"}"#).unwrap();
        assert!(
            check(root, &docs, false).is_err(),
            "another tool's manifest"
        );
        std::fs::write(
            docs.join("build.json"),
            r#"{"tool":"quire 0.1.0","files":{}}"#,
        )
        .unwrap();
        assert!(check(root, &docs, false).is_ok(), "a Quire build");
        assert!(check(root, &root.join("public"), false).is_ok(), "absent");
        std::fs::write(root.join("file"), "x").unwrap();
        assert!(message(root, &root.join("file"), true).contains("not a folder"));
    }
}
