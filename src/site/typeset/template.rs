//! The theme's PDF template: the `.typ` files (and fonts) of `themes/<name>/pdf/`, or of the
//! built-in theme, with the site's own `pdf/` folder overriding them file by file, as a site's
//! `templates/` overrides the HTML templates.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The template's entry file, as Typst sees it.
pub const MAIN: &str = "main.typ";

/// One file of the template: where it came from (for messages) and its bytes.
pub struct File {
    pub shown: PathBuf,
    pub bytes: Vec<u8>,
}

/// The template's files by their path under `pdf/` (`main.typ`, `fonts/x.otf`).
pub struct Template {
    pub files: BTreeMap<String, File>,
}

impl Template {
    pub fn load(root: &Path, theme: &str) -> Result<Template> {
        let mut files = BTreeMap::new();
        let theme_pdf = root.join("themes").join(theme).join("pdf");
        // A theme without a PDF template of its own (an HTML-only theme) gets the built-in one.
        if theme_pdf.is_dir() {
            for (rel, path) in crate::theme::files_under(&theme_pdf)? {
                let bytes = crate::fs::read(&path)?;
                files.insert(rel, File { shown: path, bytes });
            }
        } else {
            for (rel, bytes) in crate::theme::THEME_FILES {
                if let Some(name) = rel.strip_prefix("pdf/") {
                    let shown = PathBuf::from(format!("themes/proceedings/{rel}"));
                    files.insert(
                        name.to_string(),
                        File {
                            shown,
                            bytes: bytes.to_vec(),
                        },
                    );
                }
            }
        }
        for (rel, path) in crate::theme::files_under(&root.join("pdf"))? {
            let bytes = crate::fs::read(&path)?;
            files.insert(rel, File { shown: path, bytes });
        }
        if !files.contains_key(MAIN) {
            return Err(Error::file(
                theme_pdf.join(MAIN),
                format!("the PDF template has no {MAIN}; add it, or set `pdf: false` in site.yaml"),
            ));
        }
        Ok(Template { files })
    }

    /// Font files shipped with the template (`.otf`, `.ttf`, `.ttc`, `.otc`).
    pub fn fonts(&self) -> impl Iterator<Item = &[u8]> {
        self.files
            .iter()
            .filter(|(name, _)| {
                let lower = name.to_ascii_lowercase();
                [".otf", ".ttf", ".ttc", ".otc"]
                    .iter()
                    .any(|ext| lower.ends_with(ext))
            })
            .map(|(_, f)| f.bytes.as_slice())
    }
}
