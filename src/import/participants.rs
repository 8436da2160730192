//! Participants as the text laid them out. Paragraph-level reading (`people::parse_people`) sees
//! a list only when its entries are set apart by semicolons; real lists put one person on a line
//! (`Name`, `Name, Affiliation`, `* Name (Affiliation)`, `Name   Institution` columns) or one
//! person per record (a name line, affiliation lines, an e-mail line). This room reads the source
//! lines of a page about participants again, line by line, and replaces the page's nodes by the
//! people it found and the text around them, when every word of the page is still there.

use super::clean::{clean_inline, Line};
use super::outline::{Node, Outline, Unit};
use super::people::{self, Person};
use std::collections::BTreeMap;

/// Finds the people in the pages about participants (`words`: the vocabulary's words for them,
/// lower-case) and in lead-in paragraphs ("Attendees were: A, B and C.") anywhere.
pub fn recover(
    outline: &mut Outline,
    lines: &[Line],
    words: &[String],
    errata: &BTreeMap<String, String>,
) {
    let starts: Vec<usize> = outline.units.iter().map(|u| u.line).collect();
    for unit in &mut outline.units {
        split_lead_ins(&mut unit.nodes, words);
        if !about_people(unit, words) {
            continue;
        }
        let end = starts
            .iter()
            .copied()
            .filter(|&s| s > unit.line)
            .min()
            .unwrap_or(usize::MAX);
        let section: Vec<&Line> = lines
            .iter()
            .filter(|l| l.no > unit.line && l.no < end)
            .collect();
        // Semicolons set entries apart in a paragraph: the paragraph reading stands.
        if has_people(&unit.nodes) && section.iter().any(|l| l.text.contains(';')) {
            continue;
        }
        let Some(nodes) = read_section(&section, errata) else {
            continue;
        };
        if count_people(&nodes) > count_people(&unit.nodes) && keeps_words(&unit.nodes, &nodes) {
            unit.nodes = nodes;
        }
    }
}

fn has_people(nodes: &[Node]) -> bool {
    count_people(nodes) > 0
}

fn count_people(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match n {
            Node::People { people, .. } => people.len(),
            _ => 0,
        })
        .sum()
}

/// A page about participants: its kind, or a people word in its title ("List of attendees").
fn about_people(unit: &Unit, words: &[String]) -> bool {
    let title = unit.title.to_lowercase();
    unit.kind == super::outline::Kind::People || words.iter().any(|w| title.contains(w.as_str()))
}

fn split_lead_ins(nodes: &mut Vec<Node>, words: &[String]) {
    let mut i = 0;
    while i < nodes.len() {
        if let Node::Para(text) = &nodes[i] {
            if let Some((lead, people)) = people::lead_in_list(text, words) {
                nodes[i] = Node::Para(lead);
                nodes.insert(
                    i + 1,
                    Node::People {
                        group: "Participants".into(),
                        people,
                    },
                );
                i += 1;
            }
        }
        i += 1;
    }
}

/// The words of the page before and after, as a multiset: the new nodes must hold every word the
/// old ones did, or the old ones stay.
fn keeps_words(old: &[Node], new: &[Node]) -> bool {
    let mut count: BTreeMap<String, i64> = BTreeMap::new();
    for w in node_words(new) {
        *count.entry(w).or_default() += 1;
    }
    for w in node_words(old) {
        let n = count.entry(w).or_default();
        *n -= 1;
        if *n < 0 {
            return false;
        }
    }
    true
}

fn node_words(nodes: &[Node]) -> Vec<String> {
    let text: Vec<String> = nodes
        .iter()
        .map(|n| match n {
            Node::Heading { text, .. } | Node::Para(text) => text.clone(),
            Node::List { items, .. } => items.join("\n"),
            Node::Table(t) => t
                .rows
                .iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
            Node::People { group, people } => {
                let mut s = group.clone();
                for p in people {
                    s.push('\n');
                    s.push_str(&p.name);
                    s.push('\n');
                    s.push_str(&p.affiliations.join("\n"));
                    s.push('\n');
                    s.push_str(p.email.as_deref().unwrap_or(""));
                }
                s
            }
        })
        .collect();
    super::coverage::words(&text.join("\n"))
}

