import * as assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import { SERVER_SETTINGS, serverSettings } from "../settings";

/** `serverSettings` over a fixed `tlslint.*` section; returns the settings and the warnings. */
function read(section: Record<string, unknown>, folder?: string) {
  const warnings: string[] = [];
  const settings = serverSettings(
    (name) => section[name],
    folder,
    (message) => warnings.push(message),
  );
  return { settings, warnings };
}

const folder = path.resolve("/work/space");

test("unset settings are left out, so that tlslint.toml decides", () => {
  assert.deepEqual(read({}), { settings: {}, warnings: [] });
  const unset = { select: null, ignore: null, targetFramework: "", configPath: null };
  assert.deepEqual(read(unset, folder), { settings: {}, warnings: [] });
});

test("set settings are sent under the contract's names", () => {
  const { settings, warnings } = read(
    {
      select: ["TLS001", "legacy-protocol-value"],
      ignore: [],
      targetFramework: "4.8.1",
      configPath: path.join(folder, "ci", "tlslint.toml"),
      path: "/usr/bin/tlslint",
    },
    folder,
  );
  assert.deepEqual(settings, {
    select: ["TLS001", "legacy-protocol-value"],
    ignore: [],
    targetFramework: "4.8.1",
    configPath: path.join(folder, "ci", "tlslint.toml"),
  });
  assert.deepEqual(warnings, []);
  assert.deepEqual(Object.keys(settings).sort(), [...SERVER_SETTINGS].sort());
});

test("a relative configPath is resolved against the workspace folder", () => {
  const relative = path.join("config", "tlslint.toml");
  const resolved = read({ configPath: relative }, folder).settings.configPath;
  assert.equal(resolved, path.join(folder, relative));
  // Without a folder there is nothing to resolve against: the server gets the path as written.
  assert.equal(read({ configPath: relative }).settings.configPath, relative);
});

test("values of the wrong type are reported and not sent", () => {
  const { settings, warnings } = read({
    select: "TLS001",
    ignore: ["TLS003", 3],
    targetFramework: 4.8,
    configPath: { file: "tlslint.toml" },
  });
  assert.deepEqual(settings, {});
  assert.deepEqual(warnings, [
    "ignoring tlslint.select: expected an array of rule ids or names",
    "ignoring tlslint.ignore: expected an array of rule ids or names",
    'ignoring tlslint.targetFramework: expected a version such as "4.8"',
    "ignoring tlslint.configPath: expected the path of a tlslint.toml",
  ]);
});
