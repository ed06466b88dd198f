//! The policies side by side: accepted and lost bookings, fees, and the final plan's vehicles,
//! cost per order and broken promises. The best figure of each column is marked.

use leptos::prelude::*;

use super::Checkout;

#[component]
pub fn PolicyTable(co: Checkout) -> impl IntoView {
    move || {
        co.result.with(|r| {
            let r = r.as_ref()?;
            let outcomes = &r.comparison.outcomes;
            let most_accepted = outcomes.iter().map(|o| o.accepted).max().unwrap_or(0);
            let cheapest = outcomes
                .iter()
                .filter(|o| o.accepted > o.broken_promises)
                .map(|o| o.cost_per_order)
                .fold(f64::INFINITY, f64::min);
            let planar = r.planar;
            let rows = outcomes
                .iter()
                .enumerate()
                .map(|(k, o)| {
                    let lost = o.customers - o.accepted;
                    let best_accepted = o.accepted == most_accepted;
                    let best_cost = (o.cost_per_order - cheapest).abs() < 1e-9;
                    let broken = o.broken_promises > 0;
                    view! {
                        <tr data-testid="policy-row" data-key=o.key.clone() data-accepted=o.accepted
                            data-cost-per-order=format!("{:.2}", o.cost_per_order) data-broken=o.broken_promises data-vehicles=o.vehicles
                            class:selected=move || co.policy.get() == k tabindex="0"
                            on:click=move |_| co.policy.set(k)
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { co.policy.set(k) }>
                            <td>{o.policy.clone()}</td>
                            <td class="num" class:best=best_accepted>{o.accepted}</td>
                            <td class="num">{lost}<span class="muted">{format!(" ({} offered nothing)", o.nothing_offered)}</span></td>
                            <td class="num">{format!("{:.2}", o.revenue)}</td>
                            <td class="num">{o.vehicles}</td>
                            <td class="num" class:best=best_cost>{format!("{:.2}", o.cost_per_order)}</td>
                            <td class="num">{crate::units::distance_km(o.distance, planar)}</td>
                            <td class="num" class:bad=broken>{o.broken_promises}</td>
                        </tr>
                    }
                })
                .collect_view();
            Some(view! {
                <h2 class="panel-title">"Policies on the same customers"</h2>
                <table class="grid policy-table" data-testid="policy-table">
                    <thead><tr>
                        <th>"Policy"</th><th>"Accepted"</th><th>"Lost"</th><th>"Delivery fees"</th>
                        <th>"Vehicles"</th><th>"Cost / order"</th><th>"Distance"</th>
                        <th title="Accepted orders the final plan cannot serve in their slot">"Broken promises"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="small-print muted">"Click a policy to see its booking day below. Cost per order is the final optimised plan's cost divided by the orders it serves."</p>
                <button class="secondary small" data-testid="co-open-plan" on:click=move |_| co.open_in_planner()>
                    "Open the selected policy's final plan in the planner"
                </button>
            })
        })
    }
}
