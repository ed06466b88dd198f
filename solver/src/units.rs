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
    let value = from_ticks(t);
    if !geographic(problem) {
        return plain(value);
    }
    let minutes = (value / 60.0).round() as i64;
    let (day, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
    let hm = format!("{:02}:{:02}", rest / 60, rest % 60);
    match day {
        0 => hm,
        d if d > 0 => format!("{hm} +{d}d"),
        d => format!("{hm} {d}d"),
    }
}

/// A duration as a planner reads it: `25 min`, `1 h 05` (real-world), the raw number for
/// benchmark files.
pub fn span(problem: &crate::problem::Problem, t: Time) -> String {
    let value = from_ticks(t);
    if !geographic(problem) {
        return plain(value);
    }
    let minutes = (value / 60.0).round() as i64;
    if minutes.abs() < 60 {
        format!("{minutes} min")
    } else {
        format!("{} h {:02}", minutes / 60, (minutes % 60).abs())
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
