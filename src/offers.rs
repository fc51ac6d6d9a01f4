//! The effective protocol set a setting offers: what decides whether it keeps connecting once
//! servers refuse TLS 1.0 and 1.1 (`breaks` or `at-risk`, see [`crate::verdict`]).
//!
//! A set holds versions, in the bit layout .NET and Schannel share (a version counts when either
//! bit of its server/client pair is set), and three members for what the value leaves to
//! someone else, because the verdict differs:
//!
//! - `system-default`: whatever the OS enables (`SecurityProtocolType.SystemDefault`,
//!   `SslProtocols.None`, a `grbitEnabledProtocols` of 0). TLS 1.2 on every supported Windows
//!   but 7 / Server 2008 R2, so it counts as keeping TLS 1.2.
//! - `prior`: what was enabled before an additive write (`|=`, `x = x | …`) when the model does
//!   not know it. In general that is the runtime's default, which offers TLS 1.2 on most
//!   targets, so the write cannot be shown to break.
//! - `unknown`: a part of the value could not be evaluated (a variable, a call).

use serde::ser::{Serialize, SerializeSeq, Serializer};

use crate::protocol::{MODERN_BITS, SSL2, SSL3, TLS10, TLS11, TLS12, TLS13};

/// PCT 1.0's Schannel bits (`SP_PROT_PCT1`): native code only, no .NET member.
pub const PCT1: u32 = 0x3;

/// The version members, oldest first, with their bit pairs.
const VERSIONS: [(u32, &str); 7] = [
    (PCT1, "pct1.0"),
    (SSL2, "ssl2"),
    (SSL3, "ssl3"),
    (TLS10, "tls1.0"),
    (TLS11, "tls1.1"),
    (TLS12, "tls1.2"),
    (TLS13, "tls1.3"),
];

/// What a protocol setting offers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Offers {
    /// The versions, both bits of each version's pair set.
    pub versions: u32,
    /// The OS chooses (the value is 0, or keeps a prior value that is the OS default).
    pub system_default: bool,
    /// The unknown value before an additive write stays enabled.
    pub prior: bool,
    /// Part of the value could not be evaluated.
    pub unknown: bool,
}

impl Offers {
    /// Exactly the versions in `bits` (a .NET value or a Schannel/WinHTTP native one).
    pub fn versions(bits: u32) -> Offers {
        Offers {
            versions: VERSIONS
                .iter()
                .filter(|(pair, _)| bits & pair != 0)
                .fold(0, |all, (pair, _)| all | pair),
            ..Offers::default()
        }
    }

    /// Whatever the OS enables.
    pub fn system_default() -> Offers {
        Offers {
            system_default: true,
            ..Offers::default()
        }
    }

    /// Both sets together (`a | b`).
    pub fn union(self, other: Offers) -> Offers {
        Offers {
            versions: self.versions | other.versions,
            system_default: self.system_default || other.system_default,
            prior: self.prior || other.prior,
            unknown: self.unknown || other.unknown,
        }
    }

    /// The set without the versions in `bits` (`grbitDisabledProtocols`, a disabled SCHANNEL
    /// client key).
    pub fn without(self, bits: u32) -> Offers {
        Offers {
            versions: self.versions & !Offers::versions(bits).versions,
            ..self
        }
    }

    /// Whether TLS 1.2 or later is known to be offered: a modern version is named, or the OS
    /// default stays.
    pub fn keeps_modern(self) -> bool {
        self.versions & MODERN_BITS != 0 || self.system_default
    }

    /// Whether the set is known to offer nothing a server without TLS 1.0/1.1 accepts: no
    /// TLS 1.2+, no OS default, and no part that could hold them (`prior`, `unknown`).
    pub fn lacks_modern(self) -> bool {
        !self.keeps_modern() && !self.prior && !self.unknown
    }

