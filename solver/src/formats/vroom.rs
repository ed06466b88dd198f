//! VROOM's problem JSON in ([`parse`]) and VROOM's solution JSON out ([`write_solution`]), after
//! VROOM's `docs/API.md`.
//!
//! [`read`] checks the problem and gives it as a scenario (errors named by VROOM's fields), which
//! the scenario builder turns into the [`Problem`], as for every other format.
//!
//! What is read, and how it maps onto Lastmile's model:
//! - `jobs`: `id`, `location` (`[lon, lat]`) or `location_index`, `setup` + `service` (one service
//!   time), `delivery` (or the older `amount`) as the demand of a delivery, or `pickup` as the
//!   demand of a pickup (collected, unloaded at the route's end); a job with both a delivery and a
//!   pickup amount is refused, naming it (Lastmile plans a stop as one or the other: give it as two
//!   jobs at one location), `skills` (integers, named `skill-N`), `priority` 0..100 (our priority
//!   1 + it), `time_windows`.
//! - `shipments`: `amount`, `skills`, `priority` and two steps, `pickup` and `delivery` (`id`,
//!   `location` or `location_index`, `setup` + `service`, `time_windows`), read as a scenario
//!   order with a `pickup`. VROOM numbers jobs, pickups and deliveries apart; Lastmile's ids are
//!   one namespace, so a delivery whose id a job has is named `delivery-<id>`, a pickup whose id a
//!   job or a delivery has `pickup-<id>` ([`write_solution`] writes VROOM's ids back).
//! - `vehicles`: `id`, `profile` (default `car`), `start`/`end` or `start_index`/`end_index` (a
//!   vehicle with only one of them returns to it; it needs at least one), `capacity` (missing
//!   entries unlimited), `skills`, `time_window`, the first time window of the first of `breaks`
//!   (others are ignored), `max_travel_time` (as a maximum route duration, which also counts
//!   service and waiting: stricter than VROOM), `max_distance`, `costs` (`fixed`, `per_hour`
//!   default 3600, `per_km` default 0, kept as currency units). `speed_factor`, `max_tasks` and
//!   `steps` are ignored.
//! - `matrices` (`{profile: {durations, distances}}`; `costs` tables are ignored) or the legacy
//!   top-level `matrix` (durations for every profile). Without distances, distances are
//!   great-circle × 1.3 when every used location has coordinates, otherwise 0. Without any
//!   matrix, travel is estimated as great-circle × 1.3 at 30 km/h (VROOM itself would ask OSRM).
//! - Depots are the distinct vehicle start and end places: `depot-1`, `depot-2` … by coordinates,
//!   or the location index (`"0"`, `"7"` …) with a matrix.
//!
//! Times are relative seconds (within about 8.9 years), or UNIX timestamps (as VROOM's own
//! examples, `1600416000`): when any time window holds one, times become relative to midnight UTC
//! of the earliest one's day (so the app's clock times read as UTC), a `0` stays "from the
//! start", and [`Problem::time_origin`] keeps that midnight: the solution goes back out in
//! UNIX time ([`write_solution`], [`write_problem`]).

use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

use super::scenario::checks::{checked_break, in_range, money, non_negative, square_table};
use super::scenario::time::{unix_day, write_time};
use super::scenario::{
    self, BreakSpec, CoordinateSystem, CostSpec, DepotSpec, MatrixSpec, OrderSpec, OrderType, PickupSpec, ProfileSpec,
    Quantity, Scenario, TimeValue, VehicleSpec, WindowSpec, MAX_FLEET, UNLIMITED,
};
use super::scenario::{MAX_AMOUNT, MAX_LOCATIONS, MAX_RATE, MAX_TABLE, MAX_TIME};
use super::ParseError;
use crate::plan::Plan;
use crate::problem::{add, Amount, Coordinates, Order, Point, Problem, Skills, Task, TimeWindow, MAX_DIMENSIONS};
use crate::units::{from_load, from_ticks, to_load, to_ticks, Time, SCALE};

/// VROOM's default circuity and speed when no matrix is given.
const CIRCUITY: f64 = 1.3;
const SPEED_KMH: f64 = 30.0;

/// A VROOM id: an integer (VROOM's rule), or text (accepted).
#[derive(Deserialize, Clone, Debug)]
#[serde(untagged)]
enum Id {
    Number(u64),
    Text(String),
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Id::Number(n) => write!(f, "{n}"),
            Id::Text(t) => write!(f, "{t}"),
        }
    }
}

#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    jobs: Vec<Job>,
    #[serde(default)]
    shipments: Vec<Shipment>,
    #[serde(default)]
    vehicles: Vec<VehicleIn>,
    matrices: Option<BTreeMap<String, Matrices>>,
    matrix: Option<Vec<Vec<Option<f64>>>>,
}

#[derive(Deserialize)]
struct Job {
    id: Id,
    location: Option<Vec<f64>>,
    location_index: Option<usize>,
    setup: Option<f64>,
    service: Option<f64>,
    delivery: Option<Vec<f64>>,
    amount: Option<Vec<f64>>,
    pickup: Option<Vec<f64>>,
    #[serde(default)]
    skills: Vec<u64>,
    priority: Option<u32>,
    time_windows: Option<Vec<Vec<f64>>>,
}

#[derive(Deserialize)]
struct Shipment {
    pickup: Step,
    delivery: Step,
    amount: Option<Vec<f64>>,
    #[serde(default)]
    skills: Vec<u64>,
    priority: Option<u32>,
}

/// A shipment's pickup or delivery.
#[derive(Deserialize)]
struct Step {
    id: Id,
    location: Option<Vec<f64>>,
    location_index: Option<usize>,
    setup: Option<f64>,
    service: Option<f64>,
    time_windows: Option<Vec<Vec<f64>>>,
}

#[derive(Deserialize)]
struct VehicleIn {
    id: Id,
    profile: Option<String>,
    start: Option<Vec<f64>>,
    start_index: Option<usize>,
    end: Option<Vec<f64>>,
    end_index: Option<usize>,
    capacity: Option<Vec<f64>>,
    #[serde(default)]
    skills: Vec<u64>,
    time_window: Option<Vec<f64>>,
    #[serde(default)]
    breaks: Vec<BreakIn>,
    max_travel_time: Option<f64>,
    max_distance: Option<f64>,
    costs: Option<CostsIn>,
}

#[derive(Deserialize)]
struct BreakIn {
    #[serde(default)]
    time_windows: Vec<Vec<f64>>,
    service: Option<f64>,
}

#[derive(Deserialize)]
struct CostsIn {
    fixed: Option<f64>,
    per_hour: Option<f64>,
    per_km: Option<f64>,
}

