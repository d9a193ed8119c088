//! `corefer predict --conll IN [-o OUT]`: the same CoNLL-2012 file back, coreference column predicted.
//!
//! Design decision: the gold tokens and every other column are kept verbatim (the reader/writer in
//! `corefer::io::conll2012` is lossless), so the output can be scored against the input with
//! `corefer eval`. A document the model fails on is reported and written with no mentions, so the
//! file keeps its documents and stays scoreable.

use std::path::PathBuf;

use corefer::io::{conll2012, source};
use corefer::pronoun::Class;
use corefer::{Probability, PronounGuard, WordSpan};
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
    /// Also write the model's confidence in each linked third-person pronoun to FILE, one TSV row per
    /// pronoun (document, part, word index through the document, word, its class as a calibration names
    /// it, probability): what `bench/calibration.sh` fits and checks a model's calibration with.
    #[arg(long, value_name = "FILE")]
    confidence: Option<PathBuf>,
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
    type Predicted = (Vec<Vec<WordSpan>>, Vec<(WordSpan, Probability)>);
    let predictions: Vec<Result<Predicted, String>> = pool.install(|| {
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
                let clusters: Vec<Vec<WordSpan>> =
                    doc.clusters().iter().map(|c| c.iter().map(|m| m.words).collect()).collect();
                let confidence = (doc.clusters().iter().flatten())
                    .filter_map(|m| Some((m.words, doc.confidence(m.words)?)))
                    .collect();
                Ok((clusters, confidence))
            })
            .collect()
    });
    let mut outcome = Outcome::default();
    let (clusters, confidence): (Vec<_>, Vec<_>) = predictions
        .into_iter()
        .map(|p| {
            p.unwrap_or_else(|message| {
                outcome.document_failed(message);
                (Vec::new(), Vec::new())
            })
        })
        .unzip();
    if let Some(path) = &args.confidence {
        let mut tsv = String::from("document\tpart\tword\ttext\tclass\tprobability\n");
        for (conll, rows) in file.documents.iter().zip(&confidence) {
            let words: Vec<&str> = conll.sentences().iter().flatten().map(|row| row.word()).collect();
            for (span, p) in rows {
                let text = span.range().map(|i| words[i]).collect::<Vec<_>>().join(" ");
                let class = Class::of(&text, false).map_or("-", Class::key);
                let (id, part, word, p) = (&conll.id, conll.part, span.start(), p.get());
                tsv.push_str(&format!("{id}\t{part}\t{word}\t{text}\t{class}\t{p}\n"));
            }
        }
        std::fs::write(path, tsv)
            .map_err(|e| Outcome::unusable(format!("{}: cannot write: {e}", path.display())))?;
    }
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
