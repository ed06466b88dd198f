//! The scorecard of each way of reacting to the day, side by side (one column per way, one row
//! per figure, as the engine words them), shown once the clock reaches the day's end.

use leptos::prelude::*;

use super::Day;

#[component]
pub fn Scorecards(day: Day) -> impl IntoView {
    let ended = move || day.span().is_some_and(|(_, end)| day.clock.get() >= end);
    let table = move || {
        day.answer.with(|a| {
            let a = a.as_ref()?;
            let names: Vec<String> = a.table.iter().map(|r| r.name.clone()).collect();
            let figures: Vec<String> =
                a.table.first().map(|r| r.rows.iter().map(|(f, _)| f.clone()).collect()).unwrap_or_default();
            let rows: Vec<(String, Vec<String>)> = figures
                .into_iter()
                .map(|figure| {
                    let values = a
                        .table
                        .iter()
                        .map(|r| r.rows.iter().find(|(f, _)| *f == figure).map(|(_, v)| v.clone()).unwrap_or_default())
                        .collect();
                    (figure, values)
                })
                .collect();
            Some((names, rows, a.routed))
        })
    };
    view! {
        <section class="day-table" aria-label="The day's scorecard">
            <Show when=ended fallback=move || view! {
                <p class="muted small-print">"The scorecard shows when the clock reaches the day's end."</p>
            }>
                {move || table().map(|(names, rows, routed)| view! {
                    <h3>"At the day's end "<span class="muted small-print" data-testid="day-routed" data-routed=routed>
                        {format!("({routed} orders planned)")}</span></h3>
                    <table class="grid" data-testid="day-table">
                        <thead><tr><th>"Figure"</th>{names.into_iter().map(|n| view! { <th data-testid="day-reaction">{n}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(figure, values)| { let name = figure.clone(); view! {
                                <tr data-testid="day-figure" data-figure=name>
                                    <th scope="row">{figure}</th>
                                    {values.into_iter().map(|v| view! { <td class="num">{v}</td> }).collect_view()}
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                })}
            </Show>
        </section>
    }
}
