//! Recreate: put left-out orders back one by one at their cheapest feasible position, skipping
//! each candidate position with a small "blink" probability (SISR's greedy insertion with blinks).
//!
//! A shipment goes back as one: its pickup and its delivery on one route, the pickup first
//! ([`pair_insertion`]); when no route takes both, both stay out.
//!
//! On a large day an order looks at the routes near it, then, where none in use fits, at a new
//! trip on any route that may reload (a trip starts at the depot wherever the route runs). After
//! a ruin, an order that was already left out is tried again only when a route near it changed
//! ([`RecreateParams::ruined_from`]), so a day with a thousand orders left out does not try
//! every one of them at every step.

use crate::constraints::trips;
use crate::neighbours::Neighbours;
use crate::problem::{Problem, Task};
use crate::rng::Rng;
use crate::route_state::{Detour, RouteState};
use crate::solution::{Place, Solution};
use crate::units::{Cost, Dist, Time};

pub struct RecreateParams<'a> {
    pub blink_rate: f64,
    /// How many routes may be in use (empty routes beyond it are not opened).
    pub max_routes: usize,
    /// On large problems, look only at the routes serving an order's nearest neighbours.
    pub neighbours: Option<&'a Neighbours>,
    /// Per order, true when no vehicle could serve it even alone: such orders stay left out
    /// without being tried (on a large day they would cost more than the rest of the step).
    pub hopeless: Option<&'a [bool]>,
    /// The solution the ruin started from. With it, on a large day where no route can be opened,
    /// an order already left out there is tried again only when the ruin changed a route near it
    /// ([`unchanged_around`]): elsewhere it found no place then and finds none now. `None` tries
    /// every order left out (the search does every so often, so none is forgotten).
    pub ruined_from: Option<&'a Solution>,
}

/// From this many orders on, recreate looks only at nearby routes (granular insertion).
pub const GRANULAR_FROM: usize = 300;
/// How many nearest neighbours decide which routes are nearby.
const NEARBY: usize = 40;

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
    // A shipment travels as its pickup: the delivery comes along when it is out too.
    pending.retain(|&o| {
        !matches!(problem.orders[o].task,
            Task::ShipmentDelivery { pickup } if solution.place(pickup) == Place::Unassigned)
    });
    if let Some(hopeless) = params.hopeless {
        for &o in pending.iter().filter(|&&o| hopeless[o]) {
            solution.unassigned.extend(unit(problem, solution, o));
        }
        pending.retain(|&o| !hopeless[o]);
    }
    if let (Some(before), Some(neighbours)) = (params.ruined_from, params.neighbours) {
        if problem.orders.len() >= GRANULAR_FROM && !can_open_a_route(solution, params.max_routes) {
            let (kept_out, tried): (Vec<usize>, Vec<usize>) = {
                let unchanged = unchanged_around(problem, before, solution, neighbours);
                pending.into_iter().partition(|&o| before.place(o) == Place::Unassigned && unchanged(o))
            };
            pending = tried;
            for o in kept_out {
                solution.unassigned.extend(unit(problem, solution, o));
            }
        }
    }
    rng.shuffle(&mut pending);
    let depot_distance = |o: usize| problem.default_matrix().dist(problem.vehicle_start(0), problem.orders[o].location);
    match pick_sorting(rng) {
        Sorting::Random => {}
        Sorting::Demand => pending.sort_by_key(|&o| std::cmp::Reverse(problem.orders[o].demand.iter().sum::<i64>())),
        Sorting::Far => pending.sort_by_key(|&o| std::cmp::Reverse(depot_distance(o))),
        Sorting::Close => pending.sort_by_key(|&o| depot_distance(o)),
    }
    if let Some(weights) = priority {
        pending.sort_by_key(|&o| std::cmp::Reverse(weights[o]));
    }
    let mut scratch = Scratch::default();
    for order in pending {
        let nearby = params.neighbours.filter(|_| problem.orders.len() >= GRANULAR_FROM);
        match scratch.best_insertion(
            problem,
            solution,
            order,
            params.max_routes,
            nearby,
            params.blink_rate,
            rng,
            &mut evaluated,
        ) {
            Some(insertion) if problem.orders[order].value.is_none_or(|value| insertion.added_cost <= value) => {
                solution.apply(problem, order, &insertion);
                scratch.changed(insertion.route);
            }
            _ => solution.unassigned.extend(unit(problem, solution, order)),
        }
    }
    evaluated
}

