//! A tree-sitter query compiled once from the `.scm` files under `queries/`, with its capture
//! ids looked up by name.

use std::collections::HashMap;

use tree_sitter::{Language, Query};

pub struct CompiledQuery {
    pub query: Query,
    captures: HashMap<String, u32>,
}

impl CompiledQuery {
    /// Compiles the texts of `files`, joined, as one query (one tree walk for all of them).
    /// The queries are part of the binary and covered by tests: a failure is a build defect,
    /// reported with `what` ("queries/cpp/*.scm compile against tree-sitter-cpp").
    pub fn compile(language: &Language, files: &[(&str, &str)], what: &str) -> Self {
        let source = files
            .iter()
            .map(|(_, text)| *text)
            .collect::<Vec<_>>()
            .join("\n");
        let query = Query::new(language, &source).expect(what);
        let captures = query
            .capture_names()
            .iter()
            .enumerate()
            .map(|(i, name)| ((*name).to_owned(), i as u32))
            .collect();
        CompiledQuery { query, captures }
    }

    /// The id of the capture `@name`, if the query has one.
    pub fn capture(&self, name: &str) -> Option<u32> {
        self.captures.get(name).copied()
    }
}
