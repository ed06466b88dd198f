//! Time windows: service at an order may start only inside one of its windows; arriving earlier
//! means waiting for the next window to open.

use crate::units::{Time, HORIZON};

/// A window `[start, end]` in which service may *start*.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeWindow {
    pub start: Time,
    pub end: Time,
}

impl TimeWindow {
    pub const ALWAYS: TimeWindow = TimeWindow { start: 0, end: HORIZON };

    pub fn new(start: Time, end: Time) -> Self {
        TimeWindow { start, end }
    }

    pub fn contains(&self, t: Time) -> bool {
        self.start <= t && t <= self.end
    }
}

/// An order's windows: at least one, sorted by start, not overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Windows(Vec<TimeWindow>);

impl Windows {
    /// Sorts and merges `windows`; `None` when there are none.
    pub fn new(mut windows: Vec<TimeWindow>) -> Option<Self> {
        windows.sort_by_key(|w| w.start);
        let mut merged: Vec<TimeWindow> = Vec::with_capacity(windows.len());
        for w in windows {
            match merged.last_mut() {
                Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                _ => merged.push(w),
            }
        }
        (!merged.is_empty()).then_some(Windows(merged))
    }

    pub fn one(window: TimeWindow) -> Self {
        Windows(vec![window])
    }

    pub fn as_slice(&self) -> &[TimeWindow] {
        &self.0
    }

    /// From the first window's start to the last one's end.
    pub fn envelope(&self) -> TimeWindow {
        TimeWindow::new(self.0[0].start, self.0[self.0.len() - 1].end)
    }

    /// The earliest service start for a vehicle arriving at `arrival`, or `None` when every
    /// window has closed.
    #[inline]
    pub fn earliest_start(&self, arrival: Time) -> Option<Time> {
        self.0.iter().find(|w| w.end >= arrival).map(|w| arrival.max(w.start))
    }

    /// The latest service start no later than `t`, or `None` when no window opens by then.
    #[inline]
    pub fn latest_start(&self, t: Time) -> Option<Time> {
        self.0.iter().rev().find(|w| w.start <= t).map(|w| t.min(w.end))
    }

    /// True when service may start at `t`.
    pub fn allows(&self, t: Time) -> bool {
        self.0.iter().any(|w| w.contains(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_windows_wait_for_the_next_one() {
        let w = Windows::new(vec![TimeWindow::new(50, 60), TimeWindow::new(10, 20)]).unwrap();
        assert_eq!(w.earliest_start(5), Some(10));
        assert_eq!(w.earliest_start(25), Some(50));
        assert_eq!(w.earliest_start(61), None);
        assert_eq!(w.latest_start(40), Some(20));
        assert_eq!(w.latest_start(55), Some(55));
        assert_eq!(w.latest_start(9), None);
        assert_eq!(w.envelope(), TimeWindow::new(10, 60));
        let merged = Windows::new(vec![TimeWindow::new(0, 30), TimeWindow::new(20, 40)]).unwrap();
        assert_eq!(merged.as_slice(), &[TimeWindow::new(0, 40)]);
    }
}
