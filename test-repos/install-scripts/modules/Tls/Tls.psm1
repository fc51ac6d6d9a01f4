function Enable-Tls12 {
    [CmdletBinding()]
    param()
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
}

function Test-LegacyTls {
    $current = [Net.ServicePointManager]::SecurityProtocol
    return $current.HasFlag([Net.SecurityProtocolType]::Tls11)
}

Export-ModuleMember -Function Enable-Tls12, Test-LegacyTls
