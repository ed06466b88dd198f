//! Messages between the UI thread and the compute worker, as JSON strings.
//!
//! The UI never parses or plans; it sends the user's file text and receives what it needs to draw.

use lastmile_solver::formats::csv::{Column, Issue, TableKind};
use lastmile_solver::report::PlanReport;
use serde::{Deserialize, Serialize};

/// Ask the engine to read a file and describe what it found.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoadRequest {
    pub file_name: String,
    pub text: String,
}

/// Ask the engine for a plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SolveRequest {
    pub file_name: String,
    pub text: String,
    pub time_limit_ms: f64,
    pub seed: u64,
}

/// A file the user gave, as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileText {
    pub name: String,
    pub text: String,
}

/// Ask the engine to read the user's files (CSV tables, scenario JSON, VROOM, Solomon, OSRM
/// tables) on top of the current scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImportRequest {
    pub files: Vec<FileText>,
    /// Per file name, the column each header means (from the mapping step).
    pub mappings: Vec<(String, Vec<Option<Column>>)>,
    pub base: Option<FileText>,
}

/// A CSV file whose headers the engine could not map: what the mapping step offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MappingNeed {
    pub file: String,
    pub headers: Vec<String>,
    pub guessed: Vec<Option<Column>>,
    /// For each table kind, the columns it can have.
    pub choices: Vec<(TableKind, Vec<Column>)>,
}

/// What an import made: the scenario (as Lastmile scenario JSON) and every issue found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportResult {
    pub scenario: FileText,
    /// False when nothing usable came out (e.g. no order could be read).
    pub usable: bool,
    pub issues: Vec<Issue>,
    pub summary: String,
    pub needs_mapping: Vec<MappingNeed>,
    /// The plan that came with the files (a Lastmile plan document), to show on the scenario.
    #[serde(default)]
    pub plan: Option<Vec<RouteIds>>,
}

/// Ask the engine to write the current plan in a file format: `csv`, `geojson`, `plan` (scenario
/// + plan JSON), `vroom` (VROOM solution) or `manifest` (every route's driver manifest, JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExportRequest {
    pub file_name: String,
    pub text: String,
    pub routes: Vec<RouteIds>,
    pub format: String,
}

/// A file to download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedFile {
    pub name: String,
    pub mime: String,
    pub text: String,
}

/// Ask for the driver manifests of the current plan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ManifestRequest {
    pub file_name: String,
    pub text: String,
    pub routes: Vec<RouteIds>,
}

/// A route by the user's ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteIds {
    pub vehicle: String,
    pub stops: Vec<String>,
}

/// Ask the engine to evaluate a plan the planner edited (feasibility, times, costs, reasons).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EvaluateRequest {
    pub file_name: String,
    pub text: String,
    pub routes: Vec<RouteIds>,
}

/// Ask the engine to re-optimise a plan, keeping the frozen vehicles' routes as they are.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReoptimiseRequest {
    pub file_name: String,
    pub text: String,
    pub routes: Vec<RouteIds>,
    /// Vehicle ids whose routes are locked.
    pub frozen: Vec<String>,
    pub time_limit_ms: f64,
    pub seed: u64,
}

/// What a loaded scenario looks like on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScenarioView {
    pub name: String,
    /// True for plain x/y coordinates (benchmark files); false for `[lon, lat]` in degrees.
    pub planar: bool,
    /// `[x, y]` (planar) or `[lon, lat]` (geographic) of every location (depots and orders).
    pub points: Vec<[f64; 2]>,
    pub depots: Vec<usize>,
    pub orders: Vec<usize>,
    /// The user's ids, in the order of `depots` and of `orders`.
    pub depot_ids: Vec<String>,
    pub order_ids: Vec<String>,
    pub vehicles: usize,
}

/// A plan ready to draw: each route as the point indices it passes, depot to depot.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub paths: Vec<Vec<usize>>,
    /// True for x/y problems: distance in the file's units (metres otherwise).
    #[serde(default)]
    pub planar: bool,
    /// The same routes by the user's ids (what a stopped search leaves behind).
    #[serde(default)]
    pub routes: Option<Vec<RouteIds>>,
    pub vehicles: usize,
    pub distance: f64,
    pub unassigned: usize,
    /// Routes (indices into `paths`) that break a constraint, and the orders (ids) where a stop
    /// does: only after an edit by hand.
    #[serde(default)]
    pub broken_routes: Vec<usize>,
    #[serde(default)]
    pub broken_orders: Vec<String>,
}

/// One point of the search's convergence: the best plan's objective at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressPoint {
    pub elapsed_ms: f64,
    /// Left-out mandatory orders, weighted by priority.
    pub unassigned: u64,
    pub vehicles: usize,
    /// In currency units (benchmark files: distance).
    pub cost: f64,
}

/// Reported while the search runs: the best plan so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveProgress {
    pub elapsed_ms: f64,
    pub iterations: usize,
    pub point: ProgressPoint,
    pub plan: PlanView,
}

/// The finished search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveResult {
    pub plan: PlanView,
    pub report: PlanReport,
    /// True for benchmark-style x/y problems (times and distances in the file's own units).
    pub planar: bool,
    /// Every vehicle id, used or not (where a stop can be moved to).
    pub fleet: Vec<String>,
    pub threads: usize,
    pub elapsed_ms: f64,
    pub iterations: usize,
}

/// Run a booking day under every slot policy on the scenario (and replay `bookings` when given).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckoutRequest {
    pub file_name: String,
    pub text: String,
    pub day: lastmile_solver::checkout::BookingDay,
    pub bookings: Option<FileText>,
}

/// The policies compared, and what the bookings file (if any) had wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutResult {
    pub comparison: lastmile_solver::checkout::Comparison,
    pub issues: Vec<Issue>,
    pub planar: bool,
}

/// "Check an address": policy number `policy` of the day, `at` seconds into the booking horizon,
/// a standard order at (`x`, `y`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AddressRequest {
    pub checkout: CheckoutRequest,
    pub policy: usize,
    pub at: f64,
    pub x: f64,
    pub y: f64,
}

/// The final plan of policy number `policy` of the day, as a plan document for the planner.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PolicyPlanRequest {
    pub checkout: CheckoutRequest,
    pub policy: usize,
}

/// Measure slot-query latency in the browser on a generated tentative plan of `orders` orders.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SpeedRequest {
    pub orders: usize,
    pub queries: usize,
}

/// A checkout file to save: the policy table or offer log (CSV), or everything (JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckoutExportRequest {
    pub comparison: lastmile_solver::checkout::Comparison,
    pub format: String,
}
