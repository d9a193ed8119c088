//! Getting text out of files and stdin, and naming where input went wrong.
//!
//! Design decision: input is read whole into memory as bytes (one allocation per file, transparently
//! gunzipped when it starts with the gzip magic bytes, whatever its name), then decoded as UTF-8 either
//! strictly (an error naming the byte offset) or lossily (U+FFFD). Every reader parses from that `&str`,
//! so byte offsets in errors and in documents refer to one and the same decoded text.

use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;

/// The first two bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Why input could not be read or decoded.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{name}: cannot read: {source}")]
    Io { name: String, source: std::io::Error },
    #[error("{name}: invalid UTF-8 at byte {offset} (use --lossy to replace invalid bytes)")]
    InvalidUtf8 { name: String, offset: usize },
}

/// Malformed content: the source, the 1-based line, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {message}")]
pub struct ParseError {
    pub source_name: String,
    pub line: usize,
    pub message: String,
}

impl ParseError {
    pub fn new(source_name: &str, line: usize, message: impl Into<String>) -> Self {
        ParseError { source_name: source_name.to_string(), line, message: message.into() }
    }
}

/// Reads a file (`-` for stdin) whole, gunzipping it when it is gzip data.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    let name = display_name(path);
    let io_error = |source| InputError::Io { name: name.clone(), source };
    let mut raw = Vec::new();
    if path == Path::new("-") {
        std::io::stdin().lock().read_to_end(&mut raw).map_err(io_error)?;
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut raw)).map_err(io_error)?;
    }
    if !raw.starts_with(&GZIP_MAGIC) {
        return Ok(raw);
    }
    let mut unzipped = Vec::new();
    MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut unzipped).map_err(io_error)?;
    Ok(unzipped)
}

/// Decodes bytes as UTF-8: strictly (error at the first invalid byte) or lossily (U+FFFD).
pub fn decode(name: &str, bytes: Vec<u8>, lossy: bool) -> Result<String, InputError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            Err(InputError::InvalidUtf8 { name: name.to_string(), offset: e.utf8_error().valid_up_to() })
        }
    }
}

/// Reads and decodes a file (`-` for stdin).
pub fn read_text(path: &Path, lossy: bool) -> Result<String, InputError> {
    decode(&display_name(path), read_bytes(path)?, lossy)
}

/// How a path is named in messages and document ids: `stdin` for `-`, else the path as given.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    #[test]
    fn gzip_is_detected_by_content_not_name() {
        let dir = std::env::temp_dir().join(format!("corefer-source-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let plain = dir.join("a.gz");
        std::fs::write(&plain, "plain text").unwrap();
        let zipped = dir.join("b.txt");
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all("zipped text".as_bytes()).unwrap();
        std::fs::write(&zipped, encoder.finish().unwrap()).unwrap();
        assert_eq!(read_text(&plain, false).unwrap(), "plain text");
        assert_eq!(read_text(&zipped, false).unwrap(), "zipped text");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let err = decode("f.txt", b"ab\xffcd".to_vec(), false).unwrap_err();
        assert_eq!(err.to_string(), "f.txt: invalid UTF-8 at byte 2 (use --lossy to replace invalid bytes)");
        assert_eq!(decode("f.txt", b"ab\xffcd".to_vec(), true).unwrap(), "ab\u{fffd}cd");
    }

    #[test]
    fn missing_files_are_named() {
        let err = read_text(Path::new("/no/such/file"), false).unwrap_err();
        assert!(err.to_string().starts_with("/no/such/file: cannot read"), "{err}");
    }
}
