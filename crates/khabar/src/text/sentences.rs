//! Sentence boundaries over the tokens of one paragraph.

use std::ops::Range;

use crate::text::tokenize::{is_arabic_letter, Token, TokenKind};

/// Splits the tokens of one paragraph into sentences, as token index ranges.
///
/// A sentence ends at `.`, `!`, `?` (and runs of `!`/`?`), but not inside
/// quotation marks, not at `..` (a pause in Arabic copy), not after a
/// one-letter abbreviation (`د.`, `أ.`, `م.`, and the era marks `هـ.`/`م.`
/// after a year). Closing quotes and brackets right after the mark stay with
/// the sentence. Numbers such as `3.5` are single tokens, so never split.
pub fn split(tokens: &[Token], normalized: &str, original: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i];
        let text = token.text(normalized);
        if token.kind == TokenKind::Punct {
            if text.starts_with('"') {
                in_quote = match quote_direction(token.span.slice(original).unwrap_or("")) {
                    QuoteDirection::Open => true,
                    QuoteDirection::Close => false,
                    QuoteDirection::Either => !in_quote,
                };
            } else if !in_quote && ends_sentence(tokens, i, normalized) {
                let mut end = i + 1;
                while end < tokens.len() && is_closer(tokens[end].text(normalized)) {
                    end += 1;
                }
                sentences.push(start..end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        sentences.push(start..tokens.len());
    }
    sentences
}

enum QuoteDirection {
    Open,
    Close,
    Either,
}

fn quote_direction(original_mark: &str) -> QuoteDirection {
    match original_mark.chars().next() {
        Some('«' | '„') => QuoteDirection::Open,
        Some('»') => QuoteDirection::Close,
        _ => QuoteDirection::Either,
    }
}

fn is_closer(text: &str) -> bool {
    matches!(text, ")" | "]" | "}") || text.starts_with('"')
}

fn ends_sentence(tokens: &[Token], i: usize, normalized: &str) -> bool {
    let text = tokens[i].text(normalized);
    match text {
        "." => !follows_abbreviation(tokens, i, normalized),
        _ => text.chars().all(|c| c == '!' || c == '?'),
    }
}

/// A single Arabic letter before the full stop: `د.` (doctor), `م.`
/// (engineer, or the Gregorian era), `ه.` (the Hijri era, tatweel removed).
fn follows_abbreviation(tokens: &[Token], i: usize, normalized: &str) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &tokens[p]) else {
        return false;
    };
    let adjacent = prev.norm.end == tokens[i].norm.start;
    let mut chars = prev.text(normalized).chars();
    let single_letter =
        matches!((chars.next(), chars.next()), (Some(c), None) if is_arabic_letter(c));
    single_letter && adjacent
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::Normalized;
    use crate::text::tokenize::Tokenizer;

    fn sentences(text: &str) -> Vec<String> {
        let normalized = Normalized::new(text);
        let tokens = Tokenizer::new().tokenize(&normalized);
        split(&tokens, normalized.as_str(), text)
            .into_iter()
            .map(|r| {
                let span = tokens[r.start].span.cover(tokens[r.end - 1].span);
                span.slice(text).unwrap().to_string()
            })
            .collect()
    }

    #[test]
    fn table_of_sentence_boundaries() {
        let cases: [(&str, &[&str]); 7] = [
            (
                "قال الوزير. وأضاف المتحدث!",
                &["قال الوزير.", "وأضاف المتحدث!"],
            ),
            ("هل حضر؟ نعم", &["هل حضر؟", "نعم"]),
            ("بلغ النمو 3.5 بالمئة.", &["بلغ النمو 3.5 بالمئة."]),
            ("قال د. محمد إن الوضع جيد.", &["قال د. محمد إن الوضع جيد."]),
            (
                "في عام 1436 هـ. وفي العام التالي",
                &["في عام 1436 هـ. وفي العام التالي"],
            ),
            ("وقال: “نعم. لا”. ثم غادر.", &["وقال: “نعم. لا”.", "ثم غادر."]),
            ("راغبين في الفوز .. وسنذهب", &["راغبين في الفوز .. وسنذهب"]),
        ];
        for (text, expected) in cases {
            assert_eq!(sentences(text), expected, "{text}");
        }
    }

    #[test]
    fn guillemets_open_and_close() {
        assert_eq!(sentences("قال «نعم. لا». ثم"), ["قال «نعم. لا».", "ثم"]);
    }
}
