//! OpenStreetMap's street-map tiles under the routes, for geographic scenarios, only when the user
//! switches them on: each tile is an `<img>` in a layer under the canvas, placed from the camera.
//!
//! A tile that fails to load (offline, blocked, the server refusing) is hidden rather than shown
//! as a broken image, and while any tile in view has failed a short message says the street map
//! is unavailable.
//!
//! Tiles use OpenStreetMap's slippy-map scheme, which divides the same Web Mercator unit square
//! the map's world coordinates live in: at zoom `z` the square is `2^z` × `2^z` tiles.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlImageElement};

use super::projection::Camera;

/// OpenStreetMap's standard tile server (its tile usage policy asks for the attribution shown
/// while tiles are on).
pub const TILE_HOST: &str = "https://tile.openstreetmap.org";
/// The deepest zoom level the server has.
pub const MAX_TILE_ZOOM: u8 = 19;
/// The size tiles are drawn for.
const TILE_PIXELS: f64 = 256.0;
/// What the map says while tiles in view could not be loaded.
pub const TILES_FAILED: &str = "street map unavailable: tiles could not be loaded";

/// One tile and where it goes, in CSS pixels of the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tile {
    pub z: u8,
    pub x: u32,
    pub y: u32,
    pub left: f64,
    pub top: f64,
    pub size: f64,
}

impl Tile {
    pub fn url(&self) -> String {
        format!("{TILE_HOST}/{}/{}/{}.png", self.z, self.x, self.y)
    }
}

/// The zoom level whose tiles are closest to 256 pixels wide at this camera.
pub fn tile_zoom(camera: &Camera) -> u8 {
    let z = (camera.scale / TILE_PIXELS).log2().round();
    if z.is_finite() {
        z.clamp(0.0, MAX_TILE_ZOOM as f64) as u8
    } else {
        0
    }
}

/// The tiles that cover the view (none outside the world square).
pub fn covering(camera: &Camera) -> Vec<Tile> {
    let z = tile_zoom(camera);
    let n = 1u32 << z;
    let tile = 1.0 / n as f64;
    let view = camera.visible();
    let range = |low: f64, high: f64| {
        let first = (low / tile).floor().max(0.0);
        let last = (high / tile).floor().min(n as f64 - 1.0);
        if first > last || !first.is_finite() || !last.is_finite() {
            0..0
        } else {
            first as u32..last as u32 + 1
        }
    };
    let (columns, rows) = (range(view.min().x, view.max().x), range(view.min().y, view.max().y));
    let mut tiles = Vec::with_capacity(columns.len() * rows.len());
    for y in rows {
        for x in columns.clone() {
            // Whole pixels, each tile ending where the next begins: no seams between them.
            let (x0, y0) = camera.on_screen(geo::Coord { x: x as f64 * tile, y: y as f64 * tile });
            let (x1, _) = camera.on_screen(geo::Coord { x: (x + 1) as f64 * tile, y: y as f64 * tile });
            let (left, top) = (x0.round(), y0.round());
            tiles.push(Tile { z, x, y, left, top, size: x1.round() - left });
        }
    }
    tiles
}

/// The `<img>` elements of the tiles in view, kept while they stay in view, and the message shown
/// while any of them failed to load.
pub struct TileLayer {
    layer: HtmlElement,
    shown: HashMap<(u8, u32, u32), ShownTile>,
    /// "street map unavailable …", next to the layer (which screen readers skip), hidden unless a
    /// tile in view failed.
    failed_note: Option<HtmlElement>,
}

/// A tile's `<img>`, whether it failed to load, and the handler that notices (dropped with it).
struct ShownTile {
    img: HtmlImageElement,
    failed: Rc<Cell<bool>>,
    _on_error: Closure<dyn FnMut()>,
}

impl TileLayer {
    pub fn new(layer: HtmlElement) -> Self {
        let failed_note = failed_note(&layer);
        TileLayer { layer, shown: HashMap::new(), failed_note }
    }

    /// Shows exactly `tiles`: removes the others, adds the missing ones, places them all. The
    /// message about failed tiles shows while one of them has failed (so never with tiles off).
    pub fn show(&mut self, tiles: &[Tile]) {
        let wanted: HashMap<(u8, u32, u32), &Tile> = tiles.iter().map(|t| ((t.z, t.x, t.y), t)).collect();
        self.shown.retain(|key, tile| {
            let keep = wanted.contains_key(key);
            if !keep {
                tile.img.set_onerror(None);
                tile.img.remove();
            }
            keep
        });
        for (key, tile) in wanted {
            let img = match self.shown.get(&key) {
                Some(shown) => shown.img.clone(),
                None => {
                    let Some(shown) = self.new_tile(tile) else { continue };
                    let img = shown.img.clone();
                    let _ = self.layer.append_child(&img);
                    self.shown.insert(key, shown);
                    img
                }
            };
            let style = img.style();
            let _ = style.set_property("left", &format!("{}px", tile.left));
            let _ = style.set_property("top", &format!("{}px", tile.top));
            let _ = style.set_property("width", &format!("{}px", tile.size));
            let _ = style.set_property("height", &format!("{}px", tile.size));
        }
        if let Some(note) = &self.failed_note {
            note.set_hidden(!self.shown.values().any(|t| t.failed.get()));
        }
    }

