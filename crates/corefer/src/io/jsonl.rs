//! JSONL reader: one document per line, raw (`{"id", "text"}`, tokenized here) or pre-tokenised
//! (`{"id", "sentences": [["word", …], …]}`, optionally with `"speakers": ["name" or null, …]`, one per
//! sentence).
//!
//! Design decision: the file is streamed a line at a time, and each line is decoded and turned into a
//! [`Document`] on its own, when the reader ([`Documents`], an iterator) reaches it, and yields its own
//! `Result`; one bad line is reported with its line number while the other documents still go through.
//! Limits hold per line (a line is one document): a line longer than the byte limit is refused after
//! reading only that many bytes of it, and the reader skips to the next line. A caller thus holds one
//! line and the documents it has not finished with, never the whole file.

use std::io::{BufRead, Cursor, Read};

use serde::Deserialize;

use crate::doc::Document;
use crate::io::source::{ByteLimit, Input, InputError, ParseError};
use crate::tokenize::{tokenize_limited, Limits};

/// One input line; exactly one of `text` and `sentences` must be given, and `speakers` only with
/// `sentences`. Other fields are ignored.
#[derive(Deserialize)]
struct Record {
    id: Option<String>,
    text: Option<String>,
    sentences: Option<Vec<Vec<String>>>,
    speakers: Option<Vec<Option<String>>>,
}

/// How lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Replace invalid UTF-8 with U+FFFD instead of failing the line.
    pub lossy: bool,
    /// How the caller's users ask for `lossy`, named when a line's invalid UTF-8 is refused ("lossy"; the
    /// CLI: "--lossy").
    pub lossy_knob: &'static str,
    /// The most bytes of one line, and how it is raised ("max_bytes"; the CLI: "--max-bytes").
    pub max_line: ByteLimit,
    /// Bounds on the words of a `text` line (pre-tokenised lines are checked by the resolver).
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options { lossy: false, lossy_knob: "lossy", max_line: ByteLimit::NONE, limits: Limits::NONE }
    }
}

/// Why one item of a JSONL stream gave no document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The line is malformed or breaks a limit; the lines after it are still read.
    #[error(transparent)]
    Line(#[from] ParseError),
    /// The stream itself failed (a read error, a gzip stream past the byte limit); nothing follows.
    #[error(transparent)]
    Input(#[from] InputError),
}

/// The documents of one JSONL stream, one per non-blank line, each built when the iteration reaches it;
/// a missing `id` becomes `SOURCE:LINE`.
#[derive(Debug)]
pub struct Documents {
    input: Input,
    options: Options,
    /// Number of the last line read (lines count from 1).
    line: usize,
    buffer: Vec<u8>,
    /// The last line read was too long and the rest of it is still to be skipped.
    skipping: bool,
    done: bool,
}

impl Documents {
    /// The documents of a whole JSONL text, with no limits.
    pub fn new(source_name: impl Into<String>, text: String) -> Self {
        let input = Input::from_reader(source_name.into(), Box::new(Cursor::new(text.into_bytes())));
        Self::from_input(input, Options::default())
    }

    /// The documents of an open input (see [`crate::io::source::open`]), read a line at a time.
    pub fn from_input(input: Input, options: Options) -> Self {
        Documents { input, options, line: 0, buffer: Vec::new(), skipping: false, done: false }
    }

    /// Reads the next line into `buffer` (without its `\n`), at most `max_line` of it; `Ok(None)`
    /// at the end of the stream, `Ok(Some(false))` for a line that was too long (its rest skipped next time).
    fn next_line(&mut self) -> Result<Option<bool>, InputError> {
        self.buffer.clear();
        if std::mem::take(&mut self.skipping) {
            self.skip_line()?;
        }
        let max = self.options.max_line.max;
        let reader = self.input.reader();
        let read = Read::take(reader, max.saturating_add(1)).read_until(b'\n', &mut self.buffer);
        let read = read.map_err(|e| self.input.error(e))?;
        if read == 0 {
            return Ok(None);
        }
        if self.buffer.last() == Some(&b'\n') {
            self.buffer.pop();
            return Ok(Some(true));
        }
        if (self.buffer.len() as u64) <= max {
            return Ok(Some(true)); // the last line, with no newline
        }
        // The rest of the line is skipped on the next call, so the line's refusal is reported first.
        self.buffer.clear();
        self.skipping = true;
        Ok(Some(false))
    }

    /// Skips what is left of the current line, without keeping it.
    fn skip_line(&mut self) -> Result<(), InputError> {
        loop {
            let reader = self.input.reader();
            let chunk = match reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) => return Err(self.input.error(e)),
            };
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    reader.consume(at + 1);
                    return Ok(());
                }
                None => {
                    let len = chunk.len();
                    reader.consume(len);
                }
            }
        }
    }

    /// The document of the line in `buffer`, or `None` for a blank line.
    fn document(&self) -> Option<Result<Document, ParseError>> {
        let source_name = self.input.name();
        let mut bytes = self.buffer.as_slice();
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes); // a UTF-8 byte-order mark
        }
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let line = match std::str::from_utf8(bytes) {
            Ok(line) => std::borrow::Cow::Borrowed(line),
            Err(_) if self.options.lossy => String::from_utf8_lossy(bytes),
            Err(e) => {
                let message = format!(
                    "invalid UTF-8 at byte {} of the line (use {} to replace invalid bytes)",
                    e.valid_up_to(),
                    self.options.lossy_knob
                );
                return Some(Err(ParseError::new(source_name, self.line, message)));
            }
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(read_line(source_name, self.line, &line, self.options.limits))
    }
}

