//! The project model: which files form which project, what kind of application each project
//! is, which target frameworks decide its runtime defaults, and which TLS 1.2 opt-ins it has
//! (DESIGN.md §1, domain.md §2.1, §4.7, §5).
//!
//! A project is a project file plus the files below its folder that belong to no nested
//! project; config files beside it belong to it; `Directory.Build.props` files above it are
//! evaluated before it. Files outside any project have an unknown target.

pub mod condition;
#[cfg(test)]
mod conditional_tests;
pub mod evaluate;
pub mod members;
pub mod platform;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use self::evaluate::{Evaluation, ListItem, Origin, normalize};
use self::platform::{Platform, Signals};
use crate::facts::{FileFacts, RegistryData, Sink, Span, SwitchOrigin, WriteOp};
use crate::lang::FileKind;
use crate::lang::registry::normalize_key;
use crate::protocol::MODERN_BITS;
use crate::target::{FrameworkVersion, Target, Tfm};

/// A file as the model sees it.
pub struct ModelFile<'a> {
    /// Absolute, lexically normalised path.
    pub path: &'a Path,
    pub kind: FileKind,
    pub facts: &'a FileFacts,
}

/// What a project builds, as far as TLS defaults go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectKind {
    /// A console app, WinForms/WPF app or Windows service (`OutputType` Exe or WinExe).
    Exe,
    /// An ASP.NET application (System.Web: root `web.config` with `<system.web>`, web project
    /// type GUIDs, `MSBuild.SDK.SystemWeb`) or ASP.NET Core on .NET Framework. A web project
    /// inside another System.Web application's folder is part of that application (a module)
    /// and counts as a library.
    Web,
    /// A class library.
    Library,
    /// A test project (named like one, `<IsTestProject>true`, the test project type, or a
    /// reference to a test framework), even with `OutputType Exe`: its code runs under a test
    /// runner, so it is never an application for TLS006, and what it sets is test code.
    Test,
}

impl ProjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectKind::Exe => "exe",
            ProjectKind::Web => "web",
            ProjectKind::Library => "library",
            ProjectKind::Test => "test",
        }
    }

    pub fn is_application(self) -> bool {
        matches!(self, ProjectKind::Exe | ProjectKind::Web)
    }
}

/// How an effective target was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetSource {
    /// A TFM of the project (`TargetFrameworkVersion`, `TargetFramework(s)`).
    ProjectTfm,
    /// `<httpRuntime targetFramework>` of the root `web.config`.
    HttpRuntime,
    /// A System.Web `web.config` without `<httpRuntime targetFramework>`: 4.0 quirks.
    QuirksMode,
    /// An old-style project without any target framework: MSBuild's default, 4.0.
    NoTfm,
    /// `<supportedRuntime sku>` of the app config, when the project names no target.
    SupportedRuntime,
}

/// A target framework that decides the runtime defaults of an application (or, for a
/// library, one it is built for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EffectiveTarget {
    /// How users know it: `net45`, `v4.5`, `netstandard2.0`, `4.5 (httpRuntime)`.
    pub label: String,
    pub target: Target,
    pub source: TargetSource,
    /// Where it is set: TLS006 is reported there.
    pub location: Option<Origin>,
    /// A library for any host (`netstandard`, a portable library): the host's target decides,
    /// so it is no "lowest target" of a repository.
    pub host_decides: bool,
}

impl EffectiveTarget {
    /// The target a repository inventory compares: .NET Framework and modern .NET only.
    pub fn inventory_target(&self) -> Target {
        match self.target {
            _ if self.host_decides => Target::Unknown,
            Target::Platform => Target::Unknown,
            target => target,
        }
    }
}

/// A TLS 1.2 opt-in (domain.md §5.1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptIn {
    pub file: usize,
    pub span: Span,
    /// `DontEnableSystemDefaultTlsVersions=false` (or `SystemDefaultTlsVersions=1`): the OS
    /// default is enabled, so `SystemDefault` does not throw.
    pub enables_system_default: bool,
}

/// One project.
#[derive(Clone, Debug)]
pub struct Project {
    /// The project file, or `None` for an ASP.NET Web Site (a folder with a `web.config`).
    pub file: Option<usize>,
    pub folder: PathBuf,
    pub kind: ProjectKind,
    /// What it builds for: .NET Framework unless a signal names another platform.
    pub platform: Platform,
    /// The root `web.config` (beside the project file).
    pub web_config: Option<usize>,
    /// For applications: each target that decides runtime defaults. For libraries: each
    /// target the library is built for.
    pub targets: Vec<EffectiveTarget>,
    /// The target that code in the project is checked against: the lowest one.
    pub check_target: Target,
    /// Opt-ins that count for this project (its own code and config, and machine-level
    /// settings shipped in the repository).
    pub opt_ins: Vec<OptIn>,
    /// Target frameworks that are not literal target properties of their own (they come
    /// through `$(Property)` indirection, sit in a value that mixes both, or are set under a
    /// `Condition`), with the place the value is written: TLS005 reports them there.
    pub indirect_targets: Vec<IndirectTarget>,
}

/// A .NET Framework target of a project that its own file does not declare unconditionally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndirectTarget {
    /// Where the value is written.
    pub origin: Origin,
    pub version: FrameworkVersion,
    /// From `TargetFrameworkVersion` (`v4.5`) rather than a TFM (`net45`).
    pub is_version: bool,
    /// The conditions it is set under, as messages name them.
    pub condition: Option<String>,
}

impl Project {
    pub fn enables_system_default(&self) -> bool {
        self.opt_ins.iter().any(|o| o.enables_system_default)
    }
}

/// The projects of a scan and which file belongs to which.
#[derive(Debug, Default)]
pub struct ProjectModel {
    pub projects: Vec<Project>,
    /// For each file, the project whose target its code is checked against: of the projects
    /// that own it, the one with the lowest target.
    pub membership: Vec<Option<usize>>,
    /// For each file, every project that owns it (a file compiled by several projects, a
    /// folder's `App.config` shared by its project files); its findings count in each.
    pub owners: Vec<Vec<usize>>,
}

/// Web project type GUIDs: Web Application Projects and Web Site projects.
const WEB_PROJECT_GUIDS: [&str; 2] = [
    "{349c5851-65df-11da-9384-00065b846f21}",
    "{e24c65dc-7377-472b-9aba-bc803b73c61a}",
];

