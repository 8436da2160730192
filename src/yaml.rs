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
    serde_yaml::from_str(text).map_err(|e| located(e, path, line_offset))
}

/// Serialises `value` as a YAML document without the leading `---`.
pub fn to_string<T: Serialize>(value: &T) -> Result<String> {
    serde_yaml::to_string(value).map_err(|e| Error::Message(format!("cannot write YAML: {e}")))
}

fn located(e: serde_yaml::Error, path: &Path, line_offset: usize) -> Error {
    let message = strip_position(&e.to_string());
    match e.location() {
        Some(loc) => Error::at(path, loc.line() + line_offset, Some(loc.column()), message),
        None => Error::file(path, message),
    }
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
    fn unknown_field_error_points_into_the_file() {
        let err = parse::<Fm>("title: a\nautors: b\n", Path::new("content/a.md"), 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "content/a.md:3:1: unknown field `autors`, expected `title`"
        );
    }
}
