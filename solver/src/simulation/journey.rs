//! A vehicle's route driven at a given pace: the plan's (for forecasts) or reality's (for what
//! happens). The rules are the plan's schedule's ([`crate::plan::Route::schedule`]): wait for a
//! window to open, take the break on arriving at the stop the plan takes it at (waiting for its
//! window if need be), serve late rather than skip when every window has closed. Between trips the
//! vehicle goes back to a depot: it waits for the depot to open, unloads what it collected and
//! loads the next trip's deliveries in the vehicle's reload time (never taking its break there).

use super::reality::Reality;
use crate::constraints::capacity::after_stop;
use crate::plan::{BreakTaken, Reload, ReloadVisit, Visit};
use crate::problem::{add, Amount, Problem, Task};
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

/// Where a drive starts: at `location`, free to leave at `time`; the first arrival (at a stop or
/// a reload depot) no earlier than `not_before` (a forecast made while the vehicle is on its way
/// cannot see it arrive in the past).
#[derive(Clone, Copy, Debug)]
pub struct Start {
    pub location: usize,
    pub time: Time,
    pub not_before: Time,
    /// True when the reload before the first stop driven is behind the vehicle: it leaves that
    /// depot loaded for the trip.
    pub reloaded: bool,
}

/// A run of a vehicle: its stops in order and the reloads between them (each before the stop of
/// index `before`).
#[derive(Clone, Copy, Debug)]
pub struct Run<'a> {
    pub stops: &'a [usize],
    pub reloads: &'a [Reload],
}

impl Run<'_> {
    /// The index of the stop that ends the trip stop `from` is on (exclusive): the next reload's,
    /// or the run's end.
    pub fn trip_end(&self, from: usize) -> usize {
        self.reloads.iter().map(|r| r.before).find(|&b| b > from).unwrap_or(self.stops.len())
    }

    /// The index of the first stop of the trip stop `k` is on.
    pub fn trip_start(&self, k: usize) -> usize {
        self.reloads.iter().map(|r| r.before).filter(|&b| b <= k).max().unwrap_or(0)
    }

    /// What is loaded at the depot for the trip beginning at stop `from`: its deliveries, and the
    /// shipments it hands over whose goods are not collected earlier on the same trip (collected on
    /// an earlier one, or by another vehicle, and since at a depot).
    pub fn loaded_for(&self, problem: &Problem, from: usize) -> Amount {
        let to = self.trip_end(from).max(from);
        let trip = &self.stops[from.min(to)..to];
        trip.iter()
            .enumerate()
            .filter(|&(i, &o)| match problem.orders[o].task {
                Task::Delivery => true,
                Task::ShipmentDelivery { pickup } => !trip[..i].contains(&pickup),
                Task::Pickup | Task::ShipmentPickup { .. } => false,
            })
            .fold([0; 3], |load, (_, &o)| add(load, problem.orders[o].demand))
    }

    /// What is on board leaving for stop `first`: what its trip was loaded with, less what the
    /// trip handed over before, plus what it collected.
    pub fn on_board_before(&self, problem: &Problem, first: usize) -> Amount {
        let from = self.trip_start(first);
        self.stops[from..first.min(self.stops.len())].iter().fold(self.loaded_for(problem, from), |load, &o| {
            let order = &problem.orders[o];
            after_stop(load, order.task, order.demand)
        })
    }
}

/// The rest of a route as driven.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Driven {
    pub visits: Vec<Visit>,
    /// The reloads made between trips, in order (`before` indexes the run's stops).
    pub reloads: Vec<ReloadVisit>,
    pub rest: Option<BreakTaken>,
    pub return_time: Time,
    /// The return, or the end of a break taken on arrival.
    pub off_duty: Time,
}

