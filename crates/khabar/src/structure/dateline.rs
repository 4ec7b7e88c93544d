//! The dateline: the opening place, agency and date of wire copy.
//!
//! Forms read (normalized text, `-` for every dash):
//! - `PLACE-AGENCY`, `PLACE - AGENCY` (SANA, WAFA, QNA, MENA, KUNA, ...);
//! - `PLACE DATE AGENCY` (SPA: `بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس`);
//! - `PLACE (AGENCY) -`, `(AGENCY)-`, `PLACE D - M (AGENCY) -` (CNN, AFP, dpa);
//! - `AGENCY - PLACE` and `BYLINE - OUTLET - PLACE:` (Saudi dailies).

use crate::calendar::{hijri_to_gregorian, month_at, Calendar, Date};
use crate::structure::agencies::{Agency, AgencyKind, AgencyRegistry};
use crate::text::tokenize::{Token, TokenKind};

/// A dateline found over tokens, as token index ranges of one line.
#[derive(Clone, Debug)]
pub struct DatelineParse<'r> {
    /// Tokens the dateline covers (place, date, agency and its punctuation).
    pub whole: std::ops::Range<usize>,
    pub place: Option<std::ops::Range<usize>>,
    pub agency: Option<(std::ops::Range<usize>, &'r Agency)>,
    pub date: Option<std::ops::Range<usize>>,
    /// A byline before an outlet's name (`عمر إبراهيم - عين اليوم`).
    pub byline: Option<std::ops::Range<usize>>,
}

/// How far into a line a dateline's agency may stand.
const MAX_LEAD_TOKENS: usize = 40;
/// Places are short: `واشنطن، الولايات المتحدة الأمريكية` is five tokens.
const MAX_PLACE_TOKENS: usize = 8;
/// Words after `AGENCY -` that are not places.
const NOT_PLACES: [&str; 7] = [
    "متابعات",
    "متابعة",
    "خاص",
    "وكالات",
    "تقرير",
    "حصري",
    "ترجمة",
];

/// Reads a dateline at the start of `tokens`, the tokens of one line.
pub fn parse<'r>(
    tokens: &[Token],
    text: &str,
    registry: &'r AgencyRegistry,
) -> Option<DatelineParse<'r>> {
    let words: Vec<&str> = tokens
        .iter()
        .take(MAX_LEAD_TOKENS)
        .map(|t| t.text(text))
        .collect();
    let is = |i: usize, s: &str| words.get(i) == Some(&s);
    let is_dash = |i: usize| words.get(i).is_some_and(|w| w.chars().all(|c| c == '-'));
    let is_end = |i: usize| i >= words.len() || matches!(words[i], ":" | "." | "-" | "--" | "---");
    let line_end = tokens.len().min(MAX_LEAD_TOKENS);

    for start in 0..words.len() {
        let Some(agency) = registry.match_at(&words[start..]) else {
            continue;
        };
        let end = start + agency.tokens.len();
        let agency_found = Some((start..end, agency));
        if start > 0 && is(start - 1, "(") && is(end, ")") {
            // PLACE [D - M] [-] (AGENCY) [-]
            let mut before = 0..start - 1;
            if before.end > 0 && is_dash(before.end - 1) {
                before.end -= 1;
            }
            let after_paren = end + 1;
            // Without a dash after it, only `CITY، COUNTRY (AGENCY)` is a dateline.
            let city_country = words[before.clone()]
                .iter()
                .any(|w| matches!(*w, "," | "،"));
            if !before.is_empty() && !is_end(after_paren) && !city_country {
                return None;
            }
            let (place, date) = split_trailing_day_month(tokens, text, before);
            let place = place.filter(|r| is_place(tokens, r.clone()));
            if place.is_none() && start > 1 && date.is_none() {
                return None;
            }
            return Some(DatelineParse {
                whole: 0..skip_dashes(&words, after_paren),
                place,
                agency: agency_found,
                date,
                byline: None,
            });
        }
        if start == 0 && is_dash(end) {
            // AGENCY - PLACE [:]
            let place_end = (end + 1..line_end)
                .find(|&i| matches!(words[i], ":" | "-" | "." | ","))
                .unwrap_or(line_end);
            let place = end + 1..place_end;
            let closes = place_end == line_end || is(place_end, ":");
            let known = !NOT_PLACES.contains(&words.get(end + 1).copied().unwrap_or(""));
            let place = (closes && is_place(tokens, place.clone()) && known).then_some(place);
            let whole_end = if place.is_some() {
                skip_colon(&words, place_end)
            } else {
                skip_dashes(&words, end)
            };
            return Some(DatelineParse {
                whole: 0..whole_end,
                place,
                agency: agency_found,
                date: None,
                byline: None,
            });
        }
        if start > 1 && is_dash(start - 1) {
            // PLACE - AGENCY, or BYLINE - OUTLET [- PLACE] [:]
            let before = 0..start - 1;
            if !is_place(tokens, before.clone()) {
                return None;
            }
            let closes = end == line_end || is_end(end);
            if agency.kind == AgencyKind::Wire {
                if !closes && start > MAX_PLACE_TOKENS {
                    return None;
                }
                return Some(DatelineParse {
                    whole: 0..skip_dashes(&words, end),
                    place: Some(before),
                    agency: agency_found,
                    date: None,
                    byline: None,
                });
            }
            if !closes {
                return None;
            }
            let mut whole_end = skip_dashes(&words, end);
            let mut place = None;
            if is_dash(end) {
                let place_end = (end + 1..line_end)
                    .find(|&i| is(i, ":"))
                    .unwrap_or(line_end);
                if place_end < line_end
                    && is_place(tokens, end + 1..place_end)
                    && place_end - end - 1 <= 3
                {
                    place = Some(end + 1..place_end);
                    whole_end = place_end + 1;
                }
            }
            return Some(DatelineParse {
                whole: 0..whole_end,
                place,
                agency: agency_found,
                date: None,
                byline: Some(before),
            });
        }
        if start > 0 && end == line_end {
            // PLACE DATE AGENCY at the end of a short line (SPA).
            let first_number = (0..start).find(|&i| tokens[i].kind == TokenKind::Number)?;
            let place = 0..first_number;
            if !is_place(tokens, place.clone()) {
                return None;
            }
            return Some(DatelineParse {
                whole: 0..end,
                place: Some(place),
                agency: agency_found,
                date: Some(first_number..start),
                byline: None,
            });
        }
        return None;
    }
    None
}

