//! The library's shape, checked from its source: modules depend on each other without cycles, only the
//! chosen façade modules are public, and every module opens with what it owns and its design decision.
//!
//! A dependency is a path written in library code (`crate::a::b`, `super::b`); comments, strings and
//! `#[cfg(test)]` modules do not count, since tests may reach across layers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules `lib.rs` may declare `pub`: the documented façades of the public surface (plus the
/// feature-gated `fuzzing` and `internals`, hidden from docs).
const PUBLIC_MODULES: &[&str] = &["eval", "fuzzing", "internals", "io", "pronoun", "records", "rewrite"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `a/b.rs` and `a/b/mod.rs` → `["a", "b"]`; `lib.rs` → `[]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without comments, string literals and `#[cfg(test)]` items.
fn code(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    // Drop `#[cfg(test)]` items: the attribute and the braced block that follows it.
    while let Some(at) = out.find("#[cfg(test)]") {
        let Some(open) = out[at..].find('{').map(|o| at + o) else { break };
        let mut depth = 0;
        let mut end = out.len();
        for (i, c) in out[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.replace_range(at..end, "");
    }
    out
}

/// Every path that follows `prefix` (`crate::io::source::open` → `["io", "source", "open"]`).
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        let parts: Vec<String> = path.split("::").filter(|p| !p.is_empty()).map(str::to_string).collect();
        if !parts.is_empty() {
            found.push(parts);
        }
    }
    found
}

/// Module → the modules its code names, at the granularity of siblings: for `rewrite::plan`, a use of
/// `super::edit::Edit` (or `crate::rewrite::edit::Edit`) is an edge `rewrite::plan → rewrite::edit`, and
/// `crate::io::source` from `rewrite::plan` is an edge between the top-level modules `rewrite → io`.
/// (`super::item` naming an item of the parent adds an edge to a node without edges, which is harmless.)
fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let path = module_path(&file);
        if path.is_empty() || path[0] == "fuzzing" || path[0] == "internals" {
            continue; // lib.rs re-exports everything; test-support modules may reach anywhere
        }
        let code = code(&std::fs::read_to_string(&file).unwrap());
        let me = path.join("::");
        let mut add = |from: String, to: String| {
            if from != to {
                graph.entry(from).or_default().insert(to);
            }
        };
        for target in paths_after(&code, "crate::") {
            match target.as_slice() {
                [top, ..] if *top != path[0] => add(path[0].clone(), top.clone()),
                // Within one top-level module: an edge between the two siblings under it.
                [_, sub, ..] if path.len() >= 2 && sub.chars().next().is_some_and(char::is_lowercase) => {
                    add(me.clone(), format!("{}::{sub}", path[0]))
                }
                _ => {}
            }
        }
        if path.len() >= 2 {
            let parent = path[..path.len() - 1].join("::");
            for target in paths_after(&code, "super::") {
                if target.len() >= 2 {
                    add(me.clone(), format!("{parent}::{}", target[0]));
                }
            }
        }
    }
    graph
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, stack, done) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn modules_depend_on_each_other_without_cycles() {
    let graph = edges();
    assert!(graph.contains_key("rewrite") && graph.contains_key("neural"), "parsed no edges: {graph:?}");
    assert!(graph["records"].contains("rewrite"), "records → rewrite is expected: {:?}", graph["records"]);
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&graph), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&graph).unwrap(), ["a", "b", "c", "a"]);
    assert_eq!(paths_after("x crate::io::y; mycrate::no", "crate::"), [["io", "y"]]);
    assert_eq!(code("a // crate::x\n\"crate::y\" /* crate::z */ b"), "a \n\"\"  b");
    assert!(!code("f();\n#[cfg(test)]\nmod tests { use crate::x; { } }\ng();").contains("crate::x"));
}

#[test]
fn only_the_facade_modules_are_public() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let public: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    for module in &public {
        assert!(PUBLIC_MODULES.contains(module), "lib.rs makes `{module}` public; add it to the façade list");
    }
    assert!(lib.contains("#![deny(missing_docs)]"), "the public surface must be documented");
}

#[test]
fn every_module_opens_with_its_purpose_and_design_decision() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let header: String = text.lines().take_while(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n");
        assert!(!header.is_empty(), "{} opens without a //! module comment", file.display());
        let shell = matches!(module_path(&file).first().map(String::as_str), None | Some("internals"));
        assert!(
            shell || header.contains("Design decision"),
            "{}: the module comment names no design decision",
            file.display()
        );
    }
}
