//! Times in a scenario: clock times (`"HH:MM"`, `"HH:MM:SS"`, ISO date-times counted from the
//! earliest date), durations (`"1h30m"`, `"90s"`…), and how the export writes a point in time.

use super::checks::in_range;
use super::schema::TimeValue;
use super::MAX_TIME;
use crate::problem::TimeWindow;
use crate::units::{clock_exact, from_ticks, Time, HORIZON};

const DAY: f64 = 86_400.0;

/// Times in a scenario: seconds (with dates counted from the earliest) or planar units.
pub(crate) struct Clock {
    pub planar: bool,
    pub first_day: Option<jiff::civil::Date>,
}

impl Clock {
    /// A point in time, in ticks.
    pub fn at(&self, value: &TimeValue) -> Result<Time, String> {
        let seconds = match value {
            TimeValue::Number(n) => *n,
            TimeValue::Text(_) if self.planar => return Err(planar_text()),
            TimeValue::Text(text) => self.clock_text(text)?,
        };
        in_range(seconds, MAX_TIME, "a time")
    }

    /// A duration, in ticks.
    pub fn duration(&self, value: &TimeValue) -> Result<Time, String> {
        let seconds = match value {
            TimeValue::Number(n) => *n,
            TimeValue::Text(_) if self.planar => return Err(planar_text()),
            TimeValue::Text(text) => parse_duration(text).ok_or_else(|| {
                format!(
                    "{text:?} is not a duration: use seconds, \"HH:MM\", \"HH:MM:SS\" or \"1h30m\", \"30m\", \"90s\""
                )
            })?,
        };
        in_range(seconds, MAX_TIME, "a duration")
    }

    fn clock_text(&self, text: &str) -> Result<f64, String> {
        if let Some(seconds) = parse_hms(text) {
            return Ok(seconds);
        }
        let (date, seconds) = parse_date_time(text).ok_or_else(|| {
            format!("{text:?} is not a time: use seconds, \"HH:MM\", \"HH:MM:SS\" or \"2026-11-24T09:00\"")
        })?;
        let days = match self.first_day {
            Some(first) => first.until(date).map_err(|e| e.to_string())?.get_days(),
            None => 0,
        };
        Ok(f64::from(days) * DAY + seconds)
    }

    /// `[start, end]` with open ends for `null`.
    pub fn window(&self, window: &[Option<TimeValue>]) -> Result<TimeWindow, String> {
        let [start, end] = window else {
            return Err(format!("a window is [start, end], found {} values", window.len()));
        };
        let start = start.as_ref().map(|t| self.at(t)).transpose()?.unwrap_or(0);
        let end = end.as_ref().map(|t| self.at(t)).transpose()?.unwrap_or(HORIZON);
        if end < start {
            return Err(format!("ends ({}) before it starts ({})", show_time(end), show_time(start)));
        }
        Ok(TimeWindow::new(start, end))
    }
}

fn planar_text() -> String {
    "planar scenarios take plain numbers for times and durations".to_string()
}

pub(crate) fn show_time(ticks: Time) -> String {
    if ticks >= HORIZON {
        "open".to_string()
    } else {
        format!("{}", from_ticks(ticks))
    }
}

/// `H:MM`, `HH:MM` or `HH:MM:SS[.fraction]` (hours may pass 24), in seconds.
pub(crate) fn parse_hms(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
    if !(digits(hours) && hours.len() <= 6 && digits(minutes) && minutes.len() == 2 && digits(whole))
        || whole.len() > 2
        || !digits(fraction)
    {
        return None;
    }
    let (h, m, s): (f64, f64, f64) = (hours.parse().ok()?, minutes.parse().ok()?, seconds.parse().ok()?);
    (m < 60.0 && s < 60.0).then_some(h * 3600.0 + m * 60.0 + s)
}

/// `"1h30m"`, `"30m"`, `"90s"`, `"1.5h"`, `"HH:MM[:SS]"` or a plain number, in seconds.
pub(crate) fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.contains(':') {
        return parse_hms(text);
    }
    if let Ok(seconds) = text.parse::<f64>() {
        return Some(seconds);
    }
    let mut total = 0.0;
    let mut rest = text;
    let mut last_unit = 0;
    while !rest.is_empty() {
        let split = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (number, tail) = rest.split_at(split);
        let unit = tail.chars().next()?;
        let (rank, factor) = match unit {
            'h' => (1, 3600.0),
            'm' => (2, 60.0),
            's' => (3, 1.0),
            _ => return None,
        };
        if number.is_empty() || rank <= last_unit {
            return None;
        }
        total += number.parse::<f64>().ok()? * factor;
        last_unit = rank;
        rest = tail[1..].trim_start();
    }
    (last_unit > 0).then_some(total)
}

