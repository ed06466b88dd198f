//! How each slot filled over the booking horizon (orders accepted per slot), for the policy
//! shown; the moment shown on the heatmap is marked.

use leptos::prelude::*;

use super::Checkout;

const W: f64 = 640.0;
const H: f64 = 180.0;
const PAD: f64 = 28.0;
/// Colour per slot, in turn.
const COLOURS: [&str; 8] = ["#1f6feb", "#d1495b", "#2a9d8f", "#e9c46a", "#7b2cbf", "#f4a261", "#264653", "#8ab17d"];

#[component]
pub fn FillChart(co: Checkout) -> impl IntoView {
    let chart = move || {
        co.result.with(|r| {
            let r = r.as_ref()?;
            let c = &r.comparison;
            let outcome = c.outcomes.get(co.policy.get())?;
            let horizon = (c.horizon_hours * 3600.0).max(1.0);
            let top = outcome.fill.iter().flat_map(|f| f.per_slot.iter().copied()).max().unwrap_or(0).max(1) as f64;
            let x = |at: f64| PAD + at / horizon * (W - 2.0 * PAD);
            let y = |n: usize| H - PAD + -(n as f64 / top) * (H - 2.0 * PAD);
            let lines = (0..c.slots.len())
                .map(|s| {
                    let points = outcome
                        .fill
                        .iter()
                        .map(|f| format!("{:.1},{:.1}", x(f.at), y(f.per_slot.get(s).copied().unwrap_or(0))))
                        .collect::<Vec<_>>()
                        .join(" ");
                    view! { <polyline points=points fill="none" stroke=COLOURS[s % COLOURS.len()] stroke-width="2"/> }
                })
                .collect_view();
            let moment = outcome.fill.get(co.moment.get()).map(|f| x(f.at)).unwrap_or(PAD);
            let legend = c
                .slots
                .iter()
                .enumerate()
                .map(|(s, slot)| {
                    let last = outcome.fill.last().and_then(|f| f.per_slot.get(s).copied()).unwrap_or(0);
                    view! {
                        <span class="legend-item" data-testid="fill-legend" data-final=last>
                            <span class="swatch" style:background=COLOURS[s % COLOURS.len()]></span>
                            {format!("{} ({last})", slot.label)}
                        </span>
                    }
                })
                .collect_view();
            Some(view! {
                <svg class="fill-chart" data-testid="fill-chart" viewBox=format!("0 0 {W} {H}") role="img"
                    aria-label="Orders accepted per slot over the booking horizon">
                    <line x1=PAD y1=H - PAD x2=W - PAD y2=H - PAD stroke="#c9d1dc"/>
                    <line x1=PAD y1=PAD x2=PAD y2=H - PAD stroke="#c9d1dc"/>
                    <text x="2" y=PAD + 4.0 class="axis-label">{top as usize}</text>
                    <text x="2" y=H - PAD + 4.0 class="axis-label">"0"</text>
                    <text x=PAD y=H - 8.0 class="axis-label">{outcome.fill.first().map(|f| f.when.clone()).unwrap_or_default()}</text>
                    <text x=W - PAD - 60.0 y=H - 8.0 class="axis-label">{outcome.fill.last().map(|f| f.when.clone()).unwrap_or_default()}</text>
                    <line x1=moment y1=PAD x2=moment y2=H - PAD stroke="#5b6576" stroke-dasharray="4 3"/>
                    {lines}
                </svg>
                <div class="legend">{legend}</div>
            })
        })
    };
    view! {
        <section aria-label="Slot fill over the booking horizon">
            <h2 class="panel-title">"Slot fill over the booking horizon"</h2>
            {chart}
        </section>
    }
}
