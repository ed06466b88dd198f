//! OSRM `table` service responses (`{"code": "Ok", "durations": [[…]], "distances": [[…]]}`),
//! attached to a scenario as one profile's travel matrix.
//!
//! The table must be square and list the scenario's locations in its order: depots first, then
//! orders, then the pickups of shipments (ask OSRM for `table/v1/<profile>/<all coordinates>?annotations=duration,distance`).
//! `null` entries are pairs OSRM could not route: unreachable. Without `distances` the scenario
//! estimates them (great-circle × the profile's circuity).

use serde::Deserialize;

use super::scenario::checks::square_table;
use super::scenario::{MatrixSpec, ProfileSpec, Scenario};
use super::ParseError;

/// A square travel table: its size, then durations (seconds) and distances (metres), row-major,
/// `None` for unreachable pairs. `distances` is empty when the response had none.
pub type Table = (usize, Vec<Option<f64>>, Vec<Option<f64>>);

#[derive(Deserialize)]
struct Response {
    code: Option<String>,
    message: Option<String>,
    durations: Option<Vec<Vec<Option<f64>>>>,
    distances: Option<Vec<Vec<Option<f64>>>>,
}

/// Reads an OSRM `table` response. `file` names the source in error messages.
pub fn parse_table(file: &str, text: &str) -> Result<Table, ParseError> {
    let response: Response = super::from_json(file, text)?;
    match response.code.as_deref() {
        Some("Ok") => {}
        Some(code) => {
            let message = response.message.as_deref().unwrap_or("no message");
            return Err(ParseError::at(file, "code", format!("OSRM answered {code:?}: {message}")));
        }
        None => return Err(ParseError::at(file, "code", "missing: is this an OSRM table response?")),
    }
    let rows = response.durations.ok_or_else(|| {
        ParseError::at(file, "durations", "missing: ask OSRM's table service for annotations=duration,distance")
    })?;
    let n = rows.len();
    let square = || format!("the table has {n} rows and must be square");
    let durations =
        square_table(&rows, n, &square).map_err(|(at, m)| ParseError::at(file, format!("durations{at}"), m))?;
    let distances = match response.distances {
        Some(rows) => {
            let same = || format!("durations has {n} rows and distances must match");
            square_table(&rows, n, &same).map_err(|(at, m)| ParseError::at(file, format!("distances{at}"), m))?
        }
        None => Vec::new(),
    };
    Ok((n, durations, distances))
}

/// Makes `table` the travel matrix of `profile` in `scenario` (replacing any it had). The profile
/// must exist (`car` when the scenario declares none) and the table must have one row per
/// location (depots, orders, then the pickups of shipments). `file` names the table in error
/// messages.
pub fn attach(scenario: &mut Scenario, file: &str, profile: &str, table: Table) -> Result<(), ParseError> {
    let (n, durations, distances) = table;
    let known = if scenario.profiles.is_empty() {
        profile == "car"
    } else {
        scenario.profiles.iter().any(|p: &ProfileSpec| p.name == profile)
    };
    if !known {
        return Err(ParseError::at(file, "profile", format!("the scenario has no profile named {profile:?}")));
    }
    let locations = scenario.location_count();
    if n != locations {
        return Err(ParseError::at(
            file,
            "durations",
            format!("the scenario has {locations} locations ({}) but the table has {n}", scenario.locations_said()),
        ));
    }
    if durations.len() != n * n || !(distances.is_empty() || distances.len() == n * n) {
        return Err(ParseError::at(file, "durations", format!("a {n}×{n} table needs {} entries", n * n)));
    }
    let rows = |flat: Vec<Option<f64>>| flat.chunks(n.max(1)).map(<[Option<f64>]>::to_vec).collect::<Vec<_>>();
    let spec = MatrixSpec {
        profile: profile.to_string(),
        durations: if n == 0 { Vec::new() } else { rows(durations) },
        distances: (!distances.is_empty()).then(|| rows(distances)),
    };
    match scenario.matrices.iter_mut().find(|m| m.profile == profile) {
        Some(existing) => *existing = spec,
        None => scenario.matrices.push(spec),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_table_with_unreachable_pairs() {
        let text = r#"{"code":"Ok","durations":[[0,60.5],[null,0]],"distances":[[0,900],[1000,0]],"sources":[]}"#;
        let (n, durations, distances) = parse_table("t.json", text).unwrap();
        assert_eq!(n, 2);
        assert_eq!(durations, vec![Some(0.0), Some(60.5), None, Some(0.0)]);
        assert_eq!(distances[2], Some(1000.0));
        let (_, _, none) = parse_table("t.json", r#"{"code":"Ok","durations":[[0]]}"#).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn names_the_bad_entry_and_osrm_errors() {
        let err = parse_table("t.json", r#"{"code":"Ok","durations":[[0,1],[-3,0]]}"#).unwrap_err();
        assert_eq!(err.field, "durations[1][0]");
        let err = parse_table("t.json", r#"{"code":"Ok","durations":[[0,1],[3]]}"#).unwrap_err();
        assert_eq!(err.field, "durations[1]");
        let err = parse_table("t.json", r#"{"code":"Ok","durations":[[0,1],[3,0]],"distances":[[0]]}"#).unwrap_err();
        assert_eq!(err.field, "distances");
        let err = parse_table("t.json", r#"{"code":"InvalidQuery","message":"Query string malformed"}"#).unwrap_err();
        assert!(err.to_string().contains("Query string malformed"), "{err}");
    }
}
