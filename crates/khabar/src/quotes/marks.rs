//! Pairs quotation marks into quoted regions, in one pass over the story:
//! every mark style, unbalanced and nested marks, and quotes that run over
//! paragraphs.

use std::ops::Range;

use crate::text::tokenize::{Token, TokenKind};

/// A quoted region of the story's tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The opening mark's token.
    pub open: usize,
    /// The closing mark's token; `None` when the quote is never closed.
    pub close: Option<usize>,
    /// The tokens inside: up to the closing mark, or to the end of the last
    /// paragraph the quote reached.
    pub inside: Range<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    /// `"` `“` `”` `„` ...: the same mark opens and closes (and news copy
    /// swaps `“` and `”` freely).
    Plain,
    GuillemetOpen,
    GuillemetClose,
}

/// The mark a token is, read from the original text: the normalized view
/// folds every double quote to `"`.
fn mark(token: &Token, normalized: &str, original: &str) -> Option<Mark> {
    if token.kind != TokenKind::Punct || !token.text(normalized).starts_with('"') {
        return None;
    }
    Some(match original[token.span.range()].chars().next() {
        Some('«') => Mark::GuillemetOpen,
        Some('»') => Mark::GuillemetClose,
        _ => Mark::Plain,
    })
}

struct Open {
    token: usize,
    guillemet: bool,
    /// Guillemets opened inside and not yet closed.
    depth: usize,
    /// The end of the last paragraph the quote reached.
    reached: usize,
}

/// The quoted regions of the story, ordered by their opening mark.
/// `paragraphs` are the token ranges of the story's paragraphs, in order.
pub fn regions(
    tokens: &[Token],
    paragraphs: &[Range<usize>],
    normalized: &str,
    original: &str,
) -> Vec<Region> {
    let mut found = Vec::new();
    let mut state: Option<Open> = None;
    let mut marks = Vec::new();
    for paragraph in paragraphs {
        marks.clear();
        marks.extend(
            paragraph
                .clone()
                .filter_map(|i| mark(&tokens[i], normalized, original).map(|m| (i, m))),
        );
        let mut rest = &marks[..];
        if let Some(open) = &mut state {
            let plain = marks.iter().filter(|(_, m)| *m == Mark::Plain).count();
            let first = marks.first().copied();
            let continues = match first {
                // Each paragraph of a long quote opens with a mark again.
                Some((i, m)) if i == paragraph.start && m != Mark::GuillemetClose => {
                    rest = &marks[1..];
                    true
                }
                // The closing mark is in this paragraph.
                _ if !open.guillemet => plain % 2 == 1,
                _ => marks
                    .iter()
                    .find(|(_, m)| *m != Mark::Plain)
                    .is_some_and(|(_, m)| *m == Mark::GuillemetClose),
            };
            if continues {
                open.reached = paragraph.end;
            } else if let Some(open) = state.take() {
                found.push(unclosed(open));
            }
        }
        for &(i, m) in rest {
            match (&mut state, m) {
                (None, Mark::GuillemetClose) => {}
                (None, _) => {
                    state = Some(Open {
                        token: i,
                        guillemet: m == Mark::GuillemetOpen,
                        depth: 0,
                        reached: paragraph.end,
                    })
                }
                (Some(open), Mark::GuillemetOpen) => open.depth += 1,
                (Some(open), Mark::GuillemetClose) if open.depth > 0 => open.depth -= 1,
                (Some(open), _) if open.depth > 0 || open.guillemet != (m != Mark::Plain) => {}
                (Some(open), _) => {
                    found.push(Region {
                        open: open.token,
                        close: Some(i),
                        inside: open.token + 1..i,
                    });
                    state = None;
                }
            }
        }
    }
    found.extend(state.map(unclosed));
    found
}

fn unclosed(open: Open) -> Region {
    Region {
        open: open.token,
        close: None,
        inside: open.token + 1..open.reached.max(open.token + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::Normalized;
    use crate::text::tokenize::Tokenizer;

    /// The quoted texts of paragraphs separated by newlines.
    fn quoted(text: &str) -> Vec<String> {
        let normalized = Normalized::new(text);
        let tokenizer = Tokenizer::new();
        let mut tokens = Vec::new();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for line in normalized.as_str().split_inclusive('\n') {
            let first = tokens.len();
            tokens.extend(tokenizer.tokenize_range(&normalized, start..start + line.len()));
            paragraphs.push(first..tokens.len());
            start += line.len();
        }
        regions(&tokens, &paragraphs, normalized.as_str(), text)
            .iter()
            .map(|r| {
                let words: Vec<&str> = tokens[r.inside.clone()]
                    .iter()
                    .map(|t| &text[t.span.range()])
                    .collect();
                format!(
                    "{}{}",
                    words.join(" "),
                    if r.close.is_some() { "" } else { "…" }
                )
            })
            .collect()
    }

    #[test]
    fn every_mark_style() {
        assert_eq!(
            quoted("قال \"أ ب\" ثم “ج” ثم «د» ثم „ه“ ثم ”و“"),
            ["أ ب", "ج", "د", "ه", "و"]
        );
    }

    #[test]
    fn nested_marks_stay_inside() {
        assert_eq!(
            quoted("قال «أ \"ب\" ج» ثم \"د «ه» و\""),
            ["أ \" ب \" ج", "د « ه » و"]
        );
    }

    #[test]
    fn unbalanced_marks_end_with_their_paragraph() {
        assert_eq!(quoted("قال \"أ ب\nثم \"ج\" د"), ["أ ب…", "ج"]);
        assert_eq!(quoted("قال «أ ب\nثم «ج» د »"), ["أ ب…", "ج"]);
        assert_eq!(quoted("» قال «"), ["…"]);
    }

    #[test]
    fn quotes_run_over_paragraphs() {
        // Reopened at each paragraph, closed at the last.
        assert_eq!(quoted("قال: «أ\n«ب\n«ج» ثم"), ["أ « ب « ج"]);
        // Closed in a later paragraph.
        assert_eq!(quoted("قال: \"أ\nب\" ثم"), ["أ ب"]);
    }
}
