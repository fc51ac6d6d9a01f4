//! Where a protocol value sits: is it written (assigned, passed, returned, initialised) or only
//! read (compared, tested, masked, matched)? DESIGN.md §2 lists the judgement calls.

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use super::names::{KnownType, Names};
use super::syntax::{is_field, named_children, node_text, operator, strip_whitespace};
use crate::facts::{Sink, Span, WriteOp};
use crate::lang::calls::{self, Case};
use crate::lang::tree::Parents;

/// The role of a value expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Context {
    /// Compared, tested, masked, matched, logged: never a finding.
    Read,
    /// Written to a variable, property, argument or return value.
    Write {
        op: WriteOp,
        sink: Sink,
        statement: Span,
    },
}

/// A value expression and its context.
#[derive(Clone, Copy)]
pub struct Climb<'t> {
    /// The whole value the leaf belongs to (`A | B`, `c ? A : B`, `(T)(A | 3072)`).
    pub root: Node<'t>,
    /// The node that gives the value its role (assignment, argument, comparison…).
    pub parent: Option<Node<'t>>,
    /// The parser produced ERROR or MISSING nodes on the way: the structure cannot be trusted.
    pub reliable: bool,
}

/// Climbs already made from intermediate nodes, by node id: every operand of an `a | b | …`
/// chain climbs through the same nodes, and remembering them keeps long chains linear.
pub type ClimbCache<'t> = RefCell<HashMap<usize, Climb<'t>>>;

/// Walks up from a value through the expressions that pass it on unchanged: parentheses, `|`,
/// casts, `checked(...)`, the branches of `?:` and of switch expressions.
pub fn climb<'t>(leaf: Node<'t>, parents: &Parents<'t>, cache: &ClimbCache<'t>) -> Climb<'t> {
    // The nodes passed through, and for each whether stepping into it met no parse error.
    let mut path: Vec<(Node<'t>, bool)> = Vec::new();
    let mut node = leaf;
    let end = loop {
        if !path.is_empty()
            && let Some(known) = cache.borrow().get(&node.id())
        {
            break *known;
        }
        let Some(parent) = parents.of(node) else {
            break Climb {
                root: node,
                parent: None,
                reliable: true,
            };
        };
        let parent_ok = !parent.is_error() && !parent.is_missing();
        if !passes_through(parent, node) {
            break Climb {
                root: node,
                parent: Some(parent),
                reliable: parent_ok && !has_error_child(parent),
            };
        }
        path.push((parent, parent_ok));
        node = parent;
    };
    // `end.reliable` holds from the last node passed through upwards; extend it downwards,
    // remembering the climb from each intermediate node.
    let mut reliable = end.reliable;
    let mut cache = cache.borrow_mut();
    for &(passed, step_ok) in path.iter().rev() {
        cache.insert(passed.id(), Climb { reliable, ..end });
        reliable &= step_ok;
    }
    Climb {
        reliable: reliable && !leaf.is_error() && !leaf.is_missing(),
        ..end
    }
}

/// Whether `parent` passes the value `node` on unchanged.
fn passes_through(parent: Node, node: Node) -> bool {
    match parent.kind() {
        "parenthesized_expression" | "checked_expression" => true,
        "binary_expression" => parent
            .child_by_field_name("operator")
            .is_some_and(|op| op.kind() == "|"),
        "cast_expression" => is_field(parent, "value", node),
        "postfix_unary_expression" => parent
            .child(parent.child_count().saturating_sub(1))
            .is_some_and(|c| c.kind() == "!"),
        "conditional_expression" => {
            is_field(parent, "consequence", node) || is_field(parent, "alternative", node)
        }
        "switch_expression_arm" => named_children(parent)
            .last()
            .is_some_and(|last| last.id() == node.id()),
        "switch_expression" => node.kind() == "switch_expression_arm",
        _ => false,
    }
}

fn has_error_child(node: Node) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|child| child.is_error() || child.is_missing())
}

/// Methods whose arguments are read, never stored: flag tests, equality, assertions.
pub fn is_read_method(name: &str) -> bool {
    calls::is_read_method(name, Case::Sensitive)
}

