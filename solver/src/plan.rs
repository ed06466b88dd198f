//! A plan: routes (a vehicle and its stops in order) and the orders left out, each with a reason.

use serde::Serialize;

use crate::problem::{add, Amount, Problem};
use crate::units::{Dist, Time};

/// Why an order is not in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnassignedReason {
    /// Its demand exceeds every vehicle's capacity, or no route had room left.
    Capacity,
    /// No vehicle can reach it inside its time window (and return within the shift).
    TimeWindow,
    /// Every vehicle was used and none could take it.
    Fleet,
}

impl UnassignedReason {
    pub fn describe(self) -> &'static str {
        match self {
            UnassignedReason::Capacity => "demand exceeds the capacity left on every vehicle",
            UnassignedReason::TimeWindow => "no vehicle can reach it within its time window",
            UnassignedReason::Fleet => "no vehicle left that can take it",
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

/// A route's timing and totals, computed by [`Route::schedule`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub departure: Time,
    pub visits: Vec<Visit>,
    pub return_time: Time,
    pub distance: Dist,
    pub load: Amount,
    /// Sum of lateness beyond windows and shift end (0 for a feasible route).
    pub lateness: Time,
}

impl Route {
    /// Drives the route as early as possible: leave the depot at shift start, wait at windows.
    pub fn schedule(&self, problem: &Problem) -> Schedule {
        let vehicle = &problem.vehicles[self.vehicle];
        let depot = problem.vehicle_location(self.vehicle);
        let load = self.stops.iter().fold([0; 3], |acc, &o| add(acc, problem.orders[o].demand));
        let mut visits = Vec::with_capacity(self.stops.len());
        let mut at = depot;
        let mut time = vehicle.shift.start.max(problem.depots[vehicle.depot].opening.start);
        let departure = time;
        let mut distance = 0;
        let mut lateness = 0;
        let mut on_board = load;
        for &o in &self.stops {
            let order = &problem.orders[o];
            let arrival = time + problem.matrix.time(at, order.location);
            distance += problem.matrix.dist(at, order.location);
            let start = arrival.max(order.window.start);
            lateness += (start - order.window.end).max(0);
            let leave = start + order.service;
            on_board = [on_board[0] - order.demand[0], on_board[1] - order.demand[1], on_board[2] - order.demand[2]];
            visits.push(Visit { order: o, arrival, start, departure: leave, load_after: on_board });
            time = leave;
            at = order.location;
        }
        let return_time = time + problem.matrix.time(at, depot);
        distance += problem.matrix.dist(at, depot);
        let close = vehicle.shift.end.min(problem.depots[vehicle.depot].opening.end);
        lateness += (return_time - close).max(0);
        Schedule { departure, visits, return_time, distance, load, lateness }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub routes: Vec<Route>,
    pub unassigned: Vec<Unassigned>,
}

/// The hierarchical objective: unassigned orders, then vehicles, then distance (lower is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Objective {
    pub unassigned: usize,
    pub vehicles: usize,
    pub distance: Dist,
}

impl Plan {
    pub fn objective(&self, problem: &Problem) -> Objective {
        Objective {
            unassigned: self.unassigned.len(),
            vehicles: self.routes.iter().filter(|r| !r.stops.is_empty()).count(),
            distance: self.distance(problem),
        }
    }

    pub fn distance(&self, problem: &Problem) -> Dist {
        self.routes.iter().map(|r| r.schedule(problem).distance).sum()
    }
}
