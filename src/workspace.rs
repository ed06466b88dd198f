//! The workspace store: the scenario on screen, the search's progress and the latest plan. Views
//! derive from it; only the app's actions write to it.

use leptos::prelude::*;

use crate::protocol::{PlanView, ProgressPoint, ScenarioView, SolveResult};

#[derive(Clone, Copy)]
pub struct Workspace {
    pub scenario: RwSignal<Option<ScenarioView>>,
    /// What the map draws: the best plan so far while solving, then the final one.
    pub plan: RwSignal<Option<PlanView>>,
    /// The finished plan with its report (routes, stops, KPIs, reasons).
    pub result: RwSignal<Option<SolveResult>>,
    /// Convergence of the current (or last) search.
    pub progress: RwSignal<Vec<ProgressPoint>>,
    pub solving: RwSignal<bool>,
    /// Wall-clock time since the current search started (ticks while solving).
    pub elapsed_ms: RwSignal<f64>,
    /// Seconds the engine may spend on one search.
    pub time_limit: RwSignal<f64>,
    pub selected_route: RwSignal<Option<usize>>,
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
            time_limit: RwSignal::new(time_limit),
            selected_route: RwSignal::new(None),
        }
    }
}
