//! The day's setup: its seed, how rough it is, a breakdown (a vehicle of the plan at a time; by
//! default the longest route at 11:00), traffic incidents and cancellations drawn from the seed,
//! same-day orders and same-day collections drawn from the seed, and an events file. Every change
//! is kept in localStorage.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Day;
use crate::protocol::{DaySetup, FailedDelivery, Roughness, ScheduledBreakdown};

/// When a breakdown happens unless the planner says otherwise.
const DEFAULT_BREAKDOWN_AT: &str = "11:00";

/// The vehicle of the plan's longest route (by working time), the default one to break down.
fn longest_route(day: Day) -> Option<String> {
    day.ws.result.with(|r| {
        let routes = &r.as_ref()?.report.routes;
        routes
            .iter()
            .filter(|r| !r.stops.is_empty())
            .max_by(|a, b| a.duration.total_cmp(&b.duration))
            .map(|r| r.vehicle.clone())
    })
}

/// A whole-number field bound to one setting; unreadable input keeps the old value and says so.
#[component]
fn CountField(
    day: Day,
    label: &'static str,
    testid: &'static str,
    max: usize,
    get: fn(&DaySetup) -> usize,
    set: fn(&mut DaySetup, usize),
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<usize>() {
            Ok(n) if n <= max => day.change(|s| set(s, n)),
            _ => day
                .status
                .set(format!("{label}: “{text}” is not a whole number from 0 to {max}; kept the previous value.")),
        }
    };
    view! {
        <label class="field">
            {label}
            <input type="number" min="0" max=max step="1" data-testid=testid
                prop:value=move || day.setup.with(|s| get(s).to_string()) on:change=on_change/>
        </label>
    }
}

