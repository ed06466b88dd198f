//! Messages between the UI thread and the compute worker, and which answer each request gets.
//!
//! The worker keeps a **session**: the scenario the app last opened, parsed once into the
//! engine's `Problem` and known by the [`ScenarioId`] the app gave it. Requests about a scenario
//! ([`AboutScenario`]) travel in an [`Envelope`] naming it and carry no scenario text; the worker
//! answers [`EngineError::NotOpen`] when it holds another one (a fresh worker holds none), and the
//! client re-opens it from the app's copy.
//!
//! Every request is a struct implementing [`Request`], which names its answer and progress
//! types; [`AnyRequest`] is the serde-tagged enum the worker dispatches on, matched exhaustively,
//! so a request cannot be answered with another request's type. On the wire everything is JSON.

use lastmile_solver::checkout::simulation::{AddressCheck, DayProgress};
use lastmile_solver::checkout::speed::QuerySpeed;
use lastmile_solver::checkout::{BookingDay, Comparison};
use lastmile_solver::export::Manifest;
use lastmile_solver::formats::csv::{Column, Issue, TableKind};
use lastmile_solver::formats::encoding::TextEncoding;
use lastmile_solver::report::PlanReport;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The number the app gives a scenario it opens in the worker; a new one for every load or
/// import, never reused while the page lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ScenarioId(pub u64);

impl std::fmt::Display for ScenarioId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A request, typed by what the worker answers and reports while it works.
pub trait Request: Serialize + DeserializeOwned + Into<AnyRequest> {
    /// The one answer.
    type Answer: Serialize + DeserializeOwned;
    /// What the worker reports before answering ([`NoProgress`] when nothing).
    type Progress: Serialize + DeserializeOwned + 'static;
}

/// A request about the scenario the session holds (sent with its [`ScenarioId`]).
pub trait AboutScenario: Request {}

/// A request that needs no scenario.
pub trait Standalone: Request {}

/// A request that changes which scenario the session holds ([`OpenRequest`], [`ImportRequest`]):
/// the client sends them through its own methods, which keep track of what the worker holds.
pub trait ChangesSession: Request {}

/// The progress type of requests that report none (no value of it exists).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoProgress {}

/// What the worker receives: a request and, for one [`AboutScenario`], the scenario it is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub scenario: Option<ScenarioId>,
    pub request: AnyRequest,
}

/// The worker's answer to a request `R`: `R::Answer` or why not.
pub type Reply<A> = Result<A, EngineError>;

/// Why the worker did not answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum EngineError {
    /// The session holds another scenario than the one the request is about, or none (a worker
    /// just started, after Stop or a crash): open it again.
    NotOpen { wanted: ScenarioId, held: Option<ScenarioId> },
    /// A request about a scenario came without naming one.
    NoScenario,
    /// The request could not be done, in words (a file that does not parse, an unknown vehicle…).
    Failed { message: String },
}

impl EngineError {
    pub fn failed(message: impl std::fmt::Display) -> EngineError {
        EngineError::Failed { message: message.to_string() }
    }
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::NotOpen { wanted, held: Some(held) } => {
                write!(f, "the engine holds scenario {held}, not {wanted}")
            }
            EngineError::NotOpen { wanted, held: None } => write!(f, "the engine holds no scenario (wanted {wanted})"),
            EngineError::NoScenario => write!(f, "a request about a scenario named none"),
            EngineError::Failed { message } => f.write_str(message),
        }
    }
}

/// Every request, tagged by `kind` on the wire; the worker matches it exhaustively.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnyRequest {
    Open(OpenRequest),
    Import(ImportRequest),
    Solve(SolveRequest),
    Evaluate(EvaluateRequest),
    Reoptimise(ReoptimiseRequest),
    Export(ExportRequest),
    Manifests(ManifestRequest),
    Checkout(CheckoutRequest),
    CheckAddress(AddressRequest),
    CheckoutPlan(PolicyPlanRequest),
    CheckoutExport(CheckoutExportRequest),
    SlotSpeed(SpeedRequest),
    Day(DayRequest),
    DayMoment(MomentRequest),
}

