//! Capacity: up to three dimensions (e.g. kg, litres, parcels). Every order is a delivery loaded
//! at the depot, so a route is within capacity when the sum of its demands fits.

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

/// The fullest dimension's share of `capacity` (0 when the vehicle has no capacity limits).
pub fn utilisation(load: Amount, capacity: Amount) -> f64 {
    (0..MAX_DIMENSIONS).filter(|&d| capacity[d] > 0).map(|d| load[d] as f64 / capacity[d] as f64).fold(0.0, f64::max)
}