#[derive(Deserialize)]
struct Matrices {
    durations: Option<Vec<Vec<Option<f64>>>>,
    distances: Option<Vec<Vec<Option<f64>>>>,
}

/// A checked square table, row by row.
type Flat = Vec<Option<f64>>;

fn located(kind: &str, k: usize, id: &Id) -> String {
    format!("{kind}[{k}] (id {id})")
}

/// Parses a VROOM problem. `file` names the source in error messages and is the problem's name.
pub fn parse(file: &str, text: &str) -> Result<Problem, ParseError> {
    read(file, text)?.to_problem(file)
}

/// Reads a VROOM problem as a scenario: every value checked here and named by VROOM's own fields;
/// UNIX times written as ISO date-times (so the builder finds the same first day, kept as
/// [`Problem::time_origin`]); with a matrix, places given by `location_index`.
pub fn read(file: &str, text: &str) -> Result<Scenario, ParseError> {
    let input: Input = super::from_json(file, text)?;
    let origin = time_origin(&input);
    Reader { file, input: &input, origin }.read()
}

/// The latest UNIX time read as one (the end of year 9999).
const LAST_UNIX_TIME: f64 = 253_402_300_799.0;

/// Midnight UTC of the earliest UNIX timestamp among the time windows (a number beyond
/// `MAX_TIME`, the most a relative time may be), in UNIX seconds; `None` when times are relative.
fn time_origin(input: &Input) -> Option<i64> {
    let jobs = input.jobs.iter().flat_map(|j| j.time_windows.iter().flatten().flatten());
    let steps = input.shipments.iter().flat_map(|s| [&s.pickup, &s.delivery]);
    let steps = steps.flat_map(|step| step.time_windows.iter().flatten().flatten());
    let shifts = input.vehicles.iter().flat_map(|v| v.time_window.iter().flatten());
    let breaks = input.vehicles.iter().flat_map(|v| v.breaks.iter().flat_map(|b| b.time_windows.iter().flatten()));
    let earliest = jobs
        .chain(steps)
        .chain(shifts)
        .chain(breaks)
        .copied()
        .filter(|&t| t > MAX_TIME && t <= LAST_UNIX_TIME)
        .fold(f64::INFINITY, f64::min);
    earliest.is_finite().then(|| (earliest / 86_400.0).floor() as i64 * 86_400)
}

/// A UNIX time's day, for messages (`2020-09-18`).
fn day_of(unix: i64) -> String {
    unix_day(unix.div_euclid(86_400)).map_or_else(|| format!("UNIX time {unix}"), |d| d.to_string())
}

struct Reader<'a> {
    file: &'a str,
    input: &'a Input,
    /// Midnight UTC of the first day, when the windows are UNIX timestamps.
    origin: Option<i64>,
}

/// Where a job or a vehicle end is: a matrix index or coordinates.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Index(usize),
    At(Point),
}

