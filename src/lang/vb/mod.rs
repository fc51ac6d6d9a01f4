//! VB.NET: a lexical scanner and a small parser turn a `.vb` file into the same [`FileFacts`]
//! the C# analyser produces, so rules TLS001-TLS004, TLS007 and the project's opt-in detection
//! work unchanged.
//!
//! There is no maintained tree-sitter grammar for VB.NET, and the rules need far less than a
//! full grammar: which protocol values are written (assigned, passed, returned, initialised) and
//! which are only read (compared, tested, masked), what names refer to, and what constants
//! hold. So the work is split in three small steps, each testable on its own:
//!
//! - [`lexer`]: tokens without comments, strings' contents or preprocessor lines, and logical
//!   statements (line continuations joined, `:` split);
//! - [`syntax`]: statements and expressions with VB's precedence, case-insensitive keywords;
//! - [`eval`] and [`analyze`]: names (`Imports` aliases), constant folding, and the read/write
//!   decision that produces facts.
//!
//! Like every analyser it never panics: unknown syntax is read, never written.

mod analyze;
mod eval;
mod lexer;
mod syntax;

use crate::facts::FileFacts;
pub use crate::lang::tree::ParseFailure;

/// Words (compared case-insensitively) whose presence makes a VB file worth analysing. Aliases
/// need no entry of their own: VB declares them with `Imports` in the same file, and the
/// `Imports` line names the type. `AuthenticateAs` catches `AuthenticateAsClient(host, Nothing,
/// 192, False)`, where a plain number is the protocol.
pub const INTERESTING_TOKENS: [&str; 4] = [
    "securityprotocol",
    "sslprotocols",
    "setswitch",
    "authenticateas",
];

/// Analyses a VB.NET file.
///
/// Two passes over the tokens: the first keeps only what the whole file declares (imports,
/// `Option Strict`, types, methods and constants, which any statement may refer to), the second
/// analyses each statement and drops it.
pub fn analyze(text: &str) -> Result<FileFacts, ParseFailure> {
    let tokens = lexer::tokenize(text);
    let mut constants = Vec::new();
    let mut declared = syntax::parse_each(text, &tokens, |stmts| {
        constants.extend(stmts.into_iter().filter(syntax::Stmt::declares_constant));
    });
    if declared.too_deep {
        return Err(ParseFailure::TooDeep(syntax::MAX_DEPTH as usize));
    }
    declared.stmts = constants;
    let mut facts = analyze::facts(text, &tokens, &declared);
    let bodies = catch_bodies(text, &tokens);
    facts.in_catch = facts
        .writes
        .iter()
        .filter(|w| {
            bodies
                .iter()
                .any(|b| b.start <= w.value.start && w.value.end <= b.end)
        })
        .map(|w| w.value.clone())
        .collect();
    Ok(facts)
}

/// The byte ranges of the `Catch` blocks of `Try` statements (from each `Catch` to the next
/// `Catch`, `Finally` or `End Try` of the same `Try`), for [`FileFacts::in_catch`]: code there
/// runs because the `Try` failed. Statements are told apart by their first word, which the
/// lexer never takes from a comment or a string.
fn catch_bodies(text: &str, tokens: &[lexer::Token]) -> Vec<std::ops::Range<usize>> {
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == lexer::Kind::Ident && !t.escaped)
            .and_then(|t| text.get(t.span.clone()))
            .map(str::to_ascii_lowercase)
    };
    // One entry per open `Try`: where its open `Catch` block starts, if one is open.
    let mut open: Vec<Option<usize>> = Vec::new();
    let mut bodies = Vec::new();
    let mut at_start = true;
    for (i, token) in tokens.iter().enumerate() {
        if token.kind == lexer::Kind::End {
            at_start = true;
            continue;
        }
        if !std::mem::take(&mut at_start) {
            continue;
        }
        let start = token.span.start;
        match word(i).as_deref() {
            Some("try") => open.push(None),
            Some(kw @ ("catch" | "finally")) => {
                if let Some(top) = open.last_mut() {
                    if let Some(body) = top.take() {
                        bodies.push(body..start);
                    }
                    if kw == "catch" {
                        *top = Some(start);
                    }
                }
            }
            Some("end") if word(i + 1).as_deref() == Some("try") => {
                if let Some(Some(body)) = open.pop() {
                    bodies.push(body..start);
                }
            }
            _ => {}
        }
    }
    // A `Try` the file never closes: its `Catch` runs to the end.
    bodies.extend(open.into_iter().flatten().map(|body| body..text.len()));
    bodies
}

/// A rough count of syntax errors, for the fix engine's check that an edit did not break the
/// file: statements whose parentheses do not balance, and strings that run to the end of the
/// file. (VB accepts nearly anything else the scanner sees; an edit that breaks neither keeps the
/// file as readable as it was.)
pub fn error_count(text: &str) -> usize {
    let mut errors = 0;
    let mut depth: i64 = 0;
    for token in lexer::tokenize(text) {
        let written = text.get(token.span.clone()).unwrap_or("");
        match token.kind {
            lexer::Kind::Punct if written == "(" => depth += 1,
            lexer::Kind::Punct if written == ")" => depth -= 1,
            lexer::Kind::End => {
                errors += usize::from(depth != 0);
                depth = 0;
            }
            lexer::Kind::Str if !lexer::string_is_closed(written) => errors += 1,
            _ => {}
        }
    }
    errors + usize::from(depth != 0)
}

#[cfg(test)]
mod tests;
