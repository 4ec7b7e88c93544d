//! Month names of every Arabic month-name system, and calendar arithmetic
//! shared by the dateline and the time annotator.

use crate::text::normalize::fold_for_search;

/// Month names of every system in normalized spelling: Egyptian/Gulf
/// transliterations, Levantine/Iraqi Syriac names (two words for كانون and
/// تشرين), Maghrebi names (French-derived in Tunisia and Algeria, Spanish- and
/// French-derived in Morocco), and the Hijri months. Matched after the search
/// folds, so `اغسطس`/`أغسطس` and `ذي القعدة`/`ذى القعدة` need one entry each
/// spelling that differs in more than alef, yeh or teh marbuta.
pub const MONTH_NAMES: &[(&str, Calendar, u8)] = &[
    ("يناير", Calendar::Gregorian, 1),
    ("جانفي", Calendar::Gregorian, 1),
    ("كانون الثاني", Calendar::Gregorian, 1),
    ("فبراير", Calendar::Gregorian, 2),
    ("فيفري", Calendar::Gregorian, 2),
    ("شباط", Calendar::Gregorian, 2),
    ("مارس", Calendar::Gregorian, 3),
    ("آذار", Calendar::Gregorian, 3),
    ("أبريل", Calendar::Gregorian, 4),
    ("أفريل", Calendar::Gregorian, 4),
    ("أيريل", Calendar::Gregorian, 4),
    ("نيسان", Calendar::Gregorian, 4),
    ("مايو", Calendar::Gregorian, 5),
    ("ماي", Calendar::Gregorian, 5),
    ("أيار", Calendar::Gregorian, 5),
    ("يونيو", Calendar::Gregorian, 6),
    ("يونيه", Calendar::Gregorian, 6),
    ("جوان", Calendar::Gregorian, 6),
    ("حزيران", Calendar::Gregorian, 6),
    ("يوليو", Calendar::Gregorian, 7),
    ("يوليه", Calendar::Gregorian, 7),
    ("يوليوز", Calendar::Gregorian, 7),
    ("جويلية", Calendar::Gregorian, 7),
    ("تموز", Calendar::Gregorian, 7),
    ("أغسطس", Calendar::Gregorian, 8),
    ("أوت", Calendar::Gregorian, 8),
    ("غشت", Calendar::Gregorian, 8),
    ("آب", Calendar::Gregorian, 8),
    ("سبتمبر", Calendar::Gregorian, 9),
    ("شتنبر", Calendar::Gregorian, 9),
    ("أيلول", Calendar::Gregorian, 9),
    ("أكتوبر", Calendar::Gregorian, 10),
    ("تشرين الأول", Calendar::Gregorian, 10),
    ("نوفمبر", Calendar::Gregorian, 11),
    ("نونبر", Calendar::Gregorian, 11),
    ("تشرين الثاني", Calendar::Gregorian, 11),
    ("ديسمبر", Calendar::Gregorian, 12),
    ("دجنبر", Calendar::Gregorian, 12),
    ("كانون الأول", Calendar::Gregorian, 12),
    ("محرم", Calendar::Hijri, 1),
    ("صفر", Calendar::Hijri, 2),
    ("ربيع الأول", Calendar::Hijri, 3),
    ("ربيع الثاني", Calendar::Hijri, 4),
    ("ربيع الآخر", Calendar::Hijri, 4),
    ("جمادى الأولى", Calendar::Hijri, 5),
    ("جمادى الآخرة", Calendar::Hijri, 6),
    ("جمادى الثانية", Calendar::Hijri, 6),
    ("رجب", Calendar::Hijri, 7),
    ("شعبان", Calendar::Hijri, 8),
    ("رمضان", Calendar::Hijri, 9),
    ("شوال", Calendar::Hijri, 10),
    ("ذو القعدة", Calendar::Hijri, 11),
    ("ذي القعدة", Calendar::Hijri, 11),
    ("ذو الحجة", Calendar::Hijri, 12),
    ("ذي الحجة", Calendar::Hijri, 12),
];

