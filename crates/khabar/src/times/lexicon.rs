//! The words of Arabic time expressions, each with its class. Keys are
//! written in ordinary spelling and stored in every spelling the search
//! folds merge (alef forms, ى/ي, ة/ه), so `الامس` and `الأمس` are one word.

use rustc_hash::FxHashMap;

use crate::calendar::{self, Calendar};
use crate::text::normalize::fold_for_search;
use crate::text::tokenize::{stem_shape, Tokenizer};

/// Every spelling that folds to `folded`: each ا may be written أ إ آ, each
/// ي as ى, each ه as ة. Keys are short, so the variants stay few.
fn spellings(folded: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in folded.chars() {
        let options: &[char] = match c {
            'ا' => &['ا', 'أ', 'إ', 'آ'],
            'ي' => &['ي', 'ى'],
            'ه' => &['ه', 'ة'],
            _ => &[],
        };
        if options.is_empty() {
            out.iter_mut().for_each(|s| s.push(c));
        } else {
            out = out
                .iter()
                .flat_map(|s| options.iter().map(move |o| format!("{s}{o}")))
                .collect();
        }
    }
    out
}

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

/// A TIMEX3 code a word stands for: a part of day, a season, a vague
/// reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Morning,
    Afternoon,
    Evening,
    Night,
    Summer,
    Winter,
    Spring,
    Fall,
    PastRef,
    PresentRef,
    FutureRef,
}

impl Code {
    /// The TIMEX3 spelling: `MO` (in `2015-08-11TMO`), `SU` (in `2017-SU`), `PAST_REF`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Morning => "MO",
            Code::Afternoon => "AF",
            Code::Evening => "EV",
            Code::Night => "NI",
            Code::Summer => "SU",
            Code::Winter => "WI",
            Code::Spring => "SP",
            Code::Fall => "FA",
            Code::PastRef => "PAST_REF",
            Code::PresentRef => "PRESENT_REF",
            Code::FutureRef => "FUTURE_REF",
        }
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
    /// `عشر`/`عشرة`: ten, or adds ten after a unit number or ordinal.
    Teen,
    /// `الماضي` -1, `المقبل` +1, `الجاري` 0.
    Relative(i8),
    /// `صباح`, `مساء` ... before a day: the TIMEX3 part of day.
    PartOfDay(Code),
    /// `صباحا`, `مساء`, `ليلا` after a clock time: hours to add in the afternoon.
    ClockPart(ClockPart),
    /// A word meaning "now", "recently" or "soon".
    Vague(Code),
    /// `يوميا`, `الشهرية`: a recurring set.
    Every(Unit),
    /// `الأسبوع`, `الشهر`, `العام`, `السنة`: a calendar period with the article.
    Period(Unit),
    /// `عام`, `سنة` before a year number.
    YearWord,
    /// `الصيف` ... with its TIMEX3 code.
    Season(Code),
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
    /// `نفس` before a vague period noun: `نفس الوقت`.
    Same,
    /// `الليلة`: tonight, or last night with `الماضية`.
    Tonight,
    /// `أكثر`, `أقل` (before `من`) ahead of a duration.
    Comparative,
    /// `عدة`, `بضعة`, `عشرات` before a plural unit: an unknown amount.
    VagueAmount,
}

