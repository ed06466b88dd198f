//! A plan written for the outside world: a CSV of stops ([`plan_csv`]), a GeoJSON map
//! ([`geojson`]), a versioned plan document that reads back ([`plan_json`], [`read_plan_json`]),
//! and a driver's manifest per vehicle ([`manifest`]). VROOM's solution format is
//! [`crate::formats::vroom::write_solution`].
//!
//! Geographic problems write clock times as `HH:MM:SS` (hours past 24 for the next day),
//! coordinates as lat/lon and distances in metres; planar (benchmark) problems write plain numbers
//! and x/y.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::formats::csv::to_csv;
use crate::formats::scenario::Scenario;
use crate::formats::ParseError;
use crate::plan::{Plan, Route, Unassigned, UnassignedReason};
use crate::problem::{Coordinates, Problem, Task, TimeWindow};
use crate::units::{clock, from_load, from_ticks, Time, HORIZON, SCALE};

/// The `format` value of a plan document.
pub const PLAN_FORMAT: &str = "lastmile-plan";
/// The plan document version this engine reads and writes.
pub const PLAN_VERSION: u64 = 1;

fn geographic(problem: &Problem) -> bool {
    problem.coordinates == Coordinates::Geographic
}

/// A clock time (or a duration): `HH:MM:SS` to the nearest second for geographic problems, the
/// plain number for planar ones; an open end (the horizon) is empty.
fn time(problem: &Problem, t: Time) -> String {
    if t >= HORIZON {
        return String::new();
    }
    if !geographic(problem) {
        return from_ticks(t).to_string();
    }
    crate::units::clock_hms(t)
}

/// The dimensions a problem counts (at least one).
fn dims(problem: &Problem) -> usize {
    problem.dimensions.len().clamp(1, crate::problem::MAX_DIMENSIONS)
}

fn dimension_names(problem: &Problem) -> Vec<String> {
    (0..dims(problem)).map(|d| problem.dimensions.get(d).cloned().unwrap_or_else(|| format!("dim{}", d + 1))).collect()
}

/// The window a service start falls in, or the envelope of the order's windows.
fn window_at(problem: &Problem, order: usize, start: Option<Time>) -> TimeWindow {
    let windows = &problem.orders[order].windows;
    start.and_then(|t| windows.as_slice().iter().find(|w| w.contains(t)).copied()).unwrap_or_else(|| windows.envelope())
}

/// `[lon, lat]` (planar: `[x, y]`).
fn position(problem: &Problem, location: usize) -> Value {
    problem.points.get(location).map_or(Value::Null, |p| json!([p.x, p.y]))
}

/// The plan's routes with stops (empty routes are not driven).
fn driven(plan: &Plan) -> impl Iterator<Item = &Route> {
    plan.routes.iter().filter(|r| !r.stops.is_empty())
}

