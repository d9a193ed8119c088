//! The document pipeline of `clusters` and `resolve`: files or stdin → UTF-8 text → documents (one per
//! file, or one per JSONL line) → resolved and rendered → written to stdout in input order.
//!
//! Design decision: documents are read lazily into bounded batches (at most [`DOCUMENTS_PER_THREAD`] ×
//! threads documents or [`BATCH_BYTES`] of text) and each batch is resolved and rendered in parallel,
//! then written in input order before the next one is read. A batch of several documents runs each on one
//! thread (documents are independent, so that parallelism costs nothing to share out); a batch of one
//! document gives it every thread for its matrix work. Memory is thus bounded by a batch and the input
//! being read (a file, or one JSONL line, each refused past `--max-bytes` while it is read), and the
//! output is the same bytes whatever `--threads` says.

use std::io::Write;
use std::path::PathBuf;

use corefer::io::{jsonl, source};
use corefer::{tokenize_limited, Limits};
use corefer::{Document, PronounGuard, Resolver, Threads};
use rayon::prelude::*;

use crate::common::{output_failed, CommonArgs, InputLimit, Outcome};

/// Documents per thread in one batch: enough to keep every thread busy when documents differ in length.
const DOCUMENTS_PER_THREAD: usize = 4;
/// Text bytes after which a batch is closed, whatever its number of documents.
const BATCH_BYTES: usize = 8 << 20;

/// What a command makes of an input file whose text has no words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlankFiles {
    /// No document at all (`clusters`: empty stdin gives empty output).
    Skip,
    /// A document with no words (`resolve`: the text comes back as it was).
    Keep,
}

/// Where the documents come from: the command's FILE arguments (none: stdin) and how to read them.
#[derive(Debug)]
pub struct Inputs<'a> {
    pub files: &'a [PathBuf],
    /// One document per JSONL line instead of one per file.
    pub jsonl: bool,
    pub blank_files: BlankFiles,
}

/// One item of the input stream, in input order.
enum Entry {
    Document(Document),
    /// A document that could not be built (a bad JSONL line, text the tokenizer refused).
    BadDocument(String),
    /// An input that could not be read at all.
    Unreadable(String),
}

/// The entries of all inputs, read one file at a time as the iteration reaches it.
struct Entries<'a> {
    files: std::slice::Iter<'a, PathBuf>,
    jsonl: bool,
    blank_files: BlankFiles,
    lossy: bool,
    input: InputLimit,
    limits: Limits,
    /// The JSONL file being read.
    lines: Option<jsonl::Documents>,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            while let Some(doc) = self.lines.as_mut().and_then(Iterator::next) {
                match doc {
                    Ok(doc) if self.blank_files == BlankFiles::Skip && doc.words().is_empty() => continue,
                    Ok(doc) => return Some(Entry::Document(doc)),
                    Err(jsonl::Error::Line(e)) => return Some(Entry::BadDocument(e.to_string())),
                    Err(jsonl::Error::Input(e)) => return Some(Entry::Unreadable(e.to_string())),
                    Err(e) => return Some(Entry::BadDocument(e.to_string())),
                }
            }
            self.lines = None;
            let path = self.files.next()?;
            if self.jsonl {
                match source::open(path, self.input.streamed()) {
                    Ok(input) => {
                        let options = jsonl::Options {
                            lossy: self.lossy,
                            lossy_knob: crate::common::LOSSY,
                            max_line: self.input.line(),
                            limits: self.limits,
                        };
                        self.lines = Some(jsonl::Documents::from_input(input, options));
                    }
                    Err(e) => return Some(Entry::Unreadable(e.to_string())),
                }
                continue;
            }
            let name = source::display_name(path);
            let text = match source::read_text_with(path, self.lossy, self.input.whole()) {
                Ok(text) => text,
                Err(e) => return Some(Entry::Unreadable(e.to_string())),
            };
            match tokenize_limited(name.as_str(), text, self.limits) {
                Ok(doc) if self.blank_files == BlankFiles::Skip && doc.words().is_empty() => {}
                Ok(doc) => return Some(Entry::Document(doc)),
                Err(e) => return Some(Entry::BadDocument(format!("{name}: {e}"))),
            }
        }
    }
}

