//! Import step for the workshop composition: a paragraph of "Name, Affiliation; Name, …" in,
//! one person per entry with all of their affiliations out.

use crate::names::is_name;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// e.g. `Samm Sacks`
    pub name: String,
    /// e.g. `["Yale University", "New America"]`; empty when the text gave none.
    pub affiliations: Vec<String>,
    /// An address listed with the person (`john@kth.se`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Person {
    pub fn new(name: &str) -> Person {
        Person {
            name: name.trim().to_string(),
            affiliations: Vec::new(),
            email: None,
        }
    }
}

/// Reads a list of people, or `None` when the paragraph is not shaped like one (prose ends like
/// a sentence; every entry must start with a name).
pub fn parse_people(text: &str) -> Option<Vec<Person>> {
    let text = text.trim().trim_end_matches(['.', ';']);
    if text.ends_with(['?', '!', ':', '"']) || text.contains(". ") && !has_only_initials(text) {
        return None;
    }
    let mut people = Vec::new();
    for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        people.extend(comma_entry(entry)?);
    }
    let with_affiliation = people.iter().filter(|p| !p.affiliations.is_empty()).count();
    (people.len() >= 2 && with_affiliation * 2 >= people.len()).then_some(people)
}

/// One entry of a comma list: `Name, Affiliation, Affiliation` (one person with both),
/// `Name, Name, Affiliation` (people listed before an affiliation share it, as such lists mean).
/// `None` when the entry does not start with a name.
pub fn comma_entry(entry: &str) -> Option<Vec<Person>> {
    let parts: Vec<&str> = entry
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let (first, rest) = parts.split_first()?;
    if !is_name(first) {
        return None;
    }
    let mut group = vec![Person::new(first)];
    for (i, part) in rest.iter().enumerate() {
        let is_last = i + 1 == rest.len();
        // A name-shaped part before any affiliation, and not the entry's last part, is another
        // person; once an affiliation was given, every later part is an affiliation.
        if !is_last && is_name(part) && group.iter().all(|p| p.affiliations.is_empty()) {
            group.push(Person::new(part));
        } else {
            for p in &mut group {
                p.affiliations.push(part.to_string());
            }
        }
    }
    Some(group)
}

/// One line of a participants list, bullet or number stripped: `Name`, `Name, Affiliation…`,
/// `Name (Affiliation)`, `Name – Affiliation`, or columns set apart by runs of spaces or a tab
/// (`Name      Institution`, as `pdftotext -layout` gives a table; several names side by side).
pub fn entry(line: &str) -> Option<Vec<Person>> {
    let t = match super::blocks::parse_item(line) {
        Some((_, rest)) => rest,
        None => line.trim(),
    };
    let t = t.trim().trim_end_matches([';', '.']).trim();
    let cells: Vec<&str> = t
        .split("   ")
        .flat_map(|c| c.split('\t'))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if cells.len() >= 2 {
        if cells.iter().all(|c| is_name(c)) {
            return Some(cells.iter().map(|c| Person::new(c)).collect());
        }
        let mut person = Person::new(cells[0]);
        person.affiliations = cells[1..].iter().map(|c| c.to_string()).collect();
        return is_name(cells[0]).then(|| vec![person]);
    }
    if let Some(open) = t.find(" (").filter(|_| t.ends_with(')')) {
        let name = &t[..open];
        let inner = &t[open + 2..t.len() - 1];
        if is_name(name) && !inner.is_empty() {
            let mut person = Person::new(name);
            person.affiliations.push(inner.trim().to_string());
            return Some(vec![person]);
        }
    }
    for dash in [" – ", " — ", " - "] {
        if let Some((name, aff)) = t.split_once(dash) {
            if is_name(name) && !aff.trim().is_empty() {
                let mut person = Person::new(name);
                person.affiliations.push(aff.trim().to_string());
                return Some(vec![person]);
            }
        }
    }
    if is_name(t) {
        return Some(vec![Person::new(t)]);
    }
    if t.contains(',') {
        return comma_entry(t);
    }
    None
}

/// "Attendees were: Ana Ortiz, Ben Mensah and Chen Iyer." → the lead-in and the people, when the
/// lead-in names people (`words`: the vocabulary's words for participants) and every part after
/// the colon is a name.
pub fn lead_in_list(text: &str, words: &[String]) -> Option<(String, Vec<Person>)> {
    let (lead, rest) = text.split_once(':')?;
    let lower = lead.to_lowercase();
    if lead.split_whitespace().count() > 12 || !words.iter().any(|w| lower.contains(w.as_str())) {
        return None;
    }
    let rest = rest.trim().trim_end_matches(['.', ';']);
    let mut people = Vec::new();
    for part in rest
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let part = part.strip_prefix("and ").unwrap_or(part);
        for piece in part.split(" and ") {
            people.extend(entry(piece)?);
        }
    }
    (people.len() >= 2).then(|| (format!("{}:", lead.trim()), people))
}

