//! Why the loader is its own: the same generated timeline (100,000 events by default; set
//! `CHRONOLANES_BENCH_EVENTS` to change) read by the project's loader and by the `ron` crate with
//! serde into the same model, and a file with three mistakes through both, printing what each
//! reports. The numbers and reports are in docs/performance.md, "Why the loader is its own".
//!
//! `cargo bench --bench ron_compare -- --sample-size 10`
//!
//! The model is `Serialize` only (its loader is not serde), so the `ron` side reads into mirror
//! structs that derive `Deserialize` and converts them, parsing dates with [`Date::parse`] and
//! interning references as the loader does. It checks nothing beyond what serde checks: no
//! duplicate ids, no unknown references, no positions for later messages.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use serde::Deserialize;

use chronolanes::date::Date;
use chronolanes::generate::{GenerateOptions, generate, write_generated_ron};
use chronolanes::load::{decode, load_bytes};
use chronolanes::model::{
    Cartel, Dispute, Era, Event, FORMAT_VERSION, Interner, Kind, Person, PolicyKind, Quote,
    References, Source, Timeline,
};

fn bench_events() -> usize {
    std::env::var("CHRONOLANES_BENCH_EVENTS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(100_000)
}

// ---- the mirror of the model, for serde ---------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename = "Timeline", deny_unknown_fields)]
struct RonTimeline {
    #[serde(default = "format_version")]
    format: u32,
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    eras: Vec<RonEra>,
    #[serde(default)]
    cartels: Vec<RonCartel>,
    #[serde(default)]
    people: Vec<RonPerson>,
    #[serde(default)]
    sources: Vec<RonSource>,
    #[serde(default)]
    events: Vec<RonEvent>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

#[derive(Deserialize)]
#[serde(rename = "Era", deny_unknown_fields)]
struct RonEra {
    title: String,
    start: String,
    end: String,
}

#[derive(Deserialize)]
#[serde(rename = "Cartel", deny_unknown_fields)]
struct RonCartel {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    color: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename = "Person", deny_unknown_fields)]
struct RonPerson {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    cartels: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename = "Source", deny_unknown_fields)]
struct RonSource {
    id: String,
    #[serde(default)]
    outlet: Option<String>,
    title: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    archive: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename = "Dispute", deny_unknown_fields)]
struct RonDispute {
    #[serde(default)]
    date: Option<String>,
    source: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    quote: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename = "Quote", deny_unknown_fields)]
struct RonQuote {
    source: String,
    text: String,
}

#[derive(Deserialize)]
enum RonKind {
    Arrest,
    Release,
    Escape,
    Extradition,
    Court,
    Violence,
    Other,
    Policy(RonPolicy),
}

#[derive(Deserialize)]
enum RonPolicy {
    FtoDesignation,
    TariffDeadline,
    Tariff,
    Law,
    Agreement,
    Statement,
    Other,
}

#[derive(Deserialize)]
#[serde(rename = "Event", deny_unknown_fields)]
struct RonEvent {
    id: String,
    kind: RonKind,
    date: String,
    #[serde(default)]
    end: Option<String>,
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    cartels: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    quotes: Vec<RonQuote>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    disputed: Vec<RonDispute>,
}

// ---- the `ron` path: parse with serde, then convert ---------------------------------------------

/// What the `ron` path reports: serde's first error, or the first date that does not parse
/// (which serde sees only as a string).
fn load_with_ron(text: &str) -> Result<Timeline, String> {
    // The project's files write optional values plainly (`color: "#2a9d8f"`, not `Some(…)`).
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mirror: RonTimeline = options
        .from_str(text)
        .map_err(|error| format!("ron: {error}"))?;
    convert(mirror)
}

fn date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|error| format!("conversion: date {text:?}: {error}"))
}

