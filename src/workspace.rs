//! The workspace store: the scenario on screen, the search's progress and the latest plan, and
//! the actions that change them (load, plan, stop, edit, re-optimise). Views derive from the
//! store; every answer about the plan comes from the engine in the compute worker.

use std::ops::RangeInclusive;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::compute::{fresh_id, Engine, Source};
use crate::storage::{self, Saved, SavedRoute};
use crate::units;
use lastmile_solver::formats::csv::{Column, Issue, Severity, NOTHING_READ};

use crate::protocol::{
    AboutScenario, EvaluateRequest, FileText, ImportRequest, MappingNeed, PlanView, ProgressPoint, ReoptimiseRequest,
    RouteIds, ScenarioView, SolveProgress, SolveRequest, SolveResult,
};

/// What a stopped search's pending answer says.
pub const STOPPED: &str = "stopped by the user";

/// The time limits a search accepts, in seconds (the field, its message and the searches all
/// read them from here).
pub const TIME_LIMIT_S: RangeInclusive<f64> = 0.5..=3600.0;

/// The time limit typed in `text`, in seconds, used exactly as typed (a decimal comma is fine);
/// or a sentence saying what is allowed. Nothing is clamped.
pub fn read_time_limit(text: &str) -> Result<f64, String> {
    let allowed = format!("between {} and {} seconds", TIME_LIMIT_S.start(), TIME_LIMIT_S.end());
    match text.trim().replace(',', ".").parse::<f64>() {
        Ok(seconds) if TIME_LIMIT_S.contains(&seconds) => Ok(seconds),
        Ok(seconds) if seconds.is_finite() => {
            let what = if seconds < *TIME_LIMIT_S.start() { "too short" } else { "too long" };
            Err(format!("{} s is {what}: the time limit must be {allowed}.", text.trim()))
        }
        _ => Err(format!("Enter the time limit in seconds, {allowed}.")),
    }
}

#[derive(Clone, Copy)]
pub struct Workspace {
    pub scenario: RwSignal<Option<ScenarioView>>,
    /// What the map draws: the best plan so far while solving, then the final one.
    pub plan: RwSignal<Option<PlanView>>,
    /// The current plan with its report (routes, stops, KPIs, reasons, violations).
    pub result: RwSignal<Option<SolveResult>>,
    /// Convergence of the current (or last) search.
    pub progress: RwSignal<Vec<ProgressPoint>>,
    pub solving: RwSignal<bool>,
    /// Wall-clock time since the current search started (ticks while solving).
    pub elapsed_ms: RwSignal<f64>,
    /// The time-limit field as the user typed it (see [`read_time_limit`]).
    pub time_limit_text: RwSignal<String>,
    /// Seconds the engine may spend on one search: the field's value the last time it was valid.
    pub time_limit: RwSignal<f64>,
    pub selected_route: RwSignal<Option<usize>>,
    /// Vehicle ids whose routes re-optimisation must keep.
    pub locked: RwSignal<Vec<String>>,
    pub status: RwSignal<String>,
    /// What the last import found, and the CSV files it could not map.
    pub issues: RwSignal<Vec<Issue>>,
    pub import_summary: RwSignal<String>,
    pub mapping_needs: RwSignal<Vec<MappingNeed>>,
    /// The files of the last import, kept for a second try with a column mapping.
    pub last_files: StoredValue<Vec<FileText>>,
    pub importing: RwSignal<bool>,
    /// Names of the saved scenarios (newest first), and what the last save said.
    pub saves: RwSignal<Vec<String>>,
    pub save_note: RwSignal<String>,
    /// Saves that could not be read on start-up (set aside, not lost); stays until the next start.
    pub save_problems: RwSignal<String>,
    pub engine: StoredValue<Option<Rc<Engine>>, LocalStorage>,
    /// The app's copy of the scenario (saved as it is, and opened again in a restarted engine);
    /// the engine holds it parsed, under the source's id.
    pub source: StoredValue<Option<Source>>,
    /// Bumped by every load and import: an answer for an older one is dropped, so a slow
    /// start-up load can never replace the files the user gave in the meantime.
    ticket: StoredValue<u64>,
    /// Counts plans shown (see [`Workspace::show`]).
    showing: StoredValue<u64>,
    /// Set when the engine could not start (actions waiting for it give up).
    pub engine_failed: StoredValue<bool>,
    /// The name the current scenario is saved under, once known (a restored save's own name; for
    /// a new scenario, its name, or "name (2)" … when another scenario already has it).
    save_name: StoredValue<Option<String>>,
    /// The name the load in progress restores (set by `restore_as`).
    restoring: StoredValue<Option<String>>,
    /// True while the scenario is a bundled sample the user has not replaced: their own tables
    /// then start a new scenario rather than merge into the sample's city, depots and fleet.
    pub sample: StoredValue<bool>,
}

