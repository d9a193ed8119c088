//! Getting text out of files and stdin, and naming where input went wrong.
//!
//! Design decision: input is streamed through a byte limit that is enforced *while reading*, on the
//! stream as stored and again on the stream after gunzipping (gzip is detected by its magic bytes,
//! whatever the file's name), so an oversized file or a gzip bomb is refused after at most the limit's
//! worth of memory, never after reading it whole. What is read is then decoded as UTF-8 either strictly
//! (an error naming the byte offset and line) or lossily (U+FFFD); UTF-16 is recognised and refused with
//! a message that says so. Every reader parses from the decoded text, so byte offsets in errors and in
//! documents refer to one and the same text.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use flate2::bufread::MultiGzDecoder;

/// The first two bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The UTF-8 encoding of U+FEFF, which some editors write at the start of a file.
pub const UTF8_BOM: &str = "\u{feff}";
/// How many leading bytes the UTF-16 check looks at.
const UTF16_SNIFF_BYTES: usize = 512;

/// The default of `--max-bytes`: the most bytes one input held in memory (a file, or one JSONL line) may
/// have once gunzipped. A refused input then never costs more than about this much memory.
pub const DEFAULT_MAX_BYTES: u64 = 32 << 20;
/// The default of `--max-gunzipped-bytes`: how far a gzip file may expand in all, which bounds the time a
/// streamed input (JSONL) spends on a gzip bomb; a file read whole is bounded by `--max-bytes` first.
pub const DEFAULT_MAX_GUNZIPPED_BYTES: u64 = 1 << 30;

/// A byte limit and the setting that raises it as the caller's users know it, which a refusal names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteLimit {
    /// The most bytes.
    pub max: u64,
    /// How the limit is raised ("max_bytes"; the CLI: "--max-bytes").
    pub knob: &'static str,
}

impl ByteLimit {
    /// No limit.
    pub const NONE: ByteLimit = ByteLimit { max: u64::MAX, knob: "" };

    /// At most `max` bytes, raised with `knob`.
    pub fn new(max: u64, knob: &'static str) -> Self {
        ByteLimit { max, knob }
    }
}

/// The limits one input is read under: its bytes as stored, and its bytes once gunzipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// The most bytes of the input as stored.
    pub stored: ByteLimit,
    /// The most bytes once gunzipped (for a gzip input).
    pub gunzipped: ByteLimit,
    /// How the caller's users ask for lossy decoding, named when invalid UTF-8 is refused ("lossy"; the
    /// CLI: "--lossy").
    pub lossy_knob: &'static str,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits::NONE
    }
}

impl ReadLimits {
    /// No limits.
    pub const NONE: ReadLimits =
        ReadLimits { stored: ByteLimit::NONE, gunzipped: ByteLimit::NONE, lossy_knob: "lossy" };

    /// At most `max` bytes as stored and once gunzipped (raised with "max_bytes").
    pub fn bytes(max: u64) -> Self {
        let limit = ByteLimit::new(max, "max_bytes");
        ReadLimits { stored: limit, gunzipped: limit, ..ReadLimits::NONE }
    }
}

/// Why input could not be read or decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The input could not be opened or read.
    #[error("{name}: cannot read: {source}")]
    Io {
        /// The input's name (a path, or "stdin").
        name: String,
        /// What the system said.
        source: io::Error,
    },
    /// The input is not UTF-8 (and was not read lossily).
    #[error("{name}: invalid UTF-8 at byte {offset} (line {line}) (use {knob} to replace invalid bytes)")]
    InvalidUtf8 {
        /// The input's name.
        name: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
        /// Its 1-based line.
        line: usize,
        /// How the caller's users ask for lossy reading ([`ReadLimits::lossy_knob`]).
        knob: &'static str,
    },
    /// The input looks like UTF-16 (a byte-order mark, or zero bytes at every other position).
    #[error("{name}: this looks like UTF-16 ({evidence}), not UTF-8; convert it first, e.g. with `iconv -f UTF-16 -t UTF-8`")]
    Utf16 {
        /// The input's name.
        name: String,
        /// What gave it away.
        evidence: &'static str,
    },
    /// The input is past a byte limit, as stored or once gunzipped.
    #[error("{name}: more than {max} bytes{what}; raise {knob} to read it")]
    TooLarge {
        /// The input's name.
        name: String,
        /// "" or " once gunzipped".
        what: &'static str,
        /// The limit.
        max: u64,
        /// How the caller's users raise it ([`ByteLimit::knob`]).
        knob: &'static str,
    },
}

