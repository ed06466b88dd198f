//! How the day really goes: travel and service times that differ from the plan's, drawn from a
//! seed.
//!
//! Travel on a leg is the planned time × a factor for the area the leg leaves from and the hour
//! it leaves in (rush hours slower on average, each area and hour drawn apart: a congested
//! district at 8:00 slows every van leaving it then), × a small factor of its own. Service takes
//! the planned time × a factor per order (a customer who talks, a lift that does not come).
//! Every factor is a pure function of the seed and what it describes (area, hour, leg, order),
//! never of the order in which the simulation asks, so a re-planned route meets the same roads,
//! and only `+ − × ÷` of IEEE doubles are used: the same seed gives the same day natively and in
//! WebAssembly.

use std::collections::HashMap;

use super::absence::Attempt;
use crate::problem::{Problem, Vehicle};
use crate::units::{to_ticks, Time};

/// How far reality strays from the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// Share of customers not at home when the driver comes (0.03: 3 %).
    pub absent: f64,
    /// Typical relative deviation of an area's travel in an hour (0.15: about ±15 %).
    pub travel: f64,
    /// Typical relative deviation of a service time.
    pub service: f64,
    /// How much slower travel is on average in the morning (7:00–9:00) and evening (16:00–19:00)
    /// rush hours (0.2: 20 %).
    pub rush: f64,
}

impl Spread {
    /// Reality as planned: every factor is 1.
    pub const NONE: Spread = Spread { absent: 0.0, travel: 0.0, service: 0.0, rush: 0.0 };
}

impl Default for Spread {
    fn default() -> Self {
        Spread { absent: 0.03, travel: 0.15, service: 0.25, rush: 0.2 }
    }
}

/// Side of the square grid of areas over the scenario's places.
const AREAS_PER_SIDE: usize = 4;
/// Areas of the grid, numbered row by row from the lowest y (south) and x (west).
pub const AREAS: usize = AREAS_PER_SIDE * AREAS_PER_SIDE;
/// How long a driver tries at a door where nobody answers.
const ATTEMPT: f64 = 180.0;

#[derive(Clone, Debug)]
pub struct Reality {
    seed: u64,
    spread: Spread,
    /// Bounding box of the places: lowest x, y and the size of one area.
    origin: (f64, f64),
    area: (f64, f64),
    hour: Time,
    /// Traffic incidents: (area, from, until, slower).
    incidents: Vec<(usize, Time, Time, f64)>,
    /// Orders whose customer is out whatever the draw (an events file's `absent`).
    out: Vec<usize>,
    /// Follow-ups of failed attempts: the order they follow and what they do.
    follow_ups: HashMap<usize, (usize, Attempt)>,
}

impl Reality {
    pub fn new(problem: &Problem, seed: u64, spread: Spread) -> Self {
        let (mut low, mut high) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for p in &problem.points {
            low = (low.0.min(p.x), low.1.min(p.y));
            high = (high.0.max(p.x), high.1.max(p.y));
        }
        if problem.points.is_empty() {
            (low, high) = ((0.0, 0.0), (1.0, 1.0));
        }
        let side = |lo: f64, hi: f64| ((hi - lo) / AREAS_PER_SIDE as f64).max(f64::MIN_POSITIVE);
        Reality {
            seed,
            spread,
            origin: low,
            area: (side(low.0, high.0), side(low.1, high.1)),
            hour: to_ticks(3600.0),
            incidents: Vec::new(),
            out: Vec::new(),
            follow_ups: HashMap::new(),
        }
    }

    /// This reality with the traffic incidents among `events`.
    pub fn with_incidents(mut self, events: &[super::events::Event]) -> Self {
        self.incidents = events
            .iter()
            .filter_map(|e| match *e {
                super::events::Event::Traffic { area, from, until, slower } => Some((area, from, until, slower)),
                _ => None,
            })
            .collect();
        self.out = events
            .iter()
            .filter_map(|e| match *e {
                super::events::Event::Absent { order } => Some(order),
                _ => None,
            })
            .collect();
        self
    }

    /// From now on, `order` follows a failed attempt at `of`: a second attempt finds the
    /// customer in or out by a draw of its own; a locker is always open.
    pub(crate) fn follow(&mut self, order: usize, of: usize, attempt: Attempt) {
        self.follow_ups.insert(order, (of, attempt));
    }

    /// The draws an order's attempt is made of: (what, whose), so a follow-up's do not depend
    /// on the index the day gave it.
    fn key(&self, order: usize) -> (u64, u64) {
        match self.follow_ups.get(&order) {
            Some(&(of, Attempt::Second)) => (1, of as u64),
            Some(&(of, Attempt::Locker)) => (2, of as u64),
            None => (0, order as u64),
        }
    }

    /// Is the customer of `order` out when the driver comes?
    pub fn absent(&self, order: usize) -> bool {
        match self.key(order) {
            (2, _) => false,
            (0, _) if self.out.contains(&order) => true,
            (attempt, whose) => self.spread.absent > 0.0 && self.draw(&[4, whose, attempt])[0] < self.spread.absent,
        }
    }

