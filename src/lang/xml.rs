//! XML for MSBuild files and `*.config` files: a small, forgiving element tree with byte spans
//! for names, attribute values and text. Well-formed files are read by a strict tokenizer
//! ([`scan`]); the rest through tree-sitter-xml and `queries/xml/tags.scm`.
//!
//! The tree is rebuilt from the stream of tags rather than from tree-sitter's `element` nodes:
//! malformed XML (an unclosed tag, a stray `<`) turns the rest of a file into ERROR nodes in
//! which tags are still recognised one by one, and a stack puts them back together.

use std::cell::RefCell;
use std::sync::LazyLock;

use super::tree::{self, ParseFailure};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Language, Parser, QueryCursor};

use crate::lang::query::CompiledQuery;

use crate::facts::Span;

mod nesting;
mod scan;

pub const QUERY_FILES: [(&str, &str); 1] =
    [("tags.scm", include_str!("../../queries/xml/tags.scm"))];

pub fn language() -> Language {
    tree_sitter_xml::LANGUAGE_XML.into()
}

static TAGS: LazyLock<CompiledQuery> = LazyLock::new(|| {
    CompiledQuery::compile(
        &language(),
        &QUERY_FILES,
        "queries/xml/tags.scm compiles against tree-sitter-xml",
    )
});

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// An attribute: `name="value"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub name: String,
    /// The value with entities (`&amp;`, `&#65;`) decoded.
    pub value: String,
    /// The whole attribute, `name="value"`.
    pub span: Span,
    /// The value between the quotes.
    pub value_span: Span,
}

/// An element.
#[derive(Clone, Debug)]
pub struct Element {
    pub name: String,
    pub name_span: Span,
    /// From `<` of the start tag to `>` of the end tag (or of the start tag when unclosed).
    pub span: Span,
    /// The start tag (or the whole empty-element tag).
    pub start_tag: Span,
    pub attributes: Vec<Attribute>,
    /// The element's own text (not its children's), entities decoded, untrimmed.
    pub text: String,
    /// Where the text is, if it is one contiguous run (`<X>net45;net48</X>`).
    pub text_span: Option<Span>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Whether an end tag was found (`<a/>` counts as closed).
    pub closed: bool,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// An attribute by name, ignoring ASCII case (MSBuild is case-insensitive).
    pub fn attribute_ignore_case(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The text without surrounding whitespace, and its span (`None` when empty, or when
    /// entities make the decoded text differ in length from the source).
    pub fn trimmed_text(&self) -> Option<(&str, Span)> {
        let trimmed = self.text.trim();
        let span = self.text_span.clone()?;
        if trimmed.is_empty() || self.text.len() != span.len() {
            return None;
        }
        let leading = self.text.len() - self.text.trim_start().len();
        Some((
            trimmed,
            span.start + leading..span.start + leading + trimmed.len(),
        ))
    }
}

/// A parsed document: elements in document order; roots have no parent.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub elements: Vec<Element>,
    /// The parser met syntax it could not make sense of.
    pub has_errors: bool,
}

/// For the fuzz targets: panics when the tokenizer reads `text` into another document than
/// tree-sitter does.
#[doc(hidden)]
pub fn assert_tokenizer_agrees(text: &str) {
    if let Some((events, has_errors)) = scan::events(text) {
        let scanned = Document::build(text, events, has_errors);
        let reference = Document::parse_with_tree_sitter(text);
        if let (Ok(scanned), Ok(reference)) = (scanned, reference) {
            assert_eq!(
                format!("{scanned:?}"),
                format!("{reference:?}"),
                "the tokenizer and tree-sitter disagree"
            );
        }
    }
}

impl Document {
    /// Parses a document. Well-formed XML (nearly every project and config file) is read by a
    /// small tokenizer; anything it is not sure about goes to tree-sitter-xml, whose error
    /// recovery reads malformed files tag by tag. Both produce the same stream of tag events,
    /// which a test checks on every XML file of the test repositories.
    ///
    /// A document the parser cannot read within its budget, or nested deeper than
    /// [`tree::MAX_DEPTH`], is empty and marked as having errors (for fixes and rules that re-read
    /// a file the analysis already read); [`Document::read`] says why.
    pub fn parse(text: &str) -> Document {
        Document::read(text).unwrap_or(Document {
            elements: Vec::new(),
            has_errors: true,
        })
    }