impl Reader<'_> {
    fn err(&self, field: impl Into<String>, message: impl Into<String>) -> ParseError {
        ParseError::at(self.file, field, message)
    }

    /// A duration (service, setup, a break, a maximum travel time), in seconds.
    fn seconds(&self, value: f64, field: impl Into<String>) -> Result<Time, ParseError> {
        in_range(value, MAX_TIME, "a duration in seconds").map_err(|m| self.err(field, m))
    }

    /// A point in time: relative seconds, or a UNIX timestamp when the file's windows are.
    fn instant(&self, value: f64, field: impl Into<String>) -> Result<Time, ParseError> {
        let Some(origin) = self.origin else {
            return in_range(value, MAX_TIME, "a time in seconds").map_err(|m| self.err(field, m));
        };
        if value == 0.0 {
            return Ok(0);
        }
        if value < origin as f64 {
            return Err(self.err(
                field,
                format!(
                    "{value} is before {}, the first day of the file's UNIX times: give every time as a UNIX \
                     timestamp, or every one in seconds from the start of the day",
                    day_of(origin)
                ),
            ));
        }
        in_range(value - origin as f64, MAX_TIME, "a time").map_err(|_| {
            let years = MAX_TIME / (365.25 * 86_400.0);
            self.err(
                field,
                format!("{value} is more than {years:.1} years after {}, the file's first day", day_of(origin)),
            )
        })
    }

    fn window(&self, w: &[f64], field: String) -> Result<TimeWindow, ParseError> {
        let [start, end] = w else {
            return Err(self.err(field, format!("a time window is [start, end], found {} values", w.len())));
        };
        let (start_at, end_at) = (self.instant(*start, field.clone())?, self.instant(*end, field.clone())?);
        if end_at < start_at {
            return Err(self.err(field, format!("the window ends ({end}) before it starts ({start})")));
        }
        Ok(TimeWindow::new(start_at, end_at))
    }

    fn point(&self, lon_lat: &[f64], field: String) -> Result<Point, ParseError> {
        let [lon, lat] = lon_lat else {
            return Err(self.err(field, format!("coordinates are [lon, lat], found {} values", lon_lat.len())));
        };
        if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) {
            return Err(self.err(field, format!("[{lon}, {lat}] is not a [lon, lat] pair on Earth")));
        }
        Ok(Point { x: *lon, y: *lat })
    }

    fn amount(&self, values: &[f64], dims: usize, missing: i64, field: String) -> Result<Amount, ParseError> {
        let mut out = [0; MAX_DIMENSIONS];
        for (d, slot) in out.iter_mut().enumerate().take(dims) {
            *slot = match values.get(d) {
                Some(&v) => to_load(non_negative(v, MAX_AMOUNT).map_err(|m| self.err(format!("{field}[{d}]"), m))?),
                None => missing,
            };
        }
        Ok(out)
    }

    /// The skills' names (`skill-N`), each added to `names` at its first use.
    fn skills(&self, list: &[u64], names: &mut Vec<String>, field: String) -> Result<Vec<String>, ParseError> {
        let mut own = Vec::with_capacity(list.len());
        for (j, skill) in list.iter().enumerate() {
            let name = format!("skill-{skill}");
            if !names.contains(&name) {
                if names.len() == crate::constraints::skills::MAX_SKILLS {
                    return Err(self.err(format!("{field}[{j}]"), "at most 64 distinct skills"));
                }
                names.push(name.clone());
            }
            own.push(name);
        }
        Ok(own)
    }

    fn read(&self) -> Result<Scenario, ParseError> {
        let input = self.input;
        if input.vehicles.is_empty() {
            return Err(self.err("vehicles", "no vehicles"));
        }
        let with_matrix = input.matrices.is_some() || input.matrix.is_some();

        // Capacity dimensions: as many as the longest amount.
        let mut dims = 1;
        let amounts = input
            .jobs
            .iter()
            .enumerate()
            .flat_map(|(k, j)| {
                [("delivery", &j.delivery), ("amount", &j.amount), ("pickup", &j.pickup)].into_iter().filter_map(
                    move |(name, a)| a.as_ref().map(|a| (format!("{}.{name}", located("jobs", k, &j.id)), a)),
                )
            })
            .chain(
                input
                    .shipments
                    .iter()
                    .enumerate()
                    .filter_map(|(k, s)| s.amount.as_ref().map(|a| (format!("shipments[{k}].amount"), a))),
            )
            .chain(input.vehicles.iter().enumerate().filter_map(|(k, v)| {
                v.capacity.as_ref().map(|a| (format!("{}.capacity", located("vehicles", k, &v.id)), a))
            }));
        for (field, a) in amounts {
            if a.len() > MAX_DIMENSIONS {
                return Err(self.err(field, format!("{} amounts: at most {MAX_DIMENSIONS} are supported", a.len())));
            }
            dims = dims.max(a.len());
        }

        // Travel tables by profile (matrix mode).
        let mut size = None;
        let mut tables: BTreeMap<&str, (Option<Flat>, Option<Flat>)> = BTreeMap::new();
        let mut check = |rows: &Vec<Vec<Option<f64>>>, field: String| -> Result<Vec<Option<f64>>, ParseError> {
            if rows.len() > MAX_LOCATIONS {
                return Err(self.err(field, format!("{} rows: at most {MAX_LOCATIONS} locations", rows.len())));
            }
            let n = *size.get_or_insert(rows.len());
            let expected = || format!("the matrices have {n} rows (every matrix must be square, all of one size)");
            square_table(rows, n, &expected).map_err(|(at, m)| self.err(format!("{field}{at}"), m))
        };
        let legacy = match &input.matrix {
            Some(rows) => Some(check(rows, "matrix".to_string())?),
            None => None,
        };
        for (profile, m) in input.matrices.iter().flatten() {
            let durations = match &m.durations {
                Some(rows) => Some(check(rows, format!("matrices.{profile}.durations"))?),
                None => None,
            };
            let distances = match &m.distances {
                Some(rows) => Some(check(rows, format!("matrices.{profile}.distances"))?),
                None => None,
            };
            tables.insert(profile, (durations, distances));
        }
        let n_matrix = size.unwrap_or(0);

        // Places.
        let mut places = Vec::new(); // (index, coordinates given with it)
                                     // `base` names the job or vehicle; `names` its coordinates and index keys.
        let place = |location: &Option<Vec<f64>>,
                     index: Option<usize>,
                     base: &str,
                     (coordinates, index_name): (&str, &str),
                     places: &mut Vec<(usize, Point)>|
         -> Result<Option<Place>, ParseError> {
            let point = match location {
                Some(p) => Some(self.point(p, format!("{base}.{coordinates}"))?),
                None => None,
            };
            if !with_matrix {
                return Ok(point.map(Place::At));
            }
            let Some(i) = index else {
                return Ok(None);
            };
            if i >= n_matrix {
                return Err(self.err(
                    format!("{base}.{index_name}"),
                    format!("index {i} is outside the {n_matrix}×{n_matrix} matrix"),
                ));
            }
            if let Some(p) = point {
                places.push((i, p));
            }
            Ok(Some(Place::Index(i)))
        };

        // Vehicles' ends, and the depots they make.
        let mut ends = Vec::with_capacity(input.vehicles.len());
        for (k, v) in input.vehicles.iter().enumerate() {
            let field = located("vehicles", k, &v.id);
            let start = place(&v.start, v.start_index, &field, ("start", "start_index"), &mut places)?;
            let end = place(&v.end, v.end_index, &field, ("end", "end_index"), &mut places)?;
            let (start, end) = match (start, end) {
                (Some(s), Some(e)) => (s, e),
                (Some(s), None) => (s, s),
                (None, Some(e)) => (e, e),
                (None, None) => {
                    let needs = if with_matrix { "start_index or end_index" } else { "start or end coordinates" };
                    return Err(self.err(field, format!("the vehicle needs a {needs}")));
                }
            };
            ends.push((start, end));
        }
        let mut depot_places: Vec<Place> = Vec::new();
        for &(s, e) in &ends {
            for p in [s, e] {
                if !depot_places.iter().any(|q| same_place(q, &p)) {
                    depot_places.push(p);
                }
            }
        }

        // Jobs.
        let mut job_places = Vec::with_capacity(input.jobs.len());
        for (k, j) in input.jobs.iter().enumerate() {
            let field = located("jobs", k, &j.id);
            let p = place(&j.location, j.location_index, &field, ("location", "location_index"), &mut places)?
                .ok_or_else(|| match with_matrix {
                    true => self.err(format!("{field}.location_index"), "missing: a matrix is given, so jobs need one"),
                    false => self.err(format!("{field}.location"), "missing: jobs need [lon, lat] or a matrix"),
                })?;
            job_places.push(p);
        }
        // Shipments' steps: (pickup, delivery) places.
        let mut step_places = Vec::with_capacity(input.shipments.len());
        for (k, shipment) in input.shipments.iter().enumerate() {
            let mut step_place = |side: &str, step: &Step| {
                let field = step_field(k, side, &step.id);
                place(&step.location, step.location_index, &field, ("location", "location_index"), &mut places)?
                    .ok_or_else(|| match with_matrix {
                        true => {
                            self.err(format!("{field}.location_index"), "missing: a matrix is given, so steps need one")
                        }
                        false => self.err(format!("{field}.location"), "missing: steps need [lon, lat] or a matrix"),
                    })
            };
            step_places.push((step_place("pickup", &shipment.pickup)?, step_place("delivery", &shipment.delivery)?));
        }

        // Coordinates of the matrix rows that were given some (the last given wins).
        let mut row_points: Vec<Option<Point>> = vec![None; n_matrix];
        for &(i, p) in &places {
            row_points[i] = Some(p);
        }
        let locations =
            if with_matrix { n_matrix } else { depot_places.len() + job_places.len() + 2 * step_places.len() };
        if locations > MAX_LOCATIONS {
            return Err(self.err("jobs", format!("{locations} locations: at most {MAX_LOCATIONS} in all")));
        }
        let steps = step_places.iter().flat_map(|(pickup, delivery)| [pickup, delivery]);
        let all_located =
            depot_places.iter().chain(&job_places).chain(steps).all(|p| self.point_of(p, &row_points).is_some());
        let place = |p: &Place| {
            let point = self.point_of(p, &row_points);
            scenario::Place {
                lat: point.map(|p| p.y),
                lon: point.map(|p| p.x),
                location_index: match p {
                    Place::Index(i) => Some(*i),
                    Place::At(_) => None,
                },
                ..scenario::Place::default()
            }
        };
        let depot_id = |k: usize, p: &Place| match p {
            Place::Index(i) => i.to_string(),
            Place::At(_) => format!("depot-{}", k + 1),
        };
        let depots: Vec<DepotSpec> = depot_places
            .iter()
            .enumerate()
            .map(|(k, p)| DepotSpec { id: depot_id(k, p), place: place(p), opening: None })
            .collect();
        let depot_of = |p: &Place| depots[depot_places.iter().position(|q| same_place(q, p)).unwrap_or(0)].id.clone();

        let mut skill_names = Vec::new();
        let mut orders = Vec::with_capacity(input.jobs.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (k, j) in input.jobs.iter().enumerate() {
            let field = located("jobs", k, &j.id);
            let id = j.id.to_string();
            if let Some(first) = seen.insert(id.clone(), k) {
                return Err(self.err(format!("{field}.id"), format!("duplicate id (also jobs[{first}])")));
            }
            let delivery = match (&j.delivery, &j.amount) {
                (Some(d), _) => self.amount(d, dims, 0, format!("{field}.delivery"))?,
                (None, Some(a)) => self.amount(a, dims, 0, format!("{field}.amount"))?,
                (None, None) => [0; MAX_DIMENSIONS],
            };
            let pickup = match &j.pickup {
                Some(p) => self.amount(p, dims, 0, format!("{field}.pickup"))?,
                None => [0; MAX_DIMENSIONS],
            };
            // A stop delivers or collects: a job doing both is two stops to the planner.
            let (demand, order_type) = match (delivery.iter().any(|&l| l > 0), pickup.iter().any(|&l| l > 0)) {
                (true, true) => {
                    return Err(self.err(
                        format!("{field}.pickup"),
                        "a job both delivering and picking up: Lastmile plans a stop as one or the other; give \
                         it as two jobs at its location, one with the delivery and one with the pickup (and the \
                         service time shared between them as it is at the door)",
                    ))
                }
                (false, true) => (pickup, Some(OrderType::Pickup)),
                _ => (delivery, None),
            };
            let (service, windows) = self.timing(j.setup, j.service, &j.time_windows, &field)?;
            orders.push(OrderSpec {
                id,
                place: place(&job_places[k]),
                demand: Some(Quantity::Each(demand[..dims].iter().map(|&l| Some(from_load(l))).collect())),
                service: Some(service),
                windows,
                skills: self.skills(&j.skills, &mut skill_names, format!("{field}.skills"))?,
                priority: Some(1 + self.priority(j.priority, &field)?),
                order_type,
                ..OrderSpec::default()
            });
        }

        // Shipments: one order per shipment, its delivery, carrying its pickup. VROOM numbers
        // jobs, pickups and deliveries apart; a step whose id another task has is renamed
        // `delivery-<id>` / `pickup-<id>`, which `write_solution` reads back.
        let mut taken: HashSet<String> = input.jobs.iter().map(|j| j.id.to_string()).collect();
        let mut name_steps = |side: &str, step_of: fn(&Shipment) -> &Step| -> Result<Vec<String>, ParseError> {
            let mut seen: HashMap<String, usize> = HashMap::new();
            let mut ids = Vec::with_capacity(input.shipments.len());
            for (k, shipment) in input.shipments.iter().enumerate() {
                let step = step_of(shipment);
                let id = step.id.to_string();
                if let Some(first) = seen.insert(id.clone(), k) {
                    return Err(self.err(
                        format!("{}.id", step_field(k, side, &step.id)),
                        format!("duplicate id (also shipments[{first}].{side})"),
                    ));
                }
                let free = std::iter::once(id.clone())
                    .chain(std::iter::once(format!("{side}-{id}")))
                    .chain((2..).map(|n| format!("{side}-{id}-{n}")))
                    .find(|candidate| !taken.contains(candidate))
                    .unwrap_or(id);
                taken.insert(free.clone());
                ids.push(free);
            }
            Ok(ids)
        };
        let delivery_ids = name_steps("delivery", |s| &s.delivery)?;
        let pickup_ids = name_steps("pickup", |s| &s.pickup)?;
        for (k, shipment) in input.shipments.iter().enumerate() {
            let field = format!("shipments[{k}]");
            let demand = match &shipment.amount {
                Some(a) => self.amount(a, dims, 0, format!("{field}.amount"))?,
                None => [0; MAX_DIMENSIONS],
            };
            let (pickup, delivery) = (&shipment.pickup, &shipment.delivery);
            let (pickup_service, pickup_windows) =
                self.timing(pickup.setup, pickup.service, &pickup.time_windows, &step_field(k, "pickup", &pickup.id))?;
            let (service, windows) = self.timing(
                delivery.setup,
                delivery.service,
                &delivery.time_windows,
                &step_field(k, "delivery", &delivery.id),
            )?;
            let (pickup_place, delivery_place) = &step_places[k];
            orders.push(OrderSpec {
                id: delivery_ids[k].clone(),
                place: place(delivery_place),
                demand: Some(Quantity::Each(demand[..dims].iter().map(|&l| Some(from_load(l))).collect())),
                service: Some(service),
                windows,
                skills: self.skills(&shipment.skills, &mut skill_names, format!("{field}.skills"))?,
                priority: Some(1 + self.priority(shipment.priority, &field)?),
                pickup: Some(PickupSpec {
                    id: Some(pickup_ids[k].clone()),
                    place: place(pickup_place),
                    service: Some(pickup_service),
                    windows: pickup_windows,
                    window: None,
                }),
                ..OrderSpec::default()
            });
        }

        // Profiles, in order of first use.
        let mut profile_names: Vec<&str> = Vec::new();
        for v in &input.vehicles {
            let name = v.profile.as_deref().unwrap_or("car");
            if !profile_names.contains(&name) {
                profile_names.push(name);
            }
        }
        let mut matrices = Vec::new();
        if with_matrix {
            let rows = |flat: Flat| -> Vec<Vec<Option<f64>>> {
                flat.chunks(n_matrix.max(1)).map(<[Option<f64>]>::to_vec).collect()
            };
            for &name in &profile_names {
                let (durations, distances) = tables.get(name).cloned().unwrap_or((None, None));
                let durations = durations.or_else(|| legacy.clone()).ok_or_else(|| {
                    let k =
                        input.vehicles.iter().position(|v| v.profile.as_deref().unwrap_or("car") == name).unwrap_or(0);
                    self.err(
                        format!("{}.profile", located("vehicles", k, &input.vehicles[k].id)),
                        format!("no durations matrix for profile {name:?}"),
                    )
                })?;
                // Without distances: great-circle × circuity when every place has coordinates,
                // else none (0).
                let distances = match distances {
                    Some(d) => Some(d),
                    None if all_located => None,
                    None => Some(vec![Some(0.0); n_matrix * n_matrix]),
                };
                matrices.push(MatrixSpec {
                    profile: name.to_string(),
                    durations: rows(durations),
                    distances: distances.map(rows),
                });
            }
        }
        // VROOM's own estimate when no matrix is given: the scenario's default profile.
        let profiles: Vec<ProfileSpec> = profile_names
            .iter()
            .map(|&name| ProfileSpec { name: name.to_string(), speed_kmh: Some(SPEED_KMH), circuity: Some(CIRCUITY) })
            .collect();

        // Vehicles.
        if input.vehicles.len() > MAX_FLEET {
            return Err(self.err("vehicles", format!("{} vehicles: at most {MAX_FLEET}", input.vehicles.len())));
        }
        let mut vehicles = Vec::with_capacity(input.vehicles.len());
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (k, v) in input.vehicles.iter().enumerate() {
            let field = located("vehicles", k, &v.id);
            let id = v.id.to_string();
            if let Some(first) = seen.insert(id.clone(), k) {
                return Err(self.err(format!("{field}.id"), format!("duplicate id (also vehicles[{first}])")));
            }
            let profile_name = v.profile.as_deref().unwrap_or("car");
            let capacity = match &v.capacity {
                Some(c) => self.amount(c, dims, UNLIMITED, format!("{field}.capacity"))?,
                None => {
                    let mut unlimited = [0; MAX_DIMENSIONS];
                    unlimited[..dims].fill(UNLIMITED);
                    unlimited
                }
            };
            let shift = match &v.time_window {
                Some(w) => self.window(w, format!("{field}.time_window"))?,
                None => TimeWindow::ALWAYS,
            };
            let rest = match v.breaks.first() {
                Some(b) => {
                    let duration = self.seconds(b.service.unwrap_or(0.0), format!("{field}.breaks[0].service"))?;
                    let window = match b.time_windows.first() {
                        Some(w) => self.window(w, format!("{field}.breaks[0].time_windows[0]"))?,
                        None => shift,
                    };
                    Some(checked_break(duration, window, shift).map_err(|(part, m)| {
                        let part = if part == "window" { "time_windows[0]" } else { "service" };
                        self.err(format!("{field}.breaks[0].{part}"), m)
                    })?)
                }
                None => None,
            };
            let max_duration = match v.max_travel_time {
                Some(t) => Some(self.seconds(t, format!("{field}.max_travel_time"))?),
                None => None,
            };
            let max_distance = match v.max_distance {
                Some(d) => Some(to_ticks(
                    non_negative(d, MAX_TABLE).map_err(|m| self.err(format!("{field}.max_distance"), m))?,
                )),
                None => None,
            };
            // VROOM's defaults: no fixed cost, 3600 per hour (a cost of one per second), 0 per km.
            let (fixed, per_km, per_hour) = match &v.costs {
                Some(c) => (c.fixed.unwrap_or(0.0), c.per_km.unwrap_or(0.0), c.per_hour.unwrap_or(3600.0)),
                None => (0.0, 0.0, 3600.0),
            };
            money(fixed).map_err(|m| self.err(format!("{field}.costs.fixed"), m))?;
            for (name, rate) in [("per_km", per_km), ("per_hour", per_hour)] {
                non_negative(rate, MAX_RATE).map_err(|m| self.err(format!("{field}.costs.{name}"), m))?;
            }
            let (start, end) = ends[k];
            vehicles.push(VehicleSpec {
                id,
                kind: Some(profile_name.to_string()),
                profile: Some(profile_name.to_string()),
                capacity: Some(Quantity::Each(
                    capacity[..dims].iter().map(|&l| (l < UNLIMITED).then(|| from_load(l))).collect(),
                )),
                start: Some(depot_of(&start)),
                end: Some(depot_of(&end)),
                shift: v.time_window.is_some().then(|| self.instants(shift)),
                rest: rest.map(|b| BreakSpec {
                    duration: TimeValue::Number(from_ticks(b.duration)),
                    window: Some(self.instants(b.window)),
                }),
                max_duration: max_duration.map(|t| TimeValue::Number(from_ticks(t))),
                max_distance_km: max_distance.map(|d| from_ticks(d) / 1000.0),
                skills: self.skills(&v.skills, &mut skill_names, format!("{field}.skills"))?,
                costs: Some(CostSpec {
                    fixed: Some(fixed),
                    per_km: Some(per_km),
                    per_hour: Some(per_hour),
                    ..CostSpec::default()
                }),
                ..VehicleSpec::default()
            });
        }

        Ok(Scenario {
            name: self.file.to_string(),
            coordinates: CoordinateSystem::Geographic,
            dimensions: (1..=dims).map(|d| format!("amount-{d}")).collect(),
            skills: (!skill_names.is_empty()).then_some(skill_names),
            profiles,
            matrices,
            depots,
            orders,
            vehicles,
            ..Scenario::default()
        })
    }

    /// The coordinates of a place: its own, or those given with its matrix row.
    fn point_of(&self, p: &Place, rows: &[Option<Point>]) -> Option<Point> {
        match p {
            Place::At(point) => Some(*point),
            Place::Index(i) => rows.get(*i).copied().flatten(),
        }
    }

    /// A window's two ends as the scenario writes points in time: seconds, or ISO date-times
    /// from the first day when the file's times are UNIX times.
    fn instants(&self, w: TimeWindow) -> WindowSpec {
        let day0 = self.origin.and_then(|origin| unix_day(origin.div_euclid(86_400)));
        let at = |t: Time| match day0 {
            Some(_) => write_time(t, false, day0),
            None => TimeValue::Number(from_ticks(t)),
        };
        vec![Some(at(w.start)), Some(at(w.end))]
    }

    fn window_spec(&self, w: &[f64], field: String) -> Result<WindowSpec, ParseError> {
        Ok(self.instants(self.window(w, field)?))
    }

    /// A job's or a step's service time (setup + service) and time windows, as the scenario
    /// writes them; `field` names the job or step.
    fn timing(
        &self,
        setup: Option<f64>,
        service: Option<f64>,
        windows: &Option<Vec<Vec<f64>>>,
        field: &str,
    ) -> Result<(TimeValue, Option<Vec<WindowSpec>>), ParseError> {
        let setup = self.seconds(setup.unwrap_or(0.0), format!("{field}.setup"))?;
        let service = self.seconds(service.unwrap_or(0.0), format!("{field}.service"))?;
        if setup + service > to_ticks(MAX_TIME) {
            return Err(self.err(format!("{field}.service"), format!("setup + service must be at most {MAX_TIME} s")));
        }
        let windows = match windows {
            Some(list) if !list.is_empty() => {
                let mut windows = Vec::with_capacity(list.len());
                for (w, tw) in list.iter().enumerate() {
                    windows.push(self.window_spec(tw, format!("{field}.time_windows[{w}]"))?);
                }
                Some(windows)
            }
            _ => None,
        };
        Ok((TimeValue::Number(from_ticks(setup + service)), windows))
    }

    /// A job's or a shipment's priority, 0 to 100.
    fn priority(&self, priority: Option<u32>, field: &str) -> Result<u32, ParseError> {
        match priority.unwrap_or(0) {
            p if p > 100 => Err(self.err(format!("{field}.priority"), format!("must be 0 to 100, found {p}"))),
            p => Ok(p),
        }
    }
}

