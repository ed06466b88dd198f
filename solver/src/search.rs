//! The anytime search driver: runs the improvement loop until the time limit, the iteration
//! budget or a cancel request, reporting the best plan so far.
//!
//! Work is split into rounds. In each round every "lane" (one per thread) runs an independent
//! randomized attempt seeded from `(seed, round, lane)`; the best of the round is compared with
//! the incumbent by objective, ties broken by lane index. The outcome depends only on the seed and
//! the thread count, never on scheduling. Rayon is called only when `threads > 1`: in the browser
//! the pool exists only when the page is cross-origin isolated, and the caller knows it.

use rayon::prelude::*;

use crate::construction::construct;
use crate::plan::{Objective, Plan};
use crate::problem::Problem;
use crate::rng::Rng;

#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Wall-clock budget in milliseconds.
    pub time_limit_ms: f64,
    /// Upper bound on rounds (useful for tests that must not depend on timing).
    pub max_rounds: usize,
    /// Parallel lanes; `1` never touches rayon.
    pub threads: usize,
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions { time_limit_ms: 1_000.0, max_rounds: usize::MAX, threads: 1, seed: 1 }
    }
}

/// What the search reports after each round.
#[derive(Clone, Debug)]
pub struct Progress<'a> {
    pub best: &'a Plan,
    pub objective: Objective,
    pub round: usize,
    pub elapsed_ms: f64,
}

/// Solves `problem`. `clock` returns milliseconds since any fixed origin; `on_progress` is told of
/// every new best plan and returns `false` to stop early (the best plan so far is returned).
pub fn solve(
    problem: &Problem,
    options: &SolveOptions,
    clock: &dyn Fn() -> f64,
    on_progress: &mut dyn FnMut(&Progress) -> bool,
) -> Plan {
    let started = clock();
    let lanes = options.threads.max(1);
    let attempt = |round: usize, lane: usize| {
        let mut rng = Rng::new(options.seed ^ ((round as u64) << 32) ^ lane as u64);
        let noise = if round == 0 && lane == 0 { 0.0 } else { 0.3 };
        let plan = construct(problem, &mut rng, noise);
        let objective = plan.objective(problem);
        (objective, lane, plan)
    };
    let mut best: Option<(Objective, Plan)> = None;
    let mut round = 0;
    while round < options.max_rounds {
        let results: Vec<(Objective, usize, Plan)> = if lanes > 1 {
            (0..lanes).into_par_iter().map(|lane| attempt(round, lane)).collect()
        } else {
            vec![attempt(round, 0)]
        };
        let round_best = results.into_iter().min_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let elapsed_ms = clock() - started;
        let mut keep_going = true;
        if let Some((objective, _, plan)) = round_best {
            if best.as_ref().is_none_or(|(b, _)| objective < *b) {
                keep_going = on_progress(&Progress { best: &plan, objective, round, elapsed_ms });
                best = Some((objective, plan));
            }
        }
        round += 1;
        if !keep_going || elapsed_ms >= options.time_limit_ms {
            break;
        }
    }
    best.map(|(_, plan)| plan).unwrap_or_default()
}
