//! `chronolanes generate --events N … -o FILE.ron`: a synthetic timeline for benchmarks and tests.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::generate::{GenerateOptions, generate_file};

use super::{EXIT_UNUSABLE, write_stdout};

/// `chronolanes generate`: prints what it wrote, or why not.
pub fn run_generate(options: GenerateOptions, path: &Path, force: bool) -> ExitCode {
    let started = Instant::now();
    match generate_file(options, path, force) {
        Ok((counts, bytes)) => {
            let mut capped = Vec::new();
            if counts.people < options.people {
                capped.push(format!("people capped at {}", counts.people));
            }
            if counts.cartels < options.cartels {
                capped.push(format!("cartels capped at {}", counts.cartels));
            }
            let note = if capped.is_empty() {
                String::new()
            } else {
                format!(" ({}, so that each is referred to)", capped.join(", "))
            };
            let summary = format!(
                "{}: {} events, {} people, {} cartels, {} sources, {:.1} MB in {:.2} s{note}\n",
                path.display(),
                counts.events,
                counts.people,
                counts.cartels,
                counts.sources,
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            match write_stdout(summary.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            }
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(EXIT_UNUSABLE)
        }
    }
}
