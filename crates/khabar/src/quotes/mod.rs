//! Quotations: who said what. Direct quotes in quotation marks, indirect
//! statements after a reporting cue and أن/إن, and mixed ones, each with
//! its cue and its speaker resolved to an entity of the article when one
//! covers it. See `docs/design/quotes.md`.

pub mod cues;
pub mod marks;

use std::ops::Range;

use crate::entities::{Entity, EntityType};
use crate::span::Span;
use crate::text::normalize::fold_for_search;
use crate::text::tokenize::{Token, TokenKind};
use crate::times::TimeExpr;

use cues::{fold_into, Agreement, Complement, Cue, CueClass, CueLexicon};
use marks::Region;

/// How the content is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// The words inside quotation marks.
    Direct,
    /// A reported clause (`أكد الوزير أن ...`).
    Indirect,
    /// A reported clause with quoted words in it.
    Mixed,
}

/// Who speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The id of the entity of the article that speaks, when one covers the speaker.
    pub entity: Option<String>,
    /// The speaker's name: the entity's name, or the fullest phrase the
    /// article names the speaker with.
    pub name: String,
    /// The mention nearest the cue; `None` when the speaker is implied
    /// (`وأضاف`, `مؤكدا`).
    pub span: Option<Span>,
}

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The content: inside the marks for a direct quote, the reported clause otherwise.
    pub span: Span,
    pub kind: QuoteKind,
    /// The reporting word (`وقال`, `مؤكدا`, `بحسب`).
    pub cue: Span,
    pub speaker: Speaker,
}

/// The article as the quote tagger reads it: the layers before it.
pub struct Input<'a> {
    pub text: &'a str,
    pub normalized: &'a str,
    /// The story's tokens.
    pub tokens: &'a [Token],
    /// Token ranges of the story's paragraphs and sentences, in order.
    pub paragraphs: &'a [Range<usize>],
    pub sentences: &'a [Range<usize>],
    pub entities: &'a [Entity],
    pub times: &'a [TimeExpr],
}

/// Finds the quotes of an article. Built once per pipeline.
#[derive(Debug, Default)]
pub struct QuoteTagger {
    cues: CueLexicon,
}

/// Tokens a cue may be from its content (`أعلن الرئيس الروسي، فلاديمير
/// بوتين، في مقابلة تم بثها، الجمعة، أنه`).
const MAX_GAP: usize = 30;
/// Tokens of a speaker phrase.
const MAX_PHRASE: usize = 10;

/// Folded words after which أن is not the cue's complement (`ضرورة أن`, `إلا أن`).
const NOT_COMPLEMENT_AFTER: &[&str] = &[
    "ضروره",
    "اهميه",
    "بعد",
    "قبل",
    "يجب",
    "يمكن",
    "اجل",
    "دون",
    "حتي",
    "بد",
    "لابد",
    "منذ",
    "مجرد",
    "بمجرد",
    "رغم",
    "الا",
    "غير",
    "كما",
    "بما",
    "شان",
    "احتمال",
    "امكانيه",
];
/// Folded words that end a speaker phrase: prepositions and particles.
const PHRASE_STOPS: &[&str] = &[
    "في",
    "خلال",
    "عن",
    "مع",
    "امام",
    "عبر",
    "منذ",
    "حول",
    "بعد",
    "قبل",
    "اثناء",
    "وسط",
    "لدي",
    "عند",
    "ضمن",
    "عقب",
    "اثر",
    "حيث",
    "من",
    "ازاء",
    "تجاه",
    "بشان",
    "قد",
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اليوم",
    "امس",
    "ايضا",
    "كذلك",
    "مجددا",
    "لاحقا",
    "سابقا",
    "ان",
    "انه",
    "انها",
    "بان",
];
/// Normalized prepositions whose folded form is a name (`على` folds to `علي`, Ali).
const LONG_VOWEL_PREPOSITIONS: &[&str] = &["على", "إلى", "الى"];
const RELATIVES: &[&str] = &["الذي", "التي", "الذين", "اللذين", "اللتين"];
/// Words a subject placed before its verb follows (`وكان مصدر مطلع قال`).
const SUBJECT_OPENERS: &[&str] = &[
    "كان",
    "كانت",
    "وكان",
    "وكانت",
    "فكان",
    "لكن",
    "ولكن",
    "بينما",
    "فيما",
    "وفيما",
    "اذ",
    "ان",
];
/// Subjects that are pronouns: the speaker is implied.
const PRONOUN_SUBJECTS: &[&str] = &[
    "سموه",
    "معاليه",
    "فخامته",
    "سيادته",
    "جلالته",
    "هو",
    "هي",
    "هم",
];
/// A comma followed by one of these ends a reported clause (`، وذلك ...`, `، كما أوضح`).
const CLAUSE_ENDERS: &[&str] = &[
    "وذلك",
    "كما",
    "فيما",
    "بينما",
    "لكن",
    "ولكن",
    "لكنه",
    "لكنها",
    "لكنهم",
    "الا",
    "وهو",
];
/// Outlets a speaker speaks to (`وقال مارتينو لشبكة فوكس`): after a name, `ل` + one of
/// these ends the speaker phrase.
const AUDIENCES: &[&str] = &[
    "شبكه",
    "الشبكه",
    "صحيفه",
    "الصحيفه",
    "قناه",
    "القناه",
    "وكاله",
    "الوكاله",
    "الصحفيين",
    "الصحافيين",
    "الصحافه",
    "التلفزيون",
    "تلفزيون",
    "اذاعه",
    "الاذاعه",
    "موقع",
    "الموقع",
    "مجله",
    "المجله",
    "برنامج",
    "البرنامج",
    "وسائل",
    "الجوهره",
];
/// Documents that speak for who issued them (`بيان صادر عن الحركة`).
const DOCUMENTS: &[&str] = &[
    "بيان",
    "تقرير",
    "بلاغ",
    "تصريح",
    "تصريحات",
    "رساله",
    "تغريده",
];
/// Pronoun objects after a source cue: the journalist's framing (`وفق تعبيره`).
const FRAMING_AFTER_SOURCE: &[&str] = &["تعبيره", "تعبيرها", "قوله", "قولها", "وصفه", "وصفها"];

