import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { isExecutableFound } from "../executable";

const bin = fs.mkdtempSync(path.join(os.tmpdir(), "tlslint-path-"));
fs.writeFileSync(path.join(bin, "tlslint"), "");
fs.mkdirSync(path.join(bin, "folder"));

test("a bare name is looked up in PATH", () => {
  const env = { PATH: `/nonexistent:${bin}` };
  assert.ok(isExecutableFound("tlslint", env, "linux"));
  assert.ok(!isExecutableFound("tlslint-other", env, "linux"));
  assert.ok(!isExecutableFound("folder", env, "linux"), "a folder is not an executable");
  assert.ok(!isExecutableFound("tlslint", {}, "linux"), "no PATH, nothing found");
});

test("a path is taken as it is", () => {
  assert.ok(isExecutableFound(path.join(bin, "tlslint"), {}, "linux"));
  assert.ok(!isExecutableFound(path.join(bin, "missing"), { PATH: bin }, "linux"));
});

test("on Windows, PATH is split at `;` and PATHEXT extensions are tried", () => {
  fs.writeFileSync(path.join(bin, "tlslint-win.EXE"), "");
  const env = { Path: `/nonexistent;${bin}`, PATHEXT: ".COM;.EXE" };
  assert.ok(isExecutableFound("tlslint-win", env, "win32"));
  assert.ok(!isExecutableFound("tlslint-win", { ...env, PATHEXT: ".BAT" }, "win32"));
});
