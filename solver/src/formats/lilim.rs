//! Li & Lim pickup-and-delivery (PDPTW) text files.
//!
//! Layout (tab- or space-separated): a first line `VEHICLES CAPACITY SPEED`, then one line per
//! task `ID X Y DEMAND READY DUE SERVICE PICKUP DELIVERY`, the first one the depot. A pickup has a
//! positive demand, `PICKUP` 0 and `DELIVERY` the id of its delivery; a delivery has the negative
//! of its pickup's demand, `PICKUP` the id of its pickup and `DELIVERY` 0. Travel time equals the
//! unrounded Euclidean distance, as in Solomon's files: `SPEED` is read but not used (the files say
//! 1 or 0, and every published result drives at 1).
//!
//! [`read`] gives the file as a planar scenario, as [`super::solomon`] does (profile `default`,
//! dimension `demand`, depot hours and every vehicle's shift the depot's window, vehicles
//! `vehicle-1` … `vehicle-N` of one kind): one shipment per pair, its order the delivery task and
//! its `pickup` the pickup task, in the file order of the deliveries; ids are the task numbers as
//! written. Every value is checked here, on its line, against the limits the builder applies, and
//! so is the pairing (each side names the other, demands opposite), so errors name the line and
//! column.

use std::collections::HashMap;

use super::scenario::checks::{in_range, non_negative};
use super::scenario::{
    DepotSpec, OrderSpec, PickupSpec, Place, Quantity, Scenario, TimeValue, MAX_AMOUNT, MAX_COUNT, MAX_LOCATIONS,
    MAX_PLANAR, MAX_TIME,
};
use super::ParseError;
use crate::problem::Problem;

const FLEET: [&str; 3] = ["VEHICLES", "CAPACITY", "SPEED"];
const COLUMNS: [&str; 9] = ["ID", "X", "Y", "DEMAND", "READY", "DUE", "SERVICE", "PICKUP", "DELIVERY"];
// The columns' positions.
const ID: usize = 0;
const X: usize = 1;
const Y: usize = 2;
const DEMAND: usize = 3;
const READY: usize = 4;
const DUE: usize = 5;
const SERVICE: usize = 6;
const PICKUP: usize = 7;
const DELIVERY: usize = 8;

/// Parses a Li & Lim instance. `file` names the source in error messages; its stem is the
/// problem's name.
pub fn parse(file: &str, text: &str) -> Result<Problem, ParseError> {
    read(file, text)?.to_problem(file)
}

/// True when the text is laid out as a Li & Lim file: a first line of three numbers, the next of
/// nine.
pub(crate) fn looks_like(text: &str) -> bool {
    let numbers = |line: &str, n: usize| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.len() == n && fields.iter().all(|f| f.parse::<f64>().is_ok())
    };
    let mut lines = text.trim_start_matches('\u{feff}').lines().filter(|l| !l.trim().is_empty());
    matches!((lines.next(), lines.next()), (Some(fleet), Some(depot)) if numbers(fleet, 3) && numbers(depot, 9))
}

/// One task line, its values read.
struct Task<'t> {
    line: usize,
    /// The id as written.
    id: &'t str,
    /// The id as a number, which `PICKUP` and `DELIVERY` refer to.
    number: u64,
    values: [f64; 9],
}

impl Task<'_> {
    fn pickup(&self) -> u64 {
        self.values[PICKUP] as u64
    }
    fn delivery(&self) -> u64 {
        self.values[DELIVERY] as u64
    }
}

