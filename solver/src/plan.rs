//! A plan: routes (a vehicle and its stops in order) and the orders left out, each with a reason.

use serde::Serialize;

use crate::constraints::capacity::{add, after_stop, Amount};
use crate::constraints::shift;
use crate::problem::{Problem, Task};
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
    /// The trips' ends: reloads between stops, in order (none: the route is one trip).
    pub reloads: Vec<Reload>,
}

/// A vehicle going back to a depot between two trips, to unload what it collected and load the
/// next trip ([`crate::problem::Reloads`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reload {
    /// It comes before stop `before` (an index into the route's stops, from 1 to the last).
    pub before: usize,
    /// The depot (an index into the problem's depots).
    pub depot: usize,
}

/// A reload as scheduled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReloadVisit {
    pub before: usize,
    pub depot: usize,
    pub arrival: Time,
    pub start: Time,
    pub departure: Time,
    /// On board leaving the depot: the next trip's deliveries.
    pub load_after: Amount,
}

/// One visit as scheduled: when the vehicle arrives, starts service and leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Visit {
    pub order: usize,
    pub arrival: Time,
    pub start: Time,
    pub departure: Time,
    /// Load on board when leaving this stop: deliveries still to drop, pickups and shipments
    /// collected and not yet handed over.
    pub load_after: Amount,
    /// How long after its last window closed service starts (0 when on time; only plans edited
    /// by hand are late).
    pub late_by: Time,
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

/// A route's timing and totals, computed by [`Route::schedule`]: the one schedule every view and
/// export shows, and what the route's cost counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// Leaving the start as late as the plan allows: just in time for the first stop (or its
    /// break), never before the shift starts; every visit is timed from it.
    pub departure: Time,
    pub visits: Vec<Visit>,
    /// The reloads between trips, in order.
    pub reloads: Vec<ReloadVisit>,
    pub rest: Option<BreakTaken>,
    pub return_time: Time,
    /// The end of work: the return, or the end of a break taken on arrival.
    pub off_duty: Time,
    pub distance: Dist,
    /// Loaded at the start: the first trip's deliveries from the depot.
    pub load: Amount,
    /// The most on board at any point, per dimension (pickups and shipments included).
    pub peak: Amount,
    /// Sum of lateness beyond windows, the shift end and the break window (0 when feasible).
    pub lateness: Time,
    /// When the vehicle must be off duty: its shift end, the end depot's closing, or the end of
    /// its maximum duration.
    pub shift_end: Time,
    /// How long after its window closed the break starts (0 when on time or without a break).
    pub break_late_by: Time,
}

impl Schedule {
    pub fn duration(&self) -> Time {
        self.off_duty - self.departure
    }

    /// How long the vehicle works past its shift end (0 when it is back in time).
    pub fn overtime(&self) -> Time {
        (self.off_duty - self.shift_end).max(0)
    }

    /// The route's cost for vehicle `v`: fixed, per distance and per hour of this schedule (0 for
    /// an empty route). Overtime is priced as time, like any other hour.
    pub fn cost(&self, problem: &Problem, v: usize) -> Cost {
        if self.visits.is_empty() {
            return 0;
        }
        problem.vehicles[v].costs.of_route(self.distance, self.duration())
    }
}

impl Route {
    /// The route's one schedule. It is driven as early as possible, with the break (if the
    /// vehicle has one) where the route is least late, then shortest; then the departure is
    /// delayed by the wait before the first service, so the vehicle leaves as late as the plan
    /// allows and every later time stays as it was.
    pub fn schedule(&self, problem: &Problem) -> Schedule {
        let vehicle = &problem.vehicles[self.vehicle];
        let working = shift::working_window(problem, self.vehicle);
        let positions: Vec<Option<usize>> = match vehicle.rest {
            Some(_) if !self.stops.is_empty() => (0..=self.stops.len()).map(Some).collect(),
            _ => vec![None],
        };
        let (early, slack) = positions
            .into_iter()
            .map(|k| {
                let early = self.drive(problem, working.start, k);
                let slack = early.slack_before_first_service(vehicle.rest);
                (early, slack)
            })
            .min_by_key(|(s, slack)| (s.lateness, s.duration() - slack, s.off_duty))
            .expect("at least one way to drive the route");
        if slack == 0 {
            return early;
        }
        // Without a break taken, the route is back before the break window opens; leaving
        // later changes nothing after the first service, so that stays true.
        let break_at = early.rest.map(|b| b.before_stop).or(vehicle.rest.map(|_| self.stops.len()));
        let late = self.drive(problem, working.start + slack, break_at);
        debug_assert_eq!((late.off_duty, late.lateness), (early.off_duty, early.lateness));
        late
    }

