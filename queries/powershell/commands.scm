; Commands and method calls that set TLS behaviour: `Invoke-WebRequest -SslProtocol Tls11`,
; registry writes (`Set-ItemProperty`, `New-ItemProperty`, `reg add`), and static calls such as
; [AppContext]::SetSwitch(…) and [Microsoft.Win32.Registry]::SetValue(…).

(command
  (command_name) @command.name
  (command_elements)? @command.elements) @command

(invokation_expression
  (type_literal) @call.type
  (member_name) @call.method
  (argument_list) @call.arguments) @call

; Splatted parameters: @{ SslProtocol = 'Tls11' }.
(hash_entry
  (key_expression) @hash.key) @hash
