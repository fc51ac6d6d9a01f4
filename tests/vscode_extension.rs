//! The VS Code extension in `editors/vscode` must not rot unnoticed:
//!
//! - it is built as a user builds it: a copy under this build's target folder gets `npm ci`,
//!   `npm test` (`tsc` in strict mode, then the extension's own tests under Node's test runner,
//!   which activate the compiled extension against a stubbed VS Code and a fake server) and
//!   `vsce package`, and the `.vsix` must hold the compiled extension and its runtime
//!   dependency, not its sources or tests;
//! - cheap checks that need no npm: its version is the crate's, every setting it contributes is
//!   read by its sources and documented, its activation events cover its languages, and its file
//!   globs select every kind of file the README's "Languages and files" lists, each glob naming a
//!   file that the binary itself agrees to read; the Rider (LSP4IJ) template maps the same globs.
//!
//! Without `npm` the build is skipped with a message, unless `TLSLINT_REQUIRE_VSCODE=1` (set by
//! `.ci/run`) makes that a failure. `npm ci` needs the npm registry or a warm npm cache.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const TLSLINT: &str = env!("CARGO_BIN_EXE_tlslint");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn extension() -> PathBuf {
    root().join("editors/vscode")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest() -> Value {
    json(&extension().join("package.json"))
}

/// The extension's TypeScript sources, without its tests.
fn sources() -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(extension().join("src"))
        .expect("editors/vscode/src is part of the checkout")
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ts"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "editors/vscode/src holds no .ts file");
    files.iter().map(|file| read(file)).collect()
}

fn files_ts() -> String {
    read(&extension().join("src/files.ts"))
}

/// The string lists written as `key: ["a", "b"]` in `source`, in order.
fn string_lists(source: &str, key: &str) -> Vec<Vec<String>> {
    let opening = format!("{key}: [");
    source
        .match_indices(&opening)
        .map(|(at, _)| {
            let rest = &source[at + opening.len()..];
            let list = &rest[..rest.find(']').expect("a list is closed")];
            list.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| {
                    assert!(
                        item.len() >= 2 && item.starts_with('"') && item.ends_with('"'),
                        "{key} must list string literals, found {item}"
                    );
                    item[1..item.len() - 1].to_owned()
                })
                .collect()
        })
        .collect()
}

/// Every glob of the extension's `FILE_KINDS`.
fn extension_globs() -> Vec<String> {
    let source = files_ts();
    let lists = string_lists(&source, "globs");
    let kinds = source.matches("name: \"").count();
    assert_eq!(
        lists.len(),
        kinds,
        "every kind in files.ts has a literal globs list"
    );
    let globs: Vec<String> = lists.into_iter().flatten().collect();
    for glob in &globs {
        let name = glob.strip_prefix("*.").unwrap_or(glob);
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.'),
            "{glob}: a glob is a file name or `*.` and a suffix (tests/vscode_extension.rs \
             matches no other form)"
        );
    }
    globs
}

/// Whether `glob` (a name, or `*` and a suffix) takes `name`, ignoring case as the extension's
/// globs do (`caseInsensitive` in files.ts) and as tlslint classifies files.
fn glob_matches(glob: &str, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    match glob.strip_prefix('*') {
        Some(suffix) => name.len() > suffix.len() && name.ends_with(&suffix.to_ascii_lowercase()),
        None => name == glob.to_ascii_lowercase(),
    }
}

/// A file name that `pattern` (`.cs`, `*.config`, or a name) describes.
fn sample_name(pattern: &str) -> String {
    if pattern.starts_with('.') {
        format!("Sample{pattern}")
    } else if let Some(suffix) = pattern.strip_prefix('*') {
        format!("Sample{suffix}")
    } else {
        pattern.to_owned()
    }
}

/// The file names and patterns in the "files" column of the README's "Languages and files"
/// table, without those it names as not read ("not `packages.config`").
fn readme_file_patterns() -> Vec<String> {
    let readme = read(&root().join("README.md"));
    let section = readme
        .split("\n## Languages and files\n")
        .nth(1)
        .expect("README.md has a \"Languages and files\" section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut patterns = Vec::new();
    for row in section.lines().filter(|line| line.starts_with("| ")) {
        let Some(files) = row.split('|').nth(2) else {
            continue;
        };
        let read_files = files.split("not `").next().unwrap_or(files);
        patterns.extend(
            read_files
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|token| token.contains('.'))
                .map(str::to_owned),
        );
    }
    patterns
}

