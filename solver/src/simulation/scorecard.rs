//! What a simulated day achieved, in the figures a control tower is judged by.

use super::absence::{Attempt, FollowUp};
use super::day::{Failure, RouteDay};
use crate::problem::{Problem, Task};
use crate::units::{from_ticks, to_ticks, Dist, Time};

/// How far ahead forecasts are judged (minutes before the arrival).
pub const HORIZONS_MIN: [i64; 3] = [30, 60, 120];

/// A forecast passed a window's end: raised at `at`, the window closing at `window_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert {
    pub order: usize,
    pub vehicle: usize,
    pub at: Time,
    pub window_end: Time,
    /// Was the stop really late?
    pub late: bool,
}

impl Alert {
    /// How long before the window closed the alert came (negative: after).
    pub fn lead(&self) -> Time {
        self.window_end - self.at
    }
}

/// Arrival forecasts made `horizon_min` minutes ahead against the arrivals that followed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EtaAccuracy {
    pub horizon_min: i64,
    pub samples: usize,
    /// Mean and 90th percentile of the absolute error (ticks).
    pub mean: Time,
    pub p90: Time,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scorecard {
    /// Orders delivered: to the customer at the first or a second attempt, or to a locker.
    pub deliveries: usize,
    /// Doors rung (every attempt and locker drop).
    pub attempts: usize,
    /// First attempts, and those where nobody was in.
    pub first_attempts: usize,
    pub not_home: usize,
    /// Orders delivered at a second attempt, and left at a parcel locker.
    pub second_attempts: usize,
    pub lockers: usize,
    /// Orders back at the depot because nobody was in (at the last attempt).
    pub absent: usize,
    /// Orders lost with a vehicle that broke down, and orders cancelled before it left for them.
    pub broken_down: usize,
    pub cancelled: usize,
    /// Stops served after every window closed.
    pub late: usize,
    pub distance: Dist,
    /// Work past the shift ends, summed over vehicles.
    pub overtime: Time,
    pub alerts: Vec<Alert>,
    pub eta: Vec<EtaAccuracy>,
    /// Arrival ranges first told to customers, and later revised.
    pub notifications: usize,
    pub revisions: usize,
    /// Stops reached inside the last range their customer was told.
    pub in_range: usize,
    /// Same-day orders placed (deliveries and shipments), and delivered.
    pub same_day: usize,
    pub same_day_delivered: usize,
    /// Same-day collections asked for (goods fetched for the depot), and made.
    pub same_day_collections: usize,
    pub same_day_collected: usize,
    /// Orders on no route at the day's end (same-day orders not served, goods back from a
    /// breakdown not sent out again).
    pub not_served: usize,
    /// Orders of a broken-down vehicle delivered by another after the recovery.
    pub rescued: usize,
    /// Orders whose collected goods (returns, pickups) were on a vehicle when it broke down: they
    /// reach its depot with the recovery.
    pub stranded: usize,
    /// Visits to a depot between trips, to unload and load the next trip.
    pub reloads: usize,
    /// Re-plans made during the day.
    pub replans: usize,
}

impl Scorecard {
    /// Fills in what the day's end knows: deliveries, lateness, distance, overtime, ranges kept
    /// and forecast accuracy (`forecasts[order]`: (made at, arrival forecast)).
    pub(crate) fn close(
        &mut self,
        problem: &Problem,
        routes: &[RouteDay],
        unrouted: &[(usize, Failure)],
        same_day: &[bool],
        follow_ups: &[FollowUp],
        forecasts: &[&[(Time, Time)]],
    ) {
        // Per order, the order it follows up and how (itself for a first attempt).
        let mut origin: Vec<(usize, Option<Attempt>)> = (0..problem.orders.len()).map(|o| (o, None)).collect();
        let mut followed = vec![false; problem.orders.len()];
        for f in follow_ups {
            origin[f.order] = (f.of, Some(f.attempt));
            followed[f.of] = true;
        }
        self.cancelled += unrouted.iter().filter(|(_, why)| *why == Failure::Cancelled).count();
        self.not_served += unrouted.iter().filter(|(_, why)| *why == Failure::NotServed).count();
        let geographic = problem.coordinates == crate::problem::Coordinates::Geographic;
        let minute = if geographic { to_ticks(60.0) } else { to_ticks(1.0) };
        let mut errors: Vec<Vec<Time>> = vec![Vec::new(); HORIZONS_MIN.len()];
        for route in routes {
            let failed = |order: usize, why: Failure| route.failed.contains(&(order, why));
            let delivered = || route.driven.visits.iter().filter(|v| !failed(v.order, Failure::Absent));
            self.deliveries += delivered().count();
            self.attempts += route.driven.visits.len();
            let first = || route.driven.visits.iter().filter(|v| origin[v.order].1.is_none());
            self.first_attempts += first().count();
            self.not_home += first().filter(|v| failed(v.order, Failure::Absent)).count();
            let by = |attempt: Attempt| delivered().filter(|v| origin[v.order].1 == Some(attempt)).count();
            self.second_attempts += by(Attempt::Second);
            self.lockers += by(Attempt::Locker);
            let asked =
                |o: usize, collection: bool| same_day[o] && (problem.orders[o].task == Task::Pickup) == collection;
            self.same_day_delivered += delivered().filter(|v| asked(origin[v.order].0, false)).count();
            self.same_day_collected += delivered().filter(|v| asked(origin[v.order].0, true)).count();
            self.late += delivered().filter(|v| v.late_by > 0).count();
            self.absent += route.failed.iter().filter(|&&(o, why)| why == Failure::Absent && !followed[o]).count();
            self.broken_down += route.failed.iter().filter(|(_, why)| *why == Failure::Breakdown).count();
            self.cancelled += route.failed.iter().filter(|(_, why)| *why == Failure::Cancelled).count();
            self.distance += route.distance(problem);
            self.overtime += (route.driven.off_duty - route.shift_end).max(0);
            for v in &route.driven.visits {
                let made = forecasts[v.order];
                for (h, &ahead) in HORIZONS_MIN.iter().enumerate() {
                    let by = v.arrival - ahead * minute;
                    if let Some(&(_, eta)) = made.iter().rev().find(|(at, _)| *at <= by) {
                        errors[h].push((eta - v.arrival).abs());
                    }
                }
            }
        }
        self.eta = HORIZONS_MIN
            .iter()
            .zip(errors.iter_mut())
            .map(|(&horizon_min, e)| {
                e.sort_unstable();
                EtaAccuracy {
                    horizon_min,
                    samples: e.len(),
                    mean: if e.is_empty() { 0 } else { e.iter().sum::<Time>() / e.len() as Time },
                    p90: if e.is_empty() { 0 } else { e[(e.len() * 9).div_ceil(10) - 1] },
                }
            })
            .collect();
    }

