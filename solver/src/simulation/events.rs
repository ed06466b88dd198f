//! What happens to a delivery day besides slow roads: traffic incidents, breakdowns,
//! cancellations. Scheduled by the user (an events file) or drawn from a seed.
//!
//! Events file (JSON): `{"events": [...]}`, each one of
//! - `{"type": "traffic", "area": 5, "from": "08:00", "until": "10:00", "slower": 1.8}`: legs
//!   leaving area 5 (of the 4 × 4 grid over the places, numbered row by row from the south-west)
//!   in that period take 1.8 × as long;
//! - `{"type": "breakdown", "vehicle": "van-hub-2", "at": "11:00"}`;
//! - `{"type": "cancellation", "order": "lyon-0042", "at": "09:30"}`.
//!
//! Times are clock times (`HH:MM`, `HH:MM:SS`) or seconds after midnight.

use serde::Deserialize;

use super::reality::{Reality, AREAS};
use crate::plan::Plan;
use crate::problem::Problem;
use crate::units::{to_ticks, Time};

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Legs leaving `area` between `from` and `until` take `slower` × as long.
    Traffic { area: usize, from: Time, until: Time, slower: f64 },
    /// The vehicle stops where it is at `at`: what it has not served fails.
    Breakdown { vehicle: usize, at: Time },
    /// The customer cancels at `at`: served only if the vehicle is already on its way.
    Cancellation { order: usize, at: Time },
}

impl Event {
    /// When the event becomes known.
    pub fn at(&self) -> Time {
        match *self {
            Event::Traffic { from, .. } => from,
            Event::Breakdown { at, .. } | Event::Cancellation { at, .. } => at,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    events: Vec<EventEntry>,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
enum EventEntry {
    Traffic { area: usize, from: Clock, until: Clock, slower: f64 },
    Breakdown { vehicle: String, at: Clock },
    Cancellation { order: String, at: Clock },
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

/// Reads an events file against `problem` (vehicle and order ids); errors name the event
/// (1-based) and what is wrong with it.
pub fn read(problem: &Problem, file: &str, text: &str) -> Result<Vec<Event>, String> {
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
        };
        events.push(event);
    }
    events.sort_by_key(Event::at);
    Ok(events)
}
