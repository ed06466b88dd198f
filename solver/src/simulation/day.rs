//! The delivery day as it happens: every route of a plan driven at reality's pace, watched by a
//! control tower that forecasts each remaining stop's arrival every few minutes from what it
//! knows (where each vehicle is, the plan's travel and service times), raises an alert when a
//! forecast passes a window's end, and keeps customers informed with an arrival range.

use super::events::Event;
use super::journey::{drive, Driven, Planned, Start};
use super::reality::{Reality, Spread};
use super::scorecard::{Alert, Scorecard};
use crate::plan::{Plan, Visit};
use crate::problem::Problem;
use crate::units::{to_ticks, Time};

/// How the day is simulated and watched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DaySettings {
    pub seed: u64,
    pub spread: Spread,
    /// How often the control tower forecasts (ticks).
    pub check_every: Time,
    /// Half the width of the arrival range a customer is told (ticks).
    pub range: Time,
}

impl Default for DaySettings {
    fn default() -> Self {
        DaySettings { seed: 1, spread: Spread::default(), check_every: to_ticks(300.0), range: to_ticks(600.0) }
    }
}

/// Why a routed order was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Nobody was in when the driver came.
    Absent,
    /// Its vehicle broke down first.
    Breakdown,
    /// The customer cancelled before the vehicle left for it.
    Cancelled,
}

/// One route's day: as planned and as driven.
#[derive(Clone, Debug)]
pub struct RouteDay {
    pub vehicle: usize,
    /// The stops still on the route (served, attempted or to come).
    pub stops: Vec<usize>,
    pub departure: Time,
    pub planned: Vec<Visit>,
    pub driven: Driven,
    /// Where the plan takes the break (before this stop; the stop count: at the end).
    break_at: Option<usize>,
    /// False when the vehicle broke down on the road.
    pub returned: bool,
    /// Orders taken off the route, and why.
    pub failed: Vec<(usize, Failure)>,
    /// When the vehicle must be off duty.
    pub shift_end: Time,
}

impl RouteDay {
    /// Distance really driven: the legs to every stop reached, and home unless it broke down.
    pub fn distance(&self, problem: &Problem) -> crate::units::Dist {
        let m = problem.matrix(self.vehicle);
        let mut at = problem.vehicle_start(self.vehicle);
        let mut distance = 0;
        for v in &self.driven.visits {
            let next = problem.orders[v.order].location;
            distance += m.dist(at, next);
            at = next;
        }
        if self.returned && !self.driven.visits.is_empty() {
            distance += m.dist(at, problem.vehicle_end(self.vehicle));
        }
        distance
    }

    /// Drives the stops from index `from` on again (after a change), keeping what came before.
    fn redrive(&mut self, problem: &Problem, from: usize, reality: &Reality) {
        self.driven.visits.truncate(from);
        let start = match from {
            0 => Start { location: problem.vehicle_start(self.vehicle), time: self.departure, not_before: Time::MIN },
            _ => Start {
                location: problem.orders[self.stops[from - 1]].location,
                time: self.driven.visits[from - 1].departure,
                not_before: Time::MIN,
            },
        };
        let taken = self.driven.rest.filter(|b| b.before_stop < from);
        let pending = if taken.is_some() { None } else { self.break_at };
        let rest = drive(problem, self.vehicle, &self.stops[from..], from, start, pending, reality);
        self.driven.visits.extend(rest.visits);
        self.driven.rest = taken.or(rest.rest);
        self.driven.return_time = rest.return_time;
        self.driven.off_duty = rest.off_duty;
    }
}

/// A simulated day: each route as driven, what happened, and the scorecard.
#[derive(Clone, Debug)]
pub struct SimulatedDay {
    pub routes: Vec<RouteDay>,
    /// What the control tower saw, in time order: events and alerts, in words.
    pub feed: Vec<(Time, String)>,
    pub scorecard: Scorecard,
}

/// What the control tower knows of one stop while the day runs.
#[derive(Clone, Debug, Default)]
struct Watch {
    /// Forecasts of the arrival: (made at, arriving at).
    forecasts: Vec<(Time, Time)>,
    alerted: bool,
    /// The arrival range last told to the customer.
    told: Option<(Time, Time)>,
}

