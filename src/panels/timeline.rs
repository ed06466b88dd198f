//! The timeline: one row per route across the working day, with each stop's service, the waiting
//! before it, its window, the break and the shift's end. Drawn on a canvas the size of the view
//! that paints only the rows in view (a spacer gives the scroll box the height of every row), so
//! a day of 10,000 stops stays light; a legend under it says what each mark means. A vehicle that
//! makes several trips shows each reload at the depot between them as a dark bar from its arrival
//! there to its departure. What breaks a
//! constraint is in the violation colour: a late stop, the work past the shift end, a late break,
//! and the route's name.
//!
//! Clicking a row selects its route (as the route list does); the selected route is shaded, and
//! selecting a route elsewhere scrolls the timeline to it. The canvas reports `data-rows` (rows
//! in the timeline), `data-broken-rows` (of those, rows breaking a constraint), `data-reloads`
//! (reloads between trips in the plan) and `data-rows-drawn` (rows painted in view).

use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use super::rows::scroll_to;
use crate::palette::{canvas_colour, read_tokens, token};
use crate::protocol::SolveResult;
use crate::units::clock;
use crate::workspace::Workspace;

const ROW: f64 = 22.0;
const LABEL: f64 = 120.0;
const AXIS: f64 = 18.0;
/// A reload's bar: the depot's colour on the map (and the legend's `.mark.reload`).
const RELOAD: &str = "#111111";
/// The canvas's height before the box is measured.
const VIEW_GUESS: f64 = 300.0;

/// The height of the whole timeline of `rows` rows, in CSS pixels.
fn full_height(rows: usize) -> f64 {
    AXIS + ROW * rows.max(1) as f64 + 4.0
}

/// The rows in view when the timeline is scrolled to `top` in a view `view` pixels high.
fn rows_in_view(top: f64, view: f64, rows: usize) -> std::ops::Range<usize> {
    let first = ((top.max(0.0) / ROW).floor() as usize).min(rows);
    let last = (((top.max(0.0) + (view - AXIS).max(0.0)) / ROW).ceil() as usize).min(rows);
    first..last.max(first)
}

