//! The anytime search driver.
//!
//! 1. **Construction**: sequential cheapest insertion.
//! 2. **Fleet minimisation**: take a route out, put its orders in a pool, and ruin-and-recreate
//!    into the remaining routes, accepting a change when fewer orders are left out or the ones left
//!    out have been left out less often (their "absence" counts; SISR's fleet phase, after Nagata &
//!    Bräysy's ejection pool). When the pool empties, one vehicle is saved; repeat. Meanwhile a
//!    quarter of every epoch keeps lowering the cost of the lane's best complete plan (descent at
//!    the cold temperature), so the plan reported at any moment is about as good as a run whose
//!    limit was that moment, not the first plan for as long as no route can be emptied.
//! 3. **Distance**: SISR ruin-and-recreate under simulated annealing with the fleet held.
//!
//! Either phase's recreate tries, on a large day, the orders already left out only near the
//! routes the ruin changed, and every one of them every [`RETRY_ALL_EVERY`]-th step: a day that
//! starts with a thousand orders left out does not spend each step on all of them.
//!
//! Work advances in **epochs** of a fixed number of iterations. In each epoch every lane (one per
//! thread) runs its own chain from its own random stream; at the end of an epoch the coordinator
//! takes the best plan across lanes (ties broken by lane index) and periodically restarts every
//! lane from it. Everything depends only on the seed and the lane count; the time limit only
//! decides after which epoch to stop, and where the annealing temperature stands. Rayon is called
//! only when `threads > 1`: in the browser the pool exists only when the page is cross-origin
//! isolated, and the caller knows it.

use std::ops::Not;

use rayon::prelude::*;

use crate::construction::construct;
use crate::neighbours::Neighbours;
use crate::plan::{Objective, Plan};
use crate::problem::Problem;
use crate::reasons::no_vehicle_could;
use crate::recreate::{recreate, RecreateParams};
use crate::rng::Rng;
use crate::ruin::{ruin, ruin_near, RuinParams};
use crate::solution::Solution;

#[derive(Clone, Debug)]
pub struct SolveOptions {
    /// Wall-clock budget in milliseconds.
    pub time_limit_ms: f64,
    /// Budget in iterations per lane; when finite, the search is fully deterministic.
    pub max_iterations: usize,
    /// Parallel lanes; `1` never touches rayon.
    pub threads: usize,
    pub seed: u64,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions { time_limit_ms: 1_000.0, max_iterations: usize::MAX, threads: 1, seed: 1 }
    }
}

/// What the search reports whenever it finds a better plan.
#[derive(Clone, Debug)]
pub struct Progress<'a> {
    pub best: &'a Plan,
    pub objective: Objective,
    /// Iterations done per lane so far.
    pub iterations: usize,
    pub elapsed_ms: f64,
}

/// Iterations per lane between synchronisations, for a 100-order problem; larger problems use
/// proportionally shorter epochs (at least 4 iterations) so progress and the time limit are
/// checked about as often.
const EPOCH: usize = 256;

fn epoch_length(problem: &Problem) -> usize {
    (EPOCH * 100 / problem.orders.len().max(1)).clamp(4, EPOCH)
}
/// The least time between two progress reports on a time limit: a fortieth of a millisecond
/// per order, at most a quarter of a second (10,000 orders).
fn report_interval_ms(problem: &Problem) -> f64 {
    (problem.orders.len() as f64 / 40.0).min(250.0)
}

/// Epochs between restarts of every lane from the best plan.
const SHARE_EVERY: usize = 8;
/// Share of the budget given to fleet minimisation at most.
const FLEET_SHARE: f64 = 0.5;
/// Share of each fleet-phase epoch spent lowering the cost of the best complete plan, and the
/// share once the lane has gone [`STALL_EPOCHS`] epochs' worth of fleet steps without saving a
/// vehicle: a long run that has stopped saving vehicles keeps its plan improving as fast as a
/// short run would.
const COST_SHARE_IN_FLEET_PHASE: f64 = 0.25;
const COST_SHARE_WHEN_STALLED: f64 = 0.75;
const STALL_EPOCHS: usize = 50;
/// Share of the budget after which a best plan that leaves out orders some vehicle could serve,
/// and has placed none of them meanwhile, is taken as final for the fleet phase. Measured on a
/// 10,000-order day whose cold-chain vans are all busy (12,000 iterations, seeds 1–3): 544
/// vehicles on average instead of 566 when waiting for every order to be placed, 4.5% less
/// distance, as many orders left out (0.1 behaved as waiting; 0 left more out).
const SETTLE_SHARE: f64 = 0.02;
/// On a large day, a recreate tries an order already left out only when the ruin changed a
/// route near it ([`crate::recreate::unchanged_around`]), except every this many steps, when it
/// tries every one (a route may have changed for it in ways that test does not see).
const RETRY_ALL_EVERY: usize = 16;

