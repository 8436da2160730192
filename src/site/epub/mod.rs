//! `proceedings.epub`: the whole proceedings as one EPUB 3, from the same pages as the site. The
//! home page is the title page, then the navigation document, then one chapter per page in the
//! site's reading order (the print edition's), then the glossary; the theme's `epub/` files
//! (its stylesheet) and the images the pages show come along. Every file is written through an
//! XML writer (`xml`), pages' HTML through an HTML parser (`xhtml`), and the container is zipped
//! with fixed dates and order (`archive`), so two builds give the same bytes.

mod archive;
mod chapters;
pub mod links;
mod nav;
mod package;
mod xhtml;
mod xml;

use crate::error::Result;
use crate::site::Site;
use chapters::{Chapter, Head};
use links::Linker;
use package::{Item, Metadata};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// The book's path in the built site.
pub const PATH: &str = "proceedings.epub";

/// The folder of the package document inside the container; every other path is relative to it.
const DIR: &str = "EPUB/";

impl Site {
    /// Whether the build writes the EPUB (`epub: false` in site.yaml turns it off).
    pub fn has_epub(&self) -> bool {
        self.config.epub
    }
}

/// The media types the book carries files of, by extension: EPUB's core media types.
fn media_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "css" => "text/css",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        _ => return None,
    })
}