/// One row per stop, in route order, then one per unassigned order with its reason code:
/// `vehicle, vehicle_type, sequence, order_id, task` (delivery, pickup, shipment pickup,
/// shipment delivery), `lat, lon` (planar: `x, y`), `arrival,
/// service_start, departure, window_start, window_end, waiting`, `load_after_<dimension>` for
/// each dimension, and `reason`.
pub fn plan_csv(problem: &Problem, plan: &Plan) -> String {
    let names = dimension_names(problem);
    let (a, b) = if geographic(problem) { ("lat", "lon") } else { ("x", "y") };
    let mut header: Vec<String> = ["vehicle", "vehicle_type", "sequence", "order_id", "task", a, b]
        .into_iter()
        .chain(["arrival", "service_start", "departure", "window_start", "window_end", "waiting"])
        .map(String::from)
        .collect();
    header.extend(names.iter().map(|d| format!("load_after_{d}")));
    header.push("reason".into());
    let place = |location: usize| -> [String; 2] {
        let p = problem.points[location];
        if geographic(problem) {
            [p.y.to_string(), p.x.to_string()]
        } else {
            [p.x.to_string(), p.y.to_string()]
        }
    };
    let mut rows = vec![header];
    for route in driven(plan) {
        let vehicle = &problem.vehicles[route.vehicle];
        for (k, visit) in route.schedule(problem).visits.iter().enumerate() {
            let order = &problem.orders[visit.order];
            let window = window_at(problem, visit.order, Some(visit.start));
            let mut row = vec![vehicle.id.clone(), vehicle.kind.clone(), (k + 1).to_string(), order.id.clone()];
            row.push(order.task.word().to_string());
            row.extend(place(order.location));
            row.extend([
                time(problem, visit.arrival),
                time(problem, visit.start),
                time(problem, visit.departure),
                time(problem, window.start),
                time(problem, window.end),
                time(problem, visit.start - visit.arrival),
            ]);
            row.extend(visit.load_after[..names.len()].iter().map(|&l| from_load(l).to_string()));
            row.push(String::new());
            rows.push(row);
        }
    }
    for u in &plan.unassigned {
        let order = &problem.orders[u.order];
        let window = window_at(problem, u.order, None);
        let mut row = vec![String::new(), String::new(), String::new(), order.id.clone()];
        row.push(order.task.word().to_string());
        row.extend(place(order.location));
        row.extend([String::new(), String::new(), String::new()]);
        row.extend([time(problem, window.start), time(problem, window.end), String::new()]);
        row.extend(names.iter().map(|_| String::new()));
        row.push(u.reason.code().to_string());
        rows.push(row);
    }
    to_csv(&rows)
}

/// A GeoJSON `FeatureCollection`: per route a `LineString` from its start through its stops to
/// its end (`[lon, lat]`) with `{feature: "route", vehicle, kind, stops, distance_m, duration_s,
/// cost, colour}` (`colour`: the route's index, for a palette); per stop a `Point` with
/// `{feature: "stop", order, vehicle, sequence, eta, window}`; per depot a `Point` with
/// `{feature: "depot", depot}`; per unassigned order a `Point` with `{feature: "unassigned",
/// order, reason}`. Planar problems use x/y and say `"crs": "planar"` in the collection's
/// properties (distances and durations are then in the file's units).
pub fn geojson(problem: &Problem, plan: &Plan) -> Value {
    let mut features = Vec::new();
    let point = |location: usize, properties: Value| {
        json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": position(problem, location)},
               "properties": properties})
    };
    for (colour, route) in driven(plan).enumerate() {
        let vehicle = &problem.vehicles[route.vehicle];
        let schedule = route.schedule(problem);
        let mut line = vec![position(problem, problem.vehicle_start(route.vehicle))];
        line.extend(route.stops.iter().map(|&o| position(problem, problem.orders[o].location)));
        line.push(position(problem, problem.vehicle_end(route.vehicle)));
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": line},
            "properties": {
                "feature": "route", "vehicle": vehicle.id, "kind": vehicle.kind, "stops": route.stops.len(),
                "distance_m": from_ticks(schedule.distance), "duration_s": from_ticks(schedule.duration()),
                "cost": route.cost(problem) as f64 / SCALE, "colour": colour,
            },
        }));
        for (k, visit) in schedule.visits.iter().enumerate() {
            let order = &problem.orders[visit.order];
            let window = window_at(problem, visit.order, Some(visit.start));
            features.push(point(
                order.location,
                json!({"feature": "stop", "order": order.id, "vehicle": vehicle.id, "sequence": k + 1,
                       "eta": time(problem, visit.arrival),
                       "window": [time(problem, window.start), time(problem, window.end)]}),
            ));
        }
    }
    for depot in &problem.depots {
        features.push(point(depot.location, json!({"feature": "depot", "depot": depot.id})));
    }
    for u in &plan.unassigned {
        let order = &problem.orders[u.order];
        features.push(point(
            order.location,
            json!({"feature": "unassigned", "order": order.id, "reason": u.reason.code()}),
        ));
    }
    let mut collection = json!({"type": "FeatureCollection", "features": features});
    if !geographic(problem) {
        collection["properties"] = json!({"crs": "planar"});
    }
    collection
}

