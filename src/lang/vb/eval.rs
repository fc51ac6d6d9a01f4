//! Names and constants in a VB.NET file.
//!
//! VB names are case-insensitive (`securityprotocoltype.TLS12` is `SecurityProtocolType.Tls12`),
//! `Imports` can alias a type or a namespace (`Imports SPT = System.Net.SecurityProtocolType`) or
//! import a type's members (`Imports System.Net.SecurityProtocolType` makes `Tls11` a bare name).
//! Constants (`Const`, `Shared ReadOnly` fields, `ReadOnly` fields of a `Module`) are folded
//! like C#'s, so `CType(Tls11Bits, SecurityProtocolType)` and `Const Legacy As
//! SecurityProtocolType = …` have known values.

use std::collections::HashMap;

use super::syntax::{
    BinOp, Conversion, Expr, ExprKind, Import, Parsed, StmtKind, TypeRef, UnaryOp,
};
use crate::protocol::ProtocolEnum;

/// The framework types the rules care about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnownType {
    Protocol(ProtocolEnum),
    /// `System.Net.ServicePointManager`
    ServicePointManager,
    /// `System.AppContext`
    AppContext,
    /// `System.Enum` (`[Enum].ToObject`)
    Enum,
}

const KNOWN_TYPES: [(&str, KnownType); 5] = [
    (
        "system.net.securityprotocoltype",
        KnownType::Protocol(ProtocolEnum::SecurityProtocolType),
    ),
    (
        "system.security.authentication.sslprotocols",
        KnownType::Protocol(ProtocolEnum::SslProtocols),
    ),
    (
        "system.net.servicepointmanager",
        KnownType::ServicePointManager,
    ),
    ("system.appcontext", KnownType::AppContext),
    ("system.enum", KnownType::Enum),
];

/// What `Imports` brought into scope.
#[derive(Debug, Default)]
pub struct Names {
    /// Alias (lower-cased) → the dotted name it stands for.
    aliases: HashMap<String, Vec<String>>,
    /// Types whose members were imported (`Imports System.Net.SecurityProtocolType`).
    member_imports: Vec<KnownType>,
}

impl Names {
    pub fn new(imports: &[Import]) -> Self {
        let mut names = Names::default();
        for import in imports {
            match &import.alias {
                Some(alias) => {
                    names
                        .aliases
                        .insert(alias.to_ascii_lowercase(), import.path.clone());
                }
                None => {
                    if let Some(known) = names.resolve(&import.path) {
                        names.member_imports.push(known);
                    }
                }
            }
        }
        names
    }

    /// Resolves a dotted name (`Net.SecurityProtocolType`, `Global.System.Enum`, `SPT`).
    pub fn resolve<S: AsRef<str>>(&self, segments: &[S]) -> Option<KnownType> {
        let mut path: Vec<String> = segments
            .iter()
            .map(|s| s.as_ref().to_ascii_lowercase())
            .collect();
        if path.first().is_some_and(|s| s == "global") {
            path.remove(0);
        }
        if let Some(target) = path.first().and_then(|first| self.aliases.get(first)) {
            let rest = path.split_off(1);
            path = target.iter().map(|s| s.to_ascii_lowercase()).collect();
            path.extend(rest);
        }
        if path.is_empty() {
            return None;
        }
        let dotted = path.join(".");
        KNOWN_TYPES.iter().find_map(|(full, known)| {
            let matches = *full == dotted
                || full
                    .strip_suffix(dotted.as_str())
                    .is_some_and(|prefix| prefix.ends_with('.'));
            matches.then_some(*known)
        })
    }

    /// Resolves a type reference written in the file.
    pub fn resolve_type(&self, ty: &TypeRef) -> Option<KnownType> {
        if !ty.plain {
            return None;
        }
        self.resolve(&ty.segments)
    }

    /// The protocol enum a type reference names, if any.
    pub fn protocol_type(&self, ty: &TypeRef) -> Option<ProtocolEnum> {
        match self.resolve_type(ty) {
            Some(KnownType::Protocol(protocol)) => Some(protocol),
            _ => None,
        }
    }

