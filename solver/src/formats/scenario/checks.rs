//! Validators the scenario builder shares with the other readers (VROOM, CSV): ranges, money,
//! travel tables, breaks. Each returns a message (and, for a table or a break, the part at fault)
//! that the caller places at its own field.

use super::time::show_time;
use super::MAX_MONEY;
use crate::problem::{Break, Point, TimeWindow};
use crate::travel::{MAX_TABLE_ENTRY, MAX_TABLE_LOCATIONS};
use crate::units::{to_ticks, Cost, Time, SCALE};

/// Checks `0 <= value <= max` and converts to ticks.
pub(crate) fn in_range(value: f64, max: f64, what: &str) -> Result<i64, String> {
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{what} must not be negative, found {value}"));
    }
    if value > max {
        return Err(format!("{what} must be at most {max}, found {value}"));
    }
    Ok(to_ticks(value))
}

/// A non-negative, finite number no larger than `max`.
pub(crate) fn non_negative(value: f64, max: f64) -> Result<f64, String> {
    if !value.is_finite() || value < 0.0 {
        Err(format!("must not be negative, found {value}"))
    } else if value > max {
        Err(format!("must be at most {max}, found {value}"))
    } else {
        Ok(value)
    }
}

/// Checks a table of `n` rows of `n` finite, non-negative values (`None`: unreachable) and
/// flattens it row by row. An error gives the position (`""`, `"[3]"` or `"[3][7]"`) and a
/// message; `expected` says where `n` comes from.
pub(crate) fn square_table(
    rows: &[Vec<Option<f64>>],
    n: usize,
    expected: &dyn Fn() -> String,
) -> Result<Vec<Option<f64>>, (String, String)> {
    if rows.len() > MAX_TABLE_LOCATIONS {
        return Err((String::new(), crate::formats::too_large_table(rows.len())));
    }
    if rows.len() != n {
        return Err((String::new(), format!("{} rows, but {}", rows.len(), expected())));
    }
    let mut flat = Vec::with_capacity(n * n);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != n {
            return Err((format!("[{i}]"), format!("{} columns, but {}", row.len(), expected())));
        }
        for (j, v) in row.iter().enumerate() {
            flat.push(match v {
                Some(v) => Some(non_negative(*v, MAX_TABLE_ENTRY).map_err(|m| (format!("[{i}][{j}]"), m))?),
                None => None,
            });
        }
    }
    Ok(flat)
}

/// A break that fits its shift: a window that meets the shift and a duration no longer than it.
/// An error names the part at fault (`window` or `duration`).
pub(crate) fn checked_break(
    duration: Time,
    window: TimeWindow,
    shift: TimeWindow,
) -> Result<Break, (&'static str, String)> {
    if window.end < shift.start || window.start > shift.end {
        let message = format!(
            "the break window ({}..{}) lies outside the shift ({}..{})",
            show_time(window.start),
            show_time(window.end),
            show_time(shift.start),
            show_time(shift.end)
        );
        return Err(("window", message));
    }
    if duration > shift.end - shift.start {
        return Err(("duration", "the break is longer than the shift".to_string()));
    }
    Ok(Break { duration, window })
}

/// Money in currency units to cost ticks.
pub(crate) fn money(value: f64) -> Result<Cost, String> {
    Ok((non_negative(value, MAX_MONEY)? * SCALE).round() as Cost)
}

/// Distances when only durations were imported: great-circle metres × circuity (planar: Euclidean).
pub(crate) fn estimated_distances(points: &[Point], planar: bool, circuity: f64) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(points.len() * points.len());
    for a in points {
        for b in points {
            out.push(Some(if planar {
                ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
            } else {
                a.great_circle_m(b) * circuity
            }));
        }
    }
    out
}
