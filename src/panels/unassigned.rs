//! Orders left out, each with the engine's reason; virtualised ([`super::rows`]) so that
//! thousands of them keep a few dozen rows in the DOM.

use leptos::prelude::*;

use super::rows::{Rows, OVERSCAN};
use crate::workspace::Workspace;

#[component]
pub fn UnassignedList(ws: Workspace) -> impl IntoView {
    let rows = Rows::new(OVERSCAN);
    let count = Memo::new(move |_| ws.result.with(|r| r.as_ref().map(|r| r.report.unassigned.len())));
    let version = Memo::new(move |before: Option<&u64>| {
        ws.result.track();
        before.map_or(0, |v| v + 1)
    });
    let len = move || count.get().unwrap_or(0);
    let range = Memo::new(move |_| rows.range(len()));
    Effect::new(move |_| {
        range.track();
        rows.measure_soon();
    });
    let row = move |i: usize| {
        ws.result.with_untracked(|r| {
            let u = r.as_ref()?.report.unassigned.get(i)?;
            let keydown = move |ev: leptos::ev::KeyboardEvent| {
                if rows.key(&ev.key(), i, len()) {
                    ev.prevent_default();
                }
            };
            Some(view! {
                <tr data-testid="unassigned-row" data-index=i data-reason=u.reason.clone() tabindex="-1" on:keydown=keydown>
                    <td>{u.id.clone()}</td><td><code>{u.reason.clone()}</code></td><td title=u.message.clone()>{u.message.clone()}</td>
                </tr>
            })
        })
    };
    view! {
        <Show when=move || count.get() == Some(0)>
            <p class="muted" data-testid="all-assigned">"Every order is in a route."</p>
        </Show>
        <Show when=move || count.get().is_some_and(|n| n > 0)>
            <div class="rows-scroll unassigned-rows" node_ref=rows.scroller on:scroll=move |_| rows.scrolled()>
                <table class="grid" data-testid="unassigned" data-rows=len>
                    <thead><tr><th>"Order"</th><th>"Reason"</th><th>"Why"</th></tr></thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true"><td colspan="3" style:height=move || rows.before(&range.get())></td></tr>
                        <For each=move || { let v = version.get(); range.get().map(move |i| (v, i)) } key=|item| *item
                            children=move |(_, i)| row(i) />
                        <tr class="spacer" aria-hidden="true"><td colspan="3" style:height=move || rows.after(&range.get(), len())></td></tr>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