/// Reads a Li & Lim instance as a planar scenario of shipments.
pub fn read(file: &str, text: &str) -> Result<Scenario, ParseError> {
    let err = |line: usize, field: &str, message: String| ParseError::new(file, line, field, message);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())).filter(|(_, l)| !l.is_empty());
    let (fleet_line, fleet) = lines.next().ok_or_else(|| err(0, "file", "the file is empty".to_string()))?;
    let fields: Vec<&str> = fleet.split_whitespace().collect();
    if fields.len() != FLEET.len() {
        let field = FLEET[fields.len().min(FLEET.len() - 1)];
        let found = fields.len();
        return Err(err(
            fleet_line,
            field,
            format!("the first line is VEHICLES CAPACITY SPEED: 3 numbers, found {found}"),
        ));
    }
    let mut fleet = [0.0; 3];
    for (k, name) in FLEET.iter().enumerate() {
        fleet[k] = number(file, fleet_line, name, fields[k])?;
    }
    let [count, capacity, speed] = fleet;
    if count < 1.0 || count.fract() != 0.0 || count > MAX_COUNT as f64 {
        return Err(err(
            fleet_line,
            "VEHICLES",
            format!("the fleet size must be a whole number from 1 to {MAX_COUNT}"),
        ));
    }
    non_negative(capacity, MAX_AMOUNT).map_err(|m| err(fleet_line, "CAPACITY", m))?;
    non_negative(speed, f64::MAX).map_err(|m| err(fleet_line, "SPEED", m))?;

    let mut tasks: Vec<Task> = Vec::new();
    let mut index: HashMap<u64, usize> = HashMap::new();
    for (line, row) in lines {
        let fields: Vec<&str> = row.split_whitespace().collect();
        if fields.len() != COLUMNS.len() {
            let field = COLUMNS[fields.len().min(COLUMNS.len() - 1)];
            return Err(err(line, field, format!("expected 9 columns, found {}", fields.len())));
        }
        let mut values = [0.0; 9];
        for (k, column) in COLUMNS.iter().enumerate() {
            values[k] = number(file, line, column, fields[k])?;
        }
        for k in [ID, PICKUP, DELIVERY] {
            if values[k] < 0.0 || values[k].fract() != 0.0 || values[k] > 1e15 {
                return Err(err(line, COLUMNS[k], format!("a task number is a whole number, found {}", fields[k])));
            }
        }
        within_limits(&values).map_err(|(column, m)| err(line, column, m))?;
        if tasks.len() == MAX_LOCATIONS {
            return Err(err(line, "ID", format!("more than {MAX_LOCATIONS} tasks (depot included)")));
        }
        let number = values[ID] as u64;
        if let Some(&first) = index.get(&number) {
            return Err(err(
                line,
                "ID",
                format!("task {} appears twice (also line {})", fields[ID], tasks[first].line),
            ));
        }
        index.insert(number, tasks.len());
        tasks.push(Task { line, id: fields[ID], number, values });
    }
    let Some(depot) = tasks.first() else {
        return Err(err(fleet_line, "ID", "no tasks follow: the line after the fleet is the depot".to_string()));
    };
    if depot.pickup() != 0 || depot.delivery() != 0 {
        let field = if depot.pickup() != 0 { "PICKUP" } else { "DELIVERY" };
        return Err(err(depot.line, field, "the first task is the depot: its PICKUP and DELIVERY are 0".to_string()));
    }
    for task in &tasks[1..] {
        paired(task, &tasks, &index).map_err(|(column, m)| err(task.line, column, m))?;
    }

    let place = |t: &Task| Place { x: Some(t.values[X]), y: Some(t.values[Y]), ..Place::default() };
    let window =
        |t: &Task| Some(vec![Some(TimeValue::Number(t.values[READY])), Some(TimeValue::Number(t.values[DUE]))]);
    let service = |t: &Task| Some(TimeValue::Number(t.values[SERVICE]));
    let orders = tasks[1..]
        .iter()
        .filter(|t| t.pickup() != 0)
        .filter_map(|delivery| {
            // Every delivery's pickup exists: `paired` said so.
            let pickup = &tasks[*index.get(&delivery.pickup())?];
            Some(OrderSpec {
                id: delivery.id.to_string(),
                place: place(delivery),
                demand: Some(Quantity::One(pickup.values[DEMAND])),
                service: service(delivery),
                window: window(delivery),
                pickup: Some(PickupSpec {
                    id: Some(pickup.id.to_string()),
                    place: place(pickup),
                    service: service(pickup),
                    windows: None,
                    window: window(pickup),
                }),
                ..OrderSpec::default()
            })
        })
        .collect();
    let depot = DepotSpec { id: depot.id.to_string(), place: place(depot), opening: window(depot) };
    let name = std::path::Path::new(file).file_stem().map_or_else(|| file.to_string(), |s| s.to_string_lossy().into());
    Ok(super::solomon::benchmark_scenario(name, depot, orders, count as u64, capacity))
}

