//! `corefer.Resolution`, one resolved document as Python sees it, and the small read-only records it
//! hands out (`Mention`, `Edit`, `Representative`, `Skipped`).
//!
//! Design decision: a `Resolution` keeps the library's own records (`ClustersRecord` and
//! `ResolvedRecord`, the values `corefer clusters` and `corefer resolve --json` serialise) and reads
//! every attribute off them, so `.clusters`, `.edits` and `to_json()` cannot disagree with the CLI or
//! with one another. Offsets are the records' char offsets, which are Python `str` indices.

use corefer::records::ResolvedRecord;
use corefer::records::{ClustersRecord, MentionRecord};
use corefer::records::{EditRecord, RepresentativeRecord, SkippedRecord};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::Serialize;

/// One mention: `text[start:end]` of the input (code points), in cluster `cluster`.
#[pyclass(frozen, eq, get_all, module = "corefer")]
#[derive(Clone, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub text: String,
    pub cluster: usize,
}

#[pymethods]
impl Mention {
    fn __repr__(&self) -> String {
        format!(
            "Mention(start={}, end={}, text={}, cluster={})",
            self.start,
            self.end,
            py_str(&self.text),
            self.cluster
        )
    }
}

/// One replacement: `original` at `start:end` of the input became `replacement` at
/// `resolved_start:resolved_end` of the resolved text, named after `text[name_start:name_end]`.
#[pyclass(frozen, eq, get_all, module = "corefer")]
#[derive(Clone, PartialEq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub original: String,
    pub replacement: String,
    pub cluster: usize,
    pub name_start: usize,
    pub name_end: usize,
    pub resolved_start: usize,
    pub resolved_end: usize,
    pub resolved_start_byte: usize,
    pub resolved_end_byte: usize,
    pub probability: Option<f32>,
}

#[pymethods]
impl Edit {
    fn __repr__(&self) -> String {
        format!(
            "Edit(start={}, end={}, original={}, replacement={}, cluster={})",
            self.start,
            self.end,
            py_str(&self.original),
            py_str(&self.replacement),
            self.cluster
        )
    }
}

/// The name chosen for a cluster: `text[start:end]` of the input.
#[pyclass(frozen, eq, get_all, module = "corefer")]
#[derive(Clone, PartialEq)]
pub struct Representative {
    pub cluster: usize,
    pub start: usize,
    pub end: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub text: String,
}

#[pymethods]
impl Representative {
    fn __repr__(&self) -> String {
        format!(
            "Representative(cluster={}, start={}, end={}, text={})",
            self.cluster,
            self.start,
            self.end,
            py_str(&self.text)
        )
    }
}

/// A model mention the rewrite left out (it crosses an earlier mention), and why.
#[pyclass(frozen, eq, get_all, module = "corefer")]
#[derive(Clone, PartialEq)]
pub struct Skipped {
    pub cluster: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
}

#[pymethods]
impl Skipped {
    fn __repr__(&self) -> String {
        format!(
            "Skipped(cluster={}, start={}, end={}, text={}, reason={})",
            self.cluster,
            self.start,
            self.end,
            py_str(&self.text),
            py_str(&self.reason)
        )
    }
}

/// The JSON layout of `Resolution.to_json()` (documented in python/README.md): the clusters record's
/// fields, then the resolved-text record's under names that cannot be confused with the input's.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    text: &'a str,
    clusters: &'a [Vec<MentionRecord>],
    resolved_text: &'a str,
    edits: &'a [EditRecord],
    representatives: &'a [RepresentativeRecord],
    #[serde(skip_serializing_if = "<[SkippedRecord]>::is_empty")]
    skipped: &'a [SkippedRecord],
}

/// One resolved document: its clusters (char offsets into `text`) and its resolved text with the edits
/// that made it.
#[pyclass(frozen, module = "corefer")]
pub struct Resolution {
    text: String,
    clusters: ClustersRecord,
    resolved: ResolvedRecord,
}

impl Resolution {
    pub fn new(text: String, clusters: ClustersRecord, resolved: ResolvedRecord) -> Self {
        Resolution { text, clusters, resolved }
    }

    fn record(&self) -> Record<'_> {
        Record {
            id: &self.clusters.id,
            text: &self.text,
            clusters: &self.clusters.clusters,
            resolved_text: &self.resolved.text,
            edits: &self.resolved.edits,
            representatives: &self.resolved.representatives,
            skipped: &self.resolved.skipped,
        }
    }
}

#[pymethods]
impl Resolution {
    /// The document id given to `resolve` (empty when none was given).
    #[getter]
    fn id(&self) -> &str {
        &self.clusters.id
    }

    /// The input text, exactly as given.
    #[getter]
    fn text(&self) -> &str {
        &self.text
    }

