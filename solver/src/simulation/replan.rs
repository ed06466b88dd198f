//! Re-planning in the middle of the day: what is not yet done is planned again, by the engine's
//! own search, from where every vehicle is at that moment.
//!
//! The rules (README, "Re-planning"):
//! - what is served, and the stop each vehicle is driving to or serving, is done: it stays;
//! - a vehicle on the road leaves from that stop when the control tower expects it to be done
//!   there; the goods on board stay on it (no other vehicle can take them; those its re-planned
//!   run has no room or time for it delivers last, late, and they take room to the end) and it
//!   takes no goods from a depot (it cannot load away from one);
//! - goods still to collect (returns, collections, shipments not yet picked up, same-day ones
//!   among them) are at the customer: any vehicle with room and time may fetch them, one on the
//!   road included. A run on the road that keeps its order (no event) fetches them where they add
//!   least without reordering its stops;
//! - goods wait at a depot: those of routes not yet gone at the depot the vehicle loads at, goods
//!   a breakdown left behind at the broken vehicle's depot once the recovery brings them back;
//!   only vehicles leaving that depot may take them. Same-day orders are at any depot;
//! - a vehicle back at its depot may go out again (it reloads there) within its shift, its
//!   maximum duration and range counted from its day's start, with the break still to take if
//!   it has not taken it;
//! - a vehicle that may reload (multiple trips) keeps that ability with the trips it has left; one
//!   on the road on a trip that ends at a reload depot finishes that trip as planned, and from the
//!   reload on it is a vehicle at that depot: it takes goods waiting there (its own later trips'
//!   among them, since they are there, not on board), goods collected on the trip unloaded;
//! - a vehicle that broke down is out for the day;
//! - every time rule is the plan's (shifts, windows, breaks, capacity, skills); fixed costs of
//!   vehicles already out are spent.
//!
//! The re-plan is a smaller problem: the same places and travel, the orders still to serve,
//! every vehicle still able to work as it stands. A vehicle on the road starts at a depot of its
//! own (its current stop) that only its goods are bound to; goods at a depot need a mark
//! (a skill only vehicles at a depot have), so no vehicle on the road takes them.

use super::day::RouteDay;
use super::journey::{drive, Planned, Run};
use crate::constraints::capacity::{after_stop, fits};
use crate::constraints::shift::working_window;
use crate::plan::{Plan, Reload, Route, Visit};
use crate::problem::{add, Depot, Problem, Reloads, Task, TimeWindow};
use crate::search::{reoptimise, Locks, SolveOptions};
use crate::units::{Dist, Time};

/// Where a vehicle stands when the re-plan is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    /// At depot `depot`, free to leave from `free`; `route` is its run still to leave (the
    /// index of its [`RouteDay`]), if it has one.
    AtDepot { depot: usize, free: Time, route: Option<usize> },
    /// On the road: `route`'s first `committed` stops are done or under way; free from `free`
    /// at the last of them.
    OnRoad { route: usize, committed: usize, free: Time },
    /// On the road on a trip that ends with a reload at `depot`: `route`'s first `committed`
    /// stops (the rest of that trip included) stay as they are; then it is at that depot,
    /// reloaded, free from `free`.
    Reloading { route: usize, committed: usize, depot: usize, free: Time },
    /// Broken down, or its day is over.
    Out,
}

/// What the re-plan gives one vehicle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Assignment {
    pub vehicle: usize,
    pub standing: Standing,
    /// The stops after what is done (on the road) or the whole run (at a depot).
    pub stops: Vec<usize>,
    /// The re-plan's schedule of them.
    pub departure: Time,
    pub visits: Vec<Visit>,
    /// Where the break is taken, counted in `stops`.
    pub break_at: Option<usize>,
    /// The reloads between its trips (`before` counted in `stops`; depots are the day's).
    pub reloads: Vec<Reload>,
}

impl Assignment {
    /// Nothing (more) to do.
    fn idle(vehicle: usize, standing: Standing, now: Time) -> Assignment {
        Assignment {
            vehicle,
            standing,
            stops: Vec::new(),
            departure: now,
            visits: Vec::new(),
            break_at: None,
            reloads: Vec::new(),
        }
    }
}

/// The outcome of one re-plan.
#[derive(Clone, Debug, Default)]
pub(crate) struct Replanned {
    pub assignments: Vec<Assignment>,
    /// Orders waiting at a depot (`None`: any) that no vehicle could take now, and goods still
    /// to collect that a vehicle on the road no longer goes for (`None`).
    pub left: Vec<(usize, Option<usize>)>,
    /// Orders on board (deliveries) that no longer fit their vehicle's plan: it delivers them
    /// last, late.
    pub late_on_board: Vec<(usize, usize)>,
    /// The re-plan's own problem and plan, for tests to check.
    #[cfg(test)]
    pub checked: Option<(Problem, Plan)>,
}