/// Drives `plan` through the day `settings` describe, with `events`, without re-planning.
pub fn simulate(problem: &Problem, plan: &Plan, settings: &DaySettings, events: &[Event]) -> SimulatedDay {
    let reality = Reality::new(problem, settings.seed, settings.spread).with_incidents(events);
    let mut routes: Vec<RouteDay> = plan
        .routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|route| {
            let schedule = route.schedule(problem);
            let mut day = RouteDay {
                vehicle: route.vehicle,
                stops: route.stops.clone(),
                departure: schedule.departure,
                planned: schedule.visits,
                driven: Driven::default(),
                break_at: schedule.rest.map(|b| b.before_stop),
                returned: true,
                failed: Vec::new(),
                shift_end: schedule.shift_end,
            };
            day.redrive(problem, 0, &reality);
            day
        })
        .collect();
    let mut events: Vec<&Event> = events.iter().collect();
    events.sort_by_key(|e| e.at());
    let mut pending = events.into_iter().peekable();
    let mut watches = vec![Watch::default(); problem.orders.len()];
    let mut card = Scorecard::default();
    let mut feed = Vec::new();
    if let Some(first) = routes.iter().map(|r| r.departure).min() {
        let step = settings.check_every.max(1);
        let mut now = first;
        loop {
            while let Some(event) = pending.next_if(|e| e.at() <= now) {
                happen(problem, event, &mut routes, &reality, &mut feed);
            }
            let last = routes.iter().map(|r| r.driven.off_duty).max().unwrap_or(now);
            if now > last && pending.peek().is_none() {
                break;
            }
            for route in &routes {
                watch(problem, route, now, settings, &mut watches, &mut card, &mut feed);
            }
            now += step;
        }
    }
    for route in &mut routes {
        let absent: Vec<_> = route
            .driven
            .visits
            .iter()
            .filter(|v| reality.absent(v.order))
            .map(|v| (v.order, Failure::Absent))
            .collect();
        route.failed.extend(absent);
    }
    card.in_range = routes
        .iter()
        .flat_map(|r| r.driven.visits.iter())
        .filter(|v| watches[v.order].told.is_some_and(|(from, to)| (from..=to).contains(&v.arrival)))
        .count();
    card.close(problem, &routes, &watches.iter().map(|w| w.forecasts.as_slice()).collect::<Vec<_>>());
    feed.sort_by_key(|(t, _)| *t);
    SimulatedDay { routes, feed, scorecard: card }
}

/// An event changes the routes from its moment on.
fn happen(
    problem: &Problem,
    event: &Event,
    routes: &mut [RouteDay],
    reality: &Reality,
    feed: &mut Vec<(Time, String)>,
) {
    let clock = |t: Time| crate::units::clock(problem, t);
    match *event {
        Event::Traffic { area, from, until, slower } => feed.push((
            from,
            format!("traffic incident in area {area} until {}: travel {slower:.1} × slower", clock(until)),
        )),
        Event::Breakdown { vehicle, at } => {
            let id = &problem.vehicles[vehicle].id;
            let Some(route) = routes.iter_mut().find(|r| r.vehicle == vehicle) else {
                feed.push((at, format!("{id} broke down (it had no route)")));
                return;
            };
            // Services begun are finished; the rest fails.
            let done = route.driven.visits.iter().take_while(|v| v.start < at).count();
            if done == route.stops.len() && route.driven.return_time <= at {
                feed.push((at, format!("{id} broke down after its day's work")));
                return;
            }
            let lost: Vec<usize> = route.stops.drain(done..).collect();
            route.failed.extend(lost.iter().map(|&o| (o, Failure::Breakdown)));
            route.driven.visits.truncate(done);
            route.driven.rest = route.driven.rest.filter(|b| b.start < at && b.before_stop < done);
            let stopped = route.driven.visits.last().map_or(at, |v| v.departure.max(at));
            (route.driven.return_time, route.driven.off_duty, route.returned) = (stopped, stopped, false);
            feed.push((at, format!("{id} broke down: {} orders on board will not be delivered", lost.len())));
        }
        Event::Cancellation { order, at } => {
            let id = &problem.orders[order].id;
            let found = routes.iter_mut().find_map(|r| r.stops.iter().position(|&o| o == order).map(|k| (r, k)));
            let Some((route, k)) = found else {
                feed.push((at, format!("order {id} cancelled (it was not planned)")));
                return;
            };
            let left_for_it = match k {
                0 => route.departure,
                _ => route.driven.visits[k - 1].departure,
            } <= at;
            if left_for_it {
                feed.push((at, format!("order {id} cancelled too late: its vehicle is already on the way")));
                return;
            }
            route.stops.remove(k);
            route.failed.push((order, Failure::Cancelled));
            route.break_at = route.break_at.map(|b| if b > k { b - 1 } else { b });
            route.redrive(problem, k, reality);
            feed.push((at, format!("order {id} cancelled: {} skips it", problem.vehicles[route.vehicle].id)));
        }
    }
}

