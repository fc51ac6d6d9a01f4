//! The pre-commit hook of `.pre-commit-hooks.yaml`, run by the real `pre-commit` tool
//! (`pip install pre-commit`) with `pre-commit try-repo` against a temporary git repository,
//! as a user's `.pre-commit-config.yaml` would run it.
//!
//! pre-commit builds the hook with `cargo install`; the build folder is kept under Cargo's
//! temporary folder so later runs reuse it. Without `pre-commit` on the PATH the test is
//! skipped, unless `TLSLINT_REQUIRE_PRECOMMIT=1` (set by `.ci/run`) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(cwd: &Path, program: &str, args: &[&str]) -> Output {
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    Command::new(program)
        .current_dir(cwd)
        .args(args)
        .env("PRE_COMMIT_HOME", scratch.join("pre-commit-home"))
        // The hook's `cargo install` reuses this build folder from run to run; an unoptimised
        // build is enough to run a test and much quicker to make.
        .env("CARGO_TARGET_DIR", scratch.join("pre-commit-build"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("GIT_AUTHOR_NAME", "tlslint tests")
        .env("GIT_AUTHOR_EMAIL", "tests@tlslint.invalid")
        .env("GIT_COMMITTER_NAME", "tlslint tests")
        .env("GIT_COMMITTER_EMAIL", "tests@tlslint.invalid")
        .env("NO_COLOR", "1")
        .env_remove("TLSLINT_OUTPUT_FORMAT")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn the_hook_runs_through_pre_commit() {
    let required = std::env::var("TLSLINT_REQUIRE_PRECOMMIT").is_ok_and(|v| v == "1");
    let this_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !available("pre-commit") || !this_repo.join(".git").exists() {
        assert!(
            !required,
            "TLSLINT_REQUIRE_PRECOMMIT=1 but pre-commit or this repository's .git is missing"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let write = |path: &str, content: &str| {
        let path = repo.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write(
        "src/Legacy.cs",
        "using System.Net;\nclass Legacy { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls11; } }\n",
    );
    write(
        "src/Generated/Proxy.cs",
        "using System.Net;\nclass Proxy { void M() { ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls; } }\n",
    );
    write("src/Clean.cs", "class Clean { }\n");
    write(
        "README.md",
        "SecurityProtocolType.Tls11 in prose is not linted\n",
    );
    write("tlslint.toml", "exclude = [\"src/Generated/\"]\n");
    for args in [
        &["init", "--quiet"][..],
        &["add", "."],
        &["commit", "--quiet", "-m", "initial"],
    ] {
        let output = run(repo, "git", args);
        assert!(output.status.success(), "git {args:?}: {}", text(&output));
    }
    let hook = this_repo.to_str().unwrap();
    let try_repo = |files: &[&str]| {
        let mut args = vec!["try-repo", hook, "tlslint", "--verbose", "--files"];
        args.extend_from_slice(files);
        run(repo, "pre-commit", &args)
    };

    let output = try_repo(&["src/Legacy.cs", "src/Clean.cs", "README.md"]);
    let all = text(&output);
    assert_eq!(output.status.code(), Some(1), "{all}");
    assert!(all.contains("TLS001"), "{all}");
    assert!(all.contains("src/Legacy.cs"), "{all}");

    // Clean files pass; an excluded file passed by name is skipped (--force-exclude); files of
    // other kinds never reach tlslint (the hook's `files` pattern).
    let output = try_repo(&["src/Clean.cs", "src/Generated/Proxy.cs", "README.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}
