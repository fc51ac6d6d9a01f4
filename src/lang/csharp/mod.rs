//! C#: tree-sitter-c-sharp and the queries in `queries/csharp/` turn a file into [`FileFacts`].
//!
//! The queries find candidates by shape (a member access named `Tls11`, a cast, an assignment
//! to `SecurityProtocol`, a `SetSwitch` call). This module then resolves what the names refer to
//! ([`names`]), folds constants ([`eval`]), and decides whether each value is written or only
//! read ([`context`]), falling back to the neighbouring tokens where the parse is damaged
//! ([`tokens`]).

mod branches;
mod context;
pub mod docid;
mod eval;
mod flow;
mod names;
mod skeleton;
mod syntax;
mod tokens;

use std::cell::{OnceCell, RefCell};
use std::collections::{HashMap, HashSet};
#[cfg(test)]
use std::sync::LazyLock;

#[cfg(test)]
use streaming_iterator::StreamingIterator;
#[cfg(test)]
use tree_sitter::QueryCursor;
use tree_sitter::{Language, Node, Parser, Query, Tree};

use self::context::{Climb, ClimbCache, Context, classify, climb, or_operands};
use self::eval::{Constants, Evaluator, Trace, Value};
pub use self::names::GlobalAlias;
use self::names::{KnownType, Names};
use self::syntax::{collapse_whitespace, is_field, named_children, node_text};
use self::tokens::Tokens;
use crate::facts::{
    FileFacts, Operand, ProtocolWrite, Sink, SwitchOrigin, SwitchSetting, ValueSummary,
};
#[cfg(test)]
use crate::lang::query::CompiledQuery;
pub use crate::lang::tree::ParseFailure;
use crate::lang::tree::{self, Parents};
use crate::protocol::{ProtocolEnum, is_protocol_set};

/// The query files, in the order they are concatenated into one query (one tree walk).
pub const QUERY_FILES: [(&str, &str); 4] = [
    (
        "declarations.scm",
        include_str!("../../../queries/csharp/declarations.scm"),
    ),
    (
        "protocol-values.scm",
        include_str!("../../../queries/csharp/protocol-values.scm"),
    ),
    (
        "sinks.scm",
        include_str!("../../../queries/csharp/sinks.scm"),
    ),
    (
        "app-context.scm",
        include_str!("../../../queries/csharp/app-context.scm"),
    ),
];

pub fn language() -> Language {
    tree_sitter_c_sharp::LANGUAGE.into()
}

/// `#any-of?` of `@member.name` in protocol-values.scm.
const MEMBER_NAMES: [&str; 9] = [
    "SystemDefault",
    "None",
    "Ssl2",
    "Ssl3",
    "Tls",
    "Tls11",
    "Tls12",
    "Tls13",
    "Default",
];
/// `#any-of?` of `@protocol.bare` in protocol-values.scm.
const BARE_NAMES: [&str; 7] = [
    "SystemDefault",
    "Ssl2",
    "Ssl3",
    "Tls",
    "Tls11",
    "Tls12",
    "Tls13",
];
/// `#any-of?` of `@sink.property` in sinks.scm.
const SINK_PROPERTIES: [&str; 3] = ["SecurityProtocol", "SslProtocols", "EnabledSslProtocols"];
/// `#any-of?` of `@sink.method` in sinks.scm.
const SINK_METHODS: [&str; 6] = crate::lang::calls::AUTHENTICATE_METHODS;

#[cfg(test)]
static QUERIES: LazyLock<CompiledQuery> = LazyLock::new(|| {
    CompiledQuery::compile(
        &language(),
        &QUERY_FILES,
        "queries/csharp/*.scm compile against tree-sitter-c-sharp",
    )
});

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Whether `b` can be part of a C# identifier, for scans over bytes (any non-ASCII byte is
/// taken to be).
pub fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Tokens whose presence makes a C# file worth parsing. Anything a rule reports or a project
/// rule needs mentions one of them (aliases declared elsewhere are passed in separately).
pub const INTERESTING_TOKENS: [&str; 4] = [
    "SecurityProtocol",
    "SecurityProtocolType",
    "SslProtocols",
    "SetSwitch",
];

/// The result of analysing one C# file.
#[derive(Debug, Default)]
pub struct Analysis {
    pub facts: FileFacts,
    /// `global using` directives naming the known types, which other files of the project see.
    pub global_usings: Vec<GlobalAlias>,
}

/// Parses and analyses a C# file. `globals` are global usings declared in other files of the
/// same project.
pub fn analyze(text: &str, globals: &[GlobalAlias]) -> Result<Analysis, ParseFailure> {
    let tree = parse_skeleton(text, globals)?;
    let parents = Parents::new(&tree)?;
    let mut analysis = Analyzer::new(text, &tree, &parents, globals).run();
    if branches::has_groups(text) && reads_branches_apart(&tree) {
        // Each variant is the file as one build compiles it (see [`branches`]); what it finds
        // in a branch the full parse lost joins the facts. What the full parse found stays as
        // found.
        for variant in branches::variants(text) {
            let Ok(tree) = parse_skeleton(&variant, globals) else {
                continue;
            };
            let Ok(parents) = Parents::new(&tree) else {
                continue;
            };
            let found = Analyzer::new(&variant, &tree, &parents, globals).run();
            merge_variant(&mut analysis, found, text, &variant);
        }
        analysis.facts.directive_groups = branches::branch_ranges(text);
    }
    Ok(analysis)
}

/// Whether the full parse may have lost values to conditional directives: a directive group
/// inside an expression (where tree-sitter reads its branches as one expression), or any parse
/// error (a branch no build compiles breaks the code around it). A file whose groups stand
/// among statements and members and parse cleanly is read whole, as before.
fn reads_branches_apart(tree: &Tree) -> bool {
    let root = tree.root_node();
    let mut cursor = root.walk();
    let mut has_group = false;
    loop {
        let node = cursor.node();
        if matches!(node.kind(), "preproc_if" | "preproc_elif" | "preproc_else") {
            has_group = true;
            let among_statements = node.parent().is_none_or(|parent| {
                matches!(
                    parent.kind(),
                    "compilation_unit"
                        | "declaration_list"
                        | "namespace_declaration"
                        | "file_scoped_namespace_declaration"
                        | "block"
                        | "switch_section"
                        | "switch_body"
                        | "enum_member_declaration_list"
                        | "preproc_if"
                        | "preproc_elif"
                        | "preproc_else"
                )
            });
            if !among_statements {
                return true;
            }
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return has_group && root.has_error();
            }
        }
    }
}

