//! Fix builders the rules share: removing deprecated operands from a value, writing the right
//! replacement for the file's target and language, deleting a statement, flipping a switch or a
//! registry value. [`native`] builds the fixes of native (WinHTTP, Schannel) protocol values.

pub mod native;

use super::FileContext;
use crate::facts::{Operand, ProtocolWrite, RegistryData, RegistryValue, Sink, Span, WriteOp};
use crate::fix::text::{
    Removal, Separator, chain_len, member, numeric, remove_from_chain, rewrite_number, whole_lines,
};
use crate::fix::{Applicability, Edit, Fix};
use crate::lang::tree::StatementPosition;
use crate::lang::{FileKind, cpp, csharp};
use crate::protocol::{MODERN_BITS, ProtocolEnum, TLS12, describe_versions};
use crate::target::{FrameworkVersion, Target};

/// The span holding a value's chain, and its separator: the inside of a quoted string
/// (`'Tls, Tls11'`), a WCF attribute value, or a code expression.
fn chain(text: &str, write: &ProtocolWrite, kind: FileKind) -> (Span, Separator) {
    let value = write.value.clone();
    let raw = text.get(value.clone()).unwrap_or("").trim();
    match kind {
        FileKind::Config => (value, Separator::Comma),
        FileKind::PowerShell => {
            // `@(A, B)`: the chain is the array's inside (what is kept stays an array).
            if let Some(inner) = array_subexpression(text, &value) {
                let (range, separator) = chain(
                    text,
                    &ProtocolWrite {
                        value: inner,
                        ..write.clone()
                    },
                    kind,
                );
                return (range, separator);
            }
            let quoted = raw.len() >= 2
                && (raw.starts_with('\'') && raw.ends_with('\'')
                    || raw.starts_with('"') && raw.ends_with('"'));
            if quoted {
                let start = value.start
                    + (text[value.clone()].len() - text[value.clone()].trim_start().len());
                (start + 1..start + raw.len() - 1, Separator::Comma)
            } else if raw.to_ascii_lowercase().contains("-bor") {
                (value, Separator::Bor)
            } else if let Some(names) = cast_string(text, &value) {
                (names, Separator::Comma)
            } else if chain_len(text, value.clone(), Separator::Comma) == 1
                && chain_len(text, value.clone(), Separator::Plus) > 1
            {
                (value, Separator::Plus)
            } else {
                (value, Separator::Comma)
            }
        }
        _ => {
            // A value with no `|`/`Or` may be a sum of flags (`Tls12 + 768`); the analyser
            // forbids fixes where the terms can overlap.
            let separator = Separator::for_code(kind);
            if chain_len(text, value.clone(), separator) == 1
                && chain_len(text, value.clone(), Separator::Plus) > 1
            {
                (value, Separator::Plus)
            } else {
                (value, separator)
            }
        }
    }
}

/// The inside of a PowerShell array subexpression `@(…)` that is the whole value.
fn array_subexpression(text: &str, value: &Span) -> Option<Span> {
    let raw = text.get(value.clone())?;
    let start = value.start + (raw.len() - raw.trim_start().len());
    let trimmed = raw.trim();
    let inside = trimmed.strip_prefix("@(")?.strip_suffix(')')?;
    // `@(A) + @(B)` starts and ends like one: the brackets must pair up, outside strings
    // (`@('(' + $x) + @(')')` would pair up if quotes were ignored). A quote this cannot read
    // (a here-string, an escaped quote) means no fix.
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    for b in inside.bytes() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), b'`') => return None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    if quote.is_some() {
        return None;
    }
    (depth == 0).then(|| start + 2..start + 2 + inside.len())
}

/// The names inside a PowerShell cast of a string (`[Net.SecurityProtocolType]'Tls11, Tls12'`).
fn cast_string(text: &str, value: &Span) -> Option<Span> {
    let raw = text.get(value.clone())?;
    let start = value.start + (raw.len() - raw.trim_start().len());
    let trimmed = raw.trim();
    if !trimmed.starts_with('[') {
        return None;
    }
    let close = trimmed.find(']')?;
    let rest = &trimmed[close + 1..];
    let string_start = start + close + 1 + (rest.len() - rest.trim_start().len());
    let string = rest.trim();
    let quoted = string.len() >= 2
        && (string.starts_with('\'') && string.ends_with('\'')
            || string.starts_with('"') && string.ends_with('"'));
    quoted.then(|| string_start + 1..string_start + string.len() - 1)
}