    /// The members as JSON and SARIF name them, versions oldest first.
    pub fn members(self) -> Vec<&'static str> {
        let mut members: Vec<&'static str> = VERSIONS
            .iter()
            .filter(|(pair, _)| self.versions & pair != 0)
            .map(|&(_, name)| name)
            .collect();
        for (present, name) in [
            (self.system_default, "system-default"),
            (self.prior, "prior"),
            (self.unknown, "unknown"),
        ] {
            if present {
                members.push(name);
            }
        }
        members
    }

    /// Why a finding about this set is not a `breaks`, for its message: what stays enabled
    /// next to the deprecated versions. `None` when nothing modern can be negotiated.
    pub fn kept(self) -> Option<&'static str> {
        if self.versions & TLS12 != 0 {
            Some("TLS 1.2 stays enabled here")
        } else if self.versions & TLS13 != 0 {
            Some("TLS 1.3 stays enabled here")
        } else if self.system_default {
            Some("the OS default stays enabled here")
        } else if self.prior {
            Some("what was enabled before stays enabled here")
        } else if self.unknown {
            Some("part of the value is not known here")
        } else {
            None
        }
    }

    /// `message` followed by what stays enabled, when something does.
    pub fn explain(self, message: String) -> String {
        match self.kept() {
            Some(kept) => format!("{message}; {kept}"),
            None => message,
        }
    }
}

impl Serialize for Offers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = self.members();
        let mut seq = serializer.serialize_seq(Some(members.len()))?;
        for member in members {
            seq.serialize_element(member)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_named_oldest_first() {
        assert_eq!(
            Offers::versions(TLS12 | TLS10).members(),
            ["tls1.0", "tls1.2"]
        );
        // Native values set one bit of a pair (the client's); it names the version.
        assert_eq!(
            Offers::versions(0x800 | 0x80 | PCT1).members(),
            ["pct1.0", "tls1.0", "tls1.2"]
        );
        let mut added = Offers::versions(TLS11);
        added.prior = true;
        added.unknown = true;
        assert_eq!(added.members(), ["tls1.1", "prior", "unknown"]);
        assert_eq!(Offers::system_default().members(), ["system-default"]);
        assert_eq!(
            serde_json::to_string(&Offers::versions(SSL3 | TLS10)).unwrap(),
            r#"["ssl3","tls1.0"]"#
        );
    }

    #[test]
    fn only_a_known_set_without_tls12_or_later_lacks_modern() {
        assert!(Offers::versions(TLS10).lacks_modern());
        assert!(Offers::versions(SSL3 | TLS10 | TLS11).lacks_modern());
        assert!(Offers::default().lacks_modern());
        assert!(!Offers::versions(TLS10 | TLS12).lacks_modern());
        assert!(!Offers::versions(TLS10 | TLS13).lacks_modern());
        assert!(
            !Offers::system_default()
                .union(Offers::versions(TLS11))
                .lacks_modern()
        );
        let prior = Offers {
            prior: true,
            ..Offers::versions(TLS11)
        };
        assert!(!prior.lacks_modern());
        let unknown = Offers {
            unknown: true,
            ..Offers::versions(TLS10)
        };
        assert!(!unknown.lacks_modern());
    }

    #[test]
    fn without_removes_versions_by_either_bit() {
        let windows = Offers::versions(TLS10 | TLS11 | TLS12);
        assert_eq!(windows.without(0x800).members(), ["tls1.0", "tls1.1"]);
        assert!(windows.without(0x800).lacks_modern());
    }

    #[test]
    fn messages_say_what_stays_enabled() {
        assert_eq!(
            Offers::versions(TLS10 | TLS12).explain("x".to_owned()),
            "x; TLS 1.2 stays enabled here"
        );
        assert_eq!(
            Offers::versions(TLS10 | TLS13).kept(),
            Some("TLS 1.3 stays enabled here")
        );
        assert_eq!(Offers::versions(TLS10).explain("x".to_owned()), "x");
        let prior = Offers {
            prior: true,
            ..Offers::versions(TLS11)
        };
        assert_eq!(
            prior.kept(),
            Some("what was enabled before stays enabled here")
        );
    }
}
