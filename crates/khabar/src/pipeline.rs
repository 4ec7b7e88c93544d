//! The pipeline: built once, immutable, shared across threads.

use std::ops::Range;

use crate::article::RawArticle;
use crate::calendar::Date;
use crate::entities::{Entity, EntityTagger};
use crate::ner::NerModel;
use crate::quotes::{self, Quote, QuoteTagger};
use crate::span::Span;
use crate::structure::agencies::AgencyRegistry;
use crate::structure::boilerplate::BoilerplateKind;
use crate::structure::{self, Structure};
use crate::text::normalize::{fold_for_search, Normalized};
use crate::text::sentences;
use crate::text::tokenize::{Token, Tokenizer};
use crate::times::{self, TimeExpr, TimeTagger};

/// One sentence: its span and the range of its tokens in [`Analysis::tokens`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
}

/// Everything khabar knows about one article: the article itself and the
/// stand-off layers over its text.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub article: RawArticle,
    /// The conservative normalized view and its map back to `article.text`.
    pub normalized: Normalized,
    pub structure: Structure,
    /// Tokens of the story text (boilerplate and dateline left out).
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Time expressions of the dateline, the story and the wire time stamps, in text order.
    pub times: Vec<TimeExpr>,
    /// Named entities of the dateline and the story, in order of first mention.
    pub entities: Vec<Entity>,
    /// Attributed statements of the story, in text order of their cues.
    pub quotes: Vec<Quote>,
}

/// Builds a [`Pipeline`]. The embedded lexicons are parsed here, once.
#[derive(Debug)]
pub struct PipelineBuilder {
    times: bool,
    entities: bool,
    ner_model: Option<NerModel>,
    quotes: bool,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            times: true,
            entities: true,
            ner_model: None,
            quotes: true,
        }
    }
}

impl PipelineBuilder {
    /// Whether to tag time expressions (on by default).
    pub fn times(mut self, enabled: bool) -> PipelineBuilder {
        self.times = enabled;
        self
    }

    /// Whether to find and link named entities (on by default).
    pub fn entities(mut self, enabled: bool) -> PipelineBuilder {
        self.entities = enabled;
        self
    }

    /// A trained NER model for the names the lexicon does not know
    /// (`khabar train ner`); without one, entities come from the lexicon.
    pub fn ner_model(mut self, model: NerModel) -> PipelineBuilder {
        self.ner_model = Some(model);
        self
    }

    /// Whether to find quotations and their speakers (on by default).
    pub fn quotes(mut self, enabled: bool) -> PipelineBuilder {
        self.quotes = enabled;
        self
    }

    pub fn build(self) -> Pipeline {
        let tokenizer = Tokenizer::new();
        let agencies = AgencyRegistry::new(&tokenizer);
        let times = self.times.then(|| TimeTagger::new(&tokenizer));
        let ner_model = self.ner_model;
        let entities = self.entities.then(|| {
            let tagger = EntityTagger::new(&tokenizer);
            match ner_model {
                Some(model) => tagger.with_model(model),
                None => tagger,
            }
        });
        let quotes = self.quotes.then(QuoteTagger::new);
        Pipeline {
            tokenizer,
            agencies,
            times,
            entities,
            quotes,
        }
    }
}

