//! The map: the loaded scenario's depots, orders and routes on one canvas that pans and zooms,
//! with a stop's details on hover or click and, only when the user asks, street-map tiles.
//!
//! - `projection.rs`: scenario points → world (Web Mercator, or planar x/y) → screen (the camera);
//! - `scene.rs`: what is drawn, worked out once per scenario or plan;
//! - `grid.rs`: the bucket index that finds the stop under the pointer;
//! - `draw.rs`: painting the scene, in batched paths;
//! - `layer.rs`: the painted scene kept as a picture, which panning only moves;
//! - `tiles.rs`: OpenStreetMap tiles under the canvas (off by default).
//!
//! Drawing happens in `requestAnimationFrame`, at most once per frame and only after something
//! changed (data, size, camera, hover, tiles); a pan within the picture's margin draws no stop
//! again, and the scene is built only when the data change. The canvas reports what it drew for tests and
//! tools: `data-routes-drawn`, `data-stops-drawn` (orders in view), `data-broken-routes` and
//! `data-broken-stops` (drawn as breaking a constraint), `data-pickups-drawn` (orders in view
//! where goods are collected, drawn as triangles), `data-links-drawn` (the selected route's
//! shipments joined pickup to delivery) and `data-zoom` (1 = fitted).

mod draw;
mod grid;
mod layer;
mod projection;
mod scene;
mod tiles;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev::{KeyboardEvent, PointerEvent, WheelEvent};
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::protocol::{PlanView, ScenarioView};
use draw::{Drawn, Palette};
pub use draw::{Mark, MarkKind};
use layer::{Key, Layer, Step};
use projection::{Camera, Projection};
use scene::{Places, Scene, Stop};
use tiles::TileLayer;

/// How close (CSS pixels) the pointer must come to a stop to show it.
const HIT_RADIUS: f64 = 12.0;
/// A press that moves less than this (CSS pixels) is a click, not a drag.
const CLICK_SLOP: f64 = 4.0;
/// Zoom step of the buttons and the + / − keys.
const ZOOM_STEP: f64 = 1.5;
/// Share of the view an arrow key pans.
const PAN_STEP: f64 = 0.1;

#[wasm_bindgen]
extern "C" {
    /// The browser's `ResizeObserver` (bound here: the callback only needs to be told).
    type ResizeObserver;
    #[wasm_bindgen(constructor)]
    fn new(callback: &js_sys::Function) -> ResizeObserver;
    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
    #[wasm_bindgen(method)]
    fn disconnect(this: &ResizeObserver);
}

/// The details shown next to a hovered or selected stop.
#[derive(Clone, Debug, PartialEq)]
struct Tooltip {
    id: String,
    kind: &'static str,
    detail: String,
    /// The stop's route, if it is on one (its colour).
    colour: Option<usize>,
    /// Where the stop is, in CSS pixels of the map.
    x: f64,
    y: f64,
}

