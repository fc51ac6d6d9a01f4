//! AppContext switches that change which protocols .NET Framework offers (domain.md §2.7):
//! domain facts that analysers (which switch an `App.config` sets) and rules (what setting it
//! does) both read, so they live below both.

/// The switches that weaken TLS when set to true, and what `true` does.
pub const WEAKENING_SWITCHES: [(&str, &str); 4] = [
    (
        "Switch.System.Net.DontEnableSchUseStrongCrypto",
        "disables strong cryptography, so .NET Framework falls back to SSL 3.0 and TLS 1.0",
    ),
    (
        "Switch.System.Net.DontEnableSystemDefaultTlsVersions",
        "stops the OS from choosing the TLS versions",
    ),
    (
        "Switch.System.ServiceModel.DisableUsingServicePointManagerSecurityProtocols",
        "caps WCF message security at TLS 1.0",
    ),
    (
        "Switch.System.ServiceModel.DontEnableSystemDefaultTlsVersions",
        "pins WCF net.tcp to TLS 1.0 - 1.2 instead of the OS default",
    ),
];

/// What setting `name` to true does, if it is one of the weakening switches.
pub fn weakening_effect(name: &str) -> Option<&'static str> {
    WEAKENING_SWITCHES
        .iter()
        .find(|(switch, _)| *switch == name)
        .map(|&(_, effect)| effect)
}
