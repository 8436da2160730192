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
    /// Print nothing but errors
    #[arg(long, global = true)]
    pub quiet: bool,
}

/// `--format`, only on the commands that print an outcome a machine may read (serve and init
/// have none, so they do not list it).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct FormatArg {
    /// How to print the outcome: text for people, json for machines
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl Command {
    pub fn format(&self) -> Format {
        match self {
            Command::Import(a) => a.print.format,
            Command::Build(a) => a.print.format,
            Command::Check(a) => a.print.format,
            Command::Serve(_) | Command::Init(_) => Format::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn a proceedings text (extracted from a PDF) into Markdown pages under content/
    Import(ImportArgs),
    /// Render content/ with the theme into a static site in public/
    Build(BuildArgs),
    /// Build, serve on 127.0.0.1, rebuild on every change and reload the browser
    Serve(ServeArgs),
    /// Write a new, buildable proceedings site into DIR
    Init(InitArgs),
    /// Build in memory and report broken links, missing fragments and assets, duplicate ids
    Check(CheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The site folder (holding site.yaml, content/, themes/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also list the external links (they are never fetched)
    #[arg(long)]
    pub external: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub print: FormatArg,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder for the new site (created when missing; existing files are never overwritten)
    pub dir: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The site folder (holding site.yaml, content/, themes/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to listen on; 0 picks a free one
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on (an IP address or `localhost`); anything but a loopback address exposes the site to your network
    #[arg(long, default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: std::net::IpAddr,
    /// Also answer requests for the host NAME (repeatable); localhost, *.localhost, loopback addresses and the --bind address are always answered
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Poll for changes every MS milliseconds (for file systems without change events)
    #[arg(long, value_name = "MS")]
    pub poll: Option<u64>,
    /// Override site.yaml's theme
    #[arg(long)]
    pub theme: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The site folder (holding site.yaml, content/, themes/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site; defaults to ROOT/public
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override site.yaml's base_url, e.g. https://example.org/proceedings/
    #[arg(long)]
    pub base_url: Option<String>,
    /// Override site.yaml's theme: a folder under themes/, or the built-in `proceedings`
    #[arg(long)]
    pub theme: Option<String>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// The edition stamped into the pages and build.json, e.g. v1.0 [default: `git describe`, else `version` in site.yaml]
    #[arg(long, value_name = "TAG")]
    pub site_version: Option<String>,
    /// Build into DIR/TAG/ beside earlier editions and update DIR/versions.json and DIR/index.html
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub versions_dir: Option<PathBuf>,
    /// Keep running and rebuild on every change (no server)
    #[arg(long)]
    pub watch: bool,
    /// With --watch: poll for changes every MS milliseconds
    #[arg(long, value_name = "MS", requires = "watch")]
    pub poll: Option<u64>,
    /// Build into an output folder that holds files Quire did not write, deleting them
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub print: FormatArg,
    /// Skip the typeset PDF (proceedings.pdf) for a faster build
    #[arg(long)]
    pub no_pdf: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The proceedings text; defaults to the only .txt file in ROOT/seeds/
    pub seed: Option<PathBuf>,
    /// The site folder (holding site.yaml, content/, seeds/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder to write pages and data files into (relative to the root)
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
    #[command(flatten)]
    pub print: FormatArg,
}

/// `--bind`: an IP address, or `localhost` for 127.0.0.1 (resolving it could give `::1` or an
/// address of another machine, depending on /etc/hosts).
fn parse_bind(value: &str) -> Result<std::net::IpAddr, String> {
    if value.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::Ipv4Addr::LOCALHOST.into());
    }
    value.parse().map_err(|_| {
        format!("`{value}` is not an IP address or `localhost`; e.g. 127.0.0.1 or ::1")
    })
}
