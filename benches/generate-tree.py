#!/usr/bin/env python3
"""Generates a synthetic .NET code base for benchmarks: many repositories of SDK-style and
old-style projects, C# files of realistic size of which a few percent touch TLS settings, plus
configs, scripts and a little noise (binary files, generated code).

    benches/generate-tree.py OUT [--files 15000] [--repos 40] [--seed 7]

Deterministic for a given seed, so figures from different machines compare. Standard library
only. The default size matches microsoft/referencesource (about 15,000 files, 200 MB).
"""

import argparse
import os
import random

LEGACY = [
    "ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls | SecurityProtocolType.Tls11 | SecurityProtocolType.Tls12;",
    "ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;",
    "ServicePointManager.SecurityProtocol = (SecurityProtocolType)3072;",
    "stream.AuthenticateAsClient(host, null, SslProtocols.Tls, false);",
    "AppContext.SetSwitch(\"Switch.System.Net.DontEnableSchUseStrongCrypto\", false);",
    "if (ServicePointManager.SecurityProtocol.HasFlag(SecurityProtocolType.Tls11)) { Log(\"tls11\"); }",
]

WORDS = ("order invoice customer account ledger report export import queue worker cache "
         "session token payment shipment address catalog price discount tax audit").split()


def ident(rng):
    return "".join(w.capitalize() for w in rng.sample(WORDS, 2))


def method(rng, body_lines):
    name = ident(rng)
    lines = [f"        public async Task<int> {name}Async(string input, CancellationToken ct)", "        {"]
    for _ in range(body_lines):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        lines.append(f"            var {a}{rng.randrange(100)} = await _{b}.GetAsync(input, ct).ConfigureAwait(false); // {a} {b}")
    lines += ["            return input.Length;", "        }", ""]
    return lines


def cs_file(rng, namespace, tls):
    cls = ident(rng)
    lines = [
        "using System;",
        "using System.Net;",
        "using System.Threading;",
        "using System.Threading.Tasks;",
        "" if not tls else "using System.Security.Authentication;",
        "",
        f"namespace {namespace}",
        "{",
        f"    /// <summary>Handles {cls.lower()} requests.</summary>",
        f"    public sealed class {cls}",
        "    {",
    ]
    for _ in range(rng.randrange(2, 12)):
        lines += method(rng, rng.randrange(5, 40))
    if tls:
        lines += ["        public void Configure(SslStream stream, string host)", "        {",
                  "            " + rng.choice(LEGACY), "        }"]
    lines += ["    }", "}", ""]
    return "\r\n".join(lines)


def csproj(rng, sdk):
    if sdk:
        tfm = rng.choice(["net48", "net472", "net462", "net8.0", "netstandard2.0", "net45"])
        return (f'<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>{tfm}</TargetFramework>\n'
                f'    <OutputType>{rng.choice(["Exe", "Library", "Library"])}</OutputType>\n  </PropertyGroup>\n</Project>\n')
    version = rng.choice(["v4.5", "v4.5.2", "v4.6.1", "v4.7.2", "v4.8"])
    return ('<?xml version="1.0" encoding="utf-8"?>\n<Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">\n'
            f'  <PropertyGroup>\n    <OutputType>{rng.choice(["Exe", "Library"])}</OutputType>\n'
            f'    <TargetFrameworkVersion>{version}</TargetFrameworkVersion>\n  </PropertyGroup>\n</Project>\n')


APP_CONFIG = ('<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <startup>\n'
              '    <supportedRuntime version="v4.0" sku=".NETFramework,Version=v4.5" />\n  </startup>\n</configuration>\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=15000)
    parser.add_argument("--repos", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tls-share", type=float, default=0.005,
                        help="share of C# files that touch TLS settings")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    per_repo = max(1, args.files // args.repos)
    total = 0
    for r in range(args.repos):
        repo = os.path.join(args.out, f"repo-{r:03d}")
        os.makedirs(os.path.join(repo, ".git"), exist_ok=True)
        with open(os.path.join(repo, ".git", "HEAD"), "w") as f:
            f.write("ref: refs/heads/main\n")
        made = 0
        p = 0
        while made < per_repo:
            name = f"{ident(rng)}{p}"
            folder = os.path.join(repo, "src" if p % 4 else "tests", name)
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{name}.csproj"), "w") as f:
                f.write(csproj(rng, sdk=bool(p % 2)))
            if p % 3 == 0:
                with open(os.path.join(folder, "App.config"), "w") as f:
                    f.write(APP_CONFIG)
                made += 1
            made += 1
            for i in range(min(rng.randrange(20, 200), per_repo - made)):
                sub = os.path.join(folder, rng.choice(["", "Services", "Models", "Data", "Infrastructure"]))
                os.makedirs(sub, exist_ok=True)
                tls = rng.random() < args.tls_share
                with open(os.path.join(sub, f"{ident(rng)}{i}.cs"), "w", newline="") as f:
                    f.write(cs_file(rng, f"Org.{name}", tls))
                made += 1
            if p % 10 == 0 and made < per_repo:
                with open(os.path.join(folder, "logo.png"), "wb") as f:
                    f.write(bytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]) + rng.randbytes(4096))
                made += 1
            p += 1
        total += made
    print(f"{total} files in {args.repos} repositories under {args.out}")


if __name__ == "__main__":
    main()
