//! The delivery day's slot grid: consecutive windows of one width, each with a price.

use serde::{Deserialize, Serialize};

use crate::constraints::shift::working_window;
use crate::problem::{Coordinates, Problem, TimeWindow};
use crate::units::clock;
use crate::units::{from_ticks, to_ticks, Time};

/// One delivery slot: the service starts within `window`; the customer pays `price`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    pub window: TimeWindow,
    pub price: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SlotGrid {
    pub slots: Vec<Slot>,
}

/// A slot as reports and the app show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlotView {
    pub label: String,
    /// Start and end in the scenario's time unit (seconds of the day for real-world scenarios).
    pub start: f64,
    pub end: f64,
    pub price: f64,
}

/// One "hour" of slot width in engine ticks: 3600 s for real-world scenarios; 60 time units for
/// benchmark files, whose clock has no unit.
pub fn hour(problem: &Problem) -> Time {
    match problem.coordinates {
        Coordinates::Geographic => to_ticks(3600.0),
        Coordinates::Planar => to_ticks(60.0),
    }
}

impl SlotGrid {
    /// Slots of `hours` each, from the first whole hour any vehicle works to the end of the
    /// latest shift, within 24 h (a last, shorter slot is kept when it is at least half as long). Prices are
    /// taken in turn from `prices` (the last one repeats).
    pub fn across_shifts(problem: &Problem, hours: f64, prices: &[f64]) -> Result<SlotGrid, String> {
        if !(hours.is_finite() && hours > 0.0) {
            return Err(format!("the slot width must be a positive number of hours, found {hours}"));
        }
        if problem.vehicles.is_empty() {
            return Err("the scenario has no vehicles, so no slot can be offered".to_string());
        }
        let windows: Vec<TimeWindow> = (0..problem.vehicles.len()).map(|v| working_window(problem, v)).collect();
        let first = windows.iter().map(|w| w.start).min().unwrap_or(0);
        let last = windows.iter().map(|w| w.end).max().unwrap_or(0);
        let hour = hour(problem);
        let width = to_ticks(hours * from_ticks(hour));
        if width < hour / 60 {
            return Err(format!("the slot width must be at least a minute, found {hours} h"));
        }
        let mut start = first.div_euclid(hour) * hour + if first.rem_euclid(hour) == 0 { 0 } else { hour };
        // One delivery day: shifts without an end (files without time windows) stop after 24 h.
        let last = last.min(start.saturating_add(24 * hour));
        let mut slots = Vec::new();
        while start < last {
            let end = start.saturating_add(width).min(last);
            if end - start < width / 2 {
                break;
            }
            let price = prices.get(slots.len()).or(prices.last()).copied().unwrap_or(0.0);
            if !price.is_finite() || price < 0.0 {
                return Err(format!("slot prices must be zero or more, found {price}"));
            }
            slots.push(Slot { window: TimeWindow::new(start, end), price });
            start = end;
        }
        if slots.is_empty() {
            return Err(format!(
                "no slot of {hours} h fits between the first shift start ({}) and the last shift end ({})",
                clock(problem, first),
                clock(problem, last)
            ));
        }
        Ok(SlotGrid { slots })
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// `08:00–10:00`.
    pub fn label(&self, problem: &Problem, s: usize) -> String {
        let w = self.slots[s].window;
        format!("{}–{}", clock(problem, w.start), clock(problem, w.end))
    }

    pub fn views(&self, problem: &Problem) -> Vec<SlotView> {
        (0..self.slots.len())
            .map(|s| SlotView {
                label: self.label(problem, s),
                start: from_ticks(self.slots[s].window.start),
                end: from_ticks(self.slots[s].window.end),
                price: self.slots[s].price,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    #[test]
    fn two_hour_slots_cover_the_shifts() {
        let problem = city(&CitySpec::lyon("slots", 60, 1));
        let grid = SlotGrid::across_shifts(&problem, 2.0, &[3.99, 2.99]).unwrap();
        let labels: Vec<String> = (0..grid.len()).map(|s| grid.label(&problem, s)).collect();
        assert_eq!(labels.first().map(String::as_str), Some("07:00–09:00"));
        // Vans work 08–18 but at most 9 h: the day's last working minute is 17:00.
        assert_eq!(labels.last().map(String::as_str), Some("15:00–17:00"));
        assert_eq!(grid.slots[0].price, 3.99);
        assert_eq!(grid.slots[3].price, 2.99);
        for pair in grid.slots.windows(2) {
            assert_eq!(pair[0].window.end, pair[1].window.start);
        }
        assert!(SlotGrid::across_shifts(&problem, 0.0, &[1.0]).is_err());
        assert!(SlotGrid::across_shifts(&problem, 2.0, &[-1.0]).is_err());
    }
}
