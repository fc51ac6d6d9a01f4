//! A parser for the part of VB.NET the rules need, one logical statement at a time.
//!
//! It builds a small syntax tree of the statements that can write a value (assignments,
//! declarations, parameter defaults, `Return`) and of expressions with VB's operator precedence,
//! so that the analyser can tell `x = x Or Tls12` (a write) from `If x = Tls Then` (a read), and
//! `x And Not Tls` (a mask) from `Tls Or Tls12` (a set). Anything it does not recognise is parsed
//! as expressions that are only read: an unknown statement can hide a write, never invent one.
//!
//! The tree is bounded: nesting deeper than [`MAX_DEPTH`] and member chains longer than that are
//! cut off, so walking it never exhausts the stack; [`Parsed::too_deep`] says so, and the file
//! is then reported as not analysed rather than analysed in part.

use std::ops::Range;

use super::lexer::{Kind, Token, parse_int, string_value};
use crate::facts::Span;

/// Nesting limit for expressions and nested statements (parentheses, calls, lambdas, `Not`).
pub const MAX_DEPTH: u32 = 200;

/// An expression.
#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    /// Byte range in the source (empty for a missing expression).
    pub span: Span,
    /// The tokens it was parsed from.
    pub toks: Range<usize>,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// An integer literal in any base.
    Int(i128),
    Str(String),
    Bool(bool),
    /// `Nothing`, dates, characters, fractional numbers, `NameOf(…)`.
    Literal,
    /// A simple name (without brackets or type character).
    Name(String),
    /// `receiver.name`, `receiver?.name`, `receiver!name`; `.name` inside `With` has no receiver.
    Member {
        receiver: Option<Box<Expr>>,
        name: String,
    },
    /// A call or an index (VB writes both with parentheses).
    Call {
        target: Box<Expr>,
        args: Vec<Arg>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// Operands joined by operators of one precedence level, evaluated left to right
    /// (`a Or b Or c` is one chain, so long chains never make the tree deep).
    Chain {
        ops: Vec<BinOp>,
        operands: Vec<Expr>,
    },
    Paren(Box<Expr>),
    /// `CType(v, T)`, `DirectCast(v, T)`, `TryCast(v, T)`, `CInt(v)`, `CStr(v)`, …
    Convert {
        to: Conversion,
        value: Box<Expr>,
    },
    GetType(TypeRef),
    /// `TypeOf value Is T`.
    TypeOf(Box<Expr>),
    /// `If(cond, a, b)` (with a condition) or `If(a, b)` (without).
    If {
        cond: Option<Box<Expr>>,
        branches: Vec<Expr>,
    },
    /// `New T(args) [With {…} | From {…}]`, `New With {…}`.
    New {
        args: Vec<Arg>,
        init: Init,
        /// `New With {…}`: an anonymous type, whose members configure nothing.
        anonymous: bool,
    },
    /// `{a, b}` array literals and `(a, b)` tuples: each element is a value of its own.
    Array(Vec<Expr>),
    Lambda(Box<LambdaBody>),
    /// `$"…{a}…{b}…"`: the holes.
    Interpolated(Vec<Expr>),
    /// Expressions that are only read (the parts of a construct the parser does not model).
    Reads(Vec<Expr>),
    /// Nothing parseable here.
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Negate,
    Plus,
    Await,
    AddressOf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Xor,
    Or,
    OrElse,
    And,
    AndAlso,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Is,
    IsNot,
    Like,
    Shl,
    Shr,
    Concat,
    Add,
    Sub,
    Mod,
    IntDiv,
    Mul,
    Div,
    Pow,
}

/// What a conversion function converts to.
#[derive(Clone, Debug)]
pub enum Conversion {
    /// `CType`, `DirectCast`, `TryCast`.
    Type(TypeRef),
    /// `CInt`, `CLng`, `CShort`, `CByte`, … (the value passes through as a number).
    Integral,
    /// `CStr`: the value becomes text (it is only read).
    Text,
    /// `CBool`, `CDbl`, `CObj`, …
    Other,
}

/// A type as written: `System.Net.SecurityProtocolType`, `List(Of T)`, `Integer()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TypeRef {
    /// The dotted name's segments (`Global` included when written).
    pub segments: Vec<String>,
    /// No type arguments and no array rank: a plain named type (`?` is allowed).
    pub plain: bool,
}

/// An argument of a call.
#[derive(Clone, Debug)]
pub struct Arg {
    /// `name:=value`.
    pub name: Option<String>,
    /// `None` for an omitted argument (`f(a, , c)`).
    pub value: Option<Expr>,
}

/// The initializer of a `New` expression.
#[derive(Clone, Debug)]
pub enum Init {
    None,
    /// `With {.Name = value, Key .Other = value}`.
    Object(Vec<Field>),
    /// `From {a, b}`, or the `{a, b}` of an array creation.
    Collection(Vec<Expr>),
}

/// `.Name = value` in an object initializer (`name` is empty for an inferred member).
#[derive(Clone, Debug)]
pub struct Field {
    pub name: String,
    pub value: Expr,
}

/// The body of a lambda.
#[derive(Clone, Debug)]
pub enum LambdaBody {
    /// `Function(x) value`: the value is returned.
    Expr(Expr),
    /// `Sub() statement`.
    Stmts(Vec<Stmt>),
    /// A multi-line lambda: its statements follow on the next lines.
    Block,
}

/// A statement the analyser looks at.
#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
    /// The enclosing class, module or structure (index into [`Parsed::owners`]).
    pub owner: Option<usize>,
    /// The enclosing method or accessor (index into [`Parsed::frames`]).
    pub frame: Option<usize>,
}

