//! The progress display of `corefer batch` and its closing summary.
//!
//! Design decision: the bar measures input bytes, not documents, because the number of records in a
//! JSONL or CSV file is unknown until it has been read while its size is known at once; so the ETA is
//! right from the start without a counting pass. The bar is drawn only when stderr is a terminal; the
//! one-line summary is printed either way.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts what the run wrote and shows it.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    pub resolved: u64,
    pub failed: u64,
    pub skipped: u64,
    pub words: u64,
}

impl Progress {
    /// A bar over `total_bytes` of input (a spinner when unknown), shown only on a terminal.
    pub fn new(total_bytes: Option<u64>) -> Self {
        let bar = match total_bytes {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template(
                    "{elapsed_precise} [{wide_bar}] {percent:>3}%  {msg}  ETA {eta}",
                )
                .expect("a valid template")
                .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise}  {msg}").expect("a valid template"),
            ),
        };
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
            bar.enable_steady_tick(Duration::from_millis(250));
        } else {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        Progress { bar, start: Instant::now(), resolved: 0, failed: 0, skipped: 0, words: 0 }
    }

    /// Records that one more record was handled, the input having been read up to `read_to`.
    pub fn advance(&mut self, read_to: u64) {
        self.bar.set_position(read_to);
        let seconds = self.start.elapsed().as_secs_f64().max(1e-9);
        let failed = if self.failed > 0 { format!(" ({} failed)", self.failed) } else { String::new() };
        let skipped =
            if self.skipped > 0 { format!(", {} already done", self.skipped) } else { String::new() };
        self.bar.set_message(format!(
            "{} documents{failed}{skipped}, {:.0} words/s",
            self.resolved + self.failed,
            self.words as f64 / seconds
        ));
    }

    /// Prints a line on stderr without breaking the bar.
    pub fn println(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Removes the bar and prints the summary.
    pub fn finish(&self, output: &str) {
        self.bar.finish_and_clear();
        let seconds = self.start.elapsed().as_secs_f64();
        let documents = self.resolved + self.failed;
        let rate = |n: u64| n as f64 / seconds.max(1e-9);
        eprintln!(
            "corefer batch: {documents} documents in {seconds:.1} s ({:.2} documents/s, {:.0} words/s): {} resolved, \
             {} failed, {} already in the output; records in {output}",
            rate(documents),
            rate(self.words),
            self.resolved,
            self.failed,
            self.skipped
        );
    }
}
