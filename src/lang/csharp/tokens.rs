//! Token-level recovery for values inside syntax the parser could not structure.
//!
//! tree-sitter-c-sharp produces ERROR nodes around some preprocessor layouts (an `#if` between an
//! `if` block and its `else`), in half-written code and in dead `#if` branches that do not
//! compile. The tokens inside an ERROR node are still lexed correctly, so a protocol value there
//! is still found by the queries; only its context (read or write) is unreliable. This module
//! decides the context from the neighbouring tokens instead: comments, string contents and
//! preprocessor lines are never tokens here.

use tree_sitter::{Node, Tree};

use crate::facts::{Sink, Span, WriteOp};

use super::context::{Context, authenticate_sink, is_read_method};

#[derive(Clone, Copy, Debug)]
struct Token<'s> {
    text: &'s str,
    start: usize,
    end: usize,
    /// An identifier or keyword (as opposed to punctuation or a literal).
    word: bool,
}

/// The significant tokens of a file, in order.
pub struct Tokens<'s> {
    tokens: Vec<Token<'s>>,
}

/// Nodes whose content is one token for our purposes (literals, never code).
fn is_atomic(kind: &str) -> bool {
    matches!(
        kind,
        "string_literal"
            | "verbatim_string_literal"
            | "raw_string_literal"
            | "character_literal"
            | "interpolated_string_expression"
            | "integer_literal"
            | "real_literal"
    )
}

impl<'s> Tokens<'s> {
    pub fn new(tree: &Tree, src: &'s str) -> Self {
        let mut tokens = Vec::new();
        let mut directives = DirectiveLines::default();
        let mut cursor = tree.walk();
        let mut descend = true;
        loop {
            let node = cursor.node();
            if descend {
                let kind = node.kind();
                if kind == "comment" {
                    // skipped entirely
                } else if (node.child_count() == 0 || is_atomic(kind))
                    && node.end_byte() > node.start_byte()
                {
                    let text = &src[node.byte_range()];
                    if !directives.at(src, node.start_byte()) {
                        // Error recovery can split an operator (`==` lexed as `=` `=`): glue
                        // adjacent operator characters back together.
                        if let Some(last) = tokens.last_mut().filter(|last: &&mut Token| {
                            last.end == node.start_byte()
                                && is_operator(last.text)
                                && is_operator(text)
                        }) {
                            last.text = &src[last.start..node.end_byte()];
                            last.end = node.end_byte();
                        } else {
                            tokens.push(Token {
                                text,
                                start: node.start_byte(),
                                end: node.end_byte(),
                                word: text
                                    .chars()
                                    .next()
                                    .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '@'),
                            });
                        }
                    }
                } else if cursor.goto_first_child() {
                    continue;
                }
            }
            if cursor.goto_next_sibling() {
                descend = true;
            } else if cursor.goto_parent() {
                descend = false;
            } else {
                break;
            }
        }
        Tokens { tokens }
    }

    fn index_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.start < offset)
    }

    fn text(&self, i: usize) -> &'s str {
        self.tokens.get(i).map_or("", |t| t.text)
    }

    /// Whether the value `leaf` stands alone between its context token and the end of the
    /// expression (no `|` chain around it that the parser lost).
    pub fn stands_alone(&self, leaf: Node) -> bool {
        let first = self.index_at(leaf.start_byte());
        let after = self.index_at(leaf.end_byte());
        (first == 0 || self.text(first - 1) != "|") && self.text(after) != "|"
    }

    /// Decides whether the value at `leaf` is read or written, from the tokens around it.
    pub fn classify(&self, leaf: Node) -> Context {
        let first = self.index_at(leaf.start_byte());
        let after = self.index_at(leaf.end_byte());
        if matches!(
            self.text(after),
            "==" | "!=" | "&" | "&&" | "||" | "." | "?." | "is" | "<" | ">" | "<=" | ">="
        ) {
            return Context::Read;
        }
        let statement = self.statement(first, after);
        let mut depth = 0usize;
        let mut j = first;
        while j > 0 {
            j -= 1;
            let token = self.tokens[j];
            match token.text {
                ")" | "]" => depth += 1,
                "(" | "[" if depth > 0 => depth -= 1,
                "(" | "[" => {
                    if let Some(context) = self.open_paren(j, statement.clone()) {
                        return context;
                    }
                }
                _ if depth > 0 => {}
                "|" | "." | "::" => {}
                _ if token.word && !is_keyword(token.text) => {}
                _ if token.text.starts_with(|c: char| c.is_ascii_digit()) => {}
                "=" | "??=" => return self.write(WriteOp::Set, self.sink_before(j), statement),
                "|=" => return self.write(WriteOp::Add, self.sink_before(j), statement),
                "^=" | "+=" => return self.write(WriteOp::Other, self.sink_before(j), statement),
                "return" | "=>" | "yield" | "?" | ":" => {
                    return self.write(WriteOp::Set, Sink::None, statement);
                }
                "," | "{" => return self.enclosing_call(j, statement),
                _ => return Context::Read,
            }
        }
        Context::Read
    }

    fn write(&self, op: WriteOp, sink: Sink, statement: Span) -> Context {
        Context::Write {
            op,
            sink,
            statement,
        }
    }

    /// An unbalanced `(` before the value: a call's argument list, a condition, or grouping
    /// (`None`: keep looking further left).
    fn open_paren(&self, j: usize, statement: Span) -> Option<Context> {
        let before = self.text(j.wrapping_sub(1));
        if matches!(
            before,
            "if" | "while" | "switch" | "when" | "nameof" | "typeof" | "sizeof"
        ) {
            return Some(Context::Read);
        }
        if j > 0 && self.tokens[j - 1].word && !is_keyword(before) {
            if is_read_method(before) {
                return Some(Context::Read);
            }
            let sink = authenticate_sink(before).unwrap_or(Sink::None);
            return Some(self.write(WriteOp::Set, sink, statement));
        }
        None
    }

    /// A value after `,` or `{`: an argument (of a read method or not) or a collection element.
    fn enclosing_call(&self, j: usize, statement: Span) -> Context {
        let mut depth = 0usize;
        let mut k = j;
        while k > 0 {
            k -= 1;
            match self.text(k) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" if depth > 0 => depth -= 1,
                "(" => {
                    if let Some(context) = self.open_paren(k, statement.clone()) {
                        return context;
                    }
                }
                "[" | "{" | ";" => break,
                _ => {}
            }
        }
        self.write(WriteOp::Set, Sink::None, statement)
    }

    /// The property assigned by the `=` at token `j`.
    fn sink_before(&self, j: usize) -> Sink {
        match self.text(j.wrapping_sub(1)) {
            "SecurityProtocol" => Sink::SecurityProtocol,
            "SslProtocols" | "EnabledSslProtocols" => Sink::SslProtocolsProperty,
            _ => Sink::None,
        }
    }

    /// The statement around tokens `first..after`: from the previous `;`, `{` or `}` to the next `;`.
    fn statement(&self, first: usize, after: usize) -> Span {
        let start = self.tokens[..first]
            .iter()
            .rposition(|t| matches!(t.text, ";" | "{" | "}"))
            .and_then(|i| self.tokens.get(i + 1))
            .map_or(0, |t| t.start);
        let end = self.tokens[after.min(self.tokens.len())..]
            .iter()
            .find(|t| t.text == ";")
            .map_or_else(|| self.tokens.last().map_or(0, |t| t.end), |t| t.end);
        start.min(end)..end
    }
}