/// Drives the run's stops from index `first` on for `vehicle` from `start`, with the reloads
/// before them (the one before stop `first` unless `start` says it is made), the break taken on
/// arriving at run stop `break_at` (the run's stop count: at the end) when it is still to take.
pub fn drive(
    problem: &Problem,
    vehicle: usize,
    run: Run,
    first: usize,
    start: Start,
    break_at: Option<usize>,
    pace: &impl Pace,
) -> Driven {
    let rest = problem.vehicles[vehicle].rest;
    let reload_time = problem.vehicles[vehicle].reloads.as_ref().map_or(0, |r| r.duration);
    let last = run.stops.len();
    let first = first.min(last);
    let mut driven = Driven { visits: Vec::with_capacity(last - first), ..Driven::default() };
    let mut at = start.location;
    let mut time = start.time;
    let mut not_before = start.not_before;
    let mut on_board = run.on_board_before(problem, first);
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
    for (k, &o) in run.stops.iter().enumerate().skip(first) {
        let made = k == first && start.reloaded;
        for reload in run.reloads.iter().filter(|r| r.before == k && !made) {
            let depot = problem.depots[reload.depot].location;
            let arrival = (time + pace.travel(problem, vehicle, at, depot, time)).max(not_before);
            not_before = Time::MIN;
            let begin = problem.opening(reload.depot).earliest_start(arrival).unwrap_or(arrival);
            let departure = begin + reload_time;
            on_board = run.loaded_for(problem, k);
            driven.reloads.push(ReloadVisit {
                before: k,
                depot: reload.depot,
                arrival,
                start: begin,
                departure,
                load_after: on_board,
            });
            (time, at) = (departure, depot);
        }
        let order = &problem.orders[o];
        let arrival = (time + pace.travel(problem, vehicle, at, order.location, time)).max(not_before);
        not_before = Time::MIN;
        let mut ready = arrival;
        take_break(k, &mut ready, &mut driven.rest);
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
pub(crate) mod tests {
    use super::*;
    use crate::generate::{city, generate, with_goods_both_ways, CitySpec, InstanceSpec};
    use crate::plan::Plan;
    use crate::problem::Reloads;
    use crate::search::{solve, SolveOptions};
    use crate::units::to_ticks;

    /// A day of small vehicles that reload at depot 0 (up to four trips, ten minutes a reload),
    /// with returns and shipments, and its plan: most routes are made of trips.
    pub(crate) fn day_in_trips(customers: usize, seed: u64) -> (Problem, Plan) {
        let mut spec = InstanceSpec::solomon_like("trips", customers, seed);
        spec.vehicles = 4;
        spec.capacity = 60.0;
        spec.horizon = 1_000.0;
        spec.window = 400.0;
        let mut parts = with_goods_both_ways(&generate(&spec), 0.3, 0.2, seed).to_parts();
        for vehicle in &mut parts.vehicles {
            vehicle.reloads = Some(Reloads { depots: vec![0], duration: to_ticks(10.0), max_trips: 4 });
        }
        let problem = Problem::new(parts);
        let options = SolveOptions { max_iterations: 600, time_limit_ms: f64::INFINITY, seed, ..Default::default() };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        (problem, plan)
    }

    /// A day in Lyon (two depots, breaks, returns and shipments) whose vehicles carry a third of
    /// their usual load and may reload at either depot (up to four trips, ten minutes a reload),
    /// and its plan.
    pub(crate) fn city_in_trips(orders: usize, seed: u64) -> (Problem, Plan) {
        let base = with_goods_both_ways(&city(&CitySpec::lyon("city-trips", orders, seed)), 0.2, 0.15, seed);
        let mut parts = base.to_parts();
        for vehicle in &mut parts.vehicles {
            vehicle.capacity = vehicle.capacity.map(|c| (c + 2) / 3);
            vehicle.reloads = Some(Reloads { depots: vec![0, 1], duration: to_ticks(600.0), max_trips: 4 });
        }
        let problem = Problem::new(parts);
        let options = SolveOptions { max_iterations: 400, time_limit_ms: f64::INFINITY, seed, ..Default::default() };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        (problem, plan)
    }

    /// Driven at the plan's pace from the plan's departure, a route is its schedule: the same
    /// visits, reloads, loads on board, break and return, with or without trips.
    #[test]
    fn at_the_plans_pace_a_route_is_its_schedule() {
        let options = SolveOptions { max_iterations: 300, time_limit_ms: f64::INFINITY, ..Default::default() };
        let mut days: Vec<(Problem, Plan)> = (0..4)
            .map(|seed| {
                let problem = city(&CitySpec::lyon("pace", 150, seed));
                let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
                (problem, plan)
            })
            .collect();
        days.extend((0..4).map(|seed| day_in_trips(50, seed)));
        days.extend((0..2).map(|seed| city_in_trips(120, seed)));
        let mut reloads = 0;
        for (problem, plan) in &days {
            for route in &plan.routes {
                let schedule = route.schedule(problem);
                let start = Start {
                    location: problem.vehicle_start(route.vehicle),
                    time: schedule.departure,
                    not_before: Time::MIN,
                    reloaded: false,
                };
                let break_at = schedule.rest.map(|b| b.before_stop);
                let run = Run { stops: &route.stops, reloads: &route.reloads };
                let driven = drive(problem, route.vehicle, run, 0, start, break_at, &Planned);
                let times = |v: &Visit| (v.order, v.arrival, v.start, v.departure, v.late_by, v.load_after);
                assert_eq!(
                    driven.visits.iter().map(times).collect::<Vec<_>>(),
                    schedule.visits.iter().map(times).collect::<Vec<_>>()
                );
                assert_eq!(driven.reloads, schedule.reloads);
                assert_eq!(
                    (driven.return_time, driven.off_duty, driven.rest),
                    (schedule.return_time, schedule.off_duty, schedule.rest)
                );
                reloads += driven.reloads.len();
            }
        }
        assert!(reloads >= 12, "the days in trips reload: {reloads} reloads");
        let breaks = days[4..].iter().flat_map(|(p, plan)| plan.routes.iter().map(|r| r.schedule(p)));
        assert!(breaks.filter(|s| s.rest.is_some() && !s.reloads.is_empty()).count() > 0, "breaks on days in trips");
    }

    /// Started in the middle of a route with trips (leaving a stop, or a reload depot once the
    /// reload is made), the drive goes on as the whole route does.
    #[test]
    fn a_drive_from_the_middle_of_a_trip_goes_on_as_the_whole() {
        let (problem, plan) = day_in_trips(50, 11);
        let route = plan.routes.iter().max_by_key(|r| r.reloads.len()).unwrap();
        assert!(!route.reloads.is_empty());
        let schedule = route.schedule(&problem);
        let run = Run { stops: &route.stops, reloads: &route.reloads };
        let break_at = schedule.rest.map(|b| b.before_stop);
        for first in 1..route.stops.len() {
            let left = schedule.visits[first - 1];
            let start = Start {
                location: problem.orders[left.order].location,
                time: left.departure,
                not_before: Time::MIN,
                reloaded: false,
            };
            let pending = break_at.filter(|&b| b >= first);
            let driven = drive(&problem, route.vehicle, run, first, start, pending, &Planned);
            assert_eq!(driven.visits, schedule.visits[first..], "from stop {first}");
            let later: Vec<ReloadVisit> = schedule.reloads.iter().filter(|r| r.before >= first).copied().collect();
            assert_eq!(driven.reloads, later);
            assert_eq!(driven.return_time, schedule.return_time);
        }
        for reload in &schedule.reloads {
            let start = Start {
                location: problem.depots[reload.depot].location,
                time: reload.departure,
                not_before: Time::MIN,
                reloaded: true,
            };
            let pending = break_at.filter(|&b| b >= reload.before);
            let driven = drive(&problem, route.vehicle, run, reload.before, start, pending, &Planned);
            assert_eq!(driven.visits, schedule.visits[reload.before..]);
            assert!(driven.reloads.iter().all(|r| r.before > reload.before));
        }
    }
}
