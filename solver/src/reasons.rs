//! "Why is this order unassigned?" Each constraint module's test is asked in turn, vehicle by
//! vehicle; the reason given is the furthest any vehicle got, so a planner reads the constraint
//! that actually stands in the way (a skill before a window, a full van before a busy fleet).

use crate::constraints::capacity::fits;
use crate::constraints::{range, shift};
use crate::plan::UnassignedReason;
use crate::problem::Problem;
use crate::solution::{RouteState, Solution};
use crate::units::from_ticks;

/// Why vehicle `v` could not serve `order` even with nothing else to do, or `None` if it could.
pub fn why_not_alone(problem: &Problem, order: usize, v: usize) -> Option<UnassignedReason> {
    let (o, vehicle) = (&problem.orders[order], &problem.vehicles[v]);
    if !vehicle.skills.covers(o.skills) {
        return Some(UnassignedReason::Skill);
    }
    if o.depot.is_some_and(|d| d != vehicle.start_depot) {
        return Some(UnassignedReason::Depot);
    }
    if !fits(o.demand, vehicle.capacity) {
        return Some(UnassignedReason::Capacity);
    }
    let m = problem.matrix(v);
    let (start, end) = (problem.vehicle_start(v), problem.vehicle_end(v));
    if !m.reachable(start, o.location) || !m.reachable(o.location, end) {
        return Some(UnassignedReason::Unreachable);
    }
    if !range::within(m.dist(start, o.location) + m.dist(o.location, end), vehicle.max_distance) {
        return Some(UnassignedReason::Range);
    }
    if RouteState::new(problem, v).insertion_delta(problem, order, 0).is_some() {
        return None;
    }
    // Would it fit the shift if the order had no windows?
    let working = shift::working_window(problem, v);
    let rest = vehicle.rest.map_or(0, |b| b.duration);
    let needed = m.time(start, o.location) + o.service + m.time(o.location, end) + rest;
    if working.start + needed > working.end {
        return Some(UnassignedReason::Shift);
    }
    Some(UnassignedReason::TimeWindow)
}

/// Why `order` is left out of `solution`.
pub fn why_left_out(problem: &Problem, solution: &Solution, order: usize) -> UnassignedReason {
    let mut furthest = None;
    let mut capable = Vec::new();
    for v in 0..problem.vehicles.len() {
        match why_not_alone(problem, order, v) {
            Some(reason) => furthest = furthest.max(Some(reason)),
            None => capable.push(v),
        }
    }
    if capable.is_empty() {
        return furthest.unwrap_or(UnassignedReason::Fleet);
    }
    if problem.orders[order].is_optional() {
        return UnassignedReason::NotWorthIt;
    }
    let routes = capable.iter().map(|&v| &solution.routes[v]);
    if routes.clone().all(|r| !r.is_empty() && !r.has_room_for(problem, order)) {
        return UnassignedReason::Capacity;
    }
    UnassignedReason::Fleet
}

/// A sentence for a planner: the reason, with the names and numbers behind it.
pub fn describe(problem: &Problem, order: usize, reason: UnassignedReason) -> String {
    let o = &problem.orders[order];
    match reason {
        UnassignedReason::Skill => {
            let missing: Vec<&str> = o
                .skills
                .iter()
                .filter(|&k| !problem.vehicles.iter().any(|v| v.skills.covers(crate::problem::Skills::NONE.with(k))))
                .map(|k| problem.skills.get(k).map_or("?", String::as_str))
                .collect();
            if missing.is_empty() {
                "no single vehicle has all the skills it needs".to_string()
            } else {
                format!("needs skill {}, which no vehicle has", quoted(&missing))
            }
        }
        UnassignedReason::Depot => {
            let depot = o.depot.map_or("?", |d| problem.depots[d].id.as_str());
            format!("must be loaded at depot '{depot}', where no vehicle that could carry it starts")
        }
        UnassignedReason::Capacity => {
            if problem.vehicles.iter().any(|v| fits(o.demand, v.capacity)) {
                "the vehicles that could carry it are full".to_string()
            } else {
                "its demand exceeds every vehicle's capacity".to_string()
            }
        }
        UnassignedReason::Unreachable => "no vehicle's road network reaches it and back".to_string(),
        UnassignedReason::Range => "the trip there and back exceeds every vehicle's range".to_string(),
        UnassignedReason::Shift => "no shift is long enough to drive there, serve it and return".to_string(),
        UnassignedReason::TimeWindow => {
            let w = o.windows.envelope();
            format!(
                "no vehicle can reach it within its time window ({}–{})",
                clock(problem, w.start),
                clock(problem, w.end)
            )
        }
        UnassignedReason::Fleet => "every vehicle that could serve it is busy at the times it needs".to_string(),
        UnassignedReason::NotWorthIt => "optional, and serving it would cost more than its value".to_string(),
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ")
}

/// A time as a planner reads it: `HH:MM` for real-world problems, the raw number for benchmarks.
pub fn clock(problem: &Problem, t: crate::units::Time) -> String {
    let value = from_ticks(t);
    match problem.coordinates {
        crate::problem::Coordinates::Geographic => {
            let minutes = (value / 60.0).round() as i64;
            let (day, rest) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
            let hm = format!("{:02}:{:02}", rest / 60, rest % 60);
            if day == 0 {
                hm
            } else {
                format!("{hm} (+{day}d)")
            }
        }
        crate::problem::Coordinates::Planar => format!("{value}"),
    }
}
