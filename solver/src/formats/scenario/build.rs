//! Scenario → [`Problem`]: every field validated, errors naming the field as a JSON path
//! (`orders[12] (id "o17").windows[0]`).

use std::collections::HashMap;

use super::checks::{checked_break, estimated_distances, money, non_negative, square_table};
use super::schema::*;
use super::time::{parse_date_time, unix_days, Clock};
use super::*;
use crate::problem::{
    Break, Coordinates, Costs, Depot, Matrix, Order, Parts, Point, Problem, Profile, Skills, TimeWindow, Vehicle,
    Windows, MAX_DIMENSIONS,
};
use crate::units::{to_load, to_ticks, Load};

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

    /// With `location_index` on the places, the number of rows of the imported matrices (the
    /// first table's); `None` when places are located by coordinates alone.
    fn matrix_rows(&self) -> Result<Option<usize>, ParseError> {
        let s = self.s;
        let depots = s.depots.iter().enumerate().map(|(k, d)| (located("depots", k, &d.id), &d.place));
        let mut places =
            depots.chain(s.orders.iter().enumerate().map(|(k, o)| (located("orders", k, &o.id), &o.place)));
        let Some((field, _)) = places.find(|(_, p)| p.location_index.is_some()) else {
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
                "missing: other places give one, so every depot and order needs one",
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
        if s.depots.len() + s.orders.len() > MAX_LOCATIONS {
            let counts = format!("{} depots + {} orders", s.depots.len(), s.orders.len());
            return Err(self.err("orders", format!("{counts}: at most {MAX_LOCATIONS} locations in all")));
        }
        let names = Names {
            dims,
            skills: self.skills()?,
            depots: unique_ids(s.depots.iter().map(|d| d.id.as_str()))
                .map_err(|(k, first)| self.duplicate("depots", k, &s.depots[k].id, first))?,
            profiles: profile_specs.iter().enumerate().map(|(k, p)| (p.name.as_str(), k)).collect(),
        };
        unique_ids(s.orders.iter().map(|o| o.id.as_str()))
            .map_err(|(k, first)| self.duplicate("orders", k, &s.orders[k].id, first))?;

        // Locations: depots, then orders; or the rows of the imported matrices.
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
        let mut orders = Vec::with_capacity(s.orders.len());
        for (k, o) in s.orders.iter().enumerate() {
            let field = located("orders", k, &o.id);
            let location = self.locate(&o.place, &field, rows, &mut points)?;
            orders.push(self.order(o, location, &field, &names)?);
        }
        let located_all =
            s.depots.iter().map(|d| &d.place).chain(s.orders.iter().map(|o| &o.place)).all(Place::has_coordinates);

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

    fn order(&self, o: &OrderSpec, location: usize, field: &str, names: &Names) -> Result<Order, ParseError> {
        let demand = match &o.demand {
            Some(q) => amount(q, names.dims, 0).map_err(|m| self.err(format!("{field}.demand"), m))?,
            None => [0; MAX_DIMENSIONS],
        };
        let service = match &o.service {
            Some(t) => self.clock.duration(t).map_err(|m| self.err(format!("{field}.service"), m))?,
            None => 0,
        };
        let windows = match (&o.windows, &o.window) {
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
            task: crate::problem::Task::Delivery,
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
            reloads: None,
        };
        Ok((vehicle, count))
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
            false => format!("the scenario has {n} locations ({} depots + {} orders)", s.depots.len(), s.orders.len()),
        };
        square_table(rows, n, &locations).map_err(|(at, m)| self.err(format!("{field}{at}"), m))
    }
}