    /// Resolves an expression that names a type (`SecurityProtocolType`,
    /// `System.Net.SecurityProtocolType`, `[Enum]`).
    pub fn resolve_expr(&self, expr: &Expr) -> Option<KnownType> {
        self.resolve(&dotted(expr)?)
    }

    /// Whether a type's members were imported by `Imports`.
    pub fn imports_members(&self, known: KnownType) -> bool {
        self.member_imports.contains(&known)
    }

    /// The protocol enums whose members are bare names here.
    pub fn member_protocols(&self) -> impl Iterator<Item = ProtocolEnum> + '_ {
        self.member_imports.iter().filter_map(|known| match known {
            KnownType::Protocol(protocol) => Some(*protocol),
            _ => None,
        })
    }
}

/// The segments of a dotted name expression (`A.B.C`), or `None` for anything else.
pub fn dotted(expr: &Expr) -> Option<Vec<&str>> {
    match &expr.kind {
        ExprKind::Name(name) => Some(vec![name.as_str()]),
        ExprKind::Member {
            receiver: Some(receiver),
            name,
        } => {
            let mut segments = dotted(receiver)?;
            segments.push(name);
            Some(segments)
        }
        _ => None,
    }
}

/// A statically known value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Int(i128),
    Bool(bool),
    Str(String),
    /// A protocol enum value; bits are kept wide so that unknown bits can be detected.
    Protocol(ProtocolEnum, u64),
    Unknown,
}

/// What an evaluation went through, for deciding where a value is reported.
#[derive(Clone, Copy, Debug, Default)]
pub struct Trace {
    /// The value came (partly) from a protocol enum member, a protocol conversion, or a constant
    /// of a protocol type: that symbol is where the value is written, not the expression around
    /// it.
    pub protocol_symbol: bool,
}

/// A constant declared in the file.
#[derive(Clone, Copy, Debug)]
pub struct ConstDecl<'a> {
    /// The enclosing class, module or structure (index into `Parsed::owners`).
    pub owner: Option<usize>,
    pub ty: Option<&'a TypeRef>,
    pub value: &'a Expr,
}

/// The file's constants by lower-cased name.
#[derive(Debug, Default)]
pub struct Constants<'a> {
    by_name: HashMap<String, Vec<ConstDecl<'a>>>,
}

impl<'a> Constants<'a> {
    pub fn new(parsed: &'a Parsed) -> Self {
        let mut constants = Constants::default();
        for stmt in &parsed.stmts {
            let StmtKind::Declare {
                constant: true,
                items,
            } = &stmt.kind
            else {
                continue;
            };
            for item in items {
                if let Some(value) = &item.value {
                    constants
                        .by_name
                        .entry(item.name.to_ascii_lowercase())
                        .or_default()
                        .push(ConstDecl {
                            owner: stmt.owner,
                            ty: item.ty.as_ref(),
                            value,
                        });
                }
            }
        }
        constants
    }

    /// The constant `name` declared in the type named `owner` if given; otherwise in the type
    /// `here`, or the only constant with that name.
    fn lookup(
        &self,
        name: &str,
        owner: Option<&str>,
        here: Option<usize>,
        parsed: &Parsed,
    ) -> Option<ConstDecl<'a>> {
        let decls = self.by_name.get(&name.to_ascii_lowercase())?;
        let owner_name = |d: &ConstDecl| d.owner.and_then(|o| parsed.owners.get(o));
        if let Some(owner) = owner {
            let owner = owner.to_ascii_lowercase();
            return decls
                .iter()
                .find(|d| owner_name(d).is_some_and(|n| *n == owner))
                .copied();
        }
        decls
            .iter()
            .find(|d| here.is_some() && d.owner == here)
            .or_else(|| (decls.len() == 1).then(|| &decls[0]))
            .copied()
    }
}

/// Constant chains and expressions deeper than this are unknown (and cycles end).
const MAX_DEPTH: u32 = 200;

/// Evaluates expressions of one file.
pub struct Evaluator<'a> {
    pub names: &'a Names,
    pub constants: &'a Constants<'a>,
    pub parsed: &'a Parsed,
}

