//! Orders left out, each with the engine's reason.

use leptos::prelude::*;

use crate::workspace::Workspace;

#[component]
pub fn UnassignedList(ws: Workspace) -> impl IntoView {
    move || {
        ws.result.get().map(|result| {
            if result.report.unassigned.is_empty() {
                return view! { <p class="muted" data-testid="all-assigned">"Every order is in a route."</p> }
                    .into_any();
            }
            let rows = result
                .report
                .unassigned
                .into_iter()
                .map(|u| {
                    let code = u.reason.clone();
                    view! {
                        <tr data-testid="unassigned-row" data-reason=code>
                            <td>{u.id}</td><td><code>{u.reason}</code></td><td>{u.message}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="grid" data-testid="unassigned">
                    <thead><tr><th>"Order"</th><th>"Reason"</th><th>"Why"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        })
    }
}
