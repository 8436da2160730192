//! The machine-read files of a build: `sitemap.xml`, `robots.txt` and the Atom feed `atom.xml`.
//! They carry absolute URLs from `base_url`; dates come from the content or SOURCE_DATE_EPOCH.

use crate::config::Config;
use crate::escape::xml as xml_escape;
use crate::page::Page;
use crate::url::permalink;
use std::collections::BTreeMap;

/// When a page last changed: its file's last commit (`changed`, from git), else its own
/// `date`, else none.
fn last_change(page: &Page, changed: &BTreeMap<String, i64>) -> Option<String> {
    changed
        .get(&crate::url::slash_path(&page.source))
        .map(|&secs| rfc3339_from_epoch(secs))
        .or_else(|| page.front.date.as_ref().map(|d| format!("{d}T00:00:00Z")))
}

/// Every page, and the pages the build makes that readers search for (`extra`, e.g. the
/// glossary), each with the day it last changed when known.
pub fn sitemap<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    config: &Config,
    changed: &BTreeMap<String, i64>,
    extra: &[&str],
) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entries: Vec<(&str, Option<String>)> = pages
        .into_iter()
        .map(|p| (p.path.as_str(), last_change(p, changed)))
        .chain(extra.iter().map(|&e| (e, None)))
        .collect();
    entries.sort();
    for (path, day) in entries {
        let lastmod = day
            .map(|d| format!("<lastmod>{}</lastmod>", &d[..10]))
            .unwrap_or_default();
        out.push_str(&format!(
            "  <url><loc>{}</loc>{lastmod}</url>\n",
            xml_escape(&permalink(&config.base_url, path))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
        config.base_url
    )
}

/// One entry per page that is not a section, in reading order, each updated when its file last
/// changed and written by its speakers.
pub fn atom<'a>(
    pages: impl IntoIterator<Item = &'a Page>,
    config: &Config,
    updated: &str,
    changed: &BTreeMap<String, i64>,
) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n",
        xml_escape(&config.language),
        xml_escape(&config.title),
        xml_escape(&config.base_url),
        xml_escape(&config.base_url),
        xml_escape(&config.base_url),
    );
    if let Some(p) = &config.publisher {
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            xml_escape(p)
        ));
    }
    for page in pages.into_iter().filter(|p| !p.is_section) {
        let url = permalink(&config.base_url, &page.path);
        let date = last_change(page, changed).unwrap_or_else(|| updated.to_string());
        let authors: String = page
            .front
            .speakers
            .iter()
            .map(|s| {
                let name = crate::names::strip_honorific(s);
                format!("    <author><name>{}</name></author>\n", xml_escape(name))
            })
            .collect();
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\"/>\n    <id>{}</id>\n    <updated>{date}</updated>\n{authors}    <summary>{}</summary>\n  </entry>\n",
            xml_escape(&page.front.title),
            xml_escape(&url),
            xml_escape(&url),
            xml_escape(&page.description)
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// Seconds since 1970 → `YYYY-MM-DDTHH:MM:SSZ` (proleptic Gregorian, UTC).
pub fn rfc3339_from_epoch(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_formats_as_rfc3339() {
        assert_eq!(rfc3339_from_epoch(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_epoch(1_699_574_400), "2023-11-10T00:00:00Z");
        assert_eq!(rfc3339_from_epoch(951_782_400), "2000-02-29T00:00:00Z");
    }
}
