//! Bytes to text: the encodings planners' files come in, told apart before anything is parsed.
//!
//! Spreadsheets save CSV as UTF-8 (with or without a byte order mark), as "Unicode text"
//! (UTF-16, little-endian on Windows, usually tab-separated) or in the system's code page, which
//! for Western European languages is Windows-1252 (a superset of ISO-8859-1's printable
//! characters). [`decode`] reads them in that order of evidence: a byte order mark; UTF-16
//! without one (every other byte NUL in the first lines); valid UTF-8; else Windows-1252, which
//! maps every byte to a character, so decoding never fails. Binary files (images, workbooks)
//! come out as text too, and are told apart afterwards by [`crate::formats::csv::not_text`].

use serde::{Deserialize, Serialize};

/// The encoding a file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1252, also used for ISO-8859-1 (Latin-1) files: the two differ only in bytes
    /// 0x80–0x9F, control characters in Latin-1 that no table holds.
    Windows1252,
}

impl TextEncoding {
    /// Its usual name.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    /// What an import report says about a file read in this encoding; `None` for UTF-8.
    pub fn note(self) -> Option<String> {
        match self {
            TextEncoding::Utf8 => None,
            TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
                Some(format!("read as {} (Excel's \"Unicode text\")", self.name()))
            }
            TextEncoding::Windows1252 => Some(
                "read as Windows-1252 (ISO-8859-1): the file is not UTF-8; check that accented letters look right"
                    .to_string(),
            ),
        }
    }
}

/// A file's text and the encoding it was read in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// Without a byte order mark.
    pub text: String,
    pub encoding: TextEncoding,
}

/// How many bytes are looked at to recognise UTF-16 without a byte order mark.
const PROBE: usize = 4096;

/// Reads `bytes` as text (see the module's header for how the encoding is chosen). `file`, the
/// file's name, is not needed to decide; it is taken so that every door reads files alike.
pub fn decode(_file: &str, bytes: &[u8]) -> Decoded {
    let (encoding, body) = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        (TextEncoding::Utf8, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        (TextEncoding::Utf16Le, rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        (TextEncoding::Utf16Be, rest)
    } else if let Some(utf16) = utf16_without_bom(bytes) {
        (utf16, bytes)
    } else if std::str::from_utf8(bytes).is_ok() {
        (TextEncoding::Utf8, bytes)
    } else {
        (TextEncoding::Windows1252, bytes)
    };
    let with = match encoding {
        TextEncoding::Utf8 => encoding_rs::UTF_8,
        TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
        TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
    };
    // Malformed sequences (a lone surrogate, an odd last byte) become U+FFFD.
    let (text, _) = with.decode_without_bom_handling(body);
    Decoded { text: text.into_owned(), encoding }
}

/// UTF-16 text of a Latin script without a byte order mark: in the first bytes, most pairs
/// have a NUL on one side (the high byte of ASCII), the same side each time, and never both.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let head = &bytes[..bytes.len().min(PROBE) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut high_nul, mut low_nul) = (0, 0);
    for pair in head.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (0, 0) => return None,
            (_, 0) => low_nul += 1,
            (0, _) => high_nul += 1,
            _ => {}
        }
    }
    if low_nul * 10 >= pairs * 9 {
        Some(TextEncoding::Utf16Le)
    } else if high_nul * 10 >= pairs * 9 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let units = bom.then_some(0xfeff).into_iter().chain(text.encode_utf16());
        units.flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode("o.csv", "Empfänger;Straße\n".as_bytes());
        assert_eq!((plain.text.as_str(), plain.encoding), ("Empfänger;Straße\n", TextEncoding::Utf8));
        let bom = decode("o.csv", b"\xef\xbb\xbfid,lat\n");
        assert_eq!((bom.text.as_str(), bom.encoding), ("id,lat\n", TextEncoding::Utf8));
        assert_eq!(decode("e.csv", b"").encoding, TextEncoding::Utf8);
        assert_eq!(TextEncoding::Utf8.note(), None);
    }

    #[test]
    fn utf16_both_byte_orders_with_and_without_bom() {
        let text = "Empfänger\tBreite\tLänge\nMüller\t52,52\t13,40\n";
        for (big, encoding) in [(false, TextEncoding::Utf16Le), (true, TextEncoding::Utf16Be)] {
            for bom in [true, false] {
                let read = decode("o.txt", &utf16(text, big, bom));
                assert_eq!((read.text.as_str(), read.encoding), (text, encoding), "big {big}, bom {bom}");
            }
        }
        // An odd last byte does not panic.
        let mut odd = utf16("id", false, true);
        odd.push(b'x');
        assert_eq!(decode("o.txt", &odd).text, "id\u{fffd}");
    }

    #[test]
    fn windows_1252_when_the_bytes_are_not_utf8() {
        // "Empfänger;Straße;Breite;Länge" and "€" as Excel writes them on a German Windows.
        let bytes = b"Empf\xe4nger;Stra\xdfe;Breite;L\xe4nge\nM\xfcller;Hauptstr. 1;52,52;13,40 \x80\n";
        let read = decode("auftraege.csv", bytes);
        assert_eq!(read.encoding, TextEncoding::Windows1252);
        assert_eq!(read.text, "Empfänger;Straße;Breite;Länge\nMüller;Hauptstr. 1;52,52;13,40 €\n");
        assert!(read.encoding.note().is_some_and(|n| n.contains("Windows-1252")));
        // Every byte reads as something: decoding cannot fail.
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode("x.bin", &all).text.chars().count(), 256);
    }
}
