//! The document pipeline of `clusters` and `resolve`: files or stdin → UTF-8 text → documents (one per
//! file, or one per JSONL line) → resolved and rendered → written to stdout in input order.
//!
//! Design decision: documents stream through the scheduler `batch` uses ([`crate::ordered`]): each is
//! read lazily, resolved and rendered on one thread of the pool (documents are independent, so that
//! parallelism costs nothing to share out), and written in input order, with at most
//! [`DOCUMENTS_PER_THREAD`] × threads documents read and not yet written. An input of a single document
//! gives it every thread for its matrix work instead. Memory is thus bounded by that window and the
//! input being read (a file, or one JSONL line, each refused past `--max-bytes` while it is read), and
//! the output is the same bytes whatever `--threads` says.

use std::io::Write;
use std::path::PathBuf;

use corefer::io::{jsonl, source};
use corefer::{tokenize_limited, Limits};
use corefer::{Document, PronounGuard, Resolver, Threads};

use crate::common::{output_failed, CommonArgs, InputLimit, Outcome};
use crate::ordered::{self, Task};

/// Documents per thread read and not yet written: enough to keep every thread busy when documents
/// differ in length.
const DOCUMENTS_PER_THREAD: usize = 4;

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
    let mut outcome = Outcome::default();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut sink = |result: Result<Vec<u8>, Failure>| -> std::io::Result<()> {
        match result {
            Ok(bytes) => {
                out.write_all(&bytes)?;
                out.flush()
            }
            Err(Failure::Document(message)) => {
                outcome.document_failed(message);
                Ok(())
            }
            Err(Failure::Input(message)) => {
                outcome.input_failed(message);
                Ok(())
            }
        }
    };
    let task = |entry: Entry| match entry {
        Entry::Document(doc) => Task::Run(doc),
        Entry::BadDocument(message) => Task::Ready(Err(Failure::Document(message))),
        Entry::Unreadable(message) => Task::Ready(Err(Failure::Input(message))),
    };
    // One document alone gets every thread; with more, each runs on one.
    let first = entries.next();
    let second = entries.next();
    let written = if second.is_none() {
        match first.map(task) {
            Some(Task::Run(doc)) => {
                let threads = Threads::new(pool.current_num_threads());
                sink(pool.install(|| resolve(&resolver, doc, threads, &render).map_err(Failure::Document)))
            }
            Some(Task::Ready(result)) => sink(result),
            None => Ok(()),
        }
    } else {
        let mut tasks = first.into_iter().chain(second).chain(entries).map(task);
        let window = DOCUMENTS_PER_THREAD * pool.current_num_threads();
        let work = |doc| resolve(&resolver, doc, Threads::ONE, &render).map_err(Failure::Document);
        ordered::run(&mut tasks, &pool, window, work, &mut sink)
    };
    match written {
        Ok(()) => Ok(outcome),
        Err(e) => output_failed(&e, outcome),
    }
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
