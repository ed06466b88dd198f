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

mod city_days {
    use super::*;
    use lastmile_solver::generate::{city, CitySpec};
    use lastmile_solver::problem::{Problem, Skills};
    use lastmile_solver::units::to_ticks;
    use lastmile_solver::UnassignedReason;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        /// Mixed fleets with shifts, breaks, range, skills, several windows, fixed depots and
        /// optional orders: every plan passes the independent checker, and every order left out
        /// says why.
        #[test]
        fn city_plans_are_feasible_and_every_left_out_order_has_a_reason(
            orders in 1usize..90,
            radius in 3.0f64..30.0,
            vans in 0usize..3,
            bikes in 0usize..3,
            seed in 0u64..1000,
            threads in 1usize..3,
        ) {
            let mut spec = CitySpec::lyon("prop", orders, seed);
            spec.radius_km = radius;
            spec.vans = vans;
            spec.ev_vans = 1;
            spec.bikes = bikes;
            let problem = city(&spec);
            let plan = run(&problem, threads, seed, 150);
            let found = violations(&problem, &plan);
            prop_assert!(found.is_empty(), "violations: {:?}", found);
            let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
            prop_assert_eq!(routed + plan.unassigned.len(), problem.orders.len());
        }
    }

    fn rebuilt(problem: &Problem, change: impl FnOnce(&mut lastmile_solver::problem::Parts)) -> Problem {
        let mut parts = problem.to_parts();
        change(&mut parts);
        Problem::new(parts)
    }

    #[test]
    fn each_constraint_names_itself_when_it_leaves_an_order_out() {
        let base = city(&CitySpec::lyon("why", 30, 4));
        let reason_for = |problem: &Problem, order: usize| {
            let plan = run(problem, 1, 1, 50);
            assert!(violations(problem, &plan).is_empty());
            plan.unassigned.iter().find(|u| u.order == order).map(|u| u.reason)
        };
        let skill = rebuilt(&base, |p| {
            p.skills.push("crane".to_string());
            p.orders[3].skills = Skills::NONE.with(2);
        });
        assert_eq!(reason_for(&skill, 3), Some(UnassignedReason::Skill));
        let heavy = rebuilt(&base, |p| p.orders[4].demand[0] = to_ticks(5_000.0));
        assert_eq!(reason_for(&heavy, 4), Some(UnassignedReason::Capacity));
        let far = rebuilt(&base, |p| {
            let at = p.orders[5].location;
            p.points[at].x += 1.5; // about 115 km east
            for profile in &mut p.profiles {
                let speed = if profile.name == "bike" { 15.0 } else { 25.0 };
                let circuity = if profile.name == "bike" { 1.2 } else { 1.35 };
                profile.matrix = lastmile_solver::problem::Matrix::great_circle(&p.points, circuity, speed);
            }
            for v in &mut p.vehicles {
                v.max_duration = None;
                v.shift.end = to_ticks(30.0 * 3600.0);
                v.rest = None;
            }
            p.orders[5].windows = lastmile_solver::problem::Windows::one(lastmile_solver::problem::TimeWindow::ALWAYS);
        });
        // Vans have the time but not the range? They have no range limit; so forbid vans.
        let far = rebuilt(&far, |p| p.orders[5].skills = Skills::NONE.with(0));
        assert_eq!(reason_for(&far, 5), Some(UnassignedReason::Range));
        let late = rebuilt(&base, |p| {
            let w = lastmile_solver::problem::TimeWindow::new(to_ticks(3.0 * 3600.0), to_ticks(4.0 * 3600.0));
            p.orders[6].windows = lastmile_solver::problem::Windows::one(w);
        });
        assert_eq!(reason_for(&late, 6), Some(UnassignedReason::TimeWindow));
        let long = rebuilt(&base, |p| p.orders[7].service = to_ticks(11.0 * 3600.0));
        assert_eq!(reason_for(&long, 7), Some(UnassignedReason::Shift));
        let cut_off = rebuilt(&base, |p| {
            let n = p.points.len();
            let mut seconds = Vec::with_capacity(n * n);
            let mut metres = Vec::with_capacity(n * n);
            for a in 0..n {
                for b in 0..n {
                    let m = &p.profiles[0].matrix;
                    let blocked = a != b && (a == p.orders[8].location || b == p.orders[8].location);
                    seconds.push((!blocked).then(|| m.time(a, b) as f64 / 1e6));
                    metres.push((!blocked).then(|| m.dist(a, b) as f64 / 1e6));
                }
            }
            let table = lastmile_solver::problem::Matrix::from_table(n, &seconds, &metres);
            for profile in &mut p.profiles {
                profile.matrix = table.clone();
            }
        });
        assert_eq!(reason_for(&cut_off, 8), Some(UnassignedReason::Unreachable));
    }
}

mod reoptimise {
    use super::*;
    use lastmile_solver::generate::{city, CitySpec};
    use lastmile_solver::{reoptimise, Locks};

