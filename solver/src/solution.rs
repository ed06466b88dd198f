//! The search's working solution: one route per vehicle ([`RouteState`]) and the orders
//! currently left out.

use std::sync::Arc;

use crate::constraints::trips;
use crate::plan::{Objective, Plan, Reload, Route, Unassigned};
use crate::problem::{Problem, Task};
pub use crate::route_state::RouteState;
use crate::units::{Cost, Dist};

/// Where an order currently is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Unassigned,
    Route(usize),
}

/// A complete working solution. Change routes through [`Solution::insert`] and
/// [`Solution::remove_range`] so that every order's [`Place`], the count of routes in use and
/// the idle vehicles stay known.
///
/// Routes are shared between copies until one changes (`Arc`, copied on write): the search
/// copies a solution every iteration and changes a handful of its routes, so a copy costs
/// O(vehicles) pointer copies rather than every stop of the day.
#[derive(Clone, Debug)]
pub struct Solution {
    pub routes: Vec<Arc<RouteState>>,
    pub unassigned: Vec<usize>,
    place: Vec<Place>,
    /// Routes with at least one stop.
    used: usize,
    /// Per kind of vehicle ([`Problem::kind_of`]), its idle vehicles, highest index first (so
    /// `last()` is the lowest).
    idle: Vec<Vec<usize>>,
    /// Per route, how many stops at its head are locked (served or committed): the search never
    /// moves them nor inserts before them.
    pub locked: Vec<usize>,
    /// Routes the search must leave exactly as they are.
    pub frozen: Vec<bool>,
}

impl Solution {
    pub fn empty(problem: &Problem) -> Self {
        let n = problem.vehicles.len();
        let mut idle = vec![Vec::new(); problem.kind_heads().len()];
        for v in (0..n).rev() {
            idle[problem.kind_of(v)].push(v);
        }
        Solution {
            routes: (0..n).map(|v| Arc::new(RouteState::new(problem, v))).collect(),
            unassigned: (0..problem.orders.len()).collect(),
            place: vec![Place::Unassigned; problem.orders.len()],
            used: 0,
            idle,
            locked: vec![0; n],
            frozen: vec![false; n],
        }
    }

