//! The engine's entry point inside the compute worker (see `js/compute.js`).
//!
//! Runs off the UI thread, with the rayon pool when the page is cross-origin isolated. Everything
//! here translates between the JSON protocol and the engine; no planning logic lives here.

use lastmile_solver::formats;
use lastmile_solver::problem::Coordinates;
use lastmile_solver::report::PlanReport;
use lastmile_solver::units::SCALE;
use lastmile_solver::{search, Plan, Problem, SolveOptions};
use wasm_bindgen::prelude::*;

use crate::protocol::{LoadRequest, PlanView, ProgressPoint, ScenarioView, SolveProgress, SolveRequest, SolveResult};

/// Answers one request of `kind` (`"load"` or `"solve"`) with a JSON string. `threads` is the size
/// of the rayon pool the worker started (1 when there is none); `progress` receives JSON strings.
#[wasm_bindgen]
pub fn compute(kind: &str, payload: &str, threads: usize, progress: &js_sys::Function) -> Result<String, JsError> {
    match kind {
        "load" => {
            let request: LoadRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            Ok(serde_json::to_string(&scenario_view(&problem))?)
        }
        "solve" => {
            let request: SolveRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            let options = SolveOptions {
                time_limit_ms: request.time_limit_ms,
                threads: threads.max(1),
                seed: request.seed,
                ..Default::default()
            };
            let started = js_sys::Date::now();
            let clock = || js_sys::Date::now();
            let outcome = search(&problem, &options, &clock, &mut |p| {
                let point = ProgressPoint {
                    elapsed_ms: p.elapsed_ms,
                    unassigned: p.objective.unassigned,
                    vehicles: p.objective.vehicles,
                    cost: p.objective.cost as f64 / SCALE,
                };
                let update = SolveProgress {
                    elapsed_ms: p.elapsed_ms,
                    iterations: p.iterations,
                    point,
                    plan: plan_view(&problem, p.best),
                };
                if let Ok(json) = serde_json::to_string(&update) {
                    let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&json));
                }
                true
            });
            let result = SolveResult {
                plan: plan_view(&problem, &outcome.plan),
                report: PlanReport::new(&problem, &outcome.plan),
                planar: problem.coordinates == Coordinates::Planar,
                threads: options.threads,
                elapsed_ms: js_sys::Date::now() - started,
                iterations: outcome.iterations,
            };
            Ok(serde_json::to_string(&result)?)
        }
        other => Err(JsError::new(&format!("unknown request '{other}'"))),
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
    PlanView {
        paths,
        vehicles: plan.routes.iter().filter(|r| !r.stops.is_empty()).count(),
        distance: lastmile_solver::units::from_ticks(plan.distance(problem)),
        unassigned: plan.unassigned.len(),
    }
}
