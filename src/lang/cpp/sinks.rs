//! Finding sinks (where a protocol value takes effect) and writes to variables (through which
//! it gets there): from the tree-sitter queries where the file parses, and from the tokens
//! where it does not.

use std::collections::{HashMap, HashSet};

use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, QueryCursor, Tree};

use super::QUERIES;
use super::expr::parse_int;
use super::known::{self, AGGREGATES, DISABLED_FIELD, ENABLED_FIELD, WINHTTP_OPTION};
use super::lexer::{Kind, Lexed, Token};
use crate::facts::{NativeApi, Span, WriteOp};

/// A sink and the value written there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub api: NativeApi,
    /// The token that identifies the sink (the option, the field, the initialiser's `{`): a sink
    /// found by the tree is not found again from the tokens.
    pub key: usize,
    pub sink: Span,
    /// The statement, when the sink is a statement of its own.
    pub statement: Option<Span>,
    pub value: Span,
    pub op: WriteOp,
    /// Found from the tokens, where the parse is damaged.
    pub recovered: bool,
}

/// The statement a tree sink makes up on its own (`x.f = v;`, `WinHttpSetOption(…);`), when it
/// stands in a block: deleting the body of an `if`, a loop or a label would change what the
/// code around it does.
fn own_statement(sink: Node) -> Option<Span> {
    let statement = sink
        .parent()
        .filter(|p| p.kind() == "expression_statement")?;
    let mut holder = statement.parent()?;
    // Statements under `#if` are children of the preprocessor node, inside the block.
    while holder.kind().starts_with("preproc_") {
        holder = holder.parent()?;
    }
    matches!(holder.kind(), "compound_statement" | "case_statement").then(|| statement.byte_range())
}

/// How a variable is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteKind {
    /// A declaration, with or without an initialiser.
    Declare,
    /// `x = …`
    Set,
    /// `x |= …`
    Or,
    /// `x &= …`
    And,
    /// Any other change: another compound assignment, `x++`, `&x` passed somewhere.
    Other,
}

/// A write to a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    /// Where the variable's name is written.
    pub pos: usize,
    /// Where the write ends (uses after this see it).
    pub end: usize,
    pub kind: WriteKind,
    /// The value written (`None`: unknown, or no initialiser).
    pub value: Option<Span>,
    /// The function it is in (`None`: file scope).
    pub scope: Option<usize>,
    /// For a declaration, the block it is visible in; for another write, the block it runs
    /// unconditionally in (`None` when it is conditional: under an `if`, a `case`, inside an
    /// expression).
    pub block: Option<Span>,
    /// For `x |= …;` standing alone in a block: the statement (deleting it drops what the
    /// value adds).
    pub statement: Option<Span>,
}

/// The writes of a file by variable name and scope, and its enumerator values.
#[derive(Debug, Default)]
pub struct Writes {
    by_scope: HashMap<(String, Option<usize>), Vec<Write>>,
    pub enumerators: HashMap<String, Vec<Span>>,
    /// Where enumerators are named (`kProtocols` in `enum { kProtocols = … }`): definitions, not
    /// uses.
    pub enumerator_names: Vec<usize>,
}

impl Writes {
    /// Every write, with the variable's name.
    pub fn all(&self) -> impl Iterator<Item = (&str, &Write)> {
        self.by_scope
            .iter()
            .flat_map(|((name, _), writes)| writes.iter().map(move |w| (name.as_str(), w)))
    }

    /// The writes to `name` in a function (`Some` scope) or at file scope (`None`), in order.
    pub fn get(&self, name: &str, scope: Option<usize>) -> &[Write] {
        self.by_scope
            .get(&(name.to_owned(), scope))
            .map_or(&[], Vec::as_slice)
    }

