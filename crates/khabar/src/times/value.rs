//! TIMEX3 values: resolving relative expressions against a date, and
//! writing durations.

use crate::calendar::{hijri_to_gregorian, Date};
use crate::times::lexicon::{ClockPart, Unit};

/// The vague reference for a direction: past, present, future.
pub fn relative_ref(direction: i8) -> &'static str {
    match direction.signum() {
        -1 => "PAST_REF",
        0 => "PRESENT_REF",
        _ => "FUTURE_REF",
    }
}

/// The day a weekday names: with `الماضي` the last one strictly before
/// `today`, with `المقبل` the next one strictly after, alone the most
/// recent one on or before `today` (news reports what happened).
pub fn weekday_near(today: Date, weekday: u8, relative: Option<i8>) -> Date {
    let today_weekday = i64::from(today.weekday());
    let weekday = i64::from(weekday);
    let offset = match relative {
        Some(1) => {
            let ahead = (weekday - today_weekday).rem_euclid(7);
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        Some(-1) => {
            let back = (today_weekday - weekday).rem_euclid(7);
            -(if back == 0 { 7 } else { back })
        }
        _ => -(today_weekday - weekday).rem_euclid(7),
    };
    today.add_days(offset).unwrap_or(today)
}

/// The day with `weekday` nearest to `day` (within three days either way).
pub fn weekday_nearest(day: Date, weekday: u8) -> Date {
    let forward = (i64::from(weekday) - i64::from(day.weekday())).rem_euclid(7);
    let offset = if forward > 3 { forward - 7 } else { forward };
    day.add_days(offset).unwrap_or(day)
}

/// A Gregorian date from a month name: `YYYY-MM-DD` or `YYYY-MM`. Without
/// a year, `الماضي` takes the last such date before today, `المقبل` the
/// next one, and no word (or `الجاري`) today's year; without today, the year
/// stays `XXXX`.
pub fn month_date(
    today: Option<Date>,
    year: Option<i32>,
    month: u8,
    day: Option<u8>,
    relative: Option<i8>,
) -> Option<String> {
    let year = match (year, today) {
        (Some(year), _) => Some(year),
        (None, None) => None,
        (None, Some(today)) => {
            let here = (month, day.unwrap_or(1));
            let now = (today.month, if day.is_some() { today.day } else { 1 });
            Some(match relative {
                Some(-1) if here >= now => today.year - 1,
                Some(1) if here <= now => today.year + 1,
                _ => today.year,
            })
        }
    };
    match (year, day) {
        (Some(year), Some(day)) => Date::new(year, month, day).map(Date::iso),
        (Some(year), None) => (1..=9999)
            .contains(&year)
            .then(|| format!("{year:04}-{month:02}")),
        (None, Some(day)) => {
            Date::new(2000, month, day).map(|_| format!("XXXX-{month:02}-{day:02}"))
        }
        (None, None) => Some(format!("XXXX-{month:02}")),
    }
}

/// The calendar period `relative` periods away from `today`'s.
pub fn period(today: Date, unit: Unit, relative: i8) -> Option<String> {
    shifted(today, i64::from(relative), unit)
}

/// The date `amount` units away from `today`, written at the unit's
/// granularity: a day, an ISO week, a month, a year, a decade.
pub fn shifted(today: Date, amount: i64, unit: Unit) -> Option<String> {
    Some(match unit {
        Unit::Minute | Unit::Hour | Unit::Day => {
            let days = if unit == Unit::Day { amount } else { 0 };
            today.add_days(days)?.iso()
        }
        Unit::Week => {
            let (year, week) = today.add_days(amount * 7)?.iso_week();
            format!("{year:04}-W{week:02}")
        }
        Unit::Month => {
            let date = today.add_months(i32::try_from(amount).ok()?)?;
            format!("{:04}-{:02}", date.year, date.month)
        }
        Unit::Year | Unit::Decade | Unit::Century => {
            let years = match unit {
                Unit::Year => amount,
                Unit::Decade => amount * 10,
                _ => amount * 100,
            };
            let year = i64::from(today.year) + years;
            if !(1..=9999).contains(&year) {
                return None;
            }
            match unit {
                Unit::Year => format!("{year:04}"),
                Unit::Decade => format!("{:03}", year / 10),
                _ => format!("{:02}", year / 100),
            }
        }
    })
}

/// `P3D`, `PT2H`, `P1W`.
pub fn duration(amount: u32, unit: Unit) -> String {
    durations(&[(Some(amount), unit)])
}

/// A duration of several parts, `X` for an unknown amount: `P3Y1M`, `PXD`.
pub fn durations(parts: &[(Option<u32>, Unit)]) -> String {
    let mut date = String::new();
    let mut time = String::new();
    for &(amount, unit) in parts {
        let target = if unit.is_clock() {
            &mut time
        } else {
            &mut date
        };
        match amount {
            Some(n) => target.push_str(&n.to_string()),
            None => target.push('X'),
        }
        target.push_str(unit.designator());
    }
    if time.is_empty() {
        format!("P{date}")
    } else {
        format!("P{date}T{time}")
    }
}

/// The Gregorian year a Hijri year mostly falls in (its middle).
pub fn hijri_year(year: i32) -> Option<i32> {
    hijri_to_gregorian(year, 6, 15).map(|d| d.year)
}

/// The 24-hour hour of a clock time with its part of day.
pub fn clock_hour(hour: u32, part: Option<ClockPart>) -> Option<u32> {
    if hour > 24 {
        return None;
    }
    Some(match part {
        Some(ClockPart::Noon) if hour < 6 => hour + 12,
        Some(ClockPart::Evening) if hour < 12 => hour + 12,
        Some(ClockPart::Night) if (6..12).contains(&hour) => hour + 12,
        _ => hour % 24,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        let parts: Vec<u32> = s.split('-').map(|p| p.parse().unwrap()).collect();
        Date::new(parts[0] as i32, parts[1] as u8, parts[2] as u8).unwrap()
    }

    #[test]
    fn weekdays_resolve_to_the_nearest_sensible_day() {
        let thursday = date("2018-07-12");
        assert_eq!(weekday_near(thursday, 4, None).iso(), "2018-07-12");
        assert_eq!(weekday_near(thursday, 3, None).iso(), "2018-07-11");
        assert_eq!(weekday_near(thursday, 5, None).iso(), "2018-07-06");
        assert_eq!(weekday_near(thursday, 4, Some(1)).iso(), "2018-07-19");
        assert_eq!(weekday_near(thursday, 6, Some(-1)).iso(), "2018-07-07");
    }

    #[test]
    fn month_dates_without_a_year() {
        let today = Some(date("2024-12-02"));
        assert_eq!(
            month_date(today, None, 10, Some(23), Some(-1)).unwrap(),
            "2024-10-23"
        );
        assert_eq!(
            month_date(today, None, 12, Some(23), Some(-1)).unwrap(),
            "2023-12-23"
        );
        assert_eq!(
            month_date(today, None, 1, None, Some(1)).unwrap(),
            "2025-01"
        );
        assert_eq!(
            month_date(None, None, 9, Some(9), None).unwrap(),
            "XXXX-09-09"
        );
        assert_eq!(month_date(today, Some(2016), 2, Some(30), None), None);
    }

    #[test]
    fn periods_and_durations() {
        let today = date("2024-12-02");
        assert_eq!(period(today, Unit::Week, 0).unwrap(), "2024-W49");
        assert_eq!(period(today, Unit::Month, 1).unwrap(), "2025-01");
        assert_eq!(period(today, Unit::Year, -1).unwrap(), "2023");
        assert_eq!(shifted(today, -95, Unit::Year).unwrap(), "1929");
        assert_eq!(
            durations(&[(Some(3), Unit::Year), (Some(1), Unit::Month)]),
            "P3Y1M"
        );
        assert_eq!(durations(&[(None, Unit::Hour)]), "PTXH");
        assert_eq!(duration(2, Unit::Week), "P2W");
    }
}
