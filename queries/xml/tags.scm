; The parts of an XML document tlslint reads, in document order. src/lang/xml.rs rebuilds the
; element tree from this stream with a stack, so that malformed files (where tree-sitter leaves
; loose tags inside ERROR nodes) still yield every element they contain. Comments, processing
; instructions and CDATA sections never match: they are never findings.

(STag (Name) @start.name) @start
(EmptyElemTag (Name) @empty.name) @empty
(ETag (Name) @end.name) @end
(Attribute (Name) @attribute.name (AttValue) @attribute.value) @attribute
(CharData) @text
(EntityRef (Name) @entity.name) @entity
(CharRef) @charref
