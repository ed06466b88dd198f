//! A booking day's results as files: the policy table and the offer log as CSV (the JSON is the
//! [`Comparison`] itself).

use super::customers::Booking;
use super::simulation::{BookingDay, Comparison};
use crate::formats::csv::to_csv_rows;
use crate::problem::{Coordinates, Problem};
use crate::units::{from_load, from_ticks};

/// One row per policy: what it accepted, lost, earned and cost.
pub fn policy_table_csv(comparison: &Comparison) -> String {
    let mut rows = vec![[
        "policy",
        "customers",
        "accepted",
        "nothing_offered",
        "declined",
        "revenue",
        "vehicles",
        "cost",
        "cost_per_order",
        "distance",
        "broken_promises",
    ]
    .map(str::to_string)
    .to_vec()];
    for o in &comparison.outcomes {
        rows.push(vec![
            o.policy.clone(),
            o.customers.to_string(),
            o.accepted.to_string(),
            o.nothing_offered.to_string(),
            o.declined.to_string(),
            format!("{:.2}", o.revenue),
            o.vehicles.to_string(),
            format!("{:.2}", o.cost),
            format!("{:.2}", o.cost_per_order),
            format!("{:.2}", o.distance),
            o.broken_promises.to_string(),
        ]);
    }
    to_csv_rows(&rows)
}

/// One row per customer and policy: when, where, what was offered (slot@price), what was
/// closed and why, what they chose.
pub fn offer_log_csv(comparison: &Comparison) -> String {
    let mut rows = vec![["policy", "customer", "booked", "zone", "taste", "offered", "closed", "chose", "placed"]
        .map(str::to_string)
        .to_vec()];
    let label = |s: usize| comparison.slots.get(s).map_or_else(|| s.to_string(), |v| v.label.clone());
    for o in &comparison.outcomes {
        for entry in &o.log {
            rows.push(vec![
                o.key.clone(),
                entry.customer.clone(),
                entry.when.clone(),
                entry.zone.clone(),
                format!("{:?}", entry.taste).to_lowercase(),
                entry
                    .offered
                    .iter()
                    .map(|x| format!("{} @ {:.2}", label(x.slot), x.price))
                    .collect::<Vec<_>>()
                    .join(" | "),
                entry.closed.iter().map(|(s, why)| format!("{}: {why}", label(*s))).collect::<Vec<_>>().join(" | "),
                entry.chose.map(label).unwrap_or_default(),
                entry.placed.clone(),
            ]);
        }
    }
    to_csv_rows(&rows)
}

/// A booking stream as a bookings CSV that replays it (`booked_at` on a nominal calendar whose
/// delivery day is 2026-12-01; `slot` left empty so customers choose by the model).
pub fn bookings_csv(stream: &[Booking], day: &BookingDay, base: &Problem) -> String {
    let delivery = jiff::civil::date(2026, 12, 1);
    let (lat, lon) = match base.coordinates {
        Coordinates::Geographic => ("lat", "lon"),
        Coordinates::Planar => ("y", "x"),
    };
    let dimensions: Vec<String> =
        if base.dimensions.is_empty() { vec!["demand".to_string()] } else { base.dimensions.clone() };
    let mut header = vec!["id".to_string(), "booked_at".to_string(), lat.to_string(), lon.to_string()];
    header.extend(dimensions.iter().cloned());
    header.push("service_minutes".to_string());
    let mut rows = vec![header];
    for b in stream {
        let hours = b.at / 3600.0 - day.cutoff_hours - day.stream.horizon_hours;
        // Down to the whole minute, so a booking is never stamped after it was made.
        let minute = crate::units::to_ticks(60.0);
        let (days, hm) =
            crate::units::day_and_clock(crate::units::to_ticks(hours * 3600.0).div_euclid(minute) * minute);
        let date = delivery.checked_add(jiff::Span::new().days(days)).unwrap_or(delivery);
        let mut row =
            vec![b.id.clone(), format!("{date} {hm}"), format!("{:.6}", b.point.y), format!("{:.6}", b.point.x)];
        row.extend((0..dimensions.len()).map(|k| format!("{}", from_load(b.demand.get(k).copied().unwrap_or(0)))));
        row.push(format!("{}", from_ticks(b.service) / 60.0));
        rows.push(row);
    }
    to_csv_rows(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkout::customers::StreamSpec;
    use crate::checkout::simulation::{compare, BookingDay};
    use crate::generate::{city, CitySpec};

    #[test]
    fn tables_have_a_row_per_policy_and_per_customer() {
        let base = city(&CitySpec::lyon("files", 40, 1));
        let day = BookingDay {
            stream: StreamSpec { customers: 30, horizon_hours: 12.0, ..Default::default() },
            final_iterations: 20,
            checkpoints: 2,
            ..Default::default()
        };
        let comparison = compare(&base, &day, None, &mut |_| {}).unwrap();
        let table = policy_table_csv(&comparison);
        assert_eq!(table.lines().count(), 4);
        assert!(table.lines().nth(2).unwrap().starts_with("Feasibility,30,"));
        let log = offer_log_csv(&comparison);
        let mut reader = ::csv::Reader::from_reader(log.as_bytes());
        assert_eq!(reader.records().count(), 90);
    }

    /// A generated stream written as a bookings CSV replays as the same customers.
    #[test]
    fn a_written_stream_reads_back() {
        let base = city(&CitySpec::lyon("stream", 40, 2));
        let day = BookingDay::default();
        let setup = day.setup(&base, None).unwrap();
        let text = bookings_csv(&setup.stream, &day, &base);
        let (read, span, issues) = crate::formats::csv::read_bookings("b.csv", &text, &base).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(read.len(), setup.stream.len());
        assert!(span <= day.stream.horizon_hours);
        for (a, b) in read.iter().zip(&setup.stream) {
            assert_eq!(a.id, b.id);
            assert!((a.point.x - b.point.x).abs() < 1e-6 && (a.point.y - b.point.y).abs() < 1e-6);
            assert_eq!(a.demand, b.demand);
            assert!((a.at - (b.at - setup.stream[0].at)).abs() <= 60.0, "{} vs {}", a.at, b.at);
        }
    }
}
