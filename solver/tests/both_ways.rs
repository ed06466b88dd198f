//! Goods carried both ways: deliveries from the depot, returns collected for it, and shipments
//! picked up at one place and delivered at another by the same vehicle. Every plan is judged by
//! the independent checker (pairs on one route, pickup first, load within capacity after every
//! stop, windows and shifts), on random instances.

use lastmile_solver::checker::violations;
use lastmile_solver::generate::{city, generate, with_goods_both_ways, CitySpec, InstanceSpec};
use lastmile_solver::problem::Task;
use lastmile_solver::recreate::pair_insertion;
use lastmile_solver::rng::Rng;
use lastmile_solver::route_state::RouteState;
use lastmile_solver::{reoptimise, solve, Locks, Plan, Problem, Route, SolveOptions, Unassigned, UnassignedReason};
use proptest::prelude::*;

fn run(problem: &Problem, threads: usize, seed: u64, iterations: usize) -> Plan {
    let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: iterations, threads, seed };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| solve(problem, &options, &|| 0.0, &mut |_| true))
}

/// The plan's shipments are whole: both halves routed on one route, or both left out for the
/// same reason (what the checker also says, asked here directly).
fn shipments_whole(problem: &Problem, plan: &Plan) -> Result<(), String> {
    let route_of = |o: usize| plan.routes.iter().position(|r| r.stops.contains(&o));
    for (o, order) in problem.orders.iter().enumerate() {
        if let Task::ShipmentPickup { delivery } = order.task {
            match (route_of(o), route_of(delivery)) {
                (Some(a), Some(b)) if a == b => {}
                (None, None) => {
                    let reason = |x: usize| plan.unassigned.iter().find(|u| u.order == x).map(|u| u.reason);
                    if reason(o) != reason(delivery) {
                        return Err(format!("shipment {} left out for two reasons", order.id));
                    }
                }
                split => return Err(format!("shipment {} split: {split:?}", order.id)),
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20))]

    #[test]
    fn plans_with_goods_both_ways_are_feasible(
        customers in 2usize..70,
        vehicles in 1usize..10,
        capacity in 30.0f64..250.0,
        window in 10.0f64..200.0,
        shipments in 0.0f64..1.0,
        returns in 0.0f64..0.5,
        seed in 0u64..1000,
        threads in 1usize..3,
    ) {
        let mut spec = InstanceSpec::solomon_like("both", customers, seed);
        spec.vehicles = vehicles;
        spec.capacity = capacity;
        spec.window = window;
        let problem = with_goods_both_ways(&generate(&spec), shipments, returns, seed);
        let plan = run(&problem, threads, seed, 300);
        let found = violations(&problem, &plan);
        prop_assert!(found.is_empty(), "violations: {:?}", found);
        prop_assert!(shipments_whole(&problem, &plan).is_ok(), "{:?}", shipments_whole(&problem, &plan));
    }
}

/// A city day (several windows, breaks, range, skills, a mixed fleet on two depots) with returns
/// and shipments: feasible, shipments whole, and most of them served.
#[test]
fn a_city_day_with_returns_and_shipments_is_planned_feasibly() {
    for seed in [1, 2] {
        let problem = with_goods_both_ways(&city(&CitySpec::lyon("both", 160, seed)), 0.4, 0.2, seed);
        let pairs = problem.orders.iter().filter(|o| matches!(o.task, Task::ShipmentPickup { .. })).count();
        let returns = problem.orders.iter().filter(|o| o.task == Task::Pickup).count();
        assert!(pairs > 20 && returns > 20, "{pairs} shipments, {returns} returns");
        let plan = run(&problem, 2, seed, 800);
        assert_eq!(violations(&problem, &plan), Vec::<String>::new(), "seed {seed}");
        shipments_whole(&problem, &plan).unwrap();
        let served = plan.routes.iter().flat_map(|r| &r.stops).filter(|&&o| problem.orders[o].partner().is_some());
        assert!(served.count() >= pairs, "at least half the shipments served (seed {seed})");
    }
}

/// The load of a route with returns and shipments goes up and down; a vehicle that could not
/// carry every order at once from the depot carries them all when pickups follow deliveries.
#[test]
fn returns_ride_in_the_room_deliveries_have_made() {
    let mut spec = InstanceSpec::solomon_like("room", 20, 4);
    spec.vehicles = 1;
    spec.horizon = 1_000.0;
    spec.window = spec.horizon;
    let base = generate(&spec);
    let total: i64 = base.orders.iter().map(|o| o.demand[0]).sum();
    let mut parts = base.to_parts();
    for (k, o) in parts.orders.iter_mut().enumerate() {
        o.task = if k % 2 == 0 { Task::Delivery } else { Task::Pickup };
    }
    let delivered: i64 = parts.orders.iter().filter(|o| o.task == Task::Delivery).map(|o| o.demand[0]).sum();
    let most = delivered.max(total - delivered);
    // Room for the deliveries and for the returns, never for both at once.
    parts.vehicles[0].capacity[0] = most;
    assert!(most < total);
    let problem = Problem::new(parts);
    let plan = run(&problem, 1, 3, 2_000);
    assert_eq!(violations(&problem, &plan), Vec::<String>::new());
    assert!(plan.unassigned.is_empty(), "every order on the one vehicle: {:?}", plan.unassigned);
    let stops = &plan.routes[0].stops;
    // The deliveries come first at the fullest, so the load never passes the capacity.
    let schedule = plan.routes[0].schedule(&problem);
    assert_eq!(schedule.load[0], delivered);
    assert!(schedule.peak[0] <= most);
    assert_eq!(stops.len(), problem.orders.len());
}

