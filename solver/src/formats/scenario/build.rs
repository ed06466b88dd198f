//! Scenario → [`Problem`]: every field validated, errors naming the field as a JSON path
//! (`orders[12] (id "o17").windows[0]`).

use std::collections::HashMap;

use super::checks::{checked_break, estimated_distances, money, non_negative, square_table};
use super::schema::*;
use super::time::{parse_date_time, unix_days, Clock};
use super::*;
use crate::problem::{
    Break, Coordinates, Costs, Depot, Matrix, Order, Parts, Point, Problem, Profile, Reloads, Skills, Task, TimeWindow,
    Vehicle, Windows, MAX_DIMENSIONS,
};
use crate::units::{to_load, to_ticks, Load, Time};

fn located(kind: &str, k: usize, id: &str) -> String {
    format!("{kind}[{k}] (id {id:?})")
}

/// Skill names to bit indices, in a fixed order.
struct SkillIndex {
    names: Vec<String>,
    index: HashMap<String, usize>,
    declared: bool,
}

impl SkillIndex {
    fn add(&mut self, name: &str) -> Result<(), String> {
        if !self.index.contains_key(name) {
            if self.names.len() == crate::constraints::skills::MAX_SKILLS {
                return Err(format!(
                    "{name:?} would be skill number {}: at most {} distinct skills",
                    self.names.len() + 1,
                    crate::constraints::skills::MAX_SKILLS
                ));
            }
            self.index.insert(name.to_string(), self.names.len());
            self.names.push(name.to_string());
        }
        Ok(())
    }

    fn set(&self, names: &[String]) -> Result<Skills, String> {
        let mut set = Skills::NONE;
        for name in names {
            match self.index.get(name) {
                Some(&k) => set = set.with(k),
                None if self.declared => return Err(format!("{name:?} is not among the declared skills")),
                None => return Err(format!("{name:?} is unknown")),
            }
        }
        Ok(set)
    }
}

/// A capacity or demand, in load units per dimension.
fn amount(quantity: &Quantity, dims: usize, missing: Load) -> Result<[Load; MAX_DIMENSIONS], String> {
    let values: Vec<Option<f64>> = match quantity {
        Quantity::One(v) => vec![Some(*v)],
        Quantity::Each(list) => list.clone(),
    };
    if values.len() > dims {
        return Err(format!(
            "{} values for {dims} dimension{}: declare more \"dimensions\" (at most {MAX_DIMENSIONS})",
            values.len(),
            if dims == 1 { "" } else { "s" }
        ));
    }
    let mut out = [0; MAX_DIMENSIONS];
    for (d, slot) in out.iter_mut().enumerate().take(dims) {
        *slot = match values.get(d).copied().flatten() {
            Some(v) => to_load(non_negative(v, MAX_AMOUNT).map_err(|e| format!("dimension {}: {e}", d + 1))?),
            None => missing,
        };
    }
    Ok(out)
}

/// What entries refer to by name, resolved once.
struct Names<'s> {
    dims: usize,
    skills: SkillIndex,
    depots: HashMap<&'s str, usize>,
    profiles: HashMap<&'s str, usize>,
}

/// Maps each id to its position, or gives the position of the first repeat and of its original.
fn unique_ids<'s>(ids: impl Iterator<Item = &'s str>) -> Result<HashMap<&'s str, usize>, (usize, usize)> {
    let mut index = HashMap::new();
    for (k, id) in ids.enumerate() {
        if let Some(&first) = index.get(id) {
            return Err((k, first));
        }
        index.insert(id, k);
    }
    Ok(index)
}

pub(super) struct Builder<'a> {
    s: &'a Scenario,
    file: &'a str,
    clock: Clock,
}

impl<'a> Builder<'a> {
    pub fn new(s: &'a Scenario, file: &'a str) -> Result<Self, ParseError> {
        let planar = s.coordinates == CoordinateSystem::Planar;
        let mut builder = Builder { s, file, clock: Clock { planar, first_day: None } };
        if !planar {
            builder.clock.first_day = builder.earliest_date();
        }
        Ok(builder)
    }

    fn err(&self, field: impl Into<String>, message: impl Into<String>) -> ParseError {
        ParseError::at(self.file, field, message)
    }

    /// The earliest date of any ISO clock time in the file: day 0.
    fn earliest_date(&self) -> Option<jiff::civil::Date> {
        let s = self.s;
        let mut windows: Vec<&WindowSpec> = Vec::new();
        windows.extend(s.depots.iter().filter_map(|d| d.opening.as_ref()));
        for order in &s.orders {
            windows.extend(order.windows.iter().flatten());
            windows.extend(order.window.iter());
            if let Some(pickup) = &order.pickup {
                windows.extend(pickup.windows.iter().flatten());
                windows.extend(pickup.window.iter());
            }
        }
        for vehicle in &s.vehicles {
            windows.extend(vehicle.shift.iter());
            windows.extend(vehicle.rest.iter().filter_map(|b| b.window.as_ref()));
        }
        windows
            .into_iter()
            .flatten()
            .filter_map(|t| match t {
                Some(TimeValue::Text(text)) => parse_date_time(text).map(|(date, _)| date),
                _ => None,
            })
            .min()
    }

