//! TLS003 hardcoded-protocol-version.

use super::{
    Checks, FileContext, Precision, RuleMeta, finding, known_prior, statements_with_legacy_operands,
};
use crate::diagnostic::{Finding, Severity};
use crate::facts::{FileFacts, ProtocolWrite, Sink, WriteOp};
use crate::fix::text::member;
use crate::fix::{Applicability, Edit, Fix};
use crate::lang::FileKind;
use crate::protocol::ProtocolEnum;
use crate::protocol::describe_versions;
use crate::rules::fixes::delete_statement;
use crate::target::Target;

pub static RULE: RuleMeta = RuleMeta {
    id: "TLS003",
    name: "hardcoded-protocol-version",
    summary: "protocol version pinned to TLS 1.2/1.3 where the OS default would be right",
    default_severity: Severity::Note,
    explanation: EXPLANATION,
    precision: Precision::High,
    security_severity: "2.0",
    tags: &["security", "maintainability", "external/cwe/cwe-327"],
    languages: &["C#", "VB.NET", ".NET config", "PowerShell"],
    since: "0.1.0",
};

/// What the rule checks, beside its metadata.
pub(super) static CHECKS: Checks = Checks {
    file: check,
    project: None,
};

const EXPLANATION: &str = r#"## What it does
Flags an explicit protocol pin made only of TLS 1.2 and/or TLS 1.3 at a place where it takes
effect: `ServicePointManager.SecurityProtocol = …`, any `SslProtocols`/`EnabledSslProtocols`
property assigned or initialised, and the protocol argument of `SslStream.AuthenticateAs*`.

It depends on the effective target of the code's project:
- .NET Framework 4.7+ and modern .NET: flagged. There `ServicePointManager.SecurityProtocol`
  starts at `SystemDefault` (0), so `|= Tls12` is a pin too.
- .NET Framework 4.6.2 and below: not flagged. An explicit TLS 1.2 is the remedy there.
- Unknown (a file outside any project): `=` pins are flagged, `|=` opt-ins are not.

A statement that already has a TLS001/TLS002 finding does not also get this one.

## Why is this bad?
A pinned version freezes today's choice into the binary. When the operating system enables
TLS 1.3, or disables a version it retires, pinned code does not follow; and `|= Tls12` on a 4.7+
target silently turns off the OS default. Microsoft's guidance for current targets is "do not
specify a version".

## Example
```csharp
// Project targets .NET Framework 4.8
ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
await stream.AuthenticateAsClientAsync(host, null, SslProtocols.Tls12, false);
```

## Use instead
```csharp
// Remove the assignment, or make the default explicit:
ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
await stream.AuthenticateAsClientAsync(host);
```

## Fix
Deleting the pin (or writing `SystemDefault` / `SslProtocols.None`) changes which versions are
negotiated, so it is an unsafe fix. Keep the pin if the application must run on Windows 7 /
Server 2008 R2 without the SCHANNEL registry settings: their OS default is TLS 1.0.
A pin in a `catch` clause, the fallback for a `try` that failed, gets no fix.