/// Checks that a task (not the depot) is one half of a pair: a pickup naming its delivery, or a
/// delivery naming its pickup, the other naming it back, the demands opposite. An error names
/// the column at fault.
fn paired(task: &Task, tasks: &[Task], index: &HashMap<u64, usize>) -> Result<(), (&'static str, String)> {
    let demand = task.values[DEMAND];
    let (column, partner) = match (task.pickup(), task.delivery()) {
        (0, 0) => {
            let message = "neither a pickup (DELIVERY = its delivery's ID) nor a delivery (PICKUP = its pickup's ID)";
            return Err(("PICKUP", message.to_string()));
        }
        (_, 0) if demand > 0.0 => {
            return Err((
                "DEMAND",
                format!("a delivery (PICKUP {}) has a negative demand, found {demand}", task.pickup()),
            ))
        }
        (0, _) if demand < 0.0 => {
            let message = format!("a pickup (DELIVERY {}) has a positive demand, found {demand}", task.delivery());
            return Err(("DEMAND", message));
        }
        (p, 0) => ("PICKUP", p),
        (0, d) => ("DELIVERY", d),
        _ => return Err(("DELIVERY", "a task is a pickup or a delivery: PICKUP or DELIVERY is 0".to_string())),
    };
    let Some(&k) = index.get(&partner) else {
        return Err((column, format!("no task has ID {partner}")));
    };
    if k == 0 {
        return Err((column, format!("task {partner} is the depot")));
    }
    let other = &tasks[k];
    // The other side of the pair, as that task names it.
    let back = if column == "PICKUP" { other.delivery() } else { other.pickup() };
    if back != task.number {
        let (word, its) = if column == "PICKUP" { ("pickup", "DELIVERY") } else { ("delivery", "PICKUP") };
        // Paired with another task that names it back, or naming something else.
        let first = index.get(&back).filter(|&&j| j != 0).map(|&j| &tasks[j]).filter(|first| {
            let named = if column == "PICKUP" { first.pickup() } else { first.delivery() };
            named == partner
        });
        let message = match first {
            Some(first) => format!(
                "task {partner} (line {}) is the {word} of task {} (line {}), not of this one",
                other.line, first.id, first.line
            ),
            None if back == 0 => format!("task {partner} (line {}) is not a {word}: its {its} is 0", other.line),
            None => format!("task {partner} (line {}) names task {back} in {its}, not this one", other.line),
        };
        return Err((column, message));
    }
    if column == "PICKUP" && demand != -other.values[DEMAND] {
        let pickup = other.values[DEMAND];
        let message =
            format!("task {partner} (line {}) picks up {pickup}: its delivery's demand is -{pickup}", other.line);
        return Err(("DEMAND", message));
    }
    Ok(())
}

/// What the scenario builder would refuse in a task, said with its column: coordinates beyond
/// ±[`MAX_PLANAR`], a demand beyond ±[`MAX_AMOUNT`], times and durations beyond [`MAX_TIME`], a
/// window that ends before it starts.
fn within_limits(values: &[f64; 9]) -> Result<(), (&'static str, String)> {
    for k in [X, Y] {
        if values[k].abs() > MAX_PLANAR {
            return Err((COLUMNS[k], format!("must be within ±{MAX_PLANAR}, found {}", values[k])));
        }
    }
    if values[DEMAND].abs() > MAX_AMOUNT {
        return Err((COLUMNS[DEMAND], format!("must be within ±{MAX_AMOUNT}, found {}", values[DEMAND])));
    }
    for k in [READY, DUE] {
        in_range(values[k], MAX_TIME, "a time").map_err(|m| (COLUMNS[k], m))?;
    }
    if values[DUE] < values[READY] {
        return Err((COLUMNS[DUE], format!("the due time {} is before the ready time {}", values[DUE], values[READY])));
    }
    in_range(values[SERVICE], MAX_TIME, "a duration").map_err(|m| (COLUMNS[SERVICE], m))?;
    Ok(())
}

