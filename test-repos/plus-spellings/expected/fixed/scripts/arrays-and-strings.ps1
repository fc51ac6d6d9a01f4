# Arrays and strings that PowerShell converts to [Net.SecurityProtocolType] when it assigns them.
[Net.ServicePointManager]::SecurityProtocol = @([Net.SecurityProtocolType]::Tls12)
[Net.ServicePointManager]::SecurityProtocol = @([Net.SecurityProtocolType]::Tls12, [Net.SecurityProtocolType]::Tls13)
[Net.ServicePointManager]::SecurityProtocol = @(
    [Net.SecurityProtocolType]::Tls11
    [Net.SecurityProtocolType]::Tls12
)
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]"TLS12"
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'Tls12'
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'3072'
[Net.ServicePointManager]::SecurityProtocol = '3072'

# Not protocol values: strings PowerShell refuses to convert (a number among names, hex, an
# unknown name), a wildcard, a string cast to another enum, and arrays that are only compared.
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'768, Tls12'
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'0x300'
[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]'Tls1*'
$access = [System.IO.FileAccess]'Read, Write'
if ([Net.ServicePointManager]::SecurityProtocol -in @([Net.SecurityProtocolType]::Tls, [Net.SecurityProtocolType]::Tls11)) {
    Write-Warning 'legacy protocols only'
}
$legacyOnly = @([Net.SecurityProtocolType]::Ssl3, [Net.SecurityProtocolType]::Tls) -contains [Net.ServicePointManager]::SecurityProtocol