    /// Parses a document, or says why it could not be.
    pub fn read(text: &str) -> Result<Document, ParseFailure> {
        match scan::events(text) {
            Some((events, has_errors)) => Document::build(text, events, has_errors),
            None => Document::parse_with_tree_sitter(text),
        }
    }

    /// The tree-sitter path (also what the tokenizer is tested against).
    fn parse_with_tree_sitter(text: &str) -> Result<Document, ParseFailure> {
        // Deep nesting costs tree-sitter-xml's scanner dearly: refused before the parse.
        nesting::check(text)?;
        let tree = PARSER.with(|cell| {
            let mut slot = cell.borrow_mut();
            let parser = slot.get_or_insert_with(|| {
                let mut parser = Parser::new();
                parser
                    .set_language(&language())
                    .expect("tree-sitter-xml is ABI-compatible with the tree-sitter runtime");
                parser
            });
            tree::parse(parser, text)
        })?;
        // Long runs of unnamed tokens would cost the query cursor the square of their length.
        tree::check_depth(&tree)?;
        let tags = &*TAGS;
        let id = |name: &str| tags.capture(name).unwrap_or(u32::MAX);
        let (start, empty, end, attribute, text_id, entity, charref) = (
            id("start"),
            id("empty"),
            id("end"),
            id("attribute"),
            id("text"),
            id("entity"),
            id("charref"),
        );
        let (start_name, empty_name, end_name) =
            (id("start.name"), id("empty.name"), id("end.name"));
        let (attribute_name, attribute_value, entity_name) = (
            id("attribute.name"),
            id("attribute.value"),
            id("entity.name"),
        );

        // (position, order, event): attributes sort after their tag (they start later).
        let mut events: Vec<(usize, Event)> = Vec::new();
        let mut cursor = QueryCursor::new();
        let mut matches = cursor.matches(&tags.query, tree.root_node(), text.as_bytes());
        while let Some(m) = matches.next() {
            let get = |index: u32| {
                m.captures()
                    .iter()
                    .find(|c| c.index == index)
                    .map(|c| c.node)
            };
            let Some(main) = m
                .captures()
                .iter()
                .map(|c| c.node)
                .min_by_key(|n| (n.start_byte(), std::cmp::Reverse(n.end_byte())))
            else {
                continue;
            };
            let event = if let (Some(tag), Some(name)) = (get(start), get(start_name)) {
                Event::Start {
                    tag: tag.byte_range(),
                    name: name.byte_range(),
                }
            } else if let (Some(tag), Some(name)) = (get(empty), get(empty_name)) {
                Event::Empty {
                    tag: tag.byte_range(),
                    name: name.byte_range(),
                }
            } else if let (Some(tag), Some(name)) = (get(end), get(end_name)) {
                Event::End {
                    tag: tag.byte_range(),
                    name: name.byte_range(),
                }
            } else if let (Some(attr), Some(name), Some(value)) =
                (get(attribute), get(attribute_name), get(attribute_value))
            {
                Event::Attribute {
                    span: attr.byte_range(),
                    name: name.byte_range(),
                    value: value.byte_range(),
                }
            } else if let Some(node) = get(text_id) {
                Event::Text {
                    span: node.byte_range(),
                    decoded: None,
                }
            } else if [entity, charref]
                .into_iter()
                .filter_map(get)
                .any(|node| node.parent().is_some_and(|p| p.kind() == "AttValue"))
            {
                // A reference inside an attribute value is part of that value (decoded with
                // it), not text of the element around the tag.
                continue;
            } else if let (Some(node), Some(name)) = (get(entity), get(entity_name)) {
                let decoded = decode_entity(&text[name.byte_range()]);
                Event::Text {
                    span: node.byte_range(),
                    decoded: Some(decoded.to_owned()),
                }
            } else if let Some(node) = get(charref) {
                let decoded = decode_char_ref(&text[node.byte_range()])
                    .map(String::from)
                    .unwrap_or_default();
                Event::Text {
                    span: node.byte_range(),
                    decoded: Some(decoded),
                }
            } else {
                continue;
            };
            events.push((main.start_byte(), event));
        }
        events.sort_by_key(|(position, event)| (*position, event.order()));
        Document::build(text, events, tree.root_node().has_error())
    }