/// How errors name a shipment's step: `shipments[3].pickup (id 7)`.
fn step_field(k: usize, side: &str, id: &Id) -> String {
    format!("shipments[{k}].{side} (id {id})")
}

fn same_place(a: &Place, b: &Place) -> bool {
    match (a, b) {
        (Place::Index(i), Place::Index(j)) => i == j,
        (Place::At(p), Place::At(q)) => p.x.to_bits() == q.x.to_bits() && p.y.to_bits() == q.y.to_bits(),
        _ => false,
    }
}

/// A number as VROOM writes it: an integer when whole.
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

/// An id as VROOM writes it: an integer when the id is one, the text otherwise.
fn id_value(id: &str) -> Value {
    match id.parse::<u64>() {
        Ok(n) if n.to_string() == id => json!(n),
        _ => json!(id),
    }
}

/// A VROOM shipment step's id: the order's id, less the `pickup-` / `delivery-` the reader put
/// before an integer id another task had.
fn step_id(id: &str, side: &str) -> Value {
    match id.strip_prefix(side).and_then(|rest| rest.strip_prefix('-')) {
        Some(number) if number.parse::<u64>().is_ok_and(|n| n.to_string() == number) => id_value(number),
        _ => id_value(id),
    }
}

/// The type and id of the step an order is in a VROOM solution: a job, or a shipment's pickup or
/// delivery.
fn step_of(order: &Order) -> (&'static str, Value) {
    match order.task {
        Task::Delivery | Task::Pickup => ("job", id_value(&order.id)),
        Task::ShipmentPickup { .. } => ("pickup", step_id(&order.id, "pickup")),
        Task::ShipmentDelivery { .. } => ("delivery", step_id(&order.id, "delivery")),
    }
}

