//! The site as the JSON document the PDF template reads (`json("/quire/proceedings.json")`):
//! the volume's metadata for the cover and the PDF's info, and every part's blocks in reading
//! order. Each page's Markdown is read again here: the build keeps only its HTML.

use super::doc::{self, Block, Resolve, Target};
use crate::error::Result;
use crate::site::links::SiteIndex;
use crate::site::Site;
use crate::url::normalize;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A page's footnotes: key → blocks.
type Notes = BTreeMap<String, Vec<Block>>;

#[derive(Serialize)]
pub struct Document {
    pub site: Volume,
    pub pages: Vec<Part>,
    /// Every footnote's blocks, by `page-path^name`.
    pub notes: Notes,
}

#[derive(Serialize)]
pub struct Volume {
    pub title: String,
    pub subtitle: Option<String>,
    pub publisher: Option<String>,
    /// `[year, month, day]` of the publication date, for the template to format.
    pub date: Option<[u16; 3]>,
    pub editors: Vec<String>,
    /// The PDF's authors: the editors, else the publisher.
    pub authors: Vec<String>,
    pub keywords: Vec<String>,
    pub description: String,
    pub language: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct Part {
    /// The page's path, `session-3/`: the label of its title in the PDF.
    pub label: String,
    pub title: String,
    /// `Session 3`, or the page's own `label`.
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub speakers: Vec<String>,
    pub byline: Option<String>,
    pub body: Vec<Block>,
}

/// Resolves one page's links against the site: pages and their headings become labels.
struct Links<'a> {
    index: &'a SiteIndex,
    /// Folder of the page's source under content/.
    dir: String,
    own: &'a str,
    /// Heading ids of each page (only headings carry labels in the PDF).
    headings: &'a [BTreeSet<String>],
    base_url: &'a str,
}

impl Resolve for Links<'_> {
    fn resolve(&self, dest: &str) -> Target {
        if !crate::markdown::is_internal(dest) {
            return Target::Url(dest.to_string());
        }
        let (target, fragment) = match dest.split_once('#') {
            Some((t, f)) => (
                crate::escape::url_decode(t),
                Some(crate::escape::url_decode(f)),
            ),
            None => (crate::escape::url_decode(dest), None),
        };
        let page = if target.is_empty() {
            self.index.by_path.get(self.own).map(|&at| (at, self.own))
        } else {
            let Some(joined) = normalize(&self.dir, &target) else {
                return Target::None;
            };
            if self.index.assets.contains(&joined) {
                return Target::Url(format!(
                    "{}{}",
                    self.base_url,
                    crate::escape::url_path(&joined)
                ));
            }
            self.index
                .by_source
                .get(&joined)
                .map(|t| (t.at, t.path.as_str()))
        };
        let Some((t, path)) = page else {
            return Target::None;
        };
        match fragment {
            Some(f) if self.headings[t].contains(f.as_ref()) => {
                Target::Label(format!("{path}#{f}"))
            }
            // The home page is the cover; other ids (footnotes, raw HTML) have no label here.
            _ if path.is_empty() => Target::None,
            _ => Target::Label(path.to_string()),
        }
    }
}

/// Builds the document from the loaded site. `heading_ids` are each page's heading ids as the
/// HTML gave them out, in the order of `site.pages`.
pub fn document(site: &Site, heading_ids: &[Vec<String>]) -> Result<Document> {
    let config = site.config();
    let headings: Vec<BTreeSet<String>> = heading_ids
        .iter()
        .map(|ids| ids.iter().cloned().collect())
        .collect();
    let pages: Vec<&crate::page::Page> = site.pages().collect();
    let converted: Vec<Result<(Part, Notes)>> = pages
        .par_iter()
        .zip(heading_ids.par_iter())
        // The home page is the cover.
        .filter(|(p, _)| !p.path.is_empty())
        .map(|(page, ids)| {
            let text = crate::fs::read_to_string(&site.content_dir().join(&page.source))?;
            let (_, body, _) = crate::page::parse_page(&text, &page.display_path)?;
            let links = Links {
                index: site.index(),
                dir: page
                    .source
                    .parent()
                    .map(crate::url::slash_path)
                    .unwrap_or_default(),
                own: &page.path,
                headings: &headings,
                base_url: &config.base_url,
            };
            let c = doc::convert(&body, &page.path, ids.clone(), &links);
            let front = &page.front;
            let unit = front
                .label
                .clone()
                .or_else(|| front.session.map(|n| format!("Session {n}")));
            let part = Part {
                label: page.path.clone(),
                title: front.title.clone(),
                unit,
                kind: front.kind.clone(),
                speakers: front.speakers.clone(),
                byline: front.byline.clone(),
                body: c.body,
            };
            Ok((part, c.notes))
        })
        .collect();
    let mut pages = Vec::new();
    let mut notes = BTreeMap::new();
    for c in converted {
        let (part, n) = c?;
        pages.push(part);
        notes.extend(n);
    }
    let editors: Vec<String> = crate::credits::editors(config)
        .into_iter()
        .map(|p| p.name)
        .collect();
    let authors = if editors.is_empty() {
        config.publisher.iter().cloned().collect()
    } else {
        editors.clone()
    };
    let date = config.date.as_deref().and_then(|d| {
        let mut parts = d.split('-').map(|n| n.parse::<u16>().ok());
        Some([parts.next()??, parts.next()??, parts.next()??])
    });
    let mut keywords = config.keywords.clone();
    if keywords.is_empty() {
        keywords.extend(config.subtitle.iter().cloned());
    }
    Ok(Document {
        site: Volume {
            title: config.title.clone(),
            subtitle: config.subtitle.clone(),
            publisher: config.publisher.clone(),
            date,
            editors,
            authors,
            keywords,
            description: crate::describe::volume(config),
            language: config.language.clone(),
            url: config.base_url.clone(),
        },
        pages,
        notes,
    })
}
