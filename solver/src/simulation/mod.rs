//! The delivery day in motion, simulated: a plan meets a day that does not go as planned
//! (travel and service times drawn from a seed, [`reality`]), each route is driven at that pace
//! ([`journey`]), and a control tower watches ([`day`]): it forecasts every remaining arrival
//! from where each vehicle is, raises an alert when a forecast passes a window's end and tells
//! customers an arrival range. The [`scorecard`] sums the day up: on-time share, distance,
//! overtime, alerts and their lead, forecast accuracy at 30 / 60 / 120 minutes ahead, ranges told
//! and revised. [`events`] break the day: traffic incidents, breakdowns, cancellations, same-day
//! orders (and customers not at home, drawn per order). A [`Reaction`] says what the tower does
//! about it: nothing, or re-plan what is not yet done from where every vehicle stands (`replan`)
//! and dispatch same-day orders by a policy. The same seed gives the same day natively and in the
//! browser.

pub mod absence;
pub mod day;
pub mod events;
pub mod journey;
pub mod reality;
pub(crate) mod replan;
pub mod scorecard;
pub mod snapshot;

pub use absence::Absence;
pub use day::{simulate, DaySettings, Dispatch, Failure, Reaction, SimulatedDay};
pub use events::{Event, EventCounts};
pub use reality::Spread;
pub use scorecard::Scorecard;
