//! Target frameworks: the TFM grammar (domain.md §4.3), .NET Framework versions, and the
//! effective target that decides which runtime defaults apply to a file's code (§2, §4.7).

use std::fmt;

use crate::offers::Offers;
use crate::protocol::{SSL3, TLS10, TLS11, TLS12};

/// A .NET Framework version, ordered: 4.5.2 is `FrameworkVersion::new(4, 5, 2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrameworkVersion(u32);

impl FrameworkVersion {
    pub const V4_0: FrameworkVersion = FrameworkVersion::new(4, 0, 0);
    pub const V4_5: FrameworkVersion = FrameworkVersion::new(4, 5, 0);
    pub const V4_5_2: FrameworkVersion = FrameworkVersion::new(4, 5, 2);
    pub const V4_6: FrameworkVersion = FrameworkVersion::new(4, 6, 0);
    pub const V4_6_1: FrameworkVersion = FrameworkVersion::new(4, 6, 1);
    pub const V4_6_2: FrameworkVersion = FrameworkVersion::new(4, 6, 2);
    pub const V4_7: FrameworkVersion = FrameworkVersion::new(4, 7, 0);
    pub const V4_8: FrameworkVersion = FrameworkVersion::new(4, 8, 0);

    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        FrameworkVersion(major * 10_000 + minor * 100 + patch)
    }

    pub fn major(self) -> u32 {
        self.0 / 10_000
    }

    pub fn minor(self) -> u32 {
        self.0 / 100 % 100
    }

    pub fn patch(self) -> u32 {
        self.0 % 100
    }

    /// Parses a dotted version with or without a leading `v`: `4.5`, `v4.6.2`, `4.0.30319`
    /// (only major.minor.patch are kept; a patch above 9 is a build number and is dropped).
    pub fn parse_dotted(text: &str) -> Option<Self> {
        let text = text.trim().trim_start_matches(['v', 'V']);
        let mut parts = text.split('.');
        let major: u32 = parts.next()?.parse().ok()?;
        let minor: u32 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
        let patch: u32 = match parts.next() {
            Some(p) => p.parse().ok()?,
            None => 0,
        };
        if parts.next().is_some() || !(1..=4).contains(&major) || minor > 9 {
            return None;
        }
        FrameworkVersion::released(major, minor, if patch > 9 { 0 } else { patch })
    }

    /// A version that .NET Framework was released as: 1.0, 1.1, 2.0, 3.0, 3.5, 4.0 (with its
    /// 4.0.x updates), 4.5 - 4.5.2, 4.6 - 4.6.2, 4.7 - 4.7.2, 4.8, 4.8.1. Anything else
    /// (`v2.3`, `v4.9`) is no .NET Framework version, and no message may name it as one.
    pub fn released(major: u32, minor: u32, patch: u32) -> Option<Self> {
        let known = match (major, minor) {
            (1, 0 | 1) | (2, 0) | (3, 0 | 5) => patch == 0,
            (4, 0) => true,
            (4, 5..=7) => patch <= 2,
            (4, 8) => patch <= 1,
            _ => false,
        };
        known.then(|| FrameworkVersion::new(major, minor, patch))
    }

    /// The SDK-style short name: `net452`, `net48`.
    pub fn short_name(self) -> String {
        let mut name = format!("net{}{}", self.major(), self.minor());
        if self.patch() != 0 {
            name.push_str(&self.patch().to_string());
        }
        name
    }

    /// What a process targeting this version offers by default, with nothing configured
    /// (domain.md §2.4, §2.6).
    pub fn default_protocols(self) -> &'static str {
        if self < FrameworkVersion::V4_6 {
            "SSL 3.0 and TLS 1.0 only, no TLS 1.2"
        } else if self < FrameworkVersion::V4_7 {
            "TLS 1.0 - 1.2 from a list fixed by the framework"
        } else {
            "whatever the OS enables"
        }
    }
}

impl fmt::Display for FrameworkVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major(), self.minor())?;
        if self.patch() != 0 {
            write!(f, ".{}", self.patch())?;
        }
        Ok(())
    }
}

