//! [`Problem`] → scenario: any loaded problem written back as a document (planar times as
//! numbers, geographic clock times as text, travel as speed and circuity when the matrix is the
//! estimate, as a table otherwise).

use super::schema::*;
use super::time::{unix_day, write_time};
use super::*;
use crate::problem::{Coordinates, Matrix, Point, Problem, Skills, Task, TimeWindow, Windows, MAX_DIMENSIONS};
use crate::units::{from_load, from_ticks, Load, Time, HORIZON, SCALE, UNREACHABLE};

pub(super) fn export(problem: &Problem) -> Scenario {
    let planar = problem.coordinates == Coordinates::Planar;
    let dims = problem.dimensions.len().clamp(1, MAX_DIMENSIONS);
    let dimensions =
        if problem.dimensions.is_empty() { default_dimensions() } else { problem.dimensions[..dims].to_vec() };
    // A shipment is one scenario order, its delivery, carrying its pickup; a half whose other
    // half does not point back (no builder makes one) is written as a plain order of its way.
    let pickup_of = |k: usize| match problem.orders[k].task {
        Task::ShipmentDelivery { pickup } => {
            problem.orders.get(pickup).filter(|p| p.task == Task::ShipmentPickup { delivery: k }).map(|_| pickup)
        }
        _ => None,
    };
    let written: Vec<usize> = (0..problem.orders.len())
        .filter(|&k| match problem.orders[k].task {
            Task::ShipmentPickup { delivery } => delivery >= problem.orders.len() || pickup_of(delivery) != Some(k),
            _ => true,
        })
        .collect();
    let pickups: Vec<usize> = written.iter().filter_map(|&k| pickup_of(k)).collect();
    // Scenario locations: depots, then orders, then the pickups of shipments.
    let locations: Vec<usize> = problem
        .depots
        .iter()
        .map(|d| d.location)
        .chain(written.iter().chain(&pickups).map(|&k| problem.orders[k].location))
        .collect();
    let points: Vec<Point> = locations.iter().map(|&l| problem.points[l]).collect();
    let place = |l: usize| {
        let p = problem.points[l];
        if planar {
            Place { x: Some(p.x), y: Some(p.y), ..Place::default() }
        } else {
            Place { lat: Some(p.y), lon: Some(p.x), ..Place::default() }
        }
    };
    // A problem that came with calendar times goes out with dates again.
    let day0 = problem.time_origin.and_then(|origin| unix_day(origin.div_euclid(86_400)));
    let time = |t: Time| write_time(t, planar, day0);
    let window = |w: TimeWindow| -> WindowSpec { vec![Some(time(w.start)), (w.end < HORIZON).then(|| time(w.end))] };
    let duration = |t: Time| TimeValue::Number(from_ticks(t));
    let service = |t: Time| (t != 0).then(|| duration(t));
    let windows = |w: &Windows| {
        let w = w.as_slice();
        (w != [TimeWindow::ALWAYS]).then(|| w.iter().map(|&w| window(w)).collect())
    };
    let names = |set: Skills| -> Vec<String> { set.iter().filter_map(|k| problem.skills.get(k).cloned()).collect() };
    let quantity = |a: [Load; MAX_DIMENSIONS], unlimited_as_null: bool| -> Quantity {
        let mut values: Vec<Option<f64>> = a[..dims]
            .iter()
            .map(|&l| if unlimited_as_null && l >= UNLIMITED { None } else { Some(from_load(l)) })
            .collect();
        while values.len() > 1 && values.last() == Some(&None) {
            values.pop();
        }
        match values.as_slice() {
            [Some(v)] => Quantity::One(*v),
            _ => Quantity::Each(values),
        }
    };

    let mut profiles = Vec::with_capacity(problem.profiles.len());
    let mut matrices = Vec::new();
    for profile in &problem.profiles {
        let m = &profile.matrix;
        let fits = |estimate: &Matrix| same_matrix(m, &locations, estimate);
        let (speed_kmh, circuity) = if planar {
            if !fits(&Matrix::euclidean(&points)) {
                matrices.push(table_of(&profile.name, m, &locations));
            }
            (None, None)
        } else {
            match great_circle_parameters(m, &locations, &points) {
                Some((speed, circuity)) if fits(&Matrix::great_circle(&points, circuity, speed)) => {
                    (Some(speed), Some(circuity))
                }
                _ => {
                    matrices.push(table_of(&profile.name, m, &locations));
                    (None, None)
                }
            }
        };
        profiles.push(ProfileSpec { name: profile.name.clone(), speed_kmh, circuity });
    }

    let depots = problem
        .depots
        .iter()
        .map(|d| DepotSpec {
            id: d.id.clone(),
            place: place(d.location),
            opening: (d.opening != TimeWindow::ALWAYS).then(|| window(d.opening)),
        })
        .collect();
    let orders = written
        .iter()
        .map(|&k| {
            let o = &problem.orders[k];
            OrderSpec {
                id: o.id.clone(),
                place: place(o.location),
                demand: o.demand.iter().any(|&l| l != 0).then(|| quantity(o.demand, false)),
                service: service(o.service),
                windows: windows(&o.windows),
                window: None,
                skills: names(o.skills),
                priority: (o.priority != 1).then_some(o.priority),
                optional: o.value.is_some(),
                value: o.value.map(|v| v as f64 / SCALE),
                depot: o.depot.and_then(|d| problem.depots.get(d)).map(|d| d.id.clone()),
                order_type: o.task.collects().then_some(OrderType::Pickup),
                pickup: pickup_of(k).map(|p| {
                    let p = &problem.orders[p];
                    PickupSpec {
                        id: Some(p.id.clone()),
                        place: place(p.location),
                        service: service(p.service),
                        windows: windows(&p.windows),
                        window: None,
                    }
                }),
            }
        })
        .collect();
    let vehicles = problem
        .vehicles
        .iter()
        .map(|v| {
            let depot_id = |d: usize| problem.depots.get(d).map(|d| d.id.clone());
            let costs = if planar {
                CostSpec {
                    fixed: Some(v.costs.fixed as f64 / SCALE),
                    per_distance: Some(v.costs.per_distance),
                    per_time: Some(v.costs.per_time),
                    ..CostSpec::default()
                }
            } else {
                CostSpec {
                    fixed: Some(v.costs.fixed as f64 / SCALE),
                    per_km: Some(scaled_up(v.costs.per_distance, 1000.0)),
                    per_hour: Some(scaled_up(v.costs.per_time, 3600.0)),
                    ..CostSpec::default()
                }
            };
            let capacity = quantity(v.capacity, true);
            VehicleSpec {
                id: v.id.clone(),
                count: None,
                kind: Some(v.kind.clone()),
                profile: problem.profiles.get(v.profile).map(|p| p.name.clone()),
                capacity: (capacity != Quantity::Each(vec![None])).then_some(capacity),
                start: depot_id(v.start_depot),
                end: depot_id(v.end_depot),
                shift: (v.shift != TimeWindow::ALWAYS).then(|| window(v.shift)),
                rest: v.rest.map(|b| BreakSpec { duration: duration(b.duration), window: Some(window(b.window)) }),
                max_duration: v.max_duration.map(duration),
                max_distance_km: v.max_distance.filter(|_| !planar).map(|d| from_ticks(d) / 1000.0),
                max_distance: v.max_distance.filter(|_| planar).map(from_ticks),
                skills: names(v.skills),
                costs: Some(costs),
                co2_g_per_km: (v.co2_per_km != 0.0).then_some(v.co2_per_km),
                reload: v.reloads.as_ref().map(|r| ReloadSpec {
                    depots: r.depots.iter().filter_map(|&d| depot_id(d)).collect(),
                    duration: Some(duration(r.duration)),
                    max_trips: Some(r.max_trips as u64),
                }),
            }
        })
        .collect();
    Scenario {
        format: format_name(),
        version: VERSION,
        name: problem.name.clone(),
        coordinates: if planar { CoordinateSystem::Planar } else { CoordinateSystem::Geographic },
        dimensions,
        currency: problem.currency.clone(),
        skills: (!problem.skills.is_empty()).then(|| problem.skills.clone()),
        profiles,
        matrices,
        depots,
        orders,
        vehicles,
    }
}

