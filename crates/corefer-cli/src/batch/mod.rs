//! `corefer batch INPUT [-o OUTPUT]`: a corpus in (JSONL, CSV or a directory of `.txt` files), one
//! JSON line per record out, resumable after a crash or a kill.
//!
//! Design decision: a streaming pipeline with no batch barriers ([`crate::ordered`]): one thread reads
//! records, one worker per `--threads` resolves documents (each on one thread, which uses the cores better
//! than one document split across them), and the calling thread writes records in input order, with the
//! reader at most a fixed window of records ahead of the writer, so memory stays bounded whatever the
//! corpus size or the spread of document lengths. Bad records become error records in the output
//! ([`input`]); resuming relies on the output being appended whole record by whole record ([`output`]).

mod input;
mod output;
mod progress;

use std::collections::HashMap;
use std::path::PathBuf;

use corefer::records::{DocumentRecord, Fields};
use corefer::rewrite::Options;
use corefer::tokenize;
use corefer::{PronounGuard, Resolver, Threads};

use crate::common::{output_failed, CommonArgs, Outcome};
use crate::ordered::{self, Task};
use crate::output::RewriteChoice;
use input::{Format, Layout, Record};
use output::{Done, ErrorRecord, Existing, Sink};
use progress::Progress;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  corefer batch articles.jsonl -o resolved.jsonl          {\"id\", \"text\"} per line in, one record per line out
  corefer batch articles.csv --text-column content -o out.jsonl
  corefer batch corpus/ -o out.jsonl --fields id,clusters  a directory of .txt files; clusters only
  corefer batch articles.jsonl -o resolved.jsonl --resume  continue an interrupted run

Each output line is a record {\"id\", \"clusters\", \"text\" (resolved), \"edits\", \"representatives\"} (docs/batch-and-serve.md),
or for a record that failed {\"id\"?, \"line\", \"error\"}. Exit status: 0 every record resolved; 1 some records
failed (each has an error record); 2 usage error, unreadable input or unwritable output.")]
pub struct Args {
    /// A JSONL or CSV file, plain or gzipped (`-`: stdin), or a directory of .txt files.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// Where to write the records (default: stdout); each is appended and flushed whole.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Input format (default: `dir` for a directory, `csv` for a .csv or .csv.gz file, else `jsonl`).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The JSONL field, or CSV column, that holds the text.
    #[arg(long, visible_alias = "text-column", value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// The JSONL field, or CSV column, that holds the id (a string or an integer; every record needs one).
    #[arg(long, visible_alias = "id-column", value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// The fields of each record, comma-separated: id (always written), clusters, text (the resolved
    /// text), edits, representatives, skipped.
    #[arg(
        long,
        value_name = "LIST",
        default_value = "id,clusters,text,edits,representatives,skipped",
        value_parser = Fields::parse
    )]
    pub fields: Fields,
    /// Continue OUTPUT: keep its records, skip the input records already there, append the others.
    #[arg(long, requires = "output", conflicts_with = "overwrite")]
    pub resume: bool,
    /// Start OUTPUT again when it already exists (without this or --resume an existing OUTPUT is refused).
    #[arg(long, requires = "output")]
    pub overwrite: bool,
    #[command(flatten)]
    pub rewrite: RewriteChoice,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Records the reader may be ahead of the writer, per worker.
const WINDOW_PER_WORKER: usize = 8;

/// A document for a worker.
struct Job {
    line: u64,
    id: String,
    text: String,
    read_to: u64,
}

/// What the writer gets for each input record (in input order).
enum Message {
    Resolved {
        line: Vec<u8>,
        words: usize,
        read_to: u64,
    },
    Failed {
        line: Vec<u8>,
        report: String,
        read_to: u64,
    },
    /// Already in the output (`--resume`).
    Skipped {
        read_to: u64,
    },
}

pub fn run(args: &Args) -> Result<Outcome, Outcome> {
    let resolver = args.common.resolver(PronounGuard::FOR_REWRITING)?;
    let pool = args.common.pool()?;
    let format = args.format.unwrap_or_else(|| input::Format::guess(&args.input));
    let layout = Layout {
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        // --max-bytes bounds each record held in memory (a JSONL line, a CSV row, a file), as it bounds
        // each input of the other commands; a record past it gets an error record.
        max_record_bytes: usize::try_from(args.common.input.max_bytes).unwrap_or(usize::MAX),
        lossy: args.common.lossy,
    };
    let records =
        input::open(&args.input, format, layout, args.common.input.streamed()).map_err(Outcome::unusable)?;
    let existing = match (args.resume, args.overwrite) {
        (true, _) => Existing::Resume,
        (false, true) => Existing::Overwrite,
        (false, false) => Existing::Refuse,
    };
    let (mut sink, done) = match &args.output {
        Some(path) => output::open(path, existing).map_err(Outcome::unusable)?,
        None => (Sink::Stdout(std::io::stdout()), Done::default()),
    };
    let options = args.rewrite.options();
    let window = WINDOW_PER_WORKER * pool.current_num_threads();
    let mut progress = Progress::new(records.total_bytes);
    let work = Work { resolver: &resolver, options, fields: args.fields };
    let mut reader = Reader { records: records.iter, done: &done, first_line: HashMap::new(), error: None };
    let written = ordered::run(
        &mut reader,
        &pool,
        window,
        |job| work.resolve(&job),
        |message| write(message, &mut sink, &mut progress),
    );
    let read_error = reader.error;
    let output_name = args.output.as_ref().map_or("stdout".to_string(), |p| p.display().to_string());
    progress.finish(&output_name);
    let outcome = Outcome { failed_documents: progress.failed as usize, unusable: 0 };
    if let Err(e) = written {
        return output_failed(&e, outcome);
    }
    match read_error {
        Some(message) => {
            let mut outcome = outcome;
            outcome.input_failed(format!("{}: {message}", corefer::io::source::display_name(&args.input)));
            Err(outcome)
        }
        None => Ok(outcome),
    }
}

/// The input records as tasks: skipped when already in the output, failed when a record is bad or
/// repeats an id, else a job for a worker.
struct Reader<'a> {
    records: Box<dyn Iterator<Item = std::io::Result<Record>> + Send>,
    done: &'a Done,
    /// First line of each id met in the input, to tell a repeated id.
    first_line: HashMap<String, u64>,
    /// Why reading stopped early, if it did.
    error: Option<String>,
}

impl Iterator for Reader<'_> {
    type Item = Task<Job, Message>;

    fn next(&mut self) -> Option<Self::Item> {
        let record = match self.records.next()? {
            Ok(record) => record,
            Err(e) => {
                self.error = Some(format!("cannot read: {e}"));
                return None;
            }
        };
        let Record { line, id, body, read_to } = record;
        let done = self.done;
        let error_done = |id: Option<&String>| done.errors.contains(&(id.cloned(), line));
        let outcome = match (id, body) {
            (Some(id), body) => match self.first_line.get(&id) {
                None => {
                    self.first_line.insert(id.clone(), line);
                    if done.ids.contains(&id) {
                        Err(None)
                    } else {
                        body.map(|text| (id.clone(), text)).map_err(|e| Some((Some(id), e)))
                    }
                }
                Some(_) if error_done(Some(&id)) => Err(None),
                Some(first) => {
                    Err(Some((Some(id.clone()), format!("duplicate id {id:?} (first at line {first})"))))
                }
            },
            (None, _) if error_done(None) => Err(None),
            (None, body) => Err(Some((None, body.err().unwrap_or_else(|| "the record has no id".into())))),
        };
        Some(match outcome {
            Ok((id, text)) => Task::Run(Job { line, id, text, read_to }),
            Err(None) => Task::Ready(Message::Skipped { read_to }),
            Err(Some((id, error))) => Task::Ready(failed(id.as_deref(), line, &error, read_to)),
        })
    }
}