#[component]
pub fn Settings(day: Day) -> impl IntoView {
    // A breakdown of a vehicle the plan no longer uses moves to the longest route.
    Effect::new(move |_| {
        let vehicles: Vec<String> = day.plan_routes().unwrap_or_default().into_iter().map(|r| r.vehicle).collect();
        let known = day.setup.with_untracked(|s| s.breakdown.as_ref().is_none_or(|b| vehicles.contains(&b.vehicle)));
        if !known {
            if let Some(vehicle) = longest_route(day) {
                day.change(|s| {
                    s.breakdown = Some(ScheduledBreakdown { vehicle, at: DEFAULT_BREAKDOWN_AT.to_string() })
                });
            }
        }
    });
    let vehicles = move || day.plan_routes().unwrap_or_default().into_iter().map(|r| r.vehicle).collect::<Vec<_>>();
    let on_seed = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match text.trim().parse::<u64>() {
            Ok(seed) => day.change(|s| s.seed = seed),
            Err(_) => day.status.set(format!("Seed: “{text}” is not a whole number; kept the previous one.")),
        }
    };
    let on_roughness = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(r) = Roughness::ALL.into_iter().find(|r| r.name() == name) {
            day.change(|s| s.roughness = r);
        }
    };
    let on_breakdown = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            let vehicle = longest_route(day).unwrap_or_default();
            day.change(|s| s.breakdown = Some(ScheduledBreakdown { vehicle, at: DEFAULT_BREAKDOWN_AT.to_string() }));
        } else {
            day.change(|s| s.breakdown = None);
        }
    };
    let on_vehicle = move |ev: leptos::ev::Event| {
        let vehicle = event_target_value(&ev);
        day.change(|s| {
            if let Some(b) = s.breakdown.as_mut() {
                b.vehicle = vehicle;
            }
        });
    };
    let on_time = move |ev: leptos::ev::Event| {
        let at = event_target_value(&ev).trim().to_string();
        day.change(|s| {
            if let Some(b) = s.breakdown.as_mut() {
                b.at = at;
            }
        });
    };
    // The engine's ways of reacting, by name (the table compares them all).
    let ways: Vec<String> = lastmile_solver::simulation::Reaction::compared(0).iter().map(|r| r.name()).collect();
    let on_watch = move |ev: leptos::ev::Event| {
        if let Ok(k) = event_target_value(&ev).parse::<usize>() {
            day.change(|s| s.watch = k);
        }
    };
    let on_failed = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(policy) = FailedDelivery::ALL.into_iter().find(|p| p.name() == name) {
            day.change(|s| s.failed_delivery = policy);
        }
    };
    // An events file, kept with the setup and read by the engine when the day runs.
    let on_events = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|list| list.get(0)) else { return };
        // Cleared, so that choosing the same file again (after fixing it) reads it again.
        input.set_value("");
        leptos::task::spawn_local(async move {
            match crate::panels::import::read_file(&file).await {
                Some(text) => {
                    let name = text.name.clone();
                    day.change(|s| s.events = Some(text));
                    day.status.set(format!("{name} is the day's events file: it is read when the day runs."));
                }
                None => day.status.set(format!("Could not read {}; the day's setup is unchanged.", file.name())),
            }
        });
    };
    let events_name = move || day.setup.with(|s| s.events.as_ref().map(|f| f.name.clone()));
    let has_breakdown = move || day.setup.with(|s| s.breakdown.is_some());
    let breakdown_vehicle =
        move || day.setup.with(|s| s.breakdown.as_ref().map(|b| b.vehicle.clone()).unwrap_or_default());
    view! {
        <div class="settings" data-testid="day-settings">
            <label class="field">
                "Seed (the same seed, the same day)"
                <input type="number" min="0" step="1" data-testid="day-seed"
                    prop:value=move || day.setup.with(|s| s.seed.to_string()) on:change=on_seed/>
            </label>
            <label class="field">
                "How rough the day is"
                <select data-testid="day-roughness" on:change=on_roughness
                    prop:value=move || day.setup.with(|s| s.roughness.name())>
                    <option value="calm">"Calm: times close to the plan's"</option>
                    <option value="normal">"Normal: ±15 % travel, ±25 % service, rush hours"</option>
                    <option value="rough">"Rough: ±30 % travel, ±45 % service, heavy rush hours"</option>
                </select>
            </label>
            <fieldset class="day-breakdown">
                <legend>
                    <label>
                        <input type="checkbox" data-testid="day-breakdown" prop:checked=has_breakdown on:change=on_breakdown/>
                        " A vehicle breaks down"
                    </label>
                </legend>
                <div class="field-row">
                    <label class="field">
                        "Vehicle"
                        <select data-testid="day-breakdown-vehicle" on:change=on_vehicle disabled=move || !has_breakdown()
                            prop:value=breakdown_vehicle>
                            {move || vehicles().into_iter().map(|v| {
                                let selected = v == breakdown_vehicle();
                                view! { <option value=v.clone() selected=selected>{v.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field">
                        "At (HH:MM)"
                        <input type="text" inputmode="numeric" data-testid="day-breakdown-at" disabled=move || !has_breakdown()
                            prop:value=move || day.setup.with(|s| s.breakdown.as_ref().map(|b| b.at.clone()).unwrap_or_default())
                            on:change=on_time/>
                    </label>
                </div>
            </fieldset>
            <div class="field-row">
                <CountField day=day label="Traffic incidents" testid="day-incidents" max=50
                    get=|s| s.incidents set=|s, n| s.incidents = n/>
                <CountField day=day label="Cancellations" testid="day-cancellations" max=500
                    get=|s| s.cancellations set=|s, n| s.cancellations = n/>
            </div>
            <div class="field-row">
                <CountField day=day label="Same-day orders (placed through the day, due 4 hours later)" testid="day-same-day"
                    max=2000 get=|s| s.same_day_orders set=|s, n| s.same_day_orders = n/>
                <CountField day=day label="Same-day collections (a shop asks for goods to be fetched within 4 hours)"
                    testid="day-collections" max=2000 get=|s| s.same_day_collections set=|s, n| s.same_day_collections = n/>
            </div>
            <div class="field-row day-events">
                <label class="field">
                    "Events file (JSON, as for lastmile simulate --events): breakdowns, cancellations, customers out, traffic, same-day orders, collections and shipments at their times"
                    <input type="file" accept=".json,application/json" data-testid="day-events-file" on:change=on_events/>
                </label>
                {move || events_name().map(|name| view! {
                    <span class="events-name" data-testid="day-events-name">{name}</span>
                    <button data-testid="day-events-clear" on:click=move |_| day.change(|s| s.events = None)>
                        "Remove"
                    </button>
                })}
            </div>
            <div class="field-row">
                <label class="field">
                    "When nobody is in"
                    <select data-testid="day-failed-delivery" on:change=on_failed
                        prop:value=move || day.setup.with(|s| s.failed_delivery.name())>
                        <option value="next-day">"Back to the depot, another day"</option>
                        <option value="reattempt">"Try again later on the run"</option>
                        <option value="locker">"Leave it at the nearest parcel locker"</option>
                    </select>
                </label>
                <CountField day=day label="Second attempt after (min)" testid="day-reattempt-after" max=600
                    get=|s| s.reattempt_after_min set=|s, n| s.reattempt_after_min = n/>
            </div>
            <label class="field">
                "Watch the day as the control tower reacts"
                <select data-testid="day-watch" on:change=on_watch prop:value=move || day.setup.with(|s| s.watch.to_string())>
                    {ways.into_iter().enumerate().map(|(k, name)| view! { <option value=k.to_string()>{name}</option> }).collect_view()}
                </select>
            </label>
        </div>
    }
}