/// The two switches whose `false` value is a TLS 1.2 opt-in.
pub const OPT_IN_SWITCHES: [&str; 2] = [
    "Switch.System.Net.DontEnableSystemDefaultTlsVersions",
    "Switch.System.Net.DontEnableSchUseStrongCrypto",
];

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Whether an MSBuild project file is a `Microsoft.Build.Traversal` project (`dirs.proj`, or a
/// `Build.csproj` at a repository's root): it builds the projects it lists and compiles nothing,
/// so it is no project of its own, has no target and owns no file. The SDK may carry a version
/// (`Microsoft.Build.Traversal/4.1.0`) and share the attribute with others (`A;B`).
fn is_traversal(facts: &FileFacts) -> bool {
    facts
        .msbuild
        .as_ref()
        .and_then(|m| m.sdk.as_deref())
        .is_some_and(|sdk| {
            sdk.split(';').any(|part| {
                part.split('/')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .eq_ignore_ascii_case("microsoft.build.traversal")
            })
        })
}

impl ProjectModel {
    pub fn build(files: &[ModelFile]) -> ProjectModel {
        // What imports can reach: MSBuild files (anything imported is read as one).
        let by_path: HashMap<&Path, usize> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == FileKind::MsBuild)
            .map(|(i, f)| (f.path, i))
            .collect();
        // Project files, sorted by path.
        let mut project_files: Vec<usize> = (0..files.len())
            .filter(|&i| {
                files[i].kind == FileKind::MsBuild
                    && FileKind::is_project_file(files[i].path)
                    && !is_traversal(files[i].facts)
            })
            .collect();
        project_files.sort_by(|&a, &b| files[a].path.cmp(files[b].path));
        let mut model = ProjectModel {
            projects: Vec::new(),
            membership: vec![None; files.len()],
            owners: Vec::new(),
        };
        for &file in &project_files {
            let folder = files[file]
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            model.projects.push(Project {
                file: Some(file),
                folder,
                kind: ProjectKind::Library,
                platform: Platform::NetFramework,
                web_config: None,
                targets: Vec::new(),
                check_target: Target::Unknown,
                opt_ins: Vec::new(),
                indirect_targets: Vec::new(),
            });
        }
        let project_refs: Vec<members::ProjectFile> = model
            .projects
            .iter()
            .filter_map(|p| {
                Some(members::ProjectFile {
                    file: p.file?,
                    folder: &p.folder,
                })
            })
            .collect();
        model.owners = members::assign(files, &project_refs, &by_path);
        for (i, owners) in model.owners.iter().enumerate() {
            model.membership[i] = owners.first().copied();
        }
        model.add_web_sites(files);

        let props_by_folder: HashMap<PathBuf, usize> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.kind == FileKind::MsBuild && file_name(f.path) == "directory.build.props"
            })
            .filter_map(|(i, f)| Some((f.path.parent()?.to_path_buf(), i)))
            .collect();
        let machine_opt_ins = machine_opt_ins(files);

        let mut members: Vec<Vec<usize>> = vec![Vec::new(); model.projects.len()];
        for (i, owners) in model.owners.iter().enumerate() {
            for &project in owners {
                members[project].push(i);
            }
        }
        // Outer projects first: a web project inside a System.Web application's folder (an
        // Orchard module, an MVC area project) is part of that application, and its web.config
        // is a nested one.
        let mut order: Vec<usize> = (0..model.projects.len()).collect();
        order.sort_by_key(|&i| (model.projects[i].folder.components().count(), i));
        let mut web_app_folders: Vec<PathBuf> = Vec::new();
        for index in order {
            let members = &members[index];
            let project = &mut model.projects[index];
            let nested_in_web_app = project
                .folder
                .ancestors()
                .skip(1)
                .any(|f| web_app_folders.iter().any(|w| w == f));
            project.web_config = members.iter().copied().find(|&i| {
                files[i].kind == FileKind::Config
                    && file_name(files[i].path) == "web.config"
                    && files[i].path.parent() == Some(project.folder.as_path())
            });
            if nested_in_web_app {
                project.web_config = None;
            }
            match project.file {
                Some(file) => {
                    let chain = directory_build_props(files, &props_by_folder, &project.folder);
                    let evaluation = Evaluation::run(files, &by_path, &chain, file);
                    resolve_project(project, files, members, &evaluation, nested_in_web_app);
                    if project.kind != ProjectKind::Web
                        && is_test_project(files[file].path, files[file].facts, &evaluation)
                    {
                        project.kind = ProjectKind::Test;
                    }
                }
                None => resolve_web_site(project, files),
            }
            if project.kind == ProjectKind::Web && project.web_config.is_some() {
                web_app_folders.push(project.folder.clone());
            }
            project.opt_ins = opt_ins(project, files, members);
            project.opt_ins.extend(machine_opt_ins.iter().cloned());
        }
        // Code compiled by several projects must work on the oldest of them.
        for (i, owners) in model.owners.iter().enumerate() {
            if owners.len() < 2 {
                continue;
            }
            let lowest = owners.iter().fold(Target::Unknown, |lowest, &p| {
                lowest.lowest(model.projects[p].check_target)
            });
            if let Some(&p) = owners
                .iter()
                .find(|&&p| model.projects[p].check_target == lowest)
            {
                model.membership[i] = Some(p);
            }
        }
        model
    }

    /// ASP.NET Web Site projects have no project file: a System.Web `web.config` outside any
    /// project is the root of one (unless it sits below another such folder, or in `Views`).
    fn add_web_sites(&mut self, files: &[ModelFile]) {
        let mut roots: Vec<usize> = (0..files.len())
            .filter(|&i| self.membership[i].is_none())
            .filter(|&i| {
                let file = &files[i];
                let config = file.facts.config.as_ref();
                file.kind == FileKind::Config
                    && file_name(file.path) == "web.config"
                    && config.is_some_and(|c| c.system_web.is_some() && !c.asp_net_core)
                    && !file
                        .path
                        .components()
                        .any(|c| c.as_os_str().eq_ignore_ascii_case("views"))
            })
            .collect();
        roots.sort_by_key(|&i| files[i].path.components().count());
        let mut folders: Vec<(PathBuf, usize)> = Vec::new();
        for root in roots {
            let folder = files[root]
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            if folders.iter().any(|(f, _)| folder.starts_with(f)) {
                continue;
            }
            let index = self.projects.len();
            self.projects.push(Project {
                file: None,
                folder: folder.clone(),
                kind: ProjectKind::Web,
                platform: Platform::NetFramework,
                web_config: Some(root),
                targets: Vec::new(),
                check_target: Target::Unknown,
                opt_ins: Vec::new(),
                indirect_targets: Vec::new(),
            });
            folders.push((folder, index));
        }
        for (i, file) in files.iter().enumerate() {
            if self.membership[i].is_none() {
                self.membership[i] = folders
                    .iter()
                    .find(|(folder, _)| file.path.starts_with(folder))
                    .map(|(_, p)| *p);
                self.owners[i] = self.membership[i].into_iter().collect();
            }
        }
    }

    /// The project a file belongs to.
    pub fn project_of(&self, file: usize) -> Option<&Project> {
        self.membership
            .get(file)
            .copied()
            .flatten()
            .map(|p| &self.projects[p])
    }
}

