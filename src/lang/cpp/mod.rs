//! C and C++ (C++/CLI included): the protocol values native code hands to WinHTTP
//! (`WINHTTP_OPTION_SECURE_PROTOCOLS`) and Schannel (`SCHANNEL_CRED.grbitEnabledProtocols`,
//! `TLS_PARAMETERS.grbitDisabledProtocols`), for TLS008 (domain.md §6.3, §6.4).
//!
//! tree-sitter-cpp and the queries in `queries/cpp/` find the sinks and the writes to variables
//! ([`sinks`]). Values are read from tokens ([`lexer`], [`expr`]): initialisers, arguments and
//! `#define` bodies alike, with SDK names taken by their documented values ([`known`]). Names
//! are followed through same-file macros, enumerators and variables. Where the parse is damaged
//! (ERROR regions, common around Win32 macros and C++/CLI), the same sinks and writes are found
//! from the tokens instead, so that no finding is lost to a parse error. Code under `#if 0` is
//! dead and never read; every other preprocessor branch is.

mod expr;
mod known;
mod lexer;
mod sinks;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use tree_sitter::{Language, Parser, Query, Tree};

use self::expr::{MAX_RESOLVE_DEPTH, Resolve, Resolved};
use self::lexer::{Lexed, lex};
use self::sinks::{Site, WriteKind, Writes};
use crate::facts::{FileFacts, NativeApi, NativeBits, NativeProtocolValue, Span};

/// The query files, in the order they are concatenated into one query (one tree walk).
pub const QUERY_FILES: [(&str, &str); 2] = [
    ("sinks.scm", include_str!("../../../queries/cpp/sinks.scm")),
    (
        "writes.scm",
        include_str!("../../../queries/cpp/writes.scm"),
    ),
];

pub fn language() -> Language {
    tree_sitter_cpp::LANGUAGE.into()
}

pub(crate) struct Queries {
    pub query: Query,
    pub captures: HashMap<String, u32>,
}

pub(crate) static QUERIES: LazyLock<Queries> = LazyLock::new(|| {
    let source: String = QUERY_FILES
        .iter()
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("\n");
    // The queries are part of the binary and covered by tests; a failure here is a build defect.
    let query = Query::new(&language(), &source)
        .expect("queries/cpp/*.scm compile against tree-sitter-cpp");
    let captures = query
        .capture_names()
        .iter()
        .enumerate()
        .map(|(i, name)| ((*name).to_owned(), i as u32))
        .collect();
    Queries { query, captures }
});

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Substrings without which a C/C++ file cannot hold a sink: most files stop here, unparsed.
pub const INTERESTING_TOKENS: [&str; 7] = [
    "SECURE_PROTOCOL",
    "grbitEnabledProtocols",
    "grbitDisabledProtocols",
    "SP_PROT_",
    "WinHttpSetOption",
    "SCHANNEL_CRED",
    "TLS_PARAMETERS",
];

/// The prefilter: whether a C/C++ file is worth parsing.
pub fn may_matter(text: &[u8]) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(INTERESTING_TOKENS).expect("static patterns compile")
    });
    FINDER.is_match(text)
}

/// Why a file could not be analysed.
#[derive(Debug)]
pub enum ParseFailure {
    /// The parser gave up (it does so only when cancelled).
    Cancelled,
}

/// Parses and analyses a C or C++ file.
pub fn analyze(text: &str) -> Result<FileFacts, ParseFailure> {
    let tree = parse(text)?;
    let lexed = lex(text);
    Ok(Analyzer::new(text, &lexed, &tree).run())
}

fn parse(text: &str) -> Result<Tree, ParseFailure> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            parser
                .set_language(&language())
                .expect("tree-sitter-cpp is ABI-compatible with the tree-sitter runtime");
            parser
        });
        parser.parse(text, None).ok_or(ParseFailure::Cancelled)
    })
}

