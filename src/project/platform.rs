//! Which platform a legacy (non-SDK) project builds for (domain.md §4.9).
//!
//! A legacy project's `<TargetFrameworkVersion>` is a .NET Framework version only when the
//! project is a .NET Framework project. Xamarin, Windows Store and Phone, Silverlight, portable
//! libraries and the .NET Micro Framework all use the same property for their own versions
//! (`v1.0` for Xamarin.iOS, `v2.3` for Android 2.3), and none of them reads .NET Framework's TLS
//! defaults, switches or registry values. So the platform is decided first, from every signal
//! a project carries, and a project is .NET Framework only when none names another platform.

/// A platform a legacy project can build for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    NetFramework,
    XamarinAndroid,
    XamarinIos,
    MonoTouch,
    XamarinMac,
    XamarinTvos,
    XamarinWatchos,
    /// A Portable Class Library: its host decides, like `netstandard`.
    Portable,
    Uwp,
    /// Windows 8.x Store apps (`.NETCore` + `TargetPlatformIdentifier Windows`).
    WindowsStore,
    /// Windows Phone 8.1 (WinRT).
    WindowsPhoneApp,
    /// Windows Phone 7/8 (Silverlight).
    WindowsPhoneSilverlight,
    Silverlight,
    MicroFramework,
    /// .NET Compact Framework (smart devices).
    CompactFramework,
    /// `.NETStandard` named as an identifier.
    NetStandard,
    /// `.NETCoreApp` named as an identifier.
    NetCoreApp,
}

/// What a legacy project says about its platform, as evaluated.
#[derive(Debug, Default)]
pub struct Signals<'a> {
    pub target_framework_identifier: Option<&'a str>,
    pub target_platform_identifier: Option<&'a str>,
    pub target_platform_version: Option<&'a str>,
    pub target_framework_profile: Option<&'a str>,
    pub target_framework_version: Option<&'a str>,
    pub project_type_guids: Option<&'a str>,
    pub output_type: Option<&'a str>,
    /// The `Project` attribute of each `<Import>` of the project file.
    pub imports: Vec<&'a str>,
}

/// `ProjectTypeGuids` flavours (lower case) and the platform each names.
const FLAVOURS: &[(&str, Platform)] = &[
    (
        "efba0ad7-5a72-4c68-af49-83d382785dcf",
        Platform::XamarinAndroid,
    ),
    ("feacfbd2-3405-455c-9665-78fe426c6842", Platform::XamarinIos),
    ("6bc8ed88-2882-458c-8e55-dfd12b67127b", Platform::MonoTouch),
    ("a3f8f2ab-b479-4a4a-a458-a89e7dc349f1", Platform::XamarinMac),
    ("42c0bbd9-55ce-4fc1-8d90-a7348abafb23", Platform::XamarinMac),
    ("948b3504-5b70-4649-8fe4-bde1fb46ec69", Platform::XamarinMac),
    (
        "06fa79cb-d6cd-4721-bb4b-1bd202089c55",
        Platform::XamarinTvos,
    ),
    (
        "fc940695-dfe0-4552-9f25-99af4a5619a1",
        Platform::XamarinWatchos,
    ),
    (
        "8ffb629d-f513-41ce-95d2-7ece97b6eeec",
        Platform::XamarinWatchos,
    ),
    ("786c830f-07a1-408b-bd7f-6ee04809d6db", Platform::Portable),
    ("a5a43c5b-de2a-4c0c-9213-0a381af9435a", Platform::Uwp),
    (
        "bc8a1ffa-bee3-4634-8014-f334798102b3",
        Platform::WindowsStore,
    ),
    (
        "76f1466a-8b6d-4e39-a767-685a06062a39",
        Platform::WindowsPhoneApp,
    ),
    (
        "c089c8c0-30e0-4e22-80c0-ce093f111a43",
        Platform::WindowsPhoneSilverlight,
    ),
    (
        "db03555f-0c8b-43be-9ff9-57896b3c5e56",
        Platform::WindowsPhoneSilverlight,
    ),
    (
        "a1591282-1198-4647-a2b1-27e5ff5f6f3b",
        Platform::Silverlight,
    ),
    (
        "b69e3092-b931-443c-abe7-7e7b65f2a37f",
        Platform::MicroFramework,
    ),
    // Seen in real repositories, not in §4.9's table: Xamarin.Android binding projects and
    // .NET Compact Framework smart-device projects.
    (
        "10368e6c-d01b-4462-8e8b-01fc667a7035",
        Platform::XamarinAndroid,
    ),
    (
        "4d628b5b-2fbc-4aa6-8c16-197242aeb884",
        Platform::CompactFramework,
    ),
];

