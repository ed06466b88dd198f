//! An independent plan checker, written apart from the search, the route state and the schedule
//! so it can judge them: every order routed once or unassigned, vehicle compatibility (skills,
//! fixed depot, reachability), the load on board after every stop within capacity (deliveries
//! loaded at the start, pickups kept to the end, shipments on board between their halves),
//! shipments whole (both halves on one trip, pickup first, or both left out), trips (reloads at
//! allowed depots while they are open, each trip within capacity, not too many), time windows,
//! shifts and maximum duration, the break (tried at every position), and range.

use crate::plan::Plan;
use crate::problem::{Problem, Task};
use crate::units::{Time, HORIZON, UNREACHABLE};

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
        if route.stops.iter().any(|&o| o >= problem.orders.len()) {
            found.push(format!("vehicle {} visits an unknown order", vehicle.id));
            continue;
        }
        // The trips: reloads at the vehicle's reload depots, between stops, not too many.
        let trip_starts: Vec<usize> = route.reloads.iter().map(|r| r.before).collect();
        if !route.reloads.is_empty() {
            match &vehicle.reloads {
                None => found.push(format!("vehicle {} reloads but may not", vehicle.id)),
                Some(allowed) => {
                    if route.reloads.len() + 1 > allowed.max_trips {
                        found.push(format!("vehicle {} makes more than {} trips", vehicle.id, allowed.max_trips));
                    }
                    if route.reloads.iter().any(|r| !allowed.depots.contains(&r.depot)) {
                        found.push(format!("vehicle {} reloads at a depot it may not", vehicle.id));
                    }
                }
            }
            let ordered = trip_starts.windows(2).all(|w| w[0] < w[1]);
            if !ordered || trip_starts.iter().any(|&b| b == 0 || b >= route.stops.len()) {
                found.push(format!(
                    "vehicle {} reloads before its first stop, after its last or twice in a row",
                    vehicle.id
                ));
            }
        }
        let trip_of = |k: usize| trip_starts.iter().filter(|&&b| b <= k).count();
        // On board at each trip's start: its deliveries from the depot.
        let loaded = |trip: usize| {
            let mut load = [0i64; 3];
            for (k, &o) in route.stops.iter().enumerate() {
                if trip_of(k) == trip && problem.orders[o].task == Task::Delivery {
                    for (d, l) in load.iter_mut().enumerate() {
                        *l += problem.orders[o].demand[d];
                    }
                }
            }
            load
        };
        let mut load = loaded(0);
        let mut overloaded = (0..3).any(|d| load[d] > vehicle.capacity[d]);
        for (k, &o) in route.stops.iter().enumerate() {
            if k > 0 && trip_of(k) != trip_of(k - 1) {
                load = loaded(trip_of(k));
                overloaded |= (0..3).any(|d| load[d] > vehicle.capacity[d]);
            }
            seen[o] += 1;
            let order = &problem.orders[o];
            let sign = match order.task {
                Task::Delivery | Task::ShipmentDelivery { .. } => -1,
                Task::Pickup | Task::ShipmentPickup { .. } => 1,
            };
            for (d, l) in load.iter_mut().enumerate() {
                *l += sign * order.demand[d];
            }
            overloaded |= (0..3).any(|d| load[d] > vehicle.capacity[d]);
            // The partner on this trip, on the right side.
            let partner_at = |p: usize| route.stops.iter().position(|&s| s == p).filter(|&j| trip_of(j) == trip_of(k));
            match order.task {
                Task::ShipmentPickup { delivery } if partner_at(delivery).is_none_or(|j| j < k) => found
                    .push(format!("order {} is picked up by vehicle {} but not delivered after", order.id, vehicle.id)),
                Task::ShipmentDelivery { pickup } if partner_at(pickup).is_none_or(|j| j > k) => found.push(format!(
                    "order {} is delivered by vehicle {} without its pickup before",
                    order.id, vehicle.id
                )),
                _ => {}
            }
            if order.skills.0 & !vehicle.skills.0 != 0 {
                found.push(format!("order {} needs a skill vehicle {} lacks", order.id, vehicle.id));
            }
            if order.depot.is_some_and(|d| d != vehicle.start_depot) {
                found.push(format!("order {} is loaded at the wrong depot by vehicle {}", order.id, vehicle.id));
            }
        }
        if overloaded {
            found.push(format!("vehicle {} is loaded beyond capacity", vehicle.id));
        }
        if route.stops.is_empty() {
            continue;
        }
        let matrix = &problem.profiles[vehicle.profile].matrix;
        let start_location = vehicle.origin.unwrap_or(problem.depots[vehicle.start_depot].location);
        let end_location = problem.depots[vehicle.end_depot].location;
        let mut path = vec![start_location];
        for (k, &o) in route.stops.iter().enumerate() {
            path.extend(route.reloads.iter().filter(|r| r.before == k).map(|r| problem.depots[r.depot].location));
            path.push(problem.orders[o].location);
        }
        path.push(end_location);
        let mut distance = 0;
        for leg in path.windows(2) {
            if matrix.time(leg[0], leg[1]) >= UNREACHABLE {
                found.push(format!("vehicle {} drives an unreachable leg", vehicle.id));
            }
            distance += matrix.dist(leg[0], leg[1]);
        }
        if vehicle.max_distance.is_some_and(|max| distance > max) {
            found.push(format!("vehicle {} drives beyond its range", vehicle.id));
        }
        // Earliest departure and latest return.
        let mut leave = vehicle.shift.start;
        if vehicle.origin.is_none() {
            leave = leave.max(problem.depots[vehicle.start_depot].opening.start);
        }
        let mut back_by = vehicle.shift.end.min(problem.depots[vehicle.end_depot].opening.end);
        if let Some(max) = vehicle.max_duration {
            back_by = back_by.min(leave + max);
        }
        let positions: Vec<Option<usize>> = match vehicle.rest {
            None => vec![None],
            Some(_) => (0..=route.stops.len()).map(Some).collect(),
        };
        let outcomes: Vec<Result<(), String>> =
            positions.iter().map(|&k| drive(problem, route, matrix, leave, back_by, k)).collect();
        if !outcomes.iter().any(Result::is_ok) {
            let first = outcomes.into_iter().find_map(Result::err).unwrap_or_default();
            found.push(format!("vehicle {}: {first}", vehicle.id));
        }
    }
    for u in &plan.unassigned {
        if let Some(count) = seen.get_mut(u.order) {
            *count += 1;
        } else {
            found.push(format!("unknown order {} listed as unassigned", u.order));
        }
    }
    let reason = |o: usize| plan.unassigned.iter().find(|u| u.order == o).map(|u| u.reason);
    for u in plan.unassigned.iter().filter(|u| u.order < problem.orders.len()) {
        if let Some(partner) = problem.orders[u.order].partner() {
            if reason(partner).is_some_and(|r| r != u.reason) {
                found.push(format!(
                    "the halves of shipment {} are left out for different reasons",
                    problem.orders[u.order].id
                ));
            }
        }
    }
    for (o, &count) in seen.iter().enumerate() {
        if count != 1 {
            found.push(format!("order {} appears {count} times (routed or unassigned)", problem.orders[o].id));
        }
    }
    found
}

