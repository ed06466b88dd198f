//! One truth: for random city days and random edits by hand, every view of a plan (the report's
//! route list, stop times and KPIs, the drivers' manifests, the plan CSV) comes from the one
//! schedule the engine computes, the costs shown are that schedule's, violations are reported
//! exactly where the independent checker finds them, and every reason for an unassigned order
//! agrees with the plan.

use lastmile_solver::checker::violations;
use lastmile_solver::export::{manifest, plan_csv};
use lastmile_solver::generate::{city, CitySpec};
use lastmile_solver::report::PlanReport;
use lastmile_solver::route_state::RouteState;
use lastmile_solver::units::{clock, to_ticks, SCALE};
use lastmile_solver::{solve, Plan, Problem, Route, SolveOptions, UnassignedReason};
use proptest::prelude::*;

fn planned(orders: usize, seed: u64) -> (Problem, Plan) {
    let problem = city(&CitySpec::lyon("one-schedule", orders, seed));
    let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 150, threads: 1, seed };
    let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
    (problem, plan)
}

/// Moves the stop at `pick` (over all routed stops) to route `to`, position `at` (both taken
/// modulo what exists), as the planner's "Move to…" and ↑/↓ do; the result is re-evaluated
/// like the app's edits (`Plan::from_ids`).
fn edit(problem: &Problem, plan: &Plan, pick: usize, to: usize, at: usize) -> Plan {
    let mut routes: Vec<(String, Vec<String>)> = plan
        .routes
        .iter()
        .map(|r| {
            (problem.vehicles[r.vehicle].id.clone(), r.stops.iter().map(|&o| problem.orders[o].id.clone()).collect())
        })
        .collect();
    let total: usize = routes.iter().map(|r| r.1.len()).sum();
    if total == 0 {
        return plan.clone();
    }
    let mut k = pick % total;
    let from = routes
        .iter()
        .position(|r| {
            if k < r.1.len() {
                true
            } else {
                k -= r.1.len();
                false
            }
        })
        .unwrap();
    let order = routes[from].1.remove(k);
    // Any vehicle may receive it, used or not (an idle one opens a route).
    let target = problem.vehicles[to % problem.vehicles.len()].id.clone();
    match routes.iter_mut().find(|r| r.0 == target) {
        Some(r) => {
            let at = at % (r.1.len() + 1);
            r.1.insert(at, order);
        }
        None => routes.push((target, vec![order])),
    }
    Plan::from_ids(problem, &routes).unwrap()
}

