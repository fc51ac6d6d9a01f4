//! A small C/C++ lexer: the tokens of code and of preprocessor lines, with comments dropped and
//! string and character literals kept whole, plus what the preprocessor structure says about
//! them (code under `#if 0`, the braces that delimit function bodies).
//!
//! tree-sitter gives the structure where the file parses; this lexer is what the analysis falls
//! back on where it does not (ERROR regions), what macro bodies are read with (tree-sitter keeps
//! them as raw text), and what decides which code is dead.

use crate::facts::Span;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword.
    Ident,
    /// A preprocessing number (`0x800`, `1'000`, `84UL`).
    Number,
    /// A string or character literal, prefix included.
    Literal,
    /// An operator or punctuator.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Token {
    pub fn text(self, src: &str) -> &str {
        &src[self.start..self.end]
    }

    pub fn span(self) -> Span {
        self.start..self.end
    }
}

/// A preprocessor line (`#define`, `#if`, …), continuation lines included.
#[derive(Clone, Debug)]
pub struct Directive {
    /// From the `#` to the end of the last line (newline excluded).
    pub span: Span,
    /// The directive name (`define`, `if`, `endif`), empty for a null directive.
    pub name: String,
    /// The tokens after the name.
    pub tokens: Vec<Token>,
}

/// An object-like macro: `#define NAME body`.
#[derive(Clone, Debug)]
pub struct Macro {
    pub name: String,
    /// The body's tokens.
    pub body: Vec<Token>,
}

/// A lexed file.
#[derive(Debug, Default)]
pub struct Lexed {
    /// Tokens outside preprocessor lines, in order.
    pub code: Vec<Token>,
    pub directives: Vec<Directive>,
    /// Code under `#if 0` (and `#elif 0`), sorted.
    pub dead: Vec<Span>,
    /// For each code token, the index of the innermost `{` around it (braces of the first live
    /// branch of each `#if` group only, so that alternative signatures do not unbalance them).
    enclosing: Vec<Option<usize>>,
    /// For each `{` code token (by index), whether it opens a block of statements (a function,
    /// lambda or control-flow body) as opposed to a namespace, class or initialiser.
    code_block: Vec<bool>,
    /// For each `{` code token (by index), the index of its `}`.
    close: Vec<Option<usize>>,
}

/// Multi-character punctuators, longest first.
const PUNCTUATORS: [&str; 27] = [
    "<<=", ">>=", "->*", "...", "<=>", "::", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=",
    "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##", ".*",
];

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// Whether `prefix` (an identifier just lexed) is a string literal prefix.
fn literal_prefix(prefix: &str) -> Option<bool> {
    match prefix {
        "L" | "u" | "U" | "u8" => Some(false),
        "R" | "LR" | "uR" | "UR" | "u8R" => Some(true),
        _ => None,
    }
}

struct Lexer<'s> {
    src: &'s str,
    b: &'s [u8],
    i: usize,
}

