//! Building a first plan: sequential cheapest insertion with time windows and capacities.
//!
//! Routes are opened one vehicle at a time, seeded with a far-away or urgent order, and filled by
//! the cheapest feasible insertion. Each position keeps its earliest and latest service start, so
//! testing an insertion costs O(1) (Savelsbergh's forward/backward time slack).

use crate::plan::{Plan, Route, Unassigned, UnassignedReason};
use crate::problem::{fits, Problem};
use crate::solution::RouteState;

/// Builds a plan by sequential cheapest insertion.
pub fn construct(problem: &Problem) -> Plan {
    let mut pending: Vec<usize> = (0..problem.orders.len()).collect();
    let mut routes = Vec::new();
    for vehicle in 0..problem.vehicles.len() {
        if pending.is_empty() {
            break;
        }
        let mut route = RouteState::new(problem, vehicle);
        if let Some(seed_at) = pick_seed(problem, &route, &pending) {
            let order = pending.swap_remove(seed_at);
            route.insert(problem, order, 0);
        } else {
            continue;
        }
        loop {
            let mut best: Option<(i64, usize, usize)> = None;
            for (k, &order) in pending.iter().enumerate() {
                if !route.has_room_for(problem, order) {
                    continue;
                }
                for i in 0..=route.stops.len() {
                    if let Some(cost) = route.insertion_delta(problem, order, i) {
                        if best.is_none_or(|(b, _, _)| cost < b) {
                            best = Some((cost, k, i));
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
    let unassigned =
        pending.into_iter().map(|order| Unassigned { order, reason: reason_left_out(problem, order) }).collect();
    Plan { routes, unassigned }
}

/// Chooses the order that opens a route: the farthest one the vehicle can serve on its own.
fn pick_seed(problem: &Problem, route: &RouteState, pending: &[usize]) -> Option<usize> {
    let capacity = problem.vehicles[route.vehicle].capacity;
    pending
        .iter()
        .enumerate()
        .filter(|&(_, &o)| fits(problem.orders[o].demand, capacity) && route.insertion_delta(problem, o, 0).is_some())
        .map(|(k, &o)| (problem.matrix.dist(route.depot, problem.orders[o].location), k))
        .max()
        .map(|(_, k)| k)
}

/// Why an order could not be placed: checked against an empty route of every vehicle.
pub fn reason_left_out(problem: &Problem, order: usize) -> UnassignedReason {
    let demand = problem.orders[order].demand;
    if !problem.vehicles.iter().any(|v| fits(demand, v.capacity)) {
        return UnassignedReason::Capacity;
    }
    let reachable = (0..problem.vehicles.len()).any(|v| {
        fits(demand, problem.vehicles[v].capacity)
            && RouteState::new(problem, v).insertion_delta(problem, order, 0).is_some()
    });
    if reachable {
        UnassignedReason::Fleet
    } else {
        UnassignedReason::TimeWindow
    }
}
