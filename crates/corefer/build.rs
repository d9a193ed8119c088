//! Embeds the default neural model when `models/default/` (config.json, model.safetensors, tokenizer.json)
//! exists at the workspace root: sets `cfg(corefer_embedded_model)` and the directory for `include_bytes!`
//! in `src/neural/embedded.rs`. Without it the library builds with no embedded model.

use std::path::Path;

const FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corefer_embedded_model)");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/default");
    println!("cargo::rerun-if-changed={}", dir.display());
    for file in FILES {
        println!("cargo::rerun-if-changed={}", dir.join(file).display());
    }
    if FILES.iter().all(|f| dir.join(f).is_file()) {
        if let Ok(dir) = dir.canonicalize() {
            println!("cargo::rustc-cfg=corefer_embedded_model");
            println!("cargo::rustc-env=COREFER_EMBEDDED_MODEL_DIR={}", dir.display());
        }
    }
}