/// Fragments of imported `.targets` paths (lower case, `\` as `/`) and the platform each
/// names. Checked in order: the more specific first.
const IMPORTS: &[(&str, Platform)] = &[
    ("xamarin.android.", Platform::XamarinAndroid),
    ("novell.monodroid.", Platform::XamarinAndroid),
    ("xamarin.ios.", Platform::XamarinIos),
    ("xamarin.monotouch.", Platform::MonoTouch),
    ("xamarin.mac.", Platform::XamarinMac),
    ("xamarin.tvos.", Platform::XamarinTvos),
    ("xamarin.watchos.", Platform::XamarinWatchos),
    ("microsoft.portable.", Platform::Portable),
    ("microsoft.windowsphone.", Platform::WindowsPhoneSilverlight),
    ("/silverlight for phone/", Platform::WindowsPhoneSilverlight),
    ("microsoft.silverlight.", Platform::Silverlight),
    ("microsoft.spot.", Platform::MicroFramework),
    ("/.netmicroframework/", Platform::MicroFramework),
    ("/netmicroframework/", Platform::MicroFramework),
    ("microsoft.compactframework.", Platform::CompactFramework),
];

impl Platform {
    /// Decides a legacy project's platform: the explicit identifiers first, then the project
    /// type flavour, the profile and output type, and the imported targets.
    pub fn of(signals: &Signals) -> Platform {
        let lower = |v: Option<&str>| v.map(|s| s.trim().to_ascii_lowercase());
        let identifier = lower(signals.target_framework_identifier);
        let platform_identifier = lower(signals.target_platform_identifier);
        let profile = lower(signals.target_framework_profile);
        let windows_phone_profile = profile
            .as_deref()
            .is_some_and(|p| p.starts_with("windowsphone"));
        if let Some(identifier) = identifier.as_deref() {
            let named = match identifier {
                ".netframework" => None,
                "monoandroid" => Some(Platform::XamarinAndroid),
                "xamarin.ios" => Some(Platform::XamarinIos),
                "monotouch" => Some(Platform::MonoTouch),
                "xamarin.mac" | "monomac" => Some(Platform::XamarinMac),
                "xamarin.tvos" => Some(Platform::XamarinTvos),
                "xamarin.watchos" => Some(Platform::XamarinWatchos),
                ".netportable" => Some(Platform::Portable),
                "silverlight" if windows_phone_profile => Some(Platform::WindowsPhoneSilverlight),
                "silverlight" => Some(Platform::Silverlight),
                "windowsphone" => Some(Platform::WindowsPhoneSilverlight),
                "windowsphoneapp" => Some(Platform::WindowsPhoneApp),
                ".netmicroframework" => Some(Platform::MicroFramework),
                "windowsce" | ".netcompactframework" => Some(Platform::CompactFramework),
                ".netstandard" => Some(Platform::NetStandard),
                ".netcoreapp" => Some(Platform::NetCoreApp),
                ".netcore" => Some(store_platform(platform_identifier.as_deref())),
                // An identifier we do not know is still not .NET Framework.
                _ => Some(Platform::Portable),
            };
            if let Some(platform) = named {
                return platform;
            }
            // `.NETFramework` written out: the project says so itself.
            return Platform::NetFramework;
        }
        if let Some(platform_identifier) = platform_identifier.as_deref() {
            match platform_identifier {
                "uap" => return Platform::Uwp,
                "windows" => return Platform::WindowsStore,
                "windowsphoneapp" => return Platform::WindowsPhoneApp,
                _ => {}
            }
        }
        let guids = lower(signals.project_type_guids).unwrap_or_default();
        if let Some((_, platform)) = FLAVOURS.iter().find(|(guid, _)| guids.contains(guid)) {
            return *platform;
        }
        if profile.as_deref().is_some_and(|p| p.starts_with("profile")) {
            return Platform::Portable;
        }
        if windows_phone_profile {
            return Platform::WindowsPhoneSilverlight;
        }
        if lower(signals.output_type).as_deref() == Some("appcontainerexe") {
            return store_platform(platform_identifier.as_deref());
        }
        for import in &signals.imports {
            let import = import.to_ascii_lowercase().replace('\\', "/");
            if let Some((_, platform)) = IMPORTS.iter().find(|(part, _)| import.contains(part)) {
                return *platform;
            }
            // `Microsoft.Windows.UI.Xaml.CSharp.targets`: UWP or Windows 8.x Store.
            if import.contains("microsoft.windows.ui.xaml.") {
                return store_platform(platform_identifier.as_deref());
            }
        }
        Platform::NetFramework
    }

