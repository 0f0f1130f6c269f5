//! Dates and times of announcements, as written: a calendar day, a time on a 24-hour
//! clock, an IANA zone name. No time zone database here: the browser (`Intl`) knows the
//! zones, so the server checks a zone's spelling, and the upcoming rule needs no offset.

use crate::UnixMillis;

/// A day of the Gregorian calendar that exists, between the years 1900 and 2999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

const DAY_MS: i64 = 86_400_000;

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Digits only, exactly `len` of them.
fn digits(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl CivilDate {
    /// `YYYY-MM-DD`, a day that exists.
    pub fn parse(s: &str) -> Option<CivilDate> {
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let (year, month, day) = (digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?);
        ((1900..=2999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day))
        .then_some(CivilDate { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> CivilDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    /// The day after.
    pub fn next(self) -> CivilDate {
        if self.day < days_in_month(self.year, self.month) {
            CivilDate {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            CivilDate {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            CivilDate {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }
}

impl std::fmt::Display for CivilDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A time of day, `HH:MM` from 00:00 to 23:59.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay {
    pub hour: u32,
    pub minute: u32,
}

impl TimeOfDay {
    pub fn parse(s: &str) -> Option<TimeOfDay> {
        let (h, m) = s.split_once(':')?;
        let (hour, minute) = (digits(h, 2)?, digits(m, 2)?);
        (hour < 24 && minute < 60).then_some(TimeOfDay { hour, minute })
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// Spelled like an IANA zone: `UTC`, or `Area/Location` (`America/Argentina/Buenos_Aires`),
/// at most 64 characters. Whether the zone exists is the browser's to know.
pub fn valid_time_zone(s: &str) -> bool {
    if s == "UTC" {
        return true;
    }
    let parts: Vec<&str> = s.split('/').collect();
    s.len() <= 64
        && (2..=3).contains(&parts.len())
        && parts.iter().all(|p| {
            p.len() <= 30
                && p.starts_with(|c: char| c.is_ascii_uppercase())
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// Whether something on `date` (at `time`, else all day) is still ahead somewhere on
/// earth at `now`: its local end (the time, or the end of the day) read as UTC, plus the
/// 12 hours of the westernmost zone (UTC−12), is after `now`.
pub fn still_ahead(date: CivilDate, time: Option<TimeOfDay>, now: UnixMillis) -> bool {
    local_millis(date, time) + 12 * 3_600_000 > now
}

/// The local wall-clock time as if it were UTC: the time, or the day's end when there is
/// none. Orders upcoming items.
pub fn local_millis(date: CivilDate, time: Option<TimeOfDay>) -> i64 {
    let day = date.days_since_epoch() * DAY_MS;
    match time {
        Some(t) => day + i64::from(t.hour * 60 + t.minute) * 60_000,
        None => day + DAY_MS,
    }
}
