use std::process::ExitCode;

use clap::Parser as _;

use chronolanes::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run(command),
        None => chronolanes::app::launch(chronolanes::app::Startup {
            file: cli.file,
            screenshot: cli.screenshot,
            compare: cli.compare,
            fresh: false,
        }),
    }
}
