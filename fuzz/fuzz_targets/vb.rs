//! Decoding, analysis and rules on arbitrary bytes read as a VisualBasic file: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlslint::lang::FileKind;

fuzz_target!(|data: &[u8]| {
    tlslint::fuzzing::analyze(FileKind::VisualBasic, "Fuzz.vb", data);
});
