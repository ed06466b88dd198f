//! Fuzzing in the test command (issue 12): every reader, and the whole import entry the CLI and
//! the app use, is fed arbitrary bytes and structure-aware mutations of a valid file (bytes
//! flipped, the file cut short, delimiters, quotes, line breaks and odd numbers inserted, runs of
//! bytes removed). None may panic; every failure must be a message (a `ParseError` or an import
//! issue with text). Bounded so the whole file runs in seconds in release: `CASES` per property.

use lastmile_solver::formats::csv::{self, read_bookings, Imported};
use lastmile_solver::formats::encoding::decode;
use lastmile_solver::formats::scenario::Scenario;
use lastmile_solver::formats::{self, lilim, osrm, solomon, vroom, ParseError};
use lastmile_solver::generate::{city, CitySpec};
use proptest::prelude::*;

/// Cases per property (thirteen properties).
const CASES: u32 = 400;

const ORDERS: &str = "Order ID;Latitude;Longitude;Weight (kg);Service (min);Time window;Priority;Skills;Depot\n\
\"a;1\";45,75;4,85;2,5;5;08:00-12:00;high;cold;D1\n\
b;45.76;4.84;1;;9-11, 14:00-16:00;2;;\n\
c;45.74;4.86;3;10;;;;\n";
const VEHICLES: &str = "id,count,capacity_kg,start_lat,start_lon,shift_start,shift_end,break_start,break_end,break_duration,skills,profile\n\
van,2,100,45.75,4.85,08:00,18:00,12:00,14:00,30,cold,van\n\
bike,1,30,45.75,4.85,2026-11-24T08:00,2026-11-24T16:00,,,,,bike\n";
const DEPOTS: &str = "id,lat,lon,open,close\nD1,45.75,4.85,07:00,20:00\n";
/// Goods both ways in CSV (German headers): a return, a pickup, shipments (one with its own id and
/// windows), and vehicles that reload.
const ORDERS_BOTH_WAYS: &str =
    "Auftragsnummer;Breite;Länge;Gewicht (kg);Typ;Abholung Breite;Abholung Länge;Abholfenster;Abholdauer;Abholnummer\n\
a;45,75;4,85;2;Lieferung;;;;;\n\
r;45.752;4.842;1;Retoure;;;;;\n\
p;45.748;4.861;;Abholung;;;;;\n\
s;45.761;4.851;3;;45,70;4,80;08:00-09:00, 13:00-;5;P-s\n\
t;45.74;4.86;1;;45.71;4.81;;;\n";
const VEHICLES_RELOADING: &str = "Fahrzeug;Typ;Kapazität (kg);Nachladedepots;Nachladezeit;Max Fahrten\n\
rad;cargo bike;5;D1;10;4\n\
van;van;50;;;\n";
const SCENARIO: &str = r#"{"format": "lastmile-scenario", "version": 1, "name": "fuzz",
 "dimensions": ["kg", "parcels"],
 "depots": [{"id": "D1", "lat": 45.76, "lon": 4.83, "opening": ["07:00", "20:00"]}],
 "orders": [
  {"id": "o1", "lat": 45.75, "lon": 4.85, "demand": [2, 1], "service": "5m", "windows": [["09:00", "11:00"], ["14:00", null]], "skills": ["cold"], "priority": 2},
  {"id": "o2", "lat": 45.752, "lon": 4.842, "demand": 1, "window": ["2026-11-24T10:00", "2026-11-24T12:00"], "optional": true, "value": 5},
  {"id": "o3", "lat": 45.761, "lon": 4.851, "demand": [1, 1], "depot": "D1"}
 ],
 "vehicles": [{"id": "van", "count": 2, "capacity": [10, null], "start": "D1", "shift": ["08:00", "17:00"],
   "break": {"duration": "30m", "window": ["12:00", "14:00"]}, "skills": ["cold"], "costs": {"fixed": 50, "per_km": 0.3}}]
}"#;
/// Goods both ways: a return, a pickup, and shipments (one with its own id and a second window).
const SHIPMENTS: &str = r#"{"format": "lastmile-scenario", "version": 1, "name": "both ways",
 "depots": [{"id": "D1", "lat": 45.76, "lon": 4.83, "opening": ["07:00", "20:00"]}],
 "orders": [
  {"id": "s1", "lat": 45.75, "lon": 4.85, "demand": 2, "window": ["10:00", "12:00"],
   "pickup": {"lat": 45.70, "lon": 4.80, "service": "5m", "windows": [["08:00", "09:00"], ["13:00", null]]}},
  {"id": "r1", "lat": 45.752, "lon": 4.842, "demand": 1, "type": "return"},
  {"id": "s2", "lat": 45.761, "lon": 4.851, "demand": 1, "pickup": {"id": "P2", "lat": 45.74, "lon": 4.86}},
  {"id": "p1", "lat": 45.748, "lon": 4.861, "type": "pickup", "skills": ["cold"]}
 ],
 "vehicles": [{"id": "van", "count": 2, "capacity": 5, "shift": ["08:00", "17:00"], "skills": ["cold"]}]
}"#;
const VROOM: &str = r#"{"vehicles": [{"id": 1, "start": [4.83, 45.76], "end": [4.83, 45.76], "capacity": [10, 5],
   "skills": [1], "time_window": [1600416000, 1600452000], "breaks": [{"id": 1, "time_windows": [[1600430400, 1600437600]], "service": 1800}]}],
 "jobs": [
  {"id": 1, "location": [4.85, 45.75], "delivery": [2, 1], "service": 300, "skills": [1], "priority": 10, "time_windows": [[1600419600, 1600423200]]},
  {"id": 2, "location": [4.842, 45.752], "pickup": [1], "setup": 60, "service": 300},
  {"id": 3, "location": [4.851, 45.761], "amount": [1]}
 ],
 "shipments": [{"amount": [1, 1], "skills": [1], "priority": 5,
  "pickup": {"id": 3, "location": [4.80, 45.70], "service": 120, "time_windows": [[1600416000, 1600419600]]},
  "delivery": {"id": 1, "location": [4.86, 45.74], "setup": 30}}]}"#;
