//! Citation data for every page: the `citation_*` meta tags Google Scholar reads, schema.org
//! JSON-LD (the workshop as an Event with its sessions as sub-events, the proceedings as a
//! Report, each page a Chapter of it), a formatted citation and BibTeX, and `cite.bib` for the
//! whole volume. In: the config and the pages' front matter; out: strings for the templates.

use crate::config::Config;
use crate::page::Page;
use crate::slug::{self, Slugify};
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Meta {
    pub name: &'static str,
    pub content: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    /// e.g. `Mueller, M. (2023). Opening Remarks. In What is … Workshop Proceedings. The Internet
    /// Governance Project. https://…/opening-remarks/`
    pub text: String,
    pub bibtex: String,
}

use crate::credits::{self, Person};

fn year(config: &Config) -> Option<&str> {
    config.date.as_deref().and_then(|d| d.get(..4))
}

fn volume_title(config: &Config) -> String {
    match &config.subtitle {
        // A title that ends in its own punctuation ("…economy?") takes the subtitle after a space.
        Some(s) if config.title.ends_with(['?', '!']) => format!("{} {s}", config.title),
        Some(s) => format!("{}: {s}", config.title.trim_end_matches(['.', ':'])),
        None => config.title.clone(),
    }
}

/// Google Scholar's tags, on the pages that are parts of the proceedings only (a contents or
/// about page tagged as a paper would be indexed as one). Authors are people, never the
/// publisher.
pub fn meta_tags(page: &Page, config: &Config, permalink: &str) -> Vec<Meta> {
    if !credits::is_part(page) {
        return Vec::new();
    }
    let mut tags = vec![Meta {
        name: "citation_title",
        content: page.front.title.clone(),
    }];
    for author in credits::authors(page) {
        tags.push(Meta {
            name: "citation_author",
            content: author.family_first(),
        });
    }
    if let Some(date) = &config.date {
        tags.push(Meta {
            name: "citation_publication_date",
            content: date.replace('-', "/"),
        });
    }
    tags.push(Meta {
        name: "citation_conference_title",
        content: config.title.clone(),
    });
    if let Some(p) = &config.publisher {
        tags.push(Meta {
            name: "citation_publisher",
            content: p.clone(),
        });
    }
    tags.push(Meta {
        name: "citation_language",
        content: config.language.clone(),
    });
    tags.push(Meta {
        name: "citation_public_url",
        content: permalink.to_string(),
    });
    // The whole volume: Scholar wants a PDF to index, and this is the only one there is.
    if let Some(pdf) = &config.pdf_url {
        tags.push(Meta {
            name: "citation_pdf_url",
            content: pdf.clone(),
        });
    }
    if !page.description.is_empty() {
        tags.push(Meta {
            name: "citation_abstract",
            content: page.description.clone(),
        });
    }
    tags
}

fn person_ld(p: &Person) -> Value {
    json!({"@type": "Person", "name": p.name, "familyName": p.family, "givenName": p.given})
}

fn organization_ld(config: &Config) -> Option<Value> {
    config
        .publisher
        .as_ref()
        .map(|p| json!({"@type": "Organization", "name": p}))
}

