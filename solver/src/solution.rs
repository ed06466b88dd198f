//! The search's working solution: one route per vehicle with cached timing slack, and the orders
//! currently left out.
//!
//! Each route keeps, per node, the earliest possible service start (forward pass) and the latest
//! service start that keeps every later node on time (backward pass). With them an insertion is
//! tested in O(1): arrive early enough at the new stop and still reach the next node before its
//! latest start (Savelsbergh 1992; the segment idea of Vidal et al. 2013 restricted to one stop).

use crate::plan::{Plan, Route, Unassigned};
use crate::problem::{add, fits, Amount, Problem};
use crate::units::{Dist, Time};

/// A vehicle's route with cached load, distance and time slack.
#[derive(Clone, Debug)]
pub struct RouteState {
    pub vehicle: usize,
    pub depot: usize,
    pub stops: Vec<usize>,
    pub load: Amount,
    pub distance: Dist,
    /// Earliest service start at each node: `[depot, stops..., depot]`.
    earliest: Vec<Time>,
    /// Latest service start at each node that keeps the rest of the route on time.
    latest: Vec<Time>,
}

impl RouteState {
    pub fn new(problem: &Problem, vehicle: usize) -> Self {
        let v = &problem.vehicles[vehicle];
        let opening = problem.depots[v.depot].opening;
        let start = v.shift.start.max(opening.start);
        let close = v.shift.end.min(opening.end);
        RouteState {
            vehicle,
            depot: problem.vehicle_location(vehicle),
            stops: Vec::new(),
            load: [0; 3],
            distance: 0,
            earliest: vec![start, start],
            latest: vec![close, close],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.stops.is_empty()
    }

    /// Location and service time of node `i` (0 = start depot, `len + 1` = end depot).
    #[inline]
    fn node(&self, problem: &Problem, i: usize) -> (usize, Time) {
        if i == 0 || i > self.stops.len() {
            (self.depot, 0)
        } else {
            let order = &problem.orders[self.stops[i - 1]];
            (order.location, order.service)
        }
    }

    /// True when the order's demand fits next to the current load.
    #[inline]
    pub fn has_room_for(&self, problem: &Problem, order: usize) -> bool {
        fits(add(self.load, problem.orders[order].demand), problem.vehicles[self.vehicle].capacity)
    }

    /// Distance added by inserting `order` after node `i` (before the stop now at index `i`), or
    /// `None` when a time window or the shift would be broken. Capacity is checked separately.
    #[inline]
    pub fn insertion_delta(&self, problem: &Problem, order: usize, i: usize) -> Option<Dist> {
        let o = &problem.orders[order];
        let (from, from_service) = self.node(problem, i);
        let (to, _) = self.node(problem, i + 1);
        let m = &problem.matrix;
        let start = (self.earliest[i] + from_service + m.time(from, o.location)).max(o.window.start);
        if start > o.window.end || start + o.service + m.time(o.location, to) > self.latest[i + 1] {
            return None;
        }
        Some(m.dist(from, o.location) + m.dist(o.location, to) - m.dist(from, to))
    }

    pub fn insert(&mut self, problem: &Problem, order: usize, i: usize) {
        self.stops.insert(i, order);
        self.load = add(self.load, problem.orders[order].demand);
        // Node i + 1 is the new stop; the end depot's entries stay last.
        self.earliest.insert(i + 1, 0);
        self.latest.insert(i + 1, 0);
        self.refresh(problem);
    }

    /// Removes `len` consecutive stops from index `start`; returns the removed orders.
    pub fn remove_range(&mut self, problem: &Problem, start: usize, len: usize) -> Vec<usize> {
        let removed: Vec<usize> = self.stops.drain(start..start + len).collect();
        self.earliest.drain(start + 1..start + 1 + len);
        self.latest.drain(start + 1..start + 1 + len);
        self.refresh_load(problem);
        self.refresh(problem);
        removed
    }

    fn refresh_load(&mut self, problem: &Problem) {
        self.load = self.stops.iter().fold([0; 3], |acc, &o| add(acc, problem.orders[o].demand));
    }

    /// Recomputes distance and both time passes after a change.
    pub fn refresh(&mut self, problem: &Problem) {
        let n = self.stops.len() + 2;
        let m = &problem.matrix;
        let mut distance = 0;
        for i in 1..n {
            let (from, service) = self.node(problem, i - 1);
            let (to, _) = self.node(problem, i);
            let ready = if i == n - 1 { 0 } else { problem.orders[self.stops[i - 1]].window.start };
            self.earliest[i] = (self.earliest[i - 1] + service + m.time(from, to)).max(ready);
            distance += m.dist(from, to);
        }
        self.distance = distance;
        for i in (0..n - 1).rev() {
            let (from, service) = self.node(problem, i);
            let (to, _) = self.node(problem, i + 1);
            let due = if i == 0 { Time::MAX } else { problem.orders[self.stops[i - 1]].window.end };
            self.latest[i] = (self.latest[i + 1] - m.time(from, to) - service).min(due);
        }
    }
}

/// Where an order currently is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Unassigned,
    Route(usize),
}

