//! The fix oracle (tests/oracle/mod.rs) over every fix tlslint offers: on every case of
//! `test-repos/`, and on generated code that puts each fixable statement or value in every
//! position a language has for it. A fix the oracle rejects fails the test.

mod oracle;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tlslint::config::CliOverrides;
use tlslint::engine::{self, CheckOptions, ConfigChoice};
use tlslint::fix::{EditFile, Fix};
use tlslint::lang::FileKind;

/// The edits of a fix to one file: its path, its kind, its text (`None`: the fix creates it).
type FileEdits = (
    PathBuf,
    Option<FileKind>,
    Option<String>,
    Vec<(std::ops::Range<usize>, String)>,
);

/// Checks each file `fix` edits, with the fix applied alone. `own` is the finding's file.
fn check_fix(fix: &Fix, own: (&Path, FileKind, &str)) -> Result<(), String> {
    // Group the edits by file, keeping the first-seen order.
    let mut files: Vec<FileEdits> = Vec::new();
    for edit in &fix.edits {
        let (path, kind, text) = match &edit.file {
            EditFile::Same => (own.0.to_path_buf(), Some(own.1), Some(own.2.to_owned())),
            EditFile::Other { path, source, .. } => (
                path.clone(),
                FileKind::from_path(path),
                source.as_ref().map(|s| s.text.clone()),
            ),
        };
        match files.iter_mut().find(|f| f.0 == path) {
            Some(file) => file.3.push((edit.span.clone(), edit.content.clone())),
            None => files.push((
                path,
                kind,
                text,
                vec![(edit.span.clone(), edit.content.clone())],
            )),
        }
    }
    for (path, kind, text, edits) in files {
        let kind =
            kind.ok_or_else(|| format!("{}: a fix edits a file of no kind", path.display()))?;
        let result = match text {
            Some(text) => oracle::check(kind, &text, &edits).map(|_| ()),
            None => {
                // A created file is its edits' contents, in order.
                let created: String = edits.iter().map(|(_, content)| content.as_str()).collect();
                oracle::check_created(kind, &created)
            }
        };
        result.map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("test-repos/ exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Every fix on every test repository (all rules, safe and unsafe), one at a time.
#[test]
fn every_fix_on_the_test_repositories_keeps_the_tree_around_it() {
    let pool = Arc::new(engine::worker_pool(1).expect("a thread pool"));
    let mut checked = 0;
    let mut kinds = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for case in cases() {
        let options = CheckOptions {
            paths: vec![case.clone()],
            config: ConfigChoice::Discover,
            overrides: CliOverrides {
                select: Some(vec!["ALL".to_owned()]),
                ..CliOverrides::default()
            },
            walk: tlslint::walk::WalkOptions::default(),
            threads: 1,
            max_file_size: engine::DEFAULT_MAX_FILE_SIZE,
            cwd: case.clone(),
            report_unused_suppressions: true,
            baseline: None,
            pool: Some(Arc::clone(&pool)),
            progress: None,
            stdin: None,
            overlays: Default::default(),
        };
        let result = engine::check(&options).expect("the check runs");
        for report in &result.reports {
            for finding in &report.findings {
                let Some(fix) = &finding.fix else { continue };
                checked += 1;
                kinds.insert(format!("{:?}", report.kind));
                if let Err(e) = check_fix(fix, (&report.path, report.kind, &report.source.text)) {
                    failures.push(format!(
                        "{} {} ({}): {e}",
                        report.source.name, finding.rule.id, fix.description
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} fixes rejected:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    // The test repositories hold fixes in every language with fixes.
    assert!(checked > 100, "only {checked} fixes");
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "CSharp",
            "MsBuild",
            "Config",
            "Registry",
            "RuntimeConfig",
            "PowerShell",
            "VisualBasic",
            "Cpp"
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// Generated code: every fixable statement in every position that holds a statement.

use proptest::prelude::*;
use tlslint::target::{FrameworkVersion, Target};

/// A language's generator: the file around the code, the positions (a template with a `{S}`
/// slot, on its own line or inline; `{E}` takes the statement as an expression), and the
/// fixable statements (with and without their terminator).
struct Language {
    kind: FileKind,
    name: &'static str,
    /// The file; `{BODY}` is replaced by the generated code, indented by `indent`. The value
    /// stored in `protocols` must leave what the file shows (a public field, a call), or it
    /// would be a label and have no finding to fix.
    file: &'static str,
    indent: &'static str,
    positions: &'static [(&'static str, &'static str)],
    /// Statements as they stand alone, and as expressions.
    statements: &'static [(&'static str, &'static str)],
    targets: &'static [Target],
}

const UNKNOWN: Target = Target::Unknown;
const NET40: Target = Target::Framework(FrameworkVersion::V4_0);
const NET48: Target = Target::Framework(FrameworkVersion::V4_8);

const CSHARP: Language = Language {
    kind: FileKind::CSharp,
    name: "Gen.cs",
    file: "using System;\nusing System.Net;\nusing System.Security.Authentication;\nusing System.Threading.Tasks;\n\nclass Startup\n{\n    public static SslProtocols protocols;\n\n    static void Configure(bool legacy, object gate, int n, int[] items)\n    {\n{BODY}\n        ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;\n    }\n}\n",
    indent: "        ",
    positions: &[
        ("block", "{S}"),
        ("braces", "{\n    {S}\n}"),
        ("if", "if (legacy)\n    {S}"),
        ("if-braces", "if (legacy) {\n    {S}\n}"),
        ("if-same-line", "if (legacy) {S}"),
        ("else", "if (legacy)\n    n++;\nelse\n    {S}"),
        ("else-if", "if (legacy)\n    n++;\nelse if (n > 1)\n    {S}"),
        ("while", "while (legacy)\n    {S}"),
        ("for", "for (var i = 0; i < n; i++)\n    {S}"),
        ("foreach", "foreach (var item in items)\n    {S}"),
        ("do", "do\n    {S}\nwhile (legacy);"),
        ("using", "using (gate as IDisposable)\n    {S}"),
        ("lock", "lock (gate)\n    {S}"),
        (
            "fixed",
            "unsafe\n{\n    fixed (int* p = items)\n        {S}\n}",
        ),
        ("label", "retry:\n    {S}"),
        (
            "case-only",
            "switch (n)\n{\n    case 1:\n        {S}\n    default:\n        break;\n}",
        ),
        (
            "case-first",
            "switch (n)\n{\n    case 1:\n        {S}\n        break;\n}",
        ),
        (
            "case-last",
            "switch (n)\n{\n    case 1:\n        n++;\n        {S}\n        break;\n}",
        ),
        ("if-directive", "#if DEBUG\n{S}\n#endif"),
        (
            "if-else-directive",
            "#if DEBUG\n    n++;\n#else\n{S}\n#endif",
        ),
        ("directive-in-if", "if (legacy)\n#if DEBUG\n    {S}\n#endif"),
        (
            "directive-in-else",
            "if (legacy)\n    n++;\nelse\n#if DEBUG\n    {S}\n#else\n    n--;\n#endif",
        ),
        ("lambda-block", "Action a = () =>\n{\n    {S}\n};"),
        ("lambda-expression", "Action a = () =>\n    {E};"),
        ("lambda-argument", "Task.Run(() =>\n{\n    {S}\n});"),
        ("local-function", "void Local()\n{\n    {S}\n}\nLocal();"),
        (
            "local-expression-bodied",
            "void Local() =>\n    {E};\nLocal();",
        ),
        ("try", "try\n{\n    {S}\n}\ncatch (Exception)\n{\n}"),
    ],
    statements: &[
        (
            "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11;",
            "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls11",
        ),
        (
            "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls | SecurityProtocolType.Tls11;",
            "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls | SecurityProtocolType.Tls11",
        ),
        (
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;",
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12",
        ),
        (
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11;",
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11",
        ),
        (
            "ServicePointManager.SecurityProtocol = (SecurityProtocolType)0xFC0;",
            "ServicePointManager.SecurityProtocol = (SecurityProtocolType)0xFC0",
        ),
        (
            "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", true);",
            "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", true)",
        ),
        (
            "protocols = SslProtocols.Tls | SslProtocols.Tls12;",
            "protocols = SslProtocols.Tls | SslProtocols.Tls12",
        ),
    ],
    targets: &[UNKNOWN, NET40, NET48],
};

/// C# top-level statements: the same positions in a file without a class.
const CSHARP_TOP_LEVEL: Language = Language {
    file: "using System;\nusing System.Net;\nusing System.Security.Authentication;\nusing System.Threading.Tasks;\n\nvar legacy = args.Length > 0;\nobject gate = new object();\nvar n = args.Length;\nvar items = new int[0];\nSslProtocols protocols;\n{BODY}\nServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;\nApply(protocols);\n",
    indent: "",
    ..CSHARP
};

/// C# members: an expression-bodied method and a method body.
const CSHARP_MEMBERS: Language = Language {
    file: "using System;\nusing System.Net;\nusing System.Security.Authentication;\n\nclass Startup\n{\n    public static SslProtocols protocols;\n\n{BODY}\n}\n",
    indent: "    ",
    positions: &[
        ("expression-bodied", "static void Enable() =>\n    {E};"),
        ("method", "static void Enable()\n{\n    {S}\n}"),
        ("constructor", "static Startup()\n{\n    {S}\n}"),
        (
            "property-setter",
            "static bool Legacy\n{\n    set\n    {\n        {S}\n    }\n}",
        ),
        (
            "directive-member",
            "#if DEBUG\nstatic void Enable() => {E};\n#endif",
        ),
    ],
    ..CSHARP
};

const VISUAL_BASIC: Language = Language {
    kind: FileKind::VisualBasic,
    name: "Gen.vb",
    file: "Imports System\nImports System.Net\n\nModule Startup\n    Sub Configure(legacy As Boolean, gate As Object, n As Integer, items As Integer())\n{BODY}\n        ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12\n    End Sub\nEnd Module\n",
    indent: "        ",
    positions: &[
        ("block", "{S}"),
        ("if-block", "If legacy Then\n    {S}\nEnd If"),
        ("if-line", "If legacy Then {S}"),
        ("if-line-continued", "If legacy Then _\n    {S}"),
        ("if-line-else", "If legacy Then n += 1 Else {S}"),
        (
            "if-line-else-continued",
            "If legacy Then n += 1 Else _\n    {S}",
        ),
        (
            "else-block",
            "If legacy Then\n    n += 1\nElse\n    {S}\nEnd If",
        ),
        (
            "elseif-block",
            "If legacy Then\n    n += 1\nElseIf n > 1 Then\n    {S}\nEnd If",
        ),
        ("for", "For i = 1 To n\n    {S}\nNext"),
        ("for-each", "For Each item In items\n    {S}\nNext"),
        ("while", "While legacy\n    {S}\nEnd While"),
        ("do", "Do\n    {S}\nLoop While legacy"),
        (
            "using",
            "Using d = TryCast(gate, IDisposable)\n    {S}\nEnd Using",
        ),
        ("synclock", "SyncLock gate\n    {S}\nEnd SyncLock"),
        (
            "select",
            "Select Case n\n    Case 1\n        {S}\n    Case Else\nEnd Select",
        ),
        ("try", "Try\n    {S}\nCatch ex As Exception\nEnd Try"),
        ("directive", "#If DEBUG Then\n{S}\n#End If"),
        ("colon", "n += 1 : {S}"),
        ("lambda-line", "Dim a As Action = Sub() {S}"),
        ("lambda-block", "Dim a As Action = Sub()\n    {S}\nEnd Sub"),
        ("with", "With gate\n    {S}\nEnd With"),
    ],
    statements: &[
        (
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls Or SecurityProtocolType.Tls12",
            "",
        ),
        (
            "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls11 Or SecurityProtocolType.Tls12",
            "",
        ),
        (
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11",
            "",
        ),
        ("ServicePointManager.SecurityProtocol = 768 Or 3072", ""),
        (
            "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", True)",
            "",
        ),
    ],
    targets: &[UNKNOWN, NET40, NET48],
};

const POWERSHELL: Language = Language {
    kind: FileKind::PowerShell,
    name: "gen.ps1",
    file: "param($legacy, $n, $items)\n{BODY}\n[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12\n",
    indent: "",
    positions: &[
        ("script", "{S}"),
        ("if", "if ($legacy) {\n    {S}\n}"),
        ("if-same-line", "if ($legacy) { {S} }"),
        ("else", "if ($legacy) {\n    $n++\n} else {\n    {S}\n}"),
        (
            "elseif",
            "if ($legacy) {\n    $n++\n}\nelseif ($n -gt 1) {\n    {S}\n}",
        ),
        ("foreach", "foreach ($item in $items) {\n    {S}\n}"),
        ("labelled", ":outer foreach ($item in $items) {\n    {S}\n}"),
        ("while", "while ($legacy) {\n    {S}\n    break\n}"),
        ("do", "do {\n    {S}\n} while ($false)"),
        ("switch", "switch ($n) {\n    1 {\n        {S}\n    }\n}"),
        ("try", "try {\n    {S}\n} catch {\n}"),
        ("function", "function Enable-Tls {\n    {S}\n}"),
        ("script-block", "& {\n    {S}\n}"),
        ("pipeline", "1 | ForEach-Object {\n    {S}\n}"),
        ("semicolon-before", "$n = 1; {S}"),
        ("semicolon-after", "{S}; $n = 1"),
        ("and-chain", "$legacy -and ({S})"),
        ("continued-command", "Write-Host 'a' `\n    -NoNewline\n{S}"),
    ],
    statements: &[
        (
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls -bor [Net.SecurityProtocolType]::Tls12",
            "",
        ),
        (
            "[Net.ServicePointManager]::SecurityProtocol = 'Tls, Tls11, Tls12'",
            "",
        ),
        (
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls11",
            "",
        ),
        (
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12 + [Net.SecurityProtocolType]::Tls11",
            "",
        ),
        (
            "[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls, [Net.SecurityProtocolType]::Tls12",
            "",
        ),
        (
            "[AppContext]::SetSwitch('Switch.System.Net.DontEnableSchUseStrongCrypto', $true)",
            "",
        ),
        (
            "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319' -Name SchUseStrongCrypto -Value 0",
            "",
        ),
    ],
    targets: &[UNKNOWN],
};

const CPP: Language = Language {
    kind: FileKind::Cpp,
    name: "gen.cpp",
    file: "#include <windows.h>\n\nvoid configure(HINTERNET h, SCHANNEL_CRED *c, int legacy, int n)\n{\n{BODY}\n    c->grbitEnabledProtocols |= SP_PROT_TLS1_2_CLIENT;\n}\n",
    indent: "    ",
    positions: &[
        ("block", "{S}"),
        ("braces", "{\n    {S}\n}"),
        ("if", "if (legacy)\n    {S}"),
        ("if-braces", "if (legacy) {\n    {S}\n}"),
        ("else", "if (legacy)\n    n++;\nelse\n    {S}"),
        ("while", "while (legacy)\n    {S}"),
        ("for", "for (int i = 0; i < n; i++)\n    {S}"),
        ("do", "do\n    {S}\nwhile (legacy);"),
        (
            "case-only",
            "switch (n)\n{\ncase 1:\n    {S}\ncase 2:\n    break;\n}",
        ),
        (
            "case-first",
            "switch (n)\n{\ncase 1:\n    {S}\n    break;\n}",
        ),
        ("label", "retry:\n    {S}"),
        ("ifdef", "#ifdef DEBUG\n{S}\n#endif"),
        (
            "if-else-directive",
            "#if defined(DEBUG)\n    n++;\n#else\n{S}\n#endif",
        ),
        (
            "directive-in-if",
            "if (legacy)\n#ifdef DEBUG\n    {S}\n#endif",
        ),
        ("lambda", "auto enable = [&]() {\n    {S}\n};\nenable();"),
    ],
    statements: &[
        ("c->grbitEnabledProtocols |= SP_PROT_TLS1_1_CLIENT;", ""),
        (
            "c->grbitEnabledProtocols = SP_PROT_TLS1_CLIENT | SP_PROT_TLS1_2_CLIENT;",
            "",
        ),
        (
            "c->grbitEnabledProtocols = SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_CLIENT;",
            "",
        ),
        ("c->grbitEnabledProtocols = 0xA80;", ""),
    ],
    targets: &[UNKNOWN],
};

const LANGUAGES: [&Language; 6] = [
    &CSHARP,
    &CSHARP_TOP_LEVEL,
    &CSHARP_MEMBERS,
    &VISUAL_BASIC,
    &POWERSHELL,
    &CPP,
];

/// Prefixes every line but the first of `text` with `indent` (the first takes the slot's).
fn indented(text: &str, indent: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_owned()
            } else {
                format!("{indent}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fills the positions `path` (outermost first) around statement `statement`.
fn embed(language: &Language, path: &[usize], statement: usize) -> Option<String> {
    let (alone, expression) = language.statements[statement];
    let mut code = alone.to_owned();
    for &position in path.iter().rev() {
        let template = language.positions[position].1;
        if template.contains("{E}") {
            if expression.is_empty() || code != alone {
                return None; // only a statement itself has an expression form
            }
            code = template.replace("{E}", expression);
            continue;
        }
        let line = template.lines().find(|l| l.contains("{S}"))?;
        let alone_on_line = line.trim() == "{S}";
        if !alone_on_line && code.contains('\n') {
            return None; // an inline slot takes one line
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        code = template.replace("{S}", &indented(&code, indent));
    }
    Some(code)
}

/// The file for `code`, with a layout: line endings, blank lines and a comment around it.
fn file(language: &Language, code: &str, crlf: bool, comment: bool, blank: bool) -> String {
    let mut body = String::new();
    let note = match language.kind {
        FileKind::VisualBasic => "' generated",
        FileKind::PowerShell => "# generated",
        _ => "// generated",
    };
    if comment {
        body.push_str(note);
        body.push('\n');
    }
    body.push_str(code);
    if blank {
        body.push('\n');
    }
    let body = indented(&format!("\n{body}"), language.indent);
    let body = body.strip_prefix('\n').unwrap_or(&body).to_owned();
    let text = language
        .file
        .replace("{BODY}", &format!("{}{body}", language.indent));
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

/// Lints `text` and runs the oracle on each fix; returns how many fixes there were.
fn oracle_on(language: &Language, text: &str, target: Target) -> Result<usize, String> {
    let Some(findings) = tlslint::fuzzing::lint(language.kind, language.name, text, target) else {
        return Err(format!("the file was not analysed:\n{text}"));
    };
    let mut fixes = 0;
    for finding in &findings {
        if let Some(fix) = &finding.fix {
            fixes += 1;
            check_fix(fix, (Path::new(language.name), language.kind, text)).map_err(|e| {
                format!(
                    "{} ({}) on {target:?}: {e}",
                    finding.rule.id, fix.description
                )
            })?;
        }
    }
    Ok(fixes)
}

/// Whether tlslint offers a fix for `statement` in `position`. It offers none for deleting a
/// statement that is an expression (a lambda's or an expression-bodied member's body: there
/// is nothing to delete), nor, in C/C++, for deleting a statement outside a block (the
/// analyser marks only statements of blocks deletable).
fn fix_expected(language: &Language, position: usize, statement: usize) -> bool {
    let (name, template) = language.positions[position];
    let deletion = language.statements[statement].0.contains("|=");
    let outside_blocks = [
        "if",
        "else",
        "while",
        "for",
        "do",
        "label",
        "directive-in-if",
    ];
    !(deletion
        && (template.contains("{E}")
            || language.kind == FileKind::Cpp && outside_blocks.contains(&name)))
}

/// Every statement in every single position, with the plain layout, on every target: each
/// gets a fix (the opt-in after it may get one too), and the oracle accepts every fix.
#[test]
fn every_fixable_statement_in_every_position() {
    let mut failures = Vec::new();
    for language in LANGUAGES {
        for position in 0..language.positions.len() {
            for statement in 0..language.statements.len() {
                let Some(code) = embed(language, &[position], statement) else {
                    continue;
                };
                let text = file(language, &code, false, false, false);
                for &target in language.targets {
                    match oracle_on(language, &text, target) {
                        Ok(0) if !fix_expected(language, position, statement) => {}
                        Ok(0) => failures.push(format!(
                            "{} {}: no fix for `{}`:\n{text}",
                            language.name,
                            language.positions[position].0,
                            language.statements[statement].0
                        )),
                        Ok(_) => {}
                        Err(e) => failures.push(format!(
                            "{} {}: {e}",
                            language.name, language.positions[position].0
                        )),
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn nested() -> impl Strategy<Value = (usize, Vec<usize>, usize, usize, bool, bool, bool)> {
    (0..LANGUAGES.len()).prop_flat_map(|l| {
        let language = LANGUAGES[l];
        (
            Just(l),
            proptest::collection::vec(0..language.positions.len(), 1..=3),
            0..language.statements.len(),
            0..language.targets.len(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Positions nested in positions (an `if` body in a `case` in a lambda…), with line
    /// endings, comments and blank lines varied.
    #[test]
    fn fixes_keep_the_tree_in_nested_positions((l, path, statement, target, crlf, comment, blank) in nested()) {
        let language = LANGUAGES[l];
        if let Some(code) = embed(language, &path, statement) {
            let text = file(language, &code, crlf, comment, blank);
            if let Err(e) = oracle_on(language, &text, language.targets[target]) {
                let names: Vec<&str> = path.iter().map(|&p| language.positions[p].0).collect();
                prop_assert!(false, "{} {names:?}: {e}", language.name);
            }
        }
    }
}

/// The edit that replaces the first `old` in `text` with `new`.
fn edit(text: &str, old: &str, new: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let at = text
        .find(old)
        .expect("the text holds what the edit replaces");
    vec![(at..at + old.len(), new.to_owned())]
}

/// The oracle itself: edits that change the program are rejected, their safe versions pass.
#[test]
fn the_oracle_rejects_edits_that_change_the_program() {
    let rejects = |kind: FileKind, text: &str, old: &str, new: &str| {
        assert!(
            oracle::check(kind, text, &edit(text, old, new)).is_err(),
            "accepted: {old:?} -> {new:?} in\n{text}"
        );
    };
    let accepts = |kind: FileKind, text: &str, old: &str, new: &str| {
        if let Err(e) = oracle::check(kind, text, &edit(text, old, new)) {
            panic!("rejected: {old:?} -> {new:?}: {e}");
        }
    };
    // Issue 16's repro: the next statement becomes the body.
    let cs = "class C\n{\n    void M(bool legacy)\n    {\n        if (legacy)\n            X |= A;\n        X |= B;\n    }\n}\n";
    rejects(FileKind::CSharp, cs, "            X |= A;\n", "");
    accepts(FileKind::CSharp, cs, "X |= A;", "{ }");
    let cs = "class C\n{\n    void M()\n    {\n        x |= A;\n        X |= B;\n    }\n}\n";
    accepts(FileKind::CSharp, cs, "        x |= A;\n", "");
    // Precedence: the edited expression no longer stands as one node.
    let cs = "class C { void M() { x = a & (b | c); } }\n";
    rejects(FileKind::CSharp, cs, "(b | c)", "b | c");
    accepts(FileKind::CSharp, cs, "(b | c)", "c");
    // A `#if` branch as a body: tree-sitter sees a directive, the compiler a statement.
    let cs = "class C\n{\n    void M(bool legacy)\n    {\n        if (legacy)\n#if DEBUG\n            X |= A;\n#endif\n        X |= B;\n    }\n}\n";
    rejects(FileKind::CSharp, cs, "            X |= A;\n", "");
    rejects(FileKind::CSharp, cs, "        X |= B;\n", "");
    accepts(FileKind::CSharp, cs, "X |= A;", "{ }");
    // VB.NET: a continued single-line `If` takes the next line as its body.
    let vb = "Module M\n    Sub S(legacy As Boolean)\n        If legacy Then _\n            X = A\n        X = B\n    End Sub\nEnd Module\n";
    rejects(FileKind::VisualBasic, vb, "            X = A\n", "");
    accepts(FileKind::VisualBasic, vb, "X = A", "X = C");
    let vb = "Module M\n    Sub S(legacy As Boolean)\n        If legacy Then X = A\n        X = B\n    End Sub\nEnd Module\n";
    rejects(FileKind::VisualBasic, vb, " X = A", "");
    let vb = "Module M\n    Sub S(legacy As Boolean)\n        If legacy Then\n            X = A\n        End If\n    End Sub\nEnd Module\n";
    accepts(FileKind::VisualBasic, vb, "            X = A\n", "");
    rejects(FileKind::VisualBasic, vb, "        End If\n", "");
    // PowerShell: deleting a continued argument makes the next line part of the command.
    let ps = "Write-Host 'a' `\n    -NoNewline\n$x = 1\n";
    rejects(FileKind::PowerShell, ps, "    -NoNewline\n", "");
    let ps = "if ($legacy) {\n    $x = 1\n}\n$y = 2\n";
    accepts(FileKind::PowerShell, ps, "    $x = 1\n", "");
    rejects(FileKind::PowerShell, ps, "}\n", "");
    // C/C++.
    let cpp = "void f(int legacy)\n{\n    if (legacy)\n        x |= A;\n    x |= B;\n}\n";
    rejects(FileKind::Cpp, cpp, "        x |= A;\n", "");
    accepts(FileKind::Cpp, cpp, "x |= A;", "{ }");
    accepts(FileKind::Cpp, cpp, "A", "C");
    // XML: an element loses its start tag, or its value.
    let xml = "<configuration>\n  <runtime>\n    <a x=\"1\" />\n  </runtime>\n  <b />\n</configuration>\n";
    rejects(FileKind::Config, xml, "  <runtime>\n", "");
    rejects(FileKind::Config, xml, "<b />", "<b>");
    accepts(FileKind::Config, xml, "    <a x=\"1\" />\n", "");
    accepts(FileKind::Config, xml, "\"1\"", "\"2\"");
    accepts(FileKind::Config, xml, "  <b />\n", "  <b />\n  <c />\n");
    // .reg: a value keeps its name; JSON keeps its keys.
    let reg = "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"SchUseStrongCrypto\"=dword:00000000\n";
    accepts(FileKind::Registry, reg, "dword:00000000", "dword:00000001");
    rejects(
        FileKind::Registry,
        reg,
        "\"SchUseStrongCrypto\"",
        "\"Other\"",
    );
    let json = "{ \"configProperties\": { \"A\": true, \"B\": false } }\n";
    accepts(FileKind::RuntimeConfig, json, "true", "false");
    rejects(FileKind::RuntimeConfig, json, "\"A\": true, ", "");
}

/// XML files: a fixable setting, in a document, around other elements and comments, and
/// written in each of the spellings XML allows.
struct XmlCase {
    kind: FileKind,
    name: &'static str,
    document: &'static str,
    settings: &'static [&'static str],
}

// `httpRuntime targetFramework` is judged by a project rule (only the application's root
// `web.config` sets it), which a file alone does not run: its fix is checked on the test
// repositories (`aspnet-*`) by `every_fix_on_the_test_repositories_keeps_the_tree_around_it`.
const XML_CASES: [XmlCase; 3] = [
    XmlCase {
        kind: FileKind::Config,
        name: "web.config",
        document: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n{BODY}\n</configuration>\n",
        settings: &[
            "<runtime>\n  <AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSchUseStrongCrypto=true\" />\n</runtime>",
            "<system.serviceModel>\n  <bindings>\n    <netTcpBinding>\n      <binding name=\"b\">\n        <security mode=\"Transport\">\n          <transport sslProtocols=\"Tls, Tls11, Tls12\" />\n        </security>\n      </binding>\n    </netTcpBinding>\n  </bindings>\n</system.serviceModel>",
            "<system.serviceModel>\n  <bindings>\n    <netTcpBinding>\n      <binding name=\"b\">\n        <security mode=\"Transport\">\n          <transport sslProtocols=\"Tls11\" />\n        </security>\n      </binding>\n    </netTcpBinding>\n  </bindings>\n</system.serviceModel>",
            "<startup>\n  <supportedRuntime version=\"v4.0\" sku=\".NETFramework,Version=v4.5\" />\n</startup>",
            "<appSettings>\n  <add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"true\" />\n</appSettings>",
        ],
    },
    XmlCase {
        kind: FileKind::MsBuild,
        name: "Gen.csproj",
        document: "<Project Sdk=\"Microsoft.NET.Sdk\">\n{BODY}\n</Project>\n",
        settings: &[
            "<PropertyGroup>\n  <OutputType>Exe</OutputType>\n  <TargetFramework>net45</TargetFramework>\n</PropertyGroup>",
            "<PropertyGroup>\n  <OutputType>Exe</OutputType>\n  <TargetFrameworks>net45;net48</TargetFrameworks>\n</PropertyGroup>",
            "<PropertyGroup>\n  <OutputType>Exe</OutputType>\n  <TargetFrameworks>net40;net462</TargetFrameworks>\n</PropertyGroup>",
        ],
    },
    XmlCase {
        kind: FileKind::MsBuild,
        name: "Old.csproj",
        document: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project ToolsVersion=\"15.0\" xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\n{BODY}\n</Project>\n",
        settings: &[
            "<PropertyGroup>\n  <OutputType>Exe</OutputType>\n  <TargetFrameworkVersion>v4.5</TargetFrameworkVersion>\n</PropertyGroup>",
        ],
    },
];

/// Where the setting stands among other elements and comments.
const XML_SURROUNDINGS: [(&str, &str); 4] = [
    ("alone", "{S}"),
    ("comments", "<!-- before -->\n{S}\n<!-- after -->"),
    ("siblings", "<configSections />\n{S}\n<connectionStrings />"),
    (
        "comment-inside",
        "{S}\n<!-- <runtime><AppContextSwitchOverrides value=\"x\" /></runtime> -->",
    ),
];

/// Spellings of the same document: flags of [`xml_spelling`].
fn xml_spelling(text: &str, flags: u8) -> String {
    let mut text = text.to_owned();
    if flags & 1 != 0 {
        // No layout between tags.
        text = text.lines().map(str::trim).collect::<Vec<_>>().join("");
    }
    if flags & 2 != 0 {
        text = text.replace("=\"", " = \"");
    }
    if flags & 4 != 0 {
        // Empty elements with an end tag.
        let mut out = String::new();
        let mut rest = text.as_str();
        while let Some(end) = rest.find(" />") {
            let open = rest[..end].rfind('<').unwrap_or(0);
            let name: String = rest[open + 1..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            out.push_str(&rest[..end]);
            out.push_str(&format!("></{name}>"));
            rest = &rest[end + 3..];
        }
        out.push_str(rest);
        text = out;
    }
    if flags & 8 != 0 {
        text = text.replace('\n', "\r\n");
    }
    text
}

#[test]
fn every_xml_fix_in_every_surrounding_and_spelling() {
    let mut failures = Vec::new();
    let mut fixes = 0;
    for case in &XML_CASES {
        for setting in case.settings {
            for (place, surrounding) in XML_SURROUNDINGS {
                let body = indented(&surrounding.replace("{S}", setting), "  ");
                let document = case.document.replace("{BODY}", &format!("  {body}"));
                let mut found = 0;
                for flags in 0..16u8 {
                    let text = xml_spelling(&document, flags);
                    for target in [UNKNOWN, NET48] {
                        let language = Language {
                            kind: case.kind,
                            name: case.name,
                            ..CSHARP
                        };
                        match oracle_on(&language, &text, target) {
                            Ok(n) => found += n,
                            Err(e) => failures
                                .push(format!("{} {place} spelling {flags}: {e}", case.name)),
                        }
                    }
                }
                if found == 0 {
                    failures.push(format!("{} {place}: no fix for\n{document}", case.name));
                }
                fixes += found;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    assert!(fixes > 100, "{fixes} fixes");
}
