//! The delivery day as it happens: every route of a plan driven at reality's pace, watched by a
//! control tower that forecasts each remaining stop's arrival every few minutes from what it
//! knows (where each vehicle is, the plan's travel and service times), raises an alert when a
//! forecast passes a window's end, and keeps customers informed with an arrival range.

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

/// One route's day: as planned and as driven.
#[derive(Clone, Debug)]
pub struct RouteDay {
    pub vehicle: usize,
    pub stops: Vec<usize>,
    pub departure: Time,
    pub planned: Vec<Visit>,
    pub driven: Driven,
    pub distance: crate::units::Dist,
    /// When the vehicle must be off duty.
    pub shift_end: Time,
}

/// A simulated day: each route as driven, and its scorecard.
#[derive(Clone, Debug)]
pub struct SimulatedDay {
    pub routes: Vec<RouteDay>,
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

/// Drives `plan` through the day `settings` describe, without re-planning.
pub fn simulate(problem: &Problem, plan: &Plan, settings: &DaySettings) -> SimulatedDay {
    let reality = Reality::new(problem, settings.seed, settings.spread);
    let routes: Vec<RouteDay> = plan
        .routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|route| {
            let schedule = route.schedule(problem);
            let start = Start {
                location: problem.vehicle_start(route.vehicle),
                time: schedule.departure,
                not_before: Time::MIN,
            };
            let break_at = schedule.rest.map(|b| b.before_stop);
            RouteDay {
                vehicle: route.vehicle,
                stops: route.stops.clone(),
                departure: schedule.departure,
                driven: drive(problem, route.vehicle, &route.stops, 0, start, break_at, &reality),
                planned: schedule.visits,
                distance: schedule.distance,
                shift_end: schedule.shift_end,
            }
        })
        .collect();
    let mut watches = vec![Watch::default(); problem.orders.len()];
    let mut card = Scorecard::default();
    if let (Some(first), Some(last)) =
        (routes.iter().map(|r| r.departure).min(), routes.iter().map(|r| r.driven.off_duty).max())
    {
        let step = settings.check_every.max(1);
        let mut now = first;
        while now <= last {
            for route in &routes {
                watch(problem, route, now, settings, &mut watches, &mut card);
            }
            now += step;
        }
    }
    card.in_range = routes
        .iter()
        .flat_map(|r| r.driven.visits.iter())
        .filter(|v| watches[v.order].told.is_some_and(|(from, to)| (from..=to).contains(&v.arrival)))
        .count();
    card.close(problem, &routes, &watches.iter().map(|w| w.forecasts.as_slice()).collect::<Vec<_>>());
    SimulatedDay { routes, scorecard: card }
}

/// One check of one route at `now`: forecast its remaining stops, alert, tell customers.
fn watch(
    problem: &Problem,
    route: &RouteDay,
    now: Time,
    settings: &DaySettings,
    watches: &mut [Watch],
    card: &mut Scorecard,
) {
    let driven = &route.driven.visits;
    let Some(k) = driven.iter().position(|v| v.departure > now) else { return };
    let break_at = route.driven.rest.map(|b| b.before_stop);
    let pending = |from: usize| break_at.filter(|&b| b >= from);
    let location = |j: usize| problem.orders[route.stops[j]].location;
    let (first, start) = if now < route.departure {
        // Not gone yet: the plan is the forecast.
        (0, None)
    } else if now < driven[k].arrival {
        let (at, left) = match k {
            0 => (problem.vehicle_start(route.vehicle), route.departure),
            _ => (location(k - 1), driven[k - 1].departure),
        };
        (k, Some(Start { location: at, time: left, not_before: now }))
    } else if now < driven[k].start {
        (k, Some(Start { location: location(k), time: driven[k].arrival, not_before: Time::MIN }))
    } else {
        let done = now.max(driven[k].start + problem.orders[route.stops[k]].service);
        (k + 1, Some(Start { location: location(k), time: done, not_before: Time::MIN }))
    };
    let forecast: Vec<Visit> = match start {
        None => route.planned.clone(),
        Some(start) => {
            drive(problem, route.vehicle, &route.stops[first..], first, start, pending(first), &Planned).visits
        }
    };
    let offset = if start.is_none() { 0 } else { first };
    for (j, predicted) in forecast.iter().enumerate() {
        let stop = offset + j;
        let actual = &driven[stop];
        if actual.arrival <= now {
            continue;
        }
        let w = &mut watches[predicted.order];
        w.forecasts.push((now, predicted.arrival));
        if predicted.late_by > 0 && !w.alerted {
            w.alerted = true;
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
        let day = simulate(&problem, &plan, &settings);
        for route in &day.routes {
            let arrivals = |visits: &[Visit]| visits.iter().map(|v| (v.order, v.arrival, v.start)).collect::<Vec<_>>();
            assert_eq!(arrivals(&route.driven.visits), arrivals(&route.planned));
        }
        let card = &day.scorecard;
        assert_eq!(card.deliveries, plan.routes.iter().map(|r| r.stops.len()).sum::<usize>());
        assert_eq!((card.late, card.alerts.len(), card.revisions, card.overtime), (0, 0, 0, 0));
        assert_eq!(card.in_range, card.deliveries);
        assert!(card.eta.iter().all(|e| e.samples > 0 && e.mean == 0 && e.p90 == 0), "{:?}", card.eta);
    }

    #[test]
    fn the_same_seed_gives_the_same_day() {
        let (problem, plan) = planned_day(150, 4);
        let settings = DaySettings { seed: 11, ..Default::default() };
        let a = simulate(&problem, &plan, &settings);
        let b = simulate(&problem, &plan, &settings);
        let c = simulate(&problem, &plan, &DaySettings { seed: 12, ..settings });
        assert_eq!(a.scorecard, b.scorecard);
        assert_ne!(a.scorecard, c.scorecard);
    }

    /// On a day slower than planned, stops run late; the tower saw most of them coming, before
    /// their window closed, and forecasts made closer to the arrival are better.
    #[test]
    fn a_slow_day_is_forecast_and_alerted() {
        let (problem, plan) = planned_day(300, 5);
        let spread = Spread { travel: 0.3, service: 0.5, rush: 0.4 };
        let day = simulate(&problem, &plan, &DaySettings { seed: 3, spread, ..Default::default() });
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
}