impl Iterator for Documents {
    type Item = Result<Document, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let within_limit = match self.next_line() {
                Ok(Some(within_limit)) => within_limit,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            };
            self.line += 1;
            if !within_limit {
                let ByteLimit { max, knob } = self.options.max_line;
                let message = format!(
                    "line is more than {max} bytes ({knob} {max} holds for each JSONL line); \
                     split the document or raise the limit"
                );
                return Some(Err(ParseError::new(self.input.name(), self.line, message).into()));
            }
            if let Some(doc) = self.document() {
                return Some(doc.map_err(Error::from));
            }
        }
        None
    }
}

fn read_line(source_name: &str, line: usize, json: &str, limits: Limits) -> Result<Document, ParseError> {
    let error = |message: String| ParseError::new(source_name, line, message);
    let record: Record = serde_json::from_str(json)
        .map_err(|e| error(format!("expected a JSON object with \"text\" or \"sentences\": {e}")))?;
    let id = record.id.unwrap_or_else(|| format!("{source_name}:{line}"));
    let doc = match (record.text, record.sentences) {
        (Some(_), None) if record.speakers.is_some() => {
            return Err(error("\"speakers\" needs pre-tokenised \"sentences\", not \"text\"".to_string()))
        }
        (Some(text), None) => tokenize_limited(id, text, limits),
        (None, Some(sentences)) => {
            if let Some(i) = sentences.iter().position(Vec::is_empty) {
                return Err(error(format!("sentence {i} has no words")));
            }
            if let Some(word) =
                sentences.iter().flatten().find(|w| w.is_empty() || w.contains(char::is_whitespace))
            {
                return Err(error(format!("word {word:?} is empty or contains whitespace")));
            }
            let speakers = match record.speakers {
                Some(speakers) if speakers.len() != sentences.len() => {
                    return Err(error(format!(
                        "\"speakers\" has {} entries for {} sentences (one name or null per sentence)",
                        speakers.len(),
                        sentences.len()
                    )))
                }
                Some(speakers) => speakers,
                None => vec![None; sentences.len()],
            };
            let sentences: Vec<_> = sentences.into_iter().zip(speakers).collect();
            Document::from_sentences(id, &sentences)
        }
        _ => return Err(error("expected exactly one of \"text\" and \"sentences\"".to_string())),
    };
    doc.map_err(|e| error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_raw_and_pretokenised_lines() {
        let input = "{\"id\":\"a\",\"text\":\"Kim left. She ran.\"}\n\n{\"sentences\":[[\"Hi\",\"there\"],[\"Bye\"]]}\n";
        let docs: Vec<_> = Documents::new("in.jsonl", input.into()).map(Result::unwrap).collect();
        assert_eq!((docs[0].id.as_str(), docs[0].words().len(), docs[0].sentences().len()), ("a", 6, 2));
        assert_eq!((docs[1].id.as_str(), docs[1].text()), ("in.jsonl:3", "Hi there\nBye"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "(\\{(\"id\":\"[a-z]\",)?(\"text\":\".{0,12}\"|\"sentences\":\\[(\\[(\"[a-z ]{0,3}\",?){0,3}\\],?){0,3}\\])\\}\n?){0,4}") {
            for doc in Documents::new("p", text.clone()).flatten() {
                proptest::prop_assert!(doc.words().iter().all(|w| w.bytes.slice(doc.text()).is_some()));
            }
        }
    }

    #[test]
    fn speakers_name_one_sentence_each() {
        let input = "{\"sentences\":[[\"Hi\"],[\"Yes\"],[\"Bye\"]],\"speakers\":[\"Kim\",null,\"Lee\"]}\n\
            {\"sentences\":[[\"Hi\"]],\"speakers\":[\"A\",\"B\"]}\n\
            {\"text\":\"Hi.\",\"speakers\":[\"A\"]}\n";
        let docs: Vec<_> = Documents::new("in.jsonl", input.into()).collect();
        let speakers: Vec<Option<&str>> =
            docs[0].as_ref().unwrap().sentences().iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, [Some("Kim"), None, Some("Lee")]);
        assert_eq!(
            docs[1].as_ref().unwrap_err().to_string(),
            "in.jsonl:2: \"speakers\" has 2 entries for 1 sentences (one name or null per sentence)"
        );
        assert_eq!(
            docs[2].as_ref().unwrap_err().to_string(),
            "in.jsonl:3: \"speakers\" needs pre-tokenised \"sentences\", not \"text\""
        );
    }

    #[test]
    fn bad_lines_are_named_and_skipped() {
        let input = "{\"text\": 3}\r\n{\"id\":\"x\"}\n{\"sentences\":[[\"a b\"]]}\n{\"text\":\"ok\"}";
        let docs: Vec<_> = Documents::new("in.jsonl", input.into()).collect();
        let errors: Vec<String> = docs[..3].iter().map(|d| d.as_ref().unwrap_err().to_string()).collect();
        assert!(errors[0].starts_with("in.jsonl:1: expected a JSON object"), "{}", errors[0]);
        assert_eq!(errors[1], "in.jsonl:2: expected exactly one of \"text\" and \"sentences\"");
        assert_eq!(errors[2], "in.jsonl:3: word \"a b\" is empty or contains whitespace");
        assert_eq!(docs[3].as_ref().unwrap().text(), "ok");
    }
}
