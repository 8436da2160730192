//! One page with its template: the page's context (`PageContext`), the template chosen for it,
//! and the theme's `partials/contents.html` rendered once per section and shared by its pages.

use super::nav::{breadcrumbs, nav_item, NavItem, SharedContents};
use super::Site;
use crate::error::Result;
use crate::markdown::Rendered;
use crate::page::{self, Page};
use crate::url::{link_path, root_prefix};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    /// What the page is about (`describe`), for the meta description and OpenGraph.
    description: &'a str,
    content: tera::Value,
    /// `<li>` items linking the second-level headings (`markdown::toc_html`), and their count.
    toc_html: tera::Value,
    toc_count: usize,
    front: &'a page::FrontMatter,
    path: String,
    permalink: String,
    kind: &'a str,
    is_section: bool,
    has_code: bool,
    prev: Option<NavItem<'a>>,
    next: Option<NavItem<'a>>,
    breadcrumbs: Vec<NavItem<'a>>,
    /// Google Scholar's `citation_*` tags.
    meta: Vec<crate::cite::Meta>,
    /// A complete `<script type="application/ld+json">` element.
    jsonld: tera::Value,
    /// How to cite the page: the parts of the proceedings and the home page (the volume) only.
    cite: Option<crate::cite::Cite>,
}

impl Site {
    /// The theme's `partials/contents.html` rendered once per section for the pages in it, so
    /// navigation costs one render per section instead of one per page.
    pub fn contents_cache(&self) -> Result<BTreeMap<String, SharedContents>> {
        self.contents_for(self.nav.children.keys().map(String::as_str))
    }

    /// The shared navigation of the given sections only (serve: the sections of edited pages).
    pub fn contents_for<'s>(
        &self,
        sections: impl IntoIterator<Item = &'s str>,
    ) -> Result<BTreeMap<String, SharedContents>> {
        const PARTIAL: &str = "partials/contents.html";
        if !self.theme.has_template(PARTIAL) {
            return Ok(BTreeMap::new());
        }
        let sections: Vec<(&str, usize)> = sections
            .into_iter()
            .filter_map(|section| {
                let children = self.nav.children.get(section)?;
                let first = children
                    .iter()
                    .find(|&&i| !self.entries[i].page.is_section)?;
                Some((section, *first))
            })
            .collect();
        sections
            .into_par_iter()
            .map(|(section, first)| {
                #[derive(Serialize)]
                struct Stub<'a> {
                    path: &'a str,
                    breadcrumbs: Vec<NavItem<'a>>,
                }
                let mut tctx = self.context();
                tctx.insert(
                    "page",
                    &Stub {
                        path: "",
                        breadcrumbs: breadcrumbs(
                            &self.entries,
                            &self.index.by_path,
                            first,
                            self.config.file_urls,
                        ),
                    },
                );
                tctx.insert("current", "");
                tctx.insert("root", &root_prefix(&self.entries[first].page.path));
                tctx.insert_value("section_pages", self.nav.list(None));
                tctx.insert_value("siblings", self.nav.list(Some(section)));
                let html = self.render_template(PARTIAL, &tctx)?;
                let html = String::from_utf8_lossy(&html).into_owned();
                Ok((section.to_string(), SharedContents::new(html)))
            })
            .collect()
    }

    /// Renders page `i` with its template: `(output path, HTML)`. `contents` is the shared
    /// navigation of its section, from `contents_cache`.
    pub fn render_page(
        &self,
        i: usize,
        contents: Option<&BTreeMap<String, SharedContents>>,
    ) -> Result<(String, Vec<u8>)> {
        self.render_page_with(i, &self.entries[i].doc, contents)
    }

    /// `render_page` with the page's rendered Markdown passed in: a full build hands each page's
    /// HTML over as it goes (`render_all_consuming`) rather than keep it all to the end.
    pub(super) fn render_page_with(
        &self,
        i: usize,
        doc: &Rendered,
        contents: Option<&BTreeMap<String, SharedContents>>,
    ) -> Result<(String, Vec<u8>)> {
        let page = &self.entries[i].page;
        let fu = self.config.file_urls;
        let (prev, next) = self.nav.neighbours(&self.entries, i);
        let permalink = crate::url::permalink(&self.config.base_url, &page.path);
        let (toc_html, toc_count) = crate::markdown::toc_html(&doc.toc);
        let ctx = PageContext {
            title: &page.front.title,
            description: &page.description,
            content: tera::Value::safe_string(&doc.html),
            toc_html: tera::Value::safe_string(&toc_html),
            toc_count,
            front: &page.front,
            path: link_path(&page.path, fu),
            meta: crate::cite::meta_tags(page, &self.config, &permalink),
            jsonld: tera::Value::safe_string(&crate::cite::json_ld(
                page,
                &self.config,
                &permalink,
                &self.sessions,
            )),
            cite: (page.path.is_empty() || crate::credits::is_part(page))
                .then(|| crate::cite::cite(page, &self.config, &permalink)),
            permalink,
            kind: page.front.kind.as_deref().unwrap_or(if page.is_section {
                "section"
            } else {
                "page"
            }),
            is_section: page.is_section,
            has_code: doc.has_code,
            prev: prev.map(|j| nav_item(&self.entries[j].page, fu)),
            next: next.map(|j| nav_item(&self.entries[j].page, fu)),
            breadcrumbs: breadcrumbs(&self.entries, &self.index.by_path, i, fu),
        };
        let mut tctx = self.context();
        tctx.insert("page", &ctx);
        let root = root_prefix(&page.path);
        tctx.insert("root", &root);
        let mut size_hint = doc.html.len();
        if !page.is_section {
            let shared = page
                .parent
                .as_deref()
                .and_then(|p| contents.and_then(|c| c.get(p)));
            if let Some(shared) = shared {
                let href = format!("{root}{}", link_path(&page.path, fu));
                let marked = shared.marked(&href);
                size_hint += marked.len();
                tctx.insert_value("contents", tera::Value::safe_string(&marked));
            }
        }
        let own = page.is_section.then_some(page.path.as_str());
        tctx.insert_value("section_pages", self.nav.list(own));
        tctx.insert_value("siblings", self.nav.list(page.parent.as_deref()));
        let template = self.template_for(page);
        let html = self.render_template_sized(&template, &tctx, size_hint)?;
        Ok((format!("{}index.html", page.path), html))
    }

    fn template_for(&self, page: &Page) -> String {
        if let Some(t) = &page.front.template {
            return t.clone();
        }
        if page.path.is_empty() {
            return "index.html".into();
        }
        if let Some(kind) = &page.front.kind {
            let name = format!("{kind}.html");
            if self.theme.has_template(&name) {
                return name;
            }
        }
        if page.is_section {
            "section.html"
        } else {
            "page.html"
        }
        .into()
    }

    /// Renders template `name`; an error points into the template file.
    pub(super) fn render_template(&self, name: &str, tctx: &tera::Context) -> Result<Vec<u8>> {
        self.render_template_sized(name, tctx, 0)
    }

    /// Renders into a buffer made `size_hint` bytes larger than the template's own text up
    /// front: a page's HTML is mostly its content and navigation, and growing the buffer
    /// piecemeal copied each page several times.
    fn render_template_sized(
        &self,
        name: &str,
        tctx: &tera::Context,
        size_hint: usize,
    ) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(size_hint + 8192);
        self.theme
            .tera
            .render_to(name, tctx, &mut out)
            .map_err(|e| self.theme.tera_error(&e))?;
        Ok(out)
    }
}
