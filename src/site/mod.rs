//! `quire build`: site.yaml, content/ and a theme in; a complete static site out. `Site::load`
//! reads everything once and renders every page's Markdown once (in parallel), then resolves the
//! links between pages once all targets are known; `render_all` renders every page with its
//! template (in parallel) into a sink. `serve` keeps the `Site` and updates single pages.

mod claims;
pub mod links;
pub mod nav;
pub mod outdir;
pub mod output;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::markdown::{self, Heading, Rendered};
use crate::page::{self, Page};
use crate::theme::Theme;
use links::{link_path, resolve_links, root_prefix, SiteIndex};
use nav::{breadcrumbs, nav_item, Nav, NavItem, SharedContents};
use output::{MemorySink, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Validated build settings (flags already merged over site.yaml).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub theme: Option<String>,
    pub drafts: bool,
    /// Serve mode: every HTML page gets the live-reload script.
    pub live_reload: bool,
    /// The edition stamped into the pages, e.g. `v1.0`; defaults to `git describe`.
    pub site_version: Option<String>,
    /// Build into `DIR/VERSION/` beside earlier versions.
    pub versions_dir: Option<PathBuf>,
    /// Accept an output folder holding files Quire did not write (they are deleted).
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            base_url: None,
            theme: None,
            drafts: false,
            live_reload: false,
            site_version: None,
            versions_dir: None,
            force: false,
        }
    }
}

/// The finished site in memory: output path (relative, `/`-separated) → bytes.
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
    /// The site's `base_url`, for telling absolute links into the site from external ones.
    pub base_url: String,
    /// Each page's output file → its Markdown source, where `check` locates problems.
    pub sources: BTreeMap<String, PathBuf>,
}

/// Everything a build knows, kept between rebuilds by `serve`.
pub struct Site {
    pub opts: BuildOptions,
    pub config: Config,
    pub theme: Theme,
    pub content_dir: PathBuf,
    /// In reading order: by depth, then weight, title and path.
    pub pages: Vec<Page>,
    /// Each page's Markdown rendered, links resolved; same order as `pages`.
    pub docs: Vec<Rendered>,
    pub data: BTreeMap<String, crate::yaml::Value>,
    pub assets: Vec<PathBuf>,
    pub index: SiteIndex,
    /// Each page's search-index entries, kept so an edit rebuilds only its own.
    search: Vec<String>,
    /// Glossary `(term, expansion)` pairs from `_data/glossary.yaml`.
    terms: Vec<(String, String)>,
    pub stamp: crate::release::Stamp,
    /// `("Session N: title", permalink)` of every session, for the workshop's JSON-LD.
    sessions: Vec<(String, String)>,
    nav: Nav,
    /// Whether any page has highlighted code, so the build writes `syntax.css`.
    has_code: bool,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    /// What the page is about (`describe`), for the meta description and OpenGraph.
    description: &'a str,
    content: tera::Value,
    toc: &'a [Heading],
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

/// One page of the whole-proceedings print edition.
#[derive(Serialize)]
struct PrintPage<'a> {
    title: &'a str,
    kind: Option<&'a str>,
    session: Option<u32>,
    speakers: &'a [String],
    byline: Option<&'a str>,
    content: tera::Value,
    path: String,
    id: String,
}

/// Sites larger than this get no single-page print edition: it would be unreadably large.
pub const PRINT_LIMIT: usize = 1000;

