//! Reading the rows of one CSV table: each cell parsed, duplicate ids refused, the row skipped
//! with an error naming its line and column when any cell is wrong. What depends on the other
//! files (depot references, times that may carry dates, dimensions) is checked in `assemble`.

use std::collections::HashMap;

use super::cells::{self, Stamp};
use super::columns::{Column, Header, TableKind, Unit};
use super::Issues;
use crate::formats::scenario::{OrderType, DEFAULT_TRIPS, MAX_AMOUNT, MAX_MONEY, MAX_RATE, MAX_TRIPS};

/// The largest `count` of one vehicle row.
pub(crate) const MAX_COUNT: u64 = 10_000;

/// One table's headers and what they mean.
pub(crate) struct Table {
    pub file: String,
    pub kind: TableKind,
    headers: Vec<String>,
    /// Each mapped column and the index of its header.
    index: Vec<(Column, usize)>,
    units: Vec<Option<Unit>>,
    /// Whether the first line names the columns (else it is a row).
    header_row: bool,
}

impl Table {
    pub(crate) fn new(
        file: &str,
        kind: TableKind,
        headers: Vec<String>,
        mapping: &[Option<Column>],
        header_row: bool,
    ) -> Table {
        let index = mapping.iter().enumerate().filter_map(|(k, c)| c.clone().map(|c| (c, k))).collect();
        let units = if header_row {
            headers.iter().map(|h| Header::parse(h).unit()).collect()
        } else {
            vec![None; headers.len()]
        };
        Table { file: file.to_string(), kind, headers, index, units, header_row }
    }

    pub(crate) fn has(&self, column: &Column) -> bool {
        self.index.iter().any(|(c, _)| c == column)
    }

    /// The header of a column as written in the file (its name when the file has none).
    pub(crate) fn field(&self, column: &Column) -> String {
        match self.index.iter().find(|(c, _)| c == column) {
            Some(&(_, k)) => self.headers.get(k).cloned().unwrap_or_default(),
            None => format!("{column:?}").to_lowercase(),
        }
    }

    /// The dimension names of the demand (orders) or capacity (vehicles) columns, in file order.
    pub(crate) fn dimensions(&self) -> Vec<Option<String>> {
        let mut out: Vec<(usize, Option<String>)> = self
            .index
            .iter()
            .filter_map(|(c, k)| match c {
                Column::Demand(d) => Some((*k, Some(d.clone()))),
                Column::Capacity(d) => Some((*k, d.clone())),
                _ => None,
            })
            .collect();
        out.sort_by_key(|x| x.0);
        out.into_iter().map(|x| x.1).collect()
    }
}

/// A row's cells by column.
struct Cells<'a> {
    table: &'a Table,
    record: &'a ::csv::StringRecord,
}

/// A cell error: the header and the message.
type CellError = (String, String);

