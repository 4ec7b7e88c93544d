//! Time expressions: dates, times, durations and sets, with TIMEX3 values
//! resolved against the publication date. See `docs/design/times.md`.

pub mod lexicon;
mod value;

use std::cell::Cell;

use serde::Serialize;

use crate::calendar::{self, Calendar, Date};
use crate::span::Span;
use crate::text::normalize::{eq_folded, Normalized};
use crate::text::tokenize::{Token, TokenKind, Tokenizer};
use lexicon::{ClockPart, Code, Count, Lex, TimeLexicon, Unit};

/// The TIMEX3 type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeType {
    Date,
    Time,
    Duration,
    Set,
}

/// One time expression: its span, TIMEX3 type and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeExpr {
    pub span: Span,
    pub kind: TimeType,
    /// `2024-10-23`, `2024-W49`, `2015-08-11TEV`, `P3Y`, `PAST_REF` ...
    pub value: String,
}

/// One word of a sentence as the grammar sees it.
#[derive(Clone, Copy, Debug)]
struct Word<'t> {
    /// Normalized text, after a leading conjunction when one was stripped.
    text: &'t str,
    lex: Option<Lex>,
    /// The value of a digits token.
    number: Option<u32>,
    /// Digits of the token (for years).
    digits: u8,
    /// Bytes of a leading و/ف that is not part of the expression.
    conjunction: u8,
}

/// What a grammar rule found: where it ends (a word index) and the value.
struct Found {
    /// Words at the start that introduce but do not belong to the
    /// expression (`منذ` before a duration).
    skip: usize,
    end: usize,
    kind: TimeType,
    value: String,
}

/// The time tagger. Built once; holds the time lexicon.
#[derive(Debug)]
pub struct TimeTagger {
    lexicon: TimeLexicon,
}

impl TimeTagger {
    /// A tagger whose lexicon filter knows how `tokenizer` segments words.
    pub fn new(tokenizer: &Tokenizer) -> TimeTagger {
        TimeTagger {
            lexicon: TimeLexicon::new(tokenizer),
        }
    }

    /// Tags the time expressions of token runs (sentences, or a dateline
    /// date) of one text; relative ones resolve against `today` when known.
    pub fn tag(
        &self,
        normalized: &Normalized,
        runs: &[&[Token]],
        today: Option<Date>,
    ) -> Vec<TimeExpr> {
        let mut out = Vec::new();
        let context_day = Cell::new(today);
        let mut words: Vec<Word> = Vec::new();
        let mut starts: Vec<usize> = Vec::new();
        for tokens in runs {
            words.clear();
            words.extend(tokens.iter().map(|t| self.word(t, normalized.as_str())));
            // Expressions begin only at time words and numbers: visit those.
            starts.clear();
            starts.extend((0..words.len()).filter(|&k| words[k].may_start(words.get(k + 1))));
            let grammar = Grammar {
                words: &words,
                today,
                context_day: &context_day,
            };
            let mut next = 0;
            for &i in &starts {
                if i < next {
                    continue;
                }
                if let Some(end) = grammar.age_at(i) {
                    next = end;
                    continue;
                }
                let Some(found) = grammar.longest_at(i) else {
                    continue;
                };
                let first_word = i + found.skip;
                let first = &tokens[first_word];
                let start = normalized.original_span(
                    first.norm.start + usize::from(words[first_word].conjunction)..first.norm.end,
                );
                let span = start.cover(tokens[found.end - 1].span);
                if let Some(day) = found.day_value() {
                    context_day.set(Some(day));
                }
                out.push(TimeExpr {
                    span,
                    kind: found.kind,
                    value: found.value,
                });
                next = found.end;
            }
        }
        out
    }

    #[inline]
    fn word<'t>(&self, token: &Token, normalized: &'t str) -> Word<'t> {
        let text = &normalized[token.norm.clone()];
        let mut word = Word {
            text,
            lex: None,
            number: None,
            digits: 0,
            conjunction: 0,
        };
        match token.kind {
            TokenKind::Number => {
                word.number = text.parse().ok();
                word.digits = u8::try_from(text.len()).unwrap_or(u8::MAX);
            }
            TokenKind::Word if self.lexicon.may_contain(token.stem_shape) => {
                word.lex = self.lexicon.get(text);
                if word.lex.is_none() {
                    self.strip_clitics(&mut word, token, normalized);
                }
            }
            _ => {}
        }
        word
    }

    /// Finds the time word behind the proclitics the tokenizer split off,
    /// keeping the article: `وأمس` → `أمس`, `بالأمس` → `الأمس`, `وللغد` →
    /// `للغد` (a lexicon spelling of `الغد`, as `لكل` is of `كل`).
    fn strip_clitics(&self, word: &mut Word, token: &Token, normalized: &str) {
        let text = word.text;
        let prefix = token.proclitics(normalized);
        let article = if token.has_article(normalized) {
            "ال".len()
        } else {
            0
        };
        if prefix.is_empty() {
            return;
        }
        let skip = prefix.len() - article;
        let rest = &text[skip..];
        if let Some(lex) = self.lexicon.get(rest) {
            word.lex = Some(lex);
            word.text = rest;
            word.conjunction = text
                .chars()
                .next()
                .filter(|c| matches!(c, 'و' | 'ف'))
                .map_or(0, |c| c.len_utf8() as u8);
        }
    }
}

