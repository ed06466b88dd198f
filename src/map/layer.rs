//! The drawn map kept as a picture, so that panning moves a picture instead of drawing 10,000
//! stops again. The picture is drawn on an offscreen canvas for the current camera; once the
//! camera pans, it is drawn again with a margin around the view (up to a view's width and height
//! on each side, within a pixel budget), and while the camera only moves within that margin a
//! frame is one `drawImage` of the picture at the camera's offset. Anything else (other data,
//! another route selected, a zoom, a new size) draws the picture again, the view's size only,
//! as drawing the margin costs more than it saves when nothing pans.
//!
//! **Large pictures are painted in slices.** Painting 10,000 stops costs the browser over 100 ms
//! (the canvas rasterises what it recorded when the picture is first copied). So a picture of
//! more than [`SLICE_POINTS`] points is painted on a second, back canvas a slice at a time, each
//! slice in its own task and rasterised at its end, while frames keep showing the front picture
//! (moved, or scaled after a zoom, to where the camera puts it); the finished back picture then
//! becomes the front one. Another view (zoom, size, selection) replaces a picture still
//! being painted; a newer plan waits for it to finish (plans may come faster than pictures are
//! painted) and is painted next. Small
//! pictures are painted at once, as before.

use geo::Coord;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::draw::{self, Drawn, Palette, Sketch};
use super::projection::Camera;
use super::scene::Scene;

/// The most canvas pixels the picture may have (16 M: 64 MB of RGBA).
const MAX_PIXELS: f64 = 16e6;

/// Points (line vertices and stops) painted in one slice: about 15 ms of the browser's
/// rasterising on a loaded two-core machine. A picture with fewer is painted at once.
pub const SLICE_POINTS: usize = 600;

/// What the picture depends on besides where the camera looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Key {
    /// Bumped with every new scene.
    pub scene: u64,
    pub selected: Option<usize>,
    pub scale: f64,
    pub width: f64,
    pub height: f64,
    pub pixel_ratio: f64,
}

impl Key {
    pub fn new(scene: u64, selected: Option<usize>, camera: &Camera, pixel_ratio: f64) -> Key {
        Key { scene, selected, scale: camera.scale, width: camera.width, height: camera.height, pixel_ratio }
    }
}

/// The picture as drawn: for which key, around which centre, with which margins (CSS pixels).
#[derive(Clone, Copy, Debug)]
struct Shown {
    key: Key,
    center: Coord,
    margin: (f64, f64),
}

/// An offscreen canvas.
struct Picture {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
}

impl Picture {
    fn new(width: u32, height: u32) -> Option<Picture> {
        let canvas: HtmlCanvasElement =
            web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
        canvas.set_width(width);
        canvas.set_height(height);
        // Painted by the CPU whatever the machine: each slice is read back (see `rasterise`).
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &JsValue::from_str("willReadFrequently"), &JsValue::TRUE).ok()?;
        let ctx = canvas.get_context_with_context_options("2d", &options).ok()??.dyn_into().ok()?;
        Some(Picture { canvas, ctx })
    }

    /// Sizes the canvas for a picture through `around`.
    fn fit(&self, around: &Camera, ratio: f64) {
        let (w, h) = ((around.width * ratio).round() as u32, (around.height * ratio).round() as u32);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
    }
}

/// A picture being painted on the back canvas, slice by slice.
struct Build {
    shown: Shown,
    /// The camera it is painted for (the view without margins).
    camera: Camera,
    sketch: Sketch,
    /// The back canvas is sized and cleared.
    cleared: bool,
    /// The next stroke to paint.
    next: usize,
}

/// What [`Layer::step`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Nothing is being painted.
    Idle,
    /// Painted a slice; more to come.
    Painting,
    /// Painted the last slice: the new picture is in front (draw a frame).
    Finished,
}

pub struct Layer {
    front: Picture,
    shown: Option<Shown>,
    back: Picture,
    build: Option<Build>,
}

impl Layer {
    /// Offscreen canvases for the picture; `None` without a document.
    pub fn new() -> Option<Layer> {
        Some(Layer { front: Picture::new(1, 1)?, shown: None, back: Picture::new(1, 1)?, build: None })
    }