/// Writes `plan` in VROOM's solution format (`code`, `summary`, `unassigned`, `routes` with
/// `start`, `job`, `pickup`, `delivery`, `break` and `end` steps; and, VROOM having no trips, a
/// `reload` step of Lastmile's own for each reload between trips, as vrp-cli names its reload
/// activity: the depot's id as `description`, where, when it arrives, the reload time as
/// `service` (counted in the route's `service`), the wait for the depot to open, and the load
/// leaving with the next trip; the legs through the depot count in `duration` and `distance`).
/// Times are seconds, distances
/// metres and costs currency units; arrivals are UNIX times when the problem came with them
/// ([`Problem::time_origin`]); each step's `load` is what is on board after it (deliveries
/// loaded at the start, pickups added as they are collected, shipments on board from pickup to
/// delivery); routes and the summary total `delivery` (jobs' and shipments') and `pickup`; break
/// steps carry no id (Lastmile does not keep VROOM's break ids); unassigned tasks also say why
/// (`reason`). Ids are VROOM's (see [`read`] on ids two tasks shared).
pub fn write_solution(problem: &Problem, plan: &Plan) -> Value {
    let dims = problem.dimensions.len().clamp(1, MAX_DIMENSIONS);
    let seconds = |t: Time| number(from_ticks(t));
    // Points in time go out as they came in: UNIX time when the problem had it.
    let origin = problem.time_origin.unwrap_or(0) as f64;
    let instant = |t: Time| number(from_ticks(t) + origin);
    let load = |a: Amount| Value::Array(a[..dims].iter().map(|&l| number(from_load(l))).collect());
    let location = |l: usize| problem.points.get(l).map_or(Value::Null, |p| json!([p.x, p.y]));
    let mut totals = Totals::default();
    let (mut delivered, mut picked_up) = ([0; MAX_DIMENSIONS], [0; MAX_DIMENSIONS]);
    let mut routes = Vec::new();
    for route in plan.routes.iter().filter(|r| !r.stops.is_empty()) {
        let vehicle = &problem.vehicles[route.vehicle];
        let m = problem.matrix(route.vehicle);
        let schedule = route.schedule(problem);
        let mut at = problem.vehicle_start(route.vehicle);
        let mut t = Totals::default();
        let mut steps = vec![json!({
            "type": "start", "location": location(at), "location_index": at, "arrival": instant(schedule.departure),
            "duration": 0, "distance": 0, "load": load(schedule.load),
        })];
        let mut on_board = schedule.load;
        let break_step = |before: usize, arrival: Time, t: &mut Totals, on_board: Amount| {
            schedule.rest.filter(|b| b.before_stop == before).map(|b| {
                let waiting = (b.start - arrival).max(0);
                t.waiting += waiting;
                json!({
                    "type": "break", "arrival": instant(arrival), "duration": seconds(t.travel),
                    "distance": number(from_ticks(t.distance)), "service": seconds(b.end - b.start),
                    "waiting_time": seconds(waiting), "load": load(on_board),
                })
            })
        };
        let mut reloads = schedule.reloads.iter().peekable();
        for (k, visit) in schedule.visits.iter().enumerate() {
            // The reloads before this stop: to the depot, unload, load the next trip.
            while let Some(reload) = reloads.next_if(|r| r.before == k) {
                let depot = problem.depots[reload.depot].location;
                t.travel += m.time(at, depot);
                t.distance += m.dist(at, depot);
                at = depot;
                let waiting = reload.start - reload.arrival;
                t.waiting += waiting;
                t.service += reload.departure - reload.start;
                on_board = reload.load_after;
                steps.push(json!({
                    "type": "reload", "description": problem.depots[reload.depot].id, "location": location(at),
                    "location_index": at, "arrival": instant(reload.arrival), "duration": seconds(t.travel),
                    "distance": number(from_ticks(t.distance)), "service": seconds(reload.departure - reload.start),
                    "waiting_time": seconds(waiting), "load": load(on_board),
                }));
            }
            let order = &problem.orders[visit.order];
            t.travel += m.time(at, order.location);
            t.distance += m.dist(at, order.location);
            at = order.location;
            let mut ready = visit.arrival;
            if let Some(step) = break_step(k, visit.arrival, &mut t, on_board) {
                steps.push(step);
                ready = schedule.rest.map_or(ready, |b| b.end.max(ready));
            }
            let waiting = (visit.start - ready).max(0);
            t.waiting += waiting;
            t.service += visit.departure - visit.start;
            on_board = visit.load_after;
            let (kind, id) = step_of(order);
            steps.push(json!({
                "type": kind, "id": id, "location": location(at), "location_index": at,
                "arrival": instant(ready), "duration": seconds(t.travel), "distance": number(from_ticks(t.distance)),
                "service": seconds(visit.departure - visit.start), "waiting_time": seconds(waiting),
                "load": load(on_board),
            }));
        }
        let end = problem.vehicle_end(route.vehicle);
        t.travel += m.time(at, end);
        t.distance += m.dist(at, end);
        let mut back = schedule.return_time;
        if let Some(step) = break_step(schedule.visits.len(), back, &mut t, on_board) {
            steps.push(step);
            back = schedule.off_duty;
        }
        steps.push(json!({
            "type": "end", "location": location(end), "location_index": end, "arrival": instant(back),
            "duration": seconds(t.travel), "distance": number(from_ticks(t.distance)), "load": load(on_board),
        }));
        let cost = route.cost(problem);
        t.cost = cost;
        let (mut delivery, mut pickup) = ([0; MAX_DIMENSIONS], [0; MAX_DIMENSIONS]);
        for order in route.stops.iter().filter_map(|&o| problem.orders.get(o)) {
            match order.task.collects() {
                true => pickup = add(pickup, order.demand),
                false => delivery = add(delivery, order.demand),
            }
        }
        delivered = add(delivered, delivery);
        picked_up = add(picked_up, pickup);
        routes.push(json!({
            "vehicle": id_value(&vehicle.id), "cost": number(cost as f64 / SCALE), "steps": steps,
            "delivery": load(delivery), "pickup": load(pickup), "amount": load(delivery), "service": seconds(t.service),
            "duration": seconds(t.travel), "waiting_time": seconds(t.waiting), "distance": number(from_ticks(t.distance)),
        }));
        totals.add(&t);
    }
    let unassigned: Vec<Value> = plan
        .unassigned
        .iter()
        .map(|u| {
            let order = &problem.orders[u.order];
            let (kind, id) = step_of(order);
            json!({
                "id": id, "location": location(order.location), "location_index": order.location,
                "type": kind, "reason": u.reason.code(),
            })
        })
        .collect();
    json!({
        "code": 0,
        "summary": {
            "cost": number(totals.cost as f64 / SCALE), "routes": routes.len(), "unassigned": unassigned.len(),
            "delivery": load(delivered), "pickup": load(picked_up), "amount": load(delivered),
            "service": seconds(totals.service),
            "duration": seconds(totals.travel), "waiting_time": seconds(totals.waiting),
            "distance": number(from_ticks(totals.distance)),
        },
        "unassigned": unassigned,
        "routes": routes,
    })
}

