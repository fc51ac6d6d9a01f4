//! The VB.NET lexer: turns source text into significant tokens and logical statements.
//!
//! Comments (`'`, `REM`, typographic apostrophes), preprocessor lines (`#If … Then`, `#Region`)
//! and the text of string literals never become tokens, so nothing in them can be mistaken for
//! code. Line continuations (` _`, and VB 10's implicit continuation after an operator, a comma
//! or an open parenthesis, or before a closing one) join physical lines; `:` splits them. The
//! parser then only ever sees one statement at a time.
//!
//! Every input is accepted: an unterminated string runs to the end of the file (VB 14 strings
//! may span lines), stray characters are skipped, and nothing here indexes the text without a
//! bounds check.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword (`[Enum]` is an escaped identifier: never a keyword).
    Ident,
    /// An integer-valued numeric literal (`768`, `&H300`, `3_072L`, `768D`).
    Int,
    /// Any other numeric literal (`1.5`, `1E3`, out-of-range digits).
    Number,
    /// A string literal.
    Str,
    /// A character literal (`"a"c`), a date literal (`#1/1/2020#`).
    Literal,
    /// `$"`, the start of an interpolated string.
    InterpStart,
    /// The end of an interpolation hole: `}`, with its `:format` clause if any.
    HoleEnd,
    /// The closing quote of an interpolated string.
    InterpEnd,
    /// Operators and punctuation.
    Punct,
    /// The end of a logical statement (a line end that does not continue, or `:`).
    End,
}

/// A significant token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Byte range in the source, as written (brackets and type characters included).
    pub span: Range<usize>,
    /// `[Name]`: an identifier even if it is spelled like a keyword.
    pub escaped: bool,
}

/// Characters that close or open a VB string: `"` and the typographic double quotes.
fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}')
}

/// Characters that start a comment: `'` and the typographic single quotes.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}')
}

fn is_line_end(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Multi-character operators, longest first.
const OPERATORS: [&str; 16] = [
    "<<=", ">>=", "<>", "<=", ">=", "<<", ">>", ":=", "+=", "-=", "*=", "/=", "\\=", "^=", "&=",
    "?.",
];

/// Directive names after `#` at the start of a line.
const DIRECTIVES: [&str; 10] = [
    "if",
    "elseif",
    "else",
    "end",
    "region",
    "const",
    "externalsource",
    "externalchecksum",
    "disable",
    "enable",
];

/// Nesting limit for interpolated strings inside interpolation holes.
const MAX_INTERPOLATION_DEPTH: u32 = 16;

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    tokens: Vec<Token>,
    /// Whether only whitespace has been seen since the last line end.
    line_start: bool,
}

/// Lexes `src` into tokens, with [`Kind::End`] between logical statements (physical line ends
/// that continue a statement, and continuation markers, are dropped).
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        tokens: Vec::new(),
        line_start: true,
    };
    lexer.run(Mode::TopLevel, 0);
    join_lines(src, lexer.tokens)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    TopLevel,
    /// Inside an interpolation hole: stops at the `}` (or `:format}`) that closes it.
    Hole,
}

