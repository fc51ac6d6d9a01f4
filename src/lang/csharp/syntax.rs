//! Small helpers over tree-sitter nodes.

use tree_sitter::Node;

use crate::lang::tree::Parents;

/// The source text of a node ("" if its range is not valid UTF-8 boundaries, which tree-sitter
/// never produces for text it was given as `&str`).
pub fn node_text<'s>(node: Node, src: &'s str) -> &'s str {
    src.get(node.byte_range()).unwrap_or("")
}

/// The text without any whitespace (for comparing expressions and dotted names).
pub fn strip_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text with runs of whitespace collapsed to one space (for messages).
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The node's `i`th named child, skipping comments (tree-sitter places comments anywhere).
pub fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    (0..node.named_child_count())
        .filter_map(move |i| node.named_child(i as u32))
        .filter(|child| child.kind() != "comment" && !child.kind().starts_with("preproc"))
}

/// The operator token of a binary, assignment or unary expression.
pub fn operator<'s>(node: Node, src: &'s str) -> &'s str {
    node.child_by_field_name("operator")
        .map(|op| node_text(op, src))
        .unwrap_or("")
}

/// Whether `node` is the child of `parent` stored in `field`.
pub fn is_field(parent: Node, field: &str, node: Node) -> bool {
    parent
        .child_by_field_name(field)
        .is_some_and(|child| child.id() == node.id())
}

/// The value of a variable declarator (`x = value`): the expression after `=`.
pub fn declarator_value(declarator: Node) -> Option<Node> {
    let mut cursor = declarator.walk();
    let mut after_equals = false;
    for child in declarator.children(&mut cursor) {
        if after_equals && child.is_named() && child.kind() != "comment" {
            return Some(child);
        }
        after_equals |= child.kind() == "=";
    }
    None
}

/// The nearest enclosing type declaration's name.
pub fn enclosing_type_name<'s, 't>(
    mut node: Node<'t>,
    src: &'s str,
    parents: &Parents<'t>,
) -> Option<&'s str> {
    while let Some(parent) = parents.of(node) {
        if matches!(
            parent.kind(),
            "class_declaration"
                | "struct_declaration"
                | "record_declaration"
                | "interface_declaration"
        ) {
            return parent
                .child_by_field_name("name")
                .map(|n| node_text(n, src));
        }
        node = parent;
    }
    None
}

/// The contents of a string literal node (regular, verbatim or raw), with simple escapes
/// resolved; `None` for interpolated strings with holes and other expressions.
pub fn string_value(node: Node, src: &str) -> Option<String> {
    let text = node_text(node, src);
    match node.kind() {
        "string_literal" => {
            let inner = text.strip_prefix('"')?.strip_suffix('"')?;
            Some(unescape(inner))
        }
        "verbatim_string_literal" => {
            let inner = text.strip_prefix("@\"")?.strip_suffix('"')?;
            Some(inner.replace("\"\"", "\""))
        }
        "raw_string_literal" => {
            let trimmed = text.trim_matches('"');
            Some(trimmed.trim().to_owned())
        }
        "interpolated_string_expression" => {
            let mut cursor = node.walk();
            if node
                .named_children(&mut cursor)
                .any(|child| child.kind() == "interpolation")
            {
                return None;
            }
            let inner = text
                .trim_start_matches(['$', '@'])
                .strip_prefix('"')?
                .strip_suffix('"')?;
            Some(unescape(inner))
        }
        _ => None,
    }
}

fn unescape(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
