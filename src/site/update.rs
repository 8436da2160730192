//! Serve's cheap rebuilds: a theme reloaded in place, and a page re-rendered alone after an edit
//! of its body (with the outputs that read the text of every page).

use super::links::{self, resolve_links};
use super::Site;
use crate::error::{Error, Result};
use crate::markdown;
use crate::output::Sink;
use crate::page;
use crate::theme::Theme;
use std::path::Path;

impl Site {
    /// Reloads templates and static files after a theme edit.
    pub fn reload_theme(&mut self) -> Result<()> {
        self.theme = Theme::load(&self.opts.root, &self.config.theme)?;
        // Which outputs the theme has templates for (print, glossary) is a site-wide value.
        self.values = self.site_values();
        Ok(())
    }

    /// Re-reads one page after an edit. When only its body changed (same front matter, same
    /// heading ids), the page is re-rendered in place and its index returned; otherwise `None`
    /// says a full rebuild is needed.
    pub fn update_page(&mut self, rel: &Path) -> Result<Option<usize>> {
        let key = crate::url::slash_path(rel);
        let Some(target) = self.index.by_source.get(&key) else {
            return Ok(None);
        };
        let i = target.at;
        let path = self.content_dir.join(rel);
        if !path.is_file() {
            return Ok(None);
        }
        let display = self.entries[i].page.display_path.clone();
        let text = crate::fs::read_to_string(&path)?;
        let (front, body, body_line) = page::parse_page(&text, &display)?;
        if front != self.entries[i].page.front {
            return Ok(None);
        }
        let mut doc = markdown::render(&body, body_line + 1, self.config.slugify);
        // New heading ids can make other pages' links valid; the first code on the site needs
        // the code stylesheet written.
        if links::ids_of(&doc) != target.ids || (doc.has_code && !self.has_code) {
            return Ok(None);
        }
        let fu = self.config.file_urls;
        let errors = resolve_links(&self.entries[i].page, &mut doc, &self.index, fu);
        if let Some(e) = Error::many(errors) {
            return Err(e);
        }
        if !self.terms.is_empty() {
            doc.html = crate::abbr::mark_first_use(&doc.html, &self.terms);
        }
        let full_text = crate::search::full_text(self.entries.len());
        let entry = &mut self.entries[i];
        entry.page.body_line = body_line;
        entry.page.description = crate::describe::describe(&entry.page.front, &doc.html);
        entry.search = crate::search::page_entries(&entry.page, &doc, fu, full_text);
        entry.doc = doc;
        Ok(Some(i))
    }

    /// Writes pages `updated` (from `update_page`) again, with the navigation of their sections
    /// and the outputs that read every page's text.
    pub fn render_updated(&self, updated: &[usize], sink: &dyn Sink) -> Result<()> {
        let sections = updated
            .iter()
            .filter_map(|&i| self.entries[i].page.parent.as_deref());
        let contents = self.contents_for(sections)?;
        for &i in updated {
            let (path, bytes) = self.render_page(i, Some(&contents))?;
            sink.put(&path, bytes)?;
        }
        self.render_derived(sink)
    }
}
