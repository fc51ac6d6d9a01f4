//! Text-level building blocks for fixes in code and attribute values: splitting a protocol
//! chain (`A | B | C`, `A Or B`, `A -bor B`, `Tls, Tls11`) into its items, removing some of them,
//! and writing a protocol value in the file's language.

use std::collections::HashSet;

use crate::facts::Span;
use crate::lang::FileKind;
use crate::protocol::ProtocolEnum;

/// The operator that joins the operands of a protocol value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Separator {
    /// C# `|` (not `||` or `|=`).
    Pipe,
    /// VB.NET `Or` (a word; not `OrElse`).
    Or,
    /// PowerShell `-bor`.
    Bor,
    /// Comma-separated names: WCF `sslProtocols`, PowerShell strings.
    Comma,
    /// `+` (not `++` or `+=`): a sum of disjoint flags is their union.
    Plus,
}

impl Separator {
    /// The separator for code in `kind`.
    pub fn for_code(kind: FileKind) -> Separator {
        match kind {
            FileKind::PowerShell => Separator::Bor,
            FileKind::Config => Separator::Comma,
            FileKind::VisualBasic => Separator::Or,
            _ => Separator::Pipe,
        }
    }

    fn joiner(self) -> &'static str {
        match self {
            Separator::Pipe => " | ",
            Separator::Or => " Or ",
            Separator::Bor => " -bor ",
            Separator::Comma => ", ",
            Separator::Plus => " + ",
        }
    }

    /// The length of the separator at byte `i` of `text`, if there is one.
    fn at(self, text: &str, i: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let word_boundary = |at: usize| {
            at >= bytes.len() || !(bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_')
        };
        let before_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        match self {
            Separator::Pipe => (bytes[i] == b'|'
                && bytes.get(i + 1).is_none_or(|&b| b != b'|' && b != b'=')
                && (i == 0 || bytes[i - 1] != b'|'))
                .then_some(1),
            Separator::Comma => (bytes[i] == b',').then_some(1),
            Separator::Plus => (bytes[i] == b'+'
                && bytes.get(i + 1).is_none_or(|&b| b != b'+' && b != b'=')
                && (i == 0 || bytes[i - 1] != b'+'))
                .then_some(1),
            // Bytes, not `str` slices: `i + 2` may fall inside a multi-byte character.
            Separator::Or => (before_ok
                && bytes
                    .get(i..i + 2)
                    .is_some_and(|b| b.eq_ignore_ascii_case(b"or"))
                && word_boundary(i + 2))
            .then_some(2),
            Separator::Bor => (bytes
                .get(i..i + 4)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"-bor"))
                && word_boundary(i + 4))
            .then_some(4),
        }
    }
}

