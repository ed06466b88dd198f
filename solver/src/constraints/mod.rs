//! One module per constraint. Each owns its data, its feasibility test, and the reason an order
//! is left out when it is the constraint that fails. [`crate::route_state`] combines the tests in
//! O(1) per insertion; [`crate::checker`] re-checks plans without them.

pub mod breaks;
pub mod capacity;
pub mod pairing;
pub mod range;
pub mod shift;
pub mod skills;
pub mod time_windows;
pub mod trips;