#[derive(Default)]
struct Totals {
    travel: Time,
    distance: i64,
    waiting: Time,
    service: Time,
    cost: i64,
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.travel += other.travel;
        self.distance += other.distance;
        self.waiting += other.waiting;
        self.service += other.service;
        self.cost += other.cost;
    }
}

/// The smallest power of ten (at most 1,000, Lastmile's load resolution) that makes every
/// amount of dimension `d` whole, so VROOM's integer amounts keep the exact ratios.
fn amount_scale(problem: &Problem, d: usize) -> i64 {
    let amounts = problem
        .orders
        .iter()
        .map(|o| o.demand[d])
        .chain(problem.vehicles.iter().map(|v| v.capacity[d]).filter(|&c| c < UNLIMITED));
    let whole = |step: i64| amounts.clone().all(|a| a % step == 0);
    [1, 10, 100, 1000].into_iter().find(|&scale| whole(to_load(1.0) / scale)).unwrap_or(1000)
}

/// Writes `problem` as a VROOM problem (`jobs`, `shipments`, `vehicles`, and `matrices` when travel
/// is not computed from lon/lat), for VROOM or another solver to plan the same day. Each order is
/// a job delivering (or, a pickup, collecting) its demand, or a shipment's step; ids are the
/// order's index + 1, descriptions the order's id. VROOM's numbers
/// are integers, so: times in whole seconds from the day's origin; amounts per dimension in the
/// input unit × a power of ten that keeps them whole (named under `"amount_scale"` next to the
/// problem's dimensions); costs in hundredths of the currency; distances in metres. Skills are
/// numbered from 1 in the problem's order, and an order bound to a depot gets a skill only that
/// depot's vehicles have (1000 + the depot's index). A vehicle's `time_window` is its shift within
/// its depots' opening hours. Geographic travel is left to the reader (VROOM asks OSRM); planar
/// and imported travel is written as matrices, up to
/// [`MAX_TABLE_LOCATIONS`](crate::travel::MAX_TABLE_LOCATIONS) locations.
///
/// What VROOM's format cannot say goes under `"lastmile"`, for a reader that wants Lastmile's
/// model exactly (VROOM ignores it): `travel`, per profile estimated from coordinates, its
/// `circuity`, `metres_per_second` and `earth_radius_m` (a leg is the haversine distance × the
/// circuity, in metres, and that ÷ the speed, in seconds); `optional`, the value in cents of each
/// optional order by job id (a shipment's by its delivery's id; Lastmile may leave such an order
/// out for that value; VROOM tries to serve every job); `max_duration`, per vehicle id, the
/// longest working time in seconds, service and waiting included (written as VROOM's
/// `max_travel_time`, which counts travel only).
pub fn write_problem(problem: &Problem) -> Result<Value, String> {
    let geographic =
        problem.coordinates == Coordinates::Geographic && problem.profiles.iter().all(|p| p.matrix.is_geometric());
    let n = problem.points.len();
    if !geographic && n > crate::travel::MAX_TABLE_LOCATIONS {
        return Err(format!(
            "VROOM reads this day's travel only as a matrix, and {n} locations are more than {} a table may have",
            crate::travel::MAX_TABLE_LOCATIONS
        ));
    }
    let dims = problem.dimensions.len().clamp(1, MAX_DIMENSIONS);
    let scales: Vec<i64> = (0..dims).map(|d| amount_scale(problem, d)).collect();
    // An unlimited capacity is a number no day's demand reaches.
    let amount = |a: &Amount| -> Value {
        let whole = |d: usize| if a[d] >= UNLIMITED { i64::MAX / 1024 } else { a[d] / (to_load(1.0) / scales[d]) };
        Value::Array((0..dims).map(|d| json!(whole(d))).collect())
    };
    let seconds = |t: Time| (t as f64 / SCALE).round() as i64;
    let metres = seconds;
    // Windows in UNIX time when the problem came with it.
    let origin = problem.time_origin.unwrap_or(0);
    // An open end is the horizon, rounded down so that it reads back within it.
    let instant = |t: Time| {
        let whole =
            if t >= crate::units::HORIZON { (crate::units::HORIZON as f64 / SCALE).floor() as i64 } else { seconds(t) };
        whole + origin
    };
    let window = |w: &TimeWindow| json!([instant(w.start), instant(w.end)]);
    let place = |key: &str, l: usize| -> (String, Value) {
        if geographic {
            let p = problem.points[l];
            (key.to_string(), json!([p.x, p.y]))
        } else {
            (format!("{key}_index"), json!(l))
        }
    };
    let skills = |s: Skills, depot: Option<usize>| -> Vec<u64> {
        s.iter().map(|k| k as u64 + 1).chain(depot.map(|d| 1000 + d as u64)).collect()
    };
    let bound: Vec<bool> =
        (0..problem.depots.len()).map(|d| problem.orders.iter().any(|o| o.depot == Some(d))).collect();
    // A shipment's halves go together; a half whose other half does not name it back (no reader
    // makes one) goes as a job of its way.
    let pickup_of = |k: usize| match problem.orders[k].task {
        Task::ShipmentDelivery { pickup } => {
            problem.orders.get(pickup).filter(|p| p.task == Task::ShipmentPickup { delivery: k }).map(|_| pickup)
        }
        _ => None,
    };
    let in_shipment = |k: usize| match problem.orders[k].task {
        Task::ShipmentPickup { delivery } => delivery < problem.orders.len() && pickup_of(delivery) == Some(k),
        _ => pickup_of(k).is_some(),
    };
    // A job or a shipment's step: where, when, how long, described by the order's id.
    let step = |k: usize| {
        let o = &problem.orders[k];
        let (key, at) = place("location", o.location);
        let mut step = json!({
            "id": k + 1,
            "description": o.id,
            "service": seconds(o.service),
            "time_windows": o.windows.as_slice().iter().map(window).collect::<Vec<_>>(),
        });
        step[key] = at;
        step
    };
    let jobs: Vec<Value> = (0..problem.orders.len())
        .filter(|&k| !in_shipment(k))
        .map(|k| {
            let o = &problem.orders[k];
            let mut job = step(k);
            job[if o.task.collects() { "pickup" } else { "delivery" }] = amount(&o.demand);
            job["skills"] = json!(skills(o.skills, o.depot));
            job["priority"] = json!(o.priority.saturating_sub(1).min(100));
            job
        })
        .collect();
    let shipments: Vec<Value> = (0..problem.orders.len())
        .filter_map(|k| pickup_of(k).map(|p| (k, p)))
        .map(|(k, p)| {
            let o = &problem.orders[k];
            json!({
                "amount": amount(&o.demand),
                "skills": skills(o.skills, o.depot),
                "priority": o.priority.saturating_sub(1).min(100),
                "pickup": step(p),
                "delivery": step(k),
            })
        })
        .collect();
    let cents = |money: f64| (money * 100.0).round() as i64;
    let vehicles: Vec<Value> = problem
        .vehicles
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let depot = bound.get(v.start_depot).copied().unwrap_or(false).then_some(v.start_depot);
            let on_duty = TimeWindow::new(
                v.shift.start.max(problem.depots[v.start_depot].opening.start),
                v.shift.end.min(problem.depots[v.end_depot].opening.end),
            );
            let mut vehicle = json!({
                "id": k + 1,
                "description": v.id,
                "profile": problem.profiles[v.profile].name,
                "capacity": amount(&v.capacity),
                "skills": skills(v.skills, depot),
                "time_window": window(&on_duty),
                "costs": {
                    "fixed": cents(v.costs.fixed as f64 / SCALE),
                    "per_hour": cents(v.costs.per_time * 3600.0),
                    "per_km": cents(v.costs.per_distance * 1000.0),
                },
            });
            let (start_key, start) = place("start", problem.vehicle_start(k));
            let (end_key, end) = place("end", problem.vehicle_end(k));
            vehicle[start_key] = start;
            vehicle[end_key] = end;
            if let Some(rest) = v.rest {
                vehicle["breaks"] =
                    json!([{"id": 1, "time_windows": [window(&rest.window)], "service": seconds(rest.duration)}]);
            }
            if let Some(max) = v.max_distance {
                vehicle["max_distance"] = json!(metres(max));
            }
            if let Some(max) = v.max_duration {
                vehicle["max_travel_time"] = json!(seconds(max));
            }
            vehicle
        })
        .collect();
    let mut out = json!({
        "jobs": jobs,
        "shipments": shipments,
        "vehicles": vehicles,
        "amount_scale": problem.dimensions.iter().zip(&scales).map(|(name, s)| json!({"dimension": name, "scale": s})).collect::<Vec<_>>(),
    });
    let travel: serde_json::Map<String, Value> = problem
        .profiles
        .iter()
        .filter_map(|p| {
            let (circuity, metres_per_second) = p.matrix.great_circle_parameters()?;
            let about = json!({"circuity": circuity, "metres_per_second": metres_per_second, "earth_radius_m": crate::travel::EARTH_RADIUS_M});
            Some((p.name.clone(), about))
        })
        .collect();
    let optional: serde_json::Map<String, Value> = problem
        .orders
        .iter()
        .enumerate()
        .filter(|&(k, o)| !matches!(o.task, Task::ShipmentPickup { .. }) || !in_shipment(k))
        .filter_map(|(k, o)| o.value.map(|value| ((k + 1).to_string(), json!(cents(value as f64 / SCALE)))))
        .collect();
    let max_duration: serde_json::Map<String, Value> = problem
        .vehicles
        .iter()
        .enumerate()
        .filter_map(|(k, v)| v.max_duration.map(|max| ((k + 1).to_string(), json!(seconds(max)))))
        .collect();
    out["lastmile"] = json!({"travel": travel, "optional": optional, "max_duration": max_duration});
    if !geographic {
        let mut matrices = serde_json::Map::new();
        for profile in &problem.profiles {
            let m = &profile.matrix;
            let table = |f: &dyn Fn(usize, usize) -> i64| -> Value {
                Value::Array((0..n).map(|a| Value::Array((0..n).map(|b| json!(f(a, b))).collect())).collect())
            };
            let unreachable = i64::from(u32::MAX);
            matrices.insert(
                profile.name.clone(),
                json!({
                    "durations": table(&|a, b| if m.reachable(a, b) { seconds(m.time(a, b)) } else { unreachable }),
                    "distances": table(&|a, b| if m.reachable(a, b) { metres(m.dist(a, b)) } else { unreachable }),
                }),
            );
        }
        out["matrices"] = Value::Object(matrices);
    }
    Ok(out)
}
