//! The scenario document as written: serde structs, with hand-written readers for the values
//! that take several shapes. Nothing here checks content; [`super::build`] does.

use serde::{Deserialize, Serialize};

use super::{FORMAT, VERSION};

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

/// An empty document of this version: no depots, orders or vehicles, one dimension `parcels`.
impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            format: format_name(),
            version: VERSION,
            name: String::new(),
            coordinates: CoordinateSystem::Geographic,
            dimensions: default_dimensions(),
            currency: String::new(),
            skills: None,
            profiles: Vec::new(),
            matrices: Vec::new(),
            depots: Vec::new(),
            orders: Vec::new(),
            vehicles: Vec::new(),
        }
    }
}

pub(super) fn format_name() -> String {
    FORMAT.to_string()
}
pub(super) fn current_version() -> u64 {
    VERSION
}
pub(super) fn default_dimensions() -> Vec<String> {
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

/// Where something is: `lat`/`lon` (geographic) or `x`/`y` (planar); or, when travel comes from
/// imported tables only, `location_index`: the row and column of the `matrices` it is (VROOM's
/// convention). An index is given on every depot, order and pickup or on none; places may then share a
/// row and leave their coordinates out (distances are then needed in every table).
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_index: Option<usize>,
}

impl Place {
    /// True when coordinates are given (either system).
    pub fn has_coordinates(&self) -> bool {
        self.lat.is_some() || self.lon.is_some() || self.x.is_some() || self.y.is_some()
    }
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

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// Which way the goods go: delivered here from the depot (the default), or collected here
    /// and brought to the depot.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub order_type: Option<OrderType>,
    /// Makes the order a shipment: the goods are collected there, by the vehicle that delivers
    /// them here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup: Option<PickupSpec>,
}

/// An order's `type`, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrderType {
    /// Loaded at the depot, handed over at the order.
    Delivery,
    /// Collected at the order, unloaded at the depot the route ends at.
    Pickup,
    /// A customer's return: the same as `pickup`.
    Return,
}

/// Where a shipment's goods are collected: a place of its own with its own windows and service
/// time; demand, skills, priority, value and depot are the shipment's (its order's).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PickupSpec {
    /// `"<order id>-pickup"` when left out (numbered on if that is taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(flatten)]
    pub place: Place,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<TimeValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<WindowSpec>>,
    /// A single window (instead of `windows`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowSpec>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// Several trips a day: going back to a depot between them to unload and reload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reload: Option<ReloadSpec>,
}

/// Where and how a vehicle reloads between trips.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReloadSpec {
    /// Depot ids it may reload at; its end depot when left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depots: Vec<String>,
    /// How long unloading and loading take; no time when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<TimeValue>,
    /// The most trips in a shift, 2 to [`MAX_TRIPS`]; [`DEFAULT_TRIPS`] when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_trips: Option<u64>,
}

/// The most trips a vehicle may be allowed, and how many when a reload does not say.
pub const MAX_TRIPS: u64 = 50;
pub const DEFAULT_TRIPS: u64 = 6;

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

impl<'de> Deserialize<'de> for OrderType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match String::deserialize(d)?.as_str() {
            "delivery" => Ok(OrderType::Delivery),
            "pickup" => Ok(OrderType::Pickup),
            "return" => Ok(OrderType::Return),
            other => Err(serde::de::Error::custom(format!(
                "expected \"delivery\", \"pickup\" or \"return\", found {other:?}"
            ))),
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
