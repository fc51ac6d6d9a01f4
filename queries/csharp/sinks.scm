; Places where a protocol value takes effect (TLS003 sinks and the opt-in facts).

; `ServicePointManager.SecurityProtocol = …`, `handler.SslProtocols = …`,
; `options.EnabledSslProtocols = …`, and the same names in object initializers.
(assignment_expression
  left: [
    (member_access_expression name: (identifier) @sink.property)
    (identifier) @sink.property
  ]
  right: (_) @sink.value
  (#any-of? @sink.property "SecurityProtocol" "SslProtocols" "EnabledSslProtocols")) @sink.assignment

; `sslStream.AuthenticateAsClient(host, certificates, SslProtocols.Tls12, false)` and friends.
(invocation_expression
  function: [
    (member_access_expression name: (identifier) @sink.method)
    (identifier) @sink.method
  ]
  arguments: (argument_list) @sink.arguments
  (#any-of? @sink.method
    "AuthenticateAsClient" "AuthenticateAsClientAsync"
    "AuthenticateAsServer" "AuthenticateAsServerAsync"
    "BeginAuthenticateAsClient" "BeginAuthenticateAsServer")) @sink.invocation
