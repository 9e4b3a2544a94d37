//! Evidence in the app, driven through egui_kittest as a user would: an event's quotes in the
//! details panel, "Open in article" and the reader, a dispute and the Disputed filter. The file
//! is tests/data/evidence/evidence.ron, whose archives are beside it.

#[path = "support/ui.rs"]
mod ui_support;

use std::path::PathBuf;

use chronolanes::app::{ChronolanesApp, Startup};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ui_support::click_event;

fn evidence_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/evidence/evidence.ron")
}

/// The app on the evidence file, loaded.
fn start() -> Harness<'static, ChronolanesApp> {
    ui_support::start(Startup {
        file: Some(evidence_file()),
        ..Startup::default()
    })
}

#[test]
fn selecting_an_event_shows_its_quotes_and_open_in_article_shows_the_reader() {
    let mut harness = start();
    click_event(&mut harness, "transfer");
    // Each quote under its source, and the source whose saved copy is missing marked as such.
    harness.get_by_label("“Mexico sent 29 cartel figures to the United States on Thursday”");
    harness.get_by_label("“the biggest transfer ... in years”");
    harness.get_by_label("Saved copy articles/missing.txt cannot be read: no such file");
    assert!(harness.state().article_reader.is_none());

    harness.get_by_label("Open in article").click();
    harness.run_steps(3);
    assert!(harness.state().article_reader.is_some());
    // Both quotes found and highlighted (the second one around its ellipsis), in the article.
    harness.get_by_label("Saved copy: articles/reuters.txt · 3 passages highlighted");
    harness.get_by_label_contains("in the biggest transfer of");
    assert!(
        harness
            .query_by_label_contains("Not found in this copy")
            .is_none()
    );
}

#[test]
fn the_reader_names_a_quote_its_copy_does_not_hold() {
    let mut harness = start();
    click_event(&mut harness, "released");
    harness.get_by_label("Open in article").click();
    harness.run_steps(3);
    harness.get_by_label("Saved copy: articles/wire.html · 0 passages highlighted");
    harness.get_by_label(
        "Not found in this copy: “He was released in 2013 after a court overturned his sentence”",
    );
    // The HTML's text, without its markup, script or style.
    harness.get_by_label_contains("He was “released” in 2013 after a court");
    assert!(harness.query_by_label_contains("var released").is_none());
}

#[test]
fn a_disputed_event_shows_its_dispute_and_the_disputed_filter_finds_it() {
    let mut harness = start();
    harness.get_by_label("2 of 2 events");
    click_event(&mut harness, "transfer");
    harness.get_by_label("Local press says: Counts 55 prisoners, not 29.");
    harness.get_by_label("Disputed (1)").click();
    harness.run_steps(3);
    assert!(harness.state().filter.disputed_only);
    harness.get_by_label("1 of 2 events");
    let state = harness.state();
    let visible: Vec<&str> = state
        .document
        .scene
        .date_order()
        .iter()
        .map(|&e| &*state.document.scene.timeline().events[e as usize].id)
        .collect();
    assert_eq!(visible, ["transfer"]);
}
