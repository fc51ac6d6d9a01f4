//! Parsing with tree-sitter under limits, and parent links that cost nothing to follow.
//!
//! Hostile or generated input must not stall a sweep, and must give the same report on every
//! machine. So every parse runs under a *work* budget, counted in tree-sitter parser operations
//! ([`STEPS_PER_BYTE`] per byte of the file, and [`BASE_STEPS`]): the count depends only on the
//! input and the grammar, never on the clock. A wall-clock limit (`--parse-timeout`, 60 s by
//! default) stays as a last resort for a parse that the work budget does not stop in time on a
//! slow or busy machine; its message says that the outcome depends on the machine.
//!
//! After the parse, a tree nested deeper than [`MAX_DEPTH`] levels, or with a run of more than
//! [`MAX_RUN`] unnamed tokens side by side, is not analysed: both are checked in one linear
//! walk before any query runs, because the work of a query over such a tree grows with the
//! square of either. All of these are reported as the file's error, never silently.
//!
//! Tree-sitter nodes do not store their parent: `Node::parent` walks down from the root, so
//! climbing from a leaf costs the square of its depth. [`Parents`] records every parent once
//! in a linear walk, which keeps the analysers linear on long `|` chains and deep nesting.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tree_sitter::{Node, ParseOptions, Parser, Tree};

/// Trees deeper than this are not analysed. Real code stays far below it (a method in a class
/// in a namespace with a dozen nested blocks and a long expression is about 60 levels in C#);
/// a 500-term `a | b | …` chain is 500 levels.
pub const MAX_DEPTH: usize = 2_000;

/// Trees with more unnamed tokens (brackets, operators, keywords) side by side under one node
/// are not analysed. tree-sitter's query cursor looks at every later sibling of an unnamed node
/// for a named one, so a run of `n` costs `n²/2`: 100,000 unclosed `(`, which error recovery
/// leaves side by side in one ERROR node, took seconds. Real code has runs of a few tokens
/// (`) ) ;`); a run of 1,000 costs half a million steps at most, and a file can hold no more
/// runs than it has bytes.
pub const MAX_RUN: usize = 1_000;

/// Parser operations allowed per byte of input. Real code needs about one (0.5 to 1.5 over C#,
/// C, C++, PowerShell and XML files of up to 30 MB, a little more in files of a few hundred
/// bytes, which [`BASE_STEPS`] covers); the most expensive nesting we know, 350,000 closed `{`
/// in PowerShell, needs 18.5.
pub const STEPS_PER_BYTE: u64 = 20;

/// Parser operations allowed on top of [`STEPS_PER_BYTE`], so that small files are never short.
pub const BASE_STEPS: u64 = 1_000_000;

/// tree-sitter calls the progress callback once every this many operations (its
/// `OP_COUNT_PER_PARSER_CALLBACK_CHECK`, counted from zero at the start of every parse).
const STEPS_PER_CALLBACK: u64 = 100;

/// The default wall-clock limit per parse: a last resort (see the module documentation).
pub const DEFAULT_PARSE_TIMEOUT: Duration = Duration::from_secs(60);

/// The limit in milliseconds (a process-wide setting, like the thread count).
static PARSE_TIMEOUT_MS: AtomicU64 = AtomicU64::new(60_000);

thread_local! {
    /// Parser operations spent on this thread so far (for the fuzz targets, which check that
    /// an analysis does a bounded number of parses).
    static STEPS_SPENT: Cell<u64> = const { Cell::new(0) };
}