    fn place(&self, place: &Place, field: &str) -> Result<Point, ParseError> {
        if self.clock.planar {
            let (Some(x), Some(y)) = (place.x, place.y) else {
                return Err(self.err(format!("{field}.x"), "planar scenarios place everything with \"x\" and \"y\""));
            };
            for (name, v) in [("x", x), ("y", y)] {
                if !v.is_finite() || v.abs() > MAX_PLANAR {
                    return Err(self.err(format!("{field}.{name}"), format!("must be within ±{MAX_PLANAR}, found {v}")));
                }
            }
            Ok(Point { x, y })
        } else {
            let (Some(lat), Some(lon)) = (place.lat, place.lon) else {
                return Err(self.err(
                    format!("{field}.lat"),
                    "geographic scenarios place everything with \"lat\" and \"lon\" (or say \"coordinates\": \"planar\")",
                ));
            };
            if !(-90.0..=90.0).contains(&lat) {
                return Err(self.err(format!("{field}.lat"), format!("latitude must be within -90..90, found {lat}")));
            }
            if !(-180.0..=180.0).contains(&lon) {
                return Err(
                    self.err(format!("{field}.lon"), format!("longitude must be within -180..180, found {lon}"))
                );
            }
            Ok(Point { x: lon, y: lat })
        }
    }

    /// Every place with its field, in the order of the locations: depots, orders, then the
    /// pickups of shipments.
    fn places(&self) -> impl Iterator<Item = (String, &'a Place)> {
        let s = self.s;
        let depots = s.depots.iter().enumerate().map(|(k, d)| (located("depots", k, &d.id), &d.place));
        let orders = s.orders.iter().enumerate().map(|(k, o)| (located("orders", k, &o.id), &o.place));
        let pickups = s.orders.iter().enumerate().filter_map(|(k, o)| {
            o.pickup.as_ref().map(|p| (format!("{}.pickup", located("orders", k, &o.id)), &p.place))
        });
        depots.chain(orders).chain(pickups)
    }

    /// With `location_index` on the places, the number of rows of the imported matrices (the
    /// first table's); `None` when places are located by coordinates alone.
    fn matrix_rows(&self) -> Result<Option<usize>, ParseError> {
        let s = self.s;
        let Some((field, _)) = self.places().find(|(_, p)| p.location_index.is_some()) else {
            return Ok(None);
        };
        match s.matrices.first() {
            Some(m) => Ok(Some(m.durations.len())),
            None => Err(self.err(
                format!("{field}.location_index"),
                "a location_index is a row of the imported matrices, and there are none",
            )),
        }
    }

    /// The location of a depot or an order: the next one, at its coordinates; or, with `rows`, the
    /// row its `location_index` names (its coordinates, when given, that row's).
    fn locate(
        &self,
        place: &Place,
        field: &str,
        rows: Option<usize>,
        points: &mut Vec<Point>,
    ) -> Result<usize, ParseError> {
        let Some(n) = rows else {
            points.push(self.place(place, field)?);
            return Ok(points.len() - 1);
        };
        let Some(i) = place.location_index else {
            return Err(self.err(
                format!("{field}.location_index"),
                "missing: other places give one, so every depot, order and pickup needs one",
            ));
        };
        if i >= n {
            return Err(
                self.err(format!("{field}.location_index"), format!("index {i} is outside the {n}×{n} matrices"))
            );
        }
        if place.has_coordinates() {
            points[i] = self.place(place, field)?;
        }
        Ok(i)
    }

    fn window(&self, window: &[Option<TimeValue>], field: String) -> Result<TimeWindow, ParseError> {
        self.clock.window(window).map_err(|m| self.err(field, m))
    }

    fn skills(&self) -> Result<SkillIndex, ParseError> {
        let s = self.s;
        let mut skills = SkillIndex { names: Vec::new(), index: HashMap::new(), declared: s.skills.is_some() };
        if let Some(declared) = &s.skills {
            for (k, name) in declared.iter().enumerate() {
                if skills.index.contains_key(name) {
                    return Err(self.err(format!("skills[{k}]"), format!("{name:?} is declared twice")));
                }
                skills.add(name).map_err(|m| self.err(format!("skills[{k}]"), m))?;
            }
            return Ok(skills);
        }
        for (k, order) in s.orders.iter().enumerate() {
            for (j, name) in order.skills.iter().enumerate() {
                skills
                    .add(name)
                    .map_err(|m| self.err(format!("{}.skills[{j}]", located("orders", k, &order.id)), m))?;
            }
        }
        for (k, vehicle) in s.vehicles.iter().enumerate() {
            for (j, name) in vehicle.skills.iter().enumerate() {
                skills
                    .add(name)
                    .map_err(|m| self.err(format!("{}.skills[{j}]", located("vehicles", k, &vehicle.id)), m))?;
            }
        }
        Ok(skills)
    }

