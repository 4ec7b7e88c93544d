//! Byte spans over the original article text.
//!
//! Every annotation in khabar holds a [`Span`] of UTF-8 byte offsets into the
//! article text exactly as it was read. Code points are only computed at the
//! serialization boundary, by [`CharIndex`].

use std::fmt;
use std::ops::Range;

/// A half-open range `[start, end)` of UTF-8 byte offsets, `start <= end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    start: usize,
    end: usize,
}

/// Why a span could not be made over a text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpanError {
    #[error("span start {start} is after its end {end}")]
    Reversed { start: usize, end: usize },
    #[error("span end {end} is past the end of a text of {len} bytes")]
    OutOfBounds { end: usize, len: usize },
    #[error("span offset {offset} is not on a character boundary")]
    NotCharBoundary { offset: usize },
}

impl Span {
    /// A span with `start <= end`; no text is checked.
    pub fn new(start: usize, end: usize) -> Result<Span, SpanError> {
        if start > end {
            return Err(SpanError::Reversed { start, end });
        }
        Ok(Span { start, end })
    }

    /// A span that is known to slice `text` on character boundaries.
    pub fn within(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
        let span = Span::new(start, end)?;
        if end > text.len() {
            return Err(SpanError::OutOfBounds {
                end,
                len: text.len(),
            });
        }
        for offset in [start, end] {
            if !text.is_char_boundary(offset) {
                return Err(SpanError::NotCharBoundary { offset });
            }
        }
        Ok(span)
    }

    /// Builds a span from offsets the caller produced on char boundaries.
    /// Internal constructors use it where `start <= end` holds by construction.
    pub(crate) fn from_range(range: Range<usize>) -> Span {
        debug_assert!(range.start <= range.end, "reversed span {range:?}");
        Span {
            start: range.start,
            end: range.end.max(range.start),
        }
    }

    pub fn start(self) -> usize {
        self.start
    }

    pub fn end(self) -> usize {
        self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The surface of this span in `text`, or `None` when it does not fit.
    pub fn slice(self, text: &str) -> Option<&str> {
        text.get(self.range())
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Converts byte offsets of one text into Unicode code point offsets.
///
/// Built once per article at serialization; lookups are a binary search over
/// the byte offsets of non-ASCII characters, so pure-ASCII texts cost nothing.
pub struct CharIndex {
    /// Byte offset of every multi-byte character, in order.
    wide: Vec<(usize, usize)>,
}

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        let mut wide = Vec::new();
        let mut extra = 0;
        for (offset, ch) in text.char_indices() {
            let len = ch.len_utf8();
            if len > 1 {
                extra += len - 1;
                // After this char, byte offsets exceed char offsets by `extra`.
                wide.push((offset + len, extra));
            }
        }
        CharIndex { wide }
    }

    /// The code point offset of a byte offset that lies on a char boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        let idx = self.wide.partition_point(|&(end, _)| end <= byte);
        match idx {
            0 => byte,
            i => byte - self.wide[i - 1].1,
        }
    }

    /// `[start, end)` in code points.
    pub fn chars(&self, span: Span) -> [usize; 2] {
        [self.char_offset(span.start), self.char_offset(span.end)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_span_is_an_error() {
        assert_eq!(
            Span::new(3, 2),
            Err(SpanError::Reversed { start: 3, end: 2 })
        );
    }

    #[test]
    fn within_checks_bounds_and_boundaries() {
        let text = "سانا";
        assert!(Span::within(text, 0, 2).is_ok());
        assert_eq!(
            Span::within(text, 0, 1),
            Err(SpanError::NotCharBoundary { offset: 1 })
        );
        assert_eq!(
            Span::within(text, 0, 9),
            Err(SpanError::OutOfBounds { end: 9, len: 8 })
        );
    }

    #[test]
    fn char_index_matches_char_indices() {
        let text = "a موسكو-سانا b😀c";
        let index = CharIndex::new(text);
        for (chars, (bytes, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(bytes), chars);
        }
        assert_eq!(index.char_offset(text.len()), text.chars().count());
    }
}
