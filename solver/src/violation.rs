//! What a route breaks, where, in words a dispatcher reads. The engine never makes such a route;
//! a planner's edit can (a stop moved onto a full van, or later than its window). Each violation
//! is found on the route's one [`Schedule`], names the stop it belongs to (or the whole route),
//! and is priced as what it is: overtime as hours in the route's cost, never as a penalty.

use crate::plan::{Route, Schedule};
use crate::problem::{Problem, Task};
use crate::units::{from_load, Dist, Load, Time};

/// One broken constraint on one route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Violation {
    /// Service at stop `stop` (0-based) starts `by` after the order's last window closed.
    Late { stop: usize, by: Time, window_end: Time },
    /// Loaded beyond capacity in one dimension (at departure: every delivery is on board).
    Overload { dimension: usize, load: Load, capacity: Load },
    /// Off duty after the shift end (or the depot's closing, or the maximum duration).
    OverShift { off_duty: Time, shift_end: Time },
    /// Stop `stop` is still being served (or reached) after the shift end.
    AfterShift { stop: usize, shift_end: Time },
    /// The break starts `by` after its window closed.
    LateBreak { start: Time, by: Time },
    /// Longer than the vehicle's range.
    Range { distance: Dist, max: Dist },
    /// The order at stop `stop` needs skills (bits) the vehicle lacks.
    Skill { stop: usize, missing: u64 },
    /// The order at stop `stop` must be loaded at another depot than the vehicle's.
    Depot { stop: usize },
    /// No road leads to stop `stop` from the one before (the number of stops: to the end).
    Unreachable { stop: usize },
    /// The shipment half at stop `stop` lacks its other half on this route, or is on the wrong
    /// side of it (a delivery before its pickup).
    Unpaired { stop: usize },
}

impl Violation {
    /// The stop (0-based) the violation belongs to, or `None` for the whole route.
    pub fn stop(&self) -> Option<usize> {
        match *self {
            Violation::Late { stop, .. } | Violation::Skill { stop, .. } | Violation::Depot { stop } => Some(stop),
            Violation::Unreachable { stop } | Violation::AfterShift { stop, .. } | Violation::Unpaired { stop } => {
                Some(stop)
            }
            _ => None,
        }
    }

    /// A code for files: `late`, `overload`, `over_shift`, `after_shift`, `late_break`, `range`,
    /// `skill`, `depot`, `unreachable`, `unpaired`.
    pub fn code(&self) -> &'static str {
        match self {
            Violation::Late { .. } => "late",
            Violation::Overload { .. } => "overload",
            Violation::OverShift { .. } => "over_shift",
            Violation::AfterShift { .. } => "after_shift",
            Violation::LateBreak { .. } => "late_break",
            Violation::Range { .. } => "range",
            Violation::Skill { .. } => "skill",
            Violation::Depot { .. } => "depot",
            Violation::Unreachable { .. } => "unreachable",
            Violation::Unpaired { .. } => "unpaired",
        }
    }

    /// The violation as a sentence, with times, amounts and units.
    pub fn describe(&self, problem: &Problem, route: &Route) -> String {
        let clock = |t: Time| crate::units::clock(problem, t);
        let span = |t: Time| crate::units::span(problem, t);
        match *self {
            Violation::Late { by, window_end, .. } => {
                format!("late: served {} after its window closed at {}", span(by), clock(window_end))
            }
            Violation::Overload { dimension, load, capacity } => {
                let unit = problem.dimensions.get(dimension).map(|d| format!(" {d}")).unwrap_or_default();
                let share = if capacity > 0 { 100.0 * load as f64 / capacity as f64 } else { f64::INFINITY };
                format!(
                    "overloaded: {}{unit} on board for a capacity of {}{unit} ({share:.0} %)",
                    trim(from_load(load)),
                    trim(from_load(capacity))
                )
            }
            Violation::OverShift { off_duty, shift_end } => format!(
                "over shift: back at {}, {} after the shift ends at {}",
                clock(off_duty),
                span(off_duty - shift_end),
                clock(shift_end)
            ),
            Violation::AfterShift { shift_end, .. } => {
                format!("after the shift: served past the shift end at {}", clock(shift_end))
            }
            Violation::LateBreak { start, by } => {
                format!("break late: starts at {}, {} after its window closed", clock(start), span(by))
            }
            Violation::Range { distance, max } => format!(
                "beyond range: drives {}, its range is {}",
                crate::units::length(problem, distance),
                crate::units::length(problem, max)
            ),
            Violation::Skill { missing, .. } => {
                let names: Vec<String> = crate::problem::Skills(missing)
                    .iter()
                    .map(|k| format!("'{}'", problem.skills.get(k).map_or("?", String::as_str)))
                    .collect();
                format!(
                    "needs {} {}, which {} lacks",
                    plural("skill", names.len()),
                    names.join(", "),
                    vehicle(problem, route)
                )
            }
            Violation::Depot { stop } => {
                let depot = problem.orders[route.stops[stop]].depot.map_or("?", |d| problem.depots[d].id.as_str());
                format!("must be loaded at depot '{depot}', not where {} starts", vehicle(problem, route))
            }
            Violation::Unreachable { stop } if stop == route.stops.len() => {
                "no road leads back to the end depot from the last stop".to_string()
            }
            Violation::Unreachable { .. } => "no road leads here from the previous stop".to_string(),
            Violation::Unpaired { stop } => {
                let order = &problem.orders[route.stops[stop]];
                let partner = |o: usize| problem.orders.get(o).map_or("?", |o| o.id.as_str());
                match order.task {
                    Task::ShipmentDelivery { pickup } => {
                        format!("its pickup '{}' is not earlier on this route", partner(pickup))
                    }
                    Task::ShipmentPickup { delivery } => {
                        format!("its delivery '{}' does not follow on this route", partner(delivery))
                    }
                    Task::Delivery | Task::Pickup => "unpaired".to_string(),
                }
            }
        }
    }
}

