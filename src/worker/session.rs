//! The compute worker's state and dispatch: the **session** holds the scenario the app opened,
//! parsed once (its `Problem`, and the document itself when it is cheap to keep), under the
//! [`ScenarioId`] the app gave it; every request about it uses that problem instead of reading the
//! scenario again. One problem at a time: opening another drops the one held first. The session
//! also keeps the watched day of the last "Day in motion" run (`day::WatchedDay`), which the
//! clock's forecasts read; it goes with the scenario.
//!
//! Requests arrive as an [`Envelope`]; [`Worker::answer`] matches [`AnyRequest`] exhaustively and
//! hands each variant to a handler whose signature returns that request's `Answer`, so the
//! compiler ties every request to its answer and progress types.

use std::marker::PhantomData;

use lastmile_solver::checkout;
use lastmile_solver::problem::{Coordinates, Point};
use lastmile_solver::{reoptimise, search, Locks};
use serde::Serialize;

use super::convert::{self, Read};
use super::day;
use crate::protocol::{
    AboutScenario, AddressRequest, AnyRequest, CheckoutExportRequest, CheckoutRequest, CheckoutResult, DayRequest,
    EngineError, Envelope, EvaluateRequest, ExportRequest, ExportedFile, FileText, ImportRequest, ImportResult,
    ManifestRequest, MomentRequest, OpenRequest, PolicyPlanRequest, ReoptimiseRequest, Reply, Request, ScenarioId,
    ScenarioView, SolveRequest, SolveResult, SpeedRequest,
};

/// What the worker needs from where it runs: a clock, and a way to report progress.
pub trait Host {
    /// Milliseconds since a fixed moment (time limits and elapsed times read it).
    fn now_ms(&self) -> f64;
    /// Milliseconds with sub-millisecond resolution, for speed measurements.
    fn precise_ms(&self) -> f64 {
        self.now_ms()
    }
    /// Sends one progress report (JSON) of the request being answered.
    fn progress(&self, json: &str);
}

/// The scenario the session holds, and the day last simulated on it.
struct Session {
    id: ScenarioId,
    read: Read,
    watched: Option<day::WatchedDay>,
}

/// The compute worker: the rayon pool's size and the session.
pub struct Worker {
    threads: usize,
    session: Option<Session>,
    /// How many scenario texts were read into a problem since the worker started.
    reads: usize,
}

/// What a handler may use besides its request: the pool's size, the clock, and progress reports
/// of the request's own progress type.
pub struct Context<'a, P> {
    host: &'a dyn Host,
    threads: usize,
    progress: PhantomData<fn(&P)>,
}

impl<P: Serialize> Context<'_, P> {
    fn now(&self) -> f64 {
        self.host.now_ms()
    }

    fn report(&self, update: &P) {
        if let Ok(json) = serde_json::to_string(update) {
            self.host.progress(&json);
        }
    }
}

impl Worker {
    /// A worker without a session, planning with `threads` threads (1: rayon is never called).
    pub fn new(threads: usize) -> Worker {
        Worker { threads: threads.max(1), session: None, reads: 0 }
    }

    /// The pool's size from now on.
    pub fn set_threads(&mut self, threads: usize) {
        self.threads = threads.max(1);
    }

    /// The scenario the session holds, if any.
    pub fn holds(&self) -> Option<ScenarioId> {
        self.session.as_ref().map(|s| s.id)
    }

    /// The `Day` request whose watched day the session keeps for the clock's forecasts, if any.
    pub fn watching(&self) -> Option<&DayRequest> {
        self.session.as_ref()?.watched.as_ref().map(day::WatchedDay::request)
    }

    /// How many scenario texts were read into a problem (opens and imports) since the start.
    pub fn reads(&self) -> usize {
        self.reads
    }

    /// Answers one request (an [`Envelope`] as JSON) with its reply as JSON.
    pub fn answer_json(&mut self, envelope: &str, host: &dyn Host) -> String {
        match serde_json::from_str::<Envelope>(envelope) {
            Ok(envelope) => self.answer(envelope, host),
            Err(e) => to_json(&Reply::<()>::Err(EngineError::failed(format!("unreadable request: {e}")))),
        }
    }

    /// Answers one request with its reply (`Result<R::Answer, EngineError>`) as JSON.
    pub fn answer(&mut self, envelope: Envelope, host: &dyn Host) -> String {
        let Envelope { scenario, request } = envelope;
        match request {
            AnyRequest::Open(r) => self.reply(r, host, |w, r, _| w.open(r)),
            AnyRequest::Import(r) => self.reply(r, host, |w, r, _| w.import(r)),
            AnyRequest::Solve(r) => self.about(scenario, r, host, solve),
            AnyRequest::Evaluate(r) => self.about(scenario, r, host, evaluate),
            AnyRequest::Reoptimise(r) => self.about(scenario, r, host, reoptimise_plan),
            AnyRequest::Export(r) => self.about(scenario, r, host, export),
            AnyRequest::Manifests(r) => self.about(scenario, r, host, |s, r: ManifestRequest, _| {
                let plan = convert::plan_from(&s.problem, &r.routes)?;
                Ok(convert::manifests(&s.problem, &plan))
            }),
            AnyRequest::Checkout(r) => self.about(scenario, r, host, run_checkout),
            AnyRequest::CheckAddress(r) => self.about(scenario, r, host, check_address),
            AnyRequest::CheckoutPlan(r) => self.about(scenario, r, host, checkout_plan),
            AnyRequest::CheckoutExport(r) => {
                self.reply(r, host, |_, r: CheckoutExportRequest, _| convert::checkout_export(&r.comparison, r.format))
            }
            AnyRequest::SlotSpeed(r) => self.reply(r, host, |_, r: SpeedRequest, _| {
                let orders = r.orders.clamp(1, 5000);
                let clock = || host.precise_ms();
                checkout::speed::measure(orders, 2.0, r.queries.clamp(1, 10_000), 1, &clock)
                    .map_err(EngineError::failed)
            }),
            AnyRequest::Day(r) => self.about_session(scenario, r, host, |s, r: DayRequest, context| {
                day::day(&s.read.problem, &r, context.threads, &mut s.watched, &mut |p| context.report(p))
            }),
            AnyRequest::DayMoment(r) => self.about_session(scenario, r, host, |s, r: MomentRequest, _| {
                day::moment(&s.read.problem, &r, &mut s.watched)
            }),
        }
    }

