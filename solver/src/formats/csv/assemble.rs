//! Putting an import together: files sorted into a base (scenario, VROOM, Solomon), CSV tables
//! and OSRM tables; the tables' rows checked against each other (depot references, reload
//! depots, ids after `count`, pickup ids, windows, breaks, skills) and written into the base as
//! scenario entries; defaults for what is missing.

use std::collections::{HashMap, HashSet};

use super::cells::Stamp;
use super::columns::{self, Column, TableKind};
use super::contents;
use super::tables::{file_stem, DepotRow, OrderRow, PickupRow, Rows, Table, VehicleRow, WindowRead};
use super::{detect_delimiter, not_text, prepare, reader, strip_bom, Imported, Issues, NOTHING_READ};
use crate::formats::encoding::TextEncoding;
use crate::formats::scenario::{
    BreakSpec, CoordinateSystem, CostSpec, DepotSpec, OrderSpec, PickupSpec, Place, ProfileSpec, Quantity, ReloadSpec,
    Scenario, TimeValue, VehicleSpec, WindowSpec, MAX_LOCATIONS,
};
use crate::formats::{lilim, osrm, outliers, solomon, vroom, Format};
use crate::plan::UnassignedReason;
use crate::problem::MAX_DIMENSIONS;
use crate::reasons;
use crate::solution::Solution;
use crate::units::to_ticks;

/// The most vehicles a scenario may hold (counts expanded).
const MAX_FLEET: usize = 20_000;
/// At most this many distinct skills.
const MAX_SKILLS: usize = crate::constraints::skills::MAX_SKILLS;
/// Orders per van of the default fleet.
const ORDERS_PER_VAN: usize = 25;
/// Orders no vehicle can serve for the same reason are named one by one up to this many, then
/// said in one warning.
const SAID_ONE_BY_ONE: usize = 3;

