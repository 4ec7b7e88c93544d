//! The `khabar/1` JSON output: one object per article, spans as `[start, end)`
//! in Unicode code points. See `docs/schema.md`.

use serde::Serialize;

use crate::entities::{EntityType, MentionKind};
use crate::pipeline::Analysis;
use crate::quotes::QuoteKind;
use crate::span::{CharIndex, Span};
use crate::structure::boilerplate::BoilerplateKind;
use crate::text::tokenize::{SegmentKind, TokenKind};
use crate::times::TimeType;

/// The schema name written into every object.
pub const SCHEMA: &str = "khabar/1";

/// What to include beyond the default layers.
#[derive(Clone, Copy, Debug, Default)]
pub struct OutputOptions {
    /// Emit the `tokens` layer.
    pub tokens: bool,
}

#[derive(Serialize)]
pub struct ArticleJson<'a> {
    schema: &'static str,
    id: &'a str,
    url: Option<&'a str>,
    source: Option<&'a str>,
    title: Option<&'a str>,
    published: Option<String>,
    text: &'a str,
    dateline: Option<DatelineJson<'a>>,
    paragraphs: Vec<[usize; 2]>,
    boilerplate: Vec<BoilerplateJson>,
    sentences: Vec<[usize; 2]>,
    times: Vec<TimeJson<'a>>,
    entities: Vec<EntityJson<'a>>,
    quotes: Vec<QuoteJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<TokenJson<'a>>>,
}

#[derive(Serialize)]
struct TimeJson<'a> {
    span: [usize; 2],
    text: &'a str,
    #[serde(rename = "type")]
    kind: TimeType,
    value: &'a str,
}

#[derive(Serialize)]
struct EntityJson<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: EntityType,
    name: &'a str,
    name_en: &'a str,
    wikidata: Option<&'a str>,
    mentions: Vec<MentionJson<'a>>,
}

#[derive(Serialize)]
struct MentionJson<'a> {
    span: [usize; 2],
    text: &'a str,
    kind: MentionKind,
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    span: [usize; 2],
    text: &'a str,
    kind: QuoteKind,
    cue: CueJson<'a>,
    speaker: SpeakerJson<'a>,
}

#[derive(Serialize)]
struct CueJson<'a> {
    span: [usize; 2],
    text: &'a str,
}

/// `text` is the speaker's name, not necessarily the surface at `span`.
#[derive(Serialize)]
struct SpeakerJson<'a> {
    entity: Option<&'a str>,
    text: &'a str,
    span: Option<[usize; 2]>,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    span: [usize; 2],
    text: &'a str,
    /// The entity the place names, when the lexicon knows it.
    entity: Option<&'a str>,
}

#[derive(Serialize)]
struct DatelineJson<'a> {
    span: [usize; 2],
    text: &'a str,
    place: Option<PlaceJson<'a>>,
    agency: Option<AgencyJson<'a>>,
    date: Option<DateJson<'a>>,
}

#[derive(Serialize)]
struct AgencyJson<'a> {
    span: [usize; 2],
    text: &'a str,
    name: &'static str,
}

#[derive(Serialize)]
struct DateJson<'a> {
    span: [usize; 2],
    text: &'a str,
    value: Option<String>,
}

#[derive(Serialize)]
struct BoilerplateJson {
    span: [usize; 2],
    kind: BoilerplateKind,
}

#[derive(Serialize)]
struct TokenJson<'a> {
    span: [usize; 2],
    text: &'a str,
    kind: TokenKind,
    norm: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    segments: Vec<&'a str>,
}

