//! A vehicle's route as the search holds it: stops plus cached load, distance, cost and time slack,
//! so that inserting one order is tested in O(1).
//!
//! Nodes are `[start, stops..., end]`. Forward, each node keeps its earliest departure; backward,
//! its latest service start that keeps the rest of the route feasible (Savelsbergh 1992; the
//! segment idea of Vidal et al. 2013 restricted to one inserted stop). A vehicle with a break
//! keeps both passes twice, for "break already taken" and "break still to take", so the break may
//! fall before the new stop, on arriving there, or anywhere after it ([`crate::constraints::breaks`]).
//! Several windows per order are exact too: the earliest start never decreases with the arrival
//! time, so "feasible from here" is still one latest time per node.

use crate::constraints::capacity::{add, fits, LoadSegment};
use crate::constraints::{pairing, range, shift, trips};
use crate::problem::{Break, Problem, Task, Windows};
use crate::units::{Cost, Dist, Time};

/// "Cannot happen" on a forward pass (later than anything).
const NEVER: Time = i64::MAX / 4;
/// "Cannot happen" on a backward pass (earlier than anything).
const TOO_LATE: Time = i64::MIN / 4;

/// What one more stop adds to a route: distance, and working time (travel, service and the
/// waiting it causes, less the waiting it fills; 0 for a vehicle not paid by the hour).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detour {
    pub distance: Dist,
    pub duration: Time,
}

#[derive(Clone, Debug)]
pub struct RouteState {
    pub vehicle: usize,
    pub stops: Vec<usize>,
    /// The whole route's load: delivered from the depot, picked up, and the most on board.
    pub load: LoadSegment,
    pub distance: Dist,
    /// From the (just-in-time) departure to the return, breaks and waiting included.
    pub duration: Time,
    /// The route's cost (0 while empty).
    pub cost: Cost,
    /// False when the route breaks a constraint (possible only after a removal on a matrix that
    /// breaks the triangle inequality); such a solution is never accepted.
    pub feasible: bool,
    start: usize,
    end: usize,
    profile: usize,
    max_distance: Option<Dist>,
    rest: Option<Break>,
    /// Earliest departure from each node with the break taken (or no break to take).
    ready: Vec<Time>,
    /// Earliest departure from each node with the break still to take (`NEVER` without a break).
    ready_before_break: Vec<Time>,
    /// Latest service start at each node with the break already taken before it.
    latest: Vec<Time>,
    /// Latest arrival at each node with the break still to take (on arriving there or later).
    latest_before_break: Vec<Time>,
    /// Travel time and distance from each node to the next (`len + 1` legs), asked of the
    /// matrix once per change: on-demand travel computes each.
    arcs: Vec<(Time, Dist)>,
    /// From each node on, the time the earliest schedule spends waiting (or resting) after
    /// arriving: how far a later arrival there is absorbed before the route ends later.
    absorb: Vec<Time>,
    /// The just-in-time departure of the earliest schedule.
    departure: Time,
    /// The load of nodes `0..=i` and of nodes `i..`: one more stop's load is tested at any
    /// position in O(1) ([`crate::constraints::capacity`]).
    loaded_to: Vec<LoadSegment>,
    loaded_from: Vec<LoadSegment>,
    /// True when some stop is not a delivery from the depot, or the route makes several trips:
    /// only then does the load depend on where a delivery goes.
    mixed: bool,
    /// The location of every node (`len + 2`).
    places: Vec<usize>,
    /// The trips the route makes (reloads + 1), and how long a reload takes for this vehicle.
    pub trips: usize,
    reload_time: Time,
    /// True when the vehicle costs per hour: only then is the working time of a detour worked
    /// out (and the waiting measured).
    paid_by_time: bool,
}

impl RouteState {
    pub fn new(problem: &Problem, vehicle: usize) -> Self {
        let mut route = RouteState {
            vehicle,
            stops: Vec::new(),
            load: LoadSegment::EMPTY,
            distance: 0,
            duration: 0,
            cost: 0,
            feasible: true,
            start: problem.vehicle_start(vehicle),
            end: problem.vehicle_end(vehicle),
            profile: problem.vehicles[vehicle].profile,
            max_distance: problem.vehicles[vehicle].max_distance,
            rest: problem.vehicles[vehicle].rest,
            ready: vec![0; 2],
            ready_before_break: vec![0; 2],
            latest: vec![0; 2],
            latest_before_break: vec![0; 2],
            arcs: Vec::new(),
            absorb: Vec::new(),
            departure: 0,
            loaded_to: Vec::new(),
            loaded_from: Vec::new(),
            mixed: false,
            places: Vec::new(),
            trips: 1,
            reload_time: problem.vehicles[vehicle].reloads.as_ref().map_or(0, |r| r.duration),
            paid_by_time: problem.vehicles[vehicle].costs.per_time != 0.0,
        };
        route.refresh(problem);
        route
    }