impl Workspace {
    pub fn new(time_limit: f64) -> Self {
        Workspace {
            scenario: RwSignal::new(None),
            plan: RwSignal::new(None),
            result: RwSignal::new(None),
            progress: RwSignal::new(Vec::new()),
            solving: RwSignal::new(false),
            elapsed_ms: RwSignal::new(0.0),
            time_limit_text: RwSignal::new(time_limit.to_string()),
            time_limit: RwSignal::new(time_limit),
            selected_route: RwSignal::new(None),
            locked: RwSignal::new(Vec::new()),
            status: RwSignal::new(String::new()),
            issues: RwSignal::new(Vec::new()),
            import_summary: RwSignal::new(String::new()),
            mapping_needs: RwSignal::new(Vec::new()),
            last_files: StoredValue::new(Vec::new()),
            importing: RwSignal::new(false),
            saves: RwSignal::new(Vec::new()),
            save_note: RwSignal::new(String::new()),
            save_problems: RwSignal::new(String::new()),
            engine: StoredValue::new_local(None),
            source: StoredValue::new(None),
            ticket: StoredValue::new(0),
            showing: StoredValue::new(0),
            engine_failed: StoredValue::new(false),
            save_name: StoredValue::new(None),
            sample: StoredValue::new(false),
            restoring: StoredValue::new(None),
        }
    }

    /// The engine, once it has started (actions taken during start-up wait for it); `None` if it
    /// could not start.
    async fn engine_ready(self) -> Option<Rc<Engine>> {
        loop {
            if let Some(engine) = self.engine.get_value() {
                return Some(engine);
            }
            if self.engine_failed.get_value() {
                return None;
            }
            pause(25).await;
        }
    }

    /// Starts a load or import: from now on, answers for earlier ones are dropped (and the
    /// start-up's sample or restore gives way to what the user chose).
    pub fn begin(self) -> u64 {
        self.next_ticket()
    }

    fn next_ticket(self) -> u64 {
        self.ticket.update_value(|t| *t += 1);
        self.ticket.get_value()
    }

    pub fn is_current(self, ticket: u64) -> bool {
        self.ticket.get_value() == ticket
    }

    /// Opens `source` in the engine for the load or import holding `ticket` (see
    /// [`Workspace::begin`]); on success, unless a newer one began meanwhile, it becomes the
    /// workspace's scenario.
    pub async fn load_as(self, source: Source, ticket: u64) {
        let Some(engine) = self.engine_ready().await else { return };
        let answer = engine.open(&source).await;
        if !self.is_current(ticket) {
            return;
        }
        match answer {
            Ok(view) => self.adopt(source, view),
            Err(e) => self.status.set(e),
        }
    }

    /// Makes `source`, which the engine now holds, the workspace's scenario.
    fn adopt(self, source: Source, view: ScenarioView) {
        self.status.set(format!(
            "{}: {} orders, {} vehicles. Press “Plan routes”.",
            view.name,
            view.orders.len(),
            view.vehicles
        ));
        self.source.set_value(Some(source));
        self.plan.set(None);
        self.result.set(None);
        self.progress.set(Vec::new());
        self.locked.set(Vec::new());
        self.selected_route.set(None);
        self.scenario.set(Some(view));
        let restoring = self.restoring.get_value();
        self.save_name.set_value(restoring.clone());
        // A restored save is kept as it was (its plan, locks and time limit come next); a new
        // scenario is saved now.
        if restoring.is_none() {
            self.autosave();
        }
    }

    /// Opens a bundled sample as a new scenario.
    pub fn open_sample(self, file: FileText) {
        self.read(vec![file], Vec::new(), true, true, false);
    }

    /// Reads the user's files on top of the current scenario (or from nothing, `fresh`); a usable
    /// result becomes the workspace's scenario, and every issue is listed. Tables given over a
    /// bundled sample start a new scenario: a planner's orders are not theirs to merge into Lyon.
    pub fn import(self, files: Vec<FileText>, mappings: Vec<(String, Vec<Option<Column>>)>, fresh: bool) {
        let tables = files.iter().any(|f| {
            let name = f.name.to_lowercase();
            name.ends_with(".csv") || name.ends_with(".tsv")
        });
        let over_sample = !fresh && tables && self.sample.get_value();
        self.read(files, mappings, fresh || over_sample, false, over_sample);
    }

