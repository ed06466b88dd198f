//! The route list (one row per vehicle used, with a lock for re-optimisation) and the selected
//! route's stop table, where a planner moves stops; the engine re-evaluates every change. What an
//! edit breaks is shown in red where it is: the stop's row names its problem, the route's row and
//! the stop table's heading name the route's. A route in several trips says how many in the list,
//! and its stop table has a line for each reload at a depot between them.
//!
//! Both tables are virtualised ([`super::rows`]): a day of 10,000 stops keeps a few dozen rows in
//! the DOM. Selecting a route, here, on the map or on the timeline, scrolls the list to it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::rows::{Rows, OVERSCAN, STOP_OVERSCAN};
use crate::palette::route_colour;
use crate::units::{clock, distance, duration, percent};
use crate::workspace::Workspace;

#[component]
pub fn RouteList(ws: Workspace) -> impl IntoView {
    let rows = Rows::new(OVERSCAN);
    let count = Memo::new(move |_| ws.result.with(|r| r.as_ref().map(|r| r.report.routes.len())));
    // A new result is a new list: its rows are drawn anew (a key per result).
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
    // The selected route shows in the list, wherever it was selected (and when the list opens).
    Effect::new(move |_| {
        if let (Some(k), Some(_)) = (ws.selected_route.get(), count.get()) {
            request_animation_frame(move || rows.reveal(k, true));
        }
    });
    view! {
        <Show when=move || count.get().is_some()>
            <div class="rows-scroll route-rows" node_ref=rows.scroller on:scroll=move |_| rows.scrolled()>
                <table class="grid" data-testid="route-list" data-rows=len>
                    <thead><tr>
                        <th>"Vehicle"</th><th>"Type"</th><th>"Stops"</th><th title="Trips from a depot: reloads between them + 1">"Trips"</th><th>"Distance"</th><th>"Duration"</th>
                        <th title="Fullest capacity dimension at departure">"Load"</th><th>"Start–end"</th>
                        <th title="Stops served after their window closed">"Late"</th><th>"Problems"</th><th>"Lock"</th>
                    </tr></thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true"><td colspan="11" style:height=move || rows.before(&range.get())></td></tr>
                        <For each=move || { let v = version.get(); range.get().map(move |k| (v, k)) } key=|item| *item
                            children=move |(_, k)| route_row(ws, rows, k, len) />
                        <tr class="spacer" aria-hidden="true"><td colspan="11" style:height=move || rows.after(&range.get(), len())></td></tr>
                    </tbody>
                </table>
            </div>
            <StopTable ws=ws/>
        </Show>
    }
}

/// Row `k` of the route list, from the current result.
fn route_row(ws: Workspace, rows: Rows, k: usize, len: impl Fn() -> usize + Copy + 'static) -> AnyView {
    ws.result.with_untracked(|result| {
        let Some((planar, r)) = result.as_ref().and_then(|res| res.report.routes.get(k).map(|r| (res.planar, r)))
        else {
            return ().into_any();
        };
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
        let keydown = move |ev: leptos::ev::KeyboardEvent| {
            // Keys pressed on the lock button are the button's.
            if ev.target() != ev.current_target() {
                return;
            }
            if ev.key() == "Enter" || ev.key() == " " {
                ev.prevent_default();
                select(ws, if selected() { None } else { Some(k) });
            } else if rows.key(&ev.key(), k, len()) {
                ev.prevent_default();
            }
        };
        view! {
            <tr data-testid="route-row" data-index=k class:selected=selected tabindex="0" on:click=choose
                on:keydown=keydown aria-selected=move || selected().to_string() class:broken=broken>
                <td><span class="swatch" style:background=route_colour(k)></span>{r.vehicle.clone()}</td>
                <td>{r.kind.clone()}</td>
                <td class="num">{r.stops.len()}</td>
                <td class="num" data-testid="route-trips">{r.reloads.len() + 1}</td>
                <td class="num">{distance(r.distance, planar)}</td>
                <td class="num">{duration(r.duration, planar)}</td>
                <td class="num">{percent(r.utilisation)}</td>
                <td class="num" data-testid="route-span">{format!("{}–{}", clock(r.start, planar), clock(r.end, planar))}</td>
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
        .into_any()
    })
}

/// A line of the stop table: a stop (by its index in the route), the break before one, or a
/// reload between trips (by its index in the route's reloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Line {
    Stop(usize),
    Break,
    Reload(usize),
}

/// The lines of a route of `stops` stops whose break (if any) is taken on arriving at stop
/// `rest` and whose reloads come before the stops `reloads`: a reload comes before the break
/// taken on arriving at the same stop (the vehicle reloads, drives, then rests).
fn lines(stops: usize, rest: Option<usize>, reloads: &[usize]) -> Vec<Line> {
    let mut lines = Vec::with_capacity(stops + reloads.len() + 1);
    let mut next = reloads.iter().enumerate().peekable();
    for i in 0..stops {
        while let Some((r, _)) = next.next_if(|(_, &before)| before <= i) {
            lines.push(Line::Reload(r));
        }
        if rest == Some(i) {
            lines.push(Line::Break);
        }
        lines.push(Line::Stop(i));
    }
    lines
}

