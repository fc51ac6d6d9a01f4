//! Linting one file: read, decode, prefilter, analyse. Never panics on input and never stops the
//! scan: every problem becomes an [`Outcome::Error`] with a reason.

use std::cell::{Cell, RefCell};
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use crate::facts::FileFacts;
use crate::lang::{self, FileKind, cpp, csharp};
use crate::source::{Layout, SourceFile, decode, layout};
use crate::suppress::{GlobalSuppression, global_suppressions};
use crate::walk::io_message;

/// What linting one file produced.
pub enum Outcome {
    /// Read and analysed; nothing for the rules or the project model.
    Clean,
    /// Facts for the rules and the project model.
    Facts {
        source: Arc<SourceFile>,
        facts: Box<FileFacts>,
        global_usings: Vec<csharp::GlobalAlias>,
        /// Assembly-level `SuppressMessage` attributes, which reach the file's whole project.
        suppressions: Vec<GlobalSuppression>,
    },
    /// Binary data: skipped quietly.
    Binary,
    /// Could not be linted, and why.
    Error(String),
}

impl Outcome {
    pub fn facts(&self) -> Option<&FileFacts> {
        match self {
            Outcome::Facts { facts, .. } => Some(facts),
            _ => None,
        }
    }
}

/// Reads, decodes and analyses one file. `display` makes the name shown in output (only for
/// files that have something to show: most have not, and are not worth the string); `globals` are
/// global usings of the file's project. `keep_directives`: a file that the prefilter rejects is
/// still kept when it holds suppression directives (only `--report-unused-suppressions` needs
/// them; otherwise such a file has nothing to report and its text is not worth keeping).
pub fn lint_file(
    path: &Path,
    kind: FileKind,
    display: &dyn Fn() -> String,
    globals: &[csharp::GlobalAlias],
    max_size: u64,
    keep_directives: bool,
) -> Outcome {
    // One read buffer per worker thread: most files stop at the prefilter, so their bytes are
    // never copied, and large files do not cost a fresh allocation (and its page faults) each.
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        let outcome = match read_into(path, max_size, &mut buffer) {
            Ok(filled) => lint_bytes(
                path,
                kind,
                display,
                globals,
                &buffer[..filled],
                keep_directives,
            ),
            Err(outcome) => outcome,
        };
        // Shrink a buffer that a rare huge file blew up, so idle threads do not hold it.
        if buffer.len() > KEEP_BUFFER {
            *buffer = Vec::new();
        }
        outcome
    })
}

/// Lints text that was not read from `path` (standard input, `--stdin-filename`) as if it were
/// that file's. `oversized`: the text went past `--max-filesize` and was not read whole; it is
/// refused as a file of that size would be.
pub fn lint_text(
    path: &Path,
    kind: FileKind,
    display: &dyn Fn() -> String,
    globals: &[csharp::GlobalAlias],
    bytes: &[u8],
    oversized: Option<u64>,
    keep_directives: bool,
) -> Outcome {
    if let Some(max_size) = oversized {
        return Outcome::Error(format!(
            "standard input is larger than the {} limit; raise it with --max-filesize",
            human_size(max_size)
        ));
    }
    lint_bytes(path, kind, display, globals, bytes, keep_directives)
}

/// Read buffers up to this size are kept for the next file.
const KEEP_BUFFER: usize = 4 * 1024 * 1024;

/// The first size of a read buffer: most source files fit.
const FIRST_BUFFER: usize = 64 * 1024;

/// Reads `path` into `buffer` and returns how many bytes of it the file filled; refuses files
/// above `max_size`. As ripgrep does: reads until the end, with no `stat` per file (a file
/// above the limit shows by reading one byte past it), into a buffer that stays initialised
/// from file to file, so nothing is zeroed or reallocated per file.
fn read_into(path: &Path, max_size: u64, buffer: &mut Vec<u8>) -> Result<usize, Outcome> {
    let cannot_read =
        |e: std::io::Error| Outcome::Error(format!("cannot read: {}", io_message(&e)));
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let limit = usize::try_from(max_size)
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            if filled >= limit {
                break;
            }
            let grown = buffer.len().saturating_mul(2).max(FIRST_BUFFER).min(limit);
            buffer.resize(grown, 0);
        }
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(cannot_read(e)),
        }
    }
    if filled as u64 > max_size {
        let size = file.metadata().map_or(filled as u64, |m| m.len());
        return Err(Outcome::Error(format!(
            "file is larger than the {} limit ({}); raise it with --max-filesize",
            human_size(max_size),
            human_size(size.max(filled as u64))
        )));
    }
    Ok(filled)
}

