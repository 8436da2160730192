//! The command line: clap definitions only. Every flag's `///` line is its `--help` text.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "quire",
    version,
    about = "A static-site generator for workshop and conference proceedings"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn a proceedings text (extracted from a PDF) into Markdown pages under content/
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The proceedings text; defaults to the only .txt file in seeds/
    pub seed: Option<PathBuf>,
    /// The folder to write pages and data files into
    #[arg(long, default_value = "content")]
    pub out: PathBuf,
    /// The import profile (errata, running headers, slugs, titles); defaults to seeds/import.yaml when present
    #[arg(long)]
    pub profile: Option<PathBuf>,
    /// Overwrite pages an editor changed since the last import
    #[arg(long)]
    pub force: bool,
    /// Show what would be written, write nothing
    #[arg(long)]
    pub dry_run: bool,
}
