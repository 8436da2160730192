//! `Site::load`: config, theme and content read; every page's Markdown rendered as it is read (in
//! parallel); links resolved once all targets are known; glossary terms, descriptions, search
//! entries and navigation derived. Every error of a phase is reported together.

use super::links::{resolve_links, SiteIndex};
use super::nav::Nav;
use super::{BuildOptions, Entry, PhaseTimer, Site};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::markdown;
use crate::page::{self, Page};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::BTreeMap;

impl Site {
    /// Reads config, content and theme; renders all Markdown; resolves all links.
    pub fn load(opts: &BuildOptions) -> Result<Site> {
        let timer = PhaseTimer::start();
        let mut config = Config::load(&opts.root.join("site.yaml"))?;
        if let Some(url) = &opts.base_url {
            config.base_url = crate::config::base_url(url)
                .map_err(|why| Error::Usage(format!("--base-url: {why}")))?;
        }
        if let Some(theme) = &opts.theme {
            config.theme = theme.clone();
        }
        let content_dir = opts.root.join("content");
        // Each page's Markdown is rendered as it is read; its source text is not kept. The
        // stamp waits on git, so it runs on a thread of its own meanwhile.
        let ((content, theme), stamp) = std::thread::scope(|scope| {
            let stamp = scope.spawn(|| {
                crate::release::stamp(
                    &opts.root,
                    opts.site_version.as_deref(),
                    config.version.as_deref(),
                )
            });
            let loaded = rayon::join(
                || {
                    page::load_content(&content_dir, opts.drafts, |p, body| {
                        markdown::render(body, p.body_line + 1, config.slugify)
                    })
                },
                || Theme::load(&opts.root, &config.theme),
            );
            (loaded, stamp.join())
        });
        let stamp = stamp.unwrap_or_default();
        let content = content?;
        let theme = theme?;
        let mut entries = sorted_entries(content.pages, content.bodies);
        if crate::site::typeset::wanted(&config, opts.no_pdf, entries.len()) {
            config.pdf_url = Some(format!(
                "{}{}",
                config.base_url,
                crate::site::typeset::PDF_PATH
            ));
        }
        timer.mark("load and markdown");

        let index = SiteIndex::new(&entries, &content.assets);
        let errors: Vec<Error> = entries
            .par_iter_mut()
            .flat_map(|e| resolve_links(&e.page, &mut e.doc, &index, config.file_urls))
            .collect();
        if let Some(e) = Error::many(errors) {
            return Err(e);
        }
        let terms = glossary_terms(&content.data);
        entries.par_iter_mut().for_each(|e| {
            if !terms.is_empty() {
                e.doc.html = crate::abbr::mark_first_use(&e.doc.html, &terms);
            }
            e.page.description = crate::describe::describe(&e.page.front, &e.doc.html);
        });
        if let Some(home) = entries
            .iter_mut()
            .find(|e| e.page.path.is_empty() && e.page.description.is_empty())
        {
            home.page.description = crate::describe::volume(&config);
        }
        timer.mark("links");
        let full_text = crate::search::full_text(entries.len());
        entries.par_iter_mut().for_each(|e| {
            e.search = crate::search::page_entries(&e.page, &e.doc, config.file_urls, full_text);
        });
        timer.mark("search");
        let nav = Nav::new(&entries, config.file_urls);
        let sessions = entries
            .iter()
            .filter_map(|e| {
                e.page.front.session.map(|n| {
                    (
                        format!("Session {n}: {}", e.page.front.title),
                        crate::url::permalink(&config.base_url, &e.page.path),
                    )
                })
            })
            .collect();
        let has_code = entries.iter().any(|e| e.doc.has_code);
        let mut site = Site {
            has_code,
            opts: opts.clone(),
            config,
            theme,
            content_dir,
            entries,
            data: content.data,
            assets: content.assets,
            index,
            terms,
            stamp,
            versions: Vec::new(),
            sessions,
            nav,
            values: tera::Context::new(),
        };
        site.check_claims()?;
        site.values = site.site_values();
        timer.mark("nav");
        Ok(site)
    }
}

/// The pages with their rendered bodies, in reading order: by depth, then among siblings by
/// weight, title and path (so equal pages still sort stably).
fn sorted_entries(pages: Vec<Page>, docs: Vec<markdown::Rendered>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = pages
        .into_iter()
        .zip(docs)
        .map(|(page, doc)| Entry {
            page,
            doc,
            search: String::new(),
        })
        .collect();
    entries.sort_by(|a, b| {
        let key = |p: &Page| (p.path.matches('/').count(), p.front.weight);
        key(&a.page)
            .cmp(&key(&b.page))
            .then_with(|| a.page.front.title.cmp(&b.page.front.title))
            .then_with(|| a.page.path.cmp(&b.page.path))
    });
    entries
}

/// The glossary's `(term, expansion)` pairs from the data file `glossary` (`terms: [{term,
/// expansion}]`), longest term first so `USG` is matched before `US`.
fn glossary_terms(data: &BTreeMap<String, crate::yaml::Value>) -> Vec<(String, String)> {
    let mut terms: Vec<(String, String)> = data
        .get("glossary")
        .and_then(|g| g.get("terms"))
        .and_then(|t| t.as_sequence())
        .map(|list| {
            list.iter()
                .filter_map(|t| {
                    Some((
                        t.get("term")?.as_str()?.to_string(),
                        t.get("expansion")?.as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    terms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    terms
}
