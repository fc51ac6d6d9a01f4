//! Constant folding for the values the rules look at: integer literals in any base, protocol
//! enum members, casts, `|`/`&`/`~`/shift/arithmetic operators, strings and booleans, and
//! references to constants declared in the same file (`const`, `static readonly`).

use std::collections::HashMap;

use tree_sitter::Node;

use super::names::{KnownType, Names};
use super::syntax::{
    declarator_value, enclosing_type_name, named_children, node_text, operator, string_value,
};
use crate::lang::tree::Parents;
use crate::protocol::ProtocolEnum;

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
    /// The value came (partly) from a protocol enum member, a protocol cast, or a constant of a
    /// protocol type: that symbol is where the value is written, not the expression around it.
    pub protocol_symbol: bool,
}

/// A constant or static readonly field declared in the file.
#[derive(Clone, Copy, Debug)]
pub struct ConstDecl<'t> {
    pub owner: Option<&'t str>,
    pub type_node: Node<'t>,
    pub value: Node<'t>,
}

/// The file's constants by name.
#[derive(Debug, Default)]
pub struct Constants<'t> {
    by_name: HashMap<&'t str, Vec<ConstDecl<'t>>>,
}

impl<'t> Constants<'t> {
    /// Records a declaration (a field or local declaration with one of its declarators) if it
    /// declares a constant: `const`, or a `static readonly` field.
    pub fn add(
        &mut self,
        declaration: Node<'t>,
        type_node: Node<'t>,
        declarator: Node<'t>,
        src: &'t str,
        parents: &Parents<'t>,
    ) {
        let mut cursor = declaration.walk();
        let modifiers: Vec<&str> = declaration
            .children(&mut cursor)
            .filter(|child| child.kind() == "modifier" || child.kind() == "const")
            .map(|child| node_text(child, src))
            .collect();
        let is_const = modifiers.contains(&"const");
        let is_static_readonly = modifiers.contains(&"static") && modifiers.contains(&"readonly");
        if !(is_const || is_static_readonly) {
            return;
        }
        let (Some(name), Some(value)) = (
            declarator.child_by_field_name("name"),
            declarator_value(declarator),
        ) else {
            return;
        };
        self.by_name
            .entry(node_text(name, src))
            .or_default()
            .push(ConstDecl {
                owner: enclosing_type_name(declaration, src, parents),
                type_node,
                value,
            });
    }

    /// The constant `name`, declared in type `owner` if given; otherwise in the type enclosing
    /// `reference`, or the only constant with that name.
    pub fn lookup(
        &self,
        name: &str,
        owner: Option<&str>,
        reference: Node<'t>,
        src: &str,
        parents: &Parents<'t>,
    ) -> Option<ConstDecl<'t>> {
        let decls = self.by_name.get(name)?;
        if let Some(owner) = owner {
            return decls.iter().find(|d| d.owner == Some(owner)).copied();
        }
        let here = enclosing_type_name(reference, src, parents);
        decls
            .iter()
            .find(|d| here.is_some() && d.owner == here)
            .or_else(|| (decls.len() == 1).then(|| &decls[0]))
            .copied()
    }
}

/// Evaluates expressions of one file.
pub struct Evaluator<'a, 't> {
    pub src: &'t str,
    pub names: &'a Names,
    pub constants: &'a Constants<'t>,
    pub parents: &'a Parents<'t>,
}

/// Constant chains deeper than this are treated as unknown (and break reference cycles).
const MAX_DEPTH: u32 = 32;