/// An e-mail address alone on its line (`john@kth.se`), in the characters addresses use, so that
/// it can stand in an autolink.
fn is_address(t: &str) -> bool {
    let (user, host) = t.split_once('@').unwrap_or(("", ""));
    !user.is_empty()
        && host.contains('.')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "@._-+".contains(c))
}

fn is_prose(t: &str) -> bool {
    let words = t.split_whitespace().count();
    // A full stop after a word longer than an initial or an honorific ends a sentence.
    let chunks: Vec<&str> = t.split(". ").collect();
    let sentence_inside = chunks[..chunks.len() - 1].iter().any(|chunk| {
        chunk
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().count() > 4)
    });
    words > 14 || sentence_inside && words > 4 || t.ends_with(['.', ':', '?']) && words > 6
}

/// Whether `prev` was wrapped: the first word of `next` would not have fitted on it.
fn wrapped(prev: &str, next: &str, width: usize) -> bool {
    let first = next.split_whitespace().next().unwrap_or("");
    prev.ends_with(',')
        || prev.chars().count() + 1 + first.chars().count() > width
        || next.starts_with(|c: char| c.is_lowercase())
}

/// What the section's lines are: text, or the people of one run.
enum Piece {
    Text(String),
    People(Vec<Person>),
}

/// Reads a section line by line; `None` when it is not mostly a list of people.
fn read_section(lines: &[&Line], errata: &BTreeMap<String, String>) -> Option<Vec<Node>> {
    let texts: Vec<&str> = lines.iter().map(|l| l.text.trim()).collect();
    // The column width, from the lines that are not sentences (a wide intro would hide wraps).
    let width = texts
        .iter()
        .filter(|t| !is_prose(t))
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(0);
    let names_only = names_only(&texts);
    let records = !names_only && records(&texts);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut person_lines = 0;
    let mut filled = 0;
    // The last person is still taking affiliation lines; `prev` is the line before (None after a
    // blank one).
    let mut awaiting = false;
    let mut prev: Option<&str> = None;
    for &t in &texts {
        if t.is_empty() {
            prev = None;
            if last_person(&mut pieces).is_some_and(|p| !p.affiliations.is_empty()) {
                awaiting = false;
            }
            continue;
        }
        let consecutive = prev.is_some();
        if is_address(t) {
            if let Some(p) = last_person(&mut pieces).filter(|p| p.email.is_none()) {
                p.email = Some(t.to_string());
                person_lines += 1;
                awaiting = false;
                prev = Some(t);
                continue;
            }
        }
        let entry = people::entry(t);
        let bare_name = entry
            .as_ref()
            .is_some_and(|e| e.len() == 1 && e[0].affiliations.is_empty());
        // A line under a name, in a list of records, is an affiliation even when it is shaped
        // like a name ("Lawrence Livermore National"); so is a wrapped affiliation's next line.
        let last_bare = last_person(&mut pieces).is_some_and(|p| p.affiliations.is_empty());
        // In records set apart by blank lines, every line under the name belongs to the person;
        // after a blank line, only an affiliation for a name still without one does.
        let under_name = awaiting
            && if consecutive {
                records || last_bare
            } else {
                last_bare && entry.is_none()
            };
        // A long entry wrapped onto the next line ("Ana Ortiz, Institute for … in\nthe Arts").
        let wrapped_entry = entry.is_none()
            && prev.is_some_and(|before| wrapped(before, t, width))
            && last_person(&mut pieces).is_some_and(|p| !p.affiliations.is_empty());
        let continues = !is_prose(t) && (under_name || wrapped_entry);
        if continues {
            let p = last_person(&mut pieces).expect("awaiting a person");
            let clean = clean_inline(t, errata);
            match (p.affiliations.last_mut(), prev) {
                (Some(last), Some(before)) if consecutive && wrapped(before, t, width) => {
                    last.push(' ');
                    last.push_str(&clean);
                }
                _ => p.affiliations.push(clean),
            }
            person_lines += 1;
            prev = Some(t);
            continue;
        }
        if let Some(found) = entry.filter(|_| !is_prose(t)) {
            awaiting = (bare_name || records && found.len() == 1) && !names_only;
            filled += found.iter().filter(|p| !p.affiliations.is_empty()).count();
            let found = found.into_iter().map(|mut p| {
                p.name = clean_inline(&p.name, errata);
                for a in &mut p.affiliations {
                    *a = clean_inline(a, errata);
                }
                p
            });
            match pieces.last_mut() {
                Some(Piece::People(run)) => run.extend(found),
                _ => pieces.push(Piece::People(found.collect())),
            }
            person_lines += 1;
            prev = Some(t);
            continue;
        }
        awaiting = false;
        let clean = clean_inline(t, errata);
        match pieces.last_mut() {
            Some(Piece::Text(text)) if consecutive => {
                text.push(' ');
                text.push_str(&clean);
            }
            _ => pieces.push(Piece::Text(clean)),
        }
        prev = Some(t);
    }
    let count: usize = pieces
        .iter()
        .map(|p| match p {
            Piece::People(run) => run.len(),
            Piece::Text(_) => 0,
        })
        .sum();
    let nonblank = texts.iter().filter(|t| !t.is_empty()).count();
    let _ = filled;
    if count < 2 || person_lines * 2 < nonblank {
        return None;
    }
    Some(nodes(pieces))
}

