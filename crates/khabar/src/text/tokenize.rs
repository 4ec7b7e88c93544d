//! Tokens over the normalized view, each with its original span, and the
//! clitic segmentation of Arabic words.

use rustc_hash::FxHashSet;
use std::ops::Range;

use crate::span::Span;
use crate::text::normalize::{fold_char, is_combining, Normalized};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A run of Arabic letters.
    Word,
    /// A run of Latin letters (digits, `'` and `-` inside allowed).
    Latin,
    /// Letters of other scripts.
    Foreign,
    /// Digits, with `.` or `,` between digits (`3.5`, `10,000`).
    Number,
    Url,
    Hashtag,
    Mention,
    /// One punctuation mark, or a run of the same mark (`...`, `--`).
    Punct,
    /// Any other visible character (emoji, symbols).
    Symbol,
}

/// One token. `norm` indexes the normalized text; `stem` is the part of
/// `norm` left after clitics (equal to `norm` for non-words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
    pub norm: Range<usize>,
    pub stem: Range<usize>,
    /// [`stem_shape`] of the stem of a word (0 for other tokens): a cheap
    /// first test before looking a word up in a lexicon.
    pub stem_shape: u16,
}

/// A 16-bit hash of a stem's shape: its first two and last letters under
/// the search folds, and its length. Words with different shapes are
/// different words; lexicons keep the shapes of their entries to skip most
/// words without hashing strings.
pub fn stem_shape(stem: &str) -> u16 {
    let mut chars = stem.chars().map(fold_char);
    let first = chars.next().map_or(0, u64::from);
    let second = chars.next().map_or(0, u64::from);
    let last = stem
        .chars()
        .next_back()
        .map_or(0, |c| u64::from(fold_char(c)));
    let key = first << 42 | second << 21 | last | (stem.len() as u64) << 56;
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as u16
}

/// The kind of one segment of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    Proclitic,
    Stem,
    Enclitic,
}

impl Token {
    /// The token's normalized surface.
    pub fn text<'t>(&self, normalized: &'t str) -> &'t str {
        &normalized[self.norm.clone()]
    }

    /// The word without its clitics.
    pub fn stem_text<'t>(&self, normalized: &'t str) -> &'t str {
        &normalized[self.stem.clone()]
    }

    /// The proclitics split off before the stem (`وب` of `وبسورية`, `وال` of
    /// `والرئيس`), in the normalized text or its search fold (same offsets).
    pub fn proclitics<'t>(&self, text: &'t str) -> &'t str {
        &text[self.norm.start..self.stem.start]
    }

    /// Whether the proclitics end with the article: `ال`, or `لل` where ل
    /// drops the article's alef (`للنادي`).
    pub fn has_article(&self, text: &str) -> bool {
        let proclitics = self.proclitics(text);
        proclitics.ends_with("ال") || proclitics.ends_with("لل")
    }

    /// The segments of the token in order: proclitics, the stem, the
    /// enclitic. They always concatenate back to [`Token::text`].
    pub fn segments<'t>(&self, normalized: &'t str) -> Vec<(SegmentKind, &'t str)> {
        let mut out: Vec<(SegmentKind, &str)> = split_proclitics(self.proclitics(normalized))
            .into_iter()
            .map(|p| (SegmentKind::Proclitic, p))
            .collect();
        out.push((SegmentKind::Stem, self.stem_text(normalized)));
        if self.stem.end < self.norm.end {
            out.push((
                SegmentKind::Enclitic,
                &normalized[self.stem.end..self.norm.end],
            ));
        }
        out
    }
}

const ALEF_LAM: &str = "ال";
const LAM_LAM: &str = "لل";
const CONJUNCTIONS: [char; 2] = ['و', 'ف'];
/// The future marker, written before the imperfect verb.
const FUTURE: char = 'س';
const PREPOSITIONS: [char; 3] = ['ب', 'ل', 'ك'];
/// Enclitic pronouns, longest first so that `هما` wins over `ها`.
const ENCLITICS: [&str; 8] = ["هما", "كما", "هم", "هن", "ها", "كم", "نا", "ني"];

/// Splits an already-segmented proclitic prefix into its parts, by the same
/// grammar that produced it: conjunction, preposition, article.
fn split_proclitics(prefix: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut rest = prefix;
    while !rest.is_empty() {
        let len = if rest.starts_with(LAM_LAM) && rest.len() == LAM_LAM.len() {
            LAM_LAM.len()
        } else if rest.starts_with(ALEF_LAM) {
            ALEF_LAM.len()
        } else {
            rest.chars().next().map_or(rest.len(), char::len_utf8)
        };
        parts.push(&rest[..len]);
        rest = &rest[len..];
    }
    parts
}

pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (c.is_alphabetic() && ('\u{00C0}'..='\u{024F}').contains(&c))
}

fn is_word_char(c: char) -> bool {
    is_arabic_letter(c) || c.is_alphanumeric() || c == '_'
}

/// Splits normalized text into tokens and words into clitics. Built once;
/// holds the words the segmenter must never split.
#[derive(Debug)]
pub struct Tokenizer {
    whole_words: FxHashSet<String>,
}

/// The curated list of whole words, embedded at build time.
pub const CLITIC_EXCEPTIONS: &str = include_str!("../../data/clitic_exceptions.txt");

pub fn parse_word_list(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

impl Tokenizer {
    pub fn new() -> Tokenizer {
        Tokenizer {
            whole_words: parse_word_list(CLITIC_EXCEPTIONS)
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Tokens of a normalized text, in order, with spans in the original.
    pub fn tokenize(&self, normalized: &Normalized) -> Vec<Token> {
        self.tokenize_range(normalized, 0..normalized.as_str().len())
    }

    /// Tokens of one byte range of the normalized text.
    pub fn tokenize_range(&self, normalized: &Normalized, range: Range<usize>) -> Vec<Token> {
        let text = normalized.as_str();
        let mut tokens = Vec::new();
        let mut pos = range.start;
        while pos < range.end {
            let rest = &text[pos..range.end];
            let Some(c) = rest.chars().next() else { break };
            if c.is_whitespace() {
                pos += c.len_utf8();
                continue;
            }
            let (kind, len) = scan_token(rest, c);
            let mut len = len + run_len(&rest[len..], is_combining);
            while pos + len < range.end && normalized.continues_cluster(pos + len) {
                len += rest[len..].chars().next().map_or(1, char::len_utf8);
            }
            let norm = pos..pos + len;
            let (stem, stem_shape) = if kind == TokenKind::Word {
                let stem = self.stem_of(text, norm.clone());
                let shape = stem_shape(&text[stem.clone()]);
                (stem, shape)
            } else {
                (norm.clone(), 0)
            };
            tokens.push(Token {
                kind,
                span: normalized.original_span(norm.clone()),
                norm,
                stem,
                stem_shape,
            });
            pos += len;
        }
        tokens
    }

    /// The stem of one Arabic word (byte range within it), as tokens get it.
    pub fn stem_range(&self, word: &str) -> Range<usize> {
        self.stem_of(word, 0..word.len())
    }

    /// The stem range of an Arabic word: conservative clitic segmentation.
    fn stem_of(&self, text: &str, norm: Range<usize>) -> Range<usize> {
        let word = &text[norm.clone()];
        let start = norm.start + self.proclitic_len(word);
        let prefix = &text[norm.start..start];
        if prefix.ends_with(ALEF_LAM) || prefix.ends_with(LAM_LAM) {
            return start..norm.end;
        }
        let end = norm.end - self.enclitic_len(&text[start..norm.end]);
        start..end
    }

    /// Byte length of the proclitics of `word`, by the grammar
    /// conjunction? (future | لل | preposition? article?), stopping at a
    /// known whole word and keeping at least three letters (two after the
    /// article).
    fn proclitic_len(&self, word: &str) -> usize {
        let starts_with_clitic = word.chars().next().is_some_and(|c| {
            CONJUNCTIONS.contains(&c) || PREPOSITIONS.contains(&c) || c == 'ا' || c == FUTURE
        });
        if !starts_with_clitic || self.whole_words.contains(word) {
            return 0;
        }
        let stem_ok = |pos: usize, after_article: bool| {
            word[pos..].chars().count() >= if after_article { 2 } else { 3 }
        };
        let first_in = |pos: usize, set: &[char]| {
            word[pos..]
                .chars()
                .next()
                .filter(|c| set.contains(c))
                .map(char::len_utf8)
        };
        let mut best = 0;
        let mut pos = 0;
        // One clitic letter from `set`: step over it, keep the split when
        // enough stem stays, and say whether the rest is a whole word.
        let take = |set: &[char], pos: &mut usize, best: &mut usize| {
            let Some(len) = first_in(*pos, set) else {
                return false;
            };
            *pos += len;
            if stem_ok(*pos, false) {
                *best = *pos;
            }
            self.whole_words.contains(&word[*pos..])
        };
        if take(&CONJUNCTIONS, &mut pos, &mut best) {
            return best;
        }
        if let Some(len) = self.future_marker_len(&word[pos..]) {
            return pos + len;
        }
        if word[pos..].starts_with(LAM_LAM) {
            let after = pos + LAM_LAM.len();
            if stem_ok(after, true) {
                return after;
            }
        }
        if take(&PREPOSITIONS, &mut pos, &mut best) {
            return best;
        }
        if word[pos..].starts_with(ALEF_LAM) && !self.whole_words.contains(&word[pos..]) {
            let after = pos + ALEF_LAM.len();
            if stem_ok(after, true) {
                return after;
            }
        }
        best
    }

    /// The future marker س before an imperfect verb (`سيعقد`, `ستوظف`):
    /// the verb starts with ي ت ن and no alef after it (`سياسي`, `ستاند`
    /// are not verbs), has four to seven letters, and does not end like a
    /// noun (ة ات ي ية يا ين, ته تها تهم after a feminine noun, or ا but
    /// for the plural وا); listed whole words (`سيناريو`) are never split.
    fn future_marker_len(&self, rest: &str) -> Option<usize> {
        const NOMINAL_ENDINGS: [&str; 10] =
            ["ة", "ات", "ي", "ية", "يا", "ين", "ته", "تها", "تهم", "تهما"];
        let verb = rest.strip_prefix(FUTURE)?;
        let mut chars = verb.chars();
        let imperfect = matches!(chars.next(), Some('ي' | 'ت' | 'ن')) && chars.next() != Some('ا');
        let letters = verb.chars().count();
        let nominal = NOMINAL_ENDINGS.iter().any(|end| verb.ends_with(end))
            || (verb.ends_with('ا') && !verb.ends_with("وا"));
        let known = self.whole_words.contains(rest) || self.whole_words.contains(verb);
        (imperfect && (4..=7).contains(&letters) && !nominal && !known).then_some(FUTURE.len_utf8())
    }

    /// Length of an enclitic pronoun at the end of `stem`, if it is safe to
    /// split: never after the article, never from a known whole word, and
    /// only when three letters stay.
    fn enclitic_len(&self, stem: &str) -> usize {
        let Some(suffix) = ENCLITICS.iter().find(|suffix| stem.ends_with(*suffix)) else {
            return 0;
        };
        let long_enough = stem[..stem.len() - suffix.len()].chars().count() >= 3;
        if !long_enough || stem.starts_with(ALEF_LAM) || self.whole_words.contains(stem) {
            return 0;
        }
        suffix.len()
    }
}

/// Kind and byte length of the token starting at `rest` (first char `c`).
fn scan_token(rest: &str, c: char) -> (TokenKind, usize) {
    if matches!(c, 'h' | 'H' | 'w' | 'W' | 't' | 'T') {
        if let Some(len) = url_len(rest) {
            return (TokenKind::Url, len);
        }
    }
    if c == '#' || c == '@' {
        let body: usize = rest[1..]
            .chars()
            .take_while(|&ch| is_word_char(ch))
            .map(char::len_utf8)
            .sum();
        if body > 0 {
            let kind = if c == '#' {
                TokenKind::Hashtag
            } else {
                TokenKind::Mention
            };
            return (kind, 1 + body);
        }
    }
    if is_arabic_letter(c) {
        return (TokenKind::Word, run_len(rest, is_arabic_letter));
    }
    if c.is_ascii_digit() {
        return (TokenKind::Number, number_len(rest));
    }
    if is_latin_letter(c) {
        let mut len = 0;
        let bytes = rest.as_bytes();
        for (i, ch) in rest.char_indices() {
            let joiner = (ch == '\'' || ch == '-') && i > 0;
            let next_ok = bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphanumeric());
            if is_latin_letter(ch) || ch.is_ascii_digit() || (joiner && next_ok) {
                len = i + ch.len_utf8();
            } else {
                break;
            }
        }
        return (TokenKind::Latin, len);
    }
    if c.is_alphabetic() {
        return (
            TokenKind::Foreign,
            run_len(rest, |ch| ch.is_alphabetic() && !is_arabic_letter(ch)),
        );
    }
    if c.is_ascii_punctuation() || is_general_punctuation(c) {
        return (TokenKind::Punct, run_len(rest, |ch| ch == c));
    }
    (TokenKind::Symbol, c.len_utf8())
}

fn is_general_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{00A1}'..='\u{00BF}' | '\u{060C}'..='\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}')
}

