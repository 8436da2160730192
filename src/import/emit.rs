//! Import step 4, output: the outline in, the files of `content/` out (as bytes with their paths):
//! one Markdown page per unit with YAML front matter, the home page, and the data files
//! (`_data/people.yaml`, `_data/glossary.yaml`) that templates read.

use super::glossary::Term;
use super::outline::{Front, Kind, Node, Outline, Unit};
use super::people::Person;
use super::profile::Profile;
use crate::error::Result;
use crate::slug::{self, Slugify};
use serde::Serialize;

/// A file the import writes, with its path relative to the content folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// e.g. `session-3.md` or `_data/glossary.yaml`
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
    weight: usize,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    speakers: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    byline: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
}

#[derive(Serialize)]
struct PeopleData<'a> {
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Group<'a> {
    name: &'a str,
    people: &'a [Person],
}

#[derive(Serialize)]
struct GlossaryData<'a> {
    terms: &'a [Term],
}

/// Renders every file of the import, in a fixed order.
pub fn emit(outline: &Outline, glossary: &[Term], profile: &Profile) -> Result<Vec<OutFile>> {
    let mut files = vec![home(&outline.front)?];
    let mut used = slug::Unique::default();
    for (i, unit) in outline.units.iter().enumerate() {
        let slug = used.give(slug_for(unit, profile));
        files.push(page(unit, &slug, (i + 1) * 10, profile)?);
    }
    let groups: Vec<Group> = outline
        .units
        .iter()
        .flat_map(|u| &u.nodes)
        .filter_map(|n| match n {
            Node::People { group, people } => Some(Group {
                name: group,
                people,
            }),
            _ => None,
        })
        .collect();
    if !groups.is_empty() {
        files.push(OutFile {
            path: "_data/people.yaml".into(),
            bytes: crate::yaml::to_string(&PeopleData { groups })?.into_bytes(),
        });
    }
    if !glossary.is_empty() {
        files.push(OutFile {
            path: "_data/glossary.yaml".into(),
            bytes: crate::yaml::to_string(&GlossaryData { terms: glossary })?.into_bytes(),
        });
    }
    Ok(files)
}

fn home(front: &Front) -> Result<OutFile> {
    let meta = Meta {
        title: &front.title,
        subtitle: front.subtitle.as_deref(),
        publisher: front.publisher.as_deref(),
        publisher_url: front.publisher_url.as_deref(),
        slug: None,
        weight: 0,
        kind: "home",
        session: None,
        label: None,
        speakers: &[],
        byline: None,
        summary: "",
    };
    Ok(OutFile {
        path: "_index.md".into(),
        bytes: with_front_matter(&meta, &body(&front.body))?.into_bytes(),
    })
}

fn page(unit: &Unit, slug: &str, weight: usize, profile: &Profile) -> Result<OutFile> {
    let title = profile
        .titles
        .get(&unit.heading)
        .map(String::as_str)
        .unwrap_or(&unit.title);
    let summary = summary(unit);
    let meta = Meta {
        title,
        subtitle: None,
        publisher: None,
        publisher_url: None,
        slug: Some(slug),
        weight,
        kind: kind_name(unit.kind),
        session: unit.session,
        // "Session 3" is what the build writes from `session: 3`; any other label as printed
        // ("Session Three", "Panel 2", "Breakout theme") is kept, or its words would be lost.
        label: unit
            .label
            .as_deref()
            .filter(|l| Some(l.to_lowercase()) != unit.session.map(|n| format!("session {n}"))),
        speakers: &unit.speakers,
        byline: unit.byline.as_deref(),
        summary: &summary,
    };
    Ok(OutFile {
        path: format!("{slug}.md"),
        bytes: with_front_matter(&meta, &body(&unit.nodes))?.into_bytes(),
    })
}

fn with_front_matter(meta: &Meta, body: &str) -> Result<String> {
    let yaml = crate::yaml::to_string(meta)?;
    let mut out = format!("---\n{yaml}---\n");
    if !body.is_empty() {
        out.push('\n');
        out.push_str(body);
    }
    Ok(out)
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Introduction => "introduction",
        Kind::Remarks => "remarks",
        Kind::Session => "session",
        Kind::Keynote => "keynote",
        Kind::Chapter => "chapter",
        Kind::Table => "table",
        Kind::Conclusion => "conclusion",
        Kind::Recommendations => "recommendations",
        Kind::People => "people",
        Kind::Questions => "questions",
        Kind::Appendix => "appendix",
        Kind::About => "about",
    }
}

