//! The customers of a booking day: who arrives when, where, with what, and which offered slot
//! they choose.
//!
//! A generated stream draws arrival times over the booking horizon from a time-of-day intensity
//! (quiet nights, a lunch bump, an evening peak), places from the loaded scenario's own orders
//! (an order picked at random, moved by a few hundred metres, so the stream has the scenario's
//! area and density), and sizes, service times and skills from those orders too. Each customer
//! has a taste for a part of the day. The choice model is a multinomial logit over the offered
//! slots plus not buying.

use serde::{Deserialize, Serialize};

use crate::problem::{Amount, Coordinates, Point, Problem, Skills};
use crate::rng::Rng;
use crate::units::{from_ticks, Time};

/// The part of the day a customer would rather be delivered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Taste {
    Morning,
    Afternoon,
    Evening,
    /// Any time suits.
    Flexible,
}

impl Taste {
    /// Does a slot starting at `hour_of_day` (0–24) suit this taste?
    pub fn likes(self, hour_of_day: f64) -> bool {
        match self {
            Taste::Morning => hour_of_day < 12.0,
            Taste::Afternoon => (12.0..16.0).contains(&hour_of_day),
            Taste::Evening => hour_of_day >= 16.0,
            Taste::Flexible => true,
        }
    }
}

/// One customer at the checkout.
#[derive(Clone, Debug, PartialEq)]
pub struct Booking {
    pub id: String,
    /// When they book: seconds after the booking horizon opened.
    pub at: f64,
    pub point: Point,
    pub demand: Amount,
    pub service: Time,
    pub skills: Skills,
    pub taste: Taste,
    /// A replayed booking's chosen slot start (engine ticks), taken when it is offered.
    pub wanted_start: Option<Time>,
}

/// Shape of a generated booking stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StreamSpec {
    /// Customers reaching the checkout over the horizon.
    pub customers: usize,
    /// Length of the booking horizon, in hours, ending at the cut-off.
    pub horizon_hours: f64,
    /// How far places move from the scenario order they are drawn near: km for real-world
    /// scenarios, a share of the area's width for benchmark files.
    pub spread_km: f64,
    pub seed: u64,
}

impl Default for StreamSpec {
    fn default() -> Self {
        StreamSpec { customers: 400, horizon_hours: 48.0, spread_km: 0.4, seed: 1 }
    }
}

/// Relative arrival intensity for each hour of the day (booking traffic of online grocers:
/// quiet nights, a lunch bump, the evening peak).
const INTENSITY: [f64; 24] = [
    0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 1.3, 1.4, 1.4, 1.5, 1.9, 1.8, 1.4, 1.3, 1.4, 1.7, 2.2, 2.6, 2.8, 2.4, 1.6,
    0.8,
];

/// Shares of the tastes (morning, afternoon, evening, flexible).
const TASTES: [(Taste, f64); 4] =
    [(Taste::Morning, 0.3), (Taste::Afternoon, 0.25), (Taste::Evening, 0.3), (Taste::Flexible, 0.15)];

/// A seeded stream near `base`'s orders, sorted by arrival. `clock_at_open` is the hour of day
/// at which the horizon opens (so the intensity follows the clock).
pub fn generate_stream(base: &Problem, spec: &StreamSpec, clock_at_open: f64) -> Result<Vec<Booking>, String> {
    if base.orders.is_empty() {
        return Err("the scenario has no orders to draw customers' places and sizes from".to_string());
    }
    if !(spec.horizon_hours.is_finite() && spec.horizon_hours > 0.0) {
        return Err(format!("the booking horizon must be a positive number of hours, found {}", spec.horizon_hours));
    }
    let mut rng = Rng::new(spec.seed ^ 0x5eed_b00c);
    let hours = spec.horizon_hours.ceil() as usize;
    let weights: Vec<f64> =
        (0..hours).map(|h| INTENSITY[((clock_at_open + h as f64).rem_euclid(24.0)) as usize % 24]).collect();
    let total: f64 = weights.iter().sum();
    let (km_x, km_y) = km_per_unit(base);
    let mut stream: Vec<Booking> = (0..spec.customers)
        .map(|k| {
            let mut pick = rng.unit() * total;
            let mut hour = 0;
            while hour + 1 < hours && pick >= weights[hour] {
                pick -= weights[hour];
                hour += 1;
            }
            let at = ((hour as f64 + rng.unit()) * 3600.0).min(spec.horizon_hours * 3600.0);
            let like = &base.orders[rng.below(base.orders.len())];
            let p = base.points[like.location];
            let (gx, gy) = gaussian_pair(&mut rng);
            let point = Point { x: p.x + gx * spec.spread_km / km_x, y: p.y + gy * spec.spread_km / km_y };
            let mut taste_pick = rng.unit();
            let taste = TASTES
                .iter()
                .find(|(_, share)| {
                    taste_pick -= share;
                    taste_pick < 0.0
                })
                .map_or(Taste::Flexible, |(t, _)| *t);
            Booking {
                id: format!("C{:04}", k + 1),
                at,
                point,
                demand: like.demand,
                service: like.service,
                skills: like.skills,
                taste,
                wanted_start: None,
            }
        })
        .collect();
    stream.sort_by(|a, b| a.at.total_cmp(&b.at));
    for (k, b) in stream.iter_mut().enumerate() {
        b.id = format!("C{:04}", k + 1);
    }
    Ok(stream)
}

