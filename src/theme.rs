//! A theme: Tera templates and static files. The built-in `proceedings` theme is compiled into
//! the binary from `themes/proceedings/`; a `themes/<name>/` folder on disk is used when present,
//! and a site's own `templates/` and `static/` override the theme file of the same path.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

// `THEME_FILES`: the files of themes/proceedings/, embedded by build.rs.
include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// A file of the built-in theme by its path under `themes/proceedings/`.
pub fn file(rel: &str) -> Option<&'static [u8]> {
    THEME_FILES
        .iter()
        .find(|(path, _)| *path == rel)
        .map(|&(_, bytes)| bytes)
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (relative to `public/`) → bytes, theme first, site overrides applied.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// The EPUB's own files (its stylesheet), from the theme's `epub/` and the site's `epub/`:
    /// path inside the book's theme folder → bytes.
    pub epub_files: BTreeMap<String, Vec<u8>>,
    /// Template name → the file it came from, for error messages.
    sources: BTreeMap<String, PathBuf>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut tera = tera::Tera::new();
        tera.set_fallback_prefixes(["theme/"])
            .map_err(|e| Error::Message(e.to_string()))?;
        let mut sources = BTreeMap::new();
        let mut templates: Vec<(String, String)> = Vec::new();
        let mut static_files = BTreeMap::new();
        let mut epub_files = BTreeMap::new();
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            for (rel, path) in files_under(&theme_dir.join("templates"))? {
                templates.push((format!("theme/{rel}"), crate::fs::read_to_string(&path)?));
                sources.insert(format!("theme/{rel}"), path);
            }
            for (rel, path) in files_under(&theme_dir.join("static"))? {
                static_files.insert(rel, crate::fs::read(&path)?);
            }
            for (rel, path) in files_under(&theme_dir.join("epub"))? {
                epub_files.insert(rel, crate::fs::read(&path)?);
            }
        } else if name == "proceedings" {
            for (rel, bytes) in THEME_FILES {
                if let Some(name) = rel.strip_prefix("templates/") {
                    let text = String::from_utf8_lossy(bytes).into_owned();
                    templates.push((format!("theme/{name}"), text));
                    sources.insert(
                        format!("theme/{name}"),
                        PathBuf::from(format!("themes/proceedings/{rel}")),
                    );
                } else if let Some(name) = rel.strip_prefix("static/") {
                    static_files.insert(name.to_string(), bytes.to_vec());
                } else if let Some(name) = rel.strip_prefix("epub/") {
                    epub_files.insert(name.to_string(), bytes.to_vec());
                }
            }
        } else {
            return Err(Error::file(
                &theme_dir,
                format!("theme \"{name}\" not found; create the folder or use the built-in `proceedings`"),
            ));
        }
        for (rel, path) in files_under(&root.join("templates"))? {
            templates.push((rel.clone(), crate::fs::read_to_string(&path)?));
            sources.insert(rel, path);
        }
        for (rel, path) in files_under(&root.join("static"))? {
            static_files.insert(rel, crate::fs::read(&path)?);
        }
        for (rel, path) in files_under(&root.join("epub"))? {
            epub_files.insert(rel, crate::fs::read(&path)?);
        }
        tera.add_raw_templates(templates)
            .map_err(|e| tera_error(&sources, &e))?;
        Ok(Theme {
            tera,
            static_files,
            epub_files,
            sources,
        })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.contains_template(name) || self.tera.contains_template(&format!("theme/{name}"))
    }

    /// A Tera error as `path:line:col: message`, with the file the template came from.
    pub fn tera_error(&self, e: &tera::Error) -> Error {
        tera_error(&self.sources, e)
    }
}

/// A Tera error as `path:line:col: message`; `sources` maps template names to their files.
fn tera_error(sources: &BTreeMap<String, PathBuf>, e: &tera::Error) -> Error {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let name = r.filename();
            let path = sources
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(name));
            let span = r.span();
            Error::at(
                path,
                span.start_line,
                Some(span.start_col + 1),
                format!("template error: {}", r.message()),
            )
        }
        None => Error::Message(format!("template error: {}", first_line(&e.to_string()))),
    }
}

fn first_line(s: &str) -> String {
    s.lines()
        .map(|l| l.trim_start_matches("error: "))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Files under `dir` as `(relative path with /, full path)`, sorted; none when `dir` is absent.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::file(dir, e.to_string()))?;
        if entry.file_type().is_file() && !crate::page::is_hidden_or_temp(entry.file_name()) {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir yields paths under its root");
            let rel = crate::url::slash_path(rel);
            out.push((rel, entry.path().to_path_buf()));
        }
    }
    Ok(out)
}
