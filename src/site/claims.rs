//! One table of every path a build will write, filled before anything is rendered: pages, copied
//! files, the theme's static files and the files the build makes. Two claims on one path, or a
//! file where another claim needs a folder (`slug: index.html` makes `index.html/index.html`),
//! are located errors naming both claimants, so no output silently replaces another.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Who wants a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claimant {
    /// A page, by its source file (as shown to the user).
    Page(PathBuf),
    /// A file of `content/` copied as it is.
    Copied(PathBuf),
    /// A static file of the theme or the site's `static/`.
    Static,
    /// A file the build makes, with what it is, e.g. `the sitemap`.
    Generated(&'static str),
}

impl Claimant {
    fn describe(&self) -> String {
        match self {
            Claimant::Page(p) => format!("the page {}", p.display()),
            Claimant::Copied(p) => format!("the file {}", p.display()),
            Claimant::Static => "a static file of the theme or static/".into(),
            Claimant::Generated(what) => format!("{what}, which the build writes"),
        }
    }

    fn source(&self) -> Option<&PathBuf> {
        match self {
            Claimant::Page(p) | Claimant::Copied(p) => Some(p),
            _ => None,
        }
    }
}

#[derive(Default)]
pub struct Claims(BTreeMap<String, Claimant>);

impl Claims {
    /// Records `path` for `who`; a path claimed before is an error naming both.
    pub fn claim(&mut self, path: String, who: Claimant, errors: &mut Vec<Error>) {
        if let Some(first) = self.0.get(&path) {
            errors.push(located(&who, first, |a, b| {
                format!("{a} and {b} both write `{path}`")
            }));
            return;
        }
        self.0.insert(path, who);
    }

    /// Every file claimed where another claim needs a folder of the same name.
    pub fn folder_conflicts(&self, errors: &mut Vec<Error>) {
        for (path, file_owner) in &self.0 {
            let folder = format!("{path}/");
            let Some((inner, owner)) = self.0.range(folder.clone()..).next() else {
                continue;
            };
            if inner.starts_with(&folder) {
                errors.push(located(owner, file_owner, |a, b| {
                    format!("`{inner}` of {a} needs `{path}` to be a folder, but {b} writes `{path}` as a file")
                }));
            }
        }
    }
}

/// The error for a clash of `a` and `b`, located at whichever comes from content (`a` first).
fn located(a: &Claimant, b: &Claimant, say: impl Fn(&str, &str) -> String) -> Error {
    let (da, db) = (a.describe(), b.describe());
    let message = format!("{}; change a slug or rename a file", say(&da, &db));
    match a.source().or(b.source()) {
        Some(source) => Error::file(source, message),
        None => Error::Message(message),
    }
}

impl super::Site {
    /// The files this build makes besides pages, copied files and static files, with what each
    /// is: `(path, description)`. A test holds `render_all` to this list.
    pub fn generated_outputs(&self) -> Vec<(&'static str, &'static str)> {
        let all = [
            (
                "404.html",
                "the not-found page",
                self.theme.has_template("404.html"),
            ),
            ("sitemap.xml", "the sitemap", true),
            ("robots.txt", "robots.txt", true),
            ("atom.xml", "the Atom feed", true),
            ("search-index.js", "the search index", true),
            ("cite.bib", "the bibliography", true),
            ("build.json", "the build manifest", true),
            ("syntax.css", "the code stylesheet", self.has_code),
            ("print/index.html", "the print edition", self.has_print()),
            ("glossary/index.html", "the glossary", self.has_glossary()),
            (crate::epub::PATH, "the EPUB", self.has_epub()),
        ];
        all.into_iter()
            .filter(|&(_, _, made)| made)
            .map(|(path, what, _)| (path, what))
            .collect()
    }

    /// Fills the claim table of this build's outputs; every clash is reported.
    pub(super) fn check_claims(&self) -> Result<()> {
        let mut claims = Claims::default();
        let mut errors = Vec::new();
        for page in &self.pages {
            let who = Claimant::Page(page.display_path.clone());
            claims.claim(format!("{}index.html", page.path), who, &mut errors);
        }
        for asset in &self.assets {
            let who = Claimant::Copied(self.content_dir.join(asset));
            claims.claim(crate::page::slash_path(asset), who, &mut errors);
        }
        for path in self.theme.static_files.keys() {
            claims.claim(path.clone(), Claimant::Static, &mut errors);
        }
        for (path, what) in self.generated_outputs() {
            claims.claim(path.into(), Claimant::Generated(what), &mut errors);
        }
        claims.folder_conflicts(&mut errors);
        Error::many(errors).map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(paths: &[(&str, Claimant)]) -> Vec<String> {
        let mut claims = Claims::default();
        let mut errors = Vec::new();
        for (p, who) in paths {
            claims.claim(p.to_string(), who.clone(), &mut errors);
        }
        claims.folder_conflicts(&mut errors);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn two_pages_on_one_path_are_named_both() {
        let page = |p: &str| Claimant::Page(PathBuf::from(p));
        assert_eq!(
            errors(&[("a/index.html", page("content/a.md")), ("a/index.html", page("content/b.md"))]),
            ["content/b.md: the page content/b.md and the page content/a.md both write `a/index.html`; change a slug or rename a file"]
        );
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_a_clash() {
        let got = errors(&[
            (
                "index.html",
                Claimant::Page(PathBuf::from("content/_index.md")),
            ),
            (
                "index.html/index.html",
                Claimant::Page(PathBuf::from("content/x.md")),
            ),
            ("sitemap.xml", Claimant::Generated("the sitemap")),
            (
                "sitemap.xml/index.html",
                Claimant::Page(PathBuf::from("content/y.md")),
            ),
            (
                "style.css/index.html",
                Claimant::Page(PathBuf::from("content/z.md")),
            ),
            ("style.css", Claimant::Static),
            (
                "ok/index.html",
                Claimant::Page(PathBuf::from("content/ok.md")),
            ),
        ]);
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got[0].starts_with("content/x.md: `index.html/index.html` of the page content/x.md needs `index.html` to be a folder, but the page content/_index.md writes"), "{}", got[0]);
        assert!(
            got[1].starts_with("content/y.md: ")
                && got[1].contains("the sitemap, which the build writes"),
            "{}",
            got[1]
        );
        assert!(
            got[2].starts_with("content/z.md: ") && got[2].contains("static file"),
            "{}",
            got[2]
        );
    }
}
