//! Format v1 → Knight Lab TimelineJS 3 JSON (`chronolanes export FILE --to timelinejs`).
//!
//! What TimelineJS shows: a title slide (the timeline's title and description), one slide per
//! visible event in date order with its date only as precise as the file gives it (`year`, then
//! `month`, then `day`), a `display_date` for circa dates and spans ("c. 1985", "1985 – 2013"),
//! the lane the event is drawn in as `group`, the summary, the quotes and the source links as
//! HTML text (every value escaped), the first source with a link as `media`, and the eras.
//!
//! What lets `chronolanes import` give the same events back: each slide's `unique_id` is the
//! event id, and a `chronolanes` object on each slide keeps what TimelineJS has no field for
//! (the exact kind, the dates in the file syntax, the summary as written, the source ids), with
//! the sources themselves in a top-level `chronolanes` object. TimelineJS ignores keys it does
//! not know, so the file shows the same there; the importer prefers these objects when present.

use serde_json::{Map, Value, json};

use crate::date::{Date, format_period};
use crate::lanes::LaneAssignment;
use crate::model::{Event, Source};
use crate::scene::Scene;

/// The key of the objects that carry what TimelineJS has no field for (see the module docs).
pub const EXTENSION_KEY: &str = "chronolanes";

/// The visible events of `scene` (in its date order) as TimelineJS 3 JSON, pretty-printed, ending
/// with a newline. `group` is the name of the event's first lane in the scene's grouping.
pub fn timelinejs_json(scene: &Scene) -> String {
    let timeline = scene.timeline();
    let lanes = LaneAssignment::new(timeline, scene.grouping());
    let sources_by_id: hashbrown::HashMap<&str, &Source> = timeline
        .sources
        .iter()
        .map(|source| (source.id.as_str(), source))
        .collect();
    let mut cited: Vec<&str> = Vec::new();
    let mut slides = Vec::new();
    for &index in scene.date_order() {
        let Some(event) = timeline.events.get(index as usize) else {
            continue;
        };
        let group = lanes
            .lanes_of_event
            .of(index as usize)
            .first()
            .and_then(|&lane| lanes.lanes.get(lane as usize))
            .map(|lane| lane.label.as_str());
        let event_sources: Vec<&Source> = event
            .sources()
            .iter()
            .filter_map(|id| sources_by_id.get(id.as_str()).copied())
            .collect();
        for source in &event_sources {
            if !cited.contains(&source.id.as_str()) {
                cited.push(&source.id);
            }
        }
        slides.push(event_slide(event, group, &event_sources));
    }
    // The sources in the order first cited, so that a re-import lists them the same way.
    let sources: Vec<Value> = cited
        .iter()
        .filter_map(|id| sources_by_id.get(id))
        .map(|source| source_json(source))
        .collect();
    let mut title_text = Map::new();
    title_text.insert("headline".into(), json!(escape_html(&timeline.title)));
    if let Some(description) = &timeline.description {
        title_text.insert("text".into(), json!(paragraphs(description)));
    }
    let eras: Vec<Value> = timeline
        .eras
        .iter()
        .map(|era| {
            json!({
                "start_date": date_json(era.start),
                "end_date": date_json(era.end),
                "text": {"headline": escape_html(&era.title)},
            })
        })
        .collect();
    let mut root = Map::new();
    root.insert("title".into(), json!({ "text": title_text }));
    root.insert("events".into(), Value::Array(slides));
    if !eras.is_empty() {
        root.insert("eras".into(), Value::Array(eras));
    }
    root.insert(EXTENSION_KEY.into(), json!({ "sources": sources }));
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}