/// The day as the re-plan sees it.
pub(crate) struct Situation<'a> {
    pub routes: &'a [RouteDay],
    pub now: Time,
    /// Orders waiting at a depot (`None`: at whichever depot the vehicle leaves from).
    pub waiting: &'a [(usize, Option<usize>)],
    /// Postponing: the next time the dispatcher decides, and which orders are same-day ones.
    /// A same-day order that can still wait for it stays at the depot when the re-plan would
    /// send it out before then on a detour longer than the plan's mean leg.
    pub hold_until: Option<Time>,
    pub same_day: &'a [bool],
    /// May vehicles on the road change the order of their stops? (After an event; a re-plan
    /// that only dispatches leaves them alone, so customers told a time keep it.)
    pub resequence: bool,
}

/// How long before its window closes a held order must still be reachable straight from the
/// depot at the next decision.
const HOLD_SLACK: Time = 1_800 * crate::units::SCALE as Time;

/// Re-plans `situation` with the engine's search on `iterations` (0: orders waiting are only
/// inserted where they are cheapest, nothing else moves); deterministic for a seed.
pub(crate) fn replan(
    problem: &Problem,
    situation: &Situation,
    iterations: usize,
    seed: u64,
) -> Result<Replanned, String> {
    let standings: Vec<Standing> =
        (0..problem.vehicles.len()).map(|v| standing(problem, situation.routes, v, situation.now)).collect();
    let bit = problem.skills.len();
    if bit >= crate::constraints::skills::MAX_SKILLS {
        return Err(
            "re-planning marks goods at a depot with a skill, and this day names every skill there is".to_string()
        );
    }
    let mut parts = problem.to_parts();
    parts.skills.push("at a depot".to_string());
    let mut replanned = Replanned::default();
    let mut orders = Vec::new();
    let mut vehicles = Vec::new();
    let mut routes = Vec::new();
    let mut sub_orders = Vec::new();
    let mut sub_vehicles = Vec::new();
    let mut vehicles_on_road = Vec::new();
    for (v, &stand) in standings.iter().enumerate() {
        let original = &problem.vehicles[v];
        let window = working_window(problem, v);
        let spent = situation.routes.iter().any(|r| r.vehicle == v && situation.now >= r.departure);
        // The run's reloads still ahead, counted from its first stop still to plan.
        let ahead = |route: usize, from: usize| -> Vec<Reload> {
            let run = &situation.routes[route];
            run.reloads
                .iter()
                .filter(|r| r.before > from && r.before < run.stops.len())
                .map(|r| Reload { before: r.before - from, depot: r.depot })
                .collect()
        };
        let (free, depot, stops, reloads) = match stand {
            Standing::Out => continue,
            Standing::AtDepot { depot, free, route } => {
                let stops = route.map(|r| situation.routes[r].stops.clone()).unwrap_or_default();
                (free, depot, stops, route.map(|r| ahead(r, 0)).unwrap_or_default())
            }
            Standing::OnRoad { route, committed, free } => {
                let run = &situation.routes[route];
                parts.depots.push(Depot {
                    id: format!("{} on the road", original.id),
                    location: problem.orders[run.stops[committed - 1]].location,
                    opening: TimeWindow::new(free.min(window.end), window.end),
                });
                (free, parts.depots.len() - 1, run.stops[committed..].to_vec(), Vec::new())
            }
            Standing::Reloading { route, committed, depot, free } => {
                let run = &situation.routes[route];
                (free, depot, run.stops[committed..].to_vec(), ahead(route, committed))
            }
        };
        let driven = driven_before(problem, situation.routes, v, situation.now);
        let range_left = original.max_distance.map(|max| max - driven);
        let trips_left = original.reloads.as_ref().map(|r| r.max_trips.saturating_sub(trips_made(situation, v, stand)));
        if free >= window.end || range_left.is_some_and(|left| left <= 0) || trips_left == Some(0) {
            // Its day is over: goods on board are delivered late, goods at the depot wait.
            match stand {
                Standing::OnRoad { .. } => replanned.late_on_board.extend(stops.iter().map(|&o| (o, v))),
                _ => replanned.left.extend(stops.iter().map(|&o| (o, Some(depot)))),
            }
            replanned.assignments.push(Assignment::idle(v, stand, situation.now));
            continue;
        }
        let mut vehicle = original.clone();
        if let Standing::OnRoad { route, committed, .. } = stand {
            // What it has collected on this trip rides along to the depot and takes room.
            let run = &situation.routes[route];
            let trip = &run.stops[run.run().trip_start(committed - 1)..committed];
            let collected = trip
                .iter()
                .map(|&o| &problem.orders[o])
                .filter(|o| match o.task {
                    Task::Pickup => true,
                    Task::ShipmentPickup { delivery } => !run.stops[committed..].contains(&delivery),
                    Task::Delivery | Task::ShipmentDelivery { .. } => false,
                })
                .fold([0; 3], |load, o| add(load, o.demand));
            vehicle.capacity = std::array::from_fn(|d| (vehicle.capacity[d] - collected[d]).max(0));
        }
        // On the road it loads nothing more; at a depot it may make the trips it has left.
        vehicle.reloads = match (stand, original.reloads.as_ref(), trips_left) {
            (Standing::OnRoad { .. }, ..) => None,
            (_, Some(r), Some(left)) if left >= 2 => Some(Reloads { max_trips: left, ..r.clone() }),
            _ => None,
        };
        vehicle.start_depot = depot;
        vehicle.origin = None;
        vehicle.shift = TimeWindow::new(free.max(window.start), window.end);
        vehicle.max_duration = None;
        vehicle.max_distance = range_left;
        let break_in_trip = match stand {
            Standing::Reloading { route, committed, .. } => {
                situation.routes[route].break_at.is_some_and(|b| b < committed)
            }
            _ => false,
        };
        if break_in_trip || break_taken(situation.routes, v, situation.now) {
            vehicle.rest = None;
        }
        if spent {
            vehicle.costs.fixed = 0;
        }
        let on_road = matches!(stand, Standing::OnRoad { .. });
        if !on_road {
            vehicle.skills = vehicle.skills.with(bit);
        }
        let within = vehicle.reloads.as_ref().is_some_and(|r| reloads.len() < r.max_trips);
        let sub_v = vehicles.len();
        vehicles.push(vehicle);
        vehicles_on_road.push(on_road);
        sub_vehicles.push(v);
        let mut sub_stops = Vec::with_capacity(stops.len());
        for o in stops {
            // Bound to where its goods are: on this vehicle, or at this depot.
            let mut order = problem.orders[o].clone();
            order.depot = Some(depot);
            if !on_road {
                order.skills = order.skills.with(bit);
            }
            sub_stops.push(orders.len());
            orders.push(order);
            sub_orders.push(o);
        }
        let reloads = if within { reloads } else { Vec::new() };
        routes.push(Route { vehicle: sub_v, stops: sub_stops, reloads });
    }
    let waiting_from = orders.len();
    for &(o, depot) in situation.waiting {
        let mut order = problem.orders[o].clone();
        order.depot = depot.or(order.depot);
        order.skills = order.skills.with(bit);
        orders.push(order);
        sub_orders.push(o);
    }
    pair_again(&mut orders, &sub_orders);
    // Goods still to collect are at the customer, not on a vehicle nor at a depot: any vehicle
    // with room may fetch them, one on the road included.
    for (order, &full) in orders.iter_mut().zip(&sub_orders) {
        if order.task != Task::Delivery {
            order.depot = None;
            order.skills = problem.orders[full].skills;
        }
    }
    parts.orders = orders;
    parts.vehicles = vehicles;
    let sub = Problem::new(parts);
    // Without an event, runs on the road keep their order, unless it no longer works.
    let frozen = match situation.resequence {
        true => Vec::new(),
        false => routes
            .iter()
            .filter(|r| vehicles_on_road[r.vehicle])
            .filter(|r| crate::route_state::RouteState::with_stops(&sub, r.vehicle, r.stops.clone()).feasible)
            .map(|r| r.vehicle)
            .collect(),
    };
    let start = Plan { routes, unassigned: Vec::new() };
    let options = SolveOptions { max_iterations: iterations, time_limit_ms: f64::INFINITY, threads: 1, seed };
    let locks = Locks { heads: Vec::new(), frozen };
    let mut plan = reoptimise(&sub, &start, &locks, &options, &|| 0.0, &mut |_| true).plan;
    collect_on_the_way(&sub, &mut plan, &locks.frozen, waiting_from);
    if let Some(until) = situation.hold_until {
        hold(&sub, &mut plan, until, &|o| situation.same_day[sub_orders[o]], problem.depots.len());
    }

    let mut placed = vec![false; sub.orders.len()];
    for route in &plan.routes {
        let v = sub_vehicles[route.vehicle];
        let schedule = route.schedule(&sub);
        for &o in &route.stops {
            placed[o] = true;
        }
        let map =
            |visits: Vec<Visit>| visits.into_iter().map(|visit| Visit { order: sub_orders[visit.order], ..visit });
        replanned.assignments.push(Assignment {
            vehicle: v,
            standing: standings[v],
            stops: route.stops.iter().map(|&o| sub_orders[o]).collect(),
            departure: schedule.departure,
            visits: map(schedule.visits).collect(),
            break_at: schedule.rest.map(|b| b.before_stop),
            // The re-plan's depots are the day's, those of vehicles on the road after them.
            reloads: route.reloads.iter().filter(|r| r.depot < problem.depots.len()).copied().collect(),
        });
    }
    // Vehicles the re-plan left without stops.
    for (sub_v, &v) in sub_vehicles.iter().enumerate() {
        if !plan.routes.iter().any(|r| r.vehicle == sub_v) {
            replanned.assignments.push(Assignment::idle(v, standings[v], situation.now));
        }
    }
    for (o, &full) in sub_orders.iter().enumerate() {
        if placed[o] {
            continue;
        }
        let carrier = sub.orders[o]
            .depot
            .filter(|&d| d >= problem.depots.len())
            .and_then(|d| (0..sub.vehicles.len()).find(|&k| sub.vehicles[k].start_depot == d).map(|k| sub_vehicles[k]));
        match carrier {
            // Goods on board (a delivery, or a shipment's whose pickup is done) stay on it.
            Some(v) if sub.orders[o].task == Task::Delivery => replanned.late_on_board.push((full, v)),
            // Goods still to collect are not on board: they wait where they are for any vehicle
            // leaving a depot.
            Some(_) => replanned.left.push((full, None)),
            None => {
                let depot = situation.waiting.iter().find(|w| w.0 == full).map_or(sub.orders[o].depot, |w| w.1);
                replanned.left.push((full, depot));
            }
        }
    }
    // Goods on board delivered last take room to the end of the run, which the re-plan did not
    // count: what it would collect beyond the vehicle's capacity waits for another.
    for a in &mut replanned.assignments {
        let Standing::OnRoad { route, committed, .. } = a.standing else { continue };
        let late: Vec<usize> = replanned.late_on_board.iter().filter(|l| l.1 == a.vehicle).map(|l| l.0).collect();
        if !late.is_empty() {
            let uncollected = make_room(problem, &situation.routes[route], committed, a, &late);
            replanned.left.extend(uncollected.into_iter().map(|o| (o, None)));
        }
    }
    replanned.assignments.sort_by_key(|a| a.vehicle);
    #[cfg(test)]
    {
        replanned.checked = Some((sub, plan));
    }
    Ok(replanned)
}

