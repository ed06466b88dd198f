//! Painting a [`Scene`] through a [`Camera`] on the map's canvas: one path per route for its line
//! and one for its stops, so 10,000 stops cost a few canvas calls per route rather than a DOM
//! node each. Routes that break a constraint (after an edit by hand) are outlined in the
//! violation colour, and so are the stops where the problem is. Where goods are collected (a
//! return, a shipment's pickup) the stop is a triangle instead of a dot; the selected route's
//! shipments are joined pickup to delivery by a dashed line.

use std::f64::consts::TAU;

use web_sys::{CanvasRenderingContext2d, CssStyleDeclaration};

use super::projection::Camera;
use super::scene::{Scene, Stop};
use crate::palette::{canvas_colour, read_tokens, token};
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
    violation: String,
}

impl Palette {
    pub fn from_style(style: Option<&CssStyleDeclaration>) -> Palette {
        let token = |name: &str, fallback: &str| token(style, name, fallback);
        Palette {
            routes: read_tokens(style),
            violation: token("--violation", "#b42318"),
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
    /// Routes and orders drawn as breaking a constraint.
    pub broken_routes: usize,
    pub broken_stops: usize,
    /// Orders drawn (those in view).
    pub stops: usize,
    /// Of those, the ones where goods are collected (drawn as triangles).
    pub pickups: usize,
    /// Shipments of the selected route joined pickup to delivery.
    pub links: usize,
}

/// Most points in one canvas path of stops: a large group is filled in parts (same colour, same
/// picture), so a picture painted in slices can stop between them.
const PATH_POINTS: usize = 300;

/// One canvas path, in CSS pixels of the camera it was sketched for.
pub enum Stroke {
    /// A route's line.
    Line { points: Vec<(f64, f64)>, width: f64, colour: String },
    /// Filled marks of one colour and shape.
    Dots { points: Vec<(f64, f64)>, radius: f64, colour: String, shape: Shape },
    /// Dashed lines joining a shipment's pickup to its delivery.
    Links { pairs: Vec<[(f64, f64); 2]>, colour: String },
    /// Rings around stops that break a constraint.
    Rings { points: Vec<(f64, f64)>, radius: f64, colour: String },
    /// Depots: outlined squares.
    Depots { points: Vec<(f64, f64)>, fill: String, outline: String },
}

impl Stroke {
    /// Roughly what painting it costs: its points.
    pub fn size(&self) -> usize {
        match self {
            Stroke::Line { points, .. }
            | Stroke::Dots { points, .. }
            | Stroke::Rings { points, .. }
            | Stroke::Depots { points, .. } => points.len(),
            Stroke::Links { pairs, .. } => pairs.len(),
        }
    }
}

/// How a stop is marked: a dot where goods are delivered, a triangle where they are collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Dot,
    Triangle,
}

/// Stops painted together: a route (the route count: unassigned) and a shape.
type Group = (usize, Shape);

/// Everything one picture paints, in order, and what it shows.
pub struct Sketch {
    pub strokes: Vec<Stroke>,
    pub crowded: bool,
    pub drawn: Drawn,
}

/// Clears the canvas and draws routes, orders and depots, the `selected` route with a halo.
/// `pixel_ratio` is canvas pixels per CSS pixel. The counts of orders are of those drawn.
pub fn draw(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    camera: &Camera,
    palette: &Palette,
    pixel_ratio: f64,
    selected: Option<usize>,
) -> Drawn {
    let sketch = sketch(scene, camera, palette, selected);
    clear(ctx, camera, pixel_ratio, sketch.crowded);
    for stroke in &sketch.strokes {
        paint(ctx, stroke);
    }
    sketch.drawn
}

/// Clears the canvas for a picture through `camera` and sets its transform and line joins.
pub fn clear(ctx: &CanvasRenderingContext2d, camera: &Camera, pixel_ratio: f64, crowded: bool) {
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, camera.width * pixel_ratio, camera.height * pixel_ratio);
    let _ = ctx.set_transform(pixel_ratio, 0.0, 0.0, pixel_ratio, 0.0, 0.0);
    ctx.set_line_join(if crowded { "miter" } else { "round" });
}

