//! HTML building blocks: escaping, and the page every route wraps its content in.
//!
//! Pages are built as strings with `format!`, not with a template engine: there are a
//! handful of them, each a few dozen lines, and a template crate would add a build step
//! and a second language for no gain here. The one rule that keeps string building safe
//! is that **every** string that came from outside this file (an answer, a report, a test
//! message, a path, a topic id) goes through [`escape`] before it is put in a page. The
//! tests in `serve` feed `<script>` through each source and check it comes out inert.

use std::fmt::Write as _;

/// `text` with the five characters that mean something in HTML replaced by entities, so
/// it is shown as text in element content and in quoted attribute values.
///
/// ```ignore
/// assert_eq!(escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped, with each `` `code` `` span in it set as `<code>` (for the one-line
/// messages `lab` writes for the terminal, which quote commands in backticks). An
/// unmatched backtick stays as it is.
pub fn with_code(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let inside = i % 2 == 1;
        let closed = i + 1 < parts.len();
        if inside && closed {
            out.push_str("<code>");
            out.push_str(&escape(part));
            out.push_str("</code>");
        } else {
            if inside {
                out.push('`');
            }
            out.push_str(&escape(part));
        }
    }
    out
}

/// What a page adds to the shared layout.
#[derive(Debug, Default)]
pub struct Page<'a> {
    /// The `<title>` and the `<h1>`, as plain text (escaped here).
    pub title: &'a str,
    /// The page's content, already HTML.
    pub body: String,
    /// Reloads the page after this many seconds when JavaScript is off (a demo or a check
    /// still running); with JavaScript on, the page's script updates it instead.
    pub refresh_without_script: Option<u32>,
    /// A `data-live` URL the script subscribes to for server-sent events.
    pub live: Option<String>,
}

/// The whole document: head (local CSS and script only), skip link, navigation, the
/// page's `<main>`, and a footer.
pub fn layout(page: &Page<'_>) -> String {
    let mut out = String::with_capacity(page.body.len() + 2048);
    let refresh = page
        .refresh_without_script
        .map(|secs| {
            format!("<noscript><meta http-equiv=\"refresh\" content=\"{secs}\"></noscript>")
        })
        .unwrap_or_default();
    let live = page
        .live
        .as_deref()
        .map(|url| format!(" data-live=\"{}\"", escape(url)))
        .unwrap_or_default();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · interview-lab</title>\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <link rel=\"stylesheet\" href=\"/static/style.css\">\n\
         <script src=\"/static/app.js\" defer></script>\n{refresh}\n</head>\n\
         <body{live}>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n\
         <header><nav aria-label=\"site\"><a href=\"/\">interview-lab</a> \
         <a href=\"/\" class=\"nav\">Questions</a> <a href=\"/drill\" class=\"nav\">Drill</a></nav></header>\n\
         <main id=\"main\" tabindex=\"-1\">\n<h1>{title}</h1>\n{body}\n</main>\n\
         <footer>Served from this machine by <code>cargo lab serve</code>; nothing leaves it.\
         <noscript><p class=\"noscript\">Scripts are off: every page works; live exercise \
         updates and the drill's countdown need them.</p></noscript></footer>\n\
         </body>\n</html>\n",
        title = escape(page.title),
        body = page.body,
    );
    out
}

/// A hidden form field carrying the CSRF token, for every form that POSTs.
pub fn csrf_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"csrf\" value=\"{}\">",
        escape(token)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("plain ✓ text"), "plain ✓ text");
    }

    #[test]
    fn backticks_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            with_code("run `cargo lab check <x>` now"),
            "run <code>cargo lab check &lt;x&gt;</code> now"
        );
        assert_eq!(
            with_code("`a` and `b`"),
            "<code>a</code> and <code>b</code>"
        );
        assert_eq!(with_code("one ` alone"), "one ` alone");
    }

    #[test]
    fn the_layout_escapes_the_title_and_loads_only_local_files() {
        let html = layout(&Page {
            title: "<script>x</script>",
            body: "<p>body</p>".into(),
            ..Page::default()
        });
        assert!(!html.contains("<script>x"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        let absolute: Vec<&str> = html.split('"').filter(|s| s.starts_with("http")).collect();
        assert!(
            absolute.is_empty(),
            "absolute URLs in the layout: {absolute:?}"
        );
    }
}
