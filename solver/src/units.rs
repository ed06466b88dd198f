//! Integer units used in the hot loops.
//!
//! Times and distances are stored as integers in millionths of the input's unit (a second or a
//! metre for real-world scenarios; the abstract unit of benchmark files, where travel time equals
//! distance). Rounding each arc to 1e-6 keeps a 1,000-stop route within 1e-3 of the exact value,
//! far below what the benchmark tables report, while every comparison stays exact.

/// A point in time or a duration, in millionths of a second (or of a benchmark time unit).
pub type Time = i64;
/// A distance, in millionths of a metre (or of a benchmark distance unit).
pub type Dist = i64;
/// A load in one capacity dimension (kg, litres, parcels ... whole units as the input gives them,
/// scaled by [`LOAD_SCALE`] so fractional demands survive).
pub type Load = i64;

/// Ticks per input unit for [`Time`] and [`Dist`].
pub const SCALE: f64 = 1_000_000.0;
/// Ticks per input unit for [`Load`].
pub const LOAD_SCALE: f64 = 1_000.0;

/// Converts an input value (seconds, metres, benchmark units) to engine ticks.
pub fn to_ticks(value: f64) -> i64 {
    (value * SCALE).round() as i64
}

/// Converts engine ticks back to the input unit.
pub fn from_ticks(ticks: i64) -> f64 {
    ticks as f64 / SCALE
}

/// Converts an input load to engine load units.
pub fn to_load(value: f64) -> Load {
    (value * LOAD_SCALE).round() as Load
}

/// Converts engine load units back to the input unit.
pub fn from_load(load: Load) -> f64 {
    load as f64 / LOAD_SCALE
}

/// Money, in millionths of the currency unit (for benchmark files, where the only cost is
/// distance, one cost tick per distance tick).
pub type Cost = i64;

/// The travel time and distance of a leg no vehicle can drive (an OSRM `null`). Larger than any
/// time window or shift end, so a route using it is never feasible, yet small enough that sums of
/// a few thousand of them cannot overflow.
pub const UNREACHABLE: i64 = 1 << 50;

/// The end of time for open windows and shifts: about nine years of seconds, below [`UNREACHABLE`].
pub const HORIZON: Time = 1 << 48;

/// A time as a planner reads it, the one format of every view and export: `HH:MM` (rounded to
/// the minute) for real-world problems, with ` +1d` past midnight (as the app writes it); the
/// raw number for benchmark files; empty for an open end.
pub fn clock(problem: &crate::problem::Problem, t: Time) -> String {
    if t >= HORIZON {
        return String::new();
    }
    if !geographic(problem) {
        return plain(from_ticks(t));
    }
    clock_hm(t)
}

// Every clock time Lastmile writes, in any view, file or message, is spelled by the functions
// below; they differ only in how precise they are.

/// `HH:MM`, rounded to the minute, with ` +1d` (` -1d`) for a later (earlier) day than day 0.
pub fn clock_hm(t: Time) -> String {
    match day_and_clock(t) {
        (0, hm) => hm,
        (d, hm) if d > 0 => format!("{hm} +{d}d"),
        (d, hm) => format!("{hm} {d}d"),
    }
}

/// `t` rounded to the minute, as its day (0 for day 0, negative before it) and its `HH:MM`
/// within that day.
pub fn day_and_clock(t: Time) -> (i64, String) {
    let minutes = (from_ticks(t) / 60.0).round() as i64;
    let (day, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    (day, digits(rest * 60, false))
}

/// `HH:MM:SS`, rounded to the second; hours pass 24 for a later day, `-` before day 0.
pub fn clock_hms(t: Time) -> String {
    let seconds = from_ticks(t).round() as i64;
    let sign = if seconds < 0 { "-" } else { "" };
    format!("{sign}{}", digits(seconds.abs(), true))
}

/// `HH:MM:SS` exactly as the scenario writes it, with `.ffffff` when there is a fraction of a
/// second (hours pass 24 for a later day), so reading it back gives `t` to the tick. `t` must not
/// be negative.
pub fn clock_exact(t: Time) -> String {
    let micros = t % 1_000_000;
    let whole = digits(t / 1_000_000, true);
    if micros == 0 {
        whole
    } else {
        format!("{whole}.{micros:06}")
    }
}

/// [`clock_exact`], shortened to `HH:MM` on a whole minute: the form of the CSV tables' cells.
pub fn clock_short(t: Time) -> String {
    if t % 60_000_000 == 0 {
        digits(t / 1_000_000, false)
    } else {
        clock_exact(t)
    }
}

/// `HH:MM` or `HH:MM:SS` of a non-negative number of whole seconds (hours may pass 24).
fn digits(seconds: i64, with_seconds: bool) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if with_seconds {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}")
    }
}

/// A duration as a planner reads it: `25 min`, `1 h 05 min` (real-world), the raw number for
/// benchmark files.
pub fn span(problem: &crate::problem::Problem, t: Time) -> String {
    let value = from_ticks(t);
    if !geographic(problem) {
        return plain(value);
    }
    minutes(t)
}

/// A real-world duration to the minute: `12 min`, `1 h 05 min` (what the app's panels and the
/// engine's tables and sentences both write).
pub fn minutes(t: Time) -> String {
    let minutes = (from_ticks(t) / 60.0).round() as i64;
    if minutes.abs() < 60 {
        format!("{minutes} min")
    } else {
        format!("{} h {:02} min", minutes / 60, (minutes % 60).abs())
    }
}

/// A distance with its unit: `12.3 km` (real-world), the raw number for benchmark files.
pub fn length(problem: &crate::problem::Problem, d: Dist) -> String {
    let value = from_ticks(d);
    if geographic(problem) {
        format!("{:.1} km", value / 1000.0)
    } else {
        plain(value)
    }
}

fn geographic(problem: &crate::problem::Problem) -> bool {
    matches!(problem.coordinates, crate::problem::Coordinates::Geographic)
}

/// A benchmark number: at most two decimals, without trailing zeros.
fn plain(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_times_are_spelled_one_way() {
        let at = |h: f64| to_ticks(h * 3600.0);
        assert_eq!(clock_hm(at(9.5)), "09:30");
        assert_eq!(clock_hm(at(25.0)), "01:00 +1d");
        assert_eq!(clock_hm(at(-1.0)), "23:00 -1d");
        assert_eq!(clock_hm(at(23.0) + to_ticks(59.0 * 60.0 + 40.0)), "00:00 +1d", "rounds, then splits days");
        assert_eq!(day_and_clock(at(49.25)), (2, "01:15".to_string()));
        assert_eq!(clock_hms(at(26.0) + to_ticks(61.4)), "26:01:01");
        assert_eq!(clock_hms(-to_ticks(90.0)), "-00:01:30");
        assert_eq!(clock_exact(at(26.0) + to_ticks(61.5)), "26:01:01.500000");
        assert_eq!(clock_exact(at(8.0)), "08:00:00");
        assert_eq!(clock_short(at(8.0)), "08:00");
        assert_eq!(clock_short(at(8.0) + to_ticks(1.5)), "08:00:01.500000");
    }
}