/// A parsed target framework moniker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tfm {
    /// .NET Framework (`net45`, `net4.7.2`, `net40-client`, `.NETFramework,Version=v4.5`).
    Framework(FrameworkVersion),
    /// .NET Standard `major.minor`.
    Standard(u32, u32),
    /// .NET Core 1.0 - 3.1 and .NET 5+ (`netcoreapp3.1`, `net8.0`, `net6.0-windows`).
    Modern,
    /// Anything else: Xamarin, UWP, portable profiles, Silverlight, unknown names.
    Other,
}

impl Tfm {
    /// Parses a short TFM (`net462`, `netstandard2.0`, `net8.0-windows`) or a long one
    /// (`.NETFramework,Version=v4.5.2`, `.NETCoreApp,Version=v8.0`).
    pub fn parse(text: &str) -> Tfm {
        let text = text.trim();
        if text.starts_with('.') {
            return parse_long(text);
        }
        let lower = text.to_ascii_lowercase();
        // OS-specific suffixes (`-windows10.0.19041`) and profiles (`-client`) do not matter.
        let base = lower.split(['-', '+']).next().unwrap_or("");
        if lower.starts_with("portable") {
            return Tfm::Other;
        }
        if let Some(version) = base.strip_prefix("netstandard") {
            return match parse_major_minor(version) {
                Some((major, minor)) => Tfm::Standard(major, minor),
                None => Tfm::Other,
            };
        }
        if base
            .strip_prefix("netcoreapp")
            .is_some_and(|v| parse_major_minor(v).is_some())
        {
            return Tfm::Modern;
        }
        let Some(version) = base.strip_prefix("net") else {
            return Tfm::Other;
        };
        if version.contains('.') {
            // `net5.0`+ is modern .NET; `net4.7.2` is a (non-canonical) .NET Framework name.
            let major: u32 = version
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            return match major {
                5.. => Tfm::Modern,
                1..=4 => FrameworkVersion::parse_dotted(version).map_or(Tfm::Other, Tfm::Framework),
                _ => Tfm::Other,
            };
        }
        // `net` + digits, one per component: `net462` is 4.6.2, `net40` is 4.0, `net11` is 1.1.
        let digits: Vec<u32> = version
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()
            .unwrap_or_default();
        let version = match digits.as_slice() {
            [major @ 1..=4, minor] => FrameworkVersion::released(*major, *minor, 0),
            [major @ 1..=4, minor, patch] => FrameworkVersion::released(*major, *minor, *patch),
            _ => None,
        };
        version.map_or(Tfm::Other, Tfm::Framework)
    }

    /// The .NET Framework version a library with this target is checked against (DESIGN.md §2):
    /// .NET Standard 1.x/2.0 is consumed by 4.6.1 at the oldest; 2.1 only by modern .NET.
    pub fn as_target(self) -> Target {
        match self {
            Tfm::Framework(version) => Target::Framework(version),
            Tfm::Standard(2, 1..) | Tfm::Standard(3.., _) => Target::Modern,
            Tfm::Standard(..) => Target::Framework(FrameworkVersion::V4_6_1),
            Tfm::Modern => Target::Modern,
            Tfm::Other => Target::Unknown,
        }
    }
}

fn parse_major_minor(text: &str) -> Option<(u32, u32)> {
    let (major, minor) = text.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

fn parse_long(text: &str) -> Tfm {
    let mut identifier = "";
    let mut version = None;
    for (i, part) in text.split(',').enumerate() {
        let part = part.trim();
        if i == 0 {
            identifier = part;
        } else if let Some(v) = part
            .strip_prefix("Version=")
            .or_else(|| part.strip_prefix("version="))
        {
            version = Some(v.trim_start_matches(['v', 'V']).to_owned());
        }
    }
    let Some(version) = version else {
        return Tfm::Other;
    };
    match identifier.to_ascii_lowercase().as_str() {
        ".netframework" => {
            FrameworkVersion::parse_dotted(&version).map_or(Tfm::Other, Tfm::Framework)
        }
        ".netstandard" => {
            parse_major_minor(&version).map_or(Tfm::Other, |(a, b)| Tfm::Standard(a, b))
        }
        ".netcoreapp" => Tfm::Modern,
        _ => Tfm::Other,
    }
}

/// The runtime behaviour that applies to a file's code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Target {
    /// Not known: the file belongs to no project (or the project model could not tell).
    #[default]
    Unknown,
    /// .NET Framework with this target version (the 4.0 quirks for a missing TFM).
    Framework(FrameworkVersion),
    /// .NET Core / .NET 5+ (the OS always chooses).
    Modern,
    /// A platform that is neither .NET Framework nor modern .NET (Xamarin, UWP, Windows Phone,
    /// Silverlight, portable libraries, .NET Micro Framework): none of .NET Framework's TLS
    /// defaults, switches or registry values apply, and its own defaults are not modelled.
    Platform,
}

