//! Capacity: up to three dimensions (e.g. kg, litres, parcels), within capacity at every point of
//! a route. Deliveries are loaded at the depot, pickups (returns, collections) stay on board to
//! the end, a shipment is on board from its pickup to its delivery: the load goes up and down
//! along the route, and a route is within capacity when its peak fits.
//!
//! A stretch of stops is summed up by a [`LoadSegment`] (as PyVRP's): what it delivers (on board
//! when it begins), what it picks up (on board when it ends) and its peak. Two segments concatenate
//! in O(1), so a route state keeping the segments of its every prefix and suffix tests the load of
//! one more stop at any position in O(1). A shipment's delivery counts as a negative pickup: with
//! its pickup earlier on the route (which the pairing rule ensures), every partial sum is the load
//! really on board.

use crate::problem::Task;
use crate::units::Load;

/// Capacity dimensions an order or vehicle can carry.
pub const MAX_DIMENSIONS: usize = 3;

/// A quantity in every capacity dimension.
pub type Amount = [Load; MAX_DIMENSIONS];

/// Adds `b` to `a` in every dimension.
#[inline]
pub fn add(a: Amount, b: Amount) -> Amount {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

/// Subtracts `b` from `a` in every dimension.
#[inline]
pub fn sub(a: Amount, b: Amount) -> Amount {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

/// True when `load` fits within `capacity` in every dimension.
#[inline]
pub fn fits(load: Amount, capacity: Amount) -> bool {
    load[0] <= capacity[0] && load[1] <= capacity[1] && load[2] <= capacity[2]
}

/// What is on board after serving a stop of `task` concerning `demand`, from `on_board` before.
#[inline]
pub fn after_stop(on_board: Amount, task: Task, demand: Amount) -> Amount {
    match task {
        Task::Delivery | Task::ShipmentDelivery { .. } => sub(on_board, demand),
        Task::Pickup | Task::ShipmentPickup { .. } => add(on_board, demand),
    }
}

/// The fullest dimension's share of `capacity` (0 when the vehicle has no capacity limits).
pub fn utilisation(load: Amount, capacity: Amount) -> f64 {
    (0..MAX_DIMENSIONS).filter(|&d| capacity[d] > 0).map(|d| load[d] as f64 / capacity[d] as f64).fold(0.0, f64::max)
}

/// The load of a stretch of consecutive stops, as if it were driven alone: what it delivers,
/// picks up, and the most it has on board at any point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadSegment {
    /// Delivered from the depot within the stretch: on board as it begins.
    pub delivery: Amount,
    /// Picked up within the stretch and still on board as it ends (shipments delivered within it
    /// subtract).
    pub pickup: Amount,
    /// The most on board at any point of the stretch, per dimension.
    pub peak: Amount,
}

impl LoadSegment {
    pub const EMPTY: LoadSegment = LoadSegment { delivery: [0; 3], pickup: [0; 3], peak: [0; 3] };

    /// One stop of `task` concerning `demand`.
    #[inline]
    pub fn of_task(task: Task, demand: Amount) -> LoadSegment {
        match task {
            Task::Delivery => LoadSegment { delivery: demand, pickup: [0; 3], peak: demand },
            Task::Pickup | Task::ShipmentPickup { .. } => {
                LoadSegment { delivery: [0; 3], pickup: demand, peak: demand }
            }
            Task::ShipmentDelivery { .. } => {
                LoadSegment { delivery: [0; 3], pickup: sub([0; 3], demand), peak: [0; 3] }
            }
        }
    }

    /// This stretch followed by `next`: the peak is the higher of this one's while `next`'s
    /// deliveries are still on board, and `next`'s with this one's pickups on board.
    #[inline]
    pub fn then(self, next: LoadSegment) -> LoadSegment {
        let peak = std::array::from_fn(|d| (self.peak[d] + next.delivery[d]).max(next.peak[d] + self.pickup[d]));
        LoadSegment { delivery: add(self.delivery, next.delivery), pickup: add(self.pickup, next.pickup), peak }
    }

    /// True when the stretch never has more on board than `capacity`.
    #[inline]
    pub fn fits(&self, capacity: Amount) -> bool {
        fits(self.peak, capacity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// The concatenated segment's peak is the most on board after any stop, counted by hand, for
    /// any mix of deliveries, pickups and shipments with each pickup before its delivery.
    #[test]
    fn a_segment_knows_the_most_on_board_anywhere_in_it() {
        let mut rng = Rng::new(3);
        for _ in 0..500 {
            // Random stops; shipments as (pickup, delivery) positions.
            let mut stops: Vec<(Task, Amount)> = Vec::new();
            for _ in 0..rng.below(12) {
                let demand = [rng.below(10) as Load, rng.below(4) as Load, 0];
                match rng.below(3) {
                    0 => stops.push((Task::Delivery, demand)),
                    1 => stops.push((Task::Pickup, demand)),
                    _ => {
                        let at = rng.below(stops.len() + 1);
                        stops.insert(at, (Task::ShipmentPickup { delivery: 0 }, demand));
                        let later = at + 1 + rng.below(stops.len() - at);
                        stops.insert(later, (Task::ShipmentDelivery { pickup: 0 }, demand));
                    }
                }
            }
            let mut on_board =
                stops.iter().filter(|(t, _)| *t == Task::Delivery).fold([0; 3], |acc, (_, d)| add(acc, *d));
            let mut most = on_board;
            for &(task, demand) in &stops {
                on_board = match task {
                    Task::Delivery | Task::ShipmentDelivery { .. } => sub(on_board, demand),
                    Task::Pickup | Task::ShipmentPickup { .. } => add(on_board, demand),
                };
                assert!(on_board.iter().all(|&l| l >= 0));
                for d in 0..3 {
                    most[d] = most[d].max(on_board[d]);
                }
            }
            let whole = stops.iter().fold(LoadSegment::EMPTY, |acc, &(t, d)| acc.then(LoadSegment::of_task(t, d)));
            assert_eq!(whole.peak, most, "{stops:?}");
            // Any split point concatenates to the same.
            let k = rng.below(stops.len() + 1);
            let sum = |part: &[(Task, Amount)]| {
                part.iter().fold(LoadSegment::EMPTY, |acc, &(t, d)| acc.then(LoadSegment::of_task(t, d)))
            };
            assert_eq!(sum(&stops[..k]).then(sum(&stops[k..])), whole);
        }
    }
}
