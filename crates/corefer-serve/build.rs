//! Embeds the card of the default model: when `models/DEFAULT` names a directory with a `card.json`, this
//! sets `cfg(corefer_embedded_card)` and the file's path for `include_str!` in `src/card.rs`, mirroring
//! how the corefer crate embeds the model itself. Without one the service reports no scores.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(corefer_embedded_card)");
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
    let card = models.join(name.trim()).join("card.json");
    println!("cargo::rerun-if-changed={}", card.display());
    if card.is_file() {
        let card = card.canonicalize().unwrap_or(card);
        println!("cargo::rustc-cfg=corefer_embedded_card");
        println!("cargo::rustc-env=COREFER_EMBEDDED_CARD={}", card.display());
    }
}