    /// The element tree from a sorted stream of tag events.
    fn build(
        text: &str,
        events: Vec<(usize, Event)>,
        has_errors: bool,
    ) -> Result<Document, ParseFailure> {
        let mut document = Document {
            elements: Vec::new(),
            has_errors,
        };
        let mut stack: Vec<usize> = Vec::new();
        let mut last_tag: Option<usize> = None;
        for (_, event) in events {
            match event {
                Event::Start { tag, name } => {
                    if stack.len() >= tree::MAX_DEPTH {
                        return Err(ParseFailure::TooDeep(tree::MAX_DEPTH));
                    }
                    let index = document.push(text, &tag, &name, stack.last().copied(), false);
                    stack.push(index);
                    last_tag = Some(index);
                }
                Event::Empty { tag, name } => {
                    let index = document.push(text, &tag, &name, stack.last().copied(), true);
                    last_tag = Some(index);
                }
                Event::End { tag, name } => {
                    let name = &text[name];
                    if let Some(depth) = stack
                        .iter()
                        .rposition(|&i| document.elements[i].name == name)
                    {
                        for &open in &stack[depth + 1..] {
                            // Unclosed children end where their parent ends.
                            document.elements[open].span.end = tag.start;
                        }
                        let index = stack[depth];
                        document.elements[index].span.end = tag.end;
                        document.elements[index].closed = true;
                        stack.truncate(depth);
                    }
                    last_tag = None;
                }
                Event::Attribute { span, name, value } => {
                    let Some(owner) =
                        last_tag.filter(|&i| document.elements[i].start_tag.end >= span.end)
                    else {
                        continue;
                    };
                    let inner = value.start + 1..value.end.saturating_sub(1).max(value.start + 1);
                    let raw = text.get(inner.clone()).unwrap_or("");
                    document.elements[owner].attributes.push(Attribute {
                        name: text[name].to_owned(),
                        value: decode_entities(raw),
                        span,
                        value_span: inner,
                    });
                }
                Event::Text { span, decoded } => {
                    let Some(&owner) = stack.last() else { continue };
                    let element = &mut document.elements[owner];
                    let piece = decoded.unwrap_or_else(|| text[span.clone()].to_owned());
                    element.text_span = match element.text_span.take() {
                        None if element.text.is_empty() => Some(span),
                        Some(previous) if previous.end == span.start => {
                            Some(previous.start..span.end)
                        }
                        _ => None,
                    };
                    element.text.push_str(&piece);
                }
            }
        }
        for &open in &stack {
            document.elements[open].span.end = text.len();
        }
        Ok(document)
    }

    fn push(
        &mut self,
        text: &str,
        tag: &Span,
        name: &Span,
        parent: Option<usize>,
        closed: bool,
    ) -> usize {
        let index = self.elements.len();
        self.elements.push(Element {
            name: text[name.clone()].to_owned(),
            name_span: name.clone(),
            span: tag.clone(),
            start_tag: tag.clone(),
            attributes: Vec::new(),
            text: String::new(),
            text_span: None,
            parent,
            children: Vec::new(),
            closed,
        });
        if let Some(parent) = parent {
            self.elements[parent].children.push(index);
        }
        index
    }

    /// The root elements.
    pub fn roots(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.elements.len()).filter(|&i| self.elements[i].parent.is_none())
    }

    /// The children of `index` named `name`.
    pub fn children_named<'d>(
        &'d self,
        index: usize,
        name: &'d str,
    ) -> impl Iterator<Item = usize> + 'd {
        self.elements[index]
            .children
            .iter()
            .copied()
            .filter(move |&c| self.elements[c].name == name)
    }

    /// The names from the root down to `index`: `["configuration", "system.web", "httpRuntime"]`.
    pub fn path(&self, index: usize) -> Vec<&str> {
        let mut path = Vec::new();
        let mut current = Some(index);
        while let Some(i) = current {
            path.push(self.elements[i].name.as_str());
            current = self.elements[i].parent;
        }
        path.reverse();
        path
    }

    /// Every element whose path from the root ends with `suffix` (exact names).
    pub fn find<'d>(&'d self, suffix: &'d [&'d str]) -> impl Iterator<Item = usize> + 'd {
        (0..self.elements.len()).filter(move |&i| self.path(i).ends_with(suffix))
    }
}

#[derive(Debug)]
enum Event {
    Start { tag: Span, name: Span },
    Empty { tag: Span, name: Span },
    End { tag: Span, name: Span },
    Attribute { span: Span, name: Span, value: Span },
    Text { span: Span, decoded: Option<String> },
}