/// Splits `text[range]` into the items of a chain at top-level separators (outside brackets and
/// quotes), trimmed, with their spans in `text`.
pub fn split_chain(text: &str, range: Span, separator: Separator) -> Vec<Span> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut start = range.start;
    let bytes = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' | b'\'' if separator != Separator::Comma => quote = Some(b),
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ if depth == 0 => {
                if let Some(length) = separator.at(&text[..range.end], i) {
                    items.push(trim(text, start..i));
                    i += length;
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    items.push(trim(text, start..range.end));
    items.retain(|item| !item.is_empty());
    items
}

/// The spans to remove, trimmed, as a set (chains can be long: lookups must not be linear).
fn trimmed_set(text: &str, remove: &[Span]) -> HashSet<(usize, usize)> {
    remove
        .iter()
        .map(|r| trim(text, r.clone()))
        .map(|r| (r.start, r.end))
        .collect()
}

/// Whether every span to remove is an item of the chain.
fn all_items(text: &str, items: &[Span], remove: &[Span]) -> bool {
    let items: HashSet<(usize, usize)> = items.iter().map(|i| (i.start, i.end)).collect();
    trimmed_set(text, remove).is_subset(&items)
}

fn trim(text: &str, span: Span) -> Span {
    let piece = &text[span.clone()];
    let leading = piece.len() - piece.trim_start().len();
    let trailing = piece.len() - piece.trim_end().len();
    span.start + leading..span.end - trailing
}

/// The matching closing bracket of the opening one at `open`.
fn matching(text: &str, open: usize, end: usize) -> Option<usize> {
    let (opening, closing) = match text.as_bytes().get(open)? {
        b'(' => (b'(', b')'),
        b'[' => (b'[', b']'),
        _ => return None,
    };
    let mut depth = 0;
    for (i, &b) in text.as_bytes()[open..end].iter().enumerate() {
        if b == opening {
            depth += 1;
        } else if b == closing {
            depth -= 1;
            if depth == 0 {
                return Some(open + i);
            }
        }
    }
    None
}

/// The chain inside a value: the value itself, the inside of enclosing parentheses, or the
/// operand of a C# cast `(T)(…)`. Returns the chain's range and the text to put back around a
/// chain that keeps several items (`(`…`)`, `(T)(`…`)`).
fn chain_range(text: &str, value: Span) -> (Span, Option<(String, String)>) {
    let value = trim(text, value);
    let bytes = text.as_bytes();
    if bytes.get(value.start) == Some(&b'(')
        && let Some(close) = matching(text, value.start, value.end)
    {
        if close + 1 == value.end {
            return (value.start + 1..close, Some(("(".into(), ")".into())));
        }
        // A cast `(T)(chain)`.
        let after = trim(text, close + 1..value.end);
        if bytes.get(after.start) == Some(&b'(')
            && matching(text, after.start, after.end) == Some(after.end - 1)
        {
            let cast = text[value.start..=close].to_owned();
            return (
                after.start + 1..after.end - 1,
                Some((format!("{cast}("), ")".into())),
            );
        }
    }
    (value, None)
}

/// How many items the chain in `value` has when split at `separator`.
pub fn chain_len(text: &str, value: Span, separator: Separator) -> usize {
    let (range, _) = chain_range(text, value);
    split_chain(text, range, separator).len()
}

/// What removing items from a chain gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Removal {
    /// The replacement text for the whole value.
    Kept(String),
    /// Every item would go.
    Empty,
    /// An item to remove is not a top-level item of the chain (it sits inside a cast or a call).
    NotAChain,
}

/// Removes the items at `remove` from the chain in `value`.
pub fn remove_from_chain(
    text: &str,
    value: Span,
    remove: &[Span],
    separator: Separator,
) -> Removal {
    let (range, _) = chain_range(text, value.clone());
    let items = split_chain(text, range, separator);
    if !all_items(text, &items, remove) {
        return Removal::NotAChain;
    }
    match remove_items(text, value, remove, separator) {
        Some(kept) => Removal::Kept(kept),
        None => Removal::Empty,
    }
}

/// Removes the items at `remove` from the chain in `value`. Returns the replacement text for
/// the whole value, or `None` when an item to remove is not a top-level item of the chain (it
/// sits inside a cast or a call) or when nothing would remain.
pub fn remove_items(
    text: &str,
    value: Span,
    remove: &[Span],
    separator: Separator,
) -> Option<String> {
    let (range, wrapper) = chain_range(text, value);
    let items = split_chain(text, range, separator);
    if !all_items(text, &items, remove) {
        return None;
    }
    let removed = trimmed_set(text, remove);
    let kept: Vec<&str> = items
        .iter()
        .filter(|item| !removed.contains(&(item.start, item.end)))
        .map(|item| &text[item.clone()])
        .collect();
    if kept.is_empty() {
        return None;
    }
    let joined = kept.join(separator.joiner());
    Some(match wrapper {
        // One item left: the parentheses, and a cast of the enum's own member, are redundant.
        Some((open, _))
            if kept.len() == 1
                && (open == "(" || kept[0].contains('.') || kept[0].contains("::")) =>
        {
            joined
        }
        Some((open, close)) => format!("{open}{joined}{close}"),
        None => joined,
    })
}

/// Rewrites the single integer literal in `operand` (a numeric cast such as
/// `(SecurityProtocolType)3840`) to `bits`, keeping its base. `None` if there is not exactly one.
pub fn rewrite_number(operand: &str, bits: u32) -> Option<String> {
    let bytes = operand.as_bytes();
    let mut literals = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            && (i == 0
                || !(bytes[i - 1].is_ascii_alphanumeric()
                    || bytes[i - 1] == b'_'
                    || bytes[i - 1] == b'.'));
        let vb_hex = bytes[i] == b'&'
            && bytes
                .get(i + 1)
                .is_some_and(|b| b.eq_ignore_ascii_case(&b'h'));
        if starts_number || vb_hex {
            let start = i;
            i += if vb_hex { 2 } else { 1 };
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            literals.push(start..i);
        } else {
            i += 1;
        }
    }
    let [literal] = literals.as_slice() else {
        return None;
    };
    let old = &operand[literal.clone()];
    let lower = old.to_ascii_lowercase();
    let new = if lower.starts_with("0x") {
        format!("0x{bits:X}")
    } else if lower.starts_with("&h") {
        format!("&H{bits:X}")
    } else if lower.starts_with("0b") {
        format!("0b{bits:b}")
    } else {
        bits.to_string()
    };
    Some(format!(
        "{}{new}{}",
        &operand[..literal.start],
        &operand[literal.end..]
    ))
}

