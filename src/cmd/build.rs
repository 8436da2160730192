//! `quire build`: flags → BuildOptions, build, one summary line.

use super::Ui;
use crate::cli::BuildArgs;
use quire::site::{self, BuildOptions};
use quire::Result;
use std::time::{Duration, Instant};

/// How long a burst of file events is gathered into one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

pub fn run(args: &BuildArgs, ui: Ui) -> Result<()> {
    let started = Instant::now();
    let mut opts = BuildOptions::new(&args.root);
    if let Some(out) = &args.output {
        opts.output = out.clone();
    }
    opts.base_url = args.base_url.clone();
    opts.theme = args.theme.clone();
    opts.drafts = args.drafts;
    opts.force = args.force;
    opts.no_pdf = args.no_pdf;
    opts.site_version = args.site_version.clone();
    opts.versions_dir = args.versions_dir.clone();
    if args.watch {
        let poll = args.poll.map(Duration::from_millis);
        return quire::serve::watch_build(opts, DEBOUNCE, poll, ui.quiet);
    }
    let summary = site::build(&opts)?;
    for warning in &summary.warnings {
        ui.warn(warning);
    }
    let version = summary
        .version
        .as_deref()
        .map(|v| format!(" ({v})"))
        .unwrap_or_default();
    ui.say(format!(
        "Built {} pages{version} in {} ms → {}/",
        summary.pages,
        started.elapsed().as_millis(),
        summary.output.display()
    ));
    ui.json(&summary);
    Ok(())
}
