//! The `warroom` binary: parse arguments, run, print the error chain, exit
//! 0 (success), 1 (rule errors) or 2 (usage, config or I/O error).

use std::process::ExitCode;

use clap::Parser;

// Rendering allocates many short-lived strings and JSON values across threads;
// mimalloc measured clearly faster than the system allocator there.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = warroom::cli::Cli::parse();
    match warroom::commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            if err
                .chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}
