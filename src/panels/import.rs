//! Getting data in: drop or pick files (orders / vehicles / depots CSV, scenario JSON, VROOM,
//! Solomon, OSRM tables), or open a bundled sample; then the validation report, row by row, and a
//! column-mapping step for CSV headers the engine does not know.

use lastmile_solver::formats::csv::{Column, Severity, TableKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::protocol::{FileText, MappingNeed};
use crate::workspace::Workspace;

/// The bundled samples: (file under `samples/`, label).
const SAMPLES: [(&str, &str); 4] = [
    ("lyon-300.json", "Lyon, a day of 300 orders (2 depots, vans, EV vans, cargo bikes)"),
    ("micro-hub.json", "Micro-hub: cargo bikes in several trips, returns and shop pickups"),
    ("lyon-2000.json", "Lyon, 2,000 orders (scale)"),
    ("LM-RC100.txt", "Benchmark: 100 customers, Solomon format"),
];

/// The report draws at most this many issues (a file with thousands of bad rows stays light).
const REPORT_ROWS: usize = 200;

#[component]
pub fn ImportPanel(ws: Workspace) -> impl IntoView {
    let (dragging, set_dragging) = signal(false);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(list) = input.files() {
            read_and_import(ws, list);
        }
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        set_dragging.set(false);
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            read_and_import(ws, list);
        }
    };
    let on_sample = move |ev: leptos::ev::Event| {
        let file = event_target_value(&ev);
        // Back to the prompt, so that choosing the same sample again opens it again.
        if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
            select.set_value("");
        }
        if file.is_empty() {
            return;
        }
        spawn_local(async move {
            match crate::app::fetch_text(&format!("samples/{file}")).await {
                Ok(text) => ws.open_sample(FileText::new(file, text)),
                Err(e) => ws.status.set(format!("Could not open the sample {file}: {e}")),
            }
        });
    };
    view! {
        <section class="import" aria-label="Data">
            <label class="drop-zone" class:dragging=dragging data-testid="drop-zone"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); set_dragging.set(true); }
                on:dragleave=move |_| set_dragging.set(false)
                on:drop=on_drop>
                <span>"Drop orders, vehicles or depots CSV, a scenario or VROOM JSON, a Solomon file — or "</span>
                <u>"choose files"</u>
                <input type="file" multiple data-testid="import-files" class="visually-hidden"
                    accept=".csv,.txt,.json,.tsv" on:change=on_pick/>
            </label>
            <label class="field">
                "Or open a sample"
                <select data-testid="sample-select" on:change=on_sample>
                    <option value="">"Choose a sample…"</option>
                    {SAMPLES.iter().map(|(file, label)| view! { <option value=*file>{*label}</option> }).collect_view()}
                </select>
            </label>
            <ImportReport ws=ws/>
            <For each=move || ws.mapping_needs.get() key=|need| need.file.clone() let:need>
                <MappingStep ws=ws need=need/>
            </For>
        </section>
    }
}

fn read_and_import(ws: Workspace, list: web_sys::FileList) {
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|k| list.get(k)).collect();
    if files.is_empty() {
        return;
    }
    spawn_local(async move {
        let mut texts = Vec::with_capacity(files.len());
        for file in files {
            match read_file(&file).await {
                Some(text) => texts.push(text),
                None => ws.status.set(format!("Could not read {}; the scenario and plan are unchanged.", file.name())),
            }
        }
        // Nothing read: nothing to import, and the workspace stays as it is.
        if !texts.is_empty() {
            ws.import(texts, Vec::new(), false);
        }
    });
}

/// A file's bytes as text, in the encoding the engine recognises (UTF-8, UTF-16, Windows-1252);
/// `None` when the browser cannot read the file.
pub async fn read_file(file: &web_sys::File) -> Option<FileText> {
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Some(FileText::from_bytes(file.name(), &bytes))
}

