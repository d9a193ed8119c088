//! Readers and writers of corpus file formats. One module per format.
//!
//! Design decision: one module per format; the readers of raw and CoNLL-U input read through [`source`]
//! (gzip detected by magic bytes, strict or lossy UTF-8) and report failures with the source name and
//! line, so a corpus run can skip one bad document and name it.

pub mod conll2012;
pub mod conllu;
pub mod jsonl;
pub mod source;
