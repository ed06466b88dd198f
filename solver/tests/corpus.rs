//! The bad-input corpus (issue 12): one small file (or set of files) per accident planners make,
//! in `tests/corpus/`, each read through the entry the CLI and the app use (the bytes decoded,
//! then `import_encoded`, then the scenario made a problem), its whole report compared line for
//! line with the `.expected` file beside it:
//!
//! ```text
//! summary: 2 orders, 3 vehicles and 1 depot; 1 error (rows skipped or files not read)
//! error: numbers.csv, line 3, lat: …            (severity: file, line, column: message)
//! kept: a, c                                     (the orders the scenario holds, in order)
//! problem: ok                                    (or the error that stops it being planned)
//! ```
//!
//! After changing a message on purpose, `CORPUS_BLESS=1 cargo test -p lastmile-solver --test
//! corpus` rewrites the `.expected` files; read the diff before committing it.

use std::path::{Path, PathBuf};

use lastmile_solver::formats::csv::{import_encoded, Imported, Severity, NOTHING_READ};
use lastmile_solver::formats::encoding::decode;

/// Each case: its name (the `.expected` file's stem) and its files, read together.
const CASES: &[(&str, &[&str])] = &[
    ("pipe_delimiter", &["pipe_delimiter.csv"]),
    ("spaces", &["spaces.csv"]),
    ("mixed_delimiters", &["mixed_delimiters.csv"]),
    ("bom_crlf", &["bom_crlf.csv"]),
    ("quoted", &["quoted.csv"]),
    ("windows_1252", &["windows_1252.csv"]),
    ("utf16le", &["utf16le.csv"]),
    ("empty", &["empty.csv"]),
    ("header_only", &["header_only.csv"]),
    ("binary_garbage", &["binary_garbage.csv"]),
    ("random_bytes", &["random_bytes.csv"]),
    ("pdf", &["pdf.csv"]),
    ("missing_columns", &["missing_columns.csv"]),
    ("latitude_only", &["latitude_only.csv"]),
    ("numbers", &["numbers.csv"]),
    ("swapped", &["swapped.csv"]),
    ("out_of_range", &["out_of_range.csv"]),
    ("negative_demand", &["negative_demand.csv"]),
    ("window_backwards", &["window_backwards.csv"]),
    ("duplicate_ids", &["duplicate_ids.csv"]),
    ("unservable", &["unservable_orders.csv", "unservable_vehicles.csv"]),
    ("both_ways", &["both_ways_orders.csv", "both_ways_vehicles.csv"]),
    ("scenario_truncated", &["scenario_truncated.json"]),
    ("scenario_malformed", &["scenario_malformed.json"]),
    ("scenario_far", &["scenario_far.json"]),
    ("vroom_truncated", &["vroom_truncated.json"]),
    ("vroom_malformed", &["vroom_malformed.json"]),
    ("vroom_swapped", &["vroom_swapped.json"]),
    ("solomon_truncated", &["solomon_truncated.txt"]),
    ("solomon_malformed", &["solomon_malformed.txt"]),
    ("lilim_mismatched", &["lilim_mismatched.txt"]),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus")
}

/// Imports files as the CLI does (`lastmile solve a.csv b.csv`) and the app's worker does: the
/// bytes decoded, imported on no base, the scenario made a problem.
fn import_files(names: &[&str]) -> (Imported, Result<(), String>) {
    let mut texts = Vec::new();
    let mut encodings = Vec::new();
    for name in names {
        let bytes = std::fs::read(corpus().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let decoded = decode(name, &bytes);
        encodings.push(Some(decoded.encoding));
        texts.push((name.to_string(), decoded.text));
    }
    let imported = import_encoded(&texts, &encodings, &[], None);
    // As the CLI: nothing read, nothing to plan (the app keeps the scenario it had).
    let problem = if imported.issues.iter().any(|i| i.field == NOTHING_READ) {
        Err("none: nothing read".to_string())
    } else {
        imported.scenario.to_problem("corpus").map(drop).map_err(|e| e.to_string())
    };
    (imported, problem)
}

/// The report as the `.expected` files hold it.
fn report(imported: &Imported, problem: &Result<(), String>) -> String {
    let mut lines = vec![format!("summary: {}", imported.summary)];
    for i in &imported.issues {
        let severity = match i.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let line = if i.line == 0 { String::new() } else { format!(", line {}", i.line) };
        let field = if i.field.is_empty() { String::new() } else { format!(", {}", i.field) };
        lines.push(format!("{severity}: {}{line}{field}: {}", i.file, i.message));
    }
    let kept: Vec<&str> = imported.scenario.orders.iter().map(|o| o.id.as_str()).collect();
    lines.push(format!("kept: {}", kept.join(", ")));
    lines.push(format!(
        "problem: {}",
        match problem {
            Ok(()) => "ok",
            Err(e) => e,
        }
    ));
    lines.join("\n") + "\n"
}

#[test]
fn every_accident_in_the_corpus_gets_its_expected_report() {
    let bless = std::env::var_os("CORPUS_BLESS").is_some();
    let mut failures = Vec::new();
    for (case, names) in CASES {
        let (imported, problem) = import_files(names);
        let got = report(&imported, &problem);
        let path = corpus().join(format!("{case}.expected"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if got != expected {
            failures.push(format!("--- {case}.expected\n{expected}+++ got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "{} case(s) differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_file_in_the_corpus_is_a_case() {
    let listed: Vec<&str> = CASES.iter().flat_map(|(case, names)| names.iter().copied().chain([*case])).collect();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let stem = name.strip_suffix(".expected").unwrap_or(&name);
        assert!(listed.contains(&stem), "{name} belongs to no case in CASES");
    }
}

/// Whatever the files, an import that reads nothing leaves the scenario the app holds as it was.
#[test]
fn a_failed_import_leaves_the_base_scenario_intact() {
    let (base, _) = import_files(&["bom_crlf.csv"]);
    assert!(!base.scenario.orders.is_empty());
    for (_, names) in CASES {
        let mut texts = Vec::new();
        for name in *names {
            let bytes = std::fs::read(corpus().join(name)).unwrap();
            texts.push((name.to_string(), decode(name, &bytes).text));
        }
        let imported = lastmile_solver::formats::csv::import(&texts, &[], Some(&base.scenario));
        let nothing = imported.issues.iter().any(|i| i.field == lastmile_solver::formats::csv::NOTHING_READ);
        if nothing {
            assert_eq!(imported.scenario, base.scenario, "{names:?}");
        }
    }
}
