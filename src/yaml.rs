//! Every YAML read and write of Quire goes through here (site.yaml, front matter, data files,
//! the import profile and manifest). serde_yaml is archived upstream: swapping it for a maintained
//! fork is a change to this file alone.

use crate::error::{Error, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::Path;

/// A YAML document as a tree, for data files handed to templates as they are.
pub type Value = serde_yaml::Value;

/// Parses `text` read from `path`. `line_offset` is the number of lines in the file before
/// `text` starts (front matter starts after its `---` line), so positions point into the file.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path, line_offset: usize) -> Result<T> {
    serde_yaml::from_str(text).map_err(|e| located(e, text, path, line_offset))
}

/// Serialises `value` as a YAML document without the leading `---`.
pub fn to_string<T: Serialize>(value: &T) -> Result<String> {
    serde_yaml::to_string(value).map_err(|e| Error::Message(format!("cannot write YAML: {e}")))
}

/// Sets top-level `keys` in the text of a YAML mapping, changing only their lines: every other
/// line, comments included, is kept as written (serde_yaml would drop comments on a round trip).
/// A key that is absent is appended. The result is parsed back to check each key reads as set.
pub fn set_top_level(text: &str, path: &Path, keys: &[(String, Value)]) -> Result<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (key, value) in keys {
        let line = format!("{key}: {}", one_line(value)?);
        let prefix = format!("{key}:");
        match lines.iter().position(|l| l.starts_with(&prefix)) {
            Some(at) => {
                // A block value (`editors:` then `- name` lines) goes with its key.
                let end = lines[at + 1..]
                    .iter()
                    .position(|l| !(l.starts_with(' ') || l.starts_with("- ")))
                    .map_or(lines.len(), |n| at + 1 + n);
                lines.splice(at..end, [line]);
            }
            None => lines.push(line),
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    let back: Value = parse(&out, path, 0)?;
    for (key, value) in keys {
        if back.get(key) != Some(value) {
            return Err(Error::file(
                path,
                format!("could not set `{key}` without changing other lines; set it by hand"),
            ));
        }
    }
    Ok(out)
}

/// A value on one line: plain YAML for a scalar, JSON (a subset of YAML) for a list.
fn one_line(value: &Value) -> Result<String> {
    let yaml = to_string(value)?;
    let yaml = yaml.trim_end();
    let scalar = !matches!(value, Value::Sequence(_) | Value::Mapping(_));
    if scalar && !yaml.contains('\n') {
        return Ok(yaml.to_string());
    }
    serde_json::to_string(value).map_err(|e| Error::Message(format!("cannot write YAML: {e}")))
}

fn located(e: serde_yaml::Error, text: &str, path: &Path, line_offset: usize) -> Error {
    let message = strip_position(&e.to_string());
    let field = |kind: &str| {
        message
            .strip_prefix(kind)
            .and_then(|rest| rest.strip_prefix(" field `"))
            .and_then(|rest| rest.split('`').next())
            .map(str::to_string)
    };
    // An absent key has no line: serde gives the mapping's first, which reads as the culprit.
    if let Some(key) = field("missing") {
        return Error::file(path, format!("{message}; add a `{key}:` line"));
    }
    let Some(loc) = e.location() else {
        return Error::file(path, message);
    };
    let (mut line, column) = (loc.line(), loc.column());
    // serde gives a repeated key the mapping's first line too: the second `key:` at the
    // mapping's indentation is the line to change.
    if let Some(key) = field("duplicate") {
        let prefix = format!("{}{key}:", " ".repeat(column.saturating_sub(1)));
        let second = text
            .lines()
            .enumerate()
            .skip(line.saturating_sub(1))
            .filter(|(_, l)| {
                l.strip_prefix(&prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
            })
            .nth(1);
        if let Some((i, _)) = second {
            line = i + 1;
        }
    }
    Error::at(path, line + line_offset, Some(column), message)
}

/// serde_yaml appends " at line L column C" to its messages; the place is already in front.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
    }

    #[test]
    fn setting_keys_keeps_comments_and_other_keys() {
        let text = "# The site's configuration.\ntitle: \"My Workshop\" # starter\nbase_url: https://example.org/\neditors:\n- A\nextra:\n  accent: red\n";
        let out = set_top_level(
            text,
            Path::new("site.yaml"),
            &[
                ("title".into(), Value::from("Report: the IAB Workshop")),
                (
                    "editors".into(),
                    serde_yaml::to_value(["J. Arkko", "S. Farrell"]).unwrap(),
                ),
                ("date".into(), Value::from("2021-05-05")),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "# The site's configuration.\ntitle: 'Report: the IAB Workshop'\nbase_url: https://example.org/\neditors: [\"J. Arkko\",\"S. Farrell\"]\nextra:\n  accent: red\ndate: 2021-05-05\n"
        );
    }

    #[test]
    fn a_repeated_key_is_located_on_its_second_line_and_a_missing_one_on_none() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Site {
            title: String,
            #[serde(default)]
            language: Option<String>,
        }
        let text = "# comment\ntitle: T\nlanguage: en\nlanguages: x\nlanguage: fr\n";
        let err = parse::<Site>(text, Path::new("site.yaml"), 0).unwrap_err();
        assert_eq!(err.to_string(), "site.yaml:5:1: duplicate field `language`");
        let err = parse::<Site>("\nlanguage: en\n", Path::new("site.yaml"), 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "site.yaml: missing field `title`; add a `title:` line"
        );
    }

    #[test]
    fn unknown_field_error_points_into_the_file() {
        let err = parse::<Fm>("title: a\nautors: b\n", Path::new("content/a.md"), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/a.md:3:1: unknown field `autors`, expected `title`"
        );
    }
}
