//! Where a page's links point inside the EPUB. A page's HTML links other pages relatively to its
//! folder on the site (`../session-3/#consensus`); in the book every page is one chapter file,
//! so each link is resolved against the page's address and mapped: a page to its chapter, an
//! image the book carries to its copy, anything else of the site (print edition, BibTeX, a copied
//! file) to its address under `base_url`, and anything that is not a web or mail link dropped.

use crate::escape;
use std::borrow::Cow;
use std::collections::BTreeMap;
use url::Url;

/// The host the site's own addresses are resolved on; never written out.
const HOST: &str = "quire.invalid";

pub struct Linker<'a> {
    base: Url,
    /// Page path (`session-3/`) → chapter file (`c4.xhtml`).
    pub chapters: BTreeMap<&'a str, String>,
    /// Copied file (`img/fig.png`) → its place in the book (`media/m0.png`) and media type.
    pub media: BTreeMap<&'a str, (String, &'static str)>,
    pub base_url: &'a str,
}

/// A link resolved against a page of the site.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    /// A path of the site (decoded, `what?/`) and fragment (decoded).
    Site(String, Option<String>),
    External(String),
}

impl<'a> Linker<'a> {
    pub fn new(base_url: &'a str) -> Self {
        Linker {
            base: Url::parse(&format!("http://{HOST}/")).expect("a valid URL"),
            chapters: BTreeMap::new(),
            media: BTreeMap::new(),
            base_url,
        }
    }

    fn resolve(&self, page: &str, href: &str) -> Option<Resolved> {
        let url = self
            .base
            .join(&escape::url_path(page))
            .ok()?
            .join(href.trim())
            .ok()?;
        if url.host_str() == Some(HOST) {
            let path = escape::url_decode(url.path().trim_start_matches('/'));
            // `file_urls` links, and raw HTML, name pages by their `index.html`.
            let path = match path.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
                _ => path.into_owned(),
            };
            let fragment = url.fragment().map(|f| escape::url_decode(f).into_owned());
            return Some(Resolved::Site(path, fragment));
        }
        matches!(url.scheme(), "http" | "https" | "mailto")
            .then(|| Resolved::External(url.to_string()))
    }

    /// The `href` of a link written on page `page`, as the book writes it; `None` drops it.
    pub fn href(&self, page: &str, href: &str) -> Option<String> {
        match self.resolve(page, href)? {
            Resolved::External(url) => Some(url),
            Resolved::Site(path, fragment) => {
                let mut out = match self.chapters.get(path.as_str()) {
                    Some(file) => file.clone(),
                    None => format!("{}{}", self.base_url, escape::url_path(&path)),
                };
                if let Some(f) = fragment {
                    out.push('#');
                    let f = if self.chapters.contains_key(path.as_str()) {
                        id(&f)
                    } else {
                        Cow::Borrowed(f.as_str())
                    };
                    out.push_str(&escape::url_fragment(&f));
                }
                Some(out)
            }
        }
    }

    /// The `src` of an image on page `page`: its copy in the book and the copied file's path,
    /// or `None` when the book does not carry it (a remote image, an unknown type).
    pub fn image(&self, page: &str, src: &str) -> Option<(String, &'a str)> {
        let Resolved::Site(path, _) = self.resolve(page, src)? else {
            return None;
        };
        let (key, (file, _)) = self.media.get_key_value(path.as_str())?;
        Some((file.clone(), *key))
    }
}

/// An element id as XHTML in EPUB needs it: an XML name without a colon. Ids that already are
/// one (and do not start with `q-`) are kept; every other is written `q-` and its characters,
/// each one outside `[A-Za-z0-9-.]` as `_XX_` (its UTF-8 bytes in hex), so two different ids
/// never meet and links to an id are rewritten the same way.
pub fn id(s: &str) -> Cow<'_, str> {
    let valid = super::xml::is_plain_name(s) && !s.starts_with("q-");
    if valid {
        return Cow::Borrowed(s);
    }
    let mut out = String::from("q-");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            out.push(b as char);
        } else {
            out.push_str(&format!("_{b:02X}_"));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> Linker<'static> {
        let mut l = Linker::new("https://ex.org/p/");
        l.chapters.insert("", "c0.xhtml".into());
        l.chapters.insert("s1/", "c1.xhtml".into());
        l.chapters.insert("what?/", "c2.xhtml".into());
        l.media
            .insert("img/a b.png", ("media/m0.png".into(), "image/png"));
        l
    }

    #[test]
    fn pages_become_chapters_and_the_rest_the_site() {
        let l = linker();
        let href = |page, h| l.href(page, h);
        assert_eq!(href("s1/", "../what%3F/#x"), Some("c2.xhtml#x".into()));
        assert_eq!(href("s1/", "./"), Some("c1.xhtml".into()));
        assert_eq!(href("", "s1/index.html#2-1"), Some("c1.xhtml#q-2-1".into()));
        assert_eq!(href("s1/", "#a b"), Some("c1.xhtml#q-a_20_b".into()));
        assert_eq!(href("", "./"), Some("c0.xhtml".into()));
        assert_eq!(
            href("s1/", "../print/#p-x"),
            Some("https://ex.org/p/print/#p-x".into())
        );
        assert_eq!(
            href("s1/", "../img/a%20b.png"),
            Some("https://ex.org/p/img/a%20b.png".into())
        );
        assert_eq!(
            href("s1/", "https://w3.org/x?q=1"),
            Some("https://w3.org/x?q=1".into())
        );
        assert_eq!(href("s1/", "//w3.org/"), Some("http://w3.org/".into()));
        assert_eq!(href("s1/", "javascript:alert(1)"), None);
        assert_eq!(href("s1/", "data:text/html,x"), None);
        assert_eq!(
            l.image("s1/", "../img/a%20b.png"),
            Some(("media/m0.png".into(), "img/a b.png"))
        );
        assert_eq!(l.image("s1/", "https://w3.org/a.png"), None);
    }

    #[test]
    fn ids_are_xml_names_and_never_collide() {
        assert_eq!(id("consensus"), "consensus");
        assert_eq!(id("1"), "q-1");
        assert_eq!(id("q-1"), "q-q-1");
        assert_eq!(id("a\"b"), "q-a_22_b");
        assert_eq!(id("é"), "q-_C3__A9_");
        assert_ne!(id("a_b"), id("q-a_5F_b"));
    }
}
