//! The records of a corpus: JSONL lines, CSV rows (RFC 4180, quoted newlines) or the `.txt` files of a
//! directory, each as an id and a text, or as the reason it is not one.
//!
//! Design decision: input is streamed, one record at a time, and a bad record is a value, not an error:
//! invalid UTF-8, malformed JSON, a CSV row with the wrong number of fields, a missing or mistyped field
//! and a record over the byte limit each become a [`Record`] whose body is the message, so the run writes
//! an error record for it and goes on. Only a failure to read the input at all ends the run. A record's
//! `line` (the input line it starts on; a file's position for a directory) is stable from one run to the
//! next, which is what resuming relies on for records without an id.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use corefer::io::source::{self, ReadLimits};

/// The kinds of input `corefer batch` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// A directory of `.txt` files, one document each, in name order.
    Dir,
}

impl Format {
    /// The format of `path`: a directory, a `.csv` / `.csv.gz` file, or else JSONL.
    pub fn guess(path: &Path) -> Format {
        let name = path.to_string_lossy().to_ascii_lowercase();
        if path.is_dir() {
            Format::Dir
        } else if name.ends_with(".csv") || name.ends_with(".csv.gz") {
            Format::Csv
        } else {
            Format::Jsonl
        }
    }
}

/// Where the text and the id of a record are.
#[derive(Debug, Clone)]
pub struct Layout {
    pub text_field: String,
    pub id_field: String,
    /// Longest record accepted, in bytes (a JSONL line, a CSV row, a file).
    pub max_record_bytes: usize,
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the record.
    pub lossy: bool,
}

/// One record of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based input line the record starts on (for a directory, the file's 1-based position).
    pub line: u64,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// The text, or why the record cannot be resolved.
    pub body: Result<String, String>,
    /// Input bytes read up to the end of this record (for progress).
    pub read_to: u64,
}

/// The records of an input, and its size in bytes when known (for progress).
pub struct Records {
    pub iter: Box<dyn Iterator<Item = std::io::Result<Record>> + Send>,
    pub total_bytes: Option<u64>,
}

/// Opens `path` (`-`: stdin) as `format`. Fails when the input cannot be read at all, or when a CSV
/// header lacks a named column.
pub fn open(path: &Path, format: Format, layout: Layout, limits: ReadLimits) -> Result<Records, String> {
    let name = corefer::io::source::display_name(path);
    if format == Format::Dir {
        return directory(path, layout).map_err(|e| format!("{name}: {e}"));
    }
    // The library's opening: gunzipping under --max-gunzipped-bytes, UTF-16 refused, errors named.
    let input = source::open(path, limits).map_err(|e| e.to_string())?;
    let plain_file = path != Path::new("-") && !input.gzipped();
    let total_bytes = plain_file.then(|| std::fs::metadata(path).ok().map(|m| m.len())).flatten();
    let (reader, named) = input.into_reader();
    let iter: Box<dyn Iterator<Item = std::io::Result<Record>> + Send> = match format {
        Format::Jsonl => Box::new(Jsonl { reader, layout, line: 0, read: 0, buf: Vec::new() }),
        Format::Csv => Box::new(Csv::new(reader, layout).map_err(|e| format!("{name}: {e}"))?),
        Format::Dir => unreachable!("handled above"),
    };
    Ok(Records { iter: Box::new(iter.map(move |record| record.map_err(&named))), total_bytes })
}

/// Text from bytes: strict UTF-8 (the message names the byte offset) or lossy.
fn decode(bytes: Vec<u8>, lossy: bool, what: &str) -> Result<String, String> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(format!(
            "invalid UTF-8 at byte {} of the {what} (use --lossy to replace invalid bytes)",
            e.utf8_error().valid_up_to()
        )),
    }
}

fn too_long(bytes: usize, layout: &Layout) -> String {
    format!("record is {bytes} bytes, more than --max-bytes {}", layout.max_record_bytes)
}

/// JSONL: one object per non-blank line.
struct Jsonl {
    reader: Box<dyn BufRead + Send>,
    layout: Layout,
    line: u64,
    read: u64,
    buf: Vec<u8>,
}

impl Iterator for Jsonl {
    type Item = std::io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let limit = self.layout.max_record_bytes;
            let (consumed, length) = match read_line_limited(&mut self.reader, &mut self.buf, limit) {
                Ok(Some(read)) => read,
                Ok(None) => return None,
                Err(e) => return Some(Err(e)),
            };
            self.line += 1;
            self.read += consumed as u64;
            let (line, read_to) = (self.line, self.read);
            if length > limit {
                return Some(Ok(Record {
                    line,
                    id: None,
                    body: Err(too_long(length, &self.layout)),
                    read_to,
                }));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let (id, body) = jsonl_record(std::mem::take(&mut self.buf), &self.layout);
            return Some(Ok(Record { line, id, body, read_to }));
        }
    }
}

