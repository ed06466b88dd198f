//! Painting a [`Scene`] through a [`Camera`] on the map's canvas: one path per colour for route
//! lines and one per colour for stops, so 10,000 stops cost a few dozen canvas calls per colour
//! rather than a DOM node each.

use std::f64::consts::TAU;

use web_sys::{CanvasRenderingContext2d, CssStyleDeclaration};

use super::projection::Camera;
use super::scene::{Scene, Stop};

/// Route colours come from the `--route-N` design tokens in `style/tokens.css`.
pub const ROUTE_TOKENS: usize = 12;
/// Radius of an order's dot and half the side of a depot's square, in CSS pixels.
const DOT: f64 = 3.5;
const SMALL_DOT: f64 = 2.5;
const DEPOT: f64 = 6.0;
/// From this many orders on, dots are smaller and lines one pixel wide: the map stays readable,
/// and one-pixel lines are what canvases stroke fastest (several times faster without a GPU).
const CROWDED: usize = 1_000;

/// The colours, read once from the design tokens.
pub struct Palette {
    routes: Vec<String>,
    unassigned: String,
    depot: String,
    halo: String,
    selection: String,
}

impl Palette {
    pub fn from_style(style: Option<&CssStyleDeclaration>) -> Palette {
        let token = |name: &str, fallback: &str| {
            style
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Palette {
            routes: (0..ROUTE_TOKENS).map(|k| token(&format!("--route-{k}"), "#1f77b4")).collect(),
            unassigned: token("--order-colour", "#9aa3b0"),
            depot: token("--depot-colour", "#111111"),
            halo: token("--panel", "#ffffff"),
            selection: token("--ink", "#1d2430"),
        }
    }
}

/// What one frame drew.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drawn {
    pub routes: usize,
    /// Orders drawn (those in view).
    pub stops: usize,
}

/// Clears the canvas and draws routes, orders, depots and the highlighted stop. `pixel_ratio` is
/// canvas pixels per CSS pixel.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    camera: &Camera,
    palette: &Palette,
    pixel_ratio: f64,
    highlight: Option<Stop>,
) -> Drawn {
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, camera.width * pixel_ratio, camera.height * pixel_ratio);
    let _ = ctx.set_transform(pixel_ratio, 0.0, 0.0, pixel_ratio, 0.0, 0.0);
    let crowded = scene.orders.len() >= CROWDED;
    let screen = |p: usize| camera.on_screen(scene.world[p]);

    // Route lines, one path per colour.
    ctx.set_line_width(if crowded { 1.0 } else { 2.0 });
    ctx.set_line_join(if crowded { "miter" } else { "round" });
    let mut routes = 0;
    for colour in 0..ROUTE_TOKENS {
        ctx.begin_path();
        for route in scene.routes.iter().skip(colour).step_by(ROUTE_TOKENS).filter(|r| r.len() >= 2) {
            let (x, y) = screen(route[0]);
            ctx.move_to(x, y);
            for &p in &route[1..] {
                let (x, y) = screen(p);
                ctx.line_to(x, y);
            }
            routes += 1;
        }
        ctx.set_stroke_style_str(&palette.routes[colour]);
        ctx.stroke();
    }

    // Orders, one path per colour (unassigned last, so they stand out), only those in view.
    let r = if crowded { SMALL_DOT } else { DOT };
    let in_view = |x: f64, y: f64| x >= -r && y >= -r && x <= camera.width + r && y <= camera.height + r;
    let mut stops = 0;
    for colour in (0..=ROUTE_TOKENS).rev() {
        ctx.begin_path();
        for (o, &p) in scene.orders.iter().enumerate() {
            let group = scene.order_route[o].map_or(ROUTE_TOKENS, |k| k % ROUTE_TOKENS);
            if group != colour {
                continue;
            }
            let (x, y) = screen(p);
            if in_view(x, y) {
                ctx.move_to(x + r, y);
                let _ = ctx.arc(x, y, r, 0.0, TAU);
                stops += 1;
            }
        }
        ctx.set_fill_style_str(if colour == ROUTE_TOKENS { &palette.unassigned } else { &palette.routes[colour] });
        ctx.fill();
    }

    // Depots: outlined squares above everything else.
    ctx.begin_path();
    for &d in &scene.depots {
        let (x, y) = screen(d);
        ctx.rect(x - DEPOT, y - DEPOT, 2.0 * DEPOT, 2.0 * DEPOT);
    }
    ctx.set_fill_style_str(&palette.depot);
    ctx.fill();
    ctx.set_line_width(1.5);
    ctx.set_stroke_style_str(&palette.halo);
    ctx.stroke();

    if let Some(stop) = highlight {
        let (x, y) = camera.on_screen(scene.stop_world(stop));
        ctx.begin_path();
        let _ = ctx.arc(x, y, DEPOT + 3.0, 0.0, TAU);
        ctx.set_line_width(2.0);
        ctx.set_stroke_style_str(&palette.selection);
        ctx.stroke();
    }
    Drawn { routes, stops }
}
