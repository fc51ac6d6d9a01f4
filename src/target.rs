//! Effective targets: which runtime defaults apply to the code in a file (domain.md §2, §4.7).

use std::fmt;

/// A .NET Framework version, ordered: 4.5.2 is `FrameworkVersion::new(4, 5, 2)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrameworkVersion(u32);

impl FrameworkVersion {
    pub const V4_0: FrameworkVersion = FrameworkVersion::new(4, 0, 0);
    pub const V4_6: FrameworkVersion = FrameworkVersion::new(4, 6, 0);
    pub const V4_7: FrameworkVersion = FrameworkVersion::new(4, 7, 0);

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
}

impl Target {
    /// Whether the OS chooses the protocol versions by default: 4.7+ and modern .NET. `None`
    /// when the target is unknown.
    pub fn os_decides(self) -> Option<bool> {
        match self {
            Target::Unknown => None,
            Target::Framework(version) => Some(version >= FrameworkVersion::V4_7),
            Target::Modern => Some(true),
        }
    }
}
