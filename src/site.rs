//! `quire build`: site.yaml, content/ and a theme in; a complete static site out. Three phases,
//! each parallel where pages are independent: render every page's Markdown once; resolve the
//! links between pages once all targets are known; render every page with its template. The
//! result is written to a staging folder beside `public/` and swapped in only when complete.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::markdown::{self, Heading, Rendered, LINK_PREFIX};
use crate::page::{self, Page};
use crate::theme::Theme;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Validated build settings (flags already merged over site.yaml).
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub theme: Option<String>,
    pub drafts: bool,
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
        }
    }
}

/// The finished site in memory: output path (relative, `/`-separated) → bytes.
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
}

#[derive(Serialize, Clone)]
struct NavItem<'a> {
    title: &'a str,
    /// Root-relative link, e.g. `session-3/` (or `session-3/index.html` with `file_urls`).
    path: String,
    kind: Option<&'a str>,
    session: Option<u32>,
    is_section: bool,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
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
}

/// Where rendered files go: memory (tests, `check`) or a staging folder (build).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
}

struct MemorySink(std::sync::Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.0
            .lock()
            .expect("no panics while holding the lock")
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Writes each file as soon as it is rendered, so a large site is never held in memory whole.
struct DirSink(PathBuf);

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let target = self.0.join(path);
        if let Some(dir) = target.parent() {
            crate::fs::create_dir_all(dir)?;
        }
        crate::fs::write(&target, &bytes)
    }
}

/// Builds the site in memory; nothing is written.
pub fn render_site(opts: &BuildOptions) -> Result<Output> {
    let sink = MemorySink(Default::default());
    let pages = render_into(opts, &sink)?;
    let files = sink
        .0
        .into_inner()
        .expect("no panics while holding the lock");
    Ok(Output { files, pages })
}

