//! Month names of every Arabic month-name system, and calendar arithmetic
//! shared by the dateline and the time annotator.

/// Gregorian month names: Egyptian/Gulf transliterations, Levantine/Iraqi
/// Syriac names and Maghrebi (French-derived) names, in normalized spelling.
/// Two-word Levantine names are matched as word pairs by [`month_at`].
const GREGORIAN_MONTHS: [(&str, u8); 44] = [
    ("يناير", 1),
    ("جانفي", 1),
    ("فبراير", 2),
    ("فيفري", 2),
    ("مارس", 3),
    ("آذار", 3),
    ("اذار", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("ابريل", 4),
    ("أفريل", 4),
    ("افريل", 4),
    ("نيسان", 4),
    ("مايو", 5),
    ("ماي", 5),
    ("أيار", 5),
    ("ايار", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("جوان", 6),
    ("حزيران", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("جويلية", 7),
    ("تموز", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("أوت", 8),
    ("اوت", 8),
    ("آب", 8),
    ("سبتمبر", 9),
    ("أيلول", 9),
    ("ايلول", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("نونبر", 11),
    ("ديسمبر", 12),
    ("دجنبر", 12),
    ("شباط", 2),
    ("أغشت", 8),
    ("غشت", 8),
    ("يوليوز", 7),
    ("شتنبر", 9),
];

/// Levantine names made of a word and an ordinal: كانون الثاني, تشرين الأول ...
const PAIRED_MONTHS: [(&str, &str, u8); 4] = [
    ("كانون", "الثاني", 1),
    ("كانون", "الأول", 12),
    ("تشرين", "الأول", 10),
    ("تشرين", "الثاني", 11),
];

const HIJRI_MONTHS: [(&str, u8); 16] = [
    ("محرم", 1),
    ("صفر", 2),
    ("ربيع الأول", 3),
    ("ربيع الاول", 3),
    ("ربيع الثاني", 4),
    ("ربيع الآخر", 4),
    ("جمادى الأولى", 5),
    ("جمادى الاولى", 5),
    ("جمادى الآخرة", 6),
    ("جمادى الثانية", 6),
    ("رجب", 7),
    ("شعبان", 8),
    ("رمضان", 9),
    ("شوال", 10),
    ("ذو القعدة", 11),
    ("ذو الحجة", 12),
];

/// Which calendar a month name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// The month named by `words[0]` (and `words[1]` for two-word names):
/// its calendar, number, and how many words it takes.
pub fn month_at(words: &[&str]) -> Option<(Calendar, u8, usize)> {
    let first = *words.first()?;
    let second = words.get(1).copied().unwrap_or("");
    if let Some(&(_, _, m)) = PAIRED_MONTHS
        .iter()
        .find(|(a, b, _)| *a == first && *b == second)
    {
        return Some((Calendar::Gregorian, m, 2));
    }
    if let Some(&(_, m)) = GREGORIAN_MONTHS.iter().find(|(name, _)| *name == first) {
        return Some((Calendar::Gregorian, m, 1));
    }
    HIJRI_MONTHS.iter().find_map(|&(name, m)| {
        let mut parts = name.split(' ');
        let head = parts.next()?;
        match parts.next() {
            None if head == first => Some((Calendar::Hijri, m, 1)),
            Some(tail) if head == first && tail == second => Some((Calendar::Hijri, m, 2)),
            _ => None,
        }
    })
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// A valid proleptic Gregorian calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, or `None` for an impossible one (`32 شباط`, month 13, year 0 or past 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_of_every_system() {
        type Case<'a> = (&'a [&'a str], Option<(Calendar, u8, usize)>);
        let cases: [Case; 7] = [
            (&["اغسطس"], Some((Calendar::Gregorian, 8, 1))),
            (&["آب"], Some((Calendar::Gregorian, 8, 1))),
            (&["أوت"], Some((Calendar::Gregorian, 8, 1))),
            (&["تشرين", "الأول"], Some((Calendar::Gregorian, 10, 2))),
            (&["شوال", "1436"], Some((Calendar::Hijri, 10, 1))),
            (&["ذو", "الحجة"], Some((Calendar::Hijri, 12, 2))),
            (&["تشرين"], None),
        ];
        for (words, expected) in cases {
            assert_eq!(month_at(words), expected, "{words:?}");
        }
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2023, 2, 32).is_none());
        assert!(Date::new(99999, 1, 1).is_none());
        assert!(Date::new(0, 1, 1).is_none());
    }
}