impl Lex {
    /// Whether an expression can begin with a word of this class; `من`,
    /// `الماضي` and `صباحا` after a clock time only continue one.
    pub fn can_start(self) -> bool {
        !matches!(
            self,
            Lex::Of | Lex::Teen | Lex::Relative(_) | Lex::ClockPart(_)
        )
    }
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
    ("الغد", Lex::Vague(Code::FutureRef)),
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
    ("سنتين", Unit::Year, Count::Two),
    ("عاما", Unit::Year, Count::One),
    ("أعوام", Unit::Year, Count::Plural),
    ("عامين", Unit::Year, Count::Two),
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

const PARTS_OF_DAY: &[(&str, Code)] = &[
    ("صباح", Code::Morning),
    ("فجر", Code::Morning),
    ("ظهر", Code::Afternoon),
    ("ظهيرة", Code::Afternoon),
    ("عصر", Code::Afternoon),
    ("مساء", Code::Evening),
    ("ليل", Code::Night),
    ("ليلة", Code::Night),
];

const CLOCK_PARTS: &[(&str, ClockPart)] = &[
    ("صباحا", ClockPart::Morning),
    ("فجرا", ClockPart::Morning),
    ("ظهرا", ClockPart::Noon),
    ("عصرا", ClockPart::Evening),
    ("مساء", ClockPart::Evening),
    ("ليلا", ClockPart::Night),
];

const VAGUE: &[(&str, Code)] = &[
    ("الآن", Code::PresentRef),
    ("حاليا", Code::PresentRef),
    ("مؤخرا", Code::PastRef),
    ("سابقا", Code::PastRef),
    ("آنذاك", Code::PastRef),
    ("قريبا", Code::FutureRef),
    ("مستقبلا", Code::FutureRef),
    ("لاحقا", Code::FutureRef),
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

const SEASONS: &[(&str, Code)] = &[
    ("الصيف", Code::Summer),
    ("صيف", Code::Summer),
    ("صيفا", Code::Summer),
    ("الشتاء", Code::Winter),
    ("شتاء", Code::Winter),
    ("الربيع", Code::Spring),
    ("الخريف", Code::Fall),
    ("خريف", Code::Fall),
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
    ("نفس", Lex::Same),
    ("الليلة", Lex::Tonight),
    ("أكثر", Lex::Comparative),
    ("أقل", Lex::Comparative),
    ("عدة", Lex::VagueAmount),
    ("بضعة", Lex::VagueAmount),
    ("بضع", Lex::VagueAmount),
    ("عشرات", Lex::VagueAmount),
    ("أول", Lex::Ordinal(1)),
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
    /// The [`stem_shape`]s of every key's stem (as the tokenizer segments
    /// it), one bit each: a word whose shape is not here is no time word,
    /// and costs no string hashing.
    stems: Box<[u64; FILTER_WORDS]>,
}

const FILTER_WORDS: usize = (1 << 16) / 64;

impl TimeLexicon {
    pub fn new(tokenizer: &Tokenizer) -> TimeLexicon {
        let mut words = FxHashMap::default();
        let mut add = |word: &str, lex: Lex| {
            // The first class listed for a word wins: the order below puts the
            // readings that need the most context last. Every spelling is a key,
            // so lookups need no folding.
            for spelling in spellings(&fold_for_search(word)) {
                // `للغد` is ل + `الغد` with the article's alef dropped.
                if let Some(rest) = spelling.strip_prefix("ال") {
                    words.entry(format!("لل{rest}")).or_insert(lex);
                }
                // The tokenizer keeps short words whole (`لكل`, `وغد`), so
                // `كل` and `غد` carry their clitic spellings (not `آب`: `باب`).
                if matches!(lex, Lex::Each | Lex::Tomorrow) {
                    for clitic in ['و', 'ف', 'ب', 'ل', 'ك'] {
                        words.entry(format!("{clitic}{spelling}")).or_insert(lex);
                    }
                }
                words.entry(spelling).or_insert(lex);
            }
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
        // Units with the article (`الأيام`, `السنوات`), where the article does
        // not make another word of them (`اليوم`, `الساعة`, `العام` stay).
        for &(w, unit, count) in UNITS {
            if !w.starts_with("ال") {
                add(&format!("ال{w}"), Lex::Unit(unit, count));
            }
        }
        let mut stems = Box::new([0u64; FILTER_WORDS]);
        for key in words.keys() {
            let bit = usize::from(stem_shape(&key[tokenizer.stem_range(key)]));
            stems[bit / 64] |= 1 << (bit % 64);
        }
        TimeLexicon { words, stems }
    }

    /// Whether a word whose stem has this [`stem_shape`] may be a time
    /// word: false means it is not, whatever clitics it carries.
    pub fn may_contain(&self, shape: u16) -> bool {
        let bit = usize::from(shape);
        self.stems[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The class of a normalized word, in any alef, yeh or teh marbuta spelling.
    pub fn get(&self, word: &str) -> Option<Lex> {
        self.words.get(word).copied()
    }
}