/// One check of one route at `now`: forecast its remaining stops, alert, tell customers.
fn watch(
    problem: &Problem,
    route: &RouteDay,
    now: Time,
    settings: &DaySettings,
    watches: &mut [Watch],
    card: &mut Scorecard,
    feed: &mut Vec<(Time, String)>,
) {
    let driven = &route.driven.visits;
    let Some(k) = driven.iter().position(|v| v.departure > now) else { return };
    let break_at = route.driven.rest.map(|b| b.before_stop);
    let pending = |from: usize| break_at.filter(|&b| b >= from);
    let location = |j: usize| problem.orders[route.stops[j]].location;
    let (first, start) = if now < route.departure {
        // Not gone yet: the plan is the forecast.
        (0, Start { location: problem.vehicle_start(route.vehicle), time: route.departure, not_before: Time::MIN })
    } else if now < driven[k].arrival {
        let (at, left) = match k {
            0 => (problem.vehicle_start(route.vehicle), route.departure),
            _ => (location(k - 1), driven[k - 1].departure),
        };
        (k, Start { location: at, time: left, not_before: now })
    } else if now < driven[k].start {
        (k, Start { location: location(k), time: driven[k].arrival, not_before: Time::MIN })
    } else {
        let done = now.max(driven[k].start + problem.orders[route.stops[k]].service);
        (k + 1, Start { location: location(k), time: done, not_before: Time::MIN })
    };
    let forecast = drive(problem, route.vehicle, &route.stops[first..], first, start, pending(first), &Planned).visits;
    for (j, predicted) in forecast.iter().enumerate() {
        let stop = first + j;
        let actual = &driven[stop];
        if actual.arrival <= now {
            continue;
        }
        let w = &mut watches[predicted.order];
        w.forecasts.push((now, predicted.arrival));
        if predicted.late_by > 0 && !w.alerted {
            w.alerted = true;
            let window_end = problem.orders[predicted.order].windows.envelope().end;
            feed.push((
                now,
                format!(
                    "order {} at risk on {}: expected at {}, its window closes at {} (in {})",
                    problem.orders[predicted.order].id,
                    problem.vehicles[route.vehicle].id,
                    crate::units::clock(problem, predicted.arrival),
                    crate::units::clock(problem, window_end),
                    crate::units::span(problem, (window_end - now).max(0))
                ),
            ));
            card.alerts.push(Alert {
                order: predicted.order,
                vehicle: route.vehicle,
                at: now,
                window_end: problem.orders[predicted.order].windows.envelope().end,
                late: actual.late_by > 0,
            });
        }
        if now >= route.departure {
            let inside = w.told.is_some_and(|(from, to)| (from..=to).contains(&predicted.arrival));
            if !inside {
                if w.told.is_some() {
                    card.revisions += 1;
                } else {
                    card.notifications += 1;
                }
                w.told = Some(range(predicted.arrival, settings.range));
            }
        }
    }
}