impl<'t> Evaluator<'_, 't> {
    pub fn eval(&self, node: Node<'t>, trace: &mut Trace) -> Value {
        self.eval_at(node, trace, 0)
    }

    fn eval_at(&self, node: Node<'t>, trace: &mut Trace, depth: u32) -> Value {
        if depth > MAX_DEPTH {
            return Value::Unknown;
        }
        let depth = depth + 1;
        match node.kind() {
            "integer_literal" => {
                parse_int(node_text(node, self.src)).map_or(Value::Unknown, Value::Int)
            }
            "boolean_literal" => Value::Bool(node_text(node, self.src) == "true"),
            "string_literal"
            | "verbatim_string_literal"
            | "raw_string_literal"
            | "interpolated_string_expression" => {
                string_value(node, self.src).map_or(Value::Unknown, Value::Str)
            }
            "parenthesized_expression" | "checked_expression" => {
                match named_children(node).next() {
                    Some(inner) => self.eval_at(inner, trace, depth),
                    None => Value::Unknown,
                }
            }
            "cast_expression" => {
                let (Some(ty), Some(value)) = (
                    node.child_by_field_name("type"),
                    node.child_by_field_name("value"),
                ) else {
                    return Value::Unknown;
                };
                let inner = self.eval_at(value, trace, depth);
                self.convert(ty, inner, trace)
            }
            "prefix_unary_expression" => {
                let Some(operand) = named_children(node).next() else {
                    return Value::Unknown;
                };
                let op = node_text(node, self.src).trim_start().chars().next();
                match (op, self.eval_at(operand, trace, depth)) {
                    (Some('~'), Value::Int(n)) => Value::Int(!n),
                    (Some('~'), Value::Protocol(e, bits)) => {
                        Value::Protocol(e, !bits & 0xFFFF_FFFF)
                    }
                    (Some('-'), Value::Int(n)) => Value::Int(-n),
                    (Some('+'), value @ Value::Int(_)) => value,
                    (Some('!'), Value::Bool(b)) => Value::Bool(!b),
                    _ => Value::Unknown,
                }
            }
            "binary_expression" => {
                let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    return Value::Unknown;
                };
                let op = operator(node, self.src);
                let left = self.eval_at(left, trace, depth);
                let right = self.eval_at(right, trace, depth);
                binary(op, left, right)
            }
            "conditional_expression" => {
                let condition = node
                    .child_by_field_name("condition")
                    .map(|c| self.eval_at(c, trace, depth));
                let branch = match condition {
                    Some(Value::Bool(true)) => node.child_by_field_name("consequence"),
                    Some(Value::Bool(false)) => node.child_by_field_name("alternative"),
                    _ => None,
                };
                branch.map_or(Value::Unknown, |b| self.eval_at(b, trace, depth))
            }
            "identifier" => self.eval_name(node, None, node_text(node, self.src), trace, depth),
            "member_access_expression" => {
                let (Some(receiver), Some(name)) = (
                    node.child_by_field_name("expression"),
                    node.child_by_field_name("name"),
                ) else {
                    return Value::Unknown;
                };
                self.eval_member(node, receiver, node_text(name, self.src), trace, depth)
            }
            _ => Value::Unknown,
        }
    }

    /// A bare name: a member imported with `using static`, or a constant.
    fn eval_name(
        &self,
        node: Node<'t>,
        owner: Option<&str>,
        name: &str,
        trace: &mut Trace,
        depth: u32,
    ) -> Value {
        if owner.is_none() {
            for protocol in self.names.static_protocol_imports() {
                if let Some(bits) = protocol.member_value(name) {
                    trace.protocol_symbol = true;
                    return Value::Protocol(protocol, u64::from(bits));
                }
            }
        }
        let Some(decl) = self
            .constants
            .lookup(name, owner, node, self.src, self.parents)
        else {
            return Value::Unknown;
        };
        let value = self.eval_at(decl.value, trace, depth);
        let value = self.convert(decl.type_node, value, trace);
        if matches!(value, Value::Protocol(..)) {
            trace.protocol_symbol = true;
        }
        value
    }

    /// `Receiver.Name`: an enum member, a constant of a type in this file, or a polyfill
    /// constant such as `SecurityProtocolTypeExtensions.Tls12` declared elsewhere.
    pub fn eval_member(
        &self,
        node: Node<'t>,
        receiver: Node<'t>,
        name: &str,
        trace: &mut Trace,
        depth: u32,
    ) -> Value {
        match self.names.resolve(receiver, self.src) {
            Some(KnownType::Protocol(protocol)) => {
                return match protocol.member_value(name) {
                    Some(bits) => {
                        trace.protocol_symbol = true;
                        Value::Protocol(protocol, u64::from(bits))
                    }
                    None => Value::Unknown,
                };
            }
            Some(_) => return Value::Unknown,
            None => {}
        }
        let receiver_text = node_text(receiver, self.src);
        let owner = receiver_text
            .rsplit('.')
            .next()
            .unwrap_or(receiver_text)
            .trim();
        let value = self.eval_name(node, Some(owner), name, trace, depth);
        if value != Value::Unknown {
            return value;
        }
        match polyfill_protocol(owner) {
            Some(protocol) => match protocol.member_value(name) {
                Some(bits) => {
                    trace.protocol_symbol = true;
                    Value::Protocol(protocol, u64::from(bits))
                }
                None => Value::Unknown,
            },
            None => Value::Unknown,
        }
    }

    /// Applies a cast or a declared type to a value.
    fn convert(&self, ty: Node<'t>, value: Value, trace: &mut Trace) -> Value {
        if let Some(KnownType::Protocol(protocol)) = self.names.resolve(ty, self.src) {
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
        let type_name = node_text(ty, self.src);
        let integral = matches!(
            type_name,
            "int"
                | "uint"
                | "long"
                | "ulong"
                | "short"
                | "ushort"
                | "byte"
                | "sbyte"
                | "Int32"
                | "UInt32"
                | "Int64"
        );
        match value {
            Value::Protocol(_, bits) if integral => Value::Int(i128::from(bits)),
            Value::Protocol(..) if ty.kind() == "implicit_type" => value,
            other => other,
        }
    }
}

