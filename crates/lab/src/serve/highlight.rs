//! Code highlighting for the answers' code blocks, written by hand.
//!
//! The choice: syntect (the highlighter rustdoc-like tools use) knows hundreds of
//! languages from Sublime Text grammars, but it pulls in a regex engine and a bundled
//! syntax set that add tens of seconds to a cold build of `lab`, which every learner
//! pays. The answers use five languages (rust, sql, sh, toml, json, plus `http` and
//! `text` shown plain) and need four colours: keywords, strings, comments and numbers.
//! A one-pass scanner does that in about a hundred lines. What it gives up: nested
//! constructs (string interpolation, raw strings with `#`s, nested block comments) are
//! coloured approximately, which only ever mis-colours, never hides, code.
//!
//! Every character of the input ends up in the output escaped; the only markup added is
//! `<span class="…">` around tokens.

use super::html::escape;

/// The token classes, named as the CSS classes that colour them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Keyword,
    Str,
    Comment,
    Number,
}

impl Class {
    fn css(self) -> &'static str {
        match self {
            Class::Keyword => "kw",
            Class::Str => "st",
            Class::Comment => "cm",
            Class::Number => "nu",
        }
    }
}

/// What a language looks like to the scanner.
struct Language {
    keywords: &'static [&'static str],
    /// Whether keywords match regardless of case (SQL).
    any_case: bool,
    line_comments: &'static [&'static str],
    block_comment: Option<(&'static str, &'static str)>,
    quotes: &'static [char],
}

const RUST: Language = Language {
    keywords: &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
        "true", "type", "unsafe", "use", "where", "while", "Some", "None", "Ok", "Err",
    ],
    any_case: false,
    line_comments: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"'],
};

const SQL: Language = Language {
    keywords: &[
        "select",
        "from",
        "where",
        "insert",
        "into",
        "values",
        "update",
        "set",
        "delete",
        "create",
        "table",
        "index",
        "on",
        "primary",
        "key",
        "references",
        "join",
        "left",
        "inner",
        "group",
        "by",
        "order",
        "limit",
        "and",
        "or",
        "not",
        "null",
        "begin",
        "commit",
        "rollback",
        "transaction",
        "isolation",
        "level",
        "explain",
        "query",
        "plan",
        "as",
        "unique",
        "foreign",
        "default",
        "integer",
        "text",
        "using",
        "for",
        "with",
        "read",
        "committed",
        "serializable",
        "repeatable",
        "if",
        "exists",
        "count",
        "asc",
        "desc",
        "between",
        "in",
        "is",
        "like",
    ],
    any_case: true,
    line_comments: &["--"],
    block_comment: Some(("/*", "*/")),
    quotes: &['\'', '"'],
};

const SHELL: Language = Language {
    keywords: &[
        "if", "then", "else", "fi", "for", "do", "done", "while", "case", "esac", "export",
        "cargo", "echo", "cd", "set",
    ],
    any_case: false,
    line_comments: &["#"],
    block_comment: None,
    quotes: &['\'', '"'],
};

const TOML: Language = Language {
    keywords: &["true", "false"],
    any_case: false,
    line_comments: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
};

const JSON: Language = Language {
    keywords: &["true", "false", "null"],
    any_case: false,
    line_comments: &[],
    block_comment: None,
    quotes: &['"'],
};

/// `code` as escaped HTML with its tokens wrapped in `<span class="kw|st|cm|nu">`, for
/// the fenced block's `language` (its info string's first word). Unknown languages and
/// `text` come back escaped and uncoloured.
pub fn highlight(code: &str, language: &str) -> String {
    let language = match language.to_ascii_lowercase().as_str() {
        "rust" | "rs" => &RUST,
        "sql" => &SQL,
        "sh" | "bash" | "shell" | "console" => &SHELL,
        "toml" => &TOML,
        "json" => &JSON,
        _ => return escape(code),
    };
    scan(code, language)
}

