//! The `lastmile` command line, as the benchmarks and users call it.

use std::process::Command;

use lastmile_solver::formats::solomon;
use lastmile_solver::generate::{generate, InstanceSpec};

fn lastmile(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lastmile")).args(args).output().expect("lastmile runs")
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("lastmile-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn solve_writes_the_documented_json_with_file_ids() {
    let problem = generate(&InstanceSpec::solomon_like("CLI", 30, 4));
    let input = temp("cli.txt", &solomon::write(&problem));
    let output = input.replace("cli.txt", "cli-plan.json");
    let run = lastmile(&["solve", &input, "--time-limit", "0.3", "--threads", "2", "--seed", "5", "--output", &output]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let routes = plan["routes"].as_array().unwrap();
    let mut ids: Vec<u32> = routes
        .iter()
        .flat_map(|r| r["stops"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().parse::<u32>().unwrap()))
        .collect();
    ids.extend(
        plan["unassigned"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().parse::<u32>().unwrap()),
    );
    ids.sort_unstable();
    assert_eq!(ids, (1..=30).collect::<Vec<_>>(), "every customer number once, depot not listed");
    assert_eq!(plan["vehicles"].as_u64().unwrap() as usize, routes.len());
    assert!(plan["distance"].as_f64().unwrap() > 0.0);
    assert!(plan["cost"].as_f64().is_some());
    assert!(routes.iter().all(|r| r["vehicle"].is_string()));
}

/// An iteration budget gives the same plan every time, on any number of threads, whatever the
/// machine is doing meanwhile.
#[test]
fn an_iteration_budget_repeats_exactly() {
    let problem = generate(&InstanceSpec::solomon_like("REPEAT", 40, 6));
    let input = temp("repeat.txt", &solomon::write(&problem));
    for threads in ["1", "2"] {
        let plans: Vec<String> = (0..2)
            .map(|k| {
                let output = input.replace("repeat.txt", &format!("repeat-{threads}-{k}.json"));
                let run =
                    lastmile(&["solve", &input, "--iterations", "300", "--threads", threads, "--output", &output]);
                assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
                std::fs::read_to_string(&output).unwrap()
            })
            .collect();
        assert_eq!(plans[0], plans[1], "{threads} thread(s)");
    }
    let bad = lastmile(&["solve", &input, "--iterations", "many"]);
    assert_eq!(String::from_utf8_lossy(&bad.stderr).trim(), "lastmile: --iterations: 'many' is not a valid number");
}

#[test]
fn bad_input_names_file_line_and_field_and_exits_with_2() {
    let problem = generate(&InstanceSpec::solomon_like("BAD", 5, 1));
    let text = solomon::write(&problem);
    let broken: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 11 { l.replacen(char::is_numeric, "x", 1) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n");
    let input = temp("bad.txt", &broken);
    let run = lastmile(&["solve", &input, "--time-limit", "0.1"]);
    assert_eq!(run.status.code(), Some(2));
    let message = String::from_utf8_lossy(&run.stderr);
    assert!(message.contains("bad.txt: line 12, CUST NO.:"), "{message}");

    let run = lastmile(&["solve", "/nonexistent/file.txt"]);
    assert_eq!(run.status.code(), Some(2));
    let run = lastmile(&["solve", &input, "--format", "klingon"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--format"));
    let run = lastmile(&["solve", &input, "--threads", "zero"]);
    assert_eq!(run.status.code(), Some(2));
}

/// A plan document is re-optimised: locked vehicles keep their stops, the result is feasible.
#[test]
fn solve_reoptimises_a_plan_document_keeping_locked_routes() {
    use lastmile_solver::generate::{city, CitySpec};
    use lastmile_solver::{solve, SolveOptions};
    let problem = city(&CitySpec::lyon("cli-reopt", 60, 4));
    let options = SolveOptions { max_iterations: 100, time_limit_ms: f64::INFINITY, ..Default::default() };
    let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
    let locked = plan.routes.iter().max_by_key(|r| r.stops.len()).expect("a route").clone();
    let vehicle = problem.vehicles[locked.vehicle].id.clone();
    let dir = std::env::temp_dir().join(format!("lastmile-cli-reopt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("plan.json");
    std::fs::write(&input, lastmile_solver::export::plan_json(&problem, &plan)).unwrap();
    let out = dir.join("out.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lastmile"))
        .args([
            "solve",
            input.to_str().unwrap(),
            "--lock",
            &vehicle,
            "--time-limit",
            "0.5",
            "--output",
            out.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let kept = report["routes"].as_array().unwrap().iter().find(|r| r["vehicle"] == vehicle.as_str()).unwrap();
    let ids: Vec<String> = locked.stops.iter().map(|&o| problem.orders[o].id.clone()).collect();
    assert_eq!(kept["stops"], serde_json::json!(ids));
    assert_eq!(report["violations"], serde_json::json!([]));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_lastmile"))
        .args(["solve", input.to_str().unwrap(), "--lock", "no-such-van"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no-such-van"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `checkout`: the three policies on one stream, the same figures for the same seed, and a
/// replayed bookings file with a bad row named.
#[test]
fn checkout_compares_policies_reproducibly_and_replays_bookings() {
    use lastmile_solver::formats::scenario::Scenario;
    use lastmile_solver::generate::{city, CitySpec};
    let problem = city(&CitySpec::lyon("Checkout CLI", 60, 3));
    let input = temp("checkout.json", &Scenario::from_problem(&problem).to_json_pretty());
    let args = ["checkout", input.as_str(), "--customers", "90", "--horizon-hours", "24", "--seed", "4"];
    let first = lastmile(&args);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let table = String::from_utf8_lossy(&first.stdout).to_string();
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| policy")).collect();
    assert_eq!(rows.len(), 3, "{table}");
    assert!(rows[0].starts_with("| Quotas") && rows[1].starts_with("| Feasibility |"), "{table}");
    assert_eq!(String::from_utf8_lossy(&lastmile(&args).stdout), table, "same seed, same table");

    let bookings = temp(
        "bookings.csv",
        "id,booked_at,lat,lon\nb1,2026-11-23 18:00,45.76,4.84\nb2,2026-11-23 18:30,45.75,4.83\nb3,2026-11-23 19:00,somewhere,4.83\n",
    );
    let replay = lastmile(&["checkout", &input, "--bookings", &bookings]);
    assert!(replay.status.success(), "{}", String::from_utf8_lossy(&replay.stderr));
    assert!(String::from_utf8_lossy(&replay.stdout).contains("2 customers"));
    assert!(
        String::from_utf8_lossy(&replay.stderr).contains("line 4, lat"),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
}

/// `evaluate`: routes made elsewhere are priced with Lastmile's cost model and judged by the
/// checker. A plan the engine made evaluates to its own figures; the same routes with a cold
/// order moved onto a cargo bike are reported infeasible, naming the skill; unknown ids are
/// errors.
#[test]
fn evaluate_prices_and_checks_routes_made_elsewhere() {
    use lastmile_solver::generate::{city, CitySpec};
    use lastmile_solver::report::PlanReport;
    use lastmile_solver::{solve, SolveOptions};
    let problem = city(&CitySpec::lyon("cli-evaluate", 120, 3));
    let options = SolveOptions { max_iterations: 200, time_limit_ms: f64::INFINITY, ..Default::default() };
    let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
    let report = PlanReport::new(&problem, &plan);
    let dir = std::env::temp_dir().join(format!("lastmile-cli-evaluate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("day.json");
    std::fs::write(&scenario, lastmile_solver::formats::scenario::Scenario::from_problem(&problem).to_json_pretty())
        .unwrap();
    let evaluate = |routes: &serde_json::Value| {
        let file = dir.join("routes.json");
        std::fs::write(&file, routes.to_string()).unwrap();
        lastmile(&["evaluate", scenario.to_str().unwrap(), file.to_str().unwrap()])
    };
    let routes: Vec<serde_json::Value> =
        report.routes.iter().map(|r| serde_json::json!({"vehicle": r.vehicle, "stops": r.stops})).collect();

    let run = evaluate(&serde_json::json!({ "routes": routes }));
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let found: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(found["feasible"], true);
    assert_eq!(found["vehicles"].as_u64().unwrap() as usize, report.vehicles);
    assert_eq!(found["unassigned"].as_u64().unwrap() as usize, report.unassigned.len());
    assert!((found["cost"].as_f64().unwrap() - report.cost).abs() < 1e-6, "{found} against {}", report.cost);
    assert!((found["km"].as_f64().unwrap() - report.distance / 1000.0).abs() < 1e-6);

    // A cold order onto a cargo bike (bikes carry no skills).
    let cold = problem.skills.iter().position(|s| s == "cold").unwrap();
    let order =
        plan.routes.iter().flat_map(|r| &r.stops).find(|&&o| problem.orders[o].skills.iter().any(|s| s == cold));
    let order = problem.orders[*order.expect("a cold order is routed")].id.clone();
    let bike = problem.vehicles.iter().find(|v| v.kind == "cargo-bike").unwrap().id.clone();
    let mut moved: Vec<serde_json::Value> = routes
        .iter()
        .filter(|r| r["vehicle"] != bike.as_str())
        .map(|r| {
            let stops: Vec<&serde_json::Value> =
                r["stops"].as_array().unwrap().iter().filter(|s| **s != order).collect();
            serde_json::json!({"vehicle": r["vehicle"], "stops": stops})
        })
        .collect();
    moved.push(serde_json::json!({"vehicle": bike, "stops": [order]}));
    let run = evaluate(&serde_json::json!({ "routes": moved }));
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let found: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(found["feasible"], false);
    assert!(found["violation_kinds"]["skill"].as_u64().unwrap() >= 1, "{found}");
    assert!(String::from_utf8_lossy(&run.stderr).contains("INFEASIBLE"));

    let run = evaluate(&serde_json::json!({"routes": [{"vehicle": "no-such-van", "stops": []}]}));
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no-such-van"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `evaluate` reads what `solve --output` writes for a day in trips, reloads included: a
/// micro-hub plan evaluates to its own figures, feasible. The same plan with a shop-to-door
/// shipment left out counts it as `solve`'s report lists it, its pickup and its delivery (two
/// stops, both mandatory), and the objective's level once.
#[test]
fn evaluate_reads_reloads_and_counts_a_shipment_left_out_as_the_report_does() {
    use lastmile_solver::formats::scenario::Scenario;
    use lastmile_solver::generate::micro_hub;
    use lastmile_solver::plan::RouteByIds;
    use lastmile_solver::problem::Task;
    use lastmile_solver::report::PlanReport;
    use lastmile_solver::Plan;
    use serde_json::{json, Value};
    let problem = micro_hub("cli-evaluate-trips", 120, 3);
    let day = temp("evaluate-hub.json", &Scenario::from_problem(&problem).to_json_pretty());
    let solved = day.replace("evaluate-hub.json", "evaluate-hub-plan.json");
    let run = lastmile(&["solve", &day, "--iterations", "600", "--threads", "1", "--output", &solved]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let report: PlanReport = serde_json::from_str(&std::fs::read_to_string(&solved).unwrap()).unwrap();
    assert!(report.routes.iter().any(|r| !r.reloads.is_empty()), "bikes in trips");
    let evaluate = |file: &str| {
        let run = lastmile(&["evaluate", &day, file]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        serde_json::from_slice::<Value>(&run.stdout).unwrap()
    };
    let whole = evaluate(&solved);
    assert_eq!(whole["feasible"], true, "the reloads are read: {whole}");
    assert!((whole["cost"].as_f64().unwrap() - report.cost).abs() < 1e-6, "{whole} against {}", report.cost);
    assert_eq!(whole["unassigned"].as_u64().unwrap() as usize, report.unassigned.len());

    // A shipment out of the plan: its two stops go, the later reloads of its route move up.
    let shipment = |id: &String| match problem.orders.iter().find(|o| &o.id == id)?.task {
        Task::ShipmentDelivery { pickup } => Some((problem.orders[pickup].id.clone(), id.clone())),
        _ => None,
    };
    let (k, (pickup, delivery)) =
        report.routes.iter().enumerate().find_map(|(k, r)| r.stops.iter().find_map(shipment).map(|s| (k, s))).unwrap();
    let mut routes: Vec<RouteByIds> = Vec::new();
    let mut written = Vec::new();
    for (j, route) in report.routes.iter().enumerate() {
        let out = |id: &String| j == k && (*id == pickup || *id == delivery);
        let stops: Vec<String> = route.stops.iter().filter(|id| !out(id)).cloned().collect();
        let reloads: Vec<(usize, String)> = route
            .reloads
            .iter()
            .map(|r| {
                (r.before_stop - route.stops[..r.before_stop].iter().filter(|id| out(id)).count(), r.depot.clone())
            })
            .collect();
        let listed: Vec<Value> = reloads.iter().map(|(b, d)| json!({"before_stop": b, "depot": d})).collect();
        written.push(json!({"vehicle": route.vehicle, "stops": stops, "reloads": listed}));
        routes.push((route.vehicle.clone(), stops, reloads));
    }
    let without = temp("evaluate-hub-without.json", &json!({ "routes": written }).to_string());
    let found = evaluate(&without);
    let plan = Plan::from_ids_with_reloads(&problem, &routes).unwrap();
    let listed = PlanReport::new(&problem, &plan).unassigned;
    assert_eq!(listed.len(), report.unassigned.len() + 2, "the report lists the pickup and the delivery");
    assert_eq!(found["unassigned"].as_u64().unwrap() as usize, listed.len(), "{found}");
    let mandatory = |e: &Value| e["unassigned_mandatory"].as_u64().unwrap();
    assert_eq!(mandatory(&found), mandatory(&whole) + 2, "{found}");
    let weight = |e: &Value| e["missed_weight"].as_u64().unwrap();
    let priority = u64::from(problem.orders.iter().find(|o| o.id == delivery).unwrap().priority.max(1));
    assert_eq!(weight(&found), weight(&whole) + priority, "the objective counts the shipment once");
    assert_eq!(found["feasible"], true, "{found}");
}

/// `solve` takes CSV tables as the app does: bytes decoded (here Windows-1252), the report on
/// standard error, exit 2 only when nothing is plannable.
#[test]
fn solve_imports_csv_tables_in_any_encoding() {
    let dir = std::env::temp_dir().join(format!("lastmile-cli-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let orders = dir.join("auftraege.csv");
    std::fs::write(
        &orders,
        b"Auftragsnr;Empf\xe4nger;Breite;L\xe4nge;Gewicht kg;Priorit\xe4t\n\
          1;M\xfcller;52,5200;13,4050;12,5;hoch\n\
          2;Sch\xf6n;52,5290;13,4010;3;vielleicht\n",
    )
    .unwrap();
    let fleet = dir.join("fleet.csv");
    std::fs::write(&fleet, "id,Depot lat,Depot lon,count,Gewicht (kg)\nvan,52.51,13.40,2,500\n").unwrap();
    let output = dir.join("plan.json");
    let run = lastmile(&[
        "solve",
        orders.to_str().unwrap(),
        fleet.to_str().unwrap(),
        "--time-limit",
        "0.2",
        "--output",
        output.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("2 orders, 2 vehicles and 1 depot"), "{stderr}");
    assert!(stderr.contains("encoding: read as Windows-1252"), "{stderr}");
    assert!(stderr.contains("auftraege.csv, line 3, Priorität: \"vielleicht\" is not a priority"), "{stderr}");
    let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(plan["unassigned"].as_array().map(Vec::len), Some(0), "{plan}");

    let addresses = dir.join("addresses.csv");
    std::fs::write(&addresses, "id,address\na,1 Main Street\nb,2 Main Street\n").unwrap();
    let run = lastmile(&["solve", addresses.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("2 orders have an address but no coordinates"), "{stderr}");
}

/// `simulate` plans a city day and prints the scorecard of its day; the same seeds print the
/// same table, another day seed another one; a spread out of range is refused in words.
#[test]
fn simulate_prints_the_days_scorecard_and_repeats_by_seed() {
    let day = temp("sim-day.json", &{
        let problem = lastmile_solver::generate::city(&lastmile_solver::generate::CitySpec::lyon("sim", 120, 2));
        lastmile_solver::formats::scenario::Scenario::from_problem(&problem).to_json_pretty()
    });
    let table = |day_seed: &str| {
        let run = lastmile(&["simulate", &day, "--iterations", "200", "--day-seed", day_seed]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        String::from_utf8(run.stdout).unwrap()
    };
    let first = table("4");
    assert_eq!(first, table("4"));
    assert_ne!(first, table("5"));
    for figure in ["| deliveries |", "| on time |", "| alerts raised |", "| ETA error 30 min ahead (mean / p90) |"] {
        assert!(first.contains(figure), "{figure} in\n{first}");
    }
    let bad = lastmile(&["simulate", &day, "--travel-spread", "-1"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--travel-spread must be between 0 and 2"));
}

/// With a breakdown and same-day orders, `simulate` compares the ways of reacting side by side:
/// without re-planning every same-day order is refused, with it some are delivered; a plan
/// document exported by the app is driven as it is planned.
#[test]
fn simulate_compares_the_ways_of_reacting() {
    let problem = lastmile_solver::generate::city(&lastmile_solver::generate::CitySpec::lyon("react", 150, 3));
    let options = lastmile_solver::search::SolveOptions {
        max_iterations: 300,
        time_limit_ms: f64::INFINITY,
        ..Default::default()
    };
    let plan = lastmile_solver::search::solve(&problem, &options, &|| 0.0, &mut |_| true);
    let document = temp("react-plan.json", &lastmile_solver::export::plan_json(&problem, &plan));
    let args = ["simulate", &document, "--same-day", "20", "--breakdowns", "1", "--replan-iterations", "100"];
    let run = lastmile(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
    let vehicles = plan.routes.iter().filter(|r| !r.stops.is_empty()).count();
    assert!(stderr.contains(&format!("{routed} orders planned on {vehicles} vehicles")), "{stderr}");
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(table.contains(
        "| figure | no re-planning | re-plan, same-day at once | re-plan, same-day every 30 min | re-plan, same-day every 30 min, postponing |"
    ), "{table}");
    let row = |figure: &str| -> Vec<String> {
        let line = table.lines().find(|l| l.starts_with(&format!("| {figure} |"))).expect(figure);
        line.split('|').skip(2).map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
    };
    let same_day = row("same-day orders delivered");
    assert_eq!(same_day[0], "0 of 20");
    assert!(same_day[1..].iter().all(|c| c.ends_with(" of 20") && c != "0 of 20"), "{same_day:?}");
    assert_eq!(row("re-plans")[0], "0");
    assert_eq!(table, String::from_utf8(lastmile(&args).stdout).unwrap(), "the same seed, the same table");
}

/// `--failed-delivery` sets what becomes of a parcel nobody took: at a locker every door
/// nobody answered ends in a locker drop (or a breakdown), and an events file can name a
/// customer who is out; a policy that does not exist is refused, naming the ones that do.
#[test]
fn simulate_follows_the_failed_delivery_policy() {
    let problem = lastmile_solver::generate::city(&lastmile_solver::generate::CitySpec::lyon("doors", 120, 5));
    let options = lastmile_solver::search::SolveOptions {
        max_iterations: 200,
        time_limit_ms: f64::INFINITY,
        ..Default::default()
    };
    let plan = lastmile_solver::search::solve(&problem, &options, &|| 0.0, &mut |_| true);
    let document = temp("doors-plan.json", &lastmile_solver::export::plan_json(&problem, &plan));
    let out = &problem.orders[plan.routes.iter().find(|r| r.stops.len() > 3).unwrap().stops[2]].id;
    let events = temp("doors-events.json", &format!(r#"{{"events": [{{"type": "absent", "order": "{out}"}}]}}"#));
    let args = [
        "simulate",
        &document,
        "--absent",
        "0.2",
        "--failed-delivery",
        "locker",
        "--events",
        &events,
        "--replan-iterations",
        "50",
    ];
    let run = lastmile(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("nobody in at order {out}: left at locker")), "{stderr}");
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(table.contains("nobody in: left at a parcel locker"), "{table}");
    let row = |figure: &str| -> Vec<usize> {
        let line = table.lines().find(|l| l.starts_with(&format!("| {figure} |"))).expect(figure);
        line.split('|').skip(2).filter_map(|c| c.trim().parse().ok()).collect()
    };
    let (out_first, lockers, back) = (
        row("nobody in at the first attempt"),
        row("left at a parcel locker"),
        row("failed: nobody in, back to the depot"),
    );
    assert_eq!(out_first.len(), 4);
    for k in 0..4 {
        assert!(out_first[k] > 0 && lockers[k] > 0 && lockers[k] + back[k] <= out_first[k], "{table}");
    }
    let bad = lastmile(&["simulate", &document, "--failed-delivery", "neighbour"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not one of next-day, reattempt, locker"));
}

/// One scenario file gets the import report the app shows: a far order is kept and said to be
/// far; a default fleet is reported without an empty file name.
#[test]
fn solve_reports_what_one_file_kept_with_a_default() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let run = lastmile(&["solve", &format!("{corpus}/scenario_far.json"), "--iterations", "50"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("scenario_far.json, orders[2] (id \"o3\"): far from the rest"), "{stderr}");
    assert!(stderr.contains("far from the rest: latitude and longitude swapped?"), "{stderr}");
    let run = lastmile(&["solve", &format!("{corpus}/swapped.csv"), "--iterations", "50"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("warning: vehicles: no vehicle: "), "{stderr}");
    assert!(!stderr.contains(": , "), "{stderr}");
}

/// A small Li & Lim file: four pairs, numbered as the benchmark numbers tasks (pickups and
/// deliveries mixed, some deliveries before their pickups in the file).
const LI_LIM: &str = "3\t20\t1
0\t50\t50\t0\t0\t1000\t0\t0\t0
1\t45\t68\t-10\t0\t1000\t10\t5\t0
2\t42\t66\t10\t0\t1000\t10\t0\t7
3\t40\t69\t20\t0\t1000\t10\t0\t4
4\t38\t70\t-20\t0\t1000\t10\t3\t0
5\t25\t85\t10\t0\t1000\t10\t0\t1
6\t22\t75\t5\t0\t1000\t10\t0\t8
7\t20\t80\t-10\t0\t1000\t10\t2\t0
8\t18\t75\t-5\t0\t1000\t10\t6\t0
";

#[test]
fn solve_reads_li_lim_files_and_answers_in_task_numbers() {
    let input = temp("lc-tiny.txt", LI_LIM);
    for format in [None, Some("lilim"), Some("pdptw")] {
        let output = input.replace("lc-tiny.txt", &format!("lc-tiny-{}.json", format.unwrap_or("guessed")));
        let mut args = vec!["solve", &input, "--iterations", "50", "--threads", "1", "--output", &output];
        args.extend(format.iter().flat_map(|f| ["--format", f]));
        let run = lastmile(&args);
        let said = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{said}");
        assert!(!said.contains("error"), "a Li & Lim file is no table to import: {said}");
        let plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
        let stops = plan["routes"].as_array().unwrap().iter().flat_map(|r| r["stops"].as_array().unwrap().clone());
        let left_out = plan["unassigned"].as_array().unwrap().iter().map(|u| u["id"].clone());
        let mut ids: Vec<u32> = stops.chain(left_out).map(|id| id.as_str().unwrap().parse().unwrap()).collect();
        ids.sort_unstable();
        assert_eq!(ids, (1..=8).collect::<Vec<_>>(), "every task by its number, once; the depot not listed");
        // Every pair on one route, its pickup first.
        for (pickup, delivery) in [("5", "1"), ("2", "7"), ("3", "4"), ("6", "8")] {
            let at = |id: &str| {
                plan["routes"].as_array().unwrap().iter().enumerate().find_map(|(r, route)| {
                    route["stops"].as_array().unwrap().iter().position(|s| s == id).map(|k| (r, k))
                })
            };
            let (p, d) = (at(pickup).unwrap(), at(delivery).unwrap());
            assert!(p.0 == d.0 && p.1 < d.1, "pickup {pickup} at {p:?}, delivery {delivery} at {d:?}");
        }
    }
    let broken = temp("lc-broken.txt", &LI_LIM.replace("7\t20\t80\t-10", "7\t20\t80\t-15"));
    let run = lastmile(&["solve", &broken]);
    assert_eq!(run.status.code(), Some(2));
    let message = String::from_utf8_lossy(&run.stderr);
    assert!(message.contains("lc-broken.txt: line 9, DEMAND: task 2 (line 4) picks up 10"), "{message}");
}

#[test]
fn bench_reads_solomon_and_li_lim_files_side_by_side() {
    let dir = std::env::temp_dir().join(format!("lastmile-cli-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("LC0.txt"), LI_LIM).unwrap();
    let solomon_text = solomon::write(&generate(&InstanceSpec::solomon_like("S0", 10, 2)));
    std::fs::write(dir.join("S0.txt"), solomon_text).unwrap();
    std::fs::write(dir.join("bks.csv"), "instance,customers,vehicles,distance\nLC0,8,1,300.5\n").unwrap();
    let dir = dir.display().to_string();
    let run = lastmile(&["bench", &dir, "--time-limit", "0.1", "--threads", "1"]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.lines().any(|l| l.starts_with("| LC0 | 8 | ") && l.contains("| 300.50 |")), "{out}");
    assert!(out.lines().any(|l| l.starts_with("| S0 | 10 | ")), "{out}");
    let run = lastmile(&["bench", &dir, "--time-limit", "0.1", "--format", "solomon"]);
    assert_eq!(run.status.code(), Some(2), "a Li & Lim file read as Solomon");
    assert!(String::from_utf8_lossy(&run.stderr).contains("LC0.txt"));
    let run = lastmile(&["bench", &dir, "--format", "vroom"]);
    assert_eq!(run.status.code(), Some(2));
}

/// A micro-hub day (cargo bikes that reload at the hub, returns, store-to-door shipments):
/// `simulate` drives its trips, with a breakdown, same-day orders and same-day collections, under
/// every way of reacting; every order of the day has one outcome in each column, the bikes
/// reload, and re-planning fetches collections.
#[test]
fn simulate_drives_a_micro_hub_day_in_trips() {
    use serde_json::json;
    let (mut orders, mut shipments) = (Vec::new(), 0);
    for k in 0..24 {
        let (dx, dy) = ((k % 6) as f64 * 0.004 - 0.01, (k / 6) as f64 * 0.004 - 0.006);
        let mut order =
            json!({"id": format!("o{k}"), "lat": 45.76 + dy, "lon": 4.84 + dx, "demand": 20, "service": 120});
        if k % 6 == 5 {
            order["type"] = json!("return");
        } else if k % 8 == 3 {
            order["pickup"] = json!({"id": format!("shop{k}"), "lat": 45.762, "lon": 4.835, "service": 60});
            shipments += 1;
        }
        orders.push(order);
    }
    let doc = json!({
        "format": "lastmile-scenario", "version": 1, "name": "micro-hub",
        "profiles": [{"name": "bike", "speed_kmh": 15}],
        "depots": [{"id": "hub", "lat": 45.76, "lon": 4.84, "opening": ["07:00", "20:00"]}],
        "orders": orders,
        "vehicles": [{"id": "bike", "count": 3, "profile": "bike", "capacity": 100, "shift": ["08:00", "18:00"],
                      "reload": {"duration": "00:10", "max_trips": 5}}]
    });
    let day = temp("micro-hub.json", &doc.to_string());
    let args = [
        "simulate",
        &day,
        "--iterations",
        "2000",
        "--breakdowns",
        "1",
        "--same-day",
        "6",
        "--same-day-collections",
        "4",
        "--replan-iterations",
        "200",
    ];
    let run = lastmile(&args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("broke down"), "{stderr}");
    let table = String::from_utf8(run.stdout).unwrap();
    let row = |figure: &str| -> Vec<usize> {
        let line = table.lines().find(|l| l.starts_with(&format!("| {figure} |"))).expect(figure);
        line.split('|').skip(2).map(|c| c.trim()).filter(|c| !c.is_empty()).map(|c| c.parse().unwrap()).collect()
    };
    let reloads = row("reloads between trips");
    assert!(reloads.iter().all(|&n| n > 0), "{table}");
    // 24 orders (a shipment's pickup is an order of its own), and 6 same-day ones: one outcome each.
    let outcomes: Vec<usize> = [
        "deliveries",
        "failed: nobody in, back to the depot",
        "failed: vehicle broke down",
        "cancelled before the vehicle left for them",
        "not sent out",
    ]
    .iter()
    .map(|figure| row(figure))
    .fold(vec![0; reloads.len()], |sum, column| sum.iter().zip(&column).map(|(a, b)| a + b).collect());
    assert!(outcomes.iter().all(|&n| n == 24 + shipments + 6 + 4), "{outcomes:?}\n{table}");
    // Same-day collections (a shop asks for goods to be fetched): none without re-planning.
    let line = table.lines().find(|l| l.starts_with("| same-day collections made |")).expect("collections row");
    let made: Vec<&str> = line.split('|').skip(2).map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(made[0], "0 of 4", "{table}");
    assert!(made[1..].iter().all(|c| c.ends_with(" of 4") && *c != "0 of 4"), "{made:?}");
    assert_eq!(table, String::from_utf8(lastmile(&args).stdout).unwrap(), "the same seed, the same table");
}
