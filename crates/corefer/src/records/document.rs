//! The document record: one resolved document as one JSON object, the line `corefer batch` writes and the
//! body `corefer serve` answers with.
//!
//! Design decision: the record is the existing records side by side, not a new shape. Its `clusters`
//! field is the clusters record's (docs/json.md) and its `text`, `edits`, `representatives` and `skipped`
//! fields are the resolved-text record's (`corefer resolve --json`, docs/resolve.md), under the same names
//! and in the same units; [`Fields`] chooses which of them are present. So `--fields clusters` gives
//! exactly the `corefer clusters` line, and one serializer serves the CLI and the HTTP service alike.

use serde::{Deserialize, Serialize};

use super::clusters::{ClustersRecord, MentionRecord};
use super::resolved::{EditRecord, RepresentativeRecord, ResolvedRecord, SkippedRecord};
use crate::doc::Document;
use crate::rewrite::{rewrite, MentionSet, Options};

/// One optional part of a [`DocumentRecord`] (the `id` is always present).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The clusters, each mention with char and byte offsets and its text.
    Clusters,
    /// The resolved text.
    Text,
    /// Every edit that turned the input into the resolved text.
    Edits,
    /// The name chosen for each cluster.
    Representatives,
    /// Model mentions left out of the rewrite (present only when there are some).
    Skipped,
}

impl Field {
    /// Every field, in the order the record's JSON lists them.
    pub const ALL: [Field; 5] =
        [Field::Clusters, Field::Text, Field::Edits, Field::Representatives, Field::Skipped];

    /// The field's JSON key, also its name in `--fields` lists.
    pub fn name(self) -> &'static str {
        match self {
            Field::Clusters => "clusters",
            Field::Text => "text",
            Field::Edits => "edits",
            Field::Representatives => "representatives",
            Field::Skipped => "skipped",
        }
    }
}

impl std::str::FromStr for Field {
    type Err = String;

    fn from_str(s: &str) -> Result<Field, String> {
        Field::ALL.into_iter().find(|f| f.name() == s).ok_or_else(|| {
            let known: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            format!("unknown field {s:?} (known: id, {})", known.join(", "))
        })
    }
}

/// Which parts a record carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields {
    /// Whether the record carries `clusters`.
    pub clusters: bool,
    /// Whether the record carries the resolved `text`.
    pub text: bool,
    /// Whether the record carries `edits`.
    pub edits: bool,
    /// Whether the record carries `representatives`.
    pub representatives: bool,
    /// Whether the record carries `skipped` (written only when some mention was skipped).
    pub skipped: bool,
}

impl Default for Fields {
    fn default() -> Self {
        Fields::ALL
    }
}

impl Fields {
    /// Every field (the default).
    pub const ALL: Fields =
        Fields { clusters: true, text: true, edits: true, representatives: true, skipped: true };
    /// No field but the `id`.
    pub const NONE: Fields =
        Fields { clusters: false, text: false, edits: false, representatives: false, skipped: false };

    /// The fields named in `fields` (`id` may be named too, and is always present).
    pub fn from_list(fields: impl IntoIterator<Item = Field>) -> Fields {
        let mut chosen = Fields::NONE;
        for field in fields {
            *chosen.flag(field) = true;
        }
        chosen
    }

    /// Parses a comma-separated list such as `id,clusters,text`.
    pub fn parse(list: &str) -> Result<Fields, String> {
        let names = list.split(',').map(str::trim).filter(|name| !name.is_empty() && *name != "id");
        Ok(Fields::from_list(names.map(str::parse).collect::<Result<Vec<Field>, _>>()?))
    }

    fn flag(&mut self, field: Field) -> &mut bool {
        match field {
            Field::Clusters => &mut self.clusters,
            Field::Text => &mut self.text,
            Field::Edits => &mut self.edits,
            Field::Representatives => &mut self.representatives,
            Field::Skipped => &mut self.skipped,
        }
    }

    /// Whether any chosen field needs the rewrite to be computed.
    fn need_rewrite(self) -> bool {
        self.text || self.edits || self.representatives || self.skipped
    }
}