    /// The area (0..16) a location lies in.
    pub fn area_of(&self, problem: &Problem, location: usize) -> usize {
        let p = problem.points[location];
        let cell = |v: f64, lo: f64, size: f64| (((v - lo) / size) as usize).min(AREAS_PER_SIDE - 1);
        cell(p.y, self.origin.1, self.area.1) * AREAS_PER_SIDE + cell(p.x, self.origin.0, self.area.0)
    }

    /// How long the leg `from → to` really takes for `vehicle` leaving at `leave`.
    pub fn travel(&self, problem: &Problem, vehicle: &Vehicle, from: usize, to: usize, leave: Time) -> Time {
        let planned = problem.profiles[vehicle.profile].matrix.time(from, to);
        if planned == 0 {
            return 0;
        }
        let hour = leave.div_euclid(self.hour);
        let area = self.area_of(problem, from) as u64;
        let rush = if matches!(hour.rem_euclid(24), 7 | 8 | 16..=18) { 1.0 + self.spread.rush } else { 1.0 };
        let congestion = factor(self.draw(&[1, area, hour as u64]), self.spread.travel, 0.5, 3.0);
        let own = factor(self.draw(&[2, from as u64, to as u64]), self.spread.travel / 2.0, 0.7, 1.6);
        let incident: f64 = self
            .incidents
            .iter()
            .filter(|&&(a, from, until, _)| a == area as usize && (from..until).contains(&leave))
            .map(|&(.., slower)| slower)
            .product();
        scale(planned, rush * congestion * own * incident)
    }

    /// How long serving `order` really takes (a short attempt when nobody is in).
    pub fn service(&self, problem: &Problem, order: usize) -> Time {
        let planned = problem.orders[order].service;
        if self.absent(order) {
            return planned.min(to_ticks(ATTEMPT));
        }
        let (attempt, whose) = self.key(order);
        scale(planned, factor(self.draw(&[3, whose, attempt]), self.spread.service, 0.4, 3.0))
    }

    /// A uniform draw in [0, 1) for what `key` names.
    pub(crate) fn draw(&self, key: &[u64]) -> [f64; 4] {
        let mut h = self.seed ^ 0x0005_EED0_FDA7;
        for &k in key {
            h = mix(h ^ k);
        }
        let mut out = [0.0; 4];
        for u in &mut out {
            h = mix(h);
            *u = (h >> 11) as f64 / (1u64 << 53) as f64;
        }
        out
    }
}

/// 1 + `spread` × an approximately standard normal draw (Irwin–Hall of four uniforms), kept
/// within `[low, high]`.
fn factor(u: [f64; 4], spread: f64, low: f64, high: f64) -> f64 {
    let normal = (u[0] + u[1] + u[2] + u[3] - 2.0) * 1.732_050_807_568_877_2;
    (1.0 + spread * normal).clamp(low, high)
}

fn scale(t: Time, by: f64) -> Time {
    (t as f64 * by).round() as Time
}

/// splitmix64's finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    #[test]
    fn reality_is_a_function_of_the_seed_and_what_it_describes() {
        let problem = city(&CitySpec::lyon("reality", 80, 3));
        let a = Reality::new(&problem, 7, Spread::default());
        let b = Reality::new(&problem, 7, Spread::default());
        let c = Reality::new(&problem, 8, Spread::default());
        let v = &problem.vehicles[0];
        let eight = to_ticks(8.0 * 3600.0);
        let legs: Vec<Time> = (1..40).map(|to| a.travel(&problem, v, 0, to, eight)).collect();
        assert_eq!(legs, (1..40).map(|to| b.travel(&problem, v, 0, to, eight)).collect::<Vec<_>>());
        assert_ne!(legs, (1..40).map(|to| c.travel(&problem, v, 0, to, eight)).collect::<Vec<_>>());
        // Asked in another order, the same answers.
        let backwards: Vec<Time> = (1..40).rev().map(|to| a.travel(&problem, v, 0, to, eight)).collect();
        assert_eq!(legs, backwards.into_iter().rev().collect::<Vec<_>>());
    }

    #[test]
    fn without_spread_reality_is_the_plan() {
        let problem = city(&CitySpec::lyon("as planned", 60, 1));
        let r = Reality::new(&problem, 1, Spread::NONE);
        let v = &problem.vehicles[0];
        for to in 1..30 {
            assert_eq!(r.travel(&problem, v, 0, to, to_ticks(8.0 * 3600.0)), problem.matrix(0).time(0, to));
        }
        for o in 0..problem.orders.len() {
            assert_eq!(r.service(&problem, o), problem.orders[o].service);
        }
    }

    #[test]
    fn rush_hours_are_slower_on_average() {
        let problem = city(&CitySpec::lyon("rush", 200, 2));
        let r = Reality::new(&problem, 5, Spread::default());
        let v = &problem.vehicles[0];
        let total =
            |hour: f64| -> Time { (0..150).map(|i| r.travel(&problem, v, i, i + 30, to_ticks(hour * 3600.0))).sum() };
        let planned: Time = (0..150).map(|i| problem.matrix(0).time(i, i + 30)).sum();
        assert!(total(8.0) > planned && total(8.0) > total(11.0), "{} {} {}", total(8.0), total(11.0), planned);
    }
}
