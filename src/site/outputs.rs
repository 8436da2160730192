//! The files a build makes besides its pages: ONE list, `Site::generated`, says for each what
//! it is, whether this site gets it, when it is written and how it is made. The claim table
//! (`claims`), a full build (`render_all`) and serve's updates (`render_derived`) all read that
//! list, so a new output (a PDF, an EPUB) is one more row there and nothing else.

use super::{PhaseTimer, Site};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::page::Page;
use crate::url::link_path;
use rayon::prelude::*;
use serde::Serialize;

/// Sites larger than this get no single-page print edition: it would be unreadably large.
pub const PRINT_LIMIT: usize = 1000;

/// When a generated file is written, by what it reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reads {
    /// Site-wide data and the pages' front matter: written beside the pages.
    Data,
    /// Every page's rendered HTML: written before the pages hand their HTML over (a full build
    /// does not keep it), and again after serve updates a page.
    PagesHtml,
    /// The pages' text through what the build derived from it (search entries, descriptions):
    /// written beside the pages, and again after serve updates a page.
    PagesText,
}

type Make = fn(&Site) -> Result<Vec<u8>>;

/// A row of `Site::generated` whose bytes the site makes itself.
fn row(path: &'static str, what: &'static str, made: bool, reads: Reads, make: Make) -> Generated {
    Generated {
        path,
        what,
        made,
        reads,
        make: Some(make),
    }
}

/// One file a build makes besides pages, copied files and the theme's static files.
pub(super) struct Generated {
    pub path: &'static str,
    /// What it is, for the claim table's messages.
    pub what: &'static str,
    /// Whether this site gets it.
    pub made: bool,
    pub reads: Reads,
    /// Its bytes; `None`: written by `build` around the render (`build.json`).
    pub make: Option<Make>,
}

impl Site {
    /// Every file the build makes besides pages, copied files and static files.
    pub(super) fn generated(&self) -> Vec<Generated> {
        use Reads::{Data, PagesHtml, PagesText};
        let has_404 = self.theme.has_template("404.html");
        vec![
            row(
                "404.html",
                "the not-found page",
                has_404,
                Data,
                Site::not_found,
            ),
            row("sitemap.xml", "the sitemap", true, Data, Site::sitemap),
            row("robots.txt", "robots.txt", true, Data, |s| {
                Ok(crate::feeds::robots(&s.config).into_bytes())
            }),
            row("atom.xml", "the Atom feed", true, PagesText, Site::feed),
            row(
                "search-index.js",
                "the search index",
                true,
                PagesText,
                |s| {
                    let parts = s.entries.iter().map(|e| &e.search);
                    Ok(crate::search::index_script(parts).into_bytes())
                },
            ),
            row("cite.bib", "the bibliography", true, Data, |s| {
                Ok(crate::cite::volume_bib(s.pages(), &s.config).into_bytes())
            }),
            Generated {
                path: "build.json",
                what: "the build manifest",
                made: true,
                reads: Data,
                make: None,
            },
            row(
                "syntax.css",
                "the code stylesheet",
                self.has_code,
                Data,
                |_| Ok(crate::highlight::stylesheet().into_bytes()),
            ),
            row(
                "print/index.html",
                "the print edition",
                self.has_print(),
                PagesHtml,
                Site::print,
            ),
            row(
                "glossary/index.html",
                "the glossary",
                self.has_glossary(),
                Data,
                Site::glossary,
            ),
            // Typeset from every page's Markdown with the heading ids the HTML gave out; `serve`
            // makes it on request instead (`serve/pdf.rs`), never in the edit loop.
            row(
                crate::site::typeset::PDF_PATH,
                "the typeset PDF",
                self.config.pdf_url.is_some() && !self.opts.pdf_on_demand,
                PagesHtml,
                |s| crate::site::typeset::render(s, &crate::site::typeset::heading_ids(s)),
            ),
            // The e-book, from every page's rendered HTML made XHTML.
            row(
                super::epub::PATH,
                "the EPUB",
                self.has_epub(),
                PagesHtml,
                super::epub::build,
            ),
        ]
    }

    /// The files this build makes besides pages, copied files and static files, with what each
    /// is: `(path, description)`. A test holds `render_all` to this list.
    pub fn generated_outputs(&self) -> Vec<(&'static str, &'static str)> {
        self.generated()
            .into_iter()
            .filter(|g| g.made)
            .map(|g| (g.path, g.what))
            .collect()
    }