const VROOM_MATRIX: &str = r#"{"vehicles": [{"id": "v", "start_index": 0, "profile": "car", "time_window": [0, 36000]}],
 "jobs": [{"id": 1, "location_index": 1, "time_windows": [[0, 3600]]}, {"id": 2, "location_index": 2}],
 "matrices": {"car": {"durations": [[0, 600, 900], [600, 0, 300], [900, 300, 0]], "distances": [[0, 5000, 7000], [5000, 0, 2500], [7000, 2500, 0]]}}}"#;
const SOLOMON: &str = "C101\n\nVEHICLE\nNUMBER     CAPACITY\n  25         200\n\nCUSTOMER\n\
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n\
    0      40         50          0          0       1236          0\n\
    1      45         68         10        912        967         90\n\
    2      45         70         30        825        870         90\n\
    3      42         66         10         65        146         90\n";
const LI_LIM: &str = "2\t10\t1\n0\t40\t50\t0\t0\t1236\t0\t0\t0\n\
1\t45\t68\t-5\t912\t967\t90\t3\t0\n\
2\t45\t70\t-3\t825\t870\t90\t4\t0\n\
3\t42\t66\t5\t65\t146\t90\t0\t1\n\
4\t42\t68\t3\t727\t782\t90\t0\t2\n";
const OSRM: &str = r#"{"code": "Ok", "durations": [[0, 600, 300, 400], [600, 0, 300, null], [300, 300, 0, 100], [400, 400, 100, 0]],
 "distances": [[0, 2500, 1200, 1600], [2500, 0, 1200, 1600], [1200, 1200, 0, 400], [1600, 1600, 400, 0]]}"#;
