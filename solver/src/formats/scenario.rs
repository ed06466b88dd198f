//! Lastmile's scenario JSON: the user-facing, versioned document every other format converts
//! into (and any loaded problem can be exported as, with [`Scenario::from_problem`]).
//!
//! ```json
//! {"format": "lastmile-scenario", "version": 1, "name": "Lyon, Tuesday",
//!  "coordinates": "geographic", "dimensions": ["kg", "parcels"],
//!  "profiles": [{"name": "van", "speed_kmh": 30, "circuity": 1.3}],
//!  "depots": [{"id": "D1", "lat": 45.76, "lon": 4.83, "opening": ["07:00", "20:00"]}],
//!  "orders": [{"id": "o1", "lat": 45.75, "lon": 4.85, "demand": [12, 1], "service": "5m",
//!              "windows": [["09:00", "11:00"]]}],
//!  "vehicles": [{"id": "van", "count": 4, "capacity": [800, 60], "shift": ["08:00", "17:00"]}]}
//! ```
//!
//! Unknown fields are ignored so files written by newer versions still load; `format` and
//! `version` are checked (both may be left out, meaning this version).
//!
//! **Times.** Geographic scenarios count seconds: a clock time is a number of seconds since
//! midnight, `"HH:MM"`, `"HH:MM:SS"` (hours may pass 24 for the next day) or an ISO date-time
//! (`"2026-11-24T09:00"`, `"2026-11-24T09:00:00+01:00"`) whose clock time is taken as written, the
//! offset ignored, plus 86,400 s for every day after the earliest date in the file. A duration is a
//! number of seconds, `"HH:MM[:SS]"` or `"1h30m"`, `"30m"`, `"90s"`. Planar scenarios (the benchmark
//! convention: Euclidean x/y, travel time equals distance) take plain numbers only. A window end
//! may be `null` (open).
//!
//! **Locations.** Depots first (in file order), then orders (in file order): the rows and columns
//! of an imported matrix.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::ParseError;
use crate::problem::{
    Break, Coordinates, Costs, Depot, Matrix, Order, Parts, Point, Problem, Profile, Skills, TimeWindow, Vehicle,
    Windows, MAX_DIMENSIONS,
};
use crate::travel::{MAX_TABLE_ENTRY, MAX_TABLE_LOCATIONS};
use crate::units::{from_load, from_ticks, to_load, to_ticks, Cost, Load, Time, HORIZON, SCALE, UNREACHABLE};

/// The `format` value of a scenario file.
pub const FORMAT: &str = "lastmile-scenario";
/// The scenario version this engine reads and writes.
pub const VERSION: u64 = 1;
/// A capacity with no limit (a dimension a vehicle does not count).
pub const UNLIMITED: Load = i64::MAX / 4;

/// The latest time and the longest duration, in input units: the engine's horizon (~8.9 years
/// of seconds).
pub(crate) const MAX_TIME: f64 = HORIZON as f64 / SCALE;
/// The largest travel time or distance an imported table may hold.
pub(crate) const MAX_TABLE: f64 = MAX_TIME;
/// The largest demand or capacity in one dimension.
pub(crate) const MAX_AMOUNT: f64 = 1e9;
/// The largest money amount (fixed cost, order value), in currency units.
pub(crate) const MAX_MONEY: f64 = 1e9;
/// The largest cost rate (per km or per hour).
pub(crate) const MAX_RATE: f64 = 1e6;
/// The largest planar coordinate (absolute value).
const MAX_PLANAR: f64 = 1e7;
/// The largest `count` of one vehicle entry, and of the whole fleet.
const MAX_COUNT: u64 = 10_000;
const MAX_FLEET: usize = 20_000;
/// The most locations (depots + orders) a problem may have. Travel computed from coordinates
/// grows with the number of locations; imported tables, with its square, have their own limit
/// ([`crate::travel::MAX_TABLE_LOCATIONS`]).
pub const MAX_LOCATIONS: usize = 20_000;
const DAY: f64 = 86_400.0;
/// The default profile's speed and circuity (road distance ÷ great-circle distance).
const SPEED_KMH: f64 = 30.0;
const CIRCUITY: f64 = 1.3;