/// The `Directory.Build.props` files that apply to a project folder, outermost first: the
/// nearest one above it, and its parents while each imports the next (the documented
/// `GetPathOfFileAbove` pattern).
fn directory_build_props(
    files: &[ModelFile],
    by_folder: &HashMap<PathBuf, usize>,
    folder: &Path,
) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut search = Some(folder.to_path_buf());
    while let Some(start) = search.take() {
        let Some((found_folder, file)) = start
            .ancestors()
            .find_map(|f| by_folder.get(f).map(|&i| (f.to_path_buf(), i)))
        else {
            break;
        };
        chain.push(file);
        let imports_parent = files[file].facts.msbuild.as_ref().is_some_and(|m| {
            m.steps.iter().any(|step| {
                matches!(step, crate::facts::MsBuildStep::Import { project, .. } if project.to_ascii_lowercase().contains("directory.build.props"))
            })
        });
        if imports_parent {
            search = found_folder.parent().map(Path::to_path_buf);
        }
    }
    chain.reverse();
    chain
}

/// The target properties, in the order that decides which one a build uses.
const TARGET_ORDER: [&str; 3] = [
    "targetframeworks",
    "targetframework",
    "targetframeworkversion",
];

/// Kind, targets and indirect targets of a project with a project file.
fn resolve_project(
    project: &mut Project,
    files: &[ModelFile],
    members: &[usize],
    evaluation: &Evaluation,
    nested_in_web_app: bool,
) {
    let Some(file) = project.file else { return };
    let msbuild = files[file].facts.msbuild.clone().unwrap_or_default();
    let sdk = msbuild.sdk.clone().unwrap_or_default().to_ascii_lowercase();
    let output_type = evaluation
        .text("outputtype")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let guids = evaluation
        .text("projecttypeguids")
        .unwrap_or_default()
        .to_ascii_lowercase();

    // A legacy project's platform comes first: its `TargetFrameworkVersion` is a .NET Framework
    // version only on .NET Framework (domain.md §4.9).
    if msbuild.sdk.is_none() {
        let text = |name: &str| evaluation.text(name);
        let (identifier, platform_identifier, platform_version, profile, version) = (
            text("targetframeworkidentifier"),
            text("targetplatformidentifier"),
            text("targetplatformversion"),
            text("targetframeworkprofile"),
            text("targetframeworkversion"),
        );
        let signals = Signals {
            target_framework_identifier: identifier.as_deref(),
            target_platform_identifier: platform_identifier.as_deref(),
            target_platform_version: platform_version.as_deref(),
            target_framework_profile: profile.as_deref(),
            target_framework_version: version.as_deref(),
            project_type_guids: Some(guids.as_str()),
            output_type: Some(output_type.as_str()),
            imports: msbuild
                .steps
                .iter()
                .filter_map(|step| match step {
                    crate::facts::MsBuildStep::Import { project, .. } => Some(project.as_str()),
                    crate::facts::MsBuildStep::Property(_) => None,
                })
                .collect(),
        };
        project.platform = Platform::of(&signals);
        if !project.platform.is_net_framework() {
            resolve_other_platform(project, &signals, evaluation, &msbuild, file, &output_type);
            return;
        }
    }

    // Target frameworks: TargetFrameworks drives multi-targeting, then TargetFramework, then the
    // old-style TargetFrameworkVersion. Every value some build sees is a target: a property that
    // only some builds set (`'$(Configuration)' == 'Debug'`) leaves the next one to the others.
    let mut items: Vec<(ListItem, bool)> = Vec::new();
    for name in TARGET_ORDER {
        let is_version = name == "targetframeworkversion";
        for item in evaluation.all_lists(name) {
            let seen = items
                .iter()
                .any(|(i, _)| i.text.eq_ignore_ascii_case(&item.text));
            if !seen {
                items.push((item, is_version));
            }
        }
        if evaluation.is_definite(name) {
            break;
        }
    }
    let mut tfms: Vec<(Tfm, Option<Origin>, String, bool)> = Vec::new();
    for (item, is_version) in items.iter().filter(|(item, _)| item.resolved) {
        let tfm = if *is_version {
            FrameworkVersion::parse_dotted(&item.text).map_or(Tfm::Other, Tfm::Framework)
        } else {
            Tfm::parse(&item.text)
        };
        tfms.push((tfm, item.origin.clone(), item.text.clone(), *is_version));
        // Values that came through `$(Property)` or under a condition are reported where they
        // are written (literal target properties are reported by TLS005 on their own file
        // already).
        if let (Tfm::Framework(version), Some(origin)) = (tfm, &item.origin)
            && !files[origin.0]
                .facts
                .targets
                .iter()
                .any(|t| t.span == origin.1)
        {
            project.indirect_targets.push(IndirectTarget {
                origin: origin.clone(),
                version,
                is_version: *is_version,
                condition: item.condition.clone(),
            });
        }
    }
    let no_target_at_all = TARGET_ORDER
        .iter()
        .all(|name| !evaluation.is_defined(name) && !evaluation.is_undecided(name));
    let has_framework = tfms
        .iter()
        .any(|(tfm, ..)| matches!(tfm, Tfm::Framework(_)));

    let web_config = project
        .web_config
        .and_then(|i| files[i].facts.config.as_ref().map(|c| (i, c)));
    let system_web = web_config.filter(|(_, c)| c.system_web.is_some() && !c.asp_net_core);
    let web_sdk = sdk.starts_with("microsoft.net.sdk.web");
    let web_project = system_web.is_some()
        || WEB_PROJECT_GUIDS.iter().any(|g| guids.contains(g))
        || sdk.starts_with("msbuild.sdk.systemweb")
        || (web_sdk && has_framework);
    project.kind = if web_project && !nested_in_web_app {
        ProjectKind::Web
    } else if matches!(output_type.as_str(), "exe" | "winexe" | "appcontainerexe")
        || ((web_sdk || sdk.starts_with("microsoft.net.sdk.worker")) && output_type.is_empty())
    {
        ProjectKind::Exe
    } else {
        ProjectKind::Library
    };

    project.targets = if let Some((config_file, config)) = system_web {
        // ASP.NET takes the target from web.config, whatever the project says.
        web_config_target(config_file, config).into_iter().collect()
    } else {
        // A TFM names its platform itself: `monoandroid81`, `uap10.0`, `portable-net45+win8`
        // are targets too, just not .NET Framework ones. A version no .NET Framework was
        // released as (`v4.9`, `v10.0`) is an unknown target, not a guess.
        let mut targets: Vec<EffectiveTarget> = tfms
            .iter()
            .map(|(tfm, origin, text, is_version)| EffectiveTarget {
                label: if *is_version && *tfm == Tfm::Other {
                    format!("{} (not a .NET Framework version)", text.trim())
                } else {
                    text.clone()
                },
                target: match tfm {
                    Tfm::Other if *is_version => Target::Unknown,
                    Tfm::Other => Target::Platform,
                    tfm => tfm.as_target(),
                },
                source: TargetSource::ProjectTfm,
                location: origin.clone(),
                host_decides: matches!(tfm, Tfm::Standard(..))
                    || text.trim().to_ascii_lowercase().starts_with("portable"),
            })
            .collect();
        if targets.is_empty() && no_target_at_all && msbuild.sdk.is_none() {
            // Old-style projects default to v4.0 when they name no version.
            targets.push(EffectiveTarget {
                label: "none (MSBuild default v4.0)".to_owned(),
                target: Target::Framework(FrameworkVersion::V4_0),
                source: TargetSource::NoTfm,
                location: msbuild.project_tag.clone().map(|span| (file, span)),
                host_decides: false,
            });
        }
        if targets.is_empty() {
            targets.extend(supported_runtime_target(files, members));
        }
        targets
    };
    project.check_target = project
        .targets
        .iter()
        .fold(Target::Unknown, |lowest, t| lowest.lowest(t.target));
}

