//! Suppressions written in the code (DESIGN.md §2): tlslint's own comments, C# `#pragma warning
//! disable` with our ids or the ids of the analyzers that cover the same ground, and
//! `[SuppressMessage]` attributes on the enclosing member or type.
//!
//! - `// tlslint:ignore TLS001 -- reason` (C#, C/C++), `' tlslint:ignore …` (VB.NET),
//!   `# tlslint:ignore …` (PowerShell), `<!-- tlslint:ignore TLS005 -- reason -->` (XML),
//!   `; tlslint:ignore …` (.reg): on the finding's line or the line before it. Several rules may
//!   be listed (ids or names); none means every rule.
//! - `#pragma warning disable TLS001, CA5364` … `#pragma warning restore …`: until the restore
//!   or the end of the file; VB.NET's `#Disable Warning …` … `#Enable Warning …` the same. A bare `#pragma warning disable` (all compiler warnings) is not
//!   taken as a decision about TLS.
//! - `[SuppressMessage("Security", "CA5364:…", Justification = "…")]` on a method, property,
//!   constructor or type around the finding.
//! - Global suppressions, as Visual Studio writes them to `GlobalSuppressions.cs`:
//!   `[assembly: SuppressMessage("Security", "CA5364:…", Scope = "member", Target =
//!   "~M:Ns.Type.Method(System.String)")]` (or VB.NET's `<Assembly: SuppressMessage(…)>`) in any
//!   C# or VB.NET file of a project covers the findings in C# files of the same project inside
//!   that member, type or namespace ([`GlobalSuppression`]).

use tree_sitter::Node;

use crate::diagnostic::Finding;
use crate::facts::Span;
use crate::lang::FileKind;
use crate::lang::csharp::docid::{DocSymbol, enclosing_symbols};
use crate::rules::{self, RuleMeta};

/// The peer analyzers' ids that mean one of our rules (Roslyn CA rules, SonarQube S4423).
const PEERS: [(&str, &[&str]); 6] = [
    ("CA5364", &["TLS001"]),
    ("CA5397", &["TLS002"]),
    ("CA5386", &["TLS003"]),
    ("CA5398", &["TLS003"]),
    ("CA5361", &["TLS004"]),
    ("CA5378", &["TLS004"]),
];
const SONAR: (&str, &[&str]) = ("S4423", &["TLS001", "TLS002"]);

/// The rules an id names: ours (id or name) or a peer's.
fn rules_for(id: &str) -> Vec<&'static str> {
    let id = id.trim();
    if let Some(rule) = rules::lookup(id) {
        return vec![rule.id];
    }
    PEERS
        .iter()
        .chain(std::iter::once(&SONAR))
        .find(|(peer, _)| peer.eq_ignore_ascii_case(id))
        .map(|(_, ours)| ours.to_vec())
        .unwrap_or_default()
}

/// Whether `text` holds something a `[SuppressMessage]` check id could name one of our rules
/// by: one of our ids or names, or a peer's id (in any case, a superset of what
/// [`rules_for`] accepts). Without one, no attribute in the file suppresses anything.
fn may_name_a_rule(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            let names = rules::RULES
                .iter()
                .flat_map(|rule| [rule.id, rule.name])
                .chain(PEERS.iter().map(|(peer, _)| *peer))
                .chain([SONAR.0]);
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(names)
                .expect("static patterns compile")
        });
    FINDER.is_match(text)
}

/// One suppression directive in a file.
#[derive(Clone, Debug)]
struct Directive {
    /// Where it is written.
    span: Span,
    /// 0-based lines it covers (inclusive).
    lines: (usize, usize),
    /// The rules it suppresses (`None`: all).
    rules: Option<Vec<&'static str>>,
    /// Whether it names one of our rules explicitly (peer-only pragmas also silence their own
    /// analyzers, so they are never "unused" for us).
    ours: bool,
    reason: Option<String>,
    used: bool,
}

impl Directive {
    fn covers(&self, rule: &RuleMeta, line: usize) -> bool {
        line >= self.lines.0
            && line <= self.lines.1
            && self
                .rules
                .as_ref()
                .is_none_or(|rules| rules.contains(&rule.id))
    }
}

/// The comment openers after which `tlslint:ignore` counts, by file kind.
fn comment_openers(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::CSharp | FileKind::Cpp => &["//", "/*"],
        FileKind::PowerShell => &["#", "<#"],
        // `REM` is VB's other comment keyword, any case.
        FileKind::VisualBasic => &["'", "REM ", "rem ", "Rem "],
        FileKind::MsBuild | FileKind::Config => &["<!--"],
        FileKind::Registry => &[";"],
        FileKind::RuntimeConfig => &[],
    }
}

const MARKER: &str = "tlslint:ignore";

/// The comment that suppresses `rule` on the next line in a file of `kind`, giving `reason`:
/// written with the first opener [`comment_openers`] accepts, so that this module reads back
/// what it writes. `None` for kinds without comments (runtimeconfig JSON).
pub fn suppression_comment(kind: FileKind, rule: &str, reason: &str) -> Option<String> {
    let opener = comment_openers(kind).first()?;
    let directive = format!("{MARKER} {rule} -- {reason}");
    Some(match kind {
        FileKind::MsBuild | FileKind::Config => format!("{opener} {directive} -->"),
        _ => format!("{opener} {directive}"),
    })
}

