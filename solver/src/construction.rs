//! Building a first plan: sequential cheapest insertion.
//!
//! Routes are opened one vehicle at a time, seeded with the farthest order the vehicle can serve
//! on its own, and filled by the cheapest feasible insertion (each test O(1), see
//! [`crate::route_state`]). An optional order joins only where serving it costs less than its
//! value.

use crate::problem::Problem;
use crate::solution::{RouteState, Solution};

/// Builds a first solution by sequential cheapest insertion.
pub fn construct(problem: &Problem) -> Solution {
    let mut pending: Vec<usize> = (0..problem.orders.len()).collect();
    let mut solution = Solution::empty(problem);
    for vehicle in 0..problem.vehicles.len() {
        if pending.is_empty() {
            break;
        }
        let mut route = RouteState::new(problem, vehicle);
        let Some(seed_at) = pick_seed(problem, &route, &pending) else { continue };
        let order = pending.swap_remove(seed_at);
        route.insert(problem, order, 0);
        loop {
            let mut best: Option<(i64, usize, usize)> = None;
            for (k, &order) in pending.iter().enumerate() {
                if !problem.compatible(order, vehicle) || !route.has_room_for(problem, order) {
                    continue;
                }
                for i in 0..=route.stops.len() {
                    if let Some(delta) = route.insertion_delta(problem, order, i) {
                        let cost = route.insertion_cost(problem, order, i, delta);
                        if problem.orders[order].value.is_some_and(|value| cost > value) {
                            continue;
                        }
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
        for (position, &order) in route.stops.clone().iter().enumerate() {
            solution.insert(problem, order, vehicle, position);
        }
    }
    pending.sort_unstable();
    solution.unassigned = pending;
    solution
}

/// Chooses the order that opens a route: the farthest mandatory one the vehicle can serve on its
/// own (optional orders only when no mandatory one is left).
fn pick_seed(problem: &Problem, route: &RouteState, pending: &[usize]) -> Option<usize> {
    let start = problem.vehicle_start(route.vehicle);
    let m = problem.matrix(route.vehicle);
    pending
        .iter()
        .enumerate()
        .filter(|&(_, &o)| problem.compatible(o, route.vehicle) && route.insertion_delta(problem, o, 0).is_some())
        .map(|(k, &o)| (!problem.orders[o].is_optional(), m.dist(start, problem.orders[o].location), k))
        .max()
        .map(|(_, _, k)| k)
}
