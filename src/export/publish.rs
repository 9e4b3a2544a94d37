//! `chronolanes publish`: one self-contained HTML page a reader opens from disk, with no network
//! request at all.
//!
//! The page holds:
//! - the lanes as inline SVG, drawn by [`crate::export::svg::render`] from the same scene and
//!   layout as `render` (so the page and the picture agree);
//! - the visible events as JSON in a `<script type="application/json" id="events-data">`, in the
//!   scene's date order, with what the details need: dates at their precision, sources with
//!   their links, quotes and disputes;
//! - the same events as a semantic `<ol id="event-list">` in date order, written here (not by the
//!   script) so that the page reads without scripts and a screen reader finds every event;
//! - the stylesheet and the script, inline, from `assets/publish/` (kept as real files so that
//!   they can be read and linted);
//! - a story as slides when one is given ([`PublishedStory`]).
//!
//! The font is inlined too: the titles are placed with DejaVu Sans's advances (as `render`
//! measures them), so the page carries that font, cut by `scripts/subset-fonts.sh` to the Latin
//! letters and the punctuation a chronology uses (regular and bold, 48 KB, from 1.4 MB whole).
//! A character outside the cut falls back to the reader's sans-serif fonts.
//!
//! Everything from the file is escaped here (HTML text and attributes) or in the JSON (`<` as
//! `\u003c`, so no `</script>` can end the data early); the script only ever sets
//! `textContent`, never HTML.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::date::format_period;
use crate::export::svg::{RenderOptions, escape_xml, render};
use crate::export::text_metrics::FONT_FAMILY;
use crate::model::{Event, Step, Story, Timeline};
use crate::scene::Scene;

/// Width of the picture in the page, in pixels. Near a laptop's window width (1366 px), so that
/// the 12 px titles stay about 12 px when the page fits the picture to the window; wider
/// windows show it at this size.
pub const PAGE_WIDTH_PX: u32 = 1360;

/// Pages with more events show their list folded (a `<details>` the reader opens).
pub const LIST_OPEN_MAX_EVENTS: usize = 1000;

/// The page's stylesheet and script, inlined.
const STYLE: &str = include_str!("../../assets/publish/publish.css");
const SCRIPT: &str = include_str!("../../assets/publish/publish.js");
/// DejaVu Sans cut to Latin (Basic, Latin-1, Extended-A) and common punctuation, without
/// kerning, so that the browser's advances are the ones the layout measured.
const WEB_FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-web.ttf");
const WEB_FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold-web.ttf");

/// The `@font-face` rules that carry the page's font inside it, as `data:` URLs (which are no
/// network request).
fn font_faces() -> String {
    use base64::Engine as _;
    let face = |weight: &str, font: &[u8]| {
        format!(
            "@font-face {{ font-family: \"{FONT_FAMILY}\"; font-weight: {weight}; \
             src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}\n",
            base64::engine::general_purpose::STANDARD.encode(font)
        )
    };
    face("normal", WEB_FONT_REGULAR) + &face("bold", WEB_FONT_BOLD)
}

/// A story shown as slides on the page: the plain shape the page's script reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PublishedStory {
    pub title: String,
    pub steps: Vec<PublishedStep>,
}

/// One slide: an event (with an optional note above its summary), or a titled note over a
/// time window.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PublishedStep {
    /// The id of the event the step shows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The time shown, as day numbers (first day, day after the last), as
    /// [`crate::timescale::TimeWindow`] counts them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<StepWindow>,
}

impl PublishedStory {
    /// The page's shape of a story of the file.
    pub fn from_story(story: &Story) -> PublishedStory {
        PublishedStory {
            title: story.title.clone(),
            steps: story
                .steps
                .iter()
                .map(|step| match step {
                    Step::Event { event, note } => PublishedStep {
                        event: Some(event.clone()),
                        note: note.clone(),
                        ..PublishedStep::default()
                    },
                    Step::Note {
                        title,
                        note,
                        window,
                    } => PublishedStep {
                        title: Some(title.clone()),
                        note: note.clone(),
                        window: window.map(|range| StepWindow {
                            start_day: range.first_day() as f64,
                            end_day: range.last_day() as f64 + 1.0,
                        }),
                        ..PublishedStep::default()
                    },
                })
                .collect(),
        }
    }
}