/// The error record of a record that failed, and its report on stderr.
fn failed(id: Option<&str>, line: u64, error: &str, read_to: u64) -> Message {
    let record = ErrorRecord { id, line, error }.to_line();
    let report = match id {
        Some(id) => format!("error: line {line} (id {id:?}): {error}"),
        None => format!("error: line {line}: {error}"),
    };
    Message::Failed { line: record, report, read_to }
}

/// What a worker needs to turn a document into its record.
struct Work<'a> {
    resolver: &'a Resolver,
    options: Options,
    fields: Fields,
}

impl Work<'_> {
    fn resolve(&self, job: &Job) -> Message {
        let resolved =
            tokenize(job.id.as_str(), job.text.as_str()).map_err(|e| e.to_string()).and_then(|doc| {
                self.resolver.resolve_document_with(doc, Threads::ONE).map_err(|e| e.to_string())
            });
        match resolved {
            Ok(doc) => Message::Resolved {
                line: DocumentRecord::new(&doc, &self.options, self.fields).to_line(),
                words: doc.words().len(),
                read_to: job.read_to,
            },
            Err(error) => failed(Some(&job.id), job.line, &error, job.read_to),
        }
    }
}

/// Writes one record's output and counts it.
fn write(message: Message, sink: &mut Sink, progress: &mut Progress) -> std::io::Result<()> {
    let read_to = match message {
        Message::Resolved { line, words, read_to } => {
            sink.write_record(&line)?;
            progress.resolved += 1;
            progress.words += words as u64;
            read_to
        }
        Message::Failed { line, report, read_to } => {
            sink.write_record(&line)?;
            progress.failed += 1;
            progress.println(&report);
            read_to
        }
        Message::Skipped { read_to } => {
            progress.skipped += 1;
            read_to
        }
    };
    progress.advance(read_to);
    Ok(())
}
