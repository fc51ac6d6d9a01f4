//! Legacy WinHTTP and Schannel flag names written into a value that reaches no sink this file
//! shows: a function's return value, a struct member or default argument, an argument of the
//! project's own function, a `#define` body (issue 16 §1).
//!
//! `WINHTTP_FLAG_SECURE_PROTOCOL_SSL2`/`SSL3`/`TLS1`/`TLS1_1`/`ALL` and the legacy `SP_PROT_*`
//! names have no use but selecting protocols, so an expression that combines them into a value
//! is a protocol setting wherever it is written, as `SecurityProtocolType.Tls11` is in C#
//! ("written anywhere"). What only *reads* them is not: a test (`flags & NAME`, `==`, `!=`), a
//! removal (`&~NAME`), a `case` label, a `switch` or `if` subject, `sizeof`, an index, the
//! argument of a function named like a predicate or a logger (`HasProtocol`, `LogFlags`), and a
//! row of a lookup table that pairs a flag with a string (`{ SP_PROT_TLS1_CLIENT, "TLS 1.0" }`,
//! a label for display). Integers are not taken here: numbers have other uses, and only count
//! where they reach a sink.
//!
//! Code the parser could not structure (ERROR regions) is left to the sink analysis, which
//! reads it token by token: a name there is only reported when it reaches a sink.

use std::collections::{BTreeMap, HashMap, HashSet};

use tree_sitter::{Node, TreeCursor};

use super::expr::{self, Expr};
use super::known;
use super::lexer::Kind;
use super::{Analyzer, Unit};
use crate::facts::{
    NativeApi, NativeBits, NativeOperand, NativeProtocolValue, OperandPlace, Span, WriteOp,
};

/// Bits of SSL 2.0/3.0, TLS 1.0/1.1 and PCT 1.0, client and server.
const LEGACY: u32 = 0x3FF;

/// SDK names that are masks for tests rather than protocol choices (`proto & SP_PROT_CLIENTS`)
/// or that mean "everything": never taken as a setting on their own.
const MASKS: [&str; 6] = [
    "SP_PROT_ALL",
    "SP_PROT_CLIENTS",
    "SP_PROT_SERVERS",
    "SP_PROT_UNI",
    "SP_PROT_UNI_CLIENT",
    "SP_PROT_UNI_SERVER",
];

/// Whether `name` is an SDK flag that selects a deprecated version.
pub fn is_legacy_name(name: &str) -> bool {
    (name.starts_with("WINHTTP_FLAG_SECURE_PROTOCOL_") || name.starts_with("SP_PROT_"))
        && !MASKS.contains(&name)
        && known::value(name).is_some_and(|bits| bits & LEGACY != 0)
}

/// Words that make a function a reader of its argument: a predicate, a lookup, a formatter or
/// a logger (`HasProtocol`, `IsLegacy`, `ProtocolName`, `LogFlags`, `printf`).
const READER_WORDS: [&str; 16] = [
    "has", "is", "test", "check", "contains", "supports", "query", "get", "log", "trace", "print",
    "debug", "assert", "expect", "name", "format",
];