/// A step's time window in day numbers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StepWindow {
    pub start_day: f64,
    pub end_day: f64,
}

/// What to publish besides the scene.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublishOptions {
    pub story: Option<PublishedStory>,
}

/// A written page and what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct PublishedPage {
    pub html: String,
    /// Events passing the filter (each is in the list and the data).
    pub visible_events: usize,
    /// Events drawn with a marker group in the picture.
    pub markers: usize,
}

/// One event as the page's script reads it.
#[derive(Serialize)]
struct PageEvent<'t> {
    id: &'t str,
    /// "c. Feb 1985", "27 Feb 2025 – 28 Feb 2025": at the dates' precision.
    date: String,
    /// "Arrest", "Policy: tariff deadline".
    kind: String,
    /// The kind's lane, as `--kind` names it: what the kind filter selects.
    lane: &'static str,
    title: &'t str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'t str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'t str>,
    /// Indices into the page's people.
    people: Vec<usize>,
    /// Indices into the page's cartels: those the event names and those of its people, as the
    /// `--cartel` filter matches.
    cartels: Vec<usize>,
    /// Indices into the page's sources.
    sources: Vec<usize>,
    quotes: Vec<PageQuote<'t>>,
    disputes: Vec<String>,
    /// What `--search` also looks in besides the title, summary, place and quotes: tags, and
    /// the names and aliases of the people and cartels the event names, one per line.
    #[serde(skip_serializing_if = "String::is_empty")]
    also: String,
}

#[derive(Serialize)]
struct PageSource<'t> {
    /// The outlet, or the title without one.
    name: &'t str,
    title: &'t str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'t str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
}

#[derive(Serialize)]
struct PageQuote<'t> {
    text: &'t str,
    /// Index into the page's sources.
    source: Option<usize>,
}

/// Everything the script needs, in one JSON document.
#[derive(Serialize)]
struct PageData<'t> {
    events: Vec<PageEvent<'t>>,
    /// Each source once: events refer to them by index, so that a source cited by thousands
    /// of events is written once.
    sources: Vec<PageSource<'t>>,
    people: Vec<&'t str>,
    cartels: Vec<&'t str>,
    /// `[cli name, label]` of the kind lanes that have visible events, in lane order.
    kinds: Vec<(&'static str, &'static str)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    story: Option<&'t PublishedStory>,
}

fn source_name(source: &crate::model::Source) -> &str {
    source
        .outlet
        .as_deref()
        .filter(|outlet| !outlet.trim().is_empty())
        .unwrap_or(&source.title)
}

