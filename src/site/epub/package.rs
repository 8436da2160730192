//! The package document (`package.opf`: metadata, manifest, spine) and `META-INF/container.xml`,
//! which points reading systems at it.

use super::xml::Xml;

/// Where the package document is, from the root of the container.
pub const OPF: &str = "EPUB/package.opf";

/// The book's metadata.
pub struct Metadata {
    /// `urn:uuid:…`, stable for a site (`super::identifier`).
    pub identifier: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub language: String,
    /// Names with their MARC relator: `edt` for the editors, `aut` for authors.
    pub creators: Vec<(String, &'static str)>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`
    pub date: Option<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DDThh:mm:ssZ`
    pub modified: String,
}

/// One file of the book in the manifest.
pub struct Item {
    pub id: String,
    /// Relative to the package document.
    pub href: String,
    pub media_type: &'static str,
    /// e.g. `nav`, `svg mathml`
    pub properties: String,
}

pub fn container() -> Vec<u8> {
    let mut x = Xml::document(None);
    x.open(
        "container",
        &[
            ("version", "1.0"),
            ("xmlns", "urn:oasis:names:tc:opendocument:xmlns:container"),
        ],
    );
    x.open("rootfiles", &[]);
    x.empty(
        "rootfile",
        &[
            ("full-path", OPF),
            ("media-type", "application/oebps-package+xml"),
        ],
    );
    x.close("rootfiles");
    x.close("container");
    x.newline();
    x.into_bytes()
}

/// The package document: `spine` lists manifest ids in reading order.
pub fn opf(meta: &Metadata, items: &[Item], spine: &[&str]) -> Vec<u8> {
    let mut x = Xml::document(None);
    x.open(
        "package",
        &[
            ("xmlns", "http://www.idpf.org/2007/opf"),
            ("version", "3.0"),
            ("unique-identifier", "uid"),
            ("xml:lang", &meta.language),
        ],
    );
    x.newline();
    x.open(
        "metadata",
        &[("xmlns:dc", "http://purl.org/dc/elements/1.1/")],
    );
    x.newline();
    x.element("dc:identifier", &[("id", "uid")], &meta.identifier);
    x.newline();
    x.element("dc:title", &[("id", "title")], &meta.title);
    x.newline();
    if let Some(sub) = &meta.subtitle {
        x.element("dc:title", &[("id", "subtitle")], sub);
        x.newline();
        refine(&mut x, "title", "title-type", None, "main");
        refine(&mut x, "subtitle", "title-type", None, "subtitle");
    }
    x.element("dc:language", &[], &meta.language);
    x.newline();
    for (n, (name, role)) in meta.creators.iter().enumerate() {
        let id = format!("creator{n}");
        x.element("dc:creator", &[("id", &id)], name);
        x.newline();
        refine(&mut x, &id, "role", Some("marc:relators"), role);
    }
    if let Some(publisher) = &meta.publisher {
        x.element("dc:publisher", &[], publisher);
        x.newline();
    }
    if let Some(date) = &meta.date {
        x.element("dc:date", &[], date);
        x.newline();
    }
    if let Some(description) = &meta.description {
        x.element("dc:description", &[], description);
        x.newline();
    }
    x.element("meta", &[("property", "dcterms:modified")], &meta.modified);
    x.newline();
    x.close("metadata");
    x.newline();
    x.open("manifest", &[]);
    x.newline();
    for item in items {
        let mut attrs = vec![
            ("id", item.id.as_str()),
            ("href", item.href.as_str()),
            ("media-type", item.media_type),
        ];
        if !item.properties.is_empty() {
            attrs.push(("properties", item.properties.as_str()));
        }
        x.empty("item", &attrs);
        x.newline();
    }
    x.close("manifest");
    x.newline();
    x.open("spine", &[]);
    x.newline();
    for id in spine {
        x.empty("itemref", &[("idref", id)]);
        x.newline();
    }
    x.close("spine");
    x.newline();
    x.close("package");
    x.newline();
    x.into_bytes()
}

fn refine(x: &mut Xml, id: &str, property: &str, scheme: Option<&str>, value: &str) {
    let target = format!("#{id}");
    let mut attrs = vec![("refines", target.as_str()), ("property", property)];
    if let Some(s) = scheme {
        attrs.push(("scheme", s));
    }
    x.element("meta", &attrs, value);
    x.newline();
}