/// A penalty per unit of left-out weight that dwarfs any cost a plan can have: the dearest leg
/// any vehicle can drive, with its fixed cost, for every order.
fn unassigned_penalty(problem: &Problem) -> i64 {
    let dearest_leg = (0..problem.vehicles.len())
        .filter(|&v| problem.first_alike(v) == v)
        .map(|v| {
            let (m, from, costs) = (problem.matrix(v), problem.vehicle_start(v), problem.vehicles[v].costs);
            let leg = (0..m.size())
                .filter(|&to| m.reachable(from, to))
                .map(|to| costs.per_distance * m.dist(from, to) as f64 + costs.per_time * m.time(from, to) as f64)
                .fold(0.0, f64::max);
            leg + costs.fixed as f64
        })
        .fold(1.0, f64::max);
    let optional: f64 = problem.orders.iter().filter_map(|o| o.value).map(|v| v as f64).sum();
    ((dearest_leg * 4.0 + optional) * (problem.orders.len() as f64 + 1.0)).min((i64::MAX / 8) as f64) as i64
}

/// One search chain.
#[derive(Clone)]
struct Lane {
    rng: Rng,
    /// The lane's best complete solution.
    best: Solution,
    /// Distance phase: the annealing's current solution.
    current: Solution,
    /// Fleet phase: a solution with one route fewer and the orders still in the pool.
    pool: Option<Solution>,
    absences: Vec<u32>,
    /// Insertion positions evaluated so far.
    moves: u64,
    /// Ruin-and-recreate steps made so far.
    steps: usize,
    /// Fleet steps since this lane last saved a vehicle.
    fleet_stall: usize,
    /// The least left-out weight the lane's best has had, and how far the search was when it
    /// last fell.
    least_missed: u64,
    least_missed_at: f64,
}

struct Context<'a> {
    problem: &'a Problem,
    neighbours: Neighbours,
    ruin: RuinParams,
    penalty: i64,
    /// Per order, true when no vehicle can serve it even alone.
    hopeless: Vec<bool>,
    /// Left-out weight no plan can avoid (the hopeless orders').
    unavoidable: u64,
    /// Temperatures at the start and end of the distance phase.
    hot: f64,
    cold: f64,
    /// Fewest vehicles the capacities allow.
    fleet_bound: usize,
}

impl Context<'_> {
    fn cost(&self, s: &Solution) -> i64 {
        s.cost(self.problem).saturating_add(self.penalty.saturating_mul(s.missed_weight(self.problem) as i64))
    }

    fn objective(&self, s: &Solution) -> Objective {
        s.objective(self.problem)
    }

    /// True when `s` leaves out only what no plan can serve.
    fn complete(&self, s: &Solution) -> bool {
        s.missed_weight(self.problem) <= self.unavoidable
    }
}

impl Lane {
    fn new(start: &Solution, seed: u64, problem: &Problem) -> Self {
        Lane {
            rng: Rng::new(seed),
            best: start.clone(),
            current: start.clone(),
            pool: None,
            absences: vec![0; problem.orders.len()],
            moves: 0,
            steps: 0,
            fleet_stall: 0,
            least_missed: u64::MAX,
            least_missed_at: 0.0,
        }
    }

    /// True when the lane's best leaves out only what no plan can serve, or has placed no more
    /// for [`SETTLE_SHARE`] of the budget: a vehicle kind saturated by the orders only it can
    /// serve (a cold chain's few vans) must not keep the rest of the fleet from shrinking.
    fn settled(&mut self, ctx: &Context, progress: f64) -> bool {
        let missed = self.best.missed_weight(ctx.problem);
        if missed < self.least_missed {
            (self.least_missed, self.least_missed_at) = (missed, progress);
        }
        ctx.complete(&self.best) || progress - self.least_missed_at >= SETTLE_SHARE
    }

