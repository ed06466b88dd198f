//! Solomon / Gehring–Homberger VRPTW text files.
//!
//! Layout: a name line, a `VEHICLE` block whose `NUMBER CAPACITY` line gives fleet size and
//! capacity, then a `CUSTOMER` table (`CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE
//! SERVICE TIME`) whose first row is the depot. Travel time equals the unrounded Euclidean
//! distance. Order ids are the customer numbers as written in the file.
//!
//! [`read`] gives the file as a planar scenario (profile `default`, dimension `demand`, depot
//! hours and every vehicle's shift the depot's window, vehicles `vehicle-1` … `vehicle-N` of one
//! kind), which the scenario builder turns into the [`Problem`]. Every value is checked here, on
//! its line, against the limits the builder applies, so errors name the line and column.

use super::scenario::checks::{in_range, non_negative};
use super::scenario::{
    CoordinateSystem, DepotSpec, OrderSpec, Place, ProfileSpec, Quantity, Scenario, TimeValue, VehicleSpec, MAX_AMOUNT,
    MAX_COUNT, MAX_LOCATIONS, MAX_PLANAR, MAX_TIME,
};
use super::ParseError;
use crate::problem::Problem;
use crate::units::{from_load, from_ticks};

const COLUMNS: [&str; 7] = ["CUST NO.", "XCOORD.", "YCOORD.", "DEMAND", "READY TIME", "DUE DATE", "SERVICE TIME"];

/// Parses a Solomon-format instance. `file` names the source in error messages.
pub fn parse(file: &str, text: &str) -> Result<Problem, ParseError> {
    read(file, text)?.to_problem(file)
}

/// Reads a Solomon-format instance as a planar scenario.
pub fn read(file: &str, text: &str) -> Result<Scenario, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> =
        text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect();
    let name = lines
        .first()
        .map(|(_, l)| l.to_string())
        .ok_or_else(|| ParseError::new(file, 0, "file", "the file is empty"))?;
    let find = |keyword: &str| lines.iter().position(|(_, l)| l.to_ascii_uppercase().starts_with(keyword));
    let vehicle_at = find("VEHICLE")
        .ok_or_else(|| ParseError::new(file, 0, "VEHICLE", "no VEHICLE section: is this a Solomon file?"))?;
    // The fleet line is the first line after VEHICLE that is not its column header.
    let (fleet_line, fleet_text) = lines[vehicle_at + 1..]
        .iter()
        .find(|(_, l)| !l.to_ascii_uppercase().contains("NUMBER"))
        .copied()
        .ok_or_else(|| ParseError::new(file, lines[vehicle_at].0, "NUMBER", "missing the NUMBER CAPACITY line"))?;
    let fleet_fields: Vec<&str> = fleet_text.split_whitespace().collect();
    let count = parse_field(file, fleet_line, "NUMBER", fleet_fields.first().copied())?;
    let capacity = parse_field(file, fleet_line, "CAPACITY", fleet_fields.get(1).copied())?;
    if count < 1.0 || count.fract() != 0.0 || count > MAX_COUNT as f64 {
        return Err(ParseError::new(
            file,
            fleet_line,
            "NUMBER",
            format!("the fleet size must be a whole number from 1 to {MAX_COUNT}"),
        ));
    }
    if capacity < 0.0 {
        return Err(ParseError::new(file, fleet_line, "CAPACITY", "must not be negative"));
    }
    non_negative(capacity, MAX_AMOUNT).map_err(|m| ParseError::new(file, fleet_line, "CAPACITY", m))?;
    let count = count as u64;
    let customer_at = find("CUSTOMER").ok_or_else(|| ParseError::new(file, 0, "CUSTOMER", "no CUSTOMER section"))?;
    let mut rows = Vec::new();
    for &(line, row) in &lines[customer_at + 1..] {
        let upper = row.to_ascii_uppercase();
        if upper.contains("CUST") || upper.contains("XCOORD") {
            continue; // the column header line
        }
        let fields: Vec<&str> = row.split_whitespace().collect();
        if fields.len() < COLUMNS.len() {
            let missing = COLUMNS[fields.len()];
            return Err(ParseError::new(file, line, missing, format!("expected 7 columns, found {}", fields.len())));
        }
        let mut values = [0.0; 7];
        for (k, column) in COLUMNS.iter().enumerate() {
            values[k] = parse_field(file, line, column, Some(fields[k]))?;
        }
        if values[5] < values[4] {
            return Err(ParseError::new(file, line, "DUE DATE", "due date is before ready time"));
        }
        if values[3] < 0.0 || values[6] < 0.0 {
            let field = if values[3] < 0.0 { "DEMAND" } else { "SERVICE TIME" };
            return Err(ParseError::new(file, line, field, "must not be negative"));
        }
        within_limits(&values).map_err(|(column, m)| ParseError::new(file, line, column, m))?;
        if rows.len() == MAX_LOCATIONS {
            return Err(ParseError::new(
                file,
                line,
                "CUST NO.",
                format!("more than {MAX_LOCATIONS} rows (depot and customers)"),
            ));
        }
        rows.push((line, fields[0].to_string(), values));
    }
    let Some((_, _, depot)) = rows.first().cloned() else {
        return Err(ParseError::new(file, lines[customer_at].0, "CUSTOMER", "the customer table is empty"));
    };
    let mut seen = std::collections::HashSet::new();
    for (line, id, _) in &rows[1..] {
        if !seen.insert(id.clone()) {
            return Err(ParseError::new(file, *line, "CUST NO.", format!("customer {id} appears twice")));
        }
    }
    let place = |v: &[f64; 7]| Place { x: Some(v[1]), y: Some(v[2]), ..Place::default() };
    let window = |v: &[f64; 7]| Some(vec![Some(TimeValue::Number(v[4])), Some(TimeValue::Number(v[5]))]);
    let depot = DepotSpec { id: rows[0].1.clone(), place: place(&depot), opening: window(&depot) };
    let orders = rows[1..]
        .iter()
        .map(|(_, id, v)| OrderSpec {
            id: id.clone(),
            place: place(v),
            demand: Some(Quantity::One(v[3])),
            service: Some(TimeValue::Number(v[6])),
            windows: None,
            window: window(v),
            ..OrderSpec::default()
        })
        .collect();
    Ok(benchmark_scenario(name, depot, orders, count, capacity))
}