    pub fn build(&self) -> Result<Problem, ParseError> {
        let s = self.s;
        let planar = self.clock.planar;
        let dims = self.dimensions()?;
        let profile_specs = self.profiles()?;
        if s.depots.is_empty() {
            return Err(self.err("depots", "no depots: at least one is needed for vehicles to start from"));
        }
        if s.location_count() > MAX_LOCATIONS {
            let counts = s.locations_said();
            return Err(self.err("orders", format!("{counts}: at most {MAX_LOCATIONS} locations in all")));
        }
        let names = Names {
            dims,
            skills: self.skills()?,
            depots: unique_ids(s.depots.iter().map(|d| d.id.as_str()))
                .map_err(|(k, first)| self.duplicate("depots", k, &s.depots[k].id, first))?,
            profiles: profile_specs.iter().enumerate().map(|(k, p)| (p.name.as_str(), k)).collect(),
        };
        let order_ids = unique_ids(s.orders.iter().map(|o| o.id.as_str()))
            .map_err(|(k, first)| self.duplicate("orders", k, &s.orders[k].id, first))?;
        let pickup_ids = self.pickup_ids(order_ids)?;

        // Locations: depots, then orders, then pickups; or the rows of the imported matrices.
        let rows = self.matrix_rows()?;
        let mut points = match rows {
            Some(n) => vec![Point { x: 0.0, y: 0.0 }; n],
            None => Vec::with_capacity(s.depots.len() + s.orders.len()),
        };
        let mut depots = Vec::with_capacity(s.depots.len());
        for (k, d) in s.depots.iter().enumerate() {
            let field = located("depots", k, &d.id);
            let location = self.locate(&d.place, &field, rows, &mut points)?;
            let opening = match &d.opening {
                Some(w) => self.window(w, format!("{field}.opening"))?,
                None => TimeWindow::ALWAYS,
            };
            depots.push(Depot { id: d.id.clone(), location, opening });
        }
        // Orders keep their indices; the pickups of shipments follow them, in order.
        let mut orders = Vec::with_capacity(s.orders.len() + pickup_ids.len());
        let mut shipments = Vec::with_capacity(pickup_ids.len());
        for (k, o) in s.orders.iter().enumerate() {
            let field = located("orders", k, &o.id);
            let location = self.locate(&o.place, &field, rows, &mut points)?;
            let task = match (o.order_type, &o.pickup) {
                (None | Some(OrderType::Delivery), None) => Task::Delivery,
                (Some(OrderType::Pickup | OrderType::Return), None) => Task::Pickup,
                (None | Some(OrderType::Delivery), Some(_)) => {
                    shipments.push(k);
                    Task::ShipmentDelivery { pickup: s.orders.len() + shipments.len() - 1 }
                }
                (Some(kind), Some(_)) => {
                    let kind = if kind == OrderType::Pickup { "pickup" } else { "return" };
                    return Err(self.err(
                        format!("{field}.type"),
                        format!(
                            "an order with a \"pickup\" is a shipment, collected there and delivered here: its \
                             type is \"delivery\" (or left out), not {kind:?}"
                        ),
                    ));
                }
            };
            orders.push(Order { task, ..self.order(o, location, &field, &names)? });
        }
        for (&k, id) in shipments.iter().zip(pickup_ids) {
            let (o, delivery) = (&s.orders[k], &orders[k]);
            let Some(pickup) = &o.pickup else { continue };
            let field = format!("{}.pickup", located("orders", k, &o.id));
            let location = self.locate(&pickup.place, &field, rows, &mut points)?;
            let (service, windows) = self.timing(&pickup.service, &pickup.windows, &pickup.window, &field)?;
            orders.push(Order {
                id,
                location,
                task: Task::ShipmentPickup { delivery: k },
                service,
                windows,
                ..delivery.clone()
            });
        }
        let located_all = self.places().all(|(_, p)| p.has_coordinates());

        if s.vehicles.is_empty() {
            return Err(self.err("vehicles", "no vehicles"));
        }
        let mut vehicles = Vec::new();
        let mut vehicle_ids: HashMap<String, String> = HashMap::new();
        for (k, v) in s.vehicles.iter().enumerate() {
            let field = located("vehicles", k, &v.id);
            let (template, count) = self.vehicle(v, &field, &names)?;
            for n in 1..=count {
                let id = if count == 1 { v.id.clone() } else { format!("{}-{n}", v.id) };
                if let Some(first) = vehicle_ids.insert(id.clone(), field.clone()) {
                    return Err(self.err(format!("{field}.id"), format!("vehicle id {id:?} is also given by {first}")));
                }
                if vehicles.len() == MAX_FLEET {
                    return Err(self.err(format!("{field}.count"), format!("more than {MAX_FLEET} vehicles in all")));
                }
                vehicles.push(Vehicle { id, ..template.clone() });
            }
        }

        let profiles = self.travel(&profile_specs, &names, &points, rows.is_some(), located_all)?;
        let mut problem = Problem::new(Parts {
            name: s.name.clone(),
            coordinates: if planar { Coordinates::Planar } else { Coordinates::Geographic },
            points,
            depots,
            orders,
            vehicles,
            profiles,
            skills: names.skills.names,
            dimensions: s.dimensions.clone(),
            currency: self.currency()?,
        });
        // Times with dates count from midnight of the earliest date: that instant, for writers.
        problem.time_origin = self.clock.first_day.and_then(unix_days).map(|days| days * 86_400);
        Ok(problem)
    }

