//! Labels are not settings: where a protocol value goes after it is written.
//!
//! A value written into a variable, a field, a property or a method's return is not a setting
//! yet: code that decodes a ClientHello (`1 => SslProtocols.Tls`), maps a negotiated protocol's
//! name to the enum, or states what a test expects names a protocol it has *observed*. This
//! module follows such a value through the carriers it can see in full and calls it a label when
//! every use is a read (a comparison, a pattern, `HasFlag`, an assertion, an interpolation, a
//! key, a log call). Anything else keeps the value a write, reported where it is written.
//!
//! The analysis is deliberately small and conservative, because a missed setting is worse than a
//! reported label:
//!
//! - A carrier is followed only when all its uses are in this file: a local (its uses are in the
//!   member, local function or lambda that declares it), a local function, or a field, property
//!   or method that is `private` (or has no access modifier in a class or struct) of a type that
//!   is not `partial`, or any member of a `file` type. Members visible to other files
//!   (`internal`, `public`, `protected`), `obj.Member` of another object, parameters, `ref`/`out`
//!   arguments, lambdas and collections are places the value leaves to: it stays reported. So
//!   is a member with an attribute (a serializer or binder may reach it) or named by `nameof`.
//! - Uses are found by the name's occurrences in the carrier's scope, outside comments. An
//!   occurrence that is not an identifier of the syntax tree (a member's name in a string, as
//!   reflection looks it up; text the parser could not read) counts as a use that cannot be
//!   judged; a local's name in a string is just text. Same-named locals and members elsewhere
//!   in the scope are taken as uses too: more uses never hide one.
//! - A value is a label also when it is never used: it enables nothing.
//! - A use that reaches a setting (`SecurityProtocol`, `SslProtocols`/`EnabledSslProtocols`,
//!   `AuthenticateAs*`) or leaves what is seen (an argument of any other call, a constructor,
//!   an initializer) makes the value a write; a use that stores it into another carrier is
//!   followed in turn, up to [`MAX_CARRIERS`] carriers.
//!
//! The flow runs on a full parse of the file: the skeleton parse leaves out bodies that do not
//! mention a protocol, and a use there must be seen.

use std::collections::HashSet;

use tree_sitter::Node;

use super::context::{ClimbCache, Context, classify, climb};
use super::names::Names;
use super::syntax::{is_field, named_children, node_text, operator};
use crate::facts::Sink;
use crate::lang::calls::{self, Case};
use crate::lang::tree::Parents;

/// How many carriers one value may be followed through before it is called a write.
const MAX_CARRIERS: usize = 32;

/// Syntax that only reads a value it holds (as `classify` judged it: comparisons, patterns,
/// receivers, conditions, interpolations, read-method arguments, masks).
const READ_HOLDERS: [&str; 21] = [
    "binary_expression",
    "is_pattern_expression",
    "is_expression",
    "switch_statement",
    "switch_expression",
    "switch_expression_arm",
    "when_clause",
    "case_switch_label",
    "constant_pattern",
    "member_access_expression",
    "conditional_access_expression",
    "interpolation",
    "if_statement",
    "while_statement",
    "do_statement",
    "conditional_expression",
    "prefix_unary_expression",
    "postfix_unary_expression",
    "expression_statement",
    "argument",
    "assignment_expression",
];

/// Where a value is stored, and where the uses of that place are.
#[derive(Clone, Copy)]
struct Carrier<'t, 's> {
    name: &'s str,
    /// The syntax that holds every use of the name.
    scope: Node<'t>,
    /// A method or local function: its uses are calls, whose result is the value.
    method: bool,
    /// A local variable or function: no reflection can name it, so its name in a string is
    /// text.
    local: bool,
}

/// What happens to a value at its holder.
enum Next<'t, 's> {
    Read,
    Write,
    Into(Carrier<'t, 's>),
}

/// Follows values through one file's full syntax tree.
pub struct Flow<'a, 't> {
    pub src: &'t str,
    pub root: Node<'t>,
    pub parents: &'a Parents<'t>,
    pub names: &'a Names,
    pub climbs: ClimbCache<'t>,
}

