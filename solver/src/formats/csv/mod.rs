//! Orders, vehicles and depots as CSV files from the planner's own systems, with a validation
//! report instead of an all-or-nothing error.
//!
//! [`inspect`] reads a file's shape (delimiter, headers, the table kind they suggest, which
//! column each header means) so an app can show a mapping step; [`import`] reads any mix of
//! CSV tables and other files into one [`Scenario`]:
//!
//! - a row with a problem (a bad number or time, a duplicate id, coordinates out of range, an
//!   unknown depot …) is **skipped** with an [`Issue`] of [`Severity::Error`] naming the file, the
//!   line (the header is line 1) and the column as written in the file; every other row is kept;
//! - where a default stands in for something missing (no depot, no vehicle, no id …) the issue is
//!   a [`Severity::Warning`];
//! - goods go both ways: an order's `type` (delivery, pickup or return, in seven languages) and
//!   its `pickup_*` columns (a shipment, collected there and delivered at the order), a vehicle's
//!   `reload_depots`, `reload_duration` and `max_trips` (trips between reloads); a value that does
//!   not read, or half a pickup place, is a warning and the row keeps the default;
//! - a file that is not text (an image, a PDF, a spreadsheet workbook: see [`not_text`]) is
//!   refused whole ("not a table (it looks like a PNG image)"), never read as columns; when no
//!   file gives anything, the scenario is the base unchanged (see [`NOTHING_READ`]);
//! - CSV tables replace the same kind in the base (a new orders file replaces the orders, the
//!   vehicles stay); a Lastmile scenario JSON, a VROOM problem or a Solomon file becomes the
//!   base; an OSRM `table` response becomes the travel matrix of the profile its file name starts
//!   with (`bike.table.json` → profile `bike`), or of the first profile.
//!
//! Delimiters (`,`, `;`, tab, `|`) are detected, a UTF-8 byte order mark is dropped, quoted fields may
//! hold delimiters and line breaks. Headers are matched without regard to case, spaces and
//! underscores through aliases (see [`columns`]); a unit in brackets or as the last word of a
//! header (`Weight (kg)`, `service_minutes`) names a demand dimension or a time unit. Rows are
//! streamed, and at most [`MAX_ISSUES`] issues are listed (then one that counts the rest).

mod assemble;
mod binary;
mod bookings;
mod cells;
mod columns;
mod contents;
mod tables;
mod write;

pub use binary::not_text;
pub use bookings::read_bookings;
pub use columns::{columns, Column, TableKind};
pub use contents::SAMPLE_VALUES;
pub(crate) use write::to_csv;
/// Rows as CSV text (quoted where needed).
pub use write::to_csv as to_csv_rows;
pub use write::{write_tables, Tables};

use serde::{Deserialize, Serialize};

use super::encoding::TextEncoding;
use super::scenario::Scenario;
use super::ParseError;

/// The most issues listed; one more then says how many were left out.
pub const MAX_ISSUES: usize = 1000;

/// The `field` of the error [`import`] adds when none of the files gave anything (each was
/// refused or had no good row): its scenario is then the base, unchanged, and an app should keep
/// what it shows as it was.
pub const NOTHING_READ: &str = "nothing read";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row (or file) was skipped.
    Error,
    /// A default was used.
    Warning,
}

/// One finding of an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub file: String,
    /// 1-based, the header being line 1; 0 when the issue concerns the whole file or scenario.
    pub line: usize,
    /// The column as written in the file (or the part of the scenario concerned).
    pub field: String,
    pub message: String,
    pub severity: Severity,
}

/// A CSV file's shape, as [`inspect`] reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvShape {
    pub delimiter: u8,
    /// The headers as written; `Column 1`, `Column 2` … when the first row is data.
    pub headers: Vec<String>,
    /// Whether the first row names the columns (`false`: it is data, and is read as a row).
    pub header_row: bool,
    /// The table the headers (then the file name, then the contents) suggest; `None` when
    /// nothing says.
    pub kind: Option<TableKind>,
    /// What each column means in a table of `kind` (all `None` when `kind` is): by its header,
    /// else, when the headers are not enough to read a row, guessed from its contents.
    pub mapping: Vec<Option<Column>>,
    /// Per column, whether its mapping was guessed from its contents (to be confirmed).
    pub from_contents: Vec<bool>,
    /// Per column, its first [`SAMPLE_VALUES`] filled values.
    pub samples: Vec<Vec<String>>,
    /// Data rows (blank lines not counted).
    pub rows: usize,
}

/// What [`import`] made of the files.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub scenario: Scenario,
    pub issues: Vec<Issue>,
    /// One line for the planner: what was imported, what was skipped.
    pub summary: String,
}

