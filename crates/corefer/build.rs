//! Embeds the default neural model: `models/DEFAULT` (at the workspace root) names a directory under
//! `models/` holding config.json, model.safetensors and tokenizer.json. When the pointer file is present,
//! this sets `cfg(corefer_embedded_model)` and the directory for `include_bytes!` in
//! `src/neural/embedded.rs`; without it the library builds with no embedded model. A pointer naming an
//! incomplete directory fails the build with a message saying which file is missing.

use std::path::Path;

const FILES: [&str; 3] = ["config.json", "model.safetensors", "tokenizer.json"];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corefer_embedded_model)");
    // Read when the script runs, not when it is compiled: a build script binary compiled in another
    // checkout (a copied target directory) must still look at this checkout's models.
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        eprintln!("error: cargo did not set CARGO_MANIFEST_DIR for the build script");
        std::process::exit(1);
    };
    let models = Path::new(&manifest_dir).join("../../models");
    let pointer = models.join("DEFAULT");
    println!("cargo::rerun-if-changed={}", pointer.display());
    let Ok(name) = std::fs::read_to_string(&pointer) else {
        return;
    };
    let dir = models.join(name.trim());
    for file in FILES {
        let path = dir.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        if !path.is_file() {
            eprintln!(
                "error: {} names model {:?}, but {} is missing",
                pointer.display(),
                name.trim(),
                path.display()
            );
            std::process::exit(1);
        }
    }
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo::rustc-cfg=corefer_embedded_model");
    println!("cargo::rustc-env=COREFER_EMBEDDED_MODEL_DIR={}", dir.display());
}