/// What names in values can refer to, besides SDK constants.
struct Analyzer<'s> {
    src: &'s str,
    lexed: &'s Lexed,
    tree: &'s Tree,
    macros: HashMap<String, Vec<lexer::Macro>>,
    writes: Writes,
    /// Name resolutions left for this file: hostile input (thousands of self-referring
    /// writes or macros) must not make the analysis explode.
    budget: Cell<u32>,
}

/// How many names one file may resolve.
const RESOLVE_BUDGET: u32 = 50_000;

impl<'s> Analyzer<'s> {
    fn new(src: &'s str, lexed: &'s Lexed, tree: &'s Tree) -> Self {
        let mut macros: HashMap<String, Vec<lexer::Macro>> = HashMap::new();
        for definition in lexed.macros(src) {
            macros
                .entry(definition.name.clone())
                .or_default()
                .push(definition);
        }
        Analyzer {
            src,
            lexed,
            tree,
            macros,
            writes: Writes::default(),
            budget: Cell::new(RESOLVE_BUDGET),
        }
    }

    fn run(mut self) -> FileFacts {
        let found = sinks::collect(self.src, self.lexed, self.tree);
        self.writes = found.writes;
        let mut facts = FileFacts {
            recovered_regions: found.recovered,
            ..FileFacts::default()
        };
        for site in &found.sites {
            facts.native.extend(self.value(site));
        }
        facts.native.sort_by_key(|v| (v.value.start, v.value.end));
        facts
    }

    /// The protocol value that reaches a sink.
    fn value(&self, site: &Site) -> Option<NativeProtocolValue> {
        let tokens = self.lexed.tokens_in(&site.value);
        let parsed = expr::parse(tokens, self.src)?;
        // A half-understood argument (`&protocols @@`): its first piece is the value.
        let shape = match parsed.unwrapped() {
            expr::Expr::Broken { pieces, .. } => pieces.first().map_or(&parsed, |p| p.unwrapped()),
            other => other,
        };
        let resolved = match (site.api, shape) {
            // WinHTTP takes a pointer to the value: `&protocols`, `(LPVOID)&protocols`.
            (NativeApi::WinHttpSecureProtocols, expr::Expr::AddressOf { inner, .. }) => {
                match inner.unwrapped() {
                    expr::Expr::Leaf {
                        span,
                        name: Some(name),
                    } if known::value(&self.src[name.clone()]).is_none() => {
                        self.variable(&self.src[name.clone()], span.start, 1)
                    }
                    other => expr::evaluate(other, self.src, &other.span(), self, 0),
                }
            }
            _ => expr::evaluate(&parsed, self.src, &site.value, self, 0),
        };
        let mut seen = BTreeSet::new();
        let mut operands = resolved.operands;
        operands.retain(|o| seen.insert((o.span.start, o.span.end)));
        for operand in &mut operands {
            // Deleting across `#ifdef`/`#endif` lines would break the file.
            if operand
                .removal
                .as_ref()
                .is_some_and(|r| self.lexed.has_directive_in(r))
            {
                operand.removal = None;
            }
        }
        operands.sort_by_key(|o| (o.span.start, o.span.end));
        Some(NativeProtocolValue {
            api: site.api,
            sink: site.sink.clone(),
            statement: site.statement.clone(),
            value: site.value.clone(),
            op: site.op,
            operands,
            bits: resolved.bits,
        })
    }

