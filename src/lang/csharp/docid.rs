//! The declarations around a position, named as documentation-comment IDs name them
//! (`M:Ns.Outer.Inner.Method(System.String)`, `T:Ns.Outer.Inner`, `N:Ns`): what a global
//! `[assembly: SuppressMessage(…, Target = "~M:…")]` points at.
//!
//! The C# specification's ID strings (ECMA-334 annex D, which Roslyn follows): a kind letter
//! and a colon, then the fully qualified name with `.` between namespaces, containing types
//! (nested types too) and the member; generic types and methods carry their arity
//! (`` Cache`1 ``, ``` Map``2 ```); constructors are `#ctor` (static ones `#cctor`), finalizers
//! `Finalize`, indexers `Item`. Parameter types are resolved names (`System.String`), which
//! needs semantic information this syntax tree does not have: each parameter is reduced here to
//! its simple type name (see [`simple_type_name`]), and callers compare them that way.

use std::ops::Range;

use tree_sitter::Node;

/// A declaration around a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocSymbol {
    /// `M` (method, constructor, finalizer, operator), `P` (property, indexer), `F` (field,
    /// enum member), `E` (event), `T` (type), `N` (namespace).
    pub kind: char,
    /// The fully qualified name without parameters: `Ns.Outer.Inner.Method``1`.
    pub name: String,
    /// The parameters' simple type names, for methods and indexers (`None` for the others).
    pub parameters: Option<Vec<String>>,
}

/// `node` and the nodes around it, innermost first. Found by walking down from `root` with a
/// cursor: `Node::parent` walks down from the root itself, so climbing with it would cost the
/// depth squared per finding (a hostile file nests 2,000 deep).
fn ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut path = Vec::new();
    let mut cursor = root.walk();
    loop {
        let current = cursor.node();
        path.push(current);
        if current.id() == node.id() {
            path.reverse();
            return path;
        }
        if cursor
            .goto_first_child_for_byte(node.start_byte())
            .is_none()
        {
            break;
        }
    }
    // Not on the way down (a zero-width node at a boundary): climb instead.
    let mut path = Vec::new();
    let mut current = Some(node);
    while let Some(n) = current {
        path.push(n);
        current = n.parent();
    }
    path
}

/// The declarations around `span`, innermost first: the member (if any), the types from the
/// innermost out, then the namespaces from the innermost out (`A.B` and then `A`).
pub fn enclosing_symbols(root: Node, text: &str, span: Range<usize>) -> Vec<DocSymbol> {
    let Some(start) = root.descendant_for_byte_range(span.start, span.end.max(span.start)) else {
        return Vec::new();
    };
    let mut member: Option<(char, String, Option<Vec<String>>)> = None;
    let mut types: Vec<String> = Vec::new();
    let mut namespaces: Vec<String> = Vec::new();
    let mut declarator: Option<Node> = None;
    for node in ancestors(root, start) {
        match node.kind() {
            "variable_declarator" => declarator = Some(node),
            "class_declaration"
            | "struct_declaration"
            | "interface_declaration"
            | "record_declaration"
            | "record_struct_declaration"
            | "enum_declaration"
            | "delegate_declaration" => {
                if let Some(name) = field_text(node, "name", text) {
                    types.push(format!("{name}{}", arity(node, "`")));
                }
            }
            "namespace_declaration" => {
                if let Some(name) = field_text(node, "name", text) {
                    namespaces.push(name);
                }
            }
            kind if member.is_none() && types.is_empty() => {
                member = member_of(node, kind, text, declarator);
            }
            _ => {}
        }
        if node.kind() == "compilation_unit" {
            // `namespace Ns;` covers every declaration after it, which are its siblings.
            let mut cursor = node.walk();
            if let Some(scoped) = node
                .children(&mut cursor)
                .find(|c| c.kind() == "file_scoped_namespace_declaration")
                && scoped.start_byte() <= span.start
                && let Some(name) = field_text(scoped, "name", text)
            {
                namespaces.push(name);
            }
        }
    }
    // Outermost first, as written in the ID.
    let namespace: Vec<&str> = namespaces.iter().rev().flat_map(|n| n.split('.')).collect();
    let mut prefix: Vec<String> = namespace.iter().map(|s| (*s).to_owned()).collect();
    prefix.extend(types.iter().rev().cloned());
    let mut out = Vec::new();
    if let Some((kind, name, parameters)) = member
        && !types.is_empty()
    {
        let mut full = prefix.clone();
        full.push(name);
        out.push(DocSymbol {
            kind,
            name: full.join("."),
            parameters,
        });
    }
    for depth in (namespace.len()..prefix.len()).rev() {
        out.push(DocSymbol {
            kind: 'T',
            name: prefix[..=depth].join("."),
            parameters: None,
        });
    }
    for depth in (0..namespace.len()).rev() {
        out.push(DocSymbol {
            kind: 'N',
            name: namespace[..=depth].join("."),
            parameters: None,
        });
    }
    out
}