/// Takes out of `a`, the re-plan of the run `day` on the road with its first `committed` stops
/// done or under way, the stops that collect goods beyond the vehicle's capacity once `late` (on
/// board, delivered after `a`'s stops) ride along; returns the orders taken out (a shipment
/// whole). What is on board is counted as the day drives it ([`Run::on_board_before`]).
fn make_room(problem: &Problem, day: &RouteDay, committed: usize, a: &mut Assignment, late: &[usize]) -> Vec<usize> {
    let capacity = problem.vehicles[a.vehicle].capacity;
    let reloads: Vec<Reload> = day.reloads.iter().filter(|r| r.before < committed).copied().collect();
    let mut taken = Vec::new();
    loop {
        let mut stops = day.stops[..committed].to_vec();
        stops.extend(&a.stops);
        stops.extend(late);
        let run = Run { stops: &stops, reloads: &reloads };
        let mut on_board = run.on_board_before(problem, committed);
        let over = a.stops.iter().position(|&o| {
            on_board = after_stop(on_board, problem.orders[o].task, problem.orders[o].demand);
            !fits(on_board, capacity)
        });
        // The load goes up only where goods are collected; above capacity before (on board
        // already), nothing is left to take out.
        let Some(k) =
            over.filter(|&k| matches!(problem.orders[a.stops[k]].task, Task::Pickup | Task::ShipmentPickup { .. }))
        else {
            return taken;
        };
        let mut out = vec![a.stops[k]];
        if let Task::ShipmentPickup { delivery } = problem.orders[a.stops[k]].task {
            out.push(delivery);
        }
        for &o in &out {
            if let Some(j) = a.stops.iter().position(|&s| s == o) {
                a.stops.remove(j);
                a.break_at = a.break_at.map(|b| if b > j { b - 1 } else { b });
            }
        }
        a.visits.retain(|v| !out.contains(&v.order));
        taken.extend(out);
    }
}