/// Sets the wall-clock limit per parse (`--parse-timeout`).
pub fn set_parse_timeout(timeout: Duration) {
    let ms = u64::try_from(timeout.as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    PARSE_TIMEOUT_MS.store(ms, Ordering::Relaxed);
}

fn parse_timeout() -> Duration {
    Duration::from_millis(PARSE_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// The parser operations one parse of `len` bytes may take.
pub fn step_budget(len: usize) -> u64 {
    BASE_STEPS.saturating_add(STEPS_PER_BYTE.saturating_mul(u64::try_from(len).unwrap_or(u64::MAX)))
}

/// Parser operations spent on this thread so far (counted in whole callbacks).
pub fn steps_spent() -> u64 {
    STEPS_SPENT.with(Cell::get)
}

/// Why a file could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseFailure {
    /// Parsing needed more operations than the work budget (given) for the file's size.
    TooMuchWork(u64),
    /// Parsing took longer than the wall-clock limit (a last resort: machine-dependent).
    TimedOut(Duration),
    /// The code is nested deeper than the analyser's limit (given).
    TooDeep(usize),
    /// More unnamed tokens side by side under one node than the limit (given).
    TooWide(usize),
    /// Values are too long or too deeply nested (or refer to each other too much) to be read
    /// completely by an analyser with its own limits.
    TooComplex,
    /// The parser returned nothing for another reason.
    Failed,
}

impl fmt::Display for ParseFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseFailure::TooMuchWork(budget) => write!(
                f,
                "parsing needed more than the work budget of {budget} parser steps for a file of this size; the file was not analysed"
            ),
            ParseFailure::TimedOut(budget) => write!(
                f,
                "parsing took longer than the {} s wall-clock limit; the file was not analysed (this depends on the machine and its load: raise the limit with --parse-timeout)",
                budget.as_secs_f64()
            ),
            ParseFailure::TooDeep(limit) => write!(
                f,
                "the code is nested more than {limit} levels deep; the file was not analysed"
            ),
            ParseFailure::TooWide(limit) => write!(
                f,
                "the code has more than {limit} brackets or operators in a row that the parser could not group (unbalanced brackets?); the file was not analysed"
            ),
            ParseFailure::TooComplex => f.write_str(
                "values in this file are too long or too deeply nested to be read completely; the file was not analysed",
            ),
            ParseFailure::Failed => f.write_str("the parser gave up on this file"),
        }
    }
}

/// Parses `text` with `parser` under the work budget and the wall-clock limit.
pub fn parse(parser: &mut Parser, text: &str) -> Result<Tree, ParseFailure> {
    parse_within(parser, text, step_budget(text.len()), parse_timeout())
}