/// Reads the delimiter, the headers, the table kind and the column mapping of a CSV file, and
/// counts its rows. Fails when the file is not text (see [`not_text`]) or has no header line.
pub fn inspect(file: &str, text: &str) -> Result<CsvShape, ParseError> {
    if let Some(what) = not_text(file, text) {
        return Err(ParseError::new(file, 0, "file", format!("not a table (it looks like {what})")));
    }
    let text = prepare(text);
    let delimiter = detect_delimiter(&text);
    let mut reader = reader(&text, delimiter);
    let first: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(ParseError::new(file, 1, "header", format!("cannot read the header line: {e}"))),
    };
    if first.iter().all(String::is_empty) {
        return Err(ParseError::new(file, 1, "header", "the file is empty: the first line must name the columns"));
    }
    let header_row = !contents::first_row_is_data(&first);
    let mut sample: Vec<Vec<String>> = Vec::new();
    let mut rows = 0;
    if !header_row {
        sample.push(first.clone());
        rows += 1;
    }
    let mut record = ::csv::StringRecord::new();
    while let Ok(true) = reader.read_record(&mut record) {
        if !record.iter().all(|c| c.trim().is_empty()) {
            rows += 1;
            if sample.len() < contents::SAMPLE_ROWS {
                sample.push(record.iter().map(|c| c.trim().to_string()).collect());
            }
        }
    }
    let headers = if header_row { first } else { contents::numbered(first.len()) };
    let (kind, mapping, from_contents) = shape_of(file, &headers, header_row, &sample);
    let samples = (0..headers.len())
        .map(|k| {
            sample.iter().filter_map(|r| r.get(k).filter(|c| !c.is_empty()).cloned()).take(SAMPLE_VALUES).collect()
        })
        .collect();
    Ok(CsvShape { delimiter, headers, header_row, kind, mapping, from_contents, samples, rows })
}

/// The kind and mapping the headers give and, when they are not enough to read a row, what the
/// contents (`sample`, the first rows) suggest for the other columns; per column, whether it
/// was guessed from its contents.
pub(crate) fn shape_of(
    file: &str,
    headers: &[String],
    header_row: bool,
    sample: &[Vec<String>],
) -> (Option<TableKind>, Vec<Option<Column>>, Vec<bool>) {
    let kind = if header_row { columns::guess_kind(file, headers) } else { None };
    let mapping = match kind {
        Some(kind) => columns::map_headers(kind, headers),
        None => vec![None; headers.len()],
    };
    if kind.is_some_and(|k| columns::missing(k, &mapping).is_empty()) {
        return (kind, mapping, vec![false; headers.len()]);
    }
    let guess = contents::guess(file, kind, &mapping, sample);
    if guess.kind.is_none() {
        return (kind, mapping, vec![false; headers.len()]);
    }
    let from_contents = mapping.iter().zip(&guess.mapping).map(|(k, g)| k.is_none() && g.is_some()).collect();
    let merged = mapping.into_iter().zip(guess.mapping).map(|(k, g)| k.or(g)).collect();
    (guess.kind, merged, from_contents)
}

/// Reads `files` (name, text) into one scenario on top of `base`. `mapping_overrides` gives, per
/// file name, the column of each header (as a mapping step chose it) instead of the guessed one.
/// Never fails: what could not be read is in [`Imported::issues`]; a file that is not text (an
/// image, a PDF, a workbook) is refused whole. When no file gave anything, the scenario is `base`
/// unchanged and the issues end with one whose field is [`NOTHING_READ`].
pub fn import(
    files: &[(String, String)],
    mapping_overrides: &[(String, Vec<Option<Column>>)],
    base: Option<&Scenario>,
) -> Imported {
    assemble::import(files, &[], mapping_overrides, base)
}

/// [`import`] of files read from bytes by [`decode`](crate::formats::encoding::decode):
/// `encodings[k]` is the encoding `files[k]` was read in (`None`: not said), and the report says
/// which encoding each file that was not UTF-8 was read in.
pub fn import_encoded(
    files: &[(String, String)],
    encodings: &[Option<TextEncoding>],
    mapping_overrides: &[(String, Vec<Option<Column>>)],
    base: Option<&Scenario>,
) -> Imported {
    assemble::import(files, encodings, mapping_overrides, base)
}

/// Issues, at most [`MAX_ISSUES`] of them listed.
#[derive(Default)]
pub(crate) struct Issues {
    list: Vec<Issue>,
    left_out: usize,
    errors: usize,
    warnings: usize,
    defaulted_rows: std::collections::HashSet<(String, usize)>,
}

