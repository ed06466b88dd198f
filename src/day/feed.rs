//! What the control tower has said by the clock: the feed of events and alerts (newest first),
//! the alerts raised with their lead ("order X at risk, window closes in 40 min"), and the live
//! ETAs of the selected vehicle's stops to come, as the engine forecasts them at the clock (a
//! vehicle with none, back or broken down, is said to have no stops to come at that moment).

use leptos::prelude::*;

use super::Day;
use crate::units::{clock, duration};

/// Lines shown at most (the newest); the count says how many there are.
const SHOWN: usize = 200;

#[component]
pub fn Feed(day: Day) -> impl IntoView {
    let lines = move || {
        let now = day.clock.get();
        day.answer.with(|a| {
            let Some(a) = a else { return (0, Vec::new()) };
            let so_far = a.feed.partition_point(|(t, _)| *t <= now);
            let shown: Vec<(String, f64, String)> = a.feed[so_far.saturating_sub(SHOWN)..so_far]
                .iter()
                .rev()
                .map(|(t, text)| (clock(*t, a.planar), *t, text.clone()))
                .collect();
            (so_far, shown)
        })
    };
    view! {
        <section class="day-feed" aria-label="Event feed">
            <h3>"Feed "<span class="muted" data-testid="day-feed-count">{move || lines().0}</span></h3>
            <ol class="feed-lines" data-testid="day-feed">
                {move || lines().1.into_iter().map(|(time, t, text)| view! {
                    <li data-testid="day-feed-line" data-at=t><time>{time}</time>" "{text}</li>
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn Alerts(day: Day) -> impl IntoView {
    let alerts = move || {
        let now = day.clock.get();
        day.ws.scenario.with(|s| {
            let ids = s.as_ref().map_or(&[][..], |s| &s.order_ids[..]);
            day.answer.with(|a| {
                let Some(a) = a else { return (0, Vec::new()) };
                let raised: Vec<_> = a.alerts.iter().filter(|x| x.at <= now).collect();
                let shown = raised
                    .iter()
                    .rev()
                    .take(SHOWN)
                    .map(|x| {
                        let order = order_id(ids, &a.added, x.order);
                        let vehicle = a.routes.get(x.route).map(|r| r.vehicle.clone()).unwrap_or_default();
                        let lead = x.window_end - x.at;
                        let when = if lead > 0.0 {
                            format!("window closes in {}", duration(lead, a.planar))
                        } else {
                            format!("window closed {} ago", duration(-lead, a.planar))
                        };
                        (clock(x.at, a.planar), format!("order {order} at risk on {vehicle}, {when}"), x.late)
                    })
                    .collect::<Vec<_>>();
                (raised.len(), shown)
            })
        })
    };
    view! {
        <section class="day-alerts" aria-label="Alerts">
            <h3>"Alerts "<span class="muted" data-testid="day-alert-count">{move || alerts().0}</span></h3>
            <ol class="feed-lines" data-testid="day-alerts">
                {move || alerts().1.into_iter().map(|(time, text, late)| view! {
                    <li data-testid="day-alert" class:late=late title=if late { "It was late" } else { "It made it in time" }>
                        <time>{time}</time>" "{text}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The selected vehicle's stops to come, with the engine's forecast arrival at the clock.
#[component]
pub fn Etas(day: Day) -> impl IntoView {
    let vehicles = move || {
        day.answer.with(|a| {
            a.as_ref().map(|a| a.routes.iter().map(|r| r.vehicle.clone()).collect::<Vec<_>>()).unwrap_or_default()
        })
    };
    let on_vehicle = move |ev: leptos::ev::Event| {
        if let Ok(k) = event_target_value(&ev).parse::<usize>() {
            day.selected.set(Some(k));
        }
    };
    let rows = move || {
        let planar = day.answer.with(|a| a.as_ref().is_some_and(|a| a.planar));
        day.ws.scenario.with(|s| {
            let ids = s.as_ref().map_or(&[][..], |s| &s.order_ids[..]);
            let added = day.answer.with(|a| a.as_ref().map(|a| a.added.clone()).unwrap_or_default());
            day.etas.with(|m| {
                m.as_ref()
                    .map(|m| {
                        m.etas
                            .iter()
                            .map(|e| {
                                let id = order_id(ids, &added, e.0);
                                (id, clock(e.1, planar), clock(e.2, planar), e.1 > e.2)
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    };
    // Said in the table when the selected vehicle's forecast has no stop to come: its moment.
    let nothing_to_come = move || {
        let (planar, selected) = day.answer.with(|a| {
            let a = a.as_ref();
            let selected = day.selected.get().and_then(|k| a?.routes.get(k)).map(|r| r.vehicle.clone());
            (a.is_some_and(|a| a.planar), selected)
        });
        day.etas.with(|m| {
            m.as_ref()
                .filter(|m| m.etas.is_empty() && Some(&m.vehicle) == selected.as_ref())
                .map(|m| clock(m.at, planar))
        })
    };
    let asked_at = move || {
        let planar = day.answer.with(|a| a.as_ref().is_some_and(|a| a.planar));
        day.etas.with(|m| m.as_ref().map(|m| format!("forecast at {}", clock(m.at, planar))).unwrap_or_default())
    };
    view! {
        <section class="day-etas" aria-label="Live ETAs">
            <h3>"Live ETAs"</h3>
            <label class="field">
                "Vehicle"
                <select data-testid="day-vehicle" on:change=on_vehicle
                    prop:value=move || day.selected.get().map(|k| k.to_string()).unwrap_or_default()>
                    {move || vehicles().into_iter().enumerate().map(|(k, v)| view! {
                        <option value=k.to_string()>{v}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="muted small-print" data-testid="day-eta-at">{asked_at}</p>
            <div class="eta-scroll">
                <table class="grid" data-testid="day-etas">
                    <thead><tr><th>"Order"</th><th>"ETA"</th><th>"Window ends"</th></tr></thead>
                    <tbody>
                        {move || rows().into_iter().map(|(id, eta, end, risk)| view! {
                            <tr data-testid="day-eta" class:late=risk><td>{id}</td><td class="num">{eta}</td><td class="num">{end}</td></tr>
                        }).collect_view()}
                        {move || nothing_to_come().map(|at| view! {
                            <tr data-testid="day-eta-none"><td colspan="3" class="muted">
                                {format!("No stops to come for this vehicle at {at}")}
                            </td></tr>
                        })}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// An order's id: the scenario's, or a same-day order's after them.
fn order_id(ids: &[String], added: &[crate::protocol::AddedOrder], order: usize) -> String {
    match ids.get(order) {
        Some(id) => id.clone(),
        None => added.get(order - ids.len()).map_or_else(|| format!("#{order}"), |a| a.id.clone()),
    }
}
