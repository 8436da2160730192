//! The content tree: `content/**/*.md` in, `Page`s out (front matter parsed and validated, the
//! Markdown body handed to a render function as each file is read), plus sections
//! (`_index.md`), the YAML data files under `content/_data/`, and the other files to copy.
//! Everything is sorted so output is stable.

use crate::error::{Error, Result};
use crate::yaml;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// e.g. `Session 3: Global value chains`
    pub title: String,
    /// The last part of the URL, e.g. `session-3`; defaults to the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Order among siblings, smaller first, e.g. `30`.
    #[serde(default)]
    pub weight: i64,
    /// e.g. `session`; picks `session.html` when the theme has it.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub session: Option<u32>,
    /// The program label as the text gave it, when not "Session N": `Panel 2`, `Keynote 1`.
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub speakers: Vec<String>,
    /// e.g. `Dr. Karim Farhat, Assistant Director, IGP`
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// `YYYY-MM-DD`, e.g. `2023-11-10`
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// A template name that overrides the one chosen by kind, e.g. `wide.html`.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub publisher_url: Option<String>,
    /// Free fields for templates.
    #[serde(default)]
    pub extra: BTreeMap<String, yaml::Value>,
}

impl FrontMatter {
    /// Every string of the front matter with the field it belongs to.
    pub fn strings(&self) -> Vec<(&str, &str)> {
        let mut out = vec![("title", self.title.as_str())];
        let optional = [
            ("slug", &self.slug),
            ("kind", &self.kind),
            ("byline", &self.byline),
            ("summary", &self.summary),
            ("description", &self.description),
            ("date", &self.date),
            ("template", &self.template),
            ("subtitle", &self.subtitle),
            ("publisher", &self.publisher),
            ("publisher_url", &self.publisher_url),
        ];
        out.extend(
            optional
                .iter()
                .filter_map(|(k, v)| v.as_deref().map(|v| (*k, v))),
        );
        out.extend(self.speakers.iter().map(|s| ("speakers", s.as_str())));
        fn walk<'a>(key: &'a str, v: &'a yaml::Value, out: &mut Vec<(&'a str, &'a str)>) {
            match v {
                yaml::Value::String(s) => out.push((key, s)),
                yaml::Value::Sequence(list) => list.iter().for_each(|v| walk(key, v, out)),
                yaml::Value::Mapping(map) => map.iter().for_each(|(k, v)| {
                    walk(key, k, out);
                    walk(key, v, out);
                }),
                yaml::Value::Tagged(t) => walk(key, &t.value, out),
                _ => {}
            }
        }
        for (k, v) in &self.extra {
            out.push(("extra", k));
            walk("extra", v, &mut out);
        }
        out
    }

    /// The page's one-line summary: `summary`, else `description`, else empty.
    pub fn summary_text(&self) -> &str {
        self.summary
            .as_deref()
            .or(self.description.as_deref())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    /// Relative to the content folder, e.g. `session-3.md` or `s001/_index.md`.
    pub source: PathBuf,
    /// Where messages point, e.g. `content/session-3.md`.
    pub display_path: PathBuf,
    pub front: FrontMatter,
    /// Lines before the body in the file (front matter and its fences).
    pub body_line: usize,
    /// True for `_index.md`, the page of a section.
    pub is_section: bool,
    /// Root-relative URL path, `""` for the home page, `session-3/`, `s001/p00001/`.
    pub path: String,
    /// Root-relative path of the section page that lists this one (`""` = home), none for home.
    pub parent: Option<String>,
    /// What the page is about, for every output that describes it (`describe::describe`); set
    /// once its body is rendered.
    pub description: String,
}