/// Ties a request struct to its [`AnyRequest`] variant, its answer and progress types, and
/// whether it is about the session's scenario.
macro_rules! requests {
    ($($request:ident => $variant:ident: $answer:ty, $progress:ty, $scope:ident;)*) => {$(
        impl Request for $request {
            type Answer = $answer;
            type Progress = $progress;
        }
        impl $scope for $request {}
        impl From<$request> for AnyRequest {
            fn from(request: $request) -> AnyRequest {
                AnyRequest::$variant(request)
            }
        }
    )*};
}

requests! {
    OpenRequest => Open: ScenarioView, NoProgress, ChangesSession;
    ImportRequest => Import: ImportResult, NoProgress, ChangesSession;
    SolveRequest => Solve: SolveResult, SolveProgress, AboutScenario;
    EvaluateRequest => Evaluate: SolveResult, NoProgress, AboutScenario;
    ReoptimiseRequest => Reoptimise: SolveResult, SolveProgress, AboutScenario;
    ExportRequest => Export: ExportedFile, NoProgress, AboutScenario;
    ManifestRequest => Manifests: Vec<Manifest>, NoProgress, AboutScenario;
    CheckoutRequest => Checkout: CheckoutResult, DayProgress, AboutScenario;
    AddressRequest => CheckAddress: AddressCheck, NoProgress, AboutScenario;
    PolicyPlanRequest => CheckoutPlan: FileText, NoProgress, AboutScenario;
    CheckoutExportRequest => CheckoutExport: ExportedFile, NoProgress, Standalone;
    SpeedRequest => SlotSpeed: QuerySpeed, NoProgress, Standalone;
    DayRequest => Day: DayAnswer, WaysProgress, AboutScenario;
    MomentRequest => DayMoment: MomentAnswer, NoProgress, AboutScenario;
}

// ---------------------------------------------------------------------------------------------
// Requests.

/// Read a scenario file and hold it as the session's scenario, known from now on as `scenario`
/// (whatever the session held is dropped first: one problem in the worker).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenRequest {
    pub scenario: ScenarioId,
    pub file_name: String,
    pub text: String,
}

/// Read the user's files (CSV tables, scenario JSON, VROOM, Solomon, OSRM tables) on top of the
/// session's scenario `base` (or from nothing); when they make a usable scenario, the session
/// holds it as `open_as` and the answer carries its view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub files: Vec<FileText>,
    /// Per file name, the column each header means (from the mapping step).
    pub mappings: Vec<(String, Vec<Option<Column>>)>,
    /// The scenario the files go on top of, which the session must hold.
    pub base: Option<ScenarioId>,
    pub open_as: ScenarioId,
}

/// Plan the scenario from scratch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveRequest {
    pub time_limit_ms: f64,
    pub seed: u64,
}

/// Evaluate a plan the planner edited (feasibility, times, costs, reasons).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluateRequest {
    pub routes: Vec<RouteIds>,
}

/// Re-optimise a plan, keeping the frozen vehicles' routes as they are.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReoptimiseRequest {
    pub routes: Vec<RouteIds>,
    /// Vehicle ids whose routes are locked.
    pub frozen: Vec<String>,
    pub time_limit_ms: f64,
    pub seed: u64,
}

/// The files a plan can be written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One row per stop, then per unassigned order.
    Csv,
    Geojson,
    /// The scenario with its plan (a `lastmile-plan` document).
    Plan,
    /// VROOM's solution format.
    Vroom,
    /// Every route's driver manifest, as JSON.
    Manifest,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 5] =
        [ExportFormat::Csv, ExportFormat::Geojson, ExportFormat::Plan, ExportFormat::Vroom, ExportFormat::Manifest];

    /// The name used on the wire and in test ids.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Geojson => "geojson",
            ExportFormat::Plan => "plan",
            ExportFormat::Vroom => "vroom",
            ExportFormat::Manifest => "manifest",
        }
    }
}

/// Write a plan of the scenario as a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub routes: Vec<RouteIds>,
    pub format: ExportFormat,
}

/// The driver manifests of a plan of the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestRequest {
    pub routes: Vec<RouteIds>,
}