fn slug_for(unit: &Unit, profile: &Profile) -> String {
    if let Some(slug) = profile.slugs.get(&unit.heading) {
        return slug.clone();
    }
    match (unit.kind, unit.session, &unit.label) {
        (_, Some(n), Some(label)) => {
            let word = label.split_whitespace().next().unwrap_or("session");
            format!("{}-{n}", slugify(word, 1, profile.slugify))
        }
        (_, Some(n), None) => format!("session-{n}"),
        (Kind::Introduction | Kind::Conclusion | Kind::Recommendations, _, _) => {
            kind_name(unit.kind).to_string()
        }
        _ => slugify(&unit.title, 5, profile.slugify),
    }
}

/// The page name of a title: its first `max_words` words by the one slug rule.
fn slugify(text: &str, max_words: usize, mode: Slugify) -> String {
    let name = slug::words(text, max_words, mode);
    if name.is_empty() {
        "page".into()
    } else {
        name
    }
}

/// The first sentence of the page's first paragraph, without emphasis marks, at most 40 words.
fn summary(unit: &Unit) -> String {
    let first = unit.nodes.iter().find_map(|n| match n {
        Node::Para(t) => Some(t.as_str()),
        _ => None,
    });
    let text = match (first, unit.kind) {
        (_, Kind::Table) => {
            return unit
                .nodes
                .iter()
                .find_map(|n| match n {
                    Node::Table(t) => Some(format!(
                        "{} and {} compared, assumption by assumption, in {} rows.",
                        t.columns[0],
                        t.columns[1],
                        t.rows.len()
                    )),
                    _ => None,
                })
                .unwrap_or_default()
        }
        (Some(t), _) => t,
        (None, _) => return String::new(),
    };
    let plain = without_footnote_refs(text).replace(['*', '_'], "");
    let sentence_end = plain
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|&i| !ends_with_abbreviation(&plain[..i]))
        .unwrap_or(plain.len());
    let words: Vec<&str> = plain[..sentence_end].split_whitespace().collect();
    if words.len() > 40 {
        format!("{}…", words[..40].join(" "))
    } else {
        words.join(" ")
    }
}

