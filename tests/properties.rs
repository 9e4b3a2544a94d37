//! Properties of loading any input, checked on generated inputs (a few seconds in CI; the fuzzers
//! in `fuzz/` check the same properties for millions of inputs, see `docs/reliability.md`):
//!
//! - no panic and no hang (each load under a second);
//! - every diagnostic's line and column lie inside the file;
//! - a file that loads without errors gives the same timeline after a write → load round trip.

#[path = "support/properties.rs"]
mod properties;

use chronolanes::date::{Date, MAX_YEAR, MIN_YEAR};
use chronolanes::load::load_str;
use chronolanes::model::{Cartel, Era, Event, Kind, Person, Quote, References, Source, Timeline};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const BUNDLED: &str = include_str!("../timelines/mexico-us-extraditions.ron");

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    properties::check_load(bytes)
        .map(drop)
        .map_err(TestCaseError::fail)
}

/// Bytes that RON text is made of, weighted so that random inputs reach past the first token.
fn ron_ish_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        4 => prop::sample::select(b"()[]{}:,#!\"'\\/*rRSNTE_-+.~0123456789eaxu \n\t".to_vec()),
        1 => any::<u8>(),
    ]
}

/// Fragments of RON and of the timeline format, joined into a text.
fn ron_ish_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        prop::sample::select(vec![
            "Timeline(",
            "Event(",
            "Source(",
            "Person(",
            "Cartel(",
            "Era(",
            "Dispute(",
            "Some(",
            "None",
            "Policy(",
            "Law",
            "Arrest",
            "title: ",
            "id: ",
            "kind: ",
            "date: ",
            "end: ",
            "events: ",
            "sources: ",
            "people: ",
            "cartels: ",
            "eras: ",
            "format: ",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            ",",
            ":",
            "\"",
            "\"1985\"",
            "\"2025-02-30\"",
            "\"~1985-05\"",
            "\"a\"",
            "r#\"",
            "\"#",
            "\\u{",
            "\\x",
            "//",
            "/*",
            "*/",
            "\n",
            " ",
            "#![enable(",
            "\u{feff}",
            "é",
            "→",
            "1",
            "-",
            "1e9",
            "0x",
            "'",
        ])
        .prop_map(str::to_string),
        "[a-z\"\\\\]{0,4}",
    ];
    prop::collection::vec(fragment, 0..60).prop_map(|parts| parts.concat())
}

/// One change to a text's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, length: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Replace { at: usize, bytes: Vec<u8> },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let bytes = || {
        prop_oneof![
            prop::collection::vec(ron_ish_byte(), 1..8),
            prop::sample::select(vec![
                b"\"".to_vec(),
                b"(".to_vec(),
                b"]".to_vec(),
                "\u{feff}".as_bytes().to_vec(),
                "é".as_bytes().to_vec(),
                b"\xff".to_vec(),
                b"\0".to_vec(),
                b"/*".to_vec(),
                b"Some(".to_vec(),
            ]),
        ]
    };
    // Positions are fractions of the length, so that they land anywhere in the file.
    let at = 0.0f64..=1.0;
    prop_oneof![
        (at.clone(), 1usize..200).prop_map(|(at, length)| Mutation::Delete {
            at: (at * 1e9) as usize,
            length
        }),
        (at.clone(), bytes()).prop_map(|(at, bytes)| Mutation::Insert {
            at: (at * 1e9) as usize,
            bytes
        }),
        (at.clone(), bytes()).prop_map(|(at, bytes)| Mutation::Replace {
            at: (at * 1e9) as usize,
            bytes
        }),
        at.prop_map(|at| Mutation::Truncate {
            at: (at * 1e9) as usize
        }),
    ]
}

fn apply(text: &mut Vec<u8>, mutation: &Mutation) {
    let place = |at: usize, length: usize| (at as u128 * length as u128 / 1_000_000_000) as usize;
    match mutation {
        Mutation::Delete { at, length } => {
            let start = place(*at, text.len());
            let end = (start + length).min(text.len());
            text.drain(start..end);
        }
        Mutation::Insert { at, bytes } => {
            let start = place(*at, text.len());
            text.splice(start..start, bytes.iter().copied());
        }
        Mutation::Replace { at, bytes } => {
            let start = place(*at, text.len());
            let end = (start + bytes.len()).min(text.len());
            text.splice(start..end, bytes.iter().copied());
        }
        Mutation::Truncate { at } => {
            let length = place(*at, text.len());
            text.truncate(length);
        }
    }
}

// ---- generated timelines, for the round trip ---------------------------------------------------

fn date() -> impl Strategy<Value = Date> {
    (
        MIN_YEAR..=MAX_YEAR,
        prop::option::of(1u32..=12),
        prop::option::of(1u32..=31),
        any::<bool>(),
    )
        .prop_filter_map("a real date", |(year, month, day, circa)| {
            Date::new(year, month, month.and(day), circa)
        })
}

/// Any text, weighted towards what breaks writers and readers: quotes, backslashes, control
/// characters, non-ASCII, `"#` (raw-string ends), comment starts.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[\"\\\\\\n\\r\\t\\x00\\x7f\\u{80}\\u{feff}\\u{202e}#/*é→😀a ]{0,12}",
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_.-]{0,10}"
}

prop_compose! {
    fn event()(
        kind in kind(),
        date in date(),
        end_offset in prop::option::of(0i32..50),
        title in text(),
        summary in prop::option::of(text()),
        place in prop::option::of(text()),
        tags in prop::collection::vec(text(), 0..3),
    ) -> (Kind, Date, Option<Date>, String, Option<String>, Option<String>, Vec<String>) {
        // An end in a later year (or none): never before the date.
        let end = end_offset.and_then(|offset| Date::from_year((date.year() + offset + 1).min(MAX_YEAR)));
        (kind, date, end.filter(|end| end.first_day() > date.last_day()), title, summary, place, tags)
    }
}

