//! Reading and writing the file formats planners bring. Every parser returns a [`ParseError`]
//! naming the file, line and field instead of panicking.

pub mod solomon;

/// The input formats the engine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Solomon,
}

impl Format {
    /// Parses a `--format` value.
    pub fn named(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "solomon" | "homberger" | "txt" => Some(Format::Solomon),
            _ => None,
        }
    }

    /// Guesses the format of a file from its content.
    pub fn guess(text: &str) -> Option<Format> {
        let upper = text.trim_start_matches('\u{feff}').to_ascii_uppercase();
        (upper.contains("VEHICLE") && upper.contains("CUSTOMER")).then_some(Format::Solomon)
    }
}

/// Reads a problem in `format`, or in the format guessed from the content.
pub fn read(file: &str, text: &str, format: Option<Format>) -> Result<crate::Problem, ParseError> {
    let format = format.or_else(|| Format::guess(text)).ok_or_else(|| {
        ParseError::new(file, 0, "format", "unrecognised file: expected a Solomon / Gehring–Homberger text file")
    })?;
    match format {
        Format::Solomon => solomon::parse(file, text),
    }
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
}
