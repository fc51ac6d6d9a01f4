; Candidate protocol enum values (TLS001, TLS002, TLS003 and the opt-in facts).
; The queries only find candidates by shape; src/lang/csharp/ resolves the receiver type
; (aliases, `global::`, fully qualified names, same-file constants) and the value's context.

; `SecurityProtocolType.Tls11`, `System.Security.Authentication.SslProtocols.Tls`,
; `SPT.Tls` through an alias, `global::System.Net.SecurityProtocolType.Ssl3`, and polyfill
; constants such as `SecurityProtocolTypeExtensions.Tls12`.
(member_access_expression
  expression: (_) @member.receiver
  name: (identifier) @member.name
  (#any-of? @member.name
    "SystemDefault" "None" "Ssl2" "Ssl3" "Tls" "Tls11" "Tls12" "Tls13" "Default")) @protocol.member

; Bare member names, which refer to the enum under `using static System.Net.SecurityProtocolType;`.
((identifier) @protocol.bare
  (#any-of? @protocol.bare
    "SystemDefault" "Ssl2" "Ssl3" "Tls" "Tls11" "Tls12" "Tls13"))

; Numeric values cast to a protocol type: `(SecurityProtocolType)0x300`, `(SslProtocols)(12 | 48)`.
(cast_expression
  type: (_) @cast.type
  value: (_) @cast.value) @protocol.cast