#[test]
fn the_readme_parser_and_glob_matcher_mean_what_they_say() {
    let patterns = readme_file_patterns();
    for expected in [".cs", ".vb", "*.config", "App.config", ".reg", ".hxx"] {
        assert!(
            patterns.iter().any(|p| p == expected),
            "{expected} in {patterns:?}"
        );
    }
    assert!(!patterns.iter().any(|p| p == "packages.config"));

    assert!(glob_matches("*.cs", "Program.cs"));
    assert!(glob_matches("*.cs", "PROGRAM.CS"));
    assert!(glob_matches(
        "runtimeconfig.template.json",
        "RuntimeConfig.Template.json"
    ));
    assert!(!glob_matches("*.cs", "Program.cake"));
    assert!(!glob_matches("*.cs", ".cs"));
    assert!(!glob_matches(
        "runtimeconfig.template.json",
        "xruntimeconfig.template.json"
    ));
    assert_eq!(sample_name(".cs"), "Sample.cs");
    assert_eq!(sample_name("*.exe.config"), "Sample.exe.config");
    assert_eq!(sample_name("web.config"), "web.config");
}

#[test]
fn the_extension_version_is_the_crate_version() {
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        manifest()["version"],
        version,
        "editors/vscode/package.json"
    );
    let lock = json(&extension().join("package-lock.json"));
    assert_eq!(lock["version"], version, "editors/vscode/package-lock.json");
    assert_eq!(
        lock["packages"][""]["version"], version,
        "package-lock.json"
    );
    let changelog = read(&extension().join("CHANGELOG.md"));
    assert!(
        changelog.contains(&format!("## [{version}]")),
        "editors/vscode/CHANGELOG.md has no entry for {version}"
    );
}

#[test]
fn every_setting_is_read_by_the_extension_and_documented() {
    let manifest = manifest();
    let properties = manifest["contributes"]["configuration"]["properties"]
        .as_object()
        .expect("package.json contributes configuration properties");
    let sources = sources();
    let squeezed: String = sources.chars().filter(|c| !c.is_whitespace()).collect();
    let guides = [
        read(&root().join("editors/README.md")),
        read(&extension().join("README.md")),
    ];
    for setting in properties.keys() {
        let name = setting
            .strip_prefix("tlslint.")
            .unwrap_or_else(|| panic!("{setting}: settings live under tlslint."));
        if name == "trace.server" {
            // vscode-languageclient reads `<client id>.trace.server` itself.
            assert!(
                sources.contains("const CLIENT_ID = \"tlslint\";")
                    && squeezed.contains("newLanguageClient(CLIENT_ID,"),
                "the language client's id must be \"tlslint\" for {setting} to work"
            );
        } else {
            assert!(
                sources.contains(&format!("(\"{name}\")")),
                "{setting} is contributed but editors/vscode/src never reads it"
            );
        }
        for guide in &guides {
            assert!(
                guide.contains(&format!("`{setting}`")),
                "{setting} is not documented in editors/README.md and editors/vscode/README.md"
            );
        }
    }

    let commands: Vec<&str> = manifest["contributes"]["commands"]
        .as_array()
        .expect("package.json contributes commands")
        .iter()
        .filter_map(|command| command["command"].as_str())
        .collect();
    for command in &commands {
        assert!(
            sources.contains(&format!("registerCommand(\"{command}\"")),
            "{command} is contributed but never registered"
        );
    }

    // The other way round: the guides name no setting the extension lacks.
    for guide in &guides {
        for token in guide.split('`').skip(1).step_by(2) {
            if token.starts_with("tlslint.") && token != "tlslint.toml" {
                assert!(
                    properties.contains_key(token) || commands.contains(&token),
                    "the guides name `{token}`, which package.json does not contribute"
                );
            }
        }
    }
}

#[test]
fn activation_events_cover_the_languages_and_project_files() {
    let manifest = manifest();
    let events: Vec<&str> = manifest["activationEvents"]
        .as_array()
        .expect("package.json lists activationEvents")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let languages: Vec<String> = string_lists(&files_ts(), "languages")
        .into_iter()
        .flatten()
        .collect();
    assert!(languages.iter().any(|l| l == "csharp"), "{languages:?}");
    for language in &languages {
        let event = format!("onLanguage:{language}");
        assert!(events.contains(&event.as_str()), "{event} missing");
    }
    for project in ["csproj", "vbproj", "fsproj"] {
        let event = format!("workspaceContains:**/*.{project}");
        assert!(events.contains(&event.as_str()), "{event} missing");
    }
}

#[test]
fn the_globs_select_every_kind_of_file_the_readme_lists() {
    let globs = extension_globs();
    let selected = |name: &str| globs.iter().any(|glob| glob_matches(glob, name));
    for pattern in readme_file_patterns() {
        let name = sample_name(&pattern);
        assert!(
            selected(&name),
            "README lists `{pattern}`, but no glob in editors/vscode/src/files.ts selects {name}"
        );
    }
    for other in ["Program.txt", "build.cake", "appsettings.json"] {
        assert!(!selected(other), "{other} is no kind of file tlslint reads");
    }
}

