//! Planners' real files (issue 12): exports of routing tools and spreadsheets, in the encodings
//! they are saved in, import with every plannable order kept. Each file is built here, with the
//! bytes its encoding gives.

use lastmile_solver::formats::csv::{import, import_encoded, inspect, Column, Issue, Severity, TableKind};
use lastmile_solver::formats::encoding::{decode, TextEncoding};
use lastmile_solver::formats::scenario::{Quantity, Scenario};

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
}

fn order_ids(s: &Scenario) -> Vec<&str> {
    s.orders.iter().map(|o| o.id.as_str()).collect()
}

fn errors(issues: &[Issue]) -> Vec<&Issue> {
    issues.iter().filter(|i| i.severity == Severity::Error).collect()
}

/// The warning on `line` of `file` about `field`.
fn warning<'a>(issues: &'a [Issue], file: &str, line: usize, field: &str) -> &'a Issue {
    issues
        .iter()
        .find(|i| i.severity == Severity::Warning && i.file == file && i.line == line && i.field == field)
        .unwrap_or_else(|| panic!("no warning for {file} line {line}, {field}: {issues:#?}"))
}

/// Decodes each file's bytes and imports them, as the app and the CLI do.
fn import_bytes(list: &[(&str, &[u8])]) -> lastmile_solver::formats::csv::Imported {
    let decoded: Vec<_> = list.iter().map(|(name, bytes)| (name.to_string(), decode(name, bytes))).collect();
    let texts: Vec<(String, String)> = decoded.iter().map(|(n, d)| (n.clone(), d.text.clone())).collect();
    let encodings: Vec<Option<TextEncoding>> = decoded.iter().map(|(_, d)| Some(d.encoding)).collect();
    import_encoded(&texts, &encodings, &[], None)
}

const OPTIMOROUTE: &str = "Order ID,Location Name,Address,Latitude,Longitude,Time Window Start,Time Window End,Duration (min),Load 1 (kg),Load 2 (L),Skills,Priority\n\
A-1,Bakery,1 Rue de la Paix,48.8686,2.3318,08:00,12:00,10,25.5,40,cold,high\n\
A-2,Cafe,2 Rue Royale,48.8680,2.3225,09:00,11:00,5,10,20,,normal\n\
A-3,Shop,3 Rue Cler,48.8560,2.3050,,,15,5,,,low\n\
A-4,Office,4 Rue du Bac,48.8550,2.3250,13:00,17:00,8,8,12,,urgent\n\
A-5,Hotel,5 Rue Lepic,48.8850,2.3350,10:00,9:00,7,3,5,,soonish\n\
A-6,Bar,6 Rue Oberkampf,48.8650,2.3780,14:00,18:00,oops,-4,6,,H\n";

const FLEET: &str =
    "Vehicle ID,Depot lat,Depot lon,End lat,End lon,count,Load 1 (kg),Load 2 (L),Shift start,Shift end\n\
van,48.8400,2.3000,,,2,400,800,07:00,17:00\n\
bike,48.8400,2.3000,48.8700,2.3500,1,60,100,08:00,16:00\n\
truck,52.4862,13.3945,,,1,1000,3000,06:00,18:00\n";

#[test]
fn an_optimoroute_export_keeps_every_order_maps_text_priorities_and_uses_both_loads() {
    let imported = import(&files(&[("optimoroute.csv", OPTIMOROUTE), ("fleet.csv", FLEET)]), &[], None);
    let s = &imported.scenario;
    let issues = &imported.issues;
    assert_eq!(order_ids(s), ["A-1", "A-2", "A-3", "A-4", "A-5", "A-6"], "{issues:#?}");
    assert!(errors(issues).is_empty(), "{issues:#?}");
    // Priorities on the engine's 1–5 scale; an unreadable one keeps the default, said on its line.
    let priorities: Vec<Option<u32>> = s.orders.iter().map(|o| o.priority).collect();
    assert_eq!(priorities, [Some(3), Some(2), None, Some(4), None, Some(3)]);
    let bad = warning(issues, "optimoroute.csv", 6, "Priority");
    assert!(bad.message.contains("\"soonish\" is not a priority") && bad.message.contains("kept with priority 1"));
    // A window that ends before it starts, a duration and a load that do not read: warnings.
    assert!(warning(issues, "optimoroute.csv", 6, "Time Window End").message.contains("ends (09:00) before"));
    assert!(warning(issues, "optimoroute.csv", 7, "Duration (min)").message.contains("kept with no service time"));
    assert!(warning(issues, "optimoroute.csv", 7, "Load 1 (kg)").message.contains("must not be negative"));
    assert!(imported.summary.contains("2 rows kept with a default"), "{}", imported.summary);
    // Both loads are capacity dimensions, named by their unit, matched with the fleet's.
    assert_eq!(s.dimensions, ["kg", "l"]);
    let problem = s.to_problem("optimoroute").expect("the import converts");
    assert_eq!(problem.orders[0].demand[0..2], [25_500, 40_000], "thousandths");
    assert_eq!(problem.orders[0].service, 600 * 1_000_000, "Duration (min)");
    let van = &problem.vehicles[0];
    assert_eq!(van.capacity[0..2], [400_000, 800_000]);
    assert_eq!(problem.vehicles.len(), 4, "van-1, van-2, bike, truck");
    // Depots made where the vehicles start and end, one per position.
    assert_eq!(s.depots.len(), 3, "{:#?}", s.depots);
    let ids: Vec<&str> = s.depots.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["depot-1", "depot-2", "depot-3"]);
    let fleet: Vec<(Option<&str>, Option<&str>)> =
        s.vehicles.iter().map(|v| (v.start.as_deref(), v.end.as_deref())).collect();
    assert_eq!(fleet, [(Some("depot-1"), None), (Some("depot-1"), Some("depot-2")), (Some("depot-3"), None)]);
    assert!(warning(issues, "fleet.csv", 0, "depots").message.starts_with("3 depots made"));
    assert!(!issues.iter().any(|i| i.message.contains("no depot has id")), "{issues:#?}");
    assert!(!issues.iter().any(|i| i.message.contains("not used: Location Name, Address,")), "{issues:#?}");
}