    pub fn is_net_framework(self) -> bool {
        self == Platform::NetFramework
    }

    /// Libraries whose host decides their runtime (PCLs, like `netstandard`).
    pub fn host_decides(self) -> bool {
        matches!(self, Platform::Portable | Platform::NetStandard)
    }

    /// How users know the target: `xamarin.ios`, `monoandroid2.3`, `uap10.0.16299`,
    /// `portable-Profile78`, `sl4`, `netmf4.3` — never a .NET Framework version.
    pub fn label(self, signals: &Signals) -> String {
        let version = signals
            .target_framework_version
            .map(|v| v.trim().trim_start_matches(['v', 'V']).to_owned())
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'));
        let platform_version = signals
            .target_platform_version
            .map(|v| v.trim().trim_end_matches(".0").to_owned())
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'));
        let with = |prefix: &str, version: Option<String>| match version {
            Some(v) => format!("{prefix}{v}"),
            None => prefix.to_owned(),
        };
        let major = |v: Option<String>| v.and_then(|v| v.split('.').next().map(str::to_owned));
        match self {
            Platform::NetFramework => with("net", version),
            Platform::XamarinAndroid => with("monoandroid", version),
            Platform::XamarinIos => "xamarin.ios".to_owned(),
            Platform::MonoTouch => "monotouch".to_owned(),
            Platform::XamarinMac => "xamarin.mac".to_owned(),
            Platform::XamarinTvos => "xamarin.tvos".to_owned(),
            Platform::XamarinWatchos => "xamarin.watchos".to_owned(),
            Platform::Portable => match signals.target_framework_profile.map(str::trim) {
                Some(profile) if !profile.is_empty() => format!("portable-{profile}"),
                _ => "portable".to_owned(),
            },
            Platform::Uwp => with("uap", platform_version),
            Platform::WindowsStore => match platform_version.as_deref() {
                Some("8.1") => "win81".to_owned(),
                _ => "win8".to_owned(),
            },
            Platform::WindowsPhoneApp => "wpa81".to_owned(),
            Platform::WindowsPhoneSilverlight => {
                let profile = signals
                    .target_framework_profile
                    .map(|p| p.trim().to_ascii_lowercase())
                    .unwrap_or_default();
                // With `TargetFrameworkIdentifier` `WindowsPhone` the version is the phone's
                // own (`v8.0`, `v8.1`: NuGet's `wp8`, `wp81`); with `Silverlight` it is
                // Silverlight's (`v4.0`) and the profile names the phone (`WindowsPhone71`).
                let phone_identifier = signals
                    .target_framework_identifier
                    .is_some_and(|i| i.trim().eq_ignore_ascii_case("windowsphone"));
                match (profile.strip_prefix("windowsphone"), version.as_deref()) {
                    (Some("71"), _) => "wp71".to_owned(),
                    (Some(rest), _) if rest.starts_with('8') => format!("wp{rest}"),
                    (_, Some(v)) if phone_identifier && v.starts_with("8.") && v != "8.0" => {
                        format!("wp{}", v.replace('.', ""))
                    }
                    _ => "wp8".to_owned(),
                }
            }
            Platform::Silverlight => with("sl", major(version)),
            Platform::MicroFramework => with("netmf", version),
            Platform::CompactFramework => with("netcf", version),
            Platform::NetStandard => with("netstandard", version),
            Platform::NetCoreApp => with("netcoreapp", version),
        }
    }
}

