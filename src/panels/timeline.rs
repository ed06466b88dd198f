//! The timeline: one row per route across the working day, with each stop's service, the waiting
//! before it, its window, the break and the shift's end. Drawn on a canvas so a day of 2,000
//! stops stays light; a legend under it says what each mark means. What breaks a constraint is
//! in the violation colour: a late stop, the work past the shift end, a late break, and the
//! route's name.

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::palette::{canvas_colour, read_tokens, token};
use crate::protocol::SolveResult;
use crate::units::clock;
use crate::workspace::Workspace;

const ROW: f64 = 22.0;
const LABEL: f64 = 120.0;
const AXIS: f64 = 18.0;

#[component]
pub fn Timeline(ws: Workspace) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else { return };
        let (rows, broken) = ws.result.with(|r| r.as_ref().map(|r| draw(&canvas, r)).unwrap_or((0, 0)));
        let _ = canvas.set_attribute("data-rows", &rows.to_string());
        let _ = canvas.set_attribute("data-broken-rows", &broken.to_string());
    });
    view! {
        <canvas node_ref=canvas class="timeline" data-testid="timeline" data-rows="0" data-broken-rows="0" width="900" height="120"
            aria-label="Timeline of every route: service, waiting, windows, breaks and shift ends"></canvas>
        <ul class="timeline-legend" data-testid="timeline-legend">
            <li><span class="mark service"></span>"service (route colour)"</li>
            <li><span class="mark waiting"></span>"waiting"</li>
            <li><span class="mark window"></span>"time window"</li>
            <li><span class="mark rest"></span>"break"</li>
            <li><span class="mark shift-end"></span>"shift end"</li>
            <li><span class="mark broken"></span>"late or over shift"</li>
        </ul>
    }
}

/// Draws the result's routes; returns the number of rows drawn, and of those breaking a constraint.
fn draw(canvas: &web_sys::HtmlCanvasElement, result: &SolveResult) -> (usize, usize) {
    let routes = &result.report.routes;
    let width = canvas.parent_element().map(|p| p.client_width() as f64).filter(|w| *w > 200.0).unwrap_or(900.0);
    let height = AXIS + ROW * routes.len().max(1) as f64 + 4.0;
    canvas.set_width(width as u32);
    canvas.set_height(height as u32);
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return (0, 0);
    };
    ctx.clear_rect(0.0, 0.0, width, height);
    if routes.is_empty() {
        return (0, 0);
    }
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let tokens = read_tokens(style.as_ref());
    let violation = token(style.as_ref(), "--violation", "#b42318");
    let start = routes.iter().map(|r| r.start.min(r.shift[0])).fold(f64::INFINITY, f64::min);
    let end = routes.iter().map(|r| r.end.max(r.off_duty)).fold(f64::NEG_INFINITY, f64::max).max(start + 1.0);
    // Shift ends shown when they fall within an hour of the day drawn.
    let end = routes.iter().map(|r| r.shift[1]).filter(|&t| t <= end + 3600.0).fold(end, f64::max);
    let x = |t: f64| LABEL + (t - start) / (end - start) * (width - LABEL - 8.0);
    ctx.set_font("11px system-ui, sans-serif");
    // Hour ticks (or tenths of the span for planar files).
    let step = if result.planar { ((end - start) / 10.0).max(1.0) } else { 3600.0 };
    ctx.set_fill_style_str("#5b6576");
    ctx.set_stroke_style_str("#d8dde5");
    let mut tick = (start / step).ceil() * step;
    while tick <= end {
        ctx.begin_path();
        ctx.move_to(x(tick), AXIS - 4.0);
        ctx.line_to(x(tick), height);
        ctx.stroke();
        let _ = ctx.fill_text(&clock(tick, result.planar), x(tick) + 2.0, 11.0);
        tick += step;
    }
    let mut broken = 0;
    for (k, route) in routes.iter().enumerate() {
        let top = AXIS + ROW * k as f64;
        let colour = canvas_colour(k, &tokens);
        let is_broken = !route.violations.is_empty();
        broken += usize::from(is_broken);
        ctx.set_fill_style_str(if is_broken { violation.as_str() } else { "#1d2430" });
        let label = if is_broken { format!("⚠ {}", route.vehicle) } else { route.vehicle.clone() };
        let _ = ctx.fill_text(&label, 4.0, top + 14.0);
        // The working span, thin.
        ctx.set_fill_style_str("#e6e9ef");
        ctx.fill_rect(x(route.start), top + 9.0, x(route.end) - x(route.start), 4.0);
        for visit in &route.visits {
            // Window: a thin line above the bar.
            ctx.set_fill_style_str("#9aa4b5");
            ctx.fill_rect(x(visit.window[0]), top + 3.0, (x(visit.window[1]) - x(visit.window[0])).max(1.0), 2.0);
            if visit.waiting > 0.0 {
                ctx.set_fill_style_str("#f2d7a6");
                ctx.fill_rect(x(visit.arrival), top + 7.0, x(visit.start) - x(visit.arrival), 8.0);
            }
            ctx.set_fill_style_str(if visit.late { violation.as_str() } else { colour.as_str() });
            ctx.fill_rect(x(visit.start), top + 6.0, (x(visit.departure) - x(visit.start)).max(1.5), 10.0);
        }
        if let Some(rest) = &route.rest {
            let late = route.violations.iter().any(|v| v.code == "late_break");
            ctx.set_fill_style_str(if late { violation.as_str() } else { "#5b6576" });
            ctx.fill_rect(x(rest.start), top + 6.0, (x(rest.end) - x(rest.start)).max(1.5), 10.0);
        }
        // The shift's end: a tick; work past it in the violation colour.
        let shift_end = route.shift[1];
        if shift_end <= end {
            ctx.set_fill_style_str("#1d2430");
            ctx.fill_rect(x(shift_end) - 1.0, top + 2.0, 2.0, 18.0);
        }
        if route.overtime > 0.0 {
            ctx.set_fill_style_str(violation.as_str());
            ctx.fill_rect(x(shift_end), top + 8.0, x(route.off_duty) - x(shift_end), 6.0);
        }
    }
    (routes.len(), broken)
}
