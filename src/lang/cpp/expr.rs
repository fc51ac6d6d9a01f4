//! Constant expressions over tokens: parsing (`|` chains, `&`, `~`, shifts, arithmetic, casts,
//! `?:`) and evaluation into protocol bits and operands.
//!
//! Values are read from tokens, not from tree-sitter nodes, so that initialisers, arguments,
//! macro bodies and code inside ERROR regions are all read the same way.

use std::cell::RefCell;
use std::sync::Arc;

use super::known;
use super::lexer::{Kind, Token};
use crate::facts::{NativeBits, NativeChain, NativeOperand, OperandPlace, Span};

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// An identifier (possibly qualified: `::NAME`, `ns::NAME`; the last part is the name) or a
    /// number.
    Leaf { span: Span, name: Option<Span> },
    /// `a | b | c`, flattened, members in order.
    Or { span: Span, members: Vec<Expr> },
    /// `~a`, `-a`, `!a`, `+a`.
    Unary {
        span: Span,
        op: String,
        arg: Box<Expr>,
    },
    /// Any other binary operator.
    Binary {
        span: Span,
        op: String,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// Parentheses, braces, a cast (`(DWORD)a`, `static_cast<DWORD>(a)`, `DWORD(a)`): the value
    /// of `inner`.
    Group { span: Span, inner: Box<Expr> },
    /// `&a`.
    AddressOf { span: Span, inner: Box<Expr> },
    /// `c ? a : b` (the condition is a read).
    Ternary {
        span: Span,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    /// Pieces of something that did not parse as one expression (conditional compilation inside
    /// a value, a half-written line): each piece's bits are in the value, the rest is unknown.
    Broken { span: Span, pieces: Vec<Expr> },
    /// A call, a member access, `sizeof`, a string: nothing known.
    Unknown { span: Span },
}

impl Expr {
    pub fn span(&self) -> Span {
        match self {
            Expr::Leaf { span, .. }
            | Expr::Or { span, .. }
            | Expr::Unary { span, .. }
            | Expr::Binary { span, .. }
            | Expr::Group { span, .. }
            | Expr::AddressOf { span, .. }
            | Expr::Ternary { span, .. }
            | Expr::Broken { span, .. }
            | Expr::Unknown { span } => span.clone(),
        }
    }

    /// The expression without parentheses and casts around it.
    pub fn unwrapped(&self) -> &Expr {
        match self {
            Expr::Group { inner, .. } => inner.unwrapped(),
            other => other,
        }
    }
}

/// Parses an integer literal: decimal, hex, octal, binary, digit separators, `u`/`l` suffixes.
pub fn parse_int(text: &str) -> Option<u64> {
    let cleaned: String = text.chars().filter(|&c| c != '\'').collect();
    let trimmed = cleaned.trim_end_matches(['u', 'U', 'l', 'L', 'z', 'Z']);
    let (digits, radix) = if let Some(hex) = trimmed
        .strip_prefix("0x")
        .or_else(|| trimmed.strip_prefix("0X"))
    {
        (hex, 16)
    } else if let Some(bin) = trimmed
        .strip_prefix("0b")
        .or_else(|| trimmed.strip_prefix("0B"))
    {
        (bin, 2)
    } else if trimmed.len() > 1 && trimmed.starts_with('0') {
        (&trimmed[1..], 8)
    } else {
        (trimmed, 10)
    };
    if digits.is_empty() {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Binding power of a binary operator (C precedence), `None` for what ends an expression.
fn binding_power(op: &str) -> Option<u8> {
    Some(match op {
        "||" => 3,
        "&&" => 4,
        "|" => 5,
        "^" => 6,
        "&" => 7,
        "==" | "!=" => 8,
        "<" | ">" | "<=" | ">=" => 9,
        "<<" | ">>" => 10,
        "+" | "-" => 11,
        "*" | "/" | "%" => 12,
        _ => return None,
    })
}

/// Type names used in function-style casts (`DWORD(x)`, `DWORD{x}`).
fn is_cast_type(name: &str) -> bool {
    matches!(
        name,
        "DWORD"
            | "DWORD32"
            | "ULONG"
            | "UINT"
            | "UINT32"
            | "LONG"
            | "INT"
            | "uint32_t"
            | "int32_t"
            | "unsigned"
            | "int"
            | "long"
    )
}

struct Parser<'a> {
    tokens: &'a [Token],
    src: &'a str,
    i: usize,
    end: usize,
    depth: usize,
}

/// How deep expressions may nest before the parser gives up on them (hostile input).
const MAX_DEPTH: usize = 64;
/// Values longer than this are not evaluated (no protocol value is; hostile input could be).
const MAX_TOKENS: usize = 4096;
/// How many times [`parse`] restarts after a token it cannot read.
const MAX_RESTARTS: usize = 64;

impl Parser<'_> {
    fn text(&self, i: usize) -> &str {
        if i < self.end {
            self.tokens[i].text(self.src)
        } else {
            ""
        }
    }

    fn span(&self, first: usize, last: usize) -> Span {
        let start = self.tokens[first].start;
        let end = self.tokens[last.max(first)].end;
        start..end.max(start)
    }

    /// The index of the bracket closing the one at `i`, within the parser's range.
    fn matching(&self, i: usize) -> Option<usize> {
        let mut depth = 0usize;
        for j in i..self.end {
            match self.text(j) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(j);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Parses the expression in `first..last` (exclusive) with a nested parser.
    fn sub(&self, first: usize, last: usize) -> Option<Expr> {
        let mut inner = Parser {
            tokens: self.tokens,
            src: self.src,
            i: first,
            end: last,
            depth: self.depth + 1,
        };
        let expr = inner.expression(0)?;
        (inner.i == last).then_some(expr)
    }

    /// Whether tokens `first..last` look like a type name (a C-style cast's parentheses).
    fn is_type(&self, first: usize, last: usize) -> bool {
        first < last
            && (first..last).all(|j| {
                let token = self.tokens[j];
                token.kind == Kind::Ident || matches!(self.text(j), "*" | "&" | "::" | "<" | ">")
            })
            && (first..last).any(|j| self.tokens[j].kind == Kind::Ident)
            && !(last - first == 1 && known::value(self.text(first)).is_some())
    }

    /// `(LPVOID)`, `(void *)`, `(PBYTE)`: a cast to a pointer, after which `&x` is an address,
    /// not a bitwise and.
    fn is_pointer_type(&self, first: usize, last: usize) -> bool {
        if (first..last).any(|j| self.text(j) == "*") {
            return true;
        }
        last - first == 1 && {
            let name = self.text(first);
            let rest = name
                .strip_prefix("LP")
                .or_else(|| name.strip_prefix('P'))
                .unwrap_or("");
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_uppercase() || c == '_')
        }
    }

    fn starts_operand(&self, i: usize) -> bool {
        i < self.end
            && (matches!(self.tokens[i].kind, Kind::Ident | Kind::Number)
                || matches!(self.text(i), "(" | "~" | "!" | "{" | "::"))
    }

    fn expression(&mut self, min_bp: u8) -> Option<Expr> {
        if self.depth > MAX_DEPTH {
            return None;
        }
        let first = self.i;
        let mut left = self.prefix()?;
        loop {
            let op = self.text(self.i).to_owned();
            if op == "?" && min_bp <= 2 {
                self.i += 1;
                let then = self.expression(0)?;
                if self.text(self.i) != ":" {
                    return None;
                }
                self.i += 1;
                let otherwise = self.expression(2)?;
                left = Expr::Ternary {
                    span: self.span(first, self.i - 1),
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                };
                continue;
            }
            let Some(bp) = binding_power(&op) else { break };
            if bp <= min_bp {
                break;
            }
            self.i += 1;
            let right = self.expression(bp)?;
            let span = self.span(first, self.i - 1);
            left = if op == "|" {
                match left {
                    Expr::Or { mut members, .. } => {
                        members.push(right);
                        Expr::Or { span, members }
                    }
                    other => Expr::Or {
                        span,
                        members: vec![other, right],
                    },
                }
            } else {
                Expr::Binary {
                    span,
                    op,
                    left: Box::new(left),
                    right: Box::new(right),
                }
            };
        }
        Some(left)
    }

    fn prefix(&mut self) -> Option<Expr> {
        if self.i >= self.end || self.depth > MAX_DEPTH {
            return None;
        }
        let first = self.i;
        let token = self.tokens[first];
        let text = self.text(first).to_owned();
        match text.as_str() {
            "~" | "!" | "-" | "+" => {
                self.i += 1;
                self.depth += 1;
                let arg = self.prefix();
                self.depth -= 1;
                let arg = arg?;
                return Some(Expr::Unary {
                    span: self.span(first, self.i - 1),
                    op: text,
                    arg: Box::new(arg),
                });
            }
            "&" => {
                self.i += 1;
                self.depth += 1;
                let inner = self.prefix();
                self.depth -= 1;
                let inner = inner?;
                return Some(Expr::AddressOf {
                    span: self.span(first, self.i - 1),
                    inner: Box::new(inner),
                });
            }
            "*" | "++" | "--" => {
                self.i += 1;
                self.depth += 1;
                let inner = self.prefix();
                self.depth -= 1;
                inner?;
                return Some(Expr::Unknown {
                    span: self.span(first, self.i - 1),
                });
            }
            "sizeof" | "alignof" | "_countof" | "ARRAYSIZE" => {
                self.i += 1;
                if self.text(self.i) == "(" {
                    self.i = self.matching(self.i)? + 1;
                } else {
                    self.depth += 1;
                    let operand = self.prefix();
                    self.depth -= 1;
                    operand?;
                }
                return Some(Expr::Unknown {
                    span: self.span(first, self.i - 1),
                });
            }
            "(" => {
                let close = self.matching(first)?;
                if self.is_type(first + 1, close)
                    && (self.starts_operand(close + 1)
                        || (self.is_pointer_type(first + 1, close)
                            && matches!(self.text(close + 1), "&" | "*")))
                {
                    self.i = close + 1;
                    self.depth += 1;
                    let inner = self.prefix();
                    self.depth -= 1;
                    let inner = inner?;
                    return Some(Expr::Group {
                        span: self.span(first, self.i - 1),
                        inner: Box::new(inner),
                    });
                }
                let inner = self.sub(first + 1, close)?;
                self.i = close + 1;
                return self.postfix(
                    first,
                    Expr::Group {
                        span: self.span(first, close),
                        inner: Box::new(inner),
                    },
                );
            }
            "{" => {
                let close = self.matching(first)?;
                let inner = self.sub(first + 1, close)?;
                self.i = close + 1;
                return Some(Expr::Group {
                    span: self.span(first, close),
                    inner: Box::new(inner),
                });
            }
            _ => {}
        }
        match token.kind {
            Kind::Number => {
                self.i += 1;
                Some(Expr::Leaf {
                    span: token.span(),
                    name: None,
                })
            }
            Kind::Literal => {
                self.i += 1;
                Some(Expr::Unknown { span: token.span() })
            }
            Kind::Ident => self.name(),
            Kind::Punct if text == "::" => self.name(),
            Kind::Punct => None,
        }
    }

    /// An identifier with what follows it: a qualified name, a cast, a call, a member access.
    fn name(&mut self) -> Option<Expr> {
        let first = self.i;
        if self.text(self.i) == "::" {
            self.i += 1;
        }
        if self.i >= self.end || self.tokens[self.i].kind != Kind::Ident {
            return None;
        }
        let mut last = self.i;
        self.i += 1;
        while self.text(self.i) == "::"
            && self.i + 1 < self.end
            && self.tokens[self.i + 1].kind == Kind::Ident
        {
            last = self.i + 1;
            self.i += 2;
        }
        let name = self.text(last).to_owned();
        if matches!(
            name.as_str(),
            "static_cast" | "reinterpret_cast" | "const_cast" | "dynamic_cast"
        ) && self.text(self.i) == "<"
        {
            // Skip the template argument to the `(`.
            let mut angle = 0i32;
            while self.i < self.end {
                match self.text(self.i) {
                    "<" => angle += 1,
                    ">" => angle -= 1,
                    ">>" => angle -= 2,
                    _ => {}
                }
                self.i += 1;
                if angle <= 0 {
                    break;
                }
            }
            if self.text(self.i) != "(" {
                return None;
            }
            let close = self.matching(self.i)?;
            let inner = self.sub(self.i + 1, close)?;
            self.i = close + 1;
            return Some(Expr::Group {
                span: self.span(first, close),
                inner: Box::new(inner),
            });
        }
        if is_cast_type(&name) && matches!(self.text(self.i), "(" | "{") {
            let open = self.i;
            let close = self.matching(open)?;
            let inner = self.sub(open + 1, close)?;
            self.i = close + 1;
            return Some(Expr::Group {
                span: self.span(first, close),
                inner: Box::new(inner),
            });
        }
        let leaf = Expr::Leaf {
            span: self.span(first, last),
            name: Some(self.tokens[last].span()),
        };
        self.postfix(first, leaf)
    }

    /// Calls, indexing, member accesses and `++`/`--` after an operand make it unknown.
    fn postfix(&mut self, first: usize, expr: Expr) -> Option<Expr> {
        let mut unknown = false;
        loop {
            match self.text(self.i) {
                "(" | "[" => {
                    self.i = self.matching(self.i)? + 1;
                    unknown = true;
                }
                "." | "->" => {
                    self.i += 1;
                    if self.i < self.end && self.tokens[self.i].kind == Kind::Ident {
                        self.i += 1;
                    }
                    unknown = true;
                }
                "++" | "--" => {
                    self.i += 1;
                    unknown = true;
                }
                _ => break,
            }
        }
        Some(if unknown {
            Expr::Unknown {
                span: self.span(first, self.i - 1),
            }
        } else {
            expr
        })
    }
}

/// Whether a value is within what [`parse`] reads completely: not longer than [`MAX_TOKENS`]
/// and not nested deeper than [`MAX_DEPTH`] brackets. Beyond that its operands may be lost, and
/// the analyser reports the file instead of guessing.
pub fn within_limits(tokens: &[Token], src: &str) -> bool {
    if tokens.len() > MAX_TOKENS {
        return false;
    }
    let mut depth = 0usize;
    for token in tokens {
        match token.text(src) {
            "(" | "{" | "[" => {
                depth += 1;
                if depth > MAX_DEPTH / 2 {
                    return false;
                }
            }
            ")" | "}" | "]" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

/// Parses the tokens of a value. What does not parse as one expression is parsed piece by
/// piece into [`Expr::Broken`], so that no operand is lost to a half-understood line.
pub fn parse(tokens: &[Token], src: &str) -> Option<Expr> {
    let span = tokens.first()?.start..tokens.last()?.end;
    if tokens.len() > MAX_TOKENS {
        return Some(Expr::Unknown { span });
    }
    let mut pieces = Vec::new();
    let mut i = 0;
    let mut restarts = 0;
    while i < tokens.len() && restarts <= MAX_RESTARTS {
        let mut parser = Parser {
            tokens,
            src,
            i,
            end: tokens.len(),
            depth: 0,
        };
        match parser.expression(0) {
            Some(expr) if parser.i > i => {
                pieces.push(expr);
                i = parser.i;
            }
            _ => {
                i += 1;
                restarts += 1;
            }
        }
    }
    if i < tokens.len() {
        return Some(Expr::Broken { span, pieces });
    }
    match pieces.len() {
        0 => Some(Expr::Unknown { span }),
        1 if pieces[0].span() == span => pieces.pop(),
        _ => Some(Expr::Broken { span, pieces }),
    }
}

/// What a name stands for, as the analyser resolves it (macros, enumerators, variables).
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub bits: NativeBits,
    /// Operands found where the name's value is written.
    pub operands: Vec<NativeOperand>,
}

impl Resolved {
    pub fn unknown() -> Resolved {
        Resolved {
            bits: NativeBits::UNKNOWN,
            operands: Vec::new(),
        }
    }
}

/// Resolves names that are not SDK constants.
pub trait Resolve {
    /// The value of `name` as used at byte `at`; `depth` bounds recursion.
    fn resolve(&self, name: &str, at: usize, depth: usize) -> Resolved;
}

/// How deep names may refer to other names.
pub const MAX_RESOLVE_DEPTH: usize = 12;

/// Evaluates `expr`, written in `src`, as a protocol value. `expression` is the whole value the
/// expression belongs to (recorded on operands for fixes).
pub fn evaluate(
    expr: &Expr,
    src: &str,
    expression: &Span,
    resolver: &dyn Resolve,
    depth: usize,
) -> Resolved {
    let mut out = Vec::new();
    let evaluator = Evaluator {
        src,
        expression,
        resolver,
        depth,
        // Pieces of a value that did not parse as one expression: what joins them is unknown,
        // so no fix may edit them.
        broken: matches!(expr, Expr::Broken { .. }),
        direct: RefCell::new(Vec::new()),
    };
    let bits = evaluator.eval(expr, None, &mut out);
    // The operands written in this expression (not those reached through names) learn what
    // the whole expression holds.
    for i in evaluator.direct.into_inner() {
        if let Some(operand) = out.get_mut(i) {
            operand.expression_bits = bits;
        }
    }
    Resolved {
        bits,
        operands: out,
    }
}

/// A member of a `|` chain: all the members, and which one it is.
type Slot<'e> = Option<(&'e Arc<[Span]>, usize)>;

struct Evaluator<'a> {
    src: &'a str,
    expression: &'a Span,
    resolver: &'a dyn Resolve,
    depth: usize,
    broken: bool,
    /// Indexes (in `out`) of the operands written in `expression` itself.
    direct: RefCell<Vec<usize>>,
}

impl Evaluator<'_> {
    /// The bits of `expr`; operands are pushed to `out`. `slot` places `expr` in the `|` chain
    /// it is a member of.
    fn eval(&self, expr: &Expr, slot: Slot, out: &mut Vec<NativeOperand>) -> NativeBits {
        match expr {
            Expr::Or { members, .. } => {
                let spans: Arc<[Span]> = members.iter().map(Expr::span).collect();
                let mut bits = NativeBits::known(0);
                for (k, member) in members.iter().enumerate() {
                    let b = self.eval(member, Some((&spans, k)), out);
                    bits.set |= b.set;
                    bits.possible |= b.possible;
                }
                bits
            }
            Expr::Group { inner, .. } => self.eval(inner, slot, out),
            Expr::Ternary {
                then, otherwise, ..
            } => {
                let a = self.eval(then, None, out);
                let b = self.eval(otherwise, None, out);
                NativeBits {
                    set: a.set & b.set,
                    possible: a.possible | b.possible,
                }
            }
            Expr::Broken { pieces, .. } => {
                // What is written is taken to be in the value (as in the branches of an `#if`
                // inside it); what joins the pieces is not known.
                let mut set = 0;
                for piece in pieces {
                    set |= self.eval(piece, None, out).set;
                }
                NativeBits {
                    set,
                    possible: u32::MAX,
                }
            }
            Expr::Leaf { span, name: None } => {
                match parse_int(&self.src[span.clone()]).and_then(|n| u32::try_from(n).ok()) {
                    Some(bits) => {
                        self.push(out, span, bits, slot);
                        NativeBits::known(bits)
                    }
                    None => NativeBits::UNKNOWN,
                }
            }
            Expr::Leaf {
                span,
                name: Some(name),
            } => {
                let name_text = &self.src[name.clone()];
                if let Some(bits) = known::value(name_text) {
                    self.push(out, span, bits, slot);
                    return NativeBits::known(bits);
                }
                if self.depth >= MAX_RESOLVE_DEPTH {
                    return NativeBits::UNKNOWN;
                }
                // Resolved at the name itself (`ns::NAME`): where the analyser counts the uses
                // of a definition.
                let resolved = self.resolver.resolve(name_text, name.start, self.depth + 1);
                out.extend(resolved.operands);
                resolved.bits
            }
            Expr::Unary { .. } | Expr::Binary { .. } => {
                // A compound operand: reported as a whole when its value is known.
                let bits = self.fold(expr);
                if bits.is_known() {
                    self.push(out, &expr.span(), bits.set, slot);
                }
                bits
            }
            Expr::AddressOf { .. } | Expr::Unknown { .. } => NativeBits::UNKNOWN,
        }
    }

    /// The bits of `expr` without recording operands.
    fn fold(&self, expr: &Expr) -> NativeBits {
        match expr {
            Expr::Unary { op, arg, .. } => {
                let a = self.fold(arg);
                match op.as_str() {
                    "~" => NativeBits {
                        set: !a.possible,
                        possible: !a.set,
                    },
                    "+" => a,
                    "-" if a.is_known() => NativeBits::known(a.set.wrapping_neg()),
                    "!" if a.is_known() => NativeBits::known(u32::from(a.set == 0)),
                    "!" => NativeBits {
                        set: 0,
                        possible: 1,
                    },
                    _ => NativeBits::UNKNOWN,
                }
            }
            Expr::Binary {
                op, left, right, ..
            } => {
                let (a, b) = (self.fold(left), self.fold(right));
                if op == "&" {
                    return NativeBits {
                        set: a.set & b.set,
                        possible: a.possible & b.possible,
                    };
                }
                if !(a.is_known() && b.is_known()) {
                    return NativeBits::UNKNOWN;
                }
                let (x, y) = (a.set, b.set);
                let value = match op.as_str() {
                    "^" => Some(x ^ y),
                    "<<" => x.checked_shl(y),
                    ">>" => x.checked_shr(y),
                    "+" => Some(x.wrapping_add(y)),
                    "-" => Some(x.wrapping_sub(y)),
                    "*" => Some(x.wrapping_mul(y)),
                    "/" => x.checked_div(y),
                    "%" => x.checked_rem(y),
                    "==" => Some(u32::from(x == y)),
                    "!=" => Some(u32::from(x != y)),
                    "<" => Some(u32::from(x < y)),
                    ">" => Some(u32::from(x > y)),
                    "<=" => Some(u32::from(x <= y)),
                    ">=" => Some(u32::from(x >= y)),
                    "&&" => Some(u32::from(x != 0 && y != 0)),
                    "||" => Some(u32::from(x != 0 || y != 0)),
                    _ => None,
                };
                value.map_or(NativeBits::UNKNOWN, NativeBits::known)
            }
            other => {
                let mut ignored = Vec::new();
                let before = self.direct.borrow().len();
                let bits = self.eval(other, None, &mut ignored);
                // Nothing was recorded in `out`.
                self.direct.borrow_mut().truncate(before);
                bits
            }
        }
    }

    /// Records an operand written in this expression. Where it is written, for fixes, is
    /// settled by the analyser once every sink is known; until then it is local (or recovered,
    /// in a broken value).
    fn push(&self, out: &mut Vec<NativeOperand>, span: &Span, bits: u32, slot: Slot) {
        self.direct.borrow_mut().push(out.len());
        out.push(NativeOperand {
            span: span.clone(),
            text: collapse_whitespace(&self.src[span.clone()]),
            bits,
            expression: self.expression.clone(),
            expression_bits: NativeBits::UNKNOWN,
            chain: slot.map(|(members, index)| NativeChain {
                members: Arc::clone(members),
                index,
                directives: Vec::new(),
            }),
            place: if self.broken {
                OperandPlace::Recovered
            } else {
                OperandPlace::Local { deletable: None }
            },
        });
    }
}

/// Collapses runs of whitespace (line breaks in a multi-line value) into single spaces.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::lexer::lex;
    use super::*;

    struct NoNames;
    impl Resolve for NoNames {
        fn resolve(&self, _: &str, _: usize, _: usize) -> Resolved {
            Resolved::unknown()
        }
    }

    fn eval(src: &str) -> (NativeBits, Vec<(String, u32, Option<String>)>) {
        let lexed = lex(src);
        let expr = parse(&lexed.code, src).unwrap();
        let span = expr.span();
        let r = evaluate(&expr, src, &span, &NoNames, 0);
        (
            r.bits,
            r.operands
                .into_iter()
                .map(|o| {
                    let removal = o.removal().map(|s| src[s].to_owned());
                    (o.text, o.bits, removal)
                })
                .collect(),
        )
    }

    #[test]
    fn integers_in_every_base() {
        assert_eq!(parse_int("0xA8"), Some(0xA8));
        assert_eq!(parse_int("0x00000800UL"), Some(0x800));
        assert_eq!(parse_int("2'048"), Some(2048));
        assert_eq!(parse_int("0b1000'0000"), Some(0x80));
        assert_eq!(parse_int("0200"), Some(0x80));
        assert_eq!(parse_int("0"), Some(0));
        assert_eq!(parse_int("1.5"), None);
        assert_eq!(parse_int("0x"), None);
    }

    #[test]
    fn or_chains_give_operands_with_removal_spans() {
        let (bits, operands) = eval(
            "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 |\n  WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1 | 0x800",
        );
        assert_eq!(bits, NativeBits::known(0xA80));
        assert_eq!(
            operands,
            [
                (
                    "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1".to_owned(),
                    0x80,
                    Some("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1 |\n  ".to_owned())
                ),
                (
                    "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1".to_owned(),
                    0x200,
                    Some(" |\n  WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1".to_owned())
                ),
                ("0x800".to_owned(), 0x800, Some(" | 0x800".to_owned())),
            ]
        );
    }

    #[test]
    fn casts_parentheses_and_compounds() {
        let (bits, operands) = eval("(DWORD)(SP_PROT_TLS1_CLIENT | (SP_PROT_TLS1_2_CLIENT))");
        assert_eq!(bits, NativeBits::known(0x880));
        assert_eq!(operands.len(), 2);
        let (bits, operands) = eval(
            "static_cast<DWORD>(WINHTTP_FLAG_SECURE_PROTOCOL_ALL & ~WINHTTP_FLAG_SECURE_PROTOCOL_SSL2)",
        );
        assert_eq!(bits, NativeBits::known(0xA0));
        assert_eq!(
            operands[0].0,
            "WINHTTP_FLAG_SECURE_PROTOCOL_ALL & ~WINHTTP_FLAG_SECURE_PROTOCOL_SSL2"
        );
        assert_eq!(operands[0].2, None);
        assert_eq!(eval("1 << 7").0, NativeBits::known(0x80));
        assert_eq!(eval("DWORD(0x80)").1[0].0, "0x80");
        assert_eq!(eval("::SP_PROT_SSL3_CLIENT").1[0].1, 0x20);
    }

    #[test]
    fn unknown_parts_keep_what_is_known() {
        let (bits, operands) = eval("flags | SP_PROT_TLS1_CLIENT");
        assert_eq!(bits.set, 0x80);
        assert_eq!(bits.possible, u32::MAX);
        assert_eq!(operands.len(), 1);
        let (bits, _) = eval("~flags");
        assert_eq!(bits, NativeBits::UNKNOWN);
        let (bits, _) = eval("~SP_PROT_TLS1_3_CLIENT");
        assert_eq!(bits, NativeBits::known(!0x2000));
        assert_eq!(eval("GetFlags() | x->y").0, NativeBits::UNKNOWN);
        assert_eq!(eval("c ? SP_PROT_TLS1_CLIENT : 0").0.possible, 0x80);
    }

    #[test]
    fn broken_values_still_yield_their_operands() {
        let (bits, operands) = eval("SP_PROT_TLS1_CLIENT SP_PROT_TLS1_1_CLIENT )");
        assert_eq!((bits.set, bits.possible), (0x280, u32::MAX));
        assert_eq!(operands.len(), 2);
        for src in [
            "(",
            ")",
            "| |",
            "a ? b",
            "static_cast<",
            "~",
            "((((",
            "&",
            "sizeof",
        ] {
            let lexed = lex(src);
            let _ = parse(&lexed.code, src);
        }
        let deep = "(".repeat(5000) + "1" + &")".repeat(5000);
        let lexed = lex(&deep);
        let _ = parse(&lexed.code, &deep);
    }
}