impl<'a> Cells<'a> {
    /// The trimmed, non-empty cell of a column.
    fn get(&self, column: &Column) -> Option<&'a str> {
        let &(_, k) = self.table.index.iter().find(|(c, _)| c == column)?;
        self.record.get(k).map(str::trim).filter(|s| !s.is_empty())
    }

    fn unit(&self, column: &Column) -> Option<Unit> {
        let &(_, k) = self.table.index.iter().find(|(c, _)| c == column)?;
        self.table.units.get(k).copied().flatten()
    }

    fn fail(&self, column: &Column, message: impl Into<String>) -> CellError {
        (self.table.field(column), message.into())
    }

    /// Reads a column's cell with `read`, naming the column on failure; `None` when empty.
    fn read<T>(&self, column: &Column, read: impl Fn(&str) -> Result<T, String>) -> Result<Option<T>, CellError> {
        self.get(column).map(|cell| read(cell).map_err(|m| self.fail(column, m))).transpose()
    }

    fn required<T>(
        &self,
        column: &Column,
        what: &str,
        read: impl Fn(&str) -> Result<T, String>,
    ) -> Result<T, CellError> {
        self.read(column, read)?.ok_or_else(|| self.fail(column, format!("missing {what}")))
    }

    fn clock(&self, column: &Column, earliest: &mut Option<jiff::civil::Date>) -> Result<Option<Stamp>, CellError> {
        let unit = self.unit(column);
        let stamp = self.read(column, |c| cells::clock(c, unit))?;
        note_date(stamp.as_ref(), earliest);
        Ok(stamp)
    }

    fn duration(&self, column: &Column, default: Unit) -> Result<Option<f64>, CellError> {
        let unit = self.unit(column);
        self.read(column, |c| cells::duration(c, unit, default))
    }

    fn place(&self) -> Result<(f64, f64), CellError> {
        let lat = self.required(&Column::Lat, "latitude", |c| cells::degrees(c, 90.0, "latitude"))?;
        let lon = self.required(&Column::Lon, "longitude", |c| cells::degrees(c, 180.0, "longitude"))?;
        Ok((lat, lon))
    }

    fn skills(&self) -> Vec<String> {
        self.get(&Column::Skills).map(cells::skills).unwrap_or_default()
    }

    /// An optional field: a cell that does not read becomes a warning in `defaults` ("…; kept
    /// with `default`") and the row keeps the default.
    fn lenient<T>(
        &self,
        read: Result<Option<T>, CellError>,
        default: &str,
        defaults: &mut Vec<CellError>,
    ) -> Option<T> {
        Self::kept(read, &format!("kept with {default}"), defaults)
    }

    /// [`Cells::lenient`] with the whole end of the message (`kept as a delivery`).
    fn kept<T>(read: Result<Option<T>, CellError>, kept: &str, defaults: &mut Vec<CellError>) -> Option<T> {
        match read {
            Ok(value) => value,
            Err((field, message)) => {
                defaults.push((field, format!("{message}; {kept}")));
                None
            }
        }
    }

    /// Coordinates from two columns when both are given; one missing or unreadable is a
    /// warning (`what` says what is used instead).
    fn position(&self, lat: &Column, lon: &Column, what: &str, defaults: &mut Vec<CellError>) -> Option<(f64, f64)> {
        self.position_or(lat, lon, &format!("kept with {what}"), defaults)
    }

    /// [`Cells::position`] with the whole end of the warning (`kept as a delivery`).
    fn position_or(&self, lat: &Column, lon: &Column, kept: &str, defaults: &mut Vec<CellError>) -> Option<(f64, f64)> {
        if self.get(lat).is_none() && self.get(lon).is_none() {
            return None;
        }
        let read = self
            .required(lat, "latitude", |c| cells::degrees(c, 90.0, "latitude"))
            .and_then(|la| Ok((la, self.required(lon, "longitude", |c| cells::degrees(c, 180.0, "longitude"))?)));
        Self::kept(read.map(Some), kept, defaults)
    }

    /// A stop's windows: several in one cell (`windows`, which wins), else a start and an end
    /// column; and the column they came from. Windows that do not read are warnings, and the
    /// stop is always open.
    fn windows(
        &self,
        [windows, start, end]: [&Column; 3],
        earliest: &mut Option<jiff::civil::Date>,
        defaults: &mut Vec<CellError>,
    ) -> (Vec<WindowRead>, Column) {
        if self.get(windows).is_some() {
            let unit = self.unit(windows);
            let read = self.read(windows, |c| cells::windows(c, unit));
            let list = self.lenient(read, "no time window (always open)", defaults).unwrap_or_default();
            for (start, end) in &list {
                note_date(start.as_ref(), earliest);
                note_date(end.as_ref(), earliest);
            }
            return (list, windows.clone());
        }
        let from = self.lenient(self.clock(start, earliest), "an open start", defaults);
        let to = self.lenient(self.clock(end, earliest), "an open end", defaults);
        let column = if to.is_some() { end.clone() } else { start.clone() };
        (if from.is_some() || to.is_some() { vec![(from, to)] } else { Vec::new() }, column)
    }

    /// Whether the row names an address but gives no coordinates at all.
    fn address_only(&self) -> bool {
        self.get(&Column::Address).is_some() && self.get(&Column::Lat).is_none() && self.get(&Column::Lon).is_none()
    }
}

fn note_date(stamp: Option<&Stamp>, earliest: &mut Option<jiff::civil::Date>) {
    if let Some(date) = stamp.and_then(|s| s.date) {
        if earliest.is_none_or(|e| date < e) {
            *earliest = Some(date);
        }
    }
}

pub(crate) use super::cells::WindowRead;

pub(crate) struct OrderRow {
    pub table: usize,
    pub line: usize,
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    /// Per dimension name.
    pub demand: Vec<(String, f64)>,
    pub service: Option<f64>,
    pub windows: Vec<WindowRead>,
    /// The column the windows came from.
    pub windows_column: Column,
    pub skills: Vec<String>,
    pub priority: Option<u32>,
    pub optional: bool,
    pub value: Option<f64>,
    pub depot: Option<String>,
    /// `None`: a delivery (or a shipment, when `pickup` is given).
    pub order_type: Option<OrderType>,
    /// Where a shipment's goods are collected.
    pub pickup: Option<PickupRow>,
}

/// A shipment's pickup, as its order's row gives it.
pub(crate) struct PickupRow {
    pub id: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub service: Option<f64>,
    pub windows: Vec<WindowRead>,
    /// The column the windows came from.
    pub windows_column: Column,
}

/// A vehicle's reloads between trips, as its row gives them.
pub(crate) struct ReloadRow {
    /// Depot ids as written (checked in `assemble`); none: its end depot.
    pub depots: Vec<String>,
    /// Seconds.
    pub duration: Option<f64>,
    pub max_trips: Option<u64>,
}