/// Splits `---\nyaml\n---\nbody` and parses the YAML; errors point into the file.
pub fn parse_page(text: &str, display_path: &Path) -> Result<(FrontMatter, String, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err(Error::at(
            display_path,
            1,
            Some(1),
            "missing front matter: start the file with a `---` line, then `title: …`, then `---`",
        ));
    };
    let end = find_closing_fence(rest).ok_or_else(|| {
        Error::at(
            display_path,
            1,
            Some(1),
            "front matter is not closed: add a `---` line after it",
        )
    })?;
    let yaml_text = &rest[..end];
    let after = &rest[end..];
    let after = after.split_once('\n').map_or("", |(_, b)| b);
    crate::controls::check_text(yaml_text, display_path)?;
    let front: FrontMatter = yaml::parse(yaml_text, display_path, 1)?;
    crate::controls::check_values(front.strings(), yaml_text, display_path)?;
    if let Some(slug) = front.slug.as_deref().filter(|s| !is_folder_name(s)) {
        let line = yaml_text
            .lines()
            .position(|l| l.trim_start().starts_with("slug:"))
            .map_or(1, |i| i + 2);
        return Err(Error::at(
            display_path,
            line,
            Some(1),
            format!("slug {slug:?} must be one folder name, without `/`, e.g. `session-3`"),
        ));
    }
    if let Some(why) = front
        .date
        .as_deref()
        .and_then(|d| crate::date::check(d).err())
    {
        let line = crate::date::key_line(yaml_text, "date").map_or(1, |l| l + 1);
        return Err(Error::at(display_path, line, Some(7), why));
    }
    let body_line = yaml_text.lines().count() + 2;
    Ok((front, after.to_string(), body_line))
}

/// A slug becomes one folder of the output: never a path, never `.` or `..`.
fn is_folder_name(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && !slug.contains(['/', '\\'])
        && !slug.chars().any(char::is_control)
}