/// True when an empty route may still be opened: some vehicle is idle and fewer than
/// `max_routes` are in use.
fn can_open_a_route(solution: &Solution, max_routes: usize) -> bool {
    solution.vehicles_used() < max_routes && solution.idle_of_each_kind().next().is_some()
}

/// Whether an order's nearby routes — those [`Scratch::best_insertion`] looks at on a large day,
/// as they were in `before` — are all unchanged in `after` (routes are shared between copies
/// until one changes, so an unchanged route is the very same one). An order that found no place
/// in `before` finds none among them in `after` either (more stops only leave less room, and a
/// ruin that emptied a route would let one be opened). A new trip on a route far from it, which
/// the ruin may have shortened, is not looked for this way: the search tries every order left
/// out every so often.
pub fn unchanged_around<'a>(
    problem: &'a Problem,
    before: &'a Solution,
    after: &'a Solution,
    neighbours: &'a Neighbours,
) -> impl Fn(usize) -> bool + 'a {
    let changed: Vec<bool> =
        before.routes.iter().zip(&after.routes).map(|(b, a)| !std::sync::Arc::ptr_eq(b, a)).collect();
    let near_unchanged = move |o: usize| {
        neighbours.of(o).iter().take(NEARBY).all(|&n| match before.place(n) {
            Place::Route(r) => !changed[r],
            Place::Unassigned => true,
        })
    };
    move |o: usize| near_unchanged(o) && problem.orders[o].partner().is_none_or(&near_unchanged)
}

/// The orders that go in or stay out with `order`: itself, and its shipment's delivery when
/// `order` is the pickup and the delivery is out too.
pub fn unit(problem: &Problem, solution: &Solution, order: usize) -> impl Iterator<Item = usize> {
    let along = match problem.orders[order].task {
        Task::ShipmentPickup { delivery } if solution.place(delivery) == Place::Unassigned => Some(delivery),
        _ => None,
    };
    std::iter::once(order).chain(along)
}

/// Where an order would go and what it would add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insertion {
    pub route: usize,
    /// Index in the route's stops the order would take (a shipment's pickup, for a shipment).
    pub position: usize,
    /// For a shipment, the index its delivery would take once the pickup is in.
    pub delivery_at: Option<usize>,
    /// A new trip: a reload at this depot goes at the end of the route first, then the order
    /// (at `position`, counted with the reload in).
    pub new_trip: Option<usize>,
    pub added_distance: Dist,
    /// What the insertion adds to the cost (distance and time rates, the fixed cost of opening).
    pub added_cost: Cost,
}

/// What [`Scratch::best_insertion`] needs between calls, kept by a caller that makes many (a
/// recreate pass, a construction) so that a large day's thousands of insertions allocate
/// nothing; a single question takes `Scratch::default()`.
#[derive(Default)]
pub struct Scratch {
    routes: Vec<usize>,
    tried_empty: Vec<usize>,
    legs: Vec<(Time, Dist)>,
    next_trips: NextTrips,
}

/// Routes with a reload at their end, by route and depot: what [`on_new_trip`] tries an order
/// after. Made once per route while it does not change (its user says when it does:
/// [`Scratch::changed`]), so a day of thousands of orders left out does not copy every full
/// route for each of them.
#[derive(Default)]
pub struct NextTrips {
    /// Per route, `(depot, the route with a reload there at its end)`.
    by_route: Vec<Vec<(usize, RouteState)>>,
}

impl NextTrips {
    /// Route `r` (as `route`) with a reload at `depot` at its end.
    fn of(&mut self, problem: &Problem, r: usize, route: &RouteState, depot: usize) -> &RouteState {
        if self.by_route.len() <= r {
            self.by_route.resize_with(r + 1, Vec::new);
        }
        let kept = &mut self.by_route[r];
        let k = match kept.iter().position(|(d, _)| *d == depot) {
            Some(k) => k,
            None => {
                let mut trip = route.clone();
                trip.insert_reload(problem, route.stops.len(), depot);
                kept.push((depot, trip));
                kept.len() - 1
            }
        };
        &kept[k].1
    }

    fn forget(&mut self, r: usize) {
        if let Some(kept) = self.by_route.get_mut(r) {
            kept.clear();
        }
    }
}

