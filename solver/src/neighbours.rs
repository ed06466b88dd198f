//! For every order, the other orders nearest to it: the "adjacency" string removals walk and
//! granular insertion looks at.
//!
//! Nearness is the first profile's travel distance. Up to [`BRUTE_FORCE_UP_TO`] orders every
//! pair is measured; beyond, when travel is computed from coordinates, a bucket grid over the
//! projected points gives each order the candidates that can be among its nearest (rings of
//! cells until the nearest found cannot be beaten by a cell further out), so a 20,000-order day
//! takes a fraction of a second instead of 400 million distances.

use rayon::prelude::*;

use crate::problem::{Coordinates, Problem};
use crate::travel::Point;

/// How many neighbours each order keeps (enough for the ruin step to reach several routes).
const KEEP: usize = 64;
/// Up to this many orders every pair is measured.
pub const BRUTE_FORCE_UP_TO: usize = 2_000;
/// Orders per grid cell, on average.
const PER_CELL: f64 = 8.0;
/// Projected distances only approximate the travel distance on a sphere: look this much further.
const MARGIN: f64 = 1.25;

pub struct Neighbours {
    lists: Vec<Vec<usize>>,
}

impl Neighbours {
    /// Every order's nearest orders; `parallel` spreads the work over the rayon pool (never
    /// called with `false`).
    pub fn new(problem: &Problem, parallel: bool) -> Self {
        let n = problem.orders.len();
        let grid = (n > BRUTE_FORCE_UP_TO && problem.default_matrix().is_geometric()).then(|| Grid::new(problem));
        let nearest = |a: usize| -> Vec<usize> {
            match &grid {
                Some(grid) => nearest_of(problem, a, grid.candidates(a)),
                None => nearest_of(problem, a, (0..n).filter(|&b| b != a).collect()),
            }
        };
        let lists =
            if parallel { (0..n).into_par_iter().map(nearest).collect() } else { (0..n).map(nearest).collect() };
        Neighbours { lists }
    }

    /// The nearest orders to `order`, nearest first.
    pub fn of(&self, order: usize) -> &[usize] {
        &self.lists[order]
    }
}

/// The [`KEEP`] orders of `candidates` nearest to `a` by travel distance, nearest first (ties
/// by index).
fn nearest_of(problem: &Problem, a: usize, candidates: Vec<usize>) -> Vec<usize> {
    let (m, la) = (problem.default_matrix(), problem.orders[a].location);
    let mut others: Vec<(i64, usize)> =
        candidates.into_iter().map(|b| (m.dist(la, problem.orders[b].location), b)).collect();
    let keep = KEEP.min(others.len());
    if keep < others.len() {
        others.select_nth_unstable(keep);
        others.truncate(keep);
    }
    others.sort_unstable();
    others.into_iter().map(|(_, b)| b).collect()
}

/// Orders bucketed by projected position (planar x/y, or lon/lat scaled to km at the mean
/// latitude).
struct Grid {
    at: Vec<(f64, f64)>,
    origin: (f64, f64),
    cell: f64,
    cols: usize,
    rows: usize,
    /// Orders per cell, row-major: `cells[start[c]..start[c + 1]]`.
    start: Vec<usize>,
    cells: Vec<usize>,
}