    /// Takes up `best`. The fleet pool survives when `best` has the lane's fleet (it differs only
    /// by the cost steps), so sharing every few epochs does not throw ejection-pool work away.
    fn restart_from(&mut self, best: &Solution, ctx: &Context) {
        let same_fleet =
            ctx.complete(&self.best) == ctx.complete(best) && self.best.vehicles_used() == best.vehicles_used();
        if !same_fleet {
            self.pool = None;
            self.fleet_stall = 0;
        }
        self.best = best.clone();
        self.current = best.clone();
    }

    /// Runs `count` iterations; `progress` in [0, 1] is how far the whole search is.
    fn run(&mut self, ctx: &Context, count: usize, progress: f64) {
        let fleet_phase =
            progress < FLEET_SHARE && self.settled(ctx, progress) && self.best.vehicles_used() > ctx.fleet_bound;
        if !fleet_phase {
            let distance_progress = ((progress - FLEET_SHARE).max(0.0) / (1.0 - FLEET_SHARE)).min(1.0);
            let temperature = ctx.hot * (ctx.cold / ctx.hot).powf(distance_progress);
            self.pool = None;
            for _ in 0..count {
                self.distance_step(ctx, temperature);
            }
            return;
        }
        // Emptying a route can take many epochs on a large day; the cost must not wait for it.
        let stalled = self.fleet_stall > STALL_EPOCHS * count;
        let share = if stalled { COST_SHARE_WHEN_STALLED } else { COST_SHARE_IN_FLEET_PHASE };
        let cost_steps = (count as f64 * share).ceil() as usize;
        for _ in 0..cost_steps {
            self.distance_step(ctx, ctx.cold);
        }
        for _ in cost_steps..count {
            self.fleet_step(ctx);
        }
    }

    fn distance_step(&mut self, ctx: &Context, temperature: f64) {
        let problem = ctx.problem;
        let mut candidate = self.current.clone();
        ruin(problem, &mut candidate, &ctx.neighbours, &ctx.ruin, &mut self.rng);
        // While orders that could be served are left out, any vehicle may be brought in.
        let max_routes = if ctx.complete(&self.best) { self.best.vehicles_used().max(1) } else { usize::MAX };
        let params = RecreateParams {
            blink_rate: 0.01,
            max_routes,
            neighbours: Some(&ctx.neighbours),
            hopeless: Some(&ctx.hopeless),
            ruined_from: self.retry_all(false).not().then_some(&self.current),
        };
        self.moves += recreate(problem, &mut candidate, &params, None, &mut self.rng);
        let threshold = ctx.cost(&self.current) as f64 - temperature * self.rng.unit().max(1e-300).ln();
        if candidate.is_feasible() && (ctx.cost(&candidate) as f64) < threshold {
            if ctx.objective(&candidate) < ctx.objective(&self.best) {
                self.best = candidate.clone();
            }
            self.current = candidate;
        }
    }

    /// True when this step's recreate tries every order left out: every [`RETRY_ALL_EVERY`]-th
    /// step, and when some were put out `untried` (a route's orders just put in the fleet pool
    /// were tried nowhere yet). Counts the step.
    fn retry_all(&mut self, untried: bool) -> bool {
        self.steps += 1;
        self.steps.is_multiple_of(RETRY_ALL_EVERY) || untried
    }

