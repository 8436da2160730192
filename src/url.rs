//! Site URLs, shared by every room that writes a link: a page's folder URL, its absolute
//! permalink, the relative way from one page to another, and a relative link joined to the
//! folder it was written in.

use crate::escape;
use std::path::Path;

/// A path with `/` between its parts, as output paths, source keys and URLs are written: the one
/// place a path becomes such a string. Built from the path's parts, not by replacing `\\`, which
/// on Unix is a letter of a file name (`a\\b.md` is one file there, not `a/b.md`).
pub fn slash_path(path: &Path) -> String {
    use std::path::Component;
    let mut out = String::new();
    for part in path.components() {
        let text = match part {
            Component::Prefix(p) => p.as_os_str().to_string_lossy(),
            Component::RootDir => {
                out.push('/');
                continue;
            }
            Component::CurDir => ".".into(),
            Component::ParentDir => "..".into(),
            Component::Normal(name) => name.to_string_lossy(),
        };
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&text);
    }
    out
}

/// Joins a relative link to the folder it was written in; `None` if it climbs out of the root.
pub fn normalize(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The relative URL from the page at folder `from` (`a/b/`) to the root-relative `to` (`c/`).
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    format!("{}{to}", "../".repeat(depth))
}

/// A page's folder URL, percent-encoded (`what%3F/`), or its `index.html` when links must work
/// from `file://`.
pub fn link_path(path: &str, file_urls: bool) -> String {
    let url = escape::url_path(path);
    if file_urls {
        format!("{url}index.html")
    } else {
        url
    }
}

/// A page's absolute URL: `base_url` and its percent-encoded path.
pub fn permalink(base_url: &str, path: &str) -> String {
    format!("{base_url}{}", escape::url_path(path))
}

/// `./` for the home page, `../` per folder level below it.
pub fn root_prefix(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_with_slashes_from_their_parts() {
        assert_eq!(slash_path(Path::new("a/b/c.md")), "a/b/c.md");
        assert_eq!(slash_path(Path::new("/tmp/x.txt")), "/tmp/x.txt");
        assert_eq!(slash_path(Path::new("./site.yaml")), "./site.yaml");
        assert_eq!(slash_path(Path::new("../a/")), "../a");
        // On Unix a backslash is part of a name: the file stays one file, not a folder and a file.
        #[cfg(unix)]
        assert_eq!(slash_path(Path::new("a/b\\c.md")), "a/b\\c.md");
    }

    #[test]
    fn normalize_joins_and_refuses_to_climb_out() {
        assert_eq!(normalize("a/b", "../c.md"), Some("a/c.md".into()));
        assert_eq!(normalize("", "./x/y.png"), Some("x/y.png".into()));
        assert_eq!(normalize("", "../x.md"), None);
    }

    #[test]
    fn relative_urls_climb_to_the_root() {
        assert_eq!(relative("a/b/", "c/"), "../../c/");
        assert_eq!(relative("", "c/"), "c/");
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("s1/p1/"), "../../");
    }
}
