//! `quire init DIR`.

use super::Ui;
use crate::cli::InitArgs;
use quire::Result;

pub fn run(args: &InitArgs, ui: Ui) -> Result<()> {
    let written = quire::init::init(&args.dir)?;
    ui.say(format!(
        "Created a proceedings site in {}/:",
        args.dir.display()
    ));
    for file in written {
        ui.say(format!("  {file}"));
    }
    ui.say(format!("Next: quire serve --root {}", args.dir.display()));
    Ok(())
}
