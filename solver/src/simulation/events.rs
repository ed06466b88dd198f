//! What happens to a delivery day besides slow roads: traffic incidents, breakdowns,
//! cancellations, customers out, same-day orders. Scheduled by the user (an events file) or drawn from a seed.
//!
//! Events file (JSON): `{"events": [...]}`, each one of
//! - `{"type": "traffic", "area": 5, "from": "08:00", "until": "10:00", "slower": 1.8}`: legs
//!   leaving area 5 (of the 4 × 4 grid over the places, numbered row by row from the south-west)
//!   in that period take 1.8 × as long;
//! - `{"type": "breakdown", "vehicle": "van-hub-2", "at": "11:00"}`;
//! - `{"type": "cancellation", "order": "lyon-0042", "at": "09:30"}`;
//! - `{"type": "absent", "order": "lyon-0107"}`: nobody is in when the driver comes (besides the
//!   customers the seed draws out);
//! - `{"type": "order", "id": "web-17", "lat": 45.76, "lon": 4.84, "at": "10:30", "due": "14:00"}`:
//!   a same-day order placed at 10:30 to be delivered by 14:00 (optional: `"from"`, the earliest
//!   delivery, default an hour after it is placed; `"demand"`, a number or one per dimension;
//!   `"service"` in seconds; both default to the day's median order; planar days give `x`, `y`).
//!   `"task": "pickup"` (also `collection`, `return`) makes it a collection: goods fetched there
//!   in that window and brought to the depot ("a shop asks for a collection by 16:00").
//!   `"pickup": {"lat": …, "lon": …}` makes it a shipment: its goods are first collected there
//!   (optional `"id"`, default the order's id with `-pickup`; `"from"`, default when it is placed;
//!   `"due"`, default the delivery's; `"service"`) by the vehicle that delivers them.
//!
//! Times are clock times (`HH:MM`, `HH:MM:SS`) or seconds after midnight.

use serde::Deserialize;

use super::reality::{Reality, AREAS};
use crate::plan::Plan;
use crate::problem::{Order, Problem, Task, TimeWindow};
use crate::units::{to_load, to_ticks, Time};

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Legs leaving `area` between `from` and `until` take `slower` × as long.
    Traffic { area: usize, from: Time, until: Time, slower: f64 },
    /// The vehicle stops where it is at `at`: what it has not served fails.
    Breakdown { vehicle: usize, at: Time },
    /// The customer cancels at `at`: served only if the vehicle is already on its way.
    Cancellation { order: usize, at: Time },
    /// A same-day order (already in the problem, in no plan) is placed at `at`.
    NewOrder { order: usize, at: Time },
    /// Nobody is in when the driver comes to `order` (whenever that is), besides the customers
    /// the seed draws out.
    Absent { order: usize },
}

impl Event {
    /// When the event becomes known.
    pub fn at(&self) -> Time {
        match *self {
            Event::Traffic { from, .. } => from,
            Event::Breakdown { at, .. } | Event::Cancellation { at, .. } | Event::NewOrder { at, .. } => at,
            // Known when the driver rings.
            Event::Absent { .. } => 0,
        }
    }
}

/// How many events of each kind to draw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventCounts {
    pub incidents: usize,
    pub breakdowns: usize,
    pub cancellations: usize,
}

