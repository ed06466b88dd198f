//! A simulated day read at a moment, for whoever watches it go by (the app's "Day in motion"
//! page): where each vehicle is ([`Track`], [`Whereabouts`]) and what the control tower forecasts
//! for each stop still to come ([`forecast`]). Reads only what [`SimulatedDay`] and [`RouteDay`]
//! make public; changes nothing.
//!
//! A vehicle between two places is on the straight line between them, at the share of the leg's
//! time gone by (the engine knows no road geometry). A vehicle that broke down is shown where it
//! last served (or at its depot): the point on the road where it stopped is not simulated.

use serde::{Deserialize, Serialize};

use super::day::{RouteDay, SimulatedDay};
use crate::problem::Problem;
use crate::units::Time;

/// A vehicle's day as places (location indices of the problem) and times: what a position at
/// any moment is read from. Small enough to send to a page, which reads positions frame by frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    /// Where it leaves from, and when.
    pub start: usize,
    pub departure: Time,
    /// Each stop reached: (location, arrival, departure).
    pub stops: Vec<(usize, Time, Time)>,
    /// Each reload between trips: (before which stop, the depot's location, arrival, departure).
    #[serde(default)]
    pub reloads: Vec<(usize, usize, Time, Time)>,
    /// Where it ends (its end depot), and when it is there; for a vehicle that broke down, when
    /// it stopped.
    pub end: usize,
    pub back: Time,
    /// False when it broke down and never came back.
    pub returned: bool,
}

/// Where a vehicle is at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Whereabouts {
    /// At its start depot, not gone yet.
    Waiting { at: usize },
    /// On the way from one place to the next, `share` (0–1) of the leg's time gone by.
    Driving { from: usize, to: usize, share: f64 },
    /// At its stop number `stop` (arrived, waiting for the window, on its break or serving).
    AtStop { stop: usize, at: usize },
    /// At a depot between two trips, unloading and loading.
    Reloading { at: usize },
    /// Back at its end depot.
    Back { at: usize },
    /// Broken down (shown at the last place it served).
    BrokenDown { at: usize },
}

impl Whereabouts {
    /// Out on its day: gone from its start, not yet back nor broken down (driving, at a stop or
    /// reloading between trips).
    pub fn on_the_road(&self) -> bool {
        matches!(self, Whereabouts::Driving { .. } | Whereabouts::AtStop { .. } | Whereabouts::Reloading { .. })
    }

    /// The point on the map: the scenario's coordinates, straight-line interpolated on a leg.
    pub fn point(&self, points: &[[f64; 2]]) -> [f64; 2] {
        let at = |k: usize| points.get(k).copied().unwrap_or([0.0, 0.0]);
        match *self {
            Whereabouts::Driving { from, to, share } => {
                let (a, b) = (at(from), at(to));
                [a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share]
            }
            Whereabouts::Waiting { at: k }
            | Whereabouts::AtStop { at: k, .. }
            | Whereabouts::Reloading { at: k }
            | Whereabouts::Back { at: k }
            | Whereabouts::BrokenDown { at: k } => at(k),
        }
    }
}

impl Track {
    /// The track of one route of a simulated day, as driven.
    pub fn of(problem: &Problem, route: &RouteDay) -> Track {
        Track {
            start: problem.depots[route.depot].location,
            departure: route.departure,
            stops: route
                .driven
                .visits
                .iter()
                .map(|v| (problem.orders[v.order].location, v.arrival, v.departure))
                .collect(),
            reloads: route
                .driven
                .reloads
                .iter()
                .map(|r| (r.before, problem.depots[r.depot].location, r.arrival, r.departure))
                .collect(),
            end: problem.vehicle_end(route.vehicle),
            back: route.driven.return_time,
            returned: route.returned,
        }
    }

    /// Stops served (departed from) by `t`.
    pub fn served_by(&self, t: Time) -> usize {
        self.stops.partition_point(|s| s.2 <= t)
    }

    /// Where the vehicle is at `t`.
    pub fn at(&self, t: Time) -> Whereabouts {
        if t < self.departure {
            return Whereabouts::Waiting { at: self.start };
        }
        let leg = |(from, left): (usize, Time), to: usize, arrives: Time| {
            let share = if arrives > left { (t - left) as f64 / (arrives - left) as f64 } else { 1.0 };
            Whereabouts::Driving { from, to, share: share.clamp(0.0, 1.0) }
        };
        // The places in order (reload depots and stops), each with whether it is a stop.
        let mut last = (self.start, self.departure);
        let mut last_stop = None;
        let places = self.stops.iter().enumerate().flat_map(|(k, &(at, arrival, departure))| {
            let reloads = self.reloads.iter().filter(move |r| r.0 == k).map(|r| (None, r.1, r.2, r.3));
            reloads.chain(std::iter::once((Some(k), at, arrival, departure)))
        });
        let after_last = self.reloads.iter().filter(|r| r.0 >= self.stops.len()).map(|r| (None, r.1, r.2, r.3));
        for (stop, at, arrival, departure) in places.chain(after_last) {
            if t < arrival {
                return leg(last, at, arrival);
            }
            if t < departure {
                return match stop {
                    Some(stop) => Whereabouts::AtStop { stop, at },
                    None => Whereabouts::Reloading { at },
                };
            }
            (last, last_stop) = ((at, departure), stop);
        }
        if !self.returned {
            return match (t < self.back, last_stop) {
                (true, Some(stop)) => Whereabouts::AtStop { stop, at: last.0 },
                (true, _) if self.stops.is_empty() => Whereabouts::Waiting { at: last.0 },
                (true, _) => Whereabouts::Reloading { at: last.0 },
                (false, _) => Whereabouts::BrokenDown { at: last.0 },
            };
        }
        if t >= self.back {
            return Whereabouts::Back { at: self.end };
        }
        leg(last, self.end, self.back)
    }
}