/// Receivers whose methods only inspect their arguments (`Assert.Equal(...)`, `Debug.Assert`).
fn is_assertion_receiver(name: &str) -> bool {
    calls::is_assertion_receiver(name, Case::Sensitive)
}

/// `SslStream.AuthenticateAs*`: the method names whose protocol argument is a sink.
pub fn authenticate_sink(method: &str) -> Option<Sink> {
    calls::authenticate_sink(method, Case::Sensitive)
}

/// The statement or declaration that holds `node`.
pub fn statement_of<'t>(node: Node<'t>, parents: &Parents<'t>) -> Span {
    let mut current = node;
    loop {
        let kind = current.kind();
        if kind.ends_with("_statement")
            || kind.ends_with("_declaration")
            || matches!(
                kind,
                "parameter" | "attribute" | "global_statement" | "switch_expression_arm"
            )
        {
            return current.byte_range();
        }
        match parents.of(current) {
            Some(parent) => current = parent,
            None => return node.byte_range(),
        }
    }
}

/// Classifies a value `root` by the node `parent` that holds it (a reliable parse).
pub fn classify<'t>(
    root: Node<'t>,
    parent: Node<'t>,
    names: &Names,
    src: &str,
    parents: &Parents<'t>,
) -> Context {
    let write = |op, sink| Context::Write {
        op,
        sink,
        statement: statement_of(parent, parents),
    };
    match parent.kind() {
        "assignment_expression" => {
            if !is_field(parent, "right", root) {
                return Context::Read;
            }
            let left = parent.child_by_field_name("left");
            let sink = left.map_or(Sink::None, |left| assignment_sink(left, names, src));
            match operator(parent, src) {
                "=" | "??=" => {
                    let op = if left.is_some_and(|left| or_chain_contains(root, left, src)) {
                        WriteOp::Add
                    } else {
                        WriteOp::Set
                    };
                    write(op, sink)
                }
                "|=" => write(WriteOp::Add, sink),
                // `&=` intersects and `-=` removes: the value is a mask, not enabled.
                "&=" | "-=" => Context::Read,
                _ => write(WriteOp::Other, sink),
            }
        }
        "argument" => match argument_role(parent, src, parents) {
            Some(sink) => write(WriteOp::Set, sink),
            None => Context::Read,
        },
        // `[InlineData(SslProtocols.Ssl2)]`: test data, not a protocol in use (the test body
        // that applies the parameter is judged as usual).
        "attribute_argument" if in_test_data_attribute(parent, src, parents) => Context::Read,
        "variable_declarator"
        | "attribute_argument"
        | "return_statement"
        | "arrow_expression_clause"
        | "yield_statement"
        | "lambda_expression"
        | "initializer_expression"
        | "collection_expression"
        | "spread_element"
        | "tuple_expression"
        | "parameter"
        | "property_declaration"
        | "enum_member_declaration"
        | "anonymous_object_creation_expression"
        | "with_initializer"
        | "global_statement" => write(WriteOp::Set, Sink::None),
        // Everything else reads the value: comparisons, `&` tests, `~` operands, patterns,
        // `case` labels, conditions, receivers of member accesses, interpolations, statements
        // that only evaluate it.
        _ => Context::Read,
    }
}

/// Whether an `attribute_argument` belongs to a test-data attribute (`InlineData`, `DataRow`,
/// `TestCase`, …).
fn in_test_data_attribute<'t>(argument: Node<'t>, src: &str, parents: &Parents<'t>) -> bool {
    parents
        .of(argument)
        .and_then(|list| parents.of(list))
        .filter(|attribute| attribute.kind() == "attribute")
        .and_then(|attribute| attribute.child_by_field_name("name"))
        .is_some_and(|name| calls::is_test_data_attribute(node_text(name, src), Case::Sensitive))
}