/// Points each shipment half of the re-plan's `orders` (copies of the day's orders
/// `sub_orders[k]`) at its other half's index in the re-plan. A delivery whose pickup is done is a
/// delivery of goods on board; a pickup whose delivery is gone (cancelled) brings its goods back
/// to the depot.
fn pair_again(orders: &mut [crate::problem::Order], sub_orders: &[usize]) {
    let index: std::collections::HashMap<usize, usize> = sub_orders.iter().enumerate().map(|(k, &o)| (o, k)).collect();
    for order in orders.iter_mut() {
        order.task = match order.task {
            Task::ShipmentPickup { delivery } => match index.get(&delivery) {
                Some(&d) => Task::ShipmentPickup { delivery: d },
                None => Task::Pickup,
            },
            Task::ShipmentDelivery { pickup } => match index.get(&pickup) {
                Some(&p) => Task::ShipmentDelivery { pickup: p },
                None => Task::Delivery,
            },
            task => task,
        };
    }
}

/// Takes out of the runs leaving a depot before `until` the same-day orders that can wait for
/// then and that cost a detour longer than the plan's mean leg (the orders of sub-problem depots
/// from `real_depots` on are on board: they never wait).
fn hold(sub: &Problem, plan: &mut Plan, until: Time, same_day: &dyn Fn(usize) -> bool, real_depots: usize) {
    let location = |o: usize| sub.orders[o].location;
    let (mut distance, mut legs) = (0, 0);
    for route in &plan.routes {
        let m = sub.matrix(route.vehicle);
        let mut at = sub.vehicle_start(route.vehicle);
        for &o in &route.stops {
            distance += m.dist(at, location(o));
            at = location(o);
        }
        distance += m.dist(at, sub.vehicle_end(route.vehicle));
        legs += route.stops.len() + 1;
    }
    let mean_leg = distance / legs.max(1) as Dist;
    let mut held = Vec::new();
    for route in &mut plan.routes {
        let v = route.vehicle;
        if sub.vehicles[v].start_depot >= real_depots || route.schedule(sub).departure >= until {
            continue;
        }
        let m = sub.matrix(v);
        let (home, end) = (sub.vehicle_start(v), sub.vehicle_end(v));
        let mut k = 0;
        while k < route.stops.len() {
            let o = route.stops[k];
            // A shipment's halves go together: neither waits alone.
            let can_wait = same_day(o)
                && matches!(sub.orders[o].task, Task::Delivery | Task::Pickup)
                && sub.orders[o].windows.envelope().end - until
                    >= m.time(home, location(o)) + sub.orders[o].service + HOLD_SLACK;
            let prev = if k == 0 { home } else { location(route.stops[k - 1]) };
            let next = route.stops.get(k + 1).map_or(end, |&n| location(n));
            let detour = m.dist(prev, location(o)) + m.dist(location(o), next) - m.dist(prev, next);
            if can_wait && detour > mean_leg {
                let order = route.remove_stop(k);
                held.push(crate::plan::Unassigned { order, reason: crate::plan::UnassignedReason::NotWorthIt });
            } else {
                k += 1;
            }
        }
    }
    plan.routes.retain(|r| !r.stops.is_empty());
    plan.unassigned.extend(held);
}