/// The member a node declares: its kind letter, name and parameters.
fn member_of(
    node: Node,
    kind: &str,
    text: &str,
    declarator: Option<Node>,
) -> Option<(char, String, Option<Vec<String>>)> {
    let parameters = |field: &str| Some(parameter_types(node.child_by_field_name(field), text));
    match kind {
        "method_declaration" => Some((
            'M',
            format!("{}{}", field_text(node, "name", text)?, arity(node, "``")),
            parameters("parameters"),
        )),
        "constructor_declaration" => {
            let is_static = has_modifier(node, "static", text);
            Some((
                'M',
                if is_static { "#cctor" } else { "#ctor" }.to_owned(),
                parameters("parameters"),
            ))
        }
        "destructor_declaration" => Some(('M', "Finalize".to_owned(), Some(Vec::new()))),
        "property_declaration" => Some(('P', field_text(node, "name", text)?, None)),
        "indexer_declaration" => Some(('P', "Item".to_owned(), parameters("parameters"))),
        "event_declaration" => Some(('E', field_text(node, "name", text)?, None)),
        "enum_member_declaration" => Some(('F', field_text(node, "name", text)?, None)),
        "field_declaration" | "event_field_declaration" => {
            let letter = if kind == "field_declaration" {
                'F'
            } else {
                'E'
            };
            // The declarator the position is in, else the first (`int a = 1, b = 2;`).
            let declarator = declarator.or_else(|| first_declarator(node))?;
            Some((letter, field_text(declarator, "name", text)?, None))
        }
        _ => None,
    }
}

fn first_declarator(node: Node) -> Option<Node> {
    let mut cursor = node.walk();
    let declaration = node
        .named_children(&mut cursor)
        .find(|c| c.kind() == "variable_declaration")?;
    let mut cursor = declaration.walk();
    declaration
        .named_children(&mut cursor)
        .find(|c| c.kind() == "variable_declarator")
}

fn has_modifier(node: Node, word: &str, text: &str) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .any(|c| c.kind() == "modifier" && text.get(c.byte_range()) == Some(word))
}

/// A field's text without whitespace (`A . B` is `A.B`).
fn field_text(node: Node, field: &str, text: &str) -> Option<String> {
    let child = node.child_by_field_name(field)?;
    let written = text.get(child.byte_range())?;
    Some(written.split_whitespace().collect())
}

/// `` `N `` (types) or ``` ``N ``` (methods) for a declaration with N type parameters.
fn arity(node: Node, marker: &str) -> String {
    let mut cursor = node.walk();
    let count = node
        .named_children(&mut cursor)
        .find(|c| c.kind() == "type_parameter_list")
        .map_or(0, |list| {
            let mut cursor = list.walk();
            list.named_children(&mut cursor)
                .filter(|c| c.kind() == "type_parameter")
                .count()
        });
    if count == 0 {
        String::new()
    } else {
        format!("{marker}{count}")
    }
}

fn parameter_types(list: Option<Node>, text: &str) -> Vec<String> {
    let Some(list) = list else {
        return Vec::new();
    };
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|c| c.kind() == "parameter")
        .map(|parameter| {
            parameter
                .child_by_field_name("type")
                .and_then(|t| text.get(t.byte_range()))
                .map_or_else(String::new, simple_type_name)
        })
        .collect()
}

