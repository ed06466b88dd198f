//! Random instances for tests, samples and scale checks, deterministic by seed: in the style of
//! the Solomon benchmark classes ([`generate`]), a city delivery day with everything a real
//! operation has ([`city`]), or a micro-hub day of cargo bikes carrying goods both ways in
//! several trips ([`micro_hub`]).

use crate::problem::{
    Break, Coordinates, Costs, Depot, Matrix, Order, Parts, Point, Problem, Profile, Reloads, Skills, Task, TimeWindow,
    Vehicle, Windows,
};
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
        currency: String::new(),
    })
}

/// Shape of a generated city day.
#[derive(Clone, Debug)]
pub struct CitySpec {
    pub name: String,
    pub orders: usize,
    /// Centre (lon, lat) and radius in km of the delivery area.
    pub centre: (f64, f64),
    pub radius_km: f64,
    /// Vans, EV vans and cargo bikes per depot.
    pub vans: usize,
    pub ev_vans: usize,
    pub bikes: usize,
    pub seed: u64,
}

impl CitySpec {
    /// A day in Lyon sized for `orders` orders: two depots (a warehouse at the edge, a hub in the
    /// centre), a fleet big enough with some slack.
    pub fn lyon(name: &str, orders: usize, seed: u64) -> Self {
        let per_depot = orders.div_ceil(60).max(1);
        CitySpec {
            name: name.to_string(),
            orders,
            centre: (4.8357, 45.7640),
            radius_km: 7.0,
            vans: per_depot,
            ev_vans: per_depot.div_ceil(2),
            bikes: per_depot,
            seed,
        }
    }
}

const HOUR: f64 = 3600.0;

