//! Embeds the default theme: every file under themes/proceedings/ becomes an entry of
//! `THEME_FILES` in `$OUT_DIR/default_theme.rs`, so the binary builds sites without a themes/
//! folder and `themes/proceedings/` stays the theme's only source.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let theme = root.join("themes/proceedings");
    println!("cargo:rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    let mut out = String::from("/// `(path relative to the theme folder, bytes)`, sorted by path.\npub const THEME_FILES: &[(&str, &[u8])] = &[\n");
    for (rel, full) in &files {
        println!("cargo:rerun-if-changed={}", full.display());
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            full.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("default_theme.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
            continue;
        }
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(base, &path, files);
        } else {
            let rel = path
                .strip_prefix(base)
                .expect("under the theme folder")
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, path));
        }
    }
}