/// Draws events for `plan`'s day from `seed`: incidents of one to two hours, 1.5–2.5 × slower,
/// in random areas; breakdowns of used vehicles between an hour after the first departure and
/// the middle of the day's span; cancellations of routed orders, 30 minutes to 3 hours before
/// their planned arrival (not before the day starts).
pub fn draw(problem: &Problem, plan: &Plan, seed: u64, counts: EventCounts) -> Vec<Event> {
    let reality = Reality::new(problem, seed, super::Spread::NONE);
    let schedules: Vec<_> =
        plan.routes.iter().filter(|r| !r.stops.is_empty()).map(|r| (r.vehicle, r.schedule(problem))).collect();
    let routed: Vec<(usize, Time)> =
        schedules.iter().flat_map(|(_, s)| s.visits.iter().map(|v| (v.order, v.arrival))).collect();
    let used: Vec<usize> = schedules.iter().map(|(v, _)| *v).collect();
    let (Some(first), Some(&last)) =
        (schedules.iter().map(|(_, s)| s.departure).min(), routed.iter().map(|(_, a)| a).max())
    else {
        return Vec::new();
    };
    let hour = to_ticks(3600.0);
    let within = |u: f64, from: Time, to: Time| from + ((to - from).max(0) as f64 * u) as Time;
    let mut events = Vec::new();
    for k in 0..counts.incidents {
        let u = reality.draw(&[10, k as u64]);
        let from = within(u[0], first, last);
        let until = from + hour + (hour as f64 * u[1]) as Time;
        events.push(Event::Traffic { area: (u[2] * AREAS as f64) as usize % AREAS, from, until, slower: 1.5 + u[3] });
    }
    let pick = |key: u64, k: usize, len: usize| (reality.draw(&[key, k as u64])[0] * len as f64) as usize % len.max(1);
    let mut broken = Vec::new();
    for k in 0..counts.breakdowns.min(used.len()) {
        let mut vehicle = used[pick(11, k, used.len())];
        while broken.contains(&vehicle) {
            vehicle = used[(used.iter().position(|&v| v == vehicle).unwrap_or(0) + 1) % used.len()];
        }
        broken.push(vehicle);
        let at = within(reality.draw(&[12, k as u64])[0], first + hour, first + hour + (last - first) / 2);
        events.push(Event::Breakdown { vehicle, at });
    }
    let mut cancelled = Vec::new();
    for k in 0..counts.cancellations.min(routed.len()) {
        let (mut order, mut arrival) = routed[pick(13, k, routed.len())];
        while cancelled.contains(&order) {
            let next = (routed.iter().position(|&(o, _)| o == order).unwrap_or(0) + 1) % routed.len();
            (order, arrival) = routed[next];
        }
        cancelled.push(order);
        let ahead = to_ticks(1800.0) + (to_ticks(9000.0) as f64 * reality.draw(&[14, k as u64])[0]) as Time;
        events.push(Event::Cancellation { order, at: (arrival - ahead).max(first) });
    }
    events.sort_by_key(Event::at);
    events
}

/// Adds `count` same-day orders to `problem` (ids `same-day-001` …) and returns the events that
/// place them: placed between the first departure and two thirds of the planned day, each near a
/// customer of the plan's (within about a kilometre; 5 units on planar days), of the day's median
/// size and service, to be delivered between one and four hours after it is placed.
pub fn same_day_orders(problem: &mut Problem, plan: &Plan, seed: u64, count: usize) -> Result<Vec<Event>, String> {
    same_day(problem, plan, seed, count, Task::Delivery)
}

/// Adds `count` same-day collections to `problem` (ids `collection-001` …: a shop or a customer
/// asks for goods to be fetched and brought to the depot) and returns the events that place them,
/// drawn as [`same_day_orders`] draws its orders (from other draws of the seed): to be collected
/// between one and four hours after the request.
pub fn same_day_collections(problem: &mut Problem, plan: &Plan, seed: u64, count: usize) -> Result<Vec<Event>, String> {
    same_day(problem, plan, seed, count, Task::Pickup)
}