#[test]
fn a_bad_optional_field_never_drops_an_order() {
    let orders = "id,lat,lon,parcels,service,windows,priority,optional,value,depot\n\
                  ok,45.75,4.85,2,5,09:00-11:00,2,no,,\n\
                  demand,45.75,4.85,lots,5,,,,,\n\
                  service,45.75,4.85,1,forever,,,,,\n\
                  window,45.75,4.85,1,5,8-25,,,,\n\
                  backwards,45.75,4.85,1,5,12:00-10:00; 14:00-16:00,,,,\n\
                  priority,45.75,4.85,1,5,,asap-ish,,,\n\
                  optional,45.75,4.85,1,5,,,maybe,,\n\
                  value,45.75,4.85,1,5,,,yes,priceless,\n\
                  depot,45.75,4.85,1,5,,,,,atlantis\n\
                  noplace,,,1,5,,,,,\n\
                  ok,45.75,4.85,1,5,,,,,\n";
    let imported = import(&files(&[("orders.csv", orders)]), &[], None);
    let issues = &imported.issues;
    let s = &imported.scenario;
    assert_eq!(
        order_ids(s),
        ["ok", "demand", "service", "window", "backwards", "priority", "optional", "value", "depot"],
        "{issues:#?}"
    );
    // Only what makes an order unplannable skips it: no place, a duplicate id.
    let skipped: Vec<(usize, &str)> = errors(issues).iter().map(|i| (i.line, i.field.as_str())).collect();
    assert_eq!(skipped, [(11, "lat"), (12, "id")]);
    for (line, field, default) in [
        (3, "parcels", "kept with no demand in parcels"),
        (4, "service", "kept with no service time"),
        (5, "windows", "kept with no time window (always open)"),
        (6, "windows", "this window left out"),
        (7, "priority", "kept with priority 1 (low)"),
        (8, "optional", "kept with mandatory"),
        (9, "value", "kept with no value"),
        (10, "depot", "kept for any depot"),
    ] {
        let w = warning(issues, "orders.csv", line, field);
        assert!(w.message.contains(default), "line {line}: {}", w.message);
    }
    let backwards = &s.orders[4];
    assert_eq!(backwards.windows.as_ref().map(Vec::len), Some(1), "the good window stays");
    assert!(imported.summary.contains("8 rows kept with a default"), "{}", imported.summary);
    s.to_problem("kept").expect("what is kept plans");
}

/// A German Excel export saved as Windows-1252: `;`, decimal commas, umlauts in the headers.
const GERMAN_1252: &[u8] = b"Auftragsnr;Empf\xe4nger;Stra\xdfe;Breite;L\xe4nge;Gewicht kg;Zeitfenster;Priorit\xe4t\r\n\
1001;M\xfcller GmbH;Hauptstra\xdfe 1;52,5200;13,4050;12,5;08:00-12:00;hoch\r\n\
1002;B\xe4ckerei Sch\xf6n;Torstra\xdfe 5;52,5290;13,4010;3;8-12;normal\r\n\
1003;Caf\xe9 \x80uro;Alexanderplatz 2;52,5219;13,4132;7,25;;dringend\r\n";

