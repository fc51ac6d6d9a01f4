use std::process::ExitCode;

fn main() -> ExitCode {
    // Files are analysed on the directory walker's threads, which the `ignore` crate spawns with
    // the default stack size; the analysers recurse over syntax trees up to
    // `lang::tree::MAX_DEPTH` levels deep, which 2 MiB does not hold in every build. The
    // standard library reads RUST_MIN_STACK when it spawns the first thread, so setting it here,
    // before any thread exists, gives every thread the stack our own pools get. (Reserved stack
    // that is never touched costs no memory.)
    if std::env::var_os("RUST_MIN_STACK").is_none() {
        // SAFETY: no other thread exists yet, so nothing can read the environment concurrently.
        unsafe {
            std::env::set_var(
                "RUST_MIN_STACK",
                tlslint::engine::WORKER_STACK_SIZE.to_string(),
            );
        }
    }
    tlslint::cli::main(tlslint::server::run)
}
