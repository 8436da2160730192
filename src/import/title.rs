//! The title page: which block before the first heading is the report's title, and the date and
//! editors it names. The title is chosen by shape, not position: a report's first block is often
//! an author header (IETF drafts), a logo line or a "Workshop Report" label.

use super::blocks::Block;

/// The blocks in `front` (those before the first heading) that make the title: the longest
/// short block that is not a date, a list of people, a label, an address or a sentence, with
/// the block before or after it when the title was broken at a colon (`CSSI 2020 PI Meeting:`).
pub fn pick(front: &[Block]) -> Option<std::ops::Range<usize>> {
    let at = front
        .iter()
        .enumerate()
        .filter_map(|(i, b)| Some((i, b.text()?)))
        .filter(|(i, t)| title_shaped(t) && !introduces_list(t, front.get(i + 1)))
        .max_by_key(|(i, t)| (title_text(t).chars().count(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)?;
    let broken = |i: usize| {
        front
            .get(i)
            .and_then(Block::text)
            .is_some_and(|t| t.trim_end().ends_with(':') && title_shaped(t))
    };
    let start = if at > 0 && broken(at - 1) { at - 1 } else { at };
    let continues = front
        .get(at + 1)
        .and_then(Block::text)
        .is_some_and(title_shaped);
    let end = if broken(at) && continues {
        at + 2
    } else {
        at + 1
    };
    Some(start..end)
}

/// The title without a trailing document name (`… Workshop 2020 draft-iab-covid19-workshop-latest`)
/// or a date set in a column of its own on the same line (`… Workshop Report      August 4 2017`).
pub fn title_text(block: &str) -> &str {
    let t = block.trim();
    let t = match t.rsplit_once(' ') {
        Some((head, last)) if is_document_name(last) => head.trim_end(),
        _ => t,
    };
    if let Some((head, last)) = t.rsplit_once("   ") {
        if !head.contains("   ") && is_date_column(last.trim()) {
            return head.trim_end();
        }
    }
    // The date on the line below the title, joined to it: `… Workshop Report August 4 2017`
    // (not after a list of authors, which is no title).
    if t.contains(',') || t.split_whitespace().count() > 15 {
        return t;
    }
    let starts: Vec<usize> = t.match_indices(' ').map(|(i, _)| i).collect();
    for k in [3, 2] {
        if starts.len() >= k + 2 {
            let at = starts[starts.len() - k];
            if is_date_column(&t[at + 1..]) {
                return t[..at].trim_end();
            }
        }
    }
    t
}

/// A date standing alone: a whole date, or a month and a year (`August 4 2017`, `May 2021`).
pub fn is_date_column(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    date(text).is_some()
        || (words.len() <= 4
            && words.iter().any(|w| MONTHS.contains(&w.as_str()))
            && words.iter().all(|w| {
                MONTHS.contains(&w.as_str())
                    || w.chars()
                        .all(|c| c.is_ascii_digit() || c == '-' || c == '–')
            }))
}

fn is_document_name(word: &str) -> bool {
    word.matches('-').count() >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

fn title_shaped(block: &str) -> bool {
    let t = title_text(block);
    let words: Vec<&str> = t.split_whitespace().collect();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    !words.is_empty()
        && words.len() <= 30
        && letters >= 8
        // A sentence ends with a full stop; a title does not (an initial or "etc." aside).
        && !is_sentence(t, &words)
        // An affiliation of an author list: `(13) National Center …,`.
        && !t.starts_with('(')
        && !t.ends_with(',')
        && !t.contains("://")
        && !t.starts_with("www.")
        && !t.contains('@')
        // Two columns run together (an IETF header) are not a title.
        && !t.contains("   ")
        && !is_lead_in(t)
        && date(t).is_none_or(|d| d.1 < t.len() / 2)
        && !is_label(&words)
        && names(t).len() < 2
}

/// "The workshop had four sessions covering:": a sentence that introduces a list. A title broken
/// at a colon ends with a name or a capitalised word (`CSSI 2020 PI Meeting:`).
fn is_lead_in(t: &str) -> bool {
    t.strip_suffix(':')
        .and_then(|head| head.split_whitespace().next_back())
        .is_some_and(|last| last.chars().next().is_some_and(char::is_lowercase))
}

/// "The workshop had four sessions covering" above a list: prose that leads into the list (most
/// of its words lower-case), not a title.
fn introduces_list(t: &str, next: Option<&Block>) -> bool {
    let list_follows = next.is_some_and(|b| b.text().is_none());
    let words: Vec<&str> = t.split_whitespace().collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    list_follows && lower * 2 > words.len()
}

fn is_sentence(t: &str, words: &[&str]) -> bool {
    t.ends_with('.') && words.last().is_some_and(|w| w.chars().count() > 2)
}

/// "Workshop Report", "Final Report", "Proceedings": what the text is, not what it is called.
fn is_label(words: &[&str]) -> bool {
    const LABEL: [&str; 12] = [
        "workshop",
        "report",
        "final",
        "summary",
        "proceedings",
        "draft",
        "of",
        "the",
        "meeting",
        "technical",
        "program",
        "agenda",
    ];
    words.len() <= 4
        && words.iter().all(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            LABEL.contains(&w.as_str())
        })
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first whole date in `text` (`5 May 2021`, `January 9, 2015`, `Friday, January 9, 2015`)
/// that is not an expiry date, as `YYYY-MM-DD`, with the byte offset where it starts. A month
/// and year alone is no day, so it gives none.
pub fn date(text: &str) -> Option<(String, usize)> {
    let tokens: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| {
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            (start, w.trim_matches(|c: char| c == ',' || c == '.'))
        })
        .collect();
    let month = |w: &str| {
        let w = w.to_lowercase();
        MONTHS
            .iter()
            .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
            .map(|i| i as i8 + 1)
    };
    let num = |w: &str| w.parse::<i16>().ok();
    for i in 0..tokens.len() {
        let expiry = i > 0 && tokens[i - 1].1.to_lowercase().starts_with("expire");
        let found = match (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2)) {
            (Some(a), Some(b), Some(c)) => match (num(a.1), month(b.1), month(a.1), num(b.1)) {
                (Some(d), Some(m), _, _) => num(c.1).map(|y| (y, m, d)),
                (_, _, Some(m), Some(d)) => num(c.1).map(|y| (y, m, d)),
                _ => None,
            },
            _ => None,
        };
        let Some((y, m, d)) = found else { continue };
        if expiry || !(1000..=2999).contains(&y) || !(1..=31).contains(&d) {
            continue;
        }
        if let Ok(day) = jiff::civil::Date::new(y, m, d as i8) {
            return Some((day.to_string(), tokens[i].0));
        }
    }
    None
}

/// People a title page names as the report's editors or authors: `Edited by A, B and C`,
/// `Editors: A; B`, or an author header of initials and surnames (`J. Arkko  S. Farrell`).
pub fn names(text: &str) -> Vec<String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    for prefix in [
        "edited by",
        "editors:",
        "editor:",
        "eds.",
        "authors:",
        "by ",
    ] {
        if lower.starts_with(prefix) {
            return t[prefix.len()..]
                .split([',', ';'])
                .flat_map(|p| p.split(" and "))
                .map(|n| n.trim().trim_end_matches('.').to_string())
                .filter(|n| n.split_whitespace().count() >= 2)
                .collect();
        }
    }
    // Initial(s) then a capitalised surname: `J. Arkko`, `M. Kühlewind`, `K. C. Claffy`.
    let words: Vec<&str> = t.split_whitespace().collect();
    let initial = |w: &str| {
        let mut c = w.chars();
        matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
    };
    let surname = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-')
            && w.chars().count() >= 2
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let start = i;
        while i < words.len() && initial(words[i]) {
            i += 1;
        }
        if i > start && i < words.len() && surname(words[i]) {
            out.push(words[start..=i].join(" "));
        }
        i = i.max(start) + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_title_pages_use() {
        assert_eq!(date("5 May 2021").unwrap().0, "2021-05-05");
        assert_eq!(date("Friday, January 9, 2015").unwrap().0, "2015-01-09");
        assert_eq!(
            date("Expires: 6 November 2021 University 5 May 2021")
                .unwrap()
                .0,
            "2021-05-05"
        );
        assert_eq!(date("March 2019"), None);
        assert_eq!(date("February 30, 2020"), None);
    }

    #[test]
    fn authors_from_an_ietf_header_and_from_a_byline() {
        assert_eq!(
            names("Network Working Group J. Arkko Internet-Draft Ericsson S. Farrell Expires: 6 November 2021 M. Kühlewind"),
            ["J. Arkko", "S. Farrell", "M. Kühlewind"]
        );
        assert_eq!(
            names("Edited by Ana P. Ortiz and Li Wei"),
            ["Ana P. Ortiz", "Li Wei"]
        );
    }

    #[test]
    fn document_names_and_labels_are_not_titles() {
        assert_eq!(
            title_text("Report from the IAB Workshop 2020 draft-iab-covid19-workshop-latest"),
            "Report from the IAB Workshop 2020"
        );
        assert!(!title_shaped("Workshop Report"));
        assert!(!title_shaped(
            "November 9-13, 2020. This is a sentence about things."
        ));
        assert!(title_shaped("Phase Field Methods Workshop"));
    }

    #[test]
    fn prose_leading_into_a_list_is_not_picked_as_the_title() {
        use crate::import::blocks::{Body, Item, Marker};
        let text = |t: &str| Block {
            line: 1,
            gap: 1,
            body: Body::Text(t.into()),
            numbered: None,
        };
        let list = Block {
            line: 3,
            gap: 0,
            body: Body::List(vec![Item {
                line: 3,
                marker: Marker::Number(1),
                text: "Today's analysis ecosystem.".into(),
            }]),
            numbered: None,
        };
        let front = [
            text("HEP Analysis Ecosystem Workshop Report August 4 2017"),
            text("The workshop had four topical sessions spread over 2.5 days covering"),
            list,
        ];
        assert_eq!(pick(&front), Some(0..1));
    }

    #[test]
    fn a_sentence_introducing_a_list_is_not_a_title() {
        assert!(!title_shaped(
            "The workshop had four topical sessions spread over 2.5 days covering:"
        ));
        assert!(title_shaped("CSSI 2020 PI Meeting:"));
    }

    #[test]
    fn a_date_in_a_column_of_its_own_is_not_part_of_the_title() {
        let line = "HEP Analysis Ecosystem Workshop Report                August 4 2017";
        assert_eq!(title_text(line), "HEP Analysis Ecosystem Workshop Report");
        assert_eq!(
            title_text("HEP Analysis Ecosystem Workshop Report August 4 2017"),
            "HEP Analysis Ecosystem Workshop Report"
        );
        assert_eq!(title_text("Report on May Day"), "Report on May Day");
        assert!(title_shaped(line));
        // Two columns of an IETF header stay refused.
        assert!(!title_shaped(
            "Internet Architecture Board (IAB)        J. Arkko"
        ));
    }
}
