//! The plan as the outside world reads it (CLI output, the browser app, exports): user ids instead
//! of indices, input units instead of ticks (seconds and metres for real-world scenarios, the
//! file's own units for benchmarks), money in currency units.

use serde::Serialize;

use crate::plan::Plan;
use crate::problem::{Coordinates, Problem};
use crate::reasons::describe;
use crate::units::{from_load, from_ticks, SCALE};

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VisitReport {
    pub order: String,
    pub arrival: f64,
    pub start: f64,
    pub departure: f64,
    /// Load on board after this stop, per dimension.
    pub load_after: Vec<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BreakReport {
    /// Taken on arriving at this stop (0-based), before serving it; the number of stops means
    /// at the end.
    pub before_stop: usize,
    pub start: f64,
    pub end: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
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
    /// Load at departure per dimension, and as a share of capacity (fullest dimension).
    pub load: Vec<f64>,
    pub utilisation: f64,
    /// Kilograms of CO2.
    pub co2_kg: f64,
    pub visits: Vec<VisitReport>,
    #[serde(rename = "break", skip_serializing_if = "Option::is_none")]
    pub rest: Option<BreakReport>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct UnassignedReport {
    pub id: String,
    /// A code: skill, depot, capacity, unreachable, range, shift, time_window, fleet, not_worth_it.
    pub reason: String,
    /// The same, as a sentence.
    pub message: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlanReport {
    pub routes: Vec<RouteReport>,
    pub unassigned: Vec<UnassignedReport>,
    pub vehicles: usize,
    pub distance: f64,
    pub cost: f64,
    pub co2_kg: f64,
}

impl PlanReport {
    pub fn new(problem: &Problem, plan: &Plan) -> Self {
        // CO2 factors are per km; planar distances count as km.
        let km = |ticks: i64| match problem.coordinates {
            Coordinates::Geographic => from_ticks(ticks) / 1000.0,
            Coordinates::Planar => from_ticks(ticks),
        };
        let dims = problem.dimensions.len().clamp(1, 3);
        let routes: Vec<RouteReport> = plan
            .routes
            .iter()
            .filter(|r| !r.stops.is_empty())
            .map(|r| {
                let vehicle = &problem.vehicles[r.vehicle];
                let schedule = r.schedule(problem);
                RouteReport {
                    vehicle: vehicle.id.clone(),
                    kind: vehicle.kind.clone(),
                    stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
                    distance: from_ticks(schedule.distance),
                    start: from_ticks(schedule.departure),
                    end: from_ticks(schedule.return_time),
                    duration: from_ticks(schedule.duration()),
                    cost: r.cost(problem) as f64 / SCALE,
                    load: schedule.load[..dims].iter().map(|&l| from_load(l)).collect(),
                    utilisation: crate::constraints::capacity::utilisation(schedule.load, vehicle.capacity),
                    co2_kg: vehicle.co2_per_km * km(schedule.distance) / 1000.0,
                    visits: schedule
                        .visits
                        .iter()
                        .map(|v| VisitReport {
                            order: problem.orders[v.order].id.clone(),
                            arrival: from_ticks(v.arrival),
                            start: from_ticks(v.start),
                            departure: from_ticks(v.departure),
                            load_after: v.load_after[..dims].iter().map(|&l| from_load(l)).collect(),
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
        let distance = routes.iter().map(|r| r.distance).sum();
        let missed_value: i64 = plan.unassigned.iter().map(|u| problem.missed_value(u.order)).sum();
        PlanReport {
            vehicles: routes.len(),
            distance,
            cost: routes.iter().map(|r| r.cost).sum::<f64>() + missed_value as f64 / SCALE,
            co2_kg: routes.iter().map(|r| r.co2_kg).sum(),
            routes,
            unassigned: plan
                .unassigned
                .iter()
                .map(|u| UnassignedReport {
                    id: problem.orders[u.order].id.clone(),
                    reason: u.reason.code().to_string(),
                    message: describe(problem, u.order, u.reason),
                })
                .collect(),
        }
    }
}
