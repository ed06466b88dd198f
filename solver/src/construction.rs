//! Building a first plan.
//!
//! Small problems (fewer than [`GRANULAR_FROM`] orders): sequential cheapest insertion. Routes
//! are opened one vehicle at a time, seeded with the farthest order the vehicle can serve on its
//! own, and filled by the cheapest feasible insertion (each test O(1), see
//! [`crate::route_state`]).
//!
//! Larger ones: every order in turn, in sweep order (by angle around the orders' centre, so a
//! route's orders arrive together), at its cheapest feasible position among the routes serving
//! its nearest neighbours, a new trip of any route that may reload (when none of those routes
//! fits: a trip starts at the depot wherever the route runs), or a new route of any kind of
//! vehicle (granular insertion, as the search's recreate does): O(route length) per order
//! instead of O(orders × route length). A new trip, without a vehicle's fixed cost, usually wins over
//! a vehicle brought in: that keeps a day of cargo bikes from running out of bikes before the
//! sweep has gone round.
//!
//! Either way an optional order joins only where serving it costs less than its value.
//!
//! The time limit holds here too: when `out_of_time` says so, the orders not yet placed stay
//! left out (their reason names the idle vehicles that could take them), and the search that
//! follows stops at once.

use crate::constraints::trips;
use crate::neighbours::Neighbours;
use crate::problem::{Problem, Task};
use crate::recreate::{on_new_trip, pair_insertion, unit, Scratch, GRANULAR_FROM};
use crate::rng::Rng;
use crate::solution::{RouteState, Solution};

/// Builds a first solution: sequential cheapest insertion on small problems, granular insertion
/// in sweep order on large ones (which asks `out_of_time` every [`CLOCK_EVERY`] orders).
pub fn construct(problem: &Problem, neighbours: &Neighbours, out_of_time: &dyn Fn() -> bool) -> Solution {
    if problem.orders.len() < GRANULAR_FROM {
        sequential(problem)
    } else {
        granular(problem, neighbours, out_of_time)
    }
}

/// Orders placed between two looks at the clock.
const CLOCK_EVERY: usize = 64;

/// Every order at its cheapest place among nearby routes or a new one, in sweep order.
fn granular(problem: &Problem, neighbours: &Neighbours, out_of_time: &dyn Fn() -> bool) -> Solution {
    let mut solution = Solution::empty(problem);
    let pending = placed_alone(problem, std::mem::take(&mut solution.unassigned));
    // No blinks: the generator is never drawn from.
    let mut rng = Rng::new(0);
    let mut evaluated = 0;
    let mut scratch = Scratch::default();
    let mut orders = sweep(problem, pending).into_iter().enumerate();
    for (k, order) in orders.by_ref() {
        if k % CLOCK_EVERY == 0 && k > 0 && out_of_time() {
            solution.unassigned.extend(unit(problem, &solution, order));
            break;
        }
        match scratch.best_insertion(
            problem,
            &solution,
            order,
            usize::MAX,
            Some(neighbours),
            0.0,
            &mut rng,
            &mut evaluated,
        ) {
            Some(insertion) if problem.orders[order].value.is_none_or(|value| insertion.added_cost <= value) => {
                solution.apply(problem, order, &insertion);
                scratch.changed(insertion.route);
            }
            _ => solution.unassigned.extend(unit(problem, &solution, order)),
        }
    }
    for (_, order) in orders {
        solution.unassigned.extend(unit(problem, &solution, order));
    }
    solution.unassigned.sort_unstable();
    solution
}

/// `orders` without the shipments' deliveries: each is placed with its pickup.
fn placed_alone(problem: &Problem, mut orders: Vec<usize>) -> Vec<usize> {
    orders.retain(|&o| !matches!(problem.orders[o].task, Task::ShipmentDelivery { .. }));
    orders
}

/// `orders` by angle around their centre (mandatory ones first), nearest the centre first on
/// the same ray.
fn sweep(problem: &Problem, mut orders: Vec<usize>) -> Vec<usize> {
    let point = |o: usize| problem.points[problem.orders[o].location];
    let n = orders.len().max(1) as f64;
    let (cx, cy) = orders.iter().fold((0.0, 0.0), |(x, y), &o| (x + point(o).x / n, y + point(o).y / n));
    let key = |o: usize| {
        let p = point(o);
        let (dx, dy) = (p.x - cx, p.y - cy);
        (problem.orders[o].is_optional(), dy.atan2(dx), dx * dx + dy * dy)
    };
    orders.sort_by(|&a, &b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(ka.2.total_cmp(&kb.2)).then(a.cmp(&b))
    });
    orders
}