impl Issues {
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        file: &str,
        line: usize,
        field: &str,
        message: impl Into<String>,
    ) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        if self.list.len() < MAX_ISSUES {
            let (file, field, message) = (file.to_string(), field.to_string(), message.into());
            self.list.push(Issue { file, line, field, message, severity });
        } else {
            self.left_out += 1;
        }
    }

    pub(crate) fn error(&mut self, file: &str, line: usize, field: &str, message: impl Into<String>) {
        self.push(Severity::Error, file, line, field, message);
    }

    pub(crate) fn warning(&mut self, file: &str, line: usize, field: &str, message: impl Into<String>) {
        self.push(Severity::Warning, file, line, field, message);
    }

    /// A field that did not read and was given its default: a warning, and the row (file and
    /// line) counted among those kept with a default.
    pub(crate) fn defaulted(&mut self, file: &str, line: usize, field: &str, message: impl Into<String>) {
        self.warning(file, line, field, message);
        self.defaulted_rows.insert((file.to_string(), line));
    }

    /// How many rows were kept with a default for a field that did not read.
    pub(crate) fn defaulted_rows(&self) -> usize {
        self.defaulted_rows.len()
    }

    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.errors, self.warnings)
    }

    pub(crate) fn finish(mut self) -> Vec<Issue> {
        if self.left_out > 0 {
            self.list.push(Issue {
                file: String::new(),
                line: 0,
                field: String::new(),
                message: format!("and {} more issues not listed", self.left_out),
                severity: if self.list.iter().any(|i| i.severity == Severity::Error) {
                    Severity::Error
                } else {
                    Severity::Warning
                },
            });
        }
        self.list
    }
}

pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The text without a byte order mark, its line breaks (`\r\n`, `\r`) made `\n`: the csv
/// crate's line numbers miscount Windows line endings.
pub(crate) fn prepare(text: &str) -> std::borrow::Cow<'_, str> {
    let text = strip_bom(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// `,`, `;`, tab or `|`: the one the header line holds most often outside quotes (`,` on a tie).
pub(crate) fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b'|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    let best = counts.iter().copied().max().unwrap_or(0);
    b",;\t|"[counts.iter().position(|&c| c == best && best > 0).unwrap_or(0)]
}

pub(crate) fn reader(text: &str, delimiter: u8) -> ::csv::Reader<&[u8]> {
    rows_reader(text, delimiter, true)
}

/// A reader whose first record is the header line when `header_row`, else a row.
pub(crate) fn rows_reader(text: &str, delimiter: u8, header_row: bool) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).has_headers(header_row).from_reader(text.as_bytes())
}

/// Seconds after midnight of a clock time as the tables read it (`HH:MM`, `HH:MM:SS`,
/// `9:30 AM`), for other readers of clock times (the simulation's events file).
pub(crate) fn clock_seconds(text: &str) -> Result<f64, String> {
    cells::clock(text, None).map(|stamp| stamp.seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inspect_reads_the_shape_of_a_messy_file() {
        let text =
            "\u{feff}\"Order ID\";Latitude;Lng;\"Weight (kg)\"\r\n\"a;1\";45,7;4,8;3\r\n\r\nb;45.7;4.8;\"1\n\"\r\n";
        let shape = inspect("stops.csv", text).unwrap();
        assert_eq!(shape.delimiter, b';');
        assert_eq!(shape.headers, vec!["Order ID", "Latitude", "Lng", "Weight (kg)"]);
        assert_eq!(shape.kind, Some(TableKind::Orders));
        assert_eq!(shape.mapping[3], Some(Column::Demand("kg".into())));
        assert_eq!(shape.rows, 2);
        assert!(shape.header_row);
        assert_eq!(shape.from_contents, vec![false; 4], "headers that are enough: nothing guessed");
        assert_eq!(shape.samples[0], vec!["a;1", "b"]);
        assert!(inspect("e.csv", "").is_err());
        assert_eq!(detect_delimiter("a\tb\tc\n1,2\t3"), b'\t');
        assert_eq!(detect_delimiter("\"a,b\";c\n"), b';');
        assert_eq!(detect_delimiter("id|lat|lon\na,1|2|3"), b'|');
    }

    #[test]
    fn inspect_guesses_the_columns_of_a_file_without_headers() {
        let text = "1001;Müller GmbH;52,5200;13,4050;12;08:00-12:00\n1002;Bäckerei;52,5290;13,4010;3;8-12\n";
        let shape = inspect("export.csv", text).unwrap();
        assert!(!shape.header_row);
        assert_eq!(shape.rows, 2);
        assert_eq!(shape.headers[0], "Column 1");
        assert_eq!(shape.kind, Some(TableKind::Orders));
        assert_eq!(
            shape.mapping,
            vec![
                Some(Column::Id),
                None,
                Some(Column::Lat),
                Some(Column::Lon),
                Some(Column::Demand("demand".into())),
                Some(Column::Windows)
            ]
        );
        assert_eq!(shape.from_contents, vec![true, false, true, true, true, true]);
        assert_eq!(shape.samples[2], vec!["52,5200", "52,5290"]);
    }

    #[test]
    fn the_issue_list_is_capped() {
        let mut issues = Issues::default();
        for k in 0..MAX_ISSUES + 5 {
            issues.error("f.csv", k, "x", "bad");
        }
        let list = issues.finish();
        assert_eq!(list.len(), MAX_ISSUES + 1);
        assert!(list[MAX_ISSUES].message.contains("5 more"));
    }
}
