//! Findings in MSBuild files outside the checked paths that decide a checked project.
//!
//! `tlslint check src/App` reads the `Directory.Build.props` above it for context, and that
//! file may be what gives the project its legacy target. Its findings cannot be reported where
//! they are (the user did not ask about that file, and `--fix` will not write there), but the
//! project's verdict must not turn `ready` because of where the user started. So each such
//! finding is reported again at the project file of every checked project it decides, at the
//! `<Project>` tag, with the inherited element and its place named in the message. Its fix
//! stays only when it edits checked files alone (TLS006's `App.config` beside the project).

use crate::diagnostic::Finding;
use crate::fix::{EditFile, Fix};
use crate::project::ProjectModel;
use crate::rules::ProjectContext;

/// A checked project file and the findings it inherits.
pub struct Inherited {
    pub project_file: usize,
    pub finding: Finding,
}

/// The findings of unreported file `file` (file rules and project rules located there), moved
/// to the project files they decide. `reported` says which files the user asked about.
pub fn relocate(
    ctx: &ProjectContext,
    reported: &[bool],
    file: usize,
    findings: &[Finding],
) -> Vec<Inherited> {
    let Some(source) = ctx.sources[file].as_ref() else {
        return Vec::new();
    };
    let mut moved = Vec::new();
    for finding in findings {
        for project in projects_decided(ctx.model, file, finding) {
            let Some(anchor) = ctx.model.projects[project].file else {
                continue;
            };
            if !reported[anchor] {
                continue;
            }
            let tag = ctx.files[anchor]
                .facts
                .msbuild
                .as_ref()
                .and_then(|m| m.project_tag.clone())
                .unwrap_or(0..0);
            let line = source.position(finding.span.start).line;
            let element = element_at(&source.text, finding.span.start)
                .map(|name| format!("`<{name}>` "))
                .unwrap_or_default();
            let mut inherited = finding.clone();
            inherited.span = tag;
            inherited.message = format!(
                "{} (inherited from {element}in {}:{line}, outside the checked paths)",
                finding.message, ctx.displays[file]
            );
            inherited.label = format!("inherits from {}", ctx.displays[file]);
            inherited.fix = finding
                .fix
                .clone()
                .filter(|fix| writes_only_checked_files(ctx, reported, fix));
            inherited.project = Some(project);
            moved.push(Inherited {
                project_file: anchor,
                finding: inherited,
            });
        }
    }
    moved
}

/// Whether a fix edits only files that were checked (or creates new ones): an edit of the
/// unchecked file itself (`EditFile::Same`) would land in the project file once moved, and
/// `--fix` writes nothing the user did not ask about. TLS006's `App.config` edit stays.
fn writes_only_checked_files(ctx: &ProjectContext, reported: &[bool], fix: &Fix) -> bool {
    fix.edits.iter().all(|edit| match &edit.file {
        EditFile::Same => false,
        EditFile::Other { path, .. } => !ctx
            .files
            .iter()
            .zip(reported)
            .any(|(file, &checked)| !checked && file.path == path.as_path()),
    })
}

/// The projects a finding in `file` is about: the project a project rule named, or every
/// project whose target is set at the finding's place.
fn projects_decided(model: &ProjectModel, file: usize, finding: &Finding) -> Vec<usize> {
    if let Some(project) = finding.project {
        return vec![project];
    }
    let overlaps = |(f, span): &(usize, std::ops::Range<usize>)| {
        *f == file
            && span.start < finding.span.end.max(finding.span.start + 1)
            && finding.span.start < span.end.max(span.start + 1)
    };
    model
        .projects
        .iter()
        .enumerate()
        .filter(|(_, project)| {
            project
                .targets
                .iter()
                .filter_map(|t| t.location.as_ref())
                .any(overlaps)
                || project.indirect_targets.iter().any(|t| overlaps(&t.origin))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The name of the XML element whose content holds `offset` (or that starts at it: a finding
/// on a whole element starts at its `<`), for the message.
fn element_at(text: &str, offset: usize) -> Option<&str> {
    let open = if text.get(offset..)?.starts_with('<') {
        offset
    } else {
        text.get(..offset)?.rfind('<')?
    };
    let name: &str = text[open + 1..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()?;
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
    valid.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::element_at;

    #[test]
    fn the_element_around_a_value_is_named() {
        let text = "<PropertyGroup>\n  <TargetFrameworkVersion>v4.0</TargetFrameworkVersion>";
        let at = text.find("v4.0").unwrap();
        assert_eq!(element_at(text, at), Some("TargetFrameworkVersion"));
        let attribute = "<httpRuntime targetFramework=\"4.5\" />";
        assert_eq!(
            element_at(attribute, attribute.find("4.5").unwrap()),
            Some("httpRuntime")
        );
        // A finding on the whole element starts at its `<`.
        let elements = "<system.web>\n  <compilation debug=\"true\" />\n  <httpRuntime />";
        assert_eq!(
            element_at(elements, elements.find("<httpRuntime").unwrap()),
            Some("httpRuntime")
        );
        assert_eq!(element_at("no tags", 3), None);
        assert_eq!(element_at("<!-- x", 5), None);
    }
}