fn lint_bytes(
    path: &Path,
    kind: FileKind,
    display: &dyn Fn() -> String,
    globals: &[csharp::GlobalAlias],
    bytes: &[u8],
    keep_directives: bool,
) -> Outcome {
    let suppress_seen = Cell::new(None);
    let outcome = analyse_bytes(
        path,
        kind,
        display,
        globals,
        bytes,
        keep_directives,
        &suppress_seen,
    );
    if !matches!(kind, FileKind::CSharp | FileKind::VisualBasic) {
        return outcome;
    }
    // A project's global suppressions (Visual Studio's GlobalSuppressions.cs) name no protocol:
    // the prefilter lets such a file go, and they are looked for here.
    // Member-level `[SuppressMessage]` for other analyzers is common; an assembly-level one
    // needs `assembly` too (`Assembly`, VB's `ASSEMBLY`), which keeps the copy below rare.
    let mentions = match layout(bytes) {
        // The prefilter read the whole file and saw no `SuppressMessage`: nearly every file.
        Layout::Utf8 if suppress_seen.get() == Some(false) => false,
        Layout::Utf8 => {
            let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
            has(b"SuppressMessage") && (has(b"ssembly") || has(b"SSEMBLY"))
        }
        Layout::Utf16 => true,
        Layout::Binary => false,
    };
    if !mentions {
        return outcome;
    }
    match outcome {
        Outcome::Facts {
            source,
            facts,
            global_usings,
            ..
        } => Outcome::Facts {
            suppressions: global_suppressions(&source.text, kind),
            source,
            facts,
            global_usings,
        },
        Outcome::Clean => {
            let Ok((text, encoding)) = decode(bytes) else {
                return Outcome::Clean;
            };
            let suppressions = global_suppressions(&text, kind);
            if suppressions.is_empty() {
                return Outcome::Clean;
            }
            Outcome::Facts {
                source: SourceFile::new(display(), text, encoding),
                facts: Box::default(),
                global_usings: Vec::new(),
                suppressions,
            }
        }
        other => other,
    }
}

fn analyse_bytes(
    path: &Path,
    kind: FileKind,
    display: &dyn Fn() -> String,
    globals: &[csharp::GlobalAlias],
    bytes: &[u8],
    keep_directives: bool,
    suppress_seen: &Cell<Option<bool>>,
) -> Outcome {
    // UTF-8 is scanned as bytes before it is validated and copied: the tokens are ASCII.
    match layout(bytes) {
        Layout::Binary => return Outcome::Binary,
        Layout::Utf8 if !may_matter(kind, bytes, globals, suppress_seen) => {
            if !keep_directives || !crate::suppress::may_hold_directives_bytes(bytes) {
                return Outcome::Clean;
            }
        }
        Layout::Utf8 | Layout::Utf16 => {}
    }
    let (text, encoding) = match decode(bytes) {
        Ok(decoded) => decoded,
        Err(_) => return Outcome::Binary,
    };
    if !may_matter(kind, text.as_bytes(), globals, &Cell::new(None)) {
        return keep_for_directives(display, text, encoding, keep_directives);
    }
    let (facts, global_usings) = match kind {
        FileKind::CSharp => match csharp::analyze(&text, globals) {
            Ok(analysis) => (analysis.facts, analysis.global_usings),
            Err(failure) => return Outcome::Error(failure.to_string()),
        },
        // A header's definitions reach every file that includes it: fixes do not edit them.
        FileKind::Cpp => match cpp::analyze_unit(&text, cpp::Unit::of(path)) {
            Ok(facts) => (facts, Vec::new()),
            Err(failure) => return Outcome::Error(failure.to_string()),
        },
        _ => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            match lang::analyze_markup(kind, &text, &name) {
                Ok(facts) => (facts, Vec::new()),
                Err(message) => return Outcome::Error(message),
            }
        }
    };
    if facts.is_empty() && global_usings.is_empty() {
        return keep_for_directives(display, text, encoding, true);
    }
    Outcome::Facts {
        source: SourceFile::new(display(), text, encoding),
        facts: Box::new(facts),
        global_usings,
        suppressions: Vec::new(),
    }
}