pub(crate) struct VehicleRow {
    pub table: usize,
    pub line: usize,
    pub id: String,
    pub kind: Option<String>,
    pub count: Option<u64>,
    pub profile: Option<String>,
    pub speed_kmh: Option<f64>,
    pub circuity: Option<f64>,
    /// Per dimension name (`None`: the first); `None` value: unlimited.
    pub capacity: Vec<(Option<String>, Option<f64>)>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Where the vehicle starts and ends, as coordinates (a depot there is used or made).
    pub start_at: Option<(f64, f64)>,
    pub end_at: Option<(f64, f64)>,
    /// Whether the row gives a start or end address (text: Lastmile does not geocode).
    pub start_address: bool,
    pub shift: WindowRead,
    /// Duration (s) and the window it may start in.
    pub rest: Option<(f64, WindowRead)>,
    pub max_duration: Option<f64>,
    pub max_distance_km: Option<f64>,
    pub skills: Vec<String>,
    pub fixed: Option<f64>,
    pub per_km: Option<f64>,
    pub per_hour: Option<f64>,
    pub co2: Option<f64>,
    pub reload: Option<ReloadRow>,
}

pub(crate) struct DepotRow {
    pub table: usize,
    pub line: usize,
    pub id: String,
    pub lat: f64,
    pub lon: f64,
    pub opening: WindowRead,
}

/// Rows read so far, of every kind, and the ids already taken per kind (id → file and line).
#[derive(Default)]
pub(crate) struct Rows {
    pub orders: Vec<OrderRow>,
    pub vehicles: Vec<VehicleRow>,
    pub depots: Vec<DepotRow>,
    /// The earliest date any time cell gave: day 0.
    pub earliest: Option<jiff::civil::Date>,
    /// Per table, the rows skipped because they give an address but no coordinates (reported
    /// once per file, not per row).
    pub address_only: HashMap<usize, usize>,
    ids: [HashMap<String, (usize, usize)>; 3],
}

impl Rows {
    /// Reads every row of `text` as a table of `table.kind`; bad rows become errors.
    pub(crate) fn read(&mut self, tables: &[Table], t: usize, text: &str, delimiter: u8, issues: &mut Issues) {
        let table = &tables[t];
        let mut reader = super::rows_reader(text, delimiter, table.header_row);
        let mut record = ::csv::StringRecord::new();
        let stem = file_stem(&table.file);
        if table.kind != TableKind::Vehicles && !table.has(&Column::Id) {
            let example = format!("{stem}-{}", if table.header_row { 2 } else { 1 });
            issues.warning(
                &table.file,
                1,
                "id",
                format!("no id column: rows are named after their line ({example} …)"),
            );
        }
        // Rows with more (non-empty) cells than the header has columns, and the first one's line.
        let mut wider: (usize, Option<usize>) = (0, None);
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    issues.error(&table.file, line, "", format!("unreadable CSV: {e}"));
                    if e.position().is_none() {
                        break;
                    }
                    continue;
                }
            }
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.len() > table.headers.len()
                && record.iter().skip(table.headers.len()).any(|c| !c.trim().is_empty())
            {
                wider.0 += 1;
                wider.1.get_or_insert(line);
            }
            let cells = Cells { table, record: &record };
            if table.kind != TableKind::Vehicles && cells.address_only() {
                *self.address_only.entry(t).or_default() += 1;
                continue;
            }
            let k = kind_index(table.kind);
            let id = match cells.get(&Column::Id) {
                Some(id) => id.to_string(),
                // Vehicles without an id are named after their type (then their line).
                None if table.kind == TableKind::Vehicles => match cells.get(&Column::Kind) {
                    Some(kind) if !self.ids[k].contains_key(kind) => kind.to_string(),
                    Some(kind) => format!("{kind}-line{line}"),
                    None => format!("{stem}-{line}"),
                },
                None => {
                    let id = format!("{stem}-{line}");
                    if table.has(&Column::Id) {
                        issues.warning(&table.file, line, &table.field(&Column::Id), format!("no id: named {id}"));
                    }
                    id
                }
            };
            if let Some(&(file, first)) = self.ids[k].get(&id) {
                let at = if tables[file].file == table.file {
                    format!("line {first}")
                } else {
                    format!("{} line {first}", tables[file].file)
                };
                issues.error(&table.file, line, &table.field(&Column::Id), format!("duplicate id {id:?} (also {at})"));
                continue;
            }
            let mut earliest = self.earliest;
            let mut defaults = Vec::new();
            let read = match table.kind {
                TableKind::Orders => {
                    order(&cells, t, line, &id, &mut earliest, &mut defaults).map(|r| self.orders.push(r))
                }
                TableKind::Vehicles => {
                    vehicle(&cells, t, line, &id, &mut earliest, &mut defaults).map(|r| self.vehicles.push(r))
                }
                TableKind::Depots => {
                    depot(&cells, t, line, &id, &mut earliest, &mut defaults).map(|r| self.depots.push(r))
                }
            };
            match read {
                Ok(()) => {
                    self.earliest = earliest;
                    self.ids[k].insert(id, (t, line));
                    for (field, message) in defaults {
                        issues.defaulted(&table.file, line, &field, message);
                    }
                }
                Err((field, message)) => issues.error(&table.file, line, &field, message),
            }
        }
        if let (rows, Some(first)) = wider {
            let (noun, verb) = if rows == 1 { ("row", "has") } else { ("rows", "have") };
            let delimiter = char::from(delimiter);
            let delimiter = if delimiter == '\t' { "tab".to_string() } else { format!("{delimiter:?}") };
            issues.warning(
                &table.file,
                first,
                "",
                format!(
                    "{rows} {noun} {verb} more cells than the header has columns (the first on this line): a \
                     decimal comma or a {delimiter} inside a cell that is not quoted? Cells are read by position, so \
                     check the values; the cells beyond the last column are not read. Quote such cells, or save the \
                     file with another delimiter"
                ),
            );
        }
    }
}