    fn add(&mut self, name: &str, write: Write) {
        self.by_scope
            .entry((name.to_owned(), write.scope))
            .or_default()
            .push(write);
    }
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Found {
    pub sites: Vec<Site>,
    pub writes: Writes,
    /// Sinks found from the tokens because the parse was damaged there.
    pub recovered: usize,
    /// The outermost ERROR regions of the parse, sorted.
    pub errors: Vec<Span>,
}

/// Finds the sinks and the writes of a file.
pub fn collect(src: &str, lexed: &Lexed, tree: &Tree) -> Found {
    let mut collector = Collector {
        src,
        lexed,
        found: Found::default(),
        claimed: HashSet::new(),
        write_positions: HashSet::new(),
        errors: error_regions(tree),
    };
    collector.read_tree(tree);
    let errors = collector.errors.clone();
    collector.read_tokens();
    let mut found = collector.found;
    found.errors = errors;
    // `&protocols` handed to WinHTTP is read there, not changed.
    let mut winhttp_values: Vec<Span> = found
        .sites
        .iter()
        .filter(|s| s.api == NativeApi::WinHttpSecureProtocols)
        .map(|s| s.value.clone())
        .collect();
    winhttp_values.sort_by_key(|v| v.start);
    let read_by_winhttp = |pos: usize| {
        let i = winhttp_values.partition_point(|v| v.start <= pos);
        i > 0 && winhttp_values[i - 1].contains(&pos)
    };
    for writes in found.writes.by_scope.values_mut() {
        writes.retain(|w| {
            !(w.kind == WriteKind::Other && w.value.is_none() && read_by_winhttp(w.pos))
        });
        writes.sort_by_key(|w| w.pos);
    }
    found.sites.sort_by_key(|s| s.key);
    found
}

struct Collector<'s> {
    src: &'s str,
    lexed: &'s Lexed,
    found: Found,
    /// Key tokens the tree path looked at (accepted or not).
    claimed: HashSet<usize>,
    /// Names whose writes the tree path recorded.
    write_positions: HashSet<usize>,
    /// The outermost ERROR nodes, sorted: what lies inside is read from the tokens.
    errors: Vec<Span>,
}

fn text<'s>(node: Node, src: &'s str) -> &'s str {
    &src[node.byte_range()]
}

/// Named children that are code: not comments, not preprocessor lines the parser could only
/// keep as ERROR nodes (`#ifdef UNICODE` between two arguments).
fn arguments<'t>(node: Node<'t>, lexed: &Lexed) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .filter(|n| !(n.is_error() && lexed.tokens_in(&n.byte_range()).is_empty()))
        .collect()
}

/// Whether `node` holds an ERROR node with code in it: its structure cannot be trusted, and
/// the token path reads it instead. (ERROR nodes that hold only preprocessor lines, such as an
/// `#ifdef` between two arguments, are harmless.)
fn damaged(node: Node, lexed: &Lexed) -> bool {
    if !node.has_error() {
        return false;
    }
    let mut cursor = node.walk();
    let mut descend = true;
    loop {
        let current = cursor.node();
        if descend {
            if current.is_error() {
                if !lexed.tokens_in(&current.byte_range()).is_empty() {
                    return true;
                }
            } else if current.has_error() && cursor.goto_first_child() {
                continue;
            }
        }
        if current.id() == node.id() {
            return false;
        }
        if cursor.goto_next_sibling() {
            descend = true;
        } else if cursor.goto_parent() {
            descend = false;
        } else {
            return false;
        }
    }
}