/// Sequential cheapest insertion.
fn sequential(problem: &Problem) -> Solution {
    let mut pending = placed_alone(problem, (0..problem.orders.len()).collect());
    let mut solution = Solution::empty(problem);
    let mut rng = Rng::new(0);
    let mut evaluated = 0;
    for vehicle in 0..problem.vehicles.len() {
        if pending.is_empty() {
            break;
        }
        let mut route = RouteState::new(problem, vehicle);
        let Some(seed_at) = pick_seed(problem, &route, &pending) else { continue };
        let Some((place, _)) = best_on(problem, &route, pending[seed_at], &mut rng, &mut evaluated) else { continue };
        let order = pending.swap_remove(seed_at);
        put(problem, &mut route, order, place);
        loop {
            let mut best: Option<(i64, usize, Place)> = None;
            for (k, &order) in pending.iter().enumerate() {
                if !problem.compatible(order, vehicle) {
                    continue;
                }
                if let Some((place, cost)) = best_on(problem, &route, order, &mut rng, &mut evaluated) {
                    if problem.orders[order].value.is_some_and(|value| cost > value) {
                        continue;
                    }
                    if best.is_none_or(|(b, ..)| cost < b) {
                        best = Some((cost, k, place));
                    }
                }
            }
            match best {
                Some((_, k, place)) => {
                    let order = pending.swap_remove(k);
                    put(problem, &mut route, order, place);
                }
                None => break,
            }
        }
        for (position, &stop) in route.stops.clone().iter().enumerate() {
            match trips::depot_of(stop) {
                Some(depot) => solution.insert_reload(problem, vehicle, position, depot),
                None => solution.insert(problem, stop, vehicle, position),
            }
        }
    }
    pending.sort_unstable();
    solution.unassigned = pending.into_iter().flat_map(|o| unit(problem, &solution, o).collect::<Vec<_>>()).collect();
    solution.unassigned.sort_unstable();
    solution
}

/// Where `order` goes on `route`: a reload first at the end (a new trip, at that depot), the
/// order's position, its shipment's delivery's.
type Place = (Option<usize>, usize, Option<usize>);

/// The cheapest place of `order` (a shipment with its delivery) on `route`, on a new trip when
/// its trips have no room, and the cost added.
fn best_on(
    problem: &Problem,
    route: &RouteState,
    order: usize,
    rng: &mut Rng,
    evaluated: &mut u64,
) -> Option<(Place, i64)> {
    let found = if let Task::ShipmentPickup { delivery } = problem.orders[order].task {
        pair_insertion(problem, route, order, delivery, 0, 0.0, rng, evaluated)
            .map(|(i, j, detour)| ((None, i, Some(j)), route.insertion_cost(problem, detour)))
    } else if route.has_room_for(problem, order) {
        (0..=route.stops.len())
            .filter_map(|i| {
                route.detour(problem, order, i).map(|d| ((None, i, None), route.insertion_cost(problem, d)))
            })
            .min_by_key(|&((_, i, _), cost)| (cost, i))
    } else {
        None
    };
    found.or_else(|| {
        on_new_trip(problem, route, order, rng, evaluated, None)
            .map(|(depot, i, j, detour)| ((depot, i, j), route.insertion_cost(problem, detour)))
    })
}

/// Puts `order` on `route` where `place` says, its shipment's delivery after it.
fn put(problem: &Problem, route: &mut RouteState, order: usize, (new_trip, i, j): Place) {
    if let Some(depot) = new_trip {
        route.insert_reload(problem, route.stops.len(), depot);
    }
    route.insert(problem, order, i);
    if let (Task::ShipmentPickup { delivery }, Some(j)) = (problem.orders[order].task, j) {
        route.insert(problem, delivery, j);
    }
}

/// Chooses the order that opens a route: the farthest mandatory one the vehicle can serve on its
/// own (optional orders only when no mandatory one is left).
fn pick_seed(problem: &Problem, route: &RouteState, pending: &[usize]) -> Option<usize> {
    let start = problem.vehicle_start(route.vehicle);
    let m = problem.matrix(route.vehicle);
    pending
        .iter()
        .enumerate()
        .filter(|&(_, &o)| {
            problem.compatible(o, route.vehicle) && best_on(problem, route, o, &mut Rng::new(0), &mut 0).is_some()
        })
        .map(|(k, &o)| (!problem.orders[o].is_optional(), m.dist(start, problem.orders[o].location), k))
        .max()
        .map(|(_, _, k)| k)
}
