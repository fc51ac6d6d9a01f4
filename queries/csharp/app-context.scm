; `AppContext.SetSwitch("Switch.System.Net.DontEnableSchUseStrongCrypto", true)` (TLS004 and the
; opt-in facts), also as `System.AppContext.SetSwitch` or a bare `SetSwitch` under
; `using static System.AppContext;`.
(invocation_expression
  function: [
    (member_access_expression expression: (_) @switch.receiver name: (identifier) @switch.method)
    (identifier) @switch.method
  ]
  arguments: (argument_list) @switch.arguments
  (#eq? @switch.method "SetSwitch")) @switch.call
