#!/usr/bin/env python3
"""Measures `tlslint server`: time from `didChange` to `publishDiagnostics`, and memory.

    benches/server-latency.py [--tlslint PATH] [--edits 30] [--files 5000] [--large 15000]

The binary is --tlslint, else $TLSLINT_BIN, else target/release/tlslint. The script generates
a tree with benches/generate-tree.py (--files files) plus a project of its own: an old-style
.csproj, its App.config and a 2,000-line C# file. It opens the C# file and the project file
and then, --edits times each, changes the C# file (a legacy protocol line in, then out) and
the project file (its target 4.5, then 4.8), timing each change until the server publishes
the document's new diagnostics. Memory is the server's VmRSS (/proc/PID/status) once its
first check is done: on test-repos/, and on a --large-file tree. Standard library only;
Linux (for /proc).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import queue
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TIMEOUT = 600.0

LEGACY = "            ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls12;"

PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project ToolsVersion="15.0" DefaultTargets="Build" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <AssemblyName>BenchApp</AssemblyName>
    <TargetFrameworkVersion>v4.5</TargetFrameworkVersion>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="Big.cs" />
    <None Include="App.config" />
  </ItemGroup>
</Project>
"""

CONFIG = """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <startup>
    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5" />
  </startup>
</configuration>
"""


def big_cs(lines):
    """A C# file of about `lines` lines with one method per 20 lines and no finding."""
    out = ["using System;", "using System.Net;", "", "namespace Bench", "{",
           "    public static class Big", "    {"]
    n = 0
    while len(out) < lines - 3:
        out += [f"        public static int Method{n}(string input)", "        {"]
        out += [f"            var local{i} = input.Length + {i}; // filler" for i in range(15)]
        out += ["            return input.Length;", "        }", ""]
        n += 1
    out += ["    }", "}", ""]
    return "\n".join(out)


class Server:
    """`tlslint server` on pipes, with a reader thread that queues every message."""

    def __init__(self, binary, root):
        self.proc = subprocess.Popen([binary, "server"], cwd=root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.backlog = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        root_uri = Path(root).resolve().as_uri()
        self.request("initialize", {"processId": os.getpid(), "rootUri": root_uri,
                                    "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                                    "capabilities": {}})
        self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put(json.loads(out.read(length)))

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m)

    def wait(self, wanted):
        """The first message `wanted` accepts, received before (kept in the backlog) or now."""
        for i, message in enumerate(self.backlog):
            if wanted(message):
                return self.backlog.pop(i)
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self.messages.get(timeout=max(0.0, deadline - time.monotonic()))
            if "method" in message and "id" in message:
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            if wanted(message):
                return message
            self.backlog.append(message)

    def diagnostics(self, uri, version=None):
        """The next diagnostics published for `uri` (for its `version`, when given: a document
        can be published again by the check of another document's change)."""
        message = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri
                            and (version is None or m["params"].get("version") == version))
        return message["params"]["diagnostics"]

    def open(self, path, text):
        uri = Path(path).resolve().as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "", "version": 1, "text": text}})
        return uri

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.proc.wait(timeout=TIMEOUT)


def generate(out, files):
    subprocess.run([sys.executable, str(HERE / "generate-tree.py"), str(out), "--files",
                    str(files)], check=True, stdout=subprocess.DEVNULL)


def first_check(binary, root):
    """Starts a server on `root`, waits for its first check (a pull answers after it), and
    returns its RSS in MiB and the seconds the first check took."""
    server = Server(binary, root)
    started = time.monotonic()
    server.request("workspace/diagnostic", {"previousResultIds": []})
    elapsed = time.monotonic() - started
    rss = server.rss_mib()
    server.close()
    return rss, elapsed


def latencies(binary, files, edits):
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        generate(tree, files)
        app = tree / "bench-app"
        app.mkdir()
        source = big_cs(2000)
        (app / "Big.cs").write_text(source)
        (app / "BenchApp.csproj").write_text(PROJECT)
        (app / "App.config").write_text(CONFIG)
        server = Server(binary, tree)
        big = server.open(app / "Big.cs", source)
        project = server.open(app / "BenchApp.csproj", PROJECT)
        server.diagnostics(big)
        server.diagnostics(project)
        lines = source.split("\n")
        anchor = lines.index("        {") + 1
        with_legacy = "\n".join(lines[:anchor] + [LEGACY] + lines[anchor:])
        versions = {big: 1, project: 1}
        results = {"C# file (2,000 lines)": [], "project file": []}

        def change(uri, text):
            versions[uri] += 1
            started = time.monotonic()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": versions[uri]},
                "contentChanges": [{"text": text}]})
            server.diagnostics(uri, versions[uri])
            return (time.monotonic() - started) * 1000

        for i in range(edits):
            text = with_legacy if i % 2 == 0 else source
            results["C# file (2,000 lines)"].append(change(big, text))
            target = "v4.8" if i % 2 == 0 else "v4.5"
            results["project file"].append(change(project, PROJECT.replace("v4.5", target)))
        server.close()
        return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tlslint", default=os.environ.get("TLSLINT_BIN",
                                                            str(REPO / "target/release/tlslint")))
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--large", type=int, default=15000)
    args = parser.parse_args()
    binary = str(Path(args.tlslint).resolve())
    print(f"tlslint: {binary}")
    print(f"didChange -> publishDiagnostics in a {args.files:,}-file tree, {args.edits} edits each")
    print(f"{'document':<24} {'median ms':>10} {'p90 ms':>10} {'max ms':>10}")
    for name, times in latencies(binary, args.files, args.edits).items():
        times.sort()
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(f"{name:<24} {statistics.median(times):>10.1f} {p90:>10.1f} {times[-1]:>10.1f}")
    print()
    print(f"{'workspace':<24} {'RSS MiB':>10} {'first check s':>14}")
    rss, seconds = first_check(binary, REPO / "test-repos")
    print(f"{'test-repos/':<24} {rss:>10.1f} {seconds:>14.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "large"
        generate(tree, args.large)
        rss, seconds = first_check(binary, tree)
        print(f"{f'{args.large:,}-file tree':<24} {rss:>10.1f} {seconds:>14.2f}")


if __name__ == "__main__":
    main()