/// The prefilter: one multi-pattern scan per file for the tokens without which a file of this
/// kind can hold neither a finding nor a fact. Project and config files always matter (they
/// define projects and targets) and are small.
/// `suppress_seen` learns, when the C# scan read the whole file, whether it holds
/// `SuppressMessage` (so that global suppressions need no scan of their own).
fn may_matter(
    kind: FileKind,
    bytes: &[u8],
    globals: &[csharp::GlobalAlias],
    suppress_seen: &Cell<Option<bool>>,
) -> bool {
    match kind {
        FileKind::CSharp => csharp_may_matter(bytes, globals, suppress_seen),
        FileKind::PowerShell => powershell_may_matter(bytes),
        FileKind::VisualBasic => vb_may_matter(bytes),
        FileKind::Cpp => cpp::may_matter(bytes),
        FileKind::MsBuild | FileKind::Config | FileKind::Registry | FileKind::RuntimeConfig => true,
    }
}

/// A file with nothing for the rules is still kept when it holds suppression directives (they
/// may be unused, which `--report-unused-suppressions` reports) and `keep` allows it.
fn keep_for_directives(
    display: &dyn Fn() -> String,
    text: String,
    encoding: crate::source::Encoding,
    keep: bool,
) -> Outcome {
    if keep && crate::suppress::may_hold_directives(&text) {
        Outcome::Facts {
            source: SourceFile::new(display(), text, encoding),
            facts: Box::default(),
            global_usings: Vec::new(),
            suppressions: Vec::new(),
        }
    } else {
        Outcome::Clean
    }
}

/// The prefilter for C#: the file must name a protocol sink or type, `SetSwitch`, or a name a
/// global using made available, in a way that can carry a value. WCF's
/// `SecurityProtocolFactory` family, parameters and fields declared as `SslProtocols x`, and
/// generic arguments make up most mentions in large code bases and can never hold a finding or
/// a fact; see [`csharp_mention_matters`].
fn csharp_may_matter(
    bytes: &[u8],
    globals: &[csharp::GlobalAlias],
    suppress_seen: &Cell<Option<bool>>,
) -> bool {
    // `SuppressMessage` rides along in the same scan: global suppressions need to know about
    // it, and a second scan of every file for it cost a fifth of a sweep.
    static FINDER: LazyLock<TokenFinder> = LazyLock::new(|| {
        let mut tokens = csharp::INTERESTING_TOKENS.to_vec();
        tokens.push(SUPPRESS_MESSAGE);
        TokenFinder::new(&tokens)
    });
    let contains = |needle: &str| memchr::memmem::find(bytes, needle.as_bytes()).is_some();
    // `SecurityProtocol` is only written through `ServicePointManager`, named in this file
    // (`ServicePointManager.SecurityProtocol`, an alias, `using static`) or in a global using.
    let mut names_service_point_manager = None;
    let mut suppress = false;
    let relevant = FINDER.find_iter(bytes).any(|(token, found)| {
        if token == SUPPRESS_MESSAGE {
            suppress = true;
            return false;
        }
        csharp_mention_matters(token, &bytes[..found.start], &bytes[found.end..])
            && (token != "SecurityProtocol"
                || !globals.is_empty()
                || *names_service_point_manager
                    .get_or_insert_with(|| contains("ServicePointManager")))
    });
    if relevant {
        return true;
    }
    suppress_seen.set(Some(suppress));
    globals.iter().any(|global| match &global.alias {
        Some(alias) => contains(alias),
        // `global using static System.Net.SecurityProtocolType;`: bare member names.
        None => contains("Tls") || contains("Ssl"),
    })
}

