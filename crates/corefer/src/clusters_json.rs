//! The clusters JSON record: `corefer clusters` writes it, `corefer rewrite --clusters` reads it.
//!
//! Design decision: a record carries each mention's offsets in both chars (`start`/`end`, as Python `str`
//! indices) and UTF-8 bytes (`start_byte`/`end_byte`), plus its text, so consumers in any language can
//! slice without re-deriving offsets, and a reader can check that a record fits the text it is applied
//! to. Schema version 1 is documented in docs/json.md.

use serde::{Deserialize, Serialize};

use crate::doc::{Document, Mention};
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
    }
}
