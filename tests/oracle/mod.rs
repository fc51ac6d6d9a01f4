//! The fix oracle: a fix may change the code it edits, and nothing else.
//!
//! The file is parsed before and after one fix alone, with the grammar tlslint uses for its
//! kind (tree-sitter for C#, C/C++, PowerShell and XML; for VB.NET, which has no grammar, a
//! small block parser below that knows every construct that holds statements; a line structure
//! for `.reg` files; the value shape for JSON). Then, depending on what the edits do:
//!
//! - they **delete** whole nodes (a statement, an element): the tree before, without those
//!   nodes, must be the tree after. A statement that was the body of an `if` and is gone lets
//!   the next statement become the body: the trees differ, and the oracle says where.
//! - they **insert** whole nodes: the tree after, without them, must be the tree before.
//! - they **replace** part of a node (an operand of a chain, a value, a statement by `{ }`):
//!   the edited node is the smallest node holding every edit; with it (and its counterpart
//!   after the fix) replaced by a hole, both trees must be the same. So the edited node's
//!   parent keeps its kind, its arity and the place of the edited node, and every block keeps
//!   its statements.
//!
//! In every case the fix may not add a syntax error (ERROR or MISSING node). Whitespace-only
//! leaves are ignored: fixes may reindent, never restructure.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::ops::Range;

use tlslint::lang::FileKind;
use tree_sitter::{Language, Parser};

/// A syntax node, owned, the same for every grammar.
#[derive(Clone, Debug)]
pub struct Node {
    pub id: usize,
    pub kind: String,
    pub field: Option<String>,
    /// A node of the grammar (a statement, an element); tokens are not named.
    pub named: bool,
    pub range: Range<usize>,
    pub children: Vec<Node>,
}

impl Node {
    fn is_error(&self) -> bool {
        self.kind == "ERROR" || self.kind.starts_with("MISSING")
    }

    fn errors(&self) -> usize {
        usize::from(self.is_error()) + self.children.iter().map(Node::errors).sum::<usize>()
    }
}

/// Builds [`Node`]s with ids unique within one tree.
#[derive(Default)]
pub struct Ids(usize);

impl Ids {
    fn next(&mut self) -> usize {
        self.0 += 1;
        self.0
    }
}

/// The grammar for `kind`'s files.
fn language(kind: FileKind) -> Option<Language> {
    use tlslint::lang::{cpp, csharp, powershell, xml};
    match kind {
        FileKind::CSharp => Some(csharp::language()),
        FileKind::Cpp => Some(cpp::language()),
        FileKind::PowerShell => Some(powershell::language()),
        FileKind::MsBuild | FileKind::Config => Some(xml::language()),
        _ => None,
    }
}

/// The syntax tree of `text` read as `kind`.
pub fn syntax(kind: FileKind, text: &str) -> Result<Node, String> {
    let mut ids = Ids::default();
    match kind {
        FileKind::VisualBasic => Ok(vb::parse(text, &mut ids)),
        FileKind::Registry => Ok(registry(text, &mut ids)),
        FileKind::RuntimeConfig => json(text, &mut ids),
        _ => {
            let language = language(kind).ok_or_else(|| format!("no grammar for {kind:?}"))?;
            let mut parser = Parser::new();
            parser
                .set_language(&language)
                .map_err(|e| format!("grammar: {e}"))?;
            let tree = parser
                .parse(text, None)
                .ok_or_else(|| "the parser gave up".to_owned())?;
            Ok(convert(text, tree.root_node(), None, &mut ids)
                .unwrap_or_else(|| leaf(&mut ids, "empty", 0..0)))
        }
    }
}

fn leaf(ids: &mut Ids, kind: &str, range: Range<usize>) -> Node {
    Node {
        id: ids.next(),
        kind: kind.to_owned(),
        field: None,
        named: false,
        range,
        children: Vec::new(),
    }
}