impl<'a> Evaluator<'a> {
    /// Evaluates `expr`, written in the type `here`.
    pub fn eval(&self, expr: &Expr, here: Option<usize>, trace: &mut Trace) -> Value {
        self.eval_at(expr, here, trace, 0)
    }

    fn eval_at(&self, expr: &Expr, here: Option<usize>, trace: &mut Trace, depth: u32) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        let depth = depth + 1;
        match &expr.kind {
            ExprKind::Int(n) => Value::Int(*n),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Str(s) => Value::Str(s.clone()),
            ExprKind::Paren(inner) => self.eval_at(inner, here, trace, depth),
            ExprKind::Name(name) => self.eval_name(name, None, here, trace, depth),
            ExprKind::Member {
                receiver: Some(receiver),
                name,
            } => self.eval_member(receiver, name, here, trace, depth),
            ExprKind::Convert { to, value } => {
                let inner = self.eval_at(value, here, trace, depth);
                match to {
                    Conversion::Type(ty) => self.convert(Some(ty), inner, trace),
                    Conversion::Integral => match inner {
                        Value::Protocol(_, bits) => Value::Int(i128::from(bits)),
                        other @ Value::Int(_) => other,
                        _ => Value::Unknown,
                    },
                    Conversion::Text | Conversion::Other => Value::Unknown,
                }
            }
            ExprKind::Call { target, args } => match self.enum_to_object(target, args) {
                Some((ty, value)) => {
                    let inner = self.eval_at(value, here, trace, depth);
                    self.convert(Some(ty), inner, trace)
                }
                None => Value::Unknown,
            },
            ExprKind::Unary { op, operand } => {
                match (op, self.eval_at(operand, here, trace, depth)) {
                    (UnaryOp::Not, Value::Int(n)) => Value::Int(!n),
                    (UnaryOp::Not, Value::Protocol(e, bits)) => {
                        Value::Protocol(e, !bits & 0xFFFF_FFFF)
                    }
                    (UnaryOp::Not, Value::Bool(b)) => Value::Bool(!b),
                    (UnaryOp::Negate, Value::Int(n)) => Value::Int(-n),
                    (UnaryOp::Plus, value @ Value::Int(_)) => value,
                    _ => Value::Unknown,
                }
            }
            ExprKind::Chain { ops, operands } => {
                let mut values = operands.iter().map(|o| self.eval_at(o, here, trace, depth));
                let Some(mut acc) = values.next() else {
                    return Value::Unknown;
                };
                for (op, value) in ops.iter().zip(values) {
                    acc = binary(*op, acc, value);
                }
                acc
            }
            ExprKind::If {
                cond: Some(cond),
                branches,
            } => match self.eval_at(cond, here, trace, depth) {
                Value::Bool(true) => branches
                    .first()
                    .map_or(Value::Unknown, |b| self.eval_at(b, here, trace, depth)),
                Value::Bool(false) => branches
                    .get(1)
                    .map_or(Value::Unknown, |b| self.eval_at(b, here, trace, depth)),
                _ => Value::Unknown,
            },
            _ => Value::Unknown,
        }
    }

    /// `[Enum].ToObject(GetType(T), value)`: the type and the value.
    pub fn enum_to_object<'e>(
        &self,
        target: &Expr,
        args: &'e [super::syntax::Arg],
    ) -> Option<(&'e TypeRef, &'e Expr)> {
        let ExprKind::Member {
            receiver: Some(receiver),
            name,
        } = &target.kind
        else {
            return None;
        };
        if !name.eq_ignore_ascii_case("ToObject")
            || self.names.resolve_expr(receiver) != Some(KnownType::Enum)
        {
            return None;
        }
        let [type_arg, value_arg] = args else {
            return None;
        };
        let Some(Expr {
            kind: ExprKind::GetType(ty),
            ..
        }) = &type_arg.value
        else {
            return None;
        };
        Some((ty, value_arg.value.as_ref()?))
    }

    /// A bare name: a member of an imported enum, or a constant.
    fn eval_name(
        &self,
        name: &str,
        owner: Option<&str>,
        here: Option<usize>,
        trace: &mut Trace,
        depth: u32,
    ) -> Value {
        if owner.is_none()
            && let Some((protocol, bits)) = self.imported_member(name)
        {
            trace.protocol_symbol = true;
            return Value::Protocol(protocol, u64::from(bits));
        }
        let Some(decl) = self.constants.lookup(name, owner, here, self.parsed) else {
            return Value::Unknown;
        };
        let value = self.eval_at(decl.value, decl.owner, trace, depth);
        let value = self.convert(decl.ty, value, trace);
        if matches!(value, Value::Protocol(..)) {
            trace.protocol_symbol = true;
        }
        value
    }

    /// A member of an enum imported with `Imports System.Net.SecurityProtocolType`.
    pub fn imported_member(&self, name: &str) -> Option<(ProtocolEnum, u32)> {
        self.names.member_protocols().find_map(|protocol| {
            protocol
                .member_value_ignore_case(name)
                .map(|(_, bits)| (protocol, bits))
        })
    }

    /// `Receiver.Name`: an enum member, a constant of a type in this file, or a polyfill
    /// constant such as `SecurityProtocolTypeExtensions.Tls12` declared elsewhere.
    fn eval_member(
        &self,
        receiver: &Expr,
        name: &str,
        here: Option<usize>,
        trace: &mut Trace,
        depth: u32,
    ) -> Value {
        match self.names.resolve_expr(receiver) {
            Some(KnownType::Protocol(protocol)) => {
                return match protocol.member_value_ignore_case(name) {
                    Some((_, bits)) => {
                        trace.protocol_symbol = true;
                        Value::Protocol(protocol, u64::from(bits))
                    }
                    None => Value::Unknown,
                };
            }
            Some(_) => return Value::Unknown,
            None => {}
        }
        let Some(segments) = dotted(receiver) else {
            return Value::Unknown;
        };
        let Some(owner) = segments.last() else {
            return Value::Unknown;
        };
        let value = self.eval_name(name, Some(owner), here, trace, depth);
        if value != Value::Unknown {
            return value;
        }
        match polyfill_protocol(owner) {
            Some(protocol) => match protocol.member_value_ignore_case(name) {
                Some((_, bits)) => {
                    trace.protocol_symbol = true;
                    Value::Protocol(protocol, u64::from(bits))
                }
                None => Value::Unknown,
            },
            None => Value::Unknown,
        }
    }

    /// Applies a declared type or a `CType` target to a value.
    fn convert(&self, ty: Option<&TypeRef>, value: Value, trace: &mut Trace) -> Value {
        let Some(ty) = ty else {
            return value;
        };
        if let Some(protocol) = self.names.protocol_type(ty) {
            trace.protocol_symbol = true;
            return match value {
                Value::Int(n) if n >= 0 => {
                    u64::try_from(n).map_or(Value::Unknown, |n| Value::Protocol(protocol, n))
                }
                Value::Int(n) => Value::Protocol(protocol, (n as u64) & 0xFFFF_FFFF),
                Value::Protocol(_, bits) => Value::Protocol(protocol, bits),
                _ => Value::Unknown,
            };
        }
        match value {
            Value::Protocol(_, bits) if is_integral(ty) => Value::Int(i128::from(bits)),
            other => other,
        }
    }
}

