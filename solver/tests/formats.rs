//! File formats end to end: Lastmile's scenario JSON (every feature, every validation error, the
//! round trip through a problem), VROOM problems in and solutions out, OSRM tables attached to a
//! scenario, and the CLI reading them.

use std::process::Command;

use lastmile_solver::checker::violations;
use lastmile_solver::formats::scenario::{self, Scenario, UNLIMITED};
use lastmile_solver::formats::{osrm, read, solomon, vroom, Format};
use lastmile_solver::generate::{city, generate, CitySpec, InstanceSpec};
use lastmile_solver::problem::{Break, Problem, Task, TimeWindow};
use lastmile_solver::travel::Matrix;
use lastmile_solver::units::{to_load, to_ticks};
use lastmile_solver::{solve, Plan, SolveOptions};
use serde_json::{json, Value};

const HOUR: f64 = 3600.0;

fn hours(h: f64) -> i64 {
    to_ticks(h * HOUR)
}

/// Every scenario feature at once: two depots, two profiles (one with an imported matrix holding
/// a null), two dimensions, multiple windows, skills, a break, range, an optional order, a fixed
/// depot, ISO times and a vehicle count.
fn full() -> Value {
    json!({
        "format": "lastmile-scenario", "version": 1, "name": "Lyon, Tuesday",
        "coordinates": "geographic",
        "dimensions": ["kg", "parcels"],
        "profiles": [{"name": "van", "speed_kmh": 30, "circuity": 1.3}, {"name": "bike", "speed_kmh": 15, "circuity": 1.2}],
        "matrices": [{"profile": "bike",
            "durations": [[0, 600, 300, 400, 500, 700], [600, 0, 300, 400, 500, null], [300, 300, 0, 100, 200, 300],
                          [400, 400, 100, 0, 100, 200], [500, 500, 200, 100, 0, 100], [700, 800, 300, 200, 100, 0]],
            "distances": [[0, 2500, 1200, 1600, 2000, 2800], [2500, 0, 1200, 1600, 2000, null], [1200, 1200, 0, 400, 800, 1200],
                          [1600, 1600, 400, 0, 400, 800], [2000, 2000, 800, 400, 0, 400], [2800, 3200, 1200, 800, 400, 0]]}],
        "depots": [
            {"id": "D1", "lat": 45.76, "lon": 4.83, "opening": ["07:00", "20:00"]},
            {"id": "D2", "lat": 45.74, "lon": 4.87}
        ],
        "orders": [
            {"id": "o1", "lat": 45.75, "lon": 4.85, "demand": [12, 1], "service": 300,
             "windows": [["14:00", "16:00"], ["09:00", "11:00"]], "skills": ["cold"], "priority": 2},
            {"id": "o2", "lat": 45.752, "lon": 4.842, "demand": 5, "service": "5m",
             "window": ["2026-11-24T10:00", "2026-11-24T12:00:00+01:00"], "depot": "D2"},
            {"id": "o3", "lat": 45.761, "lon": 4.851, "demand": [1, 1], "service": "00:05", "optional": true, "value": 12.5},
            {"id": "o4", "lat": 45.748, "lon": 4.861, "demand": [2, 1], "window": ["2026-11-25T09:00", null],
             "some_future_field": {"ignored": true}}
        ],
        "vehicles": [
            {"id": "van", "count": 2, "kind": "van", "profile": "van", "capacity": [800, 60], "start": "D1",
             "shift": ["08:00", "17:00"], "break": {"duration": "30m", "window": ["12:00", "14:00"]},
             "max_duration": "8h", "skills": ["cold"], "costs": {"fixed": 50, "per_km": 0.35, "per_hour": 22},
             "co2_g_per_km": 180},
            {"id": "bike", "profile": "bike", "capacity": [100, null], "start": "D2", "end": "D1",
             "max_distance_km": 40, "shift": ["08:00", "18:00"]}
        ],
        "note": null
    })
}

