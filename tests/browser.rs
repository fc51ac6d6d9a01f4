//! The HTML report in a real browser: headless Chromium renders the report of
//! `tlslint sweep test-repos` and `--dump-dom` shows the DOM after the page's script ran.
//! The checks: every repository is in the rendered table, a verdict filter given in the URL
//! fragment hides exactly the other repositories, the script finished (`data-script="ready"`)
//! and neither the page's error handler nor the console reported an error. A report whose
//! script throws must fail those checks (so they can fail), and a repository named with
//! markup must not run anything.
//!
//! Without Chromium the test is skipped with a message, unless `CI` is set or
//! `TLSLINT_REQUIRE_BROWSER=1` (`.ci/run` installs Debian's `chromium` and sets it).
//! `TLSLINT_CHROMIUM` names the browser binary when it is not `chromium` on the PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn required() -> bool {
    let set =
        |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    set("CI") || set("TLSLINT_REQUIRE_BROWSER")
}

fn browser() -> Option<String> {
    let candidates = match std::env::var("TLSLINT_CHROMIUM") {
        Ok(name) => vec![name],
        Err(_) => ["chromium", "chromium-browser", "google-chrome"]
            .map(str::to_owned)
            .to_vec(),
    };
    candidates.into_iter().find(|name| {
        Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// What Chromium made of `page#fragment`: the DOM after scripts ran, and its log.
struct Rendered {
    dom: String,
    log: String,
}

fn render(browser: &str, page: &Path, fragment: &str) -> Rendered {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", page.display());
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            // Time for the page's script before the DOM is dumped (virtual time, so a busy
            // machine does not cut it short).
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("the browser runs");
    assert!(
        output.status.success(),
        "{browser} failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Rendered {
        dom: String::from_utf8_lossy(&output.stdout).into_owned(),
        log: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Problems with a rendered report: the script did not finish, it reported an error, or the
/// console logged one.
fn problems(rendered: &Rendered) -> Vec<String> {
    let mut problems = Vec::new();
    if !rendered.dom.contains("data-script=\"ready\"") {
        problems.push("the page's script did not finish".to_owned());
    }
    if rendered.dom.contains("id=\"tlslint-error\"") {
        problems.push("the page reported a script error".to_owned());
    }
    // Chromium logs console messages as `...:INFO:CONSOLE:96] "message", source: ...`. The
    // report logs nothing, so any message is a problem: an uncaught exception, or a fetch the
    // Content-Security-Policy refused (the report must need no network).
    for line in rendered.log.lines().filter(|l| l.contains(":CONSOLE")) {
        problems.push(format!("console: {line}"));
    }
    problems
}

fn tlslint(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tlslint"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("tlslint runs")
}

#[test]
fn the_report_renders_filters_and_runs_without_errors() {
    let Some(browser) = browser() else {
        assert!(
            !required(),
            "CI (or TLSLINT_REQUIRE_BROWSER=1) is set but Chromium is missing: apt-get install -y chromium"
        );
        eprintln!("skipped: no Chromium (apt-get install -y chromium, or set TLSLINT_CHROMIUM)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let json = dir.path().join("sweep.json");
    for (format, file) in [("html", &page), ("json", &json)] {
        let output = tlslint(
            &root(),
            &[
                "sweep",
                "test-repos",
                "--format",
                format,
                "--date",
                "2026-11-29",
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert_eq!(output.status.code(), Some(0));
    }
    let inventory: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let repositories = inventory["repositories"].as_array().unwrap();
    let breaks = repositories
        .iter()
        .filter(|r| r["verdict"] == "breaks")
        .count();
    assert!(breaks > 0 && breaks < repositories.len());

    let all = render(&browser, &page, "");
    assert_eq!(problems(&all), Vec::<String>::new(), "{}", all.log);
    assert_eq!(
        all.dom.matches("<tbody class=\"repo\">").count(),
        repositories.len()
    );
    for repo in repositories {
        let name = repo["name"].as_str().unwrap();
        assert!(all.dom.contains(&format!("<b>{name}</b>")), "{name}");
    }
    assert!(
        all.dom
            .contains(&format!("{0} of {0} repositories", repositories.len()))
    );

    // The fragment's filter is applied when the page opens.
    let filtered = render(&browser, &page, "#verdict=breaks");
    assert_eq!(
        problems(&filtered),
        Vec::<String>::new(),
        "{}",
        filtered.log
    );
    assert_eq!(
        filtered
            .dom
            .matches("<tbody class=\"repo\" hidden=\"\">")
            .count(),
        repositories.len() - breaks
    );
    assert!(
        filtered
            .dom
            .contains(&format!("{breaks} of {} repositories", repositories.len()))
    );
    let text = render(&browser, &page, "#q=quirks&rule=TLS005");
    let shown = repositories
        .iter()
        .filter(|r| {
            r["name"].as_str().unwrap().contains("quirks") && r["by_rule"].get("TLS005").is_some()
        })
        .count();
    assert!(shown > 0);
    assert!(
        text.dom
            .contains(&format!("{shown} of {} repositories", repositories.len())),
        "{}",
        text.dom
    );

    // The checks catch a script that throws.
    let broken = dir.path().join("broken.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &broken,
        html.replacen("JSON.parse(", "JSON.parse(notDefined + ", 1),
    )
    .unwrap();
    let rendered = render(&browser, &broken, "");
    assert!(!problems(&rendered).is_empty(), "{}", rendered.dom);
}

/// A repository named with markup runs nothing in the browser: the page keeps its title and
/// no element the names describe exists.
#[test]
fn names_run_nothing_in_the_browser() {
    let Some(browser) = browser() else {
        assert!(!required(), "CI is set but Chromium is missing");
        eprintln!("skipped: no Chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let repo = dir
        .path()
        .join("org")
        .join("<img src=x onerror=document.title='pwned'>&\"");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("<svg onload=document.title='pwned'>")).unwrap();
    std::fs::write(
        repo.join("<svg onload=document.title='pwned'>/<b id=injected>.cs"),
        "class C { void M() { System.Net.ServicePointManager.SecurityProtocol = System.Net.SecurityProtocolType.Tls; } }\n",
    )
    .unwrap();
    let page = dir.path().join("report.html");
    let output = tlslint(
        dir.path(),
        &[
            "sweep",
            "org",
            "--format",
            "html",
            "--date",
            "2026-11-29",
            "-o",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0));
    // Filtering by text runs the page's own code over the names too.
    let rendered = render(&browser, &page, "#q=pwned");
    assert_eq!(
        problems(&rendered),
        Vec::<String>::new(),
        "{}",
        rendered.log
    );
    assert!(rendered.dom.contains("<title>TLS readiness</title>"));
    assert!(!rendered.dom.contains("pwned</title>"));
    assert!(
        !rendered.dom.contains("id=\"injected\""),
        "{}",
        rendered.dom
    );
    assert!(!rendered.dom.contains("<img"), "{}", rendered.dom);
    assert!(
        rendered.dom.contains("1 of 1 repositories"),
        "{}",
        rendered.dom
    );
}
