//! What a planner can express: depots, orders, vehicles and the travel between them.
//!
//! A [`Problem`] is immutable once built; the search only reads it. Every id the user gave is kept
//! so plans and messages can speak the user's language. Build one with [`Problem::new`], which
//! also works out which vehicle may carry which order.

pub use crate::constraints::breaks::Break;
pub use crate::constraints::capacity::{add, fits, Amount, LoadSegment, MAX_DIMENSIONS};
pub use crate::constraints::skills::Skills;
pub use crate::constraints::time_windows::{TimeWindow, Windows};
pub use crate::travel::{Matrix, Point, Profile};
use crate::units::{Cost, Dist, Time};

/// How the coordinates of a problem are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coordinates {
    /// Plain x/y (benchmark files): Euclidean distance, travel time equals distance.
    Planar,
    /// Longitude / latitude in degrees (x = lon, y = lat); times in seconds, distances in metres.
    Geographic,
}

#[derive(Clone, Debug)]
pub struct Depot {
    pub id: String,
    pub location: usize,
    pub opening: TimeWindow,
}

/// What a stop does with its load. Every order's `demand` is the load it concerns (positive);
/// the task says which way it goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Task {
    /// Loaded at the depot, handed over here.
    #[default]
    Delivery,
    /// Collected here and unloaded at the depot the route ends at: a customer's return, a
    /// collection.
    Pickup,
    /// A shipment's first half: collected here, handed over at the order `delivery` by the same
    /// vehicle, later on the same route.
    ShipmentPickup { delivery: usize },
    /// A shipment's second half: handed over here, collected at the order `pickup` before.
    ShipmentDelivery { pickup: usize },
}

impl Task {
    /// The other half of a shipment.
    #[inline]
    pub fn partner(self) -> Option<usize> {
        match self {
            Task::ShipmentPickup { delivery } => Some(delivery),
            Task::ShipmentDelivery { pickup } => Some(pickup),
            Task::Delivery | Task::Pickup => None,
        }
    }

    /// True for the stops that put goods on board on the way (pickups of either kind).
    #[inline]
    pub fn collects(self) -> bool {
        matches!(self, Task::Pickup | Task::ShipmentPickup { .. })
    }

    /// The word files and reports use: `delivery`, `pickup`, `shipment pickup`, `shipment delivery`.
    pub fn word(self) -> &'static str {
        match self {
            Task::Delivery => "delivery",
            Task::Pickup => "pickup",
            Task::ShipmentPickup { .. } => "shipment pickup",
            Task::ShipmentDelivery { .. } => "shipment delivery",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Order {
    pub id: String,
    pub location: usize,
    /// What it does with `demand`: delivered from the depot (the default), collected for the
    /// depot, or one half of a shipment.
    pub task: Task,
    pub demand: Amount,
    pub service: Time,
    pub windows: Windows,
    pub skills: Skills,
    /// How much leaving this order out weighs against leaving out others (at least 1).
    pub priority: u32,
    /// For an optional order, what leaving it out costs; `None` for an order that must be served
    /// whenever any vehicle can.
    pub value: Option<Cost>,
    /// The depot it must be loaded at (only vehicles starting there may carry it).
    pub depot: Option<usize>,
}

impl Order {
    /// A mandatory order with one window and no skills: the benchmark files' customer.
    pub fn simple(id: String, location: usize, demand: Amount, service: Time, window: TimeWindow) -> Self {
        Order {
            id,
            location,
            task: Task::Delivery,
            demand,
            service,
            windows: Windows::one(window),
            skills: Skills::NONE,
            priority: 1,
            value: None,
            depot: None,
        }
    }

    pub fn is_optional(&self) -> bool {
        self.value.is_some()
    }

    /// The other half of a shipment.
    #[inline]
    pub fn partner(&self) -> Option<usize> {
        self.task.partner()
    }

    /// How the order changes the load on board ([`LoadSegment`]).
    #[inline]
    pub fn load(&self) -> LoadSegment {
        LoadSegment::of_task(self.task, self.demand)
    }
}

/// What a vehicle costs to use: a fixed amount per used vehicle, and rates per distance and time
/// tick (so a route's cost is `fixed + per_distance × distance + per_time × duration`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Costs {
    pub fixed: Cost,
    pub per_distance: f64,
    pub per_time: f64,
}

impl Costs {
    /// What a used route costs: fixed, plus per distance and per time driven and worked.
    pub fn of_route(&self, distance: Dist, duration: Time) -> Cost {
        self.fixed + (self.per_distance * distance as f64 + self.per_time * duration as f64) as Cost
    }