/// The calendar day `days` after 1970-01-01.
pub(crate) fn unix_day(days: i64) -> Option<jiff::civil::Date> {
    jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// The days from 1970-01-01 to `date`.
pub(crate) fn unix_days(date: jiff::civil::Date) -> Option<i64> {
    jiff::civil::date(1970, 1, 1).until(date).ok().map(|span| i64::from(span.get_days()))
}

/// An ISO date-time: its date and the seconds of its clock time (offset ignored).
pub(crate) fn parse_date_time(text: &str) -> Option<(jiff::civil::Date, f64)> {
    let text = text.trim();
    // Only text that starts like a date: jiff also reads other forms we do not promise.
    let b = text.as_bytes();
    if b.len() < 10 || !(b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-') {
        return None;
    }
    let dt: jiff::civil::DateTime = text.parse().ok()?;
    let seconds = f64::from(dt.hour()) * 3600.0
        + f64::from(dt.minute()) * 60.0
        + f64::from(dt.second())
        + f64::from(dt.subsec_nanosecond()) / 1e9;
    Some((dt.date(), seconds))
}

/// A point in time as the scenario writes it: `"HH:MM:SS"` (hours may pass 24; with the fraction
/// of a second when there is one), or an ISO date-time counted from `day0` when the problem has a
/// calendar (planar: a number).
pub(crate) fn write_time(t: Time, planar: bool, day0: Option<jiff::civil::Date>) -> TimeValue {
    if planar || t < 0 {
        return TimeValue::Number(from_ticks(t));
    }
    let days = t / (86_400 * 1_000_000);
    let date = day0.and_then(|d| d.checked_add(jiff::Span::new().try_days(days).ok()?).ok());
    TimeValue::Text(match date {
        Some(date) => format!("{date}T{}", clock_exact(t - days * 86_400 * 1_000_000)),
        None => clock_exact(t),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::to_ticks;

    fn at(s: &str) -> Time {
        Clock { planar: false, first_day: None }.at(&TimeValue::Text(s.to_string())).unwrap()
    }

    #[test]
    fn reads_clock_times_and_durations() {
        assert_eq!(at("09:30"), to_ticks(9.5 * 3600.0));
        assert_eq!(at("25:00:30"), to_ticks(25.0 * 3600.0 + 30.0));
        assert_eq!(at("2026-11-24T09:00"), to_ticks(9.0 * 3600.0));
        assert_eq!(at("2026-11-24T09:00:00+01:00"), to_ticks(9.0 * 3600.0));
        let day = jiff::civil::date(2026, 11, 24);
        let clock = Clock { planar: false, first_day: Some(day) };
        assert_eq!(clock.at(&TimeValue::Text("2026-11-25T01:00".into())), Ok(to_ticks(25.0 * 3600.0)));
        for bad in ["9h", "09:60", "1:2", "2026-13-01T00:00", "-01:00", "tomorrow"] {
            assert!(Clock { planar: false, first_day: None }.at(&TimeValue::Text(bad.into())).is_err(), "{bad}");
        }
        assert_eq!(parse_duration("1h30m"), Some(5400.0));
        assert_eq!(parse_duration("30m"), Some(1800.0));
        assert_eq!(parse_duration("90s"), Some(90.0));
        assert_eq!(parse_duration("1h"), Some(3600.0));
        assert_eq!(parse_duration("00:05"), Some(300.0));
        assert_eq!(parse_duration("1h 15m 10s"), Some(4510.0));
        for bad in ["30x", "m", "30m1h", "1h1h", ""] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        let planar = Clock { planar: true, first_day: None };
        assert!(planar.duration(&TimeValue::Text("5m".into())).is_err());
        assert!(Clock { planar: false, first_day: None }.at(&TimeValue::Number(-1.0)).is_err());
    }

    #[test]
    fn a_calendar_goes_out_as_dates() {
        let day0 = jiff::civil::date(2020, 9, 18);
        assert_eq!(unix_days(day0), Some(18_523));
        assert_eq!(unix_day(18_523), Some(day0));
        let next_morning = to_ticks(86_400.0 + 8.0 * 3600.0 + 30.0);
        assert_eq!(write_time(next_morning, false, Some(day0)), TimeValue::Text("2020-09-19T08:00:30".into()));
        assert_eq!(write_time(next_morning, false, None), TimeValue::Text("32:00:30".into()));
    }

    #[test]
    fn fractions_of_a_second_are_kept() {
        assert_eq!(write_time(to_ticks(3600.0 * 26.0 + 61.5), false, None), TimeValue::Text("26:01:01.500000".into()));
    }
}
