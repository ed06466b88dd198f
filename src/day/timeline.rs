//! Plan against actual, per route: the planned day (a thin bar, its stops marked) above the day as
//! driven (a bar in the route's colour, each service a block; late stops, failed orders' vehicle
//! breaking down and work past the shift end in the violation colour; the break in ink; each
//! reload between trips as the engine drove it, arrival to departure at the depot, drawn as the
//! Planner's timeline draws a reload), and the clock as a vertical line. A canvas the size of the
//! view painting only the rows in view, at the page's pixel ratio; colours from the design
//! tokens. The canvas reports `data-rows`, `data-rows-drawn`, `data-late` (late stops as driven,
//! over every route) and `data-reloads` (reloads as driven, over every route).

use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use super::Day;
use crate::palette::{canvas_colour, read_tokens, token};
use crate::panels::timeline::paint_reload;
use crate::protocol::DayAnswer;
use crate::units::clock;

const ROW: f64 = 34.0;
const LABEL: f64 = 110.0;
const AXIS: f64 = 18.0;
/// The canvas's height before the box is measured, and at most.
const VIEW_GUESS: f64 = 260.0;

fn full_height(rows: usize) -> f64 {
    AXIS + ROW * rows.max(1) as f64 + 4.0
}

#[component]
pub fn DayTimeline(day: Day) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let canvas = NodeRef::<Canvas>::new();
    let top = RwSignal::new(0.0);
    let rows = Memo::new(move |_| day.answer.with(|a| a.as_ref().map_or(0, |a| a.routes.len())));
    let late = Memo::new(move |_| {
        day.answer
            .with(|a| a.as_ref().map_or(0, |a| a.routes.iter().flat_map(|r| &r.driven).filter(|s| s.late()).count()))
    });
    let reloads = Memo::new(move |_| {
        day.answer.with(|a| a.as_ref().map_or(0, |a| a.routes.iter().map(|r| r.reloads.len()).sum()))
    });
    let frame_requested = StoredValue::new(false);
    Effect::new(move |_| {
        day.answer.track();
        day.clock.track();
        day.selected.track();
        day.colours.track();
        top.track();
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
            let (now, selected, colours) =
                (day.clock.get_untracked(), day.selected.get_untracked(), day.colours.get_untracked());
            let drawn = day.answer.with_untracked(|a| {
                a.as_ref().map_or(0, |a| {
                    let at = Paint { top: el.scroll_top() as f64, width, view, now, selected };
                    paint(&canvas, a, &colours, &at)
                })
            });
            let _ = canvas.set_attribute("data-rows-drawn", &drawn.to_string());
        });
    });
    let click = move |ev: leptos::ev::MouseEvent| {
        let y = ev.offset_y() as f64;
        if y >= AXIS {
            let k = ((y - AXIS + top.get_untracked()) / ROW).floor() as usize;
            if k < rows.get_untracked() {
                day.selected.set(Some(k));
            }
        }
    };
    view! {
        <div class="day-timeline-scroll" node_ref=scroller
            on:scroll=move |_| { if let Some(el) = scroller.get_untracked() { top.set(el.scroll_top() as f64) } }>
            <div class="day-timeline-spacer" style:height=move || format!("{:.0}px", full_height(rows.get()))>
                <canvas node_ref=canvas class="day-timeline" data-testid="day-timeline" data-rows=rows data-late=late
                    data-reloads=reloads data-rows-drawn="0" on:click=click
                    aria-label="Plan against actual for every route: planned above, driven below, the clock as a line; click a row to follow its vehicle"></canvas>
            </div>
        </div>
        <ul class="timeline-legend">
            <li><span class="mark day-planned"></span>"planned"</li>
            <li><span class="mark service"></span>"driven: service (route colour)"</li>
            <li><span class="mark rest"></span>"break"</li>
            {move || (reloads.get() > 0).then(|| view! {
                <li data-testid="day-legend-reload"><span class="mark reload"></span>"reload at a depot, between trips"</li>
            })}
            <li><span class="mark broken"></span>"late, broken down or over shift"</li>
            <li><span class="mark day-now"></span>"the clock"</li>
        </ul>
    }
}

/// Where and what to paint: scrolled to `top`, `width` × `view` CSS pixels, the clock at `now`.
struct Paint {
    top: f64,
    width: f64,
    view: f64,
    now: f64,
    selected: Option<usize>,
}