impl Lexer<'_> {
    fn peek(&self, offset: usize) -> u8 {
        self.b.get(self.i + offset).copied().unwrap_or(0)
    }

    /// A backslash-newline at `i`: its length, or 0.
    fn continuation(&self, i: usize) -> usize {
        if self.b.get(i) != Some(&b'\\') {
            return 0;
        }
        match (self.b.get(i + 1), self.b.get(i + 2)) {
            (Some(b'\n'), _) => 2,
            (Some(b'\r'), Some(b'\n')) => 3,
            _ => 0,
        }
    }

    /// Skips a `//` comment up to (not including) the newline that ends it.
    fn line_comment(&mut self) {
        while self.i < self.b.len() {
            let n = self.continuation(self.i);
            if n > 0 {
                self.i += n;
                continue;
            }
            if self.b[self.i] == b'\n' {
                return;
            }
            self.i += 1;
        }
    }

    /// Skips a `/* */` comment (unterminated: to the end of the file).
    fn block_comment(&mut self) {
        self.i += 2;
        match self.src[self.i..].find("*/") {
            Some(end) => self.i += end + 2,
            None => self.i = self.b.len(),
        }
    }

    /// A quoted literal starting at `self.i` (on the quote); stops at an unescaped newline.
    fn quoted(&mut self, quote: u8) {
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'\\' => self.i += 2,
                b'\n' => return,
                c if c == quote => {
                    self.i += 1;
                    return;
                }
                _ => self.i += 1,
            }
        }
        self.i = self.i.min(self.b.len());
    }

    /// A raw string `R"delim( … )delim"` starting at `self.i` (on the quote).
    fn raw_string(&mut self) {
        let open = self.i + 1;
        let Some(paren) = self.src[open..].find(['(', '\n']) else {
            self.i = self.b.len();
            return;
        };
        if self.b[open + paren] != b'(' || paren > 16 {
            // Not a raw string after all: lex it as an ordinary one.
            self.quoted(b'"');
            return;
        }
        let delimiter = &self.src[open..open + paren];
        let close = format!("){delimiter}\"");
        match self.src[open + paren..].find(&close) {
            Some(end) => self.i = open + paren + end + close.len(),
            None => self.i = self.b.len(),
        }
    }

    fn number(&mut self) {
        let start = self.i;
        self.i += 1;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            let previous = self.b[self.i - 1];
            let exponent_sign = (c == b'+' || c == b'-')
                && matches!(previous, b'e' | b'E' | b'p' | b'P')
                && !self.b[start..self.i].starts_with(b"0x")
                && !self.b[start..self.i].starts_with(b"0X");
            if is_ident_continue(c) || c == b'.' || exponent_sign {
                self.i += 1;
            } else if c == b'\'' && self.peek(1).is_ascii_alphanumeric() {
                self.i += 2;
            } else {
                break;
            }
        }
    }

    fn punctuator(&mut self) {
        let rest = &self.src[self.i..];
        let len = PUNCTUATORS
            .iter()
            .find(|p| rest.starts_with(**p))
            .map_or_else(
                || rest.chars().next().map_or(1, char::len_utf8),
                |p| p.len(),
            );
        self.i += len;
    }

    /// The next token from `self.i`, skipping blanks and comments; `None` at a newline that ends
    /// a directive (when `in_directive`) or at the end of the file.
    fn next(&mut self, in_directive: bool) -> Option<Token> {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            let n = self.continuation(self.i);
            if n > 0 {
                self.i += n;
                continue;
            }
            match c {
                b'\n' if in_directive => return None,
                b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => self.i += 1,
                b'/' if self.peek(1) == b'/' => self.line_comment(),
                b'/' if self.peek(1) == b'*' => self.block_comment(),
                _ => break,
            }
        }
        if self.i >= self.b.len() {
            return None;
        }
        let start = self.i;
        let c = self.b[self.i];
        let kind = if is_ident_start(c) {
            while self.i < self.b.len() && is_ident_continue(self.b[self.i]) {
                self.i += 1;
            }
            match (literal_prefix(&self.src[start..self.i]), self.peek(0)) {
                (Some(true), b'"') => {
                    self.raw_string();
                    Kind::Literal
                }
                (Some(false), quote @ (b'"' | b'\'')) => {
                    self.quoted(quote);
                    Kind::Literal
                }
                _ => Kind::Ident,
            }
        } else if c.is_ascii_digit() || (c == b'.' && self.peek(1).is_ascii_digit()) {
            self.number();
            Kind::Number
        } else if c == b'"' || c == b'\'' {
            self.quoted(c);
            Kind::Literal
        } else {
            self.punctuator();
            Kind::Punct
        };
        // Never split a UTF-8 sequence, whatever the input.
        self.i = self.i.min(self.b.len());
        while self.i < self.b.len() && !self.src.is_char_boundary(self.i) {
            self.i += 1;
        }
        Some(Token {
            start,
            end: self.i,
            kind,
        })
    }

    /// Whether only blanks (or comments ending on the same line) precede `self.i` on its line.
    fn at_line_start(&self, line_start: usize) -> bool {
        self.src[line_start..self.i]
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || b == b'\r' || b == 0x0b || b == 0x0c)
    }
}

