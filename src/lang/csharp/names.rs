//! What a type name written in a C# file refers to: simple names, fully qualified names,
//! `global::`, aliases (`using SPT = System.Net.SecurityProtocolType;`, also `global using`)
//! and `using static` imports.

use std::collections::HashMap;

use tree_sitter::Node;

use super::syntax::{node_text, strip_whitespace};
use crate::protocol::ProtocolEnum;

/// The framework types the rules care about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KnownType {
    Protocol(ProtocolEnum),
    /// `System.Net.ServicePointManager`
    ServicePointManager,
    /// `System.AppContext`
    AppContext,
}

const KNOWN_TYPES: [(&str, KnownType); 4] = [
    (
        "System.Net.SecurityProtocolType",
        KnownType::Protocol(ProtocolEnum::SecurityProtocolType),
    ),
    (
        "System.Security.Authentication.SslProtocols",
        KnownType::Protocol(ProtocolEnum::SslProtocols),
    ),
    (
        "System.Net.ServicePointManager",
        KnownType::ServicePointManager,
    ),
    ("System.AppContext", KnownType::AppContext),
];

/// The names a file brings into scope with using directives. Directives inside namespaces are
/// treated as file-wide: files rarely declare conflicting ones, and a miss costs more than a
/// wrong scope.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Alias name → the dotted name it stands for (`SPT` → `System.Net.SecurityProtocolType`).
    aliases: HashMap<String, String>,
    /// Types imported with `using static`.
    static_imports: Vec<KnownType>,
}

/// A global using alias that other files of the same compilation see (`global using SPT = …;`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalAlias {
    pub alias: Option<String>,
    pub target: String,
    pub is_static: bool,
}

impl Names {
    /// Records a `using_directive` node; returns it as a [`GlobalAlias`] when it is a
    /// `global using` that names one of the known types (other files need to know it).
    pub fn add_using(&mut self, node: Node, src: &str) -> Option<GlobalAlias> {
        let mut cursor = node.walk();
        let mut is_static = false;
        let mut is_global = false;
        for child in node.children(&mut cursor) {
            match child.kind() {
                "static" => is_static = true,
                "global" => is_global = true,
                _ => {}
            }
        }
        let alias_node = node.child_by_field_name("name");
        let target_node = (0..node.named_child_count())
            .rev()
            .filter_map(|i| node.named_child(i as u32))
            .find(|child| Some(child.id()) != alias_node.map(|a| a.id()))?;
        let target = dotted_name(target_node, src)?;
        let alias = alias_node.map(|a| node_text(a, src).to_owned());
        let global = GlobalAlias {
            alias,
            target,
            is_static,
        };
        self.add(&global);
        (is_global && self.resolve_path(&global.target).is_some()).then_some(global)
    }

    /// Adds an alias or static import (also those declared globally in another file).
    pub fn add(&mut self, using: &GlobalAlias) {
        if let Some(alias) = &using.alias {
            self.aliases.insert(alias.clone(), using.target.clone());
        } else if using.is_static
            && let Some(known) = self.resolve_path(&using.target)
        {
            self.static_imports.push(known);
        }
    }

    /// Whether `using static` imported the given type.
    pub fn imports_static(&self, known: KnownType) -> bool {
        self.static_imports.contains(&known)
    }

    /// The protocol enums imported with `using static` (their members are in scope bare).
    pub fn static_protocol_imports(&self) -> impl Iterator<Item = ProtocolEnum> + '_ {
        self.static_imports.iter().filter_map(|known| match known {
            KnownType::Protocol(protocol) => Some(*protocol),
            _ => None,
        })
    }

    /// Resolves a type expression (identifier, qualified name, member access) to a known type.
    pub fn resolve(&self, node: Node, src: &str) -> Option<KnownType> {
        self.resolve_path(&dotted_name(node, src)?)
    }

    /// Resolves a dotted name such as `Net.SecurityProtocolType` or `SPT`.
    pub fn resolve_path(&self, path: &str) -> Option<KnownType> {
        let expanded;
        let path = match path.split_once('.') {
            _ if self.aliases.contains_key(path) => &self.aliases[path],
            Some((first, rest)) if self.aliases.contains_key(first) => {
                expanded = format!("{}.{rest}", self.aliases[first]);
                &expanded
            }
            _ => path,
        };
        KNOWN_TYPES.iter().find_map(|(full, known)| {
            let matches = full == &path
                || full
                    .strip_suffix(path)
                    .is_some_and(|prefix| prefix.ends_with('.'));
            matches.then_some(*known)
        })
    }
}

/// The dotted form of a name expression: `global::System.Net.SecurityProtocolType` →
/// `System.Net.SecurityProtocolType`. `None` for anything that is not a plain name.
pub fn dotted_name(node: Node, src: &str) -> Option<String> {
    match node.kind() {
        "identifier" | "qualified_name" | "member_access_expression" | "alias_qualified_name" => {
            let mut text = strip_whitespace(node_text(node, src));
            if let Some(rest) = text.strip_prefix("global::") {
                text = rest.to_owned();
            }
            let plain = text
                .chars()
                .all(|c| c == '.' || c == '_' || c.is_alphanumeric());
            plain.then_some(text)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_suffixes_and_aliases() {
        let mut names = Names::default();
        let spt = Some(KnownType::Protocol(ProtocolEnum::SecurityProtocolType));
        assert_eq!(names.resolve_path("SecurityProtocolType"), spt);
        assert_eq!(names.resolve_path("Net.SecurityProtocolType"), spt);
        assert_eq!(names.resolve_path("System.Net.SecurityProtocolType"), spt);
        assert_eq!(names.resolve_path("MySecurityProtocolType"), None);
        assert_eq!(names.resolve_path("Other.SecurityProtocolType"), None);
        names.add(&GlobalAlias {
            alias: Some("SPT".into()),
            target: "System.Net.SecurityProtocolType".into(),
            is_static: false,
        });
        names.add(&GlobalAlias {
            alias: Some("Auth".into()),
            target: "System.Security.Authentication".into(),
            is_static: false,
        });
        assert_eq!(names.resolve_path("SPT"), spt);
        assert_eq!(
            names.resolve_path("Auth.SslProtocols"),
            Some(KnownType::Protocol(ProtocolEnum::SslProtocols))
        );
    }
}
