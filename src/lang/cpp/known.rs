//! The Windows SDK names a native protocol value is written with, by their documented values
//! (domain.md §6.3, §6.4). They win over local `#define`s of the same name: projects redefine
//! them for old SDKs, sometimes wrongly (an old curl header had `SP_PROT_SSL3_CLIENT` as 0x8).

/// `WINHTTP_FLAG_SECURE_PROTOCOL_*` and `SP_PROT_*`, with their values. WinHTTP's flags are the
/// Schannel client bits, so both live in one table.
const NAMES: &[(&str, u32)] = &[
    ("WINHTTP_FLAG_SECURE_PROTOCOL_SSL2", 0x8),
    ("WINHTTP_FLAG_SECURE_PROTOCOL_SSL3", 0x20),
    ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1", 0x80),
    ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_1", 0x200),
    ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_2", 0x800),
    ("WINHTTP_FLAG_SECURE_PROTOCOL_TLS1_3", 0x2000),
    // "All" means SSL 2.0 + SSL 3.0 + TLS 1.0: legacy versions only.
    ("WINHTTP_FLAG_SECURE_PROTOCOL_ALL", 0xA8),
    ("SP_PROT_NONE", 0),
    ("SP_PROT_PCT1_SERVER", 0x1),
    ("SP_PROT_PCT1_CLIENT", 0x2),
    ("SP_PROT_PCT1", 0x3),
    ("SP_PROT_SSL2_SERVER", 0x4),
    ("SP_PROT_SSL2_CLIENT", 0x8),
    ("SP_PROT_SSL2", 0xC),
    ("SP_PROT_SSL3_SERVER", 0x10),
    ("SP_PROT_SSL3_CLIENT", 0x20),
    ("SP_PROT_SSL3", 0x30),
    ("SP_PROT_TLS1_SERVER", 0x40),
    ("SP_PROT_TLS1_CLIENT", 0x80),
    ("SP_PROT_TLS1", 0xC0),
    ("SP_PROT_TLS1_0_SERVER", 0x40),
    ("SP_PROT_TLS1_0_CLIENT", 0x80),
    ("SP_PROT_TLS1_0", 0xC0),
    ("SP_PROT_SSL3TLS1_CLIENTS", 0xA0),
    ("SP_PROT_SSL3TLS1_SERVERS", 0x50),
    ("SP_PROT_SSL3TLS1", 0xF0),
    ("SP_PROT_TLS1_1_SERVER", 0x100),
    ("SP_PROT_TLS1_1_CLIENT", 0x200),
    ("SP_PROT_TLS1_1", 0x300),
    ("SP_PROT_TLS1_2_SERVER", 0x400),
    ("SP_PROT_TLS1_2_CLIENT", 0x800),
    ("SP_PROT_TLS1_2", 0xC00),
    ("SP_PROT_TLS1_3_SERVER", 0x1000),
    ("SP_PROT_TLS1_3_CLIENT", 0x2000),
    ("SP_PROT_TLS1_3", 0x3000),
    ("SP_PROT_TLS1_3PLUS_SERVER", 0x1000),
    ("SP_PROT_TLS1_3PLUS_CLIENT", 0x2000),
    ("SP_PROT_TLS1_3PLUS", 0x3000),
    // The SDK's `…1_1PLUS`/`…1_X` combinations include TLS 1.3 in current SDKs; older ones
    // stopped at TLS 1.2. Either way they include the legacy versions they are named after.
    ("SP_PROT_TLS1_1PLUS_SERVER", 0x1500),
    ("SP_PROT_TLS1_1PLUS_CLIENT", 0x2A00),
    ("SP_PROT_TLS1_1PLUS", 0x3F00),
    ("SP_PROT_TLS1_X_SERVER", 0x1540),
    ("SP_PROT_TLS1_X_CLIENT", 0x2A80),
    ("SP_PROT_TLS1_X", 0x3FC0),
    ("SP_PROT_SSL3TLS1_X_CLIENTS", 0x2AA0),
    ("SP_PROT_SSL3TLS1_X_SERVERS", 0x1550),
    ("SP_PROT_SSL3TLS1_X", 0x3FF0),
    ("SP_PROT_CLIENTS", 0x8000_00AA),
    ("SP_PROT_SERVERS", 0x4000_0055),
    ("SP_PROT_UNI_SERVER", 0x4000_0000),
    ("SP_PROT_UNI_CLIENT", 0x8000_0000),
    ("SP_PROT_UNI", 0xC000_0000),
    ("SP_PROT_ALL", 0xFFFF_FFFF),
    ("SP_PROT_DTLS_SERVER", 0x1_0000),
    ("SP_PROT_DTLS_CLIENT", 0x2_0000),
    ("SP_PROT_DTLS", 0x3_0000),
    ("SP_PROT_DTLS1_0_SERVER", 0x1_0000),
    ("SP_PROT_DTLS1_0_CLIENT", 0x2_0000),
    ("SP_PROT_DTLS1_0", 0x3_0000),
    ("SP_PROT_DTLS1_2_SERVER", 0x4_0000),
    ("SP_PROT_DTLS1_2_CLIENT", 0x8_0000),
    ("SP_PROT_DTLS1_2", 0xC_0000),
    ("SP_PROT_DTLS1_X_SERVER", 0x5_0000),
    ("SP_PROT_DTLS1_X_CLIENT", 0xA_0000),
    ("SP_PROT_DTLS1_X", 0xF_0000),
];

