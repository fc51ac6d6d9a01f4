# Deploys the 2014 billing service. Do not copy this file.
param($Server)

# The partner API used to require TLS 1.0; "enable everything".
[Net.ServicePointManager]::SecurityProtocol = 'Tls12'
[System.Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12

$manifest = Invoke-RestMethod -Uri "https://$Server/api/manifest" -SslProtocol Tls12
[AppContext]::SetSwitch('Switch.System.Net.DontEnableSchUseStrongCrypto', $false)

if ([Net.ServicePointManager]::SecurityProtocol -eq [Net.SecurityProtocolType]::Tls) {
    Write-Warning 'Still on TLS 1.0'
}
$help = @"
To roll back: [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls
"@
Write-Host $help