#[component]
pub fn MapView(
    scenario: ReadSignal<Option<ScenarioView>>,
    plan: ReadSignal<Option<PlanView>>,
    /// Told the id of the order the user clicks on the map, and `None` when a click selects none.
    #[prop(optional, into)]
    on_select: Option<Callback<Option<String>>>,
    /// The route the planner selected (drawn wider, on top).
    #[prop(optional, into)]
    selected_route: Option<Signal<Option<usize>>>,
    /// Drawn over the plan, every frame they change (the day in motion's vehicles).
    #[prop(optional, into)]
    marks: Option<Signal<Vec<Mark>>>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    let canvas = NodeRef::<Canvas>::new();
    let tile_layer = NodeRef::<Div>::new();
    let tooltip = RwSignal::new(None::<Tooltip>);
    let (tiles_on, set_tiles_on) = signal(false);
    let (geographic, set_geographic) = signal(false);
    let map =
        Map { state: Rc::new(RefCell::new(MapState::default())), container, canvas, tile_layer, tooltip, on_select };

    let m = map.clone();
    // A scenario's places are worked out once; each plan then only adds its routes (read in
    // place: a 10,000-order scenario is never copied for a frame).
    Effect::new(move |_| {
        scenario.with(|scenario| {
            set_geographic.set(scenario.as_ref().is_some_and(|s| !s.planar));
            m.state.borrow_mut().places = scenario.as_ref().map(|s| Rc::new(Places::new(s)));
        });
        plan.with_untracked(|plan| m.set_data(plan.as_ref()));
    });
    let m = map.clone();
    Effect::new(move |_| plan.with(|plan| m.set_data(plan.as_ref())));
    let m = map.clone();
    Effect::new(move |_| {
        let route = selected_route.and_then(|s| s.get());
        m.state.borrow_mut().selected_route = route;
        m.request_frame();
    });
    if let Some(marks) = marks {
        let m = map.clone();
        Effect::new(move |_| {
            m.state.borrow_mut().marks = marks.get();
            m.request_frame();
        });
    }
    let m = map.clone();
    Effect::new(move |_| {
        let on = tiles_on.get();
        m.state.borrow_mut().tiles_on = on;
        m.request_frame();
    });
    let observer = StoredValue::new_local(None::<(ResizeObserver, Closure<dyn FnMut()>)>);
    let m = map.clone();
    Effect::new(move |_| {
        let Some(element) = container.get() else { return };
        let m = m.clone();
        let callback = Closure::<dyn FnMut()>::new(move || m.resize());
        let resize_observer = ResizeObserver::new(callback.as_ref().unchecked_ref());
        resize_observer.observe(&element);
        observer.update_value(|slot| {
            if let Some((old, _)) = slot.replace((resize_observer, callback)) {
                old.disconnect();
            }
        });
    });
    on_cleanup(move || {
        if let Some(Some((resize_observer, _))) = observer.try_update_value(Option::take) {
            resize_observer.disconnect();
        }
    });

    let (m1, m2, m3, m4, m5, m6) = (map.clone(), map.clone(), map.clone(), map.clone(), map.clone(), map.clone());
    let (m7, m8, m9, m10) = (map.clone(), map.clone(), map.clone(), map.clone());
    let tiles_title = move || {
        if geographic.get() {
            "Draw OpenStreetMap's street map under the routes (your browser asks tile.openstreetmap.org for the tiles in view)"
        } else {
            "Street maps need longitude/latitude; this scenario has plain x/y coordinates"
        }
    };
    view! {
        <div class="map-view">
            <div class="map-stage" node_ref=container>
                <div class="map-tiles" node_ref=tile_layer aria-hidden="true"></div>
                <canvas
                    node_ref=canvas
                    class="map-canvas"
                    tabindex="0"
                    data-testid="map"
                    data-routes-drawn="0"
                    data-stops-drawn="0"
                    data-zoom="1"
                    aria-roledescription="map"
                    aria-label="Map of depots, orders and routes. Drag or use the arrow keys to pan, the wheel or + and − to zoom, 0 to fit."
                    on:pointerdown=move |ev: PointerEvent| m1.pointer_down(&ev)
                    on:pointermove=move |ev: PointerEvent| m2.pointer_move(&ev)
                    on:pointerup=move |ev: PointerEvent| m3.pointer_up(&ev, true)
                    on:pointercancel=move |ev: PointerEvent| m4.pointer_up(&ev, false)
                    on:pointerleave=move |_| m5.hover(None)
                    on:wheel=move |ev: WheelEvent| m6.wheel(&ev)
                    on:keydown=move |ev: KeyboardEvent| m7.key(&ev)
                ></canvas>
                <div
                    class="map-tooltip"
                    role="tooltip"
                    data-testid="map-tooltip"
                    hidden=move || tooltip.with(Option::is_none)
                    data-stop-id=move || tooltip.with(|t| t.as_ref().map(|t| t.id.clone()))
                    data-kind=move || tooltip.with(|t| t.as_ref().map(|t| t.kind))
                    data-x=move || tooltip.with(|t| t.as_ref().map(|t| t.x.to_string()))
                    data-y=move || tooltip.with(|t| t.as_ref().map(|t| t.y.to_string()))
                    style:left=move || tooltip.with(|t| t.as_ref().map(|t| format!("{}px", t.x)))
                    style:top=move || tooltip.with(|t| t.as_ref().map(|t| format!("{}px", t.y)))
                >
                    <span
                        class="map-swatch"
                        hidden=move || tooltip.with(|t| t.as_ref().and_then(|t| t.colour).is_none())
                        style:background=move || {
                            tooltip.with(|t| t.as_ref().and_then(|t| t.colour).map(crate::palette::route_colour))
                        }
                    ></span>
                    <strong>{move || tooltip.with(|t| t.as_ref().map(|t| t.id.clone()))}</strong>
                    " "
                    <span class="map-tooltip-detail">
                        {move || tooltip.with(|t| t.as_ref().map(|t| t.detail.clone()))}
                    </span>
                </div>
                <div class="map-controls" role="group" aria-label="Zoom">
                    <button type="button" data-testid="map-zoom-in" title="Zoom in (+)" aria-label="Zoom in"
                        on:click=move |_| m8.zoom_centre(ZOOM_STEP)>"+"</button>
                    <button type="button" data-testid="map-zoom-out" title="Zoom out (−)" aria-label="Zoom out"
                        on:click=move |_| m9.zoom_centre(1.0 / ZOOM_STEP)>"−"</button>
                    <button type="button" data-testid="map-fit" title="Fit the scenario (0)"
                        on:click=move |_| m10.fit()>"Fit"</button>
                </div>
            </div>
            <div class="map-footer">
                <label title=tiles_title>
                    <input type="checkbox" data-testid="map-tiles"
                        prop:checked=move || tiles_on.get()
                        disabled=move || !geographic.get()
                        on:change=move |ev| set_tiles_on.set(event_target_checked(&ev))/>
                    " Street map (loads tiles from tile.openstreetmap.org)"
                </label>
                <Show when=move || tiles_on.get() && geographic.get()>
                    <span class="map-attribution" data-testid="map-attribution">
                        "© "
                        <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener noreferrer">
                            "OpenStreetMap"
                        </a>
                        " contributors"
                    </span>
                </Show>
            </div>
        </div>
    }
}

