use std::process::ExitCode;

use clap::Parser as _;

use chronolanes::app::{StartView, Startup};
use chronolanes::cli::{Cli, ViewArgs, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run(command),
        None => chronolanes::app::launch(Startup {
            file: cli.file,
            screenshot: cli.screenshot,
            compare: cli.compare,
            fresh: false,
            view: start_view(&cli.view),
        }),
    }
}

/// The command line's view options, as the app takes them.
fn start_view(args: &ViewArgs) -> StartView {
    StartView {
        filter: args.filter.to_filter(),
        grouping: args.group_by,
        window: args.window,
        select: args.select.clone(),
        present: args.present,
        compress: args.compress,
        table: args.table,
    }
}
