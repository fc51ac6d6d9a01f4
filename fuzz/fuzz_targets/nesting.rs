//! Deep nesting of every kind in every language, built from the fuzzer's bytes: nothing may
//! panic, and parsing stays within its work budget (run with `-timeout=10` so that a
//! super-linear analysis after the parse shows up as a timeout).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    tlslint::fuzzing::nesting(data);
});