/// Malformed content: the source, the 1-based line, and what was expected there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {message}")]
pub struct ParseError {
    /// The input's name.
    pub source_name: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl ParseError {
    /// The error at `line` of `source_name`.
    pub fn new(source_name: &str, line: usize, message: impl Into<String>) -> Self {
        ParseError { source_name: source_name.to_string(), line, message: message.into() }
    }
}

/// Which stream a [`Limited`] reader guards, for the message when it overflows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Stored,
    Gunzipped,
}

/// The error a [`Limited`] reader returns once its limit is passed; carried inside an `io::Error`.
#[derive(Debug)]
struct LimitExceeded {
    stage: Stage,
    limit: ByteLimit,
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "more than {} bytes", self.limit.max)
    }
}

impl std::error::Error for LimitExceeded {}

/// A reader that fails (instead of going on) when its inner reader has more than `max` bytes.
struct Limited<R> {
    inner: R,
    left: u64,
    limit: ByteLimit,
    stage: Stage,
}

impl<R> Limited<R> {
    fn new(inner: R, limit: ByteLimit, stage: Stage) -> Self {
        Limited { inner, left: limit.max, limit, stage }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // At the limit: the input is within it only if nothing follows.
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::other(LimitExceeded { stage: self.stage, limit: self.limit })),
            };
        }
        let room = usize::try_from(self.left).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(&mut buf[..room])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// An open input: a byte stream (gunzipped when it was gzip data) that fails once it passes the limit
/// it was opened with. Read errors become [`InputError`]s with [`Input::error`].
pub struct Input {
    name: String,
    reader: Box<dyn BufRead + Send>,
    gzipped: bool,
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Input").field("name", &self.name).finish_non_exhaustive()
    }
}

impl Input {
    /// An input over any byte stream (no limit, no gunzipping), named `name` in messages.
    pub fn from_reader(name: String, reader: Box<dyn BufRead + Send>) -> Self {
        Input { name, reader, gzipped: false }
    }

    /// How the input is named in messages (`stdin` for `-`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The byte stream.
    pub fn reader(&mut self) -> &mut dyn BufRead {
        &mut *self.reader
    }

    /// Whether the stored bytes were gzip data (so the stream is longer than the file).
    pub fn gzipped(&self) -> bool {
        self.gzipped
    }

    /// The stream itself, for a reader that outlives this value (such as one on another thread); its
    /// errors still name the input and the limit once passed through the function returned with it.
    pub fn into_reader(self) -> (Box<dyn BufRead + Send>, impl Fn(io::Error) -> io::Error + Send + 'static) {
        let name = self.name;
        (self.reader, move |e| io::Error::other(input_error(&name, e)))
    }

    /// Turns a read error of this input into an [`InputError`] naming it (and the limit, when that was
    /// the cause).
    pub fn error(&self, error: io::Error) -> InputError {
        input_error(&self.name, error)
    }

    /// Reads the rest of the stream.
    pub fn read_to_end(mut self) -> Result<Vec<u8>, InputError> {
        let mut bytes = Vec::new();
        match self.reader.read_to_end(&mut bytes) {
            Ok(_) => Ok(bytes),
            Err(e) => Err(self.error(e)),
        }
    }
}

fn input_error(name: &str, error: io::Error) -> InputError {
    let name = name.to_string();
    match error.get_ref().and_then(|e| e.downcast_ref::<LimitExceeded>()) {
        Some(&LimitExceeded { stage, limit: ByteLimit { max, knob } }) => {
            let what = if stage == Stage::Gunzipped { " once gunzipped" } else { "" };
            InputError::TooLarge { name, what, max, knob }
        }
        None => InputError::Io { name, source: error },
    }
}