/// Runs on the road that keep their order (the vehicles `kept`: no event, customers were told
/// times) may still fetch goods waiting to be collected on the way. Each collection that was
/// waiting (the re-plan's orders from `waiting_from` on: a return or collection, or a shipment
/// with both halves) and that the search left out or sent on a run from a depot goes to the
/// kept run where it adds least, without reordering that run's stops, when that costs less than
/// what the search made of it.
fn collect_on_the_way(sub: &Problem, plan: &mut Plan, kept: &[usize], waiting_from: usize) {
    if kept.is_empty() {
        return;
    }
    let mut rng = crate::rng::Rng::new(0);
    let mut evaluated = 0;
    for pickup in waiting_from..sub.orders.len() {
        let delivery = match sub.orders[pickup].task {
            Task::Pickup => None,
            Task::ShipmentPickup { delivery } => Some(delivery),
            Task::Delivery | Task::ShipmentDelivery { .. } => continue,
        };
        let now_on = plan.routes.iter().position(|r| r.stops.contains(&pickup));
        // What the search's choice saves over serving it elsewhere: a place on a run from a
        // depot saves that run's cost without it; left out, any place is better.
        let saving = match now_on {
            Some(r) if kept.contains(&plan.routes[r].vehicle) => continue,
            Some(r) => {
                let mut without = plan.routes[r].clone();
                for o in std::iter::once(pickup).chain(delivery) {
                    if let Some(k) = without.stops.iter().position(|&s| s == o) {
                        without.remove_stop(k);
                    }
                }
                plan.routes[r].cost(sub) - without.cost(sub)
            }
            None => crate::units::Cost::MAX,
        };
        let carries = |v: usize| sub.compatible(pickup, v) && delivery.is_none_or(|d| sub.compatible(d, v));
        let mut best: Option<(crate::units::Cost, usize, usize, Option<usize>)> = None;
        for (r, route) in plan.routes.iter().enumerate() {
            if !kept.contains(&route.vehicle) || !carries(route.vehicle) {
                continue;
            }
            let state = crate::route_state::RouteState::with_stops(sub, route.vehicle, route.stops.clone());
            let found = match delivery {
                None => (0..=state.stops.len())
                    .filter_map(|i| state.detour(sub, pickup, i).map(|d| (state.insertion_cost(sub, d), i, None)))
                    .min_by_key(|found| found.0),
                Some(d) => crate::recreate::pair_insertion(sub, &state, pickup, d, 0, 0.0, &mut rng, &mut evaluated)
                    .map(|(i, j, detour)| (state.insertion_cost(sub, detour), i, Some(j))),
            };
            if let Some((cost, i, j)) = found.filter(|f| f.0 < saving && best.is_none_or(|b| f.0 < b.0)) {
                best = Some((cost, r, i, j));
            }
        }
        let Some((_, r, i, j)) = best else { continue };
        if let Some(from) = now_on {
            for o in std::iter::once(pickup).chain(delivery) {
                if let Some(k) = plan.routes[from].stops.iter().position(|&s| s == o) {
                    plan.routes[from].remove_stop(k);
                }
            }
        }
        let stops = &mut plan.routes[r].stops;
        stops.insert(i, pickup);
        if let (Some(j), Some(d)) = (j, delivery) {
            stops.insert(j, d);
        }
        plan.unassigned.retain(|u| u.order != pickup && Some(u.order) != delivery);
    }
    plan.routes.retain(|r| !r.stops.is_empty());
}