fn parse_within(
    parser: &mut Parser,
    text: &str,
    steps: u64,
    timeout: Duration,
) -> Result<Tree, ParseFailure> {
    let start = Instant::now();
    let callbacks_allowed = steps / STEPS_PER_CALLBACK;
    let mut callbacks = 0u64;
    let mut stopped = None;
    // tree-sitter calls this every hundred operations, a count that depends on the input
    // alone: the work budget stops the same parse at the same point on every machine. The
    // clock is read only as the last resort.
    let mut progress = |_: &tree_sitter::ParseState| {
        callbacks += 1;
        if callbacks > callbacks_allowed {
            stopped = Some(ParseFailure::TooMuchWork(steps));
            ControlFlow::Break(())
        } else if start.elapsed() > timeout {
            stopped = Some(ParseFailure::TimedOut(timeout));
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let options = ParseOptions::new().progress_callback(&mut progress);
    let bytes = text.as_bytes();
    let tree = parser.parse_with_options(
        &mut |offset, _| bytes.get(offset..).unwrap_or_default(),
        None,
        Some(options),
    );
    STEPS_SPENT.with(|spent| spent.set(spent.get().saturating_add(callbacks * STEPS_PER_CALLBACK)));
    // The parser keeps the state of a cancelled parse for resumption; start afresh next time.
    parser.reset();
    match (tree, stopped) {
        (Some(tree), _) => Ok(tree),
        (None, Some(failure)) => Err(failure),
        (None, None) => Err(ParseFailure::Failed),
    }
}

/// Where a statement stands, for a fix that would delete it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementPosition {
    /// In a block (or at the top level, or among other statements of a `case`): deleting it
    /// leaves the code around it as it was.
    InBlock,
    /// The body of another statement (`if (x) stmt;`, a loop, `else`, a label, the only
    /// statement of a `case`): deleting it would make the next statement the body, so it must
    /// become an empty block instead.
    Embedded,
}

/// The position of the statement that spans exactly `span` in `tree`, when there is one and the
/// code around it parsed. `blocks` are the node kinds whose children can be deleted freely;
/// `sections` hold a label and statements (`switch_section`, `case_statement`) and are blocks
/// only while another statement stays.
pub fn statement_position(
    tree: &Tree,
    span: std::ops::Range<usize>,
    blocks: &[&str],
    sections: &[&str],
) -> Option<StatementPosition> {
    let mut node = tree
        .root_node()
        .descendant_for_byte_range(span.start, span.end)?;
    while node.byte_range() != span || !node.kind().ends_with("statement") {
        if node.start_byte() < span.start || node.end_byte() > span.end {
            return None;
        }
        node = node.parent()?;
    }
    // A top-level statement is wrapped: its sibling statements are the wrappers' siblings.
    let wrapper = node.parent().filter(|p| p.kind() == "global_statement");
    if follows_directive_body(wrapper.unwrap_or(node)) {
        return Some(StatementPosition::Embedded);
    }
    let mut parent = node.parent()?;
    // A `#if` branch is no block to the compiler: its directives vanish before parsing, and
    // the statement stands wherever the directive stands (`if (x)` ⏎ `#if A` ⏎ `stmt;` is the
    // `if`'s body when A is defined). So the position is the directive's own, and each
    // directive on the way up (nested `#if`s) stands where its own predecessor leaves it.
    while parent.kind().starts_with("preproc_") {
        if follows_directive_body(parent) {
            return Some(StatementPosition::Embedded);
        }
        parent = parent.parent()?;
    }
    if parent.is_error() {
        return None;
    }
    let kind = parent.kind();
    if blocks.contains(&kind) {
        return Some(StatementPosition::InBlock);
    }
    if sections.contains(&kind) {
        let mut cursor = parent.walk();
        let statements = parent
            .named_children(&mut cursor)
            .filter(|child| child.kind().ends_with("statement"))
            .count();
        return Some(if statements > 1 {
            StatementPosition::InBlock
        } else {
            StatementPosition::Embedded
        });
    }
    Some(StatementPosition::Embedded)
}

/// Whether the statement before `node` ends in a `#if` that stands as its body (`if (x)` ⏎
/// `#if A` ⏎ `stmt;` ⏎ `#endif`), or in a body the parser found missing: where A is not
/// defined, the compiler takes `node` as that body, so deleting `node` would leave the `if`
/// without one.
fn follows_directive_body(node: Node) -> bool {
    let mut previous = node.prev_named_sibling();
    while let Some(sibling) = previous.filter(|n| n.kind() == "comment") {
        previous = sibling.prev_named_sibling();
    }
    // Code the parser could not read (tree-sitter-cpp leaves `else` ⏎ `#ifdef A` as an ERROR
    // holding `else`) may hold a body position: `{ }` keeps it whatever it was.
    if previous.is_some_and(|n| n.is_error()) {
        return true;
    }
    let mut current = previous;
    // Down the last statement of nested bodies (`if (a) if (b)` ⏎ `#if A`…).
    for _ in 0..MAX_DEPTH {
        let Some(statement) = current else {
            return false;
        };
        let count = statement.named_child_count();
        let mut last = count
            .checked_sub(1)
            .and_then(|i| statement.named_child(i as _));
        while let Some(child) = last.filter(|n| n.kind() == "comment") {
            last = child.prev_named_sibling();
        }
        match last {
            Some(child) if child.kind().starts_with("preproc_") => return true,
            // A body the parser found missing (tree-sitter-cpp reads `if (x)` ⏎ `#ifdef A` as
            // an `if` without a body): to the compiler the next statement is the body.
            Some(child) if child.byte_range().is_empty() => return true,
            Some(child)
                if child.kind().ends_with("statement")
                    || matches!(child.kind(), "else_clause" | "global_statement") =>
            {
                current = Some(child);
            }
            _ => return false,
        }
    }
    false
}

/// The number of ERROR and MISSING nodes below `node` (iteratively: an erroneous tree may be
/// deeper than the stack allows recursion).
pub fn count_errors(node: Node) -> usize {
    error_nodes(node).len()
}

/// The ERROR and MISSING nodes at or below `node`, in order (iteratively: trees can be deep).
pub fn error_nodes(node: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut cursor = node.walk();
    loop {
        let current = cursor.node();
        if current.is_error() || current.is_missing() {
            found.push(current);
        }
        if current.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == node {
                return found;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return found;
            }
        }
    }
}

