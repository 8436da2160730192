//! People's names, one rule for the importer (is this line a name?) and for citations (which
//! word is the family name?): the honorifics written before a name, the particles that belong to
//! the family name, the words that make a line an organisation rather than a person, and the
//! short words that join the words of a title.

/// The short words that join the words of a title or a name ("Report of the Panel"): kept
/// lower-case in title case, never the first word of an expansion, never the last of a heading.
pub const JOINING_WORDS: [&str; 16] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "that", "the", "to",
    "with",
];

/// Titles written before a name with a full stop: `Dr. Jane Roe`.
pub const HONORIFICS: [&str; 6] = ["Dr", "Prof", "Mr", "Ms", "Mrs", "Sen"];

/// Titles written out in full before a name.
const SPELLED_HONORIFICS: [&str; 1] = ["Professor"];

/// Lower-case words that belong to the family name that follows them: `van der Berg`.
pub const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le", "ten", "ter",
    "dos", "das", "bin", "al",
];

/// Words that mark an organisation, never a person's name.
pub const ORG_WORDS: &[&str] = &[
    "University",
    "Institute",
    "Institution",
    "College",
    "School",
    "Center",
    "Centre",
    "Council",
    "Foundation",
    "Alliance",
    "Association",
    "Agency",
    "Department",
    "Ministry",
    "Group",
    "Global",
    "Inc",
    "Inc.",
    "LLC",
    "Ltd",
    "Corporation",
    "Company",
    "Bank",
    "Lab",
    "Laboratory",
    "Society",
    "Project",
    "Network",
    "Initiative",
    "America",
    "International",
    "Policy",
    "Research",
    "Law",
    "Partners",
    "Office",
    "Commission",
    "Forum",
    "Trust",
    "Technology",
    "National",
    "Labs",
    "Sciences",
    "Services",
    "Systems",
    "Industries",
    "Consulting",
    "Hospital",
    "Museum",
    "Library",
    "Academy",
    "Networks",
    "Team",
    "Independent",
    "Universidad",
    "Université",
    "Universität",
    "Universiteit",
    "Instituto",
    "Institut",
];

/// "Dr. Abraham Newman" → "Abraham Newman".
pub fn strip_honorific(name: &str) -> &str {
    let abbreviated = HONORIFICS
        .iter()
        .find_map(|h| name.strip_prefix(h)?.strip_prefix(". "));
    let spelled = || {
        SPELLED_HONORIFICS
            .iter()
            .find_map(|h| name.strip_prefix(h)?.strip_prefix(' '))
    };
    abbreviated.or_else(spelled).unwrap_or(name).trim()
}

/// Two to four capitalised words, none of them an organisation word: "Karim Farhat",
/// "Dr. Jane van Roe".
pub fn is_name(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    let counted = words.iter().filter(|w| !PARTICLES.contains(w)).count();
    (2..=4).contains(&counted)
        && words.iter().all(|w| {
            PARTICLES.contains(w)
                || w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars().all(|c| c.is_alphabetic() || "-'.’".contains(c))
                    && !ORG_WORDS.contains(w)
        })
        && !words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()))
        // An acronym ("ETH Zürich", "MIT CSAIL") names an organisation.
        && !words.iter().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.contains('.')
                && w.chars().all(|c| !c.is_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honorifics_are_dropped_abbreviated_or_spelled_out() {
        assert_eq!(strip_honorific("Dr. Abraham Newman"), "Abraham Newman");
        assert_eq!(strip_honorific("Professor Ana Ortiz"), "Ana Ortiz");
        assert_eq!(strip_honorific("Sen. Li Wei "), "Li Wei");
        // Only a whole honorific word is one.
        assert_eq!(strip_honorific("Drew Barry"), "Drew Barry");
        assert_eq!(strip_honorific("Mrs Dalloway"), "Mrs Dalloway");
    }

    #[test]
    fn names_keep_their_particles_and_refuse_organisations() {
        assert!(is_name("Jane van der Berg"));
        assert!(is_name("Omar al Rashid"));
        assert!(!is_name("Stanford University"));
        assert!(!is_name("NASA JPL"));
    }
}
