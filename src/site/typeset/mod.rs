//! The proceedings as one typeset PDF (`proceedings.pdf`), made with Typst as a library: the
//! site becomes one JSON document (`data`, pages converted by `doc`), the theme's Typst template
//! (`template`) sets it, in a `World` that sees only those, the embedded fonts and the build's
//! date (`world`), and `typst-pdf` writes a tagged PDF/A-2b. Behind the `pdf` cargo feature.

/// Where the PDF is written, under the output folder.
pub const PDF_PATH: &str = "proceedings.pdf";

/// Sites larger than this get no PDF, as they get no print edition: tens of thousands of
/// pages in one file serve no reader, and would take minutes to typeset.
pub const PDF_LIMIT: usize = crate::site::PRINT_LIMIT;

/// Whether this build makes the PDF: compiled in, not switched off by `pdf: false` in
/// site.yaml or `--no-pdf`, and a site of at most `PDF_LIMIT` pages.
pub fn wanted(config: &crate::config::Config, no_pdf: bool, pages: usize) -> bool {
    cfg!(feature = "pdf") && config.pdf && !no_pdf && pages <= PDF_LIMIT
}

/// What the build says about the PDF it did not make though site.yaml asks for one.
pub fn warnings(site: &crate::site::Site) -> Vec<String> {
    let over = cfg!(feature = "pdf")
        && site.config().pdf
        && !site.options().no_pdf
        && site.len() > PDF_LIMIT;
    over.then(|| {
        format!(
            "no proceedings.pdf: the site has {} pages, more than the {PDF_LIMIT} one PDF is made for; set `pdf: false` in site.yaml to silence this",
            site.len()
        )
    })
    .into_iter()
    .collect()
}

/// Each page's heading ids in order, as the HTML gave them out: the PDF's labels, so links to
/// `page.md#heading` land where they do on the site.
pub fn heading_ids(site: &crate::site::Site) -> Vec<Vec<String>> {
    site.entries()
        .iter()
        .map(|e| e.doc.toc.iter().map(|h| h.id.clone()).collect())
        .collect()
}

#[cfg(feature = "pdf")]
mod data;
#[cfg(feature = "pdf")]
mod doc;
#[cfg(feature = "pdf")]
mod template;
#[cfg(feature = "pdf")]
mod world;

#[cfg(feature = "pdf")]
pub use compile::render;

/// Without the `pdf` feature no build asks for a PDF (`wanted` is false); `serve` still may.
#[cfg(not(feature = "pdf"))]
pub fn render(_site: &crate::site::Site, _heading_ids: &[Vec<String>]) -> crate::Result<Vec<u8>> {
    Err(crate::Error::Message(
        "this quire was built without the `pdf` feature".into(),
    ))
}

#[cfg(feature = "pdf")]
mod compile {
    use super::template::Template;
    use super::world::Quire;
    use crate::error::{Error, Result};
    use crate::site::Site;
    use typst::diag::{Severity, SourceDiagnostic};
    use typst::foundations::{Datetime, Smart};
    use typst::layout::PagedDocument;
    use typst::World;
    use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

    /// Typesets the site: the PDF's bytes, or the template's errors located in its files.
    /// `heading_ids` are each page's heading ids, in the order of `site.pages`.
    pub fn render(site: &Site, heading_ids: &[Vec<String>]) -> Result<Vec<u8>> {
        let template = Template::load(&site.options().root, &site.config().theme)?;
        let document = super::data::document(site, heading_ids)?;
        let json = serde_json::to_vec(&document).map_err(|e| Error::Message(e.to_string()))?;
        let date = build_datetime(site);
        let today = date.and_then(|d| Datetime::from_ymd(d.year()?, d.month()?, d.day()?));
        let world = Quire::new(&template, json, today);
        let compiled = typst::compile::<PagedDocument>(&world).output;
        let result = compiled.and_then(|doc| {
            let standards = PdfStandards::new(&[PdfStandard::A_2b])
                .expect("PDF/A-2b alone is a valid set of standards");
            let options = PdfOptions {
                // Stable across builds of the same site, so the document ID is too.
                ident: Smart::Custom(site.config().base_url.as_str()),
                timestamp: date.map(Timestamp::new_utc),
                page_ranges: None,
                standards,
                tagged: true,
            };
            typst_pdf::pdf(&doc, &options)
        });
        // Typst memoises across compilations; `serve` compiles again and again.
        typst::comemo::evict(10);
        result.map_err(|diags| located(&world, &template, &diags))
    }

    /// The build's date (SOURCE_DATE_EPOCH or the last commit), else the site's date: the PDF's
    /// creation date and Typst's `datetime.today()`, never the clock.
    fn build_datetime(site: &Site) -> Option<Datetime> {
        if let Some(secs) = site.stamp().epoch {
            let t = jiff::Timestamp::from_second(secs).ok()?;
            let z = t.to_zoned(jiff::tz::TimeZone::UTC);
            return Datetime::from_ymd_hms(
                z.year().into(),
                z.month() as u8,
                z.day() as u8,
                z.hour() as u8,
                z.minute() as u8,
                z.second() as u8,
            );
        }
        let date = site.config().date.as_deref().unwrap_or("1970-01-01");
        let mut parts = date.split('-').map(|n| n.parse::<i32>().ok());
        let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
        Datetime::from_ymd_hms(y, m as u8, d as u8, 0, 0, 0)
    }

    /// Typst's errors as Quire's: `path:line:col: PDF template: message (hint: …)`, at the
    /// template file and place the error names, else at the innermost template call that led
    /// to it, else at the template's main file.
    fn located(world: &Quire, template: &Template, diags: &[SourceDiagnostic]) -> Error {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let mut message = format!("PDF template: {}", d.message);
                for hint in &d.hints {
                    message.push_str(&format!(" (hint: {hint})"));
                }
                let spans = std::iter::once(d.span).chain(d.trace.iter().map(|t| t.span));
                for span in spans {
                    let Some(id) = span.id() else { continue };
                    let Ok(source) = world.source(id) else {
                        continue;
                    };
                    let Some(range) = source.range(span) else {
                        continue;
                    };
                    let name = id
                        .vpath()
                        .as_rootless_path()
                        .to_string_lossy()
                        .replace('\\', "/");
                    let Some(file) = template.files.get(&name) else {
                        continue;
                    };
                    let (line, col) = source
                        .lines()
                        .byte_to_line_column(range.start)
                        .unwrap_or((0, 0));
                    return Error::at(&file.shown, line + 1, Some(col + 1), message);
                }
                let main = &template.files[super::template::MAIN].shown;
                Error::file(main, message)
            })
            .collect();
        Error::many(errors).unwrap_or_else(|| Error::Message("PDF template: failed".into()))
    }
}