impl Scratch {
    /// Says that route `r` changed (an order was put on it): what was kept of it goes.
    pub fn changed(&mut self, r: usize) {
        self.next_trips.forget(r);
    }

    /// The cheapest feasible position for `order` on a compatible vehicle, or `None`. A
    /// shipment's half (either) is placed with its other half ([`pair_insertion`]). Empty routes are opened only while
    /// fewer than `max_routes` are in use; with `nearby`, only routes serving one of the order's
    /// nearest neighbours (and empty ones) are tried, and where none of those in use fits, a new
    /// trip ([`on_new_trip`]) on any other route that may make one; each position is skipped
    /// with probability `blink_rate`. `evaluated` counts the positions looked at.
    #[allow(clippy::too_many_arguments)]
    pub fn best_insertion(
        &mut self,
        problem: &Problem,
        solution: &Solution,
        order: usize,
        max_routes: usize,
        nearby: Option<&Neighbours>,
        blink_rate: f64,
        rng: &mut Rng,
        evaluated: &mut u64,
    ) -> Option<Insertion> {
        let used = solution.vehicles_used();
        let mut best: Option<Insertion> = None;
        let pair = match problem.orders[order].task {
            Task::ShipmentPickup { delivery } => Some((order, delivery)),
            Task::ShipmentDelivery { pickup } => Some((pickup, order)),
            Task::Delivery | Task::Pickup => None,
        };
        let Scratch { routes, tried_empty, legs, next_trips } = self;
        routes.clear();
        match nearby {
            Some(neighbours) => {
                let routes_near = |o: usize| {
                    neighbours.of(o).iter().take(NEARBY).filter_map(|&o| match solution.place(o) {
                        Place::Route(r) => Some(r),
                        Place::Unassigned => None,
                    })
                };
                routes.extend(routes_near(order));
                if let Some((pickup, delivery)) = pair {
                    routes.extend(routes_near(if pickup == order { delivery } else { pickup }));
                }
                routes.sort_unstable();
                routes.dedup();
                routes.extend(solution.idle_of_each_kind());
            }
            None => routes.extend(0..solution.routes.len()),
        }
        // Empty routes of identical vehicles are interchangeable: try one of each kind.
        tried_empty.clear();
        for &r in routes.iter() {
            let route = &solution.routes[r];
            if route.is_empty() {
                if used >= max_routes || tried_empty.iter().any(|&v| problem.same_vehicle_kind(v, route.vehicle)) {
                    continue;
                }
                tried_empty.push(route.vehicle);
            }
            if solution.frozen[r] || !problem.compatible(order, route.vehicle) {
                continue;
            }
            // A full trip may still be followed by another: only then is a full route worth a look.
            let room = route.has_room_for(problem, order);
            let reloads = problem.vehicles[route.vehicle].reloads.is_some();
            if !room && !reloads {
                continue;
            }
            let first = solution.first_free(r);
            // Keeps a way of serving the order on this route when it is the cheapest yet.
            let mut consider =
                |position: usize, delivery_at: Option<usize>, new_trip: Option<usize>, detour: Detour| {
                    let cost = route.insertion_cost(problem, detour);
                    if best.is_none_or(|b| cost < b.added_cost) {
                        best = Some(Insertion {
                            route: r,
                            position,
                            delivery_at,
                            new_trip,
                            added_distance: detour.distance,
                            added_cost: cost,
                        });
                    }
                };
            if !room {
                if let Some((new_trip, i, j, detour)) =
                    on_new_trip(problem, route, order, rng, evaluated, Some((&mut *next_trips, r)))
                {
                    consider(i, j, new_trip, detour);
                }
                continue;
            }
            if let Some((pickup, delivery)) = pair {
                let found = pair_insertion(problem, route, pickup, delivery, first, blink_rate, rng, evaluated)
                    .map(|(i, j, detour)| (None, i, Some(j), detour))
                    .or_else(|| on_new_trip(problem, route, pickup, rng, evaluated, Some((&mut *next_trips, r))));
                if let Some((new_trip, i, j, detour)) = found {
                    consider(i, j, new_trip, detour);
                }
                continue;
            }
            *evaluated += (route.stops.len() - first) as u64 + 1;
            // On symmetric travel, each node's leg to the order serves both positions beside it.
            let symmetric = route.legs_to(problem, order, legs);
            let by_position = route.load_depends_on_position(problem, order);
            let mut fits_here = false;
            for i in first..=route.stops.len() {
                if blink_rate > 0.0 && rng.unit() < blink_rate {
                    continue;
                }
                if by_position && !route.load_fits(problem, order, i) {
                    continue;
                }
                let detour = if symmetric {
                    route.timely_detour_via(problem, order, i, legs[i], legs[i + 1])
                } else {
                    route.timely_detour(problem, order, i)
                };
                if let Some(detour) = detour {
                    fits_here = true;
                    consider(i, None, None, detour);
                }
            }
            // A vehicle that may reload takes on another trip where its trips have no room.
            if !fits_here && problem.vehicles[route.vehicle].reloads.is_some() {
                if let Some((new_trip, i, _, detour)) =
                    on_new_trip(problem, route, order, rng, evaluated, Some((&mut *next_trips, r)))
                {
                    consider(i, None, new_trip, detour);
                }
            }
        }
        // A trip begins at a reload depot wherever the rest of its route runs: where no nearby
        // route in use has room, every other route that may make another trip is asked for one
        // (O(1) per route once its next trip is made), before a vehicle is brought in for it.
        if nearby.is_some() && best.is_none_or(|b| solution.routes[b.route].is_empty()) {
            let served = pair.map_or(order, |(pickup, _)| pickup);
            for (r, route) in solution.routes.iter().enumerate() {
                if route.is_empty()
                    || solution.frozen[r]
                    || routes.contains(&r)
                    || trips::another_allowed(problem, route.vehicle, route.trips).is_none()
                    || !problem.compatible(order, route.vehicle)
                {
                    continue;
                }
                let found = on_new_trip(problem, route, served, rng, evaluated, Some((&mut *next_trips, r)));
                if let Some((new_trip, i, j, detour)) = found {
                    let cost = route.insertion_cost(problem, detour);
                    if best.is_none_or(|b| cost < b.added_cost) {
                        best = Some(Insertion {
                            route: r,
                            position: i,
                            delivery_at: j,
                            new_trip,
                            added_distance: detour.distance,
                            added_cost: cost,
                        });
                    }
                }
            }
        }
        best
    }
}