    /// The idle vehicle of lowest index of every kind, in the order of the kinds' first vehicles.
    pub fn idle_of_each_kind(&self) -> impl Iterator<Item = usize> + '_ {
        self.idle.iter().filter_map(|vehicles| vehicles.last().copied())
    }

    /// Keeps the count of used routes and the idle lists after route `r` went from
    /// `was_empty` to its present state.
    fn note_use(&mut self, problem: &Problem, r: usize, was_empty: bool) {
        let now_empty = self.routes[r].is_empty();
        let idle = &mut self.idle[problem.kind_of(r)];
        if was_empty && !now_empty {
            self.used += 1;
            if let Some(k) = idle.iter().position(|&v| v == r) {
                idle.remove(k);
            }
        } else if !was_empty && now_empty {
            self.used -= 1;
            let k = idle.partition_point(|&v| v > r);
            idle.insert(k, r);
        }
    }

    /// Makes room for an order just added to the problem ([`Problem::push_order`]); it starts
    /// out of every route and off the unassigned list (the caller inserts it or lists it).
    pub fn add_order(&mut self) {
        self.place.push(Place::Unassigned);
    }

    /// Forgets the last order (which must be in no route), as [`Problem::pop_order`] does.
    pub fn remove_last_order(&mut self) {
        if let Some(Place::Unassigned) = self.place.last() {
            let last = self.place.len() - 1;
            self.place.pop();
            self.unassigned.retain(|&o| o != last);
        }
    }

    /// The first stop index of route `r` the search may change.
    #[inline]
    pub fn first_free(&self, r: usize) -> usize {
        if self.frozen[r] {
            self.routes[r].stops.len()
        } else {
            self.locked[r].min(self.routes[r].stops.len())
        }
    }

    /// True when the order is in a locked part of a route.
    pub fn is_locked(&self, order: usize) -> bool {
        match self.place[order] {
            Place::Route(r) => {
                self.frozen[r]
                    || (self.locked[r] > 0
                        && self.routes[r].stops.iter().position(|&o| o == order).is_some_and(|i| i < self.locked[r]))
            }
            Place::Unassigned => false,
        }
    }

    /// Where `order` is now.
    #[inline]
    pub fn place(&self, order: usize) -> Place {
        self.place[order]
    }

    /// Inserts `order` into route `route` at stop index `position` (the caller has taken it off
    /// the unassigned list).
    pub fn insert(&mut self, problem: &Problem, order: usize, route: usize, position: usize) {
        let was_empty = self.routes[route].is_empty();
        Arc::make_mut(&mut self.routes[route]).insert(problem, order, position);
        self.place[order] = Place::Route(route);
        self.note_use(problem, route, was_empty);
    }

    /// Puts `order` where `insertion` says: a shipment's pickup at its position, then its delivery
    /// (the caller has taken both off the unassigned list).
    pub fn apply(&mut self, problem: &Problem, order: usize, insertion: &crate::recreate::Insertion) {
        let (r, i) = (insertion.route, insertion.position);
        if let Some(depot) = insertion.new_trip {
            let end = self.routes[r].stops.len();
            self.insert_reload(problem, r, end, depot);
        }
        match (problem.orders[order].task, insertion.delivery_at) {
            (Task::ShipmentPickup { delivery }, Some(j)) => {
                self.insert(problem, order, r, i);
                self.insert(problem, delivery, r, j);
            }
            (Task::ShipmentDelivery { pickup }, Some(j)) => {
                self.insert(problem, pickup, r, i);
                self.insert(problem, order, r, j);
            }
            _ => self.insert(problem, order, r, i),
        }
    }

    /// Takes out of route `r` every shipment half whose other half is no longer in it (after a
    /// removal), appending them to `unassigned`.
    pub fn drop_partners_of(&mut self, problem: &Problem, removed: &[usize]) {
        for &o in removed {
            let Some(partner) = problem.orders[o].partner() else { continue };
            let Place::Route(r) = self.place[partner] else { continue };
            if let Some(at) = self.routes[r].stops.iter().position(|&s| s == partner) {
                let gone = self.remove_range(problem, r, at, 1);
                self.unassigned.extend(gone);
            }
        }
    }

    /// How many of route `r`'s positions its first `orders` orders take, with the reloads between
    /// them (a reload right after them is not part of the head).
    pub fn head_positions(&self, r: usize, orders: usize) -> usize {
        let stops = &self.routes[r].stops;
        let mut seen = 0;
        for (i, &s) in stops.iter().enumerate() {
            if seen == orders {
                return i;
            }
            seen += usize::from(trips::depot_of(s).is_none());
        }
        stops.len()
    }

    /// Extends every locked head to the delivery of each shipment picked up within it, so a pair
    /// is either locked whole or free whole.
    pub fn lock_whole_pairs(&mut self, problem: &Problem) {
        for r in 0..self.routes.len() {
            let stops = &self.routes[r].stops;
            let mut k = 0;
            while k < self.locked[r].min(stops.len()) {
                let task = match trips::depot_of(stops[k]) {
                    Some(_) => Task::Delivery,
                    None => problem.orders[stops[k]].task,
                };
                if let Task::ShipmentPickup { delivery } = task {
                    if let Some(j) = stops.iter().position(|&s| s == delivery) {
                        self.locked[r] = self.locked[r].max(j + 1);
                    }
                }
                k += 1;
            }
        }
    }

    /// Removes `len` consecutive stops of `route` from index `start` and returns them; they are
    /// marked unassigned but not added to `unassigned` (the caller decides).
    pub fn remove_range(&mut self, problem: &Problem, route: usize, start: usize, len: usize) -> Vec<usize> {
        let was_empty = self.routes[route].is_empty();
        let removed = Arc::make_mut(&mut self.routes[route]).remove_range(problem, start, len);
        for &o in &removed {
            self.place[o] = Place::Unassigned;
        }
        self.note_use(problem, route, was_empty);
        removed
    }

    /// Puts a reload at depot `depot` at stop index `position` of (non-empty) route `route`.
    pub fn insert_reload(&mut self, problem: &Problem, route: usize, position: usize, depot: usize) {
        Arc::make_mut(&mut self.routes[route]).insert_reload(problem, position, depot);
    }

    /// Drops the reloads of route `route` that do nothing any more (after removals).
    pub fn tidy_reloads(&mut self, problem: &Problem, route: usize) {
        if self.routes[route].trips > 1 {
            let was_empty = self.routes[route].is_empty();
            Arc::make_mut(&mut self.routes[route]).tidy_reloads(problem);
            self.note_use(problem, route, was_empty);
        }
    }

    /// The working form of `plan` (routes on unknown vehicles and unknown orders are ignored).
    pub fn from_plan(problem: &Problem, plan: &Plan) -> Self {
        let mut solution = Solution::empty(problem);
        let mut placed = vec![false; problem.orders.len()];
        for route in plan.routes.iter().filter(|r| r.vehicle < problem.vehicles.len()) {
            let stops: Vec<usize> = route
                .stops
                .iter()
                .copied()
                .filter(|&o| o < placed.len() && !std::mem::replace(&mut placed[o], true))
                .collect();
            for &o in &stops {
                solution.place[o] = Place::Route(route.vehicle);
            }
            let stops = with_reloads(&stops, &route.reloads, route.stops.len());
            let was_empty = solution.routes[route.vehicle].is_empty();
            solution.routes[route.vehicle] = Arc::new(RouteState::with_stops(problem, route.vehicle, stops));
            solution.note_use(problem, route.vehicle, was_empty);
        }
        solution.unassigned = (0..problem.orders.len()).filter(|&o| !placed[o]).collect();
        solution
    }

    pub fn vehicles_used(&self) -> usize {
        self.used
    }

    pub fn distance(&self) -> Dist {
        self.routes.iter().map(|r| r.distance).sum()
    }

    /// True when every route the search may change keeps every constraint.
    pub fn is_feasible(&self) -> bool {
        self.routes.iter().zip(&self.frozen).all(|(r, &frozen)| r.feasible || frozen)
    }

    /// Weighted count of the mandatory orders left out.
    pub fn missed_weight(&self, problem: &Problem) -> u64 {
        self.unassigned.iter().map(|&o| problem.missed_weight(o)).sum()
    }

    /// Route costs plus the value of the optional orders left out.
    pub fn cost(&self, problem: &Problem) -> Cost {
        self.routes.iter().map(|r| r.cost).sum::<Cost>()
            + self.unassigned.iter().map(|&o| problem.missed_value(o)).sum::<Cost>()
    }

    pub fn objective(&self, problem: &Problem) -> Objective {
        Objective { unassigned: self.missed_weight(problem), vehicles: self.vehicles_used(), cost: self.cost(problem) }
    }

    /// Converts to a plan, asking why each left-out order is out.
    pub fn to_plan(&self, problem: &Problem) -> Plan {
        let mut unassigned: Vec<usize> = self.unassigned.clone();
        unassigned.sort_unstable();
        Plan {
            routes: self.routes.iter().filter(|r| !r.is_empty()).map(|r| as_route(r.vehicle, &r.stops)).collect(),
            unassigned: unassigned
                .into_iter()
                .map(|order| Unassigned { order, reason: crate::reasons::why_left_out(problem, self, order) })
                .collect(),
        }
    }
}

