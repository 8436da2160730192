//! `quire import`: picks the seed and profile, runs the import, checks for edited pages, writes.

use super::Ui;
use crate::cli::ImportArgs;
use quire::import::{self, reimport, site, write};
use quire::{Error, Result};
use std::path::{Path, PathBuf};

pub fn run(args: &ImportArgs, ui: Ui) -> Result<()> {
    let seed = match &args.seed {
        Some(seed) => seed.clone(),
        None => only_seed(&args.root.join("seeds"))?,
    };
    let out = args.root.join(&args.out);
    let args = &ImportArgs {
        out,
        seed: args.seed.clone(),
        root: args.root.clone(),
        profile: args.profile.clone(),
        force: args.force,
        dry_run: args.dry_run,
        print: args.print,
    };
    let profile = reimport::profile(&args.root, args.profile.as_deref())?;
    let prepared = reimport::prepare(&seed, &args.out, &profile)?;
    let (result, plan) = (&prepared.result, &prepared.plan);
    let r = &result.report;
    for warning in &r.warnings {
        ui.warn(warning);
    }
    if let Some(conflicts) = prepared.conflicts(
        "keep your edits by updating the seed or profile, or run with --force to overwrite",
    ) {
        if !args.force {
            ui.warn(format!(
                "nothing written: {} page(s) were edited since the last import",
                plan.conflicts.len()
            ));
            return Err(conflicts);
        }
    }
    if args.dry_run {
        for line in import::plan_view::render(&result.outline_pages, &r.removed) {
            ui.say(line);
        }
    }
    let site_path = args.root.join("site.yaml");
    let site_text = if site_path.exists() {
        quire::fs::read_to_string(&site_path)?
    } else {
        String::new()
    };
    let site = site::plan(
        &site_text,
        &site_path,
        &write::recorded_site(&args.out)?,
        &site::found(&result.outline_front),
    )?;
    for difference in &site.differences {
        ui.warn(difference);
    }
    if !args.dry_run {
        prepared.write(args.force)?;
        if let Some(text) = &site.text {
            quire::fs::write_atomic(&site_path, text.as_bytes())?;
            write::record_site(&args.out, &site.set)?;
        }
    }
    if !site.set.is_empty() {
        let keys: Vec<&str> = site.set.iter().map(|(k, _)| k.as_str()).collect();
        ui.say(format!(
            "  {}: {} {} from the document",
            site_path.display(),
            keys.join(", "),
            if args.dry_run { "would be set" } else { "set" }
        ));
    }
    let verb = if args.dry_run {
        "Would import"
    } else {
        "Imported"
    };
    let written = plan.writes.len() + if args.force { plan.conflicts.len() } else { 0 };
    ui.say(format!(
        "{verb} {} → {}/: {} pages and {} data files ({} written, {} unchanged, {} removed)",
        seed.display(),
        args.out.display(),
        r.pages,
        r.data_files,
        written,
        plan.unchanged,
        plan.removals.len()
    ));
    ui.say(format!(
        "  running headers removed: {}; paragraphs rejoined: {}; table rows: {} ({} merged bullets split); acronyms: {}; warnings: {}",
        r.headers_removed, r.paragraphs_rejoined, r.table_rows, r.bullets_split, r.acronyms, r.warnings.len()
    ));
    let by_rule: Vec<String> = r
        .removed_by_rule()
        .iter()
        .map(|(rule, n)| format!("{rule}: {n}"))
        .collect();
    ui.say(format!(
        "  word coverage: {:.1}% of the kept text's 6-word sequences; lines removed: {}",
        r.coverage * 100.0,
        if by_rule.is_empty() {
            "none".to_string()
        } else {
            by_rule.join(", ")
        }
    ));
    if let Some(pdf) = &r.pdf {
        let furniture: usize = pdf.furniture.values().sum();
        ui.say(format!(
            "  PDF: {} pages; {} headings and {} paragraphs by layout; {} furniture lines removed ({} distinct)",
            pdf.pages, pdf.headings, pdf.paragraphs, furniture, pdf.furniture.len()
        ));
        let m = &pdf.metadata;
        for (key, value) in [
            ("title", &m.title),
            ("author", &m.author),
            ("date", &m.date),
        ] {
            if let Some(value) = value {
                ui.say(format!("  PDF {key}: {value}"));
            }
        }
    }
    for path in &plan.kept {
        ui.warn(format!(
            "{}: no longer produced by the import but edited; left in place",
            args.out.join(path).display()
        ));
    }
    ui.json(&serde_json::json!({
        "seed": seed,
        "out": args.out,
        "dry_run": args.dry_run,
        "pages": r.pages,
        "data_files": r.data_files,
        "written": written,
        "unchanged": plan.unchanged,
        "removed": plan.removals.len(),
        "headers_removed": r.headers_removed,
        "paragraphs_rejoined": r.paragraphs_rejoined,
        "table_rows": r.table_rows,
        "bullets_split": r.bullets_split,
        "acronyms": r.acronyms,
        "warnings": r.warnings,
        "coverage": r.coverage,
        "removed": r.removed,
        "pdf": r.pdf.as_ref().map(|p| serde_json::json!({
            "pages": p.pages,
            "headings": p.headings,
            "paragraphs": p.paragraphs,
            "furniture": p.furniture,
            "title": p.metadata.title,
            "author": p.metadata.author,
            "date": p.metadata.date,
        })),
    }));
    Ok(())
}

fn only_seed(dir: &Path) -> Result<PathBuf> {
    if !dir.is_dir() {
        return Err(Error::file(
            dir,
            "no seed given and no seeds/ folder here; pass the proceedings PDF or text file, e.g. `quire import report.pdf`, or put it in seeds/",
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut seeds: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "pdf"))
        .collect();
    seeds.sort();
    match seeds.len() {
        1 => Ok(seeds.remove(0)),
        0 => Err(Error::file(
            dir,
            "no .txt or .pdf seed here; pass the path of a proceedings text or PDF",
        )),
        _ => Err(Error::file(
            dir,
            "several .txt or .pdf seeds here; pass the one to import",
        )),
    }
}