/// Adds what a variant found and `into` did not: writes none of whose operands (nor whose
/// value) `into` already holds, switch settings at new places, global usings not yet known.
/// A write the full parse could only recover token by token gives way to the variant's parse
/// of the same operands when that one is whole.
///
/// A write whose value reaches over a blanked line (a value begun in one branch and ended
/// after the group) is not what the file says there: no fix may edit it. One whose statement
/// does (`x =` before the group, the value in a branch) keeps its fixes of the value, but none
/// that edit or read the statement ([`FileFacts::split_statements`]).
fn merge_variant(into: &mut Analysis, variant: Analysis, text: &str, variant_text: &str) {
    // Each of the variant's writes is compared with every known one: past a million pairs (no
    // real file has a thousand protocol writes, a generated or hostile one may) the variant
    // adds nothing, and what the full parse found stands.
    if variant
        .facts
        .writes
        .len()
        .saturating_mul(into.facts.writes.len())
        > MAX_MERGE_PAIRS
    {
        return;
    }
    let same =
        |span: &std::ops::Range<usize>| text.get(span.clone()) == variant_text.get(span.clone());
    let facts = &mut into.facts;
    for write in variant.facts.writes {
        let recovered =
            variant.facts.recovered_writes.contains(&write.value) || !same(&write.value);
        let split = !same(&write.statement);
        let overlaps = |known: &ProtocolWrite| {
            known.value == write.value
                || known
                    .operands
                    .iter()
                    .any(|k| write.operands.iter().any(|o| o.span == k.span))
        };
        let clashing: Vec<usize> = (0..facts.writes.len())
            .filter(|&i| overlaps(&facts.writes[i]))
            .collect();
        let replaces = !recovered
            && !clashing.is_empty()
            && clashing
                .iter()
                .all(|&i| facts.is_recovered(&facts.writes[i]));
        if !clashing.is_empty() && !replaces {
            continue;
        }
        for &i in clashing.iter().rev() {
            let old = facts.writes.remove(i);
            facts.recovered_writes.retain(|span| *span != old.value);
            facts.split_statements.retain(|span| *span != old.value);
            facts.in_catch.retain(|span| *span != old.value);
        }
        if recovered {
            facts.recovered_writes.push(write.value.clone());
        }
        if split {
            facts.split_statements.push(write.value.clone());
        }
        if variant.facts.in_catch.contains(&write.value) {
            facts.in_catch.push(write.value.clone());
        }
        facts.writes.push(write);
    }
    facts.writes.sort_by_key(|w| (w.value.start, w.value.end));
    for switch in variant.facts.switches {
        if !facts.switches.iter().any(|s| s.span == switch.span) {
            facts.switches.push(switch);
        }
    }
    facts.switches.sort_by_key(|s| (s.span.start, s.span.end));
    for global in variant.global_usings {
        if !into.global_usings.contains(&global) {
            into.global_usings.push(global);
        }
    }
}

/// Parses `text` without the bodies that cannot matter (see [`skeleton`]): the same nodes at
/// the same offsets where it matters, a fraction of the parse time. When that parse has an
/// error at or next to a skipped body, that body is parsed after all (and after a few rounds,
/// the full text), so a misjudged body never changes what is found; errors elsewhere (syntax
/// tree-sitter does not know, both sides of an `#if`) are in the full parse too, and are no
/// reason to pay for it.
fn parse_skeleton(text: &str, globals: &[GlobalAlias]) -> Result<Tree, ParseFailure> {
    let global_names: Vec<&str> = globals
        .iter()
        .flat_map(|global| match &global.alias {
            Some(alias) => vec![alias.as_str()],
            None => skeleton::BARE.to_vec(),
        })
        .collect();
    // The sink methods too: their calls are analysed even when no protocol value is visible.
    // (Their common stems, not `AuthenticateAs`, which every `AuthenticateAsync` matches.)
    let tokens: Vec<&str> = INTERESTING_TOKENS
        .iter()
        .copied()
        .chain(["AuthenticateAsClient", "AuthenticateAsServer"])
        .collect();
    let keep = skeleton::keep_names(text, &tokens, &global_names);
    if let Some(mut candidates) = skeleton::quiet_blocks(text, &keep) {
        // A file that tree-sitter cannot read (an `#if` it cannot follow) has errors all over,
        // a few of them next to skipped blocks by chance; parsing just those is cheaper than
        // parsing everything. (A type parsed after all may still skip its quiet bodies.)
        for _ in 0..SKELETON_ATTEMPTS {
            let quiet = skeleton::outermost(&candidates, text.len());
            if quiet.is_empty() {
                break;
            }
            let tree = parse_ranges(text, &skeleton::included_ranges(text, &quiet))?;
            let near = skeleton::bodies_near_errors(text, &tree, &quiet);
            if near.is_empty() {
                return Ok(tree);
            }
            let mut unskip: Vec<(usize, usize)> = near
                .iter()
                .map(|&i| (quiet[i].start, quiet[i].end))
                .collect();
            unskip.sort_unstable();
            candidates.retain(|block| unskip.binary_search(&(block.start, block.end)).is_err());
        }
    }
    parse(text)
}

/// How many write pairs merging one branch variant may compare ([`merge_variant`]).
const MAX_MERGE_PAIRS: usize = 1_000_000;

/// How many skeleton parses a file gets before it is parsed in full.
const SKELETON_ATTEMPTS: usize = 3;

/// How many values one file may have judged as possible labels ([`flow`]): each rescans the
/// scope of the place it is stored in.
const MAX_LABEL_CANDIDATES: usize = 2_000;

/// For the fuzz targets: panics when analysing `text` from its skeleton finds other facts than
/// from a full parse that has no errors.
#[doc(hidden)]
pub fn assert_skeleton_agrees(text: &str) {
    let Ok(full) = parse(text) else {
        return;
    };
    if full.root_node().has_error() {
        return;
    }
    let Ok(skeleton) = parse_skeleton(text, &[]) else {
        return;
    };
    assert_eq!(
        facts_of(text, &full),
        facts_of(text, &skeleton),
        "skipping quiet bodies changed the facts"
    );
}

/// The facts `text` yields from `tree`, printed for comparison (`None` when it is too deep).
fn facts_of(text: &str, tree: &Tree) -> Option<String> {
    let parents = Parents::new(tree).ok()?;
    let analysis = Analyzer::new(text, tree, &parents, &[]).run();
    Some(format!("{:?}", analysis.facts))
}

/// Parses `text` (for the suppression pass, which looks at attributes around findings: they
/// are outside bodies, and findings are inside bodies that are kept, so quiet bodies may be
/// skipped).
pub fn parse_tree(text: &str) -> Option<Tree> {
    parse_skeleton(text, &[]).ok()
}

fn parse(text: &str) -> Result<Tree, ParseFailure> {
    parse_ranges(text, &[])
}