/// The cheapest positions of a shipment on `route`, from stop index `first` on: the pickup at
/// `i`, then its delivery at `j > i` (an index once the pickup is in), with what both add. The
/// pickup positions that keep the route on time are ranked by the least distance the pair can add
/// there ([`promising_pickups`], O(route)); the first [`PICKUP_POSITIONS`] (more while none fits)
/// are tried with the pickup in (a copy of the route, O(route)), then every later delivery
/// position on the trip in O(1), load included: O(route) per route, so a route of hundreds of
/// stops costs little more than a short one. Each pickup position is skipped with probability
/// `blink_rate`. `None` only when no position fits.
#[allow(clippy::too_many_arguments)]
pub fn pair_insertion(
    problem: &Problem,
    route: &RouteState,
    pickup: usize,
    delivery: usize,
    first: usize,
    blink_rate: f64,
    rng: &mut Rng,
    evaluated: &mut u64,
) -> Option<(usize, usize, Detour)> {
    let mut best: Option<(Cost, usize, usize, Detour)> = None;
    let mut with_pickup = route.clone();
    let candidates = promising_pickups(problem, route, pickup, delivery, first, blink_rate, rng, evaluated);
    for (tried, (i, alone)) in candidates.into_iter().enumerate() {
        if tried >= PICKUP_POSITIONS && best.is_some() {
            break;
        }
        with_pickup.clone_from(route);
        with_pickup.insert(problem, pickup, i);
        for j in i + 1..=with_pickup.stops.len() {
            // The delivery comes on the pickup's trip.
            if j > i + 1 && trips::depot_of(with_pickup.stops[j - 1]).is_some() {
                break;
            }
            *evaluated += 1;
            let Some(then) = with_pickup.detour(problem, delivery, j) else { continue };
            let detour = Detour {
                distance: alone.distance + then.distance,
                duration: with_pickup.duration - route.duration + then.duration,
            };
            let cost = route.insertion_cost(problem, detour);
            if best.is_none_or(|(b, ..)| cost < b) {
                best = Some((cost, i, j, detour));
            }
        }
    }
    best.map(|(_, i, j, detour)| (i, j, detour))
}

