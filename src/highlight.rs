//! Code highlighting with syntect: fenced code in, HTML with CSS classes out (so the theme owns
//! the colours), and the stylesheet for a light and a dark scheme. The syntax and theme sets are
//! loaded the first time a page has code, never at start-up.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre class="code" data-lang="rust"><code>…</code></pre>`; unknown languages stay plain text.
pub fn code_html(lang: &str, code: &str) -> String {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| set.find_syntax_plain_text());
    let mut state = LineState {
        parse: ParseState::new(syntax),
        scopes: ScopeStack::new(),
    };
    let mut html = String::with_capacity(code.len() * 4);
    let mut open_spans: isize = 0;
    let highlighted = LINES.with_borrow_mut(|memo| {
        for line in LinesWithEndings::from(code) {
            // A line syntect cannot parse is shown unhighlighted rather than failing the build.
            let (spans, delta) = memo.highlight(&mut state, line, set).ok()?;
            html.push_str(&spans);
            open_spans += delta;
        }
        Some(())
    });
    if highlighted.is_none() {
        return plain(lang, code);
    }
    for _ in 0..open_spans.max(0) {
        html.push_str("</span>");
    }
    let lang_attr = crate::escape::html_attr(lang);
    format!(
        "<pre class=\"code\" data-lang=\"{lang_attr}\" tabindex=\"0\"><code>{html}</code></pre>\n"
    )
}

/// Everything the highlighted HTML of the next line depends on besides its text.
#[derive(Clone, PartialEq, Eq)]
struct LineState {
    parse: ParseState,
    scopes: ScopeStack,
}

thread_local! {
    static LINES: std::cell::RefCell<LineMemo> = std::cell::RefCell::new(LineMemo::default());
}

/// Highlighted lines remembered by text and the state they were parsed in. Code in proceedings
/// repeats lines (imports, braces, blank lines, boilerplate shared by a paper's listings), and
/// syntect's regex matching costs tens of microseconds a line; a line met again in the same
/// state is highlighted identically, so it is looked up instead. Per thread, so no locking;
/// bounded, so a site with much code cannot grow it without limit.
#[derive(Default)]
struct LineMemo {
    lines: HashMap<String, Vec<MemoEntry>>,
    entries: usize,
}

struct MemoEntry {
    before: LineState,
    after: LineState,
    spans: Rc<str>,
    delta: isize,
}

/// A line's versions in different states kept at most; a blank line appears in many.
const STATES_PER_LINE: usize = 8;
/// Longer lines (minified code, data) are not remembered: they rarely recur, and would make an
/// entry's size unbounded.
const MEMO_LINE: usize = 512;
/// Entries kept in all before the memo starts afresh: an entry (a line, its HTML and two parser
/// states) is about a kilobyte for typical code and a few at most, so this bounds the memo near
/// 10 MB per thread, 40 MB at worst.
const MEMO_ENTRIES: usize = 10_000;

impl LineMemo {
    /// The line's HTML spans and how many spans it leaves open; advances `state` past it.
    fn highlight(
        &mut self,
        state: &mut LineState,
        line: &str,
        set: &SyntaxSet,
    ) -> Result<(Rc<str>, isize), syntect::Error> {
        if let Some(hit) = self
            .lines
            .get(line)
            .and_then(|entries| entries.iter().find(|e| e.before == *state))
        {
            *state = hit.after.clone();
            return Ok((hit.spans.clone(), hit.delta));
        }
        let before = state.clone();
        let ops = state.parse.parse_line(line, set)?;
        let (spans, delta) = line_tokens_to_classed_spans(line, &ops, STYLE, &mut state.scopes)?;
        let spans: Rc<str> = spans.into();
        if line.len() > MEMO_LINE {
            return Ok((spans, delta));
        }
        if self.entries >= MEMO_ENTRIES {
            self.lines.clear();
            self.entries = 0;
        }
        let entries = self.lines.entry(line.to_string()).or_default();
        if entries.len() >= STATES_PER_LINE {
            entries.remove(0);
            self.entries -= 1;
        }
        entries.push(MemoEntry {
            before,
            after: state.clone(),
            spans: spans.clone(),
            delta,
        });
        self.entries += 1;
        Ok((spans, delta))
    }
}

