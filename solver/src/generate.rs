//! Random instances in the style of the Solomon benchmark classes, for tests, samples and scale
//! checks. Deterministic by seed.

use crate::problem::{Coordinates, Depot, Matrix, Order, Parts, Point, Problem, Profile, TimeWindow, Vehicle};
use crate::rng::Rng;
use crate::units::{to_load, to_ticks};

/// Shape of a generated instance.
#[derive(Clone, Debug)]
pub struct InstanceSpec {
    pub name: String,
    pub customers: usize,
    pub vehicles: usize,
    pub capacity: f64,
    /// Side of the square the customers are spread over.
    pub side: f64,
    /// Latest return to the depot.
    pub horizon: f64,
    /// Width of each customer's time window (`horizon` means no real window).
    pub window: f64,
    /// Fraction of customers placed in clusters rather than uniformly.
    pub clustered: f64,
    pub service: f64,
    pub seed: u64,
}

impl InstanceSpec {
    /// A Solomon RC1-like instance of the given size.
    pub fn solomon_like(name: &str, customers: usize, seed: u64) -> Self {
        InstanceSpec {
            name: name.to_string(),
            customers,
            vehicles: customers.div_ceil(4).max(1),
            capacity: 200.0,
            side: 100.0,
            horizon: 240.0,
            window: 30.0,
            clustered: 0.5,
            service: 10.0,
            seed,
        }
    }
}

/// Generates an instance in which every customer can be reached in time by a vehicle of its own
/// (its demand may still exceed the capacity when `capacity` is set below 30).
pub fn generate(spec: &InstanceSpec) -> Problem {
    let mut rng = Rng::new(spec.seed);
    let round = |v: f64| (v * 10.0).round() / 10.0;
    let depot = Point { x: round(spec.side / 2.0), y: round(spec.side / 2.0) };
    let centers: Vec<Point> =
        (0..4).map(|_| Point { x: round(rng.unit() * spec.side), y: round(rng.unit() * spec.side) }).collect();
    let mut points = vec![depot];
    let mut orders = Vec::with_capacity(spec.customers);
    for k in 0..spec.customers {
        let p = if rng.unit() < spec.clustered {
            let c = centers[rng.below(centers.len())];
            let x = (c.x + (rng.unit() - 0.5) * spec.side * 0.15).clamp(0.0, spec.side);
            let y = (c.y + (rng.unit() - 0.5) * spec.side * 0.15).clamp(0.0, spec.side);
            Point { x: round(x), y: round(y) }
        } else {
            Point { x: round(rng.unit() * spec.side), y: round(rng.unit() * spec.side) }
        };
        let travel = ((p.x - depot.x).powi(2) + (p.y - depot.y).powi(2)).sqrt();
        // Service must be able to start after driving out and end in time to drive back.
        let earliest = travel.ceil();
        let latest = (spec.horizon - spec.service - travel).floor().max(earliest);
        let width = spec.window.min(latest - earliest);
        let start = (earliest + rng.unit() * (latest - earliest - width)).floor();
        let demand = 1.0 + rng.below(30) as f64;
        points.push(p);
        orders.push(Order::simple(
            (k + 1).to_string(),
            k + 1,
            [to_load(demand), 0, 0],
            to_ticks(spec.service),
            TimeWindow::new(to_ticks(start), to_ticks((start + width).max(start))),
        ));
    }
    let horizon = TimeWindow::new(0, to_ticks(spec.horizon));
    let vehicles = (1..=spec.vehicles)
        .map(|k| Vehicle::simple(format!("vehicle-{k}"), 0, [to_load(spec.capacity), 0, 0], horizon))
        .collect();
    Problem::new(Parts {
        name: spec.name.clone(),
        coordinates: Coordinates::Planar,
        profiles: vec![Profile { name: "default".to_string(), matrix: Matrix::euclidean(&points) }],
        points,
        depots: vec![Depot { id: "0".to_string(), location: 0, opening: horizon }],
        orders,
        vehicles,
        skills: Vec::new(),
        dimensions: vec!["demand".to_string()],
    })
}