/// An arrival range around `eta`, on five-minute marks.
fn range(eta: Time, half: Time) -> (Time, Time) {
    let five = to_ticks(300.0);
    ((eta - half).div_euclid(five) * five, (eta + half + five - 1).div_euclid(five) * five)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};
    use crate::search::{solve, SolveOptions};

    fn planned_day(orders: usize, seed: u64) -> (Problem, Plan) {
        let problem = city(&CitySpec::lyon("day", orders, seed));
        let options = SolveOptions { max_iterations: 400, time_limit_ms: f64::INFINITY, ..Default::default() };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        (problem, plan)
    }

    /// A day without surprises goes as planned: arrivals are the schedule's, every forecast is
    /// right, no alert, no customer told twice.
    #[test]
    fn a_day_without_surprises_goes_as_planned() {
        let (problem, plan) = planned_day(200, 3);
        let settings = DaySettings { spread: Spread::NONE, ..Default::default() };
        let day = simulate(&problem, &plan, &settings, &[]);
        for route in &day.routes {
            let arrivals = |visits: &[Visit]| visits.iter().map(|v| (v.order, v.arrival, v.start)).collect::<Vec<_>>();
            assert_eq!(arrivals(&route.driven.visits), arrivals(&route.planned));
        }
        let card = &day.scorecard;
        assert_eq!(card.deliveries, plan.routes.iter().map(|r| r.stops.len()).sum::<usize>());
        assert_eq!((card.late, card.alerts.len(), card.revisions, card.overtime), (0, 0, 0, 0));
        assert_eq!(card.in_range, card.deliveries + card.absent);
        assert!(card.eta.iter().all(|e| e.samples > 0 && e.mean == 0 && e.p90 == 0), "{:?}", card.eta);
    }

    #[test]
    fn the_same_seed_gives_the_same_day() {
        let (problem, plan) = planned_day(150, 4);
        let settings = DaySettings { seed: 11, ..Default::default() };
        let a = simulate(&problem, &plan, &settings, &[]);
        let b = simulate(&problem, &plan, &settings, &[]);
        let c = simulate(&problem, &plan, &DaySettings { seed: 12, ..settings }, &[]);
        assert_eq!(a.scorecard, b.scorecard);
        assert_ne!(a.scorecard, c.scorecard);
    }

    /// On a day slower than planned, stops run late; the tower saw most of them coming, before
    /// their window closed, and forecasts made closer to the arrival are better.
    #[test]
    fn a_slow_day_is_forecast_and_alerted() {
        let (problem, plan) = planned_day(300, 5);
        let spread = Spread { absent: 0.0, travel: 0.3, service: 0.5, rush: 0.4 };
        let day = simulate(&problem, &plan, &DaySettings { seed: 3, spread, ..Default::default() }, &[]);
        let card = &day.scorecard;
        assert!(card.late > 0, "a slow day has late stops");
        let late: Vec<usize> =
            day.routes.iter().flat_map(|r| r.driven.visits.iter()).filter(|v| v.late_by > 0).map(|v| v.order).collect();
        let foreseen = card.alerts.iter().filter(|a| a.late && a.at < a.window_end).count();
        assert!(
            foreseen * 2 >= late.len(),
            "{foreseen} of {} late stops alerted before their window closed",
            late.len()
        );
        for alert in &card.alerts {
            assert_eq!(alert.late, late.contains(&alert.order), "an alert's outcome is the stop's");
        }
        let p90: Vec<Time> = card.eta.iter().map(|e| e.p90).collect();
        assert!(p90.windows(2).all(|w| w[0] <= w[1]), "closer is better: {:?}", card.eta);
        assert!(card.eta[0].mean < card.eta[2].mean, "closer is better: {:?}", card.eta);
        assert!(card.revisions > 0);
    }

    /// A breakdown: services begun are finished, the rest of the route fails, the vehicle does
    /// not come back; every routed order is accounted for once.
    #[test]
    fn a_breakdown_loses_what_is_on_board() {
        let (problem, plan) = planned_day(200, 6);
        let settings = DaySettings { seed: 2, ..Default::default() };
        let route = plan.routes.iter().max_by_key(|r| r.stops.len()).unwrap();
        let schedule = route.schedule(&problem);
        let at = schedule.visits[schedule.visits.len() / 2].arrival;
        let day = simulate(&problem, &plan, &settings, &[Event::Breakdown { vehicle: route.vehicle, at }]);
        let broken = day.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert!(!broken.returned);
        assert!(broken.driven.visits.iter().all(|v| v.start < at));
        let lost = broken.failed.iter().filter(|(_, why)| *why == Failure::Breakdown).count();
        assert_eq!(broken.driven.visits.len() + lost, route.stops.len());
        assert!(lost > 0);
        let card = &day.scorecard;
        let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
        assert_eq!(card.deliveries + card.absent + card.broken_down + card.cancelled, routed);
        assert!(day.feed.iter().any(|(t, text)| *t == at && text.contains("broke down")));
    }

    /// A cancellation before the vehicle leaves for the stop takes it off the route (the rest
    /// driven on from the stop before); once the vehicle is on its way it is too late.
    #[test]
    fn a_cancellation_skips_the_stop_only_in_time() {
        let (problem, plan) = planned_day(150, 7);
        let settings = DaySettings { seed: 5, spread: Spread::NONE, ..Default::default() };
        let route = plan.routes.iter().max_by_key(|r| r.stops.len()).unwrap();
        let schedule = route.schedule(&problem);
        let k = route.stops.len() / 2;
        let (order, left_for_it) = (route.stops[k], schedule.visits[k - 1].departure);
        let early = simulate(&problem, &plan, &settings, &[Event::Cancellation { order, at: left_for_it - 1 }]);
        let r = early.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert!(!r.stops.contains(&order));
        assert_eq!(r.failed, vec![(order, Failure::Cancelled)]);
        assert_eq!(r.driven.visits[..k], schedule.visits[..k], "the stops before are untouched");
        assert!(r.driven.visits.iter().all(|v| v.order != order));
        let late = simulate(&problem, &plan, &settings, &[Event::Cancellation { order, at: left_for_it }]);
        let r = late.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert!(r.stops.contains(&order) && r.failed.is_empty());
        assert!(late.feed.iter().any(|(_, text)| text.contains("too late")));
    }

    /// A traffic incident slows the legs leaving its area in its period, and nothing else.
    #[test]
    fn a_traffic_incident_slows_its_area_in_its_period() {
        let (problem, plan) = planned_day(200, 8);
        let settings = DaySettings { seed: 1, spread: Spread::NONE, ..Default::default() };
        let reality = Reality::new(&problem, 1, Spread::NONE);
        let calm = simulate(&problem, &plan, &settings, &[]);
        let first = calm.routes.iter().map(|r| r.departure).min().unwrap();
        let (from, until) = (first, first + to_ticks(6.0 * 3600.0));
        let depot_area = reality.area_of(&problem, problem.vehicle_start(plan.routes[0].vehicle));
        let jam = Event::Traffic { area: depot_area, from, until, slower: 2.0 };
        let jammed = simulate(&problem, &plan, &settings, &[jam]);
        let mut slower = 0;
        for (a, b) in calm.routes.iter().zip(&jammed.routes) {
            for (x, y) in a.driven.visits.iter().zip(&b.driven.visits) {
                assert!(y.arrival >= x.arrival);
                slower += usize::from(y.arrival > x.arrival);
            }
        }
        assert!(slower > 0);
        assert!(jammed.scorecard.late >= calm.scorecard.late);
    }

    #[test]
    fn drawn_events_repeat_by_seed_and_read_from_a_file() {
        let (problem, plan) = planned_day(120, 9);
        let counts = crate::simulation::EventCounts { incidents: 2, breakdowns: 1, cancellations: 3 };
        let a = crate::simulation::events::draw(&problem, &plan, 4, counts);
        assert_eq!(a, crate::simulation::events::draw(&problem, &plan, 4, counts));
        assert_eq!(a.len(), 6);
        assert!(a.windows(2).all(|w| w[0].at() <= w[1].at()));
        let vehicle = &problem.vehicles[plan.routes[0].vehicle].id;
        let order = &problem.orders[plan.routes[0].stops[0]].id;
        let text = format!(
            r#"{{"events": [{{"type": "breakdown", "vehicle": "{vehicle}", "at": "11:00"}},
            {{"type": "cancellation", "order": "{order}", "at": 30000}},
            {{"type": "traffic", "area": 3, "from": "08:00", "until": "09:30", "slower": 1.5}}]}}"#
        );
        let read = crate::simulation::events::read(&problem, "events.json", &text).unwrap();
        assert_eq!(read.len(), 3);
        assert_eq!(
            read[0],
            Event::Traffic { area: 3, from: to_ticks(8.0 * 3600.0), until: to_ticks(9.5 * 3600.0), slower: 1.5 }
        );
        let wrong = text.replace(vehicle.as_str(), "no-such-van");
        assert_eq!(
            crate::simulation::events::read(&problem, "events.json", &wrong).unwrap_err(),
            "events.json: event 1: no vehicle has id 'no-such-van'"
        );
    }
}