/// The value that replaces a protocol setting made only of deprecated versions, for the target
/// (DESIGN.md §3): the OS default on 4.7+ and modern .NET, TLS 1.2 below (as a number where
/// the member does not exist), and TLS 1.2 when the target is unknown (`SystemDefault` throws
/// on 4.6.2 and below). `None` for languages without an expression to write.
pub fn replacement(
    protocol: ProtocolEnum,
    operand_text: &str,
    ctx: &FileContext,
) -> Option<(String, &'static str)> {
    let os_default = protocol.os_default_member();
    match ctx.kind {
        FileKind::Config => Some(match ctx.target.os_decides() {
            Some(true) => ("None".to_owned(), "the OS default"),
            _ => ("Tls12".to_owned(), "TLS 1.2"),
        }),
        FileKind::PowerShell => None,
        kind => Some(match ctx.target {
            Target::Framework(version) if version < FrameworkVersion::V4_5 => (
                numeric(operand_text, protocol, TLS12, kind),
                "TLS 1.2 (the member does not exist before .NET Framework 4.5)",
            ),
            target if target.os_decides() == Some(true) => (
                member(operand_text, protocol, os_default, kind),
                "the OS default",
            ),
            _ => (member(operand_text, protocol, "Tls12", kind), "TLS 1.2"),
        }),
    }
}

/// The fix for a deprecated operand (TLS001, TLS002): remove the deprecated operands of the
/// value (safe: it only drops old versions), rewrite a number that mixes old and new versions
/// (safe), delete a `|=` that only adds old versions (safe), or replace a setting made only of
/// old versions with what fits the target (unsafe: it changes what is negotiated). The first
/// three are unsafe for a value that is stored rather than written into a setting.
/// `statement_editable` is [`crate::facts::FileFacts::statement_editable`].
pub fn legacy_fix(
    write: &ProtocolWrite,
    operand: &Operand,
    ctx: &FileContext,
    statement_editable: bool,
) -> Option<Fix> {
    let text = ctx.text;
    // Dropping old versions only drops them where the value is written into a setting. A value
    // that is stored (a constant, a field, a local, another method's argument) may also be
    // compared, logged, or read by code tlslint does not see (a public constant is compiled
    // into other assemblies): those uses would change too, and that cannot be checked here.
    let drop = |description: String, edits: Vec<Edit>| {
        if write.sink == Sink::None {
            Fix::unsafe_(
                format!(
                    "{description} (unsafe: the value is stored, not written into a setting here, and every other use of it changes too)"
                ),
                edits,
            )
        } else {
            Fix::safe(description, edits)
        }
    };
    let modern = operand.bits & MODERN_BITS;
    if modern != 0 {
        let operand_text = text.get(operand.span.clone())?;
        let new = rewrite_number(operand_text, modern)?;
        return Some(drop(
            format!("keep only {}: `{new}`", describe_versions(modern)),
            vec![Edit::replace(operand.span.clone(), new)],
        ));
    }
    let legacy: Vec<&Operand> = write
        .operands
        .iter()
        .filter(|o| o.written_here && o.legacy_bits() != 0 && o.bits & MODERN_BITS == 0)
        .collect();
    let spans: Vec<Span> = legacy.iter().map(|o| o.span.clone()).collect();
    let names = legacy
        .iter()
        .map(|o| format!("`{}`", o.text))
        .collect::<Vec<_>>()
        .join(", ");
    let (range, separator) = chain(text, write, ctx.kind);
    match remove_from_chain(text, range.clone(), &spans, separator) {
        Removal::Kept(kept) => Some(drop(
            format!("remove {names}; TLS 1.2 and later stay enabled"),
            vec![Edit::replace(range, kept)],
        )),
        Removal::NotAChain => None,
        Removal::Empty if write.op == WriteOp::Add && !statement_editable => None,
        Removal::Empty if write.op == WriteOp::Add && write.sink == Sink::None => delete_statement(
            text,
            &write.statement,
            ctx.kind,
            "it only adds deprecated versions (unsafe: the value is stored, not written into a setting here, and every other use of it changes too)",
            Applicability::Unsafe,
        ),
        Removal::Empty if write.op == WriteOp::Add => delete_statement(
            text,
            &write.statement,
            ctx.kind,
            "it only adds deprecated versions",
            Applicability::Safe,
        ),
        Removal::Empty if write.op == WriteOp::Set && write.sink != Sink::None => {
            if ctx.kind == FileKind::PowerShell {
                return powershell_replacement(write, operand);
            }
            let (new, what) = replacement(operand.protocol, &operand.text, ctx)?;
            Some(Fix::unsafe_(
                format!("use {what}: `{new}`"),
                vec![Edit::replace(write.value.clone(), new)],
            ))
        }
        Removal::Empty => None,
    }
}

