//! Reading what `rewrite` and `html` take: one text (file or stdin) and a clusters record for it.
//!
//! Design decision: texts are read by the library's [`source`] reader (gzip, strict UTF-8 naming the
//! byte offset), and the document id is the name `corefer clusters` gives the same file, so a record
//! it printed is found again by id in a JSON Lines file of many.

use std::path::Path;

use corefer::io::source::{self, ReadLimits};
use corefer::records::{self, ClustersRecord};

/// The text of `path` ("-" is stdin), refused past `limits`, and its document id.
pub fn read_text(path: &Path, limits: ReadLimits) -> Result<(String, String), String> {
    let text = source::read_text_with(path, false, limits).map_err(|e| e.to_string())?;
    Ok((source::display_name(path), text))
}

/// The clusters record for document `id` in `path`: a JSON object, or JSON Lines as `corefer clusters`
/// prints them (then the record whose id is `id`, or the only one).
pub fn read_clusters(path: &Path, id: &str, limits: ReadLimits) -> Result<ClustersRecord, String> {
    let name = source::display_name(path);
    let text = source::read_text_with(path, false, limits).map_err(|e| e.to_string())?;
    let mut records = records::parse_records(&name, &text).map_err(|e| e.to_string())?;
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