impl Event {
    fn order(&self) -> u8 {
        match self {
            Event::Start { .. } | Event::Empty { .. } | Event::End { .. } => 0,
            Event::Attribute { .. } => 1,
            Event::Text { .. } => 2,
        }
    }
}

/// The text of a predefined entity (`amp` → `&`); other entities, which would need the DTD,
/// read as nothing.
fn decode_entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

fn decode_char_ref(reference: &str) -> Option<char> {
    let inner = reference.strip_prefix("&#")?.strip_suffix(';')?;
    let code = match inner.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => inner.parse().ok()?,
    };
    char::from_u32(code)
}

/// Decodes the predefined entities and character references in an attribute value.
pub fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(end) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let reference = &tail[..=end];
        let decoded = match reference {
            "&amp;" => Some('&'),
            "&lt;" => Some('<'),
            "&gt;" => Some('>'),
            "&quot;" => Some('"'),
            "&apos;" => Some('\''),
            other => decode_char_ref(other),
        };
        match decoded {
            Some(c) => out.push(c),
            None => out.push_str(reference),
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every XML file below `root` that tlslint reads (project, props/targets, config).
    fn xml_files(root: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(root) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                xml_files(&path, out);
            } else if matches!(
                crate::lang::FileKind::from_path(&path),
                Some(crate::lang::FileKind::MsBuild | crate::lang::FileKind::Config)
            ) {
                out.push(path);
            }
        }
    }

    /// The tokenizer and tree-sitter build the same document from every file the tokenizer
    /// accepts: all XML of the test repositories, plus any folder named in
    /// `TLSLINT_XML_CORPUS` (for trying large real trees by hand).
    #[test]
    fn the_tokenizer_agrees_with_tree_sitter() {
        let mut files = Vec::new();
        xml_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-repos"),
            &mut files,
        );
        if let Some(extra) = std::env::var_os("TLSLINT_XML_CORPUS") {
            xml_files(std::path::Path::new(&extra), &mut files);
        }
        let (mut fast, mut slow) = (0, 0);
        for path in &files {
            let Ok((text, _)) = crate::source::decode(&std::fs::read(path).unwrap()) else {
                continue;
            };
            match scan::events(&text) {
                Some((events, has_errors)) => {
                    fast += 1;
                    let scanned = Document::build(&text, events, has_errors);
                    let reference = Document::parse_with_tree_sitter(&text);
                    assert_eq!(
                        format!("{scanned:?}"),
                        format!("{reference:?}"),
                        "{}",
                        path.display()
                    );
                }
                None => slow += 1,
            }
        }
        eprintln!("{fast} files tokenized, {slow} left to tree-sitter");
        assert!(fast > 20, "{fast} tokenized, {slow} not");
    }

    /// The .NET Framework's own project files open with `<? Copyright …?>`: tree-sitter flags
    /// the instruction and reads the rest as usual, and so does the tokenizer.
    #[test]
    fn targetless_instructions_before_the_root_are_errors_the_tokenizer_reads() {
        let text = "<? Copyright (c) Microsoft Corporation.  All rights reserved.?>\n\
                    <?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
                    <Project><PropertyGroup><TargetFrameworkVersion>v4.0</TargetFrameworkVersion>\
                    </PropertyGroup></Project>\n";
        let (events, has_errors) = scan::events(text).expect("tokenized");
        assert!(has_errors);
        let scanned = Document::build(text, events, has_errors).unwrap();
        assert_eq!(
            format!("{scanned:?}"),
            format!("{:?}", Document::parse_with_tree_sitter(text).unwrap())
        );
        assert_eq!(scanned.elements[2].text, "v4.0");
        // Only before everything else: after the declaration or the root it stays doubtful.
        for text in [
            "<?xml version=\"1.0\"?><? c ?><a/>",
            "<a/><? c ?>",
            "<a><? c ?></a>",
        ] {
            assert!(scan::events(text).is_none(), "{text}");
        }
    }

    /// A reference in an attribute value used to leak into the element's text through the
    /// query's `EntityRef` pattern (`&v4.5` for the target below).
    #[test]
    fn references_in_attributes_stay_in_the_attribute() {
        let text = "<Project><V Condition=\"a &amp; b &#65;\">v4.5</V></Project>";
        for document in [
            Document::parse_with_tree_sitter(text).unwrap(),
            Document::parse(text),
        ] {
            let v = &document.elements[1];
            assert_eq!(v.text, "v4.5");
            assert_eq!(v.attributes[0].value, "a & b A");
        }
    }

    #[test]
    fn the_tokenizer_leaves_doubtful_files_to_tree_sitter() {
        for text in [
            "<a><b></a>",
            "<a>",
            "<a/><b/>",
            "<!DOCTYPE a><a/>",
            "<a x=1/>",
            "<a>x & y</a>",
            "<a>]]></a>",
            "<a x=\"<\"/>",
            "<\u{e9}/>",
            "text<a/>",
            // Declarations that tree-sitter flags (one found by the xml fuzz target).
            "<?xml version<!--=\"1.0\"?><a/>",
            "<?xml encoding=\"utf-8\"?><a/>",
            "<?xml version=\"1.0\" standalone=\"maybe\"?><a/>",
            "<?XML version=\"1.0\"?><a/>",
            // Control characters, which are not XML characters (also found by fuzzing).
            "<a k=\"U\u{1}p\"/>",
            "<a>\0</a>",
        ] {
            assert!(scan::events(text).is_none(), "{text}");
        }
        for text in [
            "<?xml version=\"1.0\"?><a/>",
            "<?xml version='1.0' encoding='utf-8' standalone='yes' ?><a/>",
            "<?xml version = \"1.0\"\r\n encoding=\"UTF-8\"?>\n<a/>",
        ] {
            let (events, has_errors) = scan::events(text).expect(text);
            assert!(!has_errors);
            assert_eq!(
                format!("{:?}", Document::build(text, events, has_errors)),
                format!("{:?}", Document::parse_with_tree_sitter(text)),
                "{text}"
            );
        }
        assert!(
            scan::events("<?xml version=\"1.0\"?>\n<!-- c --><a x='1'>t&amp;<![CDATA[x]]></a>\n")
                .is_some()
        );
    }

    #[test]
    fn query_compiles() {
        let _ = &*TAGS;
    }

    #[test]
    fn builds_the_element_tree_with_spans() {
        let text = "<?xml version=\"1.0\"?>\n<configuration>\n  <!-- <httpRuntime targetFramework=\"4.0\"/> -->\n  <system.web>\n    <httpRuntime targetFramework=\"4.5\" a='x &amp; y'/>\n  </system.web>\n  <P>net45;net48</P>\n</configuration>\n";
        let doc = Document::parse(text);
        assert!(!doc.has_errors);
        let names: Vec<&str> = doc.elements.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["configuration", "system.web", "httpRuntime", "P"]);
        let runtime = doc.find(&["system.web", "httpRuntime"]).next().unwrap();
        let attribute = doc.elements[runtime].attribute("targetFramework").unwrap();
        assert_eq!(attribute.value, "4.5");
        assert_eq!(&text[attribute.value_span.clone()], "4.5");
        assert_eq!(doc.elements[runtime].attribute("a").unwrap().value, "x & y");
        let p = doc.find(&["P"]).next().unwrap();
        let (value, span) = doc.elements[p].trimmed_text().unwrap();
        assert_eq!(value, "net45;net48");
        assert_eq!(&text[span], "net45;net48");
        assert_eq!(
            doc.path(runtime),
            ["configuration", "system.web", "httpRuntime"]
        );
    }

    #[test]
    fn malformed_documents_keep_their_elements() {
        let text = "<configuration>\n  <system.web>\n    <httpRuntime targetFramework=\"4.5\" />\n  </system.web>\n  <broken attr=\"1\"\n  <appSettings><add key=\"k\" value=\"v\"/></appSettings>\n";
        let doc = Document::parse(text);
        assert!(doc.has_errors);
        assert!(doc.find(&["system.web", "httpRuntime"]).next().is_some());
        assert!(
            doc.elements
                .iter()
                .any(|e| e.name == "add" && e.attribute("key").is_some())
        );
    }

    #[test]
    fn utf16_decoded_text_and_cdata() {
        let text = "<Project><![CDATA[<TargetFramework>net40</TargetFramework>]]><TargetFramework>net48</TargetFramework></Project>";
        let doc = Document::parse(text);
        let frameworks: Vec<&str> = doc
            .elements
            .iter()
            .filter(|e| e.name == "TargetFramework")
            .map(|e| e.text.as_str())
            .collect();
        assert_eq!(frameworks, ["net48"]);
    }
}
