//! Getting the plan out: files for other tools (plan CSV, GeoJSON, scenario + plan JSON, VROOM
//! solution) and printable driver manifests with the loading order (per trip, for a vehicle that
//! reloads at a depot between trips: each reload is a line before the trip's first stop, with
//! what to load there). The engine writes them all.

use lastmile_solver::export::Manifest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::protocol::{ExportFormat, ExportRequest, ExportedFile, ManifestRequest};
use crate::workspace::Workspace;

/// The button of each format.
fn label(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "Plan CSV",
        ExportFormat::Geojson => "GeoJSON",
        ExportFormat::Plan => "Scenario + plan JSON",
        ExportFormat::Vroom => "VROOM solution",
        ExportFormat::Manifest => "Manifests JSON",
    }
}

#[component]
pub fn ExportPanel(ws: Workspace) -> impl IntoView {
    let manifests = RwSignal::new(None::<Vec<Manifest>>);
    let export = move |format: ExportFormat| {
        let (Some(engine), Some(source), Some(routes)) = (ws.engine.get_value(), ws.source.get_value(), ws.routes())
        else {
            return;
        };
        spawn_local(async move {
            match engine.ask_about(&source, ExportRequest { routes, format }, |_| {}).await {
                Ok(file) => {
                    if let Err(e) = download(&file) {
                        ws.status.set(format!("Could not save {}: {e}", file.name));
                    }
                }
                Err(e) => ws.status.set(format!("Export failed: {e}")),
            }
        });
    };
    let show_manifests = move |_| {
        let (Some(engine), Some(source), Some(routes)) = (ws.engine.get_value(), ws.source.get_value(), ws.routes())
        else {
            return;
        };
        spawn_local(async move {
            match engine.ask_about(&source, ManifestRequest { routes }, |_| {}).await {
                Ok(list) => manifests.set(Some(list)),
                Err(e) => ws.status.set(format!("Manifests failed: {e}")),
            }
        });
    };
    view! {
        <Show when=move || ws.result.with(Option::is_some)>
            <section class="exports" aria-label="Export">
                <h2 class="panel-title">"Export"</h2>
                <div class="export-buttons">
                    {ExportFormat::ALL.iter().map(|&format| view! {
                        <button class="secondary small" data-testid=format!("export-{}", format.name()) on:click=move |_| export(format)>{label(format)}</button>
                    }).collect_view()}
                    <button class="secondary small" data-testid="show-manifests" on:click=show_manifests>"Driver manifests…"</button>
                </div>
            </section>
        </Show>
        {move || manifests.get().map(|list| view! { <Manifests list=list close=move || manifests.set(None)/> })}
    }
}

/// Every route's manifest, ready to print (print CSS shows only this).
#[component]
fn Manifests(list: Vec<Manifest>, close: impl Fn() + 'static + Copy) -> impl IntoView {
    let sheets = list
        .into_iter()
        .map(|m| {
            let dims = m.dimensions.join(" / ");
            let stops = m
                .stops
                .iter()
                .map(|s| {
                    let reload = m.reloads.iter().position(|r| r.before_sequence == s.sequence).map(|r| {
                        let reload = &m.reloads[r];
                        view! {
                            <tr class="reload-row" data-testid="manifest-reload" data-trip=r + 2>
                                <td></td>
                                <td colspan="6">
                                    {format!("Trip {}: back at {} {}, leaving {} — load (first in, last out): ",
                                        r + 2, reload.depot, reload.arrival, reload.departure)}
                                    <span data-testid="trip-loading-order">{reload.loading_order.join(", ")}</span>
                                </td>
                            </tr>
                        }
                    });
                    view! {
                        {reload}
                        <tr>
                            <td class="num">{s.sequence}</td><td>{s.order.clone()}</td>
                            <td data-testid="manifest-task">{s.task.clone()}</td>
                            <td class="num">{format!("{}–{}", s.window[0], s.window[1])}</td>
                            <td class="num" data-testid="manifest-eta">{s.eta.clone()}</td>
                            <td class="num">{s.start.clone()}</td>
                            <td class="num">{s.demand.iter().map(|d| format!("{d}")).collect::<Vec<_>>().join(" / ")}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <article class="manifest" data-testid="manifest" data-vehicle=m.vehicle.clone()>
                    <h3>{format!("{} ({}) — from {} at ", m.vehicle, m.kind, m.depot)}
                        <span data-testid="manifest-departure">{m.departure.clone()}</span>
                        {format!(", back at {} {}", m.end_depot, m.return_time)}</h3>
                    <table class="grid">
                        <thead><tr><th>"#"</th><th>"Order"</th><th>"Task"</th><th>"Window"</th><th>"ETA"</th><th>"Service start"</th><th>{format!("Load ({dims})")}</th></tr></thead>
                        <tbody>{stops}</tbody>
                    </table>
                    <p><strong>{if m.reloads.is_empty() { "Loading order (first in, last out): " } else { "Trip 1 loading order (first in, last out): " }}</strong>
                        <span data-testid="loading-order">{m.loading_order.join(", ")}</span></p>
                </article>
            }
        })
        .collect_view();
    view! {
        <section class="manifests" data-testid="manifests" aria-label="Driver manifests">
            <div class="actions no-print">
                <button class="primary" data-testid="print-manifests" on:click=move |_| {
                    if let Some(w) = web_sys::window() { let _ = w.print(); }
                }>"Print"</button>
                <button class="secondary" data-testid="close-manifests" on:click=move |_| close()>"Close"</button>
            </div>
            {sheets}
        </section>
    }
}

/// Hands `file` to the browser as a download (nothing leaves the machine).
pub fn download(file: &ExportedFile) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&file.text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&file.mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let anchor = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| "not an anchor")?;
    anchor.set_href(&url);
    anchor.set_download(&file.name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