    /// Rebuilds the state of a route with the given stops.
    pub fn with_stops(problem: &Problem, vehicle: usize, stops: Vec<usize>) -> Self {
        let mut route = RouteState::new(problem, vehicle);
        let nodes = stops.len() + 2;
        route.stops = stops;
        for cache in
            [&mut route.ready, &mut route.ready_before_break, &mut route.latest, &mut route.latest_before_break]
        {
            cache.resize(nodes, 0);
        }
        route.refresh(problem);
        route
    }

    pub fn is_empty(&self) -> bool {
        self.stops.is_empty()
    }

    /// Location of node `i` (0 = start, `len + 1` = end).
    #[inline]
    fn location(&self, _problem: &Problem, i: usize) -> usize {
        self.places[i]
    }

    /// The place of node `i` (0: the start, `1..=stops`: the stops, then the end).
    #[inline]
    pub fn place(&self, i: usize) -> usize {
        self.places[i]
    }

    /// The distance from node `i` to node `i + 1`, as the route has it.
    #[inline]
    pub fn leg_distance(&self, i: usize) -> Dist {
        self.arcs[i].1
    }

    /// Where every node is: the start, each stop (an order's place or a reload's depot), the end.
    fn measure_places(&mut self, problem: &Problem) {
        let mut places = std::mem::take(&mut self.places);
        places.clear();
        places.push(self.start);
        places.extend(self.stops.iter().map(|&s| match trips::depot_of(s) {
            None => problem.orders[s].location,
            Some(d) => problem.depots[d].location,
        }));
        places.push(self.end);
        self.places = places;
    }