    fn duplicate(&self, kind: &str, k: usize, id: &str, first: usize) -> ParseError {
        self.err(format!("{}.id", located(kind, k, id)), format!("duplicate id (also {kind}[{first}])"))
    }

    /// The id of each shipment's pickup, in order: as given (unique among every order and
    /// pickup), else `"<order id>-pickup"`, numbered on (`-2`, `-3` …) when that is taken.
    fn pickup_ids(&self, orders: HashMap<&'a str, usize>) -> Result<Vec<String>, ParseError> {
        let s = self.s;
        let mut given: HashMap<&str, usize> = HashMap::new();
        for (k, o) in s.orders.iter().enumerate() {
            let Some(id) = o.pickup.as_ref().and_then(|p| p.id.as_deref()) else { continue };
            let also = match (orders.get(id), given.get(id)) {
                (Some(&first), _) => format!("orders[{first}]"),
                (None, Some(&first)) => format!("orders[{first}].pickup"),
                (None, None) => {
                    given.insert(id, k);
                    continue;
                }
            };
            let field = format!("{}.pickup.id", located("orders", k, &o.id));
            return Err(self.err(field, format!("duplicate id (also {also})")));
        }
        let mut made = std::collections::HashSet::new();
        let mut ids = Vec::new();
        for o in &s.orders {
            let Some(pickup) = &o.pickup else { continue };
            let id = pickup.id.clone().unwrap_or_else(|| {
                let base = format!("{}-pickup", o.id);
                let free = |id: &String| {
                    !orders.contains_key(id.as_str()) && !given.contains_key(id.as_str()) && !made.contains(id)
                };
                let id = std::iter::once(base.clone())
                    .chain((2..).map(|n| format!("{base}-{n}")))
                    .find(free)
                    .unwrap_or(base);
                made.insert(id.clone());
                id
            });
            ids.push(id);
        }
        Ok(ids)
    }

    fn currency(&self) -> Result<String, ParseError> {
        let currency = self.s.currency.trim();
        if currency.chars().count() > 8 || currency.chars().any(char::is_control) {
            return Err(self.err("currency", format!("a currency code or symbol (EUR, £…), found {currency:?}")));
        }
        Ok(currency.to_string())
    }

    fn dimensions(&self) -> Result<usize, ParseError> {
        let dimensions = &self.s.dimensions;
        if dimensions.is_empty() || dimensions.len() > MAX_DIMENSIONS {
            let found = dimensions.len();
            return Err(self.err("dimensions", format!("1 to {MAX_DIMENSIONS} capacity dimensions, found {found}")));
        }
        for (k, name) in dimensions.iter().enumerate() {
            if dimensions[..k].contains(name) {
                return Err(self.err(format!("dimensions[{k}]"), format!("{name:?} is named twice")));
            }
        }
        Ok(dimensions.len())
    }

    /// The profiles (the default one when none is declared), speed and circuity filled in.
    fn profiles(&self) -> Result<Vec<ProfileSpec>, ParseError> {
        let specs = match self.s.profiles.as_slice() {
            [] => vec![ProfileSpec { name: "car".to_string(), speed_kmh: None, circuity: None }],
            declared => declared.to_vec(),
        };
        let mut filled = Vec::with_capacity(specs.len());
        for (k, p) in specs.iter().enumerate() {
            let field = format!("profiles[{k}] (name {:?})", p.name);
            if specs[..k].iter().any(|q| q.name == p.name) {
                return Err(self.err(field, "a profile of that name is already defined"));
            }
            let (speed, circuity) = (p.speed_kmh.unwrap_or(SPEED_KMH), p.circuity.unwrap_or(CIRCUITY));
            if !self.clock.planar {
                if !(speed.is_finite() && (1.0..=500.0).contains(&speed)) {
                    return Err(self.err(format!("{field}.speed_kmh"), format!("must be 1 to 500 km/h, found {speed}")));
                }
                if !(circuity.is_finite() && (1.0..=5.0).contains(&circuity)) {
                    return Err(self.err(format!("{field}.circuity"), format!("must be 1 to 5, found {circuity}")));
                }
            }
            filled.push(ProfileSpec { name: p.name.clone(), speed_kmh: Some(speed), circuity: Some(circuity) });
        }
        Ok(filled)
    }