/// Why an entry gave no output.
enum Failure {
    Document(String),
    Input(String),
}

/// Resolves every document of `inputs`, renders each with `render` (its output bytes, or why it failed)
/// and writes them to stdout in input order; each failure is reported on stderr and counted. `guard` is
/// the command's default for `--min-pronoun-probability`.
pub fn run(
    inputs: &Inputs<'_>,
    common: &CommonArgs,
    guard: PronounGuard,
    render: impl Fn(&Document) -> Result<Vec<u8>, String> + Sync,
) -> Result<Outcome, Outcome> {
    let resolver = common.resolver(guard)?;
    let pool = common.pool()?;
    let stdin = [PathBuf::from("-")];
    let files = if inputs.files.is_empty() { &stdin[..] } else { inputs.files };
    let mut entries = Entries {
        files: files.iter(),
        jsonl: inputs.jsonl,
        blank_files: inputs.blank_files,
        lossy: common.lossy,
        input: common.input,
        limits: resolver.limits(),
        lines: None,
    };
    let max_documents = DOCUMENTS_PER_THREAD * pool.current_num_threads();
    let mut outcome = Outcome::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    loop {
        let (batch, documents) = next_batch(&mut entries, max_documents);
        if batch.is_empty() {
            break;
        }
        let threads = threads_per_document(&pool, documents);
        let results: Vec<Result<Vec<u8>, Failure>> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|entry| match entry {
                    Entry::Document(doc) => {
                        resolve(&resolver, doc, threads, &render).map_err(Failure::Document)
                    }
                    Entry::BadDocument(message) => Err(Failure::Document(message)),
                    Entry::Unreadable(message) => Err(Failure::Input(message)),
                })
                .collect()
        });
        for result in results {
            match result {
                Ok(bytes) => {
                    if let Err(e) = out.write_all(&bytes) {
                        return output_failed(&e, outcome);
                    }
                }
                Err(Failure::Document(message)) => outcome.document_failed(message),
                Err(Failure::Input(message)) => outcome.input_failed(message),
            }
        }
        if let Err(e) = out.flush() {
            return output_failed(&e, outcome);
        }
    }
    Ok(outcome)
}

/// The next entries, up to `max_documents` documents or [`BATCH_BYTES`] of text (at least one entry
/// unless the inputs are exhausted), and how many of them are documents.
fn next_batch(entries: &mut Entries<'_>, max_documents: usize) -> (Vec<Entry>, usize) {
    let (mut batch, mut documents, mut bytes) = (Vec::new(), 0, 0);
    while documents < max_documents && bytes < BATCH_BYTES {
        let Some(entry) = entries.next() else { break };
        if let Entry::Document(doc) = &entry {
            documents += 1;
            bytes += doc.text().len();
        }
        batch.push(entry);
    }
    (batch, documents)
}

fn resolve(
    resolver: &Resolver,
    doc: Document,
    threads: Threads,
    render: impl Fn(&Document) -> Result<Vec<u8>, String>,
) -> Result<Vec<u8>, String> {
    let id = doc.id.clone();
    let doc = resolver.resolve_document_with(doc, threads).map_err(|e| format!("document {id}: {e}"))?;
    render(&doc)
}

/// How many threads each of `documents` documents resolved together on `pool` may use: one when there
/// are several (they run in parallel), the whole pool when there is one.
pub fn threads_per_document(pool: &rayon::ThreadPool, documents: usize) -> Threads {
    if documents > 1 {
        Threads::ONE
    } else {
        Threads::new(pool.current_num_threads())
    }
}