/// Types from the "TLS 1.2 on .NET 3.5/4.0" pattern (domain.md §7.4): `SslProtocolsExtensions`,
/// `SecurityProtocolTypeExtensions` and similar names declared in another file.
pub fn polyfill_protocol(type_name: &str) -> Option<ProtocolEnum> {
    if type_name.contains("SecurityProtocolType") {
        Some(ProtocolEnum::SecurityProtocolType)
    } else if type_name.contains("SslProtocols") {
        Some(ProtocolEnum::SslProtocols)
    } else {
        None
    }
}

fn binary(op: &str, left: Value, right: Value) -> Value {
    use Value::{Bool, Int, Protocol, Str};
    match (left, right) {
        (Int(a), Int(b)) => match op {
            "|" => Int(a | b),
            "&" => Int(a & b),
            "^" => Int(a ^ b),
            "+" => a.checked_add(b).map_or(Value::Unknown, Int),
            "-" => a.checked_sub(b).map_or(Value::Unknown, Int),
            "*" => a.checked_mul(b).map_or(Value::Unknown, Int),
            "<<" if (0..64).contains(&b) => a.checked_shl(b as u32).map_or(Value::Unknown, Int),
            ">>" if (0..64).contains(&b) => Int(a >> b),
            "==" => Bool(a == b),
            "!=" => Bool(a != b),
            _ => Value::Unknown,
        },
        (Protocol(e, a), Protocol(_, b)) => protocol_op(op, e, a, b),
        (Protocol(e, a), Int(b)) | (Int(b), Protocol(e, a)) if b >= 0 => {
            protocol_op(op, e, a, b as u64)
        }
        (Str(a), Str(b)) if op == "+" => Str(a + &b),
        (Str(a), Int(b)) if op == "+" => Str(format!("{a}{b}")),
        (Bool(a), Bool(b)) => match op {
            "&&" | "&" => Bool(a && b),
            "||" | "|" => Bool(a || b),
            "==" => Bool(a == b),
            "!=" => Bool(a != b),
            "^" => Bool(a ^ b),
            _ => Value::Unknown,
        },
        _ => Value::Unknown,
    }
}

fn protocol_op(op: &str, protocol: ProtocolEnum, a: u64, b: u64) -> Value {
    match op {
        "|" => Value::Protocol(protocol, a | b),
        "&" => Value::Protocol(protocol, a & b),
        "^" => Value::Protocol(protocol, a ^ b),
        // An enum plus its underlying type is the enum (C# §12.10.5): the sum, not a union.
        "+" => a
            .checked_add(b)
            .map_or(Value::Unknown, |n| Value::Protocol(protocol, n)),
        "==" => Value::Bool(a == b),
        "!=" => Value::Bool(a != b),
        _ => Value::Unknown,
    }
}

/// Parses a C# integer literal: decimal, `0x` hex, `0b` binary, `_` separators, `u`/`l`
/// suffixes.
pub fn parse_int(text: &str) -> Option<i128> {
    let cleaned: String = text.chars().filter(|&c| c != '_').collect();
    let cleaned = cleaned.trim_end_matches(['u', 'U', 'l', 'L']);
    if let Some(hex) = cleaned
        .strip_prefix("0x")
        .or_else(|| cleaned.strip_prefix("0X"))
    {
        i128::from_str_radix(hex, 16).ok()
    } else if let Some(bin) = cleaned
        .strip_prefix("0b")
        .or_else(|| cleaned.strip_prefix("0B"))
    {
        i128::from_str_radix(bin, 2).ok()
    } else {
        cleaned.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn parses_integer_literals() {
        assert_eq!(parse_int("768"), Some(768));
        assert_eq!(parse_int("0x300"), Some(768));
        assert_eq!(parse_int("0XC00u"), Some(3072));
        assert_eq!(parse_int("0b1100_0000"), Some(192));
        assert_eq!(parse_int("3_072UL"), Some(3072));
        assert_eq!(parse_int("0x"), None);
    }
}
