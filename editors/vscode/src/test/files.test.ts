import * as assert from "node:assert/strict";
import { test } from "node:test";

import { minimatch } from "minimatch";

import {
  anywhere,
  caseInsensitive,
  documentFilters,
  FILE_KINDS,
  watchedGlobs,
} from "../files";

/** Whether the document selector's pattern for `glob` takes the file at `file`. */
function selects(glob: string, file: string): boolean {
  return minimatch(file, anywhere(glob), { dot: true });
}

test("letters match in either case, other characters as they are", () => {
  assert.equal(caseInsensitive("*.cs"), "*.[cC][sS]");
  assert.equal(caseInsensitive("*.c"), "*.[cC]");
  assert.equal(caseInsensitive("a-1_.json"), "[aA]-1_.[jJ][sS][oO][nN]");
});

test("globs select files of their kind in any folder and any case", () => {
  assert.ok(selects("*.cs", "Program.cs"));
  assert.ok(selects("*.cs", "src/App/PROGRAM.CS"));
  assert.ok(selects("*.config", "src/Web/Web.Config"));
  assert.ok(selects("*.runtimeconfig.json", "bin/App.runtimeconfig.json"));
  assert.ok(selects("runtimeconfig.template.json", "src/App/RuntimeConfig.Template.json"));
  assert.ok(selects("*.reg", ".hidden/tls.reg"));
});

test("globs do not select files of other kinds", () => {
  assert.ok(!selects("*.cs", "build.cake"));
  assert.ok(!selects("*.cs", "Program.cs.bak"));
  assert.ok(!selects("*.c", "main.cpp"));
  assert.ok(!selects("runtimeconfig.template.json", "src/myruntimeconfig.template.json"));
  assert.ok(!selects("*.runtimeconfig.json", "appsettings.json"));
});

test("every kind has globs, and every glob is a name or `*.` and a suffix", () => {
  for (const kind of FILE_KINDS) {
    assert.ok(kind.globs.length > 0, kind.name);
    for (const glob of kind.globs) {
      assert.match(glob, /^(\*\.)?[a-z0-9.]+$/, `${kind.name}: ${glob}`);
    }
  }
});

test("documents are selected by kind, and by language where VS Code has one", () => {
  const filters = documentFilters();
  assert.ok(filters.every((filter) => filter.scheme === "file"));
  const taking = (file: string) =>
    filters.filter((filter) => minimatch(file, filter.pattern, { dot: true }));
  const languages = (file: string) => taking(file).map((filter) => filter.language);
  assert.deepEqual(languages("src/App/Program.cs"), ["csharp"]);
  assert.deepEqual(languages("include/winhttp_setup.H"), ["c", "cpp"]);
  assert.deepEqual(languages("src/App/App.csproj"), [undefined]);
  assert.deepEqual(taking("build.cake"), []);
  assert.deepEqual(taking("src/appsettings.json"), []);
});

test("the watched files are every kind tlslint reads and the files that configure it", () => {
  const watched = (file: string) =>
    watchedGlobs().some((glob) => minimatch(file, glob, { dot: true }));
  for (const file of ["a/App.csproj", "a/Web.config", "a/tls.reg", "a/B.cs", "tlslint.toml"]) {
    assert.ok(watched(file), file);
  }
  for (const file of [".editorconfig", "sub/.tlslint.toml", "sub/.gitignore", "sub/.ignore"]) {
    assert.ok(watched(file), file);
  }
  for (const file of ["a/appsettings.json", "a/readme.md", "a/tlslint.toml.bak"]) {
    assert.ok(!watched(file), file);
  }
});