    /// The import itself: `sample` when the files are a bundled sample, `replacing_sample` when
    /// they start a new scenario in place of one.
    fn read(
        self,
        files: Vec<FileText>,
        mappings: Vec<(String, Vec<Option<Column>>)>,
        fresh: bool,
        sample: bool,
        replacing_sample: bool,
    ) {
        let ticket = self.next_ticket();
        let base = if fresh { None } else { self.source.get_value() };
        self.last_files.set_value(files.clone());
        self.importing.set(true);
        self.status.set(format!("Reading {}…", names(&files)));
        spawn_local(async move {
            let Some(engine) = self.engine_ready().await else {
                self.importing.set(false);
                return;
            };
            let request = ImportRequest { files, mappings, base: base.as_ref().map(|b| b.id), open_as: fresh_id() };
            let answer = engine.import(request, base.as_ref()).await;
            if !self.is_current(ticket) {
                self.importing.set(false);
                return;
            }
            match answer {
                Ok((result, source)) => {
                    // Files that gave nothing leave the scenario and its plan exactly as they were
                    // (the engine did not open them).
                    let nothing_read = source.is_none();
                    if nothing_read {
                        self.status.set(refusal(&result.issues));
                    }
                    self.issues.set(result.issues);
                    let summary = if !nothing_read && replacing_sample {
                        format!(
                            "{} A new scenario: the sample's depots and fleet are not mixed into your files.",
                            result.summary
                        )
                    } else {
                        result.summary
                    };
                    self.import_summary.set(summary);
                    if !nothing_read {
                        self.sample.set_value(sample);
                    }
                    self.mapping_needs.set(result.needs_mapping);
                    if let (Some(source), Some(view)) = (source, result.view) {
                        self.adopt(source, view);
                        if let Some(routes) = result.plan {
                            self.evaluate(routes);
                        }
                    }
                }
                Err(e) => self.status.set(format!("Could not read the files: {e}")),
            }
            self.importing.set(false);
        });
    }

    /// Imports the last files again with the planner's column mapping for `file`.
    pub fn import_with_mapping(self, file: String, mapping: Vec<Option<Column>>) {
        let files = self.last_files.get_value();
        self.import(files, vec![(file, mapping)], false);
    }

    /// Saves the scenario and the current plan under the scenario's name, and makes it the one a
    /// reload restores. Saving never blocks the work: failures are shown, not raised.
    pub fn autosave(self) {
        let (Some(source), Some(name)) =
            (self.source.get_value(), self.scenario.with_untracked(|s| s.as_ref().map(|s| s.name.clone())))
        else {
            return;
        };
        let wanted = if name.trim().is_empty() { source.file_name.to_string() } else { name };
        let known = self.save_name.get_value();
        let mut saved = Saved {
            name: known.clone().unwrap_or_else(|| wanted.clone()),
            saved_at: js_sys::Date::now(),
            file_name: source.file_name.to_string(),
            text: source.text.to_string(),
            routes: self
                .routes()
                .unwrap_or_default()
                .into_iter()
                .map(|r| SavedRoute { vehicle: r.vehicle, stops: r.stops, reloads: r.reloads })
                .collect(),
            locked: self.locked.get_untracked(),
            time_limit_s: self.time_limit.get_untracked(),
        };
        let routes = saved.routes.len();
        spawn_local(async move {
            let outcome = async {
                if known.is_none() {
                    // A new scenario never replaces another one's save that has the same name.
                    let existing = storage::load_all().await?.saves;
                    saved.name = free_name(&wanted, &saved.text, &existing);
                    self.save_name.set_value(Some(saved.name.clone()));
                }
                storage::save(&saved).await?;
                storage::set_current(&saved.name).await?;
                storage::load_all().await
            }
            .await;
            let name = saved.name;
            match outcome {
                Ok(loaded) => {
                    self.saves.set(loaded.saves.iter().map(|s| s.name.clone()).collect());
                    let plan = match routes {
                        0 => String::new(),
                        1 => " with its plan of 1 route".to_string(),
                        n => format!(" with its plan of {n} routes"),
                    };
                    self.save_note.set(format!("Saved in this browser as “{name}”{plan}."));
                }
                Err(e) => self.save_note.set(format!("Not saved: {e}")),
            }
        });
    }

