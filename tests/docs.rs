//! `docs/rules/` holds one page per rule, generated from the rule's own documentation (the
//! `helpUri` of SARIF results points there). This test fails when a page is missing or stale;
//! `BLESS=1 cargo test --test docs` rewrites them.

use std::path::Path;

use tlslint::rules::RULES;

fn index() -> String {
    let mut text = String::from(
        "# Rules\n\nGenerated from each rule's documentation (`tlslint explain <RULE>` prints the same page).\n\n| id | name | default | summary |\n|---|---|---|---|\n",
    );
    for rule in RULES {
        text.push_str(&format!(
            "| [{id}]({id}.md) | {name} | {severity} | {summary} |\n",
            id = rule.id,
            name = rule.name,
            severity = rule.default_severity,
            summary = rule.summary.replace('|', "\\|"),
        ));
    }
    text
}

#[test]
fn rule_pages_are_up_to_date() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let bless = std::env::var_os("BLESS").is_some();
    let mut expected: Vec<(String, String)> = RULES
        .iter()
        .map(|rule| (format!("{}.md", rule.id), rule.documentation()))
        .collect();
    expected.push(("README.md".to_owned(), index()));
    if bless {
        std::fs::create_dir_all(&folder).unwrap();
    }
    let mut stale = Vec::new();
    for (name, content) in &expected {
        let path = folder.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
            if bless {
                std::fs::write(&path, content).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(&folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !expected.iter().any(|(n, _)| n == name))
                .collect()
        })
        .unwrap_or_default();
    extra.sort();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "docs/rules is out of date (run `BLESS=1 cargo test --test docs`): stale or missing {stale:?}, unexpected {extra:?}"
    );
}
