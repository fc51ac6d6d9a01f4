# Old build agents run Windows PowerShell on .NET Framework 4.0, which rejects TLS 1.2.
try {
    [Net.ServicePointManager]::SecurityProtocol = 'Tls12'
} catch {
    # The fallback for those agents: reported, never rewritten.
    [Net.ServicePointManager]::SecurityProtocol = 'Ssl3, Tls'
}
