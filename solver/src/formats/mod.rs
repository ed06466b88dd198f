//! Reading and writing the file formats planners bring. Every parser returns a [`ParseError`]
//! naming the file, line and field instead of panicking.
//!
//! - [`scenario`]: Lastmile's own versioned JSON document, which every other format converts into;
//!   its builder is the one place a [`crate::Problem`] is made from a file;
//! - [`solomon`]: Solomon / Gehring–Homberger benchmark text files, read as a scenario;
//! - [`lilim`]: Li & Lim pickup-and-delivery benchmark text files, read as a scenario of shipments;
//! - [`vroom`]: VROOM's problem JSON in (read as a scenario), VROOM's solution JSON out;
//! - [`osrm`]: an OSRM `table` response, attached to a scenario as one profile's matrix;
//! - [`csv`]: orders, vehicles and depots as CSV tables (and any mix of the above) imported into a
//!   scenario with a validation report: bad rows are skipped and listed, the rest is kept;
//! - [`outliers`]: orders far from the rest (latitude and longitude swapped?), which the import
//!   reports.

pub mod csv;
pub mod encoding;
pub mod lilim;
pub mod osrm;
pub mod outliers;
pub mod scenario;
pub mod solomon;
pub mod vroom;

use serde::de::{DeserializeOwned, IgnoredAny};

/// The input formats the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Solomon,
    /// Li & Lim pickup-and-delivery text ([`lilim`]).
    LiLim,
    /// Lastmile's scenario JSON ([`scenario`]).
    Json,
    /// VROOM's problem JSON ([`vroom`]).
    Vroom,
}

/// What `--format` accepts, for messages.
pub const FORMAT_NAMES: &str = "solomon, lilim (Li & Lim pickup and delivery), json (Lastmile scenario), vroom";

impl Format {
    /// Parses a `--format` value.
    pub fn named(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "solomon" | "homberger" | "txt" => Some(Format::Solomon),
            "lilim" | "li-lim" | "li&lim" | "pdptw" => Some(Format::LiLim),
            "json" | "lastmile" | "scenario" => Some(Format::Json),
            "vroom" => Some(Format::Vroom),
            _ => None,
        }
    }

    /// Guesses the format of a file from its content: a JSON object is a scenario when it says so
    /// or has `orders`, a VROOM problem when it has `jobs` or `shipments`; text with `VEHICLE` and
    /// `CUSTOMER` sections is a Solomon file, text whose first line is three numbers and the next
    /// nine a Li & Lim file.
    pub fn guess(text: &str) -> Option<Format> {
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('{') {
            return guess_json(text);
        }
        let upper = text.to_ascii_uppercase();
        if upper.contains("VEHICLE") && upper.contains("CUSTOMER") {
            return Some(Format::Solomon);
        }
        lilim::looks_like(text).then_some(Format::LiLim)
    }
}

/// Decides on the top-level keys when the JSON is well formed; otherwise on what the text
/// mentions, so a malformed file still reaches its parser and is told where it breaks.
fn guess_json(text: &str) -> Option<Format> {
    #[derive(serde::Deserialize)]
    struct Keys {
        format: Option<serde_json::Value>,
        orders: Option<IgnoredAny>,
        jobs: Option<IgnoredAny>,
        shipments: Option<IgnoredAny>,
    }
    match serde_json::from_str::<Keys>(text) {
        Ok(keys) => {
            if keys.format.as_ref().and_then(|f| f.as_str()) == Some(scenario::FORMAT) || keys.orders.is_some() {
                Some(Format::Json)
            } else if keys.jobs.is_some() || keys.shipments.is_some() {
                Some(Format::Vroom)
            } else {
                None
            }
        }
        Err(_) => {
            let mentions = |key: &str| text.contains(&format!("\"{key}\""));
            if text.contains(&format!("\"{}\"", scenario::FORMAT)) {
                Some(Format::Json)
            } else if mentions("jobs") || mentions("shipments") {
                Some(Format::Vroom)
            } else if mentions("orders") {
                Some(Format::Json)
            } else {
                None
            }
        }
    }
}