fn kind_index(kind: TableKind) -> usize {
    match kind {
        TableKind::Orders => 0,
        TableKind::Vehicles => 1,
        TableKind::Depots => 2,
    }
}

/// `data/lyon-orders.csv` → `lyon-orders`.
pub(crate) fn file_stem(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    name.split('.').next().filter(|s| !s.is_empty()).unwrap_or("row").to_string()
}

/// An order row: only its place is required (a row without one is skipped); every other field
/// that does not read is a warning in `defaults`, and the order keeps that field's default.
fn order(
    cells: &Cells,
    table: usize,
    line: usize,
    id: &str,
    earliest: &mut Option<jiff::civil::Date>,
    defaults: &mut Vec<CellError>,
) -> Result<OrderRow, CellError> {
    let (lat, lon) = cells.place()?;
    let mut demand = Vec::new();
    for (column, _) in &cells.table.index {
        if let Column::Demand(name) = column {
            let read = cells.read(column, |c| cells::number_in(c, 0.0, MAX_AMOUNT));
            if let Some(v) = cells.lenient(read, &format!("no demand in {name}"), defaults) {
                demand.push((name.clone(), v));
            }
        }
    }
    let service = cells.lenient(cells.duration(&Column::Service, Unit::Minutes), "no service time", defaults);
    let (windows, windows_column) =
        cells.windows([&Column::Windows, &Column::WindowStart, &Column::WindowEnd], earliest, defaults);
    let priority = cells.lenient(cells.read(&Column::Priority, cells::priority), "priority 1 (low)", defaults);
    let optional = cells.lenient(cells.read(&Column::Optional, cells::yes_no), "mandatory", defaults);
    let value = cells.read(&Column::Value, |c| cells::number_in(c, 0.0, MAX_MONEY));
    let value = cells.lenient(value, "no value", defaults);
    let order_type = Cells::kept(cells.read(&Column::OrderType, cells::order_type), "kept as a delivery", defaults)
        .filter(|&t| t != OrderType::Delivery);
    let pickup = pickup(cells, order_type, earliest, defaults);
    if let (Some(kind), Some(_)) = (order_type, &pickup) {
        let said = cells.get(&Column::OrderType).unwrap_or_default();
        let kind = if kind == OrderType::Pickup { "pickup" } else { "return" };
        let message = format!(
            "{said:?} with pickup coordinates: an order with a pickup place is a shipment (collected there, \
             delivered here), not a {kind}; kept as a shipment"
        );
        defaults.push(cells.fail(&Column::OrderType, message));
    }
    Ok(OrderRow {
        table,
        line,
        id: id.to_string(),
        lat,
        lon,
        demand,
        service,
        windows,
        windows_column,
        skills: cells.skills(),
        priority,
        optional: optional.unwrap_or(false),
        value,
        depot: cells.get(&Column::Depot).map(str::to_string),
        order_type: order_type.filter(|_| pickup.is_none()),
        pickup,
    })
}

