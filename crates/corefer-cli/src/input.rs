//! Reading what the rewriting subcommands take: UTF-8 texts (files or stdin) and clusters records.
//!
//! Design decision: every failure becomes one message naming the file and the place in it (byte offset
//! for bad UTF-8, line and column for bad JSON), so a user can fix the input without a debugger.

use std::io::Read;
use std::path::Path;

use corefer::clusters_json::ClustersRecord;

/// The text of `path`, or of stdin for `None` or "-"; with the name to report it under.
pub fn read_text(path: Option<&Path>) -> Result<(String, String), String> {
    let (name, bytes) = match path.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            (path.display().to_string(), bytes)
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("stdin: {e}"))?;
            ("stdin".to_string(), bytes)
        }
    };
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{name}: not UTF-8 at byte {}", e.utf8_error().valid_up_to()))?;
    Ok((name, text))
}

/// The document id of a text: its file name without extension, or "stdin".
pub fn doc_id(path: Option<&Path>) -> String {
    path.filter(|p| p.as_os_str() != "-")
        .and_then(|p| p.file_stem())
        .map_or_else(|| "stdin".to_string(), |s| s.to_string_lossy().into_owned())
}

/// The clusters record for document `id` in `path`: a JSON object, or JSON Lines as `corefer clusters`
/// prints them (then the record whose id is `id`, or the only one).
pub fn read_clusters(path: &Path, id: &str) -> Result<ClustersRecord, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let mut records = Vec::new();
    for record in serde_json::Deserializer::from_str(&text).into_iter::<ClustersRecord>() {
        let record = record.map_err(|e| {
            format!("{name}: line {} column {}: not a clusters record: {e}", e.line(), e.column())
        })?;
        records.push(record);
    }
    match records.len() {
        0 => Err(format!("{name}: no clusters record in the file")),
        1 => Ok(records.remove(0)),
        n => match records.iter().position(|r| r.id == id) {
            Some(i) => Ok(records.swap_remove(i)),
            None => {
                let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
                Err(format!(
                    "{name}: {n} records ({}) and none has the id {id:?} of the text",
                    ids.join(", ")
                ))
            }
        },
    }
}