/// Every ". " in the text follows an initial or an honorific ("Ana P. Ortiz, CERN"): the text
/// after the last one is the rest of the list, not a sentence.
fn has_only_initials(text: &str) -> bool {
    let chunks: Vec<&str> = text.split(". ").collect();
    chunks[..chunks.len() - 1].iter().all(|chunk| {
        chunk
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.chars().count() == 1 || ["Dr", "Prof", "Jr", "St"].contains(&w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(people: &[Person]) -> Vec<(&str, usize)> {
        people
            .iter()
            .map(|p| (p.name.as_str(), p.affiliations.len()))
            .collect()
    }

    #[test]
    fn entries_give_names_and_all_affiliations() {
        let p = parse_people(
            "Ann Lee, Yale University, New America; Bo Kim, Lincoln Policy Center; Cy Roe, AccessNow",
        )
        .unwrap();
        assert_eq!(
            names(&p),
            vec![("Ann Lee", 2), ("Bo Kim", 1), ("Cy Roe", 1)]
        );
        assert_eq!(p[0].affiliations, vec!["Yale University", "New America"]);
    }

    #[test]
    fn names_before_an_affiliation_share_it() {
        let p =
            parse_people("Jo Pan, Kai Far, Georgia Institute of Technology; Al Mu, MIT").unwrap();
        assert_eq!(names(&p), vec![("Jo Pan", 1), ("Kai Far", 1), ("Al Mu", 1)]);
        assert_eq!(p[0].affiliations, vec!["Georgia Institute of Technology"]);
    }

    #[test]
    fn a_second_affiliation_shaped_like_a_name_is_not_a_person() {
        let p = parse_people("Ana P. Ortiz, CERN, Mozilla Foundation; Bo Kim, MIT").unwrap();
        assert_eq!(names(&p), vec![("Ana P. Ortiz", 2), ("Bo Kim", 1)]);
        let p = parse_people("Ana Ortiz, Google, Marta Novak Labs; Bo Kim, MIT").unwrap();
        assert_eq!(names(&p), vec![("Ana Ortiz", 2), ("Bo Kim", 1)]);
    }

    #[test]
    fn every_common_line_shape_is_a_person() {
        let one = |line: &str| {
            let p = entry(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(p.len(), 1, "{line}");
            (p[0].name.clone(), p[0].affiliations.join(", "))
        };
        let both = |n: &str, a: &str| (n.to_string(), a.to_string());
        assert_eq!(
            one("Jan van der Berg (ETH Zürich)"),
            both("Jan van der Berg", "ETH Zürich")
        );
        assert_eq!(
            one("*  José Ñúñez (Ericsson/IAB)"),
            both("José Ñúñez", "Ericsson/IAB")
        );
        assert_eq!(one("o  Zhang Wei, Intel"), both("Zhang Wei", "Intel"));
        assert_eq!(
            one("• Mary O'Neil – Mozilla Science Lab"),
            both("Mary O'Neil", "Mozilla Science Lab")
        );
        assert_eq!(one("Ana P. Ortiz"), both("Ana P. Ortiz", ""));
        assert_eq!(
            one("Aleksander Durumeric          University of Chicago"),
            both("Aleksander Durumeric", "University of Chicago")
        );
        assert_eq!(
            one("Chen Ferreira      ETH Zürich"),
            both("Chen Ferreira", "ETH Zürich")
        );
        assert_eq!(
            one("Gustav de la Cruz   Universidad de Chile"),
            both("Gustav de la Cruz", "Universidad de Chile")
        );
        let two = entry("James Belak                             Nikolas Provatas").unwrap();
        assert_eq!(
            names(&two),
            vec![("James Belak", 0), ("Nikolas Provatas", 0)]
        );
        assert_eq!(entry("The workshop was held in March."), None);
        assert_eq!(entry("Lawrence Livermore National Laboratory"), None);
    }

    #[test]
    fn a_lead_in_and_a_comma_list_of_names() {
        let words = vec!["attendee".to_string(), "participants".to_string()];
        let (lead, p) = lead_in_list(
            "Attendees were: Ana P. Ortiz, Jan van der Berg, Zhang Wei and José Ñúñez.",
            &words,
        )
        .unwrap();
        assert_eq!(lead, "Attendees were:");
        assert_eq!(
            names(&p),
            vec![
                ("Ana P. Ortiz", 0),
                ("Jan van der Berg", 0),
                ("Zhang Wei", 0),
                ("José Ñúñez", 0)
            ]
        );
        assert_eq!(
            lead_in_list("The agenda was: opening, talks, lunch.", &words),
            None
        );
    }

    #[test]
    fn a_law_firm_named_like_a_person_stays_an_affiliation_when_last() {
        let p = parse_people("Aimen Mir, Freshfields Bruckhaus Deringer; Bo Kim, MIT").unwrap();
        assert_eq!(p[0].affiliations, vec!["Freshfields Bruckhaus Deringer"]);
    }

    #[test]
    fn prose_is_not_a_list_of_people() {
        assert_eq!(
            parse_people("Our workshop revealed blind spots. Some were odd."),
            None
        );
        assert_eq!(
            parse_people("Founded in 2004, the project is a leading source"),
            None
        );
    }
}