impl<'s> Lexer<'s> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..)?.chars().next()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.src.get(self.pos..)?.chars().nth(offset)
    }

    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn push(&mut self, kind: Kind, start: usize) {
        self.tokens.push(Token {
            kind,
            span: start..self.pos,
            escaped: false,
        });
        self.line_start = false;
    }

    /// Skips to the end of the physical line (not past the line terminator).
    fn skip_to_line_end(&mut self) {
        while let Some(c) = self.peek() {
            if is_line_end(c) {
                break;
            }
            self.bump();
        }
    }

    /// Consumes one line terminator (`\r\n` counts as one).
    fn line_end(&mut self) {
        if self.bump() == Some('\r') && self.peek() == Some('\n') {
            self.bump();
        }
    }

    fn run(&mut self, mode: Mode, depth: u32) {
        // Parentheses and braces opened inside a hole: a `}` or `:` inside them does not end it.
        let mut nesting = 0usize;
        while let Some(c) = self.peek() {
            let start = self.pos;
            if is_line_end(c) {
                self.line_end();
                if mode == Mode::TopLevel {
                    self.push(Kind::End, start);
                    self.line_start = true;
                }
                continue;
            }
            if c.is_whitespace() || c == '\0' || c == '\u{FEFF}' {
                self.bump();
                continue;
            }
            if mode == Mode::Hole && nesting == 0 && (c == '}' || c == ':') {
                if c == ':' {
                    // The format clause is text, up to the closing brace.
                    while let Some(f) = self.peek() {
                        if f == '}' || is_quote(f) {
                            break;
                        }
                        self.bump();
                    }
                }
                if self.peek() == Some('}') {
                    self.bump();
                }
                self.push(Kind::HoleEnd, start);
                return;
            }
            if mode == Mode::Hole && is_quote(c) && nesting == 0 && self.ends_interpolation() {
                // `$"{x"`: the hole was never closed; let the string end here.
                self.push(Kind::HoleEnd, start);
                return;
            }
            if is_apostrophe(c) {
                self.skip_to_line_end();
                continue;
            }
            if c == '#' && self.line_start && mode == Mode::TopLevel && self.at_directive() {
                self.skip_to_line_end();
                continue;
            }
            if c == '_' && !self.peek_at(1).is_some_and(is_ident_char) {
                self.bump();
                if mode == Mode::TopLevel {
                    self.continuation();
                }
                continue;
            }
            if c == '$' && self.peek_at(1).is_some_and(is_quote) {
                self.interpolated(depth);
                continue;
            }
            if is_quote(c) {
                self.string(start);
                continue;
            }
            if c.is_ascii_digit()
                || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit()))
            {
                self.number(start);
                continue;
            }
            if c == '&' && self.radix_literal(start) {
                continue;
            }
            if c == '[' && self.escaped_identifier(start) {
                continue;
            }
            if is_ident_start(c) && (c != '_' || self.peek_at(1).is_some_and(is_ident_char)) {
                if self.identifier(start) {
                    // `REM` starts a comment.
                    self.skip_to_line_end();
                }
                continue;
            }
            if c == '#' && self.date_literal(start) {
                continue;
            }
            self.operator(start);
            if mode == Mode::Hole {
                match c {
                    '(' | '{' => nesting += 1,
                    ')' | '}' => nesting = nesting.saturating_sub(1),
                    _ => {}
                }
            }
        }
    }

    /// After ` _`: the rest of the physical line may hold only whitespace and a comment; then
    /// the line end does not end the statement.
    fn continuation(&mut self) {
        let save = self.pos;
        while let Some(c) = self.peek() {
            if is_line_end(c) {
                self.line_end();
                return;
            }
            if is_apostrophe(c) {
                self.skip_to_line_end();
                continue;
            }
            if !c.is_whitespace() {
                // A stray underscore in the middle of a line: ignore it.
                self.pos = save;
                return;
            }
            self.bump();
        }
    }

    /// `#If`, `#Region`, … at the start of a line.
    fn at_directive(&self) -> bool {
        let rest = self
            .rest()
            .get(1..)
            .unwrap_or("")
            .trim_start_matches([' ', '\t']);
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        DIRECTIVES.contains(&word.as_str())
    }

    /// Whether a quote inside a hole closes the interpolated string (rather than opening a
    /// string literal inside the hole): only when no expression could start here.
    fn ends_interpolation(&self) -> bool {
        // A string literal in a hole follows an operator, `(` or `,`; the closing quote of a
        // string whose hole was never closed follows an operand.
        match self.tokens.last() {
            Some(last) => {
                matches!(last.kind, Kind::Ident | Kind::Int | Kind::Number)
                    || self.src.get(last.span.clone()) == Some(")")
            }
            None => false,
        }
    }

    /// A string literal, with `""` escapes and an optional `c` (character) suffix.
    fn string(&mut self, start: usize) {
        self.bump();
        while let Some(c) = self.bump() {
            if is_quote(c) {
                if self.peek().is_some_and(is_quote) {
                    self.bump();
                    continue;
                }
                break;
            }
        }
        let kind = if matches!(self.peek(), Some('c' | 'C'))
            && !self.peek_at(1).is_some_and(is_ident_char)
        {
            self.bump();
            Kind::Literal
        } else {
            Kind::Str
        };
        self.push(kind, start);
    }

    /// `$"text {expr,align:format} text"`: the holes are lexed as code. The tokens are
    /// [`Kind::InterpStart`] (`$"`), the tokens of each hole each followed by [`Kind::HoleEnd`],
    /// and [`Kind::InterpEnd`] (the closing quote); the literal text between them is no token.
    fn interpolated(&mut self, depth: u32) {
        let start = self.pos;
        self.bump(); // $
        self.bump(); // "
        self.push(Kind::InterpStart, start);
        loop {
            let Some(c) = self.peek() else {
                self.push(Kind::InterpEnd, self.pos);
                return;
            };
            if is_quote(c) {
                if self.peek_at(1).is_some_and(is_quote) {
                    self.bump();
                    self.bump();
                    continue;
                }
                let close = self.pos;
                self.bump();
                self.push(Kind::InterpEnd, close);
                return;
            }
            if c == '{' {
                self.bump();
                if self.peek() == Some('{') {
                    self.bump();
                    continue;
                }
                if depth >= MAX_INTERPOLATION_DEPTH {
                    // Pathological nesting: treat the rest of the hole as text.
                    while let Some(h) = self.peek() {
                        if h == '}' || is_quote(h) {
                            break;
                        }
                        self.bump();
                    }
                    let hole_end = self.pos;
                    if self.peek() == Some('}') {
                        self.bump();
                    }
                    self.push(Kind::HoleEnd, hole_end);
                } else {
                    self.run(Mode::Hole, depth + 1);
                }
                continue;
            }
            self.bump();
        }
    }

    /// A decimal literal with digit separators, fraction, exponent and type suffix.
    fn number(&mut self, start: usize) {
        let mut integral = true;
        self.digits(|c| c.is_ascii_digit());
        if self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            integral = false;
            self.bump();
            self.digits(|c| c.is_ascii_digit());
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_at(1), Some('+' | '-')));
            if self.peek_at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                integral = false;
                for _ in 0..=sign {
                    self.bump();
                }
                self.digits(|c| c.is_ascii_digit());
            }
        }
        self.suffix(true);
        let kind = if integral && parse_int(self.src.get(start..self.pos).unwrap_or("")).is_some() {
            Kind::Int
        } else {
            Kind::Number
        };
        self.push(kind, start);
    }

    /// `&H…`, `&O…`, `&B…` with an optional type suffix. Returns false (consuming nothing) when
    /// the `&` is an operator.
    fn radix_literal(&mut self, start: usize) -> bool {
        let digit: fn(char) -> bool = match self.peek_at(1) {
            Some('h' | 'H') => |c| c.is_ascii_hexdigit(),
            Some('o' | 'O') => |c| ('0'..='7').contains(&c),
            Some('b' | 'B') => |c| c == '0' || c == '1',
            _ => return false,
        };
        if !self.peek_at(2).is_some_and(|c| digit(c) || c == '_') {
            return false;
        }
        self.bump();
        self.bump();
        self.digits(digit);
        self.suffix(false);
        let kind = if parse_int(self.src.get(start..self.pos).unwrap_or("")).is_some() {
            Kind::Int
        } else {
            Kind::Number
        };
        self.push(kind, start);
        true
    }

    fn digits(&mut self, digit: impl Fn(char) -> bool) {
        while self.peek().is_some_and(|c| digit(c) || c == '_') {
            self.bump();
        }
    }

    /// A numeric type suffix: `S US I UI L UL D F R % & @ ! #` (`D` and `F` are digits in hex).
    fn suffix(&mut self, decimal: bool) {
        let upper = |c: Option<char>| c.map(|c| c.to_ascii_uppercase());
        let len = match (upper(self.peek()), upper(self.peek_at(1))) {
            (Some('U'), Some('S' | 'I' | 'L')) => 2,
            (Some('S' | 'I' | 'L' | '%' | '&' | '@' | '!' | '#'), _) => 1,
            (Some('D' | 'F' | 'R'), _) if decimal => 1,
            _ => 0,
        };
        if len > 0 && !self.peek_at(len).is_some_and(is_ident_char) {
            for _ in 0..len {
                self.bump();
            }
        }
    }

    /// `[Name]`: an identifier that may be spelled like a keyword.
    fn escaped_identifier(&mut self, start: usize) -> bool {
        let rest = self.rest();
        let inner: &str = rest
            .get(1..)
            .unwrap_or("")
            .split(|c: char| !is_ident_char(c))
            .next()
            .unwrap_or("");
        if inner.is_empty()
            || !rest
                .get(1 + inner.len()..)
                .is_some_and(|r| r.starts_with(']'))
        {
            return false;
        }
        self.pos += inner.len() + 2;
        self.tokens.push(Token {
            kind: Kind::Ident,
            span: start..self.pos,
            escaped: true,
        });
        self.line_start = false;
        true
    }

    /// An identifier with an optional type character. Returns true for `REM` (a comment).
    fn identifier(&mut self, start: usize) -> bool {
        while self.peek().is_some_and(is_ident_char) {
            self.bump();
        }
        let word = self.src.get(start..self.pos).unwrap_or("");
        let after_dot = self
            .tokens
            .last()
            .is_some_and(|t| matches!(self.src.get(t.span.clone()), Some("." | "?." | "!")));
        if word.eq_ignore_ascii_case("rem") && !after_dot {
            return true;
        }
        match self.peek() {
            Some('%' | '$' | '@') => {
                self.bump();
            }
            Some('&' | '!' | '#')
                if !self
                    .peek_at(1)
                    .is_some_and(|c| is_ident_char(c) || c == '=' || c == '"') =>
            {
                self.bump();
            }
            _ => {}
        }
        self.push(Kind::Ident, start);
        false
    }

    /// `#1/1/2020#`, `#12:00 AM#`.
    fn date_literal(&mut self, start: usize) -> bool {
        let rest = self.rest().get(1..).unwrap_or("");
        let Some(len) = rest.find('#') else {
            return false;
        };
        let inner = rest.get(..len).unwrap_or("");
        let date_like = !inner.trim().is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " /-:.,".contains(c));
        if !date_like {
            return false;
        }
        self.pos += len + 2;
        self.push(Kind::Literal, start);
        true
    }

    fn operator(&mut self, start: usize) {
        let rest = self.rest();
        if let Some(op) = OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            self.pos += op.len();
        } else {
            self.bump();
        }
        self.push(Kind::Punct, start);
    }
}