/// Counts unnamed siblings side by side during a walk of a tree (see [`MAX_RUN`]).
#[derive(Default)]
struct Runs {
    /// The run of the sibling list being walked.
    current: usize,
    /// The runs of the sibling lists above it, outermost first.
    outer: Vec<usize>,
}

impl Runs {
    fn visit(&mut self, node: Node) -> Result<(), ParseFailure> {
        if node.is_named() {
            self.current = 0;
        } else {
            self.current += 1;
            if self.current > MAX_RUN {
                return Err(ParseFailure::TooWide(MAX_RUN));
            }
        }
        Ok(())
    }

    fn down(&mut self) {
        self.outer.push(self.current);
        self.current = 0;
    }

    fn up(&mut self) {
        self.current = self.outer.pop().unwrap_or(0);
    }
}

/// Fails when `tree` is nested deeper than [`MAX_DEPTH`] or has a run of unnamed tokens
/// longer than [`MAX_RUN`] (for analysers that need no [`Parents`] but recurse over the tree
/// or run queries over it).
pub fn check_depth(tree: &Tree) -> Result<(), ParseFailure> {
    let mut cursor = tree.walk();
    let mut runs = Runs::default();
    let mut depth = 0;
    loop {
        runs.visit(cursor.node())?;
        if cursor.goto_first_child() {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(ParseFailure::TooDeep(MAX_DEPTH));
            }
            runs.down();
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Ok(());
            }
            runs.up();
            depth -= 1;
        }
    }
}

/// The parent of every node of a tree, found in one walk.
pub struct Parents<'t> {
    parents: HashMap<usize, Node<'t>, BuildHasherDefault<IdHasher>>,
}

/// Node ids are addresses: distinct, and aligned so that their low bits carry little. A
/// multiplicative hash spreads them for a fraction of SipHash's cost (the map is built for every
/// parsed file).
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_usize(&mut self, id: usize) {
        self.0 = (id as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .rotate_left(26);
    }
}

