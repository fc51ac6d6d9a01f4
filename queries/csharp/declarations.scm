; Using directives (aliases, `using static`, `global using`) and constant declarations, which
; decide what a name in the rest of the file refers to.
(using_directive) @using

(field_declaration
  (variable_declaration
    type: (_) @constant.type
    (variable_declarator name: (identifier) @constant.name) @constant.declarator)) @constant.field

(local_declaration_statement
  (variable_declaration
    type: (_) @constant.type
    (variable_declarator name: (identifier) @constant.name) @constant.declarator)) @constant.local
