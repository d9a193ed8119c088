//! corefer: coreference resolution for English.
//!
//! Data flows through one module per stage: text → words/sentences ([`doc`]) → model ([`model`]) →
//! clusters → outputs. Offsets are typed ([`span`]) so bytes, chars and words cannot be confused.
//!
//! Library code must not panic on any input: `unwrap` and `expect` are denied outside tests, and the few
//! `expect`s left each state the invariant that makes them unreachable.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod clusters_json;
pub mod doc;
pub mod document_json;
pub mod eval;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod html;
pub mod io;
pub mod model;
pub mod neural;
pub mod pronoun;
pub mod resolver;
pub mod rewrite;
pub mod span;
pub mod tokenize;

pub use doc::{Cluster, DocError, Document, Mention, Sentence, Word};
pub use model::{installed_models, CorefModel, ModelError, PronounGuard, Threads};
pub use resolver::{ResolveError, Resolver};
pub use span::{ByteSpan, CharSpan, Span, WordSpan};
