//! How fast the checkout answers: slot queries against a tentative plan of a given size, timed
//! one by one. The same code runs natively (`lastmile bench --slots`) and in the browser's
//! compute worker, so the two figures compare.

use serde::{Deserialize, Serialize};

use crate::construction::construct;
use crate::generate::{city, CitySpec};
use crate::neighbours::Neighbours;

use super::customers::{generate_stream, StreamSpec};
use super::offers::TentativePlan;
use super::slots::SlotGrid;

/// Latency of slot queries on one tentative plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuerySpeed {
    pub orders: usize,
    pub routes: usize,
    pub slots: usize,
    pub queries: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Share of slots found open, over all queries.
    pub open_share: f64,
    /// Time to build the tentative plan (generation and first plan), not part of the figures.
    pub setup_ms: f64,
}

/// Builds a generated Lyon day of `orders` orders (seeded), plans it by cheapest insertion, then
/// times `queries` slot queries (slots of `slot_hours`) of customers drawn from the same city. `clock`
/// returns milliseconds.
pub fn measure(
    orders: usize,
    slot_hours: f64,
    queries: usize,
    seed: u64,
    clock: &dyn Fn() -> f64,
) -> Result<QuerySpeed, String> {
    let started = clock();
    let problem = city(&CitySpec::lyon(&format!("speed-{orders}"), orders, seed));
    let grid = SlotGrid::across_shifts(&problem, slot_hours, &[3.99])?;
    let stream = generate_stream(&problem, &StreamSpec { customers: queries, seed, ..Default::default() }, 0.0)?;
    let solution = construct(&problem, &Neighbours::new(&problem, false), &|| false);
    let routes = solution.vehicles_used();
    let mut tentative = TentativePlan::from_solution(problem, solution)?;
    let setup_ms = clock() - started;
    let mut times = Vec::with_capacity(queries);
    let mut open = 0;
    for booking in &stream {
        let t0 = clock();
        let options = tentative.options(booking, &grid, "the zone")?;
        times.push(clock() - t0);
        open += options.iter().filter(|o| o.is_open()).count();
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times.get(((times.len() as f64 * q).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
    Ok(QuerySpeed {
        orders,
        routes,
        slots: grid.len(),
        queries,
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
        max_ms: times.last().copied().unwrap_or(0.0),
        open_share: open as f64 / (queries * grid.len()).max(1) as f64,
        setup_ms,
    })
}