/// PowerShell scripts have no target: `SecurityProtocol` gets TLS 1.2 added to what is already
/// enabled (domain.md §6.1); the web cmdlets' `-SslProtocol` gets `Tls12`.
fn powershell_replacement(write: &ProtocolWrite, operand: &Operand) -> Option<Fix> {
    match (write.sink, operand.protocol) {
        (Sink::SecurityProtocol, ProtocolEnum::SecurityProtocolType) => {
            let new = "[Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12";
            Some(Fix::unsafe_(
                format!("add TLS 1.2 to what is enabled: `{new}`"),
                vec![Edit::replace(write.value.clone(), new)],
            ))
        }
        (Sink::SslProtocolsProperty, _) => Some(Fix::unsafe_(
            "use `Tls12`",
            vec![Edit::replace(write.value.clone(), "Tls12")],
        )),
        _ => None,
    }
}

/// The fix that removes a statement, for `reason`. A statement in a block is deleted with its
/// lines (when it stands alone on them). One that is the body of another statement (a
/// brace-less `if`, a loop, `else`, a label, the only statement of a `case`, also where a `#if`
/// branch is the body) becomes an empty block instead: deleting it would make the next
/// statement the body, and the program would change (an opt-in after it would run only when
/// the condition holds). In VB.NET and PowerShell a body on its own lines is inside a block,
/// unless the line before continues onto it (`If x Then _`, a backtick): then there is no fix,
/// since neither language has an empty statement to leave.
pub fn delete_statement(
    text: &str,
    statement: &Span,
    kind: FileKind,
    reason: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let position = match kind {
        FileKind::CSharp => csharp::statement_position(text, statement.clone())?,
        FileKind::Cpp => cpp::statement_position(text, statement.clone())?,
        _ => StatementPosition::InBlock,
    };
    let embedded = |why: &str| {
        (
            format!("replace this statement with an empty block `{{ }}`: {reason} ({why})"),
            Edit::replace(statement.clone(), "{ }"),
        )
    };
    let (description, edit) = match position {
        // Deleted with its lines, so that no blank line stays; a statement sharing its line
        // with other code is left alone.
        StatementPosition::InBlock => {
            let lines = whole_lines(text, statement.clone())?;
            if continues_previous_line(text, lines.start, kind) {
                return None;
            }
            (
                format!("delete this statement: {reason}"),
                Edit::replace(lines, ""),
            )
        }
        // `{ }` takes the statement's place, wherever it stands (`if (x) stmt;` on one line).
        StatementPosition::Embedded => {
            embedded("it is the body of another statement, which must keep one")
        }
    };
    // A block left empty can read as something else (tree-sitter-cpp reads `{ {` ⏎ `} }` as
    // an initializer list): a deletion that leaves code the parser cannot read becomes `{ }`,
    // and when that cannot be read either, there is no fix (nothing would be written).
    // In C#, a statement with no directive line in it is a whole node of its block: deleting
    // its lines, or putting `{ }` in its place, leaves code that parses as before, so the two
    // extra parses (a fix is built for every finding, `--fix` or not) are spared there.
    let needs_check = match kind {
        FileKind::CSharp => text.get(statement.clone()).is_none_or(|s| s.contains('#')),
        FileKind::Cpp => true,
        _ => false,
    };
    let errors = |text: &str| match kind {
        FileKind::CSharp => csharp::error_count(text),
        FileKind::Cpp => cpp::error_count(text),
        _ => 0,
    };
    let before = std::cell::OnceCell::new();
    let parses = |edit: &Edit| {
        if !needs_check {
            return true;
        }
        let mut after = text.to_owned();
        after.replace_range(edit.span.clone(), &edit.content);
        errors(&after) <= *before.get_or_init(|| errors(text))
    };
    let (description, edit) = if parses(&edit) {
        (description, edit)
    } else {
        let (description, edit) = embedded("deleting it would leave code the parser cannot read");
        if !parses(&edit) {
            return None;
        }
        (description, edit)
    };
    Some(match applicability {
        Applicability::Safe => Fix::safe(description, vec![edit]),
        Applicability::Unsafe => Fix::unsafe_(description, vec![edit]),
    })
}