/// Whether a type is one of VB's integral types (`Integer`, `System.Int32`, …).
pub fn is_integral(ty: &TypeRef) -> bool {
    let Some(last) = ty.segments.last() else {
        return false;
    };
    ty.plain
        && [
            "integer", "int32", "uinteger", "uint32", "long", "int64", "ulong", "uint64", "short",
            "int16", "ushort", "uint16", "byte", "sbyte",
        ]
        .iter()
        .any(|t| last.eq_ignore_ascii_case(t))
}

/// Types from the "TLS 1.2 on .NET 3.5/4.0" pattern (domain.md §7.4) declared in another file.
pub fn polyfill_protocol(type_name: &str) -> Option<ProtocolEnum> {
    let lower = type_name.to_ascii_lowercase();
    if lower.contains("securityprotocoltype") {
        Some(ProtocolEnum::SecurityProtocolType)
    } else if lower.contains("sslprotocols") {
        Some(ProtocolEnum::SslProtocols)
    } else {
        None
    }
}

fn binary(op: BinOp, left: Value, right: Value) -> Value {
    use Value::{Bool, Int, Protocol, Str};
    match (left, right) {
        (Int(a), Int(b)) => match op {
            BinOp::Or => Int(a | b),
            BinOp::And => Int(a & b),
            BinOp::Xor => Int(a ^ b),
            BinOp::Add => a.checked_add(b).map_or(Value::Unknown, Int),
            BinOp::Sub => a.checked_sub(b).map_or(Value::Unknown, Int),
            BinOp::Mul => a.checked_mul(b).map_or(Value::Unknown, Int),
            BinOp::IntDiv if b != 0 => Int(a / b),
            BinOp::Mod if b != 0 => Int(a % b),
            BinOp::Shl if (0..64).contains(&b) => {
                a.checked_shl(b as u32).map_or(Value::Unknown, Int)
            }
            BinOp::Shr if (0..64).contains(&b) => Int(a >> b),
            BinOp::Eq => Bool(a == b),
            BinOp::Ne => Bool(a != b),
            BinOp::Concat => Str(format!("{a}{b}")),
            _ => Value::Unknown,
        },
        (Protocol(e, a), Protocol(_, b)) => protocol_op(op, e, a, b),
        (Protocol(e, a), Int(b)) | (Int(b), Protocol(e, a)) if b >= 0 => {
            protocol_op(op, e, a, b as u64)
        }
        (Str(a), Str(b)) if matches!(op, BinOp::Concat | BinOp::Add) => Str(a + &b),
        (Str(a), Int(b)) if op == BinOp::Concat => Str(format!("{a}{b}")),
        (Int(a), Str(b)) if op == BinOp::Concat => Str(format!("{a}{b}")),
        (Str(a), Str(b)) if op == BinOp::Eq => Bool(a == b),
        (Bool(a), Bool(b)) => match op {
            BinOp::AndAlso | BinOp::And => Bool(a && b),
            BinOp::OrElse | BinOp::Or => Bool(a || b),
            BinOp::Xor | BinOp::Ne => Bool(a ^ b),
            BinOp::Eq => Bool(a == b),
            _ => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}

fn protocol_op(op: BinOp, protocol: ProtocolEnum, a: u64, b: u64) -> Value {
    match op {
        BinOp::Or => Value::Protocol(protocol, a | b),
        BinOp::And => Value::Protocol(protocol, a & b),
        BinOp::Xor => Value::Protocol(protocol, a ^ b),
        // Arithmetic on an enum works on its underlying value: a sum, not a union.
        BinOp::Add => a
            .checked_add(b)
            .map_or(Value::Unknown, |n| Value::Protocol(protocol, n)),
        BinOp::Eq => Value::Bool(a == b),
        BinOp::Ne => Value::Bool(a != b),
        _ => Value::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{lexer::tokenize, syntax::parse};
    use super::*;

    fn with_value(src: &str, check: impl FnOnce(Value)) {
        let parsed = parse(src, &tokenize(src));
        let names = Names::new(&parsed.imports);
        let constants = Constants::new(&parsed);
        let eval = Evaluator {
            names: &names,
            constants: &constants,
            parsed: &parsed,
        };
        let stmt = parsed.stmts.last().expect("a statement");
        let StmtKind::Assign { value, .. } = &stmt.kind else {
            panic!("not an assignment: {stmt:?}")
        };
        check(eval.eval(value, stmt.owner, &mut Trace::default()));
    }

    fn value_of(src: &str) -> Value {
        let mut out = Value::Unknown;
        with_value(src, |v| out = v);
        out
    }

    const SPT: ProtocolEnum = ProtocolEnum::SecurityProtocolType;
    const SSL: ProtocolEnum = ProtocolEnum::SslProtocols;

    #[test]
    fn resolves_names_case_insensitively_with_aliases() {
        let names = Names::new(&[
            Import {
                alias: Some("SPT".into()),
                path: vec!["System".into(), "Net".into(), "SecurityProtocolType".into()],
            },
            Import {
                alias: Some("Auth".into()),
                path: vec!["System".into(), "Security".into(), "Authentication".into()],
            },
            Import {
                alias: None,
                path: vec!["System".into(), "AppContext".into()],
            },
        ]);
        let spt = Some(KnownType::Protocol(SPT));
        assert_eq!(names.resolve(&["securityprotocoltype"]), spt);
        assert_eq!(names.resolve(&["Net", "SecurityProtocolType"]), spt);
        assert_eq!(
            names.resolve(&["Global", "System", "Net", "SecurityProtocolType"]),
            spt
        );
        assert_eq!(names.resolve(&["spt"]), spt);
        assert_eq!(
            names.resolve(&["Auth", "SslProtocols"]),
            Some(KnownType::Protocol(SSL))
        );
        assert_eq!(names.resolve(&["MySecurityProtocolType"]), None);
        assert_eq!(names.resolve(&["Enum"]), Some(KnownType::Enum));
        assert!(names.imports_members(KnownType::AppContext));
    }

    #[test]
    fn folds_members_conversions_and_constants() {
        assert_eq!(
            value_of("x = SecurityProtocolType.TLS11 Or securityprotocoltype.tls12"),
            Value::Protocol(SPT, 3840)
        );
        assert_eq!(
            value_of("x = CType(&H300 Or 3072, SecurityProtocolType)"),
            Value::Protocol(SPT, 3840)
        );
        assert_eq!(
            value_of("x = DirectCast(&B1100_0000, System.Security.Authentication.SslProtocols)"),
            Value::Protocol(SSL, 192)
        );
        assert_eq!(
            value_of("x = [Enum].ToObject(GetType(SecurityProtocolType), 768)"),
            Value::Protocol(SPT, 768)
        );
        assert_eq!(
            value_of("Const Tls11 As Integer = 768\nx = Tls11"),
            Value::Int(768)
        );
        assert_eq!(
            value_of("Const Legacy As SecurityProtocolType = SecurityProtocolType.Tls\nx = legacy"),
            Value::Protocol(SPT, 192)
        );
        assert_eq!(
            value_of("Const Legacy As SecurityProtocolType = 768\nx = Legacy"),
            Value::Protocol(SPT, 768)
        );
        assert_eq!(
            value_of("x = SecurityProtocolTypeExtensions.Tls12"),
            Value::Protocol(SPT, 3072)
        );
        assert_eq!(
            value_of("x = CInt(SecurityProtocolType.Tls) + 1"),
            Value::Int(193)
        );
        assert_eq!(
            value_of("x = SecurityProtocolType.Tls And Not SecurityProtocolType.Tls"),
            Value::Protocol(SPT, 0)
        );
        assert_eq!(value_of("x = If(True, 1, 2)"), Value::Int(1));
        assert_eq!(value_of("x = unknownThing Or 1"), Value::Unknown);
    }

    #[test]
    fn folds_strings_and_booleans() {
        assert_eq!(
            value_of(
                "Const Prefix As String = \"Switch.System.Net.\"\nConst Name = Prefix & \"DontEnableSchUseStrongCrypto\"\nx = Name"
            ),
            Value::Str("Switch.System.Net.DontEnableSchUseStrongCrypto".into())
        );
        assert_eq!(value_of("x = Not False"), Value::Bool(true));
        assert_eq!(value_of("x = True AndAlso False"), Value::Bool(false));
    }

    #[test]
    fn constant_cycles_end() {
        assert_eq!(value_of("Const A = B\nConst B = A\nx = A"), Value::Unknown);
    }

    #[test]
    fn constants_of_the_enclosing_type_win() {
        let src = "Class A\nConst P As Integer = 1\nEnd Class\nClass B\nConst P As Integer = 2\nSub M()\nx = P\nEnd Sub\nEnd Class";
        assert_eq!(value_of(src), Value::Int(2));
        let qualified = "Class A\nConst P As Integer = 1\nEnd Class\nClass B\nConst P As Integer = 2\nSub M()\nx = A.P\nEnd Sub\nEnd Class";
        assert_eq!(value_of(qualified), Value::Int(1));
    }
}