fn timeline() -> impl Strategy<Value = Timeline> {
    (
        text(),
        prop::option::of(text()),
        prop::collection::vec((text(), date(), date()), 0..3),
        prop::collection::vec((id(), text(), prop::collection::vec(text(), 0..2)), 0..3),
        prop::collection::vec(
            (text(), prop::option::of(text()), prop::option::of(date())),
            1..3,
        ),
        prop::collection::vec(event(), 0..6),
    )
        .prop_map(|(title, description, eras, cartels, sources, events)| {
            let eras = eras
                .into_iter()
                .map(|(title, a, b)| {
                    let (start, end) = if a.first_day() <= b.first_day() {
                        (a, b)
                    } else {
                        (b, a)
                    };
                    Era { title, start, end }
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            let cartels: Vec<Cartel> = cartels
                .into_iter()
                .filter(|(id, ..)| seen.insert(id.clone()))
                .map(|(id, name, aliases)| Cartel {
                    id,
                    name,
                    aliases,
                    color: Some("#2a9d8f".into()),
                })
                .collect();
            let people = cartels
                .iter()
                .enumerate()
                .map(|(index, cartel)| Person {
                    id: format!("p{index}"),
                    name: cartel.name.clone(),
                    aliases: Vec::new(),
                    cartels: vec![cartel.id.clone()],
                })
                .collect();
            let sources: Vec<Source> = sources
                .into_iter()
                .enumerate()
                .map(|(index, (title, outlet, published))| Source {
                    id: format!("s{index}"),
                    outlet,
                    title,
                    url: Some(format!("https://example.org/{index}")),
                    // Some sources have an archive, so that the field round-trips too.
                    archive: published.map(|_| format!("archives/s{index}.txt")),
                    published,
                })
                .collect();
            let events = events
                .into_iter()
                .enumerate()
                .map(
                    |(index, (kind, date, end, title, summary, place, tags))| Event {
                        id: format!("e{index}").into(),
                        kind,
                        date,
                        end,
                        title: title.into(),
                        // An event with a summary quotes it from its source: any text
                        // round-trips as a quote.
                        quotes: sources
                            .first()
                            .zip(summary.as_ref())
                            .map(|(source, summary)| Quote {
                                source: source.id.clone(),
                                text: summary.clone(),
                            })
                            .into_iter()
                            .collect(),
                        summary: summary.map(Into::into),
                        place: place.map(Into::into),
                        references: References::new(
                            [] as [&str; 0],
                            [] as [&str; 0],
                            sources.first().map(|s| s.id.as_str()),
                            tags,
                        ),
                        disputed: Box::default(),
                    },
                )
                .collect();
            Timeline {
                format: 1,
                title,
                description,
                eras,
                cartels,
                people,
                sources,
                events,
                stories: Vec::new(),
            }
        })
}

// Case counts keep the whole file to about three seconds in a debug build (measured: about
// 0.1 s per 4,000 random-byte cases, 0.2 s per 1,000 fragment texts, 1 s per 1,000 mutated
// bundled timelines or generated round trips).
proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_load_without_panic_with_positions_inside(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        check(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn ron_ish_bytes_load_without_panic_with_positions_inside(
        bytes in prop::collection::vec(ron_ish_byte(), 0..512),
    ) {
        check(&bytes)?;
    }

    #[test]
    fn ron_fragments_load_without_panic_with_positions_inside(text in ron_ish_text()) {
        check(text.as_bytes())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 800, ..ProptestConfig::default() })]

    #[test]
    fn the_bundled_timeline_mutated_loads_without_panic_with_positions_inside(
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let mut bytes = BUNDLED.as_bytes().to_vec();
        for mutation in &mutations {
            apply(&mut bytes, mutation);
        }
        check(&bytes)?;
    }

    #[test]
    fn a_generated_timeline_survives_a_write_load_round_trip(timeline in timeline()) {
        let config = ron::ser::PrettyConfig::new().struct_names(true);
        let written = ron::ser::to_string_pretty(&timeline, config)
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let loaded = load_str(&written);
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.one_line("written.ron"))
            .collect();
        prop_assert!(errors.is_empty(), "{}\n--- written:\n{}", errors.join("\n"), written);
        prop_assert_eq!(loaded.timeline.as_ref(), Some(&timeline));
        // And the round trip of what was loaded, as the fuzzers check it.
        properties::check_round_trip(&loaded).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn the_bundled_timeline_survives_a_write_load_round_trip() {
    let loaded = properties::check_load(BUNDLED.as_bytes()).expect("properties hold");
    assert!(loaded.timeline.is_some_and(|t| t.events.len() > 50));
}

/// The fuzzer's minimised corpus (inputs that each reach code the others do not), replayed on
/// every run: a regression the fuzzer once ruled out fails here without running the fuzzer.
#[test]
fn every_input_of_the_fuzz_corpus_keeps_the_properties() {
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/load_ron");
    let mut failures = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(directory).expect("fuzz/corpus/load_ron exists") {
        let path = entry.expect("readable corpus entry").path();
        let bytes = std::fs::read(&path).expect("readable corpus file");
        count += 1;
        if let Err(why) = properties::check_load(&bytes) {
            failures.push(format!("{}: {why}", path.display()));
        }
    }
    assert!(count > 100, "only {count} corpus inputs");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
