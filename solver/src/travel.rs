//! Travel between locations, one [`Matrix`] per vehicle profile.
//!
//! Geometric travel (planar Euclidean for benchmark files, great-circle × circuity at a speed for
//! lon/lat scenarios) is computed on demand from each location's prepared coordinates: memory
//! grows with the number of locations, not its square, so a 20,000-location day fits. Small
//! problems (up to [`DENSE_UP_TO`] locations) also keep the figures in a dense cache, which the
//! search reads faster than it recomputes them; both give the same figures. Imported tables are
//! stored densely in a compact form (hundredths of a second or metre in a `u32`, 8 bytes per pair
//! for time and distance), and are limited to [`MAX_TABLE_LOCATIONS`] locations.

use crate::units::{to_ticks, Dist, Time, UNREACHABLE};

/// A place: x/y for planar problems, lon/lat in degrees for geographic ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Mean Earth radius in metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl Point {
    /// Great-circle distance in metres between two lon/lat points (haversine).
    pub fn great_circle_m(&self, other: &Point) -> f64 {
        Spherical::of(self).great_circle_m(&Spherical::of(other))
    }
}

/// A lon/lat point prepared for the haversine: what it needs of each end, computed once.
#[derive(Clone, Copy, Debug)]
struct Spherical {
    lon_deg: f64,
    lat: f64,
    cos_lat: f64,
}

impl Spherical {
    fn of(p: &Point) -> Self {
        let lat = p.y.to_radians();
        Spherical { lon_deg: p.x, lat, cos_lat: lat.cos() }
    }

    fn great_circle_m(&self, other: &Spherical) -> f64 {
        let dlat = other.lat - self.lat;
        let dlon = (other.lon_deg - self.lon_deg).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + self.cos_lat * other.cos_lat * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }
}

/// Locations up to which computed travel is also cached densely (16 bytes per pair: 16 MB at
/// 1,000 locations). Measured: see `solver/BENCHMARKS.md`, "Travel on demand".
pub const DENSE_UP_TO: usize = 1_000;

/// The most locations an imported travel table may have: 8 bytes per pair in the engine, and
/// the table's text and parsed rows besides (about 1 GB at 4,000 locations), within a browser
/// tab's memory.
pub const MAX_TABLE_LOCATIONS: usize = 4_000;

/// The largest entry of an imported table, in its unit (seconds or metres): a `u32` of
/// hundredths (about 497 days, or 42,949 km).
pub const MAX_TABLE_ENTRY: f64 = (u32::MAX - 1) as f64 / TABLE_UNITS;
/// Table entries are kept in hundredths of the input unit.
const TABLE_UNITS: f64 = 100.0;
/// An unreachable pair in a compact table.
const NO_ROUTE: u32 = u32::MAX;

/// How a matrix's figures come about.
#[derive(Clone, Debug)]
enum Source {
    /// Planar points: time equals distance.
    Euclidean(Vec<Point>),
    GreatCircle {
        at: Vec<Spherical>,
        circuity: f64,
        metres_per_second: f64,
    },
    /// Imported: hundredths of a second and of a metre, row-major; there is no way to know a new
    /// location's travel.
    Table {
        seconds: Vec<u32>,
        metres: Vec<u32>,
    },
}

