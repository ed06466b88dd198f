//! A plan: routes (a vehicle and its stops in order) and the orders left out, each with a reason.

use serde::Serialize;

use crate::constraints::capacity::{add, sub, Amount};
use crate::constraints::shift;
use crate::problem::Problem;
use crate::units::{Cost, Dist, Time};

/// Why an order is not in the plan, from the most basic cause to the most circumstantial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnassignedReason {
    /// No vehicle has every skill it needs.
    Skill,
    /// It must be loaded at a depot no vehicle starts from.
    Depot,
    /// Its demand exceeds every vehicle's capacity, or the vehicles that could take it are full.
    Capacity,
    /// No vehicle's travel matrix reaches it (or gets back from it).
    Unreachable,
    /// Driving there and back exceeds every vehicle's range.
    Range,
    /// No shift (with its break and maximum duration) leaves time to get there, serve and return.
    Shift,
    /// No vehicle can reach it within its time windows.
    TimeWindow,
    /// The vehicles that could serve it are all busy at the times it needs.
    Fleet,
    /// An optional order whose value is below what serving it would cost.
    NotWorthIt,
}

impl UnassignedReason {
    /// The code used in files (`"time_window"`, ...).
    pub fn code(self) -> &'static str {
        match self {
            UnassignedReason::Skill => "skill",
            UnassignedReason::Depot => "depot",
            UnassignedReason::Capacity => "capacity",
            UnassignedReason::Unreachable => "unreachable",
            UnassignedReason::Range => "range",
            UnassignedReason::Shift => "shift",
            UnassignedReason::TimeWindow => "time_window",
            UnassignedReason::Fleet => "fleet",
            UnassignedReason::NotWorthIt => "not_worth_it",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unassigned {
    pub order: usize,
    pub reason: UnassignedReason,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub vehicle: usize,
    /// Order indices in visiting order (depots are implicit at both ends).
    pub stops: Vec<usize>,
}

/// One visit as scheduled: when the vehicle arrives, starts service and leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    pub order: usize,
    pub arrival: Time,
    pub start: Time,
    pub departure: Time,
    /// Load on board when leaving this stop (deliveries: what is still to be dropped).
    pub load_after: Amount,
}

/// Where and when a route's break is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BreakTaken {
    /// Taken on arriving at this stop (0-based), before serving it; the number of stops means
    /// on arriving at the end.
    pub before_stop: usize,
    pub start: Time,
    pub end: Time,
}

/// A route's timing and totals, computed by [`Route::schedule`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Leaving the start: just in time for the first stop (never before the shift starts).
    pub departure: Time,
    pub visits: Vec<Visit>,
    pub rest: Option<BreakTaken>,
    pub return_time: Time,
    /// The end of work: the return, or the end of a break taken on arrival.
    pub off_duty: Time,
    pub distance: Dist,
    pub load: Amount,
    /// Sum of lateness beyond windows, the shift end and the break window (0 when feasible).
    pub lateness: Time,
}

impl Schedule {
    pub fn duration(&self) -> Time {
        self.off_duty - self.departure
    }
}

impl Route {
    /// Drives the route as early as possible, taking the break (if the vehicle has one) where the
    /// route ends earliest on time.
    pub fn schedule(&self, problem: &Problem) -> Schedule {
        let vehicle = &problem.vehicles[self.vehicle];
        match vehicle.rest {
            Some(_) if !self.stops.is_empty() => (0..=self.stops.len())
                .map(|k| self.drive(problem, Some(k)))
                .min_by_key(|s| (s.lateness, s.off_duty))
                .expect("at least one break position"),
            _ => self.drive(problem, None),
        }
    }

