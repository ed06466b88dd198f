//! Slot × zone availability through the booking day: which slots a standard order in each zone
//! would be offered at each moment, animated over the horizon.

use leptos::prelude::*;

use super::Checkout;

#[component]
pub fn Heatmap(co: Checkout) -> impl IntoView {
    let playing = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<gloo::timers::callback::Interval>);
    let frames = move || {
        co.result.with(|r| {
            r.as_ref().and_then(|r| r.comparison.outcomes.get(co.policy.get())).map_or(0, |o| o.availability.len())
        })
    };
    let play = move |_| {
        if playing.get_untracked() {
            playing.set(false);
            timer.set_value(None);
            return;
        }
        if co.moment.get_untracked() + 1 >= frames() {
            co.moment.set(0);
        }
        playing.set(true);
        let interval = gloo::timers::callback::Interval::new(350, move || {
            let next = co.moment.get_untracked() + 1;
            if next >= frames() {
                playing.set(false);
                timer.set_value(None);
            } else {
                co.moment.set(next);
            }
        });
        timer.set_value(Some(interval));
    };
    let grid = move || {
        co.with_frame(|c, outcome, frame| {
            let open_cells: usize = frame.open.iter().map(|row| row.iter().filter(|&&o| o).count()).sum();
            let header = c.zones.iter().map(|z| view! { <th class="num">{z.clone()}</th> }).collect_view();
            // Open cells cost more than 1.5 × the frame's median marginal cost are "dear" (they
            // usually open another vehicle).
            let mut costs: Vec<f64> = frame.cost.iter().flatten().flatten().copied().collect();
            costs.sort_by(f64::total_cmp);
            let dear = costs.get(costs.len() / 2).map_or(f64::INFINITY, |m| 1.5 * m.max(0.01));
            let rows = c
                .slots
                .iter()
                .zip(frame.open.iter().zip(&frame.cost))
                .map(|(slot, (open, cost))| {
                    let cells = open
                        .iter()
                        .zip(cost.iter().chain(std::iter::repeat(&None)))
                        .zip(&c.zones)
                        .map(|((&o, &cost), zone)| {
                            let is_dear = cost.is_some_and(|v| v > dear);
                            let (mark, said) = match (o, cost) {
                                (false, _) => (String::new(), "closed".to_string()),
                                (true, Some(v)) => (format!("{v:.1}"), format!("open, marginal cost {v:.2}")),
                                (true, None) => ("✓".to_string(), "open".to_string()),
                            };
                            view! {
                                <td class="heat-cell" class:open=o class:dear=is_dear data-testid="heat-cell"
                                    data-open=o.to_string() title=format!("{} in zone {}: {said}", slot.label, zone)>
                                    {mark}
                                </td>
                            }
                        })
                        .collect_view();
                    view! { <tr><th>{slot.label.clone()}</th>{cells}</tr> }
                })
                .collect_view();
            Some(view! {
                <p class="small-print">
                    <strong data-testid="heat-when">{frame.when.clone()}</strong>
                    {format!(" — {open_cells} of {} slot × zone cells open under {}", c.slots.len() * c.zones.len(), outcome.policy)}
                </p>
                <p class="small-print muted">"Numbers: the marginal cost of a standard order there (amber: dear, usually another vehicle); empty: closed."</p>
                <table class="grid heatmap" data-testid="heatmap" data-open-cells=open_cells>
                    <thead><tr><th>"Slot \\ zone"</th>{header}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })
        })
        .flatten()
    };
    view! {
        <section class="heat" aria-label="Slot availability by zone">
            <h2 class="panel-title">"Availability through the booking day"</h2>
            <div class="actions heat-controls">
                <button class="secondary small" data-testid="heat-play" on:click=play>
                    {move || if playing.get() { "Pause" } else { "Play" }}
                </button>
                <input type="range" min="0" data-testid="heat-moment" aria-label="Moment of the booking horizon"
                    prop:max=move || frames().saturating_sub(1).to_string()
                    prop:value=move || co.moment.get().to_string()
                    on:input=move |ev| {
                        if let Ok(k) = event_target_value(&ev).parse::<usize>() { co.moment.set(k) }
                    }/>
            </div>
            {grid}
        </section>
    }
}