    /// Drives the route leaving at `leave`, with the break taken on arriving at stop `break_at`
    /// (0-based; the number of stops means on arriving at the end).
    fn drive(&self, problem: &Problem, leave: Time, break_at: Option<usize>) -> Schedule {
        let vehicle = &problem.vehicles[self.vehicle];
        let working = shift::working_window(problem, self.vehicle);
        let m = problem.matrix(self.vehicle);
        // The deliveries of the trip that begins at stop `from`.
        let loaded_for = |from: usize| {
            let to = self.reloads.iter().map(|r| r.before).find(|&b| b > from).unwrap_or(self.stops.len());
            self.stops[from.min(to)..to]
                .iter()
                .map(|&o| &problem.orders[o])
                .filter(|o| o.task == Task::Delivery)
                .fold([0; 3], |acc, o| add(acc, o.demand))
        };
        let load = loaded_for(0);
        let mut peak = load;
        let mut reloads = Vec::with_capacity(self.reloads.len());
        let reload_time = vehicle.reloads.as_ref().map_or(0, |r| r.duration);
        let mut visits = Vec::with_capacity(self.stops.len());
        let mut at = problem.vehicle_start(self.vehicle);
        let mut time = leave;
        let mut distance = 0;
        let mut lateness = 0;
        let mut break_late_by = 0;
        let mut on_board = load;
        let mut rest = None;
        let last = self.stops.len();
        let mut take_break = |before_stop: usize, time: &mut Time, lateness: &mut Time| {
            if let (Some(b), Some(k)) = (vehicle.rest, break_at) {
                // Back before the break window opens: no break needed.
                if k == before_stop && !(k == last && *time <= b.window.start) {
                    let start = b.start(*time);
                    break_late_by = (start - b.window.end).max(0);
                    *lateness += break_late_by;
                    *time = start + b.duration;
                    rest = Some(BreakTaken { before_stop, start, end: *time });
                }
            }
        };
        for (k, &o) in self.stops.iter().enumerate() {
            for reload in self.reloads.iter().filter(|r| r.before == k) {
                let depot = problem.depots[reload.depot].location;
                let arrival = time + m.time(at, depot);
                distance += m.dist(at, depot);
                let opening = problem.opening(reload.depot);
                let start = opening.earliest_start(arrival).unwrap_or_else(|| {
                    lateness += arrival - opening.envelope().end;
                    arrival
                });
                on_board = loaded_for(k);
                peak = std::array::from_fn(|d| peak[d].max(on_board[d]));
                let departure = start + reload_time;
                reloads.push(ReloadVisit {
                    before: k,
                    depot: reload.depot,
                    arrival,
                    start,
                    departure,
                    load_after: on_board,
                });
                (time, at) = (departure, depot);
            }
            let order = &problem.orders[o];
            let arrival = time + m.time(at, order.location);
            distance += m.dist(at, order.location);
            let mut ready = arrival;
            take_break(k, &mut ready, &mut lateness);
            let mut late_by = 0;
            let start = order.windows.earliest_start(ready).unwrap_or_else(|| {
                late_by = ready - order.windows.envelope().end;
                ready
            });
            lateness += late_by;
            let departure = start + order.service;
            on_board = after_stop(on_board, order.task, order.demand);
            peak = [peak[0].max(on_board[0]), peak[1].max(on_board[1]), peak[2].max(on_board[2])];
            visits.push(Visit { order: o, arrival, start, departure, load_after: on_board, late_by });
            time = departure;
            at = order.location;
        }
        let end = problem.vehicle_end(self.vehicle);
        let return_time = time + m.time(at, end);
        distance += m.dist(at, end);
        // A break not taken on the road is taken on arrival, still inside the shift.
        let mut off_duty = return_time;
        take_break(last, &mut off_duty, &mut lateness);
        lateness += (off_duty - working.end).max(0);
        Schedule {
            departure: leave,
            visits,
            reloads,
            rest,
            return_time,
            off_duty,
            distance,
            load,
            peak,
            lateness,
            shift_end: working.end,
            break_late_by,
        }
    }
}

impl Schedule {
    /// How much later the vehicle could leave without changing any service start: the wait
    /// before the first service (less the break when it is taken there, and never pushing the
    /// break past its window).
    fn slack_before_first_service(&self, rest: Option<crate::problem::Break>) -> Time {
        let Some(first) = self.visits.first() else { return 0 };
        if first.late_by > 0 {
            return 0;
        }
        match (self.rest, rest) {
            (Some(taken), Some(b)) if taken.before_stop == 0 => {
                if self.break_late_by > 0 {
                    return 0;
                }
                let before_break = (first.start - b.duration - first.arrival).max(0);
                before_break.min((b.window.end - first.arrival).max(0))
            }
            _ => first.start - first.arrival,
        }
    }
}