fn vehicle<'a>(problem: &'a Problem, route: &Route) -> &'a str {
    &problem.vehicles[route.vehicle].id
}

fn plural(word: &str, n: usize) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// A number without trailing zeros (`401`, `3.2`).
fn trim(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Everything `route` breaks on `schedule` (its own schedule), stops first in visiting order,
/// then the whole route's.
pub fn of_route(problem: &Problem, route: &Route, schedule: &Schedule) -> Vec<Violation> {
    let vehicle = &problem.vehicles[route.vehicle];
    let m = problem.matrix(route.vehicle);
    let mut found = Vec::new();
    let mut at = problem.vehicle_start(route.vehicle);
    for (stop, (&o, visit)) in route.stops.iter().zip(&schedule.visits).enumerate() {
        let order = &problem.orders[o];
        if !m.reachable(at, order.location) {
            found.push(Violation::Unreachable { stop });
        }
        let missing = order.skills.0 & !vehicle.skills.0;
        if missing != 0 {
            found.push(Violation::Skill { stop, missing });
        }
        if order.depot.is_some_and(|d| d != vehicle.start_depot) {
            found.push(Violation::Depot { stop });
        }
        if visit.late_by > 0 {
            found.push(Violation::Late { stop, by: visit.late_by, window_end: order.windows.envelope().end });
        }
        if visit.departure > schedule.shift_end {
            found.push(Violation::AfterShift { stop, shift_end: schedule.shift_end });
        }
        at = order.location;
    }
    if !route.stops.is_empty() && !m.reachable(at, problem.vehicle_end(route.vehicle)) {
        found.push(Violation::Unreachable { stop: route.stops.len() });
    }
    for (dimension, (&load, &capacity)) in schedule.peak.iter().zip(&vehicle.capacity).enumerate() {
        if load > capacity {
            found.push(Violation::Overload { dimension, load, capacity });
        }
    }
    found.extend(
        crate::constraints::pairing::broken(problem, &route.stops).into_iter().map(|stop| Violation::Unpaired { stop }),
    );
    if let Some(rest) = schedule.rest.filter(|_| schedule.break_late_by > 0) {
        found.push(Violation::LateBreak { start: rest.start, by: schedule.break_late_by });
    }
    if schedule.overtime() > 0 {
        found.push(Violation::OverShift { off_duty: schedule.off_duty, shift_end: schedule.shift_end });
    }
    if let Some(max) = vehicle.max_distance.filter(|&max| schedule.distance > max) {
        found.push(Violation::Range { distance: schedule.distance, max });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::violations;
    use crate::generate::{city, CitySpec};
    use crate::plan::Plan;
    use crate::search::{solve, SolveOptions};

    /// A planned city day has no violation; moving every stop of one route onto another breaks
    /// something, and the schedule's violations appear exactly where the independent checker
    /// finds a broken route.
    #[test]
    fn violations_agree_with_the_checker() {
        let problem = city(&CitySpec::lyon("violations", 120, 5));
        let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 300, threads: 1, seed: 5 };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        for route in &plan.routes {
            assert!(of_route(&problem, route, &route.schedule(&problem)).is_empty());
        }
        let mut edited = plan.clone();
        let moved: Vec<usize> = edited.routes[1].stops.drain(..).collect();
        edited.routes[0].stops.extend(moved);
        edited.routes.retain(|r| !r.stops.is_empty());
        let broken = &edited.routes[0];
        let found = of_route(&problem, broken, &broken.schedule(&problem));
        let checker = violations(&problem, &Plan { routes: vec![broken.clone()], unassigned: Vec::new() });
        let checker_route = checker.iter().any(|v| v.starts_with("vehicle ") || v.starts_with("order "));
        assert_eq!(!found.is_empty(), checker_route, "{found:?} vs {checker:?}");
        for v in &found {
            assert!(!v.describe(&problem, broken).is_empty());
        }
    }
}
