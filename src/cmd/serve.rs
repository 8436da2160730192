//! `quire serve`: flags → ServeOptions, then the server runs until Ctrl-C (or SIGTERM, SIGHUP).

use crate::cli::ServeArgs;
use quire::serve::{self, ServeOptions};
use quire::site::BuildOptions;
use quire::Result;
use std::time::Duration;

pub fn run(args: &ServeArgs, ui: super::Ui) -> Result<()> {
    let mut build = BuildOptions::new(&args.root);
    build.theme = args.theme.clone();
    build.drafts = args.drafts;
    serve::serve(
        ServeOptions {
            build,
            bind: args.bind,
            allowed_hosts: args.allowed_hosts.clone(),
            port: args.port,
            open: args.open,
            poll: args.poll.map(Duration::from_millis),
            debounce: super::build::DEBOUNCE,
            quiet: ui.quiet,
            shutdown: None,
        },
        None,
    )
}