/// Where vehicle `v` stands at `now`, from its runs so far (the last one decides).
pub(crate) fn standing(problem: &Problem, routes: &[RouteDay], v: usize, now: Time) -> Standing {
    let Some((r, run)) = routes.iter().enumerate().rev().find(|(_, r)| r.vehicle == v) else {
        return Standing::AtDepot { depot: problem.vehicles[v].start_depot, free: now, route: None };
    };
    if !run.returned {
        return Standing::Out;
    }
    if now < run.departure {
        // Back from an earlier run first, if it had one.
        let back = routes[..r].iter().filter(|e| e.vehicle == v).map(|e| e.driven.off_duty).max();
        return Standing::AtDepot { depot: run.depot, free: back.map_or(now, |b| b.max(now)), route: Some(r) };
    }
    let Some(k) = run.driven.visits.iter().position(|visit| visit.departure > now) else {
        return Standing::AtDepot {
            depot: problem.vehicles[v].end_depot,
            free: now.max(run.driven.off_duty),
            route: None,
        };
    };
    // The rest of the run as the control tower forecasts it from where the vehicle is.
    let (first, start) = run.position(problem, now, k);
    let pending = run.break_at.filter(|&b| b >= first);
    let forecast = drive(problem, v, run.run(), first, start, pending, &Planned);
    // On its way to (or at) the reload before stop `k`, its trip is over; else stop `k` is under way.
    let to_depot = first == k && !start.reloaded && run.reloads.iter().any(|x| x.before == k);
    let committed = if to_depot { k } else { k + 1 };
    if let Some(reload) = run.reloads.iter().find(|x| x.before >= committed && x.before < run.stops.len()) {
        let made = forecast.reloads.iter().find(|x| x.before == reload.before);
        let free = made.map_or(start.time, |x| x.departure);
        return Standing::Reloading { route: r, committed: reload.before, depot: reload.depot, free };
    }
    let free = if first == k { forecast.visits[0].departure } else { start.time };
    Standing::OnRoad { route: r, committed, free }
}

/// The trips vehicle `v` has made or begun, the one under way to the next reload included, as
/// it stands.
fn trips_made(situation: &Situation, v: usize, stand: Standing) -> usize {
    let now = situation.now;
    let runs = situation.routes.iter().enumerate().filter(|(_, r)| r.vehicle == v && r.departure <= now);
    runs.map(|(k, run)| match stand {
        Standing::Reloading { route, committed, .. } if route == k => {
            1 + run.reloads.iter().filter(|x| x.before < committed).count()
        }
        _ => 1 + run.driven.reloads.len(),
    })
    .sum()
}