/// What the map keeps between frames.
#[derive(Default)]
struct MapState {
    /// The scenario's places, shared by the scenes of its plans.
    places: Option<Rc<Places>>,
    scene: Option<Scene>,
    /// Bumped with every new scene (the picture of the old one is stale).
    generation: u64,
    /// The painted scene, moved by pans.
    layer: Option<Layer>,
    /// The route selected in the route list.
    selected_route: Option<usize>,
    camera: Option<Camera>,
    /// The camera follows the fitted view (also when the map is resized) until the user moves it.
    following_fit: bool,
    /// The view in CSS pixels, and canvas pixels per CSS pixel.
    width: f64,
    height: f64,
    pixel_ratio: f64,
    palette: Option<Palette>,
    hover: Option<Stop>,
    selected: Option<Stop>,
    /// Pointers pressed on the map: id and last position.
    pointers: Vec<(i32, f64, f64)>,
    /// The press that may still be a click: its pointer, where it went down, whether it moved.
    press: Option<(i32, f64, f64, bool)>,
    frame_requested: bool,
    /// A slice of a large picture is due (see `layer.rs`).
    slice_requested: bool,
    tiles_on: bool,
    tiles: Option<TileLayer>,
    /// Drawn over the plan (see [`Mark`]).
    marks: Vec<Mark>,
}

