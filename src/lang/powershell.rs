//! PowerShell (`.ps1`, `.psm1`, `.psd1`) through tree-sitter-powershell and the queries in
//! `queries/powershell/`: `[Net.ServicePointManager]::SecurityProtocol` assignments (enum members,
//! `-bor` chains, integers and comma-separated strings, which PowerShell converts to the enum),
//! `-SslProtocol` on the web cmdlets, `[AppContext]::SetSwitch`, and registry writes
//! (`Set-ItemProperty`, `New-ItemProperty`, `[Microsoft.Win32.Registry]::SetValue`, `reg add`),
//! which become the same facts as `.reg` files (domain.md §3.4, §6.1).
//!
//! PowerShell is case-insensitive throughout: type names, member names, parameters, commands.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use streaming_iterator::StreamingIterator;
use tree_sitter::{Language, Node, Parser, Query, QueryCursor, Tree};

use crate::facts::{
    FileFacts, Operand, ProtocolWrite, RegistryData, RegistryValue, Sink, Span, SwitchOrigin,
    SwitchSetting, ValueSummary, WriteOp,
};
use crate::lang::query::CompiledQuery;
use crate::lang::tree::{self, Parents, ParseFailure};
use crate::protocol::{ProtocolEnum, TLS10, TLS11, TLS12, TLS13, is_protocol_set};

pub const QUERY_FILES: [(&str, &str); 2] = [
    (
        "values.scm",
        include_str!("../../queries/powershell/values.scm"),
    ),
    (
        "commands.scm",
        include_str!("../../queries/powershell/commands.scm"),
    ),
];

pub fn language() -> Language {
    tree_sitter_powershell::LANGUAGE.into()
}

static QUERIES: LazyLock<CompiledQuery> = LazyLock::new(|| {
    CompiledQuery::compile(
        &language(),
        &QUERY_FILES,
        "queries/powershell/*.scm compile against tree-sitter-powershell",
    )
});

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Lower-case tokens whose presence makes a script worth parsing. `secureprotocols` covers the
/// WinHTTP `DefaultSecureProtocols` and Internet Settings `SecureProtocols` registry values
/// (TLS008).
pub const INTERESTING_TOKENS: [&str; 8] = [
    "securityprotocol",
    "sslprotocol",
    "setswitch",
    "schusestrongcrypto",
    "systemdefaulttlsversions",
    "schannel",
    "appcontext",
    "secureprotocols",
];

/// Checks that every query file compiles on its own (used by tests).
pub fn check_queries() -> Result<(), String> {
    for (name, source) in QUERY_FILES {
        Query::new(&language(), source).map_err(|e| format!("queries/powershell/{name}: {e}"))?;
    }
    let _ = &*QUERIES;
    Ok(())
}

/// The .NET types scripts use, by their (case-insensitive) names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PsType {
    Protocol(ProtocolEnum),
    ServicePointManager,
    AppContext,
    Registry,
}

fn resolve_type(type_literal: Node, src: &str) -> Option<PsType> {
    let text = src.get(type_literal.byte_range())?;
    let name: String = text
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let name = name.strip_prefix("system.").unwrap_or(&name);
    match name {
        "net.securityprotocoltype" | "securityprotocoltype" => {
            Some(PsType::Protocol(ProtocolEnum::SecurityProtocolType))
        }
        "security.authentication.sslprotocols" | "authentication.sslprotocols" | "sslprotocols" => {
            Some(PsType::Protocol(ProtocolEnum::SslProtocols))
        }
        "net.servicepointmanager" | "servicepointmanager" => Some(PsType::ServicePointManager),
        "appcontext" => Some(PsType::AppContext),
        "microsoft.win32.registry" | "win32.registry" => Some(PsType::Registry),
        _ => None,
    }
}

/// The number of ERROR and MISSING nodes in a parse of `text`.
pub fn error_count(text: &str) -> usize {
    parse(text).map_or(usize::MAX, |tree| {
        super::tree::count_errors(tree.root_node())
    })
}

fn parse(text: &str) -> Result<Tree, ParseFailure> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            parser
                .set_language(&language())
                .expect("tree-sitter-powershell is ABI-compatible with the tree-sitter runtime");
            parser
        });
        tree::parse(parser, text)
    })
}

pub fn analyze(text: &str) -> Result<FileFacts, ParseFailure> {
    let tree = parse(text)?;
    let parents = Parents::new(&tree)?;
    Ok(Analyzer {
        src: text,
        tree: &tree,
        parents: &parents,
        scope: Scope::default(),
    }
    .run())
}

struct Analyzer<'t> {
    src: &'t str,
    tree: &'t Tree,
    parents: &'t Parents<'t>,
    scope: Scope<'t>,
}