    /// Runs `handle` on `request` and writes its reply.
    fn reply<R: Request>(
        &mut self,
        request: R,
        host: &dyn Host,
        handle: impl FnOnce(&mut Worker, R, &Context<R::Progress>) -> Reply<R::Answer>,
    ) -> String {
        let context = Context { host, threads: self.threads, progress: PhantomData };
        to_json(&handle(self, request, &context))
    }

    /// Runs `handle` on the session's problem, when the session holds `scenario`.
    fn about<R: AboutScenario>(
        &mut self,
        scenario: Option<ScenarioId>,
        request: R,
        host: &dyn Host,
        handle: impl FnOnce(&Read, R, &Context<R::Progress>) -> Reply<R::Answer>,
    ) -> String {
        self.about_session(scenario, request, host, |session, request, context| handle(&session.read, request, context))
    }

    /// Runs `handle` on the session itself (what it keeps besides the problem), when it holds
    /// `scenario`.
    fn about_session<R: AboutScenario>(
        &mut self,
        scenario: Option<ScenarioId>,
        request: R,
        host: &dyn Host,
        handle: impl FnOnce(&mut Session, R, &Context<R::Progress>) -> Reply<R::Answer>,
    ) -> String {
        self.reply(request, host, |worker, request, context| {
            let wanted = scenario.ok_or(EngineError::NoScenario)?;
            match &mut worker.session {
                Some(session) if session.id == wanted => handle(session, request, context),
                other => Err(EngineError::NotOpen { wanted, held: other.as_ref().map(|s| s.id) }),
            }
        })
    }

    /// The session's scenario, if it is `wanted`.
    fn session_for(&self, wanted: ScenarioId) -> Result<&Read, EngineError> {
        match &self.session {
            Some(session) if session.id == wanted => Ok(&session.read),
            other => Err(EngineError::NotOpen { wanted, held: other.as_ref().map(|s| s.id) }),
        }
    }

    fn open(&mut self, request: OpenRequest) -> Reply<ScenarioView> {
        // One problem in the worker: the old one goes before the new one is built.
        self.session = None;
        self.reads += 1;
        let read = convert::read(&request.file_name, &request.text).map_err(EngineError::failed)?;
        let view = convert::scenario_view(&read.problem);
        self.session = Some(Session { id: request.scenario, read, watched: None });
        Ok(view)
    }

    fn import(&mut self, request: ImportRequest) -> Reply<ImportResult> {
        let base = request.base.map(|id| self.session_for(id)).transpose()?;
        let imported = convert::import(&request.files, &request.mappings, base);
        if let Some(read) = imported.read {
            self.reads += 1;
            self.session = Some(Session { id: request.open_as, read, watched: None });
        }
        Ok(imported.result)
    }
}

fn to_json<A: Serialize>(reply: &Reply<A>) -> String {
    serde_json::to_string(reply).unwrap_or_else(|e| {
        let error: Reply<()> = Err(EngineError::failed(format!("the answer could not be written: {e}")));
        serde_json::to_string(&error).unwrap_or_default()
    })
}

fn solve(read: &Read, request: SolveRequest, context: &Context<crate::protocol::SolveProgress>) -> Reply<SolveResult> {
    let problem = &read.problem;
    let started = context.now();
    let options = convert::options(request.time_limit_ms, request.seed, context.threads);
    let clock = || context.now();
    // Stop terminates the worker: the search is never asked to end early.
    let mut points = Vec::new();
    let outcome = search(problem, &options, &clock, &mut |p| {
        context.report(&convert::solve_progress(problem, p, &mut points));
        true
    });
    let elapsed_ms = context.now() - started;
    let mut result = convert::result(problem, &outcome.plan, &options, elapsed_ms, outcome.iterations);
    result.points = convert::convergence(problem, &outcome.plan, points, elapsed_ms);
    Ok(result)
}

fn evaluate(
    read: &Read,
    request: EvaluateRequest,
    context: &Context<crate::protocol::NoProgress>,
) -> Reply<SolveResult> {
    let started = context.now();
    let plan = convert::plan_from(&read.problem, &request.routes)?;
    let options = convert::options(0.0, 1, 1);
    Ok(convert::result(&read.problem, &plan, &options, context.now() - started, 0))
}