/// Drives `route` from `leave`, with the break taken on arriving at stop `break_at` (the number
/// of stops: at the end); the first violation.
fn drive(
    problem: &Problem,
    route: &crate::plan::Route,
    matrix: &crate::problem::Matrix,
    leave: Time,
    back_by: Time,
    break_at: Option<usize>,
) -> Result<(), String> {
    let vehicle = &problem.vehicles[route.vehicle];
    let mut time = leave;
    let rest = |time: &mut Time, here: usize| -> Result<(), String> {
        if let (Some(b), Some(k)) = (vehicle.rest, break_at) {
            let back_before_break = here == route.stops.len() && *time <= b.window.start;
            if k == here && !back_before_break {
                let start = (*time).max(b.window.start);
                if start > b.window.end {
                    return Err("break starts after its window".to_string());
                }
                *time = start + b.duration;
            }
        }
        Ok(())
    };
    let mut at = vehicle.origin.unwrap_or(problem.depots[vehicle.start_depot].location);
    for (k, &o) in route.stops.iter().enumerate() {
        for reload in route.reloads.iter().filter(|r| r.before == k) {
            let depot = &problem.depots[reload.depot];
            time = (time + matrix.time(at, depot.location)).max(depot.opening.start);
            if time > depot.opening.end {
                return Err(format!("reloads at depot {} after it closes", depot.id));
            }
            time += vehicle.reloads.as_ref().map_or(0, |r| r.duration);
            at = depot.location;
        }
        let order = &problem.orders[o];
        time += matrix.time(at, order.location);
        rest(&mut time, k)?;
        let window = order.windows.as_slice().iter().find(|w| w.end >= time);
        match window {
            Some(w) => time = time.max(w.start),
            None => return Err(format!("order {} served late", order.id)),
        }
        time += order.service;
        at = order.location;
    }
    time += matrix.time(at, problem.depots[vehicle.end_depot].location);
    rest(&mut time, route.stops.len())?;
    if time > back_by || time > HORIZON {
        return Err("returns after its shift, maximum duration or the depot's closing".to_string());
    }
    Ok(())
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
        let depot = &problem.depots[vehicle.start_depot];
        let euclid = |a: usize, b: usize| {
            let (p, q) = (problem.points[a], problem.points[b]);
            ((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt()
        };
        let mut time = seconds(vehicle.shift.start.max(depot.opening.start));
        let mut at = depot.location;
        for &o in &route.stops {
            let Some(order) = problem.orders.get(o) else { continue };
            let window = order.windows.envelope();
            let leg = euclid(at, order.location);
            total += leg;
            time = (time + leg).max(seconds(window.start));
            if time > seconds(window.end) + EPS {
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
