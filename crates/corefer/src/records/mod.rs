//! The JSON records corefer reads and writes: clusters (`corefer clusters`, `rewrite --clusters`), resolved
//! text (`resolve --json`) and the per-document record of `corefer batch` and the service.
//!
//! Design decision: records are the wire form, kept apart from the types the pipeline computes with. Each
//! record is built from a computed value (a resolved [`crate::Document`], a [`crate::rewrite::Rewrite`])
//! and read back into one only through a checking constructor ([`ClustersRecord::mention_set`]), so the
//! pipeline never trusts a number that came from outside. Every offset is given in chars (Python `str`
//! indices) and bytes ([`crate::Offsets`]). The layouts are documented in docs/json.md and docs/resolve.md.

mod clusters;
mod document;
mod resolved;

pub use clusters::{parse_records, ClustersRecord, MentionRecord, RecordError, SCHEMA_VERSION};
pub use document::{DocumentRecord, Field, Fields};
pub use resolved::{EditRecord, RepresentativeRecord, ResolvedRecord, SkippedRecord};
