//! Exports of a solved city day: each parses back with an ordinary reader and agrees with the plan.

use std::collections::HashMap;

use lastmile_solver::export::{geojson, manifest, plan_csv, plan_json, read_plan_json};
use lastmile_solver::formats::scenario::Scenario;
use lastmile_solver::generate::{city, generate, CitySpec, InstanceSpec};
use lastmile_solver::{solve, Plan, Problem, SolveOptions};

fn solved(problem: &Problem) -> Plan {
    let options = SolveOptions { max_iterations: 200, time_limit_ms: f64::INFINITY, ..Default::default() };
    solve(problem, &options, &|| 0.0, &mut |_| true)
}

fn city_day() -> (Problem, Plan) {
    let problem = city(&CitySpec::lyon("Lyon export", 150, 11));
    let plan = solved(&problem);
    assert!(!plan.routes.is_empty());
    (problem, plan)
}

/// The error of a read that must fail (without printing the whole scenario when it does not).
fn refused<T>(result: Result<T, lastmile_solver::formats::ParseError>) -> lastmile_solver::formats::ParseError {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn stops(plan: &Plan) -> usize {
    plan.routes.iter().map(|r| r.stops.len()).sum()
}

#[test]
fn plan_csv_has_a_row_per_stop_and_per_unassigned_order() {
    let (problem, plan) = city_day();
    let text = plan_csv(&problem, &plan);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    for name in ["vehicle", "vehicle_type", "sequence", "order_id", "lat", "lon", "arrival", "service_start"] {
        column(name);
    }
    for name in ["departure", "window_start", "window_end", "waiting", "load_after_kg", "load_after_parcels"] {
        column(name);
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), stops(&plan) + plan.unassigned.len());

    // The routed rows, in plan order, with 1-based sequences and HH:MM:SS times.
    let mut k = 0;
    for route in &plan.routes {
        for (s, &o) in route.stops.iter().enumerate() {
            let row = &rows[k];
            assert_eq!(&row[column("vehicle")], problem.vehicles[route.vehicle].id);
            assert_eq!(&row[column("order_id")], problem.orders[o].id);
            assert_eq!(row[column("sequence")].parse::<usize>().unwrap(), s + 1);
            let arrival = &row[column("arrival")];
            assert!(arrival.len() == 8 && arrival.as_bytes()[2] == b':', "{arrival}");
            assert!(row[column("reason")].is_empty());
            k += 1;
        }
    }
    for (u, row) in plan.unassigned.iter().zip(&rows[k..]) {
        assert_eq!(&row[column("order_id")], problem.orders[u.order].id);
        assert_eq!(&row[column("reason")], u.reason.code());
        assert!(row[column("vehicle")].is_empty());
    }
}

#[test]
fn geojson_draws_a_line_per_route_and_a_point_per_stop_and_depot() {
    let (problem, plan) = city_day();
    let text = serde_json::to_string(&geojson(&problem, &plan)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["type"], "FeatureCollection");
    let features = value["features"].as_array().unwrap();
    let of = |kind: &str| features.iter().filter(|f| f["properties"]["feature"] == kind).collect::<Vec<_>>();
    let lines: Vec<_> = features.iter().filter(|f| f["geometry"]["type"] == "LineString").collect();
    assert_eq!(lines.len(), plan.routes.len());
    assert_eq!(of("route").len(), plan.routes.len());
    assert_eq!(of("stop").len(), stops(&plan));
    assert_eq!(of("depot").len(), problem.depots.len());
    assert_eq!(of("unassigned").len(), plan.unassigned.len());
    for (line, route) in lines.iter().zip(&plan.routes) {
        let coordinates = line["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(coordinates.len(), route.stops.len() + 2, "depot, stops, depot");
        let first = problem.points[problem.orders[route.stops[0]].location];
        assert_eq!(coordinates[1], serde_json::json!([first.x, first.y]), "[lon, lat]");
        assert_eq!(line["properties"]["stops"], route.stops.len());
        assert!(line["properties"]["distance_m"].as_f64().unwrap() > 0.0);
    }
    assert!(value.get("properties").is_none(), "geographic: no planar note");

    let planar = generate(&InstanceSpec::solomon_like("P", 20, 3));
    let value = geojson(&planar, &solved(&planar));
    assert_eq!(value["properties"]["crs"], "planar");
}

#[test]
fn plan_json_reads_back_to_the_identical_plan() {
    let (problem, plan) = city_day();
    let text = plan_json(&problem, &plan);
    let (scenario, back) = read_plan_json("plan.json", &text).unwrap();
    assert_eq!(back, plan);
    assert_eq!(scenario, Scenario::from_problem(&problem));

    // Unknown ids are named; so are orders planned twice or not at all.
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let broken = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut doc = doc.clone();
        edit(&mut doc);
        refused(read_plan_json("plan.json", &doc.to_string()))
    };
    let err = broken(&|d| d["plan"]["routes"][0]["stops"][0] = "nobody".into());
    assert!(err.message.contains("\"nobody\"") && err.message.contains("no order"), "{err}");
    let err = broken(&|d| d["plan"]["routes"][0]["vehicle"] = "ghost".into());
    assert_eq!(err.field, "plan.routes[0].vehicle", "{err}");
    assert!(err.message.contains("ghost"), "{err}");
    let err = broken(&|d| d["plan"]["routes"][1]["stops"][0] = d["plan"]["routes"][0]["stops"][0].clone());
    assert!(err.message.contains("more than once"), "{err}");
    if !plan.unassigned.is_empty() {
        let err = broken(&|d| d["plan"]["unassigned"] = serde_json::json!([]));
        assert!(err.message.contains("neither routed nor unassigned"), "{err}");
    }
    let err = broken(&|d| d["version"] = 2.into());
    assert_eq!(err.field, "version");
    let err = refused(read_plan_json("plan.json", "{\"format\": \"lastmile-scenario\"}"));
    assert_eq!(err.field, "format");
}

#[test]
fn manifests_load_in_reverse_delivery_order() {
    let (problem, plan) = city_day();
    for route in &plan.routes {
        let m = manifest(&problem, &plan, route.vehicle).unwrap();
        let json = serde_json::to_value(&m).unwrap();
        assert!(json.get("return").is_some());
        let order_ids: Vec<&str> = route.stops.iter().map(|&o| problem.orders[o].id.as_str()).collect();
        let delivered: Vec<&str> = m.stops.iter().map(|s| s.order.as_str()).collect();
        assert_eq!(delivered, order_ids);
        let mut loading: Vec<&str> = m.loading_order.iter().map(String::as_str).collect();
        loading.reverse();
        assert_eq!(loading, order_ids, "last stop loaded first");
        let total: f64 = m.stops.iter().map(|s| s.demand[0]).sum();
        assert!((m.total_load[0] - total).abs() < 1e-6);
        assert_eq!(m.stops.iter().map(|s| s.sequence).collect::<Vec<_>>(), (1..=m.stops.len()).collect::<Vec<_>>());
    }
    let unused = (0..problem.vehicles.len()).find(|v| plan.routes.iter().all(|r| r.vehicle != *v));
    if let Some(v) = unused {
        assert!(manifest(&problem, &plan, v).unwrap().stops.is_empty());
    }
    assert!(manifest(&problem, &plan, problem.vehicles.len()).is_none());
    // Every routed order appears in exactly one manifest.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for v in 0..problem.vehicles.len() {
        for s in manifest(&problem, &plan, v).unwrap().stops {
            *seen.entry(s.order).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), stops(&plan));
    assert!(seen.values().all(|&n| n == 1));
}