#[derive(Serialize, Deserialize)]
struct PlanDocument {
    format: String,
    version: u64,
    scenario: Scenario,
    plan: PlanBody,
}

#[derive(Serialize, Deserialize)]
struct PlanBody {
    routes: Vec<RouteEntry>,
    #[serde(default)]
    unassigned: Vec<UnassignedEntry>,
}

#[derive(Serialize, Deserialize)]
struct RouteEntry {
    vehicle: String,
    stops: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct UnassignedEntry {
    id: String,
    reason: String,
}

/// The plan with its scenario, as a versioned document that [`read_plan_json`] reads back:
/// `{"format": "lastmile-plan", "version": 1, "scenario": {…}, "plan": {"routes": [{"vehicle",
/// "stops": [order ids]}], "unassigned": [{"id", "reason"}]}}`.
pub fn plan_json(problem: &Problem, plan: &Plan) -> String {
    let document = PlanDocument {
        format: PLAN_FORMAT.to_string(),
        version: PLAN_VERSION,
        scenario: Scenario::from_problem(problem),
        plan: PlanBody {
            routes: plan
                .routes
                .iter()
                .map(|r| RouteEntry {
                    vehicle: problem.vehicles[r.vehicle].id.clone(),
                    stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
                })
                .collect(),
            unassigned: plan
                .unassigned
                .iter()
                .map(|u| UnassignedEntry {
                    id: problem.orders[u.order].id.clone(),
                    reason: u.reason.code().to_string(),
                })
                .collect(),
        },
    };
    // Strings, numbers and lists only: serialization cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// The reason a code names (`"time_window"` …).
fn reason_named(code: &str) -> Option<UnassignedReason> {
    use UnassignedReason::*;
    [Skill, Depot, Capacity, Unreachable, Range, Shift, TimeWindow, Fleet, NotWorthIt]
        .into_iter()
        .find(|r| r.code() == code)
}

/// Reads a plan document: its scenario (validated as [`Scenario::to_problem`] does) and the plan
/// over that scenario's problem. Ids that name no order or vehicle, an order planned twice or not
/// at all, and unknown reason codes are errors naming them.
pub fn read_plan_json(file: &str, text: &str) -> Result<(Scenario, Plan), ParseError> {
    #[derive(Deserialize)]
    struct Header {
        format: Option<Value>,
        version: Option<Value>,
    }
    let header: Header = crate::formats::from_json(file, text)?;
    match header.format {
        Some(f) if f.as_str() == Some(PLAN_FORMAT) => {}
        Some(f) => return Err(ParseError::at(file, "format", format!("expected \"{PLAN_FORMAT}\", found {f}"))),
        None => return Err(ParseError::at(file, "format", format!("missing: expected \"{PLAN_FORMAT}\""))),
    }
    if header.version.as_ref().and_then(Value::as_u64) != Some(PLAN_VERSION) {
        let found = header.version.map_or("none".to_string(), |v| v.to_string());
        return Err(ParseError::at(
            file,
            "version",
            format!("version {found} is not supported: this Lastmile reads version {PLAN_VERSION}"),
        ));
    }
    let document: PlanDocument = crate::formats::from_json(file, text)?;
    let problem =
        document.scenario.to_problem(file).map_err(|e| ParseError { field: format!("scenario.{}", e.field), ..e })?;
    let orders: HashMap<&str, usize> = problem.orders.iter().enumerate().map(|(k, o)| (o.id.as_str(), k)).collect();
    let vehicles: HashMap<&str, usize> = problem.vehicles.iter().enumerate().map(|(k, v)| (v.id.as_str(), k)).collect();
    let mut seen = vec![false; problem.orders.len()];
    let mut unknown: Vec<String> = Vec::new();
    let mut twice: Vec<String> = Vec::new();
    let mut mark = |id: &str, seen: &mut Vec<bool>| -> Option<usize> {
        match orders.get(id) {
            None => {
                unknown.push(id.to_string());
                None
            }
            Some(&k) => {
                if std::mem::replace(&mut seen[k], true) {
                    twice.push(id.to_string());
                }
                Some(k)
            }
        }
    };
    let mut plan = Plan::default();
    let mut used = vec![false; problem.vehicles.len()];
    for (k, r) in document.plan.routes.iter().enumerate() {
        let field = format!("plan.routes[{k}].vehicle");
        let &vehicle = vehicles
            .get(r.vehicle.as_str())
            .ok_or_else(|| ParseError::at(file, &field, format!("no vehicle has id {:?}", r.vehicle)))?;
        if std::mem::replace(&mut used[vehicle], true) {
            return Err(ParseError::at(file, field, format!("vehicle {:?} has two routes", r.vehicle)));
        }
        let stops = r.stops.iter().filter_map(|id| mark(id, &mut seen)).collect();
        plan.routes.push(Route { vehicle, stops, reloads: Vec::new() });
    }
    for (k, u) in document.plan.unassigned.iter().enumerate() {
        let reason = reason_named(&u.reason).ok_or_else(|| {
            ParseError::at(file, format!("plan.unassigned[{k}].reason"), format!("unknown reason {:?}", u.reason))
        })?;
        if let Some(order) = mark(&u.id, &mut seen) {
            plan.unassigned.push(Unassigned { order, reason });
        }
    }
    let list = |ids: &[String]| {
        let shown: Vec<String> = ids.iter().take(10).map(|id| format!("{id:?}")).collect();
        let more = if ids.len() > 10 { format!(" and {} more", ids.len() - 10) } else { String::new() };
        format!("{}{more}", shown.join(", "))
    };
    if !unknown.is_empty() {
        return Err(ParseError::at(file, "plan", format!("no order has id {}", list(&unknown))));
    }
    if !twice.is_empty() {
        return Err(ParseError::at(file, "plan", format!("planned more than once: {}", list(&twice))));
    }
    let missing: Vec<String> =
        seen.iter().enumerate().filter(|(_, s)| !**s).map(|(k, _)| problem.orders[k].id.clone()).collect();
    if !missing.is_empty() {
        return Err(ParseError::at(file, "plan", format!("neither routed nor unassigned: {}", list(&missing))));
    }
    Ok((document.scenario, plan))
}

/// A driver's sheet for one vehicle: where and when to go, what to hand over, how to load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub vehicle: String,
    pub kind: String,
    /// The depot the vehicle loads at (its start), and where it ends.
    pub depot: String,
    pub end_depot: String,
    /// Leaving and coming back (empty for a vehicle with no stops).
    pub departure: String,
    #[serde(rename = "return")]
    pub return_time: String,
    /// Names of the load dimensions, in the order of every `demand` and `total_load`.
    pub dimensions: Vec<String>,
    pub stops: Vec<ManifestStop>,
    /// Order ids of the deliveries loaded at the depot, in the order to load them: the last
    /// stop's goods first, so the next stop's are always at the door (pickups and shipments are
    /// collected on the way). With several trips, the first trip's.
    pub loading_order: Vec<String>,
    /// Every trip after the first: the depot it is loaded at, when, and its loading order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reloads: Vec<ManifestReload>,
    pub total_load: Vec<f64>,
    /// The break: `[start, end]`, when the route takes one.
    #[serde(rename = "break", default, skip_serializing_if = "Option::is_none")]
    pub rest: Option<[String; 2]>,
}

/// A reload on a driver's sheet: back at a depot before the stop of `before_sequence`, to unload
/// what was collected and load the next trip in `loading_order`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestReload {
    pub before_sequence: usize,
    pub depot: String,
    pub arrival: String,
    pub departure: String,
    pub loading_order: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestStop {
    /// 1-based.
    pub sequence: usize,
    pub order: String,
    /// Latitude and longitude (planar: y and x).
    pub lat: f64,
    pub lon: f64,
    /// The window the service falls in: `[start, end]` (an open end empty).
    pub window: [String; 2],
    /// Arriving, and starting service (later when the vehicle waits for the window).
    pub eta: String,
    #[serde(default)]
    pub start: String,
    pub service_minutes: f64,
    pub demand: Vec<f64>,
    /// The trip it is on (1-based).
    #[serde(default = "first_trip")]
    pub trip: usize,
    /// What the driver does here: `delivery` (goods loaded at the depot), `pickup` (collected
    /// for the depot), `shipment pickup` or `shipment delivery`.
    #[serde(default = "delivery")]
    pub task: String,
}

fn first_trip() -> usize {
    1
}

fn delivery() -> String {
    Task::Delivery.word().to_string()
}

/// The manifest of vehicle `vehicle` (an index into `problem.vehicles`); `None` when there is no
/// such vehicle. A vehicle without a route gets a manifest without stops.
pub fn manifest(problem: &Problem, plan: &Plan, vehicle: usize) -> Option<Manifest> {
    let v = problem.vehicles.get(vehicle)?;
    let depot_id = |d: usize| problem.depots.get(d).map(|d| d.id.clone()).unwrap_or_default();
    let n = dims(problem);
    let per_minute = if geographic(problem) { 60.0 } else { 1.0 };
    let route = plan.routes.iter().find(|r| r.vehicle == vehicle && !r.stops.is_empty());
    let schedule = route.map(|r| r.schedule(problem));
    let stops: Vec<ManifestStop> = schedule
        .iter()
        .flat_map(|s| s.visits.iter().enumerate())
        .map(|(k, visit)| {
            let order = &problem.orders[visit.order];
            let p = problem.points[order.location];
            let window = window_at(problem, visit.order, Some(visit.start));
            ManifestStop {
                sequence: k + 1,
                order: order.id.clone(),
                lat: p.y,
                lon: p.x,
                window: [clock(problem, window.start), clock(problem, window.end)],
                eta: clock(problem, visit.arrival),
                start: clock(problem, visit.start),
                service_minutes: from_ticks(order.service) / per_minute,
                demand: order.demand[..n].iter().map(|&l| from_load(l)).collect(),
                trip: 1 + route.map_or(0, |r| r.reloads.iter().filter(|x| x.before <= k).count()),
                task: order.task.word().to_string(),
            }
        })
        .collect();
    Some(Manifest {
        vehicle: v.id.clone(),
        kind: v.kind.clone(),
        depot: if v.origin.is_some() { "current position".to_string() } else { depot_id(v.start_depot) },
        end_depot: depot_id(v.end_depot),
        departure: schedule.as_ref().map(|s| clock(problem, s.departure)).unwrap_or_default(),
        return_time: schedule.as_ref().map(|s| clock(problem, s.return_time)).unwrap_or_default(),
        dimensions: dimension_names(problem),
        loading_order: loading_order(problem, schedule.as_ref().map_or(&[], |s| &s.visits), 1, &stops),
        reloads: schedule
            .iter()
            .flat_map(|s| &s.reloads)
            .enumerate()
            .map(|(k, r)| ManifestReload {
                before_sequence: r.before + 1,
                depot: depot_id(r.depot),
                arrival: clock(problem, r.arrival),
                departure: clock(problem, r.departure),
                loading_order: loading_order(problem, schedule.as_ref().map_or(&[], |s| &s.visits), k + 2, &stops),
            })
            .collect(),
        total_load: schedule.as_ref().map_or(vec![0.0; n], |s| s.load[..n].iter().map(|&l| from_load(l)).collect()),
        rest: schedule.as_ref().and_then(|s| s.rest).map(|b| [clock(problem, b.start), clock(problem, b.end)]),
        stops,
    })
}

/// The deliveries of trip `trip` (1-based) among `visits`, last stop first: the order to load them.
fn loading_order(problem: &Problem, visits: &[crate::plan::Visit], trip: usize, stops: &[ManifestStop]) -> Vec<String> {
    visits
        .iter()
        .zip(stops)
        .rev()
        .filter(|(_, s)| s.trip == trip)
        .map(|(visit, _)| &problem.orders[visit.order])
        .filter(|order| order.task == Task::Delivery)
        .map(|order| order.id.clone())
        .collect()
}