/// A complete working solution. Change routes through [`Solution::insert`] and
/// [`Solution::remove_range`] so that every order's [`Place`] stays known.
#[derive(Clone, Debug)]
pub struct Solution {
    pub routes: Vec<RouteState>,
    pub unassigned: Vec<usize>,
    place: Vec<Place>,
}

impl Solution {
    pub fn empty(problem: &Problem) -> Self {
        Solution {
            routes: (0..problem.vehicles.len()).map(|v| RouteState::new(problem, v)).collect(),
            unassigned: (0..problem.orders.len()).collect(),
            place: vec![Place::Unassigned; problem.orders.len()],
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
        self.routes[route].insert(problem, order, position);
        self.place[order] = Place::Route(route);
    }

    /// Removes `len` consecutive stops of `route` from index `start` and returns them; they are
    /// marked unassigned but not added to `unassigned` (the caller decides).
    pub fn remove_range(&mut self, problem: &Problem, route: usize, start: usize, len: usize) -> Vec<usize> {
        let removed = self.routes[route].remove_range(problem, start, len);
        for &o in &removed {
            self.place[o] = Place::Unassigned;
        }
        removed
    }

    pub fn from_plan(problem: &Problem, plan: &Plan) -> Self {
        let mut solution = Solution::empty(problem);
        solution.unassigned.clear();
        for route in &plan.routes {
            let state = &mut solution.routes[route.vehicle];
            for &o in &route.stops {
                solution.place[o] = Place::Route(route.vehicle);
                state.stops.push(o);
                let end = state.earliest.len() - 1;
                state.earliest.insert(end, 0);
                state.latest.insert(end, 0);
            }
            state.refresh_load(problem);
            state.refresh(problem);
        }
        solution.unassigned = plan.unassigned.iter().map(|u| u.order).collect();
        solution
    }

    pub fn vehicles_used(&self) -> usize {
        self.routes.iter().filter(|r| !r.is_empty()).count()
    }

    pub fn distance(&self) -> Dist {
        self.routes.iter().map(|r| r.distance).sum()
    }

    /// Converts to a plan, asking `reason` why each left-out order is out.
    pub fn to_plan(&self, problem: &Problem) -> Plan {
        let mut unassigned: Vec<usize> = self.unassigned.clone();
        unassigned.sort_unstable();
        Plan {
            routes: self
                .routes
                .iter()
                .filter(|r| !r.is_empty())
                .map(|r| Route { vehicle: r.vehicle, stops: r.stops.clone() })
                .collect(),
            unassigned: unassigned
                .into_iter()
                .map(|order| Unassigned { order, reason: crate::construction::reason_left_out(problem, order) })
                .collect(),
        }
    }
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
                let driven = Route { vehicle: 0, stops }.schedule(&problem);
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
