//! Skipping the bodies that cannot matter when a C# file is parsed.
//!
//! A file that mentions a protocol type usually does so in one or two members; the rest of it
//! (often hundreds of kilobytes in a TLS library or the framework itself) costs parse time and
//! can hold nothing for the rules: every value, sink and switch the analysis reads is spelled
//! with one of the prefilter's tokens (or an alias of one), and what it folds across members
//! (constants, aliases) lives outside method bodies. So the insides of method and accessor
//! bodies that hold none of those tokens are left out of the parse with tree-sitter's included
//! ranges: the parser reads `void M() {}` for them, and every node keeps its offset, row and
//! column in the full text, so findings and fixes are the same as from a full parse.
//!
//! Only bodies directly inside a type are skipped, never a block inside a body that is kept: a
//! local written in an `if` and read by a sink below must stay visible. A whole type or
//! namespace body is skipped when it holds none of the names and declares no constant (`const`,
//! `static readonly`: kept code may read those by name); generated files of hundreds of
//! classes, one of which matters, are mostly that. Runs of comments are left out too, wherever
//! they stand between whitespace: a documented library's declarations are half doc comments. Braces are paired as
//! tree-sitter pairs them, with every branch of a conditional directive (`#if`) read as code;
//! a body is skipped only when the directive groups it holds begin and end inside it, since
//! tree-sitter reads a group as one node. Anything the small lexer below cannot follow (an
//! unterminated comment or string, unbalanced braces) skips nothing; the caller checks the
//! skeleton parse for errors next to skipped bodies.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::is_ident_byte;

/// Bodies shorter than this are not worth an edit.
const MIN_BODY: usize = 64;

/// What a `{` opens, as far as blanking is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// The file or a namespace: holds types.
    Namespace,
    /// A class, struct, interface, record or enum: holds members.
    Type,
    /// A property, indexer or event: holds accessors.
    Accessors,
    /// The body of a method, constructor, operator or accessor directly inside a type: the
    /// unit that is blanked.
    Body,
    /// Anything else (statement blocks, initializers, lambdas, switch expressions).
    Other,
}

/// What was seen since the last `;`, `{` or `}` at the current level: enough to tell what a
/// `{` opens.
#[derive(Default)]
struct Header {
    /// `class`, `struct`, `interface`, `enum`, `record` or `namespace` (before any `where`).
    type_keyword: Option<bool>,
    /// `where`: a generic method's constraints, when no type keyword came first.
    where_clause: bool,
    last: Last,
}

#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Last {
    #[default]
    Nothing,
    CloseParen,
    CloseBracket,
    Word,
    /// `get`, `set`, `init`, `add` or `remove`.
    Accessor,
    Other,
}

impl Header {
    fn opens(&self, parent: Block) -> Block {
        match parent {
            Block::Namespace => match self.type_keyword {
                Some(true) => Block::Namespace,
                Some(false) => Block::Type,
                None => Block::Other,
            },
            Block::Type => match self.type_keyword {
                Some(_) => Block::Type,
                None if self.last == Last::CloseParen || self.where_clause => Block::Body,
                None if matches!(self.last, Last::Word | Last::CloseBracket) => Block::Accessors,
                None => Block::Other,
            },
            Block::Accessors if self.last == Last::Accessor => Block::Body,
            _ => Block::Other,
        }
    }
}

