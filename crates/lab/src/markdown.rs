//! Markdown for the terminal: answers read as formatted text, not as source.
//!
//! pulldown-cmark (the CommonMark parser rustdoc and mdBook use) turns the answer into
//! events; this module lays them out: headings bold (and underlined for `#`), `**bold**`
//! bold, `*italics*` italic, `code` highlighted, links as their text with the address
//! after it (never rustdoc's `[`Name`]` brackets), lists with bullets, tables with
//! aligned columns, code blocks indented, block quotes with a bar, and paragraphs wrapped
//! to the terminal's width. Without colours (a pipe, `NO_COLOR`) the same layout is plain
//! text. `cargo lab show --raw` prints the source instead.

use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::render::Style;

/// Paragraphs wrap at this width, or the terminal's if narrower.
const MAX_WIDTH: usize = 96;

/// `markdown` laid out for the terminal.
pub fn render(markdown: &str, style: Style) -> String {
    let width = terminal_width().clamp(40, MAX_WIDTH);
    let mut r = Renderer {
        style,
        width,
        out: String::new(),
        line: String::new(),
        line_len: 0,
        indent: 0,
        quote: 0,
        lists: Vec::new(),
        bold: 0,
        italic: 0,
        heading: None,
        link: None,
        code_block: None,
        table: None,
        cell: String::new(),
        pending_item: None,
        space: false,
    };
    // rustdoc's intra-doc links (`[`LruCache`]`) are broken links to CommonMark: read
    // them as links to nowhere, so their text shows without the brackets.
    let mut intra_doc = |_: pulldown_cmark::BrokenLink<'_>| Some(("".into(), "".into()));
    let parser = Parser::new_with_broken_link_callback(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
        Some(&mut intra_doc),
    );
    for event in parser {
        r.event(event);
    }
    r.flush_line();
    let mut out = r.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The terminal's width in columns, or the maximum when it is not a terminal.
fn terminal_width() -> usize {
    crossterm::terminal::size().map_or(MAX_WIDTH, |(w, _)| w as usize)
}

struct Renderer {
    style: Style,
    width: usize,
    out: String,
    /// The line being filled (with escapes), and its visible length.
    line: String,
    line_len: usize,
    /// Spaces before each line of the current block.
    indent: usize,
    /// Block-quote depth.
    quote: usize,
    /// Open lists: `None` for bullets, `Some(n)` for the next number.
    lists: Vec<Option<u64>>,
    bold: usize,
    italic: usize,
    heading: Option<HeadingLevel>,
    /// The address of the link being read.
    link: Option<String>,
    /// The code block being read: its text.
    code_block: Option<String>,
    table: Option<Vec<Vec<String>>>,
    cell: String,
    /// A list marker to print before the item's first word.
    pending_item: Option<String>,
    /// Whether the text so far ended with a space: the next word is separate from it.
    space: bool,
}

impl Renderer {
    fn event(&mut self, event: Event<'_>) {
        if let Some(code) = &mut self.code_block {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code_block(),
                _ => {}
            }
            return;
        }
        if let Some(rows) = &mut self.table {
            match event {
                Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
                Event::End(TagEnd::TableCell) => {
                    let cell = std::mem::take(&mut self.cell);
                    if let Some(row) = rows.last_mut() {
                        row.push(cell.trim().to_string());
                    }
                }
                Event::Text(text) | Event::Code(text) => self.cell.push_str(&text),
                Event::End(TagEnd::Table) => self.end_table(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.words(&text),
            Event::Code(code) => {
                let shown = self.style.code(&code);
                if self.space || self.line_len == 0 {
                    self.word(&shown, code.chars().count());
                } else {
                    self.glue(&shown, code.chars().count());
                }
                self.space = false;
            }
            Event::SoftBreak => self.space = true,
            Event::HardBreak => self.flush_line(),
            Event::Rule => {
                self.flush_line();
                let rule = "─".repeat(self.width.min(40));
                let _ = writeln!(self.out, "{}\n", self.style.dim(&rule));
            }
            Event::Html(_) | Event::InlineHtml(_) => {}
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush_line();
                self.heading = Some(level);
            }
            Tag::Paragraph => {}
            Tag::BlockQuote(_) => {
                self.flush_line();
                self.quote += 1;
            }
            Tag::CodeBlock(kind) => {
                self.flush_line();
                let _ = matches!(kind, CodeBlockKind::Fenced(_));
                self.code_block = Some(String::new());
            }
            Tag::List(first) => {
                self.flush_line();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush_line();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}.");
                        *n += 1;
                        marker
                    }
                    _ => "•".to_string(),
                };
                self.pending_item = Some(marker);
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.link = Some(dest_url.to_string()),
            Tag::Table(_) => {
                self.flush_line();
                self.table = Some(Vec::new());
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let level = self.heading.take();
                let text = std::mem::take(&mut self.line);
                self.line_len = 0;
                let shown = match level {
                    Some(HeadingLevel::H1) => self.style.bold(&self.style.underline(&text)),
                    _ => self.style.bold(&text),
                };
                let _ = writeln!(self.out, "{shown}\n");
            }
            TagEnd::Paragraph => {
                self.flush_line();
                self.out.push('\n');
            }
            TagEnd::BlockQuote(_) => {
                self.flush_line();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush_line();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.push('\n');
                }
            }
            TagEnd::Item => self.flush_line(),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                if let Some(url) = self.link.take()
                    && !url.is_empty()
                    && !url.starts_with('#')
                    && (url.contains("://") || url.contains('/') || url.ends_with(".md"))
                {
                    let shown = self.style.dim(&format!("({url})"));
                    self.word(&shown, url.chars().count() + 2);
                }
            }
            _ => {}
        }
    }

    /// Splits text into words and lays each out, styled as the open tags say.
    fn words(&mut self, text: &str) {
        if self.heading.is_some() {
            self.line.push_str(text);
            return;
        }
        let starts_with_space = text.starts_with(char::is_whitespace);
        let ends_with_space = text.ends_with(char::is_whitespace);
        if text.trim().is_empty() {
            self.space |= !text.is_empty();
            return;
        }
        let separate = self.space;
        for (i, word) in text.split_whitespace().enumerate() {
            let glue = i == 0 && !starts_with_space && !separate;
            let mut shown = word.to_string();
            if self.italic > 0 {
                shown = self.style.italic(&shown);
            }
            if self.bold > 0 {
                shown = self.style.bold(&shown);
            }
            if glue {
                self.glue(&shown, word.chars().count());
            } else {
                self.word(&shown, word.chars().count());
            }
        }
        // After the words: laying them out may have wrapped the line, which resets the
        // flag for the line's own start.
        self.space = ends_with_space;
    }

    /// The prefix of each line: indentation, quote bars, list indentation.
    fn prefix(&self) -> (String, usize) {
        let list_indent =
            self.lists.len().saturating_sub(1) * 2 + if self.lists.is_empty() { 0 } else { 2 };
        let mut text = " ".repeat(self.indent + list_indent);
        for _ in 0..self.quote {
            text.push_str(&self.style.dim("│ "));
        }
        let len = self.indent + list_indent + 2 * self.quote;
        (text, len)
    }

    /// Adds a word after a space, starting a new line when it would not fit.
    fn word(&mut self, shown: &str, len: usize) {
        let (prefix, prefix_len) = self.prefix();
        if self.line_len == 0 {
            self.start_line(&prefix, prefix_len);
        } else if self.line_len + 1 + len > self.width {
            self.flush_line();
            self.start_line(&prefix, prefix_len);
        } else {
            self.line.push(' ');
            self.line_len += 1;
        }
        self.line.push_str(shown);
        self.line_len += len;
    }

    /// Adds text right after the previous word, without a space (punctuation after code).
    fn glue(&mut self, shown: &str, len: usize) {
        if self.line_len == 0 {
            self.word(shown, len);
        } else {
            self.line.push_str(shown);
            self.line_len += len;
        }
    }

    fn start_line(&mut self, prefix: &str, prefix_len: usize) {
        self.line.push_str(prefix);
        self.line_len = prefix_len;
        if let Some(marker) = self.pending_item.take() {
            // The marker hangs in the indentation: "  • text".
            let (head, tail) = self.line.split_at(self.line.len().saturating_sub(2));
            let _ = tail;
            self.line = format!("{head}{marker} ");
            self.line_len = prefix_len.saturating_sub(2) + marker.chars().count() + 1;
        }
    }

    fn flush_line(&mut self) {
        if self.line_len > 0 || !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            let _ = writeln!(self.out, "{}", line.trim_end());
        }
        self.line_len = 0;
        self.space = false;
    }

    fn end_code_block(&mut self) {
        let code = self.code_block.take().unwrap_or_default();
        let (prefix, _) = self.prefix();
        for line in code.trim_end_matches('\n').lines() {
            let _ = writeln!(self.out, "{prefix}    {}", self.style.dim(line));
        }
        self.out.push('\n');
    }

    fn end_table(&mut self) {
        let rows = self.table.take().unwrap_or_default();
        let Some(header) = rows.first() else {
            return;
        };
        let mut table = evidence::Table::new("", header.iter().cloned());
        for row in &rows[1..] {
            let mut cells = row.clone();
            cells.resize(header.len(), String::new());
            table.push(cells);
        }
        let text = crate::render::table(&table, self.style);
        // `render::table` starts with the (empty) title line.
        for line in text.lines().skip(1) {
            let _ = writeln!(self.out, "{line}");
        }
        self.out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(markdown: &str) -> String {
        render(markdown, Style::plain())
    }

    #[test]
    fn headings_emphasis_and_code_lose_their_markup() {
        let text = plain(
            "# Title\n\nSome **bold**, *italic* and `code`, then [a link](https://example.com/x).\n",
        );
        assert_eq!(
            text,
            "Title\n\nSome bold, italic and code, then a link (https://example.com/x).\n"
        );
    }

    #[test]
    fn rustdoc_links_show_as_their_names() {
        let text = plain("The [`LruCache`] and [`Cache::get`](crate::Cache::get) types.\n");
        assert_eq!(text, "The LruCache and Cache::get types.\n");
    }

    #[test]
    fn lists_tables_quotes_and_code_blocks_are_laid_out() {
        let text = plain(
            "- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n| a | bb |\n|---|---|\n| 1 | 22 |\n\n```rust\nlet x = 1;\n```\n",
        );
        assert!(text.contains("• one\n• two"), "{text}");
        assert!(text.contains("1. first\n2. second"), "{text}");
        assert!(text.contains("│ quoted"), "{text}");
        assert!(
            text.contains("  a  bb") && text.contains("  1  22"),
            "{text}"
        );
        assert!(text.contains("    let x = 1;"), "{text}");
    }

    #[test]
    fn paragraphs_wrap_to_the_width() {
        let long = "word ".repeat(60);
        let text = plain(&long);
        assert!(text.lines().count() > 1);
        assert!(
            text.lines().all(|l| l.chars().count() <= MAX_WIDTH),
            "{text}"
        );
    }

    #[test]
    fn a_space_before_code_survives_a_wrapped_line() {
        let text = super::render(
            "The cycle version, on an array-backed list (`next[i]` is node i's\nsuccessor) \
             because a list of `Box`es cannot loop in safe Rust:\n",
            crate::render::Style::plain(),
        );
        assert!(text.contains("a list of Boxes cannot"), "{text}");
        assert!(text.contains("(next[i] is node"), "{text}");
    }
}
