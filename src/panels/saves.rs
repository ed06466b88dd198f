//! Scenarios saved in this browser: what autosave last did, and switching between saves.

use leptos::prelude::*;

use crate::workspace::Workspace;

#[component]
pub fn SavesPanel(ws: Workspace) -> impl IntoView {
    let (chosen, set_chosen) = signal(String::new());
    view! {
        <section class="saves" aria-label="Saved scenarios">
            <p class="save-note muted" data-testid="save-note">{move || ws.save_note.get()}</p>
            <Show when=move || !ws.save_problems.with(String::is_empty)>
                <p class="save-problems" role="alert" data-testid="save-problems">{move || ws.save_problems.get()}</p>
            </Show>
            <Show when=move || !ws.saves.with(Vec::is_empty)>
                <label class="field">
                    "Saved in this browser"
                    <select data-testid="saved-select" on:change=move |ev| set_chosen.set(event_target_value(&ev))>
                        <option value="">"Choose a saved scenario…"</option>
                        {move || ws.saves.get().into_iter().map(|name| {
                            let label = name.clone();
                            view! { <option value=name>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <div class="actions">
                    <button class="secondary" data-testid="saved-open" disabled=move || chosen.get().is_empty()
                        on:click=move |_| ws.open_saved(chosen.get_untracked())>"Open"</button>
                    <button class="secondary" data-testid="saved-delete" disabled=move || chosen.get().is_empty()
                        on:click=move |_| { ws.delete_saved(chosen.get_untracked()); set_chosen.set(String::new()); }>"Delete"</button>
                </div>
            </Show>
        </section>
    }
}