/// The map's behaviour, shared by its event handlers.
#[derive(Clone)]
struct Map {
    state: Rc<RefCell<MapState>>,
    container: NodeRef<Div>,
    canvas: NodeRef<Canvas>,
    tile_layer: NodeRef<Div>,
    tooltip: RwSignal<Option<Tooltip>>,
    on_select: Option<Callback<Option<String>>>,
}

impl Map {
    /// A new scenario or plan: rebuild the scene on the scenario's places; a scenario covering
    /// another area is fitted.
    fn set_data(&self, plan: Option<&PlanView>) {
        let places = self.state.borrow().places.clone();
        let scene = places.map(|places| Scene::new(places, plan));
        let routes = scene.as_ref().map_or(0, Scene::drawn_routes);
        {
            let mut st = self.state.borrow_mut();
            let shape = |s: &Scene| (s.bounds, s.orders.len(), s.depots.len());
            let (before, after) = (st.scene.as_ref().map(shape), scene.as_ref().map(shape));
            if before != after {
                // Another scenario: its stops are other stops.
                st.hover = None;
                st.selected = None;
            }
            if before.map(|b| b.0) != after.map(|a| a.0) {
                st.following_fit = true;
            }
            if st.palette.is_none() {
                let style = self
                    .canvas
                    .get_untracked()
                    .and_then(|c| web_sys::window().and_then(|w| w.get_computed_style(&c).ok().flatten()));
                st.palette = style.as_ref().map(|s| Palette::from_style(Some(s)));
            }
            st.scene = scene;
            st.generation += 1;
            if st.following_fit {
                st.camera = fitted(&st);
            }
        }
        // Known before the frame is painted, so whoever reads it right after the plan arrives
        // sees the lines the next frame draws.
        if let Some(canvas) = self.canvas.get_untracked() {
            let _ = canvas.set_attribute("data-routes-drawn", &routes.to_string());
        }
        self.request_frame();
    }

    /// The container changed size (or the page's pixel ratio did): resize the canvas and paint
    /// at once, so that no blank frame shows.
    fn resize(&self) {
        let (Some(container), Some(canvas)) = (self.container.get_untracked(), self.canvas.get_untracked()) else {
            return;
        };
        let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(0.5);
        let (width, height) = (container.client_width().max(1) as f64, container.client_height().max(1) as f64);
        canvas.set_width((width * ratio).round() as u32);
        canvas.set_height((height * ratio).round() as u32);
        {
            let mut st = self.state.borrow_mut();
            (st.width, st.height, st.pixel_ratio) = (width, height, ratio);
            if st.following_fit || st.camera.is_none() {
                st.camera = fitted(&st);
            } else if let Some(camera) = st.camera.as_mut() {
                camera.resize(width, height);
            }
        }
        self.frame();
    }

    fn request_frame(&self) {
        let mut st = self.state.borrow_mut();
        if st.frame_requested {
            return;
        }
        st.frame_requested = true;
        let map = self.clone();
        request_animation_frame(move || map.frame());
    }

    /// Asks for the next slice of the picture being painted, in a task of its own.
    fn request_slice(&self) {
        let mut st = self.state.borrow_mut();
        if st.slice_requested {
            return;
        }
        st.slice_requested = true;
        let map = self.clone();
        set_timeout(move || map.slice(), std::time::Duration::ZERO);
    }

    /// Paints one slice of the picture being painted; shows it once it is finished.
    fn slice(&self) {
        let step = {
            let mut st = self.state.borrow_mut();
            st.slice_requested = false;
            st.layer.as_mut().map_or(Step::Idle, Layer::step)
        };
        match step {
            Step::Painting => self.request_slice(),
            Step::Finished => self.request_frame(),
            Step::Idle => {}
        }
    }