/// Every route's track, in the order of `day.routes`.
pub fn tracks(problem: &Problem, day: &SimulatedDay) -> Vec<Track> {
    day.routes.iter().map(|r| Track::of(problem, r)).collect()
}

/// A stop still to come, as the control tower forecasts it at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eta {
    pub order: usize,
    /// The forecast arrival.
    pub arrival: Time,
    /// How late the forecast arrival is after the order's last window closes (0: on time).
    pub late_by: Time,
}

/// What the control tower forecasts at `now` for the stops of `route` the vehicle has not yet
/// reached: from where the vehicle is (at the depot, on the way to a stop, there, or serving it),
/// the rest driven at the plan's pace by the schedule's rules, the break still to take where
/// the day takes it. The same forecast the tower makes at each of its checks.
pub fn forecast(problem: &Problem, route: &RouteDay, now: Time) -> Vec<Eta> {
    let Some((first, visits)) = route.forecast(problem, now) else { return Vec::new() };
    let driven = &route.driven.visits;
    visits
        .iter()
        .enumerate()
        .filter(|(j, _)| driven.get(first + j).is_some_and(|actual| actual.arrival > now))
        .map(|(_, v)| Eta { order: v.order, arrival: v.arrival, late_by: v.late_by })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};
    use crate::plan::Plan;
    use crate::search::{solve, SolveOptions};
    use crate::simulation::{simulate, DaySettings, Event, Reaction, Spread};
    use crate::units::to_ticks;

    fn planned_day(orders: usize, seed: u64) -> (Problem, Plan) {
        let problem = city(&CitySpec::lyon("snapshot", orders, seed));
        let options = SolveOptions { max_iterations: 300, time_limit_ms: f64::INFINITY, ..Default::default() };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        (problem, plan)
    }

    /// Before leaving, at each stop, halfway along each leg, on the way home and back: the
    /// vehicle is where the driven times put it.
    #[test]
    fn a_vehicle_is_where_its_driven_times_put_it() {
        let (problem, plan) = planned_day(120, 3);
        let day = simulate(&problem, &plan, &DaySettings { seed: 4, ..Default::default() }, &[], &Reaction::NONE);
        let points: Vec<[f64; 2]> = problem.points.iter().map(|p| [p.x, p.y]).collect();
        for route in &day.routes {
            let track = Track::of(&problem, route);
            assert_eq!(track.stops.len(), route.driven.visits.len());
            assert_eq!(track.at(route.departure - 1), Whereabouts::Waiting { at: track.start });
            assert!(!track.at(route.departure - 1).on_the_road());
            assert!(track.at(route.departure).on_the_road(), "on the road from its departure");
            for (k, v) in route.driven.visits.iter().enumerate() {
                let at = problem.orders[v.order].location;
                assert_eq!(track.at(v.arrival), Whereabouts::AtStop { stop: k, at });
                assert!(track.at(v.arrival).on_the_road());
                if v.departure > v.arrival {
                    assert_eq!(track.at(v.departure - 1), Whereabouts::AtStop { stop: k, at });
                }
                assert_eq!(track.served_by(v.departure), k + 1);
                let (from, left) =
                    if k == 0 { (track.start, route.departure) } else { (track.stops[k - 1].0, track.stops[k - 1].2) };
                if v.arrival - left >= 2 {
                    let middle = left + (v.arrival - left) / 2;
                    let Whereabouts::Driving { from: f, to, share } = track.at(middle) else {
                        panic!("driving between stops at {middle}: {:?}", track.at(middle))
                    };
                    assert_eq!((f, to), (from, at));
                    assert!((share - 0.5).abs() < 0.01, "{share}");
                    // On the straight line between the two places.
                    let (a, b, p) = (points[from], points[at], track.at(middle).point(&points));
                    let cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
                    assert!(cross.abs() < 1e-9);
                }
            }
            let last = route.driven.visits.last().map_or(route.departure, |v| v.departure);
            if route.driven.return_time > last {
                assert!(matches!(track.at(last), Whereabouts::Driving { to, .. } if to == track.end));
            }
            assert_eq!(track.at(route.driven.return_time), Whereabouts::Back { at: track.end });
            assert!(!track.at(route.driven.return_time).on_the_road());
            assert_eq!(track.served_by(Time::MAX), route.driven.visits.len());
        }
    }

    /// Between two trips the vehicle drives to the reload depot, stays there while it reloads,
    /// and drives on from it to the next trip's first stop.
    #[test]
    fn a_vehicle_in_trips_goes_by_its_reload_depots() {
        let (problem, plan) = crate::simulation::journey::tests::city_in_trips(120, 1);
        let day = simulate(&problem, &plan, &DaySettings { seed: 4, ..Default::default() }, &[], &Reaction::NONE);
        let mut seen = 0;
        for route in day.routes.iter().filter(|r| !r.driven.reloads.is_empty()) {
            let track = Track::of(&problem, route);
            for r in &route.driven.reloads {
                let depot = problem.depots[r.depot].location;
                let last = track.stops[r.before - 1];
                assert_eq!(track.at(r.arrival), Whereabouts::Reloading { at: depot });
                assert!(track.at(r.arrival).on_the_road(), "a vehicle reloading between trips is on the road");
                assert_eq!(track.at(r.departure - 1), Whereabouts::Reloading { at: depot });
                if r.arrival - last.2 >= 2 {
                    let middle = last.2 + (r.arrival - last.2) / 2;
                    assert!(
                        matches!(track.at(middle), Whereabouts::Driving { from, to, .. } if (from, to) == (last.0, depot))
                    );
                }
                let next = track.stops[r.before];
                if next.1 - r.departure >= 2 {
                    let middle = r.departure + (next.1 - r.departure) / 2;
                    assert!(
                        matches!(track.at(middle), Whereabouts::Driving { from, to, .. } if (from, to) == (depot, next.0))
                    );
                }
                seen += 1;
            }
            assert_eq!(track.at(route.driven.return_time), Whereabouts::Back { at: track.end });
        }
        assert!(seen > 0);
    }

    /// A vehicle that broke down stays where it last served, never reaching the depot.
    #[test]
    fn a_broken_down_vehicle_stays_where_it_last_served() {
        let (problem, plan) = planned_day(150, 5);
        let route = plan.routes.iter().max_by_key(|r| r.stops.len()).unwrap();
        let schedule = route.schedule(&problem);
        let at = schedule.visits[schedule.visits.len() / 2].arrival;
        let settings = DaySettings { seed: 2, spread: Spread::NONE, ..Default::default() };
        let day =
            simulate(&problem, &plan, &settings, &[Event::Breakdown { vehicle: route.vehicle, at }], &Reaction::NONE);
        let broken = day.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        let track = Track::of(&problem, broken);
        assert!(!track.returned);
        let last = *track.stops.last().unwrap();
        assert_eq!(track.at(at + to_ticks(3600.0)), Whereabouts::BrokenDown { at: last.0 });
        assert_eq!(track.at(Time::MAX), Whereabouts::BrokenDown { at: last.0 });
        assert!(!track.at(Time::MAX).on_the_road());
        assert_ne!(track.at(Time::MAX), Whereabouts::Back { at: track.end });
    }

    /// On a day that goes exactly as planned every forecast is right; on a rough day the
    /// forecast covers exactly the stops not yet reached, in route order, never in the past,
    /// and gets better as the stop comes closer.
    #[test]
    fn forecasts_cover_the_stops_to_come() {
        let (problem, plan) = planned_day(150, 6);
        let calm = simulate(
            &problem,
            &plan,
            &DaySettings { seed: 1, spread: Spread::NONE, ..Default::default() },
            &[],
            &Reaction::NONE,
        );
        for route in &calm.routes {
            let middle = route.driven.visits[route.driven.visits.len() / 2].arrival - 1;
            for now in [route.departure - 1, route.departure + 1, middle] {
                let etas = forecast(&problem, route, now);
                let to_come: Vec<_> = route.driven.visits.iter().filter(|v| v.arrival > now).collect();
                assert_eq!(etas.len(), to_come.len());
                for (eta, actual) in etas.iter().zip(&to_come) {
                    assert_eq!((eta.order, eta.arrival), (actual.order, actual.arrival));
                }
            }
            assert!(forecast(&problem, route, route.driven.return_time).is_empty());
        }
        let spread = Spread { absent: 0.0, travel: 0.3, service: 0.5, rush: 0.4 };
        let rough =
            simulate(&problem, &plan, &DaySettings { seed: 3, spread, ..Default::default() }, &[], &Reaction::NONE);
        let (mut far, mut near) = (0, 0);
        for route in &rough.routes {
            let visits = &route.driven.visits;
            if visits.len() < 2 {
                continue;
            }
            let last = visits.len() - 1;
            let arrival = visits[last].arrival;
            for (now, error) in [(route.departure, &mut far), (visits[last - 1].departure, &mut near)] {
                let etas = forecast(&problem, route, now);
                assert!(etas.iter().all(|e| e.arrival >= now), "no forecast in the past");
                let orders: Vec<usize> = etas.iter().map(|e| e.order).collect();
                let expected: Vec<usize> = visits.iter().filter(|v| v.arrival > now).map(|v| v.order).collect();
                assert_eq!(orders, expected);
                *error += (etas.last().unwrap().arrival - arrival).abs();
            }
        }
        assert!(near < far, "forecasts made closer to the last stop are better: {near} vs {far}");
    }
}