/// The O(route²) pair test says yes exactly when the checker accepts the route with both halves
/// at those positions, and the best pair it finds is the cheapest the checker accepts.
#[test]
fn the_pair_insertion_agrees_with_the_checker() {
    let (mut accepted, mut refused) = (0, 0);
    for seed in 0..10 {
        let mut spec = InstanceSpec::solomon_like("pairs", 40, seed);
        spec.capacity = 60.0;
        spec.window = 150.0;
        spec.horizon = 400.0;
        let problem = with_goods_both_ways(&generate(&spec), 0.7, 0.2, seed);
        let mut rng = Rng::new(seed);
        let mut route = RouteState::new(&problem, 0);
        let all_out = |stops: &[usize]| -> Vec<Unassigned> {
            (0..problem.orders.len())
                .filter(|o| !stops.contains(o))
                .map(|order| Unassigned { order, reason: UnassignedReason::Fleet })
                .collect()
        };
        for _ in 0..60 {
            let o = rng.below(problem.orders.len());
            let Task::ShipmentPickup { delivery } = problem.orders[o].task else {
                // Singles: the O(1) test with the load at the position.
                let half = problem.orders[o].partner().is_some();
                if half || route.stops.contains(&o) || !route.has_room_for(&problem, o) {
                    continue;
                }
                let i = rng.below(route.stops.len() + 1);
                let mut stops = route.stops.clone();
                stops.insert(i, o);
                let plan = Plan {
                    unassigned: all_out(&stops),
                    routes: vec![Route { vehicle: 0, stops, reloads: Vec::new() }],
                };
                let ok = violations(&problem, &plan).is_empty();
                assert_eq!(route.detour(&problem, o, i).is_some(), ok, "seed {seed}: {o} at {i} in {:?}", route.stops);
                if ok {
                    route.insert(&problem, o, i);
                }
                continue;
            };
            if route.stops.contains(&o) {
                continue;
            }
            // Every (i, j) by the checker; the cheapest feasible by distance.
            let mut cheapest: Option<i64> = None;
            for i in 0..=route.stops.len() {
                for j in i + 1..=route.stops.len() + 1 {
                    let mut stops = route.stops.clone();
                    stops.insert(i, o);
                    stops.insert(j, delivery);
                    let plan = Plan {
                        unassigned: all_out(&stops),
                        routes: vec![Route { vehicle: 0, stops, reloads: Vec::new() }],
                    };
                    if violations(&problem, &plan).is_empty() {
                        accepted += 1;
                        let d = plan.distance(&problem);
                        cheapest = Some(cheapest.map_or(d, |c: i64| c.min(d)));
                    } else {
                        refused += 1;
                    }
                }
            }
            let found = pair_insertion(&problem, &route, o, delivery, 0, 0.0, &mut rng, &mut 0);
            assert_eq!(found.is_some(), cheapest.is_some(), "seed {seed}: shipment {o} into {:?}", route.stops);
            if let Some((i, j, detour)) = found {
                let before = route.distance;
                route.insert(&problem, o, i);
                route.insert(&problem, delivery, j);
                assert_eq!(route.distance, before + detour.distance);
                assert_eq!(Some(route.distance), cheapest, "the cheapest pair of positions");
                assert!(route.feasible);
            }
        }
    }
    assert!(accepted > 100 && refused > 100, "both outcomes exercised: {accepted} / {refused}");
}

/// A re-plan with locked heads keeps every shipment whole: one picked up in the locked part is
/// locked to its delivery, the rest move freely.
#[test]
fn a_replan_with_locks_keeps_shipments_whole() {
    let problem = with_goods_both_ways(&city(&CitySpec::lyon("locks", 120, 5)), 0.5, 0.1, 5);
    let plan = run(&problem, 1, 5, 400);
    let locks = Locks { heads: plan.routes.iter().map(|r| (r.vehicle, r.stops.len() / 3)).collect(), frozen: vec![] };
    let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 300, threads: 1, seed: 9 };
    let again = reoptimise(&problem, &plan, &locks, &options, &|| 0.0, &mut |_| true).plan;
    assert_eq!(violations(&problem, &again), Vec::<String>::new());
    shipments_whole(&problem, &again).unwrap();
    for route in &plan.routes {
        let head = &route.stops[..route.stops.len() / 3];
        let now = again.routes.iter().find(|r| r.vehicle == route.vehicle).expect("the locked route stays");
        assert_eq!(&now.stops[..head.len()], head, "locked head kept");
    }
}
