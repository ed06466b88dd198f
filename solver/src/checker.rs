//! An independent plan checker, written apart from the search and the construction code so it can
//! judge them: every order routed once or unassigned, capacities, time windows, shifts.

use crate::plan::Plan;
use crate::problem::Problem;

/// Returns every violation found in `plan` (an empty list means the plan is feasible).
pub fn violations(problem: &Problem, plan: &Plan) -> Vec<String> {
    let mut found = Vec::new();
    let mut seen = vec![0usize; problem.orders.len()];
    let mut vehicle_used = vec![false; problem.vehicles.len()];
    for route in &plan.routes {
        let Some(vehicle) = problem.vehicles.get(route.vehicle) else {
            found.push(format!("route uses unknown vehicle {}", route.vehicle));
            continue;
        };
        if std::mem::replace(&mut vehicle_used[route.vehicle], true) {
            found.push(format!("vehicle {} drives two routes", vehicle.id));
        }
        let depot = &problem.depots[vehicle.depot];
        let mut load = [0i64; 3];
        let mut time = vehicle.shift.start.max(depot.opening.start);
        let mut at = depot.location;
        for &o in &route.stops {
            let Some(order) = problem.orders.get(o) else {
                found.push(format!("vehicle {} visits unknown order {o}", vehicle.id));
                continue;
            };
            seen[o] += 1;
            for (d, l) in load.iter_mut().enumerate() {
                *l += order.demand[d];
            }
            time += problem.matrix.time(at, order.location);
            time = time.max(order.window.start);
            if time > order.window.end {
                found.push(format!("order {} served late by vehicle {}", order.id, vehicle.id));
            }
            time += order.service;
            at = order.location;
        }
        time += problem.matrix.time(at, depot.location);
        if time > vehicle.shift.end.min(depot.opening.end) {
            found.push(format!("vehicle {} returns after its shift or the depot closes", vehicle.id));
        }
        if (0..3).any(|d| load[d] > vehicle.capacity[d]) {
            found.push(format!("vehicle {} is loaded beyond capacity", vehicle.id));
        }
    }
    for u in &plan.unassigned {
        if let Some(count) = seen.get_mut(u.order) {
            *count += 1;
        } else {
            found.push(format!("unknown order {} listed as unassigned", u.order));
        }
    }
    for (o, &count) in seen.iter().enumerate() {
        if count != 1 {
            found.push(format!("order {} appears {count} times (routed or unassigned)", problem.orders[o].id));
        }
    }
    found
}

/// Re-checks a plan on a planar problem from the raw coordinates in double precision, the way the
/// benchmark literature computes it (travel time = Euclidean distance, unrounded), without the
/// engine's integer matrix. Returns the violations and the plan's total distance.
pub fn planar_check(problem: &Problem, plan: &Plan) -> (Vec<String>, f64) {
    const EPS: f64 = 1e-6;
    let mut found = violations(problem, plan);
    let seconds = |t: i64| t as f64 / crate::units::SCALE;
    let mut total = 0.0;
    for route in &plan.routes {
        let Some(vehicle) = problem.vehicles.get(route.vehicle) else { continue };
        let depot = &problem.depots[vehicle.depot];
        let euclid = |a: usize, b: usize| {
            let (p, q) = (problem.points[a], problem.points[b]);
            ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt()
        };
        let mut time = seconds(vehicle.shift.start.max(depot.opening.start));
        let mut at = depot.location;
        for &o in &route.stops {
            let Some(order) = problem.orders.get(o) else { continue };
            let leg = euclid(at, order.location);
            total += leg;
            time = (time + leg).max(seconds(order.window.start));
            if time > seconds(order.window.end) + EPS {
                found.push(format!("order {} starts at {time:.6}, after its due date", order.id));
            }
            time += seconds(order.service);
            at = order.location;
        }
        let leg = euclid(at, depot.location);
        total += leg;
        if time + leg > seconds(vehicle.shift.end.min(depot.opening.end)) + EPS {
            found.push(format!("vehicle {} returns at {:.6}, after the depot closes", vehicle.id, time + leg));
        }
    }
    (found, total)
}
