//! The engine's entry point inside the compute worker (see `js/compute.js`).
//!
//! Runs off the UI thread, with the rayon pool when the page is cross-origin isolated. Everything
//! here translates between the JSON protocol and the engine; no planning logic lives here.

use lastmile_solver::checkout;
use lastmile_solver::formats;
use lastmile_solver::formats::csv::{self, Issue, Severity, TableKind};
use lastmile_solver::formats::scenario::{CoordinateSystem, Scenario};
use lastmile_solver::problem::Coordinates;
use lastmile_solver::report::PlanReport;
use lastmile_solver::units::SCALE;
use lastmile_solver::{reoptimise, search, Locks, Plan, Problem, Progress, SolveOptions};
use wasm_bindgen::prelude::*;

use crate::protocol::{
    AddressRequest, CheckoutExportRequest, CheckoutRequest, CheckoutResult, EvaluateRequest, ExportRequest,
    ExportedFile, FileText, ImportRequest, ImportResult, LoadRequest, ManifestRequest, MappingNeed, PlanView,
    PolicyPlanRequest, ProgressPoint, ReoptimiseRequest, RouteIds, ScenarioView, SolveProgress, SolveRequest,
    SolveResult, SpeedRequest,
};

/// Answers one request of `kind` (`"load"`, `"solve"`, `"evaluate"` or `"reoptimise"`) with a JSON
/// string. `threads` is the size of the rayon pool the worker started (1 when there is none);
/// `progress` receives JSON strings.
#[wasm_bindgen]
pub fn compute(kind: &str, payload: &str, threads: usize, progress: &js_sys::Function) -> Result<String, JsError> {
    let started = js_sys::Date::now();
    match kind {
        "import" => {
            let request: ImportRequest = serde_json::from_str(payload)?;
            Ok(serde_json::to_string(&import(&request))?)
        }
        "export" => {
            let request: ExportRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            let plan = plan_from(&problem, &request.routes)?;
            Ok(serde_json::to_string(&export(&problem, &plan, &request.format)?)?)
        }
        "manifests" => {
            let request: ManifestRequest = serde_json::from_str(payload)?;
            let problem = formats::read(&request.file_name, &request.text, None)?;
            let plan = plan_from(&problem, &request.routes)?;
            let manifests: Vec<_> = plan
                .routes
                .iter()
                .filter_map(|r| lastmile_solver::export::manifest(&problem, &plan, r.vehicle))
                .collect();
            Ok(serde_json::to_string(&manifests)?)
        }
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
        "checkout" => {
            let request: CheckoutRequest = serde_json::from_str(payload)?;
            Ok(serde_json::to_string(&checkout(&request, progress)?)?)
        }
        "check_address" => {
            let request: AddressRequest = serde_json::from_str(payload)?;
            let (problem, day, replay, _) = booking_day(&request.checkout)?;
            let point = lastmile_solver::problem::Point { x: request.x, y: request.y };
            let answer = checkout::simulation::check_address(&problem, &day, replay, request.policy, request.at, point)
                .map_err(|e| JsError::new(&e))?;
            Ok(serde_json::to_string(&answer)?)
        }
        "checkout_plan" => {
            let request: PolicyPlanRequest = serde_json::from_str(payload)?;
            let (problem, day, replay, _) = booking_day(&request.checkout)?;
            let (accepted, plan) = checkout::simulation::final_plan(&problem, &day, replay, request.policy)
                .map_err(|e| JsError::new(&e))?;
            let name = format!("{}.json", accepted.name);
            Ok(serde_json::to_string(&FileText { name, text: lastmile_solver::export::plan_json(&accepted, &plan) })?)
        }
        "checkout_export" => {
            let request: CheckoutExportRequest = serde_json::from_str(payload)?;
            let name = "checkout";
            let (file, text) = match request.format.as_str() {
                "policies" => {
                    (format!("{name}-policies.csv"), checkout::results::policy_table_csv(&request.comparison))
                }
                "offers" => (format!("{name}-offers.csv"), checkout::results::offer_log_csv(&request.comparison)),
                "json" => (format!("{name}.json"), serde_json::to_string_pretty(&request.comparison)?),
                other => return Err(JsError::new(&format!("unknown checkout export '{other}'"))),
            };
            let mime = if file.ends_with(".json") { "application/json" } else { "text/csv" };
            Ok(serde_json::to_string(&ExportedFile { name: file, mime: mime.to_string(), text })?)
        }
        "slot_speed" => {
            let request: SpeedRequest = serde_json::from_str(payload)?;
            let orders = request.orders.clamp(1, 5000);
            let speed = checkout::speed::measure(orders, 2.0, request.queries.clamp(1, 10_000), 1, &precise_clock)
                .map_err(|e| JsError::new(&e))?;
            Ok(serde_json::to_string(&speed)?)
        }
        other => Err(JsError::new(&format!("unknown request '{other}'"))),
    }
}