    /// Paints the canvas, places the tiles and the tooltip.
    fn frame(&self) {
        self.state.borrow_mut().frame_requested = false;
        let Some(canvas) = self.canvas.get_untracked() else { return };
        let Some(ctx) =
            canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let mut guard = self.state.borrow_mut();
        let st = &mut *guard;
        if st.tiles.is_none() {
            st.tiles = self.tile_layer.get_untracked().map(|layer| TileLayer::new(layer.into()));
        }
        if st.layer.is_none() {
            st.layer = Layer::new();
        }
        let mut vehicles = None;
        let (drawn, zoom, tiles, tooltip) = match (&st.scene, &st.camera, &st.palette, st.layer.as_mut()) {
            (Some(scene), Some(camera), Some(palette), Some(layer)) => {
                let highlight = st.hover.or(st.selected);
                let key = Key::new(st.generation, st.selected_route, camera, st.pixel_ratio);
                let drawn = layer.paint(&ctx, scene, camera, palette, key);
                if !st.marks.is_empty() {
                    vehicles = Some(draw::marks(&ctx, scene, camera, palette, st.pixel_ratio, &st.marks));
                }
                if let Some(stop) = highlight {
                    draw::highlight(&ctx, scene, camera, palette, st.pixel_ratio, stop);
                }
                let tiles = if st.tiles_on && scene.projection == Projection::WebMercator {
                    tiles::covering(camera)
                } else {
                    Vec::new()
                };
                (drawn, camera.zoom(), tiles, highlight.and_then(|s| tooltip_for(scene, camera, s)))
            }
            _ => {
                let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
                ctx.clear_rect(0.0, 0.0, canvas.width() as f64, canvas.height() as f64);
                (Drawn::default(), 1.0, Vec::new(), None)
            }
        };
        if let Some(layer) = st.tiles.as_mut() {
            layer.show(&tiles);
        }
        let painting = st.layer.as_ref().is_some_and(Layer::painting);
        drop(guard);
        if painting {
            self.request_slice();
        }
        let _ = canvas.set_attribute("data-routes-drawn", &drawn.routes.to_string());
        let _ = canvas.set_attribute("data-stops-drawn", &drawn.stops.to_string());
        let _ = canvas.set_attribute("data-broken-routes", &drawn.broken_routes.to_string());
        let _ = canvas.set_attribute("data-broken-stops", &drawn.broken_stops.to_string());
        let _ = canvas.set_attribute("data-pickups-drawn", &drawn.pickups.to_string());
        let _ = canvas.set_attribute("data-links-drawn", &drawn.links.to_string());
        let _ = canvas.set_attribute("data-zoom", &format!("{zoom:.3}"));
        if let Some(vehicles) = vehicles {
            let text: Vec<String> = vehicles.iter().map(|(x, y)| format!("{x},{y}")).collect();
            let _ = canvas.set_attribute("data-vehicles", &text.join(" "));
        }
        if self.tooltip.get_untracked() != tooltip {
            self.tooltip.set(tooltip);
        }
    }

    /// Changes the camera (the user moved the map) and asks for a frame.
    fn move_camera(&self, change: impl FnOnce(&mut Camera)) {
        {
            let mut st = self.state.borrow_mut();
            let Some(camera) = st.camera.as_mut() else { return };
            change(camera);
            st.following_fit = false;
        }
        self.request_frame();
    }

    fn zoom_centre(&self, factor: f64) {
        self.move_camera(|c| c.zoom_at(c.width / 2.0, c.height / 2.0, factor));
    }

    fn fit(&self) {
        {
            let mut st = self.state.borrow_mut();
            st.following_fit = true;
            st.camera = fitted(&st);
        }
        self.request_frame();
    }

    /// The stop within reach of a point of the map.
    fn hit(&self, x: f64, y: f64) -> Option<Stop> {
        let st = self.state.borrow();
        let (scene, camera) = (st.scene.as_ref()?, st.camera.as_ref()?);
        scene.stops.nearest(camera.world_at(x, y), HIT_RADIUS / camera.scale).map(|i| scene.stop(i))
    }

