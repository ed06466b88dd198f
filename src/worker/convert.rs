//! Translations between the protocol and the engine: what a scenario, a plan or a progress report
//! looks like to the app, imports, exports and the checkout's inputs. No planning logic lives
//! here, and nothing here knows about JavaScript (the session passes a clock when one is needed).

use std::borrow::Cow;

use lastmile_solver::checkout;
use lastmile_solver::formats;
use lastmile_solver::formats::csv::{self, Issue, Severity, TableKind, NOTHING_READ};
use lastmile_solver::formats::scenario::{CoordinateSystem, Scenario};
use lastmile_solver::plan::Objective;
use lastmile_solver::problem::{Coordinates, Task};
use lastmile_solver::report::PlanReport;
use lastmile_solver::units::SCALE;
use lastmile_solver::{Plan, Problem, Progress, SolveOptions};

use crate::protocol::{
    CheckoutExportFormat, CheckoutRequest, EngineError, ExportFormat, ExportedFile, FileText, ImportResult,
    MappingNeed, PlanView, ProgressPoint, ReloadAt, RouteIds, ScenarioView, SolveProgress, SolveResult,
};

/// A scenario file read: the problem, and the document itself when it is a Lastmile scenario
/// that is cheap to keep (no imported travel tables), for imports on top of it.
pub struct Read {
    pub problem: Problem,
    pub scenario: Option<Scenario>,
}

/// Reads a scenario file in any format.
pub fn read(file_name: &str, text: &str) -> Result<Read, formats::ParseError> {
    match formats::Format::guess(text) {
        Some(formats::Format::Json) => {
            let scenario = Scenario::from_json(file_name, text)?;
            let problem = scenario.to_problem(file_name)?;
            Ok(Read { problem, scenario: scenario.matrices.is_empty().then_some(scenario) })
        }
        format => Ok(Read { problem: formats::read(file_name, text, format)?, scenario: None }),
    }
}

/// The scenario an import goes on top of: the document as read, else written from the problem
/// (travel tables as tables, one entry per vehicle).
pub fn base_scenario<'a>(read: &'a Read) -> Cow<'a, Scenario> {
    match &read.scenario {
        Some(scenario) => Cow::Borrowed(scenario),
        None => Cow::Owned(Scenario::from_problem(&read.problem)),
    }
}

/// What an import made: the answer, and the scenario read back from the text the app keeps
/// (so the session holds exactly what re-opening that text gives) when it is one to use.
pub struct Imported {
    pub result: ImportResult,
    pub read: Option<Read>,
}

/// Reads the user's files on top of `base` (the session's scenario, if any); never fails
/// (problems are issues).
pub fn import(files: &[FileText], mappings: &[(String, Vec<Option<csv::Column>>)], base: Option<&Read>) -> Imported {
    // A plan document (exported by Lastmile) brings its scenario and its plan.
    if let [file] = files {
        if file.text.contains(lastmile_solver::export::PLAN_FORMAT) {
            return import_plan(file);
        }
    }
    let mut issues = Vec::new();
    let base = base.map(base_scenario);
    // CSV tables hold latitudes and longitudes: they start a new scenario rather than join an
    // x/y benchmark one.
    let tables = files.iter().any(|f| {
        let name = f.name.to_ascii_lowercase();
        name.ends_with(".csv") || name.ends_with(".tsv")
    });
    let base = base.filter(|b| !(tables && b.coordinates == CoordinateSystem::Planar));
    let texts: Vec<(String, String)> = files.iter().map(|f| (f.name.clone(), f.text.clone())).collect();
    let encodings: Vec<_> = files.iter().map(|f| f.encoding).collect();
    let imported = csv::import_encoded(&texts, &encodings, mappings, base.as_deref());
    drop(base);
    issues.extend(imported.issues);
    let file_name =
        format!("{}.json", if imported.scenario.name.is_empty() { "scenario" } else { &imported.scenario.name });
    let text = imported.scenario.to_json_pretty();
    let dimensions = imported.scenario.dimensions.clone();
    drop(imported.scenario);
    let (read, usable) = match read(&file_name, &text) {
        Ok(read) => {
            let usable = !read.problem.orders.is_empty() || !read.problem.vehicles.is_empty();
            (Some(read), usable)
        }
        Err(e) => {
            issues.push(Issue {
                file: e.file,
                line: e.line,
                field: e.field,
                message: e.message,
                severity: Severity::Error,
            });
            (None, false)
        }
    };
    let needs_mapping = files
        .iter()
        // A file not read for its columns (a warning that some were not used is not a question).
        .filter(|f| issues.iter().any(|i| i.file == f.name && i.field == "columns" && i.severity == Severity::Error))
        .filter_map(|f| {
            let shape = csv::inspect(&f.name, &f.text).ok()?;
            // The dimensions the scenario has, and any the guess names, are offered.
            let mut dimensions = dimensions.clone();
            for column in shape.mapping.iter().flatten() {
                if let csv::Column::Demand(d) | csv::Column::Capacity(Some(d)) = column {
                    if !dimensions.contains(d) {
                        dimensions.push(d.clone());
                    }
                }
            }
            Some(MappingNeed {
                file: f.name.clone(),
                headers: shape.headers,
                kind: shape.kind,
                guessed: shape.mapping,
                from_contents: shape.from_contents,
                samples: shape.samples,
                choices: TableKind::ALL.iter().map(|&kind| (kind, csv::columns(kind, &dimensions))).collect(),
            })
        })
        .collect();
    // Files that gave nothing leave the scenario as it was.
    let adopted = usable && !issues.iter().any(|i| i.field == NOTHING_READ);
    let read = read.filter(|_| adopted);
    Imported {
        result: ImportResult {
            scenario: FileText::new(file_name, text),
            view: read.as_ref().map(|r| scenario_view(&r.problem)),
            issues,
            summary: imported.summary,
            needs_mapping,
            plan: None,
        },
        read,
    }
}

