//! Navigation, built once per section and shared: each section's list of children becomes one
//! Arc-backed `tera::Value` that every page showing it clones in O(1), so output and memory grow
//! with pages × section size, never pages × pages.

use super::Entry;
use crate::page::Page;
use crate::url::link_path;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize, Clone)]
pub struct NavItem<'a> {
    pub title: &'a str,
    /// Root-relative link, e.g. `session-3/` (or `session-3/index.html` with `file_urls`).
    pub path: String,
    pub kind: Option<&'a str>,
    pub session: Option<u32>,
    pub is_section: bool,
    pub summary: Option<&'a str>,
}

pub fn nav_item(p: &Page, file_urls: bool) -> NavItem<'_> {
    NavItem {
        title: &p.front.title,
        path: link_path(&p.path, file_urls),
        kind: p.front.kind.as_deref(),
        session: p.front.session,
        is_section: p.is_section,
        summary: p.front.summary.as_deref(),
    }
}

#[derive(Default)]
pub struct Nav {
    /// Section path (`""` = home) → its children's page indices, in order.
    pub children: BTreeMap<String, Vec<usize>>,
    /// Section path → the same children as a template value.
    pub lists: BTreeMap<String, tera::Value>,
    pub empty: Option<tera::Value>,
}

impl Nav {
    pub fn new(pages: &[Entry], file_urls: bool) -> Nav {
        let mut children: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, e) in pages.iter().enumerate() {
            if let Some(parent) = &e.page.parent {
                children.entry(parent.clone()).or_default().push(i);
            }
        }
        let lists = children
            .iter()
            .map(|(sec, list)| {
                let items: Vec<NavItem> = list
                    .iter()
                    .map(|&i| nav_item(&pages[i].page, file_urls))
                    .collect();
                (sec.clone(), tera::Value::from_serializable(&items))
            })
            .collect();
        Nav {
            children,
            lists,
            empty: Some(tera::Value::from_serializable(&Vec::<NavItem>::new())),
        }
    }

    /// The children of section `path` (empty when it has none).
    pub fn list(&self, path: Option<&str>) -> tera::Value {
        path.and_then(|p| self.lists.get(p))
            .or(self.empty.as_ref())
            .cloned()
            .unwrap_or_else(|| tera::Value::from_serializable(&Vec::<NavItem>::new()))
    }

    /// The previous and next pages among the siblings of page `i`.
    pub fn neighbours(&self, pages: &[Entry], i: usize) -> (Option<usize>, Option<usize>) {
        let siblings = pages[i]
            .page
            .parent
            .as_deref()
            .and_then(|p| self.children.get(p))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        match siblings.iter().position(|&j| j == i) {
            Some(pos) => (
                pos.checked_sub(1).map(|p| siblings[p]),
                siblings.get(pos + 1).copied(),
            ),
            None => (None, None),
        }
    }
}

/// The sections above page `i`, from the top down.
pub fn breadcrumbs<'a>(
    pages: &'a [Entry],
    by_path: &BTreeMap<String, usize>,
    i: usize,
    file_urls: bool,
) -> Vec<NavItem<'a>> {
    let mut trail = Vec::new();
    let mut parent = pages[i].page.parent.as_deref();
    while let Some(p) = parent {
        match by_path.get(p) {
            Some(&j) if j != i => {
                trail.push(nav_item(&pages[j].page, file_urls));
                parent = pages[j].page.parent.as_deref();
            }
            _ => break,
        }
    }
    trail.reverse();
    trail
}
/// A section's navigation HTML (the theme's `partials/contents.html`), rendered once and shared
/// by its pages. It is the same for all of them but for the `aria-current` mark on the current
/// page's link; where each link's `<a href="…"` ends is found once, so marking a page costs one
/// copy and no search.
pub struct SharedContents {
    html: String,
    /// `href` → the byte offset just after the first `<a href="HREF"` with it.
    anchors: HashMap<String, usize>,
}

impl SharedContents {
    pub fn new(html: String) -> Self {
        const OPEN: &str = "<a href=\"";
        let mut anchors = HashMap::new();
        for (at, _) in html.match_indices(OPEN) {
            let start = at + OPEN.len();
            if let Some(len) = html[start..].find('"') {
                anchors
                    .entry(html[start..start + len].to_string())
                    .or_insert(start + len + 1);
            }
        }
        SharedContents { html, anchors }
    }

    /// The navigation with the link to `href` marked as the current page.
    pub fn marked(&self, href: &str) -> String {
        const MARK: &str = " aria-current=\"page\"";
        match self.anchors.get(href) {
            Some(&end) => {
                let mut out = String::with_capacity(self.html.len() + MARK.len());
                out.push_str(&self.html[..end]);
                out.push_str(MARK);
                out.push_str(&self.html[end..]);
                out
            }
            None => self.html.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SharedContents;

    #[test]
    fn only_the_first_link_to_the_current_page_is_marked() {
        let nav = SharedContents::new(
            r#"<a href="../a/">A</a><a href="../b/">B</a><a href="../b/">B again</a>"#.into(),
        );
        assert_eq!(
            nav.marked("../b/"),
            r#"<a href="../a/">A</a><a href="../b/" aria-current="page">B</a><a href="../b/">B again</a>"#
        );
        assert_eq!(nav.marked("../c/"), nav.marked("../zzz/"));
        assert!(!nav.marked("../c/").contains("aria-current"));
    }
}