    /// A stop's service time and windows (an order's, or a shipment's pickup's).
    fn timing(
        &self,
        service: &Option<TimeValue>,
        windows: &Option<Vec<WindowSpec>>,
        window: &Option<WindowSpec>,
        field: &str,
    ) -> Result<(Time, Windows), ParseError> {
        let service = match service {
            Some(t) => self.clock.duration(t).map_err(|m| self.err(format!("{field}.service"), m))?,
            None => 0,
        };
        let windows = match (windows, window) {
            (Some(_), Some(_)) => {
                return Err(self.err(format!("{field}.window"), "give either \"window\" or \"windows\", not both"))
            }
            (Some(list), None) => {
                if list.is_empty() {
                    return Err(self.err(
                        format!("{field}.windows"),
                        "no windows: leave \"windows\" out for an order that can be served at any time",
                    ));
                }
                let mut windows = Vec::with_capacity(list.len());
                for (j, w) in list.iter().enumerate() {
                    windows.push(self.window(w, format!("{field}.windows[{j}]"))?);
                }
                Windows::new(windows).unwrap_or_else(|| Windows::one(TimeWindow::ALWAYS))
            }
            (None, Some(w)) => Windows::one(self.window(w, format!("{field}.window"))?),
            (None, None) => Windows::one(TimeWindow::ALWAYS),
        };
        Ok((service, windows))
    }

    /// An order as a delivery (its task is set by the caller).
    fn order(&self, o: &OrderSpec, location: usize, field: &str, names: &Names) -> Result<Order, ParseError> {
        let demand = match &o.demand {
            Some(q) => amount(q, names.dims, 0).map_err(|m| self.err(format!("{field}.demand"), m))?,
            None => [0; MAX_DIMENSIONS],
        };
        let (service, windows) = self.timing(&o.service, &o.windows, &o.window, field)?;
        let priority = o.priority.unwrap_or(1);
        if priority == 0 {
            return Err(self.err(format!("{field}.priority"), "must be at least 1"));
        }
        let value = match (o.optional, o.value) {
            (false, _) => None,
            (true, None) => Some(0),
            (true, Some(v)) => Some(money(v).map_err(|m| self.err(format!("{field}.value"), m))?),
        };
        Ok(Order {
            id: o.id.clone(),
            location,
            task: Task::Delivery,
            demand,
            service,
            windows,
            skills: names.skills.set(&o.skills).map_err(|m| self.err(format!("{field}.skills"), m))?,
            priority,
            value,
            depot: o.depot.as_deref().map(|id| self.depot(id, format!("{field}.depot"), names)).transpose()?,
        })
    }

    fn depot(&self, id: &str, field: String, names: &Names) -> Result<usize, ParseError> {
        names.depots.get(id).copied().ok_or_else(|| self.err(field, format!("no depot has id {id:?}")))
    }

    /// One vehicle entry: the vehicle (its id still to be numbered) and how many alike.
    fn vehicle(&self, v: &VehicleSpec, field: &str, names: &Names) -> Result<(Vehicle, u64), ParseError> {
        let count = v.count.unwrap_or(1);
        if count == 0 || count > MAX_COUNT {
            return Err(self.err(format!("{field}.count"), format!("must be 1 to {MAX_COUNT}, found {count}")));
        }
        let profile = match &v.profile {
            Some(name) => names
                .profiles
                .get(name.as_str())
                .copied()
                .ok_or_else(|| self.err(format!("{field}.profile"), format!("no profile is named {name:?}")))?,
            None => 0,
        };
        let capacity = match &v.capacity {
            Some(q) => amount(q, names.dims, UNLIMITED).map_err(|m| self.err(format!("{field}.capacity"), m))?,
            None => {
                let mut unlimited = [0; MAX_DIMENSIONS];
                unlimited[..names.dims].fill(UNLIMITED);
                unlimited
            }
        };
        let start_depot = match &v.start {
            Some(id) => self.depot(id, format!("{field}.start"), names)?,
            None => 0,
        };
        let end_depot = match &v.end {
            Some(id) => self.depot(id, format!("{field}.end"), names)?,
            None => start_depot,
        };
        let shift = match &v.shift {
            Some(w) => self.window(w, format!("{field}.shift"))?,
            None => TimeWindow::ALWAYS,
        };
        let rest = v.rest.as_ref().map(|b| self.rest(b, shift, field)).transpose()?;
        let max_duration = match &v.max_duration {
            Some(t) => Some(self.clock.duration(t).map_err(|m| self.err(format!("{field}.max_duration"), m))?),
            None => None,
        };
        let max_distance = match (self.clock.planar, v.max_distance_km, v.max_distance) {
            (false, Some(km), None) => {
                let km = non_negative(km, MAX_TABLE / 1000.0)
                    .map_err(|m| self.err(format!("{field}.max_distance_km"), m))?;
                Some(to_ticks(km * 1000.0))
            }
            (true, None, Some(units)) => Some(to_ticks(
                non_negative(units, MAX_TABLE).map_err(|m| self.err(format!("{field}.max_distance"), m))?,
            )),
            (false, _, Some(_)) => {
                return Err(self.err(format!("{field}.max_distance"), "geographic scenarios use max_distance_km"))
            }
            (true, Some(_), _) => {
                return Err(self.err(
                    format!("{field}.max_distance_km"),
                    "planar scenarios use max_distance (in the file's units)",
                ))
            }
            (_, None, None) => None,
        };
        let co2_per_km = match v.co2_g_per_km {
            Some(g) => non_negative(g, 1e9).map_err(|m| self.err(format!("{field}.co2_g_per_km"), m))?,
            None => 0.0,
        };
        let vehicle = Vehicle {
            id: v.id.clone(),
            kind: v.kind.clone().unwrap_or_else(|| v.id.clone()),
            profile,
            start_depot,
            end_depot,
            origin: None,
            capacity,
            shift,
            rest,
            max_duration,
            max_distance,
            skills: names.skills.set(&v.skills).map_err(|m| self.err(format!("{field}.skills"), m))?,
            costs: self.costs(v.costs.as_ref(), field)?,
            co2_per_km,
            reloads: v.reload.as_ref().map(|r| self.reloads(r, end_depot, field, names)).transpose()?,
        };
        Ok((vehicle, count))
    }

