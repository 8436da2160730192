//! The built seed site in a real browser (headless Chromium through CDP), served on 127.0.0.1:
//! every page without console errors, failed requests or axe-core violations, none scrolling
//! sideways or shifting its layout at 390 px; search, the dark-mode toggle and the comparison table work; every page
//! passes the Nu Html Checker; the `file_urls` copy searches from `file://`, and prints without
//! its navigation. Screenshots land in target/screenshots/. `.ci/run` installs
//! Chromium, axe-core and vnu (see tests/browser-notes/README.md).

mod kit;
use kit::*;
#[path = "../common/mod.rs"]
mod common;

use quire::site::{self, BuildOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tools() -> PathBuf {
    let dir = repo().join("target/browser-tools/node_modules");
    assert!(
        dir.join("axe-core/axe.min.js").is_file() && Path::new("/usr/bin/chromium").is_file(),
        "the browser tests need Chromium and {}: run `bash .ci/run`, which installs them",
        dir.display()
    );
    dir
}

/// Builds the seed site into a fresh folder served on a free port, with `base_url` set to it so
/// that even the 404 page's absolute links resolve.
fn built_site() -> (tempfile::TempDir, PathBuf, u16) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let port = serve(out.clone()).unwrap();
    let mut opts = BuildOptions::new(repo());
    opts.output = out.clone();
    opts.base_url = Some(format!("http://127.0.0.1:{port}/"));
    site::build(&opts).unwrap();
    (dir, out, port)
}