fn reads_its_arguments(callee: &str) -> bool {
    let name = callee
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .find(|part| !part.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase();
    READER_WORDS
        .iter()
        .any(|word| name.starts_with(word) || name.contains(&format!("_{word}")))
        || name.ends_with("name")
        || name.ends_with("string")
        || name.ends_with("str")
}

/// The values written with legacy names outside the sinks: one per expression, its legacy
/// names as operands. `tracked` holds the spans of operands the sink analysis has (sorted by
/// start): those are judged there and never here.
pub(super) fn collect(analyzer: &Analyzer, tracked: &[Span]) -> Vec<NativeProtocolValue> {
    // Values written to a variable that feeds a sink are the sink analysis's too, even those it
    // found overwritten before the sink (`p = SSL3; p = TLS1_2; WinHttpSetOption(…, &p, …)`).
    let folded = analyzer.sink_variables.borrow().clone();
    let mut judged: Vec<Span> = analyzer
        .writes
        .all()
        .filter(|(name, write)| folded.contains(&((*name).to_owned(), write.scope)))
        .filter_map(|(_, write)| write.value.clone())
        .chain(tracked.iter().cloned())
        .collect();
    judged.sort_by_key(|s| (s.start, s.end));
    // The furthest end among the spans that start at or before each one: `at` is inside a span
    // exactly when one starting at or before it ends after it.
    let reach: Vec<usize> = judged
        .iter()
        .scan(0, |end, span| {
            *end = span.end.max(*end);
            Some(*end)
        })
        .collect();
    let is_tracked = |at: usize| {
        let i = judged.partition_point(|s| s.start <= at);
        i > 0 && reach[i - 1] > at
    };
    // Expression span → the legacy names written in it.
    let mut roots: BTreeMap<(usize, usize), Vec<Span>> = BTreeMap::new();
    let src = analyzer.src;
    // For each object-like macro, whether some use of it in this file writes it into a value;
    // `used` holds the macros used at all.
    let mut macro_writes: HashMap<&str, bool> = analyzer
        .macros
        .keys()
        .map(|name| (name.as_str(), false))
        .collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut climbed: HashMap<usize, Option<Span>> = HashMap::new();
    let mut cursor = analyzer.tree.walk();
    let mut descend = true;
    loop {
        let node = cursor.node();
        if descend
            && node.kind() == "identifier"
            && is_legacy_name(&src[node.byte_range()])
            && !analyzer.lexed.is_dead(node.start_byte())
            && !is_tracked(node.start_byte())
            && let Some(root) = written_root(&cursor, src, &mut climbed)
        {
            roots
                .entry((root.start, root.end))
                .or_default()
                .push(node.byte_range());
        }
        // `#define NAME`, `#ifdef NAME`: the preprocessor's own lines are not uses. (The parent
        // is read through a copy of the cursor: `Node::parent` walks down from the root.)
        if descend && node.kind() == "identifier" {
            let name = &src[node.byte_range()];
            if macro_writes.contains_key(name) {
                let mut up = cursor.clone();
                let in_directive = up.goto_parent() && up.node().kind().starts_with("preproc_");
                if !in_directive {
                    used.insert(name);
                    let writes = written_root(&cursor, src, &mut climbed).is_some();
                    if let Some(known) = macro_writes.get_mut(name) {
                        *known = *known || writes;
                    }
                }
            }
        }
        if descend && !node.is_error() && cursor.goto_first_child() {
            continue;
        }
        if cursor.goto_next_sibling() {
            descend = true;
        } else if cursor.goto_parent() {
            descend = false;
        } else {
            break;
        }
    }
    let mut values = Vec::new();
    for ((start, end), names) in roots {
        let span = start..end;
        let tokens = analyzer.lexed.tokens_in(&span);
        analyzer.check_limits(tokens);
        let place = OperandPlace::Local { deletable: None };
        let parsed = expr::parse(tokens, src);
        values.push(value(analyzer, span, parsed.as_ref(), &names, place));
    }
    // A macro whose every use here only reads it (`flags &= ~LEGACY_PROTOCOLS`) is a mask.
    let masks: HashSet<&str> = used
        .into_iter()
        .filter(|name| macro_writes.get(name) == Some(&false))
        .collect();
    values.extend(macro_values(analyzer, &is_tracked, &masks));
    values
}

/// What climbing from one node to its parent decides.
enum Step {
    /// The node is part of a bigger value: go on with the parent.
    Up,
    /// The value written (`Some`), or a read (`None`).
    Done(Option<Span>),
}

/// The expression a name at the cursor is written into, or `None` when the name is only read
/// where it stands. Results are cached by node for every node on the way up: the names of a
/// long `|` chain share their ancestors, and climbing from each alone would be quadratic in the
/// chain's length (and `Node::parent` walks down from the root).
fn written_root(
    at: &TreeCursor,
    src: &str,
    cache: &mut HashMap<usize, Option<Span>>,
) -> Option<Span> {
    let mut cursor = at.clone();
    let mut path = Vec::new();
    let result = loop {
        let child = cursor.node();
        if let Some(known) = cache.get(&child.id()) {
            break known.clone();
        }
        path.push(child.id());
        let field = cursor.field_name();
        if !cursor.goto_parent() {
            break None;
        }
        match step(cursor.node(), child, field, src) {
            Step::Up => {}
            Step::Done(result) => break result,
        }
    };
    for id in path {
        cache.insert(id, result.clone());
    }
    result
}

/// Whether `child`, a value (or part of one) in the field `field` of `parent`, is written,
/// read, or part of `parent`'s value.
fn step(parent: Node, child: Node, field: Option<&str>, src: &str) -> Step {
    let text = |node: Node| src.get(node.byte_range()).unwrap_or("");
    let operator = || parent.child_by_field_name("operator").map(text);
    match parent.kind() {
        "parenthesized_expression" | "cast_expression" => Step::Up,
        // `|`, `+` and `^` combine flags into a value; anything else tests, masks or compares.
        "binary_expression" if matches!(operator(), Some("|" | "+" | "^")) => Step::Up,
        "conditional_expression" if field == Some("condition") => Step::Done(None),
        "conditional_expression" => Step::Up,
        "assignment_expression" => Step::Done(
            (field == Some("right") && matches!(operator(), Some("=" | "|=" | "^=" | "+=")))
                .then(|| child.byte_range()),
        ),
        "init_declarator" | "initializer_pair" | "return_statement" | "enumerator" => {
            Step::Done((!matches!(field, Some("declarator" | "name"))).then(|| child.byte_range()))
        }
        "field_declaration" | "optional_parameter_declaration" => {
            Step::Done((field == Some("default_value")).then(|| child.byte_range()))
        }
        "initializer_list" => {
            // `{ SP_PROT_TLS1_CLIENT, "TLS 1.0" }`: a row of a table of names.
            let mut cursor = parent.walk();
            let labelled = parent.named_children(&mut cursor).any(|n| {
                matches!(
                    n.kind(),
                    "string_literal" | "concatenated_string" | "raw_string_literal"
                )
            });
            Step::Done((!labelled).then(|| child.byte_range()))
        }
        "argument_list" => {
            let reader = parent
                .parent()
                .filter(|call| call.kind() == "call_expression")
                .and_then(|call| call.child_by_field_name("function"))
                .is_some_and(|callee| reads_its_arguments(text(callee)));
            Step::Done((!reader).then(|| child.byte_range()))
        }
        _ => Step::Done(None),
    }
}

/// `#define`s whose body combines legacy names into a value (`#define MY_PROTOCOLS (… | …)`),
/// other than the SDK's own names (a compatibility header's `#define SP_PROT_TLS1_X_CLIENT …`
/// defines the SDK, it does not choose) and macros whose every use in the file only reads them
/// (`masks`). A body that tests or masks (`&`, `~`, comparisons, `?`) is left alone, as is a
/// function-like macro's.
fn macro_values(
    analyzer: &Analyzer,
    is_tracked: &dyn Fn(usize) -> bool,
    masks: &HashSet<&str>,
) -> Vec<NativeProtocolValue> {
    let src = analyzer.src;
    let mut values = Vec::new();
    for definition in analyzer.macros.values().flatten() {
        if known::value(&definition.name).is_some() || masks.contains(definition.name.as_str()) {
            continue;
        }
        let names: Vec<Span> = definition
            .body
            .iter()
            .filter(|t| t.kind == Kind::Ident && is_legacy_name(t.text(src)))
            .filter(|t| !is_tracked(t.start))
            .map(|t| t.span())
            .collect();
        if names.is_empty() {
            continue;
        }
        let reads = definition.body.iter().any(|t| {
            t.kind == Kind::Punct
                && matches!(
                    t.text(src),
                    "&" | "~" | "==" | "!=" | "<" | ">" | "<=" | ">=" | "!" | "?" | "&&" | "||"
                )
        });
        if reads {
            continue;
        }
        analyzer.check_limits(&definition.body);
        let parsed = expr::parse(&definition.body, src);
        let (Some(first), Some(last)) = (definition.body.first(), definition.body.last()) else {
            continue;
        };
        // A header's definition is every includer's: never edited.
        let place = if analyzer.unit == Unit::Header {
            OperandPlace::Shared {
                name: definition.name.clone(),
            }
        } else {
            OperandPlace::Definition {
                name: definition.name.clone(),
            }
        };
        values.push(value(
            analyzer,
            first.start..last.end,
            parsed.as_ref(),
            &names,
            place,
        ));
    }
    values.sort_by_key(|v| (v.value.start, v.value.end));
    values
}

/// The value written at `span`, with one operand per legacy name in it.
fn value(
    analyzer: &Analyzer,
    span: Span,
    parsed: Option<&Expr>,
    names: &[Span],
    place: OperandPlace,
) -> NativeProtocolValue {
    let resolved = parsed.map(|parsed| expr::evaluate(parsed, analyzer.src, &span, analyzer, 0));
    let bits = resolved.as_ref().map_or(NativeBits::UNKNOWN, |r| r.bits);
    // The operands written in this expression, by start, to find each name's in log time (a
    // hostile chain may hold thousands).
    let mut written: Vec<&NativeOperand> = resolved
        .as_ref()
        .map(|r| {
            r.operands
                .iter()
                .filter(|o| span.start <= o.span.start && o.span.end <= span.end)
                .collect()
        })
        .unwrap_or_default();
    written.sort_by_key(|o| (o.span.start, o.span.end));
    let mut operands: Vec<NativeOperand> = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for name in names {
        let i = written.partition_point(|o| o.span.start <= name.start);
        let found = i
            .checked_sub(1)
            .and_then(|i| written.get(i))
            .filter(|o| name.end <= o.span.end);
        let mut operand = match found {
            Some(operand) => (*operand).clone(),
            // The expression did not parse: the name alone, which no fix edits.
            None => {
                let text = &analyzer.src[name.clone()];
                NativeOperand {
                    span: name.clone(),
                    text: text.to_owned(),
                    bits: known::value(text).unwrap_or(0),
                    expression: span.clone(),
                    expression_bits: NativeBits::UNKNOWN,
                    chain: None,
                    place: OperandPlace::Recovered,
                }
            }
        };
        if operand.place != OperandPlace::Recovered {
            operand.place = place.clone();
        }
        analyzer.note_directives(&mut operand);
        if seen.insert((operand.span.start, operand.span.end)) {
            operands.push(operand);
        }
    }
    operands.sort_by_key(|o| (o.span.start, o.span.end));
    let adds = adds_to_value(analyzer.src, &span);
    NativeProtocolValue {
        api: NativeApi::Written,
        sink: span.clone(),
        statement: None,
        value: span,
        // `flags |= NAME;` adds to a value this file may not show: what it holds is not
        // known, and replacing the name would change what the statement adds (curl adds
        // `SP_PROT_TLS1_0_CLIENT` only when its caller asks for TLS 1.0).
        op: if adds { WriteOp::Add } else { WriteOp::Set },
        operands,
        bits,
        recovered: false,
    }
}

/// Whether the expression at `span` is the right side of a compound assignment that adds bits.
fn adds_to_value(src: &str, span: &Span) -> bool {
    src.get(..span.start).is_some_and(|before| {
        let before = before.trim_end();
        before.ends_with("|=") || before.ends_with("^=") || before.ends_with("+=")
    })
}
