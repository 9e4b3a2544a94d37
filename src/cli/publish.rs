//! `chronolanes publish FILE -o page.html`: the timeline as one self-contained web page (see
//! [`crate::export::publish`]).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::publish::{PublishOptions, PublishedStory, publish_page};
use crate::fs_util::write_atomically;
use crate::lanes::Grouping;
use crate::model::Timeline;
use crate::scene::Scene;

use super::{EXIT_UNUSABLE, FilterArgs, file_write_failure, open_for_output, write_stdout};

/// The arguments of `publish`.
#[derive(Clone, Debug)]
pub struct PublishRequest {
    pub file: PathBuf,
    pub output: PathBuf,
    pub grouping: Grouping,
    pub filter: FilterArgs,
    pub force: bool,
    /// The id of a story of the file to show as slides.
    pub story: Option<String>,
}

/// Writes the page of `request.file` (any format [`crate::open`] knows) to `request.output`,
/// then says what it wrote.
pub fn run_publish(request: &PublishRequest) -> ExitCode {
    let output = &request.output;
    let filter = request.filter.to_filter();
    let timeline = match open_for_output(&request.file, output, request.force, &filter) {
        Ok(timeline) => timeline,
        Err(code) => return code,
    };
    let story = match &request.story {
        None => None,
        Some(id) => match timeline.stories.iter().find(|story| story.id == *id) {
            Some(story) => Some(PublishedStory::from_story(story)),
            None => {
                eprintln!(
                    "{}: error: {}",
                    request.file.display(),
                    unknown_story(id, &timeline)
                );
                return ExitCode::from(EXIT_UNUSABLE);
            }
        },
    };
    let scene = Scene::new(timeline, request.grouping, &filter);
    let page = publish_page(&scene, &PublishOptions { story });
    if page.visible_events == 0 {
        eprintln!("warning: no events match the filters; the page has empty lanes");
    }
    if let Err(error) = write_atomically(output, page.html.as_bytes()) {
        return file_write_failure(output, &error);
    }
    let summary = format!(
        "wrote {}: {}, {} KB\n",
        output.display(),
        crate::diagnostic::plural(page.visible_events, "event"),
        page.html.len().div_ceil(1024),
    );
    match write_stdout(summary.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// "no story `x`; did you mean `y`? (the file's stories: a, b)", or that the file has none.
fn unknown_story(id: &str, timeline: &Timeline) -> String {
    let ids: Vec<&str> = timeline.stories.iter().map(|s| s.id.as_str()).collect();
    if ids.is_empty() {
        return format!("no story `{id}`: the file has no stories");
    }
    let hint = crate::suggest::closest(id, ids.iter().copied())
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    format!(
        "no story `{id}`{hint} (the file's stories: {})",
        ids.join(", ")
    )
}
