use std::process::ExitCode;

fn main() -> ExitCode {
    tlslint::cli::main()
}
