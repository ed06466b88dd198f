//! CSV import: messy files, the validation report, column mappings, and imported scenarios that
//! plan feasibly.

use lastmile_solver::checker::violations;
use lastmile_solver::formats::csv::{
    import, inspect, read_bookings, write_tables, Column, Issue, Severity, TableKind, MAX_ISSUES, NOTHING_READ,
};
use lastmile_solver::formats::scenario::Scenario;
use lastmile_solver::generate::{city, with_goods_both_ways, CitySpec};
use lastmile_solver::problem::{Reloads, Task};
use lastmile_solver::units::to_ticks;
use lastmile_solver::{solve, Problem, SolveOptions};
use proptest::prelude::*;

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
}

fn errors(issues: &[Issue]) -> Vec<(usize, &str)> {
    issues.iter().filter(|i| i.severity == Severity::Error).map(|i| (i.line, i.field.as_str())).collect()
}

fn order_ids(s: &Scenario) -> Vec<&str> {
    s.orders.iter().map(|o| o.id.as_str()).collect()
}

/// `;` delimiter, a byte order mark, Windows line endings, a quoted field holding a `;`, a quoted
/// field holding a line break, a decimal comma, two rows that cannot be planned (no latitude, a
/// duplicate id) and one with a bad optional field (a time that does not read).
const MESSY: &str = "\u{feff}Order ID;Latitude;Lng;Weight (kg);TW Start;TW End;Notes\r\n\
o1;45.75;4.85;12;09:00;11:00;\"ring; then wait\"\r\n\
o2;NaN;4.86;3;09:00;11:00;\r\n\
o3;45.76;4.87;5;25:99;12:00;\r\n\
o1;45.77;4.88;1;10:00;12:00;\r\n\
o4;45,78;4,89;\"2,5\";;;\r\n\
\"o5\";45.74;4.84;7;14:00;16:00;\"two\r\nlines\"\r\n\
o6;45.73;4.83;;;;\r\n";

#[test]
fn a_messy_orders_file_keeps_every_good_row_and_names_each_bad_one() {
    let imported = import(&files(&[("export.csv", MESSY)]), &[], None);
    let s = &imported.scenario;
    assert_eq!(order_ids(s), ["o1", "o3", "o4", "o5", "o6"]);
    assert_eq!(errors(&imported.issues), [(3, "Latitude"), (5, "Order ID")], "{:#?}", imported.issues);
    let kept = imported.issues.iter().find(|i| i.line == 4).expect("o3's bad start is said");
    assert_eq!((kept.severity, kept.field.as_str()), (Severity::Warning, "TW Start"));
    assert!(kept.message.contains("kept with an open start"), "{}", kept.message);
    assert!(imported.issues.iter().all(|i| i.file == "export.csv" || i.severity == Severity::Warning));
    assert!(imported.issues[..].iter().any(|i| i.message.contains("duplicate id \"o1\" (also line 2)")));
    assert_eq!(s.dimensions, ["kg"]);
    let o4 = &s.orders[2];
    assert_eq!((o4.place.lat, o4.place.lon), (Some(45.78), Some(4.89)));
    // Defaults, each said as a warning: a depot at the centre, a fleet of vans.
    let warnings: Vec<&str> =
        imported.issues.iter().filter(|i| i.severity == Severity::Warning).map(|i| i.message.as_str()).collect();
    assert!(warnings.iter().any(|w| w.contains("add a depots CSV")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("vans were assumed")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("Notes")), "unused columns are named: {warnings:?}");
    assert_eq!(s.depots.len(), 1);
    assert_eq!(s.vehicles[0].count, Some(2), "ceil(4 / 25) + 1 vans");
    assert!(imported.summary.starts_with("5 orders, 2 vehicles and 1 depot; 2 errors"), "{}", imported.summary);
    assert!(
        imported.summary.ends_with("1 row kept with a default for a field that did not read"),
        "{}",
        imported.summary
    );

    let problem = s.to_problem("imported").expect("an import always converts");
    assert_eq!(problem.orders[0].windows.as_slice()[0].start, 9 * 3600 * 1_000_000);
    assert_eq!(problem.orders[1].windows.as_slice()[0].end, 12 * 3600 * 1_000_000, "o3 keeps its end");
    assert_eq!(problem.orders[2].demand[0], 2_500, "2,5 kg");
}