    /// One fleet-minimisation iteration.
    fn fleet_step(&mut self, ctx: &Context) {
        let problem = ctx.problem;
        self.fleet_stall += 1;
        // A route's orders just put in the pool have not been tried anywhere yet.
        let fresh = self.pool.is_none();
        if fresh {
            self.pool = Some(self.remove_a_route(problem));
        }
        let retry_all = self.retry_all(fresh);
        let Some(pool) = self.pool.as_ref() else { return };
        let mut candidate = pool.clone();
        // Half the time, make room next to an order in the pool.
        let near = (self.rng.unit() < 0.5 && !pool.unassigned.is_empty())
            .then(|| pool.unassigned[self.rng.below(pool.unassigned.len())]);
        ruin_near(problem, &mut candidate, &ctx.neighbours, &ctx.ruin, near, &mut self.rng);
        // One vehicle fewer than the best (a ruin may empty a whole route; it may be refilled).
        let params = RecreateParams {
            blink_rate: 0.01,
            max_routes: self.best.vehicles_used() - 1,
            neighbours: Some(&ctx.neighbours),
            hopeless: Some(&ctx.hopeless),
            ruined_from: retry_all.not().then_some(pool),
        };
        self.moves += recreate(problem, &mut candidate, &params, Some(&self.absences), &mut self.rng);
        let absent = |s: &Solution| s.unassigned.iter().map(|&o| self.absences[o] as u64).sum::<u64>();
        let accept = candidate.is_feasible()
            && (candidate.unassigned.len() < pool.unassigned.len() || absent(&candidate) < absent(pool));
        for &o in &candidate.unassigned {
            self.absences[o] += 1;
        }
        if candidate.is_feasible() && candidate.missed_weight(problem) <= self.best.missed_weight(problem) {
            // The cost steps may meanwhile have saved the same vehicle more cheaply.
            if ctx.objective(&candidate) < ctx.objective(&self.best) {
                self.best = candidate.clone();
                self.current = candidate;
                self.fleet_stall = 0;
            }
            self.pool = None;
        } else if accept {
            self.pool = Some(candidate);
        }
    }

    /// Takes the shortest route (or a random one, half the time) out of the lane's best solution.
    fn remove_a_route(&mut self, problem: &Problem) -> Solution {
        let mut s = self.best.clone();
        let used: Vec<usize> =
            (0..s.routes.len()).filter(|&r| !s.routes[r].is_empty() && s.first_free(r) == 0).collect();
        if used.is_empty() {
            return s;
        }
        let r = if self.rng.unit() < 0.5 {
            used.iter().copied().min_by_key(|&r| (s.routes[r].stops.len(), r)).unwrap_or(0)
        } else {
            used[self.rng.below(used.len())]
        };
        let len = s.routes[r].stops.len();
        let removed = s.remove_range(problem, r, 0, len);
        s.unassigned.extend(removed);
        s
    }
}

/// The search's result with what it cost.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub plan: Plan,
    /// Iterations per lane.
    pub iterations: usize,
    /// Insertion positions evaluated, all lanes together.
    pub moves: u64,
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
    search(problem, options, clock, on_progress).plan
}

/// [`solve`], also reporting iterations and moves evaluated.
pub fn search(
    problem: &Problem,
    options: &SolveOptions,
    clock: &dyn Fn() -> f64,
    on_progress: &mut dyn FnMut(&Progress) -> bool,
) -> Outcome {
    let started = clock();
    if problem.orders.is_empty() || problem.vehicles.is_empty() {
        let plan = Solution::empty(problem).to_plan(problem);
        return Outcome { plan, iterations: 0, moves: 0, elapsed_ms: clock() - started };
    }
    let neighbours = Neighbours::new(problem, options.threads > 1);
    // Only a time limit may cut the first plan short: an iteration budget must repeat exactly.
    let timed = options.max_iterations == usize::MAX;
    let out_of_time = || timed && clock() - started >= options.time_limit_ms;
    let start = construct(problem, &neighbours, &out_of_time);
    improve(problem, start, neighbours, options, clock, started, on_progress)
}

/// What a re-optimisation must keep: per vehicle, how many stops at the head of its route are
/// locked (served or committed), and which vehicles' routes are frozen whole.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locks {
    /// `(vehicle, stops)`: the first `stops` stops of the vehicle's route stay as they are.
    pub heads: Vec<(usize, usize)>,
    pub frozen: Vec<usize>,
}

