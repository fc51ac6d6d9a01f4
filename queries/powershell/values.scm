; Protocol values in PowerShell (TLS001, TLS002, TLS003). src/lang/powershell.rs resolves the
; type names (case-insensitively: [Net.SecurityProtocolType], [System.Net.SecurityProtocolType],
; [SecurityProtocolType] after `using namespace System.Net`, [Security.Authentication.SslProtocols])
; and decides whether each value is written or only read.

; [Net.SecurityProtocolType]::Tls11
(member_access
  (type_literal) @member.type
  (member_name) @member.name) @member

; [Net.SecurityProtocolType]3072, [Net.SecurityProtocolType]'Tls, Tls11'
(cast_expression
  (type_literal) @cast.type) @cast

; Assignments: `[Net.ServicePointManager]::SecurityProtocol = …` (numbers and strings are
; protocol values there, as PowerShell converts them to the enum).
(assignment_expression
  (left_assignment_expression) @assignment.left
  (assignement_operator) @assignment.operator) @assignment