#[test]
fn vehicles_and_depots_tables_join_the_orders_and_leave_out_vehicles_at_unknown_depots() {
    let orders = "id,lat,lon,parcels,service_minutes,windows,skills,depot\n\
                  a,45.75,4.85,2,5,09:00-11:00; 14:00-16:00,cold,north\n\
                  b,45.76,4.86,1,3,,,\n\
                  c,45.77,4.87,1,3,,,south\n\
                  d,45.78,4.88,1,3,12:00-10:00,,\n";
    let vehicles = "type,count,profile,capacity,start_depot,shift_start,shift_end,break_start,break_end,break_duration,skills,cost_per_km\n\
                    van,2,van,20,north,08:00,18:00,12:00,14:00,30,cold,0.3\n\
                    bike,1,cargo bike,5,north,09:00,17:00,,,,,0.02\n\
                    truck,1,truck,50,nowhere,08:00,18:00,,,,,\n\
                    late,1,van,10,north,18:00,08:00,,,,,\n";
    let depots = "name,latitude,longitude,opening,closing\nnorth,45.8,4.85,06:00,21:00\n";
    let imported =
        import(&files(&[("orders.csv", orders), ("fleet.csv", vehicles), ("depots.csv", depots)]), &[], None);
    let s = &imported.scenario;
    let errors: Vec<(String, usize, String)> = imported
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| (i.file.clone(), i.line, i.field.clone()))
        .collect();
    // Only the truck is left out: it has no depot to start from. The late shift (ending before
    // it starts) is a warning, and the van keeps an open shift.
    assert_eq!(errors, [("fleet.csv".into(), 4, "start_depot".into())], "{:#?}", imported.issues);
    // Orders are kept: c for any depot, d always open, each with a warning on its line.
    assert_eq!(order_ids(s), ["a", "b", "c", "d"]);
    let warned = |line: usize, field: &str| {
        imported.issues.iter().any(|i| i.severity == Severity::Warning && i.line == line && i.field == field)
    };
    assert!(warned(4, "depot") && warned(5, "windows"), "{:#?}", imported.issues);
    assert!(
        imported.issues.iter().any(|i| i.file == "fleet.csv" && i.line == 5 && i.field == "shift_end"),
        "{:#?}",
        imported.issues
    );
    assert_eq!((s.orders[2].depot.as_deref(), s.orders[3].windows.as_ref()), (None, None));
    assert_eq!(s.vehicles.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["van", "bike", "late"]);
    assert_eq!(s.vehicles[2].shift, None);
    assert_eq!(s.depots.len(), 1);
    let problem = s.to_problem("imported").unwrap();
    assert_eq!(problem.vehicles.len(), 4, "van-1, van-2, bike, late");
    assert_eq!(problem.vehicles[0].id, "van-1");
    assert_eq!(problem.orders[0].windows.as_slice().len(), 2);
    assert_eq!(problem.orders[0].service, 300 * 1_000_000);
    let bike = &problem.vehicles[2];
    assert_eq!(problem.profiles[bike.profile].name, "bike");
    assert_eq!(problem.vehicles[0].rest.map(|b| b.duration), Some(1800 * 1_000_000));
    assert!(problem.vehicles[0].skills.covers(problem.orders[0].skills));
    assert!(!bike.skills.covers(problem.orders[0].skills));
}

