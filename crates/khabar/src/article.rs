//! The article as read, before any analysis, and its publication time.

use std::fmt;

use crate::calendar::Date;

/// An article as a reader hands it over. `text` is never modified.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawArticle {
    pub id: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<Published>,
    pub title: Option<String>,
    pub text: String,
}

/// A publication time: a civil date, a time of day when known, and a UTC
/// offset when known. Serialized as RFC 3339 (`2024-12-02T10:00:00+03:00`),
/// without the offset when the source gave none, or as a bare date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    pub date: Date,
    pub time: Option<(u8, u8, u8)>,
    pub offset_minutes: Option<i16>,
}

/// Why a publication time could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unrecognized publication time {0:?}: expected RFC 3339, RFC 2822, 'YYYY-MM-DD HH:MM:SS' or 'DD/MM/YYYY'")]
pub struct PublishedError(pub String);

const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Published {
    /// Reads the forms news sources use: RFC 3339 and ISO 8601 with a space
    /// (`2015-08-10 20:27:03`), RFC 2822 (`Fri, 12 Oct 2018 13:19:21 +0000`),
    /// a bare date, and the day-first `07/03/2017`.
    pub fn parse(input: &str) -> Result<Published, PublishedError> {
        let s = input.trim();
        parse_iso(s)
            .or_else(|| parse_rfc2822(s))
            .or_else(|| parse_day_first(s))
            .ok_or_else(|| PublishedError(input.to_string()))
    }
}

fn number<T: std::str::FromStr>(s: &str, digits: std::ops::RangeInclusive<usize>) -> Option<T> {
    (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_clock(s: &str) -> Option<(u8, u8, u8)> {
    let s = s.split('.').next()?; // fractional seconds are dropped
                                  // Extended `18:56:00` or basic `185600` form.
    let fields: Vec<&str> = if s.contains(':') {
        s.split(':').collect()
    } else {
        (0..s.len())
            .step_by(2)
            .filter_map(|i| s.get(i..i + 2))
            .collect()
    };
    let (h, m, sec): (u8, u8, u8) = match fields[..] {
        [h, m] => (number(h, 2..=2)?, number(m, 2..=2)?, 0),
        [h, m, sec] => (number(h, 2..=2)?, number(m, 2..=2)?, number(sec, 2..=2)?),
        _ => return None,
    };
    (h < 24 && m < 60 && sec < 61).then_some((h, m, sec))
}

/// `Z`, `+03:00`, `+0300`, `GMT`, `UTC`.
fn parse_offset(s: &str) -> Option<i16> {
    if matches!(s, "Z" | "z" | "GMT" | "UT" | "UTC") {
        return Some(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let h: i16 = number(digits.get(..2)?, 2..=2)?;
    let m: i16 = number(digits.get(2..)?, 2..=2)?;
    (h < 24 && m < 60).then_some(sign * (h * 60 + m))
}

fn parse_iso(s: &str) -> Option<Published> {
    let date_part = s.get(..10)?;
    let mut parts = date_part.split('-');
    let year = number(parts.next()?, 4..=4)?;
    let month = number(parts.next()?, 2..=2)?;
    let day = number(parts.next()?, 2..=2)?;
    let date = Date::new(year, month, day)?;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(Published {
            date,
            time: None,
            offset_minutes: None,
        });
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?.trim();
    let split = rest.find(['Z', 'z', '+', '-', ' ']).unwrap_or(rest.len());
    let time = parse_clock(&rest[..split])?;
    let offset_text = rest[split..].trim();
    let offset_minutes = match offset_text {
        "" => None,
        text => Some(parse_offset(text)?),
    };
    Some(Published {
        date,
        time: Some(time),
        offset_minutes,
    })
}

fn parse_rfc2822(s: &str) -> Option<Published> {
    let s = s.split_once(", ").map_or(s, |(_, rest)| rest);
    let mut words = s.split_whitespace();
    let day = number(words.next()?, 1..=2)?;
    let month_name = words.next()?;
    let month = MONTH_ABBREVIATIONS
        .iter()
        .position(|m| month_name.starts_with(m))? as u8
        + 1;
    let year = number(words.next()?, 4..=4)?;
    let date = Date::new(year, month, day)?;
    let time = match words.next() {
        Some(clock) => Some(parse_clock(clock)?),
        None => None,
    };
    let offset_minutes = match words.next() {
        Some(zone) => Some(parse_offset(zone)?),
        None => None,
    };
    words.next().is_none().then_some(Published {
        date,
        time,
        offset_minutes,
    })
}

fn parse_day_first(s: &str) -> Option<Published> {
    let mut parts = s.split('/');
    let day = number(parts.next()?, 1..=2)?;
    let month = number(parts.next()?, 1..=2)?;
    let year = number(parts.next()?, 4..=4)?;
    let date = Date::new(year, month, day)?;
    parts.next().is_none().then_some(Published {
        date,
        time: None,
        offset_minutes: None,
    })
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date.iso())?;
        let Some((h, m, s)) = self.time else {
            return Ok(());
        };
        write!(f, "T{h:02}:{m:02}:{s:02}")?;
        match self.offset_minutes {
            None => Ok(()),
            Some(offset) => {
                let sign = if offset < 0 { '-' } else { '+' };
                let abs = offset.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_publication_time_forms() {
        let cases = [
            ("2015-08-10 20:27:03", "2015-08-10T20:27:03"),
            (
                "Fri, 12 Oct 2018 13:19:21 +0000",
                "2018-10-12T13:19:21+00:00",
            ),
            ("Wed, 18 Apr 2018 01:01:23 GMT", "2018-04-18T01:01:23+00:00"),
            (
                "Sat, 10 Mar 2018 13:19:23 +0400",
                "2018-03-10T13:19:23+04:00",
            ),
            ("2017-03-03T16:00:00+01:00", "2017-03-03T16:00:00+01:00"),
            ("2024-12-02T10:00:00Z", "2024-12-02T10:00:00+00:00"),
            ("2024-12-02T10:00:00.123-05:30", "2024-12-02T10:00:00-05:30"),
            ("2024-12-02", "2024-12-02"),
            ("07/03/2017", "2017-03-07"),
            ("2017-01-22T185600", "2017-01-22T18:56:00"),
        ];
        for (input, expected) in cases {
            let parsed = Published::parse(input).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed.to_string(), expected, "{input}");
        }
    }

    #[test]
    fn bad_times_are_errors() {
        for input in [
            "",
            "yesterday",
            "2015-02-30",
            "32/01/2017",
            "2015-08-10 25:00:00",
            "Fri, 12 Foo 2018",
        ] {
            assert!(Published::parse(input).is_err(), "{input}");
        }
    }
}