/// The events of `scene` in date order, with indices into the timeline's people and cartels.
fn page_data<'t>(scene: &'t Scene, story: Option<&'t PublishedStory>) -> PageData<'t> {
    let timeline: &Timeline = scene.timeline();
    let people_by_id = timeline.person_index();
    let cartels_by_id = timeline.cartel_index();
    let sources_by_id: HashMap<&str, usize> = timeline
        .sources
        .iter()
        .enumerate()
        .map(|(index, source)| (source.id.as_str(), index))
        .collect();
    let events: Vec<&Event> = scene
        .date_order()
        .iter()
        .filter_map(|&index| timeline.events.get(index as usize))
        .collect();
    let page_events = events
        .iter()
        .map(|event| {
            let people: Vec<usize> = event
                .people()
                .iter()
                .filter_map(|id| people_by_id.get(id.as_str()).copied())
                .collect();
            let named_cartels: Vec<usize> = event
                .cartels()
                .iter()
                .filter_map(|id| cartels_by_id.get(id.as_str()).copied())
                .collect();
            let mut also: Vec<&str> = event.tags().iter().map(|tag| tag.as_str()).collect();
            for person in people.iter().filter_map(|&i| timeline.people.get(i)) {
                also.push(&person.name);
                also.extend(person.aliases.iter().map(String::as_str));
            }
            for cartel in named_cartels
                .iter()
                .filter_map(|&i| timeline.cartels.get(i))
            {
                also.push(&cartel.name);
                also.extend(cartel.aliases.iter().map(String::as_str));
            }
            let members_cartels = people
                .iter()
                .filter_map(|&person| timeline.people.get(person))
                .flat_map(|person| &person.cartels)
                .filter_map(|id| cartels_by_id.get(id.as_str()).copied());
            let mut cartels = named_cartels.clone();
            cartels.extend(members_cartels);
            cartels.sort_unstable();
            cartels.dedup();
            let source_of = |id: &str| sources_by_id.get(id).copied();
            PageEvent {
                id: &event.id,
                date: format_period(event.date, event.end),
                kind: event.kind.label(),
                lane: event.kind.lane().cli_name(),
                title: &event.title,
                summary: event.summary.as_deref(),
                place: event.place.as_deref(),
                people,
                cartels,
                // The loader rejects unknown sources: none is left out of a loaded timeline.
                sources: event
                    .sources()
                    .iter()
                    .filter_map(|id| source_of(id))
                    .collect(),
                quotes: event
                    .quotes
                    .iter()
                    .map(|quote| PageQuote {
                        text: &quote.text,
                        source: source_of(&quote.source),
                    })
                    .collect(),
                disputes: event
                    .disputed
                    .iter()
                    .map(|dispute| {
                        let source = source_of(&dispute.source)
                            .and_then(|index| timeline.sources.get(index));
                        dispute.describe(source.map_or(dispute.source.as_str(), source_name))
                    })
                    .collect(),
                also: also.join("\n"),
            }
        })
        .collect();
    let mut kinds: Vec<crate::model::KindLane> =
        events.iter().map(|event| event.kind.lane()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    PageData {
        events: page_events,
        sources: timeline
            .sources
            .iter()
            .map(|source| PageSource {
                name: source_name(source),
                title: &source.title,
                url: source.url.as_deref(),
                published: source.published.map(|date| date.to_human()),
            })
            .collect(),
        people: timeline.people.iter().map(|p| p.name.as_str()).collect(),
        cartels: timeline.cartels.iter().map(|c| c.name.as_str()).collect(),
        kinds: kinds
            .into_iter()
            .map(|lane| (lane.cli_name(), lane.label()))
            .collect(),
        story,
    }
}

/// JSON safe inside a `<script>`: `<` (of `</script>` or `<!--`), `>` and `&` as `\u` escapes.
/// They can only occur inside JSON strings, where the escapes mean the same characters.
fn json_for_script(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(json.len() + 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            // Valid in JSON but line terminators in older JavaScript; harmless to escape.
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The whole page of `scene`.
pub fn publish_page(scene: &Scene, options: &PublishOptions) -> PublishedPage {
    let rendering = render(
        scene,
        &RenderOptions {
            width_px: PAGE_WIDTH_PX,
            ..RenderOptions::default()
        },
    );
    let timeline = scene.timeline();
    let data = page_data(scene, options.story.as_ref());
    let title = escape_xml(&timeline.title);
    let fonts = font_faces();
    let mut html = String::with_capacity(rendering.svg.len() + 512 * data.events.len() + 64_000);
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Chronolanes">
<title>{title}</title>
<style>
{fonts}{STYLE}</style>
</head>
<body>
<header class="page-header">
<h1>{title}</h1>
"#
    );
    if let Some(description) = &timeline.description {
        let _ = writeln!(
            html,
            r#"<p class="description">{}</p>"#,
            escape_xml(description)
        );
    }
    html.push_str(CONTROLS);
    if let Some(story) = &options.story {
        let _ = write!(
            html,
            r#"<section id="story" class="story" aria-label="Story: {title}" hidden>
<div class="story-head"><h2 class="story-title">{title}</h2><span id="story-progress" class="story-progress" aria-live="polite"></span></div>
<h3 id="story-step-title" class="story-step-title"></h3>
<p id="story-note" class="story-note"></p>
<div class="story-buttons"><button type="button" id="story-prev" aria-label="Previous step">← Prev</button><button type="button" id="story-next" aria-label="Next step">Next →</button><button type="button" id="story-exit">Leave the story</button></div>
</section>
"#,
            title = escape_xml(&story.title)
        );
    }
    html.push_str("</header>\n<main>\n");
    let _ = write!(
        html,
        r#"<figure id="lanes" class="lanes" tabindex="0" aria-label="The events as lanes on a time axis. Arrow keys pan, plus and minus zoom, 0 resets.">
{}
<figcaption id="lanes-status" class="status" aria-live="polite"></figcaption>
</figure>
"#,
        rendering.svg
    );
    // A long list is folded: the browser then neither styles nor lays it out until the reader
    // opens it, and a 10,000-event page opens in a second instead of several.
    let open = if data.events.len() <= LIST_OPEN_MAX_EVENTS {
        " open"
    } else {
        ""
    };
    let _ = write!(
        html,
        r#"<section class="list" aria-labelledby="list-heading">
<details id="list-details"{open}><summary><h2 id="list-heading">Events in date order <span id="list-count" class="count">({count})</span></h2></summary>
<ol id="event-list">
"#,
        count = crate::diagnostic::plural(data.events.len(), "event"),
    );
    for (index, event) in data.events.iter().enumerate() {
        let _ = writeln!(
            html,
            r#"<li data-index="{index}" data-id="{id}"><button type="button" class="item"><span class="item-when">{date} · {kind}</span> {title}</button></li>"#,
            id = escape_xml(event.id),
            date = escape_xml(&event.date),
            kind = escape_xml(&event.kind),
            title = escape_xml(event.title),
        );
    }
    html.push_str("</ol>\n</details>\n</section>\n</main>\n");
    html.push_str(DETAILS);
    let _ = write!(
        html,
        r#"<div id="tooltip" class="tooltip" role="tooltip" hidden></div>
<footer class="page-footer"><p>Made with Chronolanes. Sources are linked from each event's details.</p></footer>
<script type="application/json" id="events-data">{}</script>
<script>
{SCRIPT}</script>
</body>
</html>
"#,
        json_for_script(&data)
    );
    PublishedPage {
        html,
        visible_events: rendering.visible_events,
        markers: rendering.markers,
    }
}

/// Filters, search and zoom buttons. The script fills the selects from the page's data.
const CONTROLS: &str = r#"<form id="controls" class="controls" role="search" aria-label="Filter the events" onsubmit="return false">
<label>Kind <select id="filter-kind"><option value="">All kinds</option></select></label>
<label>Cartel <select id="filter-cartel"><option value="">All cartels</option></select></label>
<label>Person <select id="filter-person"><option value="">All people</option></select></label>
<label>Text <input id="filter-text" type="search" placeholder="Search titles, places, quotes…" autocomplete="off"></label>
<button type="button" id="filter-clear">Clear filters</button>
<span class="zoom" role="group" aria-label="Zoom"><button type="button" id="zoom-in" aria-label="Zoom in">+</button><button type="button" id="zoom-out" aria-label="Zoom out">−</button><button type="button" id="zoom-reset">Fit</button></span>
<button type="button" id="story-start" hidden>Play the story</button>
<span id="filter-status" class="status" aria-live="polite"></span>
</form>
"#;

/// The details panel: filled by the script from the page's data when an event is opened.
const DETAILS: &str = r#"<aside id="details" class="details" aria-labelledby="details-title" aria-live="polite" hidden>
<button type="button" id="details-close" class="close" aria-label="Close the details">×</button>
<p id="details-date" class="details-date"></p>
<h2 id="details-title" tabindex="-1"></h2>
<div id="details-body"></div>
</aside>
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::Filter;
    use crate::lanes::Grouping;
    use crate::load::load_str;

    const TIMELINE: &str = r#"Timeline(
  title: "Cartels & <courts>",
  cartels: [Cartel(id: "sinaloa", name: "Sinaloa Cartel")],
  people: [Person(id: "guzman", name: "Joaquín Guzmán", cartels: ["sinaloa"])],
  sources: [Source(id: "r", outlet: "Reuters", title: "R", url: "https://example.com/r?a=1&b=2")],
  events: [
    Event(id: "b", kind: Court, date: "~2019-02", title: "Sentenced </script><b>x</b>", people: ["guzman"], sources: ["r"],
      quotes: [Quote(source: "r", text: "life in prison")],
      disputed: [Dispute(source: "r", note: "Another count.")]),
    Event(id: "a", kind: Arrest, date: "2016", title: "Arrested", sources: ["r"]),
  ],
)"#;

    fn page(story: Option<PublishedStory>) -> PublishedPage {
        let timeline = load_str(TIMELINE).timeline.unwrap();
        let scene = Scene::new(timeline, Grouping::Kind, &Filter::default());
        publish_page(&scene, &PublishOptions { story })
    }

    fn data_json(html: &str) -> serde_json::Value {
        let start = html.find(r#"id="events-data">"#).unwrap() + r#"id="events-data">"#.len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn text_from_the_file_cannot_end_the_data_or_add_markup() {
        let html = page(None).html;
        // Only the page's own two scripts end: the data's `</script>` is escaped.
        assert_eq!(html.matches("</script>").count(), 2);
        assert!(!html.contains("<b>x</b>"));
        assert!(html.contains("<title>Cartels &amp; &lt;courts&gt;</title>"));
        assert!(html.contains("Sentenced &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"));
        // The JSON still reads back as the file's text.
        let data = data_json(&html);
        assert_eq!(data["events"][1]["title"], "Sentenced </script><b>x</b>");
    }

    #[test]
    fn events_are_listed_and_described_in_date_order() {
        let html = page(None).html;
        let data = data_json(&html);
        assert_eq!(data["events"][0]["id"], "a");
        assert_eq!(data["events"][0]["date"], "2016");
        let sentenced = &data["events"][1];
        assert_eq!(sentenced["date"], "c. Feb 2019");
        assert_eq!(sentenced["lane"], "court");
        // The cartel through its member, as `--cartel` matches.
        assert_eq!(sentenced["cartels"], serde_json::json!([0]));
        assert_eq!(sentenced["sources"], serde_json::json!([0]));
        assert_eq!(data["sources"][0]["url"], "https://example.com/r?a=1&b=2");
        assert_eq!(sentenced["quotes"][0]["source"], 0);
        // Searched as `--search` searches: the person's name, and the cartel through them only
        // for the filter.
        assert_eq!(sentenced["also"], "Joaquín Guzmán");
        assert_eq!(sentenced["disputes"][0], "Reuters says: Another count.");
        let first_item = html.find(r#"<li data-index="0" data-id="a">"#).unwrap();
        let second_item = html.find(r#"<li data-index="1" data-id="b">"#).unwrap();
        assert!(first_item < second_item);
    }

    #[test]
    fn the_page_asks_for_nothing_from_the_network() {
        let html = page(None).html;
        for needle in ["src=", "@import", "<link", "http-equiv"] {
            assert!(!html.contains(needle), "the page contains {needle}");
        }
        // `url(` only for the picture's own clip path.
        // The two faces of the inlined font are `data:` URLs, inside the page.
        assert_eq!(html.matches("url(data:font/ttf;base64,").count(), 2);
        assert_eq!(
            html.matches("url(").count(),
            html.matches("url(#plot-area)").count() + 2
        );
        // The only web address is the source's, in the data (the script makes it a link).
        assert_eq!(html.matches("https://").count(), 1);
    }

    #[test]
    fn a_story_is_in_the_data_and_its_controls_are_on_the_page() {
        let story = PublishedStory {
            title: "How it went".into(),
            steps: vec![
                PublishedStep {
                    event: Some("a".into()),
                    note: Some("First".into()),
                    ..PublishedStep::default()
                },
                PublishedStep {
                    title: Some("Later".into()),
                    window: Some(StepWindow {
                        start_day: 17_000.0,
                        end_day: 18_000.0,
                    }),
                    ..PublishedStep::default()
                },
            ],
        };
        let html = page(Some(story)).html;
        assert!(html.contains(r#"id="story""#));
        let data = data_json(&html);
        assert_eq!(data["story"]["steps"][0]["event"], "a");
        assert_eq!(data["story"]["steps"][1]["window"]["end_day"], 18_000.0);
        assert!(!page(None).html.contains(r#"id="story""#));
    }
}
