//! Zones of the delivery area: a grid of rows × columns over the area's bounding box, named like
//! map squares (`A1` top-left). What quotas are set per, and what the availability heatmap shows.

use crate::problem::Point;

#[derive(Clone, Debug, PartialEq)]
pub struct Zones {
    min: Point,
    max: Point,
    pub rows: usize,
    pub cols: usize,
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
        Zones { min, max, rows: rows.clamp(1, 26), cols: cols.clamp(1, 50) }
    }

    pub fn len(&self) -> usize {
        self.rows * self.cols
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The zone of a place (places outside the box go to the nearest edge zone).
    pub fn of(&self, p: &Point) -> usize {
        let fraction = |v: f64, lo: f64, hi: f64| if hi > lo { ((v - lo) / (hi - lo)).clamp(0.0, 1.0) } else { 0.5 };
        let col = ((fraction(p.x, self.min.x, self.max.x) * self.cols as f64) as usize).min(self.cols - 1);
        // Row A is the top (north, largest y).
        let row = (((1.0 - fraction(p.y, self.min.y, self.max.y)) * self.rows as f64) as usize).min(self.rows - 1);
        row * self.cols + col
    }

    /// `A1`, `B3`: row letter (from the top), column number (from the left).
    pub fn label(&self, zone: usize) -> String {
        let (row, col) = (zone / self.cols, zone % self.cols);
        format!("{}{}", (b'A' + row as u8) as char, col + 1)
    }

    /// The zone's centre.
    pub fn centre(&self, zone: usize) -> Point {
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
}
