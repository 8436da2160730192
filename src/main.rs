//! The `quire` binary: parse the command line, call the library, print the error and its
//! causes. Exit codes: 0 ok, 1 content or build error, 2 usage error (clap's own included).

mod cli;
mod cmd;

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

// glibc's allocator spent ~15 % of a 10,000-page build in malloc/free across rayon's threads;
// mimalloc's per-thread heaps cut that (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let ui = cmd::Ui {
        quiet: cli.quiet,
        json: cli.command.format() == cli::Format::Json,
    };
    let result = match &cli.command {
        cli::Command::Import(args) => cmd::import::run(args, ui),
        cli::Command::Build(args) => cmd::build::run(args, ui),
        cli::Command::Serve(args) => cmd::serve::run(args, ui),
        cli::Command::Init(args) => cmd::init::run(args, ui),
        cli::Command::Check(args) => cmd::check::run(args, ui),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if ui.json && !matches!(err, quire::Error::Reported(_)) {
                println!("{}", err.to_json());
            }
            report(&err);
            ExitCode::from(err.exit_code())
        }
    }
}

/// `error:` in bold red on a terminal (unless NO_COLOR is set), plain otherwise.
fn report(err: &quire::Error) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let label = if colour {
        "\x1b[1;31merror:\x1b[0m"
    } else {
        "error:"
    };
    for line in err.to_string().lines() {
        eprintln!("{label} {line}");
    }
    if err.count() > 1 {
        eprintln!("{label} {} problems in all", err.count());
    }
    // An I/O error's message already ends with its cause; only causes not yet said are printed.
    let message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !message.contains(&cause_text) {
            eprintln!("caused by: {cause_text}");
        }
        source = cause.source();
    }
}