const BOOKINGS: &str = "Booking ID;Created At;Latitude;Longitude;Weight;Slot\n\
b2;2026-11-23 19:40;45,76;4,84;3;14:00\nb1;2026-11-22 21:05;45.75;4.83;;\n";

/// What a mutation may insert: delimiters, quotes, line breaks, marks and numbers that are not.
const PIECES: &[&str] = &[
    ",",
    ";",
    "\t",
    "|",
    "\"",
    "'",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\0",
    "-",
    ".",
    ":",
    "NaN",
    "inf",
    "1e999",
    "-1",
    "99999999999999999999",
    "4294967295",
    "1600416000",
    "25:99",
    "{",
    "}",
    "[",
    "]",
    "[[",
    "null",
    "true",
    "é",
    "€",
    "\u{fffd}",
    "\u{2013}",
    " ",
    "08:00-07:00",
    "2026-02-30T10:00",
];

#[derive(Clone, Debug)]
enum Edit {
    /// XOR a byte with a mask.
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, &'static str),
    Remove(usize, usize),
    /// Repeat a run of bytes (rows, keys).
    Repeat(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, mask)| Edit::Flip(at, mask)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), prop::sample::select(PIECES)).prop_map(|(at, piece)| Edit::Insert(at, piece)),
        (any::<usize>(), 1..24usize).prop_map(|(at, n)| Edit::Remove(at, n)),
        (any::<usize>(), 1..64usize).prop_map(|(at, n)| Edit::Repeat(at, n)),
    ]
}

/// `seed` with `edits` applied in turn (positions taken modulo the current length).
fn mutated(seed: &str, edits: &[Edit]) -> Vec<u8> {
    let mut bytes = seed.as_bytes().to_vec();
    for edit in edits {
        let len = bytes.len();
        match *edit {
            Edit::Flip(at, mask) if len > 0 => bytes[at % len] ^= mask,
            Edit::Truncate(at) => bytes.truncate(at % (len + 1)),
            Edit::Insert(at, piece) => {
                let at = at % (len + 1);
                bytes.splice(at..at, piece.bytes());
            }
            Edit::Remove(at, n) if len > 0 => {
                let at = at % len;
                bytes.drain(at..(at + n).min(len));
            }
            Edit::Repeat(at, n) if len > 0 => {
                let at = at % len;
                let run: Vec<u8> = bytes[at..(at + n).min(len)].to_vec();
                bytes.splice(at..at, run);
            }
            _ => {}
        }
    }
    bytes
}

fn mutations(seed: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(edit(), 1..6).prop_map(move |edits| mutated(seed, &edits))
}

fn config() -> ProptestConfig {
    ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() }
}

/// A parse error says something, and says where.
fn said(result: Result<impl Sized, ParseError>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        prop_assert!(!e.message.trim().is_empty(), "an error without a message: {e:?}");
        prop_assert!(!e.to_string().is_empty());
    }
    Ok(())
}

/// Every issue of an import says something, and what the import kept converts or says why not,
/// also after the round trip the app makes (the scenario as JSON text, read again).
fn reported(imported: &Imported) -> Result<(), TestCaseError> {
    for issue in &imported.issues {
        prop_assert!(!issue.message.trim().is_empty(), "an issue without a message: {issue:?}");
    }
    prop_assert!(!imported.summary.is_empty());
    said(imported.scenario.to_problem("fuzz"))?;
    let text = imported.scenario.to_json_pretty();
    said(Scenario::from_json("fuzz.json", &text).and_then(|s| s.to_problem("fuzz.json")))
}

/// The whole import entry on one file's bytes, as the CLI and the app call it.
fn import_bytes(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let decoded = decode(name, bytes);
    let files = [(name.to_string(), decoded.text)];
    reported(&csv::import_encoded(&files, &[Some(decoded.encoding)], &[], None))
}

