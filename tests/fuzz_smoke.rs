//! The fuzz targets' oracles, run in CI on mutated seeds for a bounded amount of work.
//!
//! Coverage-guided fuzzing (`fuzz/`, cargo-fuzz) needs a nightly toolchain that CI machines do
//! not have. This test gives every CI run a share of it on stable: each seed of
//! `fuzz/seeds/<target>/` is mutated a fixed number of times by a seeded generator (byte
//! flips, insertions and deletions of bytes and of tokens the analysers care about, chunks
//! repeated, other seeds spliced in, and runs of nesting brackets), and every mutant goes
//! through the same entry points as the fuzz targets: nothing may panic, the skeleton C# parse
//! and the XML tokenizer must agree with tree-sitter, and `--fix` must converge. The generator
//! is deterministic, so a failure reproduces with the printed seed and mutant number.
//! `TLSLINT_FUZZ_ROUNDS` raises the number of mutants per seed (default 6).

use std::path::Path;

use tlslint::fuzzing::{SEED_FOLDERS, run_input};

/// A small, seeded xorshift generator: no dependency, the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Tokens that steer the analysers into their interesting paths.
const TOKENS: &[&str] = &[
    "SecurityProtocolType.Tls",
    "SecurityProtocolType.Tls12",
    " | ",
    " + ",
    "-bor",
    "SslProtocols.Ssl3",
    "ServicePointManager.SecurityProtocol = ",
    "#if DEBUG\n",
    "#else\n",
    "#endif\n",
    "\"",
    "'",
    "<TargetFrameworkVersion>v4.0</TargetFrameworkVersion>",
    "<AppContextSwitchOverrides value=\"Switch.System.Net.DontEnableSchUseStrongCrypto=true\" />",
    "WINHTTP_FLAG_SECURE_PROTOCOL_TLS1",
    "[Net.SecurityProtocolType]::Tls11",
    "/*",
    "*/",
    "\r\n",
    "\u{feff}",
];

fn mutate(rng: &mut Rng, data: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let mut out = data.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(8) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let end = (at + rng.below(16)).min(out.len());
                out.drain(at.min(end)..end);
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.bytes());
            }
            3 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + rng.below(64)).min(out.len());
                let chunk = out[start..end].to_vec();
                for _ in 0..=rng.below(8) {
                    out.splice(at..at, chunk.iter().copied());
                }
            }
            4 if !others.is_empty() => {
                let other = &others[rng.below(others.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(256)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            5 => {
                // Deep nesting: the input shape that once took minutes.
                let open = [b'(', b'[', b'{', b'<'][rng.below(4)];
                let depth = 1 + rng.below(3000);
                out.splice(at..at, std::iter::repeat_n(open, depth));
            }
            _ => {
                let byte = rng.next() as u8;
                out.insert(at, byte);
            }
        }
    }
    out
}

#[test]
fn mutated_seeds_keep_every_fuzz_oracle() {
    let rounds: usize = std::env::var("TLSLINT_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(6);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut mutants = 0;
    for (target, kind) in SEED_FOLDERS {
        let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(corpus.join(target))
            .unwrap_or_else(|e| panic!("fuzz/seeds/{target}: {e}"))
            .map(|entry| {
                let entry = entry.expect("a seed");
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    std::fs::read(entry.path()).expect("a readable seed"),
                )
            })
            .collect();
        // Directory order differs between machines; the run must not.
        seeds.sort();
        let others: Vec<Vec<u8>> = seeds.iter().map(|(_, data)| data.clone()).collect();
        for (name, data) in &seeds {
            let mut rng = Rng(name.bytes().fold(0x9e37_79b9_7f4a_7c15, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            }));
            for round in 0..rounds {
                let mutant = mutate(&mut rng, data, &others);
                let context = format!("fuzz/seeds/{target}/{name}, mutant {round}");
                let outcome = std::panic::catch_unwind(|| run_input(kind, &mutant));
                if outcome.is_err() {
                    let keep = std::env::temp_dir()
                        .join(format!("tlslint-mutant-{target}-{name}-{round}"));
                    let _ = std::fs::write(&keep, &mutant);
                    panic!(
                        "{context} broke an oracle; the input is at {}",
                        keep.display()
                    );
                }
                mutants += 1;
            }
        }
    }
    assert!(mutants >= 6 * 300, "only {mutants} mutants");
}
