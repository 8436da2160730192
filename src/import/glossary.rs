//! Import step for the glossary: the text's inline definitions ("Committee on Foreign Investment
//! in the U.S. (CFIUS)") in, a sorted list of acronyms with their expansions out. The long form is
//! found by matching the acronym's letters right to left (after Schwartz and Hearst, 2003).

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// e.g. `CFIUS`
    pub term: String,
    /// e.g. `Committee on Foreign Investment in the U.S.`
    pub expansion: String,
}

/// Collects the first definition of each acronym across `texts`, sorted by acronym.
pub fn collect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<Term> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for text in texts {
        for (acronym, expansion) in definitions(text) {
            found.entry(acronym).or_insert(expansion);
        }
    }
    found
        .into_iter()
        .map(|(term, expansion)| Term { term, expansion })
        .collect()
}

fn definitions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut search_from = 0;
    while let Some(open) = text[search_from..].find('(').map(|i| i + search_from) {
        let Some(close) = text[open..].find(')').map(|i| i + open) else {
            break;
        };
        let inner = &text[open + 1..close];
        if is_acronym(inner) {
            if let Some(long) = long_form(inner, text[..open].trim_end()) {
                out.push((inner.to_string(), long));
            }
        }
        search_from = open + 1;
    }
    out
}

fn is_acronym(s: &str) -> bool {
    let len = s.chars().count();
    (2..=10).contains(&len)
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '&' || c == '.' || c == '-')
}

/// The words before the parenthesis that spell the acronym, or `None` when they do not.
fn long_form(acronym: &str, before: &str) -> Option<String> {
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let max_words = (letters.len() + 5).min(letters.len() * 2);
    let words: Vec<&str> = before.split_whitespace().collect();
    let window = &words[words.len().saturating_sub(max_words)..];
    let candidate = window.join(" ").replace(['*', '_'], "");
    let chars: Vec<char> = candidate.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut pos = chars.len();
    // Letters after the first may sit anywhere in a word, matched right to left.
    for &letter in letters[1..].iter().rev() {
        pos = chars[..pos].iter().rposition(|&c| c == letter)?;
    }
    // The first letter must start a word that is not a joining word, and the long form must
    // have at least two words: "Sovereign Data Stewardship", not "Stewardship".
    let word_starts = (0..pos)
        .rev()
        .filter(|&i| chars[i] == letters[0] && (i == 0 || !chars[i - 1].is_alphanumeric()));
    for start in word_starts {
        let long: String = candidate.chars().skip(start).collect();
        let long = long.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        let first_word = long.split_whitespace().next().unwrap_or("").to_lowercase();
        if crate::names::JOINING_WORDS.contains(&first_word.as_str())
            || long.split_whitespace().count() < 2
        {
            continue;
        }
        return Some(long.to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(text: &str) -> Vec<(String, String)> {
        collect([text])
            .into_iter()
            .map(|t| (t.term, t.expansion))
            .collect()
    }

    #[test]
    fn expansion_skips_small_words_and_dotted_abbreviations() {
        assert_eq!(
            expand("expands the remit of the Committee on Foreign Investment in the U.S. (CFIUS) today"),
            vec![("CFIUS".into(), "Committee on Foreign Investment in the U.S.".into())]
        );
    }

    #[test]
    fn expansion_letters_may_sit_inside_words() {
        assert_eq!(
            expand("as *digital neomercantilism* (DNM) and Signals Intelligence (SIGINT)"),
            vec![
                ("DNM".into(), "digital neomercantilism".into()),
                ("SIGINT".into(), "Signals Intelligence".into())
            ]
        );
    }

    #[test]
    fn figures_and_unmatched_parentheses_are_not_acronyms() {
        assert!(expand("the schools (figure 1) and the table (TBL) here").is_empty());
    }

    #[test]
    fn expansion_starts_at_a_word_that_is_not_a_joining_word() {
        assert_eq!(
            expand("the Office of Software Assurance (OSA) and Sovereign Data Stewardship (SDS)"),
            vec![
                ("OSA".into(), "Office of Software Assurance".into()),
                ("SDS".into(), "Sovereign Data Stewardship".into())
            ]
        );
    }

    #[test]
    fn first_definition_wins() {
        let terms = collect(["United States (US) and", "Useless Stuff (US)"]);
        assert_eq!(terms[0].expansion, "United States");
    }
}
