//! "Check an address": click the area map (or type coordinates) to see which slots a standard
//! order there would be offered at the moment shown, and why the others are closed. The map
//! shades each zone by its open slots at that moment and dots the customers (filled: booked).

use lastmile_solver::checkout::simulation::AddressCheck as Answer;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::Checkout;
use crate::protocol::AddressRequest;

const WIDTH: f64 = 420.0;

#[component]
pub fn AddressCheck(co: Checkout) -> impl IntoView {
    let answer = RwSignal::new(None::<Answer>);
    let point = RwSignal::new(None::<(f64, f64)>);
    let busy = RwSignal::new(false);
    let (x_text, set_x_text) = signal(String::new());
    let (y_text, set_y_text) = signal(String::new());
    let planar = move || co.result.with(|r| r.as_ref().is_some_and(|r| r.planar));
    let bounds = move || co.result.with(|r| r.as_ref().map(|r| r.comparison.bounds)).unwrap_or([0.0, 0.0, 1.0, 1.0]);
    // Height of the drawing for the box's aspect (longitude degrees shrink with latitude).
    let height = move || {
        let [x0, y0, x1, y1] = bounds();
        let squeeze = if planar() { 1.0 } else { ((y0 + y1) / 2.0).to_radians().cos().max(0.1) };
        let (w, h) = (((x1 - x0) * squeeze).max(1e-9), (y1 - y0).max(1e-9));
        (WIDTH * h / w).clamp(120.0, 640.0)
    };
    let to_screen = move |x: f64, y: f64| {
        let [x0, y0, x1, y1] = bounds();
        ((x - x0) / (x1 - x0).max(1e-12) * WIDTH, (y1 - y) / (y1 - y0).max(1e-12) * height())
    };
    let check = move |x: f64, y: f64| {
        let (Some(engine), Some((source, checkout))) = (co.ws.engine.get_value(), co.request.get_value()) else {
            return;
        };
        let at = co.result.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.comparison.outcomes.get(co.policy.get_untracked()))
                .and_then(|o| o.availability.get(co.moment.get_untracked()))
                .map_or(0.0, |a| a.at)
        });
        point.set(Some((x, y)));
        set_x_text.set(format!("{x:.5}"));
        set_y_text.set(format!("{y:.5}"));
        busy.set(true);
        let request = AddressRequest { checkout, policy: co.policy.get_untracked(), at, x, y };
        spawn_local(async move {
            match engine.ask_about(&source, request, |_| {}).await {
                Ok(a) => answer.set(Some(a)),
                Err(e) => co.status.set(format!("Could not check the address: {e}")),
            }
            busy.set(false);
        });
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(svg) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        let fx = (f64::from(ev.client_x()) - rect.left()) / rect.width();
        let fy = (f64::from(ev.client_y()) - rect.top()) / rect.height();
        let [x0, y0, x1, y1] = bounds();
        check(x0 + fx * (x1 - x0), y1 - fy * (y1 - y0));
    };
    let on_typed = move |_| {
        let parse = |t: String| t.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
        match (parse(x_text.get_untracked()), parse(y_text.get_untracked())) {
            (Some(x), Some(y)) => check(x, y),
            _ => co
                .status
                .set("Check an address: type a longitude and a latitude (x and y for benchmark files).".to_string()),
        }
    };
    let zones = move || {
        co.with_frame(|c, _, frame| {
            let (rows, cols) = (c.zone_rows, c.zone_cols);
            let (w, h) = (WIDTH / cols as f64, height() / rows as f64);
            let slots = c.slots.len().max(1) as f64;
            let open_in = |z: usize| frame.open.iter().filter(|row| row.get(z).copied().unwrap_or(false)).count();
            if c.zone_areas {
                // Areas: a shaded disc at each centre (places belong to the nearest one).
                return Some(
                    c.zone_centres
                        .iter()
                        .enumerate()
                        .map(|(z, &[x, y])| {
                            let (sx, sy) = to_screen(x, y);
                            let open = open_in(z);
                            view! {
                                <circle cx=sx cy=sy r="16" fill=format!("rgba(31, 111, 235, {:.2})", 0.08 + 0.5 * open as f64 / slots)
                                    stroke="#8a96a8" stroke-width="1">
                                    <title>{format!("Area {}: {open} open slot(s)", c.zones[z])}</title>
                                </circle>
                                <text x=sx - 8.0 y=sy + 4.0 class="zone-label">{c.zones[z].clone()}</text>
                            }
                        })
                        .collect_view()
                        .into_any(),
                );
            }
            Some(
                (0..rows * cols)
                    .map(|z| {
                        let open = open_in(z);
                        let (row, col) = (z / cols, z % cols);
                        let share = open as f64 / slots;
                        view! {
                            <rect x=col as f64 * w y=row as f64 * h width=w height=h
                                fill=format!("rgba(31, 111, 235, {:.2})", 0.08 + 0.5 * share)
                                stroke="#c9d1dc" stroke-width="1">
                                <title>{format!("Zone {}: {open} open slot(s)", c.zones[z])}</title>
                            </rect>
                            <text x=col as f64 * w + 4.0 y=row as f64 * h + 14.0 class="zone-label">{c.zones[z].clone()}</text>
                        }
                    })
                    .collect_view()
                    .into_any(),
            )
        })
        .flatten()
    };
    let customers = move || {
        co.with_frame(|c, outcome, frame| {
            let until = frame.at;
            Some(
                c.customers
                    .iter()
                    .zip(&outcome.log)
                    .filter(|(_, log)| log.at <= until)
                    .map(|(customer, log)| {
                        let (sx, sy) = to_screen(customer.x, customer.y);
                        let booked = log.chose.is_some();
                        view! { <circle cx=sx cy=sy r="2.2" class:booked=booked class="customer"/> }
                    })
                    .collect_view(),
            )
        })
        .flatten()
    };
    let marker = move || {
        point.get().map(|(x, y)| {
            let (sx, sy) = to_screen(x, y);
            view! { <circle cx=sx cy=sy r="7" class="address-marker"/> }
        })
    };
    view! {
        <section class="address" aria-label="Check an address">
            <h2 class="panel-title">"Check an address"</h2>
            <svg class="area-map" data-testid="area-map" viewBox=move || format!("0 0 {WIDTH} {:.1}", height())
                on:click=on_click role="img" aria-label="Delivery area: click to check an address">
                {zones}{customers}{marker}
            </svg>
            <div class="field-row">
                <label class="field">{move || if planar() { "x" } else { "Longitude" }}
                    <input type="text" data-testid="address-x" prop:value=x_text on:input=move |ev| set_x_text.set(event_target_value(&ev))/>
                </label>
                <label class="field">{move || if planar() { "y" } else { "Latitude" }}
                    <input type="text" data-testid="address-y" prop:value=y_text on:input=move |ev| set_y_text.set(event_target_value(&ev))/>
                </label>
                <button class="secondary small" data-testid="address-check" on:click=on_typed>"Check"</button>
            </div>
            {move || busy.get().then(|| view! { <p class="muted">"Checking…"</p> })}
            {move || answer.get().map(|a| {
                let rows = a.slots.iter().map(|s| view! {
                    <tr data-testid="address-slot" data-open=s.open.to_string()>
                        <td>{s.label.clone()}</td>
                        <td>{if s.open { "open".to_string() } else { "closed".to_string() }}</td>
                        <td class="num">{s.price.map(|p| format!("{p:.2}")).unwrap_or_default()}</td>
                        <td class="num">{s.cost.map(|c| format!("{c:.2}")).unwrap_or_default()}</td>
                        <td>{s.reason.clone()}</td>
                    </tr>
                }).collect_view();
                view! {
                    <p class="small-print" data-testid="address-summary">
                        {format!("Zone {} at {} under {} ({} bookings accepted by then):", a.zone, a.when, a.policy, a.accepted)}
                    </p>
                    <table class="grid" data-testid="address-slots">
                        <thead><tr><th>"Slot"</th><th></th><th>"Price"</th><th>"Marginal cost"</th><th>"Why closed"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            })}
        </section>
    }
}
