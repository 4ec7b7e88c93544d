//! Article structure: paragraphs, boilerplate and the dateline, found before
//! any annotator runs so that boilerplate never feeds them.

pub mod agencies;
pub mod boilerplate;
pub mod dateline;

use std::ops::Range;

use crate::calendar::Date;
use crate::span::Span;
use crate::structure::agencies::AgencyRegistry;
use crate::structure::boilerplate::{
    classify_line, trailing_mark, BoilerplateKind, LEADING_WIDGETS,
};
use crate::text::normalize::Normalized;
use crate::text::tokenize::{Token, TokenKind, Tokenizer};

/// A boilerplate span and its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Boilerplate {
    pub span: Span,
    pub kind: BoilerplateKind,
}

/// The dateline and its parts, as spans of the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dateline {
    pub span: Span,
    /// The dateline's byte range in the normalized text.
    pub norm: Range<usize>,
    pub place: Option<Span>,
    pub agency: Option<DatelineAgency>,
    pub date: Option<DatelineDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatelineAgency {
    pub span: Span,
    /// Canonical name from the registry: `SANA`, `SPA`, `AFP` ...
    pub name: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatelineDate {
    pub span: Span,
    /// The Gregorian date the dateline states, when it states one.
    pub value: Option<Date>,
    /// The date's byte range in the normalized text, for the time tagger.
    pub norm: Range<usize>,
}

/// What the structure stage finds.
#[derive(Clone, Debug, Default)]
pub struct Structure {
    pub dateline: Option<Dateline>,
    pub paragraphs: Vec<Span>,
    pub boilerplate: Vec<Boilerplate>,
    /// Story text: byte ranges of the normalized text, one or more per
    /// paragraph, with boilerplate and the dateline left out.
    pub story: Vec<Range<usize>>,
}

/// Finds paragraphs, boilerplate and the dateline.
pub fn analyze(
    normalized: &Normalized,
    tokenizer: &Tokenizer,
    agencies: &AgencyRegistry,
) -> Structure {
    let text = normalized.as_str();
    let mut structure = Structure::default();
    // Story lines seen while a dateline may still come: the first line, or
    // the second after a short first line (a byline).
    let mut dateline_line = Some(0);
    let mut short_first_line = None;
    for line in trimmed_lines(text) {
        structure
            .paragraphs
            .push(normalized.original_span(line.clone()));
        let mut content = line;
        for (widget, kind) in LEADING_WIDGETS {
            if text[content.clone()].starts_with(widget) {
                let end = content.start + widget.len();
                structure.push_boilerplate(normalized, content.start..end, kind);
                content = trim(text, end..content.end);
            }
        }
        if content.is_empty() {
            continue;
        }
        if let Some(kind) = classify_line(&text[content.clone()]) {
            structure.push_boilerplate(normalized, content, kind);
            continue;
        }
        while let Some((offset, kind)) = trailing_mark(&text[content.clone()]) {
            let mark = content.start + offset..content.end;
            structure.push_boilerplate(normalized, mark, kind);
            content = trim(text, content.start..content.start + offset);
        }
        if content.is_empty() {
            continue;
        }
        let credit_sized = content.len() <= MAX_CREDIT_BYTES;
        if !credit_sized && dateline_line.is_none() {
            structure.story.push(content);
            continue;
        }
        let tokens = tokenizer.tokenize_range(normalized, content.clone());
        if credit_sized && is_agency_credit(&tokens, text, agencies) {
            structure.push_boilerplate(normalized, content, BoilerplateKind::Credit);
            continue;
        }
        if let Some(line) = dateline_line.as_mut() {
            *line += 1;
            if let Some(rest) = structure.read_dateline(normalized, &tokens, agencies) {
                dateline_line = None;
                content = trim(text, rest..content.end);
                if let Some(byline) = short_first_line.take() {
                    // The short line before a dateline is its author's name.
                    structure.story.retain(|r| *r != byline);
                    structure.push_boilerplate(normalized, byline, BoilerplateKind::Byline);
                }
            } else if *line == 1 && is_short_line(&tokens, text) {
                short_first_line = Some(content.clone());
            } else {
                dateline_line = None;
            }
        }
        if !content.is_empty() {
            structure.story.push(content);
        }
    }
    structure.boilerplate.sort_by_key(|b| b.span);
    structure
}

impl Structure {
    fn push_boilerplate(
        &mut self,
        normalized: &Normalized,
        range: Range<usize>,
        kind: BoilerplateKind,
    ) {
        self.boilerplate.push(Boilerplate {
            span: normalized.original_span(range),
            kind,
        });
    }

    /// Records the dateline at the start of `tokens`; returns the normalized
    /// offset where the story text resumes.
    fn read_dateline(
        &mut self,
        normalized: &Normalized,
        tokens: &[Token],
        agencies: &AgencyRegistry,
    ) -> Option<usize> {
        let text = normalized.as_str();
        let parse = dateline::parse(tokens, text, agencies)?;
        let cover = |range: &Range<usize>| -> Range<usize> {
            tokens[range.start].norm.start..tokens[range.end - 1].norm.end
        };
        if parse.whole.is_empty() {
            return None;
        }
        let whole = cover(&parse.whole);
        if let Some(byline) = &parse.byline {
            self.push_boilerplate(normalized, cover(byline), BoilerplateKind::Byline);
        }
        let date = parse.date.as_ref().map(|range| {
            let words: Vec<&str> = tokens[range.clone()].iter().map(|t| t.text(text)).collect();
            DatelineDate {
                span: normalized.original_span(cover(range)),
                value: dateline::gregorian_value(&words),
                norm: cover(range),
            }
        });
        self.dateline = Some(Dateline {
            span: normalized.original_span(whole.clone()),
            norm: whole.clone(),
            place: parse
                .place
                .as_ref()
                .map(|r| normalized.original_span(cover(r))),
            agency: parse.agency.as_ref().map(|(r, agency)| DatelineAgency {
                span: normalized.original_span(cover(r)),
                name: agency.name,
            }),
            date,
        });
        Some(whole.end)
    }
}

/// A line of a few words without a full stop: a byline or a title.
fn is_short_line(tokens: &[Token], text: &str) -> bool {
    tokens.len() <= 10
        && !tokens
            .iter()
            .any(|t| matches!(t.text(text), "." | "!" | "?" | ":"))
}

/// Credit lines are a few agency names: `فرانس24/ أ ف ب`.
const MAX_CREDIT_BYTES: usize = 120;

/// A short line made only of agency names and separators: `فرانس24/ أ ف ب`.
fn is_agency_credit(tokens: &[Token], text: &str, agencies: &AgencyRegistry) -> bool {
    if tokens.is_empty() || tokens.len() > 12 {
        return false;
    }
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let mut i = 0;
    let mut named = 0;
    while i < words.len() {
        if let Some(agency) = agencies.match_at(&words[i..]) {
            i += agency.tokens.len();
            named += 1;
        } else if matches!(tokens[i].kind, TokenKind::Punct | TokenKind::Number) {
            i += 1;
        } else {
            return false;
        }
    }
    named > 0
        && tokens
            .iter()
            .any(|t| matches!(t.text(text), "/" | "،" | ","))
}

/// Byte ranges of the non-empty lines of `text`, trimmed of whitespace.
pub fn trimmed_lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut offset = 0;
    text.split('\n').filter_map(move |line| {
        let range = offset..offset + line.len();
        offset += line.len() + 1;
        let range = trim(text, range);
        (!range.is_empty()).then_some(range)
    })
}

fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.end - (slice.len() - slice.trim_end().len());
    start..end.max(start)
}