impl Stmt {
    /// A `Const` (or `Shared ReadOnly`) declaration: its values can be folded where used.
    pub fn declares_constant(&self) -> bool {
        matches!(self.kind, StmtKind::Declare { constant: true, .. })
    }
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    /// `target op value`.
    Assign {
        target: Expr,
        op: AssignOp,
        value: Expr,
    },
    /// `Dim`/`Const`/field/`Using`/auto-property declarations with their initializers.
    Declare {
        /// `Const`, or a `Shared ReadOnly` field (or a `ReadOnly` field of a `Module`): its
        /// value can be folded where the name is used.
        constant: bool,
        items: Vec<Declarator>,
    },
    /// The parameters of a method or property, for their `Optional … = default` values.
    Params(Vec<Param>),
    /// `Return value`, `Yield value`.
    Return(Expr),
    /// Expressions that are evaluated and not stored (conditions, calls, `Case` labels, …).
    Read(Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Set,
    /// `&=`: string concatenation.
    Concat,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`, `/=`, `\=`, `^=`, `<<=`, `>>=`
    Other,
}

#[derive(Clone, Debug)]
pub struct Declarator {
    pub name: String,
    /// The declared type; `None` without `As`, or for arrays (`Dim a(3) As T`).
    pub ty: Option<TypeRef>,
    pub value: Option<Expr>,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub ty: Option<TypeRef>,
    pub default: Option<Expr>,
}

/// A method, accessor or multi-line lambda: what `Return` returns to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub kind: FrameKind,
    /// A `Function`'s name, lower-cased (assigning to it sets the return value).
    pub name: Option<String>,
    /// The declared return type.
    pub ty: Option<TypeRef>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    Sub,
    Function,
    Operator,
    Get,
    Set,
}

/// `Imports alias = path` or `Imports path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub alias: Option<String>,
    pub path: Vec<String>,
}

/// A parsed file.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The statements [`parse_each`] kept (it keeps none; callers choose).
    pub stmts: Vec<Stmt>,
    /// Names of the classes, modules and structures, lower-cased.
    pub owners: Vec<String>,
    /// Methods, accessors and multi-line lambdas, in the order they start.
    pub frames: Vec<Frame>,
    pub imports: Vec<Import>,
    /// `Option Strict On` in this file (without it, integers convert to enums implicitly).
    pub strict_on: bool,
    /// Some expression was nested deeper than [`MAX_DEPTH`]: its inner part was not read, so
    /// the file's facts are incomplete.
    pub too_deep: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockKind {
    Class,
    Module,
    Structure,
    Interface,
}

/// Statement modifiers that matter here.
#[derive(Default)]
struct Modifiers {
    any: bool,
    declares: bool,
    constant: bool,
    shared: bool,
    read_only: bool,
    must_override: bool,
}

#[rustfmt::skip]
const MODIFIERS: [&str; 26] = [
    "public", "private", "protected", "friend", "shared", "shadows", "overrides", "overridable",
    "notoverridable", "mustoverride", "mustinherit", "notinheritable", "overloads", "readonly",
    "writeonly", "static", "dim", "const", "partial", "async", "iterator", "default", "widening",
    "narrowing", "withevents", "custom",
];

/// Reserved words that cannot start an expression, sorted for binary search. Type keywords,
/// `Me`, `MyBase`, `MyClass`, `Global` and the expression keywords the parser handles (`New`,
/// `CType`, `If(`, `Not`, …) are not in the list.
#[rustfmt::skip]
const RESERVED: [&str; 100] = [
    "addhandler", "alias", "and", "andalso", "as", "byref", "byval", "call", "case", "catch",
    "class", "const", "continue", "declare", "default", "delegate", "dim", "do", "each", "else",
    "elseif", "end", "endif", "enum", "erase", "error", "event", "exit", "finally", "for",
    "friend", "get", "gosub", "goto", "handles", "implements", "imports", "in", "inherits",
    "interface", "is", "isnot", "let", "lib", "like", "loop", "mod", "module", "mustinherit",
    "mustoverride", "namespace", "narrowing", "next", "not", "notinheritable", "notoverridable",
    "of", "on", "operator", "option", "optional", "or", "orelse", "overloads", "overridable",
    "overrides", "paramarray", "partial", "private", "property", "protected", "public",
    "raiseevent", "readonly", "redim", "removehandler", "resume", "return", "select", "set",
    "shadows", "shared", "static", "step", "stop", "structure", "then", "throw", "to", "try",
    "using", "variant", "wend", "when", "while", "widening", "with", "withevents", "writeonly",
    "xor",
];

fn is_reserved(lower: &str) -> bool {
    RESERVED.binary_search(&lower).is_ok()
}

/// Parses a token stream from [`super::lexer::tokenize`], keeping every statement (tests).
#[cfg(test)]
pub fn parse(src: &str, toks: &[Token]) -> Parsed {
    let mut stmts = Vec::new();
    let mut parsed = parse_each(src, toks, |found| stmts.extend(found));
    parsed.stmts = stmts;
    parsed
}

/// Parses a token stream one logical statement at a time, handing the statements of each to
/// `each` (and then dropping them, so a large file never holds its whole tree). Returns what the
/// file declares as a whole (imports, `Option Strict`, types, frames), without statements.
/// Parsing is deterministic: a second pass over the same tokens numbers owners and frames the
/// same way.
pub fn parse_each(src: &str, toks: &[Token], mut each: impl FnMut(Vec<Stmt>)) -> Parsed {
    let mut parser = Parser {
        src,
        toks,
        pos: 0,
        end: 0,
        depth: 0,
        out: Parsed::default(),
        owner_stack: Vec::new(),
        frame_stack: Vec::new(),
        last_property_ty: None,
        pending_frames: Vec::new(),
    };
    let mut start = 0;
    for (i, token) in toks.iter().enumerate() {
        if token.kind == Kind::End {
            each(parser.parse_statement(start, i));
            start = i + 1;
        }
    }
    if start < toks.len() {
        each(parser.parse_statement(start, toks.len()));
    }
    parser.out
}

struct Parser<'s> {
    src: &'s str,
    toks: &'s [Token],
    pos: usize,
    /// Exclusive end of the current logical statement.
    end: usize,
    depth: u32,
    out: Parsed,
    owner_stack: Vec<(BlockKind, usize)>,
    frame_stack: Vec<usize>,
    last_property_ty: Option<TypeRef>,
    /// Multi-line lambdas started in the current statement.
    pending_frames: Vec<Frame>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TypeContext {
    /// After `As`, in `CType`/`GetType`: `T()` is an array type.
    Declared,
    /// After `New`: `T(…)` are constructor arguments.
    New,
}

impl<'s> Parser<'s> {
    fn parse_statement(&mut self, start: usize, end: usize) -> Vec<Stmt> {
        self.pos = start;
        self.end = end;
        self.depth = 0;
        let mut stmts = Vec::new();
        self.statement(&mut stmts, false);
        for frame in std::mem::take(&mut self.pending_frames) {
            self.push_frame(frame);
        }
        stmts
    }

    // ---- tokens -------------------------------------------------------------------------

    fn tok(&self, i: usize) -> Option<&'s Token> {
        if i < self.end { self.toks.get(i) } else { None }
    }

