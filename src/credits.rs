//! Who wrote what, in one place for every output that says it (the visible citation, the
//! `citation_*` tags, JSON-LD, the feed, BibTeX): a page's authors are its speakers, else the
//! person its byline names; the proceedings' editors come from `site.yaml`; a page with no
//! author is credited to the publishing organisation, as an organisation, never as a person.

use crate::config::Config;
use crate::page::Page;

/// A person's name as written (honorific dropped), split for citation styles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// `Abraham Newman`
    pub name: String,
    /// `Newman`; with its particle: `van der Berg`
    pub family: String,
    /// `Abraham`
    pub given: String,
}

impl Person {
    pub fn new(written: &str) -> Person {
        let name = crate::names::strip_honorific(written.trim()).to_string();
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut start = words.len().saturating_sub(1);
        while start > 1 && crate::names::PARTICLES.contains(&words[start - 1]) {
            start -= 1;
        }
        Person {
            family: words[start..].join(" "),
            given: words[..start].join(" "),
            name,
        }
    }

    /// `Newman, Abraham`, or the family name alone.
    pub fn family_first(&self) -> String {
        if self.given.is_empty() {
            self.family.clone()
        } else {
            format!("{}, {}", self.family, self.given)
        }
    }

    /// `Newman, A.` for APA-like citations.
    pub fn family_initials(&self) -> String {
        let initials: Vec<String> = self
            .given
            .split_whitespace()
            .filter_map(|g| g.chars().next())
            .map(|c| format!("{c}."))
            .collect();
        if initials.is_empty() {
            self.family.clone()
        } else {
            format!("{}, {}", self.family, initials.join(" "))
        }
    }
}

/// A page's authors: its speakers, else the person its byline names (`Dr. Karim Farhat,
/// Assistant Director, IGP` → Karim Farhat), else none.
pub fn authors(page: &Page) -> Vec<Person> {
    if !page.front.speakers.is_empty() {
        return page.front.speakers.iter().map(|s| Person::new(s)).collect();
    }
    page.front
        .byline
        .as_deref()
        .map(|b| b.split(',').next().unwrap_or(b))
        .map(|b| b.trim().trim_start_matches("By ").trim_start_matches("by "))
        .filter(|b| crate::names::is_name(b))
        .map(|b| vec![Person::new(b)])
        .unwrap_or_default()
}

/// The proceedings' editors, from `site.yaml`.
pub fn editors(config: &Config) -> Vec<Person> {
    config.editors.iter().map(|e| Person::new(e)).collect()
}

/// Whether a page is a part of the proceedings, cited as a chapter of them: sessions, keynotes,
/// chapters, the table, recommendations, questions … — not the home page (the proceedings' own
/// record), a section's contents, or the pages about the proceedings (about, participants).
pub fn is_part(page: &Page) -> bool {
    let kind = page.front.kind.as_deref().unwrap_or("page");
    !page.path.is_empty()
        && !page.is_section
        && !matches!(
            kind,
            "home" | "about" | "people" | "participants" | "composition" | "section" | "contents"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_with_their_particles_and_without_honorifics() {
        let p = Person::new("Dr. Jane van der Berg");
        assert_eq!(
            (p.name.as_str(), p.given.as_str(), p.family.as_str()),
            ("Jane van der Berg", "Jane", "van der Berg")
        );
        assert_eq!(p.family_first(), "van der Berg, Jane");
        assert_eq!(
            Person::new("Ana P. Ortiz").family_initials(),
            "Ortiz, A. P."
        );
        assert_eq!(Person::new("Plato").family_first(), "Plato");
    }

    #[test]
    fn bylines_name_an_author_and_kinds_say_what_is_a_part() {
        let mut page = Page {
            source: "a.md".into(),
            display_path: "content/a.md".into(),
            front: Default::default(),
            body_line: 1,
            is_section: false,
            path: "a/".into(),
            parent: Some(String::new()),
            description: String::new(),
        };
        page.front.byline = Some("Dr. Karim Farhat, Assistant Director, IGP".into());
        assert_eq!(authors(&page), vec![Person::new("Karim Farhat")]);
        page.front.speakers = vec!["Prof. Ana Ortiz".into(), "Li Wei".into()];
        assert_eq!(authors(&page).len(), 2);
        assert!(is_part(&page));
        page.front.kind = Some("about".into());
        assert!(!is_part(&page));
        page.front.kind = Some("session".into());
        page.path = String::new();
        assert!(!is_part(&page), "the home page");
    }
}