/// Run a booking day under every slot policy on the scenario (and replay `bookings` when given).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutRequest {
    pub day: BookingDay,
    pub bookings: Option<FileText>,
}

/// "Check an address": policy number `policy` of the day, `at` seconds into the booking horizon,
/// a standard order at (`x`, `y`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddressRequest {
    pub checkout: CheckoutRequest,
    pub policy: usize,
    pub at: f64,
    pub x: f64,
    pub y: f64,
}

/// The final plan of policy number `policy` of the day, as a plan document for the planner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyPlanRequest {
    pub checkout: CheckoutRequest,
    pub policy: usize,
}

/// Measure slot-query latency on a generated tentative plan of `orders` orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpeedRequest {
    pub orders: usize,
    pub queries: usize,
}

/// The checkout files: the policy table or the offer log (CSV), or everything (JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckoutExportFormat {
    Policies,
    Offers,
    Json,
}

/// A checkout file to save.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutExportRequest {
    pub comparison: Comparison,
    pub format: CheckoutExportFormat,
}

/// How rough the day is: how far travel and service times stray from the plan's, how much
/// slower the rush hours are, how many customers are out (the engine's `Spread` per preset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Roughness {
    Calm,
    #[default]
    Normal,
    Rough,
}

impl Roughness {
    pub const ALL: [Roughness; 3] = [Roughness::Calm, Roughness::Normal, Roughness::Rough];

    /// The name used on the wire, in settings and test ids.
    pub fn name(self) -> &'static str {
        match self {
            Roughness::Calm => "calm",
            Roughness::Normal => "normal",
            Roughness::Rough => "rough",
        }
    }
}

/// A breakdown the planner schedules: a vehicle (by id) at a clock time (`HH:MM`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduledBreakdown {
    pub vehicle: String,
    pub at: String,
}

/// How the simulated day goes: its seed, how rough it is, and what happens in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DaySetup {
    pub seed: u64,
    pub roughness: Roughness,
    pub breakdown: Option<ScheduledBreakdown>,
    /// Traffic incidents and cancellations drawn from the seed.
    pub incidents: usize,
    pub cancellations: usize,
    /// Same-day orders placed through the day, drawn from the seed near the day's customers.
    #[serde(default)]
    pub same_day_orders: usize,
    /// Same-day collections asked for through the day (goods fetched and brought to the depot),
    /// drawn from the seed near the day's customers.
    #[serde(default)]
    pub same_day_collections: usize,
    /// An events file the planner gave (the CLI's `--events`): breakdowns, cancellations,
    /// customers out, traffic, same-day orders, collections and shipments at their times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<FileText>,
    /// Which way of reacting the page watches (an index into the engine's list; the table shows
    /// them all).
    #[serde(default = "batch")]
    pub watch: usize,
    /// What becomes of a parcel when nobody is in, and how long after the first attempt a
    /// second may come (minutes).
    #[serde(default)]
    pub failed_delivery: FailedDelivery,
    #[serde(default = "two_hours")]
    pub reattempt_after_min: usize,
}

/// A carrier's policy for a parcel nobody took at the door.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FailedDelivery {
    /// Back to the depot, for another day.
    #[default]
    NextDay,
    /// Tried again later on the same run.
    Reattempt,
    /// Left at the neighbourhood's parcel locker on the run.
    Locker,
}

impl FailedDelivery {
    pub const ALL: [FailedDelivery; 3] = [FailedDelivery::NextDay, FailedDelivery::Reattempt, FailedDelivery::Locker];

    pub fn name(self) -> &'static str {
        match self {
            FailedDelivery::NextDay => "next-day",
            FailedDelivery::Reattempt => "reattempt",
            FailedDelivery::Locker => "locker",
        }
    }
}

fn two_hours() -> usize {
    120
}

/// The way watched unless the planner picks another: re-planning, same-day orders in batches.
fn batch() -> usize {
    2
}

impl Default for DaySetup {
    fn default() -> Self {
        DaySetup {
            seed: 1,
            roughness: Roughness::Normal,
            breakdown: None,
            incidents: 2,
            cancellations: 3,
            same_day_orders: 0,
            same_day_collections: 0,
            events: None,
            watch: batch(),
            failed_delivery: FailedDelivery::NextDay,
            reattempt_after_min: two_hours(),
        }
    }
}

