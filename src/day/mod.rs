//! The "Day in motion" page: the workspace's plan driven through a simulated day (its seed, how
//! rough it is, a breakdown, traffic incidents and cancellations), watched on a clock: vehicles
//! moving on the map, plan against actual on a timeline, the control tower's feed, alerts and
//! live ETAs, and at the day's end the scorecard of each way of reacting side by side.
//! The engine simulates (the worker's `day` and `day_moment` requests); the page only shows,
//! reading positions off the engine's `snapshot::Track` for the vehicles it draws.

mod clock;
mod feed;
mod settings;
mod table;
mod timeline;

use leptos::prelude::*;
use leptos::task::spawn_local;

use lastmile_solver::simulation::snapshot::{self, Whereabouts};
use lastmile_solver::units::to_ticks;

use crate::map::{MapView, Mark, MarkKind};
use crate::protocol::{
    DayAnswer, DayRequest, DaySetup, MomentAnswer, MomentRequest, RouteIds, RouteMotion, WaysProgress,
};
use crate::workspace::Workspace;

/// Where the day's settings survive a reload.
const SETTINGS_KEY: &str = "lastmile-day-settings";

/// The day page's store.
#[derive(Clone, Copy)]
pub struct Day {
    pub ws: Workspace,
    pub setup: RwSignal<DaySetup>,
    /// The simulated day and the request it answers.
    pub answer: RwSignal<Option<DayAnswer>>,
    pub request: StoredValue<Option<DayRequest>>,
    /// Each route's track (as the engine reads positions), in the answer's order.
    tracks: StoredValue<Vec<snapshot::Track>>,
    /// The scenario's points and the same-day orders' after them (empty without same-day orders).
    joined: StoredValue<Vec<[f64; 2]>>,
    /// Each route's colour: its place in the planner's plan.
    pub colours: RwSignal<Vec<usize>>,
    pub running: RwSignal<bool>,
    /// The share of the ways of reacting simulated while the day runs (0 to 1).
    pub progress: RwSignal<f64>,
    pub status: RwSignal<String>,
    /// The simulated clock (seconds of the day).
    pub clock: RwSignal<f64>,
    pub playing: RwSignal<bool>,
    /// Simulated seconds per real second.
    pub speed: RwSignal<f64>,
    /// The route whose ETAs are shown (index into the answer's routes).
    pub selected: RwSignal<Option<usize>>,
    pub etas: RwSignal<Option<MomentAnswer>>,
    /// A forecast request in flight, and the moment last asked about.
    asking: StoredValue<bool>,
    asked: StoredValue<Option<(usize, f64)>>,
    open_planner: Callback<()>,
}