fn convert(
    text: &str,
    node: tree_sitter::Node,
    field: Option<&str>,
    ids: &mut Ids,
) -> Option<Node> {
    let range = node.byte_range();
    if !node.is_missing()
        && node.child_count() == 0
        && text.get(range.clone()).unwrap_or("").trim().is_empty()
    {
        return None; // a line break or indentation token: layout, not structure
    }
    let mut children = Vec::new();
    let mut cursor = node.walk();
    if cursor.goto_first_child() {
        loop {
            if let Some(child) = convert(text, cursor.node(), cursor.field_name(), ids) {
                children.push(child);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    let kind = if node.is_missing() {
        format!("MISSING {}", node.kind())
    } else if node.is_error() {
        "ERROR".to_owned()
    } else {
        node.kind().to_owned()
    };
    Some(Node {
        id: ids.next(),
        kind,
        field: field.map(str::to_owned),
        named: node.is_named(),
        range,
        children,
    })
}

/// Writes `node` as nested kinds, leaving out the nodes in `dropped` and writing `HOLE` for
/// `hole`.
fn render(node: &Node, hole: Option<usize>, dropped: &[usize], out: &mut String) {
    if dropped.contains(&node.id) {
        return;
    }
    if let Some(field) = &node.field {
        let _ = write!(out, "{field}:");
    }
    if Some(node.id) == hole {
        out.push_str("HOLE ");
        return;
    }
    out.push_str(&node.kind);
    let mut children = String::new();
    for child in &node.children {
        render(child, hole, dropped, &mut children);
    }
    // A node whose children were all dropped reads as one that never had any.
    if children.is_empty() {
        out.push(' ');
    } else {
        let _ = write!(out, " ({children}) ");
    }
}

fn rendered(node: &Node, hole: Option<usize>, dropped: &[usize]) -> String {
    let mut out = String::new();
    render(node, hole, dropped, &mut out);
    out
}

/// The smallest node whose range holds `range`; of nested nodes with the same range, the
/// outermost (grammars wrap one value in a different number of single-child nodes depending
/// on what it is: PowerShell's precedence levels, C#'s `argument`).
fn deepest<'n>(mut node: &'n Node, range: &Range<usize>) -> &'n Node {
    let mut path = vec![node];
    'down: loop {
        for child in &node.children {
            if child.range.start <= range.start && range.end <= child.range.end {
                node = child;
                path.push(node);
                continue 'down;
            }
        }
        break;
    }
    path.into_iter()
        .find(|n| n.range == node.range)
        .unwrap_or(node)
}

/// The outermost non-empty nodes inside `range`.
fn inside<'n>(node: &'n Node, range: &Range<usize>, out: &mut Vec<&'n Node>) {
    if node.range.is_empty() || node.range.end <= range.start || node.range.start >= range.end {
        return;
    }
    if range.start <= node.range.start && node.range.end <= range.end {
        out.push(node);
        return;
    }
    for child in &node.children {
        inside(child, range, out);
    }
}

/// One edit, with the part of it that is not whitespace on either side.
#[derive(Clone, Debug)]
struct Region {
    /// The edited range before the fix.
    span: Range<usize>,
    /// Its non-whitespace part before the fix.
    old: Range<usize>,
    /// The new content's range after the fix, and its non-whitespace part.
    after: Range<usize>,
    new: Range<usize>,
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = (range.end - (slice.len() - slice.trim_end().len())).max(start);
    start..end
}

/// Applies `edits` (byte ranges of `before` and their new text) and describes each one.
fn apply(before: &str, edits: &[(Range<usize>, String)]) -> Result<(String, Vec<Region>), String> {
    let mut edits: Vec<&(Range<usize>, String)> = edits.iter().collect();
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let mut after = String::new();
    let mut regions = Vec::new();
    let mut at = 0;
    for (span, content) in edits {
        if span.start < at || span.end > before.len() {
            return Err(format!("edits overlap or fall outside the file: {span:?}"));
        }
        // What an edit writes back unchanged at its ends is no part of it (`<b />` →
        // `<b />` ⏎ `<c />` inserts `<c />`).
        let removed = before.get(span.clone()).ok_or("edit inside a character")?;
        let prefix = common_prefix(removed, content);
        let suffix = common_prefix_rev(&removed[prefix..], &content[prefix..]);
        let span = &(span.start + prefix..span.end - suffix);
        let content = &content[prefix..content.len() - suffix];
        after.push_str(
            before
                .get(at..span.start)
                .ok_or("edit inside a character")?,
        );
        let start = after.len();
        after.push_str(content);
        let old = trimmed(before, span.clone());
        let new = trimmed(&after, start..after.len());
        regions.push(Region {
            span: span.clone(),
            old,
            after: start..after.len(),
            new,
        });
        at = span.end;
    }
    after.push_str(&before[at..]);
    Ok((after, regions))
}