/// Simulate the delivery day of a plan of the scenario (its routes by ids, as the planner has
/// them), and compare the ways of reacting to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayRequest {
    pub routes: Vec<RouteIds>,
    pub setup: DaySetup,
}

/// What the control tower forecasts at second `at` of the day simulated by `day` (the watched
/// way of reacting) for the stops of `vehicle` not yet reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MomentRequest {
    pub day: DayRequest,
    pub at: f64,
    /// The vehicle, and which of the day's runs (an index into the answer's routes: a vehicle
    /// that goes out again after a re-plan has a run per time it leaves).
    pub vehicle: String,
    pub run: usize,
}

// ---------------------------------------------------------------------------------------------
// Answers and progress.

/// One stop's times (seconds; whole seconds), on the wire as an array
/// `[order index, arrival, start, departure, late]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StopTimes(pub usize, pub f64, pub f64, pub f64, pub bool);

impl StopTimes {
    pub fn order(&self) -> usize {
        self.0
    }
    pub fn arrival(&self) -> f64 {
        self.1
    }
    pub fn start(&self) -> f64 {
        self.2
    }
    pub fn departure(&self) -> f64 {
        self.3
    }
    pub fn late(&self) -> bool {
        self.4
    }
}

/// Why a routed order was not delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    Absent,
    Breakdown,
    Cancelled,
    NotServed,
}

impl FailureKind {
    pub fn words(self) -> &'static str {
        match self {
            FailureKind::Absent => "nobody in",
            FailureKind::Breakdown => "vehicle broke down",
            FailureKind::Cancelled => "cancelled",
            FailureKind::NotServed => "not sent out",
        }
    }
}

/// One route of the simulated day, as planned and as driven (times in seconds; places are point
/// indices of the scenario view, orders indices of its `order_ids`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteMotion {
    pub vehicle: String,
    /// Start and end depots (point indices).
    pub start: usize,
    pub end: usize,
    pub planned_departure: f64,
    pub planned: Vec<StopTimes>,
    pub planned_return: f64,
    pub departure: f64,
    pub driven: Vec<StopTimes>,
    /// The reloads between trips as made: (before which stop, the depot's point, arrival,
    /// departure).
    #[serde(default)]
    pub reloads: Vec<(usize, usize, f64, f64)>,
    /// The break as taken: [start, end].
    pub rest: Option<[f64; 2]>,
    /// Back at the depot (or, after a breakdown, stopped).
    pub return_time: f64,
    pub off_duty: f64,
    pub returned: bool,
    pub shift_end: f64,
    pub failed: Vec<(usize, FailureKind)>,
}

/// An alert the control tower raised: the order (index) forecast to miss its window, the route
/// (index into the answer's routes), when, and whether the stop really was late.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertView {
    pub order: usize,
    pub route: usize,
    pub at: f64,
    pub window_end: f64,
    pub late: bool,
}

/// One way of reacting to the day (today only "no re-planning"), and its scorecard as rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reaction {
    pub name: String,
    pub rows: Vec<(String, String)>,
}

/// The simulated day: every way of reacting compared (`table`), and one of them (`watched`) in
/// full: its routes, feed and alerts, to watch go by.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayAnswer {
    pub planar: bool,
    pub table: Vec<Reaction>,
    pub watched: usize,
    /// When the first vehicle leaves and the last is off duty (seconds).
    pub start: f64,
    pub end: f64,
    pub routes: Vec<RouteMotion>,
    /// What the control tower saw, in time order (seconds, words).
    pub feed: Vec<(f64, String)>,
    pub alerts: Vec<AlertView>,
    /// Orders the plan routes (every one delivered or failed by the day's end).
    pub routed: usize,
    /// The orders the day added, after the scenario's (order indices go on from its last): the
    /// same-day orders, then the watched day's second attempts and locker drops.
    pub added: Vec<AddedOrder>,
}

/// An order the day added: its id and where it is (`[x, y]` or `[lon, lat]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddedOrder {
    pub id: String,
    pub point: [f64; 2],
}