/// One event's slide.
fn event_slide(event: &Event, group: Option<&str>, sources: &[&Source]) -> Value {
    let mut slide = Map::new();
    slide.insert("unique_id".into(), json!(&*event.id));
    slide.insert("start_date".into(), date_json(event.date));
    if let Some(end) = event.end {
        slide.insert("end_date".into(), date_json(end));
    }
    // TimelineJS cannot say "about" or show a span's precision itself.
    if event.date.is_circa() || event.end.is_some() {
        slide.insert(
            "display_date".into(),
            json!(format_period(event.date, event.end)),
        );
    }
    slide.insert(
        "text".into(),
        json!({
            "headline": escape_html(&event.title),
            "text": event_html(event, sources),
        }),
    );
    if let Some(group) = group {
        slide.insert("group".into(), json!(group));
    }
    if let Some((source, url)) = sources
        .iter()
        .find_map(|s| s.url.as_ref().map(|url| (s, url)))
    {
        let mut media = Map::new();
        media.insert("url".into(), json!(url));
        media.insert("caption".into(), json!(escape_html(&source.title)));
        if let Some(outlet) = &source.outlet {
            media.insert("credit".into(), json!(escape_html(outlet)));
        }
        slide.insert("media".into(), Value::Object(media));
    }
    let mut extension = Map::new();
    extension.insert("kind".into(), json!(event.kind.cli_name()));
    extension.insert("date".into(), json!(event.date.to_file_syntax()));
    if let Some(end) = event.end {
        extension.insert("end".into(), json!(end.to_file_syntax()));
    }
    if let Some(summary) = &event.summary {
        extension.insert("summary".into(), json!(&**summary));
    }
    extension.insert("sources".into(), json!(event.sources()));
    slide.insert(EXTENSION_KEY.into(), Value::Object(extension));
    Value::Object(slide)
}

/// `{"year": "1985", "month": "3"}`: only the parts the date gives, as strings (TimelineJS
/// reads both; strings keep years like -43 unambiguous).
fn date_json(date: Date) -> Value {
    let mut parts = Map::new();
    parts.insert("year".into(), json!(date.year().to_string()));
    if let Some(month) = date.month() {
        parts.insert("month".into(), json!(month.to_string()));
    }
    if let Some(day) = date.day() {
        parts.insert("day".into(), json!(day.to_string()));
    }
    Value::Object(parts)
}

/// The slide's text: the summary, the quotes as block quotes naming their source, and the
/// sources as a list of links (or names, for sources without a link).
fn event_html(event: &Event, sources: &[&Source]) -> String {
    let mut html = String::new();
    if let Some(summary) = &event.summary {
        html.push_str(&paragraphs(summary));
    }
    let name_of = |id: &str| {
        sources
            .iter()
            .find(|s| s.id == id)
            .map_or(id.to_string(), |s| source_name(s))
    };
    for quote in &event.quotes {
        html.push_str(&format!(
            "<blockquote>“{}” — {}</blockquote>",
            escape_html(&quote.text),
            escape_html(&name_of(&quote.source))
        ));
    }
    if !sources.is_empty() {
        html.push_str("<p>Sources:</p><ul>");
        for source in sources {
            let name = escape_html(&source_name(source));
            match &source.url {
                Some(url) => html.push_str(&format!(
                    "<li><a href=\"{}\">{name}</a></li>",
                    escape_html(url)
                )),
                None => html.push_str(&format!("<li>{name}</li>")),
            }
        }
        html.push_str("</ul>");
    }
    html
}

/// "Reuters: Mexico extradites 29", or the title alone.
fn source_name(source: &Source) -> String {
    match &source.outlet {
        Some(outlet) => format!("{outlet}: {}", source.title),
        None => source.title.clone(),
    }
}

/// Each line of `text` as an escaped `<p>`.
fn paragraphs(text: &str) -> String {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| format!("<p>{}</p>", escape_html(line)))
        .collect()
}

fn source_json(source: &Source) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(source.id));
    if let Some(outlet) = &source.outlet {
        object.insert("outlet".into(), json!(outlet));
    }
    object.insert("title".into(), json!(source.title));
    if let Some(url) = &source.url {
        object.insert("url".into(), json!(url));
    }
    if let Some(published) = source.published {
        object.insert("published".into(), json!(published.to_file_syntax()));
    }
    Value::Object(object)
}

/// Text made safe inside HTML elements and double-quoted attributes: TimelineJS puts `text`
/// and `headline` into the page as HTML, so a title with `<` must not become markup.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}