/// The last identifier in a callee (`WinHttpSetOption`, `::WinHttpSetOption`, `api.SetOption`,
/// `(*pfn)`): its name, or "" when there is none.
fn callee_name(callee: &str) -> &str {
    callee
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .find(|part| !part.is_empty() && !part.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or("")
}

/// Whether a call that passes `WINHTTP_OPTION_SECURE_PROTOCOLS` sets it: `WinHttpSetOption`, a
/// wrapper or function pointer named like a setter (`SetSessionOption`, `p_set_option`,
/// `(*pfn)(…)`), but not a read (`WinHttpQueryOption`, `GetOption`) nor, say, a log call.
fn sets_option(callee: &str) -> bool {
    let name = callee_name(callee).to_ascii_lowercase();
    if name.contains("query") || name.starts_with("get") {
        return false;
    }
    name.contains("option") || name.contains("set") || callee.trim_start().starts_with('(')
}

fn field_api(field: &str) -> Option<NativeApi> {
    match field {
        ENABLED_FIELD => Some(NativeApi::SchannelEnabledProtocols),
        DISABLED_FIELD => Some(NativeApi::SchannelDisabledProtocols),
        _ => None,
    }
}

/// C and C++ keywords that can precede an assigned name without declaring it.
fn is_statement_keyword(word: &str) -> bool {
    matches!(
        word,
        "return" | "else" | "do" | "case" | "goto" | "throw" | "co_return" | "co_yield"
    )
}

impl Collector<'_> {
    fn read_tree(&mut self, tree: &Tree) {
        let queries = &*QUERIES;
        let capture = |name: &str| queries.capture(name);
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&queries.query, tree.root_node(), self.src.as_bytes());
        while let Some(m) = matches.next() {
            let get = |name: &str| {
                let id = capture(name)?;
                m.captures().iter().find(|c| c.index == id).map(|c| c.node)
            };
            // Structure inside an ERROR node can be a fragment of the real statement: the
            // token path reads those regions.
            if m.captures()
                .first()
                .is_some_and(|c| self.in_error(c.node.start_byte()))
            {
                continue;
            }
            if let Some(call) = get("winhttp.call") {
                if let (Some(function), Some(option), Some(list)) = (
                    get("winhttp.function"),
                    get("winhttp.option"),
                    get("winhttp.arguments"),
                ) {
                    self.tree_winhttp(call, function, option, list);
                }
            } else if let Some(sink) = get("schannel.assignment").or(get("schannel.designated")) {
                if let (Some(field), Some(value)) = (get("schannel.field"), get("schannel.value")) {
                    self.tree_field(sink, field, value);
                }
            } else if let Some(declaration) = get("aggregate.declaration") {
                if let (Some(ty), Some(list)) = (get("aggregate.type"), get("aggregate.list")) {
                    self.tree_aggregate(declaration, ty, list);
                }
            } else if let Some(name) = get("write.name") {
                self.tree_write(
                    name,
                    get("write.value"),
                    get("write.declarator")
                        .or(get("write.uninitialised"))
                        .or(get("write.assignment"))
                        .or(get("write.escape")),
                );
            } else if let (Some(name), Some(value)) = (get("enum.name"), get("enum.value"))
                && !self.lexed.is_dead(name.start_byte())
            {
                self.found
                    .writes
                    .enumerators
                    .entry(text(name, self.src).to_owned())
                    .or_default()
                    .push(value.byte_range());
                self.found.writes.enumerator_names.push(name.start_byte());
            }
        }
    }

    fn in_error(&self, offset: usize) -> bool {
        let i = self.errors.partition_point(|e| e.end <= offset);
        self.errors.get(i).is_some_and(|e| e.start <= offset)
    }

    fn push_site(&mut self, site: Site) {
        if !self.lexed.is_dead(site.key) {
            self.found.sites.push(site);
        }
    }

    fn tree_winhttp(&mut self, call: Node, function: Node, option: Node, list: Node) {
        let args = arguments(list, self.lexed);
        let Some(index) = args.iter().position(|a| a.id() == option.id()) else {
            return;
        };
        if damaged(call, self.lexed) {
            return;
        }
        let callee = text(function, self.src);
        let name = callee_name(callee);
        if option.kind() == "number_literal"
            && (index != 1
                || name != "WinHttpSetOption"
                || parse_int(text(option, self.src)) != Some(known::WINHTTP_OPTION_VALUE))
        {
            return;
        }
        self.claimed.insert(option.start_byte());
        if !sets_option(callee) {
            return;
        }
        let Some(value) = args
            .get(index + 1)
            .filter(|v| text(**v, self.src) != WINHTTP_OPTION)
        else {
            return;
        };
        self.push_site(Site {
            api: NativeApi::WinHttpSecureProtocols,
            key: option.start_byte(),
            sink: call.byte_range(),
            statement: own_statement(call),
            value: value.byte_range(),
            op: WriteOp::Set,
            recovered: false,
        });
    }

    fn tree_field(&mut self, sink: Node, field: Node, value: Node) {
        if damaged(sink, self.lexed) {
            return;
        }
        self.claimed.insert(field.start_byte());
        let Some(api) = field_api(text(field, self.src)) else {
            return;
        };
        let op = match sink.child_by_field_name("operator").map(|o| o.kind()) {
            // An initialiser entry has no operator field.
            None | Some("=") => WriteOp::Set,
            Some("|=") => WriteOp::Add,
            // `&= ~…` removes versions; other operators are not protocol writes.
            Some(_) => return,
        };
        self.push_site(Site {
            api,
            key: field.start_byte(),
            sink: sink.byte_range(),
            statement: own_statement(sink),
            value: value.byte_range(),
            op,
            recovered: false,
        });
    }

    fn tree_aggregate(&mut self, declaration: Node, ty: Node, list: Node) {
        let Some(&(_, index, field)) = AGGREGATES
            .iter()
            .find(|(name, _, _)| *name == text(ty, self.src))
        else {
            return;
        };
        if damaged(list, self.lexed) {
            return;
        }
        self.claimed.insert(list.start_byte());
        let elements = arguments(list, self.lexed);
        if elements.iter().any(|e| e.kind() == "initializer_pair") {
            return;
        }
        let (Some(value), Some(api)) = (elements.get(index), field_api(field)) else {
            return;
        };
        self.push_site(Site {
            api,
            key: list.start_byte(),
            sink: declaration.byte_range(),
            statement: None,
            value: value.byte_range(),
            op: WriteOp::Set,
            recovered: false,
        });
    }

    fn tree_write(&mut self, name: Node, value: Option<Node>, node: Option<Node>) {
        let Some(node) = node else { return };
        let pos = name.start_byte();
        if self.lexed.is_dead(pos) {
            return;
        }
        if damaged(node, self.lexed) {
            let index = self.lexed.index_at(pos);
            if self.token(index).is_some_and(|t| t.start == pos) {
                self.token_write_at(index);
            }
            return;
        }
        let mut statement = None;
        let (kind, block) = match node.kind() {
            "init_declarator" | "declaration" => {
                let declaration = if node.kind() == "declaration" {
                    Some(node)
                } else {
                    node.parent()
                };
                let block = declaration
                    .and_then(|d| d.parent())
                    .filter(|p| {
                        matches!(
                            p.kind(),
                            "compound_statement" | "for_statement" | "for_range_loop"
                        )
                    })
                    .map(|p| p.byte_range());
                (WriteKind::Declare, block)
            }
            "assignment_expression" => {
                let kind = match node.child_by_field_name("operator").map(|o| o.kind()) {
                    Some("=") => WriteKind::Set,
                    Some("|=") => WriteKind::Or,
                    Some("&=") => WriteKind::And,
                    _ => WriteKind::Other,
                };
                if kind == WriteKind::Or {
                    statement = own_statement(node);
                }
                let block = node
                    .parent()
                    .filter(|p| p.kind() == "expression_statement")
                    .and_then(|p| p.parent())
                    .filter(|p| p.kind() == "compound_statement")
                    .map(|p| p.byte_range());
                (kind, block)
            }
            _ => (WriteKind::Other, None),
        };
        let value = value.map(|v| v.byte_range());
        let end = value.as_ref().map_or(node.end_byte(), |v| v.end);
        self.write_positions.insert(pos);
        self.found.writes.add(
            text(name, self.src),
            Write {
                pos,
                end,
                kind,
                value,
                scope: self.lexed.scope_at(pos),
                block,
                statement,
            },
        );
    }

    /// The token path: sinks whose key token the tree did not explain, anywhere; writes inside
    /// ERROR regions.
    fn read_tokens(&mut self) {
        let lexed = self.lexed;
        for (i, &token) in lexed.code.iter().enumerate() {
            if self.lexed.is_dead(token.start) || self.claimed.contains(&token.start) {
                continue;
            }
            let site = match token.kind {
                Kind::Ident => match token.text(self.src) {
                    WINHTTP_OPTION => self.token_winhttp(i, false),
                    ENABLED_FIELD | DISABLED_FIELD => self.token_field(i),
                    name if AGGREGATES.iter().any(|(n, _, _)| *n == name) => {
                        self.token_aggregate(i)
                    }
                    _ => None,
                },
                Kind::Number
                    if parse_int(token.text(self.src)) == Some(known::WINHTTP_OPTION_VALUE) =>
                {
                    self.token_winhttp(i, true)
                }
                _ => None,
            };
            if let Some(mut site) = site
                && !self.claimed.contains(&site.key)
            {
                self.claimed.insert(site.key);
                self.found.recovered += 1;
                site.recovered = true;
                self.push_site(site);
            }
        }
        for region in std::mem::take(&mut self.errors) {
            self.token_writes(&region);
        }
    }

    fn text(&self, i: usize) -> &str {
        self.lexed.code.get(i).map_or("", |t| t.text(self.src))
    }

    fn token(&self, i: usize) -> Option<Token> {
        self.lexed.code.get(i).copied()
    }

    /// The end (exclusive token index) of the value starting at token `from`: the first `,`,
    /// `;` or unmatched closing bracket at depth 0.
    fn value_end(&self, from: usize) -> usize {
        let mut depth = 0usize;
        let mut j = from;
        while j < self.lexed.code.len() {
            match self.text(j) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => break,
                },
                "," | ";" if depth == 0 => break,
                ";" => break,
                _ => {}
            }
            j += 1;
        }
        j
    }

    /// The first token of `a.b->c` ending at identifier token `last`.
    fn object_start(&self, last: usize) -> usize {
        let mut first = last;
        while first >= 2
            && matches!(self.text(first - 1), "." | "->" | "::")
            && self.token(first - 2).is_some_and(|t| t.kind == Kind::Ident)
        {
            first -= 2;
        }
        first
    }

    /// The `(` that the `)` at token `close` closes (or `close` itself).
    fn opening(&self, close: usize) -> usize {
        let mut depth = 0usize;
        let mut j = close + 1;
        while j > 0 {
            j -= 1;
            match self.text(j) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j;
                    }
                }
                ";" => break,
                _ => {}
            }
        }
        close
    }

    /// The statement made of the sink `first..` alone: it starts a statement and a `;` ends it
    /// right after.
    fn own_statement(&self, first: usize, sink: &Span) -> Option<Span> {
        let starts = first == 0 || matches!(self.text(first - 1), ";" | "{" | "}");
        let after = self.lexed.index_at(sink.end);
        let semicolon = self.token(after).filter(|t| t.text(self.src) == ";")?;
        starts.then(|| self.token(first).map(|t| t.start..semicolon.end))?
    }

    /// The bracket closing the one at token `open` (or the last token before a `;`).
    fn closing(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut j = open;
        while j < self.lexed.code.len() {
            match self.text(j) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j;
                    }
                }
                ";" => return j.saturating_sub(1),
                _ => {}
            }
            j += 1;
        }
        j.saturating_sub(1)
    }

    fn token_span(&self, first: usize, end: usize) -> Option<Span> {
        let start = self.token(first)?.start;
        let last = self.token(end.checked_sub(1)?)?;
        (end > first).then_some(start..last.end)
    }

    /// The unmatched `(` before token `i` (within the statement), and how many top-level
    /// commas lie between them.
    fn open_paren(&self, i: usize) -> Option<(usize, usize)> {
        let mut depth = 0usize;
        let mut commas = 0;
        let mut j = i;
        while j > 0 {
            j -= 1;
            match self.text(j) {
                ")" | "]" | "}" => depth += 1,
                "[" | "{" if depth == 0 => return None,
                "(" if depth == 0 => return Some((j, commas)),
                "(" | "[" | "{" => depth -= 1,
                "," if depth == 0 => commas += 1,
                ";" => return None,
                _ => {}
            }
        }
        None
    }

    fn token_winhttp(&self, i: usize, numeric: bool) -> Option<Site> {
        if !matches!(self.text(i.checked_sub(1)?), "(" | ",") || self.text(i + 1) != "," {
            return None;
        }
        let (open, commas) = self.open_paren(i)?;
        let callee = open.checked_sub(1)?;
        let name = match self.token(callee)? {
            t if t.kind == Kind::Ident => t.text(self.src),
            // `(*pfnSetOption)(…)`: the pointer's name is inside the parentheses.
            t if t.text(self.src) == ")" => "(pointer)",
            _ => return None,
        };
        if matches!(
            name,
            "if" | "while" | "for" | "switch" | "return" | "sizeof"
        ) || !sets_option(name)
            || (numeric && (name != "WinHttpSetOption" || commas != 1))
        {
            return None;
        }
        if self.text(i + 2) == WINHTTP_OPTION {
            return None;
        }
        let end = self.value_end(i + 2);
        let value = self.token_span(i + 2, end)?;
        let sink_end = self.token(self.closing(open)).map_or(value.end, |t| t.end);
        let first = if self.text(callee) == ")" {
            self.opening(callee)
        } else {
            self.object_start(callee)
        };
        let sink = self.token(first)?.start..sink_end.max(value.end);
        Some(Site {
            api: NativeApi::WinHttpSecureProtocols,
            key: self.token(i)?.start,
            statement: self.own_statement(first, &sink),
            sink,
            value,
            op: WriteOp::Set,
            recovered: true,
        })
    }

    fn token_field(&self, i: usize) -> Option<Site> {
        let api = field_api(self.text(i))?;
        if !matches!(self.text(i.checked_sub(1)?), "." | "->") {
            return None;
        }
        let op = match self.text(i + 1) {
            "=" => WriteOp::Set,
            "|=" => WriteOp::Add,
            _ => return None,
        };
        let end = self.value_end(i + 2);
        let value = self.token_span(i + 2, end)?;
        // `cred.f`, `p->cred.f`; or `.f` in a designated initialiser.
        let first = match i.checked_sub(2) {
            Some(object) if self.token(object).is_some_and(|t| t.kind == Kind::Ident) => {
                self.object_start(object)
            }
            _ => i - 1,
        };
        let sink = self.token(first)?.start..value.end;
        Some(Site {
            api,
            key: self.token(i)?.start,
            statement: self.own_statement(first, &sink),
            sink,
            value,
            op,
            recovered: true,
        })
    }

    fn token_aggregate(&self, i: usize) -> Option<Site> {
        let &(_, index, field) = AGGREGATES
            .iter()
            .find(|(name, _, _)| *name == self.text(i))?;
        if self.token(i + 1)?.kind != Kind::Ident {
            return None;
        }
        let open = match self.text(i + 2) {
            "=" => i + 3,
            _ => i + 2,
        };
        if self.text(open) != "{" {
            return None;
        }
        let mut elements = Vec::new();
        let mut start = open + 1;
        loop {
            let end = self.value_end(start);
            elements.push(start..end);
            if self.text(end) != "," {
                break;
            }
            start = end + 1;
        }
        if elements.iter().any(|e| self.text(e.start) == ".") {
            return None;
        }
        let element = elements.get(index)?;
        let value = self.token_span(element.start, element.end)?;
        let close = self.closing(open);
        Some(Site {
            api: field_api(field)?,
            key: self.token(open)?.start,
            sink: self.token(i)?.start..self.token(close).map_or(value.end, |t| t.end),
            statement: None,
            value,
            op: WriteOp::Set,
            recovered: true,
        })
    }

    /// Writes to variables inside a region the parser could not structure.
    fn token_writes(&mut self, region: &Span) {
        let first = self.lexed.index_at(region.start);
        let last = self.lexed.code.partition_point(|t| t.start < region.end);
        for i in first..last {
            self.token_write_at(i);
        }
    }

    /// A write to the variable named by code token `i`, read from the tokens around it.
    fn token_write_at(&mut self, i: usize) {
        let Some(token) = self.token(i) else { return };
        if token.kind != Kind::Ident
            || self.write_positions.contains(&token.start)
            || self.lexed.is_dead(token.start)
        {
            return;
        }
        let before = i.checked_sub(1).map_or("", |j| self.text(j));
        if before == "&" && matches!(self.text(i.wrapping_sub(2)), "(" | ",") {
            if !matches!(self.text(i + 1), "." | "->" | "[" | "(") {
                self.token_write(i, WriteKind::Other, None, None);
            }
            return;
        }
        if matches!(before, "." | "->" | "::" | "*" | "&") {
            return;
        }
        let kind = match self.text(i + 1) {
            "=" => {
                let previous = i.checked_sub(1).and_then(|j| self.token(j));
                let declares = previous.is_some_and(|p| {
                    (p.kind == Kind::Ident && !is_statement_keyword(p.text(self.src)))
                        || p.text(self.src) == ">"
                });
                if declares {
                    WriteKind::Declare
                } else {
                    WriteKind::Set
                }
            }
            "|=" => WriteKind::Or,
            "&=" => WriteKind::And,
            "+=" | "-=" | "*=" | "/=" | "%=" | "^=" | "<<=" | ">>=" => WriteKind::Other,
            _ => return,
        };
        let end = self.value_end(i + 2);
        let value = self.token_span(i + 2, end);
        let unconditional = kind == WriteKind::Declare || matches!(before, ";" | "{" | "}");
        let block = if unconditional {
            self.lexed.block_at(token.start, self.src.len())
        } else {
            None
        };
        self.token_write(i, kind, value, block);
    }

    fn token_write(&mut self, i: usize, kind: WriteKind, value: Option<Span>, block: Option<Span>) {
        let Some(token) = self.token(i) else { return };
        let end = value.as_ref().map_or(token.end, |v| v.end);
        self.write_positions.insert(token.start);
        self.found.writes.add(
            token.text(self.src),
            Write {
                pos: token.start,
                end,
                kind,
                value,
                scope: self.lexed.scope_of(i),
                block,
                statement: None,
            },
        );
    }
}

/// The outermost ERROR nodes of a tree.
fn error_regions(tree: &Tree) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut descend = true;
    loop {
        let node = cursor.node();
        if descend {
            if node.is_error() {
                out.push(node.byte_range());
            } else if node.has_error() && cursor.goto_first_child() {
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
    out
}
