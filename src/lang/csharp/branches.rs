//! Conditional compilation (`#if`/`#elif`/`#else`/`#endif`) read one branch at a time.
//!
//! tree-sitter-c-sharp reads every branch of a directive group as code at once. Where the group
//! stands among statements or members that is what the compiler would see under some set of
//! symbols, but where it stands inside an expression (the elements of a collection initializer,
//! the arguments of a call) the branches run into each other (`Tls12, #else Tls11 | Tls12,`)
//! and the parse breaks around them; and a branch no build compiles (a missing `;`) may break
//! the code around it. Values in such branches were lost.
//!
//! The compiler reads one branch per group, so that is what a *variant* of the file is: the
//! same text with the directive lines and every branch but one blanked out (spaces, so every
//! byte keeps its offset and every fact found in a variant points at the real file). Variant
//! `j` takes the `j`-th branch of every group (its last one, or none when it has no `#else`,
//! when it has fewer). A branch nested in another is read when both are taken by the same
//! variant; the full parse still reads every branch as code.

/// Most variants read for one file: a group with more branches than this is rare, and each
/// variant is a parse.
const MAX_VARIANTS: usize = 6;

/// One `#if` … `#endif` group: the byte ranges of its branches' bodies and whether the last
/// one is an `#else`.
#[derive(Debug, Default)]
struct Group {
    branches: Vec<(usize, usize)>,
    has_else: bool,
    /// Where the body of the branch being read starts.
    open: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    If,
    Elif,
    Else,
    Endif,
}

/// The conditional directive a line holds, if any (`#if`, `# elif`, …; not `#ifdef`, which C#
/// does not have, nor `#region`).
fn directive(line: &str) -> Option<Directive> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start();
    let word_end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    match &rest[..word_end] {
        "if" => Some(Directive::If),
        "elif" => Some(Directive::Elif),
        "else" => Some(Directive::Else),
        "endif" => Some(Directive::Endif),
        _ => None,
    }
}

/// The file's directive groups and the byte ranges of its conditional directive lines. An
/// `#endif` missing at the end of the file closes its groups there; a stray `#else` or
/// `#endif` is only blanked.
fn groups(text: &str) -> (Vec<Group>, Vec<(usize, usize)>) {
    let mut done = Vec::new();
    let mut open: Vec<Group> = Vec::new();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        if let Some(found) = directive(&text[start..end]) {
            lines.push((start, end));
            match found {
                Directive::If => open.push(Group {
                    open: end,
                    ..Group::default()
                }),
                Directive::Elif | Directive::Else => {
                    if let Some(group) = open.last_mut() {
                        group.branches.push((group.open, start));
                        group.open = end;
                        group.has_else = found == Directive::Else;
                    }
                }
                Directive::Endif => {
                    if let Some(mut group) = open.pop() {
                        group.branches.push((group.open, start));
                        done.push(group);
                    }
                }
            }
        }
        start = end;
    }
    for mut group in open.into_iter().rev() {
        group.branches.push((group.open, text.len()));
        done.push(group);
    }
    (done, lines)
}

/// The byte ranges of the branch bodies of each conditional directive group, for
/// [`crate::facts::FileFacts::directive_groups`].
pub fn branch_ranges(text: &str) -> Vec<Vec<std::ops::Range<usize>>> {
    groups(text)
        .0
        .into_iter()
        .map(|group| {
            group
                .branches
                .into_iter()
                .map(|(start, end)| start..end)
                .collect()
        })
        .collect()
}

/// Whether the text has a conditional directive group (an `#if` line): cheap, so that files
/// without one never pay for a look at their tree.
pub fn has_groups(text: &str) -> bool {
    text.contains("if")
        && text
            .lines()
            .any(|line| directive(line) == Some(Directive::If))
}

