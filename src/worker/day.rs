//! The delivery day in motion, on the worker's side: the planner's setup made into the engine's
//! day settings and events, the day simulated under each way of reacting
//! (`lastmile_solver::simulation`), and the compact view the "Day in motion" page watches: per
//! route the planned and driven times as numbers, the feed, the alerts, the comparison table;
//! and the control tower's forecasts at a moment (`simulation::snapshot`), read off the watched
//! day the session keeps ([`WatchedDay`]) instead of simulating it again.

use lastmile_solver::simulation::{
    self, simulate, snapshot, Absence, DaySettings, Event, EventCounts, Failure, Spread,
};
use lastmile_solver::simulation::{day::RouteDay, SimulatedDay};
use lastmile_solver::units::{from_ticks, to_ticks, Time};
use lastmile_solver::{Plan, Problem};

use super::convert;
use crate::protocol::{
    AddedOrder, AlertView, DayAnswer, DayRequest, EngineError, EtaView, FailedDelivery, FailureKind, MomentAnswer,
    MomentRequest, Reaction, Roughness, RouteMotion, StopTimes, WaysProgress,
};

/// The engine's spread of travel and service times for each preset.
pub fn spread(roughness: Roughness) -> Spread {
    match roughness {
        Roughness::Calm => Spread { absent: 0.01, travel: 0.05, service: 0.1, rush: 0.05 },
        Roughness::Normal => Spread::default(),
        Roughness::Rough => Spread { absent: 0.06, travel: 0.3, service: 0.45, rush: 0.4 },
    }
}

/// The day a request describes: the problem with its same-day orders added, the plan, the
/// settings and the events (drawn from the seed; the planner's breakdown read as an events file
/// would be: its vehicle by id, its time as a clock; the planner's events file; same-day orders
/// and collections drawn near the customers).
struct Prepared {
    problem: Problem,
    /// How many orders the scenario has (those after are the day's own).
    scenario_orders: usize,
    plan: Plan,
    settings: DaySettings,
    events: Vec<Event>,
}

fn prepare(problem: &Problem, request: &DayRequest) -> Result<Prepared, EngineError> {
    let setup = &request.setup;
    let plan = convert::plan_from(problem, &request.routes)?;
    if plan.routes.iter().all(|r| r.stops.is_empty()) {
        return Err(EngineError::failed("The plan has no route to drive: plan the day first (Planner page)."));
    }
    let counts = EventCounts { incidents: setup.incidents, breakdowns: 0, cancellations: setup.cancellations };
    let mut events = simulation::events::draw(problem, &plan, setup.seed, counts);
    if let Some(breakdown) = &setup.breakdown {
        let file =
            serde_json::json!({"events": [{"type": "breakdown", "vehicle": breakdown.vehicle, "at": breakdown.at}]});
        let read = simulation::events::read(&mut problem.clone(), "breakdown", &file.to_string())
            .map_err(EngineError::failed)?;
        events.extend(read);
    }
    let scenario_orders = problem.orders.len();
    let mut problem = problem.clone();
    // The planner's events file, then the seed's same-day orders and collections (the CLI's order).
    if let Some(file) = &setup.events {
        if file.text.len() > MAX_EVENTS_FILE {
            return Err(EngineError::failed(format!(
                "{}: an events file of at most {} MB, not {:.1} MB.",
                file.name,
                MAX_EVENTS_FILE >> 20,
                file.text.len() as f64 / (1 << 20) as f64
            )));
        }
        events.extend(simulation::events::read(&mut problem, &file.name, &file.text).map_err(EngineError::failed)?);
        events.sort_by_key(Event::at);
    }
    for (count, what) in
        [(setup.same_day_orders, "same-day orders"), (setup.same_day_collections, "same-day collections")]
    {
        if count > MAX_SAME_DAY {
            return Err(EngineError::failed(format!("At most {MAX_SAME_DAY} {what}, not {count}.")));
        }
    }
    let placed = simulation::events::same_day_orders(&mut problem, &plan, setup.seed, setup.same_day_orders)
        .map_err(EngineError::failed)?;
    events.extend(placed);
    let asked = simulation::events::same_day_collections(&mut problem, &plan, setup.seed, setup.same_day_collections)
        .map_err(EngineError::failed)?;
    events.extend(asked);
    events.sort_by_key(Event::at);
    let absence = match setup.failed_delivery {
        FailedDelivery::NextDay => Absence::NextDay,
        FailedDelivery::Reattempt => Absence::Reattempt { after: to_ticks(setup.reattempt_after_min as f64 * 60.0) },
        FailedDelivery::Locker => Absence::Locker,
    };
    let settings = DaySettings { seed: setup.seed, spread: spread(setup.roughness), absence, ..DaySettings::default() };
    Ok(Prepared { problem, scenario_orders, plan, settings, events })
}

