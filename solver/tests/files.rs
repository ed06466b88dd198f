//! Planners' real files (issue 12): exports of routing tools and spreadsheets, in the encodings
//! they are saved in, import with every plannable order kept. Each file is built here, with the
//! bytes its encoding gives.

use lastmile_solver::formats::csv::{import, import_encoded, Column, Issue, Severity};
use lastmile_solver::formats::encoding::{decode, TextEncoding};
use lastmile_solver::formats::scenario::Scenario;

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
