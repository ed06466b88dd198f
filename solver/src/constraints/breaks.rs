//! Breaks: a vehicle may have one break (a duration that must start inside a window). A used
//! route takes it once, on arriving at a stop (before serving it, so the break may use the
//! wait for a window) or on arriving
//! at the end depot; the vehicle waits for the window to open if it must. A route that is back
//! before the window opens needs no break. Taking it
//! where the vehicle already is adds no distance, so only time is affected.

use crate::problem::TimeWindow;
use crate::units::Time;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    pub duration: Time,
    pub window: TimeWindow,
}

impl Break {
    /// When the vehicle, ready at `ready`, is done with its break; `None` when the window has
    /// closed.
    #[inline]
    pub fn end_if_taken(&self, ready: Time) -> Option<Time> {
        let start = ready.max(self.window.start);
        (start <= self.window.end).then_some(start + self.duration)
    }

    /// The latest `ready` time from which the break is over by `done_by`, or `None`.
    #[inline]
    pub fn latest_ready(&self, done_by: Time) -> Option<Time> {
        let last_start = self.window.end.min(done_by - self.duration);
        (self.window.start <= last_start).then_some(last_start)
    }

    /// When the break starts for a vehicle ready at `ready` (for schedules).
    pub fn start(&self, ready: Time) -> Time {
        ready.max(self.window.start)
    }
}