const SUPPRESS_MESSAGE: &str = "SuppressMessage";

/// Finds the leftmost-longest occurrences of a few case-sensitive tokens. With SIMD (x86-64,
/// aarch64) it is the Teddy searcher, a third faster on C# than the general automaton, whose
/// prefilter would stop at every `S` (all the C# tokens start with one).
struct TokenFinder {
    /// The tokens, longest first: leftmost-first over them is leftmost-longest.
    tokens: Vec<&'static str>,
    packed: Option<aho_corasick::packed::Searcher>,
    automaton: aho_corasick::AhoCorasick,
}

impl TokenFinder {
    fn new(tokens: &[&'static str]) -> TokenFinder {
        let mut tokens = tokens.to_vec();
        tokens.sort_by_key(|token| std::cmp::Reverse(token.len()));
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
            .builder()
            .extend(&tokens)
            .build();
        let automaton = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&tokens)
            .expect("static patterns compile");
        TokenFinder {
            tokens,
            packed,
            automaton,
        }
    }

    fn find_iter<'a>(
        &'a self,
        haystack: &'a [u8],
    ) -> impl Iterator<Item = (&'static str, std::ops::Range<usize>)> + 'a {
        let found: Box<dyn Iterator<Item = aho_corasick::Match> + 'a> = match &self.packed {
            Some(packed) => Box::new(packed.find_iter(haystack)),
            None => Box::new(self.automaton.find_iter(haystack)),
        };
        found.map(|m| (self.tokens[m.pattern().as_usize()], m.range()))
    }
}

/// Whether a mention of `token` between `before` and `rest` can be part of a protocol value, a
/// sink write, an alias or a switch. A value needs a member access (`SslProtocols.Tls`), a cast
/// (`(SecurityProtocolType)768`), an operator or assignment (`SslProtocols |= …`), or an alias
/// or `using static` (`…SecurityProtocolType;`); polyfill types only share the name's start
/// (`SecurityProtocolTypeExtensions`). A type used to declare something (`SslProtocols
/// protocols`, `List<SslProtocols>`, `SslProtocols?`) carries no value, nor does a variable or
/// constant that merely has the name (`const string SslProtocols = "sslProtocols";`), nor do
/// longer names that start with `SecurityProtocol` (WCF's `SecurityProtocolFactory`).
/// `SecurityProtocol` matters only where it is assigned, and `SetSwitch` only where it is
/// called (not in strings and messages). When in doubt (a comment between), the file is parsed.
fn csharp_mention_matters(token: &str, before: &[u8], rest: &[u8]) -> bool {
    let next = rest.iter().position(|b| !b.is_ascii_whitespace());
    let next_two = next.map(|at| (rest[at], rest.get(at + 1).copied()));
    // A comment or directive between, or the end of the text: cannot tell.
    let in_doubt = matches!(next_two, None | Some((b'/' | b'#', _)));
    let assigned = match next_two {
        Some((b'=', second)) => second != Some(b'=') && second != Some(b'>'),
        Some((b'|' | b'&' | b'^', Some(b'='))) => true,
        _ => false,
    };
    if token == "SetSwitch" {
        return in_doubt || matches!(next_two, Some((b'(', _)));
    }
    if rest.first().is_some_and(|&b| csharp::is_ident_byte(b)) {
        return token != "SecurityProtocol";
    }
    if assigned && declares(before) {
        return false;
    }
    if token == "SecurityProtocol" {
        return in_doubt || assigned;
    }
    in_doubt
        || matches!(
            next_two,
            Some((b'.' | b')' | b';' | b'=' | b'|' | b'&' | b'^', _))
        )
}