/// Place tokens: words and Latin runs, with commas and parentheses between.
fn is_place(tokens: &[Token], range: std::ops::Range<usize>) -> bool {
    let slice = &tokens[range];
    let words = slice
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Latin))
        .count();
    words > 0
        && slice.len() <= MAX_PLACE_TOKENS
        && slice.iter().all(|t| match t.kind {
            TokenKind::Word | TokenKind::Latin => true,
            TokenKind::Punct => t.norm.len() == 1,
            _ => false,
        })
        && slice.first().is_some_and(|t| t.kind != TokenKind::Punct)
}

/// Splits a trailing `D - M` (AFP's day and month) off a place.
fn split_trailing_day_month(
    tokens: &[Token],
    text: &str,
    range: std::ops::Range<usize>,
) -> (
    Option<std::ops::Range<usize>>,
    Option<std::ops::Range<usize>>,
) {
    let n = range.end;
    let numeric = |i: usize| tokens[i].kind == TokenKind::Number;
    if n >= range.start + 3 && numeric(n - 1) && tokens[n - 2].text(text) == "-" && numeric(n - 3) {
        let place = range.start..n - 3;
        return ((!place.is_empty()).then_some(place), Some(n - 3..n));
    }
    ((!range.is_empty()).then_some(range), None)
}

fn skip_dashes(words: &[&str], mut i: usize) -> usize {
    while words
        .get(i)
        .is_some_and(|w| w.chars().all(|c| c == '-' || c == ':'))
    {
        i += 1;
    }
    i
}

fn skip_colon(words: &[&str], i: usize) -> usize {
    if words.get(i) == Some(&":") {
        i + 1
    } else {
        i
    }
}

/// The Gregorian value of a dateline date: the `D MONTH YYYY` after
/// `الموافق` when there is one, else the first Gregorian `D MONTH YYYY`,
/// else a Hijri `D MONTH YYYY` converted (Umm al-Qura). Yearless dates
/// (AFP's `15 - 7`) stay without a value.
pub fn gregorian_value(words: &[&str]) -> Option<Date> {
    let mut gregorian = None;
    let mut hijri = None;
    for i in 0..words.len() {
        let Ok(day) = words[i].parse::<u8>() else {
            continue;
        };
        let Some((calendar, month, len)) = month_at(&words[i + 1..]) else {
            continue;
        };
        let Some(Ok(year)) = words.get(i + 1 + len).map(|y| y.parse::<i32>()) else {
            continue;
        };
        match calendar {
            Calendar::Gregorian => {
                let date = Date::new(year, month, day);
                if date.is_some() && (gregorian.is_none() || words[..i].contains(&"الموافق"))
                {
                    gregorian = date;
                }
            }
            Calendar::Hijri => hijri = hijri.or_else(|| hijri_to_gregorian(year, month, day)),
        }
    }
    gregorian.or(hijri)
}
