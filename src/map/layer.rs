//! The drawn map kept as a picture, so that panning moves a picture instead of drawing 10,000
//! stops again. The picture is drawn on an offscreen canvas for the current camera; once the
//! camera pans, it is drawn again with a margin around the view (up to a view's width and height
//! on each side, within a pixel budget), and while the camera only moves within that margin a
//! frame is one `drawImage` of the picture at the camera's offset. Anything else (other data,
//! another route selected, a zoom, a new size) draws the picture again, the view's size only,
//! as drawing the margin costs more than it saves when nothing pans.

use geo::Coord;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::draw::{self, Drawn, Palette};
use super::projection::Camera;
use super::scene::Scene;

/// The most canvas pixels the picture may have (16 M: 64 MB of RGBA).
const MAX_PIXELS: f64 = 16e6;

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
    drawn: Drawn,
}

pub struct Layer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    shown: Option<Shown>,
}

impl Layer {
    /// An offscreen canvas for the picture; `None` without a document.
    pub fn new() -> Option<Layer> {
        let canvas: HtmlCanvasElement =
            web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
        let ctx = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Layer { canvas, ctx, shown: None })
    }

    /// Paints `scene` through `camera` on `target` (a canvas of the camera's size × the pixel
    /// ratio): the picture, drawn again first if it does not cover the view. Returns what the
    /// view shows.
    pub fn paint(
        &mut self,
        target: &CanvasRenderingContext2d,
        scene: &Scene,
        camera: &Camera,
        palette: &Palette,
        key: Key,
    ) -> Drawn {
        let ratio = key.pixel_ratio;
        let shown = match self.shown.filter(|s| s.key == key) {
            Some(shown) if offset(&shown, camera).is_some() => shown,
            // Panned off the picture: draw it again with margins for the rest of the pan.
            Some(_) => self.draw(scene, camera, palette, key, true),
            None => self.draw(scene, camera, palette, key, false),
        };
        let (dx, dy) = offset(&shown, camera).unwrap_or_default();
        let _ = target.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        target.clear_rect(0.0, 0.0, camera.width * ratio, camera.height * ratio);
        let at = |d: f64, m: f64| ((d - m) * ratio).round();
        let _ =
            target.draw_image_with_html_canvas_element(&self.canvas, at(dx, shown.margin.0), at(dy, shown.margin.1));
        let (stops, broken_stops) = draw::in_view(scene, camera);
        Drawn { stops, broken_stops, ..shown.drawn }
    }

    /// After a drag: when the camera has moved more than half the picture's margin from where
    /// it was drawn, the picture is drawn again around the view now (margins included), so the
    /// next drag starts with room all round.
    pub fn recentre(&mut self, scene: &Scene, camera: &Camera, palette: &Palette) {
        if let Some(shown) = self.shown {
            let (dx, dy) = displacement(&shown, camera);
            if dx.abs() > shown.margin.0 / 2.0 || dy.abs() > shown.margin.1 / 2.0 {
                self.draw(scene, camera, palette, shown.key, true);
            }
        }
    }

    fn draw(&mut self, scene: &Scene, camera: &Camera, palette: &Palette, key: Key, panning: bool) -> Shown {
        let ratio = key.pixel_ratio;
        let margin = if panning { margins(camera.width, camera.height, ratio) } else { (0.0, 0.0) };
        let around = Camera { width: camera.width + 2.0 * margin.0, height: camera.height + 2.0 * margin.1, ..*camera };
        let (w, h) = ((around.width * ratio).round() as u32, (around.height * ratio).round() as u32);
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        let drawn = draw::draw(&self.ctx, scene, &around, palette, ratio, key.selected);
        let shown = Shown { key, center: camera.center, margin, drawn };
        self.shown = Some(shown);
        shown
    }
}

/// How far (CSS pixels) the world has moved on screen since the picture was drawn.
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
        Shown { key, center, margin, drawn: Drawn::default() }
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
