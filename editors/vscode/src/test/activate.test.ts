// The compiled extension, activated against a stubbed `vscode` module, starts a fake `tlslint`
// and speaks to it as the server contract says (editors/README.md, "Settings"): the command is
// `<tlslint.path> server` and nothing else, the settings arrive as `initializationOptions` and,
// when they change, as `workspace/didChangeConfiguration` under `tlslint`; deactivating shuts the
// server down. This is vscode-languageclient at work, not a copy of it.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";

import { installVscodeStub } from "../testing/vscodeStub";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tlslint-vscode-"));
const workspaceFolder = path.join(scratch, "workspace");
const messages = path.join(scratch, "messages.jsonl");
const stub = installVscodeStub(workspaceFolder);

// Loaded after the stub, so that its `require("vscode")` gets the stub.
const extension = require("../extension") as typeof import("../extension");

/** A fake `tlslint`: a Node script that logs its arguments and every message, as JSON lines. */
function writeFakeServer(): string {
  const file = path.join(workspaceFolder, "bin", "tlslint");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const source = `#!${process.execPath}
const fs = require("node:fs");
const messages = ${JSON.stringify(messages)};
const log = (value) => fs.appendFileSync(messages, JSON.stringify(value) + "\\n");
log({ argv: process.argv.slice(2) });
let buffer = Buffer.alloc(0);
const send = (message) => {
  const body = Buffer.from(JSON.stringify(message));
  process.stdout.write("Content-Length: " + body.length + "\\r\\n\\r\\n");
  process.stdout.write(body);
};
process.stdin.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\\r\\n\\r\\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    log(message);
    if (message.method === "initialize") {
      send({ jsonrpc: "2.0", id: message.id, result: { capabilities: {} } });
    } else if (message.method === "shutdown") {
      send({ jsonrpc: "2.0", id: message.id, result: null });
    } else if (message.method === "exit") {
      process.exit(0);
    }
  }
});
`;
  fs.writeFileSync(file, source, { mode: 0o755 });
  return file;
}

interface Logged {
  argv?: string[];
  method?: string;
  params?: { initializationOptions?: unknown; settings?: unknown };
}

function logged(): Logged[] {
  if (!fs.existsSync(messages)) {
    return [];
  }
  return fs
    .readFileSync(messages, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Logged);
}

/**
 * Waits until the fake server has logged `count` messages like this: at most 20 seconds, since
 * CI runs this while cargo compiles on the same two cores.
 */
async function waitFor(what: (message: Logged) => boolean, count = 1): Promise<Logged[]> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const found = logged().filter(what);
    if (found.length >= count) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the fake server never logged that; it logged ${JSON.stringify(logged())}`);
}

const context = { subscriptions: [] as { dispose(): unknown }[] };
const skip = process.platform === "win32" ? "the fake server is a script with a #! line" : false;

before(async () => {
  stub.settings = {
    path: writeFakeServer(),
    select: ["TLS001"],
    ignore: null,
    targetFramework: "4.8",
    configPath: path.join("ci", "tlslint.toml"),
  };
  if (!skip) {
    await extension.activate(context as never);
  }
});

after(async () => {
  await extension.deactivate();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test("the server is started as `tlslint server`, with the settings", { skip }, async () => {
  const [started] = await waitFor((message) => message.argv !== undefined);
  assert.deepEqual(started?.argv, ["server"]);
  const [initialize] = await waitFor((message) => message.method === "initialize");
  assert.deepEqual(initialize?.params?.initializationOptions, {
    select: ["TLS001"],
    targetFramework: "4.8",
    configPath: path.join(workspaceFolder, "ci", "tlslint.toml"),
  });
});

test("changed settings are sent under `tlslint`", { skip }, async () => {
  await waitFor((message) => message.method === "initialized");
  stub.settings.ignore = ["TLS003"];
  stub.changeSettings(["ignore"]);
  const isChange = (message: Logged) => message.method === "workspace/didChangeConfiguration";
  const [change] = await waitFor(isChange);
  assert.deepEqual(change?.params?.settings, {
    tlslint: {
      select: ["TLS001"],
      ignore: ["TLS003"],
      targetFramework: "4.8",
      configPath: path.join(workspaceFolder, "ci", "tlslint.toml"),
    },
  });
});

test("a new tlslint.path starts a new server; the old one is shut down", { skip }, async () => {
  // Relative to the workspace folder: the same fake server.
  stub.settings.path = path.join("bin", "tlslint");
  stub.changeSettings(["path"]);
  await waitFor((message) => message.argv !== undefined, 2);
  await waitFor((message) => message.method === "exit");
  await waitFor((message) => message.method === "initialize", 2);
});

test("deactivating shuts the server down", { skip }, async () => {
  await waitFor((message) => message.method === "initialized", 2);
  await extension.deactivate();
  await waitFor((message) => message.method === "shutdown", 2);
  await waitFor((message) => message.method === "exit", 2);
});

test("a missing executable is reported once, naming the setting", { skip }, async () => {
  const before = logged().length;
  stub.settings.path = path.join(scratch, "no-such-tlslint");
  await extension.activate(context as never);
  assert.equal(stub.errors.length, 1, JSON.stringify(stub.errors));
  assert.match(stub.errors[0] ?? "", /no-such-tlslint" was not found.*tlslint\.path/);
  assert.equal(logged().length, before, "no server was started");
});
