//! The delivery day in motion, on the worker's side: the planner's setup made into the engine's
//! day settings and events, the day simulated under each way of reacting
//! (`lastmile_solver::simulation`), and the compact view the "Day in motion" page watches: per
//! route the planned and driven times as numbers, the feed, the alerts, the comparison table;
//! and the control tower's forecasts at a moment (`simulation::snapshot`).

use lastmile_solver::simulation::{self, simulate, snapshot, DaySettings, Event, EventCounts, Failure, Spread};
use lastmile_solver::simulation::{day::RouteDay, SimulatedDay};
use lastmile_solver::units::{from_ticks, to_ticks, Time};
use lastmile_solver::{Plan, Problem};

use super::convert;
use crate::protocol::{
    AlertView, DayAnswer, DayRequest, EngineError, EtaView, FailureKind, MomentAnswer, MomentRequest, Reaction,
    Roughness, RouteMotion, StopTimes,
};

/// The engine's spread of travel and service times for each preset.
pub fn spread(roughness: Roughness) -> Spread {
    match roughness {
        Roughness::Calm => Spread { absent: 0.01, travel: 0.05, service: 0.1, rush: 0.05 },
        Roughness::Normal => Spread::default(),
        Roughness::Rough => Spread { absent: 0.06, travel: 0.3, service: 0.45, rush: 0.4 },
    }
}

/// The plan the request names, the day's settings and its events (drawn from the seed, and the
/// planner's breakdown read as an events file would be: its vehicle by id, its time as a clock).
fn prepare(problem: &Problem, request: &DayRequest) -> Result<(Plan, DaySettings, Vec<Event>), EngineError> {
    let setup = &request.setup;
    if setup.same_day_orders > 0 {
        return Err(EngineError::failed("Same-day orders are not simulated yet: set them to 0."));
    }
    let plan = convert::plan_from(problem, &request.routes)?;
    if plan.routes.iter().all(|r| r.stops.is_empty()) {
        return Err(EngineError::failed("The plan has no route to drive: plan the day first (Planner page)."));
    }
    let counts = EventCounts { incidents: setup.incidents, breakdowns: 0, cancellations: setup.cancellations };
    let mut events = simulation::events::draw(problem, &plan, setup.seed, counts);
    if let Some(breakdown) = &setup.breakdown {
        let file =
            serde_json::json!({"events": [{"type": "breakdown", "vehicle": breakdown.vehicle, "at": breakdown.at}]});
        let read = simulation::events::read(problem, "breakdown", &file.to_string()).map_err(EngineError::failed)?;
        events.extend(read);
    }
    events.sort_by_key(Event::at);
    let settings = DaySettings { seed: setup.seed, spread: spread(setup.roughness), ..DaySettings::default() };
    Ok((plan, settings, events))
}

/// The same day under each way of reacting, by name; the first is the one watched.
fn reactions(problem: &Problem, plan: &Plan, settings: &DaySettings, events: &[Event]) -> Vec<(String, SimulatedDay)> {
    vec![("no re-planning".to_string(), simulate(problem, plan, settings, events))]
}

/// The watched day of a request.
fn watched_day(problem: &Problem, request: &DayRequest) -> Result<(Plan, Vec<(String, SimulatedDay)>), EngineError> {
    let (plan, settings, events) = prepare(problem, request)?;
    let days = reactions(problem, &plan, &settings, &events);
    Ok((plan, days))
}

/// Times as the page reads them: seconds, whole for clock times, hundredths for x/y files.
fn seconds(problem: &Problem, t: Time) -> f64 {
    let value = from_ticks(t);
    match problem.coordinates {
        lastmile_solver::problem::Coordinates::Planar => (value * 100.0).round() / 100.0,
        _ => value.round(),
    }
}

pub fn day(problem: &Problem, request: &DayRequest) -> Result<DayAnswer, EngineError> {
    let (plan, days) = watched_day(problem, request)?;
    let table = days.iter().map(|(name, d)| Reaction { name: name.clone(), rows: d.scorecard.rows(problem) }).collect();
    let watched = 0;
    let day = &days[watched].1;
    let s = |t: Time| seconds(problem, t);
    let routes: Vec<RouteMotion> = day.routes.iter().map(|r| route_motion(problem, &plan, r)).collect();
    let alerts = day
        .scorecard
        .alerts
        .iter()
        .filter_map(|a| {
            let route = day.routes.iter().position(|r| r.vehicle == a.vehicle)?;
            Some(AlertView { order: a.order, route, at: s(a.at), window_end: s(a.window_end), late: a.late })
        })
        .collect();
    let start = day.routes.iter().map(|r| r.departure).min().unwrap_or(0);
    let end = day.routes.iter().map(|r| r.driven.off_duty.max(r.departure)).max().unwrap_or(start);
    Ok(DayAnswer {
        planar: problem.coordinates == lastmile_solver::problem::Coordinates::Planar,
        table,
        watched,
        start: s(start),
        end: s(end),
        routes,
        feed: day.feed.iter().map(|(t, text)| (s(*t), text.clone())).collect(),
        alerts,
        routed: plan.routes.iter().map(|r| r.stops.len()).sum(),
    })
}

fn route_motion(problem: &Problem, plan: &Plan, route: &RouteDay) -> RouteMotion {
    let s = |t: Time| seconds(problem, t);
    let times =
        |v: &lastmile_solver::plan::Visit| StopTimes(v.order, s(v.arrival), s(v.start), s(v.departure), v.late_by > 0);
    let schedule = plan.routes.iter().find(|p| p.vehicle == route.vehicle).map(|p| p.schedule(problem));
    let last_planned = route.planned.last().map_or(route.departure, |v| v.departure);
    RouteMotion {
        vehicle: problem.vehicles[route.vehicle].id.clone(),
        start: problem.vehicle_start(route.vehicle),
        end: problem.vehicle_end(route.vehicle),
        planned_departure: s(schedule.as_ref().map_or(route.departure, |p| p.departure)),
        planned: route.planned.iter().map(times).collect(),
        planned_return: s(schedule.as_ref().map_or(last_planned, |p| p.return_time)),
        departure: s(route.departure),
        driven: route.driven.visits.iter().map(times).collect(),
        rest: route.driven.rest.map(|b| [s(b.start), s(b.end)]),
        return_time: s(route.driven.return_time),
        off_duty: s(route.driven.off_duty),
        returned: route.returned,
        shift_end: s(route.shift_end),
        failed: route
            .failed
            .iter()
            .map(|&(order, why)| {
                let kind = match why {
                    Failure::Absent => FailureKind::Absent,
                    Failure::Breakdown => FailureKind::Breakdown,
                    Failure::Cancelled => FailureKind::Cancelled,
                };
                (order, kind)
            })
            .collect(),
    }
}

pub fn moment(problem: &Problem, request: &MomentRequest) -> Result<MomentAnswer, EngineError> {
    let (_, days) = watched_day(problem, &request.day)?;
    let day = &days[0].1;
    let route = day
        .routes
        .iter()
        .find(|r| problem.vehicles[r.vehicle].id == request.vehicle)
        .ok_or_else(|| EngineError::failed(format!("{} has no route this day", request.vehicle)))?;
    let etas = snapshot::forecast(problem, route, to_ticks(request.at))
        .iter()
        .map(|e| {
            let window_end = problem.orders[e.order].windows.envelope().end;
            EtaView(e.order, seconds(problem, e.arrival), seconds(problem, window_end))
        })
        .collect();
    Ok(MomentAnswer { vehicle: request.vehicle.clone(), at: request.at, etas })
}