/// Parses only the `included` parts of `text` (all of it when empty).
fn parse_ranges(text: &str, included: &[tree_sitter::Range]) -> Result<Tree, ParseFailure> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            parser
                .set_language(&language())
                .expect("tree-sitter-c-sharp is ABI-compatible with the tree-sitter runtime");
            parser
        });
        // Sorted, disjoint ranges are always accepted; should they not be, the whole text is
        // parsed.
        if parser.set_included_ranges(included).is_err() {
            let _ = parser.set_included_ranges(&[]);
        }
        let tree = tree::parse(parser, text);
        if !included.is_empty() {
            let _ = parser.set_included_ranges(&[]);
        }
        tree
    })
}

/// Where the statement spanning `span` stands (see [`tree::statement_position`]); `None` when
/// no statement spans it or the file does not parse.
pub fn statement_position(
    text: &str,
    span: std::ops::Range<usize>,
) -> Option<tree::StatementPosition> {
    let tree = parse(text).ok()?;
    tree::statement_position(
        &tree,
        span,
        // Statements of a `#if` branch are children of the directive's node, which sits
        // among the block's statements.
        &[
            "block",
            "global_statement",
            "compilation_unit",
            "preproc_if",
            "preproc_elif",
            "preproc_else",
        ],
        &["switch_section"],
    )
}

/// The number of ERROR and MISSING nodes in a parse of `text` (to refuse a fix that would make
/// a file unparseable).
pub fn error_count(text: &str) -> usize {
    parse(text).map_or(usize::MAX, |tree| tree::count_errors(tree.root_node()))
}

/// Query captures, grouped by what they are for.
#[derive(Default)]
struct Candidates<'t> {
    usings: Vec<Node<'t>>,
    constants: Vec<(Node<'t>, Node<'t>, Node<'t>)>,
    members: Vec<(Node<'t>, Node<'t>, Node<'t>)>,
    bare: Vec<Node<'t>>,
    casts: Vec<(Node<'t>, Node<'t>, Node<'t>)>,
    sink_values: Vec<Node<'t>>,
    sink_calls: Vec<Node<'t>>,
    switch_calls: Vec<(Node<'t>, Option<Node<'t>>, Node<'t>)>,
}

impl Candidates<'_> {
    /// The query engine's order: by start, and among nodes that start together (a chain
    /// `A.B.C` of member accesses) the inner one first. A pre-order walk gives the outer one
    /// first; a stable sort by (start, end) restores the order the analysis was written for.
    fn sort_like_queries(&mut self) {
        let key = |n: &Node| (n.start_byte(), n.end_byte());
        self.usings.sort_by_key(key);
        self.constants.sort_by_key(|(n, _, _)| key(n));
        self.members.sort_by_key(|(n, _, _)| key(n));
        self.bare.sort_by_key(key);
        self.casts.sort_by_key(|(n, _, _)| key(n));
        self.sink_values.sort_by_key(key);
        self.sink_calls.sort_by_key(key);
        self.switch_calls.sort_by_key(|(n, _, _)| key(n));
    }
}

/// A protocol value found in the file: where it is, what it stands for, whether it is written
/// here.
struct Leaf<'t> {
    node: Node<'t>,
    operand: Operand,
}

struct Analyzer<'t> {
    src: &'t str,
    tree: &'t Tree,
    parents: &'t Parents<'t>,
    climbs: ClimbCache<'t>,
    names: Names,
    globals: Vec<GlobalAlias>,
    tokens: OnceCell<Tokens<'t>>,
    /// `+` chains whose terms are not known to have disjoint bits (node ids): no fix may
    /// remove one of their terms.
    overlapping_sums: RefCell<HashSet<usize>>,
}

impl<'t> Analyzer<'t> {
    fn new(
        src: &'t str,
        tree: &'t Tree,
        parents: &'t Parents<'t>,
        globals: &[GlobalAlias],
    ) -> Self {
        let mut names = Names::default();
        for global in globals {
            names.add(global);
        }
        Analyzer {
            src,
            tree,
            parents,
            climbs: ClimbCache::default(),
            names,
            globals: Vec::new(),
            tokens: OnceCell::new(),
            overlapping_sums: RefCell::default(),
        }
    }

