//! Readers and writers of corpus file formats: where text and gold annotations come from.
//!
//! Design decision: one module per format, all reading through [`source`] (gzip detected by magic bytes,
//! strict or lossy UTF-8) and reporting failures with the source name and line, so a corpus run can skip
//! one bad document and name it.

pub mod conll2012;
pub mod conllu;
pub mod jsonl;
pub mod source;