/// The scenario, the day's settings, the replayed bookings (if a file was given) and what that
/// file had wrong.
type DayInput = (Problem, checkout::BookingDay, Option<Vec<checkout::Booking>>, Vec<Issue>);

fn booking_day(request: &CheckoutRequest) -> Result<DayInput, JsError> {
    let problem = formats::read(&request.file_name, &request.text, None)?;
    let mut day = request.day.clone();
    let (replay, issues) = match &request.bookings {
        None => (None, Vec::new()),
        Some(file) => match csv::read_bookings(&file.name, &file.text, &problem) {
            Ok((bookings, span, issues)) => {
                day.stream.horizon_hours = span;
                (Some(bookings), issues)
            }
            Err(issues) => {
                let first = issues
                    .first()
                    .map_or_else(String::new, |i| format!(": line {}, {}: {}", i.line, i.field, i.message));
                return Err(JsError::new(&format!("{} has no usable booking{first}", file.name)));
            }
        },
    };
    Ok((problem, day, replay, issues))
}

fn checkout(request: &CheckoutRequest, progress: &js_sys::Function) -> Result<CheckoutResult, JsError> {
    let (problem, day, replay, issues) = booking_day(request)?;
    let comparison = checkout::compare(&problem, &day, replay, &mut |update| {
        if let Ok(json) = serde_json::to_string(update) {
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&json));
        }
    })
    .map_err(|e| JsError::new(&e))?;
    Ok(CheckoutResult { comparison, issues, planar: problem.coordinates == Coordinates::Planar })
}

/// Milliseconds with sub-millisecond resolution (`performance.now()`), for the speed figures.
fn precise_clock() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok().map(|now| (p, now)))
        .and_then(|(p, now)| now.dyn_into::<js_sys::Function>().ok()?.call0(&p).ok()?.as_f64())
        .unwrap_or_else(js_sys::Date::now)
}

/// Reads the user's files on top of the current scenario; never fails (problems are issues).
fn import(request: &ImportRequest) -> ImportResult {
    // A plan document (exported by Lastmile) brings its scenario and its plan.
    if let [file] = request.files.as_slice() {
        if file.text.contains(lastmile_solver::export::PLAN_FORMAT) {
            return import_plan(file);
        }
    }
    let mut issues = Vec::new();
    let base = request.base.as_ref().and_then(|base| match base_scenario(base) {
        Ok(scenario) => Some(scenario),
        Err(e) => {
            issues.push(Issue {
                file: e.file.clone(),
                line: e.line,
                field: e.field.clone(),
                message: format!("the current scenario could not be kept: {}", e.message),
                severity: Severity::Warning,
            });
            None
        }
    });
    // CSV tables hold latitudes and longitudes: they start a new scenario rather than join an
    // x/y benchmark one.
    let tables = request.files.iter().any(|f| {
        let name = f.name.to_ascii_lowercase();
        name.ends_with(".csv") || name.ends_with(".tsv")
    });
    let base = base.filter(|b| !(tables && b.coordinates == CoordinateSystem::Planar));
    let files: Vec<(String, String)> = request.files.iter().map(|f| (f.name.clone(), f.text.clone())).collect();
    let imported = csv::import(&files, &request.mappings, base.as_ref());
    issues.extend(imported.issues);
    let file_name =
        format!("{}.json", if imported.scenario.name.is_empty() { "scenario" } else { &imported.scenario.name });
    let usable = match imported.scenario.to_problem(&file_name) {
        Ok(problem) => !problem.orders.is_empty() || !problem.vehicles.is_empty(),
        Err(e) => {
            issues.push(Issue {
                file: e.file,
                line: e.line,
                field: e.field,
                message: e.message,
                severity: Severity::Error,
            });
            false
        }
    };
    let needs_mapping = request
        .files
        .iter()
        .filter(|f| issues.iter().any(|i| i.file == f.name && i.field == "columns"))
        .filter_map(|f| {
            let shape = csv::inspect(&f.name, &f.text).ok()?;
            let dimensions = imported.scenario.dimensions.clone();
            Some(MappingNeed {
                file: f.name.clone(),
                headers: shape.headers,
                guessed: shape.mapping,
                choices: TableKind::ALL.iter().map(|&kind| (kind, csv::columns(kind, &dimensions))).collect(),
            })
        })
        .collect();
    ImportResult {
        scenario: FileText { name: file_name, text: imported.scenario.to_json_pretty() },
        usable,
        issues,
        summary: imported.summary,
        needs_mapping,
        plan: None,
    }
}

