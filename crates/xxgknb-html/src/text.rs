//! Whitespace rules for HTML text, as a browser renders them: runs of
//! spaces, tabs, newlines and `&nbsp;` collapse to one space; inline runs
//! join with no separator (`<span>2</span><span>0</span>` is `20`); a
//! source line break between two Chinese characters disappears (Word and
//! CMS editors wrap long lines anywhere); lines are trimmed.

/// Is `c` collapsible whitespace? (`&nbsp;` included; the ideographic
/// space U+3000 is text and is kept inside a line.)
fn is_collapsible(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\u{a0}')
}

/// Characters dropped outright: zero-width space, BOM, soft hyphen.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}')
}

/// East Asian wide characters other than hangul, between which a source
/// line break vanishes (CSS Text 3, segment break transformation).
fn is_wide(c: char) -> bool {
    xxgknb_core::normalize::is_wide(c) && !xxgknb_core::normalize::is_hangul_syllable(c)
}

/// Accumulates the text of one line (a paragraph, or one line of a cell).
#[derive(Debug, Default)]
pub struct LineBuf {
    cur: String,
    /// Whitespace seen since the last character.
    pending: bool,
    /// That whitespace included a source line break.
    pending_newline: bool,
    /// That whitespace included a space, tab or `&nbsp;`.
    pending_space: bool,
}

impl LineBuf {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append the text of a text node.
    pub fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if is_invisible(c) {
                continue;
            }
            if is_collapsible(c) {
                self.pending = true;
                if matches!(c, '\n' | '\r') {
                    self.pending_newline = true;
                } else {
                    self.pending_space = true;
                }
                continue;
            }
            if self.pending && !self.cur.is_empty() {
                let last = self.cur.chars().next_back();
                let segment_break_only = self.pending_newline && !self.pending_space;
                let vanish = segment_break_only && last.is_some_and(is_wide) && is_wide(c);
                if !vanish && !last.is_some_and(is_collapsible) {
                    self.cur.push(' ');
                }
            }
            self.clear_pending();
            self.cur.push(c);
        }
    }

    /// Ask for a separating space before the next character (between the
    /// cells of a nested table row, for instance).
    pub fn soft_space(&mut self) {
        self.pending = true;
        self.pending_space = true;
    }

    fn clear_pending(&mut self) {
        self.pending = false;
        self.pending_newline = false;
        self.pending_space = false;
    }

    /// Take the line: trimmed, or `None` when it holds no text.
    pub fn take(&mut self) -> Option<String> {
        self.clear_pending();
        let line = std::mem::take(&mut self.cur);
        let t = line.trim();
        if t.is_empty() {
            None
        } else if t.len() == line.len() {
            Some(line)
        } else {
            Some(t.to_string())
        }
    }
}

/// Collects several lines (the text of a table cell), joined with `\n`.
#[derive(Debug, Default)]
pub struct Lines {
    line: LineBuf,
    done: Vec<String>,
}

impl Lines {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Append text to the current line.
    pub fn push_text(&mut self, text: &str) {
        self.line.push_text(text);
    }

    /// Separating space before the next character.
    pub fn soft_space(&mut self) {
        self.line.soft_space();
    }

    /// End the current line (blank lines are dropped).
    pub fn break_line(&mut self) {
        if let Some(l) = self.line.take() {
            self.done.push(l);
        }
    }

    /// All lines joined with `\n`.
    pub fn finish(mut self) -> String {
        self.break_line();
        self.done.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(parts: &[&str]) -> Option<String> {
        let mut b = LineBuf::new();
        for p in parts {
            b.push_text(p);
        }
        b.take()
    }

    #[test]
    fn inline_runs_join_without_separator() {
        assert_eq!(line(&["2", "0"]).as_deref(), Some("20"));
        assert_eq!(line(&["\u{a0}", "5"]).as_deref(), Some("5"));
    }

    #[test]
    fn whitespace_and_nbsp_collapse() {
        assert_eq!(
            line(&["\u{a0}\u{a0}商业", "\u{a0}", "企业\u{a0}\u{a0}"]).as_deref(),
            Some("商业 企业")
        );
        assert_eq!(line(&["a \t\n b"]).as_deref(), Some("a b"));
        assert_eq!(line(&["\t一、总体情况"]).as_deref(), Some("一、总体情况"));
        assert_eq!(line(&[" \u{a0} "]), None);
    }

    #[test]
    fn line_break_between_chinese_vanishes() {
        assert_eq!(line(&["政府信息\n公开"]).as_deref(), Some("政府信息公开"));
        assert_eq!(line(&["政府信息 公开"]).as_deref(), Some("政府信息 公开"));
        assert_eq!(line(&["2022年\n1月"]).as_deref(), Some("2022年 1月"));
    }

    #[test]
    fn ideographic_space_is_kept_inside() {
        assert_eq!(
            line(&["名\u{3000}\u{3000}称"]).as_deref(),
            Some("名\u{3000}\u{3000}称")
        );
    }

    #[test]
    fn lines_join_with_newline_and_drop_blanks() {
        let mut l = Lines::new();
        l.push_text("结");
        l.break_line();
        l.break_line();
        l.push_text("\u{a0}");
        l.break_line();
        l.push_text("果");
        assert_eq!(l.finish(), "结\n果");
    }
}
