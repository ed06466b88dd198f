//! A customer not at home. What happens to the parcel is the carrier's policy ([`Absence`]): it
//! goes back to the depot for another day, it is tried again later the same day, or it is left
//! at the parcel locker of the customer's neighbourhood. The driver fits a second attempt or a
//! locker drop into the rest of the run where it costs the least detour. Each becomes an order
//! of its own (a [`FollowUp`]) at a place the day already has, so forecasts, re-plans, the
//! scorecard and every view follow it like any other stop.

use std::collections::BTreeMap;

use crate::problem::{Coordinates, Order, Problem, Task, TimeWindow, Windows};
use crate::units::{to_ticks, Time};

/// What the carrier does with a parcel when nobody is in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Absence {
    /// It stays on board and goes back to the depot, for another day.
    #[default]
    NextDay,
    /// Tried once more by the same driver, no earlier than `after` after the first attempt,
    /// where the rest of the run passes by then; otherwise, or nobody in again, another day.
    Reattempt { after: Time },
    /// Left at the parcel locker of the customer's neighbourhood on the rest of the run.
    Locker,
}

impl Absence {
    /// How a table names the policy ("nobody in: tried again 2 h later").
    pub fn describe(&self, problem: &Problem) -> String {
        match self {
            Absence::NextDay => "nobody in: back to the depot".to_string(),
            Absence::Reattempt { after } => {
                format!("nobody in: tried again {} later", crate::units::span(problem, *after))
            }
            Absence::Locker => "nobody in: left at a parcel locker".to_string(),
        }
    }
}

/// What a follow-up does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The customer's door again.
    Second,
    /// The neighbourhood's parcel locker.
    Locker,
}

/// An order a failed first attempt gave rise to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowUp {
    /// The follow-up's own order index.
    pub order: usize,
    /// The order whose first attempt failed.
    pub of: usize,
    pub attempt: Attempt,
    /// When the driver left the door nobody answered.
    pub failed_at: Time,
}

/// How long leaving a parcel in a locker takes (seconds).
pub const LOCKER_SERVICE_S: f64 = 120.0;
/// The longest a driver waits at a door for a second attempt's earliest time (seconds).
const LONGEST_WAIT_S: f64 = 900.0;

/// Parcel lockers, one per neighbourhood: the customers' places are cut into squares (about a
/// kilometre on a side; a tenth of the area's span on planar days) and each square's locker
/// stands at the customer place nearest the middle of that square's customers (a shop hosting
/// one). Lockers are numbered square by square.
#[derive(Clone, Debug)]
pub struct Lockers {
    origin: (f64, f64),
    side: (f64, f64),
    squares: BTreeMap<(i64, i64), (usize, usize)>,
}

impl Lockers {
    pub fn new(problem: &Problem) -> Lockers {
        let places: Vec<usize> = problem.orders.iter().map(|o| o.location).collect();
        let (mut low, mut high) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
        for &l in &places {
            let p = problem.points[l];
            (low, high) = ((low.0.min(p.x), low.1.min(p.y)), (high.0.max(p.x), high.1.max(p.y)));
        }
        let side = match problem.coordinates {
            Coordinates::Geographic => {
                let latitude = ((low.1 + high.1) / 2.0).to_radians().cos().max(0.1);
                (1.0 / 111.32 / latitude, 1.0 / 111.32)
            }
            Coordinates::Planar => {
                let span = ((high.0 - low.0).max(high.1 - low.1) / 10.0).max(f64::MIN_POSITIVE);
                (span, span)
            }
        };
        let mut lockers = Lockers { origin: low, side, squares: BTreeMap::new() };
        let mut members: BTreeMap<(i64, i64), Vec<usize>> = BTreeMap::new();
        for &l in &places {
            members.entry(lockers.square(problem, l)).or_default().push(l);
        }
        for (number, (square, places)) in members.into_iter().enumerate() {
            let n = places.len() as f64;
            let (x, y) =
                places.iter().fold((0.0, 0.0), |(x, y), &l| (x + problem.points[l].x, y + problem.points[l].y));
            let (x, y) = (x / n, y / n);
            let distance = |l: &usize| (problem.points[*l].x - x).powi(2) + (problem.points[*l].y - y).powi(2);
            let host = places.iter().copied().min_by(|a, b| distance(a).total_cmp(&distance(b)).then(a.cmp(b)));
            lockers.squares.insert(square, (number + 1, host.unwrap_or(places[0])));
        }
        lockers
    }

    fn square(&self, problem: &Problem, location: usize) -> (i64, i64) {
        let p = problem.points[location];
        (((p.x - self.origin.0) / self.side.0).floor() as i64, ((p.y - self.origin.1) / self.side.1).floor() as i64)
    }

    /// The locker of the neighbourhood of `location` (a customer's place): its number and place.
    pub fn near(&self, problem: &Problem, location: usize) -> Option<(usize, usize)> {
        self.squares.get(&self.square(problem, location)).copied()
    }