    fn again(problem: &Problem, plan: &Plan, locks: &Locks) -> Plan {
        let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 300, threads: 1, seed: 3 };
        reoptimise(problem, plan, locks, &options, &|| 0.0, &mut |_| true).plan
    }

    /// Locked heads keep their stops in order, frozen routes stay whole, the rest may move, and a
    /// stop the planner pushed somewhere infeasible is moved back out.
    #[test]
    fn locked_stops_and_frozen_routes_survive_and_the_plan_stays_feasible() {
        let problem = city(&CitySpec::lyon("locks", 80, 11));
        let first = run(&problem, 1, 1, 300);
        assert!(violations(&problem, &first).is_empty());
        let long: Vec<&lastmile_solver::Route> = first.routes.iter().filter(|r| r.stops.len() >= 3).collect();
        assert!(long.len() >= 2, "need two routes with three stops");
        let (headed, frozen) = (long[0].clone(), long[1].clone());
        let locks = Locks { heads: vec![(headed.vehicle, 2)], frozen: vec![frozen.vehicle] };
        // The planner moves a stop into the frozen route's neighbour ... and an unlocked stop
        // of another route to the end of the headed route.
        let mut edited = first.clone();
        if let Some(other) = edited
            .routes
            .iter()
            .position(|r| r.vehicle != headed.vehicle && r.vehicle != frozen.vehicle && !r.stops.is_empty())
        {
            let moved = edited.routes[other].stops.remove(0);
            let h = edited.routes.iter().position(|r| r.vehicle == headed.vehicle).unwrap();
            edited.routes[h].stops.push(moved);
        }
        let after = again(&problem, &edited, &locks);
        assert!(violations(&problem, &after).is_empty(), "{:?}", violations(&problem, &after));
        let route_of = |v: usize| after.routes.iter().find(|r| r.vehicle == v).expect("route kept");
        assert_eq!(route_of(headed.vehicle).stops[..2], headed.stops[..2]);
        assert_eq!(route_of(frozen.vehicle).stops, frozen.stops);
        assert!(after.objective(&problem).unassigned <= first.objective(&problem).unassigned);
    }

    /// A vehicle re-planned mid-day starts where it is, when it is.
    #[test]
    fn a_vehicle_on_the_road_starts_from_where_it_is() {
        let problem = city(&CitySpec::lyon("midday", 40, 5));
        let plan = run(&problem, 1, 1, 200);
        let route = plan.routes.iter().find(|r| r.stops.len() >= 2).expect("a route").clone();
        let schedule = route.schedule(&problem);
        let mut parts = problem.to_parts();
        let served = route.stops[0];
        parts.vehicles[route.vehicle].origin = Some(problem.orders[served].location);
        parts.vehicles[route.vehicle].shift.start = schedule.visits[0].departure + 1_800_000_000; // 30 min late
        let moved = Problem::new(parts);
        // The served order is done: lock it at the head.
        let locks = Locks { heads: vec![(route.vehicle, 1)], frozen: vec![] };
        let after = again(&moved, &plan, &locks);
        assert!(violations(&moved, &after).is_empty(), "{:?}", violations(&moved, &after));
        let now = after.routes.iter().find(|r| r.vehicle == route.vehicle).unwrap();
        assert_eq!(now.stops[0], served);
        let s = now.schedule(&moved);
        assert!(s.departure >= schedule.visits[0].departure + 1_800_000_000);
    }
}

/// The report's KPIs add up: every routed stop is a delivery, engine plans are all on time and
/// have no violations, and cost per delivery times deliveries is the routes' cost.
#[test]
fn report_kpis_add_up_and_an_edited_plan_shows_its_violations() {
    use lastmile_solver::generate::{city, CitySpec};
    use lastmile_solver::report::PlanReport;
    let problem = city(&CitySpec::lyon("kpi", 60, 2));
    let plan = run(&problem, 1, 1, 200);
    let report = PlanReport::new(&problem, &plan);
    let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
    assert_eq!(report.kpis.deliveries, routed);
    assert_eq!(report.kpis.on_time, 1.0);
    assert!(report.violations.is_empty());
    let route_cost: f64 = report.routes.iter().map(|r| r.cost).sum();
    let missed: f64 = plan.unassigned.iter().map(|u| problem.missed_value(u.order) as f64 / 1e6).sum();
    assert!((report.kpis.cost_per_delivery * routed as f64 - (route_cost + missed)).abs() < 1e-6);
    assert!(report.kpis.km_per_stop > 0.0 && report.kpis.stops_per_hour > 0.0);
    assert!(report.kpis.utilisation > 0.0 && report.kpis.utilisation <= 1.0);
    // Reverse the longest route: the planner's edit is reported, not hidden.
    let mut edited = plan.clone();
    let longest = (0..edited.routes.len()).max_by_key(|&r| edited.routes[r].stops.len()).unwrap();
    edited.routes[longest].stops.reverse();
    let report = PlanReport::new(&problem, &edited);
    if !violations(&problem, &edited).is_empty() {
        assert!(!report.violations.is_empty());
        assert!(report.kpis.on_time < 1.0 || report.routes.iter().any(|r| r.end > r.shift[1]));
    }
}
