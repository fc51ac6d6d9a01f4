; Where a native protocol value takes effect (TLS008). src/lang/cpp/ checks the rest: the
; option's position, the function name, the value's shape, and what the value holds.

; `WinHttpSetOption(hSession, WINHTTP_OPTION_SECURE_PROTOCOLS, &protocols, sizeof(protocols))`,
; also through a function pointer or a wrapper: the value is the next argument.
(call_expression
  function: (_) @winhttp.function
  arguments: (argument_list
    (identifier) @winhttp.option
    (#eq? @winhttp.option "WINHTTP_OPTION_SECURE_PROTOCOLS")) @winhttp.arguments) @winhttp.call

; `WinHttpSetOption(hSession, 84, …)`: the option written as a number.
(call_expression
  function: (_) @winhttp.function
  arguments: (argument_list
    (number_literal) @winhttp.option) @winhttp.arguments
  (#match? @winhttp.function "WinHttpSetOption$")) @winhttp.call

; `cred.grbitEnabledProtocols = …`, `params->grbitDisabledProtocols |= …`.
(assignment_expression
  left: (field_expression
    field: (field_identifier) @schannel.field)
  right: (_) @schannel.value
  (#any-of? @schannel.field "grbitEnabledProtocols" "grbitDisabledProtocols")) @schannel.assignment

; `SCHANNEL_CRED cred = { .grbitEnabledProtocols = … }` (C, C++20).
(initializer_pair
  designator: (field_designator
    (field_identifier) @schannel.field)
  value: (_) @schannel.value
  (#any-of? @schannel.field "grbitEnabledProtocols" "grbitDisabledProtocols")) @schannel.designated

; `SCHANNEL_CRED cred = { SCHANNEL_CRED_VERSION, 0, …, SP_PROT_TLS1_CLIENT }`: by position.
(declaration
  type: (type_identifier) @aggregate.type
  declarator: (init_declarator
    value: (initializer_list) @aggregate.list)
  (#any-of? @aggregate.type "SCHANNEL_CRED" "TLS_PARAMETERS")) @aggregate.declaration
