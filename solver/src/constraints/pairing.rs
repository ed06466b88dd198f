//! Pairing and precedence: a shipment's two halves ([`Task::ShipmentPickup`] and
//! [`Task::ShipmentDelivery`]) are served by one vehicle on one trip, the pickup first; either
//! both are in the plan or both are left out, for the same reason.
//!
//! The search keeps this by construction (a pair is inserted and removed together, see
//! [`crate::recreate`] and [`crate::ruin`]); [`holds`] is what a route state re-derives after every
//! change, so a route edited by hand that splits a pair is never taken as feasible.

use super::trips;
use crate::problem::{Problem, Task};

/// True when every shipment half on `stops` has its partner on `stops` too, the pickup first.
/// O(stops × shipments open at once).
pub fn holds(problem: &Problem, stops: &[usize]) -> bool {
    first_broken(problem, stops).is_none()
}

/// The first stop (an index into `stops`) whose shipment partner is missing from the route or on
/// the wrong side of it; `None` when pairs hold.
pub fn first_broken(problem: &Problem, stops: &[usize]) -> Option<usize> {
    // Pickups seen whose delivery has not come yet, with their position.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for (k, &o) in stops.iter().enumerate() {
        if trips::depot_of(o).is_some() {
            // A shipment is picked up and delivered on one trip.
            if let Some(&(_, at)) = open.first() {
                return Some(at);
            }
            continue;
        }
        match problem.orders[o].task {
            Task::ShipmentPickup { .. } => open.push((o, k)),
            Task::ShipmentDelivery { pickup } => match open.iter().position(|&(p, _)| p == pickup) {
                Some(at) => {
                    open.swap_remove(at);
                }
                None => return Some(k),
            },
            Task::Delivery | Task::Pickup => {}
        }
    }
    open.iter().map(|&(_, k)| k).min()
}

/// Every stop of `stops` (indices into it) whose shipment partner is missing from the route or on
/// the wrong side of it: what a route edited by hand is told.
pub fn broken(problem: &Problem, stops: &[usize]) -> Vec<usize> {
    let order = |o: usize| trips::depot_of(o).is_none().then(|| &problem.orders[o]);
    let position: std::collections::HashMap<usize, usize> = stops
        .iter()
        .enumerate()
        .filter(|(_, &o)| order(o).is_some_and(|order| order.partner().is_some()))
        .map(|(k, &o)| (o, k))
        .collect();
    // The trip of every stop: reloads seen before it.
    let trip: Vec<usize> = stops
        .iter()
        .scan(0, |trip, &o| {
            *trip += usize::from(trips::depot_of(o).is_some());
            Some(*trip)
        })
        .collect();
    let apart = |j: usize, k: usize| trip[j] != trip[k];
    stops
        .iter()
        .enumerate()
        .filter(|&(k, &o)| match order(o).map(|order| order.task) {
            Some(Task::ShipmentPickup { delivery }) => position.get(&delivery).is_none_or(|&j| j < k || apart(j, k)),
            Some(Task::ShipmentDelivery { pickup }) => position.get(&pickup).is_none_or(|&j| j > k || apart(j, k)),
            _ => false,
        })
        .map(|(k, _)| k)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Coordinates, Depot, Order, Parts, Point, Profile, TimeWindow, Vehicle};
    use crate::travel::Matrix;

    fn shipments() -> Problem {
        let points: Vec<Point> = (0..5).map(|k| Point { x: k as f64, y: 0.0 }).collect();
        let window = TimeWindow::new(0, 1_000_000_000);
        let order =
            |id: &str, location, task| Order { task, ..Order::simple(id.to_string(), location, [1, 0, 0], 0, window) };
        let orders = vec![
            order("p1", 1, Task::ShipmentPickup { delivery: 1 }),
            order("d1", 2, Task::ShipmentDelivery { pickup: 0 }),
            order("p2", 3, Task::ShipmentPickup { delivery: 3 }),
            order("d2", 4, Task::ShipmentDelivery { pickup: 2 }),
            order("r", 4, Task::Pickup),
        ];
        Problem::new(Parts {
            name: "pairs".into(),
            coordinates: Coordinates::Planar,
            profiles: vec![Profile { name: "default".into(), matrix: Matrix::euclidean(&points) }],
            points,
            depots: vec![Depot { id: "0".into(), location: 0, opening: window }],
            orders,
            vehicles: vec![Vehicle::simple("v".into(), 0, [10, 0, 0], window)],
            skills: vec![],
            dimensions: vec!["demand".into()],
            currency: String::new(),
        })
    }

    #[test]
    fn a_pair_holds_on_one_route_pickup_first() {
        let p = shipments();
        assert!(holds(&p, &[]));
        assert!(holds(&p, &[4]));
        assert!(holds(&p, &[0, 1]));
        assert!(holds(&p, &[0, 2, 4, 1, 3]), "interleaved pairs");
        assert!(holds(&p, &[0, 2, 3, 1]), "nested pairs");
        assert_eq!(first_broken(&p, &[1, 0]), Some(0), "delivery before its pickup");
        assert_eq!(first_broken(&p, &[4, 0]), Some(1), "pickup without its delivery");
        assert_eq!(first_broken(&p, &[0, 1, 3]), Some(2), "delivery without its pickup");
        assert_eq!(broken(&p, &[1, 0, 4, 2]), vec![0, 1, 3]);
        assert!(broken(&p, &[0, 2, 4, 1, 3]).is_empty());
    }
}