fn problem_of(doc: &Value) -> Problem {
    scenario::parse("lyon.json", &doc.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_scenario_with_every_feature_becomes_the_problem_it_describes() {
    let p = problem_of(&full());
    assert_eq!(p.name, "Lyon, Tuesday");
    assert_eq!(p.points.len(), 6, "2 depots + 4 orders");
    assert_eq!((p.points[0].x, p.points[0].y), (4.83, 45.76), "x = lon, y = lat");
    assert_eq!(p.depots[0].opening, TimeWindow::new(hours(7.0), hours(20.0)));
    assert_eq!(p.depots[1].opening, TimeWindow::ALWAYS);
    assert_eq!(p.dimensions, ["kg", "parcels"]);
    assert_eq!(p.skills, ["cold"]);

    let [o1, o2, o3, o4] = [&p.orders[0], &p.orders[1], &p.orders[2], &p.orders[3]];
    assert_eq!(o1.location, 2);
    assert_eq!(o1.demand, [to_load(12.0), to_load(1.0), 0]);
    assert_eq!(o1.service, to_ticks(300.0));
    assert_eq!(
        o1.windows.as_slice(),
        &[TimeWindow::new(hours(9.0), hours(11.0)), TimeWindow::new(hours(14.0), hours(16.0))],
        "sorted"
    );
    assert_eq!(o1.priority, 2);
    assert_eq!(o2.demand, [to_load(5.0), 0, 0]);
    assert_eq!(o2.service, to_ticks(300.0));
    assert_eq!(o2.windows.as_slice(), &[TimeWindow::new(hours(10.0), hours(12.0))], "clock time as written");
    assert_eq!(o2.depot, Some(1));
    assert_eq!(o3.value, Some(12_500_000), "optional, worth 12.5");
    assert!(o3.is_optional() && !o1.is_optional());
    assert_eq!(o3.service, to_ticks(300.0));
    assert_eq!(
        o4.windows.as_slice(),
        &[TimeWindow::new(hours(24.0 + 9.0), lastmile_solver::units::HORIZON)],
        "next day"
    );

    let ids: Vec<&str> = p.vehicles.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["van-1", "van-2", "bike"]);
    let (van, bike) = (&p.vehicles[0], &p.vehicles[2]);
    assert!(p.same_vehicle_kind(0, 1));
    assert_eq!(van.kind, "van");
    assert_eq!(bike.kind, "bike");
    assert_eq!((van.profile, bike.profile), (0, 1));
    assert_eq!(van.capacity, [to_load(800.0), to_load(60.0), 0]);
    assert_eq!(bike.capacity, [to_load(100.0), UNLIMITED, 0]);
    assert_eq!(van.shift, TimeWindow::new(hours(8.0), hours(17.0)));
    assert_eq!(van.rest, Some(Break { duration: to_ticks(1800.0), window: TimeWindow::new(hours(12.0), hours(14.0)) }));
    assert_eq!(van.max_duration, Some(hours(8.0)));
    assert_eq!(bike.max_distance, Some(to_ticks(40_000.0)));
    assert_eq!((bike.start_depot, bike.end_depot), (1, 0));
    assert_eq!(van.costs.fixed, 50_000_000);
    assert_eq!(van.costs.per_distance, 0.35 / 1000.0);
    assert_eq!(van.costs.per_time, 22.0 / 3600.0);
    assert_eq!(bike.costs.per_distance, 1.0 / 1000.0, "default: 1 per km");
    assert_eq!(van.co2_per_km, 180.0);

    // Who may carry what.
    assert!(p.compatible(0, 0) && !p.compatible(0, 2), "o1 needs cold: vans have it, the bike not");
    assert!(!p.compatible(1, 0) && p.compatible(1, 2), "o2 is loaded at D2, where only the bike starts");
    assert!(p.compatible(3, 0) && !p.compatible(3, 2), "the bike's table cannot reach o4 from D2");

    // Travel: the imported table for the bike, great-circle × 1.3 at 30 km/h for the vans.
    let bike_m = &p.profiles[1].matrix;
    assert_eq!((bike_m.time(0, 2), bike_m.dist(0, 2)), (to_ticks(300.0), to_ticks(1200.0)));
    assert!(!bike_m.reachable(1, 5));
    let estimate = Matrix::great_circle(&p.points, 1.3, 30.0);
    assert_eq!(p.profiles[0].matrix.dist(0, 3), estimate.dist(0, 3));
    assert_eq!(p.profiles[0].matrix.time(3, 0), estimate.time(3, 0));
}

/// A scenario's currency is kept, shown with its costs, and written back.
#[test]
fn the_currency_travels_from_the_scenario_to_the_report_and_back() {
    let mut doc = full();
    doc["currency"] = json!("EUR");
    let problem = problem_of(&doc);
    assert_eq!(problem.currency, "EUR");
    let plan = lastmile_solver::Plan::from_ids(&problem, &[]).unwrap();
    assert_eq!(lastmile_solver::report::PlanReport::new(&problem, &plan).currency, "EUR");
    assert_eq!(scenario::Scenario::from_problem(&problem).currency, "EUR");
    assert_eq!(problem_of(&full()).currency, "", "not said: none shown");
}

#[test]
fn defaults_fill_a_minimal_scenario_and_zero_orders_is_valid() {
    let doc = json!({
        "depots": [{"id": "D", "lat": 48.85, "lon": 2.35}],
        "vehicles": [{"id": "v"}],
        "orders": []
    });
    let p = problem_of(&doc);
    assert!(p.orders.is_empty());
    assert_eq!(p.dimensions, ["parcels"]);
    assert_eq!(p.profiles[0].name, "car");
    assert_eq!(p.vehicles[0].capacity[0], UNLIMITED);
    assert_eq!(p.vehicles[0].shift, TimeWindow::ALWAYS);
    let plan = solve(&p, &SolveOptions::default(), &|| 0.0, &mut |_| true);
    assert!(plan.routes.iter().all(|r| r.stops.is_empty()) && plan.unassigned.is_empty());
}

#[test]
fn planar_scenarios_follow_the_benchmark_convention() {
    let doc = json!({
        "coordinates": "planar",
        "depots": [{"id": "0", "x": 0, "y": 0, "opening": [0, 100]}],
        "orders": [{"id": "1", "x": 3, "y": 4, "demand": 5, "service": 10, "window": [0, 50]}],
        "vehicles": [{"id": "v", "capacity": 10, "max_distance": 30, "costs": {"per_time": 0.5}}]
    });
    let p = problem_of(&doc);
    assert_eq!(p.default_matrix().dist(0, 1), to_ticks(5.0));
    assert_eq!(p.default_matrix().time(0, 1), to_ticks(5.0));
    assert_eq!(p.vehicles[0].costs.per_distance, 1.0);
    assert_eq!(p.vehicles[0].costs.per_time, 0.5);
    assert_eq!(p.vehicles[0].max_distance, Some(to_ticks(30.0)));
    let mut clock = doc.clone();
    clock["orders"][0]["window"] = json!(["09:00", 50]);
    let err = scenario::parse("p.json", &clock.to_string()).unwrap_err();
    assert_eq!(err.field, "orders[0] (id \"1\").window");
    assert!(err.message.contains("plain numbers"), "{err}");
}

/// Applies `change` to the full scenario and returns the error it must cause.
fn error_after(change: impl FnOnce(&mut Value)) -> lastmile_solver::formats::ParseError {
    let mut doc = full();
    change(&mut doc);
    match scenario::parse("bad.json", &doc.to_string()) {
        Ok(_) => panic!("accepted: {doc}"),
        Err(e) => e,
    }
}

/// A change to the full scenario that makes it invalid.
type Change = Box<dyn FnOnce(&mut Value)>;

#[test]
fn every_validation_error_names_its_field() {
    let cases: Vec<(Change, &str, &str)> = vec![
        (Box::new(|d| d["orders"][1]["id"] = json!("o1")), r#"orders[1] (id "o1").id"#, "duplicate"),
        (Box::new(|d| d["currency"] = json!("euros of the realm")), "currency", "currency code or symbol"),
        (Box::new(|d| d["vehicles"][1]["id"] = json!("van-2")), r#"vehicles[1] (id "van-2").id"#, "van-2"),
        (Box::new(|d| d["depots"][1]["id"] = json!("D1")), r#"depots[1] (id "D1").id"#, "duplicate"),
        (Box::new(|d| d["orders"][0]["lat"] = json!(95.0)), r#"orders[0] (id "o1").lat"#, "-90..90"),
        (Box::new(|d| d["depots"][0]["lon"] = json!(-200)), r#"depots[0] (id "D1").lon"#, "-180..180"),
        (Box::new(|d| d["orders"][2]["lon"] = Value::Null), r#"orders[2] (id "o3").lat"#, "lon"),
        (Box::new(|d| d["orders"][0]["demand"] = json!([12, -1])), r#"orders[0] (id "o1").demand"#, "negative"),
        (Box::new(|d| d["orders"][0]["demand"] = json!([1, 2, 3])), r#"orders[0] (id "o1").demand"#, "dimensions"),
        (Box::new(|d| d["orders"][0]["service"] = json!(-5)), r#"orders[0] (id "o1").service"#, "negative"),
        (Box::new(|d| d["orders"][0]["service"] = json!("soon")), r#"orders[0] (id "o1").service"#, "duration"),
        (Box::new(|d| d["vehicles"][0]["capacity"] = json!(-1)), r#"vehicles[0] (id "van").capacity"#, "negative"),
        (
            Box::new(|d| d["orders"][0]["windows"][1] = json!(["11:00", "09:00"])),
            r#"orders[0] (id "o1").windows[1]"#,
            "before it starts",
        ),
        (
            Box::new(|d| d["orders"][0]["windows"][0] = json!(["9"])),
            r#"orders[0] (id "o1").windows[0]"#,
            "[start, end]",
        ),
        (
            Box::new(|d| d["orders"][0]["window"] = json!(["09:00", "10:00"])),
            r#"orders[0] (id "o1").window"#,
            "not both",
        ),
        (Box::new(|d| d["orders"][1]["depot"] = json!("D9")), r#"orders[1] (id "o2").depot"#, "D9"),
        (Box::new(|d| d["vehicles"][0]["start"] = json!("D9")), r#"vehicles[0] (id "van").start"#, "D9"),
        (Box::new(|d| d["vehicles"][1]["end"] = json!("nowhere")), r#"vehicles[1] (id "bike").end"#, "nowhere"),
        (Box::new(|d| d["vehicles"][0]["profile"] = json!("truck")), r#"vehicles[0] (id "van").profile"#, "truck"),
        (
            Box::new(|d| d["vehicles"][0]["break"]["window"] = json!(["18:00", "19:00"])),
            r#"vehicles[0] (id "van").break.window"#,
            "outside the shift",
        ),
        (
            Box::new(|d| d["vehicles"][0]["break"]["duration"] = json!("10h")),
            r#"vehicles[0] (id "van").break.duration"#,
            "longer than the shift",
        ),
        (Box::new(|d| d["dimensions"] = json!(["a", "b", "c", "d"])), "dimensions", "1 to 3"),
        (Box::new(|d| d["dimensions"] = json!([])), "dimensions", "1 to 3"),
        (Box::new(|d| d["vehicles"][0]["count"] = json!(0)), r#"vehicles[0] (id "van").count"#, "1 to 10000"),
        (Box::new(|d| d["vehicles"][0]["count"] = json!(10001)), r#"vehicles[0] (id "van").count"#, "1 to 10000"),
        (Box::new(|d| d["vehicles"] = json!([])), "vehicles", "no vehicles"),
        (Box::new(|d| d["depots"] = json!([])), "depots", "no depots"),
        (Box::new(|d| d["format"] = json!("vroom")), "format", "lastmile-scenario"),
        (Box::new(|d| d["version"] = json!(2)), "version", "reads version 1"),
        (Box::new(|d| d["orders"][0]["priority"] = json!(0)), r#"orders[0] (id "o1").priority"#, "at least 1"),
        (Box::new(|d| d["orders"][2]["value"] = json!(-3)), r#"orders[2] (id "o3").value"#, "negative"),
        (
            Box::new(|d| d["matrices"][0]["durations"].as_array_mut().unwrap().pop().map(drop).unwrap_or(())),
            r#"matrices[0] (profile "bike").durations"#,
            "6 locations (2 depots + 4 orders)",
        ),
        (
            Box::new(|d| d["matrices"][0]["distances"][2][3] = json!(-1)),
            r#"matrices[0] (profile "bike").distances[2][3]"#,
            "negative",
        ),
        (Box::new(|d| d["matrices"][0]["profile"] = json!("boat")), r#"matrices[0] (profile "boat").profile"#, "boat"),
        (Box::new(|d| d["profiles"][1]["speed_kmh"] = json!(0)), r#"profiles[1] (name "bike").speed_kmh"#, "1 to 500"),
        (Box::new(|d| d["skills"] = json!(["dry"])), r#"orders[0] (id "o1").skills"#, "declared"),
        (
            Box::new(|d| d["vehicles"][0]["costs"]["per_distance"] = json!(1)),
            r#"vehicles[0] (id "van").costs.per_distance"#,
            "per_km",
        ),
        (
            Box::new(|d| d["vehicles"][0]["max_distance"] = json!(1)),
            r#"vehicles[0] (id "van").max_distance"#,
            "max_distance_km",
        ),
        (Box::new(|d| d["orders"][0]["windows"][0][1] = json!(1e12)), r#"orders[0] (id "o1").windows[0]"#, "at most"),
    ];
    for (change, field, words) in cases {
        let err = error_after(change);
        assert_eq!(err.field, field, "{err}");
        assert!(err.message.contains(words), "{err} should say {words:?}");
        assert!(err.to_string().starts_with("bad.json: "), "{err}");
    }
}

#[test]
fn more_than_64_skills_is_an_error_naming_where() {
    let err = error_after(|d| {
        let orders = d["orders"].as_array_mut().unwrap();
        orders[3]["skills"] = json!((0..70).map(|k| format!("s{k}")).collect::<Vec<_>>());
    });
    assert_eq!(err.field, r#"orders[3] (id "o4").skills[63]"#, "{err}");
}

#[test]
fn json_type_and_syntax_errors_give_line_column_and_path() {
    let text = "{\n  \"depots\": [{\"id\": \"D\", \"lat\": 1, \"lon\": 2}],\n  \"vehicles\": [{\"id\": \"v\", \"count\": \"two\"}]\n}";
    let err = scenario::parse("t.json", text).unwrap_err();
    assert_eq!(err.line, 3, "{err}");
    assert_eq!(err.field, "vehicles[0].count");
    assert!(err.message.contains("column"), "{err}");
    let order = "{\"depots\": [],\n \"orders\": [{\"id\": \"a\", \"lat\": 1, \"lon\": 2,\n  \"demand\": \"x\"}]}";
    let err = scenario::parse("t.json", order).unwrap_err();
    assert_eq!((err.line, err.field.as_str()), (3, "orders[0].demand"), "{err}");
    let err = scenario::parse("t.json", "{\"orders\": [\n  {\"id\": \"a\",}\n]}").unwrap_err();
    assert_eq!(err.line, 2, "{err}");
    assert!(err.to_string().starts_with("t.json: line 2, "), "{err}");
}

fn same_problem(a: &Problem, b: &Problem) {
    assert_eq!(format!("{:?}", a.orders), format!("{:?}", b.orders));
    assert_eq!(format!("{:?}", a.vehicles), format!("{:?}", b.vehicles));
    assert_eq!(format!("{:?}", a.depots), format!("{:?}", b.depots));
    assert_eq!(a.points, b.points);
    assert_eq!(a.skills, b.skills);
    assert_eq!(a.dimensions, b.dimensions);
    assert_eq!(a.profiles.len(), b.profiles.len());
    for (pa, pb) in a.profiles.iter().zip(&b.profiles) {
        assert_eq!(pa.name, pb.name);
        let n = pa.matrix.size();
        assert_eq!(n, pb.matrix.size());
        for i in 0..n {
            for j in 0..n {
                assert_eq!(pa.matrix.time(i, j), pb.matrix.time(i, j), "{} time {i}→{j}", pa.name);
                assert_eq!(pa.matrix.dist(i, j), pb.matrix.dist(i, j), "{} dist {i}→{j}", pa.name);
            }
        }
    }
    for o in 0..a.orders.len() {
        for v in 0..a.vehicles.len() {
            assert_eq!(a.compatible(o, v), b.compatible(o, v));
        }
    }
}

#[test]
fn scenario_problem_scenario_problem_round_trips() {
    let first = problem_of(&full());
    let exported = Scenario::from_problem(&first);
    assert_eq!(exported.matrices.len(), 1, "only the imported table is written out");
    assert_eq!(exported.profiles[0].speed_kmh, Some(30.0));
    let text = exported.to_json_pretty();
    let again = scenario::parse("again.json", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    same_problem(&first, &again);
    // And the written text itself is stable.
    assert_eq!(Scenario::from_problem(&again), exported);
}

#[test]
fn solomon_and_generated_city_days_export_as_scenarios() {
    let solomon_problem =
        solomon::parse("g.txt", &solomon::write(&generate(&InstanceSpec::solomon_like("G", 25, 3)))).unwrap();
    let exported = Scenario::from_problem(&solomon_problem);
    assert!(exported.matrices.is_empty(), "Euclidean needs no table");
    let text = exported.to_json_pretty();
    assert!(text.contains("\"planar\""));
    same_problem(&solomon_problem, &scenario::parse("g.json", &text).unwrap());

    let day = city(&CitySpec::lyon("Lyon", 40, 5));
    let text = Scenario::from_problem(&day).to_json_pretty();
    same_problem(&day, &scenario::parse("city.json", &text).unwrap_or_else(|e| panic!("{e}")));
}

#[test]
fn an_osrm_table_becomes_a_profiles_matrix() {
    let mut doc = full();
    doc["matrices"] = json!([]);
    let mut scenario = Scenario::from_json("lyon.json", &doc.to_string()).unwrap();
    let mut rows = vec![vec![Some(120.0); 6]; 6];
    rows[0][5] = None;
    let response = json!({"code": "Ok", "durations": rows, "destinations": []}).to_string();
    let table = osrm::parse_table("table.json", &response).unwrap();
    osrm::attach(&mut scenario, "table.json", "van", table).unwrap();
    let p = scenario.to_problem("lyon.json").unwrap();
    let van = &p.profiles[0].matrix;
    assert_eq!(van.time(0, 2), to_ticks(120.0));
    assert!(!van.reachable(0, 5));
    let estimate = Matrix::great_circle(&p.points, 1.3, 30.0);
    // Tables keep hundredths of a metre.
    assert!((van.dist(0, 2) - estimate.dist(0, 2)).abs() <= to_ticks(0.005), "no distances: great-circle × circuity");

    let small = json!({"code": "Ok", "durations": [[0, 1], [1, 0]]}).to_string();
    let err =
        osrm::attach(&mut scenario, "small.json", "van", osrm::parse_table("small.json", &small).unwrap()).unwrap_err();
    assert!(err.message.contains("6 locations (2 depots + 4 orders) but the table has 2"), "{err}");
    let table = osrm::parse_table("t.json", &response).unwrap();
    assert_eq!(osrm::attach(&mut scenario, "t.json", "boat", table).unwrap_err().field, "profile");
}

const VROOM: &str = r#"{
  "vehicles": [
    {"id": 1, "start_index": 0, "end_index": 0, "capacity": [4], "skills": [1, 14],
     "time_window": [28800, 43200], "breaks": [{"id": 1, "service": 300, "time_windows": [[32400, 34200]]}],
     "costs": {"fixed": 100}},
    {"id": 2, "start_index": 0, "capacity": [4], "skills": [2, 14], "time_window": [28800, 43200],
     "max_travel_time": 14000, "max_distance": 90000}
  ],
  "jobs": [
    {"id": 1, "location_index": 1, "service": 300, "delivery": [1], "skills": [1], "time_windows": [[32400, 36000]]},
    {"id": 2, "location_index": 2, "setup": 60, "service": 300, "pickup": [1], "skills": [1]},
    {"id": 5, "location_index": 3, "service": 300, "delivery": [1], "skills": [14], "priority": 10},
    {"id": 6, "location_index": 4, "service": 300, "amount": [1], "skills": [14]},
    {"id": 7, "location_index": 5, "service": 300, "delivery": [2], "skills": [2]}
  ],
  "matrices": {"car": {
    "durations": [[0, 1800, 1900, 1600, 2900, 2100], [1800, 0, 1000, 2000, 3500, 2600], [1900, 1000, 0, 1500, 3200, 2700],
                  [1600, 2000, 1500, 0, 2000, 1500], [2900, 3500, 3200, 2000, 0, 1800], [2100, 2600, 2700, 1500, 1800, 0]],
    "distances": [[0, 30000, 31000, 26000, 48000, 35000], [30000, 0, 16000, 33000, 58000, 43000],
                  [31000, 16000, 0, 25000, 53000, 45000], [26000, 33000, 25000, 0, 33000, 25000],
                  [48000, 58000, 53000, 33000, 0, 30000], [35000, 43000, 45000, 25000, 30000, 0]]}}
}"#;

fn quick(problem: &Problem) -> Plan {
    let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 200, threads: 1, seed: 1 };
    solve(problem, &options, &|| 0.0, &mut |_| true)
}

#[test]
fn a_vroom_problem_loads_solves_and_writes_vroom_output() {
    assert_eq!(Format::guess(VROOM), Some(Format::Vroom));
    let p = read("vroom.json", VROOM, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.depots.len(), 1);
    assert_eq!(p.depots[0].id, "0");
    assert_eq!(p.orders.len(), 5);
    assert_eq!(p.orders[1].service, to_ticks(360.0), "setup + service");
    assert_eq!(p.orders[1].demand[0], to_load(1.0));
    assert_eq!(p.orders[1].task, Task::Pickup, "a job with a pickup amount collects it");
    assert_eq!(p.orders[2].priority, 11);
    assert_eq!(p.vehicles[0].rest.map(|b| b.duration), Some(to_ticks(300.0)));
    assert_eq!(p.vehicles[1].max_duration, Some(to_ticks(14000.0)));
    assert_eq!(p.vehicles[1].max_distance, Some(to_ticks(90000.0)));
    assert_eq!(p.vehicles[0].costs.fixed, 100_000_000);
    assert_eq!(p.vehicles[0].costs.per_time, 1.0, "VROOM's default: 3600 per hour");
    assert_eq!(p.default_matrix().dist(1, 2), to_ticks(16000.0));
    assert!(p.compatible(0, 0) && !p.compatible(0, 1), "skill 1: only vehicle 1");
    assert!(p.compatible(4, 1) && !p.compatible(4, 0), "skill 2: only vehicle 2");

    let plan = quick(&p);
    assert!(violations(&p, &plan).is_empty(), "{:?}", violations(&p, &plan));
    let served: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
    assert_eq!(served + plan.unassigned.len(), 5);

    let out = vroom::write_solution(&p, &plan);
    assert_eq!(out["code"], 0);
    let routes = out["routes"].as_array().unwrap();
    assert_eq!(out["summary"]["routes"].as_u64().unwrap() as usize, routes.len());
    assert_eq!(out["summary"]["unassigned"].as_u64().unwrap() as usize, plan.unassigned.len());
    for route in routes {
        assert!(route["vehicle"].is_u64(), "integer ids stay integers");
        let steps = route["steps"].as_array().unwrap();
        assert_eq!(steps.first().unwrap()["type"], "start");
        assert_eq!(steps.last().unwrap()["type"], "end");
        let mut last = 0.0;
        for step in steps {
            let arrival = step["arrival"].as_f64().unwrap();
            assert!(arrival >= last, "arrivals never go back: {route}");
            last = arrival;
            if step["type"] == "job" {
                assert!(step["id"].is_u64() && step["load"].is_array() && step["location_index"].is_u64());
            }
        }
        assert_eq!(steps.last().unwrap()["distance"], route["distance"]);
    }
    let job_steps = routes.iter().flat_map(|r| r["steps"].as_array().unwrap()).filter(|s| s["type"] == "job").count();
    assert_eq!(job_steps, served);
}

#[test]
fn vroom_with_coordinates_shipments_and_errors() {
    let coords = json!({
        "vehicles": [{"id": 1, "start": [2.35044, 48.71764], "end": [2.35044, 48.71764], "capacity": [4]},
                     {"id": 2, "end": [2.30, 48.70], "profile": "bike"}],
        "jobs": [{"id": 1, "location": [1.98935, 48.701], "delivery": [1], "time_windows": [[32400, 36000]]},
                 {"id": 2, "location": [2.03655, 48.61128]}]
    });
    let p = vroom::parse("c.json", &coords.to_string()).unwrap();
    assert_eq!(p.depots.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["depot-1", "depot-2"]);
    assert_eq!(p.points.len(), 4, "2 depots + 2 jobs");
    assert_eq!(p.profiles.len(), 2);
    assert_eq!((p.vehicles[1].start_depot, p.vehicles[1].end_depot), (1, 1), "only an end: used for both");
    assert_eq!(p.default_matrix().dist(0, 2), Matrix::great_circle(&p.points, 1.3, 30.0).dist(0, 2));
    let plan = quick(&p);
    assert!(violations(&p, &plan).is_empty());

    let fail = |change: &dyn Fn(&mut Value)| {
        let mut doc = coords.clone();
        change(&mut doc);
        vroom::parse("v.json", &doc.to_string()).unwrap_err()
    };
    let err = fail(&|d| d["shipments"] = json!([{"pickup": {"id": 4}, "delivery": {"id": 3}}]));
    assert_eq!(err.field, "shipments[0].pickup (id 4).location");
    let err = fail(&|d| d["jobs"][0]["pickup"] = json!([1]));
    assert_eq!(err.field, "jobs[0] (id 1).pickup");
    assert!(err.message.contains("two jobs at its location"), "{err}");
    let err = fail(&|d| {
        d["vehicles"][1].as_object_mut().unwrap().remove("end");
    });
    assert_eq!(err.field, "vehicles[1] (id 2)");
    assert_eq!(fail(&|d| d["jobs"][1]["id"] = json!(1)).field, "jobs[1] (id 1).id");
    assert_eq!(fail(&|d| d["jobs"][0]["priority"] = json!(101)).field, "jobs[0] (id 1).priority");
    assert_eq!(fail(&|d| d["jobs"][0]["location"] = json!([1.0])).field, "jobs[0] (id 1).location");
    assert_eq!(fail(&|d| d["jobs"][0]["time_windows"][0] = json!([5, 1])).field, "jobs[0] (id 1).time_windows[0]");
    // UNIX times load (relative to their first day); see tests/files.rs.
    let mut unix = coords.clone();
    unix["jobs"][0]["time_windows"][0] = json!([1700000000, 1700003600]);
    assert_eq!(vroom::parse("v.json", &unix.to_string()).unwrap().time_origin, Some(1_699_920_000));
    assert_eq!(fail(&|d| d["jobs"][0]["delivery"] = json!([1, 1, 1, 1])).field, "jobs[0] (id 1).delivery");
    assert_eq!(fail(&|d| d["vehicles"] = json!([])).field, "vehicles");
    let err = fail(&|d| d["matrix"] = json!([[0, 1], [1, 0]]));
    assert_eq!(err.field, "vehicles[0] (id 1)", "{err}");
    assert!(err.message.contains("start_index or end_index"), "{err}");
    let err = fail(&|d| {
        d["matrix"] = json!([[0, 1], [1, 0]]);
        for (k, v) in d["vehicles"].as_array_mut().unwrap().iter_mut().enumerate() {
            v["start_index"] = json!(k);
        }
        d["jobs"][0]["location_index"] = json!(0);
        d["jobs"][1]["location_index"] = json!(9);
    });
    assert_eq!(err.field, "jobs[1] (id 2).location_index");
    assert!(err.message.contains("outside the 2×2 matrix"), "{err}");
    let err = fail(&|d| d["matrices"] = json!({"car": {"durations": [[0, 1], [1, 0]]}}));
    assert!(err.field.starts_with("vehicles[0]"), "{err}");
}

#[test]
fn the_legacy_vroom_matrix_serves_every_profile() {
    let doc = json!({
        "vehicles": [{"id": 0, "start_index": 0, "end_index": 3}],
        "jobs": [{"id": 10, "location_index": 1}, {"id": 11, "location_index": 2}],
        "matrix": [[0, 5, 9, 4], [5, 0, 3, 6], [9, 3, 0, 2], [4, 6, 2, 0]]
    });
    let p = read("legacy.json", &doc.to_string(), Some(Format::Vroom)).unwrap();
    assert_eq!(p.depots.len(), 2);
    assert_eq!(p.default_matrix().time(0, 1), to_ticks(5.0));
    assert_eq!(p.default_matrix().dist(0, 1), 0, "no distances and no coordinates");
    let plan = quick(&p);
    assert!(violations(&p, &plan).is_empty());
    let out = vroom::write_solution(&p, &plan);
    assert_eq!(out["summary"]["duration"], 5 + 3 + 2, "{out}");
}

/// The shape of VROOM's first documentation example: its first vehicle (given the shipment's skill
/// too), its four jobs (one a pickup) and its shipment.
const VROOM_SHIPMENT: &str = r#"{
  "vehicles": [{"id": 1, "start": [2.35044, 48.71764], "end": [2.35044, 48.71764], "capacity": [4],
                "skills": [1, 2, 14], "time_window": [28800, 43200],
                "breaks": [{"id": 1, "service": 300, "time_windows": [[32400, 34200]]}]}],
  "jobs": [
    {"id": 1, "service": 300, "delivery": [1], "location": [1.98935, 48.701], "skills": [1],
     "time_windows": [[32400, 36000]]},
    {"id": 2, "service": 300, "pickup": [1], "location": [2.03655, 48.61128], "skills": [1]},
    {"id": 5, "service": 300, "delivery": [1], "location": [2.28325, 48.5958], "skills": [14]},
    {"id": 6, "service": 300, "delivery": [1], "location": [2.89357, 48.90736], "skills": [14]}
  ],
  "shipments": [{"amount": [1], "skills": [2],
    "pickup": {"id": 4, "service": 300, "location": [2.41808, 49.22619]},
    "delivery": {"id": 3, "service": 300, "location": [2.39719, 49.07611]}}]
}"#;

fn ids(p: &Problem) -> Vec<&str> {
    p.orders.iter().map(|o| o.id.as_str()).collect()
}

#[test]
fn vroom_shipments_and_pickups_load_and_go_back_out_as_vroom_steps() {
    let p = read("docs.json", VROOM_SHIPMENT, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&p), ["1", "2", "5", "6", "3", "4"], "jobs, the shipment's delivery, then its pickup");
    let tasks: Vec<Task> = p.orders.iter().map(|o| o.task).collect();
    assert_eq!(
        tasks,
        [
            Task::Delivery,
            Task::Pickup,
            Task::Delivery,
            Task::Delivery,
            Task::ShipmentDelivery { pickup: 5 },
            Task::ShipmentPickup { delivery: 4 }
        ]
    );
    let (delivery, pickup) = (&p.orders[4], &p.orders[5]);
    assert_eq!((p.points[pickup.location].x, p.points[pickup.location].y), (2.41808, 49.22619));
    assert_eq!((p.points[delivery.location].x, p.points[delivery.location].y), (2.39719, 49.07611));
    assert_eq!((pickup.demand[0], pickup.service, pickup.skills), (to_load(1.0), to_ticks(300.0), delivery.skills));
    assert!(p.compatible(4, 0) && p.compatible(5, 0));
    // Read as a scenario, the text reads back as the same day.
    let text = vroom::read("docs.json", VROOM_SHIPMENT).unwrap().to_json_pretty();
    same_problem(&p, &scenario::parse("docs-scenario.json", &text).unwrap_or_else(|e| panic!("{e}\n{text}")));

    // A plan as VROOM's own answer has it, job 6 left out: steps by VROOM type and id, the load
    // after each (deliveries loaded at the start, pickups added, the shipment on board between).
    let route = ["2", "4", "1", "3", "5"].map(String::from).to_vec();
    let plan = Plan::from_ids(&p, &[("1".to_string(), route)]).unwrap();
    let out = vroom::write_solution(&p, &plan);
    let steps = out["routes"][0]["steps"].as_array().unwrap();
    let seen: Vec<(String, Value, i64)> = steps
        .iter()
        .map(|s| (s["type"].as_str().unwrap().to_string(), s["id"].clone(), s["load"][0].as_i64().unwrap()))
        .filter(|(kind, _, _)| kind != "break")
        .collect();
    let expected = [
        ("start", Value::Null, 2),
        ("job", json!(2), 3),
        ("pickup", json!(4), 4),
        ("job", json!(1), 3),
        ("delivery", json!(3), 2),
        ("job", json!(5), 1),
        ("end", Value::Null, 1),
    ];
    assert_eq!(seen, expected.map(|(k, id, load)| (k.to_string(), id, load)).to_vec(), "{out}");
    assert_eq!((out["routes"][0]["delivery"].clone(), out["routes"][0]["pickup"].clone()), (json!([3]), json!([2])));
    assert_eq!((out["summary"]["delivery"].clone(), out["summary"]["pickup"].clone()), (json!([3]), json!([2])));
    assert_eq!(
        out["unassigned"],
        json!([{"id": 6, "type": "job", "location": [2.89357, 48.90736],
        "location_index": p.orders[3].location, "reason": out["unassigned"][0]["reason"]}])
    );

    // Written as a VROOM problem, the day reads back with its shipment and its pickup job.
    let doc = vroom::write_problem(&p).unwrap();
    assert_eq!((doc["jobs"].as_array().unwrap().len(), doc["shipments"].as_array().unwrap().len()), (4, 1));
    assert_eq!(doc["jobs"][1]["pickup"], json!([1]));
    assert_eq!(doc["shipments"][0]["pickup"]["description"], "4");
    let back = vroom::parse("back.json", &doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let tasks_back: Vec<Task> = back.orders.iter().map(|o| o.task).collect();
    assert_eq!(tasks_back, tasks);
    assert_eq!(back.points[back.orders[5].location], p.points[pickup.location]);
}

#[test]
fn vroom_ids_shared_by_jobs_pickups_and_deliveries_are_told_apart_and_written_back() {
    let at = |k: f64| json!([4.8 + k / 100.0, 45.7]);
    let doc = json!({
        "vehicles": [{"id": 1, "start": at(0.0)}],
        "jobs": [{"id": 1, "location": at(1.0), "delivery": [1]}, {"id": 2, "location": at(2.0), "pickup": [1]}],
        "shipments": [
            {"amount": [1], "pickup": {"id": 1, "location": at(3.0)}, "delivery": {"id": 2, "location": at(4.0)}},
            {"amount": [2], "pickup": {"id": 2, "location": at(5.0)}, "delivery": {"id": 7, "location": at(6.0)}}
        ]
    });
    let p = vroom::parse("ids.json", &doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&p), ["1", "2", "delivery-2", "7", "pickup-1", "pickup-2"]);
    let route = ["pickup-1", "delivery-2", "pickup-2", "7", "1", "2"].map(String::from).to_vec();
    let plan = Plan::from_ids(&p, &[("1".to_string(), route)]).unwrap();
    let out = vroom::write_solution(&p, &plan);
    let steps: Vec<(Value, Value)> = out["routes"][0]["steps"].as_array().unwrap()[1..7]
        .iter()
        .map(|s| (s["type"].clone(), s["id"].clone()))
        .collect();
    let expected = [("pickup", 1), ("delivery", 2), ("pickup", 2), ("delivery", 7), ("job", 1), ("job", 2)];
    assert_eq!(steps, expected.map(|(t, id)| (json!(t), json!(id))).to_vec());

    let mut twice = doc.clone();
    twice["shipments"][1]["pickup"]["id"] = json!(1);
    let err = vroom::parse("ids.json", &twice.to_string()).unwrap_err();
    assert_eq!(err.field, "shipments[1].pickup (id 1).id");
    assert_eq!(err.message, "duplicate id (also shipments[0].pickup)");
    let fail = |change: &dyn Fn(&mut Value)| {
        let mut bad = doc.clone();
        change(&mut bad);
        vroom::parse("bad.json", &bad.to_string()).unwrap_err()
    };
    assert_eq!(fail(&|d| d["shipments"][0]["priority"] = json!(101)).field, "shipments[0].priority");
    assert_eq!(fail(&|d| d["shipments"][0]["amount"] = json!([1, 1, 1, 1])).field, "shipments[0].amount");
    let err = fail(&|d| d["shipments"][1]["delivery"]["time_windows"] = json!([[5, 1]]));
    assert_eq!(err.field, "shipments[1].delivery (id 7).time_windows[0]");
    let err = fail(&|d| {
        d["shipments"][0].as_object_mut().unwrap().remove("delivery");
    });
    assert!(err.field.starts_with("shipments[0]") && err.message.contains("delivery"), "{err}");
    // A UNIX time on a step alone sets the day.
    let mut unix = doc.clone();
    unix["shipments"][0]["pickup"]["time_windows"] = json!([[1_700_000_000, 1_700_003_600]]);
    assert_eq!(vroom::parse("u.json", &unix.to_string()).unwrap().time_origin, Some(1_699_920_000));
}

/// The documentation example's shape plans: the shipment on one route, pickup first, or left out
/// whole; the VROOM answer lists both of its steps, with VROOM's ids.
#[test]
fn a_vroom_problem_with_a_shipment_plans_it_whole() {
    let p = read("docs.json", VROOM_SHIPMENT, None).unwrap();
    let plan = quick(&p);
    assert!(violations(&p, &plan).is_empty(), "{:?}", violations(&p, &plan));
    let out = vroom::write_solution(&p, &plan);
    let steps: Vec<&Value> =
        out["routes"].as_array().unwrap().iter().flat_map(|r| r["steps"].as_array().unwrap()).collect();
    let left_out: Vec<&Value> = out["unassigned"].as_array().unwrap().iter().collect();
    for (kind, id) in [("job", 1), ("job", 2), ("job", 5), ("job", 6), ("pickup", 4), ("delivery", 3)] {
        let planned = steps.iter().filter(|s| s["type"] == kind && s["id"] == id).count();
        let out_of_plan = left_out.iter().filter(|u| u["type"] == kind && u["id"] == id).count();
        assert_eq!(planned + out_of_plan, 1, "{kind} {id} once: {out}");
    }
    let pickup_at = steps.iter().position(|s| s["type"] == "pickup");
    let delivery_at = steps.iter().position(|s| s["type"] == "delivery");
    assert_eq!(pickup_at.is_some(), delivery_at.is_some(), "whole or not at all");
    assert!(pickup_at <= delivery_at, "pickup first");
}

/// A plan over shipments goes out as a plan document (the scenario with its pickups, the routes by
/// order and pickup ids) and reads back as the same plan.
#[test]
fn a_plan_over_shipments_reads_back_from_its_document() {
    let p = read("docs.json", VROOM_SHIPMENT, None).unwrap();
    let route = ["2", "4", "1", "3", "5"].map(String::from).to_vec();
    let plan = Plan::from_ids(&p, &[("1".to_string(), route)]).unwrap();
    let text = lastmile_solver::export::plan_json(&p, &plan);
    let (scenario, back) =
        lastmile_solver::export::read_plan_json("plan.json", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scenario.shipments(), 1);
    assert_eq!(back.routes[0].stops, plan.routes[0].stops);
    same_problem(&p, &scenario.to_problem("plan.json").unwrap());
}

// ---------------------------------------------------------------------------------------------
// The CLI.

fn lastmile(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_lastmile")).args(args).output().expect("lastmile runs")
}

fn temp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("lastmile-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn solve_file(input: &str, format: Option<&str>) -> Value {
    let output = format!("{input}.plan.json");
    let mut args = vec!["solve", input, "--time-limit", "0.2", "--output", &output];
    if let Some(f) = format {
        args.extend(["--format", f]);
    }
    let run = lastmile(&args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let plan: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    for key in ["routes", "unassigned", "vehicles", "distance", "cost"] {
        assert!(!plan[key].is_null(), "{key} missing from {plan}");
    }
    plan
}

#[test]
fn cli_solves_scenarios_and_vroom_files() {
    let scenario_file = temp("lyon.json", &full().to_string());
    let plan = solve_file(&scenario_file, Some("json"));
    let placed = plan["routes"].as_array().unwrap().iter().map(|r| r["stops"].as_array().unwrap().len()).sum::<usize>();
    assert_eq!(placed + plan["unassigned"].as_array().unwrap().len(), 4);
    solve_file(&scenario_file, None);

    let vroom_file = temp("vroom.json", VROOM);
    let plan = solve_file(&vroom_file, Some("vroom"));
    assert!(plan["vehicles"].as_u64().unwrap() >= 1);
    solve_file(&vroom_file, None);
}

#[test]
fn cli_reports_malformed_json_with_line_and_column() {
    let broken = temp("broken.json", "{\n  \"orders\": [\n    {\"id\": \"a\" \"lat\": 1}\n  ]\n}");
    let run = lastmile(&["solve", &broken, "--format", "json"]);
    assert_eq!(run.status.code(), Some(2));
    let message = String::from_utf8_lossy(&run.stderr);
    assert!(message.contains("broken.json: line 3,") && message.contains("column"), "{message}");
    let run = lastmile(&["solve", &broken]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("line 3,"));

    let run = lastmile(&["solve", &broken, "--format", "klingon"]);
    assert_eq!(run.status.code(), Some(2));
    let message = String::from_utf8_lossy(&run.stderr);
    assert!(message.contains("vroom") && message.contains("json") && message.contains("solomon"), "{message}");

    let unknown = temp("unknown.json", "{\"hello\": 1}");
    let run = lastmile(&["solve", &unknown]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("vroom"));
}

// ---------------------------------------------------------------------------------------------
// No input makes a parser panic, and whatever they accept the engine can plan.

/// JSON pointers to every value in `doc`.
fn pointers(doc: &Value, at: String, out: &mut Vec<String>) {
    match doc {
        Value::Object(map) => map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        Value::Array(list) => list.iter().enumerate().for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
        _ => {}
    }
    out.push(at);
}

fn odd_values() -> Vec<Value> {
    vec![
        json!(null),
        json!(-1),
        json!(0),
        json!(1e308),
        json!(-1e308),
        json!(u64::MAX),
        json!(0.5),
        json!("x"),
        json!(""),
        json!("25:00"),
        json!("99:99"),
        json!("1h30m"),
        json!("2026-02-30T09:00"),
        json!("9999-12-31T23:59"),
        json!("0001-01-01T00:00"),
        json!([]),
        json!([null, null]),
        json!([1, 2, 3, 4]),
        json!(["10:00", "09:00"]),
        json!({}),
        json!(true),
        json!(10001),
    ]
}

fn mutated(doc: &Value, changes: &[(usize, usize)]) -> String {
    let mut doc = doc.clone();
    for &(p, v) in changes {
        let mut paths = Vec::new();
        pointers(&doc, String::new(), &mut paths);
        let path = &paths[p % paths.len()];
        let values = odd_values();
        if let Some(slot) = doc.pointer_mut(path) {
            *slot = values[v % values.len()].clone();
        }
    }
    doc.to_string()
}

fn plans_whatever_parses(result: Result<Problem, lastmile_solver::formats::ParseError>) {
    if let Ok(problem) = result {
        let options = SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 20, threads: 1, seed: 1 };
        let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
        let _ = vroom::write_solution(&problem, &plan);
        let _ = Scenario::from_problem(&problem).to_json_pretty();
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    #[test]
    fn odd_scenarios_never_panic(changes in proptest::collection::vec((0usize..1000, 0usize..100), 1..4)) {
        plans_whatever_parses(scenario::parse("odd.json", &mutated(&full(), &changes)));
    }

    #[test]
    fn odd_vroom_problems_never_panic(changes in proptest::collection::vec((0usize..1000, 0usize..100), 1..4)) {
        let doc: Value = serde_json::from_str(VROOM).unwrap();
        plans_whatever_parses(vroom::parse("odd.json", &mutated(&doc, &changes)));
    }

    #[test]
    fn odd_vroom_shipments_never_panic(changes in proptest::collection::vec((0usize..1000, 0usize..100), 1..4)) {
        let doc: Value = serde_json::from_str(VROOM_SHIPMENT).unwrap();
        plans_whatever_parses(vroom::parse("odd.json", &mutated(&doc, &changes)));
    }

    #[test]
    fn odd_text_never_panics(text in "\\PC{0,200}", cut in 0usize..4000) {
        let full = full().to_string();
        let cut = full.char_indices().map(|(i, _)| i).nth(cut % full.len()).unwrap_or(0);
        for input in [text.as_str(), &full[..cut]] {
            let _ = read("odd.txt", input, None);
            let _ = scenario::parse("odd.json", input);
            let _ = vroom::parse("odd.json", input);
            let _ = osrm::parse_table("odd.json", input);
        }
    }
}

/// A city day written as a VROOM problem reads back as the same day: every order with its
/// windows, service, demand (in the written scale), skills and priority, every vehicle with its
/// shift, break, capacity, range and depot binding; a planar day carries its matrix.
#[test]
fn a_day_written_as_a_vroom_problem_reads_back_as_the_same_day() {
    let day = city(&CitySpec::lyon("vroom-out", 120, 5));
    let doc = vroom::write_problem(&day).unwrap();
    assert!(doc.get("matrices").is_none(), "lon/lat travel is left to VROOM's router");
    let scale = |d: usize| doc["amount_scale"][d]["scale"].as_i64().unwrap();
    let back = vroom::parse("day-vroom.json", &doc.to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((back.orders.len(), back.vehicles.len()), (day.orders.len(), day.vehicles.len()));
    for (a, b) in day.orders.iter().zip(&back.orders) {
        assert_eq!(a.windows, b.windows, "{}", a.id);
        assert_eq!((a.service, a.priority), (b.service, b.priority), "{}", a.id);
        for d in 0..day.dimensions.len() {
            assert_eq!(a.demand[d] * scale(d), b.demand[d], "{} dimension {d}", a.id);
        }
        assert_eq!(a.skills.iter().count() + usize::from(a.depot.is_some()), b.skills.iter().count(), "{}", a.id);
        assert_eq!(day.points[a.location], back.points[b.location]);
    }
    for (k, (a, b)) in day.vehicles.iter().zip(&back.vehicles).enumerate() {
        assert_eq!((a.shift, a.rest, a.max_distance), (b.shift, b.rest, b.max_distance), "{}", a.id);
        assert_eq!(a.capacity[0] * scale(0), b.capacity[0], "{}", a.id);
        assert_eq!(day.points[day.vehicle_start(k)], back.points[back.vehicle_start(k)], "{}", a.id);
    }
    // x/y travel goes as a matrix VROOM reads.
    let planar = generate(&InstanceSpec::solomon_like("vroom-planar", 30, 2));
    let doc = vroom::write_problem(&planar).unwrap();
    let n = planar.points.len();
    assert_eq!(doc["matrices"]["default"]["durations"].as_array().map(Vec::len), Some(n));
    let back = vroom::parse("planar.json", &doc.to_string()).unwrap();
    assert_eq!(back.orders.len(), planar.orders.len());
}

#[test]
fn vroom_and_solomon_files_are_read_as_scenarios_that_read_back_the_same() {
    // VROOM with a matrix: places by location_index, the JSON text readable as a scenario.
    let read = vroom::read("vroom.json", VROOM).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.depots[0].place.location_index, Some(0));
    assert_eq!(read.orders[3].place.location_index, Some(4));
    let text = read.to_json_pretty();
    assert!(text.contains("\"location_index\": 4"), "{text}");
    let again = Scenario::from_json("again.json", &text).and_then(|s| s.to_problem("again.json"));
    let direct = vroom::parse("vroom.json", VROOM).unwrap();
    same_problem(&direct, &again.unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(direct.points.len(), 6, "one location per matrix row");

    // UNIX times go into the scenario as ISO date-times; the builder finds the same first day.
    let unix = json!({
        "vehicles": [{"id": 1, "start": [4.85, 45.75], "time_window": [1_600_416_000, 1_600_430_400]}],
        "jobs": [{"id": 1, "location": [4.86, 45.76], "time_windows": [[1_600_419_600, 1_600_506_000]]}]
    });
    let read = vroom::read("u.json", &unix.to_string()).unwrap();
    let shift = read.vehicles[0].shift.clone().unwrap();
    assert_eq!(shift[0], Some(scenario::TimeValue::Text("2020-09-18T08:00:00".into())));
    let window = read.orders[0].windows.clone().unwrap();
    assert_eq!(window[0][1], Some(scenario::TimeValue::Text("2020-09-19T09:00:00".into())));
    let problem = read.to_problem("u.json").unwrap();
    assert_eq!(problem.time_origin, Some(1_600_387_200));
    assert_eq!(problem.orders[0].windows.envelope().end, hours(33.0));

    // Solomon: a planar scenario of one vehicle entry.
    let text = solomon::write(&generate(&InstanceSpec::solomon_like("G", 10, 3)));
    let read = solomon::read("g.txt", &text).unwrap();
    assert_eq!(read.coordinates, scenario::CoordinateSystem::Planar);
    assert_eq!(read.vehicles.len(), 1);
    same_problem(&solomon::parse("g.txt", &text).unwrap(), &scenario::parse("g.json", &read.to_json_pretty()).unwrap());
}

#[test]
fn places_by_location_index_share_matrix_rows() {
    let table = json!([[0, 600, 900], [600, 0, 300], [900, 300, 0]]);
    let doc = |depot: Value, orders: Value, matrix: Value| {
        json!({
            "depots": [depot], "orders": orders,
            "vehicles": [{"id": "van", "shift": ["08:00", "12:00"]}],
            "matrices": [matrix],
        })
    };
    let both = json!({"profile": "car", "durations": table, "distances": table});
    let shared = json!([{"id": "a", "location_index": 2}, {"id": "b", "location_index": 2, "lat": 45.7, "lon": 4.8}]);
    let p = scenario::parse(
        "i.json",
        &doc(json!({"id": "D", "location_index": 0}), shared.clone(), both.clone()).to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.points.len(), 3, "the matrices' rows, not one per place");
    assert_eq!((p.depots[0].location, p.orders[0].location, p.orders[1].location), (0, 2, 2));
    assert_eq!(p.points[2].y, 45.7, "the coordinates given with a row");
    assert_eq!(p.default_matrix().time(0, 2), to_ticks(900.0));

    let err = |d: Value| scenario::parse("i.json", &d.to_string()).unwrap_err();
    let e =
        err(doc(json!({"id": "D", "location_index": 0}), json!([{"id": "a", "lat": 45.0, "lon": 4.0}]), both.clone()));
    assert_eq!(e.field, "orders[0] (id \"a\").location_index");
    let e = err(doc(json!({"id": "D", "location_index": 3}), shared.clone(), both.clone()));
    assert_eq!(
        (e.field.as_str(), e.message.as_str()),
        ("depots[0] (id \"D\").location_index", "index 3 is outside the 3×3 matrices")
    );
    let durations_only = json!({"profile": "car", "durations": table});
    let e = err(doc(json!({"id": "D", "location_index": 0}), shared, durations_only));
    assert_eq!(e.field, "matrices[0] (profile \"car\").distances");
    let e = err(json!({"depots": [{"id": "D", "location_index": 0}], "vehicles": [{"id": "v"}]}));
    assert!(e.message.contains("there are none"), "{e}");
}

#[test]
fn solomon_values_beyond_the_builders_limits_are_named_on_their_line() {
    let text = solomon::write(&generate(&InstanceSpec::solomon_like("G", 5, 3)));
    let customers = text.lines().position(|l| l.starts_with("CUSTOMER")).unwrap();
    let row = customers + text.lines().skip(customers).position(|l| l.trim_start().starts_with("1 ")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[row].split_whitespace().map(str::to_string).collect();
    fields[1] = "1e8".to_string();
    lines[row] = fields.join(" ");
    let err = solomon::parse("far.txt", &lines.join("\n")).unwrap_err();
    assert_eq!((err.line, err.field.as_str()), (row + 1, "XCOORD."), "{err}");
}
