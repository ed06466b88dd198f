//! A vehicle's route driven at a given pace: the plan's (for forecasts) or reality's (for what
//! happens). The rules are the plan's schedule's ([`crate::plan::Route::schedule`]): wait for a
//! window to open, take the break on arriving at the stop the plan takes it at (waiting for its
//! window if need be), serve late rather than skip when every window has closed.

use super::reality::Reality;
use crate::constraints::capacity::after_stop;
use crate::plan::{BreakTaken, Visit};
use crate::problem::{add, Problem, Task};
use crate::units::Time;

/// How long legs and services take.
pub trait Pace {
    fn travel(&self, problem: &Problem, vehicle: usize, from: usize, to: usize, leave: Time) -> Time;
    fn service(&self, problem: &Problem, order: usize) -> Time;
}

/// The plan's own times.
pub struct Planned;

impl Pace for Planned {
    fn travel(&self, problem: &Problem, vehicle: usize, from: usize, to: usize, _leave: Time) -> Time {
        problem.matrix(vehicle).time(from, to)
    }
    fn service(&self, problem: &Problem, order: usize) -> Time {
        problem.orders[order].service
    }
}

impl Pace for Reality {
    fn travel(&self, problem: &Problem, vehicle: usize, from: usize, to: usize, leave: Time) -> Time {
        Reality::travel(self, problem, &problem.vehicles[vehicle], from, to, leave)
    }
    fn service(&self, problem: &Problem, order: usize) -> Time {
        Reality::service(self, problem, order)
    }
}

/// Where a drive starts: at `location`, free to leave at `time`; the first arrival no earlier
/// than `not_before` (a forecast made while the vehicle is on its way cannot see it arrive in
/// the past).
#[derive(Clone, Copy, Debug)]
pub struct Start {
    pub location: usize,
    pub time: Time,
    pub not_before: Time,
}

/// The rest of a route as driven.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Driven {
    pub visits: Vec<Visit>,
    pub rest: Option<BreakTaken>,
    pub return_time: Time,
    /// The return, or the end of a break taken on arrival.
    pub off_duty: Time,
}

/// Drives `stops` (the route's stops from index `first` on) for `vehicle` from `start`, the
/// break taken on arriving at route stop `break_at` (the route's stop count: at the end) when it
/// is still to take.
pub fn drive(
    problem: &Problem,
    vehicle: usize,
    stops: &[usize],
    first: usize,
    start: Start,
    break_at: Option<usize>,
    pace: &impl Pace,
) -> Driven {
    let rest = problem.vehicles[vehicle].rest;
    let last = first + stops.len();
    let mut driven = Driven { visits: Vec::with_capacity(stops.len()), ..Driven::default() };
    let mut at = start.location;
    let mut time = start.time;
    let mut not_before = start.not_before;
    // On board: the deliveries still to make, and the shipments collected before `first` whose
    // delivery is still to come.
    let on_board_now = |o: &usize| match problem.orders[*o].task {
        Task::Delivery => true,
        Task::ShipmentDelivery { pickup } => !stops.contains(&pickup),
        Task::Pickup | Task::ShipmentPickup { .. } => false,
    };
    let mut on_board =
        stops.iter().filter(|o| on_board_now(o)).fold([0; 3], |load, &o| add(load, problem.orders[o].demand));
    let take_break = |k: usize, ready: &mut Time, taken: &mut Option<BreakTaken>| {
        if let (Some(b), Some(at_stop)) = (rest, break_at) {
            // Back before the break window opens: no break needed.
            if at_stop == k && !(k == last && *ready <= b.window.start) {
                let begin = b.start(*ready);
                *ready = begin + b.duration;
                *taken = Some(BreakTaken { before_stop: k, start: begin, end: *ready });
            }
        }
    };
    for (i, &o) in stops.iter().enumerate() {
        let order = &problem.orders[o];
        let arrival = (time + pace.travel(problem, vehicle, at, order.location, time)).max(not_before);
        not_before = Time::MIN;
        let mut ready = arrival;
        take_break(first + i, &mut ready, &mut driven.rest);
        let begin = order.windows.earliest_start(ready).unwrap_or(ready);
        let late_by = (ready - order.windows.envelope().end).max(0);
        let departure = begin + pace.service(problem, o);
        on_board = after_stop(on_board, order.task, order.demand);
        driven.visits.push(Visit { order: o, arrival, start: begin, departure, load_after: on_board, late_by });
        time = departure;
        at = order.location;
    }
    let end = problem.vehicle_end(vehicle);
    driven.return_time = (time + pace.travel(problem, vehicle, at, end, time)).max(not_before);
    driven.off_duty = driven.return_time;
    take_break(last, &mut driven.off_duty, &mut driven.rest);
    driven
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};
    use crate::search::{solve, SolveOptions};

    /// Driven at the plan's pace from the plan's departure, a route is its schedule.
    #[test]
    fn at_the_plans_pace_a_route_is_its_schedule() {
        for seed in 0..4 {
            let problem = city(&CitySpec::lyon("pace", 150, seed));
            let options = SolveOptions { max_iterations: 300, time_limit_ms: f64::INFINITY, ..Default::default() };
            let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
            for route in &plan.routes {
                let schedule = route.schedule(&problem);
                let start = Start {
                    location: problem.vehicle_start(route.vehicle),
                    time: schedule.departure,
                    not_before: Time::MIN,
                };
                let break_at = schedule.rest.map(|b| b.before_stop);
                let driven = drive(&problem, route.vehicle, &route.stops, 0, start, break_at, &Planned);
                let times = |v: &Visit| (v.order, v.arrival, v.start, v.departure, v.late_by, v.load_after);
                assert_eq!(
                    driven.visits.iter().map(times).collect::<Vec<_>>(),
                    schedule.visits.iter().map(times).collect::<Vec<_>>()
                );
                assert_eq!(
                    (driven.return_time, driven.off_duty, driven.rest),
                    (schedule.return_time, schedule.off_duty, schedule.rest)
                );
            }
        }
    }
}
