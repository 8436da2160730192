//! Word coverage, measured as `shared/tools/coverage.py` does: the share of the source's 6-word
//! sequences (lower-cased runs of letters and digits, ligatures unfolded, line-end hyphens
//! joined) that occur in the output. The import reports it so an editor sees what was kept.

use std::collections::HashSet;

const N: usize = 6;

/// The words of a text, as coverage counts them. The destination of a Markdown link
/// (`[words](https://…)`) is not text: the PDF reader adds it from a link annotation.
pub fn words(text: &str) -> Vec<String> {
    // Soft hyphens, invisible characters and ligature glyphs, as the importer's decoding has them.
    let t = super::decode::clean_chars(&without_link_destinations(text)).text;
    // "(\w)-[ \t]*\n[ \t]*(\w)" and "(\w)- (\w)" are joined: a repaired hyphenation matches.
    let chars: Vec<char> = t.chars().collect();
    let mut joined = String::with_capacity(t.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '-' && i > 0 && is_word(chars[i - 1]) {
            let mut j = i + 1;
            while j < chars.len() && (chars[j] == ' ' || chars[j] == '\t') {
                j += 1;
            }
            let mut newline = false;
            if j < chars.len() && chars[j] == '\r' {
                j += 1;
            }
            if j < chars.len() && chars[j] == '\n' {
                newline = true;
                j += 1;
                while j < chars.len() && (chars[j] == ' ' || chars[j] == '\t') {
                    j += 1;
                }
            }
            let one_space = !newline && j == i + 2;
            if (newline || one_space) && j < chars.len() && is_word(chars[j]) {
                i = j;
                continue;
            }
        }
        joined.push(chars[i]);
        i += 1;
    }
    joined
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// `text` with the `(destination)` of each `[words](destination)` removed.
fn without_link_destinations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..=at]);
        let tail = &rest[at + 2..];
        let end = if let Some(angled) = tail.strip_prefix('<') {
            angled
                .find('>')
                .filter(|&e| angled[e + 1..].starts_with(')'))
                .map(|e| e + 3)
        } else {
            let mut depth = 0usize;
            tail.char_indices()
                .take_while(|(_, c)| !c.is_whitespace())
                .find(|&(_, c)| match c {
                    '(' => {
                        depth += 1;
                        false
                    }
                    ')' if depth == 0 => true,
                    ')' => {
                        depth -= 1;
                        false
                    }
                    _ => false,
                })
                .map(|(e, _)| e + 1)
        };
        match end {
            Some(end) => rest = &tail[end..],
            None => rest = &rest[at + 1..],
        }
    }
    out.push_str(rest);
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Share (0.0–1.0) of `source`'s 6-word sequences found in `output`; 1.0 for a source shorter
/// than one sequence.
pub fn coverage(source: &str, output: &str) -> f64 {
    let src = words(source);
    let out = words(output);
    let have: HashSet<&[String]> = out.windows(N).collect();
    let total = src.len().saturating_sub(N - 1);
    if total == 0 {
        return 1.0;
    }
    let found = src.windows(N).filter(|w| have.contains(w)).count();
    found as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_at_line_ends_and_case_do_not_count() {
        assert_eq!(
            words("Dis-\n  cussion of ﬁve"),
            vec!["discussion", "of", "five"]
        );
        let c = coverage(
            "one two three four five six seven",
            "ONE two three four five six",
        );
        assert!((c - 0.5).abs() < 1e-9, "{c}");
    }

    #[test]
    fn link_destinations_are_not_words() {
        assert_eq!(
            words("see [the slides](https://example.org/a_(b)) and [x](<https://e.org/ c>) now"),
            vec!["see", "the", "slides", "and", "x", "now"]
        );
        assert_eq!(words("a](b c) d"), vec!["a", "b", "c", "d"]);
    }
}