    /// Restores a save: its scenario, plan (re-evaluated by the engine), locks and time limit.
    pub async fn restore(self, saved: Saved) {
        let ticket = self.next_ticket();
        self.restore_as(saved, ticket).await;
    }

    /// [`Workspace::restore`] for the load holding `ticket`.
    pub async fn restore_as(self, saved: Saved, ticket: u64) {
        let name = saved.name.clone();
        self.restoring.set_value(Some(name.clone()));
        self.load_as(Source::new(saved.file_name, saved.text), ticket).await;
        self.restoring.set_value(None);
        if !self.is_current(ticket) || self.scenario.with_untracked(Option::is_none) {
            return;
        }
        // Already saved as it is; the plan's evaluation saves it again with its report.
        self.save_note.set(format!("Saved in this browser as “{name}”."));
        // Kept as saved: a limit this version does not accept is shown with what is allowed.
        self.set_time_limit_text(saved.time_limit_s.to_string());
        self.locked.set(saved.locked);
        let routes: Vec<RouteIds> = saved
            .routes
            .into_iter()
            .map(|r| RouteIds { vehicle: r.vehicle, stops: r.stops, reloads: r.reloads })
            .collect();
        if !routes.is_empty() {
            self.evaluate_with(routes, false);
        }
    }

    /// Opens the saved scenario `name`.
    pub fn open_saved(self, name: String) {
        spawn_local(async move {
            match storage::load_all().await {
                Ok(loaded) => match loaded.saves.into_iter().find(|s| s.name == name) {
                    Some(saved) => {
                        let _ = storage::set_current(&name).await;
                        self.restore(saved).await;
                    }
                    None => self.status.set(format!("The save “{name}” is gone.")),
                },
                Err(e) => self.status.set(e.to_string()),
            }
        });
    }

    /// Deletes the saved scenario `name` (the workspace stays as it is).
    pub fn delete_saved(self, name: String) {
        spawn_local(async move {
            let outcome = async {
                storage::delete(&name).await?;
                storage::load_all().await
            }
            .await;
            match outcome {
                Ok(loaded) => {
                    self.saves.set(loaded.saves.iter().map(|s| s.name.clone()).collect());
                    self.save_note.set(format!("Deleted “{name}” from this browser."));
                }
                Err(e) => self.save_note.set(e.to_string()),
            }
        });
    }

    /// Takes what the user typed in the time-limit field; a valid value becomes the limit of the
    /// next searches, an invalid one keeps them from starting (see [`Workspace::time_limit_problem`]).
    pub fn set_time_limit_text(self, text: String) {
        if let Ok(seconds) = read_time_limit(&text) {
            self.time_limit.set(seconds);
        }
        self.time_limit_text.set(text);
    }

    /// What is wrong with the time-limit field, if anything (tracked).
    pub fn time_limit_problem(self) -> Option<String> {
        self.time_limit_text.with(|text| read_time_limit(text).err())
    }

    /// The time limit for a search about to start, in ms; `None` (and the reason in the status
    /// line) when the field does not hold a valid one.
    fn search_limit_ms(self) -> Option<f64> {
        match self.time_limit_text.with_untracked(|text| read_time_limit(text)) {
            Ok(seconds) => Some(seconds * 1000.0),
            Err(problem) => {
                self.status.set(format!("Not planned: {problem}"));
                None
            }
        }
    }

    /// Plans from scratch.
    pub fn solve(self) {
        let Some(source) = self.source.get_value() else { return };
        let Some(time_limit_ms) = self.search_limit_ms() else { return };
        self.search(source, SolveRequest { time_limit_ms, seed: 1 }, "Planning…", "Planned");
    }

    /// Re-optimises the current plan; locked routes stay as they are.
    pub fn reoptimise(self) {
        let (Some(source), Some(routes)) = (self.source.get_value(), self.routes()) else { return };
        let Some(time_limit_ms) = self.search_limit_ms() else { return };
        let request = ReoptimiseRequest { routes, frozen: self.locked.get_untracked(), time_limit_ms, seed: 1 };
        self.search(source, request, "Re-optimising…", "Re-optimised");
    }

    /// Stops the running search; the best plan so far stays.
    pub fn stop(self) {
        if let Some(engine) = self.engine.get_value() {
            engine.stop(STOPPED);
        }
    }