#[test]
fn a_windows_1252_german_export_is_decoded_and_its_columns_recognised() {
    let decoded = decode("Aufträge.csv", GERMAN_1252);
    assert_eq!(decoded.encoding, TextEncoding::Windows1252);
    assert!(decoded.text.starts_with("Auftragsnr;Empfänger;Straße;Breite;Länge"));
    assert!(decoded.text.contains("Café €uro"));
    let shape = lastmile_solver::formats::csv::inspect("Aufträge.csv", &decoded.text).unwrap();
    assert_eq!(
        shape.mapping,
        [
            Some(Column::Id),
            None,
            Some(Column::Address),
            Some(Column::Lat),
            Some(Column::Lon),
            Some(Column::Demand("kg".into())),
            Some(Column::Windows),
            Some(Column::Priority)
        ]
    );
    let imported = import_bytes(&[("Aufträge.csv", GERMAN_1252)]);
    let s = &imported.scenario;
    assert_eq!(order_ids(s), ["1001", "1002", "1003"], "{:#?}", imported.issues);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    let note = warning(&imported.issues, "Aufträge.csv", 0, "encoding");
    assert!(note.message.contains("Windows-1252"), "{}", note.message);
    assert_eq!(s.orders[0].place.lat, Some(52.52));
    assert_eq!(s.orders.iter().map(|o| o.priority).collect::<Vec<_>>(), [Some(3), Some(2), Some(4)]);
    let problem = s.to_problem("de").unwrap();
    assert_eq!(problem.orders[2].demand[0], 7_250, "7,25 kg");
    assert_eq!(problem.orders[1].windows.as_slice()[0].end, 12 * 3600 * 1_000_000, "8-12");
}

#[test]
fn utf16_unicode_text_and_utf8_with_a_bom_import_alike() {
    let text = "Order ID\tLatitude\tLongitude\tPoids (kg)\tVolume (L)\n\
                é1\t45,75\t4,85\t2\t3\n\
                é2\t45,76\t4,86\t1\t1\n";
    let le: Vec<u8> = [0xfeff].into_iter().chain(text.encode_utf16()).flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let bom: Vec<u8> = b"\xef\xbb\xbf".iter().copied().chain(text.bytes()).collect();
    for (bytes, encoding) in [(le, TextEncoding::Utf16Le), (be, TextEncoding::Utf16Be), (bom, TextEncoding::Utf8)] {
        assert_eq!(decode("orders.txt", &bytes).encoding, encoding);
        let imported = import_bytes(&[("orders.txt", &bytes)]);
        assert_eq!(order_ids(&imported.scenario), ["é1", "é2"], "{encoding:?}: {:#?}", imported.issues);
        assert_eq!(imported.scenario.dimensions, ["kg", "l"]);
        let noted = imported.issues.iter().any(|i| i.field == "encoding");
        assert_eq!(noted, encoding != TextEncoding::Utf8, "the report names an encoding that is not UTF-8");
    }
}

#[test]
fn a_binary_file_read_as_bytes_is_still_refused_whole() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let imported = import_bytes(&[("orders.csv", png)]);
    assert!(imported.issues.iter().any(|i| i.message.contains("a PNG image")), "{:#?}", imported.issues);
    assert!(imported.scenario.orders.is_empty());
}

#[test]
fn addresses_without_coordinates_are_reported_once() {
    let mut only = String::from("Order ID,Address,Weight\n");
    for k in 0..240 {
        only.push_str(&format!("o{k},{k} Main Street,1\n"));
    }
    let imported = import(&files(&[("orders.csv", &only)]), &[], None);
    let said: Vec<&Issue> = imported.issues.iter().filter(|i| i.message.contains("address")).collect();
    assert_eq!(said.len(), 1, "{:#?}", imported.issues);
    assert_eq!(
        said[0].message,
        "240 orders have an address but no coordinates: Lastmile does not geocode, because that would send \
         your customers' addresses to a server; add latitude/longitude columns"
    );
    assert_eq!(imported.issues.len(), 2, "that, and nothing read: {:#?}", imported.issues);

    // Some rows with coordinates, some with an address only.
    let mixed = "id,address,lat,lon\na,1 Main St,45.75,4.85\nb,2 Main St,,\nc,3 Main St,,\nd,,45.76,4.86\n";
    let imported = import(&files(&[("orders.csv", mixed)]), &[], None);
    assert_eq!(order_ids(&imported.scenario), ["a", "d"]);
    let errors = errors(&imported.issues);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].message.starts_with("2 orders have an address but no coordinates"));
    assert_eq!((errors[0].line, errors[0].field.as_str()), (0, "address"));
}

#[test]
fn numbered_loads_units_and_single_window_columns() {
    let orders = "Order,Lat,Lon,Load 1,Load 2,Gewicht kg,Time Window,service_s\n\
                  a,45.75,4.85,1,2,3,08:00–12:00; 14:00–16:00,90\n\
                  b,45.76,4.86,1,1,1,8-12,30\n";
    let vehicles = "id,Load 1,Load 2,Nutzlast (kg),Depot lat,Depot lon\nv,10,20,300,45.7,4.8\n";
    let imported = import(&files(&[("orders.csv", orders), ("vehicles.csv", vehicles)]), &[], None);
    let s = &imported.scenario;
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    assert_eq!(s.dimensions, ["load", "load2", "kg"]);
    let problem = s.to_problem("loads").unwrap();
    assert_eq!(problem.vehicles[0].capacity[0..3], [10_000, 20_000, 300_000]);
    assert_eq!(problem.orders[0].windows.as_slice().len(), 2);
    assert_eq!(problem.orders[0].service, 90 * 1_000_000, "service_s is in seconds");
    assert_eq!(problem.orders[1].windows.as_slice()[0].start, 8 * 3600 * 1_000_000);
}

