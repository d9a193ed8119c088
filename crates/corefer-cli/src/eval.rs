//! `corefer eval KEY RESPONSE`: scores a response CoNLL-2012 file against a key file.
//!
//! Design decision: the command only parses arguments and prints; reading, scoring and formatting live in
//! the library (`corefer::io::conll2012`, `corefer::eval`) where they are tested.

use std::io::Write;
use std::path::PathBuf;

use crate::report::{self, Sections};
use corefer::eval::check_rewrites;
use corefer::eval::{evaluate, EvalOptions};
use corefer::io::conll2012::{read_path, ConllFile, ReadOptions};
use corefer::rewrite::{Options as RewriteOptions, Rules};

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
    /// Also write every pronoun replacement of the resolved text to FILE as TSV (document, word, class,
    /// right, original, replacement, the sentence with the pronoun in brackets), to read what went wrong.
    #[arg(long, value_name = "FILE")]
    list_rewrites: Option<PathBuf>,
    /// Turn off rewrite rules by name (comma-separated), to measure what each one does.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    rules_off: Vec<String>,
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
    let mut rules = Rules::ON;
    for name in &args.rules_off {
        rules = rules.without(name).map_err(Outcome::unusable)?;
    }
    let rewrite = RewriteOptions { naming: args.names.into(), rules, ..RewriteOptions::default() };
    let evaluation = evaluate(&key, &response, EvalOptions { singletons: !args.no_singletons, rewrite })
        .map_err(|e| unusable(&e))?;
    for warning in key.warnings.iter().chain(&response.warnings).chain(&evaluation.warnings) {
        warn(warning);
    }
    if let Some(path) = &args.list_rewrites {
        std::fs::write(path, rewrites_tsv(&key, &response, &rewrite))
            .map_err(|e| unusable(&format!("{}: {e}", path.display())))?;
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

/// One TSV row per replacement that the resolved text of each response document makes.
fn rewrites_tsv(key: &ConllFile, response: &ConllFile, options: &RewriteOptions) -> String {
    let mut out = String::from(
        "document\tword\tclass\tright\tgold\toriginal\treplacement\tname\tname_word\tsentence\n",
    );
    for doc in &key.documents {
        let Some(found) = response.documents.iter().find(|r| (&r.id, r.part) == (&doc.id, doc.part)) else {
            continue;
        };
        let words: Vec<&str> = doc.sentences().iter().flatten().map(|row| row.word()).collect();
        let mut sentence_of = Vec::with_capacity(words.len());
        let mut start = 0;
        for sentence in doc.sentences() {
            sentence_of.extend(std::iter::repeat_n((start, start + sentence.len()), sentence.len()));
            start += sentence.len();
        }
        let (key_chains, response_chains) = (doc.clusters(), found.clusters());
        // What the key says of the pronoun: "none" (in no key chain with a name before it), "linked"
        // (its response chain holds one of those names) or "unlinked".
        let gold = |word: usize| {
            let is_name = |s: &corefer::WordSpan| {
                !(s.len() == 1 && corefer::pronoun::lookup(words[s.start()]).is_some()) && s.end() <= word
            };
            let at = |chains: &[Vec<corefer::WordSpan>]| {
                chains.iter().position(|c| c.iter().any(|s| s.len() == 1 && s.start() == word))
            };
            let Some(chain) = at(&key_chains) else { return "none" };
            let names: Vec<_> = key_chains[chain].iter().filter(|s| is_name(s)).collect();
            if names.is_empty() {
                return "none";
            }
            let linked =
                at(&response_chains).is_some_and(|r| names.iter().any(|n| response_chains[r].contains(n)));
            if linked {
                "linked"
            } else {
                "unlinked"
            }
        };
        for check in check_rewrites(doc, &key_chains, &response_chains, options) {
            let Some(&(from, to)) = sentence_of.get(check.word) else { continue };
            let sentence: Vec<String> = (from..to)
                .map(|i| if i == check.word { format!("[{}]", words[i]) } else { words[i].to_string() })
                .collect();
            let class = check.class.map_or("-", |c| c.name());
            out.push_str(&format!(
                "{}\t{}\t{class}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                doc.id,
                check.word,
                u8::from(check.right),
                gold(check.word),
                check.original,
                check.replacement,
                check.name,
                check.name_word,
                sentence.join(" ")
            ));
        }
    }
    out
}