    /// The benchmark convention: cost equals distance.
    pub const DISTANCE: Costs = Costs { fixed: 0, per_distance: 1.0, per_time: 0.0 };
}

#[derive(Clone, Debug)]
pub struct Vehicle {
    pub id: String,
    /// The vehicle type's name (van, cargo bike, EV van ...), for reports.
    pub kind: String,
    pub profile: usize,
    pub start_depot: usize,
    pub end_depot: usize,
    /// Where the vehicle is when re-planning mid-day (a location index); it then leaves from
    /// there at its shift start instead of from its start depot.
    pub origin: Option<usize>,
    pub capacity: Amount,
    pub shift: TimeWindow,
    pub rest: Option<Break>,
    pub max_duration: Option<Time>,
    pub max_distance: Option<Dist>,
    pub skills: Skills,
    pub costs: Costs,
    /// Grams of CO2 per kilometre (per distance unit for planar problems), for reports.
    pub co2_per_km: f64,
    /// Whether and where it may go back to a depot between trips ([`Reloads`]).
    pub reloads: Option<Reloads>,
}

/// Going back to a depot between trips, to unload what was collected and load the next trip
/// (a cargo bike working from a micro-hub). The shift, break, maximum duration and range span the
/// whole day; each trip is within capacity on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reloads {
    /// The depots (indices) it may reload at; at least one.
    pub depots: Vec<usize>,
    /// How long unloading and loading take at the depot.
    pub duration: Time,
    /// At most this many trips in the shift (2 or more).
    pub max_trips: usize,
}

impl Vehicle {
    /// A vehicle of the benchmark files: one depot, one capacity, cost = distance.
    pub fn simple(id: String, depot: usize, capacity: Amount, shift: TimeWindow) -> Self {
        Vehicle {
            id,
            kind: "vehicle".to_string(),
            profile: 0,
            start_depot: depot,
            end_depot: depot,
            origin: None,
            capacity,
            shift,
            rest: None,
            max_duration: None,
            max_distance: None,
            skills: Skills::NONE,
            costs: Costs::DISTANCE,
            co2_per_km: 0.0,
            reloads: None,
        }
    }

    /// True when two vehicles plan alike (everything but the id).
    fn plans_like(&self, other: &Vehicle) -> bool {
        self.profile == other.profile
            && self.start_depot == other.start_depot
            && self.end_depot == other.end_depot
            && self.origin == other.origin
            && self.capacity == other.capacity
            && self.shift == other.shift
            && self.rest == other.rest
            && self.max_duration == other.max_duration
            && self.max_distance == other.max_distance
            && self.skills == other.skills
            && self.costs == other.costs
            && self.reloads == other.reloads
    }
}

/// Everything a problem is made of; [`Problem::new`] completes it.
#[derive(Clone, Debug)]
pub struct Parts {
    pub name: String,
    pub coordinates: Coordinates,
    pub points: Vec<Point>,
    pub depots: Vec<Depot>,
    pub orders: Vec<Order>,
    pub vehicles: Vec<Vehicle>,
    /// At least one; vehicles refer to them by index.
    pub profiles: Vec<Profile>,
    /// Skill names, indexed by the bits of [`Skills`].
    pub skills: Vec<String>,
    /// Capacity dimension names (e.g. `["kg", "parcels"]`).
    pub dimensions: Vec<String>,
    /// What money is counted in (`EUR`, `£`…), empty when the input does not say.
    pub currency: String,
}

/// A complete planning problem.
#[derive(Clone, Debug)]
pub struct Problem {
    pub name: String,
    pub coordinates: Coordinates,
    pub points: Vec<Point>,
    pub depots: Vec<Depot>,
    pub orders: Vec<Order>,
    pub vehicles: Vec<Vehicle>,
    pub profiles: Vec<Profile>,
    pub skills: Vec<String>,
    pub dimensions: Vec<String>,
    pub currency: String,
    /// The UNIX time (seconds) of time 0 when the input gave calendar times (a VROOM problem
    /// with UNIX timestamps, a scenario with ISO dates): midnight UTC of the earliest one's day.
    /// Writers add it back so times go out in the form they came in. `None`: times are
    /// relative (a clock time of an unnamed day, or benchmark units).
    pub time_origin: Option<i64>,
    /// `orders × kinds`: may a vehicle of the kind carry the order at all (skills, fixed
    /// depot, capacity, reachability)?
    compatible: Vec<bool>,
    /// Vehicles that plan exactly alike form a kind; per kind, its first vehicle.
    heads: Vec<usize>,
    /// Per vehicle, its kind (an index into `heads`).
    kind: Vec<usize>,
    /// The vehicles under each label the user gave (`Vehicle::kind`: "van"), labels in order
    /// of first appearance.
    labelled: Vec<(String, Vec<usize>)>,
    /// True when some order is not a delivery from the depot: only then do loads go up along a
    /// route and shipments pair stops.
    both_ways: bool,
    /// Per depot, its opening hours as windows (a reload's service starts within them).
    openings: Vec<Windows>,
}

