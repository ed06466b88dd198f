//! While solving: a progress bar, elapsed time, the best plan so far and a live convergence chart.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::protocol::ProgressPoint;
use crate::units;
use crate::workspace::Workspace;

#[component]
pub fn ProgressPanel(ws: Workspace) -> impl IntoView {
    let share = move || {
        let limit = ws.time_limit.get() * 1000.0;
        let elapsed = ws.progress.with(|p| p.last().map_or(0.0, |p| p.elapsed_ms));
        if ws.solving.get() {
            (ws.elapsed_ms.get().max(elapsed) / limit.max(1.0)).clamp(0.0, 1.0)
        } else if ws.progress.with(Vec::is_empty) {
            0.0
        } else {
            1.0
        }
    };
    let best = move || ws.progress.with(|p| p.last().copied());
    // Benchmark (x/y) files count cost in distance units; real-world scenarios in currency.
    let planar = move || ws.plan.with(|p| p.as_ref().is_some_and(|p| p.planar));
    let best_distance = move || ws.plan.with(|p| p.as_ref().map(|p| units::distance(p.distance, p.planar)));
    view! {
        <section class="progress" aria-label="Search progress">
            <div class="progress-bar" data-testid="progress-bar" role="progressbar"
                aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || format!("{:.0}", share() * 100.0)>
                <div class="progress-fill" style:width=move || format!("{:.1}%", share() * 100.0)></div>
            </div>
            {move || best().map(|p| view! {
                <dl class="summary" data-testid="best-so-far">
                    <dt>"Elapsed"</dt><dd data-testid="best-elapsed">{units::elapsed(ws.elapsed_ms.get().max(p.elapsed_ms))}</dd>
                    <dt>{if planar() { "Best cost (distance)" } else { "Best cost" }}</dt>
                    <dd data-testid="best-cost">{units::money(p.cost, "")}</dd>
                    <dt>"Distance"</dt><dd data-testid="best-distance">{best_distance()}</dd>
                    <dt>"Vehicles"</dt><dd data-testid="best-vehicles">{p.vehicles}</dd>
                    <dt>"Unassigned"</dt><dd data-testid="best-unassigned">{p.unassigned}</dd>
                </dl>
            })}
            <ConvergenceChart points=ws.progress/>
        </section>
    }
}

/// Best cost over time, one step per improvement.
#[component]
fn ConvergenceChart(points: RwSignal<Vec<ProgressPoint>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        points.with(|points| draw(&canvas, points));
        let _ = canvas.set_attribute("data-points", &points.with(Vec::len).to_string());
    });
    view! {
        <canvas node_ref=canvas class="convergence" width="320" height="120" data-testid="convergence"
            data-points="0" aria-label="Convergence: best cost over time"></canvas>
    }
}

fn draw(canvas: &web_sys::HtmlCanvasElement, points: &[ProgressPoint]) {
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.clear_rect(0.0, 0.0, w, h);
    // Only plans with the final fleet and coverage are comparable by cost.
    let Some(last) = points.last() else { return };
    let comparable: Vec<&ProgressPoint> =
        points.iter().filter(|p| p.unassigned == last.unassigned && p.vehicles == last.vehicles).collect();
    let t_max = last.elapsed_ms.max(1.0);
    let (lo, hi) =
        comparable.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.cost), hi.max(p.cost)));
    let span = (hi - lo).max(hi.abs() * 1e-3).max(1e-9);
    let pad = 8.0;
    let x = |t: f64| pad + (t / t_max) * (w - 2.0 * pad);
    let y = |c: f64| pad + (1.0 - (c - lo) / span) * (h - 2.0 * pad);
    ctx.set_stroke_style_str("#1f6feb");
    ctx.set_line_width(2.0);
    ctx.begin_path();
    for (i, p) in comparable.iter().enumerate() {
        if i == 0 {
            ctx.move_to(x(p.elapsed_ms), y(p.cost));
        } else {
            ctx.line_to(x(p.elapsed_ms), y(comparable[i - 1].cost));
            ctx.line_to(x(p.elapsed_ms), y(p.cost));
        }
    }
    ctx.line_to(x(t_max), y(last.cost));
    ctx.stroke();
    ctx.set_fill_style_str("#5b6576");
    ctx.set_font("11px system-ui, sans-serif");
    let _ = ctx.fill_text(&format!("cost {}", units::money(hi, "")), pad, 12.0);
    let _ = ctx.fill_text(&format!("cost {}  ({} vehicles)", units::money(lo, ""), last.vehicles), pad, h - 2.0);
}