/// A realistic city delivery day: two depots, time windows (some orders with two), skills (cold
/// chain, age check), optional orders with a value, priorities, and a mixed fleet of vans, EV
/// vans (range) and cargo bikes (own speed, small capacity) with shifts, breaks and costs.
pub fn city(spec: &CitySpec) -> Problem {
    let mut rng = Rng::new(spec.seed);
    let (lon0, lat0) = spec.centre;
    let km_lat = 1.0 / 111.2;
    let km_lon = 1.0 / (111.32 * lat0.to_radians().cos());
    let at = |dx_km: f64, dy_km: f64| Point {
        x: ((lon0 + dx_km * km_lon) * 1e6).round() / 1e6,
        y: ((lat0 + dy_km * km_lat) * 1e6).round() / 1e6,
    };
    let warehouse = at(-0.8 * spec.radius_km, -0.5 * spec.radius_km);
    let hub = at(0.05 * spec.radius_km, 0.1 * spec.radius_km);
    let mut points = vec![warehouse, hub];
    let day = TimeWindow::new(to_ticks(6.0 * HOUR), to_ticks(21.0 * HOUR));
    let depots = vec![
        Depot { id: "warehouse".to_string(), location: 0, opening: day },
        Depot { id: "hub".to_string(), location: 1, opening: TimeWindow::new(to_ticks(7.0 * HOUR), day.end) },
    ];
    let neighbourhoods: Vec<(f64, f64)> = (0..6)
        .map(|_| {
            let (r, a) = (rng.unit().sqrt() * spec.radius_km * 0.8, rng.unit() * std::f64::consts::TAU);
            (r * a.cos(), r * a.sin())
        })
        .collect();
    let skills = vec!["cold".to_string(), "age_check".to_string()];
    let mut orders = Vec::with_capacity(spec.orders);
    for k in 0..spec.orders {
        let (dx, dy) = if rng.unit() < 0.6 {
            let (cx, cy) = neighbourhoods[rng.below(neighbourhoods.len())];
            (cx + (rng.unit() - 0.5) * 2.0, cy + (rng.unit() - 0.5) * 2.0)
        } else {
            let (r, a) = (rng.unit().sqrt() * spec.radius_km, rng.unit() * std::f64::consts::TAU);
            (r * a.cos(), r * a.sin())
        };
        points.push(at(dx, dy));
        let slot = |rng: &mut Rng, hours: f64| {
            let start = 8.0 + rng.below((18.0 - hours - 8.0) as usize + 1) as f64;
            TimeWindow::new(to_ticks(start * HOUR), to_ticks((start + hours) * HOUR))
        };
        let windows = match rng.below(20) {
            0..=9 => vec![slot(&mut rng, 2.0)],
            10..=12 => vec![slot(&mut rng, 4.0)],
            13..=14 => {
                let morning = TimeWindow::new(to_ticks(9.0 * HOUR), to_ticks(11.0 * HOUR));
                let evening = TimeWindow::new(to_ticks(16.0 * HOUR), to_ticks(18.0 * HOUR));
                vec![morning, evening]
            }
            _ => vec![TimeWindow::new(to_ticks(8.0 * HOUR), to_ticks(18.0 * HOUR))],
        };
        let mut needs = Skills::NONE;
        if rng.unit() < 0.12 {
            needs = needs.with(0);
        }
        if rng.unit() < 0.05 {
            needs = needs.with(1);
        }
        let parcels = 1 + rng.below(4);
        let kg = (parcels as f64 * (1.0 + rng.unit() * 8.0) * 10.0).round() / 10.0;
        let optional = rng.unit() < 0.04;
        let priority = if rng.unit() < 0.1 { 3 } else { 1 };
        orders.push(Order {
            id: format!("{}-{:04}", spec.name.to_lowercase().replace(' ', "-"), k + 1),
            location: k + 2,
            task: crate::problem::Task::Delivery,
            demand: [to_load(kg), to_load(parcels as f64), 0],
            service: to_ticks(60.0 * (2.0 + rng.below(6) as f64)),
            windows: Windows::new(windows).unwrap_or_else(|| Windows::one(TimeWindow::ALWAYS)),
            skills: needs,
            priority,
            value: optional.then(|| to_ticks(8.0 + rng.below(20) as f64)),
            depot: (rng.unit() < 0.05).then_some(0),
        });
    }
    let profiles = vec![
        Profile { name: "car".to_string(), matrix: Matrix::great_circle(&points, 1.35, 25.0) },
        Profile { name: "bike".to_string(), matrix: Matrix::great_circle(&points, 1.2, 15.0) },
    ];
    let mut vehicles = Vec::new();
    let shift = |from: f64, to: f64| TimeWindow::new(to_ticks(from * HOUR), to_ticks(to * HOUR));
    let lunch = Break { duration: to_ticks(30.0 * 60.0), window: shift(12.0, 14.0) };
    let per_km = |euros: f64| euros / 1000.0;
    let per_hour = |euros: f64| euros / HOUR;
    for (d, depot) in depots.iter().enumerate() {
        let mut add = |kind: &str, count: usize, make: &dyn Fn(String) -> Vehicle| {
            for k in 1..=count {
                vehicles.push(make(format!("{}-{}-{k}", kind, depot.id)));
            }
        };
        add("van", spec.vans, &|id| Vehicle {
            id,
            kind: "van".to_string(),
            profile: 0,
            start_depot: d,
            end_depot: d,
            origin: None,
            capacity: [to_load(900.0), to_load(80.0), 0],
            shift: shift(8.0, 18.0),
            rest: Some(lunch),
            max_duration: Some(to_ticks(9.5 * HOUR)),
            max_distance: None,
            skills: Skills::NONE.with(1),
            costs: Costs { fixed: to_ticks(45.0), per_distance: per_km(0.32), per_time: per_hour(24.0) },
            co2_per_km: 190.0,
            reloads: None,
        });
        add("ev", spec.ev_vans, &|id| Vehicle {
            id,
            kind: "ev-van".to_string(),
            profile: 0,
            start_depot: d,
            end_depot: d,
            origin: None,
            capacity: [to_load(700.0), to_load(60.0), 0],
            shift: shift(7.0, 15.0),
            rest: Some(Break { duration: to_ticks(20.0 * 60.0), window: shift(11.0, 13.0) }),
            max_duration: None,
            max_distance: Some(to_ticks(110_000.0)),
            skills: Skills::NONE.with(0).with(1),
            costs: Costs { fixed: to_ticks(50.0), per_distance: per_km(0.12), per_time: per_hour(24.0) },
            co2_per_km: 35.0,
            reloads: None,
        });
        add("bike", spec.bikes, &|id| Vehicle {
            id,
            kind: "cargo-bike".to_string(),
            profile: 1,
            start_depot: d,
            end_depot: d,
            origin: None,
            capacity: [to_load(150.0), to_load(14.0), 0],
            shift: shift(9.0, 17.0),
            rest: Some(lunch),
            max_duration: None,
            max_distance: Some(to_ticks(45_000.0)),
            skills: Skills::NONE,
            costs: Costs { fixed: to_ticks(20.0), per_distance: per_km(0.02), per_time: per_hour(19.0) },
            co2_per_km: 0.0,
            reloads: None,
        });
    }
    Problem::new(Parts {
        name: spec.name.clone(),
        coordinates: Coordinates::Geographic,
        points,
        depots,
        orders,
        vehicles,
        profiles,
        skills,
        dimensions: vec!["kg".to_string(), "parcels".to_string()],
        currency: "EUR".to_string(),
    })
}