fn number(file: &str, line: usize, field: &str, value: &str) -> Result<f64, ParseError> {
    match value.parse::<f64>() {
        Ok(number) if number.is_finite() => Ok(number),
        _ => Err(ParseError::new(file, line, field, format!("'{value}' is not a finite number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Task as Stop, TimeWindow};
    use crate::units::{to_load, to_ticks};

    /// A depot and two pairs (1 → 4, and 3 → 2, the delivery written first), tab-separated.
    const SMALL: &str = "2\t10\t1\n\
        0\t0\t0\t0\t0\t100\t0\t0\t0\n\
        1\t3\t4\t5\t0\t50\t2\t0\t4\n\
        2\t6\t8\t-3\t10\t60\t1\t3\t0\n\
        3\t0\t5\t3\t0\t40\t2\t0\t2\n\
        4\t3\t0\t-5\t20\t80\t2\t1\t0\n";

    fn error(text: &str) -> ParseError {
        parse("LC0.txt", text).unwrap_err()
    }

    /// `SMALL` with the value of `column` on task line `task` (0: the depot) replaced.
    fn with(task: usize, column: usize, value: &str) -> String {
        let mut lines: Vec<String> = SMALL.lines().map(str::to_string).collect();
        let mut fields: Vec<&str> = lines[task + 1].split('\t').collect();
        fields[column] = value;
        lines[task + 1] = fields.join("\t");
        lines.join("\n")
    }

    #[test]
    fn reads_pairs_as_shipments_under_the_task_numbers() {
        assert!(looks_like(SMALL));
        let p = parse("dir/LC0.txt", SMALL).unwrap();
        assert_eq!(p.name, "LC0");
        assert_eq!((p.vehicles.len(), p.vehicles[0].capacity[0]), (2, to_load(10.0)));
        let ids: Vec<&str> = p.orders.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["2", "4", "3", "1"], "deliveries in file order, then their pickups");
        let tasks: Vec<Stop> = p.orders.iter().map(|o| o.task).collect();
        assert_eq!(
            tasks,
            [
                Stop::ShipmentDelivery { pickup: 2 },
                Stop::ShipmentDelivery { pickup: 3 },
                Stop::ShipmentPickup { delivery: 0 },
                Stop::ShipmentPickup { delivery: 1 },
            ]
        );
        assert!(p.orders.iter().all(|o| o.demand[0] > 0), "demand is always the load carried");
        assert_eq!(p.orders[1].demand[0], to_load(5.0));
        let pickup = &p.orders[3];
        assert_eq!(p.points[pickup.location], crate::problem::Point { x: 3.0, y: 4.0 });
        assert_eq!(pickup.windows.envelope(), TimeWindow::new(0, to_ticks(50.0)));
        assert_eq!(pickup.service, to_ticks(2.0));
        assert_eq!(p.default_matrix().dist(p.depots[0].location, pickup.location), to_ticks(5.0));
        assert_eq!(p.depots[0].opening.end, to_ticks(100.0));
        assert_eq!(p.vehicles[0].shift, p.depots[0].opening);
    }

    #[test]
    fn pairs_that_do_not_match_are_named_on_their_line() {
        // Two deliveries of task 1's goods: the second is told whose delivery task 1 is.
        let e = error(&with(2, PICKUP, "1"));
        assert_eq!((e.line, e.field.as_str()), (4, "PICKUP"), "{e}");
        assert_eq!(e.message, "task 1 (line 3) is the pickup of task 4 (line 6), not of this one");
        // Two pickups for delivery 4: task 2's pickup names another.
        let e = error(&with(3, DELIVERY, "4"));
        assert_eq!((e.line, e.field.as_str()), (4, "PICKUP"), "{e}");
        assert_eq!(e.message, "task 3 (line 5) names task 4 in DELIVERY, not this one");
        let e = error(&with(1, DELIVERY, "3"));
        assert_eq!((e.line, e.field.as_str()), (3, "DELIVERY"), "{e}");
        assert_eq!(e.message, "task 3 (line 5) is not a delivery: its PICKUP is 0");
        let e = error(&with(4, DEMAND, "-4"));
        assert_eq!((e.line, e.field.as_str()), (6, "DEMAND"), "{e}");
        assert_eq!(e.message, "task 1 (line 3) picks up 5: its delivery's demand is -5");
        let e = error(&with(1, DEMAND, "-5"));
        assert_eq!((e.line, e.field.as_str()), (3, "DEMAND"), "{e}");
        let e = error(&with(2, DEMAND, "3"));
        assert_eq!((e.line, e.field.as_str()), (4, "DEMAND"), "{e}");
        let e = error(&with(1, DELIVERY, "9"));
        assert_eq!((e.line, e.field.as_str(), e.message.as_str()), (3, "DELIVERY", "no task has ID 9"));
        let e = error(&with(1, PICKUP, "2"));
        assert_eq!((e.line, e.field.as_str()), (3, "DELIVERY"), "both given: {e}");
        let e = error(&with(1, DELIVERY, "0"));
        assert_eq!((e.line, e.field.as_str()), (3, "PICKUP"), "neither: {e}");
        let e = error(&with(3, ID, "1"));
        assert_eq!((e.line, e.field.as_str()), (5, "ID"), "{e}");
        assert!(e.message.contains("appears twice (also line 3)"), "{e}");
        let e = error(&with(0, DELIVERY, "4"));
        assert_eq!((e.line, e.field.as_str()), (2, "DELIVERY"), "{e}");
        let e = error(&with(0, ID, "9").replace("80\t2\t1\t0", "80\t2\t9\t0"));
        assert_eq!(
            (e.line, e.field.as_str(), e.message.as_str()),
            (3, "DELIVERY", "task 4 (line 6) names task 9 in PICKUP, not this one")
        );
        let e = error(&with(0, ID, "9").replace("50\t2\t0\t4", "50\t2\t0\t9"));
        assert_eq!((e.line, e.field.as_str(), e.message.as_str()), (3, "DELIVERY", "task 9 is the depot"));
    }

    #[test]
    fn values_beyond_the_builders_limits_and_bad_numbers_name_line_and_column() {
        let e = error(&with(1, X, "1e8"));
        assert_eq!((e.line, e.field.as_str()), (3, "X"));
        let e = error(&with(3, DUE, "NaN"));
        assert_eq!(e.to_string(), "LC0.txt: line 5, DUE: 'NaN' is not a finite number");
        let e = error(&with(3, DUE, "-1"));
        assert_eq!((e.line, e.field.as_str()), (5, "DUE"));
        let e = error(&with(4, READY, "90"));
        assert_eq!((e.line, e.field.as_str()), (6, "DUE"), "due before ready: {e}");
        let e = error(&with(2, SERVICE, "-1"));
        assert_eq!((e.line, e.field.as_str()), (4, "SERVICE"));
        let e = error(&with(2, ID, "2.5"));
        assert_eq!((e.line, e.field.as_str()), (4, "ID"));
        let e = error(&SMALL.replace("1\t3\t4\t5\t0\t50\t2\t0\t4", "1\t3\t4"));
        assert_eq!((e.line, e.field.as_str()), (3, "DEMAND"));
        let e = error(&SMALL.replacen("2\t10\t1", "0\t10\t1", 1));
        assert_eq!((e.line, e.field.as_str()), (1, "VEHICLES"));
        let e = error(&SMALL.replacen("2\t10\t1", "2\t-10\t1", 1));
        assert_eq!((e.line, e.field.as_str()), (1, "CAPACITY"));
        let e = error(&SMALL.replacen("2\t10\t1", "2\t10", 1));
        assert_eq!((e.line, e.field.as_str()), (1, "SPEED"));
        assert_eq!(error("").field, "file");
        let e = error("\n2 10 1\n\n");
        assert_eq!(e.to_string(), "LC0.txt: line 2, ID: no tasks follow: the line after the fleet is the depot");
        assert!(parse("x.txt", &SMALL.replacen("2\t10\t1", "2\t10\t0", 1)).is_ok(), "speed 0, as some files say");
    }
}