/// What a picture of `scene` through `camera` paints, in painting order: route lines (the
/// selected one wider, with a dark halo; broken ones outlined), orders in view grouped by route
/// colour (unassigned ones grey), rings around broken stops, depots on top.
pub fn sketch(scene: &Scene, camera: &Camera, palette: &Palette, selected: Option<usize>) -> Sketch {
    let crowded = scene.orders.len() >= CROWDED;
    let screen = |p: usize| camera.on_screen(scene.world[p]);
    let mut strokes = Vec::new();

    // Route lines, one path per route; the selected route wider, with a dark halo.
    let line = if crowded { 1.0 } else { 2.0 };
    let mut routes = 0;
    let mut broken_routes = 0;
    for (k, route) in scene.routes.iter().enumerate().filter(|(_, r)| r.len() >= 2) {
        let points: Vec<(f64, f64)> = route.iter().map(|&p| screen(p)).collect();
        let mut width = line;
        if selected == Some(k) {
            width += 2.0;
            strokes.push(Stroke::Line {
                points: points.clone(),
                width: width + 4.0,
                colour: palette.selection.clone(),
            });
        }
        if scene.route_broken.get(k).copied().unwrap_or(false) {
            strokes.push(Stroke::Line {
                points: points.clone(),
                width: width + 3.0,
                colour: palette.violation.clone(),
            });
            broken_routes += 1;
        }
        strokes.push(Stroke::Line { points, width, colour: canvas_colour(k, &palette.routes) });
        routes += 1;
    }

    // The selected route's shipments, pickup to delivery, under the stops.
    let pairs: Vec<[(f64, f64); 2]> = match selected {
        Some(k) => linked(scene, k).map(|[p, d]| [screen(scene.orders[p]), screen(scene.orders[d])]).collect(),
        None => Vec::new(),
    };
    let links = pairs.len();
    if !pairs.is_empty() {
        strokes.push(Stroke::Links { pairs, colour: palette.selection.clone() });
    }

    // Orders, one path per route and shape (unassigned first), only those in view.
    let r = if crowded { SMALL_DOT } else { DOT };
    let in_view = |x: f64, y: f64| x >= -r && y >= -r && x <= camera.width + r && y <= camera.height + r;
    // One group per route and shape: dots of every route (the unassigned last), then triangles.
    let groups_of = |shape| (0..=scene.routes.len()).map(move |k| (k, shape));
    let mut groups: Vec<(Group, Vec<(f64, f64)>)> =
        groups_of(Shape::Dot).chain(groups_of(Shape::Triangle)).map(|g| (g, Vec::new())).collect();
    let mut broken = Vec::new();
    let mut pickups = 0;
    for (o, &p) in scene.orders.iter().enumerate() {
        let (x, y) = screen(p);
        if !in_view(x, y) {
            continue;
        }
        let route = scene.order_route[o].filter(|&k| k < scene.routes.len()).unwrap_or(scene.routes.len());
        let collects = scene.collects(o);
        pickups += usize::from(collects);
        groups[route + usize::from(collects) * (scene.routes.len() + 1)].1.push((x, y));
        if scene.order_broken.get(o).copied().unwrap_or(false) {
            broken.push((x, y));
        }
    }
    let mut stops = 0;
    for ((k, shape), group) in groups.iter().rev().filter(|(_, g)| !g.is_empty()) {
        stops += group.len();
        let colour =
            if *k == scene.routes.len() { palette.unassigned.clone() } else { canvas_colour(*k, &palette.routes) };
        for part in group.chunks(PATH_POINTS) {
            strokes.push(Stroke::Dots { points: part.to_vec(), radius: r, colour: colour.clone(), shape: *shape });
        }
    }
    let broken_stops = broken.len();
    if !broken.is_empty() {
        strokes.push(Stroke::Rings { points: broken, radius: r + 3.0, colour: palette.violation.clone() });
    }

    // Depots: outlined squares above everything else.
    let depots = scene.depots.iter().map(|&d| screen(d)).collect();
    strokes.push(Stroke::Depots { points: depots, fill: palette.depot.clone(), outline: palette.halo.clone() });

    Sketch { strokes, crowded, drawn: Drawn { routes, stops, broken_routes, broken_stops, pickups, links } }
}

/// The shipments route `k` carries (both halves on it), as `[pickup, delivery]` orders.
pub fn linked(scene: &Scene, k: usize) -> impl Iterator<Item = [usize; 2]> + '_ {
    let on = move |o: usize| scene.order_route.get(o).copied().flatten() == Some(k);
    scene.shipments.iter().copied().filter(move |&[p, d]| on(p) && on(d))
}