/// Lexes a file.
pub fn lex(src: &str) -> Lexed {
    let mut lexer = Lexer {
        src,
        b: src.as_bytes(),
        i: 0,
    };
    let mut code = Vec::new();
    let mut directives = Vec::new();
    let mut line_start = 0;
    loop {
        // Skip blanks to the next token, noting where lines start (for `#`).
        while lexer.i < lexer.b.len() {
            let c = lexer.b[lexer.i];
            let n = lexer.continuation(lexer.i);
            if n > 0 {
                lexer.i += n;
            } else if c == b'\n' {
                lexer.i += 1;
                line_start = lexer.i;
            } else if matches!(c, b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
                lexer.i += 1;
            } else if c == b'/' && lexer.peek(1) == b'/' {
                lexer.line_comment();
            } else if c == b'/' && lexer.peek(1) == b'*' {
                lexer.block_comment();
            } else {
                break;
            }
        }
        if lexer.i >= lexer.b.len() {
            break;
        }
        if lexer.b[lexer.i] == b'#' && lexer.at_line_start(line_start) {
            let start = lexer.i;
            lexer.i += 1;
            let mut tokens = Vec::new();
            while let Some(token) = lexer.next(true) {
                tokens.push(token);
            }
            let name = match tokens.first() {
                Some(first) if first.kind == Kind::Ident => {
                    let name = first.text(src).to_owned();
                    tokens.remove(0);
                    name
                }
                _ => String::new(),
            };
            let end = tokens.last().map_or(start + 1, |t| t.end).max(start + 1);
            directives.push(Directive {
                span: start..end,
                name,
                tokens,
            });
            continue;
        }
        match lexer.next(false) {
            Some(token) => code.push(token),
            None => break,
        }
    }
    let mut lexed = Lexed {
        code,
        directives,
        ..Lexed::default()
    };
    lexed.structure(src);
    lexed
}

/// Whether a directive's condition is the constant 0 (`#if 0`, `#if (0)`, `#if false`).
fn is_zero_condition(tokens: &[Token], src: &str) -> bool {
    let texts: Vec<&str> = tokens.iter().map(|t| t.text(src)).collect();
    let mut inner = texts.as_slice();
    while let [first, rest @ .., last] = inner {
        if *first == "(" && *last == ")" {
            inner = rest;
        } else {
            break;
        }
    }
    match inner {
        [one] => *one == "false" || super::expr::parse_int(one) == Some(0),
        _ => false,
    }
}

/// One `#if` group while walking the directives.
struct Frame {
    /// The current branch is dead from this offset (code under `#if 0`).
    dead_from: Option<usize>,
    /// The whole group is inside a dead branch of an enclosing group.
    nested_in_dead: bool,
    /// Braces of the current branch count for the block structure.
    counts: bool,
    /// A branch of this group already counted.
    counted: bool,
}

impl Lexed {
    /// Dead regions, then the brace structure of the code that counts.
    fn structure(&mut self, src: &str) {
        let mut stack: Vec<Frame> = Vec::new();
        // (offset, counts): from `offset` on, code tokens count for braces or not.
        let mut counting: Vec<(usize, bool)> = vec![(0, true)];
        for directive in &self.directives {
            let parent_counts = stack.last().is_none_or(|f| f.counts);
            let in_dead = stack
                .last()
                .is_some_and(|f| f.dead_from.is_some() || f.nested_in_dead);
            let zero = is_zero_condition(&directive.tokens, src);
            match directive.name.as_str() {
                "if" | "ifdef" | "ifndef" => {
                    let dead = !in_dead && directive.name == "if" && zero;
                    let counts = parent_counts && !dead && !in_dead;
                    stack.push(Frame {
                        dead_from: dead.then_some(directive.span.end),
                        nested_in_dead: in_dead,
                        counts,
                        counted: counts,
                    });
                }
                "elif" | "elifdef" | "elifndef" | "else" => {
                    let outer_counts = stack
                        .len()
                        .checked_sub(2)
                        .and_then(|i| stack.get(i))
                        .is_none_or(|f| f.counts);
                    let Some(frame) = stack.last_mut() else {
                        continue;
                    };
                    if frame.nested_in_dead {
                        continue;
                    }
                    if let Some(from) = frame.dead_from.take() {
                        self.dead.push(from..directive.span.start);
                    }
                    if directive.name == "elif" && zero {
                        frame.dead_from = Some(directive.span.end);
                    }
                    frame.counts = outer_counts && !frame.counted && frame.dead_from.is_none();
                    frame.counted |= frame.counts;
                }
                "endif" => {
                    if let Some(frame) = stack.pop()
                        && let Some(from) = frame.dead_from
                    {
                        self.dead.push(from..directive.span.start);
                    }
                }
                _ => continue,
            }
            counting.push((directive.span.end, stack.last().is_none_or(|f| f.counts)));
        }
        for frame in stack {
            if let Some(from) = frame.dead_from {
                self.dead.push(from..src.len());
            }
        }
        self.dead.sort_by_key(|d| d.start);

        // Braces: a stack over the tokens that count.
        let mut enclosing = Vec::with_capacity(self.code.len());
        let mut code_block = vec![false; self.code.len()];
        let mut close = vec![None; self.code.len()];
        let mut open: Vec<usize> = Vec::new();
        let mut phase = 0;
        let mut previous: Option<usize> = None;
        for (i, token) in self.code.iter().enumerate() {
            while phase + 1 < counting.len() && counting[phase + 1].0 <= token.start {
                phase += 1;
            }
            enclosing.push(open.last().copied());
            if !counting[phase].1 {
                continue;
            }
            match token.text(src) {
                "{" => {
                    code_block[i] =
                        previous.is_some_and(|p| opens_code_block(self.code[p].text(src)));
                    open.push(i);
                }
                "}" => {
                    if let Some(brace) = open.pop() {
                        close[brace] = Some(i);
                    }
                }
                _ => {}
            }
            previous = Some(i);
        }
        self.enclosing = enclosing;
        self.code_block = code_block;
        self.close = close;
    }