    fn search<R: AboutScenario<Answer = SolveResult, Progress = SolveProgress> + 'static>(
        self,
        source: Source,
        request: R,
        running: &'static str,
        done: &'static str,
    ) {
        let Some(engine) = self.engine.get_value() else { return };
        self.solving.set(true);
        self.status.set(running.to_string());
        self.progress.set(Vec::new());
        self.elapsed_ms.set(0.0);
        let began = js_sys::Date::now();
        let ticker =
            gloo::timers::callback::Interval::new(200, move || self.elapsed_ms.set(js_sys::Date::now() - began));
        spawn_local(async move {
            let answer = engine
                .ask_about(&source, request, move |p: SolveProgress| {
                    self.status.set(format!(
                        "{running} {}: {} vehicles, {}",
                        units::elapsed(p.elapsed_ms),
                        p.plan.vehicles,
                        units::distance(p.plan.distance, p.plan.planar)
                    ));
                    self.progress.set(p.points);
                    self.plan.set(Some(p.plan));
                })
                .await;
            drop(ticker);
            match answer {
                Ok(result) => {
                    let status = format!(
                        "{done} in {} on {} thread{}.",
                        units::elapsed(result.elapsed_ms),
                        result.threads,
                        if result.threads == 1 { "" } else { "s" }
                    );
                    self.elapsed_ms.set(result.elapsed_ms);
                    // The best so far ends with the plan shown (a last better plan may not have
                    // been reported, or its report not shown).
                    self.progress.set(result.points.clone());
                    self.show(result).await;
                    self.status.set(status);
                }
                Err(e) if e == STOPPED => {
                    let kept = self.plan.with_untracked(|p| {
                        p.as_ref()
                            .map(|p| format!("{} vehicles, {}", p.vehicles, units::distance(p.distance, p.planar)))
                    });
                    self.status.set(match kept {
                        Some(kept) => format!("Stopped. Kept the best plan found so far: {kept}."),
                        None => "Stopped before a first plan was found.".to_string(),
                    });
                    // The kept plan's details come from the engine too.
                    if let Some(routes) = self.plan_routes_from_view() {
                        self.evaluate_with(routes, false);
                    }
                }
                Err(e) => self.status.set(format!("Planning failed: {e}")),
            }
            self.solving.set(false);
        });
    }

    /// Shows a plan with its report: the map first, the panels in the next task, the autosave
    /// in the one after, so that no single task does all three on a large plan. A newer plan
    /// shown meanwhile takes over (the views never mix two plans for longer than a task).
    async fn show(self, result: SolveResult) {
        let ticket = self.showing.with_value(|t| t + 1);
        self.showing.set_value(ticket);
        // Keep showing the same vehicle's route, wherever it now is in the list.
        let selected = self.selected_route.get_untracked().and_then(|k| {
            self.result.with_untracked(|r| r.as_ref().and_then(|r| r.report.routes.get(k).map(|r| r.vehicle.clone())))
        });
        let now = selected.and_then(|vehicle| result.report.routes.iter().position(|r| r.vehicle == vehicle));
        self.plan.set(Some(result.plan.clone()));
        pause(0).await;
        if self.showing.get_value() != ticket {
            return;
        }
        self.selected_route.set(now);
        self.result.set(Some(result));
        pause(0).await;
        if self.showing.get_value() == ticket {
            self.autosave();
        }
    }

    /// The current plan by ids (from the last report).
    pub fn routes(self) -> Option<Vec<RouteIds>> {
        self.result.with_untracked(|r| {
            r.as_ref().map(|r| {
                r.report
                    .routes
                    .iter()
                    .map(|route| RouteIds {
                        vehicle: route.vehicle.clone(),
                        stops: route.stops.clone(),
                        reloads: reloads_of(route),
                    })
                    .collect()
            })
        })
    }

    /// The best plan a stopped search delivered, by ids.
    fn plan_routes_from_view(self) -> Option<Vec<RouteIds>> {
        self.plan.with_untracked(|p| p.as_ref().and_then(|p| p.routes.clone()))
    }

    /// Asks the engine what an edited plan means: times, costs, feasibility, reasons.
    pub fn evaluate(self, routes: Vec<RouteIds>) {
        self.evaluate_with(routes, true);
    }

    /// [`Workspace::evaluate`], saying in the status line that every constraint holds only when
    /// `announce` (after an edit); what breaks is always said.
    fn evaluate_with(self, routes: Vec<RouteIds>, announce: bool) {
        let (Some(engine), Some(source)) = (self.engine.get_value(), self.source.get_value()) else { return };
        spawn_local(async move {
            match engine.ask_about(&source, EvaluateRequest { routes }, |_| {}).await {
                Ok(result) => {
                    // Problems are always said; that every constraint holds, only after an edit.
                    let broken = result.report.routes.iter().any(|r| !r.violations.is_empty());
                    let outcome = (announce || broken).then(|| edit_outcome(&result.report));
                    self.show(result).await;
                    if let Some(outcome) = outcome {
                        self.status.set(outcome);
                    }
                }
                Err(e) => self.status.set(format!("Could not apply the change: {e}")),
            }
        });
    }

    /// Moves stop `stop` of route `route` one place earlier or later ([`RouteIds::shift_stop`]:
    /// across a reload first), and asks the engine to evaluate the result.
    pub fn shift_stop(self, route: usize, stop: usize, earlier: bool) {
        let Some(mut routes) = self.routes() else { return };
        let Some(edited) = routes.get_mut(route).filter(|r| stop < r.stops.len()) else { return };
        edited.shift_stop(stop, earlier);
        self.evaluate(routes);
    }

    /// Moves stop `stop` of route `route` to `vehicle`'s route at `position` (its end when
    /// `None`; on the trip of the stop it goes before), every other stop staying on its trip,
    /// and asks the engine to evaluate the result.
    pub fn move_stop(self, route: usize, stop: usize, vehicle: &str, position: Option<usize>) {
        let Some(mut routes) = self.routes() else { return };
        let Some(order) = routes.get_mut(route).filter(|r| stop < r.stops.len()).map(|r| r.take_stop(stop)) else {
            return;
        };
        let target = match routes.iter().position(|r| r.vehicle == vehicle) {
            Some(k) => k,
            None => {
                routes.push(RouteIds { vehicle: vehicle.to_string(), stops: Vec::new(), reloads: Vec::new() });
                routes.len() - 1
            }
        };
        let target = &mut routes[target];
        target.put_stop(position.unwrap_or(target.stops.len()), order);
        self.evaluate(routes);
    }

    /// Locks or unlocks a vehicle's route for re-optimisation (saved at once, so a reload keeps it).
    pub fn toggle_lock(self, vehicle: &str) {
        self.locked.update(|locked| match locked.iter().position(|v| v == vehicle) {
            Some(k) => {
                locked.remove(k);
            }
            None => locked.push(vehicle.to_string()),
        });
        self.autosave();
    }
}

