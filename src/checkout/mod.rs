//! The checkout simulator's page: run a booking day on the workspace's scenario under every slot
//! policy and read the outcome: the policy table, the slot × zone availability heatmap through
//! the booking day, slot fill over time, each customer's offer, and "check an address".
//! Every figure comes from the engine (`lastmile_solver::checkout`) in the compute worker.

mod address;
mod fill_chart;
mod heatmap;
mod offer_log;
mod policy_table;
mod settings;
mod speed;

use leptos::prelude::*;
use leptos::task::spawn_local;

use lastmile_solver::checkout::simulation::DayProgress;
use lastmile_solver::checkout::BookingDay;
use lastmile_solver::formats::csv::Issue;

use crate::compute::Source;
use crate::protocol::{
    CheckoutExportFormat, CheckoutExportRequest, CheckoutRequest, CheckoutResult, FileText, PolicyPlanRequest,
};
use crate::workspace::Workspace;

/// What a stopped run's pending answer says.
const STOPPED: &str = "booking day stopped by the user";

/// Where the day's settings survive a reload.
const SETTINGS_KEY: &str = "lastmile-checkout-settings";

/// The checkout page's store.
#[derive(Clone, Copy)]
pub struct Checkout {
    pub ws: Workspace,
    pub day: RwSignal<BookingDay>,
    /// A bookings CSV to replay instead of the generated stream.
    pub bookings: RwSignal<Option<FileText>>,
    pub result: RwSignal<Option<CheckoutResult>>,
    /// The scenario and the request the result answers (the address tool asks about the same
    /// day, even after the planner opened another scenario).
    pub request: StoredValue<Option<(Source, CheckoutRequest)>>,
    pub running: RwSignal<bool>,
    pub status: RwSignal<String>,
    pub issues: RwSignal<Vec<Issue>>,
    /// The policy whose heatmap, fill and log are shown.
    pub policy: RwSignal<usize>,
    /// The checkpoint of the booking horizon shown.
    pub moment: RwSignal<usize>,
    /// Share of the run done (0–1) while running.
    pub progress: RwSignal<f64>,
    /// Shows the planner page.
    open_planner: Callback<()>,
}

impl Checkout {
    fn new(ws: Workspace, open_planner: Callback<()>) -> Self {
        Checkout {
            ws,
            day: RwSignal::new(saved_settings().unwrap_or_default()),
            bookings: RwSignal::new(None),
            result: RwSignal::new(None),
            request: StoredValue::new(None),
            running: RwSignal::new(false),
            status: RwSignal::new(String::new()),
            issues: RwSignal::new(Vec::new()),
            policy: RwSignal::new(1),
            moment: RwSignal::new(0),
            progress: RwSignal::new(0.0),
            open_planner,
        }
    }

    /// Runs the booking day on the workspace's scenario.
    pub fn run(self) {
        let (Some(engine), Some(source)) = (self.ws.engine.get_value(), self.ws.source.get_value()) else {
            self.status
                .set("Load a scenario first (Planner page): its fleet, depots and area set the day.".to_string());
            return;
        };
        let day = self.day.get_untracked();
        save_settings(&day);
        let request = CheckoutRequest { day, bookings: self.bookings.get_untracked() };
        self.request.set_value(Some((source.clone(), request.clone())));
        self.running.set(true);
        self.progress.set(0.0);
        self.status.set("Simulating the booking day…".to_string());
        spawn_local(async move {
            let answer = engine
                .ask_about(&source, request, move |p: DayProgress| {
                    let share =
                        (p.policy as f64 + p.served as f64 / p.customers.max(1) as f64) / p.policies.max(1) as f64;
                    self.progress.set(share);
                    self.status.set(format!(
                        "Simulating the booking day under {} ({} of {}): {} of {} customers.",
                        p.name,
                        p.policy + 1,
                        p.policies,
                        p.served,
                        p.customers
                    ));
                })
                .await;
            match answer {
                Ok(result) => {
                    let c = &result.comparison;
                    self.status.set(format!(
                        "Booking day done: {} customers, {} slots, {} zones.",
                        c.customers.len(),
                        c.slots.len(),
                        c.zones.len()
                    ));
                    self.issues.set(result.issues.clone());
                    let last = c.outcomes.first().map_or(0, |o| o.availability.len().saturating_sub(1));
                    self.moment.set(last);
                    self.result.set(Some(result));
                }
                Err(e) if e == STOPPED => self.status.set("Stopped; the previous results (if any) stay.".to_string()),
                Err(e) => self.status.set(format!("The booking day could not run: {e}")),
            }
            self.running.set(false);
        });
    }

    /// Reads the shown policy's outcome and its availability frame at the shown moment (both
    /// tracked), with the comparison they belong to.
    pub fn with_frame<T>(
        self,
        f: impl FnOnce(
            &lastmile_solver::checkout::Comparison,
            &lastmile_solver::checkout::PolicyOutcome,
            &lastmile_solver::checkout::simulation::Availability,
        ) -> T,
    ) -> Option<T> {
        let (policy, moment) = (self.policy.get(), self.moment.get());
        self.result.with(|r| {
            let c = &r.as_ref()?.comparison;
            let outcome = c.outcomes.get(policy)?;
            let frame = outcome.availability.get(moment.min(outcome.availability.len().saturating_sub(1)))?;
            Some(f(c, outcome, frame))
        })
    }