    /// A vehicle's reloads: its depots (its end depot when none is named), time and most trips.
    fn reloads(&self, r: &ReloadSpec, end_depot: usize, field: &str, names: &Names) -> Result<Reloads, ParseError> {
        let depots = match r.depots.is_empty() {
            true => vec![end_depot],
            false => r
                .depots
                .iter()
                .enumerate()
                .map(|(k, id)| self.depot(id, format!("{field}.reload.depots[{k}]"), names))
                .collect::<Result<Vec<usize>, ParseError>>()?,
        };
        let duration = match &r.duration {
            Some(t) => self.clock.duration(t).map_err(|m| self.err(format!("{field}.reload.duration"), m))?,
            None => 0,
        };
        let max_trips = r.max_trips.unwrap_or(DEFAULT_TRIPS);
        if !(2..=MAX_TRIPS).contains(&max_trips) {
            return Err(self.err(
                format!("{field}.reload.max_trips"),
                format!("must be 2 to {MAX_TRIPS} (one trip needs no reload), found {max_trips}"),
            ));
        }
        Ok(Reloads { depots, duration, max_trips: max_trips as usize })
    }

    /// Each profile's matrix: its imported table, or the estimate.
    /// With `indexed`, the tables' rows are the locations; distances left out are estimated from
    /// the coordinates only when every place has them (`located_all`).
    fn travel(
        &self,
        specs: &[ProfileSpec],
        names: &Names,
        points: &[Point],
        indexed: bool,
        located_all: bool,
    ) -> Result<Vec<Profile>, ParseError> {
        let mut tables: Vec<Option<(usize, &MatrixSpec)>> = vec![None; specs.len()];
        for (k, m) in self.s.matrices.iter().enumerate() {
            let field = format!("matrices[{k}] (profile {:?})", m.profile);
            let p =
                names.profiles.get(m.profile.as_str()).copied().ok_or_else(|| {
                    self.err(format!("{field}.profile"), format!("no profile is named {:?}", m.profile))
                })?;
            if let Some((first, _)) = tables[p] {
                return Err(self.err(field, format!("the profile already has a matrix (matrices[{first}])")));
            }
            tables[p] = Some((k, m));
        }
        let (n, planar) = (points.len(), self.clock.planar);
        specs
            .iter()
            .zip(&tables)
            .enumerate()
            .map(|(k, (spec, table))| {
                let (speed, circuity) = (spec.speed_kmh.unwrap_or(SPEED_KMH), spec.circuity.unwrap_or(CIRCUITY));
                let matrix = match table {
                    None if indexed => {
                        return Err(self.err(
                            format!("profiles[{k}] (name {:?})", spec.name),
                            "no matrix: places are given by location_index, so every profile needs one",
                        ))
                    }
                    None if planar => Matrix::euclidean(points),
                    None => Matrix::great_circle(points, circuity, speed),
                    Some((k, m)) => {
                        let field = format!("matrices[{k}] (profile {:?})", m.profile);
                        let seconds = self.table(&m.durations, n, indexed, &format!("{field}.durations"))?;
                        let metres = match &m.distances {
                            Some(rows) => self.table(rows, n, indexed, &format!("{field}.distances"))?,
                            None if located_all => estimated_distances(points, planar, circuity),
                            None => {
                                return Err(self.err(
                                    format!("{field}.distances"),
                                    "missing: some places have no coordinates to estimate distances from",
                                ))
                            }
                        };
                        Matrix::from_table(n, &seconds, &metres)
                    }
                };
                Ok(Profile { name: spec.name.clone(), matrix })
            })
            .collect()
    }

