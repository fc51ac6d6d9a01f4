//! Decoding, analysis and rules on arbitrary bytes read as a CSharp file: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlslint::lang::FileKind;

fuzz_target!(|data: &[u8]| {
    tlslint::fuzzing::analyze(FileKind::CSharp, "Fuzz.cs", data);
});
