//! Ruin: remove strings of consecutive stops from a few routes near a random seed order
//! (SISR, Christiaens & Vanden Berghe 2020). Removing neighbouring stops from several routes at
//! once gives the recreate step room to exchange customers between those routes. A shipment half
//! removed takes its other half with it.

use crate::neighbours::Neighbours;
use crate::problem::Problem;
use crate::rng::Rng;
use crate::solution::{Place, Solution};

/// SISR's parameters: average number of removed orders and maximum string length.
pub struct RuinParams {
    pub average_removed: f64,
    pub max_string: f64,
    /// Probability of extending the preserved part of a split string.
    pub split_rate: f64,
}

impl Default for RuinParams {
    fn default() -> Self {
        RuinParams { average_removed: 10.0, max_string: 10.0, split_rate: 0.5 }
    }
}

/// Removes strings from `solution` around a random routed order; the removed orders are appended
/// to `solution.unassigned`.
pub fn ruin(problem: &Problem, solution: &mut Solution, neighbours: &Neighbours, params: &RuinParams, rng: &mut Rng) {
    ruin_near(problem, solution, neighbours, params, None, rng)
}

/// Like [`ruin`], but when `near` is given the strings are taken from the routes closest to that
/// order (which may itself be unrouted): room is made where a left-out order needs it.
pub fn ruin_near(
    problem: &Problem,
    solution: &mut Solution,
    neighbours: &Neighbours,
    params: &RuinParams,
    near: Option<usize>,
    rng: &mut Rng,
) {
    let used = solution.vehicles_used();
    let routed: usize = solution.routes.iter().map(|r| r.stops.len()).sum();
    if used == 0 || routed == 0 {
        return;
    }
    let mean_len = routed as f64 / used as f64;
    let max_string = params.max_string.min(mean_len);
    let max_strings = 4.0 * params.average_removed / (1.0 + max_string) - 1.0;
    let strings = (rng.unit() * max_strings).floor() as usize + 1;

    let seed = match near {
        Some(order) => order,
        None => {
            let movable = |o: usize| solution.place(o) != Place::Unassigned && !solution.is_locked(o);
            // Draw until a movable order comes up (uniform among them); a day that is mostly
            // locked or left out falls back to listing them.
            let n = problem.orders.len();
            match (0..32).map(|_| rng.below(n)).find(|&o| movable(o)) {
                Some(o) => o,
                None => {
                    let all: Vec<usize> = (0..n).filter(|&o| movable(o)).collect();
                    if all.is_empty() {
                        return;
                    }
                    all[rng.below(all.len())]
                }
            }
        }
    };
    let mut ruined_routes = Vec::with_capacity(strings);
    for &c in std::iter::once(&seed).chain(neighbours.of(seed)) {
        if ruined_routes.len() >= strings {
            break;
        }
        let Place::Route(r) = solution.place(c) else { continue };
        if ruined_routes.contains(&r) {
            continue;
        }
        let route = &solution.routes[r];
        let first = solution.first_free(r);
        let at = route.stops.iter().position(|&o| o == c).unwrap_or(0);
        if at < first {
            continue; // locked
        }
        let len = route.stops.len() - first;
        let max_here = (max_string.min(len as f64)).floor().max(1.0) as usize;
        let string = 1 + rng.below(max_here);
        let removed = if string == len || rng.unit() < 0.5 {
            remove_string(problem, solution, r, at, string, rng)
        } else {
            remove_split_string(problem, solution, r, at, string, params.split_rate, rng)
        };
        solution.unassigned.extend(removed.iter().copied());
        // A shipment leaves its route whole.
        solution.drop_partners_of(problem, &removed);
        solution.tidy_reloads(problem, r);
        ruined_routes.push(r);
    }
}

/// Removes `string` consecutive stops of route `r` that include position `at`, all after the
/// route's locked head.
fn remove_string(problem: &Problem, s: &mut Solution, r: usize, at: usize, string: usize, rng: &mut Rng) -> Vec<usize> {
    let len = s.routes[r].stops.len();
    let lowest = at.saturating_sub(string - 1).max(s.first_free(r));
    let highest = at.min(len - string);
    let start = lowest + rng.below(highest - lowest + 1);
    s.remove_range(problem, r, start, string)
}

/// Removes `string` stops out of a window of `string + kept` consecutive stops around `at`,
/// keeping `kept` consecutive ones in the middle of that window.
fn remove_split_string(
    problem: &Problem,
    s: &mut Solution,
    r: usize,
    at: usize,
    string: usize,
    split_rate: f64,
    rng: &mut Rng,
) -> Vec<usize> {
    let first = s.first_free(r);
    let len = s.routes[r].stops.len() - first;
    let mut kept = 1;
    while string + kept < len && rng.unit() < split_rate {
        kept += 1;
    }
    let window = string + kept;
    if window > len {
        return remove_string(problem, s, r, at, string.min(len), rng);
    }
    let lowest = at.saturating_sub(window - 1).max(first);
    let highest = at.min(first + len - window);
    let start = lowest + rng.below(highest - lowest + 1);
    let keep_at = start + rng.below(string + 1);
    // Remove the part after the kept run first so indices stay valid.
    let after_start = keep_at + kept;
    let mut removed = s.remove_range(problem, r, after_start, start + window - after_start);
    removed.extend(s.remove_range(problem, r, start, keep_at - start));
    removed
}
