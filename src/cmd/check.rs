//! `quire check`: build in memory, check every page, list problems; exit 1 if there are any.

use super::Ui;
use crate::cli::CheckArgs;
use quire::site::{self, BuildOptions};
use quire::{Error, Result};

pub fn run(args: &CheckArgs, ui: Ui) -> Result<()> {
    let mut opts = BuildOptions::new(&args.root);
    opts.drafts = args.drafts;
    let output = site::render_site(&opts)?;
    let mut report = quire::check::check(&output.files, &output.base_url, &output.sources);
    report.pages = output.pages;
    if !args.external {
        report.external.clear();
    }
    ui.json(&report);
    if !ui.json {
        for problem in &report.problems {
            eprintln!("{problem}");
        }
        if args.external && !ui.quiet {
            for (url, pages) in &report.external {
                let first = pages.iter().next().map(String::as_str).unwrap_or("");
                let more = pages.len().saturating_sub(1);
                let others = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                println!("external: {url} (on {first}{others})");
            }
        }
    }
    if report.problems.is_empty() {
        ui.say(format!(
            "Checked {} pages ({} HTML files) and {} links: no problems",
            report.pages, report.html_files, report.links
        ));
        Ok(())
    } else {
        Err(Error::Reported(format!(
            "{} problem(s) in {} pages ({} HTML files)",
            report.problems.len(),
            report.pages,
            report.html_files
        )))
    }
}