    /// The value of variable `name` where it is used at byte `at`: the writes before it in the
    /// same function (or, for a global, its declaration), folded in source order. A write that
    /// runs unconditionally before the use replaces what came before; a conditional one adds to
    /// it.
    fn variable(&self, name: &str, at: usize, depth: usize) -> Resolved {
        let scope = self.lexed.scope_at(at);
        let visible = |w: &&sinks::Write| {
            w.kind != WriteKind::Declare || w.block.as_ref().is_none_or(|b| b.contains(&at))
        };
        let local: Vec<&sinks::Write> = self
            .writes
            .get(name, scope)
            .iter()
            .filter(|w| w.end <= at)
            .filter(visible)
            .collect();
        let declared_here = local.iter().any(|w| w.kind == WriteKind::Declare);
        let mut chain: Vec<&sinks::Write> = Vec::new();
        if scope.is_some() && !declared_here {
            // A global (or a parameter, which has no write at all): its file-scope declaration.
            chain.extend(
                self.writes
                    .get(name, None)
                    .iter()
                    .filter(|w| w.kind == WriteKind::Declare),
            );
        }
        chain.extend(local);
        if chain.is_empty() {
            return Resolved::unknown();
        }
        let mut state = Resolved::unknown();
        for write in chain {
            let value = match &write.value {
                Some(span) if depth < MAX_RESOLVE_DEPTH => self.evaluate_span(span, depth),
                _ => Resolved::unknown(),
            };
            let dominates = write.kind == WriteKind::Declare
                || write.block.as_ref().is_some_and(|b| b.contains(&at));
            match write.kind {
                WriteKind::Declare | WriteKind::Set if dominates => state = value,
                WriteKind::Declare | WriteKind::Set => state = union(state, value),
                WriteKind::Or => {
                    state.bits.set |= value.bits.set;
                    state.bits.possible |= value.bits.possible;
                    state.operands.extend(value.operands);
                }
                WriteKind::And => {
                    state.bits.set &= value.bits.set;
                    if dominates {
                        state.bits.possible &= value.bits.possible;
                    }
                }
                WriteKind::Other => state.bits = NativeBits::UNKNOWN,
            }
        }
        state
    }

    fn evaluate_span(&self, span: &Span, depth: usize) -> Resolved {
        let tokens = self.lexed.tokens_in(span);
        match expr::parse(tokens, self.src) {
            Some(parsed) => expr::evaluate(&parsed, self.src, span, self, depth),
            None => Resolved::unknown(),
        }
    }
}

/// Either of two values (a conditional write, alternative `#define`s).
fn union(a: Resolved, b: Resolved) -> Resolved {
    let mut operands = a.operands;
    operands.extend(b.operands);
    Resolved {
        bits: NativeBits {
            set: a.bits.set & b.bits.set,
            possible: a.bits.possible | b.bits.possible,
        },
        operands,
    }
}

impl Resolve for Analyzer<'_> {
    fn resolve(&self, name: &str, at: usize, depth: usize) -> Resolved {
        let left = self.budget.get();
        if left == 0 {
            return Resolved::unknown();
        }
        self.budget.set(left - 1);
        // The preprocessor runs first: a macro wins over a variable of the same name.
        if let Some(definitions) = self.macros.get(name) {
            let mut result: Option<Resolved> = None;
            for definition in definitions {
                let value = match expr::parse(&definition.body, self.src) {
                    Some(parsed) => {
                        let span = parsed.span();
                        expr::evaluate(&parsed, self.src, &span, self, depth)
                    }
                    // `#define NAME` with no body.
                    None => Resolved::unknown(),
                };
                result = Some(match result {
                    Some(previous) => union(previous, value),
                    None => value,
                });
            }
            return result.unwrap_or_else(Resolved::unknown);
        }
        if let Some(values) = self.writes.enumerators.get(name) {
            let mut result: Option<Resolved> = None;
            for span in values {
                let value = self.evaluate_span(span, depth);
                result = Some(match result {
                    Some(previous) => union(previous, value),
                    None => value,
                });
            }
            return result.unwrap_or_else(Resolved::unknown);
        }
        self.variable(name, at, depth)
    }
}

/// Checks that every query file compiles on its own (a grammar upgrade that breaks one must
/// fail loudly) — used by tests.
pub fn check_queries() -> Result<(), String> {
    for (name, source) in QUERY_FILES {
        Query::new(&language(), source).map_err(|e| format!("queries/cpp/{name}: {e}"))?;
    }
    let _ = &*QUERIES;
    Ok(())
}

#[cfg(test)]
mod tests;