/// Reads one line (through its `\n`) into `buf` without its line ending, keeping nothing once it is
/// longer than `limit` bytes; returns the bytes consumed and the line's length, or `None` at the end.
fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Option<(usize, usize)>> {
    buf.clear();
    let (mut consumed, mut length) = (0, 0);
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok((consumed > 0).then_some((consumed, length)));
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..newline.map_or(available.len(), |i| i)];
        length += chunk.len();
        if length <= limit + 1 {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        let used = chunk.len() + usize::from(newline.is_some());
        reader.consume(used);
        consumed += used;
        if newline.is_some() {
            if buf.last() == Some(&b'\r') {
                buf.pop();
                length -= 1;
            }
            return Ok(Some((consumed, length)));
        }
    }
}

/// The id and text of one JSONL line.
fn jsonl_record(bytes: Vec<u8>, layout: &Layout) -> (Option<String>, Result<String, String>) {
    // Invalid UTF-8 fails the record, but the line is still read (lossily) for its id.
    let (text, invalid) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let message = decode(e.as_bytes().to_vec(), layout.lossy, "line").err();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), message)
        }
    };
    let object = match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text) {
        Ok(object) => object,
        Err(e) => return (None, Err(invalid.unwrap_or_else(|| format!("malformed JSON: {e}")))),
    };
    let id = match object.get(&layout.id_field) {
        None => Err(format!("missing id field {:?}", layout.id_field)),
        Some(serde_json::Value::String(id)) => Ok(id.clone()),
        Some(serde_json::Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Some(_) => Err(format!("id field {:?} is neither a string nor an integer", layout.id_field)),
    };
    let id = match id {
        Ok(id) => id,
        Err(message) => return (None, Err(invalid.unwrap_or(message))),
    };
    let body = match (invalid, object.get(&layout.text_field)) {
        (Some(message), _) => Err(message),
        (None, Some(serde_json::Value::String(text))) => Ok(text.clone()),
        (None, None) => Err(format!("missing text field {:?}", layout.text_field)),
        (None, Some(_)) => Err(format!("text field {:?} is not a string", layout.text_field)),
    };
    (Some(id), body)
}

/// CSV with a header row naming the columns.
struct Csv {
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    layout: Layout,
    columns: usize,
    text_column: usize,
    id_column: usize,
    row: csv::ByteRecord,
}

impl Csv {
    fn new(reader: Box<dyn BufRead + Send>, layout: Layout) -> Result<Self, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let header = reader.byte_headers().map_err(|e| format!("cannot read the CSV header: {e}"))?.clone();
        let names: Vec<String> =
            header.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect();
        let column = |wanted: &str, flag: &str| {
            names.iter().position(|n| n == wanted).ok_or_else(|| {
                format!("the CSV header has no column {wanted:?} ({flag}); its columns: {}", names.join(", "))
            })
        };
        let text_column = column(&layout.text_field, "--text-column")?;
        let id_column = column(&layout.id_field, "--id-column")?;
        Ok(Csv { reader, layout, columns: names.len(), text_column, id_column, row: csv::ByteRecord::new() })
    }
}

impl Iterator for Csv {
    type Item = std::io::Result<Record>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.reader.read_byte_record(&mut self.row) {
            Ok(false) => return None,
            Ok(true) => {}
            Err(e) => {
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Some(Err(std::io::Error::other(e.to_string())));
                }
                let line = e.position().map_or(0, csv::Position::line);
                let read_to = self.reader.position().byte();
                return Some(Ok(Record {
                    line,
                    id: None,
                    body: Err(format!("malformed CSV row: {e}")),
                    read_to,
                }));
            }
        }
        let line = self.row.position().map_or(0, csv::Position::line);
        let read_to = self.reader.position().byte();
        let id = self.row.get(self.id_column).map(|id| String::from_utf8_lossy(id).into_owned());
        let body = if self.row.len() != self.columns {
            Err(format!("malformed CSV row: {} fields where the header has {}", self.row.len(), self.columns))
        } else if self.row.as_slice().len() > self.layout.max_record_bytes {
            Err(too_long(self.row.as_slice().len(), &self.layout))
        } else if !self.layout.lossy && std::str::from_utf8(&self.row[self.id_column]).is_err() {
            Err("invalid UTF-8 in the id (use --lossy to replace invalid bytes)".to_string())
        } else {
            decode(self.row[self.text_column].to_vec(), self.layout.lossy, "text")
        };
        Some(Ok(Record { line, id, body, read_to }))
    }
}

