//! The neural engine's stages, for the project's own parity tests, benchmarks and throughput examples
//! (feature `internals`, which the crate's dev-dependency on itself turns on). Not part of the public API:
//! no semver promise, not documented on docs.rs.

#![allow(missing_docs)]

pub use crate::neural::config::{Config, EncoderConfig, EncoderKind};
pub use crate::neural::encoder::relative_bucket;
pub use crate::neural::*;
