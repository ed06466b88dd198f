//! A bookings CSV to replay at the checkout: one row per customer, with when they booked, where,
//! and optionally their size, service time and the slot they took.
//!
//! Columns (case and spacing ignored; the first name is the documented one):
//! `booked_at` (also `created_at`, `timestamp`, `ordered_at`, `time`): `2026-11-23 19:40`,
//! ISO, or `HH:MM`; `lat`/`latitude` and `lon`/`lng`/`longitude` (or `x`, `y` for benchmark
//! files); optional `id`, `demand` (`weight`, `size`, `parcels`; or one column per capacity
//! dimension named as in the scenario, e.g. `kg`, `parcels`), `service_minutes`
//! (`service`), and `slot` (`slot_start`, `delivery_start`: the start of the slot the customer
//! took, `HH:MM`). Bad rows are reported with their line and column and left out.

use super::cells::{self, Stamp};
use super::columns::{normalise, Unit};
use super::{detect_delimiter, prepare, reader, Issue, Severity};
use crate::checkout::customers::{Booking, Taste};
use crate::problem::{Coordinates, Problem, Skills};
use crate::units::{to_load, to_ticks};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Id,
    BookedAt,
    Lat,
    Lon,
    /// A capacity dimension by index (`demand` and its aliases: the first).
    Demand(usize),
    Service,
    Slot,
}

fn field_of(header: &str, dimensions: &[String]) -> Option<Field> {
    let name = normalise(header);
    if let Some(k) = dimensions.iter().position(|d| normalise(d) == name) {
        return Some(Field::Demand(k));
    }
    Some(match name.as_str() {
        "id" | "bookingid" | "orderid" | "booking" | "customer" | "customerid" => Field::Id,
        "bookedat" | "createdat" | "timestamp" | "orderedat" | "time" | "bookingtime" | "booked" => Field::BookedAt,
        "lat" | "latitude" | "y" => Field::Lat,
        "lon" | "lng" | "long" | "longitude" | "x" => Field::Lon,
        "demand" | "weight" | "size" | "parcels" | "quantity" | "weightkg" => Field::Demand(0),
        "serviceminutes" | "service" | "servicemin" | "servicetime" => Field::Service,
        "slot" | "slotstart" | "deliverystart" | "chosenslot" | "windowstart" => Field::Slot,
        _ => return None,
    })
}

