//! Recreate: put left-out orders back one by one at their cheapest feasible position, skipping
//! each candidate position with a small "blink" probability (SISR's greedy insertion with blinks).

use crate::problem::Problem;
use crate::rng::Rng;
use crate::solution::Solution;
use crate::units::Dist;

pub struct RecreateParams {
    pub blink_rate: f64,
    /// How many routes may be in use (empty routes beyond it are not opened).
    pub max_routes: usize,
}

/// Orders in which the left-out orders are reinserted (SISR's weights 4:4:2:1).
#[derive(Clone, Copy, Debug)]
enum Sorting {
    Random,
    Demand,
    Far,
    Close,
}

fn pick_sorting(rng: &mut Rng) -> Sorting {
    match rng.below(11) {
        0..=3 => Sorting::Random,
        4..=7 => Sorting::Demand,
        8..=9 => Sorting::Far,
        _ => Sorting::Close,
    }
}

/// Reinserts `solution.unassigned`; what cannot be placed stays unassigned. `priority` (when
/// given) puts the orders with the highest value first, ahead of the random sorting. Returns the
/// number of insertion positions evaluated.
pub fn recreate(
    problem: &Problem,
    solution: &mut Solution,
    params: &RecreateParams,
    priority: Option<&[u32]>,
    rng: &mut Rng,
) -> u64 {
    let mut evaluated = 0u64;
    let mut pending = std::mem::take(&mut solution.unassigned);
    rng.shuffle(&mut pending);
    let depot_distance = |o: usize| {
        let d = problem.depots[0].location;
        problem.matrix.dist(d, problem.orders[o].location)
    };
    match pick_sorting(rng) {
        Sorting::Random => {}
        Sorting::Demand => pending.sort_by_key(|&o| std::cmp::Reverse(problem.orders[o].demand.iter().sum::<i64>())),
        Sorting::Far => pending.sort_by_key(|&o| std::cmp::Reverse(depot_distance(o))),
        Sorting::Close => pending.sort_by_key(|&o| depot_distance(o)),
    }
    if let Some(weights) = priority {
        pending.sort_by_key(|&o| std::cmp::Reverse(weights[o]));
    }
    let mut used = solution.vehicles_used();
    for order in pending {
        let mut best: Option<(Dist, usize, usize)> = None;
        // Empty routes of identical vehicles are interchangeable: try one of each kind.
        let mut tried_empty: Vec<usize> = Vec::new();
        for (r, route) in solution.routes.iter().enumerate() {
            if route.is_empty() {
                if used >= params.max_routes || tried_empty.iter().any(|&v| problem.same_vehicle_kind(v, route.vehicle))
                {
                    continue;
                }
                tried_empty.push(route.vehicle);
            }
            if !route.has_room_for(problem, order) {
                continue;
            }
            evaluated += route.stops.len() as u64 + 1;
            for i in 0..=route.stops.len() {
                if params.blink_rate > 0.0 && rng.unit() < params.blink_rate {
                    continue;
                }
                if let Some(delta) = route.insertion_delta(problem, order, i) {
                    if best.is_none_or(|(b, _, _)| delta < b) {
                        best = Some((delta, r, i));
                    }
                }
            }
        }
        match best {
            Some((_, r, i)) => {
                if solution.routes[r].is_empty() {
                    used += 1;
                }
                solution.routes[r].insert(problem, order, i);
            }
            None => solution.unassigned.push(order),
        }
    }
    evaluated
}
