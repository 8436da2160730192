//! Import step for the workshop composition: a paragraph of "Name, Affiliation; Name, …" in,
//! one person per entry with all of their affiliations out.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// e.g. `Samm Sacks`
    pub name: String,
    /// e.g. `["Yale University", "New America"]`; empty when the text gave none.
    pub affiliations: Vec<String>,
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
        let parts: Vec<&str> = entry
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let (first, rest) = parts.split_first()?;
        if !crate::names::is_name(first) {
            return None;
        }
        let mut current = Person {
            name: first.to_string(),
            affiliations: Vec::new(),
        };
        for (i, part) in rest.iter().enumerate() {
            let is_last = i + 1 == rest.len();
            // A name-shaped part that is not the entry's last one starts another person who was
            // listed without an affiliation ("Jyoti Panday, Karim Farhat, Georgia Tech").
            if !is_last && crate::names::is_name(part) && current.affiliations.is_empty() {
                people.push(std::mem::replace(
                    &mut current,
                    Person {
                        name: part.to_string(),
                        affiliations: Vec::new(),
                    },
                ));
            } else {
                current.affiliations.push(part.to_string());
            }
        }
        people.push(current);
    }
    let with_affiliation = people.iter().filter(|p| !p.affiliations.is_empty()).count();
    (people.len() >= 2 && with_affiliation * 2 >= people.len()).then_some(people)
}

fn has_only_initials(text: &str) -> bool {
    text.split(". ").all(|chunk| {
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
    fn person_without_affiliation_is_split_from_the_next() {
        let p =
            parse_people("Jo Pan, Kai Far, Georgia Institute of Technology; Al Mu, MIT").unwrap();
        assert_eq!(names(&p), vec![("Jo Pan", 0), ("Kai Far", 1), ("Al Mu", 1)]);
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