impl Site {
    /// Reads config, content and theme; renders all Markdown; resolves all links. Every error
    /// of a phase is reported together.
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
                        markdown::render(body, p.body_line + 1)
                    })
                },
                || Theme::load(&opts.root, &config.theme),
            );
            (loaded, stamp.join())
        });
        let stamp = stamp.unwrap_or_default();
        let content = content?;
        let theme = theme?;
        let (pages, mut docs) = sort_pages(content.pages, content.bodies);
        timer.mark("load and markdown");

        let index = SiteIndex::new(&pages, &docs, &content.assets);
        let errors: Vec<Error> = pages
            .par_iter()
            .zip(docs.par_iter_mut())
            .flat_map(|(page, r)| resolve_links(page, r, &index, config.file_urls))
            .collect();
        if let Some(e) = Error::many(errors) {
            return Err(e);
        }
        let terms = glossary_terms(&content.data);
        if !terms.is_empty() {
            docs.par_iter_mut()
                .for_each(|d| d.html = crate::abbr::mark_first_use(&d.html, &terms));
        }
        let mut pages = pages;
        pages
            .par_iter_mut()
            .zip(docs.par_iter())
            .for_each(|(p, d)| p.description = crate::describe::describe(&p.front, &d.html));
        if let Some(home) = pages
            .iter_mut()
            .find(|p| p.path.is_empty() && p.description.is_empty())
        {
            home.description = crate::describe::volume(&config);
        }
        timer.mark("links");
        let full_text = crate::search::full_text(pages.len());
        let search: Vec<String> = pages
            .par_iter()
            .zip(docs.par_iter())
            .map(|(p, d)| crate::search::page_entries(p, d, config.file_urls, full_text))
            .collect();
        timer.mark("search");
        let nav = Nav::new(&pages, config.file_urls);
        let sessions = pages
            .iter()
            .filter_map(|p| {
                p.front.session.map(|n| {
                    (
                        format!("Session {n}: {}", p.front.title),
                        links::permalink(&config.base_url, &p.path),
                    )
                })
            })
            .collect();
        let has_code = docs.iter().any(|d| d.has_code);
        let mut site = Site {
            has_code,
            opts: opts.clone(),
            config,
            theme,
            content_dir,
            pages,
            docs,
            data: content.data,
            assets: content.assets,
            index,
            search,
            terms,
            stamp,
            sessions,
            nav,
        };
        site.check_claims()?;
        site.set_globals();
        timer.mark("nav");
        Ok(site)
    }

    fn set_globals(&mut self) {
        let home_title = self
            .pages
            .iter()
            .find(|p| p.path.is_empty())
            .map_or(self.config.title.clone(), |h| h.front.title.clone());
        let top = self.nav.list(Some(""));
        let (print, glossary, epub) = (self.has_print(), self.has_glossary(), self.has_epub());
        let globals = self.theme.tera.global_context();
        globals.insert("config", &self.config);
        globals.insert_value("nav", top);
        globals.insert("data", &self.data);
        globals.insert("home_title", &home_title);
        globals.insert("print_edition", &print);
        globals.insert("glossary_page", &glossary);
        globals.insert("epub_edition", &epub);
        globals.insert("site_version", &self.stamp.version);
        globals.insert("build_date", &self.stamp.date);
    }

    /// The editions shown in the version switcher, newest first.
    pub fn set_versions(&mut self, versions: &[crate::release::Version]) {
        self.theme
            .tera
            .global_context()
            .insert("versions", versions);
    }

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
                let first = children.iter().find(|&&i| !self.pages[i].is_section)?;
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
                let mut tctx = tera::Context::new();
                tctx.insert(
                    "page",
                    &Stub {
                        path: "",
                        breadcrumbs: breadcrumbs(
                            &self.pages,
                            &self.index.by_path,
                            first,
                            self.config.file_urls,
                        ),
                    },
                );
                tctx.insert("current", "");
                tctx.insert("root", &root_prefix(&self.pages[first].path));
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
        doc: &Rendered,
        contents: Option<&BTreeMap<String, SharedContents>>,
    ) -> Result<(String, Vec<u8>)> {
        let page = &self.pages[i];
        let fu = self.config.file_urls;
        let (prev, next) = self.nav.neighbours(&self.pages, i);
        let permalink = links::permalink(&self.config.base_url, &page.path);
        let ctx = PageContext {
            title: &page.front.title,
            description: &page.description,
            content: tera::Value::safe_string(&doc.html),
            toc: &doc.toc,
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
            prev: prev.map(|j| nav_item(&self.pages[j], fu)),
            next: next.map(|j| nav_item(&self.pages[j], fu)),
            breadcrumbs: breadcrumbs(&self.pages, &self.index.by_path, i, fu),
        };
        let mut tctx = tera::Context::new();
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
        Ok((
            format!("{}index.html", page.path),
            self.finish_html(html, &root),
        ))
    }

    /// Renders template `name`; an error points into the template file.
    fn render_template(&self, name: &str, tctx: &tera::Context) -> Result<Vec<u8>> {
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

    /// In serve mode, adds the live-reload script before `</body>`.
    fn finish_html(&self, mut html: Vec<u8>, root: &str) -> Vec<u8> {
        if !self.opts.live_reload {
            return html;
        }
        let script = crate::serve::reload_script(root);
        let at = html
            .windows(7)
            .rposition(|w| w == b"</body>")
            .unwrap_or(html.len());
        html.splice(at..at, script.bytes());
        html
    }

    /// Whether the build writes `print/`: the theme has `print.html`, the site has no page of
    /// its own there, and the site is small enough to print whole.
    pub fn has_print(&self) -> bool {
        !self.index.by_path.contains_key("print/")
            && self.theme.has_template("print.html")
            && self.pages.len() <= PRINT_LIMIT
    }

    /// The glossary's `(term, expansion)` pairs, longest term first.
    pub(crate) fn glossary_terms(&self) -> &[(String, String)] {
        &self.terms
    }

    /// Whether the build writes `glossary/` from the glossary data file.
    pub fn has_glossary(&self) -> bool {
        !self.index.by_path.contains_key("glossary/")
            && !self.terms.is_empty()
            && self.theme.has_template("glossary.html")
    }

    /// The whole proceedings on one page, in reading order, for printing to PDF.
    fn render_print(&self, sink: &dyn Sink) -> Result<()> {
        if !self.has_print() {
            return Ok(());
        }
        let pages: Vec<PrintPage> = self
            .pages
            .iter()
            .zip(&self.docs)
            .filter(|(p, _)| !p.path.is_empty())
            .map(|(p, d)| PrintPage {
                title: &p.front.title,
                kind: p.front.kind.as_deref(),
                session: p.front.session,
                speakers: &p.front.speakers,
                byline: p.front.byline.as_deref(),
                content: tera::Value::safe_string(&print_html(&d.html, &p.path)),
                path: link_path(&p.path, self.config.file_urls),
                id: print_id(&p.path),
            })
            .collect();
        let mut tctx = tera::Context::new();
        tctx.insert("pages", &pages);
        tctx.insert("root", "../");
        tctx.insert(
            "description",
            &format!(
                "The whole of {} on one page, for printing.",
                self.config.title
            ),
        );
        let html = self.render_template("print.html", &tctx)?;
        sink.put("print/index.html", self.finish_html(html, "../"))
    }

    /// The glossary page, from `_data/glossary.yaml`, unless the site has its own.
    fn render_glossary(&self, sink: &dyn Sink) -> Result<()> {
        if !self.has_glossary() {
            return Ok(());
        }
        #[derive(Serialize)]
        struct Term<'a> {
            term: &'a str,
            expansion: &'a str,
        }
        // `self.terms` is longest first, for matching; readers look terms up alphabetically.
        let mut terms: Vec<Term> = self
            .terms
            .iter()
            .map(|(t, e)| Term {
                term: t,
                expansion: e,
            })
            .collect();
        terms.sort_by_cached_key(|t| (t.term.to_lowercase(), t.term));
        let mut tctx = tera::Context::new();
        tctx.insert("terms", &terms);
        tctx.insert("root", "../");
        tctx.insert(
            "description",
            &format!(
                "The acronyms and terms used in {}, with what they stand for.",
                self.config.title
            ),
        );
        let html = self.render_template("glossary.html", &tctx)?;
        sink.put("glossary/index.html", self.finish_html(html, "../"))
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

    /// Renders every page and every other output file into `sink`. Returns the page count.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<usize> {
        let (extras, pages) = rayon::join(
            || {
                self.render_print(sink)
                    .and_then(|()| self.render_epub(sink))
                    .and_then(|()| self.render_extras(sink))
            },
            || self.render_pages(self.docs.par_iter().enumerate(), sink),
        );
        extras.and(pages)
    }

    /// Like `render_all`, but hands each page's HTML back as soon as it is written, so a large
    /// site's rendered Markdown is not all held until the end.
    pub fn render_all_consuming(mut self, sink: &dyn Sink) -> Result<usize> {
        // The print edition and the EPUB need every page's HTML, which the pages below hand back.
        let (print, epub) = rayon::join(|| self.render_print(sink), || self.render_epub(sink));
        print.and(epub)?;
        let docs = std::mem::take(&mut self.docs);
        // The extras (feeds, search index, stylesheets) are each one serial piece of work;
        // they run beside the pages rather than before them.
        let (extras, pages) = rayon::join(
            || self.render_extras(sink),
            || self.render_pages(docs.into_par_iter().enumerate(), sink),
        );
        extras.and(pages)
    }

    /// Every page with its template, in parallel; all errors are collected.
    fn render_pages<D: std::borrow::Borrow<Rendered> + Send>(
        &self,
        docs: impl ParallelIterator<Item = (usize, D)>,
        sink: &dyn Sink,
    ) -> Result<usize> {
        let timer = PhaseTimer::start();
        let contents = self.contents_cache()?;
        timer.mark("section navigation");
        let errors: Vec<Error> = docs
            .filter_map(|(i, doc)| {
                self.render_page(i, doc.borrow(), Some(&contents))
                    .and_then(|(path, bytes)| sink.put(&path, bytes))
                    .err()
            })
            .collect();
        timer.mark("templates");
        match Error::many(errors) {
            Some(e) => Err(e),
            None => Ok(self.pages.len()),
        }
    }

    /// Everything besides the pages and the print edition: 404, static files, search index,
    /// code stylesheet, assets, feeds. Nothing here reads the pages' HTML.
    pub fn render_extras(&self, sink: &dyn Sink) -> Result<()> {
        if self.theme.has_template("404.html") {
            let mut tctx = tera::Context::new();
            tctx.insert("root", &self.config.base_url);
            tctx.insert("description", "There is no page at this address.");
            // Served at any address, on any host (preview hosts too): the page carries its
            // stylesheet rather than loading it from `base_url`.
            if let Some(css) = self.theme.static_files.get("style.css") {
                tctx.insert("inline_css", &String::from_utf8_lossy(css));
            }
            let html = self.render_template("404.html", &tctx)?;
            sink.put("404.html", self.finish_html(html, &self.config.base_url))?;
        }
        self.render_static(sink)?;
        self.render_search(sink)?;
        self.render_glossary(sink)?;
        sink.put(
            "cite.bib",
            crate::cite::volume_bib(&self.pages, &self.config).into_bytes(),
        )?;
        if self.has_code {
            sink.put("syntax.css", crate::highlight::stylesheet().into_bytes())?;
        }
        for asset in &self.assets {
            let rel = page::slash_path(asset);
            sink.put(&rel, crate::fs::read(&self.content_dir.join(asset))?)?;
        }
        let pages = &self.pages;
        let extra: Vec<&str> = self
            .has_glossary()
            .then_some("glossary/")
            .into_iter()
            .collect();
        sink.put(
            "sitemap.xml",
            crate::feeds::sitemap(pages, &self.config, &self.stamp.changed, &extra).into_bytes(),
        )?;
        sink.put(
            "robots.txt",
            crate::feeds::robots(&self.config).into_bytes(),
        )?;
        self.render_feed(sink)
    }

    /// Outputs that depend on the text of pages, rewritten after an incremental update.
    pub fn render_derived(&self, sink: &dyn Sink) -> Result<()> {
        self.render_print(sink)?;
        self.render_epub(sink)?;
        self.render_search(sink)?;
        self.render_feed(sink)
    }

    /// The Atom feed, whose summaries are the pages' descriptions.
    fn render_feed(&self, sink: &dyn Sink) -> Result<()> {
        let date = build_date(&self.pages, &self.config, self.stamp.epoch);
        sink.put(
            "atom.xml",
            crate::feeds::atom(&self.pages, &self.config, &date, &self.stamp.changed).into_bytes(),
        )
    }

    fn render_search(&self, sink: &dyn Sink) -> Result<()> {
        sink.put(
            "search-index.js",
            crate::search::index_script(&self.search).into_bytes(),
        )
    }

    /// What the build wants to tell, beside its errors.
    pub fn warnings(&self) -> Vec<String> {
        let sub_path = url::Url::parse(&self.config.base_url)
            .ok()
            .map(|u| u.path().to_string())
            .filter(|p| p != "/");
        sub_path
            .map(|p| {
                format!("base_url has the sub-path {p}: crawlers read robots.txt only at the host's root, so the robots.txt written here is not read there; copy its Sitemap line into the host's own robots.txt")
            })
            .into_iter()
            .collect()
    }

    /// Reloads templates and static files after a theme edit.
    pub fn reload_theme(&mut self) -> Result<()> {
        self.theme = Theme::load(&self.opts.root, &self.config.theme)?;
        self.set_globals();
        Ok(())
    }

    /// The theme's static files with the site's overrides.
    pub fn render_static(&self, sink: &dyn Sink) -> Result<()> {
        for (path, bytes) in &self.theme.static_files {
            sink.put(path, bytes.clone())?;
        }
        Ok(())
    }

    /// Re-reads one page after an edit. When only its body changed (same front matter, same
    /// heading ids), the page is re-rendered in place and its index returned; otherwise `None`
    /// says a full rebuild is needed.
    pub fn update_page(&mut self, rel: &Path) -> Result<Option<usize>> {
        let key = rel.to_string_lossy().replace('\\', "/");
        let Some(&i) = self.index.by_source.get(&key) else {
            return Ok(None);
        };
        let path = self.content_dir.join(rel);
        if !path.is_file() {
            return Ok(None);
        }
        let display = self.pages[i].display_path.clone();
        let text = crate::fs::read_to_string(&path)?;
        let (front, body, body_line) = page::parse_page(&text, &display)?;
        if front != self.pages[i].front {
            return Ok(None);
        }
        let mut doc = markdown::render(&body, body_line + 1);
        let ids = links::ids_of(&doc);
        // New heading ids can make other pages' links valid; the first code on the site needs
        // the code stylesheet written.
        if ids != self.index.ids[i] || (doc.has_code && !self.has_code) {
            return Ok(None);
        }
        let errors = resolve_links(&self.pages[i], &mut doc, &self.index, self.config.file_urls);
        if let Some(e) = Error::many(errors) {
            return Err(e);
        }
        if !self.terms.is_empty() {
            doc.html = crate::abbr::mark_first_use(&doc.html, &self.terms);
        }
        self.pages[i].body_line = body_line;
        self.pages[i].description = crate::describe::describe(&self.pages[i].front, &doc.html);
        let full_text = crate::search::full_text(self.pages.len());
        self.search[i] =
            crate::search::page_entries(&self.pages[i], &doc, self.config.file_urls, full_text);
        self.docs[i] = doc;
        Ok(Some(i))
    }
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