/// Whether a file can hold a directive (cheap check before keeping its text).
pub fn may_hold_directives(text: &str) -> bool {
    may_hold_directives_bytes(text.as_bytes())
}

/// [`may_hold_directives`] on bytes not yet decoded (UTF-8: the markers are ASCII).
pub fn may_hold_directives_bytes(bytes: &[u8]) -> bool {
    static FINDER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(DIRECTIVE_MARKERS).expect("static patterns compile")
        });
    FINDER.is_match(bytes)
}

/// What [`may_hold_directives`] looks for.
const DIRECTIVE_MARKERS: [&str; 6] = [
    MARKER,
    "#pragma warning",
    "SuppressMessage",
    // VB's `#Disable Warning`, in the usual spellings.
    "#Disable",
    "#disable",
    "#DISABLE",
];

fn comment_directives(
    text: &str,
    kind: FileKind,
    lines: &crate::source::LineIndex,
) -> Vec<Directive> {
    let openers = comment_openers(kind);
    let mut out = Vec::new();
    for (at, _) in text.match_indices(MARKER) {
        let line = lines.line_of(at);
        let line_start = lines.line_start(line);
        let before = &text[line_start..at];
        // The marker must sit in a comment: an opener earlier on the line.
        let Some(opener_at) = openers.iter().filter_map(|o| before.rfind(o)).max() else {
            continue;
        };
        let line_end = lines.line_end_inclusive(line, text);
        let rest = text[at + MARKER.len()..line_end].trim_end_matches(['\r', '\n']);
        let rest = rest
            .trim_end()
            .trim_end_matches("-->")
            .trim_end_matches("*/")
            .trim_end_matches("#>");
        let (ids, reason) = match rest.split_once("--") {
            Some((ids, reason)) => (
                ids,
                Some(reason.trim().to_owned()).filter(|r| !r.is_empty()),
            ),
            None => (rest, None),
        };
        let names: Vec<&str> = ids
            .split([',', ' ', '\t'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let rules: Vec<&'static str> = names.iter().flat_map(|n| rules_for(n)).collect();
        // A trailing comment covers its own line; a comment alone on its line covers the next.
        let alone = before[..opener_at].trim().is_empty();
        out.push(Directive {
            span: line_start + opener_at..at + MARKER.len() + rest.len(),
            lines: if alone {
                (line, line + 1)
            } else {
                (line, line)
            },
            rules: (!names.is_empty()).then_some(rules),
            ours: true,
            reason,
            used: false,
        });
    }
    out
}

fn pragma_directives(
    text: &str,
    kind: FileKind,
    lines: &crate::source::LineIndex,
) -> Vec<Directive> {
    let mut out: Vec<Directive> = Vec::new();
    for line in 0..lines.line_count() {
        let content = lines.line_text(line, text);
        let trimmed = content.trim_start();
        let Some((action, ids)) = (match kind {
            FileKind::VisualBasic => vb_warning_directive(trimmed),
            _ => csharp_pragma(trimmed),
        }) else {
            continue;
        };
        let comment = if kind == FileKind::VisualBasic {
            "'"
        } else {
            "//"
        };
        let (ids, reason) = match ids.split_once(comment) {
            Some((ids, reason)) => (
                ids,
                Some(reason.trim().to_owned()).filter(|r| !r.is_empty()),
            ),
            None => (ids, None),
        };
        let names: Vec<&str> = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let rules: Vec<&'static str> = names.iter().flat_map(|n| rules_for(n)).collect();
        if rules.is_empty() {
            continue; // other warnings, or a bare disable/restore
        }
        let ours = names.iter().any(|n| rules::lookup(n).is_some());
        match action {
            "disable" => {
                let start = lines.line_start(line) + (content.len() - trimmed.len());
                out.push(Directive {
                    span: start..start + trimmed.trim_end().len(),
                    lines: (line, usize::MAX),
                    rules: Some(rules),
                    ours,
                    reason,
                    used: false,
                });
            }
            "restore" => {
                for directive in out.iter_mut().filter(|d| d.lines.1 == usize::MAX) {
                    if let Some(active) = &mut directive.rules
                        && rules.iter().any(|r| active.contains(r))
                    {
                        directive.lines.1 = line;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `#pragma warning disable|restore ids` (C#): the action and the rest of the line.
fn csharp_pragma(line: &str) -> Option<(&str, &str)> {
    let rest = line
        .strip_prefix("#pragma")?
        .trim_start()
        .strip_prefix("warning")?
        .trim_start();
    Some(rest.split_once(char::is_whitespace).unwrap_or((rest, "")))
}

/// `#Disable Warning ids` / `#Enable Warning ids` (VB.NET, any case), as C#'s actions.
fn vb_warning_directive(line: &str) -> Option<(&str, &str)> {
    let (keyword, rest) = line.strip_prefix('#')?.split_once(char::is_whitespace)?;
    let action = if keyword.eq_ignore_ascii_case("disable") {
        "disable"
    } else if keyword.eq_ignore_ascii_case("enable") {
        "restore"
    } else {
        return None;
    };
    let rest = rest.trim_start();
    let (word, ids) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    word.eq_ignore_ascii_case("warning")
        .then_some((action, ids))
}

/// An assembly-level `SuppressMessage` that names one of our rules and a member, type or
/// namespace (`Scope` and `Target`), as Roslyn reads it: `member` and `type` cover findings
/// inside the target symbol (its members and nested types too), `namespaceanddescendants`
/// findings anywhere in that namespace and the namespaces inside it, `namespace` only findings
/// on the namespace itself (never those inside its types: Roslyn's rule, which leaves nothing
/// of ours for it). Without a `Target`, or with the `module` scope, it is about the assembly
/// and covers no finding with a location. Targets are documentation-comment IDs after a `~`
/// (`~M:Ns.Outer.Inner.Method(System.String)`, `~T:Ns.Outer.Inner`, `~N:Ns`); without the
/// `~`, the older FxCop spelling (`Ns.Type.#Method(System.String)`, `Ns.Outer+Inner`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalSuppression {
    rules: Vec<&'static str>,
    scope: GlobalScope,
    target: SymbolTarget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GlobalScope {
    /// `member` or `type`: the symbol and everything declared inside it.
    Symbol,
    /// `namespace`: the namespace itself only.
    Namespace,
    /// `namespaceanddescendants`.
    NamespaceAndDescendants,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct SymbolTarget {
    /// The ID's kind letter (`None` in the FxCop spelling, which has none).
    kind: Option<char>,
    /// The name without parameters.
    name: String,
    /// Parameters' simple type names (`None`: not written, so every overload); `None` entries
    /// are generic parameters (`` `0 ``), which match any type.
    parameters: Option<Vec<Option<String>>>,
}

impl SymbolTarget {
    fn parse(target: &str) -> Option<SymbolTarget> {
        let target = target.trim();
        let (kind, rest) = match target.strip_prefix('~') {
            Some(id) => {
                let (kind, rest) = id.split_once(':')?;
                let mut letters = kind.chars();
                let (Some(letter), None) = (letters.next(), letters.next()) else {
                    return None;
                };
                (Some(letter.to_ascii_uppercase()), rest.to_owned())
            }
            // FxCop: `Ns.Type.#Method(…)`, nested types joined with `+`.
            None => (None, target.replace(".#", ".").replace('+', ".")),
        };
        let (name, parameters) = match rest.split_once('(') {
            Some((name, list)) => {
                let list = list.strip_suffix(')')?;
                let parameters = split_top_level(list)
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .map(|p| {
                        (!p.trim().starts_with('`'))
                            .then(|| crate::lang::csharp::docid::simple_type_name(p))
                    })
                    .collect();
                (name.to_owned(), Some(parameters))
            }
            None => (rest, None),
        };
        let name = name.trim().to_owned();
        (!name.is_empty()).then_some(SymbolTarget {
            kind,
            name,
            parameters,
        })
    }

    fn matches(&self, symbol: &DocSymbol) -> bool {
        if self.kind.is_some_and(|k| k != symbol.kind) || self.name != symbol.name {
            return false;
        }
        match (&self.parameters, &symbol.parameters) {
            (None, _) => true,
            (Some(wanted), None) => wanted.is_empty(),
            (Some(wanted), Some(declared)) => {
                wanted.len() == declared.len()
                    && wanted
                        .iter()
                        .zip(declared)
                        .all(|(w, d)| w.as_ref().is_none_or(|w| w == d))
            }
        }
    }
}

impl GlobalSuppression {
    /// Whether this covers a finding of `rule` whose enclosing declarations are `symbols`
    /// (innermost first, as [`crate::lang::csharp::docid::enclosing_symbols`] lists them).
    fn covers(&self, rule: &str, symbols: &[DocSymbol]) -> bool {
        if !self.rules.contains(&rule) {
            return false;
        }
        match self.scope {
            GlobalScope::Symbol => symbols
                .iter()
                .filter(|s| s.kind != 'N')
                .any(|s| self.target.matches(s)),
            GlobalScope::Namespace => symbols
                .first()
                .is_some_and(|s| s.kind == 'N' && self.target.matches(s)),
            GlobalScope::NamespaceAndDescendants => symbols.iter().any(|s| {
                s.kind == 'N'
                    && self.target.kind.is_none_or(|k| k == 'N')
                    && s.name == self.target.name
            }),
        }
    }
}

/// Splits at the commas outside brackets, braces and parentheses.
fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// The assembly-level `SuppressMessage` attributes in a C# or VB.NET file that name one of our
/// rules and a symbol: `[assembly: SuppressMessage(…)]`, `<Assembly: SuppressMessage(…)>`, with
/// or without a namespace before the name, `Attribute` after it, positional or named
/// arguments (`Scope = …`, VB's `Scope:=…`). One in a comment or a string counts for nothing
/// (one in a branch of `#if` that is not compiled still counts).
pub fn global_suppressions(text: &str, kind: FileKind) -> Vec<GlobalSuppression> {
    const NAME: &str = "SuppressMessage";
    let vb = match kind {
        FileKind::CSharp => false,
        FileKind::VisualBasic => true,
        _ => return Vec::new(),
    };
    if !text.contains(NAME) || !may_name_a_rule(text) {
        return Vec::new();
    }
    let hidden = comments_and_strings(text, vb);
    let is_hidden = |at: usize| {
        let i = hidden.partition_point(|r| r.start <= at);
        i > 0 && hidden[i - 1].contains(&at)
    };
    let mut out = Vec::new();
    for (at, _) in text.match_indices(NAME) {
        // The attribute's head (`[assembly: global::System.Diagnostics.CodeAnalysis.`) is short:
        // looking further back would make many occurrences quadratic.
        let mut from = at.saturating_sub(MAX_HEAD);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = &text[from..at];
        let Some(open) = before.rfind(if vb { '<' } else { '[' }).map(|i| from + i) else {
            continue;
        };
        if is_hidden(open) || is_hidden(at) {
            continue;
        }
        let before = &text[..at];
        // `assembly:` and an optional namespace (`global::System.Diagnostics.CodeAnalysis.`).
        let head: String = before[open + 1..].split_whitespace().collect();
        let Some((target, qualifier)) = head.split_once(':') else {
            continue;
        };
        let is_assembly = if vb {
            target.eq_ignore_ascii_case("assembly")
        } else {
            target == "assembly"
        };
        if !is_assembly
            || !qualifier
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | ':'))
        {
            continue;
        }
        let rest = &text[at + NAME.len()..];
        let rest = rest.strip_prefix("Attribute").unwrap_or(rest).trim_start();
        let Some(arguments) = rest.strip_prefix('(').and_then(|r| argument_list(r, vb)) else {
            continue;
        };
        if let Some(suppression) = from_arguments(&arguments) {
            out.push(suppression);
        }
    }
    out
}

/// How far before `SuppressMessage` its `[assembly:` or `<Assembly:` may start.
const MAX_HEAD: usize = 256;

/// The byte ranges of comments and string literals in C# (`//`, `/* */`, `"…"`, `@"…"`) or
/// VB.NET (`'`, `REM` is rare enough to leave out, `"…"` with `""` escapes), sorted: an
/// attribute written there is text, not code. Character literals and interpolation holes are
/// approximated; a stray quote can only hide attributes, never invent one.
fn comments_and_strings(text: &str, vb: bool) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        match bytes[i] {
            b'/' if !vb && bytes.get(i + 1) == Some(&b'/') => {
                i = memchr_line_end(bytes, i);
            }
            b'\'' if vb => {
                i = memchr_line_end(bytes, i);
            }
            b'/' if !vb && bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |e| i + 2 + e + 2);
            }
            b'"' => {
                // C# verbatim strings (`@"…"`) and VB strings double a quote to escape it;
                // regular C# strings use `\"`.
                let verbatim = vb || (i > 0 && bytes[i - 1] == b'@');
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if !verbatim => i += 2,
                        b'"' if bytes.get(i + 1) == Some(&b'"') && verbatim => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' if !verbatim => break,
                        _ => i += 1,
                    }
                }
            }
            _ => {
                i += 1;
                continue;
            }
        }
        ranges.push(start..i.min(bytes.len()));
    }
    ranges
}

fn memchr_line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The arguments of an attribute, up to its closing parenthesis: each as (name for a named
/// argument, the first string literal's value).
fn argument_list(text: &str, vb: bool) -> Option<Vec<(Option<String>, Option<String>)>> {
    let mut arguments = Vec::new();
    let mut name: Option<String> = None;
    let mut value: Option<String> = None;
    let mut word = String::new();
    let mut chars = text.char_indices().peekable();
    let mut depth = 0usize;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let verbatim = !vb && text[..i].ends_with('@');
                let mut literal = String::new();
                loop {
                    let (_, c) = chars.next()?;
                    match c {
                        '\\' if !vb && !verbatim => literal.push(chars.next()?.1),
                        '"' if (vb || verbatim) && chars.peek().is_some_and(|(_, n)| *n == '"') => {
                            chars.next();
                            literal.push('"');
                        }
                        '"' => break,
                        '\n' => return None,
                        c => literal.push(c),
                    }
                }
                value.get_or_insert(literal);
            }
            '=' if depth == 0 && value.is_none() && !word.is_empty() => {
                name = Some(std::mem::take(&mut word));
            }
            ':' if vb && depth == 0 => {}
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ')' | ',' if depth == 0 => {
                arguments.push((name.take(), value.take()));
                word.clear();
                if c == ')' {
                    return Some(arguments);
                }
            }
            c if c.is_alphanumeric() || c == '_' => word.push(c),
            c if c.is_whitespace() => {}
            _ => word.clear(),
        }
    }
    None
}