impl Word<'_> {
    /// Whether an expression may begin here: a time word that can start one,
    /// a number, or `الـ` before a number.
    fn may_start(&self, next: Option<&Word>) -> bool {
        self.lex.is_some_and(Lex::can_start)
            || self.number.is_some()
            || (self.text == "ال" && next.is_some_and(|n| n.number.is_some()))
    }
}

impl Found {
    /// The day this expression names, when it names one.
    fn day_value(&self) -> Option<Date> {
        if self.kind != TimeType::Date || self.value.len() != 10 {
            return None;
        }
        let year = self.value.get(0..4)?.parse().ok()?;
        let month = self.value.get(5..7)?.parse().ok()?;
        let day = self.value.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }
}

/// Words before a bare four-digit number that make it a count, not a year.
const COUNTED: &[&str] = &[
    "شخص",
    "شخصا",
    "دولار",
    "ريال",
    "جنيه",
    "يورو",
    "درهم",
    "دينار",
    "متر",
    "كيلومتر",
    "طن",
    "برميل",
    "قتيل",
    "مليون",
    "الف",
    "طالب",
    "طالبا",
];

struct Grammar<'w, 't> {
    words: &'w [Word<'t>],
    today: Option<Date>,
    /// The last day the text named: clock times fall on it.
    context_day: &'w Cell<Option<Date>>,
}

impl<'w, 't> Grammar<'w, 't> {
    fn lex(&self, i: usize) -> Option<Lex> {
        self.words.get(i).and_then(|w| w.lex)
    }