fn run_len(rest: &str, pred: impl Fn(char) -> bool) -> usize {
    rest.char_indices()
        .find(|&(_, ch)| !pred(ch))
        .map_or(rest.len(), |(i, _)| i)
}

/// Digits with single `.` or `,` between digit groups.
fn number_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let separator =
            i + 1 < bytes.len() && matches!(bytes[i], b'.' | b',') && bytes[i + 1].is_ascii_digit();
        if !separator {
            return i;
        }
        i += 1;
    }
}

/// Length of a URL at the start of `rest`: a scheme, `www.` or a `t.me/`
/// link, up to whitespace, without trailing punctuation.
fn url_len(rest: &str) -> Option<usize> {
    const STARTS: [&str; 4] = ["https://", "http://", "www.", "t.me/"];
    let prefix = STARTS.iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })?;
    let end = rest
        .char_indices()
        .find(|&(_, ch)| ch.is_whitespace() || ch == '"' || ch == '<' || ch == '>')
        .map_or(rest.len(), |(i, _)| i);
    let trimmed = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
    (trimmed.len() > prefix.len()).then_some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(TokenKind, String)> {
        let normalized = Normalized::new(text);
        Tokenizer::new()
            .tokenize(&normalized)
            .iter()
            .map(|t| (t.kind, t.span.slice(text).unwrap().to_string()))
            .collect()
    }

    fn segments(word: &str) -> Vec<String> {
        let normalized = Normalized::new(word);
        let tokens = Tokenizer::new().tokenize(&normalized);
        assert_eq!(tokens.len(), 1, "{word}");
        tokens[0]
            .segments(normalized.as_str())
            .into_iter()
            .map(|(_, s)| s.to_string())
            .collect()
    }

    #[test]
    fn table_of_token_kinds() {
        use TokenKind::*;
        let cases: [(&str, Vec<(TokenKind, &str)>); 9] = [
            (
                "عام ١٤٣٦ هـ",
                vec![(Word, "عام"), (Number, "١٤٣٦"), (Word, "هـ")],
            ),
            (
                "3.5 و10,000",
                vec![(Number, "3.5"), (Word, "و"), (Number, "10,000")],
            ),
            ("انتهى.", vec![(Word, "انتهى"), (Punct, ".")]),
            (
                "https://t.me/SyrianArabNewsAgen.",
                vec![(Url, "https://t.me/SyrianArabNewsAgen"), (Punct, ".")],
            ),
            (
                "#سوق_العمل @KSA_news",
                vec![(Hashtag, "#سوق_العمل"), (Mention, "@KSA_news")],
            ),
            (
                "The Voice..",
                vec![(Latin, "The"), (Latin, "Voice"), (Punct, "..")],
            ),
            (
                "(CNN)--",
                vec![(Punct, "("), (Latin, "CNN"), (Punct, ")"), (Punct, "--")],
            ),
            (
                "الـ92 😀",
                vec![(Word, "الـ"), (Number, "92"), (Symbol, "😀")],
            ),
            // One character that NFKC makes four words of stays one token,
            // the tatweel after it too.
            ("ﷺـ", vec![(Word, "ﷺـ")]),
        ];
        for (text, expected) in cases {
            let expected: Vec<(TokenKind, String)> = expected
                .into_iter()
                .map(|(k, s)| (k, s.to_string()))
                .collect();
            assert_eq!(tokens(text), expected, "{text}");
        }
    }

    #[test]
    fn table_of_clitic_segmentations() {
        let cases: [(&str, &[&str]); 25] = [
            ("وبسورية", &["و", "ب", "سورية"]),
            ("لموسكو", &["ل", "موسكو"]),
            ("والإيراني", &["و", "ال", "إيراني"]),
            ("للرئيس", &["لل", "رئيس"]),
            ("بالإضافة", &["ب", "ال", "إضافة"]),
            ("وللجماعات", &["و", "لل", "جماعات"]),
            ("دعمهما", &["دعم", "هما"]),
            ("البانيا", &["البانيا"]),
            ("بيروت", &["بيروت"]),
            ("لبنان", &["لبنان"]),
            ("ولبنان", &["و", "لبنان"]),
            ("وزير", &["وزير"]),
            ("كما", &["كما"]),
            ("الله", &["الله"]),
            ("والتي", &["و", "التي"]),
            ("الرئيس", &["ال", "رئيس"]),
            ("سورية", &["سورية"]),
            ("فإن", &["فإن"]),
            ("سيعقد", &["س", "يعقد"]),
            ("وستوظف", &["و", "س", "توظف"]),
            ("سيفشل", &["س", "يفشل"]),
            ("سيارة", &["سيارة"]),
            ("سياسي", &["سياسي"]),
            ("سنوات", &["سنوات"]),
            ("سيناريو", &["سيناريو"]),
        ];
        for (word, expected) in cases {
            assert_eq!(segments(word), expected, "{word}");
        }
    }

    #[test]
    fn exception_list_is_sorted_unique_and_normalized() {
        let words: Vec<&str> = parse_word_list(CLITIC_EXCEPTIONS).collect();
        crate::lexicon_checks::assert_sorted_unique_normalized("clitic_exceptions.txt", &words);
    }
}