/// Whether the line starting at `line_start` continues the line before it (VB's ` _`,
/// PowerShell's backtick, a C/C++ `\` splice): it is then part of that line's statement
/// (`If legacy Then _` ⏎ `stmt`), and deleting it alone would join the next line to it.
fn continues_previous_line(text: &str, line_start: usize, kind: FileKind) -> bool {
    let before = text[..line_start].trim_end_matches(['\n', '\r']);
    let previous = before.rsplit(['\n', '\r']).next().unwrap_or("").trim_end();
    match kind {
        FileKind::VisualBasic => {
            previous.ends_with(" _") || previous.ends_with("\t_") || previous == "_"
        }
        FileKind::PowerShell => previous.ends_with('`'),
        FileKind::Cpp => previous.ends_with('\\'),
        _ => false,
    }
}

/// Flips a literal switch value to false, keeping its spelling (`true` → `false`, `True` →
/// `False`, `$true` → `$false`, `"true"` → `"false"`).
pub fn switch_to_false(text: &str, value_span: &Span) -> Option<Edit> {
    let old = text.get(value_span.clone())?;
    let new = match old {
        "true" => "false",
        "True" => "False",
        "TRUE" => "FALSE",
        "$true" => "$false",
        "$True" => "$False",
        "\"true\"" => "\"false\"",
        "\"True\"" => "\"False\"",
        other if other.eq_ignore_ascii_case("true") => "false",
        _ => return None,
    };
    Some(Edit::replace(value_span.clone(), new))
}

/// Sets a registry value to `good` in place, in the syntax it is written in (`dword:0000000X`
/// in `.reg` files, a number in scripts and `reg add`, `"false"` for REG_SZ switches).
pub fn registry_value(text: &str, value: &RegistryValue, good: u32) -> Option<Edit> {
    let old = text.get(value.data_span.clone())?.trim();
    let new = match &value.data {
        RegistryData::Dword(_) if old.to_ascii_lowercase().starts_with("dword:") => {
            format!("dword:{good:08x}")
        }
        RegistryData::Dword(_) if old.starts_with("0x") || old.starts_with("0X") => {
            format!("0x{good:x}")
        }
        RegistryData::Dword(_) => good.to_string(),
        RegistryData::String(_) if old.starts_with('"') => "\"false\"".to_owned(),
        RegistryData::String(_) => "false".to_owned(),
        _ => return None,
    };
    Some(Edit::replace(value.data_span.clone(), new))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_subexpressions_pair_brackets_outside_strings() {
        fn whole(text: &str) -> Option<&str> {
            array_subexpression(text, &(0..text.len())).map(|s| &text[s])
        }
        assert_eq!(whole("@(A, B)"), Some("A, B"));
        assert_eq!(whole(" @(A, (B))"), Some("A, (B)"));
        assert_eq!(whole("@(A) + @(B)"), None);
        assert_eq!(whole("@('(' + $x) + @(')')"), None);
        assert_eq!(whole("@(')', A)"), Some("')', A"));
        assert_eq!(whole("@(\"a`\"b\", A)"), None);
    }

    #[test]
    fn a_line_that_continues_another_is_not_deleted_alone() {
        let delete = |text: &str, statement: &str, kind: FileKind| {
            let at = text.find(statement).unwrap();
            delete_statement(
                text,
                &(at..at + statement.len()),
                kind,
                "test",
                Applicability::Safe,
            )
        };
        let vb = "Sub S()\n    If legacy Then _\n        X = A\n    X = B\nEnd Sub\n";
        assert!(delete(vb, "X = A", FileKind::VisualBasic).is_none());
        let vb = "Sub S()\n    If legacy Then\n        X = A\n    End If\nEnd Sub\n";
        assert!(delete(vb, "X = A", FileKind::VisualBasic).is_some());
        let ps = "Write-Host 'a' `\n    $x = 1\n$y = 2\n";
        assert!(delete(ps, "$x = 1", FileKind::PowerShell).is_none());
        assert!(delete(ps, "$y = 2", FileKind::PowerShell).is_some());
    }
}