/// `session-3/` → `p-session-3`: the anchor of a page inside the print edition.
fn print_id(path: &str) -> String {
    let slug: String = path
        .trim_end_matches('/')
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("p-{slug}")
}

/// A page's HTML inside the print edition: its ids prefixed so they stay unique on one page,
/// and its links made relative to `print/`.
fn print_html(html: &str, path: &str) -> String {
    let prefix = print_id(path);
    let depth = path.matches('/').count();
    let up = "../".repeat(depth);
    html.replace(" id=\"", &format!(" id=\"{prefix}-"))
        .replace("href=\"#", &format!("href=\"#{prefix}-"))
        .replace(&format!("href=\"{up}"), "href=\"../")
}

/// Builds the site in memory; nothing is written.
pub fn render_site(opts: &BuildOptions) -> Result<Output> {
    let site = Site::load(opts)?;
    let sink = MemorySink::default();
    let pages = site.render_all(&sink)?;
    let sources = site
        .pages
        .iter()
        .map(|p| (format!("{}index.html", p.path), p.display_path.clone()))
        .collect();
    Ok(Output {
        files: sink.into_files(),
        pages,
        base_url: site.config.base_url.clone(),
        sources,
    })
}

/// What `build` did.
#[derive(Debug, Clone, Serialize)]
pub struct BuildSummary {
    pub pages: usize,
    /// Things the user should know that do not stop the build.
    pub warnings: Vec<String>,
    pub output: PathBuf,
    pub version: Option<String>,
    pub date: Option<String>,
}

