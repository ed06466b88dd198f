//! The plan's KPIs, as the engine's report computes them.

use leptos::prelude::*;

use crate::units::{distance, money, percent};
use crate::workspace::Workspace;

#[component]
pub fn KpiPanel(ws: Workspace) -> impl IntoView {
    move || {
        ws.result.get().map(|result| {
            let (k, planar) = (result.report.kpis, result.planar);
            let currency = result.report.currency.clone();
            let per_km = if planar { "per unit" } else { "km per stop" };
            view! {
                <dl class="kpis" data-testid="kpis">
                    <div><dt>"Vehicles"</dt><dd data-testid="kpi-vehicles">{result.report.vehicles}</dd></div>
                    <div><dt>"Distance"</dt><dd data-testid="kpi-distance">{distance(result.report.distance, planar)}</dd></div>
                    <div><dt>"Cost"</dt><dd data-testid="kpi-cost">{money(result.report.cost, &currency)}</dd></div>
                    <div><dt>"Cost per delivery"</dt><dd data-testid="kpi-cost-per-delivery">{money(k.cost_per_delivery, &currency)}</dd></div>
                    <div><dt>{per_km}</dt><dd data-testid="kpi-km-per-stop">{format!("{:.2}", k.km_per_stop)}</dd></div>
                    <div><dt>"Stops per hour"</dt><dd data-testid="kpi-stops-per-hour">{format!("{:.1}", k.stops_per_hour)}</dd></div>
                    <div><dt title="Mean load of the used vehicles at departure, as a share of capacity (fullest dimension)">"Utilisation"</dt><dd data-testid="kpi-utilisation">{percent(k.utilisation)}</dd></div>
                    <div><dt title="Share of stops served within their window">"On time"</dt><dd data-testid="kpi-on-time">{on_time(k.on_time)}</dd></div>
                    <div class:bad={k.late_stops > 0}><dt>"Late stops"</dt><dd data-testid="kpi-late">{k.late_stops}</dd></div>
                    <div class:bad={k.over_shift_routes > 0}><dt>"Over shift"</dt><dd data-testid="kpi-over-shift">{format!("{} route(s)", k.over_shift_routes)}</dd></div>
                    <div><dt>"CO₂ per delivery"</dt><dd data-testid="kpi-co2">{format!("{:.2} kg", k.co2_kg_per_delivery)}</dd></div>
                </dl>
            }
        })
    }
}

/// A share that never reads "100 %" while a stop is late: rounded down, to a tenth past 99 %.
fn on_time(share: f64) -> String {
    if (0.99..1.0).contains(&share) {
        format!("{:.1} %", (share * 1000.0).floor() / 10.0)
    } else {
        percent(share)
    }
}