/// Opens a file (`-` for stdin) for streaming, gunzipping it when it is gzip data. The stream fails as
/// soon as the file passes `limits.stored`, or its gunzipped content `limits.gunzipped`; a UTF-16 file
/// is refused here.
pub fn open(path: &Path, limits: ReadLimits) -> Result<Input, InputError> {
    let name = display_name(path);
    let stored: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        let file =
            std::fs::File::open(path).map_err(|source| InputError::Io { name: name.clone(), source })?;
        let ByteLimit { max, knob } = limits.stored;
        if file.metadata().is_ok_and(|m| m.is_file() && m.len() > max) {
            return Err(InputError::TooLarge { name, what: "", max, knob });
        }
        Box::new(file)
    };
    let mut stored = BufReader::new(Limited::new(stored, limits.stored, Stage::Stored));
    let gzipped = stored.fill_buf().map_err(|e| input_error(&name, e))?.starts_with(&GZIP_MAGIC);
    let mut reader: Box<dyn BufRead + Send> = if gzipped {
        let decoder = MultiGzDecoder::new(stored);
        Box::new(BufReader::new(Limited::new(decoder, limits.gunzipped, Stage::Gunzipped)))
    } else {
        Box::new(stored)
    };
    let start = reader.fill_buf().map_err(|e| input_error(&name, e))?;
    if let Some(evidence) = utf16_evidence(start) {
        return Err(InputError::Utf16 { name, evidence });
    }
    Ok(Input { name, reader, gzipped })
}

/// Reads a file (`-` for stdin) whole, gunzipping it when it is gzip data; refused past `limits`.
pub fn read_bytes_with(path: &Path, limits: ReadLimits) -> Result<Vec<u8>, InputError> {
    open(path, limits)?.read_to_end()
}

/// Reads a file (`-` for stdin) whole, gunzipping it when it is gzip data, with no size limit.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    read_bytes_with(path, ReadLimits::NONE)
}

/// Why `bytes` look like UTF-16 rather than UTF-8: a UTF-16 byte-order mark, or (for text in the Latin
/// script) a NUL byte in every other position. `None` when they do not.
pub fn utf16_evidence(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xff, 0xfe]) {
        return Some("it starts with the UTF-16LE byte-order mark FF FE");
    }
    if bytes.starts_with(&[0xfe, 0xff]) {
        return Some("it starts with the UTF-16BE byte-order mark FE FF");
    }
    let sniffed = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES) & !1];
    if sniffed.len() < 8 {
        return None;
    }
    let pairs = || sniffed.chunks_exact(2);
    let alternate = |zero: usize| pairs().all(|p| p[zero] == 0) && pairs().all(|p| p[1 - zero] != 0);
    if alternate(1) {
        Some("every other byte is NUL, as in UTF-16LE")
    } else if alternate(0) {
        Some("every other byte is NUL, as in UTF-16BE")
    } else {
        None
    }
}

/// Decodes bytes as UTF-8: strictly (error at the first invalid byte) or lossily (U+FFFD). UTF-16 is
/// refused either way, since replacing it would garble every character.
pub fn decode(name: &str, bytes: Vec<u8>, lossy: bool) -> Result<String, InputError> {
    decode_with(name, bytes, lossy, ReadLimits::NONE.lossy_knob)
}

/// [`decode`], naming `knob` in the refusal of invalid UTF-8.
fn decode_with(name: &str, bytes: Vec<u8>, lossy: bool, knob: &'static str) -> Result<String, InputError> {
    if let Some(evidence) = utf16_evidence(&bytes) {
        return Err(InputError::Utf16 { name: name.to_string(), evidence });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let line = 1 + e.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count();
            Err(InputError::InvalidUtf8 { name: name.to_string(), offset, line, knob })
        }
    }
}

/// Reads and decodes a file (`-` for stdin), refused past `limits`.
pub fn read_text_with(path: &Path, lossy: bool, limits: ReadLimits) -> Result<String, InputError> {
    decode_with(&display_name(path), read_bytes_with(path, limits)?, lossy, limits.lossy_knob)
}