fn html_pages(out: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            rel.strip_suffix("index.html")
                .map(str::to_string)
                .unwrap_or(rel)
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_page_in_chromium() -> AnyResult<()> {
    let axe = std::fs::read_to_string(tools().join("axe-core/axe.min.js"))?;
    let (_dir, out, port) = built_site();
    let url = |p: &str| format!("http://127.0.0.1:{port}/{p}");
    let shots = repo().join("target/screenshots");
    // The positive control: a page with a known console error and a missing image.
    std::fs::write(
        out.join("control.html"),
        "<!DOCTYPE html><html lang=\"en\"><title>c</title><img src=\"missing.png\" alt=\"\"><script>console.error('control')</script></html>",
    )?;

    let browser = launch()?;
    let tab = browser.new_tab()?;
    tab.set_default_timeout(Duration::from_secs(20));
    let problems = watch(&tab)?;
    let take = || std::mem::take(&mut *problems.lock().unwrap());

    goto(&tab, &url("control.html"))?;
    let seen = take();
    assert!(
        seen.iter().any(|p| p.starts_with("console.error")),
        "{seen:?}"
    );
    assert!(seen.iter().any(|p| p.starts_with("HTTP 404")), "{seen:?}");
    std::fs::remove_file(out.join("control.html"))?;

    let pages = html_pages(&out);
    assert!(pages.len() >= 19, "{pages:?}");
    let mut failures = Vec::new();
    for page in &pages {
        goto(&tab, &url(page))?;
        let violations = axe_violations(&tab, &axe)?;
        failures.extend(take().into_iter().map(|p| format!("{page}: {p}")));
        failures.extend(violations.iter().map(|v| format!("{page}: axe {v}")));
    }
    for (name, page) in [("home", ""), ("session", "session-1/")] {
        goto(&tab, &url(page))?;
        screenshot(&tab, &shots.join(format!("{name}-desktop.png")), false)?;
    }

    set_viewport(&tab, 390, 844, true)?;
    for page in &pages {
        goto(&tab, &url(page))?;
        if scrolls_horizontally(&tab)? {
            failures.push(format!("{page}: scrolls sideways at 390 px"));
        }
        failures.extend(take().into_iter().map(|p| format!("{page} (390 px): {p}")));
    }
    for (name, page) in [
        ("home", ""),
        ("session", "session-1/"),
        ("comparison", "comparison/"),
    ] {
        let (without, with) = main_top_without_and_with_script(&tab, &url(page))?;
        take(); // the blocked script's failed request
        if without != with {
            failures.push(format!(
                "{page}: quire.js moves the page by {} px at 390 px (a layout shift)",
                with - without
            ));
        }
        screenshot(&tab, &shots.join(format!("{name}-phone.png")), false)?;
    }
    clear_viewport(&tab)?;

    // Search: a word only session 5 uses, typed on another page; the result leads to it.
    goto(&tab, &url("session-1/"))?;
    tab.wait_for_element("#search-q")?.type_into("Schrems")?;
    let first = tab.wait_for_element("#search-results a")?;
    load_with(&tab, || {
        first.click()?;
        Ok(())
    })?;
    let landed = eval_json(&tab, "location.pathname")?;
    assert_eq!(
        landed, "/session-5/",
        "the first result for a session-5 word"
    );

    // The dark-mode toggle changes the scheme, and the choice survives a reload.
    eval_json(&tab, "localStorage.clear()")?;
    goto(&tab, &url("session-2/"))?;
    let colour = "getComputedStyle(document.body).backgroundColor";
    let before = eval_json(&tab, colour)?;
    let scheme = eval_json(&tab, "document.documentElement.dataset.theme || 'system'")?;
    tab.wait_for_element(".theme-toggle")?.click()?;
    let after = eval_json(&tab, colour)?;
    assert_ne!(
        before, after,
        "the toggle changes the colours (was {scheme})"
    );
    let chosen = eval_json(&tab, "document.documentElement.dataset.theme")?;
    load_with(&tab, || {
        tab.reload(false, None)?;
        Ok(())
    })?;
    assert_eq!(
        eval_json(&tab, "document.documentElement.dataset.theme")?,
        chosen
    );
    assert_eq!(eval_json(&tab, colour)?, after, "remembered after a reload");
    eval_json(&tab, "localStorage.clear()")?;

    // The comparison table: seven rows, two columns.
    goto(&tab, &url("comparison/"))?;
    assert_eq!(
        eval_json(
            &tab,
            "document.querySelectorAll('main table tbody tr').length"
        )?,
        7
    );
    assert_eq!(
        eval_json(
            &tab,
            "document.querySelectorAll('main table thead th').length"
        )?,
        2
    );

    failures.extend(
        take()
            .into_iter()
            .map(|p| format!("after the interactions: {p}")),
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

#[test]
fn every_page_passes_the_nu_html_checker() -> AnyResult<()> {
    let jar = tools().join("vnu-jar/build/dist/vnu.jar");
    let (_dir, out, _port) = built_site();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(files.len() >= 19);
    let errors = vnu_errors(&jar, &files)?;
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    Ok(())
}

/// The proceedings as handed out on a stick: built with `file_urls: true` and opened from
/// `file://`, search still finds and links; and printed, the pages drop their navigation, show
/// where external links lead and start each part of the print edition on a new page.
#[test]
fn the_offline_copy_searches_and_prints() -> AnyResult<()> {
    tools();
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("src");
    std::fs::create_dir(&root)?;
    common::copy_repo_site(&root);
    let config = std::fs::read_to_string(root.join("site.yaml"))?;
    std::fs::write(root.join("site.yaml"), format!("{config}file_urls: true\n"))?;
    let mut opts = BuildOptions::new(&root);
    opts.output = dir.path().join("stick");
    site::build(&opts).unwrap();
    let file = |p: &str| format!("file://{}/{p}", opts.output.display());

    let browser = launch()?;
    let tab = browser.new_tab()?;
    tab.set_default_timeout(Duration::from_secs(20));
    let problems = watch(&tab)?;

    goto(&tab, &file("session-1/index.html"))?;
    tab.wait_for_element("#search-q")?.type_into("Schrems")?;
    let first = tab.wait_for_element("#search-results a")?;
    load_with(&tab, || {
        first.click()?;
        Ok(())
    })?;
    let landed = eval_json(&tab, "location.href")?;
    assert_eq!(landed, serde_json::json!(file("session-5/index.html")));

    let display = |selector: &str| {
        eval_json(
            &tab,
            &format!("getComputedStyle(document.querySelector('{selector}')).display"),
        )
    };
    goto(&tab, &file("session-2/index.html"))?;
    assert_ne!(
        display(".contents")?,
        "none",
        "on screen, the contents show"
    );
    emulate_media(&tab, Some("print"))?;
    for hidden in [".contents", ".masthead", ".pager"] {
        assert_eq!(display(hidden)?, "none", "{hidden} in print");
    }
    goto(&tab, &file("index.html"))?;
    let after = eval_json(
        &tab,
        "getComputedStyle(document.querySelector('.byline a[href^=\"http\"]'), '::after').content",
    )?;
    assert!(
        after
            .as_str()
            .unwrap_or("")
            .contains("internetgovernance.org"),
        "an external link prints its address: {after}"
    );
    goto(&tab, &file("print/index.html"))?;
    let breaks = eval_json(
        &tab,
        "[...document.querySelectorAll('.print-page')].map(e => getComputedStyle(e).breakBefore)",
    )?;
    let breaks = breaks.as_array().cloned().unwrap_or_default();
    assert!(breaks.len() >= 15, "{breaks:?}");
    assert!(breaks.iter().all(|b| b == "page"), "{breaks:?}");
    emulate_media(&tab, None)?;

    let seen = std::mem::take(&mut *problems.lock().unwrap());
    assert!(seen.is_empty(), "{}", seen.join("\n"));
    Ok(())
}

/// Live reload survives a restart of `quire serve`: the open page's event stream reconnects to
/// the new server and the page reloads, showing what was edited while no server ran.
#[test]
fn an_open_page_reloads_when_serve_comes_back() -> AnyResult<()> {
    tools();
    let dir = tempfile::tempdir()?;
    common::copy_dir(&repo().join("tests/fixtures/sites/minimal"), dir.path());
    let server = common::QuietServe::start(dir.path(), 0);
    let (addr, port) = (server.addr.clone(), server.port());
    let browser = launch()?;
    let tab = browser.new_tab()?;
    goto(&tab, &format!("http://{addr}/session-2/"))?;
    let shows = |text: &str| -> AnyResult<bool> {
        Ok(eval_json(&tab, &format!("document.body.innerText.includes({text:?})"))? == true)
    };
    assert!(!shows("While away")?);
    assert!(server.interrupt().0.success());
    let page = dir.path().join("content/session-2.md");
    let text = std::fs::read_to_string(&page)?;
    std::fs::write(&page, text.replace("Back to", "While away: back to"))?;
    let server = common::QuietServe::start(dir.path(), port);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while !matches!(shows("While away"), Ok(true)) {
        assert!(
            std::time::Instant::now() < deadline,
            "the page did not reload after serve came back"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(server.interrupt().0.success());
    Ok(())
}
