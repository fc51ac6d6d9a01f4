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
//! dead and never read; every other preprocessor branch is. [`values`] says what the values
//! found mean (their side, their deprecated and modern bits, the sinks each operand reaches).

mod expr;
mod known;
mod lexer;
mod sinks;
pub mod values;
mod written;

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use tree_sitter::{Language, Parser, Query, Tree};

use crate::lang::query::CompiledQuery;

use self::expr::{MAX_RESOLVE_DEPTH, Resolve, Resolved};
use self::lexer::{Kind, Lexed, lex};
use self::sinks::{Site, WriteKind, Writes};
use crate::facts::{
    FileFacts, NativeApi, NativeBits, NativeOperand, NativeProtocolValue, OperandPlace, Span,
};

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

pub(crate) static QUERIES: LazyLock<CompiledQuery> = LazyLock::new(|| {
    CompiledQuery::compile(
        &language(),
        &QUERY_FILES,
        "queries/cpp/*.scm compile against tree-sitter-cpp",
    )
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

pub use super::tree::ParseFailure;

/// What kind of file is analysed: it decides who else can see the file's definitions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unit {
    /// A C++ source file (`.cpp`, `.cc`, `.cxx`): its macros and enumerators are its own, and so
    /// are `static`, `const` and `constexpr` globals (internal linkage).
    #[default]
    CppSource,
    /// A C source file (`.c`): only `static` globals are its own (`const` has external linkage
    /// in C).
    CSource,
    /// A header: every file that includes it can use its definitions.
    Header,
}

impl Unit {
    pub fn of(path: &Path) -> Unit {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("c") => Unit::CSource,
            Some("h" | "hh" | "hpp" | "hxx" | "inl") => Unit::Header,
            _ => Unit::CppSource,
        }
    }
}

/// Parses and analyses a C++ source file.
pub fn analyze(text: &str) -> Result<FileFacts, ParseFailure> {
    analyze_unit(text, Unit::CppSource)
}

/// Parses and analyses a C or C++ file of the given kind.
pub fn analyze_unit(text: &str, unit: Unit) -> Result<FileFacts, ParseFailure> {
    let tree = parse(text)?;
    super::tree::check_depth(&tree)?;
    let lexed = lex(text);
    Analyzer::new(text, &lexed, &tree, unit).run()
}

/// Where the statement spanning `span` stands (see [`super::tree::statement_position`]);
/// `None` when no statement spans it or the file does not parse.
pub fn statement_position(
    text: &str,
    span: std::ops::Range<usize>,
) -> Option<super::tree::StatementPosition> {
    let tree = parse(text).ok()?;
    super::tree::statement_position(
        &tree,
        span,
        &[
            "compound_statement",
            "translation_unit",
            "preproc_if",
            "preproc_ifdef",
            "preproc_else",
            "preproc_elif",
            "preproc_elifdef",
        ],
        &["case_statement"],
    )
}

/// The number of ERROR and MISSING nodes in a parse of `text` (a fix must not add any).
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
                .expect("tree-sitter-cpp is ABI-compatible with the tree-sitter runtime");
            parser
        });
        super::tree::parse(parser, text)
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
    /// A value or macro was too long or too deeply nested to be read completely, or the
    /// resolution budget ran out: the file is reported instead of half-analysed.
    incomplete: Cell<bool>,
    unit: Unit,
    /// Where names were followed on the way to a sink (the name token's offset): a definition
    /// used anywhere else is not edited by a fix.
    followed: RefCell<HashSet<usize>>,
    /// For each operand (by span), the macros, enumerators and globals it was reached through.
    via: RefCell<HashMap<(usize, usize), BTreeSet<String>>>,
    /// The variables (name, function) whose writes were folded into a sink's value: the sink
    /// analysis decides about every value written to them, dead stores included.
    sink_variables: RefCell<HashSet<(String, Option<usize>)>>,
}

/// How many names one file may resolve.
const RESOLVE_BUDGET: u32 = 50_000;

