use std::process::ExitCode;

use clap::Parser as _;

use chronolanes::app::{StartView, Startup};
use chronolanes::cli::{Cli, ViewArgs, run};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Some(command) = cli.command.take() {
        return run(command);
    }
    // An unknown story is a wrong argument, like any bad view value: said before any window
    // opens.
    if let Some(Some(story)) = &cli.view.present
        && let Err(message) = chronolanes::app::check_story_id(cli.file.as_deref(), story)
    {
        eprintln!("error: {message}");
        return ExitCode::from(chronolanes::cli::EXIT_UNUSABLE);
    }
    chronolanes::app::launch(Startup {
        file: cli.file,
        screenshot: cli.screenshot,
        compare: cli.compare,
        fresh: false,
        view: start_view(&cli.view),
    })
}

/// The command line's view options, as the app takes them.
fn start_view(args: &ViewArgs) -> StartView {
    StartView {
        filter: args.filter.to_filter(),
        grouping: args.group_by,
        window: args.window,
        select: args.select.clone(),
        present: args.present.is_some(),
        present_story: args.present.clone().flatten(),
        table: args.table,
    }
}