/// The length of the longest common prefix of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// The length of the longest common suffix of `a` and `b`, on a character boundary.
fn common_prefix_rev(a: &str, b: &str) -> usize {
    let mut length = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        length += x.len_utf8();
    }
    length
}

/// Where a position of the text before the fix is after it: at the start (or, for an end,
/// the end) of an edit's new content when it stands at the edit's edge.
fn map(position: usize, regions: &[Region], end: bool) -> usize {
    let mut delta: isize = 0;
    for region in regions {
        if !end && position == region.old.start {
            return region.new.start;
        }
        if end && position == region.old.end {
            return region.new.end;
        }
        if position >= region.span.end {
            delta += region.after.len() as isize - region.span.len() as isize;
        } else {
            break;
        }
    }
    position.wrapping_add_signed(delta)
}

/// Whether every non-whitespace byte of `range` in `text` lies in one of `nodes`.
fn covered(text: &str, range: &Range<usize>, nodes: &[&Node]) -> bool {
    text[range.clone()].char_indices().all(|(i, c)| {
        let at = range.start + i;
        c.is_whitespace() || nodes.iter().any(|n| n.range.contains(&at))
    })
}

/// Checks one fix's edits to one file. Returns the text after the fix.
/// What the compiler of C# or C/C++ parses for one choice of conditional branches: the lines
/// of `#if`/`#ifdef`/`#elif`/`#else`/`#endif` and of the branches not taken become blanks (of
/// the same length, so that offsets stay). tree-sitter reads a directive as a statement of its
/// own; the compiler never sees it, and a statement in a `#if` branch stands where the
/// directive stands: `if (x)` ⏎ `#if A` ⏎ `stmt;` ⏎ `#endif` has `stmt` as its body. `first`
/// takes the first branch of every conditional, otherwise the `#else` branch (or none).
pub fn preprocessed(text: &str, first: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // For each open conditional: whether its current branch is taken, and whether one was.
    let mut stack: Vec<(bool, bool)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let word = line
            .trim_start()
            .strip_prefix('#')
            .map(|rest| {
                rest.trim_start()
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase()
            })
            .unwrap_or_default();
        let directive = match word.as_str() {
            "if" | "ifdef" | "ifndef" => {
                stack.push((first, first));
                true
            }
            "elif" | "elifdef" | "elifndef" => {
                if let Some(top) = stack.last_mut() {
                    top.0 = false;
                }
                true
            }
            "else" => {
                if let Some(top) = stack.last_mut() {
                    top.0 = !top.1;
                    top.1 = true;
                }
                true
            }
            "endif" => {
                stack.pop();
                true
            }
            _ => false,
        };
        let active = stack.iter().all(|(taken, _)| *taken);
        if directive || !active {
            out.extend(
                line.chars()
                    .map(|c| if c == '\n' || c == '\r' { c } else { ' ' }),
            );
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Checks one fix's edits to one file; returns the text after the fix. C# and C/C++ are also
/// checked as the compiler sees them, with each choice of `#if` branches.
pub fn check(
    kind: FileKind,
    before: &str,
    edits: &[(Range<usize>, String)],
) -> Result<String, String> {
    let after = check_text(kind, before, edits)?;
    if matches!(kind, FileKind::CSharp | FileKind::Cpp) && before.contains('#') {
        let (_, regions) = apply(before, edits)?;
        for first in [true, false] {
            let (old, new) = (preprocessed(before, first), preprocessed(&after, first));
            // The same edits, writing what the preprocessed text after the fix holds there
            // (blanks where the branch is not taken).
            let edits: Vec<(Range<usize>, String)> = regions
                .iter()
                .map(|r| (r.span.clone(), new[r.after.clone()].to_owned()))
                .collect();
            // A choice of branches that does not parse (`do` ⏎ `#if A` ⏎ `stmt;` ⏎ `#endif` ⏎
            // `while (x);` without A) is no program: there is no behaviour to keep.
            if syntax(kind, &old)?.errors() > 0 {
                continue;
            }
            let which = if first { "first" } else { "`#else`" };
            if apply(&old, &edits)?.0 != new {
                return Err(format!(
                    "the fix changes which lines `#if` takes ({which} branches)"
                ));
            }
            check_text(kind, &old, &edits)
                .map_err(|e| format!("with the {which} branch of each `#if`: {e}"))?;
        }
    }
    Ok(after)
}

fn check_text(
    kind: FileKind,
    before: &str,
    edits: &[(Range<usize>, String)],
) -> Result<String, String> {
    let (after, regions) = apply(before, edits)?;
    let old = syntax(kind, before)?;
    let new = syntax(kind, &after)?;
    let context = || {
        let edits: Vec<String> = regions
            .iter()
            .map(|r| {
                format!(
                    "{:?} {:?} -> {:?}",
                    r.span,
                    &before[r.span.clone()],
                    &after[r.after.clone()]
                )
            })
            .collect();
        format!("edits {edits:?}\n--- before\n{before}\n--- after\n{after}")
    };
    if new.errors() > old.errors() {
        return Err(format!("the fix adds a syntax error\n{}", context()));
    }
    if kind == FileKind::RuntimeConfig {
        // JSON has no positions here: its whole shape (keys, nesting, array lengths) stays.
        return if old.kind == new.kind {
            Ok(after)
        } else {
            Err(format!("the JSON's shape changed\n{}", context()))
        };
    }
    if regions.iter().all(|r| r.old.is_empty() || r.new.is_empty()) {
        // Whole nodes go or come (a statement deleted, an element moved): without them, the
        // trees are the same.
        let deleted: Vec<Range<usize>> = regions.iter().map(|r| r.old.clone()).collect();
        let inserted: Vec<Range<usize>> = regions.iter().map(|r| r.new.clone()).collect();
        let whole = |tree: &Node, text: &str, ranges: &[Range<usize>]| -> Option<Vec<usize>> {
            let mut nodes = Vec::new();
            for range in ranges.iter().filter(|r| !r.is_empty()) {
                inside(tree, range, &mut nodes);
            }
            let whole = nodes.iter().all(|n| n.named)
                && ranges.iter().all(|range| covered(text, range, &nodes));
            whole.then(|| nodes.iter().map(|n| n.id).collect())
        };
        if let (Some(gone), Some(come)) = (
            whole(&old, before, &deleted),
            whole(&new, &after, &inserted),
        ) {
            let rest_before = rendered(&old, None, &gone);
            let rest_after = rendered(&new, None, &come);
            if rest_before != rest_after {
                return Err(format!(
                    "the tree around the deleted or inserted nodes changed:\n  before {rest_before}\n  after  {rest_after}\n{}",
                    context()
                ));
            }
            return Ok(after);
        }
    }
    // A replacement inside one node: everything else stays.
    let hull = regions.iter().map(|r| r.old.start).min().unwrap_or(0)
        ..regions.iter().map(|r| r.old.end).max().unwrap_or(0);
    let edited = deepest(&old, &hull);
    let mapped = map(edited.range.start, &regions, false)..map(edited.range.end, &regions, true);
    if mapped.is_empty() {
        return Err(format!(
            "the fix removes the edited node `{}` without removing whole statements\n{}",
            edited.kind,
            context()
        ));
    }
    let counterpart = deepest(&new, &mapped);
    if counterpart.range != mapped {
        return Err(format!(
            "after the fix the edited code ({:?}) is no longer one node (it is part of `{}` {:?})\n{}",
            mapped,
            counterpart.kind,
            counterpart.range,
            context()
        ));
    }
    let before_tree = rendered(&old, Some(edited.id), &[]);
    let after_tree = rendered(&new, Some(counterpart.id), &[]);
    if before_tree != after_tree {
        return Err(format!(
            "the tree outside the edited `{}` changed:\n  before {before_tree}\n  after  {after_tree}\n{}",
            edited.kind,
            context()
        ));
    }
    Ok(after)
}

/// A file a fix creates: it must parse without errors.
pub fn check_created(kind: FileKind, text: &str) -> Result<(), String> {
    let tree = syntax(kind, text)?;
    if tree.errors() > 0 {
        return Err(format!("the created file does not parse:\n{text}"));
    }
    Ok(())
}

/// A `.reg` file: sections and value names are structure, data is content.
fn registry(text: &str, ids: &mut Ids) -> Node {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let range = trimmed(text, at..at + line.len());
        at += line.len();
        let content = &text[range.clone()];
        if content.is_empty() {
            continue;
        }
        let (kind, children) = if content.starts_with('[') {
            (
                format!("section {}", content.to_ascii_lowercase()),
                Vec::new(),
            )
        } else if content.starts_with(';') {
            ("comment".to_owned(), Vec::new())
        } else if let Some(eq) = content.find('=') {
            // The value's name is part of the line's kind: a fix sets data, never renames.
            let name = content[..eq].trim().to_ascii_lowercase();
            let name_node = leaf(ids, "name", range.start..range.start + eq);
            let data = leaf(ids, "data", range.start + eq + 1..range.end);
            (format!("value {name}"), vec![name_node, data])
        } else {
            ("line".to_owned(), Vec::new())
        };
        lines.push(Node {
            id: ids.next(),
            kind,
            field: None,
            named: true,
            range,
            children,
        });
    }
    Node {
        id: ids.next(),
        kind: "reg".to_owned(),
        field: None,
        named: true,
        range: 0..text.len(),
        children: lines,
    }
}

/// A JSON document's shape: objects with their keys and arrays with their length; a value
/// that does not parse is an ERROR.
fn json(text: &str, ids: &mut Ids) -> Result<Node, String> {
    fn shape(value: &serde_json::Value, ids: &mut Ids, out: &mut Vec<Node>) {
        let mut children = Vec::new();
        let kind = match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    out.push(leaf(ids, &format!("key {key}"), 0..0));
                    shape(value, ids, &mut children);
                }
                "object"
            }
            serde_json::Value::Array(items) => {
                for item in items {
                    shape(item, ids, &mut children);
                }
                "array"
            }
            _ => "value",
        };
        out.push(Node {
            id: ids.next(),
            kind: kind.to_owned(),
            field: None,
            named: true,
            range: 0..0,
            children,
        });
    }
    let mut nodes = Vec::new();
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => shape(&value, ids, &mut nodes),
        Err(_) => nodes.push(leaf(ids, "ERROR", 0..0)),
    }
    // The shape has no positions: the whole document is the edited node's parent.
    let mut root = Node {
        id: ids.next(),
        kind: "json".to_owned(),
        field: None,
        named: true,
        range: 0..text.len(),
        children: Vec::new(),
    };
    root.kind = format!("json {}", rendered_all(&nodes));
    Ok(root)
}