/// Distance vehicle `v` has driven before `now`, counting the leg under way to its next place
/// (a stop or a reload depot); for a vehicle finishing its trip before a reload, up to that
/// depot.
fn driven_before(problem: &Problem, routes: &[RouteDay], v: usize, now: Time) -> Dist {
    let m = problem.matrix(v);
    let reloading = match standing(problem, routes, v, now) {
        Standing::Reloading { route, committed, .. } => Some((route, committed)),
        _ => None,
    };
    routes
        .iter()
        .enumerate()
        .filter(|(_, r)| r.vehicle == v && r.departure <= now)
        .map(|(k, r)| {
            // Each place in order, and when the vehicle leaves it.
            let mut places = vec![(problem.depots[r.depot].location, r.departure)];
            for (j, visit) in r.driven.visits.iter().enumerate() {
                for reload in r.driven.reloads.iter().filter(|x| x.before == j) {
                    places.push((problem.depots[reload.depot].location, reload.departure));
                }
                places.push((problem.orders[visit.order].location, visit.departure));
            }
            places.push((problem.vehicle_end(v), Time::MAX));
            let until = match reloading {
                // Up to the reload depot ending the trip it finishes.
                Some((route, committed)) if route == k => {
                    committed + r.driven.reloads.iter().filter(|x| x.before <= committed).count()
                }
                // Each leg from a place left by `now`.
                _ => places.iter().take_while(|p| p.1 <= now).count(),
            };
            places[..(until + 1).min(places.len())].windows(2).map(|w| m.dist(w[0].0, w[1].0)).sum::<Dist>()
        })
        .sum()
}