impl QuoteTagger {
    pub fn new() -> QuoteTagger {
        QuoteTagger {
            cues: CueLexicon::new(),
        }
    }

    /// The quotes of an article, in text order of their cues.
    pub fn tag(&self, input: &Input) -> Vec<Quote> {
        let mut buf = String::new();
        let cues: Vec<(usize, Cue)> = input
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TokenKind::Word)
            .filter_map(|(i, t)| Some((i, self.cues.lookup(t.text(input.normalized), &mut buf)?)))
            .collect();
        if cues.is_empty() {
            return Vec::new();
        }
        let mut doc = Document::new(input, &cues);
        for &(i, cue) in &cues {
            if i >= doc.busy_until {
                doc.cue(i, cue);
            }
        }
        doc.quotes
    }
}

/// A speaker known so far, for the cues that refer back to it.
#[derive(Clone, Debug)]
struct Known {
    speaker: Speaker,
    /// Folded words of the phrases that named it.
    words: Vec<String>,
    agreement: Agreement,
}

/// Where a statement's content begins.
enum Start {
    /// A quoted region right after the cue (`قال: "..."`).
    Region(usize),
    /// The first token of a reported clause.
    Clause(usize),
}

struct Document<'a> {
    input: &'a Input<'a>,
    folded: String,
    /// The cue of each token, if any.
    cue_at: Vec<Option<Cue>>,
    regions: Vec<Region>,
    /// For each token, the region whose opening mark it is.
    region_at: rustc_hash::FxHashMap<usize, usize>,
    claimed: Vec<bool>,
    /// Entity mentions as token ranges: `(first token, end token, entity)`, by first token.
    mentions: Vec<(usize, usize, usize)>,
    in_time: Vec<bool>,
    history: Vec<Known>,
    /// The speaker of the last cue, with the sentence it was in.
    last_cue: Option<(usize, Speaker)>,
    quotes: Vec<Quote>,
    /// Cues before this token are inside a quote already found.
    busy_until: usize,
}