/// After VROOM's documentation example with time windows: two vehicles on a morning shift and
/// jobs, times as UNIX timestamps (2020-09-18, 08:00–12:00 UTC).
const VROOM_UNIX: &str = r#"{
  "vehicles": [
    {"id": 1, "start": [2.35044, 48.71764], "end": [2.35044, 48.71764], "capacity": [4], "skills": [1, 14],
     "time_window": [1600416000, 1600430400],
     "breaks": [{"id": 1, "time_windows": [[1600423200, 1600425000]], "service": 600}]},
    {"id": 2, "start": [2.35044, 48.71764], "end": [2.35044, 48.71764], "capacity": [4], "skills": [2, 14],
     "time_window": [1600416000, 1600430400]}
  ],
  "jobs": [
    {"id": 1, "service": 300, "delivery": [1], "location": [1.98935, 48.701], "skills": [1],
     "time_windows": [[1600419600, 1600423200]]},
    {"id": 2, "service": 300, "delivery": [1], "location": [2.03655, 48.61128], "skills": [1]},
    {"id": 3, "service": 300, "delivery": [1], "location": [2.39719, 49.07611], "skills": [2],
     "time_windows": [[0, 1600426800]]},
    {"id": 4, "service": 300, "delivery": [1], "location": [2.41808, 49.22619], "skills": [2]},
    {"id": 5, "service": 300, "delivery": [1], "location": [2.28325, 48.5958], "skills": [14]},
    {"id": 6, "service": 300, "delivery": [1], "location": [2.89357, 48.90736], "skills": [14]}
  ]
}"#;

/// 2020-09-18 00:00 UTC.
const MIDNIGHT: i64 = 1_600_387_200;