fn reoptimise_plan(
    read: &Read,
    request: ReoptimiseRequest,
    context: &Context<crate::protocol::SolveProgress>,
) -> Reply<SolveResult> {
    let problem = &read.problem;
    let started = context.now();
    let plan = convert::plan_from(problem, &request.routes)?;
    let frozen =
        problem.vehicles.iter().enumerate().filter(|(_, v)| request.frozen.contains(&v.id)).map(|(k, _)| k).collect();
    let locks = Locks { heads: Vec::new(), frozen };
    let options = convert::options(request.time_limit_ms, request.seed, context.threads);
    let clock = || context.now();
    let mut points = Vec::new();
    let outcome = reoptimise(problem, &plan, &locks, &options, &clock, &mut |p| {
        context.report(&convert::solve_progress(problem, p, &mut points));
        true
    });
    let elapsed_ms = context.now() - started;
    let mut result = convert::result(problem, &outcome.plan, &options, elapsed_ms, outcome.iterations);
    result.points = convert::convergence(problem, &outcome.plan, points, elapsed_ms);
    Ok(result)
}

fn export(read: &Read, request: ExportRequest, _: &Context<crate::protocol::NoProgress>) -> Reply<ExportedFile> {
    let plan = convert::plan_from(&read.problem, &request.routes)?;
    convert::export(&read.problem, &plan, request.format)
}

fn run_checkout(
    read: &Read,
    request: CheckoutRequest,
    context: &Context<checkout::simulation::DayProgress>,
) -> Reply<CheckoutResult> {
    let problem = &read.problem;
    let (day, replay, issues) = convert::booking_day(problem, &request)?;
    let comparison =
        checkout::compare(problem, &day, replay, &mut |update| context.report(update)).map_err(EngineError::failed)?;
    Ok(CheckoutResult { comparison, issues, planar: problem.coordinates == Coordinates::Planar })
}

fn check_address(
    read: &Read,
    request: AddressRequest,
    _: &Context<crate::protocol::NoProgress>,
) -> Reply<checkout::simulation::AddressCheck> {
    let problem = &read.problem;
    let (day, replay, _) = convert::booking_day(problem, &request.checkout)?;
    let point = Point { x: request.x, y: request.y };
    checkout::simulation::check_address(problem, &day, replay, request.policy, request.at, point)
        .map_err(EngineError::failed)
}