/// Renders every output file into `sink`; returns the number of pages.
pub fn render_into(opts: &BuildOptions, sink: &dyn Sink) -> Result<usize> {
    let mut config = Config::load(&opts.root.join("site.yaml"))?;
    if let Some(url) = &opts.base_url {
        config.base_url = if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        };
    }
    if let Some(theme) = &opts.theme {
        config.theme = theme.clone();
    }
    let content_dir = opts.root.join("content");
    let timer = PhaseTimer::start();
    let (content, theme) = rayon::join(
        || page::load_content(&content_dir, opts.drafts),
        || Theme::load(&opts.root, &config.theme),
    );
    let mut content = content?;
    let mut theme = theme?;
    sort_pages(&mut content.pages);

    timer.mark("load");
    // Phase 1: Markdown, once per page; the source text is not needed after it.
    let mut rendered: Vec<Rendered> = content
        .pages
        .par_iter_mut()
        .map(|p| markdown::render(&std::mem::take(&mut p.body), p.body_line + 1))
        .collect();
    let pages = &content.pages;
    let any_code = rendered.iter().any(|r| r.has_code);

    timer.mark("markdown");
    // Phase 2: links, now that every page's headings are known.
    let index = SiteIndex::new(pages, &rendered, &content.assets);
    let errors: Vec<Error> = pages
        .par_iter()
        .zip(rendered.par_iter_mut())
        .flat_map(|(page, r)| resolve_links(page, r, &index, config.file_urls))
        .collect();
    if let Some(e) = Error::many(errors) {
        return Err(e);
    }

    timer.mark("links");
    // Navigation, built once per section and shared by every page that shows it.
    let link = |path: &str| link_path(path, config.file_urls);
    let fu = config.file_urls;
    let item = |p| nav_item(p, fu);
    let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let Some(parent) = &p.parent {
            children.entry(parent.as_str()).or_default().push(i);
        }
    }
    let section_lists: BTreeMap<&str, tera::Value> = children
        .iter()
        .map(|(sec, list)| {
            let items: Vec<NavItem> = list.iter().map(|&i| item(&pages[i])).collect();
            (*sec, tera::Value::from_serializable(&items))
        })
        .collect();
    let empty = tera::Value::from_serializable(&Vec::<NavItem>::new());
    let home = pages.iter().find(|p| p.path.is_empty());
    let globals = theme.tera.global_context();
    globals.insert("config", &config);
    globals.insert_value(
        "nav",
        section_lists
            .get("")
            .cloned()
            .unwrap_or_else(|| empty.clone()),
    );
    globals.insert("data", &content.data);
    globals.insert(
        "home_title",
        &home.map_or(config.title.as_str(), |h| h.front.title.as_str()),
    );
    let theme = &theme;

    // Phase 3: templates, in parallel.
    let results: Vec<Result<()>> = pages
        .par_iter()
        .zip(rendered.into_par_iter())
        .map(|(page, r)| {
            let siblings = page
                .parent
                .as_deref()
                .and_then(|parent| children.get(parent))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let pos = siblings.iter().position(|&i| std::ptr::eq(&pages[i], page));
            let prev = pos
                .and_then(|p| p.checked_sub(1))
                .map(|p| item(&pages[siblings[p]]));
            let next = pos
                .and_then(|p| siblings.get(p + 1))
                .map(|&i| item(&pages[i]));
            let ctx = PageContext {
                title: &page.front.title,
                content: tera::Value::safe_string(&r.html),
                toc: &r.toc,
                front: &page.front,
                path: link(&page.path),
                permalink: format!("{}{}", config.base_url, page.path),
                kind: page.front.kind.as_deref().unwrap_or(if page.is_section {
                    "section"
                } else {
                    "page"
                }),
                is_section: page.is_section,
                has_code: r.has_code,
                prev,
                next,
                breadcrumbs: breadcrumbs(page, &index, pages, fu),
            };
            let mut tctx = tera::Context::new();
            tctx.insert("page", &ctx);
            tctx.insert("root", &root_prefix(&page.path));
            let own = if page.is_section {
                section_lists.get(page.path.as_str())
            } else {
                None
            };
            tctx.insert_value(
                "section_pages",
                own.cloned().unwrap_or_else(|| empty.clone()),
            );
            let parent_list = page.parent.as_deref().and_then(|p| section_lists.get(p));
            tctx.insert_value(
                "siblings",
                parent_list.cloned().unwrap_or_else(|| empty.clone()),
            );
            let template = template_for(page, theme);
            let html = theme
                .tera
                .render(&template, &tctx)
                .map_err(|e| theme.tera_error(&e))?;
            sink.put(&format!("{}index.html", page.path), html.into_bytes())
        })
        .collect();
    timer.mark("templates");
    let page_count = results.len();
    let errors: Vec<Error> = results.into_iter().filter_map(|r| r.err()).collect();
    if let Some(e) = Error::many(errors) {
        return Err(e);
    }

    if theme.has_template("404.html") {
        let mut tctx = tera::Context::new();
        tctx.insert("root", &config.base_url);
        let html = theme
            .tera
            .render("404.html", &tctx)
            .map_err(|e| theme.tera_error(&e))?;
        sink.put("404.html", html.into_bytes())?;
    }
    for (path, bytes) in &theme.static_files {
        sink.put(path, bytes.clone())?;
    }
    if any_code {
        sink.put("syntax.css", crate::highlight::stylesheet().into_bytes())?;
    }
    for asset in &content.assets {
        let rel = asset.to_string_lossy().replace('\\', "/");
        sink.put(&rel, crate::fs::read(&content_dir.join(asset))?)?;
    }
    let date = build_date(pages, &config);
    sink.put(
        "sitemap.xml",
        crate::feeds::sitemap(pages, &config).into_bytes(),
    )?;
    sink.put("robots.txt", crate::feeds::robots(&config).into_bytes())?;
    sink.put(
        "atom.xml",
        crate::feeds::atom(pages, &config, &date).into_bytes(),
    )?;
    timer.mark("extras");
    Ok(page_count)
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

