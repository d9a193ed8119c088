//! `corefer eval KEY RESPONSE`: scores a response CoNLL-2012 file against a key file.
//!
//! Design decision: the command only parses arguments and prints; reading, scoring and formatting live in
//! the library (`corefer::io::conll2012`, `corefer::eval`) where they are tested.

use std::io::Write;
use std::path::PathBuf;

use corefer::eval::report::{self, Sections};
use corefer::eval::{evaluate, EvalOptions};
use corefer::io::conll2012::{read_path, ReadOptions};

use crate::common::{output_failed, warn, InputLimit, Outcome};

#[derive(clap::Args)]
#[command(after_help = "Examples:
  corefer eval ontogum/test.conll2012.gz pred.conll        MUC, B3, CEAFm, CEAFe, LEA, mentions, BLANC, CoNLL F1
  corefer eval --json --by-genre KEY RESPONSE              fractions in [0, 1], per genre too

Text percentages are truncated to 2 decimals as the reference scorer prints them. Exit status: 0 scored;
2 an input could not be read or the files could not be scored together.")]
pub struct EvalArgs {
    /// The key (gold) CoNLL-2012 file, plain or gzipped.
    key: PathBuf,
    /// The response (system) CoNLL-2012 file, plain or gzipped.
    response: PathBuf,
    /// Print JSON (fractions in [0, 1]) instead of text.
    #[arg(long)]
    json: bool,
    /// Also report every document.
    #[arg(long)]
    per_doc: bool,
    /// Also report every genre (the second `_`-field of the document id).
    #[arg(long)]
    by_genre: bool,
    /// Drop singleton chains from key and response before scoring.
    #[arg(long)]
    no_singletons: bool,
    /// How the resolved text whose pronoun replacements are counted ("rewritten right") names pronouns,
    /// as `resolve --names`.
    #[arg(long, value_enum, default_value = "nearest")]
    names: crate::output::NamesArg,
    /// Skip mentions with unbalanced brackets (with a warning) instead of failing.
    #[arg(long)]
    lenient: bool,
    #[command(flatten)]
    input: InputLimit,
}

/// Exit status 0 when scored, 2 when an input cannot be read or the files cannot be scored together.
pub fn run(args: &EvalArgs) -> Result<Outcome, Outcome> {
    let unusable = |e: &dyn std::fmt::Display| Outcome::unusable(e.to_string());
    let options = ReadOptions { lenient: args.lenient, limits: args.input.whole() };
    let key = read_path(&args.key, options).map_err(|e| unusable(&e))?;
    let response = read_path(&args.response, options).map_err(|e| unusable(&e))?;
    let evaluation =
        evaluate(&key, &response, EvalOptions { singletons: !args.no_singletons, naming: args.names.into() })
            .map_err(|e| unusable(&e))?;
    for warning in key.warnings.iter().chain(&response.warnings).chain(&evaluation.warnings) {
        warn(warning);
    }
    let sections = Sections { per_document: args.per_doc, by_genre: args.by_genre };
    let output = if args.json {
        let json =
            serde_json::to_string_pretty(&report::json(&evaluation, sections)).map_err(|e| unusable(&e))?;
        json + "\n"
    } else {
        report::text(&evaluation, sections)
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(output.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(Outcome::default()),
        Err(e) => output_failed(&e, Outcome::default()),
    }
}
