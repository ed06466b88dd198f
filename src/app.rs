//! The page: engine status, the scenario, planning controls and progress, the map, and the results;
//! the checkout simulator and the day in motion as pages beside it.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::compute::{Engine, PoolInfo, Source};
use crate::map::MapView;
use crate::panels::exports::ExportPanel;
use crate::panels::import::ImportPanel;
use crate::panels::kpis::KpiPanel;
use crate::panels::progress::ProgressPanel;
use crate::panels::routes::RouteList;
use crate::panels::saves::SavesPanel;
use crate::panels::timeline::Timeline;
use crate::panels::unassigned::UnassignedList;
use crate::protocol::PlanView;
use crate::workspace::{Workspace, TIME_LIMIT_S};

/// What a first visit (no save yet) opens: the city sample, a day of 300 orders in Lyon.
const SAMPLE_URL: &str = "samples/lyon-300.json";
const SAMPLE_NAME: &str = "lyon-300.json";
/// Default time the engine may spend on one "Plan routes", in seconds.
const DEFAULT_TIME_LIMIT_S: f64 = 2.0;

/// What the engine is doing, as the status line shows it.
#[derive(Clone, Debug, PartialEq)]
enum EngineState {
    Starting,
    Ready(PoolInfo),
    Failed(String),
}

/// Which page is shown: the planner's workspace, the checkout simulator or the day in motion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Planner,
    Checkout,
    Day,
}

/// Which result table the bottom panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Routes,
    Timeline,
    Unassigned,
}

#[component]
pub fn App() -> impl IntoView {
    let (engine_state, set_engine_state) = signal(EngineState::Starting);
    // Set while a fresh engine (after Stop or a crash) reads the scenario again.
    let restarting = RwSignal::new(false);
    let ws = Workspace::new(DEFAULT_TIME_LIMIT_S);
    ws.status.set("Loading the sample…".to_string());
    let (tab, set_tab) = signal(Tab::Routes);
    let (page, set_page) = signal(Page::Planner);
    // The day in motion keeps its run while the planner works on other pages.
    let day = crate::day::Day::new(ws, Callback::new(move |()| set_page.set(Page::Planner)));

    // Whatever the user opens while the engine starts wins over the start-up's restore or sample.
    let startup = ws.begin();
    spawn_local(async move {
        let (started, info) = match Engine::start(hardware_threads(), restarting).await {
            Ok(started) => started,
            Err(e) => {
                ws.engine_failed.set_value(true);
                set_engine_state.set(EngineState::Failed(e.clone()));
                ws.status.set(format!("The planning engine could not start: {e}"));
                return;
            }
        };
        ws.engine.set_value(Some(Rc::new(started)));
        set_engine_state.set(EngineState::Ready(info));
        // Where the user was: the current save, else the newest; a save that cannot be read is
        // set aside and reported, and the sample opens instead.
        match crate::storage::load_all().await {
            Ok(loaded) => {
                ws.saves.set(loaded.saves.iter().map(|s| s.name.clone()).collect());
                if !loaded.problems.is_empty() {
                    ws.save_problems
                        .set(format!("Set aside a save that could not be read: {}", loaded.problems.join("; ")));
                }
                let current = loaded.current.clone();
                let pick = loaded
                    .saves
                    .iter()
                    .position(|s| Some(&s.name) == current.as_ref())
                    .or((!loaded.saves.is_empty()).then_some(0));
                if let Some(k) = pick.filter(|_| ws.is_current(startup)) {
                    let saved = loaded.saves[k].clone();
                    ws.restore_as(saved, startup).await;
                    if ws.scenario.with_untracked(Option::is_some) {
                        return;
                    }
                }
            }
            Err(e) => ws.save_note.set(format!("Autosave is off: {e}")),
        }
        if !ws.is_current(startup) {
            return;
        }
        match fetch_text(SAMPLE_URL).await {
            Ok(text) => {
                ws.load_as(Source::new(SAMPLE_NAME, text), startup).await;
                if ws.is_current(startup) {
                    ws.sample.set_value(true);
                }
            }
            Err(e) if ws.is_current(startup) => ws.status.set(format!("Could not load the sample {SAMPLE_URL}: {e}")),
            Err(_) => {}
        }
    });

    // The field keeps what the user typed; an invalid limit is said next to it and blocks planning.
    let type_time_limit = move |ev: leptos::ev::Event| ws.set_time_limit_text(event_target_value(&ev));
    let keep_time_limit = move |_: leptos::ev::Event| {
        if ws.time_limit_problem().is_none() {
            ws.autosave();
        }
    };
    let limit_invalid = move || ws.time_limit_problem().is_some();
    let (min_limit, max_limit) = (TIME_LIMIT_S.start().to_string(), TIME_LIMIT_S.end().to_string());
    let no_scenario = move || ws.scenario.with(Option::is_none);
    // A stop clicked on the map selects its route.
    let select_on_map = Callback::new(move |order: Option<String>| {
        if let Some(order) = order {
            crate::panels::routes::select_route_of(ws, &order);
        }
    });
    let unassigned_count = move || ws.result.with(|r| r.as_ref().map_or(0, |r| r.report.unassigned.len()));

    view! {
        <header class="topbar">
            <h1>"Lastmile"</h1>
            <nav class="pages" role="tablist" aria-label="Pages">
                <button role="tab" data-testid="page-planner" aria-selected=move || (page.get() == Page::Planner).to_string()
                    on:click=move |_| set_page.set(Page::Planner)>"Planner"</button>
                <button role="tab" data-testid="page-checkout" aria-selected=move || (page.get() == Page::Checkout).to_string()
                    on:click=move |_| set_page.set(Page::Checkout)>"Checkout simulator"</button>
                <button role="tab" data-testid="page-day" aria-selected=move || (page.get() == Page::Day).to_string()
                    on:click=move |_| set_page.set(Page::Day)>"Day in motion"</button>
            </nav>
            <EngineBadge state=engine_state restarting=restarting.read_only()/>
        </header>
        <Show when=move || page.get() == Page::Checkout>
            <crate::checkout::CheckoutPage ws=ws open_planner=Callback::new(move |()| set_page.set(Page::Planner))/>
        </Show>
        <Show when=move || page.get() == Page::Day>
            <crate::day::DayPage day=day/>
        </Show>
        <main class="workspace" class:hidden=move || page.get() != Page::Planner>
            <aside class="panel">
                <p class="status" data-testid="status" role="status">{move || ws.status.get()}</p>
                <ImportPanel ws=ws/>
                <SavesPanel ws=ws/>
                <div class="field">
                    <label for="time-limit">{format!("Time limit (seconds, {min_limit}–{max_limit})")}</label>
                    <input id="time-limit" type="text" inputmode="decimal" data-testid="time-limit"
                        class:invalid=limit_invalid aria-invalid=move || limit_invalid().to_string()
                        aria-describedby="time-limit-error"
                        prop:value=move || ws.time_limit_text.get() on:input=type_time_limit on:change=keep_time_limit/>
                    <p class="field-error" id="time-limit-error" data-testid="time-limit-error" role="alert"
                        hidden=move || !limit_invalid()>
                        {move || ws.time_limit_problem().unwrap_or_default()}
                    </p>
                </div>
                <div class="actions">
                    <button class="primary" data-testid="plan-routes" on:click=move |_| ws.solve()
                        disabled=move || ws.solving.get() || no_scenario() || limit_invalid()>
                        "Plan routes"
                    </button>
                    <Show when=move || ws.solving.get()>
                        <button class="secondary" data-testid="stop" on:click=move |_| ws.stop()>"Stop"</button>
                    </Show>
                    <Show when=move || !ws.solving.get() && ws.result.with(Option::is_some)>
                        <button class="secondary" data-testid="reoptimise" on:click=move |_| ws.reoptimise()
                            disabled=limit_invalid title="Improve the plan; locked routes stay as they are">
                            "Re-optimise"
                        </button>
                    </Show>
                </div>
                <PlanSummary plan=ws.plan.read_only()/>
                <ProgressPanel ws=ws/>
                <KpiPanel ws=ws/>
                <ExportPanel ws=ws/>
            </aside>
            <section class="map-area">
                <MapView scenario=ws.scenario.read_only() plan=ws.plan.read_only() selected_route=ws.selected_route
                    on_select=select_on_map/>
            </section>
            <section class="results" aria-label="Results">
                <div class="tabs" role="tablist">
                    <button role="tab" data-testid="tab-routes" aria-selected=move || (tab.get() == Tab::Routes).to_string()
                        on:click=move |_| set_tab.set(Tab::Routes)>"Routes"</button>
                    <button role="tab" data-testid="tab-timeline"
                        aria-selected=move || (tab.get() == Tab::Timeline).to_string()
                        on:click=move |_| set_tab.set(Tab::Timeline)>"Timeline"</button>
                    <button role="tab" data-testid="tab-unassigned"
                        aria-selected=move || (tab.get() == Tab::Unassigned).to_string()
                        on:click=move |_| set_tab.set(Tab::Unassigned)>
                        {move || format!("Unassigned ({})", unassigned_count())}
                    </button>
                </div>
                <div class="tab-body" role="tabpanel">
                    {move || match tab.get() {
                        Tab::Routes => view! { <RouteList ws=ws/> }.into_any(),
                        Tab::Timeline => view! { <Timeline ws=ws/> }.into_any(),
                        Tab::Unassigned => view! { <UnassignedList ws=ws/> }.into_any(),
                    }}
                </div>
            </section>
        </main>
    }
}

