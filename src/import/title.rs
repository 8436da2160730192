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
        .filter(|(_, t)| title_shaped(t))
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

/// The title without a trailing document name (`… Workshop 2020 draft-iab-covid19-workshop-latest`).
pub fn title_text(block: &str) -> &str {
    let t = block.trim();
    match t.rsplit_once(' ') {
        Some((head, last)) if is_document_name(last) => head.trim_end(),
        _ => t,
    }
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
        && !block.contains("   ")
        && date(t).is_none_or(|d| d.1 < t.len() / 2)
        && !is_label(&words)
        && names(t).len() < 2
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
}