/// True when vehicle `v` has taken its break, or is committed to take it, by `now`.
fn break_taken(routes: &[RouteDay], v: usize, now: Time) -> bool {
    routes.iter().filter(|r| r.vehicle == v && r.departure <= now).any(|r| {
        let under_way = r.driven.visits.iter().position(|visit| visit.departure > now).unwrap_or(r.stops.len());
        r.driven.rest.is_some_and(|b| b.before_stop <= under_way || b.start <= now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};
    use crate::search::solve;
    use crate::simulation::day::{simulate, DaySettings, Reaction};
    use crate::simulation::events::{same_day_collections, same_day_orders, Event};

    /// Re-plans at random moments of random days: each is feasible under the independent
    /// checker; what is done or under way is in no re-planned run; the goods on a vehicle on the
    /// road stay on it; a run leaving a depot takes only goods waiting there (or at any depot);
    /// every order still to serve is in exactly one place afterwards.
    #[test]
    fn replans_are_feasible_keep_what_is_done_and_never_move_goods() {
        let options = SolveOptions { max_iterations: 300, time_limit_ms: f64::INFINITY, ..Default::default() };
        let mut days: Vec<(u64, Problem, Plan)> = (0..8u64)
            .map(|seed| {
                let problem = city(&CitySpec::lyon("replan", 120 + 20 * seed as usize, seed));
                let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
                (seed, problem, plan)
            })
            .collect();
        // Days in trips: vehicles reload between trips, and keep doing so after a re-plan.
        days.extend((0..3u64).map(|seed| {
            let (problem, plan) = crate::simulation::journey::tests::city_in_trips(130, 60 + seed);
            (seed, problem, plan)
        }));
        let (mut reloading, mut fetched) = (0, 0);
        for (seed, mut problem, plan) in days {
            let mut events = same_day_orders(&mut problem, &plan, seed, 25).unwrap();
            events.extend(same_day_collections(&mut problem, &plan, seed, 10).unwrap());
            let day = simulate(&problem, &plan, &DaySettings { seed, ..Default::default() }, &[], &Reaction::NONE);
            let first = day.routes.iter().map(|r| r.departure).min().unwrap();
            let last = day.routes.iter().map(|r| r.driven.off_duty).max().unwrap();
            let mut same_day = vec![false; problem.orders.len()];
            for e in &events {
                if let Event::NewOrder { order, .. } = *e {
                    same_day[order] = true;
                }
            }
            for k in 1..5 {
                let now = first + (last - first) * k / 5;
                let waiting: Vec<(usize, Option<usize>)> = events
                    .iter()
                    .filter_map(|e| match *e {
                        Event::NewOrder { order, at } if at <= now => Some((order, None)),
                        _ => None,
                    })
                    .collect();
                let hold_until = (k % 2 == 0).then_some(now + crate::units::to_ticks(1800.0));
                let situation = Situation {
                    routes: &day.routes,
                    now,
                    waiting: &waiting,
                    hold_until,
                    same_day: &same_day,
                    resequence: k != 3,
                };
                let replanned = replan(&problem, &situation, 150, seed).unwrap();
                let (sub, sub_plan) = replanned.checked.as_ref().unwrap();
                assert_eq!(crate::checker::violations(sub, sub_plan), Vec::<String>::new(), "seed {seed} at {now}");
                for a in &replanned.assignments {
                    let allowed = problem.vehicles[a.vehicle].reloads.as_ref().map_or(&[][..], |r| &r.depots[..]);
                    assert!(a.reloads.iter().all(|r| allowed.contains(&r.depot) && r.before < a.stops.len()));
                    reloading += a.reloads.len();
                }

                let mut before: Vec<usize> = waiting.iter().map(|w| w.0).collect();
                let mut done = Vec::new();
                for (r, run) in day.routes.iter().enumerate() {
                    match standing(&problem, &day.routes, run.vehicle, now) {
                        Standing::OnRoad { route, committed, .. } if route == r => {
                            done.extend_from_slice(&run.stops[..committed]);
                            let a = replanned.assignments.iter().find(|a| a.vehicle == run.vehicle).unwrap();
                            let mut kept: Vec<usize> = a.stops.clone();
                            kept.extend(replanned.late_on_board.iter().filter(|l| l.1 == run.vehicle).map(|l| l.0));
                            let to_come = &run.stops[committed..];
                            // On board: deliveries, and shipments' whose pickup is done.
                            let on_board = |o: usize| match problem.orders[o].task {
                                Task::Delivery => true,
                                Task::ShipmentDelivery { pickup } => !to_come.contains(&pickup),
                                Task::Pickup | Task::ShipmentPickup { .. } => false,
                            };
                            for &o in to_come.iter().filter(|&&o| on_board(o)) {
                                assert!(kept.contains(&o), "the goods of {o} on {} stay on it", run.vehicle);
                            }
                            // Beyond its own goods it only collects (whatever it was to collect
                            // that it no longer does is collected by another or waits: see below).
                            let collects = |o: &usize| problem.orders[*o].task != Task::Delivery;
                            assert!(
                                kept.iter().all(|o| to_come.contains(o) || collects(o)),
                                "{} takes no goods from a depot",
                                run.vehicle
                            );
                            fetched += kept.iter().filter(|o| !to_come.contains(o)).count();
                            assert!(
                                replanned.late_on_board.iter().filter(|l| l.1 == run.vehicle).all(|l| on_board(l.0)),
                                "only goods on board are delivered late"
                            );
                            before.extend(to_come);
                        }
                        Standing::AtDepot { route: Some(route), .. } if route == r => before.extend(&run.stops),
                        // Its trip stays; its later trips' goods are at the depot it reloads at.
                        Standing::Reloading { route, committed, .. } if route == r => {
                            done.extend_from_slice(&run.stops[..committed]);
                            before.extend(&run.stops[committed..]);
                        }
                        _ => done.extend(run.driven.visits.iter().filter(|v| v.departure <= now).map(|v| v.order)),
                    }
                }
                let mut after: Vec<usize> =
                    replanned.assignments.iter().flat_map(|a| a.stops.iter().copied()).collect();
                after.extend(replanned.left.iter().map(|l| l.0));
                after.extend(replanned.late_on_board.iter().map(|l| l.0));
                for o in &after {
                    assert!(!done.contains(o), "order {o}, done or under way, is planned again");
                }
                for a in &replanned.assignments {
                    let (Standing::AtDepot { depot, .. } | Standing::Reloading { depot, .. }) = a.standing else {
                        continue;
                    };
                    // Goods of a run's trips after the reload it is bound for are at that depot.
                    let on_later_trips = |o: &usize| {
                        day.routes.iter().enumerate().any(|(r, run)| {
                            matches!(standing(&problem, &day.routes, run.vehicle, now),
                                Standing::Reloading { route, committed, depot: d, .. }
                                    if route == r && d == depot && run.stops[committed..].contains(o))
                        })
                    };
                    {
                        for o in &a.stops {
                            let loaded_here = problem.orders[*o].task != Task::Delivery
                                || waiting.iter().any(|&(w, at)| w == *o && at.is_none_or(|d| d == depot))
                                || on_later_trips(o)
                                || day
                                    .routes
                                    .iter()
                                    .any(|r| r.depot == depot && r.departure > now && r.stops.contains(o));
                            assert!(loaded_here, "order {o} leaves depot {depot} without being there");
                        }
                    }
                }
                before.sort_unstable();
                after.sort_unstable();
                assert_eq!(before, after, "every order still to serve is in one place");
            }
        }
        assert!(reloading > 0, "re-plans of days in trips plan trips");
        assert!(fetched > 0, "vehicles on the road collect on the way");
    }
}
