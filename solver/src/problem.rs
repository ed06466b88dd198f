//! What a planner can express: depots, orders, vehicles and the travel between them.
//!
//! A [`Problem`] is immutable once built and validated; the search only reads it. Every id the
//! user gave is kept so plans and messages can speak the user's language.

use crate::units::{to_ticks, Dist, Load, Time};

/// Capacity dimensions an order or vehicle can carry (e.g. kg, litres, parcels).
pub const MAX_DIMENSIONS: usize = 3;

/// A quantity in every capacity dimension.
pub type Amount = [Load; MAX_DIMENSIONS];

/// A window `[start, end]` in which service may *start* (arriving earlier means waiting).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    pub start: Time,
    pub end: Time,
}

impl TimeWindow {
    pub const ALWAYS: TimeWindow = TimeWindow { start: 0, end: Time::MAX / 4 };

    pub fn new(start: Time, end: Time) -> Self {
        TimeWindow { start, end }
    }

    pub fn contains(&self, t: Time) -> bool {
        self.start <= t && t <= self.end
    }
}

/// How the coordinates of a problem are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coordinates {
    /// Plain x/y (benchmark files): Euclidean distance, travel time equals distance.
    Planar,
    /// Longitude / latitude in degrees (x = lon, y = lat).
    Geographic,
}

/// A place: x/y for planar problems, lon/lat for geographic ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug)]
pub struct Depot {
    pub id: String,
    pub location: usize,
    pub opening: TimeWindow,
}

#[derive(Clone, Debug)]
pub struct Order {
    pub id: String,
    pub location: usize,
    pub demand: Amount,
    pub service: Time,
    pub window: TimeWindow,
}

#[derive(Clone, Debug)]
pub struct Vehicle {
    pub id: String,
    pub depot: usize,
    pub capacity: Amount,
    pub shift: TimeWindow,
}

/// Travel time and distance between every pair of locations.
#[derive(Clone, Debug)]
pub struct Matrix {
    size: usize,
    time: Vec<Time>,
    dist: Vec<Dist>,
}

impl Matrix {
    /// Euclidean distances between planar points; travel time equals distance.
    pub fn euclidean(points: &[Point]) -> Self {
        let size = points.len();
        let mut dist = Vec::with_capacity(size * size);
        for a in points {
            for b in points {
                dist.push(to_ticks(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()));
            }
        }
        Matrix { size, time: dist.clone(), dist }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    #[inline]
    pub fn time(&self, from: usize, to: usize) -> Time {
        self.time[from * self.size + to]
    }

    #[inline]
    pub fn dist(&self, from: usize, to: usize) -> Dist {
        self.dist[from * self.size + to]
    }
}

/// A complete, validated planning problem.
#[derive(Clone, Debug)]
pub struct Problem {
    pub name: String,
    pub coordinates: Coordinates,
    pub points: Vec<Point>,
    pub depots: Vec<Depot>,
    pub orders: Vec<Order>,
    pub vehicles: Vec<Vehicle>,
    pub matrix: Matrix,
}

impl Problem {
    /// The location index of an order.
    #[inline]
    pub fn order_location(&self, order: usize) -> usize {
        self.orders[order].location
    }

    /// True when two vehicles are interchangeable (same depot, capacity and shift).
    pub fn same_vehicle_kind(&self, a: usize, b: usize) -> bool {
        let (a, b) = (&self.vehicles[a], &self.vehicles[b]);
        a.depot == b.depot && a.capacity == b.capacity && a.shift == b.shift
    }

    /// The location index where a vehicle starts and ends.
    #[inline]
    pub fn vehicle_location(&self, vehicle: usize) -> usize {
        self.depots[self.vehicles[vehicle].depot].location
    }
}

/// Adds `b` to `a` in every dimension.
#[inline]
pub fn add(a: Amount, b: Amount) -> Amount {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

/// True when `load` fits within `capacity` in every dimension.
#[inline]
pub fn fits(load: Amount, capacity: Amount) -> bool {
    load[0] <= capacity[0] && load[1] <= capacity[1] && load[2] <= capacity[2]
}
