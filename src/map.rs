//! The map: depots, orders and route lines on a canvas (plain x/y axes for benchmark files).

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::protocol::{PlanView, ScenarioView};

/// Route colours come from the `--route-N` design tokens in `style/tokens.css`.
const ROUTE_TOKENS: usize = 12;

#[component]
pub fn MapView(scenario: ReadSignal<Option<ScenarioView>>, plan: ReadSignal<Option<PlanView>>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let (Some(canvas), scenario, plan) = (canvas.get(), scenario.get(), plan.get()) else { return };
        let drawn = draw(&canvas, scenario.as_ref(), plan.as_ref());
        let _ = canvas.set_attribute("data-routes-drawn", &drawn.to_string());
    });
    view! {
        <canvas node_ref=canvas class="map" width="800" height="800" data-testid="map" data-routes-drawn="0"
            aria-label="Map of depots, orders and routes"></canvas>
    }
}

/// Draws everything and returns the number of route lines drawn.
fn draw(canvas: &web_sys::HtmlCanvasElement, scenario: Option<&ScenarioView>, plan: Option<&PlanView>) -> usize {
    let Some(ctx) = canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return 0;
    };
    let (width, height) = (canvas.width() as f64, canvas.height() as f64);
    ctx.clear_rect(0.0, 0.0, width, height);
    let Some(scenario) = scenario else { return 0 };
    let Some(project) = Projection::fit(&scenario.points, width, height) else { return 0 };
    let style = web_sys::window().and_then(|w| w.get_computed_style(canvas).ok().flatten());
    let token = |name: &str, fallback: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };

    let mut drawn = 0;
    if let Some(plan) = plan {
        ctx.set_line_width(2.0);
        for (k, path) in plan.paths.iter().enumerate() {
            ctx.set_stroke_style_str(&token(&format!("--route-{}", k % ROUTE_TOKENS), "#3366cc"));
            ctx.begin_path();
            for (i, &p) in path.iter().enumerate() {
                let (x, y) = project.apply(scenario.points[p]);
                if i == 0 {
                    ctx.move_to(x, y);
                } else {
                    ctx.line_to(x, y);
                }
            }
            ctx.stroke();
            drawn += 1;
        }
    }
    ctx.set_fill_style_str(&token("--order-colour", "#555"));
    for &o in &scenario.orders {
        let (x, y) = project.apply(scenario.points[o]);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 3.0, 0.0, std::f64::consts::TAU);
        ctx.fill();
    }
    ctx.set_fill_style_str(&token("--depot-colour", "#000"));
    for &d in &scenario.depots {
        let (x, y) = project.apply(scenario.points[d]);
        ctx.fill_rect(x - 6.0, y - 6.0, 12.0, 12.0);
    }
    drawn
}

/// Maps planar coordinates into the canvas, preserving aspect ratio, y pointing up.
struct Projection {
    min: [f64; 2],
    scale: f64,
    offset: [f64; 2],
    height: f64,
}

impl Projection {
    fn fit(points: &[[f64; 2]], width: f64, height: f64) -> Option<Self> {
        let finite = points.iter().filter(|p| p[0].is_finite() && p[1].is_finite());
        let (mut min, mut max) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in finite {
            for a in 0..2 {
                min[a] = min[a].min(p[a]);
                max[a] = max[a].max(p[a]);
            }
        }
        if min[0] > max[0] {
            return None;
        }
        let margin = 20.0;
        let span = [(max[0] - min[0]).max(1e-9), (max[1] - min[1]).max(1e-9)];
        let scale = ((width - 2.0 * margin) / span[0]).min((height - 2.0 * margin) / span[1]);
        let offset = [(width - span[0] * scale) / 2.0, (height - span[1] * scale) / 2.0];
        Some(Projection { min, scale, offset, height })
    }

    fn apply(&self, p: [f64; 2]) -> (f64, f64) {
        let x = self.offset[0] + (p[0] - self.min[0]) * self.scale;
        // Canvas y grows downwards; flip it so that up is north.
        let y = self.height - self.offset[1] - (p[1] - self.min[1]) * self.scale;
        (x, y)
    }
}