    /// Service time and windows of stop node `i` (1 to `len`): an order's, or a reload's (its
    /// duration, within the depot's opening hours).
    #[inline]
    fn visit<'p>(&self, problem: &'p Problem, i: usize) -> (Time, &'p Windows) {
        let stop = self.stops[i - 1];
        match trips::depot_of(stop) {
            None => (problem.orders[stop].service, &problem.orders[stop].windows),
            Some(d) => (self.reload_time, problem.opening(d)),
        }
    }

    /// True when node `i` is a reload (no break is taken on arriving there).
    #[inline]
    fn is_reload(&self, i: usize) -> bool {
        i >= 1 && i <= self.stops.len() && trips::depot_of(self.stops[i - 1]).is_some()
    }

    /// True unless the order's load cannot fit wherever it goes: a delivery must fit on board at
    /// the start, a pickup at the end. Exact for deliveries on a route of deliveries; otherwise
    /// each position is tested too ([`RouteState::detour`]). A shipment's half is judged with its
    /// partner, by position.
    #[inline]
    pub fn has_room_for(&self, problem: &Problem, order: usize) -> bool {
        let o = &problem.orders[order];
        let capacity = problem.vehicles[self.vehicle].capacity;
        if self.trips > 1 {
            return true; // some trip may have room: each position says
        }
        match o.task {
            Task::Delivery => fits(add(self.load.delivery, o.demand), capacity),
            Task::Pickup => fits(add(self.load.pickup, o.demand), capacity),
            Task::ShipmentPickup { .. } | Task::ShipmentDelivery { .. } => true,
        }
    }

    /// True when where `order` goes changes whether its load fits: on a route of deliveries
    /// only, a delivery's load fits anywhere once [`RouteState::has_room_for`] has said so (the
    /// start is the fullest point).
    #[inline]
    pub fn load_depends_on_position(&self, problem: &Problem, order: usize) -> bool {
        self.mixed || problem.orders[order].task != Task::Delivery
    }

    /// True when the order's load fits at every point of the route with it served between nodes
    /// `i` and `i + 1`.
    #[inline]
    pub fn load_fits(&self, problem: &Problem, order: usize, i: usize) -> bool {
        let o = &problem.orders[order];
        let capacity = problem.vehicles[self.vehicle].capacity;
        self.loaded_to[i].then(o.load()).then(self.loaded_from[i + 1]).fits(capacity)
    }

    /// Distance added by inserting `order` after node `i` (before the stop now at index `i`), or
    /// `None` when a time window, the shift, the break, the range or the load at some point would
    /// be broken. What fits nowhere and compatibility are checked first, separately
    /// ([`RouteState::has_room_for`], [`Problem::compatible`]).
    #[inline]
    pub fn insertion_delta(&self, problem: &Problem, order: usize, i: usize) -> Option<Dist> {
        self.detour(problem, order, i).map(|d| d.distance)
    }

    /// What inserting `order` at stop index `i` adds to the route's distance and travel time,
    /// or `None` when it breaks a constraint. Each of the three legs involved is asked of the
    /// travel matrix once (on-demand travel computes each).
    #[inline]
    pub fn detour(&self, problem: &Problem, order: usize, i: usize) -> Option<Detour> {
        let location = problem.orders[order].location;
        let m = &problem.profiles[self.profile].matrix;
        let there = m.leg(self.location(problem, i), location);
        let back = m.leg(location, self.location(problem, i + 1));
        self.detour_via(problem, order, i, there, back)
    }

    /// [`RouteState::detour`] without the load ([`RouteState::timely_detour_via`]).
    #[inline]
    pub fn timely_detour(&self, problem: &Problem, order: usize, i: usize) -> Option<Detour> {
        let location = problem.orders[order].location;
        let m = &problem.profiles[self.profile].matrix;
        let there = m.leg(self.location(problem, i), location);
        let back = m.leg(location, self.location(problem, i + 1));
        self.timely_detour_via(problem, order, i, there, back)
    }

    /// Travel from every node of the route to `order` (`len + 2` legs), when the route's matrix
    /// is symmetric (travel computed from coordinates); the legs back are the same. With them,
    /// [`RouteState::detour_via`] asks nothing more of the matrix.
    pub fn legs_to(&self, problem: &Problem, order: usize, legs: &mut Vec<(Time, Dist)>) -> bool {
        let m = &problem.profiles[self.profile].matrix;
        if !m.is_symmetric() {
            return false;
        }
        let location = problem.orders[order].location;
        legs.clear();
        legs.extend((0..self.stops.len() + 2).map(|i| m.leg(self.location(problem, i), location)));
        true
    }

    /// [`RouteState::detour`] given the legs from node `i` to the order (`there`) and from the
    /// order to node `i + 1` (`back`).
    #[inline]
    pub fn detour_via(
        &self,
        problem: &Problem,
        order: usize,
        i: usize,
        there: (Time, Dist),
        back: (Time, Dist),
    ) -> Option<Detour> {
        if self.load_depends_on_position(problem, order) && !self.load_fits(problem, order, i) {
            return None;
        }
        self.timely_detour_via(problem, order, i, there, back)
    }

    /// [`RouteState::detour_via`] without the load: a shipment's pickup is tested alone this way,
    /// its load being judged once its delivery is placed too.
    #[inline]
    pub fn timely_detour_via(
        &self,
        problem: &Problem,
        order: usize,
        i: usize,
        (there, there_m): (Time, Dist),
        (back, back_m): (Time, Dist),
    ) -> Option<Detour> {
        let o = &problem.orders[order];
        let on_time =
            match o.windows.earliest_start(self.ready[i] + there) {
                Some(start) => start + o.service + back <= self.latest[i + 1],
                None => false,
            } || self.rest.is_some_and(|rest| self.fits_before_break(&o.windows, o.service, rest, i, there, back));
        if !on_time {
            return None;
        }
        let (direct, direct_m) = self.arcs[i];
        let distance = there_m + back_m - direct_m;
        range::within(self.distance + distance, self.max_distance)
            .then(|| Detour { distance, duration: self.duration_added(o, i, there, back, direct) })
    }

    /// How much longer the working day gets with the order served between nodes `i` and
    /// `i + 1`, on the earliest schedule: the later arrival at node `i + 1` is absorbed by the
    /// waiting from there on, and a new first stop may let the vehicle leave later. Exact without
    /// a break and with one window per order; an estimate otherwise (the cost of the route is
    /// always recomputed exactly once the order is in).
    #[inline]
    fn duration_added(&self, o: &crate::problem::Order, i: usize, there: Time, back: Time, direct: Time) -> Time {
        if !self.paid_by_time {
            return 0;
        }
        if self.stops.is_empty() {
            // Leaving just in time; a day that ends inside the break window or later rests too.
            let arrival = self.ready[0].min(self.ready_before_break[0]) + there;
            let start = o.windows.earliest_start(arrival).unwrap_or(arrival);
            let rest = self.rest.filter(|rest| start + o.service + back > rest.window.start);
            return there + o.service + back + rest.map_or(0, |rest| rest.duration);
        }
        let at = self.ready[i].min(self.ready_before_break[i]);
        let arrival = at + there;
        let start = o.windows.earliest_start(arrival).unwrap_or(arrival);
        let later = start + o.service + back - (at + direct);
        let end_later = if later > 0 { (later - self.absorb[i + 1]).max(0) } else { later };
        let leaves_later = if i == 0 {
            (start - there).max(self.ready[0].min(self.ready_before_break[0])) - self.departure
        } else {
            0
        };
        end_later - leaves_later
    }

    /// With the break not yet taken by node `i`: can the new stop go next, the break being taken
    /// on arriving there or later?
    #[cold]
    fn fits_before_break(
        &self,
        windows: &Windows,
        service: Time,
        rest: Break,
        i: usize,
        there: Time,
        back: Time,
    ) -> bool {
        let arrival = self.ready_before_break[i] + there;
        let later = windows
            .earliest_start(arrival)
            .is_some_and(|start| start + service + back <= self.latest_before_break[i + 1]);
        later
            || rest
                .end_if_taken(arrival)
                .and_then(|rested| windows.earliest_start(rested))
                .is_some_and(|start| start + service + back <= self.latest[i + 1])
    }

    /// The cost of a [`RouteState::detour`] on this vehicle: its distance and the working time it
    /// adds, and the fixed cost when the route opens.
    #[inline]
    pub fn insertion_cost(&self, problem: &Problem, detour: Detour) -> Cost {
        let costs = problem.vehicles[self.vehicle].costs;
        let cost = costs.per_distance * detour.distance as f64 + costs.per_time * detour.duration as f64;
        cost as Cost + if self.stops.is_empty() { costs.fixed } else { 0 }
    }

    pub fn insert(&mut self, problem: &Problem, order: usize, i: usize) {
        self.insert_stop(problem, order, problem.orders[order].location, i);
    }

    /// Puts a reload at depot `depot` at stop index `i`: the trip so far ends there and the next
    /// begins.
    pub fn insert_reload(&mut self, problem: &Problem, i: usize, depot: usize) {
        self.insert_stop(problem, trips::reload(depot), problem.depots[depot].location, i);
    }

    /// Puts `stop` (at `location`) at stop index `i`: the leg it splits becomes the two legs
    /// through it, asked of the matrix (the route's other legs are kept), then the route is timed
    /// again.
    fn insert_stop(&mut self, problem: &Problem, stop: usize, location: usize, i: usize) {
        self.stops.insert(i, stop);
        for cache in [&mut self.ready, &mut self.ready_before_break, &mut self.latest, &mut self.latest_before_break] {
            cache.push(0);
        }
        self.places.insert(i + 1, location);
        let m = problem.matrix(self.vehicle);
        let (there, back) = (m.leg(self.places[i], location), m.leg(location, self.places[i + 2]));
        self.arcs.splice(i..=i, [there, back]);
        self.retime(problem);
    }

    /// Drops reloads that do nothing (at the start, at the end, right after another).
    pub fn tidy_reloads(&mut self, problem: &Problem) {
        if self.trips == 1 {
            return;
        }
        trips::tidy(&mut self.stops);
        let nodes = self.stops.len() + 2;
        for cache in [&mut self.ready, &mut self.ready_before_break, &mut self.latest, &mut self.latest_before_break] {
            cache.truncate(nodes);
        }
        self.refresh(problem);
    }

    /// Removes `len` consecutive stops from index `start`; returns the removed orders (a reload
    /// among them is simply gone).
    pub fn remove_range(&mut self, problem: &Problem, start: usize, len: usize) -> Vec<usize> {
        let removed: Vec<usize> =
            self.stops.drain(start..start + len).filter(|&s| trips::depot_of(s).is_none()).collect();
        let nodes = self.stops.len() + 2;
        for cache in [&mut self.ready, &mut self.ready_before_break, &mut self.latest, &mut self.latest_before_break] {
            cache.truncate(nodes);
        }
        // The legs into, between and out of the removed stops become one.
        self.places.drain(start + 1..=start + len);
        let leg = problem.matrix(self.vehicle).leg(self.places[start], self.places[start + 1]);
        self.arcs.splice(start..=start + len, [leg]);
        self.retime(problem);
        removed
    }

    /// Recomputes everything after a change: the places and legs, then [`RouteState::retime`].
    pub fn refresh(&mut self, problem: &Problem) {
        let m = problem.matrix(self.vehicle);
        let n = self.stops.len() + 2;
        self.measure_places(problem);
        let mut arcs = std::mem::take(&mut self.arcs);
        arcs.clear();
        arcs.extend((0..n - 1).map(|i| m.leg(self.location(problem, i), self.location(problem, i + 1))));
        self.arcs = arcs;
        self.retime(problem);
    }

    /// Recomputes load, distance, cost and both time passes, the places and legs being known:
    /// O(route) arithmetic, no travel asked.
    fn retime(&mut self, problem: &Problem) {
        let vehicle = &problem.vehicles[self.vehicle];
        let working = shift::working_window(problem, self.vehicle);
        let n = self.stops.len() + 2;
        self.measure_load(problem);

        // Forward: earliest departures.
        self.ready_before_break[0] = if self.rest.is_some() { working.start } else { NEVER };
        self.ready[0] = if self.rest.is_some() { NEVER } else { working.start };
        let mut distance = 0;
        for i in 1..n {
            distance += self.arcs[i - 1].1;
            (self.ready[i], self.ready_before_break[i]) =
                self.step(problem, i, self.ready[i - 1], self.ready_before_break[i - 1]);
        }
        self.distance = distance;
        let back = self.ready[n - 1];
        if self.paid_by_time {
            self.measure_waiting(problem);
        }

        // Backward: latest service starts with the break taken; latest arrivals with it pending.
        let latest_ready = |done_by: Time| match self.rest {
            Some(rest) if done_by > TOO_LATE => rest.latest_ready(done_by).unwrap_or(TOO_LATE),
            _ => TOO_LATE,
        };
        self.latest[n - 1] = working.end;
        self.latest_before_break[n - 1] = match self.rest {
            Some(rest) => latest_ready(working.end).max(rest.window.start.min(working.end)),
            None => TOO_LATE,
        };
        for i in (0..n - 1).rev() {
            let travel = self.arcs[i].0;
            let (service, windows) = match i {
                0 => (0, None),
                _ => {
                    let (service, windows) = self.visit(problem, i);
                    (service, Some(windows))
                }
            };
            let latest_start = |by: Time| {
                if by <= TOO_LATE {
                    return TOO_LATE;
                }
                match windows {
                    None => by,
                    Some(w) => w.latest_start(by).unwrap_or(TOO_LATE),
                }
            };
            self.latest[i] = latest_start(self.latest[i + 1] - travel - service);
            self.latest_before_break[i] = if self.rest.is_none() {
                TOO_LATE
            } else if i == 0 {
                self.latest_before_break[1] - travel
            } else if self.is_reload(i) {
                latest_start(self.latest_before_break[i + 1] - travel - service)
            } else {
                // Either serve here and take the break later, or take it on arriving here.
                let later = latest_start(self.latest_before_break[i + 1] - travel - service);
                later.max(latest_ready(self.latest[i]))
            };
        }

        self.feasible = self.stops.is_empty()
            || (back <= working.end
                && range::within(distance, vehicle.max_distance)
                && self.load.fits(vehicle.capacity)
                && (!self.mixed || pairing::holds(problem, &self.stops))
                && (self.trips == 1 || trips::within(problem, self.vehicle, &self.stops)));
        if self.stops.is_empty() {
            self.duration = 0;
            self.cost = 0;
        } else {
            self.duration = self.shortest_day(problem, working.start, back, working.end);
            self.cost = vehicle.costs.of_route(distance, self.duration);
        }
    }

    /// The load of every prefix and suffix of the route, and of the whole (only the whole when
    /// every order of the problem is a delivery).
    fn measure_load(&mut self, problem: &Problem) {
        self.trips = trips::count(&self.stops);
        if !problem.carries_both_ways() && self.trips == 1 {
            let total = self.stops.iter().fold([0; 3], |acc, &o| add(acc, problem.orders[o].demand));
            self.load = LoadSegment { delivery: total, pickup: [0; 3], peak: total };
            self.mixed = false;
            return;
        }
        let n = self.stops.len() + 2;
        let (mut to, mut from) = (std::mem::take(&mut self.loaded_to), std::mem::take(&mut self.loaded_from));
        // A reload ends one trip's segments and begins the next one's.
        let load = |i: usize| match i {
            0 => LoadSegment::EMPTY,
            i if i == n - 1 || self.is_reload(i) => LoadSegment::EMPTY,
            i => problem.orders[self.stops[i - 1]].load(),
        };
        to.clear();
        to.push(LoadSegment::EMPTY);
        let mut fullest = [0; 3];
        for i in 1..n {
            let next = if self.is_reload(i) { LoadSegment::EMPTY } else { to[i - 1].then(load(i)) };
            fullest = std::array::from_fn(|d| fullest[d].max(next.peak[d]));
            to.push(next);
        }
        from.clear();
        from.resize(n, LoadSegment::EMPTY);
        for i in (0..n - 1).rev() {
            from[i] = if self.is_reload(i) { LoadSegment::EMPTY } else { load(i).then(from[i + 1]) };
        }
        self.load = if self.trips == 1 { to[n - 1] } else { LoadSegment { peak: fullest, ..from[0] } };
        (self.loaded_to, self.loaded_from) = (to, from);
        self.mixed = self.trips > 1
            || self.stops.iter().any(|&o| trips::depot_of(o).is_none() && problem.orders[o].task != Task::Delivery);
    }

    /// Fills [`RouteState::absorb`] and [`RouteState::departure`] from the forward pass.
    fn measure_waiting(&mut self, problem: &Problem) {
        let n = self.stops.len() + 2;
        let at = |i: usize| self.ready[i].min(self.ready_before_break[i]);
        let mut absorb = std::mem::take(&mut self.absorb);
        absorb.clear();
        absorb.resize(n, 0);
        for i in (1..n).rev() {
            let service = if i < n - 1 { self.visit(problem, i).0 } else { 0 };
            let mut idle = if at(i) < NEVER && at(i - 1) < NEVER {
                (at(i) - at(i - 1) - self.arcs[i - 1].0 - service).max(0)
            } else {
                0
            };
            // Where the earliest schedule takes the break, a later arrival still rests as long:
            // only the waiting beyond the break absorbs it.
            if let Some(rest) = self.rest {
                let taken_here =
                    self.ready[i] <= self.ready_before_break[i] && self.ready_before_break[i - 1] < self.ready[i - 1];
                if taken_here {
                    idle = (idle - rest.duration).max(0);
                }
            }
            absorb[i] = idle + if i + 1 < n { absorb[i + 1] } else { 0 };
        }
        self.absorb = absorb;
        self.departure = if n > 2 {
            let first_start = at(1) - self.visit(problem, 1).0;
            at(0).max(first_start - self.arcs[0].0)
        } else {
            at(0)
        };
    }

    /// Earliest departures from node `i` (break taken, break still to take), given those from
    /// node `i - 1`.
    #[inline]
    fn step(&self, problem: &Problem, i: usize, taken_before: Time, pending_before: Time) -> (Time, Time) {
        let n = self.stops.len() + 2;
        let travel = self.arcs[i - 1].0;
        let take = |ready: Time| match self.rest {
            Some(rest) if ready < NEVER => rest.end_if_taken(ready).unwrap_or(NEVER),
            _ => NEVER,
        };
        let arrive = |ready: Time| if ready < NEVER { ready + travel } else { NEVER };
        let (taken, pending) = (arrive(taken_before), arrive(pending_before));
        if i == n - 1 {
            // At the end: back before the break window opens, no break is needed.
            let unneeded = match self.rest {
                Some(rest) if pending <= rest.window.start => pending,
                _ => NEVER,
            };
            return (taken.min(take(pending)).min(unneeded), NEVER);
        }
        let (service, windows) = self.visit(problem, i);
        let serve = |arrival: Time| {
            if arrival >= NEVER {
                return NEVER;
            }
            windows.earliest_start(arrival).map_or(NEVER, |start| start + service)
        };
        if self.is_reload(i) {
            return (serve(taken), serve(pending));
        }
        (serve(taken).min(serve(take(pending))), serve(pending))
    }

    /// The route's working time as its schedule ([`crate::plan::Route::schedule`]) counts it:
    /// from a departure as late as the plan allows to the end of work, the shorter of the days
    /// with the break taken on arriving at the first stop and with it taken later.
    fn shortest_day(&self, problem: &Problem, leave: Time, back: Time, back_by: Time) -> Time {
        let m = problem.matrix(self.vehicle);
        let (_, first_windows) = self.visit(problem, 1);
        let travel = m.time(self.start, self.location(problem, 1));
        let arrival = leave + travel;
        let first_start = first_windows.earliest_start(arrival).unwrap_or(arrival);
        let departure = leave.max(first_start - travel);
        let Some(rest) = self.rest else { return (back - departure).max(0) };
        // Each day driven from the first stop on: with the break still to take there, or taken
        // on arriving there (then leave as late as that allows: the wait before the break,
        // never past its window).
        let back_from = |mut taken: Time, mut pending: Time| {
            for i in 2..self.stops.len() + 2 {
                (taken, pending) = self.step(problem, i, taken, pending);
            }
            taken
        };
        let later = (back_from(NEVER, self.ready_before_break[1]), departure);
        let at_first = match self.is_reload(1) {
            true => None,
            false => rest.end_if_taken(arrival).and_then(|end| first_windows.earliest_start(end)),
        };
        let early = match at_first {
            Some(start) => {
                let slack = (start - rest.duration - arrival).min(rest.window.end - arrival).max(0);
                (back_from(self.ready[1], NEVER), leave + slack)
            }
            None => (NEVER, leave),
        };
        let on_time = |day: &(Time, Time)| day.0 <= back_by;
        let days = [early, later];
        let shortest = if days.iter().any(on_time) {
            days.iter().filter(|d| on_time(d)).map(|(end, start)| end - start).min()
        } else {
            None
        };
        shortest.unwrap_or(back - leave).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::violations;
    use crate::generate::{city, generate, CitySpec, InstanceSpec};
    use crate::plan::{Plan, Route, Unassigned, UnassignedReason};
    use crate::rng::Rng;

    /// On city days (several windows, breaks, range, maximum duration, per-profile travel), the
    /// O(1) test says yes exactly when the independent checker accepts the route, and the cached
    /// distance and cost match the schedule's.
    #[test]
    fn insertion_test_agrees_with_the_checker_on_real_world_constraints() {
        let mut agreed = (0, 0);
        for seed in 0..12 {
            let mut spec = CitySpec::lyon("check", 60, seed);
            spec.radius_km = 12.0 + seed as f64;
            let problem = city(&spec);
            let mut rng = Rng::new(seed);
            for vehicle in [0, problem.vehicles.len() / 2, problem.vehicles.len() - 1] {
                let mut route = RouteState::new(&problem, vehicle);
                for _ in 0..300 {
                    let order = rng.below(problem.orders.len());
                    if let Some(at) = route.stops.iter().position(|&o| o == order) {
                        route.remove_range(&problem, at, 1);
                        continue;
                    }
                    if !problem.compatible(order, vehicle) || !route.has_room_for(&problem, order) {
                        continue;
                    }
                    let i = rng.below(route.stops.len() + 1);
                    let mut stops = route.stops.clone();
                    stops.insert(i, order);
                    let plan = Plan {
                        unassigned: (0..problem.orders.len())
                            .filter(|o| !stops.contains(o))
                            .map(|order| Unassigned { order, reason: UnassignedReason::Fleet })
                            .collect(),
                        routes: vec![Route { vehicle, stops: stops.clone(), reloads: Vec::new() }],
                    };
                    let accepted = violations(&problem, &plan).is_empty();
                    let delta = route.insertion_delta(&problem, order, i);
                    assert_eq!(
                        delta.is_some(),
                        accepted,
                        "seed {seed}, vehicle {vehicle}: {order} at {i} into {:?}",
                        route.stops
                    );
                    if accepted {
                        agreed.0 += 1;
                    } else {
                        agreed.1 += 1;
                    }
                    if let Some(delta) = delta {
                        let before = route.distance;
                        route.insert(&problem, order, i);
                        let driven = Route { vehicle, stops, reloads: Vec::new() }.schedule(&problem);
                        assert_eq!(driven.lateness, 0);
                        assert_eq!(route.distance, before + delta);
                        assert_eq!(route.distance, driven.distance);
                        assert!(route.feasible);
                    }
                }
            }
        }
        assert!(agreed.0 > 200 && agreed.1 > 200, "both outcomes exercised: {agreed:?}");
    }

    /// With one window per order and no break, the working time a detour announces is the
    /// change the route's duration shows once the order is in: waiting caused and waiting
    /// filled included, a new first stop moving the departure too.
    #[test]
    fn a_detour_foresees_the_waiting_it_causes_and_fills() {
        let mut waited = 0;
        for seed in 0..8 {
            let mut problem = generate(&InstanceSpec::solomon_like("wait", 50, seed));
            for vehicle in &mut problem.vehicles {
                vehicle.costs.per_time = 1.0;
            }
            let mut rng = Rng::new(seed);
            for vehicle in 0..3 {
                let mut route = RouteState::new(&problem, vehicle);
                for _ in 0..200 {
                    let order = rng.below(problem.orders.len());
                    if route.stops.contains(&order) || !route.has_room_for(&problem, order) {
                        continue;
                    }
                    let i = rng.below(route.stops.len() + 1);
                    let Some(detour) = route.detour(&problem, order, i) else { continue };
                    let before = route.duration;
                    let travel_and_service = detour_time(&problem, &route, order, i);
                    route.insert(&problem, order, i);
                    assert_eq!(detour.duration, route.duration - before, "seed {seed}: {order} at {i}");
                    if detour.duration != travel_and_service {
                        waited += 1;
                    }
                }
            }
        }
        assert!(waited > 50, "waiting changed in {waited} insertions");
    }

    /// With breaks and several windows (city days) the working time a detour announces is an
    /// estimate: measured here against the route's duration once the order is in.
    #[test]
    fn a_detour_estimates_the_working_time_on_city_days() {
        let (mut exact, mut tried, mut error) = (0, 0, 0i64);
        for seed in 0..6 {
            let problem = city(&CitySpec::lyon("estimate", 120, seed));
            let mut rng = Rng::new(seed);
            for vehicle in [0, problem.vehicles.len() / 2, problem.vehicles.len() - 1] {
                let mut route = RouteState::new(&problem, vehicle);
                for _ in 0..300 {
                    let order = rng.below(problem.orders.len());
                    if route.stops.contains(&order)
                        || !problem.compatible(order, vehicle)
                        || !route.has_room_for(&problem, order)
                    {
                        continue;
                    }
                    let i = rng.below(route.stops.len() + 1);
                    let Some(detour) = route.detour(&problem, order, i) else { continue };
                    let before = route.duration;
                    route.insert(&problem, order, i);
                    let actual = route.duration - before;
                    tried += 1;
                    exact += usize::from(detour.duration == actual);
                    error += (detour.duration - actual).abs();
                }
            }
        }
        let minutes = error as f64 / tried as f64 / crate::units::to_ticks(60.0) as f64;
        eprintln!("{exact} of {tried} exact, mean error {minutes:.2} min");
        assert!(tried > 300 && exact * 10 >= tried * 8, "{exact} of {tried} exact");
    }

    /// An insertion or removal asks the matrix only for the legs it makes, and keeps the rest:
    /// the route it leaves is the one built from its stops afresh, field by field, through
    /// orders, reloads and removals on a day with goods both ways.
    #[test]
    fn changes_keep_the_legs_a_fresh_route_has() {
        let problem = crate::generate::micro_hub("legs", 150, 3);
        let mut rng = Rng::new(3);
        for vehicle in [0, problem.vehicles.len() - 1] {
            let mut route = RouteState::new(&problem, vehicle);
            for step in 0..400 {
                let order = rng.below(problem.orders.len());
                if !route.stops.is_empty() && (rng.unit() < 0.3 || route.stops.contains(&order)) {
                    let start = rng.below(route.stops.len());
                    let len = 1 + rng.below((route.stops.len() - start).min(3));
                    route.remove_range(&problem, start, len);
                } else if !route.stops.is_empty() && rng.unit() < 0.1 {
                    route.insert_reload(&problem, rng.below(route.stops.len() + 1), 0);
                } else {
                    route.insert(&problem, order, rng.below(route.stops.len() + 1));
                }
                let fresh = RouteState::with_stops(&problem, vehicle, route.stops.clone());
                assert_eq!(format!("{route:?}"), format!("{fresh:?}"), "vehicle {vehicle}, step {step}");
            }
        }
    }

    fn detour_time(problem: &Problem, route: &RouteState, order: usize, i: usize) -> Time {
        let m = problem.matrix(route.vehicle);
        let (from, to) = (route.location(problem, i), route.location(problem, i + 1));
        let at = problem.orders[order].location;
        let direct = if route.is_empty() { 0 } else { m.time(from, to) };
        m.time(from, at) + problem.orders[order].service + m.time(at, to) - direct
    }
}