/// What a file is.
enum Source {
    /// A scenario, and what its format calls the orders (`orders`, VROOM's `jobs`).
    Base(Box<Scenario>, &'static str),
    Osrm(osrm::Table),
    Csv,
    Skip,
}

/// The message for rows that name an address but give no coordinates, once per file.
fn address_only_message(count: usize, kind: TableKind) -> String {
    let (noun, verb) = match (kind, count) {
        (TableKind::Depots, 1) => ("depot", "has"),
        (TableKind::Depots, _) => ("depots", "have"),
        (_, 1) => ("order", "has"),
        _ => ("orders", "have"),
    };
    format!(
        "{count} {noun} {verb} an address but no coordinates: Lastmile does not geocode, because that would send \
         your customers' addresses to a server; add latitude/longitude columns"
    )
}

pub(crate) fn import(
    files: &[(String, String)],
    encodings: &[Option<TextEncoding>],
    overrides: &[(String, Vec<Option<Column>>)],
    base: Option<&Scenario>,
) -> Imported {
    let mut issues = Issues::default();
    for ((name, text), encoding) in files.iter().zip(encodings) {
        // A file refused as binary is not text in any encoding: no note.
        if let Some(note) = encoding.and_then(TextEncoding::note).filter(|_| not_text(name, text).is_none()) {
            issues.warning(name, 0, "encoding", note);
        }
    }
    let mut scenario = base.cloned();
    let mut base_file: Option<(&str, &str)> = None;
    let mut csv_files = Vec::new();
    let mut osrm_tables = Vec::new();
    // Whether any file gave something (a base, a table row, a travel table).
    let mut read = false;
    for (name, text) in files {
        match classify(name, text, &mut issues) {
            Source::Base(s, orders) => {
                read = true;
                if let Some((previous, _)) = base_file {
                    issues.warning(name, 0, "", format!("replaces the scenario read from {previous}"));
                }
                base_file = Some((name.as_str(), orders));
                scenario = Some(*s);
            }
            Source::Osrm(table) => osrm_tables.push((name.as_str(), table)),
            Source::Csv => csv_files.push((name.as_str(), text.as_str())),
            Source::Skip => {}
        }
    }
    let planar = scenario.as_ref().is_some_and(|s| s.coordinates == CoordinateSystem::Planar);

    let mut tables = Vec::new();
    let mut texts = Vec::new();
    for (name, text) in csv_files {
        if planar {
            issues.error(
                name,
                0,
                "",
                "the scenario is planar (x/y, a benchmark file): CSV tables hold latitudes and longitudes and \
                 cannot be mixed with it; the file was not loaded",
            );
            continue;
        }
        let text = prepare(text);
        let delimiter = detect_delimiter(&text);
        if let Some(table) = open_table(name, &text, delimiter, overrides, &mut issues) {
            tables.push(table);
            texts.push((text, delimiter));
        }
    }
    let mut rows = Rows::default();
    for (t, (text, delimiter)) in texts.iter().enumerate() {
        rows.read(&tables, t, text, *delimiter, &mut issues);
        if !text.lines().skip(1).any(|line| !line.trim().is_empty()) {
            let table = &tables[t];
            let message = format!("only a header line: no {} rows follow it", table.kind.name());
            issues.error(&table.file, 0, "rows", message);
        }
    }
    let mut address_only: Vec<(usize, usize)> = rows.address_only.iter().map(|(&t, &n)| (t, n)).collect();
    address_only.sort_unstable();
    for (t, count) in address_only {
        let table = &tables[t];
        issues.error(&table.file, 0, &table.field(&Column::Address), address_only_message(count, table.kind));
    }
    read |= rows.orders.len() + rows.vehicles.len() + rows.depots.len() > 0;
    if !read && osrm_tables.is_empty() {
        return nothing_read(files, base, issues);
    }

    let mut s = scenario.unwrap_or_else(empty_scenario);
    let mut a = Assembly { tables: &tables, day0: rows.earliest, issues: &mut issues, order_lines: Vec::new() };
    a.assemble(&mut s, &mut rows);
    a.far_orders(&s, base_file);
    a.unservable(&s, base_file);
    for (file, table) in osrm_tables {
        let profile = table_profile(&s, file);
        match osrm::attach(&mut s, file, &profile, table) {
            Ok(()) => read = true,
            Err(e) => issues.error(file, e.line, &e.field, e.message),
        }
    }
    if !read {
        return nothing_read(files, base, issues);
    }
    if s.location_count() > MAX_LOCATIONS {
        issues.error(
            "",
            0,
            "orders",
            format!(
                "{}: at most {MAX_LOCATIONS} locations can be planned at once; split the orders",
                s.locations_said()
            ),
        );
    }
    let summary = summary(&s, &issues);
    Imported { scenario: s, issues: issues.finish(), summary }
}

/// The import of files none of which gave anything: the base as it was (or an empty scenario),
/// every reason listed, and one more error saying that nothing was read.
fn nothing_read(files: &[(String, String)], base: Option<&Scenario>, mut issues: Issues) -> Imported {
    let names = files.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(", ");
    let kept = if base.is_some() { "the scenario is unchanged" } else { "there is no scenario" };
    let summary = format!("Nothing read from {}; {kept}", if names.is_empty() { "no files" } else { &names });
    issues.error("", 0, NOTHING_READ, format!("none of the files gave an order, a vehicle or a depot: {kept}"));
    Imported { scenario: base.cloned().unwrap_or_else(empty_scenario), issues: issues.finish(), summary }
}

fn empty_scenario() -> Scenario {
    Scenario { dimensions: Vec::new(), ..Scenario::default() }
}

/// Sorts a file: anything that is not text (an image, a PDF, a workbook) is refused; JSON by its
/// keys (scenario, VROOM, else an OSRM table), Solomon and Li & Lim text by their layout unless
/// the name says `.csv`, anything else is a CSV table. Files that fail to parse become an error and are skipped.
fn classify(name: &str, text: &str, issues: &mut Issues) -> Source {
    if let Some(what) = not_text(name, text) {
        issues.error(name, 0, "file", format!("not a table (it looks like {what})"));
        return Source::Skip;
    }
    let body = strip_bom(text).trim_start();
    let lower = name.to_lowercase();
    let is_csv = lower.ends_with(".csv") || lower.ends_with(".tsv");
    let base = |result: Result<Scenario, crate::formats::ParseError>, orders, issues: &mut Issues| match result {
        Ok(s) => Source::Base(Box::new(s), orders),
        Err(e) => {
            issues.error(name, e.line, &e.field, e.message);
            Source::Skip
        }
    };
    if !is_csv && (body.starts_with('{') || body.starts_with('[')) {
        return match Format::guess(body) {
            Some(Format::Json) => {
                base(Scenario::from_json(name, text).and_then(|s| s.to_problem(name).map(|_| s)), "orders", issues)
            }
            Some(Format::Vroom) => base(vroom::parse(name, text).map(|p| Scenario::from_problem(&p)), "jobs", issues),
            _ if body.contains("\"durations\"") || body.contains("\"code\"") => match osrm::parse_table(name, text) {
                Ok(table) => Source::Osrm(table),
                Err(e) => {
                    issues.error(name, e.line, &e.field, e.message);
                    Source::Skip
                }
            },
            _ => {
                issues.error(
                    name,
                    0,
                    "format",
                    "unrecognised JSON: expected a Lastmile scenario, a VROOM problem or an OSRM table response",
                );
                Source::Skip
            }
        };
    }
    match Format::guess(body).filter(|_| !is_csv) {
        Some(Format::Solomon) => {
            return base(solomon::parse(name, text).map(|p| Scenario::from_problem(&p)), "customers", issues)
        }
        Some(Format::LiLim) => {
            return base(lilim::parse(name, text).map(|p| Scenario::from_problem(&p)), "tasks", issues)
        }
        _ => {}
    }
    Source::Csv
}

/// Reads a CSV file's header and decides its kind and mapping (an override wins); `None`, with
/// an error asking for a mapping, when the columns are not enough to read a row. A first row
/// that is data (see [`contents`]) is read as a row, its columns named `Column 1` …; columns
/// guessed from their contents are never used without the planner's mapping: the error lists
/// the guess and asks to confirm it.
fn open_table(
    name: &str,
    text: &str,
    delimiter: u8,
    overrides: &[(String, Vec<Option<Column>>)],
    issues: &mut Issues,
) -> Option<Table> {
    let mut csv = reader(text, delimiter);
    let first: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            issues.error(name, 1, "", format!("cannot read the header line: {e}"));
            return None;
        }
    };
    if first.iter().all(String::is_empty) {
        issues.error(name, 1, "", "the file is empty: the first line must name the columns");
        return None;
    }
    let header_row = !contents::first_row_is_data(&first);
    let headers = if header_row { first.clone() } else { contents::numbered(first.len()) };
    let listed = headers.iter().map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ");
    let ask = "name the columns as in the README (id, lat, lon …) or choose what each column holds";
    let overridden = overrides.iter().find(|(file, _)| file == name);
    let (kind, mapping) = match overridden {
        Some((_, mapping)) => {
            let mut mapping = mapping.clone();
            if mapping.len() != headers.len() {
                issues.warning(
                    name,
                    1,
                    "",
                    format!("the column mapping has {} entries for {} columns", mapping.len(), headers.len()),
                );
                mapping.resize(headers.len(), None);
            }
            let kind = columns::kind_of_mapping(&mapping)
                .or_else(|| if header_row { columns::guess_kind(name, &headers) } else { None })
                .or_else(|| columns::kind_named_in(name))
                .or_else(|| mapping.iter().any(|c| c.is_some()).then_some(TableKind::Orders));
            (kind, mapping)
        }
        None => {
            let kind = if header_row { columns::guess_kind(name, &headers) } else { None };
            (kind, kind.map_or_else(|| vec![None; headers.len()], |k| columns::map_headers(k, &headers)))
        }
    };
    let missing = kind.map(|k| columns::missing(k, &mapping));
    if overridden.is_none() && missing.as_ref().is_none_or(|m| !m.is_empty()) {
        // The headers are not enough: look at the values, and count the rows that give an
        // address (said once when there are no coordinates either).
        let address = mapping.iter().position(|m| m.as_ref() == Some(&Column::Address));
        let mut sample: Vec<Vec<String>> = if header_row { Vec::new() } else { vec![first.clone()] };
        let mut addresses = 0;
        let mut record = ::csv::StringRecord::new();
        while let Ok(true) = csv.read_record(&mut record) {
            if sample.len() < contents::SAMPLE_ROWS {
                sample.push(record.iter().map(|c| c.trim().to_string()).collect());
            } else if address.is_none() {
                break;
            }
            addresses += usize::from(address.is_some_and(|a| record.get(a).is_some_and(|c| !c.trim().is_empty())));
        }
        let (guessed_kind, guessed, from_contents) = super::shape_of(name, &headers, header_row, &sample);
        let enough = guessed_kind.is_some_and(|k| columns::missing(k, &guessed).is_empty());
        if enough && from_contents.iter().any(|&g| g) {
            let list: Vec<String> = headers
                .iter()
                .zip(&guessed)
                .zip(&from_contents)
                .filter_map(|((h, c), &g)| c.as_ref().filter(|_| g).map(|c| format!("{h} → {}", c.label())))
                .collect();
            let first_row = if header_row { "" } else { "the first row holds values, not column names; " };
            let kind = guessed_kind.map_or("orders", TableKind::name);
            let message = format!(
                "{first_row}columns guessed from their contents: please confirm (read as {kind}: {})",
                list.join(", ")
            );
            issues.error(name, 1, "columns", message);
            return None;
        }
        if let (Some(kind), Some(_)) = (kind, address) {
            // Addresses and no coordinates: said once, with how many rows it concerns.
            issues.error(name, 0, "columns", address_only_message(addresses, kind));
            return None;
        }
    }
    let Some(kind) = kind else {
        let joined: String = headers.concat();
        let odd = joined.chars().filter(|c| c.is_control() || !(c.is_alphanumeric() || c.is_ascii())).count();
        let message = match headers.as_slice() {
            _ if odd * 4 > joined.chars().count() => {
                let start: String = joined.chars().take(24).collect();
                format!(
                    "the first line does not read as column names ({start:?} …): this does not look like a CSV \
                     table; export the data from its program as CSV"
                )
            }
            [one] if one.contains([' ', ':', '/', '\\']) => format!(
                "the header line reads as one column ({listed}): Lastmile separates columns at commas, semicolons, \
                 tabs or |; save the file as CSV with one of them"
            ),
            _ => format!(
                "cannot tell whether this file holds orders, vehicles or depots: no column is known ({listed}); {ask}"
            ),
        };
        issues.error(name, 1, "columns", message);
        return None;
    };
    let missing = columns::missing(kind, &mapping);
    if !missing.is_empty() {
        let message =
            format!("read as {}, but no column gives the {} ({listed}); {ask}", kind.name(), missing.join(" or the "));
        issues.error(name, 1, "columns", message);
        return None;
    }
    if kind != TableKind::Vehicles {
        if let Some(rows) = too_many_rows(text, &mut csv) {
            let message = format!(
                "{rows} rows of {}: at most {MAX_LOCATIONS} places (orders and depots together) can be planned at once, \
                 so the file was not read; split it into files of at most {MAX_LOCATIONS} rows (by depot, area or \
                 day) and plan each",
                kind.name()
            );
            issues.error(name, 0, "rows", message);
            return None;
        }
    }
    let ignored: Vec<&str> =
        headers.iter().zip(&mapping).filter(|(h, m)| m.is_none() && !h.is_empty()).map(|(h, _)| h.as_str()).collect();
    if !ignored.is_empty() {
        issues.warning(name, 1, "columns", format!("columns not used: {}", ignored.join(", ")));
    }
    Some(Table::new(name, kind, headers, &mapping, header_row))
}

