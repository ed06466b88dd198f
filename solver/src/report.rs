//! The plan as the outside world reads it (CLI output, the browser app, exports): user ids instead
//! of indices, input units instead of ticks.

use serde::Serialize;

use crate::plan::Plan;
use crate::problem::Problem;
use crate::units::from_ticks;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RouteReport {
    pub vehicle: String,
    pub stops: Vec<String>,
    pub distance: f64,
    /// Time back at the depot.
    pub end: f64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct UnassignedReport {
    pub id: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlanReport {
    pub routes: Vec<RouteReport>,
    pub unassigned: Vec<UnassignedReport>,
    pub vehicles: usize,
    pub distance: f64,
    pub cost: f64,
}

impl PlanReport {
    pub fn new(problem: &Problem, plan: &Plan) -> Self {
        let routes: Vec<RouteReport> = plan
            .routes
            .iter()
            .filter(|r| !r.stops.is_empty())
            .map(|r| {
                let schedule = r.schedule(problem);
                RouteReport {
                    vehicle: problem.vehicles[r.vehicle].id.clone(),
                    stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
                    distance: from_ticks(schedule.distance),
                    end: from_ticks(schedule.return_time),
                }
            })
            .collect();
        let distance = routes.iter().map(|r| r.distance).sum();
        PlanReport {
            vehicles: routes.len(),
            distance,
            cost: distance,
            routes,
            unassigned: plan
                .unassigned
                .iter()
                .map(|u| UnassignedReport {
                    id: problem.orders[u.order].id.clone(),
                    reason: u.reason.describe().to_string(),
                })
                .collect(),
        }
    }
}