fn checkout_plan(read: &Read, request: PolicyPlanRequest, _: &Context<crate::protocol::NoProgress>) -> Reply<FileText> {
    let (day, replay, _) = convert::booking_day(&read.problem, &request.checkout)?;
    let (accepted, plan) =
        checkout::simulation::final_plan(&read.problem, &day, replay, request.policy).map_err(EngineError::failed)?;
    let name = format!("{}.json", accepted.name);
    Ok(FileText::new(name, lastmile_solver::export::plan_json(&accepted, &plan)))
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use lastmile_solver::checkout::BookingDay;
    use lastmile_solver::formats::scenario::Scenario;
    use lastmile_solver::generate::{city, CitySpec};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::protocol::{
        CheckoutExportFormat, DaySetup, ExportFormat, FailedDelivery, FailureKind, MomentAnswer, NoProgress, Roughness,
        RouteIds, ScheduledBreakdown, SolveProgress, SpeedRequest, WaysProgress,
    };

    /// A clock that moves one millisecond each time it is read (so a search's time limit is a
    /// fixed number of clock reads: the same plan every run), and the progress reports sent.
    #[derive(Default)]
    struct Ticks {
        now: Cell<f64>,
        reports: RefCell<Vec<String>>,
    }

    impl Host for Ticks {
        fn now_ms(&self) -> f64 {
            self.now.set(self.now.get() + 1.0);
            self.now.get()
        }
        fn progress(&self, json: &str) {
            self.reports.borrow_mut().push(json.to_string());
        }
    }

    /// What the client does: the request in an envelope as JSON, its reply read as the
    /// request's own answer type (a reply of another type fails to read).
    fn ask<R: Request>(
        worker: &mut Worker,
        host: &Ticks,
        scenario: Option<ScenarioId>,
        request: R,
    ) -> Reply<R::Answer> {
        let envelope = serde_json::to_string(&Envelope { scenario, request: request.into() }).unwrap();
        let reply = worker.answer_json(&envelope, host);
        serde_json::from_str(&reply).unwrap_or_else(|e| panic!("reply {reply:.200} is not the answer type: {e}"))
    }

    /// `value` as the app reads it (JSON numbers are read back to within a unit in the last place).
    fn through_json<T: Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
        serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
    }

    /// The progress reports sent so far, read as `P`.
    fn reports<P: serde::de::DeserializeOwned>(host: &Ticks) -> Vec<P> {
        host.reports.borrow_mut().drain(..).map(|json| serde_json::from_str(&json).unwrap()).collect()
    }

    /// A small city day as scenario JSON.
    fn lyon(orders: usize) -> String {
        Scenario::from_problem(&city(&CitySpec::lyon("Lyon test", orders, 7))).to_json_pretty()
    }

    fn small_day() -> BookingDay {
        let mut day =
            BookingDay { reoptimise_iterations: 20, final_iterations: 50, checkpoints: 4, ..Default::default() };
        day.stream.customers = 30;
        day
    }

    const A: ScenarioId = ScenarioId(1);

    fn open(worker: &mut Worker, host: &Ticks, id: ScenarioId, text: &str) -> ScenarioView {
        let request = OpenRequest { scenario: id, file_name: "lyon.json".into(), text: text.to_string() };
        ask(worker, host, None, request).expect("the scenario opens")
    }

    fn routes_of(result: &SolveResult) -> Vec<RouteIds> {
        result
            .report
            .routes
            .iter()
            .map(|r| RouteIds {
                vehicle: r.vehicle.clone(),
                stops: r.stops.clone(),
                reloads: crate::workspace::reloads_of(r),
            })
            .collect()
    }

    /// One request of every kind, in the order of [`AnyRequest`].
    fn one_of_each() -> Vec<AnyRequest> {
        let routes =
            vec![RouteIds { vehicle: "van-1".into(), stops: vec!["o1".into(), "o2".into()], reloads: Vec::new() }];
        let checkout = CheckoutRequest { day: small_day(), bookings: None };
        let comparison: lastmile_solver::checkout::Comparison =
            serde_json::from_str(&serde_json::to_string(&empty_comparison()).unwrap()).unwrap();
        vec![
            OpenRequest { scenario: A, file_name: "a.json".into(), text: "{}".into() }.into(),
            ImportRequest {
                files: vec![FileText::new("orders.csv", "id,lat,lon\na,45.7,4.8")],
                mappings: vec![("orders.csv".into(), vec![None])],
                base: Some(A),
                open_as: ScenarioId(2),
            }
            .into(),
            SolveRequest { time_limit_ms: 500.0, seed: 3 }.into(),
            EvaluateRequest { routes: routes.clone() }.into(),
            ReoptimiseRequest { routes: routes.clone(), frozen: vec!["van-1".into()], time_limit_ms: 250.0, seed: 1 }
                .into(),
            ExportRequest { routes: routes.clone(), format: ExportFormat::Geojson }.into(),
            ManifestRequest { routes: routes.clone() }.into(),
            checkout.clone().into(),
            AddressRequest { checkout: checkout.clone(), policy: 1, at: 3600.0, x: 4.83, y: 45.76 }.into(),
            PolicyPlanRequest { checkout, policy: 2 }.into(),
            CheckoutExportRequest { comparison, format: CheckoutExportFormat::Offers }.into(),
            SpeedRequest { orders: 100, queries: 10 }.into(),
            DayRequest { routes: routes.clone(), setup: DaySetup::default() }.into(),
            MomentRequest {
                day: DayRequest { routes, setup: DaySetup::default() },
                at: 39600.0,
                vehicle: "van-1".into(),
                run: 0,
            }
            .into(),
        ]
    }

    /// A comparison as a run on an empty day would give (for a request that carries one).
    fn empty_comparison() -> serde_json::Value {
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        let text = lyon(12);
        open(&mut worker, &host, A, &text);
        let result = ask(&mut worker, &host, Some(A), CheckoutRequest { day: small_day(), bookings: None }).unwrap();
        serde_json::to_value(result.comparison).unwrap()
    }

    #[test]
    fn every_request_round_trips_through_json_and_every_kind_has_one() {
        let all = one_of_each();
        // Exhaustive: a new kind of request fails to compile here until it has a sample.
        let position = |request: &AnyRequest| match request {
            AnyRequest::Open(_) => 0,
            AnyRequest::Import(_) => 1,
            AnyRequest::Solve(_) => 2,
            AnyRequest::Evaluate(_) => 3,
            AnyRequest::Reoptimise(_) => 4,
            AnyRequest::Export(_) => 5,
            AnyRequest::Manifests(_) => 6,
            AnyRequest::Checkout(_) => 7,
            AnyRequest::CheckAddress(_) => 8,
            AnyRequest::CheckoutPlan(_) => 9,
            AnyRequest::CheckoutExport(_) => 10,
            AnyRequest::SlotSpeed(_) => 11,
            AnyRequest::Day(_) => 12,
            AnyRequest::DayMoment(_) => 13,
        };
        assert_eq!(all.iter().map(position).collect::<Vec<_>>(), (0..14).collect::<Vec<_>>());
        let mut kinds = Vec::new();
        for request in all {
            let envelope = Envelope { scenario: Some(A), request };
            let json = serde_json::to_string(&envelope).unwrap();
            let back: Envelope = serde_json::from_str(&json).unwrap();
            assert_eq!(back, envelope, "{json:.200}");
            let value: serde_json::Value = serde_json::from_str(&json).unwrap();
            kinds.push(value["request"]["kind"].as_str().unwrap().to_string());
        }
        let expected = [
            "open",
            "import",
            "solve",
            "evaluate",
            "reoptimise",
            "export",
            "manifests",
            "checkout",
            "check_address",
            "checkout_plan",
            "checkout_export",
            "slot_speed",
            "day",
            "day_moment",
        ];
        assert_eq!(kinds, expected);
    }

    #[test]
    fn a_request_about_a_scenario_the_session_does_not_hold_is_refused_naming_both() {
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        let evaluate = || EvaluateRequest { routes: Vec::new() };
        // A fresh worker (after Stop or a crash) holds nothing.
        assert_eq!(
            ask(&mut worker, &host, Some(A), evaluate()).unwrap_err(),
            EngineError::NotOpen { wanted: A, held: None }
        );
        open(&mut worker, &host, A, &lyon(10));
        assert_eq!(worker.holds(), Some(A));
        let b = ScenarioId(2);
        assert_eq!(
            ask(&mut worker, &host, Some(b), evaluate()).unwrap_err(),
            EngineError::NotOpen { wanted: b, held: Some(A) }
        );
        assert_eq!(ask(&mut worker, &host, None, evaluate()).unwrap_err(), EngineError::NoScenario);
        let message = EngineError::NotOpen { wanted: b, held: Some(A) }.to_string();
        assert_eq!(message, "the engine holds scenario #1, not #2");
        // An import on top of a scenario the worker lost is refused the same way.
        let import = ImportRequest { files: Vec::new(), mappings: Vec::new(), base: Some(b), open_as: ScenarioId(3) };
        assert_eq!(
            ask(&mut worker, &host, None, import).unwrap_err(),
            EngineError::NotOpen { wanted: b, held: Some(A) }
        );
        // A file that does not parse leaves the worker holding nothing (the old problem went first).
        let broken = OpenRequest { scenario: b, file_name: "broken.txt".into(), text: "X\nVEHICLE\n".into() };
        assert!(matches!(ask(&mut worker, &host, None, broken), Err(EngineError::Failed { .. })));
        assert_eq!(worker.holds(), None);
    }

    #[test]
    fn the_session_reads_the_scenario_once_and_answers_every_request_about_it() {
        let text = lyon(30);
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        let view = open(&mut worker, &host, A, &text);
        assert_eq!(view.orders.len(), 30);

        let solved = ask(&mut worker, &host, Some(A), SolveRequest { time_limit_ms: 30.0, seed: 1 }).unwrap();
        let progress: Vec<SolveProgress> = reports(&host);
        assert!(!progress.is_empty(), "the search reported progress");
        let routed: usize = solved.report.routes.iter().map(|r| r.stops.len()).sum();
        assert_eq!(routed + solved.report.unassigned.len(), 30);

        // Move one stop to another route and evaluate: the engine's report of the edit.
        let mut routes = routes_of(&solved);
        assert!(routes.len() >= 2, "the day needs two routes");
        let moved = routes[0].stops.remove(0);
        routes[1].stops.push(moved.clone());
        let edited = ask(&mut worker, &host, Some(A), EvaluateRequest { routes: routes.clone() }).unwrap();
        assert!(edited.report.routes.iter().any(|r| r.vehicle == routes[1].vehicle && r.stops.last() == Some(&moved)));
        let reoptimised = ask(
            &mut worker,
            &host,
            Some(A),
            ReoptimiseRequest {
                routes: routes.clone(),
                frozen: vec![routes[1].vehicle.clone()],
                time_limit_ms: 10.0,
                seed: 1,
            },
        )
        .unwrap();
        let kept = reoptimised.report.routes.iter().find(|r| r.vehicle == routes[1].vehicle).unwrap();
        assert_eq!(kept.stops, routes[1].stops, "the frozen route is kept");
        let csv = ask(&mut worker, &host, Some(A), ExportRequest { routes: routes.clone(), format: ExportFormat::Csv })
            .unwrap();
        let manifests = ask(&mut worker, &host, Some(A), ManifestRequest { routes: routes.clone() }).unwrap();
        let day = CheckoutRequest { day: small_day(), bookings: None };
        let checkout = ask(&mut worker, &host, Some(A), day.clone()).unwrap();
        assert_eq!(checkout.comparison.customers.len(), 30);
        let address =
            AddressRequest { checkout: day.clone(), policy: 1, at: 0.0, x: view.points[0][0], y: view.points[0][1] };
        let offered = ask(&mut worker, &host, Some(A), address).unwrap();
        let plan = ask(&mut worker, &host, Some(A), PolicyPlanRequest { checkout: day, policy: 1 }).unwrap();
        assert!(plan.text.contains(lastmile_solver::export::PLAN_FORMAT));

        // Every answer came from the one problem read at the start.
        assert_eq!(worker.reads(), 1);

        // And each is what the stateless path (read the text, then ask) gives.
        let problem = lastmile_solver::formats::read("lyon.json", &text, None).unwrap();
        let ids: Vec<(String, Vec<String>)> = routes.iter().map(|r| (r.vehicle.clone(), r.stops.clone())).collect();
        let plan = lastmile_solver::Plan::from_ids(&problem, &ids).unwrap();
        assert_eq!(edited.report, through_json(&lastmile_solver::report::PlanReport::new(&problem, &plan)));
        assert_eq!(csv.text, lastmile_solver::export::plan_csv(&problem, &plan));
        assert_eq!(manifests, through_json(&convert::manifests(&problem, &plan)));
        let (day, _, _) =
            convert::booking_day(&problem, &CheckoutRequest { day: small_day(), bookings: None }).unwrap();
        let point = lastmile_solver::problem::Point { x: view.points[0][0], y: view.points[0][1] };
        let alone = checkout::simulation::check_address(&problem, &day, None, 1, 0.0, point).unwrap();
        assert_eq!(offered, through_json(&alone));
    }

    #[test]
    fn a_search_in_the_session_plans_as_one_in_a_worker_that_just_read_the_text() {
        let text = lyon(25);
        let solve = || SolveRequest { time_limit_ms: 20.0, seed: 5 };
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        open(&mut worker, &host, A, &text);
        // Work on the session first: the problem must come out of it unchanged.
        ask(&mut worker, &host, Some(A), CheckoutRequest { day: small_day(), bookings: None }).unwrap();
        ask(&mut worker, &host, Some(A), solve()).unwrap();
        host.now.set(0.0);
        let again = ask(&mut worker, &host, Some(A), solve()).unwrap();

        let mut fresh = Worker::new(1);
        let clean = Ticks::default();
        open(&mut fresh, &clean, A, &text);
        clean.now.set(0.0);
        let first = ask(&mut fresh, &clean, Some(A), solve()).unwrap();
        assert_eq!(again.report, first.report);
        assert_eq!(again.plan, first.plan);
        assert_eq!(worker.reads(), 1);
    }

    /// A day whose bikes reload between trips: the trips the search made come back whole when the
    /// app sends the plan by ids (an evaluation, the manifests), so every view shows one schedule.
    #[test]
    fn trips_survive_the_plan_sent_back_by_ids() {
        let mut problem = city(&CitySpec::lyon("trips", 60, 3));
        for vehicle in &mut problem.vehicles {
            vehicle.capacity = [vehicle.capacity[0] / 6, vehicle.capacity[1] / 6, 0];
            vehicle.reloads = Some(lastmile_solver::problem::Reloads {
                depots: vec![vehicle.end_depot],
                duration: lastmile_solver::units::to_ticks(600.0),
                max_trips: 4,
            });
        }
        let text = Scenario::from_problem(&lastmile_solver::Problem::new(problem.to_parts())).to_json_pretty();
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        open(&mut worker, &host, A, &text);
        let solved = ask(&mut worker, &host, Some(A), SolveRequest { time_limit_ms: 200.0, seed: 1 }).unwrap();
        let routes = routes_of(&solved);
        assert!(routes.iter().any(|r| !r.reloads.is_empty()), "small vehicles make trips");
        let evaluated = ask(&mut worker, &host, Some(A), EvaluateRequest { routes: routes.clone() }).unwrap();
        assert_eq!(evaluated.report.routes, solved.report.routes, "the same plan, reloads and all");
        let manifests = ask(&mut worker, &host, Some(A), ManifestRequest { routes }).unwrap();
        for (sheet, route) in manifests.iter().zip(&solved.report.routes) {
            assert_eq!(sheet.reloads.len(), route.reloads.len(), "{}", route.vehicle);
        }
    }

    #[test]
    fn an_import_becomes_the_session_and_one_that_reads_nothing_keeps_it() {
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        open(&mut worker, &host, A, &lyon(10));
        let orders = FileText::new("orders.csv", "id,lat,lon,demand\na,45.76,4.83,1\nb,45.77,4.84,2\nc,45.75,4.85,1\n");
        let b = ScenarioId(2);
        let import = ImportRequest { files: vec![orders], mappings: Vec::new(), base: Some(A), open_as: b };
        let result = ask(&mut worker, &host, None, import).unwrap();
        let view = result.view.expect("three orders make a scenario");
        assert_eq!(view.order_ids, ["a", "b", "c"]);
        assert_eq!(worker.holds(), Some(b));
        assert_eq!(worker.reads(), 2);
        // Planned straight away, without opening its text.
        let planned = ask(&mut worker, &host, Some(b), SolveRequest { time_limit_ms: 10.0, seed: 1 }).unwrap();
        let routed: usize = planned.report.routes.iter().map(|r| r.stops.len()).sum();
        assert_eq!(routed + planned.report.unassigned.len(), 3);
        // Re-opening the answer's text gives the same problem (what a restarted worker does).
        let mut restarted = Worker::new(1);
        let reopened = OpenRequest { scenario: b, file_name: result.scenario.name, text: result.scenario.text };
        assert_eq!(ask(&mut restarted, &host, None, reopened).unwrap(), view);

        // A file with nothing in it changes nothing: the session keeps the scenario.
        let empty = FileText::new("empty.csv", String::new());
        let c = ScenarioId(3);
        let import = ImportRequest { files: vec![empty], mappings: Vec::new(), base: Some(b), open_as: c };
        let result = ask(&mut worker, &host, None, import).unwrap();
        assert!(result.view.is_none(), "{:?}", result.issues);
        assert_eq!(worker.holds(), Some(b));
        assert_eq!(worker.reads(), 2);
    }

    /// The day in motion: every routed order delivered or failed, the planner's breakdown in the
    /// feed at its time, the same seed the same day, the tower's forecasts for the stops to come.
    #[test]
    fn a_simulated_day_accounts_for_every_routed_order() {
        let text = lyon(60);
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        open(&mut worker, &host, A, &text);
        let solved = ask(&mut worker, &host, Some(A), SolveRequest { time_limit_ms: 30.0, seed: 1 }).unwrap();
        let routes = routes_of(&solved);
        let routed: usize = routes.iter().map(|r| r.stops.len()).sum();
        let longest = routes.iter().max_by_key(|r| r.stops.len()).unwrap().vehicle.clone();
        let setup = DaySetup {
            seed: 3,
            roughness: Roughness::Rough,
            breakdown: Some(ScheduledBreakdown { vehicle: longest.clone(), at: "11:00".into() }),
            incidents: 1,
            cancellations: 2,
            same_day_orders: 10,
            same_day_collections: 4,
            events: None,
            watch: 0,
            failed_delivery: FailedDelivery::Locker,
            reattempt_after_min: 120,
        };
        let request = DayRequest { routes: routes.clone(), setup };
        let answer = ask(&mut worker, &host, Some(A), request.clone()).unwrap();
        assert_eq!(answer.routed, routed);
        // The same-day orders and collections, then the watched day's locker drops.
        assert!(answer.added.len() >= 14);
        assert!(answer.added[10..14].iter().all(|a| a.id.starts_with("collection-")), "{:?}", answer.added);
        assert!(answer.added[14..].iter().all(|a| a.id.contains(" → locker ")), "{:?}", answer.added);
        let ways: Vec<String> = day::ways().iter().map(|r| r.name()).collect();
        assert_eq!(answer.table.iter().map(|r| r.name.clone()).collect::<Vec<_>>(), ways);
        let figure = |column: usize, name: &str| -> String {
            let rows = &answer.table[column].rows;
            rows.iter().find(|(f, _)| f == name).unwrap_or_else(|| panic!("no row {name}")).1.clone()
        };
        // Every way of reacting accounts for every order, same-day ones included.
        for (column, way) in ways.iter().enumerate() {
            let count = |name: &str| -> usize { figure(column, name).parse().unwrap() };
            let failed = count("failed: nobody in, back to the depot")
                + count("failed: vehicle broke down")
                + count("cancelled before the vehicle left for them")
                + count("not sent out");
            assert_eq!(count("deliveries") + failed, routed + 10 + 4, "{way}");
        }
        assert_eq!(figure(0, "same-day orders delivered"), "0 of 10");
        assert_ne!(figure(2, "same-day orders delivered"), "0 of 10");
        assert_eq!(figure(0, "same-day collections made"), "0 of 4");
        assert_ne!(figure(2, "same-day collections made"), "0 of 4");
        // Per route: every planned stop driven (nobody in: driven to, not delivered) or taken off.
        let planned = |order: usize| order < 60;
        let taken_off =
            answer.routes.iter().flat_map(|r| &r.failed).filter(|f| f.1 != FailureKind::Absent && planned(f.0)).count();
        let driven = answer.routes.iter().flat_map(|r| &r.driven).filter(|s| planned(s.order())).count();
        assert_eq!(driven + taken_off, routed);
        let broken = answer.routes.iter().position(|r| r.vehicle == longest).unwrap();
        assert!(
            answer.feed.iter().any(|(t, text)| *t == 39600.0 && text.starts_with(&format!("{longest} broke down"))),
            "{:?}",
            answer.feed
        );
        if answer.routes[broken].failed.iter().any(|f| f.1 == FailureKind::Breakdown) {
            assert!(!answer.routes[broken].returned);
            assert!(answer.routes[broken].driven.iter().all(|s| s.start() < 39600.0));
        }
        assert!(answer.start < answer.end);
        assert!(answer.alerts.iter().all(|a| a.route < answer.routes.len()));
        assert_eq!(ask(&mut worker, &host, Some(A), request.clone()).unwrap(), answer, "the same seed, the same day");

        // At mid-morning, a forecast for each stop of the vehicle not reached yet, in its order.
        let route = &answer.routes[0];
        let at = route.driven[route.driven.len() / 2].arrival() - 1.0;
        let moment = ask(
            &mut worker,
            &host,
            Some(A),
            MomentRequest { day: request.clone(), at, vehicle: route.vehicle.clone(), run: 0 },
        )
        .unwrap();
        let to_come: Vec<usize> = route.driven.iter().filter(|s| s.arrival() > at).map(|s| s.order()).collect();
        assert_eq!(moment.etas.iter().map(|e| e.0).collect::<Vec<_>>(), to_come);
        assert!(moment.etas.iter().all(|e| e.1 >= at));

        // What the page cannot do is said, and the worker goes on answering.
        let mut bad = request.clone();
        bad.setup.breakdown = Some(ScheduledBreakdown { vehicle: "no-such-van".into(), at: "11:00".into() });
        let refused = ask(&mut worker, &host, Some(A), bad).unwrap_err().to_string();
        assert!(refused.contains("no vehicle has id 'no-such-van'"), "{refused}");
        let empty = DayRequest { routes: Vec::new(), setup: DaySetup::default() };
        assert!(ask(&mut worker, &host, Some(A), empty).unwrap_err().to_string().contains("plan the day first"));
        assert_eq!(ask(&mut worker, &host, Some(A), request.clone()).unwrap(), answer);

        // The planner's events file: a shop asks at 13:00 for a collection by 16:00; it is
        // placed at its time, added after the seed's orders, and counted. A wrong one is named.
        let mut asked = request.clone();
        asked.setup.watch = 2;
        asked.setup.events = Some(crate::protocol::FileText::new(
            "events.json",
            r#"{"events": [{"type": "order", "id": "shop-1", "task": "collection", "lat": 45.76, "lon": 4.84,
                "at": "13:00", "due": "16:00"}]}"#,
        ));
        let day = ask(&mut worker, &host, Some(A), asked.clone()).unwrap();
        assert_eq!(day.added[0].id, "shop-1", "the file's orders first, then the seed's");
        assert!(day
            .feed
            .iter()
            .any(|(t, text)| *t == 46800.0 && text.contains("same-day collection shop-1 placed, due 16:00")));
        let made = |column: usize| {
            day.table[column].rows.iter().find(|r| r.0 == "same-day collections made").unwrap().1.clone()
        };
        assert_eq!(made(0), "0 of 5", "the file's and the seed's 4");
        assert!(day.routes.iter().any(|r| r.driven.iter().any(|s| s.order() == 60)), "shop-1 is collected");
        asked.setup.events = Some(crate::protocol::FileText::new(
            "events.json",
            r#"{"events": [{"type": "cancellation", "order": "nope", "at": "10:00"}]}"#,
        ));
        let refused = ask(&mut worker, &host, Some(A), asked).unwrap_err().to_string();
        assert!(refused.contains("events.json: event 1: no order has id 'nope'"), "{refused}");
    }

    /// The clock's forecasts read the watched day the session kept from the `Day` request: the
    /// same as a worker that never ran the day simulates for the moment. Simulated side by side
    /// on two threads, the ways give the very day they give one after the other, and each is
    /// reported as it ends.
    #[test]
    fn a_moment_from_the_kept_day_equals_one_simulated_afresh() {
        let text = lyon(60);
        // In the browser these tests run on the page's thread, which may not wait for others
        // (the app's worker is a web worker, which may): two threads natively only.
        let mut worker = Worker::new(if cfg!(target_arch = "wasm32") { 1 } else { 2 });
        let host = Ticks::default();
        open(&mut worker, &host, A, &text);
        let solved = ask(&mut worker, &host, Some(A), SolveRequest { time_limit_ms: 30.0, seed: 1 }).unwrap();
        let _: Vec<SolveProgress> = reports(&host);
        let setup = DaySetup { seed: 5, roughness: Roughness::Rough, same_day_orders: 8, ..DaySetup::default() };
        let request = DayRequest { routes: routes_of(&solved), setup };
        let answer = ask(&mut worker, &host, Some(A), request.clone()).unwrap();
        assert_eq!(worker.watching(), Some(&request));
        let progress: Vec<WaysProgress> = reports(&host);
        let ways: Vec<String> = day::ways().iter().map(|r| r.name()).collect();
        assert_eq!(progress.iter().map(|p| p.simulated).collect::<Vec<_>>(), (0..=ways.len()).collect::<Vec<_>>());
        assert!(progress.iter().all(|p| p.ways == ways.len()));
        let mut finished: Vec<String> = progress.iter().filter_map(|p| p.finished.clone()).collect();
        finished.sort();
        let mut all = ways.clone();
        all.sort();
        assert_eq!(finished, all, "each way reported once");

        let run = (0..answer.routes.len()).max_by_key(|&k| answer.routes[k].driven.len()).unwrap();
        let route = &answer.routes[run];
        let moment = |at: f64| MomentRequest { day: request.clone(), at, vehicle: route.vehicle.clone(), run };
        let times = [route.departure - 60.0, route.driven[route.driven.len() / 2].arrival() - 1.0, answer.end];
        let kept: Vec<MomentAnswer> =
            times.iter().map(|&at| ask(&mut worker, &host, Some(A), moment(at)).unwrap()).collect();
        assert_eq!(worker.watching(), Some(&request), "the forecasts kept the day");
        // A run is asked for by its index in the answer, checked against its vehicle.
        let wrong = MomentRequest { run: answer.routes.len(), ..moment(times[1]) };
        let refused = ask(&mut worker, &host, Some(A), wrong).unwrap_err().to_string();
        assert!(refused.contains(&format!("{} has no run {}", route.vehicle, answer.routes.len() + 1)), "{refused}");
        assert!(!kept[1].etas.is_empty() && kept[2].etas.is_empty());

        // A worker on one thread that never ran the day: each moment simulated for itself.
        let mut fresh = Worker::new(1);
        open(&mut fresh, &host, A, &text);
        for (k, &at) in times.iter().enumerate() {
            assert_eq!(ask(&mut fresh, &host, Some(A), moment(at)).unwrap(), kept[k]);
        }
        assert_eq!(fresh.watching(), Some(&request), "a moment of another day keeps that day");
        assert_eq!(ask(&mut fresh, &host, Some(A), request.clone()).unwrap(), answer, "one thread, the same day");

        // Another way watched is another day; another scenario drops it.
        let mut other = request.clone();
        other.setup.watch = 0;
        ask(
            &mut worker,
            &host,
            Some(A),
            MomentRequest { day: other.clone(), at: times[1], vehicle: route.vehicle.clone(), run },
        )
        .unwrap();
        assert_eq!(worker.watching(), Some(&other));
        open(&mut worker, &host, ScenarioId(2), &text);
        assert_eq!(worker.watching(), None);
    }

    #[test]
    fn requests_about_no_scenario_are_answered_with_their_own_types() {
        let mut worker = Worker::new(1);
        let host = Ticks::default();
        let comparison: lastmile_solver::checkout::Comparison = serde_json::from_value(empty_comparison()).unwrap();
        let file = ask(
            &mut worker,
            &host,
            None,
            CheckoutExportRequest { comparison: comparison.clone(), format: CheckoutExportFormat::Policies },
        )
        .unwrap();
        assert_eq!(file.name, "checkout-policies.csv");
        assert_eq!(file.text, checkout::results::policy_table_csv(&comparison));
        let speed = ask(&mut worker, &host, None, SpeedRequest { orders: 60, queries: 5 }).unwrap();
        assert_eq!(speed.orders, 60);
        let _: Vec<NoProgress> = reports(&host);
        assert_eq!(worker.reads(), 0);
    }
}