    fn text(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.text)
    }

    fn number(&self, i: usize) -> Option<u32> {
        self.words.get(i).and_then(|w| w.number)
    }

    /// Whether word `i` is `text`, in any alef, yeh or teh marbuta spelling.
    fn is(&self, i: usize, text: &str) -> bool {
        eq_folded(self.text(i), text)
    }

    fn is_any(&self, i: usize, texts: &[&str]) -> bool {
        texts.iter().any(|t| self.is(i, t))
    }

    /// The longest expression starting at word `i`.
    fn longest_at(&self, i: usize) -> Option<Found> {
        let rules: [fn(&Self, usize) -> Option<Found>; 9] = [
            Self::day_expression,
            Self::part_of_day,
            Self::clock,
            Self::year,
            Self::period,
            Self::duration,
            Self::set,
            Self::vague,
            Self::century_or_decade,
        ];
        rules
            .iter()
            .filter_map(|rule| rule(self, i))
            .fold(None, |best: Option<Found>, found| match best {
                Some(b) if b.end >= found.end => Some(b),
                _ => Some(found),
            })
    }

    // ---- dates ---------------------------------------------------------

    /// `[modifier] [يوم] [اليوم|أمس|غدا|بعد غد|أول أمس] [weekday] [explicit date] [relative]`.
    fn day_expression(&self, i: usize) -> Option<Found> {
        self.day_expression_after(i, false)
    }

    /// A day expression; `after_part` when a part of day precedes it
    /// (`صباح غد`), which lets `غد` stand without `يوم`.
    fn day_expression_after(&self, i: usize, after_part: bool) -> Option<Found> {
        let mut j = i;
        let modifier = self.lex(j) == Some(Lex::Modifier);
        if modifier {
            j += 1;
        }
        if self.is(j, "شهر") && matches!(self.lex(j + 1), Some(Lex::Month(..) | Lex::MonthHead))
        {
            j += 1;
        }
        let has_yawm = self.is(j, "يوم");
        if has_yawm {
            j += 1;
        }
        let mut offset: Option<i64> = None;
        match (self.lex(j), self.lex(j + 1)) {
            (Some(Lex::Shift(1)), Some(Lex::Tomorrow)) if !has_yawm => {
                offset = Some(2);
                j += 2;
            }
            (Some(Lex::Ordinal(1)), Some(Lex::DayRef(-1))) => {
                offset = Some(-2);
                j += 2;
            }
            (Some(Lex::DayRef(0)), Some(Lex::Relative(r @ (-1 | 1)))) => {
                // `اليوم التالي`, `اليوم السابق`: the day after or before.
                offset = Some(i64::from(r));
                j += 2;
            }
            (Some(Lex::DayRef(n)), _) => {
                // `اليوم الأول` is "the first day", not today.
                let today_word = n == 0;
                let next_is_adjective = today_word
                    && self.text(j + 1).starts_with("ال")
                    && !self.is_any(j + 1, &["الذي", "التي"])
                    && !matches!(self.lex(j + 1), Some(Lex::Weekday(_)));
                if next_is_adjective {
                    return None;
                }
                offset = Some(i64::from(n));
                j += 1;
                if n == -1 && self.lex(j) == Some(Lex::Ordinal(1)) {
                    offset = Some(-2);
                    j += 1;
                }
            }
            (Some(Lex::Tomorrow), _) if has_yawm || after_part => {
                offset = Some(1);
                j += 1;
            }
            _ => {}
        }
        let mut weekday = None;
        let paren = self.is(j, "(")
            && matches!(self.lex(j + 1), Some(Lex::Weekday(_)))
            && self.is(j + 2, ")");
        if let Some(Lex::Weekday(d)) = self.lex(j + usize::from(paren)) {
            weekday = Some(d);
            j += if paren { 3 } else { 1 };
        }
        let explicit = self.explicit_date(j);
        if let Some((end, _)) = &explicit {
            j = *end;
        }
        let mut relative = None;
        if explicit.is_none() && weekday.is_some() {
            if let Some(Lex::Relative(r)) = self.lex(j) {
                relative = Some(r);
                j += 1;
            }
        }
        let value = if let Some((_, value)) = explicit {
            value
        } else if let Some(n) = offset {
            match (self.today.and_then(|t| t.add_days(n)), weekday) {
                // A weekday that contradicts the offset wins: copy written
                // before midnight is published after it.
                (Some(day), Some(d)) if day.weekday() != d => value::weekday_nearest(day, d).iso(),
                (Some(day), _) => day.iso(),
                (None, _) => value::relative_ref(n.signum() as i8).to_string(),
            }
        } else if let Some(d) = weekday {
            match self.today {
                Some(today) => value::weekday_near(today, d, relative).iso(),
                None => value::relative_ref(relative.unwrap_or(-1)).to_string(),
            }
        } else {
            return None;
        };
        Some(Found {
            skip: 0,
            end: j,
            kind: TimeType::Date,
            value,
        })
    }

    /// A day number: digits 1..=31, `الـ 23`, or an ordinal (`الثامن`,
    /// `الحادي عشر`, `الثالث والعشرين`). Returns (day, next word).
    fn day_number(&self, mut j: usize) -> Option<(u8, usize)> {
        if self.is(j, "ال") && self.number(j + 1).is_some() {
            j += 1;
        }
        if let Some(n) = self.number(j) {
            return (1..=31).contains(&n).then_some((n as u8, j + 1));
        }
        let (n, end) = self.ordinal(j)?;
        (1..=31).contains(&n).then_some((n as u8, end))
    }

    /// An ordinal with its teen or tens: `الحادي عشر`, `الثالث والعشرين`.
    fn ordinal(&self, j: usize) -> Option<(u16, usize)> {
        let Some(Lex::Ordinal(n)) = self.lex(j) else {
            return None;
        };
        if n < 10 {
            if self.lex(j + 1) == Some(Lex::Teen) {
                return Some((n + 10, j + 2));
            }
            if let Some(Lex::Ordinal(tens @ (20 | 30))) = self.lex(j + 1) {
                if self.words[j + 1].conjunction > 0 || self.text(j + 1).starts_with("ال") {
                    return Some((n + tens, j + 2));
                }
            }
        }
        Some((n, j + 1))
    }

    /// A month name, with a second name for the same month after `/`, in
    /// parentheses, or right after it (`أيار/مايو`, `مايو (أيار)`,
    /// `سبتمبر أيلول`). Returns (calendar, month, next word).
    fn month(&self, j: usize) -> Option<(Calendar, u8, usize)> {
        let (calendar, month, len) = self.month_name(j)?;
        let mut end = j + len;
        let alternative = |k: usize| {
            self.month_name(k)
                .filter(|(c, m, _)| *c == calendar && *m == month)
        };
        if self.is(end, "/") {
            if let Some((_, _, l)) = alternative(end + 1) {
                end += 1 + l;
            }
        } else if let Some((_, _, l)) = alternative(end) {
            end += l;
        } else if self.is(end, "(") {
            if let Some((_, _, l)) = alternative(end + 1) {
                if self.is(end + 1 + l, ")") {
                    end += 2 + l;
                }
            }
        }
        Some((calendar, month, end))
    }

    /// The month named at word `j`: (calendar, month, words it takes).
    fn month_name(&self, j: usize) -> Option<(Calendar, u8, usize)> {
        match self.lex(j)? {
            Lex::Month(calendar, month) => Some((calendar, month, 1)),
            Lex::MonthHead => calendar::month_at(&[self.text(j), self.text(j + 1)]),
            _ => None,
        }
    }

    /// A year after a month (`من` allowed before it) or `عام`: digits,
    /// with an era mark after it.
    fn year_number(&self, mut j: usize) -> Option<(i32, Option<Calendar>, usize)> {
        if self.is(j, "من") && j > 0 {
            j += 1;
        }
        if matches!(
            self.lex(j),
            Some(Lex::YearWord | Lex::Period(Unit::Year) | Lex::Unit(Unit::Year, Count::One))
        ) {
            j += 1;
        }
        let w = self.words.get(j)?;
        let year = w.number.filter(|_| w.digits == 4 || w.digits == 3)? as i32;
        let (era, end) = self.era(j + 1);
        Some((year, era, end))
    }

    /// `م`, `ه` (tatweel removed from `هـ`), `ميلادي`, `هجري` after a year.
    fn era(&self, j: usize) -> (Option<Calendar>, usize) {
        if self.is_any(j, &["م", "ميلادية", "ميلادي"]) {
            (Some(Calendar::Gregorian), j + 1)
        } else if self.is_any(j, &["ه", "هجرية", "هجري"]) {
            (Some(Calendar::Hijri), j + 1)
        } else {
            (None, j)
        }
    }

    /// A date with a month name or in digits. Returns (next word, value).
    fn explicit_date(&self, j: usize) -> Option<(usize, String)> {
        if let Some(found) = self.numeric_date(j) {
            return Some(found);
        }
        let (day, after_day) = match self.day_number(j) {
            Some((day, next)) => (Some(day), next + usize::from(self.is(next, "من"))),
            None => (None, j),
        };
        let (calendar, month, mut end) = self.month(after_day)?;
        if day.is_none() && !self.month_alone_is_a_date(after_day, end) {
            return None;
        }
        let year = self.year_number(end);
        let mut relative = None;
        if let Some((_, _, next)) = year {
            end = next;
        } else if let Some(Lex::Relative(r)) = self.lex(end) {
            relative = Some(r);
            end += 1;
        } else if self.is(end, "من") && self.lex(end + 1) == Some(Lex::Period(Unit::Year)) {
            // `مارس/آذار من العام الماضي`
            if let Some(Lex::Relative(r)) = self.lex(end + 2) {
                let year = self.today.map(|t| t.year + i32::from(r));
                end += 3;
                let value = match (year, day) {
                    (Some(y), Some(d)) => Date::new(y, month, d).map(Date::iso),
                    (Some(y), None) => Some(format!("{y:04}-{month:02}")),
                    _ => None,
                };
                return value.map(|v| (end, v));
            }
        }
        let value = match calendar {
            Calendar::Hijri => {
                let (year, _, _) = year?;
                let day = day?;
                calendar::hijri_to_gregorian(year, month, day)?.iso()
            }
            Calendar::Gregorian => {
                let year = year.map(|(y, _, _)| y);
                value::month_date(self.today, year, month, day, relative)?
            }
        };
        Some((end, value))
    }

    /// A month name without a day makes a date with a year, a relative word,
    /// a second name, or `شهر` before it; `مارس` alone is also a verb.
    fn month_alone_is_a_date(&self, start: usize, end: usize) -> bool {
        let ambiguous = self.is_any(start, &["مارس", "ماي", "آب", "صفر", "رجب"]);
        let context = end > start + 1
            || (start > 0 && self.is(start - 1, "شهر"))
            || self.year_number(end).is_some()
            || matches!(self.lex(end), Some(Lex::Relative(_)));
        context || !ambiguous
    }

    /// `10/8/2015`, `3 / 11 / 1436هـ`, `2015-08-10`.
    fn numeric_date(&self, j: usize) -> Option<(usize, String)> {
        let a = self.number(j)?;
        let sep = self.text(j + 1);
        if !matches!(sep, "/" | "-" | ".") || self.text(j + 3) != sep {
            return None;
        }
        let b = self.number(j + 2)?;
        let c = self.number(j + 4)?;
        let (era, end) = self.era(j + 5);
        let (year, month, day) = if self.words[j].digits == 4 {
            (a, b, c)
        } else {
            (c, b, a)
        };
        let month = u8::try_from(month).ok()?;
        let day = u8::try_from(day).ok()?;
        let year = i32::try_from(year).ok()?;
        let hijri = era == Some(Calendar::Hijri) || (1300..1600).contains(&year);
        let date = if hijri {
            calendar::hijri_to_gregorian(year, month, day)?
        } else {
            Date::new(year, month, day)?
        };
        Some((end, date.iso()))
    }

    /// `[modifier] [عام|العام|سنة] 2016 [م]`, `1436هـ`, a bare year.
    fn year(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::Modifier) {
            j += 1;
        }
        let with_word = matches!(
            self.lex(j),
            Some(Lex::YearWord | Lex::Period(Unit::Year) | Lex::Unit(Unit::Year, Count::One))
        );
        if self.is(j, "من") {
            return None;
        }
        let (year, era, end) = self.year_number(j)?;
        let bare = !with_word && era.is_none();
        if bare && (!(1800..=2100).contains(&year) || self.is_any(end, COUNTED)) {
            return None;
        }
        let value = match era {
            Some(Calendar::Hijri) => value::hijri_year(year)?.to_string(),
            _ if (1000..=2999).contains(&year) => format!("{year:04}"),
            _ => return None,
        };
        Some(Found {
            skip: 0,
            end,
            kind: TimeType::Date,
            value,
        })
    }

    /// `[modifier] [هذا] الأسبوع|الشهر|العام [relative]`, `صيف 2017`,
    /// `الأيام الماضية`, `هذه الأيام`, `الوقت الحالي`, `العامين المقبلين`.
    fn period(&self, i: usize) -> Option<Found> {
        let mut j = i;
        if self.lex(j) == Some(Lex::Modifier) {
            j += 1;
        }
        let this = self.lex(j) == Some(Lex::This);
        if this || self.lex(j) == Some(Lex::Same) && self.lex(j + 1) == Some(Lex::VagueNoun) {
            j += 1;
        }
        let relative = |k: usize| match self.lex(k) {
            Some(Lex::Relative(r)) => Some(r),
            _ => None,
        };
        let date = |end: usize, value: String| {
            Some(Found {
                skip: 0,
                end,
                kind: TimeType::Date,
                value,
            })
        };
        match self.lex(j)? {
            Lex::Period(unit) => {
                let r = relative(j + 1).or(this.then_some(0))?;
                let end = j + 1 + usize::from(relative(j + 1).is_some());
                let value = self.today.and_then(|t| value::period(t, unit, r));
                date(
                    end,
                    value.unwrap_or_else(|| value::relative_ref(r).to_string()),
                )
            }
            Lex::Season(code) => {
                if self.is(j + 1, "العربي") {
                    return None;
                }
                let (year, end) = match (self.year_number(j + 1), relative(j + 1)) {
                    (Some((y, _, end)), _) => (Some(y), end),
                    (None, Some(r)) => (self.today.map(|t| t.year + i32::from(r)), j + 2),
                    (None, None) => (self.today.map(|t| t.year), j + 1),
                };
                let value = year.map_or_else(
                    || "PRESENT_REF".to_string(),
                    |y| format!("{y:04}-{}", code.as_str()),
                );
                date(end, value)
            }
            Lex::Unit(unit, Count::Plural)
                if self.text(j).starts_with("ال") && self.cardinal(j + 1).is_some() =>
            {
                // `السنوات الخمس الماضية`: a duration of five years.
                let (n, end) = self.cardinal(j + 1)?;
                let end = end + usize::from(relative(end).is_some());
                Some(Found {
                    skip: 0,
                    end,
                    kind: TimeType::Duration,
                    value: value::duration(n, unit),
                })
            }
            Lex::Unit(_, Count::Plural) if this || self.text(j).starts_with("ال") => {
                let r = relative(j + 1).or(this.then_some(0))?;
                date(
                    j + 1 + usize::from(relative(j + 1).is_some()),
                    value::relative_ref(r).to_string(),
                )
            }
            Lex::Unit(unit, Count::Two) => {
                // `العامين المقبلين`: a duration of two units ahead.
                relative(j + 1)?;
                Some(Found {
                    skip: 0,
                    end: j + 2,
                    kind: TimeType::Duration,
                    value: value::duration(2, unit),
                })
            }
            Lex::VagueNoun => {
                let same = j > i && self.lex(j - 1) == Some(Lex::Same);
                let r = relative(j + 1).or((this || same).then_some(0))?;
                let end = j + 1 + usize::from(relative(j + 1).is_some());
                date(end, value::relative_ref(r).to_string())
            }
            Lex::Unit(Unit::Day, Count::One) if self.is(j + 1, "ما") => {
                date(j + 2, "FUTURE_REF".to_string())
            }
            _ => None,
        }
    }

    // ---- times of day --------------------------------------------------

    /// `صباح اليوم`, `مساء أمس`, `عصر السبت`, `الليلة`, `الليلة الماضية`.
    fn part_of_day(&self, i: usize) -> Option<Found> {
        if self.lex(i) == Some(Lex::Tonight) {
            let yesterday = self.lex(i + 1) == Some(Lex::Relative(-1));
            let day = self.today.and_then(|t| t.add_days(-i64::from(yesterday)));
            let end = i + 1 + usize::from(yesterday);
            let value =
                day.map_or_else(|| "PRESENT_REF".to_string(), |d| format!("{}TNI", d.iso()));
            return Some(Found {
                skip: 0,
                end,
                kind: TimeType::Time,
                value,
            });
        }
        let late = self.is(i, "وقت") && self.is(i + 1, "متأخر");
        let (part, start) = match self.lex(i) {
            Some(Lex::PartOfDay(part)) => (part.as_str(), i + 1),
            _ if late => ("NI", i + 2 + usize::from(self.is(i + 2, "من"))),
            _ => return None,
        };
        let start = start + usize::from(self.is(start, "يوم"));
        let day = self.day_expression_after(start, true)?;
        let value = match day.value.len() {
            10 => format!("{}T{part}", day.value),
            _ => day.value,
        };
        Some(Found {
            skip: 0,
            end: day.end,
            kind: TimeType::Time,
            value,
        })
    }

    /// `الساعة السادسة مساء`, `الساعة 10 و30 دقيقة`, `في 14:30`.
    fn clock(&self, i: usize) -> Option<Found> {
        let mut j = i;
        let has_clock_word = self.lex(j) == Some(Lex::Clock);
        if has_clock_word {
            j += 1;
        }
        let (mut hour, mut minute, mut end);
        if let (Some(h), true, Some(m)) = (self.number(j), self.is(j + 1, ":"), self.number(j + 2))
        {
            (hour, minute, end) = (h, m, j + 3);
        } else if has_clock_word {
            (hour, end) = match (self.number(j), self.ordinal(j)) {
                (Some(h), _) => (h, j + 1),
                (None, Some((h, e))) => (u32::from(h), e),
                _ => return None,
            };
            minute = 0;
            if self.is(end, "و") || self.words.get(end).is_some_and(|w| w.conjunction > 0) {
                let k = end + usize::from(self.is(end, "و"));
                match self.number(k) {
                    _ if self.is(k, "النصف") => (minute, end) = (30, k + 1),
                    _ if self.is(k, "الربع") => (minute, end) = (15, k + 1),
                    Some(m) if m < 60 => {
                        minute = m;
                        end = k
                            + 1
                            + usize::from(matches!(
                                self.lex(k + 1),
                                Some(Lex::Unit(Unit::Minute, _))
                            ));
                    }
                    _ => {}
                }
            }
        } else {
            return None;
        }
        let part = match self.lex(end) {
            Some(Lex::ClockPart(part)) => Some(part),
            Some(Lex::PartOfDay(Code::Evening)) => Some(ClockPart::Evening),
            Some(Lex::Shift(1)) if self.is_any(end + 1, &["الظهر", "الزوال"]) => {
                end += 1;
                Some(ClockPart::Noon)
            }
            _ => None,
        };
        if part.is_some() {
            end += 1;
        }
        hour = value::clock_hour(hour, part)?;
        if minute >= 60 {
            return None;
        }
        let day = self
            .context_day
            .get()
            .map_or_else(|| "XXXX-XX-XX".to_string(), Date::iso);
        Some(Found {
            skip: 0,
            end,
            kind: TimeType::Time,
            value: format!("{day}T{hour:02}:{minute:02}"),
        })
    }

    // ---- durations and sets --------------------------------------------

    /// `[منذ|قبل|بعد] [نحو|أكثر من] N unit [و N unit]`, `يومين`, `عدة أعوام`.
    fn duration(&self, i: usize) -> Option<Found> {
        let mut j = i;
        let shift = match self.lex(j) {
            Some(Lex::Since) => {
                j += 1;
                None
            }
            Some(Lex::Shift(direction)) => {
                j += 1;
                Some(direction)
            }
            _ => None,
        };
        let introduced = j > i;
        let approximate = match self.lex(j) {
            Some(Lex::Approximately) => 1,
            Some(Lex::Comparative) if self.is(j + 1, "من") => 2,
            _ => 0,
        };
        j += approximate;
        let vague_amount = self.lex(j) == Some(Lex::VagueAmount);
        if vague_amount {
            j += 1;
        }
        let loose = introduced || approximate > 0 || vague_amount;
        let (mut amount, mut unit, mut end) = self.amount(j, loose)?;
        if vague_amount {
            amount = None;
            if self.is(j - 1, "عشرات") {
                unit = Unit::Decade;
            }
        }
        if self.is_any(end, &["قليلة", "عديدة", "طويلة"]) {
            end += 1;
        }
        let mut parts = vec![(amount, unit)];
        // `3 سنوات وشهر واحد`
        if let Some(next) = self.words.get(end).filter(|w| w.conjunction > 0) {
            if let Some(Lex::Unit(u, count)) = next.lex {
                let n = match count {
                    Count::One => Some(1),
                    Count::Two => Some(2),
                    Count::Plural => None,
                };
                if n.is_some() && u != unit {
                    parts.push((n, u));
                    end += 1 + usize::from(
                        self.number(end + 1) == Some(1) || self.is(end + 1, "واحد"),
                    );
                }
            }
        }
        // `قبل 95 عاما` names a year; `بعد 3 أشهر`, `قبل أيام` are durations.
        let names_a_year =
            matches!(unit, Unit::Year | Unit::Decade | Unit::Century) && amount.is_some();
        match shift.filter(|_| names_a_year && parts.len() == 1) {
            Some(direction) => {
                let value = match (self.today, parts.as_slice()) {
                    (Some(today), [(Some(n), unit)]) => {
                        value::shifted(today, i64::from(*n) * i64::from(direction), *unit)
                    }
                    _ => None,
                };
                let value = value.unwrap_or_else(|| value::relative_ref(direction).to_string());
                Some(Found {
                    skip: 0,
                    end,
                    kind: TimeType::Date,
                    value,
                })
            }
            // `منذ ثلاث سنوات`: the duration is `ثلاث سنوات`.
            None => Some(Found {
                skip: usize::from(self.lex(i) == Some(Lex::Since)),
                end,
                kind: TimeType::Duration,
                value: value::durations(&parts),
            }),
        }
    }

    /// `البالغ 28 عاما`, `(13 عاما)`, `(وسيم 16 عاما)`, `الـ52 عاما`: an
    /// age, not a time. Returns the word after it.
    fn age_at(&self, i: usize) -> Option<usize> {
        const AGE_WORDS: &[&str] = &[
            "البالغ",
            "البالغه",
            "عمره",
            "عمرها",
            "عمرهم",
            "العمر",
            "بعمر",
            "عمر",
            "سن",
            "يبلغ",
            "تبلغ",
            "اعمارهم",
            "ال",
        ];
        let (n, next) = self.cardinal(i)?;
        let years = matches!(
            self.lex(next),
            Some(Lex::Unit(Unit::Year, _) | Lex::YearWord)
        );
        if n == 0 || !years {
            return None;
        }
        let end = next + 1;
        let before =
            |k: usize, texts: &[&str]| i.checked_sub(k).is_some_and(|x| self.is_any(x, texts));
        let in_parentheses = self.is(end, ")") && (before(1, &["("]) || before(2, &["("]));
        (before(1, AGE_WORDS) || in_parentheses).then_some(end)
    }

    /// An amount of a unit: `3 سنوات`, `ثلاث سنوات`, `خمسة وتسعين عاما`,
    /// `يومين`, `عاما`; bare plurals and singulars only when `loose`.
    fn amount(&self, j: usize, loose: bool) -> Option<(Option<u32>, Unit, usize)> {
        if let Some(Lex::Unit(unit, count)) = self.lex(j) {
            let accusative = self.text(j).ends_with('ا');
            // `يوم الأرض`, `شهر رمضان`, `يوم الأحد` name a day or a month.
            let names_something = self.text(j + 1).starts_with("ال")
                || matches!(
                    self.lex(j + 1),
                    Some(Lex::Month(..) | Lex::MonthHead | Lex::Weekday(_))
                );
            let bare_singular =
                !self.text(j).starts_with("ال") && unit != Unit::Decade && !names_something;
            return match count {
                Count::Two => Some((Some(2), unit, j + 1)),
                Count::One if accusative || loose || bare_singular => Some((Some(1), unit, j + 1)),
                Count::Plural if loose => Some((None, unit, j + 1)),
                _ => None,
            };
        }
        let (n, next) = self.cardinal(j)?;
        match self.lex(next) {
            Some(Lex::Unit(unit, Count::One | Count::Plural)) => Some((Some(n), unit, next + 1)),
            // Counts from eleven up take the singular: `2500 عام`.
            Some(Lex::YearWord) => Some((Some(n), Unit::Year, next + 1)),
            _ => None,
        }
    }

    /// A cardinal: digits or number words, with `و` tens and `عشر` teens.
    fn cardinal(&self, j: usize) -> Option<(u32, usize)> {
        if let Some(n) = self.number(j) {
            return Some((n, j + 1));
        }
        let n = match self.lex(j) {
            Some(Lex::Number(n)) => u32::from(n),
            Some(Lex::Teen) => return Some((10, j + 1)),
            _ => return None,
        };
        if n < 10 && self.lex(j + 1) == Some(Lex::Teen) {
            return Some((n + 10, j + 2));
        }
        if n < 10 {
            if let Some(w) = self.words.get(j + 1).filter(|w| w.conjunction > 0) {
                if let Some(Lex::Number(tens @ 20..=90)) = w.lex {
                    return Some((n + u32::from(tens), j + 2));
                }
            }
        }
        Some((n, j + 1))
    }

    /// `يوميا`, `الشهرية`, `كل أسبوع`, `كل يوم عمل`.
    fn set(&self, i: usize) -> Option<Found> {
        let (unit, end) = match (self.lex(i), self.lex(i + 1)) {
            // `يومي الخميس والجمعة` is "the days of", not "daily".
            (Some(Lex::Every(_)), Some(Lex::Weekday(_))) => return None,
            (Some(Lex::Every(_)), _) if self.number(i + 1).is_some() => return None,
            (Some(Lex::Every(unit)), _) => (unit, i + 1),
            (Some(Lex::Each), Some(Lex::Unit(unit, Count::One))) => {
                (unit, i + 2 + usize::from(self.is(i + 2, "عمل")))
            }
            (Some(Lex::Each), Some(Lex::Period(unit))) => (unit, i + 2),
            _ => return None,
        };
        Some(Found {
            skip: 0,
            end,
            kind: TimeType::Set,
            value: value::duration(1, unit),
        })
    }

    /// `الآن`, `حاليا`, `مؤخرا`, `قريبا`, `الغد`.
    fn vague(&self, i: usize) -> Option<Found> {
        match self.lex(i) {
            Some(Lex::Vague(value)) => Some(Found {
                skip: 0,
                end: i + 1,
                kind: TimeType::Date,
                value: value.as_str().to_string(),
            }),
            _ => None,
        }
    }

    /// `الخمسينيات`, `عقد الستينيات من القرن العشرين`, `أواخر القرن التاسع عشر`.
    fn century_or_decade(&self, i: usize) -> Option<Found> {
        let mut j = i + usize::from(self.lex(i) == Some(Lex::Modifier));
        if matches!(self.lex(j), Some(Lex::Unit(Unit::Decade, Count::One))) {
            j += 1;
        }
        let decade = match self.lex(j) {
            Some(Lex::Decade(d)) => {
                j += 1;
                Some(d)
            }
            _ => None,
        };
        let century =
            if self.is(j, "من") && self.lex(j + 1) == Some(Lex::Century) && decade.is_some() {
                j += 1;
                self.century(j)
            } else if decade.is_none() {
                self.century(j)
            } else {
                None
            };
        if let Some((_, end)) = century {
            j = end;
        }
        let value = match (decade, century) {
            (Some(d), Some((c, _))) => format!("{c:02}{d}"),
            (Some(d), None) => format!("19{d}"),
            (None, Some((c, _))) => format!("{c:02}"),
            (None, None) => return None,
        };
        Some(Found {
            skip: 0,
            end: j,
            kind: TimeType::Date,
            value,
        })
    }

    /// `القرن التاسع عشر` (18), `القرن الماضي` relative to today. Returns
    /// (the century's first two digits, next word).
    fn century(&self, j: usize) -> Option<(u16, usize)> {
        if self.lex(j) != Some(Lex::Century) {
            return None;
        }
        let (n, mut end) = match (self.ordinal(j + 1), self.lex(j + 1)) {
            (Some((n, end)), _) => (n, end),
            (None, Some(Lex::Relative(r))) => {
                let current = self.today.map(|t| t.year / 100 + 1)?;
                (u16::try_from(current + i32::from(r)).ok()?, j + 2)
            }
            _ => return None,
        };
        if self.text(end).starts_with("الميلادي") {
            end += 1;
        }
        (1..=30).contains(&n).then_some((n - 1, end))
    }
}

/// A wire time stamp (`20:26 ت م`, boilerplate) as a time on `day`.
pub fn wire_timestamp(text: &str, span: Span, day: Option<Date>) -> Option<TimeExpr> {
    let surface = span.slice(text)?;
    let (clock, _) = surface.split_once(' ')?;
    let (hour, minute) = clock.split_once(':')?;
    let (hour, minute): (u32, u32) = (hour.parse().ok()?, minute.parse().ok()?);
    if hour > 23 || minute > 59 {
        return None;
    }
    // The teleprinter's `NNNN` after the zone is not part of the time.
    let kept = surface.trim_end().trim_end_matches("NNNN").trim_end();
    let span = Span::within(text, span.start(), span.start() + kept.len()).ok()?;
    let day = day.map_or_else(|| "XXXX-XX-XX".to_string(), Date::iso);
    Some(TimeExpr {
        span,
        kind: TimeType::Time,
        value: format!("{day}T{hour:02}:{minute:02}"),
    })
}