/// A shipment's pickup: its place (both coordinates; one missing or unreadable is a warning, and
/// the order is kept without a pickup, as its `order_type`), its id, service time and windows.
/// Pickup cells without a pickup place are a warning and are not used.
fn pickup(
    cells: &Cells,
    order_type: Option<OrderType>,
    earliest: &mut Option<jiff::civil::Date>,
    defaults: &mut Vec<CellError>,
) -> Option<PickupRow> {
    let as_what = match order_type {
        None | Some(OrderType::Delivery) => "a delivery",
        Some(OrderType::Pickup) => "a pickup",
        Some(OrderType::Return) => "a return",
    };
    let kept = format!("kept as {as_what}, without a pickup place");
    let given = cells.get(&Column::PickupLat).is_some() || cells.get(&Column::PickupLon).is_some();
    let Some((lat, lon)) = cells.position_or(&Column::PickupLat, &Column::PickupLon, &kept, defaults) else {
        let others = [
            Column::PickupId,
            Column::PickupService,
            Column::PickupWindows,
            Column::PickupWindowStart,
            Column::PickupWindowEnd,
        ];
        if let Some(column) = others.iter().find(|c| cells.get(c).is_some()).filter(|_| !given) {
            let message = "given without pickup coordinates (pickup latitude and longitude): not used";
            defaults.push(cells.fail(column, format!("{message}; {kept}")));
        }
        return None;
    };
    let service = cells.lenient(cells.duration(&Column::PickupService, Unit::Minutes), "no service time", defaults);
    let (windows, windows_column) = cells.windows(
        [&Column::PickupWindows, &Column::PickupWindowStart, &Column::PickupWindowEnd],
        earliest,
        defaults,
    );
    Some(PickupRow { id: cells.get(&Column::PickupId).map(str::to_string), lat, lon, service, windows, windows_column })
}

/// A vehicle row: nothing in it is required (a vehicle without a start depot starts at the
/// first one). Every field that does not read is a warning in `defaults`, and the vehicle keeps
/// that field's default; what leaves a vehicle without a usable start is decided in `assemble`.
fn vehicle(
    cells: &Cells,
    table: usize,
    line: usize,
    id: &str,
    earliest: &mut Option<jiff::civil::Date>,
    defaults: &mut Vec<CellError>,
) -> Result<VehicleRow, CellError> {
    let mut capacity = Vec::new();
    for (column, _) in &cells.table.index {
        if let Column::Capacity(name) = column {
            let value = cells.read(column, |c| {
                if matches!(c.to_lowercase().as_str(), "unlimited" | "inf" | "infinite" | "none" | "-") {
                    Ok(None)
                } else {
                    cells::number_in(c, 0.0, MAX_AMOUNT).map(Some)
                }
            });
            let what = match name {
                Some(name) => format!("an unlimited capacity in {name}"),
                None => "an unlimited capacity".to_string(),
            };
            if let Some(value) = cells.lenient(value, &what, defaults) {
                capacity.push((name.clone(), value));
            }
        }
    }
    let mut clock = |column: &Column, what: &str, defaults: &mut Vec<CellError>| {
        let read = cells.clock(column, earliest);
        cells.lenient(read, what, defaults)
    };
    let shift =
        (clock(&Column::ShiftStart, "an open start", defaults), clock(&Column::ShiftEnd, "an open end", defaults));
    let break_window =
        (clock(&Column::BreakStart, "no break", defaults), clock(&Column::BreakEnd, "no break", defaults));
    let rest = match cells.lenient(cells.duration(&Column::BreakDuration, Unit::Minutes), "no break", defaults) {
        Some(d) if d > 0.0 => Some((d, break_window)),
        Some(_) => None,
        None if break_window.0.is_some() || break_window.1.is_some() => match break_window {
            // A break from 12:00 to 12:30 with no duration: that long, at that time.
            (Some(start), Some(end)) if start.date == end.date && end.seconds > start.seconds => {
                Some((end.seconds - start.seconds, (Some(start), Some(start))))
            }
            _ => {
                defaults.push(cells.fail(
                    &Column::BreakStart,
                    "a break window needs a break_duration (or both break_start and break_end); kept with no break",
                ));
                None
            }
        },
        None => None,
    };
    let rate = |column: &Column, defaults: &mut Vec<CellError>| {
        let read = cells.read(column, |c| cells::number_in(c, 0.0, MAX_RATE));
        cells.lenient(read, "the default rate", defaults)
    };
    let max_distance_km = {
        let unit = cells.unit(&Column::MaxDistanceKm);
        let km = cells.read(&Column::MaxDistanceKm, |c| {
            let km = cells::kilometres(c, unit)?;
            if km > crate::formats::scenario::MAX_TABLE / 1000.0 {
                return Err(format!("{km} km is too far"));
            }
            Ok(km)
        });
        cells.lenient(km, "no range limit", defaults)
    };
    Ok(VehicleRow {
        table,
        line,
        id: id.to_string(),
        kind: cells.get(&Column::Kind).map(str::to_string),
        count: cells.lenient(cells.read(&Column::Count, |c| cells::whole(c, 1, MAX_COUNT)), "one vehicle", defaults),
        profile: cells.get(&Column::Profile).map(str::to_string),
        speed_kmh: cells.lenient(
            cells.read(&Column::SpeedKmh, |c| cells::number_in(c, 1.0, 500.0)),
            "the profile's speed",
            defaults,
        ),
        circuity: cells.lenient(
            cells.read(&Column::Circuity, |c| cells::number_in(c, 1.0, 5.0)),
            "the profile's circuity",
            defaults,
        ),
        capacity,
        start: cells.get(&Column::StartDepot).map(str::to_string),
        end: cells.get(&Column::EndDepot).map(str::to_string),
        start_at: cells.position(&Column::StartLat, &Column::StartLon, "the first depot", defaults),
        end_at: cells.position(&Column::EndLat, &Column::EndLon, "its start as its end", defaults),
        start_address: cells.get(&Column::StartAddress).is_some() || cells.get(&Column::EndAddress).is_some(),
        shift,
        rest,
        max_duration: cells.lenient(cells.duration(&Column::MaxDuration, Unit::Hours), "no maximum duration", defaults),
        max_distance_km,
        skills: cells.skills(),
        fixed: cells.lenient(
            cells.read(&Column::FixedCost, |c| cells::number_in(c, 0.0, MAX_MONEY)),
            "no fixed cost",
            defaults,
        ),
        per_km: rate(&Column::CostPerKm, defaults),
        per_hour: rate(&Column::CostPerHour, defaults),
        co2: cells.lenient(cells.read(&Column::Co2, |c| cells::number_in(c, 0.0, 1e9)), "no CO2 figure", defaults),
        reload: reload(cells, defaults),
    })
}

