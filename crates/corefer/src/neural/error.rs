//! Errors of the neural model: every one names the file (and tensor, key or input) that was wrong.
//!
//! Design decision: loading is where bad input arrives (missing, truncated or mismatched model files), so
//! each loading error carries the file it came from as a displayable origin ("models/x/model.safetensors"
//! or "embedded:model.safetensors"), and nothing in loading or inference panics on bad files.

/// Why a neural model could not be loaded or run.
#[derive(Debug, thiserror::Error)]
pub enum NeuralError {
    #[error("{file}: cannot read: {source}")]
    Io { file: String, source: std::io::Error },
    #[error("{file}: bad config: {source}")]
    Config { file: String, source: super::config::ConfigError },
    #[error("{file}: not a readable safetensors file (truncated or corrupt?): {message}")]
    Safetensors { file: String, message: String },
    #[error("{file}: tensor {tensor} is missing")]
    MissingTensor { file: String, tensor: String },
    #[error("{file}: tensor {tensor} has shape {found:?}, the config implies {expected:?}")]
    TensorShape { file: String, tensor: String, expected: Vec<usize>, found: Vec<usize> },
    #[error("{file}: tensor {tensor}: {message}")]
    TensorData { file: String, tensor: String, message: String },
    #[error("{file}: bad tokenizer: {message}")]
    Tokenizer { file: String, message: String },
    #[error(
        "{file} is missing: this model completes its weights with the pretrained encoder {base}{}",
        if install.is_empty() { String::new() } else { format!(" (install it with {install})") }
    )]
    MissingBase { file: String, base: String, install: String },
    #[error(
        "bf16 precision needs a CPU with AMX-BF16 (and an operating system that grants its tile state) or \
             AVX-512 BF16; this one has neither (use precision auto or f32)"
    )]
    NoBf16,
    #[error("bf16 precision needs encoder layer sizes in multiples of 32; {0}")]
    Bf16Shape(String),
    #[error("bad model input: {0}")]
    Input(String),
    #[error("tokenizing word {word} ({text:?}): {message}")]
    Tokenize { word: usize, text: String, message: String },
}