/// A scenario document, as written. [`Scenario::to_problem`] validates and converts it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    #[serde(default = "format_name")]
    pub format: String,
    #[serde(default = "current_version")]
    pub version: u64,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub coordinates: CoordinateSystem,
    /// 1 to 3 capacity dimension names; `["parcels"]` when left out.
    #[serde(default = "default_dimensions")]
    pub dimensions: Vec<String>,
    /// What every money amount is in (`"EUR"`, `"£"`…; at most 8 characters), shown next to
    /// costs; empty when not said.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub currency: String,
    /// Every skill name, when declared; otherwise collected from orders and vehicles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
    /// One profile `car` (30 km/h, circuity 1.3) when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<ProfileSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matrices: Vec<MatrixSpec>,
    #[serde(default)]
    pub depots: Vec<DepotSpec>,
    #[serde(default)]
    pub orders: Vec<OrderSpec>,
    #[serde(default)]
    pub vehicles: Vec<VehicleSpec>,
}

fn format_name() -> String {
    FORMAT.to_string()
}
fn current_version() -> u64 {
    VERSION
}
fn default_dimensions() -> Vec<String> {
    vec!["parcels".to_string()]
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CoordinateSystem {
    /// `lat` / `lon` in degrees; seconds, metres, money per km and per hour.
    #[default]
    Geographic,
    /// `x` / `y`; Euclidean distance, travel time equals distance, cost equals distance.
    Planar,
}

/// A time: a number (seconds, or planar units) or text (`"09:30"`, `"1h30m"`, ISO date-time).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum TimeValue {
    Number(f64),
    Text(String),
}

/// `[start, end]`; `null` for an open end.
pub type WindowSpec = Vec<Option<TimeValue>>;

/// One number, or one per dimension (`null` in a capacity: unlimited).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Quantity {
    One(f64),
    Each(Vec<Option<f64>>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileSpec {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speed_kmh: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circuity: Option<f64>,
}

/// An imported travel table for one profile: seconds and metres (planar: units), `null` for a pair
/// no vehicle of the profile can drive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixSpec {
    pub profile: String,
    pub durations: Vec<Vec<Option<f64>>>,
    /// When left out: great-circle distance × the profile's circuity (planar: Euclidean).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distances: Option<Vec<Vec<Option<f64>>>>,
}

/// Where something is: `lat`/`lon` (geographic) or `x`/`y` (planar).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepotSpec {
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    /// Always open when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opening: Option<WindowSpec>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderSpec {
    pub id: String,
    #[serde(flatten)]
    pub place: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<Quantity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<TimeValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<WindowSpec>>,
    /// A single window (instead of `windows`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// At least 1; 1 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// What serving an optional order is worth (currency); 0 when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The depot it must be loaded at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depot: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VehicleSpec {
    pub id: String,
    /// How many alike vehicles (ids `id-1` … `id-N` when more than one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Missing dimensions (and `null` entries) are unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Quantity>,
    /// A depot id; the first depot when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// A depot id; the start depot when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<WindowSpec>,
    #[serde(rename = "break", default, skip_serializing_if = "Option::is_none")]
    pub rest: Option<BreakSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_duration: Option<TimeValue>,
    /// Geographic range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_distance_km: Option<f64>,
    /// Planar range, in the file's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_distance: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co2_g_per_km: Option<f64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BreakSpec {
    pub duration: TimeValue,
    /// When the break may start; the whole shift when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowSpec>,
}

/// Money per used vehicle, per km and per hour (geographic; defaults 0, 1, 0) or per distance and
/// time unit (planar; defaults 0, 1, 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CostSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_km: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_hour: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_distance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_time: Option<f64>,
}

// Hand-written readers for the values that take several shapes, so a wrong shape is told what
// was expected (serde's untagged enums only say that nothing matched).

impl<'de> Deserialize<'de> for CoordinateSystem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "geographic" => Ok(CoordinateSystem::Geographic),
            "planar" => Ok(CoordinateSystem::Planar),
            other => Err(serde::de::Error::custom(format!("expected \"geographic\" or \"planar\", found {other:?}"))),
        }
    }
}