fn rendered_all(nodes: &[Node]) -> String {
    nodes.iter().map(|n| rendered(n, None, &[])).collect()
}

/// VB.NET's block structure, read independently of tlslint's VB analyser: logical lines (with
/// explicit `_` and implicit continuations), statements split at `:`, blocks opened and closed
/// by their keywords, sections (`Else`, `Case`, `Catch`, `#Else`), and single-line `If … Then
/// … Else …` with the statements of each part.
pub mod vb {
    use super::{Ids, Node};
    use std::ops::Range;

    #[derive(Clone, Debug)]
    struct Token {
        text: String,
        range: Range<usize>,
        line_end: bool,
    }

    fn tokens(text: &str) -> Vec<Token> {
        let bytes = text.as_bytes();
        let mut out: Vec<Token> = Vec::new();
        let mut i = 0;
        let mut line_start = true;
        while i < bytes.len() {
            let c = bytes[i];
            if c == b'\n' {
                out.push(Token {
                    text: "\n".into(),
                    range: i..i + 1,
                    line_end: true,
                });
                line_start = true;
                i += 1;
                continue;
            }
            if c == b' ' || c == b'\t' || c == b'\r' {
                i += 1;
                continue;
            }
            let start = i;
            if c == b'\'' {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            if c == b'#' && line_start {
                // A directive: its name is the token, the rest of the line its argument.
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphabetic()) {
                    i += 1;
                }
                out.push(Token {
                    text: text[start..i].to_ascii_lowercase(),
                    range: start..i,
                    line_end: false,
                });
                line_start = false;
                continue;
            }
            line_start = false;
            if c == b'"' {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\n' {
                    if bytes[i] == b'"' {
                        if bytes.get(i + 1) == Some(&b'"') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                if bytes.get(i) == Some(&b'c') || bytes.get(i) == Some(&b'C') {
                    i += 1;
                }
            } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                if &text[start..i] == "_" {
                    // An explicit continuation: the line break after it joins the lines.
                    let rest = &text[i..];
                    let eol = rest.find('\n').map_or(rest.len(), |n| n + 1);
                    if rest[..eol].trim().is_empty() || rest[..eol].trim_start().starts_with('\'') {
                        i += eol;
                        continue;
                    }
                }
                if text[start..i].eq_ignore_ascii_case("rem") {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
            } else if c == b'&'
                && matches!(
                    bytes.get(i + 1),
                    Some(b'H' | b'h' | b'O' | b'o' | b'B' | b'b')
                )
            {
                i += 2;
                while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
            } else if text[i..].starts_with(":=")
                || text[i..].starts_with("<>")
                || text[i..].starts_with("<=")
                || text[i..].starts_with(">=")
            {
                i += 2;
            } else {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
            out.push(Token {
                text: text[start..i].to_ascii_lowercase(),
                range: start..i,
                line_end: false,
            });
        }
        out
    }

    /// Tokens after which a line break continues the statement (VB 10's implicit
    /// continuation), and tokens before which it does.
    const CONTINUES_AFTER: [&str; 22] = [
        ",", "(", "{", "=", "&", "+", "-", "*", "/", "\\", "^", "<", ">", "<=", ">=", "<>", ":=",
        "or", "and", "orelse", "andalso", "xor",
    ];
    const CONTINUES_BEFORE: [&str; 2] = [")", "}"];

    /// Logical lines: tokens without line breaks.
    fn lines(tokens: Vec<Token>) -> Vec<Vec<Token>> {
        let mut lines = Vec::new();
        let mut current: Vec<Token> = Vec::new();
        let mut iter = tokens.into_iter().peekable();
        while let Some(token) = iter.next() {
            if token.line_end {
                let after = current
                    .last()
                    .is_some_and(|t| CONTINUES_AFTER.contains(&t.text.as_str()))
                    && !current.first().is_some_and(|t| t.text.starts_with('#'));
                let before = iter
                    .peek()
                    .is_some_and(|t| CONTINUES_BEFORE.contains(&t.text.as_str()));
                if !(after || before || current.is_empty()) {
                    lines.push(std::mem::take(&mut current));
                }
                continue;
            }
            current.push(token);
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }

    const MODIFIERS: [&str; 22] = [
        "public",
        "private",
        "protected",
        "friend",
        "shared",
        "shadows",
        "overrides",
        "overridable",
        "notoverridable",
        "overloads",
        "readonly",
        "writeonly",
        "static",
        "partial",
        "async",
        "iterator",
        "default",
        "widening",
        "narrowing",
        "mustinherit",
        "notinheritable",
        "custom",
    ];

    const CLOSES: [&str; 22] = [
        "if",
        "sub",
        "function",
        "property",
        "get",
        "set",
        "class",
        "module",
        "structure",
        "namespace",
        "enum",
        "interface",
        "using",
        "synclock",
        "with",
        "select",
        "try",
        "while",
        "operator",
        "event",
        "addhandler",
        "removehandler",
    ];

    fn node(
        ids: &mut Ids,
        kind: &str,
        named: bool,
        range: Range<usize>,
        children: Vec<Node>,
    ) -> Node {
        Node {
            id: ids.next(),
            kind: kind.to_owned(),
            field: None,
            named,
            range,
            children,
        }
    }

    fn span_of(tokens: &[Token]) -> Range<usize> {
        match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => a.range.start..b.range.end,
            _ => 0..0,
        }
    }

    fn token_nodes(ids: &mut Ids, tokens: &[Token]) -> Vec<Node> {
        tokens
            .iter()
            .map(|t| super::leaf(ids, &format!("`{}`", t.text), t.range.clone()))
            .collect()
    }

    /// Splits at top-level `:` (not `:=`).
    fn split_colons(tokens: &[Token]) -> Vec<&[Token]> {
        let mut parts = Vec::new();
        let mut start = 0;
        let mut depth = 0i32;
        for (i, t) in tokens.iter().enumerate() {
            match t.text.as_str() {
                "(" | "{" => depth += 1,
                ")" | "}" => depth -= 1,
                ":" if depth == 0 => {
                    parts.push(&tokens[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&tokens[start..]);
        parts.into_iter().filter(|p| !p.is_empty()).collect()
    }

    /// A statement that is not a block: a single-line `If` keeps its parts' statements.
    fn simple(ids: &mut Ids, tokens: &[Token]) -> Node {
        if tokens.first().is_some_and(|t| t.text == "if")
            && let Some(then) = tokens.iter().position(|t| t.text == "then")
            && then + 1 < tokens.len()
        {
            let rest = &tokens[then + 1..];
            let mut depth = 0i32;
            let mut split = None;
            let mut nested_ifs = 0;
            for (i, t) in rest.iter().enumerate() {
                match t.text.as_str() {
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    "if" if depth == 0 => nested_ifs += 1,
                    "else" if depth == 0 => {
                        if nested_ifs == 0 {
                            split = Some(i);
                            break;
                        }
                        nested_ifs -= 1;
                    }
                    _ => {}
                }
            }
            let (then_part, else_part) = match split {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            let mut children = token_nodes(ids, &tokens[..=then]);
            let statements: Vec<Node> = split_colons(then_part)
                .into_iter()
                .map(|s| simple(ids, s))
                .collect();
            children.push(node(ids, "then", false, span_of(then_part), statements));
            if let Some(part) = else_part {
                let statements: Vec<Node> = split_colons(part)
                    .into_iter()
                    .map(|s| simple(ids, s))
                    .collect();
                children.push(node(ids, "else", false, span_of(part), statements));
            }
            return node(ids, "if-line", true, span_of(tokens), children);
        }
        let children = token_nodes(ids, tokens);
        node(ids, "statement", true, span_of(tokens), children)
    }

    /// An open block: its kind, its first token's start, and its sections so far.
    struct Open {
        kind: String,
        start: usize,
        sections: Vec<Node>,
        current: Vec<Node>,
        section_start: usize,
        section_kind: String,
    }

    /// What a statement does to the block structure.
    enum Role {
        Opens(String),
        Section(String),
        Closes,
        Plain,
    }

    fn role(tokens: &[Token], next: Option<&[Token]>, stack: &[Open]) -> Role {
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| t.text.as_str())
            .skip_while(|w| MODIFIERS.contains(w) || *w == "<")
            .collect();
        let Some(&first) = words.first() else {
            return Role::Plain;
        };
        let second = words.get(1).copied().unwrap_or("");
        let top = stack.last().map_or("", |o| o.kind.as_str());
        let all: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        match first {
            "#if" => Role::Opens("#if".into()),
            "#elseif" | "#else" if top == "#if" => Role::Section(first.into()),
            "#end" if second == "if" && top == "#if" => Role::Closes,
            "end" if CLOSES.contains(&second) && !stack.is_empty() => Role::Closes,
            "next" | "loop" | "wend" if !stack.is_empty() => Role::Closes,
            "if" if all.last() == Some(&"then") => Role::Opens("if".into()),
            "elseif" | "else" if top == "if" => Role::Section(first.into()),
            "case" if top == "select" => Role::Section("case".into()),
            "catch" | "finally" if top == "try" => Role::Section(first.into()),
            "select" => Role::Opens("select".into()),
            "for" | "while" | "do" | "using" | "synclock" | "with" | "try" | "namespace"
            | "class" | "module" | "structure" | "interface" | "enum" => Role::Opens(first.into()),
            "sub" | "function" | "operator"
                if top != "interface"
                    && !all.contains(&"mustoverride")
                    && !all.contains(&"declare") =>
            {
                Role::Opens(first.into())
            }
            "property" => {
                let accessor = next.is_some_and(|n| {
                    n.iter()
                        .map(|t| t.text.as_str())
                        .find(|w| !MODIFIERS.contains(w))
                        .is_some_and(|w| w == "get" || w == "set")
                });
                if accessor {
                    Role::Opens("property".into())
                } else {
                    Role::Plain
                }
            }
            "get" | "set" if top == "property" => Role::Opens(first.into()),
            _ => {
                // A multi-line lambda: the statement ends with `Sub(…)` or `Function(…)`.
                let lambda = all.last() == Some(&")")
                    && all.iter().rposition(|w| *w == "(").is_some_and(|open| {
                        open > 1 && matches!(all[open - 1], "sub" | "function")
                    });
                if lambda {
                    Role::Opens("lambda".into())
                } else {
                    Role::Plain
                }
            }
        }
    }

    fn close_section(ids: &mut Ids, open: &mut Open, end: usize) {
        let children = std::mem::take(&mut open.current);
        let range = open.section_start..end.max(open.section_start);
        let kind = format!("section {}", open.section_kind);
        open.sections.push(node(ids, &kind, false, range, children));
    }

    pub fn parse(text: &str, ids: &mut Ids) -> Node {
        let lines = lines(tokens(text));
        let mut statements: Vec<&[Token]> = Vec::new();
        for line in &lines {
            let single_if = line.first().is_some_and(|t| t.text == "if")
                && line
                    .iter()
                    .position(|t| t.text == "then")
                    .is_some_and(|then| then + 1 < line.len());
            if single_if || line.first().is_some_and(|t| t.text.starts_with('#')) {
                statements.push(line);
            } else {
                statements.extend(split_colons(line));
            }
        }
        let mut root: Vec<Node> = Vec::new();
        let mut stack: Vec<Open> = Vec::new();
        for (i, tokens) in statements.iter().enumerate() {
            let span = span_of(tokens);
            let next = statements.get(i + 1).copied();
            match role(tokens, next, &stack) {
                Role::Opens(kind) => {
                    let header = simple(ids, tokens);
                    stack.push(Open {
                        kind: kind.clone(),
                        start: span.start,
                        sections: vec![header],
                        current: Vec::new(),
                        section_start: span.end,
                        section_kind: kind,
                    });
                }
                Role::Section(kind) => {
                    if let Some(open) = stack.last_mut() {
                        close_section(ids, open, span.start);
                        let header = simple(ids, tokens);
                        open.sections.push(header);
                        open.section_start = span.end;
                        open.section_kind = kind;
                    }
                }
                Role::Closes => {
                    if let Some(mut open) = stack.pop() {
                        close_section(ids, &mut open, span.start);
                        let closer = simple(ids, tokens);
                        open.sections.push(closer);
                        let block = node(
                            ids,
                            &format!("block {}", open.kind),
                            true,
                            open.start..span.end,
                            open.sections,
                        );
                        match stack.last_mut() {
                            Some(parent) => parent.current.push(block),
                            None => root.push(block),
                        }
                    }
                }
                Role::Plain => {
                    let statement = simple(ids, tokens);
                    match stack.last_mut() {
                        Some(parent) => parent.current.push(statement),
                        None => root.push(statement),
                    }
                }
            }
        }
        // Blocks left open are errors.
        while let Some(mut open) = stack.pop() {
            close_section(ids, &mut open, text.len());
            open.sections
                .push(super::leaf(ids, "MISSING end", text.len()..text.len()));
            let block = node(
                ids,
                &format!("block {}", open.kind),
                true,
                open.start..text.len(),
                open.sections,
            );
            match stack.last_mut() {
                Some(parent) => parent.current.push(block),
                None => root.push(block),
            }
        }
        node(ids, "file", true, 0..text.len(), root)
    }
}

/// The tree, written out (for failure messages and debugging).
pub fn debug(node: &Node) -> String {
    rendered(node, None, &[])
}