/// Order among siblings: weight, then title, then path (so equal pages still sort stably).
fn sort_pages(pages: &mut [Page]) {
    pages.sort_by(|a, b| {
        (
            a.path.matches('/').count(),
            a.front.weight,
            &a.front.title,
            &a.path,
        )
            .cmp(&(
                b.path.matches('/').count(),
                b.front.weight,
                &b.front.title,
                &b.path,
            ))
    });
}

fn nav_item(p: &Page, file_urls: bool) -> NavItem<'_> {
    NavItem {
        title: &p.front.title,
        path: link_path(&p.path, file_urls),
        kind: p.front.kind.as_deref(),
        session: p.front.session,
        is_section: p.is_section,
    }
}

fn template_for(page: &Page, theme: &Theme) -> String {
    if let Some(t) = &page.front.template {
        return t.clone();
    }
    if page.path.is_empty() {
        return "index.html".into();
    }
    if let Some(kind) = &page.front.kind {
        let name = format!("{kind}.html");
        if theme.has_template(&name) {
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

/// `./` for the home page, `../` per folder level below it.
fn root_prefix(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

fn link_path(path: &str, file_urls: bool) -> String {
    if file_urls {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn breadcrumbs<'a>(
    page: &Page,
    index: &SiteIndex,
    pages: &'a [Page],
    file_urls: bool,
) -> Vec<NavItem<'a>> {
    let mut trail = Vec::new();
    let mut parent = page.parent.clone();
    while let Some(p) = parent {
        match index.by_path.get(p.as_str()) {
            Some(&i) => {
                trail.push(nav_item(&pages[i], file_urls));
                parent = pages[i].parent.clone();
            }
            None => break,
        }
    }
    trail.reverse();
    trail
}

/// What links can point at: pages by source file, their heading ids, and copied files.
struct SiteIndex<'a> {
    by_source: BTreeMap<String, usize>,
    by_path: BTreeMap<&'a str, usize>,
    ids: Vec<BTreeSet<String>>,
    paths: Vec<&'a str>,
    assets: BTreeSet<String>,
}

impl<'a> SiteIndex<'a> {
    fn new(pages: &'a [Page], rendered: &[Rendered], assets: &[PathBuf]) -> Self {
        SiteIndex {
            by_source: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.source.to_string_lossy().replace('\\', "/"), i))
                .collect(),
            by_path: pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.path.as_str(), i))
                .collect(),
            ids: rendered
                .iter()
                .map(|r| {
                    let mut ids: BTreeSet<String> = r.toc.iter().map(|h| h.id.clone()).collect();
                    collect_html_ids(&r.html, &mut ids);
                    ids
                })
                .collect(),
            paths: pages.iter().map(|p| p.path.as_str()).collect(),
            assets: assets
                .iter()
                .map(|a| a.to_string_lossy().replace('\\', "/"))
                .collect(),
        }
    }
}

/// Footnote and raw-HTML ids are link targets too.
fn collect_html_ids(html: &str, ids: &mut BTreeSet<String>) {
    for (i, _) in html.match_indices(" id=\"") {
        let rest = &html[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(rest[..end].to_string());
        }
    }
}