impl Problem {
    pub fn new(parts: Parts) -> Problem {
        let Parts { name, coordinates, points, depots, orders, vehicles, profiles, skills, dimensions, currency } =
            parts;
        let mut problem = Problem {
            name,
            coordinates,
            points,
            depots,
            orders,
            vehicles,
            profiles,
            skills,
            dimensions,
            currency,
            time_origin: None,
            compatible: Vec::new(),
            heads: Vec::new(),
            kind: Vec::new(),
            labelled: Vec::new(),
            both_ways: false,
            openings: Vec::new(),
        };
        problem.openings = problem.depots.iter().map(|d| Windows::one(d.opening)).collect();
        problem.both_ways = problem.orders.iter().any(|o| o.task != Task::Delivery);
        for v in 0..problem.vehicles.len() {
            let alike = problem.heads.iter().position(|&u| problem.vehicles[u].plans_like(&problem.vehicles[v]));
            let kind = alike.unwrap_or_else(|| {
                problem.heads.push(v);
                problem.heads.len() - 1
            });
            problem.kind.push(kind);
            let label = &problem.vehicles[v].kind;
            match problem.labelled.iter_mut().find(|(l, _)| l == label) {
                Some((_, fleet)) => fleet.push(v),
                None => problem.labelled.push((label.clone(), vec![v])),
            }
        }
        let kinds = problem.heads.len();
        problem.compatible = (0..problem.orders.len())
            .flat_map(|o| (0..kinds).map(move |k| (o, k)))
            .map(|(o, k)| problem.statically_compatible(o, problem.heads[k]))
            .collect();
        // A shipment's halves go on one vehicle: each may go only where both may.
        for o in 0..problem.orders.len() {
            let Some(partner) = problem.orders[o].partner().filter(|&p| p < problem.orders.len()) else { continue };
            for k in 0..kinds {
                let both = problem.compatible[o * kinds + k] && problem.compatible[partner * kinds + k];
                problem.compatible[o * kinds + k] = both;
            }
        }
        problem
    }

    /// The parts this problem was built from, to change and build again.
    pub fn to_parts(&self) -> Parts {
        Parts {
            name: self.name.clone(),
            coordinates: self.coordinates,
            points: self.points.clone(),
            depots: self.depots.clone(),
            orders: self.orders.clone(),
            vehicles: self.vehicles.clone(),
            profiles: self.profiles.clone(),
            skills: self.skills.clone(),
            dimensions: self.dimensions.clone(),
            currency: self.currency.clone(),
        }
    }

    /// Adds an order at a new place (its `location` is overwritten): the checkout's bookings,
    /// which arrive one at a time. Every travel matrix grows by one location; fails, changing
    /// nothing, when a profile's travel comes from an imported table.
    pub fn push_order(&mut self, mut order: Order, at: Point) -> Result<usize, String> {
        self.can_grow()?;
        self.points.push(at);
        for profile in &mut self.profiles {
            profile.matrix.push_location(&self.points)?;
        }
        order.location = self.points.len() - 1;
        Ok(self.push_order_at(order))
    }

    /// Adds an order at a place the problem already has (`order.location`), and returns its
    /// index: works whatever the travel's source.
    pub fn push_order_at(&mut self, order: Order) -> usize {
        debug_assert!(order.location < self.points.len());
        self.both_ways |= order.task != Task::Delivery;
        self.orders.push(order);
        let o = self.orders.len() - 1;
        for k in 0..self.heads.len() {
            let ok = self.statically_compatible(o, self.heads[k]);
            self.compatible.push(ok);
        }
        o
    }

    /// `Ok` when orders can be added at new places ([`Problem::push_order`]): every profile's
    /// travel is computed from coordinates, not imported as a table.
    pub fn can_grow(&self) -> Result<(), String> {
        match self.profiles.iter().find(|p| !p.matrix.can_grow()) {
            Some(table) => Err(format!(
                "profile '{}' uses an imported travel table, which has no row for a new address",
                table.name
            )),
            None => Ok(()),
        }
    }

    /// The median order's demand and service time (`None` without orders): what a booking or a
    /// probe of unknown size is taken to be.
    pub fn typical_order(&self) -> Option<(Amount, Time)> {
        let mut sizes: Vec<Amount> = self.orders.iter().map(|o| o.demand).collect();
        let mut services: Vec<Time> = self.orders.iter().map(|o| o.service).collect();
        sizes.sort_unstable();
        services.sort_unstable();
        Some((*sizes.get(sizes.len() / 2)?, services[services.len() / 2]))
    }

