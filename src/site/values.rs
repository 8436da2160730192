//! The site-wide values every template sees (`config`, `nav`, `data`, `home_title`, the print
//! edition and glossary flags, the version stamp, the version switcher, live reload), passed to
//! each render as data. They are computed from the `Site` in this one function, so whatever
//! changes one of their sources (a theme reload, the versions of a versioned build) recomputes
//! them all: none can be forgotten, as mutating Tera's global context once let `versions` be.

use super::Site;

impl Site {
    pub(super) fn site_values(&self) -> tera::Context {
        let home_title = self
            .entries
            .iter()
            .find(|e| e.page.path.is_empty())
            .map_or(self.config.title.as_str(), |h| h.page.front.title.as_str());
        let mut values = tera::Context::new();
        values.insert("config", &self.config);
        values.insert_value("nav", self.nav.list(Some("")));
        values.insert("data", &self.data);
        values.insert("home_title", home_title);
        values.insert("print_edition", &self.has_print());
        values.insert("epub_edition", &self.has_epub());
        values.insert("glossary_page", &self.has_glossary());
        values.insert("site_version", &self.stamp.version);
        values.insert("build_date", &self.stamp.date);
        values.insert("versions", &self.versions);
        values.insert("live_reload", &self.opts.live_reload);
        values
    }

    /// A fresh template context holding the site-wide values, for one render to add its own to.
    pub(super) fn context(&self) -> tera::Context {
        // Each value is Arc-backed or small: the clone costs a few pointer copies per render.
        self.values.clone()
    }

    /// The editions shown in the version switcher, newest first.
    pub fn set_versions(&mut self, versions: &[crate::release::Version]) {
        self.versions = versions.to_vec();
        self.values = self.site_values();
    }
}
