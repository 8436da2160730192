//! `quire init DIR`.

use crate::cli::InitArgs;
use quire::Result;

pub fn run(args: &InitArgs) -> Result<()> {
    let written = quire::init::init(&args.dir)?;
    println!("Created a proceedings site in {}/:", args.dir.display());
    for file in written {
        println!("  {file}");
    }
    println!("Next: quire serve --root {}", args.dir.display());
    Ok(())
}