    /// Share of deliveries served within a window.
    pub fn on_time_share(&self) -> f64 {
        if self.deliveries == 0 {
            return 1.0;
        }
        (self.deliveries - self.late) as f64 / self.deliveries as f64
    }

    /// The scorecard as rows of a table: (figure, value as a planner reads it).
    pub fn rows(&self, problem: &Problem) -> Vec<(String, String)> {
        let span = |t: Time| crate::units::span(problem, t);
        let percent = |part: usize, whole: usize| {
            if whole == 0 {
                "—".to_string()
            } else {
                format!("{:.1} %", 100.0 * part as f64 / whole as f64)
            }
        };
        let distance = if problem.coordinates == crate::problem::Coordinates::Geographic {
            format!("{:.1} km", from_ticks(self.distance) / 1000.0)
        } else {
            format!("{:.1}", from_ticks(self.distance))
        };
        let confirmed = self.alerts.iter().filter(|a| a.late).count();
        let in_time = self.alerts.iter().filter(|a| a.lead() > 0).count();
        let mean_lead = if in_time == 0 {
            "—".to_string()
        } else {
            span(self.alerts.iter().filter(|a| a.lead() > 0).map(|a| a.lead()).sum::<Time>() / in_time as Time)
        };
        let mut rows = vec![
            ("deliveries".to_string(), self.deliveries.to_string()),
            ("on time".to_string(), percent(self.deliveries - self.late, self.deliveries)),
            ("late stops".to_string(), self.late.to_string()),
            (
                "delivered at the first attempt".to_string(),
                percent(self.first_attempts - self.not_home, self.first_attempts),
            ),
            ("nobody in at the first attempt".to_string(), self.not_home.to_string()),
            ("delivered at a second attempt".to_string(), self.second_attempts.to_string()),
            ("left at a parcel locker".to_string(), self.lockers.to_string()),
            ("failed: nobody in, back to the depot".to_string(), self.absent.to_string()),
            ("failed: vehicle broke down".to_string(), self.broken_down.to_string()),
            ("cancelled before the vehicle left for them".to_string(), self.cancelled.to_string()),
            ("same-day orders delivered".to_string(), format!("{} of {}", self.same_day_delivered, self.same_day)),
            (
                "same-day collections made".to_string(),
                format!("{} of {}", self.same_day_collected, self.same_day_collections),
            ),
            ("not sent out".to_string(), self.not_served.to_string()),
            ("delivered by another vehicle after a breakdown".to_string(), self.rescued.to_string()),
            ("collected goods on a broken-down vehicle".to_string(), self.stranded.to_string()),
            ("reloads between trips".to_string(), self.reloads.to_string()),
            ("re-plans".to_string(), self.replans.to_string()),
            ("distance".to_string(), distance),
            ("overtime".to_string(), span(self.overtime)),
            ("alerts raised".to_string(), self.alerts.len().to_string()),
            ("alerts before the window closed (mean lead)".to_string(), format!("{in_time} ({mean_lead})")),
            ("alerts that proved late".to_string(), format!("{confirmed} of {}", self.alerts.len())),
            ("customers told an arrival range".to_string(), self.notifications.to_string()),
            ("ranges revised".to_string(), self.revisions.to_string()),
            ("arrived inside the last range told".to_string(), percent(self.in_range, self.attempts)),
        ];
        for e in &self.eta {
            rows.push((
                format!("ETA error {} min ahead (mean / p90)", e.horizon_min),
                if e.samples == 0 { "—".to_string() } else { format!("{} / {}", span(e.mean), span(e.p90)) },
            ));
        }
        rows
    }
}