    fn peek(&self) -> Option<&'s Token> {
        self.tok(self.pos)
    }

    fn text(&self, token: &Token) -> &'s str {
        self.src.get(token.span.clone()).unwrap_or("")
    }

    fn punct_at(&self, i: usize, p: &str) -> bool {
        self.tok(i)
            .is_some_and(|t| t.kind == Kind::Punct && self.text(t) == p)
    }

    fn at_punct(&self, p: &str) -> bool {
        self.punct_at(self.pos, p)
    }

    fn kw_at(&self, i: usize, kw: &str) -> bool {
        self.tok(i).is_some_and(|t| {
            t.kind == Kind::Ident && !t.escaped && self.text(t).eq_ignore_ascii_case(kw)
        })
    }

    fn at_kw(&self, kw: &str) -> bool {
        self.kw_at(self.pos, kw)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        let found = self.at_punct(p);
        if found {
            self.pos += 1;
        }
        found
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let found = self.at_kw(kw);
        if found {
            self.pos += 1;
        }
        found
    }

    /// The keyword at `i`, lower-cased (`None` for escaped identifiers and other tokens).
    fn keyword_at(&self, i: usize) -> Option<String> {
        let t = self.tok(i)?;
        (t.kind == Kind::Ident && !t.escaped).then(|| self.text(t).to_ascii_lowercase())
    }

    fn is_ident_at(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| t.kind == Kind::Ident)
    }

    /// An identifier that can name a variable here (not a reserved word).
    fn is_name_at(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| {
            t.kind == Kind::Ident && (t.escaped || !is_reserved(&self.text(t).to_ascii_lowercase()))
        })
    }

    /// An identifier's name: without brackets or type character.
    fn ident_name(&self, token: &Token) -> String {
        let text = self.text(token);
        let name = if token.escaped {
            text.get(1..text.len().saturating_sub(1)).unwrap_or(text)
        } else {
            text.strip_suffix(['%', '&', '@', '!', '#', '$'])
                .unwrap_or(text)
        };
        name.to_owned()
    }

    fn span(&self, toks: Range<usize>) -> Span {
        match (self.toks.get(toks.start), toks.end.checked_sub(1)) {
            (Some(first), Some(last)) if toks.start < toks.end => {
                let end = self.toks.get(last).map_or(first.span.end, |t| t.span.end);
                first.span.start..end
            }
            (Some(first), _) => first.span.start..first.span.start,
            _ => {
                let end = self.toks.last().map_or(0, |t| t.span.end);
                end..end
            }
        }
    }

    fn expr(&self, kind: ExprKind, start: usize) -> Expr {
        let toks = start..self.pos.max(start);
        Expr {
            kind,
            span: self.span(toks.clone()),
            toks,
        }
    }

    fn stmt(&self, kind: StmtKind, start: usize) -> Stmt {
        Stmt {
            kind,
            span: self.span(start..self.pos.max(start)),
            owner: self.owner_stack.last().map(|&(_, i)| i),
            frame: self.frame_stack.last().copied(),
        }
    }

    /// Skips a balanced group starting at `(` or `{` (or just one token otherwise).
    fn skip_group(&mut self) {
        let mut nesting = 0usize;
        while let Some(t) = self.peek() {
            self.pos += 1;
            if t.kind == Kind::Punct {
                match self.text(t) {
                    "(" | "{" => nesting += 1,
                    ")" | "}" => nesting = nesting.saturating_sub(1),
                    _ => {}
                }
            }
            if nesting == 0 {
                return;
            }
        }
    }

    /// Skips tokens up to (not including) a `,` or a closing `)`/`}`/`>` at nesting level 0.
    fn skip_to_separator(&mut self, closers: &[&str]) {
        let mut nesting = 0usize;
        while let Some(t) = self.peek() {
            if t.kind == Kind::Punct {
                let text = self.text(t);
                if nesting == 0 && (text == "," || closers.contains(&text)) {
                    return;
                }
                match text {
                    "(" | "{" => nesting += 1,
                    ")" | "}" => nesting = nesting.saturating_sub(1),
                    _ => {}
                }
            }
            self.pos += 1;
        }
    }

    /// Runs `f` one nesting level deeper, or returns `None` at the limit.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            self.out.too_deep = true;
            return None;
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        Some(result)
    }

    // ---- statements ---------------------------------------------------------------------

    fn statement(&mut self, out: &mut Vec<Stmt>, nested: bool) {
        while self.at_punct("<") {
            let before = self.pos;
            self.attributes(out);
            if self.pos == before {
                break;
            }
        }
        let mut modifiers = Modifiers::default();
        while let Some(word) = self.keyword_at(self.pos) {
            if !MODIFIERS.contains(&word.as_str()) {
                break;
            }
            modifiers.any = true;
            match word.as_str() {
                "dim" | "static" => modifiers.declares = true,
                "const" => {
                    modifiers.declares = true;
                    modifiers.constant = true;
                }
                "shared" => modifiers.shared = true,
                "readonly" => modifiers.read_only = true,
                "mustoverride" => modifiers.must_override = true,
                _ => {}
            }
            self.pos += 1;
        }
        let start = self.pos;
        let Some(keyword) = self.keyword_at(self.pos) else {
            if modifiers.any && self.is_name_at(self.pos) {
                self.declaration(out, &modifiers);
            } else if self.peek().is_some() {
                self.simple(out, nested);
            }
            return;
        };
        match keyword.as_str() {
            "imports" if !nested => self.imports(),
            "option" => {
                if self.kw_at(self.pos + 1, "strict") {
                    self.out.strict_on = !self.kw_at(self.pos + 2, "off");
                }
            }
            "class" | "module" | "structure" | "interface" if self.is_ident_at(self.pos + 1) => {
                let kind = match keyword.as_str() {
                    "class" => BlockKind::Class,
                    "module" => BlockKind::Module,
                    "structure" => BlockKind::Structure,
                    _ => BlockKind::Interface,
                };
                if let Some(name) = self.tok(self.pos + 1).map(|t| self.ident_name(t)) {
                    self.out.owners.push(name.to_ascii_lowercase());
                    self.owner_stack.push((kind, self.out.owners.len() - 1));
                }
            }
            "end" => self.end_block(),
            "sub" | "function" | "operator" => self.method(out, &modifiers, &keyword),
            "property" => self.property(out),
            "get" | "set"
                if self.tok(self.pos + 1).is_none() || self.punct_at(self.pos + 1, "(") =>
            {
                let kind = if keyword == "get" {
                    FrameKind::Get
                } else {
                    FrameKind::Set
                };
                let ty = if kind == FrameKind::Get {
                    self.last_property_ty.clone()
                } else {
                    None
                };
                self.push_frame(Frame {
                    kind,
                    name: None,
                    ty,
                });
            }
            "declare" | "delegate" | "event" | "namespace" | "inherits" | "implements" | "enum"
            | "exit" | "continue" | "goto" | "resume" | "on" | "next" | "try" | "finally"
            | "stop" | "wend" | "endif" | "gosub" => {}
            "return" | "yield" => {
                self.pos += 1;
                if self.peek().is_some() && !self.at_kw("else") {
                    let value = self.parse_expr();
                    out.push(self.stmt(StmtKind::Return(value), start));
                }
                self.trailing(out, nested);
            }
            "if" | "elseif" => {
                self.pos += 1;
                self.read_scan(out, nested);
            }
            "else" | "call" => {
                self.pos += 1;
                self.statement(out, nested);
            }
            "using"
                if self.is_name_at(self.pos + 1)
                    && (self.kw_at(self.pos + 2, "as") || self.punct_at(self.pos + 2, "=")) =>
            {
                self.pos += 1;
                self.declaration(out, &Modifiers::default());
            }
            _ if modifiers.declares || (modifiers.any && self.is_name_at(self.pos)) => {
                self.declaration(out, &modifiers);
            }
            _ => self.simple(out, nested),
        }
    }

    /// `<Attr(args), Other>` before a declaration: the arguments are values passed on.
    fn attributes(&mut self, out: &mut Vec<Stmt>) {
        let start = self.pos;
        self.pos += 1;
        let mut found = Vec::new();
        loop {
            if self.is_ident_at(self.pos) && self.punct_at(self.pos + 1, ":") {
                self.pos += 2;
            }
            let before = self.pos;
            let attribute = self.postfix();
            // `<InlineData(SslProtocols.Ssl3)>`: test data, not a protocol in use.
            if self.pos > before && !is_test_data(&attribute) {
                found.push(attribute);
            }
            if self.eat_punct(",") {
                continue;
            }
            if self.eat_punct(">") {
                break;
            }
            self.skip_to_separator(&[">"]);
            if self.peek().is_none() || self.eat_punct(">") {
                break;
            }
            self.pos += 1; // ","
        }
        if !found.is_empty() {
            out.push(self.stmt(StmtKind::Read(found), start));
        }
    }

    fn imports(&mut self) {
        self.pos += 1;
        loop {
            if self.at_punct("<") {
                return; // an XML namespace import
            }
            let mut alias = None;
            if self.is_ident_at(self.pos) && self.punct_at(self.pos + 1, "=") {
                alias = self.peek().map(|t| self.ident_name(t));
                self.pos += 2;
            }
            let path = self.dotted();
            if !path.is_empty() {
                self.out.imports.push(Import { alias, path });
            }
            if self.at_punct("(") {
                self.skip_group();
            }
            if !self.eat_punct(",") {
                return;
            }
        }
    }

    /// A dotted name: `System.Net.SecurityProtocolType`.
    fn dotted(&mut self) -> Vec<String> {
        let mut segments = Vec::new();
        while let Some(t) = self.peek().filter(|t| t.kind == Kind::Ident) {
            segments.push(self.ident_name(t));
            self.pos += 1;
            if !(self.at_punct(".") && self.is_ident_at(self.pos + 1)) {
                break;
            }
            self.pos += 1;
        }
        segments
    }

    fn end_block(&mut self) {
        let Some(what) = self.keyword_at(self.pos + 1) else {
            return;
        };
        let block = match what.as_str() {
            "class" => Some(BlockKind::Class),
            "module" => Some(BlockKind::Module),
            "structure" => Some(BlockKind::Structure),
            "interface" => Some(BlockKind::Interface),
            _ => None,
        };
        if let Some(block) = block {
            if let Some(i) = self.owner_stack.iter().rposition(|&(k, _)| k == block) {
                self.owner_stack.truncate(i);
            }
            return;
        }
        let frame = match what.as_str() {
            "sub" => FrameKind::Sub,
            "function" => FrameKind::Function,
            "operator" => FrameKind::Operator,
            "get" => FrameKind::Get,
            "set" => FrameKind::Set,
            _ => return,
        };
        if let Some(i) = self
            .frame_stack
            .iter()
            .rposition(|&f| self.out.frames.get(f).is_some_and(|f| f.kind == frame))
        {
            self.frame_stack.truncate(i);
        }
    }

    fn push_frame(&mut self, frame: Frame) {
        self.out.frames.push(frame);
        self.frame_stack.push(self.out.frames.len() - 1);
    }

    /// `Sub`, `Function`, `Operator` declarations: parameter defaults, and the frame that
    /// `Return` statements belong to.
    fn method(&mut self, out: &mut Vec<Stmt>, modifiers: &Modifiers, keyword: &str) {
        let start = self.pos;
        self.pos += 1;
        let name = self.peek().map(|t| self.ident_name(t));
        self.pos += 1; // the name (or the operator symbol)
        if self.at_punct("(") && self.kw_at(self.pos + 1, "of") {
            self.skip_group();
        }
        let params = if self.at_punct("(") {
            self.params()
        } else {
            Vec::new()
        };
        let mut ty = None;
        if self.eat_kw("as") {
            while self.at_punct("<") {
                self.skip_to_separator(&[">"]);
                self.eat_punct(">");
            }
            ty = Some(self.type_ref(TypeContext::Declared));
        }
        if params.iter().any(|p| p.default.is_some()) {
            out.push(self.stmt(StmtKind::Params(params), start));
        }
        let in_interface = self
            .owner_stack
            .last()
            .is_some_and(|&(k, _)| k == BlockKind::Interface);
        if modifiers.must_override || in_interface {
            return;
        }
        let kind = match keyword {
            "function" => FrameKind::Function,
            "operator" => FrameKind::Operator,
            _ => FrameKind::Sub,
        };
        self.push_frame(Frame {
            kind,
            name: (kind == FrameKind::Function)
                .then(|| name.unwrap_or_default().to_ascii_lowercase()),
            ty,
        });
    }

    /// `Property Name(params) As T = value`.
    fn property(&mut self, out: &mut Vec<Stmt>) {
        let start = self.pos;
        self.pos += 1;
        let name = self.peek().map(|t| self.ident_name(t)).unwrap_or_default();
        self.pos += 1;
        if self.at_punct("(") {
            let params = self.params();
            if params.iter().any(|p| p.default.is_some()) {
                out.push(self.stmt(StmtKind::Params(params), start));
            }
        }
        let mut ty = None;
        let mut value = None;
        if self.eat_kw("as") {
            if self.at_kw("new") {
                value = Some(self.new_expr());
            } else {
                ty = Some(self.type_ref(TypeContext::Declared));
            }
        }
        if self.eat_punct("=") {
            value = Some(self.parse_expr());
        }
        self.last_property_ty = ty.clone();
        if value.is_some() {
            let items = vec![Declarator { name, ty, value }];
            out.push(self.stmt(
                StmtKind::Declare {
                    constant: false,
                    items,
                },
                start,
            ));
        }
    }

    /// A parameter list, at `(`.
    fn params(&mut self) -> Vec<Param> {
        self.pos += 1;
        let mut params = Vec::new();
        loop {
            if self.peek().is_none() || self.eat_punct(")") {
                break;
            }
            while self.at_punct("<") {
                self.skip_to_separator(&[">"]);
                self.eat_punct(">");
            }
            while ["byval", "byref", "optional", "paramarray"]
                .iter()
                .any(|m| self.at_kw(m))
            {
                self.pos += 1;
            }
            if self.is_ident_at(self.pos) {
                self.pos += 1;
                self.eat_punct("?");
                let array = self.at_punct("(");
                if array {
                    self.skip_group();
                }
                let ty = if self.eat_kw("as") {
                    Some(self.type_ref(TypeContext::Declared)).filter(|_| !array)
                } else {
                    None
                };
                let default = if self.eat_punct("=") {
                    Some(self.parse_expr())
                } else {
                    None
                };
                params.push(Param { ty, default });
            }
            if self.eat_punct(",") {
                continue;
            }
            if self.eat_punct(")") {
                break;
            }
            self.skip_to_separator(&[")"]);
            if !self.eat_punct(",") {
                self.eat_punct(")");
                break;
            }
        }
        params
    }

    /// `Dim a As T = v, b = w`, fields, `Const`, `Using x As New T()`.
    fn declaration(&mut self, out: &mut Vec<Stmt>, modifiers: &Modifiers) {
        let start = self.pos;
        let in_module = self
            .owner_stack
            .last()
            .is_some_and(|&(k, _)| k == BlockKind::Module);
        let constant = modifiers.constant
            || (modifiers.read_only && (modifiers.shared || in_module) && !self.at_kw("property"));
        let mut items: Vec<Declarator> = Vec::new();
        let mut untyped = 0usize;
        let mut array = false;
        while let Some(t) = self.peek().filter(|_| self.is_name_at(self.pos)) {
            let name = self.ident_name(t);
            self.pos += 1;
            self.eat_punct("?");
            if self.at_punct("(") {
                self.skip_group();
                array = true;
            }
            self.eat_punct("?");
            items.push(Declarator {
                name,
                ty: None,
                value: None,
            });
            if self.eat_punct(",") {
                continue;
            }
            let mut ty = None;
            let mut value = None;
            if self.eat_kw("as") {
                if self.at_kw("new") {
                    value = Some(self.new_expr());
                } else {
                    ty = Some(self.type_ref(TypeContext::Declared));
                }
            }
            if self.eat_punct("=") {
                value = Some(self.parse_expr());
            }
            let ty = ty.filter(|_| !array);
            for item in items.iter_mut().skip(untyped) {
                item.ty = ty.clone();
            }
            if let Some(last) = items.last_mut() {
                last.value = value;
            }
            untyped = items.len();
            array = false;
            if !self.eat_punct(",") {
                break;
            }
        }
        if !items.is_empty() {
            out.push(self.stmt(StmtKind::Declare { constant, items }, start));
        }
        self.trailing(out, false);
    }

    /// An assignment, or else an expression statement (whose values are only read).
    fn simple(&mut self, out: &mut Vec<Stmt>, nested: bool) {
        let start = self.pos;
        let assignable = self.at_punct(".") || self.is_name_at(self.pos) || {
            let word = self.keyword_at(self.pos);
            matches!(
                word.as_deref(),
                Some("me" | "mybase" | "myclass" | "global" | "mid")
            )
        };
        if assignable {
            let target = self.postfix();
            let op =
                self.peek()
                    .filter(|t| t.kind == Kind::Punct)
                    .and_then(|t| match self.text(t) {
                        "=" => Some(AssignOp::Set),
                        "&=" => Some(AssignOp::Concat),
                        "+=" => Some(AssignOp::Add),
                        "-=" => Some(AssignOp::Sub),
                        "*=" | "/=" | "\\=" | "^=" | "<<=" | ">>=" => Some(AssignOp::Other),
                        _ => None,
                    });
            if let Some(op) = op
                && self.pos > start
            {
                self.pos += 1;
                let value = self.parse_expr();
                out.push(self.stmt(StmtKind::Assign { target, op, value }, start));
                self.trailing(out, nested);
                return;
            }
        }
        self.pos = start;
        self.read_scan(out, nested);
    }

    /// What follows a complete statement: `Else` (single-line `If`), or leftovers read.
    fn trailing(&mut self, out: &mut Vec<Stmt>, nested: bool) {
        if self.eat_kw("else") {
            self.statement(out, nested);
        } else if self.peek().is_some() && !(nested && self.at_nested_end()) {
            self.read_scan(out, nested);
        }
    }

    fn at_nested_end(&self) -> bool {
        self.at_punct(")") || self.at_punct(",") || self.at_punct("}")
    }

    /// Parses whatever is left as expressions that are only read; `Then` and `Else` start a
    /// statement of their own (single-line `If`).
    fn read_scan(&mut self, out: &mut Vec<Stmt>, nested: bool) {
        let start = self.pos;
        let mut exprs = Vec::new();
        while self.peek().is_some() {
            if self.at_kw("then") || self.at_kw("else") {
                if !exprs.is_empty() {
                    out.push(self.stmt(StmtKind::Read(std::mem::take(&mut exprs)), start));
                }
                self.pos += 1;
                self.statement(out, nested);
                return;
            }
            if nested && self.at_nested_end() {
                break;
            }
            let before = self.pos;
            let expr = self.parse_expr();
            if self.pos == before {
                self.pos += 1;
            } else {
                exprs.push(expr);
            }
        }
        if !exprs.is_empty() {
            out.push(self.stmt(StmtKind::Read(exprs), start));
        }
    }

    // ---- types --------------------------------------------------------------------------

    fn type_ref(&mut self, context: TypeContext) -> TypeRef {
        let segments = self.dotted();
        let mut plain = !segments.is_empty();
        loop {
            // `(Of T)` type arguments; after `As`, `()` and `(,)` array ranks.
            let type_arguments = self.kw_at(self.pos + 1, "of");
            let rank = context == TypeContext::Declared
                && (self.punct_at(self.pos + 1, ")") || self.punct_at(self.pos + 1, ","));
            if self.at_punct("(") && (type_arguments || rank) {
                self.skip_group();
                plain = false;
            } else if !self.eat_punct("?") {
                break;
            }
        }
        TypeRef { segments, plain }
    }

    // ---- expressions --------------------------------------------------------------------

    /// A full expression (lowest precedence: `Xor`).
    pub fn parse_expr(&mut self) -> Expr {
        let start = self.pos;
        self.nested(|p| p.binary(0))
            .unwrap_or_else(|| self.expr(ExprKind::Unknown, start))
    }

    fn binary_op(&self, level: u8) -> Option<BinOp> {
        let t = self.peek()?;
        let text = self.text(t);
        if t.kind == Kind::Punct {
            let op = match (level, text) {
                (4, "=") => BinOp::Eq,
                (4, "<>") => BinOp::Ne,
                (4, "<") => BinOp::Lt,
                (4, ">") => BinOp::Gt,
                (4, "<=") => BinOp::Le,
                (4, ">=") => BinOp::Ge,
                (5, "<<") => BinOp::Shl,
                (5, ">>") => BinOp::Shr,
                (6, "&") => BinOp::Concat,
                (7, "+") => BinOp::Add,
                (7, "-") => BinOp::Sub,
                (9, "\\") => BinOp::IntDiv,
                (10, "*") => BinOp::Mul,
                (10, "/") => BinOp::Div,
                (12, "^") => BinOp::Pow,
                _ => return None,
            };
            return Some(op);
        }
        if t.kind != Kind::Ident || t.escaped {
            return None;
        }
        let lower = text.to_ascii_lowercase();
        let op = match (level, lower.as_str()) {
            (0, "xor") => BinOp::Xor,
            (1, "or") => BinOp::Or,
            (1, "orelse") => BinOp::OrElse,
            (2, "and") => BinOp::And,
            (2, "andalso") => BinOp::AndAlso,
            (4, "is") => BinOp::Is,
            (4, "isnot") => BinOp::IsNot,
            (4, "like") => BinOp::Like,
            (8, "mod") => BinOp::Mod,
            _ => return None,
        };
        Some(op)
    }

    /// Precedence levels, loosest first: 0 `Xor`; 1 `Or OrElse`; 2 `And AndAlso`; 3 `Not`;
    /// 4 comparisons; 5 shifts; 6 `&`; 7 `+ -`; 8 `Mod`; 9 `\`; 10 `* /`; 11 unary `+ -`;
    /// 12 `^`; 13 `Await` and postfix expressions.
    fn binary(&mut self, level: u8) -> Expr {
        let start = self.pos;
        match level {
            3 if self.at_kw("not") => return self.unary(UnaryOp::Not, 3),
            11 if self.at_punct("-") => return self.unary(UnaryOp::Negate, 11),
            11 if self.at_punct("+") => return self.unary(UnaryOp::Plus, 11),
            13 if self.at_kw("await") && self.tok(self.pos + 1).is_some() => {
                return self.unary(UnaryOp::Await, 13);
            }
            13 => return self.postfix(),
            _ => {}
        }
        let first = self.binary(level + 1);
        let mut ops = Vec::new();
        let mut operands = vec![first];
        while let Some(op) = self.binary_op(level) {
            self.pos += 1;
            ops.push(op);
            operands.push(self.binary(level + 1));
        }
        if ops.is_empty() {
            return operands
                .pop()
                .unwrap_or_else(|| self.expr(ExprKind::Unknown, start));
        }
        self.expr(ExprKind::Chain { ops, operands }, start)
    }

    fn unary(&mut self, op: UnaryOp, level: u8) -> Expr {
        let start = self.pos;
        self.pos += 1;
        let operand = self
            .nested(|p| p.binary(level))
            .unwrap_or_else(|| self.expr(ExprKind::Unknown, self.pos));
        self.expr(
            ExprKind::Unary {
                op,
                operand: Box::new(operand),
            },
            start,
        )
    }

    /// A primary expression followed by member accesses, calls and indexes.
    fn postfix(&mut self) -> Expr {
        let start = self.pos;
        let (mut expr, extendable) = self.primary();
        if !extendable {
            return expr;
        }
        let mut steps = 0;
        while self.depth < MAX_DEPTH {
            if (self.at_punct(".") || self.at_punct("?.") || self.at_punct("!"))
                && self.is_ident_at(self.pos + 1)
            {
                let name = self
                    .tok(self.pos + 1)
                    .map(|t| self.ident_name(t))
                    .unwrap_or_default();
                self.pos += 2;
                expr = self.expr(
                    ExprKind::Member {
                        receiver: Some(Box::new(expr)),
                        name,
                    },
                    start,
                );
            } else if self.at_punct("(") {
                if self.kw_at(self.pos + 1, "of") {
                    self.skip_group();
                    continue;
                }
                let args = self.arguments();
                expr = self.expr(
                    ExprKind::Call {
                        target: Box::new(expr),
                        args,
                    },
                    start,
                );
            } else {
                break;
            }
            steps += 1;
            self.depth += 1;
        }
        if self.depth >= MAX_DEPTH {
            self.out.too_deep = true;
        }
        self.depth -= steps;
        expr
    }

    /// An argument list, at `(`.
    fn arguments(&mut self) -> Vec<Arg> {
        self.pos += 1;
        let mut args = Vec::new();
        if self.eat_punct(")") {
            return args;
        }
        loop {
            let mut name = None;
            if self.is_ident_at(self.pos) && self.punct_at(self.pos + 1, ":=") {
                name = self.peek().map(|t| self.ident_name(t));
                self.pos += 2;
            }
            let value = if self.at_punct(",") || self.at_punct(")") || self.peek().is_none() {
                None
            } else {
                let before = self.pos;
                Some(self.parse_expr()).filter(|_| self.pos > before)
            };
            args.push(Arg { name, value });
            if self.eat_punct(",") {
                continue;
            }
            if self.eat_punct(")") || self.peek().is_none() {
                break;
            }
            // Something the parser does not understand: skip to the next argument.
            self.skip_to_separator(&[")"]);
            if self.eat_punct(",") {
                continue;
            }
            self.eat_punct(")");
            break;
        }
        args
    }

    /// Elements up to the closing `}` (at `{`).
    fn braced(&mut self) -> Vec<Expr> {
        self.pos += 1;
        let mut elements = Vec::new();
        while self.peek().is_some() {
            if self.eat_punct("}") {
                break;
            }
            if self.eat_punct(",") {
                continue;
            }
            let before = self.pos;
            let element = self.parse_expr();
            if self.pos == before {
                self.pos += 1;
            } else {
                elements.push(element);
            }
        }
        elements
    }

    fn primary(&mut self) -> (Expr, bool) {
        let start = self.pos;
        let unknown = |p: &Self| (p.expr(ExprKind::Unknown, start), false);
        let Some(token) = self.peek() else {
            return unknown(self);
        };
        let text = self.text(token);
        match token.kind {
            Kind::Int => {
                self.pos += 1;
                let kind = parse_int(text).map_or(ExprKind::Literal, ExprKind::Int);
                (self.expr(kind, start), true)
            }
            Kind::Number | Kind::Literal => {
                self.pos += 1;
                (self.expr(ExprKind::Literal, start), true)
            }
            Kind::Str => {
                self.pos += 1;
                let kind = string_value(text).map_or(ExprKind::Literal, ExprKind::Str);
                (self.expr(kind, start), true)
            }
            Kind::InterpStart => (self.interpolated(), true),
            Kind::Punct => match text {
                "(" => (self.parenthesized(), true),
                "{" => {
                    let elements = self.nested(|p| p.braced()).unwrap_or_default();
                    (self.expr(ExprKind::Array(elements), start), true)
                }
                "." | "!" if self.is_ident_at(self.pos + 1) => {
                    // `.Name` inside a `With` block.
                    let name = self
                        .tok(self.pos + 1)
                        .map(|t| self.ident_name(t))
                        .unwrap_or_default();
                    self.pos += 2;
                    let kind = ExprKind::Member {
                        receiver: None,
                        name,
                    };
                    (self.expr(kind, start), true)
                }
                _ => unknown(self),
            },
            Kind::Ident if token.escaped => {
                self.pos += 1;
                (
                    self.expr(ExprKind::Name(self.ident_name(token)), start),
                    true,
                )
            }
            Kind::Ident => self.keyword_primary(token, start),
            _ => unknown(self),
        }
    }

    fn keyword_primary(&mut self, token: &Token, start: usize) -> (Expr, bool) {
        let lower = self.text(token).to_ascii_lowercase();
        let next_is_paren = self.punct_at(self.pos + 1, "(");
        match lower.as_str() {
            "true" | "false" => {
                self.pos += 1;
                (self.expr(ExprKind::Bool(lower == "true"), start), true)
            }
            "nothing" => {
                self.pos += 1;
                (self.expr(ExprKind::Literal, start), false)
            }
            "new" => {
                let expr = self
                    .nested(|p| p.new_expr())
                    .unwrap_or_else(|| self.expr(ExprKind::Unknown, start));
                (expr, true)
            }
            "ctype" | "directcast" | "trycast" if next_is_paren => {
                let expr = self
                    .nested(|p| p.conversion(true))
                    .unwrap_or_else(|| self.expr(ExprKind::Unknown, start));
                (expr, true)
            }
            "cint" | "clng" | "cshort" | "cuint" | "culng" | "cushort" | "cbyte" | "csbyte"
            | "cstr" | "cbool" | "cchar" | "cdate" | "cdbl" | "cdec" | "cobj" | "csng"
                if next_is_paren =>
            {
                let expr = self
                    .nested(|p| p.conversion(false))
                    .unwrap_or_else(|| self.expr(ExprKind::Unknown, start));
                (expr, true)
            }
            "gettype" if next_is_paren => {
                self.pos += 2;
                let ty = self.type_ref(TypeContext::Declared);
                self.skip_to_separator(&[")"]);
                self.eat_punct(")");
                (self.expr(ExprKind::GetType(ty), start), true)
            }
            "nameof" | "getxmlnamespace" if next_is_paren => {
                self.pos += 1;
                self.skip_group();
                (self.expr(ExprKind::Literal, start), true)
            }
            "typeof" => {
                self.pos += 1;
                let value = self
                    .nested(|p| p.binary(5))
                    .unwrap_or_else(|| self.expr(ExprKind::Unknown, self.pos));
                if self.eat_kw("is") || self.eat_kw("isnot") {
                    self.type_ref(TypeContext::Declared);
                }
                (self.expr(ExprKind::TypeOf(Box::new(value)), start), false)
            }
            "if" if next_is_paren => {
                self.pos += 1;
                let args = self.nested(|p| p.arguments()).unwrap_or_default();
                let mut values: Vec<Expr> = args.into_iter().filter_map(|a| a.value).collect();
                let kind = match values.len() {
                    3 => {
                        let cond = values.remove(0);
                        ExprKind::If {
                            cond: Some(Box::new(cond)),
                            branches: values,
                        }
                    }
                    2 => ExprKind::If {
                        cond: None,
                        branches: values,
                    },
                    _ => ExprKind::Reads(values),
                };
                (self.expr(kind, start), true)
            }
            "async" | "iterator"
                if self.kw_at(self.pos + 1, "function") || self.kw_at(self.pos + 1, "sub") =>
            {
                self.pos += 1;
                (self.lambda(start), false)
            }
            "function" | "sub" => (self.lambda(start), false),
            "addressof" => (self.unary(UnaryOp::AddressOf, 13), false),
            "me" | "mybase" | "myclass" | "global" | "boolean" | "byte" | "char" | "date"
            | "decimal" | "double" | "integer" | "long" | "object" | "sbyte" | "short"
            | "single" | "string" | "uinteger" | "ulong" | "ushort" => {
                self.pos += 1;
                (
                    self.expr(ExprKind::Name(self.ident_name(token)), start),
                    true,
                )
            }
            _ if is_reserved(&lower) => (self.expr(ExprKind::Unknown, start), false),
            _ => {
                self.pos += 1;
                (
                    self.expr(ExprKind::Name(self.ident_name(token)), start),
                    true,
                )
            }
        }
    }

    /// `(expr)` or a tuple `(a, b)`.
    fn parenthesized(&mut self) -> Expr {
        let start = self.pos;
        self.pos += 1;
        let Some(inner) = self.nested(|p| p.parse_expr()) else {
            self.skip_to_separator(&[")"]);
            self.eat_punct(")");
            return self.expr(ExprKind::Unknown, start);
        };
        if self.at_punct(",") {
            let mut elements = vec![inner];
            while self.eat_punct(",") {
                let before = self.pos;
                let element = self.parse_expr();
                if self.pos > before {
                    elements.push(element);
                }
            }
            self.skip_to_separator(&[")"]);
            self.eat_punct(")");
            return self.expr(ExprKind::Array(elements), start);
        }
        self.eat_punct(")");
        self.expr(ExprKind::Paren(Box::new(inner)), start)
    }

    /// `CType(value, T)` (`typed`) or `CInt(value)`.
    fn conversion(&mut self, typed: bool) -> Expr {
        let start = self.pos;
        let function = self
            .peek()
            .map(|t| self.text(t).to_ascii_lowercase())
            .unwrap_or_default();
        self.pos += 2;
        let value = self.parse_expr();
        let to = if typed {
            if self.eat_punct(",") {
                Conversion::Type(self.type_ref(TypeContext::Declared))
            } else {
                Conversion::Other
            }
        } else {
            match function.as_str() {
                "cstr" => Conversion::Text,
                "cint" | "clng" | "cshort" | "cuint" | "culng" | "cushort" | "cbyte" | "csbyte" => {
                    Conversion::Integral
                }
                _ => Conversion::Other,
            }
        };
        self.skip_to_separator(&[")"]);
        self.eat_punct(")");
        self.expr(
            ExprKind::Convert {
                to,
                value: Box::new(value),
            },
            start,
        )
    }

    /// `New T(args) With {…}`, `New T From {…}`, `New T() {…}`, `New With {…}`.
    fn new_expr(&mut self) -> Expr {
        let start = self.pos;
        self.pos += 1;
        let anonymous = self.at_kw("with");
        if !anonymous {
            self.type_ref(TypeContext::New);
        }
        let args = if self.at_punct("(") {
            self.arguments()
        } else {
            Vec::new()
        };
        let init = if self.eat_kw("with") {
            Init::Object(self.object_initializer())
        } else if self.eat_kw("from") || self.at_punct("{") {
            if self.at_punct("{") {
                Init::Collection(self.braced())
            } else {
                Init::None
            }
        } else {
            Init::None
        };
        self.expr(
            ExprKind::New {
                args,
                init,
                anonymous,
            },
            start,
        )
    }

    /// `{.A = 1, Key .B = 2, inferred}`, after `With`.
    fn object_initializer(&mut self) -> Vec<Field> {
        let mut fields = Vec::new();
        if !self.eat_punct("{") {
            return fields;
        }
        while self.peek().is_some() {
            if self.eat_punct("}") {
                break;
            }
            if self.eat_punct(",") {
                continue;
            }
            self.eat_kw("key");
            if self.at_punct(".")
                && self.is_ident_at(self.pos + 1)
                && self.punct_at(self.pos + 2, "=")
            {
                let name = self
                    .tok(self.pos + 1)
                    .map(|t| self.ident_name(t))
                    .unwrap_or_default();
                self.pos += 3;
                let value = self.parse_expr();
                fields.push(Field { name, value });
                continue;
            }
            let before = self.pos;
            let value = self.parse_expr();
            if self.pos == before {
                self.pos += 1;
            } else {
                fields.push(Field {
                    name: String::new(),
                    value,
                });
            }
        }
        fields
    }

    /// `Function(x) value`, `Sub() statement`, or the first line of a multi-line lambda.
    fn lambda(&mut self, start: usize) -> Expr {
        let is_function = self.at_kw("function");
        self.pos += 1;
        if self.at_punct("(") {
            self.skip_group();
        }
        let ty = self
            .eat_kw("as")
            .then(|| self.type_ref(TypeContext::Declared));
        let body = if self.peek().is_none() || self.at_nested_end() {
            self.pending_frames.push(Frame {
                kind: if is_function {
                    FrameKind::Function
                } else {
                    FrameKind::Sub
                },
                name: None,
                ty,
            });
            LambdaBody::Block
        } else if is_function {
            LambdaBody::Expr(self.parse_expr())
        } else {
            let mut stmts = Vec::new();
            // The statement's own frame is the enclosing one: a single-line `Sub` returns nothing.
            self.nested(|p| p.statement(&mut stmts, true));
            LambdaBody::Stmts(stmts)
        };
        self.expr(ExprKind::Lambda(Box::new(body)), start)
    }

    fn interpolated(&mut self) -> Expr {
        let start = self.pos;
        self.pos += 1;
        let mut holes = Vec::new();
        while let Some(token) = self.peek() {
            match token.kind {
                Kind::InterpEnd => {
                    self.pos += 1;
                    break;
                }
                Kind::HoleEnd => self.pos += 1,
                _ => {
                    let before = self.pos;
                    let hole = self.parse_expr();
                    if self.pos == before {
                        self.pos += 1;
                    } else {
                        holes.push(hole);
                    }
                }
            }
        }
        self.expr(ExprKind::Interpolated(holes), start)
    }
}

