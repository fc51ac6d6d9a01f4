# Deploys the 2014 billing service. Do not copy this file.
param($Server)

# The partner API used to require TLS 1.0; "enable everything".
[Net.ServicePointManager]::SecurityProtocol = 'Tls, Tls11, Tls12'
[System.Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Ssl3 -bor 192 -bor [Net.SecurityProtocolType]::Tls12

$manifest = Invoke-RestMethod -Uri "https://$Server/api/manifest" -SslProtocol Tls11
[AppContext]::SetSwitch('Switch.System.Net.DontEnableSchUseStrongCrypto', $true)

if ([Net.ServicePointManager]::SecurityProtocol -eq [Net.SecurityProtocolType]::Tls) {
    Write-Warning 'Still on TLS 1.0'
}
$help = @"
To roll back: [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls
"@
Write-Host $help