#[component]
fn EngineBadge(state: ReadSignal<EngineState>, restarting: ReadSignal<bool>) -> impl IntoView {
    let text = move || match state.get() {
        EngineState::Starting => "Starting the planning engine…".to_string(),
        EngineState::Ready(_) if restarting.get() => "Restarting the engine…".to_string(),
        EngineState::Failed(_) => "Planning engine unavailable".to_string(),
        EngineState::Ready(info) if info.threads > 1 => format!("{} threads", info.threads),
        EngineState::Ready(info) if !info.isolated => {
            "single-thread mode: your host does not allow shared memory".to_string()
        }
        EngineState::Ready(_) => "1 thread".to_string(),
    };
    let threads = move || match state.get() {
        EngineState::Ready(info) => info.threads.to_string(),
        _ => String::new(),
    };
    view! { <span class="engine-badge" data-testid="threads" data-threads=threads>{text}</span> }
}

#[component]
fn PlanSummary(plan: ReadSignal<Option<PlanView>>) -> impl IntoView {
    move || {
        plan.get().map(|p| {
            view! {
                <dl class="summary" data-testid="summary" data-routes=p.paths.len()>
                    <dt>"Routes"</dt><dd data-testid="route-count">{p.paths.len()}</dd>
                    <dt>"Distance"</dt><dd>{crate::units::distance(p.distance, p.planar)}</dd>
                    <dt>"Unassigned"</dt><dd>{p.unassigned}</dd>
                </dl>
            }
        })
    }
}

/// Threads for the engine's pool: the browser's logical cores, at least 1, at most 8.
fn hardware_threads() -> u32 {
    let cores = web_sys::window().map(|w| w.navigator().hardware_concurrency()).unwrap_or(1.0);
    (cores as u32).clamp(1, 8)
}

pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo::net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}