/// Every reader on one text.
fn every_reader(name: &str, text: &str) -> Result<(), TestCaseError> {
    said(csv::inspect(name, text))?;
    said(formats::read(name, text, None))?;
    said(Scenario::from_json(name, text).and_then(|s| s.to_problem(name)))?;
    said(vroom::parse(name, text).and_then(|p| {
        let _ = vroom::write_problem(&p);
        Scenario::from_problem(&p).to_problem(name)
    }))?;
    said(solomon::parse(name, text))?;
    said(lilim::parse(name, text).and_then(|p| Scenario::from_problem(&p).to_problem(name)))?;
    said(osrm::parse_table(name, text))?;
    let base = city(&CitySpec::lyon("base", 5, 1));
    match read_bookings(name, text, &base) {
        Ok((_, span, issues)) => {
            prop_assert!(span.is_finite());
            prop_assert!(issues.iter().all(|i| !i.message.is_empty()));
        }
        Err(issues) => prop_assert!(!issues.is_empty() && issues.iter().all(|i| !i.message.is_empty())),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic_any_reader(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let text = decode("any", &bytes).text;
        every_reader("any", &text)?;
        for name in ["orders.csv", "scenario.json", "day.txt"] {
            import_bytes(name, &bytes)?;
        }
    }

    #[test]
    fn mutated_orders_csv(bytes in mutations(ORDERS)) {
        let text = decode("orders.csv", &bytes).text;
        said(csv::inspect("orders.csv", &text))?;
        import_bytes("orders.csv", &bytes)?;
    }

    #[test]
    fn mutated_fleet_csv(vehicles in mutations(VEHICLES), depots in mutations(DEPOTS)) {
        let files: Vec<(String, String)> = [("orders.csv", ORDERS.as_bytes()), ("vehicles.csv", vehicles.as_slice()), ("depots.csv", depots.as_slice())]
            .iter()
            .map(|(name, bytes)| (name.to_string(), decode(name, bytes).text))
            .collect();
        reported(&csv::import(&files, &[], None))?;
    }

    #[test]
    fn mutated_csv_with_goods_both_ways(orders in mutations(ORDERS_BOTH_WAYS), vehicles in mutations(VEHICLES_RELOADING)) {
        let files: Vec<(String, String)> = [("orders.csv", orders.as_slice()), ("vehicles.csv", vehicles.as_slice()), ("depots.csv", DEPOTS.as_bytes())]
            .iter()
            .map(|(name, bytes)| (name.to_string(), decode(name, bytes).text))
            .collect();
        said(csv::inspect("orders.csv", &files[0].1))?;
        let imported = csv::import(&files, &[], None);
        reported(&imported)?;
        // What a CSV import keeps always converts: bad cells are defaults, not broken scenarios.
        if !imported.scenario.orders.is_empty() && !imported.scenario.depots.is_empty() {
            let converted = imported.scenario.to_problem("fuzz");
            prop_assert!(converted.is_ok(), "{:?}\n{:#?}", converted.err(), imported.issues);
        }
    }

    #[test]
    fn mutated_scenario_json(bytes in mutations(SCENARIO)) {
        let text = decode("s.json", &bytes).text;
        said(Scenario::from_json("s.json", &text).and_then(|s| s.to_problem("s.json")))?;
        import_bytes("s.json", &bytes)?;
    }

    #[test]
    fn mutated_scenario_with_goods_both_ways(bytes in mutations(SHIPMENTS)) {
        let text = decode("s.json", &bytes).text;
        said(Scenario::from_json("s.json", &text).and_then(|s| s.to_problem("s.json")).and_then(|p| {
            Scenario::from_problem(&p).to_problem("again.json")
        }))?;
        import_bytes("s.json", &bytes)?;
    }

    #[test]
    fn mutated_vroom_json(bytes in mutations(VROOM)) {
        let text = decode("v.json", &bytes).text;
        said(vroom::parse("v.json", &text))?;
        import_bytes("v.json", &bytes)?;
    }

    #[test]
    fn mutated_vroom_matrix_json(bytes in mutations(VROOM_MATRIX)) {
        let text = decode("v.json", &bytes).text;
        said(vroom::parse("v.json", &text))?;
        import_bytes("v.json", &bytes)?;
    }

    #[test]
    fn mutated_solomon(bytes in mutations(SOLOMON)) {
        let text = decode("c101.txt", &bytes).text;
        said(solomon::parse("c101.txt", &text))?;
        import_bytes("c101.txt", &bytes)?;
    }

    #[test]
    fn mutated_li_lim(bytes in mutations(LI_LIM)) {
        let text = decode("lc101.txt", &bytes).text;
        said(lilim::parse("lc101.txt", &text))?;
        import_bytes("lc101.txt", &bytes)?;
    }

    #[test]
    fn mutated_osrm_table(bytes in mutations(OSRM)) {
        let text = decode("car.table.json", &bytes).text;
        said(osrm::parse_table("car.table.json", &text))?;
        // Attached to a scenario of four locations, as an import of both files does.
        let files = [("s.json".to_string(), SCENARIO.to_string()), ("car.table.json".to_string(), text)];
        reported(&csv::import(&files, &[], None))?;
    }

    #[test]
    fn mutated_bookings_csv(bytes in mutations(BOOKINGS)) {
        let text = decode("bookings.csv", &bytes).text;
        let base = city(&CitySpec::lyon("base", 5, 1));
        match read_bookings("bookings.csv", &text, &base) {
            Ok((_, span, issues)) => {
                prop_assert!(span.is_finite());
                prop_assert!(issues.iter().all(|i| !i.message.is_empty()));
            }
            Err(issues) => prop_assert!(!issues.is_empty() && issues.iter().all(|i| !i.message.is_empty())),
        }
    }

    #[test]
    fn mutated_files_through_every_reader(seed in prop::sample::select(vec![ORDERS, SCENARIO, SHIPMENTS, VROOM, SOLOMON, LI_LIM, OSRM, BOOKINGS]), edits in prop::collection::vec(edit(), 1..4)) {
        let bytes = mutated(seed, &edits);
        every_reader("mixed", &decode("mixed", &bytes).text)?;
    }
}

/// The mutations themselves do what they say (so the properties above test what they claim).
#[test]
fn mutations_cut_insert_and_flip() {
    assert_eq!(mutated("abc", &[Edit::Truncate(2)]), b"ab");
    assert_eq!(mutated("abc", &[Edit::Insert(1, "\"")]), b"a\"bc");
    assert_eq!(mutated("abc", &[Edit::Flip(4, 1)]), b"acc");
    assert_eq!(mutated("abcd", &[Edit::Remove(1, 2)]), b"ad");
    assert_eq!(mutated("abc", &[Edit::Repeat(1, 2)]), b"abcbc");
    assert_eq!(mutated("", &[Edit::Flip(3, 1), Edit::Remove(0, 1), Edit::Insert(9, ",")]), b",");
}

/// The seeds of goods both ways are valid files, so their mutations start from what the readers
/// accept.
#[test]
fn the_seeds_read() {
    let problem = Scenario::from_json("s.json", SHIPMENTS).and_then(|s| s.to_problem("s.json")).unwrap();
    assert_eq!(problem.orders.len(), 6, "four orders and two pickups");
    assert_eq!(lilim::parse("lc101.txt", LI_LIM).unwrap().orders.len(), 4);
    let files = [("orders.csv", ORDERS_BOTH_WAYS), ("vehicles.csv", VEHICLES_RELOADING), ("depots.csv", DEPOTS)]
        .map(|(name, text)| (name.to_string(), text.to_string()));
    let imported = csv::import(&files, &[], None);
    assert!(imported.issues.is_empty(), "{:#?}", imported.issues);
    let problem = imported.scenario.to_problem("csv").unwrap();
    assert_eq!(problem.orders.len(), 7, "five orders and two pickups");
    assert!(problem.vehicles[0].reloads.is_some() && problem.vehicles[1].reloads.is_none());
}
