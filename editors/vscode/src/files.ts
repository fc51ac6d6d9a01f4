// The files tlslint reads, and the VS Code globs that find them.
//
// This list mirrors the README's "Languages and files" table and `FileKind::from_file_name` in
// the crate; `tests/vscode_extension.rs` checks it against both (the README's names, and the
// binary's own answer to `--stdin-filename` for each glob): it reads the `globs` and `languages`
// arrays below as lists of string literals, so keep them literal.

/** One kind of file that tlslint reads. */
export interface FileKind {
  /** The kind's name in the README. */
  readonly name: string;
  /** VS Code's language ids for these files, where VS Code has its own. */
  readonly languages: readonly string[];
  /** File-name globs, matched case-insensitively (tlslint classifies names that way). */
  readonly globs: readonly string[];
}

/** Every kind of file that tlslint reads. */
export const FILE_KINDS: readonly FileKind[] = [
  { name: "C#", languages: ["csharp"], globs: ["*.cs", "*.csx"] },
  { name: "VB.NET", languages: ["vb"], globs: ["*.vb"] },
  {
    name: "MSBuild",
    languages: [],
    globs: ["*.csproj", "*.vbproj", "*.fsproj", "*.props", "*.targets", "*.projitems"],
  },
  // `packages.config` matches too; the server reports nothing there, as `check` does not read it.
  { name: ".NET config", languages: [], globs: ["*.config"] },
  {
    name: "runtime config",
    languages: [],
    globs: ["runtimeconfig.template.json", "*.runtimeconfig.json", "*.runtimeconfig.dev.json"],
  },
  { name: "PowerShell", languages: ["powershell"], globs: ["*.ps1", "*.psm1", "*.psd1"] },
  { name: "registry", languages: [], globs: ["*.reg"] },
  {
    name: "C/C++",
    languages: ["c", "cpp"],
    globs: ["*.c", "*.cc", "*.cpp", "*.cxx", "*.h", "*.hpp", "*.hxx"],
  },
];

/**
 * Files that decide findings without being linted themselves: configuration, severities and
 * which files are checked. A change to one of them changes the diagnostics of other files.
 */
export const SETTINGS_FILES: readonly string[] = [
  "tlslint.toml",
  ".tlslint.toml",
  ".editorconfig",
  ".gitignore",
  ".ignore",
];

/**
 * A glob that matches `glob` whatever the case of its letters (`*.cs` also finds `Program.CS`):
 * VS Code's globs are case-sensitive on Linux, tlslint's file kinds are not.
 */
export function caseInsensitive(glob: string): string {
  return Array.from(glob, (c) => {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    return lower === upper ? c : `[${lower}${upper}]`;
  }).join("");
}

/** A glob that finds files named by `glob` in any folder. */
export function anywhere(glob: string): string {
  return `**/${caseInsensitive(glob)}`;
}

/** A document filter: what vscode-languageclient's `DocumentFilter` needs, without VS Code. */
export interface FileFilter {
  readonly scheme: "file";
  readonly language?: string;
  readonly pattern: string;
}

/**
 * Saved files of every kind tlslint reads. A kind that VS Code knows a language for is selected
 * by that language and its globs together: `csharp` alone would also take `.cake` files, `cpp`
 * alone `.ino` files, which tlslint does not read. Untitled buffers have no name to tell their
 * kind or project by, so they are left out.
 */
export function documentFilters(): FileFilter[] {
  return FILE_KINDS.flatMap((kind) =>
    kind.globs.flatMap((glob): FileFilter[] => {
      const pattern = anywhere(glob);
      if (kind.languages.length === 0) {
        return [{ scheme: "file", pattern }];
      }
      return kind.languages.map((language) => ({ scheme: "file", language, pattern }));
    }),
  );
}

/**
 * The globs of files whose changes on disk the server must hear of even when no editor shows
 * them: a project file, `App.config` or `.reg` file changes the findings of other files of its
 * project, and `tlslint.toml`, `.editorconfig` and ignore files change what is reported where.
 */
export function watchedGlobs(): string[] {
  return [...FILE_KINDS.flatMap((kind) => kind.globs), ...SETTINGS_FILES].map(anywhere);
}