/// A parameter type reduced to what both a declaration and an ID string show without
/// resolving names: the last part of the dotted name, without generic arguments, arity or
/// `ref` marker (`@`), with array ranks kept; C# keywords become their `System` types' names
/// (`string` is `String`), nullable value types `Nullable`, tuples `ValueTuple`. Works on
/// both spellings: `List<string>` and `System.Collections.Generic.List{System.String}` are
/// both `List`, `int?` and `System.Nullable{System.Int32}` both `Nullable`.
pub fn simple_type_name(written: &str) -> String {
    let compact: String = written.split_whitespace().collect();
    let compact = compact.trim_end_matches('@');
    if compact.starts_with('(') {
        return "ValueTuple".to_owned();
    }
    // Array ranks (`[]`, `[,]`) and pointers stay as written, at the end.
    let core_end = compact.find(['[', '*']).unwrap_or(compact.len());
    let (core, suffix) = compact.split_at(core_end);
    let (core, nullable) = match core.strip_suffix('?') {
        Some(core) => (core, true),
        None => (core, false),
    };
    let base = core
        .split(['<', '{'])
        .next()
        .unwrap_or(core)
        .rsplit(['.', ':'])
        .next()
        .unwrap_or(core);
    let base = base.split('`').next().unwrap_or(base);
    let keyword = match base {
        "string" => Some(("String", false)),
        "object" | "dynamic" => Some(("Object", false)),
        "bool" => Some(("Boolean", true)),
        "byte" => Some(("Byte", true)),
        "sbyte" => Some(("SByte", true)),
        "char" => Some(("Char", true)),
        "short" => Some(("Int16", true)),
        "ushort" => Some(("UInt16", true)),
        "int" => Some(("Int32", true)),
        "uint" => Some(("UInt32", true)),
        "long" => Some(("Int64", true)),
        "ulong" => Some(("UInt64", true)),
        "float" => Some(("Single", true)),
        "double" => Some(("Double", true)),
        "decimal" => Some(("Decimal", true)),
        "nint" => Some(("IntPtr", true)),
        "nuint" => Some(("UIntPtr", true)),
        _ => None,
    };
    let name = match keyword {
        // `string?` is a nullable reference: the same type to the runtime.
        Some((_, true)) if nullable => "Nullable",
        Some((name, _)) => name,
        None => base,
    };
    format!("{name}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn symbols(text: &str, needle: &str) -> Vec<(char, String, Option<Vec<String>>)> {
        // A full parse: the skeleton parse keeps only bodies that mention protocol names.
        let tree = super::super::parse(text).unwrap();
        let at = text.find(needle).unwrap();
        enclosing_symbols(tree.root_node(), text, at..at + needle.len())
            .into_iter()
            .map(|s| (s.kind, s.name, s.parameters))
            .collect()
    }

    fn names(text: &str, needle: &str) -> Vec<String> {
        symbols(text, needle)
            .into_iter()
            .map(|(kind, name, _)| format!("{kind}:{name}"))
            .collect()
    }

    #[test]
    fn methods_in_nested_types_and_namespaces() {
        let text = "namespace A.B { namespace C { class Outer { class Inner<T> { void Run<U>(string s, List<int> l, int? n, ref byte[] b) { x = Tls; } } } } }";
        let found = symbols(text, "Tls");
        assert_eq!(
            found[0],
            (
                'M',
                "A.B.C.Outer.Inner`1.Run``1".to_owned(),
                Some(vec![
                    "String".to_owned(),
                    "List".to_owned(),
                    "Nullable".to_owned(),
                    "Byte[]".to_owned()
                ])
            )
        );
        assert_eq!(
            names(text, "Tls")[1..],
            [
                "T:A.B.C.Outer.Inner`1",
                "T:A.B.C.Outer",
                "N:A.B.C",
                "N:A.B",
                "N:A"
            ]
        );
    }

    #[test]
    fn constructors_properties_fields_events_and_file_scoped_namespaces() {
        let text = "namespace Ns;\nclass C {\n  static C() { a = Tls; }\n  C(int x) { b = Tls; }\n  P Prop { get { return c_Tls; } }\n  int f1 = 1, f2 = d_Tls;\n  event E Ev { add { e_Tls(); } remove { } }\n  ~C() { f_Tls(); }\n  int this[string k] => g_Tls;\n}\nenum En { M = h_Tls }\n";
        assert_eq!(names(text, "a = Tls")[0], "M:Ns.C.#cctor");
        assert_eq!(
            symbols(text, "b = Tls")[0].2,
            Some(vec!["Int32".to_owned()])
        );
        assert_eq!(names(text, "b = Tls")[0], "M:Ns.C.#ctor");
        assert_eq!(names(text, "c_Tls")[0], "P:Ns.C.Prop");
        assert_eq!(names(text, "d_Tls")[0], "F:Ns.C.f2");
        assert_eq!(names(text, "e_Tls")[0], "E:Ns.C.Ev");
        assert_eq!(names(text, "f_Tls")[0], "M:Ns.C.Finalize");
        assert_eq!(names(text, "g_Tls")[0], "P:Ns.C.Item");
        assert_eq!(names(text, "h_Tls"), ["F:Ns.En.M", "T:Ns.En", "N:Ns"]);
    }

    #[test]
    fn the_global_namespace_and_local_functions() {
        let text = "class C { void M() { void Local() { a = Tls; } } }";
        assert_eq!(names(text, "Tls"), ["M:C.M", "T:C"]);
    }

    #[test]
    fn simple_type_names_agree_across_spellings() {
        for (declared, id) in [
            ("string", "System.String"),
            (
                "List<string>",
                "System.Collections.Generic.List{System.String}",
            ),
            ("int?", "System.Nullable{System.Int32}"),
            ("byte[]", "System.Byte[]"),
            ("global::Ns.Widget", "Ns.Widget"),
            (
                "Dictionary<string, int>",
                "System.Collections.Generic.Dictionary`2",
            ),
        ] {
            assert_eq!(
                simple_type_name(declared),
                simple_type_name(id),
                "{declared}"
            );
        }
        assert_eq!(simple_type_name("System.String@"), "String");
        assert_ne!(simple_type_name("int"), simple_type_name("long"));
        assert_ne!(simple_type_name("byte[]"), simple_type_name("byte"));
    }
}