    /// One list per entity of `(start, end)` code-point offsets: `text[start:end]` is the mention.
    /// Mentions are in text order; clusters are ordered by their first mention.
    #[getter]
    fn clusters(&self) -> Vec<Vec<(usize, usize)>> {
        let span = |m: &MentionRecord| (m.offsets.start, m.offsets.end);
        self.clusters.clusters.iter().map(|c| c.iter().map(span).collect()).collect()
    }

    /// Every mention of every cluster, in text order (by start, then end).
    #[getter]
    fn mentions(&self) -> Vec<Mention> {
        let mut mentions: Vec<Mention> = self
            .clusters
            .clusters
            .iter()
            .enumerate()
            .flat_map(|(cluster, c)| {
                c.iter().map(move |m| Mention {
                    start: m.offsets.start,
                    end: m.offsets.end,
                    start_byte: m.offsets.start_byte,
                    end_byte: m.offsets.end_byte,
                    text: m.text.clone(),
                    cluster,
                })
            })
            .collect();
        mentions.sort_by_key(|m| (m.start, m.end));
        mentions
    }

    /// The text of each cluster's mentions, cluster by cluster.
    #[getter]
    fn cluster_texts(&self) -> Vec<Vec<String>> {
        self.clusters.clusters.iter().map(|c| c.iter().map(|m| m.text.clone()).collect()).collect()
    }

    /// The input with third-person pronouns replaced by a name of their entity.
    #[getter]
    fn resolved_text(&self) -> &str {
        &self.resolved.text
    }

    /// The replacements that turned `text` into `resolved_text`, in text order.
    #[getter]
    fn edits(&self) -> Vec<Edit> {
        self.resolved
            .edits
            .iter()
            .map(|e| Edit {
                start: e.offsets.start,
                end: e.offsets.end,
                start_byte: e.offsets.start_byte,
                end_byte: e.offsets.end_byte,
                original: e.original.clone(),
                replacement: e.replacement.clone(),
                cluster: e.cluster,
                name_start: e.name_start,
                name_end: e.name_end,
                resolved_start: e.resolved_start,
                resolved_end: e.resolved_end,
                resolved_start_byte: e.resolved_start_byte,
                resolved_end_byte: e.resolved_end_byte,
                probability: e.probability.map(f32::from),
            })
            .collect()
    }

    /// Each cluster's name, indexed like `clusters` (`None` for a cluster of pronouns only).
    #[getter]
    fn representatives(&self) -> Vec<Option<Representative>> {
        let mut out = vec![None; self.clusters.clusters.len()];
        for r in &self.resolved.representatives {
            if let Some(slot) = out.get_mut(r.cluster) {
                *slot = Some(Representative {
                    cluster: r.cluster,
                    start: r.offsets.start,
                    end: r.offsets.end,
                    start_byte: r.offsets.start_byte,
                    end_byte: r.offsets.end_byte,
                    text: r.text.clone(),
                });
            }
        }
        out
    }

    /// Model mentions left out of the rewrite because they cross an earlier mention.
    #[getter]
    fn skipped(&self) -> Vec<Skipped> {
        self.resolved
            .skipped
            .iter()
            .map(|s| Skipped {
                cluster: s.cluster,
                start: s.start,
                end: s.end,
                text: s.text.clone(),
                reason: s.reason.clone(),
            })
            .collect()
    }

    /// The result as one JSON object: `id`, `text`, `clusters` (as `corefer clusters` prints them),
    /// `resolved_text`, `edits`, `representatives` and, when not empty, `skipped` (as
    /// `corefer resolve --json` prints them). `indent` pretty-prints with that many spaces.
    #[pyo3(signature = (indent=None))]
    fn to_json(&self, indent: Option<usize>) -> PyResult<String> {
        let record = self.record();
        let json = match indent {
            None => serde_json::to_string(&record),
            Some(n) => {
                let spaces = vec![b' '; n];
                let formatter = serde_json::ser::PrettyFormatter::with_indent(&spaces);
                let mut out = Vec::new();
                let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
                record.serialize(&mut serializer).map(|()| String::from_utf8(out).expect("JSON is UTF-8"))
            }
        };
        json.map_err(|e| PyValueError::new_err(format!("cannot write the result as JSON: {e}")))
    }

    /// The result as plain Python data (dicts, lists, str, int): `json.loads(self.to_json())`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?.call_method1("loads", (self.to_json(None)?,))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Resolution>().is_ok_and(|o| {
            let o = o.get();
            o.text == self.text && o.clusters == self.clusters && o.resolved == self.resolved
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Resolution(id={}, clusters={}, mentions={}, edits={})",
            py_str(&self.clusters.id),
            self.clusters.clusters.len(),
            self.clusters.clusters.iter().map(Vec::len).sum::<usize>(),
            self.resolved.edits.len()
        )
    }
}

/// `s` quoted as a Python string literal would show it in a repr (close enough for reading: JSON escapes).
fn py_str(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_default();
    format!("'{}'", json[1..json.len() - 1].replace("\\\"", "\"").replace('\'', "\\'"))
}