impl Route {
    /// The route's cost: fixed, per distance and per hour of its schedule (0 for an empty route).
    pub fn cost(&self, problem: &Problem) -> Cost {
        self.schedule(problem).cost(problem, self.vehicle)
    }

    /// Takes the stop at index `k` out and returns its order. Reloads keep their place between
    /// the stops they were between; one that no longer separates two trips (at either end of
    /// the route, or right after another) goes.
    pub fn remove_stop(&mut self, k: usize) -> usize {
        let order = self.stops.remove(k);
        for reload in &mut self.reloads {
            reload.before -= usize::from(reload.before > k);
        }
        let (len, mut previous) = (self.stops.len(), 0);
        self.reloads.retain(|r| {
            let keep = r.before > previous && r.before < len;
            previous = if keep { r.before } else { previous };
            keep
        });
        order
    }

    /// The places the route passes, as driven: its start, every stop with the reload depots
    /// between trips, its end (just the start and end for an empty route).
    pub fn path(&self, problem: &Problem) -> Vec<usize> {
        let mut reloads = self.reloads.iter().peekable();
        let mut path = Vec::with_capacity(self.stops.len() + self.reloads.len() + 2);
        path.push(problem.vehicle_start(self.vehicle));
        for (i, &o) in self.stops.iter().enumerate() {
            while let Some(reload) = reloads.next_if(|r| r.before == i) {
                path.push(problem.depots[reload.depot].location);
            }
            path.push(problem.order_location(o));
        }
        path.push(problem.vehicle_end(self.vehicle));
        path
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

/// A route by user ids: the vehicle's, its stops' in order, and its reloads (before which stop,
/// at which depot).
pub type RouteByIds = (String, Vec<String>, Vec<(usize, String)>);

impl Plan {
    /// A plan from user ids: each route a vehicle id and its stops' order ids; every order not
    /// routed is left out (its reason is asked of the engine). Errors name the unknown id or the
    /// order given twice.
    pub fn from_ids(problem: &Problem, routes: &[(String, Vec<String>)]) -> Result<Plan, String> {
        let routes: Vec<RouteByIds> = routes.iter().map(|(v, stops)| (v.clone(), stops.clone(), Vec::new())).collect();
        Plan::from_ids_with_reloads(problem, &routes)
    }

    /// [`Plan::from_ids`] with each route's reloads: `(before stop index, depot id)`. A reload
    /// not between two stops (after an edit moved stops away) is dropped; an unknown depot is an
    /// error.
    pub fn from_ids_with_reloads(problem: &Problem, routes: &[RouteByIds]) -> Result<Plan, String> {
        let vehicles: std::collections::HashMap<&str, usize> =
            problem.vehicles.iter().enumerate().map(|(k, v)| (v.id.as_str(), k)).collect();
        let orders: std::collections::HashMap<&str, usize> =
            problem.orders.iter().enumerate().map(|(k, o)| (o.id.as_str(), k)).collect();
        let mut routed = vec![false; problem.orders.len()];
        let mut used = vec![false; problem.vehicles.len()];
        let mut plan = Plan::default();
        let depots: std::collections::HashMap<&str, usize> =
            problem.depots.iter().enumerate().map(|(k, d)| (d.id.as_str(), k)).collect();
        for (vehicle, stops, reloads) in routes {
            let &v = vehicles.get(vehicle.as_str()).ok_or_else(|| format!("unknown vehicle '{vehicle}'"))?;
            if std::mem::replace(&mut used[v], true) {
                return Err(format!("vehicle '{vehicle}' has two routes"));
            }
            let mut route = Route { vehicle: v, stops: Vec::with_capacity(stops.len()), reloads: Vec::new() };
            for id in stops {
                let &o = orders.get(id.as_str()).ok_or_else(|| format!("unknown order '{id}'"))?;
                if std::mem::replace(&mut routed[o], true) {
                    return Err(format!("order '{id}' is in two places"));
                }
                route.stops.push(o);
            }
            for (before, depot) in reloads {
                let &d = depots.get(depot.as_str()).ok_or_else(|| format!("unknown depot '{depot}'"))?;
                if *before >= 1
                    && *before < route.stops.len()
                    && route.reloads.last().is_none_or(|r| r.before < *before)
                {
                    route.reloads.push(Reload { before: *before, depot: d });
                }
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