impl Grid {
    fn new(problem: &Problem) -> Self {
        let points: Vec<Point> = problem.orders.iter().map(|o| problem.points[o.location]).collect();
        let at: Vec<(f64, f64)> = match problem.coordinates {
            Coordinates::Planar => points.iter().map(|p| (p.x, p.y)).collect(),
            Coordinates::Geographic => {
                let mean_lat = points.iter().map(|p| p.y).sum::<f64>() / points.len().max(1) as f64;
                let km_per_lon = 111.32 * mean_lat.to_radians().cos();
                points.iter().map(|p| (p.x * km_per_lon, p.y * 111.2)).collect()
            }
        };
        let (mut lo, mut hi) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for &(x, y) in &at {
            lo = (lo.0.min(x), lo.1.min(y));
            hi = (hi.0.max(x), hi.1.max(y));
        }
        let (width, height) = ((hi.0 - lo.0).max(1e-9), (hi.1 - lo.1).max(1e-9));
        let cells_wanted = (at.len() as f64 / PER_CELL).max(1.0);
        let cell = (width * height / cells_wanted).sqrt().max(width.max(height) / 4096.0);
        let cols = ((width / cell).floor() as usize + 1).min(4096);
        let rows = ((height / cell).floor() as usize + 1).min(4096);
        let index = |(x, y): (f64, f64)| -> usize {
            let c = (((x - lo.0) / cell) as usize).min(cols - 1);
            let r = (((y - lo.1) / cell) as usize).min(rows - 1);
            r * cols + c
        };
        let mut start = vec![0usize; cols * rows + 1];
        for &p in &at {
            start[index(p) + 1] += 1;
        }
        for c in 0..cols * rows {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut cells = vec![0usize; at.len()];
        for (order, &p) in at.iter().enumerate() {
            let c = index(p);
            cells[fill[c]] = order;
            fill[c] += 1;
        }
        Grid { at, origin: lo, cell, cols, rows, start, cells }
    }

    /// Every order that can be among the [`KEEP`] nearest to `a` (and a few more): those
    /// projected within [`MARGIN`] times the kth nearest's projected distance.
    fn candidates(&self, a: usize) -> Vec<usize> {
        let (x, y) = self.at[a];
        let col = (((x - self.origin.0) / self.cell) as usize).min(self.cols - 1) as isize;
        let row = (((y - self.origin.1) / self.cell) as usize).min(self.rows - 1) as isize;
        let mut found: Vec<usize> = Vec::new();
        let mut distances: Vec<f64> = Vec::new();
        let widest = self.cols.max(self.rows) as isize;
        for ring in 0..=widest {
            for (c, r) in ring_cells(col, row, ring) {
                if c < 0 || r < 0 || c >= self.cols as isize || r >= self.rows as isize {
                    continue;
                }
                let cell = r as usize * self.cols + c as usize;
                for &b in &self.cells[self.start[cell]..self.start[cell + 1]] {
                    if b != a {
                        found.push(b);
                        let (bx, by) = self.at[b];
                        distances.push(((bx - x).powi(2) + (by - y).powi(2)).sqrt());
                    }
                }
            }
            if found.len() >= KEEP {
                // Anything outside the rings seen so far is at least `ring × cell` away, and
                // nothing projected further than `kth × MARGIN` can beat the kth nearest.
                let mut sorted = distances.clone();
                let (_, kth, _) = sorted.select_nth_unstable_by(KEEP - 1, f64::total_cmp);
                let reach = *kth * MARGIN;
                if reach <= ring as f64 * self.cell {
                    return found.into_iter().zip(distances).filter(|&(_, d)| d <= reach).map(|(b, _)| b).collect();
                }
            }
        }
        found
    }
}

/// The cells at Chebyshev distance `ring` from (`col`, `row`).
fn ring_cells(col: isize, row: isize, ring: isize) -> impl Iterator<Item = (isize, isize)> {
    let side = (-ring..=ring).flat_map(move |d| {
        let edges = [(col + d, row - ring), (col + d, row + ring), (col - ring, row + d), (col + ring, row + d)];
        // Corners appear twice; the first two edges own them.
        let corner = d == -ring || d == ring;
        edges.into_iter().enumerate().filter(move |&(k, _)| ring > 0 && (k < 2 || !corner)).map(|(_, cell)| cell)
    });
    std::iter::once((col, row)).filter(move |_| ring == 0).chain(side)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, generate, CitySpec, InstanceSpec};

    fn brute_force(problem: &Problem) -> Vec<Vec<usize>> {
        let n = problem.orders.len();
        (0..n).map(|a| nearest_of(problem, a, (0..n).filter(|&b| b != a).collect())).collect()
    }

    /// The grid finds exactly the nearest orders every pair would (planar: exact geometry; a
    /// city: the projection's margin covers the sphere).
    #[test]
    fn the_grid_finds_the_same_neighbours_as_every_pair() {
        let mut spec = InstanceSpec::solomon_like("grid", BRUTE_FORCE_UP_TO + 300, 3);
        spec.window = 1000.0;
        let planar = generate(&spec);
        let day = city(&CitySpec::lyon("grid", BRUTE_FORCE_UP_TO + 300, 4));
        for problem in [planar, day] {
            let fast = Neighbours::new(&problem, false);
            let slow = brute_force(&problem);
            for (a, list) in slow.iter().enumerate() {
                assert_eq!(fast.of(a), list.as_slice(), "order {a}");
            }
        }
    }

    #[test]
    fn ring_cells_cover_each_cell_once() {
        let mut seen: Vec<(isize, isize)> = (0..4).flat_map(|ring| ring_cells(0, 0, ring)).collect();
        let count = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!((count, seen.len()), (49, 49));
    }
}
