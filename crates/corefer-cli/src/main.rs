//! The `corefer` command-line tool.

fn main() {
    println!("corefer {}", env!("CARGO_PKG_VERSION"));
}