    fn hover(&self, stop: Option<Stop>) {
        let changed = {
            let mut st = self.state.borrow_mut();
            std::mem::replace(&mut st.hover, stop) != stop
        };
        if changed {
            self.request_frame();
        }
    }

    fn pointer_down(&self, ev: &PointerEvent) {
        if ev.button() != 0 {
            return;
        }
        let (id, x, y) = (ev.pointer_id(), ev.offset_x() as f64, ev.offset_y() as f64);
        if let Some(canvas) = self.canvas.get_untracked() {
            let _ = canvas.set_pointer_capture(id);
            let _ = canvas.set_attribute("data-dragging", "");
        }
        let mut st = self.state.borrow_mut();
        st.pointers.retain(|p| p.0 != id);
        st.pointers.push((id, x, y));
        st.press = (st.pointers.len() == 1).then_some((id, x, y, false));
    }

    fn pointer_move(&self, ev: &PointerEvent) {
        let (id, x, y) = (ev.pointer_id(), ev.offset_x() as f64, ev.offset_y() as f64);
        let gesture = {
            let mut st = self.state.borrow_mut();
            let before: Vec<(f64, f64)> = st.pointers.iter().map(|p| (p.1, p.2)).collect();
            let Some(k) = st.pointers.iter().position(|p| p.0 == id) else {
                drop(st);
                return self.hover(self.hit(x, y));
            };
            st.pointers[k] = (id, x, y);
            if let Some(press) = st.press.as_mut().filter(|p| p.0 == id) {
                press.3 |= (x - press.1).hypot(y - press.2) >= CLICK_SLOP;
            }
            let after: Vec<(f64, f64)> = st.pointers.iter().map(|p| (p.1, p.2)).collect();
            (before, after)
        };
        match gesture {
            (before, after) if after.len() == 1 => {
                let (dx, dy) = (after[0].0 - before[0].0, after[0].1 - before[0].1);
                self.move_camera(|c| c.pan(dx, dy));
            }
            (before, after) if after.len() >= 2 => {
                // Pinch: zoom by the change of distance between the first two pointers, around
                // their midpoint, and pan with the midpoint.
                let span = |p: &[(f64, f64)]| (p[0].0 - p[1].0).hypot(p[0].1 - p[1].1);
                let mid = |p: &[(f64, f64)]| ((p[0].0 + p[1].0) / 2.0, (p[0].1 + p[1].1) / 2.0);
                let (m0, m1) = (mid(&before), mid(&after));
                let factor = if span(&before) > 0.0 { span(&after) / span(&before) } else { 1.0 };
                self.move_camera(|c| {
                    c.pan(m1.0 - m0.0, m1.1 - m0.1);
                    c.zoom_at(m1.0, m1.1, factor);
                });
            }
            _ => {}
        }
    }

    /// A pointer let go (`released`) or was taken away by the browser: a press that did not move
    /// is a click, which selects the stop under it (or none).
    fn pointer_up(&self, ev: &PointerEvent, released: bool) {
        let (id, x, y) = (ev.pointer_id(), ev.offset_x() as f64, ev.offset_y() as f64);
        let click = {
            let mut st = self.state.borrow_mut();
            st.pointers.retain(|p| p.0 != id);
            let click = st.press.is_some_and(|p| p.0 == id && !p.3) && released;
            if st.press.is_some_and(|p| p.0 == id) {
                st.press = None;
            }
            click
        };
        if self.state.borrow().pointers.is_empty() {
            if let Some(canvas) = self.canvas.get_untracked() {
                let _ = canvas.remove_attribute("data-dragging");
            }
            if !click {
                // A drag ended: draw the picture around the view again if it moved far, so the
                // next drag starts with margins all round.
                {
                    let mut guard = self.state.borrow_mut();
                    let st = &mut *guard;
                    if let (Some(layer), Some(scene), Some(camera), Some(palette)) =
                        (st.layer.as_mut(), st.scene.as_ref(), st.camera.as_ref(), st.palette.as_ref())
                    {
                        layer.recentre(scene, camera, palette);
                    }
                    let painting = st.layer.as_ref().is_some_and(Layer::painting);
                    drop(guard);
                    if painting {
                        self.request_slice();
                    }
                }
                self.request_frame();
            }
        }
        if !click {
            return;
        }
        let stop = self.hit(x, y);
        let order = {
            let mut st = self.state.borrow_mut();
            st.selected = stop;
            st.hover = stop;
            match (stop, st.scene.as_ref()) {
                (Some(Stop::Order(o)), Some(scene)) => Some(scene.order_ids[o].clone()),
                _ => None,
            }
        };
        self.request_frame();
        if let Some(on_select) = self.on_select {
            on_select.run(order);
        }
    }