impl Source {
    /// Time and distance between locations `a` and `b` of a computed source.
    #[inline]
    fn compute(&self, a: usize, b: usize) -> (Time, Dist) {
        match self {
            Source::Euclidean(points) => {
                let (p, q) = (&points[a], &points[b]);
                let d = to_ticks(((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt());
                (d, d)
            }
            Source::GreatCircle { at, circuity, metres_per_second } => {
                let metres = at[a].great_circle_m(&at[b]) * circuity;
                (to_ticks(metres / metres_per_second), to_ticks(metres))
            }
            Source::Table { .. } => unreachable!("tables are read, not computed"),
        }
    }

    fn push(&mut self, p: Point) {
        match self {
            Source::Euclidean(points) => points.push(p),
            Source::GreatCircle { at, .. } => at.push(Spherical::of(&p)),
            Source::Table { .. } => {}
        }
    }

    fn pop(&mut self) {
        match self {
            Source::Euclidean(points) => {
                points.pop();
            }
            Source::GreatCircle { at, .. } => {
                at.pop();
            }
            Source::Table { .. } => {}
        }
    }
}

/// A compact table entry read back as engine ticks.
#[inline]
fn from_table_units(v: u32) -> i64 {
    if v == NO_ROUTE {
        UNREACHABLE
    } else {
        v as i64 * (crate::units::SCALE / TABLE_UNITS) as i64
    }
}

fn to_table_units(v: Option<f64>) -> u32 {
    match v {
        Some(v) => (v * TABLE_UNITS).round().clamp(0.0, (NO_ROUTE - 1) as f64) as u32,
        None => NO_ROUTE,
    }
}

/// A dense copy of computed figures, row-major with room to grow (`stride >= size`), so a
/// location can be added in O(size) amortised.
#[derive(Clone, Debug)]
struct Dense {
    stride: usize,
    time: Vec<Time>,
    dist: Vec<Dist>,
}

/// Travel time and distance between every pair of locations, for one profile.
#[derive(Clone, Debug)]
pub struct Matrix {
    size: usize,
    source: Source,
    dense: Option<Dense>,
}

impl Matrix {
    fn computed(size: usize, source: Source) -> Self {
        let mut m = Matrix { size, source, dense: None };
        if size <= DENSE_UP_TO {
            m.regrow(size);
        }
        m
    }

    /// Euclidean distances between planar points; travel time equals distance.
    pub fn euclidean(points: &[Point]) -> Self {
        Matrix::computed(points.len(), Source::Euclidean(points.to_vec()))
    }

    /// Road distance estimated as great-circle metres × `circuity`, driven at `speed_kmh`;
    /// times in seconds.
    pub fn great_circle(points: &[Point], circuity: f64, speed_kmh: f64) -> Self {
        let at = points.iter().map(Spherical::of).collect();
        Matrix::computed(points.len(), Source::GreatCircle { at, circuity, metres_per_second: speed_kmh / 3.6 })
    }

    /// A matrix from row-major tables of seconds and metres; `None` marks an unreachable pair.
    /// Both tables must hold `size * size` entries, of at most [`MAX_TABLE_ENTRY`] (larger ones
    /// are clamped; parsers refuse them first).
    pub fn from_table(size: usize, seconds: &[Option<f64>], metres: &[Option<f64>]) -> Self {
        debug_assert_eq!(seconds.len(), size * size);
        debug_assert_eq!(metres.len(), size * size);
        let (mut s, mut m) = (Vec::with_capacity(size * size), Vec::with_capacity(size * size));
        for (&a, &b) in seconds.iter().zip(metres) {
            let reachable = a.is_some() && b.is_some();
            s.push(if reachable { to_table_units(a) } else { NO_ROUTE });
            m.push(if reachable { to_table_units(b) } else { NO_ROUTE });
        }
        Matrix { size, source: Source::Table { seconds: s, metres: m }, dense: None }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// How a great-circle matrix estimates travel: `(circuity, metres per second)`, so another
    /// program can compute the very same legs (haversine on a sphere of [`EARTH_RADIUS_M`] metres,
    /// × circuity, ÷ speed); `None` for Euclidean and imported matrices.
    pub fn great_circle_parameters(&self) -> Option<(f64, f64)> {
        match self.source {
            Source::GreatCircle { circuity, metres_per_second, .. } => Some((circuity, metres_per_second)),
            _ => None,
        }
    }

    /// True when new locations can be added (the matrix was computed from coordinates).
    pub fn can_grow(&self) -> bool {
        !matches!(self.source, Source::Table { .. })
    }

    /// True when the figures are computed from coordinates (not imported), Euclidean or
    /// great-circle.
    pub fn is_geometric(&self) -> bool {
        self.can_grow()
    }

    /// True when travel from `a` to `b` always equals travel from `b` to `a` (computed from
    /// coordinates: both formulas are exactly symmetric in floating point).
    pub fn is_symmetric(&self) -> bool {
        self.is_geometric()
    }

    /// Bytes this matrix holds, about (what ARCHITECTURE.md's memory figures come from).
    pub fn memory_bytes(&self) -> usize {
        let source = match &self.source {
            Source::Euclidean(points) => points.capacity() * std::mem::size_of::<Point>(),
            Source::GreatCircle { at, .. } => at.capacity() * std::mem::size_of::<Spherical>(),
            Source::Table { seconds, metres } => (seconds.capacity() + metres.capacity()) * 4,
        };
        let dense = self.dense.as_ref().map_or(0, |d| (d.time.capacity() + d.dist.capacity()) * 8);
        source + dense
    }

    /// Adds the last of `points` (which must hold one more point than the matrix has locations)
    /// as a new location. Fails for imported tables.
    pub fn push_location(&mut self, points: &[Point]) -> Result<(), String> {
        debug_assert_eq!(points.len(), self.size + 1);
        if !self.can_grow() {
            return Err("travel times come from an imported table, which has no row for a new address".to_string());
        }
        self.source.push(points[self.size]);
        self.size += 1;
        if let Some(stride) = self.dense.as_ref().map(|d| d.stride) {
            if self.size > stride {
                self.regrow((stride * 2).max(16));
            } else {
                self.fill_dense(self.size - 1);
            }
        }
        Ok(())
    }

    /// Makes room for `additional` more locations, so that adding them never copies the matrix.
    pub fn reserve(&mut self, additional: usize) {
        if let Some(stride) = self.dense.as_ref().map(|d| d.stride) {
            if self.size + additional > stride {
                self.regrow(self.size + additional);
            }
        }
    }

    /// Forgets the last location.
    pub fn pop_location(&mut self) {
        if self.size > 0 && self.can_grow() {
            self.source.pop();
        }
        self.size = self.size.saturating_sub(1);
    }

    /// Rebuilds the dense cache with room for `stride` locations.
    fn regrow(&mut self, stride: usize) {
        self.dense = Some(Dense { stride, time: vec![0; stride * stride], dist: vec![0; stride * stride] });
        for a in 0..self.size {
            self.fill_dense(a);
        }
    }

    /// Computes the row and column of location `a` into the dense cache.
    fn fill_dense(&mut self, a: usize) {
        let Some(dense) = self.dense.as_mut() else { return };
        for b in 0..self.size {
            let (t, d) = self.source.compute(a, b);
            dense.time[a * dense.stride + b] = t;
            dense.dist[a * dense.stride + b] = d;
            let (t, d) = self.source.compute(b, a);
            dense.time[b * dense.stride + a] = t;
            dense.dist[b * dense.stride + a] = d;
        }
    }

    /// Travel time and distance from `from` to `to`.
    #[inline]
    pub fn leg(&self, from: usize, to: usize) -> (Time, Dist) {
        if let Some(d) = &self.dense {
            let k = from * d.stride + to;
            return (d.time[k], d.dist[k]);
        }
        match &self.source {
            Source::Table { seconds, metres } => {
                let k = from * self.size + to;
                (from_table_units(seconds[k]), from_table_units(metres[k]))
            }
            source => source.compute(from, to),
        }
    }

    #[inline]
    pub fn time(&self, from: usize, to: usize) -> Time {
        if let Some(d) = &self.dense {
            return d.time[from * d.stride + to];
        }
        match &self.source {
            Source::Table { seconds, .. } => from_table_units(seconds[from * self.size + to]),
            source => source.compute(from, to).0,
        }
    }

    #[inline]
    pub fn dist(&self, from: usize, to: usize) -> Dist {
        if let Some(d) = &self.dense {
            return d.dist[from * d.stride + to];
        }
        match &self.source {
            Source::Table { metres, .. } => from_table_units(metres[from * self.size + to]),
            Source::Euclidean(points) => {
                let (p, q) = (&points[from], &points[to]);
                to_ticks(((p.x - q.x).powi(2) + (p.y - q.y).powi(2)).sqrt())
            }
            Source::GreatCircle { at, circuity, .. } => to_ticks(at[from].great_circle_m(&at[to]) * circuity),
        }
    }

    #[inline]
    pub fn reachable(&self, from: usize, to: usize) -> bool {
        match &self.source {
            Source::Table { seconds, .. } => seconds[from * self.size + to] != NO_ROUTE,
            _ => true,
        }
    }
}

/// How a kind of vehicle moves: its own travel matrix.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    pub matrix: Matrix,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_matches_a_known_distance() {
        // Paris (Notre-Dame) to London (Trafalgar Square): about 343.5 km.
        let paris = Point { x: 2.3499, y: 48.8530 };
        let london = Point { x: -0.1281, y: 51.5080 };
        let km = paris.great_circle_m(&london) / 1000.0;
        assert!((km - 343.5).abs() < 1.5, "{km}");
    }

    #[test]
    fn a_grown_matrix_equals_one_built_at_once() {
        let points: Vec<Point> =
            (0..40).map(|k| Point { x: 4.8 + 0.003 * k as f64, y: 45.7 + 0.002 * (k % 7) as f64 }).collect();
        let whole = Matrix::great_circle(&points, 1.3, 25.0);
        let mut grown = Matrix::great_circle(&points[..3], 1.3, 25.0);
        for n in 4..=points.len() {
            grown.push_location(&points[..n]).unwrap();
        }
        for a in 0..points.len() {
            for b in 0..points.len() {
                assert_eq!((grown.time(a, b), grown.dist(a, b)), (whole.time(a, b), whole.dist(a, b)));
            }
        }
        grown.pop_location();
        assert_eq!(grown.size(), points.len() - 1);
        grown.push_location(&points).unwrap();
        assert_eq!(grown.time(39, 2), whole.time(39, 2));
    }

    #[test]
    fn table_nulls_are_unreachable() {
        let m = Matrix::from_table(
            2,
            &[Some(0.0), None, Some(60.0), Some(0.0)],
            &[Some(0.0), Some(1.0), Some(900.0), Some(0.0)],
        );
        assert!(!m.reachable(0, 1));
        assert!(m.reachable(1, 0));
        assert_eq!(m.time(1, 0), to_ticks(60.0));
        assert_eq!(m.dist(1, 0), to_ticks(900.0));
    }
}
