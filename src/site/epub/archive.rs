//! The EPUB's ZIP container, the same bytes for the same files: `mimetype` first and stored
//! (reading systems sniff it at a fixed offset), then every file in the order given, deflated,
//! each with the same date (1980-01-01, ZIP's first), Unix permissions and no extra fields.

use crate::error::{Error, Result};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

pub fn zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let size: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut w = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 3 + 4096)));
    let fixed = SimpleFileOptions::default()
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let fail = |e: zip::result::ZipError| Error::Message(format!("writing the EPUB: {e}"));
    let io = |e: std::io::Error| Error::Message(format!("writing the EPUB: {e}"));
    w.start_file(
        "mimetype",
        fixed.compression_method(CompressionMethod::Stored),
    )
    .map_err(fail)?;
    w.write_all(b"application/epub+zip").map_err(io)?;
    let deflated = fixed.compression_method(CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name.as_str(), deflated).map_err(fail)?;
        w.write_all(bytes).map_err(io)?;
    }
    Ok(w.finish().map_err(fail)?.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn mimetype_comes_first_stored_and_without_extra_fields() {
        let bytes = super::zip(&[("a.txt".into(), b"hello hello hello".to_vec())]).unwrap();
        // A local file header: signature, then at 8 the method (0 = stored), at 28 the extra
        // field's length, at 30 the name and at 38 the data.
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[8..10], [0, 0]);
        assert_eq!(&bytes[28..30], [0, 0]);
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..58], b"application/epub+zip");
        assert_eq!(
            bytes,
            super::zip(&[("a.txt".into(), b"hello hello hello".to_vec())]).unwrap()
        );
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["mimetype", "a.txt"]);
        let file = archive.by_name("a.txt").unwrap();
        assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
    }
}