/// Builds and writes the site atomically: files go into a staging folder beside the output as
/// they are rendered, with `build.json` listing them all, and the folder is swapped in only when
/// the whole build succeeded. With `versions_dir`, the output is `DIR/VERSION/` and the folder's
/// `versions.json` and `index.html` are updated after it.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    match &opts.versions_dir {
        Some(dir) => outdir::check_place(&opts.root, dir)?,
        None => outdir::check(&opts.root, &opts.output, opts.force)?,
    }
    let mut site = Site::load(opts)?;
    let stamp = site.stamp.clone();
    let warnings = site.warnings();
    let (output, versions) = match &opts.versions_dir {
        Some(dir) => {
            let tag = stamp.version.clone().ok_or_else(|| {
                Error::Usage(
                    "--versions-dir needs a version: pass --site-version, build from a git checkout, or set `version` in site.yaml".into(),
                )
            })?;
            crate::release::validate_tag(&tag)?;
            outdir::check(&opts.root, &dir.join(&tag), opts.force)?;
            let versions = crate::release::versions_with(dir, &tag, stamp.date.as_deref())?;
            site.set_versions(&versions);
            (dir.join(&tag), Some(versions))
        }
        None => (opts.output.clone(), None),
    };
    let staging = if versions.is_some() {
        output::Staging::Discarded
    } else {
        output::Staging::Kept
    };
    let pages = output::swap_in(&output, staging, |sink| {
        let manifest = crate::release::ManifestSink::over(sink, sink.previous_manifest());
        let pages = site.render_all_consuming(&manifest)?;
        let timer = PhaseTimer::start();
        manifest.finish(&stamp)?;
        timer.mark("manifest");
        Ok(pages)
    })?;
    if let (Some(dir), Some(versions)) = (&opts.versions_dir, &versions) {
        crate::release::write_versions(dir, versions)?;
    }
    Ok(BuildSummary {
        warnings,
        pages,
        output,
        version: stamp.version,
        date: stamp.date,
    })
}

