//! corefer: coreference resolution for English.
//!
//! Data flows through one stage per module: text → words and sentences (tokenizer) → [`Document`] → a
//! [`CorefModel`] (the neural encoder and head, or the baseline) → clusters of [`Mention`]s → outputs:
//! resolved text ([`rewrite`]), JSON [`records`], scores ([`eval`]). The [`Resolver`] runs the first
//! stages in one call; the modules of this page are the rest of the public surface, and everything else
//! is private.
//!
//! ```
//! let resolver = corefer::Resolver::default()?;
//! let doc = resolver.resolve("Ann met Bob. He smiled.")?;
//! for cluster in doc.clusters() {
//!     let names: Vec<&str> = cluster.iter().map(|m| doc.mention_text(m)).collect();
//!     println!("{names:?}");
//! }
//! # Ok::<(), corefer::ResolveError>(())
//! ```
//!
//! Offsets are typed ([`ByteSpan`], [`CharSpan`], [`WordSpan`], both at once in a [`TextSpan`]) so that
//! bytes, chars and words cannot be confused; records carry them as [`Offsets`].
//!
//! Library code must not panic on any input: `unwrap` and `expect` are denied outside tests, and the few
//! `expect`s left each state the invariant that makes them unreachable.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![deny(missing_docs)]

mod doc;
mod model;
mod neural;
mod registry;
mod resolver;
mod span;
mod tokenize;

pub mod eval;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod internals;
pub mod io;
pub mod pronoun;
pub mod records;
pub mod rewrite;

pub use doc::{Cluster, DocError, Document, Mention, Probability, Sentence, Word};
pub use model::{
    BoxError, CorefModel, ModelError, Precision, Prediction, PronounGuard, PronounGuardError, Threads,
};
pub use registry::{installed_models, KNOWN_MODELS};
pub use resolver::{ResolveError, Resolver, ResolverBuilder};
pub use span::{ByteSpan, CharSpan, InvertedSpan, Offsets, Span, TextSpan, WordSpan};
pub use tokenize::{tokenize, tokenize_limited, Limits};

/// Whether this build has the default neural model compiled in (`Resolver::default()` otherwise falls
/// back to the deterministic baseline).
pub const HAS_EMBEDDED_MODEL: bool = neural::embedded::AVAILABLE;