    /// Makes room for `additional` more orders added with [`Problem::push_order`].
    pub fn reserve_orders(&mut self, additional: usize) {
        for profile in &mut self.profiles {
            profile.matrix.reserve(additional);
        }
        self.points.reserve(additional);
        self.orders.reserve(additional);
        self.compatible.reserve(additional * self.heads.len());
    }

    /// Takes back the last order added with [`Problem::push_order`].
    pub fn pop_order(&mut self) {
        let Some(order) = self.orders.pop() else { return };
        debug_assert_eq!(order.location, self.points.len() - 1);
        self.points.pop();
        for profile in &mut self.profiles {
            profile.matrix.pop_location();
        }
        self.compatible.truncate(self.orders.len() * self.heads.len());
    }

    fn statically_compatible(&self, o: usize, v: usize) -> bool {
        let (order, vehicle) = (&self.orders[o], &self.vehicles[v]);
        let m = self.matrix(v);
        vehicle.skills.covers(order.skills)
            && order.depot.is_none_or(|d| d == vehicle.start_depot)
            && fits(order.demand, vehicle.capacity)
            && m.reachable(self.vehicle_start(v), order.location)
            && m.reachable(order.location, self.vehicle_end(v))
            && match order.task {
                Task::ShipmentPickup { delivery } => {
                    self.orders.get(delivery).is_some_and(|d| m.reachable(order.location, d.location))
                }
                _ => true,
            }
    }

    /// Depot `d`'s opening hours as windows: when a reload there may start.
    #[inline]
    pub fn opening(&self, d: usize) -> &Windows {
        &self.openings[d]
    }

    /// True when some order is a pickup or a shipment's half: loads then go up and down along a
    /// route; otherwise every route's fullest point is its start.
    #[inline]
    pub fn carries_both_ways(&self) -> bool {
        self.both_ways
    }

    /// May vehicle `v` carry order `o` at all (before time windows, shifts and range)?
    #[inline]
    pub fn compatible(&self, o: usize, v: usize) -> bool {
        self.compatible[o * self.heads.len() + self.kind[v]]
    }

    /// The location index of an order.
    #[inline]
    pub fn order_location(&self, order: usize) -> usize {
        self.orders[order].location
    }

    /// True when two vehicles are interchangeable (they differ only in their id).
    #[inline]
    pub fn same_vehicle_kind(&self, a: usize, b: usize) -> bool {
        self.kind[a] == self.kind[b]
    }

    /// The first vehicle that plans like `v` (`v` itself when none comes before it): anything
    /// that depends on a vehicle but not on its route or id can be asked of this one instead.
    #[inline]
    pub fn first_alike(&self, v: usize) -> usize {
        self.heads[self.kind[v]]
    }

    /// Vehicle `v`'s kind: an index into [`Problem::kind_heads`].
    #[inline]
    pub fn kind_of(&self, v: usize) -> usize {
        self.kind[v]
    }

    /// The vehicles under each label the user gave them ("van", "cargo-bike"), in order.
    pub fn fleets_by_label(&self) -> &[(String, Vec<usize>)] {
        &self.labelled
    }

    /// The first vehicle of every kind of vehicles that plan alike, in order.
    pub fn kind_heads(&self) -> &[usize] {
        &self.heads
    }

    /// The travel matrix of vehicle `v`'s profile.
    #[inline]
    pub fn matrix(&self, v: usize) -> &Matrix {
        &self.profiles[self.vehicles[v].profile].matrix
    }

    /// The first profile's matrix: what "near" means when no vehicle is in question.
    #[inline]
    pub fn default_matrix(&self) -> &Matrix {
        &self.profiles[0].matrix
    }

    /// The location index where vehicle `v` starts.
    #[inline]
    pub fn vehicle_start(&self, v: usize) -> usize {
        let vehicle = &self.vehicles[v];
        vehicle.origin.unwrap_or(self.depots[vehicle.start_depot].location)
    }

    /// The location index where vehicle `v` ends.
    #[inline]
    pub fn vehicle_end(&self, v: usize) -> usize {
        self.depots[self.vehicles[v].end_depot].location
    }

    /// Left-out weight of an order in the first objective level (0 for optional orders; a
    /// shipment weighs on its delivery, its pickup 0).
    #[inline]
    pub fn missed_weight(&self, order: usize) -> u64 {
        let o = &self.orders[order];
        // A shipment left out counts once, on its delivery.
        if o.is_optional() || matches!(o.task, Task::ShipmentPickup { .. }) {
            0
        } else {
            u64::from(o.priority.max(1))
        }
    }

    /// What leaving an order out adds to the cost level (the value of an optional order; a
    /// shipment's on its delivery).
    #[inline]
    pub fn missed_value(&self, order: usize) -> Cost {
        match self.orders[order].task {
            Task::ShipmentPickup { .. } => 0,
            _ => self.orders[order].value.unwrap_or(0),
        }
    }
}