impl<'a> ArticleJson<'a> {
    pub fn new(analysis: &'a Analysis, options: OutputOptions) -> ArticleJson<'a> {
        let article = &analysis.article;
        let text = article.text.as_str();
        let index = CharIndex::new(text);
        let chars = |span: Span| index.chars(span);
        let normalized = analysis.normalized.as_str();
        let dateline = analysis.structure.dateline.as_ref().map(|d| DatelineJson {
            span: chars(d.span),
            text: d.span.slice(text).unwrap_or(""),
            place: d.place.map(|span| PlaceJson {
                span: chars(span),
                text: span.slice(text).unwrap_or(""),
                entity: analysis
                    .entities
                    .iter()
                    .find(|e| e.mentions.iter().any(|m| span.contains(m.span)))
                    .map(|e| e.id.as_str()),
            }),
            agency: d.agency.as_ref().map(|a| AgencyJson {
                span: chars(a.span),
                text: a.span.slice(text).unwrap_or(""),
                name: a.name,
            }),
            date: d.date.as_ref().map(|date| DateJson {
                span: chars(date.span),
                text: date.span.slice(text).unwrap_or(""),
                value: date.value.map(|v| v.iso()),
            }),
        });
        let tokens = options.tokens.then(|| {
            analysis
                .tokens
                .iter()
                .map(|t| {
                    let segments = t.segments(normalized);
                    let split = segments.iter().any(|(kind, _)| *kind != SegmentKind::Stem);
                    TokenJson {
                        span: chars(t.span),
                        text: t.span.slice(text).unwrap_or(""),
                        kind: t.kind,
                        norm: t.text(normalized),
                        segments: if split {
                            segments.into_iter().map(|(_, s)| s).collect()
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect()
        });
        ArticleJson {
            schema: SCHEMA,
            id: &article.id,
            url: article.url.as_deref(),
            source: article.source.as_deref(),
            title: article.title.as_deref(),
            published: article.published.map(|p| p.to_string()),
            text,
            dateline,
            paragraphs: analysis
                .structure
                .paragraphs
                .iter()
                .map(|&s| chars(s))
                .collect(),
            boilerplate: analysis
                .structure
                .boilerplate
                .iter()
                .map(|b| BoilerplateJson {
                    span: chars(b.span),
                    kind: b.kind,
                })
                .collect(),
            sentences: analysis.sentences.iter().map(|s| chars(s.span)).collect(),
            times: analysis
                .times
                .iter()
                .map(|t| TimeJson {
                    span: chars(t.span),
                    text: t.span.slice(text).unwrap_or(""),
                    kind: t.kind,
                    value: &t.value,
                })
                .collect(),
            entities: analysis
                .entities
                .iter()
                .map(|e| EntityJson {
                    id: &e.id,
                    kind: e.kind,
                    name: &e.name,
                    name_en: &e.name_en,
                    wikidata: e.wikidata.as_deref(),
                    mentions: e
                        .mentions
                        .iter()
                        .map(|m| MentionJson {
                            span: chars(m.span),
                            text: m.span.slice(text).unwrap_or(""),
                            kind: m.kind,
                        })
                        .collect(),
                })
                .collect(),
            quotes: analysis
                .quotes
                .iter()
                .map(|q| QuoteJson {
                    span: chars(q.span),
                    text: q.span.slice(text).unwrap_or(""),
                    kind: q.kind,
                    cue: CueJson {
                        span: chars(q.cue),
                        text: q.cue.slice(text).unwrap_or(""),
                    },
                    speaker: SpeakerJson {
                        entity: q.speaker.entity.as_deref(),
                        text: &q.speaker.name,
                        span: q.speaker.span.map(chars),
                    },
                })
                .collect(),
            tokens,
        }
    }
}

/// Checks a `khabar/1` object against its own text: every `span` is a
/// `[start, end)` pair inside the text, and every object holding both a
/// `span` and a `text` slices the article text (in code points) to exactly
/// that surface (except a quote's `speaker`, whose `text` is a name and
/// whose `span` may be null). Returns the number of spans checked.
pub fn check_spans(article: &serde_json::Value) -> Result<usize, String> {
    let text: Vec<char> = article
        .get("text")
        .and_then(|t| t.as_str())
        .ok_or("no \"text\" field")?
        .chars()
        .collect();
    let mut checked = 0;
    check_value(article, &text, &mut checked, "$")?;
    Ok(checked)
}

fn as_pair(value: &serde_json::Value) -> Option<(usize, usize)> {
    let pair = value.as_array()?;
    match pair.as_slice() {
        [a, b] => Some((a.as_u64()? as usize, b.as_u64()? as usize)),
        _ => None,
    }
}

fn check_pair(pair: (usize, usize), text: &[char], path: &str) -> Result<(), String> {
    let (start, end) = pair;
    if start > end || end > text.len() {
        return Err(format!(
            "{path}: span [{start}, {end}) outside a text of {} chars",
            text.len()
        ));
    }
    Ok(())
}

fn check_value(
    value: &serde_json::Value,
    text: &[char],
    checked: &mut usize,
    path: &str,
) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => {
            let speaker = path.ends_with(".speaker");
            if let Some(span) = map.get("span").filter(|s| !(speaker && s.is_null())) {
                let pair = as_pair(span).ok_or_else(|| format!("{path}.span is not a pair"))?;
                check_pair(pair, text, path)?;
                *checked += 1;
                if let Some(surface) = map
                    .get("text")
                    .and_then(|t| t.as_str())
                    .filter(|_| !speaker)
                {
                    let sliced: String = text[pair.0..pair.1].iter().collect();
                    if sliced != surface {
                        return Err(format!(
                            "{path}: span slices {sliced:?}, surface is {surface:?}"
                        ));
                    }
                }
            }
            for (key, child) in map {
                if key == "span" || (path == "$" && key == "text") {
                    continue;
                }
                if matches!(key.as_str(), "paragraphs" | "sentences") {
                    for (i, pair) in child.as_array().into_iter().flatten().enumerate() {
                        let pair = as_pair(pair)
                            .ok_or_else(|| format!("{path}.{key}[{i}] is not a pair"))?;
                        check_pair(pair, text, &format!("{path}.{key}[{i}]"))?;
                        *checked += 1;
                    }
                    continue;
                }
                check_value(child, text, checked, &format!("{path}.{key}"))?;
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_value(item, text, checked, &format!("{path}[{i}]"))?;
            }
        }
        _ => {}
    }
    Ok(())
}