/// Operators after which a line end does not end the statement (VB 10 implicit continuation).
/// `>` is not among them: it ends XML literals (`Dim doc = <root/>`) far more often than it ends
/// a line in the middle of a comparison; see [`continues_after`].
const CONTINUING_OPERATORS: [&str; 29] = [
    ",", "(", "{", ".", "?.", ":=", "=", "<>", "<", "<=", ">=", "+", "-", "*", "/", "\\", "^", "&",
    "<<", ">>", "+=", "-=", "*=", "/=", "\\=", "^=", "&=", "<<=", ">>=",
];

/// Whether a line end after `statement` (non-empty) continues it: after an operator, a comma or
/// an open parenthesis; after the `>` that closes an attribute (`<STAThread>` applies to the
/// declaration on the next line).
fn continues_after(src: &str, statement: &[Token]) -> bool {
    let text = |t: &Token| src.get(t.span.clone()).unwrap_or("");
    let Some(last) = statement.last() else {
        return false;
    };
    match last.kind {
        Kind::Punct if text(last) == ">" => statement.first().is_some_and(|t| text(t) == "<"),
        Kind::Punct => CONTINUING_OPERATORS.contains(&text(last)),
        Kind::Ident if !last.escaped => [
            "and", "andalso", "or", "orelse", "xor", "mod", "is", "isnot", "like",
        ]
        .iter()
        .any(|op| text(last).eq_ignore_ascii_case(op)),
        _ => false,
    }
}