/// Which calendar a month name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// The month named by `words[0]` (and `words[1]` for two-word names), words
/// in normalized spelling: its calendar, number, and how many words it takes.
pub fn month_at(words: &[&str]) -> Option<(Calendar, u8, usize)> {
    let first = fold_for_search(words.first()?);
    let second = words.get(1).map(|w| fold_for_search(w)).unwrap_or_default();
    MONTH_NAMES.iter().find_map(|&(name, calendar, month)| {
        let name = fold_for_search(name);
        match name.split_once(' ') {
            None if name == first => Some((calendar, month, 1)),
            Some((head, tail)) if head == first && tail == second => Some((calendar, month, 2)),
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

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after the epoch, when it lies in years 1..=9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(i32::try_from(year).ok()?, month, day)
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((self.days_since_epoch() + 3).rem_euclid(7) + 1) as u8
    }

    /// ISO 8601 week: `(week-numbering year, week)`.
    pub fn iso_week(self) -> (i32, u8) {
        let thursday = self.add_days(4 - i64::from(self.weekday())).unwrap_or(self);
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.days_since_epoch() - jan1.days_since_epoch()) / 7 + 1;
        (thursday.year, week as u8)
    }

    /// The same day `months` later (or earlier), clamped to the month's end.
    pub fn add_months(self, months: i32) -> Option<Date> {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }
}

/// Converts a date of the Umm al-Qura Hijri calendar (Saudi Arabia's civil
/// calendar) to the Gregorian calendar; `None` for an impossible date
/// (day 30 of a 29-day month, year 0, month 13).
pub fn hijri_to_gregorian(year: i32, month: u8, day: u8) -> Option<Date> {
    use icu_calendar::cal::{Gregorian, Hijri};
    if !(1..=9666).contains(&year) {
        return None;
    }
    let hijri =
        icu_calendar::Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura())
            .ok()?;
    let gregorian = hijri.to_calendar(Gregorian);
    Date::new(
        gregorian.year().extended_year(),
        gregorian.month().ordinal,
        gregorian.day_of_month().0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_of_every_system() {
        type Case<'a> = (&'a [&'a str], Option<(Calendar, u8, usize)>);
        let cases: [Case; 8] = [
            (&["اغسطس"], Some((Calendar::Gregorian, 8, 1))),
            (&["آب"], Some((Calendar::Gregorian, 8, 1))),
            (&["أوت"], Some((Calendar::Gregorian, 8, 1))),
            (&["تشرين", "الأول"], Some((Calendar::Gregorian, 10, 2))),
            (&["شوال", "1436"], Some((Calendar::Hijri, 10, 1))),
            (&["ذو", "الحجة"], Some((Calendar::Hijri, 12, 2))),
            (&["ذى", "القعدة"], Some((Calendar::Hijri, 11, 2))),
            (&["تشرين"], None),
        ];
        for (words, expected) in cases {
            assert_eq!(month_at(words), expected, "{words:?}");
        }
    }

    #[test]
    fn day_arithmetic_weekdays_and_weeks() {
        let date = Date::new(2024, 12, 2).unwrap();
        assert_eq!(date.weekday(), 1, "2 December 2024 was a Monday");
        assert_eq!(date.iso_week(), (2024, 49));
        assert_eq!(Date::new(2015, 12, 31).unwrap().iso_week(), (2015, 53));
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(date.add_days(-40).unwrap().iso(), "2024-10-23");
        assert_eq!(
            Date::new(2024, 1, 31).unwrap().add_months(1).unwrap().iso(),
            "2024-02-29"
        );
        for days in [-719_162, -1, 0, 1, 19_000, 2_932_896] {
            let date = Date::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
    }

    #[test]
    fn umm_al_qura_dates() {
        assert_eq!(
            hijri_to_gregorian(1436, 10, 25).unwrap().iso(),
            "2015-08-10"
        );
        assert_eq!(
            hijri_to_gregorian(1436, 10, 26).unwrap().iso(),
            "2015-08-11"
        );
        assert_eq!(hijri_to_gregorian(1436, 11, 3).unwrap().iso(), "2015-08-18");
        assert_eq!(hijri_to_gregorian(0, 1, 1), None);
        assert_eq!(hijri_to_gregorian(1436, 13, 1), None);
        assert_eq!(hijri_to_gregorian(1436, 1, 31), None);
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
