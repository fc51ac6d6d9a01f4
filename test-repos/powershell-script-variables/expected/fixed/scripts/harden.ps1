# Registry writes whose key, value name or data sit in variables and parameters.
$key = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
Set-ItemProperty -Path $key -Name SchUseStrongCrypto -Value 1

function Set-Crypto([string]$Path) { Set-ItemProperty -Path $Path -Name SchUseStrongCrypto -Value 1 }
Set-Crypto 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v4.0.30319'

function Set-SystemDefault {
    param(
        [switch]$Force,
        [string]$Path,
        [int]$Data = 1
    )
    New-ItemProperty -Path $Path -Name SystemDefaultTlsVersions -Value $Data -PropertyType DWord -Force
}
Set-SystemDefault -Path 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v2.0.50727'
Set-SystemDefault 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\.NETFramework\v2.0.50727' 1

$winhttp = 'HKLM:\SOFTWARE\Wow6432Node\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp'
$protocols = 'DefaultSecureProtocols'
Set-ItemProperty -Path $winhttp -Name $protocols -Value 0x800 -Type DWord
reg add "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp" /v $protocols /t REG_DWORD /d 0x800 /f

# Not known, so no finding: a variable assigned twice, one computed, a loop variable, a
# function nobody calls here, and a call whose argument is not known.
$twice = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
$twice = 'HKLM:\SOFTWARE\Contoso\Settings'
Set-ItemProperty -Path $twice -Name SchUseStrongCrypto -Value 0
$computed = Join-Path 'HKLM:\SOFTWARE\Microsoft\.NETFramework' 'v4.0.30319'
Set-ItemProperty -Path $computed -Name SchUseStrongCrypto -Value 0
foreach ($view in 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319', 'HKLM:\SOFTWARE\Contoso') {
    Set-ItemProperty -Path $view -Name SchUseStrongCrypto -Value 0
}
function Reset-Crypto([string]$Path) { Set-ItemProperty -Path $Path -Name SchUseStrongCrypto -Value 0 }
function Disable-Crypto([string]$Path) { Set-ItemProperty -Path $Path -Name SchUseStrongCrypto -Value 0 }
Disable-Crypto $env:CRYPTO_KEY