    fn tokens(&self) -> &Tokens<'t> {
        self.tokens.get_or_init(|| Tokens::new(self.tree, self.src))
    }

    /// The candidates that `queries/csharp/*.scm` describe, found by one pre-order walk of
    /// the tree. Compiling those queries against tree-sitter-c-sharp's large grammar costs 70 to
    /// 150 ms per process (tree-sitter analyses every pattern against the parse table), more
    /// than a pre-commit run may take in all; matching nine shapes by hand costs nothing. The
    /// query files stay the specification: a test runs both on every C# test input and requires
    /// the same candidates.
    fn collect(&self) -> Candidates<'t> {
        let mut out = Candidates::default();
        let mut cursor = self.tree.walk();
        loop {
            self.visit(cursor.node(), &mut out);
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    out.sort_like_queries();
                    return out;
                }
            }
        }
    }

    /// Matches one node against the shapes of `queries/csharp/*.scm`.
    fn visit(&self, node: Node<'t>, out: &mut Candidates<'t>) {
        let text = |n: Node| node_text(n, self.src);
        let named_field =
            |n: Node<'t>, field: &str| n.child_by_field_name(field).filter(|c| c.is_named());
        // `name: (identifier)` of a member access, or the identifier itself.
        let name_of = |n: Node<'t>| match n.kind() {
            "member_access_expression" => n
                .child_by_field_name("name")
                .filter(|name| name.kind() == "identifier"),
            "identifier" => Some(n),
            _ => None,
        };
        match node.kind() {
            "using_directive" => out.usings.push(node),
            "field_declaration" | "local_declaration_statement" => {
                let mut walk = node.walk();
                for declaration in node.named_children(&mut walk) {
                    if declaration.kind() != "variable_declaration" {
                        continue;
                    }
                    let Some(type_node) = named_field(declaration, "type") else {
                        continue;
                    };
                    let mut inner = declaration.walk();
                    for declarator in declaration.named_children(&mut inner) {
                        let named = declarator
                            .child_by_field_name("name")
                            .is_some_and(|name| name.kind() == "identifier");
                        if declarator.kind() == "variable_declarator" && named {
                            out.constants.push((node, type_node, declarator));
                        }
                    }
                }
            }
            "member_access_expression" => {
                if let (Some(receiver), Some(name)) =
                    (named_field(node, "expression"), name_of(node))
                    && MEMBER_NAMES.contains(&text(name))
                {
                    out.members.push((node, receiver, name));
                }
            }
            "identifier" if BARE_NAMES.contains(&text(node)) => out.bare.push(node),
            "cast_expression" => {
                if let (Some(ty), Some(value)) =
                    (named_field(node, "type"), named_field(node, "value"))
                {
                    out.casts.push((node, ty, value));
                }
            }
            "assignment_expression" => {
                let property = node.child_by_field_name("left").and_then(name_of);
                if let (Some(property), Some(value)) = (property, named_field(node, "right"))
                    && SINK_PROPERTIES.contains(&text(property))
                {
                    out.sink_values.push(value);
                }
            }
            "invocation_expression" => {
                let Some(function) = node.child_by_field_name("function") else {
                    return;
                };
                let Some(arguments) = node
                    .child_by_field_name("arguments")
                    .filter(|a| a.kind() == "argument_list")
                else {
                    return;
                };
                let Some(method) = name_of(function) else {
                    return;
                };
                let method = text(method);
                if SINK_METHODS.contains(&method) {
                    out.sink_calls.push(node);
                } else if method == "SetSwitch" {
                    let receiver = match function.kind() {
                        "member_access_expression" => match named_field(function, "expression") {
                            Some(receiver) => Some(receiver),
                            None => return,
                        },
                        _ => None,
                    };
                    out.switch_calls.push((node, receiver, arguments));
                }
            }
            _ => {}
        }
    }

    /// The candidates as `queries/csharp/*.scm` describe them, found by the query engine.
    /// Only tests use it: it is the specification [`collect`](Self::collect) must match.
    #[cfg(test)]
    fn collect_by_query(&self) -> Candidates<'t> {
        let queries = &*QUERIES;
        let capture = |name: &str| queries.capture(name);
        let ids = |names: &[&str]| names.iter().map(|n| capture(n)).collect::<Vec<_>>();
        let mut out = Candidates::default();
        let mut cursor = QueryCursor::new();
        let mut matches =
            cursor.matches(&queries.query, self.tree.root_node(), self.src.as_bytes());
        while let Some(m) = matches.next() {
            let get = |name: &str| {
                let id = capture(name)?;
                m.captures().iter().find(|c| c.index == id).map(|c| c.node)
            };
            let has = |names: &[&str]| {
                ids(names)
                    .iter()
                    .flatten()
                    .any(|id| m.captures().iter().any(|c| c.index == *id))
            };
            if let Some(using) = get("using") {
                out.usings.push(using);
            } else if has(&["constant.field", "constant.local"]) {
                let declaration = get("constant.field").or_else(|| get("constant.local"));
                if let (Some(d), Some(t), Some(decl)) = (
                    declaration,
                    get("constant.type"),
                    get("constant.declarator"),
                ) {
                    out.constants.push((d, t, decl));
                }
            } else if let Some(member) = get("protocol.member") {
                if let (Some(receiver), Some(name)) = (get("member.receiver"), get("member.name")) {
                    out.members.push((member, receiver, name));
                }
            } else if let Some(bare) = get("protocol.bare") {
                out.bare.push(bare);
            } else if let Some(cast) = get("protocol.cast") {
                if let (Some(ty), Some(value)) = (get("cast.type"), get("cast.value")) {
                    out.casts.push((cast, ty, value));
                }
            } else if get("sink.assignment").is_some() {
                out.sink_values.extend(get("sink.value"));
            } else if let Some(call) = get("sink.invocation") {
                out.sink_calls.push(call);
            } else if let Some(call) = get("switch.call")
                && let Some(arguments) = get("switch.arguments")
            {
                out.switch_calls
                    .push((call, get("switch.receiver"), arguments));
            }
        }
        out
    }

    fn run(mut self) -> Analysis {
        let candidates = self.collect();
        for using in &candidates.usings {
            if let Some(global) = self.names.add_using(*using, self.src) {
                self.globals.push(global);
            }
        }
        let mut constants = Constants::default();
        for &(declaration, type_node, declarator) in &candidates.constants {
            constants.add(declaration, type_node, declarator, self.src, self.parents);
        }
        let eval = Evaluator {
            src: self.src,
            names: &self.names,
            constants: &constants,
            parents: self.parents,
        };
        let leaves = self.leaves(&candidates, &eval);
        let mut facts = FileFacts::default();
        self.writes(&candidates, leaves, &eval, &mut facts);
        self.drop_labels(&mut facts);
        self.mark_catch_fallbacks(&mut facts);
        self.switches(&candidates, &eval, &mut facts);
        Analysis {
            facts,
            global_usings: self.globals,
        }
    }

    /// Records the writes made in a `catch` clause ([`FileFacts::in_catch`]): code there runs
    /// because the `try` failed, often because the runtime rejected what it assigned. A lambda
    /// or local function in the clause runs when it is called, not as the fallback.
    fn mark_catch_fallbacks(&self, facts: &mut FileFacts) {
        let root = self.tree.root_node();
        for write in &facts.writes {
            let Some(node) = root.descendant_for_byte_range(write.value.start, write.value.end)
            else {
                continue;
            };
            let in_catch = std::iter::once(node)
                .chain(self.parents.ancestors(node))
                .map(|n| n.kind())
                .take_while(|kind| {
                    !matches!(
                        *kind,
                        "lambda_expression"
                            | "anonymous_method_expression"
                            | "local_function_statement"
                            | "method_declaration"
                            | "constructor_declaration"
                            | "accessor_declaration"
                            | "class_declaration"
                            | "struct_declaration"
                    )
                })
                .any(|kind| kind == "catch_clause");
            if in_catch {
                facts.in_catch.push(write.value.clone());
            }
        }
    }

    /// Every protocol value written out in the file: enum members, numeric casts, constant and
    /// polyfill references.
    fn leaves(&self, candidates: &Candidates<'t>, eval: &Evaluator<'_, 't>) -> Vec<Leaf<'t>> {
        let mut leaves = Vec::new();
        for &(node, receiver, name) in &candidates.members {
            let name = node_text(name, self.src);
            let written_here = matches!(
                self.names.resolve(receiver, self.src),
                Some(KnownType::Protocol(_))
            );
            let mut trace = Trace::default();
            if let Value::Protocol(protocol, bits) =
                eval.eval_member(node, receiver, name, &mut trace, 0)
            {
                leaves.extend(self.leaf(node, protocol, bits, written_here));
            }
        }
        if self.names.static_protocol_imports().next().is_some() {
            for &node in &candidates.bare {
                if !is_bare_reference(node, self.parents) {
                    continue;
                }
                let mut trace = Trace::default();
                if let Value::Protocol(protocol, bits) = eval.eval(node, &mut trace) {
                    leaves.extend(self.leaf(node, protocol, bits, true));
                }
            }
        }
        for &(node, type_node, value) in &candidates.casts {
            let Some(KnownType::Protocol(protocol)) = self.names.resolve(type_node, self.src)
            else {
                continue;
            };
            let mut trace = Trace::default();
            let result = eval.eval(value, &mut trace);
            // A cast of another protocol value (`(SecurityProtocolType)SslProtocols.Tls`) is
            // reported at that value, not here.
            if trace.protocol_symbol {
                continue;
            }
            if let Value::Int(n) = result
                && let Ok(bits) = u64::try_from(n)
            {
                leaves.extend(self.leaf(node, protocol, bits, true));
            }
        }
        let mut leaves = self.sum_leaves(leaves, eval);
        leaves.sort_by_key(|leaf| leaf.operand.span.start);
        leaves
    }

    /// Leaves inside a `+` chain (`SecurityProtocolType.Tls12 + 768`: an enum plus its
    /// underlying type is the enum). A sum of terms with disjoint bits is their union: every
    /// term is an operand, the numbers too, and all climb from the top of the chain. Terms that
    /// share bits (`Tls11 + 768` is 1536) make another number: the sum is one operand. A sum
    /// with a number that is no protocol set is other arithmetic and is dropped; one with an
    /// unknown term keeps its operands, but it may overlap.
    fn sum_leaves(&self, leaves: Vec<Leaf<'t>>, eval: &Evaluator<'_, 't>) -> Vec<Leaf<'t>> {
        let mut out = Vec::with_capacity(leaves.len());
        let mut sums: Vec<(Node<'t>, Vec<Leaf<'t>>)> = Vec::new();
        let mut group_of: HashMap<usize, usize> = HashMap::new();
        // The top of the chain above each `+` already climbed: the operands of a long chain
        // climb through the same nodes, and remembering them keeps the walk linear.
        let mut top_of: HashMap<usize, Node<'t>> = HashMap::new();
        for leaf in leaves {
            let mut path = Vec::new();
            let mut top = None;
            let mut node = leaf.node;
            while let Some(parent) = self.parents.of(node).filter(|p| is_sum(*p)) {
                if let Some(&known) = top_of.get(&parent.id()) {
                    top = Some(known);
                    break;
                }
                path.push(parent);
                node = parent;
            }
            let Some(top) = top.or_else(|| path.last().copied()) else {
                out.push(leaf);
                continue;
            };
            for passed in path {
                top_of.insert(passed.id(), top);
            }
            match group_of.get(&top.id()) {
                Some(&index) => sums[index].1.push(leaf),
                None => {
                    group_of.insert(top.id(), sums.len());
                    sums.push((top, vec![leaf]));
                }
            }
        }
        for (top, group) in sums {
            let protocol = group[0].operand.protocol;
            let mut terms = Vec::new();
            sum_terms(top, &mut terms);
            let mut known = true;
            let mut union = 0u64;
            let mut total = 0u64;
            let mut disjoint = true;
            let mut numbers = Vec::new();
            for term in terms {
                let mut trace = Trace::default();
                let bits = match eval.eval(term, &mut trace) {
                    Value::Protocol(_, bits) => bits,
                    Value::Int(n) if n >= 0 => {
                        let bits = n as u64;
                        if !trace.protocol_symbol {
                            numbers.push((term, bits));
                        }
                        bits
                    }
                    Value::Unknown => {
                        known = false;
                        continue;
                    }
                    _ => u64::MAX,
                };
                if !is_protocol_set(bits) {
                    union = u64::MAX;
                    break;
                }
                disjoint &= union & bits == 0;
                union |= bits;
                total = total.saturating_add(bits);
            }
            if union == u64::MAX {
                continue;
            }
            if known && !disjoint {
                self.overlapping_sums.borrow_mut().insert(top.id());
                out.extend(self.leaf(top, protocol, total, true));
                continue;
            }
            if !known {
                self.overlapping_sums.borrow_mut().insert(top.id());
            }
            for leaf in group {
                out.push(Leaf { node: top, ..leaf });
            }
            for (term, bits) in numbers {
                if let Some(leaf) = self.leaf(term, protocol, bits, is_number(term)) {
                    out.push(Leaf { node: top, ..leaf });
                }
            }
        }
        out
    }

    fn leaf(
        &self,
        node: Node<'t>,
        protocol: ProtocolEnum,
        bits: u64,
        written_here: bool,
    ) -> Option<Leaf<'t>> {
        if !is_protocol_set(bits) {
            return None;
        }
        Some(Leaf {
            node,
            operand: Operand {
                span: node.byte_range(),
                protocol,
                bits: bits as u32,
                text: collapse_whitespace(node_text(node, self.src)),
                written_here,
            },
        })
    }

    /// Groups written leaves by the value they belong to, and adds the sinks that are written
    /// without a visible protocol operand (`SecurityProtocol = Legacy.Value`).
    fn writes(
        &self,
        candidates: &Candidates<'t>,
        leaves: Vec<Leaf<'t>>,
        eval: &Evaluator<'_, 't>,
        facts: &mut FileFacts,
    ) {
        let mut by_root: HashMap<usize, usize> = HashMap::new();
        let mut read_roots: HashSet<usize> = HashSet::new();
        for leaf in leaves {
            let climbed = climb(leaf.node, self.parents, &self.climbs);
            // Operands of a value already classified join it (a chain of n operands is
            // classified once, not n times).
            if climbed.reliable {
                if let Some(&index) = by_root.get(&climbed.root.id()) {
                    facts.writes[index].operands.push(leaf.operand);
                    continue;
                }
                if read_roots.contains(&climbed.root.id()) {
                    continue;
                }
            }
            let (root, context, summary) = if climbed.reliable {
                let context = match climbed.parent {
                    Some(parent) => {
                        classify(climbed.root, parent, &self.names, self.src, self.parents)
                    }
                    None => Context::Read,
                };
                (climbed.root, context, None)
            } else {
                facts.recovered_regions += 1;
                let tokens = self.tokens();
                let summary = ValueSummary {
                    bits: leaf.operand.bits,
                    unknown: !tokens.stands_alone(leaf.node),
                    self_ref: false,
                    overlapping_sum: false,
                };
                (leaf.node, tokens.classify(leaf.node), Some(summary))
            };
            let Context::Write {
                op,
                sink,
                statement,
            } = context
            else {
                if climbed.reliable {
                    read_roots.insert(root.id());
                }
                continue;
            };
            if !climbed.reliable || in_error(root, self.parents) {
                facts.recovered_writes.push(root.byte_range());
            }
            let index = *by_root.entry(root.id()).or_insert_with(|| {
                facts.writes.push(ProtocolWrite {
                    statement,
                    value: root.byte_range(),
                    op,
                    sink,
                    operands: Vec::new(),
                    summary: summary
                        .unwrap_or_else(|| self.summarize(&climbed_for(root, self.parents), eval)),
                });
                facts.writes.len() - 1
            });
            facts.writes[index].operands.push(leaf.operand);
        }
        // Sinks whose value holds no protocol operand of its own.
        let sink_roots = candidates.sink_values.iter().copied().chain(
            candidates
                .sink_calls
                .iter()
                .flat_map(|call| call.child_by_field_name("arguments"))
                .flat_map(|list| {
                    named_children(list)
                        .filter(|n| n.kind() == "argument")
                        .collect::<Vec<_>>()
                })
                .filter_map(|argument| named_children(argument).last()),
        );
        for root in sink_roots {
            if by_root.contains_key(&root.id()) {
                continue;
            }
            let climbed = climb(root, self.parents, &self.climbs);
            if !climbed.reliable || climbed.root.id() != root.id() {
                continue;
            }
            let Some(parent) = climbed.parent else {
                continue;
            };
            if let Context::Write {
                op,
                sink,
                statement,
            } = classify(root, parent, &self.names, self.src, self.parents)
            {
                if sink == Sink::None {
                    continue;
                }
                by_root.insert(root.id(), facts.writes.len());
                facts.writes.push(ProtocolWrite {
                    statement,
                    value: root.byte_range(),
                    op,
                    sink,
                    operands: Vec::new(),
                    summary: self.summarize(&climbed, eval),
                });
            }
        }
        facts.writes.sort_by_key(|w| (w.value.start, w.value.end));
    }

    /// Drops the values that are written only into places whose every use reads them (see
    /// [`flow`]): labels, not settings. Only values written into no sink, with a legacy
    /// operand and a reliable parse, are looked at; the flow runs on a full parse (the
    /// skeleton leaves out bodies that may use the place).
    fn drop_labels(&self, facts: &mut FileFacts) {
        let candidate = |write: &ProtocolWrite| {
            write.sink == Sink::None
                && write
                    .operands
                    .iter()
                    .any(|o| o.written_here && o.legacy_bits() != 0)
                && !facts.is_recovered(write)
        };
        // Each candidate rescans its carrier's scope: past a few thousand (hostile or
        // generated code) the values are all reported instead, as if not followed.
        let candidates = facts.writes.iter().filter(|w| candidate(w)).count();
        if candidates == 0 || candidates > MAX_LABEL_CANDIDATES {
            return;
        }
        // The flow needs every body (a use may sit in one the skeleton left out, and the
        // facts must not depend on what it left out): the skeleton parse is reused when it
        // left nothing out; otherwise the file is parsed again in full.
        let whole = matches!(
            self.tree.included_ranges().as_slice(),
            [range] if range.start_byte == 0 && range.end_byte >= self.src.len()
        );
        let labels = if whole {
            self.labels(self.tree.root_node(), self.parents, facts, &candidate)
        } else {
            let Ok(full) = parse(self.src) else {
                return;
            };
            let Ok(parents) = Parents::new(&full) else {
                return;
            };
            self.labels(full.root_node(), &parents, facts, &candidate)
        };
        let mut labels = labels.into_iter();
        facts.writes.retain(|_| !labels.next().unwrap_or(false));
    }

    /// For each write, whether it is a label, judged on a full parse of the file (`root`).
    fn labels<'a>(
        &self,
        root: Node<'a>,
        parents: &Parents<'a>,
        facts: &FileFacts,
        candidate: &dyn Fn(&ProtocolWrite) -> bool,
    ) -> Vec<bool> {
        let flow = flow::Flow {
            src: self.src,
            root,
            parents,
            names: &self.names,
            climbs: ClimbCache::default(),
        };
        facts
            .writes
            .iter()
            .map(|write| {
                if !candidate(write) {
                    return false;
                }
                // The same value in the full parse: the smallest node over its extent climbs
                // to a value of that extent, or it is not judged.
                let Some(value) =
                    root.descendant_for_byte_range(write.value.start, write.value.end)
                else {
                    return false;
                };
                let climbed = climb(value, parents, &flow.climbs);
                match climbed.parent {
                    Some(holder)
                        if climbed.reliable && climbed.root.byte_range() == write.value =>
                    {
                        flow.is_label(climbed.root, holder)
                    }
                    _ => false,
                }
            })
            .collect()
    }

    /// What a written value can evaluate to.
    fn summarize(&self, climbed: &Climb<'t>, eval: &Evaluator<'_, 't>) -> ValueSummary {
        let target = climbed
            .parent
            .filter(|p| p.kind() == "assignment_expression")
            .and_then(|p| p.child_by_field_name("left"))
            .map(|left| syntax::strip_whitespace(node_text(left, self.src)));
        let mut summary = ValueSummary::default();
        self.summarize_into(climbed.root, target.as_deref(), eval, &mut summary);
        summary
    }

    fn summarize_into(
        &self,
        node: Node<'t>,
        target: Option<&str>,
        eval: &Evaluator<'_, 't>,
        out: &mut ValueSummary,
    ) {
        if target.is_some_and(|t| syntax::strip_whitespace(node_text(node, self.src)) == t) {
            out.self_ref = true;
            return;
        }
        match node.kind() {
            "parenthesized_expression" | "binary_expression" if is_or_chain(node) => {
                let mut operands = Vec::new();
                or_operands(node, &mut operands);
                if operands.len() == 1 && operands[0].id() == node.id() {
                    out.unknown = true;
                    return;
                }
                for operand in operands {
                    self.summarize_into(operand, target, eval, out);
                }
                return;
            }
            "conditional_expression" => {
                for branch in ["consequence", "alternative"] {
                    match node.child_by_field_name(branch) {
                        Some(child) => self.summarize_into(child, target, eval, out),
                        None => out.unknown = true,
                    }
                }
                return;
            }
            "switch_expression" => {
                for arm in named_children(node).filter(|n| n.kind() == "switch_expression_arm") {
                    match named_children(arm).last() {
                        Some(result) => self.summarize_into(result, target, eval, out),
                        None => out.unknown = true,
                    }
                }
                return;
            }
            _ => {}
        }
        if self.overlapping_sums.borrow().contains(&node.id()) {
            out.overlapping_sum = true;
        }
        match eval.eval(node, &mut Trace::default()) {
            Value::Protocol(_, bits) if is_protocol_set(bits) => out.bits |= bits as u32,
            // Only the literal 0 converts implicitly to an enum in C#: SystemDefault / None.
            Value::Int(0) => {}
            _ => out.unknown = true,
        }
    }

    /// `AppContext.SetSwitch(name, value)` calls.
    fn switches(
        &self,
        candidates: &Candidates<'t>,
        eval: &Evaluator<'_, 't>,
        facts: &mut FileFacts,
    ) {
        for &(call, receiver, arguments) in &candidates.switch_calls {
            let is_app_context = match receiver {
                Some(receiver) => {
                    self.names.resolve(receiver, self.src) == Some(KnownType::AppContext)
                }
                None => self.names.imports_static(KnownType::AppContext),
            };
            if !is_app_context {
                continue;
            }
            let args: Vec<Node> = named_children(arguments)
                .filter(|n| n.kind() == "argument")
                .collect();
            let argument = |name: &str, position: usize| {
                args.iter()
                    .find(|a| {
                        a.child_by_field_name("name")
                            .is_some_and(|n| node_text(n, self.src) == name)
                    })
                    .or_else(|| {
                        args.get(position)
                            .filter(|a| a.child_by_field_name("name").is_none())
                    })
                    .and_then(|a| named_children(*a).last())
            };
            let name =
                argument("switchName", 0).and_then(|n| match eval.eval(n, &mut Trace::default()) {
                    Value::Str(s) => Some(s),
                    _ => None,
                });
            let value_node = argument("isEnabled", 1);
            let value = value_node.and_then(|n| match eval.eval(n, &mut Trace::default()) {
                Value::Bool(b) => Some(b),
                _ => None,
            });
            facts.switches.push(SwitchSetting {
                span: call.byte_range(),
                name,
                value,
                // Only a literal can be flipped in place; a constant is changed where declared.
                value_span: value_node
                    .filter(|n| n.kind() == "boolean_literal")
                    .map(|n| n.byte_range()),
                origin: SwitchOrigin::Code,
            });
        }
    }
}

