//! The fix engine: the first byte picks the file kind and target, the rest is the file. Lint,
//! apply every fix (safe and unsafe), lint again: nothing may panic, and the passes must
//! converge like `--fix` promises.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((kind, name, target, bytes)) = tlslint::fuzzing::split(data) {
        tlslint::fuzzing::fix_until_stable(kind, name, bytes, target);
    }
});