/// A stop still to come as the control tower forecasts it: order index, forecast arrival, its
/// window's end (seconds), on the wire as an array.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EtaView(pub usize, pub f64, pub f64);

/// The forecasts for one vehicle's stops to come at a moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MomentAnswer {
    pub vehicle: String,
    pub at: f64,
    pub etas: Vec<EtaView>,
}

/// Reported while a day runs: how many of the ways of reacting are simulated so far, of how many,
/// and the one finished last (none before the first). Each report stands alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WaysProgress {
    pub simulated: usize,
    pub ways: usize,
    pub finished: Option<String>,
}

/// A file the user gave, as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileText {
    pub name: String,
    pub text: String,
    /// The encoding the app read the file's bytes in (the engine's `decode`); `None` for text
    /// that never was bytes (a sample, an export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
}

impl FileText {
    /// A file that was text from the start.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> FileText {
        FileText { name: name.into(), text: text.into(), encoding: None }
    }

    /// A file read from its bytes, in the encoding the engine recognises.
    pub fn from_bytes(name: String, bytes: &[u8]) -> FileText {
        let decoded = lastmile_solver::formats::encoding::decode(&name, bytes);
        FileText { name, text: decoded.text, encoding: Some(decoded.encoding) }
    }
}

/// A CSV file whose headers the engine could not map: what the mapping step offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MappingNeed {
    pub file: String,
    /// The headers as written (`Column 1` … when the first row is data).
    pub headers: Vec<String>,
    /// The table kind the headers, the file name or the contents suggest.
    #[serde(default)]
    pub kind: Option<TableKind>,
    /// Each column's guess: by its header, else from its contents.
    pub guessed: Vec<Option<Column>>,
    /// Per column, whether the guess came from its contents (the planner confirms it).
    #[serde(default)]
    pub from_contents: Vec<bool>,
    /// Per column, its first values.
    #[serde(default)]
    pub samples: Vec<Vec<String>>,
    /// For each table kind, the columns it can have.
    pub choices: Vec<(TableKind, Vec<Column>)>,
}

/// What an import made: the scenario (as Lastmile scenario JSON) and every issue found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportResult {
    pub scenario: FileText,
    /// The new scenario's view when the files made one to use (the session now holds it, as the
    /// request's `open_as`); `None` when nothing usable came out or nothing was read, and the
    /// session keeps what it held.
    pub view: Option<ScenarioView>,
    pub issues: Vec<Issue>,
    pub summary: String,
    pub needs_mapping: Vec<MappingNeed>,
    /// The plan that came with the files (a Lastmile plan document), to show on the scenario.
    #[serde(default)]
    pub plan: Option<Vec<RouteIds>>,
}

/// A file to download.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportedFile {
    pub name: String,
    pub mime: String,
    pub text: String,
}

/// A route by the user's ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RouteIds {
    pub vehicle: String,
    pub stops: Vec<String>,
    /// The reloads between trips: before which stop (0-based), at which depot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reloads: Vec<ReloadAt>,
}

impl RouteIds {
    /// Takes the stop at `k` out: the reloads after it keep their place between the stops they
    /// were between (a trip left empty is tidied away by the engine).
    pub fn take_stop(&mut self, k: usize) -> String {
        let order = self.stops.remove(k);
        for reload in &mut self.reloads {
            reload.before -= usize::from(reload.before > k);
        }
        order
    }

    /// Moves the stop at `k` one place earlier (or later): the first stop of a trip joins the
    /// trip before as its last (the last of a trip, the next as its first) without changing
    /// places with another stop; any other changes places with its neighbour.
    pub fn shift_stop(&mut self, k: usize, earlier: bool) {
        let boundary = if earlier { k } else { k + 1 };
        if let Some(reload) = self.reloads.iter_mut().find(|r| r.before == boundary) {
            reload.before = if earlier { k + 1 } else { k };
        } else if earlier && k > 0 {
            self.stops.swap(k - 1, k);
        } else if !earlier && k + 1 < self.stops.len() {
            self.stops.swap(k, k + 1);
        }
    }

