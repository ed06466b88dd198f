//! The booking day's settings: customers, horizon, slot width and prices, zones, quotas,
//! incentives, seed, and a bookings CSV to replay.

use lastmile_solver::checkout::BookingDay;
use lastmile_solver::formats::csv::Severity;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::Checkout;
use crate::protocol::FileText;

/// A bookings file made by `lastmile checkout --write-bookings` on the Lyon sample.
const SAMPLE_BOOKINGS: &str = "samples/lyon-bookings.csv";

/// A number input bound to one setting; out-of-range or unreadable input keeps the old value.
#[component]
fn NumberField(
    co: Checkout,
    label: &'static str,
    testid: &'static str,
    min: f64,
    max: f64,
    step: &'static str,
    get: fn(&BookingDay) -> f64,
    set: fn(&mut BookingDay, f64),
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && (min..=max).contains(&v) => co.day.update(|d| set(d, v)),
            _ => co
                .status
                .set(format!("{label}: “{text}” is not a number from {min} to {max}; kept the previous value.")),
        }
    };
    view! {
        <label class="field">
            {label}
            <input type="number" min=min max=max step=step data-testid=testid
                prop:value=move || co.day.with(|d| get(d).to_string()) on:change=on_change/>
        </label>
    }
}

/// An optional whole number (a quota): empty means automatic.
#[component]
fn QuotaField(
    co: Checkout,
    label: &'static str,
    testid: &'static str,
    get: fn(&BookingDay) -> Option<usize>,
    set: fn(&mut BookingDay, Option<usize>),
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim() {
            "" => co.day.update(|d| set(d, None)),
            t => match t.parse::<usize>() {
                Ok(q) if q > 0 => co.day.update(|d| set(d, Some(q))),
                _ => co.status.set(format!("{label}: “{text}” is not a whole number; leave it empty for automatic.")),
            },
        }
    };
    view! {
        <label class="field">
            {label}
            <input type="number" min="1" data-testid=testid on:change=on_change
                prop:value=move || co.day.with(|d| get(d).map(|q| q.to_string()).unwrap_or_default())/>
        </label>
    }
}