fn assert_one_truth(problem: &Problem, plan: &Plan) -> Result<(), TestCaseError> {
    let report = PlanReport::new(problem, plan);
    let csv = plan_csv(problem, plan);
    let header: Vec<&str> = csv.lines().next().unwrap_or_default().split(',').collect();
    let column = |name: &str| header.iter().position(|&h| h == name).unwrap();
    let (arrival_at, start_at, order_at) = (column("arrival"), column("service_start"), column("order_id"));
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let mut row = rows.iter();
    let driven: Vec<&Route> = plan.routes.iter().filter(|r| !r.stops.is_empty()).collect();
    prop_assert_eq!(driven.len(), report.routes.len());
    let checker = violations(problem, plan);
    let mut late = 0;
    for (route, shown) in driven.iter().zip(&report.routes) {
        let vehicle = &problem.vehicles[route.vehicle];
        let schedule = route.schedule(problem);
        // The route list, the stop table and the manifest: one departure, one set of times.
        let sheet = manifest(problem, plan, route.vehicle).unwrap();
        prop_assert_eq!(&sheet.departure, &clock(problem, to_ticks(shown.start)));
        prop_assert!(
            shown.start <= shown.visits[0].arrival,
            "leaves {} after arriving {}",
            shown.start,
            shown.visits[0].arrival
        );
        for (k, visit) in shown.visits.iter().enumerate() {
            prop_assert_eq!(&sheet.stops[k].eta, &clock(problem, to_ticks(visit.arrival)));
            prop_assert_eq!(&sheet.stops[k].start, &clock(problem, to_ticks(visit.start)));
            let line = row.next().unwrap();
            prop_assert_eq!(line[order_at], visit.order.as_str());
            let seconds = |text: &str| -> f64 {
                let p: Vec<f64> = text.split(':').map(|x| x.parse().unwrap()).collect();
                p[0] * 3600.0 + p[1] * 60.0 + p[2]
            };
            prop_assert!((seconds(line[arrival_at]) - visit.arrival).abs() < 1.0);
            prop_assert!((seconds(line[start_at]) - visit.start).abs() < 1.0);
            late += usize::from(visit.late);
        }
        // Leaving as late as the plan allows: no wait at the first stop unless the shift start
        // (or a break taken there) holds the vehicle back.
        let first = &shown.visits[0];
        if first.waiting > 0.0 && shown.rest.as_ref().is_none_or(|b| b.before_stop != 0) {
            prop_assert!(
                first.late
                    || to_ticks(shown.start)
                        <= vehicle.shift.start.max(problem.depots[vehicle.start_depot].opening.start)
            );
        }
        // The cost shown is this schedule's: fixed + per km + per hour, overtime included.
        let costs = vehicle.costs;
        // Cost ticks per distance or time tick: per metre and per second in currency units.
        let expected =
            costs.fixed as f64 / SCALE + costs.per_distance * shown.distance + costs.per_time * shown.duration;
        prop_assert!((shown.cost - expected).abs() < 0.01, "cost {} vs {}", shown.cost, expected);
        prop_assert!(shown.cost < 1e7, "a penalty leaked into the cost: {}", shown.cost);
        // The search's O(1) route state prices a feasible route exactly as shown.
        let state = RouteState::with_stops(problem, route.vehicle, route.stops.clone());
        if state.feasible && schedule.lateness == 0 {
            prop_assert_eq!(state.cost, schedule.cost(problem, route.vehicle));
        }
        // Violations are shown exactly where the independent checker finds them.
        let flagged = checker.iter().any(|v| {
            v.contains(&format!("vehicle {}", vehicle.id)) || {
                route.stops.iter().any(|&o| v.starts_with(&format!("order {} ", problem.orders[o].id)))
            }
        });
        prop_assert_eq!(!shown.violations.is_empty(), flagged, "{:?} vs {:?}", shown.violations, checker);
        prop_assert_eq!(shown.overtime > 0.0, shown.violations.iter().any(|v| v.code == "over_shift"));
    }
    prop_assert_eq!(report.kpis.late_stops, late);
    prop_assert!(late == 0 || report.kpis.on_time < 1.0);
    let total: f64 = report.routes.iter().map(|r| r.cost).sum::<f64>()
        + plan.unassigned.iter().map(|u| problem.missed_value(u.order)).sum::<i64>() as f64 / SCALE;
    prop_assert!((report.cost - total).abs() < 0.01);
    prop_assert!(
        (plan.objective(problem).cost as f64 / SCALE - report.cost).abs() < 0.01 * report.routes.len().max(1) as f64
    );

    // Reasons against the plan.
    let used: Vec<bool> = (0..problem.vehicles.len()).map(|v| driven.iter().any(|r| r.vehicle == v)).collect();
    for u in &plan.unassigned {
        if u.reason == UnassignedReason::Capacity {
            let idle = (0..problem.vehicles.len()).find(|&v| {
                !used[v] && problem.compatible(u.order, v) && {
                    let alone = Plan {
                        routes: vec![Route { vehicle: v, stops: vec![u.order], reloads: Vec::new() }],
                        unassigned: Vec::new(),
                    };
                    violations(problem, &alone).iter().all(|m| m.contains("appears"))
                }
            });
            prop_assert!(
                idle.is_none(),
                "capacity reason for {} next to idle vehicle {:?}",
                problem.orders[u.order].id,
                idle
            );
        }
        if matches!(u.reason, UnassignedReason::TimeWindow | UnassignedReason::Shift) {
            // Binding under the independent checker: no vehicle could serve it even alone.
            for v in (0..problem.vehicles.len()).filter(|&v| problem.compatible(u.order, v)) {
                let alone = Plan {
                    routes: vec![Route { vehicle: v, stops: vec![u.order], reloads: Vec::new() }],
                    unassigned: Vec::new(),
                };
                let found = violations(problem, &alone);
                prop_assert!(
                    found.iter().any(|m| !m.contains("appears")),
                    "{} fits {} alone",
                    problem.orders[u.order].id,
                    problem.vehicles[v].id
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn every_view_shows_the_one_schedule(
        orders in 20usize..90,
        seed in 0u64..500,
        edits in proptest::collection::vec((0usize..1000, 0usize..1000, 0usize..50), 0..4),
    ) {
        let (problem, mut plan) = planned(orders, seed);
        assert_one_truth(&problem, &plan)?;
        for (pick, to, at) in edits {
            plan = edit(&problem, &plan, pick, to, at);
            assert_one_truth(&problem, &plan)?;
        }
    }
}

/// The Lyon-like day's `cold` orders: only EV vans carry cold goods and their shifts end before
/// the window opens; the reason says so per kind of vehicle rather than "no vehicle can reach it".
#[test]
fn a_reason_names_the_binding_constraint_per_kind() {
    let (mut problem, _) = planned(30, 3);
    let cold = problem.skills.iter().position(|s| s == "cold");
    let Some(cold) = cold else { return };
    let o = 0;
    problem.orders[o].skills = lastmile_solver::problem::Skills::NONE.with(cold);
    let ev_end = problem
        .vehicles
        .iter()
        .filter(|v| v.skills.covers(problem.orders[o].skills))
        .map(|v| v.shift.end)
        .max()
        .unwrap();
    problem.orders[o].windows = lastmile_solver::problem::Windows::one(lastmile_solver::TimeWindow::new(
        ev_end + 3600 * SCALE as i64,
        ev_end + 7200 * SCALE as i64,
    ));
    let plan = Plan::from_ids(&problem, &[]).unwrap();
    let report = PlanReport::new(&problem, &plan);
    let message = &report.unassigned.iter().find(|u| u.id == problem.orders[o].id).unwrap().message;
    assert!(message.contains("lack 'cold'"), "{message}");
    assert!(message.contains("shifts end"), "{message}");
}
