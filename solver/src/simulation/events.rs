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
//!
//! Times are clock times (`HH:MM`, `HH:MM:SS`) or seconds after midnight.

use serde::Deserialize;

use super::reality::{Reality, AREAS};
use crate::plan::Plan;
use crate::problem::{Order, Problem, TimeWindow};
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
    if count == 0 {
        return Ok(Vec::new());
    }
    problem.can_grow().map_err(|why| format!("same-day orders need a new place each, but {why}"))?;
    let (demand, service) = problem.typical_order().ok_or("same-day orders need a day with orders to copy")?;
    let reality = Reality::new(problem, seed, super::Spread::NONE);
    let schedules: Vec<_> = plan.routes.iter().filter(|r| !r.stops.is_empty()).map(|r| r.schedule(problem)).collect();
    let (Some(first), Some(last)) = (
        schedules.iter().map(|s| s.departure).min(),
        schedules.iter().flat_map(|s| s.visits.last()).map(|v| v.arrival).max(),
    ) else {
        return Err("same-day orders arrive during a planned day: plan the day first".to_string());
    };
    let customers: Vec<usize> = plan.routes.iter().flat_map(|r| r.stops.iter().copied()).collect();
    let jitter = match problem.coordinates {
        crate::problem::Coordinates::Geographic => 0.01,
        crate::problem::Coordinates::Planar => 5.0,
    };
    let hour = to_ticks(3600.0);
    problem.reserve_orders(count);
    let mut events = Vec::with_capacity(count);
    for k in 0..count {
        let u = reality.draw(&[15, k as u64]);
        let near = problem.points
            [problem.orders[customers[(u[0] * customers.len() as f64) as usize % customers.len()]].location];
        let at = first + ((last - first) as f64 * 2.0 / 3.0 * u[1]) as Time;
        let place =
            crate::problem::Point { x: near.x + jitter * (2.0 * u[2] - 1.0), y: near.y + jitter * (2.0 * u[3] - 1.0) };
        let window = TimeWindow::new(at + hour, at + 4 * hour);
        let order = Order::simple(format!("same-day-{:03}", k + 1), 0, demand, service, window);
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
    },
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
            EventEntry::Order { id, lat, lon, at, from, due, demand, service } => {
                if problem.orders.iter().any(|o| &o.id == id) {
                    return Err(wrong(format!("an order with id '{id}' exists already")));
                }
                if !(lat.is_finite() && lon.is_finite()) {
                    return Err(wrong("the place is not a number".to_string()));
                }
                let at = at.ticks().map_err(&wrong)?;
                let from = match from {
                    Some(from) => from.ticks().map_err(&wrong)?,
                    None => at + to_ticks(3600.0),
                };
                let due = due.ticks().map_err(&wrong)?;
                if due < from.max(at) {
                    return Err(wrong("it is due before it can be delivered".to_string()));
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
                let service = match service {
                    Some(s) if s.is_finite() && *s >= 0.0 => to_ticks(*s),
                    Some(s) => return Err(wrong(format!("service must be seconds, not {s}"))),
                    None => typical_service,
                };
                let window = TimeWindow::new(from, due);
                let order = Order::simple(id.clone(), 0, demand, service, window);
                let order = problem
                    .push_order(order, crate::problem::Point { x: *lon, y: *lat })
                    .map_err(|why| wrong(format!("a same-day order needs a new place, but {why}")))?;
                Event::NewOrder { order, at }
            }
        };
        events.push(event);
    }
    events.sort_by_key(Event::at);
    Ok(events)
}