/// Bookings read from `text`, sorted by time, `at` counted from the first one; the span in
/// hours; and every problem found. Fails when no row is usable.
pub fn read_bookings(file: &str, text: &str, base: &Problem) -> Result<(Vec<Booking>, f64, Vec<Issue>), Vec<Issue>> {
    let issue = |line: usize, field: &str, message: String| Issue {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message,
        severity: Severity::Error,
    };
    if let Some(what) = super::not_text(file, text) {
        return Err(vec![issue(0, "file", format!("not a table (it looks like {what})"))]);
    }
    let text = prepare(text);
    let mut rdr = reader(&text, detect_delimiter(&text));
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![issue(1, "", format!("not a readable CSV file: {e}"))]),
    };
    let fields: Vec<Option<Field>> = headers.iter().map(|h| field_of(h, &base.dimensions)).collect();
    let column = |f: Field| fields.iter().position(|&c| c == Some(f));
    let mut missing = Vec::new();
    for (f, name) in [(Field::BookedAt, "booked_at"), (Field::Lat, "lat"), (Field::Lon, "lon")] {
        if column(f).is_none() {
            missing.push(issue(1, name, format!("no '{name}' column (found: {})", headers.join(", "))));
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let (typical_size, typical_service) = base.typical_order().unwrap_or(([to_load(1.0), 0, 0], 0));
    let geographic = base.coordinates == Coordinates::Geographic;

    let mut issues = Vec::new();
    let mut rows: Vec<(Stamp, Booking)> = Vec::new();
    for (k, record) in rdr.records().enumerate() {
        let line = k + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                issues.push(issue(line, "", format!("unreadable row: {e}")));
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |f: Field| column(f).and_then(|c| record.get(c)).map(str::trim).filter(|c| !c.is_empty());
        let header = |f: Field| column(f).map_or("", |c| headers[c].as_str());
        let mut bad = |f: Field, message: String| issues.push(issue(line, header(f), message));
        let Some(stamp) = cell(Field::BookedAt) else {
            bad(Field::BookedAt, "empty: when was it booked?".to_string());
            continue;
        };
        let stamp = match cells::clock(stamp, None) {
            Ok(s) => s,
            Err(e) => {
                bad(Field::BookedAt, e);
                continue;
            }
        };
        let coordinate = |f: Field, limit: f64, what: &str| -> Result<f64, String> {
            let text = cell(f).ok_or_else(|| format!("empty: the {what} is needed"))?;
            if geographic {
                cells::degrees(text, limit, what)
            } else {
                cells::number(text)
            }
        };
        let (lat, lon) = match (coordinate(Field::Lat, 90.0, "latitude"), coordinate(Field::Lon, 180.0, "longitude")) {
            (Ok(lat), Ok(lon)) => (lat, lon),
            (Err(e), _) => {
                bad(Field::Lat, e);
                continue;
            }
            (_, Err(e)) => {
                bad(Field::Lon, e);
                continue;
            }
        };
        let mut demand = typical_size;
        let mut unreadable = None;
        for (k, amount) in demand.iter_mut().enumerate() {
            match cell(Field::Demand(k)).map(|c| cells::number_in(c, 0.0, 1e9)) {
                None => {}
                Some(Ok(v)) => *amount = to_load(v),
                Some(Err(e)) => {
                    unreadable = Some((k, e));
                    break;
                }
            }
        }
        if let Some((k, e)) = unreadable {
            bad(Field::Demand(k), e);
            continue;
        }
        let service = match cell(Field::Service).map(|c| cells::duration(c, None, Unit::Minutes)) {
            None => typical_service,
            Some(Ok(seconds)) => to_ticks(seconds),
            Some(Err(e)) => {
                bad(Field::Service, e);
                continue;
            }
        };
        let wanted_start = match cell(Field::Slot).map(|c| cells::clock(c, None)) {
            None => None,
            Some(Ok(s)) => Some(to_ticks(s.seconds)),
            Some(Err(e)) => {
                bad(Field::Slot, e);
                continue;
            }
        };
        let id = cell(Field::Id).map_or_else(|| format!("row {line}"), str::to_string);
        rows.push((
            stamp,
            Booking {
                id,
                at: 0.0,
                point: crate::problem::Point { x: lon, y: lat },
                demand,
                service,
                skills: Skills::NONE,
                taste: Taste::Flexible,
                wanted_start,
            },
        ));
    }
    let day0 = rows.iter().filter_map(|(s, _)| s.date).min();
    let mut bookings = Vec::with_capacity(rows.len());
    for (stamp, mut booking) in rows {
        match stamp.resolve(day0) {
            Ok(seconds) => {
                booking.at = seconds;
                bookings.push(booking);
            }
            Err(e) => issues.push(issue(0, "booked_at", format!("{}: {e}", booking.id))),
        }
    }
    if bookings.is_empty() {
        issues.push(issue(0, "", "no usable booking in this file".to_string()));
        return Err(issues);
    }
    bookings.sort_by(|a, b| a.at.total_cmp(&b.at));
    let first = bookings[0].at;
    for b in &mut bookings {
        b.at -= first;
    }
    let span = (bookings.last().map_or(0.0, |b| b.at) / 3600.0).ceil().max(1.0);
    Ok((bookings, span, issues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    #[test]
    fn bookings_are_read_sorted_and_bad_rows_named() {
        let base = city(&CitySpec::lyon("replay", 30, 1));
        let text = "Booking ID;Created At;Latitude;Longitude;Weight;Slot\n\
                    b2;2026-11-23 19:40;45,76;4,84;3;14:00\n\
                    b1;2026-11-22 21:05;45.75;4.83;;\n\
                    b3;2026-11-23 08:00;north;4.83;1;\n\
                    b4;yesterday;45.75;4.83;1;\n";
        let (bookings, span, issues) = read_bookings("bookings.csv", text, &base).unwrap();
        let ids: Vec<&str> = bookings.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["b1", "b2"]);
        assert_eq!(bookings[0].at, 0.0);
        assert_eq!(bookings[1].at, 22.0 * 3600.0 + 35.0 * 60.0, "21:05 to 19:40 the next day");
        assert_eq!(span, 23.0);
        assert_eq!(bookings[1].wanted_start, Some(to_ticks(14.0 * 3600.0)));
        assert_eq!(bookings[1].demand[0], to_load(3.0));
        let lines: Vec<(usize, &str)> = issues.iter().map(|i| (i.line, i.field.as_str())).collect();
        assert_eq!(lines, [(4, "Latitude"), (5, "Created At")]);
        let missing = read_bookings("b.csv", "id,lat,lon\n1,45,4\n", &base).unwrap_err();
        assert_eq!(missing[0].field, "booked_at");
    }
}