/// Whether the text before a name ends with a type, so that the name is being declared
/// (`string SslProtocols`, `List<int> SslProtocols`, `int[] SslProtocols`) rather than assigned
/// (`else SslProtocols = …`, `{ SslProtocols = … }`).
fn declares(before: &[u8]) -> bool {
    const EXPRESSION_KEYWORDS: [&[u8]; 22] = [
        b"else",
        b"do",
        b"return",
        b"yield",
        b"throw",
        b"in",
        b"when",
        b"and",
        b"or",
        b"not",
        b"is",
        b"as",
        b"case",
        b"await",
        b"out",
        b"ref",
        b"new",
        b"default",
        b"checked",
        b"unchecked",
        b"select",
        b"where",
    ];
    // The end of a longer name (`EnabledSslProtocols`): that name is what is assigned.
    if before.last().is_some_and(|&b| csharp::is_ident_byte(b)) {
        return false;
    }
    let end = before
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |at| at + 1);
    let before = &before[..end];
    match before.last() {
        // `=>`: a lambda's or member's body follows.
        Some(b'>') => before.len() < 2 || before[before.len() - 2] != b'=',
        Some(b']') => true,
        Some(&b) if csharp::is_ident_byte(b) => {
            let start = before
                .iter()
                .rposition(|&b| !csharp::is_ident_byte(b))
                .map_or(0, |at| at + 1);
            !EXPRESSION_KEYWORDS.contains(&&before[start..])
        }
        _ => false,
    }
}

/// A searcher for `tokens` in any ASCII case, for languages whose names ignore case.
fn any_case(tokens: &[&str]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(tokens)
        .expect("static patterns compile")
}

/// The prefilter for scripts, case-insensitive like PowerShell.
fn powershell_may_matter(bytes: &[u8]) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> =
        LazyLock::new(|| any_case(&lang::powershell::INTERESTING_TOKENS));
    FINDER.is_match(bytes)
}