/// Test framework packages (`PackageReference`, lower case).
const TEST_PACKAGES: [&str; 9] = [
    "microsoft.net.test.sdk",
    "xunit",
    "xunit.core",
    "nunit",
    "nunitlite",
    "mstest.testframework",
    "mstest.testadapter",
    "mstest",
    "mstest.sdk",
];

/// Test framework assemblies (`Reference`, lower case, before any `, Version=…`). Xamarin
/// ships NUnitLite runners of its own: a device test app references `MonoTouch.NUnitLite`
/// (Xamarin.iOS) or `Xamarin.Android.NUnitLite` and is an `Exe` (or Android application).
const TEST_ASSEMBLIES: [&str; 8] = [
    "nunit.framework",
    "nunitlite",
    "monotouch.nunitlite",
    "xamarin.android.nunitlite",
    "xunit",
    "xunit.core",
    "microsoft.visualstudio.qualitytools.unittestframework",
    "microsoft.visualstudio.testplatform.testframework",
];

/// The legacy test project type GUID.
const TEST_PROJECT_GUID: &str = "{3ac096d0-a1c2-e12c-1390-a8335801fdab}";

/// Whether a project is a test project: named like one (`*.Tests`), `<IsTestProject>true`,
/// the test project type, or a reference to a test framework (an NUnitLite runner is an `Exe`).
fn is_test_project(path: &Path, facts: &FileFacts, evaluation: &Evaluation) -> bool {
    let named = path
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(crate::verdict::is_test_name);
    let flagged = evaluation
        .text("istestproject")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    let typed = evaluation
        .text("projecttypeguids")
        .is_some_and(|g| g.to_ascii_lowercase().contains(TEST_PROJECT_GUID));
    let references = facts.msbuild.as_ref().is_some_and(|m| {
        m.items.iter().any(|item| {
            let Some(include) = &item.include else {
                return false;
            };
            let name = include
                .split(',')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            match item.kind.as_str() {
                "packagereference" => TEST_PACKAGES.contains(&name.as_str()),
                "reference" => TEST_ASSEMBLIES.contains(&name.as_str()),
                _ => false,
            }
        })
    });
    named || flagged || typed || references
}