#[test]
fn vroom_unix_times_load_relative_to_the_first_day_and_go_back_out_absolute() {
    use lastmile_solver::formats::vroom;
    use lastmile_solver::units::{from_ticks, to_ticks};
    let problem = vroom::parse("doc.vroom.json", VROOM_UNIX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(problem.time_origin, Some(MIDNIGHT));
    let hours = |h: f64| to_ticks(h * 3600.0);
    assert_eq!((problem.vehicles[0].shift.start, problem.vehicles[0].shift.end), (hours(8.0), hours(12.0)));
    assert_eq!(problem.vehicles[0].rest.map(|b| (b.window.start, b.window.end)), Some((hours(10.0), hours(10.5))));
    let w = problem.orders[0].windows.as_slice()[0];
    assert_eq!((w.start, w.end), (hours(9.0), hours(10.0)));
    let w = problem.orders[2].windows.as_slice()[0];
    assert_eq!((w.start, w.end), (0, hours(11.0)), "a 0 stays the start");
    assert_eq!(problem.orders[1].service, to_ticks(300.0), "durations are not moved");

    let options =
        lastmile_solver::SolveOptions { time_limit_ms: f64::INFINITY, max_iterations: 200, threads: 1, seed: 1 };
    let plan = lastmile_solver::solve(&problem, &options, &|| 0.0, &mut |_| true);
    assert!(lastmile_solver::checker::violations(&problem, &plan).is_empty());
    let routed: usize = plan.routes.iter().map(|r| r.stops.len()).sum();
    assert!(routed >= 4, "{plan:?}");

    // VROOM's solution: every arrival the schedule's, in UNIX time.
    let out = vroom::write_solution(&problem, &plan);
    let mut arrivals = Vec::new();
    for (route, json) in plan.routes.iter().filter(|r| !r.stops.is_empty()).zip(out["routes"].as_array().unwrap()) {
        let schedule = route.schedule(&problem);
        let steps = json["steps"].as_array().unwrap();
        assert_eq!(steps[0]["arrival"].as_i64(), Some(MIDNIGHT + from_ticks(schedule.departure) as i64));
        for step in steps {
            let at = step["arrival"].as_f64().unwrap();
            assert!((1_600_416_000.0..=1_600_430_400.0).contains(&at), "{step}");
            arrivals.push(at);
        }
        for (visit, step) in schedule.visits.iter().zip(steps.iter().filter(|s| s["type"] == "job")) {
            let ready = step["arrival"].as_f64().unwrap() + step["waiting_time"].as_f64().unwrap();
            assert_eq!(ready, MIDNIGHT as f64 + from_ticks(visit.start), "{step}");
            if step["id"] == 1 {
                assert!((1_600_419_600.0..=1_600_423_200.0).contains(&ready), "job 1 in its window: {step}");
            }
        }
    }
    assert!(!arrivals.is_empty());

    // The app's way: the problem as a scenario (ISO dates), read back; the same calendar.
    let scenario = Scenario::from_problem(&problem);
    let text = scenario.to_json_pretty();
    assert!(text.contains("\"2020-09-18T08:00:00\""), "{text}");
    let again = Scenario::from_json("doc.json", &text).and_then(|s| s.to_problem("doc.json")).unwrap();
    assert_eq!(again.time_origin, Some(MIDNIGHT));
    assert_eq!(again.vehicles[0].shift, problem.vehicles[0].shift);
    assert_eq!(again.orders[0].windows.as_slice(), problem.orders[0].windows.as_slice());
    assert_eq!(vroom::write_solution(&again, &plan)["routes"], out["routes"]);

    // VROOM's problem written back is in UNIX time too, and reads the same.
    let written = vroom::write_problem(&problem).unwrap();
    assert_eq!(written["vehicles"][0]["time_window"], serde_json::json!([1_600_416_000, 1_600_430_400]));
    let back = vroom::parse("back.json", &written.to_string()).unwrap();
    assert_eq!(back.time_origin, Some(MIDNIGHT));
    assert_eq!(back.orders[0].windows.as_slice(), problem.orders[0].windows.as_slice());

    // `lastmile solve x.vroom.json --output` gives the plan's times in UNIX time as well.
    let dir = std::env::temp_dir().join(format!("lastmile-unix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (input, output) = (dir.join("doc.vroom.json"), dir.join("plan.json"));
    std::fs::write(&input, VROOM_UNIX).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_lastmile"))
        .args(["solve", input.to_str().unwrap(), "--iterations", "200", "--output", output.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let routes = report["routes"].as_array().unwrap();
    assert!(!routes.is_empty());
    for route in routes {
        assert_eq!(route["shift"], serde_json::json!([1_600_416_000.0, 1_600_430_400.0]), "{route}");
        for visit in route["visits"].as_array().unwrap() {
            let start = visit["start"].as_f64().unwrap();
            assert!((1_600_416_000.0..=1_600_430_400.0).contains(&start), "{visit}");
        }
    }
}

#[test]
fn vroom_files_that_mix_unix_and_relative_times_are_told_so() {
    let mixed = VROOM_UNIX.replace("\"time_windows\": [[1600419600, 1600423200]]", "\"time_windows\": [[3600, 7200]]");
    let err = lastmile_solver::formats::vroom::parse("mixed.json", &mixed).unwrap_err();
    assert_eq!(err.field, "jobs[0] (id 1).time_windows[0]");
    assert_eq!(
        err.message,
        "3600 is before 2020-09-18, the first day of the file's UNIX times: give every time as a UNIX timestamp, \
         or every one in seconds from the start of the day"
    );
}

/// The error asking to confirm columns guessed from their contents.
fn confirm<'a>(issues: &'a [Issue], file: &str) -> &'a Issue {
    issues
        .iter()
        .find(|i| i.severity == Severity::Error && i.file == file && i.field == "columns")
        .unwrap_or_else(|| panic!("no mapping question for {file}: {issues:#?}"))
}

/// A German export whose headers say nothing (`Feld1` …), saved by Excel in Windows-1252.
const GERMAN_FIELDS: &[u8] = b"Feld1;Feld2;Feld3;Feld4;Feld5;Feld6;Feld7\r\n\
4711;M\xfcller GmbH;52,5200;13,4050;12,5;08:00;12:00\r\n\
4712;B\xe4ckerei Sch\xf6n;52,5290;13,4010;3;09:00;11:00\r\n\
4713;Caf\xe9 S\xfcd;52,5219;13,4132;7,25;13:00;17:00\r\n\
4714;Wei\xdf & S\xf6hne;52,5170;13,3889;1;08:00;10:00\r\n";

#[test]
fn a_german_export_with_unknown_headers_is_guessed_from_its_contents_and_asks_to_confirm() {
    let decoded = decode("Auftraege.csv", GERMAN_FIELDS);
    let shape = inspect("Auftraege.csv", &decoded.text).unwrap();
    assert!(shape.header_row);
    assert_eq!(shape.kind, Some(TableKind::Orders));
    assert_eq!(
        shape.mapping,
        vec![
            Some(Column::Id),
            None,
            Some(Column::Lat),
            Some(Column::Lon),
            Some(Column::Demand("demand".into())),
            Some(Column::WindowStart),
            Some(Column::WindowEnd)
        ]
    );
    assert_eq!(shape.samples[1], ["Müller GmbH", "Bäckerei Schön", "Café Süd"]);
    // Never applied silently: nothing is imported, the report lists the guess.
    let texts = vec![("Auftraege.csv".to_string(), decoded.text.clone())];
    let imported = import(&texts, &[], None);
    assert!(imported.scenario.orders.is_empty());
    let question = confirm(&imported.issues, "Auftraege.csv");
    assert_eq!(question.line, 1);
    assert!(question.message.contains("columns guessed from their contents: please confirm"), "{}", question.message);
    assert!(question.message.contains("Feld3 → lat, Feld4 → lon"), "{}", question.message);
    // Confirmed: every row is an order, with its window and demand.
    let imported = import(&texts, &[("Auftraege.csv".into(), shape.mapping)], None);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    let s = &imported.scenario;
    assert_eq!(order_ids(s), ["4711", "4712", "4713", "4714"]);
    assert_eq!(s.dimensions, ["demand"]);
    let problem = s.to_problem("guessed").unwrap();
    assert_eq!(problem.orders[0].windows.as_slice()[0].start, 8 * 3600 * 1_000_000);
    assert_eq!(s.orders[2].demand, Some(Quantity::Each(vec![Some(7.25)])));
    assert_eq!((s.orders[0].place.lat, s.orders[0].place.lon), (Some(52.52), Some(13.405)));
}

/// A French export: `Début` and `Fin` are known headers, the coordinates (longitude first) and
/// the parcels are not.
const FRENCH: &str = "Code client,Coord. X,Coord. Y,Début,Fin,Nb\n\
C-01,4.8357,45.7640,09:00,11:00,2\n\
C-02,4.8500,45.7700,09:00,12:00,1\n\
C-03,4.8200,45.7550,13:00,15:00,4\n\
C-04,4.8600,45.7480,08:00,18:00,1\n\
C-05,4.8290,45.7810,10:00,12:00,3\n";

#[test]
fn a_french_export_keeps_its_known_headers_and_guesses_the_rest_longitude_first() {
    let shape = inspect("tournee.csv", FRENCH).unwrap();
    assert_eq!(shape.kind, Some(TableKind::Orders));
    assert_eq!(
        shape.mapping,
        vec![
            Some(Column::Id),
            Some(Column::Lon),
            Some(Column::Lat),
            Some(Column::WindowStart),
            Some(Column::WindowEnd),
            Some(Column::Demand("demand".into()))
        ]
    );
    assert_eq!(shape.from_contents, [true, true, true, false, false, true], "Début and Fin are headers");
    let imported = import(&files(&[("tournee.csv", FRENCH)]), &[], None);
    assert!(confirm(&imported.issues, "tournee.csv").message.contains("Coord. X → lon, Coord. Y → lat"));
    let imported = import(&files(&[("tournee.csv", FRENCH)]), &[("tournee.csv".into(), shape.mapping)], None);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    assert_eq!(imported.scenario.orders.len(), 5);
    assert_eq!(imported.scenario.orders[0].place.lat, Some(45.7640));
}

/// A file with no header line: its first row is an order too.
const HEADERLESS: &str = "A-1,48.8686,2.3318,08:00-12:00,10 min\n\
A-2,48.8680,2.3225,9-11,5 min\n\
A-3,48.8560,2.3050,12:00-10:00,15 min\n\
A-4,48.8550,2.3250,13:00-17:00,8 min\n";

#[test]
fn a_headerless_file_reads_its_first_row_as_data_with_lines_as_in_the_file() {
    let shape = inspect("stops.csv", HEADERLESS).unwrap();
    assert!(!shape.header_row);
    assert_eq!(shape.rows, 4);
    assert_eq!(shape.headers, ["Column 1", "Column 2", "Column 3", "Column 4", "Column 5"]);
    assert_eq!(
        shape.mapping,
        vec![Some(Column::Id), Some(Column::Lat), Some(Column::Lon), Some(Column::Windows), Some(Column::Service)]
    );
    let imported = import(&files(&[("stops.csv", HEADERLESS)]), &[], None);
    let question = confirm(&imported.issues, "stops.csv");
    assert!(question.message.starts_with("the first row holds values, not column names"), "{}", question.message);
    let imported = import(&files(&[("stops.csv", HEADERLESS)]), &[("stops.csv".into(), shape.mapping)], None);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    assert_eq!(order_ids(&imported.scenario), ["A-1", "A-2", "A-3", "A-4"], "the first row is an order");
    // Line 3 of the file is line 3 of the report; the column is named as the mapping step shows it.
    let w = warning(&imported.issues, "stops.csv", 3, "Column 4");
    assert!(w.message.contains("before it starts"), "{}", w.message);
    assert_eq!(imported.scenario.orders[1].service, Some(lastmile_solver::formats::scenario::TimeValue::Number(300.0)));
}

const LENIENT_FLEET: &str = "Vehicle ID,Start Address,Depot,End depot,Capacity,Capacity (kg),Shift start,Shift end,Break duration,Max hours,Range km,Cost per km,Skills\n\
van-1,1 Rue de la Paix Paris,north,north,20,800,08:00,18:00,30,9,150,0.3,cold\n\
van-2,2 Rue Royale Paris,north,nowhere,lots,800,8 Uhr,18:00,half an hour,nine,far,cheap,\n\
van-3,3 Rue Cler Paris,,,10,heavy,18:00,08:00,,,,,\n\
van-4,4 Rue du Bac Paris,south,,10,100,07:00,15:00,,,,,\n";

const LENIENT_DEPOTS: &str = "id,lat,lon,hours\nnorth,48.88,2.35,06:00-21:00\nwest,48.86,2.28,always\n";

const LENIENT_ORDERS: &str = "id,lat,lon,parcels,kg,skills\na,48.8686,2.3318,2,10,cold\nb,48.8680,2.3225,1,5,\n";

#[test]
fn vehicle_and_depot_rows_keep_their_defaults_and_only_a_vehicle_without_a_start_is_left_out() {
    let imported = import(
        &files(&[("orders.csv", LENIENT_ORDERS), ("fleet.csv", LENIENT_FLEET), ("depots.csv", LENIENT_DEPOTS)]),
        &[],
        None,
    );
    let issues = &imported.issues;
    let s = &imported.scenario;
    // Only van-4 is left out: its start depot does not exist.
    let errors: Vec<(&str, usize, &str)> =
        errors(issues).into_iter().map(|i| (i.file.as_str(), i.line, i.field.as_str())).collect();
    assert_eq!(errors, [("fleet.csv", 5, "Depot")], "{issues:#?}");
    assert_eq!(s.vehicles.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["van-1", "van-2", "van-3"]);
    // Each bad field is a warning on its file, line and column, naming the default used.
    for (line, field, default) in [
        (3, "End depot", "kept ending where it starts"),
        (3, "Capacity", "kept with an unlimited capacity"),
        (3, "Shift start", "kept with an open start"),
        (3, "Break duration", "kept with no break"),
        (3, "Max hours", "kept with no maximum duration"),
        (3, "Range km", "kept with no range limit"),
        (3, "Cost per km", "kept with the default rate"),
        (4, "Capacity (kg)", "kept with an unlimited capacity in kg"),
        (4, "Shift end", "kept with an open shift"),
    ] {
        let w = warning(issues, "fleet.csv", line, field);
        assert!(w.message.contains(default), "line {line}, {field}: {}", w.message);
    }
    let w = warning(issues, "depots.csv", 3, "hours");
    assert!(w.message.contains("always open"), "{}", w.message);
    assert_eq!(s.depots.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["north", "west"]);
    assert!(s.depots[1].opening.is_none());
    // The addresses are not depot ids: said once for the file.
    let said: Vec<&Issue> = issues.iter().filter(|i| i.field == "Start Address").collect();
    assert_eq!(said.len(), 1, "{issues:#?}");
    assert!(
        said[0].message.contains("4 vehicles give an address (1 without a depot or coordinates)"),
        "{}",
        said[0].message
    );
    assert!(said[0].message.contains("does not geocode"));
    let van2 = &s.vehicles[1];
    assert_eq!((van2.start.as_deref(), van2.end.as_deref()), (Some("north"), None));
    assert_eq!(s.vehicles[2].start, None, "van-3 starts at the first depot");
    assert!(imported.summary.contains("3 vehicles"), "{}", imported.summary);
    assert!(imported.summary.contains("3 rows kept with a default"), "{}", imported.summary);
    // The kept vehicles plan.
    let problem = s.to_problem("lenient").unwrap();
    assert_eq!(problem.vehicles.len(), 3);
}

#[test]
fn start_and_end_address_headers_are_never_depot_ids() {
    let shape =
        inspect("fleet.csv", "Vehicle ID,Start Address,End Address,Capacity\nv,1 Main St,2 High St,10\n").unwrap();
    assert_eq!(shape.kind, Some(TableKind::Vehicles));
    assert_eq!(shape.mapping[1], Some(Column::StartAddress));
    assert_eq!(shape.mapping[2], Some(Column::EndAddress));
}

/// Many orders no vehicle can serve for one reason (a skill nobody has) are said once, with the
/// count and the first lines, not once per row; a few are said one by one.
#[test]
fn orders_no_vehicle_can_serve_for_one_reason_are_said_once() {
    let mut orders = String::from("id,lat,lon,skills\n");
    for k in 0..40 {
        orders.push_str(&format!("c{k},45.76{k:02},4.84{k:02},crane\n"));
    }
    orders.push_str("a,45.7600,4.8400,\nb,45.7610,4.8410,reefer\n");
    let vehicles = "id,start_depot,capacity_kg\nvan,hub,500\n";
    let depots = "id,lat,lon\nhub,45.76,4.84\n";
    let imported =
        import(&files(&[("orders.csv", &orders), ("vehicles.csv", vehicles), ("depots.csv", depots)]), &[], None);
    let unservable: Vec<&Issue> =
        imported.issues.iter().filter(|i| i.message.contains("no vehicle can serve")).collect();
    assert_eq!(unservable.len(), 2, "{unservable:#?}");
    assert!(unservable[0]
        .message
        .starts_with("40 orders no vehicle can serve, even with nothing else to do (line 2, line 3, line 4 …)"));
    assert_eq!((unservable[0].line, unservable[0].field.as_str()), (2, "skills"));
    assert!(unservable[1].message.starts_with("no vehicle can serve this order"));
    assert_eq!(unservable[1].line, 43);
    assert_eq!(order_ids(&imported.scenario).len(), 42, "every order kept");
}

/// A Berlin day exported with German headers and type words in several languages: deliveries,
/// a return (`Retoure`), a shipment collected at its `Abholung` coordinates, and one cargo bike
/// that may reload at the depot (`Nachladedepots`, `Nachladezeit`, `Max Fahrten`). It imports
/// without an issue, the engine plans every order, the independent checker finds nothing, and
/// the bike, carrying a third of the day's goods at a time, reloads.
#[test]
fn a_german_day_with_a_return_a_shipment_and_a_reloading_cargo_bike_plans_feasibly() {
    use lastmile_solver::checker::violations;
    use lastmile_solver::problem::Task;
    use lastmile_solver::units::to_ticks;
    use lastmile_solver::{solve, SolveOptions};

    let depots = "Lager;Breite;Länge;Öffnungszeiten\nMitte;52,5200;13,4050;06:00-20:00\n";
    let orders = "Auftragsnummer;Breite;Länge;Gewicht (kg);Zeitfenster;Typ;Abholung Breite;Abholung Länge;Abholfenster;Abholdauer\n\
A1;52,5230;13,4110;10;09:00-12:00;Lieferung;;;;\n\
A2;52,5170;13,3990;10;;livraison;;;;\n\
A3;52,5250;13,3950;10;;;;;;\n\
A4;52,5150;13,4150;10;;entrega;;;;\n\
A5;52,5280;13,4080;10;;Zustellung;;;;\n\
A6;52,5120;13,4020;10;;consegna;;;;\n\
R1;52,5210;13,4200;6;;Retoure;;;;\n\
S1;52,5300;13,3900;8;10:00-14:00;;52,5100;13,3850;08:00-11:00;5\n";
    let vehicles = "Fahrzeug;Typ;Kapazität (kg);Schichtbeginn;Schichtende;Nachladedepots;Nachladezeit;Max Fahrten\n\
rad;Cargo Bike;25;08:00;18:00;Mitte;10;5\n";
    let imported =
        import(&files(&[("auftraege.csv", orders), ("fahrzeuge.csv", vehicles), ("lager.csv", depots)]), &[], None);
    assert!(imported.issues.is_empty(), "{:#?}", imported.issues);
    let problem = imported.scenario.to_problem("berlin").unwrap();

    // The tasks: six deliveries, a return, and a shipment whose pickup follows the orders.
    let tasks: Vec<Task> = problem.orders.iter().map(|o| o.task).collect();
    assert_eq!(tasks[..6], [Task::Delivery; 6]);
    assert_eq!(tasks[6..], [Task::Pickup, Task::ShipmentDelivery { pickup: 8 }, Task::ShipmentPickup { delivery: 7 }]);
    let pickup = &problem.orders[8];
    assert_eq!(pickup.id, "S1-pickup");
    let at = problem.points[pickup.location];
    assert_eq!((at.y, at.x), (52.51, 13.385), "collected at the Abholung coordinates");
    assert_eq!(pickup.service, to_ticks(300.0));
    assert_eq!(pickup.windows.envelope().start, to_ticks(8.0 * 3600.0));
    assert_eq!(pickup.demand, problem.orders[7].demand, "a shipment's goods are its order's");
    // The bike: a profile of its own, and reloads at the depot.
    let bike = &problem.vehicles[0];
    let reloads = bike.reloads.as_ref().expect("the bike reloads");
    assert_eq!((reloads.depots.clone(), reloads.duration, reloads.max_trips), (vec![0], to_ticks(600.0), 5));
    assert_eq!(imported.scenario.vehicles[0].profile.as_deref(), Some("bike"));

    let options = SolveOptions { max_iterations: 400, time_limit_ms: f64::INFINITY, ..Default::default() };
    let plan = solve(&problem, &options, &|| 0.0, &mut |_| true);
    assert!(violations(&problem, &plan).is_empty(), "{:?}", violations(&problem, &plan));
    assert!(plan.unassigned.is_empty(), "{:?}", plan.unassigned);
    let route = &plan.routes[0];
    assert_eq!(route.stops.len(), 9);
    // 60 kg of deliveries on a 25 kg bike: three trips at least, so two reloads at the depot.
    assert!(route.reloads.len() >= 2, "{:?}", route.reloads);
    assert!(route.reloads.iter().all(|r| r.depot == 0));
    let at = |o: usize| route.stops.iter().position(|&s| s == o);
    assert!(at(8) < at(7), "the shipment is collected before it is delivered");
}

/// A shipment whose pickup place is far from every other place (latitude and longitude typed
/// the wrong way round) is warned of on its pickup columns, and kept.
#[test]
fn a_far_pickup_is_warned_of_on_its_own_columns() {
    let orders = "id,lat,lon,kg,pickup_id,pickup_lat,pickup_lon\n\
                  a1,45.760,4.850,12,,,\n\
                  a2,45.752,4.842,3,,,\n\
                  a3,45.749,4.839,3,,,\n\
                  s1,45.748,4.861,5,P1,4.830,45.771\n";
    let vehicles = "id,lat,lon,capacity\nvan,45.75,4.85,100\n";
    let imported =
        lastmile_solver::formats::csv::import(&files(&[("orders.csv", orders), ("vehicles.csv", vehicles)]), &[], None);
    assert!(errors(&imported.issues).is_empty(), "{:#?}", imported.issues);
    let far = warning(&imported.issues, "orders.csv", 5, "pickup_lat, pickup_lon");
    assert!(
        far.message.starts_with("far from the rest: latitude and longitude swapped? (4.83, 45.771)"),
        "{}",
        far.message
    );
    assert!(far.message.contains("swapped, it would be"), "{}", far.message);
    assert_eq!(order_ids(&imported.scenario), ["a1", "a2", "a3", "s1"]);
}
