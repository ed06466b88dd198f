//! Every plan the engine returns is feasible under the independent checker, accounts for every
//! order exactly once, and is reproducible from its seed and thread count.

use lastmile_solver::checker::violations;
use lastmile_solver::generate::{generate, InstanceSpec};
use lastmile_solver::{solve, Plan, Problem, SolveOptions};
use proptest::prelude::*;

fn run(problem: &Problem, threads: usize, seed: u64, iterations: usize) -> Plan {
    let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: iterations, threads, seed };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| solve(problem, &options, &|| 0.0, &mut |_| true))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn plans_are_feasible_and_complete(
        customers in 1usize..60,
        vehicles in 1usize..12,
        capacity in 20.0f64..300.0,
        window in 5.0f64..200.0,
        seed in 0u64..1000,
        threads in 1usize..3,
    ) {
        let mut spec = InstanceSpec::solomon_like("prop", customers, seed);
        spec.vehicles = vehicles;
        spec.capacity = capacity;
        spec.window = window;
        let problem = generate(&spec);
        let plan = run(&problem, threads, seed, 300);
        let found = violations(&problem, &plan);
        prop_assert!(found.is_empty(), "violations: {:?}", found);
        prop_assert!(plan.routes.len() <= vehicles);
    }
}

#[test]
fn same_seed_and_threads_give_the_same_plan() {
    let problem = generate(&InstanceSpec::solomon_like("det", 80, 3));
    for threads in [1, 2] {
        let a = run(&problem, threads, 42, 600);
        let b = run(&problem, threads, 42, 600);
        assert_eq!(a, b, "threads = {threads}");
    }
}

#[test]
fn orders_no_vehicle_can_carry_are_unassigned_with_the_capacity_reason() {
    let mut spec = InstanceSpec::solomon_like("cap", 30, 5);
    spec.capacity = 10.0;
    let problem = generate(&spec);
    let plan = run(&problem, 1, 1, 1);
    assert!(violations(&problem, &plan).is_empty());
    let heavy: Vec<usize> =
        (0..problem.orders.len()).filter(|&o| problem.orders[o].demand[0] > problem.vehicles[0].capacity[0]).collect();
    assert!(!heavy.is_empty(), "the instance should contain orders heavier than a vehicle");
    for o in heavy {
        let left = plan.unassigned.iter().find(|u| u.order == o).expect("heavy order unassigned");
        assert_eq!(left.reason, lastmile_solver::UnassignedReason::Capacity);
    }
}

#[test]
fn more_iterations_never_make_the_plan_worse() {
    let problem = generate(&InstanceSpec::solomon_like("rounds", 100, 9));
    let short = run(&problem, 1, 7, 100).objective(&problem);
    let long = run(&problem, 1, 7, 2000).objective(&problem);
    assert!(long <= short, "{long:?} should not be worse than {short:?}");
}

#[test]
fn large_problems_use_nearby_routes_and_stay_feasible() {
    let spec = InstanceSpec::solomon_like("large", lastmile_solver::recreate::GRANULAR_FROM + 100, 13);
    let problem = generate(&spec);
    let plan = run(&problem, 2, 5, 200);
    assert!(violations(&problem, &plan).is_empty(), "{:?}", violations(&problem, &plan));
    assert!(plan.unassigned.len() < problem.orders.len() / 10);
}
