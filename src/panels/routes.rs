//! The route list (one row per vehicle used) and the selected route's stop table.

use leptos::prelude::*;

use crate::units::{clock, distance, duration, percent};
use crate::workspace::Workspace;

/// Route colours come from the `--route-N` design tokens, as on the map.
const ROUTE_TOKENS: usize = 12;

#[component]
pub fn RouteList(ws: Workspace) -> impl IntoView {
    move || {
        ws.result.get().map(|result| {
            let planar = result.planar;
            let rows = result
                .report
                .routes
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let selected = move || ws.selected_route.get() == Some(k);
                    let choose = move |_| ws.selected_route.set(if selected() { None } else { Some(k) });
                    view! {
                        <tr data-testid="route-row" class:selected=selected tabindex="0" on:click=choose
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    ws.selected_route.set(if selected() { None } else { Some(k) });
                                }
                            }
                            aria-selected=move || selected().to_string()>
                            <td><span class="swatch" style:background=format!("var(--route-{})", k % ROUTE_TOKENS)></span>{r.vehicle.clone()}</td>
                            <td>{r.kind.clone()}</td>
                            <td class="num">{r.stops.len()}</td>
                            <td class="num">{distance(r.distance, planar)}</td>
                            <td class="num">{duration(r.duration, planar)}</td>
                            <td class="num">{percent(r.utilisation)}</td>
                            <td class="num">{format!("{}–{}", clock(r.start, planar), clock(r.end, planar))}</td>
                            <td class="num" class:bad={r.late_stops > 0}>{r.late_stops}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="grid" data-testid="route-list">
                    <thead><tr>
                        <th>"Vehicle"</th><th>"Type"</th><th>"Stops"</th><th>"Distance"</th><th>"Duration"</th>
                        <th>"Load"</th><th>"Start–end"</th><th>"Late"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <StopTable ws=ws/>
            }
        })
    }
}

#[component]
fn StopTable(ws: Workspace) -> impl IntoView {
    move || {
        let k = ws.selected_route.get()?;
        let result = ws.result.get()?;
        let planar = result.planar;
        let route = result.report.routes.get(k)?.clone();
        let break_row = route.rest.clone();
        let rows = route
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let rest = break_row.as_ref().filter(|b| b.before_stop == i).map(|b| {
                    view! { <tr class="break-row"><td></td><td colspan="6">{format!("Break {}–{}", clock(b.start, planar), clock(b.end, planar))}</td></tr> }
                });
                view! {
                    {rest}
                    <tr data-testid="stop-row" class:bad=v.late>
                        <td class="num">{i + 1}</td>
                        <td>{v.order.clone()}</td>
                        <td class="num">{clock(v.arrival, planar)}</td>
                        <td class="num">{format!("{}–{}", clock(v.window[0], planar), clock(v.window[1], planar))}</td>
                        <td class="num">{clock(v.start, planar)}</td>
                        <td class="num">{duration(v.waiting, planar)}</td>
                        <td class="num">{v.load_after.iter().map(|l| format!("{l:.0}")).collect::<Vec<_>>().join(" / ")}</td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <h3 class="stop-table-title">{format!("{} — stops in order", route.vehicle)}</h3>
            <table class="grid" data-testid="stop-table">
                <thead><tr>
                    <th>"#"</th><th>"Order"</th><th>"ETA"</th><th>"Window"</th><th>"Service"</th><th>"Waiting"</th><th>"Load after"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })
    }
}
