//! What the keyboard and accessibility kittests share: the app on the bundled timeline, and
//! moving the keyboard focus with Tab as a user does, reading where it is from the AccessKit
//! tree.

// Each test file uses a part of this module.
#![allow(dead_code)]

use chronolanes::app::{ChronolanesApp, DEFAULT_WINDOW_SIZE, Startup};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The app on the bundled timeline, fresh settings, at the default window size.
pub fn start() -> Harness<'static, ChronolanesApp> {
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::from(DEFAULT_WINDOW_SIZE))
        .build_eframe(|cc| {
            ChronolanesApp::new(
                cc,
                Startup {
                    fresh: true,
                    ..Startup::default()
                },
            )
        });
    harness.run_steps(4);
    harness
}

/// Enough frames for a key's effect (and a pending pan) to settle.
pub fn settle(harness: &mut Harness<'static, ChronolanesApp>) {
    harness.run_steps(3);
}

/// The accessible name and role of the node with the keyboard focus, if any.
pub fn focused(
    harness: &Harness<'static, ChronolanesApp>,
) -> Option<(String, egui::accesskit::Role)> {
    harness
        .query_all_by(|node| node.is_focused())
        .next()
        .map(|node| {
            let node = node.accesskit_node();
            (node.label().unwrap_or_default(), node.role())
        })
}

/// Presses Tab (at most `limit` times) until the focused node satisfies `wanted`; returns the
/// number of presses, or panics naming the nodes passed through.
pub fn tab_until(
    harness: &mut Harness<'static, ChronolanesApp>,
    limit: usize,
    wanted: impl Fn(&str, egui::accesskit::Role) -> bool,
) -> usize {
    let mut passed = Vec::new();
    for presses in 1..=limit {
        harness.key_press(egui::Key::Tab);
        settle(harness);
        if let Some((label, role)) = focused(harness) {
            if wanted(&label, role) {
                return presses;
            }
            passed.push(format!("{role:?} {label:?}"));
        } else {
            passed.push("(nothing)".into());
        }
    }
    panic!("Tab never reached the wanted node; passed: {passed:#?}");
}