/// `.NETCore` projects (and `AppContainerExe` ones) are Windows Store apps: UWP for `UAP`,
/// Windows Phone 8.1 for `WindowsPhoneApp`, Windows 8.x otherwise.
fn store_platform(platform_identifier: Option<&str>) -> Platform {
    match platform_identifier {
        Some("uap") => Platform::Uwp,
        Some("windowsphoneapp") => Platform::WindowsPhoneApp,
        _ => Platform::WindowsStore,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(signals: Signals) -> (Platform, String) {
        let platform = Platform::of(&signals);
        (platform, platform.label(&signals))
    }

    #[test]
    fn a_project_without_other_signals_is_net_framework() {
        let (platform, label) = decide(Signals {
            target_framework_version: Some("v4.5.2"),
            output_type: Some("Exe"),
            imports: vec!["$(MSBuildToolsPath)\\Microsoft.CSharp.targets"],
            ..Signals::default()
        });
        assert_eq!(
            (platform, label.as_str()),
            (Platform::NetFramework, "net4.5.2")
        );
        let wpf = Signals {
            project_type_guids: Some(
                "{60dc8134-eba5-43b8-bcc9-bb4bc16c2548};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}",
            ),
            ..Signals::default()
        };
        assert_eq!(Platform::of(&wpf), Platform::NetFramework);
        let explicit = Signals {
            target_framework_identifier: Some(".NETFramework"),
            ..Signals::default()
        };
        assert_eq!(Platform::of(&explicit), Platform::NetFramework);
    }

    #[test]
    fn xamarin_projects_by_flavour_identifier_or_import() {
        let ios = Signals {
            target_framework_version: Some("v1.0"),
            output_type: Some("Exe"),
            project_type_guids: Some(
                "{FEACFBD2-3405-455C-9665-78FE426C6842};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}",
            ),
            ..Signals::default()
        };
        assert_eq!(
            decide(ios),
            (Platform::XamarinIos, "xamarin.ios".to_owned())
        );
        let android = Signals {
            target_framework_version: Some("v2.3"),
            imports: vec!["$(MSBuildExtensionsPath)\\Novell\\Novell.MonoDroid.CSharp.targets"],
            ..Signals::default()
        };
        assert_eq!(
            decide(android),
            (Platform::XamarinAndroid, "monoandroid2.3".to_owned())
        );
        let android = Signals {
            target_framework_identifier: Some("MonoAndroid"),
            target_framework_version: Some("v4.0.3"),
            ..Signals::default()
        };
        assert_eq!(
            decide(android),
            (Platform::XamarinAndroid, "monoandroid4.0.3".to_owned())
        );
        let mac = Signals {
            imports: vec!["$(MSBuildExtensionsPath)\\Xamarin\\Mac\\Xamarin.Mac.CSharp.targets"],
            ..Signals::default()
        };
        assert_eq!(Platform::of(&mac), Platform::XamarinMac);
    }

    #[test]
    fn windows_store_phone_and_uwp() {
        let uwp = Signals {
            target_platform_identifier: Some("UAP"),
            target_platform_version: Some("10.0.16299.0"),
            output_type: Some("AppContainerExe"),
            ..Signals::default()
        };
        assert_eq!(decide(uwp), (Platform::Uwp, "uap10.0.16299".to_owned()));
        let bare = Signals {
            output_type: Some("AppContainerExe"),
            ..Signals::default()
        };
        assert_eq!(Platform::of(&bare), Platform::WindowsStore);
        let phone = Signals {
            target_framework_identifier: Some("WindowsPhoneApp"),
            target_framework_version: Some("8.1"),
            target_platform_identifier: Some("WindowsPhoneApp"),
            ..Signals::default()
        };
        assert_eq!(
            decide(phone),
            (Platform::WindowsPhoneApp, "wpa81".to_owned())
        );
        let store = Signals {
            target_framework_identifier: Some(".NETCore"),
            target_platform_identifier: Some("Windows"),
            target_platform_version: Some("8.1"),
            ..Signals::default()
        };
        assert_eq!(decide(store), (Platform::WindowsStore, "win81".to_owned()));
    }

    #[test]
    fn an_explicit_identifier_or_profile_wins_over_a_framework_like_version() {
        let phone = Signals {
            target_framework_identifier: Some("Silverlight"),
            target_framework_version: Some("v4.0"),
            target_framework_profile: Some("WindowsPhone71"),
            ..Signals::default()
        };
        assert_eq!(
            decide(phone),
            (Platform::WindowsPhoneSilverlight, "wp71".to_owned())
        );
        // Windows Phone 8.1 Silverlight names the phone's version itself (Xamarin.Auth).
        let wp81 = Signals {
            target_framework_identifier: Some("WindowsPhone"),
            target_framework_version: Some("v8.1"),
            ..Signals::default()
        };
        assert_eq!(
            decide(wp81),
            (Platform::WindowsPhoneSilverlight, "wp81".to_owned())
        );
        let wp8 = Signals {
            target_framework_identifier: Some("WindowsPhone"),
            target_framework_version: Some("v8.0"),
            ..Signals::default()
        };
        assert_eq!(
            decide(wp8),
            (Platform::WindowsPhoneSilverlight, "wp8".to_owned())
        );
        // Only the `WindowsPhone` identifier makes the version the phone's.
        let silverlight_phone = Signals {
            target_framework_identifier: Some("Silverlight"),
            target_framework_version: Some("v8.1"),
            target_framework_profile: Some("WindowsPhone"),
            ..Signals::default()
        };
        assert_eq!(
            decide(silverlight_phone),
            (Platform::WindowsPhoneSilverlight, "wp8".to_owned())
        );
        let pcl = Signals {
            target_framework_version: Some("v4.5"),
            target_framework_profile: Some("Profile78"),
            ..Signals::default()
        };
        assert_eq!(
            decide(pcl),
            (Platform::Portable, "portable-Profile78".to_owned())
        );
        let silverlight = Signals {
            target_framework_identifier: Some("Silverlight"),
            target_framework_version: Some("v4.0"),
            ..Signals::default()
        };
        assert_eq!(
            decide(silverlight),
            (Platform::Silverlight, "sl4".to_owned())
        );
        let netmf = Signals {
            target_framework_version: Some("v4.3"),
            project_type_guids: Some(
                "{b69e3092-b931-443c-abe7-7e7b65f2a37f};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}",
            ),
            ..Signals::default()
        };
        assert_eq!(
            decide(netmf),
            (Platform::MicroFramework, "netmf4.3".to_owned())
        );
        // A client profile is still .NET Framework.
        let client = Signals {
            target_framework_version: Some("v4.0"),
            target_framework_profile: Some("Client"),
            ..Signals::default()
        };
        assert_eq!(Platform::of(&client), Platform::NetFramework);
    }
}
