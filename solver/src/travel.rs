//! Travel between locations: a time and distance matrix per vehicle profile, built from planar
//! coordinates (benchmark convention), from great-circle distances, or from an imported table.

use crate::units::{to_ticks, Dist, Time, UNREACHABLE};

/// A place: x/y for planar problems, lon/lat in degrees for geographic ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Mean Earth radius in metres (IUGG).
const EARTH_RADIUS_M: f64 = 6_371_008.8;

impl Point {
    /// Great-circle distance in metres between two lon/lat points (haversine).
    pub fn great_circle_m(&self, other: &Point) -> f64 {
        let (lat1, lat2) = (self.y.to_radians(), other.y.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.x - self.x).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }
}

/// How a matrix was computed, so that it can grow by one location (checkout bookings).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Metric {
    Euclidean,
    GreatCircle {
        circuity: f64,
        speed_kmh: f64,
    },
    /// Imported: there is no way to know a new location's travel times.
    Table,
}

impl Metric {
    /// Time and distance from `a` to `b`.
    fn between(self, a: &Point, b: &Point) -> Option<(Time, Dist)> {
        match self {
            Metric::Euclidean => {
                let d = to_ticks(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt());
                Some((d, d))
            }
            Metric::GreatCircle { circuity, speed_kmh } => {
                let metres = a.great_circle_m(b) * circuity;
                Some((to_ticks(metres / (speed_kmh / 3.6)), to_ticks(metres)))
            }
            Metric::Table => None,
        }
    }
}

/// Travel time and distance between every pair of locations, for one profile. Stored row-major
/// with room to grow (`stride >= size`), so a location can be added in O(size) amortised.
#[derive(Clone, Debug)]
pub struct Matrix {
    size: usize,
    stride: usize,
    metric: Metric,
    time: Vec<Time>,
    dist: Vec<Dist>,
}

impl Matrix {
    /// Euclidean distances between planar points; travel time equals distance.
    pub fn euclidean(points: &[Point]) -> Self {
        let size = points.len();
        let mut dist = Vec::with_capacity(size * size);
        for a in points {
            for b in points {
                dist.push(to_ticks(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()));
            }
        }
        Matrix { size, stride: size, metric: Metric::Euclidean, time: dist.clone(), dist }
    }

    /// Road distance estimated as great-circle metres × `circuity`, driven at `speed_kmh`;
    /// times in seconds.
    pub fn great_circle(points: &[Point], circuity: f64, speed_kmh: f64) -> Self {
        let size = points.len();
        let metres_per_second = speed_kmh / 3.6;
        let mut time = Vec::with_capacity(size * size);
        let mut dist = Vec::with_capacity(size * size);
        for a in points {
            for b in points {
                let metres = a.great_circle_m(b) * circuity;
                dist.push(to_ticks(metres));
                time.push(to_ticks(metres / metres_per_second));
            }
        }
        Matrix { size, stride: size, metric: Metric::GreatCircle { circuity, speed_kmh }, time, dist }
    }

    /// A matrix from row-major tables of seconds and metres; `None` marks an unreachable pair.
    /// Both tables must hold `size * size` entries.
    pub fn from_table(size: usize, seconds: &[Option<f64>], metres: &[Option<f64>]) -> Self {
        debug_assert_eq!(seconds.len(), size * size);
        debug_assert_eq!(metres.len(), size * size);
        let mut time = Vec::with_capacity(size * size);
        let mut dist = Vec::with_capacity(size * size);
        for (s, m) in seconds.iter().zip(metres) {
            match (s, m) {
                (Some(s), Some(m)) => {
                    time.push(to_ticks(*s));
                    dist.push(to_ticks(*m));
                }
                _ => {
                    time.push(UNREACHABLE);
                    dist.push(UNREACHABLE);
                }
            }
        }
        Matrix { size, stride: size, metric: Metric::Table, time, dist }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// True when new locations can be added (the matrix was computed from coordinates).
    pub fn can_grow(&self) -> bool {
        self.metric != Metric::Table
    }

    /// Adds the last of `points` (which must hold one more point than the matrix has locations)
    /// as a new location. Fails for imported tables.
    pub fn push_location(&mut self, points: &[Point]) -> Result<(), String> {
        debug_assert_eq!(points.len(), self.size + 1);
        if !self.can_grow() {
            return Err("travel times come from an imported table, which has no row for a new address".to_string());
        }
        if self.size == self.stride {
            self.regrow((self.stride * 2).max(16));
        }
        let new = self.size;
        self.size += 1;
        let p = points[new];
        for (k, q) in points.iter().enumerate() {
            let (t_out, d_out) = self.metric.between(&p, q).expect("a computed metric");
            let (t_in, d_in) = self.metric.between(q, &p).expect("a computed metric");
            self.time[new * self.stride + k] = t_out;
            self.dist[new * self.stride + k] = d_out;
            self.time[k * self.stride + new] = t_in;
            self.dist[k * self.stride + new] = d_in;
        }
        Ok(())
    }

    /// Makes room for `additional` more locations, so that adding them never copies the matrix.
    pub fn reserve(&mut self, additional: usize) {
        if self.can_grow() && self.size + additional > self.stride {
            self.regrow(self.size + additional);
        }
    }

    /// Forgets the last location.
    pub fn pop_location(&mut self) {
        self.size = self.size.saturating_sub(1);
    }

    fn regrow(&mut self, stride: usize) {
        let mut time = vec![0; stride * stride];
        let mut dist = vec![0; stride * stride];
        for row in 0..self.size {
            let (from, to) = (row * self.stride, row * stride);
            time[to..to + self.size].copy_from_slice(&self.time[from..from + self.size]);
            dist[to..to + self.size].copy_from_slice(&self.dist[from..from + self.size]);
        }
        self.time = time;
        self.dist = dist;
        self.stride = stride;
    }

    #[inline]
    pub fn time(&self, from: usize, to: usize) -> Time {
        self.time[from * self.stride + to]
    }

    #[inline]
    pub fn dist(&self, from: usize, to: usize) -> Dist {
        self.dist[from * self.stride + to]
    }

    #[inline]
    pub fn reachable(&self, from: usize, to: usize) -> bool {
        self.time(from, to) < UNREACHABLE
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