/// Replaces the page's link placeholders with relative URLs; returns an error per broken link.
fn resolve_links(page: &Page, r: &mut Rendered, index: &SiteIndex, file_urls: bool) -> Vec<Error> {
    let mut errors = Vec::new();
    let dir = page
        .source
        .parent()
        .map(|d| d.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let own = index.by_path.get(page.path.as_str()).copied();
    let mut html = std::mem::take(&mut r.html);
    for (n, link) in r.links.iter().enumerate().rev() {
        let (target, fragment) = match link.dest.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (link.dest.as_str(), None),
        };
        let fail = |msg: String| Error::at(&page.display_path, link.line, Some(link.column), msg);
        let url = if target.is_empty() {
            own.map(|_| String::new())
        } else {
            match normalize(&dir, target) {
                None => None,
                Some(joined) if joined.ends_with(".md") => match index.by_source.get(&joined) {
                    Some(&t) => {
                        if let (Some(f), false) =
                            (fragment, fragment.is_some_and(|f| index.ids[t].contains(f)))
                        {
                            errors.push(fail(format!(
                                "link to a missing heading `#{f}` in {joined}; the page's headings are: {}",
                                index.ids[t].iter().take(8).cloned().collect::<Vec<_>>().join(", ")
                            )));
                        }
                        Some(link_path(&relative(&page.path, index.paths[t]), file_urls))
                    }
                    None => {
                        errors.push(fail(format!(
                            "link to a missing page `{target}`: no content/{joined}; fix the path or create the page"
                        )));
                        continue;
                    }
                },
                Some(joined) if index.assets.contains(&joined) => {
                    Some(relative(&page.path, &joined))
                }
                Some(joined) => {
                    errors.push(fail(format!(
                        "link to a missing file `{target}`: no content/{joined}"
                    )));
                    continue;
                }
            }
        };
        let Some(mut url) = url else {
            errors.push(fail(format!(
                "link `{}` leaves the content folder",
                link.dest
            )));
            continue;
        };
        if target.is_empty() {
            if let (Some(f), Some(o)) = (fragment, own) {
                if !index.ids[o].contains(f) {
                    errors.push(fail(format!(
                        "link to a missing heading `#{f}` on this page"
                    )));
                }
            }
        }
        if let Some(f) = fragment {
            url.push('#');
            url.push_str(f);
        }
        if url.is_empty() {
            url = "./".into();
        }
        let placeholder = format!("\"{LINK_PREFIX}{n}\"");
        html = html.replace(&placeholder, &format!("\"{}\"", escape_attr(&url)));
    }
    r.html = html;
    errors.reverse();
    errors
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;")
}

/// Joins a relative link to the folder it was written in; `None` if it climbs out of the root.
fn normalize(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The relative URL from the page at folder `from` (`a/b/`) to the root-relative `to` (`c/`).
fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// The date stamped into the feed: SOURCE_DATE_EPOCH when set, else the newest page date,
/// else the site's date — never the clock, so builds are reproducible.
fn build_date(pages: &[Page], config: &Config) -> String {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
    {
        return crate::feeds::rfc3339_from_epoch(secs);
    }
    let newest = pages.iter().filter_map(|p| p.front.date.as_deref()).max();
    let date = newest.or(config.date.as_deref()).unwrap_or("1970-01-01");
    format!("{date}T00:00:00Z")
}

/// Builds and writes the site atomically: every file goes into a staging folder beside the
/// output as it is rendered, and the folder is swapped in only when the whole build succeeded.
/// A failure at any point leaves the previous output as it was.
pub fn build(opts: &BuildOptions) -> Result<usize> {
    let out = &opts.output;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if staging.exists() {
        crate::fs::remove_dir_all(&staging)?;
    }
    crate::fs::create_dir_all(&staging)?;
    let pages = match render_into(opts, &DirSink(staging.clone())) {
        Ok(pages) => pages,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        crate::fs::rename(out, &old)?;
    }
    if let Err(e) = crate::fs::rename(&staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    if old.exists() {
        crate::fs::remove_dir_all(&old)?;
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_joins_and_refuses_to_climb_out() {
        assert_eq!(normalize("a/b", "../c.md"), Some("a/c.md".into()));
        assert_eq!(normalize("", "./x/y.png"), Some("x/y.png".into()));
        assert_eq!(normalize("", "../x.md"), None);
    }

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(relative("a/b/", "c/"), "../../c/");
        assert_eq!(relative("", "c/"), "c/");
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("s1/p1/"), "../../");
    }
}
