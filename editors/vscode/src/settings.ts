// The settings `tlslint server` receives (`initializationOptions`, and
// `workspace/didChangeConfiguration` as `{ "tlslint": ... }`), read from VS Code's `tlslint.*`.
// Kept apart from the VS Code API so that `npm test` can check it without VS Code.

import * as path from "node:path";

/** The settings the server receives, by their name under `tlslint.`. */
export const SERVER_SETTINGS = ["select", "ignore", "targetFramework", "configPath"] as const;

/** The settings sent to the server; a key left out means "as `tlslint.toml` says". */
export interface ServerSettings {
  select?: string[];
  ignore?: string[];
  targetFramework?: string;
  configPath?: string;
}

/**
 * The server settings from `get(name)` (the value of `tlslint.<name>`). Unset ones (`null`, or
 * an empty string) are left out so that the server falls back to `tlslint.toml`. A value of the
 * wrong type (settings.json is written by hand, and VS Code only underlines it) is reported
 * through `warn` and left out rather than sent. A relative `configPath` is resolved against
 * `workspaceFolder`: the server's working folder is not the user's business.
 */
export function serverSettings(
  get: (name: string) => unknown,
  workspaceFolder: string | undefined,
  warn: (message: string) => void,
): ServerSettings {
  const settings: ServerSettings = {};
  const invalid = (name: string, expected: string): void =>
    warn(`ignoring tlslint.${name}: expected ${expected}`);

  const select = get("select");
  if (isStringArray(select)) {
    settings.select = select;
  } else if (isSet(select)) {
    invalid("select", "an array of rule ids or names");
  }
  const ignore = get("ignore");
  if (isStringArray(ignore)) {
    settings.ignore = ignore;
  } else if (isSet(ignore)) {
    invalid("ignore", "an array of rule ids or names");
  }
  const targetFramework = get("targetFramework");
  if (typeof targetFramework === "string" && isSet(targetFramework)) {
    settings.targetFramework = targetFramework;
  } else if (isSet(targetFramework)) {
    invalid("targetFramework", 'a version such as "4.8"');
  }
  const configPath = get("configPath");
  if (typeof configPath === "string" && isSet(configPath)) {
    settings.configPath = resolve(configPath, workspaceFolder);
  } else if (isSet(configPath)) {
    invalid("configPath", "the path of a tlslint.toml");
  }
  return settings;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

function resolve(file: string, workspaceFolder: string | undefined): string {
  if (path.isAbsolute(file) || workspaceFolder === undefined) {
    return file;
  }
  return path.join(workspaceFolder, file);
}
