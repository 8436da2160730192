//! The `quire` binary: parse the command line, call the library, print the error and its causes.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match &cli.command {
        cli::Command::Import(args) => cmd::import::run(args),
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            report(&err);
            ExitCode::from(1)
        }
    }
}

fn report(err: &quire::Error) {
    for line in err.to_string().lines() {
        eprintln!("error: {line}");
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        eprintln!("caused by: {cause}");
        source = cause.source();
    }
}