fn scan(code: &str, lang: &Language) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut rest = code;
    while let Some(c) = rest.chars().next() {
        let (class, len) = if let Some(len) = comment(rest, lang) {
            (Some(Class::Comment), len)
        } else if lang.quotes.contains(&c) {
            (Some(Class::Str), string(rest, c))
        } else if c == '\'' && std::ptr::eq(lang, &RUST) {
            // A char literal ('a', '\n'); a lifetime ('a) has no closing quote nearby.
            match char_literal(rest) {
                Some(len) => (Some(Class::Str), len),
                None => (None, 1),
            }
        } else if c.is_ascii_digit() {
            let len = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
                .unwrap_or(rest.len());
            (Some(Class::Number), len)
        } else if c.is_alphabetic() || c == '_' {
            let len = rest
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..len];
            let keyword = if lang.any_case {
                lang.keywords.iter().any(|k| k.eq_ignore_ascii_case(word))
            } else {
                lang.keywords.contains(&word)
            };
            (keyword.then_some(Class::Keyword), len)
        } else {
            (None, c.len_utf8())
        };
        let (token, tail) = rest.split_at(len);
        match class {
            Some(class) => {
                out.push_str("<span class=\"");
                out.push_str(class.css());
                out.push_str("\">");
                out.push_str(&escape(token));
                out.push_str("</span>");
            }
            None => out.push_str(&escape(token)),
        }
        rest = tail;
    }
    out
}

/// The length of a comment starting at the beginning of `text`, if one does.
fn comment(text: &str, lang: &Language) -> Option<usize> {
    if lang.line_comments.iter().any(|m| text.starts_with(m)) {
        return Some(text.find('\n').unwrap_or(text.len()));
    }
    let (open, close) = lang.block_comment?;
    text.starts_with(open).then(|| {
        text[open.len()..]
            .find(close)
            .map_or(text.len(), |at| open.len() + at + close.len())
    })
}

/// The length of a string opened by `quote` at the start of `text`, backslash escapes
/// included; an unclosed string runs to the end of the line.
fn string(text: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '\n' => return i,
            c if c == quote => return i + c.len_utf8(),
            _ => {}
        }
    }
    text.len()
}

/// The length of a Rust char literal at the start of `text` (`'a'`, `'\n'`, `'\''`).
fn char_literal(text: &str) -> Option<usize> {
    let mut chars = text.char_indices().skip(1);
    let (_, first) = chars.next()?;
    let close = if first == '\\' {
        chars.nth(1)?
    } else {
        chars.next()?
    };
    (close.1 == '\'').then_some(close.0 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_keywords_strings_comments_and_numbers_get_their_classes() {
        let html = highlight("let x = \"hi\"; // note\nlet n = 42;", "rust");
        assert_eq!(
            html,
            "<span class=\"kw\">let</span> x = <span class=\"st\">&quot;hi&quot;</span>; \
             <span class=\"cm\">// note</span>\n<span class=\"kw\">let</span> n = \
             <span class=\"nu\">42</span>;"
        );
    }

    #[test]
    fn lifetimes_are_not_strings_but_char_literals_are() {
        let html = highlight("fn f<'a>(c: char) -> bool { c == 'x' }", "rust");
        assert!(html.contains("f&lt;&#39;a&gt;"), "{html}");
        assert!(
            html.contains("<span class=\"st\">&#39;x&#39;</span>"),
            "{html}"
        );
    }

    #[test]
    fn sql_keywords_match_in_any_case() {
        let html = highlight("SELECT name FROM users -- all\nwhere id = 'a'", "sql");
        assert!(
            html.starts_with(
                "<span class=\"kw\">SELECT</span> name <span class=\"kw\">FROM</span>"
            )
        );
        assert!(html.contains("<span class=\"cm\">-- all</span>"));
        assert!(html.contains("<span class=\"kw\">where</span>"));
        assert!(html.contains("<span class=\"st\">&#39;a&#39;</span>"));
    }

    #[test]
    fn every_language_escapes_markup_in_code() {
        let code = "<script>alert(1)</script> \"<b>\" # <i> // <u>";
        for language in ["rust", "sql", "sh", "toml", "json", "text", "http", ""] {
            let html = highlight(code, language);
            assert!(!html.contains("<script>"), "{language}: {html}");
            assert!(!html.contains("<b>") && !html.contains("<i>") && !html.contains("<u>"));
            assert!(html.contains("&lt;script&gt;"), "{language}: {html}");
        }
    }
}
