//! `quire build`: flags → BuildOptions, build, one summary line.

use crate::cli::BuildArgs;
use quire::site::{self, BuildOptions};
use quire::Result;
use std::time::{Duration, Instant};

/// How long a burst of file events is gathered into one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

pub fn run(args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let mut opts = BuildOptions::new(&args.root);
    if let Some(out) = &args.output {
        opts.output = out.clone();
    }
    opts.base_url = args.base_url.clone();
    opts.theme = args.theme.clone();
    opts.drafts = args.drafts;
    if args.watch {
        let poll = args.poll.map(Duration::from_millis);
        return quire::serve::watch_build(opts, DEBOUNCE, poll);
    }
    let pages = site::build(&opts)?;
    println!(
        "Built {} pages in {} ms → {}/",
        pages,
        started.elapsed().as_millis(),
        opts.output.display()
    );
    Ok(())
}