fn import_plan(file: &FileText) -> ImportResult {
    let failed = |e: formats::ParseError| ImportResult {
        scenario: FileText { name: String::new(), text: String::new() },
        usable: false,
        issues: vec![Issue {
            file: e.file,
            line: e.line,
            field: e.field,
            message: e.message,
            severity: Severity::Error,
        }],
        summary: format!("{}: not read", file.name),
        needs_mapping: Vec::new(),
        plan: None,
    };
    let (scenario, plan) = match lastmile_solver::export::read_plan_json(&file.name, &file.text) {
        Ok(read) => read,
        Err(e) => return failed(e),
    };
    let name = format!("{}.json", if scenario.name.is_empty() { "scenario" } else { &scenario.name });
    let problem = match scenario.to_problem(&name) {
        Ok(problem) => problem,
        Err(e) => return failed(e),
    };
    let routes = plan
        .routes
        .iter()
        .map(|r| RouteIds {
            vehicle: problem.vehicles[r.vehicle].id.clone(),
            stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
        })
        .collect();
    ImportResult {
        summary: format!("{}: a scenario with its plan of {} routes", file.name, plan.routes.len()),
        scenario: FileText { name, text: scenario.to_json_pretty() },
        usable: true,
        issues: Vec::new(),
        needs_mapping: Vec::new(),
        plan: Some(routes),
    }
}

/// The current scenario as a `Scenario`: read as is when it is one, converted otherwise.
fn base_scenario(base: &FileText) -> Result<Scenario, formats::ParseError> {
    match formats::Format::guess(&base.text) {
        Some(formats::Format::Json) => Scenario::from_json(&base.name, &base.text),
        format => formats::read(&base.name, &base.text, format).map(|p| Scenario::from_problem(&p)),
    }
}

/// The plan in one of the export formats, named after the scenario.
fn export(problem: &Problem, plan: &Plan, format: &str) -> Result<ExportedFile, JsError> {
    use lastmile_solver::export;
    let stem: String =
        problem.name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>();
    let stem = if stem.trim_matches('-').is_empty() { "plan".to_string() } else { stem };
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let (suffix, mime, text) = match format {
        "csv" => ("plan.csv", "text/csv", export::plan_csv(problem, plan)),
        "geojson" => ("routes.geojson", "application/geo+json", pretty(&export::geojson(problem, plan))),
        "plan" => ("plan.json", "application/json", export::plan_json(problem, plan)),
        "vroom" => ("vroom-solution.json", "application/json", pretty(&formats::vroom::write_solution(problem, plan))),
        "manifest" => {
            let manifests: Vec<_> =
                plan.routes.iter().filter_map(|r| export::manifest(problem, plan, r.vehicle)).collect();
            ("manifests.json", "application/json", serde_json::to_string_pretty(&manifests)?)
        }
        other => return Err(JsError::new(&format!("unknown export format '{other}'"))),
    };
    Ok(ExportedFile { name: format!("{stem}-{suffix}"), mime: mime.to_string(), text })
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
    let update = SolveProgress {
        elapsed_ms: p.elapsed_ms,
        iterations: p.iterations,
        point,
        plan: plan_view(problem, p.best, None),
    };
    if let Ok(json) = serde_json::to_string(&update) {
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&json));
    }
    true
}

fn result(problem: &Problem, plan: &Plan, options: &SolveOptions, started: f64, iterations: usize) -> SolveResult {
    let report = PlanReport::new(problem, plan);
    SolveResult {
        plan: plan_view(problem, plan, Some(&report)),
        report,
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
        planar: problem.coordinates == lastmile_solver::problem::Coordinates::Planar,
        points: problem.points.iter().map(|p| [p.x, p.y]).collect(),
        depots: problem.depots.iter().map(|d| d.location).collect(),
        orders: problem.orders.iter().map(|o| o.location).collect(),
        depot_ids: problem.depots.iter().map(|d| d.id.clone()).collect(),
        order_ids: problem.orders.iter().map(|o| o.id.clone()).collect(),
        vehicles: problem.vehicles.len(),
    }
}

/// What the map draws of `plan`; what breaks a constraint is read off its `report` when there is
/// one (the search's own progress plans never break any).
fn plan_view(problem: &Problem, plan: &Plan, report: Option<&PlanReport>) -> PlanView {
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
    // Report routes are the plan's driven routes, in the same order as `paths`.
    let reported = report.map_or(&[][..], |r| r.routes.as_slice());
    let broken_routes = (0..reported.len()).filter(|&k| !reported[k].violations.is_empty()).collect();
    let broken_orders = reported
        .iter()
        .flat_map(|r| r.violations.iter().filter_map(|v| v.stop.and_then(|i| r.stops.get(i)).cloned()))
        .collect();
    PlanView {
        broken_routes,
        broken_orders,
        paths,
        planar: problem.coordinates == Coordinates::Planar,
        routes: Some(routes),
        vehicles: plan.routes.iter().filter(|r| !r.stops.is_empty()).count(),
        distance: lastmile_solver::units::from_ticks(plan.distance(problem)),
        unassigned: plan.unassigned.len(),
    }
}
