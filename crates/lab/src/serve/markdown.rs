//! Answers (and hints) from markdown to HTML, with pulldown-cmark, the CommonMark parser
//! `cargo lab show` already uses for the terminal.
//!
//! pulldown-cmark's own HTML writer escapes text and attributes; three things are
//! changed on the way to it, because the page must stay safe and offline whatever an
//! answer contains:
//!
//! - raw HTML in the markdown is shown as text, not passed through (an answer holds no
//!   HTML but the engineering marker, a comment, which is dropped);
//! - an image becomes a link to it, so a page never fetches anything from elsewhere;
//! - a link whose scheme could run script (`javascript:`, `data:`, `vbscript:`) points
//!   nowhere instead;
//!
//! and fenced code blocks go through `highlight`, and
//! headings move one level down (the page's own `<h1>` is the question).

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::highlight::highlight;
use super::html::escape;

/// `markdown` rendered as safe HTML (see the module doc).
pub fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut code: Option<(String, String)> = None;
    let mut events = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        if let Some((language, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let class = if language.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"language-{}\"", escape(language))
                    };
                    events.push(Event::Html(CowStr::from(format!(
                        "<pre><code{class}>{}</code></pre>\n",
                        highlight(text, language)
                    ))));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([',', ' ']).next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((language, String::new()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if !raw.trim_start().starts_with("<!--") {
                    events.push(Event::Text(raw));
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => events.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: safe_url(dest_url),
                title,
                id: CowStr::from(""),
            })),
            Event::End(TagEnd::Image) => events.push(Event::End(TagEnd::Link)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => events.push(Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            })),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => events.push(Event::Start(Tag::Heading {
                level: lower(level),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => {
                events.push(Event::End(TagEnd::Heading(lower(level))));
            }
            other => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out
}

/// The heading level one below `level` (an answer's `#` is the page's `<h2>`).
fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// `url`, or `#` when its scheme could run script.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme = url.trim_start().to_ascii_lowercase();
    if ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|s| scheme.starts_with(s))
    {
        CowStr::from("#")
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_highlighted_code_render() {
        let html = to_html(
            "# Title\n\nSome *text*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nlet x = 1;\n```\n",
        );
        assert!(html.contains("<h2>Title</h2>"), "one level down: {html}");
        assert!(html.contains("<em>text</em>"));
        assert!(html.contains("<table>") && html.contains("<td>1</td>"));
        assert!(
            html.contains("<pre><code class=\"language-rust\"><span class=\"kw\">let</span> x = <span class=\"nu\">1</span>;\n</code></pre>"),
            "{html}"
        );
    }

    #[test]
    fn script_in_an_answer_comes_out_as_text() {
        let html = to_html(
            "<script>alert(1)</script>\n\ninline <script>x</script> and `<script>`\n\n\
             [a](javascript:alert(1)) ![img](https://example.com/x.png)\n\n\
             <!-- engineering -->\n\n```html\n<script>y</script>\n```\n",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            !html.contains("<img"),
            "an image would be a request: {html}"
        );
        assert!(
            !html.contains("engineering"),
            "the marker is dropped: {html}"
        );
    }
}