/// Sorts the pages, and their rendered bodies with them, into reading order: by depth, then
/// among siblings by weight, title and path (so equal pages still sort stably).
fn sort_pages(pages: Vec<Page>, docs: Vec<Rendered>) -> (Vec<Page>, Vec<Rendered>) {
    let mut both: Vec<(Page, Rendered)> = pages.into_iter().zip(docs).collect();
    both.sort_by(|(a, _), (b, _)| {
        let key = |p: &Page| (p.path.matches('/').count(), p.front.weight);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.front.title.cmp(&b.front.title))
            .then_with(|| a.path.cmp(&b.path))
    });
    both.into_iter().unzip()
}

/// The date stamped into the feed: the build's (SOURCE_DATE_EPOCH or the last commit), else
/// the newest page date, else the site's date — never the clock, so builds are reproducible.
pub(crate) fn build_date(pages: &[Page], config: &Config, epoch: Option<i64>) -> String {
    if let Some(secs) = epoch {
        return crate::feeds::rfc3339_from_epoch(secs);
    }
    let newest = pages.iter().filter_map(|p| p.front.date.as_deref()).max();
    let date = newest.or(config.date.as_deref()).unwrap_or("1970-01-01");
    format!("{date}T00:00:00Z")
}

/// Phase durations on stderr when `QUIRE_TIMINGS` is set, for benchmarking.
struct PhaseTimer(Option<std::cell::Cell<std::time::Instant>>);

impl PhaseTimer {
    fn start() -> Self {
        PhaseTimer(
            std::env::var_os("QUIRE_TIMINGS")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        )
    }

    fn mark(&self, phase: &str) {
        if let Some(cell) = &self.0 {
            let now = std::time::Instant::now();
            eprintln!("{phase}: {} ms", (now - cell.get()).as_millis());
            cell.set(now);
        }
    }
}