/// Reads a problem in `format`, or in the format guessed from the content.
pub fn read(file: &str, text: &str, format: Option<Format>) -> Result<crate::Problem, ParseError> {
    let format = format.or_else(|| Format::guess(text)).ok_or_else(|| {
        ParseError::new(
            file,
            0,
            "format",
            format!(
                "unrecognised file: expected a Solomon / Gehring–Homberger or Li & Lim text file, a Lastmile scenario \
                 (JSON with \"format\": \"{}\" or \"orders\") or a VROOM problem (JSON with \"jobs\"); \
                 formats: {FORMAT_NAMES}",
                scenario::FORMAT
            ),
        )
    })?;
    match format {
        Format::Solomon => solomon::parse(file, text),
        Format::LiLim => lilim::parse(file, text),
        Format::Json => scenario::parse(file, text),
        Format::Vroom => vroom::parse(file, text),
    }
}

/// Deserializes JSON, turning syntax and type errors into a [`ParseError`] with serde_json's line,
/// the column in the message and the JSON path (`orders[3].demand`) as the field.
use crate::travel::MAX_TABLE_LOCATIONS;
use scenario::MAX_LOCATIONS;

pub(crate) fn from_json<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    refuse_large_tables(file, text)?;
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        // serde_path_to_error writes `?` for a key it did not get to read (a file cut short).
        let path = path.strip_suffix(".?").unwrap_or(&path);
        json_error(file, if path == "." || path == "?" { "JSON" } else { path }, e.inner())
    })?;
    de.end().map_err(|e| json_error(file, "JSON", &e))?;
    Ok(value)
}

/// The keys under which the formats hold travel tables (scenario and OSRM `durations` /
/// `distances`, VROOM's legacy `matrix`).
const TABLE_KEYS: [&str; 3] = ["\"durations\"", "\"distances\"", "\"matrix\""];

/// Refuses, before anything is parsed or allocated, a file holding a travel table of more than
/// [`MAX_TABLE_LOCATIONS`] locations: its side is read off the first row's length.
fn refuse_large_tables(file: &str, text: &str) -> Result<(), ParseError> {
    for key in TABLE_KEYS {
        let mut from = 0;
        while let Some(at) = text[from..].find(key) {
            let after = from + at + key.len();
            from = after;
            if let Some(side) = first_row_length(&text[after..]).filter(|&n| n > MAX_TABLE_LOCATIONS) {
                let field = key.trim_matches('"');
                return Err(ParseError::at(file, field, too_large_table(side)));
            }
        }
    }
    Ok(())
}

/// The message for a table of `side` locations over [`MAX_TABLE_LOCATIONS`].
pub(crate) fn too_large_table(side: usize) -> String {
    format!(
        "a travel table of {side} locations is too large: tables hold at most {MAX_TABLE_LOCATIONS} locations \
         (memory grows with the square). Leave the table out and Lastmile estimates travel from the \
         coordinates (up to {MAX_LOCATIONS} locations), or split the day into files of at most \
         {MAX_TABLE_LOCATIONS} stops, by depot or by area"
    )
}

/// After a key: `: [[a, b, …], …` → the number of entries in the first row, or `None` when the
/// value is not an array of arrays.
fn first_row_length(after_key: &str) -> Option<usize> {
    let rest = after_key.trim_start().strip_prefix(':')?.trim_start().strip_prefix('[')?.trim_start();
    let row = rest.strip_prefix('[')?;
    let end = row.find(']')?;
    let body = row[..end].trim();
    Some(if body.is_empty() { 0 } else { body.bytes().filter(|&b| b == b',').count() + 1 })
}

