//! The slot query's speed measured in this browser, on a generated tentative plan: the same
//! measurement as `lastmile bench --slots`.

use lastmile_solver::checkout::speed::QuerySpeed;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Checkout;
use crate::protocol::SpeedRequest;

#[component]
pub fn Speed(co: Checkout) -> impl IntoView {
    let result = RwSignal::new(None::<QuerySpeed>);
    let busy = RwSignal::new(false);
    let measure = move |_| {
        let Some(engine) = co.ws.engine.get_value() else { return };
        busy.set(true);
        spawn_local(async move {
            match engine.ask(SpeedRequest { orders: 2000, queries: 500 }, |_| {}).await {
                Ok(speed) => result.set(Some(speed)),
                Err(e) => co.status.set(format!("Could not measure: {e}")),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="speed">
            <summary>"Engine speed in this browser"</summary>
            <p class="small-print muted">"Times 500 slot queries against a generated plan of 2,000 orders (a few seconds)."</p>
            <button class="secondary small" data-testid="co-speed" on:click=measure disabled=move || busy.get()>
                {move || if busy.get() { "Measuring…" } else { "Measure slot queries" }}
            </button>
            {move || result.get().map(|s| view! {
                <dl class="summary" data-testid="co-speed-result" data-p99=format!("{:.3}", s.p99_ms)>
                    <dt>"Plan"</dt><dd>{format!("{} orders, {} routes, {} slots", s.orders, s.routes, s.slots)}</dd>
                    <dt>"p50"</dt><dd>{format!("{:.3} ms", s.p50_ms)}</dd>
                    <dt>"p95"</dt><dd>{format!("{:.3} ms", s.p95_ms)}</dd>
                    <dt>"p99"</dt><dd>{format!("{:.3} ms", s.p99_ms)}</dd>
                    <dt>"max"</dt><dd>{format!("{:.3} ms", s.max_ms)}</dd>
                </dl>
            })}
        </details>
    }
}
