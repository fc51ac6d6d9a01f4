//! The two .NET protocol enums and the bit layout they share (domain.md §1).
//!
//! Each SSL/TLS version occupies the Schannel "server bit | client bit" pair, so
//! `SecurityProtocolType` and `SslProtocols` have the same numeric values and a number cast to
//! either is decomposed the same way.

use std::fmt;

pub const SSL2: u32 = 0xC;
pub const SSL3: u32 = 0x30;
pub const TLS10: u32 = 0xC0;
pub const TLS11: u32 = 0x300;
pub const TLS12: u32 = 0xC00;
pub const TLS13: u32 = 0x3000;

/// Every bit that belongs to a known protocol version. A number with other bits set is not a
/// protocol set (domain.md §1.3) and is never reported.
pub const KNOWN_BITS: u32 = SSL2 | SSL3 | TLS10 | TLS11 | TLS12 | TLS13;
/// Versions that can still be negotiated with a server that retired TLS 1.0/1.1.
pub const MODERN_BITS: u32 = TLS12 | TLS13;

/// The enum a protocol value belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProtocolEnum {
    /// `System.Net.SecurityProtocolType`, the type of `ServicePointManager.SecurityProtocol`.
    SecurityProtocolType,
    /// `System.Security.Authentication.SslProtocols`, used by `SslStream`, handlers and WCF.
    SslProtocols,
}

impl ProtocolEnum {
    pub const ALL: [ProtocolEnum; 2] = [
        ProtocolEnum::SecurityProtocolType,
        ProtocolEnum::SslProtocols,
    ];

    /// The simple type name.
    pub fn type_name(self) -> &'static str {
        match self {
            ProtocolEnum::SecurityProtocolType => "SecurityProtocolType",
            ProtocolEnum::SslProtocols => "SslProtocols",
        }
    }

    /// The namespace that declares the type.
    pub fn namespace(self) -> &'static str {
        match self {
            ProtocolEnum::SecurityProtocolType => "System.Net",
            ProtocolEnum::SslProtocols => "System.Security.Authentication",
        }
    }

    /// Recognises the type from its simple name.
    pub fn from_type_name(name: &str) -> Option<Self> {
        ProtocolEnum::ALL
            .into_iter()
            .find(|e| e.type_name() == name)
    }

    /// The value of a member, by its exact (case-sensitive) name.
    pub fn member_value(self, name: &str) -> Option<u32> {
        self.members()
            .iter()
            .find(|(member, _)| *member == name)
            .map(|&(_, value)| value)
    }

    /// The value of a member, ignoring case (VB.NET and PowerShell).
    pub fn member_value_ignore_case(self, name: &str) -> Option<(&'static str, u32)> {
        self.members()
            .iter()
            .find(|(member, _)| member.eq_ignore_ascii_case(name))
            .copied()
    }

    /// The members and their values.
    pub fn members(self) -> &'static [(&'static str, u32)] {
        match self {
            ProtocolEnum::SecurityProtocolType => &[
                ("SystemDefault", 0),
                ("Ssl3", SSL3),
                ("Tls", TLS10),
                ("Tls11", TLS11),
                ("Tls12", TLS12),
                ("Tls13", TLS13),
            ],
            ProtocolEnum::SslProtocols => &[
                ("None", 0),
                ("Ssl2", SSL2),
                ("Ssl3", SSL3),
                ("Tls", TLS10),
                ("Default", SSL3 | TLS10),
                ("Tls11", TLS11),
                ("Tls12", TLS12),
                ("Tls13", TLS13),
            ],
        }
    }

    /// Bits that make a value a legacy-protocol finding (DESIGN.md §2): SSL 2.0, SSL 3.0,
    /// TLS 1.0 and TLS 1.1. `SecurityProtocolType` has no SSL 2.0 member, but
    /// `(SecurityProtocolType)12` is still written (and always throws: domain.md §7.1 A9).
    pub fn legacy_bits(self) -> u32 {
        SSL2 | SSL3 | TLS10 | TLS11
    }

    /// The member that names a single-version value, if there is one.
    pub fn member_name(self, bits: u32) -> Option<&'static str> {
        self.members()
            .iter()
            .find(|&&(_, value)| value == bits)
            .map(|&(name, _)| name)
    }

    /// The value that means "let the operating system choose".
    pub fn os_default_member(self) -> &'static str {
        match self {
            ProtocolEnum::SecurityProtocolType => "SystemDefault",
            ProtocolEnum::SslProtocols => "None",
        }
    }
}

impl fmt::Display for ProtocolEnum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.type_name())
    }
}

/// Human names of the versions in a bit set, oldest first: "SSL 3.0 and TLS 1.0".
pub fn describe_versions(bits: u32) -> String {
    const NAMES: [(u32, &str); 6] = [
        (SSL2, "SSL 2.0"),
        (SSL3, "SSL 3.0"),
        (TLS10, "TLS 1.0"),
        (TLS11, "TLS 1.1"),
        (TLS12, "TLS 1.2"),
        (TLS13, "TLS 1.3"),
    ];
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(bit, _)| bits & bit != 0)
        .map(|&(_, name)| name)
        .collect();
    match names.as_slice() {
        [] => "no protocol version (the OS default)".to_owned(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Whether `bits` is a plausible protocol set: only known version bits.
pub fn is_protocol_set(bits: u64) -> bool {
    bits & !u64::from(KNOWN_BITS) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_versions() {
        assert_eq!(describe_versions(SSL3 | TLS10), "SSL 3.0 and TLS 1.0");
        assert_eq!(
            describe_versions(TLS10 | TLS11 | TLS12),
            "TLS 1.0, TLS 1.1 and TLS 1.2"
        );
        assert_eq!(describe_versions(TLS11), "TLS 1.1");
    }

    #[test]
    fn members_match_domain_values() {
        let spt = ProtocolEnum::SecurityProtocolType;
        assert_eq!(spt.member_value("Tls11"), Some(768));
        assert_eq!(spt.member_value("Ssl2"), None);
        assert_eq!(
            ProtocolEnum::SslProtocols.member_value("Default"),
            Some(240)
        );
        assert_eq!(spt.member_value_ignore_case("TLS12"), Some(("Tls12", 3072)));
        assert!(is_protocol_set(4032));
        assert!(!is_protocol_set(1));
    }
}
