; Writes to variables and enumerator values, through which a protocol value reaches a sink
; (`DWORD protocols = …; protocols |= …; WinHttpSetOption(…, &protocols, …)`).

; `DWORD protocols = …;`, `DWORD protocols{…};`
(init_declarator
  declarator: (identifier) @write.name
  value: (_) @write.value) @write.declarator

; `DWORD protocols;`
(declaration
  declarator: (identifier) @write.name) @write.uninitialised

; `protocols = …;`, `protocols |= …;`, `protocols &= ~…;`
(assignment_expression
  left: (identifier) @write.name
  right: (_) @write.value) @write.assignment

; `&protocols` passed somewhere: the variable may change there.
(pointer_expression
  operator: "&"
  argument: (identifier) @write.name) @write.escape

; `protocols++`
(update_expression
  argument: (identifier) @write.name) @write.escape

; `enum { kProtocols = WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2 };`
(enumerator
  name: (identifier) @enum.name
  value: (_) @enum.value)
