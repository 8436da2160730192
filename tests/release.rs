//! Release-grade builds through the binary, as CI runs them: the manifest, versions side by
//! side, reproducibility across folders, `check`, exit codes, `--quiet` and `--format json`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn quire(args: &[&str], epoch: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.args(args).env_remove("SOURCE_DATE_EPOCH");
    if let Some(e) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", e);
    }
    cmd.output().unwrap()
}

/// A copy of the repository's site (not a git checkout) in a fresh temp dir.
fn site_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_repo_site(dir.path());
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn build_json_lists_every_file_with_matching_hashes() {
    let site = site_copy();
    let out = site.path().join("public");
    let o = quire(
        &["build", "--root", s(site.path()), "--site-version", "v1.0"],
        Some("1700000000"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("build.json")).unwrap()).unwrap();
    assert_eq!(manifest["version"], "v1.0");
    assert_eq!(manifest["date"], "2023-11-14");
    assert_eq!(
        manifest["tool"],
        format!("quire {}", env!("CARGO_PKG_VERSION"))
    );
    let files = manifest["files"].as_object().unwrap();
    let on_disk = common::tree(&out);
    assert_eq!(
        files.len() + 1,
        on_disk.len(),
        "every file but build.json itself"
    );
    for (path, bytes) in &on_disk {
        if path == "build.json" {
            continue;
        }
        let entry = &files[path.as_str()];
        assert_eq!(entry["size"], bytes.len() as u64, "{path}");
        assert_eq!(entry["sha256"], quire::fs::sha256_hex(bytes), "{path}");
    }
    let page = String::from_utf8(on_disk["session-1/index.html"].clone()).unwrap();
    assert!(
        page.contains("v1.0") && page.contains("2023-11-14"),
        "the footer shows version and date"
    );
}