/// The texts of the file read one branch at a time (none when it has no conditional
/// directive), each as long as `text`, without duplicates.
pub fn variants(text: &str) -> Vec<String> {
    if !has_groups(text) {
        return Vec::new();
    }
    let (groups, lines) = groups(text);
    let count = groups
        .iter()
        .map(|g| g.branches.len() + usize::from(!g.has_else))
        .max()
        .unwrap_or(0)
        .min(MAX_VARIANTS);
    let mut out: Vec<String> = Vec::new();
    for j in 0..count {
        // The ranges to blank, merged before any byte is written: nested groups lie inside the
        // branches around them, and blanking each in turn would cost the nesting depth times
        // the text.
        let mut ranges: Vec<(usize, usize)> = lines.clone();
        let mut blank = |range: (usize, usize)| ranges.push(range);
        for group in &groups {
            let taken = if j < group.branches.len() {
                Some(j)
            } else if group.has_else {
                Some(group.branches.len() - 1)
            } else {
                None
            };
            for (i, &branch) in group.branches.iter().enumerate() {
                if Some(i) != taken {
                    blank(branch);
                }
            }
        }
        ranges.sort_unstable();
        let mut bytes = text.as_bytes().to_vec();
        let mut done = 0;
        for (start, end) in ranges {
            let from = start.max(done);
            if let Some(span) = bytes.get_mut(from..end.max(from)) {
                for b in span {
                    if *b != b'\n' && *b != b'\r' {
                        *b = b' ';
                    }
                }
            }
            done = done.max(end);
        }
        // Only ASCII bytes were written over whole lines' contents, and each line range
        // starts and ends at a line boundary: the text stays UTF-8. Should it not, the
        // variant is skipped (the full parse still reads it).
        if let Ok(variant) = String::from_utf8(bytes)
            && !out.contains(&variant)
        {
            out.push(variant);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        variants(text)
            .into_iter()
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn one_branch_of_every_group_at_a_time() {
        let text = "a\n#if X\nb\n#elif Y\nc\n#else\nd\n#endif\ne\n#if Z\nf\n#endif\n";
        assert_eq!(shown(text), ["a b e f", "a c e", "a d e"]);
        for variant in variants(text) {
            assert_eq!(variant.len(), text.len());
        }
    }

    #[test]
    fn nested_groups_and_missing_endif() {
        let text = "#if A\n#if B\nx\n#else\ny\n#endif\n#else\nz\n";
        assert_eq!(shown(text), ["x", "z"]);
    }

    #[test]
    fn files_without_conditional_directives_have_no_variants() {
        assert!(variants("#region R\nclass C { }\n#endregion\n").is_empty());
        assert!(variants("// #if X\nclass C { }\n").is_empty());
        assert!(!has_groups("class C { } // #if\n#ifdef\n"));
        assert!(has_groups("  #  if DEBUG\n"));
        // A stray `#endif` is only blanked.
        assert_eq!(shown("#if\n#endif\n#endif\nq\n"), ["q"]);
    }

    #[test]
    fn multibyte_text_keeps_its_offsets() {
        let text = "é\n#if X\n\"ü\"\n#else\n\"ß\"\n#endif\n";
        let found = variants(text);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|v| v.len() == text.len()));
        assert!(found[0].contains('ü') && !found[0].contains('ß'));
    }

    #[test]
    fn branch_ranges_are_the_bodies_of_each_group() {
        let text = "a\n#if X\nb\n#else\nc\n#endif\n";
        let ranges = branch_ranges(text);
        assert_eq!(ranges.len(), 1);
        let bodies: Vec<&str> = ranges[0].iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(bodies, ["b\n", "c\n"]);
    }

    /// The facts of a file whose `#if` branches inside one statement are read apart.
    fn facts(text: &str) -> crate::facts::FileFacts {
        crate::lang::csharp::analyze(text, &[]).unwrap().facts
    }

    fn write_of<'f>(
        facts: &'f crate::facts::FileFacts,
        text: &str,
        value: &str,
    ) -> &'f crate::facts::ProtocolWrite {
        facts
            .writes
            .iter()
            .find(|w| &text[w.value.clone()] == value)
            .unwrap_or_else(|| panic!("no write of {value}: {:?}", facts.writes))
    }

    /// Each branch is whole in its own variant: both values are fixable, and no build
    /// compiles both, whichever comes first (a later branch's statement reaches over the
    /// earlier one as text).
    #[test]
    fn values_of_different_branches_are_exclusive_and_whole() {
        for (first, second) in [("Tls12", "Tls11"), ("Tls11", "Tls12")] {
            let text = format!(
                "using System.Net;\nclass C {{ void A() {{\nServicePointManager.SecurityProtocol =\n#if NET47\n SecurityProtocolType.{first};\n#elif NET45\n SecurityProtocolType.{second};\n#endif\n}} }}\n"
            );
            let facts = facts(&text);
            let a = write_of(&facts, &text, &format!("SecurityProtocolType.{first}"));
            let b = write_of(&facts, &text, &format!("SecurityProtocolType.{second}"));
            assert!(facts.fixable(a) && facts.fixable(b), "{facts:?}");
            assert!(facts.exclusive(&a.value, &b.value));
            assert!(facts.exclusive(&b.value, &a.value));
            assert!(!facts.exclusive(&a.value, &a.value));
            // `SecurityProtocol =` stands before the group: the statement is not one piece.
            assert!(!facts.statement_editable(a) && !facts.statement_editable(b));
        }
    }

    /// Two values of one branch, or one inside and one outside a group, can be compiled
    /// together; a statement wholly inside a branch stays editable.
    #[test]
    fn values_of_one_branch_are_not_exclusive() {
        let text = "using System.Net;\nusing System.Security.Authentication;\nclass C { void A(System.Net.Security.SslStream s) {\n\
            s.AuthenticateAsClient(\"h\", null,\n#if NEW\n SslProtocols.Tls12 | SslProtocols.Tls13,\n#else\n SslProtocols.Tls11,\n#endif\n false);\n\
            SslProtocols[] p = { SslProtocols.Ssl3,\n#if NEW\n SslProtocols.Tls12,\n#endif\n };\n\
            #if OLD\nServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls;\n#endif\n} }\n";
        let facts = facts(text);
        let modern = write_of(&facts, text, "SslProtocols.Tls12 | SslProtocols.Tls13");
        let old = write_of(&facts, text, "SslProtocols.Tls11");
        assert!(facts.exclusive(&modern.value, &old.value));
        let ssl3 = write_of(&facts, text, "SslProtocols.Ssl3");
        let tls12 = write_of(&facts, text, "SslProtocols.Tls12");
        assert!(!facts.exclusive(&ssl3.value, &tls12.value));
        let added = write_of(&facts, text, "SecurityProtocolType.Tls");
        assert!(facts.statement_editable(added));
    }
}
