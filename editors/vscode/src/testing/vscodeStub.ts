// Just enough of the `vscode` module to activate the extension under Node's test runner: the
// parts the extension and vscode-languageclient use for starting a server over stdio are plain
// objects a test can drive (settings, configuration events, error messages); everything else is
// a do-nothing stand-in. Install it before the extension is loaded.

import Module = require("node:module");

type Listener<T> = (event: T) => unknown;

/** An event source in VS Code's shape: subscribing returns a disposable. */
class Emitter<T> {
  private readonly listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      listener(value);
    }
  }
}

/** What a test sees of the stub and drives it with. */
export interface Stub {
  /** The values of `tlslint.*`, by name. */
  settings: Record<string, unknown>;
  /** Error messages the extension showed. */
  errors: string[];
  /** Fires `workspace.onDidChangeConfiguration` for changes to these `tlslint.*` settings. */
  changeSettings(names: string[]): void;
}

/**
 * A stand-in for any API the test does not care about: every property is another stand-in,
 * calling or constructing one returns one, and it is neither a promise nor iterable.
 */
function standIn(): unknown {
  const handler: ProxyHandler<object> = {
    get(target: Record<string | symbol, unknown>, property) {
      if (property === "then" || property === Symbol.iterator) {
        return undefined;
      }
      if (!(property in target)) {
        target[property] = standIn();
      }
      return target[property];
    },
    apply: () => standIn(),
    construct: () => standIn() as object,
  };
  return new Proxy(function () {}, handler);
}

function disposable() {
  return { dispose() {} };
}

/** Makes `require("vscode")` return a stub; returns the handle tests drive it with. */
export function installVscodeStub(workspaceFolder: string): Stub {
  const configuration = new Emitter<{ affectsConfiguration(section: string): boolean }>();
  const stub: Stub = {
    settings: {},
    errors: [],
    changeSettings(names) {
      configuration.fire({
        affectsConfiguration: (section) => names.some((name) => section === `tlslint.${name}`),
      });
    },
  };
  const noEvent = () => disposable();
  const log = () => {};
  const vscode = Object.assign(standIn() as object, {
    __esModule: true,
    version: "1.91.0",
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    workspace: Object.assign(standIn() as object, {
      workspaceFolders: [
        { uri: { fsPath: workspaceFolder, toString: () => `file://${workspaceFolder}` }, index: 0 },
      ],
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration: (section: string) => ({
        get: (name: string, fallback?: unknown) => {
          const value = section === "tlslint" ? stub.settings[name] : undefined;
          return value === undefined ? fallback : value;
        },
      }),
      createFileSystemWatcher: () => ({
        ...disposable(),
        onDidCreate: noEvent,
        onDidChange: noEvent,
        onDidDelete: noEvent,
      }),
      onDidChangeConfiguration: configuration.event,
    }),
    window: Object.assign(standIn() as object, {
      visibleTextEditors: [],
      createOutputChannel: () => ({
        ...disposable(),
        logLevel: 3,
        onDidChangeLogLevel: noEvent,
        trace: log,
        debug: log,
        info: log,
        warn: log,
        error: log,
        append: log,
        appendLine: log,
        show: log,
      }),
      showErrorMessage: async (message: string) => {
        stub.errors.push(message);
        return undefined;
      },
    }),
    commands: Object.assign(standIn() as object, {
      registerCommand: () => disposable(),
      executeCommand: async () => undefined,
    }),
  });
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? vscode : load.call(this, request, ...rest);
  };
  return stub;
}