/// `problem` with goods carried both ways, deterministic by seed: about `returns` of its orders
/// become pickups for the depot (returns), and about `shipments` of them are paired up into
/// shipments — an order's place becomes the pickup of another's delivery, with the same load; the
/// delivery's window opens once the goods can be there and stays open as late as the day allows.
pub fn with_goods_both_ways(problem: &Problem, shipments: f64, returns: f64, seed: u64) -> Problem {
    let mut rng = Rng::new(seed);
    let mut parts = problem.to_parts();
    let n = parts.orders.len();
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let returns_count = (returns * n as f64).round() as usize;
    let pairs = ((shipments * n as f64 / 2.0).round() as usize).min((n - returns_count.min(n)) / 2);
    for &o in order.iter().take(returns_count) {
        parts.orders[o].task = Task::Pickup;
    }
    let m = problem.default_matrix();
    let end = problem.vehicles.iter().map(|v| v.shift.end).max().unwrap_or(0);
    let depot = problem.depots[0].location;
    for k in 0..pairs {
        let (p, d) = (order[returns_count + 2 * k], order[returns_count + 2 * k + 1]);
        let (from, to) = (parts.orders[p].clone(), parts.orders[d].clone());
        let opens = from.windows.envelope().start + from.service + m.time(from.location, to.location);
        let closes = end - to.service - m.time(to.location, depot);
        if closes < opens {
            continue;
        }
        parts.orders[p] = Order { task: Task::ShipmentPickup { delivery: d }, depot: None, ..from.clone() };
        parts.orders[d] = Order {
            task: Task::ShipmentDelivery { pickup: p },
            demand: from.demand,
            skills: from.skills,
            priority: from.priority,
            value: from.value,
            depot: None,
            windows: Windows::one(TimeWindow::new(opens, closes)),
            ..to
        };
    }
    let mut both = Problem::new(parts);
    both.time_origin = problem.time_origin;
    both
}