/// The names whose presence keeps a body: the prefilter's tokens, the names of using aliases
/// of the known types (of this file and `global_names` of others), and the bare member names
/// when a protocol type is imported with `using static`.
pub fn keep_names(text: &str, tokens: &[&str], global_names: &[&str]) -> Vec<String> {
    static USING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\busing\s+(static\s+)?(?:@?([A-Za-z_][A-Za-z0-9_]*)\s*=)?([^;]*);")
            .expect("static pattern compiles")
    });
    let mut names: Vec<String> = tokens
        .iter()
        .chain(global_names)
        .map(|s| (*s).to_owned())
        .collect();
    for found in USING.captures_iter(text) {
        let target = found.get(3).map_or("", |m| m.as_str());
        // Only an alias of a type the analysis knows stands for one in code (`P.Tls`); other
        // aliases (`using AuthenticationException = MailKit.Security.AuthenticationException;`)
        // would keep every body that uses them. A namespace alias is followed by the type's
        // own name (`Net.SecurityProtocolType`), which is kept anyway.
        if let Some(alias) = found.get(2)
            && ALIASED_TYPES.iter().any(|name| target.contains(name))
        {
            names.push(alias.as_str().to_owned());
        }
        if found.get(1).is_some()
            && (target.contains("SecurityProtocolType") || target.contains("SslProtocols"))
        {
            names.extend(BARE.iter().map(|s| (*s).to_owned()));
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The skipped bodies (indexes into `quiet`) that an error of a parse without them may have
/// come from.
///
/// A body read as `{}` parses wherever the lexer was right about it, so an error it caused sits
/// at its braces or right after them: the braces left unmatched, or the rest of a body that the
/// lexer thought had ended. What is looked at is where the parser gave up, not the ERROR nodes'
/// extent: a conditional directive that tree-sitter cannot follow (`}` `#if` `else if …`)
/// often turns the whole file into one ERROR node around members that parsed, and skipped
/// bodies inside those are not to blame. The evidence is the MISSING nodes, the tokens an ERROR
/// node holds directly (rather than inside a node that parsed; comments are no evidence), and
/// empty ERROR nodes.
pub fn bodies_near_errors(
    text: &str,
    tree: &tree_sitter::Tree,
    quiet: &[Range<usize>],
) -> Vec<usize> {
    let mut evidence = Vec::new();
    for error in crate::lang::tree::error_nodes(tree.root_node()) {
        if error.is_missing() || error.child_count() == 0 {
            evidence.push(error.byte_range());
            continue;
        }
        let mut cursor = error.walk();
        evidence.extend(
            error
                .children(&mut cursor)
                .filter(|child| child.child_count() == 0 && !child.is_extra())
                .map(|child| child.byte_range()),
        );
    }
    let blank = |range: Range<usize>| text.get(range).is_some_and(|t| t.trim().is_empty());
    let mut near = Vec::new();
    for at in evidence {
        // The first body whose closing brace is at or after the evidence, and the one before.
        let next = quiet.partition_point(|body| body.end < at.start);
        if quiet
            .get(next)
            .is_some_and(|body| body.start.saturating_sub(1) < at.end.max(at.start + 1))
        {
            near.push(next);
        }
        if let Some(previous) = next.checked_sub(1)
            && quiet
                .get(previous)
                .is_some_and(|body| blank(body.end + 1..at.start))
        {
            near.push(previous);
        }
    }
    near.sort_unstable();
    near.dedup();
    near
}

/// The names of the types the analysis resolves (`names::KNOWN_TYPES`), as an alias's target
/// spells them.
const ALIASED_TYPES: [&str; 4] = [
    "SecurityProtocolType",
    "SslProtocols",
    "ServicePointManager",
    "AppContext",
];

/// Substrings of every bare member name a `using static` import makes available.
pub const BARE: [&str; 3] = ["Tls", "Ssl", "SystemDefault"];

/// The insides of the bodies, types and namespaces that hold none of `keep` (types and
/// namespaces no constant either), in the order they end: nested ones too, see [`outermost`].
/// `None` when there are none (or the lexer lost its way).
pub fn quiet_blocks(text: &str, keep: &[String]) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let blocks = Lexer::new(bytes).blocks()?;
    // Types and namespaces nest, so the text is searched once and each block looks up what
    // lies inside it: searching each block's inside would read deeply nested text once per
    // level. (The names are identifiers, and no match can span a brace.)
    let keep = aho_corasick::AhoCorasick::new(keep).ok()?;
    let names: Vec<usize> = keep.find_iter(bytes).map(|m| m.start()).collect();
    let constants = constant_words(bytes);
    let holds = |at: &[usize], range: &Range<usize>| {
        at.get(at.partition_point(|&p| p < range.start))
            .is_some_and(|&p| p < range.end)
    };
    let quiet: Vec<Range<usize>> = blocks
        .into_iter()
        .filter(|block| {
            let inside = &block.inside;
            block.whole_groups
                && inside.len() >= MIN_BODY
                && match block.kind {
                    Skip::Body => !holds(&names, inside),
                    Skip::Members => !holds(&constants, inside) && !holds(&names, inside),
                    Skip::Comments => true,
                }
        })
        .map(|block| block.inside)
        .collect();
    (!quiet.is_empty()).then_some(quiet)
}

/// The blocks of `quiet` not inside another, as many of them as are worth skipping (largest
/// first), sorted by position.
pub fn outermost(quiet: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut sorted = quiet.to_vec();
    sorted.sort_by_key(|block| (block.start, std::cmp::Reverse(block.end)));
    let mut outer: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for block in sorted {
        if outer.last().is_none_or(|last| block.start >= last.end) {
            outer.push(block);
        }
    }
    let worth = worth_skipping(&mut outer, len);
    outer.truncate(worth);
    outer.sort_by_key(|block| block.start);
    outer
}

/// Where the words `const` and `readonly` stand, in order: a type or namespace holding one may
/// declare a constant the evaluator folds (a superset: comments and strings count too).
fn constant_words(bytes: &[u8]) -> Vec<usize> {
    let mut at: Vec<usize> = ["const", "readonly"]
        .iter()
        .flat_map(|word| {
            memchr::memmem::find_iter(bytes, word.as_bytes()).filter(move |&at| {
                let before = at.checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(at + word.len()).copied();
                !before.is_some_and(is_ident_byte) && !after.is_some_and(is_ident_byte)
            })
        })
        .collect();
    at.sort_unstable();
    at
}

/// Tree-sitter's lexer looks up its position in the list of included ranges from the start
/// each time it moves, so every range costs a little for every token kept: a file of 50,000
/// small methods skipped one by one parses slower than whole. With parse time proportional to
/// the bytes kept, and that lookup adding about 1/[`RANGE_COST`] of it per range, the cost of
/// skipping the `n` largest bodies is `kept(n) * (RANGE_COST + n)`. Sorts `quiet` largest
/// first and returns the `n` that costs least (0: parse the whole file).
fn worth_skipping(quiet: &mut [Range<usize>], len: usize) -> usize {
    quiet.sort_by_key(|body| std::cmp::Reverse(body.len()));
    let mut kept = len;
    let mut best = (len.saturating_mul(RANGE_COST), 0);
    for (n, body) in quiet.iter().enumerate() {
        kept -= body.len();
        let cost = kept.saturating_mul(RANGE_COST + n + 1);
        if cost < best.0 {
            best = (cost, n + 1);
        }
    }
    best.1
}

/// Measured on tree-sitter-c-sharp 0.23: parsing costs about 500 ns per byte, the range lookup
/// about 0.1 ns per kept byte and range; rounded down, so that fewer ranges are preferred.
const RANGE_COST: usize = 2000;

/// The parts of `text` between the `excluded` ranges (sorted, disjoint), as tree-sitter
/// ranges with their rows and columns.
pub fn included_ranges(text: &str, excluded: &[Range<usize>]) -> Vec<tree_sitter::Range> {
    let mut lines = LineIndex {
        bytes: text.as_bytes(),
        at: 0,
        row: 0,
        line_start: 0,
    };
    let mut out = Vec::with_capacity(excluded.len() + 1);
    let mut start = 0;
    for gap in excluded
        .iter()
        .chain(std::iter::once(&(text.len()..text.len())))
    {
        let start_point = lines.point_at(start);
        let end_point = lines.point_at(gap.start);
        out.push(tree_sitter::Range {
            start_byte: start,
            end_byte: gap.start,
            start_point,
            end_point,
        });
        start = gap.end;
    }
    out
}

/// Rows and byte columns of increasing offsets, found in one pass.
struct LineIndex<'a> {
    bytes: &'a [u8],
    /// Offsets below this have been scanned.
    at: usize,
    row: usize,
    line_start: usize,
}

