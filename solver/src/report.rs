//! The plan as the outside world reads it (CLI output, the browser app, exports): user ids instead
//! of indices, input units instead of ticks (seconds and metres for real-world scenarios, the
//! file's own units for benchmarks), money in currency units.

use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::problem::{Coordinates, Problem};
use crate::reasons::explain;
use crate::solution::Solution;
use crate::units::{from_load, from_ticks, to_ticks, HORIZON, SCALE};
use crate::violation;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct VisitReport {
    pub order: String,
    pub arrival: f64,
    pub start: f64,
    pub departure: f64,
    /// Waiting before service (for the window to open, or the break).
    pub waiting: f64,
    /// The window the service starts in (the envelope of the order's windows when it is late).
    pub window: [f64; 2],
    /// True when service starts after every window has closed (only in plans edited by hand).
    pub late: bool,
    /// How long after its window closed service starts (0 when on time).
    #[serde(default)]
    pub late_by: f64,
    /// Load on board after this stop, per dimension.
    pub load_after: Vec<f64>,
    /// What is done here: `delivery`, `pickup` (for the depot), `shipment pickup`, `shipment
    /// delivery`.
    #[serde(default)]
    pub task: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct BreakReport {
    /// Taken on arriving at this stop (0-based), before serving it; the number of stops means
    /// at the end.
    pub before_stop: usize,
    pub start: f64,
    pub end: f64,
}

/// A reload between two trips, as scheduled.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ReloadReport {
    /// It comes before this stop (0-based index into the route's visits).
    pub before_stop: usize,
    pub depot: String,
    pub arrival: f64,
    pub start: f64,
    pub departure: f64,
    /// Loaded for the next trip, per dimension.
    pub load_after: Vec<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RouteReport {
    pub vehicle: String,
    pub kind: String,
    pub stops: Vec<String>,
    pub distance: f64,
    /// Leaving the start, and back at the end.
    pub start: f64,
    pub end: f64,
    pub duration: f64,
    pub cost: f64,
    /// Load at departure per dimension (the first trip's), and the most on board at any point as
    /// a share of capacity (fullest dimension).
    pub load: Vec<f64>,
    pub utilisation: f64,
    /// Kilograms of CO2.
    pub co2_kg: f64,
    pub visits: Vec<VisitReport>,
    #[serde(rename = "break", default, skip_serializing_if = "Option::is_none")]
    pub rest: Option<BreakReport>,
    /// The reloads between trips (none: one trip).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reloads: Vec<ReloadReport>,
    pub late_stops: usize,
    /// Shift start and end of the vehicle (for timelines).
    pub shift: [f64; 2],
    /// The end of work (the return, or the end of a break taken there), and how long past the
    /// shift end it is (0 when in time).
    #[serde(default)]
    pub off_duty: f64,
    #[serde(default)]
    pub overtime: f64,
    /// What this route breaks (only after an edit by hand), each where it is.
    #[serde(default)]
    pub violations: Vec<ViolationReport>,
}

/// One broken constraint of a route, for the stop it belongs to or the whole route.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ViolationReport {
    /// `late`, `overload`, `over_shift`, `after_shift`, `late_break`, `range`, `skill`, `depot`,
    /// `unreachable`.
    pub code: String,
    /// The stop (0-based), or none for the whole route.
    pub stop: Option<usize>,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnassignedReport {
    pub id: String,
    /// A code: skill, depot, capacity, unreachable, range, shift, time_window, fleet, not_worth_it.
    pub reason: String,
    /// The same, as a sentence.
    pub message: String,
}

/// The industry's delivery KPIs for one plan.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Kpis {
    pub deliveries: usize,
    pub cost_per_delivery: f64,
    /// Kilometres (planar: distance units) per stop.
    pub km_per_stop: f64,
    /// Stops per hour of route time (planar: per 60 time units).
    pub stops_per_hour: f64,
    /// Mean load share of the used vehicles (fullest dimension).
    pub utilisation: f64,
    /// Share of routed stops served within a window.
    pub on_time: f64,
    /// Stops served after their window closed, and routes back after their shift end (only in
    /// plans edited by hand).
    #[serde(default)]
    pub late_stops: usize,
    #[serde(default)]
    pub over_shift_routes: usize,
    pub co2_kg_per_delivery: f64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PlanReport {
    /// Names of the load dimensions (`kg`, `parcels`…), in the order of every load.
    #[serde(default)]
    pub dimensions: Vec<String>,
    /// What costs are in (`EUR`…), empty when the scenario does not say.
    #[serde(default)]
    pub currency: String,
    pub routes: Vec<RouteReport>,
    pub unassigned: Vec<UnassignedReport>,
    pub vehicles: usize,
    pub distance: f64,
    pub cost: f64,
    pub co2_kg: f64,
    pub kpis: Kpis,
    /// What the independent checker finds wrong (empty for every plan the engine makes; a plan
    /// edited by hand may break constraints).
    pub violations: Vec<String>,
}

impl PlanReport {
    /// The report with every point in time as a UNIX time, for a problem that came with them
    /// ([`Problem::time_origin`]: a VROOM file in UNIX time): `origin` is added to arrivals,
    /// starts, departures, windows, shifts and breaks; durations stay as they are.
    pub fn in_unix_time(mut self, origin: i64) -> Self {
        let origin = origin as f64;
        for route in &mut self.routes {
            let [shift_start, shift_end] = &mut route.shift;
            for t in [&mut route.start, &mut route.end, &mut route.off_duty, shift_start, shift_end] {
                *t += origin;
            }
            for visit in &mut route.visits {
                let [opens, closes] = &mut visit.window;
                for t in [&mut visit.arrival, &mut visit.start, &mut visit.departure, opens, closes] {
                    *t += origin;
                }
            }
            if let Some(rest) = &mut route.rest {
                rest.start += origin;
                rest.end += origin;
            }
        }
        self
    }

    pub fn new(problem: &Problem, plan: &Plan) -> Self {
        // CO2 factors are per km; planar distances count as km.
        let km = |ticks: i64| match problem.coordinates {
            Coordinates::Geographic => from_ticks(ticks) / 1000.0,
            Coordinates::Planar => from_ticks(ticks),
        };
        let dims = problem.dimensions.len().clamp(1, 3);
        let clock_end = |t: i64| from_ticks(t.min(HORIZON));
        let routes: Vec<RouteReport> = plan
            .routes
            .iter()
            .filter(|r| !r.stops.is_empty())
            .map(|r| {
                let vehicle = &problem.vehicles[r.vehicle];
                let schedule = r.schedule(problem);
                let violations = violation::of_route(problem, r, &schedule)
                    .iter()
                    .map(|v| ViolationReport {
                        code: v.code().to_string(),
                        stop: v.stop(),
                        message: v.describe(problem, r),
                    })
                    .collect();
                RouteReport {
                    vehicle: vehicle.id.clone(),
                    kind: vehicle.kind.clone(),
                    stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
                    distance: from_ticks(schedule.distance),
                    start: from_ticks(schedule.departure),
                    end: from_ticks(schedule.return_time),
                    duration: from_ticks(schedule.duration()),
                    cost: schedule.cost(problem, r.vehicle) as f64 / SCALE,
                    load: schedule.load[..dims].iter().map(|&l| from_load(l)).collect(),
                    utilisation: crate::constraints::capacity::utilisation(schedule.peak, vehicle.capacity),
                    co2_kg: vehicle.co2_per_km * km(schedule.distance) / 1000.0,
                    late_stops: schedule.visits.iter().filter(|v| v.late_by > 0).count(),
                    shift: [from_ticks(vehicle.shift.start), clock_end(schedule.shift_end)],
                    off_duty: from_ticks(schedule.off_duty),
                    overtime: from_ticks(schedule.overtime()),
                    violations,
                    visits: schedule
                        .visits
                        .iter()
                        .map(|v| {
                            let windows = &problem.orders[v.order].windows;
                            let window = windows
                                .as_slice()
                                .iter()
                                .find(|w| w.contains(v.start))
                                .copied()
                                .unwrap_or_else(|| windows.envelope());
                            VisitReport {
                                order: problem.orders[v.order].id.clone(),
                                task: problem.orders[v.order].task.word().to_string(),
                                arrival: from_ticks(v.arrival),
                                start: from_ticks(v.start),
                                departure: from_ticks(v.departure),
                                waiting: from_ticks(v.start - v.arrival),
                                window: [from_ticks(window.start), from_ticks(window.end.min(HORIZON))],
                                late: v.late_by > 0,
                                late_by: from_ticks(v.late_by),
                                load_after: v.load_after[..dims].iter().map(|&l| from_load(l)).collect(),
                            }
                        })
                        .collect(),
                    reloads: schedule
                        .reloads
                        .iter()
                        .map(|r| ReloadReport {
                            before_stop: r.before,
                            depot: problem.depots[r.depot].id.clone(),
                            arrival: from_ticks(r.arrival),
                            start: from_ticks(r.start),
                            departure: from_ticks(r.departure),
                            load_after: r.load_after[..dims].iter().map(|&l| from_load(l)).collect(),
                        })
                        .collect(),
                    rest: schedule.rest.map(|b| BreakReport {
                        before_stop: b.before_stop,
                        start: from_ticks(b.start),
                        end: from_ticks(b.end),
                    }),
                }
            })
            .collect();
        let distance: f64 = routes.iter().map(|r| r.distance).sum();
        let missed_value: i64 = plan.unassigned.iter().map(|u| problem.missed_value(u.order)).sum();
        let cost = routes.iter().map(|r| r.cost).sum::<f64>() + missed_value as f64 / SCALE;
        let co2_kg: f64 = routes.iter().map(|r| r.co2_kg).sum();
        let deliveries: usize = routes.iter().map(|r| r.stops.len()).sum();
        let late_stops: usize = routes.iter().map(|r| r.late_stops).sum();
        let hours: f64 = routes.iter().map(|r| r.duration).sum::<f64>()
            / match problem.coordinates {
                Coordinates::Geographic => 3600.0,
                Coordinates::Planar => 60.0,
            };
        let per = |total: f64, count: f64| if count > 0.0 { total / count } else { 0.0 };
        let kpis = Kpis {
            deliveries,
            cost_per_delivery: per(cost, deliveries as f64),
            km_per_stop: per(routes.iter().map(|r| km(to_ticks(r.distance))).sum(), deliveries as f64),
            stops_per_hour: per(deliveries as f64, hours),
            utilisation: per(routes.iter().map(|r| r.utilisation).sum(), routes.len() as f64),
            on_time: per((deliveries - late_stops) as f64, deliveries as f64),
            late_stops,
            over_shift_routes: routes.iter().filter(|r| r.overtime > 0.0).count(),
            co2_kg_per_delivery: per(co2_kg, deliveries as f64),
        };
        PlanReport {
            dimensions: problem.dimensions.iter().take(dims).cloned().collect(),
            currency: problem.currency.clone(),
            vehicles: routes.len(),
            distance,
            cost,
            co2_kg,
            kpis,
            violations: crate::checker::violations(problem, plan),
            routes,
            unassigned: {
                let solution = Solution::from_plan(problem, plan);
                plan.unassigned
                    .iter()
                    .map(|u| UnassignedReport {
                        id: problem.orders[u.order].id.clone(),
                        reason: u.reason.code().to_string(),
                        message: explain(problem, &solution, u.order, "it"),
                    })
                    .collect()
            },
        }
    }
}