    /// Drives the route with the break taken on arriving at stop `break_at` (0-based; the number
    /// of stops means on arriving at the end).
    fn drive(&self, problem: &Problem, break_at: Option<usize>) -> Schedule {
        let vehicle = &problem.vehicles[self.vehicle];
        let working = shift::working_window(problem, self.vehicle);
        let m = problem.matrix(self.vehicle);
        let load = self.stops.iter().fold([0; 3], |acc, &o| add(acc, problem.orders[o].demand));
        let mut visits = Vec::with_capacity(self.stops.len());
        let mut at = problem.vehicle_start(self.vehicle);
        let mut time = working.start;
        let mut distance = 0;
        let mut lateness = 0;
        let mut on_board = load;
        let mut rest = None;
        let last = self.stops.len();
        let mut take_break = |before_stop: usize, time: &mut Time, lateness: &mut Time| {
            if let (Some(b), Some(k)) = (vehicle.rest, break_at) {
                // Back before the break window opens: no break needed.
                if k == before_stop && !(k == last && *time <= b.window.start) {
                    let start = b.start(*time);
                    *lateness += (start - b.window.end).max(0);
                    *time = start + b.duration;
                    rest = Some(BreakTaken { before_stop, start, end: *time });
                }
            }
        };
        let mut departure = time;
        for (k, &o) in self.stops.iter().enumerate() {
            let order = &problem.orders[o];
            let arrival = time + m.time(at, order.location);
            distance += m.dist(at, order.location);
            let mut ready = arrival;
            take_break(k, &mut ready, &mut lateness);
            let start = order.windows.earliest_start(ready).unwrap_or_else(|| {
                lateness += ready - order.windows.envelope().end;
                ready
            });
            if k == 0 && break_at != Some(0) {
                // Leave just in time rather than wait at the first stop.
                departure = (start - m.time(at, order.location)).max(time);
            }
            let leave = start + order.service;
            on_board = sub(on_board, order.demand);
            visits.push(Visit { order: o, arrival, start, departure: leave, load_after: on_board });
            time = leave;
            at = order.location;
        }
        let end = problem.vehicle_end(self.vehicle);
        let return_time = time + m.time(at, end);
        distance += m.dist(at, end);
        // A break not taken on the road is taken on arrival, still inside the shift.
        let mut off_duty = return_time;
        take_break(last, &mut off_duty, &mut lateness);
        lateness += (off_duty - working.end).max(0);
        Schedule { departure, visits, rest, return_time, off_duty, distance, load, lateness }
    }

    /// The route's cost: fixed, per distance and per time (0 for an empty route), exactly as the
    /// search counts it.
    pub fn cost(&self, problem: &Problem) -> Cost {
        crate::route_state::RouteState::with_stops(problem, self.vehicle, self.stops.clone()).cost
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub routes: Vec<Route>,
    pub unassigned: Vec<Unassigned>,
}

/// The hierarchical objective (lower is better): mandatory orders left out (weighted by
/// priority), then vehicles used, then cost (routes plus the value of optional orders left out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Objective {
    pub unassigned: u64,
    pub vehicles: usize,
    pub cost: Cost,
}

impl Plan {
    /// A plan from user ids: each route a vehicle id and its stops' order ids; every order not
    /// routed is left out (its reason is asked of the engine). Errors name the unknown id or the
    /// order given twice.
    pub fn from_ids(problem: &Problem, routes: &[(String, Vec<String>)]) -> Result<Plan, String> {
        let vehicles: std::collections::HashMap<&str, usize> =
            problem.vehicles.iter().enumerate().map(|(k, v)| (v.id.as_str(), k)).collect();
        let orders: std::collections::HashMap<&str, usize> =
            problem.orders.iter().enumerate().map(|(k, o)| (o.id.as_str(), k)).collect();
        let mut routed = vec![false; problem.orders.len()];
        let mut used = vec![false; problem.vehicles.len()];
        let mut plan = Plan::default();
        for (vehicle, stops) in routes {
            let &v = vehicles.get(vehicle.as_str()).ok_or_else(|| format!("unknown vehicle '{vehicle}'"))?;
            if std::mem::replace(&mut used[v], true) {
                return Err(format!("vehicle '{vehicle}' has two routes"));
            }
            let mut route = Route { vehicle: v, stops: Vec::with_capacity(stops.len()) };
            for id in stops {
                let &o = orders.get(id.as_str()).ok_or_else(|| format!("unknown order '{id}'"))?;
                if std::mem::replace(&mut routed[o], true) {
                    return Err(format!("order '{id}' is in two places"));
                }
                route.stops.push(o);
            }
            if !route.stops.is_empty() {
                plan.routes.push(route);
            }
        }
        let solution = crate::solution::Solution::from_plan(problem, &plan);
        plan.unassigned = (0..problem.orders.len())
            .filter(|&o| !routed[o])
            .map(|order| Unassigned { order, reason: crate::reasons::why_left_out(problem, &solution, order) })
            .collect();
        Ok(plan)
    }

    pub fn objective(&self, problem: &Problem) -> Objective {
        Objective {
            unassigned: self.unassigned.iter().map(|u| problem.missed_weight(u.order)).sum(),
            vehicles: self.routes.iter().filter(|r| !r.stops.is_empty()).count(),
            cost: self.routes.iter().map(|r| r.cost(problem)).sum::<Cost>()
                + self.unassigned.iter().map(|u| problem.missed_value(u.order)).sum::<Cost>(),
        }
    }

    pub fn distance(&self, problem: &Problem) -> Dist {
        self.routes.iter().map(|r| r.schedule(problem).distance).sum()
    }
}
