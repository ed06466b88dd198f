//! What each customer was offered and chose, under the policy shown.

use leptos::prelude::*;

use super::Checkout;

/// Rows drawn at most (the CSV export has them all).
const SHOWN: usize = 500;

#[component]
pub fn OfferLog(co: Checkout) -> impl IntoView {
    let table = move || {
        co.result.with(|r| {
            let r = r.as_ref()?;
            let c = &r.comparison;
            let outcome = c.outcomes.get(co.policy.get())?;
            let label = |s: usize| c.slots.get(s).map_or_else(|| s.to_string(), |v| v.label.clone());
            let rows = outcome
                .log
                .iter()
                .take(SHOWN)
                .map(|entry| {
                    let offered = entry
                        .offered
                        .iter()
                        .map(|o| format!("{} @ {:.2}", label(o.slot), o.price))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let closed = entry
                        .closed
                        .iter()
                        .map(|(s, why)| format!("{}: {why}", label(*s)))
                        .collect::<Vec<_>>()
                        .join("; ");
                    let chose = match (entry.chose, entry.offered.is_empty()) {
                        (Some(s), _) => label(s),
                        (None, true) => "— (nothing offered)".to_string(),
                        (None, false) => "— (did not buy)".to_string(),
                    };
                    view! {
                        <tr data-testid="offer-row" data-chose=entry.chose.map(|s| s.to_string()).unwrap_or_default()
                            data-offered=entry.offered.len()>
                            <td>{entry.customer.clone()}</td>
                            <td class="num">{entry.when.clone()}</td>
                            <td>{entry.zone.clone()}</td>
                            <td>{format!("{:?}", entry.taste).to_lowercase()}</td>
                            <td>{offered}</td>
                            <td>{chose}</td>
                            <td class="small-print">{closed}</td>
                        </tr>
                    }
                })
                .collect_view();
            let note = (outcome.log.len() > SHOWN).then(|| {
                format!("The first {SHOWN} of {} customers; the offer log CSV has them all.", outcome.log.len())
            });
            Some(view! {
                <div class="offer-log">
                    <table class="grid" data-testid="offer-log">
                        <thead><tr><th>"Customer"</th><th>"Booked"</th><th>"Zone"</th><th>"Prefers"</th>
                            <th>"Offered (slot @ price)"</th><th>"Chose"</th><th>"Closed, and why"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    {note.map(|n| view! { <p class="muted small-print">{n}</p> })}
                </div>
            })
        })
    };
    view! {
        <section aria-label="Offer log">
            <h2 class="panel-title">"Offer log"</h2>
            {table}
        </section>
    }
}