fn from_arguments(arguments: &[(Option<String>, Option<String>)]) -> Option<GlobalSuppression> {
    let positional: Vec<&str> = arguments
        .iter()
        .filter(|(name, _)| name.is_none())
        .filter_map(|(_, value)| value.as_deref())
        .collect();
    let named = |wanted: &str| {
        arguments.iter().find_map(|(name, value)| {
            name.as_deref()
                .filter(|n| n.eq_ignore_ascii_case(wanted))
                .and(value.as_deref())
        })
    };
    let check = named("checkId").or_else(|| positional.get(1).copied())?;
    let id = check.split(':').next().unwrap_or(check);
    let rules = rules_for(id);
    if rules.is_empty() {
        return None;
    }
    let scope = match named("Scope")?.trim().to_ascii_lowercase().as_str() {
        "member" | "type" => GlobalScope::Symbol,
        "namespace" => GlobalScope::Namespace,
        "namespaceanddescendants" => GlobalScope::NamespaceAndDescendants,
        _ => return None,
    };
    let target = SymbolTarget::parse(named("Target")?)?;
    Some(GlobalSuppression {
        rules,
        scope,
        target,
    })
}

/// `[SuppressMessage]` on a declaration around `node`: the rules it suppresses.
fn suppress_message_rules(node: Node, text: &str) -> Vec<&'static str> {
    let mut rules = Vec::new();
    let mut current = Some(node);
    while let Some(node) = current {
        let mut cursor = node.walk();
        for child in node
            .children(&mut cursor)
            .filter(|c| c.kind() == "attribute_list")
        {
            let mut attributes = child.walk();
            for attribute in child
                .named_children(&mut attributes)
                .filter(|a| a.kind() == "attribute")
            {
                let name = attribute
                    .child_by_field_name("name")
                    .map_or("", |n| &text[n.byte_range()]);
                let short = name.rsplit('.').next().unwrap_or(name);
                if short != "SuppressMessage" && short != "SuppressMessageAttribute" {
                    continue;
                }
                let source = &text[attribute.byte_range()];
                // The check id is the second string: "CA5364:Do not use deprecated…" or "TLS001".
                let strings: Vec<&str> = source.split('"').skip(1).step_by(2).collect();
                if let Some(check) = strings.get(1) {
                    let id = check.split(':').next().unwrap_or(check);
                    rules.extend(rules_for(id));
                }
            }
        }
        current = node.parent();
    }
    rules
}