fn convert(mirror: RonTimeline) -> Result<Timeline, String> {
    let mut interner = Interner::default();
    let eras = mirror
        .eras
        .into_iter()
        .map(|era| {
            Ok(Era {
                title: era.title,
                start: date(&era.start)?,
                end: date(&era.end)?,
            })
        })
        .collect::<Result<_, String>>()?;
    let sources = mirror
        .sources
        .into_iter()
        .map(|source| {
            Ok(Source {
                id: source.id,
                outlet: source.outlet,
                title: source.title,
                url: source.url,
                published: source.published.as_deref().map(date).transpose()?,
                archive: source.archive,
            })
        })
        .collect::<Result<_, String>>()?;
    let events = mirror
        .events
        .into_iter()
        .map(|event| {
            let mut intern = |values: Vec<String>| -> Vec<_> {
                values.iter().map(|value| interner.intern(value)).collect()
            };
            let references = References::new(
                intern(event.people),
                intern(event.cartels),
                intern(event.sources),
                intern(event.tags),
            );
            let disputed = event
                .disputed
                .into_iter()
                .map(|dispute| {
                    Ok(Dispute {
                        date: dispute.date.as_deref().map(date).transpose()?,
                        source: dispute.source,
                        note: dispute.note,
                        quote: dispute.quote,
                    })
                })
                .collect::<Result<_, String>>()?;
            Ok(Event {
                id: event.id.into(),
                kind: kind(event.kind),
                date: date(&event.date)?,
                end: event.end.as_deref().map(date).transpose()?,
                title: event.title.into(),
                summary: event.summary.map(Into::into),
                place: event.place.map(Into::into),
                references,
                quotes: event
                    .quotes
                    .into_iter()
                    .map(|quote| Quote {
                        source: quote.source,
                        text: quote.text,
                    })
                    .collect(),
                disputed,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Timeline {
        format: mirror.format,
        title: mirror.title,
        description: mirror.description,
        eras,
        cartels: mirror
            .cartels
            .into_iter()
            .map(|cartel| Cartel {
                id: cartel.id,
                name: cartel.name,
                aliases: cartel.aliases,
                color: cartel.color,
            })
            .collect(),
        people: mirror
            .people
            .into_iter()
            .map(|person| Person {
                id: person.id,
                name: person.name,
                aliases: person.aliases,
                cartels: person.cartels,
            })
            .collect(),
        sources,
        events,
        stories: Vec::new(),
    })
}

fn kind(kind: RonKind) -> Kind {
    match kind {
        RonKind::Arrest => Kind::Arrest,
        RonKind::Release => Kind::Release,
        RonKind::Escape => Kind::Escape,
        RonKind::Extradition => Kind::Extradition,
        RonKind::Court => Kind::Court,
        RonKind::Violence => Kind::Violence,
        RonKind::Other => Kind::Other,
        RonKind::Policy(policy) => Kind::Policy(match policy {
            RonPolicy::FtoDesignation => PolicyKind::FtoDesignation,
            RonPolicy::TariffDeadline => PolicyKind::TariffDeadline,
            RonPolicy::Tariff => PolicyKind::Tariff,
            RonPolicy::Law => PolicyKind::Law,
            RonPolicy::Agreement => PolicyKind::Agreement,
            RonPolicy::Statement => PolicyKind::Statement,
            RonPolicy::Other => PolicyKind::Other,
        }),
    }
}

// ---- the comparison ------------------------------------------------------------------------------

/// Three mistakes a person makes: an impossible date (line 6), a misspelt field (line 7) and a
/// missing comma (line 8).
const THREE_MISTAKES: &str = r#"Timeline(
    format: 1,
    title: "Three mistakes",
    sources: [Source(id: "s", title: "A source")],
    events: [
        Event(id: "a", kind: Arrest, date: "2013-02-30", title: "Impossible date", sources: ["s"]),
        Event(id: "b", kind: Court, date: "2014", title: "Misspelt field", sources: ["s"], colour: "red"),
        Event(id: "c", kind: Escape, date: "2015" title: "Missing comma", sources: ["s"]),
    ],
)
"#;

fn print_reports() {
    println!("--- three-mistakes.ron through the project's loader:");
    let loaded = load_bytes(THREE_MISTAKES.as_bytes());
    for diagnostic in &loaded.diagnostics {
        println!("{}", diagnostic.one_line("three-mistakes.ron"));
    }
    println!("--- three-mistakes.ron through ron + serde:");
    match load_with_ron(THREE_MISTAKES) {
        Ok(_) => println!("(no error)"),
        Err(message) => println!("{message}"),
    }
    // With the syntax error fixed, serde's next stop; then the date, which only conversion sees.
    let fixed_comma = THREE_MISTAKES.replace("\"2015\" title", "\"2015\", title");
    println!("--- with the comma fixed, ron + serde:");
    match load_with_ron(&fixed_comma) {
        Ok(_) => println!("(no error)"),
        Err(message) => println!("{message}"),
    }
    let fixed_field = fixed_comma.replace(", colour: \"red\"", "");
    println!("--- with the field fixed too, ron + serde:");
    match load_with_ron(&fixed_field) {
        Ok(_) => println!("(no error)"),
        Err(message) => println!("{message}"),
    }
}

fn ron_compare(c: &mut Criterion) {
    print_reports();

    let events = bench_events();
    let timeline = generate(GenerateOptions {
        events,
        ..GenerateOptions::default()
    });
    let mut bytes = Vec::new();
    write_generated_ron(&timeline, &mut bytes).expect("writing to memory cannot fail");
    let text = String::from_utf8(bytes).expect("the writer writes UTF-8");
    drop(timeline);

    // Both must read the file to the same timeline, or the comparison means nothing.
    let loaded = load_bytes(text.as_bytes());
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    let by_ron = load_with_ron(&text).expect("ron reads the generated file");
    assert!(
        loaded.timeline.as_ref() == Some(&by_ron),
        "the two paths read different timelines"
    );
    drop((loaded, by_ron));

    let mut group = c.benchmark_group(format!("ron_compare_{events}_events"));
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(text.len() as u64));
    // Everything `check` does on the text: parse, positions, every rule.
    group.bench_function("loader_load_bytes", |b| {
        b.iter_with_large_drop(|| load_bytes(black_box(text.as_bytes())))
    });
    // Parsing alone (with the positions later messages need).
    group.bench_function("loader_decode", |b| {
        b.iter_with_large_drop(|| decode(black_box(&text)))
    });
    // Parsing with serde into mirror structs, then converting to the model.
    group.bench_function("ron_serde_convert", |b| {
        b.iter_with_large_drop(|| load_with_ron(black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, ron_compare);
criterion_main!(benches);