/// A micro-hub day in the centre of Lyon, deterministic by seed: `orders` customers within
/// 2.5 km of a hub, about one in eight a return to collect, about one in seven a store-to-door
/// shipment picked up at one of four shops; cargo bikes (100 kg, 10 parcels) that go back to the
/// hub to reload between trips (10 minutes, at most 6 trips), and an EV van for every 150 orders.
/// The shipments' pickups come after the customers' orders.
pub fn micro_hub(name: &str, orders: usize, seed: u64) -> Problem {
    let mut rng = Rng::new(seed);
    let (lon0, lat0): (f64, f64) = (4.8357, 45.7640);
    let km_lat = 1.0 / 111.2;
    let km_lon = 1.0 / (111.32 * lat0.to_radians().cos());
    let at = |dx_km: f64, dy_km: f64| Point {
        x: ((lon0 + dx_km * km_lon) * 1e6).round() / 1e6,
        y: ((lat0 + dy_km * km_lat) * 1e6).round() / 1e6,
    };
    let around = |rng: &mut Rng, radius: f64| {
        let (r, a) = (rng.unit().sqrt() * radius, rng.unit() * std::f64::consts::TAU);
        at(r * a.cos(), r * a.sin())
    };
    let hours = |from: f64, to: f64| TimeWindow::new(to_ticks(from * HOUR), to_ticks(to * HOUR));
    let mut points = vec![at(0.0, 0.0)];
    let depots = vec![Depot { id: "hub".to_string(), location: 0, opening: hours(7.0, 20.0) }];
    const SHOPS: usize = 4;
    points.extend((0..SHOPS).map(|_| around(&mut rng, 1.5)));
    let prefix = name.to_lowercase().replace(' ', "-");
    let mut list = Vec::with_capacity(orders + orders / 6);
    let mut pickups = Vec::new();
    for k in 0..orders {
        let location = points.len();
        points.push(around(&mut rng, 2.5));
        let parcels = 1 + rng.below(3);
        let kg = (parcels as f64 * (1.0 + rng.unit() * 5.0) * 10.0).round() / 10.0;
        let slot = |rng: &mut Rng| {
            let start = 9.0 + rng.below(7) as f64;
            hours(start, start + 2.0)
        };
        let (task, window) = match rng.below(56) {
            0..=6 => (Task::Pickup, hours(9.0, 17.0)),
            7..=14 => {
                let shop = 1 + rng.below(SHOPS);
                pickups.push((k, shop));
                (Task::ShipmentDelivery { pickup: usize::MAX }, hours(12.0, 18.0))
            }
            15..=40 => (Task::Delivery, slot(&mut rng)),
            _ => (Task::Delivery, hours(9.0, 18.0)),
        };
        list.push(Order {
            id: format!("{prefix}-{:04}", k + 1),
            location,
            task,
            demand: [to_load(kg), to_load(parcels as f64), 0],
            service: to_ticks(60.0 * (2.0 + rng.below(3) as f64)),
            windows: Windows::one(window),
            skills: Skills::NONE,
            priority: 1,
            value: None,
            depot: None,
        });
    }
    for (delivery, shop) in pickups {
        let pickup = list.len();
        list[delivery].task = Task::ShipmentDelivery { pickup };
        list.push(Order {
            id: format!("{}-shop{shop}", list[delivery].id),
            location: shop,
            task: Task::ShipmentPickup { delivery },
            service: to_ticks(3.0 * 60.0),
            windows: Windows::one(hours(9.0, 16.0)),
            ..list[delivery].clone()
        });
    }
    let profiles = vec![
        Profile { name: "bike".to_string(), matrix: Matrix::great_circle(&points, 1.2, 15.0) },
        Profile { name: "car".to_string(), matrix: Matrix::great_circle(&points, 1.35, 20.0) },
    ];
    let lunch = Break { duration: to_ticks(30.0 * 60.0), window: hours(12.0, 14.0) };
    let per_km = |euros: f64| euros / 1000.0;
    let per_hour = |euros: f64| euros / HOUR;
    let mut vehicles = Vec::new();
    for k in 1..=orders.div_ceil(45).max(1) {
        vehicles.push(Vehicle {
            id: format!("bike-{k}"),
            kind: "cargo-bike".to_string(),
            profile: 0,
            start_depot: 0,
            end_depot: 0,
            origin: None,
            capacity: [to_load(100.0), to_load(10.0), 0],
            shift: hours(8.0, 18.0),
            rest: Some(lunch),
            max_duration: None,
            max_distance: None,
            skills: Skills::NONE,
            costs: Costs { fixed: to_ticks(20.0), per_distance: per_km(0.02), per_time: per_hour(19.0) },
            co2_per_km: 0.0,
            reloads: Some(Reloads { depots: vec![0], duration: to_ticks(10.0 * 60.0), max_trips: 6 }),
        });
    }
    for k in 1..=orders.div_ceil(150) {
        vehicles.push(Vehicle {
            id: format!("ev-van-{k}"),
            kind: "ev-van".to_string(),
            profile: 1,
            start_depot: 0,
            end_depot: 0,
            origin: None,
            capacity: [to_load(600.0), to_load(60.0), 0],
            shift: hours(8.0, 16.0),
            rest: Some(lunch),
            max_duration: None,
            max_distance: None,
            skills: Skills::NONE,
            costs: Costs { fixed: to_ticks(50.0), per_distance: per_km(0.12), per_time: per_hour(24.0) },
            co2_per_km: 35.0,
            reloads: None,
        });
    }
    Problem::new(Parts {
        name: name.to_string(),
        coordinates: Coordinates::Geographic,
        points,
        depots,
        orders: list,
        vehicles,
        profiles,
        skills: Vec::new(),
        dimensions: vec!["kg".to_string(), "parcels".to_string()],
        currency: "EUR".to_string(),
    })
}
