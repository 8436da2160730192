//! Glossary terms in the text: a page's HTML and the glossary in, the same HTML out with the
//! first use of each term wrapped in `<abbr title="expansion">`. Text inside links, headings,
//! code and existing `<abbr>` is left alone.

/// `(term, expansion)` pairs, e.g. `("CFIUS", "Committee on Foreign Investment in the U.S.")`.
pub type Terms = [(String, String)];

const SKIP: [&str; 10] = [
    "a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "script", "style",
];

pub fn mark_first_use(html: &str, terms: &Terms) -> String {
    if terms.is_empty() {
        return html.to_string();
    }
    let mut used = vec![false; terms.len()];
    let mut out = String::with_capacity(html.len() + 256);
    let mut skip_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            let name: String = tag
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if SKIP.contains(&name.as_str()) && !tag.ends_with("/>") {
                if tag.starts_with("</") {
                    skip_depth = skip_depth.saturating_sub(1);
                } else {
                    skip_depth += 1;
                }
            }
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..end];
        if skip_depth == 0 {
            out.push_str(&mark_text(text, terms, &mut used));
        } else {
            out.push_str(text);
        }
        rest = &rest[end..];
    }
    out
}

/// Wraps the first not-yet-used term in each run of text, at word boundaries.
fn mark_text(text: &str, terms: &Terms, used: &mut [bool]) -> String {
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    for (k, (term, _)) in terms.iter().enumerate() {
        if used[k] || term.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(i) = text[from..].find(term.as_str()).map(|i| i + from) {
            let before = text[..i].chars().next_back();
            let after = text[i + term.len()..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '&');
            if boundary(before) && boundary(after) {
                hits.push((i, i + term.len(), k));
                break;
            }
            from = i + term.len();
        }
    }
    hits.sort();
    let mut out = String::with_capacity(text.len() + 64 * hits.len());
    let mut last = 0;
    for (start, end, k) in hits {
        if start < last || used[k] {
            continue;
        }
        used[k] = true;
        out.push_str(&text[last..start]);
        out.push_str(&format!(
            "<abbr title=\"{}\">{}</abbr>",
            crate::escape::html_attr(&terms[k].1),
            &text[start..end]
        ));
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<(String, String)> {
        vec![
            ("US".into(), "United States".into()),
            ("USG".into(), "US government".into()),
        ]
    }

    #[test]
    fn only_the_first_use_is_marked() {
        assert_eq!(
            mark_first_use("<p>The US and the USG; the US again.</p>", &terms()),
            "<p>The <abbr title=\"United States\">US</abbr> and the <abbr title=\"US government\">USG</abbr>; the US again.</p>"
        );
    }

    #[test]
    fn links_headings_and_code_are_left_alone() {
        assert_eq!(
            mark_first_use("<h2 id=\"us\">US</h2><p><a href=\"x\">US</a> <code>US</code> US</p>", &terms()),
            "<h2 id=\"us\">US</h2><p><a href=\"x\">US</a> <code>US</code> <abbr title=\"United States\">US</abbr></p>"
        );
    }

    #[test]
    fn terms_inside_words_are_not_marked() {
        assert_eq!(
            mark_first_use("<p>USB and BUS</p>", &terms()),
            "<p>USB and BUS</p>"
        );
    }
}
