//! Normalization over a copy of the text, with a map back to the original.
//!
//! Two families of steps, kept apart on purpose:
//! - **conservative** ([`Normalized::new`]): NFC, tatweel, diacritics,
//!   Arabic-Indic and Persian digits, punctuation and quote forms, space
//!   forms, bidi and zero-width marks, BOM. Meaning is kept; extractors read
//!   this view.
//! - **search folds** ([`fold_for_search`]): alef forms, alef maqsura,
//!   teh marbuta. They merge distinct letters, so only matching and the index
//!   use them, never extraction.

use std::ops::Range;

use icu_normalizer::ComposingNormalizer;

use crate::span::Span;

/// What one conservative step does to one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Edit {
    Keep,
    Replace(char),
    /// Dropped, and its bytes join the previous kept character (a mark on it).
    Attach,
    /// Dropped on its own (an invisible control character).
    Remove,
}

const TATWEEL: char = '\u{0640}';

/// A letter a tatweel can extend: Arabic letters and tatweel itself.
fn is_joining_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' | '\u{06FA}'..='\u{06FF}')
}

fn strip_tatweel(c: char) -> Edit {
    match c {
        TATWEEL => Edit::Attach,
        _ => Edit::Keep,
    }
}

fn strip_diacritics(c: char) -> Edit {
    match c {
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => Edit::Attach,
        '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}' => Edit::Attach,
        '\u{06EA}'..='\u{06ED}' => Edit::Attach,
        _ => Edit::Keep,
    }
}

fn fold_digits(c: char) -> Edit {
    match c {
        '\u{0660}'..='\u{0669}' => Edit::Replace(ascii_digit(c as u32 - 0x0660)),
        '\u{06F0}'..='\u{06F9}' => Edit::Replace(ascii_digit(c as u32 - 0x06F0)),
        _ => Edit::Keep,
    }
}

fn ascii_digit(value: u32) -> char {
    char::from_digit(value, 10).unwrap_or('0')
}

fn fold_punctuation(c: char) -> Edit {
    match c {
        '\u{060C}' | '\u{066C}' => Edit::Replace(','),
        '\u{061B}' => Edit::Replace(';'),
        '\u{061F}' => Edit::Replace('?'),
        '\u{066A}' => Edit::Replace('%'),
        '\u{066B}' => Edit::Replace('.'),
        '\u{06D4}' => Edit::Replace('.'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Edit::Replace('-'),
        _ => Edit::Keep,
    }
}

fn fold_quotes(c: char) -> Edit {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' => {
            Edit::Replace('"')
        }
        '\u{2033}' | '\u{FF02}' | '\u{301D}' | '\u{301E}' => Edit::Replace('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2039}' | '\u{203A}' => {
            Edit::Replace('\'')
        }
        _ => Edit::Keep,
    }
}

fn fold_spaces(c: char) -> Edit {
    match c {
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Edit::Replace(' ')
        }
        '\u{2028}' | '\u{2029}' | '\u{0085}' => Edit::Replace('\n'),
        _ => Edit::Keep,
    }
}

fn strip_invisible(c: char) -> Edit {
    match c {
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Edit::Remove,
        '\u{061C}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => Edit::Remove,
        _ => Edit::Keep,
    }
}

/// The conservative steps, in order; the first that edits a character wins.
const CONSERVATIVE_STEPS: [fn(char) -> Edit; 7] = [
    strip_tatweel,
    strip_diacritics,
    fold_digits,
    fold_punctuation,
    fold_quotes,
    fold_spaces,
    strip_invisible,
];

fn conservative_edit(c: char) -> Edit {
    // Most characters of Arabic copy are plain letters, digits and spaces.
    if c.is_ascii_alphanumeric()
        || c == ' '
        || matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
    {
        return Edit::Keep;
    }
    CONSERVATIVE_STEPS
        .iter()
        .map(|step| step(c))
        .find(|edit| *edit != Edit::Keep)
        .unwrap_or(Edit::Keep)
}

/// A character that combines with the one before it, so NFC must see them
/// together and a token never ends before it.
pub fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E4}' | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}' | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{1160}'..='\u{11FF}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{3099}'..='\u{309A}' | '\u{FE20}'..='\u{FE2F}')
}

/// Characters that are already in NFC on their own and need no table lookup.
fn is_nfc_stable_alone(c: char) -> bool {
    c.is_ascii()
        || matches!(c, '\u{00A0}'..='\u{02FF}' | '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{2000}'..='\u{206F}')
            && !matches!(
                c,
                '\u{0340}'..='\u{0344}' | '\u{0374}' | '\u{037E}' | '\u{0387}'
            )
}

