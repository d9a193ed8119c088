//! Neural coreference model in pure Rust (wl-coref style head on a MiniLM BERT encoder; see
//! `train/MODEL_FORMAT.md` on the `train` branch for the contract with the trainer).

pub mod bert;
pub mod config;
pub mod error;
pub mod kernels;
pub mod weights;

pub use bert::Encoder;
pub use config::{Config, EncoderConfig};
pub use error::NeuralError;
pub use kernels::Threads;
pub use weights::TensorFile;
