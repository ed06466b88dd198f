//! Lastmile's planning engine.
//!
//! Plain Rust with no web or UI dependency: the browser app and the `lastmile` CLI are two doors
//! onto the same engine. Every planning decision is taken here.
//!
//! Units inside the engine are integers (see [`units`]); parsers convert at the edges.

pub mod checker;
pub mod checkout;
pub mod constraints;
pub mod construction;
pub mod export;
pub mod formats;
pub mod generate;
pub mod insertion;
pub mod neighbours;
pub mod plan;
pub mod problem;
pub mod reasons;
pub mod recreate;
pub mod report;
pub mod rng;
pub mod route_state;
pub mod ruin;
pub mod search;
pub mod simulation;
pub mod solution;
pub mod travel;
pub mod units;
pub mod violation;

pub use plan::{Plan, Route, Unassigned, UnassignedReason};
pub use problem::{Order, Problem, TimeWindow, Vehicle};
pub use search::{reoptimise, search, solve, Locks, Outcome, Progress, SolveOptions};
