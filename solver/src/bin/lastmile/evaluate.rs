//! `lastmile evaluate SCENARIO ROUTES.json`: prices routes made elsewhere (another solver, a
//! planner's spreadsheet, an earlier `lastmile solve --output`) with Lastmile's own cost model and
//! judges them with the independent checker, so plans from different solvers compare like with
//! like.
//!
//! `ROUTES.json` is `{"routes": [{"vehicle": "van-hub-1", "stops": ["lyon-0007", ...]}, ...]}`
//! with the scenario's vehicle and order ids, and for a vehicle that makes several trips its
//! `reloads` (`[{"before_stop": 4, "depot": "hub"}, ...]`): the shape `lastmile solve --output`
//! writes, so its reports evaluate too; other fields are ignored. Orders on no route are left
//! out, each with the engine's reason; they are counted as `solve`'s report lists them, one per
//! stop (a shipment left out is its pickup and its delivery), while `missed_weight`, the
//! objective's level, counts a shipment once. The answer is one JSON object ([`Evaluation`]) on
//! standard output, or in `--output`, and one line for people on standard error.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use lastmile_solver::formats::{self, Format};
use lastmile_solver::plan::RouteByIds;
use lastmile_solver::report::PlanReport;
use lastmile_solver::units::{from_ticks, SCALE};
use lastmile_solver::Plan;

/// The routes of a plan by ids, as another program writes them.
#[derive(Deserialize)]
struct RoutesFile {
    routes: Vec<RouteIds>,
}

#[derive(Deserialize)]
struct RouteIds {
    vehicle: String,
    stops: Vec<String>,
    /// The reloads between trips (none: one trip).
    #[serde(default)]
    reloads: Vec<ReloadIds>,
}

/// A reload as `solve --output` writes it: before which stop (0-based), at which depot.
#[derive(Deserialize)]
struct ReloadIds {
    before_stop: usize,
    depot: String,
}

/// What Lastmile's model makes of a plan: its objective's three levels, its distance, and what
/// the checker finds wrong.
#[derive(Serialize)]
pub struct Evaluation {
    /// Vehicles with at least one stop.
    pub vehicles: usize,
    /// Orders on no route, of which mandatory (the rest are optional orders left out for their
    /// value): stops, as `solve`'s report lists them (a shipment's pickup and delivery apart).
    pub unassigned: usize,
    pub unassigned_mandatory: usize,
    /// Mandatory orders left out weighted by priority: the objective's first level (a shipment
    /// once, on its delivery).
    pub missed_weight: u64,
    /// Fixed + per km + per hour of every route, plus the value of optional orders left out,
    /// in the scenario's currency (planar: distance units).
    pub cost: f64,
    /// Kilometres driven (planar: distance units).
    pub km: f64,
    /// True when the independent checker finds nothing wrong.
    pub feasible: bool,
    /// Every violation the checker finds, and per kind of broken constraint the number of
    /// routes or stops the schedule finds it at (`late`, `over_shift`, `skill` …), each also
    /// as the sentence a dispatcher reads ("van-hub-3: over shift: back at 18:40, …").
    pub violations: Vec<String>,
    pub violation_kinds: BTreeMap<String, usize>,
    pub route_violations: Vec<String>,
}

impl Evaluation {
    pub fn new(problem: &lastmile_solver::Problem, plan: &Plan) -> Self {
        let report = PlanReport::new(problem, plan);
        let objective = plan.objective(problem);
        let mut violation_kinds = BTreeMap::new();
        let mut route_violations = Vec::new();
        for route in &report.routes {
            for v in &route.violations {
                *violation_kinds.entry(v.code.clone()).or_insert(0) += 1;
                route_violations.push(format!("{}: {}", route.vehicle, v.message));
            }
        }
        let km = match problem.coordinates {
            lastmile_solver::problem::Coordinates::Geographic => from_ticks(plan.distance(problem)) / 1000.0,
            lastmile_solver::problem::Coordinates::Planar => from_ticks(plan.distance(problem)),
        };
        Evaluation {
            vehicles: objective.vehicles,
            unassigned: plan.unassigned.len(),
            unassigned_mandatory: plan.unassigned.iter().filter(|u| !problem.orders[u.order].is_optional()).count(),
            missed_weight: objective.unassigned,
            cost: objective.cost as f64 / SCALE,
            km,
            feasible: report.violations.is_empty(),
            violations: report.violations,
            violation_kinds,
            route_violations,
        }
    }

    /// One line for people: "12 vehicles, 3 unassigned (1 mandatory), cost 2145.13, 480.2 km, feasible".
    pub fn summary(&self) -> String {
        let verdict = if self.feasible {
            "feasible".to_string()
        } else {
            let kinds: Vec<String> = self.violation_kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
            format!("INFEASIBLE: {} violations ({})", self.violations.len(), kinds.join(", "))
        };
        format!(
            "{} vehicles, {} unassigned ({} mandatory), cost {:.2}, {:.1} km, {verdict}",
            self.vehicles, self.unassigned, self.unassigned_mandatory, self.cost, self.km
        )
    }
}

/// Reads the scenario (any format `solve` reads, guessed or named by `format`) and the routes,
/// and evaluates them.
pub fn run(scenario: &str, routes: &str, format: Option<Format>) -> Result<Evaluation, String> {
    let text = std::fs::read_to_string(scenario).map_err(|e| format!("{scenario}: {e}"))?;
    let problem = formats::read(scenario, &text, format).map_err(|e| e.to_string())?;
    let routes_text = std::fs::read_to_string(routes).map_err(|e| format!("{routes}: {e}"))?;
    let file: RoutesFile = serde_json::from_str(&routes_text).map_err(|e| {
        format!(
            "{routes}: line {}, column {}: {e} (expected {{\"routes\": [{{\"vehicle\", \"stops\"}}]}})",
            e.line(),
            e.column()
        )
    })?;
    let by_ids: Vec<RouteByIds> = file
        .routes
        .into_iter()
        .map(|r| (r.vehicle, r.stops, r.reloads.into_iter().map(|x| (x.before_stop, x.depot)).collect()))
        .collect();
    let plan = Plan::from_ids_with_reloads(&problem, &by_ids).map_err(|e| format!("{routes}: {e}"))?;
    Ok(Evaluation::new(&problem, &plan))
}