    /// Paints a frame on `target`: the picture for `key` at the camera's offset, drawn first if
    /// it does not cover the view (at once when small; a large one is begun on the back canvas,
    /// and meanwhile the picture in front is shown where the camera puts it). Returns what the
    /// frame shows.
    pub fn paint(
        &mut self,
        target: &CanvasRenderingContext2d,
        scene: &Scene,
        camera: &Camera,
        palette: &Palette,
        key: Key,
    ) -> Drawn {
        let current = self.shown.filter(|s| s.key == key && offset(s, camera).is_some());
        if current.is_none() {
            if large(scene) {
                // A picture being painted for another view is dropped; one of an older plan is
                // finished first (plans may come faster than pictures are painted), and the
                // next picture is of the newest plan.
                let wanted = |k: Key| Key { scene: key.scene, ..k } == key;
                if !self.build.as_ref().is_some_and(|b| wanted(b.shown.key)) {
                    self.begin(scene, camera, palette, key);
                }
            } else {
                self.build = None;
                let panning = self.shown.is_some_and(|s| s.key == key);
                self.draw(scene, camera, palette, key, panning);
            }
        }
        let ratio = key.pixel_ratio;
        let _ = target.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        target.clear_rect(0.0, 0.0, camera.width * ratio, camera.height * ratio);
        if let Some(shown) = self.shown {
            let picture = &self.front.canvas;
            match offset(&shown, camera).filter(|_| shown.key.scale == camera.scale && shown.key.pixel_ratio == ratio) {
                Some((dx, dy)) => {
                    let at = |d: f64, m: f64| ((d - m) * ratio).round();
                    let _ = target.draw_image_with_html_canvas_element(
                        picture,
                        at(dx, shown.margin.0),
                        at(dy, shown.margin.1),
                    );
                }
                None => {
                    // Another zoom or a pan beyond the margin, while the new picture is painted:
                    // the old one, scaled and moved to where the camera puts its world.
                    let old = shown.key;
                    let corner = Coord {
                        x: shown.center.x - (old.width / 2.0 + shown.margin.0) / old.scale,
                        y: shown.center.y - (old.height / 2.0 + shown.margin.1) / old.scale,
                    };
                    let (x, y) = camera.on_screen(corner);
                    let grow = camera.scale / old.scale * ratio / old.pixel_ratio;
                    let (w, h) = (picture.width() as f64 * grow, picture.height() as f64 * grow);
                    let _ =
                        target.draw_image_with_html_canvas_element_and_dw_and_dh(picture, x * ratio, y * ratio, w, h);
                }
            }
        }
        // What the frame shows, or shows once the picture being painted is in front.
        let (stops, broken_stops, pickups) = draw::in_view(scene, camera);
        let lines = || scene.routes.iter().enumerate().filter(|(_, r)| r.len() >= 2);
        let broken_routes = lines().filter(|(k, _)| scene.route_broken.get(*k).copied().unwrap_or(false)).count();
        let links = key.selected.map_or(0, |k| draw::linked(scene, k).count());
        Drawn { routes: lines().count(), broken_routes, stops, broken_stops, pickups, links }
    }

    /// After a drag: when the camera went more than half a margin away from the picture's
    /// centre, draws it again around the view (a large one slice by slice).
    pub fn recentre(&mut self, scene: &Scene, camera: &Camera, palette: &Palette) {
        if let Some(shown) = self.shown {
            let (dx, dy) = displacement(&shown, camera);
            if dx.abs() > shown.margin.0 / 2.0 || dy.abs() > shown.margin.1 / 2.0 {
                if large(scene) {
                    self.begin(scene, camera, palette, shown.key);
                } else {
                    self.draw(scene, camera, palette, shown.key, true);
                }
            }
        }
    }

    /// True while a picture is being painted slice by slice.
    pub fn painting(&self) -> bool {
        self.build.is_some()
    }

    /// Paints the next slice of the picture being painted; the last one puts it in front.
    pub fn step(&mut self) -> Step {
        let Some(build) = self.build.as_mut() else { return Step::Idle };
        if !build.cleared {
            // A slice of its own: sizing the canvas may allocate it anew.
            let key = build.shown.key;
            let around = around(&build.camera, build.shown.margin);
            self.back.fit(&around, key.pixel_ratio);
            draw::clear(&self.back.ctx, &around, key.pixel_ratio, build.sketch.crowded);
            rasterise(&self.back.ctx);
            build.cleared = true;
            return Step::Painting;
        }
        let mut points = 0;
        while points < SLICE_POINTS {
            let Some(stroke) = build.sketch.strokes.get(build.next) else { break };
            draw::paint(&self.back.ctx, stroke);
            points += stroke.size();
            build.next += 1;
        }
        // Rasterise the slice now rather than when the picture is first shown.
        rasterise(&self.back.ctx);
        if build.next < build.sketch.strokes.len() {
            return Step::Painting;
        }
        let shown = build.shown;
        self.build = None;
        std::mem::swap(&mut self.front, &mut self.back);
        self.shown = Some(shown);
        Step::Finished
    }

    /// Begins painting the picture for `key` around the camera on the back canvas, with margins
    /// (the camera may pan while it is painted).
    fn begin(&mut self, scene: &Scene, camera: &Camera, palette: &Palette, key: Key) {
        let margin = margins(camera.width, camera.height, key.pixel_ratio);
        let sketch = draw::sketch(scene, &around(camera, margin), palette, key.selected);
        let shown = Shown { key, center: camera.center, margin };
        self.build = Some(Build { shown, camera: *camera, sketch, cleared: false, next: 0 });
    }