#[test]
fn same_commit_built_in_two_folders_on_different_days_is_byte_identical() {
    let a = site_copy();
    let b = site_copy();
    for dir in [&a, &b] {
        let o = quire(
            &["build", "--root", s(dir.path()), "--site-version", "v2"],
            Some("1700000000"),
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let ta = common::tree(&a.path().join("public"));
    let tb = common::tree(&b.path().join("public"));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs");
    }
}

#[test]
fn versions_live_side_by_side_and_the_newest_is_latest() {
    let site = site_copy();
    let versions = tempfile::tempdir().unwrap();
    let v = s(versions.path());
    let root = s(site.path());
    let o = quire(
        &[
            "build",
            "--root",
            root,
            "--versions-dir",
            v,
            "--site-version",
            "v1.0",
        ],
        Some("1700000000"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v1_before = common::tree(&versions.path().join("v1.0"));
    // An erratum release, later.
    let page = site.path().join("content/session-3.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("Session three", "Session 3 (corrected)"),
    )
    .unwrap();
    let o = quire(
        &[
            "build",
            "--root",
            root,
            "--versions-dir",
            v,
            "--site-version",
            "v1.1",
        ],
        Some("1710000000"),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        common::tree(&versions.path().join("v1.0")),
        v1_before,
        "v1.0 untouched"
    );
    let v11 = common::tree(&versions.path().join("v1.1"));
    assert!(String::from_utf8_lossy(&v11["session-3/index.html"]).contains("Session 3 (corrected)"));
    let list: serde_json::Value =
        serde_json::from_slice(&std::fs::read(versions.path().join("versions.json")).unwrap())
            .unwrap();
    let tags: Vec<(String, bool)> = list["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["tag"].as_str().unwrap().to_string(),
                v["latest"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(tags, vec![("v1.1".into(), true), ("v1.0".into(), false)]);
    let index = std::fs::read_to_string(versions.path().join("index.html")).unwrap();
    assert!(index.contains("<meta http-equiv=\"refresh\" content=\"0; url=v1.1/\">"));
    let page = String::from_utf8_lossy(&v11["session-1/index.html"]).into_owned();
    assert!(
        page.contains("../v1.0/"),
        "the version switcher links the other edition"
    );
}

#[test]
fn check_reports_each_kind_of_problem_and_exits_1() {
    let root = repo().join("tests/fixtures/sites/check-problems");
    let o = quire(&["check", "--root", s(&root), "--external"], None);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    let has = |needle: &str| {
        lines
            .iter()
            .any(|l| l.starts_with("a/index.html:") && l.contains(needle))
    };
    assert!(has(": broken link `../nowhere/`"), "{stderr}");
    assert!(has(": missing asset `../missing.png`"), "{stderr}");
    assert!(
        has(": missing fragment `#nope` in a/index.html"),
        "{stderr}"
    );
    assert!(has(": duplicate id `dup` (first on line "), "{stderr}");
    assert_eq!(
        lines.last().copied(),
        Some("error: 4 problem(s) in 2 pages (4 HTML files)")
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("external: https://example.com/paper.pdf (on a/index.html)"),
        "{stdout}"
    );
    let o = quire(&["check", "--root", s(&root), "--format", "json"], None);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["problems"].as_array().unwrap().len(), 4);
    assert_eq!(report["problems"][0]["path"], "a/index.html");
}

#[test]
fn check_passes_on_the_seed_site() {
    let o = quire(&["check", "--root", s(&repo())], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains(": no problems"));
}

#[test]
fn exit_codes_quiet_and_json() {
    let site = site_copy();
    let root = s(site.path());
    let o = quire(
        &["build", "--root", root, "--quiet", "--site-version", "x"],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
    let o = quire(
        &[
            "build",
            "--root",
            root,
            "--format",
            "json",
            "--site-version",
            "x",
        ],
        None,
    );
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(summary["pages"], 17);
    assert_eq!(summary["version"], "x");
    // Usage errors: 2.
    assert_eq!(
        quire(&["build", "--no-such-flag"], None).status.code(),
        Some(2)
    );
    let o = quire(
        &[
            "build",
            "--root",
            root,
            "--versions-dir",
            "/tmp/x",
            "--site-version",
            "../up",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    // Content errors: 1, with the place in the file and nothing half-written.
    std::fs::write(
        site.path().join("content/bad.md"),
        "---\ntitle: x\nautors: y\n---\n",
    )
    .unwrap();
    let o = quire(
        &[
            "build",
            "--root",
            root,
            "--output",
            s(&site.path().join("out")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.starts_with("error: ")
            && stderr.contains("content/bad.md:3:1: unknown field `autors`"),
        "{stderr}"
    );
    assert!(!site.path().join("out").exists());
}

#[test]
fn import_dry_run_writes_nothing_and_reports() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("content");
    let seed = repo().join("seeds/national-security-2023.txt");
    let profile = repo().join("seeds/import.yaml");
    let o = quire(
        &[
            "import",
            s(&seed),
            "--profile",
            s(&profile),
            "--out",
            s(&target),
            "--dry-run",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.starts_with("  outline (17 pages):") && stdout.contains("\nWould import "),
        "{stdout}"
    );
    assert!(
        stdout.contains("17 pages and 2 data files (19 written, 0 unchanged, 0 removed)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("table rows: 7 (2 merged bullets split)"),
        "{stdout}"
    );
    assert!(!target.exists(), "a dry run writes nothing");
    let o = quire(
        &[
            "import",
            s(&seed),
            "--profile",
            s(&profile),
            "--out",
            s(&target),
        ],
        None,
    );
    assert!(o.status.success());
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        19,
        "17 pages, _data/, manifest"
    );
}

/// `error:` is bold red only on a terminal, and not even there with NO_COLOR set. `script`
/// (util-linux) runs the binary on a pseudo-terminal and copies what it printed.
#[test]
fn errors_are_coloured_on_a_terminal_only() {
    let on_terminal = |no_color: bool| {
        let mut cmd = Command::new("script");
        cmd.args(["--quiet", "--return", "--command"])
            .arg(format!(
                "{} build --root /nonexistent-quire-site",
                env!("CARGO_BIN_EXE_quire")
            ))
            .arg("/dev/null")
            .env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        let o = cmd.output().expect("script (util-linux) runs");
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let coloured = on_terminal(false);
    assert!(
        coloured.starts_with("\x1b[1;31merror:\x1b[0m "),
        "{coloured:?}"
    );
    let plain = on_terminal(true);
    assert!(plain.starts_with("error: "), "{plain:?}");
    let piped = quire(&["build", "--root", "/nonexistent-quire-site"], None);
    assert!(String::from_utf8_lossy(&piped.stderr).starts_with("error: "));
}

/// In a git checkout the version is `git describe`, the commit is HEAD, and the date is the last
/// commit's unless SOURCE_DATE_EPOCH says otherwise.
#[test]
fn a_checkout_is_stamped_from_git() {
    let site = site_copy();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .arg("-C")
            .arg(site.path())
            .args(["-c", "user.name=Q", "-c", "user.email=q@example.org"])
            .args(args)
            .env("GIT_AUTHOR_DATE", "2024-03-05T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-03-05T12:00:00Z")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    let manifest = |epoch: Option<&str>| {
        let o = quire(&["build", "--root", s(site.path())], epoch);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let json = std::fs::read(site.path().join("public/build.json")).unwrap();
        serde_json::from_slice::<serde_json::Value>(&json).unwrap()
    };
    std::fs::write(site.path().join(".gitignore"), "/public/\n/.public.*\n").unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    git(&["tag", "v1.0"]);
    let m = manifest(None);
    assert_eq!(m["version"], "v1.0");
    assert_eq!(m["commit"], git(&["rev-parse", "HEAD"]));
    assert_eq!(m["date"], "2024-03-05");

    git(&["commit", "-q", "--allow-empty", "-m", "second"]);
    let short = git(&["rev-parse", "--short", "HEAD"]);
    let m = manifest(Some("1700000000"));
    assert_eq!(m["version"], format!("v1.0-1-g{short}"));
    assert_eq!(
        m["date"], "2023-11-14",
        "SOURCE_DATE_EPOCH wins over the commit"
    );

    // Each page is updated when its own file last changed: one page edited a month later.
    let page = site.path().join("content/session-3.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text + "\nA later note.\n").unwrap();
    let o = Command::new("git")
        .arg("-C")
        .arg(site.path())
        .args(["-c", "user.name=Q", "-c", "user.email=q@example.org"])
        .args(["commit", "-q", "-am", "edit"])
        .env("GIT_AUTHOR_DATE", "2024-04-01T08:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-04-01T08:00:00Z")
        .output()
        .unwrap();
    assert!(o.status.success());
    manifest(None);
    let atom = std::fs::read_to_string(site.path().join("public/atom.xml")).unwrap();
    let updated: Vec<&str> = atom
        .split("<entry>")
        .skip(1)
        .map(|e| &e[e.find("<updated>").unwrap() + 9..e.find("</updated>").unwrap()])
        .collect();
    assert_eq!(
        updated
            .iter()
            .filter(|u| **u == "2024-04-01T08:00:00Z")
            .count(),
        1,
        "{updated:?}"
    );
    assert!(
        updated
            .iter()
            .filter(|u| **u == "2024-03-05T12:00:00Z")
            .count()
            > 10
    );
    let sitemap = std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("session-3/</loc><lastmod>2024-04-01</lastmod>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("glossary/</loc>"),
        "the glossary is in the sitemap"
    );
}

#[test]
fn failures_are_printed_as_json_too_with_every_error_located() {
    let broken = repo().join("tests/fixtures/sites/broken-link");
    for command in ["check", "build"] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let mut args = vec![command, "--root", s(&broken), "--format", "json"];
        if command == "build" {
            args.extend(["--output", s(&out)]);
        }
        let o = quire(&args, None);
        assert_eq!(o.status.code(), Some(1), "{command}");
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["count"], 1);
        let e = &json["errors"][0];
        assert!(e["path"].as_str().unwrap().ends_with("content/a.md"), "{e}");
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(6), Some(5))
        );
        assert!(e["message"].as_str().unwrap().contains("missing.md"), "{e}");
    }
    let o = quire(&["import", "/nonexistent.txt", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["errors"][0]["path"], "/nonexistent.txt");
}

#[test]
fn a_site_under_a_sub_path_is_told_where_crawlers_read_robots_txt() {
    let site = site_copy();
    let o = quire(&["build", "--root", s(site.path())], Some("1700000000"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success());
    assert!(
        err.contains("warning: base_url has the sub-path /national-security-2023/: crawlers read robots.txt only at the host's root"),
        "{err}"
    );
    let o = quire(
        &[
            "build",
            "--root",
            s(site.path()),
            "--base-url",
            "https://ex.org/",
        ],
        Some("1700000000"),
    );
    assert!(!String::from_utf8_lossy(&o.stderr).contains("robots.txt"));
}