/// `rate × factor`, written so that reading it back (`÷ factor`) gives `rate` exactly when a
/// short decimal does.
fn scaled_up(rate: f64, factor: f64) -> f64 {
    let raw = rate * factor;
    for digits in [6, 9, 12] {
        let scale = 10f64.powi(digits);
        let candidate = (raw * scale).round() / scale;
        if candidate / factor == rate {
            return candidate;
        }
    }
    raw
}

/// True when `m`, read at `locations`, equals `estimate` entry for entry.
fn same_matrix(m: &Matrix, locations: &[usize], estimate: &Matrix) -> bool {
    locations.iter().enumerate().all(|(a, &la)| {
        locations
            .iter()
            .enumerate()
            .all(|(b, &lb)| m.time(la, lb) == estimate.time(a, b) && m.dist(la, lb) == estimate.dist(a, b))
    })
}

/// The speed and circuity a great-circle matrix was built with, from its longest leg (rounded to
/// six decimals); `None` when nothing can be read from it.
fn great_circle_parameters(m: &Matrix, locations: &[usize], points: &[Point]) -> Option<(f64, f64)> {
    let &first = locations.first()?;
    let (far, metres) =
        points.iter().enumerate().map(|(b, p)| (b, points[0].great_circle_m(p))).max_by(|x, y| x.1.total_cmp(&y.1))?;
    if metres < 1.0 {
        return Some((SPEED_KMH, CIRCUITY)); // every location in one place: any estimate fits
    }
    let (time, dist) = (m.time(first, locations[far]), m.dist(first, locations[far]));
    if time <= 0 || time >= UNREACHABLE || dist <= 0 {
        return None;
    }
    let round = |v: f64| (v * 1e6).round() / 1e6;
    let driven = from_ticks(dist);
    Some((round(driven / from_ticks(time) * 3.6), round(driven / metres)))
}