/// The number of data rows (blank lines not counted) when it is more than [`MAX_LOCATIONS`],
/// counted before any row is kept: a line count first, the CSV records only when it is over.
fn too_many_rows(text: &str, csv: &mut ::csv::Reader<&[u8]>) -> Option<usize> {
    if text.bytes().filter(|&b| b == b'\n').count() <= MAX_LOCATIONS {
        return None;
    }
    let mut rows = 0;
    let mut record = ::csv::StringRecord::new();
    while let Ok(true) = csv.read_record(&mut record) {
        rows += usize::from(!record.iter().all(|c| c.trim().is_empty()));
    }
    (rows > MAX_LOCATIONS).then_some(rows)
}

/// The profile an OSRM table belongs to: the one its file name starts with, else the first.
fn table_profile(s: &Scenario, file: &str) -> String {
    let stem = file_stem(file).to_lowercase();
    let first = s.profiles.first().map_or("car", |p| p.name.as_str());
    let named = s.profiles.iter().find(|p| p.name.to_lowercase() == stem).map(|p| p.name.as_str());
    let named = named.or_else(|| (s.profiles.is_empty() && stem == "car").then_some("car"));
    named.unwrap_or(first).to_string()
}

/// A clock time in seconds as the scenario writes it: `"HH:MM:SS"` (hours may pass 24).
fn clock_value(seconds: f64) -> TimeValue {
    TimeValue::Text(crate::units::clock_exact(to_ticks(seconds)))
}

/// A clock time in seconds for a message: `HH:MM` (` +1d` past midnight).
fn show(seconds: f64) -> String {
    crate::units::clock_hm(to_ticks(seconds))
}

/// Capacity dimensions that mean the same thing under other names.
const SYNONYMS: &[&[&str]] = &[
    &["kg", "weight", "kgs", "kilograms", "mass"],
    &["volume", "litres", "liters", "l", "m3"],
    &["parcels", "parcel", "packages", "items", "boxes", "pieces"],
    &["demand", "quantity", "qty", "units", "load", "amount"],
];

fn same_dimension(a: &str, b: &str) -> bool {
    let (a, b) = (columns::normalise(a), columns::normalise(b));
    a == b || SYNONYMS.iter().any(|group| group.contains(&a.as_str()) && group.contains(&b.as_str()))
}

/// A travel mode word: its profile name, speed (km/h) and circuity.
fn mode_of(text: &str) -> Option<(&'static str, f64, f64)> {
    let t = columns::normalise(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&["bike", "bicycle", "cycl", "velo"]) {
        Some(("bike", 15.0, 1.2))
    } else if has(&["foot", "walk", "pedestrian"]) {
        Some(("foot", 5.0, 1.2))
    } else if has(&["scooter", "moped", "motorbike", "motorcycle"]) {
        Some(("scooter", 25.0, 1.3))
    } else if has(&["car", "van", "truck", "lorry", "driving", "auto"]) || t == "ev" {
        Some(("car", 30.0, 1.3))
    } else {
        None
    }
}

struct Assembly<'a> {
    tables: &'a [Table],
    day0: Option<jiff::civil::Date>,
    issues: &'a mut Issues,
    /// The table and line of each order read from CSV, in the scenario's order.
    order_lines: Vec<(usize, usize)>,
}

/// The ids of the orders read from CSV and of the pickups given so far, each with its table and
/// line: a pickup's id must be neither.
struct StopIds {
    orders: HashMap<String, (usize, usize)>,
    pickups: HashMap<String, (usize, usize)>,
}

/// Skill names in use, in a fixed order, at most [`MAX_SKILLS`].
struct SkillNames(Vec<String>);

impl SkillNames {
    fn admit(&mut self, names: &[String]) -> Result<(), String> {
        let new: Vec<&String> = names.iter().filter(|n| !self.0.contains(n)).collect();
        if self.0.len() + new.len() > MAX_SKILLS {
            return Err(format!("more than {MAX_SKILLS} distinct skills in the scenario"));
        }
        self.0.extend(new.into_iter().cloned());
        Ok(())
    }
}