/// The `<script type="application/ld+json">` element for a page.
pub fn json_ld(
    page: &Page,
    config: &Config,
    permalink: &str,
    sessions: &[(String, String)],
) -> String {
    let report = json!({
        "@type": "Report",
        "@id": format!("{}#proceedings", config.base_url),
        "name": volume_title(config),
        "url": config.base_url,
        "inLanguage": config.language,
        "datePublished": config.date,
        "description": crate::describe::volume(config),
        "editor": credits::editors(config).iter().map(person_ld).collect::<Vec<_>>(),
        "publisher": organization_ld(config),
        "encoding": config.pdf_url.as_ref().map(|url| json!({"@type": "MediaObject", "contentUrl": url, "encodingFormat": "application/pdf"})),
    });
    let workshop = json!({
        "@type": "Event",
        "@id": format!("{}#workshop", config.base_url),
        "name": config.title,
        "startDate": config.date,
        "organizer": config.publisher.as_ref().map(|p| json!({"@type": "Organization", "name": p})),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": config.publisher.clone().unwrap_or_else(|| config.title.clone())},
    });
    let mut graph: Vec<Value> = Vec::new();
    if page.path.is_empty() {
        let mut event = workshop;
        event["subEvent"] = Value::Array(
            sessions
                .iter()
                .map(|(name, url)| json!({"@type": "Event", "name": name, "url": url, "startDate": config.date}))
                .collect(),
        );
        graph.push(event);
        graph.push(report);
    } else {
        let people = credits::authors(page);
        let authors: Vec<Value> = if people.is_empty() {
            organization_ld(config).into_iter().collect()
        } else {
            people.iter().map(person_ld).collect()
        };
        graph.push(json!({
            "@type": "Chapter",
            "name": page.front.title,
            "url": permalink,
            "author": authors,
            "abstract": (!page.description.is_empty()).then_some(&page.description),
            "isPartOf": {"@id": format!("{}#proceedings", config.base_url)},
        }));
        if let Some(n) = page.front.session {
            graph.push(json!({
                "@type": "Event",
                "name": format!("Session {n}: {}", page.front.title),
                "url": permalink,
                "startDate": config.date,
                "performer": people.iter().map(person_ld).collect::<Vec<_>>(),
                "superEvent": {"@id": format!("{}#workshop", config.base_url)},
            }));
        }
        graph.push(report);
    }
    let data =
        json!({"@context": "https://schema.org", "@graph": strip_nulls(Value::Array(graph))});
    format!(
        "<script type=\"application/ld+json\">{}</script>",
        crate::escape::script_json(&data)
    )
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.into_iter().map(strip_nulls).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// APA-style authors: `Mueller, M., & Newman, A.`; the publisher (APA's group author) when the
/// page names none, and for the home page the editors (`Roe, J. (Ed.)`).
fn apa_authors(page: &Page, config: &Config) -> String {
    let people = if page.path.is_empty() {
        credits::editors(config)
    } else {
        credits::authors(page)
    };
    let mut names: Vec<String> = people.iter().map(Person::family_initials).collect();
    if page.path.is_empty() && !names.is_empty() {
        let ed = if names.len() == 1 { "(Ed.)" } else { "(Eds.)" };
        let last = names.len() - 1;
        names[last] = format!("{} {ed}", names[last]);
    }
    match names.len() {
        0 => config
            .publisher
            .clone()
            .unwrap_or_else(|| config.title.clone()),
        1 => names[0].clone(),
        _ => format!(
            "{}, & {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

pub fn cite(page: &Page, config: &Config, permalink: &str) -> Cite {
    let year = year(config).unwrap_or("n.d.");
    let authors = apa_authors(page, config);
    let publisher = config.publisher.as_deref().unwrap_or("");
    let text = if page.path.is_empty() {
        format!(
            "{authors} ({year}). {}. {publisher}. {permalink}",
            volume_title(config)
        )
    } else {
        format!(
            "{} ({year}). {}. In {}. {publisher}. {permalink}",
            authors.trim_end_matches('.').to_string()
                + if authors.ends_with('.') { "." } else { "" },
            page.front.title,
            volume_title(config)
        )
    };
    Cite {
        text: text.replace(" . ", " ").replace(". .", "."),
        bibtex: bibtex(page, config, permalink),
    }
}

fn bib_key(page: &Page, config: &Config) -> String {
    let lead = credits::authors(page)
        .first()
        .map(|p| p.family.clone())
        .or_else(|| config.publisher.clone())
        .unwrap_or_else(|| "proceedings".into());
    // A BibTeX key is ASCII letters and digits: names spelled by the slug rule, hyphens dropped.
    let key = |text: &str| slug::slug(text, Slugify::On).replace('-', "");
    format!(
        "{}{}{}",
        key(&lead),
        year(config).unwrap_or(""),
        key(&page.path)
    )
}

/// One BibTeX entry. Titles are brace-protected, so styles print them as written (`ICTs`, `US`).
/// A page with no author is credited to the publisher as a corporate author (`{{…}}`: one name,
/// never split into a person's parts); the volume names its editors and organization.
pub fn bibtex(page: &Page, config: &Config, permalink: &str) -> String {
    use crate::escape::{bibtex as esc, bibtex_url};
    // Each value escaped once; `protect` wraps it in a second pair of braces.
    let protect = |v: &str| format!("{{{}}}", esc(v));
    let people = |list: Vec<Person>| {
        list.iter()
            .map(|p| esc(&p.family_first()))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let mut fields: Vec<(&str, String)> = Vec::new();
    let editors = credits::editors(config);
    let kind = if page.path.is_empty() {
        fields.push(("title", protect(&volume_title(config))));
        if !editors.is_empty() {
            fields.push(("editor", people(editors)));
        }
        if let Some(p) = &config.publisher {
            fields.push(("organization", esc(p)));
        }
        "proceedings"
    } else {
        fields.push(("title", protect(&page.front.title)));
        fields.push(("booktitle", protect(&volume_title(config))));
        let authors = credits::authors(page);
        if !authors.is_empty() {
            fields.push(("author", people(authors)));
        } else if let Some(p) = &config.publisher {
            fields.push(("author", protect(p)));
        }
        if !editors.is_empty() {
            fields.push(("editor", people(editors)));
        }
        "inproceedings"
    };
    if let Some(p) = &config.publisher {
        fields.push(("publisher", esc(p)));
    }
    if let Some(y) = year(config) {
        fields.push(("year", esc(y)));
    }
    fields.push(("url", bibtex_url(permalink)));
    // BibLaTeX's `file` field, which Zotero and JabRef attach: the volume's typeset PDF.
    if let Some(pdf) = &config.pdf_url {
        fields.push(("file", bibtex_url(pdf)));
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("  {k} = {{{v}}}"))
        .collect();
    format!(
        "@{kind}{{{},\n{}\n}}\n",
        bib_key(page, config),
        body.join(",\n")
    )
}

/// `cite.bib`: the volume, then every part of it in reading order.
pub fn volume_bib<'a>(pages: impl IntoIterator<Item = &'a Page>, config: &Config) -> String {
    pages
        .into_iter()
        .filter(|p| p.path.is_empty() || credits::is_part(p))
        .map(|p| {
            let permalink = crate::url::permalink(&config.base_url, &p.path);
            bibtex(p, config, &permalink)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::FrontMatter;

    fn config() -> Config {
        crate::yaml::parse(
            "title: A Workshop\nsubtitle: Proceedings\npublisher: The Lab & Co\ndate: \"2023-11-10\"\nbase_url: https://ex.org/w/\n",
            std::path::Path::new("site.yaml"),
            0,
        )
        .unwrap()
    }

    fn page(speakers: &[&str]) -> Page {
        Page {
            source: "opening.md".into(),
            display_path: "content/opening.md".into(),
            front: FrontMatter {
                title: "Opening Remarks".into(),
                speakers: speakers.iter().map(|s| s.to_string()).collect(),
                ..FrontMatter::default()
            },
            body_line: 1,
            is_section: false,
            description: String::new(),
            path: "opening/".into(),
            parent: Some(String::new()),
        }
    }

    #[test]
    fn citation_text_and_bibtex() {
        let c = cite(
            &page(&["Dr. Milton Mueller"]),
            &config(),
            "https://ex.org/w/opening/",
        );
        assert_eq!(
            c.text,
            "Mueller, M. (2023). Opening Remarks. In A Workshop: Proceedings. The Lab & Co. https://ex.org/w/opening/"
        );
        assert_eq!(
            c.bibtex,
            "@inproceedings{mueller2023opening,\n  title = {{Opening Remarks}},\n  booktitle = {{A Workshop: Proceedings}},\n  author = {Mueller, Milton},\n  publisher = {The Lab \\& Co},\n  year = {2023},\n  url = {https://ex.org/w/opening/}\n}\n"
        );
    }

    #[test]
    fn scholar_meta_tags_name_authors_and_dates() {
        let tags = meta_tags(&page(&["Dr. Abraham Newman"]), &config(), "u");
        assert!(tags.contains(&Meta {
            name: "citation_author",
            content: "Newman, Abraham".into()
        }));
        assert!(tags.contains(&Meta {
            name: "citation_publication_date",
            content: "2023/11/10".into()
        }));
        assert!(tags.contains(&Meta {
            name: "citation_conference_title",
            content: "A Workshop".into()
        }));
    }

    #[test]
    fn a_page_without_authors_is_the_organisations_never_a_persons() {
        let p = page(&[]);
        let mut config = config();
        let tags = meta_tags(&p, &config, "u");
        assert!(
            !tags.iter().any(|t| t.name == "citation_author"),
            "{tags:?}"
        );
        let bib = bibtex(&p, &config, "u");
        assert!(bib.contains("  author = {{The Lab \\& Co}},"), "{bib}");
        let ld = json_ld(&p, &config, "u", &[]);
        assert!(
            ld.contains(r#""author":[{"@type":"Organization","name":"The Lab \u0026 Co"}]"#),
            "{ld}"
        );
        config.editors = vec!["Dr. Jane Roe".into(), "Li Wei".into()];
        let mut home = page(&[]);
        home.path = String::new();
        let vol = bibtex(&home, &config, "u");
        assert!(vol.starts_with("@proceedings{"), "{vol}");
        assert!(
            vol.contains("  editor = {Roe, Jane and Wei, Li},\n  organization = {The Lab \\& Co},"),
            "{vol}"
        );
        assert!(
            meta_tags(&home, &config, "u").is_empty(),
            "the home page is no article"
        );
        assert!(cite(&home, &config, "u")
            .text
            .starts_with("Roe, J., & Wei, L. (Eds.) (2023)."));
    }

    #[test]
    fn json_ld_is_safe_inside_a_script() {
        let mut p = page(&[]);
        p.front.title = "</script><b>".into();
        let s = json_ld(&p, &config(), "u", &[]);
        assert!(s.starts_with(
            "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\""
        ));
        assert_eq!(s.matches("</script>").count(), 1);
    }
}
