@{
    RootModule        = 'Tls.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '5b1f0c6e-8a38-4d3f-9d0e-3c0f3b1d2a11'
    FunctionsToExport = @('Enable-Tls12', 'Test-LegacyTls')
}