#[component]
fn ImportReport(ws: Workspace) -> impl IntoView {
    move || {
        let issues = ws.issues.get();
        let summary = ws.import_summary.get();
        let has_issues = !issues.is_empty();
        let hidden = issues.len().saturating_sub(REPORT_ROWS);
        (!summary.is_empty() || has_issues).then(|| {
            let rows = issues
                .into_iter()
                .take(REPORT_ROWS)
                .map(|i| {
                    let severity = match i.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    let line = if i.line == 0 { String::new() } else { i.line.to_string() };
                    let (field, file) = (i.field.clone(), i.file.clone());
                    view! {
                        <tr data-testid="issue-row" class=severity data-severity=severity data-line=i.line
                            data-field=field data-file=file role="row">
                            <td role="cell">{i.file}</td><td class="num" role="cell">{line}</td>
                            <td role="cell">{i.field}</td>
                            <td class="problem" data-testid="issue-problem" role="cell">{i.message}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="import-summary" data-testid="import-summary">{summary}</p>
                <div class="issues" class:empty=!has_issues>
                    // Rows wrap (see `.issues` in app.css): the roles keep it a table for
                    // assistive technology once its display is a grid.
                    <table class="grid" data-testid="import-issues" role="table">
                        <thead role="rowgroup">
                            <tr role="row">
                                <th role="columnheader">"File"</th><th role="columnheader">"Row"</th>
                                <th role="columnheader">"Field"</th><th class="problem" role="columnheader">"Problem"</th>
                            </tr>
                        </thead>
                        <tbody role="rowgroup">{rows}</tbody>
                    </table>
                    {(hidden > 0).then(|| view! {
                        <p class="issues-more" data-testid="issues-more">
                            {format!("… and {hidden} more like these: fix the ones above and import again to see them")}
                        </p>
                    })}
                </div>
            }
        })
    }
}

/// Choose a table kind and what each column means, then import again. Each column shows its
/// first values and the engine's guess pre-selected (from its header, or from its contents,
/// marked "guessed" for the planner to confirm).
#[component]
fn MappingStep(ws: Workspace, need: MappingNeed) -> impl IntoView {
    let MappingNeed { file, headers, kind: guessed_kind, guessed, from_contents, samples, choices } = need;
    let first_kind = choices.first().map(|(k, _)| *k).unwrap_or(TableKind::Orders);
    let kind = RwSignal::new(guessed_kind.unwrap_or(first_kind));
    let mapping = RwSignal::new(guessed);
    let choices = StoredValue::new(choices);
    let columns = move || {
        choices
            .with_value(|c| c.iter().find(|(k, _)| *k == kind.get()).map(|(_, cols)| cols.clone()).unwrap_or_default())
    };
    let any_guessed = from_contents.iter().any(|&g| g);
    let file_for_submit = file.clone();
    let rows = headers
        .into_iter()
        .enumerate()
        .map(|(k, header)| {
            let choose = move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                let column = serde_json::from_str::<Column>(&value).ok();
                mapping.update(|m| {
                    if k < m.len() {
                        m[k] = column;
                    }
                });
            };
            let sample = samples.get(k).map(|v| v.join(", ")).unwrap_or_default();
            let guessed = from_contents.get(k).copied().unwrap_or(false);
            view! {
                <tr data-testid="mapping-row" data-guessed=guessed.to_string()>
                    <th scope="row">
                        {header}
                        <span class="samples" data-testid="mapping-sample">{sample}</span>
                    </th>
                    <td>
                        <select data-testid="mapping-column" on:change=choose>
                            <option value="">"(ignore)"</option>
                            {move || columns().into_iter().map(|c| {
                                let value = serde_json::to_string(&c).unwrap_or_default();
                                let selected = mapping.with(|m| m.get(k).cloned().flatten() == Some(c.clone()));
                                let label = column_label(&c);
                                view! { <option value=value selected=selected>{label}</option> }
                            }).collect_view()}
                        </select>
                        {guessed.then(|| view! { <span class="guessed" title="guessed from the values">"guessed"</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <fieldset class="mapping" data-testid="mapping-step">
            <legend>{format!("Which columns of {file} mean what?")}</legend>
            {any_guessed.then(|| view! {
                <p class="mapping-note" data-testid="mapping-note">
                    "Columns guessed from their contents: please confirm."
                </p>
            })}
            <label class="field">
                "This file lists"
                <select data-testid="mapping-kind" on:change=move |ev| {
                    kind.set(match event_target_value(&ev).as_str() {
                        "vehicles" => TableKind::Vehicles,
                        "depots" => TableKind::Depots,
                        _ => TableKind::Orders,
                    })
                }>
                    {TableKind::ALL.iter().map(|k| {
                        let selected = kind.get_untracked() == *k;
                        view! { <option value=k.name() selected=selected>{k.name()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <table class="grid mapping-columns">
                <thead><tr><th>"Column, first values"</th><th>"Means"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <button class="primary" data-testid="mapping-apply"
                on:click=move |_| ws.import_with_mapping(file_for_submit.clone(), mapping.get_untracked())>
                "Use these columns"
            </button>
        </fieldset>
    }
}

/// A column's name for the mapping step, with the unit a bare number in it is read in.
fn column_label(column: &Column) -> String {
    let unit = match column {
        Column::Service | Column::PickupService | Column::BreakDuration | Column::ReloadDuration => " (minutes)",
        Column::MaxDuration => " (hours)",
        _ => "",
    };
    format!("{}{unit}", column.label())
}