    fn rest(&self, b: &BreakSpec, shift: TimeWindow, field: &str) -> Result<Break, ParseError> {
        let duration = self.clock.duration(&b.duration).map_err(|m| self.err(format!("{field}.break.duration"), m))?;
        let window = match &b.window {
            Some(w) => self.window(w, format!("{field}.break.window"))?,
            None => shift,
        };
        checked_break(duration, window, shift).map_err(|(part, m)| self.err(format!("{field}.break.{part}"), m))
    }

    fn costs(&self, spec: Option<&CostSpec>, field: &str) -> Result<Costs, ParseError> {
        let none = CostSpec::default();
        let c = spec.unwrap_or(&none);
        let rate = |v: Option<f64>, default: f64, name: &str| match v {
            Some(v) => non_negative(v, MAX_RATE).map_err(|m| self.err(format!("{field}.costs.{name}"), m)),
            None => Ok(default),
        };
        let fixed = match c.fixed {
            Some(v) => money(v).map_err(|m| self.err(format!("{field}.costs.fixed"), m))?,
            None => 0,
        };
        if self.clock.planar {
            for (name, given) in [("per_km", c.per_km), ("per_hour", c.per_hour)] {
                if given.is_some() {
                    return Err(self.err(
                        format!("{field}.costs.{name}"),
                        "planar scenarios use per_distance and per_time (per unit of the file)",
                    ));
                }
            }
            Ok(Costs {
                fixed,
                per_distance: rate(c.per_distance, 1.0, "per_distance")?,
                per_time: rate(c.per_time, 0.0, "per_time")?,
            })
        } else {
            for (name, given) in [("per_distance", c.per_distance), ("per_time", c.per_time)] {
                if given.is_some() {
                    return Err(
                        self.err(format!("{field}.costs.{name}"), "geographic scenarios use per_km and per_hour")
                    );
                }
            }
            // Cost ticks are µ-currency, distance ticks µ-metres and time ticks µ-seconds.
            Ok(Costs {
                fixed,
                per_distance: rate(c.per_km, 1.0, "per_km")? / 1000.0,
                per_time: rate(c.per_hour, 0.0, "per_hour")? / 3600.0,
            })
        }
    }

