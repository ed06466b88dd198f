//! Reading and writing the file formats planners bring. Every parser returns a [`ParseError`]
//! naming the file, line and field instead of panicking.

pub mod solomon;

use thiserror::Error;

/// A problem in an input file, located as precisely as the format allows.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{file}: line {line}, {field}: {message}")]
pub struct ParseError {
    pub file: String,
    /// 1-based line number (0 when the problem concerns the whole file).
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl ParseError {
    pub fn new(file: &str, line: usize, field: &str, message: impl Into<String>) -> Self {
        ParseError { file: file.to_string(), line, field: field.to_string(), message: message.into() }
    }
}
