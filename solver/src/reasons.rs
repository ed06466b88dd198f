//! "Why is this order unassigned?" Each constraint module's test is asked in turn, vehicle by
//! vehicle. The code is the constraint that binds: the furthest any vehicle got alone, or, when
//! some could serve it alone, what stops them in this plan (full, busy, idle but left out). The
//! sentence names the binding constraint per kind of vehicle ("Vans lack 'cold'; ev-van shifts
//! end 15:00"), so it never contradicts the plan: a capacity reason never stands next to an idle
//! vehicle that could carry the order.

use crate::constraints::capacity::fits;
use crate::constraints::{range, shift};
use crate::plan::UnassignedReason;
use crate::problem::{Problem, Skills, Task};
use crate::solution::{RouteState, Solution};
use crate::units::clock;

/// Why vehicle `v` could not serve `order` even with nothing else to do, or `None` if it could.
/// A shipment's half is judged with its other half: both get the same answer.
pub fn why_not_alone(problem: &Problem, order: usize, v: usize) -> Option<UnassignedReason> {
    match problem.orders[order].task {
        Task::ShipmentPickup { delivery } => return why_shipment_not_alone(problem, order, delivery, v),
        Task::ShipmentDelivery { pickup } => return why_shipment_not_alone(problem, pickup, order, v),
        Task::Delivery | Task::Pickup => {}
    }
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

/// [`why_not_alone`] for a shipment: both halves on an otherwise empty route, pickup first.
fn why_shipment_not_alone(problem: &Problem, pickup: usize, delivery: usize, v: usize) -> Option<UnassignedReason> {
    let (p, d, vehicle) = (&problem.orders[pickup], &problem.orders[delivery], &problem.vehicles[v]);
    if !vehicle.skills.covers(p.skills) || !vehicle.skills.covers(d.skills) {
        return Some(UnassignedReason::Skill);
    }
    if [p, d].iter().any(|o| o.depot.is_some_and(|depot| depot != vehicle.start_depot)) {
        return Some(UnassignedReason::Depot);
    }
    if !fits(d.demand, vehicle.capacity) {
        return Some(UnassignedReason::Capacity);
    }
    let m = problem.matrix(v);
    let path = [problem.vehicle_start(v), p.location, d.location, problem.vehicle_end(v)];
    if path.windows(2).any(|leg| !m.reachable(leg[0], leg[1])) {
        return Some(UnassignedReason::Unreachable);
    }
    let length: crate::units::Dist = path.windows(2).map(|leg| m.dist(leg[0], leg[1])).sum();
    if !range::within(length, vehicle.max_distance) {
        return Some(UnassignedReason::Range);
    }
    let empty = RouteState::new(problem, v);
    if crate::recreate::pair_insertion(problem, &empty, pickup, delivery, 0, 0.0, &mut crate::rng::Rng::new(0), &mut 0)
        .is_some()
    {
        return None;
    }
    let working = shift::working_window(problem, v);
    let rest = vehicle.rest.map_or(0, |b| b.duration);
    let travel: crate::units::Time = path.windows(2).map(|leg| m.time(leg[0], leg[1])).sum();
    if working.start + travel + p.service + d.service + rest > working.end {
        return Some(UnassignedReason::Shift);
    }
    Some(UnassignedReason::TimeWindow)
}

/// [`why_not_alone`] for every vehicle, asked once per set of vehicles that plan alike.
fn alone_per_vehicle(problem: &Problem, order: usize) -> Vec<Option<UnassignedReason>> {
    let mut alone: Vec<Option<UnassignedReason>> = Vec::with_capacity(problem.vehicles.len());
    for v in 0..problem.vehicles.len() {
        let first = problem.first_alike(v);
        let reason = if first < v { alone[first] } else { why_not_alone(problem, order, v) };
        alone.push(reason);
    }
    alone
}

/// True when no vehicle could serve `order` even with nothing else to do.
pub fn no_vehicle_could(problem: &Problem, order: usize) -> bool {
    (0..problem.vehicles.len())
        .filter(|&v| problem.first_alike(v) == v)
        .all(|v| why_not_alone(problem, order, v).is_some())
}

/// Why `order` is left out of `solution`: the binding constraint.
pub fn why_left_out(problem: &Problem, solution: &Solution, order: usize) -> UnassignedReason {
    let verdicts = verdicts(problem, solution, order);
    binding(problem, order, &verdicts)
}

/// Every vehicle's verdict on `order` in `solution`.
fn verdicts(problem: &Problem, solution: &Solution, order: usize) -> Vec<Verdict> {
    alone_per_vehicle(problem, order)
        .into_iter()
        .enumerate()
        .map(|(v, alone)| verdict(problem, solution, order, v, alone))
        .collect()
}

/// What stops one vehicle from taking the order in this plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// It could not serve the order even with nothing else to do.
    Alone(UnassignedReason),
    /// It could serve it alone, and drives no route: the search left the order out.
    Idle,
    /// It could serve it alone, but its route has no room left.
    Full,
    /// It could serve it alone and has room, but its route leaves no time for it.
    Busy,
}

/// Vehicle `v`'s verdict, given what it could do alone ([`why_not_alone`]).
fn verdict(problem: &Problem, solution: &Solution, order: usize, v: usize, alone: Option<UnassignedReason>) -> Verdict {
    match alone {
        Some(reason) => Verdict::Alone(reason),
        None if solution.routes[v].is_empty() => Verdict::Idle,
        None if !solution.routes[v].has_room_for(problem, order) => Verdict::Full,
        None => Verdict::Busy,
    }
}

