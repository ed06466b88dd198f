//! The checkout promise: which delivery slots a customer can truthfully be offered while orders
//! arrive through a booking day, and how slot policies compare.
//!
//! - [`slots`]: the day's slot grid (windows and prices) and its [`zones`].
//! - [`offers`]: the engine's answer for one booking against the tentative plan: per slot, open
//!   with its marginal cost, or closed and why. Accepting a booking inserts it.
//! - [`customers`]: a seeded booking stream (arrivals over the horizon, places from the scenario's
//!   area and density, order sizes) or a replayed one, and the customers' choice model.
//! - [`policy`] and [`simulation`]: quotas, feasibility, feasibility with incentives, run on the
//!   same stream; what each accepts, loses, earns and costs.
//!
//! Everything is deterministic for a seed: re-optimisations between bookings run on iteration
//! budgets, never on the clock.

pub mod customers;
pub mod offers;
pub mod policy;
pub mod results;
pub mod simulation;
pub mod slots;
pub mod speed;
pub mod zones;

pub use customers::{Booking, ChoiceModel, StreamSpec, Taste};
pub use offers::{SlotOption, TentativePlan};
pub use policy::Policy;
pub use simulation::{compare, BookingDay, Comparison, PolicyOutcome};
pub use slots::{Slot, SlotGrid};
pub use zones::Zones;
