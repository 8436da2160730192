//! Import step 0: the bytes of a file in, clean Unicode text out. Encodings are recognised by
//! their byte-order mark, else UTF-8 is tried, else the legacy 8-bit encoding `chardetng`
//! guesses is used and named in a warning (extracted texts from older tools are often
//! Windows-1252; refusing them would send the editor to iconv for a result they can review
//! just as well in the pages). Characters that PDF extraction leaves behind and that no reader
//! wants — controls, bidi overrides, zero-width spaces, soft hyphens, ligature glyphs — are
//! removed or expanded and counted.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused: no proceedings text comes near it, and reading
/// `/dev/zero` or a log by mistake must end.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Decoded text and what decoding had to guess or remove.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding used when the file was not UTF-8, e.g. `windows-1252`.
    pub guessed: Option<&'static str>,
    /// Characters removed: controls, bidi controls, zero-width characters, soft hyphens.
    pub removed: usize,
    /// Ligature glyphs (`ﬁ`) expanded to their letters.
    pub ligatures: usize,
}

/// Reads the file at `path`: a regular file of at most `MAX_BYTES`, never a pipe or device.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::file(
            path,
            "is a folder; give the path of a proceedings text file (.txt)",
        ));
    }
    if !meta.is_file() {
        return Err(Error::file(
            path,
            "is not a regular file (a pipe, socket or device); save the text to a file and give its path",
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_BYTES) as usize);
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::file(
            path,
            format!(
                "is larger than {} MiB; import takes the text of one proceedings volume",
                MAX_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(bytes)
}

/// Decodes `bytes` (from `path`, for messages) into text with line ends as `\n`.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Decoded> {
    if super::pdf::is_pdf(bytes) {
        return Err(Error::file(
            path,
            "is a PDF, not text; import it with `quire import FILE.pdf`, which reads PDFs",
        ));
    }
    let (text, guessed) = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            (text.into_owned(), None)
        }
        None => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), None),
            Err(_) => {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                let encoding = detector.guess(None, true);
                if encoding == encoding_rs::UTF_8 {
                    return Err(invalid_utf8(bytes, path));
                }
                let (text, _, _) = encoding.decode(bytes);
                (text.into_owned(), Some(encoding.name()))
            }
        },
    };
    if looks_binary(&text) {
        return Err(Error::file(
            path,
            "looks like a binary file, not text; give the text of the proceedings",
        ));
    }
    let mut decoded = clean_chars(&text);
    decoded.guessed = guessed;
    Ok(decoded)
}

fn invalid_utf8(bytes: &[u8], path: &Path) -> Error {
    let valid = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| bytes.len());
    let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
    Error::at(path, line, None, "invalid UTF-8: save the file as UTF-8")
}

/// Many NULs or other controls mean a binary file (or UTF-16 without its byte-order mark).
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(8192).collect();
    let controls = sample
        .iter()
        .filter(|&&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c'))
        .count();
    !sample.is_empty() && controls * 10 > sample.len()
}

/// CRLF and CR to LF; controls (form feed kept: it marks a page break), bidi controls,
/// zero-width characters and soft hyphens removed; ligature glyphs expanded.
pub fn clean_chars(text: &str) -> Decoded {
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut ligatures = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\t' | '\x0c' => out.push(c),
            c if is_invisible(c) => removed += 1,
            c => match ligature(c) {
                Some(letters) => {
                    ligatures += 1;
                    out.push_str(letters);
                }
                None => out.push(c),
            },
        }
    }
    Decoded {
        text: out,
        removed,
        ligatures,
        guessed: None,
    }
}

/// Controls, bidi embeddings and overrides, zero-width spaces and joiners that extraction
/// leaves inside words, byte-order marks, soft hyphens. The zero-width joiner is kept: emoji
/// sequences need it.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200e}' | '\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> Decoded {
        decode(bytes, Path::new("seed.txt")).unwrap()
    }

    #[test]
    fn boms_and_line_ends() {
        assert_eq!(text(b"\xef\xbb\xbfA\r\nB\rC").text, "A\nB\nC");
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Día\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(text(&utf16).text, "Día\n");
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Ω".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&be).text, "Ω");
    }

    #[test]
    fn a_legacy_text_is_decoded_and_its_encoding_named() {
        let d = text(
            b"Caf\xe9 and na\xefve r\xe9sum\xe9s for the d\xe9l\xe9gu\xe9s \x96 a \x93quote\x94\n",
        );
        assert_eq!(d.guessed, Some("windows-1252"));
        assert!(d.text.starts_with("Café and naïve résumés"), "{}", d.text);
        assert!(d.text.contains("– a “quote”"), "{}", d.text);
    }

    #[test]
    fn pdfs_and_binaries_are_named() {
        let e = decode(b"%PDF-1.7\n...", Path::new("r.pdf")).unwrap_err();
        assert!(e.to_string().starts_with("r.pdf: is a PDF"), "{e}");
        let e = decode(&[0u8; 400], Path::new("x.bin")).unwrap_err();
        assert!(e.to_string().contains("binary"), "{e}");
    }

    #[test]
    fn invisible_characters_go_and_ligatures_open() {
        let d = clean_chars("A\u{0}B\u{7}\u{202e}gnp.exe\u{202c} e\u{ad}co\u{200b}nomy \u{fb01}nal \u{fb03}\x0cnext 👩\u{200d}💻");
        assert_eq!(d.text, "ABgnp.exe economy final ffi\x0cnext 👩\u{200d}💻");
        assert_eq!((d.removed, d.ligatures), (6, 2));
    }

    #[test]
    fn pipes_and_devices_are_refused_not_read() {
        let e = read(Path::new("/dev/zero")).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read(&fifo).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        let e = read(Path::new("/")).unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
    }
}