/// Reads and decodes a file (`-` for stdin), refused past `max_bytes` as stored or gunzipped.
pub fn read_text_limited(path: &Path, lossy: bool, max_bytes: u64) -> Result<String, InputError> {
    read_text_with(path, lossy, ReadLimits::bytes(max_bytes))
}

/// Reads and decodes a file (`-` for stdin), with no size limit.
pub fn read_text(path: &Path, lossy: bool) -> Result<String, InputError> {
    read_text_with(path, lossy, ReadLimits::NONE)
}

/// `text` without a leading UTF-8 byte-order mark: for formats whose content is not the text itself
/// (JSON, CoNLL), where the mark is only an editor's encoding note.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix(UTF8_BOM).unwrap_or(text)
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

    fn temp_dir(test: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("corefer-source-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn gzip_is_detected_by_content_not_name() {
        let dir = temp_dir("gzip");
        let plain = dir.join("a.gz");
        std::fs::write(&plain, "plain text").unwrap();
        let zipped = dir.join("b.txt");
        std::fs::write(&zipped, gzip(b"zipped text")).unwrap();
        assert_eq!(read_text(&plain, false).unwrap(), "plain text");
        assert_eq!(read_text(&zipped, false).unwrap(), "zipped text");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn limits_hold_on_the_stored_and_the_gunzipped_stream() {
        let dir = temp_dir("limits");
        let plain = dir.join("plain.txt");
        std::fs::write(&plain, "0123456789").unwrap();
        assert_eq!(read_text_limited(&plain, false, 10).unwrap(), "0123456789");
        let err = read_text_limited(&plain, false, 9).unwrap_err().to_string();
        assert_eq!(err, format!("{}: more than 9 bytes; raise max_bytes to read it", plain.display()));
        // Many gzip members of 1 MiB of zeros each: a bomb far larger than its file.
        let member = gzip(&vec![0u8; 1 << 20]);
        let bomb = dir.join("bomb.gz");
        std::fs::write(&bomb, member.repeat(64)).unwrap();
        let err = read_bytes_with(&bomb, ReadLimits::bytes(3 << 20)).unwrap_err().to_string();
        assert!(
            err.ends_with("bomb.gz: more than 3145728 bytes once gunzipped; raise max_bytes to read it"),
            "{err}"
        );
        assert_eq!(read_bytes_with(&bomb, ReadLimits::bytes(64 << 20)).unwrap().len(), 64 << 20);
        let gunzipped = ByteLimit { max: 1 << 20, knob: "--max-gunzipped-bytes" };
        let err =
            read_bytes_with(&bomb, ReadLimits { stored: ByteLimit::NONE, gunzipped, ..ReadLimits::NONE })
                .unwrap_err();
        assert!(err.to_string().ends_with("once gunzipped; raise --max-gunzipped-bytes to read it"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset_and_line() {
        let err = decode("f.txt", b"ab\ncd\xffe".to_vec(), false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.txt: invalid UTF-8 at byte 5 (line 2) (use lossy to replace invalid bytes)"
        );
        assert_eq!(decode("f.txt", b"ab\xffcd".to_vec(), true).unwrap(), "ab\u{fffd}cd");
    }

    #[test]
    fn utf16_is_recognised_with_or_without_a_byte_order_mark() {
        let le: Vec<u8> = "\u{feff}Ann left.".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = decode("u.txt", le.clone(), true).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "u.txt: this looks like UTF-16 (it starts with the UTF-16LE byte-order mark FF FE)"
            ),
            "{err}"
        );
        let be: Vec<u8> = "Ann left.".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let err = decode("u.txt", be, false).unwrap_err().to_string();
        assert!(err.contains("every other byte is NUL, as in UTF-16BE"), "{err}");
        assert!(utf16_evidence(&[0; 64]).is_none(), "NUL bytes alone are text, not UTF-16");
        assert!(utf16_evidence(b"A\0").is_none(), "too short to tell");
        assert_eq!(decode("n.txt", b"a\0b\0".to_vec(), false).unwrap(), "a\0b\0");
    }

    #[test]
    fn missing_files_are_named() {
        let err = read_text(Path::new("/no/such/file"), false).unwrap_err();
        assert!(err.to_string().starts_with("/no/such/file: cannot read"), "{err}");
    }
}