impl Day {
    pub fn new(ws: Workspace, open_planner: Callback<()>) -> Self {
        Day {
            ws,
            setup: RwSignal::new(saved_settings().unwrap_or_default()),
            answer: RwSignal::new(None),
            request: StoredValue::new(None),
            tracks: StoredValue::new(Vec::new()),
            joined: StoredValue::new(Vec::new()),
            colours: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            progress: RwSignal::new(0.0),
            status: RwSignal::new(String::new()),
            clock: RwSignal::new(0.0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(clock::SPEEDS[1].0),
            selected: RwSignal::new(None),
            etas: RwSignal::new(None),
            asking: StoredValue::new(false),
            asked: StoredValue::new(None),
            open_planner,
        }
    }

    /// The routes of the planner's current plan, by ids.
    pub fn plan_routes(self) -> Option<Vec<RouteIds>> {
        self.ws.result.with(|r| {
            let routes: Vec<RouteIds> = r
                .as_ref()?
                .report
                .routes
                .iter()
                .filter(|r| !r.stops.is_empty())
                .map(|r| RouteIds {
                    vehicle: r.vehicle.clone(),
                    stops: r.stops.clone(),
                    reloads: crate::workspace::reloads_of(r),
                })
                .collect();
            (!routes.is_empty()).then_some(routes)
        })
    }

    /// Changes the setup and keeps it for the next visit.
    pub fn change(self, f: impl FnOnce(&mut DaySetup)) {
        self.setup.update(f);
        save_settings(&self.setup.get_untracked());
    }

    /// Simulates the day of the planner's current plan.
    pub fn run(self) {
        let Some(routes) = self.plan_routes() else {
            self.status.set("There is no plan to drive yet: plan the day on the Planner page first.".to_string());
            return;
        };
        let (Some(engine), Some(source)) = (self.ws.engine.get_value(), self.ws.source.get_value()) else {
            self.status.set("The planning engine is not ready yet.".to_string());
            return;
        };
        let request = DayRequest { routes, setup: self.setup.get_untracked() };
        save_settings(&request.setup);
        self.running.set(true);
        self.playing.set(false);
        self.progress.set(0.0);
        self.status.set("Simulating the day…".to_string());
        spawn_local(async move {
            let progress = move |p: WaysProgress| {
                self.progress.set(p.simulated as f64 / p.ways.max(1) as f64);
                self.status.set(match p.finished {
                    Some(name) => format!(
                        "Simulating the day: {} of {} ways of reacting simulated (last: {name})…",
                        p.simulated, p.ways
                    ),
                    None => format!("Simulating the day under {} ways of reacting…", p.ways),
                });
            };
            match engine.ask_about(&source, request.clone(), progress).await {
                Ok(answer) => self.show(request, answer),
                Err(e) => self.status.set(format!("The day could not be simulated: {e}")),
            }
            self.running.set(false);
        });
    }

    fn show(self, request: DayRequest, answer: DayAnswer) {
        let planned: Vec<String> = request.routes.iter().map(|r| r.vehicle.clone()).collect();
        let colours = answer
            .routes
            .iter()
            .enumerate()
            .map(|(k, r)| planned.iter().position(|v| *v == r.vehicle).unwrap_or(k))
            .collect();
        // Same-day orders go on after the scenario's orders, their places after its points.
        let (mut orders, points) = self
            .ws
            .scenario
            .with_untracked(|s| s.as_ref().map(|s| (s.orders.clone(), s.points.len())).unwrap_or_default());
        orders.extend((0..answer.added.len()).map(|k| points + k));
        // The scenario's points with the same-day orders' after them, joined once per day (none:
        // the map reads the scenario's in place).
        let joined = match answer.added.is_empty() {
            true => Vec::new(),
            false => self.ws.scenario.with_untracked(|s| {
                let base = s.as_ref().map(|s| s.points.clone()).unwrap_or_default();
                base.into_iter().chain(answer.added.iter().map(|a| a.point)).collect()
            }),
        };
        self.joined.set_value(joined);
        let tracks: Vec<snapshot::Track> = answer.routes.iter().map(|r| track(r, &orders)).collect();
        // The ETAs first follow a vehicle on the road at the day's start: the breakdown's when it
        // is, else the first out; none on the road, the breakdown's, else the first route.
        let start = to_ticks(answer.start);
        let on_the_road: Vec<usize> = (0..tracks.len()).filter(|&k| tracks[k].at(start).on_the_road()).collect();
        let broken =
            request.setup.breakdown.as_ref().and_then(|b| answer.routes.iter().position(|r| r.vehicle == b.vehicle));
        let selected = broken
            .filter(|k| on_the_road.contains(k))
            .or(on_the_road.first().copied())
            .or(broken)
            .or((!answer.routes.is_empty()).then_some(0));
        self.tracks.set_value(tracks);
        self.colours.set(colours);
        self.selected.set(selected);
        self.status.set(format!(
            "Simulated: {} routes, {} events and alerts in the feed. Press play.",
            answer.routes.len(),
            answer.feed.len()
        ));
        self.clock.set(answer.start);
        self.etas.set(None);
        self.asked.set_value(None);
        self.request.set_value(Some(request));
        self.answer.set(Some(answer));
    }

    /// The day's span: first departure to last off duty.
    pub fn span(self) -> Option<(f64, f64)> {
        self.answer.with(|a| a.as_ref().map(|a| (a.start, a.end)))
    }

    /// Sets the clock, within the day.
    pub fn set_clock(self, t: f64) {
        if let Some((start, end)) = self.span() {
            self.clock.set(t.clamp(start, end));
            if t >= end {
                self.playing.set(false);
            }
        }
    }

    /// What the map draws over the plan at the clock: stops served so far, and every vehicle where
    /// the engine's track puts it.
    fn marks(self) -> Vec<Mark> {
        let now = to_ticks(self.clock.get());
        let colours = self.colours.get();
        // Read in place: a 10,000-order scenario is not copied per frame.
        self.ws.scenario.with(|scenario| {
            let Some(scenario_points) = scenario.as_ref().map(|s| &s.points[..]) else { return Vec::new() };
            self.joined.with_value(|joined| {
                let points = if joined.is_empty() { scenario_points } else { &joined[..] };
                self.tracks.with_value(|tracks| {
                    let mut marks = Vec::new();
                    for (k, track) in tracks.iter().enumerate() {
                        let route = colours.get(k).copied().unwrap_or(k);
                        for &(at, _, _) in &track.stops[..track.served_by(now)] {
                            marks.push(Mark { at: points[at], kind: MarkKind::Served, route });
                        }
                    }
                    for (k, track) in tracks.iter().enumerate() {
                        let whereabouts = track.at(now);
                        let kind = match whereabouts {
                            Whereabouts::BrokenDown { .. } => MarkKind::BrokenDown,
                            _ => MarkKind::Vehicle,
                        };
                        let route = colours.get(k).copied().unwrap_or(k);
                        marks.push(Mark { at: whereabouts.point(points), kind, route });
                    }
                    marks
                })
            })
        })
    }

    /// Asks the engine for the selected vehicle's forecasts at the clock, one request at a time
    /// and only when the clock moved a minute or the vehicle changed.
    fn ask_etas(self) {
        let (Some(k), Some(request)) = (self.selected.get_untracked(), self.request.get_value()) else { return };
        let at = self.clock.get_untracked();
        let fresh = self.asked.get_value().is_none_or(|(route, t)| route != k || (t - at).abs() >= 60.0);
        if self.asking.get_value() || !fresh {
            return;
        }
        let (Some(engine), Some(source)) = (self.ws.engine.get_value(), self.ws.source.get_value()) else { return };
        let Some(vehicle) =
            self.answer.with_untracked(|a| a.as_ref().and_then(|a| a.routes.get(k)).map(|r| r.vehicle.clone()))
        else {
            return;
        };
        self.asking.set_value(true);
        self.asked.set_value(Some((k, at)));
        spawn_local(async move {
            let answer = engine.ask_about(&source, MomentRequest { day: request, at, vehicle, run: k }, |_| {}).await;
            self.asking.set_value(false);
            match answer {
                Ok(moment) => {
                    self.etas.set(Some(moment));
                }
                Err(e) => self.status.set(format!("Could not forecast the arrivals: {e}")),
            }
            // The clock may have moved on meanwhile.
            self.ask_etas();
        });
    }
}

/// A route of the answer as the engine's track (positions are read off it); `orders` gives each
/// order's point.
fn track(route: &RouteMotion, orders: &[usize]) -> snapshot::Track {
    snapshot::Track {
        start: route.start,
        departure: to_ticks(route.departure),
        stops: route
            .driven
            .iter()
            .filter_map(|s| Some((*orders.get(s.order())?, to_ticks(s.arrival()), to_ticks(s.departure()))))
            .collect(),
        reloads: route
            .reloads
            .iter()
            .map(|&(before, at, arrival, left)| (before, at, to_ticks(arrival), to_ticks(left)))
            .collect(),
        end: route.end,
        back: to_ticks(route.return_time),
        returned: route.returned,
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn saved_settings() -> Option<DaySetup> {
    let text = storage()?.get_item(SETTINGS_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

fn save_settings(setup: &DaySetup) {
    if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(setup)) {
        let _ = store.set_item(SETTINGS_KEY, &text);
    }
}

#[component]
pub fn DayPage(day: Day) -> impl IntoView {
    let ws = day.ws;
    let has_plan = Memo::new(move |_| day.plan_routes().is_some());
    let has_answer = move || day.answer.with(Option::is_some);
    let marks = Signal::derive(move || if day.answer.with(Option::is_some) { day.marks() } else { Vec::new() });
    // The forecasts follow the clock and the selected vehicle.
    Effect::new(move |_| {
        day.clock.track();
        day.selected.track();
        day.ask_etas();
    });
    // The plan changed since the day was simulated: say so.
    let stale = move || {
        let current = day.plan_routes();
        day.answer.track();
        day.request.with_value(|r| r.as_ref().is_some_and(|r| Some(&r.routes) != current.as_ref()))
    };
    view! {
        <main class="day">
            <aside class="panel">
                <h2 class="panel-title">"Day in motion"</h2>
                <Show when=move || has_plan.get() fallback=move || view! {
                    <div class="day-no-plan" data-testid="day-no-plan">
                        <p>"There is no plan to drive yet. Plan the day on the Planner page, then come back to watch it happen."</p>
                        <button class="primary" data-testid="day-to-planner" on:click=move |_| day.open_planner.run(())>
                            "Go to the Planner"
                        </button>
                    </div>
                }>
                    <settings::Settings day=day/>
                    <div class="actions">
                        <button class="primary" data-testid="day-run" on:click=move |_| day.run()
                            disabled=move || day.running.get() || ws.solving.get()>
                            "Run the day"
                        </button>
                    </div>
                </Show>
                <Show when=move || day.running.get()>
                    <div class="progress-bar" data-testid="day-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=move || format!("{:.0}", day.progress.get() * 100.0)>
                        <div class="progress-fill" style:width=move || format!("{:.1}%", day.progress.get() * 100.0)></div>
                    </div>
                </Show>
                <p class="status" data-testid="day-status" role="status">{move || day.status.get()}</p>
                <Show when=stale>
                    <p class="small-print warning" data-testid="day-stale">
                        "The plan has changed since this day was simulated: run it again to watch the new plan."
                    </p>
                </Show>
                <Show when=has_answer>
                    <clock::Clock day=day/>
                    <feed::Etas day=day/>
                </Show>
            </aside>
            <section class="day-map" aria-label="Vehicles on the map">
                <MapView scenario=ws.scenario.read_only() plan=ws.plan.read_only() marks=marks/>
            </section>
            <section class="day-results" aria-label="The day as it happens">
                <Show when=has_answer fallback=|| view! {
                    <p class="muted">"Run the day to watch the plan meet a day that does not go as planned."</p>
                }>
                    <timeline::DayTimeline day=day/>
                    <div class="day-columns">
                        <feed::Feed day=day/>
                        <feed::Alerts day=day/>
                    </div>
                    <table::Scorecards day=day/>
                </Show>
            </section>
        </main>
    }
}