impl Target {
    /// Whether the OS chooses the protocol versions by default: 4.7+ and modern .NET. `None`
    /// when the target is unknown.
    pub fn os_decides(self) -> Option<bool> {
        match self {
            Target::Unknown | Target::Platform => None,
            Target::Framework(version) => Some(version >= FrameworkVersion::V4_7),
            Target::Modern => Some(true),
        }
    }

    /// What a process with this effective target offers with nothing configured (domain.md
    /// §2.4): SSL 3.0 + TLS 1.0 below 4.6, the framework's TLS 1.0 - 1.2 list on 4.6 - 4.6.2,
    /// the OS default on 4.7+ and modern .NET. `None` when the target is unknown.
    pub fn default_offers(self) -> Option<Offers> {
        match self {
            Target::Unknown | Target::Platform => None,
            Target::Framework(version) if version < FrameworkVersion::V4_6 => {
                Some(Offers::versions(SSL3 | TLS10))
            }
            Target::Framework(version) if version < FrameworkVersion::V4_7 => {
                Some(Offers::versions(TLS10 | TLS11 | TLS12))
            }
            Target::Framework(_) | Target::Modern => Some(Offers::system_default()),
        }
    }

    /// The lower of two targets (the one whose defaults are older). Unknown loses to anything,
    /// and another platform to .NET Framework and modern .NET (whose defaults are modelled).
    pub fn lowest(self, other: Target) -> Target {
        match (self, other) {
            (Target::Unknown, t) | (t, Target::Unknown) => t,
            (Target::Platform, t) | (t, Target::Platform) => t,
            (Target::Framework(a), Target::Framework(b)) => Target::Framework(a.min(b)),
            (Target::Framework(a), Target::Modern) | (Target::Modern, Target::Framework(a)) => {
                Target::Framework(a)
            }
            (Target::Modern, Target::Modern) => Target::Modern,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Unknown => f.write_str("unknown"),
            Target::Framework(version) => write!(f, ".NET Framework {version}"),
            Target::Modern => f.write_str("modern .NET"),
            Target::Platform => f.write_str("a platform other than .NET Framework"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_offers_follow_the_two_thresholds() {
        let offers = |t: Target| t.default_offers().map(|o| o.members());
        let fw = |minor, patch| Target::Framework(FrameworkVersion::new(4, minor, patch));
        assert_eq!(offers(fw(5, 2)), Some(vec!["ssl3", "tls1.0"]));
        assert_eq!(offers(fw(6, 0)), Some(vec!["tls1.0", "tls1.1", "tls1.2"]));
        assert_eq!(offers(fw(6, 2)), Some(vec!["tls1.0", "tls1.1", "tls1.2"]));
        assert_eq!(offers(fw(7, 0)), Some(vec!["system-default"]));
        assert_eq!(offers(Target::Modern), Some(vec!["system-default"]));
        assert_eq!(offers(Target::Unknown), None);
    }

    fn fx(major: u32, minor: u32, patch: u32) -> Tfm {
        Tfm::Framework(FrameworkVersion::new(major, minor, patch))
    }

    #[test]
    fn short_framework_monikers() {
        assert_eq!(Tfm::parse("net20"), fx(2, 0, 0));
        assert_eq!(Tfm::parse("net35"), fx(3, 5, 0));
        assert_eq!(Tfm::parse("net40"), fx(4, 0, 0));
        assert_eq!(Tfm::parse("net403"), fx(4, 0, 3));
        assert_eq!(Tfm::parse("net45"), fx(4, 5, 0));
        assert_eq!(Tfm::parse("net462"), fx(4, 6, 2));
        assert_eq!(Tfm::parse("NET472"), fx(4, 7, 2));
        assert_eq!(Tfm::parse("net481"), fx(4, 8, 1));
        assert_eq!(Tfm::parse("net11"), fx(1, 1, 0));
        assert_eq!(Tfm::parse("net4.7.2"), fx(4, 7, 2));
        assert_eq!(Tfm::parse("net40-client"), fx(4, 0, 0));
    }

    #[test]
    fn modern_standard_and_other_monikers() {
        assert_eq!(Tfm::parse("net5.0"), Tfm::Modern);
        assert_eq!(Tfm::parse("net8.0-windows10.0.19041.0"), Tfm::Modern);
        assert_eq!(Tfm::parse("netcoreapp3.1"), Tfm::Modern);
        assert_eq!(Tfm::parse("netstandard2.0"), Tfm::Standard(2, 0));
        assert_eq!(Tfm::parse("netstandard1.3"), Tfm::Standard(1, 3));
        assert_eq!(Tfm::parse("net5"), Tfm::Other);
        assert_eq!(Tfm::parse("net50"), Tfm::Other);
        assert_eq!(Tfm::parse("portable-net45+win8"), Tfm::Other);
        assert_eq!(Tfm::parse("uap10.0"), Tfm::Other);
        assert_eq!(Tfm::parse("monoandroid90"), Tfm::Other);
        assert_eq!(Tfm::parse("$(Targets)"), Tfm::Other);
    }

    #[test]
    fn long_monikers() {
        assert_eq!(Tfm::parse(".NETFramework,Version=v4.5.2"), fx(4, 5, 2));
        assert_eq!(
            Tfm::parse(".NETFramework,Version=v4.0,Profile=Client"),
            fx(4, 0, 0)
        );
        assert_eq!(Tfm::parse(".NETCoreApp,Version=v8.0"), Tfm::Modern);
        assert_eq!(Tfm::parse(".NETStandard,Version=v2.0"), Tfm::Standard(2, 0));
    }

    #[test]
    fn library_targets_for_checks() {
        assert_eq!(
            Tfm::parse("netstandard2.0").as_target(),
            Target::Framework(FrameworkVersion::V4_6_1)
        );
        assert_eq!(Tfm::parse("netstandard2.1").as_target(), Target::Modern);
        assert_eq!(
            Target::Modern.lowest(Target::Framework(FrameworkVersion::V4_5)),
            Target::Framework(FrameworkVersion::V4_5)
        );
        assert_eq!(Target::Unknown.lowest(Target::Modern), Target::Modern);
    }

    #[test]
    fn dotted_versions() {
        assert_eq!(
            FrameworkVersion::parse_dotted("4.5"),
            Some(FrameworkVersion::V4_5)
        );
        assert_eq!(
            FrameworkVersion::parse_dotted("v4.6.2"),
            Some(FrameworkVersion::V4_6_2)
        );
        assert_eq!(
            FrameworkVersion::parse_dotted("4.0.30319"),
            Some(FrameworkVersion::V4_0)
        );
        assert_eq!(FrameworkVersion::parse_dotted("net45"), None);
        assert_eq!(FrameworkVersion::V4_5_2.short_name(), "net452");
        assert_eq!(FrameworkVersion::V4_5_2.to_string(), "4.5.2");
    }

    #[test]
    fn only_released_framework_versions_parse() {
        for released in [
            "v1.0",
            "1.1",
            "v2.0",
            "v3.0",
            "v3.5",
            "v4.0",
            "v4.0.3",
            "v4.5.2",
            "4.6.1",
            "v4.7.2",
            "v4.8.1",
            "4.0.30319",
        ] {
            assert!(
                FrameworkVersion::parse_dotted(released).is_some(),
                "{released}"
            );
        }
        for invented in ["v2.3", "v4.9", "v4.5.3", "v3.6", "v1.2", "v4.8.2", "v10.0"] {
            assert_eq!(FrameworkVersion::parse_dotted(invented), None, "{invented}");
        }
        assert_eq!(Tfm::parse("net403"), fx(4, 0, 3));
        assert_eq!(Tfm::parse("net49"), Tfm::Other);
        assert_eq!(Tfm::parse("net23"), Tfm::Other);
        assert_eq!(
            Tfm::parse("net10"),
            fx(1, 0, 0),
            "NuGet's .NET Framework 1.0"
        );
    }
}