impl<'t> Flow<'_, 't> {
    /// Whether the value `value`, held by `parent` (as [`climb`] found them), is only ever read.
    pub fn is_label(&self, value: Node<'t>, parent: Node<'t>) -> bool {
        let mut seen = HashSet::new();
        self.value_is_read(value, parent, &mut seen, 0)
    }

    fn value_is_read(
        &self,
        value: Node<'t>,
        parent: Node<'t>,
        seen: &mut HashSet<(usize, String)>,
        depth: usize,
    ) -> bool {
        match self.next(value, parent, 0) {
            Next::Read => true,
            Next::Write => false,
            Next::Into(carrier) => self.carrier_is_read(carrier, seen, depth),
        }
    }

    /// What `parent` does with `value`.
    fn next(&self, value: Node<'t>, parent: Node<'t>, depth: usize) -> Next<'t, 't> {
        if depth > MAX_CARRIERS {
            return Next::Write;
        }
        // Arithmetic and intersections compute a new value from this one (`v & mask`,
        // `v + 1`): follow the result (a comparison of it is a read).
        if parent.kind() == "binary_expression"
            && matches!(
                operator(parent, self.src),
                "&" | "^" | "+" | "-" | "*" | "/" | "%" | "<<" | ">>" | ">>>" | "??"
            )
        {
            let climbed = climb(parent, self.parents, &self.climbs);
            return match (climbed.reliable, climbed.parent) {
                (true, Some(holder)) => self.next(climbed.root, holder, depth + 1),
                _ => Next::Write,
            };
        }
        if parent.kind() == "argument"
            && let Some(list) = self.parents.of(parent)
        {
            // An index or a dictionary key is looked up, not stored.
            if list.kind() == "bracketed_argument_list" {
                return Next::Read;
            }
            if let Some(call) = self.parents.of(list)
                && call.kind() == "invocation_expression"
                && is_logging_call(call, self.src)
                && parent.child_by_field_name("name").is_none()
                && !has_ref_kind(parent)
            {
                return Next::Read;
            }
        }
        match classify(value, parent, self.names, self.src, self.parents) {
            // `classify` calls everything it does not know a read; here a holder must be known
            // to read (`ref p`, a `with` expression, a range would pass the value on).
            Context::Read if READ_HOLDERS.contains(&parent.kind()) => Next::Read,
            Context::Read => Next::Write,
            Context::Write {
                sink: Sink::None, ..
            } => self
                .carrier_of(value, parent)
                .map_or(Next::Write, Next::Into),
            Context::Write { .. } => Next::Write,
        }
    }

    /// The place `parent` stores `value` in, when all its uses can be seen.
    fn carrier_of(&self, value: Node<'t>, parent: Node<'t>) -> Option<Carrier<'t, 't>> {
        match parent.kind() {
            "variable_declarator" => {
                let name = parent.child_by_field_name("name")?;
                let declaration = self.parents.of(parent)?;
                let holder = self.parents.of(declaration)?;
                let name = node_text(name, self.src);
                match holder.kind() {
                    "local_declaration_statement" | "using_statement" | "for_statement" => {
                        Some(Carrier {
                            name,
                            scope: self.local_scope(holder)?,
                            method: false,
                            local: true,
                        })
                    }
                    "field_declaration" => Some(Carrier {
                        name,
                        scope: self.private_scope(holder)?,
                        method: false,
                        local: false,
                    }),
                    _ => None,
                }
            }
            "assignment_expression" => {
                if !is_field(parent, "right", value) {
                    return None;
                }
                // `new T { P = v }`: a member of the object being created.
                if self
                    .parents
                    .of(parent)
                    .is_some_and(|p| p.kind() == "initializer_expression")
                {
                    return None;
                }
                let left = parent.child_by_field_name("left")?;
                let (name, this_member) = match left.kind() {
                    "identifier" => (node_text(left, self.src), false),
                    "member_access_expression" => {
                        let receiver = left.child_by_field_name("expression")?;
                        let name = left.child_by_field_name("name")?;
                        if node_text(receiver, self.src) != "this" || name.kind() != "identifier" {
                            return None;
                        }
                        (node_text(name, self.src), true)
                    }
                    _ => return None,
                };
                if !this_member {
                    if let Some(scope) = self.visible_local(parent, name) {
                        return Some(Carrier {
                            name,
                            scope,
                            method: false,
                            local: true,
                        });
                    }
                    if self.declared_nearby(parent, name) {
                        return None;
                    }
                }
                let scope = self.member_scope(parent, name)?;
                Some(Carrier {
                    name,
                    scope,
                    method: false,
                    local: false,
                })
            }
            "property_declaration" => Some(Carrier {
                name: node_text(parent.child_by_field_name("name")?, self.src),
                scope: self.private_scope(parent)?,
                method: false,
                local: false,
            }),
            "return_statement" | "arrow_expression_clause" => self.returned_from(parent),
            _ => None,
        }
    }

    /// The method, local function or property getter that `node` (a `return` or `=>`)
    /// returns from.
    fn returned_from(&self, node: Node<'t>) -> Option<Carrier<'t, 't>> {
        for ancestor in self.parents.ancestors(node) {
            match ancestor.kind() {
                "method_declaration" => {
                    return Some(Carrier {
                        name: node_text(ancestor.child_by_field_name("name")?, self.src),
                        scope: self.private_scope(ancestor)?,
                        method: true,
                        local: false,
                    });
                }
                "local_function_statement" => {
                    return Some(Carrier {
                        name: node_text(ancestor.child_by_field_name("name")?, self.src),
                        scope: self.local_scope(ancestor)?,
                        method: true,
                        local: true,
                    });
                }
                "property_declaration" => {
                    return Some(Carrier {
                        name: node_text(ancestor.child_by_field_name("name")?, self.src),
                        scope: self.private_scope(ancestor)?,
                        method: false,
                        local: false,
                    });
                }
                "accessor_declaration" => {
                    // Only a getter returns the property's value.
                    let mut cursor = ancestor.walk();
                    if !ancestor.children(&mut cursor).any(|c| c.kind() == "get") {
                        return None;
                    }
                }
                // Anything else that can hold a `return` is a value passed on (a lambda, an
                // operator, an indexer): its uses are not followed.
                "lambda_expression"
                | "anonymous_method_expression"
                | "constructor_declaration"
                | "operator_declaration"
                | "conversion_operator_declaration"
                | "indexer_declaration"
                | "destructor_declaration"
                | "class_declaration"
                | "struct_declaration"
                | "record_declaration"
                | "interface_declaration"
                | "compilation_unit" => return None,
                _ => {}
            }
        }
        None
    }

    /// Whether `node` is inside the argument of `nameof(…)`.
    fn in_nameof(&self, node: Node<'t>) -> bool {
        self.parents.ancestors(node).any(|a| {
            a.kind() == "invocation_expression"
                && a.child_by_field_name("function")
                    .is_some_and(|f| node_text(f, self.src) == "nameof")
        })
    }

    /// Whether `node` is the text of a string literal (not code in an interpolation).
    fn in_string_text(&self, node: Node<'t>) -> bool {
        std::iter::once(node)
            .chain(self.parents.ancestors(node))
            .take_while(|n| n.kind() != "interpolation")
            .any(|n| {
                matches!(
                    n.kind(),
                    "string_literal"
                        | "verbatim_string_literal"
                        | "raw_string_literal"
                        | "interpolated_string_expression"
                        | "character_literal"
                )
            })
    }

    /// The member, local function or lambda whose locals include those declared at `node`.
    fn local_scope(&self, node: Node<'t>) -> Option<Node<'t>> {
        self.parents.ancestors(node).find(|a| {
            matches!(
                a.kind(),
                "method_declaration"
                    | "constructor_declaration"
                    | "destructor_declaration"
                    | "operator_declaration"
                    | "conversion_operator_declaration"
                    | "accessor_declaration"
                    | "property_declaration"
                    | "indexer_declaration"
                    | "local_function_statement"
                    | "lambda_expression"
                    | "anonymous_method_expression"
                    | "compilation_unit"
            )
        })
    }

    /// The scope of the local `name` that `node` sees: one declared before it in a block
    /// around it (or by a `for`/`using` around it), up to the member that holds it.
    fn visible_local(&self, node: Node<'t>, name: &str) -> Option<Node<'t>> {
        for ancestor in self.parents.ancestors(node) {
            match ancestor.kind() {
                "block" | "switch_section" | "compilation_unit" => {
                    for child in named_children(ancestor) {
                        let statement = if child.kind() == "global_statement" {
                            named_children(child).next().unwrap_or(child)
                        } else {
                            child
                        };
                        if statement.start_byte() < node.start_byte()
                            && statement.kind() == "local_declaration_statement"
                            && declares(statement, name, self.src)
                        {
                            return self.local_scope(statement);
                        }
                    }
                }
                "for_statement" | "using_statement" if declares(ancestor, name, self.src) => {
                    return self.local_scope(ancestor);
                }
                kind if is_type_kind(kind) => return None,
                _ => {}
            }
        }
        None
    }

    /// Whether a parameter, pattern, `foreach`, `catch` or `out var` in the member around
    /// `node` declares `name` (it may be what a bare `name` means there).
    fn declared_nearby(&self, node: Node<'t>, name: &str) -> bool {
        let Some(member) = self
            .parents
            .ancestors(node)
            .take_while(|a| a.kind() != "declaration_list" && !is_type(*a))
            .last()
        else {
            return true;
        };
        let text = node_text(member, self.src);
        occurrences(text, name).into_iter().any(|offset| {
            let start = member.start_byte() + offset;
            member
                .descendant_for_byte_range(start, start + name.len())
                .and_then(|n| self.parents.of(n))
                .is_none_or(|p| {
                    let kind = p.kind();
                    kind.contains("declar")
                        || kind.contains("pattern")
                        || kind.contains("parameter")
                        || kind.contains("foreach")
                        || kind.contains("catch")
                        || kind.contains("designation")
                })
        })
    }

    /// The scope of the field or property `name` of the type around `node`, when it is
    /// private to this file.
    fn member_scope(&self, node: Node<'t>, name: &str) -> Option<Node<'t>> {
        let ty = self.parents.ancestors(node).find(|a| is_type(*a))?;
        let body = ty.child_by_field_name("body")?;
        let mut found = None;
        for member in named_children(body) {
            let declares = match member.kind() {
                "field_declaration" => named_children(member)
                    .filter(|d| d.kind() == "variable_declaration")
                    .flat_map(named_children)
                    .filter(|d| d.kind() == "variable_declarator")
                    .filter_map(|d| d.child_by_field_name("name"))
                    .any(|n| node_text(n, self.src) == name),
                "property_declaration" => member
                    .child_by_field_name("name")
                    .is_some_and(|n| node_text(n, self.src) == name),
                _ => false,
            };
            if declares {
                if found.is_some() {
                    return None;
                }
                found = Some(member);
            }
        }
        self.private_scope(found?)
    }

    /// The declaring type of `member` when only this file can use the member: it is private
    /// and the type is not `partial`, or the type (or one around it) is a `file` type.
    fn private_scope(&self, member: Node<'t>) -> Option<Node<'t>> {
        let ty = self.parents.ancestors(member).find(|a| is_type(*a))?;
        // An attribute may hand the member to a serializer, a binder or an injector, which
        // read or write it by reflection; an explicit interface implementation
        // (`T IProvider.Protocol`) is public through the interface.
        if named_children(member)
            .any(|c| matches!(c.kind(), "attribute_list" | "explicit_interface_specifier"))
        {
            return None;
        }
        // A property whose setter has a body may hand `value` on to a setting: its uses are
        // not all there is to it.
        if member.kind() == "property_declaration" && has_setter_body(member, self.src) {
            return None;
        }
        if self
            .parents
            .ancestors(member)
            .filter(|a| is_type(*a))
            .any(|t| has_modifier(t, "file", self.src))
        {
            return Some(self.root);
        }
        let accessibility = ["public", "internal", "protected", "private"];
        let explicit: Vec<&str> = modifiers(member, self.src)
            .filter(|m| accessibility.contains(m))
            .collect();
        let private = match explicit.as_slice() {
            ["private"] => true,
            [] => ty.kind() != "interface_declaration",
            _ => false,
        };
        if !private || has_modifier(ty, "partial", self.src) {
            return None;
        }
        Some(ty)
    }

    /// Whether every use of `carrier` only reads the value.
    fn carrier_is_read(
        &self,
        carrier: Carrier<'t, 't>,
        seen: &mut HashSet<(usize, String)>,
        depth: usize,
    ) -> bool {
        if !seen.insert((carrier.scope.id(), carrier.name.to_owned())) {
            // Already being followed: its other uses decide.
            return true;
        }
        if seen.len() > MAX_CARRIERS || depth > MAX_CARRIERS || carrier.scope.has_error() {
            return false;
        }
        let range = carrier.scope.byte_range();
        let Some(text) = self.src.get(range.clone()) else {
            return false;
        };
        for offset in occurrences(text, carrier.name) {
            let start = range.start + offset;
            let end = start + carrier.name.len();
            let Some(node) = carrier.scope.descendant_for_byte_range(start, end) else {
                return false;
            };
            if carrier.local && self.in_string_text(node) {
                continue;
            }
            if node.kind() != "identifier" || node.byte_range() != (start..end) {
                // A string (reflection can name a member), or text the tree does not hold as
                // a name: not judged.
                return false;
            }
            let Some(parent) = self.parents.of(node) else {
                return false;
            };
            if is_declared_name(node, parent) {
                continue;
            }
            // `nameof(_version)` names a member for reflection, which may set or read it.
            if !carrier.local && self.in_nameof(node) {
                return false;
            }
            let mut value = node;
            if parent.kind() == "member_access_expression" && is_field(parent, "name", node) {
                value = parent;
            }
            let Some(holder) = self.parents.of(value) else {
                return false;
            };
            if carrier.method {
                // A call returns the value; the method itself passed on (a method group)
                // cannot be followed.
                if holder.kind() != "invocation_expression" || !is_field(holder, "function", value)
                {
                    return false;
                }
                value = holder;
            } else if holder.kind() == "assignment_expression" && is_field(holder, "left", value) {
                // Stores into the carrier: what is stored is judged where it is written, and
                // a compound assignment keeps the value in the same carrier.
                continue;
            }
            let climbed = climb(value, self.parents, &self.climbs);
            let Some(holder) = climbed.parent.filter(|_| climbed.reliable) else {
                return false;
            };
            if !self.value_is_read(climbed.root, holder, seen, depth + 1) {
                return false;
            }
        }
        true
    }
}

/// Whether `ty` declares a type whose members are looked up.
fn is_type(node: Node) -> bool {
    is_type_kind(node.kind())
}

fn is_type_kind(kind: &str) -> bool {
    matches!(
        kind,
        "class_declaration" | "struct_declaration" | "record_declaration" | "interface_declaration"
    )
}

fn modifiers<'s>(node: Node, src: &'s str) -> impl Iterator<Item = &'s str> {
    let mut cursor = node.walk();
    let found: Vec<&'s str> = node
        .children(&mut cursor)
        .filter(|c| c.kind() == "modifier")
        .map(|c| node_text(c, src))
        .collect();
    found.into_iter()
}

fn has_modifier(node: Node, modifier: &str, src: &str) -> bool {
    modifiers(node, src).any(|m| m == modifier)
}

/// Whether `holder` (a local declaration, `for` or `using`) declares the variable `name`.
fn declares(holder: Node, name: &str, src: &str) -> bool {
    named_children(holder)
        .filter(|d| d.kind() == "variable_declaration")
        .flat_map(named_children)
        .filter(|d| d.kind() == "variable_declarator")
        .filter_map(|d| d.child_by_field_name("name"))
        .any(|n| node_text(n, src) == name)
}

/// Whether `node` is the name a declaration introduces (not a use).
fn is_declared_name(node: Node, parent: Node) -> bool {
    matches!(
        parent.kind(),
        "variable_declarator"
            | "parameter"
            | "method_declaration"
            | "local_function_statement"
            | "property_declaration"
            | "class_declaration"
            | "struct_declaration"
            | "record_declaration"
            | "interface_declaration"
            | "enum_declaration"
            | "enum_member_declaration"
            | "delegate_declaration"
            | "type_parameter"
    ) && is_field(parent, "name", node)
}

/// An argument passed by reference (`ref`, `out`, `in`): the callee may store into it.
fn has_ref_kind(argument: Node) -> bool {
    let mut cursor = argument.walk();
    argument
        .children(&mut cursor)
        .any(|c| matches!(c.kind(), "ref" | "out" | "in"))
}

/// A call to a formatting or logging method (`Console.WriteLine`, `logger.LogWarning`).
fn is_logging_call(call: Node, src: &str) -> bool {
    let Some(function) = call.child_by_field_name("function") else {
        return false;
    };
    let name = match function.kind() {
        "member_access_expression" => function.child_by_field_name("name"),
        "identifier" => Some(function),
        _ => None,
    };
    name.is_some_and(|n| calls::is_logging_method(node_text(n, src), Case::Sensitive))
}

/// Byte offsets of `name` as a whole identifier in `text`, outside comments. Strings are not
/// skipped: a name inside one is an occurrence the caller cannot judge. Where a raw string
/// (`"""`) could hide comment markers, comments are not skipped either (more occurrences only
/// make the caller more careful).
fn occurrences(text: &str, name: &str) -> Vec<usize> {
    // A missing identifier the parser made up has no text: matching it would never advance.
    if name.is_empty() {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let skip_comments = !text.contains("\"\"\"");
    let ident = super::is_ident_byte;
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_string: Option<u8> = None;
    let mut verbatim = false;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(quote) = in_string {
            if b == b'\\' && !verbatim {
                i += 2;
                continue;
            }
            if b == quote {
                if verbatim && bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                in_string = None;
            }
        } else if skip_comments && b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        } else if skip_comments && b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i += 2;
            while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                i += 1;
            }
            i += 2;
            continue;
        } else if skip_comments && (b == b'"' || b == b'\'') {
            // Comment markers inside strings are text; names inside them are still found
            // below, because the string is scanned for them too.
            verbatim = b == b'"' && i > 0 && matches!(bytes[i - 1], b'@');
            in_string = Some(b);
        }
        if bytes[i..].starts_with(name.as_bytes())
            && (i == 0 || !ident(bytes[i - 1]))
            && bytes.get(i + name.len()).is_none_or(|&next| !ident(next))
        {
            out.push(i);
            i += name.len();
            continue;
        }
        i += 1;
    }
    out
}

/// Whether a property has a `set` or `init` accessor with a body (a block or `=>`).
fn has_setter_body(property: Node, src: &str) -> bool {
    let Some(accessors) = property.child_by_field_name("accessors") else {
        return false;
    };
    named_children(accessors)
        .filter(|a| a.kind() == "accessor_declaration")
        .any(|accessor| {
            let setter = accessor
                .child_by_field_name("name")
                .is_some_and(|n| matches!(node_text(n, src), "set" | "init"));
            setter
                && named_children(accessor)
                    .any(|c| matches!(c.kind(), "block" | "arrow_expression_clause"))
        })
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    #[test]
    fn occurrences_skip_comments_but_not_strings() {
        let text = "a x // x\n/* x */ \"x // \" x xy _x @x";
        let found = occurrences(text, "x");
        let words: Vec<&str> = found.iter().map(|&i| &text[i..i + 1]).collect();
        assert_eq!(words.len(), 4, "{found:?}");
        assert_eq!(found, [2, 18, 25, 34]);
    }

    #[test]
    fn raw_strings_turn_comment_skipping_off() {
        let text = "x \"\"\" /* \"\"\" x */";
        assert_eq!(occurrences(text, "x").len(), 2);
    }
}