impl<'a> Document<'a> {
    fn new(input: &'a Input<'a>, cues: &[(usize, Cue)]) -> Document<'a> {
        let tokens = input.tokens;
        let mut cue_at = vec![None; tokens.len()];
        for &(i, cue) in cues {
            cue_at[i] = Some(cue);
        }
        let regions = marks::regions(tokens, input.paragraphs, input.normalized, input.text);
        let region_at = regions
            .iter()
            .enumerate()
            .map(|(k, r)| (r.open, k))
            .collect();
        let mut mentions: Vec<(usize, usize, usize)> = input
            .entities
            .iter()
            .enumerate()
            .flat_map(|(e, entity)| entity.mentions.iter().map(move |m| (m.span, e)))
            .filter_map(|(span, e)| {
                let range = token_range(tokens, span)?;
                Some((range.start, range.end, e))
            })
            .collect();
        mentions.sort_unstable();
        let mut in_time = vec![false; tokens.len()];
        for time in input.times {
            if let Some(range) = token_range(tokens, time.span) {
                in_time[range].fill(true);
            }
        }
        Document {
            input,
            folded: fold_for_search(input.normalized),
            cue_at,
            claimed: vec![false; regions.len()],
            regions,
            region_at,
            mentions,
            in_time,
            history: Vec::new(),
            last_cue: None,
            quotes: Vec::new(),
            busy_until: 0,
        }
    }

    fn len(&self) -> usize {
        self.input.tokens.len()
    }

    fn norm(&self, i: usize) -> &str {
        self.input.tokens[i].text(self.input.normalized)
    }

    fn fold(&self, i: usize) -> &str {
        &self.folded[self.input.tokens[i].norm.clone()]
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        i < self.len() && words.contains(&self.fold(i))
    }

    fn punct(&self, i: usize, marks: &[char]) -> bool {
        i < self.len()
            && self.input.tokens[i].kind == TokenKind::Punct
            && self.norm(i).starts_with(marks)
    }

    fn sentence_end_mark(&self, i: usize) -> bool {
        self.punct(i, &['.', '?', '!', ';'])
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.len()
            && matches!(
                self.input.tokens[i].kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Hashtag | TokenKind::Number
            )
    }

    /// `أن`, `إنه`, `بأن`, `فإن` ...: the word that opens a reported clause.
    fn is_complementizer(&self, i: usize) -> bool {
        if i >= self.len() {
            return false;
        }
        let word = self.fold(i);
        let word = word.strip_prefix(['ب', 'ف']).unwrap_or(word);
        matches!(
            word,
            "ان" | "انه"
                | "انها"
                | "انهم"
                | "انهن"
                | "اننا"
                | "انني"
                | "اني"
                | "انك"
                | "انكم"
                | "انهما"
        )
    }

    fn paragraph_end(&self, i: usize) -> usize {
        let paragraphs = self.input.paragraphs;
        let k = paragraphs.partition_point(|p| p.end <= i);
        paragraphs.get(k).map_or(self.len(), |p| p.end)
    }

    fn sentence_of(&self, i: usize) -> Option<usize> {
        let sentences = self.input.sentences;
        let k = sentences.partition_point(|s| s.end <= i);
        sentences.get(k).filter(|s| s.contains(&i)).map(|_| k)
    }

    fn sentence(&self, i: usize) -> Range<usize> {
        self.sentence_of(i)
            .map_or(i..i + 1, |k| self.input.sentences[k].clone())
    }

    fn cue(&mut self, i: usize, cue: Cue) {
        // Inside quotation marks a cue is part of someone's words.
        if self.inside_region(i) {
            return;
        }
        match cue.class {
            CueClass::Verb | CueClass::Object => self.verb(i, cue),
            CueClass::Participle => self.participle(i, cue),
            CueClass::Source => self.source(i, cue),
        }
    }

    fn inside_region(&self, i: usize) -> bool {
        self.regions
            .iter()
            .zip(&self.claimed)
            .any(|(r, &claimed)| claimed && r.inside.contains(&i))
    }

    /// A reporting verb: its subject, then its content.
    fn verb(&mut self, i: usize, cue: Cue) {
        let paragraph_end = self.paragraph_end(i);
        let mut phrase = self.phrase_after(i + 1, paragraph_end);
        // A chain: the one quoted speaks (`نقلت رويترز عن مسؤول`, `نقلا عن`,
        // `بيان صادر عن الوزارة`).
        let mut after = phrase.end;
        let relayed = if cue.lemma == "نقل" || self.is(after, &["نقلا"]) {
            let from = after + usize::from(self.is(after, &["نقلا"]));
            self.is(from, &["عن"]).then_some(from + 1)
        } else {
            let document = self.is(phrase.start, DOCUMENTS) || self.is(phrase.start, &["صادر"]);
            let issued = if self.is(after, &["صادر", "الصادر"]) {
                after + 1
            } else {
                after
            };
            (document && self.is(issued, &["عن"])).then_some(issued + 1)
        };
        if let Some(from) = relayed {
            let source = self.phrase_after(from, paragraph_end);
            if !source.is_empty() {
                after = source.end;
                phrase = source;
            }
        }
        let Some(start) = self.complement(after, paragraph_end, cue) else {
            if cue.class == CueClass::Verb {
                self.quote_before(i, cue, phrase.clone());
            }
            // A sentence's subject is continued by its participles.
            let speaker = self.speaker(i, phrase, cue);
            self.remember_cue(i, speaker);
            return;
        };
        let speaker = self.speaker(i, phrase.clone(), cue);
        let emitted = self.emit(i, start, speaker.clone(), cue.class == CueClass::Object);
        if emitted {
            self.learn(&speaker, phrase, cue.agreement);
        }
        self.remember_cue(i, speaker);
    }

    /// A participle of manner: the speaker of its sentence's cue, or of its
    /// subject, else the last speaker it agrees with.
    fn participle(&mut self, i: usize, cue: Cue) {
        let paragraph_end = self.paragraph_end(i);
        let start = match cue.complement {
            Complement::Object
                if self.is_word(i + 1)
                    && !self.is_complementizer(i + 1)
                    && !self.is(i + 1, &["الي", "علي"]) =>
            {
                Some(Start::Clause(i + 1))
            }
            _ => self.complement(i + 1, paragraph_end, cue),
        };
        let Some(start) = start else { return };
        let sentence = self.sentence_of(i);
        let speaker = match &self.last_cue {
            Some((s, speaker)) if Some(*s) == sentence => speaker.clone(),
            _ => self
                .sentence_subject(i)
                .unwrap_or_else(|| self.implied(cue.agreement)),
        };
        let speaker = Speaker {
            span: None,
            ..speaker
        };
        self.emit(i, start, speaker.clone(), false);
        self.remember_cue(i, speaker);
    }

    /// `بحسب`, `وفقا لـ`, `نقلا عن`: the speaker after, the content the
    /// clause before, or after when the cue opens its sentence.
    fn source(&mut self, i: usize, cue: Cue) {
        let paragraph_end = self.paragraph_end(i);
        let mut from = i + 1;
        if self.is(from, FRAMING_AFTER_SOURCE) {
            return;
        }
        // `وفقا لما ذكره`, `بحسب ما أفادت وكالة`: the speaker is the verb's subject.
        if self.is(from, &["ما", "لما"]) {
            from += 1;
            if from < self.len() && self.cue_at[from].is_some() {
                from += 1;
            }
        }
        if self.is(from, &["عن"]) {
            from += 1;
        }
        let mut phrase = self.phrase_after(from, paragraph_end);
        if self.is(phrase.start, DOCUMENTS) || self.is(phrase.start, &["لبيان", "لتقرير"])
        {
            let mut after = phrase.end;
            if self.is(after, &["صادر", "الصادر"]) {
                after += 1;
            }
            if self.is(after, &["عن"]) {
                let issuer = self.phrase_after(after + 1, paragraph_end);
                if !issuer.is_empty() {
                    phrase = issuer;
                }
            }
        }
        if phrase.is_empty() {
            return;
        }
        let sentence = self.sentence(i);
        let opens =
            i == sentence.start || (i == sentence.start + 1 && self.norm(sentence.start) == "و");
        let content = if opens {
            let mut s = phrase.end;
            while self.punct(s, &[',']) {
                s += 1;
            }
            if self.is_complementizer(s) {
                s += 1;
            }
            let end = self.clause_end(s, paragraph_end);
            s..end
        } else {
            // The clause before, unless a quote already took it (`وفق تعبيره`).
            let begin = self
                .quotes
                .last()
                .filter(|q| q.cue.start() >= self.input.tokens[sentence.start].span.start())
                .map_or(sentence.start, |_| i);
            let mut end = i;
            while end > begin && !self.is_word(end - 1) {
                end -= 1;
            }
            begin..end
        };
        if content.len() < 3 {
            return;
        }
        let speaker = self.speaker(i, phrase.clone(), cue);
        if self.emit(i, Start::Clause(content.start), speaker.clone(), false) {
            // `emit` ends a clause where it must; a source's clause before it ends at it.
            if !opens {
                let span = self.input_span(content.clone());
                if let Some(q) = self.quotes.last_mut() {
                    q.span = span;
                }
            }
            self.learn(&speaker, phrase, Agreement::Any);
        }
    }

    fn input_span(&self, tokens: Range<usize>) -> Span {
        let t = self.input.tokens;
        Span::from_range(t[tokens.start].span.start()..t[tokens.end - 1].span.end())
    }

    /// What follows a cue and its subject: a colon, quotation marks, a
    /// complementizer (with the cue's preposition before it), or a
    /// preposition that introduces a nominal statement.
    fn complement(&self, from: usize, paragraph_end: usize, cue: Cue) -> Option<Start> {
        let limit = paragraph_end.min(from + MAX_GAP);
        let preposition = match cue.complement {
            Complement::Preposition { word, nominal } => Some((word, nominal)),
            _ => None,
        };
        // A nominal statement right after the subject (`أفاد مصدر أمني بمقتل`);
        // praise and blame verbs take their object so (`أشاد بدور ...`).
        let nominal = match (cue.class, preposition) {
            (_, Some((word, true))) | (CueClass::Object, Some((word, false))) => Some(word),
            (CueClass::Object, None) => Some(""),
            _ => None,
        };
        if let Some(word) = nominal {
            let mut k = from;
            while k < limit && (self.punct(k, &[',']) || self.in_time[k]) {
                k += 1;
            }
            if k < limit && self.is_word(k) && !self.is_complementizer(k) {
                let token = &self.input.tokens[k];
                let split = token.stem.start > token.norm.start;
                if word.is_empty() {
                    return Some(Start::Clause(k));
                }
                if self.norm(k) == word {
                    return (k + 1 < limit).then_some(Start::Clause(k + 1));
                }
                if word == "ب" && split && self.has_proclitic(k, &['ب']) {
                    return Some(Start::Clause(k));
                }
            }
        }
        let mut k = from;
        while k < limit {
            if let Some(&r) = self.region_at.get(&k) {
                return (!self.claimed[r]).then_some(Start::Region(r));
            }
            if self.punct(k, &[':']) {
                let next = k + 1;
                if let Some(&r) = self.region_at.get(&next) {
                    return (!self.claimed[r]).then_some(Start::Region(r));
                }
                if self.is_complementizer(next) {
                    return Some(Start::Clause(next + 1));
                }
                return (next < paragraph_end && self.is_word(next)).then_some(Start::Clause(next));
            }
            if self.is_complementizer(k) {
                let before = k.checked_sub(1).filter(|&b| b >= from);
                if let Some(b) = before {
                    if self.is(b, NOT_COMPLEMENT_AFTER) {
                        return None;
                    }
                    let standalone = [self.norm(b)];
                    if LONG_VOWEL_PREPOSITIONS.contains(&standalone[0]) || self.is(b, &["من", "عن"])
                    {
                        let matches = preposition.is_some_and(|(w, _)| {
                            crate::text::normalize::eq_folded(w, standalone[0])
                        });
                        if !matches {
                            return None;
                        }
                    }
                }
                return Some(Start::Clause(k + 1));
            }
            if self.sentence_end_mark(k) {
                return None;
            }
            if k > from && self.cue_at[k].is_some_and(|c| c.class != CueClass::Source) {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Makes the quote of a cue whose content starts at `start`; `needs_marks`
    /// for praise and blame verbs. Returns whether a quote was made.
    fn emit(&mut self, cue: usize, start: Start, speaker: Speaker, needs_marks: bool) -> bool {
        let tokens = self.input.tokens;
        let paragraph_end = self.paragraph_end(cue);
        let (kind, span, busy) = match start {
            Start::Region(r) => {
                let Some(span) = self.region_span(r) else {
                    return false;
                };
                (QuoteKind::Direct, span, self.regions[r].inside.end)
            }
            Start::Clause(s) => {
                let end = self.clause_end(s, paragraph_end);
                if end <= s {
                    return false;
                }
                let inner: Vec<usize> = (s..end)
                    .filter_map(|k| self.region_at.get(&k).copied())
                    .collect();
                let whole = inner.first().filter(|&&r| {
                    let region = &self.regions[r];
                    region.open == s && region.close.map_or(region.inside.end, |c| c + 1) >= end
                });
                if let Some(&r) = whole {
                    let Some(span) = self.region_span(r) else {
                        return false;
                    };
                    self.claimed[r] = true;
                    (QuoteKind::Direct, span, self.regions[r].inside.end.max(end))
                } else if inner.is_empty() {
                    if needs_marks {
                        return false;
                    }
                    (QuoteKind::Indirect, self.input_span(s..end), end)
                } else {
                    for r in inner {
                        self.claimed[r] = true;
                    }
                    (QuoteKind::Mixed, self.input_span(s..end), end)
                }
            }
        };
        if let Start::Region(r) = start {
            self.claimed[r] = true;
        }
        self.busy_until = self.busy_until.max(busy);
        self.quotes.push(Quote {
            span,
            kind,
            cue: tokens[cue].span,
            speaker,
        });
        true
    }

    /// The text inside a region's marks, without the spaces at its ends.
    fn region_span(&self, r: usize) -> Option<Span> {
        let region = &self.regions[r];
        let tokens = self.input.tokens;
        let start = tokens[region.open].span.end();
        let end = match region.close {
            Some(c) => tokens[c].span.start(),
            None => tokens[region.inside.clone()].last()?.span.end(),
        };
        let inner = self.input.text.get(start..end)?;
        let lead = inner.len() - inner.trim_start().len();
        let trimmed = inner.trim();
        (!trimmed.is_empty()).then(|| Span::from_range(start + lead..start + lead + trimmed.len()))
    }

    /// The end (exclusive) of a reported clause starting at `s`: the end of
    /// the sentence, or before a participle, a source, a new cue or the
    /// journalist's framing. Quoted regions inside are skipped whole.
    fn clause_end(&self, s: usize, paragraph_end: usize) -> usize {
        let mut k = s;
        while k < paragraph_end {
            if let Some(&r) = self.region_at.get(&k) {
                let region = &self.regions[r];
                k = region.close.map_or(region.inside.end, |c| c + 1).max(k + 1);
                continue;
            }
            if self.sentence_end_mark(k) {
                break;
            }
            if k > s {
                if let Some(cue) = self.cue_at[k] {
                    let after_comma = self.punct(k - 1, &[',']);
                    let conjoined = self.norm(k).starts_with(['و', 'ف'])
                        || self.is(k - 1, &["كما", "فيما", "بينما"]);
                    if cue.class == CueClass::Participle
                        || (cue.class == CueClass::Source && after_comma)
                        || (cue.class == CueClass::Verb && (after_comma || conjoined))
                    {
                        break;
                    }
                }
                if self.is(k, &["وذلك"]) {
                    break;
                }
                if self.punct(k, &[','])
                    && (self.is(k + 1, CLAUSE_ENDERS)
                        || (self.is(k + 1, &["في"]) && self.is(k + 2, &["اشاره"])))
                {
                    break;
                }
            }
            k += 1;
        }
        // Trailing punctuation and the conjunction of a cut clause stay out.
        let mut end = k.min(paragraph_end);
        while end > s && (self.punct(end - 1, &[',', ':', '-', ';']) || self.norm(end - 1) == "و")
        {
            end -= 1;
        }
        end
    }

    /// A direct quote just before a cue with no content after it
    /// (`"..."، قال الوزير.`).
    fn quote_before(&mut self, i: usize, cue: Cue, phrase: Range<usize>) {
        let mut k = i;
        while k > 0 && self.punct(k - 1, &[',', '-']) {
            k -= 1;
        }
        let Some(r) = k.checked_sub(1).and_then(|close| {
            self.regions
                .iter()
                .position(|region| region.close == Some(close))
        }) else {
            return;
        };
        if self.claimed[r] {
            return;
        }
        let speaker = self.speaker(i, phrase.clone(), cue);
        if self.emit(i, Start::Region(r), speaker.clone(), false) {
            self.learn(&speaker, phrase, cue.agreement);
        }
    }

    /// The speaker phrase starting at `from`: up to punctuation, a
    /// preposition, a time expression, a relative pronoun, a complementizer
    /// or a cue; an entity mention is taken whole, and after a name `ل`/`ب`
    /// + a word end it (`وقال مارتينو لشبكة`), while descriptions keep them
    /// (`مسؤول بالشرطة`).
    fn phrase_after(&self, from: usize, limit: usize) -> Range<usize> {
        let mut k = from;
        let mut after_name = false;
        while k < limit && k - from < MAX_PHRASE {
            if !self.is_word(k)
                || self.in_time[k]
                || self.is(k, PHRASE_STOPS)
                || LONG_VOWEL_PREPOSITIONS.contains(&self.norm(k))
                || (k > from && self.cue_at[k].is_some())
                || self.is_complementizer(k)
            {
                break;
            }
            let token = &self.input.tokens[k];
            let proclitic = &self.input.normalized[token.norm.start..token.stem.start];
            if k > from && proclitic.starts_with(['ل', 'ب']) {
                let audience = self.folded[token.norm.start + 2..token.norm.end].to_string();
                if after_name || AUDIENCES.contains(&audience.as_str()) || token.norm.len() <= 2 {
                    break;
                }
            }
            match self.person_or_org_at(k, limit) {
                Some((_, end)) => {
                    after_name = true;
                    k = end;
                }
                None => {
                    after_name = false;
                    k += 1;
                }
            }
        }
        from..k.max(from)
    }

    /// A person or organisation mention starting at token `k`: its entity and end token.
    fn person_or_org_at(&self, k: usize, limit: usize) -> Option<(usize, usize)> {
        let first = self.mentions.partition_point(|m| m.0 < k);
        self.mentions[first..]
            .iter()
            .take_while(|m| m.0 == k)
            .filter(|m| m.1 <= limit)
            .filter(|m| {
                matches!(
                    self.input.entities[m.2].kind,
                    EntityType::Person | EntityType::Org
                )
            })
            .max_by_key(|m| m.1)
            .map(|m| (m.2, m.1))
    }

    /// The speaker named by a phrase after cue `i`: an entity in it, a
    /// speaker named before that it refers back to, the phrase itself, or,
    /// when it is empty, a subject before the verb or the last speaker the
    /// cue agrees with.
    fn speaker(&self, i: usize, phrase: Range<usize>, cue: Cue) -> Speaker {
        if phrase.is_empty() || (phrase.len() == 1 && self.is(phrase.start, PRONOUN_SUBJECTS)) {
            if phrase.is_empty() {
                if let Some(before) = self.subject_before(i) {
                    return self.named(before);
                }
            }
            return self.implied(cue.agreement);
        }
        self.named(phrase)
    }

    /// The speaker a non-empty phrase names.
    fn named(&self, phrase: Range<usize>) -> Speaker {
        let span = self.input_span(phrase.clone());
        if let Some((entity, end)) = self.entity_in(phrase.clone()) {
            let entity = &self.input.entities[entity];
            let start = self.input.tokens[phrase.start].span.start();
            let end = self.input.tokens[end - 1].span.end();
            return Speaker {
                entity: Some(entity.id.clone()),
                name: entity.name.clone(),
                span: Some(Span::from_range(start..end.max(start))),
            };
        }
        let words: Vec<&str> = phrase.clone().map(|k| self.fold(k)).collect();
        if let Some(known) = self.refers_to(&words) {
            return Speaker {
                span: Some(span),
                ..known.speaker.clone()
            };
        }
        Speaker {
            entity: None,
            name: self.input.text[span.range()].to_string(),
            span: Some(span),
        }
    }

    /// The entity a speaker phrase names: a person or organisation at its
    /// head or after a title (`الرئيس بوتين`, `وزير الخارجية الفرنسي جان
    /// إيف لودريان`), not one it is built on (`محامي برونسون`, `مراسل
    /// للوكالة`); a country alone (`السويد`). Returns the entity and the
    /// end of its mention.
    fn entity_in(&self, phrase: Range<usize>) -> Option<(usize, usize)> {
        let first = self.mentions.partition_point(|m| m.0 < phrase.start);
        let inside = self.mentions[first..]
            .iter()
            .take_while(|m| m.0 < phrase.end)
            .filter(|m| m.1 <= phrase.end);
        for &(start, end, e) in inside {
            let kind = self.input.entities[e].kind;
            let at_head = start == phrase.start;
            let usable = match kind {
                EntityType::Person | EntityType::Org => {
                    at_head
                        || self.after_title(start, e)
                        || (kind == EntityType::Org && self.is(phrase.start, DOCUMENTS))
                }
                EntityType::Gpe | EntityType::Loc => at_head && end == phrase.end,
            };
            if usable {
                return Some((e, end));
            }
        }
        None
    }

    fn has_proclitic(&self, k: usize, letters: &[char]) -> bool {
        let token = &self.input.tokens[k];
        self.input.normalized[token.norm.start..token.stem.start].starts_with(letters)
    }

    /// Whether the word before a mention makes it an apposition (a title
    /// ending in a definite word, a place, a comma) rather than the second
    /// term of a construct (`محامي برونسون`). A mention inside a word after
    /// `ل`/`ب` is a complement (`مراسل للوكالة`).
    fn after_title(&self, start: usize, entity: usize) -> bool {
        let token = &self.input.tokens[start];
        let inside_word = self.input.entities[entity]
            .mentions
            .iter()
            .any(|m| m.span.start() > token.span.start() && m.span.start() < token.span.end());
        if inside_word && self.has_proclitic(start, &['ل', 'ب']) {
            return false;
        }
        let Some(before) = start.checked_sub(1) else {
            return false;
        };
        if self.punct(before, &[',']) {
            return true;
        }
        let previous = &self.input.tokens[before];
        let proclitic = &self.input.normalized[previous.norm.start..previous.stem.start];
        self.fold(before).starts_with("ال")
            || proclitic.ends_with("ال")
            || proclitic.ends_with("لل")
            || self.mentions.iter().any(|m| m.1 == start && m.0 <= before)
    }

    /// A subject before its verb (`وكان مصدر مطلع قال`, `لكن ترامب ألمح`,
    /// `السيد توفيق اليحياوي الذي أوضح`).
    fn subject_before(&self, i: usize) -> Option<Range<usize>> {
        let mut k = i;
        if k > 0 && self.is(k - 1, &["قد"]) {
            k -= 1;
        }
        let relative = k > 0 && self.is(k - 1, RELATIVES);
        if relative {
            k -= 1;
        }
        let end = k;
        let sentence_start = self.sentence(i).start;
        let mut start = end;
        while start > sentence_start && end - start < MAX_PHRASE && self.is_word(start - 1) {
            let w = start - 1;
            if self.is(w, SUBJECT_OPENERS) || self.is(w, PHRASE_STOPS) || self.cue_at[w].is_some() {
                break;
            }
            start -= 1;
        }
        if start == end {
            return None;
        }
        // An entity ending right before the verb is its subject.
        if let Some(m) = self
            .mentions
            .iter()
            .rev()
            .find(|m| m.1 == end && m.0 >= start)
        {
            if matches!(
                self.input.entities[m.2].kind,
                EntityType::Person | EntityType::Org
            ) {
                return Some(m.0..end);
            }
        }
        let opened = start == sentence_start
            || self.is(start - 1, SUBJECT_OPENERS)
            || (relative && self.punct(start - 1, &[',']));
        (opened || relative).then_some(start..end)
    }

    /// The subject of a participle's sentence: a person or organisation
    /// within its first words (`وأشاد ايمري ...، مؤكدا أنه`).
    fn sentence_subject(&self, i: usize) -> Option<Speaker> {
        let sentence = self.sentence(i);
        let head = sentence.start..(sentence.start + 5).min(i);
        let first = self.mentions.partition_point(|m| m.0 < head.start);
        let m = self.mentions[first..]
            .iter()
            .take_while(|m| m.0 < head.end)
            .find(|m| {
                matches!(
                    self.input.entities[m.2].kind,
                    EntityType::Person | EntityType::Org
                )
            })?;
        Some(self.named(m.0..m.1))
    }

    /// The last speaker a cue of this agreement can continue.
    fn implied(&self, agreement: Agreement) -> Speaker {
        let agrees = |k: &&Known| agreement == Agreement::Any || k.agreement == agreement;
        let known = self
            .history
            .iter()
            .rev()
            .find(agrees)
            .or(self.history.last());
        match known {
            Some(k) => Speaker {
                span: None,
                ..k.speaker.clone()
            },
            None => Speaker {
                entity: None,
                name: String::new(),
                span: None,
            },
        }
    }

    /// A speaker named before that a phrase refers back to: a bare noun for
    /// the body it heads (`الوكالة` → `وكالة الأنباء السورية`, `المصدر`), or
    /// a last name (`ريس`, `الدكتور الجهني`).
    fn refers_to(&self, words: &[&str]) -> Option<&Known> {
        let bare = |w: &str| w.strip_prefix("ال").unwrap_or(w).to_string();
        let head: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(n, w)| if n == 0 { bare(w) } else { w.to_string() })
            .collect();
        let prefix = self.history.iter().rev().find(|k| {
            k.words.len() > head.len()
                && bare(&k.words[0]) == head[0]
                && k.words[1..head.len()] == head[1..]
        });
        if prefix.is_some() {
            return prefix;
        }
        let last = *words.last()?;
        if words.len() > 3 || last.chars().count() < 3 || DOCUMENTS.contains(&bare(last).as_str()) {
            return None;
        }
        self.history
            .iter()
            .rev()
            .find(|k| k.words.len() > 1 && k.words[1..].iter().any(|w| w == last))
    }

    /// Keeps a speaker for the cues that refer back to it.
    fn learn(&mut self, speaker: &Speaker, phrase: Range<usize>, agreement: Agreement) {
        if speaker.name.is_empty() {
            return;
        }
        let mut words: Vec<String> = phrase.map(|k| self.fold(k).to_string()).collect();
        let mut name = String::new();
        for word in speaker.name.split_whitespace() {
            fold_into(&mut name, word);
            words.push(name.clone());
        }
        let agreement = match agreement {
            Agreement::Any if words.first().is_some_and(|w| w.ends_with('ه')) => {
                Agreement::Feminine
            }
            Agreement::Any => Agreement::Masculine,
            a => a,
        };
        self.history.push(Known {
            speaker: Speaker {
                span: None,
                ..speaker.clone()
            },
            words,
            agreement,
        });
    }

    fn remember_cue(&mut self, i: usize, speaker: Speaker) {
        if let Some(sentence) = self.sentence_of(i) {
            self.last_cue = Some((sentence, speaker));
        }
    }
}

/// The tokens a span covers, if any.
fn token_range(tokens: &[Token], span: Span) -> Option<Range<usize>> {
    let start = tokens.partition_point(|t| t.span.end() <= span.start());
    let end = tokens.partition_point(|t| t.span.start() < span.end());
    (start < end).then_some(start..end)
}