impl LineIndex<'_> {
    fn point_at(&mut self, offset: usize) -> tree_sitter::Point {
        for newline in memchr::memchr_iter(b'\n', &self.bytes[self.at..offset]) {
            self.row += 1;
            self.line_start = self.at + newline + 1;
        }
        self.at = offset;
        tree_sitter::Point::new(self.row, offset - self.line_start)
    }
}

struct Lexer<'a> {
    bytes: &'a [u8],
    i: usize,
}

/// A block being lexed: what it is, where its inside starts, and how many directive groups
/// were open when it began. `lowest` is the lowest group depth at which an `#elif`, `#else` or
/// `#endif` was met inside it so far: at or below its own depth, a group begun outside the
/// block has a branch or its end inside it, and the block does not hold whole groups. (Kept
/// per block and handed to the parent when the block ends, so a directive costs the same
/// however deep the braces are.)
struct Open {
    block: Block,
    start: usize,
    groups: usize,
    lowest: usize,
}

/// Text that may be skipped: its extent, whether it holds only whole directive groups, and
/// what it is.
struct Skippable {
    inside: Range<usize>,
    whole_groups: bool,
    kind: Skip,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Skip {
    /// The inside of a method or accessor body: statements.
    Body,
    /// The inside of a type or namespace: members, which may declare constants.
    Members,
    /// A run of comments between whitespace: nothing to the parser but tokens to lex (doc
    /// comments are a third of a well-documented library's declarations).
    Comments,
}

/// What a directive line (`line`, after its `#`) does to the directive groups: `#if` begins
/// one, `#endif` ends the innermost, `#elif` and `#else` end a branch of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Directive {
    If,
    Branch,
    EndIf,
    Other,
}