/// A profile's matrix as an imported table over the scenario's locations.
fn table_of(profile: &str, m: &Matrix, locations: &[usize]) -> MatrixSpec {
    let read = |f: &dyn Fn(usize, usize) -> i64| -> Vec<Vec<Option<f64>>> {
        locations
            .iter()
            .map(|&a| locations.iter().map(|&b| m.reachable(a, b).then(|| from_ticks(f(a, b)))).collect())
            .collect()
    };
    MatrixSpec {
        profile: profile.to_string(),
        durations: read(&|a, b| m.time(a, b)),
        distances: Some(read(&|a, b| m.dist(a, b))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    /// Reads `doc`, writes the problem back as a scenario and reads that: the same problem, and
    /// the same document written again.
    fn round_trip(doc: serde_json::Value) -> Scenario {
        let first = parse("first.json", &doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let exported = Scenario::from_problem(&first);
        let text = exported.to_json_pretty();
        let again = parse("again.json", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(format!("{:?}", first.orders), format!("{:?}", again.orders), "{text}");
        assert_eq!(first.points, again.points);
        for (a, b) in first.profiles.iter().zip(&again.profiles) {
            let n = a.matrix.size();
            for (i, j) in (0..n).flat_map(|i| (0..n).map(move |j| (i, j))) {
                assert_eq!((a.matrix.time(i, j), a.matrix.dist(i, j)), (b.matrix.time(i, j), b.matrix.dist(i, j)));
            }
        }
        assert_eq!(Scenario::from_problem(&again), exported);
        exported
    }

    #[test]
    fn shipments_returns_and_pickups_round_trip() {
        let exported = round_trip(json!({
            "coordinates": "planar",
            "depots": [{"id": "D", "x": 0, "y": 0}],
            "orders": [
                {"id": "b", "x": 2, "y": 0, "demand": 3, "window": [30, 40], "skills": ["cold"], "priority": 3,
                 "pickup": {"x": 5, "y": 5, "windows": [[10, 20], [50, 60]], "service": 4}},
                {"id": "r", "x": 3, "y": 0, "type": "return", "demand": 1},
                {"id": "a", "x": 1, "y": 0, "demand": 2, "pickup": {"id": "from-a", "x": 7, "y": 1}}
            ],
            "vehicles": [{"id": "v", "capacity": 10, "skills": ["cold"]}]
        }));
        assert_eq!(exported.orders.len(), 3, "a shipment is one order");
        assert_eq!(exported.orders[1].order_type, Some(OrderType::Pickup), "a return is written as a pickup");
        let pickup = exported.orders[0].pickup.as_ref().unwrap();
        assert_eq!((pickup.id.as_deref(), pickup.place.x), (Some("b-pickup"), Some(5.0)));
        assert_eq!(pickup.windows.as_ref().map(Vec::len), Some(2));
        assert_eq!(exported.orders[2].pickup.as_ref().and_then(|p| p.id.as_deref()), Some("from-a"));
        assert_eq!(exported.orders[0].order_type, None, "a shipment is delivered at its order");

        // An imported table lists the pickups after the orders, and goes out in that order.
        let table = |n: usize| -> Vec<Vec<f64>> {
            (0..n).map(|i| (0..n).map(|j| if i == j { 0.0 } else { (60 * (i + 2 * j)) as f64 }).collect()).collect()
        };
        let exported = round_trip(json!({
            "depots": [{"id": "D", "lat": 45.76, "lon": 4.83}],
            "orders": [
                {"id": "s", "lat": 45.75, "lon": 4.85, "window": ["09:00", "10:00"],
                 "pickup": {"lat": 45.70, "lon": 4.80, "window": ["08:00", "08:30"], "service": "5m"}},
                {"id": "o", "lat": 45.74, "lon": 4.86}
            ],
            "vehicles": [{"id": "v"}],
            "matrices": [{"profile": "car", "durations": table(4), "distances": table(4)}]
        }));
        let rows: Vec<Vec<Option<f64>>> = table(4).into_iter().map(|r| r.into_iter().map(Some).collect()).collect();
        assert_eq!(exported.matrices[0].durations, rows);
    }

    #[test]
    fn rates_written_back_read_the_same() {
        for per_km in [0.35, 0.32, 1.0, 0.1234567, 7.0 / 3.0] {
            let rate = per_km / 1000.0;
            assert_eq!(scaled_up(rate, 1000.0) / 1000.0, rate, "{per_km}");
        }
    }
}