/// `wanted`, unless a save of another scenario has that name: then `wanted (2)`, `(3)` … (a
/// save of the very same scenario text keeps its name and is updated).
fn free_name(wanted: &str, text: &str, existing: &[Saved]) -> String {
    let taken = |name: &str| existing.iter().any(|s| s.name == name && s.text != text);
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..).map(|k| format!("{wanted} ({k})")).find(|name| !taken(name)).unwrap_or_else(|| wanted.to_string())
}

/// Waits `ms` milliseconds (lets the browser run meanwhile).
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The status line after an import that gave nothing: the first error (the engine's words), and
/// that nothing changed.
fn refusal(issues: &[Issue]) -> String {
    let first = issues.iter().find(|i| i.severity == Severity::Error && i.field != NOTHING_READ);
    let why = match first {
        Some(i) if i.line > 0 => format!("{}: line {}, {}: {}", i.file, i.line, i.field, i.message),
        Some(i) if !i.file.is_empty() => format!("{}: {}", i.file, i.message),
        _ => "Nothing usable was found in these files".to_string(),
    };
    format!("{why}. The scenario and plan are unchanged; see the report below.")
}

fn names(files: &[FileText]) -> String {
    files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// The status line after an edit: every constraint holds, or what breaks where (the same words
/// the route list, the stop table and the timeline show in red).
fn edit_outcome(report: &lastmile_solver::report::PlanReport) -> String {
    let broken: Vec<String> = report
        .routes
        .iter()
        .flat_map(|r| r.violations.iter().map(move |v| format!("{}: {}", r.vehicle, v.message)))
        .collect();
    match broken.as_slice() {
        [] => "Plan updated: every constraint holds.".to_string(),
        [one] => format!("Plan updated with 1 problem, shown in red — {one}."),
        [first, rest @ ..] => {
            format!("Plan updated with {} problems, shown in red — {first}; and {} more.", rest.len() + 1, rest.len())
        }
    }
}

/// A reported route's reloads by ids, as requests carry them back.
pub fn reloads_of(route: &lastmile_solver::report::RouteReport) -> Vec<crate::protocol::ReloadAt> {
    route.reloads.iter().map(|r| crate::protocol::ReloadAt { before: r.before_stop, depot: r.depot.clone() }).collect()
}
