//! One escaping rule per output language, each in one place: HTML text, HTML attribute values,
//! JSON inside a `<script>` element, XML, BibTeX and URL paths. Every string that comes from
//! content (titles, headings, file names, speakers) and lands in an output goes through one of
//! these; `tests/hostile.rs` builds a site out of hostile strings to hold them to it.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use std::borrow::Cow;

/// HTML element text: `&`, `<`, `>` escaped.
pub fn html_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut out, s);
    out
}

/// A double- or single-quoted HTML attribute value: `&`, `<`, `>`, `"`, `'` escaped.
pub fn html_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// The inverse of `html_attr` (and of `html_text`): the five references they write, decoded.
/// Other references are left as they are; Quire never writes them.
pub fn html_unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((e, c)) => {
                out.push(*c);
                rest = &rest[e.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The references `html_attr` writes, with the characters they stand for.
pub const ENTITIES: [(&str, char); 5] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
];

/// JSON text made safe to put inside a `<script>` element (inline or a `.js` file): `<`, `>`
/// and `&` as `\u003c` etc., so no `</script>`, `<!--` or `]]>` can occur, and U+2028/U+2029,
/// which end a line in older JavaScript, as `\u2028`/`\u2029`. Outside strings JSON has none
/// of these characters, so the replacement only ever lands inside a string, where it means the
/// same character.
pub fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    // Whole runs without `<`, `>`, `&` or the lead byte of U+2028/U+2029 are copied at once:
    // the search index of a large page is megabytes.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2))
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out.push_str(rest);
    out
}

/// `value` serialised as JSON for a `<script>` element (see `json_for_script`).
pub fn script_json<T: serde::Serialize>(value: &T) -> String {
    json_for_script(&serde_json::to_string(value).unwrap_or_default())
}

/// XML text or attribute value: markup characters escaped, and the characters XML 1.0 forbids
/// (C0 controls other than tab, newline and carriage return; U+FFFE, U+FFFF) replaced by U+FFFD,
/// since no escape can carry them and a feed reader rejects the whole file for one.
pub fn xml(s: &str) -> String {
    let escaped = html_attr(s);
    if escaped.chars().all(xml_allowed) {
        return escaped;
    }
    escaped
        .chars()
        .map(|c| if xml_allowed(c) { c } else { '\u{FFFD}' })
        .collect()
}

fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// A BibTeX field value (inside `{…}`), for BibTeX and LaTeX alike: the LaTeX special
/// characters written as commands, braces as `\textbraceleft{}`/`\textbraceright{}` (BibTeX
/// counts every brace, escaped or not, so `\{` could still close the field), and control
/// characters dropped. The result's braces are always balanced.
pub fn bibtex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '#' | '$' | '%' | '&' | '_' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A URL for a BibTeX `url` field, which biblatex reads verbatim: only the characters that
/// would unbalance the field (braces, backslash) percent-encoded.
pub fn bibtex_url(url: &str) -> String {
    url.replace('\\', "%5C")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

/// What must be percent-encoded in one path segment: controls, space, and everything that
/// would end the segment or the path (`/ ? #`), start an escape (`%`), or is not allowed in a
/// URL at all (`" < > \ ^ ` { | }`); and `&`, `'`, so that a URL reads the same inside an HTML
/// attribute as outside (templates compare them). Non-ASCII is always encoded, as UTF-8.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A root-relative path (`s1/what?/`) as a URL path (`s1/what%3F/`): each segment
/// percent-encoded, the `/` between them kept. Every href, permalink and feed URL of a page or
/// file goes through here; the output file itself keeps the plain name.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, SEGMENT));
    }
    out
}

/// A `#fragment` (a heading id) for a URL, encoded like a path segment.
pub fn url_fragment(fragment: &str) -> String {
    utf8_percent_encode(fragment, SEGMENT).to_string()
}

/// A link as written in Markdown (`what%3F.md`) decoded to the file name it means (`what?.md`);
/// invalid UTF-8 after decoding is replaced, not an error.
pub fn url_decode(s: &str) -> Cow<'_, str> {
    percent_decode_str(s).decode_utf8_lossy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_round_trips() {
        let s = "\"><img src=x onerror=alert(1)> & 'q'";
        assert_eq!(
            html_attr(s),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;"
        );
        assert_eq!(html_text("a < b & \"c\""), "a &lt; b &amp; \"c\"");
        assert_eq!(html_unescape(&html_attr(s)), s);
        assert_eq!(html_unescape("&amp;amp; &copy;"), "&amp; &copy;");
    }

    #[test]
    fn json_for_a_script_has_no_markup_and_parses_back() {
        let s = "<!--<script></script>]]>&\u{2028}\u{2029}";
        let out = script_json(&serde_json::json!({ "t": s }));
        assert!(
            !out.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["t"], s);
    }

    #[test]
    fn xml_drops_nothing_but_what_xml_forbids() {
        assert_eq!(xml("a\u{7}b]]>\t\u{2028}"), "a\u{FFFD}b]]&gt;\t\u{2028}");
        assert_eq!(xml("\u{0}\u{FFFE}"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn bibtex_values_keep_their_braces_balanced() {
        assert_eq!(
            bibtex("A}, note = {INJECTED"),
            "A\\textbraceright{}, note = \\textbraceleft{}INJECTED"
        );
        assert_eq!(
            bibtex("50% of $5 & #1_a~b^c\\d\u{7}"),
            "50\\% of \\$5 \\& \\#1\\_a\\textasciitilde{}b\\textasciicircum{}c\\textbackslash{}d"
        );
        for s in ["{unbalanced", "}}}", "\\{"] {
            let mut depth = 0i32;
            for c in bibtex(s).chars() {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                assert!(depth >= 0, "{s}");
            }
            assert_eq!(depth, 0, "{s}");
        }
        assert_eq!(
            bibtex_url("https://x.org/{a}\\"),
            "https://x.org/%7Ba%7D%5C"
        );
    }

    #[test]
    fn url_paths_are_encoded_per_segment_and_decode_back() {
        assert_eq!(
            url_path("s1/what?/hash#tag/100%/a b/café/"),
            "s1/what%3F/hash%23tag/100%25/a%20b/caf%C3%A9/"
        );
        assert_eq!(url_path("session-3/"), "session-3/");
        assert_eq!(url_decode("what%3F.md"), "what?.md");
        assert_eq!(url_decode("100%.md"), "100%.md");
        assert_eq!(url_fragment("a b"), "a%20b");
    }
}