    /// Puts `order` before the stop now at `at` (at the end past the last), on that stop's trip:
    /// the reloads after it move along with their stops.
    pub fn put_stop(&mut self, at: usize, order: String) {
        let at = at.min(self.stops.len());
        self.stops.insert(at, order);
        for reload in &mut self.reloads {
            reload.before += usize::from(reload.before > at);
        }
    }
}

/// A reload of a route by ids: before stop `before` (0-based), at depot `depot`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReloadAt {
    pub before: usize,
    pub depot: String,
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
    /// Orders whose goods are collected there (returns, shipments' pickups), by index into
    /// `orders`; none on a day of deliveries only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pickups: Vec<usize>,
    /// Each shipment as `[pickup, delivery]` (indices into `orders`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipments: Vec<[usize; 2]>,
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

/// Reported while the search runs: the best plan so far. Each report stands alone (the whole
/// convergence so far, the whole best plan), so the app may show only the newest one it has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveProgress {
    pub elapsed_ms: f64,
    pub iterations: usize,
    /// Every report's objective so far, this one's last.
    pub points: Vec<ProgressPoint>,
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
    /// The search's convergence, its last point this plan's (empty for an evaluation).
    #[serde(default)]
    pub points: Vec<ProgressPoint>,
}

/// The policies compared, and what the bookings file (if any) had wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckoutResult {
    pub comparison: Comparison,
    pub issues: Vec<Issue>,
    pub planar: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stop moved by hand keeps every other stop on its trip: the reloads move with them.
    #[test]
    fn a_stop_moved_by_hand_leaves_the_other_stops_on_their_trips() {
        let reload = |before: usize| ReloadAt { before, depot: "hub".into() };
        let ids = |stops: &[&str]| stops.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Trips: a b | c d | e.
        let mut route = RouteIds {
            vehicle: "bike".into(),
            stops: ids(&["a", "b", "c", "d", "e"]),
            reloads: vec![reload(2), reload(4)],
        };
        assert_eq!(route.take_stop(0), "a");
        assert_eq!(
            (route.stops.clone(), route.reloads.clone()),
            (ids(&["b", "c", "d", "e"]), vec![reload(1), reload(3)])
        );
        // Before c: the first stop of the second trip.
        route.put_stop(1, "x".into());
        assert_eq!(
            (route.stops.clone(), route.reloads.clone()),
            (ids(&["b", "x", "c", "d", "e"]), vec![reload(1), reload(4)])
        );
        // At the end: on the last trip.
        route.put_stop(99, "y".into());
        assert_eq!(
            (route.stops.clone(), route.reloads.clone()),
            (ids(&["b", "x", "c", "d", "e", "y"]), vec![reload(1), reload(4)])
        );
        // The first trip's only stop taken: two reloads in a row, the engine drops the first.
        assert_eq!(route.take_stop(0), "b");
        assert_eq!(route.reloads, vec![reload(0), reload(3)]);
    }

    /// ↑ on a trip's first stop and ↓ on its last cross the reload, nothing else moves; elsewhere
    /// the stop changes places with its neighbour.
    #[test]
    fn up_and_down_cross_a_reload_before_changing_places() {
        let reload = |before: usize| ReloadAt { before, depot: "hub".into() };
        let ids = |stops: &[&str]| stops.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // Trips: a b | c d.
        let mut route =
            RouteIds { vehicle: "bike".into(), stops: ids(&["a", "b", "c", "d"]), reloads: vec![reload(2)] };
        route.shift_stop(2, true);
        assert_eq!(
            (route.stops.clone(), route.reloads.clone()),
            (ids(&["a", "b", "c", "d"]), vec![reload(3)]),
            "a b c | d"
        );
        route.shift_stop(2, false);
        assert_eq!(route.reloads, vec![reload(2)], "a b | c d again");
        route.shift_stop(1, true);
        assert_eq!((route.stops.clone(), route.reloads.clone()), (ids(&["b", "a", "c", "d"]), vec![reload(2)]));
        route.shift_stop(2, false);
        assert_eq!((route.stops.clone(), route.reloads.clone()), (ids(&["b", "a", "d", "c"]), vec![reload(2)]));
    }
}
