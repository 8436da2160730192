//! Invisible characters in front matter, refused with their place. Control characters (other
//! than tab, newline, carriage return) cannot be carried by the XML outputs and are never meant;
//! bidirectional controls (U+202A–U+202E, U+2066–U+2069) make a title display in another order
//! than it is stored (`\u{202E}gnp.exe` shows as `exe.png`) and are refused too: text in
//! right-to-left scripts displays correctly without them, and one that is really wanted can go
//! in the body, where it stays inside its paragraph. Bodies are cleaned instead, in `markdown`.

use crate::error::{Error, Result};
use std::path::Path;

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_refused(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// An error for the first refused character written as itself in `yaml` (the front matter
/// text, which starts on line 2 of the file), at its place. Run before the YAML is parsed:
/// the parser refuses some of them itself, but without saying which or where.
pub fn check_text(yaml: &str, path: &Path) -> Result<()> {
    let Some((at, c)) = yaml.char_indices().find(|&(_, c)| is_refused(c)) else {
        return Ok(());
    };
    let before = &yaml[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    // The field is the key of the nearest line above that starts one.
    let field = before
        .lines()
        .rev()
        .find_map(|l| {
            let (key, _) = l.split_once(':')?;
            (!key.is_empty() && !key.starts_with([' ', '\t', '-'])).then_some(key)
        })
        .unwrap_or("front matter");
    Err(Error::at(
        path,
        before.matches('\n').count() + 2,
        Some(before[line_start..].chars().count() + 1),
        message(field, c),
    ))
}

/// An error for the first refused character in the parsed front matter: one a YAML escape
/// (`"\a"`, `"\u202E"`) wrote, placed at its field's line. `strings`: every string of the
/// front matter with its field (`FrontMatter::strings`).
pub fn check_values(strings: Vec<(&str, &str)>, yaml: &str, path: &Path) -> Result<()> {
    let Some((field, c)) = strings
        .into_iter()
        .find_map(|(field, s)| s.chars().find(|&c| is_refused(c)).map(|c| (field, c)))
    else {
        return Ok(());
    };
    let key = format!("{field}:");
    let line = yaml
        .lines()
        .position(|l| l.starts_with(&key))
        .map_or(1, |i| i + 2);
    Err(Error::at(path, line, Some(1), message(field, c)))
}

fn message(field: &str, c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    if is_bidi_control(c) {
        format!(
            "`{field}` contains the bidirectional control {code}, which makes text display in \
             another order than it is written; delete it (right-to-left text displays correctly \
             without it)"
        )
    } else {
        format!(
            "`{field}` contains the control character {code}, which is invisible and cannot be \
             written to the XML feeds; delete it (in YAML, also look for an escape such as \"\\a\" \
             or \"\\x07\")"
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::page::parse_page;
    use std::path::Path;

    fn error(text: &str) -> String {
        parse_page(text, Path::new("content/a.md"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_control_character_is_refused_where_it_is() {
        assert_eq!(
            error("---\nweight: 1\ntitle: Bell\u{7} here\n---\n"),
            "content/a.md:3:12: `title` contains the control character U+0007, which is invisible and cannot be written to the XML feeds; delete it (in YAML, also look for an escape such as \"\\a\" or \"\\x07\")"
        );
        assert!(error("---\ntitle: A\nspeakers:\n  - \"B\\a\"\n---\n")
            .starts_with("content/a.md:3:1: `speakers` contains the control character U+0007"),);
        assert!(error("---\ntitle: A\nextra:\n  k: [\"\\0\"]\n---\n")
            .starts_with("content/a.md:3:1: `extra` contains the control character U+0000"));
    }

    #[test]
    fn a_bidi_control_is_refused() {
        let e = error("---\ntitle: \"\u{202E}gnp.exe\u{202C}\"\n---\n");
        assert!(
            e.starts_with("content/a.md:2:9: `title` contains the bidirectional control U+202E"),
            "{e}"
        );
    }

    #[test]
    fn tabs_newlines_and_right_to_left_text_are_fine() {
        let ok = "---\ntitle: \"a\\tb\"\nsummary: |\n  one\n  two\nsubtitle: مرحبا \u{200F}\n---\n";
        assert!(parse_page(ok, Path::new("a.md")).is_ok());
    }
}