impl<'t> Parents<'t> {
    /// Walks `tree` once; fails when it is nested deeper than [`MAX_DEPTH`] or has a run of
    /// unnamed tokens longer than [`MAX_RUN`].
    pub fn new(tree: &'t Tree) -> Result<Self, ParseFailure> {
        let mut parents = HashMap::default();
        let mut stack: Vec<Node<'t>> = Vec::new();
        let mut runs = Runs::default();
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            runs.visit(node)?;
            if let Some(parent) = stack.last() {
                parents.insert(node.id(), *parent);
            }
            if cursor.goto_first_child() {
                stack.push(node);
                if stack.len() > MAX_DEPTH {
                    return Err(ParseFailure::TooDeep(MAX_DEPTH));
                }
                runs.down();
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return Ok(Parents { parents });
                }
                runs.up();
                stack.pop();
            }
        }
    }

    /// The parent of `node` (`None` for the root).
    pub fn of(&self, node: Node<'t>) -> Option<Node<'t>> {
        self.parents.get(&node.id()).copied()
    }

    /// `node`'s ancestors, nearest first.
    pub fn ancestors(&self, node: Node<'t>) -> impl Iterator<Item = Node<'t>> + '_ {
        std::iter::successors(self.of(node), |n| self.of(*n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parser() -> Parser {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_c_sharp::LANGUAGE.into())
            .unwrap();
        parser
    }

    #[test]
    fn parents_match_tree_sitter() {
        let text = "class C { void M() { x = (a | (b | c)); } }";
        let tree = parse(&mut parser(), text).unwrap();
        let parents = Parents::new(&tree).unwrap();
        let mut cursor = tree.walk();
        let mut seen = 0;
        loop {
            let node = cursor.node();
            assert_eq!(parents.of(node), node.parent(), "{}", node.kind());
            seen += 1;
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    assert!(seen > 20);
                    return;
                }
            }
        }
    }

    #[test]
    fn deep_trees_are_refused() {
        let depth = MAX_DEPTH;
        let text = format!(
            "class C {{ void M() {{ x = {}1{}; }} }}",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let tree = parse(&mut parser(), &text).unwrap();
        assert_eq!(
            Parents::new(&tree).err(),
            Some(ParseFailure::TooDeep(MAX_DEPTH))
        );
        let text = "class C { void M() { x = ((((1)))); } }";
        let tree = parse(&mut parser(), text).unwrap();
        assert!(Parents::new(&tree).is_ok());
    }

    #[test]
    fn long_runs_of_unnamed_tokens_are_refused() {
        // Unclosed brackets: error recovery leaves them side by side in one node.
        let text = format!(
            "class C {{ void M() {{ x = 1 + {} }} }}",
            "(".repeat(MAX_RUN + 10)
        );
        let tree = parse(&mut parser(), &text).unwrap();
        assert_eq!(
            Parents::new(&tree).err(),
            Some(ParseFailure::TooWide(MAX_RUN))
        );
        assert_eq!(check_depth(&tree), Err(ParseFailure::TooWide(MAX_RUN)));
        // The same number of brackets, closed, and a long list: named nodes break the runs.
        let text = format!(
            "class C {{ int[] a = {{ {} }}; void M() {{ x = {}; }} }}",
            "1, ".repeat(5 * MAX_RUN),
            "(1) + ".repeat(MAX_RUN + 10) + "1"
        );
        let tree = parse(&mut parser(), &text).unwrap();
        assert!(Parents::new(&tree).is_ok());
        assert!(check_depth(&tree).is_ok());
    }

    #[test]
    fn the_work_budget_cancels_long_parses_on_any_machine() {
        // A budget far below what a large file needs: the parse is cancelled (however long the
        // wall-clock limit), the same way each time, and the parser works normally afterwards.
        let text = "class C { void M() { x = 1; } }\n".repeat(50_000);
        let mut parser = parser();
        for _ in 0..2 {
            let result = parse_within(&mut parser, &text, 10_000, Duration::from_secs(3_600));
            assert_eq!(result.err(), Some(ParseFailure::TooMuchWork(10_000)));
        }
        assert!(parse(&mut parser, "class C { }").is_ok());
        // Real code parses within the default budget by far (about three steps a byte here,
        // where the budget allows twenty).
        let before = steps_spent();
        assert!(parse(&mut parser, &text).is_ok());
        assert!(steps_spent() - before < step_budget(text.len()) / 4);
    }

    #[test]
    fn the_wall_clock_limit_is_a_last_resort() {
        let text = "class C { void M() { x = 1; } }\n".repeat(50_000);
        let mut parser = parser();
        let result = parse_within(&mut parser, &text, u64::MAX, Duration::from_millis(1));
        assert_eq!(
            result.err(),
            Some(ParseFailure::TimedOut(Duration::from_millis(1)))
        );
        let message = ParseFailure::TimedOut(Duration::from_millis(1)).to_string();
        assert!(message.contains("depends on the machine"), "{message}");
        assert!(parse(&mut parser, "class C { }").is_ok());
    }
}