/// Whether an attribute holds test data (`<InlineData(…)>`, `<TestCase(…)>`): its arguments
/// are not protocols in use.
fn is_test_data(attribute: &Expr) -> bool {
    let ExprKind::Call { target, .. } = &attribute.kind else {
        return false;
    };
    let name = match &target.kind {
        ExprKind::Name(name) | ExprKind::Member { name, .. } => name,
        _ => return false,
    };
    crate::lang::calls::is_test_data_attribute(name, crate::lang::calls::Case::Insensitive)
}

#[cfg(test)]
mod tests {
    use super::super::lexer::tokenize;
    use super::*;

    fn parse_src(src: &str) -> Parsed {
        parse(src, &tokenize(src))
    }

    /// A compact rendering of a statement list for assertions.
    fn render(src: &str) -> Vec<String> {
        parse_src(src)
            .stmts
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Assign { target, op, value } => {
                    format!("{} {op:?} {}", show(target, src), show(value, src))
                }
                StmtKind::Declare { constant, items } => format!(
                    "{}{}",
                    if *constant { "const " } else { "dim " },
                    items
                        .iter()
                        .map(|d| format!(
                            "{}:{}={}",
                            d.name,
                            d.ty.as_ref()
                                .map_or("?".to_owned(), |t| t.segments.join(".")),
                            d.value.as_ref().map_or("-".to_owned(), |v| show(v, src))
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                StmtKind::Params(params) => format!(
                    "params {}",
                    params
                        .iter()
                        .map(|p| p.default.as_ref().map_or("-".to_owned(), |v| show(v, src)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                StmtKind::Return(value) => format!("return {}", show(value, src)),
                StmtKind::Read(exprs) => format!(
                    "read {}",
                    exprs
                        .iter()
                        .map(|e| show(e, src))
                        .collect::<Vec<_>>()
                        .join(" | ")
                ),
            })
            .collect()
    }

    fn show(expr: &Expr, src: &str) -> String {
        let text = &src[expr.span.clone()];
        match &expr.kind {
            ExprKind::Chain { ops, .. } => format!("[{ops:?} {text}]"),
            ExprKind::Call { .. } => format!("call({text})"),
            ExprKind::Convert { .. } => format!("convert({text})"),
            _ => text.to_owned(),
        }
    }

    #[test]
    fn keyword_tables_are_sorted_lower_case() {
        assert!(RESERVED.windows(2).all(|w| w[0] < w[1]));
        assert!(RESERVED.iter().all(|w| *w == w.to_ascii_lowercase()));
        assert!(is_reserved("then") && is_reserved("xor") && !is_reserved("tls"));
    }

    #[test]
    fn assignments_and_comparisons() {
        assert_eq!(
            render("x = a = b\nIf x = SecurityProtocolType.Tls Then y = 1"),
            [
                "x Set [[Eq] a = b]",
                "read [[Eq] x = SecurityProtocolType.Tls]",
                "y Set 1"
            ]
        );
        assert_eq!(
            render("x &= y\nx += 1\nx -= 2\nx <<= 1"),
            ["x Concat y", "x Add 1", "x Sub 2", "x Other 1"]
        );
        assert_eq!(
            render("If a Then b = 1 Else c = 2 : d = 3"),
            ["read a", "b Set 1", "c Set 2", "d Set 3"]
        );
    }

    #[test]
    fn precedence() {
        let parsed = parse_src("x = a Or b And Not c");
        let StmtKind::Assign { value, .. } = &parsed.stmts[0].kind else {
            panic!("{:?}", parsed.stmts)
        };
        let ExprKind::Chain { ops, operands } = &value.kind else {
            panic!()
        };
        assert_eq!(ops, &[BinOp::Or]);
        assert!(matches!(
            &operands[1].kind,
            ExprKind::Chain { ops, .. } if ops == &[BinOp::And]
        ));
    }

    #[test]
    fn declarations_fields_and_constants() {
        assert_eq!(
            render(
                "Private Const Tls11 As Integer = 768\nPublic Shared ReadOnly P As SecurityProtocolType = 1\nDim a, b As SslProtocols, c = 2\nPrivate client As HttpClient\nDim h As New HttpClientHandler With {.SslProtocols = SslProtocols.Tls}"
            ),
            [
                "const Tls11:Integer=768",
                "const P:SecurityProtocolType=1",
                "dim a:SslProtocols=-, b:SslProtocols=-, c:?=2",
                "dim client:HttpClient=-",
                "dim h:?=New HttpClientHandler With {.SslProtocols = SslProtocols.Tls}"
            ]
        );
        assert_eq!(
            render(
                "Module M\nReadOnly X As Integer = 1\nEnd Module\nClass C\nReadOnly Y As Integer = 2\nEnd Class"
            ),
            ["const X:Integer=1", "dim Y:Integer=2"]
        );
    }

    #[test]
    fn methods_parameters_returns_and_frames() {
        let src = "Public Function Get(Optional p As SslProtocols = SslProtocols.Tls, q As Integer) As SecurityProtocolType\nReturn 768\nEnd Function\nReturn 1";
        assert_eq!(
            render(src),
            ["params SslProtocols.Tls, -", "return 768", "return 1"]
        );
        let parsed = parse_src(src);
        let frame = parsed.stmts[1].frame.map(|f| parsed.frames[f].clone());
        assert_eq!(
            frame.and_then(|f| f.ty).map(|t| t.segments),
            Some(vec!["SecurityProtocolType".to_owned()])
        );
        assert_eq!(parsed.stmts[2].frame, None);
        let property = "Property P As SecurityProtocolType\nGet\nReturn 768\nEnd Get\nEnd Property\nPublic Property Q As SslProtocols = SslProtocols.Tls";
        let parsed = parse_src(property);
        assert_eq!(
            render(property),
            ["return 768", "dim Q:SslProtocols=SslProtocols.Tls"]
        );
        assert!(parsed.stmts[0].frame.is_some());
        assert_eq!(parsed.stmts[1].frame, None);
    }

    #[test]
    fn interface_members_and_must_override_have_no_body() {
        let parsed = parse_src(
            "Interface I\nFunction F() As SecurityProtocolType\nEnd Interface\nMustOverride Function G() As SecurityProtocolType\nReturn 1",
        );
        assert_eq!(parsed.stmts[0].frame, None);
    }

    #[test]
    fn calls_conversions_and_new() {
        assert_eq!(
            render("s.AuthenticateAsClient(host, Nothing, CType(768, SslProtocols), False)"),
            ["read call(s.AuthenticateAsClient(host, Nothing, CType(768, SslProtocols), False))"]
        );
        assert_eq!(
            render("Call Foo(a:=1, , 3)\nx = If(c, 1, 2)\nx = [Enum].ToObject(GetType(T), 768)"),
            [
                "read call(Foo(a:=1, , 3))",
                "x Set If(c, 1, 2)",
                "x Set call([Enum].ToObject(GetType(T), 768))"
            ]
        );
        assert_eq!(
            render("With h\n.SslProtocols = SslProtocols.Tls\nEnd With"),
            ["read h", ".SslProtocols Set SslProtocols.Tls"]
        );
    }

    #[test]
    fn lambdas() {
        let parsed = parse_src(
            "Task.Run(Sub() ServicePointManager.SecurityProtocol = x)\nDim f = Function() SecurityProtocolType.Tls",
        );
        assert_eq!(parsed.stmts.len(), 2);
        let multi = parse_src(
            "Dim f = Function() As SecurityProtocolType\nReturn 768\nEnd Function\nReturn 1",
        );
        assert!(multi.stmts[1].frame.is_some());
        assert_eq!(multi.stmts[2].frame, None);
    }

    #[test]
    fn imports_and_options() {
        let parsed = parse_src(
            "Option Strict On\nImports SPT = System.Net.SecurityProtocolType, System.Linq\nImports <xmlns:a=\"x\">",
        );
        assert!(parsed.strict_on);
        assert_eq!(
            parsed.imports,
            [
                Import {
                    alias: Some("SPT".into()),
                    path: vec!["System".into(), "Net".into(), "SecurityProtocolType".into()]
                },
                Import {
                    alias: None,
                    path: vec!["System".into(), "Linq".into()]
                }
            ]
        );
        assert!(!parse_src("Option Strict Off").strict_on);
    }

    #[test]
    fn pathological_input_is_bounded() {
        let deep = format!("x = {}1{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_src(&deep).too_deep);
        let nots = format!("x = {}y", "Not ".repeat(10_000));
        assert!(parse_src(&nots).too_deep);
        let chain = format!("x = a{}", ".b".repeat(10_000));
        assert!(parse_src(&chain).too_deep);
        let fine = format!("x = {}1{}", "(".repeat(60), ")".repeat(60));
        assert!(!parse_src(&fine).too_deep);
        let ors = format!("x = a{}", " Or a".repeat(50_000));
        let parsed = parse_src(&ors);
        assert_eq!(parsed.stmts.len(), 1);
        assert!(!parsed.too_deep, "a long chain is not deep");
        for src in [
            "x =",
            "= x",
            "If",
            "Dim",
            "Sub",
            "Function F(",
            "New",
            "CType(",
            "(",
            ")",
            "{",
            "}",
            "x = New With {",
            "Property",
            "Imports",
            "<",
            "<A(",
            "If(",
            "Return",
            "Else",
            "End",
        ] {
            let _ = parse_src(src);
        }
    }
}
