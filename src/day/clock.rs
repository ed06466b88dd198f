//! The simulated clock: play, pause, step five minutes, a slider over the day, and the speed
//! (one minute per second up to one day per minute). Playing advances the clock by the real time
//! gone by × the speed, 20 times a second; it stops at the day's end.

use std::time::Duration;

use leptos::prelude::*;

use super::Day;
use crate::units::clock;

/// Speeds offered: simulated seconds per real second, and their name.
pub const SPEEDS: [(f64, &str); 5] =
    [(60.0, "1 min/s"), (300.0, "5 min/s"), (900.0, "15 min/s"), (1800.0, "30 min/s"), (1440.0, "1 day/min")];

/// One step of the step button, in seconds.
const STEP_S: f64 = 300.0;
const TICK_MS: u64 = 50;

#[component]
pub fn Clock(day: Day) -> impl IntoView {
    let interval = StoredValue::new_local(None::<IntervalHandle>);
    let last = StoredValue::new(0.0_f64);
    let stop = move || {
        if let Some(handle) = interval.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        if !day.playing.get() {
            stop();
            return;
        }
        last.set_value(js_sys::Date::now());
        let tick = move || {
            let now = js_sys::Date::now();
            let real = (now - last.get_value()).max(0.0) / 1000.0;
            last.set_value(now);
            let t = day.clock.get_untracked() + real * day.speed.get_untracked();
            day.set_clock(t);
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_millis(TICK_MS)) {
            stop();
            interval.set_value(Some(handle));
        }
    });
    on_cleanup(stop);
    let planar = move || day.answer.with(|a| a.as_ref().is_some_and(|a| a.planar));
    let span = move || day.span().unwrap_or((0.0, 1.0));
    let at_end = move || day.clock.get() >= span().1;
    let play = move |_| {
        if at_end() {
            day.clock.set(span().0);
        }
        day.playing.update(|p| *p = !*p);
    };
    let on_speed = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
            day.speed.set(v);
        }
    };
    view! {
        <div class="day-clock" data-testid="day-clock">
            <div class="day-clock-face">
                <span class="day-time" data-testid="day-time" data-seconds=move || format!("{:.0}", day.clock.get())>
                    {move || clock(day.clock.get(), planar())}
                </span>
                <span class="muted small-print">
                    {move || { let (a, b) = span(); format!("day {} – {}", clock(a, planar()), clock(b, planar())) }}
                </span>
            </div>
            <input type="range" class="day-scrub" data-testid="day-scrub" aria-label="Clock"
                min=move || span().0 max=move || span().1 step="60"
                prop:value=move || day.clock.get().to_string()
                on:input=move |ev| { if let Ok(t) = event_target_value(&ev).parse::<f64>() { day.set_clock(t) } }/>
            <div class="actions">
                <button class="primary" data-testid="day-play" on:click=play>
                    {move || if day.playing.get() { "Pause" } else { "Play" }}
                </button>
                <button class="secondary" data-testid="day-step" title="Five minutes on"
                    on:click=move |_| day.set_clock(day.clock.get_untracked() + STEP_S)>"+5 min"</button>
                <button class="secondary" data-testid="day-end" title="To the day's end"
                    on:click=move |_| day.set_clock(span().1)>"End"</button>
                <label class="day-speed">
                    "Speed "
                    <select data-testid="day-speed" on:change=on_speed prop:value=move || day.speed.get().to_string()>
                        {SPEEDS.iter().map(|(v, name)| view! { <option value=v.to_string()>{*name}</option> }).collect_view()}
                    </select>
                </label>
            </div>
        </div>
    }
}