fn same_day(problem: &mut Problem, plan: &Plan, seed: u64, count: usize, task: Task) -> Result<Vec<Event>, String> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let (what, prefix, key) = match task {
        Task::Pickup => ("same-day collections", "collection", 16),
        _ => ("same-day orders", "same-day", 15),
    };
    problem.can_grow().map_err(|why| format!("{what} need a new place each, but {why}"))?;
    let (demand, service) = problem.typical_order().ok_or(format!("{what} need a day with orders to copy"))?;
    let reality = Reality::new(problem, seed, super::Spread::NONE);
    let schedules: Vec<_> = plan.routes.iter().filter(|r| !r.stops.is_empty()).map(|r| r.schedule(problem)).collect();
    let (Some(first), Some(last)) = (
        schedules.iter().map(|s| s.departure).min(),
        schedules.iter().flat_map(|s| s.visits.last()).map(|v| v.arrival).max(),
    ) else {
        return Err(format!("{what} arrive during a planned day: plan the day first"));
    };
    let customers: Vec<usize> = plan.routes.iter().flat_map(|r| r.stops.iter().copied()).collect();
    let jitter = match problem.coordinates {
        crate::problem::Coordinates::Geographic => 0.01,
        crate::problem::Coordinates::Planar => 5.0,
    };
    let hour = to_ticks(3600.0);
    // Numbered from 1, past the ids the day has already.
    let ids: std::collections::HashSet<String> = problem.orders.iter().map(|o| o.id.clone()).collect();
    let mut number = 0;
    problem.reserve_orders(count);
    let mut events = Vec::with_capacity(count);
    for k in 0..count {
        let u = reality.draw(&[key, k as u64]);
        let near = problem.points
            [problem.orders[customers[(u[0] * customers.len() as f64) as usize % customers.len()]].location];
        let at = first + ((last - first) as f64 * 2.0 / 3.0 * u[1]) as Time;
        let place =
            crate::problem::Point { x: near.x + jitter * (2.0 * u[2] - 1.0), y: near.y + jitter * (2.0 * u[3] - 1.0) };
        let window = TimeWindow::new(at + hour, at + 4 * hour);
        let id = loop {
            number += 1;
            let id = format!("{prefix}-{number:03}");
            if !ids.contains(&id) {
                break id;
            }
        };
        let mut order = Order::simple(id, 0, demand, service, window);
        order.task = task;
        let order = problem.push_order(order, place)?;
        events.push(Event::NewOrder { order, at });
    }
    events.sort_by_key(Event::at);
    Ok(events)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    events: Vec<EventEntry>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
enum EventEntry {
    Traffic {
        area: usize,
        from: Clock,
        until: Clock,
        slower: f64,
    },
    Breakdown {
        vehicle: String,
        at: Clock,
    },
    Cancellation {
        order: String,
        at: Clock,
    },
    Absent {
        order: String,
    },
    Order {
        id: String,
        #[serde(alias = "y")]
        lat: f64,
        #[serde(alias = "x")]
        lon: f64,
        at: Clock,
        from: Option<Clock>,
        due: Clock,
        demand: Option<Demand>,
        service: Option<f64>,
        /// `delivery` (the default) or a collection brought to the depot (`pickup`, `collection`,
        /// `return`).
        task: Option<String>,
        /// Where a shipment's goods are collected first (the order is then their delivery).
        pickup: Option<Box<PickupEntry>>,
    },
}

