//! `corefer predict --conll IN [-o OUT]`: the same CoNLL-2012 file back, coreference column predicted.
//!
//! Design decision: the gold tokens and every other column are kept verbatim (the reader/writer in
//! `corefer::io::conll2012` is lossless), so the output can be scored against the input with
//! `corefer eval`. A document the model fails on is reported and written with no mentions, so the
//! file keeps its documents and stays scoreable.

use std::path::PathBuf;

use corefer::io::{conll2012, source};
use corefer::{PronounGuard, WordSpan};
use rayon::prelude::*;

use crate::common::{output_failed, warn, CommonArgs, Outcome};
use crate::pipeline;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  corefer predict --conll dev.conll2012.gz -o dev.pred.conll
  corefer eval dev.conll2012.gz dev.pred.conll")]
pub struct PredictArgs {
    /// CoNLL-2012 input with gold tokens, plain or gzipped (`-`: stdin).
    #[arg(long, value_name = "IN")]
    conll: PathBuf,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: &PredictArgs) -> Result<Outcome, Outcome> {
    let resolver = args.common.resolver(PronounGuard::OFF)?;
    let pool = args.common.pool()?;
    let text = source::read_text_with(&args.conll, args.common.lossy, args.common.input.whole())
        .map_err(|e| Outcome::unusable(e.to_string()))?;
    let options =
        conll2012::ReadOptions { lenient: args.common.lenient, ..conll2012::ReadOptions::default() };
    let file = conll2012::parse(&text, &args.conll, options).map_err(|e| Outcome::unusable(e.to_string()))?;
    drop(text);
    for warning in &file.warnings {
        warn(warning);
    }
    let threads = pipeline::threads_per_document(&pool, file.documents.len());
    let predictions: Vec<Result<Vec<Vec<WordSpan>>, String>> = pool.install(|| {
        file.documents
            .par_iter()
            .map(|conll| {
                let error = |e: &dyn std::fmt::Display| format!("document {}: {e}", conll.id);
                if let Some(line) = conll.row_without_word() {
                    return Err(error(&format!(
                        "the row on line {line} has no word column (a 2-column `doc coreference` row \
                         can be scored, but gives the model no word to read)"
                    )));
                }
                let doc = conll.to_document().map_err(|e| error(&e))?;
                let doc = resolver.resolve_document_with(doc, threads).map_err(|e| error(&e))?;
                Ok(doc.clusters().iter().map(|c| c.iter().map(|m| m.words).collect()).collect())
            })
            .collect()
    });
    let mut outcome = Outcome::default();
    let clusters: Vec<Vec<Vec<WordSpan>>> = predictions
        .into_iter()
        .map(|p| {
            p.unwrap_or_else(|message| {
                outcome.document_failed(message);
                Vec::new()
            })
        })
        .collect();
    let report = match &args.output {
        Some(path) => std::fs::File::create(path)
            .map_err(|e| Outcome::unusable(format!("{}: cannot create: {e}", path.display())))
            .and_then(|f| file.write(f, &clusters).map_err(|e| Outcome::unusable(e.to_string()))),
        None => match file.write(std::io::stdout().lock(), &clusters) {
            Err(conll2012::WriteError::Io(e)) => return output_failed(&e, outcome),
            written => written.map_err(|e| Outcome::unusable(e.to_string())),
        },
    }?;
    for dropped in &report.dropped {
        warn(dropped);
    }
    Ok(outcome)
}