/// Turns physical line ends into statement ends where the statement does not continue, and
/// `:` separators into statement ends.
fn join_lines(src: &str, mut tokens: Vec<Token>) -> Vec<Token> {
    let text = |t: &Token| src.get(t.span.clone()).unwrap_or("");
    // Compacts in place: `tokens[..write]` is the output, `tokens[read..]` what is left to read
    // (`write <= read` throughout), so a large file never holds two token vectors.
    let mut write = 0usize;
    let mut read = 0usize;
    // Index in the output where the current statement starts.
    let mut statement_start = 0usize;
    while let Some(token) = tokens.get(read).cloned() {
        read += 1;
        let ends_statement = match token.kind {
            Kind::End => {
                if write == statement_start {
                    continue; // a blank line
                }
                if continues_after(src, &tokens[statement_start..write]) {
                    continue;
                }
                // A line that starts with `)` or `}` continues the statement (blank lines in
                // between are dropped).
                let next = tokens[read..]
                    .iter()
                    .position(|t| t.kind != Kind::End)
                    .map_or(tokens.len(), |i| read + i);
                read = next;
                if tokens
                    .get(next)
                    .is_some_and(|t| matches!(text(t), ")" | "}"))
                {
                    continue;
                }
                true
            }
            Kind::Punct
                if text(&token) == ":"
                    && !attribute_target(&tokens[statement_start..write], src) =>
            {
                if write == statement_start {
                    continue;
                }
                true
            }
            _ => false,
        };
        tokens[write] = Token {
            kind: if ends_statement {
                Kind::End
            } else {
                token.kind
            },
            ..token
        };
        write += 1;
        if ends_statement {
            statement_start = write;
        }
    }
    tokens.truncate(write);
    if write > statement_start
        && let Some(last) = tokens.last()
    {
        let end = last.span.end;
        tokens.push(Token {
            kind: Kind::End,
            span: end..end,
            escaped: false,
        });
    }
    tokens
}

