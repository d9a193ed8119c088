//! The resolved-text JSON record that `corefer resolve --json` and `corefer rewrite --json` print.
//!
//! Design decision: like the clusters record, every offset is given in chars (`start`/`end`, Python
//! `str` indices) and bytes, for the original text and for the resolved text, and each edit carries the
//! original text it replaced; a consumer can map any position either way and undo the rewrite without
//! our library. The record is documented in docs/resolve.md.

use serde::{Deserialize, Serialize};

use super::edit::AppliedEdit;
use super::mentions::Skipped;
use super::Rewrite;

/// One edit: `original` at `start..end` of the input became `replacement` at
/// `resolved_start..resolved_end` of `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRecord {
    pub start: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub original: String,
    pub replacement: String,
    pub cluster: usize,
    pub resolved_start: usize,
    pub resolved_end: usize,
    pub resolved_start_byte: usize,
    pub resolved_end_byte: usize,
}

/// The name chosen for one cluster, with its extent in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepresentativeRecord {
    pub cluster: usize,
    pub start: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub text: String,
}

/// A model mention left out of the rewrite, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRecord {
    pub cluster: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
}

/// One document's resolved text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedRecord {
    pub id: String,
    pub text: String,
    pub edits: Vec<EditRecord>,
    /// Clusters without a representative (only pronouns) are left out.
    pub representatives: Vec<RepresentativeRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedRecord>,
}

impl ResolvedRecord {
    pub fn new(id: impl Into<String>, rewrite: &Rewrite, skipped: &[Skipped]) -> Self {
        let representatives = rewrite
            .representatives
            .iter()
            .enumerate()
            .filter_map(|(cluster, rep)| {
                let at = rep.as_ref()?.extent;
                Some(RepresentativeRecord {
                    cluster,
                    start: at.chars.start(),
                    end: at.chars.end(),
                    start_byte: at.bytes.start(),
                    end_byte: at.bytes.end(),
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
        start: edit.original.chars.start(),
        end: edit.original.chars.end(),
        start_byte: edit.original.bytes.start(),
        end_byte: edit.original.bytes.end(),
        original: edit.original_text.clone(),
        replacement: edit.replacement.clone(),
        cluster: edit.cluster,
        resolved_start: edit.resolved.chars.start(),
        resolved_end: edit.resolved.chars.end(),
        resolved_start_byte: edit.resolved.bytes.start(),
        resolved_end_byte: edit.resolved.bytes.end(),
    }
}
