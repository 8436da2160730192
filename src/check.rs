//! `quire check`: a built site (files in memory) in; every broken internal link, missing
//! `#fragment`, missing asset, duplicate id and unsafe link out, each located in the page's
//! Markdown source when the page has one (`content/a.md:12:5`), else in the output file.
//! External links are collected for `--external`, never fetched. The print edition repeats the
//! pages' links, so only its ids are checked: its link problems are the pages' own.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where to fix it: the page's source (`content/session-3.md`) or the output file.
    pub path: String,
    pub line: usize,
    /// The column in the source, when the problem was found there.
    pub column: Option<usize>,
    /// The output file the problem is in, e.g. `session-3/index.html`.
    pub output: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.path, self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        write!(f, ": {}", self.message)?;
        if self.output != self.path {
            write!(f, " (in {})", self.output)?;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// Pages (Markdown sources), counted as `build` counts them; set by the caller.
    pub pages: usize,
    /// HTML files checked: the pages plus the print edition, glossary and 404 page.
    pub html_files: usize,
    pub links: usize,
    pub problems: Vec<Problem>,
    /// External URL → the pages that link to it.
    pub external: BTreeMap<String, BTreeSet<String>>,
}

/// An attribute value found in an HTML file, with its line.
struct Attr<'a> {
    /// The element's name, e.g. `a`, `link`, `img`.
    tag: &'a str,
    name: &'static str,
    value: &'a str,
    line: usize,
}

fn attributes<'a>(html: &'a str, names: &[&'static str]) -> Vec<Attr<'a>> {
    let mut out = Vec::new();
    let mut in_script = false;
    let mut tag_name = "";
    let mut line = 1;
    let mut last = 0;
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            let tag = &html[i..];
            if tag.starts_with("<script") {
                in_script = true;
            } else if tag.starts_with("</script") {
                in_script = false;
            }
            let name_len = tag[1..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(tag.len() - 1);
            tag_name = &tag[1..1 + name_len];
        }
        if !in_script && bytes[i] == b' ' {
            for &name in names {
                let rest = &html[i + 1..];
                if rest.starts_with(name) && rest[name.len()..].starts_with("=\"") {
                    let start = i + 1 + name.len() + 2;
                    if let Some(end) = html[start..].find('"') {
                        line += html[last..i].matches('\n').count();
                        last = i;
                        out.push(Attr {
                            tag: tag_name,
                            name,
                            value: &html[start..start + end],
                            line,
                        });
                    }
                }
            }
        }
        i += 1;
    }
    out
}

/// Checks every HTML file of a built site. `base_url` marks absolute links that point into the
/// site itself (the 404 page uses them); `sources` maps each page's output file to its Markdown
/// source, where its problems are located.
pub fn check(
    files: &BTreeMap<String, Vec<u8>>,
    base_url: &str,
    sources: &BTreeMap<String, std::path::PathBuf>,
) -> Report {
    let mut report = Report::default();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let html_files: Vec<(&String, String)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    report.html_files = html_files.len();
    for (path, html) in &html_files {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for attr in attributes(html, &["id"]) {
            if let Some(first) = seen.insert(attr.value, attr.line) {
                report.problems.push(Problem {
                    path: path.to_string(),
                    line: attr.line,
                    column: None,
                    output: path.to_string(),
                    message: format!("duplicate id `{}` (first on line {first})", attr.value),
                });
            }
        }
        ids.insert(path.as_str(), seen.keys().map(|s| s.to_string()).collect());
    }
    for (path, html) in &html_files {
        if path.as_str() == "print/index.html" {
            continue;
        }
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        // Read only when a problem on this page needs locating: most pages have none.
        let source = std::cell::OnceCell::new();
        let source = || {
            source
                .get_or_init(|| sources.get(path.as_str()).map(|s| Source::read(s)))
                .as_ref()
        };
        for attr in attributes(html, &["href", "src"]) {
            let value = crate::escape::html_unescape(attr.value).into_owned();
            let internal = match value.strip_prefix(base_url) {
                Some(rest) => format!("/{rest}"),
                None => value.clone(),
            };
            if internal.contains("://") || internal.starts_with("//") {
                report
                    .external
                    .entry(value.clone())
                    .or_default()
                    .insert(path.to_string());
                continue;
            }
            let problem = |message: String| {
                let at = source().and_then(|s| s.find(attr.value).map(|at| (s, at)));
                Problem {
                    path: at.map_or_else(|| path.to_string(), |(s, _)| s.name.clone()),
                    line: at.map_or(attr.line, |(_, (l, _))| l),
                    column: at.map(|(_, (_, c))| c),
                    output: path.to_string(),
                    message,
                }
            };
            let scheme = crate::markdown::url_scheme(&internal).map(str::to_ascii_lowercase);
            match scheme.as_deref() {
                Some("javascript" | "vbscript") => {
                    report.problems.push(problem(format!("`{value}` runs code in the reader's browser; link to a page or a file instead")));
                    continue;
                }
                Some("data") if attr.tag.eq_ignore_ascii_case("a") => {
                    report.problems.push(problem(format!("a `data:` link ({} bytes inline): browsers refuse to open data: URLs from a link; put the file in content/ and link to it", value.len())));
                    continue;
                }
                Some(_) => continue,
                None => {}
            }
            report.links += 1;
            let (target, fragment) = match internal.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (internal.as_str(), None),
            };
            // The file and the id a URL names are percent-decoded (`what%3F/` is `what?/`).
            let target = crate::escape::url_decode(target.split('?').next().unwrap_or(""));
            let fragment = fragment.map(crate::escape::url_decode);
            let fragment = fragment.as_deref();
            let resolved = if target.is_empty() {
                Some(path.to_string())
            } else {
                resolve(dir, &target, files)
            };
            let Some(file) = resolved else {
                let what = if attr.name == "src" || !target.ends_with('/') && target.contains('.') {
                    "missing asset"
                } else {
                    "broken link"
                };
                report.problems.push(problem(format!("{what} `{value}`")));
                continue;
            };
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                let found = ids.get(file.as_str()).is_some_and(|set| set.contains(f));
                if !found && file.ends_with(".html") {
                    report
                        .problems
                        .push(problem(format!("missing fragment `#{f}` in {file}")));
                }
            }
        }
    }
    report
}

