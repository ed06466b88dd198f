//! Large files (issue 12): an orders file beyond what the engine plans at once is refused whole,
//! with the limit and what to do, after a count of its rows and before any row is kept; a file
//! up to the limit is read whole. The files are made here, never committed. No timings are
//! asserted: `read_time_of_a_50_mb_csv` (ignored by default) prints them.

use std::time::Instant;

use lastmile_solver::formats::csv::{import, Severity, NOTHING_READ};
use lastmile_solver::formats::scenario::MAX_LOCATIONS;

/// An orders CSV of `rows` rows in a 40 km square around Lyon, each row padded with an address
/// and a note of `padding` characters (to make a file of a given size).
fn orders_csv(rows: usize, padding: usize) -> String {
    let note = "x".repeat(padding);
    let mut text = String::with_capacity(rows * (60 + padding));
    text.push_str("id,lat,lon,weight,service,tw_start,tw_end,address,note\n");
    for k in 0..rows {
        let (a, b) = ((k * 7919) % 1000, (k * 104_729) % 1000);
        let (lat, lon) = (45.57 + a as f64 * 0.00036, 4.6 + b as f64 * 0.0005);
        text.push_str(&format!("o{k},{lat:.5},{lon:.5},{},5,08:00,18:00,\"{k} Rue de la République\",{note}\n", k % 7));
    }
    text
}

#[test]
fn two_hundred_thousand_orders_are_refused_with_the_limit_and_what_to_do() {
    let text = orders_csv(200_000, 0);
    let imported = import(&[("orders.csv".to_string(), text)], &[], None);
    let refused = imported.issues.iter().find(|i| i.field == "rows").expect("the size is said");
    assert_eq!((refused.file.as_str(), refused.line, refused.severity), ("orders.csv", 0, Severity::Error));
    assert_eq!(
        refused.message,
        format!(
            "200000 rows of orders: at most {MAX_LOCATIONS} places (orders and depots together) can be planned at \
             once, so the file was not read; split it into files of at most {MAX_LOCATIONS} rows (by depot, area or \
             day) and plan each"
        )
    );
    assert!(imported.issues.iter().any(|i| i.field == NOTHING_READ));
    assert!(imported.scenario.orders.is_empty());
}

#[test]
fn an_orders_file_up_to_the_limit_is_read_whole() {
    // One place is left for the depot the import places at the orders' centre.
    let rows = MAX_LOCATIONS - 1;
    let imported = import(&[("orders.csv".to_string(), orders_csv(rows, 0))], &[], None);
    let errors: Vec<_> = imported.issues.iter().filter(|i| i.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(imported.scenario.orders.len(), rows);
    let problem = imported.scenario.to_problem("orders.csv").expect("it plans");
    assert_eq!(problem.orders.len(), rows);
    // A file whose line breaks are mostly inside quotes is counted by its rows, not its lines.
    let mut quoted = String::from("id,lat,lon,note\n");
    for k in 0..100 {
        quoted.push_str(&format!("q{k},45.75,4.85,\"{}\"\n", "line\n".repeat(300)));
    }
    let imported = import(&[("orders.csv".to_string(), quoted)], &[], None);
    assert_eq!(imported.scenario.orders.len(), 100, "{:#?}", imported.issues.first());
}

/// Prints how long a 50 MB orders CSV takes to read natively: wide rows up to the limit (read
/// whole), and narrow rows far beyond it (refused after the count).
/// `cargo test --release -p lastmile-solver --test size -- --ignored --nocapture`
#[test]
#[ignore]
fn read_time_of_a_50_mb_csv() {
    const MB: usize = 1 << 20;
    let rows = MAX_LOCATIONS - 1;
    let wide = orders_csv(rows, 50 * MB / rows - 90);
    let narrow = orders_csv(850_000, 0);
    for (what, text) in [("wide, up to the limit", wide), ("narrow, beyond it", narrow)] {
        let (size, lines) = (text.len() as f64 / MB as f64, text.lines().count() - 1);
        let started = Instant::now();
        let imported = import(&[("orders.csv".to_string(), text)], &[], None);
        let read = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let planned = imported.scenario.to_problem("orders.csv").map(|p| p.orders.len());
        let converted = started.elapsed().as_secs_f64();
        println!(
            "{what}: {size:.1} MB, {lines} rows: import {read:.2} s, {} orders kept, to a problem {converted:.2} s ({:?}); {}",
            imported.scenario.orders.len(),
            planned.as_ref().map_err(|e| e.message.clone()),
            imported.summary
        );
    }
}