/// A benchmark file's scenario: planar, one dimension `demand`, profile `default`, one depot whose
/// hours are every vehicle's shift, and `count` vehicles alike of `capacity`, ids `vehicle-1` …
/// `vehicle-N` (an entry of N alike; one vehicle keeps its number). Shared with the Li & Lim
/// reader.
pub(super) fn benchmark_scenario(
    name: String,
    depot: DepotSpec,
    orders: Vec<OrderSpec>,
    count: u64,
    capacity: f64,
) -> Scenario {
    let vehicles = vec![VehicleSpec {
        id: if count == 1 { "vehicle-1".to_string() } else { "vehicle".to_string() },
        count: (count > 1).then_some(count),
        kind: Some("vehicle".to_string()),
        capacity: Some(Quantity::One(capacity)),
        shift: depot.opening.clone(),
        ..VehicleSpec::default()
    }];
    Scenario {
        name,
        coordinates: CoordinateSystem::Planar,
        dimensions: vec!["demand".to_string()],
        profiles: vec![ProfileSpec { name: "default".to_string(), speed_kmh: None, circuity: None }],
        depots: vec![depot],
        orders,
        vehicles,
        ..Scenario::default()
    }
}

/// What the scenario builder would refuse in a row, said with its column: coordinates beyond
/// ±[`MAX_PLANAR`], a demand beyond [`MAX_AMOUNT`], times and durations beyond [`MAX_TIME`].
fn within_limits(values: &[f64; 7]) -> Result<(), (&'static str, String)> {
    for k in [1, 2] {
        if values[k].abs() > MAX_PLANAR {
            return Err((COLUMNS[k], format!("must be within ±{MAX_PLANAR}, found {}", values[k])));
        }
    }
    non_negative(values[3], MAX_AMOUNT).map_err(|m| (COLUMNS[3], m))?;
    for k in [4, 5] {
        in_range(values[k], MAX_TIME, "a time").map_err(|m| (COLUMNS[k], m))?;
    }
    in_range(values[6], MAX_TIME, "a duration").map_err(|m| (COLUMNS[6], m))?;
    Ok(())
}

