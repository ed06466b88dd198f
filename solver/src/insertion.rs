//! The incremental question: can one more order join an existing plan, where, and at what cost?
//! (What checkout slot offers and manual re-planning ask, one order at a time.)

use crate::plan::{Plan, UnassignedReason};
use crate::problem::Problem;
use crate::reasons::why_left_out;
use crate::recreate::{Insertion, Scratch};
use crate::rng::Rng;
use crate::solution::Solution;
use crate::units::{Cost, Dist};

/// The answer for one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quote {
    /// It fits: on `vehicle`, as stop number `position` (0-based), adding `added_distance` and
    /// `added_cost`.
    Feasible { vehicle: usize, position: usize, added_distance: Dist, added_cost: Cost },
    /// It does not fit, and why.
    Infeasible(UnassignedReason),
}

/// Prices inserting `order` (which must not be routed in `plan`) without moving any other stop.
/// Unused vehicles may be opened.
pub fn quote(problem: &Problem, plan: &Plan, order: usize) -> Quote {
    let solution = Solution::from_plan(problem, plan);
    let mut evaluated = 0;
    let found = Scratch::default().best_insertion(
        problem,
        &solution,
        order,
        usize::MAX,
        None,
        0.0,
        &mut Rng::new(0),
        &mut evaluated,
    );
    match found {
        Some(Insertion { route, position, added_distance, added_cost, .. }) => {
            Quote::Feasible { vehicle: solution.routes[route].vehicle, position, added_distance, added_cost }
        }
        None => Quote::Infeasible(match why_left_out(problem, &solution, order) {
            UnassignedReason::NotWorthIt => UnassignedReason::Fleet,
            reason => reason,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::violations;
    use crate::generate::{generate, InstanceSpec};
    use crate::plan::{Route, Unassigned};
    use crate::search::{solve, SolveOptions};

    /// Take orders out of a solved plan one at a time: each quote, applied, gives a feasible plan
    /// whose distance grows by exactly the quoted amount.
    #[test]
    fn a_quote_applied_is_feasible_and_costs_what_it_said() {
        let problem = generate(&InstanceSpec::solomon_like("quote", 60, 21));
        let options = SolveOptions { max_iterations: 500, time_limit_ms: f64::INFINITY, ..Default::default() };
        let solved = solve(&problem, &options, &|| 0.0, &mut |_| true);
        let mut checked = 0;
        for victim in 0..problem.orders.len() {
            let mut plan = solved.clone();
            let Some(r) = plan.routes.iter().position(|r| r.stops.contains(&victim)) else { continue };
            plan.routes[r].stops.retain(|&o| o != victim);
            plan.unassigned.push(Unassigned { order: victim, reason: UnassignedReason::Fleet });
            let before = plan.distance(&problem);
            match quote(&problem, &plan, victim) {
                Quote::Feasible { vehicle, position, added_distance, .. } => {
                    plan.unassigned.retain(|u| u.order != victim);
                    match plan.routes.iter_mut().find(|r| r.vehicle == vehicle) {
                        Some(route) => route.stops.insert(position, victim),
                        None => plan.routes.push(Route { vehicle, stops: vec![victim], reloads: Vec::new() }),
                    }
                    assert!(violations(&problem, &plan).is_empty(), "order {victim}");
                    assert_eq!(plan.distance(&problem), before + added_distance);
                    assert!(added_distance <= solved.distance(&problem) - before, "no worse than where it was");
                    checked += 1;
                }
                Quote::Infeasible(reason) => panic!("order {victim} fitted before, now {reason:?}"),
            }
        }
        assert!(checked > 50);
    }

    #[test]
    fn an_order_heavier_than_any_vehicle_is_refused_for_capacity() {
        let mut spec = InstanceSpec::solomon_like("heavy", 10, 2);
        spec.capacity = 10.0;
        let problem = generate(&spec);
        let heavy = (0..problem.orders.len()).find(|&o| problem.orders[o].demand[0] > problem.vehicles[0].capacity[0]);
        let heavy = heavy.expect("an order above capacity");
        let plan =
            Plan { routes: vec![], unassigned: vec![Unassigned { order: heavy, reason: UnassignedReason::Capacity }] };
        assert_eq!(quote(&problem, &plan, heavy), Quote::Infeasible(UnassignedReason::Capacity));
    }
}