fn last_person(pieces: &mut [Piece]) -> Option<&mut Person> {
    match pieces.last_mut() {
        Some(Piece::People(run)) => run.last_mut(),
        _ => None,
    }
}

/// Whether the people are records set apart by blank lines: most lines that read as a person
/// follow a blank line.
fn records(texts: &[&str]) -> bool {
    let (mut after_blank, mut all) = (0, 0);
    for (i, t) in texts.iter().enumerate() {
        if !t.is_empty() && !is_prose(t) && people::entry(t).is_some() {
            all += 1;
            if i == 0 || texts[i - 1].is_empty() {
                after_blank += 1;
            }
        }
    }
    all > 0 && after_blank * 2 > all
}

/// Whether the names stand one to a line with nothing under them: a name line is then followed
/// by another name line more often than by anything else.
fn names_only(texts: &[&str]) -> bool {
    let bare = |t: &str| {
        people::entry(t).is_some_and(|e| e.len() == 1 && e[0].affiliations.is_empty())
            && !is_prose(t)
    };
    let (mut names, mut records) = (0, 0);
    for w in texts.windows(2) {
        if bare(w[0]) && !w[1].is_empty() {
            if bare(w[1]) {
                names += 1;
            } else if !is_address(w[1]) {
                records += 1;
            }
        }
    }
    names > records
}

