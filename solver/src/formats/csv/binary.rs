//! Files that are not text: what they look like, so that an import can say "not a table (it looks
//! like a PNG image)" instead of reading bytes as a header line.
//!
//! Files reach the engine as text. [`decode`](crate::formats::encoding::decode) reads bytes that
//! are not UTF-8 as Windows-1252; a browser's `File.text()` puts U+FFFD for every such byte; a
//! native reader may have decoded them as Latin-1. So a signature is recognised in each form
//! (`\x89PNG` reads as `\u{2030}PNG`, `\u{FFFD}PNG` or `\u{89}PNG`).
//! Anything else with NUL characters near the start is binary too (no table has them), except
//! UTF-16 text, which is named as such.

/// How much of the start of a file is looked at.
const PROBE: usize = 4096;

/// What `text` looks like when it is not a text table: "a PNG image", "an Excel workbook: save it
/// as CSV" …; `None` for text. `file` (its name) tells an Excel workbook from another ZIP or
/// OLE file.
pub fn not_text(file: &str, text: &str) -> Option<&'static str> {
    let head = probe(text);
    let lower = file.to_lowercase();
    let excel = [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|ext| lower.ends_with(ext));
    let starts = |signature: &str| {
        head.starts_with(signature)
            || head
                .strip_prefix(['\u{fffd}', '\u{89}', '\u{2030}', '\u{ff}', '\u{d0}'])
                .is_some_and(|rest| rest.starts_with(signature))
    };
    if starts("PNG\r\n") {
        return Some("a PNG image");
    }
    if head.starts_with("GIF87a") || head.starts_with("GIF89a") {
        return Some("a GIF image");
    }
    if head.starts_with("%PDF-") {
        return Some("a PDF document");
    }
    if (head.starts_with("\u{fffd}\u{fffd}\u{fffd}") && (head.contains("JFIF") || head.contains("Exif")))
        || head.starts_with("\u{ff}\u{d8}\u{ff}")
    {
        return Some("a JPEG image");
    }
    if head.starts_with("PK\u{3}\u{4}") {
        // An Office Open XML workbook names its parts `xl/…`; an OpenDocument one says its type.
        return if excel || head.contains("xl/") || head.contains("spreadsheet") {
            Some("an Excel workbook: save it as CSV")
        } else {
            Some("a ZIP archive")
        };
    }
    if head.contains('\0') {
        let count = |wanted: char| head.chars().filter(|&c| c == wanted).count();
        let (nul, replaced) = (count('\0'), count('\u{fffd}'));
        let other = head.chars().count() - nul;
        // UTF-16 text of a Latin script: every other byte is NUL, and nothing but its byte order
        // mark fails to read as UTF-8.
        if nul * 3 >= other && other > 0 && replaced <= 2 {
            return Some("UTF-16 text: save it as UTF-8 CSV");
        }
        return Some(if excel { "an Excel workbook: save it as CSV" } else { "binary data, not text" });
    }
    None
}

/// The first [`PROBE`] bytes of `text`, cut at a character boundary.
fn probe(text: &str) -> &str {
    let mut end = text.len().min(PROBE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` as a browser's `File.text()` reads them.
    fn as_browser(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    /// `bytes` read as Latin-1.
    fn as_latin1(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| b as char).collect()
    }

    #[test]
    fn common_binary_files_are_named() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
        let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01";
        let xlsx = b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml xl/workbook.xml";
        let cases: [(&str, &[u8], &str); 7] = [
            ("orders.csv", png, "a PNG image"),
            ("photo.jpg", jpeg, "a JPEG image"),
            ("a.gif", b"GIF89a\x01\0\x01\0", "a GIF image"),
            ("orders.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "a PDF document"),
            ("orders.xlsx", xlsx, "an Excel workbook: save it as CSV"),
            ("orders.zip", b"PK\x03\x04\x14\0\0\0\0\0orders.csv", "a ZIP archive"),
            ("orders.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", "an Excel workbook: save it as CSV"),
        ];
        for (name, bytes, what) in cases {
            assert_eq!(not_text(name, &as_browser(bytes)), Some(what), "{name} as the browser reads it");
        }
        assert_eq!(not_text("x.png", &as_latin1(png)), Some("a PNG image"), "read as Latin-1");
        assert_eq!(not_text("x.jpg", &as_latin1(jpeg)), Some("a JPEG image"), "read as Latin-1");
    }

    #[test]
    fn utf16_is_named_and_text_is_not_binary() {
        let utf16: Vec<u8> = "\u{feff}id,lat,lon\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(not_text("orders.csv", &as_browser(&utf16)), Some("UTF-16 text: save it as UTF-8 CSV"));
        for text in ["id,lat,lon\n1,45.7,4.8\n", "\u{feff}Nom;Latitude\nCafé;45,7\n", "", "{\"orders\": []}"] {
            assert_eq!(not_text("orders.csv", text), None, "{text:?}");
        }
        // A Latin-1 CSV read as UTF-8 has replacement characters but is still text.
        assert_eq!(not_text("o.csv", &as_browser(b"id;name\n1;Caf\xe9\n")), None);
        let long = format!("{}é", "a".repeat(PROBE - 1));
        assert_eq!(not_text("o.csv", &long), None, "the probe ends on a character boundary");
    }
}