    /// Draws the picture for `key` at once: around the camera with margins when `panning`,
    /// else the view's size.
    fn draw(&mut self, scene: &Scene, camera: &Camera, palette: &Palette, key: Key, panning: bool) -> Shown {
        let ratio = key.pixel_ratio;
        let margin = if panning { margins(camera.width, camera.height, ratio) } else { (0.0, 0.0) };
        let around = Camera { width: camera.width + 2.0 * margin.0, height: camera.height + 2.0 * margin.1, ..*camera };
        self.front.fit(&around, ratio);
        draw::draw(&self.front.ctx, scene, &around, palette, ratio, key.selected);
        let shown = Shown { key, center: camera.center, margin };
        self.shown = Some(shown);
        shown
    }
}

/// Makes the browser rasterise what `ctx` recorded so far, now: reading one pixel back does
/// (copying the canvas would too, but keeps a snapshot that the next slice then copies whole).
/// `getImageData` is called by name, as the app binds no `ImageData` type.
fn rasterise(ctx: &CanvasRenderingContext2d) {
    let read = js_sys::Reflect::get(ctx, &JsValue::from_str("getImageData")).ok();
    if let Some(read) = read.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let corner = js_sys::Array::of4(&0.into(), &0.into(), &1.into(), &1.into());
        let _ = read.apply(ctx, &corner);
    }
}

/// The camera's view with `margin` (CSS pixels) all round.
fn around(camera: &Camera, margin: (f64, f64)) -> Camera {
    Camera { width: camera.width + 2.0 * margin.0, height: camera.height + 2.0 * margin.1, ..*camera }
}

/// Whether a scene's picture is painted in slices.
fn large(scene: &Scene) -> bool {
    scene.orders.len() + scene.routes.iter().map(Vec::len).sum::<usize>() > SLICE_POINTS
}

/// How far (CSS pixels) the camera has moved from where the picture was drawn.
fn displacement(shown: &Shown, camera: &Camera) -> (f64, f64) {
    ((shown.center.x - camera.center.x) * camera.scale, (shown.center.y - camera.center.y) * camera.scale)
}

/// Where the picture goes on the view, if it covers the view.
fn offset(shown: &Shown, camera: &Camera) -> Option<(f64, f64)> {
    let (dx, dy) = displacement(shown, camera);
    (dx.abs() <= shown.margin.0 + 1e-6 && dy.abs() <= shown.margin.1 + 1e-6).then_some((dx, dy))
}

/// Margins (CSS pixels, whole canvas pixels) around a view of `width` × `height`: the view's
/// size on each side, less when the picture would pass [`MAX_PIXELS`].
fn margins(width: f64, height: f64, ratio: f64) -> (f64, f64) {
    let view = (width * height * ratio * ratio).max(1.0);
    let share = (((MAX_PIXELS / view).sqrt() - 1.0) / 2.0).clamp(0.0, 1.0);
    let whole = |side: f64| (side * share * ratio).floor() / ratio;
    (whole(width), whole(height))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn shown(center: Coord, margin: (f64, f64)) -> Shown {
        let key = Key { scene: 1, selected: None, scale: 100.0, width: 800.0, height: 500.0, pixel_ratio: 1.0 };
        Shown { key, center, margin }
    }

    #[test]
    fn margins_are_a_view_each_side_within_the_pixel_budget() {
        assert_eq!(margins(800.0, 500.0, 1.0), (800.0, 500.0));
        let (mx, my) = margins(1600.0, 1000.0, 2.0);
        assert!(mx < 1600.0 && my < 1000.0, "a big, dense view gets less: {mx}, {my}");
        let pixels = (1600.0 + 2.0 * mx) * (1000.0 + 2.0 * my) * 4.0;
        assert!(pixels <= MAX_PIXELS, "{pixels}");
        assert_eq!((mx * 2.0).fract(), 0.0, "whole canvas pixels");
        assert_eq!(margins(8000.0, 8000.0, 1.0), (0.0, 0.0));
    }

    #[test]
    fn the_picture_moves_with_the_camera_until_it_no_longer_covers_the_view() {
        let picture = shown(Coord { x: 0.0, y: 0.0 }, (800.0, 500.0));
        let mut camera =
            Camera { center: Coord { x: 0.0, y: 0.0 }, scale: 100.0, fit_scale: 100.0, width: 800.0, height: 500.0 };
        assert_eq!(offset(&picture, &camera), Some((0.0, 0.0)));
        // Dragging 30 px right and 10 px down moves the world, and the picture, with the pointer.
        camera.pan(30.0, 10.0);
        let (dx, dy) = offset(&picture, &camera).unwrap();
        assert!((dx - 30.0).abs() < 1e-9 && (dy - 10.0).abs() < 1e-9);
        camera.pan(900.0, 0.0);
        assert_eq!(offset(&picture, &camera), None, "beyond the margin: draw again");
    }
}
