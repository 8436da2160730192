//! The document's title, author and date from its info dictionary, or else from its XMP
//! metadata stream.

use lopdf::{Document, Object};

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub author: Option<String>,
    /// `YYYY-MM-DD` (or as much of it as the PDF gives).
    pub date: Option<String>,
}

/// XMP packets larger than this are not read.
const MAX_XMP_BYTES: usize = 1024 * 1024;

pub fn read(doc: &Document) -> Metadata {
    let info = doc
        .trailer
        .get_deref(b"Info", doc)
        .and_then(Object::as_dict)
        .ok();
    let field = |key: &[u8]| {
        info.and_then(|d| d.get_deref(key, doc).ok())
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let xmp = xmp(doc).unwrap_or_default();
    Metadata {
        title: field(b"Title").or_else(|| xmp_value(&xmp, "dc:title")),
        author: field(b"Author").or_else(|| xmp_value(&xmp, "dc:creator")),
        date: field(b"CreationDate")
            .and_then(|d| pdf_date(&d))
            .or_else(|| xmp_value(&xmp, "xmp:CreateDate").map(|d| d.chars().take(10).collect())),
    }
}

fn xmp(doc: &Document) -> Option<String> {
    let stream = doc
        .catalog()
        .ok()?
        .get_deref(b"Metadata", doc)
        .ok()?
        .as_stream()
        .ok()?;
    let bytes = stream.get_plain_content_with_limit(MAX_XMP_BYTES).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The text of an XMP property: either its element text or its first `rdf:li`; entities kept
/// as written except the five XML ones.
fn xmp_value(xmp: &str, tag: &str) -> Option<String> {
    let start = xmp.find(&format!("<{tag}"))?;
    let body = &xmp[start..];
    let end = body.find(&format!("</{tag}>"))?;
    let body = &body[..end];
    let inner = match body.find("<rdf:li") {
        Some(li) => {
            let li = &body[li..];
            let open = li.find('>')? + 1;
            let close = li.find("</rdf:li>")?;
            li.get(open..close)?
        }
        None => &body[body.find('>')? + 1..],
    };
    let text = inner
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let text = text.trim();
    (!text.is_empty() && !text.contains('<')).then(|| text.to_string())
}

/// `D:20200115103000-07'00'` → `2020-01-15`.
fn pdf_date(d: &str) -> Option<String> {
    let digits: String = d
        .trim_start_matches("D:")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.len() {
        8.. => Some(format!(
            "{}-{}-{}",
            &digits[..4],
            &digits[4..6],
            &digits[6..8]
        )),
        6 | 7 => Some(format!("{}-{}", &digits[..4], &digits[4..6])),
        4 | 5 => Some(digits[..4].to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_xmp_values() {
        assert_eq!(
            pdf_date("D:20200115103000-07'00'").as_deref(),
            Some("2020-01-15")
        );
        assert_eq!(pdf_date("D:2019").as_deref(), Some("2019"));
        assert_eq!(pdf_date("yesterday"), None);
        let xmp = r#"<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B</rdf:li></rdf:Alt></dc:title><xmp:CreateDate>2016-03-01T10:00:00Z</xmp:CreateDate>"#;
        assert_eq!(xmp_value(xmp, "dc:title").as_deref(), Some("A & B"));
        assert_eq!(
            xmp_value(xmp, "xmp:CreateDate").as_deref(),
            Some("2016-03-01T10:00:00Z")
        );
        assert_eq!(xmp_value(xmp, "dc:creator"), None);
    }
}