/// A vehicle's reloads, when any reload cell is filled: its depots (separated as skills are),
/// its duration (minutes unless the header names a unit; `yes` / `no` say whether it reloads at
/// all) and its most trips (1: one trip, no reload). A value that does not read is a warning,
/// and the reload keeps that default.
fn reload(cells: &Cells, defaults: &mut Vec<CellError>) -> Option<ReloadRow> {
    let columns = [Column::ReloadDepots, Column::ReloadDuration, Column::MaxTrips];
    if columns.iter().all(|c| cells.get(c).is_none()) {
        return None;
    }
    let unit = cells.unit(&Column::ReloadDuration);
    // `Some(None)`: `no`.
    let duration = cells.read(&Column::ReloadDuration, |c| match cells::yes_no(c) {
        Ok(says) if cells::number(c).is_err() => Ok(says.then_some(0.0)),
        _ => cells::duration(c, unit, Unit::Minutes).map(Some),
    });
    let duration = cells.lenient(duration, "no reload time", defaults);
    let default_trips = format!("{DEFAULT_TRIPS} trips");
    let max_trips = cells.read(&Column::MaxTrips, |c| cells::whole(c, 1, MAX_TRIPS));
    let max_trips = cells.lenient(max_trips, &default_trips, defaults);
    let others = |given: &Column| columns.iter().filter(|c| *c != given).find(|c| cells.get(c).is_some());
    let single = match (duration, max_trips) {
        (Some(None), _) => Some(&Column::ReloadDuration),
        (_, Some(1)) => Some(&Column::MaxTrips),
        _ => None,
    };
    if let Some(column) = single {
        if let Some(other) = others(column) {
            let message = format!(
                "{:?} says the vehicle makes one trip: its {} is not used",
                cells.get(column).unwrap_or_default(),
                cells.table.field(other)
            );
            defaults.push(cells.fail(column, message));
        }
        return None;
    }
    Some(ReloadRow {
        depots: cells.get(&Column::ReloadDepots).map(cells::skills).unwrap_or_default(),
        duration: duration.flatten(),
        max_trips,
    })
}

/// A depot row: only its place is required; opening hours that do not read are a warning, and
/// the depot is always open.
fn depot(
    cells: &Cells,
    table: usize,
    line: usize,
    id: &str,
    earliest: &mut Option<jiff::civil::Date>,
    defaults: &mut Vec<CellError>,
) -> Result<DepotRow, CellError> {
    let (lat, lon) = cells.place()?;
    let opening = match cells.get(&Column::Hours) {
        Some(_) => {
            let unit = cells.unit(&Column::Hours);
            let read = cells.read(&Column::Hours, |c| cells::window(c, unit));
            match cells.lenient(read, "always open", defaults) {
                Some(w) => {
                    note_date(w.0.as_ref(), earliest);
                    note_date(w.1.as_ref(), earliest);
                    w
                }
                None => (None, None),
            }
        }
        None => {
            let open = cells.lenient(cells.clock(&Column::Open, earliest), "always open", defaults);
            let close = cells.lenient(cells.clock(&Column::Close, earliest), "always open", defaults);
            (open, close)
        }
    };
    Ok(DepotRow { table, line, id: id.to_string(), lat, lon, opening })
}

#[cfg(test)]
mod tests {
    use super::super::{import, Issue, Severity};
    use crate::formats::scenario::{OrderType, Scenario, TimeValue};
    use crate::problem::Task;

    fn read(list: &[(&str, &str)]) -> (Scenario, Vec<Issue>) {
        let files: Vec<(String, String)> = list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let imported = import(&files, &[], None);
        (imported.scenario, imported.issues)
    }