/// The largest events file a day reads (it is kept with the day's setup in the browser).
const MAX_EVENTS_FILE: usize = 1 << 20;

/// Most same-day orders a day takes (and most same-day collections).
const MAX_SAME_DAY: usize = 2_000;

/// The search's budget per re-plan (iterations, so a day repeats).
pub const REPLAN_ITERATIONS: usize = 1_000;

/// The ways of reacting the page compares: the engine's list.
pub fn ways() -> Vec<simulation::Reaction> {
    simulation::Reaction::compared(REPLAN_ITERATIONS)
}

/// The same day under each way of reacting, by name, in the engine's order; `finished` hears of
/// each as it ends (how many so far, its name), on the calling thread. On more than one thread
/// the ways run side by side on the rayon pool: a simulation depends on its inputs alone, so the
/// days are the same as one after the other.
fn reactions(day: &Prepared, threads: usize, finished: &mut dyn FnMut(usize, &str)) -> Vec<(String, SimulatedDay)> {
    let ways = ways();
    let run = |way: &simulation::Reaction| simulate(&day.problem, &day.plan, &day.settings, &day.events, way);
    if threads <= 1 {
        return ways
            .iter()
            .enumerate()
            .map(|(k, way)| {
                let simulated = run(way);
                finished(k + 1, &way.name());
                (way.name(), simulated)
            })
            .collect();
    }
    let mut days: Vec<Option<SimulatedDay>> = ways.iter().map(|_| None).collect();
    rayon::in_place_scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        for (k, way) in ways.iter().enumerate() {
            let (sender, run) = (sender.clone(), &run);
            scope.spawn(move |_| {
                let _ = sender.send((k, run(way)));
            });
        }
        drop(sender);
        // This thread (the worker's, whose progress callback this is) hears of each as it ends.
        for (done, (k, simulated)) in receiver.iter().enumerate() {
            finished(done + 1, &ways[k].name());
            days[k] = Some(simulated);
        }
    });
    ways.iter().zip(days).filter_map(|(way, day)| Some((way.name(), day?))).collect()
}

/// The day of the last `Day` request, under the way of reacting it watches, kept by the session
/// (dropped with its scenario) so that the clock's forecasts read it instead of simulating the
/// day again.
pub struct WatchedDay {
    request: DayRequest,
    day: Prepared,
    simulated: SimulatedDay,
}

impl WatchedDay {
    /// The request whose day this is.
    pub fn request(&self) -> &DayRequest {
        &self.request
    }

    /// The day of `request` under the way of reacting it watches, simulated alone.
    fn simulate(problem: &Problem, request: &DayRequest) -> Result<WatchedDay, EngineError> {
        let day = prepare(problem, request)?;
        let ways = ways();
        let way = ways[request.setup.watch.min(ways.len() - 1)];
        let simulated = simulate(&day.problem, &day.plan, &day.settings, &day.events, &way);
        Ok(WatchedDay { request: request.clone(), day, simulated })
    }
}

/// Times as the page reads them: seconds, whole for clock times, hundredths for x/y files.
fn seconds(problem: &Problem, t: Time) -> f64 {
    let value = from_ticks(t);
    match problem.coordinates {
        lastmile_solver::problem::Coordinates::Planar => (value * 100.0).round() / 100.0,
        _ => value.round(),
    }
}

/// Simulates the day of `request` under every way of reacting (on `threads`), reporting each
/// way as it ends, and keeps the watched one in `kept` for the forecasts that follow.
pub fn day(
    problem: &Problem,
    request: &DayRequest,
    threads: usize,
    kept: &mut Option<WatchedDay>,
    progress: &mut dyn FnMut(&WaysProgress),
) -> Result<DayAnswer, EngineError> {
    // One day kept at a time: the last one goes before the next is prepared.
    *kept = None;
    let prepared = prepare(problem, request)?;
    let ways = ways().len();
    progress(&WaysProgress { simulated: 0, ways, finished: None });
    let mut days = reactions(&prepared, threads, &mut |simulated, name| {
        progress(&WaysProgress { simulated, ways, finished: Some(name.to_string()) })
    });
    let watched = request.setup.watch.min(days.len() - 1);
    let answer = answer(&prepared, &days, watched);
    *kept = Some(WatchedDay { request: request.clone(), day: prepared, simulated: days.swap_remove(watched).1 });
    Ok(answer)
}

