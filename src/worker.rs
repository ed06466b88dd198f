//! The engine's entry point inside the compute worker (see `js/compute.js`).
//!
//! Runs off the UI thread, with the rayon pool when the page is cross-origin isolated. Everything
//! here translates between the JSON protocol and the engine; no planning logic lives here.

use lastmile_solver::formats;
use lastmile_solver::problem::Coordinates;
use lastmile_solver::report::PlanReport;
use lastmile_solver::units::SCALE;
use lastmile_solver::{reoptimise, search, Locks, Plan, Problem, Progress, SolveOptions};
use wasm_bindgen::prelude::*;

use crate::protocol::{
    EvaluateRequest, LoadRequest, PlanView, ProgressPoint, ReoptimiseRequest, RouteIds, ScenarioView, SolveProgress,
    SolveRequest, SolveResult,
};

/// Answers one request of `kind` (`"load"`, `"solve"`, `"evaluate"` or `"reoptimise"`) with a JSON
/// string. `threads` is the size of the rayon pool the worker started (1 when there is none);
/// `progress` receives JSON strings.
#[wasm_bindgen]
pub fn compute(kind: &str, payload: &str, threads: usize, progress: &js_sys::Function) -> Result<String, JsError> {
    let started = js_sys::Date::now();
    match kind {
        "load" => {
            let request: LoadRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            Ok(serde_json::to_string(&scenario_view(&problem))?)
        }
        "solve" => {
            let request: SolveRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            let options = options(request.time_limit_ms, request.seed, threads);
            let clock = || js_sys::Date::now();
            let outcome = search(&problem, &options, &clock, &mut |p| report_progress(&problem, p, progress));
            Ok(serde_json::to_string(&result(&problem, &outcome.plan, &options, started, outcome.iterations))?)
        }
        "evaluate" => {
            let request: EvaluateRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            let plan = plan_from(&problem, &request.routes)?;
            let options = options(0.0, 1, 1);
            Ok(serde_json::to_string(&result(&problem, &plan, &options, started, 0))?)
        }
        "reoptimise" => {
            let request: ReoptimiseRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            let plan = plan_from(&problem, &request.routes)?;
            let frozen = problem
                .vehicles
                .iter()
                .enumerate()
                .filter(|(_, v)| request.frozen.contains(&v.id))
                .map(|(k, _)| k)
                .collect();
            let locks = Locks { heads: Vec::new(), frozen };
            let options = options(request.time_limit_ms, request.seed, threads);
            let clock = || js_sys::Date::now();
            let outcome =
                reoptimise(&problem, &plan, &locks, &options, &clock, &mut |p| report_progress(&problem, p, progress));
            Ok(serde_json::to_string(&result(&problem, &outcome.plan, &options, started, outcome.iterations))?)
        }
        other => Err(JsError::new(&format!("unknown request '{other}'"))),
    }
}

fn options(time_limit_ms: f64, seed: u64, threads: usize) -> SolveOptions {
    SolveOptions { time_limit_ms, threads: threads.max(1), seed, ..Default::default() }
}

fn plan_from(problem: &Problem, routes: &[RouteIds]) -> Result<Plan, JsError> {
    let routes: Vec<(String, Vec<String>)> = routes.iter().map(|r| (r.vehicle.clone(), r.stops.clone())).collect();
    Plan::from_ids(problem, &routes).map_err(|e| JsError::new(&e))
}

/// Sends the best plan so far to the UI; never asks to stop (Stop terminates the worker).
fn report_progress(problem: &Problem, p: &Progress, progress: &js_sys::Function) -> bool {
    let point = ProgressPoint {
        elapsed_ms: p.elapsed_ms,
        unassigned: p.objective.unassigned,
        vehicles: p.objective.vehicles,
        cost: p.objective.cost as f64 / SCALE,
    };
    let update =
        SolveProgress { elapsed_ms: p.elapsed_ms, iterations: p.iterations, point, plan: plan_view(problem, p.best) };
    if let Ok(json) = serde_json::to_string(&update) {
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&json));
    }
    true
}

fn result(problem: &Problem, plan: &Plan, options: &SolveOptions, started: f64, iterations: usize) -> SolveResult {
    SolveResult {
        plan: plan_view(problem, plan),
        report: PlanReport::new(problem, plan),
        planar: problem.coordinates == Coordinates::Planar,
        fleet: problem.vehicles.iter().map(|v| v.id.clone()).collect(),
        threads: options.threads,
        elapsed_ms: js_sys::Date::now() - started,
        iterations,
    }
}

fn scenario_view(problem: &Problem) -> ScenarioView {
    ScenarioView {
        name: problem.name.clone(),
        points: problem.points.iter().map(|p| [p.x, p.y]).collect(),
        depots: problem.depots.iter().map(|d| d.location).collect(),
        orders: problem.orders.iter().map(|o| o.location).collect(),
        vehicles: problem.vehicles.len(),
    }
}

fn plan_view(problem: &Problem, plan: &Plan) -> PlanView {
    let paths = plan
        .routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|r| {
            std::iter::once(problem.vehicle_start(r.vehicle))
                .chain(r.stops.iter().map(|&o| problem.order_location(o)))
                .chain(std::iter::once(problem.vehicle_end(r.vehicle)))
                .collect()
        })
        .collect();
    let routes = plan
        .routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|r| RouteIds {
            vehicle: problem.vehicles[r.vehicle].id.clone(),
            stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
        })
        .collect();
    PlanView {
        paths,
        routes: Some(routes),
        vehicles: plan.routes.iter().filter(|r| !r.stops.is_empty()).count(),
        distance: lastmile_solver::units::from_ticks(plan.distance(problem)),
        unassigned: plan.unassigned.len(),
    }
}