fn directive(line: &[u8]) -> Directive {
    let line = line.trim_ascii_start();
    let word_end = line
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(line.len());
    match &line[..word_end] {
        b"if" => Directive::If,
        b"elif" | b"else" => Directive::Branch,
        b"endif" => Directive::EndIf,
        _ => Directive::Other,
    }
}

impl<'a> Lexer<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lexer { bytes, i: 0 }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.i + ahead).copied()
    }

    /// The bodies directly inside types, and the braced types and namespaces, in the order
    /// they end. `None` when the braces do not pair up.
    fn blocks(mut self) -> Option<Vec<Skippable>> {
        let mut stack: Vec<Open> = Vec::new();
        // Directive groups open here (`#if` seen, `#endif` not yet).
        let mut groups = 0;
        let mut header = Header::default();
        let mut blocks = Vec::new();
        let mut comments: Vec<Range<usize>> = Vec::new();
        let mut line_start = true;
        while let Some(b) = self.peek(0) {
            if b == b'\n' {
                line_start = true;
                self.i += 1;
                continue;
            }
            if b.is_ascii_whitespace() {
                self.i += 1;
                continue;
            }
            if b == b'#' && line_start {
                // A directive is a line of its own.
                let line_start_at = self.i + 1;
                self.skip_line();
                let found = directive(&self.bytes[line_start_at..self.i]);
                // `#elif`, `#else` and `#endif` belong to the innermost group: a block begun
                // inside that group holds only part of it.
                if matches!(found, Directive::Branch | Directive::EndIf)
                    && let Some(open) = stack.last_mut()
                {
                    open.lowest = open.lowest.min(groups);
                }
                groups = match found {
                    Directive::If => groups + 1,
                    Directive::EndIf => groups.saturating_sub(1),
                    Directive::Branch | Directive::Other => groups,
                };
                continue;
            }
            line_start = false;
            match b {
                b'/' if matches!(self.peek(1), Some(b'/' | b'*')) => {
                    let start = self.i;
                    if self.peek(1) == Some(b'/') {
                        self.skip_line();
                    } else {
                        self.skip_block_comment()?;
                    }
                    // Consecutive comments make one run.
                    match comments.last_mut() {
                        Some(run) if self.bytes[run.end..start].trim_ascii().is_empty() => {
                            run.end = self.i
                        }
                        _ => comments.push(start..self.i),
                    }
                }
                b'"' | b'\'' | b'$' | b'@' if self.at_literal() => {
                    self.skip_literal()?;
                    header.last = Last::Other;
                }
                b'@' => self.i += 1, // a verbatim identifier follows: not a keyword
                _ if is_ident_byte(b) => {
                    let verbatim = self.i > 0 && self.bytes[self.i - 1] == b'@';
                    let start = self.i;
                    while self.peek(0).is_some_and(is_ident_byte) {
                        self.i += 1;
                    }
                    let word = &self.bytes[start..self.i];
                    header.last = Last::Word;
                    if verbatim {
                        continue;
                    }
                    match word {
                        b"namespace" if header.type_keyword.is_none() => {
                            header.type_keyword = Some(true)
                        }
                        b"class" | b"struct" | b"interface" | b"enum"
                            if header.type_keyword.is_none() && !header.where_clause =>
                        {
                            header.type_keyword = Some(false)
                        }
                        // `record Name` (not a method or variable called `record`).
                        b"record"
                            if header.type_keyword.is_none()
                                && !header.where_clause
                                && self.next_is_word() =>
                        {
                            header.type_keyword = Some(false)
                        }
                        b"where" if header.type_keyword.is_none() => header.where_clause = true,
                        b"get" | b"set" | b"init" | b"add" | b"remove" => {
                            header.last = Last::Accessor
                        }
                        _ => {}
                    }
                }
                b'{' => {
                    let parent = stack.last().map_or(Block::Namespace, |open| open.block);
                    let block = header.opens(parent);
                    stack.push(Open {
                        block,
                        start: self.i + 1,
                        groups,
                        lowest: usize::MAX,
                    });
                    header = Header::default();
                    self.i += 1;
                }
                b'}' => {
                    let open = stack.pop()?;
                    if let Some(parent) = stack.last_mut() {
                        parent.lowest = parent.lowest.min(open.lowest);
                    }
                    let kind = match open.block {
                        Block::Body => Some(Skip::Body),
                        Block::Type | Block::Namespace => Some(Skip::Members),
                        Block::Accessors | Block::Other => None,
                    };
                    if let Some(kind) = kind {
                        blocks.push(Skippable {
                            inside: open.start..self.i,
                            whole_groups: open.lowest > open.groups && open.groups == groups,
                            kind,
                        });
                    }
                    header = Header::default();
                    self.i += 1;
                }
                b';' => {
                    header = Header::default();
                    self.i += 1;
                }
                b')' => {
                    header.last = Last::CloseParen;
                    self.i += 1;
                }
                b']' => {
                    header.last = Last::CloseBracket;
                    self.i += 1;
                }
                _ => {
                    header.last = Last::Other;
                    self.i += 1;
                }
            }
        }
        if !stack.is_empty() {
            return None;
        }
        // A run is left out only between whitespace: the parser joins what is on either side
        // of a gap, and `a/* */b` must not become `ab`.
        let spaced = |at: Option<&u8>| at.is_none_or(u8::is_ascii_whitespace);
        blocks.extend(
            comments
                .into_iter()
                .filter(|run| {
                    spaced(run.start.checked_sub(1).and_then(|i| self.bytes.get(i)))
                        && spaced(self.bytes.get(run.end))
                })
                .map(|run| Skippable {
                    inside: run,
                    whole_groups: true,
                    kind: Skip::Comments,
                }),
        );
        Some(blocks)
    }

    fn next_is_word(&self) -> bool {
        let rest = &self.bytes[self.i..];
        let skipped = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        skipped > 0 && rest.get(skipped).is_some_and(|&b| is_ident_byte(b))
    }

    fn skip_line(&mut self) {
        self.i =
            memchr::memchr(b'\n', &self.bytes[self.i..]).map_or(self.bytes.len(), |n| self.i + n);
    }

    fn skip_block_comment(&mut self) -> Option<()> {
        let end = memchr::memmem::find(&self.bytes[self.i + 2..], b"*/")?;
        self.i += 2 + end + 2;
        Some(())
    }

    /// Whether a character or string literal starts here (`'`, `"`, and `"` behind any run of
    /// `$` and `@`).
    fn at_literal(&self) -> bool {
        let rest = &self.bytes[self.i..];
        let prefix = rest
            .iter()
            .position(|&b| b != b'$' && b != b'@')
            .unwrap_or(rest.len());
        match rest.get(prefix) {
            Some(b'"') => true,
            Some(b'\'') => prefix == 0,
            _ => false,
        }
    }

    /// Skips a character or string literal of any kind; `None` if it does not end.
    fn skip_literal(&mut self) -> Option<()> {
        if self.peek(0) == Some(b'\'') {
            return self.skip_char();
        }
        let mut dollars = 0;
        let mut verbatim = false;
        while let Some(b) = self.peek(0) {
            match b {
                b'$' => dollars += 1,
                b'@' => verbatim = true,
                _ => break,
            }
            self.i += 1;
        }
        let quotes = self.bytes[self.i..]
            .iter()
            .take_while(|&&b| b == b'"')
            .count();
        if quotes >= 3 && !verbatim {
            // A raw string literal ends at the same number of quotes; its interpolation holes
            // cannot hold such a run, so it is skipped whole.
            let run = &self.bytes[self.i..self.i + quotes];
            let end = memchr::memmem::find(&self.bytes[self.i + quotes..], run)?;
            self.i += quotes + end + quotes;
            return Some(());
        }
        self.i += 1; // the opening quote
        loop {
            let b = self.peek(0)?;
            match b {
                b'\\' if !verbatim => self.i += 2,
                b'"' if verbatim && self.peek(1) == Some(b'"') => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(());
                }
                b'\n' if !verbatim => return None,
                b'{' if dollars > 0 && self.peek(1) == Some(b'{') => self.i += 2,
                b'{' if dollars > 0 => {
                    self.i += 1;
                    self.skip_hole()?;
                }
                _ => self.i += 1,
            }
        }
    }

    /// Skips the code of an interpolation hole up to and including its `}`.
    fn skip_hole(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            let b = self.peek(0)?;
            match b {
                b'"' | b'\'' | b'$' | b'@' if self.at_literal() => self.skip_literal()?,
                b'/' if self.peek(1) == Some(b'*') => self.skip_block_comment()?,
                b'{' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' => {
                    self.i += 1;
                    if depth == 0 {
                        return Some(());
                    }
                    depth -= 1;
                }
                _ => self.i += 1,
            }
        }
    }

    fn skip_char(&mut self) -> Option<()> {
        self.i += 1;
        loop {
            match self.peek(0)? {
                b'\\' => self.i += 2,
                b'\'' => {
                    self.i += 1;
                    return Some(());
                }
                b'\n' => return None,
                _ => self.i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text with the quiet bodies blanked (what the parser sees, as it skips them).
    fn blank(text: &str) -> String {
        let keep = keep_names(text, &["SecurityProtocol", "SslProtocols"], &[]);
        let mut out = text.as_bytes().to_vec();
        let quiet = quiet_blocks(text, &keep).unwrap_or_default();
        for body in outermost(&quiet, text.len()) {
            for b in &mut out[body] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn many_small_bodies_are_not_worth_their_ranges() {
        // 50,000 bodies of 70 bytes in 4.5 MB: skipping them costs more than it saves.
        let mut small: Vec<Range<usize>> = (0..50_000).map(|i| i * 90..i * 90 + 70).collect();
        assert_eq!(worth_skipping(&mut small, 4_500_000), 0);
        // A few large ones in a 300 KB file: all of them.
        let mut large: Vec<Range<usize>> = (0..150).map(|i| i * 2000..i * 2000 + 1500).collect();
        assert_eq!(worth_skipping(&mut large, 300_000), 150);
        // Both: the large ones only.
        let mut mixed: Vec<Range<usize>> = (0..100)
            .map(|i| i * 3000..i * 3000 + 2500)
            .chain((0..5000).map(|i| 300_000 + i * 100..300_000 + i * 100 + 70))
            .collect();
        let worth = worth_skipping(&mut mixed, 800_000);
        assert!((100..1000).contains(&worth), "{worth}");
        assert!(
            mixed[..worth]
                .iter()
                .take(100)
                .all(|body| body.len() == 2500)
        );
    }

    #[test]
    fn included_ranges_have_rows_and_columns() {
        let text = "ab\ncd{xx\nyy}e\nf";
        let excluded = [Range { start: 6, end: 11 }];
        let ranges = included_ranges(text, &excluded);
        let spans: Vec<_> = ranges
            .iter()
            .map(|r| (r.start_byte, r.end_byte, r.start_point, r.end_point))
            .collect();
        let p = tree_sitter::Point::new;
        assert_eq!(
            spans,
            [(0, 6, p(0, 0), p(1, 3)), (11, 15, p(2, 2), p(3, 1))]
        );
    }

    const FILLER: &str = "var total = 0; for (var i = 0; i < 10; i++) { total += i; } Log(total);";
    /// A member that keeps the type around it (and so the type's other members in view).
    const LOUD: &str = "void Loud() { ServicePointManager.SecurityProtocol = x; }";

    #[test]
    fn blanks_quiet_method_bodies_and_keeps_offsets() {
        let text = format!(
            "namespace N {{\n  class C {{\n    void Quiet() {{ {FILLER}\n }}\n    void Loud() {{ {FILLER} ServicePointManager.SecurityProtocol = x; }}\n  }}\n}}\n"
        );
        let out = blank(&text);
        assert_eq!(out.len(), text.len());
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(!out.contains("void Quiet() { var"), "{out}");
        assert!(out.contains("void Quiet() {"));
        assert!(out.contains(&format!("void Loud() {{ {FILLER}")));
    }

    #[test]
    fn skips_quiet_types_and_namespaces_whole() {
        let text = format!(
            "namespace Quiet {{\n  class A {{ void M() {{ {FILLER} }} }}\n}}\nnamespace Loud {{\n  class B {{ void M() {{ {FILLER} }} }}\n  class C {{ void M() {{ ServicePointManager.SecurityProtocol = x; }} }}\n}}\n"
        );
        let out = blank(&text);
        assert_eq!(out.len(), text.len());
        assert!(
            out.contains("namespace Quiet {") && !out.contains("class A"),
            "{out}"
        );
        // The namespace that matters keeps its types; the quiet one among them is skipped.
        assert!(
            out.contains("class B {") && out.contains("class C {"),
            "{out}"
        );
        assert_eq!(out.matches(FILLER).count(), 0, "{out}");
        assert!(out.contains("ServicePointManager.SecurityProtocol = x;"));
    }

    /// Kept code may read a constant of another type by name: a type or namespace declaring
    /// one is kept (its method bodies are still skipped).
    #[test]
    fn types_declaring_constants_are_kept() {
        for declaration in [
            "const int Proto = 3072;",
            "static readonly int Proto = 3072;",
        ] {
            let text = format!(
                "class Values {{\n  {declaration}\n  void M() {{ {FILLER} }}\n}}\nclass Use {{ void M() {{ ServicePointManager.SecurityProtocol = (SecurityProtocolType)Values.Proto; }} }}\n"
            );
            let out = blank(&text);
            assert!(out.contains(declaration), "{out}");
            assert!(!out.contains(FILLER), "{out}");
        }
        // `constant` and `readonlyish` are other words.
        let text = format!(
            "class Values {{\n  int constant, readonlyish;\n  void M() {{ {FILLER} }}\n}}\n"
        );
        assert!(!blank(&text).contains("int constant"));
    }

    /// A type is skipped with the directive groups it holds whole, and kept when a group
    /// crosses its braces.
    #[test]
    fn types_straddling_a_directive_group_are_kept() {
        let text = format!(
            "#if A\nclass C {{\n  void M() {{ }}\n  int x; int y; int z; int w; int v; int u; int t; int s; int r;\n#else\nclass D {{\n#endif\n  void N() {{ {FILLER} }}\n}}\n"
        );
        let out = blank(&text);
        assert!(out.contains("int x;"), "{out}");
        let text = format!(
            "class C {{\n#if A\n  void M() {{ {FILLER} }}\n#endif\n  int x; int y; int z; int w;\n}}\n"
        );
        assert!(!blank(&text).contains("int x;"));
    }

    /// Comments are nothing to the parser: runs of them are left out wherever they stand
    /// between whitespace, but never across a directive line, and never where leaving them
    /// out would join the tokens around them.
    #[test]
    fn comment_runs_are_left_out() {
        let doc = "/// <summary>Connects to the server and negotiates a secure session.</summary>";
        let text = format!(
            "class C {{\n  {doc}\n  // more words about it, enough of them to be worth a range\n#if DEBUG\n  {doc}\n#endif\n  {LOUD}\n  void M() {{ int a/* a comment long enough to be worth leaving out of the parse */; ServicePointManager.SecurityProtocol = a; // {FILLER}\n }}\n}}\n"
        );
        let out = blank(&text);
        assert_eq!(out.len(), text.len());
        assert!(
            !out.contains("<summary>") && !out.contains("more words"),
            "{out}"
        );
        assert!(
            out.contains("#if DEBUG\n") && out.contains("#endif\n"),
            "{out}"
        );
        assert!(out.contains("int a/* a comment long enough"), "{out}");
        assert!(!out.contains(FILLER), "{out}");
        assert!(out.contains("ServicePointManager.SecurityProtocol = a;"));
    }

    #[test]
    fn keeps_statement_blocks_of_kept_bodies_and_top_level_code() {
        let text = format!(
            "class C {{ void M() {{ int p = 0; if (old) {{ {FILLER} p = 192; }} System.Net.ServicePointManager.SecurityProtocol = (System.Net.SecurityProtocolType)p; }} }}\nif (x) {{ {FILLER} }}\n"
        );
        assert_eq!(blank(&text), text);
    }

    #[test]
    fn blanks_accessor_bodies_but_not_initializers_or_lambdas() {
        let text = format!(
            "class C {{\n {LOUD}\n int P {{ get {{ {FILLER} }} set {{ {FILLER} }} }}\n Action A = () => {{ {FILLER} }};\n int[] B = {{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 }};\n}}\n"
        );
        let out = blank(&text);
        assert!(out.contains("get {") && !out.contains(&format!("get {{ {FILLER}")));
        assert!(out.contains(&format!("() => {{ {FILLER}")));
        assert!(out.contains("{ 1, 2, 3"));
    }

    #[test]
    fn constraints_and_nested_types_are_told_apart() {
        let text = format!(
            "class Outer<T> where T : class {{\n {LOUD}\n struct Inner {{ void M<U>() where U : class {{ {FILLER} }} }}\n void N() {{ {FILLER} }}\n}}\n"
        );
        let out = blank(&text);
        assert!(!out.contains(FILLER), "{out}");
        assert!(out.contains("struct Inner {"));
    }

    #[test]
    fn aliases_and_static_imports_keep_bodies() {
        let text = format!(
            "using P = System.Net.SecurityProtocolType;\nusing static System.Security.Authentication.SslProtocols;\nclass C {{ void A() {{ {FILLER} Use(P.Tls); }} void B() {{ {FILLER} Use(Tls11); }} }}\n"
        );
        assert_eq!(blank(&text), text);
        // An alias of anything else keeps nothing.
        let text = format!(
            "using AuthenticationException = MailKit.Security.AuthenticationException;\nclass C {{ {LOUD} void A() {{ {FILLER} throw new AuthenticationException(); }} }}\n"
        );
        assert!(!blank(&text).contains(FILLER));
    }

    #[test]
    fn strings_comments_and_directives_do_not_confuse_braces() {
        let text = format!(
            "class C {{\n {LOUD}\n void A() {{ var s = \"}}\"; var v = @\"\"\"}}\"; var i = $\"{{(a ? \"}}\" : '}}')}}{{{{\"; var c = '{{'; /* }} */ // }}\n {FILLER} }}\n void B() {{\n#if DEBUG\n {FILLER}\n#endif\n }}\n void R() {{ var r = \"\"\"\n }} \"\n \"\"\"; {FILLER} }}\n}}\n"
        );
        let out = blank(&text);
        assert_eq!(out.len(), text.len());
        // B holds a whole `#if` group: skipped with it.
        assert!(!out.contains("#if DEBUG\n"), "{out}");
        assert!(out.contains("void A() {") && out.contains("void R() {"));
        assert_eq!(out.matches(FILLER).count(), 0, "{out}");
        assert!(out.trim_end().ends_with('}'));
    }

    /// Every branch of a directive group is read as code, as tree-sitter reads it; a body is
    /// skipped with the groups it holds whole, and kept when a group crosses its braces.
    #[test]
    fn conditional_directives_inside_a_body_are_skipped_with_it() {
        let skipped = |text: &str| blank(text).matches(FILLER).count() == 0;
        // `if {} #if else if {} #endif`, which tree-sitter cannot read.
        let text = format!(
            "class C {{\n {LOUD}\n void A() {{\n if (a) {{ }}\n#if !PAL\n else if (b) {{ }}\n#endif\n {FILLER}\n }}\n}}\n"
        );
        assert!(skipped(&text), "{}", blank(&text));
        // A brace opened in one group and closed in another (the .NET Framework's pattern).
        let text = format!(
            "class C {{\n {LOUD}\n int P {{ get {{\n#if DEBUG\n using (Log()) {{\n#endif\n {FILLER}\n#if DEBUG\n }}\n#endif\n }} }}\n}}\n"
        );
        assert!(skipped(&text), "{}", blank(&text));
        // A group begun in the body and not ended in it: kept.
        let text = format!("class C {{\n {LOUD}\n void M() {{\n#if A\n {FILLER} }}\n}}\n");
        assert!(!skipped(&text), "{}", blank(&text));
        // A group's `#else` inside a body begun in the group: kept.
        let text = format!(
            "class C {{\n {LOUD}\n#if A\n void M() {{ {FILLER}\n#else\n void N() {{ {FILLER}\n#endif\n }}\n}} }}\n"
        );
        assert_eq!(blank(&text), text);
        // Branches that each open a brace that one closes: the braces do not pair up.
        let text = format!(
            "class C {{\n {LOUD}\n void A() {{\n#if A\n if (a) {{\n#else\n if (b) {{\n#endif\n {FILLER} }}\n }}\n void B() {{ {FILLER} }}\n}}\n"
        );
        assert_eq!(blank(&text), text);
    }

    #[test]
    fn unbalanced_or_unterminated_text_is_left_alone() {
        for text in [
            format!("class C {{ void A() {{ {FILLER} }}"),
            format!("class C {{ void A() {{ {FILLER} /* }} }}"),
            format!("class C {{ void A() {{ var s = \"{FILLER} }} }}"),
        ] {
            assert_eq!(blank(&text), text);
        }
    }

    #[test]
    fn multibyte_text_is_skipped_whole() {
        let text = format!("class C {{ void A() {{ var s = \"ünïcödé Ωmega\"; {FILLER} }} }}");
        let out = blank(&text);
        assert_eq!(out.len(), text.len());
        assert!(!out.contains('Ω'));
    }
}