impl Assembly<'_> {
    fn file(&self, table: usize) -> &str {
        &self.tables[table].file
    }

    fn field(&self, table: usize, column: &Column) -> String {
        self.tables[table].field(column)
    }

    fn error(&mut self, table: usize, line: usize, column: &Column, message: impl Into<String>) {
        let field = self.field(table, column);
        let file = self.tables[table].file.clone();
        self.issues.error(&file, line, &field, message);
    }

    fn resolve(&self, stamp: &Option<Stamp>) -> Result<Option<f64>, String> {
        stamp.as_ref().map(|s| s.resolve(self.day0)).transpose()
    }

    /// A window's ends in seconds (open ends `None`), refused when it ends before it starts.
    fn window(&self, w: &WindowRead) -> Result<(Option<f64>, Option<f64>), String> {
        let (start, end) = (self.resolve(&w.0)?, self.resolve(&w.1)?);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                return Err(format!("ends ({}) before it starts ({})", show(e), show(s)));
            }
        }
        Ok((start, end))
    }

    fn window_spec(w: (Option<f64>, Option<f64>)) -> WindowSpec {
        vec![w.0.map(clock_value), w.1.map(clock_value)]
    }

    fn assemble(&mut self, s: &mut Scenario, rows: &mut Rows) {
        let has = |kind: TableKind| self.tables.iter().any(|t| t.kind == kind);
        let (csv_orders, csv_vehicles, csv_depots) =
            (has(TableKind::Orders), has(TableKind::Vehicles), has(TableKind::Depots));
        if s.name.is_empty() {
            s.name = self
                .tables
                .iter()
                .find(|t| t.kind == TableKind::Orders)
                .map_or_else(|| "Imported".to_string(), |t| file_stem(&t.file));
        }
        if (csv_orders || csv_depots) && !s.matrices.is_empty() {
            let names: Vec<&str> = s.matrices.iter().map(|m| m.profile.as_str()).collect();
            self.issues.warning(
                "",
                0,
                "matrices",
                format!(
                    "the travel tables ({}) no longer match the locations: travel is estimated from coordinates",
                    names.join(", ")
                ),
            );
            s.matrices.clear();
        }

        // Depots.
        if csv_depots {
            s.depots = rows.depots.iter().filter_map(|r| self.depot(r)).collect();
        }
        if csv_vehicles {
            self.depots_at_vehicle_coordinates(s, &mut rows.vehicles);
        }
        // The median, not the mean: one order far off (coordinates swapped) must not move it.
        let centroid = |orders: &[OrderRow]| {
            let median = |mut values: Vec<f64>| {
                values.sort_by(f64::total_cmp);
                values[values.len() / 2]
            };
            (median(orders.iter().map(|o| o.lat).collect()), median(orders.iter().map(|o| o.lon).collect()))
        };
        if s.depots.is_empty() && csv_orders && !rows.orders.is_empty() {
            let (lat, lon) = centroid(&rows.orders);
            let file = self.tables.iter().find(|t| t.kind == TableKind::Orders).map_or("", |t| t.file.as_str());
            self.issues.warning(
                file,
                0,
                "depots",
                "no depot: one was placed at the orders' centre (add a depots CSV to set yours)",
            );
            let place = Place { lat: Some(lat), lon: Some(lon), ..Place::default() };
            s.depots.push(DepotSpec { id: "depot".to_string(), place, opening: None });
        }
        let depot_ids: HashSet<String> = s.depots.iter().map(|d| d.id.clone()).collect();

        // Skills: those declared, or those of the entries kept from the base.
        let declared = s.skills.is_some();
        let mut skills = SkillNames(s.skills.clone().unwrap_or_default());
        if !declared {
            let kept_orders = if csv_orders { &[][..] } else { &s.orders[..] };
            let kept_vehicles = if csv_vehicles { &[][..] } else { &s.vehicles[..] };
            for names in kept_orders.iter().map(|o| &o.skills).chain(kept_vehicles.iter().map(|v| &v.skills)) {
                let _ = skills.admit(names);
            }
        }

        // Dimensions: the orders' demand columns, else the base's, else the vehicles' capacities.
        let base_dims = if s.dimensions.is_empty() { vec!["parcels".to_string()] } else { s.dimensions.clone() };
        let named = |kind: TableKind| -> Vec<String> {
            let mut names: Vec<String> = Vec::new();
            for table in self.tables.iter().filter(|t| t.kind == kind) {
                for name in table.dimensions().into_iter().flatten() {
                    if !names.iter().any(|n| same_dimension(n, &name)) {
                        names.push(name);
                    }
                }
            }
            names
        };
        let mut dims = if csv_orders { named(TableKind::Orders) } else { Vec::new() };
        if dims.len() > MAX_DIMENSIONS {
            let extra = dims.split_off(MAX_DIMENSIONS);
            self.issues.warning(
                "",
                0,
                "dimensions",
                format!("at most {MAX_DIMENSIONS} demand dimensions: {} ignored", extra.join(", ")),
            );
        }
        if dims.is_empty() {
            dims = if csv_vehicles && (csv_orders || s.orders.is_empty()) {
                let mut names = named(TableKind::Vehicles);
                names.truncate(MAX_DIMENSIONS);
                names
            } else {
                Vec::new()
            };
        }
        if dims.is_empty() {
            dims = base_dims.clone();
        }

        // Orders.
        if csv_orders {
            // Moved, not copied: an orders file may hold many thousands of rows.
            let read = std::mem::take(&mut rows.orders);
            let mut lines = Vec::with_capacity(read.len());
            let mut ids = StopIds {
                orders: read.iter().map(|r| (r.id.clone(), (r.table, r.line))).collect(),
                pickups: HashMap::new(),
            };
            s.orders = read
                .into_iter()
                .filter_map(|r| {
                    let at = (r.table, r.line);
                    let order = self.order(r, &dims, &depot_ids, &mut skills, &mut ids)?;
                    lines.push(at);
                    Some(order)
                })
                .collect();
            self.order_lines = lines;
        } else if dims != base_dims {
            for o in &mut s.orders {
                o.demand = o.demand.take().map(|q| remap(q, &base_dims, &dims));
            }
        }
        if !csv_orders && csv_depots {
            for o in &mut s.orders {
                if let Some(d) = o.depot.take_if(|d| !depot_ids.contains(d)) {
                    self.issues.warning(
                        "",
                        0,
                        "orders",
                        format!("order {}: depot {d:?} is gone; any vehicle may carry it", o.id),
                    );
                }
            }
        }

        // Vehicles.
        if csv_vehicles {
            self.vehicle_addresses(&rows.vehicles, s.depots.first().map(|d| d.id.as_str()));
            let mut profiles = Profiles { specs: std::mem::take(&mut s.profiles) };
            let mut ids: HashMap<String, (usize, usize)> = HashMap::new();
            let mut fleet = 0;
            let mut warned: HashSet<(usize, String)> = HashSet::new();
            s.vehicles = rows
                .vehicles
                .iter()
                .filter_map(|r| {
                    self.vehicle(r, &dims, &depot_ids, &mut skills, &mut profiles, &mut ids, &mut fleet, &mut warned)
                })
                .collect();
            s.profiles = profiles.specs;
        } else {
            for v in &mut s.vehicles {
                if dims != base_dims {
                    v.capacity = v.capacity.take().map(|q| remap(q, &base_dims, &dims));
                }
                for end in [&mut v.start, &mut v.end] {
                    if let Some(d) = end.take_if(|d| !depot_ids.contains(d)) {
                        self.issues.warning(
                            "",
                            0,
                            "vehicles",
                            format!("vehicle {}: depot {d:?} is gone; it uses the first depot", v.id),
                        );
                    }
                }
            }
        }
        s.dimensions = dims;
        if declared {
            s.skills = Some(skills.0);
        }

        if s.vehicles.is_empty() && !s.orders.is_empty() {
            let count = (s.orders.len().div_ceil(ORDERS_PER_VAN) + 1).min(super::tables::MAX_COUNT as usize);
            self.issues.warning(
                "",
                0,
                "vehicles",
                format!("no vehicle: {count} vans were assumed (08:00–18:00, unlimited capacity); add a vehicles CSV"),
            );
            s.vehicles.push(VehicleSpec {
                id: "van".to_string(),
                count: Some(count as u64),
                kind: Some("van".to_string()),
                shift: Some(vec![Some(clock_value(8.0 * 3600.0)), Some(clock_value(18.0 * 3600.0))]),
                ..VehicleSpec::default()
            });
        }
        if s.depots.is_empty() && !s.vehicles.is_empty() {
            self.issues.error("", 0, "depots", "no depot for the vehicles to start from: add a depots CSV");
        }
        if s.orders.is_empty() {
            self.issues.warning("", 0, "orders", "no orders to plan");
        }
    }

    /// Vehicles that give their start or end as coordinates: each position becomes a depot (an
    /// existing one within a metre or so, else a new `depot-N`), and the vehicle's start or end
    /// its id, unless the row names a depot too.
    fn depots_at_vehicle_coordinates(&mut self, s: &mut Scenario, vehicles: &mut [VehicleRow]) {
        /// Degrees within which two positions are one depot (about a metre).
        const SAME_PLACE: f64 = 1e-5;
        let mut made = 0;
        for v in vehicles.iter_mut() {
            for (at, end) in [(v.start_at, &mut v.start), (v.end_at, &mut v.end)] {
                let Some((lat, lon)) = at else { continue };
                if end.is_some() {
                    continue;
                }
                let near = |d: &DepotSpec| {
                    d.place.lat.is_some_and(|la| (la - lat).abs() < SAME_PLACE)
                        && d.place.lon.is_some_and(|lo| (lo - lon).abs() < SAME_PLACE)
                };
                let id = match s.depots.iter().find(|d| near(d)) {
                    Some(d) => d.id.clone(),
                    None => {
                        let id = loop {
                            made += 1;
                            let id = format!("depot-{made}");
                            if !s.depots.iter().any(|d| d.id == id) {
                                break id;
                            }
                        };
                        let place = Place { lat: Some(lat), lon: Some(lon), ..Place::default() };
                        s.depots.push(DepotSpec { id: id.clone(), place, opening: None });
                        id
                    }
                };
                *end = Some(id);
            }
        }
        if made > 0 {
            let file = self.tables.iter().find(|t| t.kind == TableKind::Vehicles).map_or("", |t| t.file.as_str());
            let ids: Vec<&str> = s.depots.iter().rev().take(made).map(|d| d.id.as_str()).collect();
            let listed = if made <= 5 {
                ids.into_iter().rev().collect::<Vec<_>>().join(", ")
            } else {
                format!("depot-1 … depot-{made}")
            };
            let plural = if made == 1 { "" } else { "s" };
            self.issues.warning(
                file,
                0,
                "depots",
                format!("{made} depot{plural} made where the vehicles start or end ({listed})"),
            );
        }
    }

    /// Warns of each order read in this import (from CSV rows, else from the scenario file
    /// `base`: its name and what it calls orders) that lies far from the rest, or whose
    /// shipment's pickup does (named by the pickup's columns). Geographic only.
    fn far_orders(&mut self, s: &Scenario, base: Option<(&str, &str)>) {
        if s.coordinates != CoordinateSystem::Geographic {
            return;
        }
        let from_csv = !self.order_lines.is_empty();
        if !from_csv && base.is_none() {
            return;
        }
        let at = |p: &crate::formats::scenario::Place| (p.lat.unwrap_or(f64::NAN), p.lon.unwrap_or(f64::NAN));
        // The orders' places, then their pickups' (`pickups[k]`: whose pickup place k is).
        let mut places: Vec<(f64, f64)> = s.orders.iter().map(|o| at(&o.place)).collect();
        let pickups: Vec<usize> = (0..s.orders.len()).filter(|&k| s.orders[k].pickup.is_some()).collect();
        places.extend(pickups.iter().filter_map(|&k| s.orders[k].pickup.as_ref()).map(|p| at(&p.place)));
        if places.iter().any(|(lat, lon)| !lat.is_finite() || !lon.is_finite()) {
            return;
        }
        for far in outliers::far_from_the_rest(&places) {
            let (lat, lon) = places[far.index];
            let (order, columns) = match far.index.checked_sub(s.orders.len()) {
                None => (far.index, [Column::Lat, Column::Lon]),
                Some(k) => (pickups[k], [Column::PickupLat, Column::PickupLon]),
            };
            self.order_warning(s, base, order, &columns, far.message(lat, lon));
        }
    }

    /// Warns of each order read in this import that no vehicle could serve even with nothing
    /// else to do (heavier than every vehicle carries, a skill nobody has, a window outside
    /// every shift …), with the reason per kind of vehicle the plan would give. The order is
    /// kept: the plan lists it as unassigned, and a change to the fleet may make it plannable.
    fn unservable(&mut self, s: &Scenario, base: Option<(&str, &str)>) {
        if s.orders.is_empty() || s.vehicles.is_empty() || (self.order_lines.is_empty() && base.is_none()) {
            return;
        }
        let Ok(problem) = s.to_problem("import") else { return };
        // The pickups of shipments follow the orders, which keep their indices.
        if problem.orders.len() != s.orders.len() + s.shipments() {
            return;
        }
        let empty = Solution::empty(&problem);
        let mut groups: Vec<(Vec<Column>, String, Vec<usize>)> = Vec::new();
        for o in (0..s.orders.len()).filter(|&o| reasons::no_vehicle_could(&problem, o)) {
            let table = self.order_lines.get(o).map(|&(t, _)| &self.tables[t]);
            let columns = match reasons::why_left_out(&problem, &empty, o) {
                UnassignedReason::Skill => vec![Column::Skills],
                UnassignedReason::Depot => vec![Column::Depot],
                UnassignedReason::Capacity => {
                    let first = table.and_then(|t| t.dimensions().into_iter().flatten().next());
                    vec![first.map_or(Column::Id, Column::Demand)]
                }
                UnassignedReason::TimeWindow if table.is_some_and(|t| t.has(&Column::Windows)) => vec![Column::Windows],
                UnassignedReason::TimeWindow
                    if table.is_some_and(|t| t.has(&Column::WindowStart) || t.has(&Column::WindowEnd)) =>
                {
                    vec![Column::WindowStart, Column::WindowEnd]
                }
                UnassignedReason::Shift | UnassignedReason::TimeWindow | UnassignedReason::Unreachable => {
                    vec![Column::Lat, Column::Lon]
                }
                _ => vec![Column::Id],
            };
            let why = reasons::explain(&problem, &empty, o, "it");
            let mut chars = why.chars();
            let why: String = chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default();
            match groups.iter_mut().find(|(c, w, _)| *c == columns && *w == why) {
                Some((_, _, orders)) => orders.push(o),
                None => groups.push((columns, why, vec![o])),
            }
        }
        // Many orders for one reason (a skill nobody has …) are said once, not once per row.
        for (columns, why, orders) in groups {
            if orders.len() <= SAID_ONE_BY_ONE {
                for o in orders {
                    let message = format!(
                        "no vehicle can serve this order, even with nothing else to do: {why}; it is kept, and the \
                         plan will list it as unassigned"
                    );
                    self.order_warning(s, base, o, &columns, message);
                }
                continue;
            }
            let named: Vec<String> = orders
                .iter()
                .take(SAID_ONE_BY_ONE)
                .map(|&o| match self.order_lines.get(o) {
                    Some(&(_, line)) => format!("line {line}"),
                    None => format!("{:?}", s.orders[o].id),
                })
                .collect();
            let message = format!(
                "{} orders no vehicle can serve, even with nothing else to do ({} …): {why}; they are kept, and the \
                 plan will list them as unassigned",
                orders.len(),
                named.join(", ")
            );
            self.order_warning(s, base, orders[0], &columns, message);
        }
    }

    /// A warning about order `k` of the scenario: on its CSV line, naming `columns` as the file
    /// writes them, else on the scenario file `base` (name, what it calls orders) by index and id.
    fn order_warning(
        &mut self,
        s: &Scenario,
        base: Option<(&str, &str)>,
        k: usize,
        columns: &[Column],
        message: String,
    ) {
        match (self.order_lines.get(k), base) {
            (Some(&(table, line)), _) => {
                let field = columns.iter().map(|c| self.field(table, c)).collect::<Vec<_>>().join(", ");
                let file = self.tables[table].file.clone();
                self.issues.warning(&file, line, &field, message);
            }
            (None, Some((file, orders))) if self.order_lines.is_empty() => {
                // As each format names its entries in its own messages: VROOM's ids are numbers.
                let id = &s.orders[k].id;
                let field = if orders == "jobs" {
                    format!("{orders}[{k}] (id {id})")
                } else {
                    format!("{orders}[{k}] (id {id:?})")
                };
                self.issues.warning(file, 0, &field, message);
            }
            _ => {}
        }
    }

    /// Vehicle rows that give a start or end address: said once per file, since Lastmile does not
    /// geocode (an address is never read as a depot id); those with no depot or coordinates
    /// either start at the first depot.
    fn vehicle_addresses(&mut self, vehicles: &[VehicleRow], first_depot: Option<&str>) {
        let mut per_table: Vec<(usize, usize, usize)> = Vec::new();
        for r in vehicles.iter().filter(|r| r.start_address) {
            let unplaced = usize::from(r.start.is_none());
            match per_table.iter_mut().find(|(t, _, _)| *t == r.table) {
                Some(entry) => {
                    entry.1 += 1;
                    entry.2 += unplaced;
                }
                None => per_table.push((r.table, 1, unplaced)),
            }
        }
        for (t, count, unplaced) in per_table {
            let table = &self.tables[t];
            let column = if table.has(&Column::StartAddress) { Column::StartAddress } else { Column::EndAddress };
            let (noun, verb) = if count == 1 { ("vehicle", "gives") } else { ("vehicles", "give") };
            let why = "Lastmile does not geocode, because that would send addresses to a server";
            let message = if unplaced == 0 {
                format!("{count} {noun} {verb} an address: not read ({why}); the depots or coordinates given are used")
            } else {
                let first =
                    first_depot.map_or_else(|| "the first depot".to_string(), |d| format!("the first depot ({d})"));
                format!(
                    "{count} {noun} {verb} an address ({unplaced} without a depot or coordinates): {why}; those \
                     start at {first}: add a start depot or start latitude/longitude columns"
                )
            };
            let (file, field) = (table.file.clone(), table.field(&column));
            self.issues.warning(&file, 0, &field, message);
        }
    }

    /// A warning that a row keeps a default (the row is counted as such).
    fn defaulted(&mut self, table: usize, line: usize, column: &Column, message: impl Into<String>) {
        let field = self.field(table, column);
        let file = self.tables[table].file.clone();
        self.issues.defaulted(&file, line, &field, message);
    }

    fn depot(&mut self, r: &DepotRow) -> Option<DepotSpec> {
        let column = if self.tables[r.table].has(&Column::Hours) { Column::Hours } else { Column::Close };
        let opening = match self.window(&r.opening) {
            Ok(w) => w,
            Err(m) => {
                self.defaulted(r.table, r.line, &column, format!("{m}; kept always open"));
                (None, None)
            }
        };
        Some(DepotSpec {
            id: r.id.clone(),
            place: Place { lat: Some(r.lat), lon: Some(r.lon), ..Place::default() },
            opening: (opening != (None, None)).then(|| Self::window_spec(opening)),
        })
    }

    /// A stop's windows as the scenario writes them: those that end before they start (or lie
    /// too far ahead) are left out with a warning on `column`; none left, always open (`what`
    /// says whose windows they are).
    fn windows(
        &mut self,
        (table, line): (usize, usize),
        read: &[WindowRead],
        column: &Column,
        what: &str,
    ) -> Option<Vec<WindowSpec>> {
        let mut windows = Vec::with_capacity(read.len());
        for w in read {
            match self.window(w) {
                Ok(w) => windows.push(Self::window_spec(w)),
                Err(m) => self.defaulted(table, line, column, format!("{m}; this window left out")),
            }
        }
        if !read.is_empty() && windows.is_empty() {
            self.defaulted(table, line, column, format!("no window left: {what} is always open"));
        }
        (!windows.is_empty()).then_some(windows)
    }

    /// A shipment's pickup: its id when it is free (else one is made, with a warning), its
    /// place, service time and windows.
    fn pickup(&mut self, order: &OrderRow, p: PickupRow, ids: &mut StopIds) -> PickupSpec {
        let at = (order.table, order.line);
        let id = p.id.and_then(|id| {
            let also = match (ids.orders.get(&id), ids.pickups.get(&id)) {
                (Some(&taken), _) => format!("an order's id ({})", self.where_is(taken, at)),
                (None, Some(&taken)) => format!("the pickup id of {}", self.where_is(taken, at)),
                (None, None) => {
                    ids.pickups.insert(id.clone(), at);
                    return Some(id);
                }
            };
            let message = format!("the pickup id {id:?} is also {also}; kept with a made id ({}-pickup)", order.id);
            self.defaulted(order.table, order.line, &Column::PickupId, message);
            None
        });
        PickupSpec {
            id,
            place: Place { lat: Some(p.lat), lon: Some(p.lon), ..Place::default() },
            service: p.service.filter(|&s| s > 0.0).map(TimeValue::Number),
            windows: self.windows(at, &p.windows, &p.windows_column, "the pickup"),
            window: None,
        }
    }

    /// `line N` (in the same file as `from`), else `file line N`.
    fn where_is(&self, (table, line): (usize, usize), (from, _): (usize, usize)) -> String {
        if self.tables[table].file == self.tables[from].file {
            format!("line {line}")
        } else {
            format!("{} line {line}", self.tables[table].file)
        }
    }

    fn order(
        &mut self,
        mut r: OrderRow,
        dims: &[String],
        depots: &HashSet<String>,
        skills: &mut SkillNames,
        ids: &mut StopIds,
    ) -> Option<OrderSpec> {
        // Only the place decides whether an order is kept: a window, depot or skill that does
        // not fit is a warning, and the order keeps the default.
        let windows = self.windows((r.table, r.line), &r.windows, &r.windows_column, "the order");
        let pickup = r.pickup.take().map(|p| self.pickup(&r, p, ids));
        if let Some(d) = r.depot.take_if(|d| !depots.contains(d.as_str())) {
            let message = format!("{}; kept for any depot", unknown_depot(&d, depots));
            self.defaulted(r.table, r.line, &Column::Depot, message);
        }
        if let Err(m) = skills.admit(&r.skills) {
            self.defaulted(r.table, r.line, &Column::Skills, format!("{m}; kept without skills"));
            r.skills.clear();
        }
        // Two columns for one dimension (`weight` and `kg`): the leftmost counts.
        let mut given: Vec<Option<f64>> = vec![None; dims.len()];
        for (name, v) in &r.demand {
            if let Some(d) = dims.iter().position(|n| same_dimension(n, name)) {
                given[d].get_or_insert(*v);
            }
        }
        let demand: Vec<Option<f64>> = given.iter().map(|v| Some(v.unwrap_or(0.0))).collect();
        Some(OrderSpec {
            id: r.id,
            place: Place { lat: Some(r.lat), lon: Some(r.lon), ..Place::default() },
            demand: demand.iter().any(|v| *v != Some(0.0)).then_some(Quantity::Each(demand)),
            service: r.service.filter(|&s| s > 0.0).map(TimeValue::Number),
            windows,
            window: None,
            skills: r.skills,
            priority: r.priority.filter(|&p| p != 1),
            optional: r.optional,
            value: r.value,
            depot: r.depot,
            order_type: r.order_type,
            pickup,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn vehicle(
        &mut self,
        r: &VehicleRow,
        dims: &[String],
        depots: &HashSet<String>,
        skills: &mut SkillNames,
        profiles: &mut Profiles,
        ids: &mut HashMap<String, (usize, usize)>,
        fleet: &mut usize,
        warned: &mut HashSet<(usize, String)>,
    ) -> Option<VehicleSpec> {
        // Only a start that names no depot leaves the vehicle without a place to leave from.
        if let Some(d) = r.start.as_ref().filter(|d| !depots.contains(*d)) {
            let message = format!("{}: the vehicle has no start and was left out", unknown_depot(d, depots));
            self.error(r.table, r.line, &Column::StartDepot, message);
            return None;
        }
        let mut end = r.end.clone();
        if let Some(d) = end.take_if(|d| !depots.contains(d.as_str())) {
            let message = format!("{}; kept ending where it starts", unknown_depot(&d, depots));
            self.defaulted(r.table, r.line, &Column::EndDepot, message);
        }
        let shift = match self.window(&r.shift) {
            Ok(w) => w,
            Err(m) => {
                self.defaulted(r.table, r.line, &Column::ShiftEnd, format!("{m}; kept with an open shift"));
                (None, None)
            }
        };
        let rest = match &r.rest {
            None => None,
            Some((duration, window)) => match self.rest(*duration, window, shift) {
                Ok(b) => Some(b),
                Err((column, m)) => {
                    self.defaulted(r.table, r.line, &column, format!("{m}; kept with no break"));
                    None
                }
            },
        };
        let mut vehicle_skills = r.skills.clone();
        if let Err(m) = skills.admit(&vehicle_skills) {
            self.defaulted(r.table, r.line, &Column::Skills, format!("{m}; kept without skills"));
            vehicle_skills.clear();
        }
        let count = r.count.unwrap_or(1) as usize;
        if *fleet + count > MAX_FLEET {
            self.error(r.table, r.line, &Column::Count, format!("more than {MAX_FLEET} vehicles in all"));
            return None;
        }
        let expanded: Vec<String> =
            if count == 1 { vec![r.id.clone()] } else { (1..=count).map(|n| format!("{}-{n}", r.id)).collect() };
        if let Some((id, &(t, line))) = expanded.iter().find_map(|id| ids.get(id).map(|at| (id, at))) {
            let message = format!("vehicle id {id:?} is also given by {} line {line}", self.file(t));
            self.error(r.table, r.line, &Column::Id, message);
            return None;
        }
        for id in expanded {
            ids.insert(id, (r.table, r.line));
        }
        *fleet += count;

        let mut capacity: Vec<Option<f64>> = vec![None; dims.len()];
        for (name, value) in &r.capacity {
            let d = match name {
                None => Some(0),
                Some(name) => dims.iter().position(|n| same_dimension(n, name)),
            };
            match d {
                Some(d) => capacity[d] = *value,
                None => {
                    if let Some(name) = name.as_ref().filter(|n| warned.insert((r.table, n.to_string()))) {
                        let field = self.field(r.table, &Column::Capacity(Some(name.clone())));
                        let file = self.file(r.table).to_string();
                        self.issues.warning(
                            &file,
                            1,
                            &field,
                            format!("no order has a demand in {name:?} (dimensions: {}): ignored", dims.join(", ")),
                        );
                    }
                }
            }
        }
        let mode = match &r.profile {
            Some(p) => Some(p.as_str()),
            None if !self.tables[r.table].has(&Column::Profile) => r.kind.as_deref().filter(|k| mode_of(k).is_some()),
            None => None,
        };
        let profile = match profiles.choose(mode, r.speed_kmh, r.circuity) {
            Ok(p) => p,
            Err(m) => {
                let field = self.field(r.table, &Column::Profile);
                let file = self.file(r.table).to_string();
                self.issues.warning(&file, r.line, &field, m);
                None
            }
        };
        let reload = r.reload.as_ref().map(|reload| {
            let (known, unknown): (Vec<&String>, Vec<&String>) =
                reload.depots.iter().partition(|d| depots.contains(d.as_str()));
            if let Some(d) = unknown.first() {
                let rest = if known.is_empty() { "its end depot" } else { "the other depots" };
                let message = format!("{}; kept reloading at {rest}", unknown_depot(d, depots));
                self.defaulted(r.table, r.line, &Column::ReloadDepots, message);
            }
            ReloadSpec {
                depots: known.into_iter().cloned().collect(),
                duration: reload.duration.filter(|&d| d > 0.0).map(TimeValue::Number),
                max_trips: reload.max_trips,
            }
        });
        let costs = (r.fixed.is_some() || r.per_km.is_some() || r.per_hour.is_some()).then(|| CostSpec {
            fixed: r.fixed,
            per_km: r.per_km,
            per_hour: r.per_hour,
            ..CostSpec::default()
        });
        Some(VehicleSpec {
            id: r.id.clone(),
            count: (count > 1).then_some(count as u64),
            kind: r.kind.clone(),
            profile,
            capacity: capacity.iter().any(Option::is_some).then_some(Quantity::Each(capacity)),
            start: r.start.clone(),
            end,
            shift: (shift != (None, None)).then(|| Self::window_spec(shift)),
            rest,
            max_duration: r.max_duration.map(TimeValue::Number),
            max_distance_km: r.max_distance_km,
            max_distance: None,
            skills: vehicle_skills,
            costs,
            co2_g_per_km: r.co2,
            reload,
        })
    }

    /// A break that fits its shift (the scenario's own rule, so the scenario accepts it).
    fn rest(
        &self,
        duration: f64,
        window: &WindowRead,
        shift: (Option<f64>, Option<f64>),
    ) -> Result<BreakSpec, (Column, String)> {
        let (start, end) = self.window(window).map_err(|m| (Column::BreakEnd, m))?;
        let (shift_start, shift_end) = (shift.0.unwrap_or(0.0), shift.1.unwrap_or(f64::INFINITY));
        let (w_start, w_end) = (start.unwrap_or(0.0), end.unwrap_or(f64::INFINITY));
        let given = window.0.is_some() || window.1.is_some();
        if given && (w_end < shift_start || w_start > shift_end) {
            let shown = |v: f64| if v.is_finite() { show(v) } else { "open".to_string() };
            return Err((
                Column::BreakStart,
                format!(
                    "the break window ({}–{}) lies outside the shift ({}–{})",
                    shown(w_start),
                    shown(w_end),
                    shown(shift_start),
                    shown(shift_end)
                ),
            ));
        }
        if duration > shift_end - shift_start {
            return Err((Column::BreakDuration, "the break is longer than the shift".to_string()));
        }
        Ok(BreakSpec { duration: TimeValue::Number(duration), window: given.then(|| Self::window_spec((start, end))) })
    }
}

fn unknown_depot(id: &str, depots: &HashSet<String>) -> String {
    let mut known: Vec<&str> = depots.iter().map(String::as_str).collect();
    known.sort_unstable();
    let more = if known.len() > 5 { " …" } else { "" };
    known.truncate(5);
    if known.is_empty() {
        format!("no depot has id {id:?} (there are no depots: add a depots CSV)")
    } else {
        format!("no depot has id {id:?} (depots: {}{more})", known.join(", "))
    }
}

/// A quantity over `from` dimensions rewritten over `to`, matched by name (missing: 0 for a
/// demand, unlimited for a capacity, both written as `null`/0 as the scenario reads them).
fn remap(q: Quantity, from: &[String], to: &[String]) -> Quantity {
    let values: Vec<Option<f64>> = match q {
        Quantity::One(v) => vec![Some(v)],
        Quantity::Each(list) => list,
    };
    Quantity::Each(
        to.iter()
            .map(|name| {
                from.iter().position(|f| same_dimension(f, name)).and_then(|k| values.get(k).copied().flatten())
            })
            .collect(),
    )
}

/// The scenario's profiles, with those the vehicle rows ask for added.
struct Profiles {
    specs: Vec<ProfileSpec>,
}

impl Profiles {
    /// The profile for a mode word (or an existing profile's name) at a speed and circuity;
    /// `None`: the first profile. An unknown word is an error message (the first profile is used).
    fn choose(
        &mut self,
        mode: Option<&str>,
        speed: Option<f64>,
        circuity: Option<f64>,
    ) -> Result<Option<String>, String> {
        let named = |name: &str| self.specs.iter().find(|p| p.name.eq_ignore_ascii_case(name));
        let values = |p: &ProfileSpec| (p.speed_kmh.unwrap_or(30.0), p.circuity.unwrap_or(1.3));
        let (name, (default_speed, default_circuity)) = match mode.map(str::trim) {
            Some(m) => match (named(m), mode_of(m)) {
                (Some(p), _) => (p.name.clone(), values(p)),
                (None, Some((name, speed, circuity))) => {
                    (name.to_string(), named(name).map_or((speed, circuity), values))
                }
                (None, None) => {
                    return Err(format!(
                        "unknown profile {m:?}: the first profile is used (car, van, bike, cargo bike, foot, scooter)"
                    ))
                }
            },
            None if speed.is_none() && circuity.is_none() => return Ok(None),
            None => match self.specs.first() {
                Some(p) => (p.name.clone(), values(p)),
                None => ("car".to_string(), (30.0, 1.3)),
            },
        };
        let wanted = (speed.unwrap_or(default_speed), circuity.unwrap_or(default_circuity));
        let variant = if wanted.1 == default_circuity {
            format!("{name}-{}kmh", wanted.0)
        } else {
            format!("{name}-{}kmh-{}", wanted.0, wanted.1)
        };
        for candidate in [name, variant] {
            match self.specs.iter().find(|p| p.name == candidate) {
                Some(p) if values(p) == wanted => return Ok(Some(candidate)),
                Some(_) => continue,
                None => {
                    if self.specs.is_empty() && candidate != "car" {
                        // Vehicles without a profile keep the default car.
                        self.specs.push(ProfileSpec { name: "car".into(), speed_kmh: Some(30.0), circuity: Some(1.3) });
                    }
                    let (speed_kmh, circuity) = (Some(wanted.0), Some(wanted.1));
                    self.specs.push(ProfileSpec { name: candidate.clone(), speed_kmh, circuity });
                    return Ok(Some(candidate));
                }
            }
        }
        Err(format!("no profile fits {} km/h: the first profile is used", wanted.0))
    }
}

fn summary(s: &Scenario, issues: &Issues) -> String {
    let fleet: u64 = s.vehicles.iter().map(|v| v.count.unwrap_or(1)).sum();
    let (errors, warnings) = issues.counts();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut text = format!(
        "{}, {} and {}",
        plural(s.orders.len(), "order"),
        plural(fleet as usize, "vehicle"),
        plural(s.depots.len(), "depot")
    );
    if errors > 0 {
        text.push_str(&format!("; {} (rows skipped or files not read)", plural(errors, "error")));
    }
    if warnings > 0 {
        text.push_str(&format!("; {} (defaults used)", plural(warnings, "warning")));
    }
    let defaulted = issues.defaulted_rows();
    if defaulted > 0 {
        text.push_str(&format!("; {} kept with a default for a field that did not read", plural(defaulted, "row")));
    }
    text
}
