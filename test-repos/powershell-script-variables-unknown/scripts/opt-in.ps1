# The value name is assigned twice: which one reaches Set-ItemProperty is not known here.
$name = 'SchUseStrongCrypto'
if ($env:LEGACY_ONLY) { $name = 'SchUseStrongCryptoDisabled' }
$path = 'HKLM:\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
Set-ItemProperty -Path $path -Name $name -Value 1 -Type DWord