#[test]
fn the_rider_template_maps_the_globs_of_the_vscode_extension() {
    let template = json(&root().join("editors/rider/tlslint/template.json"));
    assert_eq!(template["programArgs"]["default"], "tlslint server");
    let mut patterns: Vec<String> = template["fileTypeMappings"]
        .as_array()
        .expect("template.json has fileTypeMappings")
        .iter()
        .flat_map(|mapping| {
            mapping["fileType"]["patterns"]
                .as_array()
                .expect("each mapping has patterns")
                .iter()
                .map(|pattern| pattern.as_str().expect("a pattern is a string").to_owned())
        })
        .collect();
    let mut globs = extension_globs();
    patterns.sort();
    globs.sort();
    assert_eq!(
        patterns, globs,
        "editors/rider/tlslint/template.json and files.ts differ"
    );
}

/// `tlslint check --stdin-filename NAME` on empty input: how the binary classifies `name`.
fn check_as(name: &str) -> Output {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("vscode-file-kinds");
    std::fs::create_dir_all(&folder).expect("a scratch folder under target/");
    Command::new(TLSLINT)
        .args(["check", "--no-config", "--stdin-filename"])
        .arg(folder.join(name))
        .arg("-")
        .stdin(Stdio::null())
        .env("NO_COLOR", "1")
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .output()
        .expect("the tlslint binary runs")
}

#[test]
fn every_glob_names_a_file_the_binary_reads() {
    let refused = check_as("Sample.txt");
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("does not read"));
    for glob in extension_globs() {
        for name in [sample_name(&glob), sample_name(&glob).to_ascii_uppercase()] {
            let output = check_as(&name);
            assert!(
                output.status.success(),
                "the extension selects {name} ({glob}), which tlslint does not read: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

fn npm_program(name: &str) -> String {
    if cfg!(windows) {
        format!("{name}.cmd")
    } else {
        name.to_owned()
    }
}

fn npm_present() -> bool {
    let present = Command::new(npm_program("npm"))
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return true;
    }
    assert!(
        !std::env::var("TLSLINT_REQUIRE_VSCODE").is_ok_and(|v| v == "1"),
        "TLSLINT_REQUIRE_VSCODE=1 but npm is missing (install Node.js 20 or newer)"
    );
    eprintln!("skipped: npm is not installed, so the VS Code extension is not built");
    false
}

/// Runs an npm command in `folder`; panics with its output when it fails.
fn npm(folder: &Path, program: &str, args: &[&str]) {
    let output = Command::new(npm_program(program))
        .args(args)
        .current_dir(folder)
        .stdin(Stdio::null())
        .env("npm_config_update_notifier", "false")
        .env("npm_config_fund", "false")
        .env("npm_config_audit", "false")
        .output()
        .unwrap_or_else(|e| panic!("{program} {args:?}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed in {}:\n{}{}",
        folder.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Copies the extension's sources, leaving out what a build of the checkout may have left.
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a scratch folder under target/");
    for entry in std::fs::read_dir(from).expect("a readable folder") {
        let entry = entry.expect("a readable folder entry");
        let name = entry.file_name();
        let is_build_output = from == extension()
            && (name == "node_modules"
                || name == "out"
                || name.to_string_lossy().ends_with(".vsix"));
        if is_build_output {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().expect("a file type").is_dir() {
            copy_sources(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy of a source file");
        }
    }
}

#[test]
fn the_extension_compiles_passes_its_tests_and_packages() {
    if !npm_present() {
        return;
    }
    let build = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("vscode-extension");
    if build.exists() {
        std::fs::remove_dir_all(&build).expect("the previous build can be removed");
    }
    copy_sources(&extension(), &build);

    // Install scripts are not run: the packaging tool's optional `keytar` would try to download
    // a prebuilt binary, and nothing the build or the extension uses needs one.
    npm(
        &build,
        "npm",
        &["ci", "--ignore-scripts", "--no-audit", "--no-fund"],
    );
    npm(&build, "npm", &["test"]);
    let vsix = format!("tlslint-{}.vsix", env!("CARGO_PKG_VERSION"));
    npm(&build, "npx", &["--no", "vsce", "package", "--out", &vsix]);

    let compiled = read(&build.join("out/extension.js"));
    assert!(
        compiled.contains("function activate("),
        "out/extension.js has no activate"
    );
    // File names in a zip archive are stored uncompressed, in each entry's header.
    let archive = std::fs::read(build.join(&vsix)).expect("vsce package wrote the .vsix");
    let holds = |name: &str| archive.windows(name.len()).any(|w| w == name.as_bytes());
    for inside in [
        "extension/package.json",
        "extension/out/extension.js",
        "extension/out/files.js",
        "extension/out/settings.js",
        "extension/out/executable.js",
        "extension/node_modules/vscode-languageclient/lib/node/main.js",
        "extension/LICENSE",
        "extension/readme.md",
    ] {
        assert!(holds(inside), "{vsix} lacks {inside}");
    }
    for outside in [
        "extension/src/",
        "extension/out/test/",
        "extension/out/testing/",
        "extension/tsconfig.json",
    ] {
        assert!(!holds(outside), "{vsix} holds {outside}");
    }
}
