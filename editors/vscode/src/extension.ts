// The tlslint extension: starts `tlslint server` and connects VS Code's language client to it.
// Diagnostics, code actions (including `source.fixAll.tlslint`) and hovers come from the
// server; this file only decides how to start it, which documents it sees and which settings
// it gets.

import * as path from "node:path";
import {
  commands,
  type ConfigurationChangeEvent,
  type ExtensionContext,
  type FileSystemWatcher,
  type LogOutputChannel,
  window,
  workspace,
} from "vscode";
import {
  DidChangeConfigurationNotification,
  type Executable,
  LanguageClient,
  type LanguageClientOptions,
} from "vscode-languageclient/node";

import { isExecutableFound } from "./executable";
import { documentFilters, watchedGlobs } from "./files";
import { SERVER_SETTINGS, type ServerSettings, serverSettings } from "./settings";

/**
 * The client's id, which is also the settings section: vscode-languageclient reads
 * `<id>.trace.server` itself, so this id is what makes `tlslint.trace.server` work.
 */
const CLIENT_ID = "tlslint";

let server: Server | undefined;

/** Starts the server; VS Code calls this on the first file or workspace that needs it. */
export function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel("tlslint", { log: true });
  // One set of watchers for the extension's lifetime: each client of a restart reuses them.
  const watchers = fileWatchers();
  const started = new Server(output, watchers);
  server = started;
  context.subscriptions.push(
    output,
    ...watchers,
    commands.registerCommand("tlslint.restart", () => started.restart()),
    workspace.onDidChangeConfiguration((event) => started.onConfigurationChanged(event)),
  );
  return started.start();
}

/** Shuts the server down; VS Code waits for the promise before it exits. */
export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}

/** The running server, if any, and the starts and stops that replace it. */
class Server {
  private client: LanguageClient | undefined;
  /** Starts and stops run one after another, so that a restart never overlaps a start. */
  private lifecycle: Promise<void> = Promise.resolve();

  constructor(
    private readonly output: LogOutputChannel,
    private readonly watchers: FileSystemWatcher[],
  ) {}

  start(): Promise<void> {
    return this.queue(() => this.launch());
  }

  stop(): Promise<void> {
    return this.queue(() => this.shutDown());
  }

  restart(): Promise<void> {
    return this.queue(async () => {
      await this.shutDown();
      await this.launch();
    });
  }

  /**
   * A new executable needs a new server process; other server settings are sent to the running
   * server. `tlslint.trace.server` is the language client's own business (see CLIENT_ID).
   */
  onConfigurationChanged(event: ConfigurationChangeEvent): void {
    if (event.affectsConfiguration(`${CLIENT_ID}.path`)) {
      void this.restart();
      return;
    }
    const changed = SERVER_SETTINGS.some((name) =>
      event.affectsConfiguration(`${CLIENT_ID}.${name}`),
    );
    const running = this.client;
    if (changed && running?.isRunning()) {
      running
        .sendNotification(DidChangeConfigurationNotification.type, {
          settings: { [CLIENT_ID]: currentSettings(this.output) },
        })
        .catch((error: unknown) =>
          this.output.error(`could not send the new settings: ${String(error)}`),
        );
    }
  }

  private queue(step: () => Promise<void>): Promise<void> {
    this.lifecycle = this.lifecycle.then(step, step);
    return this.lifecycle;
  }

  private async launch(): Promise<void> {
    const executable = serverExecutable();
    if (!isExecutableFound(executable.command)) {
      this.output.error(`${executable.command} not found`);
      void this.offerSettings(executable.command);
      return;
    }
    this.output.info(`starting ${executable.command} ${(executable.args ?? []).join(" ")}`);
    const next = new LanguageClient(
      CLIENT_ID,
      "tlslint",
      { run: executable, debug: executable },
      clientOptions(this.output, this.watchers),
    );
    this.client = next;
    try {
      await next.start();
    } catch (error) {
      // The language client has shown its own error for this already.
      this.client = undefined;
      await this.release(next);
      const message = error instanceof Error ? error.message : String(error);
      this.output.error(`could not start ${executable.command}: ${message}`);
    }
  }

  /** Not awaited: the next start or stop must not wait for the user to read a message. */
  private async offerSettings(command: string): Promise<void> {
    const choice = await window.showErrorMessage(
      `tlslint: "${command}" was not found, so "${command} server" cannot start. ` +
        "Install tlslint or set tlslint.path.",
      "Open Settings",
    );
    if (choice === "Open Settings") {
      await commands.executeCommand("workbench.action.openSettings", `${CLIENT_ID}.path`);
    }
  }

  private async shutDown(): Promise<void> {
    const running = this.client;
    this.client = undefined;
    if (running !== undefined) {
      await this.release(running);
    }
  }

  /** Shuts the server down (`shutdown`, `exit`) and releases the client's diagnostics. */
  private async release(old: LanguageClient): Promise<void> {
    try {
      await old.dispose();
    } catch (error) {
      // A server that already died cannot be shut down; there is nothing left to release.
      this.output.warn(`stopping the server: ${String(error)}`);
    }
  }
}

/**
 * `tlslint.path` with `server`: a command looked up in PATH, an absolute path, or a path relative
 * to the first workspace folder (resolved here, so that the check for a missing executable and
 * the start look at the same file). No `transport`: the client talks over the process's
 * standard streams either way, but `TransportKind.stdio` would also add `--stdio` to the
 * arguments, which `tlslint server` does not take.
 */
function serverExecutable(): Executable {
  const configured = workspace.getConfiguration(CLIENT_ID).get<unknown>("path");
  let command =
    typeof configured === "string" && configured.trim() !== "" ? configured.trim() : "tlslint";
  const folder = workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (/[\\/]/.test(command) && !path.isAbsolute(command) && folder !== undefined) {
    command = path.join(folder, command);
  }
  return { command, args: ["server"] };
}

function clientOptions(
  output: LogOutputChannel,
  watchers: FileSystemWatcher[],
): LanguageClientOptions {
  return {
    documentSelector: documentFilters(),
    diagnosticCollectionName: CLIENT_ID,
    outputChannel: output,
    initializationOptions: () => currentSettings(output),
    synchronize: { fileEvents: watchers },
  };
}

/**
 * Changes on disk that the server must hear of even when no editor shows the file (see
 * `watchedGlobs`).
 */
function fileWatchers(): FileSystemWatcher[] {
  return watchedGlobs().map((glob) => workspace.createFileSystemWatcher(glob));
}

/** The server settings from `tlslint.*`; problems with them go to the output channel. */
function currentSettings(output: LogOutputChannel): ServerSettings {
  const config = workspace.getConfiguration(CLIENT_ID);
  return serverSettings(
    (name) => config.get<unknown>(name),
    workspace.workspaceFolders?.[0]?.uri.fsPath,
    (message) => output.warn(message),
  );
}