fn paint(canvas: &web_sys::HtmlCanvasElement, day: &DayAnswer, colours: &[usize], at: &Paint) -> usize {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(0.5);
    let routes = &day.routes;
    let (width, height) = (at.width, full_height(routes.len()).min(at.view).floor());
    let (w, h) = ((width * ratio).round() as u32, (height * ratio).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
        let element: &web_sys::HtmlElement = canvas;
        let style = element.style();
        let _ = style.set_property("width", &format!("{width}px"));
        let _ = style.set_property("height", &format!("{height}px"));
    }
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return 0;
    };
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    if routes.is_empty() {
        return 0;
    }
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let tokens = read_tokens(style.as_ref());
    let violation = token(style.as_ref(), "--violation", "#b42318");
    let ink = token(style.as_ref(), "--ink", "#1d2430");
    let muted = token(style.as_ref(), "--muted", "#5b6576");
    let border = token(style.as_ref(), "--border", "#d8dde5");
    let planned_colour = token(style.as_ref(), "--order-colour", "#9aa3b0");
    let accent = token(style.as_ref(), "--accent", "#2563eb");
    let start = day.start.min(routes.iter().map(|r| r.planned_departure).fold(f64::INFINITY, f64::min));
    let end = routes.iter().map(|r| r.planned_return.max(r.off_duty)).fold(day.end, f64::max).max(start + 1.0);
    let x = |t: f64| LABEL + (t - start) / (end - start) * (width - LABEL - 8.0);
    ctx.set_font("11px system-ui, sans-serif");
    let step = if day.planar { ((end - start) / 10.0).max(1.0) } else { 3600.0 };
    ctx.set_fill_style_str(&muted);
    ctx.set_stroke_style_str(&border);
    ctx.set_line_width(1.0);
    let mut tick = (start / step).ceil() * step;
    while tick <= end {
        ctx.begin_path();
        ctx.move_to(x(tick), AXIS - 4.0);
        ctx.line_to(x(tick), height);
        ctx.stroke();
        let _ = ctx.fill_text(&clock(tick, day.planar), x(tick) + 2.0, 11.0);
        tick += step;
    }
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, AXIS, width, height - AXIS);
    ctx.clip();
    let first = ((at.top.max(0.0) / ROW).floor() as usize).min(routes.len());
    let last = (((at.top.max(0.0) + (height - AXIS).max(0.0)) / ROW).ceil() as usize).min(routes.len());
    for (k, route) in routes.iter().enumerate().take(last.max(first)).skip(first) {
        let y = AXIS + ROW * k as f64 - at.top;
        if at.selected == Some(k) {
            ctx.set_fill_style_str("rgba(37, 99, 235, 0.08)");
            ctx.fill_rect(0.0, y, width, ROW);
        }
        let colour = canvas_colour(colours.get(k).copied().unwrap_or(k), &tokens);
        let broke = !route.returned;
        ctx.set_fill_style_str(if broke { violation.as_str() } else { ink.as_str() });
        let label = if broke { format!("⚠ {}", route.vehicle) } else { route.vehicle.clone() };
        let _ = ctx.fill_text(&label, 4.0, y + 20.0);
        // Planned: a thin bar, each service a tick.
        ctx.set_fill_style_str(&planned_colour);
        ctx.fill_rect(x(route.planned_departure), y + 7.0, x(route.planned_return) - x(route.planned_departure), 2.0);
        for s in &route.planned {
            ctx.fill_rect(x(s.start()), y + 4.0, (x(s.departure()) - x(s.start())).max(1.5), 8.0);
        }
        // Driven: the working span, then each service in the route's colour (late in red).
        ctx.set_fill_style_str(&border);
        ctx.fill_rect(x(route.departure), y + 21.0, x(route.return_time) - x(route.departure), 4.0);
        for s in &route.driven {
            ctx.set_fill_style_str(if s.late() { violation.as_str() } else { colour.as_str() });
            ctx.fill_rect(x(s.start()), y + 17.0, (x(s.departure()) - x(s.start())).max(1.5), 12.0);
        }
        // Reloads between trips as driven: the depot visit, arrival to departure.
        for &(_, _, arrival, departure) in &route.reloads {
            paint_reload(&ctx, x(arrival), x(departure), y + 16.0, 14.0);
        }
        if let Some([from, to]) = route.rest {
            ctx.set_fill_style_str(&muted);
            ctx.fill_rect(x(from), y + 17.0, (x(to) - x(from)).max(1.5), 12.0);
        }
        if broke {
            ctx.set_fill_style_str(&violation);
            let _ = ctx.fill_text("✕", x(route.return_time) - 4.0, y + 28.0);
        }
        if route.off_duty > route.shift_end {
            ctx.set_fill_style_str(&violation);
            ctx.fill_rect(x(route.shift_end), y + 30.0, x(route.off_duty) - x(route.shift_end), 3.0);
        }
    }
    ctx.restore();
    // The clock.
    ctx.set_stroke_style_str(&accent);
    ctx.set_line_width(2.0);
    ctx.begin_path();
    ctx.move_to(x(at.now), 0.0);
    ctx.line_to(x(at.now), height);
    ctx.stroke();
    last.max(first) - first
}
