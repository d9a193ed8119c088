//! The clusters JSON record: `corefer clusters` writes it, `corefer rewrite --clusters` reads it.
//!
//! Design decision: a record carries each mention's offsets in both chars (`start`/`end`, as Python `str`
//! indices) and UTF-8 bytes (`start_byte`/`end_byte`), plus its text, so consumers in any language can
//! slice without re-deriving offsets, and a reader can check that a record fits the text it is applied
//! to. Schema version 1 is documented in docs/json.md.

use serde::{Deserialize, Serialize};

use crate::doc::{Document, Mention};
use crate::io::source::strip_bom;
use crate::rewrite::{ClusterError, Given, MentionSet};
use crate::span::Offsets;

/// The version of the record layout; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One mention as written to JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Where the mention lies in the document text: the JSON fields `start`, `end` (chars) and
    /// `start_byte`, `end_byte` (bytes), all end-exclusive.
    #[serde(flatten)]
    pub offsets: Offsets,
    /// The mention's text as the document has it (JSON field `text`).
    pub text: String,
}

/// One document's clusters as written to JSON: one line of `corefer clusters` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClustersRecord {
    /// The document id (JSON field `id`).
    pub id: String,
    /// Mentions in text order; clusters ordered by their first mention.
    pub clusters: Vec<Vec<MentionRecord>>,
}

impl MentionRecord {
    /// The record of `mention`, a mention of `doc`.
    pub fn new(doc: &Document, mention: &Mention) -> Self {
        MentionRecord {
            offsets: Offsets::new(mention.chars, mention.bytes),
            text: doc.mention_text(mention).to_string(),
        }
    }
}

impl ClustersRecord {
    /// The record of a resolved document's clusters.
    pub fn new(doc: &Document) -> Self {
        let clusters =
            doc.clusters().iter().map(|c| c.iter().map(|m| MentionRecord::new(doc, m)).collect()).collect();
        ClustersRecord { id: doc.id.clone(), clusters }
    }

    /// Checks the record's clusters against `text` (the text they are said to be over) for the rewriter;
    /// refuses the first mention that does not fit, naming it.
    pub fn mention_set<'t>(&self, text: &'t str) -> Result<MentionSet<'t>, ClusterError> {
        let given: Vec<Vec<Given<'_>>> = self
            .clusters
            .iter()
            .map(|c| c.iter().map(|m| Given { offsets: m.offsets, text: &m.text }).collect())
            .collect();
        MentionSet::from_given(text, &given)
    }
}

/// A clusters file that is not made of clusters records: where, and what serde_json found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: line {line} column {column}: not a clusters record: {message}")]
pub struct RecordError {
    /// The name of the clusters file, as given to [`parse_records`].
    pub source_name: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column in that line, in bytes as serde_json counts them (not counting a byte-order mark;
    /// 0 for some errors at the end of the input).
    pub column: usize,
    /// What serde_json found wrong.
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