## References
- [Transport Layer Security (TLS) best practices with .NET Framework](https://learn.microsoft.com/dotnet/framework/network-programming/tls)
- [CA5386: Avoid hardcoding SecurityProtocolType value](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca5386)
- [CA5398: Avoid hardcoded SslProtocols values](https://learn.microsoft.com/dotnet/fundamentals/code-analysis/quality-rules/ca5398)
"#;

/// Whether a pin written with `op` is flagged on `target`.
fn flagged_on(op: WriteOp, target: Target) -> bool {
    // Xamarin, UWP, Silverlight and the like: the advice to leave the choice to the OS is
    // .NET Framework's and modern .NET's, and their own defaults are not modelled.
    if target == Target::Platform {
        return false;
    }
    match (op, target.os_decides()) {
        (WriteOp::Set, Some(os_decides)) => os_decides,
        (WriteOp::Set, None) => true,
        (WriteOp::Add, Some(os_decides)) => os_decides,
        (WriteOp::Add, None) => false,
        (WriteOp::Other, _) => false,
    }
}

fn check(ctx: &FileContext, facts: &FileFacts, out: &mut Vec<Finding>) {
    let legacy_statements = statements_with_legacy_operands(facts);
    for write in &facts.writes {
        if write.sink == Sink::None
            || !write.pins_only_modern()
            || !flagged_on(write.op, ctx.target)
        {
            continue;
        }
        if legacy_statements.iter().any(|(s, value)| {
            // A legacy value in another branch of an `#if` group is another build's: the
            // statement holds both only as text.
            s.start <= write.value.start
                && write.value.end <= s.end
                && !facts.exclusive(value, &write.value)
        }) {
            continue;
        }
        let versions = describe_versions(write.summary.bits);
        let mut help = help(write, ctx.kind);
        if facts.in_catch(write) {
            // Unpinning a fallback changes what runs when the `try` failed: no fix.
            help.push_str("; no fix is offered: this assignment is a fallback in a `catch` clause, which runs when the `try` failed");
        }
        let mut found = finding(
            &RULE,
            write.value.clone(),
            message(write, &versions, ctx.kind),
            format!("pins {versions}"),
            Some(help),
        );
        found.offers = Some(write.offers(known_prior(write, ctx)));
        if facts.fixable(write) && (write.op != WriteOp::Add || facts.statement_editable(write)) {
            found.fix = fix(write, ctx);
        }
        out.push(found);
    }
}

/// On targets where the OS decides (4.7+, modern .NET), unpin: the OS default for the
/// setting, or no statement at all for `|= Tls12`. Unsafe: Windows 7 / Server 2008 R2 offer
/// TLS 1.0 by default. No fix when the target is unknown (`SystemDefault` throws on 4.6.2 and
/// below) or for scripts.
fn fix(write: &ProtocolWrite, ctx: &FileContext) -> Option<Fix> {
    if ctx.target.os_decides() != Some(true) {
        return None;
    }
    let operand = write.operands.first().map_or("", |o| o.text.as_str());
    let replace = |protocol: ProtocolEnum| {
        let new = member(operand, protocol, protocol.os_default_member(), ctx.kind);
        Fix::unsafe_(
            format!("use the OS default: `{new}`"),
            vec![Edit::replace(write.value.clone(), new)],
        )
    };
    match (ctx.kind, write.sink, write.op) {
        (FileKind::PowerShell, ..) => None,
        (FileKind::Config, ..) => Some(Fix::unsafe_(
            "use the OS default: `None`",
            vec![Edit::replace(write.value.clone(), "None")],
        )),
        (_, Sink::SecurityProtocol, WriteOp::Add) => delete_statement(
            ctx.text,
            &write.statement,
            ctx.kind,
            "on this target it turns the OS default off",
            Applicability::Unsafe,
        ),
        (_, Sink::SecurityProtocol, WriteOp::Set) => {
            Some(replace(ProtocolEnum::SecurityProtocolType))
        }
        (_, Sink::SslProtocolsProperty | Sink::AuthenticateArgument, WriteOp::Set) => {
            Some(replace(ProtocolEnum::SslProtocols))
        }
        _ => None,
    }
}

fn message(write: &ProtocolWrite, versions: &str, kind: FileKind) -> String {
    let what = match write.sink {
        Sink::SecurityProtocol if kind == FileKind::PowerShell => {
            "`[Net.ServicePointManager]::SecurityProtocol`"
        }
        Sink::SecurityProtocol => "`ServicePointManager.SecurityProtocol`",
        Sink::SslProtocolsProperty => "the `SslProtocols` setting",
        Sink::AuthenticateArgument | Sink::None => "the `SslStream` authentication",
    };
    format!("{what} is pinned to {versions} instead of the OS default")
}

fn help(write: &ProtocolWrite, kind: FileKind) -> String {
    if kind == FileKind::PowerShell {
        // Windows PowerShell 5.1 runs with .NET Framework 4.0 defaults, where the OS default
        // is off: adding TLS 1.2 is the portable form; pwsh 7 needs nothing.
        return match write.sink {
            Sink::SecurityProtocol => "add instead of replacing (`… = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12`), or drop the line on PowerShell 7+, where the OS chooses".to_owned(),
            _ => "omit `-SslProtocol` so the OS chooses the versions".to_owned(),
        };
    }
    match write.sink {
        Sink::SecurityProtocol => "on .NET Framework 4.7+ and modern .NET remove the assignment (or assign `SecurityProtocolType.SystemDefault`) so the OS picks the versions".to_owned(),
        Sink::AuthenticateArgument => "on .NET Framework 4.7+ and modern .NET call the overload without a protocol argument, or pass `SslProtocols.None`".to_owned(),
        _ => "on .NET Framework 4.7+ and modern .NET use `SslProtocols.None` so the OS picks the versions".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::test_support::{in_method, in_vb_sub, run_vb, spans};
    use crate::target::{FrameworkVersion, Target};

    fn flagged(target: Target, body: &str) -> Vec<String> {
        spans(&RULE, target, &in_method(body))
    }

    const NET48: Target = Target::Framework(FrameworkVersion::new(4, 8, 0));
    const NET462: Target = Target::Framework(FrameworkVersion::new(4, 6, 2));

    #[test]
    fn pins_at_sinks_with_unknown_target() {
        assert_eq!(
            flagged(
                Target::Unknown,
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;"
            ),
            ["SecurityProtocolType.Tls12"]
        );
        assert_eq!(
            flagged(
                Target::Unknown,
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;"
            ),
            ["SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13"]
        );
        assert_eq!(
            flagged(
                Target::Unknown,
                "stream.AuthenticateAsClient(host, null, SslProtocols.Tls12, false);"
            ),
            ["SslProtocols.Tls12"]
        );
        assert_eq!(
            flagged(
                Target::Unknown,
                "var h = new HttpClientHandler { SslProtocols = SslProtocols.Tls12 };"
            ),
            ["SslProtocols.Tls12"]
        );
        assert_eq!(
            flagged(
                Target::Unknown,
                "ServicePointManager.SecurityProtocol = (SecurityProtocolType)3072;"
            ),
            ["(SecurityProtocolType)3072"]
        );
        assert_eq!(
            flagged(
                Target::Unknown,
                "ServicePointManager.SecurityProtocol = modern ? SecurityProtocolType.Tls13 : SecurityProtocolType.Tls12;"
            ),
            ["modern ? SecurityProtocolType.Tls13 : SecurityProtocolType.Tls12"]
        );
    }

    #[test]
    fn additive_opt_ins_depend_on_the_target() {
        let add = "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;";
        let add_long = "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol | SecurityProtocolType.Tls12;";
        assert!(flagged(Target::Unknown, add).is_empty());
        assert!(flagged(Target::Unknown, add_long).is_empty());
        assert!(flagged(NET462, add).is_empty());
        assert_eq!(flagged(NET48, add), ["SecurityProtocolType.Tls12"]);
        assert_eq!(flagged(Target::Modern, add_long).len(), 1);
    }

    #[test]
    fn not_on_old_targets_where_tls12_is_the_remedy() {
        assert!(
            flagged(
                NET462,
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;"
            )
            .is_empty()
        );
        assert_eq!(
            flagged(
                NET48,
                "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;"
            )
            .len(),
            1
        );
    }

    #[test]
    fn not_with_legacy_operands_defaults_unknown_values_or_non_sinks() {
        for body in [
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;",
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;",
            "ServicePointManager.SecurityProtocol = configured | SecurityProtocolType.Tls12;",
            "ServicePointManager.SecurityProtocol = Load();",
            "var p = SecurityProtocolType.Tls12;",
            "Use(SslProtocols.Tls12);",
            "if (ServicePointManager.SecurityProtocol == SecurityProtocolType.Tls12) { }",
            "handler.SslProtocols = SslProtocols.None;",
        ] {
            assert!(flagged(Target::Unknown, body).is_empty(), "{body}");
        }
    }

    #[test]
    fn pins_through_same_file_constants() {
        let source = r#"
using System.Net;
class C
{
    const SecurityProtocolType Modern = SecurityProtocolType.Tls12;
    void M() { ServicePointManager.SecurityProtocol = Modern; }
}
"#;
        assert_eq!(spans(&RULE, Target::Unknown, source), ["Modern"]);
    }

    fn flagged_vb(target: Target, body: &str) -> Vec<String> {
        run_vb(&RULE, target, &in_vb_sub(body))
            .into_iter()
            .map(|(code, _)| code)
            .collect()
    }

    #[test]
    fn vb_pins_and_additive_opt_ins() {
        let set = "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12";
        let add = "ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12";
        assert_eq!(
            flagged_vb(Target::Unknown, set),
            ["SecurityProtocolType.Tls12"]
        );
        assert!(flagged_vb(NET462, set).is_empty());
        assert!(flagged_vb(Target::Unknown, add).is_empty());
        assert!(flagged_vb(NET462, add).is_empty());
        // As in C#'s `x = x | Tls12`, the finding covers the whole value.
        assert_eq!(
            flagged_vb(NET48, add),
            ["ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12"]
        );
        assert_eq!(
            flagged_vb(
                Target::Unknown,
                "ServicePointManager.SecurityProtocol = 3072"
            ),
            ["3072"]
        );
        assert_eq!(
            flagged_vb(
                Target::Unknown,
                "stream.AuthenticateAsClient(host, Nothing, SslProtocols.Tls12, False)"
            ),
            ["SslProtocols.Tls12"]
        );
        // Not together with TLS001, and not for reads or unknown values.
        for body in [
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11 Or SecurityProtocolType.Tls12",
            "If ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 Then Return",
            "ServicePointManager.SecurityProtocol = configured Or SecurityProtocolType.Tls12",
            "ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault",
        ] {
            assert!(flagged_vb(Target::Unknown, body).is_empty(), "{body}");
        }
    }

    #[test]
    fn powershell_arrays_and_sums_of_modern_flags_are_pins() {
        use crate::rules::test_support::run_ps;
        const SP: &str = "[Net.ServicePointManager]::SecurityProtocol";
        for value in [
            "[Net.SecurityProtocolType]::Tls12, [Net.SecurityProtocolType]::Tls13",
            "[Net.SecurityProtocolType]::Tls12 + [Net.SecurityProtocolType]::Tls13",
            "3072 + 12288",
        ] {
            let found = run_ps(&RULE, &format!("{SP} = {value}\n"));
            assert_eq!(found.len(), 1, "{value}");
            assert_eq!(found[0].0, value);
        }
        // A sum that keeps the previous value adds TLS 1.2: no pin.
        assert!(
            run_ps(
                &RULE,
                &format!("{SP} = {SP} + [Net.SecurityProtocolType]::Tls12\n")
            )
            .is_empty()
        );
    }

    /// A legacy value in another `#if` branch of the same statement is another build's: the
    /// pin in this branch is still reported, in either order, and only in the branch that
    /// pins. In one branch, a legacy operand keeps the statement quiet.
    #[test]
    fn branches_of_one_statement_are_judged_apart() {
        for (first, second) in [("Tls12", "Tls11"), ("Tls11", "Tls12")] {
            let body = format!(
                "ServicePointManager.SecurityProtocol =\n#if NET47\n SecurityProtocolType.{first};\n#elif NET45\n SecurityProtocolType.{second};\n#endif"
            );
            assert_eq!(
                flagged(Target::Unknown, &body),
                ["SecurityProtocolType.Tls12"],
                "{body}"
            );
        }
        let call = "stream.AuthenticateAsClient(host, null,\n#if NET7_0_OR_GREATER\n SslProtocols.Tls12 | SslProtocols.Tls13,\n#else\n SslProtocols.Tls11 | SslProtocols.Tls12,\n#endif\n false);";
        assert_eq!(
            flagged(Target::Unknown, call),
            ["SslProtocols.Tls12 | SslProtocols.Tls13"]
        );
        // The build without OLD pins TLS 1.2, but the statement (in the other build) has a
        // legacy operand outside any branch of the pin's: quiet, as without the group.
        let around = "ServicePointManager.SecurityProtocol =\n#if OLD\n SecurityProtocolType.Tls |\n#endif\n SecurityProtocolType.Tls12;";
        assert!(flagged(Target::Unknown, around).is_empty());
    }

    /// A pin in a `catch` clause is a fallback for when the `try` failed: reported, no fix.
    #[test]
    fn pins_in_a_catch_clause_get_no_fix() {
        let source = in_method(
            "try {\n ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls13;\n} catch (NotSupportedException) {\n ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;\n}",
        );
        let fixes: Vec<bool> = crate::rules::test_support::fixed(&RULE, NET48, &source)
            .into_iter()
            .map(|f| f.is_some())
            .collect();
        assert_eq!(fixes, [true, false]);
    }
}