#[component]
pub fn Settings(co: Checkout) -> impl IntoView {
    let on_prices = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let prices: Result<Vec<f64>, _> = text
            .split([';', '/', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim().replace(',', ".").parse::<f64>())
            .collect();
        match prices {
            Ok(p) if !p.is_empty() && p.iter().all(|v| v.is_finite() && *v >= 0.0) => co.day.update(|d| d.prices = p),
            _ => co.status.set(format!(
                "Slot prices: “{text}” is not a list of prices (e.g. 3.99 2.99 4.99); kept the previous ones."
            )),
        }
    };
    let on_width = move |ev: leptos::ev::Event| {
        if let Ok(h) = event_target_value(&ev).parse::<f64>() {
            co.day.update(|d| d.slot_hours = h);
        }
    };
    let on_bookings = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            match crate::panels::import::read_file(&file).await {
                Some(bookings) => {
                    co.bookings.set(Some(bookings));
                    co.status.set(format!("{} will be replayed instead of generated customers.", file.name()));
                }
                None => co.status.set(format!("Could not read {}", file.name())),
            }
        });
    };
    view! {
            <div class="settings" data-testid="co-settings">
                <NumberField co=co label="Customers" testid="co-customers" min=1.0 max=5000.0 step="1"
                    get=|d| d.stream.customers as f64 set=|d, v| d.stream.customers = v as usize/>
                <NumberField co=co label="Booking horizon (hours before the cut-off)" testid="co-horizon" min=1.0 max=336.0 step="1"
                    get=|d| d.stream.horizon_hours set=|d, v| d.stream.horizon_hours = v/>
                <NumberField co=co label="Cut-off (hours before the day starts)" testid="co-cutoff" min=0.0 max=72.0 step="0.5"
                    get=|d| d.cutoff_hours set=|d, v| d.cutoff_hours = v/>
                <label class="field">
                    "Slot width"
                    <select data-testid="co-slot-hours" on:change=on_width
                        prop:value=move || co.day.with(|d| d.slot_hours.to_string())>
                        <option value="1">"1 hour"</option>
                        <option value="2">"2 hours"</option>
                        <option value="4">"4 hours"</option>
                    </select>
                </label>
                <label class="field">
                    "Slot prices, in slot order (the last repeats)"
                    <input type="text" data-testid="co-prices" on:change=on_prices
                        prop:value=move || co.day.with(|d| d.prices.iter().map(|p| format!("{p:.2}")).collect::<Vec<_>>().join(" "))/>
                </label>
                <div class="field-row">
                    <NumberField co=co label="Zone rows" testid="co-zone-rows" min=1.0 max=26.0 step="1"
                        get=|d| d.zone_rows as f64 set=|d, v| d.zone_rows = v as usize/>
                    <NumberField co=co label="Zone columns" testid="co-zone-cols" min=1.0 max=50.0 step="1"
                        get=|d| d.zone_cols as f64 set=|d, v| d.zone_cols = v as usize/>
                </div>
                <NumberField co=co label="Or postcode-like areas around where orders cluster (0: the grid)" testid="co-zone-areas"
                    min=0.0 max=60.0 step="1" get=|d| d.zone_areas as f64 set=|d, v| d.zone_areas = v as usize/>
    <QuotaField co=co label="Quota per slot (empty: the scenario's orders ÷ slots)" testid="co-quota"
                    get=|d| d.quota_per_slot set=|d, q| d.quota_per_slot = q/>
    <QuotaField co=co label="Quota per slot in each zone (empty: twice an even share)" testid="co-cell-quota"
                    get=|d| d.quota_per_cell set=|d, q| d.quota_per_cell = q/>
                <div class="field-row">
                    <NumberField co=co label="Discount" testid="co-discount" min=0.0 max=1000.0 step="0.01"
                        get=|d| d.discount set=|d, v| d.discount = v/>
                    <NumberField co=co label="Surcharge" testid="co-surcharge" min=0.0 max=1000.0 step="0.01"
                        get=|d| d.surcharge set=|d, v| d.surcharge = v/>
                </div>
                <details class="choice-model">
                    <summary>"Customers' choice model"</summary>
                    <NumberField co=co label="Utility of a slot that suits their taste" testid="co-taste" min=0.0 max=20.0 step="0.1"
                        get=|d| d.choice.taste set=|d, v| d.choice.taste = v/>
                    <NumberField co=co label="Price sensitivity (utility per currency unit)" testid="co-price-sensitivity" min=0.0 max=20.0 step="0.05"
                        get=|d| d.choice.price set=|d, v| d.choice.price = v/>
                    <NumberField co=co label="Utility of not buying" testid="co-no-purchase" min=-20.0 max=20.0 step="0.1"
                        get=|d| d.choice.no_purchase set=|d, v| d.choice.no_purchase = v/>
                </details>
                <NumberField co=co label="Seed" testid="co-seed" min=0.0 max=1e15 step="1"
                    get=|d| d.stream.seed as f64 set=|d, v| d.stream.seed = v as u64/>
                <label class="drop-zone small-drop">
                    <span>"Replay a bookings CSV (booked_at, lat, lon …) — "</span><u>"choose file"</u>
                    <input type="file" accept=".csv,.tsv,.txt" class="visually-hidden" data-testid="co-bookings" on:change=on_bookings/>
                </label>
                <button class="secondary small" data-testid="co-sample-bookings" on:click=move |_| {
                    spawn_local(async move {
                        match crate::app::fetch_text(SAMPLE_BOOKINGS).await {
                            Ok(text) => {
                                co.bookings.set(Some(FileText::new("lyon-bookings.csv", text)));
                                co.status.set("The sample bookings (Lyon, 400 customers) will be replayed.".to_string());
                            }
                            Err(e) => co.status.set(format!("Could not open the sample bookings: {e}")),
                        }
                    });
                }>"Or replay the sample bookings (Lyon)"</button>
                {move || co.bookings.get().map(|f| view! {
                    <p class="small-print" data-testid="co-replay">
                        {format!("Replaying {}", f.name)}" "
                        <button class="icon" data-testid="co-replay-clear" on:click=move |_| co.bookings.set(None)
                            title="Use generated customers again">"×"</button>
                    </p>
                })}
            </div>
        }
}

/// What the replayed bookings file had wrong, row by row.
#[component]
pub fn BookingIssues(co: Checkout) -> impl IntoView {
    move || {
        let issues = co.issues.get();
        (!issues.is_empty()).then(|| {
            let rows = issues
                .into_iter()
                .map(|i| {
                    let severity = if i.severity == Severity::Error { "error" } else { "warning" };
                    let field = i.field.clone();
                    view! {
                        <tr class=severity data-testid="co-issue" data-line=i.line data-field=field>
                            <td class="num">{i.line}</td><td>{i.field}</td><td>{i.message}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="issues">
                    <table class="grid"><thead><tr><th>"Line"</th><th>"Column"</th><th>"Problem (row left out)"</th></tr></thead>
                    <tbody>{rows}</tbody></table>
                </div>
            }
        })
    }
}
