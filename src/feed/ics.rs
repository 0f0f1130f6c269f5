//! An "add to calendar" file for a dated announcement, made in the browser: iCalendar
//! (RFC 5545) with CRLF line ends, escaped text values and lines folded at 75 octets.
//! A time in a named zone is written in UTC (the zone's offset comes from the browser's
//! `Intl`), so no VTIMEZONE is needed; a time without a zone is floating (local wherever
//! the calendar is); a day without a time is an all-day event.

use hevruta_model::feed::{CivilDate, TimeOfDay};

/// When the event starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// All day on that day.
    AllDay(CivilDate),
    /// At that instant (milliseconds since the epoch, UTC).
    Utc(i64),
    /// At that wall-clock time wherever the reader is.
    Floating(CivilDate, TimeOfDay),
}

/// One event of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalEvent {
    pub uid: String,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub start: Start,
    /// When the file is made (UTC millis): `DTSTAMP`.
    pub stamp: i64,
}

/// How long a timed event lasts in the file: an hour (the feed does not say).
const HOUR_MS: i64 = 3_600_000;

/// Escapes a TEXT value: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (never inside a UTF-8 character), each piece
/// ending in CRLF and each continuation starting with a space (§3.1).
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; continuations 74 after their leading space.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn utc_stamp(ms: i64) -> String {
    let day = CivilDate::from_days_since_epoch(ms.div_euclid(86_400_000));
    let secs = ms.rem_euclid(86_400_000) / 1000;
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        day.year,
        day.month,
        day.day,
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn date_value(d: CivilDate) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

impl CalEvent {
    /// The whole `.ics` file.
    pub fn to_ics(&self) -> String {
        let mut lines = vec![
            "BEGIN:VCALENDAR".to_owned(),
            "VERSION:2.0".to_owned(),
            "PRODID:-//Hevruta//Updates feed//EN".to_owned(),
            "CALSCALE:GREGORIAN".to_owned(),
            "METHOD:PUBLISH".to_owned(),
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}", escape(&self.uid)),
            format!("DTSTAMP:{}", utc_stamp(self.stamp)),
        ];
        match self.start {
            Start::AllDay(d) => {
                lines.push(format!("DTSTART;VALUE=DATE:{}", date_value(d)));
                lines.push(format!("DTEND;VALUE=DATE:{}", date_value(d.next())));
            }
            Start::Utc(ms) => {
                lines.push(format!("DTSTART:{}", utc_stamp(ms)));
                lines.push(format!("DTEND:{}", utc_stamp(ms + HOUR_MS)));
            }
            Start::Floating(d, t) => {
                lines.push(format!(
                    "DTSTART:{}T{:02}{:02}00",
                    date_value(d),
                    t.hour,
                    t.minute
                ));
                lines.push("DURATION:PT1H".to_owned());
            }
        }
        lines.push(format!("SUMMARY:{}", escape(&self.summary)));
        lines.push(format!("DESCRIPTION:{}", escape(&self.description)));
        if let Some(l) = &self.location {
            lines.push(format!("LOCATION:{}", escape(l)));
        }
        if let Some(u) = &self.url {
            // URL is a URI value, not TEXT: not escaped.
            lines.push(format!("URL:{u}"));
        }
        lines.push("END:VEVENT".to_owned());
        lines.push("END:VCALENDAR".to_owned());
        lines.iter().map(|l| fold(l)).collect()
    }
}

/// The UTC instant of a wall-clock time in a zone whose offset from UTC at an instant is
/// `offset_at` (milliseconds, east positive). Two rounds find it across a DST change.
pub fn utc_of(local_as_utc: i64, offset_at: impl Fn(i64) -> i64) -> i64 {
    let guess = local_as_utc - offset_at(local_as_utc);
    local_as_utc - offset_at(guess)
}

/// The summary: the text's first line, at most 80 characters.
pub fn summary_of(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let mut s: String = first.chars().take(80).collect();
    if first.chars().count() > 80 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> CivilDate {
        CivilDate::parse(s).unwrap()
    }

    fn event(start: Start) -> CalEvent {
        CalEvent {
            uid: "0193@hevruta".into(),
            summary: "Trip; Espoo, library\\makerspace".into(),
            description: "Meet at 9\nbring water".into(),
            location: Some("Espoo station".into()),
            url: Some("https://example.org/a,b".into()),
            start,
            stamp: 1_764_583_200_000,
        }
    }

    #[test]
    fn lines_end_in_crlf_and_text_is_escaped() {
        let ics = event(Start::AllDay(day("2026-05-14"))).to_ics();
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare LF");
        assert!(ics.contains("SUMMARY:Trip\\; Espoo\\, library\\\\makerspace\r\n"));
        assert!(ics.contains("DESCRIPTION:Meet at 9\\nbring water\r\n"));
        assert!(
            ics.contains("URL:https://example.org/a,b\r\n"),
            "a URI is not TEXT"
        );
        assert!(ics.contains("DTSTAMP:20251201T100000Z\r\n"));
    }

    #[test]
    fn an_all_day_event_ends_the_next_day() {
        let ics = event(Start::AllDay(day("2026-12-31"))).to_ics();
        assert!(ics.contains("DTSTART;VALUE=DATE:20261231\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20270101\r\n"));
    }

    #[test]
    fn a_zoned_time_is_written_in_utc_and_a_plain_one_floats() {
        // 14 May 2026 09:30 in Helsinki (UTC+3 in summer) is 06:30 UTC.
        let local = day("2026-05-14").days_since_epoch() * 86_400_000 + (9 * 60 + 30) * 60_000;
        let utc = utc_of(local, |_| 3 * HOUR_MS);
        let ics = event(Start::Utc(utc)).to_ics();
        assert!(ics.contains("DTSTART:20260514T063000Z\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20260514T073000Z\r\n"));
        let ics = event(Start::Floating(
            day("2026-05-14"),
            TimeOfDay::parse("09:30").unwrap(),
        ))
        .to_ics();
        assert!(ics.contains("DTSTART:20260514T093000\r\n"));
    }

    #[test]
    fn the_offset_is_found_across_a_daylight_saving_change() {
        // A zone at +2 before `change` and +3 after it (a spring-forward at 01:00 UTC).
        let change = 1_000 * HOUR_MS;
        let offset = |t: i64| if t < change { 2 * HOUR_MS } else { 3 * HOUR_MS };
        let local_after = change + 5 * HOUR_MS;
        assert_eq!(utc_of(local_after, offset), change + 2 * HOUR_MS);
        let local_before = change - 5 * HOUR_MS;
        assert_eq!(utc_of(local_before, offset), change - 7 * HOUR_MS);
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let hebrew = "טיול לימודי לספרייה של אספו ".repeat(6);
        let mut e = event(Start::AllDay(day("2026-05-14")));
        e.description = hebrew.clone();
        let ics = e.to_ics();
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("DESCRIPTION:{hebrew}")));
        assert_eq!(fold(&"a".repeat(75)), format!("{}\r\n", "a".repeat(75)));
        assert_eq!(
            fold(&"a".repeat(76)),
            format!("{}\r\n a\r\n", "a".repeat(75))
        );
    }
}