/// Kilometres per coordinate unit along x and y (for benchmark files: one "km" is a hundredth of
/// the area's width, so `spread_km` reads as a share of it).
fn km_per_unit(problem: &Problem) -> (f64, f64) {
    match problem.coordinates {
        Coordinates::Geographic => {
            let lat = problem.points.iter().map(|p| p.y).sum::<f64>() / problem.points.len().max(1) as f64;
            (111.32 * lat.to_radians().cos().max(0.01), 111.2)
        }
        Coordinates::Planar => {
            let (lo, hi) = problem
                .points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.x), hi.max(p.x)));
            let width = if hi > lo { hi - lo } else { 1.0 };
            (100.0 / width, 100.0 / width)
        }
    }
}

/// Two independent standard normal numbers (Box–Muller).
fn gaussian_pair(rng: &mut Rng) -> (f64, f64) {
    let u = rng.unit().max(1e-12);
    let v = rng.unit();
    let r = (-2.0 * u.ln()).sqrt();
    (r * (std::f64::consts::TAU * v).cos(), r * (std::f64::consts::TAU * v).sin())
}

/// Multinomial logit over the offered slots and not buying: a slot's utility is
/// `base + taste × (slot suits the customer) − price × (price paid)`; not buying has utility
/// `no_purchase`. The customer picks slot `s` with probability `e^u_s / (e^u_0 + Σ e^u_j)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChoiceModel {
    pub base: f64,
    pub taste: f64,
    /// Utility lost per currency unit of the slot's price.
    pub price: f64,
    pub no_purchase: f64,
}

impl Default for ChoiceModel {
    fn default() -> Self {
        ChoiceModel { base: 2.0, taste: 2.0, price: 0.5, no_purchase: 0.0 }
    }
}

impl ChoiceModel {
    /// Which of `offered` (slot index, start hour of day, price) the customer takes, or `None`.
    /// `draw` is the customer's own uniform number in [0, 1), so that the same customer facing
    /// the same offers chooses the same way under every policy.
    pub fn choose(&self, booking: &Booking, offered: &[(usize, Time, f64)], hour: Time, draw: f64) -> Option<usize> {
        if let Some(wanted) = booking.wanted_start {
            // A replayed booking: the slot it took, when offered; otherwise the model decides.
            if let Some(&(s, _, _)) = offered.iter().find(|(_, start, _)| *start == wanted) {
                return Some(s);
            }
        }
        let utility = |start: Time, price: f64| {
            let hour_of_day = from_ticks(start) / from_ticks(hour);
            let suits = if booking.taste.likes(hour_of_day.rem_euclid(24.0)) { 1.0 } else { 0.0 };
            self.base + self.taste * suits - self.price * price
        };
        let weights: Vec<f64> = offered.iter().map(|&(_, start, price)| utility(start, price).exp()).collect();
        let total = self.no_purchase.exp() + weights.iter().sum::<f64>();
        let mut pick = draw * total - self.no_purchase.exp();
        for (k, w) in weights.iter().enumerate() {
            if pick < *w && pick >= 0.0 {
                return Some(offered[k].0);
            }
            pick -= w;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};
    use crate::units::to_ticks;

    #[test]
    fn a_stream_is_seeded_sorted_and_near_the_scenario() {
        let base = city(&CitySpec::lyon("stream", 200, 3));
        let spec = StreamSpec { customers: 300, ..Default::default() };
        let a = generate_stream(&base, &spec, 0.0).unwrap();
        let b = generate_stream(&base, &spec, 0.0).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 300);
        assert!(a.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(a.iter().all(|c| (4.6..5.1).contains(&c.point.x) && (45.6..45.9).contains(&c.point.y)));
        let evening = a.iter().filter(|c| (c.at / 3600.0) % 24.0 >= 17.0).count();
        let night = a.iter().filter(|c| (c.at / 3600.0) % 24.0 < 6.0).count();
        assert!(evening > 3 * night, "evening {evening}, night {night}");
        let other = generate_stream(&base, &StreamSpec { seed: 2, ..spec }, 0.0).unwrap();
        assert_ne!(a, other);
    }

    #[test]
    fn customers_prefer_cheap_slots_that_suit_them() {
        let model = ChoiceModel::default();
        let hour = to_ticks(3600.0);
        let customer = Booking {
            id: "c".into(),
            at: 0.0,
            point: Point { x: 0.0, y: 0.0 },
            demand: [1, 0, 0],
            service: 0,
            skills: Skills::NONE,
            taste: Taste::Evening,
            wanted_start: None,
        };
        let offered = [(0, 8 * hour, 3.0), (1, 18 * hour, 3.0)];
        let mut counts = [0usize; 3];
        for k in 0..10_000 {
            match model.choose(&customer, &offered, hour, (k as f64 + 0.5) / 10_000.0) {
                Some(s) => counts[s] += 1,
                None => counts[2] += 1,
            }
        }
        assert!(counts[1] > 4 * counts[0], "{counts:?}");
        assert!(counts[2] > 0);
        // Nothing offered: no purchase.
        assert_eq!(model.choose(&customer, &[], hour, 0.5), None);
    }
}
