//! The one error type of the library. Every variant knows the file it is about and, where the
//! problem has a place in that file, its line and column, so messages read `path:line:col: what`.

use std::fmt;
use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An operating-system error on a named file, e.g. `content/a.md: Permission denied`.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A problem with the content of a file, at a place when one is known.
    #[error("{place}: {message}")]
    At { place: Place, message: String },
    /// Several independent problems, reported together so one run shows them all.
    #[error("{}", join_lines(.0))]
    Many(Vec<Error>),
    /// A failure that belongs to no file, e.g. `127.0.0.1:1111 is already in use`.
    #[error("{0}")]
    Message(String),
    /// The command was called wrongly (exit code 2), e.g. two seeds and none chosen.
    #[error("{0}")]
    Usage(String),
    /// The closing line of a failure whose details the command has already printed (in JSON
    /// too), e.g. `3 problem(s) in 20 pages` after `check` listed them.
    #[error("{0}")]
    Reported(String),
}

/// Where in which file: `content/session-4.md:4:3`, or only the path when no line is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

fn join_lines(errors: &[Error]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A problem in `path` with no known line.
    pub fn file(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Error::At {
            place: Place {
                path: path.as_ref().to_path_buf(),
                line: None,
                column: None,
            },
            message: message.into(),
        }
    }

    /// A problem at `line` (1-based) and, when known, `column` (1-based, in characters).
    pub fn at(
        path: impl AsRef<Path>,
        line: usize,
        column: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Error::At {
            place: Place {
                path: path.as_ref().to_path_buf(),
                line: Some(line),
                column,
            },
            message: message.into(),
        }
    }

    /// Collapses a list of errors: one stays itself, several become `Many`.
    pub fn many(mut errors: Vec<Error>) -> Option<Self> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Error::Many(errors)),
        }
    }

    /// The process exit code: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }

    /// Every problem this error reports, flattened, as `{path, line, column, message}` for
    /// `--format json`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut list = Vec::new();
        self.flatten_into(&mut list);
        serde_json::json!({ "ok": false, "count": list.len(), "errors": list })
    }

    fn flatten_into(&self, list: &mut Vec<serde_json::Value>) {
        let (path, line, column, message) = match self {
            Error::Many(errors) => {
                errors.iter().for_each(|e| e.flatten_into(list));
                return;
            }
            Error::Io { path, source } => (Some(path.as_path()), None, None, source.to_string()),
            Error::At { place, message } => (
                Some(place.path.as_path()),
                place.line,
                place.column,
                message.clone(),
            ),
            Error::Message(m) | Error::Usage(m) | Error::Reported(m) => {
                (None, None, None, m.clone())
            }
        };
        list.push(serde_json::json!({
            "path": path.map(crate::url::slash_path),
            "line": line,
            "column": column,
            "message": message,
        }));
    }

    /// How many separate problems this error reports.
    pub fn count(&self) -> usize {
        match self {
            Error::Many(list) => list.iter().map(Error::count).sum(),
            _ => 1,
        }
    }
}