/// A page's Markdown source, searched for the text of a problem link to locate it.
struct Source {
    name: String,
    text: String,
}

impl Source {
    fn read(path: &std::path::Path) -> Source {
        Source {
            name: crate::url::slash_path(path),
            text: std::fs::read_to_string(path).unwrap_or_default(),
        }
    }

    /// The 1-based line and column (in characters) of the first occurrence of `needle`.
    fn find(&self, needle: &str) -> Option<(usize, usize)> {
        let needle = crate::escape::html_unescape(needle);
        let at = self.text.find(needle.as_ref() as &str)?;
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        Some((line, column))
    }
}

/// The output file a relative (or root-absolute) link from `dir` reaches, if it exists.
fn resolve(dir: &str, target: &str, files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    let base = if target.starts_with('/') { "" } else { dir };
    let joined = crate::url::normalize(base, target)?;
    let index = if joined.is_empty() {
        "index.html".to_string()
    } else {
        format!("{joined}/index.html")
    };
    [joined, index]
        .into_iter()
        .find(|c| !c.is_empty() && files.contains_key(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(p, h)| (p.to_string(), h.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn each_kind_of_broken_link_is_reported_with_its_line() {
        let files = site(&[
            ("index.html", "<p>\n<a href=\"a/\">a</a>\n<a href=\"b/\">b</a>\n<img src=\"x.png\">\n<a href=\"a/#nope\">f</a> <a href=\"a/#ok\">g</a>\n<a href=\"https://ex.org/\">e</a></p>"),
            ("a/index.html", "<h2 id=\"ok\">A</h2>\n<h2 id=\"ok\">again</h2><link href=\"../style.css\">"),
            ("style.css", "body{}"),
        ]);
        let r = check(&files, "https://site.org/", &BTreeMap::new());
        let lines: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "a/index.html:2: duplicate id `ok` (first on line 1)",
                "index.html:3: broken link `b/`",
                "index.html:4: missing asset `x.png`",
                "index.html:5: missing fragment `#nope` in a/index.html",
            ]
        );
        assert_eq!(
            r.external.keys().collect::<Vec<_>>(),
            vec!["https://ex.org/"]
        );
    }

    #[test]
    fn absolute_links_into_the_site_are_checked_too() {
        let files = site(&[
            (
                "404.html",
                "<a href=\"https://site.org/\">home</a> <a href=\"https://site.org/gone/\">x</a>",
            ),
            ("index.html", ""),
        ]);
        let r = check(&files, "https://site.org/", &BTreeMap::new());
        assert_eq!(r.problems.len(), 1);
        assert_eq!(
            r.problems[0].message,
            "broken link `https://site.org/gone/`"
        );
    }

    #[test]
    fn problems_in_raw_html_are_located_in_the_markdown_once() {
        let dir = tempfile::tempdir().unwrap();
        let md = dir.path().join("a.md");
        std::fs::write(
            &md,
            "---\ntitle: A\n---\n\nText <a href=\"gone/\">x</a>\n  <a href=\"javascript:alert(1)\">y</a> <a href=\"data:text/html,hi\">z</a>\n<img src=\"data:image/png;base64,AA\">\n",
        )
        .unwrap();
        let html = "<p>Text <a href=\"gone/\">x</a>\n<a href=\"javascript:alert(1)\">y</a> <a href=\"data:text/html,hi\">z</a><img src=\"data:image/png;base64,AA\"></p>";
        let files = site(&[
            ("a/index.html", html),
            ("print/index.html", html),
            ("index.html", ""),
        ]);
        let sources = BTreeMap::from([("a/index.html".to_string(), md.clone())]);
        let r = check(&files, "https://site.org/", &sources);
        let name = crate::url::slash_path(&md);
        let lines: Vec<String> = r.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert_eq!(
            lines[0],
            format!("{name}:5:15: broken link `gone/` (in a/index.html)")
        );
        assert!(
            lines[1].starts_with(&format!("{name}:6:12: `javascript:alert(1)` runs code")),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with(&format!("{name}:6:48: a `data:` link")),
            "{}",
            lines[2]
        );
    }
}
