//! Range: a route's total distance may not exceed the vehicle's maximum (an EV's range, a
//! cargo bike rider's day).

use crate::units::Dist;

/// True when a route of `distance` is within `max_distance` (no limit when `None`).
#[inline]
pub fn within(distance: Dist, max_distance: Option<Dist>) -> bool {
    max_distance.is_none_or(|max| distance <= max)
}