/// The analysis engine. `Send + Sync`: share one behind an `Arc` and call
/// [`Pipeline::analyze`] from any number of threads.
#[derive(Debug)]
pub struct Pipeline {
    tokenizer: Tokenizer,
    agencies: AgencyRegistry,
    times: Option<TimeTagger>,
    entities: Option<EntityTagger>,
    quotes: Option<QuoteTagger>,
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Analyzes one article. Never panics on any text.
    pub fn analyze(&self, article: RawArticle) -> Analysis {
        let normalized = Normalized::new(&article.text);
        let structure = structure::analyze(&normalized, &self.tokenizer, &self.agencies);
        let mut tokens = Vec::new();
        let mut sentence_list = Vec::new();
        let mut paragraphs = Vec::with_capacity(structure.story.len());
        for range in &structure.story {
            let first = tokens.len();
            tokens.extend(self.tokenizer.tokenize_range(&normalized, range.clone()));
            paragraphs.push(first..tokens.len());
            let paragraph = &tokens[first..];
            for sentence in sentences::split(paragraph, normalized.as_str(), &article.text) {
                let span = paragraph[sentence.start]
                    .span
                    .cover(paragraph[sentence.end - 1].span);
                sentence_list.push(Sentence {
                    span,
                    tokens: first + sentence.start..first + sentence.end,
                });
            }
        }
        let today = article.published.map(|p| p.date).or(structure
            .dateline
            .as_ref()
            .and_then(|d| d.date.as_ref())
            .and_then(|d| d.value));
        let times = self.times(
            today,
            &article.text,
            &normalized,
            &structure,
            &tokens,
            &sentence_list,
        );
        // The search-folded text, shared by the layers that match lexicons.
        let folded = if self.entities.is_some() || self.quotes.is_some() {
            fold_for_search(normalized.as_str())
        } else {
            String::new()
        };
        let entities = self.entities(
            today,
            &normalized,
            &folded,
            &structure,
            &tokens,
            &sentence_list,
        );
        let quotes = self.quotes.as_ref().map_or_else(Vec::new, |tagger| {
            let sentences: Vec<Range<usize>> =
                sentence_list.iter().map(|s| s.tokens.clone()).collect();
            tagger.tag(&quotes::Input {
                text: &article.text,
                normalized: normalized.as_str(),
                folded: &folded,
                tokens: &tokens,
                paragraphs: &paragraphs,
                sentences: &sentences,
                entities: &entities,
                times: &times,
            })
        });
        Analysis {
            article,
            normalized,
            structure,
            tokens,
            sentences: sentence_list,
            times,
            entities,
            quotes,
        }
    }

    /// Time expressions, resolved against `today`: the publication date, or
    /// the dateline's date when the article has no publication time.
    fn times(
        &self,
        today: Option<Date>,
        text: &str,
        normalized: &Normalized,
        structure: &Structure,
        tokens: &[Token],
        sentences: &[Sentence],
    ) -> Vec<TimeExpr> {
        let Some(tagger) = &self.times else {
            return Vec::new();
        };
        let dateline_date = structure.dateline.as_ref().and_then(|d| d.date.as_ref());
        let dateline_tokens =
            dateline_date.map(|d| self.tokenizer.tokenize_range(normalized, d.norm.clone()));
        let runs = runs(dateline_tokens.as_deref(), tokens, sentences);
        let mut found = tagger.tag(normalized, &runs, today);
        let stamps = structure
            .boilerplate
            .iter()
            .filter(|b| b.kind == BoilerplateKind::Timestamp);
        found.extend(stamps.filter_map(|b| times::wire_timestamp(text, b.span, today)));
        found.sort_by_key(|t| t.span);
        found
    }

    /// Entities of the dateline and the sentences; titles name the office
    /// holders of `today`.
    fn entities(
        &self,
        today: Option<Date>,
        normalized: &Normalized,
        folded: &str,
        structure: &Structure,
        tokens: &[Token],
        sentences: &[Sentence],
    ) -> Vec<Entity> {
        let Some(tagger) = &self.entities else {
            return Vec::new();
        };
        let dateline_tokens = structure
            .dateline
            .as_ref()
            .map(|d| self.tokenizer.tokenize_range(normalized, d.norm.clone()));
        let runs = runs(dateline_tokens.as_deref(), tokens, sentences);
        tagger.tag(normalized, folded, &runs, today)
    }
}

/// The runs of tokens an annotator reads: a part of the dateline, when
/// there is one, then each sentence.
fn runs<'t>(
    dateline: Option<&'t [Token]>,
    tokens: &'t [Token],
    sentences: &[Sentence],
) -> Vec<&'t [Token]> {
    dateline
        .into_iter()
        .chain(sentences.iter().map(|s| &tokens[s.tokens.clone()]))
        .collect()
}