fn find_closing_fence(rest: &str) -> Option<usize> {
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Everything read from the content folder.
#[derive(Debug)]
pub struct Content<R> {
    pub pages: Vec<Page>,
    /// What `load_content`'s `render` made of each page's body, in the order of `pages`.
    pub bodies: Vec<R>,
    /// Data files by name without extension, e.g. `glossary`.
    pub data: BTreeMap<String, yaml::Value>,
    /// Non-Markdown files to copy, relative to the content folder.
    pub assets: Vec<PathBuf>,
}

/// Walks `content_dir`; collects every error rather than stopping at the first. Each page's
/// body goes through `render` as soon as the page is read, in parallel, so the bodies of a
/// large site are never all held at once. Drafts are skipped unless `drafts`.
pub fn load_content<R: Send>(
    content_dir: &Path,
    drafts: bool,
    render: impl Fn(&Page, &str) -> R + Sync,
) -> Result<Content<R>> {
    let mut content = Content {
        pages: Vec::new(),
        bodies: Vec::new(),
        data: BTreeMap::new(),
        assets: Vec::new(),
    };
    let mut errors = Vec::new();
    if !content_dir.is_dir() {
        return Err(Error::file(
            content_dir,
            "no content folder; create it, or run `quire import` to fill it from a seed",
        ));
    }
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden_or_temp(e.file_name()));
    // The walk is cheap; reading and parsing the pages is not, so it runs in parallel after it.
    let mut sources: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                errors.push(Error::file(path, e.to_string()));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_name = entry.path().strip_prefix(content_dir).ok();
        if rel_name.and_then(Path::to_str).is_none() {
            errors.push(Error::file(
                entry.path(),
                "the path is not valid UTF-8, so it cannot become a URL; rename the file or its folder",
            ));
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .expect("walkdir yields paths under its root")
            .to_path_buf();
        if rel.starts_with("_data") {
            let display = content_dir.join(&rel);
            match load_data(entry.path(), &display) {
                Ok((name, value)) => {
                    content.data.insert(name, value);
                }
                Err(e) => errors.push(e),
            }
        } else if rel.extension().is_some_and(|e| e == "md") {
            sources.push((entry.into_path(), rel));
        } else {
            content.assets.push(rel);
        }
    }
    let loaded: Vec<Result<Option<(Page, R)>>> = sources
        .par_iter()
        .map(|(path, rel)| {
            let (page, body) = load_page(path, rel, &content_dir.join(rel))?;
            Ok((drafts || !page.front.draft).then(|| {
                let rendered = render(&page, &body);
                (page, rendered)
            }))
        })
        .collect();
    for page in loaded {
        match page {
            Ok(Some((page, body))) => {
                content.pages.push(page);
                content.bodies.push(body);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    match Error::many(errors) {
        Some(e) => Err(e),
        None => Ok(content),
    }
}

/// Editor droppings never become pages: dotfiles, `file~`, `#file#`, `.swp`, JetBrains `___jb_`.
pub fn is_hidden_or_temp(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
}

fn load_data(path: &Path, display: &Path) -> Result<(String, yaml::Value)> {
    let text = crate::fs::read_to_string(path)?;
    let value: yaml::Value = yaml::parse(&text, display, 0)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, value))
}

/// The page and its Markdown body.
fn load_page(path: &Path, rel: &Path, display: &Path) -> Result<(Page, String)> {
    let text = crate::fs::read_to_string(path).map_err(|e| match e {
        Error::At { place, message } => Error::At {
            place: crate::error::Place {
                path: display.to_path_buf(),
                ..place
            },
            message,
        },
        other => other,
    })?;
    let (front, body, body_line) = parse_page(&text, display)?;
    let is_section = rel.file_name().is_some_and(|n| n == "_index.md");
    let dir = rel.parent().map(crate::url::slash_path).unwrap_or_default();
    let dir_prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let (path, parent) = if is_section {
        let parent = (!dir.is_empty()).then(|| parent_dir(&dir));
        (dir_prefix.clone(), parent)
    } else {
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug = front.slug.clone().unwrap_or(stem);
        (format!("{dir_prefix}{slug}/"), Some(dir_prefix.clone()))
    };
    let page = Page {
        source: rel.to_path_buf(),
        display_path: display.to_path_buf(),
        front,
        body_line,
        is_section,
        path,
        parent,
        description: String::new(),
    };
    Ok((page, body))
}

/// `a/b` → `a/`, `a` → `` (root).
fn parent_dir(dir: &str) -> String {
    match dir.rfind('/') {
        Some(i) => format!("{}/", &dir[..i]),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_are_split() {
        let (fm, body, line) = parse_page(
            "---\ntitle: A\nweight: 3\n---\n\nHello\n",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!((fm.title.as_str(), fm.weight), ("A", 3));
        assert_eq!(body, "\nHello\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn unknown_front_matter_field_is_located() {
        let e =
            parse_page("---\ntitle: A\nautors: x\n---\n", Path::new("content/s.md")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("content/s.md:3:1: unknown field `autors`, expected one of `title`"),
            "{e}"
        );
    }

    #[test]
    fn a_slug_is_one_folder_name() {
        for bad in ["../public", "a/b", "..", ""] {
            let text = format!("---\ntitle: A\nslug: {bad:?}\n---\n");
            let e = parse_page(&text, Path::new("content/a.md")).unwrap_err();
            assert!(
                e.to_string().starts_with("content/a.md:3:1: slug "),
                "{bad}: {e}"
            );
        }
        assert!(parse_page("---\ntitle: A\nslug: session-3\n---\n", Path::new("a.md")).is_ok());
    }

    #[test]
    fn missing_front_matter_says_what_to_do() {
        let e = parse_page("Hello", Path::new("c/a.md")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "c/a.md:1:1: missing front matter: start the file with a `---` line, then `title: …`, then `---`"
        );
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for name in [".a.md.swp", "a.md~", "#a.md#", ".hidden", "a___jb_tmp___"] {
            assert!(is_hidden_or_temp(std::ffi::OsStr::new(name)), "{name}");
        }
        assert!(!is_hidden_or_temp(std::ffi::OsStr::new("session-1.md")));
    }
}