/// Re-optimises `plan` (e.g. after manual changes, new orders or a disruption): locked stops and
/// frozen routes stay; every other stop may move; orders left out in `plan` are tried again.
/// Vehicles already on the road are expressed in the problem ([`crate::problem::Vehicle::origin`]
/// and its shift start).
pub fn reoptimise(
    problem: &Problem,
    plan: &Plan,
    locks: &Locks,
    options: &SolveOptions,
    clock: &dyn Fn() -> f64,
    on_progress: &mut dyn FnMut(&Progress) -> bool,
) -> Outcome {
    let started = clock();
    let mut start = Solution::from_plan(problem, plan);
    for &(vehicle, stops) in &locks.heads {
        if vehicle < start.locked.len() {
            start.locked[vehicle] = start.head_positions(vehicle, stops);
        }
    }
    for &vehicle in &locks.frozen {
        if let Some(frozen) = start.frozen.get_mut(vehicle) {
            *frozen = true;
        }
    }
    start.lock_whole_pairs(problem);
    if problem.orders.is_empty() || problem.vehicles.is_empty() {
        return Outcome { plan: start.to_plan(problem), iterations: 0, moves: 0, elapsed_ms: clock() - started };
    }
    // A route the user made infeasible gives up its movable stops from the end until it is
    // feasible again; one whose locked part alone is infeasible is kept as it is.
    for r in 0..start.routes.len() {
        while !start.routes[r].feasible && start.routes[r].stops.len() > start.first_free(r) {
            let last = start.routes[r].stops.len() - 1;
            let removed = start.remove_range(problem, r, last, 1);
            start.unassigned.extend(removed);
        }
        start.tidy_reloads(problem, r);
        if !start.routes[r].feasible {
            start.frozen[r] = true;
        }
    }
    // Give the orders left out a first chance, greedily.
    let params =
        RecreateParams { blink_rate: 0.0, max_routes: usize::MAX, neighbours: None, hopeless: None, ruined_from: None };
    recreate(problem, &mut start, &params, None, &mut Rng::new(options.seed));
    let neighbours = Neighbours::new(problem, options.threads > 1);
    improve(problem, start, neighbours, options, clock, started, on_progress)
}

/// The anytime loop, from a first solution.
fn improve(
    problem: &Problem,
    mut best: Solution,
    neighbours: Neighbours,
    options: &SolveOptions,
    clock: &dyn Fn() -> f64,
    started: f64,
    on_progress: &mut dyn FnMut(&Progress) -> bool,
) -> Outcome {
    let lanes = options.threads.max(1);
    let ctx = context(problem, &best, neighbours);
    // The plan last reported, while it is still the best: the outcome need not build it again
    // (a plan asks for a reason per order left out, dear on a large day).
    let mut reported: Option<Plan> = None;
    let mut report = |best: &Solution, iterations: usize, elapsed_ms: f64, reported: &mut Option<Plan>| {
        let plan = best.to_plan(problem);
        let go_on = on_progress(&Progress { best: &plan, objective: best.objective(problem), iterations, elapsed_ms });
        *reported = Some(plan);
        go_on
    };
    if !report(&best, 0, clock() - started, &mut reported) {
        let plan = reported.unwrap_or_else(|| best.to_plan(problem));
        return Outcome { plan, iterations: 0, moves: 0, elapsed_ms: clock() - started };
    }
    let mut states: Vec<Lane> = (0..lanes)
        .map(|lane| Lane::new(&best, options.seed.wrapping_mul(0x9E37_79B9).wrapping_add(lane as u64 + 1), problem))
        .collect();
    let epoch = epoch_length(problem);
    // A report builds the whole plan with a reason for every order left out, and the app
    // draws it: on a large day under a time limit, at most one per `interval`. Reports on an
    // iteration budget follow every better plan (they are part of what repeats exactly).
    let interval = if options.max_iterations == usize::MAX { report_interval_ms(problem) } else { 0.0 };
    let (mut unreported, mut last_report) = (false, f64::NEG_INFINITY);
    let mut iterations = 0;
    let mut epochs = 0;
    loop {
        let elapsed = clock() - started;
        let progress = if options.max_iterations != usize::MAX {
            iterations as f64 / options.max_iterations.max(1) as f64
        } else {
            elapsed / options.time_limit_ms.max(1.0)
        };
        if progress >= 1.0 || elapsed >= options.time_limit_ms || iterations >= options.max_iterations {
            break;
        }
        let count = epoch.min(options.max_iterations - iterations);
        if lanes > 1 {
            states.par_iter_mut().for_each(|lane| lane.run(&ctx, count, progress));
        } else {
            states[0].run(&ctx, count, progress);
        }
        iterations += count;
        epochs += 1;
        let (lane_best, k) =
            states.iter().enumerate().map(|(k, lane)| (ctx.objective(&lane.best), k)).min().expect("at least one lane");
        if lane_best < ctx.objective(&best) {
            best = states[k].best.clone();
            (unreported, reported) = (true, None);
        }
        let now = clock() - started;
        if unreported && now - last_report >= interval {
            (unreported, last_report) = (false, now);
            if !report(&best, iterations, now, &mut reported) {
                break;
            }
        }
        if lanes > 1 && epochs % SHARE_EVERY == 0 {
            for lane in states.iter_mut() {
                if ctx.objective(&lane.best) > ctx.objective(&best) {
                    lane.restart_from(&best, &ctx);
                }
            }
        }
    }
    let moves = states.iter().map(|lane| lane.moves).sum();
    let plan = reported.unwrap_or_else(|| best.to_plan(problem));
    Outcome { plan, iterations, moves, elapsed_ms: clock() - started }
}