    /// The preprocessor lines that lie (partly) inside `range`.
    pub fn directives_in(&self, range: &Span) -> &[Directive] {
        let first = self
            .directives
            .partition_point(|d| d.span.end <= range.start);
        let last = self
            .directives
            .partition_point(|d| d.span.start < range.end);
        &self.directives[first..last.max(first)]
    }

    /// Whether `offset` is in code under `#if 0`.
    pub fn is_dead(&self, offset: usize) -> bool {
        let i = self.dead.partition_point(|d| d.end <= offset);
        self.dead.get(i).is_some_and(|d| d.start <= offset)
    }

    /// The index of the first code token starting at or after `offset`.
    pub fn index_at(&self, offset: usize) -> usize {
        self.code.partition_point(|t| t.start < offset)
    }

    /// The code tokens inside `range`.
    pub fn tokens_in(&self, range: &Span) -> &[Token] {
        let first = self.index_at(range.start);
        let last = self.code.partition_point(|t| t.end <= range.end);
        &self.code[first..last.max(first)]
    }

    /// The function (or other outermost statement block) that holds the code token at `index`:
    /// the index of its `{`, or `None` at file scope (also inside classes and namespaces).
    pub fn scope_of(&self, index: usize) -> Option<usize> {
        let mut current = self.enclosing.get(index).copied().flatten();
        let mut scope = None;
        while let Some(brace) = current {
            if self.code_block.get(brace).copied().unwrap_or(false) {
                scope = Some(brace);
            }
            current = self.enclosing.get(brace).copied().flatten();
        }
        scope
    }

    /// The scope of the code at byte `offset`.
    pub fn scope_at(&self, offset: usize) -> Option<usize> {
        let index = self.index_at(offset);
        if self.code.get(index).is_some_and(|t| t.start == offset) {
            self.scope_of(index)
        } else {
            // Between tokens: the scope of the token before, unless it closes a block.
            index.checked_sub(1).and_then(|i| self.scope_of(i))
        }
    }

    /// The innermost `{ … }` block around the code at byte `offset` (to the end of the file
    /// when it is not closed).
    pub fn block_at(&self, offset: usize, src_len: usize) -> Option<Span> {
        let index = self.index_at(offset);
        let brace = if self.code.get(index).is_some_and(|t| t.start == offset) {
            self.enclosing.get(index).copied().flatten()
        } else {
            index
                .checked_sub(1)
                .and_then(|i| self.enclosing.get(i).copied().flatten())
        }?;
        let end = self
            .close
            .get(brace)
            .copied()
            .flatten()
            .map_or(src_len, |c| self.code[c].end);
        Some(self.code[brace].start..end)
    }

    /// The object-like macros defined outside dead code, in order.
    pub fn macros(&self, src: &str) -> Vec<Macro> {
        self.directives
            .iter()
            .filter(|d| d.name == "define" && !self.is_dead(d.span.start))
            .filter_map(|d| {
                let (name, body) = d.tokens.split_first()?;
                if name.kind != Kind::Ident {
                    return None;
                }
                // `#define F(x)`: a function-like macro (no blank before the parenthesis).
                if body
                    .first()
                    .is_some_and(|t| t.start == name.end && t.text(src) == "(")
                {
                    return None;
                }
                Some(Macro {
                    name: name.text(src).to_owned(),
                    body: body.to_vec(),
                })
            })
            .collect()
    }
}