fn plain(lang: &str, code: &str) -> String {
    format!(
        "<pre class=\"code\" data-lang=\"{}\" tabindex=\"0\"><code>{}</code></pre>\n",
        crate::escape::html_attr(lang),
        crate::escape::html_text(code)
    )
}

/// The stylesheet: the light theme, and the dark one for `prefers-color-scheme: dark` and for
/// an explicit `data-theme="dark"` on the root element.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light =
        css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], STYLE).unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], STYLE)
        .unwrap_or_default();
    format!(
        "/* Generated by quire from syntect themes. */\n{light}\n@media (prefers-color-scheme: dark) {{\n{}}}\n{}",
        scope_rules(&dark, ":root:not([data-theme=\"light\"])"),
        scope_rules(&dark, ":root[data-theme=\"dark\"]")
    )
}

/// Puts `scope ` in front of every selector of every rule (`a, b { … }` → `S a, S b { … }`).
fn scope_rules(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| i + open) else {
            break;
        };
        let selectors = strip_comments(&rest[..open]);
        let scoped: Vec<String> = selectors
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("{scope} {s}"))
            .collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(",\n"));
            out.push_str(&rest[open..=close]);
            out.push('\n');
        }
        rest = &rest[close + 1..];
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_code_gets_classes() {
        let html = code_html("rust", "fn main() {}\n");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"rust\" tabindex=\"0\"><code>"));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn dark_rules_are_scoped_selector_by_selector() {
        let css = "/* c */\n.hl-a.hl-b, .hl-c {\n color: red;\n}\n.hl-d { x: y; }";
        assert_eq!(
            scope_rules(css, ":root[data-theme=\"dark\"]"),
            ":root[data-theme=\"dark\"] .hl-a.hl-b,\n:root[data-theme=\"dark\"] .hl-c{\n color: red;\n}\n:root[data-theme=\"dark\"] .hl-d{ x: y; }\n"
        );
    }

    /// What syntect's own generator makes of `code`, without the memo.
    fn unmemoised(lang: &str, code: &str) -> String {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang).unwrap();
        let mut generator =
            syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        generator.finalize()
    }

    #[test]
    fn remembered_lines_highlight_exactly_like_syntect() {
        // The same lines recur inside and outside a string and a comment, so a lookup that
        // ignored the parse state would colour them wrongly.
        let samples = [
            ("python", "x = 1\ns = \"\"\"\nx = 1\n\"\"\"\nx = 1\n"),
            (
                "rust",
                "fn a() {\n    let x = 1;\n}\n/*\n    let x = 1;\n}\n*/\n    let x = 1;\n",
            ),
            ("rust", "let s = \"unterminated\n"),
            (
                "python",
                "def f():\n    return 1\n\n\ndef f():\n    return 1\n",
            ),
        ];
        for _ in 0..2 {
            for (lang, code) in samples {
                let html = code_html(lang, code);
                let inner = html
                    .split_once("<code>")
                    .and_then(|(_, rest)| rest.rsplit_once("</code>"))
                    .unwrap()
                    .0;
                assert_eq!(inner, unmemoised(lang, code), "{lang}: {code:?}");
            }
        }
    }

    #[test]
    fn long_lines_are_highlighted_but_not_remembered() {
        let long = format!("let data = \"{}\";\n", "x".repeat(MEMO_LINE));
        let short = "let y = 2;\n";
        let html = code_html("rust", &format!("{long}{short}"));
        assert!(html.contains("xxxx") && html.contains("hl-"), "{html}");
        LINES.with_borrow(|memo| {
            assert!(!memo.lines.contains_key(long.as_str()));
            assert!(memo.lines.contains_key(short));
        });
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = code_html("nosuchlang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"));
    }
}