/// Rewrites a C/C++ integer literal (`0x00000A80UL`, `2688`, `0b1000'0000`) to `bits`, written
/// the way the literal is: the same base and prefix, the same case of hex digits, zero-padded to
/// the same width, the same suffix. `None` if `literal` is not one integer literal.
pub fn rewrite_c_integer(literal: &str, bits: u32) -> Option<String> {
    let literal = literal.trim();
    let digits_end = literal
        .trim_end_matches(['u', 'U', 'l', 'L', 'z', 'Z'])
        .len();
    let (body, suffix) = literal.split_at(digits_end);
    let (prefix, digits, radix) =
        if let Some(hex) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            (&body[..2], hex, 16)
        } else if let Some(binary) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
            (&body[..2], binary, 2)
        } else if body.len() > 1 && body.starts_with('0') {
            ("0", &body[1..], 8)
        } else {
            ("", body, 10)
        };
    let digits: String = digits.chars().filter(|&c| c != '\'').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mut new = match radix {
        16 if digits.chars().any(|c| c.is_ascii_lowercase()) => format!("{bits:x}"),
        16 => format!("{bits:X}"),
        8 => format!("{bits:o}"),
        2 => format!("{bits:b}"),
        _ => bits.to_string(),
    };
    // `0x00000A80` stays eight digits wide.
    if radix != 10 && digits.starts_with('0') && new.len() < digits.len() {
        new = format!("{}{new}", "0".repeat(digits.len() - new.len()));
    }
    Some(format!("{prefix}{new}{suffix}"))
}

/// How an operand names its enum, so that a replacement uses the same spelling.
fn type_prefix(operand: &str, protocol: ProtocolEnum, kind: FileKind) -> String {
    let operand = operand.trim();
    if kind == FileKind::PowerShell {
        if let Some(close) = operand.find(']').filter(|_| operand.starts_with('[')) {
            return format!("{}::", &operand[..=close]);
        }
        return match protocol {
            ProtocolEnum::SecurityProtocolType => "[Net.SecurityProtocolType]::".to_owned(),
            ProtocolEnum::SslProtocols => {
                "[System.Security.Authentication.SslProtocols]::".to_owned()
            }
        };
    }
    if let Some(rest) = operand.strip_prefix('(') {
        // `(T)value`: use `T.`
        if let Some(close) = rest.find(')') {
            return format!("{}.", rest[..close].trim());
        }
    }
    let lower = operand.to_ascii_lowercase();
    if (lower.starts_with("ctype(") || lower.starts_with("directcast("))
        && let Some(comma) = operand.rfind(',')
    {
        return format!("{}.", operand[comma + 1..].trim_end_matches(')').trim());
    }
    // A bare member (`using static System.Net.SecurityProtocolType;`) stays bare.
    if protocol.member_value(operand).is_some() {
        return String::new();
    }
    match operand.rfind('.') {
        Some(dot)
            if operand[..dot]
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '_' || c == ':') =>
        {
            operand[..=dot].to_owned()
        }
        _ => format!("{}.", protocol.type_name()),
    }
}

/// The protocol value `member` of `protocol`, spelled like `operand` in the file's language.
pub fn member(operand: &str, protocol: ProtocolEnum, member: &str, kind: FileKind) -> String {
    format!("{}{member}", type_prefix(operand, protocol, kind))
}

