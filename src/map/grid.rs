//! A bucket grid over the stops' world positions: "which stop is nearest the pointer?" looks at
//! the few cells around it instead of every stop, so hovering stays instant at 10,000 stops.

use geo::Coord;

use super::projection::bounds;

/// At most this many cells along one side.
const MAX_SIDE: usize = 1024;

pub struct Grid {
    points: Vec<Coord>,
    origin: Coord,
    cell: f64,
    cols: usize,
    rows: usize,
    /// Cell `c` holds `items[starts[c]..starts[c + 1]]` (indices into `points`).
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Grid {
    /// Buckets `points` (non-finite ones are never found) into cells holding about two each.
    pub fn new(points: Vec<Coord>) -> Grid {
        let Some(rect) = bounds(points.iter().copied()) else {
            return Grid { points, origin: Coord::zero(), cell: 1.0, cols: 0, rows: 0, starts: vec![0], items: vec![] };
        };
        let (width, height) = (rect.width(), rect.height());
        let n = points.len().max(1) as f64;
        let mut cell =
            if width > 0.0 && height > 0.0 { (2.0 * width * height / n).sqrt() } else { width.max(height) / n };
        if !(cell.is_finite() && cell > 0.0) {
            cell = 1.0;
        }
        cell = cell.max(width.max(height) / MAX_SIDE as f64);
        let cols = ((width / cell).floor() as usize + 1).min(MAX_SIDE);
        let rows = ((height / cell).floor() as usize + 1).min(MAX_SIDE);
        let mut grid =
            Grid { points, origin: rect.min(), cell, cols, rows, starts: vec![0; cols * rows + 1], items: vec![] };
        let cells: Vec<Option<usize>> = grid.points.iter().map(|&p| grid.cell_of(p)).collect();
        for c in cells.iter().flatten() {
            grid.starts[c + 1] += 1;
        }
        for c in 0..cols * rows {
            grid.starts[c + 1] += grid.starts[c];
        }
        let mut next = grid.starts.clone();
        grid.items = vec![0; grid.starts[cols * rows] as usize];
        for (i, c) in cells.iter().enumerate() {
            if let Some(c) = *c {
                grid.items[next[c] as usize] = i as u32;
                next[c] += 1;
            }
        }
        grid
    }

    fn cell_of(&self, p: Coord) -> Option<usize> {
        if !(p.x.is_finite() && p.y.is_finite()) {
            return None;
        }
        let (col, row) = self.column_row(p);
        Some(row * self.cols + col)
    }

    fn column_row(&self, p: Coord) -> (usize, usize) {
        let index = |v: f64, side: usize| ((v / self.cell).floor().max(0.0) as usize).min(side.saturating_sub(1));
        (index(p.x - self.origin.x, self.cols), index(p.y - self.origin.y, self.rows))
    }

    /// The point nearest `at` no further than `radius` (world units); the lowest index on a tie.
    pub fn nearest(&self, at: Coord, radius: f64) -> Option<usize> {
        if self.cols == 0 || !(at.x.is_finite() && at.y.is_finite() && radius >= 0.0) {
            return None;
        }
        let low = Coord { x: at.x - radius, y: at.y - radius };
        let high = Coord { x: at.x + radius, y: at.y + radius };
        let grid_high =
            Coord { x: self.origin.x + self.cols as f64 * self.cell, y: self.origin.y + self.rows as f64 * self.cell };
        if high.x < self.origin.x || high.y < self.origin.y || low.x > grid_high.x || low.y > grid_high.y {
            return None;
        }
        let ((c0, r0), (c1, r1)) = (self.column_row(low), self.column_row(high));
        let mut best: Option<(f64, usize)> = None;
        for row in r0..=r1 {
            for c in row * self.cols + c0..=row * self.cols + c1 {
                for &i in &self.items[self.starts[c] as usize..self.starts[c + 1] as usize] {
                    let p = self.points[i as usize];
                    let d = (p.x - at.x).powi(2) + (p.y - at.y).powi(2);
                    let i = i as usize;
                    if d <= radius * radius && best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                        best = Some((d, i));
                    }
                }
            }
        }
        best.map(|(_, i)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A small deterministic generator (no dependency needed for test data).
    fn numbers(seed: u64) -> impl FnMut() -> f64 {
        let mut s = seed;
        move || {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn brute_force(points: &[Coord], at: Coord, radius: f64) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (i, p) in points.iter().enumerate() {
            let d = (p.x - at.x).powi(2) + (p.y - at.y).powi(2);
            if d <= radius * radius && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        best.map(|(_, i)| i)
    }

    #[test]
    fn finds_the_same_stop_as_looking_at_every_stop() {
        let mut next = numbers(7);
        // 10,000 stops in a city-shaped blob plus a few far away.
        let mut points: Vec<Coord> = (0..10_000).map(|_| Coord { x: next() * 0.02, y: next() * 0.01 }).collect();
        points.push(Coord { x: 0.5, y: 0.5 });
        points.push(Coord { x: f64::NAN, y: 0.0 });
        let grid = Grid::new(points.clone());
        for _ in 0..2_000 {
            let at = Coord { x: next() * 0.03 - 0.005, y: next() * 0.02 - 0.005 };
            let radius = next() * 0.001;
            assert_eq!(grid.nearest(at, radius), brute_force(&points, at, radius), "at {at:?} within {radius}");
        }
        assert_eq!(grid.nearest(Coord { x: 0.5001, y: 0.5 }, 0.001), Some(10_000));
        assert_eq!(grid.nearest(Coord { x: 5.0, y: 5.0 }, 0.1), None);
    }

    #[test]
    fn copes_with_no_stops_one_stop_and_stops_on_a_line() {
        assert_eq!(Grid::new(vec![]).nearest(Coord::zero(), 1.0), None);
        let one = Grid::new(vec![Coord { x: 3.0, y: 4.0 }]);
        assert_eq!(one.nearest(Coord { x: 3.5, y: 4.0 }, 1.0), Some(0));
        assert_eq!(one.nearest(Coord { x: 5.0, y: 4.0 }, 1.0), None);
        let line: Vec<Coord> = (0..100).map(|i| Coord { x: i as f64, y: 0.0 }).collect();
        let grid = Grid::new(line);
        assert_eq!(grid.nearest(Coord { x: 41.2, y: 0.3 }, 1.0), Some(41));
        // Two stops at the same place: the first one.
        let twins = Grid::new(vec![Coord { x: 1.0, y: 1.0 }, Coord { x: 1.0, y: 1.0 }]);
        assert_eq!(twins.nearest(Coord { x: 1.0, y: 1.0 }, 0.5), Some(0));
    }
}