/// Text pieces become paragraphs; a short heading-shaped text just before people names their
/// group.
fn nodes(pieces: Vec<Piece>) -> Vec<Node> {
    let mut out: Vec<Node> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push(Node::Para(t)),
            Piece::People(people) => {
                let group = match out.last() {
                    Some(Node::Para(t)) if super::blocks::looks_like_heading(t) => {
                        let t = t.clone();
                        out.pop();
                        t
                    }
                    _ => "Participants".to_string(),
                };
                out.push(Node::People { group, people });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Vec<Node>> {
        let lines: Vec<Line> = text
            .lines()
            .enumerate()
            .map(|(i, t)| Line {
                no: i + 1,
                text: t.to_string(),
            })
            .collect();
        let refs: Vec<&Line> = lines.iter().collect();
        read_section(&refs, &BTreeMap::new())
    }

    fn people(nodes: &[Node]) -> Vec<(String, String)> {
        nodes
            .iter()
            .flat_map(|n| match n {
                Node::People { people, .. } => people.clone(),
                _ => Vec::new(),
            })
            .map(|p| (p.name, p.affiliations.join(" | ")))
            .collect()
    }

    fn pair(n: &str, a: &str) -> (String, String) {
        (n.to_string(), a.to_string())
    }

    #[test]
    fn one_name_per_line_after_a_sentence() {
        let nodes = read(
            "The following is a list of participants who attended the workshop\nover a remote connection:\n\n   Ahmed Aldabbagh\n   Al Morton\n   Bjørn Ivar Teigen\n   Jan van der Berg\n",
        )
        .unwrap();
        assert!(matches!(&nodes[0], Node::Para(t) if t.ends_with("remote connection:")));
        assert_eq!(
            people(&nodes),
            vec![
                pair("Ahmed Aldabbagh", ""),
                pair("Al Morton", ""),
                pair("Bjørn Ivar Teigen", ""),
                pair("Jan van der Berg", "")
            ]
        );
    }

    #[test]
    fn records_of_name_affiliation_lines_and_address() {
        let nodes = read(
            "John Ågren\nHierarchic Engineering of Industrial\nMaterials, KTH, Sweden\njohn@kth.se\n\nJames Belak\nLawrence Livermore National\nLaboratory, USA\nbelak1@llnl.gov\n\nOlle Heinonen (Co-Organizer)\nArgonne National Laboratory, USA\n\nJuan De Pablo\nCo-Director, CHiMaD\nUniversity of Chicago, USA\ndepablo@uchicago.edu\n",
        )
        .unwrap();
        assert_eq!(
            people(&nodes),
            vec![
                pair(
                    "John Ågren",
                    "Hierarchic Engineering of Industrial Materials, KTH, Sweden"
                ),
                pair("James Belak", "Lawrence Livermore National Laboratory, USA"),
                pair(
                    "Olle Heinonen",
                    "Co-Organizer | Argonne National Laboratory, USA"
                ),
                pair(
                    "Juan De Pablo",
                    "Co-Director, CHiMaD | University of Chicago, USA"
                ),
            ]
        );
    }

    #[test]
    fn a_table_of_names_and_institutions_in_cells() {
        let nodes = read(
            "Table 3. List of registered participants\nName\n\nInstitution\n\nAleksander Durumeric\n\nUniversity of Chicago\n\nAlex Pak\n\nUniversity of Chicago\n\nAmit Chourasia\n\nUniversity of California, San Diego\n",
        )
        .unwrap();
        assert_eq!(
            people(&nodes)[2],
            pair("Amit Chourasia", "University of California, San Diego")
        );
        assert_eq!(people(&nodes).len(), 3);
    }

    #[test]
    fn bulleted_people_with_affiliations_in_brackets() {
        let nodes = read("   *  Jari Arkko (Ericsson/IAB)\n\n   *  kc Claffy (CAIDA)\n\n   *  José Ñúñez (MIT CSAIL)\n").unwrap();
        assert_eq!(people(&nodes)[0], pair("Jari Arkko", "Ericsson/IAB"));
        // A name the shape rules cannot read stays as text, never lost.
        assert!(nodes
            .iter()
            .any(|n| matches!(n, Node::Para(t) if t.contains("kc Claffy"))));
    }

    #[test]
    fn one_person_with_affiliation_per_line_without_blank_lines() {
        let nodes = read("Marta Wei (University of Utrecht)\nGustav Haddad (Mozilla)\nAna P. Novak, National Science Foundation\nIvan Rahman, MIT\n").unwrap();
        assert_eq!(
            people(&nodes),
            vec![
                pair("Marta Wei", "University of Utrecht"),
                pair("Gustav Haddad", "Mozilla"),
                pair("Ana P. Novak", "National Science Foundation"),
                pair("Ivan Rahman", "MIT")
            ]
        );
    }

    #[test]
    fn prose_is_not_a_list() {
        assert!(read("The workshop met twice.\nIt discussed funding at length and agreed on\nthree next steps for the community.").is_none());
    }
}
