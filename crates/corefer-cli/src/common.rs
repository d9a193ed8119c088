//! What every document-processing subcommand shares: the common flags (model, input limits, threads),
//! the worker pool, how messages reach stderr, and how a run's outcome becomes an exit status.
//!
//! Design decision: a command never exits early on a bad document. It reports each failure on stderr as
//! it meets it and counts it; the [`Outcome`] at the end decides the exit status: 0 all went well, 1 some
//! documents failed (the others were still processed and written), 2 the input could not be read or the
//! command could not start (unknown model, unreadable file). Nothing here panics on a closed or full
//! stdout or stderr: messages go through [`say`], which drops what stderr cannot take (the exit status
//! still tells), and output errors go through [`output_failed`].

use std::io::Write;
use std::process::ExitCode;

use corefer::io::source::{ByteLimit, ReadLimits, DEFAULT_MAX_BYTES, DEFAULT_MAX_GUNZIPPED_BYTES};
use corefer::{Limits, Precision, PronounGuard, Resolver};

/// The default of `--max-word-bytes`: far above any word, URL or e-mail address of real text, far below
/// what makes the neural tokenizer's per-character work costly.
pub const DEFAULT_MAX_WORD_BYTES: usize = 4096;
/// The flag that reads invalid UTF-8 lossily, named when invalid UTF-8 is refused.
pub const LOSSY: &str = "--lossy";
/// `--threads` is capped at this many threads per core: more only adds switching and memory.
pub const THREADS_PER_CORE: usize = 4;

/// The byte limits, shared by every command that reads files.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct InputLimit {
    /// Refuse an input held in memory (a file, or one JSONL line) of more than N bytes, as stored or once
    /// gunzipped, while reading it, so neither a huge file nor a gzip bomb fills memory. N may end in K,
    /// M or G (powers of 1024).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_BYTES, value_parser = parse_size)]
    pub max_bytes: u64,
    /// Refuse a gzip file that expands to more than N bytes in all: this bounds the time a streamed JSONL
    /// file spends on a gzip bomb (a file read whole meets --max-bytes first).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_GUNZIPPED_BYTES, value_parser = parse_size)]
    pub max_gunzipped_bytes: u64,
}

impl InputLimit {
    /// The limits of an input read whole: --max-bytes as stored, the lower of the two once gunzipped.
    pub fn whole(&self) -> ReadLimits {
        let stored = self.line();
        let gunzipped = if self.max_gunzipped_bytes < self.max_bytes { self.gunzipped() } else { stored };
        ReadLimits { stored, gunzipped, lossy_knob: LOSSY }
    }

    /// The limits of a streamed input (JSONL, whose lines meet --max-bytes one by one).
    pub fn streamed(&self) -> ReadLimits {
        ReadLimits { stored: ByteLimit::NONE, gunzipped: self.gunzipped(), lossy_knob: LOSSY }
    }

    /// `--max-bytes`: the limit of an input read whole, and of each line of a streamed one.
    pub fn line(&self) -> ByteLimit {
        ByteLimit::new(self.max_bytes, "--max-bytes")
    }

    fn gunzipped(&self) -> ByteLimit {
        ByteLimit::new(self.max_gunzipped_bytes, "--max-gunzipped-bytes")
    }
}

/// Parses a byte count: digits, optionally followed by K, M or G (KiB, MiB, GiB: powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(digits);
    let number: u64 =
        number.parse().map_err(|_| format!("{s:?} is not a byte count such as 1048576 or 64M"))?;
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use K, M or G)")),
    };
    number.checked_mul(1 << shift).ok_or_else(|| format!("{s:?} is too large"))
}

#[derive(clap::Args, Debug, Clone)]
pub struct CommonArgs {
    /// Model to use: `default` (the embedded neural model, or the baseline in a build without one),
    /// `neural`, `baseline`, or a neural model directory.
    #[arg(long, value_name = "NAME|DIR", default_value = "default")]
    pub model: String,
    /// Number format of the neural encoder's matrix products: `bf16` (bfloat16 on Intel AMX tiles or in
    /// AVX-512 BF16 registers, 1.7-2 times as fast, within 0.2 CoNLL F1 of f32; needs a CPU with either),
    /// `f32`, or `auto` (bf16 where the CPU has AMX, or AVX-512 BF16 on AMD; f32 elsewhere).
    #[arg(long, value_name = "auto|f32|bf16", default_value_t = Precision::Auto)]
    pub precision: Precision,
    /// Refuse documents longer than N words (each refused document is reported; the others go on).
    /// Raw text is refused as soon as the tokenizer passes N words.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub max_words: usize,
    /// Refuse documents with a word (token) of more than N bytes, such as binary data with no spaces.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_WORD_BYTES)]
    pub max_word_bytes: usize,
    #[command(flatten)]
    pub input: InputLimit,
    /// Worker threads (default: one per core; at most 4 per core, more is lowered with a warning):
    /// several documents run in parallel, one thread each; a single document uses them all.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Keep a third-person pronoun linked only when the model puts at least P (0 to 1) of its antecedent
    /// probability on the cluster it joins; a pronoun below stays out of clusters and is not rewritten.
    /// Default: 0.5 for `resolve` (a rewrite should be right more often than not), 0 for the other
    /// commands (every link, which scores best on CoNLL F1). P is the model's raw number; the calibrated
    /// `probability` that `resolve --json` prints with each edit is another scale (docs/resolve.md).
    #[arg(long, value_name = "P")]
    pub min_pronoun_probability: Option<PronounGuard>,
    /// Skip malformed annotations (such as unbalanced brackets) with a warning instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// Replace invalid UTF-8 in the input with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
}