/// The `.txt` files of a directory, in name order; a file's id is its name.
fn directory(path: &Path, layout: Layout) -> std::io::Result<Records> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(path)?.map(|entry| entry.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    files.retain(|f| f.is_file() && f.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let total_bytes = files.iter().map(|f| f.metadata().map_or(0, |m| m.len())).sum();
    let mut read = 0;
    let iter = files.into_iter().enumerate().map(move |(i, file)| {
        let id = file.file_name().map(|n| n.to_string_lossy().into_owned());
        let size = file.metadata().map_or(0, |m| m.len());
        read += size;
        let body = if size > layout.max_record_bytes as u64 {
            Err(too_long(size as usize, &layout))
        } else {
            std::fs::read(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))
                .and_then(|bytes| decode(bytes, layout.lossy, "file"))
        };
        Ok(Record { line: i as u64 + 1, id, body, read_to: read })
    });
    Ok(Records { iter: Box::new(iter), total_bytes: Some(total_bytes) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout { text_field: "text".into(), id_field: "id".into(), max_record_bytes: 64, lossy: false }
    }

    fn records(format: Format, input: &[u8]) -> Vec<Record> {
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(input.to_vec()));
        let iter: Box<dyn Iterator<Item = std::io::Result<Record>>> = match format {
            Format::Jsonl => Box::new(Jsonl { reader, layout: layout(), line: 0, read: 0, buf: Vec::new() }),
            Format::Csv => Box::new(Csv::new(reader, layout()).unwrap()),
            Format::Dir => unreachable!(),
        };
        iter.map(Result::unwrap).collect()
    }

    fn summary(records: &[Record]) -> Vec<(u64, Option<&str>, Result<&str, &str>)> {
        records
            .iter()
            .map(|r| (r.line, r.id.as_deref(), r.body.as_ref().map(String::as_str).map_err(String::as_str)))
            .collect()
    }

    #[test]
    fn jsonl_bad_lines_become_messages_and_blank_lines_are_skipped() {
        let input = b"{\"id\":\"a\",\"text\":\"Hi.\"}\r\n\n{\"id\":7,\"text\":\"x\"}\n{\"id\":\"b\"}\n{\"text\":\"t\"}\n\
            {\"id\":\"c\",\"text\":\"\xff\"}\n{\"id\":\"d\",\"text\":3}\n[1]\n{\"id\":\n{\"id\":\"e\",\"text\":\"0123456789012345678901234567890123456789012345678901234\"}\n{\"id\":\"f\",\"text\":\"end\"}";
        let got = records(Format::Jsonl, input);
        assert_eq!(
            summary(&got),
            [
                (1, Some("a"), Ok("Hi.")),
                (3, Some("7"), Ok("x")),
                (4, Some("b"), Err("missing text field \"text\"")),
                (5, None, Err("missing id field \"id\"")),
                (
                    6,
                    Some("c"),
                    Err("invalid UTF-8 at byte 18 of the line (use --lossy to replace invalid bytes)")
                ),
                (7, Some("d"), Err("text field \"text\" is not a string")),
                (8, None, Err("malformed JSON: invalid type: sequence, expected a map at line 1 column 0")),
                (9, None, Err("malformed JSON: EOF while parsing a value at line 1 column 6")),
                (10, None, Err("record is 75 bytes, more than --max-bytes 64")),
                (11, Some("f"), Ok("end")),
            ]
        );
        assert_eq!(got.last().unwrap().read_to, input.len() as u64);
    }

    #[test]
    fn csv_rows_may_hold_quoted_newlines_and_bad_rows_are_named_by_line() {
        let input = b"id,text,extra\n1,\"Ann left.\nShe ran.\",x\n2,short row\n3,\"say \"\"hi\"\"\",y\n4,\"\xff\",z\n";
        let got = records(Format::Csv, input);
        assert_eq!(
            summary(&got),
            [
                (2, Some("1"), Ok("Ann left.\nShe ran.")),
                (4, Some("2"), Err("malformed CSV row: 2 fields where the header has 3")),
                (5, Some("3"), Ok("say \"hi\"")),
                (
                    6,
                    Some("4"),
                    Err("invalid UTF-8 at byte 0 of the text (use --lossy to replace invalid bytes)")
                ),
            ]
        );
    }

    #[test]
    fn a_csv_header_without_the_columns_is_refused() {
        let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(b"key,body\n1,x\n".to_vec()));
        let err = Csv::new(reader, layout()).err().unwrap();
        assert_eq!(err, "the CSV header has no column \"text\" (--text-column); its columns: key, body");
    }
}
