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
    Ok(analyze::facts(text, &tokens, &declared))
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