/// How many pickup positions [`pair_insertion`] tries in full (more only while none fits).
const PICKUP_POSITIONS: usize = 6;

/// The on-time positions for a shipment's pickup on `route` from `first` on (each skipped with
/// probability `blink_rate`), with the pickup's own detour, the most promising first: by the
/// least distance the pair can add there (the pickup's detour plus the delivery's cheapest on the
/// same trip, right after the pickup or further on). Distances only, from the route's legs:
/// O(route).
#[allow(clippy::too_many_arguments)]
fn promising_pickups(
    problem: &Problem,
    route: &RouteState,
    pickup: usize,
    delivery: usize,
    first: usize,
    blink_rate: f64,
    rng: &mut Rng,
    evaluated: &mut u64,
) -> Vec<(usize, Detour)> {
    let m = problem.matrix(route.vehicle);
    let (p, d) = (problem.order_location(pickup), problem.order_location(delivery));
    let len = route.stops.len();
    // `later[j]`: the least distance the delivery adds at position j or after it on the same
    // trip (a reload at stop j ends the trip: nothing after it counts).
    let mut later = vec![Dist::MAX; len + 2];
    for j in (first..=len).rev() {
        let (a, b) = (route.place(j), route.place(j + 1));
        let here = m.dist(a, d) + m.dist(d, b) - route.leg_distance(j);
        let on = if j < len && trips::depot_of(route.stops[j]).is_none() { later[j + 1] } else { Dist::MAX };
        later[j] = here.min(on);
    }
    let mut found: Vec<(Dist, usize, Detour)> = Vec::new();
    for i in first..=len {
        if blink_rate > 0.0 && rng.unit() < blink_rate {
            continue;
        }
        *evaluated += 1;
        let Some(alone) = route.timely_detour(problem, pickup, i) else { continue };
        let (a, b) = (route.place(i), route.place(i + 1));
        let together = m.dist(a, p) + m.dist(p, d) + m.dist(d, b) - route.leg_distance(i);
        let apart = match i < len && trips::depot_of(route.stops[i]).is_none() {
            true => alone.distance.saturating_add(later[i + 1]),
            false => Dist::MAX,
        };
        found.push((together.min(apart), i, alone));
    }
    found.sort_unstable_by_key(|&(bound, i, _)| (bound, i));
    found.into_iter().map(|(_, i, alone)| (i, alone)).collect()
}