/// The page's view of a simulated day: the table of every way, and the watched one in full.
fn answer(prepared: &Prepared, days: &[(String, SimulatedDay)], watched: usize) -> DayAnswer {
    let problem = &prepared.problem;
    let plan = &prepared.plan;
    let table = days.iter().map(|(name, d)| Reaction { name: name.clone(), rows: d.scorecard.rows(problem) }).collect();
    let day = &days[watched].1;
    // With the watched day's second attempts and locker drops, after the same-day orders.
    let problem = day.problem(problem);
    let s = |t: Time| seconds(problem, t);
    let routes: Vec<RouteMotion> = day.routes.iter().map(|r| route_motion(problem, plan, r)).collect();
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
    let added = problem.orders[prepared.scenario_orders..]
        .iter()
        .map(|o| AddedOrder { id: o.id.clone(), point: [problem.points[o.location].x, problem.points[o.location].y] })
        .collect();
    DayAnswer {
        planar: problem.coordinates == lastmile_solver::problem::Coordinates::Planar,
        table,
        watched,
        start: s(start),
        end: s(end),
        routes,
        feed: day.feed.iter().map(|(t, text)| (s(*t), text.clone())).collect(),
        alerts,
        routed: plan.routes.iter().map(|r| r.stops.len()).sum(),
        added,
    }
}

fn route_motion(problem: &Problem, plan: &Plan, route: &RouteDay) -> RouteMotion {
    let s = |t: Time| seconds(problem, t);
    let times =
        |v: &lastmile_solver::plan::Visit| StopTimes(v.order, s(v.arrival), s(v.start), s(v.departure), v.late_by > 0);
    // A vehicle's first run is the plan's route; a run it goes out again on was re-planned.
    let first_run = route.depot == problem.vehicles[route.vehicle].start_depot;
    let schedule = plan.routes.iter().find(|p| p.vehicle == route.vehicle && first_run).map(|p| p.schedule(problem));
    let last_planned = route.planned.last().map_or(route.departure, |v| v.departure);
    RouteMotion {
        vehicle: problem.vehicles[route.vehicle].id.clone(),
        start: problem.depots[route.depot].location,
        end: problem.vehicle_end(route.vehicle),
        planned_departure: s(schedule.as_ref().map_or(route.departure, |p| p.departure)),
        planned: route.planned.iter().map(times).collect(),
        planned_return: s(schedule.as_ref().map_or(last_planned, |p| p.return_time)),
        departure: s(route.departure),
        driven: route.driven.visits.iter().map(times).collect(),
        reloads: route
            .driven
            .reloads
            .iter()
            .map(|r| (r.before, problem.depots[r.depot].location, s(r.arrival), s(r.departure)))
            .collect(),
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
                    Failure::NotServed => FailureKind::NotServed,
                };
                (order, kind)
            })
            .collect(),
    }
}

/// The control tower's forecasts at a moment of the day `kept` holds when it is the request's,
/// else of the request's day simulated now (and kept in its place).
pub fn moment(
    problem: &Problem,
    request: &MomentRequest,
    kept: &mut Option<WatchedDay>,
) -> Result<MomentAnswer, EngineError> {
    let watched = match kept.take() {
        Some(watched) if watched.request == request.day => kept.insert(watched),
        other => {
            drop(other);
            kept.insert(WatchedDay::simulate(problem, &request.day)?)
        }
    };
    let problem = watched.simulated.problem(&watched.day.problem);
    let route = watched
        .simulated
        .routes
        .get(request.run)
        .filter(|r| problem.vehicles[r.vehicle].id == request.vehicle)
        .ok_or_else(|| EngineError::failed(format!("{} has no run {} this day", request.vehicle, request.run + 1)))?;
    let etas = snapshot::forecast(problem, route, to_ticks(request.at))
        .iter()
        .map(|e| {
            let window_end = problem.orders[e.order].windows.envelope().end;
            EtaView(e.order, seconds(problem, e.arrival), seconds(problem, window_end))
        })
        .collect();
    Ok(MomentAnswer { vehicle: request.vehicle.clone(), at: request.at, etas })
}
