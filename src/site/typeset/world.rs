//! What Typst may see while it typesets the proceedings: the template's files, the site as one
//! JSON file, the fonts compiled into the binary (and any the template ships), and the build's
//! date. Nothing from the disk, the network or the clock, so every machine makes the same PDF.

use super::template::{Template, MAIN};
use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Where the template finds the site: `json("/quire/proceedings.json")`.
pub const DATA: &str = "/quire/proceedings.json";

/// Typst's standard library, made once per process.
static LIBRARY: LazyLock<LazyHash<Library>> =
    LazyLock::new(|| LazyHash::new(<Library as LibraryExt>::default()));

/// The fonts of `typst-assets` (Libertinus Serif, New Computer Modern, DejaVu Sans Mono …),
/// parsed once per process.
static EMBEDDED: LazyLock<Vec<Font>> = LazyLock::new(|| {
    typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
});

pub struct Quire {
    /// Template files by virtual path (`/main.typ`), each as a source or as bytes.
    files: std::collections::BTreeMap<String, (Option<Source>, Bytes)>,
    main: FileId,
    data: Bytes,
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
    today: Option<Datetime>,
}

impl Quire {
    pub fn new(template: &Template, data: Vec<u8>, today: Option<Datetime>) -> Quire {
        let files = template
            .files
            .iter()
            .map(|(name, file)| {
                let vpath = format!("/{name}");
                let id = FileId::new(None, VirtualPath::new(&vpath));
                let source = name
                    .ends_with(".typ")
                    .then(|| std::str::from_utf8(&file.bytes).ok())
                    .flatten()
                    .map(|text| Source::new(id, text.to_string()));
                (vpath, (source, Bytes::new(file.bytes.clone())))
            })
            .collect();
        let mut fonts = EMBEDDED.clone();
        fonts.extend(
            template
                .fonts()
                .flat_map(|data| Font::iter(Bytes::new(data.to_vec()))),
        );
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Quire {
            files,
            main: FileId::new(None, VirtualPath::new(format!("/{MAIN}"))),
            data: Bytes::new(data),
            fonts,
            book,
            today,
        }
    }

    fn vpath(id: FileId) -> FileResult<String> {
        if id.package().is_some() {
            // Packages would be downloaded; a template that needs one must ship its files.
            return Err(FileError::Other(Some(
                "packages are not available to Quire's PDF template; copy the package's files into the theme's pdf/ folder and import them by path".into(),
            )));
        }
        Ok(id
            .vpath()
            .as_rooted_path()
            .to_string_lossy()
            .replace('\\', "/"))
    }
}

impl World for Quire {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let path = Self::vpath(id)?;
        match self.files.get(&path) {
            Some((Some(source), _)) => Ok(source.clone()),
            Some((None, _)) => Err(FileError::NotSource),
            None => Err(FileError::NotFound(path.into())),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = Self::vpath(id)?;
        if path == DATA {
            return Ok(self.data.clone());
        }
        self.files
            .get(&path)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| FileError::NotFound(path.into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// The build's date, never the clock's; `offset` is ignored since the date is a day.
    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        self.today
    }
}