impl CommonArgs {
    /// The resolver for `--model`, with `--min-pronoun-probability` or else the command's `guard`.
    pub fn resolver(&self, guard: PronounGuard) -> Result<Resolver, Outcome> {
        let guard = self.min_pronoun_probability.unwrap_or(guard);
        let limits = Limits {
            max_words: Some(self.max_words),
            max_word_bytes: Some(self.max_word_bytes),
            max_words_knob: "--max-words",
            max_word_bytes_knob: "--max-word-bytes",
        };
        let resolver = Resolver::builder()
            .model(&self.model)
            .precision(self.precision)
            .limits(limits)
            .pronoun_guard(guard)
            .build()
            .map_err(|e| Outcome::unusable(format!("--model: {e}")))?;
        if let Some(warning) = fallback_warning(&self.model, corefer::HAS_EMBEDDED_MODEL) {
            warn(warning);
        }
        Ok(resolver)
    }

    /// The pool of `--threads` workers that documents are processed on.
    pub fn pool(&self) -> Result<rayon::ThreadPool, Outcome> {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        let (threads, warning) = capped_threads(self.threads, cores);
        if let Some(warning) = warning {
            warn(warning);
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Outcome::unusable(format!("--threads: {e}")))
    }
}

/// The threads a pool gets for `--threads requested` on `cores` cores (0: rayon's default, one per core),
/// and the warning when the request was lowered to [`THREADS_PER_CORE`] per core.
fn capped_threads(requested: Option<usize>, cores: usize) -> (usize, Option<String>) {
    let max = THREADS_PER_CORE * cores.max(1);
    match requested {
        Some(n) if n > max => (
            max,
            Some(format!(
                "--threads {n} is more than {THREADS_PER_CORE} per core ({cores} cores here); using {max}"
            )),
        ),
        Some(n) => (n, None),
        None => (0, None),
    }
}

/// Writes one line to stderr. A message that stderr cannot take (closed, full) is dropped: there is
/// nowhere left to report it, and the exit status still says how the run went.
pub fn say(line: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Reports a warning on stderr.
pub fn warn(message: impl std::fmt::Display) {
    say(format_args!("warning: {message}"));
}

/// What to tell the user when `--model default` fell back to the rule-based baseline, which happens only in
/// a build without an embedded neural model (models/DEFAULT absent when it was compiled): the scores of the
/// two differ widely in quality (BENCHMARKS.md), so this must not pass unnoticed.
fn fallback_warning(requested: &str, embedded_model: bool) -> Option<&'static str> {
    (requested == "default" && !embedded_model).then_some(
        "this build has no embedded neural model (models/DEFAULT was absent when it was compiled), so \
         `--model default` is the rule-based baseline",
    )
}

/// How a run ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Documents that could not be processed (each already reported).
    pub failed_documents: usize,
    /// Inputs that could not be read at all, or why the command could not run (each already reported).
    pub unusable: usize,
}

impl Outcome {
    /// Reports why the command cannot go on.
    pub fn unusable(message: String) -> Self {
        say(format_args!("error: {message}"));
        Outcome { failed_documents: 0, unusable: 1 }
    }

    /// Reports one failed document.
    pub fn document_failed(&mut self, message: impl std::fmt::Display) {
        say(format_args!("error: {message}"));
        self.failed_documents += 1;
    }

    /// Reports one input that could not be read.
    pub fn input_failed(&mut self, message: impl std::fmt::Display) {
        say(format_args!("error: {message}"));
        self.unusable += 1;
    }

    pub fn exit_code(&self) -> ExitCode {
        match (self.unusable, self.failed_documents) {
            (0, 0) => ExitCode::SUCCESS,
            (0, _) => ExitCode::from(1),
            _ => ExitCode::from(2),
        }
    }
}

/// Ends a run whose output could not be written: a closed pipe (the reader has all it wants, as with
/// `| head`) ends it quietly with the outcome so far (exit status 0 when nothing had failed, as `head`
/// expects of a producer); any other error (a full disk, `> /dev/full`) is reported, exit status 2.
pub fn output_failed(error: &std::io::Error, outcome: Outcome) -> Result<Outcome, Outcome> {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(outcome)
    } else {
        Err(Outcome::unusable(format!("writing output: {error}")))
    }
}

/// The exit status of a finished or aborted command.
pub fn exit_code(result: Result<Outcome, Outcome>) -> ExitCode {
    match result {
        Ok(outcome) | Err(outcome) => outcome.exit_code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_are_capped_per_core_with_a_warning() {
        assert_eq!(capped_threads(None, 2), (0, None));
        assert_eq!(capped_threads(Some(8), 2), (8, None));
        let (threads, warning) = capped_threads(Some(3000), 2);
        assert_eq!(threads, 8);
        assert_eq!(warning.unwrap(), "--threads 3000 is more than 4 per core (2 cores here); using 8");
    }

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("2GiB"), Ok(2 << 30));
        assert_eq!(parse_size("3 k"), Ok(3 << 10));
        assert!(parse_size("12Q").unwrap_err().contains("unknown unit"));
        assert!(parse_size("lots").unwrap_err().contains("not a byte count"));
        assert!(parse_size("99999999999999999999G").is_err());
    }

    #[test]
    fn only_a_default_that_fell_back_to_the_baseline_is_warned_about() {
        assert!(fallback_warning("default", false).unwrap().contains("no embedded neural model"));
        assert_eq!(fallback_warning("baseline", false), None);
        assert_eq!(fallback_warning("default", true), None);
        assert_eq!(fallback_warning("models/x", false), None);
        assert_eq!(fallback_warning("models/x", true), None);
    }
}
