// Whether the configured `tlslint` can be found before the language client tries to start it:
// a missing executable is the usual first-run problem, and the client's own error for it
// ("spawn tlslint ENOENT") does not say which setting to change.

import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Whether `command` names a file: a path (with a separator) as it is, a bare name in one of the
 * `PATH` folders, on Windows also with one of the `PATHEXT` extensions (`tlslint.exe`).
 */
export function isExecutableFound(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (command.includes("/") || (platform === "win32" && command.includes("\\"))) {
    return isFile(command);
  }
  const extensions =
    platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";")] : [""];
  const delimiter = platform === "win32" ? ";" : ":";
  const folders = (env.PATH ?? env.Path ?? "").split(delimiter).filter((f) => f !== "");
  return folders.some((folder) =>
    extensions.some((extension) => isFile(path.join(folder, command + extension))),
  );
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