#[component]
fn StopTable(ws: Workspace) -> impl IntoView {
    let rows = Rows::new(STOP_OVERSCAN);
    // The selected route: its lines (stops, and the break and reloads that fall before a stop).
    let shape = Memo::new(move |_| {
        let k = ws.selected_route.get()?;
        ws.result.with(|r| {
            let route = r.as_ref()?.report.routes.get(k)?;
            let rest = route.rest.as_ref().map(|b| b.before_stop).filter(|&b| b < route.visits.len());
            let reloads: Vec<usize> = route.reloads.iter().map(|r| r.before_stop).collect();
            Some((k, lines(route.visits.len(), rest, &reloads)))
        })
    });
    let version = Memo::new(move |before: Option<&u64>| {
        ws.result.track();
        before.map_or(0, |v| v + 1)
    });
    let len = move || shape.with(|s| s.as_ref().map_or(0, |(_, lines)| lines.len()));
    let range = Memo::new(move |_| rows.range(len()));
    Effect::new(move |_| {
        range.track();
        rows.measure_soon();
    });
    // Another route starts at its first stop.
    Effect::new(move |before: Option<Option<usize>>| {
        let k = ws.selected_route.get();
        if before.is_some_and(|b| b != k) {
            rows.reset();
        }
        k
    });
    let heading = move || {
        let k = ws.selected_route.get()?;
        ws.result.with(|r| {
            let r = r.as_ref()?;
            let route = r.report.routes.get(k)?;
            let title = format!("{} — stops in order, leaving {} ", route.vehicle, clock(route.start, r.planar));
            let problems = route
                .violations
                .iter()
                .filter(|v| v.stop.is_none())
                .map(|v| view! { <li>{v.message.clone()}</li> })
                .collect_view();
            let units = r.report.dimensions.join(" / ");
            let load_header = if units.is_empty() { "Load after".to_string() } else { format!("Load after ({units})") };
            Some((title, problems, load_header))
        })
    };
    view! {
        <Show when=move || shape.get().is_some()>
            {move || heading().map(|(title, problems, _)| view! {
                <h3 class="stop-table-title" id="stop-table-title">{title}</h3>
                <ul class="violations" data-testid="route-violations">{problems}</ul>
            })}
            <div class="rows-scroll stop-rows" node_ref=rows.scroller on:scroll=move |_| rows.scrolled()>
                <table class="grid" data-testid="stop-table" data-rows=len>
                    <thead><tr>
                        <th>"#"</th><th>"Order"</th><th>"ETA"</th><th>"Window"</th><th>"Service start"</th><th>"Waiting"</th>
                        <th title="On board after this stop, per capacity dimension">
                            {move || heading().map(|(_, _, load)| load)}
                        </th>
                        <th>"Problems"</th><th>"Move"</th>
                    </tr></thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true"><td colspan="9" style:height=move || rows.before(&range.get())></td></tr>
                        <For each=move || {
                                let v = version.get();
                                shape.with(|shape| {
                                    let Some((k, lines)) = shape else { return Vec::new() };
                                    range.get().filter_map(|j| Some((v, *k, j, *lines.get(j)?))).collect()
                                })
                            }
                            key=|item| *item
                            children=move |(_, k, j, line)| stop_row(ws, rows, k, j, line, len) />
                        <tr class="spacer" aria-hidden="true"><td colspan="9" style:height=move || rows.after(&range.get(), len())></td></tr>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

/// Line `j` of the stop table of route `k`: a stop with its moves, or the break.
fn stop_row(
    ws: Workspace,
    rows: Rows,
    k: usize,
    j: usize,
    line: Line,
    len: impl Fn() -> usize + Copy + 'static,
) -> AnyView {
    ws.result.with_untracked(|result| {
        let Some((result, route)) = result.as_ref().and_then(|r| r.report.routes.get(k).map(|route| (r, route)))
        else {
            return ().into_any();
        };
        let planar = result.planar;
        let keydown = move |ev: leptos::ev::KeyboardEvent| {
            if ev.target() == ev.current_target() && rows.key(&ev.key(), j, len()) {
                ev.prevent_default();
            }
        };
        let i = match line {
            Line::Break => {
                let Some(b) = route.rest.as_ref() else { return ().into_any() };
                return view! {
                    <tr class="break-row" data-index=j tabindex="-1" on:keydown=keydown>
                        <td></td><td colspan="8">{format!("Break {}–{}", clock(b.start, planar), clock(b.end, planar))}</td>
                    </tr>
                }
                .into_any();
            }
            Line::Reload(r) => {
                let Some(reload) = route.reloads.get(r) else { return ().into_any() };
                let load = reload.load_after.iter().map(|l| format!("{l:.0}")).collect::<Vec<_>>().join(" / ");
                let text = format!(
                    "Trip {}: reload at {}, {}–{}, leaving with {load}",
                    r + 2,
                    reload.depot,
                    clock(reload.start, planar),
                    clock(reload.departure, planar)
                );
                return view! {
                    <tr class="reload-row" data-testid="reload-row" data-index=j tabindex="-1" on:keydown=keydown>
                        <td></td><td colspan="8">{text}</td>
                    </tr>
                }
                .into_any();
            }
            Line::Stop(i) => i,
        };
        let Some(v) = route.visits.get(i) else { return ().into_any() };
        let count = route.visits.len();
        let problems: Vec<String> =
            route.violations.iter().filter(|p| p.stop == Some(i)).map(|p| p.message.clone()).collect();
        let broken = !problems.is_empty();
        let problems = problems.join("; ");
        let problems_title = problems.clone();
        let this_vehicle = route.vehicle.clone();
        // The other vehicles are listed once the select is pressed or focused: with a fleet of
        // 800, a list per row drawn in advance would be most of the page.
        let opened = RwSignal::new(false);
        let open = move || {
            if !opened.get_untracked() {
                opened.set(true);
            }
        };
        let options = move || {
            opened.get().then(|| {
                ws.result.with_untracked(|r| {
                    r.as_ref().map(|r| {
                        r.fleet
                            .iter()
                            .filter(|v| **v != this_vehicle)
                            .map(|v| {
                                let (value, label) = (v.clone(), v.clone());
                                view! { <option value=value>{label}</option> }
                            })
                            .collect_view()
                    })
                })
            })
        };
        let move_to = move |ev: leptos::ev::Event| {
            let target = event_target_value(&ev);
            if !target.is_empty() {
                ws.move_stop(k, i, &target, None);
            }
        };
        view! {
            <tr data-testid="stop-row" data-index=j class:broken=broken tabindex="-1" on:keydown=keydown>
                <td class="num">{i + 1}</td>
                <td>{v.order.clone()}
                    {(v.task != "delivery" && !v.task.is_empty())
                        .then(|| view! { <span class="task" data-testid="stop-task">{v.task.clone()}</span> })}
                </td>
                <td class="num">{clock(v.arrival, planar)}</td>
                <td class="num">{format!("{}–{}", clock(v.window[0], planar), clock(v.window[1], planar))}</td>
                <td class="num">{clock(v.start, planar)}</td>
                <td class="num">{duration(v.waiting, planar)}</td>
                <td class="num">{v.load_after.iter().map(|l| format!("{l:.0}")).collect::<Vec<_>>().join(" / ")}</td>
                <td class="problems" class:bad=broken data-testid="stop-problems" title=problems_title>{problems}</td>
                <td class="moves">
                    <button class="icon" data-testid="stop-up" aria-label="Move earlier" disabled=i == 0
                        on:click=move |_| ws.shift_stop(k, i, true)>"↑"</button>
                    <button class="icon" data-testid="stop-down" aria-label="Move later" disabled=i + 1 == count
                        on:click=move |_| ws.shift_stop(k, i, false)>"↓"</button>
                    <select data-testid="stop-move" aria-label="Move to another vehicle" on:change=move_to
                        on:focus=move |_| open() on:pointerdown=move |_| open()>
                        <option value="">"Move to…"</option>
                        {options}
                    </select>
                </td>
            </tr>
        }
        .into_any()
    })
}

/// Selects a route (or none) from the list; a chosen route's stop table is brought into view
/// (scrolling the page only as far as needed).
fn select(ws: Workspace, route: Option<usize>) {
    ws.selected_route.set(route);
    if route.is_some() {
        request_animation_frame(|| {
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(results) = document.and_then(|d| d.query_selector(".results").ok().flatten()) {
                scroll_into_view_nearest(&results);
            }
        });
    }
}

/// Selects the route serving an order (clicked on the map); an unassigned order selects nothing.
pub fn select_route_of(ws: Workspace, order: &str) {
    let route = ws.result.with_untracked(|r| {
        r.as_ref()?.report.routes.iter().position(|route| route.visits.iter().any(|v| v.order == order))
    });
    if let Some(k) = route {
        ws.selected_route.set(Some(k));
    }
}

/// `element.scrollIntoView({ block: "nearest" })`.
fn scroll_into_view_nearest(element: &web_sys::Element) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    let method = js_sys::Reflect::get(element, &"scrollIntoView".into()).ok();
    if let Some(method) = method.and_then(|m| m.dyn_into::<js_sys::Function>().ok()) {
        let _ = method.call1(element, &options);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_break_and_the_reloads_are_lines_of_their_own_before_their_stop() {
        assert_eq!(lines(3, Some(1), &[]), vec![Line::Stop(0), Line::Break, Line::Stop(1), Line::Stop(2)]);
        assert_eq!(lines(2, None, &[]), vec![Line::Stop(0), Line::Stop(1)]);
        assert_eq!(
            lines(4, Some(2), &[2, 3]),
            vec![
                Line::Stop(0),
                Line::Stop(1),
                Line::Reload(0),
                Line::Break,
                Line::Stop(2),
                Line::Reload(1),
                Line::Stop(3)
            ]
        );
    }
}