/// Paints one stroke (the canvas' transform is already set by [`clear`]).
pub fn paint(ctx: &CanvasRenderingContext2d, stroke: &Stroke) {
    ctx.begin_path();
    match stroke {
        Stroke::Line { points, width, colour } => {
            if let Some((&(x, y), rest)) = points.split_first() {
                ctx.move_to(x, y);
                for &(x, y) in rest {
                    ctx.line_to(x, y);
                }
            }
            ctx.set_line_width(*width);
            ctx.set_stroke_style_str(colour);
            ctx.stroke();
        }
        Stroke::Dots { points, radius, colour, shape } => {
            for &(x, y) in points {
                match shape {
                    Shape::Dot => {
                        ctx.move_to(x + radius, y);
                        let _ = ctx.arc(x, y, *radius, 0.0, TAU);
                    }
                    Shape::Triangle => {
                        // Pointing up, a little larger than a dot so it reads as a shape.
                        let s = radius * 1.5;
                        ctx.move_to(x, y - s);
                        ctx.line_to(x + s, y + s * 0.8);
                        ctx.line_to(x - s, y + s * 0.8);
                        ctx.close_path();
                    }
                }
            }
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
        Stroke::Links { pairs, colour } => {
            for &[(x0, y0), (x1, y1)] in pairs {
                ctx.move_to(x0, y0);
                ctx.line_to(x1, y1);
            }
            let dash = js_sys::Array::of2(&5.0.into(), &4.0.into());
            let _ = ctx.set_line_dash(&dash);
            ctx.set_line_width(1.5);
            ctx.set_stroke_style_str(colour);
            ctx.stroke();
            let _ = ctx.set_line_dash(&js_sys::Array::new());
        }
        Stroke::Rings { points, radius, colour } => {
            for &(x, y) in points {
                ctx.move_to(x + radius, y);
                let _ = ctx.arc(x, y, *radius, 0.0, TAU);
            }
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str(colour);
            ctx.stroke();
        }
        Stroke::Depots { points, fill, outline } => {
            for &(x, y) in points {
                ctx.rect(x - DEPOT, y - DEPOT, 2.0 * DEPOT, 2.0 * DEPOT);
            }
            ctx.set_fill_style_str(fill);
            ctx.fill();
            ctx.set_line_width(1.5);
            ctx.set_stroke_style_str(outline);
            ctx.stroke();
        }
    }
}

/// Rings the hovered or selected stop, over what is drawn.
pub fn highlight(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    camera: &Camera,
    palette: &Palette,
    pixel_ratio: f64,
    stop: Stop,
) {
    let _ = ctx.set_transform(pixel_ratio, 0.0, 0.0, pixel_ratio, 0.0, 0.0);
    let (x, y) = camera.on_screen(scene.stop_world(stop));
    ctx.begin_path();
    let _ = ctx.arc(x, y, DEPOT + 3.0, 0.0, TAU);
    ctx.set_line_width(2.0);
    ctx.set_stroke_style_str(&palette.selection);
    ctx.stroke();
}

/// What a page draws over the plan besides it (the day in motion: vehicles where they are, stops
/// served so far), in scenario coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mark {
    pub at: [f64; 2],
    pub kind: MarkKind,
    /// The route whose colour it takes.
    pub route: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    Vehicle,
    BrokenDown,
    Served,
}

/// Draws `marks` over what is drawn: stops served as small ink dots (one path), vehicles as
/// discs in their route's colour ringed in ink (a broken-down one in the violation colour).
/// Returns where each vehicle was drawn, in CSS pixels.
pub fn marks(
    ctx: &CanvasRenderingContext2d,
    scene: &Scene,
    camera: &Camera,
    palette: &Palette,
    pixel_ratio: f64,
    marks: &[Mark],
) -> Vec<(f64, f64)> {
    let _ = ctx.set_transform(pixel_ratio, 0.0, 0.0, pixel_ratio, 0.0, 0.0);
    let on_screen = |m: &Mark| camera.on_screen(scene.projection.project(m.at));
    ctx.begin_path();
    for m in marks.iter().filter(|m| m.kind == MarkKind::Served) {
        let (x, y) = on_screen(m);
        ctx.move_to(x + 2.5, y);
        let _ = ctx.arc(x, y, 2.5, 0.0, TAU);
    }
    ctx.set_fill_style_str(&palette.selection);
    ctx.fill();
    let mut drawn = Vec::new();
    for m in marks.iter().filter(|m| m.kind != MarkKind::Served) {
        let (x, y) = on_screen(m);
        ctx.begin_path();
        let _ = ctx.arc(x, y, DEPOT + 2.0, 0.0, TAU);
        let fill = match m.kind {
            MarkKind::BrokenDown => palette.violation.clone(),
            _ => crate::palette::canvas_colour(m.route, &palette.routes),
        };
        ctx.set_fill_style_str(&fill);
        ctx.fill();
        ctx.set_line_width(2.0);
        ctx.set_stroke_style_str(&palette.halo);
        ctx.stroke();
        ctx.begin_path();
        let _ = ctx.arc(x, y, DEPOT + 3.5, 0.0, TAU);
        ctx.set_line_width(1.5);
        ctx.set_stroke_style_str(&palette.selection);
        ctx.stroke();
        drawn.push(((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0));
    }
    drawn
}

/// The orders a camera shows, of those the ones breaking a constraint and the ones where goods
/// are collected: what a frame drawn through it shows of them, whatever was painted beyond its
/// edges.
pub fn in_view(scene: &Scene, camera: &Camera) -> (usize, usize, usize) {
    let r = if scene.orders.len() >= CROWDED { SMALL_DOT } else { DOT };
    let (mut stops, mut broken, mut pickups) = (0, 0, 0);
    for (o, &p) in scene.orders.iter().enumerate() {
        let (x, y) = camera.on_screen(scene.world[p]);
        if x >= -r && y >= -r && x <= camera.width + r && y <= camera.height + r {
            stops += 1;
            broken += usize::from(scene.order_broken.get(o).copied().unwrap_or(false));
            pickups += usize::from(scene.collects(o));
        }
    }
    (stops, broken, pickups)
}