/// The sink an assignment's left side names.
fn assignment_sink(left: Node, names: &Names, src: &str) -> Sink {
    let (receiver, name) = match left.kind() {
        "member_access_expression" => (
            left.child_by_field_name("expression"),
            left.child_by_field_name("name").map(|n| node_text(n, src)),
        ),
        "identifier" => (None, Some(node_text(left, src))),
        _ => (None, None),
    };
    match name {
        Some("SecurityProtocol") => {
            let is_spm = match receiver {
                Some(receiver) => {
                    names.resolve(receiver, src) == Some(KnownType::ServicePointManager)
                }
                None => names.imports_static(KnownType::ServicePointManager),
            };
            if is_spm {
                Sink::SecurityProtocol
            } else {
                Sink::None
            }
        }
        Some("SslProtocols" | "EnabledSslProtocols") => Sink::SslProtocolsProperty,
        _ => Sink::None,
    }
}

/// The role of an argument: `None` when the call only reads it (`HasFlag`, assertions),
/// otherwise the sink it feeds (`AuthenticateAs*`'s protocol parameter) or [`Sink::None`].
pub fn argument_role<'t>(argument: Node<'t>, src: &str, parents: &Parents<'t>) -> Option<Sink> {
    let Some(list) = parents.of(argument) else {
        return Some(Sink::None);
    };
    let Some(call) = parents.of(list) else {
        return Some(Sink::None);
    };
    if call.kind() != "invocation_expression" {
        return Some(Sink::None); // constructor arguments, indexers: values passed on
    }
    let Some(function) = call.child_by_field_name("function") else {
        return Some(Sink::None);
    };
    let (receiver, method) = match function.kind() {
        "member_access_expression" => (
            function.child_by_field_name("expression"),
            function
                .child_by_field_name("name")
                .map_or("", |n| node_text(n, src)),
        ),
        "identifier" => (None, node_text(function, src)),
        "generic_name" => (None, function.child(0).map_or("", |n| node_text(n, src))),
        _ => (None, ""),
    };
    if is_read_method(method) {
        return None;
    }
    if let Some(receiver) = receiver {
        let root = node_text(receiver, src)
            .split(['.', '('])
            .next()
            .unwrap_or("")
            .trim();
        if is_assertion_receiver(root) {
            return None;
        }
    }
    if let Some(sink) = authenticate_sink(method)
        && is_protocol_argument(argument, list, method, src)
    {
        return Some(sink);
    }
    Some(Sink::None)
}

/// Whether `argument` is the `SslProtocols` parameter of an `AuthenticateAs*` call: named
/// `enabledSslProtocols`, or the third of the overloads that take one.
fn is_protocol_argument(argument: Node, list: Node, method: &str, src: &str) -> bool {
    let arguments: Vec<Node> = named_children(list)
        .filter(|n| n.kind() == "argument")
        .collect();
    if let Some(name) = argument.child_by_field_name("name") {
        return node_text(name, src) == calls::PROTOCOL_PARAMETER;
    }
    let expected_count = calls::authenticate_argument_count(method, Case::Sensitive);
    arguments.len() == expected_count && arguments.get(2).is_some_and(|a| a.id() == argument.id())
}

/// Whether an `|` chain (`x | Tls12`) contains an operand written like `target` (`x = x | Tls12`
/// is an additive write).
fn or_chain_contains(value: Node, target: Node, src: &str) -> bool {
    let target = strip_whitespace(node_text(target, src));
    let mut operands = Vec::new();
    or_operands(value, &mut operands);
    operands.len() > 1
        && operands
            .iter()
            .any(|op| strip_whitespace(node_text(*op, src)) == target)
}

/// The operands of an `|` chain, looking through parentheses.
pub fn or_operands<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
    match node.kind() {
        "parenthesized_expression" => match named_children(node).next() {
            Some(inner) => or_operands(inner, out),
            None => out.push(node),
        },
        "binary_expression"
            if node
                .child_by_field_name("operator")
                .is_some_and(|op| op.kind() == "|") =>
        {
            for side in ["left", "right"] {
                if let Some(child) = node.child_by_field_name(side) {
                    or_operands(child, out);
                }
            }
        }
        _ => out.push(node),
    }
}
