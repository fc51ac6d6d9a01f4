# Turns strong cryptography on for .NET Framework 4.x on this machine (both registry views).
$name = 'SchUseStrongCrypto'
$path = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
Set-ItemProperty -Path $path -Name $name -Value 1 -Type DWord
