//! The resolved-text JSON record that `corefer resolve --json` and `corefer rewrite --json` print.
//!
//! Design decision: like the clusters record, every offset is given in chars (`start`/`end`, Python
//! `str` indices) and bytes, for the original text and for the resolved text, and each edit carries the
//! original text it replaced; a consumer can map any position either way and undo the rewrite without
//! our library. An extent in the input is the clusters record's [`Offsets`], flattened into the record's
//! fields. The record is documented in docs/resolve.md.

use serde::{Deserialize, Serialize};

use crate::doc::Probability;
use crate::rewrite::{AppliedEdit, Rewrite, Skipped};
use crate::span::Offsets;

/// One edit: `original` at `start..end` of the input became `replacement` at
/// `resolved_start..resolved_end` of `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRecord {
    /// Where `original` was in the input.
    #[serde(flatten)]
    pub offsets: Offsets,
    /// The text replaced, as the input had it.
    pub original: String,
    /// The text put in its place.
    pub replacement: String,
    /// The index of the edit's cluster in the input clusters (0-based).
    pub cluster: usize,
    /// Char offsets in the input of the cluster's mention that gave `replacement` its words.
    pub name_start: usize,
    /// The char after that mention's end in the input (exclusive).
    pub name_end: usize,
    /// The first char of `replacement` in the resolved text.
    pub resolved_start: usize,
    /// The char after `replacement` in the resolved text (exclusive).
    pub resolved_end: usize,
    /// The first byte of `replacement` in the resolved text.
    pub resolved_start_byte: usize,
    /// The byte after `replacement` in the resolved text (exclusive).
    pub resolved_end_byte: usize,
    /// How sure the model is that the pronoun's cluster is its own entity (calibrated on held-out data
    /// where the model carries a calibration, docs/resolve.md); `null` when the clusters came from
    /// elsewhere or the model gives no probabilities.
    #[serde(default)]
    pub probability: Option<Probability>,
}

/// The name chosen for one cluster, with its extent in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepresentativeRecord {
    /// The index of the cluster in the input clusters (0-based).
    pub cluster: usize,
    /// Where the name lies in the input (JSON fields `start`, `end`, `start_byte`, `end_byte`).
    #[serde(flatten)]
    pub offsets: Offsets,
    /// The name as the input has it at those offsets.
    pub text: String,
}

/// A model mention left out of the rewrite, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    /// The index of the mention's cluster in the input clusters (0-based).
    pub cluster: usize,
    /// The mention's first char in the input.
    pub start: usize,
    /// The char after the mention in the input (exclusive).
    pub end: usize,
    /// The mention's text.
    pub text: String,
    /// Why it was left out, as a message (e.g. "crosses cluster 0 mention 1 (…)").
    pub reason: String,
}

/// One document's resolved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedRecord {
    /// The document id.
    pub id: String,
    /// The resolved text.
    pub text: String,
    /// Every edit that turned the input into `text`, in text order.
    pub edits: Vec<EditRecord>,
    /// Clusters without a representative (only pronouns) are left out.
    pub representatives: Vec<RepresentativeRecord>,
    /// Model mentions left out of the rewrite; omitted from the JSON when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedRecord>,
}

impl ResolvedRecord {
    /// The record of document `id` from its rewrite and the mentions skipped when building its
    /// mention set.
    pub fn new(id: impl Into<String>, rewrite: &Rewrite, skipped: &[Skipped]) -> Self {
        let representatives = rewrite
            .representatives
            .iter()
            .enumerate()
            .filter_map(|(cluster, rep)| {
                let at = rep.as_ref()?.extent;
                Some(RepresentativeRecord {
                    cluster,
                    offsets: Offsets::new(at.chars, at.bytes),
                    text: rep.as_ref()?.text.to_string(),
                })
            })
            .collect();
        let skipped = skipped
            .iter()
            .map(|s| SkippedRecord {
                cluster: s.mention.cluster,
                start: s.mention.start,
                end: s.mention.end,
                text: s.mention.text.clone(),
                reason: s.problem.to_string(),
            })
            .collect();
        ResolvedRecord {
            id: id.into(),
            text: rewrite.resolved.text.clone(),
            edits: rewrite.resolved.edits.iter().map(edit_record).collect(),
            representatives,
            skipped,
        }
    }
}

fn edit_record(edit: &AppliedEdit) -> EditRecord {
    EditRecord {
        offsets: Offsets::new(edit.original.chars, edit.original.bytes),
        original: edit.original_text.clone(),
        replacement: edit.replacement.clone(),
        cluster: edit.cluster,
        name_start: edit.name.chars.start(),
        name_end: edit.name.chars.end(),
        resolved_start: edit.resolved.chars.start(),
        resolved_end: edit.resolved.chars.end(),
        resolved_start_byte: edit.resolved.bytes.start(),
        resolved_end_byte: edit.resolved.bytes.end(),
        probability: edit.confidence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{ClustersRecord, MentionRecord};
    use crate::rewrite::{rewrite, Options};
    use crate::span::Offsets;

    #[test]
    fn flattened_offsets_keep_the_documented_field_order() {
        let text = "Zoë lost her keys.";
        let mention = |start, end, start_byte, end_byte, text: &str| MentionRecord {
            offsets: Offsets { start, end, start_byte, end_byte },
            text: text.into(),
        };
        let clusters = vec![vec![mention(0, 3, 0, 4, "Zoë"), mention(9, 12, 10, 13, "her")]];
        let set = ClustersRecord { id: "z".into(), clusters }.mention_set(text).unwrap();
        let record = ResolvedRecord::new("z", &rewrite(&set, &Options::default()), &[]);
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(
            json,
            r#"{"id":"z","text":"Zoë lost Zoë's keys.","edits":[{"start":9,"end":12,"start_byte":10,"end_byte":13,"original":"her","replacement":"Zoë's","cluster":0,"name_start":0,"name_end":3,"resolved_start":9,"resolved_end":14,"resolved_start_byte":10,"resolved_end_byte":16,"probability":null}],"representatives":[{"cluster":0,"start":0,"end":3,"start_byte":0,"end_byte":4,"text":"Zoë"}]}"#
        );
        assert_eq!(serde_json::from_str::<ResolvedRecord>(&json).unwrap(), record);
    }
}