    /// A square table of `n` rows, row-major, `None` for unreachable.
    fn table(
        &self,
        rows: &[Vec<Option<f64>>],
        n: usize,
        indexed: bool,
        field: &str,
    ) -> Result<Vec<Option<f64>>, ParseError> {
        let s = self.s;
        let locations = || match indexed {
            true => format!("the first matrix has {n} rows (every matrix is one row per location_index)"),
            false => format!("the scenario has {n} locations ({})", s.locations_said()),
        };
        square_table(rows, n, &locations).map_err(|(at, m)| self.err(format!("{field}{at}"), m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::to_ticks;
    use serde_json::{json, Value};

    /// A planar day with a delivery, a shipment, a return and a pickup.
    fn both_ways() -> Value {
        json!({
            "coordinates": "planar",
            "depots": [{"id": "D", "x": 0, "y": 0}],
            "orders": [
                {"id": "a", "x": 1, "y": 0, "demand": 2},
                {"id": "b", "x": 2, "y": 0, "demand": 3, "window": [30, 40], "skills": ["cold"], "priority": 3,
                 "optional": true, "value": 7, "depot": "D",
                 "pickup": {"x": 5, "y": 5, "window": [10, 20], "service": 4}},
                {"id": "r", "x": 3, "y": 0, "type": "return", "demand": 1},
                {"id": "p", "x": 4, "y": 0, "type": "pickup", "demand": 1}
            ],
            "vehicles": [{"id": "v", "capacity": 10, "skills": ["cold"]}]
        })
    }

    fn build(doc: &Value) -> Result<Problem, ParseError> {
        super::super::parse("both.json", &doc.to_string())
    }

    #[test]
    fn shipments_append_their_pickups_after_the_orders() {
        let p = build(&both_ways()).unwrap();
        let tasks: Vec<Task> = p.orders.iter().map(|o| o.task).collect();
        assert_eq!(
            tasks,
            [
                Task::Delivery,
                Task::ShipmentDelivery { pickup: 4 },
                Task::Pickup,
                Task::Pickup,
                Task::ShipmentPickup { delivery: 1 }
            ]
        );
        let ids: Vec<&str> = p.orders.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "r", "p", "b-pickup"]);
        let (delivery, pickup) = (&p.orders[1], &p.orders[4]);
        assert_eq!(p.points[pickup.location], Point { x: 5.0, y: 5.0 });
        assert_eq!(pickup.location, 5, "after the depot and the four orders");
        assert_eq!(pickup.windows.envelope(), TimeWindow::new(to_ticks(10.0), to_ticks(20.0)));
        assert_eq!(pickup.service, to_ticks(4.0));
        assert_eq!(delivery.windows.envelope(), TimeWindow::new(to_ticks(30.0), to_ticks(40.0)));
        assert_eq!(delivery.service, 0);
        // The shipment's demand, skills, priority, value and depot on both halves.
        for half in [delivery, pickup] {
            assert_eq!(half.demand, [to_load(3.0), 0, 0]);
            assert_eq!(
                (half.skills, half.priority, half.value, half.depot),
                (Skills::NONE.with(0), 3, Some(7_000_000), Some(0))
            );
        }
    }

    #[test]
    fn pickup_ids_default_to_the_order_id_and_stay_unique() {
        let mut doc = both_ways();
        doc["orders"][0]["id"] = json!("b-pickup");
        let p = build(&doc).unwrap();
        assert_eq!(p.orders[4].id, "b-pickup-2");

        doc["orders"][1]["pickup"]["id"] = json!("b-pickup");
        let err = build(&doc).unwrap_err();
        assert_eq!(err.field, "orders[1] (id \"b\").pickup.id");
        assert_eq!(err.message, "duplicate id (also orders[0])");

        let mut doc = both_ways();
        doc["orders"][2]["pickup"] = json!({"id": "P", "x": 1, "y": 1});
        doc["orders"][2].as_object_mut().unwrap().remove("type");
        doc["orders"][1]["pickup"]["id"] = json!("P");
        let err = build(&doc).unwrap_err();
        assert_eq!(
            (err.field.as_str(), err.message.as_str()),
            ("orders[2] (id \"r\").pickup.id", "duplicate id (also orders[1].pickup)")
        );
    }

    #[test]
    fn a_shipment_is_a_delivery_and_every_mistake_names_its_field() {
        let fail = |change: &dyn Fn(&mut Value)| {
            let mut doc = both_ways();
            change(&mut doc);
            build(&doc).unwrap_err()
        };
        let err = fail(&|d| d["orders"][1]["type"] = json!("return"));
        assert_eq!(err.field, "orders[1] (id \"b\").type");
        assert!(err.message.contains("shipment"), "{err}");
        assert!(build(&{
            let mut d = both_ways();
            d["orders"][1]["type"] = json!("delivery");
            d
        })
        .is_ok());
        let err = fail(&|d| d["orders"][0]["type"] = json!("collection"));
        assert_eq!(err.field, "orders[0].type");
        assert!(err.message.contains("\"delivery\", \"pickup\" or \"return\""), "{err}");
        let err = fail(&|d| d["orders"][1]["pickup"] = json!({"x": 1}));
        assert_eq!(err.field, "orders[1] (id \"b\").pickup.x");
        let err = fail(&|d| d["orders"][1]["pickup"]["window"] = json!([20, 10]));
        assert_eq!(err.field, "orders[1] (id \"b\").pickup.window");
        let err = fail(&|d| d["orders"][1]["pickup"]["service"] = json!(-1));
        assert_eq!(err.field, "orders[1] (id \"b\").pickup.service");
        let err = fail(&|d| {
            d["orders"][1]["pickup"].as_object_mut().unwrap().remove("window");
            d["orders"][1]["pickup"]["windows"] = json!([]);
        });
        assert_eq!(err.field, "orders[1] (id \"b\").pickup.windows");
    }

    #[test]
    fn pickups_are_rows_of_imported_tables_and_carry_an_index_like_any_place() {
        let mut doc = both_ways();
        let row = |k: usize| (0..6).map(|j| if j == k { 0 } else { 1 + k + j }).collect::<Vec<_>>();
        doc["matrices"] = json!([{"profile": "car", "durations": (0..6).map(row).collect::<Vec<_>>()}]);
        let p = build(&doc).unwrap();
        assert_eq!(p.default_matrix().time(0, 5), to_ticks(6.0), "the pickup is the sixth row");
        doc["matrices"][0]["durations"] = json!([[0]]);
        let err = build(&doc).unwrap_err();
        assert!(err.message.contains("6 locations (1 depot + 4 orders + 1 pickup)"), "{err}");

        let indexed = json!({
            "coordinates": "planar",
            "depots": [{"id": "D", "location_index": 0}],
            "orders": [{"id": "a", "location_index": 1, "pickup": {"location_index": 2}}],
            "vehicles": [{"id": "v"}],
            "matrices": [{"profile": "car", "durations": [[0, 1, 2], [1, 0, 3], [2, 3, 0]], "distances": [[0, 1, 2], [1, 0, 3], [2, 3, 0]]}]
        });
        let p = build(&indexed).unwrap();
        assert_eq!((p.orders[0].location, p.orders[1].location), (1, 2));
        let mut missing = indexed.clone();
        missing["orders"][0]["pickup"] = json!({"x": 1, "y": 1});
        let err = build(&missing).unwrap_err();
        assert_eq!(err.field, "orders[0] (id \"a\").pickup.location_index");
    }
}
