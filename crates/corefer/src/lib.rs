//! corefer: coreference resolution for English.
//!
//! Data flows through one module per stage: text → words/sentences ([`doc`]) → model ([`model`]) →
//! clusters → outputs. Offsets are typed ([`span`]) so bytes, chars and words cannot be confused.

pub mod clusters_json;
pub mod doc;
pub mod model;
pub mod neural;
pub mod pronoun;
pub mod span;

pub use doc::{Cluster, DocError, Document, Mention, Sentence, Word};
pub use model::{CorefModel, ModelError};
pub use span::{ByteSpan, CharSpan, Span, WordSpan};
