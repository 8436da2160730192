//! `quire check`: a built site (files in memory) in; every broken internal link, missing
//! `#fragment`, missing asset and duplicate id out, each as `path:line: message` where `path` is
//! the output file. External links are collected for `--external`, never fetched.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Output file, e.g. `session-3/index.html`.
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub pages: usize,
    pub links: usize,
    pub problems: Vec<Problem>,
    /// External URL → the pages that link to it.
    pub external: BTreeMap<String, BTreeSet<String>>,
}

/// An attribute value found in an HTML file, with its line.
struct Attr<'a> {
    name: &'static str,
    value: &'a str,
    line: usize,
}

fn attributes<'a>(html: &'a str, names: &[&'static str]) -> Vec<Attr<'a>> {
    let mut out = Vec::new();
    let mut in_script = false;
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
/// site itself (the 404 page uses them).
pub fn check(files: &BTreeMap<String, Vec<u8>>, base_url: &str) -> Report {
    let mut report = Report::default();
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let html_files: Vec<(&String, String)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    report.pages = html_files.len();
    for (path, html) in &html_files {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for attr in attributes(html, &["id"]) {
            if let Some(first) = seen.insert(attr.value, attr.line) {
                report.problems.push(Problem {
                    path: path.to_string(),
                    line: attr.line,
                    message: format!("duplicate id `{}` (first on line {first})", attr.value),
                });
            }
        }
        ids.insert(path.as_str(), seen.keys().map(|s| s.to_string()).collect());
    }
    for (path, html) in &html_files {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
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
            if ["mailto:", "tel:", "data:", "javascript:"]
                .iter()
                .any(|s| internal.starts_with(s))
            {
                continue;
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
            let problem = |message: String| Problem {
                path: path.to_string(),
                line: attr.line,
                message,
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

/// The output file a relative (or root-absolute) link from `dir` reaches, if it exists.
fn resolve(dir: &str, target: &str, files: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    let base = if target.starts_with('/') { "" } else { dir };
    let joined = crate::site::links::normalize(base, target)?;
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
        let r = check(&files, "https://site.org/");
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
        let r = check(&files, "https://site.org/");
        assert_eq!(r.problems.len(), 1);
        assert_eq!(
            r.problems[0].message,
            "broken link `https://site.org/gone/`"
        );
    }
}