/// `<Assembly: …>` / `<Module: …>`: the colon names an attribute target.
fn attribute_target(statement: &[Token], src: &str) -> bool {
    match statement {
        [open, target] => {
            src.get(open.span.clone()) == Some("<")
                && src.get(target.span.clone()).is_some_and(|t| {
                    t.eq_ignore_ascii_case("assembly") || t.eq_ignore_ascii_case("module")
                })
        }
        _ => false,
    }
}

/// The value of an integer literal as written in VB: decimal, `&H`, `&O`, `&B`, digit
/// separators, type suffixes (`768%`, `&H300L`, `3072UI`, `768D`).
pub fn parse_int(text: &str) -> Option<i128> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let (radix, digits) = match cleaned.get(..2).map(|p| p.to_ascii_uppercase()) {
        Some(p) if p == "&H" => (16, cleaned.get(2..)?),
        Some(p) if p == "&O" => (8, cleaned.get(2..)?),
        Some(p) if p == "&B" => (2, cleaned.get(2..)?),
        _ => (10, cleaned.as_str()),
    };
    let end = digits
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(digits.len());
    let (number, suffix) = digits.split_at(end);
    let suffix = suffix.to_ascii_uppercase();
    let valid_suffix = matches!(
        suffix.as_str(),
        "" | "S" | "US" | "I" | "UI" | "L" | "UL" | "%" | "&" | "@" | "!" | "#"
    ) || (radix == 10 && matches!(suffix.as_str(), "D" | "F" | "R"));
    if number.is_empty() || !valid_suffix {
        return None;
    }
    let value = u64::from_str_radix(number, radix).ok()?;
    // Hex, octal and binary literals are two's complement in their type: &HFFFFFFFF is -1 as an
    // Integer. Protocol values never get near the sign bit, so plain magnitudes are enough.
    Some(i128::from(value))
}

/// Whether a string literal token ends with its closing quote (one that runs to the end of the
/// file does not): after the opening quote, quotes come in `""` pairs plus the closing one.
pub fn string_is_closed(text: &str) -> bool {
    text.chars().skip(1).filter(|&c| is_quote(c)).count() % 2 == 1
}