/// The binding constraint among vehicles' verdicts (all vehicles, or one kind of them).
fn binding(problem: &Problem, order: usize, verdicts: &[Verdict]) -> UnassignedReason {
    let alone = |v: &Verdict| match v {
        Verdict::Alone(reason) => Some(*reason),
        _ => None,
    };
    let capable = verdicts.iter().any(|v| alone(v).is_none());
    if !capable {
        return verdicts.iter().filter_map(alone).max().unwrap_or(UnassignedReason::Fleet);
    }
    if problem.orders[order].is_optional() {
        return UnassignedReason::NotWorthIt;
    }
    if verdicts.contains(&Verdict::Idle) {
        return UnassignedReason::Fleet;
    }
    if verdicts.iter().all(|v| matches!(v, Verdict::Full | Verdict::Alone(_))) {
        // Full where they could serve it; an idle vehicle that could carry it but not in time
        // is the binding constraint, not the full ones.
        let idle_but_late = verdicts
            .iter()
            .filter_map(alone)
            .filter(|r| matches!(r, UnassignedReason::Range | UnassignedReason::Shift | UnassignedReason::TimeWindow))
            .max();
        return idle_but_late.unwrap_or(UnassignedReason::Capacity);
    }
    UnassignedReason::Fleet
}

/// Why order `o` cannot join `solution`, kind of vehicle by kind of vehicle, as one sentence
/// ("Vans full; cargo-bike shifts end 16:00"). `place` names where the order is ("it", "zone B3").
pub fn explain(problem: &Problem, solution: &Solution, o: usize, place: &str) -> String {
    let order = &problem.orders[o];
    let window = order.windows.envelope();
    let mut parts: Vec<String> = Vec::new();
    let all = verdicts(problem, solution, o);
    for (kind, fleet) in problem.fleets_by_label() {
        let kind = kind.as_str();
        let verdicts: Vec<Verdict> = fleet.iter().map(|&v| all[v]).collect();
        let plural = plural(kind);
        let with = |wanted: Verdict| -> Vec<&str> {
            fleet
                .iter()
                .zip(&verdicts)
                .filter(|(_, v)| **v == wanted)
                .map(|(&v, _)| problem.vehicles[v].id.as_str())
                .collect()
        };
        let reason = binding(problem, o, &verdicts);
        let part = match reason {
            UnassignedReason::Skill => {
                let missing: Vec<String> = order
                    .skills
                    .iter()
                    .filter(|&k| !fleet.iter().any(|&v| problem.vehicles[v].skills.covers(Skills::NONE.with(k))))
                    .map(|k| format!("'{}'", problem.skills.get(k).map_or("?", String::as_str)))
                    .collect();
                match missing.as_slice() {
                    [] => format!("no {kind} has all the skills it needs"),
                    names => format!("{plural} lack {}", names.join(", ")),
                }
            }
            UnassignedReason::Capacity if !fleet.iter().any(|&v| fits(order.demand, problem.vehicles[v].capacity)) => {
                format!("too big for {plural}")
            }
            UnassignedReason::Capacity => match with(Verdict::Full).as_slice() {
                [v] => format!("{kind} {v} full"),
                _ => format!("{plural} full"),
            },
            UnassignedReason::Unreachable => format!("{plural} cannot reach {place}"),
            UnassignedReason::Range => format!("{place} is beyond {kind} range"),
            UnassignedReason::Depot => format!("no {kind} loads at its depot"),
            UnassignedReason::Shift | UnassignedReason::TimeWindow => {
                let ends = fleet.iter().map(|&v| shift::working_window(problem, v).end).max().unwrap_or(0);
                let starts = fleet.iter().map(|&v| shift::working_window(problem, v).start).min().unwrap_or(0);
                if ends <= window.start {
                    format!("{kind} shifts end {}", clock(problem, ends))
                } else if starts >= window.end {
                    format!("{kind} shifts start {}", clock(problem, starts))
                } else if reason == UnassignedReason::Shift {
                    // Whatever its window: there and back does not fit a working day.
                    format!(
                        "{place} is too far for {kind} shifts ({}–{}): there and back does not fit",
                        clock(problem, starts),
                        clock(problem, ends)
                    )
                } else {
                    format!(
                        "no {kind} reaches {place} in time ({}–{})",
                        clock(problem, window.start),
                        clock(problem, window.end)
                    )
                }
            }
            UnassignedReason::NotWorthIt => format!("not worth it for {plural}: serving it costs more than its value"),
            UnassignedReason::Fleet => match with(Verdict::Idle).as_slice() {
                [] => format!("{plural} busy then"),
                [v] => format!("{kind} {v} is idle and could serve it: re-optimise or give the search more time"),
                idle => format!(
                    "{} {plural} are idle and could serve it: re-optimise or give the search more time",
                    idle.len()
                ),
            },
        };
        parts.push(part);
    }
    let sentence = parts.join("; ");
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "No vehicle in the fleet".to_string(),
    }
}

fn plural(kind: &str) -> String {
    if kind.ends_with('s') {
        kind.to_string()
    } else {
        format!("{kind}s")
    }
}
