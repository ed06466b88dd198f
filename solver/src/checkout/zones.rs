//! Zones of the delivery area: what quotas are set per, and what the availability heatmap shows.
//! Either a grid of rows × columns over the area's bounding box, named like map squares (`A1`
//! top-left), or postcode-like **areas** that follow where customers live: k-means clusters of
//! the scenario's orders (seeded, so the same every time), named `Z1`, `Z2` …, each place
//! belonging to the nearest area centre.

use crate::problem::Point;
use crate::rng::Rng;

#[derive(Clone, Debug, PartialEq)]
pub struct Zones {
    min: Point,
    max: Point,
    pub rows: usize,
    pub cols: usize,
    /// Area centres; empty for a grid.
    centres: Vec<Point>,
    /// Kilometres (or units) per degree of longitude relative to latitude, for distances.
    x_scale: f64,
}

impl Zones {
    /// A `rows × cols` grid over the bounding box of `points` (at least 1 × 1).
    pub fn grid(points: &[Point], rows: usize, cols: usize) -> Zones {
        let mut min = Point { x: f64::INFINITY, y: f64::INFINITY };
        let mut max = Point { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
        for p in points.iter().filter(|p| p.x.is_finite() && p.y.is_finite()) {
            min = Point { x: min.x.min(p.x), y: min.y.min(p.y) };
            max = Point { x: max.x.max(p.x), y: max.y.max(p.y) };
        }
        if !min.x.is_finite() {
            (min, max) = (Point { x: 0.0, y: 0.0 }, Point { x: 1.0, y: 1.0 });
        }
        Zones { min, max, rows: rows.clamp(1, 26), cols: cols.clamp(1, 50), centres: Vec::new(), x_scale: 1.0 }
    }

    /// `count` areas around where `points` cluster (k-means, 25 rounds, seeded); `geographic`
    /// measures longitude shrunk by the latitude's cosine.
    pub fn areas(points: &[Point], count: usize, geographic: bool) -> Zones {
        let mut zones = Zones::grid(points, 1, 1);
        let usable: Vec<Point> = points.iter().copied().filter(|p| p.x.is_finite() && p.y.is_finite()).collect();
        if usable.is_empty() {
            return zones;
        }
        zones.x_scale =
            if geographic { ((zones.min.y + zones.max.y) / 2.0).to_radians().cos().abs().max(0.01) } else { 1.0 };
        let count = count.clamp(1, 60).min(usable.len());
        // k-means++ seeding, then Lloyd's rounds.
        let mut rng = Rng::new(0x002a_3ea5);
        let mut centres = vec![usable[rng.below(usable.len())]];
        while centres.len() < count {
            let weights: Vec<f64> = usable
                .iter()
                .map(|p| centres.iter().map(|c| zones.dist2(p, c)).fold(f64::INFINITY, f64::min))
                .collect();
            let total: f64 = weights.iter().sum();
            let mut pick = rng.unit() * total;
            let k = weights.iter().position(|w| {
                pick -= w;
                pick < 0.0
            });
            centres.push(usable[k.unwrap_or(usable.len() - 1)]);
        }
        for _ in 0..25 {
            let mut sums = vec![(0.0, 0.0, 0usize); centres.len()];
            for p in &usable {
                let k = nearest(&zones, &centres, p);
                sums[k] = (sums[k].0 + p.x, sums[k].1 + p.y, sums[k].2 + 1);
            }
            for (c, (x, y, n)) in centres.iter_mut().zip(sums) {
                if n > 0 {
                    *c = Point { x: x / n as f64, y: y / n as f64 };
                }
            }
        }
        // North to south, so names read down the map.
        centres.sort_by(|a, b| b.y.total_cmp(&a.y));
        zones.centres = centres;
        zones.rows = 1;
        zones.cols = zones.centres.len();
        zones
    }

    /// True for areas (clusters), false for a grid.
    pub fn is_areas(&self) -> bool {
        !self.centres.is_empty()
    }

    fn dist2(&self, a: &Point, b: &Point) -> f64 {
        ((a.x - b.x) * self.x_scale).powi(2) + (a.y - b.y).powi(2)
    }

    pub fn len(&self) -> usize {
        if self.is_areas() {
            self.centres.len()
        } else {
            self.rows * self.cols
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The zone of a place (outside the box: the nearest edge zone; areas: the nearest centre).
    pub fn of(&self, p: &Point) -> usize {
        if self.is_areas() {
            return nearest(self, &self.centres, p);
        }
        let fraction = |v: f64, lo: f64, hi: f64| if hi > lo { ((v - lo) / (hi - lo)).clamp(0.0, 1.0) } else { 0.5 };
        let col = ((fraction(p.x, self.min.x, self.max.x) * self.cols as f64) as usize).min(self.cols - 1);
        // Row A is the top (north, largest y).
        let row = (((1.0 - fraction(p.y, self.min.y, self.max.y)) * self.rows as f64) as usize).min(self.rows - 1);
        row * self.cols + col
    }

    /// `A1`, `B3`: row letter (from the top), column number (from the left).
    pub fn label(&self, zone: usize) -> String {
        if self.is_areas() {
            return format!("Z{}", zone + 1);
        }
        let (row, col) = (zone / self.cols, zone % self.cols);
        format!("{}{}", (b'A' + row as u8) as char, col + 1)
    }

    /// The zone's centre.
    pub fn centre(&self, zone: usize) -> Point {
        if let Some(c) = self.centres.get(zone) {
            return *c;
        }
        let (row, col) = ((zone / self.cols) as f64, (zone % self.cols) as f64);
        Point {
            x: self.min.x + (col + 0.5) / self.cols as f64 * (self.max.x - self.min.x),
            y: self.max.y - (row + 0.5) / self.rows as f64 * (self.max.y - self.min.y),
        }
    }

    /// The box's corners (south-west, north-east), for drawing.
    pub fn bounds(&self) -> (Point, Point) {
        (self.min, self.max)
    }
}

/// The index of the centre nearest `p` (0 when there is none).
fn nearest(zones: &Zones, centres: &[Point], p: &Point) -> usize {
    let mut best = (f64::INFINITY, 0);
    for (k, c) in centres.iter().enumerate() {
        let d = zones.dist2(p, c);
        if d < best.0 {
            best = (d, k);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_and_centres_fall_in_their_zones() {
        let points = [Point { x: 0.0, y: 0.0 }, Point { x: 30.0, y: 20.0 }];
        let zones = Zones::grid(&points, 2, 3);
        assert_eq!(zones.label(zones.of(&Point { x: 0.0, y: 20.0 })), "A1");
        assert_eq!(zones.label(zones.of(&Point { x: 30.0, y: 0.0 })), "B3");
        assert_eq!(zones.label(zones.of(&Point { x: 99.0, y: -5.0 })), "B3");
        for z in 0..zones.len() {
            assert_eq!(zones.of(&zones.centre(z)), z);
        }
    }

    #[test]
    fn areas_follow_clusters_and_are_stable() {
        // Three clumps of points: three areas, one per clump, named north first.
        let mut points = Vec::new();
        for (cx, cy) in [(0.0, 10.0), (10.0, 0.0), (20.0, 5.0)] {
            for k in 0..30 {
                points.push(Point { x: cx + (k % 5) as f64 * 0.1, y: cy + (k / 5) as f64 * 0.1 });
            }
        }
        let zones = Zones::areas(&points, 3, false);
        assert!(zones.is_areas());
        assert_eq!(zones.len(), 3);
        assert_eq!(zones.label(zones.of(&Point { x: 0.2, y: 10.2 })), "Z1");
        for clump in points.chunks(30) {
            let z = zones.of(&clump[0]);
            assert!(clump.iter().all(|p| zones.of(p) == z));
        }
        assert_eq!(zones, Zones::areas(&points, 3, false));
        assert_eq!(Zones::areas(&points[..2], 9, false).len(), 2, "no more areas than places");
    }
}