/// A same-day shipment's pickup: its place, and optionally its own id, window and service.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PickupEntry {
    id: Option<String>,
    #[serde(alias = "y")]
    lat: f64,
    #[serde(alias = "x")]
    lon: f64,
    from: Option<Clock>,
    due: Option<Clock>,
    service: Option<f64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Demand {
    One(f64),
    Each(Vec<f64>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Clock {
    Seconds(f64),
    Text(String),
}

impl Clock {
    fn ticks(&self) -> Result<Time, String> {
        match self {
            Clock::Seconds(s) if s.is_finite() => Ok(to_ticks(*s)),
            Clock::Seconds(_) => Err("not a time".to_string()),
            Clock::Text(text) => crate::formats::csv::clock_seconds(text).map(to_ticks),
        }
    }
}

/// Reads an events file against `problem` (vehicle and order ids); same-day orders are added to
/// `problem`. Errors name the event (1-based) and what is wrong with it; on an error `problem`
/// may hold some of the file's new orders (read into a copy to keep the original).
pub fn read(problem: &mut Problem, file: &str, text: &str) -> Result<Vec<Event>, String> {
    let parsed: EventsFile = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    let mut events = Vec::with_capacity(parsed.events.len());
    for (k, entry) in parsed.events.iter().enumerate() {
        let wrong = |what: String| format!("{file}: event {}: {what}", k + 1);
        let event = match entry {
            EventEntry::Traffic { area, from, until, slower } => {
                if *area >= AREAS {
                    return Err(wrong(format!("area {area} does not exist (areas are 0 to {})", AREAS - 1)));
                }
                if !(slower.is_finite() && *slower > 0.0) {
                    return Err(wrong(format!("slower must be a positive factor, not {slower}")));
                }
                let (from, until) = (from.ticks().map_err(&wrong)?, until.ticks().map_err(&wrong)?);
                if until <= from {
                    return Err(wrong("the incident ends before it starts".to_string()));
                }
                Event::Traffic { area: *area, from, until, slower: *slower }
            }
            EventEntry::Breakdown { vehicle, at } => Event::Breakdown {
                vehicle: problem
                    .vehicles
                    .iter()
                    .position(|v| &v.id == vehicle)
                    .ok_or_else(|| wrong(format!("no vehicle has id '{vehicle}'")))?,
                at: at.ticks().map_err(&wrong)?,
            },
            EventEntry::Cancellation { order, at } => Event::Cancellation {
                order: problem
                    .orders
                    .iter()
                    .position(|o| &o.id == order)
                    .ok_or_else(|| wrong(format!("no order has id '{order}'")))?,
                at: at.ticks().map_err(&wrong)?,
            },
            EventEntry::Absent { order } => Event::Absent {
                order: problem
                    .orders
                    .iter()
                    .position(|o| &o.id == order)
                    .ok_or_else(|| wrong(format!("no order has id '{order}'")))?,
            },
            EventEntry::Order { id, lat, lon, at, from, due, demand, service, task, pickup } => {
                let fresh = |id: &str, problem: &Problem| match problem.orders.iter().any(|o| o.id == id) {
                    true => Err(wrong(format!("an order with id '{id}' exists already"))),
                    false => Ok(()),
                };
                fresh(id, problem)?;
                let place = |lat: f64, lon: f64| match lat.is_finite() && lon.is_finite() {
                    true => Ok(crate::problem::Point { x: lon, y: lat }),
                    false => Err(wrong("the place is not a number".to_string())),
                };
                let task = match task.as_deref().map(|t| t.trim().to_lowercase()) {
                    None => Task::Delivery,
                    Some(t) if t == "delivery" => Task::Delivery,
                    Some(t) if ["pickup", "collection", "return"].contains(&t.as_str()) => Task::Pickup,
                    Some(t) => {
                        return Err(wrong(format!("task '{t}' is none of delivery, pickup (also: collection, return)")))
                    }
                };
                if task == Task::Pickup && pickup.is_some() {
                    return Err(wrong(
                        "a collection is brought to the depot: it has no pickup place of its own".to_string(),
                    ));
                }
                let at = at.ticks().map_err(&wrong)?;
                let from = match from {
                    Some(from) => from.ticks().map_err(&wrong)?,
                    None => at + to_ticks(3600.0),
                };
                let due = due.ticks().map_err(&wrong)?;
                if due < from.max(at) {
                    return Err(wrong("it is due before it can be served".to_string()));
                }
                let (typical_demand, typical_service) = problem.typical_order().unwrap_or(([0; 3], 0));
                let dimensions = problem.dimensions.len().max(1);
                let demand = match demand {
                    None => typical_demand,
                    Some(Demand::One(d)) => [to_load(*d), 0, 0],
                    Some(Demand::Each(each)) if each.len() <= dimensions => {
                        let mut d = [0; 3];
                        for (k, value) in each.iter().enumerate() {
                            d[k] = to_load(*value);
                        }
                        d
                    }
                    Some(Demand::Each(each)) => {
                        return Err(wrong(format!("{} demand values for {dimensions} dimensions", each.len())))
                    }
                };
                if demand.iter().any(|&d| d < 0) {
                    return Err(wrong("a demand is negative".to_string()));
                }
                let seconds = |service: &Option<f64>| match service {
                    Some(s) if s.is_finite() && *s >= 0.0 => Ok(to_ticks(*s)),
                    Some(s) => Err(wrong(format!("service must be seconds, not {s}"))),
                    None => Ok(typical_service),
                };
                let mut order = Order::simple(id.clone(), 0, demand, seconds(service)?, TimeWindow::new(from, due));
                order.task = task;
                let grow = |why: String| wrong(format!("a same-day order needs a new place, but {why}"));
                match pickup {
                    None => {
                        let order = problem.push_order(order, place(*lat, *lon)?).map_err(grow)?;
                        Event::NewOrder { order, at }
                    }
                    Some(p) => {
                        let pickup_id = p.id.clone().unwrap_or_else(|| format!("{id}-pickup"));
                        if pickup_id == *id {
                            return Err(wrong(format!("the pickup and the delivery are both '{id}'")));
                        }
                        fresh(&pickup_id, problem)?;
                        let ready = match &p.from {
                            Some(from) => from.ticks().map_err(&wrong)?,
                            None => at,
                        };
                        let by = match &p.due {
                            Some(due) => due.ticks().map_err(&wrong)?,
                            None => order.windows.envelope().end,
                        };
                        if by < ready.max(at) {
                            return Err(wrong("its pickup is due before it can be collected".to_string()));
                        }
                        let collected =
                            Order::simple(pickup_id, 0, demand, seconds(&p.service)?, TimeWindow::new(ready, by));
                        // The delivery first: a pickup's compatibility looks at its delivery.
                        let (delivery, first) = (problem.orders.len(), problem.orders.len() + 1);
                        order.task = Task::ShipmentDelivery { pickup: first };
                        let collected = Order { task: Task::ShipmentPickup { delivery }, ..collected };
                        let (to, from) = (place(*lat, *lon)?, place(p.lat, p.lon)?);
                        let order = problem.push_order(order, to).map_err(&grow)?;
                        problem.push_order(collected, from).map_err(grow)?;
                        Event::NewOrder { order, at }
                    }
                }
            }
        };
        events.push(event);
    }
    events.sort_by_key(Event::at);
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    /// A collection and a shipment read from an events file: their tasks, places, windows and
    /// the shipment's two halves paired; mistakes named with the event's number.
    #[test]
    fn same_day_collections_and_shipments_read_from_a_file() {
        let problem = city(&CitySpec::lyon("events", 40, 1));
        let read = |text: &str| read(&mut problem.clone(), "events.json", text);
        let text = r#"{"events": [
            {"type": "order", "id": "shop-1", "task": "Collection", "lat": 45.76, "lon": 4.84, "at": "13:00", "due": "16:00"},
            {"type": "order", "id": "web-9", "lat": 45.75, "lon": 4.85, "at": "10:30", "due": "15:00",
             "pickup": {"lat": 45.77, "lon": 4.83, "from": "11:00", "service": 90}}]}"#;
        let mut grown = problem.clone();
        let events = super::read(&mut grown, "events.json", text).unwrap();
        let n = problem.orders.len();
        assert_eq!(grown.orders.len(), n + 3);
        let hour = |h: f64| to_ticks(h * 3600.0);
        assert_eq!(
            events,
            vec![Event::NewOrder { order: n + 1, at: hour(10.5) }, Event::NewOrder { order: n, at: hour(13.0) }]
        );
        let (collection, delivery, pickup) = (&grown.orders[n], &grown.orders[n + 1], &grown.orders[n + 2]);
        assert_eq!(
            (collection.task, collection.windows.envelope()),
            (Task::Pickup, TimeWindow::new(hour(14.0), hour(16.0)))
        );
        assert_eq!(delivery.task, Task::ShipmentDelivery { pickup: n + 2 });
        assert_eq!((pickup.id.as_str(), pickup.task), ("web-9-pickup", Task::ShipmentPickup { delivery: n + 1 }));
        assert_eq!(pickup.windows.envelope(), TimeWindow::new(hour(11.0), hour(15.0)));
        assert_eq!((pickup.service, pickup.demand), (to_ticks(90.0), delivery.demand));
        assert_eq!(grown.points[pickup.location], crate::problem::Point { x: 4.83, y: 45.77 });
        assert!((0..grown.vehicles.len()).any(|v| grown.compatible(n + 2, v) && grown.compatible(n + 1, v)));

        let one = |fields: &str| {
            format!(
                r#"{{"events": [{{"type": "order", "id": "x", "lat": 45.76, "lon": 4.84, "at": "13:00", "due": "16:00"{fields}}}]}}"#
            )
        };
        assert_eq!(
            read(&one(r#", "task": "drop-off""#)).unwrap_err(),
            "events.json: event 1: task 'drop-off' is none of delivery, pickup (also: collection, return)"
        );
        assert_eq!(
            read(&one(r#", "task": "return", "pickup": {"lat": 45.7, "lon": 4.8}"#)).unwrap_err(),
            "events.json: event 1: a collection is brought to the depot: it has no pickup place of its own"
        );
        assert_eq!(
            read(&one(r#", "pickup": {"id": "x", "lat": 45.7, "lon": 4.8}"#)).unwrap_err(),
            "events.json: event 1: the pickup and the delivery are both 'x'"
        );
        assert_eq!(
            read(&one(r#", "pickup": {"lat": 45.7, "lon": 4.8, "from": "17:00"}"#)).unwrap_err(),
            "events.json: event 1: its pickup is due before it can be collected"
        );
        let existing = &problem.orders[0].id;
        assert_eq!(
            read(&one(&format!(r#", "pickup": {{"id": "{existing}", "lat": 45.7, "lon": 4.8}}"#))).unwrap_err(),
            format!("events.json: event 1: an order with id '{existing}' exists already")
        );
    }

    /// Collections drawn from a seed: numbered past the day's ids, collected for the depot,
    /// the same for the same seed and apart from the same-day deliveries' draws.
    #[test]
    fn same_day_collections_are_drawn_from_the_seed() {
        let mut problem = city(&CitySpec::lyon("events", 60, 2));
        let options =
            crate::search::SolveOptions { max_iterations: 50, time_limit_ms: f64::INFINITY, ..Default::default() };
        let plan = crate::search::solve(&problem, &options, &|| 0.0, &mut |_| true);
        let mut again = problem.clone();
        let n = problem.orders.len();
        let a = same_day_collections(&mut problem, &plan, 7, 5).unwrap();
        assert_eq!(a, same_day_collections(&mut again, &plan, 7, 5).unwrap());
        assert_eq!(problem.orders[n].id, "collection-001");
        assert!(problem.orders[n..].iter().all(|o| o.task == Task::Pickup));
        let more = same_day_collections(&mut problem, &plan, 7, 1).unwrap();
        assert_eq!(more.len(), 1);
        assert_eq!(problem.orders[n + 5].id, "collection-006");
        let deliveries = same_day_orders(&mut again, &plan, 7, 5).unwrap();
        assert_ne!(again.points[again.orders[n + 5].location], problem.points[problem.orders[n].location]);
        assert!(deliveries.iter().all(|e| matches!(e, Event::NewOrder { .. })));
    }
}