/// Whether a value sits in syntax the parser could not complete: an ERROR node between it and
/// the block or declaration that holds it (its statement is not what the text says).
fn in_error<'t>(node: Node<'t>, parents: &Parents<'t>) -> bool {
    let mut current = node;
    while let Some(parent) = parents.of(current) {
        if parent.is_error() {
            return true;
        }
        if matches!(
            parent.kind(),
            "block" | "declaration_list" | "compilation_unit"
        ) {
            return false;
        }
        current = parent;
    }
    false
}

fn climbed_for<'t>(root: Node<'t>, parents: &Parents<'t>) -> Climb<'t> {
    Climb {
        root,
        parent: parents.of(root),
        reliable: true,
    }
}

/// A `+` binary expression.
fn is_sum(node: Node) -> bool {
    node.kind() == "binary_expression"
        && node
            .child_by_field_name("operator")
            .is_some_and(|op| op.kind() == "+")
}

/// The terms of a `+` chain, in source order. The grammar nests a chain to the left; the walk
/// is a loop, so that a long chain cannot exhaust the stack.
fn sum_terms<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    let start = out.len();
    let mut node = node;
    while is_sum(node) {
        if let Some(right) = node.child_by_field_name("right") {
            out.push(right);
        }
        match node.child_by_field_name("left") {
            Some(left) => node = left,
            None => break,
        }
    }
    if !is_sum(node) {
        out.push(node);
    }
    out[start..].reverse();
}

