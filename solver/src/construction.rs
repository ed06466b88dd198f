//! Building a first plan: sequential cheapest insertion with time windows and capacities.
//!
//! Routes are opened one vehicle at a time, seeded with a far-away or urgent order, and filled by
//! the cheapest feasible insertion. Each position keeps its earliest and latest service start, so
//! testing an insertion costs O(1) (Savelsbergh's forward/backward time slack). The `noise` makes
//! randomized restarts explore different plans.

use crate::plan::{Plan, Route, Unassigned, UnassignedReason};
use crate::problem::{add, fits, Amount, Problem};
use crate::rng::Rng;
use crate::units::Time;

/// A route under construction with its timing slack.
struct OpenRoute {
    vehicle: usize,
    depot: usize,
    stops: Vec<usize>,
    load: Amount,
    /// Earliest service start at each node: [depot, stops..., depot].
    earliest: Vec<Time>,
    /// Latest service start at each node that keeps the rest of the route on time.
    latest: Vec<Time>,
}

impl OpenRoute {
    fn new(problem: &Problem, vehicle: usize) -> Self {
        let v = &problem.vehicles[vehicle];
        let opening = problem.depots[v.depot].opening;
        let start = v.shift.start.max(opening.start);
        let close = v.shift.end.min(opening.end);
        OpenRoute {
            vehicle,
            depot: problem.vehicle_location(vehicle),
            stops: Vec::new(),
            load: [0; 3],
            earliest: vec![start, start],
            latest: vec![close, close],
        }
    }

    /// Location and service time of node `i` (0 = start depot, last = end depot).
    fn node(&self, problem: &Problem, i: usize) -> (usize, Time) {
        if i == 0 || i == self.stops.len() + 1 {
            (self.depot, 0)
        } else {
            let order = &problem.orders[self.stops[i - 1]];
            (order.location, order.service)
        }
    }

    /// Distance added by inserting `order` after node `i`, or `None` when infeasible.
    fn insertion_cost(&self, problem: &Problem, order: usize, i: usize) -> Option<i64> {
        let o = &problem.orders[order];
        let (from, from_service) = self.node(problem, i);
        let (to, _) = self.node(problem, i + 1);
        let m = &problem.matrix;
        let start = (self.earliest[i] + from_service + m.time(from, o.location)).max(o.window.start);
        if start > o.window.end || start + o.service + m.time(o.location, to) > self.latest[i + 1] {
            return None;
        }
        Some(m.dist(from, o.location) + m.dist(o.location, to) - m.dist(from, to))
    }

    fn insert(&mut self, problem: &Problem, order: usize, i: usize) {
        self.stops.insert(i, order);
        self.load = add(self.load, problem.orders[order].demand);
        self.earliest.insert(i + 1, 0);
        self.latest.insert(i + 1, 0);
        self.update_times(problem);
    }

    fn update_times(&mut self, problem: &Problem) {
        let n = self.stops.len() + 2;
        let m = &problem.matrix;
        for i in 1..n {
            let (from, service) = self.node(problem, i - 1);
            let (to, _) = self.node(problem, i);
            let window_start = if i == n - 1 { 0 } else { problem.orders[self.stops[i - 1]].window.start };
            self.earliest[i] = (self.earliest[i - 1] + service + m.time(from, to)).max(window_start);
        }
        for i in (0..n - 1).rev() {
            let (from, service) = self.node(problem, i);
            let (to, _) = self.node(problem, i + 1);
            let window_end = if i == 0 { Time::MAX } else { problem.orders[self.stops[i - 1]].window.end };
            self.latest[i] = (self.latest[i + 1] - m.time(from, to) - service).min(window_end);
        }
    }
}

/// Builds a plan by sequential cheapest insertion. `noise` in `[0, 1)` perturbs choices.
pub fn construct(problem: &Problem, rng: &mut Rng, noise: f64) -> Plan {
    let mut pending: Vec<usize> = (0..problem.orders.len()).collect();
    let mut routes = Vec::new();
    for vehicle in 0..problem.vehicles.len() {
        if pending.is_empty() {
            break;
        }
        let mut route = OpenRoute::new(problem, vehicle);
        let capacity = problem.vehicles[vehicle].capacity;
        if let Some(seed_at) = pick_seed(problem, &route, &pending, rng, noise) {
            let order = pending.swap_remove(seed_at);
            route.insert(problem, order, 0);
        } else {
            continue;
        }
        loop {
            let mut best: Option<(f64, usize, usize)> = None;
            for (k, &order) in pending.iter().enumerate() {
                if !fits(add(route.load, problem.orders[order].demand), capacity) {
                    continue;
                }
                for i in 0..=route.stops.len() {
                    if let Some(cost) = route.insertion_cost(problem, order, i) {
                        let jitter = if noise > 0.0 { 1.0 + noise * (rng.unit() - 0.5) } else { 1.0 };
                        let score = cost as f64 * jitter;
                        if best.is_none_or(|(b, _, _)| score < b) {
                            best = Some((score, k, i));
                        }
                    }
                }
            }
            match best {
                Some((_, k, i)) => {
                    let order = pending.swap_remove(k);
                    route.insert(problem, order, i);
                }
                None => break,
            }
        }
        routes.push(Route { vehicle: route.vehicle, stops: route.stops });
    }
    pending.sort_unstable();
    let unassigned = pending
        .into_iter()
        .map(|order| Unassigned { order, reason: reason_left_out(problem, order) })
        .collect();
    Plan { routes, unassigned }
}

/// Chooses the order that opens a route: the farthest feasible one, randomized among the top few.
fn pick_seed(problem: &Problem, route: &OpenRoute, pending: &[usize], rng: &mut Rng, noise: f64) -> Option<usize> {
    let capacity = problem.vehicles[route.vehicle].capacity;
    let mut candidates: Vec<(i64, usize)> = pending
        .iter()
        .enumerate()
        .filter(|&(_, &o)| fits(problem.orders[o].demand, capacity) && route.insertion_cost(problem, o, 0).is_some())
        .map(|(k, &o)| (problem.matrix.dist(route.depot, problem.orders[o].location), k))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    candidates.sort_unstable_by(|a, b| b.cmp(a));
    let top = if noise > 0.0 { candidates.len().min(4) } else { 1 };
    Some(candidates[rng.below(top)].1)
}

/// Why an order could not be placed: checked against an empty route of every vehicle.
pub fn reason_left_out(problem: &Problem, order: usize) -> UnassignedReason {
    let demand = problem.orders[order].demand;
    if !problem.vehicles.iter().any(|v| fits(demand, v.capacity)) {
        return UnassignedReason::Capacity;
    }
    let reachable = (0..problem.vehicles.len()).any(|v| {
        fits(demand, problem.vehicles[v].capacity) && OpenRoute::new(problem, v).insertion_cost(problem, order, 0).is_some()
    });
    if reachable {
        UnassignedReason::Fleet
    } else {
        UnassignedReason::TimeWindow
    }
}
