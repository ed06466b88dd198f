//! A scenario written back as the three CSV tables [`super::import`] reads: what a planner's own
//! files should look like, and a round trip for tests.

use super::columns::{map_headers, Column, TableKind};
use crate::formats::scenario::{
    CoordinateSystem, OrderType, Place, Quantity, Scenario, TimeValue, VehicleSpec, WindowSpec,
};

/// The orders, vehicles and depots tables of a scenario, as CSV text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tables {
    pub orders: String,
    pub vehicles: String,
    pub depots: String,
}

/// Writes `scenario` as CSV tables with the documented column names: clock times as `HH:MM`,
/// service and break durations in minutes, maximum duration in hours, windows as
/// `09:00-11:00; 14:00-16:00`, skills (and reload depots) separated by `|`. Alike vehicles named
/// `van-1` … `van-N` become one row with a `count`. Goods both ways only add columns when the
/// scenario has them: `type` when an order is a pickup or a return, `pickup_id`, `pickup_lat`,
/// `pickup_lon`, `pickup_service_minutes` and `pickup_windows` when one is a shipment, and
/// `reload_depots`, `reload_minutes` and `max_trips` when a vehicle reloads. Travel matrices are not written (travel is then estimated
/// from coordinates and each profile's speed and circuity, which the vehicle rows carry).
pub fn write_tables(scenario: &Scenario) -> Tables {
    let planar = scenario.coordinates == CoordinateSystem::Planar;
    let place_headers = if planar { ["x", "y"] } else { ["lat", "lon"] };
    let place = |p: &Place| -> [String; 2] {
        let v = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
        if planar {
            [v(p.x), v(p.y)]
        } else {
            [v(p.lat), v(p.lon)]
        }
    };
    let dims = &scenario.dimensions;

    let mut depots = vec![["id", place_headers[0], place_headers[1], "open", "close"].map(String::from).to_vec()];
    for d in &scenario.depots {
        let (open, close) = d.opening.as_deref().map_or((String::new(), String::new()), window_ends);
        let [a, b] = place(&d.place);
        depots.push(vec![d.id.clone(), a, b, open, close]);
    }

    let demand_headers: Vec<String> = dims
        .iter()
        .map(|d| {
            let plain = map_headers(TableKind::Orders, std::slice::from_ref(d));
            if plain.first() == Some(&Some(Column::Demand(d.clone()))) {
                d.clone()
            } else {
                format!("demand_{d}")
            }
        })
        .collect();
    let typed = scenario.orders.iter().any(|o| o.order_type.is_some_and(|t| t != OrderType::Delivery));
    let shipments = scenario.orders.iter().any(|o| o.pickup.is_some());
    let mut header: Vec<String> = vec!["id".into(), place_headers[0].into(), place_headers[1].into()];
    header.extend(demand_headers);
    header.extend(["service_minutes", "windows", "skills", "priority", "optional", "value", "depot"].map(String::from));
    if typed {
        header.push("type".into());
    }
    if shipments {
        let [lat, lon] = place_headers.map(|h| format!("pickup_{h}"));
        header.extend(["pickup_id".into(), lat, lon, "pickup_service_minutes".into(), "pickup_windows".into()]);
    }
    let mut orders = vec![header];
    for o in &scenario.orders {
        let [a, b] = place(&o.place);
        let mut row = vec![o.id.clone(), a, b];
        row.extend(amounts(o.demand.as_ref(), dims.len()));
        row.extend([
            o.service.as_ref().map(minutes).unwrap_or_default(),
            windows_cell(o.windows.as_deref(), o.window.as_ref()),
            o.skills.join("|"),
            o.priority.map(|p| p.to_string()).unwrap_or_default(),
            if o.optional { "yes".into() } else { String::new() },
            o.value.map(|v| v.to_string()).unwrap_or_default(),
            o.depot.clone().unwrap_or_default(),
        ]);
        if typed {
            row.push(match o.order_type {
                None | Some(OrderType::Delivery) => String::new(),
                Some(OrderType::Pickup) => "pickup".into(),
                Some(OrderType::Return) => "return".into(),
            });
        }
        if shipments {
            match &o.pickup {
                Some(p) => {
                    let [a, b] = place(&p.place);
                    row.extend([
                        p.id.clone().unwrap_or_default(),
                        a,
                        b,
                        p.service.as_ref().map(minutes).unwrap_or_default(),
                        windows_cell(p.windows.as_deref(), p.window.as_ref()),
                    ]);
                }
                None => row.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        orders.push(row);
    }

    let mut header: Vec<String> =
        ["id", "type", "count", "profile", "speed_kmh", "circuity"].map(String::from).to_vec();
    header.extend(dims.iter().map(|d| format!("capacity_{d}")));
    header.extend(
        [
            "start_depot",
            "end_depot",
            "shift_start",
            "shift_end",
            "break_start",
            "break_end",
            "break_minutes",
            "max_hours",
            "max_distance_km",
            "skills",
            "fixed_cost",
            "cost_per_km",
            "cost_per_hour",
            "co2_g_per_km",
        ]
        .map(String::from),
    );
    let reloads = scenario.vehicles.iter().any(|v| v.reload.is_some());
    if reloads {
        header.extend(["reload_depots", "reload_minutes", "max_trips"].map(String::from));
    }
    let mut vehicles = vec![header];
    for (v, count) in grouped(&scenario.vehicles) {
        let profile = v.profile.as_ref().and_then(|name| scenario.profiles.iter().find(|p| &p.name == name));
        let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
        let (shift_start, shift_end) = v.shift.as_deref().map_or((String::new(), String::new()), window_ends);
        let (break_start, break_end) =
            v.rest.as_ref().and_then(|b| b.window.as_deref()).map_or((String::new(), String::new()), window_ends);
        let costs = v.costs.clone().unwrap_or_default();
        let mut row = vec![
            v.id.clone(),
            v.kind.clone().unwrap_or_default(),
            count.to_string(),
            v.profile.clone().unwrap_or_default(),
            number(profile.and_then(|p| p.speed_kmh)),
            number(profile.and_then(|p| p.circuity)),
        ];
        row.extend(amounts(v.capacity.as_ref(), dims.len()));
        row.extend([
            v.start.clone().unwrap_or_default(),
            v.end.clone().unwrap_or_default(),
            shift_start,
            shift_end,
            break_start,
            break_end,
            v.rest.as_ref().map(|b| minutes(&b.duration)).unwrap_or_default(),
            v.max_duration.as_ref().map(hours).unwrap_or_default(),
            number(v.max_distance_km.or(v.max_distance)),
            v.skills.join("|"),
            number(costs.fixed),
            number(costs.per_km.or(costs.per_distance)),
            number(costs.per_hour.or(costs.per_time)),
            number(v.co2_g_per_km),
        ]);
        if reloads {
            match &v.reload {
                // Every cell filled, so that the row reads back as reloading.
                Some(r) => row.extend([
                    r.depots.join("|"),
                    r.duration.as_ref().map_or_else(|| "0".to_string(), minutes),
                    r.max_trips.unwrap_or(crate::formats::scenario::DEFAULT_TRIPS).to_string(),
                ]),
                None => row.extend(std::iter::repeat_n(String::new(), 3)),
            }
        }
        vehicles.push(row);
    }
    Tables { orders: to_csv(&orders), vehicles: to_csv(&vehicles), depots: to_csv(&depots) }
}

/// Vehicles alike but for their ids `X-1` … `X-N` (in that order) as one entry `X` with a count.
fn grouped(vehicles: &[VehicleSpec]) -> Vec<(VehicleSpec, u64)> {
    let mut out: Vec<(VehicleSpec, u64)> = Vec::new();
    let mut k = 0;
    while k < vehicles.len() {
        let v = &vehicles[k];
        let prefix = v.id.strip_suffix("-1").filter(|_| v.count.unwrap_or(1) == 1);
        let mut n = 1;
        if let Some(prefix) = prefix {
            while let Some(next) = vehicles.get(k + n) {
                let alike = VehicleSpec { id: v.id.clone(), ..next.clone() } == *v;
                if !(alike && next.id == format!("{prefix}-{}", n + 1)) {
                    break;
                }
                n += 1;
            }
        }
        if n > 1 {
            let id = prefix.map(str::to_string).unwrap_or_else(|| v.id.clone());
            out.push((VehicleSpec { id, count: None, ..v.clone() }, n as u64));
        } else {
            out.push((VehicleSpec { count: None, ..v.clone() }, v.count.unwrap_or(1)));
        }
        k += n;
    }
    out
}

/// Windows in one cell: `09:00-11:00; 14:00-16:00` (an open end empty).
fn windows_cell(windows: Option<&[WindowSpec]>, window: Option<&WindowSpec>) -> String {
    let cells: Vec<String> = windows
        .into_iter()
        .flatten()
        .chain(window)
        .map(|w| {
            let (start, end) = window_ends(w);
            format!("{start}-{end}")
        })
        .collect();
    cells.join("; ")
}

/// One cell per dimension: the amount, or empty (no demand / unlimited capacity).
fn amounts(q: Option<&Quantity>, dims: usize) -> Vec<String> {
    let values: Vec<Option<f64>> = match q {
        None => Vec::new(),
        Some(Quantity::One(v)) => vec![Some(*v)],
        Some(Quantity::Each(list)) => list.clone(),
    };
    (0..dims).map(|d| values.get(d).copied().flatten().map(|v| v.to_string()).unwrap_or_default()).collect()
}

/// A window's two ends as cells (`HH:MM`; an open end empty).
fn window_ends(w: &[Option<TimeValue>]) -> (String, String) {
    let end = |k: usize| w.get(k).cloned().flatten().map(|t| clock(&t)).unwrap_or_default();
    (end(0), end(1))
}

/// A clock time as `HH:MM` (`HH:MM:SS` when it has seconds); text as written.
fn clock(t: &TimeValue) -> String {
    match t {
        TimeValue::Text(text) => text.strip_suffix(":00").filter(|s| s.len() >= 4).unwrap_or(text).to_string(),
        TimeValue::Number(seconds) => crate::units::clock_short(crate::units::to_ticks(*seconds)),
    }
}

/// A duration in minutes (text as written: `30m`, `1h30m` read back the same).
fn minutes(t: &TimeValue) -> String {
    match t {
        TimeValue::Number(seconds) => (seconds / 60.0).to_string(),
        TimeValue::Text(text) => text.clone(),
    }
}

/// A duration in hours.
fn hours(t: &TimeValue) -> String {
    match t {
        TimeValue::Number(seconds) => (seconds / 3600.0).to_string(),
        TimeValue::Text(text) => text.clone(),
    }
}

pub fn to_csv(rows: &[Vec<String>]) -> String {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row);
    }
    writer.into_inner().ok().and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::import;
    use super::*;

    /// A day with a delivery, a shipment (its own id, two windows, a service time), a return, a
    /// pickup and a vehicle that reloads at two depots.
    const BOTH_WAYS: &str = r#"{"format": "lastmile-scenario", "version": 1, "name": "both ways",
     "depots": [{"id": "D1", "lat": 45.76, "lon": 4.83, "opening": ["07:00", "20:00"]}, {"id": "D2", "lat": 45.70, "lon": 4.90}],
     "orders": [
      {"id": "a", "lat": 45.75, "lon": 4.85, "demand": 2},
      {"id": "s", "lat": 45.751, "lon": 4.851, "demand": 3, "window": ["10:00", "12:00"],
       "pickup": {"id": "from-s", "lat": 45.70, "lon": 4.80, "service": "5m", "windows": [["08:00", "09:00"], ["13:00", null]]}},
      {"id": "r", "lat": 45.752, "lon": 4.852, "demand": 1, "type": "return"},
      {"id": "p", "lat": 45.753, "lon": 4.853, "type": "pickup"},
      {"id": "t", "lat": 45.754, "lon": 4.854, "pickup": {"lat": 45.71, "lon": 4.81}}
     ],
     "vehicles": [
      {"id": "bike", "capacity": 4, "shift": ["08:00", "17:00"], "reload": {"depots": ["D1", "D2"], "duration": "12m", "max_trips": 3}},
      {"id": "van", "capacity": 20, "reload": {}},
      {"id": "car"}
     ]}"#;

    #[test]
    fn goods_both_ways_and_reloads_are_written_and_read_back_the_same() {
        let problem = Scenario::from_json("b.json", BOTH_WAYS).and_then(|s| s.to_problem("b.json")).unwrap();
        let original = Scenario::from_problem(&problem);
        let t = write_tables(&original);
        let header = |text: &str| text.lines().next().unwrap_or_default().to_string();
        assert!(
            header(&t.orders).ends_with(",type,pickup_id,pickup_lat,pickup_lon,pickup_service_minutes,pickup_windows")
        );
        assert!(header(&t.vehicles).ends_with(",reload_depots,reload_minutes,max_trips"));
        assert!(t.orders.contains(",from-s,45.7,4.8,5,08:00-09:00; 13:00-\n"), "{}", t.orders);
        assert!(t.vehicles.contains(",D1|D2,12,3\n"), "{}", t.vehicles);

        let files = [("orders.csv", &t.orders), ("vehicles.csv", &t.vehicles), ("depots.csv", &t.depots)]
            .map(|(n, text)| (n.to_string(), text.clone()));
        let imported = import(&files, &[], None);
        assert!(imported.issues.is_empty(), "{:#?}", imported.issues);
        let back = imported.scenario.to_problem("tables").unwrap();
        let again = Scenario { name: original.name.clone(), ..Scenario::from_problem(&back) };
        assert_eq!(again, original);
    }

    #[test]
    fn a_day_of_deliveries_is_written_without_the_columns_of_goods_both_ways() {
        let mut doc: serde_json::Value = serde_json::from_str(BOTH_WAYS).unwrap();
        doc["orders"] = serde_json::json!([{"id": "a", "lat": 45.75, "lon": 4.85, "type": "delivery"}]);
        doc["vehicles"] = serde_json::json!([{"id": "car"}]);
        let scenario = Scenario::from_json("d.json", &doc.to_string()).unwrap();
        let t = write_tables(&scenario);
        for name in ["type", "pickup", "reload", "trips"] {
            assert!(!t.orders.lines().next().unwrap().contains(name), "{}", t.orders);
            assert!(!t.vehicles.lines().next().unwrap().contains(name) || name == "type", "{}", t.vehicles);
        }
    }
}