impl<'s> Analyzer<'s> {
    fn new(src: &'s str, lexed: &'s Lexed, tree: &'s Tree, unit: Unit) -> Self {
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
            incomplete: Cell::new(false),
            unit,
            followed: RefCell::new(HashSet::new()),
            via: RefCell::new(HashMap::new()),
            sink_variables: RefCell::new(HashSet::new()),
        }
    }

    fn run(mut self) -> Result<FileFacts, ParseFailure> {
        let found = sinks::collect(self.src, self.lexed, self.tree);
        self.writes = found.writes;
        let mut facts = FileFacts {
            recovered_regions: found.recovered,
            ..FileFacts::default()
        };
        let mut sites = Vec::new();
        for site in &found.sites {
            if let Some(value) = self.value(site) {
                facts.native.push(value);
                sites.push(site);
            }
        }
        // Where each operand is written can only be judged once every sink has been followed:
        // a definition is the file's own only if all its uses lead to sinks.
        let places = Places::new(&self, &found.errors);
        for (value, site) in facts.native.iter_mut().zip(sites) {
            for operand in &mut value.operands {
                places.settle(operand, site);
            }
        }
        // Legacy names written where no sink is in sight, after the sinks: following names for
        // them must not make a definition look as if all its uses led to sinks.
        let mut tracked: Vec<Span> = facts
            .native
            .iter()
            .flat_map(|v| v.operands.iter().map(|o| o.span.clone()))
            .collect();
        tracked.sort_by_key(|s| (s.start, s.end));
        let written = written::collect(&self, &tracked);
        facts.native.extend(written);
        facts.native.sort_by_key(|v| (v.value.start, v.value.end));
        if self.incomplete.get() {
            return Err(ParseFailure::TooComplex);
        }
        Ok(facts)
    }

    /// The protocol value that reaches a sink.
    fn value(&self, site: &Site) -> Option<NativeProtocolValue> {
        let tokens = self.lexed.tokens_in(&site.value);
        self.check_limits(tokens);
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
                        self.followed.borrow_mut().insert(name.start);
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
            self.note_directives(operand);
        }
        operands.sort_by_key(|o| (o.span.start, o.span.end));
        let broken = matches!(parsed, expr::Expr::Broken { .. });
        Some(NativeProtocolValue {
            api: site.api,
            sink: site.sink.clone(),
            statement: site.statement.clone(),
            value: site.value.clone(),
            op: site.op,
            operands,
            bits: resolved.bits,
            recovered: site.recovered || broken,
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
        let global = scope.is_some() && !declared_here;
        {
            let mut folded = self.sink_variables.borrow_mut();
            folded.insert((name.to_owned(), if global { None } else { scope }));
            if scope.is_some() && !global {
                folded.insert((name.to_owned(), scope));
            }
        }
        if global {
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
        // A dominating declaration or assignment replaces everything before it: start there, so
        // that n writes of one variable before n sinks cost n, not n². (Names in the skipped
        // values are then not counted as followed, which only makes fixes more cautious.)
        let dominates = |write: &sinks::Write| {
            write.kind == WriteKind::Declare
                || (write.kind == WriteKind::Set
                    && write.block.as_ref().is_some_and(|b| b.contains(&at)))
        };
        let start = chain.iter().rposition(|w| dominates(w)).unwrap_or(0);
        let mut state = Resolved::unknown();
        for write in chain.into_iter().skip(start) {
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
        if global || scope.is_none() {
            self.note_via(name, &state.operands);
        }
        state
    }

    /// Records the preprocessor lines inside `operand`'s `|` chain: deleting across
    /// `#ifdef`/`#endif` lines would break the file; the `#define` the chain is written in is
    /// no obstacle.
    fn note_directives(&self, operand: &mut NativeOperand) {
        if let Some(chain) = &mut operand.chain {
            let span = chain.span();
            chain.directives = self
                .lexed
                .directives_in(&span)
                .iter()
                .filter(|d| !(d.span.start <= span.start && span.end <= d.span.end))
                .map(|d| d.span.clone())
                .collect();
        }
    }

    /// Records that `operands` were reached through the definition `name`.
    fn note_via(&self, name: &str, operands: &[NativeOperand]) {
        let mut via = self.via.borrow_mut();
        for operand in operands {
            via.entry((operand.span.start, operand.span.end))
                .or_default()
                .insert(name.to_owned());
        }
    }

    fn check_limits(&self, tokens: &[lexer::Token]) {
        if !expr::within_limits(tokens, self.src) {
            self.incomplete.set(true);
        }
    }

    fn evaluate_span(&self, span: &Span, depth: usize) -> Resolved {
        let tokens = self.lexed.tokens_in(span);
        self.check_limits(tokens);
        match expr::parse(tokens, self.src) {
            Some(parsed) => expr::evaluate(&parsed, self.src, span, self, depth),
            None => Resolved::unknown(),
        }
    }
}

/// Decides where each operand is written, as far as a fix is concerned ([`OperandPlace`]).
struct Places<'a, 's> {
    analyzer: &'a Analyzer<'s>,
    /// The outermost ERROR regions, sorted.
    errors: &'a [Span],
    /// Variable writes by the span of their value, with the variable's name.
    by_value: HashMap<(usize, usize), (&'a str, &'a sinks::Write)>,
    /// Enumerator values with their names, sorted by position.
    enumerators: Vec<(Span, &'a str)>,
    /// Offsets where definitions name what they define (`#define NAME`, `enum { NAME = … }`,
    /// `static DWORD NAME = …`): these are not uses.
    definitions: HashSet<usize>,
    /// Whether a name's definition is the file's own (see [`Places::own`]), by name.
    own: RefCell<HashMap<String, bool>>,
    /// Where each identifier occurs in live code and preprocessor lines, built on first need.
    occurrences: OnceCell<HashMap<&'a str, Vec<usize>>>,
}

impl<'a, 's> Places<'a, 's> {
    fn new(analyzer: &'a Analyzer<'s>, errors: &'a [Span]) -> Self {
        let mut by_value = HashMap::new();
        let mut definitions: HashSet<usize> =
            analyzer.writes.enumerator_names.iter().copied().collect();
        for (name, write) in analyzer.writes.all() {
            if let Some(value) = &write.value {
                by_value.insert((value.start, value.end), (name, write));
            }
            if write.kind == WriteKind::Declare && write.scope.is_none() {
                definitions.insert(write.pos);
            }
        }
        for directive in &analyzer.lexed.directives {
            if directive.name == "define"
                && let Some(name) = directive.tokens.first()
            {
                definitions.insert(name.start);
            }
        }
        let mut enumerators: Vec<(Span, &str)> = analyzer
            .writes
            .enumerators
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| (v.clone(), name.as_str())))
            .collect();
        enumerators.sort_by_key(|(span, _)| (span.start, span.end));
        Places {
            analyzer,
            errors,
            by_value,
            enumerators,
            definitions,
            own: RefCell::new(HashMap::new()),
            occurrences: OnceCell::new(),
        }
    }

    /// Where each identifier occurs, outside dead code (one pass over the tokens, so that
    /// judging many definitions stays linear).
    fn occurrences(&self) -> &HashMap<&'a str, Vec<usize>> {
        self.occurrences.get_or_init(|| {
            let lexed = self.analyzer.lexed;
            let src: &'a str = self.analyzer.src;
            let directive_tokens = lexed
                .directives
                .iter()
                .filter(|d| !lexed.is_dead(d.span.start))
                .flat_map(|d| d.tokens.iter());
            let mut map: HashMap<&'a str, Vec<usize>> = HashMap::new();
            for token in lexed
                .code
                .iter()
                .filter(|t| !lexed.is_dead(t.start))
                .chain(directive_tokens)
                .filter(|t| t.kind == Kind::Ident)
            {
                map.entry(token.text(src)).or_default().push(token.start);
            }
            map
        })
    }

    fn in_error(&self, span: &Span) -> bool {
        let i = self.errors.partition_point(|e| e.end <= span.start);
        self.errors
            .get(i)
            .is_some_and(|e| e.start < span.end.max(span.start + 1))
    }

    /// Settles `operand.place` for the value that reaches `site`.
    fn settle(&self, operand: &mut NativeOperand, site: &Site) {
        if operand.place == OperandPlace::Recovered {
            return;
        }
        if self.in_error(&operand.expression) || self.in_error(&operand.span) {
            operand.place = OperandPlace::Recovered;
            return;
        }
        let definition = |name: &str| {
            if self.own(name) {
                OperandPlace::Definition {
                    name: name.to_owned(),
                }
            } else {
                OperandPlace::Shared {
                    name: name.to_owned(),
                }
            }
        };
        // Every definition on the way to the sink must be the file's own: editing the operand
        // changes all of them.
        let shared_via = self
            .analyzer
            .via
            .borrow()
            .get(&(operand.span.start, operand.span.end))
            .and_then(|names| names.iter().find(|name| !self.own(name)).cloned());
        if let Some(name) = shared_via {
            operand.place = OperandPlace::Shared { name };
            return;
        }
        let src = self.analyzer.src;
        let lexed = self.analyzer.lexed;
        if let Some(name) = lexed
            .directives_in(&operand.span)
            .iter()
            .find(|d| d.span.start <= operand.span.start && operand.span.end <= d.span.end)
            .and_then(|d| d.tokens.first().filter(|_| d.name == "define"))
        {
            operand.place = definition(name.text(src));
            return;
        }
        // Enumerator values do not nest: the one starting last at or before the expression is
        // the only candidate.
        let within = operand.expression.clone();
        let i = self
            .enumerators
            .partition_point(|(v, _)| v.start <= within.start);
        if let Some((_, name)) = i
            .checked_sub(1)
            .and_then(|i| self.enumerators.get(i))
            .filter(|(v, _)| within.end <= v.end)
        {
            operand.place = definition(name);
            return;
        }
        let expression = (operand.expression.start, operand.expression.end);
        if let Some(&(name, write)) = self.by_value.get(&expression) {
            operand.place = match write.scope {
                None => definition(name),
                Some(scope) => {
                    let local = self
                        .analyzer
                        .writes
                        .get(name, Some(scope))
                        .iter()
                        .any(|w| w.kind == WriteKind::Declare);
                    if local {
                        OperandPlace::Local {
                            deletable: write
                                .statement
                                .clone()
                                .filter(|_| write.kind == WriteKind::Or),
                        }
                    } else {
                        // A global, a parameter or a member written in a function: other code
                        // reads it.
                        OperandPlace::Shared {
                            name: name.to_owned(),
                        }
                    }
                }
            };
            return;
        }
        if site.value.start <= operand.expression.start && operand.expression.end <= site.value.end
        {
            let whole_addition =
                site.op == crate::facts::WriteOp::Add && operand.expression == site.value;
            operand.place = OperandPlace::Local {
                deletable: site.statement.clone().filter(|_| whole_addition),
            };
            return;
        }
        operand.place = OperandPlace::Shared {
            name: String::new(),
        };
    }

    /// Whether the definition of `name` (a macro, an enumerator or a file-scope variable) is
    /// the file's own: no other file can see it (not a header, no external linkage) and every
    /// use of the name in the file was followed into a sink.
    fn own(&self, name: &str) -> bool {
        if let Some(&known) = self.own.borrow().get(name) {
            return known;
        }
        let answer = self.compute_own(name);
        self.own.borrow_mut().insert(name.to_owned(), answer);
        answer
    }

    fn compute_own(&self, name: &str) -> bool {
        let analyzer = self.analyzer;
        if analyzer.unit == Unit::Header {
            return false;
        }
        let is_macro = analyzer.macros.contains_key(name);
        let is_enumerator = analyzer.writes.enumerators.contains_key(name);
        if !is_macro && !is_enumerator {
            let declarations: Vec<&sinks::Write> = analyzer
                .writes
                .get(name, None)
                .iter()
                .filter(|w| w.kind == WriteKind::Declare)
                .collect();
            if declarations.is_empty() || !declarations.iter().all(|w| self.internal(w.pos)) {
                return false;
            }
        }
        let followed = analyzer.followed.borrow();
        self.occurrences()
            .get(name)
            .into_iter()
            .flatten()
            .all(|at| self.definitions.contains(at) || followed.contains(at))
    }

    /// Whether the file-scope declaration naming a variable at `pos` gives it internal linkage
    /// (`static`; in C++ also `const` and `constexpr` without `extern`).
    fn internal(&self, pos: usize) -> bool {
        let lexed = self.analyzer.lexed;
        let src = self.analyzer.src;
        let mut i = lexed.index_at(pos);
        let (mut is_static, mut is_const, mut is_extern) = (false, false, false);
        while i > 0 {
            i -= 1;
            match lexed.code[i].text(src) {
                ";" | "{" | "}" => break,
                "static" => is_static = true,
                "const" | "constexpr" => is_const = true,
                "extern" => is_extern = true,
                _ => {}
            }
        }
        is_static || (is_const && !is_extern && self.analyzer.unit == Unit::CppSource)
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
            self.incomplete.set(true);
            return Resolved::unknown();
        }
        self.budget.set(left - 1);
        self.followed.borrow_mut().insert(at);
        // The preprocessor runs first: a macro wins over a variable of the same name.
        if let Some(definitions) = self.macros.get(name) {
            let mut result: Option<Resolved> = None;
            for definition in definitions {
                self.check_limits(&definition.body);
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
            let result = result.unwrap_or_else(Resolved::unknown);
            self.note_via(name, &result.operands);
            return result;
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
            let result = result.unwrap_or_else(Resolved::unknown);
            self.note_via(name, &result.operands);
            return result;
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