/// Applies the suppressions of one file to its findings. Returns the findings that remain and,
/// when `report_unused` is set, TLS100 findings for directives that suppressed nothing or give no
/// reason. `global`: the global suppressions of the file's projects.
pub fn apply(
    text: &str,
    kind: FileKind,
    findings: Vec<Finding>,
    report_unused: bool,
    global: &[&GlobalSuppression],
) -> Vec<Finding> {
    let global = if kind == FileKind::CSharp {
        global
    } else {
        &[]
    };
    // Nothing to suppress and nothing to report: skip the work (parsing for `[SuppressMessage]`
    // would otherwise cost a full parse of every file that merely mentions the attribute).
    if (!may_hold_directives(text) && global.is_empty()) || (findings.is_empty() && !report_unused)
    {
        return findings;
    }
    let lines = crate::source::LineIndex::new(text);
    let mut directives = comment_directives(text, kind, &lines);
    if matches!(kind, FileKind::CSharp | FileKind::VisualBasic) {
        directives.extend(pragma_directives(text, kind, &lines));
    }
    // The tree is only needed to find the member around a finding, and only when an attribute
    // can name one of our rules (code bases are full of `[SuppressMessage]` for other rules).
    let tree = (kind == FileKind::CSharp
        && !findings.is_empty()
        && (!global.is_empty() || (text.contains("SuppressMessage") && may_name_a_rule(text))))
    .then(|| crate::lang::csharp::parse_tree(text))
    .flatten();
    let mut kept = Vec::new();
    for finding in findings {
        let line = lines.line_of(finding.span.start);
        if let Some(directive) = directives.iter_mut().find(|d| d.covers(finding.rule, line)) {
            directive.used = true;
            continue;
        }
        if let Some(tree) = &tree {
            let node = tree
                .root_node()
                .descendant_for_byte_range(finding.span.start, finding.span.end);
            if node.is_some_and(|n| suppress_message_rules(n, text).contains(&finding.rule.id)) {
                continue;
            }
            if global.iter().any(|g| g.rules.contains(&finding.rule.id)) {
                let symbols = enclosing_symbols(tree.root_node(), text, finding.span.clone());
                if global.iter().any(|g| g.covers(finding.rule.id, &symbols)) {
                    continue;
                }
            }
        }
        kept.push(finding);
    }
    if report_unused {
        for directive in directives.iter().filter(|d| d.ours) {
            let problem = if !directive.used {
                Some("this suppression suppresses nothing")
            } else if directive.reason.is_none() {
                Some("this suppression gives no reason (add `-- why` after the rules)")
            } else {
                None
            };
            if let Some(problem) = problem {
                kept.push(rules::finding(
                    &rules::tls100_unused_suppression::RULE,
                    directive.span.clone(),
                    problem.to_owned(),
                    "suppression".to_owned(),
                    Some("remove it, or say why the finding is acceptable".to_owned()),
                ));
            }
        }
        kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lookup;

    fn finding_at(text: &str, needle: &str, rule: &str) -> Finding {
        let at = text.find(needle).unwrap();
        rules::finding(
            lookup(rule).unwrap(),
            at..at + needle.len(),
            "m".into(),
            "l".into(),
            None,
        )
    }

    fn remaining(
        text: &str,
        kind: FileKind,
        findings: Vec<Finding>,
        report_unused: bool,
    ) -> Vec<(String, &'static str)> {
        apply(text, kind, findings, report_unused, &[])
            .into_iter()
            .map(|f| (text[f.span.clone()].to_owned(), f.rule.id))
            .collect()
    }

    #[test]
    fn comments_on_the_line_or_the_line_before() {
        let text = "a = Tls; // tlslint:ignore TLS001 -- legacy partner\n// tlslint:ignore deprecated-security-protocol -- ok\nb = Tls;\nc = Tls;\n";
        let findings = vec![
            finding_at(text, "a = Tls", "TLS001"),
            finding_at(text, "b = Tls", "TLS001"),
            finding_at(text, "c = Tls", "TLS001"),
        ];
        assert_eq!(
            remaining(text, FileKind::CSharp, findings, false),
            [("c = Tls".to_owned(), "TLS001")]
        );
    }

    /// What `suppression_comment` writes above a line suppresses the finding on it, in every
    /// kind that has comments, and nothing on the line after.
    #[test]
    fn suppression_comments_are_read_back() {
        use FileKind::*;
        for kind in [
            CSharp,
            Cpp,
            VisualBasic,
            PowerShell,
            MsBuild,
            Config,
            Registry,
        ] {
            let comment = suppression_comment(kind, "TLS001", "vendor pin").unwrap();
            let text = format!("{comment}\nfirst = Tls\nsecond = Tls\n");
            let findings = vec![
                finding_at(&text, "first = Tls", "TLS001"),
                finding_at(&text, "second = Tls", "TLS001"),
            ];
            assert_eq!(
                remaining(&text, kind, findings, true),
                [("second = Tls".to_owned(), "TLS001")],
                "{kind:?}: {comment}"
            );
        }
        assert_eq!(suppression_comment(RuntimeConfig, "TLS001", "r"), None);
    }

    #[test]
    fn other_rules_and_strings_are_not_suppressed() {
        let text =
            "a = Tls; // tlslint:ignore TLS002 -- no\nb = \"tlslint:ignore TLS001\"; x = Tls;\n";
        let findings = vec![
            finding_at(text, "a = Tls", "TLS001"),
            finding_at(text, "x = Tls", "TLS001"),
        ];
        assert_eq!(remaining(text, FileKind::CSharp, findings, false).len(), 2);
    }

    #[test]
    fn xml_powershell_and_registry_comments() {
        let xml = "<!-- tlslint:ignore TLS005 -- pinned by the vendor -->\n<TargetFrameworkVersion>v4.5</TargetFrameworkVersion>\n";
        assert!(
            remaining(
                xml,
                FileKind::MsBuild,
                vec![finding_at(xml, "v4.5", "TLS005")],
                false
            )
            .is_empty()
        );
        let ps = "[Net.ServicePointManager]::SecurityProtocol = 'Tls11' # tlslint:ignore -- test fixture\n";
        assert!(
            remaining(
                ps,
                FileKind::PowerShell,
                vec![finding_at(ps, "Tls11", "TLS001")],
                false
            )
            .is_empty()
        );
        let reg = "; tlslint:ignore TLS004 -- lab only\n\"SchUseStrongCrypto\"=dword:00000000\n";
        assert!(
            remaining(
                reg,
                FileKind::Registry,
                vec![finding_at(reg, "\"SchUse", "TLS004")],
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn pragmas_with_our_ids_and_peer_ids() {
        let text = "#pragma warning disable CA5364 // partner needs TLS 1.0\na = Tls;\n#pragma warning restore CA5364\nb = Tls;\n#pragma warning disable\nc = Tls;\n";
        let findings = vec![
            finding_at(text, "a = Tls", "TLS001"),
            finding_at(text, "b = Tls", "TLS001"),
            finding_at(text, "c = Tls", "TLS001"),
        ];
        let left: Vec<String> = remaining(text, FileKind::CSharp, findings, false)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(
            left,
            ["b = Tls", "c = Tls"],
            "bare `#pragma warning disable` is not a TLS decision"
        );
        let sonar = "#pragma warning disable S4423\nx = SslProtocols.Tls;\n";
        assert!(
            remaining(
                sonar,
                FileKind::CSharp,
                vec![finding_at(sonar, "SslProtocols.Tls", "TLS002")],
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn vb_disable_warning_directives() {
        let text = "#Disable Warning TLS001, CA5364 ' the scanner firmware\na = Tls\n#enable warning TLS001\nb = Tls\nREM tlslint:ignore TLS001 -- lab only\nc = Tls\n";
        let findings = vec![
            finding_at(text, "a = Tls", "TLS001"),
            finding_at(text, "b = Tls", "TLS001"),
            finding_at(text, "c = Tls", "TLS001"),
        ];
        let left: Vec<String> = remaining(text, FileKind::VisualBasic, findings, true)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(left, ["b = Tls"]);
    }

    #[test]
    fn suppress_message_on_the_enclosing_member() {
        let text = "class C {\n  [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Security\", \"CA5364:Do not use deprecated security protocols\", Justification = \"x\")]\n  void M() { a = SecurityProtocolType.Tls; }\n  void N() { b = SecurityProtocolType.Tls; }\n}\n";
        let findings = vec![
            finding_at(text, "a = SecurityProtocolType.Tls", "TLS001"),
            finding_at(text, "b = SecurityProtocolType.Tls", "TLS001"),
        ];
        assert_eq!(
            remaining(text, FileKind::CSharp, findings, false),
            [("b = SecurityProtocolType.Tls".to_owned(), "TLS001")]
        );
    }

    /// Attributes for other analyzers' rules suppress nothing (and are no reason to parse); our
    /// rule names and ids in any case, and the peers' ids, are recognised.
    #[test]
    fn suppress_message_names_our_rules_or_a_peers() {
        let with = |check: &str| {
            format!(
                "class C {{\n  [SuppressMessage(\"Category\", \"{check}\")]\n  void M() {{ a = SecurityProtocolType.Tls; }}\n}}\n"
            )
        };
        for (check, suppressed) in [
            ("CA2000:Dispose objects", false),
            ("CA5364", true),
            ("s4423", true),
            ("tls001", true),
            ("TLS002", false),
            ("deprecated-security-protocol: not for this code", true),
        ] {
            let text = with(check);
            let findings = vec![finding_at(&text, "a = SecurityProtocolType.Tls", "TLS001")];
            let left = remaining(&text, FileKind::CSharp, findings, false);
            assert_eq!(left.is_empty(), suppressed, "{check}");
        }
    }

    fn global(text: &str, kind: FileKind) -> Vec<(GlobalScope, Option<char>, String)> {
        global_suppressions(text, kind)
            .into_iter()
            .map(|g| (g.scope, g.target.kind, g.target.name))
            .collect()
    }

    #[test]
    fn global_suppressions_in_csharp_and_vb_spellings() {
        let cs = "using System.Diagnostics.CodeAnalysis;\n[assembly: SuppressMessage(\"Security\", \"CA5364:Do Not Use Deprecated Security Protocols\", Justification = \"a \\\"quoted\\\" reason, with a comma\", Scope = \"member\", Target = \"~M:Ns.C.M(System.String)\")]\n[ assembly : global::System.Diagnostics.CodeAnalysis.SuppressMessageAttribute(\"Security\", \"TLS002\", Scope = \"NamespaceAndDescendants\", Target = @\"~N:Ns\")]\n";
        assert_eq!(
            global(cs, FileKind::CSharp),
            [
                (GlobalScope::Symbol, Some('M'), "Ns.C.M".to_owned()),
                (
                    GlobalScope::NamespaceAndDescendants,
                    Some('N'),
                    "Ns".to_owned()
                )
            ]
        );
        let vb = "<Assembly: SuppressMessage(\"Security\", \"CA5364\", Justification:=\"say \"\"why\"\"\", Scope:=\"type\", Target:=\"~T:Ns.Outer.Inner\")>\n' <Assembly: SuppressMessage(\"Security\", \"CA5364\", Scope:=\"type\", Target:=\"~T:Ns.Commented\")>\n";
        assert_eq!(
            global(vb, FileKind::VisualBasic),
            [(GlobalScope::Symbol, Some('T'), "Ns.Outer.Inner".to_owned())]
        );
        // Not ours, not assembly-level, commented out, without a target, or the module scope.
        for text in [
            "[assembly: SuppressMessage(\"Design\", \"CA1031\", Scope = \"member\", Target = \"~M:Ns.C.M\")]",
            "[SuppressMessage(\"Security\", \"CA5364\", Scope = \"member\", Target = \"~M:Ns.C.M\")]",
            "// [assembly: SuppressMessage(\"Security\", \"CA5364\", Scope = \"member\", Target = \"~M:Ns.C.M\")]",
            "[assembly: SuppressMessage(\"Security\", \"CA5364\", Justification = \"everything\")]",
            "[assembly: SuppressMessage(\"Security\", \"CA5364\", Scope = \"module\", Target = \"~M:Ns.C.M\")]",
            "[module: SuppressMessage(\"Security\", \"CA5364\", Scope = \"member\", Target = \"~M:Ns.C.M\")]",
        ] {
            assert!(global(text, FileKind::CSharp).is_empty(), "{text}");
        }
        // Text in a block comment or a string is no attribute.
        for text in [
            "/* [assembly: SuppressMessage(\"Security\", \"CA5364\", Scope = \"type\", Target = \"~T:C\")] */",
            "var s = \"[assembly: SuppressMessage(\\\"Security\\\", \\\"CA5364\\\", Scope = \\\"type\\\", Target = \\\"~T:C\\\")]\";",
        ] {
            assert!(global(text, FileKind::CSharp).is_empty(), "{text}");
        }
        // A line break inside the head, in either language, is read without a panic.
        assert_eq!(
            global("[assembly:\n SuppressMessage(\"S\", \"CA5364\", Scope = \"type\", Target = \"~T:C\")]", FileKind::CSharp).len(),
            1
        );
        assert_eq!(
            global("<Assembly: _\n SuppressMessage(\"S\", \"CA5364\", Scope:=\"type\", Target:=\"~T:C\")>", FileKind::VisualBasic).len(),
            1
        );
        // C# keywords are case-sensitive; VB's are not.
        assert!(global("[Assembly: SuppressMessage(\"S\", \"CA5364\", Scope = \"type\", Target = \"~T:C\")]", FileKind::CSharp).is_empty());
        assert_eq!(
            global(
                "<ASSEMBLY: SuppressMessage(\"S\", \"CA5364\", Scope:=\"type\", Target:=\"~T:C\")>",
                FileKind::VisualBasic
            )
            .len(),
            1
        );
    }

    #[test]
    fn global_targets_match_doc_ids_with_or_without_parameters() {
        let symbol = |kind: char, name: &str, parameters: Option<&[&str]>| DocSymbol {
            kind,
            name: name.to_owned(),
            parameters: parameters.map(|p| p.iter().map(|s| (*s).to_owned()).collect()),
        };
        let chain = [
            symbol('M', "Ns.Outer.Inner.Run", Some(&["String", "Int32[]"])),
            symbol('T', "Ns.Outer.Inner", None),
            symbol('T', "Ns.Outer", None),
            symbol('N', "Ns.Sub", None),
            symbol('N', "Ns", None),
        ];
        let covers = |scope: &str, target: &str| {
            let text = format!(
                "[assembly: SuppressMessage(\"Security\", \"CA5364\", Scope = \"{scope}\", Target = \"{target}\")]"
            );
            let found = global_suppressions(&text, FileKind::CSharp);
            assert_eq!(found.len(), 1, "{text}");
            found[0].covers("TLS001", &chain)
        };
        for (scope, target) in [
            (
                "member",
                "~M:Ns.Outer.Inner.Run(System.String,System.Int32[])",
            ),
            (
                "member",
                "~M:Ns.Outer.Inner.Run(System.String,System.Int32[]@)",
            ),
            ("member", "~M:Ns.Outer.Inner.Run"),
            ("type", "~T:Ns.Outer.Inner"),
            ("type", "~T:Ns.Outer"),
            ("namespaceanddescendants", "~N:Ns"),
            ("namespaceanddescendants", "~N:Ns.Sub"),
            // FxCop's spelling, from before Roslyn.
            (
                "member",
                "Ns.Outer+Inner.#Run(System.String,System.Int32[])",
            ),
            ("type", "Ns.Outer+Inner"),
        ] {
            assert!(covers(scope, target), "{scope} {target}");
        }
        for (scope, target) in [
            ("member", "~M:Ns.Outer.Inner.Run(System.String)"),
            (
                "member",
                "~M:Ns.Outer.Inner.Run(System.Int64,System.Int32[])",
            ),
            ("member", "~M:Ns.Outer.Inner.Stop"),
            ("member", "~P:Ns.Outer.Inner.Run"),
            ("type", "~T:Ns.Inner"),
            ("type", "~T:Other.Outer.Inner"),
            ("namespaceanddescendants", "~N:Ns.Other"),
            ("namespaceanddescendants", "~N:N"),
            // The namespace itself only: never the code in its types.
            ("namespace", "~N:Ns.Sub"),
        ] {
            assert!(!covers(scope, target), "{scope} {target}");
        }
        let text = "[assembly: SuppressMessage(\"Security\", \"CA5364\", Scope = \"type\", Target = \"~T:Ns.Outer\")]";
        assert!(!global_suppressions(text, FileKind::CSharp)[0].covers("TLS002", &chain));
    }

    #[test]
    fn global_suppressions_apply_to_the_findings_of_the_member() {
        let text = "namespace Ns {\n class C {\n  void M(string s) { a = SecurityProtocolType.Tls; }\n  void M(int i) { b = SecurityProtocolType.Tls; }\n }\n}\n";
        let suppressions = global_suppressions(
            "[assembly: SuppressMessage(\"Security\", \"CA5364\", Scope = \"member\", Target = \"~M:Ns.C.M(System.String)\")]",
            FileKind::CSharp,
        );
        let global: Vec<&GlobalSuppression> = suppressions.iter().collect();
        let findings = vec![
            finding_at(text, "a = SecurityProtocolType.Tls", "TLS001"),
            finding_at(text, "b = SecurityProtocolType.Tls", "TLS001"),
        ];
        let left: Vec<String> = apply(text, FileKind::CSharp, findings, false, &global)
            .into_iter()
            .map(|f| text[f.span].to_owned())
            .collect();
        assert_eq!(left, ["b = SecurityProtocolType.Tls"]);
    }

    #[test]
    fn unused_and_reasonless_suppressions_are_reported_on_request() {
        let text = "// tlslint:ignore TLS001\na = Tls;\n// tlslint:ignore TLS004 -- nothing here\nb = 1;\n";
        let findings = vec![finding_at(text, "a = Tls", "TLS001")];
        let left = remaining(text, FileKind::CSharp, findings.clone(), true);
        assert_eq!(left.len(), 2);
        assert!(left.iter().all(|(_, rule)| *rule == "TLS100"));
        assert!(remaining(text, FileKind::CSharp, findings, false).is_empty());
    }
}
