//! Shifts: a vehicle leaves its start depot no earlier than its shift start (and the depot's
//! opening) and is back at its end depot by its shift end (and the depot's closing). A maximum
//! route duration shortens the day: the vehicle must be back `max_duration` after it can first
//! leave. A vehicle re-planned mid-day leaves from where it is at its shift start. Vehicles leave as early as they can; waiting happens at the stops.

use crate::problem::{Problem, TimeWindow};

/// When vehicle `v` can leave its start depot and must be back at its end depot.
pub fn working_window(problem: &Problem, v: usize) -> TimeWindow {
    let vehicle = &problem.vehicles[v];
    let start = match vehicle.origin {
        Some(_) => vehicle.shift.start,
        None => vehicle.shift.start.max(problem.depots[vehicle.start_depot].opening.start),
    };
    let mut end = vehicle.shift.end.min(problem.depots[vehicle.end_depot].opening.end);
    if let Some(max) = vehicle.max_duration {
        end = end.min(start.saturating_add(max));
    }
    TimeWindow::new(start, end)
}