    /// Writes the generated files this site gets that `pick` selects.
    fn write_generated(&self, sink: &dyn Sink, pick: impl Fn(Reads) -> bool) -> Result<()> {
        for g in self.generated() {
            if let (true, true, Some(make)) = (g.made, pick(g.reads), g.make) {
                sink.put(g.path, make(self)?)?;
            }
        }
        Ok(())
    }

    /// Renders every page and every other output file into `sink`. Returns the page count.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<usize> {
        let (extras, pages) = rayon::join(
            || {
                self.write_generated(sink, |r| r == Reads::PagesHtml)
                    .and_then(|()| self.render_extras(sink))
            },
            || {
                let docs = self.entries.par_iter().map(|e| &e.doc).enumerate();
                self.render_pages(docs, sink)
            },
        );
        extras.and(pages)
    }

    /// Like `render_all`, but hands each page's HTML back as soon as it is written, so a large
    /// site's rendered Markdown is not all held until the end.
    pub fn render_all_consuming(mut self, sink: &dyn Sink) -> Result<usize> {
        // What reads every page's HTML is written first: the pages below hand it back.
        self.write_generated(sink, |r| r == Reads::PagesHtml)?;
        let docs: Vec<Rendered> = self
            .entries
            .iter_mut()
            .map(|e| std::mem::take(&mut e.doc))
            .collect();
        // The other files are each one serial piece of work; they run beside the pages rather
        // than before them.
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
                self.render_page_with(i, doc.borrow(), Some(&contents))
                    .and_then(|(path, bytes)| sink.put(&path, bytes))
                    .err()
            })
            .collect();
        timer.mark("templates");
        match Error::many(errors) {
            Some(e) => Err(e),
            None => Ok(self.entries.len()),
        }
    }

    /// Everything besides the pages and what reads their HTML: the generated files, the
    /// theme's static files, the copied files of content/.
    pub fn render_extras(&self, sink: &dyn Sink) -> Result<()> {
        self.write_generated(sink, |r| r != Reads::PagesHtml)?;
        self.render_static(sink)?;
        for asset in &self.assets {
            let rel = crate::url::slash_path(asset);
            sink.put(&rel, crate::fs::read(&self.content_dir.join(asset))?)?;
        }
        Ok(())
    }

    /// Outputs that depend on the text of pages, rewritten after an incremental update.
    pub fn render_derived(&self, sink: &dyn Sink) -> Result<()> {
        self.write_generated(sink, |r| r != Reads::Data)
    }

    /// The theme's static files with the site's overrides.
    pub fn render_static(&self, sink: &dyn Sink) -> Result<()> {
        for (path, bytes) in &self.theme.static_files {
            sink.put(path, bytes.clone())?;
        }
        Ok(())
    }

    /// Whether the build writes `print/`: the theme has `print.html`, the site has no page of
    /// its own there, and the site is small enough to print whole.
    pub fn has_print(&self) -> bool {
        !self.index.by_path.contains_key("print/")
            && self.theme.has_template("print.html")
            && self.entries.len() <= PRINT_LIMIT
    }

    /// Whether the build writes `glossary/` from the glossary data file.
    pub fn has_glossary(&self) -> bool {
        !self.index.by_path.contains_key("glossary/")
            && !self.terms.is_empty()
            && self.theme.has_template("glossary.html")
    }

    fn not_found(&self) -> Result<Vec<u8>> {
        let mut tctx = self.context();
        tctx.insert("root", &self.config.base_url);
        tctx.insert("description", "There is no page at this address.");
        // Served at any address, on any host (preview hosts too): the page carries its
        // stylesheet rather than loading it from `base_url`.
        if let Some(css) = self.theme.static_files.get("style.css") {
            tctx.insert("inline_css", &String::from_utf8_lossy(css));
        }
        self.render_template("404.html", &tctx)
    }

    fn sitemap(&self) -> Result<Vec<u8>> {
        let extra: Vec<&str> = self
            .has_glossary()
            .then_some("glossary/")
            .into_iter()
            .collect();
        let map = crate::feeds::sitemap(self.pages(), &self.config, &self.stamp.changed, &extra);
        Ok(map.into_bytes())
    }

    /// The Atom feed, whose summaries are the pages' descriptions.
    fn feed(&self) -> Result<Vec<u8>> {
        let date = build_date(self.pages(), &self.config, self.stamp.epoch);
        let feed = crate::feeds::atom(self.pages(), &self.config, &date, &self.stamp.changed);
        Ok(feed.into_bytes())
    }

    /// The whole proceedings on one page, in reading order, for printing to PDF.
    fn print(&self) -> Result<Vec<u8>> {
        /// One page of the print edition.
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
        let pages: Vec<PrintPage> = self
            .entries
            .iter()
            .filter(|e| !e.page.path.is_empty())
            .map(|e| {
                let p = &e.page;
                PrintPage {
                    title: &p.front.title,
                    kind: p.front.kind.as_deref(),
                    session: p.front.session,
                    speakers: &p.front.speakers,
                    byline: p.front.byline.as_deref(),
                    content: tera::Value::safe_string(&print_html(&e.doc.html, &p.path)),
                    path: link_path(&p.path, self.config.file_urls),
                    id: print_id(&p.path),
                }
            })
            .collect();
        let description = format!(
            "The whole of {} on one page, for printing.",
            self.config.title
        );
        self.folder_page("print.html", ("pages", &pages), &description)
    }

    /// The glossary page, from `_data/glossary.yaml`, unless the site has its own.
    fn glossary(&self) -> Result<Vec<u8>> {
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
        let description = format!(
            "The acronyms and terms used in {}, with what they stand for.",
            self.config.title
        );
        self.folder_page("glossary.html", ("terms", &terms), &description)
    }

    /// A page the build makes in a folder of its own under the root (`print/`, `glossary/`):
    /// `template` with the site-wide values, its own `(name, value)`, and its meta description.
    fn folder_page<T: Serialize>(
        &self,
        template: &str,
        (name, value): (&'static str, &T),
        description: &str,
    ) -> Result<Vec<u8>> {
        let mut tctx = self.context();
        tctx.insert(name, value);
        tctx.insert("root", "../");
        tctx.insert("description", description);
        self.render_template(template, &tctx)
    }
}