fn import_plan(file: &FileText) -> Imported {
    let failed = |e: formats::ParseError| Imported {
        result: ImportResult {
            scenario: FileText::new(String::new(), String::new()),
            view: None,
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
        },
        read: None,
    };
    let (scenario, plan) = match lastmile_solver::export::read_plan_json(&file.name, &file.text) {
        Ok(read) => read,
        Err(e) => return failed(e),
    };
    let name = format!("{}.json", if scenario.name.is_empty() { "scenario" } else { &scenario.name });
    let text = scenario.to_json_pretty();
    drop(scenario);
    let read = match read(&name, &text) {
        Ok(read) => read,
        Err(e) => return failed(e),
    };
    let problem = &read.problem;
    let routes = plan
        .routes
        .iter()
        .map(|r| RouteIds {
            vehicle: problem.vehicles[r.vehicle].id.clone(),
            stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
            reloads: r
                .reloads
                .iter()
                .map(|x| ReloadAt { before: x.before, depot: problem.depots[x.depot].id.clone() })
                .collect(),
        })
        .collect();
    Imported {
        result: ImportResult {
            summary: format!("{}: a scenario with its plan of {} routes", file.name, plan.routes.len()),
            scenario: FileText::new(name, text),
            view: Some(scenario_view(problem)),
            issues: Vec::new(),
            needs_mapping: Vec::new(),
            plan: Some(routes),
        },
        read: Some(read),
    }
}

/// The plan in one of the export formats, named after the scenario.
pub fn export(problem: &Problem, plan: &Plan, format: ExportFormat) -> Result<ExportedFile, EngineError> {
    use lastmile_solver::export;
    let stem: String =
        problem.name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>();
    let stem = if stem.trim_matches('-').is_empty() { "plan".to_string() } else { stem };
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let (suffix, mime, text) = match format {
        ExportFormat::Csv => ("plan.csv", "text/csv", export::plan_csv(problem, plan)),
        ExportFormat::Geojson => ("routes.geojson", "application/geo+json", pretty(&export::geojson(problem, plan))),
        ExportFormat::Plan => ("plan.json", "application/json", export::plan_json(problem, plan)),
        ExportFormat::Vroom => {
            ("vroom-solution.json", "application/json", pretty(&formats::vroom::write_solution(problem, plan)))
        }
        ExportFormat::Manifest => {
            let manifests = manifests(problem, plan);
            (
                "manifests.json",
                "application/json",
                serde_json::to_string_pretty(&manifests).map_err(EngineError::failed)?,
            )
        }
    };
    Ok(ExportedFile { name: format!("{stem}-{suffix}"), mime: mime.to_string(), text })
}

/// Every route's driver manifest.
pub fn manifests(problem: &Problem, plan: &Plan) -> Vec<lastmile_solver::export::Manifest> {
    plan.routes.iter().filter_map(|r| lastmile_solver::export::manifest(problem, plan, r.vehicle)).collect()
}

/// The checkout results as a file.
pub fn checkout_export(
    comparison: &checkout::Comparison,
    format: CheckoutExportFormat,
) -> Result<ExportedFile, EngineError> {
    let name = "checkout";
    let (file, mime, text) = match format {
        CheckoutExportFormat::Policies => {
            (format!("{name}-policies.csv"), "text/csv", checkout::results::policy_table_csv(comparison))
        }
        CheckoutExportFormat::Offers => {
            (format!("{name}-offers.csv"), "text/csv", checkout::results::offer_log_csv(comparison))
        }
        CheckoutExportFormat::Json => (
            format!("{name}.json"),
            "application/json",
            serde_json::to_string_pretty(comparison).map_err(EngineError::failed)?,
        ),
    };
    Ok(ExportedFile { name: file, mime: mime.to_string(), text })
}

/// The day's settings and the replayed bookings (if a file was given), with what that file had
/// wrong.
pub type DayInput = (checkout::BookingDay, Option<Vec<checkout::Booking>>, Vec<Issue>);

