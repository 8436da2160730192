//! Word coverage, measured as `shared/tools/coverage.py` does: the share of the source's 6-word
//! sequences (lower-cased runs of letters and digits, ligatures unfolded, line-end hyphens
//! joined) that occur in the output. The import reports it so an editor sees what was kept.

use std::collections::HashSet;

const N: usize = 6;

/// The words of a text, as coverage counts them.
pub fn words(text: &str) -> Vec<String> {
    // Soft hyphens, invisible characters and ligature glyphs, as the importer's decoding has them.
    let t = super::decode::clean_chars(text).text;
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
}