/// A route of the search as a plan's route: its orders, and its reloads beside them.
fn as_route(vehicle: usize, stops: &[usize]) -> Route {
    let mut route = Route { vehicle, stops: Vec::with_capacity(stops.len()), reloads: Vec::new() };
    for &s in stops {
        match trips::depot_of(s) {
            Some(depot) => route.reloads.push(Reload { before: route.stops.len(), depot }),
            None => route.stops.push(s),
        }
    }
    route
}

/// `stops` (the orders kept of a plan's route of `written` stops) with the route's reloads put
/// back between them; reloads that would end up first or last are left out.
fn with_reloads(stops: &[usize], reloads: &[Reload], written: usize) -> Vec<usize> {
    if reloads.is_empty() || stops.len() != written {
        return stops.to_vec();
    }
    let mut all = Vec::with_capacity(stops.len() + reloads.len());
    for (k, &o) in stops.iter().enumerate() {
        all.extend(reloads.iter().filter(|r| r.before == k).map(|r| trips::reload(r.depot)));
        all.push(o);
    }
    trips::tidy(&mut all);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, InstanceSpec};
    use crate::plan::Route;
    use crate::rng::Rng;

    /// The O(1) insertion test agrees with driving the route from scratch, and the cached
    /// distance with the schedule's, through random inserts and removals.
    #[test]
    fn constant_time_insertion_test_agrees_with_a_full_schedule() {
        for seed in 0..20 {
            let mut spec = InstanceSpec::solomon_like("slack", 40, seed);
            spec.window = 40.0;
            let problem = generate(&spec);
            let mut rng = Rng::new(seed);
            let mut route = RouteState::new(&problem, 0);
            for _ in 0..200 {
                let order = rng.below(problem.orders.len());
                if route.stops.contains(&order) {
                    let at = route.stops.iter().position(|&o| o == order).unwrap();
                    route.remove_range(&problem, at, 1);
                    continue;
                }
                let i = rng.below(route.stops.len() + 1);
                let mut stops = route.stops.clone();
                stops.insert(i, order);
                let driven = Route { vehicle: 0, stops, reloads: Vec::new() }.schedule(&problem);
                let feasible = driven.lateness == 0;
                let delta = route.insertion_delta(&problem, order, i);
                assert_eq!(delta.is_some(), feasible, "seed {seed}: insertion of {order} at {i}");
                if let Some(delta) = delta {
                    let before = route.distance;
                    route.insert(&problem, order, i);
                    assert_eq!(route.distance, before + delta);
                    assert_eq!(route.distance, driven.distance);
                }
            }
        }
    }
}
