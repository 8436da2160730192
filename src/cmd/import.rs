//! `quire import`: picks the seed and profile, runs the import, checks for edited pages, writes.

use crate::cli::ImportArgs;
use quire::import::{self, profile::Profile, write};
use quire::{Error, Result};
use std::path::{Path, PathBuf};

pub fn run(args: &ImportArgs) -> Result<()> {
    let seed = match &args.seed {
        Some(seed) => seed.clone(),
        None => only_seed(Path::new("seeds"))?,
    };
    let profile_path = args.profile.clone().or_else(|| {
        let default = PathBuf::from("seeds/import.yaml");
        default.exists().then_some(default)
    });
    let profile = match &profile_path {
        Some(path) => Profile::load(path)?,
        None => Profile::default(),
    };
    let result = import::import_file(&seed, &profile)?;
    let plan = write::plan(&args.out, &result.files)?;
    let r = &result.report;
    for warning in &r.warnings {
        eprintln!("warning: {warning}");
    }
    if !plan.conflicts.is_empty() && !args.force {
        let list: Vec<Error> = plan
            .conflicts
            .iter()
            .map(|c| {
                Error::file(
                    args.out.join(&c.path),
                    format!("{}; keep your edits by updating the seed or profile, or run with --force to overwrite", c.reason),
                )
            })
            .collect();
        eprintln!(
            "nothing written: {} page(s) were edited since the last import",
            list.len()
        );
        return Err(Error::many(list).expect("conflicts are not empty"));
    }
    if !args.dry_run {
        write::apply(&args.out, &result.files, &plan, args.force)?;
    }
    let verb = if args.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    println!(
        "{verb} {} → {}/: {} pages and {} data files ({} written, {} unchanged, {} removed)",
        seed.display(),
        args.out.display(),
        r.pages,
        r.data_files,
        plan.writes.len() + if args.force { plan.conflicts.len() } else { 0 },
        plan.unchanged,
        plan.removals.len()
    );
    println!(
        "  running headers removed: {}; paragraphs rejoined: {}; table rows: {} ({} merged bullets split); acronyms: {}; warnings: {}",
        r.headers_removed, r.paragraphs_rejoined, r.table_rows, r.bullets_split, r.acronyms, r.warnings.len()
    );
    for path in &plan.kept {
        eprintln!(
            "warning: {}: no longer produced by the import but edited; left in place",
            args.out.join(path).display()
        );
    }
    Ok(())
}

fn only_seed(dir: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut seeds: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    match seeds.len() {
        1 => Ok(seeds.remove(0)),
        0 => Err(Error::file(
            dir,
            "no .txt seed here; pass the path of a proceedings text",
        )),
        _ => Err(Error::file(
            dir,
            "several .txt seeds here; pass the one to import",
        )),
    }
}