#[component]
pub fn Timeline(ws: Workspace) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let canvas = NodeRef::<Canvas>::new();
    let top = RwSignal::new(0.0);
    let view_height = RwSignal::new(0.0);
    let count = Memo::new(move |_| ws.result.with(|r| r.as_ref().map_or(0, |r| r.report.routes.len())));
    let broken = Memo::new(move |_| {
        ws.result
            .with(|r| r.as_ref().map_or(0, |r| r.report.routes.iter().filter(|r| !r.violations.is_empty()).count()))
    });
    let reloads = Memo::new(move |_| {
        ws.result.with(|r| r.as_ref().map_or(0, |r| r.report.routes.iter().map(|r| r.reloads.len()).sum::<usize>()))
    });
    let measure = move || {
        // Also called from animation frames, after which the timeline may have gone.
        if let Some(el) = scroller.try_get_untracked().flatten() {
            top.try_set(el.scroll_top() as f64);
            view_height.try_set(el.client_height() as f64);
        }
    };
    // Painted in an animation frame, once per frame, after whatever changed.
    let frame_requested = StoredValue::new(false);
    Effect::new(move |_| {
        ws.result.track();
        ws.selected_route.track();
        top.track();
        view_height.track();
        if frame_requested.get_value() {
            return;
        }
        frame_requested.set_value(true);
        request_animation_frame(move || {
            if frame_requested.try_set_value(false).is_some() {
                return;
            }
            let (Some(canvas), Some(el)) =
                (canvas.try_get_untracked().flatten(), scroller.try_get_untracked().flatten())
            else {
                return;
            };
            let view = Some(el.client_height() as f64).filter(|h| *h > 0.0).unwrap_or(VIEW_GUESS);
            let width = Some(el.client_width() as f64).filter(|w| *w > 200.0).unwrap_or(900.0);
            let selected = ws.selected_route.get_untracked();
            let drawn = ws.result.with_untracked(|r| {
                r.as_ref().map_or(0, |r| paint(&canvas, r, el.scroll_top() as f64, width, view, selected))
            });
            let _ = canvas.set_attribute("data-rows-drawn", &drawn.to_string());
        });
    });
    Effect::new(move |_| {
        // After the box is laid out: its size.
        count.track();
        request_animation_frame(measure);
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    // A route selected elsewhere (the list, the map) scrolls into view.
    Effect::new(move |_| {
        let Some(k) = ws.selected_route.get() else { return };
        count.track();
        request_animation_frame(move || {
            let Some(el) = scroller.try_get_untracked().flatten() else { return };
            let (now, view) = (el.scroll_top() as f64, el.client_height() as f64);
            if let Some(target) = scroll_to(k, now, view, AXIS, ROW, true) {
                el.set_scroll_top(target.round() as i32);
                measure();
            }
        });
    });
    let click = move |ev: leptos::ev::MouseEvent| {
        let y = ev.offset_y() as f64;
        if y < AXIS {
            return;
        }
        let k = ((y - AXIS + top.get_untracked()) / ROW).floor() as usize;
        if k < count.get_untracked() {
            ws.selected_route.set(Some(k));
        }
    };
    view! {
        <div class="timeline-scroll" node_ref=scroller on:scroll=move |_| measure()>
            <div class="timeline-spacer" style:height=move || format!("{:.0}px", full_height(count.get()))>
                <canvas node_ref=canvas class="timeline" data-testid="timeline" data-rows=count data-broken-rows=broken
                    data-reloads=reloads
                    data-rows-drawn="0" width="900" height="120" on:click=click
                    aria-label="Timeline of every route: service, waiting, windows, breaks and shift ends; click a row to select its route"></canvas>
            </div>
        </div>
        <ul class="timeline-legend" data-testid="timeline-legend">
            <li><span class="mark service"></span>"service (route colour)"</li>
            <li><span class="mark waiting"></span>"waiting"</li>
            <li><span class="mark window"></span>"time window"</li>
            <li><span class="mark rest"></span>"break"</li>
            {move || (reloads.get() > 0).then(|| view! {
                <li data-testid="legend-reload"><span class="mark reload"></span>"reload at a depot, between trips"</li>
            })}
            <li><span class="mark shift-end"></span>"shift end"</li>
            <li><span class="mark broken"></span>"late or over shift"</li>
        </ul>
    }
}

/// Paints the rows of the result in view, the timeline scrolled to `top`, on a canvas `width`
/// wide and as high as the view (or the whole timeline, if shorter); returns the rows painted.
fn paint(
    canvas: &web_sys::HtmlCanvasElement,
    result: &SolveResult,
    top: f64,
    width: f64,
    view: f64,
    selected: Option<usize>,
) -> usize {
    let routes = &result.report.routes;
    let height = full_height(routes.len()).min(view).floor();
    // Resizing clears the canvas: only when the size changes.
    if canvas.width() != width as u32 || canvas.height() != height as u32 {
        canvas.set_width(width as u32);
        canvas.set_height(height as u32);
    }
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return 0;
    };
    ctx.clear_rect(0.0, 0.0, width, height);
    if routes.is_empty() {
        return 0;
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
    // The rows, under the axis.
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, AXIS, width, height - AXIS);
    ctx.clip();
    let shown = rows_in_view(top, height, routes.len());
    for k in shown.clone() {
        let route = &routes[k];
        let row_top = AXIS + ROW * k as f64 - top;
        if selected == Some(k) {
            ctx.set_fill_style_str("#eaf1ff");
            ctx.fill_rect(0.0, row_top, width, ROW);
        }
        let colour = canvas_colour(k, &tokens);
        let is_broken = !route.violations.is_empty();
        ctx.set_fill_style_str(if is_broken { violation.as_str() } else { "#1d2430" });
        let label = if is_broken { format!("⚠ {}", route.vehicle) } else { route.vehicle.clone() };
        let _ = ctx.fill_text(&label, 4.0, row_top + 14.0);
        // The working span, thin.
        ctx.set_fill_style_str("#e6e9ef");
        ctx.fill_rect(x(route.start), row_top + 9.0, x(route.end) - x(route.start), 4.0);
        for visit in &route.visits {
            // Window: a thin line above the bar.
            ctx.set_fill_style_str("#9aa4b5");
            ctx.fill_rect(x(visit.window[0]), row_top + 3.0, (x(visit.window[1]) - x(visit.window[0])).max(1.0), 2.0);
            if visit.waiting > 0.0 {
                ctx.set_fill_style_str("#f2d7a6");
                ctx.fill_rect(x(visit.arrival), row_top + 7.0, x(visit.start) - x(visit.arrival), 8.0);
            }
            ctx.set_fill_style_str(if visit.late { violation.as_str() } else { colour.as_str() });
            ctx.fill_rect(x(visit.start), row_top + 6.0, (x(visit.departure) - x(visit.start)).max(1.5), 10.0);
        }
        // Reloads between trips: the depot visit, arrival to departure, over a full-height tick.
        for reload in &route.reloads {
            paint_reload(&ctx, x(reload.arrival), x(reload.departure), row_top + 5.0, 12.0);
        }
        if let Some(rest) = &route.rest {
            let late = route.violations.iter().any(|v| v.code == "late_break");
            ctx.set_fill_style_str(if late { violation.as_str() } else { "#5b6576" });
            ctx.fill_rect(x(rest.start), row_top + 6.0, (x(rest.end) - x(rest.start)).max(1.5), 10.0);
        }
        // The shift's end: a tick; work past it in the violation colour.
        let shift_end = route.shift[1];
        if shift_end <= end {
            ctx.set_fill_style_str("#1d2430");
            ctx.fill_rect(x(shift_end) - 1.0, row_top + 2.0, 2.0, 18.0);
        }
        if route.overtime > 0.0 {
            ctx.set_fill_style_str(violation.as_str());
            ctx.fill_rect(x(shift_end), row_top + 8.0, x(route.off_duty) - x(shift_end), 6.0);
        }
    }
    ctx.restore();
    shown.len()
}

/// A reload between trips as every timeline draws it (the Planner's, and the Day in motion's as
/// driven): a bar from its arrival at `from` to its departure at `to` (CSS pixels), `height`
/// high from `top`, over a one-pixel tick at the arrival reaching 3 pixels beyond it each way.
pub(crate) fn paint_reload(ctx: &CanvasRenderingContext2d, from: f64, to: f64, top: f64, height: f64) {
    ctx.set_fill_style_str(RELOAD);
    ctx.fill_rect(from - 0.5, top - 3.0, 1.0, height + 6.0);
    ctx.fill_rect(from, top, (to - from).max(2.0), height);
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn only_the_rows_in_view_are_painted() {
        // 1,000 routes, a 300 px view: 13 rows of 22 px under the axis.
        assert_eq!(rows_in_view(0.0, 300.0, 1_000), 0..13);
        assert_eq!(rows_in_view(22.0 * 500.0 + 11.0, 300.0, 1_000), 500..514);
        let end = full_height(1_000) - 300.0;
        assert_eq!(rows_in_view(end, 300.0, 1_000).end, 1_000, "scrolled to the end, the last route shows");
        assert_eq!(rows_in_view(0.0, 300.0, 3), 0..3);
    }
}
