//! Parsing with tree-sitter under limits, and parent links that cost nothing to follow.
//!
//! Hostile or generated input must not stall a sweep: every parse runs under a time budget
//! (`--parse-timeout`, 5 s by default), and a tree nested deeper than [`MAX_DEPTH`] levels is not
//! analysed. Both are reported as the file's error, never silently.
//!
//! Tree-sitter nodes do not store their parent: `Node::parent` walks down from the root, so
//! climbing from a leaf costs the square of its depth. [`Parents`] records every parent once
//! in a linear walk, which keeps the analysers linear on long `|` chains and deep nesting.

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

/// The default parse time budget per file.
pub const DEFAULT_PARSE_TIMEOUT: Duration = Duration::from_secs(5);

/// The budget in milliseconds (a process-wide setting, like the thread count).
static PARSE_TIMEOUT_MS: AtomicU64 = AtomicU64::new(5_000);

/// Sets the parse time budget per file (`--parse-timeout`).
pub fn set_parse_timeout(timeout: Duration) {
    let ms = u64::try_from(timeout.as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    PARSE_TIMEOUT_MS.store(ms, Ordering::Relaxed);
}

fn parse_timeout() -> Duration {
    Duration::from_millis(PARSE_TIMEOUT_MS.load(Ordering::Relaxed))
}

/// Why a file could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseFailure {
    /// Parsing took longer than the budget.
    TimedOut(Duration),
    /// The code is nested deeper than the analyser's limit (given).
    TooDeep(usize),
    /// Values are too long or too deeply nested (or refer to each other too much) to be read
    /// completely by an analyser with its own limits.
    TooComplex,
    /// The parser returned nothing for another reason.
    Failed,
}

impl fmt::Display for ParseFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseFailure::TimedOut(budget) => write!(
                f,
                "parsing took longer than the {} s budget; the file was not analysed (raise it with --parse-timeout)",
                budget.as_secs_f64()
            ),
            ParseFailure::TooDeep(limit) => write!(
                f,
                "the code is nested more than {limit} levels deep; the file was not analysed"
            ),
            ParseFailure::TooComplex => f.write_str(
                "values in this file are too long or too deeply nested to be read completely; the file was not analysed",
            ),
            ParseFailure::Failed => f.write_str("the parser gave up on this file"),
        }
    }
}

/// Parses `text` with `parser` under the time budget.
pub fn parse(parser: &mut Parser, text: &str) -> Result<Tree, ParseFailure> {
    parse_within(parser, text, parse_timeout())
}

fn parse_within(parser: &mut Parser, text: &str, budget: Duration) -> Result<Tree, ParseFailure> {
    let start = Instant::now();
    let mut timed_out = false;
    // The callback runs often during parsing; checking the clock there is what makes the
    // budget hold even for inputs that send the parser into long error recovery.
    let mut progress = |_: &tree_sitter::ParseState| {
        if start.elapsed() > budget {
            timed_out = true;
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
    // The parser keeps the state of a cancelled parse for resumption; start afresh next time.
    parser.reset();
    match tree {
        Some(tree) => Ok(tree),
        None if timed_out => Err(ParseFailure::TimedOut(budget)),
        None => Err(ParseFailure::Failed),
    }
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

/// Fails when `tree` is nested deeper than [`MAX_DEPTH`] (for analysers that need no
/// [`Parents`] but recurse over the tree).
pub fn check_depth(tree: &Tree) -> Result<(), ParseFailure> {
    let mut cursor = tree.walk();
    let mut depth = 0;
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            if depth > MAX_DEPTH {
                return Err(ParseFailure::TooDeep(MAX_DEPTH));
            }
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return Ok(());
            }
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
    /// Walks `tree` once; fails when it is nested deeper than [`MAX_DEPTH`].
    pub fn new(tree: &'t Tree) -> Result<Self, ParseFailure> {
        let mut parents = HashMap::default();
        let mut stack: Vec<Node<'t>> = Vec::new();
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            if let Some(parent) = stack.last() {
                parents.insert(node.id(), *parent);
            }
            if cursor.goto_first_child() {
                stack.push(node);
                if stack.len() > MAX_DEPTH {
                    return Err(ParseFailure::TooDeep(MAX_DEPTH));
                }
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    break;
                }
                if !cursor.goto_parent() {
                    return Ok(Parents { parents });
                }
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
            .set_language(&crate::lang::csharp::language())
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
    fn the_budget_cancels_long_parses() {
        // A budget far below what a large file needs: the parse is cancelled, and the parser
        // works normally afterwards.
        let text = "class C { void M() { x = 1; } }\n".repeat(50_000);
        let mut parser = parser();
        let result = parse_within(&mut parser, &text, Duration::from_millis(1));
        assert_eq!(
            result.err(),
            Some(ParseFailure::TimedOut(Duration::from_millis(1)))
        );
        assert!(parse(&mut parser, "class C { }").is_ok());
    }
}