#[derive(Default)]
struct Candidates<'t> {
    members: Vec<(Node<'t>, Node<'t>, Node<'t>)>,
    casts: Vec<(Node<'t>, Node<'t>)>,
    assignments: Vec<(Node<'t>, Node<'t>, Node<'t>)>,
    commands: Vec<(Node<'t>, Node<'t>, Option<Node<'t>>)>,
    calls: Vec<(Node<'t>, Node<'t>, Node<'t>, Node<'t>)>,
    hashes: Vec<(Node<'t>, Node<'t>)>,
}

/// How a value is used.
enum Use {
    Read,
    Write {
        op: WriteOp,
        sink: Sink,
        statement: Span,
    },
}

impl<'t> Analyzer<'t> {
    fn text(&self, node: Node) -> &'t str {
        self.src.get(node.byte_range()).unwrap_or("")
    }

    fn collect(&self) -> Candidates<'t> {
        let queries = &*QUERIES;
        let id = |name: &str| queries.capture(name).unwrap_or(u32::MAX);
        let mut out = Candidates::default();
        let mut cursor = QueryCursor::new();
        let mut matches =
            cursor.matches(&queries.query, self.tree.root_node(), self.src.as_bytes());
        while let Some(m) = matches.next() {
            let get = |name: &str| {
                m.captures()
                    .iter()
                    .find(|c| c.index == id(name))
                    .map(|c| c.node)
            };
            if let (Some(node), Some(ty), Some(name)) =
                (get("member"), get("member.type"), get("member.name"))
            {
                out.members.push((node, ty, name));
            } else if let (Some(node), Some(ty)) = (get("cast"), get("cast.type")) {
                out.casts.push((node, ty));
            } else if let (Some(node), Some(left), Some(op)) = (
                get("assignment"),
                get("assignment.left"),
                get("assignment.operator"),
            ) {
                out.assignments.push((node, left, op));
            } else if let (Some(node), Some(name)) = (get("command"), get("command.name")) {
                out.commands.push((node, name, get("command.elements")));
            } else if let (Some(node), Some(ty), Some(method), Some(arguments)) = (
                get("call"),
                get("call.type"),
                get("call.method"),
                get("call.arguments"),
            ) {
                out.calls.push((node, ty, method, arguments));
            } else if let (Some(node), Some(key)) = (get("hash"), get("hash.key")) {
                out.hashes.push((node, key));
            }
        }
        out
    }

    fn run(mut self) -> FileFacts {
        let candidates = self.collect();
        self.scope = self.scope(&candidates);
        let mut facts = FileFacts::default();
        let sink_values = self.sink_assignments(&candidates, &mut facts);
        self.leaf_writes(&candidates, &sink_values, &mut facts);
        for &(command, name, elements) in &candidates.commands {
            self.command(command, name, elements, &mut facts);
        }
        for &(call, ty, method, arguments) in &candidates.calls {
            self.call(call, ty, method, arguments, &mut facts);
        }
        for &(entry, key) in &candidates.hashes {
            if self.text(key).trim().eq_ignore_ascii_case("SslProtocol") {
                let values: Vec<Node> = named_children(entry)
                    .filter(|n| n.id() != key.id())
                    .collect();
                if let Some(value) = values.last() {
                    facts
                        .writes
                        .extend(self.web_ssl_protocols(&[*value], entry.byte_range()));
                }
            }
        }
        facts.writes.sort_by_key(|w| (w.value.start, w.value.end));
        facts.registry.sort_by_key(|r| (r.span.start, r.span.end));
        facts.in_catch = self.catch_fallbacks(&facts);
        facts
    }

    /// The values of the writes made in a `catch` clause or a `trap` ([`FileFacts::in_catch`]):
    /// they run because something in the `try` failed. A function or a script block written
    /// there runs when it is called, not as the fallback.
    fn catch_fallbacks(&self, facts: &FileFacts) -> Vec<Span> {
        let root = self.tree.root_node();
        facts
            .writes
            .iter()
            .filter(|write| {
                let Some(node) = root.descendant_for_byte_range(write.value.start, write.value.end)
                else {
                    return false;
                };
                std::iter::once(node)
                    .chain(self.parents.ancestors(node))
                    .map(|n| n.kind())
                    .take_while(|kind| {
                        !matches!(*kind, "function_statement" | "script_block_expression")
                    })
                    .any(|kind| matches!(kind, "catch_clause" | "trap_statement"))
            })
            .map(|write| write.value.clone())
            .collect()
    }

    /// `[Net.ServicePointManager]::SecurityProtocol = …`: every operand of the value, including
    /// integers and strings (PowerShell converts both to the enum). Returns the value nodes.
    fn sink_assignments(
        &self,
        candidates: &Candidates<'t>,
        facts: &mut FileFacts,
    ) -> HashSet<usize> {
        let mut values = HashSet::new();
        for &(assignment, left, operator) in &candidates.assignments {
            if !self.is_security_protocol(left) {
                continue;
            }
            let Some(value) = named_children(assignment)
                .last()
                .filter(|v| v.id() != operator.id())
            else {
                continue;
            };
            let op = match self.text(operator).trim() {
                "=" => WriteOp::Set,
                // `-=` removes (arithmetically): not a finding.
                "-=" => continue,
                _ => WriteOp::Other,
            };
            values.insert(value.id());
            let mut operands = Vec::new();
            let mut summary = ValueSummary::default();
            self.or_operands(
                value,
                ProtocolEnum::SecurityProtocolType,
                &mut operands,
                &mut summary,
            );
            let op = if op == WriteOp::Set && summary.self_ref {
                WriteOp::Add
            } else {
                op
            };
            facts.writes.push(ProtocolWrite {
                statement: assignment.byte_range(),
                value: value.byte_range(),
                op,
                sink: Sink::SecurityProtocol,
                operands,
                summary,
            });
        }
        values
    }

    fn is_security_protocol(&self, node: Node) -> bool {
        let Some(access) = descend_single(node).filter(|n| n.kind() == "member_access") else {
            return false;
        };
        let ty = named_children(access).find(|n| n.kind() == "type_literal");
        let member = named_children(access).find(|n| n.kind() == "member_name");
        matches!(
            ty.and_then(|t| resolve_type(t, self.src)),
            Some(PsType::ServicePointManager)
        ) && member.is_some_and(|m| self.text(m).trim().eq_ignore_ascii_case("SecurityProtocol"))
    }

    /// The operands of a `-bor` chain, as protocol values of `default_enum`.
    fn or_operands(
        &self,
        node: Node<'t>,
        default_enum: ProtocolEnum,
        operands: &mut Vec<Operand>,
        summary: &mut ValueSummary,
    ) {
        let node = descend_single(node).unwrap_or(node);
        if node.kind() == "bitwise_expression" && self.operator(node).eq_ignore_ascii_case("-bor") {
            for child in named_children(node) {
                self.or_operands(child, default_enum, operands, summary);
            }
            return;
        }
        // `A, B`: PowerShell ORs the elements of an array when it converts it to a flags enum.
        if node.kind() == "array_literal_expression" {
            for child in named_children(node) {
                self.or_operands(child, default_enum, operands, summary);
            }
            return;
        }
        // `@(A, B)` is the same array (and `@(A; B)`, one element per statement).
        if node.kind() == "array_expression" {
            let statements: Vec<Node<'t>> = named_children(node)
                .filter(|n| n.kind() == "statement_list")
                .flat_map(named_children)
                .collect();
            if statements.is_empty() {
                summary.unknown = true;
            }
            for statement in statements {
                self.or_operands(statement, default_enum, operands, summary);
            }
            return;
        }
        if node.kind() == "additive_expression" && self.operator(node) == "+" {
            self.sum_operands(node, default_enum, operands, summary);
            return;
        }
        if node.kind() == "parenthesized_expression"
            && let Some(inner) = named_children(node).next()
        {
            self.or_operands(inner, default_enum, operands, summary);
            return;
        }
        if self.is_security_protocol(node) {
            summary.self_ref = true;
            return;
        }
        let before = operands.len();
        match self.value(node, default_enum) {
            Some(found) => operands.extend(found),
            None => summary.unknown = true,
        }
        for operand in &operands[before..] {
            summary.bits |= operand.bits;
        }
    }

    /// `A + B + C`: a sum is the union of its terms when their bits are disjoint, and then each
    /// term is an operand as in a `-bor` chain. Terms that share bits (`Tls12 + Tls12`) make
    /// another number: the sum is one operand with the bits of that number. A term that is not
    /// known (the previous value, a variable) keeps its operands, but the sum may overlap.
    fn sum_operands(
        &self,
        node: Node<'t>,
        default_enum: ProtocolEnum,
        operands: &mut Vec<Operand>,
        summary: &mut ValueSummary,
    ) {
        let mut terms = Vec::new();
        self.sum_terms(node, &mut terms);
        // A number that is no protocol set (`5 + 768`) makes the sum other arithmetic.
        let no_protocol = |term: &Node<'t>| {
            let term = descend_single(*term).unwrap_or(*term);
            term.kind() == "integer_literal"
                && parse_int(self.text(term)).is_none_or(|n| !is_protocol_set(n))
        };
        if terms.iter().any(no_protocol) {
            summary.unknown = true;
            summary.overlapping_sum = true;
            return;
        }
        let mut parts = Vec::new();
        for term in terms {
            let mut found = Vec::new();
            let mut part = ValueSummary::default();
            self.or_operands(term, default_enum, &mut found, &mut part);
            parts.push((found, part));
        }
        let known = parts
            .iter()
            .all(|(_, p)| !p.unknown && !p.self_ref && !p.overlapping_sum);
        let mut union = 0u32;
        let mut disjoint = true;
        for (_, part) in &parts {
            disjoint &= union & part.bits == 0;
            union |= part.bits;
        }
        if known && !disjoint {
            let sum: u64 = parts.iter().map(|(_, p)| u64::from(p.bits)).sum();
            summary.overlapping_sum = true;
            match u32::try_from(sum)
                .ok()
                .filter(|&b| is_protocol_set(u64::from(b)))
            {
                Some(bits) => {
                    summary.bits |= bits;
                    operands.push(self.operand(node, default_enum, bits));
                }
                None => summary.unknown = true,
            }
            return;
        }
        summary.overlapping_sum |= !known;
        for (found, part) in parts {
            operands.extend(found);
            summary.bits |= part.bits;
            summary.unknown |= part.unknown;
            summary.self_ref |= part.self_ref;
            summary.overlapping_sum |= part.overlapping_sum;
        }
    }

    /// The terms of a `+` chain (the grammar nests it to the left), in source order.
    fn sum_terms(&self, node: Node<'t>, out: &mut Vec<Node<'t>>) {
        let node = descend_single(node).unwrap_or(node);
        if node.kind() == "additive_expression" && self.operator(node) == "+" {
            for child in named_children(node) {
                self.sum_terms(child, out);
            }
        } else {
            out.push(node);
        }
    }

    /// The protocol operands a single value stands for: an enum member, a cast, an integer, or
    /// a string of comma-separated names.
    fn value(&self, node: Node<'t>, protocol: ProtocolEnum) -> Option<Vec<Operand>> {
        let node = descend_single(node).unwrap_or(node);
        match node.kind() {
            "member_access" => {
                let ty = named_children(node).find(|n| n.kind() == "type_literal")?;
                let member = named_children(node).find(|n| n.kind() == "member_name")?;
                let Some(PsType::Protocol(protocol)) = resolve_type(ty, self.src) else {
                    return None;
                };
                let (_, bits) = protocol.member_value_ignore_case(self.text(member).trim())?;
                Some(vec![self.operand(node, protocol, bits)])
            }
            "cast_expression" => {
                let ty = named_children(node).find(|n| n.kind() == "type_literal")?;
                let Some(PsType::Protocol(cast_to)) = resolve_type(ty, self.src) else {
                    return None;
                };
                let inner = named_children(node)
                    .filter(|n| n.kind() != "type_literal")
                    .last()?;
                let inner = descend_single(inner).unwrap_or(inner);
                match inner.kind() {
                    "integer_literal" => {
                        let bits = parse_int(self.text(inner))?;
                        is_protocol_set(bits)
                            .then(|| vec![self.operand(node, cast_to, bits as u32)])
                    }
                    "string_literal" => self.names_in_string(inner, cast_to, false),
                    _ => self.value(inner, cast_to),
                }
            }
            "integer_literal" => {
                let bits = parse_int(self.text(node))?;
                is_protocol_set(bits).then(|| vec![self.operand(node, protocol, bits as u32)])
            }
            "string_literal" => self.names_in_string(node, protocol, false),
            _ => None,
        }
    }

    fn operand(&self, node: Node, protocol: ProtocolEnum, bits: u32) -> Operand {
        Operand {
            span: node.byte_range(),
            protocol,
            bits,
            text: self
                .text(node)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            written_here: true,
        }
    }

    /// `'Tls11, Tls12'`: one operand per name, located on the name. `web` maps the names of
    /// the web cmdlets' `WebSslProtocol` (where `Default` means the OS default).
    ///
    /// PowerShell converts a string to a flags enum its own way (`EnumSingleTypeConverter`):
    /// a string that starts with a digit or a sign is first read as one decimal number
    /// (`'3072'`); otherwise each comma-separated entry must name a member, ignoring case, or
    /// be a wildcard pattern over the names. A number among names, a hex number, or an unknown
    /// name makes the conversion throw: no value, no finding. Wildcards (`'Tls1*'`) are not
    /// expanded here: the value is unknown.
    fn names_in_string(
        &self,
        node: Node,
        protocol: ProtocolEnum,
        web: bool,
    ) -> Option<Vec<Operand>> {
        let raw = self.text(node);
        let quote = raw.chars().next().filter(|c| *c == '\'' || *c == '"');
        let (inner_start, inner) = match quote {
            Some(q) => (node.start_byte() + 1, raw.get(1..)?.strip_suffix(q)?),
            None => (node.start_byte(), raw),
        };
        if inner.contains('$') || inner.contains('\n') || inner.contains(['*', '?', '[']) {
            return None;
        }
        let number = inner.trim();
        if !web && number.starts_with(|c: char| c.is_ascii_digit() || c == '+') {
            let bits = number.trim_start_matches('+').parse::<u64>().ok()?;
            let start = inner_start + (inner.len() - inner.trim_start().len());
            return is_protocol_set(bits).then(|| {
                vec![Operand {
                    span: start..start + number.len(),
                    protocol,
                    bits: bits as u32,
                    text: number.to_owned(),
                    written_here: true,
                }]
            });
        }
        let mut operands = Vec::new();
        let mut offset = 0;
        for piece in inner.split(',') {
            let leading = piece.len() - piece.trim_start().len();
            let name = piece.trim();
            if !name.is_empty() {
                let bits = if web {
                    web_ssl_protocol(name)?
                } else {
                    protocol.member_value_ignore_case(name)?.1
                };
                let start = inner_start + offset + leading;
                operands.push(Operand {
                    span: start..start + name.len(),
                    protocol,
                    bits,
                    text: name.to_owned(),
                    written_here: true,
                });
            }
            offset += piece.len() + 1;
        }
        Some(operands)
    }

    fn operator(&self, node: Node) -> &'t str {
        let mut cursor = node.walk();

        (node
            .children(&mut cursor)
            .find(|c| !c.is_named() || c.kind() == "comparison_operator")
            .map(|c| self.text(c))
            .unwrap_or("")) as _
    }

    /// Enum members and casts written anywhere but a `SecurityProtocol` assignment (handled
    /// whole): variables, arguments, return values.
    fn leaf_writes(
        &self,
        candidates: &Candidates<'t>,
        sink_values: &HashSet<usize>,
        facts: &mut FileFacts,
    ) {
        let mut leaves: Vec<(Node<'t>, Operand)> = Vec::new();
        for &(node, ty, member) in &candidates.members {
            let Some(PsType::Protocol(protocol)) = resolve_type(ty, self.src) else {
                continue;
            };
            if let Some((_, bits)) = protocol.member_value_ignore_case(self.text(member).trim()) {
                leaves.push((node, self.operand(node, protocol, bits)));
            }
        }
        for &(node, ty) in &candidates.casts {
            if !matches!(resolve_type(ty, self.src), Some(PsType::Protocol(_))) {
                continue;
            }
            // A cast of an enum member is reported at the member.
            let inner = named_children(node)
                .filter(|n| n.kind() != "type_literal")
                .last();
            if inner
                .and_then(descend_single)
                .is_some_and(|n| n.kind() == "member_access")
            {
                continue;
            }
            if let Some(PsType::Protocol(protocol)) = resolve_type(ty, self.src) {
                for operand in self.value(node, protocol).unwrap_or_default() {
                    leaves.push((node, operand));
                }
            }
        }
        let mut by_root: HashMap<usize, usize> = HashMap::new();
        for (leaf, operand) in leaves {
            let (root, usage) = self.climb(leaf);
            if sink_values.contains(&root.id()) {
                continue;
            }
            let Use::Write {
                op,
                sink,
                statement,
            } = usage
            else {
                continue;
            };
            let index = *by_root.entry(root.id()).or_insert_with(|| {
                facts.writes.push(ProtocolWrite {
                    statement,
                    value: root.byte_range(),
                    op,
                    sink,
                    operands: Vec::new(),
                    summary: ValueSummary {
                        unknown: true,
                        ..ValueSummary::default()
                    },
                });
                facts.writes.len() - 1
            });
            let write = &mut facts.writes[index];
            write.summary.bits |= operand.bits;
            write.operands.push(operand);
        }
    }

    /// Walks up from a value through the expressions that pass it on unchanged, and says how
    /// the value is used.
    fn climb(&self, leaf: Node<'t>) -> (Node<'t>, Use) {
        let mut node = leaf;
        loop {
            let Some(parent) = self.parents.of(node) else {
                return (node, Use::Read);
            };
            let single = named_children(parent).count() == 1;
            let transparent = match parent.kind() {
                "pipeline" => {
                    single
                        && self
                            .parents
                            .of(parent)
                            .is_some_and(|p| p.kind() != "statement_list")
                }
                "bitwise_expression" => {
                    single || self.operator(parent).eq_ignore_ascii_case("-bor")
                }
                "expression_with_unary_operator" => single && !has_operator_token(parent),
                "cast_expression" => true,
                "statement_list" => self
                    .parents
                    .of(parent)
                    .is_some_and(|p| matches!(p.kind(), "array_expression" | "sub_expression")),
                "array_expression" | "sub_expression" | "parenthesized_expression" => true,
                kind if kind.ends_with("_expression") && single => {
                    !matches!(kind, "invokation_expression" | "assignment_expression")
                }
                "pipeline_chain" | "argument_expression" => single,
                _ => false,
            };
            if transparent {
                node = parent;
                continue;
            }
            let statement = statement_of(parent, self.parents);
            let write = |op| Use::Write {
                op,
                sink: Sink::None,
                statement: statement.clone(),
            };
            let usage = match parent.kind() {
                "assignment_expression" => {
                    let operator =
                        named_children(parent).find(|n| n.kind() == "assignement_operator");
                    let is_value = named_children(parent)
                        .last()
                        .is_some_and(|v| v.id() == node.id());
                    match operator.map(|o| self.text(o).trim()) {
                        _ if !is_value => Use::Read,
                        Some("=") => write(WriteOp::Set),
                        Some("-=") => Use::Read,
                        _ => write(WriteOp::Other),
                    }
                }
                "argument_expression_list" => {
                    let method = self
                        .parents
                        .of(parent)
                        .and_then(|list| self.parents.of(list))
                        .and_then(|call| named_children(call).find(|n| n.kind() == "member_name"))
                        .map(|m| self.text(m).trim().to_ascii_lowercase())
                        .unwrap_or_default();
                    if matches!(
                        method.as_str(),
                        "hasflag" | "equals" | "compareto" | "contains" | "tostring"
                    ) {
                        Use::Read
                    } else {
                        write(WriteOp::Set)
                    }
                }
                "command_elements" => {
                    let command = self
                        .parents
                        .of(parent)
                        .and_then(|c| named_children(c).find(|n| n.kind() == "command_name"))
                        .map(|n| self.text(n).to_ascii_lowercase())
                        .unwrap_or_default();
                    let reads = [
                        "write-", "out-", "format-", "select-", "where-", "sort-", "measure-",
                        "tee-",
                    ];
                    if reads.iter().any(|prefix| command.starts_with(prefix)) {
                        Use::Read
                    } else {
                        write(WriteOp::Set)
                    }
                }
                "hash_entry"
                | "flow_control_statement"
                | "script_parameter_default"
                | "class_property_definition" => write(WriteOp::Set),
                // Comparisons, `-band`/`-bxor` masks, `-bnot`, conditions, switch labels,
                // receivers of member accesses and bare statements (which only output the
                // value) read it.
                _ => Use::Read,
            };
            return (node, usage);
        }
    }

    /// Web cmdlets (`-SslProtocol`) and registry writes.
    fn command(
        &self,
        command: Node<'t>,
        name: Node<'t>,
        elements: Option<Node<'t>>,
        facts: &mut FileFacts,
    ) {
        let name = self.text(name).trim().to_ascii_lowercase();
        let name = name.strip_suffix(".exe").unwrap_or(&name);
        let Some(elements) = elements else { return };
        let arguments = self.arguments(elements);
        match name {
            "invoke-webrequest" | "iwr" | "invoke-restmethod" | "irm" => {
                if let Some(values) = arguments.named("sslprotocol") {
                    facts
                        .writes
                        .extend(self.web_ssl_protocols(values, command.byte_range()));
                }
            }
            "set-itemproperty" | "sp" | "new-itemproperty" | "reg" => {
                // Written out, through same-script variables, or through the parameters of the
                // function the command is in, once for each call of it.
                for env in self.environments(command) {
                    let write = if name == "reg" {
                        self.reg_add(&arguments, &env)
                    } else {
                        self.set_item_property(&arguments, &env)
                    };
                    if let Some(mut value) = write {
                        value.span = env.call.unwrap_or(command).byte_range();
                        facts.registry.push(value);
                    }
                }
            }
            _ => {}
        }
    }

    /// `Set-ItemProperty`/`New-ItemProperty -Path … -Name … -Value … [-Type DWord]` (named or
    /// positional), its arguments read in `env`. `None` when the key or the value name is not
    /// known; a value that is not known is `RegistryData::Other`.
    fn set_item_property(&self, arguments: &Arguments<'t>, env: &Env<'t>) -> Option<RegistryValue> {
        let path = arguments
            .named("path")
            .or_else(|| arguments.named("literalpath"))
            .or_else(|| arguments.positional(0))?;
        let value_name = arguments
            .named("name")
            .or_else(|| arguments.positional(1))?;
        let value = arguments
            .named("value")
            .or_else(|| arguments.positional(2))?;
        let kind = arguments
            .named("type")
            .or_else(|| arguments.named("propertytype"));
        let key = self.literal(&self.resolve(path, env)?)?;
        let value_name = self.literal(&self.resolve(value_name, env)?)?;
        let dword = kind
            .and_then(|k| self.resolve(k, env))
            .and_then(|k| self.literal(&k))
            .is_some_and(|k| k.eq_ignore_ascii_case("dword"));
        // A value that names an unknown variable stays unknown (`Other`), as before.
        let value = self.resolve(value, env).unwrap_or_else(|| value.to_vec());
        Some(RegistryValue {
            key,
            name: value_name,
            data: self.registry_data(&value, dword),
            span: 0..0,
            data_span: span_of(&value),
        })
    }

    /// `reg add KEY /v NAME /t REG_DWORD /d DATA`, its words read in `env`.
    fn reg_add(&self, arguments: &Arguments<'t>, env: &Env<'t>) -> Option<RegistryValue> {
        // A word that is not known keeps its place (`None`): the key is the word after `add`,
        // and each flag's value the word after the flag.
        let words: Vec<Option<(String, Node)>> = arguments
            .all
            .iter()
            .map(|n| {
                let resolved = self.resolve(std::slice::from_ref(n), env)?;
                let [node] = resolved.as_slice() else {
                    return None;
                };
                Some((self.literal(&[*node])?, *node))
            })
            .collect();
        let word = |i: usize| words.get(i).and_then(Option::as_ref);
        if !word(0).is_some_and(|(w, _)| w.eq_ignore_ascii_case("add")) {
            return None;
        }
        let flag = |flag: &str| {
            words
                .iter()
                .position(|w| {
                    w.as_ref()
                        .is_some_and(|(w, _)| w.eq_ignore_ascii_case(flag))
                })
                .and_then(|i| word(i + 1))
        };
        let (Some((key, _)), Some((value_name, _)), Some((data, data_node))) =
            (word(1), flag("/v"), flag("/d"))
        else {
            return None;
        };
        let dword = flag("/t").is_some_and(|(t, _)| t.eq_ignore_ascii_case("REG_DWORD"));
        let data = if dword {
            parse_int(data)
                .and_then(|n| u32::try_from(n).ok())
                .map_or(RegistryData::Other, RegistryData::Dword)
        } else {
            RegistryData::String(data.clone())
        };
        Some(RegistryValue {
            key: key.clone(),
            name: value_name.clone(),
            data,
            span: 0..0,
            data_span: data_node.byte_range(),
        })
    }

    /// The environments a command's arguments are read in: the command as written (its
    /// variables resolved in the script), and when that leaves a parameter of the function it
    /// is in unknown, once per call of that function in the script with what the call passes.
    fn environments(&self, command: Node<'t>) -> Vec<Env<'t>> {
        let functions = self.enclosing_functions(command);
        let Some(function) = functions
            .first()
            .and_then(|id| self.scope.functions.iter().find(|f| f.node.id() == *id))
            .filter(|f| !f.params.is_empty())
        else {
            return vec![Env {
                functions,
                ..Env::default()
            }];
        };
        let mut out = vec![Env {
            functions: functions.clone(),
            params: function.params.iter().map(|p| p.name.clone()).collect(),
            ..Env::default()
        }];
        let calls = self
            .scope
            .calls_by_name
            .get(&function.name.to_ascii_lowercase())
            .map_or(&[][..], Vec::as_slice);
        // Each call gives each command in the function an environment: a generated script
        // with thousands of both must stay bounded (the calls past the limit are not read).
        for &call in calls.iter().take(MAX_CALLS_READ) {
            let Some(elements) = call.child_by_field_name("command_elements") else {
                continue;
            };
            let arguments = self.arguments(elements);
            let mut bound: HashMap<String, Vec<Node<'t>>> = HashMap::new();
            let mut positional = arguments.positional.clone();
            let mut unknown = false;
            for (name, values) in &arguments.named {
                // PowerShell binds a parameter by its name or by any unique prefix of it,
                // ignoring case (`-Val` for `-Value`); a name that binds nothing we know of
                // (an ambiguous prefix, a common parameter) leaves the call unknown.
                let exact = function
                    .params
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(name));
                let mut prefixed = function.params.iter().filter(|p| {
                    p.name.len() >= name.len()
                        && p.name.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                });
                let param = exact.or_else(|| match (prefixed.next(), prefixed.next()) {
                    (Some(only), None) => Some(only),
                    _ => None,
                });
                let Some(param) = param else {
                    unknown = true;
                    continue;
                };
                // `-Force 'x'`: a switch takes no value (unless written `-Force:$false`), so
                // what follows it is positional.
                let attached = values
                    .first()
                    .is_some_and(|v| self.src[..v.start_byte()].ends_with(':'));
                if param.switch && !attached {
                    positional.extend(values.iter().copied());
                } else if !values.is_empty() {
                    bound.insert(param.name.clone(), values.clone());
                }
            }
            if unknown {
                continue;
            }
            positional.sort_by_key(|n| n.start_byte());
            // Positional arguments go to the parameters not bound by name, in order (a
            // `[switch]` takes none).
            let mut positional = positional.iter();
            for param in &function.params {
                if bound.contains_key(&param.name) || param.switch {
                    continue;
                }
                match positional.next() {
                    Some(node) => {
                        bound.insert(param.name.clone(), vec![*node]);
                    }
                    None => {
                        if let Some(default) = param.default {
                            bound.insert(param.name.clone(), vec![default]);
                        }
                    }
                }
            }
            out.push(Env {
                functions: functions.clone(),
                params: function.params.iter().map(|p| p.name.clone()).collect(),
                bound,
                call: Some(call),
                call_functions: self.enclosing_functions(call),
            });
        }
        out
    }

    /// The literal an argument stands for: itself when it is no variable (or an automatic
    /// one: `$true`), the argument a call binds to a parameter of the function the command is
    /// in, or the one literal a same-script variable is assigned. `None` when not known.
    fn resolve(&self, nodes: &[Node<'t>], env: &Env<'t>) -> Option<Vec<Node<'t>>> {
        let [node] = nodes else {
            return Some(nodes.to_vec());
        };
        let inner = descend_single(*node).unwrap_or(*node);
        if inner.kind() != "variable" {
            return Some(vec![*node]);
        }
        let name = variable_name(self.text(inner));
        if matches!(name.as_str(), "true" | "false" | "null") {
            return Some(vec![*node]);
        }
        if env.params.contains(&name) {
            // What the call passes: a literal, or a variable of the call's own scope.
            let passed = env.bound.get(&name)?;
            let [passed] = passed.as_slice() else {
                return Some(passed.clone());
            };
            let passed_inner = descend_single(*passed).unwrap_or(*passed);
            if passed_inner.kind() != "variable" {
                return Some(vec![*passed]);
            }
            let passed_name = variable_name(self.text(passed_inner));
            return self
                .scope
                .literal_of(&passed_name, &env.call_functions, passed.start_byte())
                .map(|n| vec![n]);
        }
        self.scope
            .literal_of(&name, &env.functions, node.start_byte())
            .map(|n| vec![n])
    }

    /// The ids of the functions around `node`, innermost first.
    fn enclosing_functions(&self, node: Node<'t>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut current = node;
        while let Some(parent) = self.parents.of(current) {
            if parent.kind() == "function_statement" {
                out.push(parent.id());
            }
            current = parent;
        }
        out
    }

    fn command_name(&self, command: Node<'t>) -> &'t str {
        command
            .child_by_field_name("command_name")
            .map_or("", |n| self.text(n).trim())
    }

    /// The script's variables and functions (see [`Scope`]).
    fn scope(&self, candidates: &Candidates<'t>) -> Scope<'t> {
        let mut scope = Scope::default();
        for &(assignment, left, operator) in &candidates.assignments {
            let Some(variable) = descend_single(left).filter(|n| n.kind() == "variable") else {
                continue;
            };
            let name = variable_name(self.text(variable));
            let literal = named_children(assignment)
                .last()
                .filter(|v| v.id() != operator.id() && self.text(operator).trim() == "=")
                .and_then(descend_single)
                .filter(|v| {
                    matches!(v.kind(), "string_literal" | "integer_literal")
                        && self.literal(&[*v]).is_some()
                });
            let function = self.enclosing_functions(assignment).first().copied();
            scope.assign(name, literal.map(|l| (l, function)));
        }
        let mut cursor = self.tree.walk();
        let mut stack = vec![self.tree.root_node()];
        while let Some(node) = stack.pop() {
            match node.kind() {
                // A loop variable takes many values.
                "foreach_statement" => {
                    if let Some(variable) = named_children(node).find(|n| n.kind() == "variable") {
                        scope.assign(variable_name(self.text(variable)), None);
                    }
                }
                "function_statement" => {
                    if let Some(function) = self.function(node) {
                        // PowerShell scopes are dynamic: a function called from this one sees
                        // its parameters, not a script variable of the same name. Such a
                        // script variable is not known (a parameter itself is resolved per
                        // call, before variables are looked at).
                        for param in &function.params {
                            scope.assign(param.name.clone(), None);
                        }
                        scope.functions.push(function);
                    }
                }
                // The script's own parameters come from whoever runs it.
                "param_block" if self.enclosing_functions(node).is_empty() => {
                    for param in self.parameters(node) {
                        scope.assign(param.name, None);
                    }
                }
                "command" => scope.calls.push(node),
                _ => {}
            }
            stack.extend(node.children(&mut cursor));
        }
        scope.calls.sort_by_key(|n| n.start_byte());
        for &call in &scope.calls {
            scope
                .calls_by_name
                .entry(self.command_name(call).to_ascii_lowercase())
                .or_default()
                .push(call);
        }
        scope
    }

    /// A function's name and parameters (`function F([string]$Path)` or a `param(…)` block).
    fn function(&self, node: Node<'t>) -> Option<Function<'t>> {
        let name = named_children(node)
            .find(|n| n.kind() == "function_name")
            .map(|n| self.text(n).trim().to_owned())?;
        let mut params = Vec::new();
        for child in named_children(node) {
            match child.kind() {
                "function_parameter_declaration" => params.extend(self.parameters(child)),
                "script_block" => {
                    for block in named_children(child).filter(|n| n.kind() == "param_block") {
                        params.extend(self.parameters(block));
                    }
                }
                _ => {}
            }
        }
        Some(Function { node, name, params })
    }

    /// The parameters of a `param(…)` block or a function's parameter declaration.
    fn parameters(&self, node: Node<'t>) -> Vec<Param<'t>> {
        named_children(node)
            .filter(|n| n.kind() == "parameter_list")
            .flat_map(named_children)
            .filter(|n| n.kind() == "script_parameter")
            .filter_map(|param| {
                let variable = named_children(param).find(|n| n.kind() == "variable")?;
                let default = named_children(param)
                    .find(|n| n.kind() == "script_parameter_default")
                    .and_then(|d| named_children(d).next())
                    .and_then(descend_single)
                    .filter(|v| matches!(v.kind(), "string_literal" | "integer_literal"));
                let switch = named_children(param)
                    .filter(|n| n.kind() == "attribute_list")
                    .any(|list| {
                        self.text(list)
                            .to_ascii_lowercase()
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .any(|word| word == "switch")
                    });
                Some(Param {
                    name: variable_name(self.text(variable)),
                    default,
                    switch,
                })
            })
            .collect()
    }

    /// `-SslProtocol Tls11`, `-SslProtocol 'Tls, Tls11'`, `-SslProtocol Tls,Tls11`.
    fn web_ssl_protocols(&self, values: &[Node<'t>], statement: Span) -> Option<ProtocolWrite> {
        let mut operands = Vec::new();
        let mut summary = ValueSummary::default();
        for &value in values {
            let value = descend_single(value).unwrap_or(value);
            let found = match value.kind() {
                "string_literal" | "generic_token" => {
                    self.names_in_string(value, ProtocolEnum::SslProtocols, true)
                }
                _ => None,
            };
            match found {
                Some(found) => operands.extend(found),
                None => summary.unknown = true,
            }
        }
        summary.bits = operands.iter().fold(0, |bits, o| bits | o.bits);
        let start = values.first()?.start_byte();
        let end = values.last()?.end_byte();
        Some(ProtocolWrite {
            statement,
            value: start..end,
            op: WriteOp::Set,
            sink: Sink::SslProtocolsProperty,
            operands,
            summary,
        })
    }

    /// `[AppContext]::SetSwitch(…)` and `[Microsoft.Win32.Registry]::SetValue(…)`.
    fn call(
        &self,
        call: Node<'t>,
        ty: Node<'t>,
        method: Node<'t>,
        arguments: Node<'t>,
        facts: &mut FileFacts,
    ) {
        let method = self.text(method).trim().to_ascii_lowercase();
        let args: Vec<Node> = named_children(arguments)
            .flat_map(|list| named_children(list).collect::<Vec<_>>())
            .filter(|n| n.kind() == "argument_expression")
            .collect();
        match (resolve_type(ty, self.src), method.as_str()) {
            (Some(PsType::AppContext), "setswitch") => {
                let name = args.first().and_then(|n| self.literal(&[*n]));
                let value = args.get(1).and_then(|n| {
                    match self.literal(&[*n])?.to_ascii_lowercase().as_str() {
                        "$true" | "1" => Some(true),
                        "$false" | "0" => Some(false),
                        _ => None,
                    }
                });
                let value_span = args
                    .get(1)
                    .and_then(|n| descend_single(*n))
                    .filter(|n| n.kind() == "variable")
                    .map(|n| n.byte_range());
                facts.switches.push(SwitchSetting {
                    span: call.byte_range(),
                    name,
                    value,
                    value_span,
                    origin: SwitchOrigin::Code,
                });
            }
            (Some(PsType::Registry), "setvalue") => {
                // As for `Set-ItemProperty`: through variables and parameters too.
                for env in self.environments(call) {
                    let arg = |i: usize| {
                        args.get(i)
                            .and_then(|n| self.resolve(std::slice::from_ref(n), &env))
                    };
                    let (Some(key), Some(name)) = (
                        arg(0).and_then(|n| self.literal(&n)),
                        arg(1).and_then(|n| self.literal(&n)),
                    ) else {
                        continue;
                    };
                    let Some(value) = arg(2).or_else(|| args.get(2).map(|n| vec![*n])) else {
                        continue;
                    };
                    let dword = args
                        .get(3)
                        .is_some_and(|k| self.text(*k).to_ascii_lowercase().contains("dword"));
                    facts.registry.push(RegistryValue {
                        key,
                        name,
                        data: self.registry_data(&value, dword),
                        span: env.call.unwrap_or(call).byte_range(),
                        data_span: span_of(&value),
                    });
                }
            }
            _ => {}
        }
    }

    /// Registry data from a `-Value`: an integer is a DWORD; a string is REG_SZ unless the
    /// type says DWORD (domain.md §3.4: the provider infers the kind from the .NET type).
    fn registry_data(&self, value: &[Node<'t>], dword: bool) -> RegistryData {
        let Some(&node) = value.first() else {
            return RegistryData::Other;
        };
        let node = descend_single(node).unwrap_or(node);
        if node.kind() == "integer_literal"
            || (node.kind() == "generic_token" && parse_int(self.text(node)).is_some())
        {
            return parse_int(self.text(node))
                .and_then(|n| u32::try_from(n).ok())
                .map_or(RegistryData::Other, RegistryData::Dword);
        }
        match self.literal(value) {
            Some(text) if dword => parse_int(&text)
                .and_then(|n| u32::try_from(n).ok())
                .map_or(RegistryData::Other, RegistryData::Dword),
            Some(text) => RegistryData::String(text),
            None => RegistryData::Other,
        }
    }

    /// The literal text of a command argument (a bare word or a string without variables).
    fn literal(&self, nodes: &[Node<'t>]) -> Option<String> {
        let [node] = nodes else { return None };
        let node = descend_single(*node).unwrap_or(*node);
        let raw = self.text(node).trim();
        let text = match node.kind() {
            "string_literal" => {
                let quote = raw.chars().next()?;
                if quote == '"' && raw.contains('$') {
                    return None;
                }
                raw.get(1..)?.strip_suffix(quote)?.to_owned()
            }
            "generic_token" | "integer_literal" | "variable" | "command_name_expr" => {
                raw.to_owned()
            }
            _ => return None,
        };
        (!text.starts_with('$') || matches!(text.to_ascii_lowercase().as_str(), "$true" | "$false"))
            .then_some(text)
    }

    /// A command's arguments: named (`-Name value`, `-Name:value`) and positional.
    fn arguments(&self, elements: Node<'t>) -> Arguments<'t> {
        let mut out = Arguments::default();
        let mut current: Option<String> = None;
        let mut cursor = elements.walk();
        for child in elements.children(&mut cursor) {
            match child.kind() {
                "command_argument_sep" | "comment" => {}
                "command_parameter" => {
                    let name = self
                        .text(child)
                        .trim()
                        .trim_start_matches('-')
                        .trim_end_matches(':')
                        .to_ascii_lowercase();
                    out.named.push((name.clone(), Vec::new()));
                    current = Some(name);
                }
                "," => {}
                _ if child.is_named() => {
                    out.all.push(child);
                    match &current {
                        Some(_) => {
                            if let Some((_, values)) = out.named.last_mut() {
                                values.push(child);
                            }
                            // A comma continues the array: keep collecting for this parameter.
                            if child.next_sibling().is_none_or(|n| n.kind() != ",") {
                                current = None;
                            }
                        }
                        None => out.positional.push(child),
                    }
                }
                _ => {}
            }
        }
        out
    }
}

#[derive(Default)]
struct Arguments<'t> {
    named: Vec<(String, Vec<Node<'t>>)>,
    positional: Vec<Node<'t>>,
    all: Vec<Node<'t>>,
}

impl<'t> Arguments<'t> {
    fn named(&self, name: &str) -> Option<&[Node<'t>]> {
        self.named
            .iter()
            .find(|(n, values)| n == name && !values.is_empty())
            .map(|(_, values)| values.as_slice())
    }

    fn positional(&self, index: usize) -> Option<&[Node<'t>]> {
        self.positional.get(index).map(std::slice::from_ref)
    }
}

/// What the script says about names: variables assigned exactly once with `=` from a literal
/// (string without variables, or integer), the function they are assigned in (`None`: the
/// script's top level), and the script's functions and commands. A variable assigned twice,
/// from anything else, by a loop, or named like a parameter of the script or of one of its
/// functions is not known.
#[derive(Default)]
struct Scope<'t> {
    variables: HashMap<String, Option<(Node<'t>, Option<usize>)>>,
    functions: Vec<Function<'t>>,
    calls: Vec<Node<'t>>,
    /// The same commands by lower-cased name, in order.
    calls_by_name: HashMap<String, Vec<Node<'t>>>,
}

/// How many calls of one function are read for the arguments they pass.
const MAX_CALLS_READ: usize = 256;

impl<'t> Scope<'t> {
    fn assign(&mut self, name: String, literal: Option<(Node<'t>, Option<usize>)>) {
        self.variables
            .entry(name)
            .and_modify(|known| *known = None)
            .or_insert(literal);
    }

    /// The literal `name` holds at a use at byte `used_at` that the functions `around`
    /// (innermost first) enclose: assigned at the top level or in one of those functions, and,
    /// when in the same one as the use (statements run in order), before it. (A function may
    /// run after a later top-level assignment: that order is not known, and not required.)
    fn literal_of(&self, name: &str, around: &[usize], used_at: usize) -> Option<Node<'t>> {
        let (literal, function) = self.variables.get(name)?.as_ref()?;
        let visible = function.is_none_or(|f| around.contains(&f));
        let same_scope = *function == around.first().copied();
        (visible && !(same_scope && literal.start_byte() > used_at)).then_some(*literal)
    }
}

struct Function<'t> {
    node: Node<'t>,
    name: String,
    params: Vec<Param<'t>>,
}

struct Param<'t> {
    /// Lower case, without `$`.
    name: String,
    /// A literal default value.
    default: Option<Node<'t>>,
    /// A `[switch]` takes no positional argument.
    switch: bool,
}

/// Where a command's arguments are read: the functions around it, the parameters of the
/// innermost one, and what a call of it binds to them (and the functions around that call).
#[derive(Default)]
struct Env<'t> {
    functions: Vec<usize>,
    params: Vec<String>,
    bound: HashMap<String, Vec<Node<'t>>>,
    call: Option<Node<'t>>,
    call_functions: Vec<usize>,
}

/// A variable's name as the script means it: lower case, without `$`, braces or a
/// `script:`/`global:`/`local:`/`private:` scope.
fn variable_name(text: &str) -> String {
    let name = text.trim().trim_start_matches('$');
    let name = name
        .strip_prefix('{')
        .and_then(|n| n.strip_suffix('}'))
        .unwrap_or(name)
        .to_ascii_lowercase();
    for scope in ["script:", "global:", "local:", "private:"] {
        if let Some(rest) = name.strip_prefix(scope) {
            return rest.to_owned();
        }
    }
    name
}

fn span_of(nodes: &[Node]) -> Span {
    match (nodes.first(), nodes.last()) {
        (Some(first), Some(last)) => first.start_byte()..last.end_byte(),
        _ => 0..0,
    }
}

/// `WebSslProtocol` names (`Invoke-WebRequest -SslProtocol`): `Default` is the OS default.
fn web_ssl_protocol(name: &str) -> Option<u32> {
    match name.to_ascii_lowercase().as_str() {
        "default" => Some(0),
        "tls" => Some(TLS10),
        "tls11" => Some(TLS11),
        "tls12" => Some(TLS12),
        "tls13" => Some(TLS13),
        _ => None,
    }
}

/// A PowerShell integer literal: decimal or `0x` hex, with an optional `l`/`u` suffix.
fn parse_int(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_lowercase();
    let text = text.trim_end_matches(['l', 'u']);
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    (0..node.named_child_count())
        .filter_map(move |i| node.named_child(i as u32))
        .filter(|child| child.kind() != "comment")
}

/// Skips the grammar's chains of single-child wrapper nodes (`logical_expression` →
/// `bitwise_expression` → … → `unary_expression`) down to the node that carries meaning.
fn descend_single(node: Node) -> Option<Node> {
    let mut current = node;
    loop {
        let kind = current.kind();
        let wrapper = kind.ends_with("_expression")
            && !matches!(
                kind,
                "cast_expression"
                    | "invokation_expression"
                    | "assignment_expression"
                    | "parenthesized_expression"
                    | "sub_expression"
                    | "array_expression"
            )
            || matches!(
                kind,
                "pipeline"
                    | "pipeline_chain"
                    | "argument_expression"
                    | "left_assignment_expression"
                    | "expression_with_unary_operator"
            );
        let mut children = named_children(current);
        match (wrapper, children.next(), children.next()) {
            (true, Some(only), None)
                if !(kind == "expression_with_unary_operator" && has_operator_token(current)) =>
            {
                current = only;
            }
            _ => return Some(current),
        }
    }
}

/// Whether a unary expression applies an operator (`-bnot`, `-not`, `!`, `-`) rather than
/// just wrapping its operand.
fn has_operator_token(node: Node) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|c| !c.is_named() && c.end_byte() > c.start_byte())
}

/// The statement holding `node`: the nearest pipeline directly in a statement list.
fn statement_of<'t>(node: Node<'t>, parents: &Parents<'t>) -> Span {
    let mut current = node;
    while let Some(parent) = parents.of(current) {
        if parent.kind() == "statement_list" {
            return current.byte_range();
        }
        current = parent;
    }
    node.byte_range()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyze(text: &str) -> FileFacts {
        super::analyze(text).expect("parses")
    }

    fn writes(text: &str) -> Vec<(String, Vec<String>, WriteOp, Sink)> {
        analyze(text)
            .writes
            .into_iter()
            .map(|w| {
                let operands = w
                    .operands
                    .iter()
                    .map(|o| text[o.span.clone()].to_owned())
                    .collect();
                (text[w.value.clone()].to_owned(), operands, w.op, w.sink)
            })
            .collect()
    }

    #[test]
    fn queries_compile() {
        check_queries().unwrap();
    }

    #[test]
    fn security_protocol_assignments() {
        let found = writes(
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls -bor [Net.SecurityProtocolType]::Tls11 -bor 3072\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].1,
            [
                "[Net.SecurityProtocolType]::Tls",
                "[Net.SecurityProtocolType]::Tls11",
                "3072"
            ]
        );
        assert_eq!(
            (found[0].2, found[0].3),
            (WriteOp::Set, Sink::SecurityProtocol)
        );
        let additive = writes(
            "[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.ServicePointManager]::SecurityProtocol -bor 3072\n",
        );
        assert_eq!(additive[0].2, WriteOp::Add);
        let strings = writes("[net.servicepointmanager]::securityprotocol = 'Tls11, tls12'\n");
        assert_eq!(strings[0].1, ["Tls11", "tls12"]);
        let cast = writes(
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'Tls,Tls11'\n",
        );
        assert_eq!(cast[0].1, ["Tls", "Tls11"]);
    }

    #[test]
    fn sums_and_arrays_assigned_to_security_protocol() {
        let facts = analyze(
            "[Net.ServicePointManager]::SecurityProtocol = 3072 + [Net.SecurityProtocolType]::Tls11
             [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls, 3072
             [Net.ServicePointManager]::SecurityProtocol = 768 + 768
             [Net.ServicePointManager]::SecurityProtocol = $x + 768
             [Net.ServicePointManager]::SecurityProtocol = 5 + 768
",
        );
        let shapes: Vec<(Vec<u32>, u32, bool, bool)> = facts
            .writes
            .iter()
            .map(|w| {
                let bits = w.operands.iter().map(|o| o.bits).collect();
                (
                    bits,
                    w.summary.bits,
                    w.summary.unknown,
                    w.summary.overlapping_sum,
                )
            })
            .collect();
        assert_eq!(
            shapes,
            [
                // Disjoint: a union, one operand per term.
                (vec![TLS12, TLS11], TLS12 | TLS11, false, false),
                (vec![TLS10, TLS12], TLS10 | TLS12, false, false),
                // Shared bits: the number they add up to.
                (vec![1536], 1536, false, true),
                // An unknown term: the operands stay, the sum may overlap.
                (vec![TLS11], TLS11, true, true),
                // 773 is no protocol set.
                (vec![], 0, true, true),
            ]
        );
    }

    #[test]
    fn reads_comments_and_here_strings_are_not_writes() {
        for script in [
            "# [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls\n",
            "<# [Net.SecurityProtocolType]::Tls11 #>\n",
            "if ([Net.ServicePointManager]::SecurityProtocol -eq [Net.SecurityProtocolType]::Tls) { }\n",
            "$has = [Net.ServicePointManager]::SecurityProtocol.HasFlag([Net.SecurityProtocolType]::Tls11)\n",
            "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -band -bnot [Net.SecurityProtocolType]::Ssl3\n",
            "$doc = @\"\n[Net.SecurityProtocolType]::Tls\n\"@\n",
            "Write-Host ([Net.SecurityProtocolType]::Tls11)\n",
        ] {
            let legacy: Vec<_> = writes(script)
                .into_iter()
                .flat_map(|w| w.1)
                .filter(|o| !o.contains("SecurityProtocol]::SecurityProtocol"))
                .collect();
            assert!(
                analyze(script)
                    .writes
                    .iter()
                    .all(|w| w.operands.iter().all(|o| o.legacy_bits() == 0)),
                "{script}: {legacy:?}"
            );
        }
    }

    #[test]
    fn variables_and_arguments_are_writes() {
        let found = writes(
            "$p = [Net.SecurityProtocolType]::Tls11\nSet-Protocols ([System.Security.Authentication.SslProtocols]::Tls)\n",
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].3, Sink::None);
    }

    #[test]
    fn web_cmdlets() {
        let found = writes(
            "Invoke-WebRequest -Uri $u -SslProtocol Tls11\nirm $u -SslProtocol 'Tls, Tls12'\niwr $u -SslProtocol:Tls,Tls11\n$splat = @{ Uri = $u; SslProtocol = 'Tls11' }\niwr @splat -SslProtocol Default\n",
        );
        let operands: Vec<Vec<String>> = found.iter().map(|w| w.1.clone()).collect();
        assert_eq!(
            operands,
            [
                vec!["Tls11"],
                vec!["Tls", "Tls12"],
                vec!["Tls", "Tls11"],
                vec!["Tls11"],
                vec!["Default"]
            ]
        );
        assert!(found.iter().all(|w| w.3 == Sink::SslProtocolsProperty));
    }

    #[test]
    fn switches_and_registry_writes() {
        let facts = analyze(
            "[AppContext]::SetSwitch('Switch.System.Net.DontEnableSchUseStrongCrypto', $true)\n\
             Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto -Value 0 -Type DWord\n\
             New-ItemProperty -Path \"HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319\" -Name 'SystemDefaultTlsVersions' -Value '1' -PropertyType DWord -Force\n\
             Set-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' SchUseStrongCrypto '1'\n\
             [Microsoft.Win32.Registry]::SetValue('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', 'SchUseStrongCrypto', 1, 'DWord')\n\
             reg add \"HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319\" /v SystemDefaultTlsVersions /t REG_DWORD /d 0 /f\n\
             Set-ItemProperty -Path $path -Name SchUseStrongCrypto -Value 0\n",
        );
        assert_eq!(facts.switches.len(), 1);
        assert_eq!(facts.switches[0].value, Some(true));
        let data: Vec<(&str, &RegistryData)> = facts
            .registry
            .iter()
            .map(|r| (r.name.as_str(), &r.data))
            .collect();
        assert_eq!(
            data,
            [
                ("SchUseStrongCrypto", &RegistryData::Dword(0)),
                ("SystemDefaultTlsVersions", &RegistryData::Dword(1)),
                ("SchUseStrongCrypto", &RegistryData::String("1".into())),
                ("SchUseStrongCrypto", &RegistryData::Dword(1)),
                ("SystemDefaultTlsVersions", &RegistryData::Dword(0)),
            ]
        );
    }

    #[test]
    fn array_subexpressions_and_numeric_strings() {
        let found = writes(
            "[Net.ServicePointManager]::SecurityProtocol = @([Net.SecurityProtocolType]::Tls, 3072)\n\
             [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]' 3840 '\n\
             [Net.ServicePointManager]::SecurityProtocol = '768, Tls12'\n\
             [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'0x300'\n\
             [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'Tls1*'\n\
             [Net.ServicePointManager]::SecurityProtocol = @()\n",
        );
        let operands: Vec<Vec<String>> = found.iter().map(|w| w.1.clone()).collect();
        assert_eq!(
            operands,
            [
                vec!["[Net.SecurityProtocolType]::Tls", "3072"],
                vec!["3840"],
                // PowerShell refuses a number among names, hex in a string and unknown names;
                // wildcards are not expanded; an empty array is no protocol set.
                vec![],
                vec![],
                vec![],
                vec![],
            ]
        );
        let facts = analyze("[Net.ServicePointManager]::SecurityProtocol = '768, Tls12'\n");
        assert!(facts.writes[0].summary.unknown);
    }

    /// Registry writes as (key, name, data, the text at the write's span).
    fn registry(script: &str) -> Vec<(String, String, RegistryData, String)> {
        analyze(script)
            .registry
            .into_iter()
            .map(|r| {
                let at = script[r.span.clone()]
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                (r.key, r.name, r.data, at.to_owned())
            })
            .collect()
    }

    #[test]
    fn same_script_variables_assigned_once_from_a_literal() {
        let found = registry(
            "$name = 'SchUseStrongCrypto'\n\
             $key = \"HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319\"\n\
             $one = 1\n\
             Set-ItemProperty -Path $key -Name $name -Value $one\n\
             Set-ItemProperty $script:key ${name} 0\n\
             [Microsoft.Win32.Registry]::SetValue($key.Replace('HKLM:', 'HKEY_LOCAL_MACHINE'), $name, 1)\n\
             [Microsoft.Win32.Registry]::SetValue($key, $name, $one, 'DWord')\n",
        );
        let key = "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319".to_owned();
        assert_eq!(
            found,
            [
                (
                    key.clone(),
                    "SchUseStrongCrypto".into(),
                    RegistryData::Dword(1),
                    "Set-ItemProperty".into()
                ),
                (
                    key.clone(),
                    "SchUseStrongCrypto".into(),
                    RegistryData::Dword(0),
                    "Set-ItemProperty".into()
                ),
                (
                    key.clone(),
                    "SchUseStrongCrypto".into(),
                    RegistryData::Dword(1),
                    "[Microsoft.Win32.Registry]::SetValue($key,".into()
                ),
            ]
        );
        // Assigned twice, with `+=`, from an expression, by a loop, as the script's
        // parameter, or in another function: not known.
        for script in [
            "$k = 'HKLM:\\A'\n$k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'\nSet-ItemProperty $k SchUseStrongCrypto 0\n",
            "$k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\'\n$k += 'v4.0.30319'\nSet-ItemProperty $k SchUseStrongCrypto 0\n",
            "$k = Get-Key\nSet-ItemProperty $k SchUseStrongCrypto 0\n",
            "$k = \"HKLM:\\$root\"\nSet-ItemProperty $k SchUseStrongCrypto 0\n",
            "foreach ($k in $keys) { Set-ItemProperty $k SchUseStrongCrypto 0 }\n$k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'\n",
            "param([string]$k)\nSet-ItemProperty $k SchUseStrongCrypto 0\n",
            "function A { $k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' }\nfunction B { Set-ItemProperty $k SchUseStrongCrypto 0 }\nB\n",
            "Set-ItemProperty $k SchUseStrongCrypto 0\n$k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'\n",
        ] {
            assert_eq!(registry(script), [], "{script}");
        }
        // A variable assigned in the function that uses it, or at the top, is known there.
        let inside = registry(
            "function B {\n    $k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'\n    Set-ItemProperty $k SchUseStrongCrypto 0\n}\n",
        );
        assert_eq!(inside.len(), 1);
        // A function may run after a top-level assignment written below it.
        let later = registry(
            "function B { Set-ItemProperty $k SchUseStrongCrypto 0 }\n$k = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'\nB\n",
        );
        assert_eq!(later.len(), 1);
    }

    #[test]
    fn function_parameters_through_each_call() {
        let script = "function Set-Crypto([string]$Path, $Value = 0) {\n\
             \x20   Set-ItemProperty -Path $Path -Name SchUseStrongCrypto -Value $Value\n\
             }\n\
             function Set-Default {\n\
             \x20   param([switch]$Force, [string]$Path, [string]$Name = 'SystemDefaultTlsVersions')\n\
             \x20   reg add $Path /v $Name /t REG_DWORD /d 0 /f\n\
             }\n\
             $wow = 'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319'\n\
             Set-Crypto 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'\n\
             Set-Crypto -Value 1 -Path:$wow\n\
             Set-Crypto $unknown\n\
             Set-Default -Force 'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727'\n";
        let found = registry(script);
        assert_eq!(
            found,
            [
                (
                    "HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319".to_owned(),
                    "SchUseStrongCrypto".to_owned(),
                    RegistryData::Dword(0),
                    "Set-Crypto".to_owned()
                ),
                (
                    "HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\.NETFramework\\v4.0.30319".to_owned(),
                    "SchUseStrongCrypto".to_owned(),
                    RegistryData::Dword(1),
                    "Set-Crypto".to_owned()
                ),
                (
                    "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727".to_owned(),
                    "SystemDefaultTlsVersions".to_owned(),
                    RegistryData::Dword(0),
                    "Set-Default".to_owned()
                ),
            ]
        );
        // The data of the first call is the default, of the second what the call passes.
        let facts = analyze(script);
        let data: Vec<&str> = facts
            .registry
            .iter()
            .map(|r| &script[r.data_span.clone()])
            .collect();
        assert_eq!(data, ["0", "1", "0"]);
    }

    #[test]
    fn abbreviated_names_bind_and_dynamic_scopes_hide_script_variables() {
        let key = "'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319'";
        // `-Val` is `-Value` (a unique prefix, any case); `-V` could be either: unknown.
        let script = format!(
            "function F($Path, $Value = 1, $Verbose2) {{ Set-ItemProperty $Path SchUseStrongCrypto $Value }}\n\
             F -val 0 {key}\n\
             F -V 0 {key}\n"
        );
        let found: Vec<RegistryData> = registry(&script).into_iter().map(|r| r.2).collect();
        assert_eq!(found, [RegistryData::Dword(0)]);
        // A function called from `Cfg` sees Cfg's `$Value`, not the script's.
        let script = format!(
            "$Value = 1\n\
             function Apply {{ Set-ItemProperty -Path {key} -Name SchUseStrongCrypto -Value $Value }}\n\
             function Cfg($Value) {{ Apply }}\n\
             Cfg 0\n"
        );
        let found = registry(&script);
        assert!(
            found.iter().all(|r| !matches!(r.2, RegistryData::Dword(_))),
            "the value is not known: {found:?}"
        );
    }

    #[test]
    fn winhttp_and_internet_settings_protocol_writes() {
        let script = "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name DefaultSecureProtocols -Value 0xA0 -Type DWord\n\
             New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp' -Name 'DefaultSecureProtocols' -PropertyType DWord -Value 2688 -Force\n\
             [Microsoft.Win32.Registry]::SetValue('HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings', 'SecureProtocols', 0x280, 'DWord')\n\
             reg add \"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\" /v SecureProtocols /t REG_DWORD /d 0x28 /f\n";
        // The prefilter lets such a script through (it names no other TLS setting).
        let lower = script.to_ascii_lowercase();
        assert!(INTERESTING_TOKENS.iter().any(|t| lower.contains(t)));
        let facts = analyze(script);
        let data: Vec<(&str, &RegistryData, &str)> = facts
            .registry
            .iter()
            .map(|r| (r.name.as_str(), &r.data, &script[r.data_span.clone()]))
            .collect();
        assert_eq!(
            data,
            [
                ("DefaultSecureProtocols", &RegistryData::Dword(0xA0), "0xA0"),
                ("DefaultSecureProtocols", &RegistryData::Dword(2688), "2688"),
                ("SecureProtocols", &RegistryData::Dword(0x280), "0x280"),
                ("SecureProtocols", &RegistryData::Dword(0x28), "0x28"),
            ]
        );
    }

    /// Writes in a `catch` clause or a `trap` are fallbacks; those in the `try`, in `finally`,
    /// or in a script block or function written in a `catch` are not.
    #[test]
    fn writes_in_catch_clauses_and_traps_are_marked() {
        let src = "try {\n  [Net.ServicePointManager]::SecurityProtocol = 'Tls12'\n} catch [System.NotSupportedException] {\n  [Net.ServicePointManager]::SecurityProtocol = 'Tls'\n  $f = { [Net.ServicePointManager]::SecurityProtocol = 'Tls11' }\n} finally {\n  [Net.ServicePointManager]::SecurityProtocol = 'Tls13'\n}\ntrap { [Net.ServicePointManager]::SecurityProtocol = 'Ssl3' }\n";
        let facts = analyze(src);
        let marked: Vec<(&str, bool)> = facts
            .writes
            .iter()
            .map(|w| (&src[w.value.clone()], facts.in_catch(w)))
            .collect();
        assert_eq!(
            marked,
            [
                ("'Tls12'", false),
                ("'Tls'", true),
                ("'Tls11'", false),
                ("'Tls13'", false),
                ("'Ssl3'", true),
            ]
        );
    }
}
