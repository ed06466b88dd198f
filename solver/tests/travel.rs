//! Travel on demand: a matrix computed from coordinates gives, pair for pair, the figures the
//! dense matrices of earlier versions stored (planar Euclidean, great-circle × circuity at a
//! speed), whether it caches them densely (small problems) or computes each one when asked
//! (large ones), and when it grows one location at a time (checkout bookings). Imported tables
//! larger than a browser tab can hold are refused before they are parsed.

use lastmile_solver::formats::{osrm, scenario};
use lastmile_solver::travel::{Matrix, Point, DENSE_UP_TO, MAX_TABLE_LOCATIONS};
use lastmile_solver::units::to_ticks;
use proptest::prelude::*;

/// The dense great-circle matrix as it was built before travel was computed on demand.
fn reference_great_circle(points: &[Point], circuity: f64, speed_kmh: f64) -> Vec<(i64, i64)> {
    let mut out = Vec::with_capacity(points.len() * points.len());
    for a in points {
        for b in points {
            let (lat1, lat2) = (a.y.to_radians(), b.y.to_radians());
            let dlat = lat2 - lat1;
            let dlon = (b.x - a.x).to_radians();
            let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
            let metres = 2.0 * 6_371_008.8 * h.sqrt().min(1.0).asin() * circuity;
            out.push((to_ticks(metres / (speed_kmh / 3.6)), to_ticks(metres)));
        }
    }
    out
}

/// The dense planar matrix as it was built before.
fn reference_euclidean(points: &[Point]) -> Vec<(i64, i64)> {
    let mut out = Vec::with_capacity(points.len() * points.len());
    for a in points {
        for b in points {
            let d = to_ticks(((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt());
            out.push((d, d));
        }
    }
    out
}

fn agrees(m: &Matrix, reference: &[(i64, i64)], n: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(m.size(), n);
    for a in 0..n {
        for b in 0..n {
            let (t, d) = reference[a * n + b];
            prop_assert_eq!((m.time(a, b), m.dist(a, b)), (t, d), "pair {} → {}", a, b);
            prop_assert_eq!(m.leg(a, b), (t, d));
            // Symmetric exactly: the search reuses a leg for the way back.
            prop_assert_eq!(m.leg(b, a), (t, d), "pair {} ← {}", a, b);
            prop_assert!(m.reachable(a, b));
        }
    }
    Ok(())
}

/// Points around a city centre (lon/lat) or on a planar square, as many as `n`.
fn points(n: usize, seed: u64, planar: bool) -> Vec<Point> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| {
            if planar {
                Point { x: next() * 100.0, y: next() * 100.0 }
            } else {
                Point { x: 4.7 + next() * 0.3, y: 45.6 + next() * 0.3 }
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn computed_travel_equals_the_old_dense_matrices(
        seed in any::<u64>(),
        // Both sides of the dense cache's threshold.
        n in prop_oneof![2usize..60, (DENSE_UP_TO + 1)..(DENSE_UP_TO + 40)],
        circuity in 1.0f64..1.6,
        speed in 5.0f64..90.0,
    ) {
        let lonlat = points(n, seed, false);
        agrees(&Matrix::great_circle(&lonlat, circuity, speed), &reference_great_circle(&lonlat, circuity, speed), n)?;
        let planar = points(n, seed, true);
        agrees(&Matrix::euclidean(&planar), &reference_euclidean(&planar), n)?;
    }

    #[test]
    fn a_matrix_grown_one_location_at_a_time_equals_one_built_at_once(
        seed in any::<u64>(),
        start in prop_oneof![1usize..10, (DENSE_UP_TO - 3)..(DENSE_UP_TO + 3)],
    ) {
        let all = points(start + 8, seed, false);
        let mut grown = Matrix::great_circle(&all[..start], 1.3, 25.0);
        grown.reserve(3);
        for n in start + 1..=all.len() {
            grown.push_location(&all[..n]).map_err(TestCaseError::fail)?;
        }
        grown.pop_location();
        grown.push_location(&all).map_err(TestCaseError::fail)?;
        agrees(&grown, &reference_great_circle(&all, 1.3, 25.0), all.len())?;
    }
}

/// A 20,000-location day computes its travel without a 20,000² matrix.
#[test]
fn twenty_thousand_locations_take_memory_per_location() {
    let many = points(20_000, 7, false);
    let m = Matrix::great_circle(&many, 1.3, 25.0);
    assert!(m.memory_bytes() < 64 * 20_000, "{} bytes", m.memory_bytes());
    let reference = reference_great_circle(&[many[19_999], many[3]], 1.3, 25.0);
    assert_eq!(m.leg(19_999, 3), reference[1]);
}

/// An OSRM table over the limit is refused with its size, the limit and what to do, before
/// the rest of the file is read (here the rest is not even valid).
#[test]
fn an_oversized_table_is_refused_before_it_is_read() {
    let side = MAX_TABLE_LOCATIONS + 1;
    let row = vec!["0"; side].join(",");
    let text = format!("{{\"code\": \"Ok\", \"durations\": [[{row}], [oops");
    let err = osrm::parse_table("table.json", &text).unwrap_err();
    assert_eq!(err.field, "durations");
    for part in [&side.to_string(), &MAX_TABLE_LOCATIONS.to_string(), "Leave the table out", "split the day"] {
        assert!(err.message.contains(part), "{part:?} in {}", err.message);
    }
    // The same inside a scenario's own matrices.
    let scenario = format!("{{\"version\": 1, \"matrices\": [{{\"profile\": \"car\", \"durations\": [[{row}]]}}]}}");
    let err = scenario::parse("day.json", &scenario).unwrap_err();
    assert!(err.message.contains("too large"), "{}", err.message);
}