    /// A tile's `<img>`, which hides itself and shows the message if it fails to load.
    fn new_tile(&self, tile: &Tile) -> Option<ShownTile> {
        let img = new_image()?;
        let failed = Rc::new(Cell::new(false));
        let on_error = {
            let (img, failed, note) = (img.clone(), failed.clone(), self.failed_note.clone());
            Closure::<dyn FnMut()>::new(move || {
                failed.set(true);
                let _ = img.class_list().add_1("failed");
                if let Some(note) = &note {
                    note.set_hidden(false);
                }
            })
        };
        img.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // Set last, so that the handler is in place whatever happens.
        img.set_src(&tile.url());
        Some(ShownTile { img, failed, _on_error: on_error })
    }
}

impl Drop for TileLayer {
    fn drop(&mut self) {
        for tile in self.shown.values() {
            tile.img.set_onerror(None);
        }
        if let Some(note) = &self.failed_note {
            note.remove();
        }
    }
}

/// The hidden message about failed tiles, placed after `layer` (over the canvas).
fn failed_note(layer: &HtmlElement) -> Option<HtmlElement> {
    let document = web_sys::window()?.document()?;
    let note: HtmlElement = document.create_element("p").ok()?.dyn_into().ok()?;
    note.set_class_name("map-tiles-failed");
    let _ = note.set_attribute("role", "status");
    let _ = note.set_attribute("data-testid", "map-tiles-failed");
    note.set_text_content(Some(TILES_FAILED));
    note.set_hidden(true);
    layer.parent_element()?.append_child(&note).ok()?;
    Some(note)
}

/// An empty tile `<img>` (its `src` is set once its error handler is in place).
fn new_image() -> Option<HtmlImageElement> {
    let document = web_sys::window()?.document()?;
    let img: HtmlImageElement = document.create_element("img").ok()?.dyn_into().ok()?;
    img.set_class_name("map-tile");
    img.set_alt("");
    img.set_draggable(false);
    // A CORS request: allowed into a cross-origin isolated page (COEP), since the server sends
    // `Access-Control-Allow-Origin: *`.
    img.set_cross_origin(Some("anonymous"));
    Some(img)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::projection::{mercator, Projection};
    use geo::{Coord, Rect};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn lyon() -> Camera {
        // About 10 km around Lyon in an 800 × 600 view.
        let rect = Rect::new(mercator(Coord { x: 4.78, y: 45.72 }), mercator(Coord { x: 4.90, y: 45.80 }));
        Camera::fit(rect, Projection::WebMercator, 800.0, 600.0)
    }

    #[test]
    fn tiles_are_about_256_pixels_and_cover_the_view_without_gaps() {
        let camera = lyon();
        let tiles = covering(&camera);
        let z = tile_zoom(&camera);
        assert!((12..=14).contains(&z), "a city fits at zoom 12–14, got {z}");
        for t in &tiles {
            assert!((180.0..=363.0).contains(&t.size), "{t:?}");
            assert_eq!(t.z, z);
        }
        let left = tiles.iter().map(|t| t.left).fold(f64::MAX, f64::min);
        let right = tiles.iter().map(|t| t.left + t.size).fold(f64::MIN, f64::max);
        let top = tiles.iter().map(|t| t.top).fold(f64::MAX, f64::min);
        let bottom = tiles.iter().map(|t| t.top + t.size).fold(f64::MIN, f64::max);
        assert!(left <= 0.0 && top <= 0.0 && right >= 800.0 && bottom >= 600.0, "{left} {top} {right} {bottom}");
        // Neighbours meet exactly.
        let row: Vec<&Tile> = tiles.iter().filter(|t| t.y == tiles[0].y).collect();
        for pair in row.windows(2) {
            assert_eq!(pair[0].left + pair[0].size, pair[1].left);
        }
        assert!(tiles.len() <= 30, "{} tiles", tiles.len());
        assert!(tiles[0].url().starts_with("https://tile.openstreetmap.org/"));
        assert_eq!(tiles[0].url(), format!("https://tile.openstreetmap.org/{z}/{}/{}.png", tiles[0].x, tiles[0].y));
    }

    #[test]
    fn zooming_in_and_out_changes_the_tile_level_within_the_server_range() {
        let mut camera = lyon();
        let z = tile_zoom(&camera);
        camera.zoom_at(400.0, 300.0, 4.0);
        assert_eq!(tile_zoom(&camera), z + 2);
        camera.zoom_at(400.0, 300.0, 1e6);
        assert_eq!(tile_zoom(&camera), MAX_TILE_ZOOM);
        // The whole world in a small view: the one tile of zoom 0.
        let world = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 1.0 });
        let tiny = Camera::fit(world, Projection::WebMercator, 100.0, 100.0);
        let tiles = covering(&tiny);
        assert_eq!(tiles.iter().map(|t| (t.z, t.x, t.y)).collect::<Vec<_>>(), vec![(0, 0, 0)]);
    }
}