/// Whether a `{` after this token opens a block of statements: a function or lambda body
/// (`) {`, `) const {`, `] {`), or a control-flow body (`else {`, `do {`, `try {`).
fn opens_code_block(previous: &str) -> bool {
    matches!(
        previous,
        ")" | "]"
            | "const"
            | "noexcept"
            | "override"
            | "final"
            | "mutable"
            | "try"
            | "else"
            | "do"
            | "__finally"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        lex(src).code.iter().map(|t| t.text(src)).collect()
    }

    #[test]
    fn drops_comments_and_keeps_literals_whole() {
        let src = "a /* x | y */ | b // c | d\n| L\"e | f\" | 'g' | R\"x(h)\" | i)x\" | 0x8'00UL;";
        assert_eq!(
            texts(src),
            [
                "a",
                "|",
                "b",
                "|",
                "L\"e | f\"",
                "|",
                "'g'",
                "|",
                "R\"x(h)\" | i)x\"",
                "|",
                "0x8'00UL",
                ";"
            ]
        );
    }

    #[test]
    fn directives_continue_over_backslash_newlines_and_block_comments() {
        let src =
            "#define A (X | \\\n   Y) /* one\n two */ | Z\nint b;\n  #  if 0\nint c;\n#endif\n";
        let lexed = lex(src);
        assert_eq!(lexed.directives.len(), 3);
        let define = &lexed.directives[0];
        assert_eq!(define.name, "define");
        let body: Vec<&str> = define.tokens.iter().map(|t| t.text(src)).collect();
        assert_eq!(body, ["A", "(", "X", "|", "Y", ")", "|", "Z"]);
        assert_eq!(lexed.directives[1].name, "if");
        let code: Vec<&str> = lexed.code.iter().map(|t| t.text(src)).collect();
        assert_eq!(code, ["int", "b", ";", "int", "c", ";"]);
        let c = src.find("int c").unwrap();
        assert!(lexed.is_dead(c));
        assert!(!lexed.is_dead(src.find("int b").unwrap()));
    }

    #[test]
    fn if_zero_regions_end_at_else_elif_and_endif() {
        let src = "#if 0\nA\n#if X\nB\n#else\nC\n#endif\nD\n#else\nE\n#endif\n#if (0)\nF\n#elif 1\nG\n#endif\n#ifdef Y\nH\n#elif 0\nI\n#endif\n#if 0\nJ";
        let lexed = lex(src);
        let dead: Vec<&str> = lexed
            .code
            .iter()
            .filter(|t| lexed.is_dead(t.start))
            .map(|t| t.text(src))
            .collect();
        assert_eq!(dead, ["A", "B", "C", "D", "F", "I", "J"]);
    }

    #[test]
    fn scopes_are_function_bodies_not_classes_namespaces_or_initialisers() {
        let src = "namespace n { int g = { 1 }; struct S { void f() const { if (a) { x; } } }; }\nvoid h()\n#ifdef A\n{ y;\n#else\n{ z;\n#endif\n w; }\nint after;";
        let lexed = lex(src);
        let scope = |needle: &str| lexed.scope_at(src.find(needle).unwrap());
        assert_eq!(scope("1 }"), None);
        let x = scope("x;").unwrap();
        assert_eq!(lexed.code[x].start, src.find("{ if").unwrap());
        let y = scope("y;").unwrap();
        assert_eq!(scope("w;"), Some(y), "the #else brace does not count");
        assert_eq!(scope("z;"), Some(y));
        assert_eq!(scope("after"), None);
    }

    #[test]
    fn macros_are_object_like_and_live() {
        let src = "#define A 1\n#define F(x) x\n#define G (2)\n#if 0\n#define H 3\n#endif\n";
        let lexed = lex(src);
        let names: Vec<String> = lexed.macros(src).into_iter().map(|m| m.name).collect();
        assert_eq!(names, ["A", "G"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for src in [
            "\"unterminated",
            "'",
            "R\"abc",
            "/* open",
            "#",
            "#define",
            "\\",
            "a\\\r\nb",
            "é'x'ü \u{feff}",
            "#endif\n#else\n}}}",
            "0x1e+5 1e+5 .5 1é+ 0xé 0'é \"\\é\" '\\",
        ] {
            let _ = lex(src);
        }
    }
}