    /// How many lockers there are.
    pub fn len(&self) -> usize {
        self.squares.len()
    }

    pub fn is_empty(&self) -> bool {
        self.squares.is_empty()
    }
}

/// The order a failed attempt at `of` gives rise to under `attempt`: the same goods, to the same
/// door no earlier than `not_before`, or to the locker `locker` (number, place); either before
/// `until` (the driver's shift end).
pub(crate) fn follow_up_order(
    problem: &Problem,
    of: usize,
    attempt: Attempt,
    locker: Option<(usize, usize)>,
    not_before: Time,
    until: Time,
) -> Order {
    let original = &problem.orders[of];
    let window = Windows::one(TimeWindow::new(not_before, until.max(not_before)));
    // A follow-up stands alone: a shipment's goods are on board by now (or still to collect).
    let task = match original.task {
        Task::ShipmentDelivery { .. } => Task::Delivery,
        Task::ShipmentPickup { .. } => Task::Pickup,
        task => task,
    };
    match (attempt, locker) {
        (Attempt::Locker, Some((number, place))) => Order {
            id: format!("{} → locker {number}", original.id),
            location: place,
            service: to_ticks(LOCKER_SERVICE_S),
            windows: window,
            skills: crate::problem::Skills::NONE,
            task,
            depot: None,
            value: None,
            ..original.clone()
        },
        _ => Order {
            id: format!("{} (2nd attempt)", original.id),
            windows: window,
            task,
            depot: None,
            value: None,
            ..original.clone()
        },
    }
}

/// Where the driver of a run fits a stop at `location` among `stops` (positions `from` to the
/// end; `departures[k]` when stop `k` is left, `from >= 1`): the least detour among the places
/// where it can arrive no more than a quarter of an hour before `not_before`; `None` where none.
pub(crate) fn best_position(
    problem: &Problem,
    vehicle: usize,
    stops: &[usize],
    departures: &[Time],
    from: usize,
    location: usize,
    not_before: Time,
) -> Option<usize> {
    let m = problem.matrix(vehicle);
    let place = |k: usize| problem.orders[stops[k]].location;
    let end = problem.vehicle_end(vehicle);
    let wait = to_ticks(LONGEST_WAIT_S);
    (from.max(1)..=stops.len())
        .filter(|&p| departures[p - 1] + m.time(place(p - 1), location) + wait >= not_before)
        .min_by_key(|&p| {
            let (before, after) = (place(p - 1), if p < stops.len() { place(p) } else { end });
            (m.dist(before, location) + m.dist(location, after) - m.dist(before, after), p)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    /// Every customer has a locker in their neighbourhood, at a customer's place within about a
    /// kilometre and a half; a neighbourhood's customers share one.
    #[test]
    fn every_customer_has_a_locker_nearby() {
        let problem = city(&CitySpec::lyon("lockers", 400, 2));
        let lockers = Lockers::new(&problem);
        assert!(lockers.len() > 5 && lockers.len() < 400, "{} lockers", lockers.len());
        let customers: Vec<usize> = problem.orders.iter().map(|o| o.location).collect();
        for &l in &customers {
            let (number, place) = lockers.near(&problem, l).expect("a locker");
            assert!((1..=lockers.len()).contains(&number));
            assert!(customers.contains(&place));
            let metres = problem.points[l].great_circle_m(&problem.points[place]);
            assert!(metres < 1_600.0, "locker {number} is {metres:.0} m away");
        }
    }

    /// The driver fits a stop where the detour is least, never before `from` nor where it would
    /// arrive long before its time.
    #[test]
    fn a_follow_up_goes_where_the_detour_is_least_and_not_too_early() {
        let problem = city(&CitySpec::lyon("fit", 60, 4));
        let vehicle = 0;
        let stops: Vec<usize> = (0..12).collect();
        let departures: Vec<Time> = (0..12).map(|k| to_ticks(8.0 * 3600.0 + 900.0 * k as f64)).collect();
        let location = problem.orders[20].location;
        let any = best_position(&problem, vehicle, &stops, &departures, 3, location, Time::MIN).unwrap();
        assert!((3..=12).contains(&any));
        let m = problem.matrix(vehicle);
        let detour = |p: usize| {
            let place = |k: usize| problem.orders[stops[k]].location;
            let after = if p < 12 { place(p) } else { problem.vehicle_end(vehicle) };
            m.dist(place(p - 1), location) + m.dist(location, after) - m.dist(place(p - 1), after)
        };
        assert!((3..=12).all(|p| detour(any) <= detour(p)));
        let late = departures[9];
        let p = best_position(&problem, vehicle, &stops, &departures, 3, location, late + to_ticks(3600.0));
        let place = |k: usize| problem.orders[stops[k]].location;
        assert!(p.is_none_or(
            |p| departures[p - 1] + m.time(place(p - 1), location) + to_ticks(900.0) >= late + to_ticks(3600.0)
        ));
        assert_eq!(best_position(&problem, vehicle, &stops, &departures, 3, location, to_ticks(86_400.0)), None);
    }
}
