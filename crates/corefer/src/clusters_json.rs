//! The clusters JSON record: `corefer clusters` writes it, `corefer rewrite --clusters` reads it.
//!
//! Design decision: a record carries each mention's offsets in both chars (`start`/`end`, as Python `str`
//! indices) and UTF-8 bytes (`start_byte`/`end_byte`), plus its text, so consumers in any language can
//! slice without re-deriving offsets, and a reader can check that a record fits the text it is applied
//! to. Schema version 1 is documented in docs/json.md.

use serde::{Deserialize, Serialize};

use crate::doc::{Document, Mention};
use crate::io::source::strip_bom;
use crate::span::{ByteSpan, CharSpan};

/// The version of the record layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a mention lies in its text, in chars (`start`/`end`, Python `str` indices) and UTF-8 bytes.
/// Records flatten it (`#[serde(flatten)]`), so its four fields sit among the record's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    /// First code point (inclusive).
    pub start: usize,
    /// Code point after the end (exclusive).
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

impl Offsets {
    pub fn new(chars: CharSpan, bytes: ByteSpan) -> Self {
        Offsets { start: chars.start(), end: chars.end(), start_byte: bytes.start(), end_byte: bytes.end() }
    }
}

/// One mention as written to JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    #[serde(flatten)]
    pub offsets: Offsets,
    pub text: String,
}

/// One document's clusters as written to JSON: one line of `corefer clusters` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClustersRecord {
    pub id: String,
    /// Mentions in text order; clusters ordered by their first mention.
    pub clusters: Vec<Vec<MentionRecord>>,
}

impl MentionRecord {
    pub fn new(doc: &Document, mention: &Mention) -> Self {
        MentionRecord {
            offsets: Offsets::new(mention.chars, mention.bytes),
            text: doc.mention_text(mention).to_string(),
        }
    }
}

impl ClustersRecord {
    pub fn new(doc: &Document) -> Self {
        let clusters =
            doc.clusters().iter().map(|c| c.iter().map(|m| MentionRecord::new(doc, m)).collect()).collect();
        ClustersRecord { id: doc.id.clone(), clusters }
    }
}

/// A clusters file that is not made of clusters records: where, and what serde_json found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: line {line} column {column}: not a clusters record: {message}")]
pub struct RecordError {
    pub source_name: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The records of a clusters file: one JSON object, or several (JSON Lines, as `corefer clusters` prints
/// them). A UTF-8 byte-order mark opening the file is skipped; `source_name` names the file in errors.
pub fn parse_records(source_name: &str, text: &str) -> Result<Vec<ClustersRecord>, RecordError> {
    serde_json::Deserializer::from_str(strip_bom(text))
        .into_iter::<ClustersRecord>()
        .map(|record| {
            record.map_err(|e| RecordError {
                source_name: source_name.to_string(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::WordSpan;

    #[test]
    fn record_carries_chars_bytes_and_text() {
        let mut doc =
            Document::from_sentences("n1", &[(vec!["Zoë", "left", ";", "she", "ran"], None)]).unwrap();
        doc.set_clusters(vec![vec![WordSpan::new(0, 1).unwrap(), WordSpan::new(3, 4).unwrap()]]).unwrap();
        let json = serde_json::to_string(&ClustersRecord::new(&doc)).unwrap();
        assert_eq!(
            json,
            r#"{"id":"n1","clusters":[[{"start":0,"end":3,"start_byte":0,"end_byte":4,"text":"Zoë"},{"start":11,"end":14,"start_byte":12,"end_byte":15,"text":"she"}]]}"#
        );
        let back: ClustersRecord = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ClustersRecord::new(&doc));
        let lines = format!("\u{feff}{json}\n{json}\n");
        assert_eq!(parse_records("c.json", &lines).unwrap(), [back.clone(), back]);
    }

    #[test]
    fn bad_records_are_named_by_line_and_column() {
        let err = parse_records("c.json", "{\"id\":\"a\",\"clusters\":[]}\n{\"id\": 3}").unwrap_err();
        assert!(
            err.to_string().starts_with("c.json: line 2 column 8: not a clusters record: invalid type"),
            "{err}"
        );
        let deep = format!("{{\"id\":\"a\",\"x\":{}", "[".repeat(100_000));
        let err = parse_records("c.json", &deep).unwrap_err();
        // An unknown field is skipped without recursing; nesting inside a known one hits serde_json's limit.
        assert!(err.message.contains("EOF while parsing"), "{err}");
        let deep = format!("{{\"id\":\"a\",\"clusters\":{}", "[".repeat(100_000));
        let err = parse_records("c.json", &deep).unwrap_err();
        assert!(
            err.message.contains("recursion limit exceeded") || err.message.contains("invalid type"),
            "{err}"
        );
    }
}