    /// Opens the selected policy's final plan (its accepted orders, promised slots as windows)
    /// in the planner's workspace.
    pub fn open_in_planner(self) {
        let (Some(engine), Some((source, checkout))) = (self.ws.engine.get_value(), self.request.get_value()) else {
            return;
        };
        let request = PolicyPlanRequest { checkout, policy: self.policy.get_untracked() };
        self.status.set("Preparing the plan for the planner…".to_string());
        spawn_local(async move {
            match engine.ask_about(&source, request, |_| {}).await {
                Ok(file) => {
                    let file: FileText = file;
                    self.status.set(format!("Opened “{}” in the planner.", file.name));
                    self.ws.import(vec![file], Vec::new(), true);
                    self.open_planner.run(());
                }
                Err(e) => self.status.set(format!("Could not open the plan: {e}")),
            }
        });
    }

    /// Stops a running booking day (the engine's worker restarts).
    pub fn stop(self) {
        if let Some(engine) = self.ws.engine.get_value() {
            engine.stop(STOPPED);
        }
    }

    /// Saves the results as `format`.
    pub fn export(self, format: CheckoutExportFormat) {
        let (Some(engine), Some(result)) = (self.ws.engine.get_value(), self.result.get_untracked()) else { return };
        let request = CheckoutExportRequest { comparison: result.comparison, format };
        spawn_local(async move {
            match engine.ask(request, |_| {}).await {
                Ok(file) => {
                    if let Err(e) = crate::panels::exports::download(&file) {
                        self.status.set(format!("Could not save {}: {e}", file.name));
                    }
                }
                Err(e) => self.status.set(format!("Export failed: {e}")),
            }
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn saved_settings() -> Option<BookingDay> {
    let text = storage()?.get_item(SETTINGS_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

fn save_settings(day: &BookingDay) {
    if let (Some(store), Ok(text)) = (storage(), serde_json::to_string(day)) {
        let _ = store.set_item(SETTINGS_KEY, &text);
    }
}

#[component]
pub fn CheckoutPage(ws: Workspace, open_planner: Callback<()>) -> impl IntoView {
    let co = Checkout::new(ws, open_planner);
    let has_result = move || co.result.with(Option::is_some);
    view! {
        <main class="checkout">
            <aside class="panel">
                <h2 class="panel-title">"Booking day"</h2>
                <p class="muted small-print">
                    {move || ws.scenario.with(|s| match s {
                        Some(s) => format!("On “{}”: its fleet, depots and area.", s.name),
                        None => "Load a scenario on the Planner page first.".to_string(),
                    })}
                </p>
                <settings::Settings co=co/>
                <div class="actions">
                    <button class="primary" data-testid="co-run" on:click=move |_| co.run()
                        disabled=move || co.running.get() || ws.scenario.with(Option::is_none)>
                        "Run booking day"
                    </button>
                    <Show when=move || co.running.get()>
                        <button class="secondary" data-testid="co-stop" on:click=move |_| co.stop()>"Stop"</button>
                    </Show>
                </div>
                <Show when=move || co.running.get()>
                    <div class="progress-bar" data-testid="co-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow=move || format!("{:.0}", co.progress.get() * 100.0)>
                        <div class="progress-fill" style:width=move || format!("{:.1}%", co.progress.get() * 100.0)></div>
                    </div>
                </Show>
                <p class="status" data-testid="co-status" role="status">{move || co.status.get()}</p>
                <settings::BookingIssues co=co/>
                <Show when=has_result>
                    <h2 class="panel-title">"Export"</h2>
                    <div class="export-buttons">
                        <button class="secondary small" data-testid="co-export-policies" on:click=move |_| co.export(CheckoutExportFormat::Policies)>"Policy table CSV"</button>
                        <button class="secondary small" data-testid="co-export-offers" on:click=move |_| co.export(CheckoutExportFormat::Offers)>"Offer log CSV"</button>
                        <button class="secondary small" data-testid="co-export-json" on:click=move |_| co.export(CheckoutExportFormat::Json)>"All results JSON"</button>
                    </div>
                </Show>
                <speed::Speed co=co/>
            </aside>
            <section class="checkout-results" aria-label="Booking day results">
                <Show when=has_result fallback=|| view! {
                    <p class="muted">"Run a booking day to compare slot policies on the same customers."</p>
                }>
                    <policy_table::PolicyTable co=co/>
                    <div class="checkout-grid">
                        <heatmap::Heatmap co=co/>
                        <address::AddressCheck co=co/>
                    </div>
                    <fill_chart::FillChart co=co/>
                    <offer_log::OfferLog co=co/>
                </Show>
            </section>
        </main>
    }
}