/// The contents of a string literal token (`""` unescaped), or `None` if it is not one.
pub fn string_value(text: &str) -> Option<String> {
    let mut chars = text.chars();
    if !chars.next().is_some_and(is_quote) {
        return None;
    }
    let mut out = String::new();
    let mut pending_quote = false;
    for c in chars {
        if is_quote(c) {
            if pending_quote {
                out.push('"');
                pending_quote = false;
            } else {
                pending_quote = true;
            }
        } else if pending_quote {
            // Text after the closing quote: not a plain string literal.
            return None;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens as text, statements separated by `;`.
    fn lex(src: &str) -> String {
        tokenize(src)
            .iter()
            .map(|t| match t.kind {
                Kind::End => ";".to_owned(),
                _ => src[t.span.clone()].to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn comments_are_skipped() {
        assert_eq!(
            lex("x = 1 ' SecurityProtocolType.Tls\ny = 2"),
            "x = 1 ; y = 2 ;"
        );
        assert_eq!(lex("REM SecurityProtocolType.Tls\nrem x\nRem"), "");
        assert_eq!(lex("x = 1 : REM comment\ny"), "x = 1 ; y ;");
        assert_eq!(lex("x = 1 Rem trailing comment"), "x = 1 ;");
        assert_eq!(lex("Remove(x)\nx.Rem = 1"), "Remove ( x ) ; x . Rem = 1 ;");
        assert_eq!(lex("x = 1 \u{2019} typographic\n"), "x = 1 ;");
        assert_eq!(
            lex("''' <summary>SecurityProtocolType.Tls</summary>\nx"),
            "x ;"
        );
    }

    #[test]
    fn strings_with_doubled_quotes() {
        assert_eq!(
            lex("s = \"say \"\"SecurityProtocolType.Tls\"\" ' not a comment\" & t"),
            "s = \"say \"\"SecurityProtocolType.Tls\"\" ' not a comment\" & t ;"
        );
        assert_eq!(
            string_value("\"a \"\"b\"\" c\"").as_deref(),
            Some("a \"b\" c")
        );
        let tokens = tokenize("c = \"x\"c");
        assert_eq!(tokens[2].kind, Kind::Literal);
        assert_eq!(
            lex("s = \u{201C}smart\u{201D}"),
            "s = \u{201C}smart\u{201D} ;"
        );
    }

    #[test]
    fn unterminated_strings_and_stray_characters_do_not_panic() {
        for src in [
            "s = \"never closed",
            "s = $\"{x",
            "s = $\"{",
            "x = _",
            "_",
            " _ \n",
            "[",
            "[Enum",
            "&H",
            "&",
            "#",
            "#If",
            "\0\0\0",
            "x = 1\r",
            "s = $\"{$\"{$\"{\"",
            "\u{FEFF}x",
            "é = 1",
            "x = 1E",
            "x = 1.",
            "x = &HFFFFFFFFFFFFFFFFFFFFFFFFFFFF",
            "(((((((",
        ] {
            let _ = tokenize(src);
        }
    }

    #[test]
    fn explicit_and_implicit_continuations() {
        assert_eq!(lex("x = a Or _\n    b\ny"), "x = a Or b ; y ;");
        assert_eq!(lex("x = a Or _ ' comment\n    b"), "x = a Or b ;");
        assert_eq!(lex("x = a Or\n    b\ny"), "x = a Or b ; y ;");
        assert_eq!(lex("x = a or ' why\n    b"), "x = a or b ;");
        assert_eq!(lex("Foo(a,\n    b\n)\ny"), "Foo ( a , b ) ; y ;");
        assert_eq!(lex("Dim x =\n    5"), "Dim x = 5 ;");
        assert_eq!(
            lex("New H With {\n  .A = 1\n}\nz"),
            "New H With { . A = 1 } ; z ;"
        );
        assert_eq!(
            lex("<STAThread>\nSub Main()"),
            "< STAThread > Sub Main ( ) ;"
        );
        // An XML literal ending a line does not continue it.
        assert_eq!(lex("d = <root/>\nx = 1"), "d = < root / > ; x = 1 ;");
        assert_eq!(lex("x = 1 : y = 2"), "x = 1 ; y = 2 ;");
        assert_eq!(
            lex("<Assembly: AssemblyTitle(\"x\")>"),
            "< Assembly : AssemblyTitle ( \"x\" ) > ;"
        );
        assert_eq!(lex("Foo(a := 1)"), "Foo ( a := 1 ) ;");
        assert_eq!(lex("a\r\n\r\nb"), "a ; b ;");
        // Not a continuation: the underscore is part of an identifier, or is stray.
        assert_eq!(lex("x = a_\nb"), "x = a_ ; b ;");
        assert_eq!(lex("x = _ y"), "x = y ;");
    }

    #[test]
    fn numeric_literals() {
        for (text, value) in [
            ("768", 768),
            ("3_072", 3072),
            ("&H300", 768),
            ("&h300", 768),
            ("&H300%", 768),
            ("&H300&", 768),
            ("&H300I", 768),
            ("&H300L", 768),
            ("&HC00UI", 3072),
            ("&HC00US", 3072),
            ("&HC00UL", 3072),
            ("&HC0S", 192),
            ("&HDF", 223),
            ("&O1400", 768),
            ("&B1100_0000", 192),
            ("&b11000000L", 192),
            ("768L", 768),
            ("768UI", 768),
            ("768D", 768),
            ("768F", 768),
            ("768R", 768),
            ("768@", 768),
            ("768!", 768),
            ("768#", 768),
            ("768%", 768),
            ("768&", 768),
        ] {
            let tokens = tokenize(text);
            assert_eq!(tokens.len(), 2, "{text}: {tokens:?}");
            assert_eq!(tokens[0].kind, Kind::Int, "{text}");
            assert_eq!(&text[tokens[0].span.clone()], text);
            assert_eq!(parse_int(text), Some(value), "{text}");
        }
        assert_eq!(tokenize("1.5")[0].kind, Kind::Number);
        assert_eq!(tokenize("1E3")[0].kind, Kind::Number);
        assert_eq!(lex("x = &H300 & \"a\""), "x = &H300 & \"a\" ;");
        assert_eq!(lex("x = a & b"), "x = a & b ;");
        assert_eq!(lex("x &= y"), "x &= y ;");
        assert_eq!(parse_int("&HDX"), None);
    }

    #[test]
    fn identifiers_keywords_and_escapes() {
        let tokens = tokenize("[Enum].ToObject(x)");
        assert!(tokens[0].escaped);
        assert_eq!(lex("[Enum].ToObject(x)"), "[Enum] . ToObject ( x ) ;");
        assert_eq!(lex("s$ = Left$(a, 1)"), "s$ = Left$ ( a , 1 ) ;");
        assert_eq!(lex("d = dict!key"), "d = dict ! key ;");
        assert_eq!(lex("x = y?.z"), "x = y ?. z ;");
    }

    #[test]
    fn preprocessor_lines_are_skipped_but_every_branch_is_kept() {
        assert_eq!(
            lex("#If NET40 Then\nx = 1\n#Else\nx = 2\n#End If\n  #Region \"a\"\ny"),
            "x = 1 ; x = 2 ; y ;"
        );
        assert_eq!(lex("d = #1/1/2020#"), "d = #1/1/2020# ;");
    }

    #[test]
    fn interpolated_strings_lex_their_holes() {
        let src = "s = $\"p {SecurityProtocolType.Tls11} q {x,5:N2} {{literal}} \"\"\" & t";
        let kinds: Vec<Kind> = tokenize(src).iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Ident,
                Kind::Punct,
                Kind::InterpStart,
                Kind::Ident,
                Kind::Punct,
                Kind::Ident,
                Kind::HoleEnd,
                Kind::Ident,
                Kind::Punct,
                Kind::Int,
                Kind::HoleEnd,
                Kind::InterpEnd,
                Kind::Punct,
                Kind::Ident,
                Kind::End,
            ]
        );
        // Nested strings and parentheses inside a hole.
        let nested = tokenize("s = $\"{If(a, \"x:y\", $\"{b}\")}\"");
        assert_eq!(nested.last().map(|t| t.kind), Some(Kind::End));
        assert_eq!(
            nested.iter().filter(|t| t.kind == Kind::InterpEnd).count(),
            2
        );
    }
}