/// The prefilter for VB.NET: the same words as for C#, compared case-insensitively (VB names
/// are). Aliases need no entry: VB declares them in the same file, naming the type.
fn vb_may_matter(bytes: &[u8]) -> bool {
    static FINDER: LazyLock<aho_corasick::AhoCorasick> =
        LazyLock::new(|| any_case(&lang::vb::INTERESTING_TOKENS));
    FINDER.is_match(bytes)
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matters(text: &str) -> bool {
        csharp_may_matter(text.as_bytes(), &[], &Cell::new(None))
    }

    /// One buffer serves files of any size in turn: each read fills exactly its file, a file
    /// at the limit is read, one byte above it is refused with its size.
    #[test]
    fn reads_files_of_any_size_into_one_buffer() {
        let dir = tempfile::tempdir().unwrap();
        let mut buffer = Vec::new();
        for size in [
            0,
            10,
            FIRST_BUFFER - 1,
            FIRST_BUFFER,
            FIRST_BUFFER + 1,
            300_000,
            5,
        ] {
            let path = dir.path().join(format!("{size}.cs"));
            let bytes: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            let filled = read_into(&path, 300_000, &mut buffer).ok().unwrap();
            assert_eq!(&buffer[..filled], &bytes[..], "{size}");
        }
        let path = dir.path().join("big.cs");
        std::fs::write(&path, vec![b'x'; 300_001]).unwrap();
        match read_into(&path, 300_000, &mut buffer) {
            Err(Outcome::Error(message)) => {
                assert!(
                    message.contains("larger than the 293 KiB limit (293 KiB)"),
                    "{message}"
                )
            }
            _ => panic!("a file above the limit is refused"),
        }
        assert!(matches!(
            read_into(&dir.path().join("missing.cs"), 10, &mut buffer),
            Err(Outcome::Error(message)) if message.contains("no such file")
        ));
    }

    #[test]
    fn csharp_prefilter_keeps_values_writes_and_aliases() {
        for text in [
            "x = SslProtocols.Tls;",
            "x = SslProtocols . Tls;",
            "x = (SecurityProtocolType)768;",
            "ServicePointManager.SecurityProtocol = 0;",
            "ServicePointManager.SecurityProtocol |= y;",
            "h.SslProtocols = p;",
            "o.EnabledSslProtocols=p;",
            "using SPT = System.Net.SecurityProtocolType;",
            "using static System.Net.SslProtocols;",
            "x = SecurityProtocolTypeExtensions.Tls12;",
            "x = MySslProtocolsPolyfill.Tls11;",
            "AppContext.SetSwitch(name, true);",
            "x = SslProtocols /* legacy */ .Tls;",
            "x = SslProtocols",
            "new HttpClientHandler { SslProtocols = configured };",
            "if (a) b(); else SslProtocols = configured;",
            "h => SslProtocols = configured;",
            "using static System.Net.ServicePointManager; SecurityProtocol = p;",
            "ServicePointManager.SecurityProtocol /* all */ = p;",
            "AppContext.SetSwitch (name, true);",
        ] {
            assert!(matters(text), "{text}");
        }
        // A global using may import `ServicePointManager` statically.
        let global = csharp::GlobalAlias {
            alias: None,
            target: "System.Net.ServicePointManager".to_owned(),
            is_static: true,
        };
        assert!(csharp_may_matter(
            b"SecurityProtocol = p;",
            std::slice::from_ref(&global),
            &Cell::new(None)
        ));
    }

    /// The prefilter tells global suppressions whether a file it read whole holds
    /// `SuppressMessage`; when it stopped early, it does not know.
    #[test]
    fn the_prefilter_sees_suppress_message_on_the_way() {
        let seen = Cell::new(None);
        assert!(!csharp_may_matter(
            b"[assembly: SuppressMessage(\"a\", \"b\")]",
            &[],
            &seen
        ));
        assert_eq!(seen.get(), Some(true));
        let seen = Cell::new(None);
        assert!(!csharp_may_matter(b"class C { }", &[], &seen));
        assert_eq!(seen.get(), Some(false));
        let seen = Cell::new(None);
        assert!(csharp_may_matter(b"x = SslProtocols.Tls;", &[], &seen));
        assert_eq!(seen.get(), None);
    }

    /// The SIMD searcher and the automaton it stands in for find the same tokens: the longest
    /// where one token starts another.
    #[test]
    fn token_finder_finds_leftmost_longest_either_way() {
        let finder = TokenFinder::new(&csharp::INTERESTING_TOKENS);
        let text = b"x = SecurityProtocolType.Tls; ServicePointManager.SecurityProtocol = y; \
                     SslProtocols SetSwitch SecurityProtocolTypeExtensions SecurityProtoco";
        let found: Vec<_> = finder.find_iter(text).collect();
        let tokens: Vec<&str> = found.iter().map(|(token, _)| *token).collect();
        assert_eq!(
            tokens,
            [
                "SecurityProtocolType",
                "SecurityProtocol",
                "SslProtocols",
                "SetSwitch",
                "SecurityProtocolType"
            ]
        );
        let by_automaton: Vec<_> = finder
            .automaton
            .find_iter(&text[..])
            .map(|m| (finder.tokens[m.pattern().as_usize()], m.range()))
            .collect();
        assert_eq!(found, by_automaton);
    }

    #[test]
    fn csharp_prefilter_drops_declarations_and_lookalikes() {
        for text in [
            "class C { SecurityProtocolFactory f; SecurityProtocolCorrelationState s; }",
            "void M(SslProtocols protocols, bool check) { }",
            "List<SslProtocols> all; SslProtocols? maybe; SslProtocols[] many;",
            "var s = \"SslProtocols\" + x;",
            "class Ok { }",
            "internal const string SslProtocols = \"sslProtocols\";",
            "List<int> SslProtocols = new(); int[] SecurityProtocolType = { };",
            "this.SecurityProtocol = securityProtocol; this.SecurityProtocol.Open();",
            "ServicePointManager.SecurityProtocol.HasFlag(p); Use(ServicePointManager.SecurityProtocol);",
            "if (ServicePointManager.SecurityProtocol == p) { }",
            "const string Prefix = \"AppContext.SetSwitch:\"; Find(\"SetSwitch\", flags);",
        ] {
            assert!(!matters(text), "{text}");
        }
    }
}