/// Arabic presentation forms, which only compatibility normalization unfolds.
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// The conservative view of a text and the way back to the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    text: String,
    /// For every byte of `text`, the original byte range of the character it
    /// came from (marks attached to that character included).
    origin: Vec<[u32; 2]>,
    original_len: usize,
}

/// Largest text the alignment map can address.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

impl Normalized {
    /// Normalizes `original` conservatively. Texts longer than
    /// [`MAX_TEXT_BYTES`] are cut there (readers refuse them before).
    pub fn new(original: &str) -> Normalized {
        let original = truncate_to_boundary(original, MAX_TEXT_BYTES);
        let mut out = Builder {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
        };
        let nfc = ComposingNormalizer::new_nfc();
        let nfkc = ComposingNormalizer::new_nfkc();
        let mut chars = original.char_indices().peekable();
        let mut scratch = String::new();
        while let Some((start, c)) = chars.next() {
            let mut end = start + c.len_utf8();
            while let Some(&(next_start, next)) = chars.peek() {
                if !is_combining(next) {
                    break;
                }
                end = next_start + next.len_utf8();
                chars.next();
            }
            let cluster = &original[start..end];
            let base_edit = out.edit_in_context(c);
            if base_edit != Edit::Keep || cluster.len() == c.len_utf8() && is_nfc_stable_alone(c) {
                // An edited base takes its marks with it (a fatha on a tatweel).
                out.apply(base_edit, c, start..end);
                continue;
            }
            // Compose, drop marks, compose again: dropping a mark can unblock
            // a composition (`e` + U+0653 + U+0301 gives `é`).
            let normalizer = if is_presentation_form(c) { &nfkc } else { &nfc };
            let composed = normalizer.normalize(cluster);
            scratch.clear();
            for piece in composed.chars() {
                match conservative_edit(piece) {
                    Edit::Keep => scratch.push(piece),
                    Edit::Replace(r) => scratch.push(r),
                    Edit::Attach | Edit::Remove => {}
                }
            }
            for piece in nfc.normalize(&scratch).chars() {
                out.push(piece, start..end);
            }
        }
        Normalized {
            text: out.text,
            origin: out.origin,
            original_len: original.len(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the character at byte `pos` came from the same original
    /// character as the one before it (NFKC and NFC can make several
    /// characters of one): no token may start there. Only where they start
    /// counts: a character dropped after the cluster (a tatweel after `ﷺ`)
    /// widens the span of its last character alone.
    pub fn continues_cluster(&self, pos: usize) -> bool {
        pos > 0
            && pos < self.origin.len()
            && self.origin[pos][0] == self.origin[pos - 1][0]
            && self.text.is_char_boundary(pos)
    }

    /// The original span of a byte range of the normalized text. The range
    /// must lie on char boundaries of the normalized text; an empty range maps
    /// to an empty span at the corresponding original position.
    pub fn original_span(&self, range: Range<usize>) -> Span {
        let start = match self.origin.get(range.start) {
            Some(origin) => origin[0] as usize,
            None => self.original_len,
        };
        if range.end <= range.start {
            return Span::from_range(start..start);
        }
        let end = match self.origin.get(range.end - 1) {
            Some(origin) => origin[1] as usize,
            None => self.original_len,
        };
        Span::from_range(start..end.max(start))
    }
}

struct Builder {
    text: String,
    origin: Vec<[u32; 2]>,
}

impl Builder {
    /// The conservative edit of `c` where it stands: a tatweel that
    /// follows no letter (`سبق ـ أبها`) is used as a dash.
    fn edit_in_context(&self, c: char) -> Edit {
        if c == TATWEEL && !self.text.chars().next_back().is_some_and(is_joining_letter) {
            return Edit::Replace('-');
        }
        conservative_edit(c)
    }

    fn apply(&mut self, edit: Edit, c: char, from: Range<usize>) {
        match edit {
            Edit::Keep => self.push(c, from),
            Edit::Replace(r) => self.push(r, from),
            Edit::Attach => self.attach(from.end),
            Edit::Remove => {}
        }
    }

    fn push(&mut self, c: char, from: Range<usize>) {
        self.text.push(c);
        let origin = [from.start as u32, from.end as u32];
        self.origin
            .extend(std::iter::repeat_n(origin, c.len_utf8()));
    }

    /// Extends the previous kept character over a dropped mark, when the mark
    /// directly follows it in the original.
    fn attach(&mut self, end: usize) {
        let Some(last) = self.text.chars().next_back() else {
            return;
        };
        let n = self.origin.len();
        let width = last.len_utf8();
        for origin in &mut self.origin[n - width..] {
            origin[1] = end as u32;
        }
    }
}

fn truncate_to_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The lossy search fold of one character (see [`fold_for_search`]).
pub fn fold_char(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        _ => c,
    }
}

/// Whether two normalized words are equal under the search folds.
pub fn eq_folded(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.chars().map(fold_char).eq(b.chars().map(fold_char))
}

/// The lossy search folds over an already normalized text: alef forms
/// (أ إ آ ٱ → ا), alef maqsura (ى → ي) and teh marbuta (ة → ه). Every fold
/// maps a two-byte letter to a two-byte letter, so byte offsets stay valid.
pub fn fold_for_search(normalized: &str) -> String {
    let bytes = normalized.as_bytes();
    let mut folded = String::with_capacity(normalized.len());
    // Unchanged stretches are copied whole (no UTF-8 check: they are
    // slices of a `str`); the folded letters are written one by one. A
    // letter's lead byte 0xD8/0xD9 is always a char boundary.
    let mut copied = 0;
    let mut i = 0;
    while i + 1 < bytes.len() {
        let replacement = match (bytes[i], bytes[i + 1]) {
            (0xD8, 0xA2 | 0xA3 | 0xA5) | (0xD9, 0xB1) => Some('ا'), // alef forms
            (0xD9, 0x89) => Some('ي'),                              // alef maqsura
            (0xD8, 0xA9) => Some('ه'),                              // teh marbuta
            _ => None,
        };
        match replacement {
            Some(letter) => {
                folded.push_str(&normalized[copied..i]);
                folded.push(letter);
                i += 2;
                copied = i;
            }
            None => i += 1,
        }
    }
    folded.push_str(&normalized[copied..]);
    folded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Normalized::new(s).as_str().to_string()
    }

    #[test]
    fn table_of_conservative_steps() {
        let cases = [
            ("الرئيـــس", "الرئيس"),
            ("سبق ـ أبها", "سبق - أبها"),
            ("الـ 23", "ال 23"),
            ("القيّم", "القيم"),
            ("مُحَمَّد", "محمد"),
            ("١٤٣٦ هـ", "1436 ه"),
            ("۱۲۳", "123"),
            ("ماذا؟ نعم، لا؛", "ماذا? نعم, لا;"),
            ("“تم” «نعم»", "\"تم\" \"نعم\""),
            ("a\u{00A0}b", "a b"),
            ("\u{FEFF}\u{200F}سانا\u{200E}", "سانا"),
            ("\u{0627}\u{0653}", "آ"),
            ("\u{0627}\u{0654}", "أ"),
            ("\u{FEFB}", "لا"),
            ("e\u{0301}", "é"),
            ("موسكو–سانا", "موسكو-سانا"),
            ("3٫5", "3.5"),
        ];
        for (input, expected) in cases {
            assert_eq!(norm(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn marks_attach_to_their_letter_in_the_original() {
        let original = "بوتينُ قال";
        let n = Normalized::new(original);
        let word_end = n.as_str().find(' ').unwrap();
        let span = n.original_span(0..word_end);
        assert_eq!(span.slice(original), Some("بوتينُ"));
    }

    #[test]
    fn invisible_marks_stay_outside_words() {
        let original = "\u{200F}سانا\u{200E} ";
        let n = Normalized::new(original);
        let span = n.original_span(0..n.as_str().find(' ').unwrap());
        assert_eq!(span.slice(original), Some("سانا"));
    }

    #[test]
    fn search_folds_keep_byte_offsets() {
        let folded = fold_for_search("أإآٱ مستشفى مدرسة");
        assert_eq!(folded, "اااا مستشفي مدرسه");
        assert_eq!(folded.len(), "أإآٱ مستشفى مدرسة".len());
        let by_char: String = "أإآٱ مستشفى مدرسة".chars().map(fold_char).collect();
        assert_eq!(folded, by_char);
        assert!(eq_folded("الأمس", "الامس") && !eq_folded("الأمس", "الامسي"));
    }

    #[test]
    fn empty_range_maps_to_a_position() {
        let n = Normalized::new("أب");
        assert_eq!(n.original_span(2..2), Span::from_range(2..2));
        assert_eq!(n.original_span(4..4), Span::from_range(4..4));
    }
}
