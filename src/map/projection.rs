//! From scenario coordinates to the screen, in two steps.
//!
//! 1. A [`Projection`] maps a scenario point into *world* coordinates, a plane where x grows to
//!    the east / right and y grows downwards like the screen's: Web Mercator's unit square for
//!    `[lon, lat]` points (the square OpenStreetMap's tiles divide), plain x/y with y flipped for
//!    planar (benchmark) points.
//! 2. A [`Camera`] maps world coordinates to CSS pixels of the map with one scale for both axes
//!    (equal aspect), and is what panning and zooming move.

use std::f64::consts::PI;

use geo::{BoundingRect, Coord, MultiPoint, Rect};

/// Web Mercator's latitude limit: the square world ends here (about ±85.05°).
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;
/// How far the view may zoom out and in, relative to the fitted view.
pub const MIN_ZOOM: f64 = 0.25;
pub const MAX_ZOOM: f64 = 4096.0;
/// Free space around the fitted scenario, in CSS pixels.
pub const FIT_MARGIN: f64 = 24.0;

/// How a scenario's coordinates are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Projection {
    /// Plain x/y (benchmark files), y up.
    Planar,
    /// `[lon, lat]` in degrees, drawn in Web Mercator.
    WebMercator,
}

impl Projection {
    pub fn new(planar: bool) -> Self {
        if planar {
            Projection::Planar
        } else {
            Projection::WebMercator
        }
    }

    /// The world position of a scenario point.
    pub fn project(self, p: [f64; 2]) -> Coord {
        match self {
            Projection::Planar => Coord { x: p[0], y: -p[1] },
            Projection::WebMercator => mercator(Coord { x: p[0], y: p[1] }),
        }
    }

    /// The smallest world extent a fitted view shows, so that a single stop (or stops all at one
    /// place) is not blown up without limit: 1 unit planar, about 400 m at the equator.
    fn min_span(self) -> f64 {
        match self {
            Projection::Planar => 1.0,
            Projection::WebMercator => 1e-5,
        }
    }
}

/// Web Mercator: longitude/latitude in degrees to the unit square, x east from −180°, y south
/// from the northern limit. Latitudes beyond ±[`MAX_LATITUDE`] are clamped onto the square.
pub fn mercator(lon_lat: Coord) -> Coord {
    let lat = lon_lat.y.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    Coord { x: (lon_lat.x + 180.0) / 360.0, y: (1.0 - (PI / 4.0 + lat / 2.0).tan().ln() / PI) / 2.0 }
}

/// The smallest rectangle around every finite point, if there is one.
pub fn bounds(points: impl IntoIterator<Item = Coord>) -> Option<Rect> {
    let finite: Vec<Coord> = points.into_iter().filter(|c| c.x.is_finite() && c.y.is_finite()).collect();
    MultiPoint::from(finite).bounding_rect()
}

/// What the map shows: the world point at the centre of the view and how many CSS pixels one
/// world unit spans.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub center: Coord,
    /// CSS pixels per world unit.
    pub scale: f64,
    /// The scale that fits the scenario: zoom factors are relative to it.
    pub fit_scale: f64,
    /// The view's size in CSS pixels.
    pub width: f64,
    pub height: f64,
}

impl Camera {
    /// The view that shows all of `bounds` inside a `width` × `height` view with a margin.
    pub fn fit(bounds: Rect, projection: Projection, width: f64, height: f64) -> Camera {
        let span = |s: f64| s.max(projection.min_span());
        let room = |side: f64| (side - 2.0 * FIT_MARGIN).max(side / 2.0).max(1.0);
        let scale = (room(width) / span(bounds.width())).min(room(height) / span(bounds.height()));
        Camera { center: bounds.center(), scale, fit_scale: scale, width, height }
    }

    /// How far the view is zoomed in from the fitted view (1 = fitted).
    pub fn zoom(&self) -> f64 {
        self.scale / self.fit_scale
    }

    pub fn on_screen(&self, world: Coord) -> (f64, f64) {
        (
            (world.x - self.center.x) * self.scale + self.width / 2.0,
            (world.y - self.center.y) * self.scale + self.height / 2.0,
        )
    }

    pub fn world_at(&self, x: f64, y: f64) -> Coord {
        Coord {
            x: self.center.x + (x - self.width / 2.0) / self.scale,
            y: self.center.y + (y - self.height / 2.0) / self.scale,
        }
    }

    /// The part of the world in view.
    pub fn visible(&self) -> Rect {
        Rect::new(self.world_at(0.0, 0.0), self.world_at(self.width, self.height))
    }

    /// Moves the view so that the world follows the pointer by `dx`, `dy` CSS pixels.
    pub fn pan(&mut self, dx: f64, dy: f64) {
        self.center.x -= dx / self.scale;
        self.center.y -= dy / self.scale;
    }