fn context<'a>(problem: &'a Problem, start: &Solution, neighbours: Neighbours) -> Context<'a> {
    // Temperatures scale with the cost of an average leg of the first plan.
    let legs = start.routes.iter().filter(|r| !r.is_empty()).map(|r| r.stops.len() + 1).sum::<usize>().max(1);
    let route_costs: i64 = start.routes.iter().map(|r| r.cost).sum();
    let leg = (route_costs as f64 / legs as f64).max(1.0);
    let capacity = problem
        .vehicles
        .iter()
        .map(|v| v.capacity)
        .fold([0i64; 3], |a, c| [a[0].max(c[0]), a[1].max(c[1]), a[2].max(c[2])]);
    let total =
        problem.orders.iter().fold([0i64; 3], |a, o| [a[0] + o.demand[0], a[1] + o.demand[1], a[2] + o.demand[2]]);
    let fleet_bound = (0..3)
        .filter(|&d| capacity[d] > 0)
        .map(|d| (total[d] as f64 / capacity[d] as f64).ceil() as usize)
        .max()
        .unwrap_or(1)
        .max(1);
    let alone: Vec<bool> = (0..problem.orders.len()).map(|o| no_vehicle_could(problem, o)).collect();
    // A shipment no vehicle could serve is both its halves.
    let hopeless: Vec<bool> =
        (0..problem.orders.len()).map(|o| alone[o] || problem.orders[o].partner().is_some_and(|p| alone[p])).collect();
    Context {
        problem,
        neighbours,
        ruin: RuinParams::default(),
        penalty: unassigned_penalty(problem),
        unavoidable: (0..problem.orders.len()).filter(|&o| hopeless[o]).map(|o| problem.missed_weight(o)).sum(),
        hopeless,
        hot: 10.0 * leg,
        cold: 0.1 * leg,
        fleet_bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{city, CitySpec};

    /// What each progress report said: iterations per lane and the objective.
    fn reports(problem: &Problem, iterations: usize, threads: usize) -> Vec<(usize, Objective)> {
        let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: iterations, threads, seed: 7 };
        let mut seen = Vec::new();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool");
        pool.install(|| {
            solve(problem, &options, &|| 0.0, &mut |p| {
                seen.push((p.iterations, p.objective));
                true
            })
        });
        seen
    }

    /// Issue 10: while the fleet phase tries to empty a route, the cost of the best plan must
    /// keep falling in the progress reports (what Stop keeps), not wait for a vehicle saved.
    #[test]
    fn progress_reports_improve_the_cost_during_the_fleet_phase() {
        let problem = city(&CitySpec::lyon("anytime", 200, 3));
        let budget = 4_000;
        for threads in [1, 2] {
            let seen = reports(&problem, budget, threads);
            let (_, first) = seen[0];
            assert!(seen.windows(2).all(|w| w[1].1 < w[0].1), "{threads} thread(s): every report is a better plan");
            // Reports made while the fleet phase still runs (its first half of the budget).
            let fleet_phase: Vec<Objective> =
                seen.iter().filter(|(i, _)| *i < budget / 2).map(|&(_, objective)| objective).collect();
            let cost_only = fleet_phase.windows(2).filter(|w| w[1].vehicles == w[0].vehicles).count();
            assert!(cost_only >= 2, "{threads} thread(s): cost improvements at the same fleet: {fleet_phase:?}");
            let halfway = fleet_phase.last().expect("reports during the fleet phase");
            assert!(halfway.unassigned <= first.unassigned && halfway.vehicles <= first.vehicles);
            assert!(halfway.cost < first.cost, "{threads} thread(s): {halfway:?} against the first plan {first:?}");
        }
    }

    /// The split of every fleet-phase epoch between cost and fleet steps is by iteration counts,
    /// so a budget still gives the same reports and plan every time.
    #[test]
    fn an_iteration_budget_gives_the_same_reports() {
        let problem = city(&CitySpec::lyon("anytime", 80, 5));
        assert_eq!(reports(&problem, 1_000, 1), reports(&problem, 1_000, 1));
        assert_eq!(reports(&problem, 1_000, 2), reports(&problem, 1_000, 2));
    }

    /// A time limit shorter than the first plan takes still holds: the construction stops where
    /// the clock says, the search runs no iteration, and each order not yet placed is left out
    /// with the reason a user can act on (idle vehicles could take it: give the search time).
    #[test]
    fn a_time_limit_shorter_than_the_first_plan_cuts_it_short() {
        let problem = city(&CitySpec::lyon("short", 1_000, 2));
        // Each look at the clock takes a millisecond; the limit allows a few hundred orders.
        let ticks = std::cell::Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let options = SolveOptions { time_limit_ms: 5.0, ..SolveOptions::default() };
        let mut reports = 0;
        let outcome = search(&problem, &options, &clock, &mut |_| {
            reports += 1;
            true
        });
        assert_eq!((outcome.iterations, reports), (0, 1), "one report, of the first plan, and no iteration");
        let placed: usize = outcome.plan.routes.iter().map(|r| r.stops.len()).sum();
        assert!(placed > 0 && placed < problem.orders.len(), "{placed} of {} placed", problem.orders.len());
        assert_eq!(placed + outcome.plan.unassigned.len(), problem.orders.len());
        let fleet = outcome.plan.unassigned.iter().filter(|u| u.reason == crate::plan::UnassignedReason::Fleet).count();
        assert!(fleet > problem.orders.len() / 2, "left out for want of time, not for a constraint: {fleet}");
        let untimed = search(&problem, &SolveOptions { max_iterations: 0, ..options }, &clock, &mut |_| true);
        assert!(
            untimed.plan.unassigned.len() < outcome.plan.unassigned.len(),
            "an iteration budget builds the whole first plan"
        );
    }

    /// A recreate tries only the orders left out near what the ruin changed, but every
    /// [`RETRY_ALL_EVERY`]-th step it tries every one, and so it does after a route is emptied
    /// into the fleet pool: no order left out is forgotten.
    #[test]
    fn every_order_left_out_is_tried_again_every_so_often() {
        let problem = city(&CitySpec::lyon("retry", 60, 1));
        let start = construct(&problem, &Neighbours::new(&problem, false), &|| false);
        let mut lane = Lane::new(&start, 1, &problem);
        let steps = 5 * RETRY_ALL_EVERY;
        let all: Vec<usize> = (1..=steps).filter(|_| lane.retry_all(false)).collect();
        assert_eq!(all, (1..=5).map(|k| k * RETRY_ALL_EVERY).collect::<Vec<_>>());
        // Orders put out that no recreate has tried yet (a route emptied into the fleet pool).
        assert!((0..RETRY_ALL_EVERY).all(|_| lane.retry_all(true)));
    }

    /// A best plan that leaves out an order some vehicle could serve holds the fleet phase back
    /// only until it has placed none for a while (a kind of vehicle saturated by the orders
    /// only it can serve must not keep the rest of the fleet from shrinking).
    #[test]
    fn the_fleet_phase_waits_for_left_out_orders_only_while_they_are_being_placed() {
        let problem = city(&CitySpec::lyon("settle", 60, 1));
        let mut start = construct(&problem, &Neighbours::new(&problem, false), &|| false);
        // Leave out an order a vehicle could serve: the plan is not complete.
        let (r, _) = start.routes.iter().enumerate().find(|(_, r)| !r.is_empty()).expect("a route");
        let removed = start.remove_range(&problem, r, 0, 1);
        start.unassigned.extend(removed);
        let ctx = context(&problem, &start, Neighbours::new(&problem, false));
        assert!(!ctx.complete(&start));
        let mut lane = Lane::new(&start, 1, &problem);
        assert!(!lane.settled(&ctx, 0.0), "just left out");
        assert!(!lane.settled(&ctx, SETTLE_SHARE / 2.0), "not for long");
        assert!(lane.settled(&ctx, SETTLE_SHARE), "none placed for a while");
        // Once it leaves out only what no vehicle could serve, it is settled at once.
        let mut better = start.clone();
        better.unassigned.clear();
        lane.best = better;
        assert!(lane.settled(&ctx, SETTLE_SHARE), "complete: settled at once");
    }
}
