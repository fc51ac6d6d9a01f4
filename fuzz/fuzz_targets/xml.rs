//! Decoding, analysis and rules on arbitrary bytes read as a .NET config file and as an MSBuild
//! project (both go through tree-sitter-xml): nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlslint::lang::FileKind;

fuzz_target!(|data: &[u8]| {
    tlslint::fuzzing::analyze(FileKind::Config, "web.config", data);
    tlslint::fuzzing::analyze(FileKind::MsBuild, "Fuzz.csproj", data);
});