fn parse_field(file: &str, line: usize, field: &str, value: Option<&str>) -> Result<f64, ParseError> {
    let value = value.ok_or_else(|| ParseError::new(file, line, field, "missing value"))?;
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() => Ok(number),
        _ => Err(ParseError::new(file, line, field, format!("'{value}' is not a finite number"))),
    }
}

/// Writes a single-depot, single-capacity problem in Solomon layout (used to ship samples made by
/// the project's own generator).
pub fn write(problem: &Problem) -> String {
    let vehicle = &problem.vehicles[0];
    let depot = &problem.depots[0];
    let mut out = format!(
        "{}\n\nVEHICLE\nNUMBER     CAPACITY\n  {:>3}        {}\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n",
        problem.name,
        problem.vehicles.len(),
        from_load(vehicle.capacity[0])
    );
    let p = problem.points[depot.location];
    out.push_str(&format!(
        "{:>5} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
        depot.id,
        p.x,
        p.y,
        0,
        from_ticks(depot.opening.start),
        from_ticks(depot.opening.end),
        0
    ));
    for order in &problem.orders {
        let p = problem.points[order.location];
        out.push_str(&format!(
            "{:>5} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
            order.id,
            p.x,
            p.y,
            from_load(order.demand[0]),
            from_ticks(order.windows.envelope().start),
            from_ticks(order.windows.envelope().end),
            from_ticks(order.service)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::TimeWindow;
    use crate::units::{to_load, to_ticks};

    const SMALL: &str = "TINY\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  2         10\r\n\r\nCUSTOMER\r\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n\r\n    0      0          0          0          0        100          0\r\n    1      3          4          5          0         50         10\r\n    2      6          8          5         10         60         10\r\n";

    #[test]
    fn reads_fleet_depot_and_customers() {
        let p = parse("tiny.txt", SMALL).unwrap();
        assert_eq!(p.name, "TINY");
        assert_eq!(p.vehicles.len(), 2);
        assert_eq!(p.vehicles[0].capacity[0], to_load(10.0));
        assert_eq!(p.orders.len(), 2);
        assert_eq!(p.orders[1].id, "2");
        assert_eq!(p.orders[1].windows.envelope(), TimeWindow::new(to_ticks(10.0), to_ticks(60.0)));
        assert_eq!(p.default_matrix().dist(0, 1), to_ticks(5.0));
        assert_eq!(p.depots[0].opening.end, to_ticks(100.0));
    }

    #[test]
    fn round_trips_through_writer() {
        let p = parse("tiny.txt", SMALL).unwrap();
        let again = parse("again.txt", &write(&p)).unwrap();
        assert_eq!(again.orders.len(), 2);
        assert_eq!(again.points, p.points);
        assert_eq!(again.orders[0].windows, p.orders[0].windows);
        assert_eq!(again.vehicles.len(), 2);
    }

    #[test]
    fn names_line_and_field_of_a_bad_number() {
        let bad = SMALL.replace("    2      6          8", "    2      6          x8");
        let err = parse("bad.txt", &bad).unwrap_err();
        assert_eq!((err.line, err.field.as_str()), (12, "YCOORD."));
        assert!(err.to_string().starts_with("bad.txt: line 12, YCOORD.:"), "{err}");
    }

    #[test]
    fn rejects_short_rows_nan_and_missing_sections() {
        let short =
            SMALL.replace("    2      6          8          5         10         60         10", "    2      6");
        assert_eq!(parse("s.txt", &short).unwrap_err().field, "YCOORD.");
        let nan = SMALL.replace("    1      3", "    1      NaN");
        assert_eq!(parse("n.txt", &nan).unwrap_err().field, "XCOORD.");
        assert_eq!(parse("e.txt", "").unwrap_err().field, "file");
        assert_eq!(parse("v.txt", "NAME\nCUSTOMER\n").unwrap_err().field, "VEHICLE");
        let words = SMALL.replace("  2         10", "  two       10");
        assert_eq!(
            parse("w.txt", &words).unwrap_err().to_string(),
            "w.txt: line 5, NUMBER: 'two' is not a finite number"
        );
        let dup = SMALL.replace("    2      6", "    1      6");
        assert_eq!(parse("d.txt", &dup).unwrap_err().field, "CUST NO.");
    }
}