impl<'de> Deserialize<'de> for TimeValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TimeValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("seconds or a time as text (\"09:30\", \"1h30m\", \"2026-11-24T09:00\")")
            }
            fn visit_f64<E>(self, v: f64) -> Result<TimeValue, E> {
                Ok(TimeValue::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<TimeValue, E> {
                Ok(TimeValue::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<TimeValue, E> {
                Ok(TimeValue::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<TimeValue, E> {
                Ok(TimeValue::Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Quantity;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a list of numbers, one per dimension")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Quantity, E> {
                Ok(Quantity::One(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Quantity, E> {
                Ok(Quantity::One(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Quantity, E> {
                Ok(Quantity::One(v as f64))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Quantity, A::Error> {
                let mut values = Vec::new();
                while let Some(v) = seq.next_element::<Option<f64>>()? {
                    values.push(v);
                }
                Ok(Quantity::Each(values))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Parses a scenario file into a problem. `file` names the source in error messages.
pub fn parse(file: &str, text: &str) -> Result<Problem, ParseError> {
    Scenario::from_json(file, text)?.to_problem(file)
}

impl Scenario {
    /// Reads the document (JSON syntax and types, `format` and `version`); the content is checked
    /// by [`Scenario::to_problem`].
    pub fn from_json(file: &str, text: &str) -> Result<Scenario, ParseError> {
        #[derive(Deserialize)]
        struct Header {
            format: Option<serde_json::Value>,
            version: Option<serde_json::Value>,
        }
        let header: Header = super::from_json(file, text)?;
        if let Some(format) = header.format {
            if format.as_str() != Some(FORMAT) {
                return Err(ParseError::at(file, "format", format!("expected \"{FORMAT}\", found {format}")));
            }
        }
        if let Some(version) = header.version {
            if version.as_u64() != Some(VERSION) {
                return Err(ParseError::at(
                    file,
                    "version",
                    format!("version {version} is not supported: this Lastmile reads version {VERSION}"),
                ));
            }
        }
        super::from_json(file, text)
    }

    /// The document as pretty-printed JSON.
    pub fn to_json_pretty(&self) -> String {
        // Every field is a plain string, number, list or map: serialization cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Validates the scenario and builds the problem. Errors name the field as a JSON path, e.g.
    /// `orders[12] (id "o17").windows[0]`.
    pub fn to_problem(&self, file: &str) -> Result<Problem, ParseError> {
        Builder::new(self, file)?.build()
    }

    /// Writes any problem as a scenario: planar times as numbers, geographic clock times as
    /// `"HH:MM:SS"` and durations as seconds, one entry (count 1) per vehicle. A profile whose
    /// matrix is exactly the great-circle (or Euclidean) estimate is written as speed and
    /// circuity; any other matrix is written out as a table.
    pub fn from_problem(problem: &Problem) -> Scenario {
        export(problem)
    }
}

// ---------------------------------------------------------------------------------------------
// Validation and conversion.

fn located(kind: &str, k: usize, id: &str) -> String {
    format!("{kind}[{k}] (id {id:?})")
}

/// Times in a scenario: seconds (with dates counted from the earliest) or planar units.
struct Clock {
    planar: bool,
    first_day: Option<jiff::civil::Date>,
}

impl Clock {
    /// A point in time, in ticks.
    fn at(&self, value: &TimeValue) -> Result<Time, String> {
        let seconds = match value {
            TimeValue::Number(n) => *n,
            TimeValue::Text(_) if self.planar => return Err(planar_text()),
            TimeValue::Text(text) => self.clock_text(text)?,
        };
        in_range(seconds, MAX_TIME, "a time")
    }

    /// A duration, in ticks.
    fn duration(&self, value: &TimeValue) -> Result<Time, String> {
        let seconds = match value {
            TimeValue::Number(n) => *n,
            TimeValue::Text(_) if self.planar => return Err(planar_text()),
            TimeValue::Text(text) => parse_duration(text).ok_or_else(|| {
                format!(
                    "{text:?} is not a duration: use seconds, \"HH:MM\", \"HH:MM:SS\" or \"1h30m\", \"30m\", \"90s\""
                )
            })?,
        };
        in_range(seconds, MAX_TIME, "a duration")
    }

    fn clock_text(&self, text: &str) -> Result<f64, String> {
        if let Some(seconds) = parse_hms(text) {
            return Ok(seconds);
        }
        let (date, seconds) = parse_date_time(text).ok_or_else(|| {
            format!("{text:?} is not a time: use seconds, \"HH:MM\", \"HH:MM:SS\" or \"2026-11-24T09:00\"")
        })?;
        let days = match self.first_day {
            Some(first) => first.until(date).map_err(|e| e.to_string())?.get_days(),
            None => 0,
        };
        Ok(f64::from(days) * DAY + seconds)
    }

    /// `[start, end]` with open ends for `null`.
    fn window(&self, window: &[Option<TimeValue>]) -> Result<TimeWindow, String> {
        let [start, end] = window else {
            return Err(format!("a window is [start, end], found {} values", window.len()));
        };
        let start = start.as_ref().map(|t| self.at(t)).transpose()?.unwrap_or(0);
        let end = end.as_ref().map(|t| self.at(t)).transpose()?.unwrap_or(HORIZON);
        if end < start {
            return Err(format!("ends ({}) before it starts ({})", show_time(end), show_time(start)));
        }
        Ok(TimeWindow::new(start, end))
    }
}

fn planar_text() -> String {
    "planar scenarios take plain numbers for times and durations".to_string()
}

fn show_time(ticks: Time) -> String {
    if ticks >= HORIZON {
        "open".to_string()
    } else {
        format!("{}", from_ticks(ticks))
    }
}

/// Checks `0 <= value <= max` and converts to ticks.
pub(crate) fn in_range(value: f64, max: f64, what: &str) -> Result<i64, String> {
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{what} must not be negative, found {value}"));
    }
    if value > max {
        return Err(format!("{what} must be at most {max}, found {value}"));
    }
    Ok(to_ticks(value))
}

/// A non-negative, finite number no larger than `max`.
pub(crate) fn non_negative(value: f64, max: f64) -> Result<f64, String> {
    if !value.is_finite() || value < 0.0 {
        Err(format!("must not be negative, found {value}"))
    } else if value > max {
        Err(format!("must be at most {max}, found {value}"))
    } else {
        Ok(value)
    }
}

/// `H:MM`, `HH:MM` or `HH:MM:SS[.fraction]` (hours may pass 24), in seconds.
pub(crate) fn parse_hms(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m] => (*h, *m, "0"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
    if !(digits(hours) && hours.len() <= 6 && digits(minutes) && minutes.len() == 2 && digits(whole))
        || whole.len() > 2
        || !digits(fraction)
    {
        return None;
    }
    let (h, m, s): (f64, f64, f64) = (hours.parse().ok()?, minutes.parse().ok()?, seconds.parse().ok()?);
    (m < 60.0 && s < 60.0).then_some(h * 3600.0 + m * 60.0 + s)
}

/// `"1h30m"`, `"30m"`, `"90s"`, `"1.5h"`, `"HH:MM[:SS]"` or a plain number, in seconds.
pub(crate) fn parse_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.contains(':') {
        return parse_hms(text);
    }
    if let Ok(seconds) = text.parse::<f64>() {
        return Some(seconds);
    }
    let mut total = 0.0;
    let mut rest = text;
    let mut last_unit = 0;
    while !rest.is_empty() {
        let split = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (number, tail) = rest.split_at(split);
        let unit = tail.chars().next()?;
        let (rank, factor) = match unit {
            'h' => (1, 3600.0),
            'm' => (2, 60.0),
            's' => (3, 1.0),
            _ => return None,
        };
        if number.is_empty() || rank <= last_unit {
            return None;
        }
        total += number.parse::<f64>().ok()? * factor;
        last_unit = rank;
        rest = tail[1..].trim_start();
    }
    (last_unit > 0).then_some(total)
}

/// The calendar day `days` after 1970-01-01.
pub(crate) fn unix_day(days: i64) -> Option<jiff::civil::Date> {
    jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// The days from 1970-01-01 to `date`.
pub(crate) fn unix_days(date: jiff::civil::Date) -> Option<i64> {
    jiff::civil::date(1970, 1, 1).until(date).ok().map(|span| i64::from(span.get_days()))
}

/// An ISO date-time: its date and the seconds of its clock time (offset ignored).
pub(crate) fn parse_date_time(text: &str) -> Option<(jiff::civil::Date, f64)> {
    let text = text.trim();
    // Only text that starts like a date: jiff also reads other forms we do not promise.
    let b = text.as_bytes();
    if b.len() < 10 || !(b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-') {
        return None;
    }
    let dt: jiff::civil::DateTime = text.parse().ok()?;
    let seconds = f64::from(dt.hour()) * 3600.0
        + f64::from(dt.minute()) * 60.0
        + f64::from(dt.second())
        + f64::from(dt.subsec_nanosecond()) / 1e9;
    Some((dt.date(), seconds))
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

struct Builder<'a> {
    s: &'a Scenario,
    file: &'a str,
    clock: Clock,
}

impl<'a> Builder<'a> {
    fn new(s: &'a Scenario, file: &'a str) -> Result<Self, ParseError> {
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

    fn build(&self) -> Result<Problem, ParseError> {
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

        // Locations: depots, then orders.
        let mut points = Vec::with_capacity(s.depots.len() + s.orders.len());
        let mut depots = Vec::with_capacity(s.depots.len());
        for (k, d) in s.depots.iter().enumerate() {
            let field = located("depots", k, &d.id);
            points.push(self.place(&d.place, &field)?);
            let opening = match &d.opening {
                Some(w) => self.window(w, format!("{field}.opening"))?,
                None => TimeWindow::ALWAYS,
            };
            depots.push(Depot { id: d.id.clone(), location: k, opening });
        }
        let mut orders = Vec::with_capacity(s.orders.len());
        for (k, o) in s.orders.iter().enumerate() {
            let field = located("orders", k, &o.id);
            points.push(self.place(&o.place, &field)?);
            orders.push(self.order(o, s.depots.len() + k, &field, &names)?);
        }

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

        let profiles = self.travel(&profile_specs, &names, &points)?;
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
        };
        Ok((vehicle, count))
    }

    /// Each profile's matrix: its imported table, or the estimate.
    fn travel(&self, specs: &[ProfileSpec], names: &Names, points: &[Point]) -> Result<Vec<Profile>, ParseError> {
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
            .map(|(spec, table)| {
                let (speed, circuity) = (spec.speed_kmh.unwrap_or(SPEED_KMH), spec.circuity.unwrap_or(CIRCUITY));
                let matrix = match table {
                    None if planar => Matrix::euclidean(points),
                    None => Matrix::great_circle(points, circuity, speed),
                    Some((k, m)) => {
                        let field = format!("matrices[{k}] (profile {:?})", m.profile);
                        let seconds = self.table(&m.durations, n, &format!("{field}.durations"))?;
                        let metres = match &m.distances {
                            Some(rows) => self.table(rows, n, &format!("{field}.distances"))?,
                            None => estimated_distances(points, planar, circuity),
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
    fn table(&self, rows: &[Vec<Option<f64>>], n: usize, field: &str) -> Result<Vec<Option<f64>>, ParseError> {
        let s = self.s;
        let locations =
            || format!("the scenario has {n} locations ({} depots + {} orders)", s.depots.len(), s.orders.len());
        square_table(rows, n, &locations).map_err(|(at, m)| self.err(format!("{field}{at}"), m))
    }
}

/// Checks a table of `n` rows of `n` finite, non-negative values (`None`: unreachable) and
/// flattens it row by row. An error gives the position (`""`, `"[3]"` or `"[3][7]"`) and a
/// message; `expected` says where `n` comes from.
pub(crate) fn square_table(
    rows: &[Vec<Option<f64>>],
    n: usize,
    expected: &dyn Fn() -> String,
) -> Result<Vec<Option<f64>>, (String, String)> {
    if rows.len() > MAX_TABLE_LOCATIONS {
        return Err((String::new(), super::too_large_table(rows.len())));
    }
    if rows.len() != n {
        return Err((String::new(), format!("{} rows, but {}", rows.len(), expected())));
    }
    let mut flat = Vec::with_capacity(n * n);
    for (i, row) in rows.iter().enumerate() {
        if row.len() != n {
            return Err((format!("[{i}]"), format!("{} columns, but {}", row.len(), expected())));
        }
        for (j, v) in row.iter().enumerate() {
            flat.push(match v {
                Some(v) => Some(non_negative(*v, MAX_TABLE_ENTRY).map_err(|m| (format!("[{i}][{j}]"), m))?),
                None => None,
            });
        }
    }
    Ok(flat)
}

/// A break that fits its shift: a window that meets the shift and a duration no longer than it.
/// An error names the part at fault (`window` or `duration`).
pub(crate) fn checked_break(
    duration: Time,
    window: TimeWindow,
    shift: TimeWindow,
) -> Result<Break, (&'static str, String)> {
    if window.end < shift.start || window.start > shift.end {
        let message = format!(
            "the break window ({}..{}) lies outside the shift ({}..{})",
            show_time(window.start),
            show_time(window.end),
            show_time(shift.start),
            show_time(shift.end)
        );
        return Err(("window", message));
    }
    if duration > shift.end - shift.start {
        return Err(("duration", "the break is longer than the shift".to_string()));
    }
    Ok(Break { duration, window })
}

/// Money in currency units to cost ticks.
pub(crate) fn money(value: f64) -> Result<Cost, String> {
    Ok((non_negative(value, MAX_MONEY)? * SCALE).round() as Cost)
}

/// Distances when only durations were imported: great-circle metres × circuity (planar: Euclidean).
pub(crate) fn estimated_distances(points: &[Point], planar: bool, circuity: f64) -> Vec<Option<f64>> {
    let mut out = Vec::with_capacity(points.len() * points.len());
    for a in points {
        for b in points {
            out.push(Some(if planar {
                ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
            } else {
                a.great_circle_m(b) * circuity
            }));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Export.

fn export(problem: &Problem) -> Scenario {
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

/// A clock time as written: planar as a number, geographic as `"HH:MM:SS"` (with the fraction of
/// a second when there is one).
/// A point in time as the scenario writes it: `"HH:MM:SS"` (hours may pass 24), or an ISO
/// date-time counted from `day0` when the problem has a calendar (planar: a number).
fn write_time(t: Time, planar: bool, day0: Option<jiff::civil::Date>) -> TimeValue {
    if planar || t < 0 {
        return TimeValue::Number(from_ticks(t));
    }
    let micros = t % 1_000_000;
    let seconds = t / 1_000_000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let clock = |h: i64| {
        if micros == 0 {
            format!("{h:02}:{m:02}:{s:02}")
        } else {
            format!("{h:02}:{m:02}:{s:02}.{micros:06}")
        }
    };
    let date = day0.and_then(|d| d.checked_add(jiff::Span::new().try_days(seconds / 86_400).ok()?).ok());
    TimeValue::Text(match date {
        Some(date) => format!("{date}T{}", clock(h % 24)),
        None => clock(h),
    })
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

    fn at(s: &str) -> Time {
        Clock { planar: false, first_day: None }.at(&TimeValue::Text(s.to_string())).unwrap()
    }

    #[test]
    fn reads_clock_times_and_durations() {
        assert_eq!(at("09:30"), to_ticks(9.5 * 3600.0));
        assert_eq!(at("25:00:30"), to_ticks(25.0 * 3600.0 + 30.0));
        assert_eq!(at("2026-11-24T09:00"), to_ticks(9.0 * 3600.0));
        assert_eq!(at("2026-11-24T09:00:00+01:00"), to_ticks(9.0 * 3600.0));
        let day = jiff::civil::date(2026, 11, 24);
        let clock = Clock { planar: false, first_day: Some(day) };
        assert_eq!(clock.at(&TimeValue::Text("2026-11-25T01:00".into())), Ok(to_ticks(25.0 * 3600.0)));
        for bad in ["9h", "09:60", "1:2", "2026-13-01T00:00", "-01:00", "tomorrow"] {
            assert!(Clock { planar: false, first_day: None }.at(&TimeValue::Text(bad.into())).is_err(), "{bad}");
        }
        assert_eq!(parse_duration("1h30m"), Some(5400.0));
        assert_eq!(parse_duration("30m"), Some(1800.0));
        assert_eq!(parse_duration("90s"), Some(90.0));
        assert_eq!(parse_duration("1h"), Some(3600.0));
        assert_eq!(parse_duration("00:05"), Some(300.0));
        assert_eq!(parse_duration("1h 15m 10s"), Some(4510.0));
        for bad in ["30x", "m", "30m1h", "1h1h", ""] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
        let planar = Clock { planar: true, first_day: None };
        assert!(planar.duration(&TimeValue::Text("5m".into())).is_err());
        assert!(Clock { planar: false, first_day: None }.at(&TimeValue::Number(-1.0)).is_err());
    }

    #[test]
    fn a_calendar_goes_out_as_dates() {
        let day0 = jiff::civil::date(2020, 9, 18);
        assert_eq!(unix_days(day0), Some(18_523));
        assert_eq!(unix_day(18_523), Some(day0));
        let next_morning = to_ticks(86_400.0 + 8.0 * 3600.0 + 30.0);
        assert_eq!(write_time(next_morning, false, Some(day0)), TimeValue::Text("2020-09-19T08:00:30".into()));
        assert_eq!(write_time(next_morning, false, None), TimeValue::Text("32:00:30".into()));
    }

    #[test]
    fn rates_written_back_read_the_same() {
        for per_km in [0.35, 0.32, 1.0, 0.1234567, 7.0 / 3.0] {
            let rate = per_km / 1000.0;
            assert_eq!(scaled_up(rate, 1000.0) / 1000.0, rate, "{per_km}");
        }
        assert_eq!(write_time(to_ticks(3600.0 * 26.0 + 61.5), false, None), TimeValue::Text("26:01:01.500000".into()));
    }
}