fn json_error(file: &str, field: &str, e: &serde_json::Error) -> ParseError {
    let (line, column) = (e.line(), e.column());
    let text = e.to_string();
    let message = text.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&text);
    // In the planner's words: where the file stops, what a number must be.
    let message = match message.strip_prefix("EOF while parsing ") {
        Some(what) => format!("the file ends in the middle of {what}: was it cut short?"),
        None => message
            .replace("expected f64", "expected a number")
            .replace("expected u64", "expected a whole number")
            .replace("expected u32", "expected a whole number")
            .replace("expected usize", "expected a whole number"),
    };
    let message = if line == 0 { message } else { format!("{message} (column {column})") };
    ParseError::new(file, line, field, message)
}

use thiserror::Error;

/// A problem in an input file, located as precisely as the format allows.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub struct ParseError {
    pub file: String,
    /// 1-based line number (0 when the problem concerns the whole file).
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}: {}", self.file, self.field, self.message),
            line => write!(f, "{}: line {line}, {}: {}", self.file, self.field, self.message),
        }
    }
}

impl ParseError {
    pub fn new(file: &str, line: usize, field: &str, message: impl Into<String>) -> Self {
        ParseError { file: file.to_string(), line, field: field.to_string(), message: message.into() }
    }

    /// An error about a field of a structured document, where lines are not known.
    pub fn at(file: &str, field: impl Into<String>, message: impl Into<String>) -> Self {
        ParseError { file: file.to_string(), line: 0, field: field.into(), message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_json_formats_by_their_keys() {
        assert_eq!(Format::guess("{\"format\": \"lastmile-scenario\", \"version\": 1}"), Some(Format::Json));
        assert_eq!(Format::guess("\u{feff} {\"orders\": []}"), Some(Format::Json));
        assert_eq!(Format::guess("{\"vehicles\": [], \"jobs\": []}"), Some(Format::Vroom));
        assert_eq!(Format::guess("{\"shipments\": []}"), Some(Format::Vroom));
        assert_eq!(Format::guess("{\"jobs\": [1,}"), Some(Format::Vroom), "malformed still reaches its parser");
        assert_eq!(Format::guess("{\"code\": \"Ok\"}"), None);
        assert_eq!(Format::guess("NAME\nVEHICLE\nCUSTOMER\n"), Some(Format::Solomon));
        let lilim = "25\t200\t1\n0\t40\t50\t0\t0\t1236\t0\t0\t0\n1\t45\t68\t-10\t912\t967\t90\t11\t0\n";
        assert_eq!(Format::guess(lilim), Some(Format::LiLim));
        assert_eq!(Format::guess("\r\n25 200 1\r\n0 40 50 0 0 1236 0 0 x\r\n"), None, "nine numbers");
        assert_eq!(Format::guess("25 200\n0 40 50 0 0 1236 0 0 0\n"), None, "three numbers");
        assert_eq!(Format::named("PDPTW"), Some(Format::LiLim));
        assert_eq!(Format::named("li-lim"), Some(Format::LiLim));
        assert_eq!(Format::named("VROOM"), Some(Format::Vroom));
        assert_eq!(Format::named("lastmile"), Some(Format::Json));
    }

    #[test]
    fn unrecognised_files_list_the_formats() {
        let err = read("x.json", "{\"code\": \"Ok\"}", None).unwrap_err();
        assert_eq!(err.field, "format");
        assert!(err.message.contains("vroom") && err.message.contains("solomon"), "{err}");
    }

    #[test]
    fn json_errors_name_line_column_and_path() {
        #[derive(serde::Deserialize, Debug)]
        struct Doc {
            #[allow(dead_code)]
            orders: Vec<Order>,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Order {
            #[allow(dead_code)]
            demand: f64,
        }
        let err = from_json::<Doc>("d.json", "{\"orders\": [\n {\"demand\": 1},\n {\"demand\": \"x\"}]}").unwrap_err();
        assert_eq!((err.line, err.field.as_str()), (3, "orders[1].demand"));
        assert!(err.message.contains("(column"), "{err}");
        let err = from_json::<Doc>("d.json", "{\"orders\": [\n {\"demand\": 1},,\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = from_json::<Doc>("d.json", "{\"orders\": []} trailing").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