    /// The warning on a line and column, or a panic listing what there is.
    fn warning<'a>(issues: &'a [Issue], line: usize, field: &str) -> &'a str {
        let found = issues.iter().find(|i| i.line == line && i.field == field && i.severity == Severity::Warning);
        &found.unwrap_or_else(|| panic!("no warning on line {line}, {field}: {issues:#?}")).message
    }

    const DEPOTS: &str = "id,lat,lon\nD1,45.76,4.83\nD2,45.70,4.90\n";

    #[test]
    fn order_types_in_any_language_and_shipments_read_from_their_columns() {
        let orders =
            "id;lat;lon;kg;Type;Pickup Lat;Pickup Lon;Pickup ID;pickup_service_minutes;Pickup From;Pickup To\n\
                      a;45.75;4.85;2;Lieferung;;;;;;\n\
                      b;45.751;4.851;1;Retoure;;;;;;\n\
                      c;45.752;4.852;1;Enlèvement;;;;;;\n\
                      d;45.753;4.853;3;COLLECT;;;;;;\n\
                      s;45.754;4.854;4;;45,70;4,80;P-s;5;08:00;09:30\n\
                      t;45.755;4.855;1;drop-off;45.71;4.81;;;;\n";
        let (s, issues) = read(&[("orders.csv", orders), ("depots.csv", DEPOTS)]);
        assert!(issues.iter().all(|i| i.severity != Severity::Error), "{issues:#?}");
        assert!(issues.iter().all(|i| i.line == 0), "no row-level issue: {issues:#?}");
        let types: Vec<Option<OrderType>> = s.orders.iter().map(|o| o.order_type).collect();
        use OrderType::{Pickup, Return};
        assert_eq!(types, [None, Some(Return), Some(Pickup), Some(Pickup), None, None]);
        let pickup = s.orders[4].pickup.as_ref().expect("s is a shipment");
        assert_eq!((pickup.place.lat, pickup.place.lon), (Some(45.70), Some(4.80)));
        assert_eq!(pickup.id.as_deref(), Some("P-s"));
        assert_eq!(pickup.service, Some(TimeValue::Number(300.0)));
        let window = &pickup.windows.as_ref().expect("a pickup window")[0];
        assert_eq!(window, &[Some(TimeValue::Text("08:00:00".into())), Some(TimeValue::Text("09:30:00".into()))]);
        assert!(s.orders[5].pickup.is_some(), "a delivery with pickup coordinates is a shipment");
        assert!(s.orders[..4].iter().all(|o| o.pickup.is_none()));

        let problem = s.to_problem("orders.csv").unwrap();
        let tasks: Vec<Task> = problem.orders.iter().map(|o| o.task).collect();
        assert_eq!(
            tasks,
            [
                Task::Delivery,
                Task::Pickup,
                Task::Pickup,
                Task::Pickup,
                Task::ShipmentDelivery { pickup: 6 },
                Task::ShipmentDelivery { pickup: 7 },
                Task::ShipmentPickup { delivery: 4 },
                Task::ShipmentPickup { delivery: 5 },
            ]
        );
        assert_eq!(problem.orders[6].id, "P-s");
        assert_eq!(problem.orders[7].id, "t-pickup");
    }

    #[test]
    fn a_bad_type_or_half_a_pickup_place_is_a_warning_and_the_row_is_kept() {
        let orders = "id,lat,lon,type,pickup_lat,pickup_lon,pickup_window\n\
                      a,45.75,4.85,express,,,\n\
                      b,45.751,4.851,,45.70,,\n\
                      c,45.752,4.852,return,north,4.80,\n\
                      d,45.753,4.853,,,,08:00-09:00\n\
                      e,45.754,4.854,Retoure,45.70,4.80,08:00-09:00\n\
                      f,45.755,4.855,,45.70,4.80,morning\n";
        let (s, issues) = read(&[("orders.csv", orders)]);
        assert!(issues.iter().all(|i| i.severity != Severity::Error), "{issues:#?}");
        assert_eq!(s.orders.len(), 6, "every row is kept");
        assert_eq!(
            warning(&issues, 2, "type"),
            "\"express\" is not an order type: use delivery, pickup or return; kept as a delivery"
        );
        assert_eq!(s.orders[0].order_type, None);
        assert_eq!(warning(&issues, 3, "pickup_lon"), "missing longitude; kept as a delivery, without a pickup place");
        assert_eq!(
            warning(&issues, 4, "pickup_lat"),
            "\"north\" is not a number; kept as a return, without a pickup place"
        );
        assert_eq!(s.orders[2].order_type, Some(OrderType::Return));
        assert!(warning(&issues, 5, "pickup_window").starts_with("given without pickup coordinates"));
        assert!(s.orders[..4].iter().all(|o| o.pickup.is_none()));
        // A return with a pickup place: a shipment, said so.
        let said = warning(&issues, 6, "type");
        assert!(said.starts_with("\"Retoure\" with pickup coordinates"), "{said}");
        assert!(said.ends_with("not a return; kept as a shipment"), "{said}");
        assert_eq!(s.orders[4].order_type, None);
        assert!(s.orders[4].pickup.is_some());
        // A pickup window that does not read: the pickup is always open.
        assert!(warning(&issues, 7, "pickup_window").ends_with("kept with no time window (always open)"));
        assert_eq!(s.orders[5].pickup.as_ref().map(|p| p.windows.is_none()), Some(true));
        s.to_problem("orders.csv").unwrap();
    }

    #[test]
    fn reload_columns_give_a_vehicle_trips_and_bad_values_keep_the_defaults() {
        let vehicles = "id,start_depot,reload_depots,reload_minutes,max_trips\n\
                        v1,D1,D1|D2,15,3\n\
                        v2,D1,,,4\n\
                        v3,D1,D2,,lots\n\
                        v4,D1,D9 D2,a while,\n\
                        v5,D1,,,1\n\
                        v6,D1,,yes,\n\
                        v7,D1,,no,\n\
                        v8,D1,D2,,1\n\
                        v9,D1,,,\n";
        let orders = "id,lat,lon\no,45.75,4.85\n";
        let (s, issues) = read(&[("orders.csv", orders), ("vehicles.csv", vehicles), ("depots.csv", DEPOTS)]);
        assert!(issues.iter().all(|i| i.severity != Severity::Error), "{issues:#?}");
        let reload = |k: usize| s.vehicles[k].reload.as_ref();
        let r = reload(0).expect("v1 reloads");
        assert_eq!(
            (r.depots.clone(), r.duration.clone(), r.max_trips),
            (vec!["D1".into(), "D2".into()], Some(TimeValue::Number(900.0)), Some(3))
        );
        let r = reload(1).expect("max_trips alone is a reload");
        assert_eq!((r.depots.is_empty(), r.duration.is_none(), r.max_trips), (true, true, Some(4)));
        assert_eq!(warning(&issues, 4, "max_trips"), "\"lots\" is not a number; kept with 6 trips");
        assert_eq!(reload(2).map(|r| r.max_trips), Some(None));
        assert!(warning(&issues, 5, "reload_minutes").ends_with("; kept with no reload time"));
        assert_eq!(
            warning(&issues, 5, "reload_depots"),
            "no depot has id \"D9\" (depots: D1, D2); kept reloading at the other depots"
        );
        assert_eq!(reload(3).map(|r| r.depots.clone()), Some(vec!["D2".to_string()]));
        assert!(reload(4).is_none(), "one trip: no reload");
        assert_eq!(reload(5).map(|r| r.duration.is_none()), Some(true), "yes: reloads, no time given");
        assert!(reload(6).is_none(), "no: no reload");
        assert!(reload(7).is_none());
        assert_eq!(
            warning(&issues, 9, "max_trips"),
            "\"1\" says the vehicle makes one trip: its reload_depots is not used"
        );
        assert!(reload(8).is_none());

        let problem = s.to_problem("vehicles.csv").unwrap();
        let reloads = problem.vehicles[0].reloads.as_ref().unwrap();
        assert_eq!((reloads.depots.clone(), reloads.max_trips), (vec![0, 1], 3));
        let reloads = problem.vehicles[1].reloads.as_ref().unwrap();
        assert_eq!((reloads.depots.clone(), reloads.duration, reloads.max_trips), (vec![0], 0, 4), "its end depot");
    }

    #[test]
    fn a_pickup_id_that_is_taken_is_made_anew() {
        let orders = "id,lat,lon,pickup_id,pickup_lat,pickup_lon\n\
                      a,45.75,4.85,b,45.70,4.80\n\
                      b,45.751,4.851,P,45.71,4.81\n\
                      c,45.752,4.852,P,45.72,4.82\n";
        let (s, issues) = read(&[("orders.csv", orders)]);
        assert_eq!(
            warning(&issues, 2, "pickup_id"),
            "the pickup id \"b\" is also an order's id (line 3); kept with a made id (a-pickup)"
        );
        assert_eq!(
            warning(&issues, 4, "pickup_id"),
            "the pickup id \"P\" is also the pickup id of line 3; kept with a made id (c-pickup)"
        );
        let ids: Vec<Option<&str>> = s.orders.iter().map(|o| o.pickup.as_ref().and_then(|p| p.id.as_deref())).collect();
        assert_eq!(ids, [None, Some("P"), None]);
        let problem = s.to_problem("orders.csv").unwrap();
        let pickups: Vec<&str> = problem.orders[3..].iter().map(|o| o.id.as_str()).collect();
        assert_eq!(pickups, ["a-pickup", "P", "c-pickup"]);
    }
}
