//! The route list (one row per vehicle used, with a lock for re-optimisation) and the selected
//! route's stop table, where a planner moves stops; the engine re-evaluates every change. What an
//! edit breaks is shown in red where it is: the stop's row names its problem, the route's row and
//! the stop table's heading name the route's.

use leptos::prelude::*;

use crate::palette::route_colour;
use crate::units::{clock, distance, duration, percent};
use crate::workspace::Workspace;

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
                    let vehicle = r.vehicle.clone();
                    let locked = {
                        let vehicle = StoredValue::new(vehicle.clone());
                        move || ws.locked.with(|l| vehicle.with_value(|v| l.contains(v)))
                    };
                    let lock = {
                        let vehicle = vehicle.clone();
                        move |ev: leptos::ev::MouseEvent| {
                            ev.stop_propagation();
                            ws.toggle_lock(&vehicle);
                        }
                    };
                    let lock_label = format!("Lock the route of {vehicle}");
                    let selected = move || ws.selected_route.get() == Some(k);
                    let choose = move |_| select(ws, if selected() { None } else { Some(k) });
                    let problems = r.violations.iter().map(|v| v.message.clone()).collect::<Vec<_>>().join("; ");
                    let broken = !r.violations.is_empty();
                    let problems_title = problems.clone();
                    view! {
                        <tr data-testid="route-row" class:selected=selected tabindex="0" on:click=choose
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    select(ws, if selected() { None } else { Some(k) });
                                }
                            }
                            aria-selected=move || selected().to_string() class:broken=broken>
                            <td><span class="swatch" style:background=route_colour(k)></span>{r.vehicle.clone()}</td>
                            <td>{r.kind.clone()}</td>
                            <td class="num">{r.stops.len()}</td>
                            <td class="num">{distance(r.distance, planar)}</td>
                            <td class="num">{duration(r.duration, planar)}</td>
                            <td class="num">{percent(r.utilisation)}</td>
                            <td class="num">{format!("{}–{}", clock(r.start, planar), clock(r.end, planar))}</td>
                            <td class="num" class:bad={r.late_stops > 0}>{r.late_stops}</td>
                            <td class="problems" class:bad=broken data-testid="route-problems" title=problems_title>
                                {if broken { problems } else { "—".to_string() }}
                            </td>
                            <td>
                                <button class="icon" data-testid="lock-route" aria-label=lock_label
                                    aria-pressed=move || locked().to_string() on:click=lock>
                                    {move || if locked() { "locked" } else { "lock" }}
                                </button>
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table class="grid" data-testid="route-list">
                    <thead><tr>
                        <th>"Vehicle"</th><th>"Type"</th><th>"Stops"</th><th>"Distance"</th><th>"Duration"</th>
                        <th title="Fullest capacity dimension at departure">"Load"</th><th>"Start–end"</th>
                        <th title="Stops served after their window closed">"Late"</th><th>"Problems"</th><th>"Lock"</th>
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
        let count = route.visits.len();
        let fleet = result.fleet.clone();
        let units = result.report.dimensions.join(" / ");
        let load_header = if units.is_empty() { "Load after".to_string() } else { format!("Load after ({units})") };
        let this_vehicle = route.vehicle.clone();
        let route_problems = route
            .violations
            .iter()
            .filter(|v| v.stop.is_none())
            .map(|v| view! { <li>{v.message.clone()}</li> })
            .collect_view();
        let stop_problems = |i: usize| -> Vec<String> {
            route.violations.iter().filter(|v| v.stop == Some(i)).map(|v| v.message.clone()).collect()
        };
        let rows = route
            .visits
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let rest = break_row.as_ref().filter(|b| b.before_stop == i).map(|b| {
                    view! { <tr class="break-row"><td></td><td colspan="8">{format!("Break {}–{}", clock(b.start, planar), clock(b.end, planar))}</td></tr> }
                });
                let problems = stop_problems(i);
                let broken = !problems.is_empty();
                let (up, down) = (this_vehicle.clone(), this_vehicle.clone());
                let others: Vec<String> = fleet.iter().filter(|v| **v != this_vehicle).cloned().collect();
                let options = others
                    .into_iter()
                    .map(|v| {
                        let label = v.clone();
                        view! { <option value=v>{label}</option> }
                    })
                    .collect_view();
                let move_to = move |ev: leptos::ev::Event| {
                    let target = event_target_value(&ev);
                    if !target.is_empty() {
                        ws.move_stop(k, i, &target, None);
                    }
                };
                view! {
                    {rest}
                    <tr data-testid="stop-row" class:broken=broken>
                        <td class="num">{i + 1}</td>
                        <td>{v.order.clone()}</td>
                        <td class="num">{clock(v.arrival, planar)}</td>
                        <td class="num">{format!("{}–{}", clock(v.window[0], planar), clock(v.window[1], planar))}</td>
                        <td class="num">{clock(v.start, planar)}</td>
                        <td class="num">{duration(v.waiting, planar)}</td>
                        <td class="num">{v.load_after.iter().map(|l| format!("{l:.0}")).collect::<Vec<_>>().join(" / ")}</td>
                        <td class="problems" class:bad=broken data-testid="stop-problems">{problems.join("; ")}</td>
                        <td class="moves">
                            <button class="icon" data-testid="stop-up" aria-label="Move earlier" disabled=i == 0
                                on:click=move |_| ws.move_stop(k, i, &up, Some(i.saturating_sub(1)))>"↑"</button>
                            <button class="icon" data-testid="stop-down" aria-label="Move later" disabled=i + 1 == count
                                on:click=move |_| ws.move_stop(k, i, &down, Some(i + 1))>"↓"</button>
                            <select data-testid="stop-move" aria-label="Move to another vehicle" on:change=move_to>
                                <option value="">"Move to…"</option>
                                {options}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <h3 class="stop-table-title" id="stop-table-title">{format!("{} — stops in order, leaving {} ", route.vehicle, clock(route.start, planar))}</h3>
            <ul class="violations" data-testid="route-violations">{route_problems}</ul>
            <table class="grid" data-testid="stop-table">
                <thead><tr>
                    <th>"#"</th><th>"Order"</th><th>"ETA"</th><th>"Window"</th><th>"Service start"</th><th>"Waiting"</th>
                    <th title="On board after this stop, per capacity dimension">{load_header}</th><th>"Problems"</th><th>"Move"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })
    }
}

/// Selects a route (or none); a chosen route's stop table is brought into view.
fn select(ws: Workspace, route: Option<usize>) {
    ws.selected_route.set(route);
    if route.is_some() {
        request_animation_frame(|| {
            let title =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("stop-table-title"));
            if let Some(title) = title {
                title.scroll_into_view_with_bool(true);
            }
        });
    }
}