    fn wheel(&self, ev: &WheelEvent) {
        ev.prevent_default();
        let pixels = match ev.delta_mode() {
            1 => ev.delta_y() * 16.0,
            2 => ev.delta_y() * 400.0,
            _ => ev.delta_y(),
        };
        // Trackpad pinches arrive as wheel events with Ctrl held and small deltas.
        let speed = if ev.ctrl_key() { 0.01 } else { 0.002 };
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        self.move_camera(|c| c.zoom_at(x, y, (-pixels * speed).exp()));
    }

    fn key(&self, ev: &KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let pan = |dx: f64, dy: f64| self.move_camera(|c| c.pan(dx * c.width * PAN_STEP, dy * c.height * PAN_STEP));
        match ev.key().as_str() {
            // The arrow shows what lies that way: the world moves the other way.
            "ArrowLeft" => pan(1.0, 0.0),
            "ArrowRight" => pan(-1.0, 0.0),
            "ArrowUp" => pan(0.0, 1.0),
            "ArrowDown" => pan(0.0, -1.0),
            "+" | "=" => self.zoom_centre(ZOOM_STEP),
            "-" | "_" => self.zoom_centre(1.0 / ZOOM_STEP),
            "0" => self.fit(),
            "Escape" => {
                {
                    let mut st = self.state.borrow_mut();
                    st.selected = None;
                    st.hover = None;
                }
                self.request_frame();
                if let Some(on_select) = self.on_select {
                    on_select.run(None);
                }
            }
            _ => return,
        }
        ev.prevent_default();
    }
}

/// The fitted camera for the current scene and size, if there is a scene and a size.
fn fitted(st: &MapState) -> Option<Camera> {
    let scene = st.scene.as_ref()?;
    (st.width > 0.0 && st.height > 0.0).then_some(())?;
    Some(Camera::fit(scene.bounds?, scene.projection, st.width, st.height))
}

/// The tooltip of a stop, placed where the stop is drawn; none when it is out of view.
fn tooltip_for(scene: &Scene, camera: &Camera, stop: Stop) -> Option<Tooltip> {
    let (x, y) = camera.on_screen(scene.stop_world(stop));
    if !(0.0..=camera.width).contains(&x) || !(0.0..=camera.height).contains(&y) {
        return None;
    }
    let (x, y) = ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0);
    Some(match stop {
        Stop::Order(o) => {
            let route = scene.order_route[o];
            Tooltip {
                id: scene.order_ids[o].clone(),
                kind: "order",
                detail: match route {
                    None => "unassigned".to_string(),
                    Some(k) => match scene.route_vehicles.get(k).cloned().flatten() {
                        Some(vehicle) => format!("route {} · {vehicle}", k + 1),
                        None => format!("route {}", k + 1),
                    },
                },
                colour: route,
                x,
                y,
            }
        }
        Stop::Depot(d) => {
            Tooltip { id: scene.depot_ids[d].clone(), kind: "depot", detail: "depot".to_string(), colour: None, x, y }
        }
    })
}

// The pure parts' unit tests (projection, grid, scene, tiles) also run in headless Chromium with
// the other browser tests; the threaded module needs a browser, not Node.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
