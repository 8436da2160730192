//! Build phase 2: the relative links of every page resolved once all targets are known. Pages by
//! source file, their heading ids, and copied files in; each placeholder replaced by a relative
//! URL, and one located error per broken link, out.

use super::Entry;
use crate::error::Error;
use crate::escape;
use crate::markdown::{Rendered, LINK_PREFIX};
use crate::page::Page;
use crate::url::{link_path, normalize, relative};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What links can point at.
#[derive(Debug, Default)]
pub struct SiteIndex {
    /// A page's source file under content/ (`a/b.md`) → where it is and what its links can name.
    pub by_source: BTreeMap<String, Target>,
    /// A page's output folder (`a/b/`) → its place in the site's list of entries.
    pub by_path: BTreeMap<String, usize>,
    pub assets: BTreeSet<String>,
}

/// A page as a link target.
#[derive(Debug)]
pub struct Target {
    /// Its place in the site's list of entries.
    pub at: usize,
    /// Its output folder, `a/b/`.
    pub path: String,
    /// Heading and other element ids.
    pub ids: BTreeSet<String>,
}

impl SiteIndex {
    pub fn new(entries: &[Entry], assets: &[PathBuf]) -> Self {
        let ids: Vec<BTreeSet<String>> = entries.par_iter().map(|e| ids_of(&e.doc)).collect();
        SiteIndex {
            by_source: entries
                .iter()
                .zip(ids)
                .enumerate()
                .map(|(at, (e, ids))| {
                    let path = e.page.path.clone();
                    (source_key(&e.page), Target { at, path, ids })
                })
                .collect(),
            by_path: entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.page.path.clone(), i))
                .collect(),
            assets: assets.iter().map(|a| crate::url::slash_path(a)).collect(),
        }
    }
}

pub fn source_key(page: &Page) -> String {
    crate::url::slash_path(&page.source)
}

/// Heading ids, and footnote or raw-HTML ids, which are link targets too.
pub fn ids_of(r: &Rendered) -> BTreeSet<String> {
    // Headings' ids among them: each heading is written `<hN id="…"`.
    let mut ids = BTreeSet::new();
    // memchr's SIMD substring search: `str` searching here cost 4 % of a 10,000-page build.
    for i in memchr::memmem::find_iter(r.html.as_bytes(), b" id=\"") {
        let rest = &r.html[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
    ids
}

/// Replaces the page's link placeholders with relative URLs; returns an error per broken link.
pub fn resolve_links(
    page: &Page,
    r: &mut Rendered,
    index: &SiteIndex,
    file_urls: bool,
) -> Vec<Error> {
    let mut errors = Vec::new();
    let dir = page
        .source
        .parent()
        .map(crate::url::slash_path)
        .unwrap_or_default();
    let own = index.by_source.get(&source_key(page));
    let mut urls: Vec<Option<String>> = vec![None; r.links.len()];
    for (n, link) in r.links.iter().enumerate() {
        // Markdown links are URLs: `what%3F.md` names the file `what?.md`.
        let (target, fragment) = match link.dest.split_once('#') {
            Some((t, f)) => (escape::url_decode(t), Some(escape::url_decode(f))),
            None => (escape::url_decode(&link.dest), None),
        };
        let (target, fragment) = (target.as_ref(), fragment.as_deref());
        let fail = |msg: String| Error::at(&page.display_path, link.line, Some(link.column), msg);
        let mut url = if target.is_empty() {
            if let (Some(f), Some(o)) = (fragment, own) {
                if !o.ids.contains(f) {
                    errors.push(fail(format!(
                        "link to a missing heading `#{f}` on this page"
                    )));
                }
            }
            String::new()
        } else {
            let Some(joined) = normalize(&dir, target) else {
                errors.push(fail(format!(
                    "link `{}` leaves the content folder",
                    link.dest
                )));
                continue;
            };
            if joined.ends_with(".md") {
                let Some(t) = index.by_source.get(&joined) else {
                    errors.push(fail(format!(
                        "link to a missing page `{target}`: no content/{joined}; fix the path or create the page"
                    )));
                    continue;
                };
                if let Some(f) = fragment.filter(|f| !t.ids.contains(*f)) {
                    errors.push(fail(format!(
                        "link to a missing heading `#{f}` in {joined}; the page's headings are: {}",
                        t.ids.iter().take(8).cloned().collect::<Vec<_>>().join(", ")
                    )));
                }
                link_path(&relative(&page.path, &t.path), file_urls)
            } else if index.assets.contains(&joined) {
                relative(&page.path, &escape::url_path(&joined))
            } else {
                errors.push(fail(format!(
                    "link to a missing file `{target}`: no content/{joined}"
                )));
                continue;
            }
        };
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(&escape::url_fragment(f));
        }
        if url.is_empty() {
            url = "./".into();
        }
        urls[n] = Some(escape::html_attr(&url));
    }
    r.html = replace_placeholders(&r.html, &urls);
    errors
}

/// One pass over the page: each `"quire-link:N"` becomes its URL (or stays when unresolved).
fn replace_placeholders(html: &str, urls: &[Option<String>]) -> String {
    let marker = format!("\"{LINK_PREFIX}");
    let finder = memchr::memmem::Finder::new(marker.as_bytes());
    let mut out = String::with_capacity(html.len() + 64 * urls.len());
    let mut rest = html;
    while let Some(at) = finder.find(rest.as_bytes()) {
        let after = &rest[at + marker.len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let n: Option<usize> = after[..digits].parse().ok();
        match (
            n.and_then(|n| urls.get(n)).and_then(Option::as_ref),
            after[digits..].starts_with('"'),
        ) {
            (Some(url), true) => {
                out.push_str(&rest[..at]);
                out.push('"');
                out.push_str(url);
                out.push('"');
                rest = &after[digits + 1..];
            }
            _ => {
                out.push_str(&rest[..at + marker.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