    /// Zooms by `factor` keeping the world point under the screen point `x`, `y` where it is; the
    /// zoom stays within [`MIN_ZOOM`]..=[`MAX_ZOOM`].
    pub fn zoom_at(&mut self, x: f64, y: f64, factor: f64) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let anchor = self.world_at(x, y);
        self.scale = (self.scale * factor).clamp(self.fit_scale * MIN_ZOOM, self.fit_scale * MAX_ZOOM);
        self.center = Coord {
            x: anchor.x - (x - self.width / 2.0) / self.scale,
            y: anchor.y - (y - self.height / 2.0) / self.scale,
        };
    }

    /// A new view size, keeping the centre and the scale.
    pub fn resize(&mut self, width: f64, height: f64) {
        self.width = width;
        self.height = height;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The inverse of [`mercator`]: world unit square to longitude/latitude in degrees.
    fn inverse_mercator(world: Coord) -> Coord {
        let lat = (PI * (1.0 - 2.0 * world.y)).sinh().atan().to_degrees();
        Coord { x: world.x * 360.0 - 180.0, y: lat }
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn mercator_puts_null_island_in_the_middle_and_the_limits_on_the_edges() {
        let c = mercator(Coord { x: 0.0, y: 0.0 });
        assert!(close(c.x, 0.5, 1e-12) && close(c.y, 0.5, 1e-12), "{c:?}");
        let nw = mercator(Coord { x: -180.0, y: MAX_LATITUDE });
        assert!(close(nw.x, 0.0, 1e-12) && close(nw.y, 0.0, 1e-9), "{nw:?}");
        let se = mercator(Coord { x: 180.0, y: -MAX_LATITUDE });
        assert!(close(se.x, 1.0, 1e-12) && close(se.y, 1.0, 1e-9), "{se:?}");
        // Beyond the limit: clamped onto the square, never NaN.
        assert!(close(mercator(Coord { x: 0.0, y: 90.0 }).y, 0.0, 1e-9));
    }

    #[test]
    fn mercator_matches_the_osm_tile_of_a_known_place() {
        // Lyon's Place Bellecour (4.8320° E, 45.7578° N) lies in OSM tile 12/2102/1461 (the slippy-map tile formula).
        let w = mercator(Coord { x: 4.8320, y: 45.7578 });
        let n = 2f64.powi(12);
        assert_eq!(((w.x * n).floor(), (w.y * n).floor()), (2102.0, 1461.0));
    }

    #[test]
    fn mercator_round_trips_and_north_is_up() {
        for &(lon, lat) in &[(4.83, 45.76), (-73.98, 40.75), (151.2, -33.87), (0.0, 84.0)] {
            let back = inverse_mercator(mercator(Coord { x: lon, y: lat }));
            assert!(close(back.x, lon, 1e-9) && close(back.y, lat, 1e-9), "{lon},{lat} → {back:?}");
        }
        let south = Projection::WebMercator.project([4.83, 45.70]);
        let north = Projection::WebMercator.project([4.83, 45.80]);
        assert!(north.y < south.y, "north is drawn above south");
    }

    #[test]
    fn planar_points_keep_their_scale_with_y_up() {
        let a = Projection::Planar.project([10.0, 20.0]);
        let b = Projection::Planar.project([13.0, 24.0]);
        assert_eq!((b.x - a.x, b.y - a.y), (3.0, -4.0));
    }

    #[test]
    fn bounds_skip_points_that_are_not_finite() {
        let rect = bounds([Coord { x: 1.0, y: 2.0 }, Coord { x: f64::NAN, y: 0.0 }, Coord { x: -3.0, y: 5.0 }]);
        let rect = rect.expect("two finite points");
        assert_eq!((rect.min(), rect.max()), (Coord { x: -3.0, y: 2.0 }, Coord { x: 1.0, y: 5.0 }));
        assert_eq!(bounds([Coord { x: f64::INFINITY, y: 0.0 }]), None);
    }

    #[test]
    fn fit_shows_everything_with_equal_aspect() {
        let rect = Rect::new(Coord { x: 0.0, y: -50.0 }, Coord { x: 100.0, y: 0.0 });
        let camera = Camera::fit(rect, Projection::Planar, 848.0, 448.0);
        assert_eq!(camera.zoom(), 1.0);
        // 800 px of room across 100 units, 400 px of room for 50 units: both 8 px per unit.
        assert!(close(camera.scale, 8.0, 1e-12));
        let (x0, y0) = camera.on_screen(rect.min());
        let (x1, y1) = camera.on_screen(rect.max());
        assert!(close(x0, 24.0, 1e-9) && close(x1, 824.0, 1e-9) && close(y0, 24.0, 1e-9) && close(y1, 424.0, 1e-9));
        // A single point gets a sensible scale, not an infinite one.
        let point = Rect::new(Coord { x: 0.5, y: 0.5 }, Coord { x: 0.5, y: 0.5 });
        assert!(Camera::fit(point, Projection::WebMercator, 800.0, 600.0).scale.is_finite());
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor_and_stays_within_limits() {
        let rect = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 100.0, y: 100.0 });
        let mut camera = Camera::fit(rect, Projection::Planar, 800.0, 600.0);
        let under = camera.world_at(200.0, 150.0);
        camera.zoom_at(200.0, 150.0, 2.5);
        assert!(close(camera.zoom(), 2.5, 1e-12));
        let (x, y) = camera.on_screen(under);
        assert!(close(x, 200.0, 1e-9) && close(y, 150.0, 1e-9));
        camera.zoom_at(0.0, 0.0, 1e9);
        assert_eq!(camera.zoom(), MAX_ZOOM);
        camera.zoom_at(0.0, 0.0, 1e-12);
        assert_eq!(camera.zoom(), MIN_ZOOM);
    }

    #[test]
    fn pan_moves_the_world_with_the_pointer() {
        let rect = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 10.0, y: 10.0 });
        let mut camera = Camera::fit(rect, Projection::Planar, 400.0, 400.0);
        let p = Coord { x: 3.0, y: 7.0 };
        let (x, y) = camera.on_screen(p);
        camera.pan(30.0, -12.0);
        let (x2, y2) = camera.on_screen(p);
        assert!(close(x2 - x, 30.0, 1e-9) && close(y2 - y, -12.0, 1e-9));
        assert!(geo::Contains::contains(&camera.visible(), &camera.world_at(200.0, 200.0)));
    }
}