/// One resolved document. Absent fields are left out of the JSON, not written as `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The document id, always present.
    pub id: String,
    /// As in the clusters record: mentions in text order, clusters ordered by their first mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clusters: Option<Vec<Vec<MentionRecord>>>,
    /// The resolved text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Every edit that turned the input into the resolved text, as in `corefer resolve --json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits: Option<Vec<EditRecord>>,
    /// The name chosen for each cluster, as in `corefer resolve --json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representatives: Option<Vec<RepresentativeRecord>>,
    /// Present only when chosen and some model mention was skipped, as in `corefer resolve --json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Vec<SkippedRecord>>,
}

impl DocumentRecord {
    /// The record of a resolved document, rewritten with `options` when a chosen field needs it. Model
    /// mentions that cross one kept before them are skipped, as `corefer resolve` does.
    pub fn new(doc: &Document, options: &Options, fields: Fields) -> Self {
        let clusters = fields.clusters.then(|| ClustersRecord::new(doc).clusters);
        let mut record = DocumentRecord {
            id: doc.id.clone(),
            clusters,
            text: None,
            edits: None,
            representatives: None,
            skipped: None,
        };
        if fields.need_rewrite() {
            let (set, skipped) = MentionSet::from_document(doc);
            let resolved = ResolvedRecord::new(doc.id.as_str(), &rewrite(&set, options), &skipped);
            record.text = fields.text.then_some(resolved.text);
            record.edits = fields.edits.then_some(resolved.edits);
            record.representatives = fields.representatives.then_some(resolved.representatives);
            record.skipped = (fields.skipped && !resolved.skipped.is_empty()).then_some(resolved.skipped);
        }
        record
    }

    /// The record as one line of JSON Lines, newline included.
    pub fn to_line(&self) -> Vec<u8> {
        // Invariant: the record is strings, numbers and vectors of them under field names, which always serialise.
        #[allow(clippy::expect_used)]
        let mut line = serde_json::to_vec(self).expect("a document record always serializes");
        line.push(b'\n');
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::WordSpan;

    fn zoe() -> Document {
        let mut doc =
            Document::from_sentences("z", &[(vec!["Zoë", "lost", "her", "keys", "."], None)]).unwrap();
        doc.set_clusters(vec![vec![WordSpan::new(0, 1).unwrap(), WordSpan::new(2, 3).unwrap()]]).unwrap();
        doc
    }

    #[test]
    fn all_fields_are_the_clusters_and_resolved_records_side_by_side() {
        let doc = zoe();
        let json =
            String::from_utf8(DocumentRecord::new(&doc, &Options::default(), Fields::ALL).to_line()).unwrap();
        let clusters = serde_json::to_string(&ClustersRecord::new(&doc)).unwrap();
        let (set, skipped) = MentionSet::from_document(&doc);
        let resolved =
            serde_json::to_string(&ResolvedRecord::new("z", &rewrite(&set, &Options::default()), &skipped))
                .unwrap();
        // {"id":"z","clusters":[…]} + {"text":…,"edits":…,"representatives":…}
        let expected =
            format!("{},{}\n", &clusters[..clusters.len() - 1], &resolved["{\"id\":\"z\",".len()..]);
        assert_eq!(json, expected);
        assert!(json.contains(r#""text":"Zoë lost Zoë's keys .""#), "{json}");
    }

    #[test]
    fn fields_choose_the_parts_and_id_is_always_there() {
        let doc = zoe();
        let only_clusters =
            DocumentRecord::new(&doc, &Options::default(), Fields::parse("id,clusters").unwrap());
        assert_eq!(
            serde_json::to_string(&only_clusters).unwrap(),
            serde_json::to_string(&ClustersRecord::new(&doc)).unwrap()
        );
        let text = DocumentRecord::new(&doc, &Options::default(), Fields::parse("text").unwrap());
        assert_eq!(serde_json::to_string(&text).unwrap(), r#"{"id":"z","text":"Zoë lost Zoë's keys ."}"#);
        assert_eq!(Fields::parse("id").unwrap(), Fields::NONE);
        assert_eq!(
            Fields::parse("text,bogus").unwrap_err(),
            "unknown field \"bogus\" (known: id, clusters, text, edits, representatives, skipped)"
        );
    }
}
