//! Multiple trips: vehicles that may go back to a depot between trips to unload and reload. Every
//! plan is judged by the independent checker (each trip within capacity, reloads at allowed
//! depots while open, not too many trips, shipments on one trip), and priced by the one schedule.

use lastmile_solver::checker::violations;
use lastmile_solver::generate::{generate, with_goods_both_ways, InstanceSpec};
use lastmile_solver::problem::{Reloads, Task};
use lastmile_solver::solution::Solution;
use lastmile_solver::units::to_ticks;
use lastmile_solver::{solve, Plan, Problem, SolveOptions};
use proptest::prelude::*;

fn run(problem: &Problem, threads: usize, seed: u64, iterations: usize) -> Plan {
    let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: iterations, threads, seed };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| solve(problem, &options, &|| 0.0, &mut |_| true))
}

/// `problem` with every vehicle allowed `max_trips` trips, reloading at depot 0 in `minutes`.
fn reloading(problem: &Problem, max_trips: usize, minutes: f64) -> Problem {
    let mut parts = problem.to_parts();
    for vehicle in &mut parts.vehicles {
        vehicle.reloads = Some(Reloads { depots: vec![0], duration: to_ticks(minutes), max_trips });
    }
    Problem::new(parts)
}

/// Every route's cost in the search equals its schedule's (the one schedule), reloads included.
fn one_schedule(problem: &Problem, plan: &Plan) {
    let solution = Solution::from_plan(problem, plan);
    for route in &plan.routes {
        let state = &solution.routes[route.vehicle];
        assert_eq!(state.trips, route.reloads.len() + 1);
        let schedule = route.schedule(problem);
        assert_eq!(schedule.reloads.len(), route.reloads.len());
        assert_eq!(state.distance, schedule.distance, "vehicle {}", route.vehicle);
        assert_eq!(state.cost, schedule.cost(problem, route.vehicle), "vehicle {}", route.vehicle);
        assert_eq!(schedule.lateness, 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn plans_with_trips_are_feasible(
        customers in 2usize..60,
        vehicles in 1usize..5,
        capacity in 30.0f64..150.0,
        max_trips in 2usize..5,
        shipments in 0.0f64..0.6,
        returns in 0.0f64..0.4,
        seed in 0u64..1000,
        threads in 1usize..3,
    ) {
        let mut spec = InstanceSpec::solomon_like("trips", customers, seed);
        spec.vehicles = vehicles;
        spec.capacity = capacity;
        spec.horizon = 600.0;
        spec.window = 300.0;
        let problem = reloading(&with_goods_both_ways(&generate(&spec), shipments, returns, seed), max_trips, 5.0);
        let plan = run(&problem, threads, seed, 300);
        let found = violations(&problem, &plan);
        prop_assert!(found.is_empty(), "violations: {:?}", found);
        prop_assert!(plan.routes.iter().all(|r| r.reloads.len() < max_trips));
        one_schedule(&problem, &plan);
    }
}

/// One vehicle with room for a third of the day: it serves every order in at least three trips,
/// each within capacity, and its returns ride back on the trip that collected them.
#[test]
fn a_small_vehicle_serves_the_day_in_trips() {
    let mut spec = InstanceSpec::solomon_like("small", 40, 7);
    spec.vehicles = 1;
    spec.horizon = 2_000.0;
    spec.window = spec.horizon;
    let base = with_goods_both_ways(&generate(&spec), 0.0, 0.25, 7);
    let total: i64 = base.orders.iter().map(|o| o.demand[0]).sum();
    let mut parts = base.to_parts();
    parts.vehicles[0].capacity[0] = total / 3;
    let problem = reloading(&Problem::new(parts), 6, 10.0);
    let plan = run(&problem, 1, 2, 3_000);
    assert_eq!(violations(&problem, &plan), Vec::<String>::new());
    assert!(plan.unassigned.is_empty(), "every order served: {:?}", plan.unassigned);
    let route = &plan.routes[0];
    assert!(route.reloads.len() >= 2, "at least three trips: {:?}", route.reloads);
    let schedule = route.schedule(&problem);
    assert!(schedule.peak[0] <= problem.vehicles[0].capacity[0]);
    for (visit, reload) in schedule.reloads.iter().zip(&route.reloads) {
        assert_eq!(visit.before, reload.before);
        assert!(visit.departure - visit.start == to_ticks(10.0));
    }
    one_schedule(&problem, &plan);
    let returns = problem.orders.iter().filter(|o| o.task == Task::Pickup).count();
    assert!(returns > 5);
}

/// Without reloads the same day needs more vehicles: trips save vehicles.
#[test]
fn trips_save_vehicles() {
    let mut spec = InstanceSpec::solomon_like("fewer", 60, 3);
    spec.vehicles = 20;
    spec.capacity = 80.0;
    spec.horizon = 1_000.0;
    spec.window = 400.0;
    let alone = generate(&spec);
    let with = reloading(&alone, 4, 5.0);
    let (a, b) = (run(&alone, 1, 1, 3_000), run(&with, 1, 1, 3_000));
    assert!(a.unassigned.is_empty() && b.unassigned.is_empty(), "{:?} / {:?}", a.unassigned, b.unassigned);
    assert_eq!(violations(&with, &b), Vec::<String>::new());
    assert!(b.routes.len() < a.routes.len(), "{} vehicles with trips, {} without", b.routes.len(), a.routes.len());
    one_schedule(&with, &b);
}

/// A scenario file of a micro-hub day: cargo bikes that may reload at the hub, deliveries, returns
/// and store-to-door shipments. It plans in trips, the report and the manifests say which trip
/// carries what, and the scenario written back keeps the reloads.
#[test]
fn a_micro_hub_day_from_a_scenario_file_plans_in_trips() {
    use lastmile_solver::export::manifest;
    use lastmile_solver::formats::scenario::{self, Scenario};
    use lastmile_solver::report::PlanReport;
    use serde_json::json;
    let mut orders = Vec::new();
    for k in 0..24 {
        let (dx, dy) = ((k % 6) as f64 * 0.004 - 0.01, (k / 6) as f64 * 0.004 - 0.006);
        let mut order =
            json!({"id": format!("o{k}"), "lat": 45.76 + dy, "lon": 4.84 + dx, "demand": 20, "service": 120});
        if k % 6 == 5 {
            order["type"] = json!("return");
        } else if k % 8 == 3 {
            order["pickup"] = json!({"id": format!("shop{k}"), "lat": 45.762, "lon": 4.835, "service": 60});
        }
        orders.push(order);
    }
    let doc = json!({
        "format": "lastmile-scenario", "version": 1, "name": "micro-hub",
        "profiles": [{"name": "bike", "speed_kmh": 15}],
        "depots": [{"id": "hub", "lat": 45.76, "lon": 4.84, "opening": ["07:00", "20:00"]}],
        "orders": orders,
        "vehicles": [{"id": "bike", "count": 2, "profile": "bike", "capacity": 100, "shift": ["08:00", "18:00"],
                      "reload": {"duration": "00:10", "max_trips": 5}}]
    });
    let problem = scenario::parse("hub.json", &doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(problem.vehicles[0].reloads.as_ref().map(|r| (r.depots.clone(), r.max_trips)), Some((vec![0], 5)));
    let plan = run(&problem, 1, 1, 2_000);
    assert_eq!(violations(&problem, &plan), Vec::<String>::new());
    assert!(plan.unassigned.is_empty(), "{:?}", plan.unassigned);
    assert!(plan.routes.iter().any(|r| !r.reloads.is_empty()), "480 kg for two 100 kg bikes: trips");
    one_schedule(&problem, &plan);
    let report = PlanReport::new(&problem, &plan);
    for (route, shown) in plan.routes.iter().zip(&report.routes) {
        assert_eq!(shown.reloads.len(), route.reloads.len());
        assert!(
            shown.reloads.iter().all(|r| r.depot == "hub" && (r.departure - r.start - 600.0).abs() < 1e-6),
            "{:?} {:?}",
            shown.reloads,
            route
        );
        let sheet = manifest(&problem, &plan, route.vehicle).unwrap();
        assert_eq!(sheet.reloads.len(), route.reloads.len());
        let trips = sheet.stops.iter().map(|s| s.trip).max().unwrap();
        assert_eq!(trips, route.reloads.len() + 1);
        // Each trip's loading order is its deliveries from the hub, last stop first.
        let loaded: Vec<&String> =
            sheet.loading_order.iter().chain(sheet.reloads.iter().flat_map(|r| &r.loading_order)).collect();
        let deliveries = sheet.stops.iter().filter(|s| s.task == "delivery").count();
        assert_eq!(loaded.len(), deliveries);
        // The path drawn on the map passes the hub between trips: its legs are the schedule's.
        let path = route.path(&problem);
        assert_eq!(path.len(), route.stops.len() + route.reloads.len() + 2);
        let hub = problem.depots[0].location;
        assert_eq!(path[1..path.len() - 1].iter().filter(|&&p| p == hub).count(), route.reloads.len());
        let m = problem.matrix(route.vehicle);
        let legs: i64 = path.windows(2).map(|w| m.dist(w[0], w[1])).sum();
        assert_eq!(legs, route.schedule(&problem).distance);
    }
    // Written back, the scenario keeps the bikes' reloads.
    let again: Scenario = serde_json::from_str(&scenario::Scenario::from_problem(&problem).to_json_pretty()).unwrap();
    let reload = again.vehicles[0].reload.as_ref().expect("reloads written");
    assert_eq!((reload.depots.clone(), reload.max_trips), (vec!["hub".to_string()], Some(5)));
    let err = scenario::parse("bad.json", &doc.to_string().replace("\"max_trips\":5", "\"max_trips\":1")).unwrap_err();
    assert_eq!(err.field, "vehicles[0] (id \"bike\").reload.max_trips");
}

/// The app's micro-hub sample is the generated day, as the generator writes it today
/// (`lastmile generate --kind micro-hub --orders 120 --seed 3 --name Micro-hub --output
/// public/samples/micro-hub.json`): cargo bikes plan it in trips, with its returns and shop
/// shipments, every order served and the plan feasible under the checker.
#[test]
fn the_micro_hub_sample_is_the_generated_day_and_plans_in_trips() {
    use lastmile_solver::formats::scenario::{self, Scenario};
    use lastmile_solver::generate::micro_hub;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/samples/micro-hub.json");
    let text = std::fs::read_to_string(path).expect("sample present");
    let problem = micro_hub("Micro-hub", 120, 3);
    assert_eq!(text.trim_end(), Scenario::from_problem(&problem).to_json_pretty().trim_end(), "regenerate the sample");
    let sample = scenario::parse("micro-hub.json", &text).unwrap_or_else(|e| panic!("{e}"));
    let tasks = |p: &Problem, f: fn(&Task) -> bool| p.orders.iter().filter(|o| f(&o.task)).count();
    assert_eq!(sample.orders.len(), problem.orders.len());
    assert!(tasks(&sample, |t| *t == Task::Pickup) >= 10, "returns");
    assert!(tasks(&sample, |t| matches!(t, Task::ShipmentPickup { .. })) >= 10, "shop shipments");
    let plan = run(&sample, 1, 1, 3_000);
    assert_eq!(violations(&sample, &plan), Vec::<String>::new());
    assert!(plan.unassigned.is_empty(), "{:?}", plan.unassigned);
    assert!(plan.routes.iter().filter(|r| r.reloads.len() >= 2).count() >= 2, "bikes make three trips or more");
    one_schedule(&sample, &plan);
}

/// A re-plan with the first half of every route locked, on a micro-hub day whose locked heads
/// hold reloads and shop pickups: the heads and their reloads stay, the plan stays feasible.
#[test]
fn a_replan_locks_heads_across_reloads() {
    use lastmile_solver::generate::micro_hub;
    use lastmile_solver::{reoptimise, Locks};
    for seed in 1..=3 {
        let problem = micro_hub("locks", 120, seed);
        let plan = run(&problem, 1, seed, 600);
        assert!(plan.routes.iter().any(|r| !r.reloads.is_empty()), "trips to lock across");
        let half = |r: &lastmile_solver::plan::Route| r.stops.len() / 2;
        let locks = Locks { heads: plan.routes.iter().map(|r| (r.vehicle, half(r))).collect(), frozen: vec![] };
        let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 300, threads: 1, seed };
        let again = reoptimise(&problem, &plan, &locks, &options, &|| 0.0, &mut |_| true).plan;
        assert_eq!(violations(&problem, &again), Vec::<String>::new());
        one_schedule(&problem, &again);
        for route in &plan.routes {
            let now = again.routes.iter().find(|r| r.vehicle == route.vehicle).expect("the locked route stays");
            assert_eq!(&now.stops[..half(route)], &route.stops[..half(route)], "locked head kept");
            let locked_reloads: Vec<_> = route.reloads.iter().filter(|x| x.before < half(route)).collect();
            assert_eq!(now.reloads.iter().filter(|x| x.before < half(route)).collect::<Vec<_>>(), locked_reloads);
        }
    }
}

/// A micro-hub plan in VROOM's solution format: VROOM has no trips, so each reload goes out as a
/// `reload` step (vrp-cli's name for it) at the hub, one per reload, in order, before the first
/// stop of its trip, arriving when the schedule arrives and leaving with the next trip's load;
/// the legs through the hub count in the route's distance, the reload time in its service.
#[test]
fn a_micro_hub_plan_goes_out_to_vroom_with_a_step_per_reload() {
    use lastmile_solver::formats::vroom;
    use lastmile_solver::generate::micro_hub;
    use lastmile_solver::units::{from_load, from_ticks};
    let problem = micro_hub("Micro-hub", 120, 3);
    let plan = run(&problem, 1, 1, 600);
    let out = vroom::write_solution(&problem, &plan);
    let routes: Vec<_> = plan.routes.iter().filter(|r| !r.stops.is_empty()).collect();
    let written = out["routes"].as_array().unwrap();
    assert_eq!(written.len(), routes.len());
    let mut reloads = 0;
    for (route, shown) in routes.iter().zip(written) {
        let schedule = route.schedule(&problem);
        let steps = shown["steps"].as_array().unwrap();
        let at = |k: usize, key: &str| steps[k][key].as_f64().unwrap();
        let reload_steps: Vec<usize> = (0..steps.len()).filter(|&k| steps[k]["type"] == "reload").collect();
        assert_eq!(reload_steps.len(), route.reloads.len(), "one step per reload: {shown}");
        for (&k, reload) in reload_steps.iter().zip(&schedule.reloads) {
            let depot = &problem.depots[reload.depot];
            assert_eq!(steps[k]["description"], depot.id.as_str());
            assert_eq!(steps[k]["location_index"], depot.location);
            assert_eq!(at(k, "arrival"), from_ticks(reload.arrival), "the schedule's arrival");
            assert_eq!(at(k, "service"), from_ticks(reload.departure - reload.start));
            assert_eq!(at(k, "waiting_time"), from_ticks(reload.start - reload.arrival));
            assert_eq!(steps[k]["load"][0].as_f64().unwrap(), from_load(reload.load_after[0]));
            // Right before the first stop of its trip (stops before it: the start and `before`).
            let tasks_before =
                steps[..k].iter().filter(|s| !["break", "reload"].contains(&s["type"].as_str().unwrap()));
            assert_eq!(tasks_before.count(), 1 + reload.before);
            reloads += 1;
        }
        // Through the hub: the schedule's distance; every second of the day accounted for.
        let (first, last) = (0, steps.len() - 1);
        assert_eq!(at(last, "distance"), from_ticks(schedule.distance));
        assert_eq!(shown["distance"], steps[last]["distance"]);
        let breaks: f64 = steps.iter().filter(|s| s["type"] == "break").map(|s| s["service"].as_f64().unwrap()).sum();
        let accounted = ["duration", "service", "waiting_time"].iter().map(|k| shown[k].as_f64().unwrap()).sum::<f64>();
        assert!(
            (at(last, "arrival") - at(first, "arrival") - accounted - breaks).abs() < 1e-6,
            "travel, service (reloads included), waiting and the break fill the day: {shown}"
        );
    }
    assert_eq!(reloads, plan.routes.iter().map(|r| r.reloads.len()).sum::<usize>());
    assert!(reloads >= 2, "the bikes reload at the hub");
}