/// The protocol value `bits` as a numeric cast (for targets where the member does not exist).
pub fn numeric(operand: &str, protocol: ProtocolEnum, bits: u32, kind: FileKind) -> String {
    let prefix = type_prefix(operand, protocol, kind);
    let mut type_name = prefix
        .trim_end_matches("::")
        .trim_end_matches('.')
        .to_owned();
    if type_name.is_empty() {
        // A bare member (`using static`) names no type; a cast needs one, and the file may not
        // import the namespace (`using static` does not), so it is written in full.
        type_name = format!("{}.{}", protocol.namespace(), protocol.type_name());
    }
    match kind {
        FileKind::PowerShell => format!("{type_name}{bits}"),
        FileKind::VisualBasic => format!("CType({bits}, {type_name})"),
        _ => format!("({type_name}){bits}"),
    }
}

/// The span of whole lines covering `span`, including the line break, when nothing else is on
/// those lines (so that deleting a statement leaves no blank line behind).
pub fn whole_lines(text: &str, span: Span) -> Option<Span> {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let after = &text[span.end..];
    let line_end = after.find('\n').map_or(text.len(), |i| span.end + i + 1);
    let before = &text[line_start..span.start];
    let rest = &text[span.end..line_end];
    (before.trim().is_empty() && rest.trim().is_empty()).then_some(line_start..line_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, needle: &str) -> Span {
        let at = text.find(needle).unwrap();
        at..at + needle.len()
    }

    #[test]
    fn splits_chains_per_language() {
        let text = "A | (B | C) | D || E";
        let items: Vec<&str> = split_chain(text, 0..text.len(), Separator::Pipe)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(items, ["A", "(B | C)", "D || E"]);
        let vb = "SecurityProtocolType.Tls Or SecurityProtocolType.Tls12 OrElse x";
        let items: Vec<&str> = split_chain(vb, 0..vb.len(), Separator::Or)
            .into_iter()
            .map(|s| &vb[s])
            .collect();
        assert_eq!(
            items,
            [
                "SecurityProtocolType.Tls",
                "SecurityProtocolType.Tls12 OrElse x"
            ]
        );
        let ps = "[Net.SecurityProtocolType]::Tls -BOR 3072";
        let items: Vec<&str> = split_chain(ps, 0..ps.len(), Separator::Bor)
            .into_iter()
            .map(|s| &ps[s])
            .collect();
        assert_eq!(items, ["[Net.SecurityProtocolType]::Tls", "3072"]);
    }

    #[test]
    fn splits_sums_but_not_increments() {
        let sum = "SecurityProtocolType.Tls12 + 768 + x++ + y";
        let items: Vec<&str> = split_chain(sum, 0..sum.len(), Separator::Plus)
            .into_iter()
            .map(|s| &sum[s])
            .collect();
        assert_eq!(items, ["SecurityProtocolType.Tls12", "768", "x++", "y"]);
        let text = "p = Tls12 + 768;";
        let value = span_of(text, "Tls12 + 768");
        assert_eq!(chain_len(text, value.clone(), Separator::Pipe), 1);
        assert_eq!(
            remove_from_chain(text, value, &[span_of(text, "768")], Separator::Plus),
            Removal::Kept("Tls12".into())
        );
    }

    #[test]
    fn removes_items_and_tidies() {
        let text = "x = SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;";
        let value = span_of(
            text,
            "SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12",
        );
        let remove = [
            span_of(text, "SecurityProtocolType.Tls |").start
                ..span_of(text, "SecurityProtocolType.Tls |").end - 2,
            span_of(text, "SecurityProtocolType.Tls11"),
        ];
        assert_eq!(
            remove_items(text, value, &remove, Separator::Pipe).as_deref(),
            Some("SecurityProtocolType.Tls12")
        );
        let cast =
            "(SecurityProtocolType)(SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12)";
        let remove = [span_of(cast, "SecurityProtocolType.Tls11")];
        assert_eq!(
            remove_items(cast, 0..cast.len(), &remove, Separator::Pipe).as_deref(),
            Some("SecurityProtocolType.Tls12")
        );
        let parens = "(A | B | C)";
        assert_eq!(
            remove_items(
                parens,
                0..parens.len(),
                std::slice::from_ref(&(1..2)),
                Separator::Pipe
            )
            .as_deref(),
            Some("(B | C)")
        );
        assert_eq!(
            remove_items(
                parens,
                0..parens.len(),
                &[1..2, 5..6, 9..10],
                Separator::Pipe
            ),
            None
        );
        let nested = "Foo(SecurityProtocolType.Tls) | SecurityProtocolType.Tls12";
        assert_eq!(
            remove_items(
                nested,
                0..nested.len(),
                std::slice::from_ref(&(span_of(nested, "SecurityProtocolType.Tls)").start..25)),
                Separator::Pipe
            ),
            None
        );
        let wcf = "Tls, Tls11, Tls12";
        assert_eq!(
            remove_items(wcf, 0..wcf.len(), &[0..3, 5..10], Separator::Comma).as_deref(),
            Some("Tls12")
        );
    }

    #[test]
    fn numbers_keep_their_base() {
        assert_eq!(
            rewrite_number("(SecurityProtocolType)3840", 3072).as_deref(),
            Some("(SecurityProtocolType)3072")
        );
        assert_eq!(
            rewrite_number("(SecurityProtocolType)0xF00", 0xC00).as_deref(),
            Some("(SecurityProtocolType)0xC00")
        );
        assert_eq!(
            rewrite_number("CType(&HF00, SecurityProtocolType)", 0xC00).as_deref(),
            Some("CType(&HC00, SecurityProtocolType)")
        );
        assert_eq!(
            rewrite_number("(SecurityProtocolType)(768 | 3072)", 3072),
            None
        );
    }

    #[test]
    fn c_integers_keep_their_spelling() {
        assert_eq!(
            rewrite_c_integer("0x00000A80UL", 0x800).as_deref(),
            Some("0x00000800UL")
        );
        assert_eq!(rewrite_c_integer("0xa80", 0x800).as_deref(), Some("0x800"));
        assert_eq!(rewrite_c_integer("0x280", 0x800).as_deref(), Some("0x800"));
        assert_eq!(rewrite_c_integer("2688", 2048).as_deref(), Some("2048"));
        assert_eq!(
            rewrite_c_integer("0b1010'1000'0000", 0x800).as_deref(),
            Some("0b100000000000")
        );
        assert_eq!(rewrite_c_integer("05200", 0x800).as_deref(), Some("04000"));
        assert_eq!(rewrite_c_integer("0", 0x800).as_deref(), Some("2048"));
        assert_eq!(rewrite_c_integer("1 << 7", 0x800), None);
        assert_eq!(rewrite_c_integer("SP_PROT_TLS1_CLIENT", 0x800), None);
        assert_eq!(rewrite_c_integer("0x", 0x800), None);
        assert_eq!(rewrite_c_integer("", 0x800), None);
    }

    #[test]
    fn replacements_follow_the_operand_spelling() {
        let spt = ProtocolEnum::SecurityProtocolType;
        assert_eq!(
            member("SPT.Tls11", spt, "Tls12", FileKind::CSharp),
            "SPT.Tls12"
        );
        assert_eq!(
            member(
                "System.Net.SecurityProtocolType.Tls",
                spt,
                "SystemDefault",
                FileKind::CSharp
            ),
            "System.Net.SecurityProtocolType.SystemDefault"
        );
        assert_eq!(
            member("(SecurityProtocolType)768", spt, "Tls12", FileKind::CSharp),
            "SecurityProtocolType.Tls12"
        );
        assert_eq!(member("Tls11", spt, "Tls12", FileKind::CSharp), "Tls12");
        assert_eq!(
            member("Modern", spt, "Tls12", FileKind::CSharp),
            "SecurityProtocolType.Tls12"
        );
        assert_eq!(
            member(
                "[System.Net.SecurityProtocolType]::Tls",
                spt,
                "Tls12",
                FileKind::PowerShell
            ),
            "[System.Net.SecurityProtocolType]::Tls12"
        );
        assert_eq!(
            numeric("SecurityProtocolType.Tls", spt, 3072, FileKind::CSharp),
            "(SecurityProtocolType)3072"
        );
        // A bare member (`using static`) has no type to cast to: the type is written in full.
        assert_eq!(
            numeric("Ssl3", spt, 3072, FileKind::CSharp),
            "(System.Net.SecurityProtocolType)3072"
        );
        assert_eq!(
            numeric("Tls", spt, 3072, FileKind::VisualBasic),
            "CType(3072, System.Net.SecurityProtocolType)"
        );
    }

    #[test]
    fn whole_line_statements() {
        let text = "a();\n    x |= Tls11;\nb();\n";
        assert_eq!(whole_lines(text, span_of(text, "x |= Tls11;")), Some(5..21));
        assert_eq!(whole_lines(text, span_of(text, "x |= Tls11")), None);
    }
}
