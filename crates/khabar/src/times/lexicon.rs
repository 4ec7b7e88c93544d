//! The words of Arabic time expressions, each with its class. Keys are
//! written in ordinary spelling and compared after the search folds (alef
//! forms, ى/ي, ة/ه), so `الامس` and `الأمس` are one word.

use rustc_hash::FxHashMap;

use crate::calendar::{self, Calendar};
use crate::text::normalize::fold_for_search;

/// A calendar unit of durations and periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

impl Unit {
    /// The TIMEX3 duration designator: `D` in `P3D`, `H` in `PT2H`.
    pub fn designator(self) -> &'static str {
        match self {
            Unit::Minute => "M",
            Unit::Hour => "H",
            Unit::Day => "D",
            Unit::Week => "W",
            Unit::Month => "M",
            Unit::Year => "Y",
            Unit::Decade => "DE",
            Unit::Century => "CE",
        }
    }

    pub fn is_clock(self) -> bool {
        matches!(self, Unit::Minute | Unit::Hour)
    }
}

/// How a unit word counts: `يوم` one, `يومين` two, `أيام` some.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    One,
    Two,
    Plural,
}

/// The class of a time word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lex {
    /// A one-word month name.
    Month(Calendar, u8),
    /// The first word of a two-word month name (`كانون`, `تشرين`, `ربيع`, `ذو`).
    MonthHead,
    /// ISO weekday, 1 is Monday.
    Weekday(u8),
    /// `اليوم` 0, `أمس` -1, `غدا` +1.
    DayRef(i8),
    /// `غد` after يوم or بعد.
    Tomorrow,
    Unit(Unit, Count),
    /// A cardinal number word.
    Number(u16),
    /// An ordinal (`الثالث`, `الحادية`), used for days, hours and centuries.
    Ordinal(u16),
    /// `عشر`/`عشرة` after a unit number or ordinal: adds ten.
    Teen,
    /// `الماضي` -1, `المقبل` +1, `الجاري` 0.
    Relative(i8),
    /// `صباح`, `مساء` ... before a day: the TIMEX3 part of day.
    PartOfDay(&'static str),
    /// `صباحا`, `مساء`, `ليلا` after a clock time: hours to add in the afternoon.
    ClockPart(ClockPart),
    /// A word meaning "now", "recently" or "soon".
    Vague(&'static str),
    /// `يوميا`, `الشهرية`: a recurring set.
    Every(Unit),
    /// `الأسبوع`, `الشهر`, `العام`, `السنة`: a calendar period with the article.
    Period(Unit),
    /// `عام`, `سنة` before a year number.
    YearWord,
    /// `الصيف` ... with its TIMEX3 code.
    Season(&'static str),
    /// `الخمسينيات`: the decade digit.
    Decade(u8),
    /// `القرن`.
    Century,
    /// `أوائل`, `مطلع`, `نهاية` ...: a modifier before a date.
    Modifier,
    /// `نحو`, `قرابة`, `حوالي`: an approximation before a duration.
    Approximately,
    /// `الساعة` before a clock time.
    Clock,
    /// `هذا`, `هذه`.
    This,
    /// `كل` before a unit.
    Each,
    /// `منذ`: the duration up to now.
    Since,
    /// `قبل` -1 and `بعد` +1 before a duration.
    Shift(i8),
    /// `من` between parts of a date.
    Of,
    /// `الوقت`, `المرحلة`, `الآونة` ...: a vague period noun.
    VagueNoun,
}

/// Afternoon and night marks after a clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockPart {
    Morning,
    Noon,
    Evening,
    Night,
}

const DAY_REFS: &[(&str, Lex)] = &[
    ("اليوم", Lex::DayRef(0)),
    ("أمس", Lex::DayRef(-1)),
    ("الأمس", Lex::DayRef(-1)),
    ("البارحة", Lex::DayRef(-1)),
    ("غدا", Lex::DayRef(1)),
    ("غد", Lex::Tomorrow),
    ("الغد", Lex::Vague("FUTURE_REF")),
];

const WEEKDAYS: &[(&str, u8)] = &[
    ("الاثنين", 1),
    ("الإثنين", 1),
    ("الثلاثاء", 2),
    ("الأربعاء", 3),
    ("الخميس", 4),
    ("الجمعة", 5),
    ("السبت", 6),
    ("الأحد", 7),
];

const UNITS: &[(&str, Unit, Count)] = &[
    ("دقيقة", Unit::Minute, Count::One),
    ("دقائق", Unit::Minute, Count::Plural),
    ("دقيقتين", Unit::Minute, Count::Two),
    ("ساعة", Unit::Hour, Count::One),
    ("ساعات", Unit::Hour, Count::Plural),
    ("ساعتين", Unit::Hour, Count::Two),
    ("ساعتان", Unit::Hour, Count::Two),
    ("يوم", Unit::Day, Count::One),
    ("يوما", Unit::Day, Count::One),
    ("أيام", Unit::Day, Count::Plural),
    ("يومين", Unit::Day, Count::Two),
    ("يومان", Unit::Day, Count::Two),
    ("أسبوع", Unit::Week, Count::One),
    ("أسبوعا", Unit::Week, Count::One),
    ("أسابيع", Unit::Week, Count::Plural),
    ("أسبوعين", Unit::Week, Count::Two),
    ("شهر", Unit::Month, Count::One),
    ("شهرا", Unit::Month, Count::One),
    ("أشهر", Unit::Month, Count::Plural),
    ("شهور", Unit::Month, Count::Plural),
    ("شهرين", Unit::Month, Count::Two),
    ("سنة", Unit::Year, Count::One),
    ("سنوات", Unit::Year, Count::Plural),
    ("سنين", Unit::Year, Count::Plural),
    ("السنوات", Unit::Year, Count::Plural),
    ("سنتين", Unit::Year, Count::Two),
    ("عاما", Unit::Year, Count::One),
    ("أعوام", Unit::Year, Count::Plural),
    ("الأعوام", Unit::Year, Count::Plural),
    ("عامين", Unit::Year, Count::Two),
    ("العامين", Unit::Year, Count::Two),
    ("عقد", Unit::Decade, Count::One),
    ("عقدا", Unit::Decade, Count::One),
    ("عقود", Unit::Decade, Count::Plural),
    ("عقدين", Unit::Decade, Count::Two),
    ("قرن", Unit::Century, Count::One),
    ("قرنا", Unit::Century, Count::One),
    ("قرون", Unit::Century, Count::Plural),
    ("قرنين", Unit::Century, Count::Two),
];

const NUMBERS: &[(&str, u16)] = &[
    ("واحد", 1),
    ("واحدة", 1),
    ("اثنين", 2),
    ("اثنتين", 2),
    ("اثنان", 2),
    ("اثنا", 2),
    ("اثني", 2),
    ("ثلاث", 3),
    ("ثلاثة", 3),
    ("أربع", 4),
    ("أربعة", 4),
    ("خمس", 5),
    ("خمسة", 5),
    ("ست", 6),
    ("ستة", 6),
    ("سبع", 7),
    ("سبعة", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("ثمانية", 8),
    ("تسع", 9),
    ("تسعة", 9),
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("ثلاثين", 30),
    ("أربعون", 40),
    ("أربعين", 40),
    ("خمسون", 50),
    ("خمسين", 50),
    ("ستون", 60),
    ("ستين", 60),
    ("سبعون", 70),
    ("سبعين", 70),
    ("ثمانون", 80),
    ("ثمانين", 80),
    ("تسعون", 90),
    ("تسعين", 90),
    ("مئة", 100),
    ("مائة", 100),
    ("أحد", 1),
];

const ORDINALS: &[(&str, u16)] = &[
    ("الأول", 1),
    ("الأولى", 1),
    ("الحادي", 1),
    ("الحادية", 1),
    ("الثاني", 2),
    ("الثانية", 2),
    ("الثالث", 3),
    ("الثالثة", 3),
    ("الرابع", 4),
    ("الرابعة", 4),
    ("الخامس", 5),
    ("الخامسة", 5),
    ("السادس", 6),
    ("السادسة", 6),
    ("السابع", 7),
    ("السابعة", 7),
    ("الثامن", 8),
    ("الثامنة", 8),
    ("التاسع", 9),
    ("التاسعة", 9),
    ("العاشر", 10),
    ("العاشرة", 10),
    ("العشرين", 20),
    ("الثلاثين", 30),
    ("الواحدة", 1),
];

const RELATIVES: &[(&str, i8)] = &[
    ("الماضي", -1),
    ("الماضية", -1),
    ("المنصرم", -1),
    ("المنصرمة", -1),
    ("الفائت", -1),
    ("الفائتة", -1),
    ("السابق", -1),
    ("المقبل", 1),
    ("المقبلة", 1),
    ("القادم", 1),
    ("القادمة", 1),
    ("الموالي", 1),
    ("التالي", 1),
    ("المقبلين", 1),
    ("مقبلين", 1),
    ("القادمين", 1),
    ("الماضيين", -1),
    ("الأخيرة", -1),
    ("الأخير", -1),
    ("الأخيرين", -1),
    ("سابق", -1),
    ("لاحق", 1),
    ("الراهن", 0),
    ("الراهنة", 0),
    ("الجاري", 0),
    ("الجارية", 0),
    ("الحالي", 0),
    ("الحالية", 0),
];

const PARTS_OF_DAY: &[(&str, &str)] = &[
    ("صباح", "MO"),
    ("فجر", "MO"),
    ("ظهر", "AF"),
    ("ظهيرة", "AF"),
    ("عصر", "AF"),
    ("مساء", "EV"),
    ("ليل", "NI"),
    ("ليلة", "NI"),
];

const CLOCK_PARTS: &[(&str, ClockPart)] = &[
    ("صباحا", ClockPart::Morning),
    ("فجرا", ClockPart::Morning),
    ("ظهرا", ClockPart::Noon),
    ("عصرا", ClockPart::Evening),
    ("مساء", ClockPart::Evening),
    ("ليلا", ClockPart::Night),
];

const VAGUE: &[(&str, &str)] = &[
    ("الآن", "PRESENT_REF"),
    ("حاليا", "PRESENT_REF"),
    ("مؤخرا", "PAST_REF"),
    ("سابقا", "PAST_REF"),
    ("آنذاك", "PAST_REF"),
    ("قريبا", "FUTURE_REF"),
    ("مستقبلا", "FUTURE_REF"),
    ("لاحقا", "FUTURE_REF"),
];

const EVERY: &[(&str, Unit)] = &[
    ("يوميا", Unit::Day),
    ("يومي", Unit::Day),
    ("يومية", Unit::Day),
    ("اليومي", Unit::Day),
    ("اليومية", Unit::Day),
    ("أسبوعيا", Unit::Week),
    ("أسبوعي", Unit::Week),
    ("أسبوعية", Unit::Week),
    ("الأسبوعي", Unit::Week),
    ("الأسبوعية", Unit::Week),
    ("شهريا", Unit::Month),
    ("شهري", Unit::Month),
    ("شهرية", Unit::Month),
    ("الشهري", Unit::Month),
    ("الشهرية", Unit::Month),
    ("سنويا", Unit::Year),
    ("سنوي", Unit::Year),
    ("سنوية", Unit::Year),
    ("السنوي", Unit::Year),
    ("السنوية", Unit::Year),
];

const PERIODS: &[(&str, Unit)] = &[
    ("الأسبوع", Unit::Week),
    ("الشهر", Unit::Month),
    ("العام", Unit::Year),
    ("السنة", Unit::Year),
];

const SEASONS: &[(&str, &str)] = &[
    ("الصيف", "SU"),
    ("صيف", "SU"),
    ("صيفا", "SU"),
    ("الشتاء", "WI"),
    ("شتاء", "WI"),
    ("الربيع", "SP"),
    ("الخريف", "FA"),
    ("خريف", "FA"),
];

const DECADES: &[(&str, u8)] = &[
    ("العشرينيات", 2),
    ("الثلاثينيات", 3),
    ("الأربعينيات", 4),
    ("الخمسينيات", 5),
    ("الستينيات", 6),
    ("السبعينيات", 7),
    ("الثمانينيات", 8),
    ("التسعينيات", 9),
];

const SINGLE: &[(&str, Lex)] = &[
    ("عشر", Lex::Teen),
    ("عشرة", Lex::Teen),
    ("عام", Lex::YearWord),
    ("سنة", Lex::YearWord),
    ("القرن", Lex::Century),
    ("أوائل", Lex::Modifier),
    ("مطلع", Lex::Modifier),
    ("بداية", Lex::Modifier),
    ("أواخر", Lex::Modifier),
    ("نهاية", Lex::Modifier),
    ("منتصف", Lex::Modifier),
    ("أواسط", Lex::Modifier),
    ("نحو", Lex::Approximately),
    ("حوالي", Lex::Approximately),
    ("حوالى", Lex::Approximately),
    ("قرابة", Lex::Approximately),
    ("زهاء", Lex::Approximately),
    ("الساعة", Lex::Clock),
    ("هذا", Lex::This),
    ("هذه", Lex::This),
    ("كل", Lex::Each),
    ("منذ", Lex::Since),
    ("قبل", Lex::Shift(-1)),
    ("بعد", Lex::Shift(1)),
    ("من", Lex::Of),
];

/// Nouns of vague periods: with a relative word they make a vague
/// reference (`الوقت الحالي`, `الآونة الأخيرة`, `وقت سابق`).
const VAGUE_NOUNS: &[&str] = &[
    "وقت",
    "الوقت",
    "المرحلة",
    "الفترة",
    "الآونة",
    "الموسم",
    "الحقبة",
];

/// The time-word lexicon, folded, built once per pipeline.
#[derive(Debug)]
pub struct TimeLexicon {
    words: FxHashMap<String, Lex>,
}

impl Default for TimeLexicon {
    fn default() -> Self {
        TimeLexicon::new()
    }
}

impl TimeLexicon {
    pub fn new() -> TimeLexicon {
        let mut words = FxHashMap::default();
        let mut add = |word: &str, lex: Lex| {
            // The first class listed for a word wins: the order below puts the
            // readings that need the most context last.
            words.entry(fold_for_search(word)).or_insert(lex);
        };
        for &(name, calendar, month) in calendar::MONTH_NAMES {
            match name.split_once(' ') {
                None => add(name, Lex::Month(calendar, month)),
                Some((head, _)) => add(head, Lex::MonthHead),
            }
        }
        DAY_REFS.iter().for_each(|&(w, lex)| add(w, lex));
        WEEKDAYS.iter().for_each(|&(w, d)| add(w, Lex::Weekday(d)));
        EVERY.iter().for_each(|&(w, unit)| add(w, Lex::Every(unit)));
        UNITS
            .iter()
            .for_each(|&(w, unit, count)| add(w, Lex::Unit(unit, count)));
        NUMBERS.iter().for_each(|&(w, n)| add(w, Lex::Number(n)));
        ORDINALS.iter().for_each(|&(w, n)| add(w, Lex::Ordinal(n)));
        RELATIVES
            .iter()
            .for_each(|&(w, r)| add(w, Lex::Relative(r)));
        PARTS_OF_DAY
            .iter()
            .for_each(|&(w, p)| add(w, Lex::PartOfDay(p)));
        CLOCK_PARTS
            .iter()
            .for_each(|&(w, p)| add(w, Lex::ClockPart(p)));
        VAGUE.iter().for_each(|&(w, v)| add(w, Lex::Vague(v)));
        PERIODS
            .iter()
            .for_each(|&(w, unit)| add(w, Lex::Period(unit)));
        SEASONS.iter().for_each(|&(w, s)| add(w, Lex::Season(s)));
        DECADES.iter().for_each(|&(w, d)| add(w, Lex::Decade(d)));
        SINGLE.iter().for_each(|&(w, lex)| add(w, lex));
        VAGUE_NOUNS.iter().for_each(|&w| add(w, Lex::VagueNoun));
        TimeLexicon { words }
    }

    /// The class of a folded word.
    pub fn get(&self, folded: &str) -> Option<Lex> {
        self.words.get(folded).copied()
    }
}
