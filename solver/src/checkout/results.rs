//! A booking day's results as files: the policy table and the offer log as CSV (the JSON is the
//! [`Comparison`] itself).

use super::simulation::Comparison;
use crate::formats::csv::to_csv_rows;

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
}
