//! Where batch records go, and what an existing output already holds when a run is resumed.
//!
//! Design decision: the output is append-only and each record reaches it whole, in one `write` of the
//! complete line followed by a flush, so a killed run leaves every earlier record intact and at most one
//! incomplete last line. Resuming reads the output back, cuts that incomplete line off (truncating the
//! file to the end of the last complete record) and remembers which records are there: by id, and for
//! error records by (id, line), which is enough to tell a repeated id's error record from the first
//! record with that id and to recognise error records that have no id at all.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The error record written for an input record that could not be resolved.
#[derive(Debug, Serialize)]
pub struct ErrorRecord<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub line: u64,
    pub error: &'a str,
}

impl ErrorRecord<'_> {
    pub fn to_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(self).expect("an error record always serializes");
        line.push(b'\n');
        line
    }
}

/// What an output already holds.
#[derive(Debug, Default)]
pub struct Done {
    /// Ids of every record (resolved or error).
    pub ids: HashSet<String>,
    /// (id, line) of every error record.
    pub errors: HashSet<(Option<String>, u64)>,
    /// Complete records.
    pub records: usize,
}

/// The fields of an output line that resuming looks at.
#[derive(Deserialize)]
struct Seen {
    id: Option<String>,
    line: Option<u64>,
    error: Option<serde::de::IgnoredAny>,
}

/// Where records are written.
pub enum Sink {
    File(File),
    Stdout(std::io::Stdout),
}

impl Sink {
    /// Writes one whole record and flushes it.
    pub fn write_record(&mut self, line: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::File(file) => file.write_all(line).and_then(|()| file.flush()),
            Sink::Stdout(out) => {
                let mut out = out.lock();
                out.write_all(line).and_then(|()| out.flush())
            }
        }
    }
}

/// How to treat an output file that already has content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Refuse to touch it.
    Refuse,
    /// Continue it (`--resume`).
    Resume,
    /// Start it again (`--overwrite`).
    Overwrite,
}

/// Opens the output for appending records, with what it already holds when resuming.
pub fn open(path: &Path, existing: Existing) -> Result<(Sink, Done), String> {
    let name = path.display();
    let has_content = std::fs::metadata(path).map(|m| m.len() > 0).unwrap_or(false);
    let mut done = Done::default();
    if has_content && existing == Existing::Refuse {
        return Err(format!(
            "{name} already exists; pass --resume to continue it or --overwrite to start it again"
        ));
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    if existing == Existing::Overwrite {
        std::fs::write(path, b"").map_err(|e| format!("{name}: cannot write: {e}"))?;
    }
    if has_content && existing == Existing::Resume {
        let (found, complete_bytes, cut) = scan(path).map_err(|e| format!("{name}: {e}"))?;
        done = found;
        let file = options.open(path).map_err(|e| format!("{name}: cannot write: {e}"))?;
        file.set_len(complete_bytes).map_err(|e| format!("{name}: cannot truncate: {e}"))?;
        let cut =
            if cut > 0 { format!("; cut off an incomplete last line of {cut} bytes") } else { String::new() };
        eprintln!("resuming {name}: {} records already there{cut}", done.records);
        return Ok((Sink::File(file), done));
    }
    let file = options.open(path).map_err(|e| format!("{name}: cannot write: {e}"))?;
    Ok((Sink::File(file), done))
}

/// The records of an existing output, the bytes up to the end of its last complete record, and the
/// length of the incomplete line after them (0 when none).
fn scan(path: &Path) -> Result<(Done, u64, u64), String> {
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let (mut done, mut complete, mut line_number) = (Done::default(), 0u64, 0usize);
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(|e| format!("cannot read: {e}"))?;
        if n == 0 {
            return Ok((done, complete, 0));
        }
        line_number += 1;
        if line.last() != Some(&b'\n') {
            return Ok((done, complete, n as u64));
        }
        let seen: Seen = serde_json::from_slice(&line).map_err(|e| {
            format!("line {line_number} is not a batch record ({e}); is this the output of corefer batch?")
        })?;
        if seen.error.is_some() {
            let line =
                seen.line.ok_or_else(|| format!("line {line_number}: an error record without \"line\""))?;
            done.errors.insert((seen.id.clone(), line));
        }
        if let Some(id) = seen.id {
            done.ids.insert(id);
        } else if seen.error.is_none() {
            return Err(format!("line {line_number}: a record without \"id\""));
        }
        done.records += 1;
        complete += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str, content: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("corefer-batch-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn resuming_cuts_an_incomplete_last_line_and_collects_ids_and_error_keys() {
        let content = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"line\":2,\"error\":\"bad\"}\n{\"id\":\"a\",\"line\":3,\"error\":\"dup\"}\n{\"id\":\"c\",\"te";
        let path = scratch("cut.jsonl", content);
        let (mut sink, done) = open(&path, Existing::Resume).unwrap();
        assert_eq!(done.records, 3);
        assert_eq!(done.ids, HashSet::from(["a".to_string()]));
        assert_eq!(done.errors, HashSet::from([(None, 2), (Some("a".to_string()), 3)]));
        sink.write_record(b"{\"id\":\"c\"}\n").unwrap();
        let complete = &content[..content.len() - "{\"id\":\"c\",\"te".len()];
        assert_eq!(std::fs::read(&path).unwrap(), [complete, b"{\"id\":\"c\"}\n"].concat());
    }

    #[test]
    fn an_existing_output_is_refused_without_resume_or_overwrite_and_a_foreign_one_on_resume() {
        let path = scratch("exists.jsonl", b"{\"id\":\"a\"}\n");
        let err = open(&path, Existing::Refuse).err().unwrap();
        assert!(
            err.ends_with("already exists; pass --resume to continue it or --overwrite to start it again"),
            "{err}"
        );
        open(&path, Existing::Overwrite).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"");
        let foreign = scratch("foreign.jsonl", b"hello\n{\"id\":\"a\"}\n");
        let err = open(&foreign, Existing::Resume).err().unwrap();
        assert!(err.contains("line 1 is not a batch record"), "{err}");
    }
}