/// The documented value of a WinHTTP or Schannel protocol name.
pub fn value(name: &str) -> Option<u32> {
    NAMES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|&(_, bits)| bits)
}

/// `WINHTTP_OPTION_SECURE_PROTOCOLS`.
pub const WINHTTP_OPTION: &str = "WINHTTP_OPTION_SECURE_PROTOCOLS";
/// Its numeric value.
pub const WINHTTP_OPTION_VALUE: u64 = 84;

/// The Schannel fields that take a protocol set.
pub const ENABLED_FIELD: &str = "grbitEnabledProtocols";
pub const DISABLED_FIELD: &str = "grbitDisabledProtocols";

/// Structures initialised positionally, and where their protocol field is:
/// `SCHANNEL_CRED { dwVersion, cCreds, paCred, hRootStore, cMappers, aphMappers,
/// cSupportedAlgs, palgSupportedAlgs, grbitEnabledProtocols, … }` and
/// `TLS_PARAMETERS { cAlpnIds, rgstrAlpnIds, grbitDisabledProtocols, … }`.
pub const AGGREGATES: [(&str, usize, &str); 2] = [
    ("SCHANNEL_CRED", 8, ENABLED_FIELD),
    ("TLS_PARAMETERS", 2, DISABLED_FIELD),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_match_their_parts() {
        let or = |names: &[&str]| {
            names
                .iter()
                .map(|n| value(n).unwrap())
                .fold(0, |a, b| a | b)
        };
        assert_eq!(
            value("WINHTTP_FLAG_SECURE_PROTOCOL_ALL"),
            Some(or(&[
                "WINHTTP_FLAG_SECURE_PROTOCOL_SSL2",
                "WINHTTP_FLAG_SECURE_PROTOCOL_SSL3",
                "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1"
            ]))
        );
        assert_eq!(
            value("SP_PROT_TLS1_X_CLIENT"),
            Some(or(&[
                "SP_PROT_TLS1_0_CLIENT",
                "SP_PROT_TLS1_1_CLIENT",
                "SP_PROT_TLS1_2_CLIENT",
                "SP_PROT_TLS1_3_CLIENT"
            ]))
        );
        assert_eq!(
            value("SP_PROT_SSL3TLS1_X"),
            Some(or(&["SP_PROT_SSL3", "SP_PROT_TLS1_X"]))
        );
        for (name, bits) in NAMES {
            if let Some(side) = name.strip_suffix("_CLIENT")
                && let Some(server) = value(&format!("{side}_SERVER"))
            {
                assert_eq!(*bits, server << 1, "{name}");
            }
        }
        // WinHTTP flags are the Schannel client bits.
        for version in ["SSL2", "SSL3", "TLS1_2", "TLS1_3"] {
            assert_eq!(
                value(&format!("WINHTTP_FLAG_SECURE_PROTOCOL_{version}")),
                value(&format!("SP_PROT_{version}_CLIENT"))
            );
        }
    }
}