/// The booking day a checkout request asks for, on `problem`.
pub fn booking_day(problem: &Problem, request: &CheckoutRequest) -> Result<DayInput, EngineError> {
    let mut day = request.day.clone();
    let (replay, issues) = match &request.bookings {
        None => (None, Vec::new()),
        Some(file) => match csv::read_bookings(&file.name, &file.text, problem) {
            Ok((bookings, span, issues)) => {
                day.stream.horizon_hours = span;
                (Some(bookings), issues)
            }
            Err(issues) => {
                let first = issues
                    .first()
                    .map_or_else(String::new, |i| format!(": line {}, {}: {}", i.line, i.field, i.message));
                return Err(EngineError::failed(format!("{} has no usable booking{first}", file.name)));
            }
        },
    };
    Ok((day, replay, issues))
}

pub fn options(time_limit_ms: f64, seed: u64, threads: usize) -> SolveOptions {
    SolveOptions { time_limit_ms, threads: threads.max(1), seed, ..Default::default() }
}

pub fn plan_from(problem: &Problem, routes: &[RouteIds]) -> Result<Plan, EngineError> {
    let routes: Vec<lastmile_solver::plan::RouteByIds> = routes
        .iter()
        .map(|r| (r.vehicle.clone(), r.stops.clone(), r.reloads.iter().map(|x| (x.before, x.depot.clone())).collect()))
        .collect();
    Plan::from_ids_with_reloads(problem, &routes).map_err(EngineError::failed)
}

/// The search's progress report as the app reads it: the best plan so far, and the convergence
/// (`points`, which gets this report's point).
pub fn solve_progress(problem: &Problem, p: &Progress, points: &mut Vec<ProgressPoint>) -> SolveProgress {
    points.push(progress_point(&p.objective, p.elapsed_ms));
    let points = points.clone();
    SolveProgress { elapsed_ms: p.elapsed_ms, iterations: p.iterations, points, plan: plan_view(problem, p.best, None) }
}

/// One point of the convergence.
fn progress_point(objective: &Objective, elapsed_ms: f64) -> ProgressPoint {
    ProgressPoint {
        elapsed_ms,
        unassigned: objective.unassigned,
        vehicles: objective.vehicles,
        cost: objective.cost as f64 / SCALE,
    }
}

/// The convergence of a finished search (`points`, as reported), ending with its answer `plan`
/// (added when the last report was of an earlier plan: reports on a large day are spaced out).
pub fn convergence(
    problem: &Problem,
    plan: &Plan,
    mut points: Vec<ProgressPoint>,
    elapsed_ms: f64,
) -> Vec<ProgressPoint> {
    let last = progress_point(&plan.objective(problem), elapsed_ms);
    let same = |p: &ProgressPoint| (p.unassigned, p.vehicles, p.cost) == (last.unassigned, last.vehicles, last.cost);
    if !points.last().is_some_and(same) {
        points.push(last);
    }
    points
}

/// A plan with its report, as the app shows it; `elapsed_ms` is how long the request took.
pub fn result(
    problem: &Problem,
    plan: &Plan,
    options: &SolveOptions,
    elapsed_ms: f64,
    iterations: usize,
) -> SolveResult {
    let report = PlanReport::new(problem, plan);
    SolveResult {
        plan: plan_view(problem, plan, Some(&report)),
        report,
        planar: problem.coordinates == Coordinates::Planar,
        fleet: problem.vehicles.iter().map(|v| v.id.clone()).collect(),
        threads: options.threads,
        elapsed_ms,
        iterations,
        points: Vec::new(),
    }
}

pub fn scenario_view(problem: &Problem) -> ScenarioView {
    ScenarioView {
        name: problem.name.clone(),
        planar: problem.coordinates == lastmile_solver::problem::Coordinates::Planar,
        points: problem.points.iter().map(|p| [p.x, p.y]).collect(),
        depots: problem.depots.iter().map(|d| d.location).collect(),
        orders: problem.orders.iter().map(|o| o.location).collect(),
        depot_ids: problem.depots.iter().map(|d| d.id.clone()).collect(),
        order_ids: problem.orders.iter().map(|o| o.id.clone()).collect(),
        vehicles: problem.vehicles.len(),
        pickups: (0..problem.orders.len()).filter(|&o| problem.orders[o].task.collects()).collect(),
        shipments: (0..problem.orders.len())
            .filter_map(|o| match problem.orders[o].task {
                Task::ShipmentPickup { delivery } => Some([o, delivery]),
                _ => None,
            })
            .collect(),
    }
}

/// What the map draws of `plan`; what breaks a constraint is read off its `report` when there is
/// one (the search's own progress plans never break any).
fn plan_view(problem: &Problem, plan: &Plan, report: Option<&PlanReport>) -> PlanView {
    let paths = plan.routes.iter().filter(|r| !r.stops.is_empty()).map(|r| r.path(problem)).collect();
    let routes = plan
        .routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|r| RouteIds {
            vehicle: problem.vehicles[r.vehicle].id.clone(),
            stops: r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect(),
            reloads: r
                .reloads
                .iter()
                .map(|x| ReloadAt { before: x.before, depot: problem.depots[x.depot].id.clone() })
                .collect(),
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