/// Kind and target of a legacy project for another platform: named for what it is, never a
/// .NET Framework version, and never "MSBuild defaults to 4.0".
fn resolve_other_platform(
    project: &mut Project,
    signals: &Signals,
    evaluation: &Evaluation,
    msbuild: &crate::facts::MsBuildFacts,
    file: usize,
    output_type: &str,
) {
    let label = project.platform.label(signals);
    let target = match project.platform {
        Platform::NetStandard => Tfm::parse(&label).as_target(),
        Platform::NetCoreApp => Target::Modern,
        _ => Target::Platform,
    };
    // Android and Silverlight apps are `Library` outputs that their platform packages as apps.
    let flag = |name: &str| {
        evaluation
            .text(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    };
    project.kind = if matches!(output_type, "exe" | "winexe" | "appcontainerexe")
        || flag("androidapplication")
        || flag("silverlightapplication")
    {
        ProjectKind::Exe
    } else {
        ProjectKind::Library
    };
    let location = evaluation
        .list("targetframeworkversion")
        .into_iter()
        .find_map(|item| item.origin)
        .or_else(|| msbuild.project_tag.clone().map(|span| (file, span)));
    project.targets = vec![EffectiveTarget {
        label,
        target,
        source: TargetSource::ProjectTfm,
        location,
        host_decides: project.platform.host_decides(),
    }];
    project.check_target = target;
}

const QUIRKS_LABEL: &str = "4.0 quirks mode (no httpRuntime targetFramework)";

/// The effective target of a System.Web application from its root `web.config`.
fn web_config_target(file: usize, config: &crate::facts::ConfigFacts) -> Option<EffectiveTarget> {
    match &config.http_runtime {
        Some((tag, Some((value, _)))) => {
            FrameworkVersion::parse_dotted(value).map(|version| EffectiveTarget {
                label: format!("{value} (httpRuntime)"),
                target: Target::Framework(version),
                source: TargetSource::HttpRuntime,
                location: Some((file, tag.clone())),
                host_decides: false,
            })
        }
        Some((tag, None)) => Some(EffectiveTarget {
            label: QUIRKS_LABEL.to_owned(),
            target: Target::Framework(FrameworkVersion::V4_0),
            source: TargetSource::QuirksMode,
            location: Some((file, tag.clone())),
            host_decides: false,
        }),
        None => Some(EffectiveTarget {
            label: QUIRKS_LABEL.to_owned(),
            target: Target::Framework(FrameworkVersion::V4_0),
            source: TargetSource::QuirksMode,
            location: config.system_web.clone().map(|span| (file, span)),
            host_decides: false,
        }),
    }
}

fn resolve_web_site(project: &mut Project, files: &[ModelFile]) {
    if let Some(file) = project.web_config
        && let Some(config) = &files[file].facts.config
    {
        project.targets = web_config_target(file, config).into_iter().collect();
    }
    project.check_target = project
        .targets
        .iter()
        .fold(Target::Unknown, |lowest, t| lowest.lowest(t.target));
}

/// `<supportedRuntime sku>` in the project's app config, when the project names no target.
fn supported_runtime_target(files: &[ModelFile], members: &[usize]) -> Option<EffectiveTarget> {
    members.iter().find_map(|&i| {
        let file = &files[i];
        if file.kind != FileKind::Config
            || file
                .facts
                .config
                .as_ref()
                .is_some_and(|c| c.web_config || c.transform)
        {
            return None;
        }
        file.facts
            .targets
            .iter()
            .find_map(|decl| match Tfm::parse(&decl.value) {
                Tfm::Framework(version)
                    if decl.kind == crate::facts::TargetKind::SupportedRuntime =>
                {
                    Some(EffectiveTarget {
                        label: format!("{} (supportedRuntime)", decl.value),
                        target: Target::Framework(version),
                        source: TargetSource::SupportedRuntime,
                        location: Some((i, decl.span.clone())),
                        host_decides: false,
                    })
                }
                _ => None,
            })
    })
}

/// The opt-ins found in a project's own files (domain.md §5.1).
fn opt_ins(project: &Project, files: &[ModelFile], members: &[usize]) -> Vec<OptIn> {
    let mut out = Vec::new();
    for &i in members {
        let facts = files[i].facts;
        // Only the application's own code runs in its process (a script beside it does not);
        // scripts and .reg files count through their registry writes (machine-wide).
        let in_process = !matches!(files[i].kind, FileKind::PowerShell);
        for write in facts.writes.iter().filter(|_| in_process) {
            let additive_or_set = matches!(write.op, WriteOp::Set | WriteOp::Add);
            if write.sink == Sink::SecurityProtocol
                && additive_or_set
                && write.summary.bits & MODERN_BITS != 0
            {
                out.push(OptIn {
                    file: i,
                    span: write.value.clone(),
                    enables_system_default: false,
                });
            }
        }
        for switch in facts.switches.iter().filter(|_| in_process) {
            let (Some(name), Some(false)) = (&switch.name, switch.value) else {
                continue;
            };
            if !OPT_IN_SWITCHES.contains(&name.as_str()) {
                continue;
            }
            let counts = match switch.origin {
                SwitchOrigin::Code => true,
                // The CLR reads <AppContextSwitchOverrides> from an executable's config only
                // (never from a library's `Foo.dll.config`).
                SwitchOrigin::SwitchOverrides { in_web_config } => {
                    !in_web_config
                        && project.kind == ProjectKind::Exe
                        && files[i]
                            .facts
                            .config
                            .as_ref()
                            .is_some_and(|c| !c.transform && !c.library)
                }
                // ASP.NET turns these appSettings keys into switches, from the root web.config.
                SwitchOrigin::AppSettings { in_web_config } => {
                    in_web_config && project.web_config == Some(i)
                }
                SwitchOrigin::RuntimeConfig
                | SwitchOrigin::MsBuildItem
                | SwitchOrigin::Registry => false,
            };
            if counts {
                out.push(OptIn {
                    file: i,
                    span: switch.span.clone(),
                    enables_system_default: name == OPT_IN_SWITCHES[0],
                });
            }
        }
    }
    out
}

/// Machine-level opt-ins shipped in the repository: `.reg` files that set `SchUseStrongCrypto`
/// or `SystemDefaultTlsVersions` to 1, or the opt-in switches to false under the registry's
/// `AppContext` key. They count for every application in the scan.
fn machine_opt_ins(files: &[ModelFile]) -> Vec<OptIn> {
    let mut out = Vec::new();
    for (i, file) in files.iter().enumerate() {
        for value in &file.facts.registry {
            let key = normalize_key(&value.key);
            let framework_key = key.ends_with("\\MICROSOFT\\.NETFRAMEWORK\\V4.0.30319")
                || key.ends_with("\\MICROSOFT\\.NETFRAMEWORK\\V2.0.50727");
            let name = value.name.to_ascii_lowercase();
            let opt_in = match &value.data {
                RegistryData::Dword(1) if framework_key => match name.as_str() {
                    "schusestrongcrypto" => Some(false),
                    "systemdefaulttlsversions" => Some(true),
                    _ => None,
                },
                RegistryData::String(data)
                    if key.ends_with("\\MICROSOFT\\.NETFRAMEWORK\\APPCONTEXT")
                        && data.trim().eq_ignore_ascii_case("false") =>
                {
                    OPT_IN_SWITCHES
                        .iter()
                        .position(|s| s.eq_ignore_ascii_case(&value.name))
                        .map(|position| position == 0)
                }
                _ => None,
            };
            if let Some(enables_system_default) = opt_in {
                out.push(OptIn {
                    file: i,
                    span: value.span.clone(),
                    enables_system_default,
                });
            }
        }
    }
    out
}

/// Normalises a path for the model: absolute and lexically clean.
pub fn model_path(path: &Path) -> PathBuf {
    if !cfg!(windows)
        && path.is_absolute()
        && evaluate::is_normal(path.as_os_str().as_encoded_bytes())
    {
        return path.to_path_buf();
    }
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// [`model_path`] of a path relative to `cwd`, the process's working directory (so no
/// `getcwd` call per file), or absolute.
pub fn model_path_in(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() {
        model_path(path)
    } else {
        normalize(&cwd.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{FileKind, analyze_markup, csharp};

    /// Builds a model from `(path, text)` pairs, analysed as the scan would (also for
    /// `conditional_tests`).
    pub(super) fn model(files: &[(&str, &str)]) -> (ProjectModel, Vec<FileFacts>) {
        let facts: Vec<FileFacts> = files
            .iter()
            .map(|(path, text)| {
                let kind = FileKind::from_path(Path::new(path)).unwrap();
                match kind {
                    FileKind::CSharp => csharp::analyze(text, &[]).unwrap().facts,
                    _ => analyze_markup(
                        kind,
                        text,
                        Path::new(path).file_name().unwrap().to_str().unwrap(),
                    )
                    .unwrap(),
                }
            })
            .collect();
        let model_files: Vec<ModelFile> = files
            .iter()
            .zip(&facts)
            .map(|((path, _), facts)| ModelFile {
                path: Path::new(path),
                kind: FileKind::from_path(Path::new(path)).unwrap(),
                facts,
            })
            .collect();
        let model = ProjectModel::build(&model_files);
        (model, facts)
    }

    const OLD_EXE_45: &str = "<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup></Project>";

    fn framework(major: u32, minor: u32, patch: u32) -> Target {
        Target::Framework(FrameworkVersion::new(major, minor, patch))
    }

    #[test]
    fn test_projects_are_their_own_kind() {
        let nunitlite = "<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup><ItemGroup><Reference Include=\"nunitlite, Version=3.0.0.0, Culture=neutral\" /></ItemGroup></Project>";
        let sdk = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net452</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include=\"Microsoft.NET.Test.Sdk\" Version=\"17.0.0\" /></ItemGroup></Project>";
        let flagged = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net452</TargetFramework><IsTestProject>true</IsTestProject></PropertyGroup></Project>";
        let (m, _) = model(&[
            ("/r/Runner/Runner.csproj", nunitlite),
            ("/r/Checks/Checks.csproj", sdk),
            ("/r/Flagged/Flagged.csproj", flagged),
            ("/r/App.Tests/App.Tests.csproj", OLD_EXE_45),
            ("/r/App/App.csproj", OLD_EXE_45),
        ]);
        let kinds: Vec<ProjectKind> = m.projects.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            // Sorted by path: App, App.Tests, Checks, Flagged, Runner.
            [
                ProjectKind::Exe,
                ProjectKind::Test,
                ProjectKind::Test,
                ProjectKind::Test,
                ProjectKind::Test
            ]
        );
        assert!(!ProjectKind::Test.is_application());
    }

    #[test]
    fn traversal_projects_are_no_projects() {
        let traversal = "<Project Sdk=\"Microsoft.Build.Traversal/3.0.3\"><ItemGroup><ProjectReference Include=\"src/**/*.csproj\" /></ItemGroup></Project>";
        let library = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net461</TargetFramework></PropertyGroup></Project>";
        let no_targets = "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>";
        let (m, _) = model(&[
            ("/r/Build.csproj", traversal),
            ("/r/App.config", "<configuration />"),
            ("/r/src/Lib/Lib.csproj", library),
            ("/r/src/Lib/Net.cs", "class Net {}"),
            ("/r/pack/Pack.csproj", no_targets),
        ]);
        // Sorted by path: pack/Pack.csproj, src/Lib/Lib.csproj; a NoTargets project is one.
        let files: Vec<Option<usize>> = m.projects.iter().map(|p| p.file).collect();
        assert_eq!(files, [Some(4), Some(2)]);
        // The root's files belong to no project (the traversal project owned them).
        assert_eq!(m.membership[0], None);
        assert_eq!(m.membership[1], None);
        assert_eq!(m.membership[3], Some(1));
    }

    #[test]
    fn xamarin_nunitlite_runners_are_test_projects() {
        let ios = |reference: &str| {
            format!(
                "<Project><PropertyGroup><ProjectTypeGuids>{{FEACFBD2-3405-455C-9665-78FE426C6842}};{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}</ProjectTypeGuids><OutputType>Exe</OutputType></PropertyGroup><ItemGroup><Reference Include=\"{reference}\" /></ItemGroup></Project>"
            )
        };
        let android = "<Project><PropertyGroup><OutputType>Library</OutputType><AndroidApplication>True</AndroidApplication><TargetFrameworkVersion>v7.0</TargetFrameworkVersion></PropertyGroup><ItemGroup><Reference Include=\"Xamarin.Android.NUnitLite\" /></ItemGroup><Import Project=\"$(MSBuildExtensionsPath)\\Xamarin\\Android\\Xamarin.Android.CSharp.targets\" /></Project>";
        let runner = ios("MonoTouch.NUnitLite");
        let app = ios("MonoTouch.Dialog-1");
        let (m, _) = model(&[
            ("/r/Droid/Droid.csproj", android),
            ("/r/Ios/Ios.csproj", &app),
            ("/r/Runner/UnitTests.NUnit.XamarinIOS.csproj", &runner),
        ]);
        let kinds: Vec<ProjectKind> = m.projects.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [ProjectKind::Test, ProjectKind::Exe, ProjectKind::Test]
        );
    }

    #[test]
    fn other_platforms_are_never_net_framework_targets() {
        let ios = "<Project><PropertyGroup><ProjectTypeGuids>{FEACFBD2-3405-455C-9665-78FE426C6842};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}</ProjectTypeGuids><OutputType>Exe</OutputType></PropertyGroup></Project>";
        let android = "<Project><PropertyGroup><OutputType>Library</OutputType><AndroidApplication>True</AndroidApplication><TargetFrameworkVersion>v2.3</TargetFrameworkVersion></PropertyGroup><Import Project=\"$(MSBuildExtensionsPath)\\Xamarin\\Android\\Xamarin.Android.CSharp.targets\" /></Project>";
        let unknown = "<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworkVersion>v10.0</TargetFrameworkVersion></PropertyGroup></Project>";
        let (m, _) = model(&[
            ("/r/Android/Android.csproj", android),
            ("/r/Ios/Ios.csproj", ios),
            ("/r/Tool/Tool.csproj", unknown),
        ]);
        let rows: Vec<(Platform, ProjectKind, Vec<String>, Target)> = m
            .projects
            .iter()
            .map(|p| {
                let labels = p.targets.iter().map(|t| t.label.clone()).collect();
                (p.platform, p.kind, labels, p.check_target)
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    Platform::XamarinAndroid,
                    ProjectKind::Exe,
                    vec!["monoandroid2.3".to_owned()],
                    Target::Platform
                ),
                (
                    Platform::XamarinIos,
                    ProjectKind::Exe,
                    vec!["xamarin.ios".to_owned()],
                    Target::Platform
                ),
                (
                    Platform::NetFramework,
                    ProjectKind::Exe,
                    vec!["v10.0 (not a .NET Framework version)".to_owned()],
                    Target::Unknown
                ),
            ]
        );
    }

    #[test]
    fn exe_target_and_code_opt_in() {
        let (m, _) = model(&[
            ("/r/App/App.csproj", OLD_EXE_45),
            (
                "/r/App/Program.cs",
                "class P { static void Main() { System.Net.ServicePointManager.SecurityProtocol |= System.Net.SecurityProtocolType.Tls12; } }",
            ),
        ]);
        let project = &m.projects[0];
        assert_eq!(project.kind, ProjectKind::Exe);
        assert_eq!(project.check_target, framework(4, 5, 0));
        assert_eq!(project.opt_ins.len(), 1);
        assert_eq!(m.membership, [Some(0), Some(0)]);
    }

    #[test]
    fn web_application_uses_http_runtime_or_quirks_mode() {
        let wap = "<Project><PropertyGroup><ProjectTypeGuids>{349c5851-65df-11da-9384-00065b846f21};{fae04ec0-301f-11d3-bf4b-00c04f79efbc}</ProjectTypeGuids><TargetFrameworkVersion>v4.8</TargetFrameworkVersion></PropertyGroup></Project>";
        let (m, _) = model(&[
            ("/r/Site/Site.csproj", wap),
            (
                "/r/Site/Web.config",
                "<configuration><system.web><httpRuntime targetFramework=\"4.5.2\"/></system.web></configuration>",
            ),
        ]);
        assert_eq!(m.projects[0].kind, ProjectKind::Web);
        assert_eq!(m.projects[0].targets[0].target, framework(4, 5, 2));
        assert_eq!(m.projects[0].targets[0].source, TargetSource::HttpRuntime);
        let (m, _) = model(&[
            ("/r/Site/Site.csproj", wap),
            (
                "/r/Site/Web.config",
                "<configuration><system.web><compilation targetFramework=\"4.8\"/></system.web></configuration>",
            ),
            (
                "/r/Site/Views/Web.config",
                "<configuration><system.web><pages/></system.web></configuration>",
            ),
        ]);
        assert_eq!(
            m.projects.len(),
            1,
            "nested Views/Web.config is not a project"
        );
        assert_eq!(m.projects[0].targets[0].source, TargetSource::QuirksMode);
        assert_eq!(m.projects[0].check_target, framework(4, 0, 0));
    }

    #[test]
    fn web_projects_inside_a_web_application_are_modules() {
        let wap = "<Project><PropertyGroup><ProjectTypeGuids>{349c5851-65df-11da-9384-00065b846f21}</ProjectTypeGuids><OutputType>Library</OutputType><TargetFrameworkVersion>v4.8</TargetFrameworkVersion></PropertyGroup></Project>";
        let (m, _) = model(&[
            ("/r/Host/Host.csproj", wap),
            (
                "/r/Host/Web.config",
                "<configuration><system.web><httpRuntime targetFramework=\"4.8\"/></system.web></configuration>",
            ),
            ("/r/Host/Modules/Blog/Blog.csproj", wap),
            (
                "/r/Host/Modules/Blog/Web.config",
                "<configuration><system.web><compilation targetFramework=\"4.8\"/></system.web></configuration>",
            ),
        ]);
        let blog = m
            .projects
            .iter()
            .find(|p| p.folder.ends_with("Blog"))
            .unwrap();
        assert_eq!(blog.kind, ProjectKind::Library);
        assert_eq!(blog.web_config, None);
        assert_eq!(blog.check_target, framework(4, 8, 0));
    }

    #[test]
    fn a_location_for_the_application_sets_its_target() {
        let wap = "<Project><PropertyGroup><ProjectTypeGuids>{349c5851-65df-11da-9384-00065b846f21}</ProjectTypeGuids><TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion></PropertyGroup></Project>";
        let site = |config: &str| {
            let (m, _) = model(&[("/r/Site/Site.csproj", wap), ("/r/Site/Web.config", config)]);
            m.projects[0].targets[0].clone()
        };
        let dot = site(
            "<configuration><location path=\".\" inheritInChildApplications=\"false\"><system.web><httpRuntime targetFramework=\"4.5\"/></system.web></location></configuration>",
        );
        assert_eq!(dot.source, TargetSource::HttpRuntime);
        assert_eq!(dot.target, framework(4, 5, 0));
        let quirks = site(
            "<configuration><location path=\"\"><system.web><compilation targetFramework=\"4.7.2\"/></system.web></location></configuration>",
        );
        assert_eq!(quirks.source, TargetSource::QuirksMode);
        assert!(
            quirks.location.is_some(),
            "reported on the location's <system.web>"
        );
        // A sub-path's httpRuntime is not the application's: the project's web.config sets
        // nothing, so the project's own target stands.
        let admin = site(
            "<configuration><location path=\"admin\"><system.web><httpRuntime targetFramework=\"4.5\"/></system.web></location></configuration>",
        );
        assert_eq!(admin.source, TargetSource::ProjectTfm);
        assert_eq!(admin.target, framework(4, 7, 2));
    }

    #[test]
    fn library_configs_are_no_application_config() {
        let dll_config = "<configuration><startup><supportedRuntime version=\"v4.0\" sku=\".NETFramework,Version=v4.0\"/></startup><runtime><AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSchUseStrongCrypto=false\"/></runtime></configuration>";
        let no_target = "<Project><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>$(Unknown)</TargetFramework></PropertyGroup></Project>";
        let (m, _) = model(&[
            ("/r/A/A.csproj", no_target),
            ("/r/A/vendor/Acme.dll.config", dll_config),
        ]);
        assert!(
            m.projects[0].targets.is_empty(),
            "no target from a .dll.config"
        );
        assert!(
            m.projects[0].opt_ins.is_empty(),
            "no opt-in from a .dll.config"
        );
        let (m, _) = model(&[
            ("/r/A/A.csproj", no_target),
            ("/r/A/A.exe.config", dll_config),
        ]);
        assert_eq!(
            m.projects[0].targets[0].source,
            TargetSource::SupportedRuntime
        );
        assert_eq!(m.projects[0].opt_ins.len(), 1);
    }

    #[test]
    fn asp_net_core_web_config_is_not_system_web() {
        let (m, _) = model(&[
            (
                "/r/Api/Api.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>",
            ),
            (
                "/r/Api/web.config",
                "<configuration><system.webServer><aspNetCore processPath=\"dotnet\"/></system.webServer></configuration>",
            ),
        ]);
        assert_eq!(m.projects[0].kind, ProjectKind::Exe);
        assert_eq!(m.projects[0].check_target, Target::Modern);
    }

    #[test]
    fn asp_net_core_on_framework_is_a_web_app_targeting_its_tfm() {
        let (m, _) = model(&[(
            "/r/Api/Api.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net461</TargetFramework></PropertyGroup></Project>",
        )]);
        assert_eq!(m.projects[0].kind, ProjectKind::Web);
        assert_eq!(m.projects[0].targets[0].target, framework(4, 6, 1));
    }

    #[test]
    fn library_targets_and_netstandard() {
        let (m, _) = model(&[(
            "/r/Lib/Lib.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFrameworks>netstandard2.0;net472</TargetFrameworks></PropertyGroup></Project>",
        )]);
        assert_eq!(m.projects[0].kind, ProjectKind::Library);
        assert_eq!(
            m.projects[0].check_target,
            framework(4, 6, 1),
            "netstandard2.0 counts as 4.6.1"
        );
    }

    #[test]
    fn directory_build_props_and_nested_projects() {
        let (m, _) = model(&[
            (
                "/r/Directory.Build.props",
                "<Project><PropertyGroup><Legacy>net45</Legacy></PropertyGroup></Project>",
            ),
            (
                "/r/src/App/App.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFrameworks>$(Legacy);net48</TargetFrameworks></PropertyGroup></Project>",
            ),
            (
                "/r/src/App/Lib/Lib.csproj",
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net48</TargetFramework></PropertyGroup></Project>",
            ),
            (
                "/r/src/App/Lib/Init.cs",
                "class I { void M() { System.AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", false); } }",
            ),
        ]);
        let app = &m.projects[0];
        assert_eq!(app.targets.len(), 2);
        assert_eq!(
            app.targets[0].location.as_ref().unwrap().0,
            0,
            "net45 is located in Directory.Build.props"
        );
        // net45 (from the props file) and net48 (literal, but in a value with a `$(…)`).
        assert_eq!(app.indirect_targets.len(), 2);
        assert!(
            app.opt_ins.is_empty(),
            "the library's opt-in does not count for the app"
        );
        assert_eq!(m.membership[3], Some(1));
        assert_eq!(m.projects[1].opt_ins.len(), 1);
    }

    #[test]
    fn unresolvable_and_conditional_targets_are_unknown() {
        let (m, _) = model(&[(
            "/r/A/A.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>$(FromCommandLine)</TargetFramework></PropertyGroup></Project>",
        )]);
        assert!(m.projects[0].targets.is_empty());
        assert_eq!(m.projects[0].check_target, Target::Unknown);
        let (m, _) = model(&[(
            "/r/B/B.csproj",
            "<Project><PropertyGroup Condition=\"'$(X)'=='1'\"><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>",
        )]);
        assert!(
            m.projects[0].targets.is_empty(),
            "a conditional target is not a project target"
        );
    }

    #[test]
    fn old_style_project_without_target_defaults_to_4_0() {
        let (m, _) = model(&[(
            "/r/Old/Old.csproj",
            "<Project><PropertyGroup><OutputType>WinExe</OutputType></PropertyGroup></Project>",
        )]);
        assert_eq!(m.projects[0].targets[0].source, TargetSource::NoTfm);
        assert_eq!(m.projects[0].check_target, framework(4, 0, 0));
    }

    #[test]
    fn config_opt_ins_follow_the_runtime() {
        let exe_config = "<configuration><runtime><AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSystemDefaultTlsVersions=false\"/></runtime></configuration>";
        let (m, _) = model(&[
            ("/r/A/A.csproj", OLD_EXE_45),
            ("/r/A/App.config", exe_config),
        ]);
        assert_eq!(m.projects[0].opt_ins.len(), 1);
        assert!(m.projects[0].enables_system_default());
        // The same element in web.config is ignored by ASP.NET.
        let web_config = "<configuration><system.web><httpRuntime targetFramework=\"4.5\"/></system.web><runtime><AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSystemDefaultTlsVersions=false\"/></runtime></configuration>";
        let (m, _) = model(&[
            ("/r/W/W.csproj", OLD_EXE_45),
            ("/r/W/Web.config", web_config),
        ]);
        assert_eq!(m.projects[0].kind, ProjectKind::Web);
        assert!(m.projects[0].opt_ins.is_empty());
        let app_settings = "<configuration><appSettings><add key=\"AppContext.SetSwitch:Switch.System.Net.DontEnableSchUseStrongCrypto\" value=\"false\"/></appSettings><system.web><httpRuntime targetFramework=\"4.5\"/></system.web></configuration>";
        let (m, _) = model(&[
            ("/r/W/W.csproj", OLD_EXE_45),
            ("/r/W/Web.config", app_settings),
        ]);
        assert_eq!(m.projects[0].opt_ins.len(), 1);
    }

    #[test]
    fn registry_opt_ins_are_machine_wide_and_web_sites_need_no_project_file() {
        let reg = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n\"SchUseStrongCrypto\"=dword:00000001\r\n";
        let (m, _) = model(&[
            ("/r/deploy/tls.reg", reg),
            (
                "/r/site/web.config",
                "<configuration><system.web><compilation/></system.web></configuration>",
            ),
            ("/r/site/App_Code/Helper.cs", "class H { }"),
        ]);
        assert_eq!(m.projects.len(), 1);
        assert_eq!(m.projects[0].file, None);
        assert_eq!(m.projects[0].kind, ProjectKind::Web);
        assert_eq!(m.projects[0].targets[0].source, TargetSource::QuirksMode);
        assert_eq!(
            m.projects[0].opt_ins.len(),
            1,
            "the .reg file counts for every application"
        );
    }

    #[test]
    fn vb_code_opt_ins_count_for_vb_applications() {
        let vbproj = "<Project><PropertyGroup><OutputType>WinExe</OutputType><MyType>WindowsForms</MyType><TargetFrameworkVersion>v4.5</TargetFrameworkVersion></PropertyGroup></Project>";
        let startup = "Imports System.Net\nNamespace My\n    Partial Friend Class MyApplication\n        Private Sub MyApplication_Startup(sender As Object, e As ApplicationServices.StartupEventArgs) Handles Me.Startup\n            ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol Or SecurityProtocolType.Tls12\n        End Sub\n    End Class\nEnd Namespace\n";
        let switch = "Module M\n    Sub Main()\n        AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", False)\n    End Sub\nEnd Module\n";
        let reads = "Imports System.Net\nModule M\n    Function Modern() As Boolean\n        Return ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls12)\n    End Function\nEnd Module\n";
        for (code, opt_ins) in [(startup, 1), (switch, 1), (reads, 0)] {
            let (m, _) = model(&[
                ("/r/Desk/Desk.vbproj", vbproj),
                ("/r/Desk/ApplicationEvents.vb", code),
            ]);
            assert_eq!(m.projects[0].kind, ProjectKind::Exe);
            assert_eq!(m.projects[0].opt_ins.len(), opt_ins, "{code}");
        }
    }
}
