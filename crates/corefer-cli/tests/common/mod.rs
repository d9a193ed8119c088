//! What every CLI test needs: running the `corefer` binary, scratch files, output as text.
//!
//! Design decision: one copy shared by the test files (`mod common;` in each), so a change to how the
//! binary is run or where scratch files go is made once. Not every test file uses every helper.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs `corefer` with `args` and no input.
pub fn corefer(args: &[&str]) -> Output {
    corefer_fed(args, b"")
}

/// Runs `corefer` with `args`, feeding `stdin`.
pub fn corefer_fed(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corefer"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("corefer starts");
    // A command that fails early may exit before reading its input: a broken pipe here is no failure.
    let _ = child.stdin.take().expect("stdin is piped").write_all(stdin);
    child.wait_with_output().expect("corefer finishes")
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// A file with `content` in this test's scratch folder (kept between calls of one test).
pub fn file(test: &str, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-files").join(test);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("scratch file");
    path
}

/// [`file`], as the string a command line takes.
pub fn file_arg(test: &str, name: &str, content: impl AsRef<[u8]>) -> String {
    file(test, name, content).to_str().expect("scratch paths are UTF-8").to_string()
}

/// Output bytes as text (lossily, so a test can print what it got).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