/// The cheapest way to serve `order` (with its delivery, for a shipment's pickup) on a new trip
/// at the end of `route`: a reload at one of the vehicle's reload depots, then the order. `None`
/// when the route is empty, its vehicle may make no more trips, or the order does not fit even
/// so. Returns the depot, the order's position and its delivery's, and what all of it adds.
/// `kept`: where the route with a reload at its end is kept between questions, and the route's
/// index there.
pub fn on_new_trip(
    problem: &Problem,
    route: &RouteState,
    order: usize,
    rng: &mut Rng,
    evaluated: &mut u64,
    mut kept: Option<(&mut NextTrips, usize)>,
) -> Option<(Option<usize>, usize, Option<usize>, Detour)> {
    if route.is_empty() {
        return None;
    }
    let reloads = trips::another_allowed(problem, route.vehicle, route.trips)?;
    let end = route.stops.len();
    let mut best: Option<(Cost, usize, Option<usize>, Detour)> = None;
    let mut made = None;
    for &depot in &reloads.depots {
        let trip = match kept.as_mut() {
            Some((next_trips, r)) => next_trips.of(problem, *r, route, depot),
            None => {
                let mut trip = route.clone();
                trip.insert_reload(problem, end, depot);
                &*made.insert(trip)
            }
        };
        *evaluated += 1;
        let found = match problem.orders[order].task {
            Task::ShipmentPickup { delivery } => {
                pair_insertion(problem, trip, order, delivery, end + 1, 0.0, rng, evaluated)
                    .map(|(i, j, d)| (i, Some(j), d))
            }
            _ if trip.has_room_for(problem, order) => trip.detour(problem, order, end + 1).map(|d| (end + 1, None, d)),
            _ => None,
        };
        // The order goes right after the reload, whatever the depot.
        let Some((_, j, then)) = found else { continue };
        let detour = Detour {
            distance: trip.distance - route.distance + then.distance,
            duration: trip.duration - route.duration + then.duration,
        };
        let cost = route.insertion_cost(problem, detour);
        if best.is_none_or(|(b, ..)| cost < b) {
            best = Some((cost, depot, j, detour));
        }
    }
    best.map(|(_, depot, j, detour)| (Some(depot), end + 1, j, detour))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::construction::construct;
    use crate::generate::micro_hub;

    /// An order left out before the ruin is tried again when a route near it changed, or when
    /// the caller asks for every order; else it stays out untried (it found no place there).
    #[test]
    fn a_left_out_order_is_tried_again_when_a_route_near_it_changes() {
        let problem = micro_hub("retry", 400, 1);
        let neighbours = Neighbours::new(&problem, false);
        let mut before = construct(&problem, &neighbours, &|| false);
        // A delivery taken off a route that also serves one of its nearest neighbours: it fits
        // back where it was.
        let (order, r) = (0..problem.orders.len())
            .filter(|&o| problem.orders[o].task == Task::Delivery)
            .find_map(|o| {
                let Place::Route(r) = before.place(o) else { return None };
                let near = neighbours.of(o).iter().take(NEARBY).any(|&n| before.place(n) == Place::Route(r));
                (near && before.routes[r].stops.len() > 2).then_some((o, r))
            })
            .expect("a delivery next to a neighbour");
        let at = before.routes[r].stops.iter().position(|&s| s == order).expect("on its route");
        let removed = before.remove_range(&problem, r, at, 1);
        before.unassigned.extend(removed);
        // No vehicle may be brought in: only the routes in use can take it.
        let recreated = |after: &mut Solution, ruined_from: Option<&Solution>| {
            let params = RecreateParams {
                blink_rate: 0.0,
                max_routes: before.vehicles_used(),
                neighbours: Some(&neighbours),
                hopeless: None,
                ruined_from,
            };
            recreate(&problem, after, &params, None, &mut Rng::new(5));
            after.place(order)
        };
        let mut untouched = before.clone();
        assert_eq!(recreated(&mut untouched, Some(&before)), Place::Unassigned, "no route near it changed");
        let mut every = before.clone();
        assert_ne!(recreated(&mut every, None), Place::Unassigned, "every order tried");
        // Its route copied as a change makes (the same stops, another route for the test).
        let mut changed = before.clone();
        changed.routes[r] = Arc::new(RouteState::clone(&changed.routes[r]));
        assert_ne!(recreated(&mut changed, Some(&before)), Place::Unassigned, "a route near it changed");
    }

    /// A cargo bike's trip starts at the hub wherever its other trips go: an order whose nearby
    /// routes are none in use and for which no vehicle may be brought in goes on a new trip of a
    /// route far from it, and the route stays feasible.
    #[test]
    fn an_order_no_nearby_route_takes_goes_on_a_new_trip_of_a_far_route() {
        let problem = micro_hub("far", 400, 2);
        let neighbours = Neighbours::new(&problem, false);
        let bike = 0;
        assert!(problem.vehicles[bike].reloads.is_some());
        let deliveries = || (0..problem.orders.len()).filter(|&o| problem.orders[o].task == Task::Delivery);
        let opens = |o: usize| problem.orders[o].windows.earliest_start(0).unwrap_or(0);
        let first = deliveries().min_by_key(|&o| (opens(o), o)).expect("a delivery");
        let order = deliveries()
            .filter(|&o| !neighbours.of(o).iter().take(NEARBY).any(|&n| n == first))
            .max_by_key(|&o| (opens(o), o))
            .expect("a delivery far from the first");
        let mut solution = Solution::empty(&problem);
        solution.unassigned.retain(|&o| o != first && o != order);
        solution.insert(&problem, first, bike, 0);
        let insertion = Scratch::default()
            .best_insertion(&problem, &solution, order, 1, Some(&neighbours), 0.0, &mut Rng::new(1), &mut 0)
            .expect("a new trip of the bike's route");
        assert_eq!((insertion.route, insertion.new_trip), (bike, Some(0)), "{insertion:?}");
        solution.apply(&problem, order, &insertion);
        let route = &solution.routes[bike];
        assert!(route.feasible);
        assert_eq!((route.trips, route.stops.clone()), (2, vec![first, trips::reload(0), order]));
    }
}
