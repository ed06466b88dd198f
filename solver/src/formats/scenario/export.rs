//! [`Problem`] → scenario: any loaded problem written back as a document (planar times as
//! numbers, geographic clock times as text, travel as speed and circuity when the matrix is the
//! estimate, as a table otherwise).

use super::schema::*;
use super::time::{unix_day, write_time};
use super::*;
use crate::problem::{Coordinates, Matrix, Point, Problem, Skills, TimeWindow, MAX_DIMENSIONS};
use crate::units::{from_load, from_ticks, Load, Time, HORIZON, SCALE, UNREACHABLE};

pub(super) fn export(problem: &Problem) -> Scenario {
    let planar = problem.coordinates == Coordinates::Planar;
    let dims = problem.dimensions.len().clamp(1, MAX_DIMENSIONS);
    let dimensions =
        if problem.dimensions.is_empty() { default_dimensions() } else { problem.dimensions[..dims].to_vec() };
    // Scenario locations: depots, then orders.
    let locations: Vec<usize> =
        problem.depots.iter().map(|d| d.location).chain(problem.orders.iter().map(|o| o.location)).collect();
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
    let orders = problem
        .orders
        .iter()
        .map(|o| {
            let windows = o.windows.as_slice();
            OrderSpec {
                id: o.id.clone(),
                place: place(o.location),
                demand: o.demand.iter().any(|&l| l != 0).then(|| quantity(o.demand, false)),
                service: (o.service != 0).then(|| duration(o.service)),
                windows: (windows != [TimeWindow::ALWAYS]).then(|| windows.iter().map(|&w| window(w)).collect()),
                window: None,
                skills: names(o.skills),
                priority: (o.priority != 1).then_some(o.priority),
                optional: o.value.is_some(),
                value: o.value.map(|v| v as f64 / SCALE),
                depot: o.depot.and_then(|d| problem.depots.get(d)).map(|d| d.id.clone()),
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

    #[test]
    fn rates_written_back_read_the_same() {
        for per_km in [0.35, 0.32, 1.0, 0.1234567, 7.0 / 3.0] {
            let rate = per_km / 1000.0;
            assert_eq!(scaled_up(rate, 1000.0) / 1000.0, rate, "{per_km}");
        }
    }
}
