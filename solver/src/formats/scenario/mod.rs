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
//! **Goods both ways.** An order's `type` is `"delivery"` (the default: loaded at the depot),
//! `"pickup"` or `"return"` (the same: collected at the customer, unloaded at the depot the route
//! ends at). An order with a `pickup` object is a **shipment**: its goods are collected at the
//! pickup's own place (`lat`/`lon`, `x`/`y` or `location_index`; `window`/`windows`, `service`,
//! `id`, by default `"<order id>-pickup"`) and delivered at the order's, by one vehicle. In the
//! [`Problem`], orders keep their indices (a shipment's order is its delivery) and the pickups
//! follow them, in order; demand, skills, priority, value and depot apply to both halves.
//!
//! **Locations.** Depots first (in file order), then orders (in file order), then the pickups of
//! shipments (in the order of their orders): the rows and columns of an imported matrix. Or, when
//! every depot, order and pickup gives a `location_index`, the rows of the imported matrices
//! themselves (VROOM's convention: places may share a row, and need no coordinates).
//!
//! **Files.** [`schema`] is the document as written (serde structs); [`time`] reads and writes its
//! clock times and durations; [`checks`] holds the validators the builder shares with the other
//! readers; [`build`] validates a scenario and makes the [`Problem`]; [`export`] writes any
//! problem back as a scenario.

mod build;
pub(crate) mod checks;
mod export;
pub mod schema;
pub(crate) mod time;

use serde::Deserialize;

use super::ParseError;
use crate::problem::Problem;
use crate::units::{Load, HORIZON, SCALE};

pub use schema::{
    BreakSpec, CoordinateSystem, CostSpec, DepotSpec, MatrixSpec, OrderSpec, OrderType, PickupSpec, Place, ProfileSpec,
    Quantity, ReloadSpec, Scenario, TimeValue, VehicleSpec, WindowSpec, DEFAULT_TRIPS, MAX_TRIPS,
};

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
pub(crate) const MAX_PLANAR: f64 = 1e7;
/// The largest `count` of one vehicle entry, and of the whole fleet.
pub(crate) const MAX_COUNT: u64 = 10_000;
pub(crate) const MAX_FLEET: usize = 20_000;
/// The most locations (depots + orders) a problem may have. Travel computed from coordinates
/// grows with the number of locations; imported tables, with its square, have their own limit
/// ([`crate::travel::MAX_TABLE_LOCATIONS`]).
pub const MAX_LOCATIONS: usize = 20_000;
/// The default profile's speed and circuity (road distance ÷ great-circle distance).
const SPEED_KMH: f64 = 30.0;
const CIRCUITY: f64 = 1.3;

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
        build::Builder::new(self, file)?.build()
    }

    /// How many places the travel tables list (without `location_index`): depots, orders, then
    /// the pickups of shipments.
    pub fn location_count(&self) -> usize {
        self.depots.len() + self.orders.len() + self.shipments()
    }

    /// [`Scenario::location_count`] in words: `"2 depots + 4 orders"`, with `" + 1 pickup"` when
    /// there are shipments.
    pub fn locations_said(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let said = format!("{} + {}", plural(self.depots.len(), "depot"), plural(self.orders.len(), "order"));
        match self.shipments() {
            0 => said,
            pickups => format!("{said} + {}", plural(pickups, "pickup")),
        }
    }

    /// The number of shipments (orders with a `pickup`).
    pub fn shipments(&self) -> usize {
        self.orders.iter().filter(|o| o.pickup.is_some()).count()
    }

    /// Writes any problem as a scenario: planar times as numbers, geographic clock times as
    /// `"HH:MM:SS"` and durations as seconds, one entry (count 1) per vehicle. A profile whose
    /// matrix is exactly the great-circle (or Euclidean) estimate is written as speed and
    /// circuity; any other matrix is written out as a table.
    pub fn from_problem(problem: &Problem) -> Scenario {
        export::export(problem)
    }
}