/// `session-3/` → `p-session-3`: the anchor of a page inside the print edition.
fn print_id(path: &str) -> String {
    format!("p-{}", crate::slug::slug(path, crate::slug::Slugify::On))
}

/// A page's HTML inside the print edition: its ids prefixed so they stay unique on one page,
/// and its links made relative to `print/`.
fn print_html(html: &str, path: &str) -> String {
    let prefix = print_id(path);
    let depth = path.matches('/').count();
    let up = "../".repeat(depth);
    // One pass over the attributes (three `replace`s copied a page of many headings thrice).
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut copied = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), b"=\"") {
        let (before, value) = (&html[..at], &html[at + 2..]);
        let value_at = at + 2;
        if before.ends_with(" id") {
            out.push_str(&html[copied..value_at]);
            out.push_str(&prefix);
            out.push('-');
            copied = value_at;
        } else if before.ends_with("href") {
            if value.starts_with('#') {
                out.push_str(&html[copied..value_at + 1]);
                out.push_str(&prefix);
                out.push('-');
                copied = value_at + 1;
            } else if value.starts_with(&up) {
                out.push_str(&html[copied..value_at]);
                out.push_str("../");
                copied = value_at + up.len();
            }
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The date stamped into the feed: the build's (SOURCE_DATE_EPOCH or the last commit), else
/// the newest page date, else the site's date — never the clock, so builds are reproducible.
pub(super) fn build_date<'a>(
    pages: impl Iterator<Item = &'a Page>,
    config: &Config,
    epoch: Option<i64>,
) -> String {
    if let Some(secs) = epoch {
        return crate::feeds::rfc3339_from_epoch(secs);
    }
    let newest = pages.filter_map(|p| p.front.date.as_deref()).max();
    let date = newest.or(config.date.as_deref()).unwrap_or("1970-01-01");
    format!("{date}T00:00:00Z")
}

#[cfg(test)]
mod tests {
    #[test]
    fn print_html_prefixes_ids_and_fragments_and_rebases_links() {
        let html = "<h2 id=\"a\">A <a class=\"anchor\" href=\"#a\">#</a></h2>\n<p><a href=\"../../b/\">b</a> <a href=\"../c/\">c</a> <a href=\"https://x.org/#y\">x</a> <img src=\"../../i.png\" alt=\"id=&quot;\"> <a data-href=\"#z\">z</a> <span id=\"fn\"></span></p>";
        assert_eq!(
            super::print_html(html, "s/p/"),
            "<h2 id=\"p-s-p-a\">A <a class=\"anchor\" href=\"#p-s-p-a\">#</a></h2>\n<p><a href=\"../b/\">b</a> <a href=\"../c/\">c</a> <a href=\"https://x.org/#y\">x</a> <img src=\"../../i.png\" alt=\"id=&quot;\"> <a data-href=\"#p-s-p-z\">z</a> <span id=\"p-s-p-fn\"></span></p>"
        );
    }
}