/// `Kyle Niemeyer[^42] will` → `Kyle Niemeyer will`: a summary stands alone, without the page's
/// footnotes.
fn without_footnote_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[^") {
        out.push_str(&rest[..at]);
        match rest[at..].find(']') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

fn ends_with_abbreviation(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("");
    [
        "Dr.", "Mr.", "Ms.", "Mrs.", "Prof.", "U.S.", "e.g.", "i.e.", "St.", "vs.",
    ]
    .contains(&last)
        || last.chars().filter(|c| c.is_alphabetic()).count() == 1
}

/// The page body as Markdown.
pub fn body(nodes: &[Node]) -> String {
    let blocks: Vec<String> = nodes.iter().map(node_markdown).collect();
    let mut out = blocks.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

fn node_markdown(node: &Node) -> String {
    match node {
        Node::Heading { text, point, level } => {
            let hashes = "#".repeat((*level).clamp(2, 6) as usize);
            if *point {
                format!("{hashes} {text} {{.point}}")
            } else {
                format!("{hashes} {text}")
            }
        }
        Node::Para(text) => escape_block_start(text),
        Node::List { ordered, items } => {
            let list = items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    if *ordered {
                        format!("{}. {item}", i + 1)
                    } else {
                        format!("- {}", escape_block_start(item))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            if items.len() >= 3 && items.iter().all(|i| starts_with_date(i)) {
                // A dated list is a timeline; the theme can draw it as one.
                format!("<div class=\"timeline\">\n\n{list}\n\n</div>")
            } else {
                list
            }
        }
        Node::Table(table) => {
            let cell = |s: &str| s.replace('|', "\\|");
            let mut lines = vec![
                // The caption (a `Table:` paragraph, see markdown.rs) names what is compared.
                format!(
                    "Table: {} and {} compared",
                    table.columns[0], table.columns[1]
                ),
                String::new(),
                format!(
                    "| {} | {} |",
                    cell(&table.columns[0]),
                    cell(&table.columns[1])
                ),
                "| --- | --- |".to_string(),
            ];
            lines.extend(
                table
                    .rows
                    .iter()
                    .map(|[l, r]| format!("| {} | {} |", cell(l), cell(r))),
            );
            lines.join("\n")
        }
        Node::People { group, people } => {
            let mut lines = vec![format!("## {group}"), String::new()];
            lines.extend(people.iter().map(|p| {
                let mut line = format!("- **{}**", p.name);
                if !p.affiliations.is_empty() {
                    line.push_str(" — ");
                    line.push_str(&p.affiliations.join(", "));
                }
                if let Some(email) = &p.email {
                    // An autolink: the address stays readable and is a mailto link.
                    line.push_str(&format!(" <{email}>"));
                }
                line
            }));
            lines.join("\n")
        }
    }
}

/// "April 2018: …", "Q3 2021 – …", "2019: …": an item that opens with a date.
fn starts_with_date(item: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some((head, _)) = item.split_once([':', '–', '—']) else {
        return false;
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let is_year = |w: &str| w.len() == 4 && w.chars().all(|c| c.is_ascii_digit());
    match words.as_slice() {
        [y] => is_year(y),
        [m, y] => (MONTHS.contains(m) || m.starts_with('Q')) && is_year(y),
        [d, m, y] => d.chars().all(|c| c.is_ascii_digit()) && MONTHS.contains(m) && is_year(y),
        _ => false,
    }
}

/// Keeps a paragraph that happens to start like Markdown syntax ("# ", "1. ", "- ", "> ")
/// from turning into a heading, list or quote.
fn escape_block_start(text: &str) -> String {
    let digits = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && (text[digits..].starts_with(". ") || text[digits..].starts_with(") ")) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    if text.starts_with(['#', '>', '+', '=']) || text.starts_with("- ") || text.starts_with("* ") {
        return format!("\\{text}");
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_the_build_cannot_rewrite_from_the_number_is_kept() {
        let unit = |label: &str| Unit {
            heading: format!("{label}: Results"),
            title: "Results".into(),
            kind: Kind::Session,
            session: Some(1),
            label: Some(label.into()),
            speakers: Vec::new(),
            byline: None,
            line: 1,
            restored: false,
            nodes: Vec::new(),
        };
        let front = |label: &str| {
            let f = page(&unit(label), "s", 1, &Profile::default()).unwrap();
            String::from_utf8(f.bytes).unwrap()
        };
        assert!(front("Session One").contains("label: Session One"));
        assert!(!front("Session 1").contains("label:"));
        assert!(front("Panel 1").contains("label: Panel 1"));
    }

    #[test]
    fn slugify_keeps_ascii_words() {
        assert_eq!(
            slugify(
                "Competing Narratives in the US political economy",
                5,
                Slugify::On
            ),
            "competing-narratives-in-the-us"
        );
        assert_eq!(slugify("About IGP", 5, Slugify::On), "about-igp");
        assert_eq!(slugify("Détente & co.", 5, Slugify::On), "detente-co");
        assert_eq!(slugify("Détente & co.", 5, Slugify::Safe), "détente-co");
        assert_eq!(slugify("中文标题", 5, Slugify::On), "zhong-wen-biao-ti");
        assert_eq!(slugify("🎉!", 5, Slugify::On), "tada");
        assert_eq!(slugify("?!", 5, Slugify::On), "page");
    }

    #[test]
    fn summaries_leave_footnote_references_out() {
        assert_eq!(
            without_footnote_refs("Kyle Niemeyer[^42] will serve.[^43]"),
            "Kyle Niemeyer will serve."
        );
    }

    #[test]
    fn paragraphs_that_look_like_syntax_are_escaped() {
        assert_eq!(escape_block_start("2019. A year."), "2019\\. A year.");
        assert_eq!(escape_block_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_block_start("Plain."), "Plain.");
    }

    #[test]
    fn dated_lists_become_timelines() {
        let node = Node::List {
            ordered: false,
            items: vec![
                "April 2018: a".into(),
                "May 2019: b".into(),
                "2020: c".into(),
            ],
        };
        assert_eq!(
            node_markdown(&node),
            "<div class=\"timeline\">\n\n- April 2018: a\n- May 2019: b\n- 2020: c\n\n</div>"
        );
        assert!(!starts_with_date("EO 13873 Supply chain"));
    }

    #[test]
    fn table_cells_escape_pipes() {
        let node = Node::Table(super::super::table::Table {
            columns: ["A".into(), "B".into()],
            rows: vec![["x | y".into(), "z".into()]],
        });
        assert_eq!(
            node_markdown(&node),
            "Table: A and B compared\n\n| A | B |\n| --- | --- |\n| x \\| y | z |"
        );
    }
}