#[test]
fn a_new_orders_file_replaces_the_orders_and_keeps_the_fleet() {
    let base = Scenario::from_problem(&city(&CitySpec::lyon("Lyon", 40, 2)));
    let orders = "id,lat,lon,kg\nn1,45.75,4.85,10\nn2,45.76,4.84,12\n";
    let imported = import(&files(&[("tuesday-orders.csv", orders)]), &[], Some(&base));
    let s = &imported.scenario;
    assert_eq!(order_ids(s), ["n1", "n2"]);
    assert_eq!(
        s.vehicles,
        base.vehicles
            .iter()
            .map(|v| {
                // Capacities follow the dimensions by name: kg stays, parcels is no longer counted.
                let mut v = v.clone();
                if let Some(lastmile_solver::formats::scenario::Quantity::Each(c)) = &mut v.capacity {
                    c.truncate(1);
                }
                v
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(s.depots, base.depots);
    assert_eq!(s.dimensions, ["kg"]);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    s.to_problem("imported").unwrap();
}

/// The first bytes of a PNG image, as a browser's `File.text()` hands them over (invalid UTF-8
/// becomes U+FFFD).
fn png_text() -> String {
    String::from_utf8_lossy(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06").into_owned()
}

#[test]
fn a_png_given_as_orders_is_not_a_table_and_leaves_the_scenario_as_it_was() {
    let base = Scenario::from_problem(&city(&CitySpec::lyon("Lyon", 40, 2)));
    for name in ["orders.csv", "orders.png"] {
        let imported = import(&files(&[(name, &png_text())]), &[], Some(&base));
        assert_eq!(imported.scenario, base, "{name}: the scenario is untouched");
        let first = &imported.issues[0];
        assert_eq!((first.file.as_str(), first.line, first.field.as_str()), (name, 0, "file"));
        assert_eq!(first.message, "not a table (it looks like a PNG image)");
        assert!(!imported.issues.iter().any(|i| i.field == "columns"), "no column mapping is asked for a picture");
        assert_eq!(imported.issues.last().map(|i| i.field.as_str()), Some(NOTHING_READ), "{:#?}", imported.issues);
        assert_eq!(imported.summary, format!("Nothing read from {name}; the scenario is unchanged"));
        assert!(inspect(name, &png_text()).unwrap_err().message.contains("PNG image"));
    }
    // A workbook names what to do about it.
    let xlsx = String::from_utf8_lossy(b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0xl/workbook.xml").into_owned();
    let imported = import(&files(&[("orders.xlsx", &xlsx)]), &[], None);
    assert_eq!(imported.issues[0].message, "not a table (it looks like an Excel workbook: save it as CSV)");
    assert!(imported.scenario.orders.is_empty());
    // So does the checkout's bookings reader.
    let problem = base.to_problem("base").unwrap();
    let refused = read_bookings("bookings.csv", &png_text(), &problem).unwrap_err();
    assert_eq!(refused[0].message, "not a table (it looks like a PNG image)");
}

#[test]
fn an_import_that_reads_nothing_keeps_the_base_and_one_good_file_is_enough() {
    let base = Scenario::from_problem(&city(&CitySpec::lyon("Lyon", 40, 2)));
    // Every row bad, or a header alone: nothing replaces the base's orders.
    for text in ["id,lat,lon\na,north,east\nb,,\n", "id,lat,lon\n"] {
        let imported = import(&files(&[("orders.csv", text)]), &[], Some(&base));
        assert_eq!(imported.scenario, base, "{text:?}");
        assert!(imported.issues.iter().any(|i| i.field == NOTHING_READ), "{:#?}", imported.issues);
    }
    // A good file next to a picture is read; the picture is reported.
    let good = "id,lat,lon\nn1,45.75,4.85\n";
    let imported = import(&files(&[("photo.png", &png_text()), ("orders.csv", good)]), &[], Some(&base));
    assert_eq!(order_ids(&imported.scenario), ["n1"]);
    assert!(!imported.issues.iter().any(|i| i.field == NOTHING_READ));
    assert!(imported.issues.iter().any(|i| i.file == "photo.png" && i.message.contains("PNG image")));
}

#[test]
fn unknown_headers_ask_for_a_mapping_then_import_with_it() {
    // Headers in no language the engine knows (German ones it does: see tests/files.rs).
    let text = "Kunde,Feld A,Feld B,Feld C\nk1,45.75,4.85,3\nk2,45.76,4.86,4\n";
    let shape = inspect("kunden.csv", text).unwrap();
    assert_eq!(shape.kind, Some(TableKind::Orders), "the coordinates say orders");
    assert_eq!(shape.from_contents, [true, true, true, true]);
    assert_eq!(shape.rows, 2);
    let imported = import(&files(&[("kunden.csv", text)]), &[], None);
    assert!(imported.scenario.orders.is_empty());
    let issue = imported.issues.iter().find(|i| i.severity == Severity::Error).expect("a mapping error");
    assert_eq!((issue.file.as_str(), issue.line, issue.field.as_str()), ("kunden.csv", 1, "columns"));
    assert!(issue.message.contains("columns guessed from their contents: please confirm"), "{}", issue.message);
    // Values that say nothing either: the planner chooses.
    let imported = import(&files(&[("x.csv", "Kunde,Feld A\nk1,rot\n")]), &[], None);
    let issue = imported.issues.iter().find(|i| i.severity == Severity::Error).expect("a mapping error");
    assert!(issue.message.contains("choose what each column holds"), "{}", issue.message);

    let mapping = vec![Some(Column::Id), Some(Column::Lat), Some(Column::Lon), Some(Column::Demand("kg".into()))];
    let imported = import(&files(&[("kunden.csv", text)]), &[("kunden.csv".into(), mapping)], None);
    assert_eq!(order_ids(&imported.scenario), ["k1", "k2"]);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    assert_eq!(imported.scenario.dimensions, ["kg"]);

    // Recognised headers that lack coordinates also ask for a mapping.
    let imported = import(&files(&[("orders.csv", "id,demand\na,1\n")]), &[], None);
    assert!(imported.issues.iter().any(|i| i.severity == Severity::Error && i.message.contains("latitude")));
}

#[test]
fn inspect_guesses_kinds_and_columns() {
    let shape = inspect("v.csv", "Vehicle;Type;Capacity_kg;Shift Start\nv1;van;800;08:00\n").unwrap();
    assert_eq!(shape.kind, Some(TableKind::Vehicles));
    assert_eq!(shape.mapping[2], Some(Column::Capacity(Some("kg".into()))));
    assert_eq!(shape.mapping[3], Some(Column::ShiftStart));
    let shape = inspect("hubs.csv", "id\tlat\tlon\nh\t45\t4\n").unwrap();
    assert_eq!((shape.delimiter, shape.kind), (b'\t', Some(TableKind::Depots)));
}

/// A city day written as the three CSV tables imports back to the same scenario, and plans
/// feasibly under the independent checker; so does one with returns, pickups, shipments and
/// vehicles that reload.
#[test]
fn written_tables_import_back_to_the_same_scenario_which_plans_feasibly() {
    let problem = city(&CitySpec::lyon("Lyon", 120, 5));
    tables_round_trip(&problem);
    let back = tables_round_trip(&both_ways(&problem));
    assert!(back.orders.iter().any(|o| o.task == Task::Pickup));
    assert!(back.orders.iter().any(|o| matches!(o.task, Task::ShipmentPickup { .. })));
    assert!(back.vehicles.iter().any(|v| v.reloads.is_some()) && back.vehicles.iter().any(|v| v.reloads.is_none()));
}

/// `problem` with a fifth of its orders returns, a fifth in shipments, and every other vehicle
/// reloading (at every depot, 10 minutes, at most 3 trips).
fn both_ways(problem: &Problem) -> Problem {
    let mut parts = with_goods_both_ways(problem, 0.2, 0.2, 5).to_parts();
    let depots: Vec<usize> = (0..parts.depots.len()).collect();
    for vehicle in parts.vehicles.iter_mut().step_by(2) {
        vehicle.reloads = Some(Reloads { depots: depots.clone(), duration: to_ticks(600.0), max_trips: 3 });
    }
    Problem::new(parts)
}

/// Writes `problem` as the three tables, imports them (without an issue) to the same scenario,
/// and plans what was read feasibly; returns it.
fn tables_round_trip(problem: &Problem) -> Problem {
    let original = Scenario::from_problem(problem);
    let t = write_tables(&original);
    let imported = import(
        &files(&[("orders.csv", &t.orders), ("vehicles.csv", &t.vehicles), ("depots.csv", &t.depots)]),
        &[],
        None,
    );
    assert!(imported.issues.is_empty(), "{:#?}", imported.issues);
    let back = imported.scenario.to_problem("imported").unwrap();
    // Skill numbering follows first use, which CSV files do not record: compare names sorted.
    let sorted = |mut s: Scenario| {
        if let Some(k) = s.skills.as_mut() {
            k.sort();
        }
        s.orders.iter_mut().for_each(|o| o.skills.sort());
        s.vehicles.iter_mut().for_each(|v| v.skills.sort());
        s
    };
    // Tables carry neither the scenario's name nor its currency.
    let again = sorted(Scenario {
        name: original.name.clone(),
        currency: original.currency.clone(),
        ..Scenario::from_problem(&back)
    });
    let original = sorted(original);
    if again != original {
        let (a, b) = (again.to_json_pretty(), original.to_json_pretty());
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        let show = |t: &str| t.lines().skip(first.saturating_sub(8)).take(16).collect::<Vec<_>>().join("\n");
        panic!("imported:\n{}\noriginal:\n{}", show(&a), show(&b));
    }

    let options = SolveOptions { max_iterations: 200, time_limit_ms: f64::INFINITY, ..Default::default() };
    let plan = solve(&back, &options, &|| 0.0, &mut |_| true);
    assert!(violations(&back, &plan).is_empty(), "{:?}", violations(&back, &plan));
    assert!(plan.routes.iter().map(|r| r.stops.len()).sum::<usize>() > 100);
    back
}

#[test]
fn huge_files_stream_and_cap_the_issue_list() {
    let mut text = String::from("id,lat,lon,demand\n");
    // 19,000 rows: under the 20,000 places a file may give (beyond, it is refused: tests/size.rs).
    for k in 0..19_000 {
        // Every other row is bad.
        let lat = if k % 2 == 0 { "45.7" } else { "north" };
        text.push_str(&format!("o{k},{lat},4.8,1\n"));
    }
    let imported = import(&files(&[("big.csv", &text)]), &[], None);
    assert_eq!(imported.scenario.orders.len(), 9_500);
    assert_eq!(imported.issues.len(), MAX_ISSUES + 1);
    assert!(imported.issues[MAX_ISSUES].message.contains("more issues"));
    assert!(imported.summary.contains("9500 orders"), "{}", imported.summary);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Mangled CSV never panics; whatever orders survive always make a scenario that converts.
    #[test]
    fn mangled_csv_never_panics(
        edits in proptest::collection::vec((0usize..10_000, any::<u8>()), 0..40),
        cut in 0usize..10_000,
    ) {
        let problem = both_ways(&city(&CitySpec::lyon("Lyon", 15, 1)));
        let t = write_tables(&Scenario::from_problem(&problem));
        let mangle = |text: &str| {
            let mut bytes = text.as_bytes().to_vec();
            for &(at, byte) in &edits {
                if !bytes.is_empty() {
                    let k = at % bytes.len();
                    bytes[k] = byte;
                }
            }
            bytes.truncate(bytes.len().min(cut.max(bytes.len() / 2)));
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let list = files(&[
            ("orders.csv", &mangle(&t.orders)),
            ("vehicles.csv", &mangle(&t.vehicles)),
            ("depots.csv", &mangle(&t.depots)),
        ]);
        let _ = inspect("orders.csv", &list[0].1);
        let imported = import(&list, &[], None);
        if !imported.scenario.orders.is_empty() {
            let converted = imported.scenario.to_problem("imported");
            prop_assert!(converted.is_ok(), "{:?}\n{:#?}", converted.err(), imported.issues);
        }
    }
}

/// The shipped sample CSVs are the 300-order sample day written as tables: they import without a
/// single issue into the same scenario (regenerate both with `lastmile generate --kind city
/// --orders 300 --seed 7 --name "Lyon 300" --output public/samples/lyon-300.json --csv public/samples`).
#[test]
fn the_sample_csvs_import_to_the_sample_scenario() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/samples");
    let read = |name: &str| (name.to_string(), std::fs::read_to_string(dir.join(name)).expect("sample present"));
    let list = ["lyon-orders.csv", "lyon-vehicles.csv", "lyon-depots.csv"].map(read).to_vec();
    let imported = import(&list, &[], None);
    // The sample day has cold orders no vehicle can serve by design: said on their lines, kept.
    let said = |i: &&lastmile_solver::formats::csv::Issue| !i.message.starts_with("no vehicle can serve this order");
    let other: Vec<_> = imported.issues.iter().filter(said).collect();
    assert!(other.is_empty(), "{other:#?}");
    let sample = Scenario::from_json("lyon-300.json", &read("lyon-300.json").1).unwrap();
    let problem = imported.scenario.to_problem("imported").unwrap();
    let expected = sample.to_problem("lyon-300.json").unwrap();
    assert_eq!(problem.orders.len(), 300);
    let mut back = Scenario::from_problem(&problem);
    back.name = sample.name.clone();
    // Tables carry no currency: it belongs to the scenario (or the app's default).
    back.currency = sample.currency.clone();
    back.skills = sample.skills.clone();
    let mut expected = Scenario::from_problem(&expected);
    for s in [&mut back, &mut expected] {
        s.orders.iter_mut().for_each(|o| o.skills.sort());
        s.vehicles.iter_mut().for_each(|v| v.skills.sort());
    }
    assert!(back == expected, "the sample CSVs and lyon-300.json differ: regenerate them together");
}

#[test]
fn generate_city_writes_a_scenario_and_its_csv_tables() {
    let dir = std::env::temp_dir().join(format!("lastmile-generate-{}", std::process::id()));
    let json = dir.join("day.json");
    std::fs::create_dir_all(&dir).unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_lastmile"))
        .args(["generate", "--kind", "city", "--orders", "40", "--seed", "3", "--name", "Test City"])
        .args(["--output", json.to_str().unwrap(), "--csv", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let scenario = Scenario::from_json("day.json", &std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(scenario.orders.len(), 40);
    assert!(scenario.matrices.is_empty(), "travel comes from coordinates");
    let read = |kind: &str| {
        let name = format!("test-{kind}.csv");
        (name.clone(), std::fs::read_to_string(dir.join(name)).unwrap())
    };
    let imported = import(&[read("orders"), read("vehicles"), read("depots")], &[], None);
    assert!(imported.issues.is_empty(), "{:#?}", imported.issues);
    assert_eq!(imported.scenario.orders.len(), 40);

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_lastmile"))
        .args(["generate", "--kind", "town", "--orders", "4"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn other_formats_become_the_base_and_osrm_tables_join_the_named_profile() {
    let problem = city(&CitySpec::lyon("Lyon", 10, 4));
    let json = Scenario::from_problem(&problem).to_json_pretty();
    let n = problem.depots.len() + problem.orders.len();
    let row = |i: usize| (0..n).map(|j| if i == j { "0" } else { "120" }).collect::<Vec<_>>().join(",");
    let rows: Vec<String> = (0..n).map(|i| format!("[{}]", row(i))).collect();
    let table = format!("{{\"code\": \"Ok\", \"durations\": [{}]}}", rows.join(","));

    let imported = import(&files(&[("day.json", &json), ("bike.table.json", &table)]), &[], None);
    let said = |i: &&lastmile_solver::formats::csv::Issue| !i.message.starts_with("no vehicle can serve this order");
    let other: Vec<_> = imported.issues.iter().filter(said).collect();
    assert!(other.is_empty(), "{other:#?}");
    assert_eq!(imported.scenario.orders.len(), 10);
    assert_eq!(imported.scenario.matrices.len(), 1);
    assert_eq!(imported.scenario.matrices[0].profile, "bike");
    imported.scenario.to_problem("imported").unwrap();

    // A table of the wrong size, once orders change, is refused with the file named.
    let orders = "id,lat,lon\nx,45.75,4.85\n";
    let imported = import(&files(&[("day.json", &json), ("o.csv", orders), ("car.table.json", &table)]), &[], None);
    let error = imported.issues.iter().find(|i| i.severity == Severity::Error).expect("an error");
    assert_eq!(error.file, "car.table.json");
    assert!(imported.scenario.matrices.is_empty());

    // A Solomon file is a planar base: CSV tables cannot join it.
    let solomon = lastmile_solver::formats::solomon::write(&lastmile_solver::generate::generate(
        &lastmile_solver::generate::InstanceSpec::solomon_like("S", 5, 1),
    ));
    let imported = import(&files(&[("s.txt", &solomon), ("orders.csv", orders)]), &[], None);
    assert_eq!(imported.scenario.orders.len(), 5);
    assert_eq!(errors(&imported.issues), [(0, "")]);
    assert!(imported.issues[0].message.contains("planar"));
}