/// The EPUB of `site`, as bytes.
pub fn build(site: &Site) -> Result<Vec<u8>> {
    let config = &site.config;
    let pages = site.entries.len();
    let glossary = site.has_glossary();
    let assets: Vec<String> = site
        .assets
        .iter()
        .map(|a| crate::url::slash_path(a))
        .collect();

    let mut linker = Linker::new(&config.base_url);
    for (i, p) in site.pages().enumerate() {
        linker
            .chapters
            .insert(p.path.as_str(), format!("c{i}.xhtml"));
    }
    if glossary {
        linker
            .chapters
            .insert("glossary/", format!("c{pages}.xhtml"));
    }
    for (i, asset) in assets.iter().enumerate() {
        if let Some(t) = media_type(asset).filter(|t| t.starts_with("image/")) {
            let ext = asset
                .rsplit_once('.')
                .map_or("", |(_, e)| e)
                .to_ascii_lowercase();
            linker.media.insert(asset, (format!("media/m{i}.{ext}"), t));
        }
    }
    let theme: Vec<(String, &'static str, &Vec<u8>)> = site
        .theme
        .epub_files
        .iter()
        .filter_map(|(rel, bytes)| Some((format!("theme/{rel}"), media_type(rel)?, bytes)))
        .collect();
    let css: Vec<String> = theme
        .iter()
        .filter(|(_, t, _)| *t == "text/css")
        .map(|(href, _, _)| href.clone())
        .collect();
    let head = Head {
        language: &config.language,
        css: &css,
    };

    let mut chapters: Vec<Chapter> = site
        .entries
        .par_iter()
        .map(|e| (&e.page, &e.doc))
        .enumerate()
        .map(|(i, (p, d))| chapters::page(p, d, format!("c{i}.xhtml"), &head, config, &linker))
        .collect();
    if glossary {
        let terms = &site.terms;
        chapters.push(chapters::glossary(terms, format!("c{pages}.xhtml"), &head));
    }

    let mut items = vec![Item {
        id: "nav".into(),
        href: nav::FILE.into(),
        media_type: "application/xhtml+xml",
        properties: "nav".into(),
    }];
    let mut spine: Vec<String> = Vec::with_capacity(chapters.len() + 1);
    for (n, c) in chapters.iter().enumerate() {
        let id = format!("c{n}");
        let props: Vec<&str> = [(c.found.svg, "svg"), (c.found.mathml, "mathml")]
            .into_iter()
            .filter_map(|(has, p)| has.then_some(p))
            .collect();
        items.push(Item {
            id: id.clone(),
            href: c.file.clone(),
            media_type: "application/xhtml+xml",
            properties: props.join(" "),
        });
        // The contents come right after the title page.
        if n == 0 && c.landmark != Some("titlepage") {
            spine.push("nav".into());
        }
        spine.push(id);
        if n == 0 && c.landmark == Some("titlepage") {
            spine.push("nav".into());
        }
    }
    if chapters.is_empty() {
        spine.push("nav".into());
    }
    for (n, (href, t, _)) in theme.iter().enumerate() {
        items.push(Item {
            id: format!("t{n}"),
            href: href.clone(),
            media_type: t,
            properties: String::new(),
        });
    }
    let used: BTreeSet<&str> = chapters
        .iter()
        .flat_map(|c| c.found.media.iter().copied())
        .collect();
    let mut media_files = Vec::with_capacity(used.len());
    for (i, asset) in assets.iter().enumerate() {
        let Some((file, t)) = linker.media.get(asset.as_str()) else {
            continue;
        };
        if used.contains(asset.as_str()) {
            items.push(Item {
                id: format!("m{i}"),
                href: file.clone(),
                media_type: t,
                properties: String::new(),
            });
            let bytes = crate::fs::read(&site.content_dir.join(&site.assets[i]))?;
            media_files.push((file.clone(), bytes));
        }
    }

    let spine: Vec<&str> = spine.iter().map(String::as_str).collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(items.len() + 2);
    files.push(("META-INF/container.xml".into(), package::container()));
    files.push((
        package::OPF.into(),
        package::opf(&metadata(site), &items, &spine),
    ));
    files.push((
        format!("{DIR}{}", nav::FILE),
        nav::document(&chapters, &head),
    ));
    for c in chapters {
        files.push((format!("{DIR}{}", c.file), c.xhtml));
    }
    for (href, _, bytes) in theme {
        files.push((format!("{DIR}{href}"), bytes.clone()));
    }
    for (file, bytes) in media_files {
        files.push((format!("{DIR}{file}"), bytes));
    }
    archive::zip(&files)
}

/// The book's metadata from site.yaml, the home page and the build's date.
fn metadata(site: &Site) -> Metadata {
    let config = &site.config;
    let home = site.pages().find(|p| p.path.is_empty());
    let mut creators: Vec<(String, &'static str)> =
        config.editors.iter().map(|e| (e.clone(), "edt")).collect();
    if creators.is_empty() {
        // No editors named: the authors of the parts, each once, in reading order.
        let mut seen = BTreeSet::new();
        for page in site.pages().filter(|p| crate::credits::is_part(p)) {
            for person in crate::credits::authors(page) {
                if seen.insert(person.name.clone()) {
                    creators.push((person.name, "aut"));
                }
            }
        }
    }
    let modified = match site.stamp.epoch {
        Some(secs) => crate::feeds::rfc3339_from_epoch(secs),
        None => super::outputs::build_date(site.pages(), config, None),
    };
    Metadata {
        identifier: identifier(&config.base_url, &config.title),
        title: config.title.clone(),
        subtitle: config.subtitle.clone(),
        language: config.language.clone(),
        creators,
        publisher: config.publisher.clone(),
        date: config.date.clone(),
        description: home
            .map(|h| h.description.clone())
            .filter(|d| !d.is_empty()),
        modified,
    }
}

/// A name-based UUID of the book's address and title: the same for every build of a site, and
/// another for another site (even one at the default address).
fn identifier(base_url: &str, title: &str) -> String {
    let name = format!("{base_url}{PATH}\n{title}");
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
    format!("urn:uuid:{uuid}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_identifier_is_stable_and_per_site() {
        let a = super::identifier("https://ex.org/p/", "Proceedings");
        assert_eq!(a, super::identifier("https://ex.org/p/", "Proceedings"));
        assert!(a.starts_with("urn:uuid:") && a.len() == 45, "{a}");
        assert_ne!(a, super::identifier("https://ex.org/q/", "Proceedings"));
        assert_ne!(a, super::identifier("https://ex.org/p/", "Other"));
    }
}
