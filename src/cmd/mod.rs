//! One small file per subcommand: turn parsed flags into a library call and print the outcome.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod serve;

/// How the outcome is printed: `--quiet` and `--format`.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    pub quiet: bool,
    pub json: bool,
}

impl Ui {
    /// A line for people, unless quiet or printing JSON.
    pub fn say(&self, line: impl AsRef<str>) {
        if !self.quiet && !self.json {
            println!("{}", line.as_ref());
        }
    }

    /// A warning on stderr, unless quiet.
    pub fn warn(&self, line: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("warning: {}", line.as_ref());
        }
    }

    /// The machine-readable summary, with `--format json`.
    pub fn json(&self, value: &impl serde::Serialize) {
        if self.json {
            println!(
                "{}",
                serde_json::to_string(value).unwrap_or_else(|_| "{}".into())
            );
        }
    }
}