fn is_operator(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| "=!<>&|+-^?:".contains(c))
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "return"
            | "yield"
            | "case"
            | "is"
            | "new"
            | "if"
            | "else"
            | "while"
            | "switch"
            | "when"
            | "var"
            | "await"
            | "throw"
            | "typeof"
            | "nameof"
            | "sizeof"
            | "not"
            | "and"
            | "or"
            | "in"
            | "out"
            | "ref"
    )
}

/// Whether tokens are on a preprocessor directive line (`#if`, `#endif`, `#pragma`), found for tokens in order without
/// going back over the line for each: a minified or hostile line of a million tokens must not
/// cost a million scans of itself.
#[derive(Default)]
struct DirectiveLines {
    /// How far the text has been searched for line breaks.
    scanned: usize,
    /// Whether the line holding `scanned` is a directive line (`None`: not decided yet).
    directive: Option<bool>,
    line_start: usize,
}

impl DirectiveLines {
    /// Whether the token at `offset` is on a line whose first non-blank character is `#`.
    fn at(&mut self, src: &str, offset: usize) -> bool {
        if offset < self.scanned {
            // Not in order (never seen from a tree walk): start over from the beginning.
            *self = DirectiveLines::default();
        }
        if let Some(i) = src
            .get(self.scanned..offset)
            .and_then(|s| s.rfind(['\n', '\r']))
        {
            self.line_start = self.scanned + i + 1;
            self.directive = None;
        }
        self.scanned = offset;
        *self.directive.get_or_insert_with(|| {
            src.get(self.line_start..)
                .is_some_and(|line| line.trim_start().starts_with('#'))
        })
    }
}