/// An integer written here (not a constant, which is reported where it is declared).
fn is_number(node: Node) -> bool {
    match node.kind() {
        "integer_literal" => true,
        "parenthesized_expression" => named_children(node).next().is_some_and(is_number),
        _ => false,
    }
}

fn is_or_chain(node: Node) -> bool {
    let mut operands = Vec::new();
    or_operands(node, &mut operands);
    operands.len() > 1
}

/// Whether a bare identifier is an expression (not a declared name or part of a qualified name).
fn is_bare_reference<'t>(node: Node<'t>, parents: &Parents<'t>) -> bool {
    let Some(parent) = parents.of(node) else {
        return false;
    };
    if is_field(parent, "name", node) {
        return false;
    }
    !matches!(
        parent.kind(),
        "qualified_name"
            | "alias_qualified_name"
            | "using_directive"
            | "type_argument_list"
            | "enum_member_declaration"
    )
}

/// Checks that every query file compiles on its own (a grammar upgrade that breaks one must
/// fail loudly) — used by tests.
pub fn check_queries() -> Result<(), String> {
    for (name, source) in QUERY_FILES {
        Query::new(&language(), source).map_err(|e| format!("queries/csharp/{name}: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_file_compiles_against_the_grammar() {
        check_queries().unwrap();
    }

    /// Candidates as comparable data: category and the byte ranges of the captured nodes.
    fn shape(candidates: &Candidates) -> Vec<(&'static str, Vec<std::ops::Range<usize>>)> {
        let r = |n: &Node| n.byte_range();
        let mut out = Vec::new();
        out.extend(candidates.usings.iter().map(|n| ("using", vec![r(n)])));
        out.extend(
            candidates
                .constants
                .iter()
                .map(|(a, b, c)| ("constant", vec![r(a), r(b), r(c)])),
        );
        out.extend(
            candidates
                .members
                .iter()
                .map(|(a, b, c)| ("member", vec![r(a), r(b), r(c)])),
        );
        out.extend(candidates.bare.iter().map(|n| ("bare", vec![r(n)])));
        out.extend(
            candidates
                .casts
                .iter()
                .map(|(a, b, c)| ("cast", vec![r(a), r(b), r(c)])),
        );
        out.extend(candidates.sink_values.iter().map(|n| ("sink", vec![r(n)])));
        out.extend(candidates.sink_calls.iter().map(|n| ("call", vec![r(n)])));
        out.extend(candidates.switch_calls.iter().map(|(a, b, c)| {
            let mut ranges = vec![r(a), r(c)];
            ranges.extend(b.as_ref().map(r));
            ("switch", ranges)
        }));
        out
    }

    fn assert_same_candidates(name: &str, text: &str) {
        let tree = parse(text).unwrap();
        let parents = Parents::new(&tree).unwrap();
        let analyzer = Analyzer::new(text, &tree, &parents, &[]);
        let by_walk = shape(&analyzer.collect());
        // The query engine reports a match when its last capture is reached: a member access
        // whose receiver is a whole `#if` group inside an initializer (a shape only broken code
        // has) comes after the members inside the group. The analysis works on candidates
        // sorted by (start, end), so the query's are compared in that order.
        let mut by_query = analyzer.collect_by_query();
        by_query.sort_like_queries();
        let by_query = shape(&by_query);
        assert_eq!(by_walk, by_query, "{name}");
    }

    /// The hand-written matcher finds exactly what `queries/csharp/*.scm` describe, in the
    /// same (sorted) order, on every C# file of the test repositories and on shapes they lack.
    #[test]
    fn the_tree_walk_matches_the_queries() {
        assert_same_candidates(
            "inline",
            r#"using SPT = System.Net.SecurityProtocolType;
using static System.Net.SecurityProtocolType;
global using System.Linq;
class C {
    const int A = 768, B = (int)SPT.Tls12;
    static readonly SslProtocols P = SslProtocols.Tls | (SslProtocols)(12 | 48), Q;
    void M(SslStream s) {
        var x = (SecurityProtocolType)(object)(SecurityProtocolType)3072;
        ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol | Tls12;
        handler.SslProtocols = o.EnabledSslProtocols = SslProtocols.None;
        new Options { EnabledSslProtocols = SslProtocols.Tls13 };
        SecurityProtocol = Ssl3;
        s.AuthenticateAsClient("h", null, SslProtocols.Default, false);
        AuthenticateAsServerAsync(cert);
        s.AuthenticateAsClient<int>("h");
        AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true);
        SetSwitch(name, false);
        System.AppContext.SetSwitch;
        Tls11.Tls.Default.None.SystemDefault();
        int y = 1, z;
        #if LEGACY
        ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls
        #endif
        if (x == SecurityProtocolType.Tls) { broken( }
    }
}
"#,
        );
        let inputs = test_repo_sources();
        for (name, text) in &inputs {
            assert_same_candidates(name, text);
        }
        assert!(inputs.len() > 20, "only {} C# files", inputs.len());
    }

    /// Every C# file of the test repositories, decoded.
    fn test_repo_sources() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
        let mut stack = vec![root];
        let mut out = Vec::new();
        while let Some(folder) = stack.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "cs") {
                    let bytes = std::fs::read(&path).unwrap();
                    if let Ok((text, _)) = crate::source::decode(&bytes) {
                        out.push((path.display().to_string(), text));
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// Blanking quiet bodies before parsing must not change a single fact: every C# file of
    /// the test repositories, and each again inside a class padded with quiet members, is
    /// analysed from its full text and from its skeleton.
    #[test]
    fn blanking_quiet_bodies_changes_no_fact() {
        let quiet = "    void Quiet() {\n        var total = 0;\n        for (var i = 0; i < 10; i++) { total += i; }\n    }\n";
        let mut blanked = 0;
        let sources = test_repo_sources();
        for (name, text) in &sources {
            let padded = format!("{text}\npartial class Padding {{\n{quiet}}}\n");
            for text in [text.clone(), padded] {
                let full = parse(&text).unwrap();
                let skeleton = parse_skeleton(&text, &[]).unwrap();
                blanked += usize::from(skeleton.included_ranges().len() > 1);
                let facts = facts_of(&text, &full);
                assert!(facts.is_some(), "{name}");
                assert_eq!(facts, facts_of(&text, &skeleton), "{name}");
            }
        }
        // Every padded file (bar the deliberately broken ones) and some of the originals.
        assert!(
            blanked > sources.len(),
            "only {blanked} of {} files were blanked",
            sources.len()
        );
    }

    /// An `#if` between an `if` block and its `else` (the .NET Framework's sources are full of
    /// them) is an error to tree-sitter, in a body that is kept. The skipped bodies around are
    /// not to blame, so the file is not parsed again in full, and finds what the full parse
    /// finds. (In large files such errors spread to an ERROR node around the whole file, with
    /// skipped bodies inside: only where the parser gave up counts.)
    #[test]
    fn errors_from_conditional_directives_keep_the_skeleton() {
        let quiet = "        var total = 0;\n        for (var i = 0; i < 10; i++) { total += i; }\n        Log(total);\n";
        let text = format!(
            "namespace N {{\n  class C {{\n    void A() {{\n{quiet}    }}\n\
             void Setup(int kind) {{\n      if (kind == 0) {{ Log(0); }}\n#if !FEATURE_PAL\n\
             \x20     else if (kind == 1) {{ Log(1); }}\n#endif\n\
             \x20     ServicePointManager.SecurityProtocol = SecurityProtocolType.Ssl3;\n    }}\n\
             \x20   int B {{ get {{\n{quiet}    }} }}\n    void D() {{\n{quiet}    }}\n  }}\n}}\n"
        );
        let full = parse(&text).unwrap();
        assert!(full.root_node().has_error());
        let skeleton = parse_skeleton(&text, &[]).unwrap();
        assert!(skeleton.root_node().has_error());
        assert!(skeleton.included_ranges().len() > 1, "parsed in full");
        let facts = facts_of(&text, &full).unwrap();
        assert!(facts.contains("Ssl3"), "{facts}");
        assert_eq!(Some(facts), facts_of(&text, &skeleton));
    }

    /// `AuthenticateAsync` (a mail client's login) is not an `AuthenticateAs*` sink: a body that
    /// calls it is skipped, and one that calls a sink is kept.
    #[test]
    fn only_the_authenticate_sinks_keep_a_body() {
        let text = "class C {\n  async Task Login() {\n    await client.AuthenticateAsync(\"user\", \"password\");\n    await client.NoopAsync();\n  }\n  void Handshake(SslStream ssl, SslProtocols protocols) {\n    ssl.AuthenticateAsClient(host, null, protocols, false);\n    Log(\"handshake done for the host\");\n  }\n}\n";
        let tree = parse_skeleton(text, &[]).unwrap();
        let ranges = tree.included_ranges();
        assert_eq!(ranges.len(), 2, "{ranges:?}");
        let skipped = &text[ranges[0].end_byte..ranges[1].start_byte];
        assert!(skipped.contains("AuthenticateAsync"), "{skipped}");
        assert!(!skipped.contains("AuthenticateAsClient"), "{skipped}");
    }

    #[test]
    fn every_query_file_on_disk_is_used() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/csharp");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".scm"))
            .collect();
        on_disk.sort();
        let mut used: Vec<String> = QUERY_FILES
            .iter()
            .map(|(name, _)| (*name).to_owned())
            .collect();
        used.sort();
        assert_eq!(on_disk, used);
    }

    /// `#if` groups inside expressions: each branch is read as the build that compiles it
    /// reads it, and a value that reaches over a directive line gets no fix.
    #[test]
    fn branches_inside_expressions_are_read_one_at_a_time() {
        let text = "using System.Net;\n\
            using Proto = System.Security.Authentication.SslProtocols;\n\
            class C {\n\
            Proto[] P = {\n#if A\n Proto.Tls12,\n#else\n Proto.Tls11 | Proto.Tls12,\n#endif\n};\n\
            void M(System.Net.Security.SslStream s) {\n\
            ServicePointManager.SecurityProtocol |=\n#if OLD\n SecurityProtocolType.Tls |\n#endif\n SecurityProtocolType.Tls12;\n\
            bool b = P[0] ==\n#if A\n Proto.Tls;\n#else\n Proto.Ssl3;\n#endif\n\
            }\n}\n";
        let facts = analyze(text, &[]).unwrap().facts;
        let legacy: Vec<(&str, bool)> = facts
            .writes
            .iter()
            .flat_map(|w| {
                w.operands
                    .iter()
                    .filter(|o| o.legacy_bits() != 0)
                    .map(|o| (o.text.as_str(), facts.fixable(w)))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            legacy,
            [("Proto.Tls11", true), ("SecurityProtocolType.Tls", false)]
        );
    }

    #[test]
    fn global_usings_are_reported_for_other_files() {
        let analysis = analyze(
            "global using SPT = System.Net.SecurityProtocolType;\nglobal using System.Linq;\n",
            &[],
        )
        .unwrap();
        assert_eq!(analysis.global_usings.len(), 1);
        let other = analyze(
            "class C { public object M() => SPT.Tls11; }",
            &analysis.global_usings,
        )
        .unwrap();
        assert_eq!(other.facts.writes.len(), 1);
        assert_eq!(other.facts.writes[0].operands[0].text, "SPT.Tls11");
    }
}
