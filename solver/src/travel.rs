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

/// Travel time and distance between every pair of locations, for one profile.
#[derive(Clone, Debug)]
pub struct Matrix {
    size: usize,
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
        Matrix { size, time: dist.clone(), dist }
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
        Matrix { size, time, dist }
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
        Matrix { size, time, dist }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    #[inline]
    pub fn time(&self, from: usize, to: usize) -> Time {
        self.time[from * self.size + to]
    }

    #[inline]
    pub fn dist(&self, from: usize, to: usize) -> Dist {
        self.dist[from * self.size + to]
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
